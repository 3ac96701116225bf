//! `cargo xtask eval-entities`: scores named entities (PER, ORG, LOC, MISC)
//! against the hand-annotated modern-news set in `evals/entities/gold.jsonl`.
//!
//! Usage: `cargo xtask eval-entities [--gold FILE] [--pred FILE]
//! [--shared DIR] [--marsad BIN] [--errors]`.
//!
//! Without `--pred` it writes the gold articles (id, text from `../shared`)
//! to `target/eval-entities/input.jsonl`, runs `marsad annotate --format
//! json` on it, keeps the output in `target/eval-entities/pred.jsonl` and
//! scores that. The gold set stores only ids and code-point offsets; the
//! texts always come from `../shared`, and every gold span is checked against
//! them first. Counting rules: [`Score`] and `evals/entities/README.md`.

use crate::corpus::{annotate_with_marsad, flag, news_texts, shared_dir, warn_altered_texts};
use anyhow::{bail, Context};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Entity types in report order.
const LABELS: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// One annotated article of the gold set.
#[derive(Clone, Debug, Deserialize)]
struct GoldDoc {
    /// ANT `docno` or SaudiNewsNet `url`.
    id: String,
    /// `ant` or `saudinewsnet`.
    corpus: String,
    /// BBC, CNN, france24, skynews, aawsat or was.
    #[serde(default)]
    outlet: String,
    entities: Vec<Mention>,
}

/// One article of a prediction file (the `marsad annotate --format json`
/// contract); other fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
struct PredDoc {
    id: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    entities: Vec<Mention>,
}

/// An entity mention: half-open code-point range, its text and label.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
struct Mention {
    start: usize,
    end: usize,
    #[serde(default)]
    text: String,
    label: String,
}

impl Mention {
    fn overlap(&self, other: &Mention) -> usize {
        self.end.min(other.end).saturating_sub(self.start.max(other.start))
    }
    fn same_span(&self, other: &Mention) -> bool {
        self.start == other.start && self.end == other.end
    }
}

/// Runs the evaluation and prints the report.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repo").to_path_buf();
    let gold_path =
        flag(args, "--gold").map(PathBuf::from).unwrap_or_else(|| root.join("evals/entities/gold.jsonl"));
    let errors = args.iter().any(|a| a == "--errors");
    let gold: Vec<GoldDoc> = read_jsonl(&gold_path)?;

    let (predictions, source) = match flag(args, "--pred") {
        Some(pred) => (read_jsonl::<PredDoc>(Path::new(pred))?, pred.to_string()),
        None => {
            let shared = shared_dir(args);
            if !shared.join("data/news").is_dir() {
                bail!(
                    "{} not found: eval-entities reads the article texts from ../shared/data/news \
                     (the news corpora are not in the repository); pass --shared DIR, or score a \
                     prediction file with --pred FILE",
                    shared.join("data/news").display()
                );
            }
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .map(|t| if t.is_absolute() { t } else { root.join(t) })
                .unwrap_or_else(|| root.join("target"));
            let marsad =
                flag(args, "--marsad").map(PathBuf::from).unwrap_or_else(|| target.join("release/marsad"));
            let work = target.join("eval-entities");
            (run_marsad(&gold, &shared, &marsad, &work)?, marsad.display().to_string())
        }
    };

    let mut by_id: BTreeMap<&str, &PredDoc> = BTreeMap::new();
    for p in &predictions {
        by_id.entry(p.id.as_str()).or_insert(p);
    }
    let mut score = Score::default();
    for g in &gold {
        let pred = by_id.get(g.id.as_str()).map(|p| p.entities.as_slice()).unwrap_or_default();
        score.add(g, pred);
    }
    println!("eval-entities: gold {} | predictions {source}", gold_path.display());
    print!("{}", score.render(errors));
    Ok(())
}

/// Parses a JSONL file of `T` records (blank lines skipped), naming the line on error.
fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    let data = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    data.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), i + 1)))
        .collect()
}

/// Builds the input file from `../shared`, checks the gold spans against the
/// texts, runs `marsad annotate` and parses its output.
fn run_marsad(gold: &[GoldDoc], shared: &Path, marsad: &Path, work: &Path) -> anyhow::Result<Vec<PredDoc>> {
    let texts = news_texts(shared)?;
    let mut input = String::new();
    for g in gold {
        let text = texts.get(&g.id).with_context(|| {
            format!("gold article {} ({}) is not in {}", g.id, g.corpus, shared.display())
        })?;
        check_spans(g, text)?;
        input.push_str(&serde_json::json!({ "id": g.id, "text": text }).to_string());
        input.push('\n');
    }
    let pred_path = annotate_with_marsad(marsad, work, input, "or pass --marsad BIN or --pred FILE")?;
    let predictions: Vec<PredDoc> = read_jsonl(&pred_path)?;
    warn_altered_texts(&texts, predictions.iter().map(|p| (p.id.as_str(), p.text.as_deref())));
    Ok(predictions)
}

