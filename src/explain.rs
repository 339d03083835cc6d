//! Explanations: a plain-English summary of each unit (what it does, its
//! inputs and outputs, anything surprising), for the reviewer who reads its
//! translation. Written by an engine that can (the model and server
//! engines, see [`Engine::explains`]) and cached per unit in a key space of
//! its own ([`cache::explain_key`]), so a second run asks no model.
//! `xlate explain PATH` prints them; `translate --explain` puts them in the
//! report, from where the review page shows them.

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::cache::{self, Cache, Counters};
use crate::emit;
use crate::engine::{Engine, ExplainRequest, Explanation};
use crate::lang::Lang;
use crate::report::{CacheStats, Report, UnitReport};
use crate::units::{self, Segment, SegmentKind, SplitFile, SplitOptions};

/// What to configure when no engine of a run explains: the message of
/// `xlate explain` and `translate --explain` without a model.
pub const NO_EXPLAINER: &str = "explanations are written by a model: give --model FILE (a GGUF \
     file or a Hugging Face id), or --server-url URL for an OpenAI-compatible server, or set \
     `model = ...` or `url = ...` under [server] in xlate.toml";

/// Whether `--engine NAME` with these settings surely has no engine that
/// explains, known before any engine is built (a model takes seconds to
/// load): the rules and identity engines never explain, `auto` takes a
/// model or server only when one is configured, the server engine needs a
/// URL. `--engine model` falls back on its default model (which says what
/// to download when it is not there), and other engines are asked once
/// built ([`explainer`]).
pub fn unconfigured(
    engine: &str,
    model: &crate::model::ModelArgs,
    server: &crate::engine::ServerSettings,
) -> bool {
    match engine {
        "rules" | "identity" => true,
        "auto" => model.model.is_none() && server.urls.is_empty(),
        "server" => server.urls.is_empty(),
        _ => false,
    }
}

/// The engine that explains, among a run's: the first that can.
pub fn explainer(engines: &[Box<dyn Engine>]) -> Option<&dyn Engine> {
    engines.iter().find(|e| e.explains()).map(|e| &**e)
}

/// Asks one engine for explanations, through the cache.
pub struct Explainer<'a> {
    engine: &'a dyn Engine,
    cache: Option<&'a Cache>,
    counters: Counters,
}

impl<'a> Explainer<'a> {
    pub fn new(engine: &'a dyn Engine, cache: Option<&'a Cache>) -> Explainer<'a> {
        Explainer {
            engine,
            cache,
            counters: Counters::default(),
        }
    }

    /// A unit's explanation: from the cache, else from the engine (and then
    /// stored), or why there is none.
    pub fn explain(&self, request: &ExplainRequest) -> Result<Explanation, String> {
        let key = self.cache.map(|_| cache::explain_key(request, self.engine));
        if let (Some(cache), Some(key)) = (self.cache, &key) {
            if let Some(found) = cache.load_explanation(key, &self.counters) {
                self.counters.hit();
                return Ok(found);
            }
            self.counters.miss();
        }
        self.counters.engine_call();
        let explanation = self
            .engine
            .explain(request)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| {
                format!(
                    "the {} engine gave no explanation (the unit does not fit its context)",
                    self.engine.name()
                )
            })?;
        if let (Some(cache), Some(key)) = (self.cache, &key) {
            cache.store_explanation(key, &explanation, &self.counters);
        }
        Ok(explanation)
    }

    /// Cache use and engine calls so far.
    pub fn stats(&self) -> CacheStats {
        self.counters.stats(self.cache.is_some())
    }
}

/// One unit to explain, where it is.
#[derive(Clone, Debug)]
struct Target {
    kind: SegmentKind,
    name: Option<String>,
    lines: (usize, usize),
    request: ExplainRequest,
}

