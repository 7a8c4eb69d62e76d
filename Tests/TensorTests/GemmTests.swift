import BilevelTestSupport
import Testing

@testable import Tensor

@Suite struct GemmTests {
    /// One gemm call: sizes, transposes, α, β and how much wider than the logical matrices the
    /// stored arrays are (leading dimension = logical width + padding).
    struct Case: CustomTestStringConvertible, Sendable {
        var m: Int
        var n: Int
        var k: Int
        var transA: Transpose
        var transB: Transpose
        var alpha: Float = 1
        var beta: Float = 0
        var padding: (a: Int, b: Int, c: Int) = (0, 0, 0)

        var testDescription: String {
            var text = "\(m)x\(k)x\(n) \(transA.letter)\(transB.letter) α=\(alpha) β=\(beta)"
            if padding != (0, 0, 0) { text += " padding=\(padding)" }
            return text
        }
    }

    /// What computes a product: a backend, and for the pure-Swift one which register tile (both
    /// tiles run on any CPU, so both are checked whichever this machine would choose).
    struct Engine: CustomTestStringConvertible, Sendable {
        var backend: Backend
        var kernel: PureSwiftGemm.Kernel?

        var testDescription: String { kernel.map { "swift \($0)" } ?? "\(backend)" }

        static let all: [Engine] = Backend.available.flatMap { backend in
            backend == .swift
                ? PureSwiftGemm.Kernel.allCases.map { Engine(backend: .swift, kernel: $0) }
                : [Engine(backend: backend)]
        }
    }

    static let transposePairs: [(Transpose, Transpose)] = [
        (.none, .none), (.transposed, .none), (.none, .transposed), (.transposed, .transposed),
    ]

