/// The thread count of the BLAS backend (OpenBLAS's pool); 1 in a build without OpenBLAS.
public enum BLASThreads {
    /// Threads OpenBLAS uses for each product (from `OPENBLAS_NUM_THREADS` or the core count).
    public static var count: Int {
        #if OpenBLAS
            return OpenBLASKernels.threadCount
        #else
            return 1
        #endif
    }

    /// Threads the package's own kernels (pure-Swift gemm, sparse products) use: the OpenBLAS
    /// count under the OpenBLAS backend, the pure-Swift setting otherwise.
    public static var kernelThreads: Int {
        Backend.active == .openblas ? count : PureSwiftGemm.threadCount
    }

    /// Sets the thread count of OpenBLAS and of the pure-Swift kernels.
    public static func set(_ count: Int) {
        precondition(count >= 1, "thread count must be at least 1, got \(count)")
        PureSwiftGemm.threadCount = count
        #if OpenBLAS
            OpenBLASKernels.setThreadCount(count)
        #endif
    }

    /// OpenBLAS's build configuration (`openblas_get_config()`), or nil without OpenBLAS.
    public static var libraryConfiguration: String? {
        #if OpenBLAS
            return OpenBLASKernels.configuration
        #else
            return nil
        #endif
    }
}
