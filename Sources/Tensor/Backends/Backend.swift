import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The implementation that executes matrix products and linear solves.
///
/// Both backends exist in a build with the `OpenBLAS` trait, so one binary can compare them;
/// without the trait only ``swift`` exists. The process-wide choice is ``Backend/active``.
public enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    /// OpenBLAS through CBLAS (`cblas_sgemm`) and LAPACKE.
    case openblas
    /// Plain Swift kernels: a cache-blocked SIMD gemm, Cholesky and LU solves.
    case swift

    /// The backends compiled into this build (``openblas`` only with the `OpenBLAS` trait).
    public static var available: [Backend] {
        #if OpenBLAS
            return [.openblas, .swift]
        #else
            return [.swift]
        #endif
    }

    /// The build's default: ``openblas`` when the `OpenBLAS` trait is on, ``swift`` otherwise.
    public static var buildDefault: Backend {
        #if OpenBLAS
            return .openblas
        #else
            return .swift
        #endif
    }

    public var description: String { rawValue }

    private static let selection = Mutex<Backend>(initialSelection())

    /// The backend every kernel uses unless a call names one explicitly.
    ///
    /// Starts as `BILEVEL_BACKEND` from the environment when it names an available backend, else
    /// ``buildDefault``. Set it once at start-up (the CLI's `--backend`), not while kernels run.
    public static var active: Backend {
        get { selection.withLock { $0 } }
        set { selection.withLock { $0 = newValue } }
    }

    /// Parses a user-supplied backend name and checks it is compiled into this build.
    ///
    /// - Throws: ``BackendError`` naming the valid choices.
    public static func named(_ name: String) throws(BackendError) -> Backend {
        guard let backend = Backend(rawValue: name.lowercased()) else {
            throw .unknown(name, available: available)
        }
        guard available.contains(backend) else { throw .notCompiled(backend) }
        return backend
    }

    private static func initialSelection() -> Backend {
        guard let raw = ProcessInfo.environmentValue("BILEVEL_BACKEND"), !raw.isEmpty,
            let backend = try? named(raw)
        else { return buildDefault }
        return backend
    }
}

/// Why a backend name was refused.
public enum BackendError: Error, CustomStringConvertible, Equatable {
    case unknown(String, available: [Backend])
    case notCompiled(Backend)

    public var description: String {
        switch self {
        case .unknown(let name, let available):
            return "unknown backend '\(name)'; choose one of: "
                + available.map(\.rawValue).joined(separator: ", ")
        case .notCompiled(let backend):
            return "backend '\(backend)' is not compiled into this build "
                + "(rebuild with the OpenBLAS trait, the default)"
        }
    }
}

/// Minimal environment access without Foundation (the Tensor layer stays Foundation-free).
enum ProcessInfo {
    static func environmentValue(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
