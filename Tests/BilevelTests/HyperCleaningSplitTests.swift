import Foundation
import Testing
@testable import Bilevel

/// The split, pollution and data assembly of PBGD.md §2 against CPython (`random.seed(S)` + the
/// reference call sequence, digests computed with hashlib on the real MNIST labels).
@Suite struct HyperCleaningSplitTests {
    static var directory: DataDirectory { DataDirectory.resolve(option: nil) }
    static var hasMNIST: Bool {
        FileManager.default.fileExists(atPath: directory.path(of: .mnist) + "/train-labels-idx1-ubyte")
    }

    /// Produced by CPython 3.11 for these seeds (independent of this package's code).
    static let cpython = [
        42: #"{"seed":42,"train_sha256":"19216850a3b70d4ec26d56bda2254e1aaf2d512f40e570a93779b122928fa249","val_sha256":"ed39cf439eec1748d9aeee2dd0c8e22609f4bd6a3999c3bfad55db747ae68222","test_sha256":"db9e73fc8803418ae04ab95def790b719a8fef52ca6d322aeaabb5f7044eed01","labels_sha256":"1997f8e19e07cf8a55abd9794b9b2bd9265e917fa11bb143e60ca70d9f209c3b","polluted_sha256":"6c05a6686cc9f591937a514f21ed2be57f45a3fadf80e744f66e1fcc71a11dad"}"#,
        2424: #"{"seed":2424,"train_sha256":"cea8f446c5b96eadc97a4347c8ebe27c84f5de032baea6c09a04ae477461c33f","val_sha256":"4289942056d4d7f90a4ae92cda469ebbcc4ac1cceaa52b36445d7d1fa0b1c2bb","test_sha256":"a113750d8e2b7b666053e43b5ddca7527d787423d65ae01729b34de99411f8e0","labels_sha256":"8990f821676e80f83587394a5bd27a8614c8756b70948797eeceff2ad0f3ad54","polluted_sha256":"a155c9d02298dd7cb04555a3014151a0d498a6fa94f2d05ee3173c5a668e935f"}"#,
        7: #"{"seed":7,"train_sha256":"473f7c069bf158c0cf24763c9b9f9f710e109a1c0dd885d93d437808ec44b0c4","val_sha256":"43fcd30d2378045c82d0fb41af13dae83b340c7fc67c14df7e6af283107e805d","test_sha256":"a01c547e9eca312bb2039f6bec0b0f373faf3301e8c8e16e896f274293e11a47","labels_sha256":"b7faccb39aceb0d5e8dbf4027e6f37cd5ceaf4718f42c1ac92fb42d0f80699cb","polluted_sha256":"87f4fbf15d06bd0bba83398807333ab600267cbb348a5736a979f39d0967283b"}"#,
    ]
    /// Polluted samples whose random new label equals the true one (quirk Q5), from CPython.
    static let unchangedByPollution = [42: 246, 2424: 239, 7: 255]

    @Test(.enabled(if: hasMNIST, "needs MNIST (make data)"), arguments: [42, 2424, 7])
    func digestsMatchCPython(seed: Int) throws {
        let labels = try Self.directory.labels(.mnist, .train).labels
        let split = HyperCleaningSplit(seed: seed)
        #expect(split.digestJSON(trueLabels: labels) == Self.cpython[seed])
        let polluted = split.pollutedTrainLabels(trueLabels: labels)
        let unchanged = split.trainIndices.indices.filter {
            split.replacementLabels[$0] != nil && polluted[$0] == Int(labels[split.trainIndices[$0]])
        }.count
        #expect(unchanged == Self.unchangedByPollution[seed])
    }

    @Test func splitsAreDisjointAndPollutionHasItsSize() {
        let split = HyperCleaningSplit(seed: 123)
        let all = Set(split.trainIndices + split.validationIndices + split.testIndices)
        #expect(all.count == 20_000)
        #expect(split.pollutedFlags.reduce(0, +) == 2_500)
        #expect(split.replacementLabels.compactMap { $0 }.allSatisfy { (0...9).contains($0) })
    }

    @Test(.enabled(if: hasMNIST, "needs MNIST (make data)"))
    func featuresAreBytesOver255() throws {
        let data = try HyperCleaningData.load(from: Self.directory, seed: 42)
        // The reference divides by the split's maximum; it is 255 in every split of the benchmark seeds.
        #expect(data.maximumPixel == 255)
        let images = try Self.directory.images(.mnist, .train)
        let first = data.split?.trainIndices.first ?? 0
        for j in 0..<784 {
            #expect(data.train.values.pointer[j] == Float(images.pixels[first * 784 + j]) / 255)
        }
        #expect(data.cleanFlags.reduce(0, +) == 2_500)
    }
}
