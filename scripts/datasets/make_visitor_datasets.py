"""Generates the bundled Navet visitor datasets under datasets/navet/ (deterministic, fixed seed).

Run: python3 scripts/datasets/make_visitor_datasets.py      (standard library only)

Writes
  datasets/navet/visitors.csv     date,category,visitors: one row per day and category for
                                  2019 and 2022-2025 (2020-2021, the pandemic years, are absent),
                                  0 on days a category had no visitors (closed days included),
                                  so that every missing day in an input is a real gap.
  datasets/navet/conferences.csv  date,category,count: conferences held at Navet per month, the
                                  events whose attendees are the category `konferens` above.

The counts are synthetic: daily weights from opening days, school terms, Swedish holidays and
noise, turned into whole numbers that add up exactly to calibrated totals. The totals are
chosen so that `kpi visitors` reproduces every `visitors` row of
datasets/reference/published-figures.csv; the script checks each of them before writing.
"""
import csv
import io
import math
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "datasets" / "navet"
SEED = 20230831
YEARS = [2019, 2022, 2023, 2024, 2025]
CATEGORIES = ["allmänhet", "skolprogram", "konferens", "uppsökande"]

# -- Calendar ------------------------------------------------------------------------------


def easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def first_weekday_on_or_after(d: date, weekday: int) -> date:
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def red_days(year: int) -> set[date]:
    """Swedish public holidays and the eves Navet keeps closed."""
    e = easter(year)
    midsummer_eve = first_weekday_on_or_after(date(year, 6, 19), 4)
    return {
        date(year, 1, 1), date(year, 1, 6), e - timedelta(days=2), e, e + timedelta(days=1),
        date(year, 5, 1), e + timedelta(days=39), date(year, 6, 6), midsummer_eve,
        midsummer_eve + timedelta(days=1), first_weekday_on_or_after(date(year, 10, 31), 5),
        date(year, 12, 24), date(year, 12, 25), date(year, 12, 26), date(year, 12, 31),
    }


def closed_to_public(d: date) -> bool:
    """Navet closes on Christmas Eve, Christmas Day, New Year's Eve and Day and Midsummer Eve."""
    midsummer_eve = first_weekday_on_or_after(date(d.year, 6, 19), 4)
    return (d.month, d.day) in {(12, 24), (12, 25), (12, 31), (1, 1)} or d == midsummer_eve


def iso_week(d: date) -> int:
    return d.isocalendar()[1]


def summer_break(year: int) -> tuple[date, date]:
    """Last school day is the Friday on or after 10 June; the first is the Monday on or after
    17 August (Borås, roughly)."""
    last = first_weekday_on_or_after(date(year, 6, 10), 4)
    first = first_weekday_on_or_after(date(year, 8, 17), 0)
    return last + timedelta(days=1), first - timedelta(days=1)


def school_holiday(d: date) -> bool:
    """Sportlov week 7, påsklov the week of Easter Monday, summer, höstlov week 44, jullov."""
    start, end = summer_break(d.year)
    e = easter(d.year) + timedelta(days=1)
    return (
        iso_week(d) == 7
        or (e <= d <= e + timedelta(days=6))
        or start <= d <= end
        or iso_week(d) == 44
        or d >= date(d.year, 12, 21)
        or d <= date(d.year, 1, 7)
    )


def days_of(year: int) -> list[date]:
    d, out = date(year, 1, 1), []
    while d.year == year:
        out.append(d)
        d += timedelta(days=1)
    return out


# -- Daily weights -------------------------------------------------------------------------

GALLERY = date(2023, 9, 29)  # Småfysik opens; two more public opening days a week
REOPENING = date(2022, 2, 9)  # the last pandemic restrictions are lifted


def public_weight(d: date, rng: random.Random) -> float:
    if closed_to_public(d):
        return 0.0
    holiday = school_holiday(d)
    wd = d.weekday()
    summer_start, summer_end = summer_break(d.year)
    in_summer = summer_start <= d <= summer_end
    if holiday:
        # Open Tuesday-Sunday in the holidays; from 2023 every day of the summer (longer hours).
        if wd == 0 and not (in_summer and d.year >= 2023):
            return 0.0
        w = 1.0 if wd >= 5 else 0.85
        if in_summer:
            w *= 1.15
            if d.year == 2023:
                w *= 1.35  # a rainy summer
    else:
        if wd >= 5:
            w = 1.0 if wd == 5 else 1.1
        elif d >= GALLERY and wd in (2, 4):
            w = 0.4
        else:
            return 0.0
    if d in red_days(d.year):
        w *= 1.2
    if d.year == 2022 and d < REOPENING:
        w *= 0.45
    return w * math.exp(rng.gauss(0, 0.22))