/// Every gold span must slice its text exactly (code points, half-open).
fn check_spans(gold: &GoldDoc, text: &str) -> anyhow::Result<()> {
    let chars: Vec<char> = text.chars().collect();
    for m in &gold.entities {
        let found: String = chars.get(m.start..m.end).map(|s| s.iter().collect()).unwrap_or_default();
        if found != m.text {
            bail!("gold {} span {}..{}: text has «{found}», gold says «{}»", gold.id, m.start, m.end, m.text);
        }
        if !LABELS.contains(&m.label.as_str()) {
            bail!("gold {} span {}..{}: unknown label {}", gold.id, m.start, m.end, m.label);
        }
    }
    Ok(())
}

/// How a gold mention fared, after one-to-one alignment with the predictions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Same span, same label.
    Correct,
    /// Overlapping prediction with the same label, other boundaries.
    WrongSpan,
    /// Same span, other label.
    WrongType,
    /// Overlapping prediction with another label and other boundaries.
    WrongTypeAndSpan,
    /// No prediction overlaps it.
    Missed,
}

impl Outcome {
    fn name(self) -> &'static str {
        match self {
            Outcome::Correct => "correct",
            Outcome::WrongSpan => "wrong span",
            Outcome::WrongType => "wrong type",
            Outcome::WrongTypeAndSpan => "wrong type and span",
            Outcome::Missed => "missed",
        }
    }
}

/// Whether a gold and a predicted mention may be aligned in one pass.
type Fits = fn(&Mention, &Mention) -> bool;

/// Aligns the gold and predicted mentions of one article one-to-one, in
/// passes: exact span and label; overlap and same label (largest overlap
/// first); exact span, other label; overlap, other label. Returns each gold
/// mention's outcome and partner, and for each prediction whether it was
/// aligned.
fn align(gold: &[Mention], pred: &[Mention]) -> (Vec<(Outcome, Option<usize>)>, Vec<bool>) {
    let mut outcome: Vec<(Outcome, Option<usize>)> = vec![(Outcome::Missed, None); gold.len()];
    let mut used = vec![false; pred.len()];
    let passes: [(Outcome, Fits); 4] = [
        (Outcome::Correct, |g, p| g.same_span(p) && g.label == p.label),
        (Outcome::WrongSpan, |g, p| g.overlap(p) > 0 && g.label == p.label),
        (Outcome::WrongType, |g, p| g.same_span(p)),
        (Outcome::WrongTypeAndSpan, |g, p| g.overlap(p) > 0),
    ];
    for (kind, fits) in passes {
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        for (gi, g) in gold.iter().enumerate() {
            if outcome[gi].1.is_some() {
                continue;
            }
            for (pi, p) in pred.iter().enumerate() {
                if !used[pi] && fits(g, p) {
                    pairs.push((g.overlap(p), gi, pi));
                }
            }
        }
        // Largest overlap first; ties in text order, so the result is deterministic.
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, gi, pi) in pairs {
            if outcome[gi].1.is_none() && !used[pi] {
                outcome[gi] = (kind, Some(pi));
                used[pi] = true;
            }
        }
    }
    (outcome, used)
}

/// Counts for one label (or all): gold and predicted mentions, exact and
/// overlap matches (same label in both).
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    gold: usize,
    pred: usize,
    exact: usize,
    overlap_gold: usize,
    overlap_pred: usize,
}

impl Counts {
    fn exact_prf(&self) -> (f64, f64, f64) {
        prf(self.exact, self.pred, self.exact, self.gold)
    }
    fn overlap_prf(&self) -> (f64, f64, f64) {
        prf(self.overlap_pred, self.pred, self.overlap_gold, self.gold)
    }
}

