#!/usr/bin/env python3
"""The peers of kpi's benchmark: the same computations in pandas and in DuckDB.

    python3 Benchmarks/peers.py JOB ENGINE DATA_DIR OUT_DIR

JOB is survey, sickleave or visitors; ENGINE is pandas, polars or duckdb. Each reads the CSV files
kpi-bench generate wrote into DATA_DIR and writes one result CSV into OUT_DIR, with the
columns Benchmarks/run.py compares against kpi's own output:

- survey: per network and question, and in total ("Totalt"): respondents, answered (scale
  answers), positive (top two boxes), share, Wilson 95 % interval with the finite
  population correction of SPEC §5.1 (statsmodels' proportion_confint at the effective
  sample size n(N-1)/(N-n), as kpi does), response rate; pandas+statsmodels is the notebook
  an analyst would write, DuckDB does UNPIVOT/GROUP BY and Polars unpivot/group_by (lazy,
  streaming) with the interval in Python on the 500 aggregated rows.
- sickleave: per year, the sick-leave rate in total, by sex, by age band and age band × sex,
  and the shares of the spell classes 1–14, 15–59, >= 60 days in total and by sex (SPEC
  §5.3: a spell crossing a year boundary gives each year its share of the hours by calendar
  days, and is classed by its whole length).
- visitors: visitors per category and year, and in total ("Totalt"), and the change against
  the previous year.
"""
import math
import sys
from pathlib import Path

SCALE = ["I mycket hög grad", "I hög grad", "I låg grad", "I mycket låg grad"]
POSITIVE = SCALE[:2]
Z = 1.959963984540054  # norm.ppf(0.975), as statsmodels uses


