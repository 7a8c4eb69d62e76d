import BilevelTestSupport
import Testing

@testable import Tensor

/// Sums, maxAbs, allFinite, rowArgmax and columnSums against plain Float64 loops.
@Suite struct ReductionsTests {
    static let lengths = [0, 1, 15, 16, 17, 1001]

    @Test(arguments: lengths)
    func sumsMatchFloat64Reference(count: Int) {
        var random = SeededRandom(seed: UInt64(300 + count))
        let x = random.floats(count: count, in: -1e4...1e4)
        let exact = x.reduce(0.0) { $0 + Double($1) }
        let exactSquares = x.reduce(0.0) { $0 + Double($1) * Double($1) }
        let magnitude = x.reduce(0.0) { $0 + abs(Double($1)) }
        let (total, squares) = x.withUnsafeBufferPointer { (sum($0), sumOfSquares($0)) }
        // Float64 accumulation of Float32 inputs in a different order than the reference: both
        // are within n·2⁻⁵³ of the exact sum, relative to Σ|xᵢ| (resp. Σxᵢ²).
        let tolerance = 2 * Double(count) * 0x1p-53
        #expect(abs(total - exact) <= tolerance * magnitude)
        #expect(abs(squares - exactSquares) <= tolerance * exactSquares)

        let tensor = Tensor(shape: [count], scalars: x)
        #expect(tensor.sum() == total)  // the same kernel, so the same bits
        #expect(tensor.sumOfSquares() == squares)
    }

    @Test func sumOfSquaresDoesNotOverflowOrUnderflow() {
        let big = [Float](repeating: 3e38, count: 33)
        let tiny = [Float](repeating: 1e-30, count: 33)
        // Each square is exact in Float64: 33·9e76 and 33·1e−60, no Float32 overflow/underflow;
        // the relative tolerance is a few Float64 roundings.
        let bigSum = big.withUnsafeBufferPointer(sumOfSquares)
        let tinySum = tiny.withUnsafeBufferPointer(sumOfSquares)
        #expect(abs(bigSum / (33 * Double(Float(3e38)) * Double(Float(3e38))) - 1) < 1e-14)
        #expect(abs(tinySum / (33 * Double(Float(1e-30)) * Double(Float(1e-30))) - 1) < 1e-14)
    }

    @Test(arguments: lengths)
    func maxAbsMatchesReference(count: Int) {
        var random = SeededRandom(seed: UInt64(400 + count))
        var x = random.floats(count: count, in: -50...50)
        let expected = x.map(abs).max() ?? 0
        // A selection, not arithmetic: the result is exact.
        #expect(x.withUnsafeBufferPointer(maxAbs) == expected)
        #expect(Tensor(shape: [count], scalars: x).maxAbs() == expected)
        if count > 0 {
            // A NaN anywhere (vector body or tail) wins, wherever the maximum is.
            for position in Set([0, count / 2, count - 1]) {
                let saved = x[position]
                x[position] = .nan
                #expect(x.withUnsafeBufferPointer(maxAbs).isNaN, "NaN at \(position)")
                x[position] = saved
            }
            x[count - 1] = -.infinity
            #expect(x.withUnsafeBufferPointer(maxAbs) == .infinity)
        }
    }

    @Test(arguments: lengths)
    func allFiniteFindsEveryNonFiniteValue(count: Int) {
        var random = SeededRandom(seed: UInt64(500 + count))
        // Large finite values too: x − x must stay exactly 0 for them.
        var x = random.floats(count: count, in: -3e38...3e38)
        #expect(x.withUnsafeBufferPointer(allFinite))
        #expect(Tensor(shape: [count], scalars: x).isFinite)
        for position in Set([0, count / 2, count - 1]) where count > 0 {
            for bad: Float in [.nan, .infinity, -.infinity] {
                let saved = x[position]
                x[position] = bad
                #expect(!x.withUnsafeBufferPointer(allFinite), "\(bad) at \(position)")
                x[position] = saved
            }
        }
    }

    @Test func rowArgmaxTakesTheFirstMaximumAndTreatsNaNAsLargest() {
        let x = Tensor(
            shape: [5, 4],
            scalars: [
                1, 3, 3, 2,  // tie → first (1)
                -5, -5, -5, -5,  // all equal → 0
                0, .nan, 9, .nan,  // NaN counts as the largest, first NaN wins (1), as torch.argmax
                .infinity, 1, .infinity, 0,  // 0
                -.infinity, -.infinity, -1, -2,  // 2
            ])
        #expect(x.rowArgmax() == [1, 0, 1, 0, 2])
        var indices = [Int32](repeating: -1, count: 6)
        x.withUnsafeBufferPointer { p in
            rowArgmax(p.baseAddress!, rows: 5, columns: 4, into: &indices)
        }
        #expect(indices == [1, 0, 1, 0, 2, -1])  // the slot after `rows` is untouched
    }

    @Test(arguments: [(0, 3), (1, 1), (7, 10), (33, 17), (5000, 10)])
    func rowArgmaxMatchesNaiveLoop(rows: Int, columns: Int) {
        var random = SeededRandom(seed: UInt64(rows * 31 + columns))
        // Values on a coarse grid so ties occur.
        let x = (0..<rows * columns).map { _ in Float(random.nextInt(in: -3...3)) }
        let expected = (0..<rows).map { r in
            let row = x[(r * columns)..<((r + 1) * columns)]
            return row.firstIndex(of: row.max()!)! - r * columns
        }
        #expect(Tensor(shape: [rows, columns], scalars: x).rowArgmax() == expected)
    }

    @Test(arguments: [(0, 5), (3, 0), (1, 1), (5, 15), (4, 16), (9, 17), (1001, 10), (50, 300)])
    func columnSumsMatchFloat64Reference(rows: Int, columns: Int) {
        var random = SeededRandom(seed: UInt64(rows * 131 + columns))
        let x = random.floats(count: rows * columns, in: -2...2)
        var sums = [Float](repeating: .nan, count: columns + 1)
        sums[columns] = 42  // sentinel
        (x + [0]).withUnsafeBufferPointer { px in  // + [0]: a valid pointer when x is empty
            sums.withUnsafeMutableBufferPointer { ps in
                columnSums(of: px.baseAddress!, rows: rows, columns: columns, into: ps.baseAddress!)
            }
        }
        #expect(sums[columns] == 42)
        let tensorSums = Tensor(shape: [rows, columns], scalars: x).columnSums()
        #expect(tensorSums.shape == [columns])
        for j in 0..<columns {
            let exact = (0..<rows).reduce(0.0) { $0 + Double(x[$1 * columns + j]) }
            let magnitude = (0..<rows).reduce(0.0) { $0 + abs(Double(x[$1 * columns + j])) }
            // Float64 accumulation, then one rounding to Float32: u·|sum| (+ negligible
            // Float64 error n·2⁻⁵³·Σ|x|).
            let bound = Double(Float.ulpOfOne) / 2 * abs(exact) + Double(rows) * 0x1p-53 * magnitude
            #expect(abs(Double(sums[j]) - exact) <= bound, "column \(j)")
            #expect(tensorSums.scalars[j] == sums[j])
        }
    }
}
