#!/usr/bin/env python3
"""Writes the hostile small inputs of issue 17 item 7 and, with --run, times kpi on each.

    python3 scripts/hostile/make_hostile_inputs.py OUT
    python3 scripts/hostile/make_hostile_inputs.py OUT --run .build/release/kpi

Every input is under 1 MB and made deterministically (no randomness, fixed zip entry
times), so two runs give the same bytes. SPEC.md §9 promises that none of them takes more
than 2 s; a case may also be refused with a clear error (exit 65), as fast.

Cases, each a folder OUT/NAME with data, spec and the command that runs it:
- label-word       a group named by one 100 000-character word (no space to break at)
- label-words      a group named by 100 000 characters of short words
- question-label   a question whose label is 100 000 characters
- title            a survey whose title is 100 000 characters
- many-groups      20 000 groups of one respondent each
- many-questions   2 000 questions (4 000 and more output files)
- report-many-questions, report-many-groups  the same two through `kpi report` with a
                   notebook (31 MB and 19 MB of notebook JSON)
- xlsx-attributes  an XLSX whose one cell carries 400 000 attributes
- xlsx-inline      an XLSX with a 0.5 MB inline string
- xlsx-inline-group  an XLSX whose six answers of one group name it by an 80 000-character
                   inline string (480 KB of XML)
- xlsx-entities, xlsx-runs, xlsx-escapes  a cell of 100 000 entities, of 50 000 rich-text
                   runs, of 70 000 `_xHHHH_` escapes
- xlsx-shared      an XLSX with 60 000 distinct shared strings and a 0.5 MB one
"""

import io
import os
import shutil
import subprocess
import sys
import zipfile

FIXED_TIME = (2025, 1, 1, 0, 0, 0)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SCALE = ["Ja", "Delvis", "Nej"]
ANSWERS = ["Ja", "Ja", "Delvis", "Nej", "Ja", "Nej", "Delvis"]


def spec(title="Enkät", questions=None) -> str:
    questions = questions or [("q1", "Fråga 1", "Fråga 1")]
    lines = [
        f"title: {yaml_text(title)}",
        'period: "2025"',
        "group: Grupp",
        "scale: [Ja, Delvis, Nej]",
        "positive: [Ja]",
        'not_substantive: ["", Vet ej]',
        "questions:",
    ]
    for identifier, column, label in questions:
        lines += [f"  - id: {identifier}", f"    column: {yaml_text(column)}",
                  f"    label: {yaml_text(label)}"]
    return "\n".join(lines) + "\n"


def yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def survey_csv(groups, columns, rows_per_group=6) -> str:
    lines = [";".join(["Grupp"] + columns)]
    for g, group in enumerate(groups):
        for r in range(rows_per_group):
            answers = [ANSWERS[(g + r + c) % len(ANSWERS)] for c in range(len(columns))]
            lines.append(";".join([group] + answers))
    return "\r\n".join(lines) + "\r\n"


