/// Small dense Float64 linear algebra on row-major `[Double]` for set-up code (problem
/// generators and acceptance tests), where Float32 is too coarse (e.g. a λ_min ≥ 1e-12 test).
/// Not for hot loops: everything allocates.
enum DenseFloat64 {
    /// A·B for A m×k, B k×n.
    static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k where a[i * k + p] != 0 {
                let aip = a[i * k + p]
                for j in 0..<n { c[i * n + j] += aip * b[p * n + j] }
            }
        }
        return c
    }

    /// Aᵀ for A m×n.
    static func transpose(_ a: [Double], m: Int, n: Int) -> [Double] {
        var t = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { t[j * m + i] = a[i * n + j] } }
        return t
    }

    /// The Cholesky factor L (A = L·Lᵀ) of a symmetric n×n A, or nil when A is not positive definite.
    static func cholesky(_ a: [Double], n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for p in 0..<j { sum -= l[i * n + p] * l[j * n + p] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        return l
    }

    /// X = A⁻¹·B from A's Cholesky factor `l` (n×n), B n×columns.
    static func solve(cholesky l: [Double], _ b: [Double], n: Int, columns: Int) -> [Double] {
        var x = b
        for c in 0..<columns {
            for i in 0..<n {  // L z = b
                var sum = x[i * columns + c]
                for p in 0..<i { sum -= l[i * n + p] * x[p * columns + c] }
                x[i * columns + c] = sum / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {  // Lᵀ x = z
                var sum = x[i * columns + c]
                for p in (i + 1)..<n { sum -= l[p * n + i] * x[p * columns + c] }
                x[i * columns + c] = sum / l[i * n + i]
            }
        }
        return x
    }

    /// A Haar-distributed orthogonal n×n matrix: Gram–Schmidt (twice, for orthogonality in
    /// Float64) of a Gaussian matrix's columns, signs fixed so that R has a positive diagonal.
    static func randomOrthogonal(_ n: Int, _ gauss: inout GaussianSampler) -> [Double] {
        var q = (0..<(n * n)).map { _ in gauss.next() }
        for j in 0..<n {
            for _ in 0..<2 {
                for p in 0..<j {
                    var projection = 0.0
                    for i in 0..<n { projection += q[i * n + p] * q[i * n + j] }
                    for i in 0..<n { q[i * n + j] -= projection * q[i * n + p] }
                }
            }
            var norm = 0.0
            for i in 0..<n { norm += q[i * n + j] * q[i * n + j] }
            norm = norm.squareRoot()
            for i in 0..<n { q[i * n + j] /= norm }
        }
        return q
    }
}
