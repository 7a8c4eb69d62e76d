/// Gaussian elimination with partial pivoting in Float64 for the tiny reference systems of the
/// closed-form problems (n ≤ ~10; allocates, not for hot loops).
enum DenseSolve {
    /// Solves M·x = r for a row-major n×n M; nil when M is singular to working precision.
    static func solve(_ matrix: [Double], _ rhs: [Double]) -> [Double]? {
        let n = rhs.count
        precondition(matrix.count == n * n, "DenseSolve: \(matrix.count) entries for n = \(n)")
        var m = matrix
        var x = rhs
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(m[$0 * n + column]) < abs(m[$1 * n + column]) }),
                  abs(m[pivot * n + column]) > 1e-14 else { return nil }
            if pivot != column {
                for k in 0..<n { m.swapAt(pivot * n + k, column * n + k) }
                x.swapAt(pivot, column)
            }
            for row in (column + 1)..<n {
                let factor = m[row * n + column] / m[column * n + column]
                guard factor != 0 else { continue }
                for k in column..<n { m[row * n + k] -= factor * m[column * n + k] }
                x[row] -= factor * x[column]
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            var value = x[row]
            for k in (row + 1)..<n { value -= m[row * n + k] * x[k] }
            x[row] = value / m[row * n + row]
        }
        return x
    }
}
