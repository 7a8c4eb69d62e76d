import Foundation

/// Rendering of a ``StochasticSummary``: a Markdown table and JSON.
extension StochasticSummary {
    /// The targets of all configurations, in first-seen order (one pair of table columns each).
    public var allTargets: [Double] {
        configurations.flatMap { $0.targets.map(\.target) }.uniqued()
    }

    /// The table of the summary, one row per configuration: data set, configuration, seeds,
    /// evaluations, selection score, whether selected (`*`), final test accuracy (median [20 %,
    /// 80 %]), µs per iteration (median) and, per target, the time the median curve reaches it and the median of the seeds'
    /// first-hit times (with hits/seeds).
    ///
    /// - Parameter dataName: only this data set's configurations (nil: all).
    public func tableCells(dataName: String? = nil) -> (header: [String], rows: [[String]]) {
        let targets = allTargets
        var header = ["data", "configuration", "seeds", "evals", "val err (\(criterion))", "sel", "final test acc [20%, 80%]", "µs/it"]
        for target in targets {
            header += ["t→\(Self.text(target)) median curve", "t→\(Self.text(target)) seeds (hits)"]
        }
        let rows = configurations.filter { dataName == nil || $0.dataName == dataName }.map { configuration in
            let accuracy = configuration.finalTestAccuracy.map { MetricValue.fixed($0, digits: 4) }
            var cells = [
                configuration.dataName, configuration.configuration, String(configuration.seeds.count),
                String(configuration.evaluations),
                configuration.selectionScore.map { MetricValue.fixed($0, digits: 4) } ?? (configuration.eligible ? "—" : "too few seeds"),
                configuration.selected ? "*" : "", "\(accuracy[0]) [\(accuracy[1]), \(accuracy[2])]",
                configuration.microsecondsPerIteration.isFinite
                    ? String(format: "%.0f", configuration.microsecondsPerIteration) : "—",
            ]
            for target in targets {
                guard let time = configuration.targets.first(where: { $0.target == target }) else {
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

    /// ``tableCells(dataName:)`` as a Markdown table.
    public func table() -> [String] {
        let (header, rows) = tableCells()
        return ["| " + header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
            + rows.map { "| " + $0.joined(separator: " | ") + " |" }
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
