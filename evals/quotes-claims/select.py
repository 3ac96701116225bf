#!/usr/bin/env python3
"""Deterministic selection of the quotes-claims dev set.

Reads the two news corpora from ../shared (never copied into the repo) and
prints the ids of the selected articles, one a line: the 16 articles of each
corpus with the smallest SHA-256 of their id among those whose body is 400 to
2,500 code points long (short enough to annotate exhaustively, long enough to
hold quotes). `--split test` prints the next 6 of each corpus: a test split
annotated after the rules were frozen, never used for tuning. Ids: ANT's `docno`; SaudiNewsNet has none, so `sns:<line>`
(1-based line of the JSONL file).

    python3 evals/quotes-claims/select.py --shared ../shared > evals/quotes-claims/ids.txt
    python3 evals/quotes-claims/select.py --shared ../shared --split test > evals/quotes-claims/test-ids.txt
"""
import argparse, hashlib, json, os

PER_CORPUS = 16
TEST_PER_CORPUS = 6
MIN_CHARS, MAX_CHARS = 400, 2500


def articles(shared):
    news = os.path.join(shared, "data", "news")
    with open(os.path.join(news, "ant-middle-east-2018.jsonl"), encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            yield "ant", a["docno"], a.get("text") or ""
    with open(os.path.join(news, "saudinewsnet-2015-aawsat-spa.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            a = json.loads(line)
            yield "sns", f"sns:{n}", a.get("content") or ""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--shared", default="../shared")
    p.add_argument("--split", choices=["dev", "test"], default="dev")
    args = p.parse_args()
    pools = {"ant": [], "sns": []}
    for corpus, ident, text in articles(args.shared):
        if MIN_CHARS <= len(text) <= MAX_CHARS:
            pools[corpus].append((hashlib.sha256(ident.encode()).hexdigest(), ident))
    for corpus in ("ant", "sns"):
        ranked = sorted(pools[corpus])
        chosen = ranked[:PER_CORPUS] if args.split == "dev" else ranked[PER_CORPUS : PER_CORPUS + TEST_PER_CORPUS]
        for _, ident in chosen:
            print(ident)


if __name__ == "__main__":
    main()
