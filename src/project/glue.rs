//! The rules engine's door into the project: a request that carries a
//! [`super::ProjectContext`] comes here first. Import, export and require
//! statements, entry points and test registrations are translated from the
//! project table; every other statement goes to the language direction
//! (on the IR, glue as a module pseudo-function) as before, so those stay
//! about code, not about files.

use tree_sitter::Node;

use super::{entry, tests, ProjectContext};
use crate::engine::rules::back::without_dollar;
use crate::engine::{SupportCode, TranslationRequest, DEFAULT_BINDING};
use crate::lang::Lang;
use crate::units::SegmentKind;

/// A translated piece of code and the file-level code it needs.
#[derive(Clone, Debug, Default)]
pub struct Piece {
    pub text: String,
    pub support: Vec<SupportCode>,
}

impl Piece {
    pub fn add_support(&mut self, more: Vec<SupportCode>) {
        for s in more {
            if !self.support.iter().any(|have| have.key == s.key) {
                self.support.push(s);
            }
        }
    }
}

/// A language direction of the rules engine: a request in, code or the
/// reason it declines out.
pub type Direction<'a> = &'a dyn Fn(&TranslationRequest) -> Result<Piece, String>;

/// Translates a request of a project run.
pub fn translate(req: &TranslationRequest, direction: Direction) -> Result<Piece, String> {
    let (named, imports) = paths_as_names(req)?;
    let req = named.as_ref().unwrap_or(req);
    let mut piece = translate_project(req, direction)?;
    piece.add_support(imports);
    if req.to == Lang::Rust
        && req
            .context
            .project
            .as_ref()
            .is_some_and(|p| p.shared_support)
    {
        // The crate's support module declares them once.
        piece.support = super::crate_support::imported(std::mem::take(&mut piece.support));
    }
    if req.to == Lang::JavaScript && req.context.project.as_ref().is_some_and(|p| p.commonjs) {
        // The same code with `require` for every ES `import` line.
        piece.text = super::imports::commonjs(&piece.text);
        for s in &mut piece.support {
            s.code = super::imports::commonjs(&s.code);
        }
    }
    Ok(piece)
}

fn translate_project(req: &TranslationRequest, direction: Direction) -> Result<Piece, String> {
    let Some(project) = &req.context.project else {
        return direction(req);
    };
    if req.kind == SegmentKind::Class && req.from == Lang::Python {
        if let Some(piece) = tests::python_test_class(req, direction)? {
            return Ok(piece);
        }
    }
    if req.from == Lang::Rust {
        if req.kind == SegmentKind::Function {
            // A test or the program's entry: neither is exported.
            if let Some(piece) = tests::rust_test(req, direction)? {
                return Ok(piece);
            }
            if let Some(piece) = entry::rust_main(req, direction)? {
                return Ok(piece);
            }
        }
        if req.kind == SegmentKind::Module {
            if let Some(piece) = tests::rust_inline_tests(req, direction)? {
                return Ok(piece);
            }
            return Err(format!(
                "inline module `{}` at line {} (a module of its own file is translated, and \
                 an inline #[cfg(test)] module of test functions)",
                req.name.as_deref().unwrap_or("?"),
                req.first_line
            ));
        }
    }
    let mut piece = if req.kind == SegmentKind::Glue {
        glue(req, project, direction)?
    } else {
        direction(req)?
    };
    if req.to == Lang::Rust && req.from == Lang::JavaScript {
        piece.text = rename_calls(&piece.text, &req.context.names);
    }
    if req.to == Lang::Rust && !project.exports.is_empty() {
        // What other modules import is `pub` (Python hides nothing; the
        // crate's tests are crates of their own).
        piece.text = piece
            .text
            .split_inclusive('\n')
            .map(|line| {
                let name = line
                    .strip_prefix("fn ")
                    .and_then(|rest| rest.split(['(', '<']).next());
                match name {
                    Some(name) if project.exports.iter().any(|e| e == name) => {
                        format!("pub {line}")
                    }
                    _ => line.to_string(),
                }
            })
            .collect();
    }
    if req.to == Lang::JavaScript && project.commonjs && !project.exports.is_empty() {
        // After the definitions (a `const` is not hoisted).
        let mut text = piece.text.trim_end_matches('\n').to_string();
        text.push('\n');
        for name in &project.exports {
            text.push_str(&format!("exports.{name} = {name};\n"));
        }
        piece.text = text;
    } else if req.to == Lang::JavaScript && !project.exports.is_empty() {
        let (marked, missing) = super::imports::mark_exports(&piece.text, &project.exports);
        piece.text = marked;
        for name in missing {
            piece.add_support(vec![SupportCode {
                key: format!("export:{name}"),
                code: format!("export {{ {name} }};\n"),
            }]);
        }
    }
    Ok(piece)
}

