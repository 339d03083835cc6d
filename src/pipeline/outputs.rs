//! Output names for a whole run: each source file's natural output (see
//! [`crate::project::output_path`]) unless another source of the run
//! claims the same module, in which case the later one gets a distinct,
//! deterministic name and the reason is kept for its report.
//!
//! Two sources meet on one output more often than it seems: `add.js` and
//! its CommonJS twin `add.cjs` (or `add.mjs`) both become `add.py`;
//! `foo-bar.js` and `foo_bar.js` both become `foo_bar.py`; `a.py` and
//! `a/__init__.py` both become the Rust module `a` (`a.rs` and `a/mod.rs`
//! are a compile error together); `Shape.js` and `shape.js` are one file on
//! a case-insensitive file system. Dropping one of them would lose it, so
//! none is dropped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::emit;
use crate::lang::Lang;
use crate::walk::Found;

use super::Job;

/// Gives each `(file, lang, natural output)` of `wanted` its output, in the
/// order given (path order), so that no two jobs share a module of `to`.
///
/// Who keeps the natural name does not depend on the order of the walk
/// beyond path order: a file already in `to` first (it is kept as it is),
/// then package files (`__init__.py`, `index.js`, `mod.rs`, a crate's
/// `lib.rs`, which the source language itself prefers: Python imports the
/// package `a`, not `a.py`), then the language's main extension (`.js` before `.mjs` and
/// `.cjs`), then path order.
pub fn assign(wanted: Vec<(Found, Lang, PathBuf)>, to: Lang) -> Vec<Job> {
    let wanted = rust_modules_with_children(wanted, to);
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&k| {
        let (file, lang, _) = &wanted[k];
        let stem = file.rel.file_stem().unwrap_or_default().to_string_lossy();
        let ext = file.rel.extension().unwrap_or_default().to_string_lossy();
        let ext_rank = lang
            .extensions()
            .iter()
            .position(|e| *e == ext)
            .unwrap_or(usize::MAX);
        // A crate's `lib.rs` is its package file (`index.js`,
        // `__init__.py`), ahead of a module named `index.rs` (toml_edit's).
        let package = stem == lang.package_stem() || (*lang == Lang::Rust && stem == "lib");
        (*lang != to, !package, ext_rank, file.rel.clone())
    });
    // Module key → the source that holds it.
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    let mut outputs: Vec<Option<(PathBuf, Option<String>)>> = vec![None; wanted.len()];
    for k in order {
        let (file, lang, natural) = &wanted[k];
        let key = module_key(natural, to);
        // A file already in `to` is written where it is: its path is the
        // source's own, so it meets no other such file, and two that are
        // one module by `module_key` (`a.py` beside `a/__init__.py`) were
        // so in the source too. Identity runs stay byte for byte.
        if *lang == to {
            taken.insert(key, file.rel.clone());
            outputs[k] = Some((natural.clone(), None));
            continue;
        }
        let Some(holder) = taken.get(&key).cloned() else {
            taken.insert(key, file.rel.clone());
            outputs[k] = Some((natural.clone(), None));
            continue;
        };
        let renamed = alternatives(natural, &file.rel, *lang)
            .find(|candidate| !taken.contains_key(&module_key(candidate, to)))
            .unwrap_or_else(|| natural.clone());
        taken.insert(module_key(&renamed, to), file.rel.clone());
        let why = format!(
            "{} → {} ({} is the output of {})",
            emit::slash_path(&file.rel),
            emit::slash_path(&renamed),
            emit::slash_path(natural),
            emit::slash_path(&holder)
        );
        outputs[k] = Some((renamed, Some(why)));
    }
    wanted
        .into_iter()
        .zip(outputs)
        .map(|((file, lang, natural), assigned)| {
            let (output, clash) = assigned.unwrap_or((natural, None));
            Job {
                file,
                lang,
                output,
                clash,
                build: None,
            }
        })
        .collect()
}

/// Whether a `renamed` entry of a file report is one [`assign`] wrote
/// (rather than a keyword rename), for the summary's count.
pub fn is_clash_rename(entry: &str) -> bool {
    entry.contains(" is the output of ")
}

