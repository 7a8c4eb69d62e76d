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
    /// A pass sums the buffer into 4 independent `SIMD16<Float>` accumulators (enough to keep
    /// the loads, not the adds, the limit); the sums go into `sink` so the loop cannot be
    /// removed. 256 MB is well past any L3 of the machines we run on.
    public static func measure(megabytes: Int = 256, repetitions: Int = 5, threads: Int = 1) -> Double {
        precondition(megabytes >= 1 && repetitions >= 1 && threads >= 1, "StreamingBandwidth: bad arguments")
        let count = megabytes * (1 << 20) / MemoryLayout<Float>.stride
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        defer { buffer.deallocate() }
        // Touch every page (and give the floats a value) before timing.
        buffer.initialize(repeating: 1)
        let base = UnsafePointer(buffer.baseAddress!)
        let share = (count + threads - 1) / threads
        let sums = UnsafeMutableBufferPointer<Float>.allocate(capacity: threads)
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
        let sums: UnsafeMutablePointer<Float>
        let count: Int
        let share: Int

        func read(part t: Int) {
            let start = min(t * share, count)
            sums[t] += StreamingBandwidth.sum(base + start, count: min(share, count - start))
        }
    }

    /// The sum of `count` floats at `base`, 64 floats per step.
    fileprivate static func sum(_ base: UnsafePointer<Float>, count: Int) -> Float {
        typealias V = SIMD16<Float>
        var a0 = V(), a1 = V(), a2 = V(), a3 = V()
        let raw = UnsafeRawPointer(base)
        let stride = MemoryLayout<V>.stride
        var i = 0
        while i + 64 <= count {
            let p = raw + i * MemoryLayout<Float>.stride
            a0 += p.loadUnaligned(as: V.self)
            a1 += (p + stride).loadUnaligned(as: V.self)
            a2 += (p + 2 * stride).loadUnaligned(as: V.self)
            a3 += (p + 3 * stride).loadUnaligned(as: V.self)
            i += 64
        }
        var total = (a0 + a1 + a2 + a3).sum()
        while i < count {
            total += base[i]
            i += 1
        }
        return total
    }
}
