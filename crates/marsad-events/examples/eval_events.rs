//! Scores the default pipeline's events against the hand-annotated dev set in
//! `evals/events/gold.jsonl` (see `evals/events/README.md`).
//!
//! ```text
//! cargo run --release -p marsad-events --example eval_events -- --shared ../shared [--gold PATH] [--verbose]
//! ```
//!
//! The gold file holds only article ids and code point offsets; the article
//! texts are read from the news corpora under `--shared`. Every predicted
//! mention (each `EventMention` of each `Event`) is compared with the gold
//! mentions of the same article:
//!
//! - **trigger**: a prediction matches a gold mention when the trigger spans
//!   overlap (one-to-one, largest overlap first);
//! - **type+trigger**: the same, and the PLOVER types are equal;
//! - on type+trigger matches: mode accuracy (where gold gives a mode), actor
//!   and recipient match rate (spans overlap, where gold gives one), and
//!   agreement of the negated / planned flags.

use anyhow::{anyhow, bail, Context, Result};
use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_core::{CharOffsets, DocMeta, TextRange};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A half-open code point range, as stored in the gold file.
#[derive(Clone, Debug, Deserialize)]
struct GoldSpan {
    start: u32,
    end: u32,
    text: String,
}

#[derive(Clone, Debug, Deserialize)]
struct GoldMention {
    event_id: String,
    #[serde(rename = "type")]
    kind: String,
    mode: Option<String>,
    trigger: GoldSpan,
    actor: Option<GoldSpan>,
    recipient: Option<GoldSpan>,
    negated: bool,
    planned: bool,
}

#[derive(Debug, Deserialize)]
struct GoldArticle {
    id: String,
    corpus: String,
    date: String,
    events: Vec<GoldMention>,
}

/// One predicted mention, with its event's attributes, in code points.
#[derive(Clone, Debug)]
struct Predicted {
    kind: String,
    mode: Option<String>,
    trigger: (u32, u32),
    trigger_text: String,
    actor: Option<(u32, u32)>,
    actor_text: Option<String>,
    recipient: Option<(u32, u32)>,
    recipient_text: Option<String>,
    negated: bool,
    planned: bool,
    /// Index of the predicted event this mention belongs to.
    event: usize,
}

/// An article as read from the corpora.
struct Article {
    title: String,
    url: Option<String>,
    source: String,
    text: String,
}

struct Options {
    shared: PathBuf,
    gold: PathBuf,
    verbose: bool,
}

fn parse_args() -> Result<Options> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut opts = Options {
        shared: root.join("../shared"),
        gold: root.join("evals/events/gold.jsonl"),
        verbose: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shared" => opts.shared = args.next().context("--shared needs a path")?.into(),
            "--gold" => opts.gold = args.next().context("--gold needs a path")?.into(),
            "--verbose" | "-v" => opts.verbose = true,
            "--help" | "-h" => {
                println!("usage: eval [--shared DIR] [--gold FILE] [--verbose]");
                std::process::exit(0);
            }
            other => bail!("unknown argument `{other}`"),
        }
    }
    Ok(opts)
}

fn load_gold(path: &Path) -> Result<Vec<GoldArticle>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1)))
        .collect()
}

/// Reads the wanted articles from both corpora: ANT by `docno`, SaudiNewsNet
/// by `url`.
fn load_articles(shared: &Path, wanted: &BTreeSet<String>) -> Result<BTreeMap<String, Article>> {
    let news = shared.join("data/news");
    let corpora = [
        ("ant-middle-east-2018.jsonl", "docno", "text", "src"),
        ("saudinewsnet-2015-aawsat-spa.jsonl", "url", "content", "source"),
    ];
    let mut out = BTreeMap::new();
    for (file, id_key, text_key, source_key) in corpora {
        let path = news.join(file);
        let raw = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        for (i, line) in raw.lines().enumerate() {
            let v: serde_json::Value =
                serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), i + 1))?;
            let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
            let id = field(id_key);
            if wanted.contains(&id) && !out.contains_key(&id) {
                let url = v.get("url").and_then(|x| x.as_str()).map(str::to_string);
                out.insert(
                    id,
                    Article { title: field("title"), url, source: field(source_key), text: field(text_key) },
                );
            }
        }
    }
    Ok(out)
}

fn char_range(offsets: &CharOffsets, r: TextRange) -> (u32, u32) {
    (offsets.char_index(r.start), offsets.char_index(r.end))
}

