// Reductions over raw Float32 buffers and their Tensor conveniences: sums (Float64
// accumulation), largest magnitude, finiteness, row-wise argmax and column sums.
//
// All are pure Swift (no BLAS routine fits them well) and vectorised with `SIMD16<Float>` where
// the data is contiguous. None allocates except the Tensor conveniences that return arrays.

// MARK: - Raw-buffer kernels

/// Σᵢ xᵢ, accumulated in Float64.
///
/// Float64 lanes keep the rounding error at ~count·2⁻⁵³ relative to Σ|xᵢ|, far below one Float32
/// ulp for any realistic count. NaN/inf propagate. Allocates nothing; `count` additions.
///
/// - Parameter x: the elements (empty gives 0).
/// - Returns: the sum in Float64.
public func sum(_ x: UnsafeBufferPointer<Float>) -> Double {
    Reduction.sum(x, squared: false)
}

/// Σᵢ xᵢ², accumulated in Float64 (the squared Euclidean norm ‖x‖²).
///
/// Each square of a Float32 is exact in Float64, so neither overflow (up to ~10²⁷⁰ total) nor
/// underflow of small elements occurs. Allocates nothing; 2·`count` FLOPs.
///
/// - Parameter x: the elements (empty gives 0).
/// - Returns: the sum of squares in Float64.
public func sumOfSquares(_ x: UnsafeBufferPointer<Float>) -> Double {
    Reduction.sum(x, squared: true)
}

/// maxᵢ |xᵢ| (the infinity norm), NaN if any element is NaN, 0 for an empty buffer.
///
/// Allocates nothing; `count` comparisons.
public func maxAbs(_ x: UnsafeBufferPointer<Float>) -> Float {
    Reduction.maxAbs(x)
}

/// Whether every element is finite (no NaN, no ±inf); true for an empty buffer.
///
/// Branch-free over 16 lanes (x − x is 0 for finite x and NaN otherwise). Allocates nothing.
public func allFinite(_ x: UnsafeBufferPointer<Float>) -> Bool {
    Reduction.allFinite(x)
}

/// The column index of the largest element of each row of a row-major matrix.
///
/// Ties give the first (smallest) index, and a NaN counts as larger than any number (the first
/// NaN wins), as `torch.argmax` on CPU. `x` is rows×columns, contiguous; `indices` receives
/// `rows` values. Allocates nothing; rows·columns comparisons.
///
/// - Parameters:
///   - x: the matrix, row-major.
///   - rows: number of rows, ≥ 0.
///   - columns: number of columns, ≥ 1 when rows > 0, ≤ `Int32.max`.
///   - indices: receives the argmax of each row.
public func rowArgmax(
    _ x: UnsafePointer<Float>, rows: Int, columns: Int, into indices: UnsafeMutablePointer<Int32>
) {
    precondition(rows >= 0, "rowArgmax: negative rows \(rows)")
    precondition(rows == 0 || columns >= 1, "rowArgmax: \(rows)x\(columns) has empty rows")
    precondition(columns <= Int(Int32.max), "rowArgmax: \(columns) columns exceed Int32")
    for row in 0..<rows {
        indices[row] = Int32(
            truncatingIfNeeded: Reduction.argmax(x + row * columns, count: columns))
    }
}

/// Column sums of a row-major matrix: sums[j] = Σᵢ x[i, j], i.e. Xᵀ·1 (a bias gradient).
///
/// `x` is rows×columns, contiguous; `sums` receives `columns` values (zeros when rows = 0) and
/// must not alias `x`. Streams the rows in memory order into Float64 accumulators (a 4 KiB stack
/// buffer per 512 columns), then rounds once. Allocates nothing on the heap; rows·columns
/// additions.
///
/// - Parameters:
///   - x: the matrix, row-major.
///   - rows: number of rows, ≥ 0.
///   - columns: number of columns, ≥ 0.
///   - sums: receives the column sums.
public func columnSums(
    of x: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>
) {
    precondition(rows >= 0 && columns >= 0, "columnSums: negative size \(rows)x\(columns)")
    Reduction.columnSums(x, rows: rows, columns: columns, into: sums)
}

// MARK: - Tensor conveniences

extension Tensor {
    /// Σ of all elements in Float64 (see ``sum(_:)``). Allocates nothing.
    public func sum() -> Double {
        withUnsafeBufferPointer { Reduction.sum($0, squared: false) }
    }

    /// Σ of the squared elements in Float64, ‖self‖² (see ``sumOfSquares(_:)``).
    public func sumOfSquares() -> Double {
        withUnsafeBufferPointer { Reduction.sum($0, squared: true) }
    }

    /// The largest magnitude, NaN if any element is NaN, 0 when empty (see ``maxAbs(_:)``).
    public func maxAbs() -> Float {
        withUnsafeBufferPointer { Reduction.maxAbs($0) }
    }

    /// Whether every element is finite; O(count), vectorised (see ``allFinite(_:)``).
    public var isFinite: Bool {
        withUnsafeBufferPointer { Reduction.allFinite($0) }
    }

    /// The argmax of each row of a matrix, first maximum on ties (see
    /// ``rowArgmax(_:rows:columns:into:)``). Allocates the `rows` results.
    public func rowArgmax() -> [Int] {
        let (rowCount, columnCount) = (rows, columns)
        precondition(rowCount == 0 || columnCount >= 1, "rowArgmax: \(shape) has empty rows")
        return withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return [Int](repeating: 0, count: rowCount) }
            return (0..<rowCount).map {
                Reduction.argmax(base + $0 * columnCount, count: columnCount)
            }
        }
    }

    /// Column sums of a matrix as a tensor of shape [columns], Xᵀ·1 (see
    /// ``columnSums(of:rows:columns:into:)``). Allocates the result.
    public func columnSums() -> Tensor {
        var result = Tensor(shape: [columns])
        let rowCount = rows
        withUnsafeBufferPointer { p in
            result.withUnsafeMutableBufferPointer { out in
                guard let base = p.baseAddress, let sums = out.baseAddress else { return }
                Reduction.columnSums(base, rows: rowCount, columns: out.count, into: sums)
            }
        }
        return result
    }
}

