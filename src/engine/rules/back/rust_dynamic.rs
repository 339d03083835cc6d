//! JavaScript to Rust with JavaScript's values: the backend the rules
//! engine falls back to for a JavaScript function whose types no
//! annotation, JSDoc or use settles (a parameter that may be an array, an
//! object or `null`, an operator giving one of two operands). Every value
//! is a `js::Value` and every operation the runtime function that does
//! what JavaScript does (`js::add` is `+` with its coercions, `js::get` a
//! property or element read), so the translation behaves as the source on
//! every input instead of on those a Rust type would allow; where
//! JavaScript throws, the runtime panics. (The JavaScript frontend lowers
//! `null` apart from `undefined` for this backend: `Builtin::JsNull`.)
//!
//! The runtime (`rust_dynamic/js.rs`) is written once per output: into
//! the crate's support module (`project::crate_support`), or into the
//! file of a single-file translation. It reads worse than typed Rust,
//! which is why the typed backend (`back::rust`) is tried first.
//!
//! What the backend writes, construct by construct:
//! - A function takes and returns `js::Value`s; a caller passing fewer
//!   arguments passes `js::Value::Undefined` for the rest, as JavaScript
//!   does. A rest parameter (`...xs`, or the one `arguments` names) takes
//!   the remaining arguments as a slice (`&[js::Value]`). Its locals are
//!   declared where the function starts (a `var` is the function's from
//!   its first line), holding `Undefined`.
//! - A local a nested function or lambda reads or assigns is shared, as
//!   JavaScript's closures share it: a `js::Cell` both hold, read with
//!   `js::load` and written with `js::store`.
//! - A nested function or lambda is a `js::Value` holding a closure of
//!   the arguments slice; so is a project function passed as a value.
//! - A condition is tested with `js::truthy`; `&&` and `||` give the
//!   deciding operand.
//!
//! - A call of a project function written with Rust types converts the
//!   values to the types it takes and its result back
//!   ([`Writer::converted`]).
//! - A regular expression in the portable subset is matched by the
//!   runtime's own matcher (`js::regex_test`, `js::regex_replace`,
//!   `js::regex_split`).
//! - A module value computed at its first use is read through the function
//!   of its name ([`module_value`]).
//!
//! Anything else (`this`, classes, `try`, generators, spreads other than
//! a call's last argument, patterns outside the subset, methods not listed
//! in [`Writer::method`]) is declined, naming the construct and its line.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::super::analysis::scope::{LocalId, ScopeId, ScopeKind, Scopes};
use super::super::ir::{
    for_each_expr, for_each_stmt, for_each_stmt_expr, BinOp, Block, Builtin, CmpOp, DivSem, EqSem,
    Expr, ExprKind, Function, Lit, LogicOp, Method, OperandSem, Rounding, StmtKind, Target,
    Truthiness, TypeKind, UnOp,
};
use super::super::{Decline, Out, Res, Support};
use crate::lang::{to_snake_case, Lang};

// The runtime compiled and tested as a module of xlate too.
#[cfg(test)]
#[allow(dead_code)]
#[path = "rust_dynamic/js.rs"]
mod js;
#[cfg(test)]
#[path = "rust_dynamic/js_tests.rs"]
mod js_tests;

/// The runtime's text: the body of module `js`.
pub const RUNTIME: &str = include_str!("rust_dynamic/js.rs");

/// The key the runtime is added to a unit's support under; the crate's
/// support module declares it once (`rust_support::shared_name`).
pub const RUNTIME_KEY: &str = "helper:js";

/// The key of [`PRIMITIVE_IMPL`] in a unit's support.
pub const PRIMITIVE_KEY: &str = "helper:JsPrimitive-for-js::Value";

/// `js::Value` as a `JsPrimitive` (the bound of the typed backend's type
/// variables it compares or tests): its `==` is `===` and its `<` is
/// JavaScript's, objects included, so a generic callee compares values as
/// the source does.
pub const PRIMITIVE_IMPL: &str =
    "/// JavaScript's values compare (`===`, `<`) and test as JavaScript does.\n\
impl JsPrimitive for js::Value {\n    \
fn js_truthy(&self) -> bool {\n        js::truthy(self)\n    }\n}\n";

/// The runtime as a module of the file that uses it.
pub fn runtime_module(public: bool) -> String {
    let mut s = String::new();
    if public {
        s.push_str("pub ");
    }
    s.push_str("mod js {\n");
    for line in RUNTIME.lines() {
        if line.is_empty() {
            s.push('\n');
        } else {
            let _ = writeln!(s, "    {line}");
        }
    }
    s.push_str("}\n");
    s
}

/// A function of the project a unit may call, as its translation declares
/// it: with JavaScript values (`js::Value` parameters and result), or with
/// Rust types the call converts to and from (see [`Writer::converted`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callee {
    /// Type parameters and their bounds (`T: Clone + JsPrimitive`), which
    /// a call instantiates with `js::Value`.
    generics: Vec<(String, Vec<String>)>,
    /// Parameter types as written.
    params: Vec<String>,
    /// By position: whether the callee changes the parameter (`mut array:
    /// Vec<T>`), which JavaScript's caller would see.
    changed: Vec<bool>,
    /// The result type as written; `None` for `()`.
    ret: Option<String>,
}

impl Callee {
    /// How a function this backend writes is called: its parameters
    /// values, a rest parameter a slice of them.
    pub fn of(f: &Function) -> Callee {
        Callee {
            generics: Vec::new(),
            params: f
                .params
                .iter()
                .map(|p| match p.passing {
                    super::super::ir::Passing::Rest => "&[js::Value]".to_string(),
                    _ => "js::Value".to_string(),
                })
                .collect(),
            changed: vec![false; f.params.len()],
            ret: Some("js::Value".to_string()),
        }
    }

    /// Whether the last parameter takes the remaining arguments (a rest
    /// parameter, written `&[js::Value]`).
    fn variadic(&self) -> bool {
        self.params.last().is_some_and(|t| t == "&[js::Value]") && self.generics.is_empty()
    }
}

/// The project's functions a unit may call, by the name the IR calls them.
pub type Callees = HashMap<String, Callee>;

/// Splits `text` at the commas outside brackets.
fn split_top(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' if !text[..i].ends_with('-') => depth -= 1,
            ',' if depth == 0 => {
                out.push(text[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last.to_string());
    }
    out
}

/// The declarations `project::callees` hands a unit (`fn name<T:
/// Clone>(a: T, b: f64) -> bool`), read.
pub fn callees(declarations: &[String]) -> Callees {
    let mut out = Callees::new();
    for d in declarations {
        if let Some((name, callee)) = read_declaration(d) {
            out.insert(name, callee);
        }
    }
    out
}

fn read_declaration(d: &str) -> Option<(String, Callee)> {
    let rest = d.trim().strip_prefix("fn ")?;
    let open = rest.find('(')?;
    let (head, rest) = rest.split_at(open);
    let (name, generics) = match head.split_once('<') {
        Some((name, g)) => (name.trim(), g.strip_suffix('>')?),
        None => (head.trim(), ""),
    };
    // The parameters run to the `)` matching the first `(`.
    let mut depth = 0i32;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let (changed, params): (Vec<bool>, Vec<String>) = split_top(&rest[1..close])
        .into_iter()
        .map(|p| {
            p.split_once(':')
                .map(|(pat, t)| (pat.trim().starts_with("mut "), t.trim().to_string()))
        })
        .collect::<Option<Vec<(bool, String)>>>()?
        .into_iter()
        .unzip();
    let ret = rest[close + 1..]
        .trim()
        .strip_prefix("->")
        .map(|r| r.trim().to_string());
    let generics = split_top(generics)
        .into_iter()
        .map(|g| match g.split_once(':') {
            Some((v, bounds)) => (
                v.trim().to_string(),
                bounds.split('+').map(|b| b.trim().to_string()).collect(),
            ),
            None => (g.trim().to_string(), Vec::new()),
        })
        .collect();
    Some((
        name.to_string(),
        Callee {
            generics,
            params,
            changed,
            ret,
        },
    ))
}

/// Writes `f`, a top-level JavaScript function, with JavaScript values.
/// `name` is the name the output gives it.
pub fn write(
    f: &Function,
    name: &str,
    ids: usize,
    around: &Around,
    support: &mut Support,
) -> Res<String> {
    let scopes = Scopes::build(f, ids);
    let mut w = Writer {
        scopes,
        names: HashMap::new(),
        cells: HashSet::new(),
        callees: around.callees,
        values: around.values,
        own: (f.name.clone(), Callee::of(f)),
        cyclic: support.cyclic_callees.clone(),
        temps: 0,
        primitive: false,
    };
    w.name_locals(f)?;
    let mut out = Out::default();
    out.rust_comments(&f.comments);
    w.function(f, name, &mut out)?;
    split_lines(&mut out);
    let shared = support.crate_shared;
    support.add(RUNTIME_KEY, &runtime_module(shared));
    // The crate's support module declares the impl; a file declares it
    // beside its own trait.
    if w.primitive && !shared {
        super::rust_support::js_primitive(support);
        support.add(PRIMITIVE_KEY, PRIMITIVE_IMPL);
    }
    Ok(out.render("    "))
}

/// A module value computed at its first use (`var getLength =
/// shallowProperty('length')`, see [`crate::engine::Context::values`]):
/// a function named `name` giving the value, which a thread-local computes
/// once, at the first call, by a private function returning `init` (its
/// statements written as a function's are, in `module`'s scope).
pub fn module_value(
    source_name: &str,
    name: &str,
    init: &Expr,
    module: &Function,
    ids: usize,
    around: &Around,
    support: &mut Support,
) -> Res<String> {
    let compute = format!("{name}_value");
    let f = Function {
        name: compute.clone(),
        params: Vec::new(),
        body: vec![super::super::ir::Stmt::new(
            StmtKind::Return(Some(init.clone())),
            init.line,
        )],
        comments: Vec::new(),
        ..module.clone()
    };
    let computed = write(&f, &compute, ids, around, support)?.replacen("pub fn ", "fn ", 1);
    Ok(format!(
        "/// `{source_name}`: the module's value, computed at its first use (it reads nothing that changes).\n\
         pub fn {name}() -> js::Value {{\n    \
             thread_local! {{\n        static VALUE: js::Value = {compute}();\n    }}\n    \
             VALUE.with(js::Value::clone)\n\
         }}\n\n{computed}"
    ))
}

/// What a unit's functions may call and read besides their own locals.
pub struct Around<'a> {
    /// The project's functions, by name.
    pub callees: &'a Callees,
    /// The module's values computed at their first use, by name
    /// ([`crate::engine::Context::values`]): each read through the
    /// function of its name that [`module_value`] writes.
    pub values: &'a HashSet<String>,
}

