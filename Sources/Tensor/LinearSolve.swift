/// Dense linear solves A·X = B: Cholesky for symmetric positive-definite A, LU with partial
/// pivoting for general A.
///
/// `.openblas` calls LAPACKE (`sposv`, `sgesv`) in Float32; `.swift` factors and substitutes in
/// Float64 and rounds X to Float32 once at the end, so it is at least as accurate. Both backends
/// read only the lower triangle of A in the symmetric solve, and both report the same numerical
/// failures as ``LinearSolveError``. Shapes: A is n×n, B is [n] (one right-hand side) or
/// [n, nrhs]; X has B's shape. Each call allocates copies of A and B (and Float64 work arrays on
/// `.swift`); solves are not meant for inner loops.
public enum LinearSolve {
    /// Solves A·X = B for symmetric positive-definite A by Cholesky factorisation A = L·Lᵀ.
    ///
    /// Only the lower triangle of `a` (row-major) is read; the upper one is assumed to mirror
    /// it. Cost n³/3 + 2·n²·nrhs FLOPs.
    ///
    /// - Parameters:
    ///   - a: A, shape [n, n].
    ///   - b: B, shape [n] or [n, nrhs].
    ///   - backend: the implementation; defaults to ``Backend/active``.
    /// - Returns: X, with `b`'s shape.
    /// - Throws: ``LinearSolveError/notPositiveDefinite(order:)`` when a pivot of the
    ///   factorisation is ≤ 0 or NaN, and the shape and finiteness errors of
    ///   ``LinearSolveError``.
    public static func symmetricPositiveDefinite(
        _ a: Tensor, _ b: Tensor, backend: Backend = .active
    ) throws(LinearSolveError) -> Tensor {
        try solve(a, b, backend: backend, symmetric: true)
    }

    /// Solves A·X = B for general square A by LU factorisation with partial pivoting, P·A = L·U.
    ///
    /// Cost 2n³/3 + 2·n²·nrhs FLOPs. Only an exactly zero pivot counts as singular (as in
    /// LAPACK); a nearly singular A gives a large, inaccurate X, or
    /// ``LinearSolveError/nonFiniteSolution`` once X overflows.
    ///
    /// - Parameters:
    ///   - a: A, shape [n, n].
    ///   - b: B, shape [n] or [n, nrhs].
    ///   - backend: the implementation; defaults to ``Backend/active``.
    /// - Returns: X, with `b`'s shape.
    /// - Throws: ``LinearSolveError/singular(column:)`` on a zero pivot, and the shape and
    ///   finiteness errors of ``LinearSolveError``.
    public static func general(
        _ a: Tensor, _ b: Tensor, backend: Backend = .active
    ) throws(LinearSolveError) -> Tensor {
        try solve(a, b, backend: backend, symmetric: false)
    }

    private static func solve(
        _ a: Tensor, _ b: Tensor, backend: Backend, symmetric: Bool
    ) throws(LinearSolveError) -> Tensor {
        let n = a.shape.first ?? 0
        guard a.shape.count == 2, a.shape[1] == n, (1...2).contains(b.shape.count), b.shape[0] == n
        else { throw .shapeMismatch(a: a.shape, b: b.shape) }
        guard a.isFinite else { throw .nonFiniteInput(operand: "a") }
        guard b.isFinite else { throw .nonFiniteInput(operand: "b") }
        let nrhs = b.shape.count == 2 ? b.shape[1] : 1
        var solution = b
        if n == 0 || nrhs == 0 { return solution }

        switch backend {
        case .openblas:
            #if OpenBLAS
                var factors = a.scalars
                let info = factors.withUnsafeMutableBufferPointer { pa in
                    solution.scalars.withUnsafeMutableBufferPointer { pb in
                        // Both buffers are non-empty here (n ≥ 1, nrhs ≥ 1).
                        symmetric
                            ? OpenBLASKernels.sposv(
                                n: n, nrhs: nrhs, a: pa.baseAddress!, b: pb.baseAddress!)
                            : OpenBLASKernels.sgesv(
                                n: n, nrhs: nrhs, a: pa.baseAddress!, b: pb.baseAddress!)
                    }
                }
                precondition(info >= 0, "LAPACKE failed: info \(info) (bad argument or no memory)")
                if info > 0 {
                    throw symmetric ? .notPositiveDefinite(order: info) : .singular(column: info)
                }
            #else
                preconditionFailure(
                    "LinearSolve: the OpenBLAS backend is not compiled into this build")
            #endif
        case .swift:
            var matrix = a.scalars.map(Double.init)
            var rhs = b.scalars.map(Double.init)
            if symmetric {
                try DoubleSolver.cholesky(&matrix, n: n)
                DoubleSolver.choleskySubstitute(matrix, n: n, rhs: &rhs, nrhs: nrhs)
            } else {
                try DoubleSolver.luSolve(&matrix, n: n, rhs: &rhs, nrhs: nrhs)
            }
            solution.scalars = rhs.map(Float.init)
        }
        guard solution.isFinite else { throw .nonFiniteSolution }
        return solution
    }
}