def words(length: int) -> str:
    """Short Swedish words separated by spaces, exactly `length` characters."""
    base = "Nätverk för samverkan inom välfärd och kultur i Sjuhärad "
    return (base * (length // len(base) + 1))[:length].strip()


def write_case(out, name, files, command):
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    for file_name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        assert len(data) < 1_000_000, (name, file_name, len(data))
        with open(os.path.join(folder, file_name), "wb") as file:
            file.write(data)
    with open(os.path.join(folder, "command"), "w") as file:
        file.write(" ".join(command) + "\n")


SURVEY = ["survey", "--data", "data.csv", "--spec", "spec.yaml", "--out", "out"]
XLSX_SURVEY = ["survey", "--data", "data.xlsx", "--spec", "spec.yaml", "--out", "out"]


def add_entry(archive, name, text):
    entry = zipfile.ZipInfo(name, FIXED_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    archive.writestr(entry, text.encode("utf-8"))


def workbook(sheet: str, shared: str = None) -> bytes:
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
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        add_entry(archive, "[Content_Types].xml", content_types)
        add_entry(archive, "_rels/.rels", root_rels)
        add_entry(archive, "xl/workbook.xml", book)
        add_entry(archive, "xl/_rels/workbook.xml.rels", rels)
        if shared is not None:
            add_entry(archive, "xl/sharedStrings.xml", shared)
        add_entry(archive, "xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def inline(ref, text, extra=""):
    return f'<c r="{ref}" t="inlineStr"{extra}><is><t>{text}</t></is></c>'


def sheet_xml(rows) -> str:
    body = "".join(f'<row r="{n + 1}">{"".join(cells)}</row>' for n, cells in enumerate(rows))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>')


def xlsx_rows(comment_cell, group_b="Grupp B"):
    """A header and 12 answers in two groups; row 2's comment is `comment_cell`."""
    rows = [[inline("A1", "Grupp"), inline("B1", "Fråga 1"), inline("C1", "Kommentar")]]
    for n in range(12):
        line = n + 2
        cells = [inline(f"A{line}", "Grupp A" if n % 2 else group_b),
                 inline(f"B{line}", ANSWERS[n % len(ANSWERS)])]
        if n == 0:
            cells.append(comment_cell(f"C{line}"))
        rows.append(cells)
    return rows


def make(out):
    long_word = ("Nätverk" * 20_000)[:100_000]
    write_case(out, "label-word", {
        "spec.yaml": spec(),
        "data.csv": survey_csv([long_word, "Grupp B"], ["Fråga 1"]),
    }, SURVEY)
    write_case(out, "label-words", {
        "spec.yaml": spec(),
        "data.csv": survey_csv([words(100_000), "Grupp B"], ["Fråga 1"]),
    }, SURVEY)
    write_case(out, "question-label", {
        "spec.yaml": spec(questions=[("q1", "Fråga 1", words(100_000))]),
        "data.csv": survey_csv(["Grupp A", "Grupp B"], ["Fråga 1"]),
    }, SURVEY)
    write_case(out, "title", {
        "spec.yaml": spec(title=words(100_000)),
        "data.csv": survey_csv(["Grupp A", "Grupp B"], ["Fråga 1"]),
    }, SURVEY)
    write_case(out, "many-groups", {
        "spec.yaml": spec(),
        "data.csv": survey_csv([f"G{g:05d}" for g in range(20_000)], ["Fråga 1"], 1),
    }, SURVEY)
    questions = [(f"q{n:04d}", f"F{n:04d}", f"Fråga {n}") for n in range(2_000)]
    write_case(out, "many-questions", {
        "spec.yaml": spec(questions=questions),
        "data.csv": survey_csv(["Grupp A", "Grupp B"], [q[1] for q in questions], 6),
    }, SURVEY)
    project = ('organisation: Test\nperiod: "2025"\nanalyses:\n'
               "  - {id: enkat, kind: survey, data: data.csv, spec: spec.yaml}\n")
    report = ["report", "project.yaml", "--out", "out", "--notebook", "nb.ipynb"]
    write_case(out, "report-many-questions", {
        "project.yaml": project,
        "spec.yaml": spec(questions=questions),
        "data.csv": survey_csv(["Grupp A", "Grupp B"], [q[1] for q in questions], 6),
    }, report)
    write_case(out, "report-many-groups", {
        "project.yaml": project,
        "spec.yaml": spec(),
        "data.csv": survey_csv([f"G{g:05d}" for g in range(20_000)], ["Fråga 1"], 1),
    }, report)
    attributes = "".join(f' a{n}="0"' for n in range(400_000))
    write_case(out, "xlsx-attributes", {
        "spec.yaml": spec(),
        "data.xlsx": workbook(sheet_xml(xlsx_rows(lambda ref: inline(ref, "ok", attributes)))),
    }, XLSX_SURVEY)
    write_case(out, "xlsx-inline", {
        "spec.yaml": spec(),
        "data.xlsx": workbook(sheet_xml(xlsx_rows(lambda ref: inline(ref, words(500_000))))),
    }, XLSX_SURVEY)
    write_case(out, "xlsx-inline-group", {
        "spec.yaml": spec(),
        "data.xlsx": workbook(sheet_xml(xlsx_rows(lambda ref: inline(ref, "ok"),
                                                  ("Nätverk" * 12_000)[:80_000]))),
    }, XLSX_SURVEY)
    write_case(out, "xlsx-entities", {
        "spec.yaml": spec(),
        "data.xlsx": workbook(sheet_xml(xlsx_rows(lambda ref: inline(ref, "&amp;" * 100_000)))),
    }, XLSX_SURVEY)
    runs = "".join(f"<r><t>ord{n} </t></r>" for n in range(50_000))
    write_case(out, "xlsx-runs", {
        "spec.yaml": spec(),
        "data.xlsx": workbook(sheet_xml(xlsx_rows(
            lambda ref: f'<c r="{ref}" t="inlineStr"><is>{runs}</is></c>'))),
    }, XLSX_SURVEY)
    write_case(out, "xlsx-escapes", {
        "spec.yaml": spec(),
        "data.xlsx": workbook(sheet_xml(xlsx_rows(lambda ref: inline(ref, "_x0041_" * 70_000)))),
    }, XLSX_SURVEY)
    shared = [f"Svar nummer {n}" for n in range(60_000)] + [words(500_000)]
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<sst xmlns="{MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">'
           + "".join(f"<si><t>{s}</t></si>" for s in shared) + "</sst>")
    write_case(out, "xlsx-shared", {
        "spec.yaml": spec(),
        "data.xlsx": workbook(
            sheet_xml(xlsx_rows(lambda ref: f'<c r="{ref}" t="s"><v>{len(shared) - 1}</v></c>')),
            sst),
    }, XLSX_SURVEY)


def run(out, binary):
    binary = os.path.abspath(binary)
    print(f"{'case':<22} {'exit':>4} {'seconds':>8} {'user':>6} {'sys':>6} {'max RSS MB':>10}")
    for name in sorted(os.listdir(out)):
        folder = os.path.join(out, name)
        shutil.rmtree(os.path.join(folder, "out"), ignore_errors=True)
        with open(os.path.join(folder, "command")) as file:
            command = file.read().split()
        result = subprocess.run(["/usr/bin/time", "-v", binary] + command, cwd=folder,
                                capture_output=True, text=True)
        wall = rss = user = system = "?"
        for line in result.stderr.splitlines():
            line = line.strip()
            if line.startswith("Elapsed (wall clock) time"):
                clock = line.rsplit(" ", 1)[1].split(":")
                wall = f"{sum(float(p) * 60 ** i for i, p in enumerate(reversed(clock))):.2f}"
            elif line.startswith("User time (seconds)"):
                user = line.rsplit(" ", 1)[1]
            elif line.startswith("System time (seconds)"):
                system = line.rsplit(" ", 1)[1]
            elif line.startswith("Maximum resident set size"):
                rss = f"{int(line.rsplit(' ', 1)[1]) / 1024:.0f}"
        print(f"{name:<22} {result.returncode:>4} {wall:>8} {user:>6} {system:>6} {rss:>10}",
              flush=True)
        if result.returncode not in (0, 65):
            print(result.stderr[:400])


if __name__ == "__main__":
    # OUT, optionally `--run BIN`; anything else (`--help` among it) is answered with the
    # usage rather than taken for a folder to write into.
    args = sys.argv[1:]
    if not (len(args) == 1 or (len(args) == 3 and args[1] == "--run")) \
            or args[0].startswith("-"):
        sys.exit(f"usage: {sys.argv[0]} OUT [--run BIN]")
    make(args[0])
    if len(args) == 3:
        run(args[0], args[2])
