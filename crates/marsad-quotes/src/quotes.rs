//! Quotes and their speakers.
//!
//! Two passes over the word view ([`crate::words`]):
//!
//! 1. *Speech acts*: every speech-verb form (قال, أكدت, يقول, وأضاف, قائلاً …)
//!    looks ahead in its sentence for what opens its content — a
//!    complementiser (أن, إن, بأن …), a colon, or a quotation mark — and the
//!    words in between are the subject (verb-subject order). With no subject
//!    there, a subject before the verb is taken (subject-verb order: `السوداني
//!    قال إن`, `وكان رئيس الحكومة … قد أكد`); failing that — a continuation
//!    verb (`وأضاف`), a participle (`قائلاً`), a pronoun subject (`أكد أنه`) —
//!    the act carries the previous speaker.
//! 2. *Quotes*: each act with content becomes a quote; reported content runs
//!    to the end of its sentence (or to the next continuation act), colon
//!    content to the end of its paragraph. Spans in quotation marks are paired
//!    first (« », “ ”, straight quotes with the multi-paragraph convention) and
//!    a content that starts with one becomes a direct quote of that span.
//!    A marked span no act opened becomes a quote when an attribution follows
//!    it (`«…»، قال الوزير`) or when it is a long quotation standing as its
//!    own paragraph (speaker: the previous speaker).
//!
//! Speaker span: the whole subject phrase — title and name with their
//! appositions (`نائب قائد العمليات المشتركة، الفريق أول الركن قيس
//! المحمداوي`), stopping at the first preposition or time adverb. When
//! entities are present, the entity inside that phrase (a person first, then
//! an organisation) gives `entity_id` and `canonical`.

use crate::lexicon::{self, LexiconError, VerbEntry, VerbForm};
use crate::words::{scan, Item, ItemKind};
use marsad_arabic::stem::{FxHashMap, FxHashSet};
use marsad_core::{Diagnostic, Doc, EntityLabel, Layer, Level, Origin, Participant, Quote, Stage, TextRange};
use std::collections::BTreeMap;

/// How far (in words) a verb looks for the opening of its content.
const CONTENT_WINDOW: usize = 30;
/// The same for verbs that are also common nouns (`strict` in the lexicon).
const STRICT_WINDOW: usize = 12;
/// Longest subject phrase, in words.
const MAX_SUBJECT_WORDS: usize = 14;
/// Longest subject before its verb, in words.
const MAX_SUBJECT_BEFORE_WORDS: usize = 10;
/// A quoted span opened right after a verb counts as its content from this
/// many words (shorter ones are names or scare quotes: تنظيم "داعش").
const MIN_MARKED_CONTENT_WORDS: usize = 3;
/// A quoted paragraph with no attribution counts as a quote from this many words.
const MIN_STANDALONE_WORDS: usize = 8;
/// A guillemet or curly quote left open closes after this many bytes.
const MAX_MARKED_BYTES: usize = 6000;

/// Finds quotes and speakers; built once from the embedded lexicons.
#[derive(Clone, Debug)]
pub struct QuoteFinder {
    // Hashed, not ordered: these are only looked up (several times per
    // word), never iterated.
    verbs: FxHashMap<String, VerbEntry>,
    source_nouns: FxHashSet<String>,
    stops: FxHashSet<String>,
    skips: FxHashSet<String>,
    complementisers: FxHashSet<String>,
    blockers: FxHashSet<String>,
    impersonal: FxHashSet<String>,
}

/// A span in quotation marks: item indices of the marks and the content.
#[derive(Clone, Copy, Debug)]
struct MarkedSpan {
    open: usize,
    close: usize,
    /// Between the marks (may run across paragraphs).
    content: TextRange,
    words: usize,
}

/// How an act's content opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opening {
    /// After a complementiser at this item.
    Complementiser(usize),
    /// After a colon at this item.
    Colon(usize),
    /// A marked span (index into the spans).
    Marked(usize),
}

