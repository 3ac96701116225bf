#!/usr/bin/env python3
"""Choose the articles of the entity evaluation set, reproducibly.

Reads ../shared/data/news/*.jsonl (never copied into the repo) and prints one
line per chosen article: corpus, id, outlet, topic, length. The choice is a
deterministic function of the data, SEED and the ids of the other sets:

1. keep articles whose body is 500..1500 code points, drop near-duplicate
   reposts (same first 200 characters) and every article already in
   evals/time-place, evals/events or evals/quotes-claims;
2. give each a topic (politics / security / economy / sport / culture) by
   keyword counts; keep those whose topic has at least 2 keyword hits;
3. per outlet, order candidates by sha256(SEED + id) and take them
   round-robin over topics until the outlet's quota is met.

Usage: select_articles.py [--shared ../shared] > evals/entities/articles.tsv
"""
import argparse
import hashlib
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
EVALS = os.path.dirname(os.path.dirname(HERE))
SEED = "marsad-entities-v1"
QUOTAS = {  # (corpus, outlet) -> number of articles
    ("ant", "BBC"): 6,
    ("ant", "CNN"): 6,
    ("ant", "france24"): 6,
    ("ant", "skynews"): 7,
    ("saudinewsnet", "aawsat"): 12,
    ("saudinewsnet", "was"): 5,
}
MIN_LEN, MAX_LEN, MIN_TOPIC_HITS = 500, 1500, 2
TOPICS = {
    "politics": r"رئيس|وزير|انتخاب|حكومة|برلمان|مفاوضات|اتفاق|قمة|سفير|حزب",
    "security": r"قتل|هجوم|قصف|غارة|عسكري|مسلح|انفجار|اشتباك|إرهاب|داعش|صاروخ",
    "economy": r"اقتصاد|نفط|أسعار|استثمار|مليار|بنك|تجار|سوق|ميزانية|صادرات|شركة",
    "sport": r"مباراة|منتخب|بطولة|لاعب|كأس|دوري|نادي|الفيفا|أولمبي|هدف",
    "culture": r"مهرجان|فيلم|فنان|ثقاف|رواية|مسرح|معرض|متحف|أغنية|تراث|كتاب",
}


def used_ids():
    """Ids of the articles the other evaluation sets already hold."""
    ids = set()
    for path in ("time-place/articles.tsv", "events/articles.tsv"):
        with open(os.path.join(EVALS, path), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#") and line.strip():
                    ids.add(line.split("\t")[1])
    for path in ("quotes-claims/ids.txt", "quotes-claims/test-ids.txt"):
        with open(os.path.join(EVALS, path), encoding="utf-8") as f:
            ids.update(w for line in f if not line.startswith("#") for w in line.split())
    return ids


def load(shared):
    news = os.path.join(shared, "data", "news")
    with open(os.path.join(news, "ant-middle-east-2018.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            yield "ant", d["src"], d["docno"], d["text"]
    with open(os.path.join(news, "saudinewsnet-2015-aawsat-spa.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            yield "saudinewsnet", d["source"], d["url"], d["content"]


def topic_of(text):
    counts = {t: len(re.findall(p, text)) for t, p in TOPICS.items()}
    best = max(sorted(counts), key=lambda t: counts[t])
    return best, counts[best]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args()
    used = used_ids()
    strata, seen_texts, seen_ids = {}, set(), set()
    for corpus, outlet, ident, text in load(args.shared):
        if (corpus, outlet) not in QUOTAS or not (MIN_LEN <= len(text) <= MAX_LEN):
            continue
        key = text.strip()[:200]
        if key in seen_texts or ident in used or ident in seen_ids:
            continue
        seen_texts.add(key)
        seen_ids.add(ident)
        topic, hits = topic_of(text)
        if hits < MIN_TOPIC_HITS:
            continue
        rank = hashlib.sha256((SEED + ident).encode("utf-8")).hexdigest()
        strata.setdefault((corpus, outlet), []).append((rank, corpus, outlet, ident, topic, len(text)))
    print("# corpus\tid\toutlet\ttopic\tlength  (written by tools/select_articles.py; do not edit)")
    for stratum in sorted(QUOTAS):
        cands = sorted(strata.get(stratum, []))
        by_topic = {t: [c for c in cands if c[4] == t] for t in sorted(TOPICS)}
        chosen = []
        while len(chosen) < QUOTAS[stratum] and any(by_topic.values()):
            for t in sorted(TOPICS):
                if by_topic[t] and len(chosen) < QUOTAS[stratum]:
                    chosen.append(by_topic[t].pop(0))
        for _, corpus, outlet, ident, topic, length in chosen:
            print(f"{corpus}\t{ident}\t{outlet}\t{topic}\t{length}")


if __name__ == "__main__":
    main()