/// A Rust module of its own file with children in a folder of its name
/// (`src/bytewise.rs` beside `src/bytewise/builder.rs`, Rust 2018's
/// layout) is, in Python, a package: a module `bytewise.py` beside a
/// folder `bytewise/` would hide the folder (`bytewise.builder` is no
/// module). So its output is the folder's package file
/// (`src/bytewise/__init__.py`), which Python imports under the same
/// dotted name.
fn rust_modules_with_children(
    wanted: Vec<(Found, Lang, PathBuf)>,
    to: Lang,
) -> Vec<(Found, Lang, PathBuf)> {
    if to != Lang::Python {
        return wanted;
    }
    let folders: std::collections::HashSet<PathBuf> = wanted
        .iter()
        .flat_map(|(_, _, out)| out.ancestors().skip(1).map(Path::to_path_buf))
        .collect();
    wanted
        .into_iter()
        .map(|(file, lang, out)| {
            let folder = out.with_extension("");
            let is_package = out.file_stem().is_some_and(|s| s == to.package_stem());
            if lang == Lang::Rust && !is_package && folders.contains(&folder) {
                let moved = folder.join(format!("{}.{}", to.package_stem(), to.extension()));
                (file, lang, moved)
            } else {
                (file, lang, out)
            }
        })
        .collect()
}

/// What makes two outputs one module of `to`: the path without case (a
/// case-insensitive file system keeps one of `Shape.js` and `shape.js`),
/// and for Python and Rust a package file standing for its folder (`a.rs`
/// and `a/mod.rs` are both the module `a`; Python imports `a/__init__.py`
/// and never sees `a.py`). JavaScript imports name the file, so `a.js`
/// and `a/index.js` are two modules.
fn module_key(output: &Path, to: Lang) -> String {
    let path = emit::slash_path(output).to_lowercase();
    if to == Lang::JavaScript {
        return path;
    }
    let package = format!("/{}.{}", to.package_stem(), to.extension());
    match path.strip_suffix(&package) {
        Some(folder) => format!("{folder}.{}", to.extension()),
        None => path,
    }
}

