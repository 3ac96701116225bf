//! Numeric claims: a number from `doc.numbers` with the noun it counts.
//!
//! A number is a claim when it counts something. The counted noun is found,
//! in order:
//!
//! 1. in the closed unit lexicon, right after the number (`6 صحفيين`, `2.5
//!    مليار دولار`, `5 من الجنود`), or as a total before it (`ارتفع عدد القتلى
//!    إلى 50`); a percentage needs no noun;
//! 2. `آخرون` / `منهم` take the previous claim's noun (`وأصيب 30 آخرون`);
//! 3. **open**: any word right after the number in the tamyiz / construct
//!    position, i.e. a bare indefinite noun (no clitic, article or pronoun by
//!    the tokenizer), that the stop list `data/not-counted.txt` does not
//!    exclude (time units, months, eras, ordinals, particles: years, dates,
//!    ages and durations are not claims). The number must not be a year, a
//!    phone number or a code, nor follow a designation noun (`المادة 140`,
//!    `الفرقة 30`, `رقم 5`: `data/designation-nouns.txt`);
//! 4. **implied**: `N من X` counts members of X (`سبعة من الفرقة`, `293 من
//!    لبنان`); a scaled number with no noun (`نحو 6.6 مليون`) counts what the
//!    previous claim of the paragraph counted; a number word after a definite
//!    noun counts it (`الطائرات الثماني`).
//!
//! Approximations come from the words right before the number (`نحو`, `أكثر
//! من`, `ما لا يقل عن` …); two numbers joined by و / إلى / - (`ما بين 10 و20`,
//! `من 10 إلى 20`) are one claim with an upper bound. A decimal comma (`11,89
//! متر`, which the number finder reads as two numbers) is put back together.
//!
//! The claimant is the speaker of the quote the claim lies in; outside quotes
//! it is the source named by `حسب` / `وفقا لـ` / `نقلا عن` in the sentence,
//! else the outlet (`doc.meta.outlet`, a participant without a range), and
//! none when the input named no outlet.

use crate::lexicon::{self, LexiconError, UnitEntry};
use crate::words::{scan, Item, ItemKind};
use marsad_arabic::normalize::{normalize, NormLevel};
use marsad_arabic::stem::{FxHashMap, FxHashSet};
use marsad_core::{
    Claim, CliticKind, Doc, EntityLabel, Layer, NumberMention, Origin, Participant, Stage, TextRange,
};

/// Words (Search-normalised) that name a total whose count follows: `عدد
/// القتلى 50`, `حصيلة الضحايا إلى 30`.
const TOTAL_NOUNS: &[&str] = &["اجمالي", "حصيله", "عدد"];
/// How many words before a number a total noun may stand.
const TOTAL_LOOKBACK: usize = 5;
/// Longest claimant phrase after an attribution cue, in words.
const MAX_CLAIMANT_WORDS: usize = 6;

/// What was found for one number: the unit key, the range of the counted
/// noun (or of the whole phrase), and the provenance.
type Counted = (String, TextRange, Origin);

/// Finds numeric claims; built once from the embedded lexicons.
#[derive(Clone, Debug)]
pub struct ClaimFinder {
    // Hashed, not ordered: looked up per word, never iterated.
    units: FxHashMap<String, UnitEntry>,
    /// Cue word sequences, longest first.
    approx: Vec<(Vec<String>, &'static str)>,
    /// Words after a number that are not what it counts.
    not_counted: FxHashSet<String>,
    /// Nouns before a number that make it a designation or a date.
    designations: FxHashSet<String>,
    /// Words that introduce the source of a figure (`حسب`).
    attribution: FxHashSet<String>,
    /// Words that end a claimant phrase (the quote stage's speaker stops).
    stops: FxHashSet<String>,
}

impl ClaimFinder {
    /// Builds the finder from the embedded lexicons.
    pub fn new() -> Result<ClaimFinder, LexiconError> {
        let set = |text| lexicon::parse_word_set(text).into_iter().collect();
        Ok(ClaimFinder {
            units: lexicon::parse_units(lexicon::UNIT_NOUNS)?.into_iter().collect(),
            approx: lexicon::parse_approx(lexicon::APPROX_CUES)?,
            not_counted: set(lexicon::NOT_COUNTED),
            designations: set(lexicon::DESIGNATION_NOUNS),
            attribution: set(lexicon::ATTRIBUTION_CUES),
            stops: set(lexicon::SPEAKER_STOPS),
        })
    }

