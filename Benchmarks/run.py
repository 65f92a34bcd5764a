#!/usr/bin/env python3
"""kpi against DuckDB, Polars and pandas on the same jobs, same files, same run.

    python3 Benchmarks/run.py [--scale 1] [--large 4] [--reps 3] [--quick]

For each job (survey, sickleave, visitors) it generates the inputs with `kpi-bench generate`
(deterministic; cached under $BENCH_DIR, default /tmp/kpi-bench), and for the survey and the
sick leave also the same rows shuffled (fixed seeds; the spells and the employees each in an
order of their own) and the shuffled file with one bad row second to last. It runs kpi and
the three peers of Benchmarks/peers.py once on each input and checks that their results agree
(same counts, same shares to 1e-9) before any timing counts, then times each end to end (CSV
in, result CSV out) `--reps` times and reports the median wall time, the ratio peer/kpi and
the peak RSS of each process. On the bad files kpi must exit 65 naming the file and the row,
and its time is set against the clean shuffled run. kpi runs again at `--large` times the
size to show that its memory stays flat. The tables go to stdout and to
Benchmarks/RESULTS.md, with the machine they were measured on.
"""
import argparse
import csv
import datetime
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KPI = ROOT / ".build" / "release" / "kpi"
BENCH = ROOT / ".build" / "release" / "kpi-bench"
PEERS = ROOT / "Benchmarks" / "peers.py"
JOBS = ["survey", "sickleave", "visitors"]
ENGINES = ["kpi", "duckdb", "polars", "pandas"]
# The inputs whose rows are also timed in another order, and with a bad row.
SHUFFLED = {"survey": ["survey.csv"], "sickleave": ["spells.csv", "employees.csv"]}


def run(command, expect=0):
    """Runs a command; returns (seconds, peak RSS in MB, stderr). Fails loudly on an exit code
    other than `expect`."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Read stderr while the child runs, so a long message cannot fill the pipe and block it.
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != expect:
        sys.exit(f"failed ({code}, expected {expect}): {' '.join(map(str, command))}\n{stderr}")
    return seconds, usage.ru_maxrss / 1024, stderr


def shuffle_file(source, target, seed):
    """The header, then the data rows of `source` in a random order (fixed seed)."""
    with open(source, "rb") as f:
        header = f.readline()
        rows = f.readlines()
    random.Random(seed).shuffle(rows)
    with open(target, "wb") as f:
        f.write(header)
        f.writelines(rows)


def variants(folder):
    """Folders beside the generated inputs: `shuffled` with the rows of SHUFFLED in random
    order, `bad` with those shuffled files and one bad row second to last (an impossible
    date in the spells, an unknown answer in the survey). Returns the two folders and, per
    job, the bad file's name and the line of the bad row."""
    shuffled, bad = folder / "shuffled", folder / "bad"
    done = folder / ".variants"
    for variant in (shuffled, bad):
        variant.mkdir(exist_ok=True)
        for path in folder.iterdir():
            if path.is_file() and not path.name.startswith(".") and \
                    not (variant / path.name).exists():
                (variant / path.name).symlink_to(path)
    if not done.exists():
        print(f"shuffling rows in {shuffled} ...", flush=True)
        for seed, name in enumerate(name for names in SHUFFLED.values() for name in names):
            (shuffled / name).unlink()
            shuffle_file(folder / name, shuffled / name, 15 + seed)
        for job, names in SHUFFLED.items():
            # The other inputs of the job as shuffled as in the clean run it is set against.
            for other in names[1:]:
                (bad / other).unlink()
                (bad / other).symlink_to(shuffled / other)
            name = names[0]
            with open(shuffled / name, "rb") as f:
                lines = f.readlines()
            fields = lines[-2].split(b",")
            if job == "sickleave":
                fields[1] = b"2025-02-30"  # start: a day that does not exist
            else:
                fields[2] = b"Kanske"      # the first question: an answer not on the scale
            lines[-2] = b",".join(fields)
            (bad / name).unlink()
            with open(bad / name, "wb") as f:
                f.writelines(lines)
        done.touch()
    bad_rows = {}
    for job, names in SHUFFLED.items():
        with open(bad / names[0], "rb") as f:
            bad_rows[job] = (names[0], sum(1 for _ in f) - 1)
    return shuffled, bad, bad_rows


def data_dir(scale):
    base = Path(os.environ.get("BENCH_DIR", "/tmp/kpi-bench"))
    folder = base / f"scale-{scale:g}"
    done = folder / ".complete"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"generating inputs at scale {scale:g} in {folder} ...", flush=True)
        subprocess.run([str(BENCH), "generate", "--scale", str(scale), "--out", str(folder)],
                       check=True, stdout=subprocess.DEVNULL)
        done.touch()
    return folder


