/// The two hyper-cleaning networks of the PBGD experiments.
public enum NetworkKind: String, CaseIterable, Codable, Sendable {
    /// Linear softmax classifier 784 → 10 with bias.
    case linear
    /// 784 → 300 (sigmoid) → 10.
    case mlp

    /// Hidden units of the paper's MLP.
    public static let hiddenUnits = 300
}