    /// The unit entry of a word, trying it without the conjunction, the
    /// article and the accusative alef.
    fn unit(&self, item: &Item) -> Option<&UnitEntry> {
        if item.kind != ItemKind::Word {
            return None;
        }
        // A noun joined by و starts a new phrase (`الفرقة 30 والمقاتلين`).
        if item.norm.starts_with("وال") {
            return None;
        }
        let bare = item.without_article();
        let found = [item.norm.as_str(), bare, bare.strip_suffix('ا').unwrap_or(bare)]
            .into_iter()
            .find_map(|w| self.units.get(w));
        // A construct plural drops its ن: `مسلحي داعش` → مسلحين.
        found.or_else(|| bare.ends_with('ي').then(|| format!("{bare}ن")).and_then(|w| self.units.get(&w)))
    }

    /// Finds the claims of a document; claimants come from `doc.quotes`.
    pub fn find(&self, doc: &Doc) -> Vec<Claim> {
        let items = scan(doc.text());
        let numbers = join_decimal_commas(doc.text(), &doc.numbers);
        let mut claims = Vec::new();
        let mut skip_next = false;
        for (n, number) in numbers.iter().enumerate() {
            if std::mem::take(&mut skip_next) {
                continue;
            }
            // Zero is a figure of speech or a rate's decimal tail, not a count.
            if number.value == 0.0 {
                continue;
            }
            // A range: this number, a joiner, and another number.
            let upper = numbers.get(n + 1).filter(|next| joined(doc.text(), number.range, next.range));
            let last_number = upper.unwrap_or(number);
            let first_item = items.partition_point(|i| i.range.start < number.range.start);
            let after = items.partition_point(|i| i.range.start < last_number.range.end);
            let (mut approx_start, mut approx) = self.approx_before(&items, first_item);

            let found = if number.percent || upper.is_some_and(|u| u.percent) {
                Some(("%".to_string(), last_number.range, Origin::rule("claims-percent")))
            } else {
                self.unit_after(doc, &items, after, last_number)
                    .or_else(|| self.unit_before(&items, first_item, last_number.range))
                    .or_else(|| others_after(&items, after, last_number.range, &claims))
                    .or_else(|| self.counted_elsewhere(doc, &items, first_item, after, last_number, &claims))
            };
            let Some((unit, unit_range, origin)) = found else { continue };
            if upper.is_some() {
                approx = Some("between");
                skip_next = true;
                approx_start = range_opener(&items, first_item).or(approx_start);
            }
            let start = approx_start.unwrap_or(number.range.start()).min(unit_range.start());
            let range = TextRange::new(start, last_number.range.end().max(unit_range.end()));
            let mut quantity = number.value;
            if let Some(upper) = upper {
                // `بين 10 و20 ألفاً`: the scale word after the upper bound
                // scales the lower one too.
                let mut ratio = upper.value / quantity;
                while quantity > 0.0 && ratio >= 1000.0 {
                    quantity *= 1000.0;
                    ratio /= 1000.0;
                }
            }
            claims.push(Claim {
                range,
                quantity,
                unit,
                approx: approx.map(str::to_string),
                upper: upper.map(|u| u.value),
                claimant: self.claimant(doc, &items, number.range),
                origin,
            });
        }
        claims
    }

