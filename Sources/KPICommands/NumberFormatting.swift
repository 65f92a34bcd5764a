/// Formats a number for machine CSV: full precision (the shortest text that reads back to the
/// same double), dot decimal, and an empty cell for a value that is missing or not finite.
func machineNumber(_ value: Double?) -> String {
  guard let value, value.isFinite else { return "" }
  if value == value.rounded(), abs(value) < 1e15 {
    return String(Int64(value))
  }
  return "\(value)"
}

/// Joins cells into one RFC 4180 CSV line. The cells here are numbers and fixed identifiers,
/// which never need quoting.
func csvLine(_ cells: [String]) -> String {
  cells.joined(separator: ",")
}
