#!/usr/bin/env python3
"""Compare Marsad's time normaliser with PyPI `dateparser` (POLECAT's choice).

For every gold temporal expression in the evaluation set, both tools get the
expression's text and the article's date as anchor; a tool is right when its
value equals the gold TIMEX3 value at the gold value's granularity (year,
month, ISO week, day, or day + clock time). Durations, sets and *_REF values
are counted too: dateparser has no notion of them, so they show what a date
parser cannot represent.

Gold format (evals/time-place/gold.jsonl): one JSON object per article
  {"id", "corpus", "date", "times": [{"start","end","text","type","value"}], "places": [...]}

Usage:
  pip install dateparser
  python3 scripts/dateparser_compare.py [--gold evals/time-place/gold.jsonl] [--no-marsad] [--show-misses N]
  python3 scripts/dateparser_compare.py --demo     # a few built-in cases, no gold file needed

Marsad's values come from `cargo run --release -p marsad-time --example
normalize_expressions` (run once over all expressions).
"""
import argparse
import datetime as dt
import json
import pathlib
import re
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parent.parent

DEMO = [
    # (anchor, expression, type, gold value)
    ("2025-12-31", "31 ديسمبر 2025", "DATE", "2025-12-31"),
    ("2025-12-31", "31/12/2025", "DATE", "2025-12-31"),
    ("2025-12-31", "أمس", "DATE", "2025-12-30"),
    ("2025-12-31", "غدا", "DATE", "2026-01-01"),
    ("2025-12-31", "الأسبوع المقبل", "DATE", "2026-W02"),
    ("2025-12-31", "السبت الماضي", "DATE", "2025-12-27"),
    ("2025-12-31", "منذ ثلاثة أيام", "DATE", "2025-12-28"),
    ("2025-12-31", "يوليو/ تموز 2016", "DATE", "2016-07"),
    ("2025-12-31", "عام 2003", "DATE", "2003"),
    ("2025-12-31", "الشهر الماضي", "DATE", "2025-11"),
    ("2025-12-31", "15 رمضان 1447 هـ", "DATE", "2026-03-04"),
    ("2025-12-31", "الساعة العاشرة صباحا", "TIME", "2025-12-31T10:00"),
    ("2025-12-31", "ثلاثة أسابيع", "DURATION", "P3W"),
    ("2025-12-31", "خلال الأيام المقبلة", "DATE", "FUTURE_REF"),
]


def load_gold(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            art = json.loads(line)
            for t in art.get("times", []):
                cases.append((art.get("date"), t["text"], t.get("type", "DATE"), t["value"]))
    return cases


def granular(value_dt, gold):
    """Render a datetime at the granularity of a gold value, or None."""
    if value_dt is None:
        return None
    if re.fullmatch(r"\d{4}", gold):
        return f"{value_dt.year:04d}"
    if re.fullmatch(r"\d{4}-\d{2}", gold):
        return f"{value_dt.year:04d}-{value_dt.month:02d}"
    if re.fullmatch(r"\d{4}-W\d{2}", gold):
        y, w, _ = value_dt.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold):
        return value_dt.strftime("%Y-%m-%d")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", gold):
        return value_dt.strftime("%Y-%m-%dT%H:%M")
    return None  # durations, sets, *_REF, parts of day, decades: not representable


def run_dateparser(cases):
    import dateparser

    out = []
    for anchor, text, _, gold in cases:
        settings = {"PREFER_DATES_FROM": "past"}
        if anchor:
            settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(anchor[:10])
        try:
            parsed = dateparser.parse(text, languages=["ar"], settings=settings)
        except Exception:  # dateparser raises on some inputs; count as a miss
            parsed = None
        out.append(granular(parsed, gold))
    return out


def run_marsad(cases):
    cmd = ["cargo", "run", "--quiet", "--release", "-p", "marsad-time", "--example", "normalize_expressions"]
    payload = "".join(json.dumps({"text": t, "anchor": (a or "")[:10]}, ensure_ascii=False) + "\n" for a, t, _, _ in cases)
    res = subprocess.run(cmd, input=payload, capture_output=True, text=True, cwd=REPO)
    if res.returncode != 0:
        sys.exit(f"marsad example failed:\n{res.stderr[-2000:]}")
    out = []
    for line in res.stdout.splitlines():
        v = json.loads(line)
        out.append(None if v is None else v["value"])
    return out


def score(name, cases, values, show_misses):
    by_type = {}
    for (anchor, text, typ, gold), got in zip(cases, values):
        ok = got == gold
        right, total = by_type.get(typ, (0, 0))
        by_type[typ] = (right + ok, total + 1)
    right = sum(r for r, _ in by_type.values())
    total = sum(t for _, t in by_type.values())
    parts = ", ".join(f"{t} {r}/{n}" for t, (r, n) in sorted(by_type.items()))
    print(f"{name:<11} accuracy {right}/{total} = {100 * right / max(total, 1):.1f}%  ({parts})")
    # The fair subset for a date parser: gold values a datetime can express.
    fair = [(g, v) for (_, _, _, g), v in zip(cases, values) if granular(dt.datetime(2000, 1, 1), g) is not None]
    fair_right = sum(g == v for g, v in fair)
    print(f"{'':<11} on the {len(fair)} values a datetime can express: {fair_right}/{len(fair)} = {100 * fair_right / max(len(fair), 1):.1f}%")
    if show_misses:
        shown = 0
        for (anchor, text, typ, gold), got in zip(cases, values):
            if got != gold and shown < show_misses:
                print(f"    miss: [{anchor}] {text!r}: gold {gold}, got {got}")
                shown += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(REPO / "evals/time-place/gold.jsonl"))
    ap.add_argument("--demo", action="store_true", help="use the built-in cases instead of the gold file")
    ap.add_argument("--no-marsad", action="store_true", help="score dateparser only")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N")
    args = ap.parse_args()

    if args.demo:
        cases = DEMO
    elif pathlib.Path(args.gold).exists():
        cases = load_gold(args.gold)
    else:
        print(f"{args.gold} not found: using the built-in demo cases", file=sys.stderr)
        cases = DEMO
    print(f"{len(cases)} gold expressions")
    started = time.time()
    values = run_dateparser(cases)
    print(f"dateparser took {time.time() - started:.1f} s")
    score("dateparser", cases, values, args.show_misses)
    if not args.no_marsad:
        started = time.time()
        values = run_marsad(cases)
        print(f"marsad took {time.time() - started:.1f} s (including cargo)")
        score("marsad", cases, values, args.show_misses)


if __name__ == "__main__":
    main()
