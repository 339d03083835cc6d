//! Finding the function under test in a file: its parameters with their
//! declared types, whether it is a method, its documentation (where the
//! examples are) and its own text (for the check for files, clock and
//! randomness).

use tree_sitter::{Node, Parser};

use crate::lang::Lang;

/// A function or method, as declared.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// The parameters a caller passes (`self`, `cls` and Rust's receiver
    /// left out).
    pub params: Vec<Param>,
    pub receiver: Receiver,
    /// The function's own text, decorators and doc comments included.
    pub text: String,
    /// Its documentation: a docstring, a JSDoc block, `///` lines.
    pub doc: String,
    /// `async`: calling it gives a coroutine, a promise or a future, not
    /// its result.
    pub is_async: bool,
    /// The declared return type as written (a Python annotation, a Rust
    /// type); `None` where none is declared.
    pub returns: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    /// The declared type as written (a Python annotation, a JSDoc
    /// `@param {type}`, a Rust type).
    pub ty: Option<String>,
    /// It has a default value, so a caller may leave it out.
    pub default: bool,
    /// `*args`, `...rest`: the inputs do not cover it.
    pub variadic: bool,
}

/// How a function is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// A plain function, or a static method or class method.
    None,
    /// A method called on an instance.
    Instance,
}

/// Finds `name` (`f`, `Class.method`, `Type::method`) in `file`.
pub fn find(lang: Lang, file: &str, name: &str) -> Option<Function> {
    let mut parser = Parser::new();
    parser.set_language(&lang.grammar()).ok()?;
    let tree = parser.parse(file, None)?;
    let (owner, function) = match name.rsplit_once("::").or_else(|| name.rsplit_once('.')) {
        Some((owner, function)) => (Some(owner), function),
        None => (None, name),
    };
    let root = tree.root_node();
    let found = match owner {
        None => find_function(lang, root, file, function, 0),
        // Rust may have several impls of one type (`impl Shape for Circle`
        // and `impl Circle`): the function is in one of them.
        Some(owner) => {
            let mut bodies = Vec::new();
            find_owners(lang, root, file, owner, 0, &mut bodies);
            bodies
                .into_iter()
                .find_map(|body| find_function(lang, body, file, function, 0))
        }
    }?;
    Some(describe(lang, found, file, owner.is_some()))
}

/// The names of `file`'s functions and methods that [`find`] finds:
/// top-level functions (`f`), class methods (`Class.method`) and Rust
/// associated functions (`Type::method`), in file order.
pub fn functions(lang: Lang, file: &str) -> Vec<String> {
    let mut parser = Parser::new();
    if parser.set_language(&lang.grammar()).is_err() {
        return Vec::new();
    }
    let Some(tree) = parser.parse(file, None) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    collect(lang, tree.root_node(), file, None, &mut names, 0);
    names
}

/// The methods of `file`'s top-level classes (Python, JavaScript) and
/// impls (Rust, trait impls too), as (owner, method), in file order: what a
/// class or impl translated whole is tested through.
pub fn members(lang: Lang, file: &str) -> Vec<(String, String)> {
    let mut parser = Parser::new();
    if parser.set_language(&lang.grammar()).is_err() {
        return Vec::new();
    }
    let Some(tree) = parser.parse(file, None) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    members_of(lang, tree.root_node(), file, &mut out, 0);
    out
}

fn members_of(
    lang: Lang,
    node: Node<'_>,
    file: &str,
    out: &mut Vec<(String, String)>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        let owner = match (lang, child.kind()) {
            (Lang::Python, "class_definition") | (Lang::JavaScript, "class_declaration") => {
                name_of(child, file).map(str::to_string)
            }
            (Lang::Rust, "impl_item") => child.child_by_field_name("type").map(|t| {
                let t = text(t, file);
                t.split('<').next().unwrap_or(t).trim().to_string()
            }),
            (_, "export_statement" | "decorated_definition") => {
                members_of(lang, child, file, out, depth + 1);
                continue;
            }
            _ => continue,
        };
        let (Some(owner), Some(body)) = (owner, child.child_by_field_name("body")) else {
            continue;
        };
        let mut names = Vec::new();
        collect(lang, body, file, None, &mut names, depth + 1);
        out.extend(names.into_iter().map(|name| (owner.clone(), name)));
    }
}

