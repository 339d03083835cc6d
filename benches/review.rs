//! The review page for a large run: how long `xlate review` takes to write
//! the page for N files (8 units each, every 50th file partial), how big the
//! page is, and how long its script takes to run to the end in headless
//! Chromium (the overview is static HTML and shows before that).
//!
//! `cargo bench --bench review -- [--files 1000,2000] [--rounds R]`
//!
//! Prints one line per size and round. The target is a page ready in under
//! a second for 1,000 files. Needs `chromium` (`apt-get install chromium`);
//! without it only the writing is measured.

#[path = "../tests/browser.rs"]
#[allow(dead_code)]
mod browser;

use std::process::Command;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let sizes: Vec<usize> = value("--files")
        .unwrap_or_else(|| "1000,2000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let rounds: usize = value("--rounds").and_then(|r| r.parse().ok()).unwrap_or(3);
    let browser = browser::chromium();
    let xlate = env!("CARGO_BIN_EXE_xlate");
    println!("files\tround\tpage bytes\txlate review s\tready ms");
    for &count in &sizes {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (src, out) = (dir.path().join("src"), dir.path().join("out"));
        browser::synthetic_run(&src, &out, count);
        for round in 1..=rounds {
            let started = Instant::now();
            let status = Command::new(xlate)
                .arg("review")
                .arg(&out)
                .status()
                .expect("xlate runs");
            assert!(status.success(), "xlate review failed");
            let build = started.elapsed().as_secs_f64();
            let page = out.join("xlate-review.html");
            let size = std::fs::metadata(&page).map(|m| m.len()).unwrap_or(0);
            let ready = browser
                .as_deref()
                .and_then(|b| browser::ready_ms(&browser::browse(b, &page, "", &[])))
                .map_or_else(|| "-".to_string(), |ms| ms.to_string());
            println!("{count}\t{round}\t{size}\t{build:.2}\t{ready}");
        }
    }
}
