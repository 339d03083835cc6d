//! The pipeline: for each file, split it into segments, hand each to the
//! engines, check what comes back, and assemble the output text; for a tree,
//! plan the jobs and run them in parallel. It produces data (texts and
//! reports); writing and printing happen in the emitters that consume it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::cache::{self, Attempts, Cache, CachedAttempt, Counters};
use crate::emit::{self, Sink, WriteOutcome};
use crate::engine::{
    Context, Engine, EngineError, Outcome, SupportCode, Translation, TranslationRequest,
};
use crate::lang::{member_marker, Lang};
use crate::project::{self, ProjectSymbols};
use crate::report::{FileReport, FileStatus, Renamed, Report, SkippedFile, UnitReport, UnitStatus};
use crate::signatures::{self, Signatures};
use crate::symbols::ModuleSymbols;
use crate::units::{self, Segment, SegmentKind, SplitError, SplitOptions};
use crate::verify::differential::{DiffRequest, DiffVerdict};
use crate::verify::level::VerifySettings;
use crate::verify::{self, toolchain, Rejected, Rejection, Verification, VerifyLevel};
use crate::walk::{self, Found};

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
    let symbols =
        ModuleSymbols::build_with_imports(&source, &split, text, settings.to, &fixed, &imported);
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
        imports: split.imports_text(text),
        newline: newline_of(text),
        symbols: &symbols,
        project,
        failed_names: Vec::new(),
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
    mark_dependencies(&mut reports, &file.spans, &symbols);
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
    /// Every attempt of the file so far, in the order the segments are
    /// assembled: later assemblies take them from here.
    decided: Vec<Decided>,
    /// The attempt the assembly under way is at.
    ordinal: usize,
    /// While a split class's members are attempted: its skeleton's attempt.
    parent: Option<usize>,
    /// Where the assembly under way put each unit's code.
    places: Vec<Place>,
}

/// The parts of the file one report covers: `reports[top]`, or its member
/// `member`, and the byte ranges of its own code.
struct Span {
    top: usize,
    member: Option<usize>,
    ranges: Vec<std::ops::Range<usize>>,
}

/// The byte ranges of a segment's own code: for a class split into members,
/// its header and closing lines (the members have reports of their own).
fn own_ranges(segment: &Segment) -> Vec<std::ops::Range<usize>> {
    if segment.members.is_empty() {
        vec![segment.bytes.clone()]
    } else {
        segment
            .members
            .iter()
            .filter(|m| !m.kind.is_unit())
            .map(|m| m.bytes.clone())
            .collect()
    }
}

/// Marks each translated unit that uses an untranslated definition of the
/// file, directly or through translated units that do: it is written, but
/// cannot work yet. Names are followed in source order and each once, so the
/// result is the same on every run and cycles end.
fn mark_dependencies(reports: &mut [UnitReport], spans: &[Span], symbols: &ModuleSymbols) {
    let report_of = |reports: &'_ [UnitReport], span: &Span| -> Option<UnitStatus> {
        let top = reports.get(span.top)?;
        match span.member {
            None => Some(top.status),
            Some(m) => top.members.get(m).map(|u| u.status),
        }
    };
    // For each definition: the span that defines it (a binary search over
    // the spans' ranges in file order), and whether it failed.
    let mut starts: Vec<(std::ops::Range<usize>, usize)> = spans
        .iter()
        .enumerate()
        .flat_map(|(i, span)| span.ranges.iter().map(move |r| (r.clone(), i)))
        .collect();
    starts.sort_by_key(|(r, _)| r.start);
    let defining: Vec<Option<usize>> = symbols
        .definitions
        .iter()
        .map(|s| {
            let after = starts.partition_point(|(r, _)| r.start <= s.at);
            starts[..after]
                .last()
                .filter(|(r, _)| r.contains(&s.at))
                .map(|&(_, i)| i)
        })
        .collect();
    let failed: Vec<bool> = defining
        .iter()
        .map(|d| d.and_then(|i| report_of(reports, &spans[i])) == Some(UnitStatus::Failed))
        .collect();
    let references: Vec<Vec<usize>> = spans
        .iter()
        .map(|span| symbols.references_in(&span.ranges))
        .collect();
    // Backwards from each failed definition: the spans that mention it, then
    // the spans that mention what those define, and so on. One walk per
    // failed definition (a walk forward from every unit followed every
    // chain of calls again: quadratic in a long chain). Each span records
    // the failed definition and the definition it mentions on the way.
    let mut mentioned_by: Vec<Vec<usize>> = vec![Vec::new(); symbols.definitions.len()];
    for (i, refs) in references.iter().enumerate() {
        for &s in refs {
            mentioned_by[s].push(i);
        }
    }
    let mut defines: Vec<Vec<usize>> = vec![Vec::new(); spans.len()];
    for (s, d) in defining.iter().enumerate() {
        if let Some(d) = d {
            defines[*d].push(s);
        }
    }
    let mut reached: Vec<Vec<(usize, usize)>> = vec![Vec::new(); spans.len()];
    for f in (0..failed.len()).filter(|&f| failed[f]) {
        let mut seen_spans = std::collections::HashSet::new();
        let mut seen_symbols = std::collections::HashSet::from([f]);
        let mut queue = std::collections::VecDeque::from([f]);
        while let Some(s) = queue.pop_front() {
            for &i in &mentioned_by[s] {
                if !seen_spans.insert(i) {
                    continue;
                }
                if report_of(reports, &spans[i]) != Some(UnitStatus::Translated) {
                    continue;
                }
                reached[i].push((f, s));
                for &t in &defines[i] {
                    if !failed[t] && seen_symbols.insert(t) {
                        queue.push_back(t);
                    }
                }
            }
        }
    }
    for (i, span) in spans.iter().enumerate() {
        let mut found = std::mem::take(&mut reached[i]);
        if found.is_empty() {
            continue;
        }
        found.sort_unstable();
        let Some(top) = reports.get_mut(span.top) else {
            continue;
        };
        let Some(unit) = (match span.member {
            None => Some(top),
            Some(m) => top.members.get_mut(m),
        }) else {
            continue;
        };
        for (s, via) in found {
            let symbol = &symbols.definitions[s];
            let mut reason = format!(
                "depends on untranslated {} (line {})",
                symbol.name, symbol.line
            );
            if via != s {
                reason += &format!(" through {}", symbols.definitions[via].name);
            }
            unit.reasons.push(reason);
            unit.depends_on_failed.push(symbol.name.clone());
        }
    }
}

/// What translating one segment gave: the code to write, or the reason for
/// the `TODO(xlate)` block, the report, and which of the file's attempts it
/// is (its index in [`FileTranslator::decided`]).
struct Attempt {
    code: Result<String, String>,
    report: UnitReport,
    ordinal: usize,
}

/// One candidate that passed the checks on its own.
#[derive(Clone, Debug)]
struct Choice {
    /// The code, out of its fence.
    code: String,
    /// The names it defines, in order.
    names: Vec<String>,
    support: Vec<SupportCode>,
    /// Its index among the candidates of its engine's round.
    candidate: usize,
    score: Option<f64>,
}

/// What the file holds for one attempt, kept across the assembly rounds of
/// verification so that a rejected unit can be given its next candidate, a
/// repair, or its `TODO(xlate)` block without translating the rest again.
struct Decided {
    /// What is written: a candidate, or why the unit is a `TODO(xlate)`
    /// block.
    chosen: Result<Choice, String>,
    /// The other candidates that passed the parse checks, best first.
    others: Vec<Choice>,
    report: UnitReport,
    /// The request, and the index in `engines` of the engine that answered
    /// it, for repairs; none for a cached or failed unit.
    origin: Option<(TranslationRequest, usize)>,
    /// Repair rounds its engine still allows.
    repairs_left: usize,
    /// For a split class's skeleton, how many member placeholders it must
    /// keep (a repaired skeleton is checked for them too).
    markers: usize,
    /// The cache key, when its outcome is to be cached.
    key: Option<String>,
    /// Where it was, for the cache (see [`CachedAttempt::path`]).
    path: String,
    first_line: usize,
    /// For a member of a split class, the attempt of its class's skeleton.
    parent: Option<usize>,
    /// Found in the cache: nothing was translated for it in this run.
    from_cache: bool,
    /// The differential test's verdict on the chosen candidate, once run.
    tested: Option<DiffVerdict>,
}

impl Decided {
    fn code(&self) -> Result<String, String> {
        self.chosen
            .as_ref()
            .map(|c| c.code.clone())
            .map_err(Clone::clone)
    }
}

/// A unit's code, where it ended up in the assembled output.
#[derive(Clone, Debug)]
struct Place {
    ordinal: usize,
    bytes: std::ops::Range<usize>,
}

/// One assembly of the file from the attempts decided so far.
struct Pass {
    text: String,
    reports: Vec<UnitReport>,
    places: Vec<Place>,
}

/// At most this many times a file is compiled and tested again after a unit
/// was turned down; after that, a unit turned down becomes its `TODO(xlate)`
/// block at once, which ends the rounds (Python and node report one error
/// per run, so a file with several needs several rounds).
const MAX_ROUNDS: usize = 8;

/// Checks a candidate's text as every candidate of its unit is checked: the
/// parse checks, the unit's own check, and the name the symbol table chose.
fn check_candidate(
    text: &str,
    request: &TranslationRequest,
    extra_check: &dyn Fn(&str) -> Result<(), Rejection>,
) -> Result<verify::Accepted, Rejection> {
    verify::check(text, request.to, request.kind)
        .and_then(|accepted| extra_check(&accepted.code).map(|()| accepted))
        .and_then(|accepted| uses_chosen_name(accepted, chosen_name(request)))
}

/// The checks besides the parse checks that a unit's candidates must pass:
/// its declaration (`--signatures`), and for a skeleton its `markers`
/// member placeholders.
fn extra_check<'s>(
    declarations: &'s Signatures,
    request: &TranslationRequest,
    markers: usize,
) -> impl Fn(&str) -> Result<(), Rejection> + 's {
    let declaration = match (request.kind, &request.name) {
        (SegmentKind::Function, Some(name)) => declarations.find(name),
        _ => None,
    };
    let to = request.to;
    let markers = markers_kept(markers);
    move |code: &str| {
        markers(code)?;
        declaration.map_or(Ok(()), |d| signatures::check(code, to, d))
    }
}

/// Takes a cached attempt into the file under this segment's name, lines
/// and renames.
fn merge_cached(hit: CachedAttempt, fresh: UnitReport) -> (Result<Choice, String>, UnitReport) {
    let CachedAttempt {
        code,
        names,
        support,
        report,
        ..
    } = hit;
    let report = UnitReport {
        kind: fresh.kind,
        name: fresh.name,
        lines: fresh.lines,
        members: fresh.members,
        renamed: fresh.renamed,
        ..report
    };
    let chosen = code.map(|code| Choice {
        code,
        names,
        support,
        candidate: report.winner.unwrap_or(0),
        score: report.score,
    });
    (chosen, report)
}