struct Writer<'a> {
    scopes: Scopes,
    /// The Rust name of each local.
    names: HashMap<LocalId, String>,
    /// Locals a nested function or lambda reads or assigns: shared cells.
    cells: HashSet<LocalId>,
    callees: &'a Callees,
    /// The module values the unit reads (see [`Around::values`]).
    values: &'a HashSet<String>,
    /// The unit's own function (by its IR name) and how it is called,
    /// which it may call.
    own: (String, Callee),
    /// Temporaries written so far, for fresh names.
    temps: usize,
    /// Functions of other modules whose signatures an import cycle leaves
    /// unknown (name, the cycle).
    cyclic: Vec<(String, String)>,
    /// The unit calls a function generic over `T: JsPrimitive` with
    /// values: `js::Value` needs the trait's impl.
    primitive: bool,
}

fn decline<T>(line: usize, what: impl std::fmt::Display) -> Res<T> {
    Err(Decline(format!("{what} at line {line}")))
}

/// A Rust string literal of `s`: its `Debug` form, escapes included, as
/// the typed backend writes one.
fn string_literal(s: &str) -> String {
    format!("{s:?}")
}

/// A Rust `f64` literal of `x`.
fn number_literal(x: f64) -> String {
    if x.is_nan() {
        "f64::NAN".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "f64::INFINITY"
        } else {
            "f64::NEG_INFINITY"
        }
        .into()
    } else {
        // `{:?}` writes the shortest digits that read back, with a `.` or
        // an exponent: a float literal.
        format!("{x:?}")
    }
}

fn num(x: f64) -> String {
    format!("js::Value::Num({})", number_literal(x))
}

/// Code calling the built-in function `path` (`isNaN`, `Math.max`,
/// `Object.keys`) with the values `xs` (code of `js::Value`s), giving a
/// `js::Value`; `None` for a function or a count of arguments it does not
/// take here.
fn builtin_call(path: &str, xs: &[String]) -> Option<String> {
    let one = |f: &str| match xs {
        [x] => Some(format!("{f}(&{x})")),
        _ => None,
    };
    let test = |f: &str| one(f).map(boolean);
    match (path, xs) {
        ("isNaN", _) => test("js::is_nan"),
        ("isFinite", _) => test("js::is_finite"),
        ("Array.isArray", _) => test("js::is_array"),
        ("parseFloat", _) => one("js::parse_float"),
        ("Object.keys", _) => one("js::keys"),
        ("Math.abs", _) => one("js::abs"),
        ("Math.ceil", _) => one("js::ceil"),
        ("Math.floor", _) => one("js::floor"),
        ("Math.round", _) => one("js::round"),
        ("Math.sqrt", _) => one("js::sqrt"),
        ("Math.trunc", _) => one("js::trunc"),
        ("parseInt", [x]) => Some(format!("js::parse_int(&{x}, None)")),
        ("parseInt", [x, radix]) => Some(format!("js::parse_int(&{x}, Some(&{radix}))")),
        ("Math.pow", [a, b]) => Some(format!("js::pow(&{a}, &{b})")),
        // Called through `call` with a receiver, which is never a symbol
        // here: JavaScript's `TypeError`.
        ("Symbol.prototype.toString" | "Symbol.prototype.valueOf", [x]) => {
            Some(format!("js::not_a_symbol(&{x}, {path:?})"))
        }
        _ => None,
    }
}

/// The body of a closure over `args` doing what the built-in function
/// `path` does, for a read of it as a value.
fn builtin_function(path: &str) -> Option<String> {
    let arg = |i: usize| format!("js::arg(args, {i})");
    match path {
        "Math.max" => Some("js::max(args)".into()),
        "Math.min" => Some("js::min(args)".into()),
        "parseInt" | "Math.pow" => builtin_call(path, &[arg(0), arg(1)]),
        _ => builtin_call(path, &[arg(0)]),
    }
}

/// Each argument's Rust string literal where it is a string literal, raw
/// where it can be (a pattern's backslashes read as written).
fn literals(args: &[Expr]) -> Vec<Option<String>> {
    args.iter()
        .map(|a| match &a.kind {
            ExprKind::Lit(Lit::Str(s)) if s.contains('\\') && !s.contains('"') => {
                Some(format!("r\"{s}\""))
            }
            ExprKind::Lit(Lit::Str(s)) => Some(string_literal(s)),
            _ => None,
        })
        .collect()
}

fn boolean(code: String) -> String {
    format!("js::Value::Bool({code})")
}

