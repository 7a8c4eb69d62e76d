/// The hyper-cleaning methods by CLI name. Adding a method means one new file and one entry here.
public enum HyperCleaningMethodRegistry {
    /// (CLI name, type) in CLI order; `t_rhg` runs the same code as `rhg` with K < T (as in the benchmark).
    public static let methods: [(name: String, type: any HyperCleaningMethod.Type)] = [
        ("v_pbgd", VPBGD.self), ("g_pbgd", GPBGD.self), ("rhg", RHG.self), ("t_rhg", RHG.self),
    ]

    /// Known method names.
    public static var names: [String] { methods.map(\.name) }

    /// The method type called `name`.
    public static func method(named name: String) throws(HyperCleaningStrategyError) -> any HyperCleaningMethod.Type {
        guard let entry = methods.first(where: { $0.name == name }) else { throw .unknownMethod(name) }
        return entry.type
    }
}
