#!/usr/bin/env python3
"""Print chosen articles (outlet and text) for annotating: show_article.py FROM TO."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_gold import ROOT, load_articles  # noqa: E402

shared = os.environ.get("SHARED", os.path.join(ROOT, "..", "..", "..", "shared"))
wanted, found = load_articles(shared)
ids = list(wanted)
lo, hi = int(sys.argv[1]), int(sys.argv[2])
for ident in ids[lo:hi]:
    corpus, outlet, text = found[ident]
    print(f"## {ident}\n# {corpus} {outlet}\n{text}\n")
