//! Which translated units use an untranslated definition of their file.

use crate::report::{UnitReport, UnitStatus};
use crate::symbols::ModuleSymbols;
use crate::units::Segment;

/// The parts of the file one report covers: `reports[top]`, or its member
/// `member`, and the byte ranges of its own code.
pub(super) struct Span {
    pub(super) top: usize,
    pub(super) member: Option<usize>,
    pub(super) ranges: Vec<std::ops::Range<usize>>,
}

/// The byte ranges of a segment's own code: for a class split into members,
/// its header and closing lines (the members have reports of their own).
pub(super) fn own_ranges(segment: &Segment) -> Vec<std::ops::Range<usize>> {
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
pub(super) fn mark_dependencies(
    reports: &mut [UnitReport],
    spans: &[Span],
    symbols: &ModuleSymbols,
    to: crate::lang::Lang,
) {
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
    // A definition a unit reads where it uses it (an alias of a built-in, a
    // constant, a pattern) needs no binding: its glue failing fails none.
    let failed: Vec<bool> = defining
        .iter()
        .zip(&symbols.definitions)
        .map(|(d, s)| {
            d.and_then(|i| report_of(reports, &spans[i])) == Some(UnitStatus::Failed)
                && !symbols.read_in_place(&s.name, to)
                && !(to == crate::lang::Lang::Rust && symbols.is_regex(&s.name))
        })
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
