//! What a model is told, by either engine that asks one (the in-process
//! model engine and the server engine share these words): one unit with its
//! context (imports, enclosing class, the names the symbol table chose,
//! glossary, target signature), the request for a single fenced code block,
//! and the re-prompt with the parser's errors.
//! Any change to the wording changes [`PROMPT_VERSION`], which is part of
//! both engines' fingerprints, so cached translations from older prompts are
//! not reused.

use crate::engine::{ExplainRequest, TranslationRequest};
use crate::lang::Lang;
use crate::units::SegmentKind;
use crate::verify::{Rejected, Rejection};

use crate::model::Message;

pub const PROMPT_VERSION: u32 = 3;

/// The start of the answer, written for the model: it opens the code block,
/// so the model starts with code and the closing fence ends it.
pub fn answer_prefix(to: Lang) -> String {
    format!("```{}\n", to.name())
}

/// Tokens to generate at most for a unit of `source_tokens`: room for a
/// translation twice as long as the source plus boilerplate, within `cap`.
pub fn token_budget(source_tokens: usize, cap: usize) -> usize {
    (2 * source_tokens + 128).min(cap).max(1)
}

fn fenced(lang: Lang, code: &str) -> String {
    let mut code = code.to_string();
    if !code.ends_with('\n') {
        code.push('\n');
    }
    format!("```{}\n{code}```", lang.name())
}

/// The conversation asking for a unit's translation.
pub fn translation(request: &TranslationRequest) -> Vec<Message> {
    let (from, to) = (request.from.display_name(), request.to.display_name());
    let system = format!(
        "You are an expert programmer who translates code from {from} to {to}, one piece of a \
         file at a time. Keep the behaviour exactly, write idiomatic {to}, and name things in \
         {to}'s conventions unless told otherwise. Answer with a single fenced {to} code block \
         and nothing else."
    );
    let kind = request.kind;
    let mut user = match &request.name {
        Some(name) => format!(
            "Translate the {from} {kind} `{name}` from `{}` to {to}.\n",
            request.path.display()
        ),
        None => format!(
            "Translate this {from} {} from `{}` to {to}.\n",
            if kind == SegmentKind::Glue {
                "top-level code"
            } else {
                kind.name()
            },
            request.path.display()
        ),
    };
    let context = &request.context;
    if !context.imports.trim().is_empty() {
        user += &format!(
            "\nThe file's imports, for context (do not translate them):\n{}\n",
            fenced(request.from, &context.imports)
        );
    }
    if let Some(enclosing) = &context.enclosing {
        user += &format!(
            "\nIt is a member of this class (its other members left out):\n{}\n",
            fenced(request.from, enclosing)
        );
    }
    if !context.names.is_empty() {
        user += &format!(
            "\nNames chosen for this file's top-level definitions ({from} → {to}); use exactly \
             these, for the definition and for every use:\n"
        );
        for (source, target) in &context.names {
            user += &format!("- {source} → {target}\n");
        }
    }
    if !context.glossary.is_empty() {
        user += &format!("\nUse these names ({from} → {to}):\n");
        for (source, target) in &context.glossary {
            user += &format!("- {source} → {target}\n");
        }
    }
    if let Some(signature) = &context.signature {
        user += &format!(
            "\nThe translation must have this signature:\n{}\n",
            fenced(request.to, signature)
        );
    }
    user += &format!(
        "\n{from} source:\n{}\n\n",
        fenced(request.from, &request.source)
    );
    user += &match kind {
        SegmentKind::Method | SegmentKind::Field => format!(
            "Answer with one ```{} code block holding only this member in {to}, as it would \
             stand inside the class, without the class around it.",
            request.to.name()
        ),
        SegmentKind::Glue => format!(
            "Answer with one ```{} code block holding the {to} counterpart; leave the block \
             empty if {to} needs none.",
            request.to.name()
        ),
        _ => format!(
            "Answer with one ```{} code block holding only the {to} translation of this {kind}.",
            request.to.name()
        ),
    };
    vec![Message::new("system", system), Message::new("user", user)]
}

