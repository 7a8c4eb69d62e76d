import BilevelTestSupport
import Testing

@testable import Tensor

/// The sparse kernels against the Float64 reference product on the dense matrix: CSR round trip,
/// transposes (whole and per row block), S·B for every column tail, the two sample-matrix
/// products with α, β and strides, thread-count independence, and NaN propagation.
@Suite struct SparseProductTests {
    /// A `rows × columns` matrix with about `density` of its entries nonzero (MNIST-like: many
    /// exact zeros), reproducible from `seed`.
    static func sparseMatrix(rows: Int, columns: Int, density: Double, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        return (0..<(rows * columns)).map { _ in
            random.nextUnitDouble() < density ? random.nextFloat(in: -1...1) : 0
        }
    }

    /// Tolerance of a Float32 sum of `terms` products of values in [-1, 1] against Float64.
    static func close(_ x: [Float], _ y: [Float], terms: Int) -> Bool {
        let tolerance = Float(terms) * 4 * Float.ulpOfOne
        return x.count == y.count && zip(x, y).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test func roundTripAndTransposes() {
        let (rows, columns) = (37, 29)
        let dense = Self.sparseMatrix(rows: rows, columns: columns, density: 0.2, seed: 1)
        let matrix = dense.withUnsafeBufferPointer {
            SparseRowMatrix(dense: $0.baseAddress!, rows: rows, columns: columns, ld: columns)
        }
        #expect(matrix.denseArray() == dense)
        #expect(matrix.nonzeros == dense.filter { $0 != 0 }.count)
        var transpose = [Float](repeating: 0, count: rows * columns)
        for i in 0..<rows { for j in 0..<columns { transpose[j * rows + i] = dense[i * columns + j] } }
        #expect(matrix.transposed().denseArray() == transpose)
        // Row blocks of the transpose add up to the whole transpose, each holding only its rows.
        let blocks = [0..<10, 10..<11, 11..<37].map { matrix.transposed(rowRange: $0) }
        var sum = [Float](repeating: 0, count: rows * columns)
        for (block, range) in zip(blocks, [0..<10, 10..<11, 11..<37]) {
            let part = block.denseArray()
            for j in 0..<columns {
                for i in 0..<rows where part[j * rows + i] != 0 {
                    #expect(range.contains(i))
                    sum[j * rows + i] += part[j * rows + i]
                }
            }
        }
        #expect(sum == transpose)
    }

    /// S·B for widths covering every block path (64, 16, 8, 4 and 1 wide) and their mixtures;
    /// with 23 rows the 64-wide blocks read a packed slab of B, with one row (fewer nonzeros
    /// than B has rows) B in place.
    @Test(arguments: [23, 1], [1, 3, 4, 7, 8, 10, 16, 20, 37, 64, 65, 100, 300, 600])
    func productMatchesReference(rows: Int, n: Int) {
        let depth = 41
        let (ldb, ldc) = (n + 3, n + 5)
        let s = Self.sparseMatrix(rows: rows, columns: depth, density: 0.25, seed: UInt64(n))
        var random = SeededRandom(seed: 100 + UInt64(n))
        let b = random.floats(count: depth * ldb)
        let c = random.floats(count: rows * ldc)
        let matrix = s.withUnsafeBufferPointer {
            SparseRowMatrix(dense: $0.baseAddress!, rows: rows, columns: depth, ld: depth)
        }
        for (alpha, beta) in [(Float(1), Float(0)), (-1.5, 0.5)] {
            let expected = naiveGemm(.none, .none, m: rows, n: n, k: depth, alpha: alpha, a: s, lda: depth,
                                     b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            for threads in [1, 2] {
                var out = c
                b.withUnsafeBufferPointer { pb in
                    out.withUnsafeMutableBufferPointer { pc in
                        matrix.multiply(n: n, alpha: alpha, b: pb.baseAddress!, ldb: ldb, beta: beta,
                                        c: pc.baseAddress!, ldc: ldc, threads: threads)
                    }
                }
                #expect(Self.close(out, expected, terms: depth), "α=\(alpha) β=\(beta) threads=\(threads)")
                // Padding columns of C are not touched.
                for i in 0..<rows { for j in n..<ldc { #expect(out[i * ldc + j] == c[i * ldc + j]) } }
            }
        }
    }

    /// Every column block (64-wide, the interleaved main + tail passes, the single column) gives
    /// exactly the sum of one row at a time, nonzero by nonzero in ascending column order, with
    /// the kernels' multiply-add: which rows share a pass changes no bit. Rows of very unequal
    /// lengths (empty ones too) and a row count that is not a multiple of four, 1 and 2 threads.
    @Test(arguments: [1, 2, 3, 5, 10, 20, 24, 33, 44, 64, 65, 84, 300])
    func productEqualsRowByRowSums(n: Int) {
        let (rows, depth) = (151, 90)
        var random = SeededRandom(seed: 500 + UInt64(n))
        var s = [Float](repeating: 0, count: rows * depth)
        for i in 0..<rows {
            let density = Double(i % 9) / 10  // 0 % … 80 % nonzero
            for j in 0..<depth where random.nextUnitDouble() < density { s[i * depth + j] = random.nextFloat(in: -1...1) }
        }
        let b = random.floats(count: depth * n)
        let matrix = s.withUnsafeBufferPointer { SparseRowMatrix(dense: $0.baseAddress!, rows: rows, columns: depth, ld: depth) }
        Self.expectRowByRowSums(matrix, dense: s, b: b, n: n)
    }

    /// S·B (B depth × n, packed) equals, bit for bit and on 1 and 2 threads, the sum of each row
    /// of the dense `s` taken alone, nonzero by nonzero in ascending column order with the
    /// kernels' multiply-add.
    static func expectRowByRowSums(_ matrix: SparseRowMatrix, dense s: [Float], b: [Float], n: Int) {
        let (rows, depth) = (matrix.rows, matrix.columns)
        var expected = [Float](repeating: 0, count: rows * n)
        for i in 0..<rows {
            for column in 0..<n {
                var sum: Float = 0
                for j in 0..<depth where s[i * depth + j] != 0 {
                    #if NativeCPU
                        sum = sum.addingProduct(s[i * depth + j], b[j * n + column])
                    #else
                        sum += s[i * depth + j] * b[j * n + column]
                    #endif
                }
                expected[i * n + column] = sum
            }
        }
        for threads in [1, 2] {
            var out = [Float](repeating: .nan, count: rows * n)
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    matrix.multiply(n: n, b: pb.baseAddress!, ldb: n, c: pc.baseAddress!, ldc: n, threads: threads)
                }
            }
            #expect(out == expected, "n = \(n), threads = \(threads)")
        }
    }

    /// The narrow gradient Dᵀ·X scattered from X's rows equals, bit for bit, the gather over the
    /// CSC blocks (each block summed in ascending sample order, block sums added in block order),
    /// for the widths the scatter takes and the ones it leaves to the gather, on 1 and 2 threads.
    @Test(arguments: [1, 2, 3, 7, 10, 16, 20, 24, 30])
    func scatteredGradientEqualsBlockGather(m: Int) {
        let (rows, features) = (SparseSampleMatrix.sampleBlock * 2 + 77, 50)
        let x = Self.sparseMatrix(rows: rows, columns: features, density: 0.19, seed: 9)
        let samples = x.withUnsafeBufferPointer { SparseSampleMatrix(dense: $0.baseAddress!, rows: rows, features: features) }
        var random = SeededRandom(seed: 10 + UInt64(m))
        let ldd = m + 3
        let d = random.floats(count: rows * ldd)
        // The gather, as `transposedTimes` runs it for wide products: T = Σ_b (block b's sums).
        var gathered = [Float](repeating: 0, count: features * m)
        d.withUnsafeBufferPointer { pd in
            gathered.withUnsafeMutableBufferPointer { pt in
                for (index, block) in samples.columnsForm.enumerated() {
                    block.multiply(n: m, b: pd.baseAddress!, ldb: ldd, beta: index == 0 ? 0 : 1,
                                   c: pt.baseAddress!, ldc: m, threads: 1)
                }
            }
        }
        let expected = (0..<m).flatMap { c in (0..<features).map { j in gathered[j * m + c] } }
        for threads in [1, 2] {
            var gradient = [Float](repeating: .nan, count: m * features)
            d.withUnsafeBufferPointer { pd in
                gradient.withUnsafeMutableBufferPointer { pg in
                    samples.transposedTimes(pd.baseAddress!, ldd: ldd, m: m, into: pg.baseAddress!,
                                            ldc: features, threads: threads)
                }
            }
            #expect(gradient == expected, "m = \(m), threads = \(threads)")
        }
        #expect((SparseProductOperands.singlePass(width: m) != nil) == [2, 3, 10, 16, 20, 24].contains(m))
    }

    /// X·Bᵀ and α·Dᵀ·X + β·C of the sample matrix against gemm's reference, with more rows than
    /// one block of Xᵀ (so blocks accumulate), stacked-width strides, and 1 or 2 threads giving
    /// bit-identical results.
    @Test(arguments: [(10, 12), (20, 20), (70, 80), (150, 150)])
    func sampleProductsMatchReference(width: Int, ld: Int) {
        let (rows, features) = (SparseSampleMatrix.sampleBlock * 2 + 77, 50)
        let x = Self.sparseMatrix(rows: rows, columns: features, density: 0.19, seed: 7)
        let samples = x.withUnsafeBufferPointer { SparseSampleMatrix(dense: $0.baseAddress!, rows: rows, features: features) }
        #expect(samples.columnsForm.count == 3)
        var random = SeededRandom(seed: 8)
        let weights = random.floats(count: width * features)
        let forwardExpected = naiveGemm(.none, .transposed, m: rows, n: width, k: features, alpha: 1, a: x,
                                        lda: features, b: weights, ldb: features, beta: 0,
                                        c: [Float](repeating: 0, count: rows * ld), ldc: ld)
        let d = random.floats(count: rows * ld)
        let prior = random.floats(count: width * features)
        let gradientExpected = naiveGemm(.transposed, .none, m: width, n: features, k: rows, alpha: 1, a: d,
                                         lda: ld, b: x, ldb: features, beta: 1, c: prior, ldc: features)
        var results: [[Float]] = []
        for threads in [1, 2] {
            var z = [Float](repeating: .nan, count: rows * ld)
            var gradient = prior
            weights.withUnsafeBufferPointer { pw in
                z.withUnsafeMutableBufferPointer { pz in
                    samples.timesTransposed(pw.baseAddress!, ldb: features, n: width, into: pz.baseAddress!,
                                            ldz: ld, threads: threads)
                }
            }
            d.withUnsafeBufferPointer { pd in
                gradient.withUnsafeMutableBufferPointer { pg in
                    samples.transposedTimes(pd.baseAddress!, ldd: ld, m: width, beta: 1, into: pg.baseAddress!,
                                            ldc: features, threads: threads)
                }
            }
            let logits = (0..<rows).flatMap { i in z[(i * ld)..<(i * ld + width)] }
            let expectedLogits = (0..<rows).flatMap { i in forwardExpected[(i * ld)..<(i * ld + width)] }
            #expect(Self.close(logits, expectedLogits, terms: features))
            #expect(Self.close(gradient, gradientExpected, terms: rows))
            results.append(logits + gradient)
        }
        #expect(results[0] == results[1], "thread count changed the result")
    }

    /// A matrix whose values sit in columns 300 ..< 420 of 1000 (as a 512-sample block of Xᵀ sits
    /// in its samples' rows of D): the 64-wide blocks copy only those rows of B into their slab,
    /// and the product is still, bit for bit, the row-by-row sums. B's rows outside the span are
    /// NaN, so a product that read them would show it.
    @Test func packsOnlyTheColumnSpan() {
        let (rows, depth, n) = (40, 1000, 128)
        let span = 300..<420
        var random = SeededRandom(seed: 900)
        var s = [Float](repeating: 0, count: rows * depth)
        for i in 0..<rows {
            for j in span where random.nextUnitDouble() < 0.5 { s[i * depth + j] = random.nextFloat(in: -1...1) }
        }
        s[span.lowerBound] = 0.5
        s[span.upperBound - 1] = -0.25  // the span's two ends hold values
        var b = [Float](repeating: .nan, count: depth * n)
        for j in span { for k in 0..<n { b[j * n + k] = random.nextFloat(in: -1...1) } }
        let matrix = s.withUnsafeBufferPointer { SparseRowMatrix(dense: $0.baseAddress!, rows: rows, columns: depth, ld: depth) }
        #expect(matrix.columnSpan == span)
        Self.expectRowByRowSums(matrix, dense: s, b: b, n: n)
    }

    /// A NaN or infinity in X is stored (not dropped as a zero), so it reaches the product.
    @Test func nonFiniteEntriesPropagate() {
        var x = [Float](repeating: 0, count: 4 * 3)
        x[1 * 3 + 2] = .nan
        x[2 * 3 + 0] = .infinity
        let samples = x.withUnsafeBufferPointer { SparseSampleMatrix(dense: $0.baseAddress!, rows: 4, features: 3) }
        let weights: [Float] = [1, 1, 1]
        var z = [Float](repeating: 0, count: 4)
        weights.withUnsafeBufferPointer { pw in
            z.withUnsafeMutableBufferPointer { pz in
                samples.timesTransposed(pw.baseAddress!, ldb: 3, n: 1, into: pz.baseAddress!, ldz: 1, threads: 1)
            }
        }
        #expect(z[0] == 0 && z[3] == 0)
        #expect(z[1].isNaN)
        #expect(z[2] == .infinity)
    }

    @Test func modeSelectsByDensity() {
        #expect(SampleProducts.useSparse(density: 0.19, mode: .auto))
        #expect(!SampleProducts.useSparse(density: 0.9, mode: .auto))
        #expect(!SampleProducts.useSparse(density: 0.01, mode: .dense))
        #expect(SampleProducts.useSparse(density: 0.9, mode: .sparse))
    }
}
