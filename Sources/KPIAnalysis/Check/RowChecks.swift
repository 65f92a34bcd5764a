import Foundation
import KPIModel

/// The checks of rows with a kind: sums, shares, averages, changes, small groups.
///
/// A finding about a relation between rows is reported at the first of the parts, because
/// the parts are where printed tables go wrong in practice: a whole is the most read and most
/// checked figure, and its rows below are copied by hand. The message names the whole.
extension CheckContext {
  /// Text where a figure belongs.
  mutating func checkNumbers() {
    for (row, spec) in specs where spec.kind != .text {
      for column in layout.valueColumns {
        if case .text(let text) = cell(row, column) {
          // NaN, Inf or 1e400 is a figure no table can print: an error, not text.
          let impossible = Self.isNonFinite(text)
          report(
            row, column, impossible ? .error : .warning, .number,
            "expected \(impossible ? "a finite number" : "a number") in a "
              + "\(spec.kind.rawValue) row, found " + quoted(text))
        }
      }
    }
  }

  /// Whether `text` reads as a number that is not finite: `NaN`, `Inf`, `-Infinity`, or a
  /// literal too large for a double such as `1e400` (decimal comma or point).
  static func isNonFinite(_ text: String) -> Bool {
    let word = text.trimmingCharacters(in: .whitespaces).lowercased()
    let sign = word.first.map { "+-−".contains($0) } ?? false
    let unsigned = sign ? String(word.dropFirst()) : word
    if ["nan", "inf", "infinity", "∞"].contains(unsigned) { return true }
    guard unsigned.first?.isNumber == true,
      let value = Double(unsigned.replacingOccurrences(of: ",", with: "."))
    else { return false }
    return !value.isFinite
  }

  /// Parts of counts that do not add up to them.
  mutating func checkCounts() {
    for (whole, spec) in specs where spec.kind == .count {
      for parts in spec.breakdowns {
        for column in layout.valueColumns {
          guard case .number(let total) = cell(whole, column),
            let (printed, blank) = numbers(parts, column), !printed.isEmpty
          else { continue }
          let terms = printed.map(\.number)
          let sum = Bounds.sum(terms.map { bounds($0, .count) })
          let wholeBounds = bounds(total, .count)
          let arithmetic = sumText(terms)
          let radius = sum.radius + wholeBounds.radius
          let at = parts[0]
          if blank.isEmpty {
            guard !sum.overlaps(wholeBounds) else { continue }
            report(
              at, column, .error, .sum,
              "the parts of \(named(whole)) add up to \(arithmetic), not \(total.text)"
                + tolerance(radius, terms + [total]))
          } else if wholeBounds.isBelow(sum) {
            report(
              at, column, .error, .sum,
              "the printed parts of \(named(whole)) add up to \(arithmetic), more than "
                + total.text + tolerance(radius, terms + [total]))
          } else if printed.count >= 2, sum.isBelow(wholeBounds) {
            // One printed part is an "x av y", whose rest is plain; a tally that names
            // several statuses and leaves a rest has lost some.
            let rest = style.format(
              total.value - terms.map(\.value).reduce(0, +), decimals: decimals(terms + [total]))
            let missing = blank.map { "\"\(label($0))\"" }.joined(separator: ", ")
            report(
              at, column, .warning, .sum,
              "the printed parts of \(named(whole)) add up to \(arithmetic) of \(total.text); "
                + "\(rest) not accounted for (\(missing) not printed)")
          }
        }
      }
    }
  }

  /// Shares of a group that do not add up to the whole.
  mutating func checkShareGroups() {
    var groups: [String: [Int]] = [:]
    var order: [String] = []
    for (row, spec) in specs where spec.kind == .share {
      guard let group = spec.group else { continue }
      if groups[group] == nil { order.append(group) }
      groups[group, default: []].append(row)
    }
    let whole = Bounds.point(layout.scale.whole)
    let wholeText = style.format(layout.scale.whole, decimals: 0)
    for group in order {
      let rows = groups[group]!
      guard rows.count >= 2 else { continue }
      let lines = rows.map { String(table.rows[$0].line) }.joined(separator: ", ")
      for column in layout.valueColumns {
        guard let (printed, blank) = numbers(rows, column), !printed.isEmpty else { continue }
        let terms = printed.map(\.number)
        let sum = Bounds.sum(terms.map { bounds($0, .share) })
        let consistent = blank.isEmpty ? sum.overlaps(whole) : !whole.isBelow(sum)
        guard !consistent else { continue }
        report(
          rows[0], column, .error, .shares,
          "the shares of group \"\(group)\" (lines \(lines)) add up to \(sumText(terms)), "
            + (blank.isEmpty ? "not" : "more than") + " \(wholeText)"
            + tolerance(sum.radius, terms))
      }
    }
  }

