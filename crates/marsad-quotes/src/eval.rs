//! Scoring quotes and claims against the annotated dev set.
//!
//! Gold and predictions are compared in Unicode code point offsets (the unit
//! of the gold file `evals/quotes-claims/gold.tsv` and of Marsad's JSON).
//!
//! - A gold quote is *found* when a predicted quote overlaps it by at least
//!   half of the shorter of the two (one prediction per gold quote). Quote
//!   recall = found / gold; precision = matched predictions / predictions.
//! - The speaker of a found quote is *right* when both have none, or the
//!   predicted speaker span overlaps the gold one, or one speaker's
//!   normalised text contains the other's (`الأسد` in `الرئيس السوري، بشار
//!   الأسد`): a continuation quote may point at another mention of the same
//!   speaker.
//! - A claim matches when the spans overlap and the quantities are equal;
//!   unit and approximation agreement are reported among matches.

use marsad_arabic::normalize::{normalize, NormLevel};
use marsad_core::{CharOffsets, Doc, TextRange};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// A quote in code point offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteSpan {
    /// The quoted content.
    pub range: Range<u32>,
    /// In quotation marks or after a colon.
    pub direct: bool,
    /// The speaker mention, if the text names one.
    pub speaker: Option<Range<u32>>,
}

/// A claim in code point offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimSpan {
    /// Cue, number and counted noun.
    pub range: Range<u32>,
    /// The (lower) value.
    pub quantity: f64,
    /// The unit key (`عنصر`, `دولار`, `%`).
    pub unit: String,
    /// `about`, `more_than`, `between` …; None when exact.
    pub approx: Option<String>,
}

/// The quotes and claims of one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Annotations {
    /// Quotes in text order.
    pub quotes: Vec<QuoteSpan>,
    /// Claims in text order.
    pub claims: Vec<ClaimSpan>,
}

/// Why the gold file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GoldError {
    /// A line that does not follow the format.
    #[error("gold line {line}: {why}")]
    BadLine {
        /// 1-based line.
        line: usize,
        /// What is wrong with it.
        why: &'static str,
    },
}

fn num<T: std::str::FromStr>(field: Option<&str>, line: usize, why: &'static str) -> Result<T, GoldError> {
    field.and_then(|f| f.parse().ok()).ok_or(GoldError::BadLine { line, why })
}

/// Reads the gold file: article id → annotations.
pub fn parse_gold(tsv: &str) -> Result<BTreeMap<String, Annotations>, GoldError> {
    let mut gold: BTreeMap<String, Annotations> = BTreeMap::new();
    for (i, line) in tsv.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let article = gold.entry(f[0].to_string()).or_default();
        let start: u32 = num(f.get(2).copied(), line_no, "bad start")?;
        let end: u32 = num(f.get(3).copied(), line_no, "bad end")?;
        match f.get(1).copied() {
            Some("quote") => {
                let direct = match f.get(4).copied() {
                    Some("direct") => true,
                    Some("reported") => false,
                    _ => return Err(GoldError::BadLine { line: line_no, why: "expected direct|reported" }),
                };
                let speaker = match (f.get(5).copied(), f.get(6).copied()) {
                    (Some(s), Some(e)) if !s.is_empty() => Some(
                        num(Some(s), line_no, "bad speaker start")?
                            ..num(Some(e), line_no, "bad speaker end")?,
                    ),
                    _ => None,
                };
                article.quotes.push(QuoteSpan { range: start..end, direct, speaker });
            }
            Some("claim") => {
                let quantity: f64 = num(f.get(4).copied(), line_no, "bad quantity")?;
                let unit = f.get(5).copied().unwrap_or_default().to_string();
                let approx = f.get(6).copied().filter(|a| !a.is_empty()).map(str::to_string);
                article.claims.push(ClaimSpan { range: start..end, quantity, unit, approx });
            }
            _ => return Err(GoldError::BadLine { line: line_no, why: "kind must be quote or claim" }),
        }
    }
    Ok(gold)
}

