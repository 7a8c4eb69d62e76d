/// One layer of a ``Chart``: a line, a band, bars or points.
///
/// Marks are drawn in order (put bands before the lines they surround). A mark with a `name`
/// gets a legend entry.
public enum Mark: Sendable {
    /// A polyline through points; non-drawable points (NaN, ≤ 0 on a log axis) break it.
    case line(LineSeries)
    /// A filled area between a lower and an upper curve (a quantile band).
    case band(BandSeries)
    /// Vertical bars over x intervals (a histogram).
    case bars(BarSeries)
    /// Markers at points, no line.
    case points(PointSeries)

    /// The legend text, if any.
    public var name: String? {
        switch self {
        case .line(let s): return s.name
        case .band(let s): return s.name
        case .bars(let s): return s.name
        case .points(let s): return s.name
        }
    }

    /// Every x value the mark needs on screen.
    var xValues: [Double] {
        switch self {
        case .line(let s): return s.points.map(\.x)
        case .band(let s): return s.x
        case .bars(let s): return s.bins.flatMap { [$0.lower, $0.upper] }
        case .points(let s): return s.points.map(\.x)
        }
    }

    /// Every y value the mark needs on screen (bars include their base, 0).
    var yValues: [Double] {
        switch self {
        case .line(let s): return s.points.map(\.y)
        case .band(let s): return s.lower + s.upper
        case .bars(let s): return s.bins.map(\.count) + [0]
        case .points(let s): return s.points.map(\.y)
        }
    }
}

/// A point of a series.
public struct DataPoint: Sendable, Equatable {
    /// Abscissa.
    public var x: Double
    /// Ordinate.
    public var y: Double

    /// A point.
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A polyline, optionally with markers at its points.
public struct LineSeries: Sendable {
    /// Legend text; nil for no legend entry.
    public var name: String?
    /// The points in drawing order.
    public var points: [DataPoint]
    /// Colour, dash and marker.
    public var style: SeriesStyle
    /// Draw the style's marker at every n-th point (0: never; markers of dense curves would
    /// merge into a thick line).
    public var markerEvery: Int

    /// A line; see the properties.
    public init(name: String?, points: [DataPoint], style: SeriesStyle, markerEvery: Int = 0) {
        self.name = name
        self.points = points
        self.style = style
        self.markerEvery = markerEvery
    }
}

/// The area between `lower` and `upper` over `x` (all three the same length).
public struct BandSeries: Sendable {
    /// Legend text; nil for no legend entry.
    public var name: String?
    /// Abscissae, increasing.
    public var x: [Double]
    /// Lower edge at each x.
    public var lower: [Double]
    /// Upper edge at each x.
    public var upper: [Double]
    /// Fill colour.
    public var color: String
    /// Fill opacity in [0, 1].
    public var opacity: Double

    /// A band; see the properties.
    ///
    /// - Precondition: `x`, `lower` and `upper` have the same length.
    public init(name: String? = nil, x: [Double], lower: [Double], upper: [Double], color: String, opacity: Double = 0.18) {
        precondition(x.count == lower.count && x.count == upper.count, "BandSeries: \(x.count) x, \(lower.count) lower, \(upper.count) upper")
        self.name = name
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
        self.opacity = opacity
    }
}

/// Bars from y = 0 to a count over x intervals.
public struct BarSeries: Sendable {
    /// One bar.
    public struct Bin: Sendable, Equatable {
        /// Left edge.
        public var lower: Double
        /// Right edge.
        public var upper: Double
        /// Height.
        public var count: Double

        /// A bin.
        public init(lower: Double, upper: Double, count: Double) {
            self.lower = lower
            self.upper = upper
            self.count = count
        }
    }

    /// Legend text; nil for no legend entry.
    public var name: String?
    /// The bars.
    public var bins: [Bin]
    /// Fill colour (outlined in the same colour, hatched when the style has a dash).
    public var style: SeriesStyle

    /// Bars; see the properties.
    public init(name: String?, bins: [Bin], style: SeriesStyle) {
        self.name = name
        self.bins = bins
        self.style = style
    }

    /// Equal-width bins over `lower...upper` counting `values` (a value equal to `upper` falls
    /// in the last bin; values outside are not counted).
    public static func histogram(_ values: [Double], bins count: Int, lower: Double, upper: Double) -> [Bin] {
        precondition(count >= 1 && upper > lower, "histogram: need bins >= 1 and upper > lower")
        let width = (upper - lower) / Double(count)
        var counts = [Double](repeating: 0, count: count)
        for value in values where value >= lower && value <= upper {
            counts[min(Int((value - lower) / width), count - 1)] += 1
        }
        return counts.enumerated().map { index, total in
            Bin(lower: lower + Double(index) * width, upper: lower + Double(index + 1) * width, count: total)
        }
    }
}

/// Markers at points.
public struct PointSeries: Sendable {
    /// Legend text; nil for no legend entry.
    public var name: String?
    /// The points.
    public var points: [DataPoint]
    /// Colour and marker (a `.none` marker is drawn as a circle).
    public var style: SeriesStyle
    /// Marker radius in pixels.
    public var radius: Double

    /// Points; see the properties.
    public init(name: String?, points: [DataPoint], style: SeriesStyle, radius: Double = 3) {
        self.name = name
        self.points = points
        self.style = style
        self.radius = radius
    }
}
