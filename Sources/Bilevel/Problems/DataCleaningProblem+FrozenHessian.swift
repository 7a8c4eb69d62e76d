import Tensor

extension DataCleaningProblem: FrozenLowerHessian {
    /// NBO's pair (v, u).
    public static let maxColumns = 2

    /// What the frozen products keep: (x̄, ȳ), and per inner batch (computed at its first
    /// product after a freeze) σ(x̄_i) and the softmax probabilities P̄_i of its rows.
    final class FrozenLinearisation {
        let x: FloatBuffer
        let y: FloatBuffer
        let sigmoid: FloatBuffer
        /// rows × classes.
        let probabilities: FloatBuffer
        /// U = A_B·blockᵀ and the directional logit gradient R, largestBatch × (2·classes) each.
        let directional: FloatBuffer
        let logitGradient: FloatBuffer
        /// Generation at which each batch's σ and P̄ were written (−1: never).
        var stamp: [Int]
        var generation = 0

        init(rows: Int, parameters: Int, classes: Int, largestBatch: Int, batches: Int) {
            x = FloatBuffer(count: rows)
            y = FloatBuffer(count: parameters)
            sigmoid = FloatBuffer(count: rows)
            probabilities = FloatBuffer(count: rows * classes)
            directional = FloatBuffer(count: largestBatch * maxColumns * classes)
            logitGradient = FloatBuffer(count: largestBatch * maxColumns * classes)
            stamp = [Int](repeating: -1, count: batches)
        }
    }

    public func freezeLowerHessian(x: UnsafePointer<Float>, y: UnsafePointer<Float>) {
        frozen.generation += 1
        frozen.x.pointer.update(from: x, count: outerDimension)
        frozen.y.pointer.update(from: y, count: innerDimension)
    }

    /// Both columns in one pass pair over the batch: U = A_B·[V₁; V₂]ᵀ (one gemm of width
    /// 2·classes), the softmax Jacobian at P̄ row by row, then [H V₁; H V₂] = Rᵀ·A_B (one gemm)
    /// plus 2r·V, where R_i = σ(x̄_i)/|B|·(P̄_i ⊙ U_i − P̄_i⟨P̄_i, U_i⟩) per column (the row kernel
    /// of ``LowerHessianProduct``).
    public func frozenLowerHessianTimes(_ block: UnsafePointer<Float>, columns: Int, batch: Int,
                                        into output: UnsafeMutablePointer<Float>) {
        precondition((1...Self.maxColumns).contains(columns), "columns \(columns) outside 1...\(Self.maxColumns)")
        let b = inner[batch], f = frozen
        let rows = b.rows, classes = b.head.pass.classes, features = data.train.features
        let p = f.probabilities.pointer + b.range.lowerBound * classes
        let s = f.sigmoid.pointer + b.range.lowerBound
        if f.stamp[batch] != f.generation {
            // The batch's own forward pass at the frozen point, copied out (later oracles reuse the head).
            b.prepareWeighted(x: f.x.constPointer, y: f.y.constPointer)
            s.update(from: b.sigmoid.constPointer, count: rows)
            let ld = b.head.ld, source = b.head.probabilities.constPointer
            for i in 0..<rows { (p + i * classes).update(from: source + i * ld, count: classes) }
            f.stamp[batch] = f.generation
        }
        let width = columns * classes
        let a = data.train.matrix + b.range.lowerBound * features
        let u = f.directional.pointer, r = f.logitGradient.pointer
        gemm(.none, .transposed, m: rows, n: width, k: features, a: a, lda: features, b: block, ldb: features,
             c: u, ldc: width)
        let scale = 1 / Float(rows)
        for i in 0..<rows {
            let pi = p + i * classes, rowScale = s[i] * scale
            for j in 0..<columns {
                _ = LowerHessianProduct.softmaxJacobianRow(
                    probabilities: pi, direction: u + i * width + j * classes, classes: classes, scale: rowScale,
                    into: r + i * width + j * classes)
            }
        }
        gemm(.transposed, .none, m: width, n: features, k: rows, a: r, lda: width, b: a, ldb: features,
             c: output, ldc: features)
        for j in 0..<columns { addRegularization(block + j * innerDimension, to: output + j * innerDimension) }
    }
}
