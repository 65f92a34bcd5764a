/// The safety limits an ``XLSXSource`` enforces on a workbook (SPEC §8).
///
/// An XLSX file is a zip archive, and a small archive can unpack to gigabytes (a "zip bomb").
/// The reader refuses a workbook, with ``IngestError/Code/limitExceeded``, as soon as it can
/// tell that the workbook would exceed a limit: first from the sizes the archive declares,
/// then by counting the bytes it actually inflates, so an archive that lies about its sizes
/// is stopped after at most the bytes it declared.
public struct XLSXLimits: Sendable, Equatable {
  /// The most bytes the archive may unpack to, summed over all its entries. The same bound
  /// applies to the text the selected sheet expands to once shared strings are substituted,
  /// so that a short sheet repeating one long shared string cannot blow up either.
  public var maximumUnpackedBytes: Int
  /// The most cells the selected sheet may hold: both the `<c>` elements in its XML and the
  /// fields the reader hands out, gaps between cells included.
  public var maximumCells: Int

  /// Creates limits; the defaults are those of SPEC §8.
  /// - Parameters:
  ///   - maximumUnpackedBytes: The most bytes the archive may unpack to (200 MB).
  ///   - maximumCells: The most cells the selected sheet may hold (1 000 000).
  public init(maximumUnpackedBytes: Int = 200_000_000, maximumCells: Int = 1_000_000) {
    self.maximumUnpackedBytes = maximumUnpackedBytes
    self.maximumCells = maximumCells
  }

  /// 200 MB unpacked and 1 000 000 cells, as SPEC §8 requires.
  public static let `default` = XLSXLimits()
}
