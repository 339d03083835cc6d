//! Target signatures: declarations in the target language that translated
//! functions must match, by name and parameter count. A team fixes the target
//! API first (`xlate translate --signatures FILE`); the benchmark gives one per
//! task. Declarations may be whole items or bare headers with no body.

use std::ops::Range;
use std::path::{Path, PathBuf};

use tree_sitter::Node;

use crate::lang::{to_snake_case, Lang};
use crate::units::{self, SegmentKind, SplitOptions};
use crate::verify::Rejection;
use crate::walk;

/// One function declared in the target language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The name exactly as declared: a translation must use it.
    pub name: String,
    /// Declared parameters, `self` included for Rust methods.
    pub params: usize,
    /// The declaration as the user wrote it (a bare header stays bare), for
    /// engines to put in front of a model or to take names and types from.
    pub text: String,
    /// The file it comes from, for messages.
    pub origin: PathBuf,
}

/// The declarations of a run, in the target language. Empty when the user
/// gave none, and then nothing is checked.
#[derive(Clone, Debug, Default)]
pub struct Signatures {
    /// In file order, files sorted by path, so that the first of two
    /// declarations with the same name always wins.
    declarations: Vec<Declaration>,
    /// Source names that stand for a declaration under another name, as
    /// (snake-case source name, index into `declarations`): a benchmark
    /// task whose source and target entry points are spelled differently
    /// (`sort_array_1` for `sort_array`).
    aliases: Vec<(String, usize)>,
}

/// Why declarations could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: a {found} file, but the target language is {expected}")]
    WrongLanguage {
        path: PathBuf,
        found: Lang,
        expected: Lang,
    },
    #[error("{path}: the {lang} parser gave up on this file")]
    Unparsable { path: PathBuf, lang: Lang },
    #[error("{path}: no {lang} function declarations found")]
    Empty { path: PathBuf, lang: Lang },
}

impl Signatures {
    /// Loads a file, or every file of `lang` under a directory.
    pub fn load(path: &Path, lang: Lang) -> Result<Signatures, SignatureError> {
        let mut files = Vec::new();
        if path.is_dir() {
            let listing = walk::walk(path);
            if let Some(error) = listing.errors.into_iter().next() {
                return Err(SignatureError::Read {
                    path: error.path,
                    source: std::io::Error::other(error.reason),
                });
            }
            files.extend(
                listing
                    .files
                    .into_iter()
                    .filter(|f| f.lang == Some(lang))
                    .map(|f| f.abs),
            );
            files.sort();
        } else {
            if let Some(found) = Lang::from_path(path).filter(|&found| found != lang) {
                return Err(SignatureError::WrongLanguage {
                    path: path.to_path_buf(),
                    found,
                    expected: lang,
                });
            }
            files.push(path.to_path_buf());
        }
        let mut signatures = Signatures::default();
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(|source| SignatureError::Read {
                path: file.clone(),
                source,
            })?;
            let more = Signatures::from_text(&text, lang, &file)?;
            signatures.declarations.extend(more.declarations);
        }
        if signatures.is_empty() {
            return Err(SignatureError::Empty {
                path: path.to_path_buf(),
                lang,
            });
        }
        Ok(signatures)
    }

    /// The top-level function declarations in `text`, which may end in a
    /// header with no body (`fn f(x: i32) -> bool{`, `def f(x):`).
    pub fn from_text(text: &str, lang: Lang, origin: &Path) -> Result<Signatures, SignatureError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (completed, added) = complete_tracked(text, lang);
        let unparsable = || SignatureError::Unparsable {
            path: origin.to_path_buf(),
            lang,
        };
        let declarations = functions_in(&completed, lang)
            .ok_or_else(unparsable)?
            .into_iter()
            .map(|found| Declaration {
                // The dummy bodies are not the user's text.
                text: without_added(&completed, found.bytes, &added)
                    .trim()
                    .to_string(),
                name: found.name,
                params: found.params,
                origin: origin.to_path_buf(),
            })
            .collect();
        Ok(Signatures {
            declarations,
            aliases: Vec::new(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.declarations.is_empty()
    }

    pub fn len(&self) -> usize {
        self.declarations.len()
    }

    /// The declaration for a source function: the same name under the
    /// naming conventions (`has_close_elements` matches `hasCloseElements`).
    pub fn find(&self, source_name: &str) -> Option<&Declaration> {
        let key = to_snake_case(source_name);
        self.declarations
            .iter()
            .find(|d| to_snake_case(&d.name) == key)
            .or_else(|| {
                let (_, index) = self.aliases.iter().find(|(alias, _)| *alias == key)?;
                self.declarations.get(*index)
            })
    }

    /// The last declaration: a benchmark's entry point, which its helpers
    /// precede.
    pub fn last(&self) -> Option<&Declaration> {
        self.declarations.last()
    }

    /// Makes `source_name` find the declaration named `declared` (when there
    /// is one and the source name finds nothing yet), so that a function
    /// the source spells differently is translated under the declared name
    /// and typed by its declaration.
    pub fn alias(&mut self, source_name: &str, declared: &str) {
        if self.find(source_name).is_some() {
            return;
        }
        if let Some(index) = self.declarations.iter().position(|d| d.name == declared) {
            self.aliases.push((to_snake_case(source_name), index));
        }
    }
}

/// The dummy bodies that close a bare header, tried in order; the first that
/// makes the text parse wins. Python needs one indented under the header.
fn closings(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Python => &["    pass\n", "pass\n"],
        Lang::JavaScript => &["}\n", "};\n", "{}\n"],
        Lang::Rust => &["}\n", "{}\n"],
    }
}

