//! The pipeline: for each file, split it into segments, hand each to the
//! engines, check what comes back, and assemble the output text; for a tree,
//! plan the jobs and run them in parallel. It produces data (texts and
//! reports); writing and printing happen in the emitters that consume it.
//!
//! One file's translation is a `FileTranslator`: `choose` asks the
//! engines for each unit's candidates and keeps the best that passes its
//! checks (with the cache), `assemble` puts the file's text together from
//! what was chosen, `rounds` compiles and tests the assembled file and
//! sends each rejected unit back to `choose` for its next candidate, and
//! `dependencies` marks translated units that use untranslated ones.
//! `tree` plans and runs a whole tree.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cache::{self, Attempts, Cache, Counters};
use crate::emit;
use crate::engine::{Engine, SupportCode};
use crate::lang::Lang;
use crate::project::ProjectSymbols;
use crate::report::{FileStatus, UnitReport, UnitStatus};
use crate::signatures::Signatures;
use crate::symbols::ModuleSymbols;
use crate::units::{self, SegmentKind, SplitError, SplitOptions};
use crate::verify::level::VerifySettings;
use crate::verify::load::LoadResult;
use crate::walk;

mod assemble;
mod choose;
mod dependencies;
mod outputs;
mod rounds;
#[cfg(test)]
mod tests;
mod tree;
#[cfg(test)]
mod verification_tests;

pub use outputs::is_clash_rename;
pub use tree::{
    plan, run, split_tree, unsupported_pairs, verification_notes, workers, Event, Job, Plan,
    RunOptions, SplitResult,
};

use assemble::{newline_of, Pass, Place};
use choose::Decided;
use dependencies::{mark_dependencies, Span};

/// What the pipeline needs to know, resolved from the command line.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Translate only files of this language; all known languages if none.
    pub from: Option<Lang>,
    pub to: Lang,
    pub split: SplitOptions,
    pub max_file_size: u64,
    /// Target declarations that translated functions must match.
    pub signatures: Signatures,
    /// Identifier renames engines must use (source name, target name).
    pub glossary: Vec<(String, String)>,
    /// How far what is written is verified (`--verify`).
    pub verify: VerifySettings,
    /// The target project's name (`[project] name` in `xlate.toml`); the
    /// source folder's name when unset.
    pub project_name: Option<String>,
    /// `[project] module`: the module system of JavaScript output.
    pub project_module: Option<crate::config::ModuleSystem>,
}

impl Settings {
    pub fn new(to: Lang) -> Settings {
        Settings {
            from: None,
            to,
            split: SplitOptions::default(),
            max_file_size: walk::DEFAULT_MAX_FILE_SIZE,
            signatures: Signatures::default(),
            glossary: Vec::new(),
            // Library callers opt in to running compilers; the command
            // line's default is `compile` (see `cli`).
            verify: VerifySettings::off(),
            project_name: None,
            project_module: None,
        }
    }
}

/// One file translated in memory.
#[derive(Clone, Debug)]
pub struct TranslatedFile {
    pub text: String,
    pub units: Vec<UnitReport>,
    pub warnings: Vec<String>,
    /// The run was asked to stop before every unit was done: the text is
    /// incomplete and must not be written.
    pub interrupted: bool,
    /// Whether the module loads, when it was loaded (`--verify compile`
    /// and `test`, Python and JavaScript).
    pub load: Option<LoadResult>,
}

/// What the files of a run share besides settings and engines: the cache,
/// the counters, and the flag that asks the run to stop.
#[derive(Debug, Default)]
pub struct Batch<'a> {
    pub cache: Option<&'a Cache>,
    pub counters: Counters,
    /// Set (by a signal handler) to stop starting new units.
    pub stop: Option<&'a AtomicBool>,
}

impl Batch<'_> {
    pub fn stopping(&self) -> bool {
        self.stop.is_some_and(|s| s.load(Ordering::SeqCst))
    }
}

