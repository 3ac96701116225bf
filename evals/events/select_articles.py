#!/usr/bin/env python3
"""Deterministic selection of the event dev-set articles.

Reads the two news corpora from ../shared (never copies text into the repo)
and writes evals/events/articles.tsv: corpus, id, date, length in code points.

Selection rule (fixed, seeded, blind to Marsad's output):
  * body length between MIN_LEN and MAX_LEN code points (short enough to
    annotate by hand exhaustively, long enough to hold several events);
  * "event-rich": the title plus the first 400 characters contain at least
    MIN_CUES distinct cue stems from EVENT_CUES (political, security and
    economic vocabulary across PLOVER categories);
  * stratified by outlet; within each stratum a seeded shuffle (SEED) picks
    QUOTA articles.
Usage: python3 evals/events/select_articles.py [--shared ../shared]
"""
import argparse
import hashlib
import json
import os
import sys

SEED = "marsad-events-dev-2026"
MIN_LEN, MAX_LEN = 450, 1300
MIN_CUES = 2
# Stems matched as substrings: a mix of every PLOVER family so that no one
# type dominates the selection.
EVENT_CUES = sorted([
    "اتفاق", "اتهم", "احتج", "اعتقال", "اعتقل", "اغتيال", "انسحاب", "انفجار",
    "تظاهر", "تفجير", "تهديد", "هدد", "حصار", "دعم", "رفض", "زيارة", "زار",
    "عقوبات", "غارة", "غارات", "قصف", "قتل", "مقتل", "مساعدات", "محادثات",
    "مفاوضات", "هجوم", "ندد", "أدان", "إدانة", "طالب", "دعا", "اشتباك",
    "معارك", "هدنة", "وقف إطلاق", "صواريخ", "استهدف", "حظر", "طرد", "ترحيل",
    "إضراب", "مظاهرات", "احتجاجات", "تعاون", "اجتماع", "التقى", "استقبل",
    "سحب", "نشر", "أعدم", "إعدام", "تجميد", "تحقيق", "محاكمة", "سجن",
])
# (corpus, outlet field value) -> number of articles
QUOTAS = {
    ("ant", "BBC"): 6,
    ("ant", "CNN"): 6,
    ("ant", "france24"): 6,
    ("ant", "skynews"): 6,
    ("snn", "aawsat"): 12,
    ("snn", "was"): 4,
}
# A second draw, appended after the first so that the first 40 rows (and the
# annotations keyed by row) never move: the next articles of each stratum's
# seeded order, added when the first 40 held too few event mentions.
EXTRA_QUOTAS = {
    ("ant", "BBC"): 1,
    ("ant", "CNN"): 1,
    ("ant", "france24"): 1,
    ("ant", "skynews"): 1,
    ("snn", "aawsat"): 2,
}


def seeded_key(ident):
    return hashlib.sha256((SEED + "\x00" + ident).encode()).hexdigest()


def cue_count(title, body):
    window = title + " " + body[:400]
    return sum(1 for cue in EVENT_CUES if cue in window)


def load(shared):
    news = os.path.join(shared, "data", "news")
    with open(os.path.join(news, "ant-middle-east-2018.jsonl"), encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            yield ("ant", a["src"], a["docno"], a["time"], a["title"], a["text"])
    with open(os.path.join(news, "saudinewsnet-2015-aawsat-spa.jsonl"), encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            yield ("snn", a["source"], a["url"], a["date_extracted"][:10], a["title"], a["content"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "articles.tsv"))
    args = ap.parse_args()
    strata = {k: [] for k in QUOTAS}
    seen = set()
    for corpus, outlet, ident, date, title, body in load(args.shared):
        key = (corpus, outlet)
        if key not in strata or ident in seen:
            continue
        seen.add(ident)
        if not (MIN_LEN <= len(body) <= MAX_LEN):
            continue
        if cue_count(title, body) < MIN_CUES:
            continue
        strata[key].append((seeded_key(ident), ident, date, len(body)))
    rows = []
    for draw in (QUOTAS, EXTRA_QUOTAS):
        for key, quota in draw.items():
            pool = sorted(strata[key])
            skip = QUOTAS[key] if draw is EXTRA_QUOTAS else 0
            if len(pool) < skip + quota:
                sys.exit(f"stratum {key}: only {len(pool)} eligible articles")
            for _, ident, date, n in pool[skip:skip + quota]:
                rows.append((key[0], ident, date, n))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# corpus\tid\tdate\tchars  (written by evals/events/select_articles.py; do not edit)\n")
        for r in rows:
            f.write("\t".join(map(str, r)) + "\n")
    print(f"{len(rows)} articles -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
