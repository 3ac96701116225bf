//! Numeric claims: a number from `doc.numbers` with the noun it counts.
//!
//! A number is a claim when a counted noun of the unit lexicon follows it
//! (`6 صحفيين`, `2.5 مليار دولار`, `نحو 300 عنصر`, `من الجنود`-style `5 من
//! الجنود`) or when it states a total of one (`ارتفع عدد القتلى إلى 50`), or
//! when it is a percentage. Anything else — years, dates, times, ages and
//! durations (`30 عاماً`), ordinals, article, law, resolution and phone
//! numbers — has no counted noun and is left alone: the unit lexicon lists
//! no time or numbering nouns.
//!
//! Approximations come from the words right before the number (`نحو`, `أكثر
//! من`, `ما لا يقل عن` …); two numbers joined by و / إلى / - (`ما بين 10 و20`,
//! `من 10 إلى 20`) are one claim with an upper bound. The claimant is the
//! speaker of the quote the claim lies in; outside quotes it is the outlet
//! (`None`).

use crate::lexicon::{self, LexiconError, UnitEntry};
use crate::words::{scan, Item, ItemKind};
use marsad_core::{Claim, Doc, Layer, NumberMention, Origin, Stage, TextRange};
use std::collections::BTreeMap;

/// Words (Search-normalised) that name a total whose count follows: `عدد
/// القتلى 50`, `حصيلة الضحايا إلى 30`.
const TOTAL_NOUNS: &[&str] = &["اجمالي", "حصيله", "عدد"];
/// How many words before a number a total noun may stand.
const TOTAL_LOOKBACK: usize = 5;

/// Finds numeric claims; built once from the embedded lexicons.
#[derive(Clone, Debug)]
pub struct ClaimFinder {
    units: BTreeMap<String, UnitEntry>,
    /// Cue word sequences, longest first.
    approx: Vec<(Vec<String>, &'static str)>,
}

impl ClaimFinder {
    /// Builds the finder from the embedded lexicons.
    pub fn new() -> Result<ClaimFinder, LexiconError> {
        Ok(ClaimFinder {
            units: lexicon::parse_units(lexicon::UNIT_NOUNS)?,
            approx: lexicon::parse_approx(lexicon::APPROX_CUES)?,
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
        let numbers = &doc.numbers;
        let mut claims = Vec::new();
        let mut skip_next = false;
        for (n, number) in numbers.iter().enumerate() {
            if std::mem::take(&mut skip_next) {
                continue;
            }
            // A range: this number, a joiner, and another number.
            let upper = numbers.get(n + 1).filter(|next| joined(doc.text(), number.range, next.range));
            let last_number = upper.unwrap_or(number);
            let first_item = items.partition_point(|i| i.range.start < number.range.start);
            let after = items.partition_point(|i| i.range.start < last_number.range.end);

            let found = if number.percent {
                Some(("%".to_string(), last_number.range, Origin::rule("claims-percent")))
            } else {
                self.unit_after(&items, after, last_number)
                    .or_else(|| self.unit_before(&items, first_item, last_number.range))
                    .or_else(|| others_after(&items, after, last_number.range, &claims))
            };
            let Some((unit, unit_range, origin)) = found else { continue };
            // Zero is a figure of speech or a rate's decimal tail, not a count.
            if number.value == 0.0 {
                continue;
            }
            let (mut approx_start, mut approx) = self.approx_before(&items, first_item);
            if upper.is_some() {
                approx = Some("between");
                skip_next = true;
                approx_start = range_opener(&items, first_item).or(approx_start);
            }
            let start = approx_start.unwrap_or(number.range.start()).min(unit_range.start());
            let range = TextRange::new(start, last_number.range.end().max(unit_range.end()));
            let claimant = doc
                .quotes
                .iter()
                .find(|q| q.range.contains_range(number.range))
                .and_then(|q| q.speaker.clone());
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
                claimant,
                origin,
            });
        }
        claims
    }

    /// A unit noun right after the number (or after `من`: `5 من الجنود`).
    fn unit_after(
        &self,
        items: &[Item],
        at: usize,
        number: &NumberMention,
    ) -> Option<(String, TextRange, Origin)> {
        let mut k = at;
        // A counted noun never follows across punctuation or a line.
        while k < items.len() && k < at + 2 {
            let item = &items[k];
            if item.kind != ItemKind::Word || item.paragraph != items[at].paragraph {
                return None;
            }
            if let Some(entry) = self.unit(item) {
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
        &[Layer::Numbers, Layer::Quotes]
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
