import Foundation

/// Rendering of a ``StochasticSummary``: a Markdown table and JSON.
extension StochasticSummary {
    /// The table of the summary, one row per configuration: data set, configuration, seeds,
    /// evaluations, selection score, whether selected (`*`), final test accuracy (median [20 %,
    /// 80 %]), µs per iteration (median) and, per target, the time the median curve reaches it
    /// and the median of the seeds' first-hit times (with hits/seeds). Value-function problems
    /// (regularization selection) show the final h − h* and the times to the gap targets instead.
    ///
    /// - Parameters:
    ///   - dataName: only this data set's configurations (nil: all).
    ///   - valueFunction: the value-function configurations (true) or the others (false); nil:
    ///     the kind of the first configuration shown.
    public func tableCells(dataName: String? = nil, valueFunction: Bool? = nil) -> (header: [String], rows: [[String]]) {
        let chosen = configurations.filter { dataName == nil || $0.dataName == dataName }
        let gapKind = valueFunction ?? (chosen.first?.hasValueFunction ?? false)
        let shown = chosen.filter { $0.hasValueFunction == gapKind }
        let targets = gapKind ? shown.flatMap { $0.gapTargets.map(\.target) }.uniqued()
            : shown.flatMap { $0.targets.map(\.target) }.uniqued()
        let score = gapKind ? "value_func" : "val err"
        var header = ["data", "configuration", "seeds", "evals", "\(score) (\(criterion))", "sel",
                      gapKind ? "final h − h* [20%, 80%]" : "final test acc [20%, 80%]", "µs/it"]
        for target in targets {
            let name = gapKind ? "h−h*≤\(Self.text(target))" : Self.text(target)
            header += ["t→\(name) median curve", "t→\(name) seeds (hits)"]
        }
        let rows = shown.map { configuration in
            let final = gapKind
                ? configuration.finalValueGap.map { MetricValue.significant($0, digits: 3) }
                : configuration.finalTestAccuracy.map { MetricValue.fixed($0, digits: 4) }
            var cells = [
                configuration.dataName, configuration.configuration, String(configuration.seeds.count),
                String(configuration.evaluations),
                configuration.selectionScore.map { MetricValue.fixed($0, digits: gapKind ? 6 : 4) }
                    ?? (configuration.eligible ? "—" : "too few seeds"),
                configuration.selected ? "*" : "", final.count == 3 ? "\(final[0]) [\(final[1]), \(final[2])]" : "—",
                configuration.microsecondsPerIteration.isFinite
                    ? String(format: "%.0f", configuration.microsecondsPerIteration) : "—",
            ]
            let times = gapKind ? configuration.gapTargets : configuration.targets
            for target in targets {
                guard let time = times.first(where: { $0.target == target }) else {
                    cells += ["", ""]
                    continue
                }
                cells.append(Self.seconds(time.medianCurveTime))
                cells.append("\(Self.seconds(time.medianSeedTime)) (\(time.seedsReached)/\(time.seedTimes.count))")
            }
            return cells
        }
        return (header, rows)
    }

    /// ``tableCells(dataName:valueFunction:)`` as Markdown: one table for the accuracy problems,
    /// then (after an empty line) one for the value-function problems, each when present.
    public func table() -> [String] {
        let kinds = [false, true].filter { kind in configurations.contains { $0.hasValueFunction == kind } }
        return kinds.enumerated().flatMap { index, kind -> [String] in
            let (header, rows) = tableCells(valueFunction: kind)
            return (index > 0 ? [""] : [])
                + ["| " + header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
                + rows.map { "| " + $0.joined(separator: " | ") + " |" }
        }
    }

    /// The summary as one JSON document (snake_case keys, sorted; NaN written as the string
    /// `"nan"`; an unreached target time is absent, or `null` inside a list).
    public func json(pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Seconds with three significant digits, `—` for nil.
    public static func seconds(_ value: Double?) -> String {
        value.map { MetricValue.significant($0, digits: 3) + " s" } ?? "—"
    }

    /// A target as written (`0.8`, `0.72`).
    public static func text(_ value: Double) -> String { MetricValue.significant(value, digits: 6) }
}
