//! Finding place mentions in an article and resolving each to one gazetteer
//! entry, using the article's own context.

use crate::fold::{fold_key, is_word_char, FoldedView};
use crate::gazetteer::{Entry, Gazetteer, Key, EMBEDDED_FILE};
use crate::nationality::nationality;
use crate::prefix::{strip_to_place_word, PlaceWord, LAM_PROCLITICS, PROCLITICS};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use marsad_core::{Doc, Layer, Origin, Place, PlaceKind, Stage, TextRange};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Scoring weights and the acceptance threshold.
#[derive(Clone, Debug)]
pub struct ResolverConfig {
    /// A mention whose best candidate scores below this is dropped.
    pub min_score: f32,
    /// Bonus for a candidate in the article's focus country (the most
    /// mentioned one).
    pub focus_country_bonus: f32,
    /// Bonus for a candidate in any other country the article mentions.
    pub mentioned_country_bonus: f32,
    /// Bonus for a candidate in a first-level division the article mentions.
    pub mentioned_admin1_bonus: f32,
    /// Bonus when a place word before the name fits the candidate's kind
    /// (`محافظة` for a province); the same amount is taken off when it does not.
    pub place_word_bonus: f32,
    /// Bonus for names of several words (more specific than one word).
    pub multiword_bonus: f32,
}

impl Default for ResolverConfig {
    fn default() -> ResolverConfig {
        ResolverConfig {
            min_score: 0.55,
            focus_country_bonus: 0.25,
            mentioned_country_bonus: 0.15,
            mentioned_admin1_bonus: 0.1,
            place_word_bonus: 0.3,
            multiword_bonus: 0.1,
        }
    }
}

/// Why a resolver could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The name automaton could not be built (too many or too long names).
    #[error("building the name automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// One automaton pattern: a key, possibly with its article's alef elided
/// (`لعراق` for the `ل` + `العراق` of `للعراق`).
#[derive(Clone, Copy, Debug)]
struct Pattern {
    key: u32,
    lam_elided: bool,
}

/// A validated match in the folded view, before disambiguation.
#[derive(Clone, Debug)]
struct Span {
    /// View range of the mention (place word included when it is part of the name).
    start: usize,
    end: usize,
    key: u32,
    place_word: Option<PlaceWord>,
}

/// Finds place mentions (whole words, after proclitics, longest first) and
/// resolves each to a gazetteer entry using the places the article itself
/// mentions. Built once (may fail), then run on many documents (never fails).
pub struct PlaceResolver {
    gazetteer: Gazetteer,
    keys: Vec<Key>,
    patterns: Vec<Pattern>,
    automaton: AhoCorasick,
    config: ResolverConfig,
}

impl PlaceResolver {
    /// A resolver over the embedded gazetteer with default settings.
    pub fn embedded() -> Result<PlaceResolver, BuildError> {
        PlaceResolver::new(Gazetteer::embedded(), ResolverConfig::default())
    }

