//! One large file: the time to translate a Python file of N functions (1k,
//! 2k, 4k and 10k by default), each calling the one before it, with the
//! rules engine into JavaScript, first with an empty cache (cold) and then
//! again with the cache it filled (warm). The time per unit must stay flat
//! as N grows: a unit's context, cache key and checks may depend on what the
//! unit mentions, never on how many units came before it.
//!
//! `cargo bench --bench large_file -- [--sizes 1000,2000,4000,10000] [--rounds R]`
//!
//! Prints one line per size with the median of the rounds, and at the end
//! the ratio of the largest size's time per unit to the smallest's (1.0 is
//! linear).

use std::path::Path;
use std::time::{Duration, Instant};

use xlate::cache::Cache;
use xlate::engine;
use xlate::lang::Lang;
use xlate::pipeline::{self, Batch, Settings};
use xlate::report::UnitStatus;
use xlate::units::SegmentKind;

/// A module of `functions` functions; each calls the one before it, so every
/// unit has an in-file name to look up, as in real code.
fn module(functions: usize) -> String {
    let mut text = String::from("\"\"\"A generated module.\"\"\"\nimport math\n\nLIMIT = 10\n\n\n");
    for i in 0..functions {
        let call = if i == 0 {
            "math.floor(v)".to_string()
        } else {
            format!("step_{}(v, scale)", i - 1)
        };
        text.push_str(&format!(
            "def step_{i}(values, scale={i}):\n    \"\"\"Sum of scaled values above the limit.\"\"\"\n    total = 0\n    for v in values:\n        if v * scale > LIMIT:\n            total += {call}\n    return total\n\n\n"
        ));
    }
    text
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let mut sizes = vec![1000, 2000, 4000, 10000];
    let mut rounds = 3;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sizes" => {
                sizes = args
                    .next()
                    .map(|v| v.split(',').filter_map(|n| n.parse().ok()).collect())
                    .expect("--sizes N,N,...")
            }
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--rounds R")
            }
            // `cargo bench` passes `--bench`; anything else is a mistake.
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    let engines = engine::build("rules").expect("the rules engine");
    let settings = Settings::new(Lang::JavaScript);
    let path = Path::new("big.py");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("large file: rules engine, Python to JavaScript, median of {rounds} rounds");
    println!(
        "  {:>6} {:>10} {:>12} {:>10} {:>12}",
        "units", "cold ms", "cold us/unit", "warm ms", "warm us/unit"
    );
    let mut per_unit = Vec::new();
    for &n in &sizes {
        let text = module(n);
        let (mut cold_t, mut warm_t) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            let cache = Cache::open(&dir.path().join(format!("cache-{n}-{round}")))
                .expect("open the cache");
            let batch = Batch {
                cache: Some(&cache),
                ..Batch::default()
            };
            let started = Instant::now();
            let cold =
                pipeline::translate_text_in(path, &text, Lang::Python, &settings, &engines, &batch)
                    .expect("the generated file splits");
            cold_t.push(started.elapsed());
            let functions = cold
                .units
                .iter()
                .filter(|u| u.kind == SegmentKind::Function)
                .count();
            assert_eq!(functions, n, "one unit per function");
            assert!(
                cold.units
                    .iter()
                    .all(|u| u.status == UnitStatus::Translated),
                "the rules engine translates every unit"
            );

            let warm_batch = Batch {
                cache: Some(&cache),
                ..Batch::default()
            };
            let started = Instant::now();
            let warm = pipeline::translate_text_in(
                path,
                &text,
                Lang::Python,
                &settings,
                &engines,
                &warm_batch,
            )
            .expect("the generated file splits");
            warm_t.push(started.elapsed());
            assert_eq!(warm.text, cold.text, "a warm run writes the same text");
            let stats = warm_batch.counters.stats(true);
            assert_eq!(stats.engine_calls, 0, "a warm run calls no engine");
        }
        let (cold, warm) = (median(cold_t), median(warm_t));
        let us = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
        println!(
            "  {n:>6} {:>10.1} {:>12.1} {:>10.1} {:>12.1}",
            ms(cold),
            us(cold),
            ms(warm),
            us(warm)
        );
        per_unit.push((us(cold), us(warm)));
    }
    if let (Some(first), Some(last)) = (per_unit.first(), per_unit.last()) {
        println!(
            "  time per unit, largest over smallest: cold {:.2}, warm {:.2} (1.0 is linear)",
            last.0 / first.0,
            last.1 / first.1
        );
    }
}