/// Why a linear solve failed.
public enum LinearSolveError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The symmetric matrix is not positive definite: the leading minor of this order (1-based)
    /// is not.
    case notPositiveDefinite(order: Int)
    /// Elimination met an exactly zero pivot in this column (1-based): A is singular.
    case singular(column: Int)
    /// A is not square, or B's leading dimension differs from A's order, or B has rank > 2.
    case shapeMismatch(a: [Int], b: [Int])
    /// The named operand (`"a"` or `"b"`) contains NaN or infinity.
    case nonFiniteInput(operand: String)
    /// The solution overflowed Float32 or became NaN: A is numerically singular.
    case nonFiniteSolution

    public var description: String {
        switch self {
        case .notPositiveDefinite(let order):
            return "matrix is not positive definite (leading minor of order \(order) is not)"
        case .singular(let column):
            return "matrix is singular (zero pivot in column \(column))"
        case .shapeMismatch(let a, let b):
            return "cannot solve A·X = B with A \(a) and B \(b); need A [n, n] and B [n] or [n, k]"
        case .nonFiniteInput(let operand):
            return "\(operand) contains NaN or infinity; a linear solve needs finite entries"
        case .nonFiniteSolution:
            return "solution is not finite (matrix is numerically singular)"
        }
    }
}

/// The `.swift` backend: factorisations and substitutions on row-major Float64 arrays.
enum DoubleSolver {
    /// Cholesky–Crout in place: the lower triangle of `a` becomes L with A = L·Lᵀ.
    ///
    /// Row-oriented so the inner products run over contiguous prefixes of rows of L.
    static func cholesky(_ a: inout [Double], n: Int) throws(LinearSolveError) {
        let failure: Int? = a.withUnsafeMutableBufferPointer { buffer in
            let l = buffer.baseAddress!
            for j in 0..<n {
                let rowJ = l + j * n
                let pivot = rowJ[j] - dot(rowJ, rowJ, count: j)
                // `!(pivot > 0)` also catches NaN, as LAPACK's spotrf does.
                guard pivot > 0 else { return j + 1 }
                let diagonal = pivot.squareRoot()
                rowJ[j] = diagonal
                for i in (j + 1)..<n {
                    let rowI = l + i * n
                    rowI[j] = (rowI[j] - dot(rowI, rowJ, count: j)) / diagonal
                }
            }
            return nil
        }
        if let order = failure { throw .notPositiveDefinite(order: order) }
    }

