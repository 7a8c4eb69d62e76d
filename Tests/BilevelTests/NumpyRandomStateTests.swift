import Testing
@testable import Bilevel

/// ``NumpyRandomState`` against numpy 2.4.6's legacy `RandomState` (values printed by numpy,
/// an independent implementation, not by this package).
@Suite struct NumpyRandomStateTests {
    @Test func randomSampleMatchesNumpy() {
        // np.random.RandomState(0).random_sample(3)
        var zero = NumpyRandomState(seed: 0)
        #expect((0..<3).map { _ in zero.randomSample() }
            == [0.5488135039273248, 0.7151893663724195, 0.6027633760716439])
        // np.random.RandomState(5489).rand(2), then .randint(0, 10, size=5)
        var classic = NumpyRandomState(seed: 5489)
        #expect([classic.randomSample(), classic.randomSample()] == [0.8147236863931789, 0.9057919370756192])
        #expect((0..<5).map { _ in classic.randint(0, 10) } == [5, 1, 3, 5, 4])
        // np.random.RandomState(2**32 - 1).random_sample()
        var largest = NumpyRandomState(seed: UInt32.max)
        #expect(largest.randomSample() == 0.0976320289940138)
    }

    @Test func randintMatchesNumpy() {
        // np.random.RandomState(7).randint(0, 10, size=12), then .randint(3, 1000, size=5)
        var rng = NumpyRandomState(seed: 7)
        #expect((0..<12).map { _ in rng.randint(0, 10) } == [4, 9, 6, 3, 3, 7, 7, 9, 7, 8, 9, 8])
        #expect((0..<5).map { _ in rng.randint(3, 1000) } == [170, 71, 435, 898, 394])
    }

    @Test func permutationAndShuffleMatchNumpy() {
        // np.random.RandomState(123).permutation(10); shuffle(np.arange(10)) gives the same.
        var rng = NumpyRandomState(seed: 123)
        #expect(rng.permutation(10) == [4, 0, 7, 5, 8, 3, 1, 6, 9, 2])
        var values = Array(0..<10)
        var again = NumpyRandomState(seed: 123)
        again.shuffle(&values)
        #expect(values == [4, 0, 7, 5, 8, 3, 1, 6, 9, 2])
    }

    /// The benchopt split draws (METHODS.md §3.1): permutation(60000), then rand(20000) < p.
    @Test func benchoptSplitStreamMatchesNumpy() {
        var rng = NumpyRandomState(seed: 32)
        let permutation = rng.permutation(60_000)
        #expect(Array(permutation.prefix(10)) == [9963, 56881, 10791, 2123, 55383, 1897, 55115, 28334, 57819, 14188])
        #expect(Array(permutation.suffix(5)) == [59480, 20414, 9526, 42539, 10967])
        // sha256 of the decimals joined by "," (hashlib on numpy's output).
        #expect(HyperCleaningSplit.listDigest(permutation)
            == "ac9910110be750df4bc9a9affbce0087b1808d548623d3445030df3eec7a4618")
        var copy = rng
        #expect((0..<3).map { _ in copy.randomSample() }
            == [0.43878422116483073, 0.9326834777055912, 0.6678798565263379])
        let mask = (0..<20_000).map { _ in rng.randomSample() < 0.5 ? 1 : 0 }
        #expect(mask.reduce(0, +) == 10_045)
        #expect(HyperCleaningSplit.listDigest(mask)
            == "725a06057280b43de2aec5c466c1d4b6c6ae9cdb4ff4ec5c86dbb4918425a8fc")
        // rng.randint(0, 10, size=10045)[:10]
        #expect((0..<10).map { _ in rng.randint(0, 10) } == [9, 2, 3, 4, 9, 0, 9, 3, 1, 2])
    }
}
