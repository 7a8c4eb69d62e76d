/// A dataset file that cannot be used: missing, unreadable or not a valid IDX file.
///
/// Every case carries the path as given, and ``description`` is one line that starts with that
/// path and says what is wrong, e.g.
/// `data/mnist/train-labels-idx1-ubyte: truncated: header says 60000 labels (60008 bytes) but the
/// file has 59000 bytes`. A missing file's message says to run `make data`.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// Nothing exists at the path.
    case fileNotFound(path: String)
    /// The path exists but is a directory (or another non-regular file).
    case notARegularFile(path: String)
    /// The file exists but could not be opened or read; `reason` is the system's message.
    case unreadable(path: String, reason: String)
    /// The file has zero bytes (for example an interrupted copy).
    case emptyFile(path: String)
    /// The file is shorter than the IDX header of its kind.
    case headerTooShort(path: String, kind: IDXFile.Kind, byteCount: Int)
    /// The first four bytes are not the magic number of the expected kind.
    case wrongMagic(path: String, kind: IDXFile.Kind, found: UInt32)
    /// An image file whose rows or cols are zero.
    case invalidDimensions(path: String, rows: Int, cols: Int)
    /// The header describes more bytes than a file can hold (a forged or corrupt header).
    case sizeOverflow(path: String, kind: IDXFile.Kind, dimensions: [Int])
    /// The file is shorter than its header says.
    case truncated(
        path: String, kind: IDXFile.Kind, dimensions: [Int], expectedBytes: Int, actualBytes: Int)
    /// The file is longer than its header says.
    case trailingBytes(
        path: String, kind: IDXFile.Kind, dimensions: [Int], expectedBytes: Int, actualBytes: Int)
    /// A label file holds a value above 9.
    case labelOutOfRange(path: String, index: Int, value: UInt8)

    /// The path of the file the error is about.
    public var path: String {
        switch self {
        case .fileNotFound(let path), .notARegularFile(let path), .unreadable(let path, _),
            .emptyFile(let path), .headerTooShort(let path, _, _), .wrongMagic(let path, _, _),
            .invalidDimensions(let path, _, _), .sizeOverflow(let path, _, _),
            .truncated(let path, _, _, _, _), .trailingBytes(let path, _, _, _, _),
            .labelOutOfRange(let path, _, _):
            return path
        }
    }

    /// One line: the path, then what is wrong and, where it helps, what to do.
    public var description: String {
        "\(path): \(problem)".escapingControlCharacters
    }

    private var problem: String {
        switch self {
        case .fileNotFound:
            return "file not found; run `make data` (scripts/fetch-datasets) to fetch the datasets"
        case .notARegularFile:
            return "not a regular file (a directory?); expected an IDX file"
        case .unreadable(_, let reason):
            return "cannot read the file: \(reason)"
        case .emptyFile:
            return "empty file (0 bytes); run `make data` to fetch it again"
        case .headerTooShort(_, let kind, let byteCount):
            let needed = kind.headerByteCount
            return "header too short: an IDX \(kind.noun) file starts with a \(needed)-byte header "
                + "but the file has \(byteCount) bytes"
        case .wrongMagic(_, let kind, let found):
            let expected = hex(kind.magic)
            return "wrong magic number \(hex(found)), expected \(expected) (IDX \(kind.noun))"
        case .invalidDimensions(_, let rows, let cols):
            return "invalid image size \(rows)x\(cols): rows and cols must be positive"
        case .sizeOverflow(_, let kind, let dimensions):
            return "header says \(kind.summary(dimensions)), more bytes than any file can hold"
        case .truncated(_, let kind, let dimensions, let expected, let actual):
            return "truncated: header says \(kind.summary(dimensions)) (\(expected) bytes) "
                + "but the file has \(actual) bytes"
        case .trailingBytes(_, let kind, let dimensions, let expected, let actual):
            return "\(actual - expected) extra bytes: header says \(kind.summary(dimensions)) "
                + "(\(expected) bytes) but the file has \(actual) bytes"
        case .labelOutOfRange(_, let index, let value):
            return "label \(value) at index \(index) is outside 0...9"
        }
    }
}

/// `0x00000803`: eight hexadecimal digits, as IDX magic numbers are usually written.
private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
