/// Whether a gemm operand is used as stored or transposed.
public enum Transpose: Sendable, Equatable, CaseIterable {
    /// Use the matrix as stored.
    case none
    /// Use the transpose of the stored matrix.
    case transposed

    /// `"N"` or `"T"`, as BLAS documentation writes it.
    public var letter: String { self == .none ? "N" : "T" }
}

/// General matrix product on raw row-major storage: C ← α·op(A)·op(B) + β·C.
///
/// The single entry point every product in the package goes through. op(A) is m×k, op(B) is k×n,
/// C is m×n; `lda`, `ldb`, `ldc` are the row strides of the *stored* matrices (A stored m×k, or
/// k×m when transposed). β = 0 overwrites C without reading it (NaNs in C are ignored).
/// Allocates nothing on the OpenBLAS path; the pure-Swift path packs into a reusable
/// thread-local buffer. Cost 2·m·n·k FLOPs. `c` must not alias `a` or `b`.
///
/// - Parameter backend: the implementation; defaults to ``Backend/active``.
public func gemm(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, backend: Backend = .active
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative size m=\(m) n=\(n) k=\(k)")
    precondition(lda >= max(1, transA == .none ? k : m), "gemm: lda=\(lda) too small")
    precondition(ldb >= max(1, transB == .none ? n : k), "gemm: ldb=\(ldb) too small")
    precondition(ldc >= max(1, n), "gemm: ldc=\(ldc) too small for n=\(n)")
    if m == 0 || n == 0 { return }
    switch backend {
    case .openblas:
        #if OpenBLAS
            OpenBLASKernels.sgemm(
                transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                beta: beta, c: c, ldc: ldc)
        #else
            preconditionFailure("gemm: the OpenBLAS backend is not compiled into this build")
        #endif
    case .swift:
        PureSwiftGemm.sgemm(
            transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc)
    }
}

/// Tensor-level gemm: `into` ← α·op(a)·op(b) + β·`into`, all matrices (rank-2 tensors).
///
/// Shapes are checked once (`precondition` naming them); `into` must already have the result
/// shape m×n, so a hot loop reuses it and allocates nothing. Cost 2·m·n·k FLOPs.
public func gemm(
    transA: Transpose = .none, transB: Transpose = .none, alpha: Float = 1, a: Tensor, b: Tensor,
    beta: Float = 0, into c: inout Tensor, backend: Backend = .active
) {
    let (m, ka) = transA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
    let (kb, n) = transB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
    precondition(
        ka == kb && c.rows == m && c.columns == n,
        "gemm: op(a) \(m)x\(ka), op(b) \(kb)x\(n), into \(c.shape)")
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                gemm(
                    transA, transB, m: m, n: n, k: ka, alpha: alpha,
                    a: pa.baseAddress!, lda: max(1, a.columns), b: pb.baseAddress!,
                    ldb: max(1, b.columns), beta: beta, c: pc.baseAddress!, ldc: max(1, n),
                    backend: backend)
            }
        }
    }
}

extension Tensor {
    /// The matrix product `self · other` as a new tensor (allocates; use ``gemm(transA:transB:alpha:a:b:beta:into:backend:)`` in loops).
    public func matmul(_ other: Tensor, backend: Backend = .active) -> Tensor {
        var result = Tensor(shape: [rows, other.columns])
        gemm(a: self, b: other, into: &result, backend: backend)
        return result
    }

    /// The transpose of a matrix as a new tensor.
    public func transposed() -> Tensor {
        var result = Tensor(shape: [columns, rows])
        for i in 0..<rows {
            for j in 0..<columns { result[j, i] = self[i, j] }
        }
        return result
    }
}