    /// X ← (L·Lᵀ)⁻¹·B given the factor from ``cholesky(_:n:)``; `rhs` is n×nrhs row-major.
    static func choleskySubstitute(_ l: [Double], n: Int, rhs: inout [Double], nrhs: Int) {
        l.withUnsafeBufferPointer { lb in
            rhs.withUnsafeMutableBufferPointer { xb in
                let factor = lb.baseAddress!
                let x = xb.baseAddress!
                // L·Y = B, forward: Y[i,:] = (B[i,:] − Σ_{k<i} L[i,k]·Y[k,:]) / L[i,i].
                for i in 0..<n {
                    let target = x + i * nrhs
                    for k in 0..<i {
                        subtractScaled(factor[i * n + k], x + k * nrhs, from: target, count: nrhs)
                    }
                    divide(target, by: factor[i * n + i], count: nrhs)
                }
                // Lᵀ·X = Y, backward: X[i,:] = (Y[i,:] − Σ_{k>i} L[k,i]·X[k,:]) / L[i,i].
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let target = x + i * nrhs
                    for k in (i + 1)..<n {
                        subtractScaled(factor[k * n + i], x + k * nrhs, from: target, count: nrhs)
                    }
                    divide(target, by: factor[i * n + i], count: nrhs)
                }
            }
        }
    }

    /// Gaussian elimination with partial pivoting applied to A and B together, then back
    /// substitution; `rhs` (n×nrhs) becomes X.
    static func luSolve(
        _ a: inout [Double], n: Int, rhs: inout [Double], nrhs: Int
    ) throws(LinearSolveError) {
        let failure: Int? = a.withUnsafeMutableBufferPointer { ab in
            rhs.withUnsafeMutableBufferPointer { xb in
                let m = ab.baseAddress!
                let x = xb.baseAddress!
                for k in 0..<n {
                    // Partial pivoting: the largest |A[i,k]|, i ≥ k, keeps every multiplier ≤ 1.
                    var pivotRow = k
                    for i in (k + 1)..<n where abs(m[i * n + k]) > abs(m[pivotRow * n + k]) {
                        pivotRow = i
                    }
                    let pivot = m[pivotRow * n + k]
                    guard pivot != 0 else { return k + 1 }
                    if pivotRow != k {
                        swapRows(m + k * n, m + pivotRow * n, count: n)
                        swapRows(x + k * nrhs, x + pivotRow * nrhs, count: nrhs)
                    }
                    for i in (k + 1)..<n {
                        let multiplier = m[i * n + k] / pivot
                        if multiplier == 0 { continue }
                        subtractScaled(
                            multiplier, m + k * n + k + 1, from: m + i * n + k + 1,
                            count: n - k - 1)
                        subtractScaled(multiplier, x + k * nrhs, from: x + i * nrhs, count: nrhs)
                    }
                }
                // U·X = Y, backward.
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let target = x + i * nrhs
                    for j in (i + 1)..<n {
                        subtractScaled(m[i * n + j], x + j * nrhs, from: target, count: nrhs)
                    }
                    divide(target, by: m[i * n + i], count: nrhs)
                }
                return nil
            }
        }
        if let column = failure { throw .singular(column: column) }
    }

    // MARK: Float64 vector helpers (8 lanes, scalar tails)

    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        var acc = SIMD8<Double>()
        var i = 0
        while i + 8 <= count {
            let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Double>.self)
            let yv = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Double>.self)
            acc = fusedMultiplyAdd(xv, yv, acc)
            i += 8
        }
        var total = acc.sum()
        while i < count {
            total += x[i] * y[i]
            i += 1
        }
        return total
    }

    /// y ← y − c·x.
    @inline(__always)
    static func subtractScaled(
        _ c: Double, _ x: UnsafePointer<Double>, from y: UnsafeMutablePointer<Double>, count: Int
    ) {
        let negated = SIMD8<Double>(repeating: -c)
        var i = 0
        while i + 8 <= count {
            let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Double>.self)
            let yv = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(y + i).storeBytes(
                of: fusedMultiplyAdd(negated, xv, yv), as: SIMD8<Double>.self)
            i += 8
        }
        while i < count {
            y[i] -= c * x[i]
            i += 1
        }
    }

    @inline(__always)
    static func divide(_ x: UnsafeMutablePointer<Double>, by c: Double, count: Int) {
        for i in 0..<count { x[i] /= c }
    }

    @inline(__always)
    static func swapRows(
        _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int
    ) {
        for i in 0..<count { swap(&x[i], &y[i]) }
    }
}
