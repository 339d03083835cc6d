//! Rust's conditional compilation, for the build xlate translates.
//!
//! A Rust file is not one program but one per build: `#[cfg(feature =
//! "std")] fn f()` and `#[cfg(not(feature = "std"))] fn f()` are two
//! versions of `f`, of which each build has one. A translation is of one
//! build, the one cargo makes by default: the package's default features
//! (`[features] default` of its `Cargo.toml`, with the features they
//! enable), on a 64-bit little-endian target (the width the rules engine
//! gives `usize`), with debug assertions (whose overflow checks it
//! follows), not under Miri or rustdoc.
//!
//! [`view`] gives the file as that build reads it, with every row where
//! it was: an item whose `#[cfg(..)]` holds keeps its code (the attribute
//! is put in a comment), and one whose `#[cfg(..)]` does not becomes line
//! comments, its first naming the attribute, so that the output keeps it
//! as a comment and no translated code calls it. A condition the build
//! does not settle (`unix`, `target_arch = "x86_64"`, `test`, a `cfg` of
//! the package's own) is left as written, and the rules engine declines
//! the item it stands on.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

use crate::lang::Lang;

/// The first line of an item a build leaves out, before its attribute.
pub const OFF: &str = "xlate: not in the build translated: ";

/// What the translated build enables.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Build {
    /// The package's enabled features, sorted; `None` where no
    /// `Cargo.toml` says (a file alone), so that `feature = ".."` is not
    /// settled.
    pub features: Option<Vec<String>>,
}

impl Build {
    /// The build of the package whose `Cargo.toml` is `manifest`'s text:
    /// the default features and every feature they enable, transitively
    /// (`std = ["alloc"]`). A dependency's feature (`serde/std`) or an
    /// optional dependency named with `dep:` enables no feature of this
    /// package; an optional dependency named bare enables the feature of
    /// its name, as cargo's implicit features do. A manifest that does not
    /// parse settles nothing.
    pub fn from_manifest(manifest: &str) -> Build {
        let Ok(doc) = manifest.parse::<toml::Table>() else {
            return Build::default();
        };
        let table = doc.get("features").and_then(|f| f.as_table());
        let mut on = BTreeSet::new();
        let mut todo = vec!["default".to_string()];
        while let Some(feature) = todo.pop() {
            let Some(list) = table
                .and_then(|t| t.get(&feature))
                .and_then(|v| v.as_array())
            else {
                if feature != "default" {
                    on.insert(feature);
                }
                continue;
            };
            if !on.insert(feature) {
                continue;
            }
            for item in list.iter().filter_map(|v| v.as_str()) {
                if !item.starts_with("dep:") && !item.contains('/') && !on.contains(item) {
                    todo.push(item.to_string());
                }
            }
        }
        Build {
            features: Some(on.into_iter().collect()),
        }
    }

    /// The build of the package a file belongs to: the nearest folder
    /// above it, within `root`, that holds a `Cargo.toml`. None found, or
    /// one not read, settles no feature.
    pub fn for_file(file: &Path, root: &Path) -> Build {
        let mut dir = file.parent();
        while let Some(d) = dir {
            let manifest = d.join("Cargo.toml");
            if manifest.is_file() {
                return std::fs::read_to_string(&manifest)
                    .map(|text| Build::from_manifest(&text))
                    .unwrap_or_default();
            }
            if d == root || !d.starts_with(root) {
                break;
            }
            dir = d.parent();
        }
        Build::default()
    }

    /// Whether the build has `predicate` (the inside of `cfg(..)`), or
    /// `None` where it does not settle it.
    pub fn holds(&self, predicate: &str) -> Option<bool> {
        let words: String = predicate.chars().filter(|c| !c.is_whitespace()).collect();
        let mut parser = Parser {
            text: &words,
            at: 0,
            build: self,
        };
        let value = parser.predicate()?;
        (parser.at == words.len()).then_some(value)?
    }
}