impl TranslatedFile {
    pub fn status(&self) -> FileStatus {
        let all = || self.units.iter().flat_map(UnitReport::walk);
        let failed = all().filter(|u| u.status == UnitStatus::Failed).count();
        let total = all().count();
        if failed == 0 && self.warnings.is_empty() {
            FileStatus::Translated
        } else if failed == total && total > 0 {
            FileStatus::Failed
        } else {
            FileStatus::Partial
        }
    }
}

/// Translates the text of one file from `from` into `settings.to`.
pub fn translate_text(
    path: &Path,
    text: &str,
    from: Lang,
    settings: &Settings,
    engines: &[Box<dyn Engine>],
) -> Result<TranslatedFile, SplitError> {
    translate_text_in(path, text, from, settings, engines, &Batch::default())
}

/// [`translate_text`] within a run: with its cache, counters and stop flag.
pub fn translate_text_in(
    path: &Path,
    text: &str,
    from: Lang,
    settings: &Settings,
    engines: &[Box<dyn Engine>],
    batch: &Batch,
) -> Result<TranslatedFile, SplitError> {
    translate_in_project(path, text, from, settings, engines, batch, None)
}

/// [`translate_text_in`] for a file of a tree whose project table is
/// built: names imported from other modules are spelled as their modules
/// chose, and each request carries what the table knows for it.
pub fn translate_in_project(
    path: &Path,
    text: &str,
    from: Lang,
    settings: &Settings,
    engines: &[Box<dyn Engine>],
    batch: &Batch,
    project: Option<&ProjectSymbols>,
) -> Result<TranslatedFile, SplitError> {
    let split = units::split(text, from, settings.split)?;
    // Every top-level name gets its target name here, before any unit is
    // translated, so that no two meet in one and every unit uses the same.
    // A target signature fixes its function's name, as the glossary does.
    let mut fixed = settings.glossary.clone();
    for unit in split.units() {
        if let (SegmentKind::Function, Some(name)) = (unit.kind, &unit.name) {
            if let Some(declaration) = settings.signatures.find(name) {
                fixed.push((name.clone(), declaration.name.clone()));
            }
        }
    }
    let source = emit::slash_path(path);
    let imported = project
        .and_then(|p| p.module(&source))
        .map(|(i, _)| project.map(|p| p.imported_names(i)).unwrap_or_default())
        .unwrap_or_default();
    let namespaces = project
        .and_then(|p| p.module(&source))
        .map(|(i, _)| {
            project
                .map(|p| p.namespace_prototypes(i))
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let namespace_constants = project
        .and_then(|p| Some(p.namespace_constants(p.module(&source)?.0)))
        .unwrap_or_default();
    let mut symbols = ModuleSymbols::build_with_imports(
        &source,
        &split,
        text,
        settings.to,
        &fixed,
        &crate::symbols::Imports {
            names: &imported,
            namespaces: &namespaces,
            namespace_constants: &namespace_constants,
        },
    );
    if let Some((i, _)) = project.and_then(|p| p.module(&source)) {
        symbols.note_calls(
            &project
                .map(|p| p.calls_from_other_modules(i))
                .unwrap_or_default(),
        );
        symbols.note_values(
            &project
                .map(|p| p.values_from_other_modules(i))
                .unwrap_or_default(),
        );
    }
    let (pack, cached) = match batch.cache {
        Some(cache) => {
            let working: Vec<&dyn Engine> = engines
                .iter()
                .filter(|e| e.supports(from, settings.to))
                .map(|e| e.as_ref())
                .collect();
            let key = cache::pack_key(&emit::slash_path(path), from, settings.to, &working);
            let cached = cache.load(&key, &batch.counters);
            (Some((cache, key)), cached)
        }
        None => (None, Attempts::new()),
    };
    let mut file = FileTranslator {
        path,
        text,
        from,
        to: settings.to,
        engines,
        signatures: &settings.signatures,
        verify: &settings.verify,
        load: None,
        imports: split.imports_text(text),
        newline: newline_of(text),
        symbols: &symbols,
        project,
        failed_names: Vec::new(),
        failed_types: Vec::new(),
        spans: Vec::new(),
        support: Vec::new(),
        glossary: &settings.glossary,
        batch,
        interrupted: false,
        cached,
        used: Attempts::new(),
        new_attempts: false,
        retry_later: false,
        decided: Vec::new(),
        ordinal: 0,
        parent: None,
        enclosing_bytes: None,
        failed_members: Vec::new(),
        places: Vec::new(),
    };
    let pass = file.assemble(&split);
    let (pass, mut warnings) = file.verify_file(&split, pass);
    if let Some((cache, key)) = &pack {
        file.store_pack(cache, key);
    }
    let Pass {
        text: out,
        mut reports,
        ..
    } = pass;
    mark_dependencies(&mut reports, &file.spans, &symbols, settings.to);
    if split.first_error.is_none() {
        // Every unit was checked on its own; this catches what only the
        // whole shows, such as glue and units that do not fit together.
        if let Some((position, what)) = units::first_syntax_error(&out, settings.to) {
            warnings.push(format!(
                "the assembled output does not parse at {position}: {what}"
            ));
        }
    }
    Ok(TranslatedFile {
        text: out,
        units: reports,
        warnings,
        interrupted: file.interrupted,
        load: file.load,
    })
}

/// The translation of one file under way.
struct FileTranslator<'a> {
    path: &'a Path,
    text: &'a str,
    from: Lang,
    to: Lang,
    engines: &'a [Box<dyn Engine>],
    signatures: &'a Signatures,
    imports: String,
    /// The file's line ending, used for what xlate writes itself.
    newline: &'static str,
    /// The file's top-level names and their target names.
    symbols: &'a ModuleSymbols,
    /// The tree's symbol table, in a tree run between two languages.
    project: Option<&'a ProjectSymbols>,
    /// Top-level units of this file not translated so far, by name: code
    /// after them that needs them (an entry point) is told.
    failed_names: Vec<String>,
    /// Those of them that declare a type (a struct, an enum, a class): an
    /// `impl` of one has no class to attach to. (A failed `impl` takes its
    /// type's name too, but not the type.)
    failed_types: Vec<String>,
    /// Where each report's unit is in the file, for its dependencies.
    spans: Vec<Span>,
    support: Vec<SupportCode>,
    glossary: &'a [(String, String)],
    batch: &'a Batch<'a>,
    /// Set when a unit was not started because the run is stopping.
    interrupted: bool,
    /// The attempts the cache holds for this file, by unit key.
    cached: Attempts,
    /// The attempts this version of the file used, by unit key: what its
    /// pack will hold (attempts of units edited away are dropped).
    used: Attempts,
    /// Whether some attempt was made here rather than found in the cache.
    new_attempts: bool,
    /// Whether an engine declined the unit being attempted for a reason
    /// that may pass (see [`Translation::retry_later`]).
    retry_later: bool,
    verify: &'a VerifySettings,
    /// Whether the assembled module loads, once it was loaded.
    load: Option<LoadResult>,
    /// Every attempt of the file so far, in the order the segments are
    /// assembled: later assemblies take them from here.
    decided: Vec<Decided>,
    /// The attempt the assembly under way is at.
    ordinal: usize,
    /// While a split class's members are attempted: its skeleton's attempt.
    parent: Option<usize>,
    /// While a split class's members are attempted: the class's whole
    /// bytes and its own (header and closing lines), so that a member's
    /// context knows what the class's header names (a method of a split
    /// Rust `impl` needs its struct's fields).
    enclosing_bytes: Option<(std::ops::Range<usize>, Vec<std::ops::Range<usize>>)>,
    /// The lines (first, last) of the methods of split Rust `impl`s of the
    /// file not translated so far: later units are told the struct without
    /// them, so that a call of one is declined, as in other modules.
    failed_members: Vec<(usize, usize)>,
    /// Where the assembly under way put each unit's code.
    places: Vec<Place>,
}