/// The units of a split file to explain: each top-level unit, or for a
/// class split into members, each member with the class around it (its
/// members left out), as translation sees them.
fn targets(rel: &Path, text: &str, split: &SplitFile) -> Vec<Target> {
    let request = |segment: &Segment, enclosing: Option<String>| Target {
        kind: segment.kind,
        name: segment.name.clone(),
        lines: segment.lines,
        request: ExplainRequest {
            lang: split.lang,
            kind: segment.kind,
            name: segment.name.clone(),
            source: segment.text(text).to_string(),
            path: rel.to_path_buf(),
            enclosing,
        },
    };
    let mut out = Vec::new();
    for unit in split.units() {
        if unit.members.is_empty() {
            out.push(request(unit, None));
            continue;
        }
        let skeleton: String = unit
            .members
            .iter()
            .filter(|m| m.kind == SegmentKind::Glue)
            .map(|m| m.text(text))
            .collect();
        for member in unit.members.iter().filter(|m| m.kind.is_unit()) {
            out.push(request(member, Some(skeleton.clone())));
        }
    }
    out
}

/// A unit's explanation, or why there is none.
#[derive(Clone, Debug, Serialize)]
pub struct UnitExplanation {
    pub kind: SegmentKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub lines: (usize, usize),
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The explanations of one file.
#[derive(Clone, Debug, Serialize)]
pub struct FileExplanations {
    /// Relative to the path explained, with `/` separators.
    pub path: String,
    /// None for a file that could not be listed.
    pub lang: Option<Lang>,
    pub units: Vec<UnitExplanation>,
    /// Why the file could not be read or split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Explains every unit of the files under `root` (a file or a tree), in
/// parallel on the current rayon pool: the model engine answers the units
/// in flight together. Files in path order.
pub fn explain_tree(
    root: &Path,
    explainer: &Explainer,
    options: SplitOptions,
    max_file_size: u64,
) -> Vec<FileExplanations> {
    let (results, errors) = crate::pipeline::split_tree(root, options, max_file_size);
    let mut files: Vec<FileExplanations> = errors
        .into_iter()
        .map(|e| FileExplanations {
            path: emit::slash_path(&e.path),
            lang: None,
            units: Vec::new(),
            error: Some(e.reason),
        })
        .collect();
    // Every unit of the tree at once, so the engine sees as many in flight
    // as the pool has workers, whatever the files' sizes.
    let mut work: Vec<(usize, Target)> = Vec::new();
    for result in results {
        let index = files.len();
        let path = emit::slash_path(&result.file.rel);
        let split = result
            .split
            .and_then(|split| walk_text(&result.file.abs, max_file_size).map(|text| (split, text)));
        match split {
            Ok((split, text)) => {
                work.extend(
                    targets(&result.file.rel, &text, &split)
                        .into_iter()
                        .map(|t| (index, t)),
                );
                files.push(FileExplanations {
                    path,
                    lang: Some(result.lang),
                    units: Vec::new(),
                    error: None,
                });
            }
            Err(reason) => files.push(FileExplanations {
                path,
                lang: Some(result.lang),
                units: Vec::new(),
                error: Some(reason),
            }),
        }
    }
    let done: Vec<(usize, UnitExplanation)> = work
        .into_par_iter()
        .map(|(index, target)| {
            let result = explainer.explain(&target.request);
            let (explanation, error) = match result {
                Ok(e) => (Some(e), None),
                Err(e) => (None, Some(e)),
            };
            let unit = UnitExplanation {
                kind: target.kind,
                name: target.name,
                lines: target.lines,
                explanation,
                error,
            };
            (index, unit)
        })
        .collect();
    for (index, unit) in done {
        files[index].units.push(unit);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The text of a file that was split already (read again: the split keeps
/// byte ranges, not the text).
fn walk_text(path: &Path, max_file_size: u64) -> Result<String, String> {
    crate::walk::read_source(path, max_file_size).map_err(|e| e.to_string())
}

/// Adds explanations to the units of a run's report (`translate
/// --explain`), reading each source again from `source_root`. A unit that
/// could not be explained keeps none; the count of those is returned with
/// the first reason.
pub fn explain_report(
    report: &mut Report,
    source_root: &Path,
    explainer: &Explainer,
    options: SplitOptions,
    max_file_size: u64,
) -> (usize, Option<String>) {
    // (file index, unit index, member index) of each request.
    type Place = (usize, usize, Option<usize>);
    let mut work: Vec<(Place, ExplainRequest)> = Vec::new();
    for (fi, file) in report.files.iter().enumerate() {
        let Ok(text) = walk_text(&source_root.join(&file.source), max_file_size) else {
            continue;
        };
        let Ok(split) = units::split(&text, file.lang, options) else {
            continue;
        };
        let targets = targets(Path::new(&file.source), &text, &split);
        let find = |unit: &UnitReport| {
            targets
                .iter()
                .find(|t| t.kind == unit.kind && t.lines == unit.lines && t.name == unit.name)
                .map(|t| t.request.clone())
        };
        for (ui, unit) in file.units.iter().enumerate() {
            if let Some(request) = find(unit) {
                work.push(((fi, ui, None), request));
            }
            for (mi, member) in unit.members.iter().enumerate() {
                if let Some(request) = find(member) {
                    work.push(((fi, ui, Some(mi)), request));
                }
            }
        }
    }
    let done: Vec<(Place, Result<Explanation, String>)> = work
        .into_par_iter()
        .map(|(place, request)| (place, explainer.explain(&request)))
        .collect();
    let mut failed = 0;
    let mut first = None;
    for ((fi, ui, mi), result) in done {
        let unit = &mut report.files[fi].units[ui];
        let unit = match mi {
            Some(mi) => &mut unit.members[mi],
            None => unit,
        };
        match result {
            Ok(explanation) => unit.explanation = Some(explanation.text),
            Err(reason) => {
                failed += 1;
                first.get_or_insert(reason);
            }
        }
    }
    (failed, first)
}

/// The explanations as Markdown: a heading per file, one per unit.
pub fn markdown(files: &[FileExplanations]) -> String {
    let mut out = String::new();
    for file in files {
        out += &format!("# {}\n\n", file.path);
        if let Some(error) = &file.error {
            out += &format!("Not explained: {error}\n\n");
            continue;
        }
        if file.units.is_empty() {
            out += "No units.\n\n";
        }
        for unit in &file.units {
            let name = unit
                .name
                .as_deref()
                .map(|n| format!(" `{n}`"))
                .unwrap_or_default();
            out += &format!(
                "## {}{name} (lines {}–{})\n\n",
                unit.kind.name(),
                unit.lines.0,
                unit.lines.1
            );
            match (&unit.explanation, &unit.error) {
                (Some(e), _) => out += &format!("{}\n\n", e.text),
                (None, Some(error)) => out += &format!("Not explained: {error}\n\n"),
                (None, None) => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{EngineError, Translation, TranslationRequest};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// An engine that explains every unit by its name and counts its calls.
    struct Counting(AtomicUsize);

    impl Engine for Counting {
        fn name(&self) -> &str {
            "counting"
        }
        fn supports(&self, _: Lang, _: Lang) -> bool {
            false
        }
        fn translate(&self, _: &TranslationRequest) -> Result<Translation, EngineError> {
            Ok(Translation::declined("no"))
        }
        fn explains(&self) -> bool {
            true
        }
        fn explain(&self, request: &ExplainRequest) -> Result<Option<Explanation>, EngineError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            if request.source.contains("too long") {
                return Ok(None);
            }
            Ok(Some(Explanation {
                text: format!("Does: {}.", request.name.as_deref().unwrap_or("?")),
                model: None,
                tokens_in: None,
                tokens_out: None,
            }))
        }
    }

    #[test]
    fn split_classes_are_explained_member_by_member_with_their_class() {
        let text = "class A:\n    def f(self):\n        return 1\n\n    def g(self):\n        return 2\n\n\ndef top():\n    pass\n";
        let split = units::split(
            text,
            Lang::Python,
            SplitOptions {
                split_classes_over: 0,
            },
        )
        .unwrap();
        let targets = targets(Path::new("a.py"), text, &split);
        let names: Vec<_> = targets.iter().map(|t| t.name.as_deref()).collect();
        assert_eq!(names, [Some("f"), Some("g"), Some("top")]);
        let enclosing = targets[0].request.enclosing.as_deref().unwrap();
        assert!(enclosing.starts_with("class A:"), "{enclosing}");
        assert!(!enclosing.contains("return 1"), "{enclosing}");
        assert_eq!(targets[2].request.enclosing, None);
    }

    #[test]
    fn explanations_are_cached_in_their_own_key_space() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let engine = Counting(AtomicUsize::new(0));
        let request = ExplainRequest {
            lang: Lang::Python,
            kind: SegmentKind::Function,
            name: Some("f".into()),
            source: "def f():\n    pass\n".into(),
            path: "a.py".into(),
            enclosing: None,
        };
        let first = Explainer::new(&engine, Some(&cache));
        assert_eq!(first.explain(&request).unwrap().text, "Does: f.");
        assert_eq!((first.stats().misses, first.stats().engine_calls), (1, 1));
        // A new run (new counters) on the same unit moved to another file:
        // the cache answers, the engine is not called.
        let second = Explainer::new(&engine, Some(&cache));
        let moved = ExplainRequest {
            path: "b/moved.py".into(),
            ..request.clone()
        };
        assert_eq!(second.explain(&moved).unwrap().text, "Does: f.");
        assert_eq!((second.stats().hits, second.stats().engine_calls), (1, 0));
        assert_eq!(engine.0.load(Ordering::SeqCst), 1);
        // Explanations live apart from translation packs.
        assert!(dir
            .path()
            .join(format!("v{}/explain", cache::FORMAT))
            .is_dir());
        // A changed source is another key.
        let edited = ExplainRequest {
            source: "def f():\n    return 1\n".into(),
            ..request
        };
        assert_ne!(
            cache::explain_key(&edited, &engine),
            cache::explain_key(&moved, &engine)
        );
    }

    #[test]
    fn a_tree_is_explained_unit_by_unit_and_failures_are_kept_per_unit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.py"),
            "def f():\n    pass\n\n\ndef g():\n    return 'too long'\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("b.js"), "function h() {}\n").unwrap();
        let engine = Counting(AtomicUsize::new(0));
        let explainer = Explainer::new(&engine, None);
        let files = explain_tree(dir.path(), &explainer, SplitOptions::default(), 1 << 20);
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].path, "a.py");
        let texts: Vec<_> = files[0]
            .units
            .iter()
            .map(|u| u.explanation.as_ref().map(|e| e.text.as_str()))
            .collect();
        assert_eq!(texts, [Some("Does: f."), None]);
        assert!(files[0].units[1]
            .error
            .as_deref()
            .unwrap()
            .contains("does not fit"));
        let md = markdown(&files);
        assert!(
            md.contains("# a.py\n\n## function `f` (lines 1–2)\n\nDoes: f.\n"),
            "{md}"
        );
        assert!(
            md.contains("# b.js\n\n## function `h` (lines 1–1)\n\nDoes: h.\n"),
            "{md}"
        );
    }

    #[test]
    fn the_report_gets_each_units_explanation() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.py"), "x = 1\n\n\ndef f():\n    pass\n").unwrap();
        let glue = UnitReport::new(SegmentKind::Glue, None, (1, 3));
        let f = UnitReport::new(SegmentKind::Function, Some("f".into()), (4, 5));
        let mut report = Report {
            files: vec![crate::report::FileReport {
                source: "a.py".into(),
                output: "a.js".into(),
                lang: Lang::Python,
                status: crate::report::FileStatus::Translated,
                units: vec![glue, f],
                warnings: Vec::new(),
                renamed: Vec::new(),
                output_hash: String::new(),
                load: None,
            }],
            ..Report::default()
        };
        let engine = Counting(AtomicUsize::new(0));
        let explainer = Explainer::new(&engine, None);
        let (failed, _) = explain_report(
            &mut report,
            dir.path(),
            &explainer,
            SplitOptions::default(),
            1 << 20,
        );
        assert_eq!(failed, 0);
        let units = &report.files[0].units;
        assert_eq!(units[0].explanation, None, "glue is not explained");
        assert_eq!(units[1].explanation.as_deref(), Some("Does: f."));
    }
}
