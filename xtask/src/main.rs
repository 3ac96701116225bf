//! `cargo xtask <chore>`: evaluations and benchmarks that read `../shared`.
//! Tests never call these; the README shows their latest results.

mod bench;
mod corpus;
mod eval_entities;
mod eval_time_place;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("bench-text") => bench::text(rest),
        Some("bench-annotate") => bench::annotate(rest),
        Some("eval-time-place") => eval_time_place::run(rest),
        Some("eval-entities") => eval_entities::run(rest),
        _ => {
            eprintln!(
                "usage: cargo xtask <chore> [--shared DIR]\n\
                 chores:\n  bench-text       text engine throughput vs a Snowball peer\n  \
                 bench-annotate   the whole annotate pipeline, 1 thread and every core\n                   [--limit N] [--no-warmup]\n  \
                 eval-time-place  time and place accuracy on evals/time-place/gold.jsonl\n  \
                 eval-entities    entity P/R/F1 on evals/entities/gold.jsonl [--errors]"
            );
            std::process::exit(2)
        }
    }
}