    /// The open and implied rules (3 and 4 of the module doc), for a number
    /// whose noun the lexicon does not know.
    fn counted_elsewhere(
        &self,
        doc: &Doc,
        items: &[Item],
        first_item: usize,
        after: usize,
        number: &NumberMention,
        claims: &[Claim],
    ) -> Option<Counted> {
        let text = doc.slice(number.range);
        let digits_only = text.chars().all(|c| c.is_numeric());
        // A year (`2014 شهد`), a phone number or a code counts nothing.
        let year = digits_only && number.value.fract() == 0.0 && (1900.0..=2100.0).contains(&number.value);
        let code = digits_only && text.chars().count() >= 7;
        let designation = first_item
            .checked_sub(1)
            .map(|k| &items[k])
            .is_some_and(|w| w.kind == ItemKind::Word && self.is_designation(doc, w));
        // A fraction alone (`نصف مساحة`) is a share, not a count.
        let fraction = number.value < 1.0;
        let prefix = glued_prefix(doc.text(), number.range.start());
        // Digits glued to a word are part of a name (`فرانس24`, `إس6`);
        // glued to a clitic or a preposition they are a typing slip (`من300`).
        let glued = !matches!(
            normalize(prefix, NormLevel::Search).as_str(),
            "" | "ب"
                | "ل"
                | "و"
                | "ف"
                | "ك"
                | "وب"
                | "ول"
                | "ال"
                | "بال"
                | "لل"
                | "وال"
                | "من"
                | "عن"
                | "في"
                | "الي"
                | "علي"
                | "نحو"
                | "حوالي"
        );
        if year || code || designation || fraction || glued {
            return None;
        }
        // A definite number (`السبع التي`, `الـ17 من العمر`) follows the noun
        // it counts, if it counts one.
        if text.starts_with("ال") || prefix.ends_with("ال") || prefix == "لل" {
            return self.noun_before(doc, items, first_item, after, number, text);
        }
        // `واحد` and `اثنان` in words follow their noun as adjectives
        // (`مدنيين اثنين جراء`).
        if number.value <= 2.0 && text.chars().next().is_some_and(char::is_alphabetic) {
            return None;
        }
        self.open_noun_after(doc, items, after, number)
            .or_else(|| self.members_of(doc, items, after, number, claims))
            .or_else(|| scaled_without_noun(items, number, text, claims))
            .or_else(|| self.noun_before(doc, items, first_item, after, number, text))
    }

    /// Rule 3: the bare indefinite noun right after the number.
    fn open_noun_after(
        &self,
        doc: &Doc,
        items: &[Item],
        at: usize,
        number: &NumberMention,
    ) -> Option<Counted> {
        let mut k = at;
        // `(24) قاضياً`: the closing parenthesis of a number in brackets.
        if items.get(k).is_some_and(|i| i.is_punct(")")) {
            k += 1;
        }
        let item = items.get(k)?;
        if !same_paragraph(items, at, number) || !self.countable_noun(doc, item) {
            return None;
        }
        Some((open_key(&item.norm), number.range.cover(item.range), Origin::rule("claims-open-noun")))
    }

    /// True when `item` can be a counted noun: an Arabic word of three
    /// letters or more, without clitics or article, not a stop word, a name,
    /// a number or a verb form.
    fn countable_noun(&self, doc: &Doc, item: &Item) -> bool {
        if item.kind != ItemKind::Word
            || item.norm.chars().count() < 3
            || !item.norm.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        {
            return false;
        }
        let bare = item.norm.strip_suffix('ا').unwrap_or(&item.norm);
        if self.not_counted.contains(item.norm.as_str()) || self.not_counted.contains(bare) {
            return false;
        }
        // Past plural verbs (`قتلوا`) and imperfect plurals (`يعملون`).
        let verb_like = (item.norm.ends_with("وا") && item.norm.chars().count() > 4)
            || (item.norm.starts_with('ي') && item.norm.ends_with("ون"));
        if verb_like {
            return false;
        }
        let start = item.range.start;
        let token = doc.tokens.binary_search_by_key(&start, |t| t.range.start).ok().map(|i| &doc.tokens[i]);
        let bare_token = match token {
            Some(t) => t.clitics.is_empty(),
            // Without tokens: no article and no conjunction.
            None => !item.norm.starts_with("ال") && !item.norm.starts_with('و'),
        };
        let name = doc.entities.iter().any(|e| {
            e.range.start == start
                && matches!(e.label, EntityLabel::PER | EntityLabel::LOC | EntityLabel::ORG)
        });
        let number = doc.numbers.iter().any(|n| n.range.contains_range(item.range));
        bare_token && !name && !number
    }

