import Tensor

/// Facts about this build of BilevelKit.
public enum BilevelKit {
    /// The package version printed by `bilevel --version`.
    public static let version = "0.1.0"
}
