import Synchronization

/// How products with a sample matrix are computed: dense gemm, or the sparse kernels of
/// ``SparseSampleMatrix`` that skip the zeros (PBGD's MNIST features are 81 % zeros).
///
/// The choice is process-wide, set once at start-up (the CLI's `--products`); both give the same
/// sums up to the order of the (nonzero) terms, so the numbers agree to float rounding.
public enum SampleProducts: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Sparse when at most ``autoDensityLimit`` of the entries are nonzero, else dense.
    case auto
    /// Always the gemm entry point (the backend's sgemm).
    case dense
    /// Always the sparse kernels (for any matrix that was given a sparse form).
    case sparse

    /// Densities up to this use the sparse kernels under ``auto``: at 19 % nonzeros (MNIST) they
    /// take a quarter of the dense time; they lose somewhere above 50 % (`bilevel bench`).
    public static let autoDensityLimit = 0.4

    public var description: String { rawValue }

    private static let selection = Mutex<SampleProducts>(.auto)

    /// The process-wide mode (default ``auto``).
    public static var mode: SampleProducts {
        get { selection.withLock { $0 } }
        set { selection.withLock { $0 = newValue } }
    }

    /// Whether a matrix of this density takes the sparse kernels under `mode` (default: the
    /// process-wide one).
    public static func useSparse(density: Double, mode: SampleProducts = mode) -> Bool {
        switch mode {
        case .auto: return density <= autoDensityLimit
        case .dense: return false
        case .sparse: return true
        }
    }
}
