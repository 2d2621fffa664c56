#!/usr/bin/env python3
"""The before/after table of compare_revisions.sh: reads the Google Benchmark JSON
files of its runs, RUNS/before/PROGRAM.ROUND.json and RUNS/after/PROGRAM.ROUND.json,
and prints a Markdown table of the median CPU and wall-clock times per benchmark
present in both revisions, with after/before; names found in one revision only,
and runs that stopped with an error, are listed below it.

Each repetition of each round is one sample (aggregates are ignored: the median is
taken over every sample of both rounds). A counter whose name ends in "_ms" (the
login attack benchmark's percentiles) is a time too and gets a row of its own,
wall-clock only.

usage: compare_revisions.py [--slower RATIO] [--before-label TEXT] [--after-label TEXT] RUNS
"""
import argparse
import json
import pathlib
import re
import statistics
import sys

NANOSECONDS = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


def read_side(folder):
    """{(program, name): {"cpu": [ns], "wall": [ns]}} and the errors, from one revision's files."""
    samples, errors = {}, []
    for path in sorted(folder.glob("*.json")):
        program = path.name.split(".")[0]
        try:
            runs = json.loads(path.read_text()).get("benchmarks", [])
        except (OSError, ValueError) as error:
            errors.append(f"{path.name}: not readable JSON ({error})")
            continue
        for run in runs:
            if run.get("run_type") == "aggregate":
                continue
            name = re.sub(r"/(real_time|iterations:\d+)", "", run["run_name"])
            if run.get("error_occurred"):
                errors.append(f"{program} `{name}`: {run.get('error_message', 'error')}")
                continue
            scale = NANOSECONDS[run["time_unit"]]
            times = samples.setdefault((program, name), {"cpu": [], "wall": []})
            times["cpu"].append(run["cpu_time"] * scale)
            times["wall"].append(run["real_time"] * scale)
            for key, value in run.items():
                if key.endswith("_ms") and isinstance(value, (int, float)):
                    counter = samples.setdefault((program, f"{name} {key}"), {"cpu": [], "wall": []})
                    counter["wall"].append(value * 1e6)
    return samples, errors


def duration(nanoseconds):
    """A time in the unit that keeps it between 1 and 1000, three significant digits."""
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if nanoseconds >= scale:
            return f"{nanoseconds / scale:.3g} {unit}"
    return f"{nanoseconds:.3g} ns"


def medians(times):
    return statistics.median(times) if times else None


def table_row(program, name, before, after, slower):
    """One Markdown row; the flag names the columns whose ratio passes `slower`."""
    cells, flagged = [program.removesuffix("_benchmark"), f"`{name}`"], []
    for column, label in (("cpu", "CPU"), ("wall", "wall")):
        b, a = medians(before[column]), medians(after[column])
        if b is None or a is None or b <= 0:
            cells += ["–", "–", "–"]
            continue
        ratio = a / b
        cells += [duration(b), duration(a), f"{ratio:.2f}"]
        if ratio > slower:
            flagged.append(label)
    cells.append(f"**slower** ({', '.join(flagged)})" if flagged else "")
    return "| " + " | ".join(cells) + " |"


def print_apart(label, names):
    if names:
        listed = ", ".join(f"{program.removesuffix('_benchmark')} `{name}`" for program, name in names)
        print(f"\nOnly in {label}: {listed}.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=pathlib.Path)
    parser.add_argument("--slower", type=float, default=1.10, help="flag ratios above this (default 1.10)")
    parser.add_argument("--before-label", default="before")
    parser.add_argument("--after-label", default="after")
    args = parser.parse_args()
    before, before_errors = read_side(args.runs / "before")
    after, after_errors = read_side(args.runs / "after")
    both = [key for key in before if key in after]
    if not both:
        sys.exit(f"compare_revisions: no benchmark ran in both revisions ({args.runs})")

    print("| program | benchmark | before CPU | after CPU | after/before CPU "
          "| before wall | after wall | after/before wall | |")
    print("|---|---|--:|--:|--:|--:|--:|--:|---|")
    for program, name in both:  # in the order the programs ran them
        print(table_row(program, name, before[(program, name)], after[(program, name)], args.slower))
    print_apart(args.before_label, [key for key in before if key not in after])
    print_apart(args.after_label, [key for key in after if key not in before])
    errors = [f"- {args.before_label}: {error}" for error in before_errors]
    errors += [f"- {args.after_label}: {error}" for error in after_errors]
    if errors:
        print("\nRuns that stopped with an error (their samples are left out):\n" + "\n".join(errors))


if __name__ == "__main__":
    main()