    /// Rule 4a: `N من X`, members of X (`سبعة من الفرقة`, `ثلاثة من جنوده`,
    /// `293 من لبنان`). The unit is X's (its lexicon key, else X itself);
    /// when X is a name, the previous claim's of the paragraph.
    fn members_of(
        &self,
        doc: &Doc,
        items: &[Item],
        at: usize,
        number: &NumberMention,
        claims: &[Claim],
    ) -> Option<Counted> {
        let (of, group) = (items.get(at)?, items.get(at + 1)?);
        if of.norm != "من" || number.value < 2.0 || !same_paragraph(items, at + 1, number) {
            return None;
        }
        let key = base_key(doc, group);
        let letters =
            group.kind == ItemKind::Word && key.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c));
        if !letters
            || key.chars().count() < 2
            || self.not_counted.contains(&key)
            || doc.numbers.iter().any(|n| n.range.contains_range(group.range))
        {
            return None;
        }
        let name = doc
            .entities
            .iter()
            .any(|e| e.range.contains_range(group.range) || e.range.start == group.range.start)
            || doc
                .places
                .iter()
                .any(|p| p.range.start <= group.range.start && group.range.start < p.range.end);
        let unit = if name {
            previous_unit(items, claims, number)?
        } else {
            self.units.get(&key).map_or_else(|| open_key(&key), |e| e.key.clone())
        };
        Some((unit, number.range.cover(group.range), Origin::rule("claims-members-of")))
    }

    /// Rule 4c: a number word after the definite noun it counts (`الطائرات
    /// الثماني`, `الجنود الثلاثة`).
    fn noun_before(
        &self,
        doc: &Doc,
        items: &[Item],
        first_item: usize,
        after: usize,
        number: &NumberMention,
        text: &str,
    ) -> Option<Counted> {
        if !text.chars().next().is_some_and(char::is_alphabetic) {
            return None;
        }
        // The number must end its phrase: `السجن عشر سنوات` counts years.
        let ends_phrase = items.get(after).is_none_or(|next| {
            next.kind == ItemKind::Punct
                || !same_paragraph(items, after, number)
                || next.without_article().len() < next.norm.len()
        });
        if !ends_phrase {
            return None;
        }
        let noun = items.get(first_item.checked_sub(1)?)?;
        let bare = noun.without_article();
        if noun.kind != ItemKind::Word || bare.len() == noun.norm.len() || noun.norm.starts_with('و') {
            return None;
        }
        if noun.paragraph != items[first_item].paragraph || self.not_counted.contains(bare) {
            return None;
        }
        let range = noun.range.cover(number.range);
        if let Some(entry) = self.unit(noun) {
            return Some((entry.key.clone(), range, Origin::lexicon("unit-nouns.tsv", entry.line)));
        }
        // Without the lexicon, only a sound plural is taken for a counted
        // noun (`الطائرات الثماني`): `الذكرى السبعين` is an anniversary.
        let plural = ["ات", "ين", "ون"].iter().any(|s| bare.ends_with(s));
        let plain = plural && bare.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c));
        let name = doc.entities.iter().any(|e| e.range.contains_range(noun.range));
        (plain && !name).then(|| (open_key(bare), range, Origin::rule("claims-noun-before")))
    }

    /// True when `item` (article and conjunction taken off) is a designation noun.
    fn is_designation(&self, doc: &Doc, item: &Item) -> bool {
        let bare = item.without_article();
        self.designations.contains(bare)
            || item.without_conjunction().is_some_and(|w| self.designations.contains(w))
            || self.designations.contains(&base_key(doc, item))
    }

    /// Who states the figure at `number`: the speaker of the quote it lies
    /// in; else the source after `حسب` / `وفقا لـ` / `نقلا عن` in its
    /// sentence; else the outlet.
    fn claimant(&self, doc: &Doc, items: &[Item], number: TextRange) -> Option<Participant> {
        if let Some(quote) = doc.quotes.iter().find(|q| q.range.contains_range(number)) {
            return quote.speaker.clone();
        }
        // Only an outlet the input named: `meta.source` falls back to the
        // input path, which states nothing.
        self.attributed_source(doc, items, number).or_else(|| {
            let outlet = doc.meta.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty())?;
            Some(Participant { range: None, text: outlet.to_string(), entity_id: None, canonical: None })
        })
    }

    /// The phrase after an attribution cue in the sentence of `number`.
    fn attributed_source(&self, doc: &Doc, items: &[Item], number: TextRange) -> Option<Participant> {
        let sentence = doc
            .sentence_at(number.start)
            .map(|s| doc.sentences[s].range)
            .unwrap_or_else(|| TextRange::new(0, doc.text().len()));
        let lo = items.partition_point(|i| i.range.start < sentence.start);
        let hi = items.partition_point(|i| i.range.start < sentence.end);
        let cue = (lo..hi).find(|&k| {
            let item = &items[k];
            item.kind == ItemKind::Word
                && (self.attribution.contains(item.norm.as_str())
                    || item.without_conjunction().is_some_and(|w| self.attribution.contains(w)))
        })?;
        let mut k = cue + 1;
        // `نقلا عن`, `وفقا لـ` written apart.
        if items.get(k).is_some_and(|i| matches!(i.norm.as_str(), "عن" | "ل")) {
            k += 1;
        }
        // `حسب ما أوضح الفريق …`: the source is the subject of the verb
        // after `ما`.
        if items.get(k).is_some_and(|i| i.norm == "ما") {
            k += 2;
        }
        let first = k;
        while k < hi && k - first < MAX_CLAIMANT_WORDS {
            let item = &items[k];
            let stop = item.kind != ItemKind::Word
                || (k > first && (self.stops.contains(item.norm.as_str()) || item.norm.starts_with('و')))
                || doc.numbers.iter().any(|n| n.range.contains_range(item.range));
            if stop {
                break;
            }
            k += 1;
        }
        if k == first {
            return None;
        }
        // `لوزارة الصحة`: the phrase starts after the attached ل.
        let mut start = items[first].range.start();
        if let Ok(t) = doc.tokens.binary_search_by_key(&items[first].range.start, |t| t.range.start) {
            let token = &doc.tokens[t];
            if token
                .clitics
                .first()
                .is_some_and(|c| matches!(c.kind, CliticKind::Lam | CliticKind::Preposition))
            {
                start = token.base.start();
            }
        }
        let range = TextRange::new(start, items[k - 1].range.end());
        let mut participant = Participant {
            range: Some(range),
            text: doc.slice(range).to_string(),
            entity_id: None,
            canonical: None,
        };
        if let Some(e) = doc.entities.iter().find(|e| range.contains_range(e.range) && e.entity_id.is_some())
        {
            participant.entity_id = e.entity_id.clone();
            participant.canonical = e.canonical.clone();
        }
        Some(participant)
    }

    /// A unit noun right after the number (or after `من`: `5 من الجنود`).
    fn unit_after(&self, doc: &Doc, items: &[Item], at: usize, number: &NumberMention) -> Option<Counted> {
        let mut k = at;
        // `(24) قاضياً`: the closing parenthesis of a number in brackets.
        if items.get(k).is_some_and(|i| i.is_punct(")")) {
            k += 1;
        }
        let start = k;
        // A counted noun never follows across punctuation or a line.
        while k < items.len() && k < start + 2 {
            let item = &items[k];
            if item.kind != ItemKind::Word || !same_paragraph(items, k, number) {
                return None;
            }
            // After `من` the noun may carry a pronoun: `ثلاثة من جنوده`.
            let entry = self
                .unit(item)
                .or_else(|| (k > start).then(|| self.units.get(&base_key(doc, item))).flatten());
            if let Some(entry) = entry {
                return Some((
                    entry.key.clone(),
                    number.range.cover(item.range),
                    Origin::lexicon("unit-nouns.tsv", entry.line),
                ));
            }
            if item.norm != "من" {
                return None;
            }
            k += 1;
        }
        None
    }
    /// A total noun and its unit just before the number: `عدد القتلى إلى 50`.
    fn unit_before(
        &self,
        items: &[Item],
        at: usize,
        number: TextRange,
    ) -> Option<(String, TextRange, Origin)> {
        let window = &items[at.saturating_sub(TOTAL_LOOKBACK)..at];
        if window.iter().any(|i| i.kind == ItemKind::Punct) {
            return None;
        }
        let total = window.iter().position(|i| TOTAL_NOUNS.contains(&i.without_article()))?;
        let noun = window.get(total + 1)?;
        let entry = self.unit(noun)?;
        Some((
            entry.key.clone(),
            window[total].range.cover(number),
            Origin::lexicon("unit-nouns.tsv", entry.line),
        ))
    }

    /// The approximation cue ending right before item `at`, and where it starts.
    fn approx_before(&self, items: &[Item], at: usize) -> (Option<usize>, Option<&'static str>) {
        // `ما بين 10 و20`, `بين 10 و20`, `من 10 إلى 20` are handled as ranges;
        // here only the single-number cues.
        for (phrase, value) in &self.approx {
            let n = phrase.len();
            if at < n {
                continue;
            }
            let words = &items[at - n..at];
            let matches = words.iter().zip(phrase).enumerate().all(|(w, (item, cue))| {
                item.kind == ItemKind::Word
                    && (item.norm == *cue
                        // A leading preposition on the cue: بنحو, لأكثر.
                        || (w == 0 && ["ب", "ل", "و"].iter().any(|p| item.norm.strip_prefix(p) == Some(cue.as_str()))))
            });
            if matches {
                return (Some(words[0].range.start()), Some(value));
            }
        }
        // A range opener before the first number: ما بين / بين / من.
        (None, None)
    }
}