/// A reader of one `cfg` predicate without whitespace, in three values:
/// `Some(true)`, `Some(false)`, and `None` for a condition not settled
/// (`any`/`all` settle what their known arms settle, as Kleene's logic).
struct Parser<'a> {
    text: &'a str,
    at: usize,
    build: &'a Build,
}

impl<'a> Parser<'a> {
    /// `Some(value)` for a well-formed predicate; `None` for one that
    /// does not read (the caller leaves it unsettled).
    fn predicate(&mut self) -> Option<Option<bool>> {
        let name = self.word()?;
        match name {
            "all" | "any" | "not" => {
                self.eat('(')?;
                let mut values = Vec::new();
                while !self.rest().starts_with(')') {
                    values.push(self.predicate()?);
                    if !self.rest().starts_with(')') {
                        self.eat(',')?;
                    }
                }
                self.eat(')')?;
                Some(match name {
                    "not" => match values.as_slice() {
                        [v] => v.map(|b| !b),
                        _ => return None,
                    },
                    "all" if values.contains(&Some(false)) => Some(false),
                    "all" => values.iter().all(|v| *v == Some(true)).then_some(true),
                    _ if values.contains(&Some(true)) => Some(true),
                    _ => values.iter().all(|v| *v == Some(false)).then_some(false),
                })
            }
            _ if self.rest().starts_with('=') => {
                self.eat('=')?;
                let value = self.string()?;
                Some(self.option(name, value))
            }
            _ => Some(self.flag(name)),
        }
    }

    fn option(&self, name: &str, value: &str) -> Option<bool> {
        match name {
            "feature" => self
                .build
                .features
                .as_ref()
                .map(|on| on.iter().any(|f| f == value)),
            "target_pointer_width" => Some(value == "64"),
            "target_endian" => Some(value == "little"),
            _ => None,
        }
    }

    fn flag(&self, name: &str) -> Option<bool> {
        match name {
            "debug_assertions" => Some(true),
            "miri" | "doc" | "doctest" => Some(false),
            _ => None,
        }
    }

    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn eat(&mut self, c: char) -> Option<()> {
        self.rest().starts_with(c).then(|| self.at += c.len_utf8())
    }

    fn word(&mut self) -> Option<&'a str> {
        let text: &'a str = self.text;
        let rest = &text[self.at..];
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        (len > 0).then(|| {
            self.at += len;
            &rest[..len]
        })
    }

    fn string(&mut self) -> Option<&'a str> {
        let text: &'a str = self.text;
        let rest = &text[self.at..];
        let body = rest.strip_prefix('"')?;
        let end = body.find('"')?;
        self.at += end + 2;
        Some(&body[..end])
    }
}

/// The inside of `#[cfg(..)]`, where `attribute` is one.
fn cfg_predicate(attribute: &str) -> Option<&str> {
    let inner = attribute.strip_prefix("#[")?.strip_suffix(']')?.trim();
    let rest = inner.strip_prefix("cfg")?.trim_start();
    rest.strip_prefix('(')?.strip_suffix(')')
}

/// The Rust file `text` as `build` reads it (see the module's doc), with
/// every row where it was; `None` where no `#[cfg(..)]` is settled (or
/// the file does not parse: the engine says so where it reads it).
pub fn view(text: &str, build: &Build) -> Option<String> {
    if !text.contains("#[cfg") {
        return None;
    }
    let tree = crate::units::parse(text, Lang::Rust)?;
    let mut edits = Vec::new();
    collect(tree.root_node(), text, build, &mut edits, 0);
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.0.start);
    let mut out = String::with_capacity(text.len() + 64 * edits.len());
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// The lists whose children are items a `#[cfg(..)]` may stand on.
fn holds_items(kind: &str) -> bool {
    matches!(
        kind,
        "source_file"
            | "declaration_list"
            | "field_declaration_list"
            | "enum_variant_list"
            | "block"
    )
}

