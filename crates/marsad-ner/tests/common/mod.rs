//! A stand-in tokenizer for the tests, so they do not depend on the state
//! of `marsad_arabic::tokenize`: white space and punctuation split tokens;
//! `base` is the whole token unless `clitic_aware` is set, in which case
//! و ف ب ك ل before ال are left out of it as Marsad's tokenizer does.

use marsad_core::{Doc, DocMeta, Sentence, TextRange, Token, TokenKind};

fn is_punct(c: char) -> bool {
    matches!(c, '،' | ',' | '.' | ':' | '«' | '»' | '(' | ')' | '"' | '؛' | '؟' | '?' | '!')
}

#[allow(dead_code)]
pub fn doc(text: &str, clitic_aware: bool) -> Doc {
    let mut doc = Doc::new(DocMeta::default(), text.to_string());
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let push_word = |tokens: &mut Vec<Token>, s: usize, e: usize| {
        let word = &text[s..e];
        let kind = if word.chars().all(|c| c.is_ascii_digit()) { TokenKind::Number } else { TokenKind::Word };
        let mut base = TextRange::new(s, e);
        if clitic_aware {
            for prefix in ["وبال", "وال", "بال", "فال", "كال"] {
                if word.starts_with(prefix) {
                    base.start += (prefix.len() - "ال".len()) as u32;
                    break;
                }
            }
        }
        tokens.push(Token {
            range: TextRange::new(s, e),
            kind,
            norm: word.to_string().into(),
            stem: word.to_string().into(),
            lemma: word.to_string().into(),
            clitics: Default::default(),
            base,
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || is_punct(c) {
            if let Some(s) = start.take() {
                push_word(&mut tokens, s, i);
            }
            if is_punct(c) {
                let r = TextRange::new(i, i + c.len_utf8());
                tokens.push(Token {
                    range: r,
                    kind: TokenKind::Punct,
                    norm: c.to_string().into(),
                    stem: c.to_string().into(),
                    lemma: c.to_string().into(),
                    clitics: Default::default(),
                    base: r,
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push_word(&mut tokens, s, text.len());
    }
    // Sentences end after . ؟ ! and at newlines.
    let mut sentence_start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '؟' | '!' | '\n') {
            let end = i + c.len_utf8();
            if text[sentence_start..end].trim().len() > 1 {
                doc.sentences.push(Sentence { range: TextRange::new(sentence_start, end) });
            }
            sentence_start = end;
        }
    }
    if !text[sentence_start..].trim().is_empty() {
        doc.sentences.push(Sentence { range: TextRange::new(sentence_start, text.len()) });
    }
    doc.tokens = tokens;
    doc
}
