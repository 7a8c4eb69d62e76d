/// A bilevel problem min_x f(x, y*(x)), y*(x) = argmin_y g(x, y), seen through minibatch oracles
/// (METHODS.md §1.1): g averages over inner (train) samples, f over outer (validation) samples,
/// and every oracle takes the index of a batch of ``innerBatches`` or ``outerBatches``.
///
/// x-derivatives of a batch are often sparse (in data cleaning, batch B only touches x_i, i ∈ B),
/// so they are written densely over the batch's x-support only (``lowerXSupport(batch:)``,
/// ``upperXSupport(batch:)``): `into[k]` is the derivative for x coordinate `support.lowerBound + k`.
/// Vectors are Float32, x has ``outerDimension`` and y ``innerDimension`` entries. Oracles
/// allocate nothing and overwrite their outputs; outputs must not alias inputs.
public protocol StochasticBilevelProblem: AnyObject {
    /// d_x, the size of the outer variable.
    var outerDimension: Int { get }
    /// d_y, the size of the inner variable.
    var innerDimension: Int { get }
    /// The problem's starting x₀.
    var initialX: [Float] { get }
    /// The problem's starting y₀.
    var initialY: [Float] { get }
    /// Batches of the inner (g) samples.
    var innerBatches: BatchPartition { get }
    /// Batches of the outer (f) samples.
    var outerBatches: BatchPartition { get }

    /// The x coordinates on which the x-derivatives of g on inner batch `batch` may be nonzero.
    func lowerXSupport(batch: Int) -> Range<Int>
    /// The x coordinates on which ∇_x f on outer batch `batch` may be nonzero (often empty).
    func upperXSupport(batch: Int) -> Range<Int>

    /// O1: ∇_y g_B(x, y) (d_y values).
    func lowerGradientY(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                        into gradient: UnsafeMutablePointer<Float>)
    /// O1, O4 and O5 at one point from one pass: ∇_y g_B, ∇²_yy g_B·v (d_y) and ∇²_xy g_B·v (on the
    /// x-support).
    func lowerGradientYAndProducts(
        batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>, direction v: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>, hessianTimes: UnsafeMutablePointer<Float>,
        crossTimes: UnsafeMutablePointer<Float>)
    /// O4: ∇²_yy g_B(x, y)·v (d_y values).
    func lowerHessianYYTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                             y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>)
    /// O5: ∇²_xy g_B(x, y)·v (on the x-support).
    func lowerCrossTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                         y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>)
    /// O2: ∇_x g_B(x, y) (on the x-support).
    func lowerGradientX(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                        into gradient: UnsafeMutablePointer<Float>)
    /// O3: ∇_y f_B(x, y) (d_y) and ∇_x f_B(x, y) (on the upper x-support).
    func upperGradients(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                        gradientY: UnsafeMutablePointer<Float>, gradientX: UnsafeMutablePointer<Float>)
}
