import Tensor

/// benchopt's quadratic bilevel problem (METHODS.md §1.2, §3.4) with minibatch oracles:
/// g = mean of n per-sample quadratics (Ā, B̄, C̄, ā, b̄), f = mean of m (F̄, H̄, K̄, f̄, h̄), both
/// ``QuadraticSamples``, drawn by ``QuadraticGenerator``:
///
///     ∇_y g_B = Ā_B y + C̄_Bᵀx + ā_B,   ∇_x g_B = B̄_B x + C̄_B y + b̄_B,   ∇²_yy g_B·v = Ā_B v,   ∇²_xy g_B·v = C̄_B v
///
/// and the same for f. The Hessian does not depend on (x, y), so freezing it is free and the
/// stacked product is one gemm pair on the batch's factors (one gemm with Ā on the full batch).
/// x₀ = 0, y₀ = 0.
public final class QuadraticProblem: StochasticBilevelProblem, FrozenLowerHessian {
    public static let maxColumns = 2
    let lower: QuadraticSamples
    let upper: QuadraticSamples
    /// The generator's settings and the seed of the accepted draw.
    public let generator: QuadraticGenerator
    public let acceptedSeed: UInt32
    public let innerBatches: BatchPartition
    public let outerBatches: BatchPartition
    public var outerDimension: Int { generator.outerDimension }
    public var innerDimension: Int { generator.innerDimension }
    public var initialX: [Float] { [Float](repeating: 0, count: outerDimension) }
    public var initialY: [Float] { [Float](repeating: 0, count: innerDimension) }

    /// Draws the problem with `generator` and batches of `batchSize` (capped at each set).
    ///
    /// - Throws: ``QuadraticGeneratorError`` when no accepted draw is found.
    public convenience init(generator: QuadraticGenerator, batchSize: Int) throws {
        let draw = try generator.generate(maxBatch: min(batchSize, max(generator.innerSamples, generator.outerSamples)))
        self.init(lower: draw.lower, upper: draw.upper, generator: generator, acceptedSeed: draw.seed, batchSize: batchSize)
    }

    /// The same samples with another batch size.
    public func rebatched(_ batchSize: Int) -> QuadraticProblem {
        QuadraticProblem(lower: lower, upper: upper, generator: generator, acceptedSeed: acceptedSeed, batchSize: batchSize)
    }

    private init(lower: QuadraticSamples, upper: QuadraticSamples, generator: QuadraticGenerator, acceptedSeed: UInt32, batchSize: Int) {
        (self.lower, self.upper, self.generator, self.acceptedSeed) = (lower, upper, generator, acceptedSeed)
        innerBatches = BatchPartition(sampleCount: lower.count, batchSize: min(batchSize, lower.count))
        outerBatches = BatchPartition(sampleCount: upper.count, batchSize: min(batchSize, upper.count))
    }

    public func lowerXSupport(batch: Int) -> Range<Int> { 0..<outerDimension }
    public func upperXSupport(batch: Int) -> Range<Int> { 0..<outerDimension }

    public func lowerGradientY(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               into gradient: UnsafeMutablePointer<Float>) {
        lower.gradientY(x: x, y: y, range: innerBatches.range(batch), into: gradient)
    }

    public func lowerHessianYYTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                                    y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        lower.hessianYTimes(v, columns: 1, range: innerBatches.range(batch), into: output)
    }

    public func lowerCrossTimes(_ v: UnsafePointer<Float>, batch: Int, x: UnsafePointer<Float>,
                                y: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        lower.crossTimes(v, range: innerBatches.range(batch), into: output)
    }

    public func lowerGradientX(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               into gradient: UnsafeMutablePointer<Float>) {
        lower.gradientX(x: x, y: y, range: innerBatches.range(batch), into: gradient)
    }

    public func upperGradients(batch: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                               gradientY: UnsafeMutablePointer<Float>, gradientX: UnsafeMutablePointer<Float>) {
        let range = outerBatches.range(batch)
        upper.gradientY(x: x, y: y, range: range, into: gradientY)
        upper.gradientX(x: x, y: y, range: range, into: gradientX)
    }

    // MARK: FrozenLowerHessian (Ā_B does not depend on the point)

    public func freezeLowerHessian(x: UnsafePointer<Float>, y: UnsafePointer<Float>) {}

    public func frozenLowerHessianTimes(_ block: UnsafePointer<Float>, columns: Int, batch: Int,
                                        into output: UnsafeMutablePointer<Float>) {
        lower.hessianYTimes(block, columns: columns, range: innerBatches.range(batch), into: output)
    }
}
