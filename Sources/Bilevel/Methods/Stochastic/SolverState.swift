import Tensor

/// What every stochastic solver's state starts from (METHODS.md §1.3–1.4): the problem, x and y at
/// the problem's (x₀, y₀), and the inner and outer minibatch samplers seeded from the run's seed.
/// The method-specific states (``SOBADirections``, ``TwoLoopState``, ``F2SACore``) extend it.
class SolverState {
    let problem: any StochasticBilevelProblem
    let x: FloatBuffer
    let y: FloatBuffer
    private var samplers: (inner: MinibatchSampler, outer: MinibatchSampler)

    init(problem: any StochasticBilevelProblem, seed: Int) {
        self.problem = problem
        x = FloatBuffer(problem.initialX)
        y = FloatBuffer(problem.initialY)
        samplers = MinibatchSampler.pair(for: problem, seed: seed)
    }

    /// The next inner (g) batch.
    func nextInnerBatch() -> Int { samplers.inner.next() }
    /// The next outer (f) batch.
    func nextOuterBatch() -> Int { samplers.outer.next() }
}