impl Writer<'_> {
    /// Gives every local its Rust name (snake case, and not a keyword),
    /// and finds the shared ones.
    fn name_locals(&mut self, f: &Function) -> Res<()> {
        let mut taken: HashMap<(ScopeId, String), LocalId> = HashMap::new();
        for (i, l) in self.scopes.locals.iter().enumerate() {
            let id = LocalId(i);
            let mut name = to_snake_case(&l.name);
            if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_alphanumeric()) {
                return decline(f.line, format!("name `{}`", l.name));
            }
            if Lang::Rust.keywords().contains(&name.as_str())
                || matches!(name.as_str(), "self" | "Self" | "super" | "crate" | "js")
            {
                name.push('_');
            }
            let scope = self.function_scope(l.scope);
            if let Some(other) = taken.insert((scope, name.clone()), id) {
                let other = &self.scopes.locals[other.0].name;
                return decline(
                    f.line,
                    format!("names `{other}` and `{}`, one name in Rust", l.name),
                );
            }
            if l.captured_by_function {
                self.cells.insert(id);
            }
            self.names.insert(id, name);
        }
        // A lambda's closure shares what it reads of the functions
        // around it too (the scopes mark only nested functions' reads).
        let mut lambdas = Vec::new();
        for_each_stmt(&f.body, true, &mut |s| {
            for_each_stmt_expr(s, |e| {
                for_each_expr(e, &mut |x| {
                    if let ExprKind::Lambda { params, body } = &x.kind {
                        lambdas.push((params.clone(), body.as_ref()));
                    }
                })
            })
        });
        // A function a nested function or lambda calls by name (a call
        // names its function by text, which the scopes do not resolve):
        // every local of the name is shared, which costs only a cell.
        let mut called = HashSet::new();
        let mut note_calls = |e: &Expr| {
            for_each_expr(e, &mut |x| {
                if let ExprKind::Call { func, .. } = &x.kind {
                    called.insert(func.clone());
                }
            })
        };
        for_each_stmt(&f.body, true, &mut |s| {
            if let StmtKind::Def(g) = &s.kind {
                for_each_stmt(&g.body, true, &mut |t| {
                    for_each_stmt_expr(t, &mut note_calls)
                });
            }
        });
        for (_, body) in &lambdas {
            note_calls(body);
        }
        for (i, l) in self.scopes.locals.iter().enumerate() {
            if called.contains(&l.name) {
                self.cells.insert(LocalId(i));
            }
        }
        for (params, body) in lambdas {
            let own: HashSet<LocalId> = params
                .iter()
                .filter_map(|(_, id)| self.local(*id))
                .collect();
            for_each_expr(body, &mut |x| {
                let id = match &x.kind {
                    ExprKind::Name(_) | ExprKind::AssignName { .. } => x.id,
                    _ => return,
                };
                let id = match &x.kind {
                    ExprKind::AssignName { id, .. } => *id,
                    _ => id,
                };
                if let Some(l) = self.scopes.local_id(id) {
                    if !own.contains(&l) {
                        self.cells.insert(l);
                    }
                }
            });
        }
        Ok(())
    }

    /// The function (or lambda) scope a scope belongs to.
    fn function_scope(&self, mut s: ScopeId) -> ScopeId {
        loop {
            let scope = &self.scopes.scopes[s.0];
            match (scope.kind, scope.parent) {
                (ScopeKind::Function | ScopeKind::Lambda, _) | (_, None) => return s,
                (_, Some(p)) => s = p,
            }
        }
    }

    fn temp(&mut self, what: &str) -> String {
        self.temps += 1;
        format!("{what}_{}", self.temps)
    }

    fn local(&self, id: super::super::ir::ExprId) -> Option<LocalId> {
        self.scopes.local_id(id)
    }

    fn name_of(&self, l: LocalId) -> &str {
        self.names.get(&l).map_or("_", String::as_str)
    }

    /// Reading local `l`.
    fn read(&self, l: LocalId) -> String {
        let n = self.name_of(l);
        if self.cells.contains(&l) {
            format!("js::load(&{n})")
        } else {
            format!("{n}.clone()")
        }
    }

    /// Storing `value` (code of a `js::Value`) in local `l`.
    fn store(&self, l: LocalId, value: &str) -> String {
        let n = self.name_of(l);
        if self.cells.contains(&l) {
            format!("js::store(&{n}, {value});")
        } else {
            format!("{n} = {value};")
        }
    }

    /// The top-level function.
    fn function(&mut self, f: &Function, name: &str, out: &mut Out) -> Res<()> {
        let scope = self
            .scopes
            .function_scope
            .get(&f.name)
            .copied()
            .unwrap_or(ScopeId(0));
        let mut params = Vec::new();
        // A rest parameter (JavaScript's `...xs`, or the one `arguments`
        // names) takes the caller's remaining arguments as a slice, made
        // an array where the function starts.
        let mut rest = None;
        for (i, p) in f.params.iter().enumerate() {
            if p.default.is_some() {
                return decline(p.line, format!("default of parameter `{}`", p.name));
            }
            let Some(l) = self.local(p.id) else {
                return decline(p.line, format!("parameter `{}`", p.name));
            };
            let n = self.name_of(l).to_string();
            if p.passing == super::super::ir::Passing::Rest {
                if i + 1 != f.params.len() {
                    return decline(p.line, format!("rest parameter `{}` not last", p.name));
                }
                params.push(format!("{n}: &[js::Value]"));
                rest = Some(l);
                continue;
            }
            let stored = self.scopes.locals[l.0].stores > 0;
            if self.cells.contains(&l) || !stored {
                params.push(format!("{n}: js::Value"));
            } else {
                params.push(format!("mut {n}: js::Value"));
            }
        }
        out.line("#[allow(unused_assignments, unused_mut)]");
        out.line(format!(
            "pub fn {}({}) -> js::Value {{",
            super::without_dollar(name),
            params.join(", ")
        ));
        out.depth += 1;
        if let Some(l) = rest {
            let n = self.name_of(l);
            let m = if self.scopes.locals[l.0].stores > 0 && !self.cells.contains(&l) {
                "mut "
            } else {
                ""
            };
            out.line(format!("let {m}{n} = js::array({n}.to_vec());"));
        }
        let param_locals: Vec<LocalId> = f.params.iter().filter_map(|p| self.local(p.id)).collect();
        self.prologue(scope, &param_locals, out);
        self.body(&f.body, out)?;
        out.depth -= 1;
        out.line("}");
        Ok(())
    }

    /// The declarations a function's (or lambda's) body starts with: its
    /// parameters made shared where a nested function uses them, then its
    /// locals, each `Null` (`undefined`) until assigned.
    fn prologue(&mut self, scope: ScopeId, params: &[LocalId], out: &mut Out) {
        for &l in params {
            if self.cells.contains(&l) {
                let n = self.name_of(l);
                out.line(format!("let {n} = js::cell({n});"));
            }
        }
        let mut locals: Vec<LocalId> = (0..self.scopes.locals.len())
            .map(LocalId)
            .filter(|l| {
                let local = &self.scopes.locals[l.0];
                !local.is_param && self.function_scope(local.scope) == scope
            })
            .collect();
        locals.sort_by_key(|l| l.0);
        for l in locals {
            let n = self.name_of(l);
            if self.cells.contains(&l) {
                out.line(format!("let {n} = js::cell(js::Value::Undefined);"));
            } else {
                out.line(format!("let mut {n} = js::Value::Undefined;"));
            }
        }
    }

    /// A function's body, ending with `undefined` where it may run off
    /// its end. Nested function declarations come first: JavaScript binds
    /// them before the body runs.
    fn body(&mut self, body: &Block, out: &mut Out) -> Res<()> {
        for s in body {
            if let StmtKind::Def(g) = &s.kind {
                self.nested(g, out)?;
            }
        }
        let rest: Vec<_> = body
            .iter()
            .filter(|s| !matches!(s.kind, StmtKind::Def(_)))
            .cloned()
            .collect();
        self.block(&rest, out)?;
        if !rest.last().is_some_and(|s| ends(&s.kind)) {
            out.line("js::Value::Undefined");
        }
        Ok(())
    }

    fn block(&mut self, b: &Block, out: &mut Out) -> Res<()> {
        for s in b {
            out.rust_comments(&s.comments.before);
            self.stmt(s, out)?;
            out.rust_comments(&s.comments.after);
        }
        Ok(())
    }

    fn stmt(&mut self, s: &super::super::ir::Stmt, out: &mut Out) -> Res<()> {
        let line = s.line;
        match &s.kind {
            StmtKind::Assign { target, value } => {
                let v = self.expr(value)?;
                self.assign(target, v, line, out)?;
            }
            StmtKind::AugAssign { target, op, value } => match target {
                Target::Name { id, name } => {
                    let Some(l) = self.local(*id) else {
                        return decline(line, format!("assignment to `{name}`, not a local"));
                    };
                    let v = self.expr(value)?;
                    let r = self.binary(*op, &self.read(l), &v, line)?;
                    out.line(self.store(l, &r));
                }
                Target::Index {
                    value: o, index, ..
                } => {
                    let o = self.expr(o)?;
                    let k = self.expr(index)?;
                    let v = self.expr(value)?;
                    let (to, tk) = (self.temp("object"), self.temp("key"));
                    let r = self.binary(*op, &format!("js::get(&{to}, &{tk})"), &v, line)?;
                    out.line("{");
                    out.depth += 1;
                    out.line(format!("let {to} = {o};"));
                    out.line(format!("let {tk} = {k};"));
                    out.line(format!("let value = {r};"));
                    out.line(format!("js::set(&{to}, &{tk}, value);"));
                    out.depth -= 1;
                    out.line("}");
                }
                Target::Attr { value: o, name } => {
                    let o = self.expr(o)?;
                    let v = self.expr(value)?;
                    let to = self.temp("object");
                    let key = string_literal(name);
                    let r = self.binary(*op, &format!("js::get_named(&{to}, {key})"), &v, line)?;
                    out.line("{");
                    out.depth += 1;
                    out.line(format!("let {to} = {o};"));
                    out.line(format!("let value = {r};"));
                    out.line(format!("js::set_named(&{to}, {key}, value);"));
                    out.depth -= 1;
                    out.line("}");
                }
                Target::Tuple(_) => return decline(line, "destructuring assignment"),
            },
            StmtKind::If { branches, orelse } => {
                for (i, (test, body)) in branches.iter().enumerate() {
                    let c = self.cond(test)?;
                    if i == 0 {
                        out.line(format!("if {c} {{"));
                    } else {
                        out.line(format!("}} else if {c} {{"));
                    }
                    out.depth += 1;
                    self.block(body, out)?;
                    out.depth -= 1;
                }
                if !orelse.is_empty() {
                    out.line("} else {");
                    out.depth += 1;
                    self.block(orelse, out)?;
                    out.depth -= 1;
                }
                out.line("}");
            }
            StmtKind::While { test, body } => {
                let c = self.cond(test)?;
                out.line(format!("while {c} {{"));
                out.depth += 1;
                self.block(body, out)?;
                out.depth -= 1;
                out.line("}");
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                if !orelse.is_empty() {
                    return decline(line, "`for` with `else`");
                }
                self.for_loop(target, iter, body, line, out)?;
            }
            StmtKind::Return(value) => {
                let v = match value {
                    Some(v) => self.expr(v)?,
                    None => "js::Value::Undefined".to_string(),
                };
                out.line(format!("return {v};"));
            }
            StmtKind::Break => out.line("break;"),
            StmtKind::Continue => out.line("continue;"),
            StmtKind::Pass => {}
            StmtKind::Expr(e) => {
                let v = self.expr(e)?;
                out.line(format!("{v};"));
            }
            StmtKind::Def(g) => return decline(g.line, "function declared inside a block"),
            StmtKind::Fail { kind, message } => {
                let what = match kind {
                    super::super::ir::ErrorKind::TypeError => "TypeError",
                    super::super::ir::ErrorKind::RangeError => "RangeError",
                    _ => "Error",
                };
                let text = match message {
                    Some(m) if !m.is_empty() => format!("{what}: {m}"),
                    _ => what.to_string(),
                };
                out.line(format!("panic!(\"{{}}\", {});", string_literal(&text)));
            }
            StmtKind::Assert(..) => return decline(line, "`assert`"),
            StmtKind::Yield { .. } => return decline(line, "`yield`"),
            StmtKind::Try { .. } => return decline(line, "`try`"),
        }
        Ok(())
    }

    fn assign(&mut self, target: &Target, value: String, line: usize, out: &mut Out) -> Res<()> {
        match target {
            Target::Name { name, id } => {
                let Some(l) = self.local(*id) else {
                    return decline(line, format!("assignment to `{name}`, not a local"));
                };
                out.line(self.store(l, &value));
            }
            Target::Index {
                value: o, index, ..
            } => {
                let o = self.borrowed(o)?;
                let k = self.borrowed(index)?;
                out.line(format!("js::set(&{o}, &{k}, {value});"));
            }
            Target::Attr { value: o, name } => {
                let o = self.borrowed(o)?;
                out.line(format!(
                    "js::set_named(&{o}, {}, {value});",
                    string_literal(name)
                ));
            }
            Target::Tuple(_) => return decline(line, "destructuring assignment"),
        }
        Ok(())
    }

    fn for_loop(
        &mut self,
        target: &Target,
        iter: &Expr,
        body: &Block,
        line: usize,
        out: &mut Out,
    ) -> Res<()> {
        let Target::Name { id, name } = target else {
            return decline(line, "destructuring loop target");
        };
        let Some(l) = self.local(*id) else {
            return decline(line, format!("loop variable `{name}`"));
        };
        match &iter.kind {
            // A counting loop: the frontend proved the bound unchanged and
            // the step a constant.
            ExprKind::Builtin {
                op: Builtin::Range,
                args,
                keywords,
            } if keywords.is_empty() => {
                let (start, stop, step) = match args.as_slice() {
                    [stop] => (num(0.0), self.expr(stop)?, 1.0),
                    [start, stop] => (self.expr(start)?, self.expr(stop)?, 1.0),
                    [start, stop, step] => {
                        let Some(step) = literal_number(step) else {
                            return decline(line, "loop step that is not a constant");
                        };
                        (self.expr(start)?, self.expr(stop)?, step)
                    }
                    _ => return decline(line, "`range` with these arguments"),
                };
                if step == 0.0 {
                    return decline(line, "loop step of zero");
                }
                let (k, end) = (self.temp("k"), self.temp("end"));
                let cmp = if step > 0.0 { "<" } else { ">" };
                out.line("{");
                out.depth += 1;
                out.line(format!("let mut {k} = js::to_number(&{start});"));
                out.line(format!("let {end} = js::to_number(&{stop});"));
                out.line(format!("while {k} {cmp} {end} {{"));
                out.depth += 1;
                out.line(self.store(l, &format!("js::Value::Num({k})")));
                out.line(format!("{k} += {};", number_literal(step)));
                self.block(body, out)?;
                out.depth -= 1;
                out.line("}");
                out.depth -= 1;
                out.line("}");
            }
            // `for (k in o)`: the keys, read before the loop.
            ExprKind::Builtin {
                op: Builtin::JsKeysIn,
                args,
                ..
            } if args.len() == 1 => {
                let o = self.borrowed(&args[0])?;
                let k = self.temp("key");
                out.line(format!("for {k} in js::keys_in(&{o}) {{"));
                out.depth += 1;
                out.line(self.store(l, &k));
                self.block(body, out)?;
                out.depth -= 1;
                out.line("}");
            }
            // `for (x of xs)`: an array's items as the loop reaches them
            // (one the body pushes is visited), a string's code points.
            _ => {
                let xs = self.expr(iter)?;
                let (it, at) = (self.temp("iterable"), self.temp("at"));
                out.line("{");
                out.depth += 1;
                out.line(format!("let {it} = {xs};"));
                out.line(format!("let mut {at} = 0;"));
                let item = self.temp("item");
                out.line(format!(
                    "while let Some({item}) = js::next_of(&{it}, &mut {at}) {{"
                ));
                out.depth += 1;
                out.line(self.store(l, &item));
                self.block(body, out)?;
                out.depth -= 1;
                out.line("}");
                out.depth -= 1;
                out.line("}");
            }
        }
        Ok(())
    }

    /// A nested function declaration: its local holds the closure.
    fn nested(&mut self, g: &Function, out: &mut Out) -> Res<()> {
        let Some(&scope) = self.scopes.function_scope.get(&g.name) else {
            return decline(g.line, format!("nested function `{}`", g.name));
        };
        // The binding of its name in the function around it.
        let parent = self.scopes.scopes[scope.0].parent;
        let Some(l) = parent.and_then(|p| self.scopes.scopes[p.0].names.get(&g.name).copied())
        else {
            return decline(g.line, format!("nested function `{}`", g.name));
        };
        let params: Vec<LocalId> = match self.scopes.function_params.get(&g.name) {
            Some(ps) => ps.clone(),
            None => return decline(g.line, format!("nested function `{}`", g.name)),
        };
        for p in &g.params {
            if p.default.is_some() {
                return decline(
                    p.line,
                    format!("parameter `{}` of a nested function", p.name),
                );
            }
        }
        out.rust_comments(&g.comments);
        let rest = g
            .params
            .last()
            .is_some_and(|p| p.passing == super::super::ir::Passing::Rest);
        let closure = self.closure(scope, &params, rest, |w, out| w.body(&g.body, out))?;
        out.line(self.store(l, &closure.join("\n")));
        Ok(())
    }

    /// A closure taking the arguments slice: `params` bound from it, the
    /// shared locals it uses cloned into it, then what `body` writes.
    fn closure(
        &mut self,
        scope: ScopeId,
        params: &[LocalId],
        rest: bool,
        body: impl FnOnce(&mut Self, &mut Out) -> Res<()>,
    ) -> Res<Vec<String>> {
        let mut inner = Out {
            depth: 2,
            ..Out::default()
        };
        for (i, &p) in params.iter().enumerate() {
            let n = self.name_of(p).to_string();
            let stored = self.scopes.locals[p.0].stores > 0;
            let m = if stored && !self.cells.contains(&p) {
                "mut "
            } else {
                ""
            };
            if rest && i + 1 == params.len() {
                inner.line(format!(
                    "let {m}{n} = js::array(args.get({i}..).unwrap_or_default().to_vec());"
                ));
            } else {
                inner.line(format!("let {m}{n} = js::arg(args, {i});"));
            }
        }
        self.prologue(scope, params, &mut inner);
        body(self, &mut inner)?;
        split_lines(&mut inner);
        // The shared locals of the functions around it that it uses.
        let mut captured: Vec<LocalId> = self
            .cells
            .iter()
            .copied()
            .filter(|l| self.function_scope(self.scopes.locals[l.0].scope) != scope)
            .filter(|l| {
                let n = self.name_of(*l);
                inner.lines.iter().any(|(_, t)| mentions(t, n))
            })
            .collect();
        captured.sort_by_key(|l| l.0);
        let mut lines = vec!["{".to_string()];
        for l in captured {
            let n = self.name_of(l);
            lines.push(format!("    let {n} = {n}.clone();"));
        }
        lines.push("    js::func(move |args: &[js::Value]| {".to_string());
        let rendered = inner.render("    ");
        lines.extend(rendered.lines().map(str::to_string));
        lines.push("    })".to_string());
        lines.push("}".to_string());
        Ok(lines)
    }

    /// A condition, as Rust `bool` code.
    fn cond(&mut self, e: &Expr) -> Res<String> {
        Ok(match &e.kind {
            ExprKind::Compare { first, rest } => self.compare(first, rest, e.line)?,
            ExprKind::Not(x, _) => format!("!({})", self.cond(x)?),
            ExprKind::Lit(Lit::Bool(b)) => b.to_string(),
            ExprKind::Logic { op, operands, sem } if sem.truthiness != Truthiness::Python => {
                let parts: Res<Vec<String>> = operands
                    .iter()
                    .map(|o| self.cond(o).map(|c| format!("({c})")))
                    .collect();
                let sym = match op {
                    LogicOp::And => " && ",
                    LogicOp::Or => " || ",
                };
                parts?.join(sym)
            }
            ExprKind::TypeIs { value, kind, .. } => self.type_is(value, *kind)?,
            _ => format!("js::truthy(&{})", self.expr(e)?),
        })
    }

    fn type_is(&mut self, value: &Expr, kind: TypeKind) -> Res<String> {
        let v = self.borrowed(value)?;
        Ok(format!("js::is_typeof(&{v}, {:?})", kind.js_name()))
    }

    fn compare(&mut self, first: &Expr, rest: &[(CmpOp, Expr)], line: usize) -> Res<String> {
        let [(op, second)] = rest else {
            return decline(line, "chained comparison");
        };
        let a = self.borrowed(first)?;
        let b = self.borrowed(second)?;
        let f = match op {
            CmpOp::Eq(EqSem::Identity) => "js::strict_eq",
            CmpOp::NotEq(EqSem::Identity) => return Ok(format!("!js::strict_eq(&{a}, &{b})")),
            CmpOp::Eq(EqSem::Loose) => "js::loose_eq",
            CmpOp::NotEq(EqSem::Loose) => return Ok(format!("!js::loose_eq(&{a}, &{b})")),
            // `xs.includes(x)`, `s.includes(t)`.
            CmpOp::In => return Ok(format!("js::includes(&{b}, &{a})")),
            CmpOp::NotIn => return Ok(format!("!js::includes(&{b}, &{a})")),
            CmpOp::Lt => "js::lt",
            CmpOp::LtE => "js::le",
            CmpOp::Gt => "js::gt",
            CmpOp::GtE => "js::ge",
            _ => return decline(line, "comparison"),
        };
        Ok(format!("{f}(&{a}, &{b})"))
    }

    /// An expression as Rust code to borrow (`&` before it): a local not
    /// shared with a closure as itself, anything else as [`Writer::expr`].
    fn borrowed(&mut self, e: &Expr) -> Res<String> {
        if let ExprKind::Name(_) = e.kind {
            if let Some(l) = self.local(e.id) {
                if !self.cells.contains(&l) {
                    return Ok(self.name_of(l).to_string());
                }
            }
        }
        self.expr(e)
    }

    /// An expression, as Rust code of an owned `js::Value`.
    fn expr(&mut self, e: &Expr) -> Res<String> {
        let line = e.line;
        Ok(match &e.kind {
            ExprKind::Lit(lit) => match lit {
                Lit::Int(i) => num(*i as f64),
                Lit::Float(x) => num(*x),
                Lit::Str(s) => format!("js::Value::from({})", string_literal(s)),
                Lit::Bool(b) => format!("js::Value::Bool({b})"),
                Lit::None => "js::Value::Undefined".to_string(),
            },
            ExprKind::Name(name) => match self.local(e.id) {
                Some(l) => self.read(l),
                None => self.function_value(name, line)?,
            },
            ExprKind::Unary(op, x) => {
                let x = self.borrowed(x)?;
                let f = match op {
                    UnOp::Neg => "js::neg",
                    UnOp::Pos => "js::plus",
                    UnOp::BitNot => "js::bit_not",
                };
                format!("{f}(&{x})")
            }
            ExprKind::Not(..) | ExprKind::Compare { .. } | ExprKind::TypeIs { .. } => {
                boolean(self.cond(e)?)
            }
            ExprKind::Binary(op, a, b) => {
                let a = self.borrowed(a)?;
                let b = self.borrowed(b)?;
                self.binary(*op, &a, &b, line)?
            }
            ExprKind::Logic { op, operands, sem } => {
                if sem.truthiness != Truthiness::JavaScript || !sem.yields_operand {
                    return decline(line, "`&&`/`||` of this kind");
                }
                self.logic(*op, operands)?
            }
            ExprKind::IfElse {
                test, then, orelse, ..
            } => {
                let c = self.cond(test)?;
                let a = self.expr(then)?;
                let b = self.expr(orelse)?;
                format!("if {c} {{ {a} }} else {{ {b} }}")
            }
            ExprKind::Call { func, args } => self.call(func, args, e, line)?,
            ExprKind::Builtin { op, args, keywords } => {
                if !keywords.is_empty() {
                    return decline(line, "built-in with keyword arguments");
                }
                self.builtin(*op, args, line)?
            }
            ExprKind::Method {
                recv,
                method,
                args,
                keywords,
            } => {
                if !keywords.is_empty() {
                    return decline(line, "method with keyword arguments");
                }
                self.method(recv, *method, args, line)?
            }
            ExprKind::Index { value, index, .. } => {
                let v = self.borrowed(value)?;
                let i = self.borrowed(index)?;
                format!("js::get(&{v}, &{i})")
            }
            ExprKind::Slice {
                value,
                lower,
                upper,
                step,
                sem,
            } => {
                if step.is_some() || !sem.clamps || !sem.negative_from_end {
                    return decline(line, "slice of this kind");
                }
                let v = self.borrowed(value)?;
                let lo = match lower {
                    Some(x) => format!("Some(&{})", self.expr(x)?),
                    None => "None".into(),
                };
                let hi = match upper {
                    Some(x) => format!("Some(&{})", self.expr(x)?),
                    None => "None".into(),
                };
                format!("js::slice(&{v}, {lo}, {hi})")
            }
            ExprKind::List(items) => {
                let items = self.items(items, line)?;
                format!("js::array(vec![{}])", items.join(", "))
            }
            ExprKind::Object(props) => {
                let mut ps = Vec::new();
                for (k, v) in props {
                    ps.push(format!("({}, {})", string_literal(k), self.expr(v)?));
                }
                format!("js::object(vec![{}])", ps.join(", "))
            }
            ExprKind::Prop {
                value,
                name,
                optional,
            } => {
                let v = self.expr(value)?;
                let key = string_literal(name);
                if *optional {
                    let t = self.temp("object");
                    format!(
                        "{{ let {t} = {v}; if js::is_nullish(&{t}) {{ js::Value::Undefined }} else {{ js::get_named(&{t}, {key}) }} }}"
                    )
                } else {
                    format!("js::get_named(&{v}, {key})")
                }
            }
            ExprKind::Format(parts) => {
                let mut pieces = Vec::new();
                for p in parts {
                    match p {
                        super::super::ir::FormatPart::Text(t) => pieces.push(string_literal(t)),
                        super::super::ir::FormatPart::Value { expr, spec: None } => {
                            pieces.push(format!("js::to_string(&{})", self.expr(expr)?))
                        }
                        super::super::ir::FormatPart::Value { .. } => {
                            return decline(line, "format spec")
                        }
                    }
                }
                format!(
                    "js::Value::from([{}].concat())",
                    pieces
                        .iter()
                        .map(|p| if p.starts_with('"') {
                            format!("{p}.to_string()")
                        } else {
                            p.clone()
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            ExprKind::Lambda { params, body } => {
                let Some(first) = params.first() else {
                    return self.lambda_without_params(body);
                };
                let Some(p0) = self.local(first.1) else {
                    return decline(line, "lambda");
                };
                let scope = self.scopes.locals[p0.0].scope;
                let ls: Res<Vec<LocalId>> = params
                    .iter()
                    .map(|(n, id)| {
                        self.local(*id).ok_or_else(|| {
                            Decline(format!("lambda parameter `{n}` at line {line}"))
                        })
                    })
                    .collect();
                let ls = ls?;
                let body = body.clone();
                let lines = self.closure(scope, &ls, false, |w, out| {
                    let v = w.expr(&body)?;
                    out.line(v);
                    Ok(())
                })?;
                lines.join("\n")
            }
            ExprKind::AssignName {
                id,
                name,
                value,
                old,
                numeric,
            } => {
                let Some(l) = self.local(*id) else {
                    return decline(line, format!("assignment to `{name}`, not a local"));
                };
                let mut s = String::from("{ ");
                if *numeric {
                    let _ = write!(
                        s,
                        "{} ",
                        self.store(l, &format!("js::plus(&{})", self.read(l)))
                    );
                }
                let v = self.expr(value)?;
                if *old {
                    let t = self.temp("old");
                    let _ = write!(
                        s,
                        "let {t} = {}; {} {t} }}",
                        self.read(l),
                        self.store(l, &v)
                    );
                } else {
                    let t = self.temp("value");
                    let _ = write!(
                        s,
                        "let {t} = {v}; {} {t} }}",
                        self.store(l, &format!("{t}.clone()"))
                    );
                }
                s
            }
            ExprKind::Spread(_) => return decline(line, "spread"),
            ExprKind::Tuple(_) => return decline(line, "tuple"),
            ExprKind::Set(_) => return decline(line, "`Set`"),
            ExprKind::Dict(_) => return decline(line, "`Map`"),
            ExprKind::Comprehension { .. } => return decline(line, "comprehension"),
            ExprKind::Attr { .. }
            | ExprKind::ClassAttr { .. }
            | ExprKind::Variant { .. }
            | ExprKind::CallMethod { .. }
            | ExprKind::CallStatic { .. }
            | ExprKind::New { .. }
            | ExprKind::Super { .. } => return decline(line, "class"),
            ExprKind::ErrorMessage(_) => return decline(line, "error message"),
        })
    }

    /// A lambda without parameters: a closure ignoring its arguments.
    fn lambda_without_params(&mut self, body: &Expr) -> Res<String> {
        // Its scope is the one its body's names are resolved in; with no
        // parameter to find it by, only a body that binds nothing of its
        // own is written.
        let body = body.clone();
        let here = ScopeId(usize::MAX);
        let lines = self.closure(here, &[], false, |w, out| {
            let v = w.expr(&body)?;
            out.line(v);
            Ok(())
        })?;
        Ok(lines.join("\n"))
    }

    fn items(&mut self, items: &[Expr], line: usize) -> Res<Vec<String>> {
        items
            .iter()
            .map(|i| match i.kind {
                ExprKind::Spread(_) => decline(line, "spread"),
                _ => self.expr(i),
            })
            .collect()
    }

    fn logic(&mut self, op: LogicOp, operands: &[Expr]) -> Res<String> {
        let Some((last, init)) = operands.split_last() else {
            return Ok("js::Value::Undefined".into());
        };
        let mut acc = self.expr(last)?;
        for o in init.iter().rev() {
            // A bool decides as itself: `a < b && c` is `false` or `c`.
            if is_bool_valued(o) {
                let c = self.cond(o)?;
                acc = match op {
                    LogicOp::And => format!("if {c} {{ {acc} }} else {{ js::Value::Bool(false) }}"),
                    LogicOp::Or => format!("if {c} {{ js::Value::Bool(true) }} else {{ {acc} }}"),
                };
                continue;
            }
            let v = self.expr(o)?;
            let t = self.temp("operand");
            acc = match op {
                LogicOp::And => {
                    format!("{{ let {t} = {v}; if js::truthy(&{t}) {{ {acc} }} else {{ {t} }} }}")
                }
                LogicOp::Or => {
                    format!("{{ let {t} = {v}; if js::truthy(&{t}) {{ {t} }} else {{ {acc} }} }}")
                }
            };
        }
        Ok(acc)
    }

    fn binary(&self, op: BinOp, a: &str, b: &str, line: usize) -> Res<String> {
        let f = match op {
            BinOp::Add(OperandSem::Coercing) => "js::add",
            // `++`: numbers only, its operand converted first.
            BinOp::Add(OperandSem::Numeric) => "js::add_numbers",
            BinOp::Sub => "js::sub",
            BinOp::Mul(OperandSem::Numeric) => "js::mul",
            BinOp::Div(DivSem::Number) => "js::div",
            BinOp::Rem(Rounding::Trunc) => "js::rem",
            BinOp::Pow => "js::pow",
            BinOp::BitAnd => "js::bit_and",
            BinOp::BitOr => "js::bit_or",
            BinOp::BitXor => "js::bit_xor",
            BinOp::Shl => "js::shl",
            BinOp::Shr => "js::shr",
            _ => return decline(line, "operator of this kind"),
        };
        Ok(format!("{f}(&{a}, &{b})"))
    }

    /// A top-level function named as a value: a closure calling it.
    fn function_value(&mut self, name: &str, line: usize) -> Res<String> {
        if self.values.contains(name) {
            return Ok(format!("{}()", rust_fn_name(name)));
        }
        let Some(callee) = self.callee_of(name) else {
            return decline(line, format!("name `{name}` from outside the function"));
        };
        let args: Vec<String> = (0..callee.params.len())
            .map(|i| format!("js::arg(args, {i})"))
            .collect();
        let call = if callee.variadic() {
            let fixed = &args[..callee.params.len() - 1];
            let at = fixed.len();
            format!(
                "{}({}{}args.get({at}..).unwrap_or_default())",
                rust_fn_name(name),
                fixed.join(", "),
                if fixed.is_empty() { "" } else { ", " }
            )
        } else {
            self.converted(name, &callee, args, &[], None, line)?
        };
        Ok(format!("js::func(|args: &[js::Value]| {call})"))
    }

    /// The function the IR calls `name`: the unit's own, or the
    /// project's.
    fn callee_of(&self, name: &str) -> Option<Callee> {
        if name == self.own.0 {
            return Some(self.own.1.clone());
        }
        self.callees.get(name).cloned()
    }

    /// A call of `callee` (named `func`) with `args` (code of values),
    /// each converted to the type it takes and the result to a value. A
    /// generic's type parameters are `js::Value`; a parameter of a Rust
    /// type takes a value of that kind only (`js::as_number` panics on
    /// another, where the callee's translation assumed its type).
    #[allow(clippy::too_many_arguments)]
    fn converted(
        &mut self,
        func: &str,
        callee: &Callee,
        mut args: Vec<String>,
        arities: &[Option<usize>],
        spread: Option<String>,
        line: usize,
    ) -> Res<String> {
        // A rest parameter takes what is left, as a slice.
        if callee.variadic() {
            let fixed = callee.params.len() - 1;
            if spread.is_some() && args.len() < fixed {
                return decline(
                    line,
                    format!("call of `{func}` spreading into its named parameters"),
                );
            }
            let extra = args.split_off(fixed.min(args.len()));
            while args.len() < fixed {
                args.push("js::Value::Undefined".into());
            }
            args.push(match spread {
                Some(xs) => format!("&js::spread(vec![{}], &{xs})", extra.join(", ")),
                None => format!("&[{}]", extra.join(", ")),
            });
            return Ok(format!("{}({})", rust_fn_name(func), args.join(", ")));
        }
        // A spread into named parameters (`f.apply(null, xs)`): the
        // arguments gathered, each parameter given its by position
        // (`undefined` past the end, extra ones dropped, as JavaScript
        // does).
        if let Some(xs) = spread {
            let gathered = format!("js::spread(vec![{}], &{xs})", args.join(", "));
            let by_position = (0..callee.params.len())
                .map(|i| format!("js::arg(&spread_args, {i})"))
                .collect();
            let call = self.converted(func, callee, by_position, arities, None, line)?;
            return Ok(format!("{{ let spread_args = {gathered}; {call} }}"));
        }
        if args.len() > callee.params.len() {
            return decline(
                line,
                format!(
                    "call of `{func}` with {} arguments for {}",
                    args.len(),
                    callee.params.len()
                ),
            );
        }
        while args.len() < callee.params.len() {
            args.push("js::Value::Undefined".into());
        }
        let var = |t: &str| -> Option<&Vec<String>> {
            callee.generics.iter().find(|(v, _)| v == t).map(|(_, b)| b)
        };
        for (_, bounds) in &callee.generics {
            for b in bounds {
                match b.as_str() {
                    "Clone" | "PartialEq" | "PartialOrd" => {}
                    "JsPrimitive" => self.primitive = true,
                    other => {
                        return decline(
                            line,
                            format!("call of `{func}`, generic over a type bound by `{other}`"),
                        )
                    }
                }
            }
        }
        // A `Vec` of values (or of a type parameter): its items.
        let values_of = |t: &str| {
            t.strip_prefix("Vec<")
                .and_then(|t| t.strip_suffix('>'))
                .is_some_and(|i| i == "js::Value" || var(i).is_some())
        };
        let mut cs = Vec::new();
        for (k, (t, a)) in callee.params.iter().zip(args).enumerate() {
            let inner = t.strip_prefix("Option<").and_then(|t| t.strip_suffix('>'));
            let c = match t.as_str() {
                "js::Value" => a,
                _ if var(t).is_some() => a,
                _ if inner.is_some_and(|i| i == "js::Value" || var(i).is_some()) => {
                    format!("js::option({a})")
                }
                // A copy of the array's items: the callee's translation
                // takes it by value. One that changes it (`mut array:
                // Vec<T>`) is declined: JavaScript's caller would see the
                // change, and a copy hides it.
                _ if (values_of(t) || inner.is_some_and(values_of))
                    && callee.changed.get(k).copied().unwrap_or(true) =>
                {
                    return decline(
                        line,
                        format!("call of `{func}`, which changes the array it takes"),
                    )
                }
                _ if values_of(t) => format!("js::as_vec(&{a})"),
                _ if inner.is_some_and(values_of) => format!("js::option_vec(&{a})"),
                _ if t.starts_with("impl Fn(") => {
                    let taken = arities.get(k).copied().flatten();
                    match closure_for(t, &a, taken, &|t: &str| var(t).is_some()) {
                        Some(c) => c,
                        None => {
                            return decline(
                                line,
                                format!("call of `{func}`, passing a function to `{t}`"),
                            )
                        }
                    }
                }
                "f64" => format!("js::as_number(&{a})"),
                "i64" => format!("js::as_i64(&{a})"),
                "bool" => format!("js::as_bool(&{a})"),
                "String" => format!("js::as_string(&{a})"),
                "&str" => format!("&js::as_string(&{a})"),
                _ => return decline(line, format!("call of `{func}`, which takes `{t}`")),
            };
            cs.push(c);
        }
        let call = format!("{}({})", rust_fn_name(func), cs.join(", "));
        let Some(ret) = &callee.ret else {
            return Ok(format!("{{ {call}; js::Value::Undefined }}"));
        };
        let inner = ret
            .strip_prefix("Option<")
            .and_then(|t| t.strip_suffix('>'));
        Ok(match ret.as_str() {
            "js::Value" => call,
            _ if var(ret).is_some() => call,
            _ if inner.is_some_and(|i| i == "js::Value" || var(i).is_some()) => {
                format!("js::from_option({call})")
            }
            "f64" => format!("js::Value::Num({call})"),
            "i64" => format!("js::Value::Num({call} as f64)"),
            "bool" => format!("js::Value::Bool({call})"),
            "String" => format!("js::Value::from({call})"),
            // A new array: no parameter gave the callee one it could hand
            // back (an array parameter holds items of another type).
            _ if values_of(ret) && !hands_back(ret, &callee.params) => {
                format!("js::array({call})")
            }
            _ => return decline(line, format!("call of `{func}`, which returns `{ret}`")),
        })
    }

    /// Call arguments: the values before a spread, and the spread's
    /// iterable where the last argument is one (`f(a, ...xs)`).
    fn arguments(&mut self, args: &[Expr], line: usize) -> Res<(Vec<String>, Option<String>)> {
        match args.split_last() {
            Some((
                Expr {
                    kind: ExprKind::Spread(xs),
                    ..
                },
                init,
            )) => {
                let fixed = self.items(init, line)?;
                let xs = self.borrowed(xs)?;
                Ok((fixed, Some(xs)))
            }
            _ => Ok((self.items(args, line)?, None)),
        }
    }

    fn call(&mut self, func: &str, args: &[Expr], e: &Expr, line: usize) -> Res<String> {
        // How many arguments a function passed by name takes (one of the
        // project's, with no rest parameter).
        let arities: Vec<Option<usize>> = args
            .iter()
            .map(|a| match &a.kind {
                ExprKind::Name(n) if self.scopes.locals.iter().all(|l| &l.name != n) => self
                    .callee_of(n)
                    .filter(|c| !c.variadic())
                    .map(|c| c.params.len()),
                _ => None,
            })
            .collect();
        let (args, spread) = self.arguments(args, line)?;
        // A local holding a function: a parameter, a nested function.
        let local = self
            .scopes
            .locals
            .iter()
            .enumerate()
            .filter(|(_, l)| l.name == func)
            .map(|(i, _)| LocalId(i))
            .collect::<Vec<_>>();
        let _ = e;
        if let [l] = local.as_slice() {
            let all = match spread {
                Some(xs) => format!("&js::spread(vec![{}], &{xs})", args.join(", ")),
                None => format!("&[{}]", args.join(", ")),
            };
            return Ok(format!("js::call(&{}, {all})", self.read(*l)));
        }
        if !local.is_empty() {
            return decline(
                line,
                format!("call of `{func}`, a name bound more than once"),
            );
        }
        if self.values.contains(func) {
            let all = match spread {
                Some(xs) => format!("&js::spread(vec![{}], &{xs})", args.join(", ")),
                None => format!("&[{}]", args.join(", ")),
            };
            return Ok(format!("js::call(&{}(), {all})", rust_fn_name(func)));
        }
        if func == super::super::front::javascript::CONSOLE_LOG {
            return decline(
                line,
                "`console.log` (node prints values its own way, `util.inspect`)",
            );
        }
        let Some(callee) = self.callee_of(func) else {
            if let Some((_, cycle)) = self.cyclic.iter().find(|(n, _)| n == func) {
                return decline(
                    line,
                    format!(
                        "call of `{func}`, whose signature the import cycle {cycle} leaves unknown"
                    ),
                );
            }
            return decline(line, format!("call of `{func}`, defined outside the unit"));
        };
        self.converted(func, &callee, args, &arities, spread, line)
    }

    fn builtin(&mut self, op: Builtin, args: &[Expr], line: usize) -> Res<String> {
        let vs = self.items(args, line)?;
        let one = |f: &str| -> Res<String> {
            match vs.as_slice() {
                [x] => Ok(format!("{f}(&{x})")),
                _ => decline(line, format!("`{op:?}` with {} arguments", vs.len())),
            }
        };
        Ok(match op {
            Builtin::Len => one("js::length")?,
            Builtin::ToStr => one("js::string_of")?,
            Builtin::ToNumber => one("js::number_of")?,
            Builtin::Floor => one("js::floor")?,
            Builtin::Ceil => one("js::ceil")?,
            Builtin::Abs => one("js::abs")?,
            Builtin::Sqrt => one("js::sqrt")?,
            Builtin::JsRound => one("js::round")?,
            Builtin::JsKeysIn => format!("js::array({})", one("js::keys_in")?),
            Builtin::JsItem => match vs.as_slice() {
                [xs, i] => format!("js::get(&{xs}, &{i})"),
                _ => return decline(line, "item read"),
            },
            Builtin::JsHasOwn => match vs.as_slice() {
                [o, k] => boolean(format!("js::has_own(&{o}, &{k})")),
                _ => return decline(line, "`hasOwnProperty`"),
            },
            Builtin::IsInstance => match (vs.as_slice(), args.get(1).map(|a| &a.kind)) {
                ([x, _], Some(ExprKind::Lit(Lit::Str(kinds)))) if kinds == "list,tuple" => {
                    boolean(format!("js::is_array(&{x})"))
                }
                // `x instanceof C` of JavaScript's `C`.
                ([x, _], Some(ExprKind::Lit(Lit::Str(kinds))))
                    if kinds.starts_with("instanceof ") =>
                {
                    let ctor = &kinds["instanceof ".len()..];
                    boolean(format!("js::instance_of(&{x}, {})", string_literal(ctor)))
                }
                _ => return decline(line, "type test"),
            },
            // Patterns and replacements arrive as literals in the portable
            // spelling, which the runtime's matcher reads.
            Builtin::RegexTest => match (vs.as_slice(), literals(args).as_slice()) {
                ([s, _], [_, Some(p)]) => boolean(format!("js::regex_test(&{s}, {p})")),
                _ => return decline(line, "a regular expression that is not a literal"),
            },
            Builtin::RegexSub => match (vs.as_slice(), literals(args).as_slice()) {
                ([s, ..], [_, Some(p), Some(r), _]) => {
                    let all = matches!(args[3].kind, ExprKind::Lit(Lit::Bool(true)));
                    format!("js::regex_replace(&{s}, {p}, {r}, {all})")
                }
                _ => return decline(line, "a regular expression that is not a literal"),
            },
            Builtin::RegexSplit => match (vs.as_slice(), literals(args).as_slice()) {
                ([s, _], [_, Some(p)]) => format!("js::regex_split(&{s}, {p})"),
                _ => return decline(line, "a regular expression that is not a literal"),
            },
            Builtin::JsTypeOf => one("js::type_of")?,
            Builtin::JsNull => "js::Value::Null".to_string(),
            Builtin::JsObjectTag => one("js::object_tag")?,
            Builtin::JsValueOf => one("js::value_of")?,
            Builtin::JsToObject => one("js::to_object")?,
            Builtin::JsArgumentList => one("js::argument_list")?,
            // A global function's call, or (with no argument) the function
            // itself as a value.
            Builtin::JsGlobal => match (vs.split_first(), args.first().map(|a| &a.kind)) {
                (Some((_, [])), Some(ExprKind::Lit(Lit::Str(f)))) => match builtin_function(f) {
                    Some(body) => format!("js::func(|args: &[js::Value]| {body})"),
                    None => return decline(line, format!("`{f}` as a value")),
                },
                (Some((_, xs)), Some(ExprKind::Lit(Lit::Str(f)))) => match builtin_call(f, xs) {
                    Some(call) => call,
                    None => return decline(line, format!("`{f}` with {} arguments", xs.len())),
                },
                _ => return decline(line, "a JavaScript global function"),
            },
            Builtin::JsUnsignedShr => match vs.as_slice() {
                [a, b] => format!("js::ushr(&{a}, &{b})"),
                _ => return decline(line, "operator `>>>`"),
            },
            Builtin::JsArray => one("js::new_array")?,
            Builtin::JsIn => match vs.as_slice() {
                [k, o] => boolean(format!("js::has_property(&{o}, &{k}, false)")),
                [k, o, _] => boolean(format!("js::has_property(&{o}, &{k}, true)")),
                _ => return decline(line, "`in`"),
            },
            Builtin::JsProtoSlice => match vs.as_slice() {
                [x] => format!("js::proto_slice(&{x}, None, None)"),
                [x, a] => format!("js::proto_slice(&{x}, Some(&{a}), None)"),
                [x, a, b] => format!("js::proto_slice(&{x}, Some(&{a}), Some(&{b}))"),
                _ => return decline(line, "`Array.prototype.slice`"),
            },
            Builtin::Min | Builtin::Max if args.len() != 1 => {
                let f = if op == Builtin::Min {
                    "js::min"
                } else {
                    "js::max"
                };
                format!("{f}(&[{}])", vs.join(", "))
            }
            Builtin::Random => {
                return decline(line, "random numbers (Rust's standard library has none)")
            }
            other => return decline(line, format!("`{}`", other.spelling())),
        })
    }

    fn method(&mut self, recv: &Expr, method: Method, args: &[Expr], line: usize) -> Res<String> {
        let r = self.borrowed(recv)?;
        let vs = self.items(args, line)?;
        Ok(match (method, vs.as_slice()) {
            (Method::Upper, []) => format!("js::to_upper_case(&{r})"),
            (Method::Lower, []) => format!("js::to_lower_case(&{r})"),
            (Method::Strip, []) => format!("js::trim(&{r})"),
            (Method::LStrip, []) => format!("js::trim_start(&{r})"),
            (Method::RStrip, []) => format!("js::trim_end(&{r})"),
            (Method::StartsWith, [x]) => boolean(format!("js::starts_with(&{r}, &{x})")),
            (Method::EndsWith, [x]) => boolean(format!("js::ends_with(&{r}, &{x})")),
            (Method::Find, [x]) => format!("js::index_of(&{r}, &{x})"),
            // `xs.join(sep)` is lowered as Python's `sep.join(xs)`.
            (Method::Join, [xs]) => format!("js::join(&{xs}, Some(&{r}))"),
            (Method::Append, [x]) => format!("js::push(&{r}, &[{x}])"),
            (Method::Pop, []) => format!("js::pop(&{r})"),
            // `shift()` is lowered as `pop(0)`.
            (Method::Pop, [_]) if matches!(args[0].kind, ExprKind::Lit(Lit::Int(0))) => {
                format!("js::shift(&{r})")
            }
            (Method::Split, [sep]) => format!("js::split(&{r}, &{sep})"),
            (m, _) => return decline(line, format!("method `{m:?}`")),
        })
    }
}

/// The Rust name of a top-level function the IR calls by `name`.
/// A closure for a callee's parameter of type `t` (`impl Fn(&T, i64,
/// &Option<Vec<T>>) -> U`) calling the function value `f`, which takes
/// `taken` arguments: each of the first `taken` converted to a value (a
/// type parameter's as it is, a number's as a number), the rest never read
/// (as JavaScript drops the arguments past a function's parameters), and
/// its result a type parameter's. `None` where `taken` is unknown or one of
/// those arguments, or the result, is of another type.
fn closure_for(
    t: &str,
    f: &str,
    taken: Option<usize>,
    is_var: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let taken = taken?;
    let inner = t.strip_prefix("impl Fn(")?;
    let (params, ret) = inner.rsplit_once(") -> ")?;
    if !is_var(ret.trim()) {
        return None;
    }
    let params = split_top(params);
    if taken > params.len() {
        return None;
    }
    let mut names = Vec::new();
    let mut values = Vec::new();
    for (i, p) in params.iter().enumerate() {
        names.push(format!("p{i}"));
        if i >= taken {
            continue;
        }
        let p = p.trim();
        values.push(match p.strip_prefix('&') {
            Some(v) if is_var(v) => format!("p{i}.clone()"),
            None if is_var(p) => format!("p{i}"),
            None if matches!(p, "i64" | "i32" | "usize" | "f64") => {
                format!("js::Value::from(p{i})")
            }
            _ => return None,
        });
    }
    Some(format!(
        "{{ let f = {f}; move |{}| js::call(&f, &[{}]) }}",
        names.join(", "),
        values.join(", ")
    ))
}

/// Whether a callee returning `ret` (`Vec<T>`) may hand back an array a
/// parameter gave it: one of `params` holds `ret`'s item type in a `Vec`.
fn hands_back(ret: &str, params: &[String]) -> bool {
    let item = ret
        .strip_prefix("Vec<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ret);
    params.iter().any(|p| p.contains(&format!("Vec<{item}>")))
}

fn rust_fn_name(name: &str) -> String {
    if Lang::Rust.keywords().contains(&name) {
        format!("r#{name}")
    } else {
        super::without_dollar(name).into_owned()
    }
}

/// Each line of `out` holding several (a closure written inside an
/// expression) made lines of their own at its depth, keeping their
/// indentation relative to it. The writer's string literals are escaped,
/// so a line break is always one of the code's.
fn split_lines(out: &mut Out) {
    let lines = std::mem::take(&mut out.lines);
    for (depth, text) in lines {
        for part in text.split('\n') {
            out.lines.push((depth, part.to_string()));
        }
    }
}

/// Whether an expression's value is always a bool (a comparison, a
/// negation, a type test).
fn is_bool_valued(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Compare { .. }
        | ExprKind::Not(..)
        | ExprKind::TypeIs { .. }
        | ExprKind::Lit(Lit::Bool(_)) => true,
        ExprKind::Logic { operands, .. } => operands.iter().all(is_bool_valued),
        _ => false,
    }
}

/// Whether a statement never falls through to the next.
fn ends(s: &StmtKind) -> bool {
    matches!(s, StmtKind::Return(_) | StmtKind::Fail { .. })
}

fn literal_number(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Lit(Lit::Int(i)) => Some(*i as f64),
        ExprKind::Lit(Lit::Float(x)) => Some(*x),
        ExprKind::Unary(UnOp::Neg, x) => literal_number(x).map(|v| -v),
        _ => None,
    }
}

/// Whether Rust code `text` mentions the identifier `name`.
fn mentions(text: &str, name: &str) -> bool {
    let bytes = text.as_bytes();
    let word = |b: u8| b == b'_' || b.is_ascii_alphanumeric();
    let mut from = 0;
    while let Some(at) = text[from..].find(name) {
        let start = from + at;
        let end = start + name.len();
        let before = start == 0 || !word(bytes[start - 1]);
        let after = end >= bytes.len() || !word(bytes[end]);
        if before && after {
            return true;
        }
        from = end;
    }
    false
}