/// One speech verb with its resolved speaker and content opening.
#[derive(Clone, Debug)]
struct Act {
    verb: usize,
    entry: VerbEntry,
    continues: bool,
    speaker: Option<Participant>,
    opening: Option<Opening>,
}

impl QuoteFinder {
    /// Builds the finder from the embedded lexicons.
    pub fn new() -> Result<QuoteFinder, LexiconError> {
        let (complementisers, blockers) = lexicon::parse_complementisers(lexicon::COMPLEMENTISERS);
        let set = |text| lexicon::parse_word_set(text).into_iter().collect();
        Ok(QuoteFinder {
            verbs: lexicon::parse_speech_verbs(lexicon::SPEECH_VERBS)?.into_iter().collect(),
            source_nouns: set(lexicon::SOURCE_NOUNS),
            stops: set(lexicon::SPEAKER_STOPS),
            skips: set(lexicon::SUBJECT_SKIPS),
            complementisers: complementisers.into_iter().collect(),
            blockers: blockers.into_iter().collect(),
            impersonal: set(lexicon::IMPERSONAL_VERBS),
        })
    }

    /// The speech-verb entry of a word, and whether it carries و/ف.
    fn verb(&self, item: &Item) -> Option<(VerbEntry, bool)> {
        if item.kind != ItemKind::Word {
            return None;
        }
        if let Some(entry) = self.verbs.get(item.norm.as_str()) {
            return Some((*entry, false));
        }
        let rest = item.without_conjunction()?;
        self.verbs.get(rest).map(|e| (*e, true))
    }

    /// Finds the quotes of a document (its sentences and entities are used
    /// when present) and the diagnostics for odd quotation marks.
    pub fn find(&self, doc: &Doc) -> (Vec<Quote>, Vec<Diagnostic>) {
        let items = scan(doc.text());
        let sentence = sentence_ids(doc, &items);
        let mut diagnostics = Vec::new();
        let spans = pair_marks(&items, &mut diagnostics);
        let span_at_open: BTreeMap<usize, usize> =
            spans.iter().enumerate().map(|(i, s)| (s.open, i)).collect();
        let ctx = Ctx { doc, items: &items, sentence: &sentence };
        let inside_marks = |range: TextRange| spans.iter().any(|s| s.content.contains_range(range));

        // Pass 1: speech acts in text order, carrying the last speaker.
        let mut acts: Vec<Act> = Vec::new();
        let mut last_speaker: Option<Participant> = None;
        let mut speaker_timeline: Vec<(u32, Participant)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some((entry, has_conjunction)) = self.verb(item) else { continue };
            // A verb inside quotation marks is part of the quoted words.
            if inside_marks(item.range) {
                continue;
            }
            // `من قال إن …؟` (who said): a question, not an attribution.
            if i > 0 && matches!(items[i - 1].norm.as_str(), "من" | "ما" | "لمن") {
                continue;
            }
            let clause_start =
                has_conjunction || entry.form != VerbForm::Finite || self.opens_clause(&ctx, i);
            // A verb inside the reported content of an earlier verb of its
            // sentence is reported speech within the quote: not an act.
            let nested = !clause_start
                && acts.last().is_some_and(|a| {
                    sentence[a.verb] == sentence[i]
                        && matches!(a.opening, Some(Opening::Complementiser(c) | Opening::Colon(c)) if c < i)
                });
            if nested {
                continue;
            }
            let (opening, subject_end) = self.find_opening(&ctx, i, entry, &spans, &span_at_open);
            if opening.is_none() && (entry.strict || entry.form != VerbForm::Finite) {
                continue;
            }
            let at_sentence_start = i == 0 || sentence[i - 1] != sentence[i];
            let mut speaker = match entry.form {
                VerbForm::Finite => self.subject_after(&ctx, i + 1, subject_end).or_else(|| {
                    if has_conjunction {
                        None
                    } else {
                        self.subject_before(&ctx, i)
                    }
                }),
                VerbForm::Noun => self.named_before_noun(&ctx, i),
                VerbForm::Participle => None,
            };
            if speaker.is_none() && at_sentence_start && self.impersonal.contains(item.norm.as_str()) {
                continue;
            }
            let explicit = speaker.is_some();
            if speaker.is_none() && !at_sentence_start {
                // An earlier verb of the sentence (`حذّر X …، بينما أكد أنه`),
                // else for a participle the subject of the sentence's verb.
                speaker = acts
                    .iter()
                    .rev()
                    .find(|a| sentence[a.verb] == sentence[i])
                    .and_then(|a| a.speaker.clone());
                if speaker.is_none() && entry.form != VerbForm::Finite {
                    speaker = self.sentence_subject(&ctx, i);
                }
            }
            let speaker = speaker.or_else(|| last_speaker.clone());
            if explicit {
                if let Some(p) = &speaker {
                    last_speaker = Some(p.clone());
                    speaker_timeline.push((item.range.start, p.clone()));
                }
            }
            acts.push(Act { verb: i, entry, continues: clause_start, speaker, opening });
        }

