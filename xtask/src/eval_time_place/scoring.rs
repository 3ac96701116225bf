//! Matching predictions to gold and counting: overlap matching of spans,
//! TIMEX3 value comparison, and the distance rule for place resolution.
//!
//! Definitions (also in `evals/time-place/README.md`):
//! - A predicted span *finds* a gold span when they share at least one code
//!   point; each gold and each predicted span is used at most once, pairs with
//!   the largest overlap first (ties: closest start, then text order).
//! - A matched time is *value-correct* when the normalised TIMEX3 values are
//!   equal (case and surrounding space ignored, `PnDE` read as `P(10n)Y`).
//! - A matched place is *resolved* when, by the gold kind: `country`: same
//!   ISO 3166-1 code (and the prediction, if it says, is a country);
//!   `admin1`, `region`, `water`: within 150 km of the gold point; `city`,
//!   `facility`, `admin2`, `other`: within 25 km.

use super::records::{GoldDoc, PlaceMention, PredDoc, TimeMention};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Mean Earth radius (IUGG), km.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Pairs `(gold index, predicted index)` of overlapping spans, one-to-one,
/// largest overlap first; returned sorted by gold index.
pub fn match_overlapping(gold: &[(usize, usize)], pred: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    for (gi, &(gs, ge)) in gold.iter().enumerate() {
        for (pi, &(ps, pe)) in pred.iter().enumerate() {
            let overlap = ge.min(pe).saturating_sub(gs.max(ps));
            if overlap > 0 {
                candidates.push((std::cmp::Reverse(overlap), gs.abs_diff(ps), gi, pi));
            }
        }
    }
    candidates.sort();
    let (mut gold_used, mut pred_used) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut pairs = Vec::new();
    for (_, _, gi, pi) in candidates {
        if !gold_used[gi] && !pred_used[pi] {
            gold_used[gi] = true;
            pred_used[pi] = true;
            pairs.push((gi, pi));
        }
    }
    pairs.sort();
    pairs
}

/// Great-circle distance in km between two (lat, lon) points in degrees.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// How close a resolution must be to count, by gold kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tolerance {
    /// Same ISO 3166-1 code.
    SameCountry,
    /// Within this many km of the gold point.
    Km(f64),
}

/// The tolerance for a gold place kind.
pub fn tolerance_for(kind: &str) -> Tolerance {
    match kind {
        "country" => Tolerance::SameCountry,
        "admin1" | "region" | "water" => Tolerance::Km(150.0),
        _ => Tolerance::Km(25.0),
    }
}

/// Whether `pred` resolves the gold place `gold` within its kind's tolerance.
pub fn resolved_correctly(gold: &PlaceMention, pred: &PlaceMention) -> bool {
    match tolerance_for(&gold.kind) {
        Tolerance::SameCountry => {
            !gold.country.is_empty()
                && gold.country.eq_ignore_ascii_case(pred.country.trim())
                && (pred.kind.is_empty() || pred.kind.eq_ignore_ascii_case("country"))
        }
        Tolerance::Km(limit) => distance_km(gold, pred).is_some_and(|d| d <= limit),
    }
}

/// `mod` values agree; an absent `mod` and an empty one are the same.
fn same_modifier(a: &Option<String>, b: &Option<String>) -> bool {
    let norm = |m: &Option<String>| m.as_deref().map(str::trim).unwrap_or_default().to_ascii_uppercase();
    norm(a) == norm(b)
}

fn distance_km(gold: &PlaceMention, pred: &PlaceMention) -> Option<f64> {
    Some(haversine_km((gold.lat?, gold.lon?), (pred.lat?, pred.lon?)))
}

/// A TIMEX3 value in the form used for comparison.
pub fn normalize_value(value: &str) -> String {
    let v = value.trim().to_ascii_uppercase();
    // `P2DE` (two decades) and `P20Y` say the same thing.
    if let Some(n) =
        v.strip_prefix('P').and_then(|r| r.strip_suffix("DE")).and_then(|n| n.parse::<u32>().ok())
    {
        return format!("P{}Y", n * 10);
    }
    v
}

/// Gold, found and correct counts for one class (a TIMEX3 type or a place kind).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClassCounts {
    pub gold: usize,
    pub found: usize,
    pub correct: usize,
}

