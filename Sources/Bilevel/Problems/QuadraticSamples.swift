import Tensor

/// The per-sample quadratics of one level of the benchopt quadratic problem (METHODS.md §1.2,
/// §3.4), stored as rank-one factors:
///
///     q_i(x, y) = ½ yᵀA_i y + ½ xᵀB_i x + xᵀC_i y + a_iᵀy + b_iᵀx,
///     A_i = α_iᵀα_i,  B_i = β_iᵀβ_i,  C_i = π_iᵀκ_i   (α_i, κ_i rows of d_y; β_i, π_i rows of d_x)
///
/// A batch mean over rows B is applied through the factors, e.g. Ā_B·v = (1/|B|)·α_Bᵀ(α_B v), two
/// gemvs on |B| rows; the full means Ā, B̄, C̄, ā, b̄ are formed once and used for the full batch.
/// Workspace for one batch is preallocated; nothing allocates after init.
final class QuadraticSamples {
    let count: Int, dy: Int, dx: Int
    /// The factor rows α, β, π, κ and the linear terms a, b (`count` rows each).
    let alphaRows: FloatBuffer, betaRows: FloatBuffer, piRows: FloatBuffer, kappaRows: FloatBuffer
    let linearY: FloatBuffer, linearX: FloatBuffer
    /// Full means: Ā (d_y × d_y), B̄ (d_x × d_x), C̄ (d_x × d_y), ā, b̄.
    let meanA: FloatBuffer, meanB: FloatBuffer, meanC: FloatBuffer, meanLinearY: FloatBuffer, meanLinearX: FloatBuffer
    private let rowScratch: FloatBuffer
    private let ones: FloatBuffer

    /// Factors as row-major arrays of `count` rows each.
    init(count: Int, dy: Int, dx: Int, alpha: [Float], beta: [Float], pi: [Float], kappa: [Float],
         linearY: [Float], linearX: [Float], maxBatch: Int) {
        precondition(alpha.count == count * dy && kappa.count == count * dy && linearY.count == count * dy
                     && beta.count == count * dx && pi.count == count * dx && linearX.count == count * dx, "factor sizes")
        (self.count, self.dy, self.dx) = (count, dy, dx)
        (alphaRows, betaRows, piRows, kappaRows) = (FloatBuffer(alpha), FloatBuffer(beta), FloatBuffer(pi), FloatBuffer(kappa))
        (self.linearY, self.linearX) = (FloatBuffer(linearY), FloatBuffer(linearX))
        rowScratch = FloatBuffer(count: 2 * max(maxBatch, 1))
        ones = FloatBuffer([Float](repeating: 1, count: count))
        meanA = FloatBuffer(count: dy * dy)
        meanB = FloatBuffer(count: dx * dx)
        meanC = FloatBuffer(count: dx * dy)
        meanLinearY = FloatBuffer(count: dy)
        meanLinearX = FloatBuffer(count: dx)
        let scale = 1 / Float(count)
        gemm(.transposed, .none, m: dy, n: dy, k: count, alpha: scale, a: alphaRows.constPointer, lda: dy,
             b: alphaRows.constPointer, ldb: dy, c: meanA.pointer, ldc: dy)
        gemm(.transposed, .none, m: dx, n: dx, k: count, alpha: scale, a: betaRows.constPointer, lda: dx,
             b: betaRows.constPointer, ldb: dx, c: meanB.pointer, ldc: dx)
        gemm(.transposed, .none, m: dx, n: dy, k: count, alpha: scale, a: piRows.constPointer, lda: dx,
             b: kappaRows.constPointer, ldb: dy, c: meanC.pointer, ldc: dy)
        gemv(.transposed, m: count, n: dy, alpha: scale, a: self.linearY.constPointer, lda: dy, x: ones.constPointer, y: meanLinearY.pointer)
        gemv(.transposed, m: count, n: dx, alpha: scale, a: self.linearX.constPointer, lda: dx, x: ones.constPointer, y: meanLinearX.pointer)
    }

    private func isFull(_ range: Range<Int>) -> Bool { range.count == count }

