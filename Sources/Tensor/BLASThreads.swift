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

    /// Sets the OpenBLAS thread count; a no-op without OpenBLAS.
    public static func set(_ count: Int) {
        precondition(count >= 1, "thread count must be at least 1, got \(count)")
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
