/// Finds YAML aliases (`*name`) in text before it is parsed.
///
/// Why not let the parser find them: Yams resolves an alias to the anchored node while it
/// composes, and checks every mapping for duplicate keys by hashing the key nodes. An alias to
/// a "billion laughs" structure used as a key (`? *lol9 : x`) is hashed node by node after
/// expansion, which takes hours, before any check of ours could run. Spec and project files
/// have no use for aliases, so they are refused outright.
///
/// This is a lexer of just enough YAML to know where a node may start: after `- `, `? `,
/// `: `, `[`, `{`, `,` and at the start of a line that does not continue a plain scalar.
/// Comments, quoted scalars and block scalars are skipped so that an asterisk in text is not
/// mistaken for an alias. Where the lexer cannot tell, it errs towards seeing a node start:
/// a false alarm refuses an odd but harmless file; a miss could hang the process.
struct AliasScanner {
  private let text: [Unicode.Scalar]
  private var index = 0
  private var line = 1
  private var lineStart = 0

  private init(_ text: String) {
    self.text = Array(text.unicodeScalars)
  }

  /// The 1-based line and column (in Unicode scalars, as libyaml counts) of the first alias.
  static func firstAlias(in text: String) -> (line: Int, column: Int)? {
    var scanner = AliasScanner(text)
    return scanner.scan()
  }

  // MARK: - Scanning

  private mutating func scan() -> (line: Int, column: Int)? {
    var flowDepth = 0
    // The next token may begin a node: an alias here is an alias.
    var nodeStart = true
    // Inside plain (unquoted) text, where `#` needs a blank before it to start a comment.
    var inPlain = false
    // The node start came from `: `, so the token is a value and not a mapping key.
    var afterColon = false
    // Column (0-based) of the innermost block entry on this line, a key or a `- `: the
    // indentation a plain scalar's continuation lines and a block scalar's lines must exceed.
    var entryColumn = 0
    var atLineStart = true

    while index < text.count {
      if atLineStart {
        atLineStart = false
        let indent = indentation()
        if flowDepth == 0 {
          if inPlain && indent > entryColumn {
            // A continuation line of a multi-line plain scalar: its first character is text.
            nodeStart = false
          } else {
            nodeStart = true
            inPlain = false
            afterColon = false
            entryColumn = indent
            if index == lineStart && at("%") {
              skipToLineEnd()
              continue
            }
            if index == lineStart && (startsMarker("---") || startsMarker("...")) {
              index += 3
            }
          }
        }
        continue
      }
      let character = text[index]
      if isBreak(character) {
        newLine()
        atLineStart = true
        continue
      }
      if isBlank(character) {
        index += 1
        continue
      }
      if character == "#" && (!inPlain || index == lineStart || isBlank(text[index - 1])) {
        skipToLineEnd()
        inPlain = false
        continue
      }
      let column = index - lineStart
      if nodeStart {
        if character == "*" { return (line, column + 1) }
        if character == "&" || character == "!" {
          // An anchor or a tag comes before its node, which may still start here.
          skipToken(flowDepth: flowDepth)
        } else if (character == "-" || character == "?" || character == ":")
          && isBlankOrEnd(index + 1)
        {
          if character != ":" { entryColumn = column }
          afterColon = character == ":"
          index += 1
        } else if character == "[" || character == "{" {
          flowDepth += 1
          index += 1
        } else if character == "]" || character == "}" {
          flowDepth = max(0, flowDepth - 1)
          nodeStart = false
          index += 1
        } else if character == "," && flowDepth > 0 {
          index += 1
        } else if character == "\"" || character == "'" {
          if !afterColon && flowDepth == 0 { entryColumn = column }
          skipQuoted(character)
          nodeStart = false
        } else if (character == "|" || character == ">") && flowDepth == 0 {
          skipBlockScalar(parentIndent: afterColon ? entryColumn : min(entryColumn, column))
          atLineStart = true
        } else {
          // A plain scalar begins.
          if !afterColon && flowDepth == 0 { entryColumn = column }
          nodeStart = false
          inPlain = true
          index += 1
        }
        continue
      }
      // Inside a plain scalar, or just after a quoted scalar or a closed flow collection.
      if character == ":" && (flowDepth > 0 || isBlankOrEnd(index + 1)) {
        nodeStart = true
        inPlain = false
        afterColon = true
      } else if flowDepth > 0 && (character == "," || character == "[" || character == "{") {
        if character != "," { flowDepth += 1 }
        nodeStart = true
        inPlain = false
        afterColon = false
      } else if flowDepth > 0 && (character == "]" || character == "}") {
        flowDepth -= 1
        inPlain = false
      }
      index += 1
    }
    return nil
  }