        // Pass 2: content of each act.
        let mut quotes: Vec<Quote> = Vec::new();
        let mut span_used = vec![false; spans.len()];
        let mut act_used = vec![false; acts.len()];
        for (a, act) in acts.iter().enumerate() {
            let Some(opening) = act.opening else { continue };
            let cue = items[act.verb].range;
            if quotes.iter().any(|q| q.range.contains_range(cue)) {
                continue;
            }
            let origin = Origin::lexicon(act.entry.file, act.entry.line);
            // Colon content runs to the end of its paragraph, reported
            // content to the end of its sentence; a later continuation act
            // (`، مضيفاً أن`, `وأضاف:`) in that stretch ends it earlier.
            let colon = matches!(opening, Opening::Colon(_));
            let same_stretch = |k: usize| {
                if colon {
                    items[k].paragraph == items[act.verb].paragraph
                } else {
                    sentence[k] == sentence[act.verb]
                }
            };
            let next_cut = acts[a + 1..]
                .iter()
                .find(|later| later.continues && same_stretch(later.verb))
                .map(|later| later.verb);
            match opening {
                Opening::Marked(s) => {
                    if span_used[s] {
                        continue;
                    }
                    span_used[s] = true;
                    act_used[a] = true;
                    quotes.push(direct(spans[s].content, cue, act.speaker.clone(), origin));
                }
                Opening::Complementiser(c) | Opening::Colon(c) => {
                    let first = c + 1;
                    if first >= items.len() || next_cut.is_some_and(|cut| cut <= first) {
                        continue;
                    }
                    if let Some(&s) = span_at_open.get(&first) {
                        if span_used[s] {
                            continue;
                        }
                        // After a colon the quoted span is the quote.
                        if colon || marked_fills_rest(&ctx, &spans[s]) {
                            span_used[s] = true;
                            act_used[a] = true;
                            quotes.push(direct(spans[s].content, cue, act.speaker.clone(), origin));
                            continue;
                        }
                    }
                    let end = self.content_end(&ctx, first, colon, next_cut);
                    let Some(last) = end else { continue };
                    act_used[a] = true;
                    quotes.push(Quote {
                        range: TextRange::new(items[first].range.start(), items[last].range.end()),
                        direct: colon,
                        cue,
                        speaker: act.speaker.clone(),
                        origin,
                    });
                }
            }
        }

