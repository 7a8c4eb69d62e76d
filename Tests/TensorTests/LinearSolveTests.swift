import BilevelTestSupport
import Testing

@testable import Tensor

/// Cholesky and LU solves on every backend: residuals on random systems, and the failures.
@Suite struct LinearSolveTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let backend: Backend
        let n: Int
        /// nil: B is a vector of shape [n]; otherwise B is [n, nrhs].
        let nrhs: Int?
        var testDescription: String {
            "\(backend) n=\(n) nrhs=\(nrhs.map(String.init) ?? "vector")"
        }
    }

    static let cases: [Case] = Backend.available.flatMap { backend in
        [(1, nil), (2, 1), (17, nil), (17, 3), (64, 5), (150, 2)].map { n, nrhs in
            Case(backend: backend, n: n, nrhs: nrhs)
        }
    }

    /// A = MᵀM + n·I: symmetric, eigenvalues ≥ n, so well conditioned.
    static func spdMatrix(n: Int, random: inout SeededRandom) -> Tensor {
        let m = random.floats(count: n * n)
        var a = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += Double(m[k * n + i]) * Double(m[k * n + j]) }
                a[i * n + j] = Float(s) + (i == j ? Float(n) : 0)
            }
        }
        return Tensor(shape: [n, n], scalars: a)
    }

    static func rhs(_ c: Case, random: inout SeededRandom) -> Tensor {
        let shape = c.nrhs.map { [c.n, $0] } ?? [c.n]
        return Tensor(shape: shape, scalars: random.floats(count: shape.reduce(1, *), in: -10...10))
    }

    /// max over columns of ‖A·x − b‖∞ / (‖A‖∞·‖x‖∞ + ‖b‖∞), computed in Float64: the normwise
    /// backward error, which a backward-stable solver keeps at a small multiple of n·u.
    static func backwardError(a: Tensor, x: Tensor, b: Tensor) -> Double {
        let n = a.rows
        let k = b.shape.count == 2 ? b.shape[1] : 1
        var normA = 0.0
        for i in 0..<n { normA = max(normA, (0..<n).reduce(0.0) { $0 + abs(Double(a[i, $1])) }) }
        var worst = 0.0
        for column in 0..<k {
            var residual = 0.0
            var normX = 0.0
            var normB = 0.0
            for i in 0..<n {
                var r = -Double(b.scalars[i * k + column])
                for j in 0..<n { r += Double(a[i, j]) * Double(x.scalars[j * k + column]) }
                residual = max(residual, abs(r))
                normX = max(normX, abs(Double(x.scalars[i * k + column])))
                normB = max(normB, abs(Double(b.scalars[i * k + column])))
            }
            worst = max(worst, residual / (normA * normX + normB))
        }
        return worst
    }

    /// Backward-error tolerance 4·n·u: LAPACK-style backward stability for Cholesky and for LU
    /// with partial pivoting on these random matrices (growth factor ~1) bounds the error by a
    /// modest multiple of n·u; the Float64 `.swift` path is far below it (its error is just the
    /// final rounding of X).
    static func tolerance(n: Int) -> Double { 4 * Double(n) * Double(Float.ulpOfOne) / 2 }

    @Test(arguments: cases)
    func choleskySolvesRandomSPDSystems(_ c: Case) throws {
        var random = SeededRandom(seed: UInt64(600 + c.n))
        let a = Self.spdMatrix(n: c.n, random: &random)
        let b = Self.rhs(c, random: &random)
        let x = try LinearSolve.symmetricPositiveDefinite(a, b, backend: c.backend)
        #expect(x.shape == b.shape)
        let error = Self.backwardError(a: a, x: x, b: b)
        #expect(error <= Self.tolerance(n: c.n), "backward error \(error)")
    }

    @Test(arguments: cases)
    func luSolvesRandomGeneralSystems(_ c: Case) throws {
        var random = SeededRandom(seed: UInt64(700 + c.n))
        // Uniform entries in [−1, 1]: nonsymmetric and not diagonally dominant, so pivoting
        // matters; seeded, so the conditioning is fixed.
        let a = Tensor(shape: [c.n, c.n], scalars: random.floats(count: c.n * c.n))
        let b = Self.rhs(c, random: &random)
        let x = try LinearSolve.general(a, b, backend: c.backend)
        #expect(x.shape == b.shape)
        let error = Self.backwardError(a: a, x: x, b: b)
        #expect(error <= Self.tolerance(n: c.n), "backward error \(error)")
    }

    @Test(arguments: Backend.available)
    func luPivotsAroundATinyLeadingEntry(_ backend: Backend) throws {
        // Without row exchanges the multiplier would be 10²⁰ and x₀ would come out 0; with
        // partial pivoting both unknowns are 1 to within a few ulp (cond(A) ≈ 2.6).
        let a = Tensor(shape: [2, 2], scalars: [1e-20, 1, 1, 1])
        let x = try LinearSolve.general(a, Tensor(shape: [2], scalars: [1, 2]), backend: backend)
        #expect(x.scalars.allSatisfy { abs($0 - 1) <= 4 * Float.ulpOfOne })
    }

    @Test(arguments: Backend.available)
    func backendsAgreeOnWellConditionedSystems(_ backend: Backend) throws {
        // cond(A) ≤ (‖M‖² + n)/n is small, so the Float32 LAPACK solution and the Float64 one
        // differ by ≲ cond·n·u relative: 1e-4 leaves a wide margin.
        var random = SeededRandom(seed: 800)
        let a = Self.spdMatrix(n: 40, random: &random)
        let b = Tensor(shape: [40, 2], scalars: random.floats(count: 80))
        let x = try LinearSolve.symmetricPositiveDefinite(a, b, backend: backend)
        let y = try LinearSolve.general(a, b, backend: .swift)
        let scale = y.maxAbs()
        #expect(zip(x.scalars, y.scalars).allSatisfy { abs($0 - $1) <= 1e-4 * scale })
    }

    struct FailureCase: CustomTestStringConvertible, Sendable {
        let name: String
        let a: [Float]
        let symmetric: Bool
        let expected: LinearSolveError
        var testDescription: String { name }
    }

    static let failures: [FailureCase] = [
        .init(
            name: "indefinite 2x2", a: [1, 2, 2, 1], symmetric: true,
            expected: .notPositiveDefinite(order: 2)),
        .init(
            name: "negative diagonal in 4x4", a: [4, 0, 0, 0, 0, 4, 0, 0, 0, 0, -1, 0, 0, 0, 0, 4],
            symmetric: true, expected: .notPositiveDefinite(order: 3)),
        .init(
            name: "zero matrix, Cholesky", a: [0, 0, 0, 0], symmetric: true,
            expected: .notPositiveDefinite(order: 1)),
        .init(
            name: "zero second column", a: [1, 0, 3, 2, 0, 1, 5, 0, 2], symmetric: false,
            expected: .singular(column: 2)),
        .init(
            name: "zero matrix, LU", a: [0, 0, 0, 0], symmetric: false,
            expected: .singular(column: 1)),
    ]

    @Test(arguments: Backend.available, failures)
    func numericalFailuresThrowTypedErrors(_ backend: Backend, _ c: FailureCase) {
        let n = Int(Double(c.a.count).squareRoot())
        let a = Tensor(shape: [n, n], scalars: c.a)
        let b = Tensor(shape: [n], repeating: 1)
        #expect(throws: c.expected) {
            if c.symmetric {
                _ = try LinearSolve.symmetricPositiveDefinite(a, b, backend: backend)
            } else {
                _ = try LinearSolve.general(a, b, backend: backend)
            }
        }
    }

    @Test(arguments: Backend.available)
    func duplicateRowsAreSingular(_ backend: Backend) {
        // Two equal rows stay equal under every elimination step until one is the pivot row,
        // then the other becomes exactly zero: a zero pivot in any floating-point arithmetic.
        var random = SeededRandom(seed: 900)
        var entries = random.floats(count: 36)
        for j in 0..<6 { entries[4 * 6 + j] = entries[1 * 6 + j] }
        let a = Tensor(shape: [6, 6], scalars: entries)
        let error = #expect(throws: LinearSolveError.self) {
            try LinearSolve.general(a, Tensor(shape: [6], repeating: 1), backend: backend)
        }
        guard case .singular = error else {
            Issue.record("expected .singular, got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: Backend.available)
    func badShapesAndValuesThrow(_ backend: Backend) {
        let a = Tensor(shape: [2, 2], scalars: [2, 0, 0, 2])
        #expect(throws: LinearSolveError.shapeMismatch(a: [2, 3], b: [2])) {
            try LinearSolve.general(Tensor(shape: [2, 3]), Tensor(shape: [2]), backend: backend)
        }
        #expect(throws: LinearSolveError.shapeMismatch(a: [2, 2], b: [3, 1])) {
            try LinearSolve.symmetricPositiveDefinite(a, Tensor(shape: [3, 1]), backend: backend)
        }
        let nanB = Tensor(shape: [2], scalars: [1, .nan])
        #expect(throws: LinearSolveError.nonFiniteInput(operand: "b")) {
            try LinearSolve.general(a, nanB, backend: backend)
        }
        let infA = Tensor(shape: [2, 2], scalars: [.infinity, 0, 0, 1])
        #expect(throws: LinearSolveError.nonFiniteInput(operand: "a")) {
            try LinearSolve.symmetricPositiveDefinite(infA, Tensor(shape: [2]), backend: backend)
        }
        // An empty system has the empty solution.
        let empty = try? LinearSolve.general(
            Tensor(shape: [0, 0]), Tensor(shape: [0, 3]), backend: backend)
        #expect(empty?.shape == [0, 3])
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [LinearSolveError] = [
            .notPositiveDefinite(order: 3), .singular(column: 2),
            .shapeMismatch(a: [2, 3], b: [2]), .nonFiniteInput(operand: "a"), .nonFiniteSolution,
        ]
        for error in errors {
            #expect(!error.description.isEmpty && !error.description.contains("\n"))
        }
    }
}
