//! Reading the news corpora in `../shared/data/news` for evaluations and
//! benchmarks (never for tests).

use anyhow::Context;
use std::path::{Path, PathBuf};

/// One article of the shared corpora: its id, date and body text.
pub struct NewsArticle {
    pub id: String,
    pub text: String,
}

/// The shared folder: `--shared DIR` or `../shared` from the repo root.
pub fn shared_dir(args: &[String]) -> PathBuf {
    flag(args, "--shared").map(PathBuf::from).unwrap_or_else(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repo");
        root.join("../shared")
    })
}

/// The value after `name` in `args`.
pub fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(String::as_str)
}

/// All articles of both corpora, in file order.
pub fn load_news(shared: &Path) -> anyhow::Result<Vec<NewsArticle>> {
    let mut out = Vec::new();
    for (file, text_key, id_key) in [
        ("ant-middle-east-2018.jsonl", "text", "docno"),
        ("saudinewsnet-2015-aawsat-spa.jsonl", "content", "url"),
    ] {
        let path = shared.join("data/news").join(file);
        let data = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        for (i, line) in data.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), i + 1))?;
            let text = v[text_key].as_str().unwrap_or_default().to_string();
            if text.is_empty() {
                continue;
            }
            out.push(NewsArticle {
                id: v[id_key].as_str().map(String::from).unwrap_or_else(|| format!("{file}:{}", i + 1)),
                text,
            });
        }
    }
    Ok(out)
}

/// Runs `marsad annotate --format json` over `input` (JSON lines) for an
/// evaluation: writes `work/input.jsonl`, keeps the output in
/// `work/pred.jsonl` and returns that path. `hint` says how else to give
/// predictions when the binary is missing.
pub fn annotate_with_marsad(
    marsad: &Path,
    work: &Path,
    input: String,
    hint: &str,
) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(work).with_context(|| format!("creating {}", work.display()))?;
    let input_path = work.join("input.jsonl");
    std::fs::write(&input_path, input).with_context(|| format!("writing {}", input_path.display()))?;
    if !marsad.exists() {
        anyhow::bail!(
            "{} not found: build it with `cargo build --release -p marsad-cli`, {hint}",
            marsad.display()
        );
    }
    let output = std::process::Command::new(marsad)
        .args(["annotate", "--format", "json"])
        .arg(&input_path)
        .output()
        .with_context(|| format!("running {}", marsad.display()))?;
    if !output.status.success() {
        anyhow::bail!(
            "{} annotate failed ({}): {}",
            marsad.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let pred_path = work.join("pred.jsonl");
    std::fs::write(&pred_path, &output.stdout).with_context(|| format!("writing {}", pred_path.display()))?;
    Ok(pred_path)
}

/// The texts of both news corpora by article id, for the evaluation sets,
/// which store ids and offsets only.
pub fn news_texts(shared: &Path) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    let mut texts = std::collections::BTreeMap::new();
    for article in
        load_news(shared).with_context(|| format!("reading the news corpora in {}", shared.display()))?
    {
        // SaudiNewsNet repeats a few URLs; the gold sets were built from the first.
        texts.entry(article.id).or_insert(article.text);
    }
    Ok(texts)
}

/// Warns about articles `marsad` returned with another text than it was
/// given: offsets only mean something if the text came back verbatim.
pub fn warn_altered_texts<'a>(
    texts: &std::collections::BTreeMap<String, String>,
    returned: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) {
    let altered: Vec<&str> = returned
        .filter(|(id, text)| text.is_some_and(|t| texts.get(*id).is_some_and(|s| s != t)))
        .map(|(id, _)| id)
        .collect();
    if !altered.is_empty() {
        eprintln!("warning: {} articles came back with a different text: {:?}", altered.len(), altered);
    }
}