/// `text` with dummy bodies added where that makes it parse, else as
/// close to parsing as they get (the declarations before an error are still
/// found). Each bare header gets its own body first, so that a file of
/// several headers declares several functions, not one nested in another.
pub fn complete(text: &str, lang: Lang) -> String {
    complete_tracked(text, lang).0
}

/// [`complete`], with the byte ranges of what it added, in order.
fn complete_tracked(text: &str, lang: Lang) -> (String, Vec<Range<usize>>) {
    if units::first_syntax_error(text, lang).is_none() {
        return (text.to_string(), Vec::new());
    }
    let per_header = close_bare_headers(text, lang);
    if units::first_syntax_error(&per_header.0, lang).is_none() {
        return per_header;
    }
    let mut base = text.to_string();
    if !base.ends_with('\n') {
        base.push('\n');
    }
    for closing in closings(lang) {
        let candidate = format!("{base}{closing}");
        if units::first_syntax_error(&candidate, lang).is_none() {
            let dummy = base.len()..candidate.len();
            return (candidate, vec![dummy]);
        }
    }
    per_header
}

/// Adds a dummy body after every line that opens a function body (`{` in
/// Rust and JavaScript, a `def` line ending in `:` in Python) when the next
/// line that is not blank is not indented deeper, that is, has no body.
fn close_bare_headers(text: &str, lang: Lang) -> (String, Vec<Range<usize>>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let indent_of = |line: &str| line.len() - line.trim_start().len();
    let mut out = String::with_capacity(text.len() + 16);
    let mut added = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let trimmed = line.trim();
        let opens = match lang {
            Lang::Python => {
                (trimmed.starts_with("def ") || trimmed.starts_with("async def "))
                    && trimmed.ends_with(':')
            }
            Lang::JavaScript | Lang::Rust => trimmed.ends_with('{'),
        };
        if !opens {
            continue;
        }
        let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
        let has_body = next.is_some_and(|next| {
            indent_of(next) > indent_of(line)
                || (lang != Lang::Python && next.trim_start().starts_with('}'))
        });
        if has_body {
            continue;
        }
        let start = out.len();
        if !out.ends_with('\n') {
            out.push('\n');
        }
        let indent = &line[..indent_of(line)];
        match lang {
            Lang::Python => out.push_str(&format!("{indent}    pass\n")),
            Lang::JavaScript | Lang::Rust => out.push_str(&format!("{indent}}}\n")),
        }
        added.push(start..out.len());
    }
    (out, added)
}

/// The text of `range` of `completed` without the parts `complete` added:
/// what the user wrote.
fn without_added(completed: &str, range: Range<usize>, added: &[Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for cut in added
        .iter()
        .filter(|a| a.start < range.end && a.end > range.start)
    {
        out.push_str(&completed[at..cut.start.max(at)]);
        at = cut.end.min(range.end);
    }
    out.push_str(&completed[at.min(range.end)..range.end]);
    out
}

/// A top-level function found in code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundFunction {
    pub name: String,
    pub params: usize,
    /// Byte range of the unit in the text it was found in.
    pub bytes: Range<usize>,
}

