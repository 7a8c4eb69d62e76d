import Tensor

/// The one-hidden-layer sigmoid network Z = σ(X·W1ᵀ + b1)·W2ᵀ + b2 (784-300-10 in the paper) over
/// one sample matrix. Parameter layout `[W1, b1, W2, b2]` (PyTorch `parameters()` order).
///
/// With two stacked sets the first layer is one gemm X·[W1₀; W1₁]ᵀ of width 2H and its gradient
/// one gemm [D1₀|D1₁]ᵀ·X; the second layer (H → C) runs per set. PBGD.md §3.1 gives every formula,
/// including the R-operator used for Hessian-vector products.
public final class MLPPass: NetworkPass {
    public let layout: ParameterLayout
    public let samples: LabeledSamples
    public let classes: Int
    public let maxSets: Int
    public var logits: UnsafeMutablePointer<Float> { logitsBuffer.pointer }
    public var logitsLD: Int { maxSets * classes }

    private let features: Int
    private let hidden: Int
    private let w1Offset = 0
    private let b1Offset: Int
    private let w2Offset: Int
    private let b2Offset: Int
    private var hiddenLD: Int { maxSets * hidden }

    private let firstLayerStack: FloatBuffer  // (maxSets·H) × d
    private let firstLayerGradientStack: FloatBuffer  // (maxSets·H) × d
    private let activations: FloatBuffer  // rows × (maxSets·H): Hh = σ(Z1), set-major column blocks
    private let logitsBuffer: FloatBuffer  // rows × (maxSets·C)
    private let hiddenGradient: FloatBuffer  // rows × (maxSets·H): dH = G·W2 (kept for the R-pass)
    private let preactivationGradient: FloatBuffer  // rows × (maxSets·H): D1 = dH ⊙ Hh(1 − Hh)
    private let directionalHidden: FloatBuffer  // rows × H: R(Hh)
    private let directionalHiddenGradient: FloatBuffer  // rows × H: R(dH), then R(D1)
    private let directional: FloatBuffer  // rows × C: U = R(Z)

    /// A pass of the MLP with `hidden` sigmoid units and `classes` outputs over `samples`.
    public init(samples: LabeledSamples, hidden: Int, classes: Int, maxSets: Int) {
        precondition(maxSets >= 1 && maxSets <= 2, "maxSets must be 1 or 2, got \(maxSets)")
        self.samples = samples
        self.classes = classes
        self.hidden = hidden
        self.maxSets = maxSets
        self.features = samples.features
        self.layout = MLPPass.layout(features: samples.features, hidden: hidden, classes: classes)
        b1Offset = layout.block("b1").offset
        w2Offset = layout.block("W2").offset
        b2Offset = layout.block("b2").offset
        let rows = samples.rows
        firstLayerStack = FloatBuffer(count: maxSets * hidden * features)
        firstLayerGradientStack = FloatBuffer(count: maxSets * hidden * features)
        activations = FloatBuffer(count: rows * maxSets * hidden)
        logitsBuffer = FloatBuffer(count: rows * maxSets * classes)
        hiddenGradient = FloatBuffer(count: rows * maxSets * hidden)
        preactivationGradient = FloatBuffer(count: rows * maxSets * hidden)
        directionalHidden = FloatBuffer(count: rows * hidden)
        directionalHiddenGradient = FloatBuffer(count: rows * hidden)
        directional = FloatBuffer(count: rows * classes)
    }

    /// `[W1 (H × d), b1 (H), W2 (C × H), b2 (C)]`.
    public static func layout(features: Int, hidden: Int, classes: Int) -> ParameterLayout {
        ParameterLayout([("W1", hidden, features), ("b1", 1, hidden), ("W2", classes, hidden), ("b2", 1, classes)])
    }

    private var firstLayerCount: Int { hidden * features }

