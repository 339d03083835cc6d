//! The languages xlate knows, and every fact about them in one place.
//!
//! Adding a language is one variant of [`Lang`], an arm in each `match` below,
//! its grammar crate, its query files under `grammars/<name>/` and its fixtures.

use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tree_sitter::{Language, Query};

/// A programming language xlate can read and write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Python,
    JavaScript,
    Rust,
}

/// How a language spells the names of functions and variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    SnakeCase,
    CamelCase,
}

/// The compiled tree-sitter queries of one language.
pub struct Queries {
    /// Top-level units, their names, attached comments and imports.
    pub units: Query,
    /// The members of a class (or impl) that is split into parts.
    pub members: Query,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Python, Lang::JavaScript, Lang::Rust];

    /// The canonical name, as used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::JavaScript => "javascript",
            Lang::Rust => "rust",
        }
    }

    /// The name people write in prose (prompts, messages).
    pub fn display_name(self) -> &'static str {
        match self {
            Lang::Python => "Python",
            Lang::JavaScript => "JavaScript",
            Lang::Rust => "Rust",
        }
    }

    /// Short names accepted wherever a language is named.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Lang::Python => &["py"],
            Lang::JavaScript => &["js"],
            Lang::Rust => &["rs"],
        }
    }

    /// File extensions (without the dot); the first is the one xlate writes.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Lang::Python => &["py"],
            Lang::JavaScript => &["js", "mjs", "cjs"],
            Lang::Rust => &["rs"],
        }
    }

    /// The extension of files written in this language.
    pub fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// The language of a file, by its extension.
    pub fn from_path(path: &Path) -> Option<Lang> {
        let ext = path.extension()?.to_str()?;
        Lang::ALL
            .into_iter()
            .find(|lang| lang.extensions().contains(&ext))
    }

    /// The tree-sitter grammar.
    pub fn grammar(self) -> Language {
        match self {
            Lang::Python => tree_sitter_python::LANGUAGE.into(),
            Lang::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Lang::Rust => tree_sitter_rust::LANGUAGE.into(),
        }
    }

    /// The sources of this language's queries: (file name, text).
    pub fn query_sources(self) -> [(&'static str, &'static str); 2] {
        match self {
            Lang::Python => [
                ("units.scm", include_str!("../grammars/python/units.scm")),
                (
                    "members.scm",
                    include_str!("../grammars/python/members.scm"),
                ),
            ],
            Lang::JavaScript => [
                (
                    "units.scm",
                    include_str!("../grammars/javascript/units.scm"),
                ),
                (
                    "members.scm",
                    include_str!("../grammars/javascript/members.scm"),
                ),
            ],
            Lang::Rust => [
                ("units.scm", include_str!("../grammars/rust/units.scm")),
                ("members.scm", include_str!("../grammars/rust/members.scm")),
            ],
        }
    }

    /// The compiled queries, built once per language per process: compiling a
    /// query takes milliseconds, far more than running it on one file.
    pub fn queries(self) -> &'static Queries {
        static CACHE: [OnceLock<Queries>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        CACHE[self as usize].get_or_init(|| {
            let [units, members] = self.query_sources();
            // The queries ship inside the binary and a test compiles every one of
            // them, so a failure here is a bug in xlate, not bad input.
            let compile = |(file, text): (&str, &str)| {
                Query::new(&self.grammar(), text).unwrap_or_else(|err| {
                    panic!("grammars/{}/{file} does not compile: {err}", self.name())
                })
            };
            Queries {
                units: compile(units),
                members: compile(members),
            }
        })
    }

    /// What starts a line comment.
    pub fn line_comment(self) -> &'static str {
        match self {
            Lang::Python => "#",
            Lang::JavaScript | Lang::Rust => "//",
        }
    }

    /// The naming convention of functions, methods and variables.
    pub fn naming(self) -> Naming {
        match self {
            Lang::Python | Lang::Rust => Naming::SnakeCase,
            Lang::JavaScript => Naming::CamelCase,
        }
    }

    /// Whether file and folder names must be identifiers to be imported
    /// (Python modules, Rust modules) rather than any file name (JavaScript).
    pub fn module_names_are_identifiers(self) -> bool {
        match self {
            Lang::Python | Lang::Rust => true,
            Lang::JavaScript => false,
        }
    }

    /// The words no identifier of this language may be. Python: the hard
    /// keywords (soft ones such as `match` are legal names). JavaScript: the
    /// reserved words of strict mode, which modules and classes always are
    /// in, with `arguments` and `eval`, which strict code cannot bind. Rust:
    /// the strict and reserved keywords of the 2021 and 2024 editions.
    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            Lang::Python => &[
                "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
                "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
                "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
                "raise", "return", "try", "while", "with", "yield",
            ],
            Lang::JavaScript => &[
                "arguments",
                "await",
                "break",
                "case",
                "catch",
                "class",
                "const",
                "continue",
                "debugger",
                "default",
                "delete",
                "do",
                "else",
                "enum",
                "eval",
                "export",
                "extends",
                "false",
                "finally",
                "for",
                "function",
                "if",
                "implements",
                "import",
                "in",
                "instanceof",
                "interface",
                "let",
                "new",
                "null",
                "package",
                "private",
                "protected",
                "public",
                "return",
                "static",
                "super",
                "switch",
                "this",
                "throw",
                "true",
                "try",
                "typeof",
                "var",
                "void",
                "while",
                "with",
                "yield",
            ],
            Lang::Rust => &[
                "Self", "abstract", "as", "async", "await", "become", "box", "break", "const",
                "continue", "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn",
                "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
                "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct",
                "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
                "virtual", "where", "while", "yield",
            ],
        }
    }

    /// Whether `name` cannot name a module of this language, so a file or
    /// folder named after it cannot be imported (`import class` is a syntax
    /// error; `mod match;` needs `r#`, and `mod self;` cannot be written at
    /// all). Never for JavaScript, which imports files by path; Rust also
    /// refuses `_`.
    pub fn is_reserved_module_name(self, name: &str) -> bool {
        match self {
            Lang::JavaScript => false,
            Lang::Python => self.keywords().contains(&name) || self.shadows_standard_module(name),
            Lang::Rust => name == "_" || self.keywords().contains(&name),
        }
    }

    /// Whether a module of the translation named `name` would stand for a
    /// standard module that translations import (`random.py` run from its
    /// folder is what `import random` finds, there and in its siblings).
    pub fn shadows_standard_module(self, name: &str) -> bool {
        /// Python's modules that translations and their helpers import, and
        /// those the standard-library table maps imports to.
        const PYTHON: &[&str] = &[
            "collections",
            "copy",
            "datetime",
            "functools",
            "itertools",
            "json",
            "math",
            "operator",
            "os",
            "random",
            "re",
            "string",
            "sys",
            "time",
            "typing",
        ];
        self == Lang::Python && PYTHON.contains(&name)
    }

    /// The file stem that makes a folder a package or module.
    pub fn package_stem(self) -> &'static str {
        match self {
            Lang::Python => "__init__",
            Lang::JavaScript => "index",
            Lang::Rust => "mod",
        }
    }

    /// Text placed before and after a class member so that it parses on its
    /// own: a method is not a valid top-level item in any of these languages.
    pub fn member_wrapper(self) -> (&'static str, &'static str) {
        match self {
            Lang::Python => ("class _XlateMember:\n", "\n"),
            Lang::JavaScript => ("class _XlateMember {\n", "\n}\n"),
            Lang::Rust => ("impl _XlateMember {\n", "\n}\n"),
        }
    }

    /// The line that stands in for member `index` of a split class while its
    /// skeleton is translated. It must parse inside a class body (a Python
    /// class body made only of comments does not), and it must carry the
    /// marker text [`member_marker`] so it can be found after translation.
    /// A block comment, where there is one, because a member may share its
    /// line with code that must survive (`class K { m() {} }`).
    pub fn member_placeholder(self, index: usize) -> String {
        match self {
            Lang::Python => format!("pass  # {}", member_marker(index)),
            Lang::JavaScript | Lang::Rust => format!("/* {} */", member_marker(index)),
        }
    }
}

