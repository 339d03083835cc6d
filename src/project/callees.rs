//! Calls across units into Rust: a Rust function's translation needs the
//! types of every function it calls, which the rules engine sees only for
//! the unit it translates. So the table reads each Python function's
//! annotations once, writes the signature its translation will have
//! (`def perimeter(sides: list[float]) -> float` → `fn perimeter(sides:
//! Vec<f64>) -> f64`: parameters owned, as the Rust backend writes them
//! without a target signature), and hands the signatures of what a unit
//! may call to its request. A function whose annotations are missing or not
//! read here has none, and calls of it are declined as before.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use tree_sitter::Node;

use crate::lang::Lang;

mod in_place;

/// What a function translated alone (see [`translated_function`]) is
/// given of the project around it: the signatures of the other modules'
/// functions its module imports, computed before it (the table is built
/// in the import graph's order), and whether the crate shares its helpers.
#[derive(Clone, Copy, Debug, Default)]
pub struct Around<'a> {
    pub callees: &'a [String],
    pub shared_support: bool,
    /// What the function's module binds that its unit reads (a
    /// JavaScript module's aliases, regular expressions and literal
    /// constants, from the table's symbols).
    pub module: Option<&'a crate::symbols::ModuleLiterals>,
}

/// A function's parameters (name, Rust type) and Rust return type (`None`
/// for no value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callee {
    /// The type parameters with their bounds as written (`<T: Clone, U>`),
    /// or empty: a caller's analysis instantiates them at each call
    /// (`analysis::instantiate`).
    pub generics: String,
    pub params: Vec<(String, String)>,
    pub ret: Option<String>,
}

impl Callee {
    /// A signature that is not generic.
    pub fn plain(params: Vec<(String, String)>, ret: Option<String>) -> Callee {
        Callee {
            generics: String::new(),
            params,
            ret,
        }
    }

    /// The signature as Rust, under the name the caller uses.
    pub fn declaration(&self, name: &str) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(p, t)| format!("{p}: {t}"))
            .collect();
        let generics = &self.generics;
        match &self.ret {
            Some(ret) => format!("fn {name}{generics}({}) -> {ret}", params.join(", ")),
            None => format!("fn {name}{generics}({})", params.join(", ")),
        }
    }
}