/// The conversation asking to fix a translation the checks turned down:
/// the first request, the rejected answer, and what was wrong with it (line,
/// column and the offending text for syntax errors).
pub fn repair(request: &TranslationRequest, rejected: &Rejected) -> Vec<Message> {
    let mut messages = translation(request);
    messages.push(Message::new(
        "assistant",
        fenced(request.to, &rejected.code),
    ));
    let to = request.to.display_name();
    let problem = match &rejected.reason {
        Rejection::Syntax { position, what } => {
            let line = rejected
                .code
                .lines()
                .nth(position.line.saturating_sub(1))
                .unwrap_or("");
            format!(
                "The {to} parser rejects it at line {}, column {}: {what}. That line is:\n{}",
                position.line,
                position.column,
                fenced(request.to, line)
            )
        }
        Rejection::Compile { message } => {
            format!("The {to} compiler rejects the file it is in:\n{message}")
        }
        Rejection::Disagrees { counterexample } => format!(
            "Run on the same inputs as its {} source, it behaves differently. On the \
             inputs {} (in {} notation) the source gives {}, and your translation gives {}.",
            request.from.display_name(),
            counterexample.inputs,
            request.from.display_name(),
            counterexample.expected,
            counterexample.got
        ),
        other => format!("It was rejected: {other}."),
    };
    messages.push(Message::new(
        "user",
        format!(
            "{problem}\n\nAnswer with the corrected translation as one ```{} code block and \
             nothing else.",
            request.to.name()
        ),
    ));
    messages
}

/// The version of the explanation prompt's wording, in every cached
/// explanation's key (beside the engine's fingerprint): changing the words
/// changes the answers, so older ones are not reused.
pub const EXPLAIN_PROMPT_VERSION: u32 = 1;

/// Tokens an explanation may take: a few short paragraphs.
pub const EXPLAIN_MAX_TOKENS: usize = 320;