/// The top-level functions of `text` with their parameter counts; `None`
/// when the parser gives up.
pub fn functions_in(text: &str, lang: Lang) -> Option<Vec<FoundFunction>> {
    let split = units::split(text, lang, SplitOptions::default()).ok()?;
    let tree = units::parse(text, lang)?;
    // Segment offsets count a byte-order mark; tree offsets do not.
    let bom = text.len() - text.trim_start_matches('\u{feff}').len();
    let mut found = Vec::new();
    for unit in split.units() {
        let (SegmentKind::Function, Some(name)) = (unit.kind, &unit.name) else {
            continue;
        };
        let range = unit.bytes.start.saturating_sub(bom)..unit.bytes.end.saturating_sub(bom);
        let Some(function) = first_function(tree.root_node(), &range) else {
            continue;
        };
        found.push(FoundFunction {
            name: name.clone(),
            params: parameter_count(function),
            bytes: unit.bytes.clone(),
        });
    }
    Some(found)
}

/// Node kinds that carry a function's parameters, in every language.
const FUNCTION_KINDS: &[&str] = &[
    "function_definition",
    "function_item",
    "function_declaration",
    "generator_function_declaration",
    "arrow_function",
    "function_expression",
    "generator_function",
    // Older tree-sitter-javascript names an anonymous function so.
    "function",
];

/// The outermost function node inside `range`, in source order: the unit's
/// own function, not one nested in its body.
fn first_function<'t>(node: Node<'t>, range: &Range<usize>) -> Option<Node<'t>> {
    // Depth first with a stack of its own, not recursion: the text before
    // the function (a decorator's arguments, say) may nest to any depth.
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        let inside = node.start_byte() >= range.start && node.end_byte() <= range.end;
        if inside && FUNCTION_KINDS.contains(&node.kind()) {
            return Some(node);
        }
        let mut cursor = node.walk();
        let overlapping: Vec<Node<'t>> = node
            .children(&mut cursor)
            .filter(|c| c.start_byte() < range.end && c.end_byte() > range.start)
            .collect();
        stack.extend(overlapping.into_iter().rev());
    }
    None
}

/// How many parameters a function node declares. Comments, attributes and
/// Python's bare `*` and `/` separators are not parameters.
fn parameter_count(function: Node) -> usize {
    if function.child_by_field_name("parameter").is_some() {
        // A JavaScript arrow function with one bare parameter: `x => x`.
        return 1;
    }
    let Some(parameters) = function.child_by_field_name("parameters") else {
        return 0;
    };
    let mut cursor = parameters.walk();
    let count = parameters
        .named_children(&mut cursor)
        .filter(|p| {
            !matches!(
                p.kind(),
                "comment"
                    | "line_comment"
                    | "block_comment"
                    | "attribute_item"
                    | "keyword_separator"
                    | "positional_separator"
            )
        })
        .count();
    count
}

