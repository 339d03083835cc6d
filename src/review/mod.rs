//! The review page: `xlate-review.html` in the output directory, one
//! self-contained file built from the report, the sources and the outputs,
//! that shows what a run did (overview, failures first, each file side by
//! side unit by unit) and lets a reviewer mark units as reviewed.
//!
//! Everything on the page that comes from a file, a model or a report is
//! untrusted. The overview is escaped here ([`escape_html`]); the rest
//! travels as JSON inside `<script type="application/json">` with `<`, `>`
//! and `&` escaped ([`json_for_script`]) and is put on the page by the
//! page's script with `textContent` only. The page's Content-Security-Policy
//! allows no network access and no script or style but its own (by nonce).

mod highlight;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::lang::Lang;
use crate::report::{FileReport, Report, UnitReport, UnitStatus};
use crate::units::{SegmentKind, SplitOptions};
use crate::verify::Verification;

/// The page's file name in the output directory.
pub const REVIEW_FILE: &str = "xlate-review.html";

const SCRIPT: &str = include_str!("page.js");
const STYLE: &str = include_str!("page.css");

/// A unit someone marked as reviewed on the page, as the page exports it and
/// as the report keeps it (`reviewed` in `xlate-report.json`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReviewMark {
    /// The source file, relative to the source root.
    pub file: String,
    /// The unit's id on the page: `kind:name#n` (`n` counts units of that
    /// kind and name in the file), stable while lines move.
    pub unit: String,
}

/// Why the page could not be written or marks not read.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{path}: no xlate report here (run `xlate translate` first)")]
    NoReport { path: PathBuf },
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: not an export of reviewed units: {error}")]
    BadMarks {
        path: PathBuf,
        error: serde_json::Error,
    },
}

/// The file the page exports: the marks and when.
#[derive(Debug, Serialize, Deserialize)]
struct MarksExport {
    reviewed: Vec<ReviewMark>,
}

/// The folder `source` paths of the report are relative to, for a run over
/// `src` (a tree, or one file whose `source` is its name).
pub fn source_root_of(src: &Path) -> String {
    let abs = crate::emit::resolve(src).unwrap_or_else(|_| src.to_path_buf());
    let root = if abs.is_file() {
        abs.parent().map(Path::to_path_buf).unwrap_or(abs)
    } else {
        abs
    };
    root.to_string_lossy().into_owned()
}

/// Before a run's report is written: records where the sources are, and
/// keeps the reviewed marks of the previous run.
pub fn prepare_report(report: &mut Report, src: &Path, previous: Option<&Report>) {
    report.source_root = Some(source_root_of(src));
    if report.reviewed.is_empty() {
        if let Some(previous) = previous {
            report.reviewed.clone_from(&previous.reviewed);
        }
    }
}

/// Builds the page for the report of `out` and writes it there. After a
/// run, a page that cannot be written costs the page, not the run: the
/// caller warns and goes on.
pub fn write_page(
    out: &Path,
    report: &Report,
    previous: Option<&Report>,
) -> Result<PathBuf, ReviewError> {
    let page = build_page(report, previous, out);
    let path = out.join(REVIEW_FILE);
    crate::emit::write_atomic(&path, page.as_bytes()).map_err(|error| ReviewError::Io {
        path: path.clone(),
        error,
    })?;
    Ok(path)
}

/// Reads the report in `out`.
pub fn read_report(out: &Path) -> Result<Report, ReviewError> {
    Report::read_from(out).ok_or_else(|| ReviewError::NoReport {
        path: out.join(crate::report::REPORT_FILE),
    })
}

/// Reads marks exported by the page into the report (replacing those of the
/// same file and unit); returns how many the export held.
pub fn import_marks(report: &mut Report, path: &Path) -> Result<usize, ReviewError> {
    let bytes = std::fs::read(path).map_err(|error| ReviewError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let export: MarksExport =
        serde_json::from_slice(&bytes).map_err(|error| ReviewError::BadMarks {
            path: path.to_path_buf(),
            error,
        })?;
    let count = export.reviewed.len();
    report.reviewed.extend(export.reviewed);
    report.reviewed.sort();
    report.reviewed.dedup();
    Ok(count)
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// JSON that can sit inside `<script type="application/json">`: no `<` (so
/// no `</script>` or `<!--` ends or bends the element), no `>` or `&`, and
/// no U+2028/U+2029. These only occur inside JSON strings, where the
/// `\uXXXX` forms mean the same characters.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(ch),
        }
    }
    out
}

/// The policy of the page: nothing from the network, no frames, forms or
/// plugins, and no script or style but the page's own (by `nonce`).
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; \
         img-src 'none'; connect-src 'none'; font-src 'none'; frame-src 'none'; \
         object-src 'none'; base-uri 'none'; form-action 'none'"
    )
}

