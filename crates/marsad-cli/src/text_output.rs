//! `--format text`: a readable summary of one annotated article for a person
//! at a terminal. Not a contract: scripts should read the JSON.

use marsad_core::{Doc, Participant};
use std::fmt::Write;

/// ANSI styles, or none.
pub struct Palette {
    bold: &'static str,
    dim: &'static str,
    heading: &'static str,
    value: &'static str,
    warn: &'static str,
    reset: &'static str,
}

impl Palette {
    pub fn ansi() -> Palette {
        Palette {
            bold: "\x1b[1m",
            dim: "\x1b[2m",
            heading: "\x1b[1;36m",
            value: "\x1b[33m",
            warn: "\x1b[31m",
            reset: "\x1b[0m",
        }
    }

    pub fn plain() -> Palette {
        Palette { bold: "", dim: "", heading: "", value: "", warn: "", reset: "" }
    }
}

pub struct TextRenderer {
    p: Palette,
}

impl TextRenderer {
    pub fn new(p: Palette) -> TextRenderer {
        TextRenderer { p }
    }

    pub fn render(&self, doc: &Doc) -> String {
        let p = &self.p;
        let mut s = String::new();
        let date = doc.meta.date.map_or_else(|| "date unknown".to_string(), |d| d.to_string());
        let _ =
            writeln!(s, "{}══ {} {}({}, {}){}", p.bold, doc.meta.id, p.dim, doc.meta.source, date, p.reset);
        if let Some(title) = &doc.meta.title {
            let _ = writeln!(s, "   {}{title}{}", p.bold, p.reset);
        }
        let _ = writeln!(
            s,
            "   {} characters, {} sentences, {} tokens",
            doc.text().chars().count(),
            doc.sentences.len(),
            doc.tokens.len()
        );
        self.section(
            &mut s,
            "numbers",
            doc.numbers.iter().map(|n| {
                let pct = if n.percent { " %" } else { "" };
                (doc.slice(n.range).to_string(), format!("{}{pct}", n.value))
            }),
        );
        self.section(
            &mut s,
            "repeated passages",
            doc.duplicates.iter().map(|r| (ellipsize(doc.slice(r.range), 60), format!("repeats {}", r.of))),
        );
        self.section(
            &mut s,
            "entities",
            doc.entities.iter().map(|e| {
                let mut v = format!("{:?}", e.label);
                if let Some(c) = &e.canonical {
                    let _ = write!(v, " → {c}");
                }
                if let Some(l) = &e.latin {
                    let _ = write!(v, " ({l})");
                }
                (doc.slice(e.range).to_string(), v)
            }),
        );
        self.section(
            &mut s,
            "places",
            doc.places.iter().map(|pl| {
                (
                    doc.slice(pl.range).to_string(),
                    format!("{} {:?} {} {:.3},{:.3}", pl.name, pl.kind, pl.country, pl.lat, pl.lon),
                )
            }),
        );
        self.section(
            &mut s,
            "times",
            doc.times.iter().map(|t| {
                let m = t.modifier.as_deref().map(|m| format!(" mod={m}")).unwrap_or_default();
                (doc.slice(t.range).to_string(), format!("{:?} {}{m}", t.kind, t.value))
            }),
        );
        self.section(
            &mut s,
            "quotes",
            doc.quotes.iter().map(|q| {
                let who = q.speaker.as_ref().map_or("unknown speaker".to_string(), participant);
                let kind = if q.direct { "direct" } else { "indirect" };
                (ellipsize(doc.slice(q.range), 60), format!("{kind}, {who}"))
            }),
        );
        self.section(
            &mut s,
            "claims",
            doc.claims.iter().map(|c| {
                let who = c.claimant.as_ref().map_or("unattributed".to_string(), participant);
                (doc.slice(c.range).to_string(), format!("{} {} ({who})", c.quantity, c.unit))
            }),
        );
        self.section(
            &mut s,
            "events",
            doc.events.iter().map(|e| {
                let mut v = e.kind.clone();
                if let Some(m) = &e.mode {
                    let _ = write!(v, "/{m}");
                }
                for (flag, name) in
                    [(e.planned, "planned"), (e.negated, "negated"), (e.hypothetical, "hypothetical")]
                {
                    if flag {
                        let _ = write!(v, " [{name}]");
                    }
                }
                if let Some(a) = &e.actor {
                    let _ = write!(v, " actor={}", participant(a));
                }
                if let Some(r) = &e.recipient {
                    let _ = write!(v, " recipient={}", participant(r));
                }
                (doc.slice(e.trigger).to_string(), v)
            }),
        );
        if !doc.diagnostics.is_empty() {
            let _ = writeln!(s, "{}diagnostics{}", p.warn, p.reset);
            for d in &doc.diagnostics {
                let at = d.range.map(|r| format!(" at {r}")).unwrap_or_default();
                let _ = writeln!(s, "   {:?}{at}: {}", d.level, d.message);
            }
        }
        s
    }

    fn section(&self, s: &mut String, title: &str, items: impl Iterator<Item = (String, String)>) {
        let p = &self.p;
        let items: Vec<_> = items.collect();
        if items.is_empty() {
            return;
        }
        let _ = writeln!(s, "{}{title} ({}){}", p.heading, items.len(), p.reset);
        for (text, value) in items {
            let _ = writeln!(s, "   {text}  {}{value}{}", p.value, p.reset);
        }
    }
}

fn participant(p: &Participant) -> String {
    match &p.canonical {
        Some(c) if c != &p.text => format!("{} → {c}", p.text),
        _ => p.text.clone(),
    }
}

fn ellipsize(s: &str, max_chars: usize) -> String {
    let mut out: String = s.chars().take(max_chars).collect();
    if s.chars().count() > max_chars {
        out.push('…');
    }
    out
}
