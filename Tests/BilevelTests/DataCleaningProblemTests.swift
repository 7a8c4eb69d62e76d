import Foundation
import BilevelTestSupport
import Testing
@testable import Bilevel

/// The data-cleaning minibatch oracles against central differences of an independent Float64
/// implementation of g and f (METHODS.md §1.2), on a small random problem with a partial last batch.
@Suite struct DataCleaningProblemTests {
    static let features = 6
    static let classes = 10

    /// 12 train / 8 validation rows of random bytes; batches of 5 (5, 5, 2 train rows).
    static func makeProblem(batchSize: Int = 5) -> DataCleaningProblem {
        var random = SeededRandom(seed: 3)
        let images = (0..<(40 * features)).map { _ in UInt8(random.next() % 256) }
        let labels = (0..<40).map { _ in UInt8(random.next() % 10) }
        let split = DataCleaningSplit(corruption: 0.5, seed: 5, sampleCount: 40, trainCount: 12, validationCount: 8)
        let data = DataCleaningData(trainImages: images, trainLabels: labels, testImages: Array(images.prefix(4 * features)),
                                    testLabels: Array(labels.prefix(4)), pixelsPerImage: features, split: split)
        return DataCleaningProblem(data: data, batchSize: batchSize)
    }

    /// Float64 g_B and f_B and the analytic ∇_W g_B, written from the formulas with plain loops.
    struct Reference {
        let samples: LabeledSamples
        let range: Range<Int>

        func crossEntropy(_ w: [Double], row: Int) -> (loss: Double, probabilities: [Double]) {
            let a = samples.matrix + row * features
            let z = (0..<classes).map { c in (0..<features).reduce(0.0) { $0 + w[c * features + $1] * Double(a[$1]) } }
            let m = z.max() ?? 0
            let total = z.reduce(0) { $0 + Foundation.exp($1 - m) }
            let label = Int(samples.labels[row - range.lowerBound + range.lowerBound])
            return (m + Foundation.log(total) - z[label], z.map { Foundation.exp($0 - m) / total })
        }

        func sigmoid(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }

        /// g_B(x, W) (with `x` the full outer vector) or f_B(W) when `x` is nil.
        func value(_ w: [Double], x: [Double]?) -> Double {
            var total = 0.0
            for i in range { total += (x.map { sigmoid($0[i]) } ?? 1) * crossEntropy(w, row: i).loss }
            let regularizer = x == nil ? 0 : 0.2 * w.reduce(0) { $0 + $1 * $1 }
            return total / Double(range.count) + regularizer
        }

        /// ∇_W g_B = Σ σ(x_i)(P_i − Y_i) a_iᵀ/|B| + 0.4·W.
        func gradient(_ w: [Double], x: [Double]) -> [Double] {
            var g = w.map { 0.4 * $0 }
            for i in range {
                let (_, p) = crossEntropy(w, row: i)
                let a = samples.matrix + i * features
                let weight = sigmoid(x[i]) / Double(range.count)
                for c in 0..<classes {
                    let residual = p[c] - (c == Int(samples.labels[i]) ? 1 : 0)
                    for j in 0..<features { g[c * features + j] += weight * residual * Double(a[j]) }
                }
            }
            return g
        }
    }

    static func point(_ problem: DataCleaningProblem) -> (x: [Float], y: [Float], v: [Float]) {
        var random = SeededRandom(seed: 17)
        let x = (0..<problem.outerDimension).map { _ in random.nextFloat(in: -2...2) }
        let y = (0..<problem.innerDimension).map { _ in random.nextFloat(in: -0.5...0.5) }
        let v = (0..<problem.innerDimension).map { _ in random.nextFloat(in: -1...1) }
        return (x, y, v)
    }