fn collect(
    lang: Lang,
    node: Node<'_>,
    file: &str,
    owner: Option<&str>,
    names: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let separator = if lang == Lang::Rust { "::" } else { "." };
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        let qualified = |name: &str| match owner {
            Some(owner) => format!("{owner}{separator}{name}"),
            None => name.to_string(),
        };
        match (lang, child.kind()) {
            (Lang::Python, "function_definition")
            | (Lang::JavaScript, "function_declaration" | "method_definition")
            | (Lang::Rust, "function_item") => {
                if let Some(name) = name_of(child, file) {
                    names.push(qualified(name));
                }
            }
            (Lang::JavaScript, "variable_declarator") if owner.is_none() => {
                let is_function = child.child_by_field_name("value").is_some_and(|v| {
                    matches!(
                        v.kind(),
                        "arrow_function" | "function_expression" | "function"
                    )
                });
                if let (true, Some(name)) = (is_function, name_of(child, file)) {
                    names.push(name.to_string());
                }
            }
            (Lang::Python, "class_definition") | (Lang::JavaScript, "class_declaration")
                if owner.is_none() =>
            {
                if let (Some(name), Some(body)) =
                    (name_of(child, file), child.child_by_field_name("body"))
                {
                    collect(lang, body, file, Some(name), names, depth + 1);
                }
            }
            (Lang::Rust, "impl_item") if owner.is_none() => {
                let ty = child.child_by_field_name("type").map(|t| text(t, file));
                // Trait impls (`impl Display for T`) are called through the
                // trait; only inherent impls are listed.
                if child.child_by_field_name("trait").is_none() {
                    if let (Some(ty), Some(body)) = (ty, child.child_by_field_name("body")) {
                        collect(lang, body, file, Some(ty), names, depth + 1);
                    }
                }
            }
            (
                _,
                "decorated_definition"
                | "export_statement"
                | "lexical_declaration"
                | "variable_declaration"
                | "mod_item"
                | "declaration_list",
            ) => {
                collect(lang, child, file, owner, names, depth + 1);
            }
            _ => {}
        }
    }
}

const MAX_DEPTH: usize = 8;

/// The bodies of the classes (Python, JavaScript) or impls (Rust) named
/// `owner`, in file order.
fn find_owners<'t>(
    lang: Lang,
    node: Node<'t>,
    file: &str,
    owner: &str,
    depth: usize,
    bodies: &mut Vec<Node<'t>>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        let hit = match (lang, child.kind()) {
            (Lang::Python, "class_definition") | (Lang::JavaScript, "class_declaration") => {
                name_of(child, file) == Some(owner)
            }
            (Lang::Rust, "impl_item") => child
                .child_by_field_name("type")
                .map(|t| text(t, file))
                .is_some_and(|t| t == owner || t.split('<').next() == Some(owner)),
            _ => false,
        };
        if hit {
            bodies.extend(child.child_by_field_name("body"));
        } else {
            find_owners(lang, child, file, owner, depth + 1, bodies);
        }
    }
}

/// The declaration of `name` among `node`'s children (looking through
/// exports, decorators and `const f = () => ..`), not inside functions.
fn find_function<'t>(
    lang: Lang,
    node: Node<'t>,
    file: &str,
    name: &str,
    depth: usize,
) -> Option<Node<'t>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut cursor = node.walk();
    let mut nested = Vec::new();
    for child in node.named_children(&mut cursor) {
        let is_function = matches!(
            (lang, child.kind()),
            (Lang::Python, "function_definition")
                | (
                    Lang::JavaScript,
                    "function_declaration" | "generator_function_declaration" | "method_definition"
                )
                | (Lang::Rust, "function_item")
        );
        if is_function && name_of(child, file) == Some(name) {
            return Some(child);
        }
        if lang == Lang::JavaScript && child.kind() == "variable_declarator" {
            let value = child.child_by_field_name("value");
            let is_function_value = value.is_some_and(|v| {
                matches!(
                    v.kind(),
                    "arrow_function" | "function_expression" | "function"
                )
            });
            if is_function_value && name_of(child, file) == Some(name) {
                return value;
            }
        }
        let descend = matches!(
            child.kind(),
            "decorated_definition"
                | "export_statement"
                | "lexical_declaration"
                | "variable_declaration"
                | "mod_item"
                | "declaration_list"
                | "block"
        ) && !matches!(
            child.parent().map(|p| p.kind()),
            Some("function_definition" | "function_item")
        );
        if descend {
            nested.push(child);
        }
    }
    // A declaration at this level before one inside a block or module of
    // it: the file's `is_object` before the `js` runtime's inline one.
    nested
        .into_iter()
        .find_map(|child| find_function(lang, child, file, name, depth + 1))
}