def read_spec(data):
    """Groups invited and question columns from the generated spec (a tiny YAML subset)."""
    invited, columns, ids, section = {}, [], [], None
    for line in (data / "survey-spec.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("invited:"):
            section = "invited"
        elif line.startswith("questions:"):
            section = "questions"
        elif section == "invited" and line.startswith("  "):
            name, count = line.strip().rsplit(":", 1)
            invited[name] = int(count)
        elif section == "questions" and line.strip().startswith("- id:"):
            ids.append(line.split(":", 1)[1].strip())
        elif section == "questions" and line.strip().startswith("column:"):
            columns.append(line.split(":", 1)[1].strip())
    return invited, dict(zip(columns, ids))


def wilson(positive, n, population):
    from statsmodels.stats.proportion import proportion_confint

    share = positive / n
    if population == n:
        return share, share
    effective = n * (population - 1) / (population - n)
    return proportion_confint(share * effective, effective, alpha=0.05, method="wilson")


def survey_rows(counts, respondents, invited, questions):
    """counts: {(group, question_column, answer): n}; respondents: {group: n}."""
    rows = []
    groups = sorted(respondents, key=lambda g: int(g.split()[-1]))
    for column, qid in questions.items():
        total = {"respondents": 0, "answered": 0, "positive": 0, "invited": 0}
        for group in groups + ["Totalt"]:
            if group == "Totalt":
                r, answered, positive, inv = (total[k] for k in
                                              ("respondents", "answered", "positive", "invited"))
            else:
                r = respondents[group]
                answered = sum(counts.get((group, column, a), 0) for a in SCALE)
                positive = sum(counts.get((group, column, a), 0) for a in POSITIVE)
                inv = invited[group]
                for k, v in (("respondents", r), ("answered", answered), ("positive", positive),
                             ("invited", inv)):
                    total[k] += v
            low, high = wilson(positive, answered, inv)
            rows.append((group, qid, r, answered, positive, positive / answered, low, high,
                         r / inv))
    return rows


def write_survey(rows, out):
    with open(out / "survey.csv", "w", encoding="utf-8") as f:
        f.write("group,question,respondents,answered,positive,share,ci_low,ci_high,"
                "response_rate\n")
        for row in rows:
            f.write(",".join(str(v) for v in row) + "\n")


def survey_pandas(data, out):
    import pandas as pd

    invited, questions = read_spec(data)
    frame = pd.read_csv(data / "survey.csv", dtype=str, keep_default_na=False)
    respondents = frame["Nätverk"].value_counts().to_dict()
    long = frame.melt(id_vars=["Nätverk"], value_vars=list(questions), var_name="question",
                      value_name="answer")
    counts = long.groupby(["Nätverk", "question", "answer"]).size().to_dict()
    write_survey(survey_rows(counts, respondents, invited, questions), out)


def survey_duckdb(data, out):
    import duckdb

    invited, questions = read_spec(data)
    con = duckdb.connect()
    path = str(data / "survey.csv")
    con.execute(f"""CREATE TEMP TABLE s AS SELECT * FROM read_csv('{path}', header = true,
                    all_varchar = true)""")
    respondents = dict(con.execute('SELECT "Nätverk", count(*) FROM s GROUP BY ALL').fetchall())
    cols = ", ".join(f'"{c}"' for c in questions)
    counts = {(g, q, a): n for g, q, a, n in con.execute(f"""
        SELECT "Nätverk", question, answer, count(*) FROM
          (UNPIVOT s ON {cols} INTO NAME question VALUE answer)
        GROUP BY ALL""").fetchall()}
    write_survey(survey_rows(counts, respondents, invited, questions), out)


def survey_polars(data, out):
    import polars as pl

    invited, questions = read_spec(data)
    frame = pl.scan_csv(data / "survey.csv", infer_schema=False)
    respondents = dict(frame.group_by("Nätverk").len().collect().iter_rows())
    counts = {(g, q, a): n for g, q, a, n in (
        frame.unpivot(index="Nätverk", on=list(questions), variable_name="question",
                      value_name="answer")
        .group_by("Nätverk", "question", "answer").len().collect().iter_rows())}
    write_survey(survey_rows(counts, respondents, invited, questions), out)


AGE_BANDS = ["<=29", "30-49", ">=50"]
CLASSES = ["share_1_14", "share_15_59", "share_60_plus"]


def sick_rows(scheduled, sick):
    """scheduled: {(year, sex, band): hours}; sick: {(year, sex, band, class): hours}.
    sex 'K'/'M', band 0..2, class 0..2. Rows: year, measure, sex, age_group, value."""
    rows = []
    names = {"K": "women", "M": "men"}
    for year in sorted({k[0] for k in scheduled}):
        def total(sexes, bands, classes, table):
            return sum(v for k, v in table.items() if k[0] == year and k[1] in sexes
                       and k[2] in bands and (classes is None or k[3] in classes))
        for bands, band_name in [((0, 1, 2), "all")] + [((b,), AGE_BANDS[b]) for b in range(3)]:
            for sexes, sex_name in ((("K", "M"), "all"), (("K",), "women"), (("M",), "men")):
                s = total(sexes, bands, (0, 1, 2), sick)
                rows.append((year, "rate", sex_name, band_name,
                             s / total(sexes, bands, None, scheduled)))
        for c, measure in enumerate(CLASSES):
            for sexes, sex_name in ((("K", "M"), "all"), (("K",), "women"), (("M",), "men")):
                all_sick = total(sexes, (0, 1, 2), (0, 1, 2), sick)
                rows.append((year, measure, sex_name, "all",
                             total(sexes, (0, 1, 2), (c,), sick) / all_sick))
    return rows


def write_sick(rows, out):
    with open(out / "sickleave.csv", "w", encoding="utf-8") as f:
        f.write("period,measure,sex,age_group,value\n")
        for row in rows:
            f.write(",".join(str(v) for v in row) + "\n")


def sickleave_pandas(data, out):
    import numpy as np
    import pandas as pd

    staff = pd.read_csv(data / "employees.csv", dtype={"employee_id": str})
    age = staff["period"] - staff["birth_year"]
    staff["band"] = np.select([age <= 29, age <= 49], [0, 1], 2)
    spells = pd.read_csv(data / "spells.csv", dtype={"employee_id": str},
                         parse_dates=["start", "end"])
    length = (spells["end"] - spells["start"]).dt.days + 1
    spells["class"] = np.select([length <= 14, length <= 59], [0, 1], 2)
    spells["length"] = length
    parts = []
    for year in sorted(staff["period"].unique()):
        first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        days = (spells["end"].clip(upper=last) - spells["start"].clip(lower=first)).dt.days + 1
        inside = days > 0
        part = spells.loc[inside, ["employee_id", "class"]].copy()
        part["period"] = year
        part["hours"] = spells.loc[inside, "sick_hours"] * days[inside] / length[inside]
        parts.append(part)
    sick = pd.concat(parts).merge(staff[["employee_id", "period", "sex", "band"]],
                                  on=["employee_id", "period"])
    sick_sums = sick.groupby(["period", "sex", "band", "class"])["hours"].sum().to_dict()
    scheduled = staff.groupby(["period", "sex", "band"])["scheduled_hours"].sum().to_dict()
    write_sick(sick_rows(scheduled, sick_sums), out)


def sickleave_duckdb(data, out):
    import duckdb

    con = duckdb.connect()
    employees, spells = str(data / "employees.csv"), str(data / "spells.csv")
    con.execute(f"""CREATE TEMP TABLE staff AS SELECT employee_id, period, sex,
        CASE WHEN period - birth_year <= 29 THEN 0 WHEN period - birth_year <= 49 THEN 1
             ELSE 2 END AS band, scheduled_hours
        FROM read_csv('{employees}', header = true)""")
    scheduled = {(y, s, b): h for y, s, b, h in con.execute(
        "SELECT period, sex, band, sum(scheduled_hours) FROM staff GROUP BY ALL").fetchall()}
    sick = {(y, s, b, c): h for y, s, b, c, h in con.execute(f"""
        WITH sp AS (
          SELECT employee_id, start AS s, "end" AS e, sick_hours AS h,
                 ("end" - start) + 1 AS len
          FROM read_csv('{spells}', header = true,
                        columns = {{'employee_id': 'VARCHAR', 'start': 'DATE', 'end': 'DATE',
                                    'sick_hours': 'DOUBLE'}})),
        years AS (SELECT DISTINCT period AS y FROM staff),
        parts AS (
          SELECT employee_id, y,
                 h * ((least(e, make_date(y, 12, 31)) - greatest(s, make_date(y, 1, 1))) + 1)
                   / len AS hours,
                 CASE WHEN len <= 14 THEN 0 WHEN len <= 59 THEN 1 ELSE 2 END AS cls
          FROM sp JOIN years ON year(s) <= y AND year(e) >= y)
        SELECT staff.period, staff.sex, staff.band, parts.cls, sum(parts.hours)
        FROM parts JOIN staff ON staff.employee_id = parts.employee_id AND staff.period = parts.y
        GROUP BY ALL""").fetchall()}
    write_sick(sick_rows(scheduled, sick), out)


def sickleave_polars(data, out):
    import datetime

    import polars as pl

    staff = pl.scan_csv(data / "employees.csv", schema_overrides={"employee_id": pl.Utf8})
    age = pl.col("period") - pl.col("birth_year")
    staff = staff.with_columns(
        pl.when(age <= 29).then(0).when(age <= 49).then(1).otherwise(2).alias("band"))
    staff_table = staff.select("employee_id", "period", "sex", "band", "scheduled_hours") \
        .collect()
    scheduled = {(y, s, b): h for y, s, b, h in staff_table.group_by("period", "sex", "band")
                 .agg(pl.col("scheduled_hours").sum()).iter_rows()}
    spells = pl.scan_csv(data / "spells.csv", schema_overrides={
        "employee_id": pl.Utf8, "start": pl.Date, "end": pl.Date, "sick_hours": pl.Float64})
    length = (pl.col("end") - pl.col("start")).dt.total_days() + 1
    spells = spells.with_columns(length.alias("len")).with_columns(
        pl.when(pl.col("len") <= 14).then(0).when(pl.col("len") <= 59).then(1).otherwise(2)
        .alias("cls"))
    parts = []
    for year in sorted(staff_table["period"].unique()):
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        days = (pl.min_horizontal(pl.col("end"), pl.lit(last))
                - pl.max_horizontal(pl.col("start"), pl.lit(first))).dt.total_days() + 1
        parts.append(spells.with_columns(days.alias("days"))
                     .filter(pl.col("days") > 0)
                     .select("employee_id", "cls",
                             pl.lit(year).cast(pl.Int64).alias("period"),
                             (pl.col("sick_hours") * pl.col("days") / pl.col("len"))
                             .alias("hours")))
    sick = (pl.concat(parts)
            .join(staff_table.lazy().with_columns(pl.col("period").cast(pl.Int64)),
                  on=["employee_id", "period"])
            .group_by("period", "sex", "band", "cls").agg(pl.col("hours").sum()).collect())
    write_sick(sick_rows(scheduled, {(y, s, b, c): h for y, s, b, c, h in sick.iter_rows()}), out)


def write_visitors(rows, out):
    totals = {}
    for _, year, visitors in rows:
        totals[year] = totals.get(year, 0) + visitors
    rows = list(rows) + [("Totalt", year, visitors) for year, visitors in totals.items()]
    order = lambda r: (int(r[0].split()[-1]) if r[0] != "Totalt" else 10**9, r[1])
    with open(out / "visitors.csv", "w", encoding="utf-8") as f:
        f.write("category,period,visitors,growth\n")
        previous = {}
        for category, year, visitors in sorted(rows, key=order):
            before = previous.get(category)
            growth = "" if before is None else str((visitors - before) / before)
            f.write(f"{category},{year},{visitors},{growth}\n")
            previous[category] = visitors


def visitors_pandas(data, out):
    import pandas as pd

    frame = pd.read_csv(data / "visitors.csv", parse_dates=["date"])
    totals = frame.groupby([frame["category"], frame["date"].dt.year])["visitors"].sum()
    write_visitors([(c, y, int(v)) for (c, y), v in totals.items()], out)


def visitors_duckdb(data, out):
    import duckdb

    path = str(data / "visitors.csv")
    rows = duckdb.connect().execute(f"""SELECT category, year(date), sum(visitors)::BIGINT
        FROM read_csv('{path}', header = true) GROUP BY ALL""").fetchall()
    write_visitors(rows, out)


def visitors_polars(data, out):
    import polars as pl

    rows = (pl.scan_csv(data / "visitors.csv", try_parse_dates=True)
            .group_by(pl.col("category"), pl.col("date").dt.year().alias("year"))
            .agg(pl.col("visitors").sum()).collect().iter_rows())
    write_visitors([(c, y, int(v)) for c, y, v in rows], out)


if __name__ == "__main__":
    job, engine, data, out = sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
    out.mkdir(parents=True, exist_ok=True)
    globals()[f"{job}_{engine}"](data, out)
