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

        /// `A X = B` for symmetric positive-definite A (n×n), B n×nrhs, row-major; overwrites both.
        /// Returns LAPACK's `info` (0 = success, > 0 = not positive definite).
        static func sposv(
            n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>
        ) -> Int {
            Int(LAPACKE_sposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), Int32(nrhs),
                a, Int32(n), b, Int32(nrhs)))
        }

        /// `A X = B` for general A (n×n) by LU with partial pivoting; overwrites both.
        /// Returns LAPACK's `info` (0 = success, > 0 = exactly singular).
        static func sgesv(
            n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>
        ) -> Int {
            var pivots = [Int32](repeating: 0, count: max(n, 1))
            return Int(LAPACKE_sgesv(LAPACK_ROW_MAJOR, Int32(n), Int32(nrhs), a, Int32(n),
                &pivots, b, Int32(nrhs)))
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