/// A Rust request whose paths to items of other modules of the project
/// (`crate::Effects`, `super::f`: [`ProjectContext::paths`]) are written
/// as the names their imports bind, and the imports of those its source
/// names, one per item, in the order of the table. The declarations the
/// request carries (its structs', its `impl`'s header) are rewritten
/// alike, so that a field of type `crate::Color` is a `Color`.
fn paths_as_names(req: &TranslationRequest) -> Result<Named, String> {
    let none = Ok((None, Vec::new()));
    let Some(project) = req.context.project.as_ref() else {
        return none;
    };
    if req.from != Lang::Rust || project.paths.is_empty() {
        return none;
    }
    let paths = &project.paths;
    let mut named = req.clone();
    let mut used = Vec::new();
    if let Some((text, k)) = names_for_paths(&req.source, paths) {
        named.source = text;
        used = k;
    }
    if let Some(p) = used
        .iter()
        .map(|&k| &paths[k])
        .find(|p| p.untranslated.is_some())
    {
        let line = req.source.find(&p.path).map_or(req.first_line, |at| {
            req.first_line + req.source[..at].matches('\n').count()
        });
        return Err(format!(
            "`{}` at line {line}: `{}` of {} is not translated",
            p.path,
            p.local,
            p.untranslated.as_deref().unwrap_or_default()
        ));
    }
    let declarations = named
        .context
        .types
        .iter_mut()
        .chain(named.context.enclosing.iter_mut())
        .chain(
            named
                .context
                .project
                .iter_mut()
                .flat_map(|p| p.types.iter_mut()),
        );
    for decl in declarations {
        if let Some((text, _)) = names_for_paths(decl, paths) {
            *decl = text;
        }
    }
    let imports = used
        .into_iter()
        .filter(|&k| !paths[k].import.is_empty())
        .map(|k| {
            let import = paths[k].import.trim_end_matches('\n');
            SupportCode {
                key: format!("path-import:{import}"),
                code: format!("{import}\n"),
            }
        })
        .collect();
    Ok((Some(named), imports))
}

/// A request with its paths written as names, and the imports they need.
type Named = (Option<TranslationRequest>, Vec<SupportCode>);

/// Rust `src` with each path of `paths` written as its item's name, and
/// the indices of the paths it had; none where it has none. The target has
/// no paths, so the name must mean the item throughout the code: where
/// `src` binds the same name itself (a local, a parameter, a type
/// parameter) or spells it without a path, that path is left as it is
/// (and its unit declines on it, as before).
pub fn names_for_paths(src: &str, paths: &[super::PathImport]) -> Option<(String, Vec<usize>)> {
    let tree = crate::units::parse(src, Lang::Rust)?;
    // (range, index into `paths`) of each path; the names spelled bare.
    let mut edits: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    let mut bare: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "scoped_identifier" | "scoped_type_identifier" => {
                let text: String = src[node.byte_range()].split_whitespace().collect();
                if let Some(k) = paths.iter().position(|p| p.path == text) {
                    edits.push((node.byte_range(), k));
                    continue;
                }
            }
            // The name after `::` (`Self::f`, `m::Effects`) binds nothing.
            "identifier" | "type_identifier"
                if !node.parent().is_some_and(|p| {
                    p.kind().starts_with("scoped_") && p.child_by_field_name("name") == Some(node)
                }) =>
            {
                bare.insert(&src[node.byte_range()]);
            }
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    edits.retain(|(_, k)| !bare.contains(paths[*k].local.as_str()));
    if edits.is_empty() {
        return None;
    }
    let mut used: Vec<usize> = edits.iter().map(|(_, k)| *k).collect();
    used.sort();
    used.dedup();
    let mut out = src.to_string();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, k) in edits {
        out.replace_range(range, &paths[k].local);
    }
    Some((out, used))
}

