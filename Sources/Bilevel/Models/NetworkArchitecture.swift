import Tensor

/// A network kind with its sizes: what a method needs to build passes and initial parameters.
public struct NetworkArchitecture: Sendable, Equatable {
    /// Linear or MLP.
    public var kind: NetworkKind
    /// Input features (784 for MNIST).
    public var features: Int
    /// Hidden sigmoid units of the MLP (ignored by the linear model).
    public var hidden: Int
    /// Output classes.
    public var classes: Int

    /// The paper's network of `kind` on MNIST: 784 → 10, or 784 → 300 → 10.
    public init(_ kind: NetworkKind, features: Int = 784, hidden: Int = NetworkKind.hiddenUnits, classes: Int = 10) {
        self.kind = kind
        self.features = features
        self.hidden = hidden
        self.classes = classes
    }

    /// The flat parameter layout.
    public var layout: ParameterLayout {
        switch kind {
        case .linear: return LinearPass.layout(features: features, classes: classes)
        case .mlp: return MLPPass.layout(features: features, hidden: hidden, classes: classes)
        }
    }

    /// A pass over `samples` stacking up to `maxSets` parameter sets.
    public func makePass(samples: LabeledSamples, maxSets: Int) -> any NetworkPass {
        precondition(samples.features == features, "samples have \(samples.features) features, network expects \(features)")
        switch kind {
        case .linear: return LinearPass(samples: samples, classes: classes, maxSets: maxSets)
        case .mlp: return MLPPass(samples: samples, hidden: hidden, classes: classes, maxSets: maxSets)
        }
    }

    /// PyTorch-default initial parameters (`nn.Linear` per layer, in construction order), drawn
    /// from `generator` exactly as the reference does (PBGD.md §2.4).
    public func initialParameters(generator: inout TorchGenerator) -> [Float] {
        switch kind {
        case .linear:
            let layer = generator.linearLayer(fanIn: features, fanOut: classes)
            return layer.weight + layer.bias
        case .mlp:
            let first = generator.linearLayer(fanIn: features, fanOut: hidden)
            let second = generator.linearLayer(fanIn: hidden, fanOut: classes)
            return first.weight + first.bias + second.weight + second.bias
        }
    }
}
