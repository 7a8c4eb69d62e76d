import Testing

@testable import Bilevel

/// The toy experiment against the benchmark (vectors/toy.json, PBGD.md §1.3–1.6).
@Suite struct ToyConvergenceTests {
    struct Variant: Sendable, CustomTestStringConvertible {
        var seed: Int
        var method: ToyMethod
        var derivative: ToyDerivative
        var key: String { "\(method.rawValue)_\(derivative.rawValue)_df" }
        var testDescription: String { "seed \(seed) \(key)" }
    }

    static let variants: [Variant] = [42, 123, 456].flatMap { seed in
        ToyMethod.allCases.flatMap { method in
            ToyDerivative.allCases.map { Variant(seed: seed, method: method, derivative: $0) }
        }
    }

    private func expected(_ variant: Variant) throws -> ToyVectors.Variant {
        let vectors = try TestVectors.toy()
        return try #require(
            vectors.seeds[String(variant.seed)]?[variant.key],
            "no vectors for \(variant.testDescription)")
    }

    private func settings(_ variant: Variant, seeds: [Int]? = nil) -> ToyConvergenceSettings {
        ToyConvergenceSettings(
            strategy: ToyStrategy(method: variant.method, gams: [10], alpha0: 0.1),
            derivative: variant.derivative, seeds: seeds ?? [variant.seed])
    }

    /// The first three steps of run 0, every value bit for bit.
    @Test(arguments: variants)
    func firstStepsOfRunZeroAreBitExact(variant: Variant) throws {
        let expected = try expected(variant)
        var (x, y) = ToyConvergence.startPoints(seed: variant.seed, count: 1)[0]
        let alpha = 0.1 / 10.0
        for reference in expected.firstSteps {
            let step = Toy.pbgdStep(
                x: x, y: y, method: variant.method, derivative: variant.derivative, gamma: 10,
                alpha: alpha)
            #expect(VectorFormat.pythonHex(step.gradX) == reference.gradX)
            #expect(VectorFormat.pythonHex(step.gradY) == reference.gradY)
            #expect(VectorFormat.pythonHex(step.xNext) == reference.xNext)
            #expect(VectorFormat.pythonHex(step.yNext) == reference.yNext)
            #expect(VectorFormat.pythonHex(step.projectedGradient) == reference.projectedGradient)
            #expect(
                step.xNext.bitPattern == (try VectorFormat.double(hex: reference.xNext)).bitPattern)
            (x, y) = (step.xNext, step.yNext)
        }
    }

    /// Step counts (first ten and the digest of all 1000), the first ten TRAIN_METRICS lines
    /// character for character, the runs ending at x = 3, and the five metrics.
    @Test(arguments: variants)
    func thousandRunsMatchTheBenchmark(variant: Variant) throws {
        let expected = try expected(variant)
        let result = try ToyConvergence.run(settings(variant))
        let seedResult = try #require(result.seeds.first)
        let steps = seedResult.outcomes.map(\.steps)
        #expect(Array(steps.prefix(10)) == expected.first10Steps)
        #expect(
            SHA256.hexDigest(of: Array(VectorFormat.csvText(steps).utf8)) == expected.stepsSHA256)
        let lines = seedResult.trainRecords(includeSeed: false).prefix(10).map(\.keyValueLine)
        #expect(Array(lines) == expected.first10Lines)
        #expect(seedResult.metrics.runsEndingAtUpperBound == expected.runsEndingAtUpperBound)

        let metrics = seedResult.metrics
        // Step counts are integers: their mean k/1000 and the median are exact.
        #expect(metrics.convergenceSteps == expected.metrics.convergenceSteps)
        #expect(metrics.medianSteps == expected.metrics.medianSteps)
        #expect(metrics.successRate == expected.metrics.successRate)
        // Same per-run doubles summed in the same order: the means agree to the last bit.
        #expect(metrics.finalResidual == expected.metrics.finalResidual)
        #expect(metrics.finalProjectedGrad == expected.metrics.finalProjectedGrad)
    }

    /// The published table's toy columns are means over seeds 42, 123, 456 (PBGD.md §1.6, §6);
    /// the exact-df means are checked per seed by `thousandRunsMatchTheBenchmark`.
    @Test func publishedMeansOverThreeSeeds() throws {
        let cases: [(ToyMethod, ToyDerivative, String, String)] = [
            (.vPBGD, .official, "260.712000", "0.030088"),
            (.gPBGD, .official, "303.686000", "0.081229"),
        ]
        for (method, derivative, steps, residual) in cases {
            var settings = ToyConvergenceSettings(derivative: derivative)
            settings.strategy.method = method
            let result = try ToyConvergence.run(settings)
            let final = result.finalRecord(backend: "swift")
            #expect(final["convergence_steps"]?.keyValueText == steps)
            #expect(final["score"]?.keyValueText == steps)
            #expect(final["final_residual"]?.keyValueText == residual)
            #expect(final["success_rate"]?.keyValueText == "1.000000")
            #expect(final["min_success_rate"]?.keyValueText == "1.000000")
            #expect(final["status"] == .string("converged"))
        }
    }

    /// A plain per-start loop written from PBGD.md §1.3, the specification the vector code must
    /// equal (including several gammas and the cap).
    private func referenceRun(_ start: (x: Double, y: Double), _ settings: ToyConvergenceSettings)
        -> ToyRunOutcome
    {
        var (x, y) = start
        var steps = 0
        var last = ToyRunOutcome(
            steps: 0, succeeded: false, objective: .nan, residual: .nan, projectedGradient: .nan,
            x: x, y: y)
        for gamma in settings.strategy.gams {
            let alpha = settings.strategy.alpha0 / gamma
            for _ in 0..<settings.maxIterations {
                let objective = Toy.upperObjective(x: x, y: y)
                let step = Toy.pbgdStep(
                    x: x, y: y, method: settings.strategy.method, derivative: settings.derivative,
                    gamma: gamma, alpha: alpha)
                (x, y) = (step.xNext, step.yNext)
                steps += 1
                last = ToyRunOutcome(
                    steps: steps, succeeded: false, objective: objective, residual: abs(x + y),
                    projectedGradient: step.projectedGradient, x: x, y: y)
                if step.projectedGradient <= settings.tolerance {
                    last.succeeded = true
                    return last
                }
            }
        }
        last.steps = settings.strategy.gams.count * settings.maxIterations
        return last
    }

    /// 13 starts (one full block of eight and a padded one), several strategies and caps.
    @Test(arguments: [
        ToyStrategy(method: .vPBGD, gams: [10], alpha0: 0.1),
        ToyStrategy(method: .gPBGD, gams: [10], alpha0: 0.1),
        ToyStrategy(method: .vPBGD, gams: [10], alpha0: 0.24),  // some runs cycle forever
        ToyStrategy(method: .vPBGD, gams: [10, 3], alpha0: 0.24),  // a second gamma rescues some
        ToyStrategy(method: .gPBGD, gams: [2, 10], alpha0: 0.1),
    ])
    func vectorRunnerEqualsPerStartLoop(strategy: ToyStrategy) {
        let settings = ToyConvergenceSettings(strategy: strategy, maxIterations: 400)
        let starts = ToyConvergence.startPoints(seed: 7, count: 13)
        let outcomes = ToyConvergence.run(starts: starts, settings: settings)
        #expect(outcomes.count == 13)
        for (index, start) in starts.enumerated() {
            let reference = referenceRun(start, settings)
            let outcome = outcomes[index]
            #expect(outcome.steps == reference.steps, "run \(index)")
            #expect(outcome.succeeded == reference.succeeded, "run \(index)")
            #expect(outcome.objective.bitPattern == reference.objective.bitPattern, "run \(index)")
            #expect(outcome.residual.bitPattern == reference.residual.bitPattern, "run \(index)")
            #expect(
                outcome.projectedGradient.bitPattern == reference.projectedGradient.bitPattern,
                "run \(index)")
            #expect(
                outcome.x.bitPattern == reference.x.bitPattern
                    && outcome.y.bitPattern == reference.y.bitPattern, "run \(index)")
        }
    }

    /// Success is `pg <= tol` (inclusive), checked after each step; a failed run counts
    /// `len(gams) * max_iter` steps.
    @Test func stoppingRule() {
        let starts = ToyConvergence.startPoints(seed: 1, count: 5)
        // Any step satisfies an infinite tolerance: every run stops after exactly one step.
        var settings = ToyConvergenceSettings(tolerance: .greatestFiniteMagnitude)
        var outcomes = ToyConvergence.run(starts: starts, settings: settings)
        #expect(outcomes.allSatisfy { $0.steps == 1 && $0.succeeded })
        // Tolerance equal to the first step's pg succeeds (<=), just below it does not.
        let first = Toy.pbgdStep(
            x: starts[0].x, y: starts[0].y, method: .vPBGD, derivative: .official, gamma: 10,
            alpha: 0.01)
        settings.tolerance = first.projectedGradient
        settings.maxIterations = 1
        outcomes = ToyConvergence.run(starts: [starts[0]], settings: settings)
        #expect(outcomes[0].succeeded && outcomes[0].steps == 1)
        settings.tolerance = first.projectedGradient.nextDown
        outcomes = ToyConvergence.run(starts: [starts[0]], settings: settings)
        #expect(!outcomes[0].succeeded && outcomes[0].steps == 1)
        // Tolerance 0 is never met here: each run counts len(gams) * max_iter.
        settings = ToyConvergenceSettings(
            strategy: ToyStrategy(method: .vPBGD, gams: [10, 20, 5], alpha0: 0.1), maxIterations: 7,
            tolerance: 0)
        outcomes = ToyConvergence.run(starts: starts, settings: settings)
        #expect(outcomes.allSatisfy { $0.steps == 21 && !$0.succeeded })
        let metrics = ToyMetrics(outcomes: outcomes, stepCap: settings.stepCap)
        #expect(
            metrics.runsAtCap == 5 && metrics.successRate == 0 && metrics.convergenceSteps == 21)
    }

    @Test func certainFailureStopsEarlyAndOtherwiseChangesNothing() {
        let starts = ToyConvergence.startPoints(seed: 42, count: 64)
        let good = ToyConvergenceSettings(
            strategy: ToyStrategy(method: .vPBGD, gams: [10], alpha0: 0.2))
        let full = ToyConvergence.run(starts: starts, settings: good)
        let early = ToyConvergence.runUnlessCertainFailure(starts: starts, settings: good)
        #expect(early == full)
        // alpha0 0.24 at gamma 10: some runs fall into an exact 2-cycle (and never converge).
        let cycling = ToyConvergenceSettings(
            strategy: ToyStrategy(method: .vPBGD, gams: [10], alpha0: 0.24), maxIterations: 2000)
        #expect(ToyConvergence.run(starts: starts, settings: cycling).contains { !$0.succeeded })
        #expect(ToyConvergence.runUnlessCertainFailure(starts: starts, settings: cycling) == nil)
        // Divergence (alpha0 far too large) is certain failure too.
        let diverging = ToyConvergenceSettings(
            strategy: ToyStrategy(method: .vPBGD, gams: [10], alpha0: 5))
        #expect(ToyConvergence.runUnlessCertainFailure(starts: starts, settings: diverging) == nil)
    }

    @Test func resultsAreIndependentOfTheStartCountsBlocking() {
        let settings = ToyConvergenceSettings(
            strategy: ToyStrategy(method: .gPBGD, gams: [10], alpha0: 0.1))
        let starts = ToyConvergence.startPoints(seed: 123, count: 21)
        let together = ToyConvergence.run(starts: starts, settings: settings)
        let alone = starts.map { ToyConvergence.run(starts: [$0], settings: settings)[0] }
        #expect(together == alone)
    }

    @Test func settingsValidation() {
        #expect(throws: ToyConvergenceError.invalidMaxIterations(0)) {
            try ToyConvergenceSettings(maxIterations: 0).validated()
        }
        #expect(throws: ToyConvergenceError.invalidStartCount(0)) {
            try ToyConvergenceSettings(startCount: 0).validated()
        }
        #expect(throws: ToyConvergenceError.noSeeds) {
            try ToyConvergenceSettings(seeds: []).validated()
        }
        #expect(throws: ToyConvergenceError.self) {
            try ToyConvergenceSettings(tolerance: .nan).validated()
        }
        #expect(throws: ToyConvergenceError.strategy(.invalidAlpha0(0))) {
            try ToyConvergence.run(
                ToyConvergenceSettings(strategy: ToyStrategy(method: .vPBGD, gams: [10], alpha0: 0))
            )
        }
    }

    @Test func multiSeedRecordsCarryTheSeedAndTheFinalExtras() throws {
        let settings = ToyConvergenceSettings(startCount: 10, seeds: [42, -3])
        let result = try ToyConvergence.run(settings)
        let records = result.records(backend: "swift")
        #expect(records.count == 21)
        #expect(records[0]["seed"] == .int(42))
        #expect(records[10]["seed"] == .int(-3))
        let final = try #require(records.last)
        #expect(final.label == "FINAL_METRICS")
        #expect(
            Array(final.keys.prefix(7)) == [
                "convergence_steps", "median_steps", "final_residual", "final_projected_grad",
                "success_rate", "runtime_sec", "score",
            ])
        #expect(
            final["convergence_steps_seed42"] != nil && final["convergence_steps_seedm3"] != nil)
        #expect(final["method"] == .string("v_pbgd") && final["toy_df"] == .string("official"))
        #expect(final["gams"] == .string("10") && final["seeds"] == .string("42,-3"))
        #expect(final["backend"] == .string("swift"))
    }
}
