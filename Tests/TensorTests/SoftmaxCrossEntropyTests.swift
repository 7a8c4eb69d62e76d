import BilevelTestSupport
import Foundation
import Testing

@testable import Tensor

/// Softmax cross-entropy against Float64 references, in place and out of place, and bit for bit
/// against the one-loop formulation it replaced (exponential and running sum in one loop).
@Suite struct SoftmaxCrossEntropyTests {
    static let (rows, classes, ld) = (37, 10, 13)

    /// Logits spread over ±8 in a row stride wider than a row, with labels in range.
    static func problem(seed: UInt64) -> (logits: [Float], labels: [Int32]) {
        var random = SeededRandom(seed: seed)
        let logits = random.floats(count: rows * ld, in: -8...8)
        let labels = (0..<rows).map { _ in Int32(random.nextInt(in: 0...(classes - 1))) }
        return (logits, labels)
    }

    /// Losses and probabilities (row stride `ld`) computed out of place, or in place in the
    /// logits buffer when `inPlace`.
    static func run(_ logits: [Float], _ labels: [Int32], inPlace: Bool) -> (losses: [Float], p: [Float]) {
        var losses = [Float](repeating: .nan, count: rows)
        var buffer = logits
        var out = [Float](repeating: .nan, count: rows * ld)
        labels.withUnsafeBufferPointer { labels in
            losses.withUnsafeMutableBufferPointer { losses in
                buffer.withUnsafeMutableBufferPointer { z in
                    out.withUnsafeMutableBufferPointer { p in
                        SoftmaxCrossEntropy.lossesAndProbabilities(
                            logits: z.baseAddress!, ld: ld, rows: rows, classes: classes,
                            labels: labels.baseAddress!, losses: losses.baseAddress!,
                            probabilities: inPlace ? z.baseAddress! : p.baseAddress!, probabilitiesLD: ld)
                    }
                }
            }
        }
        return (losses, inPlace ? buffer : out)
    }

    @Test func matchesFloat64Reference() {
        let (logits, labels) = Self.problem(seed: 1)
        let (losses, p) = Self.run(logits, labels, inPlace: false)
        for i in 0..<Self.rows {
            let z = (0..<Self.classes).map { Double(logits[i * Self.ld + $0]) }
            let m = z.max()!
            let logSum = m + Foundation.log(z.map { Foundation.exp($0 - m) }.reduce(0, +))
            #expect(abs(Double(losses[i]) - (logSum - z[Int(labels[i])])) <= 1e-5 * max(1, logSum))
            for j in 0..<Self.classes {
                #expect(abs(Double(p[i * Self.ld + j]) - Foundation.exp(z[j] - logSum)) <= 1e-6)
            }
        }
    }

    /// The documented aliasing (probabilities written over the logits) gives the same losses and
    /// probabilities; the loss must use the label's logit, not its exponential.
    @Test func inPlaceEqualsOutOfPlace() {
        let (logits, labels) = Self.problem(seed: 2)
        let outOfPlace = Self.run(logits, labels, inPlace: false)
        let inPlace = Self.run(logits, labels, inPlace: true)
        #expect(inPlace.losses == outOfPlace.losses)
        for i in 0..<Self.rows {
            for j in 0..<Self.classes { #expect(inPlace.p[i * Self.ld + j] == outOfPlace.p[i * Self.ld + j]) }
        }
    }

    /// Same bits as the one-loop form: the exponentials and their sum are the same operations in
    /// the same order, only split into two loops.
    @Test func bitIdenticalToOneLoopForm() {
        let (logits, labels) = Self.problem(seed: 3)
        let (losses, p) = Self.run(logits, labels, inPlace: false)
        for i in 0..<Self.rows {
            let z = Array(logits[(i * Self.ld)..<(i * Self.ld + Self.classes)])
            var maximum = z[0]
            for j in 1..<Self.classes where z[j] > maximum { maximum = z[j] }
            var total: Float = 0
            var e = [Float](repeating: 0, count: Self.classes)
            for j in 0..<Self.classes {
                e[j] = expf(z[j] - maximum)
                total += e[j]
            }
            #expect(losses[i] == maximum + logf(total) - z[Int(labels[i])])
            let inverse = 1 / total
            for j in 0..<Self.classes { #expect(p[i * Self.ld + j] == e[j] * inverse) }
        }
    }
}
