//! End-to-end driver for the NER crate (the CLI wires the same functions).
//!
//! ```text
//! cargo run --release -p marsad-ner --example ner -- devsplit CONLL [EVERY [EPOCHS [PRUNE]]] # train on the split, report dev
//! cargo run --release -p marsad-ner --example ner -- cv CONLL [FOLDS [EPOCHS [PRUNE]]] # contiguous-block cross-validation
//! cargo run --release -p marsad-ner --example ner -- replay PREDICTIONS [OUT] # post-rules on saved cv predictions
//! cargo run --release -p marsad-ner --example ner -- train CONLL OUT [EPOCHS]
//! cargo run --release -p marsad-ner --example ner -- tag MODEL IN            # CoNLL with a predicted column
//! cargo run --release -p marsad-ner --example ner -- eval MODEL GOLD
//! cargo run --release -p marsad-ner --example ner -- speed MODEL CONLL       # tokens/s and load time
//! cargo run --release -p marsad-ner --example ner -- clusters OUT NEWS.jsonl… # learn word clusters
//! cargo run --release -p marsad-ner --example ner -- article TEXT-FILE      # the stage on an article
//! ```

use marsad_core::{Doc, DocMeta, Stage};
use marsad_ner::cli::{eval_main, tag_main, train_main};
use marsad_ner::clusters::{learn_clusters, ClusterOptions};
use marsad_ner::eval::chunks;
use marsad_ner::features::split_coordinated_names;
use marsad_ner::postrules::{repair_document, repair_sentence};
use marsad_ner::NerStage;
use marsad_ner::{read_conll, split_dev, train_with_report, NerModel, TrainOptions};
use std::time::Instant;