/// The lists whose comments the rules engine does not carry into its
/// output.
fn keeps_no_comments(kind: &str) -> bool {
    matches!(kind, "field_declaration_list" | "enum_variant_list")
}

fn collect(
    node: Node,
    text: &str,
    build: &Build,
    edits: &mut Vec<(std::ops::Range<usize>, String)>,
    depth: usize,
) {
    // Deeper than the engines follow: they decline it themselves.
    if depth > crate::depth::MAX_NESTING {
        return;
    }
    let mut cursor = node.walk();
    let children: Vec<Node> = node.named_children(&mut cursor).collect();
    let mut skip_to = 0;
    for (i, child) in children.iter().enumerate() {
        if i < skip_to {
            continue;
        }
        if holds_items(node.kind()) && child.kind() == "attribute_item" {
            let attribute = &text[child.byte_range()];
            if let Some(holds) = cfg_predicate(attribute).and_then(|p| build.holds(p)) {
                let item = children[i + 1..]
                    .iter()
                    .position(|n| {
                        !matches!(
                            n.kind(),
                            "attribute_item" | "line_comment" | "block_comment"
                        )
                    })
                    .map(|k| children[i + 1 + k]);
                match (holds, item) {
                    (true, _) if !attribute.contains("*/") && !attribute.contains("/*") => {
                        edits.push((child.byte_range(), format!("/* {attribute} */")));
                        continue;
                    }
                    // A struct's fields and an enum's variants keep no
                    // comments in the output: one the build leaves out is
                    // left as written (and declined), not dropped unseen.
                    (false, Some(item)) if !keeps_no_comments(node.kind()) => {
                        if let Some(edit) = comment_out(text, *child, item) {
                            edits.push(edit);
                            skip_to = children
                                .iter()
                                .position(|n| n.id() == item.id())
                                .map_or(i + 1, |k| k + 1);
                        }
                        continue;
                    }
                    _ => {}
                }
            }
        }
        collect(*child, text, build, edits, depth + 1);
    }
}

