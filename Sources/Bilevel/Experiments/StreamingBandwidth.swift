import Dispatch
import Tensor

/// The memory side of the iteration roofline: how fast `threads` threads stream a buffer much
/// larger than the caches, read once front to back (as a product reads its sample matrix).
///
/// `bilevel bench iterations` compares each iteration with the larger of its FLOP bound and this
/// bound (``IterationWorkload/bytesMoved`` at the measured rate): an iteration cannot be faster
/// than reading the sample matrix once per product that uses it.
public enum StreamingBandwidth {
    /// The median read bandwidth over `repetitions` passes (after one untimed pass) of a
    /// `megabytes` MB buffer of floats, in bytes per second; with `threads` > 1 each thread
    /// reads its own contiguous share.
    ///
    /// A pass sums the buffer with Tensor's ``sum(_:)`` (vectorised; its adds keep up with any
    /// memory bus); the sums are checked after timing so the passes cannot be removed. 256 MB is
    /// well past any L3 of the machines we run on.
    public static func measure(megabytes: Int = 256, repetitions: Int = 5, threads: Int = 1) -> Double {
        precondition(megabytes >= 1 && repetitions >= 1 && threads >= 1, "StreamingBandwidth: bad arguments")
        let count = megabytes * (1 << 20) / MemoryLayout<Float>.stride
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        defer { buffer.deallocate() }
        // Touch every page (and give the floats a value) before timing.
        buffer.initialize(repeating: 1)
        let base = UnsafePointer(buffer.baseAddress!)
        let share = (count + threads - 1) / threads
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: threads)
        defer { sums.deallocate() }
        sums.initialize(repeating: 0)
        let shares = Shares(base: base, sums: sums.baseAddress!, count: count, share: share)
        let pass = {
            DispatchQueue.concurrentPerform(iterations: threads) { shares.read(part: $0) }
        }
        pass()
        let seconds = medianSeconds(of: repetitions, pass)
        precondition(sums.allSatisfy(\.isFinite), "StreamingBandwidth: a sum is not finite")
        return Double(count * MemoryLayout<Float>.stride) / seconds
    }

    /// The buffer split into one contiguous share per thread; thread `t` adds the sum of its
    /// share into `sums[t]`. `@unchecked Sendable`: the shares and the sums are disjoint, and
    /// `concurrentPerform` returns only after every thread has finished.
    private struct Shares: @unchecked Sendable {
        let base: UnsafePointer<Float>
        let sums: UnsafeMutablePointer<Double>
        let count: Int
        let share: Int

        func read(part t: Int) {
            let start = min(t * share, count)
            sums[t] += sum(UnsafeBufferPointer(start: base + start, count: min(share, count - start)))
        }
    }
}