const CLUSTERS_HEADER: &str = "\
# Word clusters for NER features: normalised, clitic-stripped word<TAB>cluster id.
# Derived by the Marsad project from the tokens (not the tags) of ANERcorp train,
# ../shared/data/ner/anercorp-train.conll, the model's own training data, with
#   cargo run --release -p marsad-ner --example ner -- clusters \\
#     crates/marsad-ner/data/clusters.tsv ../shared/data/ner/anercorp-train.conll
# Licence: CC BY-SA 4.0 (derived from ANERcorp, like the model weights).
";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg =
        |i: usize| args.get(i).cloned().ok_or(format!("missing argument {i}; see the file's doc comment"));
    match args.first().map(String::as_str) {
        Some("devsplit") => {
            let text = std::fs::read_to_string(arg(1)?)?;
            let every: usize = args.get(2).map_or(Ok(10), |s| s.parse())?;
            let sentences = read_conll(&text)?;
            let (train, dev) = split_dev(&sentences, every);
            let mut opts = TrainOptions::default();
            if let Some(e) = args.get(3) {
                opts.epochs = e.parse()?;
            }
            if let Some(p) = args.get(4) {
                opts.prune_below = p.parse()?;
            }
            let started = Instant::now();
            let (model, report) = train_with_report(&train, Some(&dev), &opts, &mut std::io::stderr())?;
            eprintln!("trained in {:.1}s; best epoch {}", started.elapsed().as_secs_f64(), report.best_epoch);
            // Dev sentences each on their own (the sentence pass), then
            // the whole file in order with the dev sentences scored (the
            // document pass; their neighbours are training sentences, whose
            // first-pass tags are better than on new text: optimistic).
            let gold: Vec<Vec<&str>> =
                dev.iter().map(|s| s.iter().map(|(_, t)| t.as_str()).collect()).collect();
            let alone: Vec<Vec<String>> = dev
                .iter()
                .map(|s| model.tag(&s.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>()))
                .collect();
            println!("dev sentences on their own (sentence pass):");
            print!("{}", marsad_ner::evaluate(&gold, &alone));
            let mut repaired = alone.clone();
            for (sentence, pred) in dev.iter().zip(repaired.iter_mut()) {
                let words: Vec<&str> = sentence.iter().map(|(w, _)| w.as_str()).collect();
                split_coordinated_names(&words, pred);
            }
            println!("the same with the stage's split of names joined by و:");
            print!("{}", marsad_ner::evaluate(&gold, &repaired));
            for (sentence, pred) in dev.iter().zip(repaired.iter_mut()) {
                let words: Vec<&str> = sentence.iter().map(|(w, _)| w.as_str()).collect();
                repair_sentence(&words, pred);
            }
            println!("the same with the sentence post-rules (postrules::repair_sentence):");
            print!("{}", marsad_ner::evaluate(&gold, &repaired));
            if model.uses_document_context() {
                let words: Vec<Vec<&str>> =
                    sentences.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect();
                let tagged = model.tag_sentences(&words);
                let picked = |i: &usize| every > 0 && i % every == every - 1;
                let mut in_articles: Vec<Vec<String>> =
                    tagged.into_iter().enumerate().filter(|(i, _)| picked(i)).map(|(_, t)| t).collect();
                println!("dev sentences in their articles (document pass, optimistic):");
                print!("{}", marsad_ner::evaluate(&gold, &in_articles));
                for (sentence, pred) in dev.iter().zip(in_articles.iter_mut()) {
                    let words: Vec<&str> = sentence.iter().map(|(w, _)| w.as_str()).collect();
                    split_coordinated_names(&words, pred);
                }
                println!("the same with the stage's split of names joined by و:");
                print!("{}", marsad_ner::evaluate(&gold, &in_articles));
                // All post-rules on the whole file in order (propagation sees
                // the neighbouring training sentences too), dev scored.
                let mut all = model.tag_sentences(&words);
                repair_document(&words, &mut all);
                let repaired: Vec<Vec<String>> =
                    all.into_iter().enumerate().filter(|(i, _)| picked(i)).map(|(_, t)| t).collect();
                println!("the same with all post-rules (postrules::repair_document):");
                print!("{}", marsad_ner::evaluate(&gold, &repaired));
            }
            eprintln!("model: {} features, {} bytes", model.feature_count(), model.to_bytes().len());
            // How the confidences relate to precision: predicted entities
            // (lowest token confidence) by bucket, and the share correct.
            let mut buckets = [(0usize, 0usize); 4];
            for sentence in &dev {
                let tokens: Vec<&str> = sentence.iter().map(|(w, _)| w.as_str()).collect();
                let gold: Vec<&str> = sentence.iter().map(|(_, t)| t.as_str()).collect();
                let tagged = model.tag_with_confidence(&tokens);
                let pred: Vec<&str> = tagged.iter().map(|(t, _)| t.as_str()).collect();
                let gold_chunks = chunks(&gold);
                for (ty, s, e) in chunks(&pred) {
                    let c = tagged[s..e].iter().map(|(_, c)| *c).fold(1.0f32, f32::min);
                    let b = [0.5, 0.8, 0.95, f32::INFINITY].iter().position(|&hi| c < hi).unwrap_or(3);
                    buckets[b].0 += 1;
                    buckets[b].1 += gold_chunks.contains(&(ty, s, e)) as usize;
                }
            }
            for (label, (n, ok)) in ["<0.5", "0.5-0.8", "0.8-0.95", ">=0.95"].iter().zip(buckets) {
                eprintln!(
                    "confidence {label}: {n} entities, {:.1}% correct",
                    100.0 * ok as f64 / n.max(1) as f64
                );
            }
        }
        Some("cv") => {
            // Contiguous blocks of sentences as folds: ANERcorp's sentences
            // are in article order, so a block is (mostly) other articles,
            // like the held-out test; the every-10th dev split shares
            // articles (and their names) with its training part.
            let sentences = read_conll(&std::fs::read_to_string(arg(1)?)?)?;
            let folds: usize = args.get(2).map_or(Ok(5), |s| s.parse())?;
            let mut opts = TrainOptions::default();
            if let Some(e) = args.get(3) {
                opts.epochs = e.parse()?;
            }
            if let Some(p) = args.get(4) {
                opts.prune_below = p.parse()?;
            }
            // Quicker experiments: NER_ENSEMBLE=1 trains one perceptron per
            // pass instead of the default average of three.
            if let Ok(e) = std::env::var("NER_ENSEMBLE") {
                opts.ensemble = e.parse()?;
            }
            let started = Instant::now();
            let mut gold_all: Vec<Vec<String>> = Vec::new();
            let mut pred_all: Vec<Vec<String>> = Vec::new();
            for fold in 0..folds {
                let (lo, hi) = (fold * sentences.len() / folds, (fold + 1) * sentences.len() / folds);
                let train: Vec<_> = sentences[..lo].iter().chain(&sentences[hi..]).cloned().collect();
                let test = &sentences[lo..hi];
                let model = marsad_ner::train(&train, None, &opts)?;
                let gold: Vec<Vec<String>> =
                    test.iter().map(|s| s.iter().map(|(_, t)| t.clone()).collect()).collect();
                let pred: Vec<Vec<String>> = model.tag_sentences(
                    &test
                        .iter()
                        .map(|s| s.iter().map(|(w, _)| w.as_str()).collect())
                        .collect::<Vec<Vec<&str>>>(),
                );
                let report = marsad_ner::evaluate(&gold, &pred);
                eprintln!("fold {fold}: F1 {:.2}", report.overall.f1());
                gold_all.extend(gold);
                pred_all.extend(pred);
            }
            println!("the model alone:");
            print!("{}", marsad_ner::evaluate(&gold_all, &pred_all));
            let model_tags = pred_all.clone();
            // The stage repairs names joined by و (split_coordinated_names).
            for (sentence, pred) in sentences.iter().zip(pred_all.iter_mut()) {
                let words: Vec<&str> = sentence.iter().map(|(w, _)| w.as_str()).collect();
                split_coordinated_names(&words, pred);
            }
            println!("with the stage's split of names joined by و:");
            print!("{}", marsad_ner::evaluate(&gold_all, &pred_all));
            // All post-rules (person spans, ships, propagation in a window).
            let words: Vec<Vec<&str>> =
                sentences.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect();
            repair_document(&words, &mut pred_all);
            println!("with all post-rules (postrules::repair_document):");
            print!("{}", marsad_ner::evaluate(&gold_all, &pred_all));
            eprintln!("{folds} folds in {:.1}s", started.elapsed().as_secs_f64());
            // NER_CV_PREDICTIONS=FILE: `word gold predicted` lines, a blank
            // line between sentences, for error analysis and `replay`: the
            // model's own tags, before any post-rule.
            if let Ok(path) = std::env::var("NER_CV_PREDICTIONS") {
                let mut text = String::new();
                for ((sentence, gold), pred) in sentences.iter().zip(&gold_all).zip(&model_tags) {
                    for (((word, _), g), p) in sentence.iter().zip(gold).zip(pred) {
                        text.push_str(&format!("{word} {g} {p}\n"));
                    }
                    text.push('\n');
                }
                std::fs::write(path, text)?;
            }
        }
        Some("replay") => {
            // replay PREDICTIONS: score a NER_CV_PREDICTIONS file (`word gold
            // predicted`) as it is, then after the post-rules: measures
            // rules without retraining.
            let text = std::fs::read_to_string(arg(1)?)?;
            let mut words: Vec<Vec<String>> = Vec::new();
            let mut gold: Vec<Vec<String>> = Vec::new();
            let mut pred: Vec<Vec<String>> = Vec::new();
            for block in text.split("\n\n").filter(|b| !b.trim().is_empty()) {
                let (mut w, mut g, mut p) = (Vec::new(), Vec::new(), Vec::new());
                for line in block.lines().filter(|l| !l.trim().is_empty()) {
                    let cols: Vec<&str> = line.split(' ').collect();
                    let [word, gold_tag, pred_tag] = cols[..] else {
                        return Err(format!("replay: not `word gold predicted`: {line:?}").into());
                    };
                    w.push(word.to_string());
                    g.push(gold_tag.to_string());
                    p.push(pred_tag.to_string());
                }
                words.push(w);
                gold.push(g);
                pred.push(p);
            }
            println!("as given:");
            print!("{}", marsad_ner::evaluate(&gold, &pred));
            let mut document = pred.clone();
            for (w, p) in words.iter().zip(pred.iter_mut()) {
                repair_sentence(w, p);
            }
            println!("with the sentence post-rules:");
            print!("{}", marsad_ner::evaluate(&gold, &pred));
            repair_document(&words, &mut document);
            println!("with all post-rules (postrules::repair_document):");
            print!("{}", marsad_ner::evaluate(&gold, &document));
            // replay PREDICTIONS OUT: the repaired predictions, same format.
            if let Some(out) = args.get(2) {
                let mut text = String::new();
                for ((w, g), p) in words.iter().zip(&gold).zip(&document) {
                    for ((word, g), p) in w.iter().zip(g).zip(p) {
                        text.push_str(&format!("{word} {g} {p}\n"));
                    }
                    text.push('\n');
                }
                std::fs::write(out, text)?;
            }
        }
        Some("train") => {
            let text = std::fs::read_to_string(arg(1)?)?;
            let mut opts = TrainOptions::default();
            if let Some(e) = args.get(3) {
                opts.epochs = e.parse()?;
            }
            let started = Instant::now();
            let (model, _) = train_main(&text, None, &opts, &mut std::io::stderr())?;
            let bytes = model.to_bytes();
            std::fs::write(arg(2)?, &bytes)?;
            eprintln!(
                "trained in {:.1}s: {} features, {} bytes",
                started.elapsed().as_secs_f64(),
                model.feature_count(),
                bytes.len()
            );
        }
        Some("tag") => {
            let model = NerModel::from_bytes(&std::fs::read(arg(1)?)?)?;
            let input = std::fs::File::open(arg(2)?)?;
            tag_main(&model, input, std::io::stdout().lock())?;
        }
        Some("eval") => {
            let model = NerModel::from_bytes(&std::fs::read(arg(1)?)?)?;
            eval_main(&model, &std::fs::read_to_string(arg(2)?)?, &mut std::io::stdout())?;
        }
        Some("speed") => {
            let bytes = std::fs::read(arg(1)?)?;
            let started = Instant::now();
            let model = NerModel::from_bytes(&bytes)?;
            let load = started.elapsed();
            let sentences = read_conll(&std::fs::read_to_string(arg(2)?)?)?;
            let tokens: Vec<Vec<&str>> =
                sentences.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect();
            let count: usize = tokens.iter().map(Vec::len).sum();
            println!(
                "load {:.3}s ({} bytes, {} features)",
                load.as_secs_f64(),
                bytes.len(),
                model.feature_count()
            );
            // CPU time, not wall time: the machine is shared, and the target
            // is tokens per second of one core. Best of three runs of each.
            let mut best = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
            for _ in 0..3 {
                let (wall, cpu) = (Instant::now(), cpu_seconds());
                let tagged: usize = tokens.chunks(30).map(|doc| model.tag_sentences(doc).len()).sum();
                best.0 = best.0.min(cpu_seconds() - cpu);
                best.2 = best.2.min(wall.elapsed().as_secs_f64());
                assert_eq!(tagged, tokens.len());
                let cpu = cpu_seconds();
                let tagged: usize = tokens.iter().map(|s| model.tag(s).len()).sum();
                best.1 = best.1.min(cpu_seconds() - cpu);
                assert_eq!(tagged, count);
            }
            println!(
                "tagged {count} tokens: {:.0} tokens/s of CPU time in documents of 30 sentences ({:.0} by the wall clock), {:.0} sentence by sentence (one core)",
                count as f64 / best.0,
                count as f64 / best.2,
                count as f64 / best.1
            );
        }
        Some("clusters") => {
            // clusters OUT NEWS.jsonl…: learn word clusters from the articles'
            // title and body fields, write the table to OUT.
            let out = arg(1)?;
            let mut docs = Vec::new();
            let mut conll_only = true;
            for path in &args[2..] {
                if path.ends_with(".conll") {
                    // One document per sentence: its tokens joined by spaces.
                    let text = std::fs::read_to_string(path)?;
                    for sentence in marsad_ner::read_conll(&text)? {
                        let words: Vec<&str> = sentence.iter().map(|(w, _)| w.as_str()).collect();
                        docs.push(words.join(" "));
                    }
                    continue;
                }
                conll_only = false;
                for line in std::fs::read_to_string(path)?.lines() {
                    let v: serde_json::Value = serde_json::from_str(line)?;
                    for field in ["title", "text", "content", "abstract"] {
                        if let Some(t) = v.get(field).and_then(|t| t.as_str()) {
                            docs.push(t.to_string());
                        }
                    }
                }
            }
            let started = Instant::now();
            // ANERcorp train is small (125k tokens): keep rarer words and
            // fewer clusters than for a large corpus.
            let opts = if conll_only {
                ClusterOptions { min_count: 5, context_words: 300, clusters: 80, iterations: 12 }
            } else {
                ClusterOptions::default()
            };
            let table = learn_clusters(docs.iter().map(String::as_str), &opts);
            let mut text = String::from(CLUSTERS_HEADER);
            text.push_str(&format!("# Options: {opts:?}\n"));
            for (word, id) in &table {
                text.push_str(&format!("{word}\t{id}\n"));
            }
            std::fs::write(&out, text)?;
            eprintln!("{} words clustered in {:.1}s", table.len(), started.elapsed().as_secs_f64());
        }
        Some("article") => {
            // article FILE: run Marsad's sentence splitter and tokenizer,
            // then the NER stage, on a plain-text article; print entities.
            let text = std::fs::read_to_string(arg(1)?)?;
            let mut doc = Doc::new(DocMeta::default(), text.clone());
            doc.sentences = marsad_arabic::sentences::split_sentences(&text);
            doc.tokens = marsad_arabic::tokenize::tokenize(&text);
            let started = Instant::now();
            NerStage::new().run(&mut doc);
            let secs = started.elapsed().as_secs_f64();
            for e in &doc.entities {
                println!(
                    "{}\t{:?}\t{}\t{}\t{}\t{:.2}\t{:?}",
                    doc.slice(e.range),
                    e.label,
                    e.entity_id.as_deref().unwrap_or("-"),
                    e.canonical.as_deref().unwrap_or("-"),
                    e.latin.as_deref().unwrap_or("-"),
                    e.confidence.unwrap_or(0.0),
                    e.origin
                );
            }
            eprintln!(
                "{} tokens, {} entities in {:.1} ms (first run: loads the model and lexicons)",
                doc.tokens.len(),
                doc.entities.len(),
                secs * 1e3
            );
            let runs = 50;
            let started = Instant::now();
            for _ in 0..runs {
                NerStage::new().run(&mut doc);
            }
            let secs = started.elapsed().as_secs_f64() / runs as f64;
            eprintln!(
                "then {:.2} ms a run: {:.0} tokens/s through the whole stage",
                secs * 1e3,
                doc.tokens.len() as f64 / secs
            );
        }
        _ => return Err("usage: ner devsplit|train|tag|eval|speed …".into()),
    }
    Ok(())
}

/// CPU time this process has run, in seconds (Linux: /proc/self/schedstat;
/// elsewhere 0, and the speed line is meaningless).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|ns| ns.parse::<f64>().ok()))
        .map_or(0.0, |ns| ns / 1e9)
}
