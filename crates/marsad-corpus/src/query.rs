//! Search requests and their translation into tantivy queries.

use crate::analyzer::{analyze, exact_term, AnalyzedWord};
use crate::facts::{country_key, event_type_key, name_key};
use crate::index::IndexFields;
use chrono::NaiveDate;
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query as TantivyQuery, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

/// A search request: free text plus filters, all optional.
///
/// Free text: every word must match (on its lemma, in the body or title);
/// `"quoted phrases"` must match as consecutive words. With no text, every
/// document passing the filters matches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    /// First publication date included.
    pub from: Option<NaiveDate>,
    /// Last publication date included.
    pub to: Option<NaiveDate>,
    /// The outlet, exactly as stored.
    pub source: Option<String>,
    /// An entity's canonical name or surface form (normalised before matching).
    pub entity: Option<String>,
    /// A place's gazetteer id or name (names normalised before matching).
    pub place: Option<String>,
    /// ISO 3166-1 alpha-2 code of a place or nationality in the article.
    pub country: Option<String>,
    /// PLOVER event type (`RETREAT`, `ASSAULT` …).
    pub event_type: Option<String>,
    /// Hits per page (0 means the default, 10; at most 1000).
    pub limit: usize,
    pub offset: usize,
}

impl Query {
    /// A text query with no filters.
    pub fn text(text: impl Into<String>) -> Query {
        Query { text: text.into(), ..Query::default() }
    }
}

/// The analysed free text of a query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedText {
    /// Words that must each match.
    pub words: Vec<AnalyzedWord>,
    /// Phrases (two words or more) that must match as consecutive words.
    pub phrases: Vec<Vec<AnalyzedWord>>,
}

impl ParsedText {
    /// Splits `text` on double quotes (straight or typographic): odd parts
    /// are phrases. An unclosed quote makes a phrase of the rest.
    pub fn parse(text: &str) -> ParsedText {
        let mut parsed = ParsedText::default();
        for (i, part) in text.split(['"', '“', '”', '«', '»']).enumerate() {
            let words = analyze(part);
            if i % 2 == 1 && words.len() > 1 {
                parsed.phrases.push(words);
            } else {
                parsed.words.extend(words);
            }
        }
        parsed
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

/// Days since 1970-01-01: the index's date key.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    date.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch")).num_days()
}

fn term_query(term: Term) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

/// One word: its lemma in the body or the title; its exact form scores more.
fn word_query(fields: &IndexFields, word: &AnalyzedWord) -> Box<dyn TantivyQuery> {
    let mut any = vec![
        (Occur::Should, term_query(Term::from_field_text(fields.body, &word.lemma))),
        (Occur::Should, term_query(Term::from_field_text(fields.title, &word.lemma))),
    ];
    if let Some(exact) = &word.exact {
        let exact = exact_term(exact);
        any.push((
            Occur::Should,
            Box::new(BoostQuery::new(term_query(Term::from_field_text(fields.body, &exact)), 0.5)),
        ));
    }
    Box::new(BooleanQuery::new(any))
}

fn phrase_query(fields: &IndexFields, words: &[AnalyzedWord]) -> Box<dyn TantivyQuery> {
    let in_field = |field| -> Box<dyn TantivyQuery> {
        Box::new(PhraseQuery::new(words.iter().map(|w| Term::from_field_text(field, &w.lemma)).collect()))
    };
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, in_field(fields.body)),
        (Occur::Should, in_field(fields.title)),
    ]))
}

fn filter_query(field: tantivy::schema::Field, key: String) -> (Occur, Box<dyn TantivyQuery>) {
    (Occur::Must, Box::new(TermQuery::new(Term::from_field_text(field, &key), IndexRecordOption::Basic)))
}

/// Builds the tantivy query of a request.
pub(crate) fn build_query(fields: &IndexFields, query: &Query, parsed: &ParsedText) -> Box<dyn TantivyQuery> {
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    for word in &parsed.words {
        clauses.push((Occur::Must, word_query(fields, word)));
    }
    for phrase in &parsed.phrases {
        clauses.push((Occur::Must, phrase_query(fields, phrase)));
    }
    let nonempty =
        |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    if let Some(source) = nonempty(&query.source) {
        clauses.push(filter_query(fields.source, source));
    }
    if let Some(entity) = nonempty(&query.entity) {
        clauses.push(filter_query(fields.entity, name_key(&entity)));
    }
    if let Some(place) = nonempty(&query.place) {
        // A gazetteer id (kept as it is) or a name (normalised).
        let term = |key: &str| -> (Occur, Box<dyn TantivyQuery>) {
            (
                Occur::Should,
                Box::new(TermQuery::new(Term::from_field_text(fields.place, key), IndexRecordOption::Basic)),
            )
        };
        let either = BooleanQuery::new(vec![term(&place), term(&name_key(&place))]);
        clauses.push((Occur::Must, Box::new(either)));
    }
    if let Some(country) = nonempty(&query.country) {
        clauses.push(filter_query(fields.country, country_key(&country)));
    }
    if let Some(kind) = nonempty(&query.event_type) {
        clauses.push(filter_query(fields.event_type, event_type_key(&kind)));
    }
    if query.from.is_some() || query.to.is_some() {
        let bound = |d: Option<NaiveDate>| match d {
            Some(d) => Bound::Included(Term::from_field_i64(fields.date, day_number(d))),
            None => Bound::Unbounded,
        };
        clauses.push((Occur::Must, Box::new(RangeQuery::new(bound(query.from), bound(query.to)))));
    }
    if parsed.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Box::new(BooleanQuery::new(clauses))
}