/// Checks a candidate for a function against its declaration: it must define
/// a function with the declared name and as many parameters.
pub fn check(code: &str, lang: Lang, declaration: &Declaration) -> Result<(), Rejection> {
    let mismatch = |what: String| Rejection::Signature { what };
    let found = functions_in(code, lang).unwrap_or_default();
    let Some(function) = found.iter().find(|f| f.name == declaration.name) else {
        let key = to_snake_case(&declaration.name);
        let what = match found.iter().find(|f| to_snake_case(&f.name) == key) {
            Some(close) => format!(
                "it names the function `{}`, the declaration `{}`",
                close.name, declaration.name
            ),
            None if found.is_empty() => {
                format!("it defines no function `{}`", declaration.name)
            }
            None => format!(
                "it defines {}, not `{}`",
                found
                    .iter()
                    .map(|f| format!("`{}`", f.name))
                    .collect::<Vec<_>>()
                    .join(", "),
                declaration.name
            ),
        };
        return Err(mismatch(what));
    };
    if function.params != declaration.params {
        return Err(mismatch(format!(
            "`{}` takes {} parameter{}, the declaration {}",
            function.name,
            function.params,
            if function.params == 1 { "" } else { "s" },
            declaration.params
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, lang: Lang) -> Signatures {
        Signatures::from_text(text, lang, Path::new("decl")).unwrap()
    }

    fn summary(signatures: &Signatures) -> Vec<(String, usize)> {
        signatures
            .declarations
            .iter()
            .map(|d| (d.name.clone(), d.params))
            .collect()
    }

    #[test]
    fn bare_headers_of_every_language_are_read() {
        let rust = "\nuse std::collections::HashMap;\nuse rand::Rng;\n\nfn has_close_elements(numbers:Vec<f32>, threshold: f32) -> bool{\n";
        let signatures = load(rust, Lang::Rust);
        assert_eq!(summary(&signatures), vec![("has_close_elements".into(), 2)]);
        // The user's text, without the dummy body.
        assert_eq!(
            signatures.declarations[0].text,
            "fn has_close_elements(numbers:Vec<f32>, threshold: f32) -> bool{"
        );

        let js = "\nconst hasCloseElements = (numbers, threshold) => {\n";
        assert_eq!(
            summary(&load(js, Lang::JavaScript)),
            vec![("hasCloseElements".into(), 2)]
        );

        let py = "from typing import List\n\n\ndef f(numbers: List[float], *, key=None, **kw) -> bool:\n";
        assert_eq!(summary(&load(py, Lang::Python)), vec![("f".into(), 3)]);
    }

    #[test]
    fn several_bare_headers_are_several_declarations() {
        let py = "def add(a, b, c) -> int:\n\ndef neg(a) -> int:\n";
        assert_eq!(
            summary(&load(py, Lang::Python)),
            vec![("add".into(), 3), ("neg".into(), 1)]
        );
        let rust = "fn add(a: i32, b: i32) -> i32 {\nfn neg(a: i32) -> i32 {\n";
        let signatures = load(rust, Lang::Rust);
        assert_eq!(
            summary(&signatures),
            vec![("add".into(), 2), ("neg".into(), 1)]
        );
        assert_eq!(signatures.declarations[1].text, "fn neg(a: i32) -> i32 {");
        let js = "function add(a, b) {\n}\nconst neg = (a) => {\n";
        assert_eq!(
            summary(&load(js, Lang::JavaScript)),
            vec![("add".into(), 2), ("neg".into(), 1)]
        );
    }

    #[test]
    fn whole_items_before_a_header_are_declarations_too() {
        let py = "def is_palindrome(string: str) -> bool:\n    return string == string[::-1]\n\n\ndef make_palindrome(string: str) -> str:\n";
        assert_eq!(
            summary(&load(py, Lang::Python)),
            vec![("is_palindrome".into(), 1), ("make_palindrome".into(), 1)]
        );
        let js = "function a(x, y) { return x; }\nconst b = x => x;\nconst c = function () {\n";
        assert_eq!(
            summary(&load(js, Lang::JavaScript)),
            vec![("a".into(), 2), ("b".into(), 1), ("c".into(), 0)]
        );
    }

    #[test]
    fn names_match_across_naming_conventions() {
        let signatures = load("const hasCloseElements = (a, b) => {\n", Lang::JavaScript);
        assert_eq!(
            signatures
                .find("has_close_elements")
                .map(|d| d.name.as_str()),
            Some("hasCloseElements")
        );
        assert!(signatures.find("has_close").is_none());
        let rust = load("fn parse_http_header(x: &str) -> u8 {\n", Lang::Rust);
        assert!(rust.find("parseHTTPHeader").is_some());
    }

    #[test]
    fn a_candidate_must_match_name_and_parameter_count() {
        let signatures = load("fn add(a: i32, b: i32) -> i32 {\n", Lang::Rust);
        let declaration = signatures.find("add").unwrap();
        assert_eq!(
            check(
                "fn add(x: i32, y: i32) -> i32 { x + y }",
                Lang::Rust,
                declaration
            ),
            Ok(())
        );
        // Helpers beside the function are fine.
        assert!(check(
            "fn helper() {}\nfn add(x: i32, y: i32) -> i32 { x + y }",
            Lang::Rust,
            declaration
        )
        .is_ok());
        let err = check("fn add(x: i32) -> i32 { x }", Lang::Rust, declaration).unwrap_err();
        assert_eq!(
            err,
            Rejection::Signature {
                what: "`add` takes 1 parameter, the declaration 2".into()
            }
        );
        let err = check(
            "fn sum(x: i32, y: i32) -> i32 { x + y }",
            Lang::Rust,
            declaration,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("`sum`") && err.contains("`add`"), "{err}");
    }

    #[test]
    fn a_wrongly_cased_name_is_named_in_the_rejection() {
        let signatures = load("const hasX = (a) => {\n", Lang::JavaScript);
        let declaration = signatures.find("has_x").unwrap();
        let err = check(
            "function has_x(a) { return a; }",
            Lang::JavaScript,
            declaration,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("`has_x`") && err.contains("the declaration `hasX`"),
            "{err}"
        );
    }

    #[test]
    fn files_of_another_language_are_refused_and_directories_filtered() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.py"), "def a(x):\n").unwrap();
        std::fs::write(dir.path().join("b.rs"), "fn b(x: u8) {}\n").unwrap();
        let err = Signatures::load(&dir.path().join("a.py"), Lang::Rust)
            .unwrap_err()
            .to_string();
        assert!(err.contains("a.py") && err.contains("python"), "{err}");
        let rust = Signatures::load(dir.path(), Lang::Rust).unwrap();
        assert_eq!(summary(&rust), vec![("b".into(), 1)]);
        let err = Signatures::load(dir.path(), Lang::JavaScript)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no javascript function"), "{err}");
    }

    /// Writes its request's signature with a body, or a fixed text when
    /// there is none, so tests see what reached the engine.
    struct FromSignature {
        fallback: &'static str,
    }

    impl crate::engine::Engine for FromSignature {
        fn name(&self) -> &str {
            "from-signature"
        }
        fn supports(&self, _: Lang, _: Lang) -> bool {
            true
        }
        fn translate(
            &self,
            request: &crate::engine::TranslationRequest,
        ) -> Result<crate::engine::Translation, crate::engine::EngineError> {
            let text = match &request.context.signature {
                Some(signature) if !signature.is_empty() => {
                    format!("{signature}\n  return 1;\n}}\n")
                }
                _ => self.fallback.to_string(),
            };
            Ok(crate::engine::Translation::candidates(vec![
                crate::engine::Candidate {
                    text,
                    ..Default::default()
                },
            ]))
        }
    }

    fn translate(
        signatures: Signatures,
        fallback: &'static str,
    ) -> crate::pipeline::TranslatedFile {
        let mut settings = crate::pipeline::Settings::new(Lang::JavaScript);
        settings.signatures = signatures;
        let engines: Vec<Box<dyn crate::engine::Engine>> =
            vec![Box::new(FromSignature { fallback })];
        crate::pipeline::translate_text(
            Path::new("t.py"),
            "def has_x(a, b):\n    return 1\n",
            Lang::Python,
            &settings,
            &engines,
        )
        .unwrap()
    }

    #[test]
    fn the_pipeline_hands_the_declaration_to_the_engine() {
        let signatures = load("const hasX = (a, b) => {\n", Lang::JavaScript);
        let out = translate(signatures, "");
        assert_eq!(out.text, "const hasX = (a, b) => {\n  return 1;\n}\n");
        assert_eq!(out.units[0].status, crate::report::UnitStatus::Translated);
    }

    #[test]
    fn the_pipeline_rejects_a_candidate_that_does_not_match() {
        // The declaration is for another function: no signature; the name
        // is the one the symbol table chose (`hasX`).
        let other = load("const other = (a) => {\n", Lang::JavaScript);
        let out = translate(other.clone(), "function hasX(a) { return 1; }");
        assert_eq!(out.units[0].status, crate::report::UnitStatus::Translated);
        let out = translate(other, "function has_x(a, b) { return 1; }");
        assert!(
            out.units[0].reasons[0].contains("not `hasX`, the name chosen"),
            "{:?}",
            out.units[0].reasons
        );

        // With a declaration (its text left empty, so the engine ignores
        // it), the same candidate is turned down, and the original is kept
        // in a TODO block that says why.
        let declared = Signatures {
            declarations: vec![Declaration {
                name: "hasX".into(),
                params: 2,
                text: String::new(),
                origin: PathBuf::from("decl.js"),
            }],
            aliases: Vec::new(),
        };
        let out = translate(declared.clone(), "function has_x(a, b) { return 1; }");
        assert_eq!(out.units[0].status, crate::report::UnitStatus::Failed);
        let reason = &out.units[0].reasons[0];
        assert!(
            reason.contains("does not match its declaration")
                && reason.contains("`has_x`")
                && reason.contains("`hasX`"),
            "{reason}"
        );
        assert!(out.text.contains("TODO(xlate)"), "{}", out.text);
        assert!(out.text.contains("def has_x(a, b):"), "{}", out.text);
        let out = translate(declared.clone(), "function hasX(a) { return 1; }");
        assert_eq!(
            out.units[0].reasons,
            vec!["from-signature candidate 0: does not match its declaration: `hasX` takes 1 parameter, the declaration 2"]
        );
        let out = translate(declared, "function hasX(a, b) { return 1; }");
        assert_eq!(out.units[0].status, crate::report::UnitStatus::Translated);
    }
}
