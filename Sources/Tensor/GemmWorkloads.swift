/// One matrix product of a benchmark workload: op(A)·op(B) with op(A) m×k and op(B) k×n.
///
/// The stored operands are A (m×k, or k×m when `transA` is ``Transpose/transposed``) and
/// B (k×n, or n×k), row-major and dense. Shared by `bilevel bench gemm` and the
/// `GemmBenchmarks` suite so both time exactly the same products.
public struct GemmShape: Sendable, Hashable, CustomStringConvertible {
    /// Rows of op(A) and of C.
    public var m: Int
    /// Columns of op(B) and of C.
    public var n: Int
    /// The shared (reduction) dimension.
    public var k: Int
    /// Whether A is used transposed.
    public var transA: Transpose
    /// Whether B is used transposed.
    public var transB: Transpose
    /// What the product is in the application (for example `"X·W logits"`).
    public var label: String

    /// A shape; `label` is free text for tables.
    public init(
        m: Int, n: Int, k: Int, transA: Transpose = .none, transB: Transpose = .none,
        label: String = ""
    ) {
        precondition(
            m > 0 && n > 0 && k > 0, "GemmShape: sizes must be positive, got \(m)x\(k)x\(n)")
        self.m = m
        self.n = n
        self.k = k
        self.transA = transA
        self.transB = transB
        self.label = label
    }

    /// Floating-point operations of one product: 2·m·n·k.
    public var flops: Double { 2 * Double(m) * Double(n) * Double(k) }

    /// `"<m>x<k>x<n>"`, the product's sizes in the order they multiply.
    public var dimensions: String { "\(m)x\(k)x\(n)" }

    /// `"NN"`, `"TN"`, …: the transposes as BLAS writes them.
    public var transposes: String { transA.letter + transB.letter }

    /// `"<m>x<k>x<n> <transA><transB>"`, e.g. `"784x5000x10 TN"`.
    public var description: String { "\(dimensions) \(transposes)" }

    /// The products of one hyper-cleaning iteration on MNIST (5000 training samples, 784
    /// features, 10 classes; the MLP has 300 hidden units): forward logits X·W, the stacked
    /// V-PBGD forward X·[W|Ω] (width 20, and 600 for the MLP's hidden layer), the MLP's output
    /// layer, and the backward products Xᵀ·G with X stored 5000×784.
    public static let hyperCleaningShapes: [GemmShape] = [
        GemmShape(m: 5000, n: 10, k: 784, label: "X·W logits"),
        GemmShape(m: 5000, n: 20, k: 784, label: "X·[W|Ω] stacked logits"),
        GemmShape(m: 5000, n: 300, k: 784, label: "X·W1 hidden layer"),
        GemmShape(m: 5000, n: 600, k: 784, label: "X·[W1|Ω1] stacked hidden layer"),
        GemmShape(m: 5000, n: 10, k: 300, label: "H·W2 MLP logits"),
        GemmShape(m: 784, n: 10, k: 5000, transA: .transposed, label: "Xᵀ·G gradient of W"),
        GemmShape(m: 784, n: 300, k: 5000, transA: .transposed, label: "Xᵀ·G gradient of W1"),
    ]
}

/// Operands for repeatedly computing one ``GemmShape``: C ← op(A)·op(B), with fixed,
/// reproducible pseudo-random A and B in [-1, 1].
///
/// Allocates its three buffers once in `init`; ``run(backend:)`` then allocates nothing.
public struct GemmOperands: Sendable {
    /// The product these operands are for.
    public let shape: GemmShape
    /// A as stored: m×k row-major, or k×m when `shape.transA` is transposed.
    public private(set) var a: [Float]
    /// B as stored: k×n row-major, or n×k when `shape.transB` is transposed.
    public private(set) var b: [Float]
    /// The result of the last ``run(backend:)``, m×n row-major.
    public private(set) var c: [Float]

    /// Builds A and B from a fixed seed (the same values on every run and machine).
    public init(_ shape: GemmShape) {
        self.shape = shape
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Float {
            // A 64-bit LCG (Knuth's MMIX constants); the top 24 bits give a uniform float.
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 23) - 1
        }
        a = (0..<(shape.m * shape.k)).map { _ in next() }
        b = (0..<(shape.k * shape.n)).map { _ in next() }
        c = [Float](repeating: 0, count: shape.m * shape.n)
    }

    /// Computes C ← op(A)·op(B) with `backend` (β = 0). Allocates nothing.
    public mutating func run(backend: Backend) {
        let shape = shape
        let lda = shape.transA == .none ? shape.k : shape.m
        let ldb = shape.transB == .none ? shape.n : shape.k
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    guard let a = pa.baseAddress, let b = pb.baseAddress, let c = pc.baseAddress
                    else { return }
                    gemm(
                        shape.transA, shape.transB, m: shape.m, n: shape.n, k: shape.k,
                        a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: shape.n, backend: backend)
                }
            }
        }
    }
}

