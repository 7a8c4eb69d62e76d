#if OpenBLAS
    import CBLAS

    /// Thin Swift wrappers over CBLAS / LAPACKE. Only this file imports `CBLAS`; no CBLAS type leaves it.
    enum OpenBLASKernels {
        static func sgemm(
            _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
        ) {
            cblas_sgemm(
                CblasRowMajor, transA.cblas, transB.cblas, blasint(m), blasint(n), blasint(k),
                alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
        }

        static func sgemv(
            _ trans: Transpose, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
            x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
        ) {
            cblas_sgemv(
                CblasRowMajor, trans.cblas, blasint(m), blasint(n), alpha, a, blasint(lda), x, 1,
                beta, y, 1)
        }

        /// y ← α·x + y, unit strides.
        static func saxpy(
            count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
        ) {
            cblas_saxpy(blasint(count), alpha, x, 1, y, 1)
        }

        /// x ← α·x, unit stride.
        static func sscal(count: Int, alpha: Float, x: UnsafeMutablePointer<Float>) {
            cblas_sscal(blasint(count), alpha, x, 1)
        }

        /// Σ x[i]·y[i] with Float64 accumulation (`cblas_dsdot`), unit strides.
        static func dsdot(count: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Double {
            cblas_dsdot(blasint(count), x, 1, y, 1)
        }

        /// `A X = B` for symmetric positive-definite A (n×n), B n×nrhs, row-major; overwrites
        /// both (A with its Cholesky factor L in the lower triangle, B with X). Only A's lower
        /// triangle is read. Returns LAPACK's `info`: 0 = success, k > 0 = the leading minor of
        /// order k is not positive definite, < 0 = argument k is invalid.
        static func sposv(
            n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>
        ) -> Int {
            // `char uplo` imports as CChar; `lapack_int` is a macro for int32_t, so Int32.
            // Row-major leading dimensions are row lengths and LAPACKE rejects 0: max(1, …).
            Int(
                LAPACKE_sposv(
                    LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "L")), lapackInt(n), lapackInt(nrhs),
                    a, lapackInt(max(1, n)), b, lapackInt(max(1, nrhs))))
        }

        /// `A X = B` for general A (n×n) by LU with partial pivoting, B n×nrhs, row-major;
        /// overwrites both (A with its L and U factors, B with X). Allocates the n pivot indices.
        /// Returns LAPACK's `info`: 0 = success, k > 0 = U(k,k) is exactly zero (singular),
        /// < 0 = argument k is invalid.
        static func sgesv(
            n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>
        ) -> Int {
            var pivots = [Int32](repeating: 0, count: max(n, 1))
            return Int(
                LAPACKE_sgesv(
                    LAPACK_ROW_MAJOR, lapackInt(n), lapackInt(nrhs), a, lapackInt(max(1, n)),
                    &pivots, b, lapackInt(max(1, nrhs))))
        }

        /// A size as LAPACK's 32-bit `lapack_int`, trapping rather than truncating.
        private static func lapackInt(_ value: Int) -> Int32 {
            guard let converted = Int32(exactly: value) else {
                preconditionFailure("LAPACKE: size \(value) exceeds lapack_int (Int32)")
            }
            return converted
        }

        /// OpenBLAS's worker-thread count.
        static var threadCount: Int { Int(openblas_get_num_threads()) }

        /// Sets OpenBLAS's worker-thread count (1 ... cores).
        static func setThreadCount(_ count: Int) { openblas_set_num_threads(Int32(count)) }

        /// The library's build configuration string (`openblas_get_config()`).
        static var configuration: String { String(cString: openblas_get_config()) }
    }

    extension Transpose {
        fileprivate var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
    }
#endif