    /// out ← M̄_B·block for `columns` vectors of `width` values, with M_i = φ_iᵀφ_i (`factor` rows
    /// of `width`) or the full mean `mean`; `beta` = 1 accumulates.
    private func gramTimes(_ block: UnsafePointer<Float>, columns: Int, factor: FloatBuffer, mean: FloatBuffer,
                           width: Int, range: Range<Int>, beta: Float = 0, into out: UnsafeMutablePointer<Float>) {
        if isFull(range) {  // block (c × w) · M̄ (symmetric)
            gemm(.none, .none, m: columns, n: width, k: width, a: block, lda: width, b: mean.constPointer, ldb: width,
                 beta: beta, c: out, ldc: width)
            return
        }
        let rows = factor.constPointer + range.lowerBound * width
        // U = φ_B·blockᵀ (b × c), out = Uᵀ·φ_B / b.
        gemm(.none, .transposed, m: range.count, n: columns, k: width, a: rows, lda: width, b: block, ldb: width,
             c: rowScratch.pointer, ldc: columns)
        gemm(.transposed, .none, m: columns, n: width, k: range.count, alpha: 1 / Float(range.count),
             a: rowScratch.constPointer, lda: columns, b: rows, ldb: width, beta: beta, c: out, ldc: width)
    }

    /// out ← Ā_B·block (`columns` vectors of d_y).
    func hessianYTimes(_ block: UnsafePointer<Float>, columns: Int, range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        gramTimes(block, columns: columns, factor: alphaRows, mean: meanA, width: dy, range: range, into: out)
    }

    /// out (d_x) ← C̄_B·v + β·out for v of d_y.
    func crossTimes(_ v: UnsafePointer<Float>, range: Range<Int>, beta: Float = 0, into out: UnsafeMutablePointer<Float>) {
        if isFull(range) { return gemv(.none, m: dx, n: dy, a: meanC.constPointer, lda: dy, x: v, beta: beta, y: out) }
        gemv(.none, m: range.count, n: dy, a: kappaRows.constPointer + range.lowerBound * dy, lda: dy, x: v, y: rowScratch.pointer)
        gemv(.transposed, m: range.count, n: dx, alpha: 1 / Float(range.count), a: piRows.constPointer + range.lowerBound * dx,
             lda: dx, x: rowScratch.constPointer, beta: beta, y: out)
    }

    /// out (d_y) ← C̄_Bᵀ·x + β·out for x of d_x.
    func crossTransposeTimes(_ x: UnsafePointer<Float>, range: Range<Int>, beta: Float = 0, into out: UnsafeMutablePointer<Float>) {
        if isFull(range) { return gemv(.transposed, m: dx, n: dy, a: meanC.constPointer, lda: dy, x: x, beta: beta, y: out) }
        gemv(.none, m: range.count, n: dx, a: piRows.constPointer + range.lowerBound * dx, lda: dx, x: x, y: rowScratch.pointer)
        gemv(.transposed, m: range.count, n: dy, alpha: 1 / Float(range.count), a: kappaRows.constPointer + range.lowerBound * dy,
             lda: dy, x: rowScratch.constPointer, beta: beta, y: out)
    }

    /// out += mean of the `linear` rows of `range` (`width` values).
    private func addMeanLinear(_ linear: FloatBuffer, width: Int, range: Range<Int>, to out: UnsafeMutablePointer<Float>) {
        gemv(.transposed, m: range.count, n: width, alpha: 1 / Float(range.count), a: linear.constPointer + range.lowerBound * width,
             lda: width, x: ones.constPointer, beta: 1, y: out)
    }

    /// ∇_y q̄_B = Ā_B y + C̄_Bᵀx + ā_B.
    func gradientY(x: UnsafePointer<Float>, y: UnsafePointer<Float>, range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        hessianYTimes(y, columns: 1, range: range, into: out)
        crossTransposeTimes(x, range: range, beta: 1, into: out)
        addMeanLinear(linearY, width: dy, range: range, to: out)
    }

    /// ∇_x q̄_B = B̄_B x + C̄_B y + b̄_B.
    func gradientX(x: UnsafePointer<Float>, y: UnsafePointer<Float>, range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        gramTimes(x, columns: 1, factor: betaRows, mean: meanB, width: dx, range: range, into: out)
        crossTimes(y, range: range, beta: 1, into: out)
        addMeanLinear(linearX, width: dx, range: range, to: out)
    }
}
