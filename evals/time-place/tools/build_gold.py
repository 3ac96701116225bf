#!/usr/bin/env python3
"""Build evals/time-place/gold.jsonl from the hand annotations.

Inputs (all in evals/time-place/):
  annotations.txt  what we annotated, article by article (see README.md);
  places.tsv       the places we resolved: key, name, lat, lon, country, kind,
                   Arabic surface forms;
  articles.tsv     the chosen article ids (from select_articles.py).
The article texts are read from ../shared (never copied into the repo); this
script finds the code-point offsets of every annotated span in the text, checks
that text[start:end] equals the span, and fails loudly on any span it cannot
place, so the offsets in gold.jsonl are exact.

annotations.txt syntax, one line each:
  ## <article id>
  T <span> | <TYPE> | <value> [| <mod>] [@<n>|*]
  P <span> [= <place key>] [@<n>|*]
  # comment
A span line claims the first occurrence of <span> (as a whole word, possibly
after the proclitics و ف ب ل ك) that no earlier line of the same layer
claimed; `@n` picks the n-th occurrence (1-based) instead and `*` claims every
remaining one. Longer spans are placed first, so a short span never lands
inside a longer one of the same layer.

Usage: build_gold.py [--shared ../shared] [--check]  (--check: print counts only)
"""
import argparse
import datetime
import email.utils
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ARABIC_LETTER = re.compile(r"[\u0621-\u063F\u0641-\u064A\u0671-\u06D3\u06FA-\u06FFA-Za-z0-9\u0660-\u0669]")
PROCLITIC = set("وفبلك")
TYPES = {"DATE", "TIME", "DURATION", "SET"}
MODS = {"START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE",
        "ON_OR_AFTER", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"}
KINDS = {"country", "admin1", "admin2", "city", "facility", "region", "water", "other"}


def load_articles(shared):
    wanted = {}
    with open(os.path.join(ROOT, "articles.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            corpus, ident = line.rstrip("\n").split("\t")[:2]
            wanted[ident] = corpus
    found = {}
    news = os.path.join(shared, "data", "news")
    with open(os.path.join(news, "ant-middle-east-2018.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["docno"] in wanted:
                date = email.utils.parsedate_to_datetime(d["time"]).date().isoformat()
                found[d["docno"]] = ("ant", date, d["text"])
    with open(os.path.join(news, "saudinewsnet-2015-aawsat-spa.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["url"] in wanted and d["url"] not in found:
                found[d["url"]] = ("saudinewsnet", d["date_extracted"][:10], d["content"])
    missing = set(wanted) - set(found)
    if missing:
        sys.exit(f"articles not found in {shared}: {sorted(missing)}")
    return wanted, found


def load_places():
    places, by_form = {}, {}
    with open(os.path.join(ROOT, "places.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            key, name, lat, lon, country, kind, forms = line.rstrip("\n").split("\t")
            if kind not in KINDS:
                sys.exit(f"places.tsv:{n}: bad kind {kind}")
            places[key] = {"name": name, "lat": float(lat), "lon": float(lon),
                           "country": country, "kind": kind}
            for form in forms.split("|"):
                if form in by_form and by_form[form] != key:
                    sys.exit(f"places.tsv:{n}: form {form} already means {by_form[form]}")
                by_form[form] = key
    return places, by_form


def occurrences(text, span):
    """Start offsets of span in text as a whole word (proclitics allowed before)."""
    out, i = [], text.find(span)
    while i >= 0:
        j = i
        while j > 0 and text[j - 1] in PROCLITIC and i - j < 3:
            j -= 1
        # the span must start a word, or follow only proclitics at a word start
        starts_word = i == 0 or not ARABIC_LETTER.match(text[i - 1]) or (
            j < i and (j == 0 or not ARABIC_LETTER.match(text[j - 1])))
        end = i + len(span)
        ends_word = end == len(text) or not ARABIC_LETTER.match(text[end])
        if starts_word and ends_word:
            out.append(i)
        i = text.find(span, i + 1)
    return out


def parse(path):
    arts, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or (line.startswith("#") and not line.startswith("## ")):
                continue
            if line.startswith("## "):
                cur = line[3:].strip()
                arts[cur] = []
                continue
            which = "all" if line.endswith(" *") else None
            m = re.search(r" @(\d+)$", line)
            if m:
                which = int(m.group(1))
                line = line[: m.start()]
            elif which == "all":
                line = line[:-2]
            arts[cur].append((n, line[0], line[2:].strip(), which))
    return arts


def place_line(text, claimed, span, which, n, ident):
    starts = occurrences(text, span)
    free = [s for s in starts if not any(s < e and s + len(span) > b for b, e in claimed)]
    if which == "all":
        picked = free
    elif isinstance(which, int):
        picked = [starts[which - 1]] if which <= len(starts) else []
    else:
        picked = free[:1]
    if not picked:
        sys.exit(f"annotations.txt:{n}: span {span!r} not found (free) in {ident}")
    for s in picked:
        claimed.append((s, s + len(span)))
    return picked


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "..", "..", "shared"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    wanted, found = load_articles(args.shared)
    places, by_form = load_places()
    arts = parse(os.path.join(ROOT, "annotations.txt"))
    out, nt, np_ = [], 0, 0
    for ident in wanted:  # articles.tsv order
        if ident not in arts:
            continue
        corpus, date, text = found[ident]
        times, plcs = [], []
        tclaimed, pclaimed = [], []
        lines = sorted(arts[ident], key=lambda x: -len(x[2].split("|")[0].split("=")[0].strip()))
        for n, kind, body, which in lines:
            if kind == "T":
                parts = [p.strip() for p in body.split("|")]
                span, typ, value = parts[0], parts[1], parts[2]
                mod = parts[3] if len(parts) > 3 else None
                if typ not in TYPES or (mod and mod not in MODS):
                    sys.exit(f"annotations.txt:{n}: bad type/mod")
                for s in place_line(text, tclaimed, span, which, n, ident):
                    t = {"start": s, "end": s + len(span), "text": span, "type": typ, "value": value}
                    if mod:
                        t["mod"] = mod
                    times.append(t)
            elif kind == "P":
                span, _, key = (p.strip() for p in body.partition("="))
                key = key or by_form.get(span)
                if key not in places:
                    sys.exit(f"annotations.txt:{n}: unknown place {span!r} / key {key!r}")
                for s in place_line(text, pclaimed, span, which, n, ident):
                    p = {"start": s, "end": s + len(span), "text": span}
                    p.update({k: places[key][k] for k in ("lat", "lon", "country", "kind", "name")})
                    plcs.append(p)
            else:
                sys.exit(f"annotations.txt:{n}: line must start with T or P")
        for x in times + plcs:
            assert text[x["start"]:x["end"]] == x["text"], (ident, x)
        times.sort(key=lambda x: (x["start"], x["end"]))
        plcs.sort(key=lambda x: (x["start"], x["end"]))
        nt += len(times)
        np_ += len(plcs)
        out.append({"id": ident, "corpus": corpus, "date": date, "times": times, "places": plcs})
    print(f"{len(out)} articles, {nt} time expressions, {np_} place mentions", file=sys.stderr)
    if not args.check:
        with open(os.path.join(ROOT, "gold.jsonl"), "w", encoding="utf-8") as f:
            for o in out:
                f.write(json.dumps(o, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