    @Test(arguments: [0, 2])
    func lowerOraclesMatchCentralDifferences(batch: Int) {
        let problem = Self.makeProblem()
        let (x, y, v) = Self.point(problem)
        let range = problem.lowerXSupport(batch: batch)
        #expect(range == problem.innerBatches.range(batch))
        let reference = Reference(samples: problem.data.train, range: range)
        let dy = problem.innerDimension
        var gradient = [Float](repeating: 0, count: dy)
        var hessianTimes = [Float](repeating: 0, count: dy)
        var crossTimes = [Float](repeating: 0, count: range.count)
        var gradientX = [Float](repeating: 0, count: range.count)
        var hessianAlone = [Float](repeating: 0, count: dy)
        var crossAlone = [Float](repeating: 0, count: range.count)
        problem.lowerGradientYAndProducts(batch: batch, x: x, y: y, direction: v, gradient: &gradient,
                                          hessianTimes: &hessianTimes, crossTimes: &crossTimes)
        problem.lowerGradientX(batch: batch, x: x, y: y, into: &gradientX)
        problem.lowerHessianYYTimes(v, batch: batch, x: x, y: y, into: &hessianAlone)
        problem.lowerCrossTimes(v, batch: batch, x: x, y: y, into: &crossAlone)
        let w = y.map(Double.init)
        let xd = x.map(Double.init)
        let h = 1e-5
        // Float32 oracles vs Float64 central differences (truncation error ~1e-10): 1e-5 absolute is
        // ~100 Float32 ulps of the O(0.1–1) entries.
        let tolerance = 1e-5
        for k in 0..<dy {
            var plus = w, minus = w
            plus[k] += h
            minus[k] -= h
            let numeric = (reference.value(plus, x: xd) - reference.value(minus, x: xd)) / (2 * h)
            #expect(abs(Double(gradient[k]) - numeric) <= tolerance, "∇_y g[\(k)]")
        }
        // H·v and ∂_x⟨∇_y g, v⟩ by differences of the Float64 analytic gradient.
        let plusW = zip(w, v).map { $0 + h * Double($1) }
        let minusW = zip(w, v).map { $0 - h * Double($1) }
        let gPlus = reference.gradient(plusW, x: xd), gMinus = reference.gradient(minusW, x: xd)
        for k in 0..<dy {
            let numeric = (gPlus[k] - gMinus[k]) / (2 * h)
            #expect(abs(Double(hessianTimes[k]) - numeric) <= tolerance, "H·v[\(k)]")
            #expect(abs(Double(hessianAlone[k]) - Double(hessianTimes[k])) <= 1e-6, "H·v alone [\(k)]")
        }
        for (offset, i) in range.enumerated() {
            var plus = xd, minus = xd
            plus[i] += h
            minus[i] -= h
            let numericX = (reference.value(w, x: plus) - reference.value(w, x: minus)) / (2 * h)
            #expect(abs(Double(gradientX[offset]) - numericX) <= tolerance, "∇_x g[\(i)]")
            let dot = { (g: [Double]) in zip(g, v).reduce(0.0) { $0 + $1.0 * Double($1.1) } }
            let numericCross = (dot(reference.gradient(w, x: plus)) - dot(reference.gradient(w, x: minus))) / (2 * h)
            #expect(abs(Double(crossTimes[offset]) - numericCross) <= tolerance, "J·v[\(i)]")
            #expect(crossAlone[offset] == crossTimes[offset], "J·v alone [\(i)]")
        }
    }

    /// The stacked frozen product (NBO's pair in one pass pair) equals H·v and H·v2 at the frozen
    /// point (each checked against differences above), for every batch including the partial
    /// last one, after oracles at other points have overwritten the batches' heads.
    @Test func frozenStackedProductEqualsTwoHessianProducts() {
        let problem = Self.makeProblem()
        let (x, y, v) = Self.point(problem)
        let v2 = v.reversed().map { $0 * 0.5 }
        let dy = problem.innerDimension
        let curvature = problem.frozenLowerHessian
        #expect(curvature === problem)  // its own product, not the one-column adapter
        curvature.freezeLowerHessian(x: x, y: y)
        var scratch = [Float](repeating: 0, count: dy)
        for batch in 0..<problem.innerBatches.count {
            problem.lowerGradientY(batch: batch, x: x.map { $0 + 1 }, y: y.map { $0 * 2 }, into: &scratch)
            var hv = [Float](repeating: 0, count: dy), hv2 = hv, stacked = [Float](repeating: 0, count: 2 * dy)
            curvature.frozenLowerHessianTimes(v + v2, columns: 2, batch: batch, into: &stacked)
            problem.lowerHessianYYTimes(v, batch: batch, x: x, y: y, into: &hv)
            problem.lowerHessianYYTimes(v2, batch: batch, x: x, y: y, into: &hv2)
            var single = [Float](repeating: 0, count: dy)
            curvature.frozenLowerHessianTimes(v2, columns: 1, batch: batch, into: &single)
            for k in 0..<dy {
                #expect(abs(stacked[k] - hv[k]) <= 1e-6, "batch \(batch) H·v[\(k)]")
                #expect(abs(stacked[dy + k] - hv2[k]) <= 1e-6, "batch \(batch) H·v2[\(k)]")
                #expect(abs(single[k] - hv2[k]) <= 1e-6, "batch \(batch) one column [\(k)]")
            }
        }
    }

