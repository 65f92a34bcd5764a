"""Generates the bundled survey datasets under datasets/ (deterministic, fixed seeds).

Run: python3 scripts/datasets/make_survey_datasets.py      (pip install openpyxl)

The micro-data are synthetic. They are calibrated so that `kpi survey` and
`kpi questionnaire` reproduce the published figures in datasets/reference/published-figures.csv
(the network_survey and questionnaire rows); datasets/README.md says how, and where a
published figure could not be reproduced as printed.
"""
import io
import re
import random
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2] / "datasets"
SCALE = ["I mycket hög grad", "I hög grad", "I låg grad", "I mycket låg grad"]
QUESTION = "I vilken utsträckning är du nöjd med nätverket i sin helhet?"

# 18 networks named in the reports, and four more in the same style.
NETWORKS = [
    "Socialchefsnätverket", "Äldreomsorgschefsnätverket", "Funktionshindernätverket",
    "Digitaliseringsnätverk välfärd", "SoL-nätverket", "SSA-nätverket", "Välfärdsnätverket",
    "Näringslivschefsnätverket", "Etableringsnätverket", "Samhällsbyggnadschefsnätverket",
    "Samhällsplanerarnätverket", "Miljöstrategnätverket", "Avfallsplanenätverket",
    "Kulturchefsnätverket", "Kulturskolechefsnätverket", "Kultursamordnarnätverket",
    "Biblioteksnätverket", "Tekniklärarnätverket", "Folkhälsonätverket",
    "Kommunikatörsnätverket", "HR-chefsnätverket", "Upphandlingsnätverket",
]

COMMENTS = ["Bra träffar.", "Mer tid för erfarenhetsutbyte.", "", "", "", "Tack!", ""]


def split(total: int, weights: list[int], rng: random.Random, minimum: int = 0) -> list[int]:
    """Splits `total` into parts roughly proportional to `weights`, each at least `minimum`
    and at most its weight."""
    assert minimum * len(weights) <= total <= sum(weights), (total, sum(weights))
    parts = [minimum] * len(weights)
    remaining = total - minimum * len(weights)
    while remaining > 0:
        i = rng.choices(range(len(weights)), weights=weights)[0]
        if parts[i] < weights[i]:
            parts[i] += 1
            remaining -= 1
    return parts


def network_year(year: int, invited_total: int, answer_counts: list[int], seed: int):
    """Invited per network, and one (network, answer) per respondent."""
    rng = random.Random(seed)
    invited = split(invited_total, [rng.randint(6, 20) for _ in NETWORKS], rng, minimum=4)
    # Respondents per network: about two thirds of the invited; two small networks answer
    # with fewer than five, so the engine must suppress them.
    respondents_total = sum(answer_counts)
    respondents = split(respondents_total, [max(1, i - 2) for i in invited], rng, minimum=2)
    answers = [a for a, n in zip(SCALE, answer_counts) for _ in range(n)]
    rng.shuffle(answers)
    rows, k = [], 0
    for network, n in zip(NETWORKS, respondents):
        for _ in range(n):
            rows.append((network, answers[k]))
            k += 1
    rng.shuffle(rows)
    return dict(zip(NETWORKS, invited)), rows


def survey_spec(year: int, invited: dict[str, int]) -> str:
    lines = [
        f"title: Nätverksenkät {year}",
        f'period: "{year}"',
        "group: Nätverk",
        "scale:",
        *[f"  - {s}" for s in SCALE],
        f"positive: [{SCALE[0]}, {SCALE[1]}]",
        'not_substantive: [Vet ej, Ej aktuellt, ""]',
        "questions:",
        "  - id: helhet",
        f"    column: {QUESTION}",
        "    label: Nöjda med nätverket i sin helhet",
        f"    text: {QUESTION}",
        "    goal: 0.85",
        "invited:",
        *[f"  {name}: {n}" for name, n in invited.items()],
        "min_group_size: 5",
    ]
    return "\n".join(lines) + "\n"


def write_deterministic_xlsx(workbook, path: Path) -> None:
    """openpyxl stamps the time into docProps and the zip entries; fix both."""
    fixed = datetime(2025, 12, 31, 12, 0, 0)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2025, 12, 31, 12, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the time of saving, whatever was set.
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-12-31T12:00:00Z",
                              data)
            target.writestr(entry, data)


