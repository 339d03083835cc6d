//! JavaScript to Python.
//!
//! The same scheme as the other direction: a function's body is run for its
//! types until they settle, then written. Python has one scope per function
//! where JavaScript has one per block, so a declaration that would hide
//! another name of the same function is declined, and so is a read of a
//! block's name outside the block.

mod calls;
mod expr;
mod hints;

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::helpers::py_import;
use super::types::Ty;
use super::{
    children, comment_body, named_children, text, Decline, Lines, Out, Res, Support, Translated,
};
use crate::engine::TranslationRequest;
use crate::lang::Lang;
use crate::symbols::py_name;
use crate::units::SegmentKind;

use expr::{wrap, Ex, PY_ATOM};

const MAX_INFERENCE_ROUNDS: usize = 8;

pub fn translate(req: &TranslationRequest) -> Res<Translated> {
    if matches!(req.kind, SegmentKind::Method | SegmentKind::Field) {
        return Err(Decline(format!("class member at line {}", req.first_line)));
    }
    let lines = Lines {
        first: req.first_line,
        added: 0,
    };
    // The parser leaves a byte-order mark out, so node offsets count from
    // after it: so must the text they index.
    let src = super::without_bom(&req.source);
    let tree = crate::units::parse(src, Lang::JavaScript)
        .ok_or_else(|| Decline("source the JavaScript parser gave up on".into()))?;
    let root = tree.root_node();
    if root.has_error() {
        let at = crate::units::first_syntax_error(src, Lang::JavaScript)
            .map_or(req.first_line, |(p, _)| req.first_line + p.line - 1);
        return Err(Decline(format!("syntax error at line {at}")));
    }
    // Every walk below recurses over the tree; one nested deeper than they
    // can follow is declined here, before any of them starts.
    if let Err(deep) = crate::depth::check(root) {
        return lines.decline(deep.node, deep.what());
    }
    let mut tx = Tx::new(src, lines, req);
    let mut out = Out::default();
    tx.module(root, req, &mut out)?;
    Ok(Translated {
        text: out.render("    "),
        support: tx.support,
    })
}

/// A Python signature the unit must match.
pub(crate) struct PySignature {
    /// The `def ...:` line as given.
    line: String,
    name: String,
    params: Vec<(String, Ty)>,
    ret: Ty,
    /// Names from `typing` the annotations use.
    typing: Vec<String>,
}

fn parse_signature(sig: &str) -> Option<PySignature> {
    // The header: from `def` to the line that ends it, brackets closed.
    let mut header = Vec::new();
    let mut depth = 0i32;
    for l in sig
        .lines()
        .map(str::trim_end)
        .skip_while(|l| !l.trim_start().starts_with("def "))
    {
        header.push(if header.is_empty() { l.trim_start() } else { l });
        depth += l.matches(['(', '[']).count() as i32 - l.matches([')', ']']).count() as i32;
        if depth <= 0 && l.ends_with(':') {
            break;
        }
    }
    if header.is_empty() {
        return None;
    }
    let line = header.join("\n");
    let code = format!("{line}\n    pass\n");
    let tree = crate::units::parse(&code, Lang::Python)?;
    // The annotations are read by recursion: a signature nested deeper than
    // that can follow is one the engine cannot read.
    crate::depth::check(tree.root_node()).ok()?;
    let def = named_children(tree.root_node())
        .into_iter()
        .find(|n| n.kind() == "function_definition")?;
    if def.has_error() {
        return None;
    }
    let name = text(def.child_by_field_name("name")?, &code).to_string();
    let mut params = Vec::new();
    let mut typing = Vec::new();
    for p in named_children(def.child_by_field_name("parameters")?) {
        let (n, t) = match p.kind() {
            "identifier" => (p, None),
            "typed_parameter" => (
                named_children(p)
                    .into_iter()
                    .find(|c| c.kind() == "identifier")?,
                p.child_by_field_name("type"),
            ),
            "default_parameter" | "typed_default_parameter" => (
                p.child_by_field_name("name")?,
                p.child_by_field_name("type"),
            ),
            _ => return None,
        };
        let ty = match t {
            Some(t) => {
                collect_typing(t, &code, &mut typing);
                annotation(t, &code)
            }
            None => Ty::Unknown,
        };
        params.push((text(n, &code).to_string(), ty));
    }
    let ret = match def.child_by_field_name("return_type") {
        Some(t) => {
            collect_typing(t, &code, &mut typing);
            annotation(t, &code)
        }
        None => Ty::Unknown,
    };
    Some(PySignature {
        line,
        name,
        params,
        ret,
        typing,
    })
}

const TYPING_NAMES: &[&str] = &[
    "Any", "Callable", "Dict", "Iterable", "List", "Optional", "Sequence", "Set", "Tuple", "Union",
];

fn collect_typing(node: Node, src: &str, out: &mut Vec<String>) {
    if node.kind() == "identifier" {
        let t = text(node, src);
        if TYPING_NAMES.contains(&t) && !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    }
    for c in named_children(node) {
        collect_typing(c, src, out);
    }
}

/// The type a Python annotation names.
pub(crate) fn annotation(node: Node, src: &str) -> Ty {
    let node = if node.kind() == "type" {
        match named_children(node).first() {
            Some(n) => *n,
            None => return Ty::Unknown,
        }
    } else {
        node
    };
    match node.kind() {
        "identifier" => match text(node, src) {
            "int" => Ty::Int,
            "float" => Ty::Num,
            "str" => Ty::Str,
            "bool" => Ty::Bool,
            "list" | "List" => Ty::list(Ty::Unknown),
            "tuple" | "Tuple" => Ty::list(Ty::Unknown),
            "dict" | "Dict" => Ty::dict(Ty::Unknown, Ty::Unknown),
            "set" | "Set" => Ty::set(Ty::Unknown),
            _ => Ty::Unknown,
        },
        "none" => Ty::None,
        "generic_type" | "subscript" => {
            let name = named_children(node)
                .first()
                .map(|n| text(*n, src))
                .unwrap_or("");
            let params: Vec<Ty> = named_children(node)
                .into_iter()
                .skip(1)
                .flat_map(|p| {
                    if p.kind() == "type_parameter" {
                        named_children(p)
                    } else {
                        vec![p]
                    }
                })
                .map(|p| annotation(p, src))
                .collect();
            let first = params.first().cloned().unwrap_or(Ty::Unknown);
            match name {
                "List" | "list" | "Sequence" => Ty::list(first),
                "Set" | "set" => Ty::set(first),
                "Tuple" | "tuple" if text(node, src).contains("...") => Ty::list(first),
                "Tuple" | "tuple" => Ty::Tuple(params),
                "Dict" | "dict" => Ty::dict(first, params.get(1).cloned().unwrap_or(Ty::Unknown)),
                "Optional" => Ty::Optional(Box::new(first)),
                "Union" => params.iter().fold(Ty::Never, |a, t| a.join(t)),
                _ => Ty::Unknown,
            }
        }
        _ => Ty::Unknown,
    }
}

#[derive(Clone, Debug)]
struct Binding {
    target: String,
    ty: Ty,
}

#[derive(Default)]
struct Scope {
    /// Parameters and locals of a function; parameters of a lambda.
    names: HashMap<String, Binding>,
    /// Block scopes being written, innermost last: the names declared so
    /// far in each.
    blocks: Vec<HashSet<String>>,
    /// Every name the function declares somewhere.
    declared_anywhere: HashSet<String>,
    ret: Ty,
    returns_value: bool,
    changes: usize,
    frozen: bool,
    is_function: bool,
    /// The return annotation says tuple: array literals returned become
    /// tuples.
    returns_tuple: bool,
    /// The return annotation says list.
    returns_list: bool,
    /// Some `return` gives a list that is not a literal (built by `push`):
    /// the function returns lists.
    returns_built_list: bool,
    /// For each loop being written: the update statements a `continue` must
    /// run first (a `for (;;)` loop written as `while`).
    loop_updates: Vec<Option<Vec<String>>>,
    /// How many loops deep the statement being written is.
    loop_depth: usize,
    /// Outer names the function assigns (`nonlocal`).
    nonlocals: Vec<String>,
    /// Length guards: `(end byte of the guarding statement, array name, k)`
    /// when, after that statement, the array is known to hold at least `k`
    /// items (`if (xs.length == 0) return ...;` gives k = 1).
    guards: Vec<(usize, String, i64)>,
    /// Length facts of the enclosing `if` and `while` conditions.
    cond_facts: Vec<(String, i64)>,
    /// Names bound to single characters (`for (const c of s)`, callbacks
    /// over `s.split("")`).
    single_chars: HashSet<String>,
    /// Counters of the loops being written and their least values
    /// (`i64::MIN` when not known).
    lower_bounds: Vec<(String, i64)>,
    /// The module's own scope, which top-level code writes in.
    is_module: bool,
    /// Names that hold an array's length for the whole body
    /// (`const n = xs.length`, neither changed afterwards).
    length_aliases: HashMap<String, String>,
}

