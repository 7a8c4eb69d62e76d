/// One named parameter tensor inside a flat parameter vector.
public struct ParameterBlock: Sendable, Equatable {
    /// PyTorch-style name (`W`, `b`, `W1`, `b1`, `W2`, `b2`).
    public let name: String
    /// Rows (output features); 1 for a bias.
    public let rows: Int
    /// Columns (input features); the bias length for a bias.
    public let columns: Int
    /// Offset of the first element in the flat vector.
    public let offset: Int
    /// Number of elements.
    public var count: Int { rows * columns }
}

/// How a network's parameters sit in one flat Float32 vector: blocks in PyTorch's
/// `parameters()` order (each layer's weight, row-major out × in, then its bias), contiguous.
public struct ParameterLayout: Sendable, Equatable {
    /// The blocks in storage order.
    public let blocks: [ParameterBlock]
    /// Total number of parameters.
    public let count: Int

    /// A layout from (name, rows, columns) triples laid out back to back.
    public init(_ shapes: [(name: String, rows: Int, columns: Int)]) {
        var offset = 0
        var blocks: [ParameterBlock] = []
        for shape in shapes {
            blocks.append(ParameterBlock(name: shape.name, rows: shape.rows, columns: shape.columns, offset: offset))
            offset += shape.rows * shape.columns
        }
        self.blocks = blocks
        self.count = offset
    }

    /// The block called `name`.
    public func block(_ name: String) -> ParameterBlock {
        guard let block = blocks.first(where: { $0.name == name }) else {
            preconditionFailure("no parameter block '\(name)' in \(blocks.map(\.name))")
        }
        return block
    }
}