/// For each toolchain error, the attempt whose code holds its line (the
/// innermost, for a member inside its class) with the first error of each;
/// and the errors that fall in no unit's code (support code, a line the
/// toolchain did not name), to be reported on the file.
fn blame(
    diagnostics: &[toolchain::Diagnostic],
    pass: &Pass,
) -> (Vec<(usize, String)>, Vec<String>) {
    let line_of = |byte: usize| pass.text[..byte.min(pass.text.len())].matches('\n').count() + 1;
    let lines: Vec<(usize, usize, usize)> = pass
        .places
        .iter()
        .map(|p| {
            let last = p.bytes.end.saturating_sub(1).max(p.bytes.start);
            (p.ordinal, line_of(p.bytes.start), line_of(last))
        })
        .collect();
    let mut blamed: Vec<(usize, String)> = Vec::new();
    let mut unplaced = Vec::new();
    for diagnostic in diagnostics {
        let holder = lines
            .iter()
            .filter(|(_, first, last)| (*first..=*last).contains(&diagnostic.line))
            .min_by_key(|(_, first, last)| last - first);
        match holder {
            Some((ordinal, ..)) if !blamed.iter().any(|(o, _)| o == ordinal) => {
                blamed.push((*ordinal, diagnostic.message.clone()));
            }
            Some(_) => {}
            None => unplaced.push(format!(
                "the assembled output does not compile at line {}: {}",
                diagnostic.line, diagnostic.message
            )),
        }
    }
    (blamed, unplaced)
}

/// The check a split class's skeleton must pass besides the others: every
/// member's placeholder is in it once.
fn markers_kept(count: usize) -> impl Fn(&str) -> Result<(), Rejection> {
    move |code: &str| {
        for i in 0..count {
            let found = marker_positions(code, i).len();
            if found != 1 {
                return Err(Rejection::Other {
                    what: format!("the placeholder of member {i} appears {found} times, not once"),
                });
            }
        }
        Ok(())
    }
}

