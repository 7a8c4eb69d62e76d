/// Small row/column kernels on strided row-major matrices (a column block of a wider buffer).
///
/// Each works on `rows × columns` elements whose rows start `ld` elements apart, allocates
/// nothing and costs O(rows·columns). These are the glue between gemms in the models' passes.
public enum StridedMatrixOps {
    /// m[i, j] += v[j] for every row (bias broadcast).
    public static func addRowVector(
        _ v: UnsafePointer<Float>, to m: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ld: Int
    ) {
        for i in 0..<rows {
            let row = m + i * ld
            for j in 0..<columns { row[j] += v[j] }
        }
    }

    /// out[j] = Σ_i m[i, j] (or += when `accumulate`), i.e. mᵀ·1: the bias gradient of a layer.
    /// Accumulates in Float64 in one pass over the rows (see ``columnSums(of:rows:columns:into:)``).
    public static func columnSums(
        _ m: UnsafePointer<Float>, rows: Int, columns: Int, ld: Int,
        into out: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        Reduction.columnSums(m, rows: rows, columns: columns, ld: ld, into: out, accumulate: accumulate)
    }

    /// d[i, j] = g[i, j] · h[i, j] · (1 − h[i, j]): back-propagation through a sigmoid whose output is h.
    /// All three share the stride `ld`; `d` may alias `g`.
    public static func sigmoidBackward(
        gradient g: UnsafePointer<Float>, output h: UnsafePointer<Float>,
        into d: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ld: Int
    ) {
        for i in 0..<rows {
            let offset = i * ld
            for j in 0..<columns {
                let hv = h[offset + j]
                d[offset + j] = g[offset + j] * hv * (1 - hv)
            }
        }
    }

    /// `dst` ← `src` (or `dst` += `src` when `accumulate`) over `count` contiguous elements.
    public static func store(
        _ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int, accumulate: Bool
    ) {
        if accumulate {
            for i in 0..<count { dst[i] += src[i] }
        } else {
            dst.update(from: src, count: count)
        }
    }
}
