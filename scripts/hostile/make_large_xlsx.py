#!/usr/bin/env python3
"""Writes the small XLSX workbooks that unpack to nearly the 200 MB limit (issue 17, item 13).

    python3 scripts/hostile/make_large_xlsx.py OUT

Each is a survey export under 1 MB that inflates to about 190 MB, the limit being 200 MB, so
kpi must accept it; the promise is that reading it stays under 200 MB of memory. Made
deterministically (fixed zip entry times), with a spec beside each:

Rows and cells carry no reference (`r`), as some writers do, so that rows repeat byte for
byte and the archive stays small.

- OUT/inline/data.xlsx   one sheet of 1 000 000 cells (142 857 rows of a group, five answers
                         and a 1 000-character comment), every cell an inline string
- OUT/shared/data.xlsx   the same rows with every cell a shared string, and a shared string
                         table of 1 400 000 items of 100 characters (most of them unused,
                         as in a workbook with other sheets)
- OUT/spec.yaml          the survey spec for both
"""

import os
import sys
import zipfile

FIXED_TIME = (2025, 1, 1, 0, 0, 0)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ANSWERS = ["Ja", "Ja", "Delvis", "Nej", "Ja", "Nej", "Delvis"]
ROWS = 142_856  # with the header, 142 857 rows of 7 cells: 999 999 cells
QUESTIONS = 5
COMMENT = ("Svaret gäller verksamheten i Sjuhärad under året som gått och inget annat. " * 14)[:1000]


def entry(name):
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write(archive, name, chunks):
    with archive.open(entry(name), "w", force_zip64=False) as stream:
        for chunk in chunks:
            stream.write(chunk.encode("utf-8"))


def header_cells():
    names = ["Grupp"] + [f"Fråga {q + 1}" for q in range(QUESTIONS)] + ["Kommentar"]
    return names


def row_values(n):
    group = "Grupp A" if n % 2 else "Grupp B"
    return [group] + [ANSWERS[(n + q) % len(ANSWERS)] for q in range(QUESTIONS)] + [COMMENT]


def inline_sheet():
    yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{MAIN}"><sheetData>')
    for line in range(1, ROWS + 2):
        values = header_cells() if line == 1 else row_values(line)
        cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
        yield f"<row>{cells}</row>"
    yield "</sheetData></worksheet>"


SHARED_ITEMS = 1_400_000


def shared_table(index):
    """The shared strings: the header names, the answers, the groups, the comment, then
    filler items of 100 characters."""
    fixed = header_cells() + ["Grupp A", "Grupp B", "Ja", "Delvis", "Nej", COMMENT]
    return fixed, {value: i for i, value in enumerate(fixed)}


def shared_strings():
    fixed, _ = shared_table(0)
    yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<sst xmlns="{MAIN}" count="{SHARED_ITEMS}" uniqueCount="{SHARED_ITEMS}">')
    for value in fixed:
        yield f"<si><t>{value}</t></si>"
    filler = ("Ett svar i en annan flik av arbetsboken, som inte läses här. " * 2)[:100]
    for _ in range(SHARED_ITEMS - len(fixed)):
        yield f"<si><t>{filler}</t></si>"
    yield "</sst>"


def shared_sheet():
    _, index = shared_table(0)
    yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{MAIN}"><sheetData>')
    for line in range(1, ROWS + 2):
        values = header_cells() if line == 1 else row_values(line)
        cells = "".join(f'<c t="s"><v>{index[v]}</v></c>' for v in values)
        yield f"<row>{cells}</row>"
    yield "</sheetData></worksheet>"


def workbook(path, sheet, shared=None):
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>')
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
    book = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr/><sheets>'
            '<sheet name="Svar" sheetId="1" r:id="rId1"/></sheets></workbook>')
    targets = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    if shared is not None:
        targets.append(("rId2", "sharedStrings", "sharedStrings.xml"))
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{REL}/{k}" Target="{t}"/>'
                      for i, k, t in targets)
            + "</Relationships>")
    with zipfile.ZipFile(path, "w") as archive:
        write(archive, "[Content_Types].xml", [content_types])
        write(archive, "_rels/.rels", [root_rels])
        write(archive, "xl/workbook.xml", [book])
        write(archive, "xl/_rels/workbook.xml.rels", [rels])
        if shared is not None:
            write(archive, "xl/sharedStrings.xml", shared)
        write(archive, "xl/worksheets/sheet1.xml", sheet)


def spec():
    lines = ['title: "Stor arbetsbok"', 'period: "2025"', "group: Grupp",
             "scale: [Ja, Delvis, Nej]", "positive: [Ja]", 'not_substantive: ["", Vet ej]',
             "questions:"]
    for q in range(QUESTIONS):
        lines += [f"  - id: q{q + 1}", f'    column: "Fråga {q + 1}"',
                  f'    label: "Fråga {q + 1}"']
    return "\n".join(lines) + "\n"


def main(out):
    for name in ("inline", "shared"):
        os.makedirs(os.path.join(out, name), exist_ok=True)
    workbook(os.path.join(out, "inline", "data.xlsx"), inline_sheet())
    workbook(os.path.join(out, "shared", "data.xlsx"), shared_sheet(), shared_strings())
    with open(os.path.join(out, "spec.yaml"), "w", encoding="utf-8") as file:
        file.write(spec())
    for name in ("inline", "shared"):
        path = os.path.join(out, name, "data.xlsx")
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        print(f"{path}: {os.path.getsize(path)} bytes, unpacks to {unpacked} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit(f"usage: {sys.argv[0]} OUT")
    main(sys.argv[1])
