//! `cargo xtask <chore>`: evaluations and benchmarks that read `../shared`.
//! Tests never call these; the README shows their latest results.

mod eval_time_place;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("eval-time-place") => eval_time_place::run(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <eval-time-place|bench-text|bench-annotate> [args]");
            std::process::exit(2)
        }
    }
}