fn predict(annotator: &Annotator, gold: &GoldArticle, article: &Article) -> Vec<Predicted> {
    let meta = DocMeta {
        id: gold.id.clone(),
        source: article.source.clone(),
        outlet: Some(article.source.clone()),
        date: chrono::NaiveDate::parse_from_str(&gold.date, "%Y-%m-%d").ok(),
        title: Some(article.title.clone()),
        url: article.url.clone(),
    };
    let doc = annotator.annotate(meta, article.text.clone());
    let offsets = CharOffsets::new(doc.text());
    let mut out = Vec::new();
    for (index, event) in doc.events.iter().enumerate() {
        let actor = event.actor.as_ref().and_then(|p| p.range).map(|r| char_range(&offsets, r));
        let recipient = event.recipient.as_ref().and_then(|p| p.range).map(|r| char_range(&offsets, r));
        for m in &event.mentions {
            out.push(Predicted {
                kind: event.kind.clone(),
                mode: event.mode.clone(),
                trigger: char_range(&offsets, m.trigger),
                trigger_text: doc.slice(m.trigger).to_string(),
                actor,
                actor_text: event.actor.as_ref().map(|p| p.text.clone()),
                recipient,
                recipient_text: event.recipient.as_ref().map(|p| p.text.clone()),
                negated: event.negated,
                planned: event.planned,
                event: index,
            });
        }
    }
    out.sort_by_key(|p| p.trigger);
    out
}

fn overlap(a: (u32, u32), b: (u32, u32)) -> u32 {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// One-to-one matching of gold and predicted mentions whose triggers overlap
/// (and, with `same_type`, whose types agree): largest overlap first, ties by
/// position, so the result is deterministic. Returns (gold, predicted) pairs.
fn match_mentions(gold: &[GoldMention], pred: &[Predicted], same_type: bool) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    for (g, gm) in gold.iter().enumerate() {
        for (p, pm) in pred.iter().enumerate() {
            let o = overlap((gm.trigger.start, gm.trigger.end), pm.trigger);
            if o > 0 && (!same_type || gm.kind == pm.kind) {
                candidates.push((std::cmp::Reverse(o), g, p));
            }
        }
    }
    candidates.sort();
    let (mut used_g, mut used_p) = (BTreeSet::new(), BTreeSet::new());
    let mut pairs = Vec::new();
    for (_, g, p) in candidates {
        if !used_g.contains(&g) && !used_p.contains(&p) {
            used_g.insert(g);
            used_p.insert(p);
            pairs.push((g, p));
        }
    }
    pairs.sort();
    pairs
}

/// Precision, recall and F1 counts.
#[derive(Default, Clone, Copy)]
struct Prf {
    matched: usize,
    gold: usize,
    predicted: usize,
}

