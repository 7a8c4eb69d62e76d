#if canImport(Dispatch)
    import Dispatch
#endif

/// The package's own fan-out over worker threads (libdispatch's pool, whose threads sleep between
/// calls, unlike OpenBLAS's, which spin): used by the sparse products and by the element-wise
/// glue between products.
package enum Workers {
    /// `work(worker)` for every worker in `0 ..< workers`, concurrently when there are several;
    /// returns when all have finished.
    package static func run(_ workers: Int, _ work: @Sendable (Int) -> Void) {
        if workers <= 1 { return work(0) }
        #if canImport(Dispatch)
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        #else
            for worker in 0..<workers { work(worker) }
        #endif
    }

    /// `body(range)` over `0 ..< count` split into up to `threads` contiguous ranges of at least
    /// `minimumPerWorker` elements each (one range, on the calling thread, below that).
    package static func forEachRange(
        count: Int, threads: Int, minimumPerWorker: Int, _ body: @Sendable (Range<Int>) -> Void
    ) {
        let workers = max(1, min(threads, count / max(1, minimumPerWorker)))
        if workers == 1 { return body(0..<count) }
        let chunk = (count + workers - 1) / workers
        run(workers) { worker in body(min(count, worker * chunk)..<min(count, (worker + 1) * chunk)) }
    }
}

/// A pointer handed to workers that each touch their own part of the memory behind it.
package struct SendablePointer<Pointee>: @unchecked Sendable {
    package let pointer: UnsafeMutablePointer<Pointee>
    package init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
    package init(_ pointer: UnsafePointer<Pointee>) { self.pointer = UnsafeMutablePointer(mutating: pointer) }
}
