//! Checking a candidate before anything is written: take the code out of a
//! markdown fence, reparse it with the target grammar, and make sure it is the
//! kind of item the unit was. The toolchain checks (`toolchain`) and the
//! differential tests (`differential`) judge the assembled file afterwards;
//! `level` names how far each unit got.

pub mod differential;
pub mod level;
pub mod load;
pub mod toolchain;
pub mod tree;

pub use differential::Counterexample;
pub use level::{Verification, VerifyLevel};

use serde::Serialize;

use crate::lang::Lang;
use crate::units::{self, Family, Position, SegmentKind, SplitOptions};

/// Bumped whenever a change here can turn a rejected candidate into an
/// accepted one or the other way round, or change the accepted code: cached
/// translations made under other checks are then not reused.
pub const CHECKS_VERSION: u32 = 2;

/// Why a candidate was turned down.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Rejection {
    /// Nothing but whitespace (or an empty fence).
    Empty,
    /// The target grammar found an ERROR or MISSING node.
    Syntax { position: Position, what: String },
    /// It parses, but is not the kind of item the unit was.
    WrongKind {
        expected: SegmentKind,
        found: String,
    },
    /// It does not match the declaration given for it (`--signatures`):
    /// what differs, name or parameter count.
    Signature { what: String },
    /// The target's toolchain refuses the file with this error in the
    /// candidate's lines.
    Compile { message: String },
    /// Run on the same inputs as its source, it returned or raised
    /// something else.
    Disagrees { counterexample: Counterexample },
    /// Any other check, named by the one that made it.
    Other { what: String },
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::Empty => f.write_str("empty translation"),
            Rejection::Syntax { position, what } => {
                write!(f, "syntax error at {position}: {what}")
            }
            Rejection::WrongKind { expected, found } => {
                write!(f, "expected a {expected}, got {found}")
            }
            Rejection::Signature { what } => {
                write!(f, "does not match its declaration: {what}")
            }
            Rejection::Compile { message } => write!(f, "does not compile: {message}"),
            Rejection::Disagrees { counterexample } => {
                write!(f, "disagrees with its source {counterexample}")
            }
            Rejection::Other { what } => f.write_str(what),
        }
    }
}

/// A rejected candidate: its index among the candidates, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Rejected {
    pub candidate: usize,
    /// The code that was checked, so an engine can show it when it repairs.
    pub code: String,
    pub reason: Rejection,
}

/// A candidate that passed.
#[derive(Clone, Debug, PartialEq)]
pub struct Accepted {
    /// The code, out of its fence.
    pub code: String,
    /// The names of the units it defines, in order.
    pub names: Vec<String>,
}

/// The code in model-style output: the first fenced block when the output
/// opens with a fence, or when it is prose around a fence that does not parse
/// as a whole; otherwise the text itself (code may contain fences of its own,
/// in a docstring for example).
pub fn extract_code(raw: &str, lang: Lang) -> &str {
    let Some(block) = first_fenced_block(raw) else {
        return raw;
    };
    let opens_with_fence = raw.trim_start().starts_with("```");
    if opens_with_fence || units::first_syntax_error(raw, lang).is_some() {
        block
    } else {
        raw
    }
}

fn first_fenced_block(raw: &str) -> Option<&str> {
    let mut offset = 0;
    let mut start = None;
    for line in raw.split_inclusive('\n') {
        let is_fence = line.trim_start().starts_with("```");
        match start {
            None if is_fence => start = Some(offset + line.len()),
            Some(s) if is_fence => return Some(&raw[s..offset]),
            _ => {}
        }
        offset += line.len();
    }
    // An unclosed fence: the model stopped at its token limit, say.
    start.map(|s| &raw[s.min(raw.len())..])
}

