extension Sequence where Element: Equatable {
    /// The elements in order, each only at its first occurrence.
    package func uniqued() -> [Element] {
        reduce(into: []) { list, element in if !list.contains(element) { list.append(element) } }
    }
}
