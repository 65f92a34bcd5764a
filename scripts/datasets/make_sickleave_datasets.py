"""Generates the bundled sick-leave datasets under datasets/sjukfranvaro/ (deterministic).

Run: python3 scripts/datasets/make_sickleave_datasets.py      (standard library only)

The employees and spells are synthetic: ids A0001…, birth years and working time are drawn
with a fixed seed. They are calibrated so that `kpi sickleave` reproduces the `sickleave`
rows of datasets/reference/published-figures.csv for 2023 and 2025 at one decimal, and for
2024 the totals, the age-group rates, the spell-class totals and the rates of women and men
(datasets/README.md says which 2024 rows use another base, and which cells the law makes
`kpi` withhold).

How the calibration works. The published table fixes sick hours relative to working time in
12 groups and 9 spell-class shares per year, with only one decimal each; the figures of 2023
are barely consistent with each other (every group's rate must sit within a few hundredths of
a percentage point of its rounding limit). PLAN below holds, per year and group (sex × age),
the full-time equivalents and the sick hours, and per sex the hours of 15–59-day and 60+-day
spells. They were found once with a linear program (scheduled hours and sick hours as
unknowns, every published figure as a window [v − 0.05, v + 0.05) %, maximising the smallest
distance to a window's edge) and are written out here so that this script needs nothing but
the standard library. The script then draws people, spreads the planned hours over them as
spells, and checks every published figure against the data it wrote, as `kpi` computes it.
"""
import csv
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "datasets" / "sjukfranvaro"
REFERENCE = ROOT / "datasets" / "reference" / "published-figures.csv"
FULL_TIME_HOURS = 2080  # 40 h × 52 weeks: scheduled_hours = fte × 2080
YEARS = [2023, 2024, 2025]
AGE_RANGES = {"<=29": (23, 29), "30-49": (30, 49), ">=50": (50, 64)}
CELLS = [(sex, age) for sex in "MK" for age in AGE_RANGES]

# Per year: head count and full-time equivalents per (sex, age group), sick hours per group,
# and the hours of the longer spell classes per sex (the rest of a group's hours are spells
# of 1–14 days). Totals: 50 employees / 48.98 FTE in 2023, 55 / 54.37 in 2024, 53 / 52.77 in
# 2025 (published: 49,0, 54,4 and 52,8 årsarbetare).
PLAN = {
    2023: {
        "heads": {("M", "<=29"): 1, ("K", "<=29"): 2, ("M", "30-49"): 5, ("K", "30-49"): 20,
                  ("M", ">=50"): 7, ("K", ">=50"): 15},
        "fte": {("M", "<=29"): 1.00, ("K", "<=29"): 1.99, ("M", "30-49"): 4.55,
                ("K", "30-49"): 19.44, ("M", ">=50"): 7.00, ("K", ">=50"): 15.00},
        "sick": {("M", "<=29"): 34.2, ("K", "<=29"): 92.8, ("M", "30-49"): 592.3,
                 ("K", "30-49"): 726.0, ("M", ">=50"): 139.5, ("K", ">=50"): 1801.6},
    },
    2024: {
        "heads": {("M", "<=29"): 1, ("K", "<=29"): 2, ("M", "30-49"): 4, ("K", "30-49"): 21,
                  ("M", ">=50"): 8, ("K", ">=50"): 19},
        "fte": {("M", "<=29"): 1.00, ("K", "<=29"): 1.94, ("M", "30-49"): 4.00,
                ("K", "30-49"): 20.98, ("M", ">=50"): 8.00, ("K", ">=50"): 18.45},
        "sick": {("M", "<=29"): 0.0, ("K", "<=29"): 0.0, ("M", "30-49"): 223.9,
                 ("K", "30-49"): 1010.6, ("M", ">=50"): 85.3, ("K", ">=50"): 929.8},
    },
    2025: {
        "heads": {("M", "<=29"): 1, ("K", "<=29"): 2, ("M", "30-49"): 3, ("K", "30-49"): 20,
                  ("M", ">=50"): 10, ("K", ">=50"): 17},
        "fte": {("M", "<=29"): 0.97, ("K", "<=29"): 1.94, ("M", "30-49"): 3.00,
                ("K", "30-49"): 19.92, ("M", ">=50"): 9.94, ("K", ">=50"): 17.00},
        "sick": {("M", "<=29"): 33.7, ("K", "<=29"): 149.5, ("M", "30-49"): 66.9,
                 ("K", "30-49"): 947.6, ("M", ">=50"): 64.9, ("K", ">=50"): 1176.8},
    },
}