/// The Search-normalised key of a word without clitics, article or pronoun
/// (the tokenizer's base, `بالمادة` → `ماده`, `جنوده` → `جنود`); from the
/// word view alone when the token layer is empty.
fn base_key(doc: &Doc, item: &Item) -> String {
    let token =
        doc.tokens.binary_search_by_key(&item.range.start, |t| t.range.start).ok().map(|i| &doc.tokens[i]);
    match token {
        Some(t) if !t.base.is_empty() => {
            let norm = normalize(doc.slice(t.base), NormLevel::Search);
            match norm.strip_prefix("ال") {
                Some(rest) if rest.chars().count() >= 2 => rest.to_string(),
                _ => norm,
            }
        }
        _ => item.without_article().to_string(),
    }
}

/// The letters glued right before byte `at` (tatweel skipped): `ب` of
/// `بـ54`, `ال` of `الـ17`, `إس` of `إس6`; empty after a space.
fn glued_prefix(text: &str, at: usize) -> &str {
    let before = text[..at].trim_end_matches('\u{0640}');
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() && *c != '\u{0640}')
        .last()
        .map_or(before.len(), |(i, _)| i);
    &before[start..]
}

/// True when item `k` is in the paragraph where `number` starts.
fn same_paragraph(items: &[Item], k: usize, number: &NumberMention) -> bool {
    let first = items.partition_point(|i| i.range.start < number.range.start);
    match (items.get(k), items.get(first)) {
        (Some(a), Some(b)) => a.paragraph == b.paragraph,
        _ => false,
    }
}

