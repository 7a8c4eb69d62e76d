import Tensor

/// The in-place vector updates of the stochastic solvers (loops the compiler vectorises; each
/// allocates nothing and costs O(count)). Outputs must not alias inputs.
enum VectorUpdate {
    /// out[k] −= a·v[k].
    static func subtract(_ a: Float, times v: UnsafePointer<Float>, from out: UnsafeMutablePointer<Float>,
                         count: Int) {
        for k in 0..<count { out[k] -= a * v[k] }
    }

    /// out[k] −= a·(v[k] + w[k]).
    static func subtract(_ a: Float, timesSumOf v: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                         from out: UnsafeMutablePointer<Float>, count: Int) {
        for k in 0..<count { out[k] -= a * (v[k] + w[k]) }
    }

    /// out[k] += v[k].
    static func add(_ v: UnsafePointer<Float>, to out: UnsafeMutablePointer<Float>, count: Int) {
        for k in 0..<count { out[k] += v[k] }
    }

    /// A solver's x −= a·d where d lives on the x-support `support` (d[k] is for x[lower + k]).
    static func subtract(_ a: Float, times d: UnsafePointer<Float>, from x: FloatBuffer, on support: Range<Int>) {
        subtract(a, times: d, from: x.pointer + support.lowerBound, count: support.count)
    }
}

extension StochasticBilevelProblem {
    /// The largest lower x-support over the inner batches (buffer size for x-derivatives).
    var largestLowerXSupport: Int {
        (0..<innerBatches.count).map { lowerXSupport(batch: $0).count }.max() ?? 0
    }

    /// The largest upper x-support over the outer batches.
    var largestUpperXSupport: Int {
        (0..<outerBatches.count).map { upperXSupport(batch: $0).count }.max() ?? 0
    }
}