/// The fully annotated top-level functions of a Python module, by name.
/// A parameter annotated with one of `nodes` (the project's dataclasses,
/// whose objects the Rust backend borrows) is `&Node`, or `Option<&Node>`
/// where it may be `None`.
pub fn python_functions(
    text: &str,
    nodes: &HashSet<String>,
    path: &Path,
    around: Around,
) -> HashMap<String, Callee> {
    let mut out = HashMap::new();
    let Some(tree) = crate::units::parse(text, Lang::Python) else {
        return out;
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut changes = HashMap::new();
    let mut given_back = HashMap::new();
    let mut translated = HashMap::new();
    for item in root.named_children(&mut cursor) {
        let def = match item.kind() {
            "function_definition" => item,
            _ => continue,
        };
        if let Some((name, callee)) = function(def, text, nodes) {
            let changed = in_place::changes(def, text);
            given_back.insert(name.clone(), changed.given_back());
            changes.insert(name.clone(), changed);
            out.insert(name, callee);
            continue;
        }
        // One its annotations do not type has the signature of its own
        // translation, generic where that is (`def identity(x): return x`
        // is `fn identity<T>(x: T) -> T`), which writes `&mut` and `mut`
        // for the lists it changes itself.
        let source = &text[def.byte_range()];
        let line = def.start_position().row + 1;
        if let Some((name, callee)) =
            translated_function(Lang::Python, def, text, source, path, line, around)
        {
            translated.insert(name, callee);
        }
    }
    // A list the function changes in place is lent (`&mut Vec<T>`), as
    // the Rust backend writes such a parameter: Python's caller sees the
    // change, so the caller lends its own list. One it also returns is
    // given back (`mut xs: Vec<T>`): the caller moves its list in.
    // A dict or set changed in place is lent alike; one also returned is
    // not given back by the backend (only lists are), so such a function
    // has no signature here.
    let mut unsure = Vec::new();
    for (name, changed) in in_place::settle(changes) {
        let returned = given_back.get(&name);
        if let Some(callee) = out.get_mut(&name) {
            for (i, (param, ty)) in callee.params.iter_mut().enumerate() {
                let table = ty.starts_with("HashMap<") || ty.starts_with("HashSet<");
                if !changed.contains(&i) || !(ty.starts_with("Vec<") || table) {
                    continue;
                }
                match (returned.is_some_and(|r| r.contains(&i)), table) {
                    (true, true) => unsure.push(name.clone()),
                    (true, false) => *param = format!("mut {param}"),
                    (false, _) => *ty = format!("&mut {ty}"),
                }
            }
        }
    }
    for name in unsure {
        out.remove(&name);
    }
    // A generator that borrows a list it changes holds it while it lives.
    for callee in out.values_mut() {
        let borrows = callee.params.iter().any(|(_, t)| t.starts_with('&'));
        if let Some(ret) = callee.ret.as_mut().filter(|r| r.starts_with("impl ")) {
            if borrows {
                ret.push_str(" + '_");
            }
        }
    }
    out.extend(translated);
    out
}

/// The `@dataclass` classes of a Python module, and its plain classes of
/// only an `__init__` (see [`only_an_init`]), by name, each with the
/// source of its (decorated) definition (which the rules engine lowers to
/// know the struct's fields).
pub fn python_dataclasses(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Some(tree) = crate::units::parse(text, Lang::Python) else {
        return out;
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    for item in root.named_children(&mut cursor) {
        if item.kind() == "class_definition" && only_an_init(item, text) {
            if let Some(name) = item.child_by_field_name("name") {
                out.insert(
                    text[name.byte_range()].to_string(),
                    text[item.byte_range()].to_string(),
                );
            }
            continue;
        }
        if item.kind() != "decorated_definition" {
            continue;
        }
        let mut inner = item.walk();
        let decorators: Vec<&str> = item
            .named_children(&mut inner)
            .filter(|d| d.kind() == "decorator")
            .map(|d| text[d.byte_range()].trim())
            .collect();
        if !matches!(
            decorators.as_slice(),
            ["@dataclass" | "@dataclasses.dataclass"]
        ) {
            continue;
        }
        let Some(def) = item
            .child_by_field_name("definition")
            .filter(|d| d.kind() == "class_definition")
        else {
            continue;
        };
        if let Some(name) = def.child_by_field_name("name") {
            out.insert(
                text[name.byte_range()].to_string(),
                text[item.byte_range()].to_string(),
            );
        }
    }
    out
}

/// Whether the class's body is only an `__init__` (beside a docstring,
/// comments, `pass`) and names the class itself: what a plain tree node
/// class looks like, which the
/// rules engine lowers as a dataclass where its `__init__` only stores
/// parameters and literals (`front::python::dataclass`), and declines as
/// a node class otherwise.
fn only_an_init(class: tree_sitter::Node, text: &str) -> bool {
    let Some(body) = class.child_by_field_name("body") else {
        return false;
    };
    let mut cursor = body.walk();
    let mut inits = 0;
    for member in body.named_children(&mut cursor) {
        match member.kind() {
            "comment" | "pass_statement" => {}
            "expression_statement"
                if member.named_child(0).is_some_and(|s| s.kind() == "string") => {}
            "function_definition"
                if member
                    .child_by_field_name("name")
                    .is_some_and(|n| &text[n.byte_range()] == "__init__") =>
            {
                inits += 1
            }
            _ => return false,
        }
    }
    // A node class names itself in a field's annotation (`next: Node |
    // None`); a class that does not (`Point`) is no node class, and its
    // objects stay owned in the signatures callers see.
    let named_inside = class.child_by_field_name("name").is_some_and(|n| {
        let name = &text[n.byte_range()];
        text[body.byte_range()]
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == name)
    });
    inits == 1 && named_inside
}

/// The top-level functions of a Rust module, by name, with their
/// parameters and return types as written (what a caller in another unit
/// needs to type its call; Rust declares them all).
pub fn rust_functions(text: &str) -> HashMap<String, Callee> {
    let Some(tree) = crate::units::parse(text, Lang::Rust) else {
        return HashMap::new();
    };
    // The file as rustc reads it: the functions its macros write count.
    if let Ok(Some(expanded)) = crate::engine::rules::expand_items(&[], text, tree.root_node()) {
        if let Some(t) = crate::units::parse(&expanded, Lang::Rust) {
            if !t.root_node().has_error() {
                return rust_functions_of(&t, &expanded);
            }
        }
    }
    rust_functions_of(&tree, text)
}

fn rust_functions_of(tree: &tree_sitter::Tree, text: &str) -> HashMap<String, Callee> {
    let mut out = HashMap::new();
    let root = tree.root_node();
    let mut cursor = root.walk();
    for item in root.named_children(&mut cursor) {
        if item.kind() != "function_item" {
            continue;
        }
        let Some(closures) = closure_type_parameters(item, text) else {
            continue;
        };
        // A closure type parameter is written as the `impl` type it
        // stands for (`F` of `F: Fn(u8) -> bool` as `impl Fn(u8) -> bool`).
        let t = |n: Node| replace_words(&text[n.byte_range()], &closures);
        let Some(name) = item.child_by_field_name("name").map(t) else {
            continue;
        };
        let Some(params) = typed_parameters(item) else {
            continue;
        };
        let params = params
            .into_iter()
            .map(|(_, pat, ty)| (t(pat), t(ty)))
            .collect();
        let ret = item.child_by_field_name("return_type").map(t);
        out.insert(name, Callee::plain(params, ret));
    }
    out
}

/// The parameters of a Rust `function_item`, each as its node with its
/// pattern and its type; `None` unless every one is a plain `pattern:
/// type` (no `self`, nothing else between them).
fn typed_parameters<'t>(item: Node<'t>) -> Option<Vec<(Node<'t>, Node<'t>, Node<'t>)>> {
    let list = item.child_by_field_name("parameters")?;
    let mut cursor = list.walk();
    let params = list.named_children(&mut cursor).map(|p| {
        match (
            p.kind(),
            p.child_by_field_name("pattern"),
            p.child_by_field_name("type"),
        ) {
            ("parameter", Some(pat), Some(ty)) => Some((p, pat, ty)),
            _ => None,
        }
    });
    params.collect()
}