fn name_of<'f>(node: Node<'_>, file: &'f str) -> Option<&'f str> {
    node.child_by_field_name("name").map(|n| text(n, file))
}

fn text<'f>(node: Node<'_>, file: &'f str) -> &'f str {
    file.get(node.byte_range()).unwrap_or_default()
}

fn describe(lang: Lang, node: Node<'_>, file: &str, in_owner: bool) -> Function {
    // The node that carries decorators, exports and doc comments.
    let mut outer = node;
    while let Some(parent) = outer.parent() {
        if matches!(
            parent.kind(),
            "decorated_definition"
                | "export_statement"
                | "variable_declarator"
                | "lexical_declaration"
                | "variable_declaration"
        ) {
            outer = parent;
        } else {
            break;
        }
    }
    let decorators = if outer.kind() == "decorated_definition" {
        text(outer, file)
            .lines()
            .take_while(|l| l.trim_start().starts_with('@'))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        String::new()
    };
    let doc = match lang {
        Lang::Python => python_docstring(node, file),
        Lang::JavaScript | Lang::Rust => comments_before(outer, file),
    };
    let mut params = Vec::new();
    let mut receiver = Receiver::None;
    if let Some(list) = node.child_by_field_name("parameters") {
        let mut cursor = list.walk();
        for param in list.named_children(&mut cursor) {
            if let Some(param) = parameter(lang, param, file, &mut receiver) {
                params.push(param);
            }
        }
    } else if let Some(single) = node.child_by_field_name("parameter") {
        // `x => x + 1`
        params.push(Param {
            name: text(single, file).to_string(),
            ty: None,
            default: false,
            variadic: false,
        });
    }
    match lang {
        Lang::Python if in_owner => {
            let is_static = decorators.contains("@staticmethod");
            if !is_static && !params.is_empty() {
                params.remove(0);
            }
            if !is_static && !decorators.contains("@classmethod") {
                receiver = Receiver::Instance;
            }
        }
        Lang::JavaScript if in_owner => {
            let is_static = (0..node.child_count())
                .filter_map(|i| node.child(i))
                .any(|c| c.kind() == "static");
            if !is_static {
                receiver = Receiver::Instance;
            }
        }
        _ => {}
    }
    if lang == Lang::JavaScript {
        let declared = jsdoc_params(&doc);
        for param in &mut params {
            if let Some((_, ty)) = declared.iter().find(|(name, _)| *name == param.name) {
                param.ty = Some(ty.clone());
            }
        }
    }
    let mut returns = node
        .child_by_field_name("return_type")
        .map(|t| text(t, file).to_string());
    if lang == Lang::Rust {
        instantiate(node, file, &mut params, &mut returns);
    }
    let start = outer.start_byte().min(node.start_byte());
    let text = file.get(start..node.end_byte()).unwrap_or_default();
    // The words before the parameters: `async def`, `async function`,
    // `pub async fn`, `async (x) =>`.
    let head_end = node
        .child_by_field_name("parameters")
        .or_else(|| node.child_by_field_name("parameter"))
        .map_or(node.end_byte(), |p| p.start_byte());
    let head = file.get(node.start_byte()..head_end).unwrap_or_default();
    let is_async = head
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .any(|w| w == "async");
    Function {
        params,
        receiver,
        text: format!("{doc}\n{decorators}\n{text}"),
        doc,
        is_async,
        returns,
    }
}

/// The bounds `i64` meets: a function generic over types with no other
/// bounds can only copy, compare, order and hash their values, so running
/// it at `i64` runs the code every instance runs.
const INT_BOUNDS: &[&str] = &[
    "Clone",
    "Copy",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "std::hash::Hash",
    "core::hash::Hash",
    "Debug",
    "std::fmt::Debug",
    // The JavaScript → Rust bound of compared values, implemented for
    // `i64` among the primitives (`rules::back::rust_support::js_primitive`).
    "JsPrimitive",
];

