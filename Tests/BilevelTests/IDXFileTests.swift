import Foundation
import Testing

@testable import Bilevel

@Suite struct IDXFileTests {
    // MARK: - Valid files

    @Test func readsValidImages() throws {
        try DataTestFiles.withTemporaryDirectory { directory in
            let pixels: [UInt8] = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]
            let path = try DataTestFiles.write(
                IDXBytes.images(count: 2, rows: 3, cols: 2, body: pixels), named: "images",
                in: directory)
            let images = try IDXFile.readImages(at: path)
            #expect(images == IDXImages(count: 2, rows: 3, cols: 2, pixels: pixels))
            #expect(images.pixelsPerImage == 6)
            #expect(Array(images.image(at: 1)) == [250, 251, 252, 253, 254, 255])
        }
    }

    @Test func readsValidLabels() throws {
        try DataTestFiles.withTemporaryDirectory { directory in
            let body: [UInt8] = [5, 0, 4, 1, 9, 2]
            let path = try DataTestFiles.write(
                IDXBytes.labels(count: 6, body: body), named: "labels", in: directory)
            let labels = try IDXFile.readLabels(at: path)
            #expect(labels.labels == body)
            #expect(labels.count == 6)
        }
    }

    /// Zero images is a valid (if useless) file: header only.
    @Test func readsAnEmptyImageSet() throws {
        try DataTestFiles.withTemporaryDirectory { directory in
            let path = try DataTestFiles.write(
                IDXBytes.images(count: 0, rows: 28, cols: 28, body: []), named: "none",
                in: directory)
            #expect(try IDXFile.readImages(at: path).count == 0)
        }
    }

    // MARK: - Invalid files

    /// A malformed file, the kind it is read as, and the error expected for its path.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let kind: IDXFile.Kind
        let bytes: [UInt8]
        let expected: @Sendable (String) -> DataError

        var testDescription: String { name }
    }

    static let invalidFiles: [Case] = [
        Case(
            name: "label file read as images (wrong magic)", kind: .images,
            bytes: IDXBytes.labels(count: 2, body: [1, 2]),
            expected: { .wrongMagic(path: $0, kind: .images, found: 0x801) }),
        Case(
            name: "image file read as labels (wrong magic)", kind: .labels,
            bytes: IDXBytes.images(count: 1, rows: 1, cols: 1, body: [7]),
            expected: { .wrongMagic(path: $0, kind: .labels, found: 0x803) }),
        Case(
            name: "gzip file (not decompressed)", kind: .labels,
            bytes: [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0],
            expected: { .wrongMagic(path: $0, kind: .labels, found: 0x1f8b_0800) }),
        Case(
            name: "truncated image body", kind: .images,
            bytes: IDXBytes.images(count: 2, rows: 2, cols: 2, body: [1, 2, 3, 4, 5]),
            expected: {
                .truncated(
                    path: $0, kind: .images, dimensions: [2, 2, 2], expectedBytes: 24,
                    actualBytes: 21)
            }),
        Case(
            name: "truncated label body", kind: .labels,
            bytes: IDXBytes.labels(count: 10, body: [1, 2, 3]),
            expected: {
                .truncated(
                    path: $0, kind: .labels, dimensions: [10], expectedBytes: 18, actualBytes: 11)
            }),
        Case(
            name: "extra trailing bytes after images", kind: .images,
            bytes: IDXBytes.images(count: 1, rows: 2, cols: 2, body: [1, 2, 3, 4, 0, 0]),
            expected: {
                .trailingBytes(
                    path: $0, kind: .images, dimensions: [1, 2, 2], expectedBytes: 20,
                    actualBytes: 22)
            }),
        Case(
            name: "extra trailing bytes after labels", kind: .labels,
            bytes: IDXBytes.labels(count: 1, body: [3, 3]),
            expected: {
                .trailingBytes(
                    path: $0, kind: .labels, dimensions: [1], expectedBytes: 9, actualBytes: 10)
            }),
        Case(
            name: "image header too short", kind: .images,
            bytes: IDXBytes.word(0x803) + IDXBytes.word(1) + [0, 0],
            expected: { .headerTooShort(path: $0, kind: .images, byteCount: 10) }),
        Case(
            name: "label header too short", kind: .labels, bytes: [0, 0, 8],
            expected: { .headerTooShort(path: $0, kind: .labels, byteCount: 3) }),
        Case(
            name: "label above 9", kind: .labels,
            bytes: IDXBytes.labels(count: 4, body: [1, 2, 10, 255]),
            expected: { .labelOutOfRange(path: $0, index: 2, value: 10) }),
        Case(
            name: "zero-size file", kind: .labels, bytes: [],
            expected: { .emptyFile(path: $0) }),
        Case(
            name: "zero rows", kind: .images,
            bytes: IDXBytes.images(count: 1, rows: 0, cols: 28, body: []),
            expected: { .invalidDimensions(path: $0, rows: 0, cols: 28) }),
        // A forged header claiming ~3.4 TB: rejected from the file's real length, before any
        // allocation of the claimed size.
        Case(
            name: "forged huge count", kind: .images,
            bytes: IDXBytes.images(count: .max, rows: 28, cols: 28, body: [0, 0, 0, 0]),
            expected: {
                .truncated(
                    path: $0, kind: .images, dimensions: [Int(UInt32.max), 28, 28],
                    expectedBytes: 16 + Int(UInt32.max) * 784, actualBytes: 20)
            }),
        Case(
            name: "header product overflows Int", kind: .images,
            bytes: IDXBytes.images(count: .max, rows: .max, cols: .max, body: []),
            expected: {
                .sizeOverflow(
                    path: $0, kind: .images,
                    dimensions: [Int(UInt32.max), Int(UInt32.max), Int(UInt32.max)])
            }),
    ]

    @Test(arguments: invalidFiles)
    func rejectsInvalidFileNamingIt(_ testCase: Case) throws {
        try DataTestFiles.withTemporaryDirectory { directory in
            let path = try DataTestFiles.write(testCase.bytes, named: "bad-file", in: directory)
            let error = #expect(throws: DataError.self) {
                switch testCase.kind {
                case .images: _ = try IDXFile.readImages(at: path)
                case .labels: _ = try IDXFile.readLabels(at: path)
                }
            }
            #expect(error == testCase.expected(path))
            #expect(error?.description.hasPrefix(path + ": ") == true)
            #expect(error?.description.contains("\n") == false)
        }
    }

    @Test func missingFileSaysToRunMakeData() throws {
        try DataTestFiles.withTemporaryDirectory { directory in
            let path = directory + "/mnist/train-labels-idx1-ubyte"
            let error = #expect(throws: DataError.fileNotFound(path: path)) {
                try IDXFile.readLabels(at: path)
            }
            #expect(error?.description.hasPrefix(path + ": file not found") == true)
            #expect(error?.description.contains("make data") == true)
        }
    }

    @Test func directoryIsNotARegularFile() throws {
        try DataTestFiles.withTemporaryDirectory { directory in
            #expect(throws: DataError.notARegularFile(path: directory)) {
                try IDXFile.readImages(at: directory)
            }
        }
    }

    /// The message format other tools and people grep for, spelled out once in full.
    @Test func truncatedLabelsMessageIsExact() throws {
        try DataTestFiles.withTemporaryDirectory { directory in
            let bytes = IDXBytes.labels(count: 60_000, body: [UInt8](repeating: 1, count: 58_992))
            let path = try DataTestFiles.write(
                bytes, named: "train-labels-idx1-ubyte", in: directory)
            let error = #expect(throws: DataError.self) { try IDXFile.readLabels(at: path) }
            #expect(
                error?.description
                    == "\(path): truncated: header says 60000 labels (60008 bytes) but the file has 59000 bytes"
            )
        }
    }

    @Test func wrongMagicMessageShowsBothNumbers() {
        let error = DataError.wrongMagic(path: "x", kind: .images, found: 0x801)
        #expect(
            error.description == "x: wrong magic number 0x00000801, expected 0x00000803 (IDX image)"
        )
    }

    // MARK: - The real MNIST files

    // Needs the files `make data` fetches; `make test` fetches them first, so there this runs.
    @Test(.enabled(if: RealData.mnistIsPresent, "MNIST not in the data directory; run `make data`"))
    func realMNISTTrainingLabelsAndImages() throws {
        let directory = RealData.directory
        let labels = try directory.labels(.mnist, .train)
        var counts = [Int](repeating: 0, count: 10)
        for label in labels.labels { counts[Int(label)] += 1 }
        #expect(counts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(Array(labels.labels.prefix(10)) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])

        let images = try directory.images(.mnist, .train)
        #expect((images.count, images.rows, images.cols) == (60_000, 28, 28))
        // Bytes cannot exceed 255, so "max pixel is 255" means 255 occurs.
        #expect(images.pixels.contains(255))

        let test = try directory.labels(.mnist, .test)
        #expect(test.count == 10_000)
    }
}