    public func forward(_ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>?) {
        let sets = second == nil ? 1 : 2
        precondition(sets <= maxSets, "forward with \(sets) sets on a pass built for \(maxSets)")
        let rows = samples.rows
        let w1: UnsafePointer<Float>
        if let second {
            // Stack [W1₀; W1₁] (a 1.9 MB copy) so X (15.7 MB) is read once by a gemm of width 2H.
            firstLayerStack.pointer.update(from: first + w1Offset, count: firstLayerCount)
            (firstLayerStack.pointer + firstLayerCount).update(from: second + w1Offset, count: firstLayerCount)
            w1 = firstLayerStack.constPointer
        } else {
            w1 = first + w1Offset
        }
        let h = activations.pointer
        samples.timesTransposed(w1, ldb: features, n: sets * hidden, into: h, ldz: hiddenLD)
        let threads = BLASThreads.kernelThreads
        for set in 0..<sets {
            let parameters = set == 0 ? first : (second ?? first)
            StridedMatrixOps.addRowVectorAndSigmoid(parameters + b1Offset, to: h + set * hidden, rows: rows,
                                                    columns: hidden, ld: hiddenLD, threads: threads)
        }
        for set in 0..<sets {
            let parameters = set == 0 ? first : (second ?? first)
            gemm(.none, .transposed, m: rows, n: classes, k: hidden,
                 a: h + set * hidden, lda: hiddenLD, b: parameters + w2Offset, ldb: hidden,
                 c: logits + set * classes, ldc: logitsLD)
            StridedMatrixOps.addRowVector(parameters + b2Offset, to: logits + set * classes, rows: rows,
                                          columns: classes, ld: logitsLD)
        }
    }

    public func backward(
        logitGradient: UnsafePointer<Float>,
        _ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>?,
        into gradientFirst: UnsafeMutablePointer<Float>, _ gradientSecond: UnsafeMutablePointer<Float>?,
        accumulate: Bool
    ) {
        let sets = second == nil ? 1 : 2
        let rows = samples.rows
        let beta: Float = accumulate ? 1 : 0
        let h = activations.constPointer
        for set in 0..<sets {
            let parameters = set == 0 ? first : (second ?? first)
            guard let gradient = set == 0 ? gradientFirst : gradientSecond else {
                preconditionFailure("two sets need two gradients")
            }
            let g = logitGradient + set * classes
            // dW2 = Gᵀ·Hh, db2 = Gᵀ·1, dH = G·W2.
            gemm(.transposed, .none, m: classes, n: hidden, k: rows, a: g, lda: logitsLD,
                 b: h + set * hidden, ldb: hiddenLD, beta: beta, c: gradient + w2Offset, ldc: hidden)
            StridedMatrixOps.columnSums(g, rows: rows, columns: classes, ld: logitsLD,
                                        into: gradient + b2Offset, accumulate: accumulate)
            gemm(.none, .none, m: rows, n: hidden, k: classes, a: g, lda: logitsLD,
                 b: parameters + w2Offset, ldb: hidden, c: hiddenGradient.pointer + set * hidden, ldc: hiddenLD)
        }
        let d1 = preactivationGradient.pointer
        let threads = BLASThreads.kernelThreads
        StridedMatrixOps.sigmoidBackward(gradient: hiddenGradient.constPointer, output: h, into: d1,
                                         rows: rows, columns: sets * hidden, ld: hiddenLD, threads: threads)
        if let gradientSecond {
            // One gemm [D1₀|D1₁]ᵀ·X for both sets' first layers.
            samples.transposedTimes(d1, ldd: hiddenLD, m: 2 * hidden, into: firstLayerGradientStack.pointer,
                                    ldc: features)
            StridedMatrixOps.store(firstLayerGradientStack.pointer, into: gradientFirst + w1Offset,
                                   count: firstLayerCount, accumulate: accumulate)
            StridedMatrixOps.store(firstLayerGradientStack.pointer + firstLayerCount, into: gradientSecond + w1Offset,
                                   count: firstLayerCount, accumulate: accumulate)
        } else {
            samples.transposedTimes(d1, ldd: hiddenLD, m: hidden, beta: beta, into: gradientFirst + w1Offset,
                                    ldc: features)
        }
        for set in 0..<sets {
            guard let gradient = set == 0 ? gradientFirst : gradientSecond else { continue }
            StridedMatrixOps.columnSums(d1 + set * hidden, rows: rows, columns: hidden, ld: hiddenLD,
                                        into: gradient + b1Offset, accumulate: accumulate, threads: threads)
        }
    }