/// The type parameters of a Rust function, each bound by one closure
/// trait (`F: Fn(u8) -> bool`, or in a `where` clause), with the `impl`
/// type each stands for; lifetimes are read past. `None` where another
/// type parameter (or a constant one) makes the function generic in a way
/// a caller's types cannot follow.
fn closure_type_parameters(item: Node, text: &str) -> Option<Vec<(String, String)>> {
    let t = |n: Node| &text[n.byte_range()];
    let mut out = Vec::new();
    let Some(tp) = item.child_by_field_name("type_parameters") else {
        return Some(out);
    };
    let mut cursor = tp.walk();
    for p in tp.named_children(&mut cursor) {
        if matches!(
            p.kind(),
            "lifetime_parameter" | "line_comment" | "block_comment"
        ) {
            continue;
        }
        let bound = closure_bound(item, p, text)?;
        let name = t(p.child_by_field_name("name")?);
        out.push((name.to_string(), format!("impl {}", t(bound))));
    }
    Some(out)
}

/// The bounds of the type parameter `p`, named `name`, of `item`: those in
/// its list (`F: Fn(u8)`) and those of `where` predicates on it.
pub(crate) fn type_parameter_bounds<'t>(
    item: Node<'t>,
    p: Node<'t>,
    name: &str,
    src: &str,
) -> Vec<Node<'t>> {
    let mut bounds: Vec<Node> = p
        .child_by_field_name("bounds")
        .map(named)
        .unwrap_or_default();
    let predicates = named(item)
        .into_iter()
        .filter(|c| c.kind() == "where_clause")
        .flat_map(named)
        .filter(|w| {
            w.kind() == "where_predicate"
                && w.child_by_field_name("left")
                    .is_some_and(|l| &src[l.byte_range()] == name)
        });
    for w in predicates {
        if let Some(b) = w.child_by_field_name("bounds") {
            bounds.extend(named(b));
        }
    }
    bounds
}

