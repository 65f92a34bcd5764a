/// True when `a` and `b` agree to `tolerance`, absolutely for small numbers and relatively for
/// large ones (an intercept of −1.1e7 cannot agree to 1e-9 absolutely in double precision).
func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
  abs(a - b) <= tolerance * max(1, abs(b))
}