/// The timing of one ``GemmShape`` on one backend.
public struct GemmMeasurement: Sendable {
    /// The product timed.
    public var shape: GemmShape
    /// The backend that computed it.
    public var backend: Backend
    /// Threads the backend was allowed to use.
    public var threads: Int
    /// Timed repetitions (after warm-up).
    public var repetitions: Int
    /// Median wall-clock time of one product, in seconds.
    public var medianSeconds: Double
    /// `shape.flops / medianSeconds / 1e9`.
    public var gflops: Double { shape.flops / medianSeconds / 1e9 }
}

/// Times `shape` on `backend`: the median of `repetitions` products after warm-up.
///
/// Builds the operands once (``GemmOperands``), runs the product `warmUp` times (twice by
/// default) to warm caches and the packing
/// buffers, then times each of `repetitions` products with `ContinuousClock`
/// (monotonic). During the measurement the backend may use `threads` threads (OpenBLAS's
/// pool, or the pure-Swift kernel's workers); the previous thread counts are restored after.
///
/// - Parameters:
///   - shape: the product.
///   - backend: which implementation computes it; must be in ``Backend/available``.
///   - repetitions: timed products (at least 1); the median is robust to a few slow ones.
///   - threads: threads for the product (at least 1).
///   - warmUp: untimed products before the timed ones (2 by default).
/// - Returns: the median time and the GFLOP/s it implies.
public func measureGemm(
    _ shape: GemmShape, backend: Backend, repetitions: Int = 15, threads: Int = 1, warmUp: Int = 2
) -> GemmMeasurement {
    precondition(repetitions >= 1, "measureGemm: repetitions must be >= 1, got \(repetitions)")
    precondition(threads >= 1, "measureGemm: threads must be >= 1, got \(threads)")
    precondition(Backend.available.contains(backend), "measureGemm: \(backend) is not compiled in")
    var operands = GemmOperands(shape)
    let median = withThreads(threads) {
        for _ in 0..<warmUp { operands.run(backend: backend) }
        return medianSeconds(of: repetitions) { operands.run(backend: backend) }
    }
    return GemmMeasurement(
        shape: shape, backend: backend, threads: threads, repetitions: repetitions,
        medianSeconds: median)
}

/// The median wall-clock seconds of `count` runs of `body`, each timed alone with
/// `ContinuousClock` (monotonic); robust to a few runs slowed by other processes.
package func medianSeconds(of count: Int, _ body: () -> Void) -> Double {
    precondition(count >= 1, "medianSeconds: count must be >= 1, got \(count)")
    let clock = ContinuousClock()
    var seconds: [Double] = []
    seconds.reserveCapacity(count)
    for _ in 0..<count {
        let (whole, attoseconds) = clock.measure(body).components
        seconds.append(Double(whole) + Double(attoseconds) * 1e-18)
    }
    return median(seconds)
}

/// The median of `values` (the mean of the middle two for an even count); `values` not empty.
private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let count = sorted.count
    return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
}

/// The medians of `count` timed runs each of `first` and `second`, run alternately (first,
/// second, first, …), so that a machine whose speed drifts slows both alike.
package func alternatingMedianSeconds(
    of count: Int, _ first: () -> Void, _ second: () -> Void
) -> (first: Double, second: Double) {
    var firstRuns: [Double] = [], secondRuns: [Double] = []
    firstRuns.reserveCapacity(count)
    secondRuns.reserveCapacity(count)
    for _ in 0..<count {
        firstRuns.append(medianSeconds(of: 1, first))
        secondRuns.append(medianSeconds(of: 1, second))
    }
    return (median(firstRuns), median(secondRuns))
}

/// Runs `body` with `threads` threads for both backends' products (OpenBLAS's pool and the
/// pure-Swift kernel's workers), restoring the previous counts after.
package func withThreads<R>(_ threads: Int, _ body: () -> R) -> R {
    let previous = BLASThreads.settings
    BLASThreads.set(threads)
    defer { BLASThreads.settings = previous }
    return body()
}