/// The unit key of an open counted noun: the Search-normalised word without
/// the accusative alef of the tamyiz (`مدنيا` → `مدني`, `قاضيا` → `قاضي`),
/// kept on a broken plural in `-ايا` (`ضحايا`).
fn open_key(norm: &str) -> String {
    let chars: Vec<char> = norm.chars().collect();
    let n = chars.len();
    let broken_plural = n >= 4 && chars[n - 1] == 'ا' && chars[n - 2] == 'ي' && chars[n - 3] == 'ا';
    if n > 3 && chars[n - 1] == 'ا' && !broken_plural {
        chars[..n - 1].iter().collect()
    } else {
        norm.to_string()
    }
}

/// The unit of the latest claim in the paragraph of `number`, for counts
/// whose noun is implied (`نصف مليون شخص … ونزوح نحو 6.6 مليون`).
fn previous_unit(items: &[Item], claims: &[Claim], number: &NumberMention) -> Option<String> {
    let previous = claims.last().filter(|c| c.unit != "%")?;
    let at = items.partition_point(|i| i.range.start < previous.range.start);
    let here = items.partition_point(|i| i.range.start < number.range.start);
    let same = match (items.get(at), items.get(here)) {
        (Some(a), Some(b)) => a.paragraph == b.paragraph,
        _ => false,
    };
    same.then(|| previous.unit.clone())
}

