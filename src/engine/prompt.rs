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

pub const PROMPT_VERSION: u32 = 4;

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
///
/// Laid out so that requests share as long a prefix as possible, since
/// servers (llama-server's slots, vLLM's prefix cache, hosted prompt
/// caches) and the model engine skip the prefill of a prefix they have
/// seen: the system message holds every instruction and depends only on the
/// two languages; the user message then goes from what changes least to
/// what changes most: the run's glossary, the file (path, imports), the
/// class, the unit's names and signature, its source, and last the request
/// naming the unit. The sections carry short headings that the system
/// message explains once, instead of a sentence of explanation per unit:
/// for a one-function unit the prompt is as long as before, and the part
/// that is the unit's own is two thirds of what it was.
pub fn translation(request: &TranslationRequest) -> Vec<Message> {
    let (from, to) = (request.from.display_name(), request.to.display_name());
    let fence = request.to.name();
    let system = format!(
        "Translate {from} to {to}, one piece of a file at a time: keep the behaviour exactly, \
         write idiomatic {to}, and follow {to}'s naming conventions unless told otherwise. \
         File, Imports and Class are context, not to be translated. Use exactly the names \
         under Glossary and Names ({from} → {to}), everywhere, and the Signature if given. \
         Answer with one ```{fence} code block holding only the translation of Source (a \
         method or field without its class; an empty block if top-level code needs none)."
    );
    let context = &request.context;
    let mut user = String::new();
    let pairs = |heading: &str, pairs: &[(String, String)]| {
        let mut text = format!("{heading}:\n");
        for (source, target) in pairs {
            // The symbol table's classes: a call of one constructs it.
            let class = if context.classes.contains(source) {
                " (a class)"
            } else {
                ""
            };
            text += &format!("- {source} → {target}{class}\n");
        }
        text + "\n"
    };
    if !context.glossary.is_empty() {
        user += &pairs("Glossary", &context.glossary);
    }
    user += &format!("File: `{}`\n\n", request.path.display());
    if !context.imports.trim().is_empty() {
        user += &format!("Imports:\n{}\n\n", fenced(request.from, &context.imports));
    }
    if let Some(enclosing) = &context.enclosing {
        user += &format!("Class:\n{}\n\n", fenced(request.from, enclosing));
    }
    if !context.names.is_empty() {
        user += &pairs("Names", &context.names);
    }
    if let Some(signature) = &context.signature {
        user += &format!("Signature:\n{}\n\n", fenced(request.to, signature));
    }
    user += &format!("Source:\n{}\n\n", fenced(request.from, &request.source));
    let kind = request.kind;
    user += &match (&request.name, kind) {
        (Some(name), _) => format!("Translate the {from} {kind} `{name}` to {to}."),
        (None, SegmentKind::Glue) => format!("Translate this {from} top-level code to {to}."),
        (None, _) => format!("Translate this {from} {kind} to {to}."),
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
pub const EXPLAIN_PROMPT_VERSION: u32 = 2;

/// Tokens an explanation may take: a few short paragraphs.
pub const EXPLAIN_MAX_TOKENS: usize = 320;

/// The conversation asking for a plain-English explanation of one unit,
/// for a reviewer who reads its translation next to it. Laid out like the
/// translation prompt: the instructions first, the same for every unit,
/// then the file, the class, the source and the line naming the unit.
pub fn explanation(request: &ExplainRequest) -> Vec<Message> {
    let lang = request.lang.display_name();
    let system = "You explain code to a reviewer who is checking a translation of it into \
                  another language. Write plain English, no code blocks, at most about 120 \
                  words, in three short parts: what it does; its inputs and outputs (arguments, \
                  return value, side effects such as I/O, mutation or exceptions); anything \
                  surprising a translator could get wrong (integer division, mutation of \
                  arguments, truthiness, ordering, error cases). Say \"nothing surprising\" \
                  when there is nothing. The code comes under Source, after the File it is \
                  from and, for a member, the Class it is in (its other members left out). \
                  Answer with the three parts, each starting with `Does:`, `Inputs and \
                  outputs:` and `Watch out:`.";
    let mut user = format!("File: `{}`\n\n", request.path.display());
    if let Some(enclosing) = &request.enclosing {
        user += &format!("Class:\n{}\n\n", fenced(request.lang, enclosing));
    }
    user += &format!("Source:\n{}\n\n", fenced(request.lang, &request.source));
    user += &match &request.name {
        Some(name) => format!("Explain the {lang} {} `{name}`.", request.kind.name()),
        None => format!("Explain this {lang} {}.", request.kind.name()),
    };
    vec![
        Message::new("system", system.to_string()),
        Message::new("user", user),
    ]
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
                classes: vec!["Rect".into()],
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
        assert!(messages[0].content.starts_with("Translate Python to Rust,"));
        for needle in [
            "File, Imports and Class are context, not to be translated.",
            "Use exactly the names under Glossary and Names (Python → Rust), everywhere",
            "(a method or field without its class; an empty block if top-level code needs none)",
        ] {
            assert!(messages[0].content.contains(needle), "{needle}");
        }
        let user = &messages[1].content;
        for needle in [
            "Glossary:\n- w → width\n",
            "File: `shapes.py`\n",
            "Imports:\n```python\nimport math\n```",
            "Class:\n```python\nclass Rect:\n    ...\n```",
            "Names:\n- Rect → Rect (a class)\n",
            "Signature:\n```rust\nfn area(&self) -> f64\n```",
            "Source:\n```python\ndef area(self):\n    return self.w * self.h\n```",
            "```\n\nTranslate the Python method `area` to Rust.",
        ] {
            assert!(user.contains(needle), "missing {needle:?} in\n{user}");
        }
    }

    /// The whole conversation as one text, as a server's chat template
    /// would lay it out: what a prompt cache matches on.
    fn flat(messages: &[Message]) -> String {
        messages
            .iter()
            .map(|m| format!("<{}>{}</{}>", m.role, m.content, m.role))
            .collect()
    }

    fn common_prefix(a: &str, b: &str) -> usize {
        a.char_indices()
            .zip(b.chars())
            .find(|((_, x), y)| x != y)
            .map_or(a.len().min(b.len()), |((i, _), _)| i)
    }

    // Issue 15: the instructions came after the unit's name, so two units
    // shared only the system message and a server's prompt cache reused a
    // third of each prompt. Everything that does not depend on the unit
    // must now come before anything that does, word for word the same.
    #[test]
    fn every_unit_of_a_run_shares_the_instructions_as_a_prefix() {
        let method = request();
        let function = TranslationRequest {
            kind: SegmentKind::Function,
            name: Some("scale".into()),
            source: "def scale(v, k):\n    return [x * k for x in v]\n".into(),
            path: PathBuf::from("pkg/other.py"),
            context: Context {
                names: vec![("scale".into(), "scale".into())],
                glossary: method.context.glossary.clone(),
                ..Context::default()
            },
            ..method.clone()
        };
        let glue = TranslationRequest {
            kind: SegmentKind::Glue,
            name: None,
            ..function.clone()
        };
        let (a, b, c) = (
            translation(&method),
            translation(&function),
            translation(&glue),
        );
        // One system message for every kind of unit.
        assert_eq!(a[0].content, b[0].content);
        assert_eq!(a[0].content, c[0].content);
        let (a, b) = (flat(&a), flat(&b));
        let shared = &a[..common_prefix(&a, &b)];
        assert!(
            shared.ends_with("<user>Glossary:\n- w → width\n\nFile: `"),
            "the shared prefix ends elsewhere:\n{shared}"
        );
        // What is left of each prompt is about the unit: its file, context,
        // source and the one-line request.
        let own = a.len() - shared.len();
        assert!(own < a.len() / 2, "{own} of {} bytes", a.len());
    }

    // Issue 15: units of one file (and members of one class) come one after
    // another; their prompts agree up to the unit's own names and source,
    // so a server slot that served the previous unit reuses the file's part.
    #[test]
    fn units_of_one_class_share_the_file_and_class_as_well() {
        let area = request();
        let perimeter = TranslationRequest {
            name: Some("perimeter".into()),
            source: "def perimeter(self):\n    return 2 * (self.w + self.h)\n".into(),
            context: Context {
                names: vec![],
                signature: None,
                ..area.context.clone()
            },
            first_line: 5,
            ..area.clone()
        };
        let (a, b) = (flat(&translation(&area)), flat(&translation(&perimeter)));
        let shared = &a[..common_prefix(&a, &b)];
        assert!(
            shared.ends_with("Class:\n```python\nclass Rect:\n    ...\n```\n\n"),
            "the shared prefix ends elsewhere:\n{shared}"
        );
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
        assert!(messages[0]
            .content
            .ends_with("`Does:`, `Inputs and outputs:` and `Watch out:`."));
        let user = &messages[1].content;
        // Issue 15: what is the unit's own comes after the instructions,
        // and the line naming the unit last.
        assert_eq!(
            user,
            "File: `shapes.py`\n\nClass:\n```python\nclass Rect:\n    ...\n```\n\n\
             Source:\n```python\ndef area(self):\n    return self.w * self.h\n```\n\n\
             Explain the Python method `area`."
        );
    }

    #[test]
    fn the_budget_grows_with_the_unit_up_to_the_cap() {
        assert_eq!(token_budget(10, 2048), 148);
        assert_eq!(token_budget(5000, 2048), 2048);
    }
}
