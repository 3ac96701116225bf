#!/usr/bin/env python3
"""Annotator's check: list cue words that no gold span covers, per article, so
a reviewer can confirm each is rightly left out (a nisba adjective, an
anaphor, a title) or add a mention to annotations.txt.

Cues: names in the tagger's name lists (crates/marsad-ner/data: places,
organisations, MISC names; lists written by us, not system output on these
articles), a titled word or a word after a verb of saying, an organisation or
place head noun, and «quoted» or "quoted" text.
Usage: audit_gold.py [--shared ../shared]"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_gold import ROOT, load_articles  # noqa: E402

REPO = os.path.dirname(os.path.dirname(ROOT))
LISTS = ("places.tsv", "organizations.tsv", "org-names.tsv", "misc-names.tsv")
CONTEXT = (
    r"(?:قال|قالت|أعلن|أعلنت|أكد|أكدت|أضاف|أضافت|أوضح|ذكر|ذكرت|كشف|نفى"
    r"|الرئيس|الأمير|الملك|الشيخ|الدكتور|الدكتورة|السيد|الوزير|الجنرال|اللواء|العقيد|المقدم"
    r"|المدرب|اللاعب|الممثل|الكاتب|المخرج|المطربة|الفنانة|المغنية|المحترف|للكاتب|للمؤلف|للمخرج"
    r"|وزارة|هيئة|مجلس|جامعة|شركة|حزب|وكالة|منظمة|حركة|تنظيم|صحيفة|قناة|محكمة|نادي|منتخب"
    r"|اتحاد|الاتحاد|لجنة|مؤسسة|جمعية|مدينة|محافظة|منطقة|ولاية|قاعدة|مطار|ميناء|مهرجان|جائزة|كأس|موقع)"
)
CUE_AFTER = re.compile(r"(?<![\u0621-\u064A])[وفبل]?" + CONTEXT + r"\s+([^\s،,.:\"«»()]+)")
QUOTED = re.compile(r"«([^»]{1,60})»|\"([^\"]{1,60})\"")


def names():
    out = set()
    for name in LISTS:
        with open(os.path.join(REPO, "crates", "marsad-ner", "data", name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                form = line.split("\t")[0].strip()
                if len(form) >= 3:
                    out.add(form)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "..", "..", "shared"))
    args = ap.parse_args()
    _, found = load_articles(args.shared)
    forms = re.compile(
        r"(?<![\u0621-\u064A])[وفبلك]?("
        + "|".join(sorted((re.escape(f) for f in names()), key=len, reverse=True))
        + r")(?![\u0621-\u064A])"
    )
    with open(os.path.join(ROOT, "gold.jsonl"), encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            text = found[g["id"]][2]
            covered = [(e["start"], e["end"]) for e in g["entities"]]
            seen = set()
            for kind, rx, group in (("list", forms, 1), ("after", CUE_AFTER, 1), ("quoted", QUOTED, 0)):
                for m in rx.finditer(text):
                    if group:
                        s, e = m.start(group), m.end(group)
                    else:
                        s, e = m.start(), m.end()
                    if any(a < e and s < b for a, b in covered) or (s, e) in seen:
                        continue
                    seen.add((s, e))
                    ctx = text[max(0, s - 25):e + 25].replace("\n", " ")
                    print(f"{g['id'][-40:]}\t{kind}\t{text[s:e]}\t…{ctx}…")


if __name__ == "__main__":
    main()
