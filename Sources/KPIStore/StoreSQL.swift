/// The statements both stores run, in the SQL that SQLite and PostgreSQL share, so the two
/// read and write the one schema alike. Parameters are numbered; `placeholder` spells
/// number n as the database wants it (`?n` for SQLite, `$n` for PostgreSQL).
enum StoreSQL {
  /// Parameters: organisation, kpi, period, scope, runId, value, count, lower, upper, status.
  static func upsertValue(placeholder p: (Int) -> String) -> String {
    """
    INSERT INTO kpiValue (organisation, kpi, period, scope, runId, value, count, lower, upper,
      status)
    VALUES (\((1...10).map(p).joined(separator: ", ")))
    ON CONFLICT (organisation, kpi, period, scope) DO UPDATE SET runId = excluded.runId,
      value = excluded.value, count = excluded.count, lower = excluded.lower,
      upper = excluded.upper, status = excluded.status
    """
  }

  /// Parameters: organisation, kpi, period, scope, value, source.
  static func upsertHistory(placeholder p: (Int) -> String) -> String {
    """
    INSERT INTO history (organisation, kpi, period, scope, value, source)
    VALUES (\((1...6).map(p).joined(separator: ", ")))
    ON CONFLICT (organisation, kpi, period, scope) DO UPDATE SET value = excluded.value,
      source = excluded.source
    """
  }

  /// Parameters: kpi or NULL, organisation or NULL. Columns: kpi, period, scope, value,
  /// count, lower, upper, status.
  static func values(placeholder p: (Int) -> String) -> String {
    """
    SELECT kpi, period, scope, value, count, lower, upper, status FROM kpiValue
    WHERE (\(p(1)) IS NULL OR kpi = \(p(1))) AND (\(p(2)) IS NULL OR organisation = \(p(2)))
    UNION ALL
    SELECT h.kpi, h.period, h.scope, h.value, NULL, NULL, NULL, NULL FROM history h
    WHERE (\(p(1)) IS NULL OR h.kpi = \(p(1))) AND (\(p(2)) IS NULL OR h.organisation = \(p(2)))
      AND NOT EXISTS (SELECT 1 FROM kpiValue v WHERE v.organisation = h.organisation
        AND v.kpi = h.kpi AND v.period = h.period AND v.scope = h.scope)
    ORDER BY 1, 3, 2
    """
  }

  /// Parameters: kpi, period. Columns: organisation, scope, value, count, lower, upper,
  /// status.
  static func organisationValues(placeholder p: (Int) -> String) -> String {
    """
    SELECT organisation, scope, value, count, lower, upper, status FROM kpiValue
    WHERE kpi = \(p(1)) AND period = \(p(2))
    UNION ALL
    SELECT h.organisation, h.scope, h.value, NULL, NULL, NULL, NULL FROM history h
    WHERE h.kpi = \(p(1)) AND h.period = \(p(2))
      AND NOT EXISTS (SELECT 1 FROM kpiValue v WHERE v.organisation = h.organisation
        AND v.kpi = h.kpi AND v.period = h.period AND v.scope = h.scope)
    ORDER BY 1, 2
    """
  }
}
