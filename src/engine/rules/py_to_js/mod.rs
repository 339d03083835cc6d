//! Python to JavaScript.
//!
//! A unit is parsed, each function's body is analysed (its locals and where
//! JavaScript must declare them, the types of its names), and then written
//! statement by statement. Types are inferred by running the translation of a
//! function until the types of its names stop growing, then once more to
//! write it: the code written is the code whose types were checked.

mod calls;
mod expr;
mod scope;

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::helpers::JsHelper;
use super::types::Ty;
use super::{children, comment_body, named_children, text, Lines, Out, Res, Support, Translated};
use crate::engine::TranslationRequest;
use crate::lang::Lang;
use crate::symbols::js_name;
use crate::units::SegmentKind;

use scope::DeclPlan;

/// How many times a function is run for its types before giving up.
const MAX_INFERENCE_ROUNDS: usize = 8;

pub fn translate(req: &TranslationRequest) -> Res<Translated> {
    let lines = Lines {
        first: req.first_line,
        added: 0,
    };
    if matches!(req.kind, SegmentKind::Method | SegmentKind::Field) {
        return Err(super::Decline(format!(
            "class member at line {}",
            req.first_line
        )));
    }
    // The parser leaves a byte-order mark out, so node offsets count from
    // after it: so must the text they index.
    let src = super::without_bom(&req.source);
    let tree = crate::units::parse(src, Lang::Python)
        .ok_or_else(|| super::Decline("source the Python parser gave up on".into()))?;
    let root = tree.root_node();
    if root.has_error() {
        let at = crate::units::first_syntax_error(src, Lang::Python)
            .map_or(req.first_line, |(p, _)| req.first_line + p.line - 1);
        return Err(super::Decline(format!("syntax error at line {at}")));
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
        text: out.render("  "),
        support: tx.support,
    })
}

/// A JavaScript function signature the unit must match.
struct JsSignature {
    name: String,
    params: Vec<String>,
    /// `const`/`let`/`var` for `const f = (...) => {`, `None` for
    /// `function f(...) {`.
    arrow: Option<String>,
}

fn parse_signature(sig: &str) -> Option<JsSignature> {
    // A whole declaration parses as it is; a bare header needs closing.
    let whole = super::without_bom(sig).trim_end().to_string();
    let code = if crate::units::first_syntax_error(&whole, Lang::JavaScript).is_none() {
        whole
    } else {
        format!("{whole}\n}};\n")
    };
    let tree = crate::units::parse(&code, Lang::JavaScript)?;
    let root = tree.root_node();
    for item in named_children(root) {
        let item = if item.kind() == "export_statement" {
            item.child_by_field_name("declaration")?
        } else {
            item
        };
        let params_of = |f: Node| -> Option<Vec<String>> {
            let params = f.child_by_field_name("parameters")?;
            let mut out = Vec::new();
            for p in named_children(params) {
                match p.kind() {
                    "identifier" => out.push(text(p, &code).to_string()),
                    "assignment_pattern" => {
                        out.push(text(p.child_by_field_name("left")?, &code).to_string())
                    }
                    _ => return None,
                }
            }
            if params.kind() == "identifier" {
                out.push(text(params, &code).to_string());
            }
            Some(out)
        };
        match item.kind() {
            "function_declaration" => {
                return Some(JsSignature {
                    name: text(item.child_by_field_name("name")?, &code).to_string(),
                    params: params_of(item)?,
                    arrow: None,
                })
            }
            "lexical_declaration" | "variable_declaration" => {
                let kind = text(item.child(0)?, &code).to_string();
                let decl = named_children(item)
                    .into_iter()
                    .find(|c| c.kind() == "variable_declarator")?;
                let value = decl.child_by_field_name("value")?;
                if !matches!(value.kind(), "arrow_function" | "function_expression") {
                    continue;
                }
                let params = match value.child_by_field_name("parameter") {
                    Some(p) => vec![text(p, &code).to_string()],
                    None => params_of(value)?,
                };
                return Some(JsSignature {
                    name: text(decl.child_by_field_name("name")?, &code).to_string(),
                    params,
                    arrow: Some(kind),
                });
            }
            _ => {}
        }
    }
    None
}

/// What a name means in one scope.
#[derive(Clone, Debug)]
struct Binding {
    /// Its JavaScript spelling.
    target: String,
    ty: Ty,
}

#[derive(Default)]
struct Scope {
    /// Names bound here: parameters, locals, lambda parameters,
    /// comprehension variables.
    names: HashMap<String, Binding>,
    /// Where `let`/`const` go (functions only).
    plan: DeclPlan,
    /// What the function returns so far.
    ret: Ty,
    /// Whether any `return` carries a value.
    returns_value: bool,
    /// Bumped whenever a type here grows.
    changes: usize,
    /// Whether types may still grow (inference) or are settled (writing).
    frozen: bool,
    /// Whether this is a function's scope (not a lambda's or a
    /// comprehension's).
    is_function: bool,
    /// Names declared so far while writing (hoisted or `let`).
    declared: HashSet<String>,
    /// How many loops the statement being written is inside.
    loop_depth: usize,
    /// For each loop being written, the flag its `break` sets when the loop
    /// has an `else` (`for ... else`).
    break_flags: Vec<Option<String>>,
}

/// One translation request's state.
pub(crate) struct Tx<'s> {
    src: &'s str,
    lines: Lines,
    support: Support,
    /// Modules imported by name (`import math`).
    modules: HashSet<String>,
    /// Names imported from modules, which the engine cannot follow.
    imported: HashSet<String>,
    /// Renames the user asked for, and the target names the symbol table
    /// chose for the module-level names the unit defines or mentions.
    renames: HashMap<String, String>,
    scopes: Vec<Scope>,
    /// Above zero while inferring types: errors are not final and helpers
    /// are not recorded.
    dry: usize,
}

impl<'s> Tx<'s> {
    fn new(src: &'s str, lines: Lines, req: &TranslationRequest) -> Tx<'s> {
        let crate::engine::rules::front::python::FileImports {
            modules,
            names: imported,
            ..
        } = crate::engine::rules::front::python::FileImports::of(req);
        let mut renames = HashMap::new();
        for (from, to) in req.context.names.iter().chain(req.context.glossary.iter()) {
            renames.insert(from.clone(), to.clone());
        }
        Tx {
            src,
            lines,
            support: Support::default(),
            modules,
            imported,
            renames,
            scopes: Vec::new(),
            dry: 0,
        }
    }

    fn t(&self, node: Node) -> &'s str {
        text(node, self.src)
    }

    fn decline<T>(&self, node: Node, what: impl std::fmt::Display) -> Res<T> {
        self.lines.decline(node, what)
    }

