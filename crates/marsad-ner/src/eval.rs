//! Entity-level scoring by the rules of CoNLL's `conlleval` script: a chunk
//! counts as correct only when its type, start and end all match.

use std::collections::BTreeMap;
use std::fmt;

/// Precision, recall and F1 of one entity type (or of all).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Score {
    /// Chunks in the gold standard.
    pub gold: usize,
    /// Chunks predicted.
    pub predicted: usize,
    /// Predicted chunks that match a gold chunk exactly.
    pub correct: usize,
}

impl Score {
    /// Percentage of predicted chunks that are correct (0 when none).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    /// Percentage of gold chunks found (0 when none).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    /// Harmonic mean of precision and recall, in percent.
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
        100.0 * a as f64 / b as f64
    }
}

/// A scoring report: overall and per entity type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Tokens scored.
    pub tokens: usize,
    /// Tokens whose predicted tag equals the gold tag.
    pub correct_tags: usize,
    /// All types together.
    pub overall: Score,
    /// Per type (`PERS`, `LOC` …), in name order.
    pub by_type: BTreeMap<String, Score>,
}

impl Report {
    /// Token accuracy in percent.
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct_tags, self.tokens)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, self.overall.gold, self.overall.predicted, self.overall.correct
        )?;
        writeln!(
            f,
            "accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            self.accuracy(),
            self.overall.precision(),
            self.overall.recall(),
            self.overall.f1()
        )?;
        for (ty, s) in &self.by_type {
            writeln!(
                f,
                "{:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                ty,
                s.precision(),
                s.recall(),
                s.f1(),
                s.predicted
            )?;
        }
        Ok(())
    }
}

/// Splits a tag into its prefix (`B`, `I`, `O`) and type (`""` for O).
fn split_tag(tag: &str) -> (&str, &str) {
    match tag.split_once('-') {
        Some((p, t)) => (p, t),
        None => (if tag.is_empty() { "O" } else { tag }, ""),
    }
}

/// An entity chunk: (type, first token, end token exclusive).
pub type Chunk = (String, usize, usize);

/// The chunks of one tag sequence, read as `conlleval` reads IOB tags: an
/// `I-X` after `O` or after another type starts a chunk.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize)> = None;
    let (mut prev_tag, mut prev_type) = ("O".to_string(), String::new());
    for (i, tag) in tags.iter().enumerate() {
        let (t, ty) = split_tag(tag.as_ref());
        let pt = prev_tag.as_str();
        let ends = matches!((pt, t), ("B", "B") | ("B", "O") | ("I", "B") | ("I", "O"))
            || (pt != "O" && pt != "." && prev_type != ty);
        let starts = matches!((pt, t), ("B", "B") | ("I", "B") | ("O", "B") | ("O", "I"))
            || (t != "O" && t != "." && prev_type != ty);
        if ends {
            if let Some((oty, s)) = open.take() {
                out.push((oty, s, i));
            }
        }
        if starts {
            open = Some((ty.to_string(), i));
        }
        prev_tag = t.to_string();
        prev_type = ty.to_string();
    }
    if let Some((oty, s)) = open {
        out.push((oty, s, tags.len()));
    }
    out
}

