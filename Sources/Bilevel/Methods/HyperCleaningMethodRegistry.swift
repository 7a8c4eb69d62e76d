/// The hyper-cleaning methods by CLI name. Adding a method means one new file and one entry here.
public enum HyperCleaningMethodRegistry {
    /// Method types in CLI order.
    public static let methods: [any HyperCleaningMethod.Type] = [VPBGD.self, GPBGD.self]

    /// Known method names.
    public static var names: [String] { methods.map { $0.name } }

    /// The method type called `name`.
    public static func method(named name: String) throws(HyperCleaningStrategyError) -> any HyperCleaningMethod.Type {
        guard let type = methods.first(where: { $0.name == name }) else { throw .unknownMethod(name) }
        return type
    }
}