impl Prf {
    fn line(&self, label: &str) -> String {
        let p = ratio(self.matched, self.predicted);
        let r = ratio(self.matched, self.gold);
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        format!(
            "{label:<22} P {:>5.1}%  R {:>5.1}%  F1 {:>5.1}%   (matched {}, gold {}, predicted {})",
            100.0 * p,
            100.0 * r,
            100.0 * f,
            self.matched,
            self.gold,
            self.predicted
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Agreement counter: `hits` out of `total`.
#[derive(Default)]
struct Rate {
    hits: usize,
    total: usize,
}

impl Rate {
    fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hits += usize::from(hit);
    }

    fn line(&self, label: &str) -> String {
        format!(
            "{label:<34} {:>5.1}%  ({} / {})",
            100.0 * ratio(self.hits, self.total),
            self.hits,
            self.total
        )
    }
}

/// A window of the text around a code point range, for the verbose listing.
fn context(text: &str, range: (u32, u32)) -> String {
    context_of_width(text, range, 30)
}

/// [`context`] with `width` code points either side.
fn context_of_width(text: &str, (start, end): (u32, u32), width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (s, e) = (start as usize, (end as usize).min(chars.len()));
    let from = s.saturating_sub(width);
    let to = (e + width).min(chars.len());
    let piece = |a: usize, b: usize| chars[a..b].iter().collect::<String>().replace('\n', " ");
    format!("…{}[{}]{}…", piece(from, s), piece(s, e), piece(e, to))
}

fn run() -> Result<()> {
    let opts = parse_args()?;
    if !opts.shared.join("data/news").is_dir() {
        bail!("{} has no data/news: pass --shared DIR", opts.shared.display());
    }
    let gold = load_gold(&opts.gold)?;
    let wanted: BTreeSet<String> = gold.iter().map(|a| a.id.clone()).collect();
    let articles = load_articles(&opts.shared, &wanted)?;
    let annotator =
        Annotator::new(&AnnotateConfig::default()).map_err(|e| anyhow!("building the annotator: {e}"))?;

    let (mut trig, mut typed) = (Prf::default(), Prf::default());
    let mut per_type: BTreeMap<String, Prf> = BTreeMap::new();
    let (mut mode, mut actor, mut recipient, mut negated, mut planned) =
        (Rate::default(), Rate::default(), Rate::default(), Rate::default(), Rate::default());
    let mut confusions: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut false_alarms = Vec::new();
    let mut role_misses = Vec::new();
    let mut mode_misses = Vec::new();
    let mut links = Prf::default();
    let mut link_misses = Vec::new();
    let mut gold_events = 0;

    for g in &gold {
        let Some(article) = articles.get(&g.id) else {
            bail!("article {} ({}) not found under {}", g.id, g.corpus, opts.shared.display());
        };
        let text = &article.text;
        // The gold offsets must still slice the corpus text they were made on.
        for m in &g.events {
            let got: String = text
                .chars()
                .skip(m.trigger.start as usize)
                .take((m.trigger.end - m.trigger.start) as usize)
                .collect();
            if got != m.trigger.text {
                bail!("{}: gold trigger {:?} does not match the text ({got:?})", g.id, m.trigger.text);
            }
        }
        gold_events += g.events.iter().map(|m| &m.event_id).collect::<BTreeSet<_>>().len();
        let pred = predict(&annotator, g, article);

        let by_trigger = match_mentions(&g.events, &pred, false);
        trig.matched += by_trigger.len();
        trig.gold += g.events.len();
        trig.predicted += pred.len();
        for &(gi, pi) in &by_trigger {
            if g.events[gi].kind != pred[pi].kind {
                *confusions.entry((g.events[gi].kind.clone(), pred[pi].kind.clone())).or_default() += 1;
            }
        }

        let by_type = match_mentions(&g.events, &pred, true);
        typed.matched += by_type.len();
        typed.gold += g.events.len();
        typed.predicted += pred.len();
        for m in &g.events {
            per_type.entry(m.kind.clone()).or_default().gold += 1;
        }
        for p in &pred {
            per_type.entry(p.kind.clone()).or_default().predicted += 1;
        }
        for &(gi, pi) in &by_type {
            let (gm, pm) = (&g.events[gi], &pred[pi]);
            per_type.entry(gm.kind.clone()).or_default().matched += 1;
            if let Some(gmode) = &gm.mode {
                let hit = pm.mode.as_deref() == Some(gmode.as_str());
                mode.add(hit);
                if !hit {
                    mode_misses.push(format!(
                        "{}  {:<9} gold {:<14} predicted {:<14} {}",
                        g.id,
                        gm.kind,
                        gmode,
                        pm.mode.as_deref().unwrap_or("-"),
                        context_of_width(text, (gm.trigger.start, gm.trigger.end), 70)
                    ));
                }
            }
            for (role, gold_span, span, span_text, rate) in [
                ("actor", &gm.actor, pm.actor, &pm.actor_text, &mut actor),
                ("recipient", &gm.recipient, pm.recipient, &pm.recipient_text, &mut recipient),
            ] {
                let Some(gs) = gold_span else { continue };
                let hit = span.is_some_and(|r| overlap(r, (gs.start, gs.end)) > 0);
                rate.add(hit);
                if !hit {
                    role_misses.push(format!(
                        "{}  {:<9} {:<10} trigger {}  gold {}  predicted {}\n      {}",
                        g.id,
                        gm.kind,
                        role,
                        gm.trigger.text,
                        gs.text,
                        span_text.as_deref().unwrap_or("-"),
                        context_of_width(text, (gm.trigger.start, gm.trigger.end), 70)
                    ));
                }
            }
            negated.add(gm.negated == pm.negated);
            planned.add(gm.planned == pm.planned);
        }

        // Grouping: over pairs of matched mentions, do gold and prediction
        // agree that the two are (or are not) one event?
        for (a, &(ga, pa)) in by_type.iter().enumerate() {
            for &(gb, pb) in &by_type[a + 1..] {
                let gold_same = g.events[ga].event_id == g.events[gb].event_id;
                let pred_same = pred[pa].event == pred[pb].event;
                links.gold += usize::from(gold_same);
                links.predicted += usize::from(pred_same);
                links.matched += usize::from(gold_same && pred_same);
                if gold_same != pred_same {
                    link_misses.push(format!(
                        "{}  {:<9} {} {} + {}",
                        g.id,
                        g.events[ga].kind,
                        if pred_same { "merged, gold apart:" } else { "apart, gold merged:" },
                        context(text, (g.events[ga].trigger.start, g.events[ga].trigger.end)),
                        context(text, (g.events[gb].trigger.start, g.events[gb].trigger.end)),
                    ));
                }
            }
        }

        let matched_g: BTreeSet<usize> = by_trigger.iter().map(|&(gi, _)| gi).collect();
        let matched_p: BTreeSet<usize> = by_trigger.iter().map(|&(_, pi)| pi).collect();
        for (_, m) in g.events.iter().enumerate().filter(|(i, _)| !matched_g.contains(i)) {
            misses.push(format!(
                "{}  {:<9} {:<16} {}",
                g.id,
                m.kind,
                m.mode.as_deref().unwrap_or("-"),
                context(text, (m.trigger.start, m.trigger.end))
            ));
        }
        for (_, p) in pred.iter().enumerate().filter(|(i, _)| !matched_p.contains(i)) {
            false_alarms.push(format!(
                "{}  {:<9} {:<16} {}  ({})",
                g.id,
                p.kind,
                p.mode.as_deref().unwrap_or("-"),
                context(text, p.trigger),
                p.trigger_text
            ));
        }
    }

    println!(
        "Marsad event dev set: {} articles, {} gold mentions of {} events",
        gold.len(),
        trig.gold,
        gold_events
    );
    println!("{}", trig.line("trigger"));
    println!("{}", typed.line("type+trigger"));
    println!("\nper type (type+trigger):");
    for (kind, prf) in &per_type {
        println!("  {}", prf.line(kind));
    }
    println!("\non type+trigger matches:");
    println!("  {}", mode.line("mode accuracy (gold has a mode)"));
    println!("  {}", actor.line("actor overlaps (gold has an actor)"));
    println!("  {}", recipient.line("recipient overlaps (gold has one)"));
    println!("  {}", negated.line("negated flag agrees"));
    println!("  {}", planned.line("planned flag agrees"));
    println!("  {}", links.line("same-event links"));
    if !confusions.is_empty() {
        println!("\ntype confusions on trigger matches (gold -> predicted):");
        let mut list: Vec<_> = confusions.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for ((g, p), n) in list {
            println!("  {g:<9} -> {p:<9} {n}");
        }
    }
    if opts.verbose {
        println!("\nmisses (gold mentions no prediction overlaps): {}", misses.len());
        for m in &misses {
            println!("  {m}");
        }
        println!("\nfalse alarms (predictions overlapping no gold mention): {}", false_alarms.len());
        for f in &false_alarms {
            println!("  {f}");
        }
        println!("\nsame-event disagreements on type+trigger matches: {}", link_misses.len());
        for m in &link_misses {
            println!("  {m}");
        }
        println!("\nmode disagreements on type+trigger matches: {}", mode_misses.len());
        for m in &mode_misses {
            println!("  {m}");
        }
        println!("\nactor / recipient disagreements on type+trigger matches: {}", role_misses.len());
        for r in &role_misses {
            println!("  {r}");
        }
    }
    Ok(())
}

fn main() -> Result<()> {
    run()
}

// Run with `cargo test -p marsad-events --example eval_events`.
#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    fn gold_mention(kind: &str, start: u32, end: u32) -> GoldMention {
        GoldMention {
            event_id: "e1".into(),
            kind: kind.into(),
            mode: None,
            trigger: GoldSpan { start, end, text: String::new() },
            actor: None,
            recipient: None,
            negated: false,
            planned: false,
        }
    }

