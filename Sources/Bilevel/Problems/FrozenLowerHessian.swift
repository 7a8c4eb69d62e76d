import Tensor

/// Products with the lower-level Hessian ∇²_yy g_B(x̄, ȳ) at a point (x̄, ȳ) fixed once, applied to
/// several vectors at a time (METHODS.md §2.7: NBO shares H_k = ∇²_yy g(x_k, y_k) between the
/// Newton step and the hypergradient system and multiplies it by both iterates in every step).
///
/// A problem that conforms linearises g once per frozen point and per batch (e.g. the logistic
/// curvature weights q(1 − q)) and multiplies a stacked block of vectors with one pair of gemms.
/// ``FrozenHessianAdapter`` gives the same products for any ``StochasticBilevelProblem``, one
/// ``StochasticBilevelProblem/lowerHessianYYTimes(_:batch:x:y:into:)`` call per vector.
public protocol FrozenLowerHessian: AnyObject {
    /// The largest `columns` ``frozenLowerHessianTimes(_:columns:batch:into:)`` accepts.
    static var maxColumns: Int { get }

    /// Fixes (x̄, ȳ) = (x, y) for the following products (copies both; allocates nothing).
    func freezeLowerHessian(x: UnsafePointer<Float>, y: UnsafePointer<Float>)

    /// `output[j·d_y ..< (j+1)·d_y]` ← ∇²_yy g_B(x̄, ȳ)·`block[j·d_y ..< (j+1)·d_y]` for j < `columns`.
    ///
    /// `block` holds `columns` contiguous vectors of d_y values (a 2 × d_y row-major block for
    /// NBO's pair (v, u)); `output` has the same layout and must not alias `block`. Allocates
    /// nothing.
    func frozenLowerHessianTimes(_ block: UnsafePointer<Float>, columns: Int, batch: Int,
                                 into output: UnsafeMutablePointer<Float>)
}

/// ``FrozenLowerHessian`` for any problem: keeps copies of (x̄, ȳ) and calls the problem's
/// single-vector Hessian product once per column (no stacking, no cached linearisation).
public final class FrozenHessianAdapter: FrozenLowerHessian {
    public static let maxColumns = 2
    private let problem: any StochasticBilevelProblem
    private let frozenX: FloatBuffer
    private let frozenY: FloatBuffer

    /// An adapter over `problem`.
    public init(_ problem: any StochasticBilevelProblem) {
        self.problem = problem
        frozenX = FloatBuffer(count: problem.outerDimension)
        frozenY = FloatBuffer(count: problem.innerDimension)
    }

    public func freezeLowerHessian(x: UnsafePointer<Float>, y: UnsafePointer<Float>) {
        frozenX.pointer.update(from: x, count: frozenX.count)
        frozenY.pointer.update(from: y, count: frozenY.count)
    }

    public func frozenLowerHessianTimes(_ block: UnsafePointer<Float>, columns: Int, batch: Int,
                                        into output: UnsafeMutablePointer<Float>) {
        let dy = frozenY.count
        for j in 0..<columns {
            problem.lowerHessianYYTimes(block + j * dy, batch: batch, x: frozenX.constPointer, y: frozenY.constPointer,
                                        into: output + j * dy)
        }
    }
}

extension StochasticBilevelProblem {
    /// The problem's own frozen-Hessian products when it has them, else a ``FrozenHessianAdapter``.
    public var frozenLowerHessian: any FrozenLowerHessian {
        (self as? any FrozenLowerHessian) ?? FrozenHessianAdapter(self)
    }
}