        // Marked spans no act opened.
        for (s, span) in spans.iter().enumerate() {
            if span_used[s] || quotes.iter().any(|q| q.range.contains_range(span.content)) {
                continue;
            }
            // An attribution right after the closing mark: «…»، قال الوزير.
            let after = acts.iter().enumerate().find(|(a, act)| {
                !act_used[*a]
                    && act.opening.is_none()
                    && act.verb > span.close
                    && act.verb <= span.close + 3
                    && sentence[act.verb] == sentence[span.close]
                    && !items[span.close + 1..act.verb].iter().any(|i| i.is_punct(".!?؟"))
            });
            if let Some((a, act)) = after {
                if span.words >= MIN_MARKED_CONTENT_WORDS {
                    act_used[a] = true;
                    span_used[s] = true;
                    let origin = Origin::lexicon(act.entry.file, act.entry.line);
                    quotes.push(direct(span.content, items[act.verb].range, act.speaker.clone(), origin));
                    continue;
                }
            }
            let opens_paragraph =
                span.open == 0 || items[span.open - 1].paragraph != items[span.open].paragraph;
            if opens_paragraph && span.words >= MIN_STANDALONE_WORDS {
                let at = items[span.open].range.start;
                let i = speaker_timeline.partition_point(|(p, _)| *p < at);
                let speaker = i.checked_sub(1).map(|i| speaker_timeline[i].1.clone());
                span_used[s] = true;
                quotes.push(direct(
                    span.content,
                    items[span.open].range,
                    speaker,
                    Origin::rule("quote-marks-paragraph"),
                ));
            }
        }

