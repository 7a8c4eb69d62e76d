import Bilevel
import Testing
import Foundation

/// The tiny hyper-cleaning problem of PBGD.md §8 (vectors/synthetic_methods.json): d = 12, C = 10,
/// H = 6; 40 train / 30 val / 50 test rows with integer-formula features and labels, and
/// formula-made initial parameters, so a Float32 run can be compared with torch's Float64 one.
enum SyntheticProblem {
    static let features = 12
    static let classes = 10
    static let hidden = 6

    static func samples(base: Int, rows: Int, labels: (Int) -> Int) -> LabeledSamples {
        var values: [Float] = []
        for i in 0..<rows {
            for j in 0..<features { values.append(Float(((base + i) * 7 + j * 13) % 17) / 16) }
        }
        return LabeledSamples(values: values, labels: (0..<rows).map { Int32(labels($0)) }, features: features)
    }

    static var data: HyperCleaningData {
        let clean = { (base: Int) in { (i: Int) in ((base + i) * 3) % 10 } }
        let train = samples(base: 0, rows: 40) { i in i < 20 ? (7 * i + 3) % 10 : clean(0)(i) }
        return HyperCleaningData(
            train: train, validation: samples(base: 100, rows: 30, labels: clean(100)),
            test: samples(base: 200, rows: 50, labels: clean(200)),
            cleanFlags: (0..<40).map { $0 < 20 ? 0 : 1 })
    }

    static func architecture(_ kind: NetworkKind) -> NetworkArchitecture {
        NetworkArchitecture(kind, features: features, hidden: hidden, classes: classes)
    }

    /// Matrix entry (r, c) = ((((r·in + c)·37 + salt) mod 101) − 50)/1000; vector entry likewise.
    static func initialParameters(_ kind: NetworkKind) -> [Float] {
        func matrix(_ rows: Int, _ columns: Int, salt: Int) -> [Float] {
            (0..<rows * columns).map { Float((($0 * 37 + salt) % 101) - 50) / 1000 }
        }
        func vector(_ count: Int, salt: Int) -> [Float] {
            (0..<count).map { Float((($0 * 37 + salt) % 101) - 50) / 1000 }
        }
        switch kind {
        case .linear:
            return matrix(classes, features, salt: 0) + vector(classes, salt: 11)
        case .mlp:
            return matrix(hidden, features, salt: 0) + vector(hidden, salt: 11)
                + matrix(classes, hidden, salt: 23) + vector(classes, salt: 31)
        }
    }

    /// The `cases` object of synthetic_methods.json.
    static func referenceCases() throws -> [String: Any] {
        let url = try #require(Bundle.module.url(forResource: "Resources/synthetic_methods", withExtension: "json"))
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return try #require(root?["cases"] as? [String: Any])
    }
}

/// A number stored as a JSON number or as a repr() string.
func referenceDouble(_ value: Any?) -> Double? {
    if let number = value as? Double { return number }
    if let number = value as? Int { return Double(number) }
    if let text = value as? String { return Double(text) }
    return nil
}
