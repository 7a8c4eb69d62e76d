import Benchmark
import Bilevel
import Tensor

/// One `penalty_sapd` outer step at N = 1 (one SAPD step, 6 oracle calls) per minimax problem:
/// the closed-form ones, and constrained cleaning and group-robust cleaning on the MNIST-shaped
/// synthetic data of the iteration benchmarks, full batch and minibatch 64 (the stochastic
/// variant): "sapd step <problem> <batch>". `.mallocCountTotal` must be 0 (issue 12).
func registerSAPDStepBenchmarks(data: HyperCleaningData) {
    var parameters = PenaltySAPDParameters()
    (parameters.rho, parameters.lipschitz, parameters.theta, parameters.dualModulus) = (1, 10, 0.5, 10)
    let cases: [(problem: String, batchSize: Int)] = [
        ("closed-form-constrained", 0), ("closed-form-minimax", 0),
        ("constrained-cleaning", 0), ("constrained-cleaning", 64), ("group-robust", 0), ("group-robust", 64),
    ]
    for (name, batchSize) in cases {
        Benchmark("sapd step \(name) \(batchSize == 0 ? "full" : "batch\(batchSize)")") { benchmark in
            var settings = MinimaxProblemSettings()
            settings.batchSize = batchSize
            var caseParameters = parameters
            caseParameters.batchSize = batchSize
            do {
                let problem = try MinimaxProblemRegistry.make(name, settings: settings) { data }
                let method = try PenaltySAPD(problem: problem, parameters: caseParameters, seed: 1)
                withBackend(.buildDefault, threads: 1) {
                    for _ in 0..<2 { method.step() }
                    benchmark.startMeasurement()
                    for _ in benchmark.scaledIterations { method.step() }
                    benchmark.stopMeasurement()
                }
                blackHole(method.point.pointer[0])
            } catch {
                benchmark.error("\(name): \(error)")
            }
        }
    }
}