/// The conversation asking for a plain-English explanation of one unit,
/// for a reviewer who reads its translation next to it.
pub fn explanation(request: &ExplainRequest) -> Vec<Message> {
    let lang = request.lang.display_name();
    let system = "You explain code to a reviewer who is checking a translation of it into \
                  another language. Write plain English, no code blocks, at most about 120 \
                  words, in three short parts: what it does; its inputs and outputs (arguments, \
                  return value, side effects such as I/O, mutation or exceptions); anything \
                  surprising a translator could get wrong (integer division, mutation of \
                  arguments, truthiness, ordering, error cases). Say \"nothing surprising\" \
                  when there is nothing.";
    let what = match &request.name {
        Some(name) => format!("the {lang} {} `{name}`", request.kind.name()),
        None => format!("this {lang} {}", request.kind.name()),
    };
    let mut user = format!("Explain {what} from `{}`.\n", request.path.display());
    if let Some(enclosing) = &request.enclosing {
        user += &format!(
            "\nIt is a member of this class (its other members left out):\n{}\n",
            fenced(request.lang, enclosing)
        );
    }
    user += &format!("\n{}\n", fenced(request.lang, &request.source));
    user += "\nAnswer with the three parts, each starting with `Does:`, `Inputs and outputs:` \
             and `Watch out:`.";
    vec![Message::new("system", system), Message::new("user", user)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Context;
    use crate::units::Position;
    use std::path::PathBuf;

    fn request() -> TranslationRequest {
        TranslationRequest {
            from: Lang::Python,
            to: Lang::Rust,
            kind: SegmentKind::Method,
            name: Some("area".into()),
            source: "def area(self):\n    return self.w * self.h\n".into(),
            path: PathBuf::from("shapes.py"),
            first_line: 3,
            context: Context {
                imports: "import math\n".into(),
                enclosing: Some("class Rect:\n    ...\n".into()),
                names: vec![("Rect".into(), "Rect".into())],
                signature: Some("fn area(&self) -> f64".into()),
                glossary: vec![("w".into(), "width".into())],
                ..Context::default()
            },
        }
    }

    #[test]
    fn the_prompt_carries_the_unit_and_its_context() {
        let messages = translation(&request());
        assert_eq!(messages[0].role, "system");
        assert!(messages[0].content.contains("from Python to Rust"));
        let user = &messages[1].content;
        for needle in [
            "Translate the Python method `area` from `shapes.py` to Rust.",
            "```python\nimport math\n```",
            "```python\nclass Rect:\n    ...\n```",
            "- Rect → Rect",
            "- w → width",
            "```rust\nfn area(&self) -> f64\n```",
            "```python\ndef area(self):\n    return self.w * self.h\n```",
            "without the class around it",
        ] {
            assert!(user.contains(needle), "missing {needle:?} in\n{user}");
        }
    }

    #[test]
    fn the_repair_prompt_names_the_error_and_shows_the_line() {
        let rejected = Rejected {
            candidate: 0,
            code: "fn area(&self) -> f64 {\n    self.w * (self.h\n}\n".into(),
            reason: Rejection::Syntax {
                position: Position {
                    line: 2,
                    column: 14,
                },
                what: "missing `)`".into(),
            },
        };
        let messages = repair(&request(), &rejected);
        assert_eq!(messages.len(), 4);
        assert_eq!(messages[2].role, "assistant");
        assert!(messages[2].content.starts_with("```rust\nfn area"));
        let last = &messages[3].content;
        assert!(last.contains("line 2, column 14: missing `)`"), "{last}");
        assert!(
            last.contains("```rust\n    self.w * (self.h\n```"),
            "{last}"
        );
    }

    // Issue 13: the repair round is shown what the compiler said, or the
    // inputs on which the translation behaved otherwise than its source.
    #[test]
    fn the_repair_prompt_carries_the_compiler_message_or_the_counterexample() {
        let rejected = |reason| Rejected {
            candidate: 0,
            code: "fn f() {}".into(),
            reason,
        };
        let compile = repair(
            &request(),
            &rejected(Rejection::Compile {
                message: "error[E0308]: mismatched types".into(),
            }),
        );
        let last = &compile[3].content;
        assert!(
            last.starts_with(
                "The Rust compiler rejects the file it is in:\nerror[E0308]: mismatched types\n"
            ),
            "{last}"
        );
        let disagrees = repair(
            &request(),
            &rejected(Rejection::Disagrees {
                counterexample: crate::verify::Counterexample {
                    inputs: "(7, 2)".into(),
                    expected: "3.5".into(),
                    got: "3".into(),
                },
            }),
        );
        let last = &disagrees[3].content;
        assert!(
            last.contains("On the inputs (7, 2) (in Python notation) the source gives 3.5, and your translation gives 3."),
            "{last}"
        );
    }

    #[test]
    fn the_explanation_prompt_asks_for_the_three_parts_about_the_unit() {
        let request = ExplainRequest {
            lang: Lang::Python,
            kind: SegmentKind::Method,
            name: Some("area".into()),
            source: "def area(self):\n    return self.w * self.h\n".into(),
            path: PathBuf::from("shapes.py"),
            enclosing: Some("class Rect:\n    ...\n".into()),
        };
        let messages = explanation(&request);
        assert_eq!(messages.len(), 2);
        assert!(messages[0].content.contains("plain English"));
        let user = &messages[1].content;
        for needle in [
            "Explain the Python method `area` from `shapes.py`.",
            "```python\nclass Rect:\n    ...\n```",
            "```python\ndef area(self):\n    return self.w * self.h\n```",
            "`Does:`, `Inputs and outputs:` and `Watch out:`",
        ] {
            assert!(user.contains(needle), "missing {needle:?} in\n{user}");
        }
    }

    #[test]
    fn the_budget_grows_with_the_unit_up_to_the_cap() {
        assert_eq!(token_budget(10, 2048), 148);
        assert_eq!(token_budget(5000, 2048), 2048);
    }
}