def make_network_survey() -> None:
    folder = ROOT / "natverksenkat"
    folder.mkdir(parents=True, exist_ok=True)
    # 2025: 143 respondents of 223 invited (64 %); 64 + 70 = 134 satisfied (94 %):
    # 64/143 = 44.8 % -> 45 %, 70/143 = 49.0 % -> 49 %.
    invited, rows = network_year(2025, 223, [64, 70, 7, 2], seed=2025)
    (folder / "spec-2025.yaml").write_text(survey_spec(2025, invited), encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Svar"
    ws.append(["Respondent-ID", "Inskickat", "Nätverk", QUESTION, "Kommentar"])
    rng = random.Random(7)
    for i, (network, answer) in enumerate(rows):
        day = datetime(2025, 12, 1 + i % 19, 8 + i % 9, (i * 7) % 60)
        ws.append([f"R{25000 + i * 37}", day, network, answer, rng.choice(COMMENTS)])
        ws.cell(row=ws.max_row, column=2).number_format = "yyyy-mm-dd hh:mm"
    write_deterministic_xlsx(wb, folder / "2025.xlsx")

    # 2024: 140 respondents of 222 invited (63 %); 59 + 74 = 133 satisfied (95 %):
    # 59/140 = 42.1 % -> 42 %, 74/140 = 52.9 % -> 53 %. A semicolon CSV with BOM, as Excel
    # on Swedish Windows writes it.
    invited, rows = network_year(2024, 222, [59, 74, 5, 2], seed=2024)
    (folder / "spec-2024.yaml").write_text(survey_spec(2024, invited), encoding="utf-8")
    lines = [f"Respondent-ID;Nätverk;{QUESTION};Kommentar"]
    rng = random.Random(8)
    for i, (network, answer) in enumerate(rows):
        comment = rng.choice(COMMENTS)
        lines.append(f"R{24000 + i * 41};{network};{answer};{comment}")
    (folder / "2024.csv").write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


# --- Närvårdskontoret -----------------------------------------------------------------------
GROUPS = {  # invited per group
    "Styrgrupp närvård": 5,
    "Delregionalt Politiskt Samråd": 20,
    "Projektledare": 6,
    "Ordförande uppdragsgrupper": 3,
    "Uppdragsgrupper": 44,
}
S, D, P, O, U = GROUPS

QUESTIONS_2023 = [
    # id, column, recipients (None = all), per group: (answered, [non-Ja answers])
    ("spridningskonferens", "Har Närvårdskontoret samordnat och genomfört den årliga "
     "spridningskonferensen på ett tillfredsställande sätt?", [D], {D: (13, ["Delvis"])}),
    ("kallelse", "Har kallelsen kommit i tid, minst en vecka innan mötet?", None,
     {S: (4, []), D: (14, []), P: (5, []), O: (2, []), U: (25, [])}),
    ("protokoll_justering", "Är protokollen som skickas ut för justering tydliga?", [S, D],
     {S: (4, []), D: (12, [])}),
    ("informationsbrev", "Är informationsbrevet tydligt?", None,
     {S: (4, []), D: (14, []), P: (5, []), O: (2, []), U: (26, [])}),
    ("professionella", "Är personalen på Närvårdskontoret professionella?", None,
     {S: (4, []), D: (14, []), P: (5, []), O: (2, []), U: (25, ["Till viss del"] * 2)}),
    ("tillgangliga", "Är personalen på Närvårdskontoret tillgängliga?", None,
     {S: (4, []), D: (13, ["Till viss del"]), P: (5, []), O: (2, []), U: (26, [])}),
    ("arenden", "Är ärendena väl beredda?", [S], {S: (3, [])}),
    ("stod_uppdragsgrupper", "Ges rätt och tillräckligt stöd för att leda uppdragsgrupperna?",
     [O], {O: (1, [])}),
    ("handledning", "Ges rätt och tillräcklig handledning till projektledare?", [P],
     {P: (5, [])}),
    ("motesanteckningar", "Är mötesanteckningarna som skickas ut tydliga?", [U, O],
     {U: (26, []), O: (2, [])}),
    ("protokoll", "Är protokollen tydliga?", [S, D, O], {S: (3, []), D: (12, []), O: (1, [])}),
]
RESPONDENTS_2023 = {S: 4, D: 14, P: 5, O: 2, U: 26}

QUESTIONS_2025 = [
    ("kallelse", "Har kallelsen kommit i tid, minst en vecka innan mötet?", None, 1),
    ("arenden", "Är ärendena väl beredda?", [S, D], 1),
    ("protokoll", "Är protokollen tydliga?", [S, D, O], 1),
    ("informationsbrev", "Är informationsbrevet tydligt?", None, 1),
    ("motesanteckningar", "Är mötesanteckningarna som skickas ut tydliga?", [U, O], 1),
    ("professionella", "Är personalen på Närvårdskontoret professionella?", None, 0.96),
    ("tillgangliga", "Är personalen på Närvårdskontoret tillgängliga?", None, 1),
    ("stod_ordforande", "Får ordförandena för uppdragsgrupperna rätt och tillräckligt stöd?",
     [O], 1),
    ("handledning", "Ges rätt och tillräcklig handledning till projekt- och processledare?",
     [P], 1),
]
RESPONDENTS_2025 = {S: 4, D: 13, P: 5, O: 3, U: 25}


def questionnaire_rows(questions, respondents, rng):
    """One row per respondent: group, then one answer per question ('' when not answered)."""
    rows = []
    for group, n in respondents.items():
        for _ in range(n):
            rows.append([group] + [""] * len(questions))
    for q, (_, _, recipients, plan) in enumerate(questions):
        for group, (answered, others) in plan.items():
            members = [r for r in rows if r[0] == group]
            assert answered <= len(members), (group, q)
            answers = ["Ja"] * (answered - len(others)) + others
            rng.shuffle(answers)
            for row, answer in zip(rng.sample(members, answered), answers):
                row[q + 1] = answer
    rng.shuffle(rows)
    return rows


LABELS = {'spridningskonferens': 'Spridningskonferensen', 'kallelse': 'Kallelse i tid', 'protokoll_justering': 'Protokoll för justering', 'informationsbrev': 'Informationsbrevet', 'professionella': 'Professionell personal', 'tillgangliga': 'Tillgänglig personal', 'arenden': 'Ärenden väl beredda', 'stod_uppdragsgrupper': 'Stöd att leda uppdragsgrupper', 'handledning': 'Handledning', 'motesanteckningar': 'Mötesanteckningar', 'protokoll': 'Tydliga protokoll', 'stod_ordforande': 'Stöd till ordförandena'}


def questionnaire_spec(title, period, questions, goal, invited) -> str:
    lines = [
        f"title: {title}", f'period: "{period}"', "group: Grupp", "scale: [Ja, Delvis, Nej]",
        "synonyms: {Till viss del: Delvis}", "positive: [Ja]", 'not_substantive: ["", Vet ej]',
        "invited:", *[f"  {g}: {n}" for g, n in invited.items()], "questions:",
    ]
    for qid, column, recipients, *_ in questions:
        # text: the question as asked, which the summary quotes (the label is the charts').
        lines += [f"  - id: {qid}", f"    column: {column}", f"    label: {LABELS[qid]}",
                  f"    text: {column}"]
        if goal is not None:
            lines.append(f"    goal: {goal}")
        if recipients:
            lines.append(f"    recipients: [{', '.join(recipients)}]")
    # The questionnaire asks about the office's service, and the federation publishes every
    # question however few answered (33 % = 1 person): no group is withheld.
    lines.append("min_group_size: 1")
    return "\n".join(lines) + "\n"


def make_questionnaire() -> None:
    folder = ROOT / "narvard"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(202308)
    rows = questionnaire_rows(QUESTIONS_2023, RESPONDENTS_2023, rng)
    header = ["Grupp"] + [column for _, column, _, _ in QUESTIONS_2023]
    # The survey tool's plain export: UTF-8, comma, quoted where needed.
    def quote(cell: str) -> str:
        return f'"{cell}"' if ("," in cell or '"' in cell) else cell
    text = "\n".join(",".join(quote(c) for c in row) for row in [header] + rows) + "\n"
    (folder / "2023-08.csv").write_text(text, encoding="utf-8")
    (folder / "spec-2023-08.yaml").write_text(questionnaire_spec(
        "Närvårdskontorets enkät, augusti 2023", "2023-08", QUESTIONS_2023, None, GROUPS),
        encoding="utf-8")

    # 2025-12: everyone in a question's groups who answered said Ja, except two "Delvis" of 50
    # on professionalism (48/50 = 96 %).
    rng = random.Random(202512)
    plan = []
    for qid, column, recipients, share in QUESTIONS_2025:
        groups = recipients or list(GROUPS)
        per_group = {g: (RESPONDENTS_2025[g] - (1 if g == U else 0), []) for g in groups}
        if qid == "professionella":
            per_group[U] = (RESPONDENTS_2025[U], ["Delvis", "Delvis"])
        plan.append((qid, column, recipients, per_group))
    rows = questionnaire_rows(plan, RESPONDENTS_2025, rng)
    header = ["Grupp"] + [column for _, column, _, _ in QUESTIONS_2025]
    text = "\r\n".join(";".join(row) for row in [header] + rows) + "\r\n"
    (folder / "2025-12.csv").write_bytes(("\ufeff" + text).encode("utf-8"))
    (folder / "spec-2025-12.yaml").write_text(questionnaire_spec(
        "Närvårdskontorets enkät, december 2025", "2025-12", QUESTIONS_2025, 0.95, GROUPS),
        encoding="utf-8")


if __name__ == "__main__":
    make_network_survey()
    make_questionnaire()
    print("wrote", *sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()
                           and "reference" not in p.parts))