/// Counts for one layer (times or places) over all documents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerScores {
    pub gold: usize,
    pub predicted: usize,
    /// Gold spans found by an overlapping prediction.
    pub matched: usize,
    /// Matched pairs with identical boundaries.
    pub exact_span: usize,
    /// Matched pairs whose value (times) or resolution (places) is right.
    pub correct: usize,
    /// Matched times whose TIMEX3 type is right (unused for places).
    pub type_correct: usize,
    /// Value-correct times whose `mod` (START, END, APPROX…) also agrees (unused for places).
    pub value_and_mod_correct: usize,
    /// By gold TIMEX3 type or gold place kind.
    pub by_class: BTreeMap<String, ClassCounts>,
}

impl LayerScores {
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn precision(&self) -> f64 {
        // Matching is one-to-one, so matched predictions = matched gold spans.
        ratio(self.matched, self.predicted)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The whole evaluation: both layers plus the errors to list with `--verbose`.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub documents: usize,
    /// Gold documents with no prediction record at all.
    pub documents_without_prediction: usize,
    pub times: LayerScores,
    pub places: LayerScores,
    /// One line per missed, spurious or wrongly valued/resolved mention.
    pub errors: Vec<String>,
}

impl Evaluation {
    /// Scores one gold document against its prediction (`None`: the system gave none).
    pub fn add(&mut self, gold: &GoldDoc, pred: Option<&PredDoc>) {
        self.documents += 1;
        if pred.is_none() {
            self.documents_without_prediction += 1;
        }
        let empty = PredDoc::default();
        let pred = pred.unwrap_or(&empty);
        self.add_times(&gold.id, &gold.times, &pred.times);
        self.add_places(&gold.id, &gold.places, &pred.places);
    }

    fn add_times(&mut self, id: &str, gold: &[TimeMention], pred: &[TimeMention]) {
        let pairs = match_overlapping(&spans(gold, |t| (t.start, t.end)), &spans(pred, |t| (t.start, t.end)));
        let layer = &mut self.times;
        layer.gold += gold.len();
        layer.predicted += pred.len();
        for g in gold {
            layer.by_class.entry(g.kind.clone()).or_default().gold += 1;
        }
        let mut pred_matched = vec![false; pred.len()];
        let mut gold_matched = vec![false; gold.len()];
        for &(gi, pi) in &pairs {
            let (g, p) = (&gold[gi], &pred[pi]);
            gold_matched[gi] = true;
            pred_matched[pi] = true;
            layer.matched += 1;
            layer.exact_span += usize::from(g.start == p.start && g.end == p.end);
            layer.type_correct += usize::from(g.kind.eq_ignore_ascii_case(p.kind.trim()));
            let class = layer.by_class.entry(g.kind.clone()).or_default();
            class.found += 1;
            if normalize_value(&g.value) == normalize_value(&p.value) {
                layer.correct += 1;
                class.correct += 1;
                layer.value_and_mod_correct += usize::from(same_modifier(&g.modifier, &p.modifier));
            } else {
                self.errors.push(format!(
                    "{id}\ttime\twrong value\t{}..{} «{}» gold {} {} | predicted «{}» {} {}",
                    g.start, g.end, g.text, g.kind, g.value, p.text, p.kind, p.value
                ));
            }
        }
        for (g, _) in gold.iter().zip(&gold_matched).filter(|(_, m)| !**m) {
            self.errors.push(format!(
                "{id}\ttime\tmissed\t{}..{} «{}» {} {}",
                g.start, g.end, g.text, g.kind, g.value
            ));
        }
        for (p, _) in pred.iter().zip(&pred_matched).filter(|(_, m)| !**m) {
            self.errors.push(format!(
                "{id}\ttime\tspurious\t{}..{} «{}» {} {}",
                p.start, p.end, p.text, p.kind, p.value
            ));
        }
    }

