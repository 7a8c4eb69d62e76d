import Synchronization

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

    /// The sparse kernels' thread count while ``dedicateCoresToSparseKernels()`` holds; 0 otherwise.
    private static let sparseKernelSetting = Atomic<Int>(0)

    /// Threads the package's own kernels (pure-Swift gemm, sparse products) use: the OpenBLAS
    /// count under the OpenBLAS backend, the pure-Swift setting otherwise, or the count kept by
    /// ``dedicateCoresToSparseKernels()``. This is the thread count a run reports.
    public static var kernelThreads: Int {
        let dedicated = sparseKernelSetting.load(ordering: .relaxed)
        if dedicated > 0 { return dedicated }
        return Backend.active == .openblas ? count : PureSwiftGemm.threadCount
    }

    /// Sets the thread count of OpenBLAS and of the pure-Swift kernels (and ends a
    /// ``dedicateCoresToSparseKernels()``).
    public static func set(_ count: Int) {
        precondition(count >= 1, "thread count must be at least 1, got \(count)")
        sparseKernelSetting.store(0, ordering: .relaxed)
        PureSwiftGemm.threadCount = count
        #if OpenBLAS
            OpenBLASKernels.setThreadCount(count)
        #endif
    }

    /// For a run whose large products are the sparse kernels under the OpenBLAS backend: the
    /// sparse kernels keep ``kernelThreads`` workers and OpenBLAS's pool goes down to one thread.
    ///
    /// Why: after each threaded call OpenBLAS's workers spin for a while, waiting for the next,
    /// and on a machine with as many cores as threads they take the cores the sparse kernels'
    /// workers need (MLP V-PBGD, sparse, 2 threads: 1.6–2.0× the products' own time). What is
    /// left for OpenBLAS in such a run is small (the MLP's 300 → 10 layer), so one thread loses
    /// little there. No effect under the swift backend (its workers do not spin) or on one thread.
    public static func dedicateCoresToSparseKernels() {
        #if OpenBLAS
            let threads = kernelThreads
            guard Backend.active == .openblas, threads > 1 else { return }
            sparseKernelSetting.store(threads, ordering: .relaxed)
            OpenBLASKernels.setThreadCount(1)
        #endif
    }

    /// All three counts (OpenBLAS's pool, the pure-Swift workers, a dedication), to put back later.
    package static var settings: (openBLAS: Int, pureSwift: Int, dedicated: Int) {
        get { (count, PureSwiftGemm.threadCount, sparseKernelSetting.load(ordering: .relaxed)) }
        set {
            set(newValue.openBLAS)
            PureSwiftGemm.threadCount = newValue.pureSwift
            sparseKernelSetting.store(newValue.dedicated, ordering: .relaxed)
        }
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
