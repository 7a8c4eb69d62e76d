import Benchmark
import Bilevel
import Foundation
import Tensor

/// One full steady-state V-PBGD and G-PBGD iteration per net and backend
/// (`IterationWorkload.all`, the workloads `bilevel bench iterations` times), single-threaded,
/// with the sample-matrix products dense (gemm) and sparse: "iteration <net> <method> <backend>
/// <products>". `.mallocCountTotal` shows the steady state's allocations,
/// which must be 0 (methods allocate in `init`, nothing in `step()`). The `penalty_sapd` step
/// cases are in SAPDStepBenchmarks.swift.
///
/// Run with OpenBLAS told the real CPU (0.3.21 misdetects this Xeon otherwise):
///
///     OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 \
///         swift package --allow-writing-to-package-directory benchmark --target IterationBenchmarks
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, gflops],
        warmupIterations: 1,
        maxDuration: .seconds(2),
        maxIterations: 30
    )
    OpenBLASCoreSelection.warnIfCoreTypeUnset()

    // Built once (~80 MB of seeded MNIST-shaped data), shared read-only by every case.
    let data = IterationWorkload.syntheticData()
    for workload in IterationWorkload.all {
        for backend in Backend.available {
          for products in [SampleProducts.dense, .sparse] {
            Benchmark("iteration \(workload.network) \(workload.method.rawValue) \(backend) \(products)") {
                benchmark in
                // The method and its warm-up (the first V-PBGD step does an extra inner pass,
                // first products grow their workspaces) are outside the measurement.
                let method = workload.makeMethod(data: data)
                withSampleProducts(products) { withBackend(backend, threads: 1) {
                    for _ in 0..<2 { _ = method.step() }
                    let clock = ContinuousClock()
                    benchmark.startMeasurement()
                    let start = clock.now
                    for _ in benchmark.scaledIterations {
                        blackHole(method.step())
                    }
                    let elapsed = start.duration(to: clock.now)
                    benchmark.stopMeasurement()
                    let seconds =
                        Double(elapsed.components.seconds)
                        + Double(elapsed.components.attoseconds) * 1e-18
                    let steps = Double(benchmark.scaledIterations.count)
                    benchmark.measurement(
                        gflops, Int((steps * workload.flops / seconds / 1e9).rounded()))
                } }
            }
          }
        }
    }
    registerSAPDStepBenchmarks(data: data)
}

/// Billions of floating-point operations per second (the iteration's products, 2·m·n·k each).
let gflops = BenchmarkMetric.custom("GFLOP/s", polarity: .prefersLarger, useScalingFactor: false)