    fn predicted(kind: &str, start: u32, end: u32) -> Predicted {
        Predicted {
            kind: kind.into(),
            mode: None,
            trigger: (start, end),
            trigger_text: String::new(),
            actor: None,
            actor_text: None,
            recipient: None,
            recipient_text: None,
            negated: false,
            planned: false,
            event: 0,
        }
    }

    /// Mentions written `TYPE start-end`, comma-separated; prints the
    /// (gold, predicted) index pairs for trigger-only and typed matching.
    fn check_matching(gold: &str, pred: &str, expect: Expect) {
        let parse = |s: &str| -> Vec<(String, u32, u32)> {
            s.split(',')
                .filter(|x| !x.trim().is_empty())
                .map(|x| {
                    let (kind, range) = x.trim().split_once(' ').unwrap();
                    let (a, b) = range.split_once('-').unwrap();
                    (kind.to_string(), a.parse().unwrap(), b.parse().unwrap())
                })
                .collect()
        };
        let g: Vec<_> = parse(gold).into_iter().map(|(k, a, b)| gold_mention(&k, a, b)).collect();
        let p: Vec<_> = parse(pred).into_iter().map(|(k, a, b)| predicted(&k, a, b)).collect();
        let any = match_mentions(&g, &p, false);
        let typed = match_mentions(&g, &p, true);
        expect.assert_eq(&format!("trigger {any:?} typed {typed:?}"));
    }