# The spells of 15 days or more, by role: (role, sex and age group in every year the spell
# touches, start, end, sick hours). Roles are filled with people of the roster who are in that
# group in those years. Two spells cross a year boundary: their hours are split pro rata by
# calendar days, their class follows the whole length.
LONG_SPELLS = [
    # 2023: one man off for 84 days (56,5 % of men's sick hours; the law withholds it).
    ("man-2023", ("M", "30-49"), date(2023, 2, 13), date(2023, 5, 7), 432.5),
    ("woman-a", ("K", ">=50"), date(2023, 3, 6), date(2023, 6, 4), 480.0),
    ("woman-c", ("K", "30-49"), date(2023, 9, 4), date(2023, 11, 12), 305.6),
    ("woman-mid-1", ("K", ">=50"), date(2023, 4, 17), date(2023, 5, 12), 148.0),
    ("woman-mid-2", ("K", ">=50"), date(2023, 10, 2), date(2023, 11, 3), 165.1),
    # 81 days from December 2023 to February 2024 at about half time: 21 days in 2023,
    # 60 in 2024, the only long spell of 2024.
    ("woman-b", ("K", ">=50"), date(2023, 12, 11), date(2024, 2, 29), 259.7),
    ("woman-mid-3", ("K", "30-49"), date(2024, 3, 11), date(2024, 4, 5), 176.0),
    ("woman-mid-4", ("K", ">=50"), date(2024, 9, 23), date(2024, 10, 20), 159.6),
    # 22 days over the new year: 12 in 2024, 10 in 2025; class 15–59 in both years.
    ("woman-new-year", ("K", "30-49"), date(2024, 12, 20), date(2025, 1, 10), 88.0),
    ("woman-d", ("K", ">=50"), date(2025, 2, 3), date(2025, 4, 13), 260.0),
    ("woman-e", ("K", "30-49"), date(2025, 9, 15), date(2025, 11, 20), 164.0),
    ("woman-mid-5", ("K", ">=50"), date(2025, 5, 5), date(2025, 5, 30), 150.0),
    ("woman-mid-6", ("K", ">=50"), date(2025, 10, 6), date(2025, 11, 2), 140.0),
    ("woman-mid-7", ("K", "30-49"), date(2025, 3, 17), date(2025, 4, 4), 115.7),
]


def age_group(age: int) -> str:
    return "<=29" if age <= 29 else "30-49" if age <= 49 else ">=50"


def days(start: date, end: date) -> int:
    return (end - start).days + 1


def weekdays(start: date, end: date) -> int:
    return sum(1 for i in range(days(start, end)) if (start + timedelta(i)).weekday() < 5)


def year_part(start: date, end: date, year: int) -> int:
    """Calendar days of [start, end] in `year`."""
    lo, hi = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
    return max(0, (hi - lo).days + 1)


def spell_class(length: int) -> int:
    return 0 if length <= 14 else 1 if length <= 59 else 2


class Person:
    def __init__(self, number: int, sex: str, birth_year: int):
        self.id = f"A{number:04d}"
        self.sex = sex
        self.birth_year = birth_year
        self.fte: dict[int, float] = {}
        self.spells: list[tuple[date, date, float]] = []

    def cell(self, year: int) -> tuple[str, str]:
        return (self.sex, age_group(year - self.birth_year))

    def free(self, start: date, end: date) -> bool:
        return all(end < s or start > e for s, e, _ in self.spells)


def build_roster(rng: random.Random) -> list[Person]:
    """People per year: last year's staff a year older, leavers and hires so that every
    group has its planned head count."""
    people: list[Person] = []

    def hire(year: int, cell: tuple[str, str]) -> Person:
        low, high = AGE_RANGES[cell[1]]
        person = Person(len(people) + 1, cell[0], year - rng.randint(low, high))
        people.append(person)
        return person

    staff: list[Person] = []
    for year in YEARS:
        heads = PLAN[year]["heads"]
        by_cell = {cell: [p for p in staff if p.cell(year) == cell] for cell in CELLS}
        staff = []
        for cell in CELLS:
            members = by_cell[cell]
            # Leavers: the oldest retire from the ≥ 50 group, others leave at random.
            if cell[1] == ">=50":
                members.sort(key=lambda p: p.birth_year)
            else:
                rng.shuffle(members)
            while len(members) > heads[cell]:
                members.pop(0)
            while len(members) < heads[cell]:
                members.append(hire(year, cell))
            staff += members
        for cell in CELLS:
            members = [p for p in staff if p.cell(year) == cell]
            spread_fte(members, PLAN[year]["fte"][cell], year, rng)
    return people