/// The nonce of a page: a hash of everything on it, so that text inside the
/// page cannot know it (it would have to contain its own hash), and so that
/// the same run writes the same page byte for byte.
fn nonce_for(data: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in [data, SCRIPT, STYLE] {
        hasher.update(part.as_bytes());
    }
    hasher.finalize().to_hex()[..32].to_string()
}

/// The whole page for a report whose outputs are under `out`.
pub fn build_page(report: &Report, previous: Option<&Report>, out: &Path) -> String {
    let source_root = report.source_root.as_deref().map(PathBuf::from);
    let data = page_data(report, previous, source_root.as_deref(), out);
    let data_json = json_for_script(&data);
    let nonce = nonce_for(&data_json);
    let mut page = String::with_capacity(data_json.len() + 64 * 1024);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>xlate review</title>\n<style nonce=\"{nonce}\">{STYLE}</style>\n</head>\n<body>\n",
        csp = content_security_policy(&nonce),
    );
    page.push_str(&overview_html(report, &data));
    page.push_str(CONTROLS_HTML);
    let _ = write!(
        page,
        "<script type=\"application/json\" id=\"xlate-data\">{data_json}</script>\n\
         <script nonce=\"{nonce}\">{SCRIPT}</script>\n</body>\n</html>\n"
    );
    page
}

/// The filters, the search box and the empty list the script fills.
const CONTROLS_HTML: &str = "<section id=\"controls\">\
<label>Status <select id=\"f-status\"><option value=\"\">all</option>\
<option value=\"problem\">problems</option><option value=\"failed\">failed units</option>\
<option value=\"translated\">translated</option><option value=\"unreviewed\">not reviewed</option>\
<option value=\"reviewed\">reviewed</option></select></label>\
<label>Verification <select id=\"f-verify\"><option value=\"\">all</option></select></label>\
<label>Engine <select id=\"f-engine\"><option value=\"\">all</option></select></label>\
<label>Language <select id=\"f-lang\"><option value=\"\">all</option></select></label>\
<label>Folder <select id=\"f-folder\"><option value=\"\">all</option></select></label>\
<label>Search <input id=\"f-search\" type=\"search\" placeholder=\"path, unit, reason\"></label>\
<button id=\"export\" type=\"button\">Export reviewed (JSON)</button>\
<span id=\"count\"></span>\
<p class=\"keys\">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous unit, <kbd>n</kbd> next failure, \
<kbd>x</kbd> mark reviewed, <kbd>o</kbd> open/close file, <kbd>/</kbd> search</p>\
</section>\n<main id=\"files\"></main>\n";

/// The top folder of a path (`.` for files at the root).
fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(dir, _)| dir)
}

/// The page's id of each unit of a file: `kind:name#n`.
fn unit_ids(units: &[&UnitReport]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    units
        .iter()
        .map(|u| {
            let base = format!("{}:{}", u.kind.name(), u.name.as_deref().unwrap_or(""));
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            format!("{base}#{n}")
        })
        .collect()
}

/// What changed for a unit since the previous run.
fn change_of(unit: &UnitReport, before: Option<&UnitReport>) -> &'static str {
    match before {
        None => "new",
        Some(b) if b.status != unit.status => match unit.status {
            UnitStatus::Translated => "now translated",
            UnitStatus::Failed => "now failing",
        },
        Some(b) if b.engine != unit.engine => "other engine",
        Some(b) if b.lines.1 - b.lines.0 != unit.lines.1 - unit.lines.0 => "source changed",
        Some(_) => "same",
    }
}

/// Identifiers in a text, for "depends on a failed unit".
fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().next().is_some_and(|c| !c.is_ascii_digit()))
}

/// A unit name as the target may spell it: `get_value` and `getValue` meet.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// One row of a file's side-by-side view: source lines, output lines (both
/// 1-based, inclusive; `(0, 0)` when empty) and the units in it.
#[derive(Debug, PartialEq)]
struct Row {
    src: (usize, usize),
    out: (usize, usize),
    units: Vec<usize>,
}

