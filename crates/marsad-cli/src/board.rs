//! `marsad board`: the situation board on the terminal or as JSON.

use crate::config::Config;
use crate::store::StoreArg;
use anyhow::Context;
use clap::{Args, ValueEnum};
use marsad_board::{Board, PlaceState, StateChange};
use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

#[derive(Args)]
pub struct BoardArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Only this place: a gazetteer id (`oa:ORAA`, `iso:IQ-AN`) or a name
    /// (`عين الأسد`).
    #[arg(long, value_name = "NAME|ID")]
    pub place: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = BoardFormat::Text)]
    pub format: BoardFormat,
    /// Evidence sentences shown per change in the text format.
    #[arg(long, default_value_t = 2)]
    pub evidence: usize,
}

/// How the board is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BoardFormat {
    /// A readable summary per place (right-to-left friendly: each line
    /// starts with Arabic).
    Text,
    /// The board (or the one place) as JSON.
    Json,
}

pub fn run(args: BoardArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let store = args.store.open(config)?;
    let board = marsad_board::derive(&store).context("deriving the situation board")?;
    let mut out = std::io::stdout().lock();
    match &args.place {
        Some(wanted) => {
            let Some(place) = board.place(wanted) else {
                eprintln!("marsad board: no place `{wanted}` on the board ({} places)", board.places.len());
                return Ok(ExitCode::from(1));
            };
            match args.format {
                BoardFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(place)?)?,
                BoardFormat::Text => write!(out, "{}", place_text(place, args.evidence))?,
            }
        }
        None => match args.format {
            BoardFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&board)?)?,
            BoardFormat::Text => write!(out, "{}", board_text(&board, args.evidence))?,
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// The whole board as text.
pub fn board_text(board: &Board, evidence: usize) -> String {
    if board.places.is_empty() {
        return "اللوحة فارغة: لا تغييرات في حيازة الأماكن أو أمنها أو الوجود العسكري فيها.\n".to_string();
    }
    board.places.iter().map(|p| place_text(p, evidence)).collect::<Vec<_>>().join("\n")
}

fn attribute_label(attribute: &str) -> &str {
    match attribute {
        "holder" => "الجهة المسيطرة",
        "security" => "الملف الأمني",
        "presence" => "الوجود العسكري",
        other => other,
    }
}

fn kind_label(kind: Option<&str>) -> &str {
    match kind {
        Some("base") => "قاعدة",
        Some("airport") => "مطار",
        Some("facility") => "منشأة",
        Some("city") => "مدينة",
        Some("province") => "محافظة",
        Some("district") => "قضاء",
        Some("country") => "دولة",
        Some("region") => "منطقة",
        _ => "مكان",
    }
}

fn sources_label(n: u32) -> String {
    match n {
        1 => "مصدر واحد".to_string(),
        2 => "مصدران".to_string(),
        3..=10 => format!("{n} مصادر"),
        _ => format!("{n} مصدرًا"),
    }
}

fn value_or_unknown(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("غير معروف")
}

fn change_line(c: &StateChange) -> String {
    let mut line = format!("{}: ", attribute_label(&c.attribute));
    match (&c.from, &c.to) {
        (Some(from), to) => {
            let _ = write!(line, "من {from} إلى {}", value_or_unknown(to));
        }
        (None, to) => line.push_str(value_or_unknown(to)),
    }
    if let Some(q) = c.quantity {
        let _ = write!(line, "، {q} عنصر");
    }
    let _ = write!(line, " — {}", c.date.as_deref().unwrap_or("دون تاريخ"));
    let _ = write!(line, " [{}، {} مقال]", sources_label(c.sources), c.documents);
    if let Some(a) = &c.announced {
        let _ = write!(line, " (أُعلن في {a})");
    }
    line
}

fn evidence_lines(out: &mut String, c: &StateChange, limit: usize) {
    for e in c.evidence.iter().take(limit) {
        let text: String = e.text.chars().take(240).collect();
        let cut = if e.text.chars().count() > 240 { "…" } else { "" };
        let date = e.date.map(|d| d.to_string()).unwrap_or_default();
        let _ =
            writeln!(out, "      «{text}{cut}» — {} {date} (#{} {}–{})", e.source, e.doc_id, e.start, e.end);
    }
    if c.evidence.len() > limit {
        let _ = writeln!(out, "      … و{} جمل أخرى", c.evidence.len() - limit);
    }
}

/// One place as text.
pub fn place_text(p: &PlaceState, evidence: usize) -> String {
    let mut out = String::new();
    let country = p.country.as_deref().unwrap_or("");
    let _ = writeln!(out, "■ {} — {} ({} {country})", p.name, kind_label(p.kind.as_deref()), p.place_id);
    if !p.current.is_empty() {
        let _ = writeln!(out, "  الحالة الآن:");
        for f in &p.current {
            let quantity = f.quantity.map(|q| format!("، {q} عنصر")).unwrap_or_default();
            let value = if f.value == marsad_board::UNKNOWN { "غير معروف" } else { &f.value };
            let since = f.since.as_deref().map(|s| format!(" منذ {s}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "    {}: {value}{quantity}{since} [{}]",
                attribute_label(&f.attribute),
                sources_label(f.sources)
            );
        }
    }
    if !p.history.is_empty() {
        let _ = writeln!(out, "  السجل:");
        for c in &p.history {
            let _ = writeln!(out, "    {}", change_line(c));
            evidence_lines(&mut out, c, evidence);
        }
    }
    if !p.planned.is_empty() {
        let _ = writeln!(out, "  مخطط له (لم يُبلَّغ عن تنفيذه):");
        for c in &p.planned {
            let _ = writeln!(out, "    {}", change_line(c));
            evidence_lines(&mut out, c, evidence);
        }
    }
    if !p.conflicts.is_empty() {
        let _ = writeln!(out, "  روايات متعارضة:");
        for conflict in &p.conflicts {
            let _ = writeln!(out, "    {}:", attribute_label(&conflict.attribute));
            for c in &conflict.claims {
                let _ = writeln!(out, "      ◆ {}", change_line(c));
                evidence_lines(&mut out, c, evidence.min(1));
            }
        }
    }
    out
}