def school_weight(d: date, rng: random.Random) -> float:
    if d.weekday() >= 5 or school_holiday(d) or d in red_days(d.year):
        return 0.0
    if rng.random() < 0.04:  # a day without bookings
        return 0.0
    w = 1.1 if d.weekday() in (1, 2, 3) else 0.9
    if d.year == 2022 and d < REOPENING:
        w *= 0.5
    return w * math.exp(rng.gauss(0, 0.3))


def outreach_weight(d: date, rng: random.Random) -> float:
    if d in red_days(d.year) or closed_to_public(d):
        return 0.0
    summer_start, summer_end = summer_break(d.year)
    if summer_start <= d <= summer_end:
        # Summer fairs and markets at weekends.
        return math.exp(rng.gauss(0, 0.4)) if d.weekday() >= 5 and rng.random() < 0.3 else 0.0
    if d.weekday() >= 5 or school_holiday(d):
        return 0.0
    return math.exp(rng.gauss(0, 0.5)) if rng.random() < 0.35 else 0.0


# -- Whole numbers that add up -------------------------------------------------------------


def allocate(total: int, weights: list[float]) -> list[int]:
    """Splits `total` into whole numbers proportional to `weights` (largest remainder; ties to
    the earlier day), so the parts add up exactly."""
    s = sum(weights)
    assert total >= 0 and (s > 0 or total == 0), (total, s)
    if total == 0:
        return [0] * len(weights)
    exact = [total * w / s for w in weights]
    parts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


SEGMENTS = [(1, 5), (6, 6), (7, 8), (9, 12)]  # Jan-May, June, Jul-Aug, Sep-Dec


def segment_of(d: date) -> int:
    return next(i for i, (a, b) in enumerate(SEGMENTS) if a <= d.month <= b)


def spread(days: list[date], weights: list[float], segment_totals: list[int]) -> list[int]:
    counts = [0] * len(days)
    for s in range(len(SEGMENTS)):
        idx = [i for i, d in enumerate(days) if segment_of(d) == s]
        for i, c in zip(idx, allocate(segment_totals[s], [weights[i] for i in idx])):
            counts[i] = c
    return counts


def natural_segments(days: list[date], weights: list[float], total: int) -> list[int]:
    shares = [sum(w for d, w in zip(days, weights) if segment_of(d) == s) for s in range(4)]
    return allocate(total, shares)


# -- Calibration targets -------------------------------------------------------------------

# Annual totals. allmänhet 2025 / 2022 = 36 400 / 20 800 = 1.75 (AR2025: +75 %); skolprogram
# 2025 = 21 541 and 2024 = 17 656 (+22.0 %); uppsökande 2025 closes Totalt 2025 at 73 416.
PUBLIC = {2019: 15_600, 2022: 20_800, 2023: 31_300, 2024: 35_100, 2025: 36_400}
SCHOOL = {2019: 12_500, 2022: 14_800, 2023: 16_200, 2024: 17_656, 2025: 21_541}
OUTREACH = {2019: 2_500, 2022: 3_900, 2023: 4_800, 2024: 5_300}
TOTAL_2025 = 73_416

# Conferences per year, with January-August pinned for 2022 and 2023 (DR2023: 114 against 78).
CONFERENCES = {2019: 140, 2022: 121, 2023: 168, 2024: 176, 2025: 181}
CONFERENCES_JAN_AUG = {2022: 78, 2023: 114}
CONFERENCE_MONTHS = [0.8, 1.0, 1.2, 1.1, 1.2, 0.7, 0.05, 0.6, 1.2, 1.2, 1.2, 0.7]

# Totalt for H1 and summer (June-August): H1 2023 = 1.28 × H1 2022 = 1.43 × H1 2019 (DR2023),
# summer 2023 = 2 × summer 2022 ("dubbelt så många").
H1 = {2022: 21_200}
H1[2023] = round(H1[2022] * 1.28)
H1[2019] = round(H1[2023] / 1.43)
SUMMER = {2022: 9_700}
SUMMER[2023] = 2 * SUMMER[2022]


def conferences(rng: random.Random) -> tuple[dict[int, list[int]], dict[date, int]]:
    """Conferences per month, and attendees per day (the category `konferens`)."""
    per_month: dict[int, list[int]] = {}
    attendees: dict[date, int] = {}
    for year in YEARS:
        weights = list(CONFERENCE_MONTHS)
        if year == 2022:
            weights[0], weights[1] = 0.3, 0.5  # restrictions until 9 February
        if year in CONFERENCES_JAN_AUG:
            first = allocate(CONFERENCES_JAN_AUG[year], weights[:8])
            rest = allocate(CONFERENCES[year] - CONFERENCES_JAN_AUG[year], weights[8:])
            months = first + rest
        else:
            months = allocate(CONFERENCES[year], weights)
        per_month[year] = months
        for month, n in enumerate(months, start=1):
            open_days = [
                d for d in days_of(year)
                if d.month == month and d.weekday() < 5 and d not in red_days(year)
                and not (month == 12 and d.day >= 21) and not (month == 1 and d.day <= 6)
            ]
            for _ in range(n):
                d = rng.choice(open_days)
                size = min(250, max(8, round(math.exp(rng.gauss(math.log(38), 0.5)))))
                attendees[d] = attendees.get(d, 0) + size
    return per_month, attendees


