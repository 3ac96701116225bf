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
