//! How fast a tree is split into units: walk + read + parse + query, the
//! work every run does before any engine is called.
//!
//! The tree is the fixtures copied until it holds at least 4 MB, in a
//! temporary folder. Criterion prints the throughput in MB/s:
//! `cargo bench --bench split`.

use std::fs;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use xlate::pipeline::split_tree;
use xlate::units::SplitOptions;
use xlate::walk::DEFAULT_MAX_FILE_SIZE;

const TARGET_BYTES: u64 = 4 * 1024 * 1024;

/// Copies every fixture source file into `dir/copy-N/` until the total size
/// reaches `TARGET_BYTES`; returns the bytes written.
fn make_tree(dir: &Path) -> u64 {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut sources = Vec::new();
    for lang in ["python", "javascript", "rust"] {
        collect(&fixtures.join(lang), &fixtures, &mut sources);
    }
    let mut total = 0;
    let mut copy = 0;
    while total < TARGET_BYTES {
        for (rel, bytes) in &sources {
            let path = dir.join(format!("copy-{copy}")).join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, bytes).unwrap();
            total += bytes.len() as u64;
        }
        copy += 1;
    }
    total
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<(std::path::PathBuf, Vec<u8>)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, root, out);
        } else {
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            out.push((rel, fs::read(&path).unwrap()));
        }
    }
}

fn split(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let bytes = make_tree(dir.path());
    let mut group = c.benchmark_group("split");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(
            format!("tree of {} KiB, {threads} threads", bytes / 1024),
            |b| {
                b.iter(|| {
                    let (results, errors) = pool.install(|| {
                        split_tree(dir.path(), SplitOptions::default(), DEFAULT_MAX_FILE_SIZE)
                    });
                    assert!(errors.is_empty());
                    results.len()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, split);
criterion_main!(benches);
