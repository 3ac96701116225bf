//! Prints the board of a store compactly, for checking it by hand:
//! `cargo run --release -p marsad-board --example board_dump -- STORE_DIR [PLACE]`.

use marsad_corpus::Store;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: board_dump STORE_DIR [PLACE]");
        std::process::exit(2);
    };
    let wanted = args.next();
    let store = Store::open(&dir).expect("open store");
    let started = std::time::Instant::now();
    let board = marsad_board::derive(&store).expect("board");
    eprintln!("{} places in {:.2?}", board.places.len(), started.elapsed());
    for p in &board.places {
        if wanted.as_deref().is_some_and(|w| p.place_id != w && !p.name.contains(w)) {
            continue;
        }
        println!("■ {} [{}] {}", p.name, p.kind.as_deref().unwrap_or("-"), p.place_id);
        for f in &p.current {
            println!(
                "  now {} = {} q={:?} since {:?} src={}",
                f.attribute, f.value, f.quantity, f.since, f.sources
            );
        }
        let lists = [("done", &p.history), ("planned", &p.planned)];
        for (label, list) in lists {
            for c in list {
                println!(
                    "  {label} {} {:?} -> {:?} @{:?} q={:?} src={} docs={} ann={:?}",
                    c.attribute, c.from, c.to, c.date, c.quantity, c.sources, c.documents, c.announced
                );
                for e in c.evidence.iter().take(2) {
                    println!(
                        "      [{} {} #{}] {}",
                        e.source,
                        e.date.map(|d| d.to_string()).unwrap_or_default(),
                        e.doc_id,
                        e.text
                    );
                }
            }
        }
        for conflict in &p.conflicts {
            let sides: Vec<String> = conflict
                .claims
                .iter()
                .map(|c| format!("{:?} q={:?} src={}", c.to, c.quantity, c.sources))
                .collect();
            println!("  conflict {}: {}", conflict.attribute, sides.join(" | "));
        }
    }
}
