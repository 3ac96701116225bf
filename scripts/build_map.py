#!/usr/bin/env python3
"""Build crates/marsad-server/ui/world.json: the country outlines of the web UI's map.

Source (written by us, informed by the TopoJSON format of Mike Bostock's
world-atlas): ../shared/data/map/world-atlas/countries-50m.json, Natural Earth
4.1.0 admin-0 countries as TopoJSON (npm world-atlas@2.0.2). Natural Earth is
in the PUBLIC DOMAIN, and the README of ../shared marks this folder derivable;
the world-atlas packaging is ISC. Country codes and Arabic names come from
../shared/data/gazetteer/country-names/ (npm i18n-iso-countries@7.14.0, MIT,
(c) 2016 widdix GmbH), also marked derivable.

What it does, and why:
- decodes the quantised, delta-encoded TopoJSON arcs;
- simplifies every *arc* (not every ring) with Douglas-Peucker, so two
  neighbours still share exactly the same simplified border (no slivers);
- rounds to 1/SCALE degree and writes each ring delta-encoded as integers
  (the JS decoder in app.js adds them up), which keeps the file small enough
  to embed in the binary and load in well under a second;
- drops Antarctica (never a place in the news we read, and a large file share).

Output format (plain JSON, no comments possible, so the attribution is in
the "source" field):
  {"source": "...", "scale": S,
   "countries": [{"iso": "IQ", "name": "Iraq", "name_ar": "العراق",
                  "rings": [[x0, y0, dx1, dy1, ...], ...]}, ...]}
where x = round(lon * S), y = round(lat * S); polygons' holes are ordinary
rings (drawn with fill-rule evenodd).

Usage: python3 scripts/build_map.py [--shared ../shared] [--resolution 50m]
       [--tolerance 0.04] [--out crates/marsad-server/ui/world.json]
Deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON quantised + delta encoded)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for point in arc:
            if transform:
                x += point[0]
                y += point[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((point[0], point[1]))
        arcs.append(points)
    return arcs


def perpendicular_distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative (long coastlines would overflow recursion); keeps both ends."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_index = -1.0, -1
        for i in range(first + 1, last):
            d = perpendicular_distance(points[i], points[first], points[last])
            if d > best:
                best, best_index = d, i
        if best > tolerance and best_index > 0:
            keep[best_index] = True
            stack.append((first, best_index))
            stack.append((best_index, last))
    return [p for p, k in zip(points, keep) if k]


def ring_points(ring_arcs: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Stitch a TopoJSON ring (arc indexes, ~i = arc i reversed) into points."""
    points: list[tuple[float, float]] = []
    for index in ring_arcs:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining point.
        points.extend(arc if not points else arc[1:])
    return points


def encode_ring(points, scale: int) -> list[int] | None:
    """Round to the grid, drop repeated points, delta-encode; None for degenerate rings."""
    grid = []
    for lon, lat in points:
        q = (round(lon * scale), round(lat * scale))
        if not grid or grid[-1] != q:
            grid.append(q)
    if len(grid) > 1 and grid[0] == grid[-1]:
        grid.pop()  # the closing point is implied (SVG "Z")
    if len(grid) < 3:
        return None
    out = [grid[0][0], grid[0][1]]
    for (x0, y0), (x1, y1) in zip(grid, grid[1:]):
        out.extend((x1 - x0, y1 - y0))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--resolution", default="50m", choices=["110m", "50m", "10m"])
    parser.add_argument("--tolerance", type=float, default=0.04, help="Douglas-Peucker tolerance in degrees")
    parser.add_argument("--scale", type=int, default=50, help="grid units per degree (50 = 0.02 degree)")
    parser.add_argument("--out", type=Path, default=REPO / "crates/marsad-server/ui/world.json")
    args = parser.parse_args()

    atlas = args.shared / "data/map/world-atlas" / f"countries-{args.resolution}.json"
    names_dir = args.shared / "data/gazetteer/country-names"
    if not atlas.exists():
        print(f"missing {atlas}: pass --shared DIR", file=sys.stderr)
        return 1
    topology = json.loads(atlas.read_text(encoding="utf-8"))
    codes = json.loads((names_dir / "codes.json").read_text(encoding="utf-8"))
    arabic = json.loads((names_dir / "ar.json").read_text(encoding="utf-8"))["countries"]
    alpha2_by_numeric = {numeric: alpha2 for alpha2, _alpha3, numeric, *_ in codes}

    arcs = [simplify(arc, args.tolerance) for arc in decode_arcs(topology)]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        if name == "Antarctica":
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = []
        for polygon in polygons:
            for ring in polygon:
                encoded = encode_ring(ring_points(ring, arcs), args.scale)
                if encoded:
                    rings.append(encoded)
        if not rings:
            continue
        iso = alpha2_by_numeric.get(str(geometry.get("id", "")), "")
        entry = {"iso": iso, "name": name, "name_ar": arabic.get(iso, "") if iso else "", "rings": rings}
        countries.append(entry)
    countries.sort(key=lambda c: (c["iso"] or "~", c["name"]))

    world = {
        "source": (
            f"Natural Earth 4.1.0 admin-0 countries {args.resolution} (public domain), via world-atlas@2.0.2 "
            "(ISC); ISO codes and Arabic names from i18n-iso-countries@7.14.0 (MIT). Built by "
            f"scripts/build_map.py --resolution {args.resolution} --tolerance {args.tolerance} --scale {args.scale}."
        ),
        "scale": args.scale,
        "countries": countries,
    }
    text = json.dumps(world, ensure_ascii=False, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    points = sum(len(r) // 2 for c in countries for r in c["rings"])
    print(f"{args.out}: {len(countries)} countries, {points} points, {len(text.encode()) // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