impl FileTranslator<'_> {
    /// Builds the output from the attempts decided so far (translating the
    /// segments not attempted yet): the text with its support code, the
    /// reports, and where each unit's code is in the text.
    fn assemble(&mut self, split: &units::SplitFile) -> Pass {
        self.ordinal = 0;
        self.spans.clear();
        self.support.clear();
        self.places.clear();
        let mut out = String::with_capacity(self.text.len());
        let mut reports = Vec::new();
        for segment in &split.segments {
            self.segment(segment, &mut out, &mut reports);
        }
        let mut places = std::mem::take(&mut self.places);
        let text = match support_block(&out, self.to, &self.support, self.newline) {
            Some((at, block)) => {
                for place in &mut places {
                    if place.bytes.start >= at {
                        place.bytes =
                            place.bytes.start + block.len()..place.bytes.end + block.len();
                    }
                }
                format!("{}{}{}", &out[..at], block, &out[at..])
            }
            None => out,
        };
        Pass {
            text,
            reports,
            places,
        }
    }

    fn segment(&mut self, segment: &Segment, out: &mut String, reports: &mut Vec<UnitReport>) {
        let source = segment.text(self.text);
        // A byte-order mark is not code: keep it, and translate what follows.
        let (bom, source) = match source.strip_prefix('\u{feff}') {
            Some(rest) => ("\u{feff}", rest),
            None => ("", source),
        };
        out.push_str(bom);
        if segment.kind == SegmentKind::Glue && source.trim().is_empty() {
            out.push_str(source);
            return;
        }
        if !segment.members.is_empty() {
            self.split_class(segment, out, reports);
            return;
        }
        let attempt = self.attempt(segment, source, None, 0);
        if let (Err(_), Some(name)) = (&attempt.code, &segment.name) {
            self.failed_names.push(name.clone());
        }
        let body = match &attempt.code {
            Ok(code) => self.line_endings(code),
            Err(reason) => {
                let mut block =
                    emit::todo_block(self.to, reason, body_of(source), "", self.newline);
                // A Rust function others call keeps its name: a stub.
                if let Some(stub) = segment.name.as_deref().and_then(|name| {
                    self.project
                        .and_then(|p| p.rust_stub(&emit::slash_path(self.path), name))
                }) {
                    block.push_str(self.newline);
                    block.push_str(&stub.replace('\n', self.newline));
                }
                block
            }
        };
        out.push_str(lead_of(source));
        if attempt.code.is_ok() {
            self.places.push(Place {
                ordinal: attempt.ordinal,
                bytes: out.len()..out.len() + body.len(),
            });
        }
        out.push_str(&body);
        out.push_str(trail_of(source));
        self.spans.push(Span {
            top: reports.len(),
            member: None,
            ranges: own_ranges(segment),
        });
        reports.push(attempt.report);
    }

    /// A class too large for one request: its skeleton (the class with each
    /// member replaced by a placeholder) is translated first, then each
    /// member with the skeleton as context, and the members are put back in
    /// the translated skeleton where their placeholders ended up.
    fn split_class(&mut self, segment: &Segment, out: &mut String, reports: &mut Vec<UnitReport>) {
        let source = segment.text(self.text);
        let mut skeleton = String::new();
        let mut members = Vec::new();
        for part in &segment.members {
            let text = part.text(self.text);
            if part.kind.is_unit() {
                let indent = &text[..text.len() - text.trim_start_matches([' ', '\t']).len()];
                skeleton.push_str(indent);
                skeleton.push_str(&self.from.member_placeholder(members.len()));
                members.push(part);
            } else {
                skeleton.push_str(text);
            }
        }
        let mut attempt = self.attempt(segment, &skeleton, None, members.len());
        let mut assembled = match &attempt.code {
            Ok(code) => self.line_endings(code),
            Err(reason) => {
                // Without a skeleton the members have nowhere to go.
                out.push_str(&emit::todo_block(self.to, reason, source, "", self.newline));
                // The members are not written either: the whole class is
                // this report's.
                self.spans.push(Span {
                    top: reports.len(),
                    member: None,
                    ranges: vec![segment.bytes.clone()],
                });
                reports.push(attempt.report);
                return;
            }
        };
        // Where each member's code is in `assembled`, moved along as later
        // members replace their placeholders.
        let mut placed: Vec<Place> = Vec::new();
        let parent = self.parent.replace(attempt.ordinal);
        for (i, member) in members.into_iter().enumerate() {
            let member_source = member.text(self.text);
            let member_attempt = self.attempt(member, member_source, Some(&skeleton), 0);
            let Some(&at) = marker_positions(&assembled, i).first() else {
                continue; // Checked above: every marker is there once.
            };
            let (line, marker_only) = marker_line(&assembled, at);
            let indent = leading_blanks(&assembled[line.clone()]).to_string();
            let replacement = match &member_attempt.code {
                Ok(code) if marker_only => reindent(&self.line_endings(code), &indent),
                Ok(code) => self.line_endings(code).trim().to_string(),
                Err(reason) => {
                    let block =
                        emit::todo_block(self.to, reason, member_source, &indent, self.newline);
                    if marker_only {
                        block
                    } else {
                        // Inline, a line comment would swallow the rest of
                        // the line: start the block on a line of its own.
                        format!("{}{block}{}", self.newline, self.newline)
                    }
                }
            };
            let range = if marker_only {
                line
            } else {
                comment_span(&assembled, at, i)
            };
            let grown = replacement.len() as isize - range.len() as isize;
            for place in &mut placed {
                if place.bytes.start >= range.end {
                    place.bytes = (place.bytes.start as isize + grown) as usize
                        ..(place.bytes.end as isize + grown) as usize;
                }
            }
            if member_attempt.code.is_ok() {
                placed.push(Place {
                    ordinal: member_attempt.ordinal,
                    bytes: range.start..range.start + replacement.len(),
                });
            }
            assembled.replace_range(range, &replacement);
            self.spans.push(Span {
                top: reports.len(),
                member: Some(attempt.report.members.len()),
                ranges: vec![member.bytes.clone()],
            });
            attempt.report.members.push(member_attempt.report);
        }
        self.parent = parent;
        let start = out.len();
        // The skeleton's place holds its members' places: an error is laid
        // at the innermost place that holds its line.
        self.places.push(Place {
            ordinal: attempt.ordinal,
            bytes: start..start + assembled.len(),
        });
        self.places.extend(placed.into_iter().map(|p| Place {
            ordinal: p.ordinal,
            bytes: start + p.bytes.start..start + p.bytes.end,
        }));
        out.push_str(&assembled);
        self.spans.push(Span {
            top: reports.len(),
            member: None,
            ranges: own_ranges(segment),
        });
        reports.push(attempt.report);
    }

    /// The attempt at the next segment of this assembly: decided once (by
    /// the engines, or the cache) and kept for the rounds that follow.
    /// `markers` is, for a split class's skeleton, how many member
    /// placeholders it must keep.
    fn attempt(
        &mut self,
        segment: &Segment,
        source: &str,
        enclosing: Option<&str>,
        markers: usize,
    ) -> Attempt {
        let ordinal = self.ordinal;
        self.ordinal += 1;
        if ordinal >= self.decided.len() {
            let mut decided = self.decide(segment, source, enclosing, markers);
            decided.parent = self.parent;
            self.decided.push(decided);
        }
        let decided = &self.decided[ordinal];
        if let Ok(choice) = &decided.chosen {
            for s in &choice.support {
                if !self.support.iter().any(|have| have.key == s.key) {
                    self.support.push(s.clone());
                }
            }
        }
        Attempt {
            code: decided.code(),
            report: decided.report.clone(),
            ordinal,
        }
    }

    /// Translates one segment's `source` with the engines in order, checking
    /// every candidate, until one passes.
    fn decide(
        &mut self,
        segment: &Segment,
        source: &str,
        enclosing: Option<&str>,
        markers: usize,
    ) -> Decided {
        let mut report = UnitReport::new(segment.kind, segment.name.clone(), segment.lines);
        // A split class's skeleton mentions what its members do too: the
        // engine is told those names as well.
        let ranges = vec![segment.bytes.clone()];
        report.renamed = self
            .symbols
            .defined_in(segment.bytes.clone())
            .filter_map(|s| {
                s.renamed.as_ref().map(|why| Renamed {
                    name: s.name.clone(),
                    to: s.target.clone(),
                    why: why.clone(),
                })
            })
            .collect();
        let path = emit::slash_path(self.path);
        let mut decided = Decided {
            chosen: Err(String::new()),
            others: Vec::new(),
            report: report.clone(),
            origin: None,
            repairs_left: 0,
            markers,
            key: None,
            path: path.clone(),
            first_line: segment.lines.0,
            parent: None,
            from_cache: false,
            tested: None,
        };
        let failed = |mut decided: Decided, mut report: UnitReport, reason: String| {
            report.reasons.push(reason.clone());
            decided.report = report;
            decided.chosen = Err(reason);
            decided
        };
        if let Some(position) = segment.error {
            let reason = format!("the source has a syntax error at {position}");
            return failed(decided, report, reason);
        }
        // Only top-level functions have declarations to match.
        let signatures = self.signatures;
        let declaration = match (segment.kind, &segment.name) {
            (SegmentKind::Function, Some(name)) => signatures.find(name),
            _ => None,
        };
        let request = TranslationRequest {
            from: self.from,
            to: self.to,
            kind: segment.kind,
            name: segment.name.clone(),
            source: source.to_string(),
            path: self.path.to_path_buf(),
            // Glue's lines start at its code, but its text starts with the
            // blank lines before that code: the request names the line of
            // the text's first line, so that engines count rows from it.
            first_line: segment
                .lines
                .0
                .saturating_sub(text_line_offset(segment, self.text)),
            context: Context {
                imports: self.imports.clone(),
                enclosing: enclosing.map(str::to_string),
                names: self.symbols.names_for(&ranges),
                signature: declaration.map(|d| d.text.clone()),
                glossary: self.glossary.to_vec(),
                project: self.project.and_then(|p| {
                    p.context_for(
                        &emit::slash_path(self.path),
                        segment.bytes.clone(),
                        segment.kind,
                        &self.failed_names,
                    )
                }),
            },
        };
        if self.batch.stopping() {
            // Nothing of this file will be written; what is done is cached.
            self.interrupted = true;
            return failed(decided, report, "the run was interrupted".to_string());
        }
        let (from, to, all_engines) = (self.from, self.to, self.engines);
        let engines: Vec<(usize, &dyn Engine)> = all_engines
            .iter()
            .enumerate()
            .filter(|(_, e)| e.supports(from, to))
            .map(|(i, e)| (i, e.as_ref()))
            .collect();
        let working: Vec<&dyn Engine> = engines.iter().map(|(_, e)| *e).collect();
        let key = self
            .batch
            .cache
            .map(|_| cache::key(&request, &working, self.verify));
        if let Some(key) = &key {
            // `used` first: a unit that appears twice in a file (the same
            // glue, say) is translated once.
            let hit = self
                .used
                .get(key)
                .or_else(|| self.cached.get(key))
                .filter(|hit| {
                    hit.code.is_ok() || (hit.path == path && hit.first_line == segment.lines.0)
                });
            if let Some(hit) = hit.cloned() {
                self.batch.counters.hit();
                self.used.insert(key.clone(), hit.clone());
                let mut hit = hit;
                // No engine time was spent on this unit in this run.
                hit.report.millis = 0;
                hit.report.retries = 0;
                let (chosen, report) = merge_cached(hit, report);
                decided.chosen = chosen;
                decided.report = report;
                decided.key = Some(key.clone());
                decided.from_cache = true;
                return decided;
            }
            self.batch.counters.miss();
        }
        let extra_check = extra_check(self.signatures, &request, markers);
        let started = Instant::now();
        let mut accepted = None;
        self.retry_later = false;
        for (index, engine) in engines {
            accepted = self.run_engine(engine, &request, &extra_check, &mut report);
            if accepted.is_some() {
                report.engine = Some(engine.name().to_string());
                decided.origin = Some((request.clone(), index));
                decided.repairs_left = engine.repair_rounds();
                break;
            }
        }
        report.millis = started.elapsed().as_millis() as u64;
        match accepted {
            Some(mut choices) => {
                report.status = UnitStatus::Translated;
                let first = choices.remove(0);
                decided.chosen = Ok(first);
                decided.others = choices;
            }
            None if report.reasons.is_empty() => {
                let reason = format!(
                    "no engine of this run translates {} to {}; {}",
                    self.from,
                    self.to,
                    crate::engine::who_translates(self.from, self.to)
                );
                report.reasons.push(reason.clone());
                decided.chosen = Err(reason);
            }
            None => decided.chosen = Err(report.reasons.join("; ")),
        }
        if self.verify.level == VerifyLevel::Off && decided.chosen.is_ok() {
            report.verification = Some(Verification::Parsed);
        }
        decided.report = report;
        if self.retry_later && decided.chosen.is_err() {
            // A server fault or Ctrl-C, not the unit: try it again next run,
            // and write nothing of a file whose requests were cancelled.
            self.interrupted |= self.batch.stopping();
        } else if let Some(key) = key {
            decided.key = Some(key);
            self.remember(&decided);
        }
        decided
    }

    /// Puts a decided attempt in the pack this file will store.
    fn remember(&mut self, decided: &Decided) {
        let Some(key) = &decided.key else {
            return;
        };
        let (code, names, support) = match &decided.chosen {
            Ok(choice) => (
                Ok(choice.code.clone()),
                choice.names.clone(),
                choice.support.clone(),
            ),
            Err(reason) => (Err(reason.clone()), Vec::new(), Vec::new()),
        };
        self.used.insert(
            key.clone(),
            CachedAttempt {
                code,
                names,
                support,
                report: decided.report.clone(),
                path: decided.path.clone(),
                first_line: decided.first_line,
            },
        );
        self.new_attempts = true;
    }

    /// Stores the file's pack, unless it would not change (a warm run
    /// writes nothing). A file interrupted half-way keeps what the cache
    /// held for the units it did not reach.
    fn store_pack(&mut self, cache: &Cache, key: &str) {
        if self.interrupted {
            for (unit, attempt) in &self.cached {
                self.used
                    .entry(unit.clone())
                    .or_insert_with(|| attempt.clone());
            }
        }
        if self.new_attempts || self.used.len() != self.cached.len() {
            cache.store(key, &self.used, &self.batch.counters);
        }
    }

    /// One engine's turn at a request, repair rounds included: the
    /// candidates of the first round that has any that pass, best first.
    /// Without verification the first that passes is enough; with it, the
    /// others are kept for when it fails to build or disagrees.
    fn run_engine(
        &mut self,
        engine: &dyn Engine,
        request: &TranslationRequest,
        extra_check: &dyn Fn(&str) -> Result<(), Rejection>,
        report: &mut UnitReport,
    ) -> Option<Vec<Choice>> {
        self.batch.counters.engine_call();
        let mut answer = contain_panic(|| engine.translate(request));
        let mut round = 0;
        loop {
            let translation = match answer {
                Ok(t) => t,
                Err(err) => {
                    report.reasons.push(format!("{}: {err}", engine.name()));
                    return None;
                }
            };
            let (choices, rejected) =
                self.check_translation(engine, translation, request, extra_check, report)?;
            if !choices.is_empty() {
                return Some(choices);
            }
            if round >= engine.repair_rounds() {
                return None;
            }
            round += 1;
            self.batch.counters.engine_call();
            answer = match contain_panic(|| engine.repair(request, &rejected)) {
                Ok(Some(t)) => Ok(t),
                Ok(None) => return None,
                Err(err) => Err(err),
            };
        }
    }

    /// Checks the candidates of one answer, best score first: those that
    /// pass (all of them under verification, else the first), and those
    /// turned down, with why. None when the engine declined.
    fn check_translation(
        &mut self,
        engine: &dyn Engine,
        translation: Translation,
        request: &TranslationRequest,
        extra_check: &dyn Fn(&str) -> Result<(), Rejection>,
        report: &mut UnitReport,
    ) -> Option<(Vec<Choice>, Vec<Rejected>)> {
        let name = engine.name();
        report.model = translation.model.clone().or(report.model.take());
        report.retries += translation.retries;
        self.retry_later |= translation.retry_later;
        if let Some(n) = translation.tokens_in {
            *report.tokens_in.get_or_insert(0) += n;
        }
        let mut candidates = match translation.outcome {
            Outcome::Declined(reason) if translation.retry_later => {
                report.reasons.push(format!("{name}: {reason}"));
                return None;
            }
            Outcome::Declined(reason) => {
                report.reasons.push(format!("{name} declined: {reason}"));
                return None;
            }
            Outcome::Candidates(candidates) => candidates,
        };
        // Best mean log-probability first; engines without scores keep
        // their order (the sort is stable).
        let mut indexed: Vec<(usize, crate::engine::Candidate)> =
            candidates.drain(..).enumerate().collect();
        indexed.sort_by(|(_, a), (_, b)| by_score_descending(a.score, b.score));
        let keep_all = self.verify.level > VerifyLevel::Off;
        let mut choices = Vec::new();
        let mut rejected = Vec::new();
        for (index, candidate) in indexed {
            if !keep_all && !choices.is_empty() {
                break;
            }
            report.candidates += 1;
            if let Some(n) = candidate.tokens_out {
                *report.tokens_out.get_or_insert(0) += n;
            }
            match check_candidate(&candidate.text, request, extra_check) {
                Ok(accepted) => {
                    if choices.is_empty() {
                        report.winner = Some(index);
                        report.score = candidate.score;
                    }
                    choices.push(Choice {
                        code: accepted.code,
                        names: accepted.names,
                        support: candidate.support,
                        candidate: index,
                        score: candidate.score,
                    });
                }
                Err(reason) => {
                    report
                        .reasons
                        .push(format!("{name} candidate {index}: {reason}"));
                    rejected.push(Rejected {
                        candidate: index,
                        code: verify::extract_code(&candidate.text, self.to).to_string(),
                        reason,
                    });
                }
            }
        }
        Some((choices, rejected))
    }

    /// Turns down the candidate written for attempt `ordinal`: the next
    /// candidate that passed the parse checks takes its place, else a
    /// repair asked of its engine with `reason` (the compiler's error or
    /// the counterexample), else its `TODO(xlate)` block. `last` skips to
    /// the block (the rounds are spent).
    fn reject(&mut self, ordinal: usize, reason: Rejection, last: bool) {
        let Some(decided) = self.decided.get_mut(ordinal) else {
            return;
        };
        let Ok(choice) = decided.chosen.clone() else {
            return;
        };
        let engine_name = decided.report.engine.clone().unwrap_or_default();
        decided.report.reasons.push(format!(
            "{engine_name} candidate {}: {reason}",
            choice.candidate
        ));
        decided.report.verification = Some(match &reason {
            Rejection::Compile { message } => Verification::DoesNotCompile {
                message: message.clone(),
            },
            Rejection::Disagrees { counterexample } => Verification::Disagrees {
                counterexample: counterexample.clone(),
            },
            other => Verification::DoesNotCompile {
                message: other.to_string(),
            },
        });
        decided.tested = None;
        if !last && !decided.others.is_empty() {
            let next = decided.others.remove(0);
            decided.report.winner = Some(next.candidate);
            decided.report.score = next.score;
            decided.chosen = Ok(next);
            return;
        }
        let repair = match (&decided.origin, last) {
            (Some((request, engine)), false) if decided.repairs_left > 0 => {
                decided.repairs_left -= 1;
                Some((request.clone(), *engine, decided.markers))
            }
            _ => None,
        };
        if let Some((request, engine, markers)) = repair {
            let rejected = Rejected {
                candidate: choice.candidate,
                code: choice.code.clone(),
                reason: reason.clone(),
            };
            let engines = self.engines;
            let engine = engines[engine].as_ref();
            self.batch.counters.engine_call();
            let answer = contain_panic(|| engine.repair(&request, &[rejected]));
            let mut report = std::mem::replace(
                &mut self.decided[ordinal].report,
                UnitReport::new(request.kind, None, (0, 0)),
            );
            let checked = match answer {
                Ok(Some(translation)) => {
                    let extra_check = extra_check(self.signatures, &request, markers);
                    let checked = self.check_translation(
                        engine,
                        translation,
                        &request,
                        &extra_check,
                        &mut report,
                    );
                    checked.map(|(choices, _)| choices)
                }
                Ok(None) => None,
                Err(err) => {
                    report.reasons.push(format!("{}: {err}", engine.name()));
                    None
                }
            };
            let decided = &mut self.decided[ordinal];
            decided.report = report;
            if let Some(mut choices) = checked.filter(|c| !c.is_empty()) {
                let first = choices.remove(0);
                decided.report.winner = Some(first.candidate);
                decided.report.score = first.score;
                decided.chosen = Ok(first);
                decided.others = choices;
                return;
            }
        }
        let decided = &mut self.decided[ordinal];
        decided.chosen = Err(reason.to_string());
        decided.report.status = UnitStatus::Failed;
        decided.report.winner = None;
        decided.report.score = None;
    }

    /// Builds the assembled file with the target's toolchain and, under
    /// `--verify test`, runs its functions against their sources, turning
    /// down the units the compiler or a counterexample blames and
    /// assembling again, until a round blames none; then sets each written
    /// unit's level. Returns the final assembly, and problems of the file
    /// that are no one unit's.
    fn verify_file(&mut self, split: &units::SplitFile, mut pass: Pass) -> (Pass, Vec<String>) {
        let level = self.verify.level;
        // A file whose units all came from the cache was verified when
        // they were stored, and keeps their levels.
        // Nor is a file with nothing translated (a pair no engine of the
        // run translates) worth a compiler run.
        if level == VerifyLevel::Off
            || self.interrupted
            || self.decided.iter().all(|d| d.from_cache)
            || self.decided.iter().all(|d| d.chosen.is_err())
        {
            return (pass, Vec::new());
        }
        let mut warnings = Vec::new();
        let mut rounds = 0;
        let compiled = loop {
            let last = rounds >= MAX_ROUNDS;
            let diagnostics = match toolchain::check(self.to, &pass.text) {
                Ok(found) => found,
                // Said once per run, by the pipeline's caller; and a
                // compiler's own limits are no unit's fault.
                Err(
                    toolchain::ToolchainError::Missing { .. }
                    | toolchain::ToolchainError::GaveUp { .. },
                ) => break false,
                Err(err) => {
                    warnings.push(format!("the output could not be compiled: {err}"));
                    break false;
                }
            };
            let (blamed, unplaced) = blame(&diagnostics, &pass);
            if !blamed.is_empty() {
                for (ordinal, message) in blamed {
                    self.reject(ordinal, Rejection::Compile { message }, last);
                }
                rounds += 1;
                pass = self.assemble(split);
                continue;
            }
            warnings.extend(unplaced);
            if level == VerifyLevel::Test && self.test_units(split, &pass, last) {
                rounds += 1;
                pass = self.assemble(split);
                continue;
            }
            break diagnostics.is_empty();
        };
        for ordinal in 0..self.decided.len() {
            let decided = &mut self.decided[ordinal];
            if decided.chosen.is_err() {
                continue;
            }
            decided.report.verification = Some(if !compiled {
                Verification::Parsed
            } else {
                match (&decided.tested, decided.report.kind) {
                    (Some(DiffVerdict::Agrees { inputs }), _) => {
                        Verification::Tested { agreeing: *inputs }
                    }
                    (Some(DiffVerdict::Untested { why }), _) => {
                        Verification::Untested { why: why.clone() }
                    }
                    (Some(DiffVerdict::Disagrees(counterexample)), _) => Verification::Disagrees {
                        counterexample: counterexample.clone(),
                    },
                    (None, SegmentKind::Class | SegmentKind::Impl | SegmentKind::Trait)
                        if level == VerifyLevel::Test =>
                    {
                        Verification::Untested {
                            why: "a class is tested through its methods, when it is split into \
                                  them (--split-classes-over)"
                                .to_string(),
                        }
                    }
                    (None, _) => Verification::Compiled,
                }
            });
            let decided = &self.decided[ordinal];
            if decided.key.is_some() {
                let decided = Decided {
                    chosen: decided.chosen.clone(),
                    others: Vec::new(),
                    report: decided.report.clone(),
                    origin: None,
                    repairs_left: 0,
                    markers: 0,
                    key: decided.key.clone(),
                    path: decided.path.clone(),
                    first_line: decided.first_line,
                    parent: None,
                    from_cache: false,
                    tested: None,
                };
                self.remember(&decided);
            }
        }
        (self.assemble(split), warnings)
    }

    /// Runs each written function and method not tested yet against its
    /// source, and with it each other candidate that passed the parse
    /// checks: the one agreeing on most inputs is written (the best scored
    /// among equals); when all disagree, the unit is turned down with the
    /// counterexample. Returns whether a unit's code changed.
    fn test_units(&mut self, split: &units::SplitFile, pass: &Pass, last: bool) -> bool {
        let mut changed = false;
        for ordinal in 0..self.decided.len() {
            let decided = &self.decided[ordinal];
            let testable = matches!(
                decided.report.kind,
                SegmentKind::Function | SegmentKind::Method
            );
            if !testable || decided.tested.is_some() || decided.chosen.is_err() {
                continue;
            }
            let others = if last { 0 } else { decided.others.len() };
            let mut verdicts = Vec::with_capacity(others + 1);
            for k in 0..=others {
                let text = if k == 0 {
                    pass.text.clone()
                } else {
                    self.swap(ordinal, k - 1);
                    let text = self.assemble(split).text;
                    self.swap(ordinal, k - 1);
                    text
                };
                let verdict = match self.test_names(ordinal, k) {
                    Some((source_name, target_name)) => (self.verify.tester)(&DiffRequest {
                        from: self.from,
                        to: self.to,
                        source_file: self.text,
                        source_name: &source_name,
                        target_file: &text,
                        target_name: &target_name,
                        settings: &self.verify.diff,
                    }),
                    None => DiffVerdict::Untested {
                        why: "it has no name to call it by".to_string(),
                    },
                };
                verdicts.push(verdict);
            }
            let rank = |v: &DiffVerdict| match v {
                DiffVerdict::Agrees { inputs } => (2, *inputs),
                DiffVerdict::Untested { .. } => (1, 0),
                DiffVerdict::Disagrees(_) => (0, 0),
            };
            // The first of the best: candidates are in score order.
            let best = (0..verdicts.len())
                .rev()
                .max_by_key(|&k| rank(&verdicts[k]))
                .unwrap_or(0);
            let engine_name = self.decided[ordinal]
                .report
                .engine
                .clone()
                .unwrap_or_default();
            // Candidates that disagree are dropped, with their reason.
            let mut kept = Vec::new();
            let others = std::mem::take(&mut self.decided[ordinal].others);
            for (k, other) in others.into_iter().enumerate() {
                match verdicts.get(k + 1) {
                    Some(DiffVerdict::Disagrees(counterexample)) => {
                        let reason = Rejection::Disagrees {
                            counterexample: counterexample.clone(),
                        };
                        self.decided[ordinal].report.reasons.push(format!(
                            "{engine_name} candidate {}: {reason}",
                            other.candidate
                        ));
                    }
                    _ => kept.push((k + 1, other)),
                }
            }
            if let DiffVerdict::Disagrees(counterexample) = &verdicts[best] {
                // Every candidate disagrees: a repair, or the block.
                let reason = Rejection::Disagrees {
                    counterexample: counterexample.clone(),
                };
                self.reject(ordinal, reason, last);
                changed = true;
                continue;
            }
            let decided = &mut self.decided[ordinal];
            if best != 0 {
                let Some(at) = kept.iter().position(|(k, _)| *k == best) else {
                    continue;
                };
                let (_, winner) = kept.remove(at);
                if let (Ok(previous), Some(DiffVerdict::Disagrees(counterexample))) =
                    (&decided.chosen, verdicts.first())
                {
                    decided.report.reasons.push(format!(
                        "{engine_name} candidate {}: {}",
                        previous.candidate,
                        Rejection::Disagrees {
                            counterexample: counterexample.clone()
                        }
                    ));
                } else if let Ok(previous) = decided.chosen.clone() {
                    kept.insert(0, (0, previous));
                }
                decided.report.winner = Some(winner.candidate);
                decided.report.score = winner.score;
                decided.chosen = Ok(winner);
                changed = true;
            }
            decided.others = kept.into_iter().map(|(_, c)| c).collect();
            decided.tested = Some(verdicts.swap_remove(best));
        }
        changed
    }

    /// Exchanges attempt `ordinal`'s written candidate with its `k`th other.
    fn swap(&mut self, ordinal: usize, k: usize) {
        let decided = &mut self.decided[ordinal];
        if let (Ok(chosen), Some(other)) = (&mut decided.chosen, decided.others.get_mut(k)) {
            std::mem::swap(chosen, other);
        }
    }

    /// The names a differential test calls a function by, in the source and
    /// in candidate `k` (0: the written one) of attempt `ordinal`:
    /// `name`, or `Class.method` for a member of a split class.
    fn test_names(&self, ordinal: usize, k: usize) -> Option<(String, String)> {
        let decided = self.decided.get(ordinal)?;
        let choice = match k {
            0 => decided.chosen.as_ref().ok()?,
            k => decided.others.get(k - 1)?,
        };
        let source = decided.report.name.clone()?;
        let target = choice.names.first()?.clone();
        if decided.report.kind != SegmentKind::Method {
            return Some((source, target));
        }
        let parent = self.decided.get(decided.parent?)?;
        let class = parent.report.name.clone()?;
        let target_class = parent.chosen.as_ref().ok()?.names.first()?.clone();
        Some((
            format!("{class}.{source}"),
            format!("{target_class}.{target}"),
        ))
    }

    fn line_endings(&self, code: &str) -> String {
        let code = body_of(code);
        if self.newline == "\r\n" && !code.contains('\r') {
            code.replace('\n', "\r\n")
        } else {
            code.to_string()
        }
    }
}

