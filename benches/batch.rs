//! Batch benchmark: on a generated tree of Python files (1,200 by default),
//! the time to split every file into units (what `xlate units` does), the
//! first run with an engine (cold cache), and a re-run on the unchanged tree
//! (warm cache), measured side by side in one process.
//!
//! `cargo bench --bench batch -- [--files N] [--engine NAME] [--to LANG] [--rounds R]`
//!
//! The engine defaults to identity (Python to Python). Each round uses fresh
//! output and cache directories; the median of the rounds is printed.

use std::path::Path;
use std::time::{Duration, Instant};

use xlate::cache::Cache;
use xlate::emit::OutputDir;
use xlate::engine;
use xlate::lang::Lang;
use xlate::pipeline::{self, Batch, RunOptions, Settings};
use xlate::units::SplitOptions;
use xlate::walk;

/// One generated module: a few functions, a class with methods, and glue;
/// every unit's text differs from file to file, as in a real tree (identical
/// units would share cache entries and flatter the first run).
fn module(i: usize) -> String {
    let mut text = format!(
        "\"\"\"Module {i}.\"\"\"\nimport math\nfrom collections import defaultdict\n\nLIMIT_{i} = {i}\n\n\n"
    );
    for f in 0..4 {
        text.push_str(&format!(
            "def compute_{i}_{f}(values, scale={f}):\n    \"\"\"Sum of scaled values above the limit.\"\"\"\n    total = 0\n    for v in values:\n        if v * scale > LIMIT_{i}:\n            total += math.floor(v * scale)\n    return total\n\n\n"
        ));
    }
    text.push_str(&format!(
        "class Store{i}:\n    def __init__(self):\n        self.items = defaultdict(list)\n\n    def add(self, key, value):\n        self.items[key].append(value + {i})\n\n    def total(self, key):\n        return sum(self.items[key])\n"
    ));
    text
}

fn generate(root: &Path, files: usize) {
    for i in 0..files {
        let path = root.join(format!("pkg{}/sub{}/mod_{i}.py", i % 10, i % 7));
        std::fs::create_dir_all(path.parent().expect("a generated path has a folder"))
            .expect("create a folder in the temporary tree");
        std::fs::write(path, module(i)).expect("write a generated file");
    }
}

/// What `xlate units` does, without printing: walk, read, split.
fn split_only(src: &Path) -> usize {
    let (results, _) =
        pipeline::split_tree(src, SplitOptions::default(), walk::DEFAULT_MAX_FILE_SIZE);
    results
        .iter()
        .filter_map(|r| r.split.as_ref().ok())
        .map(|split| split.units().count())
        .sum()
}

/// One translate run, as `xlate translate` does it, minus printing.
fn translate(
    src: &Path,
    out: &Path,
    cache: Option<&Cache>,
    settings: &Settings,
    engine: &str,
) -> (usize, usize) {
    let engines = engine::build(engine).expect("a known engine");
    let out_dir = OutputDir::open(out, src, false, false).expect("a usable output directory");
    let plan = pipeline::plan(src, settings, &engines);
    let batch = Batch {
        cache,
        ..Batch::default()
    };
    let report = pipeline::run(
        &plan,
        settings,
        &engines,
        &out_dir,
        RunOptions {
            copy_other: false,
            batch: Some(&batch),
            format: None,
        },
        engine,
        &|_| {},
    );
    out_dir.write_report(&report).expect("write the report");
    (report.totals.files, report.cache.engine_calls)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let mut files = 1200;
    let mut engine_name = "identity".to_string();
    let mut to = Lang::Python;
    let mut rounds = 3;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--files" => files = args.next().and_then(|v| v.parse().ok()).expect("--files N"),
            "--engine" => engine_name = args.next().expect("--engine NAME"),
            "--to" => to = args.next().and_then(|v| v.parse().ok()).expect("--to LANG"),
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
    let dir = tempfile::tempdir().expect("a temporary directory");
    let src = dir.path().join("src");
    generate(&src, files);
    let mut settings = Settings::new(to);
    settings.from = Some(Lang::Python);

    let (mut split_t, mut first_t, mut warm_t) = (Vec::new(), Vec::new(), Vec::new());
    let mut uncached_t = Vec::new();
    let mut units_found = 0;
    for round in 0..rounds {
        let started = Instant::now();
        units_found = split_only(&src);
        split_t.push(started.elapsed());

        let out = dir.path().join(format!("out{round}"));
        let cache = Cache::open(&dir.path().join(format!("cache{round}"))).expect("open the cache");
        let started = Instant::now();
        let (done, calls) = translate(&src, &out, Some(&cache), &settings, &engine_name);
        first_t.push(started.elapsed());
        assert_eq!(done, files, "every file translated");
        assert!(calls > 0);

        let started = Instant::now();
        let (done, calls) = translate(&src, &out, Some(&cache), &settings, &engine_name);
        warm_t.push(started.elapsed());
        assert_eq!(done, files);
        assert_eq!(calls, 0, "a warm re-run calls no engine");

        // The same first run without a cache: what storing entries costs.
        let out = dir.path().join(format!("plain{round}"));
        let started = Instant::now();
        translate(&src, &out, None, &settings, &engine_name);
        uncached_t.push(started.elapsed());
    }
    let (split, first, warm) = (median(split_t), median(first_t), median(warm_t));
    let uncached = median(uncached_t);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "batch benchmark: {files} files, {units_found} units, engine {engine_name}, {} threads, median of {rounds} rounds",
        rayon::current_num_threads()
    );
    println!("  split only (walk, read, split):   {:9.1} ms", ms(split));
    println!("  first run (cold cache):           {:9.1} ms", ms(first));
    println!(
        "  first run, no cache:              {:9.1} ms",
        ms(uncached)
    );
    println!("  re-run, unchanged tree (warm):    {:9.1} ms", ms(warm));
    println!(
        "  warm / first:                     {:9.3}",
        ms(warm) / ms(first)
    );
    println!(
        "  warm / split only:                {:9.3}",
        ms(warm) / ms(split)
    );
}
