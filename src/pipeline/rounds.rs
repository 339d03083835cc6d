//! The verification rounds: compile (and test) the assembled file, blame
//! each diagnostic or counterexample on a unit, give that unit its next
//! candidate, a repair or its `TODO(xlate)` block, and assemble again.

use crate::cache::CachedAttempt;
use crate::lang::Lang;
use crate::report::{UnitReport, UnitStatus};
use crate::units::{self, SegmentKind};
use crate::verify::differential::{signature, DiffRequest, DiffVerdict};
use crate::verify::load::{LoadRequest, LoadResult};
use crate::verify::tree::TreePlace;
use crate::verify::{self, toolchain, Rejected, Rejection, Verification, VerifyLevel};

use super::assemble::Pass;
use super::choose::{contain_panic, extra_check, Decided};
use super::FileTranslator;

/// At most this many times a file is compiled and tested again after a unit
/// was turned down; after that, a unit turned down becomes its `TODO(xlate)`
/// block at once, which ends the rounds (Python and node report one error
/// per run, so a file with several needs several rounds).
pub(super) const MAX_ROUNDS: usize = 8;

/// The name in a "not defined" error as the harnesses render it:
/// `throws ReferenceError: name is not defined` (JavaScript), `raises
/// NameError: name 'name' is not defined` (Python).
pub(super) fn undefined_name(got: &str) -> Option<&str> {
    if let Some((_, rest)) = got.split_once("NameError: name '") {
        return rest.split_once("' is not defined").map(|(name, _)| name);
    }
    let (_, rest) = got.split_once("ReferenceError: ")?;
    rest.split_once(" is not defined").map(|(name, _)| name)
}

/// The function whose stand-in a Rust translation reached: the project
/// writes `todo!("`f` is not translated yet")` for a function whose unit
/// was not translated, so that the crate builds (`ProjectSymbols::rust_stub`).
pub(super) fn stub_name(got: &str) -> Option<&str> {
    let (before, _) = got.split_once("` is not translated yet")?;
    let (_, name) = before.rsplit_once('`')?;
    Some(name)
}

/// The module and member named by a failed attribute read in either
/// harness: node's `TypeError: m.f is not a function`, Python's
/// `AttributeError: module 'pkg.m' has no attribute 'f'`.
pub(super) fn missing_member(got: &str) -> Option<(&str, &str)> {
    if let Some((_, rest)) = got.split_once("AttributeError: module '") {
        let (module, rest) = rest.split_once("' has no attribute '")?;
        let (member, _) = rest.split_once('\'')?;
        return Some((module, member));
    }
    let (_, rest) = got.split_once("TypeError: ")?;
    let (path, _) = rest.split_once(" is not a function")?;
    let (module, member) = path.split_once('.')?;
    let simple = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    (simple(module) && simple(member)).then_some((module, member))
}