/// Checks one candidate for a unit of `kind`, to be written in `to`.
pub fn check(raw: &str, to: Lang, kind: SegmentKind) -> Result<Accepted, Rejection> {
    let code = extract_code(raw, to);
    if code.trim().is_empty() {
        // Glue may translate to nothing: a Python `from typing import List`
        // has no JavaScript counterpart.
        if kind == SegmentKind::Glue {
            return Ok(Accepted {
                code: String::new(),
                names: Vec::new(),
            });
        }
        return Err(Rejection::Empty);
    }
    let is_member = matches!(kind, SegmentKind::Method | SegmentKind::Field);
    let (wrapped, shift) = if is_member {
        wrap_member(code, to)
    } else {
        (code.to_string(), 0)
    };
    if let Some((mut position, what)) = units::first_syntax_error(&wrapped, to) {
        position.line = position.line.saturating_sub(shift).max(1);
        return Err(Rejection::Syntax { position, what });
    }
    // A member is found among the members of its wrapper class, so the
    // wrapper is split whole; top-level units come out the same either way.
    let options = if is_member {
        SplitOptions {
            split_classes_over: 0,
        }
    } else {
        SplitOptions::default()
    };
    let split = units::split(&wrapped, to, options).map_err(|e| Rejection::Other {
        what: e.to_string(),
    })?;
    let found: Vec<(SegmentKind, Option<String>)> = if is_member {
        split
            .units()
            .flat_map(|u| u.members.iter())
            .filter(|m| m.kind.is_unit())
            .map(|m| (m.kind, m.name.clone()))
            .collect()
    } else {
        split.units().map(|u| (u.kind, u.name.clone())).collect()
    };
    check_kind(kind, &found)?;
    Ok(Accepted {
        code: code.to_string(),
        names: found.into_iter().filter_map(|(_, name)| name).collect(),
    })
}

