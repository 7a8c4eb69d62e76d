import Testing

@testable import Bilevel

@Suite struct SHA256Tests {
    /// A message and its digest, from FIPS 180-4's examples or cross-checked with Python's hashlib.
    struct Vector: CustomTestStringConvertible, Sendable {
        let name: String
        let message: [UInt8]
        let digest: String

        var testDescription: String { name }

        init(_ name: String, _ message: [UInt8], _ digest: String) {
            (self.name, self.message, self.digest) = (name, message, digest)
        }

        init(_ text: String, _ digest: String) {
            self.init("\"\(text.prefix(20))\"", Array(text.utf8), digest)
        }
    }

    static let nistVectors: [Vector] = [
        Vector("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        // The 448-bit message: two blocks once padded.
        Vector(
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        // The 896-bit message.
        Vector(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        Vector(
            "1,000,000 x a", [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    /// Lengths around the padding boundaries: 55 bytes is the longest one-block message, 56 needs
    /// a second block for the length, 64 is exactly one block (digests from Python's hashlib).
    static let paddingBoundaries: [Vector] = [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
    ].map { count, digest in
        Vector("\(count) x a", [UInt8](repeating: UInt8(ascii: "a"), count: count), digest)
    }

    @Test(arguments: nistVectors + paddingBoundaries)
    func oneShotDigestMatchesKnownVector(_ vector: Vector) {
        #expect(SHA256.hexDigest(of: vector.message) == vector.digest)
    }

    @Test func digestIs32BytesMatchingTheHexForm() {
        var hasher = SHA256()
        hasher.update("abc".utf8)
        let bytes = hasher.finalize()
        #expect(bytes.count == SHA256.digestByteCount)
        #expect(bytes.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
    }

    /// Every split point of a two-block message gives the same digest as one update.
    @Test func streamingUpdatesMatchOneShotAtEverySplit() {
        let vector = Self.nistVectors[3]
        for split in 0...vector.message.count {
            var hasher = SHA256()
            hasher.update(vector.message[..<split])
            hasher.update(vector.message[split...])
            #expect(hasher.hexDigest() == vector.digest, "split at \(split)")
        }
    }

    /// Many small updates of uneven sizes, crossing block boundaries in every phase.
    @Test func manySmallUpdatesMatchOneShot() {
        let message = (0..<3 * 256).map { UInt8(truncatingIfNeeded: $0) }
        var hasher = SHA256()
        var start = 0
        var size = 1
        while start < message.count {
            let end = min(message.count, start + size)
            hasher.update(message[start..<end])
            start = end
            size = size % 70 + 7
        }
        #expect(
            hasher.hexDigest() == "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363"
        )
    }

    /// A sequence with no contiguous storage goes through the chunked copy path.
    @Test func nonContiguousSequenceMatchesArray() {
        let million = Self.nistVectors[4]
        let lazyBytes = (0..<million.message.count).lazy.map { _ in UInt8(ascii: "a") }
        #expect(SHA256.hexDigest(of: lazyBytes) == million.digest)
    }

    /// Reading a digest does not end the message: more bytes may follow.
    @Test func finalizeLeavesTheHasherUsable() {
        var hasher = SHA256()
        hasher.update("ab".utf8)
        _ = hasher.hexDigest()
        hasher.update("c".utf8)
        #expect(hasher.hexDigest() == Self.nistVectors[1].digest)
    }
}
