/// A read-only sparse matrix in compressed sparse row (CSR) form, built once from a dense one.
///
/// MNIST images are 81 % zeros (PBGD's features are pixel/255, not standardised), so the
/// products with the 5000×784 sample matrix — X·Wᵀ and Dᵀ·X, which are all of an MLP
/// iteration's large products — do a fifth of the dense work when they skip the zeros. Skipping
/// a zero changes no sum: x·w with x = 0 adds an exact zero (for finite w), so the sparse product
/// equals a dense one that adds the same nonzero terms in ascending column order.
///
/// Row `i` holds the nonzeros `values[p]` at columns `columnIndices[p]` for
/// `p ∈ rowStarts[i] ..< rowStarts[i + 1]`, columns ascending. The products live in
/// `SparseRowMatrix+Product.swift`; the scratch they need is owned here and grows once, so a
/// steady state allocates nothing. Not safe for concurrent products on the same instance.
public final class SparseRowMatrix: @unchecked Sendable {
    // @unchecked: the CSR arrays are written only in init; `scratch` is used by one product at a
    // time (documented above) and only inside the product call.

    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// `rows + 1` offsets into ``values`` / ``columnIndices``.
    let rowStarts: [Int]
    /// Column of each stored value.
    let columnIndices: [Int32]
    /// The nonzero values, row by row.
    let values: [Float]
    /// The rows in the order the products visit them: within each window of
    /// ``orderWindow`` rows, by ascending nonzero count, so the rows a product interleaves
    /// (`SparseProductOperands.swift`) have nearly equal lengths. Which rows run together
    /// changes no sum: each row is still accumulated on its own, in ascending column order.
    let rowOrder: [Int32]
    /// Rows per window of ``rowOrder`` (windows keep contiguous worker ranges balanced).
    static let orderWindow = 64
    /// The columns that hold a stored value, from the smallest to the largest (empty without
    /// values): the rows of B a product reads. A column block of a transpose
    /// (``transposed(rowRange:)``) keeps global indices but spans only its own rows.
    let columnSpan: Range<Int>
    /// Scratch of the products (a transposed operand or result); grown on first use.
    var scratch: FloatBuffer = FloatBuffer(count: 0)
    /// Per-block partial sums of the scatter product (`SparseProductOperands.swift`).
    var partials: FloatBuffer = FloatBuffer(count: 0)

    /// Number of stored (nonzero) entries.
    public var nonzeros: Int { values.count }

    /// Fraction of entries that are nonzero.
    public var density: Double { rows * columns == 0 ? 0 : Double(nonzeros) / Double(rows * columns) }

    /// The nonzeros of the dense row-major `rows × columns` matrix at `dense` (row stride `ld`).
    /// NaN and infinities count as nonzero, so they propagate through products as in a dense one.
    public init(dense: UnsafePointer<Float>, rows: Int, columns: Int, ld: Int) {
        precondition(rows >= 0 && columns >= 0 && ld >= max(1, columns), "bad shape \(rows)x\(columns), ld \(ld)")
        var starts = [Int](repeating: 0, count: rows + 1)
        var count = 0
        for i in 0..<rows {
            let row = dense + i * ld
            for j in 0..<columns where row[j] != 0 { count += 1 }
            starts[i + 1] = count
        }
        var indices = [Int32](repeating: 0, count: count)
        var stored = [Float](repeating: 0, count: count)
        var p = 0
        for i in 0..<rows {
            let row = dense + i * ld
            for j in 0..<columns where row[j] != 0 {
                indices[p] = Int32(j)
                stored[p] = row[j]
                p += 1
            }
        }
        self.rows = rows
        self.columns = columns
        rowStarts = starts
        columnIndices = indices
        values = stored
        rowOrder = Self.visitOrder(rowStarts: starts)
        columnSpan = Self.span(of: indices)
    }

    private init(rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int32], values: [Float]) {
        self.rows = rows
        self.columns = columns
        self.rowStarts = rowStarts
        self.columnIndices = columnIndices
        self.values = values
        rowOrder = Self.visitOrder(rowStarts: rowStarts)
        columnSpan = Self.span(of: columnIndices)
    }

    /// ``columnSpan`` of the stored column indices.
    private static func span(of indices: [Int32]) -> Range<Int> {
        guard let low = indices.min(), let high = indices.max() else { return 0..<0 }
        return Int(low)..<(Int(high) + 1)
    }

    /// ``rowOrder`` for the row offsets `rowStarts`: each window of ``orderWindow`` rows sorted
    /// by nonzero count (stable).
    private static func visitOrder(rowStarts: [Int]) -> [Int32] {
        let rows = rowStarts.count - 1
        var order = [Int32]()
        order.reserveCapacity(rows)
        for window in stride(from: 0, to: rows, by: orderWindow) {
            let members = window..<min(rows, window + orderWindow)
            let sorted = members.sorted { a, b in
                let (la, lb) = (rowStarts[a + 1] - rowStarts[a], rowStarts[b + 1] - rowStarts[b])
                return la != lb ? la < lb : a < b
            }
            order.append(contentsOf: sorted.map { Int32($0) })
        }
        return order
    }

    /// The transpose in CSR form (the CSC form of `self`): row `j` lists the nonzeros of column
    /// `j`, rows ascending. With `rowRange`, only the nonzeros of those rows of `self` (a column
    /// block of the transpose; its column indices stay global). A counting sort, O(rows + columns
    /// + nonzeros).
    public func transposed(rowRange: Range<Int>? = nil) -> SparseRowMatrix {
        let range = rowRange ?? 0..<rows
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) outside 0..<\(rows)")
        let first = rowStarts[range.lowerBound]
        let count = rowStarts[range.upperBound] - first
        var starts = [Int](repeating: 0, count: columns + 1)
        for p in first..<first + count { starts[Int(columnIndices[p]) + 1] += 1 }
        for j in 0..<columns { starts[j + 1] += starts[j] }
        var next = Array(starts.dropLast())
        var indices = [Int32](repeating: 0, count: count)
        var stored = [Float](repeating: 0, count: count)
        for i in range {
            for p in rowStarts[i]..<rowStarts[i + 1] {
                let j = Int(columnIndices[p])
                indices[next[j]] = Int32(i)
                stored[next[j]] = values[p]
                next[j] += 1
            }
        }
        return SparseRowMatrix(rows: columns, columns: rows, rowStarts: starts, columnIndices: indices, values: stored)
    }

    /// The matrix as a dense row-major array (allocates; for tests and small checks).
    public func denseArray() -> [Float] {
        var dense = [Float](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for p in rowStarts[i]..<rowStarts[i + 1] { dense[i * columns + Int(columnIndices[p])] = values[p] }
        }
        return dense
    }

    /// A scratch buffer of at least `count` floats (reallocated only when it must grow).
    func scratchBuffer(count: Int) -> UnsafeMutablePointer<Float> {
        if scratch.count < count { scratch = FloatBuffer(count: count) }
        return scratch.pointer
    }
}