/// Aligns a file's units with its output. The report knows the source lines
/// of each unit but not where its translation ended up, so the output is
/// split with the target's grammar and units are matched by name in order;
/// what lies between two matched units (glue, failed units written as
/// `TODO(xlate)` blocks) faces what lies between them in the source.
fn align(
    units: &[&UnitReport],
    src_lines: usize,
    out_text: Option<&str>,
    to: Option<Lang>,
) -> Vec<Row> {
    let out_lines = out_text.map_or(0, line_count);
    let mut anchors: Vec<(usize, (usize, usize))> = Vec::new(); // (unit index, out lines)
    if let (Some(text), Some(to)) = (out_text, to) {
        if let Ok(split) = crate::units::split(text, to, SplitOptions::default()) {
            let outs: Vec<(String, (usize, usize))> = split
                .segments
                .iter()
                .filter(|s| s.kind != SegmentKind::Glue)
                .filter_map(|s| Some((name_key(s.name.as_deref()?), s.lines)))
                .collect();
            let mut cursor = 0;
            let mut last_src_end = 0;
            for (i, unit) in units.iter().enumerate() {
                if unit.kind == SegmentKind::Glue || unit.status == UnitStatus::Failed {
                    continue;
                }
                let Some(name) = unit.name.as_deref().map(name_key) else {
                    continue;
                };
                if unit.lines.0 <= last_src_end {
                    continue;
                }
                if let Some(found) = outs[cursor..].iter().position(|(n, _)| *n == name) {
                    let lines = outs[cursor + found].1;
                    anchors.push((i, lines));
                    cursor += found + 1;
                    last_src_end = unit.lines.1;
                }
            }
        }
    }
    let mut rows = Vec::new();
    let (mut src_at, mut out_at) = (1usize, 1usize);
    let in_range = |range: (usize, usize)| -> Vec<usize> {
        units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.lines.0 >= range.0 && u.lines.1 <= range.1 && range.1 >= range.0)
            .map(|(i, _)| i)
            .collect()
    };
    let span = |from: usize, to: usize| if to >= from { (from, to) } else { (0, 0) };
    for (i, out) in &anchors {
        let unit = units[*i];
        let gap_src = span(src_at, unit.lines.0.saturating_sub(1));
        let gap_out = span(out_at, out.0.saturating_sub(1));
        if gap_src != (0, 0) || gap_out != (0, 0) {
            rows.push(Row {
                src: gap_src,
                out: gap_out,
                units: in_range(gap_src),
            });
        }
        rows.push(Row {
            src: unit.lines,
            out: *out,
            units: vec![*i],
        });
        src_at = unit.lines.1 + 1;
        out_at = out.1 + 1;
    }
    let tail_src = span(src_at, src_lines);
    let tail_out = span(out_at, out_lines);
    if tail_src != (0, 0) || tail_out != (0, 0) {
        rows.push(Row {
            src: tail_src,
            out: tail_out,
            units: in_range(tail_src),
        });
    }
    rows
}

/// Lines of a text as editors count them: a final newline ends the last
/// line rather than starting one.
fn line_count(text: &str) -> usize {
    text.strip_suffix('\n').unwrap_or(text).split('\n').count()
}