    @Test func upperGradientMatchesCentralDifferences() {
        let problem = Self.makeProblem()
        let (x, y, _) = Self.point(problem)
        let batch = problem.outerBatches.count - 1
        #expect(problem.upperXSupport(batch: batch).isEmpty)
        let reference = Reference(samples: problem.data.validation, range: problem.outerBatches.range(batch))
        var gradient = [Float](repeating: 0, count: problem.innerDimension)
        var unused: Float = 0
        problem.upperGradients(batch: batch, x: x, y: y, gradientY: &gradient, gradientX: &unused)
        let w = y.map(Double.init)
        let h = 1e-5
        for k in 0..<problem.innerDimension {
            var plus = w, minus = w
            plus[k] += h
            minus[k] -= h
            let numeric = (reference.value(plus, x: nil) - reference.value(minus, x: nil)) / (2 * h)
            #expect(abs(Double(gradient[k]) - numeric) <= 1e-5, "∇_y f[\(k)]")  // as above
        }
    }

    @Test func batchesPartitionTheRowsWithTheirWeights() {
        let partition = BatchPartition(sampleCount: 20_000, batchSize: 64)
        #expect(partition.count == 313)
        #expect(partition.range(312) == 19_968..<20_000)
        #expect(partition.weight(0) == 64 / 20_000 && partition.weight(312) == 32 / 20_000)
        let problem = Self.makeProblem(batchSize: 100)
        #expect(problem.innerBatches.count == 1 && problem.outerBatches.count == 1)
    }
}

/// The assembled benchopt data against numpy (`RandomState(32)` split and corruption, hashlib
/// digests of the labels; StandardScaler by hand in Float64) on the real files.
@Suite struct DataCleaningDataTests {
    static var directory: DataDirectory { DataDirectory.resolve(option: nil) }
    static func has(_ dataset: Dataset) -> Bool {
        FileManager.default.fileExists(atPath: directory.path(of: dataset) + "/t10k-labels-idx1-ubyte")
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let dataset: Dataset
        let corruption: Double
        let masked: Int
        let unchanged: Int
        let labels: String
        var testDescription: String { "\(dataset.rawValue) p=\(corruption)" }
    }

    /// From numpy 2.4.6: masked count, masked rows whose drawn label equals the true one, and
    /// sha256 of the corrupted train labels joined by ",".
    static let cases = [
        Case(dataset: .mnist, corruption: 0.5, masked: 10_045, unchanged: 1009,
             labels: "1780dac2ad8ad6e46c9f0b46cf22a30af72a61216ee82f88dc4ebfc206ff0358"),
        Case(dataset: .mnist, corruption: 0.9, masked: 18_047, unchanged: 1852,
             labels: "510286dfc8ca47c9a94804fcdec40df8381ce49b0811da281537948f370bfa83"),
        Case(dataset: .fashionMNIST, corruption: 0.7, masked: 14_003, unchanged: 1444,
             labels: "47730ebd4e0acda5a9fafe37bf9f76cf0fd1fb7fa321c554d0027b48748bef9a"),
    ]

    @Test(.enabled(if: has(.mnist) && has(.fashionMNIST), "needs MNIST and Fashion-MNIST (make data)"),
          arguments: cases)
    func splitCorruptionAndScalingMatchNumpy(_ testCase: Case) throws {
        let data = try DataCleaningData.load(from: Self.directory, dataset: testCase.dataset,
                                             corruption: testCase.corruption)
        let split = data.split
        #expect(HyperCleaningSplit.listDigest(split.validationIndices)
            == "79ba836f8894a87ef601631a76b2e717c32ea3145d50e4d101450fe710bcab8c")
        #expect(HyperCleaningSplit.listDigest(split.trainIndices)
            == "f52019756e75bfda0cc65b89895c4efc726775f964ecd0d4f207179ae9c0695f")
        #expect(split.maskedCount == testCase.masked)
        let trueLabels = try Self.directory.labels(testCase.dataset, .train).labels
        let corrupted = split.corruptedTrainLabels(trueLabels: trueLabels)
        #expect(HyperCleaningSplit.listDigest(corrupted) == testCase.labels)
        let unchanged = split.replacementLabels.indices.filter {
            split.replacementLabels[$0] != nil && corrupted[$0] == Int(trueLabels[split.trainIndices[$0]])
        }.count
        #expect(unchanged == testCase.unchanged)
        #expect(data.train.labels.map(Int.init) == corrupted)
        #expect((data.train.rows, data.validation.rows, data.test.rows) == (20_000, 5_000, 10_000))
        // ((X − mean)/std).astype(float32) entries printed by numpy.
        let expected: [Dataset: (Float, Float)] = [
            .mnist: (-0.7026246190071106, -0.15952233970165253),
            .fashionMNIST: (-1.2746002674102783, 1.5488423109054565),
        ]
        let values = data.train.matrix
        #expect(values[300] == expected[testCase.dataset]?.0)
        #expect(values[19_999 * 784 + 400] == expected[testCase.dataset]?.1)
    }
}
