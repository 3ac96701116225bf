//! Throughput benchmarks on the shared news corpora. Each prints MB/s or
//! articles/s, and where a peer exists, the peer's figure measured in the
//! same run on the same text, with the ratio.

use crate::corpus::{flag, load_news, shared_dir, NewsArticle};
use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_core::{Doc, DocMeta, Pipeline};
use rayon::prelude::*;
use std::time::Instant;

/// `cargo xtask bench-text`: the text engine (normalise, segment, tokenise,
/// clitics, numbers, repeats) on one core, against a tantivy-style peer
/// (split on non-alphanumerics, lowercase, Snowball Arabic stemmer via
/// rust-stemmers, the stemmer tantivy uses) on the same text.
pub fn text(args: &[String]) -> anyhow::Result<()> {
    let news = load(args)?;
    let bytes: usize = news.iter().map(|a| a.text.len()).sum();
    let rounds: usize = flag(args, "--rounds").and_then(|r| r.parse().ok()).unwrap_or(3);
    let stages =
        Pipeline::new(marsad_arabic::stages::text_stages(AnnotateConfig::default().repeat_min_words))?;

    let stage_list = marsad_arabic::stages::text_stages(AnnotateConfig::default().repeat_min_words);
    let mut ours = f64::MAX;
    let mut tokens = 0usize;
    let mut per_stage = vec![f64::MAX; stage_list.len()];
    for _ in 0..rounds {
        let t = Instant::now();
        tokens = 0;
        for a in &news {
            let mut doc = Doc::new(DocMeta::default(), a.text.clone());
            stages.run(&mut doc);
            tokens += doc.tokens.len();
        }
        ours = ours.min(t.elapsed().as_secs_f64());
        // The same work stage by stage, to show where the time goes.
        let mut spent = vec![0.0; stage_list.len()];
        for a in &news {
            let mut doc = Doc::new(DocMeta::default(), a.text.clone());
            for (i, stage) in stage_list.iter().enumerate() {
                let t = Instant::now();
                stage.run(&mut doc);
                spent[i] += t.elapsed().as_secs_f64();
            }
        }
        for (best, s) in per_stage.iter_mut().zip(spent) {
            *best = best.min(s);
        }
    }

    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic);
    let mut peer = f64::MAX;
    let mut peer_tokens = 0usize;
    for _ in 0..rounds {
        let t = Instant::now();
        peer_tokens = 0;
        for a in &news {
            for word in a.text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                let lower = word.to_lowercase();
                let stem = stemmer.stem(&lower);
                peer_tokens += usize::from(!stem.is_empty());
            }
        }
        peer = peer.min(t.elapsed().as_secs_f64());
    }
    let mb = bytes as f64 / 1e6;
    println!("text engine, 1 thread, {} articles, {:.1} MB, best of {rounds}:", news.len(), mb);
    println!(
        "  marsad text stages : {:>7.1} MB/s  {:>10.0} tokens/s  ({tokens} tokens)",
        mb / ours,
        tokens as f64 / ours
    );
    println!(
        "  peer (split+snowball): {:>5.1} MB/s  {:>10.0} tokens/s  ({peer_tokens} tokens)",
        mb / peer,
        peer_tokens as f64 / peer
    );
    println!("  ratio marsad/peer  : {:.2}", peer / ours);
    for (stage, secs) in stage_list.iter().zip(&per_stage) {
        println!("    stage {:<10} {:>7.1} MB/s", stage.name(), mb / secs);
    }
    Ok(())
}

/// `cargo xtask bench-annotate`: the whole `annotate` pipeline, every stage
/// on, over the corpora, on one thread and on every core.
pub fn annotate(args: &[String]) -> anyhow::Result<()> {
    let news = load(args)?;
    let bytes: usize = news.iter().map(|a| a.text.len()).sum();
    let t = Instant::now();
    let annotator = Annotator::new(&AnnotateConfig::default())?;
    println!("pipeline built in {:.3} s: {}", t.elapsed().as_secs_f64(), annotator.stage_names().join(" → "));
    let run = |parallel: bool| {
        let t = Instant::now();
        let work = |a: &NewsArticle| {
            let meta = DocMeta { id: a.id.clone(), ..DocMeta::default() };
            let doc = annotator.annotate(meta, a.text.clone());
            marsad_annotate::json::to_json_line(&doc, Default::default()).len()
        };
        let out: usize = if parallel { news.par_iter().map(work).sum() } else { news.iter().map(work).sum() };
        (t.elapsed().as_secs_f64(), out)
    };
    // Warm up first, untimed: the lexicons and tables that load on first
    // use (the minor gazetteer, the NER weight table's pages) and the
    // allocator's arenas would otherwise be charged to the one-thread run,
    // whichever runs first. `--no-warmup` keeps the cold figure.
    if !args.iter().any(|a| a == "--no-warmup") {
        let t = Instant::now();
        for a in news.iter().take(200) {
            let meta = DocMeta { id: a.id.clone(), ..DocMeta::default() };
            std::hint::black_box(annotator.annotate(meta, a.text.clone()));
        }
        println!("warm-up: 200 articles in {:.2} s (not counted)", t.elapsed().as_secs_f64());
    }
    let (one, _) = run(false);
    let (all, _) = run(true);

    // The same work stage by stage, on one thread, to show where time goes;
    // the JSON rendering last.
    let stages = annotator.stages();
    let mut spent = vec![0.0; stages.len() + 1];
    for a in &news {
        let meta = DocMeta { id: a.id.clone(), ..DocMeta::default() };
        let mut doc = Doc::new(meta, a.text.clone());
        for (i, stage) in stages.iter().enumerate() {
            let t = Instant::now();
            stage.run(&mut doc);
            spent[i] += t.elapsed().as_secs_f64();
        }
        let t = Instant::now();
        std::hint::black_box(marsad_annotate::json::to_json_line(&doc, Default::default()));
        spent[stages.len()] += t.elapsed().as_secs_f64();
    }
    let mb = bytes as f64 / 1e6;
    let n = news.len() as f64;
    println!("annotate + JSON, {} articles, {:.1} MB:", news.len(), mb);
    println!("  1 thread : {:>7.0} articles/s  {:>6.1} MB/s", n / one, mb / one);
    println!(
        "  {} threads: {:>7.0} articles/s  {:>6.1} MB/s  ({:.1} s in all)",
        rayon::current_num_threads(),
        n / all,
        mb / all,
        all
    );
    let total: f64 = spent.iter().sum();
    let names = stages.iter().map(|stage| stage.name()).chain(["json"]);
    for (name, secs) in names.zip(&spent) {
        println!(
            "    stage {:<10} {:>5.1}% of the time  {:>8.0} articles/s alone  {:>7.1} MB/s",
            name,
            100.0 * secs / total,
            n / secs,
            mb / secs
        );
    }
    // Issue #4's speed target is for the time and place taggers together
    // (the place stage reads the entities, so NER is not counted in it).
    let taggers: f64 = stages
        .iter()
        .zip(&spent)
        .filter(|(stage, _)| matches!(stage.name(), "time" | "places"))
        .map(|(_, secs)| secs)
        .sum();
    if taggers > 0.0 {
        println!("  time + place taggers together: {:.1} MB/s on one core", mb / taggers);
    }
    Ok(())
}

fn load(args: &[String]) -> anyhow::Result<Vec<NewsArticle>> {
    let mut news = load_news(&shared_dir(args))?;
    if let Some(limit) = flag(args, "--limit").and_then(|l| l.parse().ok()) {
        news.truncate(limit);
    }
    Ok(news)
}
