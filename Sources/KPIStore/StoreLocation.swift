import Foundation

/// Where a store is: an SQLite file (the default), or a PostgreSQL server shared by many
/// organisations (`postgres://user@host:port/database`, with the `Postgres` trait).
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
  /// An SQLite file.
  case sqlite(URL)
  /// A PostgreSQL database.
  case postgres(PostgresAddress)

  /// Reads `--store`'s text: a `postgres://` or `postgresql://` URL, else a file path. The
  /// parts a URL leaves out come from libpq's variables (`PGHOST`, `PGPORT`, `PGUSER`,
  /// `PGDATABASE`), and the password only from `PGPASSWORD`: a password typed on the command
  /// line would be in the shell's history and every process listing.
  /// - Parameters:
  ///   - text: The option's text, or `KPI_STORE`'s.
  ///   - environment: The process environment.
  ///   - fromCommandLine: Whether the text was typed as an option (then a password in it is
  ///     refused).
  /// - Throws: ``StoreError`` for a URL that cannot be read or carries a password on the
  ///   command line.
  public static func parse(
    _ text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
    fromCommandLine: Bool = true
  ) throws(StoreError) -> StoreLocation {
    guard PostgresAddress.isURL(text) else { return .sqlite(URL(fileURLWithPath: text)) }
    return .postgres(
      try PostgresAddress(url: text, environment: environment, fromCommandLine: fromCommandLine))
  }

  /// Whether `text` names a server (`postgres:` or `postgresql:`) rather than a file.
  public static func isServerURL(_ text: String) -> Bool { PostgresAddress.isURL(text) }

  /// The location a command uses: `--store` when given, else `KPI_STORE`, else `fallback`.
  /// - Throws: ``StoreError`` as ``parse(_:environment:fromCommandLine:)``.
  public static func resolve(
    option: String?, fallback: URL,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(StoreError) -> StoreLocation {
    if let option { return try parse(option, environment: environment) }
    if let text = environment["KPI_STORE"], !text.isEmpty {
      return try parse(text, environment: environment, fromCommandLine: false)
    }
    return .sqlite(fallback)
  }

  /// The path or the URL without its password.
  public var description: String {
    switch self {
    case .sqlite(let url): url.path
    case .postgres(let address): address.description
    }
  }

  /// The file, for an SQLite store.
  public var fileURL: URL? {
    if case .sqlite(let url) = self { return url }
    return nil
  }

  /// Whether this build can open a PostgreSQL store (it was built with the `Postgres` trait).
  public static var postgresSupported: Bool {
    #if Postgres
      true
    #else
      false
    #endif
  }

  /// Opens the store, creating and migrating an SQLite file. A PostgreSQL store must have
  /// been set up by `kpi store init`; it is migrated here when its schema is older.
  /// - Throws: ``StoreError`` when the store cannot be opened, or this build has no
  ///   PostgreSQL support (``StoreError/Code/unsupported``).
  public func open() throws(StoreError) -> any ValueStore {
    switch self {
    case .sqlite(let url):
      return try SQLiteStore(url: url)
    case .postgres(let address):
      #if Postgres
        return try PostgresStore(address)
      #else
        throw StoreError.noPostgres(address)
      #endif
    }
  }
}

extension StoreError {
  /// The error of a build without the `Postgres` trait asked for a server store.
  static func noPostgres(_ address: PostgresAddress) -> StoreError {
    StoreError(
      path: address.description, code: .unsupported,
      reason: "this build of kpi has no PostgreSQL support; build it with "
        + "`swift build -c release --traits Postgres` (see README, Shared store)")
  }
}

/// A PostgreSQL server and database, and who connects. The password is kept apart and
/// never shown: ``description`` leaves it out.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
  /// Host name or address, or a folder holding the server's Unix socket (starts with `/`).
  public var host: String
  /// Port.
  public var port: Int
  /// The role that connects.
  public var user: String
  /// The database.
  public var database: String
  /// The password, from `PGPASSWORD` (or a URL in `KPI_STORE`); `nil` for none.
  public var password: String?

  /// Creates an address.
  public init(host: String, port: Int, user: String, database: String, password: String?) {
    self.host = host
    self.port = port
    self.user = user
    self.database = database
    self.password = password
  }

  static func isURL(_ text: String) -> Bool {
    let lower = text.lowercased()
    return lower.hasPrefix("postgres:") || lower.hasPrefix("postgresql:")
  }

  /// Reads `postgres://[user@][host][:port][/database]`, the rest from the environment.
  init(url text: String, environment: [String: String], fromCommandLine: Bool)
    throws(StoreError)
  {
    let shown = Self.redacted(text)
    var rest = Substring(text)
    rest = rest[rest.index(after: rest.firstIndex(of: ":")!)...]
    if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
    if let query = rest.firstIndex(of: "?") {
      throw StoreError(
        path: shown, code: .badAddress,
        reason: "options after ? (\(rest[rest.index(after: query)...])) are not supported; "
          + "give host, port, user and database only")
    }
    var userPart: Substring = ""
    if let at = rest.lastIndex(of: "@") {
      userPart = rest[..<at]
      rest = rest[rest.index(after: at)...]
    }
    var urlPassword: String?
    if let colon = userPart.firstIndex(of: ":") {
      if fromCommandLine {
        throw StoreError(
          path: shown, code: .badAddress,
          reason: "a password on the command line is refused (shell history, process "
            + "list); give it in PGPASSWORD instead")
      }
      urlPassword = String(userPart[userPart.index(after: colon)...]).removingPercentEncoding
      userPart = userPart[..<colon]
    }
    var databasePart: Substring = ""
    if let slash = rest.firstIndex(of: "/") {
      databasePart = rest[rest.index(after: slash)...]
      rest = rest[..<slash]
    }
    var hostPart = rest
    var portPart: Substring = ""
    if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
      portPart = hostPart[hostPart.index(after: close)...].drop { $0 == ":" }
      hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
    } else if let colon = hostPart.lastIndex(of: ":") {
      portPart = hostPart[hostPart.index(after: colon)...]
      hostPart = hostPart[..<colon]
    }
    func part(_ text: Substring, _ variable: String, _ fallback: String) -> String {
      if !text.isEmpty { return String(text).removingPercentEncoding ?? String(text) }
      if let value = environment[variable], !value.isEmpty { return value }
      return fallback
    }
    host = part(hostPart, "PGHOST", "localhost")
    let portText = part(portPart, "PGPORT", "5432")
    guard let port = Int(portText), (1...65535).contains(port) else {
      throw StoreError(
        path: shown, code: .badAddress, reason: "port \(portText) is not a port number")
    }
    self.port = port
    user = part(userPart, "PGUSER", environment["USER"] ?? "postgres")
    database = part(databasePart, "PGDATABASE", user)
    password = urlPassword ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// The URL without a password, e.g. `postgres://kpi_boras@db.example:5432/kpi`.
  public var description: String {
    let shownHost = host.contains(":") ? "[\(host)]" : host
    return "postgres://\(user)@\(shownHost):\(port)/\(database)"
  }

  /// `text` with any password replaced by `***`, for a message about a URL that could not
  /// be read.
  static func redacted(_ text: String) -> String {
    guard let scheme = text.range(of: "://"),
      let at = text[scheme.upperBound...].lastIndex(of: "@"),
      let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
    else { return text }
    return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
  }

  public static func == (a: PostgresAddress, b: PostgresAddress) -> Bool {
    a.host == b.host && a.port == b.port && a.user == b.user && a.database == b.database
      && a.password == b.password
  }
}