def spread_fte(members: list[Person], total: float, year: int, rng: random.Random) -> None:
    """Full-time equivalents in hundredths: most work full time; the rest part time or part
    of the year, never below 0.5."""
    shares = [100] * len(members)
    deficit = len(members) * 100 - round(total * 100)
    assert deficit >= 0, (year, total)
    while deficit > 0:
        i = rng.randrange(len(shares))
        cut = min(deficit, rng.choice([25, 20, 10, 5, 3]), shares[i] - 50)
        if cut > 0:
            shares[i] -= cut
            deficit -= cut
    for person, share in zip(members, shares):
        person.fte[year] = share / 100


def staff_of(people: list[Person], year: int, cell: tuple[str, str]) -> list[Person]:
    return [p for p in people if year in p.fte and p.cell(year) == cell]


def place_long_spells(people: list[Person], rng: random.Random) -> None:
    taken: set[str] = set()
    for role, cell, start, end, hours in LONG_SPELLS:
        years = [y for y in YEARS if year_part(start, end, y) > 0]
        eligible = [
            p for p in people
            if p.id not in taken and all(y in p.fte and p.cell(y) == cell for y in years)
        ]
        assert eligible, role
        person = rng.choice(sorted(eligible, key=lambda p: p.id))
        taken.add(person.id)
        person.spells.append((start, end, hours))


def planned_hours(person: Person, year: int) -> float:
    total = 0.0
    for start, end, hours in person.spells:
        part = year_part(start, end, year)
        if part:
            total += hours * part / days(start, end)
    return total


