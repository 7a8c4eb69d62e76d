import Tensor

/// The linear softmax classifier Z = X·Wᵀ + 1·bᵀ (W: classes × features, b: classes) over one
/// sample matrix. Parameter layout `[W, b]` (PyTorch `nn.Linear` order), or `[W]` alone for the
/// bias-free model of the benchopt data-cleaning problem (METHODS.md §3.1, `includesBias: false`).
///
/// Per pass over n rows and s stacked sets: forward 2·n·d·(s·C) FLOPs (one gemm), backward the
/// same (one gemm Gᵀ·X for all sets). PBGD.md §3.1.
public final class LinearPass: NetworkPass {
    public let layout: ParameterLayout
    public let samples: LabeledSamples
    public let classes: Int
    public let maxSets: Int
    public var logits: UnsafeMutablePointer<Float> { logitsBuffer.pointer }
    public var logitsLD: Int { maxSets * classes }

    /// Whether the parameters end with a bias b (false: Z = X·Wᵀ).
    public let includesBias: Bool
    private let features: Int
    private let weightStack: FloatBuffer  // (maxSets·C) × d: W of each set, rows adjacent
    private let gradientStack: FloatBuffer  // (maxSets·C) × d
    private let logitsBuffer: FloatBuffer  // rows × (maxSets·C)
    private let directional: FloatBuffer  // rows × C

    /// A pass of the linear model with `classes` outputs over `samples`, stacking up to `maxSets`;
    /// `includesBias: false` drops b (layout `[W]`).
    public init(samples: LabeledSamples, classes: Int, maxSets: Int, includesBias: Bool = true) {
        precondition(maxSets >= 1 && maxSets <= 2, "maxSets must be 1 or 2, got \(maxSets)")
        self.samples = samples
        self.classes = classes
        self.maxSets = maxSets
        self.includesBias = includesBias
        self.features = samples.features
        self.layout = LinearPass.layout(features: samples.features, classes: classes, includesBias: includesBias)
        weightStack = FloatBuffer(count: maxSets * classes * features)
        gradientStack = FloatBuffer(count: maxSets * classes * features)
        logitsBuffer = FloatBuffer(count: samples.rows * maxSets * classes)
        directional = FloatBuffer(count: samples.rows * classes)
    }

    /// `[W (classes × features), b (classes)]`, or `[W]` without the bias.
    public static func layout(features: Int, classes: Int, includesBias: Bool = true) -> ParameterLayout {
        includesBias
            ? ParameterLayout([("W", classes, features), ("b", 1, classes)])
            : ParameterLayout([("W", classes, features)])
    }

    private var biasOffset: Int { classes * features }

    public func forward(_ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>?) {
        let sets = second == nil ? 1 : 2
        precondition(sets <= maxSets, "forward with \(sets) sets on a pass built for \(maxSets)")
        let weights: UnsafePointer<Float>
        if let second {
            // Stack [W₀; W₁] so one gemm of width 2C reads X once for both sets.
            weightStack.pointer.update(from: first, count: biasOffset)
            (weightStack.pointer + biasOffset).update(from: second, count: biasOffset)
            weights = weightStack.constPointer
        } else {
            weights = first
        }
        samples.timesTransposed(weights, ldb: features, n: sets * classes, into: logits, ldz: logitsLD)
        guard includesBias else { return }
        StridedMatrixOps.addRowVector(first + biasOffset, to: logits, rows: samples.rows,
                                      columns: classes, ld: logitsLD)
        if let second {
            StridedMatrixOps.addRowVector(second + biasOffset, to: logits + classes,
                                          rows: samples.rows, columns: classes, ld: logitsLD)
        }
    }

    public func backward(
        logitGradient: UnsafePointer<Float>,
        _ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>?,
        into gradientFirst: UnsafeMutablePointer<Float>, _ gradientSecond: UnsafeMutablePointer<Float>?,
        accumulate: Bool
    ) {
        let sets = second == nil ? 1 : 2
        if sets == 1 {
            samples.transposedTimes(logitGradient, ldd: logitsLD, m: classes, beta: accumulate ? 1 : 0,
                                    into: gradientFirst, ldc: features)
        } else {
            guard let gradientSecond else { preconditionFailure("two sets need two gradients") }
            // One gemm [G₀|G₁]ᵀ·X for both sets, then scatter the two row blocks.
            samples.transposedTimes(logitGradient, ldd: logitsLD, m: 2 * classes,
                                    into: gradientStack.pointer, ldc: features)
            StridedMatrixOps.store(gradientStack.pointer, into: gradientFirst, count: biasOffset,
                                   accumulate: accumulate)
            StridedMatrixOps.store(gradientStack.pointer + biasOffset, into: gradientSecond, count: biasOffset,
                                   accumulate: accumulate)
        }
        guard includesBias else { return }
        StridedMatrixOps.columnSums(logitGradient, rows: samples.rows, columns: classes, ld: logitsLD,
                                    into: gradientFirst + biasOffset, accumulate: accumulate)
        if let gradientSecond {
            StridedMatrixOps.columnSums(logitGradient + classes, rows: samples.rows, columns: classes,
                                        ld: logitsLD, into: gradientSecond + biasOffset,
                                        accumulate: accumulate)
        }
    }


    public func directionalForward(parameters: UnsafePointer<Float>, direction: UnsafePointer<Float>)
        -> UnsafePointer<Float>
    {
        // U = X·V_Wᵀ + 1·V_bᵀ: the logits are linear in the parameters.
        samples.timesTransposed(direction, ldb: features, n: classes, into: directional.pointer, ldz: classes)
        if includesBias {
            StridedMatrixOps.addRowVector(direction + biasOffset, to: directional.pointer,
                                          rows: samples.rows, columns: classes, ld: classes)
        }
        return directional.constPointer
    }

    public func directionalBackward(
        logitGradient: UnsafePointer<Float>, directionalLogitGradient: UnsafePointer<Float>,
        parameters: UnsafePointer<Float>, direction: UnsafePointer<Float>,
        into output: UnsafeMutablePointer<Float>
    ) {
        // The backward map G ↦ (GᵀX, Gᵀ1) is linear and independent of W, so R(∂θ) = (R(G)ᵀX, R(G)ᵀ1).
        samples.transposedTimes(directionalLogitGradient, ldd: classes, m: classes, into: output, ldc: features)
        guard includesBias else { return }
        StridedMatrixOps.columnSums(directionalLogitGradient, rows: samples.rows, columns: classes,
                                    ld: classes, into: output + biasOffset, accumulate: false)
    }
}
