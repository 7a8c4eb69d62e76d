import Tensor

/// SABA, the Stochastic Average Bilevel Algorithm (Dagréou, Ablin, Vaiter, Moreau, NeurIPS 2022;
/// benchopt `solvers/saba.py`, METHODS.md §2.2).
///
/// SOBA's five directions (``SOBA``) each replaced by a SAGA estimate (``SAGAEstimator``): a, p, c
/// indexed by the inner batch, d, e by the outer batch, each batch weighted |B|/n; then with
/// constant steps
///
///     y ← y − ρ·dir_a,   v ← v − ρ·(dir_p + dir_d),   x ← x − γ·(dir_c + dir_e),   ρ = s, γ = s/r.
///
/// Memories start at 0 ("zero" initialisation, the only one benchopt HEAD runs). Parameters
/// (benchopt defaults): `step_size` 0.1, `outer_ratio` 1, `batch_size` 64. The tables are
/// rewritten in place per step (one batch's worth), not copied.
public final class SABA: StochasticSolver {
    public static let name = "saba"
    public static let summary = "SABA: SOBA with SAGA variance reduction on all five directions, constant steps."

    /// SABA's parameters (benchopt defaults).
    public struct Parameters: StochasticSolverParameters {
        /// s: the inner step (y and v).
        public var stepSize: Float = 0.1
        /// r: the outer step is s/r.
        public var outerRatio: Float = 1
        /// b: minibatch size.
        public var batchSize = 64

        public init() {}

        public func validate() throws(StochasticSolverError) {
            try requirePositive(stepSize, "step_size")
            try requirePositive(outerRatio, "outer_ratio")
        }
    }

    private let state: SOBADirections
    private let rho: Float
    private let gamma: Float
    let tableA: SAGAEstimator
    let tableP: SAGAEstimator
    let tableC: SAGAEstimator
    let tableD: SAGAEstimator
    let tableE: SAGAEstimator?
    public var x: FloatBuffer { state.x }
    public var y: FloatBuffer { state.y }

    public init(problem: any StochasticBilevelProblem, parameters: Parameters, seed: Int) {
        state = SOBADirections(problem: problem, seed: seed)
        rho = parameters.stepSize
        gamma = parameters.stepSize / parameters.outerRatio
        let dy = problem.innerDimension
        let inner = Array(0..<problem.innerBatches.count)
        let outer = Array(0..<problem.outerBatches.count)
        tableA = SAGAEstimator(dimension: dy, supports: inner.map { _ in 0..<dy })
        tableP = SAGAEstimator(dimension: dy, supports: inner.map { _ in 0..<dy })
        tableC = SAGAEstimator(dimension: problem.outerDimension,
                               supports: inner.map { problem.lowerXSupport(batch: $0) })
        tableD = SAGAEstimator(dimension: dy, supports: outer.map { _ in 0..<dy })
        // f often has no x-term (data cleaning): then dir_e stays 0 and needs no table.
        tableE = problem.largestUpperXSupport == 0 ? nil
            : SAGAEstimator(dimension: problem.outerDimension, supports: outer.map { problem.upperXSupport(batch: $0) })
    }

    public func step() {
        state.sample()
        let problem = state.problem
        let i = state.innerBatch
        let j = state.outerBatch
        let innerWeight = problem.innerBatches.weight(i)
        let outerWeight = problem.outerBatches.weight(j)
        tableA.update(slot: i, values: state.a.constPointer, weight: innerWeight)
        tableP.update(slot: i, values: state.p.constPointer, weight: innerWeight)
        tableC.update(slot: i, values: state.c.constPointer, weight: innerWeight)
        tableD.update(slot: j, values: state.d.constPointer, weight: outerWeight)
        tableE?.update(slot: j, values: state.e.constPointer, weight: outerWeight)
        let dy = problem.innerDimension
        VectorUpdate.subtract(rho, times: tableA.direction.constPointer, from: state.y.pointer, count: dy)
        VectorUpdate.subtract(rho, timesSumOf: tableP.direction.constPointer, tableD.direction.constPointer,
                              from: state.v.pointer, count: dy)
        VectorUpdate.subtract(gamma, times: tableC.direction.constPointer, from: state.x.pointer,
                              count: problem.outerDimension)
        if let tableE {
            VectorUpdate.subtract(gamma, times: tableE.direction.constPointer, from: state.x.pointer,
                                  count: problem.outerDimension)
        }
    }
}