/// Calls in Rust `code` of functions the symbol table renamed (`names`:
/// source name, target name) under their target names: the rules engine
/// writes a call of another unit's function (`areaOfSquare(3.0)`) by the
/// name the JavaScript source calls it, and the definition is
/// `area_of_square`. Only an identifier followed by `(` and not inside a
/// string or comment is renamed.
pub fn rename_calls(code: &str, names: &[(String, String)]) -> String {
    // A name with `$` is written without it (see `without_dollar`).
    let renames: Vec<(std::borrow::Cow<str>, &str)> = names
        .iter()
        .filter(|(from, to)| from != to && !from.is_empty())
        .map(|(a, b)| (without_dollar(a), b.as_str()))
        .collect();
    if renames.is_empty() {
        return code.to_string();
    }
    let Some(tree) = crate::units::parse(code, Lang::Rust) else {
        return code.to_string();
    };
    let mut edits: Vec<(std::ops::Range<usize>, &str)> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        // A call, or in a macro's tokens (`format!("{}", f(x))`) an
        // identifier followed by a parenthesised token tree.
        let callee = match node.kind() {
            "call_expression" => node
                .child_by_field_name("function")
                .filter(|f| f.kind() == "identifier"),
            "identifier"
                if node.parent().is_some_and(|p| p.kind() == "token_tree")
                    && node.next_sibling().is_some_and(|n| {
                        n.kind() == "token_tree" && code[n.byte_range()].starts_with('(')
                    }) =>
            {
                Some(node)
            }
            _ => None,
        };
        if let Some(f) = callee {
            if let Some((_, to)) = renames
                .iter()
                .find(|(from, _)| *from == code[f.byte_range()])
            {
                edits.push((f.byte_range(), to));
            }
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    let mut out = code.to_string();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, to) in edits {
        out.replace_range(range, to);
    }
    out
}