/// The target name the symbol table chose for the unit a request holds, when
/// the translation must define it: a top-level definition with a name, in a
/// run between two languages (within one, names are distinct already and
/// the identity engine copies them), and no target signature (which checks
/// the name itself).
fn chosen_name(request: &TranslationRequest) -> Option<&str> {
    let defines_name = !matches!(
        request.kind,
        SegmentKind::Glue | SegmentKind::Impl | SegmentKind::Method | SegmentKind::Field
    );
    if !defines_name || request.from == request.to || request.context.signature.is_some() {
        return None;
    }
    let name = request.name.as_deref()?;
    request
        .context
        .names
        .iter()
        .find(|(source, _)| source == name)
        .map(|(_, target)| target.as_str())
}

/// Turns down a candidate that names its unit otherwise than the symbol
/// table chose: it would meet another definition in one name, or miss its
/// callers, which use the chosen one.
fn uses_chosen_name(
    accepted: verify::Accepted,
    chosen: Option<&str>,
) -> Result<verify::Accepted, Rejection> {
    match chosen {
        Some(target)
            if !accepted.names.is_empty() && !accepted.names.iter().any(|n| n == target) =>
        {
            Err(Rejection::Other {
                what: format!(
                    "it defines `{}`, not `{target}`, the name chosen for this unit",
                    accepted.names.join("`, `")
                ),
            })
        }
        _ => Ok(accepted),
    }
}