        quotes.sort_by(|a, b| a.range.cmp(&b.range).then(a.cue.cmp(&b.cue)));
        quotes.dedup_by(|b, a| a.range == b.range);
        for quote in &mut quotes {
            if let Some(speaker) = &mut quote.speaker {
                attach_entity(doc, speaker);
            }
        }
        (quotes, diagnostics)
    }

    /// Does the word before item `i` open a new clause (a comma, a clause
    /// connector like فيما / بينما / كما)?
    fn opens_clause(&self, ctx: &Ctx, i: usize) -> bool {
        i == 0 || ctx.sentence[i - 1] != ctx.sentence[i] || {
            let before = &ctx.items[i - 1];
            before.is_punct("،,;؛")
                || (before.kind == ItemKind::Word && self.skips.contains(before.norm.as_str()))
        }
    }

    /// Looks ahead from verb `v` for its content opening (None for a bare
    /// attribution); also returns the end (exclusive item) of the zone where
    /// the subject lies.
    fn find_opening(
        &self,
        ctx: &Ctx,
        v: usize,
        entry: VerbEntry,
        spans: &[MarkedSpan],
        span_at_open: &BTreeMap<usize, usize>,
    ) -> (Option<Opening>, usize) {
        let items = ctx.items;
        let text = ctx.doc.text();
        let window = if entry.strict { STRICT_WINDOW } else { CONTENT_WINDOW };
        let mut words = 0;
        let mut j = v + 1;
        while j < items.len() && words <= window {
            let item = &items[j];
            if ctx.sentence[j] != ctx.sentence[v] && !item.is_punct(":") {
                break;
            }
            if let Some(&s) = span_at_open.get(&j) {
                let span = &spans[s];
                let after_colon = items[j - 1].is_punct(":،,");
                // After a strict verb, a quoted span is what was said only
                // when it ends the sentence; otherwise it is often a name
                // (اتهمت منظمة "هيومن رايتس ووتش"، المعنية …).
                let ends_sentence = items.get(span.close + 1).is_none_or(|next| {
                    next.is_punct(".!?؟؛;") || ctx.sentence[span.close + 1] != ctx.sentence[v]
                });
                // A quoted name as the subject: `وقالت "شينخوا": إن …`.
                let names_subject = items.get(span.close + 1).is_some_and(|next| {
                    next.is_punct(":")
                        || next.kind == ItemKind::Word && self.complementisers.contains(next.norm.as_str())
                });
                let takes = !names_subject
                    && if entry.strict {
                        after_colon || ends_sentence && span.words >= 2
                    } else {
                        span.words >= MIN_MARKED_CONTENT_WORDS || after_colon || j == v + 1
                    };
                if takes {
                    return (Some(Opening::Marked(s)), j);
                }
                // A short marked span (a name in quotes) is part of the subject.
                words += span.words;
                j = span.close + 1;
                continue;
            }
            match item.kind {
                ItemKind::Punct if item.is_punct(":") => {
                    // `قال: إن …` is reported content after its complementiser.
                    let next = items.get(j + 1).filter(|n| {
                        n.kind == ItemKind::Word && self.complementisers.contains(n.norm.as_str())
                    });
                    let opening =
                        if next.is_some() { Opening::Complementiser(j + 1) } else { Opening::Colon(j) };
                    return (Some(opening), j);
                }
                ItemKind::Punct if item.is_punct("!?؟؛;") => break,
                // A full stop ends the look-ahead, the dots of an
                // abbreviation (بي.بي.سي) do not.
                ItemKind::Punct if item.is_punct(".") => {
                    if text[item.range.end()..].chars().next().is_none_or(char::is_whitespace) {
                        break;
                    }
                }
                ItemKind::Punct => {}
                ItemKind::Word => {
                    if self.complementisers.contains(item.norm.as_str()) {
                        let blocked = items[j - 1].kind == ItemKind::Word
                            && self.blockers.contains(items[j - 1].norm.as_str());
                        if blocked {
                            break;
                        }
                        return (Some(Opening::Complementiser(j)), j);
                    }
                    // Another speech verb opens its own act (`، قائلاً:`);
                    // strict forms (بين "between") do not interrupt.
                    if self.verb(item).is_some_and(|(e, _)| !e.strict) {
                        break;
                    }
                    words += 1;
                }
            }
            j += 1;
        }
        (None, j.min(items.len()))
    }

    /// The last item of content starting at `first`: the end of its
    /// sentence (of its paragraph for colon content), before a later
    /// continuation act (`، مضيفاً أن`, `، فيما ذكر`), trailing punctuation
    /// and connectors dropped.
    fn content_end(&self, ctx: &Ctx, first: usize, colon: bool, next_cut: Option<usize>) -> Option<usize> {
        let items = ctx.items;
        let mut last = first;
        let limit = next_cut.unwrap_or(items.len());
        let mut k = first;
        while k < limit {
            let same = if colon {
                items[k].paragraph == items[first].paragraph
            } else {
                ctx.sentence[k] == ctx.sentence[first]
            };
            if !same {
                break;
            }
            last = k;
            k += 1;
        }
        while last > first
            && (items[last].kind == ItemKind::Punct && !items[last].is_punct("\"»”)")
                || self.is_skip(&items[last]))
        {
            last -= 1;
        }
        (items[last].kind == ItemKind::Word || last > first).then_some(last)
    }

    /// The speaker named right before a verbal noun: `نقلت الوكالة عن مصدر
    /// عسكري قوله`, `نسبت إلى المتحدث قوله`.
    fn named_before_noun(&self, ctx: &Ctx, noun: usize) -> Option<Participant> {
        let items = ctx.items;
        let from = noun.saturating_sub(8);
        let k = (from..noun).rev().find(|&k| matches!(items[k].norm.as_str(), "عن" | "الي"))?;
        if (k + 1..noun).any(|m| items[m].kind == ItemKind::Punct && !items[m].is_punct("،,")) {
            return None;
        }
        let (a, b) = (
            (k + 1..noun).find(|&m| items[m].kind == ItemKind::Word)?,
            (k + 1..noun).rev().find(|&m| items[m].kind == ItemKind::Word)?,
        );
        Some(participant(ctx.doc, items[a].range.cover(items[b].range)))
    }

    /// The subject phrase in items `from..to` after a verb.
    fn subject_after(&self, ctx: &Ctx, from: usize, to: usize) -> Option<Participant> {
        let items = ctx.items;
        let (mut first, mut last) = (None::<usize>, None::<usize>);
        let mut words = 0;
        let mut k = from;
        while k < to.min(items.len()) {
            let item = &items[k];
            if item.kind == ItemKind::Punct {
                if item.is_punct("(") {
                    // A parenthesis joins the subject when it holds no adverb
                    // (the agency acronym, not the weekday).
                    let close = (k + 1..(k + 8).min(to)).find(|&c| items[c].is_punct(")"));
                    let Some(close) = close else { break };
                    let adverbial = items[k + 1..close].iter().any(|w| self.is_stop(w));
                    if adverbial || first.is_none() {
                        break;
                    }
                    last = Some(close);
                    k = close + 1;
                    continue;
                }
                if item.is_punct("،,-–") {
                    k += 1;
                    continue;
                }
                if item.is_punct("\"«»“”") {
                    k += 1;
                    continue;
                }
                break;
            }
            if self.verb(item).is_some_and(|(e, _)| !e.strict) {
                break;
            }
            if self.is_stop(item) {
                let after_source = last.is_some_and(|l| self.is_source_noun(&items[l]));
                if !(after_source && matches!(item.norm.as_str(), "في" | "من")) {
                    break;
                }
            }
            first.get_or_insert(k);
            last = Some(k);
            words += 1;
            if words >= MAX_SUBJECT_WORDS {
                break;
            }
            k += 1;
        }
        let (first, last) = (first?, last?);
        Some(participant(ctx.doc, items[first].range.cover(items[last].range)))
    }

    /// The subject before verb `v` in its clause (subject-verb order): the
    /// words since the sentence start or since the last complementiser or
    /// connector (`ونقلاً عن رويترز فإن مسؤولاً كردياً أشار`).
    fn subject_before(&self, ctx: &Ctx, v: usize) -> Option<Participant> {
        let items = ctx.items;
        let mut start = v;
        while start > 0 && ctx.sentence[start - 1] == ctx.sentence[v] {
            let before = &items[start - 1];
            let boundary = before.kind == ItemKind::Word
                && (self.complementisers.contains(before.norm.as_str())
                    || matches!(
                        before.norm.as_str(),
                        "فان" | "وان" | "لكن" | "ولكن" | "فيما" | "بينما" | "حيث"
                    ));
            if boundary {
                break;
            }
            start -= 1;
        }
        let mut zone: Vec<usize> = (start..v).collect();
        // Only words, commas and parentheses: anything else means the verb
        // is inside a longer clause, not after its subject.
        if zone.iter().any(|&k| items[k].kind == ItemKind::Punct && !items[k].is_punct("،,()")) {
            return None;
        }
        while let Some(&k) = zone.first() {
            if items[k].kind == ItemKind::Punct || self.is_skip(&items[k]) {
                zone.remove(0);
            } else {
                break;
            }
        }
        while let Some(&k) = zone.last() {
            if items[k].kind == ItemKind::Punct && !items[k].is_punct(")") || self.is_skip(&items[k]) {
                zone.pop();
            } else {
                break;
            }
        }
        let words = zone.iter().filter(|&&k| items[k].kind == ItemKind::Word).count();
        if words == 0 || words > MAX_SUBJECT_BEFORE_WORDS {
            return None;
        }
        // A prepositional phrase before the verb (وفي السياق، قال) is no
        // subject, unless it follows a source noun (مصدر في الوزارة).
        if zone.iter().any(|&k| self.is_stop(&items[k])) && !self.is_source_noun(&items[zone[0]]) {
            return None;
        }
        let (a, b) = (zone[0], *zone.last()?);
        Some(participant(ctx.doc, items[a].range.cover(items[b].range)))
    }

    /// The subject of the verb that opens the sentence of item `at` (for a
    /// participle: `ودعا الوزير إلى …، قائلاً:`).
    fn sentence_subject(&self, ctx: &Ctx, at: usize) -> Option<Participant> {
        let mut start = at;
        while start > 0 && ctx.sentence[start - 1] == ctx.sentence[at] {
            start -= 1;
        }
        // `وحسب مصادر أمنية، فإن …، مشيرة إلى أن`: the source after حسب.
        let opener = &ctx.items[start];
        let according = ["حسب", "بحسب", "وفق", "وفقا"];
        if according.iter().any(|w| opener.norm == *w || opener.without_conjunction() == Some(*w)) {
            return self.subject_after(ctx, start + 1, (start + 1 + 8).min(at));
        }
        // Skip an opening adverbial up to its comma (`إلى ذلك، تبنى الحزب …`).
        if self.is_stop(&ctx.items[start]) {
            let comma = (start..(start + 6).min(at)).find(|&k| ctx.items[k].is_punct("،,"))?;
            start = comma + 1;
        }
        let first = ctx.items.get(start)?;
        if first.kind != ItemKind::Word || self.is_stop(first) || start + 1 >= at {
            return None;
        }
        self.subject_after(ctx, start + 1, (start + 1 + 8).min(at))
    }

    fn is_stop(&self, item: &Item) -> bool {
        item.kind == ItemKind::Word
            && (self.stops.contains(item.norm.as_str())
                || item.without_conjunction().is_some_and(|w| self.stops.contains(w)))
    }

    fn is_skip(&self, item: &Item) -> bool {
        item.kind == ItemKind::Word && self.skips.contains(item.norm.as_str())
    }

    fn is_source_noun(&self, item: &Item) -> bool {
        let bare = item.without_article();
        item.kind == ItemKind::Word
            && (self.source_nouns.contains(bare)
                || bare.strip_suffix('ا').is_some_and(|b| self.source_nouns.contains(b)))
    }
}

