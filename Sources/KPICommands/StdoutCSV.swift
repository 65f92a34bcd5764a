import KPIRender

/// Machine CSV for a terminal: the rfc dialect with LF line ends.
let stdoutCSV = CSVWriter(dialect: .rfc, lineEnding: "\n")
