//! Finding place mentions in an article and resolving each to one gazetteer
//! entry, using the article's own context.

use crate::fold::{fold_key, is_word_char, FoldedView};
use crate::gazetteer::{Entry, Gazetteer, Key, EMBEDDED_FILE};
use crate::nationality::{nationality, nationality_of_folded};
use crate::prefix::{strip_to_place_word, PlaceWord, LAM_PROCLITICS, PROCLITICS};
use crate::unlisted::add_unlisted_places;
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use marsad_arabic::stem::FxHashSet;
use marsad_core::{Doc, Entity, Layer, Origin, Place, PlaceKind, Stage, TextRange};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

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
    /// Bonus for a city named in an article's dateline (`تونس 25 شوال`): the
    /// city, not the country or province of the same name.
    pub dateline_city_bonus: f32,
    /// How much better a proclitic reading of a word (`و` + `جدة`) must score
    /// than the whole word read as a name (`وجدة`, Oujda) to be taken.
    pub clitic_reading_margin: f32,
    /// Bonus for a country reading of a name listed next to countries
    /// (`والبحرين وعمان والكويت`: Oman, not Amman).
    pub country_list_bonus: f32,
    /// Bonus for a settlement or site within about 150 km of one the article
    /// names without doubt.
    pub nearby_bonus: f32,
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
            dateline_city_bonus: 0.4,
            clitic_reading_margin: 0.2,
            country_list_bonus: 0.3,
            nearby_bonus: 0.1,
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
    /// True when proclitics precede the name inside its word (`وبغداد`).
    after_clitics: bool,
    /// Those proclitics, when they are one of [`ALTERNATIVE_PROCLITICS`].
    clitics: Option<&'static str>,
    /// Another reading of the same word: proclitics plus a shorter name
    /// (`وجدة` is Oujda, or و + جدة, Jeddah). The context decides.
    alternative: Option<Box<Span>>,
}