/// Shared views of one document.
struct Ctx<'a> {
    doc: &'a Doc,
    items: &'a [Item],
    /// Sentence id of every item.
    sentence: &'a [u32],
}

fn direct(content: TextRange, cue: TextRange, speaker: Option<Participant>, origin: Origin) -> Quote {
    Quote { range: content, direct: true, cue, speaker, origin }
}

fn participant(doc: &Doc, range: TextRange) -> Participant {
    Participant { range: Some(range), text: doc.slice(range).to_string(), entity_id: None, canonical: None }
}

/// Fills `entity_id`/`canonical` from the entity inside the speaker span: a
/// person first, then an organisation, then any; the longest of a label.
fn attach_entity(doc: &Doc, speaker: &mut Participant) {
    let Some(range) = speaker.range else { return };
    let rank = |label: EntityLabel| match label {
        EntityLabel::PER => 0,
        EntityLabel::ORG => 1,
        _ => 2,
    };
    let best = doc
        .entities
        .iter()
        .filter(|e| range.contains_range(e.range) || e.range.contains_range(range))
        .min_by_key(|e| (rank(e.label), std::cmp::Reverse(e.range.len()), e.range.start));
    if let Some(entity) = best {
        speaker.entity_id = entity.entity_id.clone();
        speaker.canonical = entity.canonical.clone();
    }
}