    #[test]
    fn matching_is_one_to_one_by_overlap() {
        // Same span, same type.
        check_matching("ASSAULT 0-5", "ASSAULT 0-5", expect!["trigger [(0, 0)] typed [(0, 0)]"]);
        // Touching spans do not overlap (half-open).
        check_matching("ASSAULT 0-5", "ASSAULT 5-9", expect!["trigger [] typed []"]);
        // A wider prediction overlapping a gold span still matches; a type
        // mismatch matches on the trigger only.
        check_matching("RETREAT 10-15", "SANCTION 8-20", expect!["trigger [(0, 0)] typed []"]);
        // One prediction cannot match two gold mentions: the larger overlap wins.
        check_matching(
            "CONSULT 0-4, CONSULT 4-12",
            "CONSULT 2-10",
            expect!["trigger [(1, 0)] typed [(1, 0)]"],
        );
        // Typed matching may pick a different partner than trigger matching.
        check_matching("AGREE 0-10", "AID 0-10, AGREE 5-7", expect!["trigger [(0, 0)] typed [(0, 1)]"]);
        check_matching("", "ASSAULT 0-3", expect!["trigger [] typed []"]);
    }

    #[test]
    fn scores_print_precision_recall_f1() {
        let prf = Prf { matched: 3, gold: 4, predicted: 6 };
        expect!["x                      P  50.0%  R  75.0%  F1  60.0%   (matched 3, gold 4, predicted 6)"]
            .assert_eq(&prf.line("x"));
        let empty = Prf::default();
        expect!["x                      P   0.0%  R   0.0%  F1   0.0%   (matched 0, gold 0, predicted 0)"]
            .assert_eq(&empty.line("x"));
    }

    #[test]
    fn context_marks_the_span_in_code_points() {
        expect!["…قال إن [الجيش] انسحب…"].assert_eq(&context("قال إن الجيش انسحب", (7, 12)));
    }

    /// The committed gold file is well formed: known types, non-empty spans
    /// whose quoted text has the span's length, mentions in text order.
    #[test]
    fn gold_file_is_well_formed() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../evals/events/gold.jsonl");
        let gold = load_gold(&path).unwrap();
        assert!(gold.len() >= 40, "{} articles", gold.len());
        let mut mentions = 0;
        for a in &gold {
            assert!(a.corpus == "ant" || a.corpus == "snn", "{}: corpus {}", a.id, a.corpus);
            assert!(
                chrono::NaiveDate::parse_from_str(&a.date, "%Y-%m-%d").is_ok(),
                "{}: date {}",
                a.id,
                a.date
            );
            let mut last = None;
            for m in &a.events {
                mentions += 1;
                assert!(marsad_events::PLOVER_TYPES.contains(&m.kind.as_str()), "{}: type {}", a.id, m.kind);
                assert!(!m.event_id.is_empty() && m.mode.as_deref() != Some(""), "{}: {m:?}", a.id);
                for span in [Some(&m.trigger), m.actor.as_ref(), m.recipient.as_ref()].into_iter().flatten() {
                    assert!(span.start < span.end, "{}: empty span {span:?}", a.id);
                    assert_eq!(span.text.chars().count() as u32, span.end - span.start, "{}: {span:?}", a.id);
                }
                assert!(last < Some(m.trigger.start), "{}: mentions out of order at {:?}", a.id, m.trigger);
                last = Some(m.trigger.start);
            }
        }
        assert!(mentions >= 300, "{mentions} mentions");
    }
}