/// Runs an engine call so that a panic in it fails this unit, not the run:
/// one bad unit must never stop a migration of thousands of files.
fn contain_panic<T>(call: impl FnOnce() -> Result<T, EngineError>) -> Result<T, EngineError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        Err(EngineError(format!("the engine panicked: {what}")))
    })
}

/// Orders scores best first, with unscored candidates after every scored
/// one; `total_cmp` keeps the order the same on every run, NaN included.
fn by_score_descending(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The file's line ending: CRLF when most lines end so.
fn newline_of(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count();
    if crlf * 2 > lf {
        "\r\n"
    } else {
        "\n"
    }
}

/// The blank lines before a segment's code (not the first line's indent).
fn lead_of(source: &str) -> &str {
    let blanks = leading_blanks(source);
    match blanks.rfind('\n') {
        Some(i) => &source[..=i],
        None => "",
    }
}

/// The whitespace after a segment's code.
fn trail_of(source: &str) -> &str {
    &source[source.trim_end().len()..]
}

/// How many lines a segment's text starts before the line its `lines` name:
/// the blank lines that lead glue (see `units`), none for units. (A file's
/// byte-order mark is not blank, so glue that starts with one starts on its
/// first line.)
fn text_line_offset(segment: &Segment, file: &str) -> usize {
    if segment.kind == SegmentKind::Glue {
        leading_blanks(segment.text(file)).matches('\n').count()
    } else {
        0
    }
}

/// Code without its blank first lines and trailing whitespace; the first
/// line's indentation stays.
fn body_of(code: &str) -> &str {
    code[lead_of(code).len()..].trim_end()
}

fn leading_blanks(text: &str) -> &str {
    &text[..text.len() - text.trim_start().len()]
}

/// Indents a member's code to `indent`, unless it is there already.
fn reindent(code: &str, indent: &str) -> String {
    if verify::common_indent(code) == indent {
        return code.to_string();
    }
    verify::indent(&verify::dedent(code), indent)
}

/// Byte offsets of the marker of member `index` (not of `index`0, `index`1...).
fn marker_positions(text: &str, index: usize) -> Vec<usize> {
    let marker = member_marker(index);
    text.match_indices(&marker)
        .map(|(at, _)| at)
        .filter(|&at| !text[at + marker.len()..].starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

/// The line holding the marker at `at` (without its line break), and whether
/// the placeholder is all there is on it.
fn marker_line(text: &str, at: usize) -> (std::ops::Range<usize>, bool) {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let end = if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    let line = &text[start..end];
    let rest: String = line
        .replacen(&member_marker_at(text, at), "", 1)
        .replace("pass", "")
        .replace(['#', '/', '*'], "");
    (start..end, rest.trim().is_empty())
}

fn member_marker_at(text: &str, at: usize) -> String {
    let digits = text[at..]
        .trim_start_matches("xlate:member ")
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    text[at..at + "xlate:member ".len() + digits].to_string()
}

/// The comment around an inline marker: from its opening `/*`, `//` or `#`
/// to its closing `*/` (or the marker's end for a line comment).
fn comment_span(text: &str, at: usize, index: usize) -> std::ops::Range<usize> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let open = ["/*", "//", "#"]
        .iter()
        .filter_map(|o| before.rfind(o))
        .max()
        .map_or(at, |i| line_start + i);
    let mut end = at + member_marker(index).len();
    let after = &text[end..];
    if text[open..].starts_with("/*") {
        if let Some(close) = after.find("*/") {
            end += close + 2;
        }
    }
    open..end
}

/// Puts each support code (helpers, imports) once near the top of `text`:
/// after a shebang and the comment lines that open the file.
#[cfg(test)]
fn insert_support(text: &str, lang: Lang, support: &[SupportCode], newline: &str) -> String {
    match support_block(text, lang, support, newline) {
        Some((at, block)) => format!("{}{}{}", &text[..at], block, &text[at..]),
        None => text.to_string(),
    }
}

/// Where the support code goes in `text`, and the block to put there; none
/// when there is no support code.
fn support_block(
    text: &str,
    lang: Lang,
    support: &[SupportCode],
    newline: &str,
) -> Option<(usize, String)> {
    if support.is_empty() {
        return None;
    }
    // A byte-order mark must stay the first thing in the file (Python
    // rejects U+FEFF anywhere else), so the support goes after it.
    let bom = text.len() - text.trim_start_matches('\u{feff}').len();
    let mut at = bom;
    for line in text[bom..].split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with("#!") || trimmed.starts_with(lang.line_comment()) {
            at += line.len();
        } else {
            break;
        }
    }
    let mut block = String::new();
    for s in support {
        block.push_str(&s.code.replace('\n', newline));
        if !s.code.ends_with('\n') {
            block.push_str(newline);
        }
    }
    block.push_str(newline);
    Some((at, block))
}

/// One file of a tree, split (or why it could not be).
pub struct SplitResult {
    pub file: Found,
    pub lang: Lang,
    pub split: Result<units::SplitFile, String>,
}

/// Walks `root` and splits every source file in parallel (on the current
/// rayon pool), for `xlate units` and for measuring how fast splitting is.
/// Results are in path order.
pub fn split_tree(
    root: &Path,
    options: SplitOptions,
    max_file_size: u64,
) -> (Vec<SplitResult>, Vec<walk::WalkError>) {
    let listing = walk::walk(root);
    let sources: Vec<(Found, Lang)> = listing
        .files
        .into_iter()
        .filter_map(|f| f.lang.map(|lang| (f, lang)))
        .collect();
    let results = sources
        .into_par_iter()
        .map(|(file, lang)| {
            let split = walk::read_source(&file.abs, max_file_size)
                .map_err(|e| e.to_string())
                .and_then(|text| units::split(&text, lang, options).map_err(|e| e.to_string()));
            SplitResult { file, lang, split }
        })
        .collect();
    (results, listing.errors)
}

/// A source file to translate and where its translation goes.
#[derive(Clone, Debug)]
pub struct Job {
    pub file: Found,
    pub lang: Lang,
    /// Relative to the output directory.
    pub output: PathBuf,
}

/// What a run will do: files to translate, files left as they are, and files
/// that cannot be listed or placed.
#[derive(Debug, Default)]
pub struct Plan {
    pub jobs: Vec<Job>,
    pub others: Vec<(Found, String)>,
    pub errors: Vec<SkippedFile>,
}

/// Walks `src` and decides, for each file, what happens to it.
pub fn plan(src: &Path, settings: &Settings, engines: &[Box<dyn Engine>]) -> Plan {
    let listing = walk::walk(src);
    let mut plan = Plan::default();
    for error in listing.errors {
        plan.errors.push(SkippedFile {
            path: emit::slash_path(&error.path),
            reason: error.reason,
            error: true,
            copied: false,
        });
    }
    let mut taken: std::collections::HashMap<PathBuf, PathBuf> = Default::default();
    for file in listing.files {
        let Some(lang) = file.lang else {
            plan.others
                .push((file, "not a source file xlate knows".into()));
            continue;
        };
        if settings.from.is_some_and(|from| from != lang) {
            plan.others
                .push((file, format!("a {lang} file (--from limits the run)")));
            continue;
        }
        if lang == settings.to && !engines.iter().any(|e| e.supports(lang, settings.to)) {
            plan.others.push((file, format!("already {lang}")));
            continue;
        }
        // A pair no engine of the run translates is still planned: nothing
        // is lost, so its units are written as `TODO(xlate)` blocks that say
        // why (see `unsupported_pairs`).
        let output = project::output_path(&file.rel, lang, settings.to);
        if let Some(first) = taken.get(&output) {
            plan.errors.push(SkippedFile {
                path: emit::slash_path(&file.rel),
                reason: format!(
                    "its output {} is taken by {}",
                    emit::slash_path(&output),
                    emit::slash_path(first)
                ),
                error: true,
                copied: false,
            });
            continue;
        }
        taken.insert(output.clone(), file.rel.clone());
        plan.jobs.push(Job { file, lang, output });
    }
    plan
}

/// The language pairs of a plan's jobs that no engine of the run
/// translates, in a stable order.
pub fn unsupported_pairs(plan: &Plan, engines: &[Box<dyn Engine>], to: Lang) -> Vec<(Lang, Lang)> {
    let mut pairs: Vec<(Lang, Lang)> = plan
        .jobs
        .iter()
        .map(|job| (job.lang, to))
        .filter(|&(from, to)| !engines.iter().any(|e| e.supports(from, to)))
        .collect();
    pairs.sort_by_key(|&(from, to)| (from.name(), to.name()));
    pairs.dedup();
    pairs
}

/// What the run's verification cannot do on this machine, said once per
/// run rather than once per file: a toolchain missing from the PATH, for the
/// target (those units stay `parsed`) and, under `--verify test`, for the
/// sources' languages (those units are `untested`).
pub fn verification_notes(plan: &Plan, settings: &Settings) -> Vec<String> {
    let level = settings.verify.level;
    if level == VerifyLevel::Off || plan.jobs.is_empty() {
        return Vec::new();
    }
    let mut langs = vec![settings.to];
    if level == VerifyLevel::Test {
        langs.extend(plan.jobs.iter().map(|job| job.lang));
    }
    langs.sort_by_key(|lang| lang.name());
    langs.dedup();
    langs
        .into_iter()
        .filter_map(|lang| toolchain::available(lang).err())
        .map(|err| err.to_string())
        .collect()
}

/// Something that happened to one file during a run, for progress output.
#[derive(Debug)]
pub enum Event<'a> {
    Translated {
        job: &'a Job,
        report: &'a FileReport,
        write: WriteOutcome,
    },
    Skipped(&'a SkippedFile),
}

/// Options of a tree run that are not about translation itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions<'a> {
    pub copy_other: bool,
    /// The cache, counters and stop flag; none for a plain run.
    pub batch: Option<&'a Batch<'a>>,
    /// The formatter outputs go through before they are written and
    /// hashed (`--format`); none for unformatted outputs.
    pub format: Option<&'a crate::format::Formatting>,
}

