import Bilevel
import Testing

/// The memory side of `bench iterations`' roofline: which products read the sample matrix, and
/// the bandwidth probe.
struct IterationRooflineTests {
    /// Passes over a 5000 × 784 sample matrix, counted by hand from the methods' steady-state
    /// products (IterationWorkload's documentation): V-PBGD reads train X twice (stacked forward,
    /// stacked backward) and validation X twice; G-PBGD reads train X four times (forward,
    /// backward, R-forward, R-backward) and validation X twice. The MLP's output-layer products
    /// never touch X.
    @Test(arguments: [
        (NetworkKind.linear, IterationWorkload.Method.vPBGD, 4),
        (.linear, .gPBGD, 6), (.mlp, .vPBGD, 4), (.mlp, .gPBGD, 6),
    ])
    func sampleMatrixPassesMatchTheHandCount(
        network: NetworkKind, method: IterationWorkload.Method, passes: Int
    ) {
        let workload = IterationWorkload(network: network, method: method)
        #expect(workload.sampleMatrixPasses == passes)
        #expect(workload.bytesMoved == Double(passes) * 5000 * 784 * 4)
    }

    @Test(arguments: [1, 2])
    func bandwidthProbeIsPositiveAndFinite(threads: Int) {
        let bytesPerSecond = StreamingBandwidth.measure(megabytes: 16, repetitions: 3, threads: threads)
        // Anything a computer streams at: above 100 MB/s, below 10 TB/s.
        #expect(bytesPerSecond > 1e8 && bytesPerSecond < 1e13)
    }
}