/// A generic Rust function's type parameters, each written `i64` in the
/// parameters' and the result's types (`fn identity<T>(x: T) -> T` is
/// tested as `fn identity(x: i64) -> i64`), where every bound is one `i64`
/// meets, there is no `where` clause, and each parameter appears in the
/// parameters' types (so a call infers it). Otherwise the types stay as
/// written, and the harness cannot build values of them.
fn instantiate(node: Node<'_>, file: &str, params: &mut [Param], returns: &mut Option<String>) {
    let Some(list) = node.child_by_field_name("type_parameters") else {
        return;
    };
    if node.child_by_field_name("where_clause").is_some()
        || (0..node.named_child_count())
            .filter_map(|i| node.named_child(i))
            .any(|c| c.kind() == "where_clause")
    {
        return;
    }
    let mut names = Vec::new();
    let mut cursor = list.walk();
    for p in list.named_children(&mut cursor) {
        match p.kind() {
            "lifetime_parameter" | "line_comment" | "block_comment" => {}
            "type_parameter" => {
                let Some(name) = p.child_by_field_name("name") else {
                    return;
                };
                let bounds_met = p.child_by_field_name("bounds").is_none_or(|b| {
                    let mut c = b.walk();
                    let met = b
                        .named_children(&mut c)
                        .all(|t| INT_BOUNDS.contains(&text(t, file)));
                    met
                });
                if !bounds_met || p.child_by_field_name("default_type").is_some() {
                    return;
                }
                names.push(text(name, file));
            }
            _ => return,
        }
    }
    let used = |name: &str| {
        params
            .iter()
            .any(|p| p.ty.as_deref().is_some_and(|t| has_word(t, name)))
    };
    if names.is_empty() || !names.iter().all(|n| used(n)) {
        return;
    }
    for name in names {
        for p in params.iter_mut() {
            if let Some(t) = &mut p.ty {
                *t = replace_word(t, name, "i64");
            }
        }
        if let Some(r) = returns {
            *r = replace_word(r, name, "i64");
        }
    }
}

/// Whether `text` has `word` as a whole identifier.
fn has_word(text: &str, word: &str) -> bool {
    replace_word(text, word, "") != text
}

/// `text` with each whole identifier `word` replaced by `with`.
pub(crate) fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::new();
    let mut ident = String::new();
    let flush = |ident: &mut String, out: &mut String| {
        out.push_str(if ident == word { with } else { ident });
        ident.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            ident.push(c);
        } else {
            flush(&mut ident, &mut out);
            out.push(c);
        }
    }
    flush(&mut ident, &mut out);
    out
}

fn parameter(lang: Lang, node: Node<'_>, file: &str, receiver: &mut Receiver) -> Option<Param> {
    let field = |name: &str| {
        node.child_by_field_name(name)
            .map(|n| text(n, file).to_string())
    };
    let plain = |name: String| Param {
        name,
        ty: None,
        default: false,
        variadic: false,
    };
    match (lang, node.kind()) {
        (_, "comment" | "attribute_item") => None,
        (Lang::Rust, "self_parameter") => {
            *receiver = Receiver::Instance;
            None
        }
        (Lang::Rust, "parameter") => Some(Param {
            ty: field("type"),
            ..plain(field("pattern")?.trim_start_matches("mut ").to_string())
        }),
        (Lang::Python, "identifier") | (Lang::JavaScript, "identifier") => {
            Some(plain(text(node, file).to_string()))
        }
        (Lang::Python, "typed_parameter") => {
            let name = node.named_child(0).map(|n| text(n, file).to_string())?;
            let variadic = name.starts_with('*');
            Some(Param {
                ty: field("type"),
                variadic,
                ..plain(name)
            })
        }
        (Lang::Python, "default_parameter" | "typed_default_parameter") => Some(Param {
            ty: field("type"),
            default: true,
            ..plain(field("name")?)
        }),
        (Lang::JavaScript, "assignment_pattern") => Some(Param {
            default: true,
            ..plain(field("left")?)
        }),
        (Lang::Python, "list_splat_pattern" | "dictionary_splat_pattern")
        | (Lang::JavaScript, "rest_pattern") => Some(Param {
            variadic: true,
            ..plain(text(node, file).to_string())
        }),
        (Lang::Python, "keyword_separator" | "positional_separator") => None,
        // Destructuring patterns and the like: a parameter of unknown shape.
        _ => Some(plain(text(node, file).to_string())),
    }
}