def commands(job, engine, data, out):
    if engine == "kpi":
        if job == "survey":
            return [str(KPI), "survey", "--data", str(data / "survey.csv"), "--spec",
                    str(data / "survey-spec.yaml"), "--out", str(out)]
        if job == "sickleave":
            return [str(KPI), "sickleave", "--employees", str(data / "employees.csv"),
                    "--spells", str(data / "spells.csv"), "--out", str(out)]
        return [str(KPI), "visitors", "--data", str(data / "visitors.csv"), "--out", str(out)]
    return [sys.executable, str(PEERS), job, engine, str(data), str(out)]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def close(a, b):
    if a == "" or b == "":
        return a == b
    x, y = float(a), float(b)
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def kpi_rows(job, out):
    """kpi's result in the peers' shape, keyed for comparison."""
    if job == "survey":
        rows = read_csv(out / "survey.csv")
        keys = ["respondents", "answered", "positive", "share", "ci_low", "ci_high",
                "response_rate"]
        return {(r["group"], r["question"]): [r[k] for k in keys] for r in rows}, keys
    if job == "sickleave":
        rows = read_csv(out / "sickleave.csv")
        return {(r["period"], r["measure"], r["sex"], r["age_group"]): [r["value"]]
                for r in rows}, ["value"]
    rows = read_csv(out / "visitors.csv")
    return {(r["category"], r["period"]): [r["visitors"], r["growth"]]
            for r in rows if r["period_type"] == "year"}, ["visitors", "growth"]


def peer_rows(job, out):
    if job == "survey":
        rows = read_csv(out / "survey.csv")
        keys = ["respondents", "answered", "positive", "share", "ci_low", "ci_high",
                "response_rate"]
        return {(r["group"], r["question"]): [r[k] for k in keys] for r in rows}
    if job == "sickleave":
        rows = read_csv(out / "sickleave.csv")
        return {(r["period"], r["measure"], r["sex"], r["age_group"]): [r["value"]]
                for r in rows}
    rows = read_csv(out / "visitors.csv")
    return {(r["category"], r["period"]): [r["visitors"], r["growth"]] for r in rows}


