import Foundation
@testable import Bilevel

/// An independent Float64 implementation of the weighted lower-level loss
/// g(w) = (1/N)·Σ s_i·CE_i(w) for the linear and MLP networks (plain loops, no Tensor code),
/// so the analytic oracles can be checked against its finite differences.
struct ReferenceLowerLoss {
    let architecture: NetworkArchitecture
    let samples: [[Double]]
    let labels: [Int]

    func logits(_ w: [Double], row: [Double]) -> [Double] {
        let d = architecture.features
        let c = architecture.classes
        switch architecture.kind {
        case .linear:
            return (0..<c).map { k in (0..<d).reduce(w[c * d + k]) { $0 + w[k * d + $1] * row[$1] } }
        case .mlp:
            let h = architecture.hidden
            let b1 = h * d
            let w2 = b1 + h
            let b2 = w2 + c * h
            let hidden = (0..<h).map { j -> Double in
                let z = (0..<d).reduce(w[b1 + j]) { $0 + w[j * d + $1] * row[$1] }
                return 1 / (1 + Foundation.exp(-z))
            }
            return (0..<c).map { k in (0..<h).reduce(w[b2 + k]) { $0 + w[w2 + k * h + $1] * hidden[$1] } }
        }
    }

    func crossEntropy(_ w: [Double], row: Int) -> Double {
        let z = logits(w, row: samples[row])
        let m = z.max() ?? 0
        let lse = m + Foundation.log(z.reduce(0) { $0 + Foundation.exp($1 - m) })
        return lse - z[labels[row]]
    }

    /// (1/N)·Σ σ(x_i)·CE_i(w).
    func value(_ w: [Double], x: [Double]) -> Double {
        var total = 0.0
        for i in 0..<samples.count { total += 1 / (1 + Foundation.exp(-x[i])) * crossEntropy(w, row: i) }
        return total / Double(samples.count)
    }
}
