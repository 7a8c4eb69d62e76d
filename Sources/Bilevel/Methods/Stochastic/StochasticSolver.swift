import Tensor

/// A stochastic bilevel solver of METHODS.md §2 on a ``StochasticBilevelProblem``.
///
/// Each conforming type is one method in one file: a CLI/JSON ``name`` (benchopt's solver name,
/// snake_case), a one-line ``summary``, and a ``Parameters`` struct whose defaults are benchopt's
/// `parameters` (METHODS.md §2). ``step()`` runs one outer iteration and allocates nothing;
/// ``y`` is the inner variable the metrics are evaluated at.
public protocol StochasticSolver: AnyObject, SendableMetatype {
    /// The solver's parameters; `init()` gives the defaults.
    associatedtype Parameters: StochasticSolverParameters

    /// CLI and JSON name (`soba`, `saba`, …).
    static var name: String { get }
    /// One line for `--help`.
    static var summary: String { get }

    /// A solver at the problem's (x₀, y₀), auxiliary vectors at 0, with minibatch samplers seeded
    /// from `seed` (METHODS.md §1.3–1.4).
    init(problem: any StochasticBilevelProblem, parameters: Parameters, seed: Int)

    /// One outer iteration (allocates nothing).
    func step()
    /// The current outer variable x (d_x values).
    var x: FloatBuffer { get }
    /// The inner variable to evaluate (d_y values).
    var y: FloatBuffer { get }
}

/// Parameters shared by every stochastic solver; the rest are method-specific.
public protocol StochasticSolverParameters: Codable, Sendable {
    /// The defaults (benchopt's).
    init()
    /// Minibatch size b of both samplers; ``StochasticSolverParameters/fullBatch`` for full batches.
    var batchSize: Int { get }
    /// Checks ranges (positive steps, …); batch size against the data is checked by the registry.
    func validate() throws(StochasticSolverError)
    /// Checks sizes against the data (other batch sizes than ``batchSize``); default: nothing.
    func validate(innerSamples: Int, outerSamples: Int) throws(StochasticSolverError)
}

/// Why a solver could not be configured; each description is one line.
public enum StochasticSolverError: Error, CustomStringConvertible, Equatable {
    /// No solver has this name.
    case unknownSolver(String, known: [String])
    /// A parameter the solver does not have.
    case unknownParameter(solver: String, name: String, known: [String])
    /// A parameter value of the wrong type (text for a number, fraction for an integer).
    case invalidValue(solver: String, name: String, value: String)
    /// A value outside its valid range.
    case outOfRange(name: String, value: String, valid: String)

    public var description: String {
        switch self {
        case .unknownSolver(let name, let known):
            return "unknown solver '\(name)'; known solvers: \(known.joined(separator: ", "))"
        case .unknownParameter(let solver, let name, let known):
            return "solver \(solver) has no parameter '\(name)'; its parameters: \(known.joined(separator: ", "))"
        case .invalidValue(let solver, let name, let value):
            return "solver \(solver): invalid value '\(value)' for parameter '\(name)'"
        case .outOfRange(let name, let value, let valid):
            return "\(name) = \(value) is out of range: must be \(valid)"
        }
    }
}

extension StochasticSolverParameters {
    /// The ``batchSize`` of a full-batch (deterministic) method: every sample of each set.
    public static var fullBatch: Int { Int.max }

    public func validate(innerSamples: Int, outerSamples: Int) throws(StochasticSolverError) {}

    /// Throws unless `value` is finite and positive.
    func requirePositive(_ value: Float, _ name: String) throws(StochasticSolverError) {
        guard value.isFinite && value > 0 else { throw .outOfRange(name: name, value: "\(value)", valid: "> 0") }
    }

    /// Throws unless `value` is finite and at least 0.
    func requireNonNegative(_ value: Float, _ name: String) throws(StochasticSolverError) {
        guard value.isFinite && value >= 0 else { throw .outOfRange(name: name, value: "\(value)", valid: ">= 0") }
    }

    /// Throws unless the count `value` is at least 0.
    func requireNonNegative(_ value: Int, _ name: String) throws(StochasticSolverError) {
        guard value >= 0 else { throw .outOfRange(name: name, value: "\(value)", valid: ">= 0") }
    }

    /// Throws unless `value` is at least 1.
    func requireCount(_ value: Int, _ name: String) throws(StochasticSolverError) {
        guard value >= 1 else { throw .outOfRange(name: name, value: "\(value)", valid: ">= 1") }
    }
}