def generate():
    rng = random.Random(SEED)
    per_month, attendees = conferences(rng)
    counts: dict[tuple[date, str], int] = {}
    for year in YEARS:
        days = days_of(year)
        weights = {
            "allmänhet": [public_weight(d, rng) for d in days],
            "skolprogram": [school_weight(d, rng) for d in days],
            "uppsökande": [outreach_weight(d, rng) for d in days],
        }
        conf = [attendees.get(d, 0) for d in days]
        school = natural_segments(days, weights["skolprogram"], SCHOOL[year])
        outreach_total = OUTREACH.get(year)
        if outreach_total is None:  # 2025: what is left of the published total
            outreach_total = TOTAL_2025 - PUBLIC[year] - SCHOOL[year] - sum(conf)
        outreach = natural_segments(days, weights["uppsökande"], outreach_total)
        public = natural_segments(days, weights["allmänhet"], PUBLIC[year])
        if year in H1:
            conf_segments = [sum(c for d, c in zip(days, conf) if segment_of(d) == s) for s in range(4)]
            others = [school[s] + outreach[s] + conf_segments[s] for s in range(4)]
            h1 = H1[year] - others[0] - others[1]
            summer = SUMMER[year] - others[1] - others[2] if year in SUMMER else None
            june = public[1]
            may = h1 - june
            july_august = summer - june if summer is not None else public[2]
            autumn = PUBLIC[year] - may - june - july_august
            public = [may, june, july_august, autumn]
            assert min(public) > 0, (year, public)
        for name, segs in [("allmänhet", public), ("skolprogram", school), ("uppsökande", outreach)]:
            for d, c in zip(days, spread(days, weights[name], segs)):
                counts[(d, name)] = c
        for d, c in zip(days, conf):
            counts[(d, "konferens")] = c
    return counts, per_month


# -- Checks against the published figures ----------------------------------------------------


def check(counts, per_month):
    def total(year, months, category=None):
        return sum(
            c for (d, k), c in counts.items()
            if d.year == year and d.month in months and (category is None or k == category)
        )

    year = range(1, 13)
    h1 = range(1, 7)
    summer = range(6, 9)
    pct = lambda a, b: round((a / b - 1) * 100)  # noqa: E731 (rounding half away is not needed here)
    figures = {
        "Totalt 2025": total(2025, year),
        "H1 2023 vs 2022 %": pct(total(2023, h1), total(2022, h1)),
        "H1 2023 vs 2019 %": pct(total(2023, h1), total(2019, h1)),
        "summer 2023 vs 2022 %": pct(total(2023, summer), total(2022, summer)),
        "allmänhet 2025 vs 2022 %": pct(total(2025, year, "allmänhet"), total(2022, year, "allmänhet")),
        "skolprogram 2025": total(2025, year, "skolprogram"),
        "skolprogram 2025 vs 2024 %": pct(total(2025, year, "skolprogram"), total(2024, year, "skolprogram")),
        "conferences Jan-Aug 2023": sum(per_month[2023][:8]),
        "conferences Jan-Aug 2022": sum(per_month[2022][:8]),
        "Totalt 2023 vs 2022 %": pct(total(2023, year), total(2022, year)),
    }
    expected = {
        "Totalt 2025": 73_416, "H1 2023 vs 2022 %": 28, "H1 2023 vs 2019 %": 43,
        "summer 2023 vs 2022 %": 100, "allmänhet 2025 vs 2022 %": 75, "skolprogram 2025": 21_541,
        "skolprogram 2025 vs 2024 %": 22, "conferences Jan-Aug 2023": 114,
        "conferences Jan-Aug 2022": 78,
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    for key, value in expected.items():
        assert figures[key] == value, (key, figures[key], value)
    for y in YEARS:
        print(y, {k: total(y, year, k) for k in CATEGORIES}, "Totalt", total(y, year))


def write(counts, per_month):
    ROOT.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["date", "category", "visitors"])
    for year in YEARS:
        for d in days_of(year):
            for k in CATEGORIES:
                w.writerow([d.isoformat(), k, counts[(d, k)]])
    (ROOT / "visitors.csv").write_text(out.getvalue(), encoding="utf-8")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["date", "category", "count"])
    for year in YEARS:
        for month, n in enumerate(per_month[year], start=1):
            w.writerow([f"{year}-{month:02d}", "konferenser", n])
    (ROOT / "conferences.csv").write_text(out.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    counts, per_month = generate()
    check(counts, per_month)
    write(counts, per_month)