fn read_text(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// How much a file needs a reviewer, lower first: failures, TODO blocks,
/// units depending on failed ones, then the rest.
fn rank(file: &FileReport, todo: bool, depends: bool) -> u8 {
    let failed = file
        .units
        .iter()
        .flat_map(UnitReport::walk)
        .any(|u| u.status == UnitStatus::Failed);
    if failed || file.status != crate::report::FileStatus::Translated {
        0
    } else if todo {
        1
    } else if depends || !file.warnings.is_empty() {
        2
    } else {
        3
    }
}

/// Everything the script needs, as JSON.
fn page_data(
    report: &Report,
    previous: Option<&Report>,
    source_root: Option<&Path>,
    out: &Path,
) -> serde_json::Value {
    // Names of failed units anywhere in the tree: a unit that mentions one
    // probably calls it, and its translation calls something missing.
    let failed_names: HashSet<&str> = report
        .files
        .iter()
        .flat_map(|f| f.units.iter().flat_map(UnitReport::walk))
        .filter(|u| u.status == UnitStatus::Failed && u.kind != SegmentKind::Glue)
        .filter_map(|u| u.name.as_deref())
        .collect();
    let previous_files: HashMap<&str, &FileReport> = previous
        .map(|p| p.files.iter().map(|f| (f.source.as_str(), f)).collect())
        .unwrap_or_default();
    let reviewed: HashSet<(&str, &str)> = report
        .reviewed
        .iter()
        .map(|m| (m.file.as_str(), m.unit.as_str()))
        .collect();
    // Files are independent: read, align and highlight them in parallel
    // (most of the page's cost on a large tree).
    let mut files: Vec<serde_json::Value> = report
        .files
        .par_iter()
        .map(|file| {
        let src_text = source_root.and_then(|root| read_text(&root.join(&file.source)));
        let out_text = read_text(&out.join(&file.output));
        let to = report
            .to
            .or_else(|| Lang::from_path(Path::new(&file.output)));
        // Top-level units; a split class's members are listed with it.
        let units: Vec<&UnitReport> = file.units.iter().collect();
        let ids = unit_ids(&units);
        let before: HashMap<String, &UnitReport> = previous_files
            .get(file.source.as_str())
            .map(|f| {
                let prev: Vec<&UnitReport> = f.units.iter().collect();
                unit_ids(&prev).into_iter().zip(prev).collect()
            })
            .unwrap_or_default();
        let src_lines: Vec<&str> = src_text
            .as_deref()
            .map_or(Vec::new(), |t| t.split('\n').collect());
        let mut any_depends = false;
        let unit_json: Vec<serde_json::Value> = units
            .iter()
            .zip(&ids)
            .map(|(unit, id)| {
                let mut depends: Vec<&str> = Vec::new();
                if unit.status == UnitStatus::Translated && !failed_names.is_empty() {
                    let (a, b) = unit.lines;
                    let body = src_lines
                        .get(a.saturating_sub(1)..b.min(src_lines.len()))
                        .unwrap_or(&[]);
                    let mut seen = HashSet::new();
                    for word in body.iter().flat_map(|l| identifiers(l)) {
                        if failed_names.contains(word)
                            && unit.name.as_deref() != Some(word)
                            && seen.insert(word)
                            && depends.len() < 5
                        {
                            depends.push(word);
                        }
                    }
                }
                any_depends |= !depends.is_empty();
                let members: Vec<serde_json::Value> = unit
                    .members
                    .iter()
                    .map(|m| {
                        json!({
                            "kind": m.kind.name(), "name": m.name, "lines": [m.lines.0, m.lines.1],
                            "status": status_name(m.status), "engine": m.engine,
                            "reasons": m.reasons, "explanation": m.explanation,
                            "verification": m.verification,
                        })
                    })
                    .map(drop_nulls)
                    .collect();
                let change = previous.map(|_| change_of(unit, before.get(id).copied()));
                let unit_value = json!({
                    "id": id,
                    "kind": unit.kind.name(),
                    "name": unit.name,
                    "lines": [unit.lines.0, unit.lines.1],
                    "status": status_name(unit.status),
                    "failed": unit.walk().any(|u| u.status == UnitStatus::Failed),
                    "engine": unit.engine,
                    "model": unit.model,
                    "score": unit.score,
                    "candidates": unit.candidates,
                    "reasons": unit.reasons,
                    "millis": unit.millis,
                    "tokens": unit.walk().map(|u| u.tokens_in.unwrap_or(0) + u.tokens_out.unwrap_or(0)).sum::<usize>(),
                    "members": members,
                    "depends": depends,
                    "change": change,
                    "reviewed": reviewed.contains(&(file.source.as_str(), id.as_str())),
                    "explanation": unit.explanation,
                    "verification": unit.verification,
                });
                drop_nulls(unit_value)
            })
            .collect();
        let rows = align(
            &units,
            src_text.as_deref().map_or(0, line_count),
            out_text.as_deref(),
            to,
        );
        let todo = out_text
            .as_deref()
            .is_some_and(|t| t.contains("TODO(xlate)"));
        let src_hl = src_text
            .as_deref()
            .map(|t| highlight::highlight(t, file.lang))
            .unwrap_or_default();
        let out_hl = match (out_text.as_deref(), to) {
            (Some(t), Some(to)) => highlight::highlight(t, to),
            _ => Vec::new(),
        };
        json!({
            "src": file.source,
            "out": file.output,
            "lang": file.lang.name(),
            "to": to.map(Lang::name),
            "folder": folder_of(&file.source),
            "status": match file.status {
                crate::report::FileStatus::Translated => "translated",
                crate::report::FileStatus::Partial => "partial",
                crate::report::FileStatus::Failed => "failed",
            },
            "rank": rank(file, todo, any_depends),
            // Among the failures, disagreements and compiler rejections first.
            "refuted": file.units.iter().any(refuted),
            "todo": todo,
            "warnings": file.warnings,
            "renamed": file.renamed,
            "change": previous.map(|_| if previous_files.contains_key(file.source.as_str()) { "" } else { "new file" }),
            "srcText": src_text,
            "outText": out_text,
            // Highlighting is most of the page's numbers: kept as JSON text
            // and parsed when the file is first rendered, so opening a
            // page of thousands of files does not build a million numbers.
            "srcHl": serde_json::to_string(&src_hl).unwrap_or_default(),
            "outHl": serde_json::to_string(&out_hl).unwrap_or_default(),
            "units": unit_json,
            "rows": rows.iter().map(|r| json!([r.src.0, r.src.1, r.out.0, r.out.1, r.units])).collect::<Vec<_>>(),
        })
        })
        .collect();
    files.sort_by(|a, b| {
        let key = |f: &serde_json::Value| {
            (
                f["rank"].as_u64(),
                f["refuted"].as_bool() != Some(true),
                f["src"].as_str().map(str::to_owned),
            )
        };
        key(a).cmp(&key(b))
    });
    json!({
        "classes": highlight::CLASSES,
        "page": format!("{}", out.display()),
        "files": files,
    })
}

/// Optional fields of a unit on the page, left out when empty: on a tree
/// of thousands of files, `"explanation":null,"verification":null` on
/// every unit is a tenth of the page.
const OPTIONAL_KEYS: &[&str] = &["explanation", "verification", "model", "score", "change"];

fn drop_nulls(mut value: serde_json::Value) -> serde_json::Value {
    if let Some(object) = value.as_object_mut() {
        object.retain(|key, v| !(v.is_null() && OPTIONAL_KEYS.contains(&key.as_str())));
    }
    value
}

/// The level shown for units with none recorded.
const NO_LEVEL: &str = "not recorded";

/// A level as the page says it.
fn level_label(level: &str) -> &str {
    match level {
        "does_not_compile" => "does not compile",
        other => other,
    }
}

/// Whether a unit (or a member of it) behaved otherwise than its source or
/// did not build: listed first among the failures.
fn refuted(unit: &UnitReport) -> bool {
    unit.walk().any(|u| {
        matches!(
            u.verification,
            Some(Verification::Disagrees { .. } | Verification::DoesNotCompile { .. })
        )
    })
}

fn status_name(status: UnitStatus) -> &'static str {
    match status {
        UnitStatus::Translated => "translated",
        UnitStatus::Failed => "failed",
    }
}

