import Foundation
import Testing

/// The reference vectors of `../shared/reference/vectors/`, copied into `Resources/` so the tests
/// read nothing outside the package.
enum TestVectors {
    /// Decodes `Resources/<name>.json`.
    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources"),
            "missing test resource Resources/\(name).json")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    /// `python_random.json`: CPython `random` outputs per seed.
    static func pythonRandom() throws -> PythonRandomVectors {
        try load(PythonRandomVectors.self, "python_random")
    }

    /// `toy.json`: benchmark toy results per seed and variant.
    static func toy() throws -> ToyVectors {
        try load(ToyVectors.self, "toy")
    }
}

struct PythonRandomVectors: Decodable {
    var seeds: [String: Seed]

    struct Seed: Decodable {
        var mt0To4AfterSeed: [UInt32]
        var mt623AfterSeed: UInt32
        var rawGetrandbits32First5: [UInt64]
        var randomFirst3: [String]
        var randomFirst3Hex: [String]
        var splitFirst20: [Int]
        var splitLast5: [Int]
        var splitSHA256: String
        var trainSHA256: String
        var valSHA256: String
        var testSHA256: String
        var splitDraws: Int
        var pollutionFirst20: [Int]
        var pollutionSHA256: String
        var pollutedSortedSHA256: String
        var pollutionDraws: Int
        var newLabelsFirst20: [Int]
        var newLabelsSHA256: String
        var newLabelsHistogram: [Int]
        var randintDraws: Int
        var afterPollutionFirst3: [UInt64]
        var toyStartsFirst5Repr: [[String]]
        var toyStartsFirst5Hex: [[String]]
        var toyStartsSHA256: String

        enum CodingKeys: String, CodingKey {
            case mt0To4AfterSeed = "mt_0_to_4_after_seed"
            case mt623AfterSeed = "mt_623_after_seed"
            case rawGetrandbits32First5 = "raw_getrandbits32_first5"
            case randomFirst3 = "random_random_first3"
            case randomFirst3Hex = "random_random_first3_hex"
            case splitFirst20 = "split_shuffle60000_first20"
            case splitLast5 = "split_shuffle60000_last5"
            case splitSHA256 = "split_shuffle60000_sha256"
            case trainSHA256 = "train_mnist_indices_sha256"
            case valSHA256 = "val_mnist_indices_sha256"
            case testSHA256 = "test_mnist_indices_sha256"
            case splitDraws = "uint32_draws_used_by_split_shuffle"
            case pollutionFirst20 = "pollution_shuffle5000_first20"
            case pollutionSHA256 = "pollution_shuffle5000_sha256"
            case pollutedSortedSHA256 = "polluted_positions_sorted_sha256"
            case pollutionDraws = "uint32_draws_used_by_pollution_shuffle"
            case newLabelsFirst20 = "new_labels_first20"
            case newLabelsSHA256 = "new_labels_sha256"
            case newLabelsHistogram = "new_labels_histogram_0to9"
            case randintDraws = "uint32_draws_used_by_2500_randint"
            case afterPollutionFirst3 = "getrandbits32_after_pollution_first3"
            case toyStartsFirst5Repr = "toy_starts_first5_repr"
            case toyStartsFirst5Hex = "toy_starts_first5_hex"
            case toyStartsSHA256 = "toy_starts_1000_sha256"
        }
    }
}

struct ToyVectors: Decodable {
    var seeds: [String: [String: Variant]]

    struct Variant: Decodable {
        var metrics: Metrics
        var firstSteps: [Step]
        var first10Steps: [Int]
        var first10Lines: [String]
        var stepsSHA256: String
        var runsEndingAtUpperBound: Int

        enum CodingKeys: String, CodingKey {
            case metrics
            case firstSteps = "run0_first3_steps"
            case first10Steps = "first10_steps"
            case first10Lines = "first10_TRAIN_METRICS_lines"
            case stepsSHA256 = "steps_1000_csv_sha256"
            case runsEndingAtUpperBound = "runs_ending_at_x_eq_3"
        }
    }

    struct Metrics: Decodable {
        var convergenceSteps: Double
        var medianSteps: Double
        var finalResidual: Double
        var finalProjectedGrad: Double
        var successRate: Double

        enum CodingKeys: String, CodingKey {
            case convergenceSteps = "convergence_steps"
            case medianSteps = "median_steps"
            case finalResidual = "final_residual"
            case finalProjectedGrad = "final_projected_grad"
            case successRate = "success_rate"
        }
    }

    struct Step: Decodable {
        var gradX: String
        var gradY: String
        var xNext: String
        var yNext: String
        var projectedGradient: String

        enum CodingKeys: String, CodingKey {
            case gradX = "grad_x"
            case gradY = "grad_y"
            case xNext = "x_next"
            case yNext = "y_next"
            case projectedGradient = "proj_grad"
        }
    }
}

/// Test helpers for the vectors' serialisations.
enum VectorFormat {
    /// The vectors' `*_sha256` of an integer list: sha256 of the decimals joined by ",".
    static func csvText(_ values: [Int]) -> String {
        values.map(String.init).joined(separator: ",")
    }

    /// Python's `float.hex()`: `0x1.<13 hex digits>p<sign><exponent>`, `0x0.0p+0` for zero,
    /// `0x0.<13 digits>p-1022` for subnormals.
    static func pythonHex(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0x0.0p+0" }
        let fraction = value.significandBitPattern
        let digits = String(fraction, radix: 16)
        let padded = String(repeating: "0", count: 13 - digits.count) + digits
        let isSubnormal = value.exponentBitPattern == 0
        let exponent = isSubnormal ? -1022 : Int(value.exponentBitPattern) - 1023
        let lead = isSubnormal ? "0" : "1"
        return "\(sign)0x\(lead).\(padded)p\(exponent < 0 ? "-" : "+")\(abs(exponent))"
    }

    /// The double written as a C99 hex float (`Double("0x1.8p+1")`), or a test failure.
    static func double(hex text: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Double
    {
        try #require(Double(text), "not a hex double: \(text)", sourceLocation: sourceLocation)
    }
}