/// Scores predicted tag sequences against gold ones, sentence by sentence.
/// Sentences of different lengths are scored over their common prefix.
pub fn evaluate<G: AsRef<str>, P: AsRef<str>>(gold: &[Vec<G>], predicted: &[Vec<P>]) -> Report {
    let mut report = Report::default();
    for (g, p) in gold.iter().zip(predicted) {
        let n = g.len().min(p.len());
        let (g, p) = (&g[..n], &p[..n]);
        report.tokens += n;
        report.correct_tags += g.iter().zip(p).filter(|(a, b)| a.as_ref() == b.as_ref()).count();
        let gold_chunks = chunks(g);
        let pred_chunks = chunks(p);
        for (ty, _, _) in &gold_chunks {
            report.by_type.entry(ty.clone()).or_default().gold += 1;
            report.overall.gold += 1;
        }
        for c in &pred_chunks {
            let score = report.by_type.entry(c.0.clone()).or_default();
            score.predicted += 1;
            report.overall.predicted += 1;
            if gold_chunks.contains(c) {
                score.correct += 1;
                report.overall.correct += 1;
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    /// One case: gold and predicted tags as space-separated strings.
    fn check(gold: &str, predicted: &str, expected: Expect) {
        let g: Vec<&str> = gold.split_whitespace().collect();
        let p: Vec<&str> = predicted.split_whitespace().collect();
        let r = evaluate(&[g], &[p]);
        let mut s = format!(
            "gold {} pred {} correct {} P {:.2} R {:.2} F {:.2}",
            r.overall.gold,
            r.overall.predicted,
            r.overall.correct,
            r.overall.precision(),
            r.overall.recall(),
            r.overall.f1()
        );
        for (ty, sc) in &r.by_type {
            s.push_str(&format!(" | {ty} {}/{}/{}", sc.correct, sc.predicted, sc.gold));
        }
        expected.assert_eq(&s);
    }

    #[test]
    fn conlleval_rules() {
        check(
            "B-PERS I-PERS O B-LOC",
            "B-PERS I-PERS O B-LOC",
            expect![["gold 2 pred 2 correct 2 P 100.00 R 100.00 F 100.00 | LOC 1/1/1 | PERS 1/1/1"]],
        );
        // A boundary error counts as one false positive and one miss.
        check(
            "B-PERS I-PERS O B-LOC",
            "B-PERS O O B-LOC",
            expect![["gold 2 pred 2 correct 1 P 50.00 R 50.00 F 50.00 | LOC 1/1/1 | PERS 0/1/1"]],
        );
        // I- after O starts a chunk (conlleval), so this matches B-LOC.
        check(
            "B-LOC O",
            "I-LOC O",
            expect![["gold 1 pred 1 correct 1 P 100.00 R 100.00 F 100.00 | LOC 1/1/1"]],
        );
        // A type change inside a chunk splits it.
        check(
            "B-ORG I-ORG I-ORG",
            "B-ORG I-LOC I-LOC",
            expect![["gold 1 pred 2 correct 0 P 0.00 R 0.00 F 0.00 | LOC 0/1/0 | ORG 0/1/1"]],
        );
        // B-X B-X is two chunks.
        check(
            "B-LOC B-LOC",
            "B-LOC I-LOC",
            expect![["gold 2 pred 1 correct 0 P 0.00 R 0.00 F 0.00 | LOC 0/1/2"]],
        );
        check("O O", "O O", expect![["gold 0 pred 0 correct 0 P 0.00 R 0.00 F 0.00"]]);
        check(
            "B-MISC O B-PERS I-PERS I-PERS",
            "B-MISC O B-PERS I-PERS O",
            expect![["gold 2 pred 2 correct 1 P 50.00 R 50.00 F 50.00 | MISC 1/1/1 | PERS 0/1/1"]],
        );
    }

    #[test]
    fn accuracy_and_display() {
        let g = vec![vec!["B-LOC", "O", "O", "B-PERS"]];
        let p = vec![vec!["B-LOC", "O", "B-ORG", "O"]];
        let r = evaluate(&g, &p);
        assert_eq!(r.tokens, 4);
        assert_eq!(r.correct_tags, 2);
        expect![[r#"
            processed 4 tokens with 2 phrases; found: 2 phrases; correct: 1.
            accuracy:  50.00%; precision:  50.00%; recall:  50.00%; FB1:  50.00
                          LOC: precision: 100.00%; recall: 100.00%; FB1: 100.00  1
                          ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
                         PERS: precision:   0.00%; recall:   0.00%; FB1:   0.00  0
        "#]]
        .assert_eq(&r.to_string());
    }
}