/// What one top-level statement of glue is.
enum Item<'t> {
    /// Code whose target the project table wrote (imports), or that needs
    /// nothing (`__all__`, `module.exports`).
    Written(String),
    /// An entry point block.
    Entry(Node<'t>),
    /// A test registration (`test(...)`, `describe(...)`).
    Test,
    /// `export <declaration>`: the declaration, for the direction.
    Declaration(Node<'t>),
    /// `export default <expression>` of an expression that names no
    /// definition (`export default twice(2)`): the value, which importers
    /// import as `default`.
    DefaultValue(Node<'t>),
    /// Anything else: for the direction.
    Code,
}

fn glue(
    req: &TranslationRequest,
    project: &ProjectContext,
    direction: Direction,
) -> Result<Piece, String> {
    let src = req.source.strip_prefix('\u{feff}').unwrap_or(&req.source);
    let tree = crate::units::parse(src, req.from)
        .ok_or_else(|| "source the parser gave up on".to_string())?;
    let root = tree.root_node();
    let mut cursor = root.walk();
    let nodes: Vec<Node> = root.named_children(&mut cursor).collect();
    let line_of = |n: Node| req.first_line + n.start_position().row;
    let items: Vec<(Node, Item)> = nodes
        .iter()
        .map(|&n| (n, classify(n, src, req, project, line_of(n))))
        .collect();
    if items.iter().all(|(_, i)| matches!(i, Item::Code)) {
        return direction(req);
    }
    let mut out = Piece::default();
    // Pieces with the source rows they cover, to keep blank lines.
    let mut parts: Vec<(usize, usize, String)> = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let (node, item) = &items[k];
        let (start, end) = (node.start_position().row, node.end_position().row);
        match item {
            Item::Written(code) => parts.push((start, end, code.clone())),
            Item::Entry(n) => {
                let piece = entry::translate(*n, src, req, direction)?;
                out.add_support(piece.support);
                parts.push((start, end, piece.text));
            }
            Item::Declaration(n) => {
                let piece = direction(&sub_request(req, src, *n, *n))?;
                out.add_support(piece.support);
                parts.push((start, end, piece.text));
            }
            Item::DefaultValue(value) => {
                let piece = direction(&default_request(req, src, *node, *value)?)?;
                out.add_support(piece.support);
                parts.push((start, end, piece.text));
            }
            Item::Test => {
                // Consecutive registrations make one test class.
                let mut last = k;
                while last + 1 < items.len() && matches!(items[last + 1].1, Item::Test) {
                    last += 1;
                }
                let calls: Vec<Node> = items[k..=last].iter().map(|(n, _)| *n).collect();
                let piece = tests::javascript_tests(&calls, src, req, direction)?;
                out.add_support(piece.support);
                parts.push((start, items[last].0.end_position().row, piece.text));
                k = last;
            }
            Item::Code => {
                let mut last = k;
                while last + 1 < items.len() && matches!(items[last + 1].1, Item::Code) {
                    last += 1;
                }
                let end_node = items[last].0;
                let piece = direction(&sub_request(req, src, *node, end_node))?;
                out.add_support(piece.support);
                parts.push((start, end_node.end_position().row, piece.text));
                k = last;
            }
        }
        k += 1;
    }
    let mut text = String::new();
    let mut prev_end: Option<usize> = None;
    for (start, end, code) in parts {
        let code = code.trim_end_matches('\n');
        if code.is_empty() {
            continue;
        }
        if let Some(prev) = prev_end {
            if start > prev + 1 {
                text.push('\n');
            }
        }
        text.push_str(code);
        text.push('\n');
        prev_end = Some(end);
    }
    out.text = text;
    Ok(out)
}

/// A request for the statements from `first` to `last` of the glue.
pub fn sub_request(
    req: &TranslationRequest,
    src: &str,
    first: Node,
    last: Node,
) -> TranslationRequest {
    let mut sub = req.clone();
    sub.source = src[first.start_byte()..last.end_byte()].to_string();
    sub.source.push('\n');
    sub.first_line = req.first_line + first.start_position().row;
    sub.kind = SegmentKind::Glue;
    sub
}

/// `export default <expression>` as a request for the direction: the
/// binding `var xlate$default = <expression>;`, which the symbol table's
/// entry spells `default` in Python, the name importers import. Into Rust,
/// a value computed at its first use (see
/// `symbols::ModuleSymbols::values_for`) is the function `default` giving
/// it, which importers `use` as their name. Other values have no
/// module-level binding there that importers could `use`: declined (the
/// importers then leave it out).
fn default_request(
    req: &TranslationRequest,
    src: &str,
    statement: Node,
    value: Node,
) -> Result<TranslationRequest, String> {
    let line = req.first_line + statement.start_position().row;
    let value_of_rust = req.to == Lang::Rust && req.context.values.iter().any(|v| v == "default");
    if req.to != Lang::Python && !value_of_rust {
        return Err(format!(
            "`export default` of an expression at line {line} (a {} module has no binding \
             for a computed default that importers could use)",
            req.to.display_name()
        ));
    }
    let mut sub = sub_request(req, src, value, value);
    sub.source = format!("var {DEFAULT_BINDING} = {}", sub.source.trim_end());
    sub.source.push_str(";\n");
    sub.context
        .names
        .push((DEFAULT_BINDING.to_string(), "default".to_string()));
    if value_of_rust {
        sub.context.values.push(DEFAULT_BINDING.to_string());
    }
    Ok(sub)
}

fn classify<'t>(
    node: Node<'t>,
    src: &str,
    req: &TranslationRequest,
    project: &ProjectContext,
    line: usize,
) -> Item<'t> {
    let written = || -> Option<String> {
        let codes: Vec<&str> = project
            .statements
            .iter()
            .filter(|(l, _)| *l == line)
            .map(|(_, c)| c.as_str())
            .collect();
        (!codes.is_empty()).then(|| {
            codes
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    let text = &src[node.byte_range()];
    match (req.from, node.kind()) {
        (Lang::Python, "import_statement" | "import_from_statement") => {
            written().map_or(Item::Code, Item::Written)
        }
        (Lang::Python, "future_import_statement") => Item::Written(String::new()),
        (Lang::Python, "expression_statement") if text.starts_with("__all__") => {
            Item::Written(String::new())
        }
        (Lang::Python, "if_statement") if super::records::is_python_main_guard(node, src) => {
            Item::Entry(node)
        }
        (Lang::JavaScript, "import_statement") => written().map_or(Item::Code, Item::Written),
        (Lang::JavaScript, "lexical_declaration" | "variable_declaration") => {
            written().map_or(Item::Code, Item::Written)
        }
        (Lang::JavaScript, "export_statement") => {
            if let Some(code) = written() {
                return Item::Written(code);
            }
            if let Some(decl) = node.child_by_field_name("declaration") {
                return Item::Declaration(decl);
            }
            if let Some(value) = node
                .child_by_field_name("value")
                .filter(|v| v.kind() != "identifier")
            {
                return Item::DefaultValue(value);
            }
            Item::Written(export_clause_python(node, src, req))
        }
        (Lang::JavaScript, "expression_statement")
            if text.starts_with("module.exports") || text.starts_with("exports.") =>
        {
            Item::Written(String::new())
        }
        (Lang::JavaScript, "expression_statement")
            if project.is_test && tests::is_registration(node, src) =>
        {
            Item::Test
        }
        (Lang::JavaScript, "if_statement") if super::records::is_js_main_guard(node, src) => {
            Item::Entry(node)
        }
        // `use` lines become the target's imports (or nothing: the
        // backends import the standard library they use); `mod x;` needs
        // no line, since an importer names the module's file itself.
        (Lang::Rust, "use_declaration") => Item::Written(written().unwrap_or_default()),
        (Lang::Rust, "mod_item") if node.child_by_field_name("body").is_none() => {
            Item::Written(String::new())
        }
        (Lang::Rust, "inner_attribute_item" | "attribute_item") => Item::Written(String::new()),
        // A comment between imports is one in Rust too, as line comments:
        // a JSDoc `/** */` or a `/*! */` banner would be a Rust doc comment,
        // which does not compile with no item after it, and a `/*` inside
        // a block comment would open a nested one in Rust.
        (Lang::JavaScript, "comment") if req.to == Lang::Rust => Item::Written(
            crate::engine::comment_body(text, Lang::JavaScript)
                .iter()
                .map(|l| crate::engine::rust_line_comment(l))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => Item::Code,
    }
}

/// `export { a as b }` with no source, in Python: every top-level name is
/// public already, so only renames need code (`b = a`). `export default
/// x` needs none: importers of the default take `x` by its own name.
fn export_clause_python(node: Node, src: &str, req: &TranslationRequest) -> String {
    let target_of = |name: &str| {
        req.context
            .target_name(name)
            .map(str::to_string)
            .unwrap_or_else(|| {
                crate::symbols::natural_name(name, SegmentKind::Function, req.to)
                    .unwrap_or_else(|| name.to_string())
            })
    };
    let mut lines = Vec::new();
    let mut cursor = node.walk();
    for clause in node.named_children(&mut cursor) {
        if clause.kind() != "export_clause" {
            continue;
        }
        let mut inner = clause.walk();
        for spec in clause.named_children(&mut inner) {
            let (Some(name), Some(alias)) = (
                spec.child_by_field_name("name"),
                spec.child_by_field_name("alias"),
            ) else {
                continue;
            };
            let (local, exported) = (&src[name.byte_range()], &src[alias.byte_range()]);
            let (local, exported) = (target_of(local), target_of(exported));
            if local != exported {
                lines.push(format!("{exported} = {local}"));
            }
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod rename_tests {
    use super::*;

    // Regression (JavaScript → Rust): a bundle's `has$1`, which Rust
    // cannot name, was written as it is, and the file did not parse.
    #[test]
    fn a_name_with_a_dollar_is_called_by_its_rust_name() {
        let names = vec![("has$1".to_string(), "has_1".to_string())];
        assert_eq!(
            rename_calls("fn t() { has_dollar_1(x); }", &names),
            "fn t() { has_1(x); }"
        );
    }

    // Regression (JavaScript → Rust): a call of another unit's function
    // was written by its JavaScript name (`areaOfSquare(3.0)`), which no
    // Rust definition has.
    #[test]
    fn calls_take_their_rust_names_and_strings_do_not() {
        let names = vec![
            ("areaOfSquare".to_string(), "area_of_square".to_string()),
            ("same".to_string(), "same".to_string()),
        ];
        let code = "fn t() {\n    let areaOfSquare = 1;\n    if areaOfSquare(3.0) != 9.0 {\n        panic!(\"areaOfSquare(3) {}\", areaOfSquare(2.0));\n    }\n}\n";
        assert_eq!(
            rename_calls(code, &names),
            "fn t() {\n    let areaOfSquare = 1;\n    if area_of_square(3.0) != 9.0 {\n        panic!(\"areaOfSquare(3) {}\", area_of_square(2.0));\n    }\n}\n"
        );
    }
}
