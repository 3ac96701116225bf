#!/usr/bin/env python3
"""Baseline for Marsad's NER: a CRF (python-crfsuite, L-BFGS) with standard
features, on the same ANERcorp train/dev split as the Rust tagger (every 10th
sentence of the train file is dev). Prints conlleval-style per-type F1 on dev
and tagging speed, to compare with

    cargo run --release -p marsad-ner --example ner -- devsplit ../shared/data/ner/anercorp-train.conll

Usage: pip install -r scripts/requirements-ner-baseline.txt
       python3 scripts/ner_baseline.py [../shared/data/ner/anercorp-train.conll]
"""
import sys
import time

import pycrfsuite

DEV_EVERY = 10


def read_conll(path):
    sentences, current = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols:
                if current:
                    sentences.append(current)
                    current = []
                continue
            current.append((cols[0], cols[-1]))
    if current:
        sentences.append(current)
    return sentences


def word_features(words, i):
    w = words[i]
    f = [
        "bias",
        "w=" + w,
        "p1=" + w[:1], "p2=" + w[:2], "p3=" + w[:3],
        "s1=" + w[-1:], "s2=" + w[-2:], "s3=" + w[-3:],
        "digit=%s" % w.isdigit(),
        "al=%s" % w.startswith("ال"),
        "len=%d" % min(len(w), 10),
    ]
    for off in (-2, -1, 1, 2):
        j = i + off
        ctx = words[j] if 0 <= j < len(words) else ("<S>" if j < 0 else "</S>")
        f.append("w[%d]=%s" % (off, ctx))
    if i > 0:
        f.append("w[-1]|w=%s|%s" % (words[i - 1], w))
    if i + 1 < len(words):
        f.append("w|w[+1]=%s|%s" % (w, words[i + 1]))
    return f


def sentence_features(sentence):
    words = [w for w, _ in sentence]
    return [word_features(words, i) for i in range(len(words))]


def chunks(tags):
    """Chunks by conlleval's rules for IOB tags: (type, start, end)."""
    out, start, prev_tag, prev_type = [], None, "O", ""
    for i, tag in enumerate(list(tags) + ["O"]):
        t, ty = (tag.split("-", 1) + [""])[:2] if tag != "O" else ("O", "")
        end = (prev_tag, t) in {("B", "B"), ("B", "O"), ("I", "B"), ("I", "O")} or (
            prev_tag != "O" and prev_type != ty)
        begin = (prev_tag, t) in {("B", "B"), ("I", "B"), ("O", "B"), ("O", "I")} or (
            t != "O" and prev_type != ty)
        if end and start is not None:
            out.append((prev_type, start, i))
            start = None
        if begin:
            start = i
        prev_tag, prev_type = t, ty
    return out


def evaluate(gold, pred):
    stats = {}
    for g, p in zip(gold, pred):
        gc, pc = set(chunks(g)), set(chunks(p))
        for ty, *_ in gc:
            stats.setdefault(ty, [0, 0, 0])[0] += 1
        for c in pc:
            s = stats.setdefault(c[0], [0, 0, 0])
            s[1] += 1
            s[2] += c in gc
    return stats


def f1(gold, found, correct):
    p = correct / found if found else 0.0
    r = correct / gold if gold else 0.0
    return 100 * p, 100 * r, (200 * p * r / (p + r) if p + r else 0.0)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ner/anercorp-train.conll"
    sentences = read_conll(path)
    train = [s for i, s in enumerate(sentences) if i % DEV_EVERY != DEV_EVERY - 1]
    dev = [s for i, s in enumerate(sentences) if i % DEV_EVERY == DEV_EVERY - 1]
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in train:
        trainer.append(sentence_features(s), [t for _, t in s])
    trainer.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 100,
                        "feature.possible_transitions": True})
    started = time.time()
    model_path = "/tmp/marsad-ner-baseline.crfsuite"
    trainer.train(model_path)
    train_secs = time.time() - started
    tagger = pycrfsuite.Tagger()
    tagger.open(model_path)
    started = time.time()
    feats = [sentence_features(s) for s in dev]
    pred = [tagger.tag(f) for f in feats]
    tag_secs = time.time() - started
    gold = [[t for _, t in s] for s in dev]
    stats = evaluate(gold, pred)
    total = [sum(v[k] for v in stats.values()) for k in range(3)]
    tokens = sum(len(s) for s in dev)
    print("python-crfsuite baseline: train %d sentences in %.1fs; dev %d sentences, %d tokens"
          % (len(train), train_secs, len(dev), tokens))
    print("overall: precision %.2f%% recall %.2f%% FB1 %.2f" % f1(*total))
    for ty in sorted(stats):
        print("%17s: precision %6.2f%% recall %6.2f%% FB1 %6.2f" % ((ty,) + f1(*stats[ty])))
    print("tagging (features + Viterbi): %.0f tokens/s" % (tokens / tag_secs))


if __name__ == "__main__":
    main()