  /// Rates and shares outside the range of their parts.
  mutating func checkAverages() {
    for (whole, spec) in specs where spec.kind == .rate || spec.kind == .share {
      for parts in spec.breakdowns {
        for column in layout.valueColumns {
          guard case .number(let value) = cell(whole, column),
            let (printed, blank) = numbers(parts, column), blank.isEmpty, !printed.isEmpty
          else { continue }
          let terms = printed.map(\.number)
          let wholeBounds = bounds(value, spec.kind)
          let partBounds = terms.map { bounds($0, spec.kind) }
          guard !Bounds.hull(partBounds).overlaps(wholeBounds) else { continue }
          let listed = printed.map { "\(label($0.row)) \($0.number.text)" }
          let what = spec.kind == .rate ? "rates" : "shares"
          var message =
            "\(value.text) of \(named(whole)) lies outside its parts ("
            + listed.joined(separator: ", ") + "), though it is their weighted average"
          if terms.count >= 2, Bounds.sum(partBounds).overlaps(wholeBounds) {
            message +=
              "; \(sumText(terms)): the parts look like contributions to the whole, not "
              + "\(what) of their own"
          }
          report(parts[0], column, .error, .average, message)
        }
      }
    }
  }

  /// Changes that do not match the levels they are taken from.
  mutating func checkChanges() {
    for (row, spec) in specs where spec.kind == .change || spec.kind == .difference {
      guard let base = spec.base, let baseKind = layout.rows[base]?.kind else { continue }
      for (previous, column) in zip(layout.valueColumns, layout.valueColumns.dropFirst()) {
        guard case .number(let printed) = cell(row, column),
          case .number(let now) = cell(base, column),
          case .number(let before) = cell(base, previous)
        else { continue }
        let level = bounds(now, baseKind)
        let earlier = bounds(before, baseKind)
        let computed: Bounds
        let arithmetic: String
        let shown: Double
        let unit = layout.scale == .percent && spec.kind == .change ? " %" : ""
        // A relative change gets one decimal more than printed, to show how far off it is.
        let places =
          spec.kind == .change
          ? printed.decimals + 1 : max(printed.decimals, now.decimals, before.decimals)
        if spec.kind == .difference {
          computed = Bounds(low: level.low - earlier.high, high: level.high - earlier.low)
          shown = now.value - before.value
          arithmetic = "\(now.text) \u{2212} \(before.text)"
        } else {
          guard earlier.low > 0, level.low >= 0 else { continue }
          let factor = layout.scale.whole
          computed = Bounds(
            low: (level.low / earlier.high - 1) * factor,
            high: (level.high / earlier.low - 1) * factor)
          shown = (now.value / before.value - 1) * factor
          arithmetic = "\(now.text) / \(before.text) \u{2212} 1"
        }
        guard !computed.overlaps(bounds(printed, spec.kind)) else { continue }
        report(
          row, column, .error, .change,
          "\(printed.text) does not match the levels of \(named(base)): \(arithmetic) = "
            + show(shown, decimals: places) + unit
            + (spec.kind == .change ? " against \(table.header[previous])" : ""))
      }
    }
  }

  /// Rates and shares printed for groups the law would withhold.
  mutating func checkSuppression() {
    for (row, spec) in specs where spec.kind == .rate || spec.kind == .share {
      for column in layout.valueColumns {
        guard let employees = spec.employees[column], employees <= TableCheck.smallGroupLimit,
          case .number(let number) = cell(row, column)
        else { continue }
        report(
          row, column, .warning, .suppression,
          "\(number.text) is printed for a group of \(employees) "
            + (employees == 1 ? "employee" : "employees")
            + "; the law withholds figures for groups of at most "
            + "\(TableCheck.smallGroupLimit) employees (LKBR 11 kap.)")
      }
    }
  }

  // MARK: - Words

  /// `60,7 + 0 + 0 = 60,7`.
  func sumText(_ terms: [PrintedNumber]) -> String {
    terms.map(\.text).joined(separator: " + ") + " = " + sumValue(terms)
  }

  /// The sum of printed figures with as many decimals as the most precise of them.
  func sumValue(_ terms: [PrintedNumber]) -> String {
    let value = terms.map(\.value).reduce(0, +)
    return show(value, decimals: decimals(terms))
  }

  /// A cell's text for a message, cut as ingest messages are.
  func quoted(_ text: String) -> String {
    let limit = 20
    return "\"" + String(text.prefix(limit)) + (text.count > limit ? "…\"" : "\"")
  }
}
