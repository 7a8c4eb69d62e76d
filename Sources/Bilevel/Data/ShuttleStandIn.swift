import Foundation

/// The IJCNN1 stand-in of METHODS.md §3.6: river's `shuttle` data (49097 rows, 9 numeric
/// features, label `anomaly`, 3511 positives), fetched by `make data` into
/// `DIR/shuttle/shuttle.csv`, sha256-verified here, split with `RandomState(2442).permutation`
/// into 17322 train / 31775 validation rows (IJCNN1's 49990 : 91701 ratio), standardised with
/// the train rows' statistics. Its name in every output is `shuttle-as-ijcnn1`, never `ijcnn1`.
public enum ShuttleStandIn {
    /// `data_name`.
    public static let name = "shuttle-as-ijcnn1"
    /// The converted file's path below the data directory.
    public static let relativePath = "shuttle/shuttle.csv"
    /// sha256 of the converted CSV (scripts/shuttle_from_wheel.py output).
    public static let sha256 = "b3e5d9ff544321872b8b01c748f7e4f1c5693caf8ec00efff5835ece1f913642"
    /// Train rows of the split (the rest is validation).
    public static let trainRows = 17_322

    /// Loads, verifies, splits and standardises the stand-in from `directory`.
    ///
    /// - Throws: ``DataError`` for a missing, unreadable or altered file (`make data` fetches it),
    ///   ``LibSVMFile/ReadError`` for a malformed line.
    public static func load(from directory: DataDirectory) throws -> ClassificationData {
        let path = (directory.path as NSString).appendingPathComponent(relativePath)
        let digest = try DataFile.sha256HexDigest(of: path)
        guard digest == sha256 else {
            throw DataError.unreadable(path: path, reason: "sha256 \(digest), expected \(sha256); run `make data` again")
        }
        guard let bytes = FileManager.default.contents(atPath: path) else { throw DataError.unreadable(path: path, reason: "cannot read") }
        var values: [Float] = []
        var labels: [Int32] = []
        for (number, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n").enumerated().dropFirst() {
            let fields = line.split(separator: ",").map { Float($0) }
            guard fields.count == 10, fields.allSatisfy({ $0 != nil }) else {
                throw LibSVMFile.ReadError.malformedLine(path: path, line: number + 1, reason: "expected 10 numbers")
            }
            values += fields[0..<9].map { $0! }
            labels.append(fields[9]! == 1 ? 1 : 0)
        }
        var random = NumpyRandomState(seed: 2442)
        let order = random.permutation(labels.count)
        let train = Array(order[..<trainRows]), validation = Array(order[trainRows...])
        let sets = ClassificationData.standardisedRows(values, features: 9, indices: [train, validation], reference: train)
        return ClassificationData(
            name: name, classes: 2,
            train: LabeledSamples(values: sets[0], labels: train.map { labels[$0] }, features: 9),
            validation: LabeledSamples(values: sets[1], labels: validation.map { labels[$0] }, features: 9))
    }
}
