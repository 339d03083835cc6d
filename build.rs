//! Build script: a hash of the rules engine's source, for its cache
//! fingerprint. The rules engine's output is a function of its code, so a
//! cache filled by one build must not answer for another: a version number
//! bumped by hand was forgotten (it stayed at 5 through dozens of rule
//! changes), and a cached translation then differed from a fresh one of the
//! same input.

use std::path::{Path, PathBuf};

/// What the rules engine's output depends on besides its input: its own
/// code, the project code that translates imports and exports around it,
/// and the table of standard-library counterparts that code reads.
const SOURCES: &[&str] = &["src/engine/rules", "src/project", "data/stdlib.toml"];

fn main() {
    let mut files = Vec::new();
    for dir in SOURCES {
        println!("cargo:rerun-if-changed={dir}");
        collect(Path::new(dir), &mut files);
    }
    files.sort();
    // FNV-1a, 64 bits: stable across Rust versions and platforms, unlike
    // `DefaultHasher`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in &files {
        // Paths with `/` on every platform, so the hash does not depend on it.
        feed(file.to_string_lossy().replace('\\', "/").as_bytes());
        feed(&[0]);
        match std::fs::read(file) {
            Ok(bytes) => feed(&bytes),
            Err(e) => panic!("build script: reading {}: {e}", file.display()),
        }
        feed(&[0]);
    }
    println!("cargo:rustc-env=XLATE_RULES_SOURCE_HASH={hash:016x}");
}

/// `path` if it is a file, else the files under it, recursively.
fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        collect(&entry.path(), out);
    }
}