fn prf(hit_p: usize, pred: usize, hit_r: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 { 0.0 } else { hit_p as f64 / pred as f64 };
    let r = if gold == 0 { 0.0 } else { hit_r as f64 / gold as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

/// The whole evaluation.
///
/// - **Exact**: a prediction is right when a gold mention has the same
///   start, end and label; P = right / predicted, R = right / gold.
/// - **Overlap**: a prediction is right when it shares a code point with a
///   gold mention of the same label, and vice versa (a gold mention the
///   system split in two counts once for recall, twice for precision).
/// - **Outcomes**: after a one-to-one alignment ([`align`]) each gold mention
///   is correct, wrong span, wrong type, wrong type and span, or missed; each
///   unaligned prediction is spurious (it overlaps no gold mention) or an
///   extra piece (it overlaps a gold mention aligned with another prediction).
#[derive(Default)]
struct Score {
    by_label: BTreeMap<String, Counts>,
    by_corpus: BTreeMap<String, Counts>,
    outcomes: BTreeMap<Outcome, usize>,
    outcomes_by_label: BTreeMap<(String, Outcome), usize>,
    spurious: BTreeMap<String, usize>,
    extra: usize,
    articles: usize,
    missing_articles: Vec<String>,
    errors: String,
}

impl Score {
    fn add(&mut self, gold: &GoldDoc, pred: &[Mention]) {
        self.articles += 1;
        let mut pred: Vec<Mention> = pred.to_vec();
        pred.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
        let mut doc = Counts::default();
        for g in &gold.entities {
            let c = self.by_label.entry(g.label.clone()).or_default();
            c.gold += 1;
            doc.gold += 1;
            if pred.iter().any(|p| p.same_span(g) && p.label == g.label) {
                c.exact += 1;
                doc.exact += 1;
            }
            if pred.iter().any(|p| p.overlap(g) > 0 && p.label == g.label) {
                c.overlap_gold += 1;
                doc.overlap_gold += 1;
            }
        }
        for p in &pred {
            let c = self.by_label.entry(p.label.clone()).or_default();
            c.pred += 1;
            doc.pred += 1;
            if gold.entities.iter().any(|g| g.overlap(p) > 0 && g.label == p.label) {
                c.overlap_pred += 1;
                doc.overlap_pred += 1;
            }
        }
        let group = if gold.outlet.is_empty() { gold.corpus.clone() } else { gold.outlet.clone() };
        let c = self.by_corpus.entry(group).or_default();
        c.gold += doc.gold;
        c.pred += doc.pred;
        c.exact += doc.exact;
        c.overlap_gold += doc.overlap_gold;
        c.overlap_pred += doc.overlap_pred;

        let (outcome, used) = align(&gold.entities, &pred);
        let mut lines = Vec::new();
        for (g, (kind, partner)) in gold.entities.iter().zip(&outcome) {
            *self.outcomes.entry(*kind).or_default() += 1;
            *self.outcomes_by_label.entry((g.label.clone(), *kind)).or_default() += 1;
            if *kind == Outcome::Correct {
                continue;
            }
            let mut line =
                format!("  {:<19} {:<4} «{}» {}..{}", kind.name(), g.label, g.text, g.start, g.end);
            if let Some(p) = partner.map(|i| &pred[i]) {
                let _ = write!(line, "  → {} «{}» {}..{}", p.label, p.text, p.start, p.end);
            }
            lines.push((g.start, line));
        }
        for (p, _) in pred.iter().zip(&used).filter(|(_, u)| !**u) {
            let kind = if gold.entities.iter().any(|g| g.overlap(p) > 0) {
                self.extra += 1;
                "extra piece"
            } else {
                *self.spurious.entry(p.label.clone()).or_default() += 1;
                "spurious"
            };
            lines.push((p.start, format!("  {kind:<19} {:<4} «{}» {}..{}", p.label, p.text, p.start, p.end)));
        }
        if pred.is_empty() && !gold.entities.is_empty() {
            self.missing_articles.push(gold.id.clone());
        }
        if !lines.is_empty() {
            lines.sort();
            let _ = writeln!(self.errors, "## {}", gold.id);
            for (_, line) in lines {
                let _ = writeln!(self.errors, "{line}");
            }
        }
    }

    fn render(&self, errors: bool) -> String {
        let mut out = String::new();
        let total = self.by_label.values().fold(Counts::default(), |a, c| Counts {
            gold: a.gold + c.gold,
            pred: a.pred + c.pred,
            exact: a.exact + c.exact,
            overlap_gold: a.overlap_gold + c.overlap_gold,
            overlap_pred: a.overlap_pred + c.overlap_pred,
        });
        let _ = writeln!(
            out,
            "{} articles, {} gold mentions, {} predicted{}",
            self.articles,
            total.gold,
            total.pred,
            if self.missing_articles.is_empty() {
                String::new()
            } else {
                format!(" ({} articles with no prediction)", self.missing_articles.len())
            }
        );
        let _ = writeln!(
            out,
            "\n{:<10} {:>5} {:>5}   exact: P      R      F1    overlap: P      R      F1",
            "", "gold", "pred"
        );
        let row = |out: &mut String, name: &str, c: &Counts| {
            let (ep, er, ef) = c.exact_prf();
            let (op, or, of) = c.overlap_prf();
            let _ = writeln!(
                out,
                "{name:<10} {:>5} {:>5}   {:>13.3} {:>6.3} {:>6.3}   {:>12.3} {:>6.3} {:>6.3}",
                c.gold, c.pred, ep, er, ef, op, or, of
            );
        };
        for label in LABELS {
            row(&mut out, label, &self.by_label.get(label).copied().unwrap_or_default());
        }
        for (label, c) in self.by_label.iter().filter(|(l, _)| !LABELS.contains(&l.as_str())) {
            row(&mut out, label, c);
        }
        row(&mut out, "overall", &total);
        let _ = writeln!(out, "\nby outlet:");
        for (group, c) in &self.by_corpus {
            row(&mut out, group, c);
        }
        let _ = writeln!(out, "\noutcomes of gold mentions (one-to-one alignment):");
        let kinds = [
            Outcome::Correct,
            Outcome::WrongSpan,
            Outcome::WrongType,
            Outcome::WrongTypeAndSpan,
            Outcome::Missed,
        ];
        let _ = write!(out, "{:<10}", "");
        for k in kinds {
            let _ = write!(out, " {:>19}", k.name());
        }
        let _ = writeln!(out, " {:>9}", "spurious");
        for label in LABELS {
            let _ = write!(out, "{label:<10}");
            for k in kinds {
                let n = self.outcomes_by_label.get(&(label.to_string(), k)).copied().unwrap_or(0);
                let _ = write!(out, " {n:>19}");
            }
            let _ = writeln!(out, " {:>9}", self.spurious.get(label).copied().unwrap_or(0));
        }
        let _ = write!(out, "{:<10}", "all");
        for k in kinds {
            let _ = write!(out, " {:>19}", self.outcomes.get(&k).copied().unwrap_or(0));
        }
        let _ = writeln!(out, " {:>9}", self.spurious.values().sum::<usize>());
        let _ = writeln!(
            out,
            "plus {} extra pieces (predictions overlapping a gold mention already aligned, e.g. a name cut in two)",
            self.extra
        );
        if errors {
            let _ = writeln!(out, "\nerrors by article (gold label «text» start..end → prediction):");
            out.push_str(&self.errors);
        } else {
            let _ = writeln!(out, "(--errors lists them article by article)");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(start: usize, end: usize, label: &str) -> Mention {
        Mention { start, end, text: String::new(), label: label.into() }
    }

    #[test]
    fn alignment_prefers_exact_then_same_label_overlap() {
        let gold =
            vec![m(0, 5, "LOC"), m(10, 20, "ORG"), m(30, 35, "PER"), m(40, 45, "MISC"), m(50, 55, "LOC")];
        let pred =
            vec![m(0, 5, "LOC"), m(12, 20, "ORG"), m(30, 35, "LOC"), m(41, 44, "ORG"), m(60, 62, "PER")];
        let (outcome, used) = align(&gold, &pred);
        let kinds: Vec<Outcome> = outcome.iter().map(|o| o.0).collect();
        assert_eq!(
            kinds,
            [
                Outcome::Correct,
                Outcome::WrongSpan,
                Outcome::WrongType,
                Outcome::WrongTypeAndSpan,
                Outcome::Missed
            ]
        );
        assert_eq!(used, [true, true, true, true, false]);
    }

    #[test]
    fn exact_and_overlap_counts() {
        let gold = GoldDoc {
            id: "a".into(),
            corpus: "ant".into(),
            outlet: "BBC".into(),
            entities: vec![m(0, 5, "LOC"), m(10, 20, "ORG")],
        };
        let mut score = Score::default();
        // The ORG is cut in two: one exact-less overlap for recall, two for precision.
        score.add(&gold, &[m(0, 5, "LOC"), m(10, 14, "ORG"), m(15, 20, "ORG"), m(30, 33, "PER")]);
        let org = score.by_label["ORG"];
        assert_eq!((org.gold, org.pred, org.exact, org.overlap_gold, org.overlap_pred), (1, 2, 0, 1, 2));
        assert_eq!(score.extra, 1);
        assert_eq!(score.spurious["PER"], 1);
        let report = score.render(true);
        assert!(report.contains("spurious            PER"), "{report}");
    }

    #[test]
    fn gold_spans_are_checked_in_code_points() {
        let text = "قصف بغداد أمس";
        let mut gold = GoldDoc {
            id: "a".into(),
            corpus: "ant".into(),
            outlet: String::new(),
            entities: vec![Mention { start: 4, end: 9, text: "بغداد".into(), label: "LOC".into() }],
        };
        check_spans(&gold, text).unwrap();
        gold.entities[0].end = 8;
        assert!(check_spans(&gold, text).unwrap_err().to_string().contains("span 4..8"));
        gold.entities[0].end = 99;
        assert!(check_spans(&gold, text).is_err(), "a span past the end is an error, not a panic");
    }
}
