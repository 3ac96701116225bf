//! Lists the claims each rule finds on unannotated corpus articles, for
//! judging the precision of the open and implied rules by eye.
//!
//! ```text
//! cargo run --release -p marsad-quotes --example claims_survey -- --shared ../shared [--skip N] [--take N] [--rule NAME]
//! ```
//!
//! Reads articles from the news corpora in `--shared` (never copied into the
//! repository), skipping the first `--skip` of each corpus (default 3000, past
//! the articles the eval splits come from often enough to be a fresh sample)
//! and taking `--take` (default 300); prints `origin<TAB>claim<TAB>context`
//! for every claim (or those whose origin contains `--rule`), then counts
//! per origin.

use marsad_core::{Doc, DocMeta, Origin};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut shared, mut skip, mut take, mut rule) = (PathBuf::from("../shared"), 3000usize, 300usize, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--shared" => shared = PathBuf::from(args.next().ok_or("--shared needs a path")?),
            "--skip" => skip = args.next().ok_or("--skip needs a number")?.parse()?,
            "--take" => take = args.next().ok_or("--take needs a number")?.parse()?,
            "--rule" => rule = Some(args.next().ok_or("--rule needs a name")?),
            other => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    let news = shared.join("data/news");
    if !news.is_dir() {
        println!("skipping: no news corpora under {}", shared.display());
        return Ok(());
    }
    let text_stages = marsad_arabic::stages::text_stages(8);
    let our_stages = marsad_quotes::stages()?;
    let mut per_origin: BTreeMap<String, usize> = BTreeMap::new();
    for (file, body_field) in
        [("ant-middle-east-2018.jsonl", "text"), ("saudinewsnet-2015-aawsat-spa.jsonl", "content")]
    {
        let reader = std::io::BufReader::new(std::fs::File::open(news.join(file))?);
        for line in reader.lines().skip(skip).take(take) {
            let value: serde_json::Value = serde_json::from_str(&line?)?;
            let body = value.get(body_field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let mut doc = Doc::new(
                DocMeta { source: "outlet".into(), outlet: Some("outlet".into()), ..DocMeta::default() },
                body,
            );
            for stage in text_stages.iter().chain(&our_stages) {
                stage.run(&mut doc);
            }
            for claim in &doc.claims {
                let origin = match &claim.origin {
                    Origin::Rule { name } => name.to_string(),
                    Origin::Lexicon { file, .. } => file.to_string(),
                    Origin::Model { name } => name.to_string(),
                };
                *per_origin.entry(origin.clone()).or_default() += 1;
                if rule.as_ref().is_some_and(|r| !origin.contains(r.as_str())) {
                    continue;
                }
                let text = doc.text();
                let mut from = claim.range.start().saturating_sub(60);
                while !text.is_char_boundary(from) {
                    from -= 1;
                }
                let mut to = (claim.range.end() + 40).min(text.len());
                while !text.is_char_boundary(to) {
                    to += 1;
                }
                let by = claim.claimant.as_ref().map_or("-", |p| p.text.as_str());
                println!(
                    "{origin}\t{} {}\t{}[{}]{}\tby={by}",
                    claim.quantity,
                    claim.unit,
                    text[from..claim.range.start()].replace('\n', " "),
                    doc.slice(claim.range),
                    text[claim.range.end()..to].replace('\n', " ")
                );
            }
        }
    }
    for (origin, n) in &per_origin {
        println!("# {origin}: {n}");
    }
    Ok(())
}
