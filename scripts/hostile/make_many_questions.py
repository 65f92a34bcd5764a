#!/usr/bin/env python3
"""Writes a project whose survey has 2 000 questions (issue 17, items 7 and 13).

    python3 scripts/hostile/make_many_questions.py OUT
    cd OUT && kpi report project.yaml --out out --notebook nb.ipynb

The data is 240 answers in four groups to 2 000 questions on a scale of 1 to 5, 960 KB of
CSV (under the 1 MB of the promise: under 2 s and under 200 MB). Deterministic.
"""

import os
import sys

QUESTIONS = 2_000
ROWS = 240
GROUPS = ["Borås", "Mark", "Ulricehamn", "Tranemo"]


def main(out):
    os.makedirs(out, exist_ok=True)
    columns = [f"F{n:04d}" for n in range(QUESTIONS)]
    lines = [";".join(["Kommun"] + columns)]
    for r in range(ROWS):
        answers = [str(1 + (r * 7 + c * 3 + r // 5) % 5) for c in range(QUESTIONS)]
        lines.append(";".join([GROUPS[r % len(GROUPS)]] + answers))
    with open(os.path.join(out, "data.csv"), "w", encoding="utf-8", newline="") as file:
        file.write("\r\n".join(lines) + "\r\n")
    spec = ['title: "Enkät med 2 000 frågor"', 'period: "2025"', "group: Kommun",
            "scale: [1, 2, 3, 4, 5]", "positive: [4, 5]", 'not_substantive: [""]',
            "questions:"]
    for n, column in enumerate(columns):
        spec += [f"  - id: q{n:04d}", f"    column: {column}",
                 f'    label: "Fråga {n + 1}: hur nöjd är du med tjänst {n + 1}?"']
    with open(os.path.join(out, "spec.yaml"), "w", encoding="utf-8") as file:
        file.write("\n".join(spec) + "\n")
    with open(os.path.join(out, "project.yaml"), "w", encoding="utf-8") as file:
        file.write('organisation: Test\nperiod: "2025"\nanalyses:\n'
                   "  - {id: enkat, kind: survey, data: data.csv, spec: spec.yaml}\n")
    for name in ("data.csv", "spec.yaml", "project.yaml"):
        print(name, os.path.getsize(os.path.join(out, name)), "bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit(f"usage: {sys.argv[0]} OUT")
    main(sys.argv[1])
