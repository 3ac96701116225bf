#!/usr/bin/env python3
"""Annotator's aid: list gazetteer candidates (name, lat, lon, country, kind)
for Arabic or English names, so the coordinates in places.tsv come from
GeoNames / countrystatecity / world-countries / OurAirports rather than memory.
Usage: lookup_place.py NAME...   (reads ../shared/data/gazetteer)"""
import csv
import json
import os
import sys

G = os.path.join(os.environ.get("SHARED", "../shared"), "data", "gazetteer")


def strip_al(s):
    return s[2:] if s.startswith("ال") else s


def main():
    names = sys.argv[1:]
    keys = {n: {n, strip_al(n), n.lower()} for n in names}
    rows = []
    for d in json.load(open(os.path.join(G, "world-countries", "countries.json"), encoding="utf-8")):
        forms = {d["name"]["common"].lower(), d["translations"]["ara"]["common"], d["translations"]["ara"]["official"]}
        rows.append((forms, f"country {d['name']['common']} {d['latlng'][0]} {d['latlng'][1]} {d['cca2']} capital={d.get('capital')}"))
    with open(os.path.join(G, "countrystatecity", "states_all_countries.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            forms = {r["name"].lower(), r["native"], r["ar_translation"]} | {strip_al(r["native"] or "")}
            rows.append((forms, f"admin1 {r['name']} {r['latitude']} {r['longitude']} {r['country_code']} {r['type']}"))
    with open(os.path.join(G, "geonames-cities500", "cities500_mena_arabic_names.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            ar = set(r["arabic_script_names"].split("|"))
            forms = {r["name"].lower()} | ar | {strip_al(a) for a in ar}
            rows.append((forms, f"city {r['name']} {r['latitude']} {r['longitude']} {r['countrycode']} pop={r['population']}"))
    with open(os.path.join(G, "geonames-cities500", "cities500_world_with_arabic_script_names.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            ar = set(r["arabic_script_names"].split("|"))
            forms = {r["name"].lower()} | ar | {strip_al(a) for a in ar}
            rows.append((forms, f"wcity {r['name']} {r['latitude']} {r['longitude']} {r['countrycode']} pop={r['population']}"))
    with open(os.path.join(G, "airfields", "airports_airbases_mena.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            forms = {r["name"].lower(), r["municipality"].lower()}
            rows.append((forms, f"airfield {r['name']} {r['latitude_deg']} {r['longitude_deg']} {r['iso_country']} {r['type']}"))
    for n in names:
        hits = [desc for forms, desc in rows if forms & keys[n]]
        print(f"{n}: " + (" ;; ".join(hits[:6]) if hits else "-"))


if __name__ == "__main__":
    main()