fn python_docstring(node: Node<'_>, file: &str) -> String {
    let Some(body) = node.child_by_field_name("body") else {
        return String::new();
    };
    let Some(first) = body.named_child(0) else {
        return String::new();
    };
    if first.kind() != "expression_statement" {
        return String::new();
    }
    match first.named_child(0) {
        Some(string) if string.kind() == "string" => text(string, file).to_string(),
        _ => String::new(),
    }
}

/// The comments right before `node` (JSDoc, `///`), in order.
fn comments_before(node: Node<'_>, file: &str) -> String {
    let mut comments = Vec::new();
    let mut at = node.prev_sibling();
    while let Some(sibling) = at {
        match sibling.kind() {
            "comment" | "line_comment" | "block_comment" => comments.push(text(sibling, file)),
            "attribute_item" => {}
            _ => break,
        }
        at = sibling.prev_sibling();
    }
    comments.reverse();
    comments.join("\n")
}

/// `@param {type} name` lines of a JSDoc block: (name, type).
pub fn jsdoc_params(doc: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in doc.lines() {
        let Some(rest) = line.split("@param").nth(1) else {
            continue;
        };
        let rest = rest.trim();
        let Some(rest) = rest.strip_prefix('{') else {
            continue;
        };
        // Braces nest in record types: `{{a: number}}`.
        let mut depth = 1;
        let mut end = None;
        for (i, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else { continue };
        let ty = rest[..end].trim().to_string();
        let name = rest[end + 1..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_start_matches('[')
            .split(['=', ']'])
            .next()
            .unwrap_or_default()
            .to_string();
        if !name.is_empty() {
            out.push((name, ty));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_functions_and_methods() {
        let file = "import os\n\ndef f(a: int, b=2, *rest):\n    \"\"\"Adds.\n\n    >>> f(1)\n    3\n    \"\"\"\n    return a + b\n\nclass C:\n    def m(self, xs: list[int]) -> int:\n        return len(xs)\n\n    @staticmethod\n    def s(x):\n        return x\n";
        let f = find(Lang::Python, file, "f").unwrap();
        assert_eq!(f.params.len(), 3);
        assert_eq!(f.params[0].ty.as_deref(), Some("int"));
        assert!(f.params[1].default);
        assert!(f.params[2].variadic);
        assert!(f.doc.contains(">>> f(1)"));
        assert!(!f.text.contains("import os"));
        let m = find(Lang::Python, file, "C.m").unwrap();
        assert_eq!(m.receiver, Receiver::Instance);
        assert_eq!(m.params.len(), 1);
        assert_eq!(m.params[0].ty.as_deref(), Some("list[int]"));
        let s = find(Lang::Python, file, "C.s").unwrap();
        assert_eq!(s.receiver, Receiver::None);
        assert_eq!(s.params[0].name, "x");
        assert!(find(Lang::Python, file, "g").is_none());
    }

    #[test]
    fn javascript_declarations_arrows_and_jsdoc() {
        let file = "/**\n * Sums.\n * @param {number[]} xs the numbers\n * @example\n * sum([1, 2]) // 3\n */\nexport function sum(xs) { return xs.reduce((a, b) => a + b, 0); }\n\nconst twice = (x = 1) => x * 2;\n\nclass K {\n  static make(n) { return n; }\n  get(i) { return i; }\n}\n";
        let sum = find(Lang::JavaScript, file, "sum").unwrap();
        assert_eq!(sum.params[0].ty.as_deref(), Some("number[]"));
        assert!(sum.doc.contains("@example"));
        let twice = find(Lang::JavaScript, file, "twice").unwrap();
        assert_eq!(twice.params[0].name, "x");
        assert!(twice.params[0].default);
        assert_eq!(
            find(Lang::JavaScript, file, "K.make").unwrap().receiver,
            Receiver::None
        );
        assert_eq!(
            find(Lang::JavaScript, file, "K.get").unwrap().receiver,
            Receiver::Instance
        );
    }

    #[test]
    fn a_method_is_found_in_any_impl_of_its_type() {
        // Regression: the first `impl` of the type (a trait impl) was the
        // only one searched, so `Circle::new` was "not in the source".
        let file = "struct Circle;\nimpl Shape for Circle { fn area(&self) -> f64 { 1.0 } }\nimpl Circle { pub fn new(r: f64) -> Self { Circle } }\npub async fn later(id: u32) -> u32 { id }\n";
        assert!(find(Lang::Rust, file, "Circle::new").is_some());
        assert!(find(Lang::Rust, file, "later").unwrap().is_async);
        assert!(
            find(Lang::Python, "async def f(x):\n    return x\n", "f")
                .unwrap()
                .is_async
        );
        assert!(
            find(Lang::JavaScript, "const f = async (x) => x;\n", "f")
                .unwrap()
                .is_async
        );
    }

    #[test]
    fn members_of_classes_and_impls_are_listed() {
        let rs = "struct S;\nimpl S { fn new() -> S { S } fn get(&self) -> i64 { 1 } }\nimpl std::fmt::Display for S { fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) } }\n";
        assert_eq!(
            members(Lang::Rust, rs),
            vec![
                ("S".to_string(), "new".to_string()),
                ("S".to_string(), "get".to_string()),
                ("S".to_string(), "fmt".to_string())
            ]
        );
        let js =
            "export class C {\n  constructor(a) { this.a = a; }\n  get() { return this.a; }\n}\n";
        assert_eq!(
            members(Lang::JavaScript, js),
            vec![
                ("C".to_string(), "constructor".to_string()),
                ("C".to_string(), "get".to_string())
            ]
        );
    }

    #[test]
    fn functions_are_listed_in_file_order() {
        let py =
            "def a():\n    pass\n\nclass K:\n    @staticmethod\n    def b(x):\n        return x\n";
        assert_eq!(functions(Lang::Python, py), vec!["a", "K.b"]);
        let js = "export function a() {}\nconst b = (x) => x;\nclass K { m() {} }\n";
        assert_eq!(functions(Lang::JavaScript, js), vec!["a", "b", "K.m"]);
        let rs = "fn a() {}\nstruct S;\nimpl S { fn new() -> S { S } }\nimpl std::fmt::Debug for S { fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) } }\n";
        assert_eq!(functions(Lang::Rust, rs), vec!["a", "S::new"]);
    }

    #[test]
    fn generic_rust_functions_are_tested_at_i64() {
        let file = "fn identity<T>(x: T) -> T { x }\n\
                    fn keep<T: Clone + PartialEq>(xs: Vec<T>, Tx: T) -> Vec<T> { xs }\n\
                    fn shown<T: std::fmt::Display>(x: T) -> String { String::new() }\n\
                    fn made<T: Default>() -> T { T::default() }\n";
        let f = find(Lang::Rust, file, "identity").unwrap();
        assert_eq!(f.params[0].ty.as_deref(), Some("i64"));
        assert_eq!(f.returns.as_deref(), Some("i64"));
        let f = find(Lang::Rust, file, "keep").unwrap();
        assert_eq!(f.params[0].ty.as_deref(), Some("Vec<i64>"));
        // Only the whole identifier is the type parameter.
        assert_eq!(f.params[1].name, "Tx");
        assert_eq!(f.params[1].ty.as_deref(), Some("i64"));
        // A bound `i64` may not share (`Display` differs by type), and a
        // parameter no argument carries, stay as written.
        let f = find(Lang::Rust, file, "shown").unwrap();
        assert_eq!(f.params[0].ty.as_deref(), Some("T"));
        let f = find(Lang::Rust, file, "made").unwrap();
        assert_eq!(f.returns.as_deref(), Some("T"));
    }

    #[test]
    fn rust_functions_and_associated_functions() {
        let file = "/// Doubles.\n///\n/// ```\n/// assert_eq!(double(2), 4);\n/// ```\npub fn double(mut n: i64) -> i64 { n * 2 }\n\nstruct S;\nimpl S {\n    pub fn new(x: &[u8]) -> usize { x.len() }\n    fn get(&self, i: usize) -> usize { i }\n}\n";
        let double = find(Lang::Rust, file, "double").unwrap();
        assert_eq!(double.params[0].name, "n");
        assert_eq!(double.params[0].ty.as_deref(), Some("i64"));
        assert!(double.doc.contains("assert_eq!(double(2), 4);"));
        let new = find(Lang::Rust, file, "S::new").unwrap();
        assert!(!new.is_async);
        assert_eq!(new.params[0].ty.as_deref(), Some("&[u8]"));
        assert_eq!(new.receiver, Receiver::None);
        assert_eq!(
            find(Lang::Rust, file, "S.get").unwrap().receiver,
            Receiver::Instance
        );
    }
}