/// Names to try, in order, for a file whose natural output is taken: the
/// source's extension in the name where it is not its language's main one
/// (`add.cjs` → `add_cjs.py`), then a number (`add_2.py`, `add_3.py`, ...).
/// A test module keeps the shape its runner looks for (`x.test.js` →
/// `x_2.test.js`, `test_x.py` → `test_x_2.py`).
fn alternatives(natural: &Path, source: &Path, lang: Lang) -> impl Iterator<Item = PathBuf> {
    let stem = natural
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let ext = natural
        .extension()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let (core, tail) = match stem.strip_suffix(".test") {
        Some(core) => (core.to_string(), ".test"),
        None => (stem.clone(), ""),
    };
    let source_ext = source
        .extension()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let by_ext = (!source_ext.is_empty() && source_ext != lang.extension())
        .then(|| format!("{core}_{source_ext}"));
    let natural = natural.to_path_buf();
    by_ext
        .into_iter()
        .chain((2..).map(move |n| format!("{core}_{n}")))
        .map(move |name| natural.with_file_name(format!("{name}{tail}.{ext}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(rel: &str) -> (Found, Lang) {
        let lang = Lang::from_path(Path::new(rel)).expect("a known extension");
        (
            Found {
                rel: rel.into(),
                abs: rel.into(),
                lang: Some(lang),
            },
            lang,
        )
    }

    /// Outputs (source → output, why) for `sources` translated into `to`.
    fn plan(sources: &[&str], to: Lang) -> Vec<(String, String, Option<String>)> {
        let wanted = sources
            .iter()
            .map(|rel| {
                let (file, lang) = found(rel);
                let output = crate::project::output_path(&file.rel, lang, to);
                (file, lang, output)
            })
            .collect();
        assign(wanted, to)
            .into_iter()
            .map(|job| {
                (
                    emit::slash_path(&job.file.rel),
                    emit::slash_path(&job.output),
                    job.clash,
                )
            })
            .collect()
    }

    // Regression: `add.cjs` beside `add.js` (date-fns ships both) claimed
    // `add.py` too, and the planner dropped it as an error: the `.js` keeps
    // the name and the twin is renamed after its extension, whatever the
    // order of the walk.
    #[test]
    fn a_commonjs_twin_gets_its_own_name() {
        for sources in [
            ["add.cjs", "add.js", "add.mjs"],
            ["add.mjs", "add.js", "add.cjs"],
        ] {
            let mut got = plan(&sources, Lang::Python);
            got.sort();
            assert_eq!(
                got,
                vec![
                    (
                        "add.cjs".into(),
                        "add_cjs.py".into(),
                        Some("add.cjs → add_cjs.py (add.py is the output of add.js)".into())
                    ),
                    ("add.js".into(), "add.py".into(), None),
                    (
                        "add.mjs".into(),
                        "add_mjs.py".into(),
                        Some("add.mjs → add_mjs.py (add.py is the output of add.js)".into())
                    ),
                ]
            );
        }
    }

    // Regression: two names that become one legal module name, or that
    // differ only by case, shared an output; a number tells them apart.
    #[test]
    fn names_that_meet_after_renaming_or_by_case_are_numbered() {
        assert_eq!(
            plan(&["foo-bar.js", "foo_bar.js"], Lang::Python),
            vec![
                ("foo-bar.js".into(), "foo_bar.py".into(), None),
                (
                    "foo_bar.js".into(),
                    "foo_bar_2.py".into(),
                    Some(
                        "foo_bar.js → foo_bar_2.py (foo_bar.py is the output of foo-bar.js)".into()
                    )
                ),
            ]
        );
        let got = plan(&["Shape.py", "shape.py"], Lang::JavaScript);
        assert_eq!(got[0].1, "Shape.js");
        assert_eq!(got[1].1, "shape_2.js");
    }

    // Regression: `a.py` and `a/__init__.py` became `a.rs` and `a/mod.rs`,
    // which rustc refuses together (E0761); the package keeps the module,
    // as Python's own import does.
    #[test]
    fn a_rust_module_with_children_in_its_folder_is_a_python_package() {
        let got = plan(
            &[
                "src/lib.rs",
                "src/shape.rs",
                "src/shape/square.rs",
                "src/other.rs",
            ],
            Lang::Python,
        );
        let output = |source: &str| {
            got.iter()
                .find(|(s, _, _)| s == source)
                .map(|(_, o, _)| o.clone())
                .unwrap_or_default()
        };
        assert_eq!(output("src/shape.rs"), "src/shape/__init__.py");
        assert_eq!(output("src/shape/square.rs"), "src/shape/square.py");
        assert_eq!(output("src/other.rs"), "src/other.py");
        assert_eq!(output("src/lib.rs"), "src/__init__.py");
        let js = plan(&["src/shape.rs", "src/shape/square.rs"], Lang::JavaScript);
        assert!(
            js.iter()
                .any(|(s, o, _)| s == "src/shape.rs" && o == "src/shape.js"),
            "{js:?}"
        );
    }

    #[test]
    fn a_module_beside_its_package_gives_way_to_it() {
        let got = plan(&["a.py", "a/__init__.py", "a/b.py"], Lang::Rust);
        let output = |source: &str| {
            got.iter()
                .find(|(s, _, _)| s == source)
                .map(|(_, o, _)| o.clone())
                .unwrap_or_default()
        };
        assert_eq!(output("a/__init__.py"), "src/a/mod.rs");
        assert_eq!(output("a.py"), "src/a_2.rs");
        assert_eq!(output("a/b.py"), "src/a/b.rs");
        // JavaScript imports name files: `a.js` and `a/index.js` both stay.
        let got = plan(&["a.py", "a/__init__.py"], Lang::JavaScript);
        assert!(got.iter().all(|(_, _, why)| why.is_none()), "{got:?}");
    }

    // Regression: toml_edit's module `src/index.rs` kept `src/index.js`
    // (first by path) and the crate root `src/lib.rs` became
    // `src/index_2.js`, which no importer and no `package.json` named.
    #[test]
    fn a_crate_root_keeps_the_package_file_before_a_module_named_like_it() {
        let got = plan(&["src/index.rs", "src/lib.rs"], Lang::JavaScript);
        assert_eq!(
            got,
            vec![
                (
                    "src/index.rs".into(),
                    "src/index_2.js".into(),
                    Some(
                        "src/index.rs → src/index_2.js (src/index.js is the output of src/lib.rs)"
                            .into()
                    )
                ),
                ("src/lib.rs".into(), "src/index.js".into(), None),
            ]
        );
    }

    // Regression: a same-language run renamed `a.py` beside `a/__init__.py`
    // (one module by `module_key`); files already in the target stay where
    // they are, and a translated file gives way to them.
    #[test]
    fn files_already_in_the_target_keep_their_paths() {
        let got = plan(
            &["a.py", "a/__init__.py", "Shape.py", "shape.py"],
            Lang::Python,
        );
        assert!(
            got.iter().all(|(s, o, why)| s == o && why.is_none()),
            "{got:?}"
        );
        let got = plan(&["b.js", "b.py"], Lang::Python);
        assert_eq!(got[0].1, "b_2.py");
        assert_eq!(got[1].1, "b.py");
    }

    // A translated test keeps the shape its runner finds.
    #[test]
    fn a_renamed_test_module_is_still_found_by_its_runner() {
        let got = plan(&["test_x.py", "x_test.py"], Lang::JavaScript);
        assert_eq!(got[0].1, "x.test.js");
        assert_eq!(got[1].1, "x_2.test.js");
    }
}