/// The text that identifies member `index` inside a translated skeleton.
pub fn member_marker(index: usize) -> String {
    format!("xlate:member {index}")
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A language name that xlate does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown language `{0}` (known: python/py, javascript/js, rust/rs)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        let lower = s.to_ascii_lowercase();
        Lang::ALL
            .into_iter()
            .find(|lang| lang.name() == lower || lang.aliases().contains(&lower.as_str()))
            .ok_or_else(|| UnknownLang(s.to_string()))
    }
}

/// Converts an identifier to `snake_case`: `parseHTTPHeader` → `parse_http_header`.
pub fn to_snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == ' ' || c == '.' {
            out.push('_');
        } else if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Converts an identifier to `camelCase`: `parse_http_header` → `parseHttpHeader`.
/// Leading and trailing underscores are kept, since they carry meaning
/// (private names, dunder methods).
pub fn to_camel_case(name: &str) -> String {
    let core = name.trim_matches('_');
    if core.is_empty() {
        return name.to_string();
    }
    let lead = &name[..name.len() - name.trim_start_matches('_').len()];
    let trail = &name[name.trim_end_matches('_').len()..];
    let mut out = String::from(lead);
    let mut upper_next = false;
    for c in core.chars() {
        if c == '_' {
            upper_next = true;
        } else if upper_next {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out.push_str(trail);
    out
}

/// Makes a file or folder stem importable in `lang`: Python and Rust module
/// names must be `snake_case` identifiers that are not keywords (`class`
/// becomes `class_`); JavaScript takes any file name.
pub fn legal_stem(stem: &str, lang: Lang) -> String {
    let identifier = identifier_stem(stem, lang);
    match keyword_suffixed(&identifier, lang) {
        Some(renamed) => renamed,
        None => identifier,
    }
}

/// Where `stem` becomes a legal module name only by leaving a keyword of
/// `lang`: the name it gets, so that the rename can be reported.
pub fn keyword_rename(stem: &str, lang: Lang) -> Option<String> {
    keyword_suffixed(&identifier_stem(stem, lang), lang)
}

/// A trailing underscore, as PEP 8 advises for names that clash with a
/// keyword (`class_`); Rust's style guide says the same for `type_`-like
/// names where raw identifiers do not help.
fn keyword_suffixed(identifier: &str, lang: Lang) -> Option<String> {
    lang.is_reserved_module_name(identifier)
        .then(|| format!("{identifier}_"))
}

/// `stem` as a `snake_case` identifier, where module names must be ones.
fn identifier_stem(stem: &str, lang: Lang) -> String {
    if !lang.module_names_are_identifiers() {
        return stem.to_string();
    }
    let mut out: String = to_snake_case(stem)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_of_every_language_compiles() {
        for lang in Lang::ALL {
            for (file, text) in lang.query_sources() {
                if let Err(err) = Query::new(&lang.grammar(), text) {
                    panic!("grammars/{}/{file}: {err}", lang.name());
                }
            }
            // And the cached path builds them too.
            let queries = lang.queries();
            assert!(queries.units.pattern_count() > 0);
            assert!(queries.members.pattern_count() > 0);
        }
    }

    #[test]
    fn names_and_aliases_parse() {
        assert_eq!("py".parse::<Lang>().unwrap(), Lang::Python);
        assert_eq!("JavaScript".parse::<Lang>().unwrap(), Lang::JavaScript);
        assert_eq!("rs".parse::<Lang>().unwrap(), Lang::Rust);
        let err = "cobol".parse::<Lang>().unwrap_err().to_string();
        assert!(err.contains("cobol") && err.contains("python"), "{err}");
    }

    #[test]
    fn languages_come_from_extensions() {
        assert_eq!(
            Lang::from_path(Path::new("a/b.mjs")),
            Some(Lang::JavaScript)
        );
        assert_eq!(
            Lang::from_path(Path::new("a/b.cjs")),
            Some(Lang::JavaScript)
        );
        assert_eq!(Lang::from_path(Path::new("x.py")), Some(Lang::Python));
        assert_eq!(Lang::from_path(Path::new("lib.rs")), Some(Lang::Rust));
        assert_eq!(Lang::from_path(Path::new("README.md")), None);
        assert_eq!(Lang::from_path(Path::new("Makefile")), None);
    }

    #[test]
    fn case_conversions() {
        assert_eq!(to_snake_case("parseHTTPHeader"), "parse_http_header");
        assert_eq!(to_snake_case("getX"), "get_x");
        assert_eq!(to_snake_case("already_snake"), "already_snake");
        assert_eq!(to_snake_case("HTMLParser"), "html_parser");
        assert_eq!(to_snake_case("sum2Numbers"), "sum2_numbers");
        assert_eq!(to_camel_case("parse_http_header"), "parseHttpHeader");
        assert_eq!(to_camel_case("__init__"), "__init__");
        assert_eq!(to_camel_case("_private_name"), "_privateName");
        assert_eq!(to_camel_case("x"), "x");
    }

    #[test]
    fn stems_become_legal_module_names() {
        assert_eq!(legal_stem("my-module", Lang::Python), "my_module");
        assert_eq!(legal_stem("DataLoader", Lang::Rust), "data_loader");
        assert_eq!(legal_stem("2fast", Lang::Rust), "_2fast");
        assert_eq!(legal_stem("my-module", Lang::JavaScript), "my-module");
        assert_eq!(legal_stem("café", Lang::Python), "café");
    }

    /// Regression: `class.js` became `class.py`, which `import class` cannot
    /// import; `self.py` became `self.rs`, which no `mod` can name.
    #[test]
    fn keywords_of_the_target_get_a_trailing_underscore() {
        assert_eq!(legal_stem("class", Lang::Python), "class_");
        assert_eq!(legal_stem("Class", Lang::Python), "class_");
        assert_eq!(legal_stem("lambda", Lang::Python), "lambda_");
        assert_eq!(legal_stem("self", Lang::Rust), "self_");
        assert_eq!(legal_stem("match", Lang::Rust), "match_");
        assert_eq!(legal_stem("_", Lang::Rust), "__");
        // Soft keywords are legal module names in Python.
        assert_eq!(legal_stem("match", Lang::Python), "match");
        assert_eq!(legal_stem("class_", Lang::Python), "class_");
        // JavaScript imports by path: any name will do.
        assert_eq!(legal_stem("class", Lang::JavaScript), "class");
        assert_eq!(
            keyword_rename("class", Lang::Python).as_deref(),
            Some("class_")
        );
        assert_eq!(keyword_rename("my-module", Lang::Python), None);
    }
}