    public func directionalForward(parameters: UnsafePointer<Float>, direction: UnsafePointer<Float>)
        -> UnsafePointer<Float>
    {
        let rows = samples.rows
        let h = activations.constPointer
        let rh = directionalHidden.pointer
        // R(Z1) = X·V1ᵀ + 1·c1ᵀ, R(Hh) = Hh(1 − Hh) ⊙ R(Z1).
        samples.timesTransposed(direction + w1Offset, ldb: features, n: hidden, into: rh, ldz: hidden)
        StridedMatrixOps.addRowVector(direction + b1Offset, to: rh, rows: rows, columns: hidden, ld: hidden)
        for i in 0..<rows {
            let hRow = h + i * hiddenLD
            let rRow = rh + i * hidden
            for j in 0..<hidden { rRow[j] *= hRow[j] * (1 - hRow[j]) }
        }
        // U = R(Hh)·W2ᵀ + Hh·V2ᵀ + 1·c2ᵀ.
        let u = directional.pointer
        gemm(.none, .transposed, m: rows, n: classes, k: hidden, a: rh, lda: hidden,
             b: parameters + w2Offset, ldb: hidden, c: u, ldc: classes)
        gemm(.none, .transposed, m: rows, n: classes, k: hidden, a: h, lda: hiddenLD,
             b: direction + w2Offset, ldb: hidden, beta: 1, c: u, ldc: classes)
        StridedMatrixOps.addRowVector(direction + b2Offset, to: u, rows: rows, columns: classes, ld: classes)
        return directional.constPointer
    }

    public func directionalBackward(
        logitGradient: UnsafePointer<Float>, directionalLogitGradient: UnsafePointer<Float>,
        parameters: UnsafePointer<Float>, direction: UnsafePointer<Float>,
        into output: UnsafeMutablePointer<Float>
    ) {
        let rows = samples.rows
        let h = activations.constPointer
        let rh = directionalHidden.constPointer
        let rg = directionalLogitGradient
        // R(dW2) = R(G)ᵀ·Hh + Gᵀ·R(Hh); R(db2) = R(G)ᵀ·1.
        gemm(.transposed, .none, m: classes, n: hidden, k: rows, a: rg, lda: classes,
             b: h, ldb: hiddenLD, c: output + w2Offset, ldc: hidden)
        gemm(.transposed, .none, m: classes, n: hidden, k: rows, a: logitGradient, lda: logitsLD,
             b: rh, ldb: hidden, beta: 1, c: output + w2Offset, ldc: hidden)
        StridedMatrixOps.columnSums(rg, rows: rows, columns: classes, ld: classes,
                                    into: output + b2Offset, accumulate: false)
        // R(dH) = R(G)·W2 + G·V2.
        let rdh = directionalHiddenGradient.pointer
        gemm(.none, .none, m: rows, n: hidden, k: classes, a: rg, lda: classes,
             b: parameters + w2Offset, ldb: hidden, c: rdh, ldc: hidden)
        gemm(.none, .none, m: rows, n: hidden, k: classes, a: logitGradient, lda: logitsLD,
             b: direction + w2Offset, ldb: hidden, beta: 1, c: rdh, ldc: hidden)
        // R(D1) = R(dH) ⊙ Hh(1 − Hh) + dH ⊙ (1 − 2Hh) ⊙ R(Hh), in place over R(dH).
        let dh = hiddenGradient.constPointer
        for i in 0..<rows {
            let hRow = h + i * hiddenLD
            let dhRow = dh + i * hiddenLD
            let rhRow = rh + i * hidden
            let rRow = rdh + i * hidden
            for j in 0..<hidden {
                let hv = hRow[j]
                rRow[j] = rRow[j] * hv * (1 - hv) + dhRow[j] * (1 - 2 * hv) * rhRow[j]
            }
        }
        // R(dW1) = R(D1)ᵀ·X; R(db1) = R(D1)ᵀ·1.
        samples.transposedTimes(rdh, ldd: hidden, m: hidden, into: output + w1Offset, ldc: features)
        StridedMatrixOps.columnSums(rdh, rows: rows, columns: hidden, ld: hidden,
                                    into: output + b1Offset, accumulate: false)
    }
}
