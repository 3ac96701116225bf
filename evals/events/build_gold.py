#!/usr/bin/env python3
"""Turns the hand annotations (annotations.txt) into gold.jsonl with exact
code point offsets, verifying every span against the article text.

annotations.txt holds no article text beyond the annotated spans themselves:
  ## <article index in articles.tsv>
  <event_id> <TYPE>[/<mode>] | <trigger>[#n] [| A: <actor>] [| R: <recipient>] [| neg] [| plan]
The trigger is a whole word or phrase as written (proclitics و ف ب ل ك left
outside the span). Without #n it is looked up after the previous trigger of the
same article (annotations are written in text order); #n picks the
n-th whole-word occurrence in the article. Actor and recipient spans take the
whole-word occurrence nearest to the trigger; #n works for them too.
Usage: python3 evals/events/build_gold.py [--shared ../shared]
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
PROCLITICS = "وفبلك"


def is_letter(ch):
    return ch.isalpha() or "\u064b" <= ch <= "\u065f" or ch == "\u0640"


def word_occurrences(text, s):
    """Start offsets of `s` as whole words: preceded by a non-letter or by up
    to two proclitic letters that themselves follow a non-letter."""
    out = []
    for m in re.finditer(re.escape(s), text):
        a, b = m.start(), m.end()
        if b < len(text) and is_letter(text[b]):
            continue
        k = a
        while k > 0 and a - k < 2 and text[k - 1] in PROCLITICS:
            k -= 1
        ok = False
        for j in range(k, a + 1):
            if (j == 0 or not is_letter(text[j - 1])) and all(c in PROCLITICS for c in text[j:a]):
                ok = True
                break
        if ok:
            out.append(a)
    return out


def split_nth(s):
    m = re.fullmatch(r"(.*?)#(\d+)", s)
    return (m.group(1), int(m.group(2))) if m else (s, None)


def load_texts(shared, rows):
    want = {r[1] for r in rows}
    texts = {}
    news = os.path.join(shared, "data", "news")
    for name, idk, tk in (("ant-middle-east-2018.jsonl", "docno", "text"),
                          ("saudinewsnet-2015-aawsat-spa.jsonl", "url", "content")):
        with open(os.path.join(news, name), encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if a[idk] in want and a[idk] not in texts:
                    texts[a[idk]] = a[tk]
    return texts


def iso_date(corpus, raw):
    if corpus == "snn":
        return raw[:10]
    from email.utils import parsedate_to_datetime
    return parsedate_to_datetime(raw).date().isoformat()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args()
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(HERE, "articles.tsv"), encoding="utf-8")
            if not l.startswith("#")]
    texts = load_texts(args.shared, rows)
    blocks = {}
    cur = None
    for n, line in enumerate(open(os.path.join(HERE, "annotations.txt"), encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("##"):
            cur = int(line[2:].split()[0])
            blocks.setdefault(cur, [])
            continue
        blocks[cur].append((n, line))
    errors = []
    out = []
    for i, (corpus, ident, date, _) in enumerate(rows):
        text = texts[ident]
        events = []
        cursor = -1
        for n, line in blocks.get(i, []):
            parts = [p.strip() for p in line.split("|")]
            head = parts[0].split()
            eid, typ = head[0], head[1]
            typ, _, mode = typ.partition("/")
            if typ not in TYPES:
                errors.append(f"line {n}: unknown type {typ}")
                continue
            trig, nth = split_nth(parts[1])
            occ = word_occurrences(text, trig)
            if nth is not None:
                pos = occ[nth - 1] if len(occ) >= nth else None
            else:
                # strictly after the previous trigger: two mentions never share a span
                after = [o for o in occ if o > cursor]
                pos = after[0] if after else None
            if pos is None:
                errors.append(f"line {n}: trigger {trig!r} not found (occurrences {occ}, cursor {cursor})")
                continue
            cursor = pos
            ev = {"event_id": eid, "type": typ}
            if mode:
                ev["mode"] = mode
            ev["trigger"] = {"start": pos, "end": pos + len(trig), "text": trig}
            flags = set()
            for p in parts[2:]:
                if p[:2] in ("A:", "R:"):
                    span, k = split_nth(p[2:].strip())
                    so = word_occurrences(text, span)
                    if not so:
                        errors.append(f"line {n}: span {span!r} not found")
                        continue
                    s = so[k - 1] if k else min(so, key=lambda o: abs(o - pos))
                    ev["actor" if p[0] == "A" else "recipient"] = {"start": s, "end": s + len(span), "text": span}
                elif p in ("neg", "plan"):
                    flags.add(p)
                else:
                    errors.append(f"line {n}: unknown field {p!r}")
            ev["negated"] = "neg" in flags
            ev["planned"] = "plan" in flags
            for key in ("trigger", "actor", "recipient"):
                if key in ev:
                    sp = ev[key]
                    assert text[sp["start"]:sp["end"]] == sp["text"]
            events.append(ev)
        out.append({"id": ident, "corpus": corpus, "date": iso_date(corpus, date), "events": events})
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    with open(os.path.join(HERE, "gold.jsonl"), "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False, sort_keys=False) + "\n")
    total = sum(len(o["events"]) for o in out)
    print(f"{len(out)} articles, {total} event mentions -> gold.jsonl", file=sys.stderr)


if __name__ == "__main__":
    main()
