//! Assembling a file's output from its segments' attempts: units, glue,
//! split classes with their members put back, support code at the top.

use crate::emit;
use crate::engine::SupportCode;
use crate::lang::{member_marker, Lang};
use crate::report::UnitReport;
use crate::units::{self, Segment, SegmentKind};
use crate::verify;

use super::dependencies::{own_ranges, Span};
use super::FileTranslator;

/// A unit's code, where it ended up in the assembled output.
#[derive(Clone, Debug)]
pub(super) struct Place {
    pub(super) ordinal: usize,
    pub(super) bytes: std::ops::Range<usize>,
}

/// One assembly of the file from the attempts decided so far.
pub(super) struct Pass {
    pub(super) text: String,
    pub(super) reports: Vec<UnitReport>,
    pub(super) places: Vec<Place>,
}

impl FileTranslator<'_> {
    /// Builds the output from the attempts decided so far (translating the
    /// segments not attempted yet): the text with its support code, the
    /// reports, and where each unit's code is in the text.
    pub(super) fn assemble(&mut self, split: &units::SplitFile) -> Pass {
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
        let (text, places) = self.defer_cyclic_imports(text, places);
        Pass {
            text,
            reports,
            places,
        }
    }

    /// A Python module on an import cycle imports the other modules of the
    /// cycle at its end (see [`crate::project::cycles`]); the units' places
    /// move with the text.
    fn defer_cyclic_imports(&self, text: String, places: Vec<Place>) -> (String, Vec<Place>) {
        let Some(project) = self.project.filter(|_| self.to == Lang::Python) else {
            return (text, places);
        };
        let partners = project.python_cycle_partners(&emit::slash_path(self.path));
        if partners.is_empty() {
            return (text, places);
        }
        let Some(deferred) = crate::project::cycles::defer_python_imports(&text, &partners) else {
            return (text, places);
        };
        let places = places
            .into_iter()
            .map(|p| Place {
                bytes: deferred.moved(&p.bytes),
                ..p
            })
            .collect();
        (deferred.text, places)
    }

    pub(super) fn segment(
        &mut self,
        segment: &Segment,
        out: &mut String,
        reports: &mut Vec<UnitReport>,
    ) {
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
            if matches!(
                segment.kind,
                SegmentKind::Struct | SegmentKind::Enum | SegmentKind::Class
            ) {
                self.failed_types.push(name.clone());
            }
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
        self.begin_line(out);
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
    pub(super) fn split_class(
        &mut self,
        segment: &Segment,
        out: &mut String,
        reports: &mut Vec<UnitReport>,
    ) {
        let source = segment.text(self.text);
        self.begin_line(out);
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
        self.enclosing_bytes = Some((segment.bytes.clone(), own_ranges(segment)));
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
            if member_attempt.code.is_err() && self.from == crate::lang::Lang::Rust {
                self.failed_members.push(member.lines);
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
        self.enclosing_bytes = None;
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

    /// Ends the output's last line when a segment shares a line with the one
    /// before it (minified code: `...;function f(){...}function g(){...}`).
    /// A unit's translation, or its TODO block, starts a line of its own: in
    /// Python a statement cannot follow another on its line, and a comment
    /// before it would swallow it. Within one language the source's layout
    /// is kept, so that an identity round trip stays byte for byte.
    fn begin_line(&self, out: &mut String) {
        if self.from == self.to {
            return;
        }
        // A byte-order mark, kept first, is no line of code.
        let before = out.trim_end_matches([' ', '\t', '\u{feff}']);
        if !before.is_empty() && !before.ends_with('\n') {
            out.push_str(self.newline);
        }
    }

    pub(super) fn line_endings(&self, code: &str) -> String {
        let code = body_of(code);
        if self.newline == "\r\n" && !code.contains('\r') {
            code.replace('\n', "\r\n")
        } else {
            code.to_string()
        }
    }
}

/// The file's line ending: CRLF when most lines end so.
pub(super) fn newline_of(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count();
    if crlf * 2 > lf {
        "\r\n"
    } else {
        "\n"
    }
}

/// The blank lines before a segment's code (not the first line's indent).
pub(super) fn lead_of(source: &str) -> &str {
    let blanks = leading_blanks(source);
    match blanks.rfind('\n') {
        Some(i) => &source[..=i],
        None => "",
    }
}

/// The whitespace after a segment's code.
pub(super) fn trail_of(source: &str) -> &str {
    &source[source.trim_end().len()..]
}

/// How many lines a segment's text starts before the line its `lines` name:
/// the blank lines that lead glue (see `units`), none for units. (A file's
/// byte-order mark is not blank, so glue that starts with one starts on its
/// first line.)
pub(super) fn text_line_offset(segment: &Segment, file: &str) -> usize {
    if segment.kind == SegmentKind::Glue {
        leading_blanks(segment.text(file)).matches('\n').count()
    } else {
        0
    }
}

/// Code without its blank first lines and trailing whitespace; the first
/// line's indentation stays.
pub(super) fn body_of(code: &str) -> &str {
    code[lead_of(code).len()..].trim_end()
}

pub(super) fn leading_blanks(text: &str) -> &str {
    &text[..text.len() - text.trim_start().len()]
}

/// Indents a member's code to `indent`, unless it is there already.
pub(super) fn reindent(code: &str, indent: &str) -> String {
    if verify::common_indent(code) == indent {
        return code.to_string();
    }
    verify::indent(&verify::dedent(code), indent)
}

/// Byte offsets of the marker of member `index` (not of `index`0, `index`1...).
pub(super) fn marker_positions(text: &str, index: usize) -> Vec<usize> {
    let marker = member_marker(index);
    text.match_indices(&marker)
        .map(|(at, _)| at)
        .filter(|&at| !text[at + marker.len()..].starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

/// The line holding the marker at `at` (without its line break), and whether
/// the placeholder is all there is on it.
pub(super) fn marker_line(text: &str, at: usize) -> (std::ops::Range<usize>, bool) {
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

pub(super) fn member_marker_at(text: &str, at: usize) -> String {
    let digits = text[at..]
        .trim_start_matches("xlate:member ")
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    text[at..at + "xlate:member ".len() + digits].to_string()
}

/// The comment around an inline marker: from its opening `/*`, `//` or `#`
/// to its closing `*/` (or the marker's end for a line comment).
pub(super) fn comment_span(text: &str, at: usize, index: usize) -> std::ops::Range<usize> {
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
pub(super) fn insert_support(
    text: &str,
    lang: Lang,
    support: &[SupportCode],
    newline: &str,
) -> String {
    match support_block(text, lang, support, newline) {
        Some((at, block)) => format!("{}{}{}", &text[..at], block, &text[at..]),
        None => text.to_string(),
    }
}

/// Where the support code goes in `text`, and the block to put there; none
/// when there is no support code.
pub(super) fn support_block(
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
