//! Choosing what a unit writes: the engines' candidates in turn, each
//! checked, the best that passes kept with the others as reserves, the
//! cache consulted first and told after.

use crate::cache::{self, Cache, CachedAttempt};
use crate::emit;
use crate::engine::{
    Context, Engine, EngineError, Outcome, SupportCode, Translation, TranslationRequest,
};
use crate::report::{Renamed, UnitReport, UnitStatus};
use crate::signatures::{self, Signatures};
use crate::units::{Segment, SegmentKind};
use crate::verify::differential::DiffVerdict;
use crate::verify::{self, Rejected, Rejection, Verification, VerifyLevel};
use std::time::Instant;

use super::assemble::{marker_positions, text_line_offset};
use super::FileTranslator;

/// What translating one segment gave: the code to write, or the reason for
/// the `TODO(xlate)` block, the report, and which of the file's attempts it
/// is (its index in [`FileTranslator::decided`]).
pub(super) struct Attempt {
    pub(super) code: Result<String, String>,
    pub(super) report: UnitReport,
    pub(super) ordinal: usize,
}

/// One candidate that passed the checks on its own.
#[derive(Clone, Debug)]
pub(super) struct Choice {
    /// The code, out of its fence.
    pub(super) code: String,
    /// The names it defines, in order.
    pub(super) names: Vec<String>,
    pub(super) support: Vec<SupportCode>,
    /// Its index among the candidates of its engine's round.
    pub(super) candidate: usize,
    pub(super) score: Option<f64>,
}

/// What the file holds for one attempt, kept across the assembly rounds of
/// verification so that a rejected unit can be given its next candidate, a
/// repair, or its `TODO(xlate)` block without translating the rest again.
pub(super) struct Decided {
    /// What is written: a candidate, or why the unit is a `TODO(xlate)`
    /// block.
    pub(super) chosen: Result<Choice, String>,
    /// The other candidates that passed the parse checks, best first.
    pub(super) others: Vec<Choice>,
    pub(super) report: UnitReport,
    /// The request, and the index in `engines` of the engine that answered
    /// it, for repairs; none for a cached or failed unit.
    pub(super) origin: Option<(TranslationRequest, usize)>,
    /// Repair rounds its engine still allows.
    pub(super) repairs_left: usize,
    /// For a split class's skeleton, how many member placeholders it must
    /// keep (a repaired skeleton is checked for them too).
    pub(super) markers: usize,
    /// The cache key, when its outcome is to be cached.
    pub(super) key: Option<String>,
    /// Where it was, for the cache (see [`CachedAttempt::path`]).
    pub(super) path: String,
    pub(super) first_line: usize,
    /// For a member of a split class, the attempt of its class's skeleton.
    pub(super) parent: Option<usize>,
    /// Found in the cache: nothing was translated for it in this run.
    pub(super) from_cache: bool,
    /// The differential test's verdict on the chosen candidate, once run.
    pub(super) tested: Option<DiffVerdict>,
}

impl Decided {
    pub(super) fn code(&self) -> Result<String, String> {
        self.chosen
            .as_ref()
            .map(|c| c.code.clone())
            .map_err(Clone::clone)
    }
}

/// Checks a candidate's text as every candidate of its unit is checked: the
/// parse checks, the unit's own check, and the name the symbol table chose.
pub(super) fn check_candidate(
    text: &str,
    request: &TranslationRequest,
    extra_check: &dyn Fn(&str) -> Result<(), Rejection>,
) -> Result<verify::Accepted, Rejection> {
    verify::check(text, request.to, request.kind)
        .or_else(|rejected| {
            // A method of a split Rust `impl` may come back as the code
            // that attaches it to its class at the top level, as the
            // `impl`'s own translation would (`Point.prototype.norm =
            // function () { .. };`), where the skeleton put its marker.
            let attached = request.kind == SegmentKind::Method
                && request.from == crate::lang::Lang::Rust
                && request.to != crate::lang::Lang::Rust;
            if attached {
                verify::check(text, request.to, SegmentKind::Impl)
            } else {
                Err(rejected)
            }
        })
        .and_then(|accepted| extra_check(&accepted.code).map(|()| accepted))
        .and_then(|accepted| uses_chosen_name(accepted, chosen_name(request)))
}