/// Whether the units found in a candidate can stand for a unit of `kind`.
fn check_kind(kind: SegmentKind, found: &[(SegmentKind, Option<String>)]) -> Result<(), Rejection> {
    let families: Vec<Family> = found.iter().map(|(k, _)| k.family()).collect();
    let ok = match kind.family() {
        Family::Glue => true,
        // A function must come back as functions only.
        Family::Callable => !families.is_empty() && families.iter().all(|f| *f == Family::Callable),
        // A Rust `impl` apart from its struct adds methods to a class
        // another unit defines: functions, or only statements that attach
        // them (`Point.prototype.area = function () { .. };`).
        Family::Type if kind == SegmentKind::Impl => families
            .iter()
            .all(|f| matches!(f, Family::Type | Family::Callable)),
        // A class may become a struct and its impl, with free functions.
        Family::Type => {
            families.contains(&Family::Type)
                && families
                    .iter()
                    .all(|f| matches!(f, Family::Type | Family::Callable))
        }
        // A macro may have no item at all: a target without macros has its
        // uses expanded where they stand.
        Family::Macro => true,
        // Modules and fields have no exact counterpart everywhere: any
        // item will do, but there must be one.
        Family::Module | Family::Field => !families.is_empty(),
    };
    if ok {
        return Ok(());
    }
    let found = if found.is_empty() {
        "no item".to_string()
    } else {
        found
            .iter()
            .map(|(k, _)| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(Rejection::WrongKind {
        expected: kind,
        found,
    })
}

/// Puts a class member inside a class so it can be parsed on its own.
/// Returns the text and how many lines were added before the member.
fn wrap_member(code: &str, lang: Lang) -> (String, usize) {
    let (open, close) = lang.member_wrapper();
    let body = match lang {
        // Python needs the member indented one level under the class line.
        Lang::Python => indent(&dedent(code), "    "),
        Lang::JavaScript | Lang::Rust => code.to_string(),
    };
    (format!("{open}{body}{close}"), open.matches('\n').count())
}

/// The leading whitespace common to every line that is not blank.
pub fn common_indent(text: &str) -> &str {
    let mut common: Option<&str> = None;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let ws = &line[..line.len() - line.trim_start().len()];
        common = Some(match common {
            None => ws,
            Some(c) => {
                let n = c
                    .bytes()
                    .zip(ws.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &c[..n]
            }
        });
    }
    common.unwrap_or("")
}

/// Removes the common indentation from every line that has it.
pub fn dedent(text: &str) -> String {
    let prefix = common_indent(text);
    text.split_inclusive('\n')
        .map(|line| line.strip_prefix(prefix).unwrap_or(line))
        .collect()
}

/// Adds `prefix` to every line that is not blank.
pub fn indent(text: &str, prefix: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            if line.trim().is_empty() {
                line.to_string()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_taken_from_a_fence() {
        let raw = "Here you go:\n```javascript\nfunction f() { return 1; }\n```\nEnjoy.";
        assert_eq!(
            extract_code(raw, Lang::JavaScript),
            "function f() { return 1; }\n"
        );
        assert_eq!(extract_code("```\nx\n```", Lang::Python), "x\n");
        // Unclosed: the model ran out of tokens.
        assert_eq!(
            extract_code("```py\ndef f():\n    pass\n", Lang::Python),
            "def f():\n    pass\n"
        );
        // No fence: the text is the code.
        assert_eq!(extract_code("fn f() {}", Lang::Rust), "fn f() {}");
    }

    #[test]
    fn a_fence_inside_valid_code_is_left_alone() {
        // Regression: a docstring with a markdown example must not be cut.
        let code = "def f():\n    \"\"\"Example:\n\n```\nf()\n```\n\"\"\"\n    return 1\n";
        assert_eq!(extract_code(code, Lang::Python), code);
    }

    #[test]
    fn a_function_must_come_back_as_a_function() {
        let ok = check(
            "def g(x):\n    return x\n",
            Lang::Python,
            SegmentKind::Function,
        )
        .unwrap();
        assert_eq!(ok.names, vec!["g"]);
        let err = check("class G:\n    pass\n", Lang::Python, SegmentKind::Function).unwrap_err();
        assert_eq!(
            err,
            Rejection::WrongKind {
                expected: SegmentKind::Function,
                found: "class".into()
            }
        );
        let err = check("x = 1\n", Lang::Python, SegmentKind::Function).unwrap_err();
        assert!(err.to_string().contains("no item"), "{err}");
    }

    #[test]
    fn a_class_may_become_a_struct_and_impl() {
        let rust = "struct P { x: i32 }\nimpl P { fn get(&self) -> i32 { self.x } }\n";
        let ok = check(rust, Lang::Rust, SegmentKind::Class).unwrap();
        assert_eq!(ok.names, vec!["P", "P"]);
    }

    #[test]
    fn syntax_errors_are_rejected_with_position() {
        let err = check("function f( {\n}", Lang::JavaScript, SegmentKind::Function).unwrap_err();
        match err {
            Rejection::Syntax { position, .. } => assert_eq!(position.line, 1),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            check("  \n", Lang::Rust, SegmentKind::Function),
            Err(Rejection::Empty)
        );
        assert_eq!(
            check("```\n```", Lang::Rust, SegmentKind::Function),
            Err(Rejection::Empty)
        );
    }

    #[test]
    fn glue_may_be_empty_but_must_parse() {
        assert!(check("", Lang::JavaScript, SegmentKind::Glue).is_ok());
        assert!(check("const x = 1;\n", Lang::JavaScript, SegmentKind::Glue).is_ok());
        assert!(check("const x = ;\n", Lang::JavaScript, SegmentKind::Glue).is_err());
    }

    #[test]
    fn members_are_checked_inside_a_class() {
        let py = "    def m(self):\n        return 1\n";
        assert_eq!(
            check(py, Lang::Python, SegmentKind::Method).unwrap().names,
            vec!["m"]
        );
        let js = "  get(x) { return x; }";
        assert_eq!(
            check(js, Lang::JavaScript, SegmentKind::Method)
                .unwrap()
                .names,
            vec!["get"]
        );
        let rs = "    pub fn new() -> Self { Self }";
        assert_eq!(
            check(rs, Lang::Rust, SegmentKind::Method).unwrap().names,
            vec!["new"]
        );
        // Line numbers point into the member, not the wrapper.
        let err = check(
            "m() {\n  return (;\n}",
            Lang::JavaScript,
            SegmentKind::Method,
        )
        .unwrap_err();
        match err {
            Rejection::Syntax { position, .. } => assert_eq!(position.line, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dedent_and_indent_round_trip() {
        let text = "    a\n\n        b\n    c";
        assert_eq!(common_indent(text), "    ");
        assert_eq!(dedent(text), "a\n\n    b\nc");
        assert_eq!(indent(&dedent(text), "    "), text);
    }
}