// MARK: - Implementations

/// The loops behind the free functions and the Tensor methods (which would shadow them).
enum Reduction {
    typealias Vector = SIMD16<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Vector {
        UnsafeRawPointer(p + i).loadUnaligned(as: Vector.self)
    }

    static func sum(_ x: UnsafeBufferPointer<Float>, squared: Bool) -> Double {
        guard let p = x.baseAddress else { return 0 }
        let count = x.count
        var low = SIMD8<Double>()
        var high = SIMD8<Double>()
        var i = 0
        while i + 16 <= count {
            let v = load(p, i)
            let l = SIMD8<Double>(v.lowHalf)
            let h = SIMD8<Double>(v.highHalf)
            if squared {
                low = fusedMultiplyAdd(l, l, low)
                high = fusedMultiplyAdd(h, h, high)
            } else {
                low += l
                high += h
            }
            i += 16
        }
        var total = (low + high).sum()
        while i < count {
            let v = Double(p[i])
            total += squared ? v * v : v
            i += 1
        }
        return total
    }

    static func maxAbs(_ x: UnsafeBufferPointer<Float>) -> Float {
        guard let p = x.baseAddress else { return 0 }
        let count = x.count
        // A lane takes the new value when it is larger or NaN, and a NaN lane never leaves NaN
        // (every comparison with it is false), so NaN is sticky.
        var best = Vector()
        var i = 0
        while i + 16 <= count {
            let bits = unsafeBitCast(load(p, i), to: SIMD16<UInt32>.self) & 0x7FFF_FFFF
            let magnitude = unsafeBitCast(bits, to: Vector.self)
            best.replace(with: magnitude, where: (magnitude .> best) .| (magnitude .!= magnitude))
            i += 16
        }
        var result: Float = 0
        for lane in 0..<16 { result = larger(result, best[lane]) }
        while i < count {
            result = larger(result, abs(p[i]))
            i += 1
        }
        return result
    }

    /// max(a, b) with NaN winning, for the lane and tail reductions of ``maxAbs(_:)``.
    @inline(__always)
    static func larger(_ a: Float, _ b: Float) -> Float {
        if a.isNaN { return a }
        if b.isNaN { return b }
        return b > a ? b : a
    }

    static func allFinite(_ x: UnsafeBufferPointer<Float>) -> Bool {
        guard let p = x.baseAddress else { return true }
        let count = x.count
        // x − x is exactly 0 for every finite x and NaN for ±inf and NaN; NaN then sticks in
        // the accumulator, so one test at the end replaces a branch per element.
        var accumulator = Vector()
        var i = 0
        while i + 16 <= count {
            let v = load(p, i)
            accumulator += v - v
            i += 16
        }
        var finite = all(accumulator .== 0)
        while i < count {
            finite = finite && p[i].isFinite
            i += 1
        }
        return finite
    }

    /// Index of the first maximum of `count` ≥ 1 contiguous elements; the first NaN wins.
    static func argmax(_ row: UnsafePointer<Float>, count: Int) -> Int {
        var best = row[0]
        if best.isNaN { return 0 }
        var index = 0
        for j in 1..<max(count, 1) {
            let v = row[j]
            if v.isNaN { return j }
            if v > best {
                best = v
                index = j
            }
        }
        return index
    }

    static func columnSums(
        _ x: UnsafePointer<Float>, rows: Int, columns: Int, ld: Int? = nil,
        into sums: UnsafeMutablePointer<Float>, accumulate: Bool = false
    ) {
        let stride = ld ?? columns
        // Rows are streamed in memory order and added into Float64 accumulators for a chunk of
        // up to 128 columns, which stay in L1. Summing column blocks down the rows instead reads
        // X with a stride and measured 3× slower on 5000×300. 128 doubles are 1 KiB, the most
        // `withUnsafeTemporaryAllocation` always puts on the stack: with 512 columns (4 KiB) it
        // heap-allocated on Linux for any width over 128, one malloc per call (3 per MLP
        // iteration, seen by IterationBenchmarks' malloc count).
        let chunkWidth = 128
        withUnsafeTemporaryAllocation(of: Double.self, capacity: min(max(columns, 1), chunkWidth)) {
            accumulator in
            guard let acc = accumulator.baseAddress else { return }
            var first = 0
            while first < columns {
                let width = min(chunkWidth, columns - first)
                acc.update(repeating: 0, count: width)
                for row in 0..<rows {
                    let source = x + row * stride + first
                    var j = 0
                    while j + 16 <= width {
                        let v = load(source, j)
                        let low = UnsafeMutableRawPointer(acc + j)
                        let high = UnsafeMutableRawPointer(acc + j + 8)
                        low.storeBytes(
                            of: low.loadUnaligned(as: SIMD8<Double>.self)
                                + SIMD8<Double>(v.lowHalf),
                            as: SIMD8<Double>.self)
                        high.storeBytes(
                            of: high.loadUnaligned(as: SIMD8<Double>.self)
                                + SIMD8<Double>(v.highHalf),
                            as: SIMD8<Double>.self)
                        j += 16
                    }
                    while j < width {
                        acc[j] += Double(source[j])
                        j += 1
                    }
                }
                for j in 0..<width {
                    sums[first + j] = accumulate ? sums[first + j] + Float(acc[j]) : Float(acc[j])
                }
                first += width
            }
        }
    }
}
