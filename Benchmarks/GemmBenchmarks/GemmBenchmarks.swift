import Benchmark
import Foundation
import Tensor

/// The hyper-cleaning gemm shapes (`GemmShape.hyperCleaningShapes`, the same list
/// `bilevel bench gemm` times) on every compiled backend, side by side:
/// "sgemm <m>x<k>x<n> <transA><transB> <backend>".
///
/// Run single-threaded BLAS, with OpenBLAS told the real CPU (0.3.21 misdetects this Xeon and
/// falls back to slow Prescott kernels otherwise):
///
///     OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 \
///         swift package --allow-writing-to-package-directory benchmark --target GemmBenchmarks
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, gflops],
        warmupIterations: 2,
        maxDuration: .seconds(1),
        maxIterations: 200
    )
    OpenBLASCoreSelection.warnIfCoreTypeUnset()

    for shape in GemmShape.hyperCleaningShapes {
        for backend in Backend.available {
            Benchmark("sgemm \(shape.dimensions) \(shape.transposes) \(backend)") { benchmark in
                // Inputs (and the first, buffer-growing product) are outside the measurement.
                var operands = GemmOperands(shape)
                operands.run(backend: backend)
                let clock = ContinuousClock()
                benchmark.startMeasurement()
                let start = clock.now
                for _ in benchmark.scaledIterations {
                    operands.run(backend: backend)
                }
                let elapsed = start.duration(to: clock.now)
                benchmark.stopMeasurement()
                blackHole(operands.c)
                let seconds =
                    Double(elapsed.components.seconds)
                    + Double(elapsed.components.attoseconds) * 1e-18
                let products = Double(benchmark.scaledIterations.count)
                benchmark.measurement(
                    gflops, Int((products * shape.flops / seconds / 1e9).rounded()))
            }
        }
    }
}

/// Billions of floating-point operations per second (2·m·n·k per product), rounded.
let gflops = BenchmarkMetric.custom("GFLOP/s", polarity: .prefersLarger, useScalingFactor: false)