/// A document's quotes and claims in code point offsets.
pub fn predicted_from_doc(doc: &Doc) -> Annotations {
    let offsets = CharOffsets::new(doc.text());
    let cp = |r: TextRange| offsets.char_index(r.start)..offsets.char_index(r.end);
    Annotations {
        quotes: doc
            .quotes
            .iter()
            .map(|q| QuoteSpan {
                range: cp(q.range),
                direct: q.direct,
                speaker: q.speaker.as_ref().and_then(|s| s.range).map(cp),
            })
            .collect(),
        claims: doc
            .claims
            .iter()
            .map(|c| ClaimSpan {
                range: cp(c.range),
                quantity: c.quantity,
                unit: c.unit.clone(),
                approx: c.approx.clone(),
            })
            .collect(),
    }
}

/// Counts summed over articles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    /// Gold quotes seen.
    pub gold_quotes: usize,
    /// Predicted quotes seen.
    pub predicted_quotes: usize,
    /// Gold quotes matched by a prediction.
    pub found_quotes: usize,
    /// Found quotes with the right speaker.
    pub right_speakers: usize,
    /// Found quotes with the right direct flag.
    pub right_direct: usize,
    /// Gold claims seen.
    pub gold_claims: usize,
    /// Predicted claims seen.
    pub predicted_claims: usize,
    /// Gold claims matched by a prediction.
    pub matched_claims: usize,
    /// Matched claims with the right unit.
    pub right_units: usize,
    /// Matched claims with the right approximation.
    pub right_approx: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl Scores {
    /// Found / gold quotes.
    pub fn quote_recall(&self) -> f64 {
        ratio(self.found_quotes, self.gold_quotes)
    }
    /// Found / predicted quotes.
    pub fn quote_precision(&self) -> f64 {
        ratio(self.found_quotes, self.predicted_quotes)
    }
    /// Right speakers among found quotes.
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.right_speakers, self.found_quotes)
    }
    /// Matched / predicted claims.
    pub fn claim_precision(&self) -> f64 {
        ratio(self.matched_claims, self.predicted_claims)
    }
    /// Matched / gold claims.
    pub fn claim_recall(&self) -> f64 {
        ratio(self.matched_claims, self.gold_claims)
    }
    /// Harmonic mean of claim precision and recall.
    pub fn claim_f1(&self) -> f64 {
        let (p, r) = (self.claim_precision(), self.claim_recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "quotes: gold {} predicted {} found {} | recall {:.3} precision {:.3}",
            self.gold_quotes,
            self.predicted_quotes,
            self.found_quotes,
            self.quote_recall(),
            self.quote_precision()
        )?;
        writeln!(
            f,
            "speakers: right {} of {} found | accuracy {:.3} (end to end {:.3}); direct flag right {:.3}",
            self.right_speakers,
            self.found_quotes,
            self.speaker_accuracy(),
            ratio(self.right_speakers, self.gold_quotes),
            ratio(self.right_direct, self.found_quotes)
        )?;
        write!(
            f,
            "claims: gold {} predicted {} matched {} | P {:.3} R {:.3} F1 {:.3}; unit right {:.3}, approx right {:.3}",
            self.gold_claims,
            self.predicted_claims,
            self.matched_claims,
            self.claim_precision(),
            self.claim_recall(),
            self.claim_f1(),
            ratio(self.right_units, self.matched_claims),
            ratio(self.right_approx, self.matched_claims)
        )
    }
}

fn overlap(a: &Range<u32>, b: &Range<u32>) -> u32 {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// What went wrong in one article, for error analysis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Misses {
    /// Gold quotes nothing matched.
    pub missed_quotes: Vec<QuoteSpan>,
    /// Predicted quotes matching no gold quote.
    pub spurious_quotes: Vec<QuoteSpan>,
    /// (gold, predicted) pairs with the wrong speaker.
    pub wrong_speakers: Vec<(QuoteSpan, QuoteSpan)>,
    /// Gold claims nothing matched.
    pub missed_claims: Vec<ClaimSpan>,
    /// Predicted claims matching no gold claim.
    pub spurious_claims: Vec<ClaimSpan>,
}

