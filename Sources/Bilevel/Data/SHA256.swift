/// SHA-256 (FIPS 180-4, §6.2) in pure Swift, for checking dataset files against their published
/// digests.
///
/// Foundation on Linux has no CryptoKit, and checking a download is not worth a dependency, so
/// this is the textbook algorithm: 64-byte blocks, a 64-word message schedule, 64 rounds. Feed
/// bytes in any number of ``update(_:)`` calls, then read
/// ``finalize()`` or ``hexDigest()``. One-shot hashing is ``SHA256/hexDigest(of:)``.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update("ab".utf8)
/// hasher.update("c".utf8)
/// hasher.hexDigest()  // "ba7816bf…f20015ad"
/// ```
///
/// Not constant-time; meant for integrity checks, not for secrets.
public struct SHA256: Sendable {
    /// Bytes in a digest (256 bits).
    public static let digestByteCount = 32

    private static let blockByteCount = 64

    /// First 32 bits of the fractional parts of the cube roots of the first 64 primes (§4.2.2).
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
        0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
        0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
        0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
        0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
        0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
        0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
        0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
        0xc671_78f2,
    ]

    /// First 32 bits of the fractional parts of the square roots of the first 8 primes (§5.3.3).
    private static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
        0x5be0_cd19,
    ]

    private var state = SHA256.initialState
    /// Bytes received but not yet compressed: always fewer than one block.
    private var pending: [UInt8] = []
    private var messageByteCount: UInt64 = 0
    /// The message schedule W₀…W₆₃, kept here so that a block compresses without allocating.
    private var schedule = [UInt32](repeating: 0, count: 64)

    /// A hasher that has seen no bytes yet.
    public init() {
        pending.reserveCapacity(Self.blockByteCount)
    }

    /// Appends bytes to the message.
    ///
    /// Contiguous collections (`[UInt8]`, `Data`, `String.UTF8View`) are hashed in place;
    /// other sequences are copied in chunks of 64 KiB.
    ///
    /// - Parameter bytes: the next bytes of the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if handled != nil { return }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 16)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 1 << 16 {
                chunk.withUnsafeBytes { update($0) }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        chunk.withUnsafeBytes { update($0) }
    }

    /// Appends the bytes of a raw buffer to the message.
    ///
    /// - Parameter buffer: the next bytes of the message; not retained after the call.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        messageByteCount &+= UInt64(buffer.count)
        var offset = 0
        if !pending.isEmpty {
            let taken = min(Self.blockByteCount - pending.count, buffer.count)
            pending.append(contentsOf: buffer[0..<taken])
            offset = taken
            if pending.count == Self.blockByteCount {
                let block = pending
                block.withUnsafeBytes { compress($0, at: 0) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        while buffer.count - offset >= Self.blockByteCount {
            compress(buffer, at: offset)
            offset += Self.blockByteCount
        }
        if offset < buffer.count {
            pending.append(contentsOf: buffer[offset...])
        }
    }

    /// The 32-byte digest of all bytes given so far.
    ///
    /// The hasher itself is unchanged, so more bytes may follow (the digest of a prefix).
    ///
    /// - Returns: the digest, most significant byte first.
    public func finalize() -> [UInt8] {
        var copy = self
        // Padding (§5.1.1): one 1 bit, zeros up to 56 mod 64 bytes, then the bit length, big-endian.
        let bitLength = messageByteCount &* 8
        let zeros = (Self.blockByteCount + 55 - Int(messageByteCount % 64)) % Self.blockByteCount
        var padding: [UInt8] = [0x80] + [UInt8](repeating: 0, count: zeros)
        for shift in stride(from: 56, through: 0, by: -8) {
            padding.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        padding.withUnsafeBytes { copy.update($0) }
        var digest: [UInt8] = []
        digest.reserveCapacity(Self.digestByteCount)
        for word in copy.state {
            digest.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> $0) })
        }
        return digest
    }

    /// The digest of all bytes given so far as 64 lower-case hexadecimal digits.
    ///
    /// - Returns: the digest in the form `sha256sum` prints.
    public func hexDigest() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * Self.digestByteCount)
        for byte in finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The SHA-256 digest of a whole message, as 64 lower-case hexadecimal digits.
    ///
    /// - Parameter bytes: the message.
    /// - Returns: the digest in the form `sha256sum` prints.
    public static func hexDigest(of bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.hexDigest()
    }

    /// Compresses the 64-byte block at `offset` of `bytes` into the state (§6.2.2).
    private mutating func compress(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        schedule.withUnsafeMutableBufferPointer { w in
            for t in 0..<16 {
                let word = bytes.loadUnaligned(fromByteOffset: offset + 4 * t, as: UInt32.self)
                w[t] = UInt32(bigEndian: word)
            }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            state.withUnsafeMutableBufferPointer { h in
                Self.roundConstants.withUnsafeBufferPointer { k in
                    var (a, b, c, d) = (h[0], h[1], h[2], h[3])
                    var (e, f, g, hh) = (h[4], h[5], h[6], h[7])
                    for t in 0..<64 {
                        let sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let choice = (e & f) ^ (~e & g)
                        let t1 = hh &+ sum1 &+ choice &+ k[t] &+ w[t]
                        let sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = sum0 &+ majority
                        (hh, g, f, e) = (g, f, e, d &+ t1)
                        (d, c, b, a) = (c, b, a, t1 &+ t2)
                    }
                    h[0] &+= a
                    h[1] &+= b
                    h[2] &+= c
                    h[3] &+= d
                    h[4] &+= e
                    h[5] &+= f
                    h[6] &+= g
                    h[7] &+= hh
                }
            }
        }
    }
}

/// Rotates a 32-bit word right by `count` bits (ROTR, §3.2).
@inline(__always)
private func rotr(_ x: UInt32, _ count: UInt32) -> UInt32 {
    (x >> count) | (x << (32 - count))
}