/// What became of one job.
enum JobResult {
    Done(FileReport, WriteOutcome),
    Skipped(SkippedFile),
    /// Not started, or stopped between units: nothing was written.
    Interrupted,
}

/// Workers to run a plan with: `jobs`, or more where an engine wants more
/// units in flight (the model engine, which decodes them together; its
/// workers mostly wait on it).
pub fn workers(jobs: usize, engines: &[Box<dyn Engine>]) -> usize {
    engines
        .iter()
        .map(|e| e.concurrency())
        .fold(jobs.max(1), usize::max)
}

/// Runs a plan: translates every job in parallel (on the current rayon
/// pool), hands each output to `out` as it is done, and returns the report
/// (not yet written). `on_event` sees every file as it finishes.
pub fn run(
    plan: &Plan,
    settings: &Settings,
    engines: &[Box<dyn Engine>],
    out: &dyn Sink,
    options: RunOptions,
    engine_name: &str,
    on_event: &(dyn Fn(Event) + Sync),
) -> Report {
    let plain = Batch::default();
    let batch = options.batch.unwrap_or(&plain);
    let table = project_table(plan, settings);
    // Callees first: modules in waves, each wave after the modules it
    // imports, so that an import leaves out what its module could not
    // translate. Within a wave, in parallel. Results are put back in plan
    // order below.
    let waves: Vec<Vec<usize>> = match &table {
        Some(t) => t.waves(),
        None => vec![(0..plan.jobs.len()).collect()],
    };
    let mut ordered: Vec<(usize, JobResult)> = Vec::with_capacity(plan.jobs.len());
    for wave in waves {
        let done: Vec<(usize, JobResult)> = wave
            .par_iter()
            .map(|&k| {
                let job = &plan.jobs[k];
                let result = run_job(
                    job,
                    settings,
                    engines,
                    out,
                    batch,
                    options.format,
                    table.as_ref(),
                );
                if let (Some(table), JobResult::Done(report, _)) = (&table, &result) {
                    table.record_failures(
                        &report.source,
                        report
                            .units
                            .iter()
                            .filter(|u| u.status == UnitStatus::Failed)
                            .filter_map(|u| u.name.clone()),
                    );
                }
                match &result {
                    JobResult::Done(report, write) => on_event(Event::Translated {
                        job,
                        report,
                        write: *write,
                    }),
                    JobResult::Skipped(skipped) => on_event(Event::Skipped(skipped)),
                    JobResult::Interrupted => {}
                }
                (k, result)
            })
            .collect();
        ordered.extend(done);
    }
    let mut slots: Vec<Option<JobResult>> = (0..plan.jobs.len()).map(|_| None).collect();
    for (k, result) in ordered {
        slots[k] = Some(result);
    }
    let results: Vec<JobResult> = slots
        .into_iter()
        .map(|r| r.unwrap_or(JobResult::Interrupted))
        .collect();

    let mut report = Report {
        version: crate::report::REPORT_VERSION,
        from: settings.from,
        to: Some(settings.to),
        engine: engine_name.to_string(),
        ..Report::default()
    };
    for (job, result) in plan.jobs.iter().zip(results) {
        match result {
            JobResult::Done(file, _) => report.files.push(file),
            JobResult::Skipped(skipped) => report.skipped.push(skipped),
            JobResult::Interrupted => report.interrupted.push(emit::slash_path(&job.file.rel)),
        }
    }
    for error in &plan.errors {
        on_event(Event::Skipped(error));
        report.skipped.push(error.clone());
    }
    let outputs: std::collections::HashMap<&Path, &Job> = if options.copy_other {
        plan.jobs
            .iter()
            .map(|job| (job.output.as_path(), job))
            .collect()
    } else {
        Default::default()
    };
    for (file, reason) in &plan.others {
        let mut skipped = SkippedFile {
            path: emit::slash_path(&file.rel),
            reason: reason.clone(),
            error: false,
            copied: false,
        };
        // A copy whose path is a translation's output (`a.py` kept as it
        // is next to `a.js` translated into `a.py`) would replace the
        // translation, or fail on it, in turns from run to run: the
        // translation is what was asked for, so the copy gives way.
        if let Some(job) = outputs.get(file.rel.as_path()) {
            skipped.reason = format!(
                "not copied: its path is the output of {}",
                emit::slash_path(&job.file.rel)
            );
            skipped.error = true;
        } else if options.copy_other {
            let copied = std::fs::read(&file.abs)
                .map_err(|e| e.to_string())
                .and_then(|bytes| out.put(&file.rel, &bytes).map_err(|e| e.to_string()));
            match copied {
                Ok(_) => skipped.copied = true,
                Err(err) => {
                    skipped.reason = format!("could not copy: {err}");
                    skipped.error = true;
                }
            }
        }
        on_event(Event::Skipped(&skipped));
        report.skipped.push(skipped);
    }
    report.files.sort_by(|a, b| a.source.cmp(&b.source));
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.interrupted.sort();
    report.cache = batch.counters.stats(batch.cache.is_some());
    if let Some(table) = &table {
        report.dependencies = table.dependencies.clone();
        report.project = table.diagnostics.iter().map(|d| d.to_string()).collect();
        project::mark_cross_file_dependencies(&mut report, table);
        write_scaffold(&mut report, table, plan, settings, out);
    }
    report.compute_totals();
    report
}

/// Writes the target's project files (see [`project::scaffold`]) through
/// the sink, so they are owned like outputs: one edited since xlate wrote
/// it, or not written by xlate, is left as it is and named in the report.
fn write_scaffold(
    report: &mut Report,
    table: &ProjectSymbols,
    plan: &Plan,
    settings: &Settings,
    out: &dyn Sink,
) {
    let name = project_name(plan, settings);
    for file in project::scaffold::files(table, &name, settings.project_name.is_some()) {
        let output = emit::slash_path(&file.path);
        match out.put(&file.path, file.content.as_bytes()) {
            Ok(write) => report.scaffold.push(crate::report::ScaffoldEntry {
                output,
                output_hash: emit::content_hash(file.content.as_bytes()),
                would_change: write == WriteOutcome::DryRun,
            }),
            Err(emit::EmitError::NotOurs { .. }) => report.project.push(format!(
                "{output}: not written: it exists and xlate did not write it, or it was \
                 edited since (--force replaces it)"
            )),
            Err(err) => report.project.push(format!("{output}: not written: {err}")),
        }
    }
}

/// The project's name: `[project] name` of `xlate.toml`, else the name the
/// source's own manifest gives (`Cargo.toml`, `pyproject.toml`,
/// `package.json`), else the source root's folder name.
fn project_name(plan: &Plan, settings: &Settings) -> String {
    if let Some(name) = &settings.project_name {
        return name.clone();
    }
    // The source root: a job's absolute path less its relative one.
    let Some(root) = plan.jobs.first().map(|job| {
        let mut root = job.file.abs.clone();
        for _ in job.file.rel.components() {
            root.pop();
        }
        root
    }) else {
        return String::new();
    };
    project::scaffold::manifest_name(&root).unwrap_or_else(|| {
        std::fs::canonicalize(&root)
            .ok()
            .and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default()
    })
}

/// The tree's symbol table, for a run that translates between languages
/// (within one, files are copied and imports stay as they are). Files that
/// cannot be read are left out here and reported by their job.
fn project_table(plan: &Plan, settings: &Settings) -> Option<ProjectSymbols> {
    if plan.jobs.iter().all(|job| job.lang == settings.to) {
        return None;
    }
    let texts: Vec<Option<String>> = plan
        .jobs
        .par_iter()
        .map(|job| walk::read_source(&job.file.abs, settings.max_file_size).ok())
        .collect();
    let inputs: Vec<project::Input> = plan
        .jobs
        .iter()
        .zip(&texts)
        .map(|(job, text)| project::Input {
            source: &job.file.rel,
            output: &job.output,
            lang: job.lang,
            text: text.as_deref().unwrap_or(""),
        })
        .collect();
    let name = project_name(plan, settings);
    let mut table =
        ProjectSymbols::build_named(&inputs, settings.to, &settings.glossary, Some(&name));
    table.commonjs = settings.to == Lang::JavaScript
        && match settings.project_module {
            Some(crate::config::ModuleSystem::Commonjs) => true,
            Some(crate::config::ModuleSystem::Esm) => false,
            None => table.sources_use_commonjs(),
        };
    Some(table)
}