/// The text of a code point range, normalised for comparing speakers.
fn speaker_key(text: &str, range: &Range<u32>) -> String {
    let s: String =
        text.chars().skip(range.start as usize).take((range.end - range.start) as usize).collect();
    let norm = normalize(&s, NormLevel::Search);
    norm.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn same_speaker(text: &str, gold: &Option<Range<u32>>, predicted: &Option<Range<u32>>) -> bool {
    match (gold, predicted) {
        (None, None) => true,
        (Some(g), Some(p)) => {
            if overlap(g, p) > 0 {
                return true;
            }
            let (g, p) = (speaker_key(text, g), speaker_key(text, p));
            let strip = |s: &str| s.strip_prefix('و').map(str::to_string).unwrap_or_else(|| s.to_string());
            let (g, p) = (strip(&g), strip(&p));
            !g.is_empty() && !p.is_empty() && (g.contains(&p) || p.contains(&g))
        }
        _ => false,
    }
}

/// Scores one article (`text` gives speaker texts) and adds to `scores`.
pub fn score_article(text: &str, gold: &Annotations, predicted: &Annotations, scores: &mut Scores) -> Misses {
    let mut misses = Misses::default();
    scores.gold_quotes += gold.quotes.len();
    scores.predicted_quotes += predicted.quotes.len();
    let mut used = vec![false; predicted.quotes.len()];
    for g in &gold.quotes {
        let best = predicted
            .quotes
            .iter()
            .enumerate()
            .filter(|(i, p)| {
                let shorter = (g.range.end - g.range.start).min(p.range.end - p.range.start).max(1);
                !used[*i] && overlap(&g.range, &p.range) * 2 >= shorter
            })
            .max_by_key(|(i, p)| (overlap(&g.range, &p.range), std::cmp::Reverse(*i)));
        let Some((i, p)) = best else {
            misses.missed_quotes.push(g.clone());
            continue;
        };
        used[i] = true;
        scores.found_quotes += 1;
        scores.right_direct += usize::from(g.direct == p.direct);
        if same_speaker(text, &g.speaker, &p.speaker) {
            scores.right_speakers += 1;
        } else {
            misses.wrong_speakers.push((g.clone(), p.clone()));
        }
    }
    misses.spurious_quotes =
        predicted.quotes.iter().zip(&used).filter(|(_, u)| !**u).map(|(p, _)| p.clone()).collect();

    scores.gold_claims += gold.claims.len();
    scores.predicted_claims += predicted.claims.len();
    let mut used = vec![false; predicted.claims.len()];
    for g in &gold.claims {
        let found = predicted.claims.iter().enumerate().find(|(i, p)| {
            !used[*i]
                && overlap(&g.range, &p.range) > 0
                && (g.quantity - p.quantity).abs() <= 1e-6 * g.quantity.abs().max(1.0)
        });
        let Some((i, p)) = found else {
            misses.missed_claims.push(g.clone());
            continue;
        };
        used[i] = true;
        scores.matched_claims += 1;
        scores.right_units += usize::from(g.unit == p.unit);
        scores.right_approx += usize::from(g.approx == p.approx);
    }
    misses.spurious_claims =
        predicted.claims.iter().zip(&used).filter(|(_, u)| !**u).map(|(p, _)| p.clone()).collect();
    misses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_overlap_speakers_and_claims() {
        let gold = parse_gold(
            "# header\n\
             a\tquote\t10\t30\treported\t0\t5\n\
             a\tquote\t40\t60\tdirect\t\t\n\
             a\tclaim\t70\t75\t12\tشخص\t\n\
             a\tclaim\t80\t85\t3\tجندي\tabout\n",
        )
        .unwrap();
        let text =
            "الوزير قال كلاما طويلا جدا عن الأمر وأضاف كلاما آخر مهما للغاية هنا، قتل 12 شخصا و3 جنود تقريبا";
        let predicted = Annotations {
            quotes: vec![
                QuoteSpan { range: 12..30, direct: false, speaker: Some(0..6) },
                QuoteSpan { range: 41..50, direct: true, speaker: Some(0..6) },
                QuoteSpan { range: 90..95, direct: true, speaker: None },
            ],
            claims: vec![ClaimSpan { range: 70..76, quantity: 12.0, unit: "شخص".into(), approx: None }],
        };
        let mut scores = Scores::default();
        let misses = score_article(text, &gold["a"], &predicted, &mut scores);
        assert_eq!((scores.found_quotes, scores.right_speakers, scores.right_direct), (2, 1, 2));
        assert_eq!(misses.spurious_quotes.len(), 1);
        assert_eq!((scores.matched_claims, scores.right_units), (1, 1));
        assert!((scores.claim_f1() - 2.0 / 3.0).abs() < 1e-9);
        assert!(parse_gold("a\tquote\tx\t1\tdirect\n").is_err());
    }
}