/// The one bound of the type parameter `p` of `item`, where it is a
/// closure trait (`Fn(u8) -> bool`, in the list or in a `where` clause)
/// and `p` has no default: the only type parameters the Rust frontend
/// translates (see its `generics` module), and reads in other units'
/// signatures here. `None` for a lifetime, a constant and any other type
/// parameter.
pub(crate) fn closure_bound<'t>(item: Node<'t>, p: Node<'t>, src: &str) -> Option<Node<'t>> {
    if p.kind() != "type_parameter" || p.child_by_field_name("default_type").is_some() {
        return None;
    }
    let name = &src[p.child_by_field_name("name")?.byte_range()];
    match type_parameter_bounds(item, p, name, src).as_slice() {
        [b] if b.kind() == "function_type" => Some(*b),
        _ => None,
    }
}

/// The named children of a node (a Rust one: its comments included).
pub(super) fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// `text` with each whole word `from` replaced by its `to`.
fn replace_words(text: &str, words: &[(String, String)]) -> String {
    words.iter().fold(text.to_string(), |t, (from, to)| {
        crate::verify::differential::signature::replace_word(&t, from, to)
    })
}

/// The top-level functions of a JavaScript module whose JSDoc comment
/// types every parameter (`@param {number[]} sides`), by name, with the
/// Rust types the JavaScript frontend gives those types (`number` is
/// `f64`, `integer` is `i64`, `string` is `String`, `T[]` is `Vec<T>`). A
/// function without `@returns` returns nothing; one with an untyped
/// parameter, or a type not read here, has no signature to give.
///
/// A function is given the signature its own translation has (see
/// [`translated_function`]), generic where the translation is
/// (`function identity(value)` is `fn identity<T>(value: T) -> T`), and
/// the one its JSDoc states where it is declined alone.
pub fn javascript_functions(text: &str, path: &Path, around: Around) -> HashMap<String, Callee> {
    let mut out = HashMap::new();
    let Some(tree) = crate::units::parse(text, Lang::JavaScript) else {
        return out;
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut doc: Option<Node> = None;
    for item in root.named_children(&mut cursor) {
        if item.kind() == "comment" {
            doc = Some(item);
            continue;
        }
        let comment = doc.take();
        let def = match item.kind() {
            "function_declaration" => item,
            "export_statement" => match item.child_by_field_name("declaration") {
                Some(d) if d.kind() == "function_declaration" => d,
                _ => continue,
            },
            _ => continue,
        };
        // The translation's own signature first: it is what the callee's
        // unit declares (a JSDoc `{number}` that indexes is an `i64`
        // there); JSDoc where the function is declined alone.
        let start = comment.unwrap_or(def);
        let source = &text[start.start_byte()..def.end_byte()];
        let line = start.start_position().row + 1;
        let jsdoc = comment
            .map(|c| &text[c.byte_range()])
            .filter(|c| c.starts_with("/**"));
        if let Some((name, callee)) =
            translated_function(Lang::JavaScript, def, text, source, path, line, around)
                .or_else(|| jsdoc.and_then(|c| jsdoc_function(def, text, c)))
        {
            out.insert(name, callee);
        }
    }
    out
}

/// The signature a function's translation into Rust has, read from its
/// translation on its own (`source`: the function, with its doc comment
/// for JavaScript), given the signatures of `around` (the functions its
/// module imports, computed before it in the import graph's order): the
/// types the analysis gives its parameters, including type variables and
/// their bounds. Computed from the function and those signatures only, it
/// does not depend on the order units are translated in; where the
/// function is not translated in the project, callers are given none (see
/// `ProjectSymbols::callees_of`).
fn translated_function(
    lang: Lang,
    def: Node,
    text: &str,
    source: &str,
    path: &Path,
    first_line: usize,
    around: Around,
) -> Option<(String, Callee)> {
    let name = text[def.child_by_field_name("name")?.byte_range()].to_string();
    let rust =
        crate::engine::rules::function_to_rust(lang, source, &name, path, first_line, around)?;
    let tree = crate::units::parse(&rust, Lang::Rust)?;
    let root = tree.root_node();
    let mut cursor = root.walk();
    let item = root
        .named_children(&mut cursor)
        .find(|n| n.kind() == "function_item")?;
    let t = |n: Node| rust[n.byte_range()].to_string();
    let generics = item
        .child_by_field_name("type_parameters")
        .map(t)
        .unwrap_or_default();
    let params = typed_parameters(item)?
        .into_iter()
        .map(|(p, pat, ty)| {
            // A value the function changes (`mut array: Vec<T>`, lodash's
            // `arrayPush`) stays `mut`: the caller then moves it in and
            // never reads it again, as JavaScript's caller would see the
            // change. A number's copy changes nothing of the caller's.
            let mut cursor = p.walk();
            let changed = p
                .children(&mut cursor)
                .any(|c| c.kind() == "mutable_specifier");
            let copied = ty.kind() == "primitive_type";
            let pat = match changed && !copied {
                true => format!("mut {}", t(pat)),
                false => t(pat),
            };
            (pat, t(ty))
        })
        .collect();
    let ret = item.child_by_field_name("return_type").map(t);
    Some((
        name,
        Callee {
            generics,
            params,
            ret,
        },
    ))
}

fn jsdoc_function(def: Node, src: &str, comment: &str) -> Option<(String, Callee)> {
    let t = |n: Node| &src[n.byte_range()];
    let name = t(def.child_by_field_name("name")?).to_string();
    let mut declared: HashMap<&str, &str> = HashMap::new();
    let mut ret = None;
    for line in comment.lines() {
        let (tag, rest) = if let Some(r) = line.split("@param").nth(1) {
            ("param", r)
        } else if let Some(r) = line
            .split("@returns")
            .nth(1)
            .or_else(|| line.split("@return").nth(1))
        {
            ("return", r)
        } else {
            continue;
        };
        let (ty, after) = rest.trim().strip_prefix('{')?.split_once('}')?;
        if tag == "return" {
            ret = Some(ty.trim());
        } else {
            declared.insert(after.split_whitespace().next()?, ty.trim());
        }
    }
    let list = def.child_by_field_name("parameters")?;
    let mut params = Vec::new();
    let mut cursor = list.walk();
    for p in list.named_children(&mut cursor) {
        if p.kind() != "identifier" {
            return None;
        }
        let ty = jsdoc_rust_type(declared.get(t(p))?)?;
        params.push((crate::lang::to_snake_case(t(p)), ty));
    }
    let ret = match ret {
        Some("void" | "undefined") | None => None,
        Some(r) => Some(jsdoc_rust_type(r)?),
    };
    Some((name, Callee::plain(params, ret)))
}

/// A JSDoc type as the Rust type the JavaScript frontend gives it (a loop,
/// not recursion: a comment may wrap arrays any number of times).
fn jsdoc_rust_type(t: &str) -> Option<String> {
    let mut t = t.trim();
    let mut arrays = 0;
    while let Some(inner) = t
        .strip_suffix("[]")
        .or_else(|| t.strip_prefix("Array<").and_then(|r| r.strip_suffix('>')))
    {
        t = inner.trim();
        arrays += 1;
        if arrays > crate::depth::MAX_NESTING {
            return None;
        }
    }
    let mut ty = match t {
        "number" => "f64",
        "integer" | "int" => "i64",
        "string" => "String",
        "boolean" => "bool",
        _ => return None,
    }
    .to_string();
    for _ in 0..arrays {
        ty = format!("Vec<{ty}>");
    }
    Some(ty)
}

fn function(def: Node, src: &str, nodes: &HashSet<String>) -> Option<(String, Callee)> {
    let t = |n: Node| &src[n.byte_range()];
    let name = t(def.child_by_field_name("name")?).to_string();
    let mut params = Vec::new();
    let list = def.child_by_field_name("parameters")?;
    let mut cursor = list.walk();
    for p in list.named_children(&mut cursor) {
        // A parameter with a default is one more parameter in Rust: the
        // caller's frontend passes the defaults a call leaves out.
        let ident = match p.kind() {
            "typed_parameter" => p.named_child(0).filter(|n| n.kind() == "identifier")?,
            "typed_default_parameter" => p
                .child_by_field_name("name")
                .filter(|n| n.kind() == "identifier")?,
            _ => return None,
        };
        let annotation = t(p.child_by_field_name("type")?);
        let ty = node_type(annotation, nodes).or_else(|| rust_type(annotation))?;
        params.push((t(ident).to_string(), ty));
    }
    let ret = match def.child_by_field_name("return_type") {
        Some(r) if t(r) == "None" => None,
        Some(r) => Some(iterator_type(t(r)).or_else(|| rust_type(t(r)))?),
        None => return None,
    };
    Some((name, Callee::plain(params, ret)))
}

/// A generator's return annotation (`Iterator[T]`, `Iterable[T]`,
/// `Generator[T, None, None]`) as the iterator the Rust backend returns
/// for it (`impl Iterator<Item = T>`; see `python_functions` for the
/// `+ '_` of one that borrows a parameter).
fn iterator_type(annotation: &str) -> Option<String> {
    let a: String = annotation.chars().filter(|c| !c.is_whitespace()).collect();
    let a = a
        .strip_prefix("typing.")
        .or_else(|| a.strip_prefix("collections.abc."))
        .unwrap_or(&a);
    let item = ["Iterator[", "Iterable[", "Generator["]
        .iter()
        .find_map(|p| a.strip_prefix(p).and_then(|r| r.strip_suffix(']')))?;
    let item = match split_top(item).as_slice() {
        [item] => item.to_string(),
        [item, "None", "None"] if a.starts_with("Generator[") => item.to_string(),
        _ => return None,
    };
    Some(format!("impl Iterator<Item = {}>", rust_type(&item)?))
}

/// A Python annotation as the Rust type the backend gives it: `int` →
/// `i64`, `float` → `f64`, `str` → `String`, `list[T]` → `Vec<T>`,
/// `set[T]` → `HashSet<T>`, `dict[K, V]` → `HashMap<K, V>` (as the
/// signature reader names them),
/// `tuple[A, B]` → `(A, B)`, `Optional[T]`/`T | None` → `Option<T>`.
pub fn rust_type(annotation: &str) -> Option<String> {
    let a: String = annotation.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = |prefix: &str| {
        a.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(']'))
            .map(str::to_string)
    };
    Some(match a.as_str() {
        "int" => "i64".into(),
        "float" => "f64".into(),
        "bool" => "bool".into(),
        "str" => "String".into(),
        _ => {
            if let Some(x) = inner("list[").or_else(|| inner("List[")) {
                format!("Vec<{}>", rust_type(&x)?)
            } else if let Some(x) = inner("set[").or_else(|| inner("Set[")) {
                format!("HashSet<{}>", rust_type(&x)?)
            } else if let Some(x) = inner("dict[").or_else(|| inner("Dict[")) {
                let parts: Option<Vec<String>> =
                    split_top(&x).iter().map(|p| rust_type(p)).collect();
                match parts?.as_slice() {
                    [k, v] => format!("HashMap<{k}, {v}>"),
                    _ => return None,
                }
            } else if let Some(x) = inner("Optional[") {
                format!("Option<{}>", rust_type(&x)?)
            } else if let Some(x) = a.strip_suffix("|None") {
                format!("Option<{}>", rust_type(x)?)
            } else if let Some(x) = inner("tuple[").or_else(|| inner("Tuple[")) {
                let parts: Option<Vec<String>> =
                    split_top(&x).iter().map(|p| rust_type(p)).collect();
                format!("({})", parts?.join(", "))
            } else {
                return None;
            }
        }
    })
}

