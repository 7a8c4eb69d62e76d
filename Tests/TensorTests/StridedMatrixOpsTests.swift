import BilevelTestSupport
import Foundation
import Testing

@testable import Tensor

/// The element-wise glue of the MLP pass split over workers: the same bits as one thread and as
/// the separate operations it fuses, on strided column blocks of a wider buffer.
@Suite struct StridedMatrixOpsTests {
    /// Row counts around the one-worker limit (512 rows per worker) and a column block of a
    /// wider row (ld > columns), as the two-set MLP buffers are.
    static let shapes = [(rows: 7, columns: 5, ld: 9), (rows: 1500, columns: 300, ld: 600), (rows: 1025, columns: 17, ld: 40)]

    @Test(arguments: shapes.indices)
    func biasAndSigmoidEqualSeparateOperationsOnAnyThreadCount(shapeIndex: Int) {
        let (rows, columns, ld) = Self.shapes[shapeIndex]
        var random = SeededRandom(seed: UInt64(900 + shapeIndex))
        let input = random.floats(count: rows * ld, in: -8...8)
        let bias = random.floats(count: columns, in: -2...2)
        var separate = input
        separate.withUnsafeMutableBufferPointer { m in
            StridedMatrixOps.addRowVector(bias, to: m.baseAddress!, rows: rows, columns: columns, ld: ld)
            for i in 0..<rows {
                Elementwise.sigmoid(m.baseAddress! + i * ld, into: m.baseAddress! + i * ld, count: columns)
            }
        }
        for threads in [1, 2, 3] {
            var fused = input
            fused.withUnsafeMutableBufferPointer { m in
                StridedMatrixOps.addRowVectorAndSigmoid(bias, to: m.baseAddress!, rows: rows, columns: columns,
                                                        ld: ld, threads: threads)
            }
            // Bitwise, padding columns included (they must stay untouched).
            #expect(fused.map(\.bitPattern) == separate.map(\.bitPattern), "threads \(threads)")
        }
        // And the values are the sigmoid of the biased input, to float rounding.
        let i = rows - 1, j = columns - 1
        let exact = 1 / (1 + Foundation.exp(-Double(input[i * ld + j] + bias[j])))
        #expect(abs(Double(separate[i * ld + j]) - exact) < 1e-6)
    }

    @Test(arguments: shapes.indices)
    func sigmoidBackwardAndColumnSumsDoNotDependOnThreads(shapeIndex: Int) {
        let (rows, columns, ld) = Self.shapes[shapeIndex]
        var random = SeededRandom(seed: UInt64(950 + shapeIndex))
        let g = random.floats(count: rows * ld, in: -1...1)
        let h = random.floats(count: rows * ld, in: 0...1)
        var reference = [Float](repeating: 0, count: rows * ld)
        for i in 0..<rows {
            for j in 0..<columns {
                let hv = h[i * ld + j]
                reference[i * ld + j] = g[i * ld + j] * hv * (1 - hv)
            }
        }
        var referenceSums = [Float](repeating: 0, count: columns)
        for j in 0..<columns {
            referenceSums[j] = Float((0..<rows).reduce(0.0) { $0 + Double(g[$1 * ld + j]) })
        }
        for threads in [1, 2, 3] {
            var d = [Float](repeating: 0, count: rows * ld)
            d.withUnsafeMutableBufferPointer { out in
                StridedMatrixOps.sigmoidBackward(gradient: g, output: h, into: out.baseAddress!,
                                                 rows: rows, columns: columns, ld: ld, threads: threads)
            }
            #expect(d.map(\.bitPattern) == reference.map(\.bitPattern), "sigmoidBackward, threads \(threads)")
            var sums = [Float](repeating: 0, count: columns)
            var accumulated = [Float](repeating: 1, count: columns)
            var accumulatedOnOneThread = accumulated
            StridedMatrixOps.columnSums(g, rows: rows, columns: columns, ld: ld, into: &sums,
                                        accumulate: false, threads: threads)
            StridedMatrixOps.columnSums(g, rows: rows, columns: columns, ld: ld, into: &accumulated,
                                        accumulate: true, threads: threads)
            StridedMatrixOps.columnSums(g, rows: rows, columns: columns, ld: ld, into: &accumulatedOnOneThread,
                                        accumulate: true, threads: 1)
            // Float64 sums in row order, rounded once: the plain loop's bits.
            #expect(sums.map(\.bitPattern) == referenceSums.map(\.bitPattern), "columnSums, threads \(threads)")
            #expect(accumulated.map(\.bitPattern) == accumulatedOnOneThread.map(\.bitPattern))
            #expect(zip(accumulated, referenceSums).allSatisfy { abs($0 - 1 - $1) <= 1e-5 * max(1, abs($1)) })
        }
    }
}