def check(job, engine, kpi_out, peer_out):
    expected, keys = kpi_rows(job, kpi_out)
    got = peer_rows(job, peer_out)
    if set(expected) != set(got):
        missing = sorted(set(expected) ^ set(got))[:5]
        sys.exit(f"{job}: {engine} and kpi give different rows, e.g. {missing}")
    for key, values in expected.items():
        for name, a, b in zip(keys, values, got[key]):
            if not close(a, b):
                sys.exit(f"{job} {key} {name}: kpi {a}, {engine} {b}")
    return len(expected)


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in open("/proc/meminfo")
                   if line.startswith("MemTotal")), 0)
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout
    swift = next((line for line in swift.splitlines() if "version" in line), "").strip()
    import duckdb
    import pandas
    import polars
    return (f"{os.cpu_count()} cores ({cpu}), {memory} GiB RAM, {platform.platform()}; "
            f"{swift}; Python {platform.python_version()}, pandas {pandas.__version__}, "
            f"Polars {polars.__version__}, DuckDB {duckdb.__version__}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--large", type=float, default=4.0,
                        help="size factor of the second kpi run (memory); 0 to skip")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="scale 0.05, 0.2 large, 1 rep")
    parser.add_argument("--jobs", default=",".join(JOBS))
    parser.add_argument("--results", default=str(ROOT / "Benchmarks" / "RESULTS.md"))
    parser.add_argument("--variants-of", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variants_of:
        variants(Path(args.variants_of))
        return
    if args.quick:
        args.scale, args.large, args.reps = 0.05, 0.2, 1
    jobs = args.jobs.split(",")

    print("building kpi and kpi-bench (release) ...", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "kpi"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["swift", "build", "-c", "release", "--product", "kpi-bench"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    data = data_dir(args.scale)
    out = Path(os.environ.get("BENCH_OUT", "/tmp/kpi-bench-out"))

    if not (data / ".variants").exists():
        # In a process of its own: shuffling holds the files in memory, and a child forked
        # from a process that large starts with its peak RSS (Linux keeps the high-water mark
        # across exec), which would then be reported as every engine's.
        subprocess.run([sys.executable, __file__, "--variants-of", str(data)], check=True)
    shuffled, bad, bad_rows = variants(data)

    results = []  # (job, size, order, engine, median, runs, rss)
    checked = {}
    runs_of = [(job, "file order", data) for job in jobs]
    runs_of += [(job, "shuffled", shuffled) for job in jobs if job in SHUFFLED]
    for job, order, folder in runs_of:
        tag = f"{job}-{'shuffled' if order == 'shuffled' else 'sorted'}"
        # The first run of each also warms the page cache; its output is what is compared.
        for engine in ENGINES:
            run(commands(job, engine, folder, out / f"{engine}-{tag}"))
        for engine in ENGINES[1:]:
            checked[(job, order, engine)] = check(job, engine, out / f"kpi-{tag}",
                                                  out / f"{engine}-{tag}")
        print(f"{job} ({order}): DuckDB, Polars and pandas agree with kpi on "
              f"{checked[(job, order, 'duckdb')]} result rows", flush=True)
        times = {engine: [] for engine in ENGINES}
        rss = {engine: 0.0 for engine in times}
        # Interleaved repetitions, so that a busy moment hurts every engine alike.
        for _ in range(args.reps):
            for engine in times:
                seconds, peak, _ = run(commands(job, engine, folder, out / f"{engine}-{tag}"))
                times[engine].append(seconds)
                rss[engine] = max(rss[engine], peak)
        for engine in times:
            results.append((job, args.scale, order, engine, statistics.median(times[engine]),
                            times[engine], rss[engine]))
    # A bad row second to last: exit 65, the file and the row named, no second reading.
    bad_results = []  # (job, median, runs, message, clean median)
    for job in jobs:
        if job not in SHUFFLED:
            continue
        name, line = bad_rows[job]
        seconds_list, message = [], ""
        for _ in range(args.reps):
            seconds, _, stderr = run(commands(job, "kpi", bad, out / f"kpi-{job}-bad"), expect=65)
            if f"{name}:{line}:" not in stderr:
                sys.exit(f"{job}: the bad row {name}:{line} is not named:\n{stderr[:2000]}")
            message = next(l for l in stderr.splitlines() if f"{name}:{line}:" in l)
            seconds_list.append(seconds)
        clean = next(r[4] for r in results if r[0] == job and r[2] == "shuffled"
                     and r[3] == "kpi")
        bad_results.append((job, statistics.median(seconds_list), seconds_list, message, clean))
    if args.large:
        large = data_dir(args.large)
        for job in jobs:
            runs, peak = [], 0.0
            run(commands(job, "kpi", large, out / f"kpi-{job}-large"))
            for _ in range(args.reps):
                seconds, rss_mb, _ = run(commands(job, "kpi", large, out / f"kpi-{job}-large"))
                runs.append(seconds)
                peak = max(peak, rss_mb)
            results.append((job, args.large, "file order", "kpi", statistics.median(runs), runs,
                            peak))

    sizes = {
        "survey": lambda s: f"{int(1_000_000 * s):,} respondents × 20 questions",
        "sickleave": lambda s: f"{int(10_000_000 * s):,} spells, 200,000 employees × 3 years",
        "visitors": lambda s: f"{max(2, round(10 * s))} years × 50 categories, daily",
    }
    lines = [
        "| job | size | rows | engine | median (s) | runs (s) | kpi faster by | peak RSS (MB) |",
        "|---|---|---|---|---:|---|---:|---:|",
    ]
    for job, scale, order, engine, median, runs, peak in results:
        kpi = next(r[4] for r in results if r[:3] == (job, scale, order) and r[3] == "kpi")
        ratio = "" if engine == "kpi" else f"{median / kpi:.1f}×"
        size = sizes[job](scale)
        lines.append(f"| {job} | {size} | {order} | {engine} | {median:.2f} | "
                     f"{', '.join(f'{t:.2f}' for t in runs)} | {ratio} | {peak:.0f} |")
    table = "\n".join(lines)
    print(table)
    bad_lines = ["| job | bad row | kpi median (s) | runs (s) | clean shuffled (s) | ratio | "
                 "message |", "|---|---|---:|---|---:|---:|---|"]
    for job, median_s, runs, message, clean in bad_results:
        name, line = bad_rows[job]
        bad_lines.append(f"| {job} | {name}:{line} | {median_s:.2f} | "
                         f"{', '.join(f'{t:.2f}' for t in runs)} | {clean:.2f} | "
                         f"{median_s / clean:.2f} | `{message.strip()[:140]}` |")
    bad_table = "\n".join(bad_lines)
    print(bad_table)

    # The targets of SPEC §9 / issue 15, judged on this run.
    def median(job, engine, scale, order="file order"):
        return next((r[4] for r in results if r[:4] == (job, scale, order, engine)), None)

    def peak(job, scale):
        return next((r[6] for r in results if r[:4] == (job, scale, "file order", "kpi")), None)

    checks = []
    for job, engine, target, order in [
            ("survey", "duckdb", 3, "file order"), ("survey", "pandas", 15, "file order"),
            ("survey", "duckdb", 3, "shuffled"), ("survey", "pandas", 15, "shuffled"),
            ("sickleave", "duckdb", 3, "file order"), ("sickleave", "duckdb", 3, "shuffled")]:
        kpi, peer = median(job, "kpi", args.scale, order), median(job, engine, args.scale, order)
        if kpi and peer:
            ratio = peer / kpi
            checks.append(f"- {job} ({order}): kpi {ratio:.1f}× faster than {engine} "
                          f"(target ≥ {target}×): " + ("met" if ratio >= target else "**not met**"))
    for job in SHUFFLED:
        sorted_s, shuffled_s = median(job, "kpi", args.scale), median(job, "kpi", args.scale,
                                                                       "shuffled")
        if sorted_s and shuffled_s:
            ratio = shuffled_s / sorted_s
            checks.append(f"- {job}: shuffled rows take {ratio:.2f}× the time of the file order "
                          "(target ≤ 1.3×): " + ("met" if ratio <= 1.3 else "**not met**"))
    for job, median_s, _, _, clean in bad_results:
        ratio = median_s / clean
        checks.append(f"- {job}: the bad row is reported in {ratio:.2f}× the clean shuffled time "
                      "(target ≤ 1.5×): " + ("met" if ratio <= 1.5 else "**not met**"))
    for job in jobs:
        small, big = peak(job, args.scale), peak(job, args.large) if args.large else None
        if small is not None:
            line = f"- {job}: kpi peak RSS {small:.0f} MB at {args.scale:g}×"
            if big is not None:
                line += f", {big:.0f} MB at {args.large:g}× ({big / small:.2f} times)"
            limit = max(small, big or 0)
            line += ": under 200 MB" if limit < 200 else ": **over 200 MB**"
            checks.append(line)
    targets = "\n".join(checks)
    print(targets)

    inputs = []
    for scale in sorted({args.scale} | ({args.large} if args.large else set())):
        folder = data_dir(scale)
        files = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.0f} MB"
                          for p in sorted(folder.glob("*.csv")))
        inputs.append(f"- scale {scale:g}: {files}")
    text = f"""# Benchmark results

Measured {datetime.date.today().isoformat()} with `make bench` (`python3 Benchmarks/run.py \
--scale {args.scale:g} --large {args.large:g} --reps {args.reps}`) on this machine:
{machine()}.

Each job runs end to end — CSV in, result CSV out — as a separate process: `kpi survey`,
`kpi sickleave`, `kpi visitors` (which also write their charts and summaries), and the
DuckDB, Polars and pandas programs of `Benchmarks/peers.py`. Before timing, the peers'
results were checked equal to kpi's (counts exactly, shares, intervals and rates to 1e-9), in
file order and with the rows shuffled (fixed seeds; the spells and the employees each in an
order of their own). Repetitions run interleaved; the table gives the median, every run, the
peer's median over kpi's, and the peak resident memory of the process (`ru_maxrss`).

{table}

The shuffled files with one bad row second to last (the spells: a start of 2025-02-30; the
survey: an answer not on the scale): kpi exits 65 and names the file and the row.

{bad_table}

Targets (SPEC §9), judged on this run:
{targets}

Inputs (`kpi-bench generate`, deterministic):
{chr(10).join(inputs)}

The visitors peers compute only the yearly totals and changes that are compared; kpi also
computes months, quarters, half-years, summers, rolling years, seasonal indices, trends,
Holt–Winters and hold-out forecasts for every category, and draws four charts, so that row
compares unequal work. kpi's memory for the survey and the spells does not depend on the
number of rows (they are read in blocks and added up); for the sick leave it grows with the
staff (about 150 bytes per employee and year). The visitor rows are not kept either (each
count goes into the series as it is read), but the analysis keeps every day of every
category (8 bytes each: the seasonal, range and trend figures need them) and makes a row of
visitors.csv per category and month, quarter, half-year, summer, year and rolling year, so
its memory grows with the span covered: 4× the years is 4× the days and the rows.
"""
    Path(args.results).write_text(text, encoding="utf-8")
    print(f"wrote {args.results}")


if __name__ == "__main__":
    main()