/// A parameter's annotation naming a tree node class (`Node`,
/// `Node | None`, `Optional[Node]`) as the backend writes the parameter:
/// borrowed.
fn node_type(annotation: &str, nodes: &HashSet<String>) -> Option<String> {
    let a: String = annotation.chars().filter(|c| !c.is_whitespace()).collect();
    let optional = a
        .strip_suffix("|None")
        .or_else(|| a.strip_prefix("None|"))
        .or_else(|| {
            a.strip_prefix("Optional[")
                .and_then(|r| r.strip_suffix(']'))
        });
    match optional {
        Some(n) if nodes.contains(n) => Some(format!("Option<&{n}>")),
        None if nodes.contains(&a) => Some(format!("&{a}")),
        _ => None,
    }
}

/// `a, list[b, c], d` → `a`, `list[b, c]`, `d`.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_node_classes_are_found_beside_dataclasses() {
        let found = python_dataclasses(
            "class Node:\n    def __init__(self, val: int) -> None:\n        self.val = val\n        self.next: Node | None = None\n\n\n\
             class Point:\n    def __init__(self, x: int) -> None:\n        self.x = x\n\n\n\
             class Walker:\n    def __init__(self, n: Walker | None) -> None:\n        self.n = n\n\n    def go(self) -> None:\n        pass\n",
        );
        let mut names: Vec<&String> = found.keys().collect();
        names.sort();
        // `Point` never names itself; `Walker` has a method besides.
        assert_eq!(names, vec!["Node"]);
        assert!(found["Node"].starts_with("class Node:"));
    }

    #[test]
    fn annotations_become_the_signatures_translations_have() {
        let found = python_functions(
            "def perimeter(sides: list[float]) -> float:\n    return 0.0\n\n\
             def main(args: list[str]) -> int:\n    return 0\n\n\
             def show(x: int) -> None:\n    print(x)\n\n\
             def untyped(x):\n    return x\n",
            &HashSet::new(),
            Path::new("m.py"),
            Around::default(),
        );
        assert_eq!(
            found["perimeter"].declaration("perimeter"),
            "fn perimeter(sides: Vec<f64>) -> f64"
        );
        assert_eq!(
            found["main"].declaration("main"),
            "fn main(args: Vec<String>) -> i64"
        );
        assert_eq!(found["show"].declaration("show"), "fn show(x: i64)");
        // A parameter with a default is one more parameter: callers pass
        // the defaults they leave out (the Python frontend fills them).
        let defaults = python_functions(
            "def scale(x: int, by: int = 2) -> int:\n    return x * by\n",
            &HashSet::new(),
            Path::new("m.py"),
            Around::default(),
        );
        assert_eq!(
            defaults["scale"].declaration("scale"),
            "fn scale(x: i64, by: i64) -> i64"
        );
        // Without annotations, the signature of its own translation:
        // generic where that is.
        assert_eq!(
            found["untyped"].declaration("untyped"),
            "fn untyped<T>(x: T) -> T"
        );
        assert_eq!(
            rust_type("tuple[int, Optional[str]]").as_deref(),
            Some("(i64, Option<String>)")
        );
        assert_eq!(
            rust_type("dict[str, list[int]]").as_deref(),
            Some("HashMap<String, Vec<i64>>")
        );
        assert_eq!(rust_type("dict[str]"), None);
        // A dict or set changed in place is lent; one also returned has no
        // signature (the backend gives back only lists).
        let tables = python_functions(
            "def put(d: dict[str, int], s: set[int]) -> None:\n    d['a'] = 1\n    s.add(1)\n\n\n\
             def read(d: dict[str, int]) -> int:\n    return len(d)\n\n\n\
             def back(d: dict[str, int]) -> dict[str, int]:\n    d['a'] = 1\n    return d\n",
            &HashSet::new(),
            Path::new("m.py"),
            Around::default(),
        );
        assert_eq!(
            tables["put"].declaration("put"),
            "fn put(d: &mut HashMap<String, i64>, s: &mut HashSet<i64>)"
        );
        assert_eq!(
            tables["read"].declaration("read"),
            "fn read(d: HashMap<String, i64>) -> i64"
        );
        assert!(!tables.contains_key("back"));
        // A tree node (a project dataclass) is borrowed, as the backend
        // writes such a parameter; returning one gives no signature.
        let nodes: HashSet<String> = ["Node".to_string()].into();
        let trees = python_functions(
            "def depth(root: Node | None, here: Node) -> int:\n    return 0\n\n\
             def first(root: Node) -> Node:\n    return root\n",
            &nodes,
            Path::new("m.py"),
            Around::default(),
        );
        assert_eq!(
            trees["depth"].declaration("depth"),
            "fn depth(root: Option<&Node>, here: &Node) -> i64"
        );
        assert!(!trees.contains_key("first"));
    }

    /// A generator returns the iterator the backend writes for it, which
    /// borrows a list it changes in place.
    #[test]
    fn generators_give_iterators() {
        let found = python_functions(
            "def evens(n: int) -> Iterator[int]:\n    yield 0\n\n\n\
             def drain(xs: list[int]) -> typing.Generator[int, None, None]:\n    while xs:\n        yield xs.pop()\n\n\n\
             def sent(n: int) -> Generator[int, int, None]:\n    yield 0\n",
            &HashSet::new(),
            Path::new("m.py"),
            Around::default(),
        );
        assert_eq!(
            found["evens"].declaration("evens"),
            "fn evens(n: i64) -> impl Iterator<Item = i64>"
        );
        assert_eq!(
            found["drain"].declaration("drain"),
            "fn drain(xs: &mut Vec<i64>) -> impl Iterator<Item = i64> + '_"
        );
        // `Generator[int, int, None]` is not read here; the function has
        // the signature its translation has.
        assert_eq!(
            found.get("sent").map(|c| c.declaration("sent")),
            Some("fn sent(n: i64) -> impl Iterator<Item = i64>".to_string())
        );
    }

    #[test]
    fn jsdoc_gives_the_signatures_javascript_translations_have() {
        let found = javascript_functions(
            "/**\n * @param {number[]} sides\n * @returns {number}\n */\n\
             export function perimeter(sides) { return 0; }\n\
             /** @param {string} name */\nfunction greet(name) {}\n\
             /** @param {integer} n\n * @returns {boolean[][]} */\nfunction grid(n) {}\n\
             /** @param {Object} o */\nfunction opaque(o) { return o.x; }\n\
             function bare(x) { return x; }\n",
            Path::new("m.js"),
            Around::default(),
        );
        // Parameters are written under their Rust names; the function is
        // keyed by the name the source calls it.
        assert_eq!(
            found["perimeter"].declaration("perimeter"),
            "fn perimeter(sides: Vec<f64>) -> f64"
        );
        assert_eq!(
            found["greet"].declaration("greet"),
            "fn greet(name: String)"
        );
        assert_eq!(
            found["grid"].declaration("grid"),
            "fn grid(n: i64) -> Vec<Vec<bool>>"
        );
        // A function that JSDoc does not type has its translation's
        // signature, generic where that is, and with JavaScript's values
        // where no Rust type does (`o.x` of any value).
        assert_eq!(found["bare"].declaration("bare"), "fn bare<T>(x: T) -> T");
        assert_eq!(
            found["opaque"].declaration("opaque"),
            "fn opaque(o: js::Value) -> js::Value"
        );
        // A comment that nests arrays past the limit gives none.
        let deep = format!("number{}", "[]".repeat(crate::depth::MAX_NESTING + 1));
        assert_eq!(jsdoc_rust_type(&deep), None);
    }
}
