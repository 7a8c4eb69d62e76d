extension StochasticBilevelProblem {
    /// O1, O4 and O5 by three separate calls: the default for problems whose oracles share no
    /// pass (gemv-based problems recompute little; data cleaning overrides it with one pass).
    public func lowerGradientYAndProducts(
        batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>, direction v: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>, hessianTimes: UnsafeMutablePointer<Float>,
        crossTimes: UnsafeMutablePointer<Float>
    ) {
        lowerGradientY(batch: batch, x: x, y: y, into: gradient)
        lowerHessianYYTimes(v, batch: batch, x: x, y: y, into: hessianTimes)
        lowerCrossTimes(v, batch: batch, x: x, y: y, into: crossTimes)
    }
}