/// Finds place mentions (whole words, after proclitics, longest first) and
/// resolves each to a gazetteer entry using the places the article itself
/// mentions. Built once (may fail), then run on many documents (never fails).
pub struct PlaceResolver {
    gazetteer: Gazetteer,
    keys: Vec<Key>,
    patterns: Vec<Pattern>,
    /// The names as an anchored automaton: walked from each position where
    /// a name may start (see [`PlaceResolver::find_spans`]).
    automaton: NFA,
    /// The first word of every name (its leading word characters; empty
    /// for a name that starts with another character).
    first_words: FxHashSet<String>,
    /// True when some name starts with a character that is not a word's.
    some_name_starts_off_word: bool,
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
        // A contiguous NFA builds fast and walks fast enough; the full DFA
        // costs far more memory for little gain (STACK-NOTES). Anchored only:
        // a name starts at a word start or after proclitics, so the resolver
        // walks it from those positions instead of scanning every byte.
        let automaton = NFA::builder().match_kind(MatchKind::Standard).prefilter(false).build(&texts)?;
        let first_words = texts
            .iter()
            .map(|text| text.split(|c: char| !is_word_char(c)).next().unwrap_or_default().to_string())
            .collect::<FxHashSet<String>>();
        let some_name_starts_off_word = first_words.contains("");
        Ok(PlaceResolver {
            gazetteer,
            keys,
            patterns,
            automaton,
            first_words,
            some_name_starts_off_word,
            config,
        })
    }

    /// The gazetteer this resolver matches against.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Number of distinct matching keys (names after folding).
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// The place mentions of a text, in text order: the names the gazetteer
    /// lists. See [`PlaceResolver::resolve_with_entities`] for the names it
    /// does not list.
    pub fn resolve(&self, text: &str) -> Vec<Place> {
        self.resolve_with_entities(text, &[])
    }

    /// The place mentions of a text, in text order, using the named-entity
    /// stage's output (`entities`, byte ranges into `text`) as evidence for
    /// names the gazetteer does not list: a word after a place word that is
    /// tagged as a location (`قرية رينيه`), or after a place word that
    /// rarely precedes anything else (`حي الكلاسة`), becomes a place located
    /// at the nearest listed place of its sentence (`near:` ids, origin
    /// rule `places-unlisted-name`, low confidence).
    pub fn resolve_with_entities(&self, text: &str, entities: &[Entity]) -> Vec<Place> {
        if text.len() >= u32::MAX as usize {
            return Vec::new();
        }
        let view = FoldedView::new(text);
        let spans = self.find_spans(&view.text);
        let mut places = self.disambiguate(text, &view, spans);
        add_unlisted_places(text, &view, &self.gazetteer, entities, &mut places);
        places
    }

    /// Whole-word matches, clitics and place words checked, overlaps resolved
    /// longest first.
    fn find_spans(&self, view: &str) -> Vec<Span> {
        let mut found: Vec<Span> = Vec::new();
        for (start, end, pattern) in self.name_matches(view) {
            let pattern = self.patterns[pattern];
            let key = &self.keys[pattern.key as usize];
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
            // `التساقطات المطرية`: a nisba-shaped name after a definite noun is its adjective.
            if key.words == 1
                && clitics.is_empty()
                && place_word.is_none()
                && nisba_shaped(&key.key)
                && follows_definite_noun(view, word_start)
                && !previous_word(view, word_start).is_some_and(|w| APPOSITION_HEADS.contains(&w))
            {
                continue;
            }
            // A common word or a very short name needs a specific place word:
            // `مدينة صور`, not `منطقة تل`.
            if key.needs_prefix && !place_word.is_some_and(|(_, w)| w.specific) {
                continue;
            }
            let mention_start = match place_word {
                Some((at, w)) if w.in_name => at,
                _ => start,
            };
            // `لـ«الشرق الأوسط»`, `تنظيم «ولاية سيناء»`: a name alone inside
            // guillemets after `ل` or a word for a title, or a region's name so
            // quoted, is a newspaper's, group's or event's name, not a place.
            // (Other names are often quoted for emphasis: `«قاعدة العند»`.)
            if view[..mention_start].ends_with('«') && view[end..].starts_with('»') {
                let before = &view[..mention_start - '«'.len_utf8()];
                let title = before.ends_with('ل')
                    || previous_word(view, before.trim_end().len() + usize::from(before.ends_with(' ')))
                        .is_some_and(|w| TITLE_WORDS.contains(&strip_proclitics(w)));
                let region = key
                    .entries
                    .iter()
                    .all(|&e| self.gazetteer.entries()[e as usize].kind == PlaceKind::Region);
                if title || region {
                    continue;
                }
            }
            found.push(Span {
                start: mention_start,
                end,
                key: pattern.key,
                place_word: place_word.map(|p| p.1),
                after_clitics: !clitics.is_empty(),
                clitics: ALTERNATIVE_PROCLITICS.iter().find(|&&p| p == clitics).copied(),
                alternative: None,
            });
        }
        // Longest first, then leftmost; keep those that overlap nothing kept.
        found.sort_by(|a, b| (b.end - b.start).cmp(&(a.end - a.start)).then(a.start.cmp(&b.start)));
        let mut kept: Vec<Span> = Vec::new();
        for span in found {
            if let Some(k) = kept.iter_mut().find(|k| span.start < k.end && k.start < span.end) {
                // A whole word that is a name, and also proclitics plus a name.
                // Only the common proclitics: `ك` + a name is rarer than a
                // name that starts with ك (كورونا is not ك + ورونا).
                let other_reading = span.clitics.is_some()
                    && !k.after_clitics
                    && k.place_word.is_none()
                    && span.place_word.is_none()
                    && span.end == k.end
                    && span.start > k.start
                    && self.keys[k.key as usize].words == 1;
                if other_reading && k.alternative.is_none() {
                    k.alternative = Some(Box::new(span));
                }
                continue;
            }
            kept.push(span);
        }
        kept.sort_by_key(|s| s.start);
        kept
    }

    /// Every name occurrence `(start, end, pattern)` that may pass the
    /// clitic and whole-word tests of [`PlaceResolver::find_spans`]: those
    /// starting where the word characters before them in their word are
    /// none or a proclitic sequence, and whose first word is some name's
    /// first word (a name must run to the end of the word it starts in).
    /// The same occurrences, in the same order for one start and end, as an
    /// unanchored overlapping search over the whole view would give after
    /// those tests, at a fraction of the work: most words are no name's
    /// first word (one hash lookup), and the automaton is walked only from
    /// the others.
    fn name_matches(&self, view: &str) -> Vec<(usize, usize, usize)> {
        let mut matches = Vec::new();
        // Start of the run of word characters that ends at the current position.
        let mut run_start = 0;
        let mut in_word = false;
        for (at, c) in view.char_indices() {
            let word = is_word_char(c);
            if word {
                if !in_word {
                    run_start = at;
                    in_word = true;
                }
                continue;
            }
            if in_word {
                self.matches_in_word(view, run_start, at, &mut matches);
                in_word = false;
            }
            // A name may also start with a character that is not a word's.
            if self.some_name_starts_off_word {
                self.walk_from(view, at, &mut matches);
            }
        }
        if in_word {
            self.matches_in_word(view, run_start, view.len(), &mut matches);
        }
        matches
    }

    /// The names that start in the word `view[start..end]`: at its start or
    /// after its proclitics, where the rest of the word is a name's first word.
    fn matches_in_word(
        &self,
        view: &str,
        start: usize,
        end: usize,
        matches: &mut Vec<(usize, usize, usize)>,
    ) {
        let word = &view[start..end];
        if self.first_words.contains(word) {
            self.walk_from(view, start, matches);
        }
        // Proclitic sequences are at most two two-byte letters, and start
        // with و ف ب ل or ك (tested on the bytes first: most words do not).
        let starts_with_proclitic =
            matches!(word.as_bytes(), [0xD9, 0x88 | 0x81 | 0x84 | 0x83, ..] | [0xD8, 0xA8, ..]);
        if !starts_with_proclitic {
            return;
        }
        for (i, _) in word.char_indices().skip(1).take_while(|&(i, _)| i <= 4) {
            if PROCLITICS.contains(&&word[..i]) && self.first_words.contains(&word[i..]) {
                self.walk_from(view, start + i, matches);
            }
        }
    }

    /// Walks the anchored automaton from `at` and records every name that
    /// starts there.
    fn walk_from(&self, view: &str, at: usize, matches: &mut Vec<(usize, usize, usize)>) {
        let aut = &self.automaton;
        // An NFA always has an anchored start state.
        let Ok(mut state) = aut.start_state(Anchored::Yes) else { return };
        for (depth, &b) in view.as_bytes()[at..].iter().enumerate() {
            state = aut.next_state(Anchored::Yes, state, b);
            if aut.is_dead(state) {
                break;
            }
            if aut.is_match(state) {
                let len = depth + 1;
                for i in 0..aut.match_len(state) {
                    let pattern = aut.match_pattern(state, i);
                    // Only names that start here, not shorter ones that end here.
                    if aut.pattern_len(pattern) == len {
                        matches.push((at, at + len, pattern.as_usize()));
                    }
                }
            }
        }
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

    /// The article's own context: the countries and provinces it names
    /// without doubt (a country, or a name whose every candidate lies in one
    /// country), and the countries its nationality adjectives name.
    fn context<'a>(&'a self, view: &str, spans: &[Span]) -> Context<'a> {
        let entries = self.gazetteer.entries();
        let cfg = &self.config;
        let mut ctx = Context::default();
        for span in spans {
            // A word with two readings (وجدة) says nothing certain.
            if span.alternative.is_some() {
                continue;
            }
            let key = &self.keys[span.key as usize];
            let cands: Vec<&Entry> = key.entries.iter().map(|&e| &entries[e as usize]).collect();
            let first = cands[0];
            let one_country = cands.iter().all(|e| e.country == first.country) && !first.country.is_empty();
            let best_prior = cands.iter().map(|e| e.prior()).fold(0.0, f32::max);
            if one_country
                && !key.needs_country
                && (best_prior >= cfg.min_score || first.kind == PlaceKind::Country)
            {
                *ctx.countries.entry(first.country.as_str()).or_default() += 1;
                // A settlement or site named without doubt anchors the story on the map.
                if cands.len() == 1 && matches!(first.kind, PlaceKind::City | PlaceKind::Facility) {
                    ctx.anchors.push((first.lat, first.lon));
                }
                for e in &cands {
                    if e.kind == PlaceKind::Admin1 {
                        if let Some(code) = e.id.strip_prefix("iso:") {
                            *ctx.admin1s.entry(code.to_string()).or_default() += 1;
                        }
                    } else if let Some(a) = &e.admin1 {
                        *ctx.admin1s.entry(a.clone()).or_default() += 1;
                    }
                }
            }
        }
        // Most mentioned; ties go to the first in code order (deterministic).
        ctx.focus = ctx.countries.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(c, _)| *c);
        // `العاصمة الأردنية عمان`: adjectives name countries too. They count as
        // mentioned, not for the focus (`القوات الأمريكية` in a Syrian story).
        for word in view.split(|c: char| !is_word_char(c)) {
            if let Some(code) = nationality_of_folded(word) {
                ctx.adjectives.insert(code);
            }
        }
        ctx
    }

    /// Each candidate of a span with its score in context, best first.
    fn score<'a>(&'a self, span: &Span, ctx: &Context<'_>, dateline: bool) -> Vec<(f32, &'a Entry)> {
        let entries = self.gazetteer.entries();
        let cfg = &self.config;
        let key = &self.keys[span.key as usize];
        // A country's name that is also a big city's abroad (عمان: Oman, or
        // Amman) is not the country by default: context decides.
        let country_named_like_a_city_abroad = key.entries.iter().any(|&e| {
            let city = &entries[e as usize];
            city.kind == PlaceKind::City
                && city.population >= 1_000_000
                && key.entries.iter().any(|&c| {
                    let country = &entries[c as usize];
                    country.kind == PlaceKind::Country && country.country != city.country
                })
        });
        let mut scored: Vec<(f32, &Entry)> =
            key.entries
                .iter()
                .filter(|&&e| {
                    let country = entries[e as usize].country.as_str();
                    !key.needs_country || country.is_empty() || ctx.mentions(country)
                })
                .map(|&e| {
                    let entry = &entries[e as usize];
                    let mut score = entry.prior();
                    if entry.kind == PlaceKind::Country && country_named_like_a_city_abroad {
                        score -= 0.2;
                    }
                    if key.words > 1 {
                        score += cfg.multiword_bonus;
                    }
                    if entry.country.is_empty() {
                        // Regions and seas span countries: context never counts
                        // against them (البحر الأحمر the sea, not the province).
                        score += cfg.focus_country_bonus;
                    } else if Some(entry.country.as_str()) == ctx.focus {
                        score += cfg.focus_country_bonus;
                    } else if ctx.mentions(entry.country.as_str()) {
                        score += cfg.mentioned_country_bonus;
                    }
                    if entry.kind != PlaceKind::Admin1
                        && entry.admin1.as_ref().is_some_and(|a| ctx.admin1s.contains_key(a))
                    {
                        score += cfg.mentioned_admin1_bonus;
                    }
                    // Near a place the article names without doubt (Amman near
                    // Jerusalem, rather than Oman): within about 150 km.
                    if matches!(entry.kind, PlaceKind::City | PlaceKind::Facility)
                        && ctx.anchors.iter().any(|&(lat, lon)| {
                            (lat - entry.lat).abs() <= 1.4 && (lon - entry.lon).abs() <= 1.4
                        })
                    {
                        score += cfg.nearby_bonus;
                    }
                    if let Some(w) = span.place_word {
                        if w.kinds.contains(&entry.kind) {
                            score += cfg.place_word_bonus;
                        } else {
                            score -= cfg.place_word_bonus;
                        }
                    }
                    // A dateline (`تونس 25 شوال`, `عمان، الأردن (CNN)`) names the city
                    // the story was filed from, not the country or province.
                    if dateline && entry.kind == PlaceKind::City {
                        score += cfg.dateline_city_bonus;
                    }
                    (score, entry)
                })
                .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        // A bare name shared by a province and its capital (إدلب, القدس) is
        // the city: the province needs its place word (`محافظة إدلب`).
        if span.place_word.is_none() {
            if let Some(&(best, province)) = scored.first().filter(|s| s.1.kind == PlaceKind::Admin1) {
                let capital = scored.iter().position(|&(_, e)| {
                    e.kind == PlaceKind::City && {
                        let (dlat, dlon) = ((e.lat - province.lat).abs(), (e.lon - province.lon).abs());
                        (e.country == province.country && dlat <= 1.5 && dlon <= 1.5)
                            || (dlat <= 0.5 && dlon <= 0.5)
                    }
                });
                if let Some(i) = capital {
                    let city = scored.remove(i).1;
                    scored.insert(0, (best, city));
                }
            }
        }
        scored
    }

    /// Scores each span's candidates with the article's context and keeps the
    /// confident ones.
    fn disambiguate(&self, text: &str, view: &FoldedView, spans: Vec<Span>) -> Vec<Place> {
        let cfg = &self.config;
        let ctx = self.context(&view.text, &spans);
        // `والبحرين وعمان والكويت`: a name in a list of countries is a country.
        let country_only = |span: &Span| {
            let key = &self.keys[span.key as usize];
            key.entries.iter().all(|&e| self.gazetteer.entries()[e as usize].kind == PlaceKind::Country)
        };
        let listed = |a: &Span, b: &Span| {
            let gap = &view.text[a.end..b.start];
            gap.len() <= 8
                && gap.chars().all(|c| c.is_whitespace() || matches!(c, '،' | ',' | 'و' | '/' | '-'))
        };
        let among_countries: Vec<bool> = (0..spans.len())
            .map(|i| {
                (i > 0 && listed(&spans[i - 1], &spans[i]) && country_only(&spans[i - 1]))
                    || (i + 1 < spans.len()
                        && listed(&spans[i], &spans[i + 1])
                        && country_only(&spans[i + 1]))
            })
            .collect();
        let mut places = Vec::new();
        for (mut span, among_countries) in spans.into_iter().zip(among_countries) {
            let dateline = is_dateline(&view.text, span.start, span.end);
            let mut scored = self.score(&span, &ctx, dateline);
            if among_countries {
                for s in scored.iter_mut().filter(|s| s.1.kind == PlaceKind::Country) {
                    s.0 += cfg.country_list_bonus;
                }
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
            }
            // Of two readings of one word, the proclitic one must win clearly:
            // a whole word is the likelier reading.
            if let Some(alternative) = span.alternative.take() {
                let other = self.score(&alternative, &ctx, false);
                let best = |s: &[(f32, &Entry)]| s.first().map_or(f32::MIN, |c| c.0);
                if best(&other) >= best(&scored) + cfg.clitic_reading_margin {
                    span = *alternative;
                    scored = other;
                }
            }
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

/// Words before a quoted title (folded): `صحيفة «الرياض»`, `تنظيم «ولاية سيناء»`.
const TITLE_WORDS: &[&str] = &[
    "تنظيم",
    "جريده",
    "جماعه",
    "حركه",
    "شبكه",
    "شركه",
    "صحيفه",
    "عمليه",
    "فريق",
    "قناه",
    "مجله",
    "مجموعه",
    "موتمر",
    "موقع",
    "نادي",
    "وكاله",
];

/// A folded word without its proclitics (`وصحيفه` → `صحيفه`), when what
/// remains is still a word.
fn strip_proclitics(word: &str) -> &str {
    PROCLITICS
        .iter()
        .find_map(|p| word.strip_prefix(p).filter(|rest| rest.chars().count() > 2))
        .unwrap_or(word)
}

/// Proclitics whose reading (`و` + `جدة`) may beat a whole word that is a
/// name (`وجدة`): the conjunction and the common prepositions.
const ALTERNATIVE_PROCLITICS: &[&str] = &["و", "ب", "ل", "وب", "ول"];

/// What an article itself says about where it is.
#[derive(Default)]
struct Context<'a> {
    /// Countries named without doubt, with how often.
    countries: BTreeMap<&'a str, u32>,
    /// First-level divisions (ISO 3166-2) named or implied without doubt.
    admin1s: BTreeMap<String, u32>,
    /// The most named country.
    focus: Option<&'a str>,
    /// Countries named by nationality adjectives (`الأردنية`).
    adjectives: BTreeSet<&'static str>,
    /// Coordinates of the settlements and sites named without doubt.
    anchors: Vec<(f64, f64)>,
}

impl Context<'_> {
    /// True when the article names this country or uses its adjective.
    fn mentions(&self, country: &str) -> bool {
        self.countries.contains_key(country) || self.adjectives.contains(country)
    }
}

