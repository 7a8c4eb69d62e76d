import Foundation
import Testing

@testable import Bilevel

@Suite struct DatasetCheckTests {
    /// A small stand-in catalog entry: the real ones are 47 MB, too big to write in a unit test.
    static func tinyFile(named name: String, contents: [UInt8]) -> DatasetFile {
        DatasetFile(
            dataset: .mnist, split: .test, kind: .labels, name: name, byteCount: contents.count,
            sha256: SHA256.hexDigest(of: contents))
    }

    static let contents: [UInt8] = IDXBytes.labels(count: 3, body: [7, 2, 1])

    @Test func intactFileIsOK() throws {
        try DataTestFiles.withTemporaryDirectory { root in
            let file = Self.tinyFile(named: "labels", contents: Self.contents)
            try DataTestFiles.write(Self.contents, named: "mnist/labels", in: root)
            let check = DatasetCheck(directory: DataDirectory(path: root), files: [file])
            let entry = try #require(check.entries.first)
            #expect(entry.status == .ok)
            #expect(entry.isPresent && entry.isOK && check.allOK)
            #expect(entry.byteCount == Self.contents.count)
            #expect(entry.path == root + "/mnist/labels")
            #expect(entry.description.contains("present"))
            #expect(entry.description.hasSuffix("sha256 ok"))
        }
    }

    @Test func missingFileIsMissing() throws {
        try DataTestFiles.withTemporaryDirectory { root in
            let file = Self.tinyFile(named: "labels", contents: Self.contents)
            let entry = DatasetCheck.check(file, at: root + "/mnist/labels")
            #expect(entry.status == .missing)
            #expect(!entry.isPresent && entry.digest == .missing && entry.byteCount == nil)
            #expect(entry.description.contains("missing"))
            #expect(entry.description.hasSuffix("sha256 missing"))
        }
    }

    @Test func changedByteIsBadDigest() throws {
        try DataTestFiles.withTemporaryDirectory { root in
            let file = Self.tinyFile(named: "labels", contents: Self.contents)
            var corrupted = Self.contents
            corrupted[corrupted.count - 1] = 9
            let path = try DataTestFiles.write(corrupted, named: "labels", in: root)
            let entry = DatasetCheck.check(file, at: path)
            #expect(entry.status == .wrongDigest(actual: SHA256.hexDigest(of: corrupted)))
            #expect(entry.isPresent && entry.digest == .bad && !entry.isOK)
            #expect(entry.description.contains("sha256 bad"))
        }
    }

    @Test func wrongLengthIsBadWithoutHashing() throws {
        try DataTestFiles.withTemporaryDirectory { root in
            let file = Self.tinyFile(named: "labels", contents: Self.contents)
            let path = try DataTestFiles.write(Self.contents + [0], named: "labels", in: root)
            let entry = DatasetCheck.check(file, at: path)
            #expect(entry.status == .wrongSize(actualBytes: Self.contents.count + 1))
            #expect(entry.digest == .bad)
            #expect(entry.description.contains("expected \(Self.contents.count) bytes"))
        }
    }

    @Test func directoryInPlaceOfFileIsBad() throws {
        try DataTestFiles.withTemporaryDirectory { root in
            let file = Self.tinyFile(named: "labels", contents: Self.contents)
            let entry = DatasetCheck.check(file, at: root)
            #expect(entry.status == .unreadable(.notARegularFile(path: root)))
            #expect(entry.isPresent && entry.digest == .bad)
        }
    }

    /// An empty directory: every catalog file is reported, all missing.
    @Test func emptyDataDirectoryReportsAllEightFilesMissing() throws {
        try DataTestFiles.withTemporaryDirectory { root in
            let check = DatasetCheck(directory: DataDirectory(path: root))
            #expect(check.entries.count == 8)
            #expect(check.entries.allSatisfy { $0.status == .missing })
            #expect(!check.allOK)
            #expect(check.entries.map(\.file) == DatasetFile.catalog)
        }
    }

    @Test func catalogMatchesTheIDXLayout() {
        let catalog = DatasetFile.catalog
        #expect(catalog.count == 8)
        #expect(Set(catalog.map(\.sha256)).count == 8)
        #expect(catalog.allSatisfy { $0.sha256.count == 64 })
        let mnist = Dataset.mnist
        #expect(mnist.file(.train, .images).name == "train-images-idx3-ubyte")
        #expect(mnist.file(.train, .images).byteCount == 47_040_016)
        #expect(mnist.file(.train, .labels).byteCount == 60_008)
        #expect(mnist.file(.test, .images).name == "t10k-images-idx3-ubyte")
        #expect(mnist.file(.test, .images).byteCount == 7_840_016)
        #expect(mnist.file(.test, .labels).byteCount == 10_008)
        #expect(
            Dataset.fashionMNIST.file(.test, .labels).relativePath
                == "fashion-mnist/t10k-labels-idx1-ubyte")
    }

    // Needs the files `make data` fetches; `make test` fetches them first, so there this runs.
    // Only the label files are hashed: the image files take seconds in a debug build.
    @Test(.enabled(if: RealData.mnistIsPresent, "MNIST not in the data directory; run `make data`"))
    func realMNISTLabelFilesMatchTheCatalog() {
        for split in DatasetSplit.allCases {
            let file = Dataset.mnist.file(split, .labels)
            let entry = DatasetCheck.check(file, at: RealData.directory.path(of: file))
            #expect(entry.status == .ok, "\(entry)")
        }
    }
}
