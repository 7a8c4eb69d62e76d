import ArgumentParser
import Bilevel
import Tensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `bilevel toy-convergence search`: grid search for the fewest mean steps at success 1.0.
struct ToySearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract:
            "Grid search over method, gamma and alpha0 for the fewest mean steps at success 1.0.",
        discussion: """
            Runs every (method, gamma, alpha0) of the grid on the search seeds (default 42,123,456) \
            with the benchmark protocol, keeps the strategies with success rate 1.0 on every seed, \
            and ranks them by mean steps. Prints the top rows as a Markdown table and saves the full \
            table (--table). The winner is then re-run on held-out seeds (--check-seeds) and its \
            FINAL_METRICS line is printed. A seed is abandoned as soon as one run is certain never \
            to converge (non-finite or exactly repeating iterate), which changes no qualifying row.
            """
    )

    @Option(help: ArgumentHelp("Methods to try.", valueName: "list"))
    var methods = ToySearchGrid.standard.methods.map(\.rawValue).joined(separator: ",")

    @Option(help: ArgumentHelp("Gammas to try (one per strategy).", valueName: "list"))
    var gammas = ToyStrategy.listText(ToySearchGrid.standard.gammas)

    @Option(help: ArgumentHelp("alpha0 values to try.", valueName: "list"))
    var alpha0s = ToySearchGrid.standard.alpha0s.map { "\($0)" }.joined(separator: ",")

    @Option(
        name: .customLong("check-seeds"),
        help: ArgumentHelp("Held-out seeds the winner is re-run on.", valueName: "list"))
    var checkSeeds = "0,1,2,3,4,5,6,7,8,9"

    @Option(
        name: .customLong("max-residual"),
        help:
            "Also require a mean final residual |x + y| <= this (default: no limit, the benchmark's rule)."
    )
    var maxResidual: Double?

    @Option(help: "Rows of the table printed on stdout (the saved table has all).")
    var top = 20

    @Option(
        help: ArgumentHelp("Save the full table (Markdown) here, atomically.", valueName: "file.md")
    )
    var table = "toy-search.md"

    @OptionGroup(title: "Protocol")
    var protocolOptions: ToyProtocolOptions

    @OptionGroup(title: "Output")
    var output: OutputOptions

    func validate() throws {
        _ = try grid()
        _ = try checkSeedList()
        if let maxResidual, !(maxResidual >= 0) {
            throw ValidationError("--max-residual must be a number >= 0, got \(maxResidual)")
        }
        guard top >= 0 else { throw ValidationError("--top must be >= 0, got \(top)") }
        guard !table.isEmpty else { throw ValidationError("--table needs a file name") }
        let settings = try protocolOptions.settings(
            strategy: .baseline, defaultSeeds: ToyConvergenceSettings.publishedSeeds)
        try validationCheck { () throws(ToyConvergenceError) in try settings.validated() }
    }

    /// The grid from the flags; every strategy in it is validated.
    func grid() throws -> ToySearchGrid {
        let methodList = try parseList(methods, flag: "--methods") { ToyMethod(rawValue: $0) }
        let grid = ToySearchGrid(
            methods: methodList,
            gammas: try parseList(gammas, flag: "--gammas") { Double($0) },
            alpha0s: try parseList(alpha0s, flag: "--alpha0s") { Double($0) })
        for strategy in grid.strategies {
            try validationCheck { () throws(ToyStrategyError) in try strategy.validated() }
        }
        return grid
    }

    func checkSeedList() throws -> [Int] {
        try parseList(checkSeeds, flag: "--check-seeds") { Int($0) }
    }

    func run() throws {
        let grid = try grid()
        let settings = try protocolOptions.settings(
            strategy: .baseline, defaultSeeds: ToyConvergenceSettings.publishedSeeds)
        try settings.validated()
        // Open both files first: a bad path fails before the search, and nothing is left behind.
        let tableFile = try ResultFile(path: table)
        let recordFile = try output.openFile()

        let clock = ContinuousClock()
        let started = clock.now
        let rows = ToySearch.run(grid: grid, settings: settings, maxResidual: maxResidual) {
            done, total in
            if !output.quiet, done % 50 == 0 || done == total {
                report("search: \(done)/\(total) strategies")
            }
        }
        let searchSeconds = seconds(clock.now - started)
        let qualifying = rows.filter(\.qualifies)
        let header = [
            "# bilevel toy-convergence search",
            "",
            "grid: methods \(methods); gammas \(gammas); alpha0s \(alpha0s) (\(grid.count) strategies)",
            "protocol: seeds \(settings.seeds.map(String.init).joined(separator: ",")), toy_df \(settings.derivative), "
                + "\(settings.startCount) starts, cap \(settings.maxIterations), tol \(settings.tolerance)",
            "qualifying (success 1.0 on every seed\(maxResidual.map { ", mean residual <= \($0)" } ?? "")): "
                + "\(qualifying.count) of \(rows.count); "
                + "search time \(MetricValue.fixed(searchSeconds, digits: 1)) s",
            "",
        ]
        var lines = header + ToySearch.table(rows, seeds: settings.seeds)
        let shown = ToySearch.table(rows, seeds: settings.seeds, limit: top)
        for line in header.dropFirst(2).dropLast() { report(line) }
        for line in shown { print(line) }

        var records = ToySearch.records(rows)
        if let winner = qualifying.first {
            var check = settings
            check.strategy = winner.strategy
            check.seeds = try checkSeedList()
            let result = try ToyConvergence.run(check)
            var final = result.finalRecord(backend: Backend.swift.rawValue)
            final.append("search_rank", .int(1))
            final.append("search_mean_steps", .float(winner.meanSteps, format: .fixed(3)))
            let verdict =
                result.minimumSuccessRate == 1
                ? "stays at success 1.0" : "FAILS (min success \(result.minimumSuccessRate))"
            let summary =
                "winner \(winner.strategy): mean \(MetricValue.fixed(winner.meanSteps, digits: 3)) steps on the search seeds; "
                + "held-out seeds \(checkSeeds): mean \(MetricValue.fixed(result.mean.convergenceSteps, digits: 3)) steps, \(verdict)"
            lines += ["", summary, "", "    " + final.keyValueLine]
            report(summary)
            print(final.line(json: output.json))
            records.append(final)
        } else {
            lines += ["", "no strategy qualified"]
            report("no strategy qualified")
        }
        for line in lines { try tableFile.append(line: line) }
        for record in records { try recordFile?.append(record) }
        try tableFile.commit()
        try recordFile?.commit()
    }

    private func report(_ line: String) {
        fflush(nil)  // keep stdout and stderr lines in order on a terminal
        printToStandardError(line)
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
