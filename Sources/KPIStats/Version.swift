/// The version of the GSL library the statistics run on, e.g. `"2.7.1"`.
public var gslVersion: String { GSL.version }