/// The rows from `attribute` to the end of `item` as line comments, the
/// first naming why ([`OFF`]); `None` where code other than them shares
/// one of those rows (the item is left as written).
fn comment_out(
    text: &str,
    attribute: Node,
    item: Node,
) -> Option<(std::ops::Range<usize>, String)> {
    let start = text[..attribute.start_byte()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    if !text[start..attribute.start_byte()].trim().is_empty() {
        return None;
    }
    let end = text[item.end_byte()..]
        .find('\n')
        .map_or(text.len(), |i| item.end_byte() + i);
    if !text[item.end_byte()..end]
        .trim_matches(|c: char| c.is_whitespace() || c == ',')
        .is_empty()
    {
        return None;
    }
    // Every row is commented at the attribute's column (or its own, if
    // less indented), so that the code keeps its indentation inside.
    let column = attribute.start_byte() - start;
    let mut out = String::new();
    for (k, line) in text[start..end].split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        if line.trim().is_empty() {
            out.push_str(line);
            continue;
        }
        let at = column.min(line.len() - line.trim_start().len());
        out.push_str(&line[..at]);
        out.push_str("// ");
        if k == 0 {
            out.push_str(OFF);
        }
        out.push_str(&line[at..]);
    }
    Some((start..end, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(features: &[&str]) -> Build {
        Build {
            features: Some(features.iter().map(|f| f.to_string()).collect()),
        }
    }

    #[test]
    fn default_features_are_resolved_through_the_features_they_enable() {
        let manifest = r#"
[package]
name = "p"

[features]
default = ["std", "serde?/std"]
std = ["alloc", "dep:libc", "getrandom/std"]
alloc = []
unicode = []
"#;
        assert_eq!(
            Build::from_manifest(manifest).features,
            Some(vec!["alloc".into(), "default".into(), "std".into()])
        );
        assert_eq!(
            Build::from_manifest("[package]\nname = \"p\"\n").features,
            Some(vec![])
        );
        assert_eq!(Build::from_manifest("not toml [").features, None);
    }

    #[test]
    fn predicates_are_settled_in_three_values() {
        let b = build(&["std"]);
        assert_eq!(b.holds(r#"feature = "std""#), Some(true));
        assert_eq!(b.holds(r#"feature = "alloc""#), Some(false));
        assert_eq!(b.holds(r#"not(feature = "std")"#), Some(false));
        assert_eq!(b.holds(r#"target_pointer_width = "64""#), Some(true));
        assert_eq!(b.holds(r#"target_pointer_width = "32""#), Some(false));
        assert_eq!(b.holds("unix"), None);
        assert_eq!(b.holds(r#"all(unix, feature = "alloc")"#), Some(false));
        assert_eq!(b.holds(r#"any(unix, feature = "std")"#), Some(true));
        assert_eq!(b.holds(r#"all(unix, feature = "std")"#), None);
        assert_eq!(b.holds("all()"), Some(true));
        assert_eq!(b.holds("any()"), Some(false));
        assert_eq!(b.holds("not(miri)"), Some(true));
        assert_eq!(b.holds("not(a, b)"), None);
        assert_eq!(b.holds(r#"feature = "std" junk"#), None);
        assert_eq!(Build::default().holds(r#"feature = "std""#), None);
    }

    #[test]
    fn a_view_keeps_what_the_build_has_and_comments_out_the_rest_on_their_rows() {
        let text = "#[cfg(feature = \"std\")]\npub fn f() -> i32 {\n    1\n}\n\n#[cfg(not(feature = \"std\"))]\n#[inline]\npub fn f() -> i32 {\n    2\n}\n\nimpl S {\n    #[cfg(unix)]\n    fn g() {}\n    #[cfg(target_pointer_width = \"32\")]\n    fn h() {}\n}\n";
        let v = view(text, &build(&["std"])).unwrap();
        assert_eq!(v.lines().count(), text.lines().count());
        assert_eq!(
            v,
            "/* #[cfg(feature = \"std\")] */\npub fn f() -> i32 {\n    1\n}\n\n// xlate: not in the build translated: #[cfg(not(feature = \"std\"))]\n// #[inline]\n// pub fn f() -> i32 {\n//     2\n// }\n\nimpl S {\n    #[cfg(unix)]\n    fn g() {}\n    // xlate: not in the build translated: #[cfg(target_pointer_width = \"32\")]\n    // fn h() {}\n}\n"
        );
        assert_eq!(view("#[cfg(unix)]\nfn f() {}\n", &build(&[])), None);
        assert_eq!(view("fn f() {}\n", &build(&[])), None);
    }

    #[test]
    fn an_item_sharing_a_row_with_other_code_is_left_as_written() {
        let text = "fn f() {\n    #[cfg(feature = \"x\")] g(); h();\n}\n";
        assert_eq!(view(text, &build(&[])), None);
        // A statement on rows of its own goes.
        let text = "fn f() {\n    #[cfg(feature = \"x\")]\n    g();\n    h();\n}\n";
        assert_eq!(
            view(text, &build(&[])).unwrap(),
            "fn f() {\n    // xlate: not in the build translated: #[cfg(feature = \"x\")]\n    // g();\n    h();\n}\n"
        );
    }

    #[test]
    fn fields_and_variants_the_build_leaves_out_are_left_as_written() {
        let text = "struct S {\n    #[cfg(feature = \"x\")]\n    a: u8,\n    #[cfg(feature = \"y\")]\n    b: u8,\n}\nenum E {\n    #[cfg(feature = \"x\")]\n    A,\n}\n";
        assert_eq!(
            view(text, &build(&["y"])).unwrap(),
            "struct S {\n    #[cfg(feature = \"x\")]\n    a: u8,\n    /* #[cfg(feature = \"y\")] */\n    b: u8,\n}\nenum E {\n    #[cfg(feature = \"x\")]\n    A,\n}\n"
        );
    }
}
