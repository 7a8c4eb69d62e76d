import Foundation

/// Reading the IDX files MNIST and Fashion-MNIST are distributed in.
///
/// An IDX file is a big-endian header followed by raw unsigned bytes in row-major order:
/// - images: magic `0x00000803`, count, rows, cols (4 bytes each), then count·rows·cols bytes;
/// - labels: magic `0x00000801`, count, then count bytes, each 0...9.
///
/// The readers check the magic number, the dimensions, that the file length equals header plus
/// body *exactly*, and (labels) every value. The header is checked against the file's real
/// length before the body is read, so a forged count never causes a large allocation: at most
/// the file's own length is allocated.
///
/// See also ``IDXImages``, ``IDXLabels``, ``DataError``.
public enum IDXFile {
    /// The two kinds of IDX file a dataset holds.
    public enum Kind: Sendable, Hashable {
        /// An image file (`*-images-idx3-ubyte`): 3 dimensions.
        case images
        /// A label file (`*-labels-idx1-ubyte`): 1 dimension.
        case labels

        /// The first four bytes of a file of this kind: unsigned bytes (`0x08`), then the number
        /// of dimensions.
        public var magic: UInt32 {
            switch self {
            case .images: 0x0000_0803
            case .labels: 0x0000_0801
            }
        }

        /// Bytes before the body: the magic number and one 32-bit size per dimension.
        public var headerByteCount: Int {
            switch self {
            case .images: 16
            case .labels: 8
            }
        }

        /// "image" or "label", for messages.
        var noun: String {
            switch self {
            case .images: "image"
            case .labels: "label"
            }
        }

        /// What a header says, for messages: "60000 images of 28x28" or "60000 labels".
        func summary(_ dimensions: [Int]) -> String {
            let count = dimensions.first ?? 0
            if self == .images, dimensions.count == 3 {
                return "\(count) images of \(dimensions[1])x\(dimensions[2])"
            }
            return "\(count) \(noun)s"
        }
    }

    /// Reads and validates an IDX image file.
    ///
    /// - Parameter path: the file, e.g. `data/mnist/train-images-idx3-ubyte`.
    /// - Returns: the images, row-major, `count·rows·cols` bytes.
    /// - Throws: a ``DataError`` naming `path` if the file is missing, unreadable, has the wrong
    ///   magic number, zero rows or cols, or a length other than 16 + count·rows·cols bytes.
    public static func readImages(at path: String) throws(DataError) -> IDXImages {
        let contents = try read(.images, at: path)
        let dimensions = contents.dimensions
        return IDXImages(
            count: dimensions[0], rows: dimensions[1], cols: dimensions[2], pixels: contents.body)
    }

    /// Reads and validates an IDX label file.
    ///
    /// - Parameter path: the file, e.g. `data/mnist/train-labels-idx1-ubyte`.
    /// - Returns: the labels, each 0...9.
    /// - Throws: a ``DataError`` naming `path` if the file is missing, unreadable, has the wrong
    ///   magic number, a length other than 8 + count bytes, or a label above 9.
    public static func readLabels(at path: String) throws(DataError) -> IDXLabels {
        let body = try read(.labels, at: path).body
        if let index = body.firstIndex(where: { $0 > 9 }) {
            throw .labelOutOfRange(path: path, index: index, value: body[index])
        }
        return IDXLabels(labels: body)
    }

