import Foundation

/// The stochastic solvers by CLI name. Adding a solver means one new file and one entry here.
public enum StochasticSolverRegistry {
    /// The solvers in CLI order.
    public static let solvers: [any StochasticSolver.Type] = [
        SOBA.self, SABA.self, StocBiO.self, AmIGO.self, F2SA.self, F2SAAdam.self, NBOGD.self, NBOCG.self, NSBOSGD.self,
    ]

    /// Known solver names.
    public static var names: [String] { solvers.map { $0.name } }

    /// The solver type called `name`.
    ///
    /// - Throws: ``StochasticSolverError/unknownSolver(_:known:)``.
    public static func solver(named name: String) throws(StochasticSolverError) -> any StochasticSolver.Type {
        guard let type = solvers.first(where: { $0.name == name }) else {
            throw .unknownSolver(name, known: names)
        }
        return type
    }
}

/// A solver built from its name and parameter overrides, with its benchopt-style display name.
public struct ConfiguredSolver {
    /// The running solver.
    public let solver: any StochasticSolver
    /// `NAME[key=value,…]` with every parameter, sorted by key (benchopt's `solver_name`).
    public let displayName: String
    /// The parameters as snake_case key → printed value.
    public let parameters: [String: String]
}

extension StochasticSolver {
    /// The parameters with `overrides` (snake_case key → text) applied over the defaults.
    ///
    /// - Throws: ``StochasticSolverError`` for an unknown key, a value of the wrong type or an
    ///   out-of-range value.
    public static func parameters(overriding overrides: [String: String]) throws(StochasticSolverError) -> Parameters {
        var object = encodedDefaults()
        for key in overrides.keys.sorted() {
            guard let previous = object[key], let text = overrides[key] else {
                throw .unknownParameter(solver: name, name: key, known: object.keys.sorted())
            }
            // Numbers go in as JSON numbers, anything else as a string; the decoder then rejects a
            // value of the wrong type for this key alone, so the error names the key.
            if key == "batch_size" && text == "full" {
                object[key] = Parameters.fullBatch  // every sample of each set
            } else if text == "true" || text == "false" {
                object[key] = text == "true"
            } else if let number = Double(text) {
                guard number.isFinite else { throw .invalidValue(solver: name, name: key, value: text) }
                object[key] = number
            } else {
                object[key] = text
            }
            guard decode(object) != nil else {
                object[key] = previous
                throw .invalidValue(solver: name, name: key, value: text)
            }
        }
        guard let parameters = decode(object) else { preconditionFailure("\(name): defaults do not decode") }
        try parameters.validate()
        guard parameters.batchSize >= 1 else {
            throw .outOfRange(name: "batch_size", value: "\(parameters.batchSize)", valid: ">= 1")
        }
        return parameters
    }

    private static func decode(_ object: [String: Any]) -> Parameters? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        return try? decoder.decode(Parameters.self, from: data)
    }

    /// The snake_case key → value object of `parameters` (defaults when nil).
    static func encodedDefaults(_ parameters: Parameters = Parameters()) -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(parameters),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { preconditionFailure("\(name) parameters do not encode to a JSON object") }
        return object
    }

    /// Builds the solver with `overrides` on the problem `makeProblem(batchSize)` returns.
    ///
    /// - Throws: ``StochasticSolverError`` for bad parameters, including a batch size larger than
    ///   either sample set; whatever `makeProblem` throws.
    public static func configure(
        overrides: [String: String], seed: Int,
        makeProblem: (_ batchSize: Int) throws -> any StochasticBilevelProblem
    ) throws -> ConfiguredSolver {
        let parameters = try parameters(overriding: overrides)
        let problem = try makeProblem(parameters.batchSize)
        let largest = min(problem.innerBatches.sampleCount, problem.outerBatches.sampleCount)
        guard parameters.batchSize <= largest || parameters.batchSize == Parameters.fullBatch else {
            throw StochasticSolverError.outOfRange(
                name: "batch_size", value: "\(parameters.batchSize)", valid: "at most \(largest) (the smaller sample set)")
        }
        try parameters.validate(innerSamples: problem.innerBatches.sampleCount, outerSamples: problem.outerBatches.sampleCount)
        var printed = encodedDefaults(parameters).mapValues { "\($0)" }
        if parameters.batchSize == Parameters.fullBatch && printed["batch_size"] != nil { printed["batch_size"] = "full" }
        let pairs = (printed.merging(["random_state": "\(seed)"]) { $1 }).sorted { $0.key < $1.key }
        return ConfiguredSolver(
            solver: Self(problem: problem, parameters: parameters, seed: seed),
            displayName: "\(name)[" + pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "]",
            parameters: printed)
    }
}