fn run_job(
    job: &Job,
    settings: &Settings,
    engines: &[Box<dyn Engine>],
    out: &dyn Sink,
    batch: &Batch,
    format: Option<&crate::format::Formatting>,
    table: Option<&ProjectSymbols>,
) -> JobResult {
    if batch.stopping() {
        return JobResult::Interrupted;
    }
    let skipped = |reason: String| {
        JobResult::Skipped(SkippedFile {
            path: emit::slash_path(&job.file.rel),
            reason,
            error: true,
            copied: false,
        })
    };
    let text = match walk::read_source(&job.file.abs, settings.max_file_size) {
        Ok(text) => text,
        Err(e) => return skipped(e.to_string()),
    };
    let translated = match translate_in_project(
        &job.file.rel,
        &text,
        job.lang,
        settings,
        engines,
        batch,
        table,
    ) {
        Ok(translated) => translated,
        Err(e) => return skipped(e.to_string()),
    };
    if translated.interrupted {
        return JobResult::Interrupted;
    }
    // Formatted before it is written and hashed: `--check` then compares
    // what a formatting run writes, and the hash is of the file on disk.
    let status = translated.status();
    // A Rust package file declares its folder's modules.
    let text = match table {
        Some(table) => {
            project::scaffold::with_module_declarations(table, &job.output, translated.text)
        }
        None => translated.text,
    };
    let text = match format {
        Some(format) => format.apply(&job.output, text),
        None => text,
    };
    let write = match out.put(&job.output, text.as_bytes()) {
        Ok(write) => write,
        Err(e) => return skipped(e.to_string()),
    };
    let report = FileReport {
        source: emit::slash_path(&job.file.rel),
        output: emit::slash_path(&job.output),
        lang: job.lang,
        status,
        output_hash: emit::content_hash(text.as_bytes()),
        units: translated.units,
        warnings: translated.warnings,
        renamed: emit::keyword_renames(&job.file.rel, job.lang, settings.to),
    };
    JobResult::Done(report, write)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Candidate, EngineError, Identity};

    fn identity() -> Vec<Box<dyn Engine>> {
        vec![Box::new(Identity)]
    }

    fn round_trip(text: &str, lang: Lang, split_over: usize) -> TranslatedFile {
        let mut settings = Settings::new(lang);
        settings.split.split_classes_over = split_over;
        translate_text(Path::new("t"), text, lang, &settings, &identity()).unwrap()
    }

    #[test]
    fn identity_reproduces_files_with_split_classes() {
        let cases = [
            (Lang::Python, "import os\n\nclass C(B):\n    \"\"\"Doc.\"\"\"\n\n    x = 1\n\n    def a(self):\n        return 1\n\n    @property\n    def b(self):\n        return 2\n\ndef f():\n    pass\n"),
            (Lang::JavaScript, "class K { m() {} n() { return 1; } }\n\nclass L {\n  #p = 1;\n  static { init(); }\n  get x() { return 1; }\n}\n"),
            (Lang::Rust, "struct S;\n\nimpl S {\n    /// New.\n    pub fn new() -> Self { S }\n\n    fn m(&self) {}\n}\n"),
            (Lang::Python, "class W:\r\n    def a(self):\r\n        return 1\r\n"),
        ];
        for (lang, text) in cases {
            for split_over in [0, usize::MAX] {
                let out = round_trip(text, lang, split_over);
                assert_eq!(out.text, text, "{lang} split_over={split_over}");
                assert_eq!(out.status(), FileStatus::Translated, "{:?}", out.units);
                assert!(out.warnings.is_empty(), "{:?}", out.warnings);
            }
        }
        let split = round_trip(cases[0].1, Lang::Python, 0);
        let class = split
            .units
            .iter()
            .find(|u| u.kind == SegmentKind::Class)
            .unwrap();
        assert_eq!(class.members.len(), 2);
    }

    #[test]
    fn broken_units_become_todo_blocks_and_the_rest_survives() {
        let text = "def ok():\n    return 1\n\n\ndef broken(:\n    return 2\n";
        let out = round_trip(text, Lang::Python, usize::MAX);
        assert!(
            out.text.starts_with("def ok():\n    return 1\n\n\n"),
            "{}",
            out.text
        );
        assert!(
            out.text
                .contains("# TODO(xlate): the source has a syntax error at 5:"),
            "{}",
            out.text
        );
        // Nothing lost: every line of the source is in the output.
        for line in text.lines().filter(|l| !l.is_empty()) {
            assert!(out.text.contains(line), "lost {line:?} in {}", out.text);
        }
        assert_eq!(out.status(), FileStatus::Partial);
    }

    /// Proposes canned texts, with scores, and counts repairs.
    struct Scripted {
        candidates: Vec<(&'static str, Option<f64>)>,
        repaired: Option<&'static str>,
    }

    impl Engine for Scripted {
        fn name(&self) -> &str {
            "scripted"
        }
        fn supports(&self, _: Lang, _: Lang) -> bool {
            true
        }
        fn translate(&self, _: &TranslationRequest) -> Result<Translation, EngineError> {
            Ok(Translation::candidates(
                self.candidates
                    .iter()
                    .map(|(text, score)| Candidate {
                        text: text.to_string(),
                        score: *score,
                        ..Candidate::default()
                    })
                    .collect(),
            ))
        }
        fn repair_rounds(&self) -> usize {
            1
        }
        fn repair(
            &self,
            _: &TranslationRequest,
            rejected: &[Rejected],
        ) -> Result<Option<Translation>, EngineError> {
            assert!(!rejected.is_empty());
            Ok(self.repaired.map(|text| {
                Translation::candidates(vec![Candidate {
                    text: text.into(),
                    ..Candidate::default()
                }])
            }))
        }
    }

    fn translate_with(engine: Scripted, text: &str) -> TranslatedFile {
        let settings = Settings::new(Lang::JavaScript);
        let engines: Vec<Box<dyn Engine>> = vec![Box::new(engine)];
        translate_text(Path::new("t.py"), text, Lang::Python, &settings, &engines).unwrap()
    }

    #[test]
    fn the_best_scored_passing_candidate_wins() {
        let engine = Scripted {
            candidates: vec![
                ("function f() { return 'low'; }", Some(-2.0)),
                ("function best( {", Some(-0.1)), // best score, but does not parse
                ("```js\nfunction f() { return 'mid'; }\n```", Some(-1.0)),
                ("class Wrong {}", Some(-0.5)), // parses, wrong kind
            ],
            repaired: None,
        };
        let out = translate_with(engine, "def f():\n    pass\n");
        assert_eq!(out.text, "function f() { return 'mid'; }\n");
        let unit = &out.units[0];
        assert_eq!(unit.winner, Some(2));
        assert_eq!(unit.score, Some(-1.0));
        assert_eq!(unit.candidates, 3);
        assert_eq!(unit.reasons.len(), 2, "{:?}", unit.reasons);
    }

    // Regression (issue 11): an engine that names a unit as it likes can
    // merge two source names into one (`f_1_12` and `f_11_2` into `f112`);
    // a candidate must define the name the symbol table chose.
    #[test]
    fn a_candidate_that_misses_the_chosen_name_is_turned_down() {
        let engine = Scripted {
            candidates: vec![
                ("function f112() { return 2; }", Some(-0.1)),
                ("function f_11_2() { return 2; }", Some(-1.0)),
            ],
            repaired: None,
        };
        let out = translate_with(
            engine,
            "def f_1_12():\n    return 1\n\ndef f_11_2():\n    return 2\n",
        );
        // Blank glue has no report: the units are f_1_12 and f_11_2.
        let second = out.units.last().expect("units");
        assert_eq!(second.name.as_deref(), Some("f_11_2"));
        assert_eq!(second.winner, Some(1));
        assert!(
            second.reasons[0]
                .contains("it defines `f112`, not `f_11_2`, the name chosen for this unit"),
            "{:?}",
            second.reasons
        );
        assert_eq!(
            second.renamed,
            [Renamed {
                name: "f_11_2".into(),
                to: "f_11_2".into(),
                why: "f112 is taken by f_1_12 (line 1)".into()
            }]
        );
        // The first unit's natural name is its chosen one.
        assert_eq!(out.units[0].winner, Some(0));
        assert!(
            out.text
                .contains("function f112() { return 2; }\n\nfunction f_11_2()"),
            "{}",
            out.text
        );
    }

    #[test]
    fn repair_rounds_get_the_rejections() {
        let engine = Scripted {
            candidates: vec![("function f( {", None)],
            repaired: Some("function f() {}"),
        };
        let out = translate_with(engine, "def f():\n    pass\n");
        assert_eq!(out.text, "function f() {}\n");
        assert_eq!(out.units[0].candidates, 2);
    }

    #[test]
    fn when_nothing_passes_the_original_is_kept_with_the_reasons() {
        let engine = Scripted {
            candidates: vec![("garbage ((", None)],
            repaired: None,
        };
        let out = translate_with(engine, "def f():\n    return 1 // 2\n");
        assert!(
            out.text
                .starts_with("// TODO(xlate): scripted candidate 0: syntax error"),
            "{}",
            out.text
        );
        assert!(out.text.contains("//     return 1 // 2"), "{}", out.text);
        assert_eq!(out.status(), FileStatus::Failed);
    }

    /// Panics on every unit, as a buggy engine might.
    struct Panicking;

    impl Engine for Panicking {
        fn name(&self) -> &str {
            "panicking"
        }
        fn supports(&self, _: Lang, _: Lang) -> bool {
            true
        }
        fn translate(&self, _: &TranslationRequest) -> Result<Translation, EngineError> {
            panic!("unexpected node");
        }
    }

    #[test]
    fn an_engine_that_panics_fails_the_unit_not_the_run() {
        // Regression guard: a panic in an engine used to unwind through the
        // pipeline and stop every file of the run.
        let settings = Settings::new(Lang::JavaScript);
        let engines: Vec<Box<dyn Engine>> = vec![Box::new(Panicking)];
        let text = "def f():\n    pass\n";
        let out =
            translate_text(Path::new("t.py"), text, Lang::Python, &settings, &engines).unwrap();
        assert!(
            out.text
                .starts_with("// TODO(xlate): panicking: the engine panicked: unexpected node"),
            "{}",
            out.text
        );
        assert!(out.text.contains("// def f():"), "{}", out.text);
        assert_eq!(out.status(), FileStatus::Failed);
    }

    #[test]
    fn support_code_is_written_once_after_leading_comments() {
        let support = "#!/usr/bin/env node\n// header\nfunction a() {}\n";
        let block = insert_support(
            support,
            Lang::JavaScript,
            &[SupportCode {
                key: "k".into(),
                code: "const h = 1;".into(),
            }],
            "\n",
        );
        assert_eq!(
            block,
            "#!/usr/bin/env node\n// header\nconst h = 1;\n\nfunction a() {}\n"
        );
    }

    /// The unit names and chosen names of the requests an engine saw.
    type Seen = Vec<(String, Vec<(String, String)>)>;

    /// Records the chosen names each request carries, and renames every
    /// unit `step_N` to `stepN` as a translation would.
    struct Recording(std::sync::Arc<std::sync::Mutex<Seen>>);

    impl Engine for Recording {
        fn name(&self) -> &str {
            "recording"
        }
        fn supports(&self, _: Lang, _: Lang) -> bool {
            true
        }
        fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError> {
            let name = request.name.clone().unwrap_or_default();
            self.0
                .lock()
                .unwrap()
                .push((name.clone(), request.context.names.clone()));
            let target = request
                .context
                .names
                .iter()
                .find(|(source, _)| *source == name)
                .map_or(name.clone(), |(_, target)| target.clone());
            Ok(Translation::candidates(vec![Candidate {
                text: format!("function {target}(x) {{\n  return x;\n}}"),
                ..Candidate::default()
            }]))
        }
    }

    #[test]
    fn a_unit_is_told_only_the_chosen_names_it_mentions() {
        // Regression guard: every request used to carry the names chosen
        // for all the units above it, so a file of 10,000 functions built
        // requests, cache keys and rename tables that grew with the file
        // (time in the square of its size).
        let mut text = String::new();
        for i in 0..50 {
            text.push_str(&format!("def step_{i}(x):\n    return x\n\n"));
        }
        text.push_str("def uses(x):\n    return step_3(x) + step_40(step_7(x)) + 'step_9'\n\n");
        text.push_str("def again(x):\n    return step_3(x)\n");
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Seen::new()));
        let engines: Vec<Box<dyn Engine>> = vec![Box::new(Recording(seen.clone()))];
        let settings = Settings::new(Lang::JavaScript);
        let out =
            translate_text(Path::new("t.py"), &text, Lang::Python, &settings, &engines).unwrap();
        assert_eq!(out.status(), FileStatus::Translated, "{:?}", out.units);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 52);
        let pair = |i: usize| (format!("step_{i}"), format!("step{i}"));
        // Each unit is told the name it defines and those it mentions, in
        // source order; a word in a string is not a mention.
        for (i, (name, told)) in seen[..50].iter().enumerate() {
            assert_eq!(told, &vec![pair(i)], "{name}");
        }
        assert_eq!(seen[50].0, "uses");
        let uses = ("uses".to_string(), "uses".to_string());
        assert_eq!(seen[50].1, vec![pair(3), pair(7), pair(40), uses]);
        let again = ("again".to_string(), "again".to_string());
        assert_eq!(seen[51].1, vec![pair(3), again]);
    }

    #[test]
    fn markers_do_not_match_longer_numbers() {
        let text = "/* xlate:member 1 */ /* xlate:member 10 */";
        assert_eq!(marker_positions(text, 1), vec![3]);
        assert_eq!(marker_positions(text, 10).len(), 1);
    }
}

