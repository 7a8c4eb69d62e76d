import Foundation

/// A libsvm/svmlight text file: one sample per line, `label index:value index:value …` with
/// 1-based increasing feature indices; blank lines and `#` comments are skipped. Binary labels
/// may be ±1 or 0/1 (both become 0/1).
public struct LibSVMFile: Sendable {
    /// Row-major dense features, `rows × features`.
    public let values: [Float]
    /// Labels 0/1.
    public let labels: [Int32]
    /// Features: the largest index in the file (or more, when asked).
    public let features: Int

    /// Why a libsvm file cannot be read; one line naming the file (and line).
    public enum ReadError: Error, CustomStringConvertible, Equatable {
        /// A line that does not parse.
        case malformedLine(path: String, line: Int, reason: String)
        /// No samples at all.
        case noSamples(path: String)
        /// The dense matrix would exceed ``LibSVMFile/denseValueLimit(byteCount:)`` (a forged or
        /// far too sparse file: one line `1 2000000000:1` asks for 8 GB).
        case tooLarge(path: String, rows: Int, features: Int, limit: Int)

        public var description: String { text.escapingControlCharacters }

        /// The message before control characters in quoted user text are escaped.
        private var text: String {
            switch self {
            case .malformedLine(let path, let line, let reason): return "\(path):\(line): \(reason)"
            case .noSamples(let path): return "\(path): no samples (a libsvm file has lines 'label index:value ...')"
            case .tooLarge(let path, let rows, let features, let limit):
                return "\(path): \(rows) samples x \(features) features exceed the dense limit of \(limit) values for a file this size"
            }
        }
    }

    /// The most values the dense matrix of a `byteCount`-byte text may have: 256 per byte (a
    /// stored value takes at least 4 bytes, `1:0 `, so files with down to 1/64 nonzeros fit),
    /// at least 2²⁰ and at most 2³¹. Sizes are capped by the file's real length, so a forged
    /// feature index cannot make the reader allocate gigabytes.
    public static func denseValueLimit(byteCount: Int) -> Int {
        min(max(byteCount.multipliedReportingOverflow(by: 256).partialValue, 1 << 20), 1 << 31)
    }

    /// Parses the file at `path`, with at least `minimumFeatures` columns.
    ///
    /// - Throws: ``DataError`` when the file cannot be read, ``ReadError`` for bad content.
    public init(path: String, minimumFeatures: Int = 0) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw DataError.fileNotFound(path: path) }
        guard !isDirectory.boolValue else { throw DataError.notARegularFile(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.unreadable(path: path, reason: "cannot read the file")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), path: path, minimumFeatures: minimumFeatures)
    }

    /// Parses libsvm `text`; `path` names it in errors.
    public init(text: String, path: String, minimumFeatures: Int = 0) throws(ReadError) {
        var rows: [[(Int, Float)]] = []
        var labels: [Int32] = []
        var largest = minimumFeatures
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let first = fields.first else { continue }
            guard let label = Double(first), label == 1 || label == -1 || label == 0 else {
                throw .malformedLine(path: path, line: lineNumber, reason: "label '\(first)' is not one of +1, -1, 0, 1")
            }
            var entries: [(Int, Float)] = []
            var previous = 0
            for field in fields.dropFirst() {
                let parts = field.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, let index = Int(parts[0]), let value = Float(parts[1]), value.isFinite else {
                    throw .malformedLine(path: path, line: lineNumber, reason: "'\(field)' is not index:value")
                }
                guard index > previous else {
                    throw .malformedLine(path: path, line: lineNumber, reason: "feature index \(index) is not increasing and ≥ 1")
                }
                previous = index
                entries.append((index, value))
            }
            largest = max(largest, previous)
            rows.append(entries)
            labels.append(label == 1 ? 1 : 0)
        }
        guard !rows.isEmpty else { throw .noSamples(path: path) }
        let limit = Self.denseValueLimit(byteCount: text.utf8.count)
        let (valueCount, overflow) = rows.count.multipliedReportingOverflow(by: largest)
        guard !overflow, valueCount <= limit else {
            throw .tooLarge(path: path, rows: rows.count, features: largest, limit: limit)
        }
        var values = [Float](repeating: 0, count: rows.count * largest)
        for (i, entries) in rows.enumerated() {
            for (index, value) in entries { values[i * largest + index - 1] = value }
        }
        self.values = values
        self.labels = labels
        features = largest
    }

    /// The samples with `features` columns (≥ the file's; extra columns are 0).
    public func samples(features wanted: Int) -> LabeledSamples {
        precondition(wanted >= features, "fewer columns than the file has")
        if wanted == features { return LabeledSamples(values: values, labels: labels, features: features) }
        var padded = [Float](repeating: 0, count: labels.count * wanted)
        for i in 0..<labels.count {
            for k in 0..<features { padded[i * wanted + k] = values[i * features + k] }
        }
        return LabeledSamples(values: padded, labels: labels, features: wanted)
    }
}