/// Does the marked span opening the content fill (nearly) all of it? Then the
/// quote is direct: `قالت إنها "تدين بشدة هذه الأحكام"`.
fn marked_fills_rest(ctx: &Ctx, span: &MarkedSpan) -> bool {
    let items = ctx.items;
    let words_after = items[span.close + 1..]
        .iter()
        .zip(&ctx.sentence[span.close + 1..])
        .take_while(|(_, &s)| s == ctx.sentence[span.close])
        .filter(|(item, _)| item.kind == ItemKind::Word)
        .count();
    words_after <= 3
}

/// Sentence id of every item, from `doc.sentences` (or, without them, from
/// end punctuation and line breaks).
fn sentence_ids(doc: &Doc, items: &[Item]) -> Vec<u32> {
    let mut ids = Vec::with_capacity(items.len());
    if doc.sentences.is_empty() {
        let mut id = 0u32;
        let mut paragraph = 0;
        for item in items {
            if item.paragraph != paragraph {
                paragraph = item.paragraph;
                id += 1;
            }
            ids.push(id);
            if item.is_punct(".!?؟") {
                id += 1;
            }
        }
        return ids;
    }
    let mut s = 0usize;
    for item in items {
        while s + 1 < doc.sentences.len() && doc.sentences[s].range.end <= item.range.start {
            s += 1;
        }
        ids.push(s as u32);
    }
    ids
}