/// The overview, rendered here so that it shows before any script runs:
/// totals, a bar per folder, units by status, engines, time and tokens.
fn overview_html(report: &Report, data: &serde_json::Value) -> String {
    let t = &report.totals;
    let mut html = String::from("<header id=\"overview\">\n<h1>xlate review</h1>\n");
    let pair = format!(
        "{} → {}",
        report.from.map_or("any language", Lang::display_name),
        report.to.map_or("?", Lang::display_name)
    );
    let _ = writeln!(
        html,
        "<p class=\"run\">{} · engine {} · {}</p>",
        escape_html(&pair),
        escape_html(&report.engine),
        escape_html(
            report
                .source_root
                .as_deref()
                .unwrap_or("(source root not recorded)")
        ),
    );
    let _ = writeln!(
        html,
        "<table class=\"totals\"><tr><th>Files</th><td>{}</td><td>{} translated, {} partial, \
         {} failed; {} skipped, {} errors</td></tr>\n<tr><th>Units</th><td>{}</td><td>{} \
         translated, {} failed; {} pieces of glue failed</td></tr>",
        t.files,
        t.files_translated,
        t.files_partial,
        t.files_failed,
        t.files_skipped,
        t.file_errors,
        t.units,
        t.units_translated,
        t.units_failed,
        t.glue_failed
    );
    // Engines, time and tokens over every unit.
    let mut engines: BTreeMap<String, (usize, u64, usize)> = BTreeMap::new();
    let (mut millis, mut tokens) = (0u64, 0usize);
    for unit in report
        .files
        .iter()
        .flat_map(|f| f.units.iter().flat_map(UnitReport::walk))
    {
        let used = unit.tokens_in.unwrap_or(0) + unit.tokens_out.unwrap_or(0);
        millis += unit.millis;
        tokens += used;
        // Units no engine translated are the failed ones.
        let name = unit
            .engine
            .clone()
            .unwrap_or_else(|| "none (failed)".into());
        let entry = engines.entry(name).or_default();
        entry.0 += 1;
        entry.1 += unit.millis;
        entry.2 += used;
    }
    // A report of an older version has times without saying so.
    let timed = report.timings || millis > 0;
    let seconds = |ms: u64| {
        if timed {
            format!("{:.1} s", ms as f64 / 1000.0)
        } else {
            "not recorded (<code>--timings</code>)".to_string()
        }
    };
    let _ = writeln!(
        html,
        "<tr><th>Engine time</th><td>{}</td><td>{} tokens; {} engine calls, {} cache hits</td></tr></table>",
        seconds(millis),
        tokens,
        report.cache.engine_calls,
        report.cache.hits
    );
    html.push_str("<table class=\"engines\"><tr><th>Engine</th><th>Units</th><th>Time</th><th>Tokens</th></tr>\n");
    for (name, (units, ms, tok)) in &engines {
        let time = if timed { seconds(*ms) } else { "-".to_string() };
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{units}</td><td>{time}</td><td>{tok}</td></tr>",
            escape_html(name),
        );
    }
    html.push_str("</table>\n");
    // Units by verification level (glue aside), strongest first; units of
    // reports written before levels existed, and failed units the checks
    // never saw, have none.
    let mut levels: BTreeMap<&str, usize> = BTreeMap::new();
    for unit in report
        .files
        .iter()
        .flat_map(|f| f.units.iter().flat_map(UnitReport::walk))
        .filter(|u| u.kind != SegmentKind::Glue)
    {
        let level = unit
            .verification
            .as_ref()
            .map_or(NO_LEVEL, Verification::name);
        *levels.entry(level).or_default() += 1;
    }
    html.push_str("<table class=\"levels\"><tr><th>Verification</th><th>Units</th></tr>\n");
    for level in Verification::ORDER.iter().chain([&NO_LEVEL]) {
        if let Some(n) = levels.get(level) {
            let _ = writeln!(
                html,
                "<tr class=\"level-{level}\"><td>{}</td><td>{n}</td></tr>",
                level_label(level)
            );
        }
    }
    html.push_str("</table>\n");
    // Units by kind and status.
    let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for unit in report
        .files
        .iter()
        .flat_map(|f| f.units.iter().flat_map(UnitReport::walk))
    {
        let entry = kinds.entry(unit.kind.name()).or_default();
        match unit.status {
            UnitStatus::Translated => entry.0 += 1,
            UnitStatus::Failed => entry.1 += 1,
        }
    }
    html.push_str(
        "<table class=\"kinds\"><tr><th>Kind</th><th>Translated</th><th>Failed (TODO)</th></tr>\n",
    );
    for (kind, (ok, failed)) in &kinds {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{ok}</td><td>{failed}</td></tr>",
            escape_html(kind)
        );
    }
    html.push_str("</table>\n");
    // A bar per folder: units translated out of all (glue aside).
    let mut folders: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for file in &report.files {
        let entry = folders.entry(folder_of(&file.source)).or_default();
        for unit in file.units.iter().flat_map(UnitReport::walk) {
            if unit.kind == SegmentKind::Glue {
                continue;
            }
            entry.1 += 1;
            entry.0 += usize::from(unit.status == UnitStatus::Translated);
        }
    }
    html.push_str(
        "<table class=\"folders\"><tr><th>Folder</th><th>Units translated</th><th></th></tr>\n",
    );
    // Beyond a few hundred folders the table is a list nobody reads: the
    // worst ones first.
    let mut rows: Vec<_> = folders.into_iter().collect();
    rows.sort_by(|a, b| {
        let share = |(ok, all): (usize, usize)| {
            if all == 0 {
                1.0
            } else {
                ok as f64 / all as f64
            }
        };
        share(a.1).total_cmp(&share(b.1)).then(a.0.cmp(b.0))
    });
    let shown = rows.len().min(200);
    for (folder, (ok, all)) in &rows[..shown] {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td><meter min=\"0\" max=\"{}\" value=\"{ok}\"></meter></td><td>{ok}/{all}</td></tr>",
            escape_html(folder),
            (*all).max(1),
        );
    }
    if rows.len() > shown {
        let _ = writeln!(
            html,
            "<tr><td colspan=\"3\">… {} more folders</td></tr>",
            rows.len() - shown
        );
    }
    html.push_str("</table>\n");
    let problems = data["files"].as_array().map_or(0, |f| {
        f.iter().filter(|f| f["rank"].as_u64() != Some(3)).count()
    });
    let _ = writeln!(
        html,
        "<p class=\"attention\">{problems} files need attention (failures, TODO(xlate) blocks, \
         units using failed ones); they are listed first.</p>"
    );
    for note in &report.notes {
        let _ = writeln!(html, "<p class=\"note\">note: {}</p>", escape_html(note));
    }
    html.push_str("</header>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FileStatus;

    const HOSTILE: &str =
        "</script><script>document.title='pwned'</script><img src=x onerror=alert(1)>&amp;\u{2028}";

    #[test]
    fn html_escaping_leaves_no_markup() {
        let escaped = escape_html(HOSTILE);
        assert!(
            !escaped.contains('<') && !escaped.contains('>'),
            "{escaped}"
        );
        assert!(
            escaped.starts_with("&lt;/script&gt;&lt;script&gt;"),
            "{escaped}"
        );
        assert!(escaped.contains("&amp;amp;"), "{escaped}");
        assert_eq!(escape_html("a\"b'c"), "a&quot;b&#39;c");
    }

    #[test]
    fn json_in_a_script_element_cannot_close_it_and_reads_back_the_same() {
        let value = json!({ "text": HOSTILE, "<key>": ["<!--", "-->"] });
        let embedded = json_for_script(&value);
        for bad in ["<", ">", "&", "\u{2028}"] {
            assert!(!embedded.contains(bad), "{bad:?} in {embedded}");
        }
        let back: serde_json::Value = serde_json::from_str(&embedded).unwrap();
        assert_eq!(back, value);
    }

    fn hostile_report(dir: &Path) -> Report {
        let src = dir.join("src");
        let out = dir.join("out");
        std::fs::create_dir_all(src.join("a")).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(
            src.join("a/x.py"),
            format!("def f():\n    return '{HOSTILE}'\n"),
        )
        .unwrap();
        let mut unit = UnitReport::new(SegmentKind::Function, Some("f<b>".into()), (1, 2));
        unit.reasons = vec![HOSTILE.into()];
        let mut report = Report {
            engine: "<i>engine</i>".into(),
            source_root: Some(src.to_string_lossy().into_owned()),
            notes: vec![HOSTILE.into()],
            files: vec![FileReport {
                source: "a/x.py".into(),
                output: "a/x.js".into(),
                lang: Lang::Python,
                status: FileStatus::Failed,
                units: vec![unit],
                warnings: vec![HOSTILE.into()],
                renamed: Vec::new(),
                output_hash: String::new(),
                load: None,
            }],
            ..Report::default()
        };
        report.compute_totals();
        report
    }

    #[test]
    fn the_page_has_one_script_one_style_and_a_policy_that_allows_only_them() {
        let dir = tempfile::tempdir().unwrap();
        let report = hostile_report(dir.path());
        let page = build_page(&report, None, &dir.path().join("out"));
        // Exactly the page's own elements: the hostile text added none.
        assert_eq!(page.matches("<script").count(), 2, "data and code");
        assert_eq!(page.matches("</script>").count(), 2);
        assert_eq!(page.matches("<style").count(), 1);
        assert!(!page.contains("<img"));
        assert!(!page.contains("<i>engine"));
        let policy_start = page.find("Content-Security-Policy\" content=\"").unwrap();
        let policy = &page[policy_start..page[policy_start..].find("\">").unwrap() + policy_start];
        for part in ["default-src 'none'", "connect-src 'none'", "img-src 'none'"] {
            assert!(policy.contains(part), "{policy}");
        }
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap();
        assert_eq!(nonce.len(), 32);
        assert!(page.contains(&format!("<script nonce=\"{nonce}\">")));
        assert!(page.contains(&format!("<style nonce=\"{nonce}\">")));
        assert!(!policy.contains("unsafe-inline") && !policy.contains("http"));
        // No address outside the page anywhere in its own markup.
        assert!(!page.contains("http://") && !page.contains("https://"));
    }

    #[test]
    fn units_align_by_name_across_naming_conventions() {
        let a = UnitReport {
            status: UnitStatus::Translated,
            ..UnitReport::new(SegmentKind::Function, Some("get_value".into()), (3, 4))
        };
        let b = UnitReport {
            status: UnitStatus::Failed,
            ..UnitReport::new(SegmentKind::Function, Some("broken".into()), (6, 7))
        };
        let c = UnitReport {
            status: UnitStatus::Translated,
            ..UnitReport::new(SegmentKind::Function, Some("last".into()), (9, 10))
        };
        let out = "// head\n\nfunction getValue() {\n  return 1;\n}\n\n// TODO(xlate)\n// def broken\n\nfunction last() {\n}\n";
        let rows = align(&[&a, &b, &c], 10, Some(out), Some(Lang::JavaScript));
        assert_eq!(
            rows,
            vec![
                Row {
                    src: (1, 2),
                    out: (1, 2),
                    units: vec![]
                },
                Row {
                    src: (3, 4),
                    out: (3, 5),
                    units: vec![0]
                },
                Row {
                    src: (5, 8),
                    out: (6, 9),
                    units: vec![1]
                },
                Row {
                    src: (9, 10),
                    out: (10, 11),
                    units: vec![2]
                },
            ]
        );
    }

    #[test]
    fn failures_come_first_and_dependents_are_marked() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.py"), "def ok():\n    return 1\n").unwrap();
        std::fs::write(src.join("b.py"), "def user():\n    return helper()\n").unwrap();
        std::fs::write(src.join("c.py"), "def helper():\n    pass\n").unwrap();
        let file = |name: &str, unit: &str, status| FileReport {
            source: name.into(),
            output: name.replace(".py", ".js"),
            lang: Lang::Python,
            status: if status == UnitStatus::Failed {
                FileStatus::Failed
            } else {
                FileStatus::Translated
            },
            units: vec![UnitReport {
                status,
                ..UnitReport::new(SegmentKind::Function, Some(unit.into()), (1, 2))
            }],
            warnings: Vec::new(),
            renamed: Vec::new(),
            output_hash: String::new(),
            load: None,
        };
        let report = Report {
            source_root: Some(src.to_string_lossy().into_owned()),
            files: vec![
                file("a.py", "ok", UnitStatus::Translated),
                file("b.py", "user", UnitStatus::Translated),
                file("c.py", "helper", UnitStatus::Failed),
            ],
            ..Report::default()
        };
        let data = page_data(&report, None, Some(&src), dir.path());
        let order: Vec<&str> = data["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["src"].as_str().unwrap())
            .collect();
        assert_eq!(order, ["c.py", "b.py", "a.py"]);
        assert_eq!(data["files"][1]["units"][0]["depends"], json!(["helper"]));
    }

    /// Guards "what changed since the previous run": without a previous
    /// report nothing is claimed; with one, each unit says how it moved.
    #[test]
    fn units_say_what_changed_since_the_previous_run() {
        let unit = |name: &str, status| UnitReport {
            status,
            engine: (status == UnitStatus::Translated).then(|| "rules".to_string()),
            ..UnitReport::new(SegmentKind::Function, Some(name.into()), (1, 2))
        };
        let file = |units| FileReport {
            source: "a.py".into(),
            output: "a.js".into(),
            lang: Lang::Python,
            status: FileStatus::Partial,
            units,
            warnings: Vec::new(),
            renamed: Vec::new(),
            output_hash: String::new(),
            load: None,
        };
        let before = Report {
            files: vec![file(vec![
                unit("f", UnitStatus::Failed),
                unit("g", UnitStatus::Translated),
            ])],
            ..Report::default()
        };
        let now = Report {
            files: vec![file(vec![
                unit("f", UnitStatus::Translated),
                unit("g", UnitStatus::Translated),
                unit("h", UnitStatus::Failed),
            ])],
            ..Report::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let data = page_data(&now, Some(&before), None, dir.path());
        let changes: Vec<&str> = data["files"][0]["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["change"].as_str().unwrap())
            .collect();
        assert_eq!(changes, ["now translated", "same", "new"]);
        let data = page_data(&now, None, None, dir.path());
        assert!(data["files"][0]["units"][0]["change"].is_null());
        // Sources not found: shown as not available, not a failure.
        assert!(data["files"][0]["srcText"].is_null());
    }

    /// Guards the order the issue asks for: among failures, units that
    /// disagree with their source (or do not compile) come first; the
    /// overview counts every level, and units of old reports as "not
    /// recorded"; empty optional fields stay off the page.
    #[test]
    fn disagreements_come_first_and_levels_are_counted() {
        use crate::verify::differential::Counterexample;
        let file = |name: &str, status, verification| FileReport {
            source: format!("{name}.py"),
            output: format!("{name}.js"),
            lang: Lang::Python,
            status: FileStatus::Failed,
            units: vec![UnitReport {
                status,
                verification,
                ..UnitReport::new(SegmentKind::Function, Some(name.into()), (1, 2))
            }],
            warnings: Vec::new(),
            renamed: Vec::new(),
            output_hash: String::new(),
            load: None,
        };
        let disagrees = Verification::Disagrees {
            counterexample: Counterexample {
                inputs: "(-7, 2)".into(),
                expected: "-4".into(),
                got: "-3".into(),
            },
        };
        let mut report = Report {
            files: vec![
                file("a", UnitStatus::Failed, None),
                file("b", UnitStatus::Failed, Some(disagrees)),
                file(
                    "c",
                    UnitStatus::Translated,
                    Some(Verification::Tested { agreeing: 3 }),
                ),
            ],
            ..Report::default()
        };
        report.files[2].status = FileStatus::Translated;
        let dir = tempfile::tempdir().unwrap();
        let data = page_data(&report, None, None, dir.path());
        let order: Vec<&str> = data["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["src"].as_str().unwrap())
            .collect();
        assert_eq!(order, ["b.py", "a.py", "c.py"]);
        assert_eq!(
            data["files"][0]["units"][0]["verification"]["counterexample"]["got"],
            "-3"
        );
        // No verification recorded: no key, not `null`.
        assert!(data["files"][1]["units"][0]
            .as_object()
            .unwrap()
            .get("verification")
            .is_none());
        let html = overview_html(&report, &data);
        for row in [
            "<td>tested</td><td>1</td>",
            "<td>disagrees</td><td>1</td>",
            "<td>not recorded</td><td>1</td>",
        ] {
            assert!(html.contains(row), "{row} in {html}");
        }
    }

    #[test]
    fn exported_marks_are_read_back_into_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marks.json");
        std::fs::write(&path, r#"{"reviewed":[{"file":"a.py","unit":"function:f#1"},{"file":"a.py","unit":"function:f#1"}]}"#).unwrap();
        let mut report = Report::default();
        assert_eq!(import_marks(&mut report, &path).unwrap(), 2);
        assert_eq!(
            report.reviewed,
            vec![ReviewMark {
                file: "a.py".into(),
                unit: "function:f#1".into()
            }]
        );
        std::fs::write(&path, "[1,2]").unwrap();
        let err = import_marks(&mut report, &path).unwrap_err();
        assert!(err.to_string().contains("not an export"), "{err}");
    }
}