/// Rule 4b: a number with a scale word and no noun of its own (`نحو 6.6
/// مليون إلى خارج البلاد`) counts what the previous claim counted.
fn scaled_without_noun(
    items: &[Item],
    number: &NumberMention,
    text: &str,
    claims: &[Claim],
) -> Option<Counted> {
    let scaled = number.value >= 1000.0 && text.chars().any(char::is_alphabetic);
    if !scaled {
        return None;
    }
    // The open rule has already turned down what follows (punctuation, a
    // preposition, a word with a clitic such as `داخلها`).
    let unit = previous_unit(items, claims, number)?;
    Some((unit, number.range, Origin::rule("claims-implied-scale")))
}

/// The numbers of a document with decimal commas put back together: the
/// number finder reads `11,89` (the comma not being a thousands separator)
/// as 11 and 89, and `1. 9 مليار` (a typed decimal point with a space) as 1
/// and 9 billion.
fn join_decimal_commas(text: &str, numbers: &[NumberMention]) -> Vec<NumberMention> {
    let mut out: Vec<NumberMention> = Vec::with_capacity(numbers.len());
    let mut i = 0;
    while i < numbers.len() {
        let a = &numbers[i];
        if let Some(b) = numbers.get(i + 1) {
            if let Some(joined) = decimal_pair(text, a, b) {
                out.push(joined);
                i += 2;
                continue;
            }
        }
        out.push(a.clone());
        i += 1;
    }
    out
}

