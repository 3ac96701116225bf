#!/usr/bin/env python3
"""Print chosen articles (reference date and text) for annotating: show_article.py FROM TO."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_gold import load_articles  # noqa: E402

shared = os.environ.get("SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared"))
wanted, found = load_articles(shared)
ids = list(wanted)
lo, hi = int(sys.argv[1]), int(sys.argv[2])
for ident in ids[lo:hi]:
    corpus, date, text = found[ident]
    wd = __import__("datetime").date.fromisoformat(date).strftime("%A")
    print(f"## {ident}\n# date {date} ({wd})\n{text}\n")