    /// Reads one IDX file of the given kind: its dimensions and its body, both validated
    /// against the file's length.
    static func read(_ kind: Kind, at path: String) throws(DataError) -> Contents {
        let file = try DataFile.open(path)
        defer { try? file.handle.close() }
        if file.byteCount == 0 { throw .emptyFile(path: path) }
        // Read what there is of the header: a wrong magic number says more ("this is a label
        // file") than "too short", so it is checked first.
        let header = [UInt8](
            try DataFile.read(
                file.handle, count: min(file.byteCount, kind.headerByteCount), path: path))
        let words = stride(from: 0, to: header.count - header.count % 4, by: 4).map { offset in
            header[offset..<offset + 4].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        }
        if let magic = words.first, magic != kind.magic {
            throw .wrongMagic(path: path, kind: kind, found: magic)
        }
        if header.count < kind.headerByteCount {
            throw .headerTooShort(path: path, kind: kind, byteCount: header.count)
        }
        let dimensions = words.dropFirst().map { Int($0) }
        if kind == .images, dimensions[1] == 0 || dimensions[2] == 0 {
            throw .invalidDimensions(path: path, rows: dimensions[1], cols: dimensions[2])
        }
        guard let bodyCount = product(dimensions),
            case (let expected, false) = bodyCount.addingReportingOverflow(kind.headerByteCount)
        else {
            throw .sizeOverflow(path: path, kind: kind, dimensions: dimensions)
        }
        if file.byteCount < expected {
            throw .truncated(
                path: path, kind: kind, dimensions: dimensions,
                expectedBytes: expected, actualBytes: file.byteCount)
        }
        if file.byteCount > expected {
            throw .trailingBytes(
                path: path, kind: kind, dimensions: dimensions,
                expectedBytes: expected, actualBytes: file.byteCount)
        }
        // bodyCount == file length − header here, so this allocates no more than the file holds.
        let body = try DataFile.read(file.handle, count: bodyCount, path: path)
        guard body.count == bodyCount else {
            throw .truncated(
                path: path, kind: kind, dimensions: dimensions,
                expectedBytes: expected, actualBytes: kind.headerByteCount + body.count)
        }
        return Contents(dimensions: dimensions, body: [UInt8](body))
    }

    /// A validated IDX file: the sizes from its header and the bytes after it.
    struct Contents {
        /// count, then rows and cols for images.
        let dimensions: [Int]
        /// Exactly the product of `dimensions` bytes.
        let body: [UInt8]
    }

    /// The product of the dimensions, or `nil` if it overflows `Int`.
    private static func product(_ dimensions: [Int]) -> Int? {
        var result = 1
        for dimension in dimensions {
            let (next, overflow) = result.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            result = next
        }
        return result
    }
}

/// The images of an IDX image file: `count` images of `rows × cols` unsigned bytes.
///
/// Pixels are row-major, image after image: pixel (r, c) of image i is
/// `pixels[i·rows·cols + r·cols + c]`. MNIST: 0 is background, 255 full ink.
public struct IDXImages: Sendable, Equatable {
    /// Number of images.
    public let count: Int
    /// Rows per image (28 for MNIST).
    public let rows: Int
    /// Columns per image (28 for MNIST).
    public let cols: Int
    /// All pixels, `count·rows·cols` bytes.
    public let pixels: [UInt8]

    /// Images from their dimensions and pixels (`pixels.count == count·rows·cols`).
    public init(count: Int, rows: Int, cols: Int, pixels: [UInt8]) {
        precondition(
            pixels.count == count * rows * cols,
            "\(pixels.count) pixels for \(count) images of \(rows)x\(cols)")
        self.count = count
        self.rows = rows
        self.cols = cols
        self.pixels = pixels
    }

    /// Pixels per image, `rows·cols` (784 for MNIST).
    public var pixelsPerImage: Int { rows * cols }

    /// The pixels of image `index` (0-based), `rows·cols` bytes, row-major.
    public func image(at index: Int) -> ArraySlice<UInt8> {
        precondition(index >= 0 && index < count, "image \(index) of \(count)")
        return pixels[index * pixelsPerImage..<(index + 1) * pixelsPerImage]
    }
}

/// The labels of an IDX label file, each 0...9.
public struct IDXLabels: Sendable, Equatable {
    /// One class label per sample.
    public let labels: [UInt8]

    /// Labels as read from a file.
    public init(labels: [UInt8]) {
        self.labels = labels
    }

    /// Number of labels.
    public var count: Int { labels.count }
}