/// For each toolchain error, the attempt whose code holds its line (the
/// innermost, for a member inside its class) with the first error of each;
/// and the errors that fall in no unit's code (support code, a line the
/// toolchain did not name), to be reported on the file.
pub(super) fn blame(
    diagnostics: &[toolchain::Diagnostic],
    pass: &Pass,
) -> (Vec<(usize, String)>, Vec<String>) {
    // Counted over bytes: a unit's last byte may be inside a character.
    let line_of = |byte: usize| {
        let bytes = pass.text.as_bytes();
        bytes[..byte.min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
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

impl FileTranslator<'_> {
    /// Where this file's translation goes: as the run planned it (a file
    /// renamed for a clash, see `outputs`, is tested and loaded under its
    /// new name, which its importers use), else its natural output.
    fn output_path(&self) -> std::path::PathBuf {
        let planned = self
            .project
            .and_then(|p| p.module(&crate::emit::slash_path(self.path)))
            .map(|(_, module)| std::path::PathBuf::from(&module.output));
        planned.unwrap_or_else(|| crate::project::output_path(self.path, self.from, self.to))
    }

    /// Turns down the candidate written for attempt `ordinal`: the next
    /// candidate that passed the parse checks takes its place, else a
    /// repair asked of its engine with `reason` (the compiler's error or
    /// the counterexample), else its `TODO(xlate)` block. `last` skips to
    /// the block (the rounds are spent).
    pub(super) fn reject(&mut self, ordinal: usize, reason: Rejection, last: bool) {
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
    pub(super) fn verify_file(
        &mut self,
        split: &units::SplitFile,
        mut pass: Pass,
    ) -> (Pass, Vec<String>) {
        let level = self.verify.level;
        // A file whose units all came from the cache, assembled as a file
        // that was verified before (the same text), keeps their levels:
        // units cached from different assemblies (a module of an import
        // cycle translated again, its imports changed) make a file nothing
        // checked yet (console's `term.rs` bound one name twice).
        // Nor is a file with nothing translated (a pair no engine of the
        // run translates) worth a compiler run.
        if level == VerifyLevel::Off || self.interrupted {
            return (pass, Vec::new());
        }
        let verified = verified_key(level, &pass.text);
        let seen_before = self.cached.get(&verified).cloned();
        if (self.decided.iter().all(|d| d.from_cache) && seen_before.is_some())
            || self.decided.iter().all(|d| d.chosen.is_err())
        {
            if let Some(mark) = seen_before {
                self.used.insert(verified, mark);
            }
            // Still loaded, so that every module written is counted (its
            // neighbours may have changed since it was stored); no unit
            // is turned down for it.
            self.load_module(&pass.text);
            return (pass, Vec::new());
        }
        let mut warnings = Vec::new();
        let mut rounds = 0;
        let compiled = loop {
            let last = rounds >= MAX_ROUNDS;
            // The crate's support module, which the file imports from,
            // goes with it: the check builds the file alone.
            let checked = crate::project::crate_support::for_check(&pass.text);
            let diagnostics = match toolchain::check(self.to, &checked) {
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
            if let Some(first) = diagnostics.first() {
                // What does not build does not load either; it counts
                // among the modules that do not.
                self.load = Some(LoadResult {
                    loads: false,
                    error: Some(format!("it does not compile: {}", first.message)),
                    line: (first.line > 0).then_some(first.line),
                    missing: None,
                });
            }
            warnings.extend(unplaced);
            if diagnostics.is_empty() {
                // Loaded once it builds: an exception at a unit's line
                // turns that unit down as a compiler error would.
                let failure = self.load_module(&pass.text);
                let (blamed, _) = blame(failure.as_slice(), &pass);
                if !blamed.is_empty() {
                    for (ordinal, message) in blamed {
                        self.reject(ordinal, Rejection::Compile { message }, last);
                    }
                    rounds += 1;
                    pass = self.assemble(split);
                    continue;
                }
            }
            // A file that does not build does not load, so every function
            // in it would "disagree" with its source on loading: those
            // errors are no function's, and it is not tested.
            if level == VerifyLevel::Test
                && diagnostics.is_empty()
                && self.test_units(split, &pass, last)
            {
                rounds += 1;
                pass = self.assemble(split);
                continue;
            }
            break diagnostics.is_empty();
        };
        if compiled {
            // The pack remembers that this text was verified (a mark, not
            // a unit), for the next run that assembles it from the cache.
            let verified = verified_key(level, &pass.text);
            if let std::collections::btree_map::Entry::Vacant(entry) = self.used.entry(verified) {
                entry.insert(CachedAttempt {
                    code: Ok(String::new()),
                    names: Vec::new(),
                    support: Vec::new(),
                    report: UnitReport::new(SegmentKind::Glue, None, (0, 0)),
                    path: String::new(),
                    first_line: 0,
                });
                self.new_attempts = true;
            }
        }
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
                    (None, SegmentKind::Trait) if level == VerifyLevel::Test => {
                        Verification::Untested {
                            why: "a trait is tested through the impls that implement it"
                                .to_string(),
                        }
                    }
                    (None, SegmentKind::Class | SegmentKind::Impl)
                        if level == VerifyLevel::Test =>
                    {
                        Verification::Untested {
                            why: "it is split into members (--split-classes-over), and its \
                                  methods are tested one by one"
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

    /// Loads the assembled module among its neighbours (see
    /// [`verify::load`]) and keeps the result for the report; returns the
    /// failure a unit can be blamed for, if any.
    fn load_module(&mut self, text: &str) -> Option<toolchain::Diagnostic> {
        let path = self.output_path();
        let request = LoadRequest {
            lang: self.to,
            root: self.verify.outputs.as_deref(),
            path: &path,
            text,
        };
        // Not loaded (Rust, a toolchain missing, effects the sandbox cannot
        // hold here): no result, said once per run or in the docs.
        let Ok(Ok(result)) = verify::load::load(&request) else {
            self.load = None;
            return None;
        };
        let blamable = result.blamable();
        self.load = Some(result);
        blamable
    }

    /// Runs each written function and method not tested yet against its
    /// source, and with it each other candidate that passed the parse
    /// checks: the one agreeing on most inputs is written (the best scored
    /// among equals); when all disagree, the unit is turned down with the
    /// counterexample. Returns whether a unit's code changed.
    pub(super) fn test_units(&mut self, split: &units::SplitFile, pass: &Pass, last: bool) -> bool {
        let mut changed = false;
        for ordinal in 0..self.decided.len() {
            let decided = &self.decided[ordinal];
            // A class or impl translated whole is tested through its
            // methods (`test_impl`); one split into members, through them.
            let whole = matches!(decided.report.kind, SegmentKind::Class | SegmentKind::Impl)
                && !self.decided.iter().any(|d| d.parent == Some(ordinal));
            let testable = whole
                || matches!(
                    decided.report.kind,
                    SegmentKind::Function | SegmentKind::Method
                );
            if !testable || decided.tested.is_some() || decided.chosen.is_err() {
                continue;
            }
            let others = if last { 0 } else { decided.others.len() };
            let mut verdicts = Vec::with_capacity(others + 1);
            // Each side runs inside its tree: the source in the run's copy
            // of the source tree, the translation among the outputs.
            let source_path = self.verify.sources.as_ref().map(|c| c.path_of(self.path));
            let target_path = self.output_path();
            for k in 0..=others {
                let text = if k == 0 {
                    pass.text.clone()
                } else {
                    self.swap(ordinal, k - 1);
                    let text = self.assemble(split).text;
                    self.swap(ordinal, k - 1);
                    text
                };
                let run = |source_name: &str, target_name: &str| {
                    (self.verify.tester)(&DiffRequest {
                        from: self.from,
                        to: self.to,
                        source_file: self.text,
                        source_name,
                        target_file: &text,
                        target_name,
                        settings: &self.verify.diff,
                        source_place: source_path.as_deref().and_then(|path| {
                            let copy = self.verify.sources.as_deref()?;
                            Some(TreePlace {
                                root: copy.root(),
                                path,
                            })
                        }),
                        target_place: self.verify.outputs.as_deref().map(|root| TreePlace {
                            root,
                            path: &target_path,
                        }),
                    })
                };
                let verdict = if whole {
                    self.test_impl(ordinal, &text, &run)
                } else {
                    match self.test_names(ordinal, k) {
                        Some((source_name, target_name)) => run(&source_name, &target_name),
                        None => DiffVerdict::Untested {
                            why: "it has no name to call it by".to_string(),
                        },
                    }
                };
                verdicts.push(self.untranslated_callee(verdict));
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

    /// Tests a class or impl translated whole (attempt `ordinal`, whose
    /// translation is in `target_text`) through its methods, each on a
    /// receiver built as `differential::receiver` says: the first method
    /// that disagrees gives the counterexample (the call that shows it,
    /// `Counter::new(0).add(1)`); otherwise it is tested on the inputs its
    /// methods agreed on, or untested with the first method's reason.
    /// Constructors are not tested alone: they build the receivers.
    fn test_impl(
        &self,
        ordinal: usize,
        target_text: &str,
        run: &dyn Fn(&str, &str) -> DiffVerdict,
    ) -> DiffVerdict {
        let decided = &self.decided[ordinal];
        let (first, last) = decided.report.lines;
        let segment = self
            .text
            .lines()
            .skip(first.saturating_sub(1))
            .take((last + 1).saturating_sub(first))
            .collect::<Vec<_>>()
            .join("\n");
        let debug = decided
            .report
            .name
            .as_deref()
            .is_some_and(|n| n.contains("Debug for"));
        let targets = signature::members(self.to, target_text);
        let mut agreeing = 0;
        let mut untested = Vec::new();
        let mut builders = Vec::new();
        for (owner, method) in signature::members(self.from, &segment) {
            if matches!(method.as_str(), "new" | "__init__" | "constructor") {
                builders.push(method);
                continue;
            }
            let source_name = format!("{owner}.{method}");
            // A Rust associated function that returns its type builds
            // receivers; what it returns is no value the sides compare.
            if self.from == Lang::Rust {
                let builds = signature::find(self.from, &segment, &source_name).is_some_and(|f| {
                    f.receiver == signature::Receiver::None
                        && f.returns
                            .as_deref()
                            .is_some_and(|r| r == "Self" || r.split('<').next() == Some(&owner))
                });
                if builds {
                    builders.push(method);
                    continue;
                }
            }
            let target_method = target_member(self.from, self.to, &owner, &method, debug, &targets);
            let verdict =
                self.untranslated_callee(run(&source_name, &format!("{owner}.{target_method}")));
            match verdict {
                DiffVerdict::Disagrees(_) => return verdict,
                DiffVerdict::Agrees { inputs } => agreeing += inputs,
                DiffVerdict::Untested { why } => untested.push(format!("`{method}`: {why}")),
            }
        }
        if agreeing > 0 {
            return DiffVerdict::Agrees { inputs: agreeing };
        }
        DiffVerdict::Untested {
            why: match untested.len() {
                0 if builders.is_empty() => "it declares no methods".to_string(),
                0 => format!(
                    "it has no method on a value to test: {} build{} its type",
                    builders
                        .iter()
                        .map(|b| format!("`{b}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if builders.len() == 1 { "s" } else { "" }
                ),
                1 => untested.remove(0),
                n => format!("{} (and {} more methods)", untested.remove(0), n - 1),
            },
        }
    }

    /// A disagreement that is only a call of a top-level name of this file
    /// or of the project that the output lacks (`ReferenceError: helper is
    /// not defined`) says that the callee was not translated, not that this
    /// unit is wrong: it is untested, with the callee's name, and its
    /// translation is kept for when the callee is. (Found on the corpora:
    /// strsim's `jaro` was turned down for its untranslated
    /// `generic_jaro`; lodash's `mean` for `baseSum`, two modules away.)
    fn untranslated_callee(&self, verdict: DiffVerdict) -> DiffVerdict {
        let DiffVerdict::Disagrees(counterexample) = &verdict else {
            return verdict;
        };
        if let Some((module, member)) = missing_member(&counterexample.got) {
            return match self.untranslated_member(module, member) {
                Some(why) => DiffVerdict::Untested { why },
                None => verdict,
            };
        }
        let Some(missing) =
            undefined_name(&counterexample.got).or_else(|| stub_name(&counterexample.got))
        else {
            return verdict;
        };
        if let Some(callee) = self
            .symbols
            .definitions
            .iter()
            .find(|d| d.target == missing || d.name == missing)
        {
            return DiffVerdict::Untested {
                why: format!("it uses `{}`, which was not translated", callee.name),
            };
        }
        // A definition of another module that was not translated: this
        // file imports it (its import leaves the name out), or a module it
        // calls does (lodash's `mean` calls `baseMean`, whose `baseSum`
        // was not translated).
        let Some(project) = self.project else {
            return verdict;
        };
        if let Some((m, name)) = project.failed_named(missing) {
            let module = &project.modules[m].source;
            return DiffVerdict::Untested {
                why: format!("it uses `{name}`, which was not translated in {module}"),
            };
        }
        // An import of a module the run does not hold (date-fns'
        // `compareAsc` imports `toDate` from `./toDate.js`, which a run of
        // the files starting with a to c leaves out).
        let own = project
            .module(&crate::emit::slash_path(self.path))
            .map(|(i, _)| i);
        match project.missing_import_named(missing, own) {
            Some((m, spec)) => DiffVerdict::Untested {
                why: format!(
                    "it uses `{missing}`, imported in {} from `{spec}`, which is not in the tree",
                    project.modules[m].source
                ),
            },
            None => verdict,
        }
    }

    /// Why a unit that fails on `module.member` is untested: where `module`
    /// is a module of the project this file imports (`import locale`, `from
    /// pkg import mod`) whose `member` was not translated, the unit called
    /// a function its output lacks, as `untranslated_callee` says for the
    /// file's own. (Found on the standard library: `_strptime._getlang`
    /// calls `locale.getlocale` of a sample whose `getlocale` was not
    /// translated.) `module` is the local name or, from Python's message,
    /// the module's dotted name.
    fn untranslated_member(&self, module: &str, member: &str) -> Option<String> {
        let project = self.project?;
        let (i, _) = project.module(&crate::emit::slash_path(self.path))?;
        let m = project.imported_module(i, module)?;
        let source_name = project.source_name_in(m, member)?;
        project.is_failed(m, &source_name).then(|| {
            format!(
                "it uses `{module}.{source_name}`, which was not translated in {}",
                project.modules[m].source
            )
        })
    }

    /// Exchanges attempt `ordinal`'s written candidate with its `k`th other.
    pub(super) fn swap(&mut self, ordinal: usize, k: usize) {
        let decided = &mut self.decided[ordinal];
        if let (Ok(chosen), Some(other)) = (&mut decided.chosen, decided.others.get_mut(k)) {
            std::mem::swap(chosen, other);
        }
    }

    /// The names a differential test calls a function by, in the source and
    /// in candidate `k` (0: the written one) of attempt `ordinal`:
    /// `name`, or `Class.method` for a member of a split class.
    pub(super) fn test_names(&self, ordinal: usize, k: usize) -> Option<(String, String)> {
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
}

/// The name `method` of `owner` has in the translation: the member of
/// the translated class of that name across naming conventions, else the
/// name in the target's convention; Rust's `fmt` of `Display` (or `Debug`)
/// is Python's `__str__` (`__repr__`) and JavaScript's `toString`.
fn target_member(
    from: Lang,
    to: Lang,
    owner: &str,
    method: &str,
    debug: bool,
    targets: &[(String, String)],
) -> String {
    let shown = match (from, method, to) {
        (Lang::Rust, "fmt", Lang::Python) if debug => Some("__repr__"),
        (Lang::Rust, "fmt", Lang::Python) => Some("__str__"),
        (Lang::Rust, "fmt", Lang::JavaScript) => Some("toString"),
        (Lang::Python, "__str__" | "__repr__", Lang::Rust)
        | (Lang::JavaScript, "toString", Lang::Rust) => Some("fmt"),
        (Lang::Python, "__str__", Lang::JavaScript) => Some("toString"),
        (Lang::JavaScript, "toString", Lang::Python) => Some("__str__"),
        _ => None,
    };
    if let Some(name) = shown {
        return name.to_string();
    }
    // The same name first: read alike across conventions, a private
    // `__query` is `query` too, and comes first in algorithms'
    // `SegmentTree`, whose `query` was then tested against the
    // translation's `__query`.
    if let Some((_, found)) = targets.iter().find(|(o, m)| o == owner && m == method) {
        return found.clone();
    }
    let plain = |name: &str| name.replace('_', "").to_lowercase();
    if let Some((_, found)) = targets
        .iter()
        .find(|(o, m)| o == owner && plain(m) == plain(method))
    {
        return found.clone();
    }
    match to {
        Lang::JavaScript => crate::lang::to_camel_case(method),
        Lang::Python | Lang::Rust => crate::lang::to_snake_case(method),
    }
}

/// The key under which a file's pack marks `text` as verified at `level`:
/// no unit's key (those are hashes of requests) starts so.
fn verified_key(level: VerifyLevel, text: &str) -> String {
    format!(
        "verified-file:{level:?}:{}",
        blake3::hash(text.as_bytes()).to_hex()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // Regression: a method was paired with the first member whose name
    // reads alike (`__query` for `query`), and tested against it: a false
    // disagreement on algorithms' `SegmentTree([], 1).query(-1, 2)`.
    #[test]
    fn a_method_is_paired_with_its_own_name_before_one_read_alike() {
        let targets = vec![
            ("SegmentTree".to_string(), "__query".to_string()),
            ("SegmentTree".to_string(), "query".to_string()),
            ("SegmentTree".to_string(), "makeTree".to_string()),
        ];
        let member = |method| {
            target_member(
                Lang::Python,
                Lang::JavaScript,
                "SegmentTree",
                method,
                false,
                &targets,
            )
        };
        assert_eq!(member("query"), "query");
        assert_eq!(member("__query"), "__query");
        assert_eq!(member("make_tree"), "makeTree");
    }
}