def fill_short_spells(people: list[Person], rng: random.Random) -> None:
    """Spells of 1–14 days within the year, until each group has its planned sick hours."""
    lengths = list(range(1, 15))
    weights = [26, 20, 14, 10, 8, 4, 6, 3, 2, 2, 1, 1, 1, 2]
    for year in YEARS:
        for cell in CELLS:
            members = staff_of(people, year, cell)
            target = PLAN[year]["sick"][cell]
            remaining = round((target - sum(planned_hours(p, year) for p in members)) * 10)
            assert remaining >= 0, (year, cell, remaining)
            if remaining == 0:
                continue
            # A few people take most short spells, as in any workplace; at least two people
            # in every group of two or more, so no group's figure is one person's.
            prone = rng.sample(members, k=min(len(members), max(2, len(members) * 2 // 3)))
            used: set[str] = set()
            while remaining > 0:
                pool = [p for p in prone if p.id not in used] if len(used) < 2 else prone
                person = rng.choice(pool or prone)
                length = rng.choices(lengths, weights)[0]
                start = date(year, 1, 1) + timedelta(rng.randrange(365 - length))
                end = start + timedelta(length - 1)
                work_days = weekdays(start, end)
                if work_days == 0 or not person.free(start, end):
                    continue
                tenths = round(work_days * 8 * person.fte[year] * 10)
                if tenths >= remaining or remaining - tenths < 20:
                    # The last spell takes what is left: a part day or a few days.
                    tenths = remaining
                    if tenths > work_days * 80:
                        continue
                person.spells.append((start, end, tenths / 10))
                used.add(person.id)
                remaining -= tenths


def write(people: list[Person]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "employees.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["employee_id", "period", "sex", "birth_year", "scheduled_hours", "fte"])
        for year in YEARS:
            for p in sorted(people, key=lambda p: p.id):
                if year in p.fte:
                    fte = p.fte[year]
                    hours = round(fte * FULL_TIME_HOURS, 1)
                    out.writerow([p.id, year, p.sex, p.birth_year, f"{hours:g}", f"{fte:.2f}"])
    rows = sorted(
        (start, p.id, end, hours) for p in people for start, end, hours in p.spells)
    with open(OUT / "spells.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["employee_id", "start", "end", "sick_hours"])
        for start, pid, end, hours in rows:
            out.writerow([pid, start.isoformat(), end.isoformat(), f"{hours:g}"])


def figures(people: list[Person], year: int) -> dict[tuple[str, str], float]:
    """The published figures as kpi computes them (percent, unrounded):
    (kpi, scope) → value, scope as in published-figures.csv."""
    hours: dict[tuple[str, str], float] = {}
    sick: dict[tuple[str, str], float] = {}
    classes: dict[tuple[str, int], float] = {}
    fte = 0.0
    for p in people:
        if year not in p.fte:
            continue
        fte += p.fte[year]
        sex = "women" if p.sex == "K" else "men"
        age = age_group(year - p.birth_year)
        person_sick = [0.0, 0.0, 0.0]
        for start, end, h in p.spells:
            part = year_part(start, end, year)
            if part:
                person_sick[spell_class(days(start, end))] += h * part / days(start, end)
        for s in ("all", sex):
            for a in ("all", age):
                hours[s, a] = hours.get((s, a), 0) + p.fte[year] * FULL_TIME_HOURS
                sick[s, a] = sick.get((s, a), 0) + sum(person_sick)
            for k in range(3):
                classes[s, k] = classes.get((s, k), 0) + person_sick[k]
    result = {("fte", "all"): fte}
    for (s, a), h in hours.items():
        scope = s if a == "all" else f"{s} {a}"
        result["rate", scope] = 100 * sick[s, a] / h
    for (s, k), c in classes.items():
        name = ["share_1_14", "share_15_59", "share_60_plus"][k]
        result[name, s] = 100 * c / sick[s, "all"] if sick[s, "all"] else 0.0
    return result


def check(people: list[Person]) -> None:
    """Every reproducible published figure, rounded half away from zero as published."""
    # 2024's sex rows of the spell classes and of the age groups use another base
    # (datasets/README.md); the data reproduce them as contributions instead.
    other_base = {("share_1_14", "men"), ("share_1_14", "women"), ("share_15_59", "women"),
                  ("share_60_plus", "women"), ("rate", "men 30-49"),
                  ("rate", "women 30-49"), ("rate", "men >=50"), ("rate", "women >=50")}
    computed = {year: figures(people, year) for year in YEARS}
    with open(REFERENCE, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["dataset"] != "sickleave":
                continue
            year, key = int(row["period"]), (row["kpi"], row["scope"])
            if year == 2024 and key in other_base:
                continue
            value = computed[year][key]
            rounded = int(abs(value) * 10 + 0.5) / 10
            assert rounded == float(row["value"]), (year, key, value, row["value"])
    # 2024 as contributions: men's and women's hours of a class or age group over the
    # whole class's or age group's base.
    c24 = contributions_2024(people)
    for key, published in {("share_1_14", "men"): 13.7, ("share_1_14", "women"): 60.7,
                           ("rate", "men 30-49"): 0.4, ("rate", "women 30-49"): 1.9,
                           ("rate", "men >=50"): 0.2, ("rate", "women >=50"): 1.7}.items():
        assert int(c24[key] * 10 + 0.5) / 10 == published, (key, c24[key])


def contributions_2024(people: list[Person]) -> dict[tuple[str, str], float]:
    year = 2024
    sick = {}
    hours = {}
    short = {"men": 0.0, "women": 0.0}
    for p in people:
        if year not in p.fte:
            continue
        sex = "women" if p.sex == "K" else "men"
        age = age_group(year - p.birth_year)
        s = 0.0
        for start, end, h in p.spells:
            part = year_part(start, end, year)
            if part:
                share = h * part / days(start, end)
                s += share
                if spell_class(days(start, end)) == 0:
                    short[sex] += share
        sick[sex, age] = sick.get((sex, age), 0) + s
        hours[age] = hours.get(age, 0) + p.fte[year] * FULL_TIME_HOURS
    total = sum(sick.values())
    result = {("share_1_14", sex): 100 * short[sex] / total for sex in short}
    for (sex, age), s in sick.items():
        result["rate", f"{sex} {age}"] = 100 * s / hours[age]
    return result


def main() -> None:
    rng = random.Random(20250531)
    people = build_roster(rng)
    place_long_spells(people, rng)
    fill_short_spells(people, rng)
    check(people)
    write(people)
    for year in YEARS:
        staff = [p for p in people if year in p.fte]
        spells = sum(1 for p in people for s, e, _ in p.spells if year_part(s, e, year))
        print(f"{year}: {len(staff)} employees, {sum(p.fte[year] for p in staff):.2f} FTE, "
              f"{spells} spells")


if __name__ == "__main__":
    main()
