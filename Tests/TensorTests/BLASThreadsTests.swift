import Testing
@testable import Tensor

/// The thread policy of runs whose large products are the sparse kernels.
@Suite struct BLASThreadsTests {
    @Test func dedicatingCoresLeavesOpenBLASOneThreadAndTheKernelsTheirCount() {
        let saved = BLASThreads.settings
        defer { BLASThreads.settings = saved }
        BLASThreads.set(2)
        #expect(BLASThreads.kernelThreads == (Backend.active == .openblas ? BLASThreads.count : 2))
        BLASThreads.dedicateCoresToSparseKernels()
        #expect(BLASThreads.kernelThreads == 2)
        #if OpenBLAS
            if Backend.active == .openblas { #expect(BLASThreads.count == 1) }
        #endif
        // A new count ends the dedication; one thread has nothing to dedicate.
        BLASThreads.set(1)
        BLASThreads.dedicateCoresToSparseKernels()
        #expect(BLASThreads.kernelThreads == 1)
        #expect(BLASThreads.count == 1)
    }

    @Test func settingsRoundTrip() {
        let saved = BLASThreads.settings
        defer { BLASThreads.settings = saved }
        BLASThreads.set(2)
        BLASThreads.dedicateCoresToSparseKernels()
        let dedicated = BLASThreads.settings
        BLASThreads.set(1)
        BLASThreads.settings = dedicated
        #expect(BLASThreads.kernelThreads == 2)
        #expect(BLASThreads.settings == dedicated)
    }
}
