#!/usr/bin/env python3
"""Build evals/entities/gold.jsonl from the hand annotations.

Inputs (in evals/entities/): annotations.txt (what we annotated, article by
article; see README.md) and articles.tsv (the chosen ids, from
select_articles.py). The article texts are read from ../shared (never copied
into the repo); this script finds the code-point offsets of every annotated
span, checks that text[start:end] equals the span, and fails loudly on any
span it cannot place, so the offsets in gold.jsonl are exact.

annotations.txt syntax, one line each:
  ## <article id>
  <LABEL> <span> [@<n>|*]      LABEL: PER ORG LOC MISC
  # comment
A span line claims the first occurrence of <span> (as a whole word, possibly
after the proclitics و ف ب ل ك) that no earlier line claimed; `@n` picks the
n-th occurrence (1-based) instead and `*` claims every remaining free one.
Longer spans are placed first, so a short span never lands inside a longer
one; entity spans never overlap.

Usage: build_gold.py [--shared ../shared] [--check]  (--check: print counts only)
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ARABIC_LETTER = re.compile(r"[\u0621-\u063F\u0641-\u064A\u0671-\u06D3\u06FA-\u06FFA-Za-z0-9\u0660-\u0669]")
PROCLITIC = set("وفبلك")
LABELS = ("PER", "ORG", "LOC", "MISC")


def load_articles(shared):
    """The chosen ids (articles.tsv order) and id -> (corpus, outlet, text)."""
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
                found[d["docno"]] = ("ant", d["src"], d["text"])
    with open(os.path.join(news, "saudinewsnet-2015-aawsat-spa.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["url"] in wanted and d["url"] not in found:
                found[d["url"]] = ("saudinewsnet", d["source"], d["content"])
    missing = set(wanted) - set(found)
    if missing:
        sys.exit(f"articles not found in {shared}: {sorted(missing)}")
    return wanted, found


def occurrences(text, span):
    """Start offsets of span in text as a whole word (proclitics allowed before)."""
    out, i = [], text.find(span)
    while i >= 0:
        j = i
        while j > 0 and text[j - 1] in PROCLITIC and i - j < 3:
            j -= 1
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
                if cur in arts:
                    sys.exit(f"annotations.txt:{n}: article {cur} twice")
                arts[cur] = []
                continue
            if cur is None:
                sys.exit(f"annotations.txt:{n}: span before the first ## line")
            which = None
            m = re.search(r" @(\d+)$", line)
            if m:
                which = int(m.group(1))
                line = line[: m.start()]
            elif line.endswith(" *"):
                which = "all"
                line = line[:-2]
            label, _, span = line.partition(" ")
            if label not in LABELS or not span.strip():
                sys.exit(f"annotations.txt:{n}: expected LABEL span, got {raw.strip()!r}")
            arts[cur].append((n, label, span.strip(), which))
    return arts


def place_line(text, claimed, span, which, n, ident):
    starts = occurrences(text, span)
    free = [s for s in starts if not any(s < e and s + len(span) > b for b, e in claimed)]
    if which == "all":
        picked = free
    elif isinstance(which, int):
        picked = [starts[which - 1]] if which <= len(starts) and starts[which - 1] in free else []
    else:
        picked = free[:1]
    if not picked:
        sys.exit(f"annotations.txt:{n}: span {span!r} not found (free) in {ident}")
    for s in picked:
        claimed.append((s, s + len(span)))
    return picked


def build(shared):
    wanted, found = load_articles(shared)
    arts = parse(os.path.join(ROOT, "annotations.txt"))
    unknown = set(arts) - set(wanted)
    if unknown:
        sys.exit(f"annotations.txt: articles not in articles.tsv: {sorted(unknown)}")
    out = []
    for ident in wanted:  # articles.tsv order
        if ident not in arts:
            continue
        corpus, outlet, text = found[ident]
        ents, claimed = [], []
        for n, label, span, which in sorted(arts[ident], key=lambda x: -len(x[2])):
            for s in place_line(text, claimed, span, which, n, ident):
                ents.append({"start": s, "end": s + len(span), "text": span, "label": label})
        for e in ents:
            assert text[e["start"]:e["end"]] == e["text"], (ident, e)
        ents.sort(key=lambda e: (e["start"], e["end"]))
        out.append({"id": ident, "corpus": corpus, "outlet": outlet, "entities": ents})
    return out, found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "..", "..", "shared"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    out, _ = build(args.shared)
    counts = {label: 0 for label in LABELS}
    for o in out:
        for e in o["entities"]:
            counts[e["label"]] += 1
    total = sum(counts.values())
    detail = ", ".join(f"{label} {counts[label]}" for label in LABELS)
    print(f"{len(out)} articles, {total} entity mentions ({detail})", file=sys.stderr)
    if not args.check:
        with open(os.path.join(ROOT, "gold.jsonl"), "w", encoding="utf-8") as f:
            for o in out:
                f.write(json.dumps(o, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