/// True when a mention is an article's dateline: the first words of the
/// text, followed by a date, a comma, a bracket or a dash (`تونس 25 شوال`,
/// `عمان، الأردن (CNN)`, `بغداد - `).
fn is_dateline(view: &str, start: usize, end: usize) -> bool {
    if !view[..start].trim().is_empty() {
        return false;
    }
    let rest = view[end..].trim_start();
    rest.starts_with(|c: char| c.is_numeric() || matches!(c, '،' | ',' | '(' | '-' | '–' | ':' | '/'))
}

/// True when the word before `word_start` (one space before it) is a
/// definite word, its own proclitics aside: `الحكومة` in `الحكومة السعودية`,
/// `للمرأة` in `للمرأة السعودية`, `بالعاصمة` in `بالعاصمة السعودية`.
fn follows_definite_noun(view: &str, word_start: usize) -> bool {
    let Some(prev) = previous_word(view, word_start) else { return false };
    // Adverbs with the article: `وبالذات السعودية` names the country.
    if ["بالذات", "وبالذات", "بالتحديد", "وبالتحديد", "بالاخص", "وبالاخص", "خصوصا", "الا"].contains(&prev)
    {
        return false;
    }
    let definite = |w: &str| w.starts_with("ال") && w.chars().count() > 3;
    if definite(prev) {
        return true;
    }
    // ل + ال writes لل (للمرأة); other proclitics leave the article whole (والحكومة).
    if let Some(rest) =
        prev.strip_prefix("لل").or_else(|| prev.strip_prefix("ولل")).or_else(|| prev.strip_prefix("فلل"))
    {
        return rest.chars().count() > 1;
    }
    PROCLITICS.iter().any(|p| prev.strip_prefix(p).is_some_and(definite))
}