    /// A resolver over `gazetteer`.
    pub fn new(gazetteer: Gazetteer, config: ResolverConfig) -> Result<PlaceResolver, BuildError> {
        let keys: Vec<Key> = gazetteer.index().into_values().collect();
        let mut patterns = Vec::with_capacity(keys.len() * 2);
        let mut texts: Vec<String> = Vec::with_capacity(keys.len() * 2);
        for (i, key) in keys.iter().enumerate() {
            texts.push(key.key.clone());
            patterns.push(Pattern { key: i as u32, lam_elided: false });
            if let Some(rest) = key.key.strip_prefix("ال") {
                if !rest.is_empty() {
                    texts.push(format!("ل{rest}"));
                    patterns.push(Pattern { key: i as u32, lam_elided: true });
                }
            }
        }
        // A contiguous NFA builds fast and scans fast enough; the full DFA
        // costs far more memory for little gain (STACK-NOTES).
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&texts)?;
        Ok(PlaceResolver { gazetteer, keys, patterns, automaton, config })
    }

    /// The gazetteer this resolver matches against.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Number of distinct matching keys (names after folding).
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// The place mentions of a text, in text order.
    pub fn resolve(&self, text: &str) -> Vec<Place> {
        if text.len() >= u32::MAX as usize {
            return Vec::new();
        }
        let view = FoldedView::new(text);
        let spans = self.find_spans(&view.text);
        self.disambiguate(text, &view, spans)
    }

    /// Whole-word matches, clitics and place words checked, overlaps resolved
    /// longest first.
    fn find_spans(&self, view: &str) -> Vec<Span> {
        let mut found: Vec<Span> = Vec::new();
        for m in self.automaton.find_overlapping_iter(view) {
            let pattern = self.patterns[m.pattern().as_usize()];
            let key = &self.keys[pattern.key as usize];
            let (start, end) = (m.start(), m.end());
            // Whole word at the end.
            if view[end..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            // At the start: a word start, or only proclitics before it in the word.
            let word_start = view[..start]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_word_char(c))
                .last()
                .map_or(start, |(i, _)| i);
            let clitics = &view[word_start..start];
            let clitics_ok = if pattern.lam_elided {
                LAM_PROCLITICS.contains(&clitics)
            } else {
                clitics.is_empty() || PROCLITICS.contains(&clitics)
            };
            if !clitics_ok {
                continue;
            }
            // A listed common word is not a proclitic plus a name (فرانس is not ف + رانس).
            if !clitics.is_empty() && self.gazetteer.is_stopword(&view[word_start..end]) {
                continue;
            }
            // A lone word that is a nationality adjective is not a place (السوري).
            // A country's name that is also its adjective (السعودية) is the
            // adjective right after a definite noun (القنصلية السعودية).
            if key.words == 1 && nationality(&view[word_start..end]).is_some() {
                let adjective = !self.is_country_key(key)
                    || (clitics.is_empty()
                        && key.key.starts_with("ال")
                        && follows_definite_noun(view, word_start));
                if adjective {
                    continue;
                }
            }
            let place_word = self.place_word_before(view, word_start);
            // A common word or a very short name needs a specific place word:
            // `مدينة صور`, not `منطقة تل`.
            if key.needs_prefix && !place_word.is_some_and(|(_, w)| w.specific) {
                continue;
            }
            let mention_start = match place_word {
                Some((at, w)) if w.in_name => at,
                _ => start,
            };
            found.push(Span {
                start: mention_start,
                end,
                key: pattern.key,
                place_word: place_word.map(|p| p.1),
            });
        }
        // Longest first, then leftmost; keep those that overlap nothing kept.
        found.sort_by(|a, b| (b.end - b.start).cmp(&(a.end - a.start)).then(a.start.cmp(&b.start)));
        let mut kept: Vec<Span> = Vec::new();
        for span in found {
            if kept.iter().all(|k| span.end <= k.start || k.end <= span.start) {
                kept.push(span);
            }
        }
        kept.sort_by_key(|s| s.start);
        kept
    }

    fn is_country_key(&self, key: &Key) -> bool {
        key.entries.iter().any(|&e| self.gazetteer.entries()[e as usize].kind == PlaceKind::Country)
    }

    /// The place word right before the word starting at `word_start`, if
    /// any: its view offset (after its own proclitics) and what it says.
    fn place_word_before(&self, view: &str, word_start: usize) -> Option<(usize, PlaceWord)> {
        let before = &view[..word_start];
        let prev_end = before.strip_suffix(' ')?.len();
        let prev_start = before[..prev_end]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c))
            .last()
            .map(|(i, _)| i)?;
        let (clitic_len, word) = strip_to_place_word(&view[prev_start..prev_end])?;
        Some((prev_start + clitic_len, word))
    }

    /// Scores each span's candidates with the article's context and keeps the
    /// confident ones.
    fn disambiguate(&self, text: &str, view: &FoldedView, spans: Vec<Span>) -> Vec<Place> {
        let entries = self.gazetteer.entries();
        let cfg = &self.config;
        // Context: countries and provinces the article names without doubt
        // (a country, or a name whose every candidate lies in one country).
        let mut countries: BTreeMap<&str, u32> = BTreeMap::new();
        let mut admin1s: BTreeMap<String, u32> = BTreeMap::new();
        for span in &spans {
            let key = &self.keys[span.key as usize];
            let cands: Vec<&Entry> = key.entries.iter().map(|&e| &entries[e as usize]).collect();
            let first = cands[0];
            let one_country = cands.iter().all(|e| e.country == first.country) && !first.country.is_empty();
            let best_prior = cands.iter().map(|e| e.prior()).fold(0.0, f32::max);
            if one_country
                && !key.needs_country
                && (best_prior >= cfg.min_score || first.kind == PlaceKind::Country)
            {
                *countries.entry(first.country.as_str()).or_default() += 1;
                for e in &cands {
                    if e.kind == PlaceKind::Admin1 {
                        if let Some(code) = e.id.strip_prefix("iso:") {
                            *admin1s.entry(code.to_string()).or_default() += 1;
                        }
                    } else if let Some(a) = &e.admin1 {
                        *admin1s.entry(a.clone()).or_default() += 1;
                    }
                }
            }
        }
        // Most mentioned; ties go to the first in code order (deterministic).
        let focus = countries.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(c, _)| *c);

        let mut places = Vec::new();
        for span in spans {
            let key = &self.keys[span.key as usize];
            let mut scored: Vec<(f32, &Entry)> = key
                .entries
                .iter()
                .filter(|&&e| {
                    let country = entries[e as usize].country.as_str();
                    !key.needs_country || country.is_empty() || countries.contains_key(country)
                })
                .map(|&e| {
                    let entry = &entries[e as usize];
                    let mut score = entry.prior();
                    if key.words > 1 {
                        score += cfg.multiword_bonus;
                    }
                    if entry.country.is_empty() {
                        // Regions and seas span countries: context never counts
                        // against them (البحر الأحمر the sea, not the province).
                        score += cfg.focus_country_bonus;
                    } else {
                        if Some(entry.country.as_str()) == focus {
                            score += cfg.focus_country_bonus;
                        } else if countries.contains_key(entry.country.as_str()) {
                            score += cfg.mentioned_country_bonus;
                        }
                    }
                    if entry.kind != PlaceKind::Admin1
                        && entry.admin1.as_ref().is_some_and(|a| admin1s.contains_key(a))
                    {
                        score += cfg.mentioned_admin1_bonus;
                    }
                    if let Some(w) = span.place_word {
                        if w.kinds.contains(&entry.kind) {
                            score += cfg.place_word_bonus;
                        } else {
                            score -= cfg.place_word_bonus;
                        }
                    }
                    (score, entry)
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
            let Some(&(best, entry)) = scored.first() else { continue };
            // A place word vouches for a name that alone would be too weak.
            let threshold = if span.place_word.is_some() { cfg.min_score - 0.15 } else { cfg.min_score };
            if best < threshold {
                continue;
            }
            // A province and its capital of the same name are not rivals: only
            // candidates in another country or over ~100 km away lower confidence.
            let rival = |e: &Entry| {
                e.country != entry.country
                    || (e.lat - entry.lat).abs() > 1.0
                    || (e.lon - entry.lon).abs() > 1.0
            };
            let second = scored.iter().skip(1).find(|s| rival(s.1)).map_or(0.0, |s| s.0.max(0.0));
            let confidence = best.min(1.0) * (0.5 + 0.5 * ((best - second) / best).clamp(0.0, 1.0));
            let start = view.source_offset(span.start);
            let end = view.source_end(span.end, text);
            if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            let file: Cow<'static, str> = if entry.file == EMBEDDED_FILE {
                Cow::Borrowed(EMBEDDED_FILE)
            } else {
                Cow::Owned(entry.file.clone())
            };
            places.push(Place {
                range: TextRange::new(start, end),
                name: entry.name().to_string(),
                lat: entry.lat,
                lon: entry.lon,
                country: entry.country.clone(),
                admin1: entry.admin1.clone(),
                kind: entry.kind,
                gazetteer_id: entry.id.clone(),
                confidence: Some((confidence * 100.0).round() / 100.0),
                origin: Origin::Lexicon { file, line: entry.line },
            });
        }
        places
    }

    /// The candidates of a mention in context, for explaining a decision:
    /// resolves `text` and returns, for the mention covering `at` (a byte
    /// offset), every candidate with its prior score.
    pub fn candidates_at(&self, text: &str, at: usize) -> Vec<(String, f32)> {
        let view = FoldedView::new(text);
        for span in self.find_spans(&view.text) {
            let (s, e) = (view.source_offset(span.start), view.source_end(span.end, text));
            if s <= at && at < e {
                let key = &self.keys[span.key as usize];
                return key
                    .entries
                    .iter()
                    .map(|&i| {
                        let entry = &self.gazetteer.entries()[i as usize];
                        (entry.id.clone(), entry.prior())
                    })
                    .collect();
            }
        }
        Vec::new()
    }

    /// The folded matching key of a name (as the resolver sees it).
    pub fn key_of(name: &str) -> String {
        fold_key(name)
    }
}

/// True when the word before `word_start` (one space before it) is a
/// definite word without proclitics (`الحكومة` in `الحكومة السعودية`).
fn follows_definite_noun(view: &str, word_start: usize) -> bool {
    let Some(before) = view[..word_start].strip_suffix(' ') else { return false };
    let prev: String =
        before.chars().rev().take_while(|&c| is_word_char(c)).collect::<Vec<_>>().into_iter().rev().collect();
    prev.starts_with("ال") && prev.chars().count() > 3
}

impl Stage for PlaceResolver {
    fn name(&self) -> &'static str {
        "places"
    }

    fn requires(&self) -> &'static [Layer] {
        &[]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Places]
    }

    fn run(&self, doc: &mut Doc) {
        doc.places = self.resolve(doc.text());
    }
}