pub(crate) struct Tx<'s> {
    src: &'s str,
    lines: Lines,
    support: Support,
    renames: HashMap<String, String>,
    scopes: Vec<Scope>,
    dry: usize,
    /// The length aliases of the function being set up, before its scope
    /// is pushed.
    current_aliases: HashMap<String, String>,
    /// Callbacks with statements, written as nested functions that go right
    /// before the statement being written.
    hoisted: Vec<Out>,
    /// Above zero where a callback cannot be hoisted (inside a lambda, a
    /// comprehension, an arrow's expression body): its own names would be
    /// out of reach.
    no_hoist: usize,
    /// A name for the next function written, instead of its own.
    name_override: Option<String>,
    /// What the last nested function written returns.
    last_function_ret: Ty,
    /// Types (and whether they are single characters) for the parameters
    /// of the next function written, a hoisted callback's.
    param_presets: Vec<(Ty, bool)>,
}

impl<'s> Tx<'s> {
    fn new(src: &'s str, lines: Lines, req: &TranslationRequest) -> Tx<'s> {
        let mut renames = HashMap::new();
        for (from, to) in req.context.names.iter().chain(req.context.glossary.iter()) {
            renames.insert(from.clone(), to.clone());
        }
        Tx {
            src,
            lines,
            support: Support::default(),
            renames,
            scopes: Vec::new(),
            dry: 0,
            current_aliases: HashMap::new(),
            hoisted: Vec::new(),
            no_hoist: 0,
            name_override: None,
            last_function_ret: Ty::Unknown,
            param_presets: Vec::new(),
        }
    }

    fn t(&self, node: Node) -> &'s str {
        text(node, self.src)
    }

    fn decline<T>(&self, node: Node, what: impl std::fmt::Display) -> Res<T> {
        self.lines.decline(node, what)
    }

    fn import(&mut self, line: &str) {
        if self.dry == 0 {
            py_import(&mut self.support, line);
        }
    }