/// The word right before the word starting at `word_start`, one space
/// between them (none across punctuation).
fn previous_word(view: &str, word_start: usize) -> Option<&str> {
    let before = view[..word_start].strip_suffix(' ')?;
    let start = before.char_indices().rev().take_while(|&(_, c)| is_word_char(c)).last()?.0;
    Some(&before[start..])
}

/// True for a one-word definite name shaped like a feminine nisba adjective
/// (`المطرية`, `الشرقية`): right after a definite noun it is the noun's
/// adjective (`التساقطات المطرية`, `الأحياء الشرقية`), not a place.
fn nisba_shaped(key: &str) -> bool {
    key.starts_with("ال") && key.ends_with("يه") && key.chars().count() >= 6
}

/// Definite nouns that a place name follows in apposition (`العاصمة
/// اللاذقية`, `المدينة الساحلية`), so a nisba-shaped name after them is
/// still a place (folded forms).
const APPOSITION_HEADS: &[&str] = &[
    "العاصمه",
    "المحافظه",
    "المدينه",
    "المنطقه",
    "الولايه",
    "البلده",
    "القريه",
    "الساحليه",
    "الحدوديه",
    "الساحلي",
    "الحدودي",
    "الميناء",
];

impl Stage for PlaceResolver {
    fn name(&self) -> &'static str {
        "places"
    }

    /// The entities are evidence for names the gazetteer does not list.
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Places]
    }

    fn run(&self, doc: &mut Doc) {
        doc.places = self.resolve_with_entities(doc.text(), &doc.entities);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn resolver() -> &'static PlaceResolver {
        static RESOLVER: OnceLock<PlaceResolver> = OnceLock::new();
        RESOLVER.get_or_init(|| PlaceResolver::embedded().expect("embedded resolver"))
    }

    /// What `name_matches` replaced: an unanchored overlapping search over
    /// the whole view, keeping the occurrences whose word characters before
    /// them are none or a proclitic sequence.
    fn overlapping_matches(resolver: &PlaceResolver, view: &str) -> Vec<(usize, usize, usize)> {
        static UNANCHORED: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
        let automaton = UNANCHORED.get_or_init(|| {
            let texts: Vec<String> = resolver
                .patterns
                .iter()
                .map(|p| {
                    let key = &resolver.keys[p.key as usize].key;
                    if p.lam_elided {
                        format!("ل{}", &key["ال".len()..])
                    } else {
                        key.clone()
                    }
                })
                .collect();
            aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::Standard)
                .build(&texts)
                .expect("automaton")
        });
        let mut matches: Vec<(usize, usize, usize)> = automaton
            .find_overlapping_iter(view)
            .filter(|m| {
                let start = m.start();
                let word_start = view[..start]
                    .char_indices()
                    .rev()
                    .take_while(|&(_, c)| is_word_char(c))
                    .last()
                    .map_or(start, |(i, _)| i);
                let clitics = &view[word_start..start];
                clitics.is_empty() || PROCLITICS.contains(&clitics)
            })
            .filter(|m| whole_word_at_end(view, m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        // Stable: occurrences with one start and end keep their order.
        matches.sort_by_key(|&(start, end, _)| (start, end));
        matches
    }

    /// The whole-word test of `find_spans` at a name's end.
    fn whole_word_at_end(view: &str, end: usize) -> bool {
        !view[end..].chars().next().is_some_and(is_word_char)
    }

    fn check_same_matches(text: &str) {
        let r = resolver();
        let view = FoldedView::new(text);
        let mut anchored = r.name_matches(&view.text);
        anchored.retain(|&(_, end, _)| whole_word_at_end(&view.text, end));
        anchored.sort_by_key(|&(start, end, _)| (start, end));
        assert_eq!(anchored, overlapping_matches(r, &view.text), "text: {text}");
    }

    #[test]
    fn proclitic_first_bytes() {
        // `matches_in_word` tests the first letter of a proclitic on its bytes.
        let firsts: BTreeSet<char> = PROCLITICS.iter().filter_map(|p| p.chars().next()).collect();
        let encoded: Vec<Vec<u8>> = firsts.iter().map(|c| c.to_string().into_bytes()).collect();
        assert_eq!(
            encoded,
            [vec![0xD8, 0xA8], vec![0xD9, 0x81], vec![0xD9, 0x83], vec![0xD9, 0x84], vec![0xD9, 0x88]]
        );
    }

    #[test]
    fn anchored_walk_finds_what_the_overlapping_search_found() {
        for text in [
            "في بغداد والبصرة وللعراق، ولبنان ولليمن",
            "قاعدة عين الأسد في محافظة الأنبار غرب العراق",
            "وصل إلى الرياض ثم إلى جدة ووجدة وبجدة",
            "«الشرق الأوسط» لـ«الشرق الأوسط» (القاهرة) -دمشق- الخرطوم/أم درمان",
            "  سوريافلبنان لبنانيون فالأردن وكالخليج فبالعراق",
            "New York, Paris and Washington; washington",
        ] {
            check_same_matches(text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn anchored_walk_matches_overlapping_search(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("العراق"), Just("بغداد"), Just("لبنان"), Just("الولايات المتحدة"),
                    Just("و"), Just("ب"), Just("لل"), Just("ال"), Just("ف"), Just("ك"),
                    Just("مدينة"), Just("عين"), Just("الأسد"), Just("جدة"), Just("مصر"),
                    Just(" "), Just("، "), Just("«"), Just("»"), Just("-"), Just("\n"), Just("x"),
                ],
                0..30,
            )
        ) {
            check_same_matches(&words.concat());
        }
    }
}
