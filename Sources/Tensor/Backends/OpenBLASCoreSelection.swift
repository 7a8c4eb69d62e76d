#if canImport(Glibc)
    import Glibc
#endif
#if OpenBLAS
    import CBLAS
#endif

/// Works around OpenBLAS builds that do not recognise the CPU.
///
/// Debian's OpenBLAS 0.3.21 (`DYNAMIC_ARCH`) detects recent Xeons (Sapphire Rapids and later) as
/// "Prescott" and runs SSE3 kernels: on this project's machine sgemm drops from ~120 to ~23
/// GFLOP/s single-threaded. OpenBLAS chooses its kernels when the library loads, from the
/// environment variable `OPENBLAS_CORETYPE`, so the only fix from inside a process is to set it
/// and re-execute the program. ``reexecIfMisdetected()`` does that once, before any work.
public enum OpenBLASCoreSelection {
    /// The kernel family OpenBLAS chose (`openblas_get_corename()`), or nil without OpenBLAS.
    public static var coreName: String? {
        #if OpenBLAS
            return String(cString: openblas_get_corename())
        #else
            return nil
        #endif
    }

    /// The core type to force, or nil when OpenBLAS's own detection should stand: only when it
    /// chose the generic "Prescott" kernels on a CPU that has AVX-512 (→ SkylakeX) or AVX2 (→ Haswell).
    public static func recommendedOverride(coreName: String?, cpuFlags: Set<String>) -> String? {
        guard let coreName, coreName.lowercased() == "prescott" else { return nil }
        if cpuFlags.contains("avx512f") && cpuFlags.contains("avx512bw") { return "SkylakeX" }
        if cpuFlags.contains("avx2") && cpuFlags.contains("fma") { return "Haswell" }
        return nil
    }

    /// Warns on stderr when OpenBLAS is compiled in and `OPENBLAS_CORETYPE` is not set: for
    /// programs that cannot re-execute themselves (the package-benchmark suites, whose runner
    /// talks to them over inherited pipes) and so may time the slow kernels.
    public static func warnIfCoreTypeUnset() {
        #if OpenBLAS
            guard getenv("OPENBLAS_CORETYPE") == nil else { return }
            let text = "warning: OPENBLAS_CORETYPE is not set; OpenBLAS 0.3.21 may pick slow kernels\n"
            _ = text.withCString { write(2, $0, strlen($0)) }
        #endif
    }

    /// Re-executes the current program with `OPENBLAS_CORETYPE` set when OpenBLAS misdetected the
    /// CPU and the user did not set the variable. Returns normally when nothing needs doing or
    /// when `execv` fails (the program then runs on the slow kernels).
    public static func reexecIfMisdetected() {
        #if OpenBLAS && os(Linux)
            guard getenv("OPENBLAS_CORETYPE") == nil,
                let core = recommendedOverride(coreName: coreName, cpuFlags: CPUFlags.current)
            else { return }
            setenv("OPENBLAS_CORETYPE", core, 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }
}
