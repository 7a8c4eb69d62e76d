import Testing

@testable import Bilevel

/// `PythonRandom` against CPython's `random` (vectors/python_random.json, generated with CPython
/// 3.6–3.13, and a few values computed with CPython 3 for seeds the vectors do not cover).
@Suite struct PythonRandomTests {
    static let vectorSeeds = [2424, 2425, 42, 123, 456]

    private func vectors(_ seed: Int) throws -> PythonRandomVectors.Seed {
        try #require(
            try TestVectors.pythonRandom().seeds[String(seed)], "no vectors for seed \(seed)")
    }

    private func sha256(_ values: [Int]) -> String {
        SHA256.hexDigest(of: Array(VectorFormat.csvText(values).utf8))
    }

    @Test(arguments: vectorSeeds)
    func stateAfterSeedingMatchesInitByArray(seed: Int) throws {
        let expected = try vectors(seed)
        let rng = PythonRandom(seed: seed)
        #expect(Array(rng.state.prefix(5)) == expected.mt0To4AfterSeed)
        #expect(rng.state[623] == expected.mt623AfterSeed)
        #expect(rng.index == 624)
    }

    @Test(arguments: vectorSeeds)
    func firstWordsMatchGetrandbits32(seed: Int) throws {
        var rng = PythonRandom(seed: seed)
        #expect(
            (0..<5).map { _ in rng.getrandbits(32) } == (try vectors(seed)).rawGetrandbits32First5)
    }

    @Test(arguments: vectorSeeds)
    func randomIsBitIdentical(seed: Int) throws {
        let expected = try vectors(seed)
        var rng = PythonRandom(seed: seed)
        for (repr, hex) in zip(expected.randomFirst3, expected.randomFirst3Hex) {
            let value = rng.random()
            #expect(value.bitPattern == (try #require(Double(repr))).bitPattern)
            #expect(VectorFormat.pythonHex(value) == hex)
        }
    }

    /// The official split/pollution sequence (PBGD.md §2.2): shuffle 60000, shuffle 5000,
    /// 2500 x randint(0, 9), then three more words.
    @Test(arguments: vectorSeeds)
    func officialSplitAndPollutionSequence(seed: Int) throws {
        let expected = try vectors(seed)
        var rng = PythonRandom(seed: seed)
        var permutation = Array(0..<60_000)
        rng.shuffle(&permutation)
        let splitDraws = rng.wordsDrawn
        #expect(Array(permutation.prefix(20)) == expected.splitFirst20)
        #expect(Array(permutation.suffix(5)) == expected.splitLast5)
        #expect(sha256(permutation) == expected.splitSHA256)
        #expect(sha256(Array(permutation[0..<5000])) == expected.trainSHA256)
        #expect(sha256(Array(permutation[5000..<10_000])) == expected.valSHA256)
        #expect(sha256(Array(permutation[10_000..<20_000])) == expected.testSHA256)
        #expect(splitDraws == expected.splitDraws)

        var positions = Array(0..<5000)
        rng.shuffle(&positions)
        #expect(Array(positions.prefix(20)) == expected.pollutionFirst20)
        #expect(sha256(positions) == expected.pollutionSHA256)
        #expect(sha256(positions.prefix(2500).sorted()) == expected.pollutedSortedSHA256)
        #expect(rng.wordsDrawn - splitDraws == expected.pollutionDraws)

        let beforeLabels = rng.wordsDrawn
        let labels = (0..<2500).map { _ in rng.randint(0, 9) }
        #expect(Array(labels.prefix(20)) == expected.newLabelsFirst20)
        #expect(sha256(labels) == expected.newLabelsSHA256)
        #expect(
            (0...9).map { digit in labels.count { $0 == digit } } == expected.newLabelsHistogram)
        #expect(rng.wordsDrawn - beforeLabels == expected.randintDraws)
        #expect((0..<3).map { _ in rng.getrandbits(32) } == expected.afterPollutionFirst3)
    }

    /// The benchmark's toy starts: `x0 = uniform(0, 3.5)`, `y0 = uniform(-5, 8.5)` per run.
    @Test(arguments: vectorSeeds)
    func toyStartsAreBitIdentical(seed: Int) throws {
        let expected = try vectors(seed)
        let starts = ToyConvergence.startPoints(seed: seed, count: 1000)
        for (index, start) in starts.prefix(5).enumerated() {
            #expect(
                start.x.bitPattern
                    == (try #require(Double(expected.toyStartsFirst5Repr[index][0]))).bitPattern)
            #expect(
                start.y.bitPattern
                    == (try #require(Double(expected.toyStartsFirst5Repr[index][1]))).bitPattern)
            #expect(VectorFormat.pythonHex(start.x) == expected.toyStartsFirst5Hex[index][0])
            #expect(VectorFormat.pythonHex(start.y) == expected.toyStartsFirst5Hex[index][1])
        }
        let text = starts.map { VectorFormat.pythonHex($0.x) + "," + VectorFormat.pythonHex($0.y) }
            .joined(separator: ";")
        #expect(SHA256.hexDigest(of: Array(text.utf8)) == expected.toyStartsSHA256)
    }

    /// PBGD.md §8: seed 2424 starts 1274860770, 2157767049, … and the shuffles' first values.
    @Test func documentedSeed2424Values() {
        var rng = PythonRandom(seed: 2424)
        #expect(
            (0..<5).map { _ in rng.getrandbits(32) } == [
                1_274_860_770, 2_157_767_049, 4_887_732, 1_723_891_903, 3_416_897_155,
            ])
        rng = PythonRandom(seed: 2424)
        var permutation = Array(0..<60_000)
        rng.shuffle(&permutation)
        #expect(Array(permutation.prefix(5)) == [51_580, 13_592, 851, 36_671, 14_637])
        #expect(Array(permutation.suffix(3)) == [74, 32_924, 19_452])
    }

    /// Seeds outside the vectors, from CPython 3: `[random.Random(s).getrandbits(32) for 3]`.
    /// Zero (key [0]), a negative seed (its magnitude), and multi-word seeds.
    @Test func integerSeedingCoversZeroNegativeAndMultiWordSeeds() {
        func firstThree(_ rng: PythonRandom) -> [UInt64] {
            var rng = rng
            return (0..<3).map { _ in rng.getrandbits(32) }
        }
        #expect(firstThree(PythonRandom(seed: 0)) == [3_626_764_237, 1_654_615_998, 3_255_389_356])
        #expect(firstThree(PythonRandom(seed: 5)) == [2_675_342_405, 1_097_127_993, 3_185_950_873])
        #expect(firstThree(PythonRandom(seed: -5)) == firstThree(PythonRandom(seed: 5)))
        #expect(
            firstThree(PythonRandom(seed: (1 << 32) + 5)) == [
                675_479_763, 2_085_189_291, 1_213_270_837,
            ])
        #expect(
            firstThree(PythonRandom(seed: (1 << 32) + 5)) == firstThree(PythonRandom(key: [5, 1])))
        #expect(
            firstThree(PythonRandom(seed: -((1 << 40) + 3))) == [
                943_978_446, 261_273_136, 2_359_950_418,
            ])
        #expect(
            firstThree(PythonRandom(seed: (UInt128(1) << 64) + 7)) == [
                4_134_331_577, 364_536_972, 1_405_532_956,
            ])
        #expect(firstThree(PythonRandom(seed: 0)) == firstThree(PythonRandom(key: [0])))
    }

    /// CPython 3, `r = random.Random(7)`: getrandbits(40), (64), (1), (33) in that order.
    @Test func getrandbitsBeyond32BitsFillsWordsLeastSignificantFirst() {
        var rng = PythonRandom(seed: 7)
        #expect(rng.getrandbits(40) == 1_040_772_936_760)
        #expect(rng.getrandbits(64) == 7_283_207_964_119_141_687)
        #expect(rng.getrandbits(1) == 1)
        #expect(rng.getrandbits(33) == 207_388_624)
        #expect(rng.wordsDrawn == 2 + 2 + 1 + 2)
        let before = rng.wordsDrawn
        #expect(rng.getrandbits(0) == 0)
        #expect(rng.wordsDrawn == before)
    }

    /// CPython 3, `r = random.Random(7)`: randrange(2**33) x3, then randint(-3, 3) x5; then a
    /// fresh Random(7): shuffle(range(10)), random(), uniform(-2, 5).
    @Test func randbelowRandintShuffleAndUniformMatchCPython() {
        var rng = PythonRandom(seed: 7)
        #expect(
            (0..<3).map { _ in rng.randbelow(1 << 33) } == [
                4_942_859_575, 2_795_742_288, 2_301_595_691,
            ])
        #expect((0..<5).map { _ in rng.randint(-3, 3) } == [-1, 1, -3, 1, -2])
        rng = PythonRandom(seed: 7)
        var values = Array(0..<10)
        rng.shuffle(&values)
        #expect(values == [8, 3, 1, 4, 7, 0, 9, 6, 2, 5])
        #expect(VectorFormat.pythonHex(rng.random()) == "0x1.d1c4bb2079d3bp-1")
        #expect(VectorFormat.pythonHex(rng.uniform(-2.0, 5.0)) == "-0x1.fd0b1ede67658p-2")
    }

    /// `_randbelow(n)` draws bit_length(n) bits: 4 for n = 8 (a power of two still takes one more
    /// bit than log2) and for n = 10, 16 for n = 60000.
    @Test func randbelowUsesBitLengthBits() {
        for (n, bits) in [(8, 4), (10, 4), (60_000, 16), (1, 1)] {
            var counting = PythonRandom(seed: 99)
            var reference = PythonRandom(seed: 99)
            let value = counting.randbelow(n)
            var expected = reference.getrandbits(bits)
            while expected >= UInt64(n) { expected = reference.getrandbits(bits) }
            #expect(value == Int(expected))
            #expect(counting.wordsDrawn == reference.wordsDrawn)
        }
    }

    @Test func copiesContinueIndependently() {
        var a = PythonRandom(seed: 42)
        _ = a.random()
        var b = a
        #expect(a.random() == b.random())
        _ = a.random()
        #expect(a.wordsDrawn == b.wordsDrawn + 2)
    }
}
