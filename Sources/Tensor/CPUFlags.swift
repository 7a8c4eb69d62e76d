#if canImport(Glibc)
    import Glibc
#endif

/// The CPU's feature flags as Linux reports them (`avx2`, `fma`, `avx512f`, …).
///
/// Read once from the `flags` line of the first processor in `/proc/cpuinfo`; empty where that
/// file does not exist (macOS) or cannot be read. Used to pick OpenBLAS's core type
/// (``OpenBLASCoreSelection``) and the pure-Swift gemm's register tile.
enum CPUFlags {
    /// This machine's flags, read on first use.
    static let current: Set<String> = read()

    /// Parses `/proc/cpuinfo` (empty set when unreadable).
    static func read() -> Set<String> {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            guard let line else { break }
            let text = String(cString: line)
            if text.hasPrefix("flags") {
                let values = text.split(separator: ":", maxSplits: 1).last ?? ""
                return Set(values.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
            }
        }
        return []
    }
}