/// Pairs quotation marks into spans; odd marks become diagnostics.
fn pair_marks(items: &[Item], diagnostics: &mut Vec<Diagnostic>) -> Vec<MarkedSpan> {
    let mut spans = Vec::new();
    let mut guillemets: Vec<usize> = Vec::new();
    let mut curly: Vec<usize> = Vec::new();
    let mut straight: Option<usize> = None;
    // The paragraph the open straight quote last opened or ran on in.
    let mut run_paragraph = 0u32;
    let make = |open: usize, close: usize| {
        let content = TextRange::new(items[open].range.end(), items[close].range.start());
        let words = items[open + 1..close].iter().filter(|i| i.kind == ItemKind::Word).count();
        MarkedSpan { open, close, content, words }
    };
    let warn = |diagnostics: &mut Vec<Diagnostic>, item: &Item, what: &str| {
        diagnostics.push(
            Diagnostic::new(Level::Warning, format!("quotes: {what} quotation mark `{}`", item.norm))
                .at(item.range),
        );
    };
    for (k, item) in items.iter().enumerate() {
        if item.kind != ItemKind::Punct {
            continue;
        }
        match item.norm.as_str() {
            "«" => guillemets.push(k),
            "“" => curly.push(k),
            "»" | "”" => {
                let stack = if item.norm == "»" { &mut guillemets } else { &mut curly };
                match stack.pop() {
                    Some(open) if item.range.start() - items[open].range.end() <= MAX_MARKED_BYTES => {
                        spans.push(make(open, k))
                    }
                    Some(open) => warn(diagnostics, &items[open], "unclosed"),
                    None => warn(diagnostics, item, "unopened"),
                }
            }
            "\"" => match straight {
                None => {
                    straight = Some(k);
                    run_paragraph = item.paragraph;
                }
                Some(open) => {
                    let opens_paragraph = k == 0 || items[k - 1].paragraph != item.paragraph;
                    if run_paragraph != item.paragraph && opens_paragraph {
                        // A mark opening the next paragraph of a running
                        // quotation (the earlier paragraph left it open).
                        run_paragraph = item.paragraph;
                        continue;
                    }
                    if run_paragraph != item.paragraph {
                        warn(diagnostics, &items[open], "unclosed");
                        straight = Some(k);
                        run_paragraph = item.paragraph;
                    } else {
                        spans.push(make(open, k));
                        straight = None;
                    }
                }
            },
            _ => {}
        }
    }
    for open in guillemets.into_iter().chain(curly).chain(straight) {
        warn(diagnostics, &items[open], "unclosed");
    }
    spans.sort_by_key(|s| s.open);
    spans
}

/// The quote stage: fills `doc.quotes`.
pub struct QuoteStage(pub QuoteFinder);

impl QuoteStage {
    /// The stage with the embedded lexicons.
    pub fn new() -> Result<QuoteStage, LexiconError> {
        QuoteFinder::new().map(QuoteStage)
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }
    fn run(&self, doc: &mut Doc) {
        let (quotes, diagnostics) = self.0.find(doc);
        doc.quotes = quotes;
        doc.diagnostics.extend(diagnostics);
    }
}