/// The checks besides the parse checks that a unit's candidates must pass:
/// its declaration (`--signatures`), and for a skeleton its `markers`
/// member placeholders.
pub(super) fn extra_check<'s>(
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
pub(super) fn merge_cached(
    hit: CachedAttempt,
    fresh: UnitReport,
) -> (Result<Choice, String>, UnitReport) {
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

/// The check a split class's skeleton must pass besides the others: every
/// member's placeholder is in it once.
pub(super) fn markers_kept(count: usize) -> impl Fn(&str) -> Result<(), Rejection> {
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
    /// The attempt at the next segment of this assembly: decided once (by
    /// the engines, or the cache) and kept for the rounds that follow.
    /// `markers` is, for a split class's skeleton, how many member
    /// placeholders it must keep.
    pub(super) fn attempt(
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
    pub(super) fn decide(
        &mut self,
        segment: &Segment,
        source: &str,
        enclosing: Option<&str>,
        markers: usize,
    ) -> Decided {
        let mut report = UnitReport::new(segment.kind, segment.name.clone(), segment.lines);
        // A split class's skeleton mentions what its members do too: the
        // engine is told those names as well.
        let mut ranges = vec![segment.bytes.clone()];
        // A member of a split Rust `impl` is translated as an `impl` of its
        // header (see `engine::rules::front::rust::split`): its context
        // holds what the header names too (the struct's fields, methods).
        let enclosing_bytes = self
            .enclosing_bytes
            .clone()
            .filter(|_| enclosing.is_some() && self.from == crate::lang::Lang::Rust);
        if let Some((_, own)) = &enclosing_bytes {
            ranges.extend(own.iter().cloned());
        }
        // What the macros the unit invokes name, it names too: their
        // expansions stand in it (a struct a macro builds, a function it
        // calls).
        let invoked = self.symbols.macro_ranges_for(&ranges);
        ranges.extend(invoked);
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
                classes: self.symbols.classes_for(&ranges),
                functions: self.symbols.functions_for(&ranges),
                generators: self.symbols.generators_for(&ranges),
                rebound: self.symbols.rebound_for(&ranges),
                types: self.symbols.types_leaving_out(&ranges, &|line| {
                    self.failed_members
                        .iter()
                        .any(|&(a, b)| a <= line && line <= b)
                }),
                macros: self.symbols.macros_for(&ranges),
                prototypes: self.symbols.prototypes_for(&ranges),
                regexes: self.symbols.regexes_for(&ranges),
                constants: self.symbols.constants_for(&ranges),
                values: self.symbols.values_for(&ranges),
                omissible: self.symbols.omissible_for(&ranges),
                read_as_values: self.symbols.read_as_values_for(&ranges),
                signature: declaration.map(|d| d.text.clone()),
                glossary: self.glossary.to_vec(),
                project: self.project.and_then(|p| {
                    p.context_for(
                        &emit::slash_path(self.path),
                        enclosing_bytes
                            .as_ref()
                            .map_or(segment.bytes.clone(), |(whole, _)| whole.clone()),
                        segment.kind,
                        &self.failed_names,
                        &self.failed_types,
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
    pub(super) fn remember(&mut self, decided: &Decided) {
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
    pub(super) fn store_pack(&mut self, cache: &Cache, key: &str) {
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
    pub(super) fn run_engine(
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
    pub(super) fn check_translation(
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
}

/// The target name the symbol table chose for the unit a request holds, when
/// the translation must define it: a top-level definition with a name, in a
/// run between two languages (within one, names are distinct already and
/// the identity engine copies them), and no target signature (which checks
/// the name itself).
pub(super) fn chosen_name(request: &TranslationRequest) -> Option<&str> {
    let defines_name = !matches!(
        request.kind,
        SegmentKind::Glue | SegmentKind::Impl | SegmentKind::Method | SegmentKind::Field
    );
    // An inline Rust module becomes its items (the tests of `#[cfg(test)]
    // mod tests`): Python and JavaScript have no such module to name.
    let inline_module =
        request.kind == SegmentKind::Module && request.from == crate::lang::Lang::Rust;
    if !defines_name
        || inline_module
        || request.from == request.to
        || request.context.signature.is_some()
    {
        return None;
    }
    let name = request.name.as_deref()?;
    request.context.target_name(name)
}

/// Turns down a candidate that names its unit otherwise than the symbol
/// table chose: it would meet another definition in one name, or miss its
/// callers, which use the chosen one.
pub(super) fn uses_chosen_name(
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
pub(super) fn contain_panic<T>(
    call: impl FnOnce() -> Result<T, EngineError>,
) -> Result<T, EngineError> {
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
pub(super) fn by_score_descending(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
