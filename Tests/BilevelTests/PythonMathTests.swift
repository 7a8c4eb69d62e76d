import Testing

@testable import Bilevel

/// `PythonMath.hypot` against CPython 3.11.7's `math.hypot` (values printed with `float.hex`).
@Suite struct PythonMathTests {
    /// Pairs where glibc's hypot is one ulp off CPython's, and a subnormal pair (CPython 3.11's
    /// divide-by-max branch).
    static let cases: [(a: String, b: String, python: String, glibc: String?)] = [
        (
            "0x1.2eade935dc57cp+6", "0x1.8d61a6d0611eep+7", "0x1.a9396c60984fap+7",
            "0x1.a9396c60984f9p+7"
        ),
        (
            "0x1.0ebe5118b4bbcp+7", "-0x1.278ae3c9deb54p+7", "0x1.90cef4fbd96b5p+7",
            "0x1.90cef4fbd96b6p+7"
        ),
        (
            "0x1.a2c4bd9f628b0p+5", "-0x1.6e82b9055a68cp+7", "0x1.7d2b7e2c0919dp+7",
            "0x1.7d2b7e2c0919cp+7"
        ),
        (
            "0x1.41ff3e0956958p+6", "-0x1.68e2baafa9998p+7", "0x1.8b2b6882e5b3cp+7",
            "0x1.8b2b6882e5b3bp+7"
        ),
        ("0x0.000000618e4c0p-1022", "0x0.3560d1ac55d54p-1022", "0x0.3560d1ac55d59p-1022", nil),
    ]

    @Test(arguments: 0..<cases.count)
    func matchesCPython(index: Int) throws {
        let c = Self.cases[index]
        let a = try VectorFormat.double(hex: c.a)
        let b = try VectorFormat.double(hex: c.b)
        #expect(VectorFormat.pythonHex(PythonMath.hypot(a, b)) == c.python)
        #expect(VectorFormat.pythonHex(PythonMath.hypot(b, a)) == c.python)
        // The toy's lane hypot is this one (glibc 2.36's hypot gives the `glibc` column).
        #expect(VectorFormat.pythonHex(Double.hypot(a, b)) == c.python)
        #expect(c.glibc != c.python)
    }

    @Test func specialValuesFollowCPython() {
        #expect(PythonMath.hypot(.infinity, .nan) == .infinity)
        #expect(PythonMath.hypot(.nan, -.infinity) == .infinity)
        #expect(PythonMath.hypot(.nan, 1).isNaN)
        #expect(PythonMath.hypot(-3, 4) == 5)
        #expect(PythonMath.hypot(0, -0.0).bitPattern == 0)
        #expect(PythonMath.hypot(1e308, 1e308) == 1.4142135623730951e308)
    }
}
