#if canImport(Glibc)
    import Glibc
#endif
import BilevelTestSupport
import Tensor
import Testing
@testable import Bilevel

/// The oracles of the quadratic, regularization-selection and multinomial problems against
/// central differences of Float64 values written from METHODS.md §1.2 (``ProblemOracleCheck``),
/// on small problems whose last batches are partial.
@Suite struct NewtonProblemTests {
    static func point(_ random: inout SeededRandom, dx: Int, dy: Int) -> (x: [Float], y: [Float], v: [Float], v2: [Float]) {
        (random.floats(count: dx, in: -1...1), random.floats(count: dy, in: -1...1),
         random.floats(count: dy, in: -1...1), random.floats(count: dy, in: -1...1))
    }

    static func dotRow(_ buffer: FloatBuffer, _ row: Int, _ v: [Double]) -> Double {
        var total = 0.0
        for k in 0..<v.count { total += Double(buffer.pointer[row * v.count + k]) * v[k] }
        return total
    }

    static func smallQuadratic(batchSize: Int) throws -> QuadraticProblem {
        var generator = QuadraticGenerator()
        (generator.innerSamples, generator.outerSamples, generator.innerDimension, generator.outerDimension) = (10, 7, 5, 4)
        return try QuadraticProblem(generator: generator, batchSize: batchSize)
    }

    /// Mean over `range` of ½(α_i·y)² + ½(β_i·x)² + (π_i·x)(κ_i·y) + a_i·y + b_i·x.
    static func quadraticValue(_ s: QuadraticSamples, _ range: Range<Int>, _ x: [Double], _ y: [Double]) -> Double {
        var total = 0.0
        for i in range {
            let ay = dotRow(s.alphaRows, i, y), bx = dotRow(s.betaRows, i, x)
            let cross: Double = dotRow(s.piRows, i, x) * dotRow(s.kappaRows, i, y)
            total += 0.5 * ay * ay + 0.5 * bx * bx + cross + dotRow(s.linearY, i, y) + dotRow(s.linearX, i, x)
        }
        return total / Double(range.count)
    }

    @Test(arguments: [4, 100])
    func quadraticOraclesMatchDifferences(batchSize: Int) throws {
        let problem = try Self.smallQuadratic(batchSize: batchSize)
        var random = SeededRandom(seed: 11)
        let p = Self.point(&random, dx: 4, dy: 5)
        // Quadratic values: central differences are exact up to Float64 rounding; Float32 oracles
        // on O(1) values carry ~1e-6 relative error.
        ProblemOracleCheck(
            problem: problem,
            lowerValue: { Self.quadraticValue(problem.lower, problem.innerBatches.range($0), $1, $2) },
            upperValue: { Self.quadraticValue(problem.upper, problem.outerBatches.range($0), $1, $2) },
            tolerance: 1e-4
        ).run(x: p.x, y: p.y, v: p.v, v2: p.v2)
    }

    static func logisticMean(_ samples: LabeledSamples, _ range: Range<Int>, _ y: [Double]) -> Double {
        let margins = RegularizationEvaluator.margins(LabeledSamples(rowsOf: samples, range: range), y)
        return RegularizationEvaluator.meanLoss(margins)
    }

    @Test func regularizationOraclesMatchDifferences() {
        var generator = SyntheticClassification(name: "t", features: 4, classes: 2, trainRows: 10, validationRows: 7)
        generator.seed = 3
        let data = generator.generate()
        let problem = RegularizationSelectionProblem(data: data, batchSize: 4)
        var random = SeededRandom(seed: 12)
        let p = Self.point(&random, dx: 4, dy: 4)
        // Float32 exp and sigmoid (~1e-7 relative) against O(h²) = 1e-8 differences; the product
        // differences with step 1e-2 are O(1e-4) off.
        ProblemOracleCheck(
            problem: problem,
            lowerValue: { batch, x, y in
                Self.logisticMean(data.train, problem.innerBatches.range(batch), y)
                    + 0.5 * (0..<4).reduce(0.0) { $0 + exp(x[$1]) * y[$1] * y[$1] }
            },
            upperValue: { batch, _, y in Self.logisticMean(data.validation, problem.outerBatches.range(batch), y) },
            tolerance: 1e-3
        ).run(x: p.x, y: p.y, v: p.v, v2: p.v2)
    }

    @Test func multinomialOraclesMatchDifferences() {
        let (d, c) = (3, 4)
        var generator = SyntheticClassification(name: "t", features: d, classes: c, trainRows: 10, validationRows: 7)
        generator.seed = 4
        let data = generator.generate()
        let problem = MultinomialRegularizationProblem(data: data, batchSize: 4)
        func crossEntropy(_ samples: LabeledSamples, _ range: Range<Int>, _ w: [Double]) -> Double {
            range.reduce(0.0) { total, i in
                let z = (0..<c).map { l in (0..<d).reduce(0.0) { $0 + Double(samples.matrix[i * d + $1]) * w[$1 * c + l] } }
                let top = z.max()!
                return total + top + log(z.reduce(0.0) { $0 + exp($1 - top) }) - z[Int(samples.labels[i])]
            } / Double(range.count)
        }
        var random = SeededRandom(seed: 13)
        let p = Self.point(&random, dx: c, dy: d * c)
        ProblemOracleCheck(
            problem: problem,
            lowerValue: { batch, x, w in
                crossEntropy(data.train, problem.innerBatches.range(batch), w)
                    + 0.5 * (0..<(d * c)).reduce(0.0) { $0 + exp(x[$1 % c]) * w[$1] * w[$1] }
            },
            upperValue: { batch, _, w in crossEntropy(data.validation, problem.outerBatches.range(batch), w) },
            tolerance: 1e-3
        ).run(x: p.x, y: p.y, v: p.v, v2: p.v2)
    }

    /// Every accepted quadratic draw passes benchopt's Float64 convexity test, and the draw
    /// depends on the seed.
    @Test func quadraticGeneratorAcceptsConvexDraws() throws {
        let problem = try Self.smallQuadratic(batchSize: 100)
        #expect(QuadraticGenerator.valueFunctionIsConvex(lower: problem.lower, upper: problem.upper))
        var other = problem.generator
        other.seed = 7
        let second = try QuadraticProblem(generator: other, batchSize: 100)
        #expect(second.lower.meanA.array != problem.lower.meanA.array)
    }
}