    fn add_places(&mut self, id: &str, gold: &[PlaceMention], pred: &[PlaceMention]) {
        let pairs = match_overlapping(&spans(gold, |p| (p.start, p.end)), &spans(pred, |p| (p.start, p.end)));
        let layer = &mut self.places;
        layer.gold += gold.len();
        layer.predicted += pred.len();
        for g in gold {
            layer.by_class.entry(g.kind.clone()).or_default().gold += 1;
        }
        let mut pred_matched = vec![false; pred.len()];
        let mut gold_matched = vec![false; gold.len()];
        for &(gi, pi) in &pairs {
            let (g, p) = (&gold[gi], &pred[pi]);
            gold_matched[gi] = true;
            pred_matched[pi] = true;
            layer.matched += 1;
            layer.exact_span += usize::from(g.start == p.start && g.end == p.end);
            let class = layer.by_class.entry(g.kind.clone()).or_default();
            class.found += 1;
            if resolved_correctly(g, p) {
                layer.correct += 1;
                class.correct += 1;
            } else {
                let distance =
                    distance_km(g, p).map_or("no coordinates".to_string(), |d| format!("{d:.0} km"));
                self.errors.push(format!(
                    "{id}\tplace\twrong resolution\t{}..{} «{}» gold {} ({} {}) | predicted {} ({} {}), {distance}",
                    g.start, g.end, g.text, g.name, g.kind, g.country, p.name, p.kind, p.country
                ));
            }
        }
        for (g, _) in gold.iter().zip(&gold_matched).filter(|(_, m)| !**m) {
            self.errors.push(format!(
                "{id}\tplace\tmissed\t{}..{} «{}» {} ({} {})",
                g.start, g.end, g.text, g.name, g.kind, g.country
            ));
        }
        for (p, _) in pred.iter().zip(&pred_matched).filter(|(_, m)| !**m) {
            self.errors.push(format!(
                "{id}\tplace\tspurious\t{}..{} «{}» {} ({} {})",
                p.start, p.end, p.text, p.name, p.kind, p.country
            ));
        }
    }

    /// The printed report; `verbose` appends every error line.
    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        let t = &self.times;
        let _ = writeln!(
            out,
            "articles: {} ({} with no prediction record)",
            self.documents, self.documents_without_prediction
        );
        let _ = writeln!(out, "\nTIME EXPRESSIONS (overlap match)");
        render_detection(&mut out, t);
        let _ = writeln!(
            out,
            "  value accuracy (exact TIMEX3 value) over matched: {:.3} ({}/{}); value and mod {:.3}; type {:.3}",
            ratio(t.correct, t.matched),
            t.correct,
            t.matched,
            ratio(t.value_and_mod_correct, t.matched),
            ratio(t.type_correct, t.matched)
        );
        render_classes(&mut out, "type", "value ok", &t.by_class);
        let p = &self.places;
        let _ = writeln!(out, "\nPLACE MENTIONS (overlap match)");
        render_detection(&mut out, p);
        let _ = writeln!(
            out,
            "  resolved within tolerance over matched: {:.3} ({}/{}); over all gold: {:.3}",
            ratio(p.correct, p.matched),
            p.correct,
            p.matched,
            ratio(p.correct, p.gold)
        );
        let _ = writeln!(out, "  tolerance: country = same ISO code; admin1/region/water = 150 km; city/facility/admin2/other = 25 km");
        render_classes(&mut out, "kind", "resolved", &p.by_class);
        if verbose {
            let _ = writeln!(out, "\nERRORS ({})", self.errors.len());
            for line in &self.errors {
                let _ = writeln!(out, "  {line}");
            }
        }
        out
    }
}

fn spans<T>(items: &[T], range: impl Fn(&T) -> (usize, usize)) -> Vec<(usize, usize)> {
    items.iter().map(range).collect()
}

fn render_detection(out: &mut String, s: &LayerScores) {
    let _ = writeln!(
        out,
        "  gold {}  predicted {}  matched {}  recall {:.3}  precision {:.3}  F1 {:.3}  (exact boundaries {})",
        s.gold,
        s.predicted,
        s.matched,
        s.recall(),
        s.precision(),
        s.f1(),
        s.exact_span
    );
}

