import Benchmark
import Tensor

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal])
    Benchmark("sgemm 64x64x64 \(Backend.active)") { benchmark in
        let a = [Float](repeating: 1, count: 64 * 64)
        var c = [Float](repeating: 0, count: 64 * 64)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            a.withUnsafeBufferPointer { pa in
                c.withUnsafeMutableBufferPointer { pc in
                    gemm(.none, .none, m: 64, n: 64, k: 64, a: pa.baseAddress!, lda: 64,
                         b: pa.baseAddress!, ldb: 64, c: pc.baseAddress!, ldc: 64)
                }
            }
        }
        blackHole(c)
    }
}
