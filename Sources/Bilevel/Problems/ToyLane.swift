#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The number type the toy oracles compute on: one start (`Double`) or eight starts at once
/// (`SIMD8<Double>`, one start per lane).
///
/// The oracles in ``Toy`` are written once, generically, so the scalar form used by tests and the
/// vector form used by ``ToyConvergence`` are the same code. Arithmetic is lane-wise IEEE
/// double arithmetic, so a lane of a `SIMD8<Double>` result is bit-identical to the scalar result.
/// The transcendental functions call the C library (`sin`, `cos`, `exp`, `log`, `pow`) lane by
/// lane, as CPython's `math` module does, and `hypot` is CPython's own algorithm
/// (``PythonMath/hypot(_:_:)``): the reference values are only reproduced bit for bit this way
/// (PBGD.md §1.6).
public protocol ToyLane: Sendable {
    /// A value with every lane equal to `value`.
    init(broadcasting value: Double)

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static func + (lhs: Double, rhs: Self) -> Self
    static func + (lhs: Self, rhs: Double) -> Self
    static func - (lhs: Double, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Double) -> Self
    static func * (lhs: Double, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Double) -> Self
    static func / (lhs: Double, rhs: Self) -> Self

    /// C `sin`, lane-wise.
    static func sin(_ v: Self) -> Self
    /// C `cos`, lane-wise.
    static func cos(_ v: Self) -> Self
    /// C `exp`, lane-wise.
    static func exp(_ v: Self) -> Self
    /// C `log` (natural logarithm), lane-wise.
    static func log(_ v: Self) -> Self
    /// C `pow(v, 2)`, lane-wise: what Python's `v**2` computes for a float `v`.
    ///
    /// It is not always `v * v`: the two differ in the last bit for rare `v`, enough to change one
    /// G-PBGD step count in a thousand (PBGD.md §1.6).
    static func pythonSquare(_ v: Self) -> Self
    /// Python's `math.hypot(a, b)` (``PythonMath/hypot(_:_:)``, not C `hypot`), lane-wise.
    static func hypot(_ a: Self, _ b: Self) -> Self
    /// C `fabs`, lane-wise.
    static func magnitude(_ v: Self) -> Self
    /// Python's `min(max(v, lower), upper)`, lane-wise.
    ///
    /// Python's `max(v, lower)` keeps `v` unless `lower > v` (so `-0.0` and NaN pass through), and
    /// `min(m, upper)` keeps `m` unless `upper < m`; this reproduces both rules exactly.
    static func clamped(_ v: Self, lower: Double, upper: Double) -> Self
}

// The C library's functions under names that the `ToyLane` requirements of the same name
// (`sin`, `cos`, ...) do not shadow.
@inline(__always) private func libmSin(_ v: Double) -> Double { sin(v) }
@inline(__always) private func libmCos(_ v: Double) -> Double { cos(v) }
@inline(__always) private func libmExp(_ v: Double) -> Double { exp(v) }
@inline(__always) private func libmLog(_ v: Double) -> Double { log(v) }
/// C `pow(v, 2)`, kept a real library call.
///
/// LLVM rewrites a `pow(v, 2.0)` it can see into `v * v`, which is not always glibc's
/// `pow(v, 2.0)` (PBGD.md §1.6: it changes two G-PBGD step counts of the published seeds). An
/// unoptimised, never-inlined function keeps the constant out of the optimiser's reach.
@_optimize(none)
private func libmSquare(_ v: Double) -> Double { pow(v, 2.0) }
@inline(__always) private func libmFabs(_ v: Double) -> Double { fabs(v) }

extension Double: ToyLane {
    /// A value with every lane equal to `value`.
    public init(broadcasting value: Double) { self = value }

    /// C `sin`, lane-wise.
    public static func sin(_ v: Double) -> Double { libmSin(v) }
    /// C `cos`, lane-wise.
    public static func cos(_ v: Double) -> Double { libmCos(v) }
    /// C `exp`, lane-wise.
    public static func exp(_ v: Double) -> Double { libmExp(v) }
    /// C `log`, lane-wise.
    public static func log(_ v: Double) -> Double { libmLog(v) }
    /// C `pow(v, 2)`, lane-wise (Python's `v**2`).
    public static func pythonSquare(_ v: Double) -> Double { libmSquare(v) }
    /// Python's `math.hypot`, lane-wise (``PythonMath/hypot(_:_:)``).
    public static func hypot(_ a: Double, _ b: Double) -> Double { PythonMath.hypot(a, b) }
    /// C `fabs`, lane-wise.
    public static func magnitude(_ v: Double) -> Double { libmFabs(v) }

    /// Python's `min(max(v, lower), upper)`, lane-wise.
    public static func clamped(_ v: Double, lower: Double, upper: Double) -> Double {
        let atLeastLower = lower > v ? lower : v
        return upper < atLeastLower ? upper : atLeastLower
    }
}

extension SIMD8: ToyLane where Scalar == Double {
    /// A value with every lane equal to `value`.
    public init(broadcasting value: Double) { self.init(repeating: value) }

    /// Applies a scalar C function to every lane.
    @inline(__always)
    private static func lanewise(_ v: Self, _ body: (Double) -> Double) -> Self {
        var result = Self()
        for lane in 0..<scalarCount { result[lane] = body(v[lane]) }
        return result
    }

    /// C `sin`, lane-wise.
    public static func sin(_ v: Self) -> Self { lanewise(v) { libmSin($0) } }
    /// C `cos`, lane-wise.
    public static func cos(_ v: Self) -> Self { lanewise(v) { libmCos($0) } }
    /// C `exp`, lane-wise.
    public static func exp(_ v: Self) -> Self { lanewise(v) { libmExp($0) } }
    /// C `log`, lane-wise.
    public static func log(_ v: Self) -> Self { lanewise(v) { libmLog($0) } }
    /// C `pow(v, 2)`, lane-wise (Python's `v**2`).
    public static func pythonSquare(_ v: Self) -> Self { lanewise(v) { libmSquare($0) } }
    /// C `fabs`, lane-wise.
    public static func magnitude(_ v: Self) -> Self { lanewise(v) { libmFabs($0) } }

    /// Python's `math.hypot`, lane-wise (``PythonMath/hypot(_:_:)``).
    public static func hypot(_ a: Self, _ b: Self) -> Self {
        var result = Self()
        for lane in 0..<scalarCount { result[lane] = PythonMath.hypot(a[lane], b[lane]) }
        return result
    }

    /// Python's `min(max(v, lower), upper)`, lane-wise.
    public static func clamped(_ v: Self, lower: Double, upper: Double) -> Self {
        let atLeastLower = v.replacing(with: lower, where: v .< lower)
        return atLeastLower.replacing(with: upper, where: atLeastLower .> upper)
    }
}