  // MARK: - Skipping

  /// Skips a quoted scalar from its opening quote through its closing one, across lines.
  private mutating func skipQuoted(_ quote: Unicode.Scalar) {
    index += 1
    while index < text.count {
      let character = text[index]
      if isBreak(character) {
        newLine()
        continue
      }
      if quote == "\"" && character == "\\" {
        index += 2
        continue
      }
      if character == quote {
        if quote == "'" && index + 1 < text.count && text[index + 1] == "'" {
          index += 2
          continue
        }
        index += 1
        return
      }
      index += 1
    }
  }

  /// Skips a block scalar (`|` or `>`): the rest of its header line, then every blank line and
  /// every line indented deeper than `parentIndent`. Stops at the start of the first line
  /// that is not part of it.
  private mutating func skipBlockScalar(parentIndent: Int) {
    skipToLineEnd()
    while index < text.count {
      newLine()
      let indent = indentation()
      let rest = index + indent
      let blankLine = rest >= text.count || isBreak(text[rest]) || isBlank(text[rest])
      if !blankLine && indent <= parentIndent { return }
      skipToLineEnd()
    }
  }

  /// Skips an anchor or tag token up to the next blank, line break or flow indicator.
  private mutating func skipToken(flowDepth: Int) {
    index += 1
    while index < text.count, !isBlank(text[index]), !isBreak(text[index]) {
      if flowDepth > 0 && ",[]{}".unicodeScalars.contains(text[index]) { return }
      index += 1
    }
  }

  /// Moves to the line break ending the current line (or the end of the text).
  private mutating func skipToLineEnd() {
    while index < text.count && !isBreak(text[index]) { index += 1 }
  }

  /// Steps over the line break at `index` (CR LF counts as one) and starts the next line.
  private mutating func newLine() {
    if index < text.count {
      if text[index] == "\r" && index + 1 < text.count && text[index + 1] == "\n" { index += 1 }
      index += 1
    }
    line += 1
    lineStart = index
  }

  // MARK: - Looking

  /// Number of spaces at the start of the current line.
  private func indentation() -> Int {
    var end = lineStart
    while end < text.count && text[end] == " " { end += 1 }
    return end - lineStart
  }

  private func at(_ character: Unicode.Scalar) -> Bool {
    index < text.count && text[index] == character
  }

  /// Whether the line starts with a document marker (`---`, `...`) followed by a blank.
  private func startsMarker(_ marker: String) -> Bool {
    let scalars = Array(marker.unicodeScalars)
    guard index + scalars.count <= text.count else { return false }
    return Array(text[index..<index + scalars.count]) == scalars
      && isBlankOrEnd(index + scalars.count)
  }

  private func isBlankOrEnd(_ position: Int) -> Bool {
    position >= text.count || isBlank(text[position]) || isBreak(text[position])
  }

  private func isBlank(_ character: Unicode.Scalar) -> Bool {
    character == " " || character == "\t"
  }

  private func isBreak(_ character: Unicode.Scalar) -> Bool {
    character == "\n" || character == "\r"
  }
}