    fn helper(&mut self, h: super::helpers::PyHelper) -> &'static str {
        if self.dry > 0 {
            h.name()
        } else {
            h.use_in(&mut self.support)
        }
    }

    fn global_name(&self, node: Node, name: &str) -> Res<String> {
        if let Some(r) = self.renames.get(name) {
            return Ok(r.clone());
        }
        match py_name(name) {
            Some(n) => Ok(n),
            None => self.decline(node, format!("name `{name}` that Python cannot spell")),
        }
    }

    /// The Python names that code in `node` uses from outside the names
    /// `own` it binds itself: what those names must not be called.
    pub(super) fn outer_targets(&self, node: Node, own: &[String]) -> HashSet<String> {
        super::referenced_names(node, self.src, Lang::JavaScript)
            .into_iter()
            .filter(|n| !own.contains(n))
            .filter_map(|n| {
                self.scopes
                    .iter()
                    .rev()
                    .find_map(|s| s.names.get(&n))
                    .map(|b| b.target.clone())
                    .or_else(|| self.renames.get(&n).cloned())
                    .or_else(|| py_name(&n))
            })
            .collect()
    }

    fn function_scope_idx(&self) -> Option<usize> {
        self.scopes
            .iter()
            .rposition(|s| s.is_function || s.is_module)
    }

    fn fscope(&mut self) -> &mut Scope {
        let idx = self.function_scope_idx().expect("inside a function");
        &mut self.scopes[idx]
    }

    /// The binding a name resolves to here, if the source declares it in an
    /// enclosing function or lambda.
    fn lookup(&self, name: &str, node: Node) -> Res<Option<Binding>> {
        for (i, scope) in self.scopes.iter().enumerate().rev() {
            let Some(b) = scope.names.get(name) else {
                continue;
            };
            if scope.is_function && scope.declared_anywhere.contains(name) {
                // A block-scoped name must be visible here.
                let visible = scope.blocks.iter().any(|b| b.contains(name));
                if !visible {
                    if i + 1 == self.scopes.len()
                        || self.scopes[i + 1..].iter().all(|s| !s.is_function)
                    {
                        return self.decline(
                            node,
                            format!("`{name}` used outside its block or before its declaration"),
                        );
                    }
                    // A nested function reading a later declaration: fine
                    // if it runs later, which the engine cannot tell.
                    return self.decline(node, format!("closure over `{name}` declared after it"));
                }
            }
            return Ok(Some(b.clone()));
        }
        Ok(None)
    }

    fn widen(&mut self, name: &str, ty: &Ty, node: Node) -> Res<()> {
        let Some(idx) = self.scopes.iter().rposition(|s| s.names.contains_key(name)) else {
            return Ok(());
        };
        let scope = &mut self.scopes[idx];
        let b = scope.names.get_mut(name).expect("found above");
        let joined = b.ty.join(ty);
        if joined != b.ty {
            if scope.frozen {
                return self.decline(node, format!("a value of changing type in `{name}`"));
            }
            b.ty = joined;
            scope.changes += 1;
        }
        Ok(())
    }

    // -- Module level -----------------------------------------------------

    fn module(&mut self, root: Node, req: &TranslationRequest, out: &mut Out) -> Res<()> {
        let signature = req.context.signature.as_deref().and_then(parse_signature);
        if req.context.signature.is_some() && signature.is_none() && req.kind.is_unit() {
            return Err(Decline(format!(
                "target signature the engine cannot read, for the unit at line {}",
                req.first_line
            )));
        }
        // Module scope: top-level `const`s and functions are globals.
        self.scopes.push(Scope {
            frozen: true,
            is_module: true,
            blocks: vec![HashSet::new()],
            ..Scope::default()
        });
        let items: Vec<Node> = children(root)
            .into_iter()
            .filter(|c| c.is_named())
            .collect();
        let mut prev_end_row: Option<usize> = None;
        let mut pending_doc: Option<Node> = None;
        for (i, item) in items.iter().enumerate() {
            let item = *item;
            if let Some(end) = prev_end_row {
                if item.start_position().row > end + 1 {
                    out.blank();
                }
            }
            prev_end_row = Some(item.end_position().row);
            let next_is_function = items.get(i + 1).is_some_and(|n| {
                function_of(*n).is_some() && n.start_position().row <= item.end_position().row + 1
            });
            match item.kind() {
                "comment" if self.t(item).starts_with("/**") && next_is_function => {
                    pending_doc = Some(item);
                    prev_end_row = None;
                }
                "comment" => self.comment(item, out),
                "empty_statement" => {}
                "expression_statement" if self.is_use_strict(item) || self.is_exports(item) => {}
                _ => {
                    if let Some((name, f)) = function_of(item) {
                        let sig = signature
                            .as_ref()
                            .filter(|_| req.kind == SegmentKind::Function);
                        let doc = pending_doc.take();
                        self.function(name, f, sig, doc, out)?;
                        continue;
                    }
                    pending_doc = None;
                    self.module_statement(item, out)?;
                }
            }
        }
        if let Some(doc) = pending_doc {
            self.comment(doc, out);
        }
        Ok(())
    }

    fn is_use_strict(&self, stmt: Node) -> bool {
        let t = self.t(stmt).trim_end_matches(';');
        t == "\"use strict\"" || t == "'use strict'"
    }

    /// `module.exports = ...` or `exports.x = ...`: Python modules export
    /// every top-level name.
    fn is_exports(&self, stmt: Node) -> bool {
        let t = self.t(stmt);
        t.starts_with("module.exports") || t.starts_with("exports.")
    }

    fn module_statement(&mut self, item: Node, out: &mut Out) -> Res<()> {
        match item.kind() {
            "lexical_declaration" | "variable_declaration" => {
                for decl in named_children(item) {
                    if decl.kind() != "variable_declarator" {
                        continue;
                    }
                    let name = decl.child_by_field_name("name").expect("declarator name");
                    if name.kind() != "identifier" {
                        return self.decline(decl, "destructuring declaration");
                    }
                    let n = self.t(name);
                    let Some(value) = decl.child_by_field_name("value") else {
                        out.line(format!("{} = None", self.global_name(name, n)?));
                        continue;
                    };
                    if value.kind() == "call_expression"
                        && value
                            .child_by_field_name("function")
                            .is_some_and(|f| self.t(f) == "require")
                    {
                        return self.decline(item, "`require`");
                    }
                    let v = self.expr(value)?;
                    out.line(format!("{} = {}", self.global_name(name, n)?, v.code));
                }
                Ok(())
            }
            "import_statement" => self.decline(item, "`import`"),
            "export_statement" => self.decline(item, "`export` of something other than a function"),
            "class_declaration" => self.decline(item, "class"),
            _ => {
                // Top-level code runs as it does in JavaScript.
                let mut scope = Scope {
                    is_function: true,
                    frozen: true,
                    ..Scope::default()
                };
                scope.blocks.push(HashSet::new());
                self.scopes.push(scope);
                let r = self.stmt(item, out);
                self.scopes.pop();
                r
            }
        }
    }

    fn comment(&self, node: Node, out: &mut Out) {
        for line in comment_body(self.t(node), Lang::JavaScript) {
            if line.is_empty() {
                out.line("#");
            } else {
                out.line(format!("#{line}"));
            }
        }
    }

    // -- Functions --------------------------------------------------------

    fn function(
        &mut self,
        name: Node,
        f: Node,
        sig: Option<&PySignature>,
        doc: Option<Node>,
        out: &mut Out,
    ) -> Res<()> {
        if matches!(
            f.kind(),
            "generator_function_declaration" | "generator_function"
        ) {
            return self.decline(f, "generator function");
        }
        if children(f).iter().any(|c| c.kind() == "async") {
            return self.decline(f, "`async` function");
        }
        let source_name = self
            .name_override
            .take()
            .unwrap_or_else(|| self.t(name).to_string());
        let nested = self.scopes.iter().any(|s| s.is_function);
        let target = match sig {
            Some(s) => s.name.clone(),
            None if nested => self
                .scopes
                .iter()
                .rev()
                .find_map(|s| s.names.get(&source_name))
                .map(|b| b.target.clone())
                .map_or_else(|| self.global_name(name, &source_name), Ok)?,
            None => self.global_name(name, &source_name)?,
        };
        if !nested {
            self.renames.insert(source_name.clone(), target.clone());
        }

        // Parameters.
        let mut params: Vec<(String, Option<Node>)> = Vec::new();
        let param_nodes: Vec<Node> = match f.child_by_field_name("parameter") {
            Some(p) => vec![p],
            None => f
                .child_by_field_name("parameters")
                .map(named_children)
                .unwrap_or_default(),
        };
        for p in param_nodes {
            match p.kind() {
                "identifier" => params.push((self.t(p).to_string(), None)),
                "assignment_pattern" => {
                    let left = p.child_by_field_name("left").expect("left");
                    let right = p.child_by_field_name("right").expect("right");
                    if left.kind() != "identifier" {
                        return self.decline(p, "destructuring parameter");
                    }
                    if !is_constant_literal(right) {
                        return self.decline(right, "default parameter that is not a constant");
                    }
                    params.push((self.t(left).to_string(), Some(right)));
                }
                "rest_pattern" => return self.decline(p, "rest parameter (`...args`)"),
                _ => return self.decline(p, "destructuring parameter"),
            }
        }
        let body = f.child_by_field_name("body").expect("function body");
        let mut locals = Vec::new();
        if body.kind() == "statement_block" {
            hints::declared_names(body, self.src, &mut locals);
        }
        let param_names: Vec<String> = params.iter().map(|p| p.0.clone()).collect();
        for l in &locals {
            if param_names.contains(l) {
                return self.decline(f, format!("parameter `{l}` declared again in the body"));
            }
        }
        if let Some(sig) = sig {
            if sig.params.len() < params.len() {
                // JavaScript callers may leave arguments out; the extra
                // parameters must then be unused.
                let mut used = HashSet::new();
                identifiers(body, self.src, &mut used);
                if params[sig.params.len()..]
                    .iter()
                    .any(|(p, _)| used.contains(p))
                {
                    return self.decline(
                        f,
                        format!(
                            "target signature with {} parameters for a function with {}",
                            sig.params.len(),
                            params.len()
                        ),
                    );
                }
                params.truncate(sig.params.len());
            }
        }
        let mut assigned = HashSet::new();
        hints::assigned_names(body, self.src, &mut assigned);
        let mut retyped = HashSet::new();
        hints::retyping_assignments(body, self.src, &mut retyped);
        let unassigned: Vec<String> = params
            .iter()
            .map(|p| p.0.clone())
            .filter(|p| !retyped.contains(p))
            .collect();
        let hinted = hints::param_hints(body, self.src, &unassigned);
        let jsdoc = doc.map(|d| jsdoc_types(self.t(d))).unwrap_or_default();

        let mut scope = Scope {
            is_function: true,
            ..Scope::default()
        };
        // Every name of the scope gets a target name of its own, and none
        // hides a name the body uses from outside (a module-level function
        // whose Python name a local's conversion happens to be).
        let mut own: Vec<String> = params.iter().map(|p| p.0.clone()).collect();
        for l in &locals {
            if !own.contains(l) {
                own.push(l.clone());
            }
        }
        let mut wanted = Vec::new();
        for (i, n) in own.iter().enumerate() {
            wanted.push(match sig {
                Some(s) if i < params.len() => s.params[i].0.clone(),
                _ if i < params.len() => py_name(n).ok_or_else(|| {
                    Decline(format!("parameter `{n}` at line {}", self.lines.of(f)))
                })?,
                _ => match py_name(n) {
                    Some(t) => t,
                    None => return self.decline(f, format!("name `{n}` that Python cannot spell")),
                },
            });
        }
        let fixed: Vec<bool> = (0..own.len())
            .map(|i| sig.is_some() && i < params.len())
            .collect();
        let chosen = super::unique_targets(&wanted, &fixed, &self.outer_targets(body, &own));
        let own_target: HashMap<&String, &String> = own.iter().zip(&chosen).collect();
        let mut targets: HashMap<String, String> = HashMap::new();
        let mut first_block = HashSet::new();
        let presets = std::mem::take(&mut self.param_presets);
        for (i, (p, _)) in params.iter().enumerate() {
            let (t, ty) = match sig {
                Some(s) => (chosen[i].clone(), s.params[i].1.clone()),
                None => (chosen[i].clone(), Ty::Unknown),
            };
            let ty = match ty {
                Ty::Unknown => jsdoc.get(p).cloned().unwrap_or(Ty::Unknown),
                t => t,
            };
            let ty = match (ty, presets.get(i)) {
                (Ty::Unknown, Some((preset, single))) => {
                    if *single {
                        scope.single_chars.insert(p.clone());
                    }
                    preset.clone()
                }
                (t, _) => t,
            };
            let ty = refine(&ty, hinted.get(p).unwrap_or(&Ty::Unknown));
            targets.insert(p.clone(), t.clone());
            scope.names.insert(p.clone(), Binding { target: t, ty });
            first_block.insert(p.clone());
        }
        for l in &locals {
            let t = own_target[l].clone();
            targets.insert(l.clone(), t.clone());
            scope.names.insert(
                l.clone(),
                Binding {
                    target: t,
                    ty: Ty::Never,
                },
            );
            scope.declared_anywhere.insert(l.clone());
        }
        let mut seen: HashMap<&String, &String> = HashMap::new();
        for (s, t) in &targets {
            if let Some(other) = seen.insert(t, s) {
                return self.decline(
                    f,
                    format!("names `{other}` and `{s}` that both become `{t}`"),
                );
            }
        }
        // Nested functions that assign names of an enclosing function.
        if nested {
            for a in &assigned {
                if !scope.names.contains_key(a)
                    && self
                        .scopes
                        .iter()
                        .any(|s| s.is_function && s.names.contains_key(a))
                {
                    let t = self
                        .scopes
                        .iter()
                        .rev()
                        .find_map(|s| s.names.get(a))
                        .map(|b| b.target.clone())
                        .expect("found above");
                    scope.nonlocals.push(t);
                }
            }
            scope.nonlocals.sort();
        }
        scope.returns_tuple = sig.is_some_and(|s| matches!(s.ret, Ty::Tuple(_)));
        scope.returns_list = sig.is_some_and(|s| matches!(s.ret, Ty::List(_)));
        scope.blocks.push(first_block);
        if body.kind() == "statement_block" {
            scope.length_aliases = self.length_aliases(body);
            self.current_aliases = scope.length_aliases.clone();
            scope.guards = self.length_guards(body);
            self.nonempty_declarations(body, &mut scope.guards);
        }

        self.scopes.push(scope);
        let result = self.function_body(body);
        let scope = self.scopes.pop().expect("pushed above");
        self.current_aliases = self
            .function_scope_idx()
            .map(|i| self.scopes[i].length_aliases.clone())
            .unwrap_or_default();
        let body_out = result?;

        if nested {
            let ret = if scope.returns_value {
                scope.ret.clone()
            } else {
                Ty::None
            };
            self.last_function_ret = ret.clone();
            self.widen(&source_name, &Ty::Func(Box::new(ret)), f)?;
            self.declare(&source_name);
        }

        // Header.
        match sig {
            Some(s) => {
                for t in &s.typing {
                    self.import(&format!("from typing import {t}"));
                }
                out.line(s.line.clone());
            }
            None => {
                let mut ps = Vec::new();
                for (p, default) in &params {
                    let t = targets[p].clone();
                    match default {
                        Some(d) => {
                            let v = self.expr(*d)?;
                            ps.push(format!("{t}={}", v.code));
                        }
                        None => ps.push(t),
                    }
                }
                out.line(format!("def {target}({}):", ps.join(", ")));
            }
        }
        out.depth += 1;
        if let Some(d) = doc {
            docstring(&comment_body(self.t(d), Lang::JavaScript), out);
        }
        if !scope.nonlocals.is_empty() {
            out.line(format!("nonlocal {}", scope.nonlocals.join(", ")));
        }
        let base = out.depth;
        let empty = body_out
            .lines
            .iter()
            .all(|(_, l)| l.is_empty() || l.starts_with('#'));
        for (d, l) in body_out.lines {
            out.lines.push((d + base, l));
        }
        if empty {
            out.line("pass");
        }
        out.depth -= 1;
        Ok(())
    }

    /// Arrays and strings declared once from a value that is never empty
    /// (`s.split(",")`, `n.toString()`), counted as guarded from their
    /// declaration on.
    fn nonempty_declarations(&self, body: Node, out: &mut Vec<(usize, String, i64)>) {
        let mut assigned = HashSet::new();
        hints::assigned_names(body, self.src, &mut assigned);
        fn walk(
            tx: &Tx,
            n: Node,
            body: Node,
            assigned: &HashSet<String>,
            out: &mut Vec<(usize, String, i64)>,
        ) {
            if matches!(
                n.kind(),
                "arrow_function" | "function_expression" | "function_declaration"
            ) {
                return;
            }
            if n.kind() == "variable_declarator" {
                if let (Some(name), Some(value)) = (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("value"),
                ) {
                    let nm = tx.t(name).to_string();
                    let call_name = value
                        .child_by_field_name("function")
                        .and_then(|f| f.child_by_field_name("property"))
                        .map(|p| tx.t(p));
                    let nonempty = value.kind() == "call_expression"
                        && matches!(call_name, Some("split") | Some("toString"))
                        && !tx.t(value).contains("split(\"\")")
                        && !tx.t(value).contains("split('')");
                    if nonempty && !assigned.contains(&nm) && !tx.changed_in_place(&nm, body) {
                        out.push((n.end_byte(), nm, 1));
                    }
                }
            }
            for c in named_children(n) {
                walk(tx, c, body, assigned, out);
            }
        }
        walk(self, body, body, &assigned, out);
    }

    /// The length guards among a body's top-level statements: an `if`
    /// without `else` that returns or throws when an array (or string) is
    /// shorter than some length. Arrays that are changed in place or
    /// assigned anywhere in the body are left out.
    fn length_guards(&self, body: Node) -> Vec<(usize, String, i64)> {
        let mut out = Vec::new();
        let mut assigned = HashSet::new();
        hints::assigned_names(body, self.src, &mut assigned);
        for stmt in named_children(body) {
            if stmt.kind() != "if_statement" || stmt.child_by_field_name("alternative").is_some() {
                continue;
            }
            let Some(cons) = stmt.child_by_field_name("consequence") else {
                continue;
            };
            let exits = match cons.kind() {
                "statement_block" => named_children(cons)
                    .last()
                    .is_some_and(|l| matches!(l.kind(), "return_statement" | "throw_statement")),
                k => matches!(k, "return_statement" | "throw_statement"),
            };
            if !exits {
                continue;
            }
            let Some(cond) = stmt.child_by_field_name("condition") else {
                continue;
            };
            let mut found = Vec::new();
            self.short_conditions(cond, &mut found);
            let _ = &mut found;
            for (name, k) in found {
                if assigned.contains(&name) || self.changed_in_place(&name, body) {
                    continue;
                }
                out.push((stmt.end_byte(), name, k));
            }
        }
        out
    }

    /// `left op right` as `name.length op' v`, with the length on the left
    /// (the operator mirrored if it was on the right) and `v` a number.
    fn length_comparison<'o>(
        &self,
        op: &'o str,
        left: Node,
        right: Node,
    ) -> Option<(String, i64, &'o str)> {
        let (name, num, op) = match (self.length_of(left), self.length_of(right)) {
            (Some(n), None) => (n, right, op),
            (None, Some(n)) => (n, left, expr::mirrored(op)),
            _ => return None,
        };
        let v = expr::number_value(num, self.src)?;
        Some((name, v as i64, op))
    }

    /// Conjuncts of a condition that say `name.length >= k`.
    pub(super) fn long_conditions(&self, cond: Node, out: &mut Vec<(String, i64)>) {
        let cond = expr::strip_parens(cond);
        match cond.kind() {
            "binary_expression" => {
                let op = self.t(cond.child_by_field_name("operator").expect("operator"));
                let l = cond.child_by_field_name("left").expect("left");
                let r = cond.child_by_field_name("right").expect("right");
                if op == "&&" {
                    self.long_conditions(l, out);
                    self.long_conditions(r, out);
                    return;
                }
                let Some((name, v, op)) = self.length_comparison(op, l, r) else {
                    return;
                };
                let k = match op {
                    "==" | "===" => v,
                    ">" => v + 1,
                    ">=" => v,
                    "!=" | "!==" if v == 0 => 1,
                    _ => return,
                };
                if k > 0 {
                    out.push((name, k));
                }
            }
            _ => {
                if let Some(n) = self.length_of(cond) {
                    out.push((n, 1));
                }
            }
        }
    }

    /// Disjuncts of a condition that say `name.length < k`.
    fn short_conditions(&self, cond: Node, out: &mut Vec<(String, i64)>) {
        let cond = expr::strip_parens(cond);
        match cond.kind() {
            "binary_expression" => {
                let op = self.t(cond.child_by_field_name("operator").expect("operator"));
                let l = cond.child_by_field_name("left").expect("left");
                let r = cond.child_by_field_name("right").expect("right");
                if op == "||" {
                    self.short_conditions(l, out);
                    self.short_conditions(r, out);
                    return;
                }
                let Some((len_side, v, op)) = self.length_comparison(op, l, r) else {
                    return;
                };
                let k = match op {
                    "==" | "===" if v == 0 => 1,
                    // `if (xs.length != 3) return`: afterwards exactly 3.
                    "!=" | "!==" => v,
                    "<" => v,
                    "<=" => v + 1,
                    _ => return,
                };
                if k > 0 {
                    out.push((len_side, k));
                }
            }
            "unary_expression" if self.t(cond).starts_with('!') => {
                if let Some(arg) = cond.child_by_field_name("argument") {
                    if let Some(n) = self.length_of(expr::strip_parens(arg)) {
                        out.push((n, 1));
                    }
                }
            }
            _ => {}
        }
    }

    /// `const n = xs.length` where neither `n` nor `xs` changes later.
    fn length_aliases(&self, body: Node) -> HashMap<String, String> {
        let mut assigned = HashSet::new();
        hints::assigned_names(body, self.src, &mut assigned);
        let mut out = HashMap::new();
        fn walk(
            tx: &Tx,
            n: Node,
            body: Node,
            assigned: &HashSet<String>,
            out: &mut HashMap<String, String>,
        ) {
            if matches!(
                n.kind(),
                "arrow_function" | "function_expression" | "function_declaration"
            ) {
                return;
            }
            if n.kind() == "variable_declarator" {
                if let (Some(name), Some(value)) = (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("value"),
                ) {
                    let nm = tx.t(name).to_string();
                    if let Some(x) = tx.length_of_member(value) {
                        if !assigned.contains(&nm)
                            && !assigned.contains(&x)
                            && !tx.changed_in_place(&x, body)
                        {
                            out.insert(nm, x);
                        }
                    }
                }
            }
            for c in named_children(n) {
                walk(tx, c, body, assigned, out);
            }
        }
        walk(self, body, body, &assigned, &mut out);
        out
    }

    /// `name` when the node is `name.length` or a name that holds it.
    fn length_of(&self, node: Node) -> Option<String> {
        let stripped = expr::strip_parens(node);
        if stripped.kind() == "identifier" {
            if let Some(x) = self.current_aliases.get(self.t(stripped)) {
                return Some(x.clone());
            }
        }
        self.length_of_member(node)
    }

    /// `name` when the node is `name.length`.
    fn length_of_member(&self, node: Node) -> Option<String> {
        let node = expr::strip_parens(node);
        if node.kind() != "member_expression" {
            return None;
        }
        let prop = node.child_by_field_name("property")?;
        let obj = node.child_by_field_name("object")?;
        (self.t(prop) == "length" && obj.kind() == "identifier").then(|| self.t(obj).to_string())
    }

    /// Whether an array may change length in place in `node`.
    fn changed_in_place(&self, name: &str, node: Node) -> bool {
        if node.kind() == "call_expression" {
            if let Some(f) = node.child_by_field_name("function") {
                if f.kind() == "member_expression" {
                    let obj = f.child_by_field_name("object").map(|o| self.t(o));
                    let m = f
                        .child_by_field_name("property")
                        .map(|p| self.t(p))
                        .unwrap_or("");
                    if obj == Some(name)
                        && matches!(m, "pop" | "shift" | "splice" | "push" | "unshift")
                    {
                        return true;
                    }
                }
            }
        }
        if node.kind() == "assignment_expression" {
            if let Some(l) = node.child_by_field_name("left") {
                if self.t(l) == format!("{name}.length") {
                    return true;
                }
            }
        }
        named_children(node)
            .iter()
            .any(|c| self.changed_in_place(name, *c))
    }

    /// Whether `name` holds at least `k` items at `at` (a byte offset), by a
    /// length guard.
    pub(super) fn known_length(&self, name: &str, k: i64, at: usize) -> bool {
        let Some(idx) = self.function_scope_idx() else {
            return false;
        };
        let scope = &self.scopes[idx];
        scope
            .guards
            .iter()
            .any(|(end, n, min)| *end <= at && n == name && *min >= k)
            || scope
                .cond_facts
                .iter()
                .any(|(n, min)| n == name && *min >= k)
            || k <= 1 && scope.single_chars.contains(name)
    }

    /// Marks a name declared in the innermost block.
    fn declare(&mut self, name: &str) {
        if let Some(idx) = self.function_scope_idx() {
            if let Some(b) = self.scopes[idx].blocks.last_mut() {
                b.insert(name.to_string());
            }
        }
    }

    fn function_body(&mut self, body: Node) -> Res<Out> {
        let idx = self.scopes.len() - 1;
        let blocks = self.scopes[idx].blocks.clone();
        self.dry += 1;
        let mut settled = false;
        for _ in 0..MAX_INFERENCE_ROUNDS {
            let before = self.scopes[idx].changes;
            self.scopes[idx].blocks = blocks.clone();
            let mut scratch = Out::default();
            let _ = self.body_of(body, &mut scratch);
            if self.scopes[idx].changes == before {
                settled = true;
                break;
            }
        }
        self.dry -= 1;
        if !settled {
            return self.decline(body, "types that do not settle");
        }
        self.scopes[idx].frozen = true;
        self.scopes[idx].blocks = blocks;
        let mut out = Out::default();
        self.body_of(body, &mut out)?;
        Ok(out)
    }

    fn body_of(&mut self, body: Node, out: &mut Out) -> Res<()> {
        if body.kind() == "statement_block" {
            self.block_items(body, out)
        } else {
            // An arrow function's expression body.
            self.no_hoist += 1;
            let v = self.expr(body);
            self.no_hoist -= 1;
            let v = v?;
            self.note_return(&v.ty, true, body)?;
            let code = self.return_value(v, body)?;
            out.line(format!("return {code}"));
            Ok(())
        }
    }

    // -- Statements -------------------------------------------------------

    fn block_items(&mut self, block: Node, out: &mut Out) -> Res<()> {
        let mut prev_end_row: Option<usize> = None;
        for item in children(block) {
            if !item.is_named() {
                continue;
            }
            if let Some(end) = prev_end_row {
                if item.start_position().row > end + 1 {
                    out.blank();
                }
            }
            let same_line = prev_end_row == Some(item.start_position().row);
            prev_end_row = Some(item.end_position().row);
            if item.kind() == "comment" {
                if same_line && !out.lines.is_empty() {
                    let body = comment_body(self.t(item), Lang::JavaScript).join(" ");
                    if let Some(last) = out.lines.last_mut() {
                        last.1.push_str(&format!("  #{body}"));
                    }
                } else {
                    self.comment(item, out);
                }
                continue;
            }
            // Callbacks hoisted while writing the statement go before it.
            let mut written = Out {
                lines: Vec::new(),
                depth: out.depth,
            };
            let result = self.stmt(item, &mut written);
            for def in std::mem::take(&mut self.hoisted) {
                for (d, l) in def.lines {
                    out.lines.push((d + out.depth, l));
                }
            }
            out.lines.extend(written.lines);
            if let Err(e) = result {
                if self.dry == 0 {
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// A statement that is the body of a compound statement: a block, or a
    /// single statement. Opens a block scope.
    fn body(&mut self, node: Node, out: &mut Out) -> Res<()> {
        out.depth += 1;
        let before = out.lines.len();
        self.fscope().blocks.push(HashSet::new());
        let r = if node.kind() == "statement_block" {
            self.block_items(node, out)
        } else {
            self.stmt(node, out)
        };
        self.fscope().blocks.pop();
        let only_comments = out.lines[before..]
            .iter()
            .all(|(_, l)| l.is_empty() || l.starts_with('#'));
        if only_comments {
            out.line("pass");
        }
        out.depth -= 1;
        r
    }

    fn stmt(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        match stmt.kind() {
            "expression_statement" => {
                let e = named_children(stmt);
                let [e] = e.as_slice() else {
                    return self.decline(stmt, "expression statement");
                };
                self.expression_statement(*e, out)
            }
            "lexical_declaration" | "variable_declaration" => self.declaration(stmt, out),
            "return_statement" => {
                let value = named_children(stmt).first().copied();
                match value {
                    None => {
                        let idx = self.function_scope_idx().expect("in a function");
                        if self.scopes[idx].returns_value {
                            out.line("return None");
                        } else {
                            out.line("return");
                        }
                        self.note_return(&Ty::None, false, stmt)
                    }
                    Some(v) => {
                        let e = self.expr(v)?;
                        if v.kind() == "identifier" && matches!(e.ty, Ty::List(_)) {
                            self.fscope().returns_built_list = true;
                        }
                        self.note_return(&e.ty, true, stmt)?;
                        let code = self.return_value(e, v)?;
                        out.line(format!("return {code}"));
                        Ok(())
                    }
                }
            }
            "if_statement" => self.if_statement(stmt, out, false),
            "for_statement" => self.for_statement(stmt, out),
            "for_in_statement" => self.for_in_statement(stmt, out),
            "while_statement" => {
                let cond = stmt.child_by_field_name("condition").expect("condition");
                let c = self.cond(cond)?;
                out.line(format!("while {}:", c.code));
                self.loop_body(stmt.child_by_field_name("body").expect("body"), None, out)
            }
            "do_statement" => {
                let body = stmt.child_by_field_name("body").expect("body");
                if contains_continue(body) {
                    return self.decline(stmt, "`continue` in a `do ... while` loop");
                }
                let cond = stmt.child_by_field_name("condition").expect("condition");
                out.line("while True:");
                self.loop_body(body, None, out)?;
                let c = self.cond(cond)?;
                out.depth += 1;
                out.line(format!("if not {}:", wrap(&c, expr::PY_NOT)));
                out.line("    break");
                out.depth -= 1;
                Ok(())
            }
            "break_statement" => {
                if stmt.child_by_field_name("label").is_some() {
                    return self.decline(stmt, "labelled `break`");
                }
                out.line("break");
                Ok(())
            }
            "continue_statement" => {
                if stmt.child_by_field_name("label").is_some() {
                    return self.decline(stmt, "labelled `continue`");
                }
                let updates = self.fscope().loop_updates.last().cloned().flatten();
                if let Some(updates) = updates {
                    for u in updates {
                        out.line(u);
                    }
                }
                out.line("continue");
                Ok(())
            }
            "statement_block" => {
                self.fscope().blocks.push(HashSet::new());
                let r = self.block_items(stmt, out);
                self.fscope().blocks.pop();
                r
            }
            "empty_statement" => Ok(()),
            "throw_statement" => {
                let v = named_children(stmt)[0];
                if v.kind() != "new_expression" {
                    return self.decline(stmt, "`throw` of something other than `new Error(...)`");
                }
                let ctor = v
                    .child_by_field_name("constructor")
                    .map(|c| self.t(c))
                    .unwrap_or("");
                let exc = match ctor {
                    "Error" => "Exception",
                    "TypeError" => "TypeError",
                    "RangeError" => "ValueError",
                    other => return self.decline(stmt, format!("`throw new {other}`")),
                };
                let args = v
                    .child_by_field_name("arguments")
                    .map(named_children)
                    .unwrap_or_default();
                let msg = match args.as_slice() {
                    [] => String::new(),
                    [m] => {
                        let m = self.expr(*m)?;
                        if m.ty != Ty::Str {
                            return self.decline(stmt, "error message that is not a string");
                        }
                        m.code
                    }
                    _ => return self.decline(stmt, "error with several arguments"),
                };
                out.line(format!("raise {exc}({msg})"));
                Ok(())
            }
            "function_declaration" | "generator_function_declaration" => {
                if self.fscope().loop_depth > 0 {
                    return self.decline(stmt, "function declared inside a loop");
                }
                let name = stmt.child_by_field_name("name").expect("name");
                self.function(name, stmt, None, None, out)
            }
            "try_statement" => self.decline(stmt, "`try`"),
            "switch_statement" => self.switch_statement(stmt, out),
            "labeled_statement" => self.decline(stmt, "labelled statement"),
            "class_declaration" => self.decline(stmt, "class"),
            "comment" => {
                self.comment(stmt, out);
                Ok(())
            }
            other => self.decline(stmt, format!("`{other}`")),
        }
    }

    /// Records a returned type; `value` tells `return x` from `return`.
    fn note_return(&mut self, ty: &Ty, value: bool, node: Node) -> Res<()> {
        let idx = self.function_scope_idx().expect("in a function");
        let scope = &mut self.scopes[idx];
        if value {
            scope.returns_value = true;
        }
        let joined = scope.ret.join(ty);
        if joined != scope.ret {
            if scope.frozen {
                return self.decline(node, "return values of changing type");
            }
            scope.ret = joined;
            scope.changes += 1;
        }
        Ok(())
    }

    /// A returned value, as a tuple where the signature wants one.
    fn return_value(&mut self, e: Ex, node: Node) -> Res<String> {
        let idx = self.function_scope_idx().expect("in a function");
        if !self.scopes[idx].returns_tuple {
            // An array of fixed length with two or more items is a record:
            // Python code returns a tuple there, which the signature would
            // have to say.
            if node.kind() == "array"
                && named_children(node).len() >= 2
                && !named_children(node)
                    .iter()
                    .any(|c| c.kind() == "spread_element")
                && !self.scopes[idx].returns_list
                && !self.scopes[idx].returns_built_list
            {
                return self.decline(
                    node,
                    "array literal returned where the signature does not say list or tuple",
                );
            }
            return Ok(e.code);
        }
        if node.kind() == "array" {
            let items: Vec<Node> = named_children(node);
            if items.iter().any(|i| i.kind() == "spread_element") {
                return Ok(format!("tuple({})", e.code));
            }
            let mut codes = Vec::new();
            for i in items {
                codes.push(wrap(&self.expr(i)?, expr::PY_IFEXP).to_string());
            }
            return Ok(match codes.len() {
                1 => format!("({},)", codes[0]),
                _ => codes.join(", "),
            });
        }
        match e.ty {
            Ty::List(_) => Ok(format!("tuple({})", e.code)),
            Ty::None | Ty::Tuple(_) => Ok(e.code),
            Ty::Optional(ref t) if matches!(**t, Ty::List(_)) => {
                if e.prec < PY_ATOM {
                    return self.decline(node, "returning a list or None where a tuple is wanted");
                }
                Ok(format!("tuple({0}) if {0} is not None else None", e.code))
            }
            _ => self.decline(
                node,
                format!("returning a {} where a tuple is wanted", e.ty),
            ),
        }
    }

    fn declaration(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        let is_var = stmt.kind() == "variable_declaration";
        for decl in named_children(stmt) {
            if decl.kind() != "variable_declarator" {
                continue;
            }
            let name = decl.child_by_field_name("name").expect("name");
            let value = decl.child_by_field_name("value");
            if name.kind() == "array_pattern" {
                let Some(value) = value else {
                    return self.decline(decl, "destructuring without a value");
                };
                self.destructure(name, value, decl, out, true)?;
                continue;
            }
            if name.kind() != "identifier" {
                return self.decline(decl, "object destructuring");
            }
            let n = self.t(name).to_string();
            self.check_shadowing(&n, decl, is_var)?;
            // A nested function: `const f = (x) => {...}`.
            if let Some(v) = value {
                if matches!(v.kind(), "arrow_function" | "function_expression")
                    && v.child_by_field_name("body")
                        .is_some_and(|b| b.kind() == "statement_block")
                {
                    if self.fscope().loop_depth > 0 {
                        return self.decline(decl, "function defined inside a loop");
                    }
                    self.function(name, v, None, None, out)?;
                    continue;
                }
            }
            let (code, ty) = match value {
                Some(v) => {
                    let e = self.expr(v)?;
                    (e.code, e.ty)
                }
                None => ("None".to_string(), Ty::None),
            };
            self.widen(&n, &ty, decl)?;
            if is_var {
                // `var` belongs to the whole function, like a Python local.
                if let Some(b) = self.fscope().blocks.first_mut() {
                    b.insert(n.clone());
                }
            } else {
                self.declare(&n);
            }
            let target = self.target_of(&n, name)?;
            out.line(format!("{target} = {code}"));
        }
        Ok(())
    }

    /// A declaration must not hide a name of an enclosing block of the same
    /// function: Python would merge the two.
    fn check_shadowing(&mut self, name: &str, node: Node, _is_var: bool) -> Res<()> {
        let idx = self.function_scope_idx().expect("in a function");
        let scope = &self.scopes[idx];
        let depth = scope.blocks.len();
        for (i, b) in scope.blocks.iter().enumerate() {
            if b.contains(name) && i + 1 < depth {
                return self.decline(node, format!("declaration of `{name}` that hides another"));
            }
        }
        // A function's name seen from inside it, or an outer function's.
        for s in self.scopes[..idx].iter() {
            if s.names.contains_key(name) && s.is_function {
                return self.decline(
                    node,
                    format!("declaration of `{name}` that hides an outer `{name}`"),
                );
            }
        }
        Ok(())
    }

    fn target_of(&self, name: &str, node: Node) -> Res<String> {
        for s in self.scopes.iter().rev() {
            if let Some(b) = s.names.get(name) {
                return Ok(b.target.clone());
            }
        }
        self.decline(
            node,
            format!("assignment to `{name}`, which is not declared here"),
        )
    }

    /// `const [a, b] = [x, y]` and `[a, b] = [b, a]`.
    fn destructure(
        &mut self,
        pattern: Node,
        value: Node,
        node: Node,
        out: &mut Out,
        declares: bool,
    ) -> Res<()> {
        let targets = named_children(pattern);
        if value.kind() != "array" {
            return self.decline(
                node,
                "destructuring of a value that is not an array literal",
            );
        }
        let values = named_children(value);
        if values.len() != targets.len() || values.iter().any(|v| v.kind() == "spread_element") {
            return self.decline(node, "destructuring of a different length");
        }
        let mut vcodes = Vec::new();
        let mut tys = Vec::new();
        for v in &values {
            let e = self.expr(*v)?;
            tys.push(e.ty.clone());
            vcodes.push(wrap(&e, expr::PY_IFEXP).to_string());
        }
        let mut tcodes = Vec::new();
        for (t, ty) in targets.iter().zip(&tys) {
            match t.kind() {
                "identifier" => {
                    let n = self.t(*t).to_string();
                    if declares {
                        self.check_shadowing(&n, *t, false)?;
                    }
                    self.widen(&n, ty, *t)?;
                    if declares {
                        self.declare(&n);
                    }
                    tcodes.push(self.assign_target_name(&n, *t)?);
                }
                "subscript_expression" if !declares => {
                    let e = self.expr(*t)?;
                    tcodes.push(e.code);
                }
                _ => return self.decline(*t, "destructuring into this kind of target"),
            }
        }
        out.line(format!("{} = {}", tcodes.join(", "), vcodes.join(", ")));
        Ok(())
    }

    /// The Python name for assigning to `name`.
    fn assign_target_name(&mut self, name: &str, node: Node) -> Res<String> {
        match self.lookup(name, node)? {
            Some(b) => Ok(b.target),
            None => self.decline(node, format!("assignment to global `{name}`")),
        }
    }

    fn expression_statement(&mut self, e: Node, out: &mut Out) -> Res<()> {
        match e.kind() {
            "assignment_expression" => {
                let left = e.child_by_field_name("left").expect("left");
                let right = e.child_by_field_name("right").expect("right");
                if right.kind() == "assignment_expression" {
                    return self.decline(e, "chained assignment");
                }
                match left.kind() {
                    "identifier" => {
                        let n = self.t(left).to_string();
                        let v = self.expr(right)?;
                        self.widen(&n, &v.ty, e)?;
                        let t = self.assign_target_name(&n, left)?;
                        out.line(format!("{t} = {}", v.code));
                        Ok(())
                    }
                    "array_pattern" => self.destructure(left, right, e, out, false),
                    "subscript_expression" => {
                        let v = self.expr(right)?;
                        let line = self.subscript_assign(left, v, e)?;
                        out.line(line);
                        Ok(())
                    }
                    "member_expression" => {
                        let prop = left
                            .child_by_field_name("property")
                            .map(|p| self.t(p))
                            .unwrap_or("");
                        if prop == "length" {
                            let obj =
                                self.expr(left.child_by_field_name("object").expect("object"))?;
                            if matches!(obj.ty, Ty::List(_)) && self.t(right) == "0" {
                                out.line(format!("{}.clear()", wrap(&obj, expr::PY_CALL)));
                                return Ok(());
                            }
                        }
                        self.decline(left, "assignment to a property")
                    }
                    _ => self.decline(left, "assignment to this kind of target"),
                }
            }
            "augmented_assignment_expression" => {
                let left = e.child_by_field_name("left").expect("left");
                let right = e.child_by_field_name("right").expect("right");
                let op = self.t(e.child_by_field_name("operator").expect("operator"));
                let op = op.trim_end_matches('=').to_string();
                let cur = self.expr(left)?;
                let v = self.expr(right)?;
                let combined = self.binary(&op, cur.clone(), v.clone(), e, Some(right))?;
                match left.kind() {
                    "identifier" => {
                        let n = self.t(left).to_string();
                        self.widen(&n, &combined.ty, e)?;
                        let t = self.assign_target_name(&n, left)?;
                        out.line(self.augmented_line(&t, &cur, &op, &v, &combined));
                        Ok(())
                    }
                    "subscript_expression" => {
                        if !self.is_pure(left) {
                            return self.decline(
                                left,
                                "augmented assignment to an element with side effects",
                            );
                        }
                        let line = self.subscript_assign(left, combined.clone(), e)?;
                        // `d[k] = d[k] + 1` reads better as `d[k] += 1`.
                        let plain = format!("{} = {} {op} ", cur.code, cur.code);
                        match line.strip_prefix(&plain) {
                            Some(rest) if matches!(op.as_str(), "+" | "-" | "*") => {
                                out.line(format!("{} {op}= {rest}", cur.code))
                            }
                            _ => out.line(line),
                        }
                        Ok(())
                    }
                    _ => self.decline(left, "augmented assignment to this kind of target"),
                }
            }
            "update_expression" => {
                let arg = e.child_by_field_name("argument").expect("argument");
                let op = e
                    .child_by_field_name("operator")
                    .map(|o| self.t(o))
                    .unwrap_or("++");
                let (py_op, bin) = if op == "++" { ("+=", "+") } else { ("-=", "-") };
                let cur = self.expr(arg)?;
                if !(cur.ty.strip_optional().is_number()
                    || cur.ty == Ty::Unknown
                    || cur.ty == Ty::Bool)
                {
                    return self.decline(e, format!("`{op}` on a {}", cur.ty));
                }
                let ty = match (bin, &cur.ty) {
                    ("+", Ty::Nat) => Ty::Nat,
                    (_, Ty::Nat | Ty::Int | Ty::Bool) => Ty::Int,
                    (_, Ty::Float) => Ty::Float,
                    _ => Ty::Num,
                };
                match arg.kind() {
                    "identifier" => {
                        let n = self.t(arg).to_string();
                        self.widen(&n, &ty, e)?;
                        let t = self.assign_target_name(&n, arg)?;
                        out.line(format!("{t} {py_op} 1"));
                    }
                    "subscript_expression" if self.is_pure(arg) => {
                        out.line(format!("{} {py_op} 1", cur.code));
                    }
                    _ => return self.decline(e, format!("`{op}` on this kind of target")),
                }
                Ok(())
            }
            "call_expression" => {
                if let Some(lines) = self.call_statement(e)? {
                    for l in lines {
                        out.line(l);
                    }
                    return Ok(());
                }
                let v = self.expr(e)?;
                out.line(v.code);
                Ok(())
            }
            "string" => {
                // A directive or a stray string: nothing to run.
                Ok(())
            }
            _ => {
                let v = self.expr(e)?;
                out.line(v.code);
                Ok(())
            }
        }
    }

    fn augmented_line(&self, target: &str, cur: &Ex, op: &str, v: &Ex, combined: &Ex) -> String {
        let plain = format!("{} {op} {}", cur.code, wrap(v, expr::prec_of(op) + 1));
        if combined.code == plain && matches!(op, "+" | "-" | "*" | "/" | "**") {
            format!("{target} {op}= {}", v.code)
        } else {
            format!("{target} = {}", combined.code)
        }
    }

    fn if_statement(&mut self, stmt: Node, out: &mut Out, elif: bool) -> Res<()> {
        let cond = stmt.child_by_field_name("condition").expect("condition");
        let c = self.cond(cond)?;
        out.line(format!("{} {}:", if elif { "elif" } else { "if" }, c.code));
        let consequence = stmt
            .child_by_field_name("consequence")
            .expect("consequence");
        // What the condition says of lengths holds in the branch, while the
        // branch does not change those arrays.
        let mut facts = Vec::new();
        self.long_conditions(cond, &mut facts);
        facts.retain(|(n, _)| !self.changed_in_place(n, consequence));
        let mut else_facts = Vec::new();
        self.short_conditions(cond, &mut else_facts);
        let pushed = facts.len();
        self.fscope().cond_facts.extend(facts);
        let r = self.body(consequence, out);
        let len = self.fscope().cond_facts.len();
        self.fscope().cond_facts.truncate(len - pushed);
        r?;
        if let Some(alt) = stmt.child_by_field_name("alternative") {
            let inner = named_children(alt)
                .into_iter()
                .find(|c| c.kind() != "comment");
            let Some(i) = inner else {
                return Ok(());
            };
            // In `else`, every "too short" the condition tested is false.
            else_facts.retain(|(n, _)| !self.changed_in_place(n, i));
            let pushed = else_facts.len();
            self.fscope().cond_facts.extend(else_facts);
            let r = match i.kind() {
                "if_statement" => self.if_statement(i, out, true),
                _ => {
                    out.line("else:");
                    self.body(i, out)
                }
            };
            let len = self.fscope().cond_facts.len();
            self.fscope().cond_facts.truncate(len - pushed);
            r?;
        }
        Ok(())
    }

    fn loop_body(&mut self, body: Node, updates: Option<Vec<String>>, out: &mut Out) -> Res<()> {
        self.fscope().loop_updates.push(updates.clone());
        self.fscope().loop_depth += 1;
        let r = (|| -> Res<()> {
            out.depth += 1;
            let before = out.lines.len();
            self.fscope().blocks.push(HashSet::new());
            let r = if body.kind() == "statement_block" {
                self.block_items(body, out)
            } else {
                self.stmt(body, out)
            };
            self.fscope().blocks.pop();
            r?;
            if let Some(u) = &updates {
                for l in u {
                    out.line(l.clone());
                }
            }
            if out.lines[before..]
                .iter()
                .all(|(_, l)| l.is_empty() || l.starts_with('#'))
            {
                out.line("pass");
            }
            out.depth -= 1;
            Ok(())
        })();
        if r.is_err() {
            // Keep the depth right for dry runs that go on.
            out.depth = out.depth.saturating_sub(0);
        }
        self.fscope().loop_depth -= 1;
        self.fscope().loop_updates.pop();
        r
    }

    fn switch_statement(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        let value = stmt.child_by_field_name("value").expect("value");
        if !self.is_pure(value) {
            return self.decline(stmt, "`switch` on an expression with side effects");
        }
        let v = self.expr(value)?;
        let body = stmt.child_by_field_name("body").expect("body");
        let cases: Vec<Node> = named_children(body);
        let mut first = true;
        let mut pending: Vec<String> = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            let stmts: Vec<Node> = {
                let mut cursor = case.walk();
                case.children_by_field_name("body", &mut cursor).collect()
            };
            let is_default = case.kind() == "switch_default";
            if !is_default {
                let test = case.child_by_field_name("value").expect("case value");
                let t = self.expr(test)?;
                if !(t.ty.is_primitive()) {
                    return self.decline(*case, "`case` with a value that is not a constant");
                }
                let eq = self.strict_equality(true, v.clone(), t, *case)?;
                pending.push(eq.code);
            }
            if stmts.is_empty() {
                if is_default {
                    return self.decline(*case, "`default` falling through");
                }
                continue;
            }
            let last = stmts.last().copied().expect("non-empty");
            let ends = matches!(
                last.kind(),
                "break_statement" | "return_statement" | "throw_statement" | "continue_statement"
            );
            if !ends && i + 1 != cases.len() {
                return self.decline(*case, "`case` falling through");
            }
            if contains_break_inside(
                &stmts[..stmts.len()
                    - if last.kind() == "break_statement" {
                        1
                    } else {
                        0
                    }],
            ) {
                return self.decline(*case, "`break` inside a `case`");
            }
            if is_default {
                if !pending.is_empty() && i + 1 != cases.len() {
                    return self.decline(*case, "`default` that is not last");
                }
                out.line(if first {
                    "if True:".to_string()
                } else {
                    "else:".to_string()
                });
            } else {
                let kw = if first { "if" } else { "elif" };
                out.line(format!("{kw} {}:", pending.join(" or ")));
            }
            pending.clear();
            first = false;
            out.depth += 1;
            let before = out.lines.len();
            self.fscope().blocks.push(HashSet::new());
            for s in &stmts {
                if s.kind() == "break_statement" {
                    continue;
                }
                self.stmt(*s, out)?;
            }
            self.fscope().blocks.pop();
            if out.lines.len() == before {
                out.line("pass");
            }
            out.depth -= 1;
        }
        Ok(())
    }
}

/// The name and function node of a top-level item that is a function.
fn function_of(item: Node) -> Option<(Node, Node)> {
    let item = if item.kind() == "export_statement" {
        item.child_by_field_name("declaration")?
    } else {
        item
    };
    match item.kind() {
        "function_declaration" | "generator_function_declaration" => {
            Some((item.child_by_field_name("name")?, item))
        }
        "lexical_declaration" | "variable_declaration" => {
            let decls: Vec<Node> = named_children(item)
                .into_iter()
                .filter(|c| c.kind() == "variable_declarator")
                .collect();
            let [d] = decls.as_slice() else {
                return None;
            };
            let value = d.child_by_field_name("value")?;
            let name = d.child_by_field_name("name")?;
            (matches!(
                value.kind(),
                "arrow_function" | "function_expression" | "generator_function"
            ) && name.kind() == "identifier")
                .then_some((name, value))
        }
        _ => None,
    }
}

fn is_constant_literal(node: Node) -> bool {
    match node.kind() {
        "number" | "string" | "true" | "false" | "null" => true,
        "unary_expression" => node
            .child_by_field_name("argument")
            .is_some_and(|a| a.kind() == "number"),
        _ => false,
    }
}

fn identifiers(node: Node, src: &str, out: &mut HashSet<String>) {
    if node.kind() == "identifier" {
        out.insert(text(node, src).to_string());
    }
    for c in named_children(node) {
        identifiers(c, src, out);
    }
}

fn contains_continue(node: Node) -> bool {
    for c in named_children(node) {
        match c.kind() {
            "continue_statement" => return true,
            "for_statement"
            | "for_in_statement"
            | "while_statement"
            | "do_statement"
            | "function_declaration"
            | "function_expression"
            | "arrow_function" => {}
            _ => {
                if contains_continue(c) {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether statements of a `case` hold a `break` that leaves the `switch`.
fn contains_break_inside(stmts: &[Node]) -> bool {
    fn walk(n: Node) -> bool {
        match n.kind() {
            "break_statement" => true,
            "for_statement"
            | "for_in_statement"
            | "while_statement"
            | "do_statement"
            | "switch_statement"
            | "function_declaration"
            | "function_expression"
            | "arrow_function" => false,
            _ => named_children(n).into_iter().any(walk),
        }
    }
    stmts.iter().any(|s| walk(*s))
}

/// The types `@param {type} name` lines of a JSDoc comment give.
fn jsdoc_types(comment: &str) -> HashMap<String, Ty> {
    let mut out = HashMap::new();
    for line in comment.lines() {
        let Some(rest) = line.split("@param").nth(1) else {
            continue;
        };
        let rest = rest.trim();
        let Some(rest) = rest.strip_prefix('{') else {
            continue;
        };
        let Some((ty, name)) = rest.split_once('}') else {
            continue;
        };
        let name = name
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_start_matches('[');
        let name = name.split(['=', ']']).next().unwrap_or("");
        out.insert(name.to_string(), jsdoc_type(ty.trim()));
    }
    out
}

fn jsdoc_type(t: &str) -> Ty {
    // A loop, not recursion: the comment may wrap arrays any number of times.
    let mut t = t;
    let mut arrays = 0;
    loop {
        if let Some(inner) = t.strip_suffix("[]") {
            t = inner;
        } else if let Some(inner) = t.strip_prefix("Array<").and_then(|r| r.strip_suffix('>')) {
            t = inner;
        } else {
            break;
        }
        arrays += 1;
        // Types are compared and printed by recursion too.
        if arrays > crate::depth::MAX_NESTING {
            return Ty::Unknown;
        }
    }
    let mut ty = match t {
        "number" => Ty::Num,
        "string" => Ty::Str,
        "boolean" => Ty::Bool,
        "Array" => Ty::list(Ty::Unknown),
        _ => Ty::Unknown,
    };
    for _ in 0..arrays {
        ty = Ty::list(ty);
    }
    ty
}

/// A declared type, with what the uses say of its elements.
fn refine(declared: &Ty, hinted: &Ty) -> Ty {
    match (declared, hinted) {
        (Ty::Unknown, h) => h.clone(),
        (Ty::List(e), Ty::List(h) | Ty::Seq(h)) if **e == Ty::Unknown => Ty::list((**h).clone()),
        (d, _) => d.clone(),
    }
}

/// Writes a JSDoc comment's text as a docstring, leaving out its tags.
fn docstring(lines: &[String], out: &mut Out) {
    let prose: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .take_while(|l| !l.starts_with('@'))
        .collect();
    let prose: Vec<&str> = {
        let mut p = prose;
        while p.last().is_some_and(|l| l.is_empty()) {
            p.pop();
        }
        p
    };
    if prose.is_empty() {
        return;
    }
    let body: Vec<String> = prose
        .iter()
        .map(|l| l.replace("\"\"\"", "\\\"\\\"\\\""))
        .collect();
    if body.len() == 1 {
        out.line(format!("\"\"\"{}\"\"\"", body[0]));
    } else {
        out.line(format!("\"\"\"{}", body[0]));
        for l in &body[1..] {
            out.line(l.clone());
        }
        out.line("\"\"\"");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_signatures_give_names_types_and_imports() {
        let sig = parse_signature(
            "def f(xs: List[int], t: Tuple[int, str], n) -> Optional[Dict[str, int]]:",
        )
        .unwrap();
        assert_eq!(sig.name, "f");
        assert_eq!(sig.params[0], ("xs".to_string(), Ty::list(Ty::Int)));
        assert_eq!(sig.params[1].1, Ty::Tuple(vec![Ty::Int, Ty::Str]));
        assert_eq!(sig.params[2].1, Ty::Unknown);
        assert_eq!(sig.ret, Ty::Optional(Box::new(Ty::dict(Ty::Str, Ty::Int))));
        assert_eq!(sig.typing, ["List", "Tuple", "Optional", "Dict"]);
        assert!(parse_signature("const f = () => {").is_none());
        let multi =
            parse_signature("def g(a: int,\n      b: str) -> bool:\n    return True\n").unwrap();
        assert_eq!(multi.params.len(), 2);
        assert_eq!(multi.line, "def g(a: int,\n      b: str) -> bool:");
    }

    #[test]
    fn jsdoc_gives_parameter_types() {
        let doc = "/**\n * Sums.\n * @param {number[]} xs the values\n * @param {string} [sep=\",\"]\n */";
        let types = jsdoc_types(doc);
        assert_eq!(types["xs"], Ty::list(Ty::Num));
        assert_eq!(types["sep"], Ty::Str);
    }
}

#[cfg(test)]
mod golden {
    use crate::engine::{build, Context, Outcome, TranslationRequest};
    use crate::lang::Lang;
    use crate::units::SegmentKind;

    fn py(js: &str) -> String {
        let request = TranslationRequest {
            from: Lang::JavaScript,
            to: Lang::Python,
            kind: SegmentKind::Function,
            name: None,
            source: js.to_string(),
            path: "t.js".into(),
            first_line: 1,
            context: Context::default(),
        };
        match build("rules").unwrap()[0]
            .translate(&request)
            .unwrap()
            .outcome
        {
            Outcome::Candidates(c) => c[0].text.clone(),
            Outcome::Declined(r) => panic!("declined: {r}"),
        }
    }

    #[test]
    fn without_types_a_plus_may_join_strings() {
        let out = py("function f(a, b) {\n  return a + b;\n}\n");
        assert_eq!(out, "def f(a, b):\n    return js_add(a, b)\n");
    }

    #[test]
    fn a_counting_loop_becomes_range_and_var_stays_visible() {
        let js = "/** @param {number[]} xs */\nfunction f(xs) {\n  if (xs.length > 0) {\n    var total = 0;\n  }\n  for (let i = 0; i < xs.length; i++) {\n    total += xs[i];\n  }\n  return total;\n}\n";
        assert_eq!(
            py(js),
            "def f(xs):\n    if len(xs) > 0:\n        total = 0\n    for i in range(len(xs)):\n        total += xs[i]\n    return total\n"
        );
    }
}