/// `a` and `b` as one decimal number, when they are one.
fn decimal_pair(text: &str, a: &NumberMention, b: &NumberMention) -> Option<NumberMention> {
    if b.range.start < a.range.end || a.percent {
        return None;
    }
    let a_text = &text[a.range.as_range()];
    let gap = &text[a.range.end()..b.range.start()];
    let b_text = &text[b.range.as_range()];
    let b_digits: String = b_text.chars().take_while(|c| c.is_numeric()).collect();
    let b_rest = &b_text[b_digits.len()..];
    let digit_value = |s: &str| -> Option<f64> {
        s.chars().try_fold(0.0, |acc, c| c.to_digit(10).map(|d| acc * 10.0 + f64::from(d)))
    };
    let (whole, fraction) = (digit_value(a_text)?, digit_value(&b_digits)?);
    let places = b_digits.chars().count();
    let comma = gap == "," && (1..=2).contains(&places);
    // A dot and one space, a one-digit fraction and a scale word: `1. 9 مليار`.
    let spaced_dot = gap == ". "
        && places == 1
        && a_text.chars().count() <= 3
        && b_rest.trim_start().chars().next().is_some_and(char::is_alphabetic);
    if !(comma || (spaced_dot && fraction != 0.0)) {
        return None;
    }
    let scale = if b_rest.trim().is_empty() || b.percent { 1.0 } else { b.value / fraction };
    if spaced_dot && scale < 1e6 {
        return None;
    }
    let value = (whole + fraction / 10f64.powi(places as i32)) * scale;
    Some(NumberMention {
        range: a.range.cover(b.range),
        value,
        percent: b.percent,
        origin: Origin::rule("claims-decimal-comma"),
    })
}

/// `آخرون` / `آخرين` after a number counts what the previous claim of the
/// paragraph counted: `قتل 12 شخصاً وأصيب 30 آخرون`.
fn others_after(
    items: &[Item],
    at: usize,
    number: TextRange,
    claims: &[Claim],
) -> Option<(String, TextRange, Origin)> {
    let item = items.get(at)?;
    let others = item.kind == ItemKind::Word
        && matches!(
            item.norm.as_str(),
            "اخرون" | "اخرين" | "اخر" | "اخري" | "غيرهم" | "غيرهن" | "منهم" | "منها"
        );
    let previous = claims.last().filter(|c| c.unit != "%")?;
    let same_paragraph = !items[..at]
        .iter()
        .rev()
        .take_while(|i| i.range.start >= previous.range.end)
        .any(|i| i.is_punct(".؟!"));
    (others && same_paragraph)
        .then(|| (previous.unit.clone(), number.cover(item.range), Origin::rule("claims-others")))
}

/// Where a range opener (`ما بين`, `بين`, `من`) ending before item `at` starts.
fn range_opener(items: &[Item], at: usize) -> Option<usize> {
    let before = items.get(at.checked_sub(1)?)?;
    let opener = before.kind == ItemKind::Word
        && ["بين", "من"].iter().any(|w| before.norm == *w || before.without_conjunction() == Some(*w));
    if !opener {
        return None;
    }
    let ma = at.checked_sub(2).map(|k| &items[k]).filter(|i| i.norm == "ما" && before.norm == "بين");
    Some(ma.unwrap_or(before).range.start())
}

/// True when `b` follows `a` joined only by و, إلى, حتى or a dash: a range.
fn joined(text: &str, a: TextRange, b: TextRange) -> bool {
    if b.start < a.end {
        return false;
    }
    let gap = text[a.end()..b.start()].trim();
    matches!(gap, "و" | "-" | "–" | "إلى" | "الى" | "إلي" | "حتى" | "و-")
        || (gap.is_empty() && text[b.start()..].starts_with('و'))
}

/// The claim stage: fills `doc.claims` (after quotes, for claimants).
pub struct ClaimStage(pub ClaimFinder);

impl ClaimStage {
    /// The stage with the embedded lexicons.
    pub fn new() -> Result<ClaimStage, LexiconError> {
        ClaimFinder::new().map(ClaimStage)
    }
}

impl Stage for ClaimStage {
    fn name(&self) -> &'static str {
        "claims"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Numbers, Layer::Quotes]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Claims]
    }
    fn run(&self, doc: &mut Doc) {
        doc.claims = self.find(doc);
    }
}

impl ClaimStage {
    fn find(&self, doc: &Doc) -> Vec<Claim> {
        self.0.find(doc)
    }
}
