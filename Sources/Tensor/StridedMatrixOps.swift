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

    /// m[i, j] ← σ(m[i, j] + v[j]): a layer's bias and sigmoid in one pass over m, the rows split
    /// over up to `threads` workers. Each element gets the same two operations as
    /// ``addRowVector(_:to:rows:columns:ld:)`` followed by ``Elementwise/sigmoid(_:into:count:)``.
    public static func addRowVectorAndSigmoid(
        _ v: UnsafePointer<Float>, to m: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ld: Int,
        threads: Int = 1
    ) {
        let (bias, matrix) = (SendablePointer(v), SendablePointer(m))
        Workers.forEachRange(count: rows, threads: threads, minimumPerWorker: minimumRowsPerWorker) { range in
            for i in range {
                let row = matrix.pointer + i * ld
                addRowVector(bias.pointer, to: row, rows: 1, columns: columns, ld: ld)
                Elementwise.sigmoid(row, into: row, count: columns)
            }
        }
    }

    /// out[j] = Σ_i m[i, j] (or += when `accumulate`), i.e. mᵀ·1: the bias gradient of a layer.
    /// Accumulates in Float64 in one pass over the rows (see ``columnSums(of:rows:columns:into:)``);
    /// the columns are split over up to `threads` workers, each column summed alone in row order,
    /// so the sums do not depend on `threads`.
    public static func columnSums(
        _ m: UnsafePointer<Float>, rows: Int, columns: Int, ld: Int,
        into out: UnsafeMutablePointer<Float>, accumulate: Bool, threads: Int = 1
    ) {
        let (matrix, sums) = (SendablePointer(m), SendablePointer(out))
        let perWorker = max(1, minimumRowsPerWorker * 64 / max(1, rows))
        Workers.forEachRange(count: columns, threads: threads, minimumPerWorker: perWorker) { range in
            Reduction.columnSums(matrix.pointer + range.lowerBound, rows: rows, columns: range.count, ld: ld,
                                 into: sums.pointer + range.lowerBound, accumulate: accumulate)
        }
    }

    /// d[i, j] = g[i, j] · h[i, j] · (1 − h[i, j]): back-propagation through a sigmoid whose output is h.
    /// All three share the stride `ld`; `d` may alias `g`. Rows split over up to `threads` workers.
    public static func sigmoidBackward(
        gradient g: UnsafePointer<Float>, output h: UnsafePointer<Float>,
        into d: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ld: Int, threads: Int = 1
    ) {
        let (gradient, output, result) = (SendablePointer(g), SendablePointer(h), SendablePointer(d))
        Workers.forEachRange(count: rows, threads: threads, minimumPerWorker: minimumRowsPerWorker) { range in
            // Sixteen lanes at a time (LLVM left the scalar loop unvectorised: `d` may alias `g`);
            // each lane is the scalar expression, (g·h)·(1 − h), so the bits are the same.
            typealias V = SIMD16<Float>
            for i in range {
                let (gRow, hRow) = (UnsafeRawPointer(gradient.pointer + i * ld), UnsafeRawPointer(output.pointer + i * ld))
                let dRow = UnsafeMutableRawPointer(result.pointer + i * ld)
                var j = 0
                while j + V.scalarCount <= columns {
                    let offset = j * MemoryLayout<Float>.stride
                    let hv = hRow.loadUnaligned(fromByteOffset: offset, as: V.self)
                    let gv = gRow.loadUnaligned(fromByteOffset: offset, as: V.self)
                    dRow.storeBytes(of: gv * hv * (1 - hv), toByteOffset: offset, as: V.self)
                    j += V.scalarCount
                }
                for j in j..<columns {
                    let hv = output.pointer[i * ld + j]
                    result.pointer[i * ld + j] = gradient.pointer[i * ld + j] * hv * (1 - hv)
                }
            }
        }
    }

    /// Below this many rows (of a few hundred columns: ~0.1 ms of work) a second worker costs
    /// more than it saves.
    static let minimumRowsPerWorker = 512

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