fn render_classes(out: &mut String, what: &str, correct: &str, classes: &BTreeMap<String, ClassCounts>) {
    let _ = writeln!(out, "  {what:<10} {:>6} {:>6} {:>8} {:>8}", "gold", "found", "recall", correct);
    for (name, c) in classes {
        let _ = writeln!(
            out,
            "  {name:<10} {:>6} {:>6} {:>8.3} {:>8}",
            c.gold,
            c.found,
            ratio(c.found, c.gold),
            c.correct
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One matching case: gold spans, predicted spans, expected pairs.
    fn check_matching(gold: &[(usize, usize)], pred: &[(usize, usize)], expected: &[(usize, usize)]) {
        assert_eq!(match_overlapping(gold, pred), expected, "gold {gold:?} pred {pred:?}");
    }

    #[test]
    fn overlap_matching() {
        check_matching(&[(0, 5)], &[(0, 5)], &[(0, 0)]); // exact
        check_matching(&[(0, 5)], &[(4, 9)], &[(0, 0)]); // one shared code point is enough
        check_matching(&[(0, 5)], &[(5, 9)], &[]); // touching is not overlapping
        check_matching(&[(0, 5)], &[(3, 3)], &[]); // an empty prediction finds nothing
        check_matching(&[(0, 10)], &[(0, 4), (5, 10)], &[(0, 1)]); // one gold, two parts: the larger part matches
        check_matching(&[(0, 4), (5, 10)], &[(0, 10)], &[(1, 0)]); // the larger overlap wins
        check_matching(&[(0, 4), (6, 10)], &[(0, 10)], &[(0, 0)]); // equal overlap: closest start
        check_matching(&[(0, 4), (6, 10)], &[(2, 8), (0, 4)], &[(0, 1), (1, 0)]); // best pairs overall
        check_matching(&[], &[(0, 3)], &[]);
        check_matching(&[(0, 3)], &[], &[]);
    }

    #[test]
    fn haversine_distances() {
        let baghdad = (33.34058, 44.40088);
        let basra = (30.50852, 47.7804);
        let d = haversine_km(baghdad, basra);
        assert!((445.0..455.0).contains(&d), "Baghdad-Basra {d}");
        assert!((haversine_km(basra, baghdad) - d).abs() < 1e-9, "symmetric");
        assert_eq!(haversine_km(basra, basra), 0.0);
        let antipode = haversine_km((0.0, 0.0), (0.0, 180.0));
        assert!((antipode - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 1e-6);
        // One degree of latitude is about 111 km everywhere.
        assert!((haversine_km((60.0, 10.0), (61.0, 10.0)) - 111.2).abs() < 0.5);
    }

    fn place(kind: &str, lat: f64, lon: f64, country: &str) -> PlaceMention {
        PlaceMention {
            kind: kind.into(),
            lat: Some(lat),
            lon: Some(lon),
            country: country.into(),
            ..Default::default()
        }
    }

    /// One resolution case: gold kind and point, predicted kind, point, country, verdict.
    fn check_resolved(gold: PlaceMention, pred: PlaceMention, expected: bool) {
        assert_eq!(resolved_correctly(&gold, &pred), expected, "gold {gold:?} pred {pred:?}");
    }

    #[test]
    fn resolution_tolerances() {
        // Basra city; 0.2 degrees of latitude is about 22 km, 0.3 about 33 km.
        check_resolved(place("city", 30.5, 47.8, "IQ"), place("city", 30.7, 47.8, "IQ"), true);
        check_resolved(place("city", 30.5, 47.8, "IQ"), place("city", 30.8, 47.8, "IQ"), false);
        check_resolved(place("facility", 33.8, 42.4, "IQ"), place("city", 33.8, 42.4, "IQ"), true);
        // admin1 / region / water: 150 km.
        check_resolved(place("admin1", 32.8, 41.6, "IQ"), place("city", 33.4, 43.3, "IQ"), false); // ~170 km
        check_resolved(place("admin1", 32.8, 41.6, "IQ"), place("admin1", 33.5, 42.5, "IQ"), true); // ~113 km
        check_resolved(place("water", 14.0, 65.0, ""), place("water", 14.5, 64.5, ""), true); // ~77 km
        check_resolved(place("water", 14.0, 65.0, ""), place("water", 15.0, 64.0, ""), false); // ~155 km
        check_resolved(place("region", 29.0, 42.0, ""), place("region", 25.0, 45.0, ""), false);
        // Countries: the ISO code, whatever the coordinates, if the prediction is a country.
        check_resolved(place("country", 27.0, 30.0, "EG"), place("country", 26.0, 29.0, "eg"), true);
        check_resolved(place("country", 27.0, 30.0, "EG"), place("", 0.0, 0.0, "EG"), true);
        check_resolved(place("country", 27.0, 30.0, "EG"), place("city", 30.0, 31.2, "EG"), false);
        check_resolved(place("country", 27.0, 30.0, "EG"), place("country", 27.0, 30.0, "SD"), false);
        // No coordinates never resolve a point place.
        let mut no_coords = place("city", 30.5, 47.8, "IQ");
        no_coords.lat = None;
        check_resolved(place("city", 30.5, 47.8, "IQ"), no_coords, false);
    }

    #[test]
    fn value_normalisation() {
        for (input, expected) in [
            ("2018-03-01", "2018-03-01"),
            (" 2018-w25 ", "2018-W25"),
            ("P1DE", "P10Y"),
            ("P3DE", "P30Y"),
            ("PXDE", "PXDE"),
            ("present_ref", "PRESENT_REF"),
            ("", ""),
        ] {
            assert_eq!(normalize_value(input), expected, "{input}");
        }
    }

    fn time(start: usize, end: usize, kind: &str, value: &str) -> TimeMention {
        TimeMention { start, end, kind: kind.into(), value: value.into(), ..Default::default() }
    }

    fn gold_doc(id: &str, times: Vec<TimeMention>, places: Vec<PlaceMention>) -> GoldDoc {
        GoldDoc { id: id.into(), corpus: "ant".into(), date: "2018-03-01".into(), times, places }
    }

    fn at(mut p: PlaceMention, start: usize, end: usize) -> PlaceMention {
        p.start = start;
        p.end = end;
        p
    }

    #[test]
    fn evaluation_counts_a_tiny_fake_set() {
        let gold = gold_doc(
            "a",
            vec![
                time(0, 5, "DATE", "2018-02-28"),
                TimeMention { modifier: Some("START".into()), ..time(10, 20, "DURATION", "P3Y") },
                time(30, 33, "DATE", "2018"),
            ],
            vec![at(place("city", 30.5, 47.8, "IQ"), 40, 45), at(place("country", 33.0, 44.0, "IQ"), 50, 56)],
        );
        let pred = PredDoc {
            id: "a".into(),
            text: None,
            times: vec![
                time(0, 5, "DATE", "2018-02-28"),   // exact, right value
                time(12, 20, "DATE", "P3Y"),        // overlap, right value, wrong type
                time(60, 65, "DATE", "2018-03-01"), // spurious
            ],
            places: vec![
                at(place("city", 31.5, 47.8, "IQ"), 40, 45),    // found, 111 km off
                at(place("country", 33.0, 44.0, "IQ"), 49, 56), // found (with a proclitic), right
            ],
        };
        let mut eval = Evaluation::default();
        eval.add(&gold, Some(&pred));
        eval.add(&gold_doc("b", vec![time(0, 3, "SET", "P1Y")], vec![]), None);

        assert_eq!((eval.documents, eval.documents_without_prediction), (2, 1));
        let t = &eval.times;
        assert_eq!(
            (t.gold, t.predicted, t.matched, t.exact_span, t.correct, t.type_correct),
            (4, 3, 2, 1, 2, 1)
        );
        assert_eq!(t.value_and_mod_correct, 1, "the gold START mod was not predicted");
        assert!((t.recall() - 0.5).abs() < 1e-9 && (t.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert!((t.f1() - 4.0 / 7.0).abs() < 1e-9);
        assert_eq!(t.by_class["DATE"], ClassCounts { gold: 2, found: 1, correct: 1 });
        assert_eq!(t.by_class["SET"], ClassCounts { gold: 1, found: 0, correct: 0 });
        let p = &eval.places;
        assert_eq!((p.gold, p.predicted, p.matched, p.exact_span, p.correct), (2, 2, 2, 1, 1));
        assert_eq!(p.by_class["city"], ClassCounts { gold: 1, found: 1, correct: 0 });

        let kinds: Vec<&str> = eval.errors.iter().map(|e| e.split('\t').nth(2).unwrap()).collect();
        assert_eq!(kinds, ["missed", "spurious", "wrong resolution", "missed"]);
        let report = eval.render(true);
        assert!(report.contains("recall 0.500  precision 0.667  F1 0.571"), "{report}");
        assert!(report.contains("ERRORS (4)"), "{report}");
        assert!(!eval.render(false).contains("ERRORS"));
    }

    #[test]
    fn no_predictions_at_all_scores_zero_without_dividing_by_zero() {
        let mut eval = Evaluation::default();
        eval.add(&gold_doc("a", vec![time(0, 5, "DATE", "2018")], vec![]), None);
        assert_eq!((eval.times.recall(), eval.times.precision(), eval.times.f1()), (0.0, 0.0, 0.0));
        assert_eq!(eval.places.f1(), 0.0);
    }
}
