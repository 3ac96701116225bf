#!/usr/bin/env python3
"""Derive crates/marsad-ner/data/locations.tsv (a place-name gazetteer used as
NER features) from ../shared gazetteers that allow derived tables:
country names (i18n-iso-countries, MIT) and GeoNames cities500 (CC BY 4.0).

Run from the repository root:  python3 crates/marsad-ner/scripts/make_locations.py
"""
import json
import re
import sys
from pathlib import Path

SHARED = Path("../shared/data/gazetteer")
OUT = Path("crates/marsad-ner/data/locations.tsv")
ARABIC_LETTERS = re.compile(r"^[\u0621-\u064A\u0671 ]+$")
# Persian/Urdu-only letters: those forms are not Arabic spellings.
NON_ARABIC = re.compile(r"[\u067E\u0686\u0698\u06A9\u06AF\u06CC\u06BE\u06C1\u06D2]")


def keep(name: str) -> bool:
    name = name.strip()
    return (
        2 <= len(name) <= 40
        and ARABIC_LETTERS.match(name) is not None
        and NON_ARABIC.search(name) is None
        and len(name.split()) <= 4
    )


def main() -> int:
    names = set()
    countries = json.loads((SHARED / "country-names/ar.json").read_text())["countries"]
    for value in countries.values():
        for name in value if isinstance(value, list) else [value]:
            if keep(name):
                names.add(name.strip())
    # Cities: the region's towns of some size, and the world's big cities.
    for file, min_population in [
        ("cities500_mena_arabic_names.tsv", 20000),
        ("cities500_world_with_arabic_script_names.tsv", 300000),
    ]:
        with open(SHARED / "geonames-cities500" / file, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            pop_col = header.index("population")
            ar_col = header.index("arabic_script_names")
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if int(cols[pop_col] or 0) < min_population:
                    continue
                for name in cols[ar_col].split("|"):
                    if keep(name):
                        names.add(name.strip())
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# Place names used as NER gazetteer features (one name a line, sorted).\n")
        out.write("# Derived by crates/marsad-ner/scripts/make_locations.py from country names\n")
        out.write("# (npm i18n-iso-countries, MIT) and GeoNames cities500 (CC BY 4.0, geonames.org).\n")
        out.write("# Licence of this table: CC BY 4.0 (attribution: GeoNames).\n")
        for name in sorted(names):
            out.write(name + "\n")
    print(f"wrote {len(names)} names to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
