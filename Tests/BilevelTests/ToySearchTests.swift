import Testing

@testable import Bilevel

@Suite struct ToySearchTests {
    /// A tiny search: three strategies on two seeds of 40 starts.
    private func search(maxResidual: Double? = nil) -> [ToySearch.Row] {
        let grid = ToySearchGrid(methods: [.vPBGD], gammas: [10], alpha0s: [0.1, 0.2, 0.24])
        let settings = ToyConvergenceSettings(startCount: 40, seeds: [42, 123])
        return ToySearch.run(grid: grid, settings: settings, maxResidual: maxResidual)
    }

    @Test func qualifyingRowsComeFirstSortedByMeanSteps() throws {
        let rows = search()
        #expect(rows.map(\.strategy.alpha0) == [0.2, 0.1, 0.24])
        #expect(rows.map(\.qualifies) == [true, true, false])
        #expect(rows[0].meanSteps < rows[1].meanSteps)
        // The failing strategy stopped at its first certain failure, on its first seed.
        #expect(rows[2].stoppedEarly && rows[2].perSeed.isEmpty)
        // A qualifying row's numbers are those of a plain run.
        let plain = try ToyConvergence.run(
            ToyConvergenceSettings(
                strategy: rows[0].strategy, startCount: 40, seeds: [42, 123]))
        #expect(rows[0].meanSteps == plain.mean.convergenceSteps)
        #expect(rows[0].meanResidual == plain.mean.finalResidual)
    }

    @Test func residualLimitDisqualifies() {
        let rows = search(maxResidual: 0.0)
        #expect(rows.allSatisfy { !$0.qualifies })
    }

    @Test func tableAndRecords() {
        let rows = search()
        let table = ToySearch.table(rows, seeds: [42, 123])
        #expect(table.count == 2 + 2)  // header, rule, two qualifying rows
        #expect(
            table[0].hasPrefix(
                "| rank | method | gamma | alpha0 | alpha | mean steps | seed 42 | seed 123 |"))
        #expect(table[2].hasPrefix("| 1 | v_pbgd | 10 | 0.2 | 0.02 | "))
        #expect(ToySearch.table(rows, seeds: [42, 123], limit: 1).count == 3)
        let records = ToySearch.records(rows)
        #expect(records.map { $0["rank"] } == [.int(1), .int(2), .int(0)])
        #expect(records[0].label == "SEARCH_METRICS" && records[0]["qualifies"] == .bool(true))
        #expect(records[0]["convergence_steps_seed123"] != nil)
    }

    @Test func standardGridIsTheDocumentedOne() {
        let grid = ToySearchGrid.standard
        #expect(grid.methods == [.vPBGD, .gPBGD])
        #expect(grid.gammas.count == 49 && grid.gammas.first == 0.25 && grid.gammas.last == 16)
        #expect(
            grid.gammas.contains(10.3747) && grid.gammas.contains(0.6484)
                && grid.gammas.contains(13.4543))
        #expect(grid.alpha0s == (1...50).map { Double($0) / 100 })
        #expect(grid.count == 4900 && grid.strategies.count == 4900)
    }

    /// The shipped tuned presets are rows of the standard grid.
    @Test func tunedPresetsComeFromTheStandardGrid() throws {
        let grid = ToySearchGrid.standard
        for name in ["tuned", "tuned_feasible"] {
            let strategy = try ToyPresets.named(name).strategy
            #expect(grid.strategies.contains(strategy), "\(name)")
        }
    }
}