#[cfg(test)]
mod verification_tests {
    //! The verification rounds: candidates turned down by the compiler or
    //! by a counterexample, the next candidate or a repair taking their
    //! place, and the level each written unit reaches.

    use super::*;
    use crate::engine::scripted::{ScriptCall, Scripted};
    use crate::verify::differential::Counterexample;
    use crate::verify::toolchain;

    const SOURCE: &str = "def f(xs):\n    return [[] for _ in xs]\n";

    /// Stands in for the differential harnesses: a translation whose file
    /// says `WRONG` disagrees, one that says `FEWER` agrees on fewer inputs.
    fn fake_tester(request: &DiffRequest<'_>) -> DiffVerdict {
        assert_eq!(request.source_file, SOURCE);
        assert_eq!((request.source_name, request.target_name), ("f", "f"));
        if request.target_file.contains("WRONG") {
            DiffVerdict::Disagrees(Counterexample {
                inputs: "([1, 2],)".into(),
                expected: "[[], []]".into(),
                got: "'WRONG'".into(),
            })
        } else if request.target_file.contains("FEWER") {
            DiffVerdict::Agrees { inputs: 3 }
        } else {
            DiffVerdict::Agrees { inputs: 9 }
        }
    }

    fn run(script: &str, level: VerifyLevel) -> Option<(TranslatedFile, Vec<ScriptCall>)> {
        if toolchain::available(Lang::JavaScript).is_err() {
            eprintln!("skipped: no node");
            return None;
        }
        let engine = std::sync::Arc::new(Scripted::parse(script).expect("a script"));
        let mut settings = Settings::new(Lang::JavaScript);
        settings.verify = VerifySettings::at(level);
        settings.verify.tester = fake_tester;
        let engines: Vec<Box<dyn Engine>> = vec![Box::new(Shared(engine.clone()))];
        let out = translate_text(Path::new("t.py"), SOURCE, Lang::Python, &settings, &engines)
            .expect("it splits");
        Some((out, engine.calls()))
    }

    /// The scripted engine behind an `Arc`, so the test keeps a handle on
    /// what it was asked.
    struct Shared(std::sync::Arc<Scripted>);

    impl Engine for Shared {
        fn name(&self) -> &str {
            self.0.name()
        }
        fn supports(&self, from: Lang, to: Lang) -> bool {
            self.0.supports(from, to)
        }
        fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError> {
            self.0.translate(request)
        }
        fn repair_rounds(&self) -> usize {
            self.0.repair_rounds()
        }
        fn repair(
            &self,
            request: &TranslationRequest,
            rejected: &[Rejected],
        ) -> Result<Option<Translation>, EngineError> {
            self.0.repair(request, rejected)
        }
    }

    const DUPLICATE: &str = "function f(xs) {\n  return xs.map((_, _) => []);\n}";
    const RIGHT: &str = "function f(xs) {\n  return xs.map(() => []);\n}";

    fn script(candidates: &[&str], repairs: &[&str]) -> String {
        serde_json::json!({"unit": "f", "candidates": candidates, "repairs": repairs}).to_string()
    }

    // The defect of issue 13: `(_, _) => []` parses, so it was written as
    // translated, though node refuses to load the file.
    #[test]
    fn a_candidate_the_compiler_refuses_gives_way_to_the_next() {
        let Some((out, calls)) = run(&script(&[DUPLICATE, RIGHT], &[]), VerifyLevel::Compile)
        else {
            return;
        };
        assert_eq!(out.text, format!("{RIGHT}\n"));
        let unit = &out.units[0];
        assert_eq!(unit.status, UnitStatus::Translated);
        assert_eq!(unit.winner, Some(1));
        assert_eq!(unit.verification, Some(Verification::Compiled));
        assert_eq!(unit.reasons.len(), 1, "{:?}", unit.reasons);
        assert!(
            unit.reasons[0].starts_with(
                "scripted candidate 0: does not compile: SyntaxError: Duplicate parameter name"
            ),
            "{:?}",
            unit.reasons
        );
        assert_eq!(calls.len(), 1, "no repair was needed: {calls:?}");
    }

    #[test]
    fn a_unit_nothing_compiles_for_is_a_todo_block_with_the_message() {
        let Some((out, _)) = run(&script(&[DUPLICATE], &[]), VerifyLevel::Compile) else {
            return;
        };
        assert!(
            out.text.starts_with(
                "// TODO(xlate): does not compile: SyntaxError: Duplicate parameter name"
            ),
            "{}",
            out.text
        );
        assert!(!out.text.contains("(_, _)"), "{}", out.text);
        let unit = &out.units[0];
        assert_eq!(unit.status, UnitStatus::Failed);
        match &unit.verification {
            Some(Verification::DoesNotCompile { message }) => {
                assert!(message.contains("Duplicate parameter name"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(out.status(), FileStatus::Failed);
    }

    #[test]
    fn a_repair_is_shown_the_compiler_message() {
        let Some((out, calls)) = run(&script(&[DUPLICATE], &[RIGHT]), VerifyLevel::Compile) else {
            return;
        };
        assert_eq!(out.text, format!("{RIGHT}\n"));
        assert_eq!(out.units[0].verification, Some(Verification::Compiled));
        assert_eq!(out.units[0].candidates, 2);
        match &calls[..] {
            [ScriptCall::Translate { .. }, ScriptCall::Repair { code, reason, .. }] => {
                assert_eq!(code, DUPLICATE);
                assert!(
                    reason.starts_with("does not compile: SyntaxError: Duplicate parameter name"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn without_verification_the_parse_checks_decide() {
        let Some((out, _)) = run(&script(&[DUPLICATE, RIGHT], &[]), VerifyLevel::Off) else {
            return;
        };
        assert_eq!(out.text, format!("{DUPLICATE}\n"));
        assert_eq!(out.units[0].verification, Some(Verification::Parsed));
        // The first candidate that passes is enough: the second is not
        // even checked.
        assert_eq!(out.units[0].candidates, 1);
    }

    // An error inside a split class's member is that member's, not its
    // class's: the rest of the class is kept.
    #[test]
    fn an_error_in_a_member_is_laid_at_the_member() {
        if toolchain::available(Lang::JavaScript).is_err() {
            return;
        }
        let source = "class C:\n    def a(self):\n        return 1\n\n    def b(self, xs):\n        return [[] for _ in xs]\n";
        let script = [
            serde_json::json!({"unit": "C", "candidates": ["class C {\n  /* xlate:member 0 */\n\n  /* xlate:member 1 */\n}"]}),
            serde_json::json!({"unit": "a", "candidates": ["a() {\n  return 1;\n}"]}),
            serde_json::json!({"unit": "b", "candidates": ["b(xs) {\n  return xs.map((_, _) => []);\n}"]}),
        ];
        let text: Vec<String> = script.iter().map(|l| l.to_string()).collect();
        let engine = Scripted::parse(&text.join("\n")).expect("a script");
        let mut settings = Settings::new(Lang::JavaScript);
        settings.verify = VerifySettings::at(VerifyLevel::Compile);
        settings.split.split_classes_over = 0;
        let engines: Vec<Box<dyn Engine>> = vec![Box::new(engine)];
        let out = translate_text(Path::new("t.py"), source, Lang::Python, &settings, &engines)
            .expect("it splits");
        let class = &out.units[0];
        assert_eq!(class.status, UnitStatus::Translated, "{:?}", out.units);
        assert_eq!(class.verification, Some(Verification::Compiled));
        assert_eq!(class.members.len(), 2);
        assert_eq!(class.members[0].verification, Some(Verification::Compiled));
        assert_eq!(class.members[1].status, UnitStatus::Failed);
        assert!(
            matches!(&class.members[1].verification, Some(Verification::DoesNotCompile { message }) if message.contains("Duplicate parameter name")),
            "{:?}",
            class.members[1]
        );
        assert!(
            out.text.contains("  a() {\n    return 1;\n  }"),
            "{}",
            out.text
        );
        assert!(
            out.text.contains(
                "  // TODO(xlate): does not compile: SyntaxError: Duplicate parameter name"
            ),
            "{}",
            out.text
        );
    }

    const WRONG: &str = "function f(xs) {\n  return 'WRONG';\n}";

    #[test]
    fn a_candidate_that_disagrees_gives_way_to_one_that_agrees() {
        let Some((out, calls)) = run(&script(&[WRONG, RIGHT], &[]), VerifyLevel::Test) else {
            return;
        };
        assert_eq!(out.text, format!("{RIGHT}\n"));
        let unit = &out.units[0];
        assert_eq!(unit.winner, Some(1));
        assert_eq!(
            unit.verification,
            Some(Verification::Tested { agreeing: 9 })
        );
        assert_eq!(
            unit.reasons,
            ["scripted candidate 0: disagrees with its source on ([1, 2],): expected [[], []], got 'WRONG'"]
        );
        assert_eq!(calls.len(), 1, "{calls:?}");
    }

    #[test]
    fn candidates_agreeing_on_more_inputs_win_over_better_scores() {
        let fewer = "function f(xs) {\n  // FEWER\n  return xs.map(() => []);\n}";
        let script =
            serde_json::json!({"unit": "f", "candidates": [fewer, RIGHT], "scores": [-0.1, -2.0]})
                .to_string();
        let Some((out, _)) = run(&script, VerifyLevel::Test) else {
            return;
        };
        assert_eq!(out.text, format!("{RIGHT}\n"));
        assert_eq!(out.units[0].winner, Some(1));
        assert_eq!(
            out.units[0].verification,
            Some(Verification::Tested { agreeing: 9 })
        );
    }

    #[test]
    fn a_repair_is_shown_the_counterexample_and_a_unit_all_disagree_on_is_a_todo() {
        let Some((out, calls)) = run(&script(&[WRONG], &[WRONG]), VerifyLevel::Test) else {
            return;
        };
        match &calls[..] {
            [ScriptCall::Translate { .. }, ScriptCall::Repair { reason, .. }] => assert_eq!(
                reason,
                "disagrees with its source on ([1, 2],): expected [[], []], got 'WRONG'"
            ),
            other => panic!("{other:?}"),
        }
        assert!(
            out.text.starts_with("// TODO(xlate): disagrees with its source on ([1, 2],): expected [[], []], got 'WRONG'\n"),
            "{}",
            out.text
        );
        let unit = &out.units[0];
        assert_eq!(unit.status, UnitStatus::Failed);
        assert_eq!(
            unit.verification,
            Some(Verification::Disagrees {
                counterexample: Counterexample {
                    inputs: "([1, 2],)".into(),
                    expected: "[[], []]".into(),
                    got: "'WRONG'".into(),
                }
            })
        );
    }
}
