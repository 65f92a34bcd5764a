"""Writes the sick-leave XLSX fixtures of Tests/KPIIngestTests (SickLeaveOneReaderTests):
the same twelve employees and 36 spells as the tests' CSV, as minimal workbooks (one sheet,
numbers as numbers, ids and dates as inline strings)."""
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "Tests/KPIIngestTests/Fixtures/xlsx"


def column(index):
    return chr(ord("A") + index)


def cell(ref, value):
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def workbook(path, rows):
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(cell(f"{column(c)}{r}", v) for c, v in enumerate(row))
        sheet_rows.append(f'<row r="{r}">{cells}</row>')
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(sheet_rows)}</sheetData></worksheet>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


employees = [["employee_id", "period", "sex", "age", "scheduled_hours", "employment_rate"]]
for i in range(1, 13):
    employees.append([f"E{i}", 2025, "K" if i % 2 == 0 else "M", 25 + 3 * i, 1600, 75])
spells = [["employee_id", "start", "end", "sick_hours"]]
for i in range(1, 13):
    for start, end, hours in [("01-06", "01-07", 8 * i), ("03-02", "03-20", 4), ("05-01", "07-15", 8)]:
        spells.append([f"E{i}", f"2025-{start}", f"2025-{end}", hours])
workbook(OUT / "sickleave-employees.xlsx", employees)
workbook(OUT / "sickleave-spells.xlsx", spells)