    /// Shapes as (m, k, n): trivial, odd, straddling the register tiles (8×32 and 6×16, narrow
    /// 24×16 for n ≤ 16), the depth, row and column blocks (kc ≤ 400, mc = 192, nc = 1024), and
    /// exact tiles. The 6×16 edges: one row or column past a tile (13×33), fewer rows than a
    /// tile (5), a last row block of 5 rows and 15 columns past the depth block (197×401×47).
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (7, 13, 5), (37, 300, 65), (130, 257, 70), (45, 600, 10), (29, 33, 17),
        (8, 5, 32), (200, 410, 40), (3, 2, 100), (5, 7, 1100), (6, 5, 16), (13, 40, 33),
        (5, 17, 17), (197, 401, 47),
    ]

    static let cases: [Case] = {
        var cases: [Case] = []
        for (transA, transB) in transposePairs {
            for (m, k, n) in shapes {
                cases.append(Case(m: m, n: n, k: k, transA: transA, transB: transB))
            }
            // α ≠ 1, β ≠ 0, and every operand a submatrix of a wider array.
            for (m, k, n) in [(7, 13, 5), (37, 300, 65), (45, 600, 10), (200, 410, 40)] {
                cases.append(
                    Case(
                        m: m, n: n, k: k, transA: transA, transB: transB, alpha: -1.5, beta: 0.5,
                        padding: (3, 5, 7)))
            }
            cases.append(
                Case(
                    m: 130, n: 70, k: 257, transA: transA, transB: transB, alpha: 0.25,
                    padding: (1, 0, 2)))
        }
        // k = 0: C ← β·C (and β = 0 clears NaNs); α = 0: A and B are not used.
        cases.append(Case(m: 5, n: 6, k: 0, transA: .none, transB: .none, beta: 0))
        cases.append(Case(m: 5, n: 40, k: 0, transA: .transposed, transB: .none, beta: 0.5))
        cases.append(
            Case(
                m: 9, n: 33, k: 7, transA: .none, transB: .transposed, alpha: 0, beta: 0.5,
                padding: (0, 0, 4)))
        return cases
    }()

    @Test(arguments: Engine.all, cases)
    func matchesFloat64Reference(engine: Engine, testCase: Case) throws {
        try check(testCase, engine: engine)
    }

    /// The real hyper-cleaning shapes: logits X (5000×784) · W (784×10), and the backward
    /// Xᵀ·G with X stored 5000×784 (the narrow path, with each kernel's 16-wide tile).
    @Test(arguments: Engine.all, [Transpose.none, .transposed])
    func realLogitsShape(engine: Engine, transA: Transpose) throws {
        let (m, k) = transA == .none ? (5000, 784) : (784, 5000)
        try check(Case(m: m, n: 10, k: k, transA: transA, transB: .none), engine: engine)
    }

    /// Splitting a product over two workers gives the same result (rows and columns split, in
    /// multiples of either register tile).
    @Test(
        arguments: PureSwiftGemm.Kernel.allCases, [(400, 300, 100), (40, 300, 900), (1000, 784, 10)]
    )
    func twoThreadsMatchReference(kernel: PureSwiftGemm.Kernel, shape: (Int, Int, Int)) throws {
        let previous = PureSwiftGemm.threadCount
        PureSwiftGemm.threadCount = 2
        defer { PureSwiftGemm.threadCount = previous }
        let (m, k, n) = shape
        try check(
            Case(m: m, n: n, k: k, transA: .none, transB: .none, beta: 0.5),
            engine: Engine(backend: .swift, kernel: kernel))
    }

    /// AVX2 and CPUs without flags (macOS, the portable build) get the 6×16 tile; only AVX-512
    /// may get 8×32.
    @Test func kernelChoiceFitsTheRegisters() {
        #expect(PureSwiftGemm.Kernel.fitting(cpuFlags: ["avx", "avx2", "fma"]) == .tile6x16)
        #expect(PureSwiftGemm.Kernel.fitting(cpuFlags: []) == .tile6x16)
    }

    /// Runs `testCase` on `engine` and compares C to ``naiveGemm`` (Float64 accumulation); the
    /// padding of C must come out untouched.
    func check(_ testCase: Case, engine: Engine) throws {
        let t = testCase
        var random = SplitMix64(seed: UInt64(t.m * 1_000_003 + t.n * 1009 + t.k))
        let (aRows, aColumns) = t.transA == .none ? (t.m, t.k) : (t.k, t.m)
        let (bRows, bColumns) = t.transB == .none ? (t.k, t.n) : (t.n, t.k)
        let lda = max(1, aColumns + t.padding.a)
        let ldb = max(1, bColumns + t.padding.b)
        let ldc = t.n + t.padding.c
        // Padding of A and B is NaN, so a kernel that reads outside the matrices fails.
        let a = Self.matrix(rows: aRows, columns: aColumns, stride: lda, padding: .nan) {
            random.nextFloat()
        }
        let b = Self.matrix(rows: bRows, columns: bColumns, stride: ldb, padding: .nan) {
            random.nextFloat()
        }
        // With β = 0, C starts as NaN: it must be overwritten, never read.
        let sentinel: Float = 777
        let c = Self.matrix(rows: t.m, columns: t.n, stride: ldc, padding: sentinel) {
            t.beta == 0 ? .nan : random.nextFloat()
        }

        var result = c
        try a.withUnsafeBufferPointer { pa in
            try b.withUnsafeBufferPointer { pb in
                try result.withUnsafeMutableBufferPointer { pc in
                    let (a, b, c) = (
                        try #require(pa.baseAddress), try #require(pb.baseAddress),
                        try #require(pc.baseAddress)
                    )
                    if let kernel = engine.kernel {
                        PureSwiftGemm.sgemm(
                            t.transA, t.transB, m: t.m, n: t.n, k: t.k, alpha: t.alpha, a: a,
                            lda: lda, b: b, ldb: ldb, beta: t.beta, c: c, ldc: ldc, kernel: kernel)
                    } else {
                        gemm(
                            t.transA, t.transB, m: t.m, n: t.n, k: t.k, alpha: t.alpha, a: a,
                            lda: lda, b: b, ldb: ldb, beta: t.beta, c: c, ldc: ldc,
                            backend: engine.backend)
                    }
                }
            }
        }

        // The reference is Float64 naiveGemm on the checked rows of op(A), copied densely (all
        // rows of small products; for large ones a sample that hits every row position of the
        // register tiles, since 53 is prime to 6, 8 and 24, plus the last 30 rows, which include
        // the edge tiles).
        let checkedRows =
            t.m <= 256
            ? Array(0..<t.m)
            : Array(Set(stride(from: 0, to: t.m, by: 53)).union(max(0, t.m - 30)..<t.m)).sorted()
        let opA = checkedRows.flatMap { i in
            (0..<t.k).map { p in t.transA == .none ? a[i * lda + p] : a[p * lda + i] }
        }
        let cRows = checkedRows.flatMap { i in c[(i * ldc)..<(i * ldc + ldc)] }
        let expected = naiveGemm(
            .none, t.transB, m: checkedRows.count, n: t.n, k: t.k, alpha: t.alpha,
            a: opA + [0], lda: max(1, t.k), b: b, ldb: ldb, beta: t.beta, c: cRows, ldc: ldc)
        // Σₚ|a_ip·b_pj| ≤ ‖a_i‖·‖b_j‖ (Cauchy–Schwarz): an O(mk + kn) bound on the magnitude of
        // the terms, which is what rounding errors scale with.
        let rowNorms = checkedRows.indices.map { r in
            (0..<t.k).reduce(Float(0)) { $0 + opA[r * t.k + $1] * opA[r * t.k + $1] }.squareRoot()
        }
        let columnNorms = (0..<t.n).map { j in
            (0..<t.k).reduce(Float(0)) { sum, p in
                let value = t.transB == .none ? b[p * ldb + j] : b[j * ldb + p]
                return sum + value * value
            }.squareRoot()
        }

        // Tolerance: a Float32 sum of k products has error at most γ_k·Σ|aᵢbᵢ| with
        // γ_k ≈ k·u, u = 2⁻²⁴ (Higham, "Accuracy and Stability of Numerical Algorithms", §3.1),
        // whatever order the kernel sums in; the α and β terms add two more roundings.
        // `ulpOfOne` = 2u, so (k + 2)·ulpOfOne·magnitude is at least twice that worst-case
        // bound. A wrong element (a missed or doubled term) is off by O(magnitude), far above it.
        let tolerancePerMagnitude = Float(t.k + 2) * Float.ulpOfOne
        var worst: (row: Int, column: Int, error: Float, allowed: Float) = (-1, -1, 0, 0)
        var failures = 0
        for (r, i) in checkedRows.enumerated() {
            for j in 0..<ldc {
                let actual = result[i * ldc + j]
                if j >= t.n {
                    if actual != sentinel { failures += 1 }
                    continue
                }
                // (β = 0 must not bring in the NaN that C started as.)
                let priorC = t.beta == 0 ? 0 : abs(t.beta * cRows[r * ldc + j])
                let magnitude = abs(t.alpha) * rowNorms[r] * columnNorms[j] + priorC
                let error = abs(actual - expected[r * ldc + j])
                let allowed = tolerancePerMagnitude * magnitude + Float.leastNormalMagnitude
                if !(error <= allowed) {
                    failures += 1
                    if worst.row < 0 || error.isNaN || error - allowed > worst.error - worst.allowed
                    {
                        worst = (i, j, error, allowed)
                    }
                }
            }
        }
        #expect(
            failures == 0,
            """
            \(failures) bad elements (padding written or error over tolerance); worst at row \
            \(worst.row), column \(worst.column): error \(worst.error), allowed \(worst.allowed)
            """)
    }

    /// A `rows × stride` row-major array whose first `columns` entries per row come from
    /// `value` and the rest are `padding`.
    static func matrix(
        rows: Int, columns: Int, stride: Int, padding: Float, _ value: () -> Float
    ) -> [Float] {
        var storage = [Float](repeating: padding, count: max(1, rows * stride))
        for i in 0..<rows {
            for j in 0..<columns { storage[i * stride + j] = value() }
        }
        return storage
    }
}

extension SplitMix64 {
    /// Uniform in [-1, 1), for reproducible operands.
    mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }
}
