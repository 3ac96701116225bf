#!/usr/bin/env python3
"""Annotator's check: list cue words that no gold span covers, per article, so
a reviewer can confirm each is rightly left out (e.g. a nisba adjective, a
club named after a city) or add it to annotations.txt.
Usage: audit_gold.py [--shared ../shared]"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_gold import ROOT, load_articles, load_places  # noqa: E402
from select_articles import PLACE_CUES, TIME_CUES  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--shared", default=os.path.join(ROOT, "..", "..", "..", "shared"))
args = ap.parse_args()
_, found = load_articles(args.shared)
_, by_form = load_places()
forms = re.compile("|".join(sorted((re.escape(f) for f in by_form), key=len, reverse=True)))
with open(os.path.join(ROOT, "gold.jsonl"), encoding="utf-8") as f:
    for line in f:
        g = json.loads(line)
        text = found[g["id"]][2]
        for layer, cue in (("times", TIME_CUES), ("places", PLACE_CUES), ("places", forms)):
            covered = [(x["start"], x["end"]) for x in g[layer]]
            for m in cue.finditer(text):
                if not any(s < m.end() and m.start() < e for s, e in covered):
                    ctx = text[max(0, m.start() - 25):m.end() + 25].replace("\n", " ")
                    print(f"{g['id'][:40]}\t{layer}\t{m.group()}\t…{ctx}…")
