#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What every fuzz target shares: the input as a file (the readers under test take paths) and a
/// loud stop when a parser breaks its contract.
public enum FuzzSupport {
    /// A file of this process for the current input: in /dev/shm (memory) when it exists.
    public static let inputPath: String = {
        let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        return "\(directory)/bilevel-fuzz-\(getpid())"
    }()

    /// Writes the input to ``inputPath`` and returns that path.
    public static func writeInput(_ bytes: UnsafeRawBufferPointer) -> String {
        let descriptor = open(inputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { violation("cannot create \(inputPath)") }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else { violation("cannot write \(inputPath)") }
            offset += written
        }
        close(descriptor)
        return inputPath
    }

    /// The input as a byte array.
    public static func bytes(_ start: UnsafeRawPointer?, _ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: count == 0 ? nil : start, count: count)
    }

    /// Stops the fuzzer with `message`: the parser returned something its own validation refuses
    /// or threw an error that is not one line. libFuzzer saves the input as a crash file.
    public static func violation(_ message: String) -> Never {
        let line = Array("contract violation: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        abort()
    }

    /// Checks that an error message is one non-empty line (the CLI prints it as is).
    public static func checkMessage(_ message: String) {
        if message.isEmpty || message.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            violation("error message is not one line: \(message)")
        }
    }
}