    fn helper(&mut self, h: JsHelper) -> &'static str {
        if self.dry > 0 {
            h.name()
        } else {
            h.use_in(&mut self.support)
        }
    }

    // -- Names and types --------------------------------------------------

    /// The scope that binds `name`, innermost first.
    fn binding(&self, name: &str) -> Option<&Binding> {
        self.scopes.iter().rev().find_map(|s| s.names.get(name))
    }

    /// The JavaScript name of a name the source defines outside this unit's
    /// functions (an in-file function or constant).
    fn global_name(&self, name: &str) -> String {
        self.renames
            .get(name)
            .cloned()
            .unwrap_or_else(|| js_name(name))
    }

    /// The JavaScript names that code in `node` uses from outside the names
    /// `own` it binds itself: what those names must not be called.
    pub(super) fn outer_targets(&self, node: Node, own: &[String]) -> HashSet<String> {
        super::referenced_names(node, self.src, Lang::Python)
            .into_iter()
            .filter(|n| !own.contains(n))
            .map(|n| match self.binding(&n) {
                Some(b) => b.target.clone(),
                None => self.global_name(&n),
            })
            .collect()
    }

    /// Grows the type of a bound name by `ty`.
    fn widen(&mut self, name: &str, ty: &Ty, node: Node) -> Res<()> {
        let Some(idx) = self.scopes.iter().rposition(|s| s.names.contains_key(name)) else {
            return Ok(());
        };
        let scope = &mut self.scopes[idx];
        let binding = scope.names.get_mut(name).expect("found above");
        let joined = binding.ty.join(ty);
        if joined != binding.ty {
            if scope.frozen {
                return self.decline(node, format!("a value of changing type in `{name}`"));
            }
            binding.ty = joined;
            scope.changes += 1;
        }
        Ok(())
    }

    fn function_scope(&mut self) -> Option<&mut Scope> {
        self.scopes.iter_mut().rev().find(|s| s.is_function)
    }

    // -- Module level -----------------------------------------------------

    fn module(&mut self, root: Node, req: &TranslationRequest, out: &mut Out) -> Res<()> {
        let signature = req.context.signature.as_deref().and_then(parse_signature);
        if req.context.signature.is_some() && signature.is_none() && req.kind.is_unit() {
            return Err(super::Decline(format!(
                "target signature the engine cannot read, for the unit at line {}",
                req.first_line
            )));
        }
        // The module scope: names assigned at top level.
        let mut module_scope = Scope {
            frozen: true,
            ..Scope::default()
        };
        let mut names = Vec::new();
        for stmt in named_children(root) {
            if stmt.kind() == "expression_statement" {
                scope::assigned_names(stmt, self.src, &mut names);
            }
        }
        for n in names {
            let target = self.global_name(&n);
            module_scope.names.insert(
                n,
                Binding {
                    target,
                    ty: Ty::Unknown,
                },
            );
        }
        self.scopes.push(module_scope);

        let items = children(root);
        let mut prev_end_row: Option<usize> = None;
        for item in items {
            if !item.is_named() {
                continue;
            }
            // Keep one blank line where the source had one or more.
            if let Some(end) = prev_end_row {
                if item.start_position().row > end + 1 {
                    out.blank();
                }
            }
            prev_end_row = Some(item.end_position().row);
            match item.kind() {
                "comment" => self.comment(item, out),
                "function_definition" => {
                    let sig = signature
                        .as_ref()
                        .filter(|_| req.kind == SegmentKind::Function);
                    self.function(item, sig, out)?;
                }
                "decorated_definition" => return self.decline(item, "decorator"),
                "class_definition" => return self.decline(item, "class"),
                "import_statement" => {
                    for name in named_children(item) {
                        let module = self.t(name);
                        if module != "math" {
                            return self.decline(item, format!("import of `{module}`"));
                        }
                    }
                }
                "import_from_statement" => {
                    let module = item
                        .child_by_field_name("module_name")
                        .map(|m| self.t(m))
                        .unwrap_or("");
                    if module != "typing" && module != "__future__" {
                        return self.decline(item, format!("import from `{module}`"));
                    }
                }
                "future_import_statement" => {}
                "expression_statement" if is_docstring(item) => {
                    let value = self.string_value(named_children(item)[0])?;
                    doc_comment(&value, out);
                }
                "expression_statement" => self.module_statement(item, out)?,
                "if_statement" if self.is_main_guard(item) => {
                    return self.decline(item, "`if __name__ == \"__main__\"`")
                }
                _ => {
                    self.stmt(item, out)?;
                }
            }
        }
        Ok(())
    }

    fn is_main_guard(&self, stmt: Node) -> bool {
        stmt.child_by_field_name("condition")
            .is_some_and(|c| self.t(c).contains("__name__"))
    }

    /// A top-level assignment declares a module constant or variable.
    fn module_statement(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        let expr = named_children(stmt)[0];
        if expr.kind() == "assignment" {
            let left = expr.child_by_field_name("left");
            let right = expr.child_by_field_name("right");
            if let (Some(left), Some(right)) = (left, right) {
                if left.kind() == "identifier" && right.kind() != "assignment" {
                    if expr.child_by_field_name("type").is_some() {
                        return self.decline(expr, "annotated assignment");
                    }
                    let name = self.t(left);
                    let value = self.expr(right)?;
                    self.set_module_type(name, &value.ty);
                    let target = self.global_name(name);
                    let keyword = if is_constant_name(name) {
                        "const"
                    } else {
                        "let"
                    };
                    out.line(format!("{keyword} {target} = {};", value.code));
                    return Ok(());
                }
            }
        }
        self.stmt(stmt, out)
    }

    fn set_module_type(&mut self, name: &str, ty: &Ty) {
        if let Some(b) = self.scopes[0].names.get_mut(name) {
            b.ty = b.ty.join(ty);
        }
    }

    fn comment(&self, node: Node, out: &mut Out) {
        for line in comment_body(self.t(node), Lang::Python) {
            out.line(format!("//{line}"));
        }
    }

    // -- Functions --------------------------------------------------------

    fn function(&mut self, def: Node, sig: Option<&JsSignature>, out: &mut Out) -> Res<()> {
        if children(def).iter().any(|c| c.kind() == "async") {
            return self.decline(def, "`async def`");
        }
        if def.child_by_field_name("type_parameters").is_some() {
            return self.decline(def, "type parameters");
        }
        let name_node = def.child_by_field_name("name").expect("def has a name");
        let name = self.t(name_node).to_string();
        let nested = self.scopes.len() > 1;
        let target = match sig {
            Some(sig) => sig.name.clone(),
            None if nested => self
                .binding(&name)
                .map(|b| b.target.clone())
                .unwrap_or_else(|| js_name(&name)),
            None => self.global_name(&name),
        };
        if !nested {
            // Recursive calls use the chosen name.
            self.renames.insert(name.clone(), target.clone());
        }
        let params_node = def
            .child_by_field_name("parameters")
            .expect("def has parameters");
        let body = def.child_by_field_name("body").expect("def has a body");
        let ret_annotation = def
            .child_by_field_name("return_type")
            .map(|t| self.annotation(t))
            .unwrap_or(Ty::Unknown);

        // Parameters.
        let mut params: Vec<(String, Ty, Option<Node>)> = Vec::new();
        for p in named_children(params_node) {
            match p.kind() {
                "identifier" => params.push((self.t(p).to_string(), Ty::Unknown, None)),
                "typed_parameter" => {
                    let Some(n) = named_children(p)
                        .into_iter()
                        .find(|c| c.kind() == "identifier")
                    else {
                        return self.decline(p, "`*args` or `**kwargs`");
                    };
                    let ty = p
                        .child_by_field_name("type")
                        .map(|t| self.annotation(t))
                        .unwrap_or(Ty::Unknown);
                    params.push((self.t(n).to_string(), ty, None));
                }
                "default_parameter" | "typed_default_parameter" => {
                    let n = p.child_by_field_name("name").expect("parameter has a name");
                    let ty = p
                        .child_by_field_name("type")
                        .map(|t| self.annotation(t))
                        .unwrap_or(Ty::Unknown);
                    let value = p.child_by_field_name("value");
                    if let Some(v) = value {
                        if !is_immutable_literal(v) {
                            return self.decline(v, "default argument that is not a constant");
                        }
                    }
                    params.push((self.t(n).to_string(), ty, value));
                }
                "list_splat_pattern" => return self.decline(p, "`*args`"),
                "dictionary_splat_pattern" => return self.decline(p, "`**kwargs`"),
                "keyword_separator" => return self.decline(p, "keyword-only parameters"),
                "positional_separator" => return self.decline(p, "positional-only parameters"),
                other => return self.decline(p, format!("parameter `{other}`")),
            }
        }
        if let Some(sig) = sig {
            // Extra parameters in the signature are harmless: callers that
            // leave them out pass `undefined`, and the body never reads them.
            if sig.params.len() < params.len() {
                return self.decline(
                    def,
                    format!(
                        "target signature with {} parameters for a function with {}",
                        sig.params.len(),
                        params.len()
                    ),
                );
            }
        }

        // Locals, and what uses say of unannotated parameters.
        let mut local_names = Vec::new();
        scope::assigned_names(body, self.src, &mut local_names);
        for stmt in named_children(body) {
            match stmt.kind() {
                "global_statement" => return self.decline(stmt, "`global`"),
                "nonlocal_statement" => return self.decline(stmt, "`nonlocal`"),
                _ => {}
            }
        }
        self.check_scope_statements(body)?;
        let param_names: Vec<String> = params.iter().map(|p| p.0.clone()).collect();
        let mut plainly_assigned = Vec::new();
        plain_assignments(body, self.src, &mut plainly_assigned);
        let unassigned: Vec<String> = param_names
            .iter()
            .filter(|p| !plainly_assigned.contains(p))
            .cloned()
            .collect();
        let hints = scope::param_hints(body, self.src, &unassigned);
        let locals: HashSet<String> = local_names
            .iter()
            .filter(|n| !param_names.contains(n))
            .cloned()
            .collect();
        let plan = scope::plan(body, self.src, &locals);

        let mut fscope = Scope {
            plan,
            is_function: true,
            ..Scope::default()
        };
        // Every name of the scope gets a target name of its own, and none
        // hides a name the body uses from outside (a module-level function
        // whose JavaScript name a local's conversion happens to be).
        let mut own: Vec<String> = param_names.clone();
        for l in &local_names {
            if !own.contains(l) {
                own.push(l.clone());
            }
        }
        let wanted: Vec<String> = own
            .iter()
            .enumerate()
            .map(|(i, n)| match sig {
                Some(sig) if i < params.len() => sig.params[i].clone(),
                _ => js_name(n),
            })
            .collect();
        let fixed: Vec<bool> = (0..own.len())
            .map(|i| sig.is_some() && i < params.len())
            .collect();
        let chosen = super::unique_targets(&wanted, &fixed, &self.outer_targets(body, &own));
        let own_target: HashMap<&String, &String> = own.iter().zip(&chosen).collect();
        let mut targets: HashMap<String, String> = HashMap::new();
        for (pname, ty, _) in params.iter() {
            let ptarget = own_target[pname].clone();
            let hinted = hints.get(pname).cloned().unwrap_or(Ty::Unknown);
            let ty = scope::refine(ty, &hinted);
            // The translation keeps dicts in `Map`s; JavaScript callers pass
            // plain objects.
            if !nested && matches!(ty.strip_optional(), Ty::Dict(..)) {
                return self.decline(
                    def,
                    format!("dict parameter `{pname}` (JavaScript callers pass objects)"),
                );
            }
            targets.insert(pname.clone(), ptarget.clone());
            fscope.names.insert(
                pname.clone(),
                Binding {
                    target: ptarget,
                    ty,
                },
            );
            fscope.declared.insert(pname.clone());
        }
        for l in &local_names {
            if fscope.names.contains_key(l) {
                continue;
            }
            let t = own_target[l].clone();
            targets.insert(l.clone(), t.clone());
            fscope.names.insert(
                l.clone(),
                Binding {
                    target: t,
                    ty: Ty::Never,
                },
            );
        }
        // Two source names must not meet in one target name.
        let mut seen: HashMap<&String, &String> = HashMap::new();
        for (src_name, t) in &targets {
            if let Some(other) = seen.insert(t, src_name) {
                return self.decline(
                    def,
                    format!("names `{other}` and `{src_name}` that both become `{t}`"),
                );
            }
        }
        if nested {
            // The nested function's own name is bound in the enclosing scope.
            if let Some(b) = self.binding(&name) {
                if targets.values().any(|t| *t == b.target) && !targets.contains_key(&name) {
                    return self.decline(def, format!("a local that hides `{name}`"));
                }
            }
        }

        let docstring = named_children(body)
            .first()
            .copied()
            .filter(|s| is_docstring(*s));

        self.scopes.push(fscope);
        let result = self.function_body(body, docstring);
        let fscope = self.scopes.pop().expect("pushed above");
        let body_out = result?;

        let ret = if fscope.returns_value || fscope.ret != Ty::Never {
            fscope.ret.clone()
        } else {
            Ty::None
        };
        let returns_dict = matches!(ret.strip_optional(), Ty::Dict(..))
            || matches!(ret_annotation.strip_optional(), Ty::Dict(..));
        if !nested && returns_dict {
            return self.decline(
                def,
                "function returning a dict (JavaScript callers expect an object)",
            );
        }
        let ret = if ret_annotation.is_known() {
            ret_annotation
        } else {
            ret
        };
        if nested {
            self.widen(&name, &Ty::Func(Box::new(ret)), def)?;
        }

        // Header.
        if let Some(doc) = docstring {
            let value = self.string_value(named_children(doc)[0])?;
            doc_comment(&value, out);
        }
        let mut param_code = Vec::new();
        for (pname, _, default) in &params {
            let t = targets[pname].clone();
            match default {
                Some(d) => {
                    let v = self.expr(*d)?;
                    param_code.push(format!("{t} = {}", v.code));
                }
                None => param_code.push(t),
            }
        }
        if let Some(sig) = sig {
            for extra in &sig.params[params.len()..] {
                param_code.push(extra.clone());
            }
        }
        let params_js = param_code.join(", ");
        match sig.and_then(|s| s.arrow.clone()) {
            Some(kind) => out.line(format!("{kind} {target} = ({params_js}) => {{")),
            None => out.line(format!("function {target}({params_js}) {{")),
        }
        out.depth += 1;
        let base = out.depth;
        for (d, l) in body_out.lines {
            out.lines.push((d + base, l));
        }
        out.depth -= 1;
        match sig.and_then(|s| s.arrow.as_ref()) {
            Some(_) => out.line("};"),
            None => out.line("}"),
        }
        Ok(())
    }

    /// Statements the engine declines wherever they are in a function.
    fn check_scope_statements(&self, node: Node) -> Res<()> {
        for child in named_children(node) {
            match child.kind() {
                "global_statement" => return self.decline(child, "`global`"),
                "nonlocal_statement" => return self.decline(child, "`nonlocal`"),
                "function_definition" | "lambda" | "class_definition" => {}
                _ => self.check_scope_statements(child)?,
            }
        }
        Ok(())
    }

    /// Infers the types of the current function's names, then writes its
    /// body.
    fn function_body(&mut self, body: Node, docstring: Option<Node>) -> Res<Out> {
        let idx = self.scopes.len() - 1;
        let initially_declared = self.scopes[idx].declared.clone();
        self.dry += 1;
        let mut settled = false;
        for _ in 0..MAX_INFERENCE_ROUNDS {
            let before = self.scopes[idx].changes;
            self.scopes[idx].declared = initially_declared.clone();
            let mut scratch = Out::default();
            let _ = self.body_statements(body, docstring, &mut scratch);
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
        self.scopes[idx].declared = initially_declared;
        let mut out = Out::default();
        self.body_statements(body, docstring, &mut out)?;
        // A function that returns values on some paths returns None, not
        // undefined, when it falls off the end.
        if self.scopes[idx].returns_value && !ends_in_jump(body) {
            out.line("return null;");
        }
        Ok(out)
    }

    fn body_statements(&mut self, body: Node, docstring: Option<Node>, out: &mut Out) -> Res<()> {
        let skip = docstring.map(|d| d.id());
        self.leading_comments(body, out);
        self.block_items(body, skip, out)
    }

    // -- Statements -------------------------------------------------------

    /// The statements of a block, with comments and single blank lines kept.
    fn block_items(&mut self, block: Node, skip: Option<usize>, out: &mut Out) -> Res<()> {
        let mut prev_end_row: Option<usize> = None;
        for item in children(block) {
            if !item.is_named() || Some(item.id()) == skip {
                prev_end_row = Some(item.end_position().row);
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
                    // A trailing comment stays on its statement's line.
                    let body = comment_body(self.t(item), Lang::Python).join(" ");
                    if let Some(last) = out.lines.last_mut() {
                        last.1.push_str(&format!(" //{body}"));
                    }
                } else {
                    self.comment(item, out);
                }
                continue;
            }
            let result = self.stmt(item, out);
            if let Err(e) = result {
                if self.dry == 0 {
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// A block as the body of a compound statement, braces included by the
    /// caller.
    fn body(&mut self, block: Node, out: &mut Out) -> Res<()> {
        out.depth += 1;
        self.leading_comments(block, out);
        let r = self.block_items(block, None, out);
        out.depth -= 1;
        r
    }

    /// Comments between a compound statement's `:` and its block, which the
    /// grammar puts outside the block.
    fn leading_comments(&self, block: Node, out: &mut Out) {
        let mut comments = Vec::new();
        let mut prev = block.prev_sibling();
        while let Some(p) = prev {
            if p.kind() != "comment" {
                break;
            }
            comments.push(p);
            prev = p.prev_sibling();
        }
        for c in comments.into_iter().rev() {
            self.comment(c, out);
        }
    }

    fn plan_before(&mut self, stmt: Node, out: &mut Out) {
        let Some(scope) = self.function_scope() else {
            return;
        };
        let Some(names) = scope.plan.before_stmt.get(&stmt.id()).cloned() else {
            return;
        };
        let mut targets = Vec::new();
        for n in names {
            if let Some(scope) = self.function_scope() {
                if scope.declared.insert(n.clone()) {
                    if let Some(b) = scope.names.get(&n) {
                        targets.push(b.target.clone());
                    }
                }
            }
        }
        if !targets.is_empty() {
            out.line(format!("let {};", targets.join(", ")));
        }
    }

    fn stmt(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        self.plan_before(stmt, out);
        match stmt.kind() {
            "expression_statement" => self.expression_statement(stmt, out),
            "return_statement" => self.return_statement(stmt, out),
            "pass_statement" => Ok(()),
            "break_statement" => {
                let flag = self
                    .function_scope()
                    .and_then(|s| s.break_flags.last().cloned().flatten());
                if let Some(flag) = flag {
                    out.line(format!("{flag} = true;"));
                }
                out.line("break;");
                Ok(())
            }
            "continue_statement" => {
                out.line("continue;");
                Ok(())
            }
            "if_statement" => self.if_statement(stmt, out),
            "while_statement" => self.while_statement(stmt, out),
            "for_statement" => self.for_statement(stmt, out),
            "function_definition" => {
                if self.function_scope().is_some_and(|s| s.loop_depth > 0) {
                    return self.decline(stmt, "function defined inside a loop");
                }
                self.function(stmt, None, out)
            }
            "raise_statement" => self.raise_statement(stmt, out),
            "assert_statement" => {
                let parts = named_children(stmt);
                let test = self.cond(parts[0])?;
                let msg = match parts.get(1) {
                    Some(m) => {
                        let m = self.expr(*m)?;
                        if m.ty != Ty::Str {
                            return self.decline(stmt, "`assert` message that is not a string");
                        }
                        m.code
                    }
                    None => "\"assertion failed\"".to_string(),
                };
                out.line(format!("if (!{}) {{", expr::wrap(&test, expr::P_UNARY)));
                out.line(format!("  throw new Error({msg});"));
                out.line("}");
                Ok(())
            }
            "delete_statement" => self.delete_statement(stmt, out),
            "try_statement" => self.decline(stmt, "`try`"),
            "with_statement" => self.decline(stmt, "`with`"),
            "global_statement" => self.decline(stmt, "`global`"),
            "nonlocal_statement" => self.decline(stmt, "`nonlocal`"),
            "import_statement" | "import_from_statement" => {
                self.decline(stmt, "import inside a function")
            }
            "class_definition" => self.decline(stmt, "nested class"),
            "decorated_definition" => self.decline(stmt, "decorator"),
            "match_statement" => self.decline(stmt, "`match`"),
            "comment" => {
                self.comment(stmt, out);
                Ok(())
            }
            other => self.decline(stmt, format!("`{other}`")),
        }
    }

    fn expression_statement(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        let parts = named_children(stmt);
        if parts.len() != 1 {
            return self.decline(stmt, "tuple expression statement");
        }
        let e = parts[0];
        match e.kind() {
            "assignment" => self.assignment(stmt, e, out),
            "augmented_assignment" => self.augmented_assignment(e, out),
            "string" | "concatenated_string" => {
                // A string on its own: a comment in all but name.
                let value = self.string_value(e)?;
                for line in value.trim().lines() {
                    out.line(format!("// {}", line.trim_end()).trim_end().to_string());
                }
                Ok(())
            }
            "call" => {
                if let Some(code) = self.call_statement(e)? {
                    for l in code {
                        out.line(l);
                    }
                    return Ok(());
                }
                let v = self.expr(e)?;
                out.line(format!("{};", v.code));
                Ok(())
            }
            "yield" => self.decline(e, "`yield` (generator)"),
            "await" => self.decline(e, "`await`"),
            _ => {
                let v = self.expr(e)?;
                out.line(format!("{};", v.code));
                Ok(())
            }
        }
    }

    fn assignment(&mut self, stmt: Node, assign: Node, out: &mut Out) -> Res<()> {
        let left = assign
            .child_by_field_name("left")
            .expect("assignment has a left");
        let Some(right) = assign.child_by_field_name("right") else {
            return self.decline(assign, "annotation without a value");
        };
        if right.kind() == "assignment" {
            return self.decline(assign, "chained assignment");
        }
        if right.kind() == "yield" {
            return self.decline(right, "`yield` (generator)");
        }
        if assign.child_by_field_name("type").is_some() && left.kind() != "identifier" {
            return self.decline(assign, "annotated assignment");
        }
        let declares: Vec<String> = self
            .function_scope()
            .and_then(|s| s.plan.on_stmt.get(&stmt.id()).cloned())
            .unwrap_or_default();
        match left.kind() {
            "identifier" => {
                let name = self.t(left).to_string();
                let value = self.expr(right)?;
                self.widen(&name, &value.ty, right)?;
                let target = self.name_target(&name, left)?;
                let keyword = self.keyword_for(&declares, std::slice::from_ref(&name));
                out.line(format!("{keyword}{target} = {};", value.code));
                Ok(())
            }
            "pattern_list" | "tuple_pattern" => {
                let targets = named_children(left);
                if targets.iter().any(|t| t.kind() != "identifier") {
                    return self.decline(left, "unpacking into something other than names");
                }
                let names: Vec<String> = targets.iter().map(|t| self.t(*t).to_string()).collect();
                // `a, b = x, y` with a tuple on the right.
                let value_parts = match right.kind() {
                    "expression_list" | "tuple" => Some(named_children(right)),
                    _ => None,
                };
                let (code, tys) = match value_parts {
                    Some(parts) => {
                        if parts.len() != names.len() {
                            return self.decline(right, "unpacking of a different length");
                        }
                        if parts.iter().any(|p| p.kind() == "list_splat") {
                            return self.decline(right, "starred unpacking");
                        }
                        let mut codes = Vec::new();
                        let mut tys = Vec::new();
                        for p in parts {
                            let v = self.expr(p)?;
                            codes.push(expr::wrap(&v, expr::P_ASSIGN).to_string());
                            tys.push(v.ty);
                        }
                        (format!("[{}]", codes.join(", ")), tys)
                    }
                    None => {
                        let v = self.expr(right)?;
                        let tys = match &v.ty {
                            Ty::Tuple(ts) if ts.len() == names.len() => ts.clone(),
                            Ty::Tuple(_) => {
                                return self.decline(right, "unpacking of a different length")
                            }
                            Ty::List(e) => vec![(**e).clone(); names.len()],
                            Ty::Str => vec![Ty::Str; names.len()],
                            _ => vec![v.ty.elem(); names.len()],
                        };
                        (v.code, tys)
                    }
                };
                for (n, t) in names.iter().zip(&tys) {
                    self.widen(n, t, right)?;
                }
                let mut js = Vec::new();
                for (n, t) in names.iter().zip(&targets) {
                    js.push(self.name_target(n, *t)?);
                }
                let keyword = self.keyword_for(&declares, &names);
                out.line(format!("{keyword}[{}] = {code};", js.join(", ")));
                Ok(())
            }
            "subscript" => {
                let value = self.expr(right)?;
                let code = self.subscript_assign(left, value, right)?;
                out.line(format!("{code};"));
                Ok(())
            }
            "attribute" => self.decline(left, "assignment to an attribute"),
            _ => self.decline(left, "assignment to this kind of target"),
        }
    }

    /// `let `, `const ` or nothing, for an assignment to `names`.
    fn keyword_for(&mut self, declares: &[String], names: &[String]) -> String {
        if declares.is_empty() {
            return String::new();
        }
        let scope = self.function_scope().expect("plans exist in functions");
        for n in names {
            scope.declared.insert(n.clone());
        }
        if names.iter().any(|n| scope.plan.reassigned.contains(n)) {
            "let ".to_string()
        } else {
            "const ".to_string()
        }
    }

    /// The JavaScript name of a bound name.
    fn name_target(&self, name: &str, node: Node) -> Res<String> {
        match self.binding(name) {
            Some(b) => Ok(b.target.clone()),
            None => self.decline(node, format!("assignment to `{name}` outside its scope")),
        }
    }

    fn augmented_assignment(&mut self, assign: Node, out: &mut Out) -> Res<()> {
        let left = assign.child_by_field_name("left").expect("has left");
        let right = assign.child_by_field_name("right").expect("has right");
        let op_node = assign
            .child_by_field_name("operator")
            .expect("has operator");
        let op = self.t(op_node).trim_end_matches('=').to_string();
        match left.kind() {
            "identifier" => {
                let name = self.t(left).to_string();
                let current = self.expr(left)?;
                let value = self.expr(right)?;
                // `xs += ys` extends the list in place.
                if op == "+" && current.ty.strip_optional().is_array() {
                    if !matches!(value.ty, Ty::List(_) | Ty::Tuple(_)) {
                        return self
                            .decline(right, "`+=` on a list with a value that is not a list");
                    }
                    self.widen(&name, &Ty::list(value.ty.elem()), right)?;
                    if let Some(items) = self.literal_items(right)? {
                        out.line(format!("{}.push({});", current.code, items.join(", ")));
                    } else {
                        out.line(format!("{}.push(...{});", current.code, value.code));
                    }
                    return Ok(());
                }
                let combined = self.binary(&op, current.clone(), value.clone(), assign)?;
                self.widen(&name, &combined.ty, assign)?;
                let target = self.name_target(&name, left)?;
                // Write `x += y` when the operator maps one to one.
                let simple = format!("{} {op} ", current.code);
                if let Some(rest) = combined.code.strip_prefix(&simple) {
                    if matches!(op.as_str(), "+" | "-" | "*" | "/" | "**") {
                        let rest = if rest == format!("({})", value.code) {
                            value.code.as_str()
                        } else {
                            rest
                        };
                        out.line(format!("{target} {op}= {rest};"));
                        return Ok(());
                    }
                }
                out.line(format!("{target} = {};", combined.code));
                Ok(())
            }
            "subscript" => {
                let current = self.expr(left)?;
                let value = self.expr(right)?;
                if !self.is_pure(left) {
                    return self
                        .decline(left, "augmented assignment to an element with side effects");
                }
                let combined = self.binary(&op, current, value, assign)?;
                let code = self.subscript_assign(left, combined, right)?;
                out.line(format!("{code};"));
                Ok(())
            }
            _ => self.decline(left, "augmented assignment to this kind of target"),
        }
    }

    fn return_statement(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        let value = named_children(stmt).first().copied();
        let (code, ty) = match value {
            None => (None, Ty::None),
            Some(v) if v.kind() == "expression_list" => {
                let e = self.tuple_expr(v)?;
                (Some(e.code), e.ty)
            }
            Some(v) => {
                let e = self.expr(v)?;
                (Some(e.code), e.ty)
            }
        };
        // tree-sitter-python takes a `return` at top level (which Python
        // refuses) for a statement like any other.
        let Some(idx) = self.scopes.iter().rposition(|s| s.is_function) else {
            return self.decline(stmt, "`return` outside a function");
        };
        let scope = &mut self.scopes[idx];
        if code.is_some() {
            scope.returns_value = true;
        }
        let joined = scope.ret.join(&ty);
        if joined != scope.ret {
            if scope.frozen {
                return self.decline(stmt, "return values of changing type");
            }
            scope.ret = joined;
            scope.changes += 1;
        }
        match code {
            Some(c) => out.line(format!("return {c};")),
            None => {
                // `return` in a function that returns values elsewhere.
                if self.scopes[idx].returns_value {
                    out.line("return null;")
                } else {
                    out.line("return;")
                }
            }
        }
        Ok(())
    }

    fn if_statement(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        let cond = stmt
            .child_by_field_name("condition")
            .expect("if has a condition");
        let c = self.cond(cond)?;
        out.line(format!("if ({}) {{", c.code));
        let body = stmt
            .child_by_field_name("consequence")
            .expect("if has a body");
        self.body(body, out)?;
        let mut cursor = stmt.walk();
        let alternatives: Vec<Node> = stmt
            .children_by_field_name("alternative", &mut cursor)
            .collect();
        for alt in alternatives {
            match alt.kind() {
                "elif_clause" => {
                    let cond = alt
                        .child_by_field_name("condition")
                        .expect("elif condition");
                    let c = self.cond(cond)?;
                    out.line(format!("}} else if ({}) {{", c.code));
                    let body = alt.child_by_field_name("consequence").expect("elif body");
                    self.body(body, out)?;
                }
                _ => {
                    out.line("} else {");
                    let body = alt.child_by_field_name("body").expect("else body");
                    self.body(body, out)?;
                }
            }
        }
        out.line("}");
        Ok(())
    }

    fn loop_body(&mut self, body: Node, flag: Option<String>, out: &mut Out) -> Res<()> {
        if let Some(s) = self.function_scope() {
            s.loop_depth += 1;
            s.break_flags.push(flag);
        }
        let r = self.body(body, out);
        if let Some(s) = self.function_scope() {
            s.loop_depth -= 1;
            s.break_flags.pop();
        }
        r
    }

    /// For a loop with an `else` that its `break` may skip: a flag that
    /// the `break` sets, declared before the loop.
    fn break_flag(&mut self, body: Node, else_body: Option<Node>, out: &mut Out) -> Option<String> {
        else_body?;
        if !contains_break(body) {
            return None;
        }
        let taken: HashSet<String> = self
            .scopes
            .iter()
            .flat_map(|s| s.names.values().map(|b| b.target.clone()))
            .collect();
        let flag = (1..)
            .map(|i| {
                if i == 1 {
                    "broke".to_string()
                } else {
                    format!("broke{i}")
                }
            })
            .find(|n| !taken.contains(n) && !self.src.contains(n.as_str()))
            .expect("some name is free");
        out.line(format!("let {flag} = false;"));
        Some(flag)
    }

    /// A loop's `else`: run when the loop ended without `break`.
    fn loop_else(
        &mut self,
        else_body: Option<Node>,
        flag: Option<String>,
        out: &mut Out,
    ) -> Res<()> {
        let Some(e) = else_body else {
            return Ok(());
        };
        match flag {
            Some(flag) => {
                out.line(format!("if (!{flag}) {{"));
                self.body(e, out)?;
                out.line("}");
                Ok(())
            }
            None => self.block_items(e, None, out),
        }
    }

    fn while_statement(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        let body = stmt.child_by_field_name("body").expect("while body");
        let else_body = stmt
            .child_by_field_name("alternative")
            .and_then(|a| a.child_by_field_name("body"));
        let cond = stmt
            .child_by_field_name("condition")
            .expect("while condition");
        let c = self.cond(cond)?;
        let flag = self.break_flag(body, else_body, out);
        out.line(format!("while ({}) {{", c.code));
        self.loop_body(body, flag.clone(), out)?;
        out.line("}");
        self.loop_else(else_body, flag, out)
    }

    fn for_statement(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        if children(stmt).iter().any(|c| c.kind() == "async") {
            return self.decline(stmt, "`async for`");
        }
        let left = stmt.child_by_field_name("left").expect("for target");
        let right = stmt.child_by_field_name("right").expect("for iterable");
        let body = stmt.child_by_field_name("body").expect("for body");
        let else_body = stmt
            .child_by_field_name("alternative")
            .and_then(|a| a.child_by_field_name("body"));
        let declared_here = self
            .function_scope()
            .is_some_and(|s| s.plan.for_head.contains(&stmt.id()));
        let mut target_names = Vec::new();
        scope::target_names(left, self.src, &mut |n| target_names.push(n.to_string()));
        if !matches!(left.kind(), "identifier" | "pattern_list" | "tuple_pattern")
            || named_children(left)
                .iter()
                .any(|c| c.kind() != "identifier" && left.kind() != "identifier")
        {
            return self.decline(left, "loop target that is not a name or names");
        }
        if let Some(scope) = self.function_scope() {
            if declared_here {
                for n in &target_names {
                    scope.declared.insert(n.clone());
                }
            }
        }
        let reassigned = target_names.iter().any(|n| {
            self.scopes
                .iter()
                .rev()
                .find(|s| s.is_function)
                .is_some_and(|s| s.plan.reassigned.contains(n))
        });

        // `for i in range(...)` as a counting loop.
        if let Some(head) =
            self.range_loop(stmt, left, right, body, declared_here, &target_names)?
        {
            let flag = self.break_flag(body, else_body, out);
            out.line(format!("for ({head}) {{"));
            self.loop_body(body, flag.clone(), out)?;
            out.line("}");
            return self.loop_else(else_body, flag, out);
        }

        let iter = self.iteration(right)?;
        // Bind the target names' types.
        let elem = iter.elem.clone();
        match left.kind() {
            "identifier" => {
                let n = self.t(left).to_string();
                self.widen(&n, &elem, left)?;
            }
            _ => {
                let parts = named_children(left);
                let tys = unpack_types(&elem, parts.len());
                let Some(tys) = tys else {
                    return self.decline(left, "unpacking loop target of unknown shape");
                };
                for (p, t) in parts.iter().zip(tys) {
                    let n = self.t(*p).to_string();
                    self.widen(&n, &t, *p)?;
                }
            }
        }
        let target_code = match left.kind() {
            "identifier" => self.name_target(self.t(left), left)?,
            _ => {
                // Python binds a name that repeats in the target (`for _, _
                // in pairs`) left to right, so the last one wins; JavaScript
                // refuses to declare it twice ("Identifier '_' has already
                // been declared"). Earlier occurrences become holes.
                let parts = named_children(left);
                let mut names = Vec::new();
                for (k, p) in parts.iter().enumerate() {
                    let name = self.t(*p);
                    if parts[k + 1..].iter().any(|later| self.t(*later) == name) {
                        names.push(String::new());
                    } else {
                        names.push(self.name_target(name, *p)?);
                    }
                }
                format!("[{}]", names.join(", "))
            }
        };
        let keyword = if declared_here {
            if reassigned {
                "let "
            } else {
                "const "
            }
        } else {
            ""
        };
        let flag = self.break_flag(body, else_body, out);
        out.line(format!("for ({keyword}{target_code} of {}) {{", iter.code));
        self.loop_body(body, flag.clone(), out)?;
        out.line("}");
        self.loop_else(else_body, flag, out)
    }

    fn raise_statement(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        let parts = named_children(stmt);
        let Some(exc) = parts.first() else {
            return self.decline(stmt, "bare `raise`");
        };
        if parts.len() > 1 {
            return self.decline(stmt, "`raise ... from`");
        }
        let (name, args) = match exc.kind() {
            "call" => {
                let f = exc.child_by_field_name("function").expect("call function");
                let args = exc
                    .child_by_field_name("arguments")
                    .map(named_children)
                    .unwrap_or_default();
                (self.t(f), args)
            }
            "identifier" => (self.t(*exc), Vec::new()),
            _ => return self.decline(stmt, "`raise` of an expression"),
        };
        if !is_builtin_exception(name) {
            return self.decline(stmt, format!("`raise {name}`"));
        }
        let msg = match args.as_slice() {
            [] => String::new(),
            [m] => {
                let m = self.expr(*m)?;
                if m.ty != Ty::Str {
                    return self.decline(stmt, "exception message that is not a string");
                }
                m.code
            }
            _ => return self.decline(stmt, "exception with several arguments"),
        };
        out.line(format!("throw new Error({msg});"));
        Ok(())
    }

    fn delete_statement(&mut self, stmt: Node, out: &mut Out) -> Res<()> {
        let targets = named_children(stmt);
        for t in targets {
            let t = if t.kind() == "expression_list" {
                return self.decline(t, "`del` of several targets");
            } else {
                t
            };
            if t.kind() != "subscript" {
                return self.decline(t, "`del` of a name");
            }
            let value = t.child_by_field_name("value").expect("subscript value");
            let index = t.child_by_field_name("subscript").expect("subscript index");
            let base = self.expr(value)?;
            match base.ty.strip_optional() {
                Ty::List(_) => {
                    if index.kind() == "slice" {
                        return self.decline(t, "`del` of a slice");
                    }
                    let i = self.expr(index)?;
                    if i.ty != Ty::Nat {
                        return self.decline(t, "`del` at an index that may be negative");
                    }
                    out.line(format!(
                        "{}.splice({}, 1);",
                        expr::wrap(&base, expr::P_CALL),
                        i.code
                    ));
                }
                Ty::Dict(..) => {
                    let k = self.expr(index)?;
                    self.check_key(&k.ty, t)?;
                    out.line(format!(
                        "{}.delete({});",
                        expr::wrap(&base, expr::P_CALL),
                        k.code
                    ));
                }
                _ => return self.decline(t, "`del` on a value of unknown type"),
            }
        }
        Ok(())
    }
}

/// The names bound other than by augmented assignment (`=`, `for`, `def`).
fn plain_assignments(node: Node, src: &str, out: &mut Vec<String>) {
    match node.kind() {
        "augmented_assignment" => {
            if let Some(right) = node.child_by_field_name("right") {
                plain_assignments(right, src, out);
            }
        }
        "function_definition"
        | "class_definition"
        | "lambda"
        | "list_comprehension"
        | "set_comprehension"
        | "dictionary_comprehension"
        | "generator_expression" => {
            if let Some(name) = node.child_by_field_name("name") {
                out.push(text(name, src).to_string());
            }
        }
        "assignment" | "for_statement" | "named_expression" => {
            let mut names = Vec::new();
            scope::assigned_names(node, src, &mut names);
            out.extend(names);
        }
        _ => {
            for child in named_children(node) {
                plain_assignments(child, src, out);
            }
        }
    }
}

/// Whether a statement is a lone string (a docstring where it comes first).
fn is_docstring(stmt: Node) -> bool {
    stmt.kind() == "expression_statement"
        && named_children(stmt).len() == 1
        && named_children(stmt)[0].kind() == "string"
}

/// Writes a docstring as a JSDoc comment.
fn doc_comment(value: &str, out: &mut Out) {
    out.line("/**");
    for l in crate::engine::rules::front::python::docstring_lines(value) {
        let l = l.replace("*/", "* /");
        if l.is_empty() {
            out.line(" *");
        } else {
            out.line(format!(" * {l}"));
        }
    }
    out.line(" */");
}

fn is_constant_name(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '_')
        && name.chars().any(|c| c.is_uppercase())
}

fn is_builtin_exception(name: &str) -> bool {
    matches!(
        name,
        "Exception"
            | "ValueError"
            | "TypeError"
            | "IndexError"
            | "KeyError"
            | "RuntimeError"
            | "ZeroDivisionError"
            | "AssertionError"
            | "NotImplementedError"
            | "ArithmeticError"
            | "LookupError"
    )
}

/// A default value that is the same whether evaluated once (Python) or at
/// every call (JavaScript).
fn is_immutable_literal(node: Node) -> bool {
    match node.kind() {
        "integer" | "float" | "string" | "true" | "false" | "none" => !named_children(node)
            .iter()
            .any(|c| c.kind() == "interpolation"),
        "unary_operator" => node
            .child_by_field_name("argument")
            .is_some_and(is_immutable_literal),
        _ => false,
    }
}

/// Whether control cannot fall off the end of a block.
fn ends_in_jump(block: Node) -> bool {
    let Some(last) = named_children(block).last().copied() else {
        return false;
    };
    match last.kind() {
        "return_statement" | "raise_statement" => true,
        "if_statement" => {
            let mut cursor = last.walk();
            let alternatives: Vec<Node> = last
                .children_by_field_name("alternative", &mut cursor)
                .collect();
            let has_else = alternatives.iter().any(|a| a.kind() == "else_clause");
            has_else
                && last
                    .child_by_field_name("consequence")
                    .is_some_and(ends_in_jump)
                && alternatives.iter().all(|a| {
                    a.child_by_field_name("consequence")
                        .or_else(|| a.child_by_field_name("body"))
                        .is_some_and(ends_in_jump)
                })
        }
        "while_statement" => {
            last.child_by_field_name("condition")
                .is_some_and(|c| c.kind() == "true")
                && !contains_break(last)
        }
        _ => false,
    }
}

/// Whether a loop body has a `break` for this loop (not a nested one).
fn contains_break(node: Node) -> bool {
    for child in named_children(node) {
        match child.kind() {
            "break_statement" => return true,
            "for_statement" | "while_statement" | "function_definition" | "class_definition" => {
                // A nested loop's `break` is its own; its else clause is ours.
                if let Some(alt) = child.child_by_field_name("alternative") {
                    if contains_break(alt) {
                        return true;
                    }
                }
            }
            _ => {
                if contains_break(child) {
                    return true;
                }
            }
        }
    }
    false
}

/// The types of `n` names unpacked from a value of type `ty`.
fn unpack_types(ty: &Ty, n: usize) -> Option<Vec<Ty>> {
    match ty {
        Ty::Tuple(ts) if ts.len() == n => Some(ts.clone()),
        Ty::Tuple(_) => None,
        Ty::List(e) | Ty::Seq(e) => Some(vec![(**e).clone().or_unknown(); n]),
        Ty::Str => Some(vec![Ty::Str; n]),
        Ty::Unknown => Some(vec![Ty::Unknown; n]),
        _ => None,
    }
}

#[cfg(test)]
mod golden {
    use crate::engine::{build, Candidate, Context, Outcome, TranslationRequest};
    use crate::lang::Lang;
    use crate::units::SegmentKind;

    fn js(py: &str) -> Candidate {
        let request = TranslationRequest {
            from: Lang::Python,
            to: Lang::JavaScript,
            kind: SegmentKind::Function,
            name: None,
            source: py.to_string(),
            path: "t.py".into(),
            first_line: 1,
            context: Context::default(),
        };
        match build("rules").unwrap()[0]
            .translate(&request)
            .unwrap()
            .outcome
        {
            Outcome::Candidates(mut c) => c.remove(0),
            Outcome::Declined(r) => panic!("declined: {r}"),
        }
    }

    #[test]
    fn locals_are_declared_at_their_first_assignment() {
        let out = js("def sum_all(xs: list) -> int:\n    total = 0\n    for x in xs:\n        total += x\n    return total\n");
        assert_eq!(
            out.text,
            // Functions go through the typed IR since the switch; it
            // writes `+=` out in full (still to do: keep the augmented form).
            "function sumAll(xs) {\n  let total = 0;\n  for (const x of xs) {\n    total = total + x;\n  }\n  return total;\n}\n"
        );
        assert!(out.support.is_empty());
    }

    #[test]
    fn python_modulo_of_a_possibly_negative_number_uses_the_helper_once() {
        let out = js("def wrap(a: int, b: int) -> int:\n    return a % b + a % b\n");
        assert!(
            out.text.contains("pyMod(a, b) + pyMod(a, b)"),
            "{}",
            out.text
        );
        // The helper, once, and the error class it throws.
        let keys: Vec<&str> = out.support.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["helper:PyError", "helper:pyMod"]);
    }
}

#[cfg(test)]
mod signature_tests {
    use super::*;

    #[test]
    fn headers_and_whole_declarations_are_read() {
        let bare = parse_signature("const f = (a, b) => {").unwrap();
        assert_eq!((bare.name.as_str(), bare.params.len()), ("f", 2));
        assert_eq!(bare.arrow.as_deref(), Some("const"));
        let whole = parse_signature("const isP = (s) => {\n  return s == s;\n}\n").unwrap();
        assert_eq!((whole.name.as_str(), whole.params.len()), ("isP", 1));
        let function = parse_signature("function g(x) {").unwrap();
        assert_eq!(function.arrow, None);
    }
}
