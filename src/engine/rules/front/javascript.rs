//! The JavaScript frontend: a tree-sitter-javascript syntax tree to the IR.
//!
//! It records what each operation means in JavaScript: `%` truncates, `/`
//! divides numbers as floats, `+` coerces a string operand, `===` compares
//! objects by identity, an index past the end reads `undefined` and a
//! negative one never counts from the end, conditions use JavaScript's
//! truthiness. A JavaScript number is lowered by what the source shows of
//! it: an integer literal is an integer (`Lit::Int`), a literal with a
//! fraction or exponent a float, and the analysis carries integrality
//! through arithmetic (`length`, `Math.floor`, integer `+ - *`), so a
//! number the analysis types as `int` is one it proved integral.
//!
//! High-level forms stay high-level: `for...of` is a for-each loop, a
//! counting `for (let i = a; i < b; i++)` whose bound and counter the body
//! leaves alone is a loop over a range, `map`/`filter` are comprehensions,
//! `some`/`every` are `any`/`all` of a generator, template literals are
//! format strings. JSDoc `@param`/`@returns` types are read as declared
//! types. Whatever it does not know it declines, naming the construct and
//! its line.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::super::ir::{
    for_each_child, for_each_stmt, for_each_stmt_expr, try_blocks, BinOp, Block, Builtin, Clause,
    CmpOp, CompKind, DivSem, EqSem, ErrorKind, Expr, ExprId, ExprKind, FloatTy, FormatPart,
    Function, Handler, Ids, IndexSem, IntTy, Lit, LogicOp, LogicSem, Method, OperandSem,
    OutOfRange, Param, Passing, Rounding, SliceSem, Stmt, StmtKind, Target, Truthiness, Ty,
    TypeKind, UnOp, BUILTIN_PROPERTIES,
};
use super::super::regex::{self, Regex};
use super::super::{named_children, text, Decline, Lines, Res};
pub use super::MODULE;
use super::{any_node, comment_lines, stray_comments, BlockComments};
use crate::engine::TranslationRequest;
use crate::lang::Lang;
use crate::units::SegmentKind;

pub(crate) mod known;
mod nullish;

use known::Known;

/// A unit, lowered: its functions.
pub struct Lowered {
    pub functions: Vec<Function>,
    /// Ids handed out, the size of the analysis's side tables.
    pub ids: Ids,
    /// The comments of a unit that defines nothing.
    pub comments: Vec<String>,
    /// Reads the frontend could not prove in range from the syntax alone:
    /// each holds if the analysis's types show what it needs, and the
    /// unit is declined otherwise (`javascript_gaps::obligations`).
    pub obligations: Vec<Obligation>,
    /// The top-level statements of a unit of glue (constants, calls), as
    /// the body of a function of no parameters that a backend writes at
    /// the top level of the module.
    pub module: Option<Function>,
}

/// A read of a string's first character that is in range when a value
/// has the type `need` says.
#[derive(Clone, Debug, PartialEq)]
pub struct Obligation {
    pub id: ExprId,
    pub need: Need,
    /// The decline, construct and line, when the type does not show it.
    pub decline: String,
}

/// `typeof x` compared with a string literal.
struct TypeofTest<'s> {
    /// `x`, as the IR names it.
    value: String,
    /// `x` as the source spells it, or the name declared as `typeof x`.
    source: &'s str,
    /// The string it is compared with.
    kind: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// The value (an item read from a string) is one character: its
    /// first character is itself.
    Char,
    /// The value is a number, whose `toString()` is never empty.
    Number,
}

const JS_LOGIC: LogicSem = LogicSem {
    truthiness: Truthiness::JavaScript,
    yields_operand: true,
};

/// `xs[i]`: `undefined` past either end, a negative index never counts
/// from the end.
pub const JS_INDEX: IndexSem = IndexSem {
    out_of_range: OutOfRange::Undefined,
    negative_from_end: false,
};

/// A store the front proved in range (see [`Front::fills_every_slot`]):
/// no index is negative nor past the end, so what either would do is
/// moot, and the target's own store means the same.
const IN_RANGE_STORE: IndexSem = IndexSem {
    out_of_range: OutOfRange::Raises,
    negative_from_end: false,
};

/// `xs.at(i)`: `undefined` past the ends, a negative index counts from the
/// end.
const JS_AT: IndexSem = IndexSem {
    out_of_range: OutOfRange::Undefined,
    negative_from_end: true,
};

/// `slice(a, b)`: bounds clipped to the ends, negative ones from the end
/// (as Python's slices).
const JS_SLICE: SliceSem = SliceSem {
    clamps: true,
    negative_from_end: true,
};

/// Names the JavaScript environment binds (the language's global objects
/// and functions, Node's and browsers' most common ones, and a function's
/// own `arguments`). Where neither the unit nor its module binds one, a
/// use as a plain value is the environment's, which no target has under
/// that name; calls the frontend knows (`Math.max`, `Boolean(x)`,
/// `JSON.stringify`) are lowered before they get here.
const JAVASCRIPT_GLOBALS: &[&str] = &[
    "AggregateError",
    "Array",
    "ArrayBuffer",
    "BigInt",
    "Boolean",
    "Buffer",
    "DataView",
    "Date",
    "Error",
    "EvalError",
    "Float32Array",
    "Float64Array",
    "Function",
    "Int16Array",
    "Int32Array",
    "Int8Array",
    "Intl",
    "JSON",
    "Map",
    "Math",
    "Number",
    "Object",
    "Promise",
    "Proxy",
    "RangeError",
    "ReferenceError",
    "Reflect",
    "RegExp",
    "Set",
    "String",
    "Symbol",
    "SyntaxError",
    "TypeError",
    "URIError",
    "Uint16Array",
    "Uint32Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "WeakMap",
    "WeakRef",
    "WeakSet",
    "arguments",
    "clearInterval",
    "clearTimeout",
    "console",
    "decodeURIComponent",
    "document",
    "encodeURIComponent",
    "exports",
    "global",
    "globalThis",
    "isFinite",
    "isNaN",
    "module",
    "navigator",
    "parseFloat",
    "parseInt",
    "process",
    "queueMicrotask",
    "require",
    "self",
    "setInterval",
    "setTimeout",
    "window",
];

/// The methods every JavaScript object inherits from Object.prototype.
const OBJECT_METHODS: &[&str] = &[
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
];

/// JavaScript's global functions that convert their argument, which a
/// target keeping JavaScript's values calls (see [`Builtin::JsGlobal`]).
pub const JS_GLOBAL_FUNCTIONS: &[&str] =
    &["Object.keys", "isFinite", "isNaN", "parseFloat", "parseInt"];

/// Whether `name` is one of JavaScript's constructors (`Date`,
/// `Uint8Array`), which `instanceof` may name: a global spelled with a
/// capital, less the namespaces and `Proxy`, whose `instanceof` throws.
fn is_builtin_constructor(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && JAVASCRIPT_GLOBALS.contains(&name)
        && !matches!(name, "Intl" | "JSON" | "Math" | "Reflect" | "Proxy")
}

/// The value of a module constant's literal (its text as the module
/// writes it: `'[object Null]'`, `9007199254740991`, `-1`, `true`,
/// `null`), read as the same literal inside a unit is (`unescape`,
/// `number_literal`), for a target with JavaScript's values; `None` for
/// a spelling the frontend declines there (a legacy octal literal or
/// escape, an integer past 2^53).
fn literal_constant(text: &str) -> Option<ExprKind> {
    let text = text.trim();
    Some(match text {
        "true" => ExprKind::Lit(Lit::Bool(true)),
        "false" => ExprKind::Lit(Lit::Bool(false)),
        "undefined" => ExprKind::Lit(Lit::None),
        "null" => ExprKind::Builtin {
            op: Builtin::JsNull,
            args: Vec::new(),
            keywords: Vec::new(),
        },
        // A folded constant (`1 / 0`, `0 / 0`; see `symbols`).
        "Infinity" => ExprKind::Lit(Lit::Float(f64::INFINITY)),
        "-Infinity" => ExprKind::Lit(Lit::Float(f64::NEG_INFINITY)),
        "NaN" => ExprKind::Lit(Lit::Float(f64::NAN)),
        _ if text.starts_with(['\'', '"']) => {
            let quote = text.chars().next()?;
            let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
            ExprKind::Lit(Lit::Str(unescape(inner)?))
        }
        _ => match text.strip_prefix('-') {
            Some(rest) => match number_literal(rest.trim()).ok()? {
                // `-0` is negative zero, which no integer is.
                ExprKind::Lit(Lit::Int(0)) => ExprKind::Lit(Lit::Float(-0.0)),
                ExprKind::Lit(Lit::Int(v)) => ExprKind::Lit(Lit::Int(-v)),
                ExprKind::Lit(Lit::Float(x)) => ExprKind::Lit(Lit::Float(-x)),
                _ => return None,
            },
            None => number_literal(text).ok()?,
        },
    })
}

/// A JavaScript number literal's value: an integer where it is one (hex,
/// octal, binary or decimal digits, `_` separators left out), else a
/// float; `Err` names what the frontend declines (a legacy octal literal,
/// an integer past 2^53, which a number no longer holds exactly).
pub(crate) fn number_literal(text: &str) -> Result<ExprKind, &'static str> {
    let t: String = text.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let radix = |p: &str, r| i128::from_str_radix(p, r).ok();
    let int = if let Some(h) = lower.strip_prefix("0x") {
        radix(h, 16)
    } else if let Some(o) = lower.strip_prefix("0o") {
        radix(o, 8)
    } else if let Some(b) = lower.strip_prefix("0b") {
        radix(b, 2)
    } else if lower.len() > 1 && lower.starts_with('0') && !lower.contains('.') {
        return Err("legacy octal literal");
    } else if lower.chars().all(|c| c.is_ascii_digit()) {
        lower.parse().ok()
    } else {
        None
    };
    if let Some(v) = int {
        // Beyond 2^53 a JavaScript number is no longer every integer.
        if v.abs() > 1 << 53 {
            return Err("integer literal beyond 2^53");
        }
        return Ok(ExprKind::Lit(Lit::Int(v)));
    }
    match lower.parse::<f64>() {
        Ok(v) => Ok(ExprKind::Lit(Lit::Float(v))),
        Err(_) => Err("number literal"),
    }
}

pub fn lower(req: &TranslationRequest) -> Res<Lowered> {
    lower_with(req, false)
}

/// As [`lower`], for a target that keeps JavaScript's values
/// (`back::rust_dynamic`): an object is a value like any other there, so
/// it may stand wherever a value may.
pub fn lower_dynamic(req: &TranslationRequest) -> Res<Lowered> {
    lower_with(req, true)
}

fn lower_with(req: &TranslationRequest, dynamic: bool) -> Res<Lowered> {
    if matches!(req.kind, SegmentKind::Method | SegmentKind::Field) {
        return Err(Decline(format!("class member at line {}", req.first_line)));
    }
    let src = super::super::without_bom(&req.source);
    let tree = crate::units::parse(src, Lang::JavaScript)
        .ok_or_else(|| Decline("source the JavaScript parser gave up on".into()))?;
    let root = tree.root_node();
    if root.has_error() {
        let at = crate::units::first_syntax_error(src, Lang::JavaScript)
            .map_or(req.first_line, |(p, _)| req.first_line + p.line - 1);
        return Err(Decline(format!("syntax error at line {at}")));
    }
    let mut fx = Front {
        src,
        lines: Lines::starting_at(req.first_line),
        ids: Ids::default(),
        blocks: Vec::new(),
        outer: Vec::new(),
        loops: 0,
        lengths: Vec::new(),
        shrinking: HashSet::new(),
        taken: HashSet::new(),
        length_names: Vec::new(),
        declared_strings: declared_strings(req),
        string_params: HashSet::new(),
        obligations: Vec::new(),
        number_texts: Vec::new(),
        // Only a Python target's spellings are expressions the backend
        // writes as they are (`sys.argv[1:]`).
        pending_defs: Vec::new(),
        caught: Vec::new(),
        non_null: Vec::new(),
        kept_empty_compares: HashSet::new(),
        typeof_names: Vec::new(),
        object_names: HashSet::new(),
        object_ok: false,
        dynamic,
        exact_empties: req.to == Lang::Rust && req.context.signature.is_none(),
        hoist: None,
        captured: HashSet::new(),
        in_range_stores: HashSet::new(),
        fills_down: req.to != Lang::Rust || dynamic,
        closure_assigned: HashSet::new(),
        variadic: req.to == Lang::Python || dynamic,
        signed: req.context.signature.is_some(),
        arguments_aliases: HashSet::new(),
        assigned_in_place: HashMap::new(),
        function_node: None,
        globals: if req.to == Lang::Python {
            req.context.names.iter().cloned().collect()
        } else {
            HashMap::new()
        },
        prototypes: HashMap::new(),
        regexes: HashMap::new(),
        constants: HashMap::new(),
        module_names: req.context.names.iter().map(|(n, _)| n.clone()).collect(),
    };
    fx.prototypes = unbound_aliases(root, src, &req.context.prototypes);
    fx.regexes = unbound_aliases(root, src, &req.context.regexes);
    fx.constants = unbound_aliases(root, src, &req.context.constants);
    // Every walk below recurses over the tree; one nested deeper than they
    // can follow is declined here, before any of them starts.
    if let Err(deep) = crate::depth::check(root) {
        return fx.decline(deep.node, deep.what());
    }
    let mut functions: Vec<Function> = Vec::new();
    let mut module: Option<Function> = None;
    let mut doc: Option<Node> = None;
    let mut cursor = root.walk();
    let items: Vec<Node> = root.named_children(&mut cursor).collect();
    // Comments before a function are its own (a JSDoc one types it too).
    let mut pending = Vec::new();
    for item in items {
        if item.kind() == "comment" {
            doc = Some(item).filter(|c| fx.t(*c).starts_with("/**"));
            pending.extend(comment_lines(fx.t(item)));
            continue;
        }
        let jsdoc = doc.take().map(|c| jsdoc(fx.t(c)));
        if item.kind() == "expression_statement"
            && named_children(item)
                .first()
                .is_some_and(|s| s.kind() == "string")
        {
            // `"use strict";` and other directives run nothing.
            continue;
        }
        if item.kind() == "empty_statement" {
            continue;
        }
        // `var slice = ArrayProto.slice`: the units that call it call the
        // built-in, and no unit reads it otherwise (see
        // [`Front::prototype_call`]), so the target has nothing to bind.
        if req.kind == SegmentKind::Glue && fx.declares_only_aliases(item) {
            continue;
        }
        match function_of(item) {
            Some((name, f)) => {
                let name = fx.t(name).to_string();
                let mut function = fx.function(&name, f, jsdoc.as_ref())?;
                if req.to == Lang::Python {
                    let fewest = req.context.omissible.iter().find(|(n, _)| *n == name);
                    if let Some((_, fewest)) = fewest {
                        fx.omissible(&mut function, *fewest, f);
                    }
                }
                pending.extend(stray_comments(item, fx.src, is_block));
                function.comments = std::mem::take(&mut pending);
                functions.push(function);
            }
            None if req.kind == SegmentKind::Glue && functions.is_empty() => {
                let module = module.get_or_insert_with(|| Function {
                    name: MODULE.to_string(),
                    params: Vec::new(),
                    ret: Ty::Unit,
                    body: Vec::new(),
                    line: fx.line(item),
                    comments: Vec::new(),
                    nonlocal: Vec::new(),
                    declared: Vec::new(),
                });
                let start = module.body.len();
                fx.top_level(root, item, &mut module.body)?;
                if let Some(s) = module.body.get_mut(start) {
                    s.comments.before.append(&mut pending);
                }
            }
            None => return fx.decline(item, format!("top-level `{}`", construct(item.kind()))),
        }
    }
    for f in functions.iter().chain(&module) {
        assignments_in_place_once(f, &fx.assigned_in_place)?;
    }
    // Every callback's nested function went before a statement; one left
    // would be called undefined.
    if let Some(d) = fx.pending_defs.first() {
        return Err(Decline(format!(
            "callback with statements at line {}",
            d.line
        )));
    }
    if let (Some(m), Some(f)) = (&module, functions.first()) {
        return Err(Decline(format!(
            "top-level statements beside a function at line {}",
            m.line.max(f.line)
        )));
    }
    // Comments after the last function end its body.
    if !pending.is_empty() {
        if let Some(s) = functions.last_mut().and_then(|f| f.body.last_mut()) {
            s.comments.after.append(&mut pending);
        }
    }
    Ok(Lowered {
        functions,
        ids: fx.ids,
        comments: pending,
        obligations: fx.obligations,
        module,
    })
}

/// The function `console.log(x)` calls, with `String(x)`: no JavaScript
/// identifier, so no function of the program's.
pub const CONSOLE_LOG: &str = "console.log";

fn is_block(kind: &str) -> bool {
    kind == "statement_block"
}

/// The name and the function node of a declaration that defines one
/// function: `function f() {}`, `const f = (...) => ...`, `export ...`.
fn function_of(item: Node) -> Option<(Node, Node)> {
    let item = if item.kind() == "export_statement" {
        item.child_by_field_name("declaration")?
    } else {
        item
    };
    match item.kind() {
        "function_declaration" => Some((item.child_by_field_name("name")?, item)),
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
            (matches!(value.kind(), "arrow_function" | "function_expression")
                && name.kind() == "identifier")
                .then_some((name, value))
        }
        _ => None,
    }
}

/// A tree-sitter kind as words for a decline (`while_statement` → `while`).
/// Rewrites each `return [a, b]` of `f` (not of functions nested in it)
/// into a tuple where `f` is declared to return a tuple of that many
/// items: JavaScript has no tuples, so an array literal is how it returns
/// several values.
///
/// A returned local (`return closestPair`) holds an array, or `undefined`
/// where a `let x;` leaves it unassigned: it is returned as
/// `tuple(x) if x is not None else None`.
pub fn returned_arrays_as_tuples(f: &mut Function, ids: &mut Ids) {
    fn block(b: &mut Block, arity: usize, locals: &HashSet<String>, ids: &mut Ids) {
        for s in b.iter_mut() {
            match &mut s.kind {
                StmtKind::Return(Some(e)) => match &mut e.kind {
                    ExprKind::List(items) if items.len() == arity => {
                        e.kind = ExprKind::Tuple(std::mem::take(items));
                    }
                    ExprKind::Name(n) if locals.contains(n.as_str()) => {
                        let line = e.line;
                        let at = |kind, ids: &mut Ids| Expr {
                            id: ids.fresh(),
                            kind,
                            line,
                        };
                        let name = ExprKind::Name(n.clone());
                        let test = ExprKind::Compare {
                            first: Box::new(at(name.clone(), ids)),
                            rest: vec![(CmpOp::IsNot, at(ExprKind::Lit(Lit::None), ids))],
                        };
                        let tuple = ExprKind::Builtin {
                            op: Builtin::ToTuple,
                            args: vec![at(name, ids)],
                            keywords: Vec::new(),
                        };
                        e.kind = ExprKind::IfElse {
                            test: Box::new(at(test, ids)),
                            truthiness: Truthiness::Bool,
                            then: Box::new(at(tuple, ids)),
                            orelse: Box::new(at(ExprKind::Lit(Lit::None), ids)),
                        };
                    }
                    _ => {}
                },
                StmtKind::If { branches, orelse } => {
                    for (_, b) in branches.iter_mut() {
                        block(b, arity, locals, ids);
                    }
                    block(orelse, arity, locals, ids);
                }
                StmtKind::While { body, .. } => block(body, arity, locals, ids),
                StmtKind::For { body, orelse, .. } => {
                    block(body, arity, locals, ids);
                    block(orelse, arity, locals, ids);
                }
                _ => {}
            }
        }
    }
    /// The names assigned an array literal somewhere in `b`.
    fn array_locals(b: &Block, out: &mut HashSet<String>) {
        for s in b {
            match &s.kind {
                StmtKind::Assign {
                    target: Target::Name { name, .. },
                    value,
                } if matches!(value.kind, ExprKind::List(_)) => {
                    out.insert(name.clone());
                }
                StmtKind::If { branches, orelse } => {
                    for (_, b) in branches {
                        array_locals(b, out);
                    }
                    array_locals(orelse, out);
                }
                StmtKind::While { body, .. } => array_locals(body, out),
                StmtKind::For { body, orelse, .. } => {
                    array_locals(body, out);
                    array_locals(orelse, out);
                }
                StmtKind::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => {
                    for b in try_blocks(body, handlers, orelse, finally) {
                        array_locals(b, out);
                    }
                }
                _ => {}
            }
        }
    }
    if let Ty::Tuple(items) = &f.ret {
        let arity = items.len();
        let mut locals = HashSet::new();
        array_locals(&f.body, &mut locals);
        for p in &f.params {
            locals.remove(&p.name);
        }
        block(&mut f.body, arity, &locals, ids);
    }
}

fn construct(kind: &str) -> String {
    kind.trim_end_matches("_statement")
        .trim_end_matches("_declaration")
        .trim_end_matches("_expression")
        .replace('_', " ")
}

/// The types a JSDoc comment declares: `@param {T} name` and
/// `@returns {T}`.
#[derive(Debug, Default)]
struct JsDoc {
    params: Vec<(String, Ty)>,
    ret: Option<Ty>,
}

fn jsdoc(comment: &str) -> JsDoc {
    let mut doc = JsDoc::default();
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
        let Some(rest) = rest.trim().strip_prefix('{') else {
            continue;
        };
        let Some((ty, after)) = rest.split_once('}') else {
            continue;
        };
        let ty = jsdoc_type(ty.trim());
        if tag == "return" {
            doc.ret = Some(ty);
            continue;
        }
        let name = after
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_start_matches('[');
        let name = name.split(['=', ']']).next().unwrap_or("");
        doc.params.push((name.to_string(), ty));
    }
    doc
}

/// A JSDoc type. `number` is a float: only `integer` (or the analysis)
/// says a JavaScript number is integral.
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
        "number" => Ty::Float(FloatTy::F64),
        "integer" | "int" => Ty::Int(IntTy::Unbounded),
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

/// The value of a JavaScript string's escapes, or `None` for one the
/// frontend does not know (legacy octal escapes).
fn unescape(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' if !chars.peek().is_some_and(|c| c.is_ascii_digit()) => out.push('\0'),
            'x' => {
                let mut v = 0;
                for _ in 0..2 {
                    v = v * 16 + chars.next()?.to_digit(16)?;
                }
                out.push(char::from_u32(v)?);
            }
            'u' => {
                let mut v = 0;
                if chars.peek() == Some(&'{') {
                    chars.next();
                    loop {
                        let c = chars.next()?;
                        if c == '}' {
                            break;
                        }
                        v = v * 16 + c.to_digit(16)?;
                    }
                } else {
                    for _ in 0..4 {
                        v = v * 16 + chars.next()?.to_digit(16)?;
                    }
                }
                out.push(char::from_u32(v)?);
            }
            '\n' => {}
            c if c.is_ascii_digit() => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// What an assignment, an update (`+=`) or an increment (`++`) writes.
fn written(n: Node) -> Option<Node> {
    match n.kind() {
        "assignment_expression" | "augmented_assignment_expression" => {
            n.child_by_field_name("left")
        }
        "update_expression" => n.child_by_field_name("argument"),
        _ => None,
    }
}

/// Statements that mutate or reassign a name, found by walking a subtree:
/// what a counting loop's body must leave alone.
fn writes_name(node: Node, name: &str, src: &str) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let target = written(n);
        if let Some(t) = target {
            // `xs[i] = v` and `xs.length = 0` change `xs` too.
            let mut base = t;
            while let Some(inner) = base
                .child_by_field_name("object")
                .filter(|_| matches!(base.kind(), "subscript_expression" | "member_expression"))
            {
                base = inner;
            }
            if base.kind() == "identifier" && text(base, src) == name {
                return true;
            }
            if matches!(base.kind(), "array_pattern" | "object_pattern")
                && contains_identifier(base, name, src)
            {
                return true;
            }
        }
        // A method that changes its receiver.
        if n.kind() == "call_expression" {
            if let Some(f) = n
                .child_by_field_name("function")
                .filter(|f| f.kind() == "member_expression")
            {
                let obj = f.child_by_field_name("object");
                let prop = f
                    .child_by_field_name("property")
                    .map_or("", |p| text(p, src));
                if obj.is_some_and(|o| o.kind() == "identifier" && text(o, src) == name)
                    && matches!(
                        prop,
                        "push"
                            | "pop"
                            | "shift"
                            | "unshift"
                            | "splice"
                            | "sort"
                            | "reverse"
                            | "fill"
                            | "copyWithin"
                    )
                {
                    return true;
                }
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    false
}

fn contains_identifier(node: Node, name: &str, src: &str) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if matches!(
            n.kind(),
            "identifier" | "shorthand_property_identifier_pattern"
        ) && text(n, src) == name
        {
            return true;
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    false
}

/// Whether a `continue` in `node` belongs to the loop `node` is the body
/// of (not to a loop nested in it, nor a nested function).
fn has_own_continue(node: Node) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "continue_statement" => return true,
            "for_statement"
            | "for_in_statement"
            | "while_statement"
            | "do_statement"
            | "arrow_function"
            | "function_expression"
            | "function_declaration"
                if n != node =>
            {
                continue
            }
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    false
}

/// Whether `node` contains a `break` of its own (not of a loop, a
/// `switch` or a function nested in it).
fn has_own_break(node: Node) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "break_statement" => return true,
            "for_statement"
            | "for_in_statement"
            | "while_statement"
            | "do_statement"
            | "switch_statement"
            | "arrow_function"
            | "function_expression"
            | "function_declaration" => continue,
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    false
}

/// Whether `node` contains a `return` of its own (not of a nested
/// function).
fn has_own_return(node: Node) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "return_statement" => return true,
            "arrow_function" | "function_expression" | "function_declaration" if n != node => {
                continue
            }
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    false
}

struct Front<'s> {
    src: &'s str,
    lines: Lines,
    ids: Ids,
    /// The names `let`, `const` and `var` declared in each open block of
    /// the function being lowered, innermost last: a declaration hiding
    /// one of them is declined, since the IR's locals are per function.
    /// Each maps a source name to the IR's name for it: the same, or a
    /// numbered one where the declaration hides another (JavaScript's
    /// blocks scope `let`, the IR's locals are per function).
    blocks: Vec<HashMap<String, String>>,
    /// The blocks of the functions enclosing the one being lowered.
    outer: Vec<Vec<HashMap<String, String>>>,
    /// Every identifier of the unit's function, so a renamed declaration
    /// takes a name no one uses.
    taken: HashSet<String>,
    /// Loops open in the function being lowered.
    loops: usize,
    /// Length facts that hold where the lowering is: `(xs, n)` says `xs`
    /// has at least `n` items (from a guard, a loop's condition, an array
    /// literal). A read at a fixed position (`xs[0]`, `xs.at(-1)`) gives
    /// `undefined` in JavaScript when the array is shorter, where the
    /// targets raise or panic: it needs one of these.
    lengths: Vec<(String, i128)>,
    /// Names the unit's function ever shrinks (reassigns, `pop`s,
    /// `splice`s): facts about them are not kept.
    shrinking: HashSet<String>,
    /// Names that hold an array's length, as (name, array): `const n =
    /// xs.length` where neither changes and `n` is declared once, so that
    /// `n - 1` and `n == 0` say what `xs.length - 1` and `xs.length == 0`
    /// do.
    length_names: Vec<(String, String)>,
    /// By position: whether the target's Rust declaration gives the
    /// parameter a string type (`&str`, `String`).
    declared_strings: Vec<bool>,
    /// The parameters of the function being lowered that are strings by
    /// the declaration: `s[i]` of one is a single character when in range.
    string_params: HashSet<String>,
    /// Reads whose range the types must prove (see [`Lowered`]).
    obligations: Vec<Obligation>,
    /// Names (as the IR names them) declared once as `x.toString()` or
    /// `String(x)` and never written again, with the id of `x`: the text
    /// is not empty where `x` is a number.
    number_texts: Vec<(String, ExprId)>,
    /// The target's spelling of names the unit does not declare (the
    /// project's placeholders, `xlateArgs` for `process.argv.slice(2)`).
    globals: HashMap<String, String>,
    /// The module's aliases of built-in prototypes and their methods that
    /// the unit reads and does not bind itself (name, what it stands for:
    /// `Object.prototype`, `Array.prototype.slice`; see
    /// [`crate::engine::Context::prototypes`]).
    prototypes: HashMap<String, String>,
    /// The module's regular expression constants that the unit does not
    /// bind again (name, the literal's text; see
    /// [`crate::engine::Context::regexes`]).
    regexes: HashMap<String, String>,
    /// The module's constants the unit does not bind again (name, the
    /// value's text; see [`crate::engine::Context::constants`]): tests
    /// they settle keep only the branch that runs (see [`known`]), and a
    /// target with JavaScript's values reads them as the literals.
    constants: HashMap<String, String>,
    /// The module-level names the unit mentions (see
    /// [`crate::engine::Context::names`]): where one is a global's name,
    /// the module's binding hides the global.
    module_names: HashSet<String>,
    /// The nested functions that callbacks with statements became in the
    /// statement being lowered, written before it.
    pending_defs: Vec<Stmt>,
    /// The names `catch (e)` binds around the handler being lowered,
    /// innermost last: `e.message` is the error's message.
    caught: Vec<String>,
    /// Names (as the IR names them) that are neither `null` nor
    /// `undefined` where the lowering is: a guard before it (`x != null
    /// &&`, `if (x !== undefined)`) said so, and the unit never assigns
    /// them. `typeof x === 'object'` needs it where both are `None`.
    non_null: Vec<String>,
    /// The start bytes of the unit's strict comparisons with `null` or
    /// `undefined` that Python's one `None` keeps the meaning of (see
    /// [`nullish::kept_comparisons`]); any other is declined.
    kept_empty_compares: HashSet<usize>,
    /// `(alias, x)`, as the IR names them: `var type = typeof x`, where
    /// neither is bound again nor assigned, so that `type == 'string'` is
    /// the test `typeof x == 'string'` (lodash's idiom). The declaration
    /// itself is dropped: reading a name has no effect.
    typeof_names: Vec<(String, String)>,
    /// Names (as the IR names them) declared once as an object literal
    /// and never assigned. An object is a Python dict, which the
    /// operations on values of unknown type (`len`, iteration, `==`,
    /// the `js_*` helpers) do not take as JavaScript takes an object, so
    /// such a name is read only where [`Front::object_ok`] allows it.
    object_names: HashSet<String>,
    /// Set by [`Front::expr_object_ok`] for the one expression it lowers:
    /// a place where an object is used as one (a property read, a
    /// returned value, a declaration, an argument of another unit's
    /// function).
    object_ok: bool,
    /// The target keeps JavaScript's values (see [`lower_dynamic`]): an
    /// object may stand anywhere.
    dynamic: bool,
    /// A strict comparison with `null` or `undefined` is not made the
    /// loose one where only one of them is shown to reach it (into Rust
    /// without a signature, where JavaScript's values tell them apart).
    exact_empties: bool,
    /// Where a `++`/`--` inside an expression may become a statement of
    /// its own, before or after the statement being lowered (see
    /// [`Front::hoisted_update`]).
    hoist: Option<Hoist>,
    /// Names the unit's nested functions mention: a call may read them
    /// at any point of a statement, so an update of one stays in place.
    captured: HashSet<String>,
    /// The `r[s]` of each loop found to fill an `Array(n)` slot by slot
    /// (see [`Front::fills_every_slot`]), by node id: a store whose index
    /// is in `[0, n)` on every round, so the target's own store means the
    /// same (no negative index, none past the end).
    in_range_stores: HashSet<usize>,
    /// Whether the target can hold an `Array(n)` filled from its last slot
    /// down (`while (n--) r[n] = ..`): a Rust `Vec` grows at its end only,
    /// so for Rust the slots must be filled from 0 up.
    fills_down: bool,
    /// Names a nested function of the unit assigns (`nonlocal`): a call
    /// may change them, so a loop's counter or bound among them is not
    /// one its body leaves alone.
    closure_assigned: HashSet<String>,
    /// Whether the target has functions taking any number of arguments
    /// (Python's `*args`), which a function reading `arguments` becomes.
    variadic: bool,
    /// Whether the target's signature is given: it names the unit
    /// function's parameters, which a rest parameter would not match.
    signed: bool,
    /// Names declared as a function's own `arguments` (`var args =
    /// arguments`) and never assigned, as the source names them: each is
    /// a rest parameter's sequence, which `f.apply(receiver, args)`
    /// spreads.
    arguments_aliases: HashSet<String>,
    /// For each assignment inside an expression lowered (by the binding
    /// id of its [`ExprKind::AssignName`]), the syntax node (its id) it
    /// came from: the unit's IR must hold each once (see
    /// [`assignments_in_place_once`]).
    assigned_in_place: HashMap<ExprId, usize>,
    /// The function (its syntax node's id) that [`Front::function`] is
    /// lowering, whose variables are the IR function's own; `None` for
    /// top-level statements.
    function_node: Option<usize>,
}

/// The `++`/`--` of a statement that become statements of their own.
struct Hoist {
    /// The syntax node (its id) the updates must lie in: the statement,
    /// or the condition of an `if` or a loop.
    root: usize,
    /// Whether a postfix update may move after the statement: not out of
    /// a condition, nor out of a `return`.
    after_ok: bool,
    /// Prefix updates, made before the statement, in order.
    before: Vec<Update>,
    /// Postfix updates, made after it.
    after: Vec<Update>,
}

/// `name += 1` or `name -= 1`, as a statement.
struct Update {
    /// The name as the IR names it.
    name: String,
    add: bool,
    line: usize,
}

/// `var i = -1; ... while (++i < n)`: the update made before the loop,
/// folded into the name's last assignment of an int literal in the same
/// block where no statement between mentions the name (`i = 0`), so the
/// analysis sees the value the loop starts from (and an index never
/// negative).
fn fold_into_start(out: &mut Block, u: &Update) -> bool {
    for k in (0..out.len()).rev() {
        if let StmtKind::Assign {
            target: Target::Name { name, .. },
            value,
        } = &mut out[k].kind
        {
            if *name == u.name {
                let start = match &value.kind {
                    ExprKind::Lit(Lit::Int(v)) => *v,
                    ExprKind::Unary(UnOp::Neg, x) => match x.kind {
                        ExprKind::Lit(Lit::Int(v)) => -v,
                        _ => return false,
                    },
                    _ => return false,
                };
                value.kind = ExprKind::Lit(Lit::Int(start + if u.add { 1 } else { -1 }));
                return true;
            }
        }
        if crate::engine::rules::analysis::usage::mentions(std::slice::from_ref(&out[k]), &u.name) {
            return false;
        }
    }
    false
}

impl<'s> Front<'s> {
    fn t(&self, node: Node) -> &'s str {
        text(node, self.src)
    }

    /// A binary expression's left operand, operator and right operand;
    /// `None` for any other node.
    fn binary_parts<'t>(&self, node: Node<'t>) -> Option<(Node<'t>, &'s str, Node<'t>)> {
        if node.kind() != "binary_expression" {
            return None;
        }
        let op = node.child_by_field_name("operator")?;
        Some((
            node.child_by_field_name("left")?,
            self.t(op),
            node.child_by_field_name("right")?,
        ))
    }

    fn line(&self, node: Node) -> usize {
        self.lines.of(node)
    }

    fn decline<T>(&self, node: Node, what: impl std::fmt::Display) -> Res<T> {
        self.lines.decline(node, what)
    }

    fn field<'t>(&self, node: Node<'t>, name: &str) -> Res<Node<'t>> {
        match node.child_by_field_name(name) {
            Some(n) => Ok(n),
            None => self.decline(node, format!("`{}` without its {name}", node.kind())),
        }
    }

    fn expr_of(&mut self, node: Node, kind: ExprKind) -> Expr {
        Expr {
            id: self.ids.fresh(),
            kind,
            line: self.line(node),
        }
    }

    fn lit(&mut self, node: Node, l: Lit) -> Expr {
        self.expr_of(node, ExprKind::Lit(l))
    }

    // ----- scopes -----

    /// Whether `name` is declared in a block or function around the
    /// innermost block.
    fn visible(&self, name: &str) -> bool {
        self.blocks.iter().any(|b| b.contains_key(name))
            || self.outer.iter().flatten().any(|b| b.contains_key(name))
    }

    /// The IR's name for a source name where the lowering is.
    fn resolve(&self, name: &str) -> String {
        self.blocks
            .iter()
            .rev()
            .chain(self.outer.iter().rev().flat_map(|f| f.iter().rev()))
            .find_map(|b| b.get(name))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// Records a declaration in the innermost block. One that hides a
    /// name declared around it gets a numbered name of its own.
    fn declare(&mut self, name: &str, node: Node) -> Res<()> {
        let _ = node;
        let hides = self.blocks[..self.blocks.len().saturating_sub(1)]
            .iter()
            .any(|b| b.contains_key(name))
            || self.outer.iter().flatten().any(|b| b.contains_key(name));
        let ir_name = if hides {
            let fresh = (2..)
                .map(|k| format!("{name}_{k}"))
                .find(|c| !self.taken.contains(c))
                .unwrap_or_else(|| name.to_string());
            self.taken.insert(fresh.clone());
            fresh
        } else if let Some(global) = self.module_global(name) {
            global
        } else {
            name.to_string()
        };
        if let Some(b) = self.blocks.last_mut() {
            b.entry(name.to_string()).or_insert(ir_name);
        }
        Ok(())
    }

    /// The target's spelling of a name declared at the top level of glue
    /// (`var getLength = baseProperty('length')`): a global of the module,
    /// which its functions and its importers read as the symbol table
    /// spells it (`get_length`).
    fn module_global(&self, name: &str) -> Option<String> {
        let top = self.function_node.is_none() && self.outer.is_empty() && self.blocks.len() == 1;
        top.then(|| self.globals.get(name).cloned()).flatten()
    }

    fn with_block<T>(&mut self, f: impl FnOnce(&mut Self) -> Res<T>) -> Res<T> {
        self.blocks.push(HashMap::new());
        let r = f(self);
        self.blocks.pop();
        r
    }

    // ----- functions -----

    /// A top-level statement of glue, in a block of its own: what it
    /// declares is a global of the module to the statements after it.
    fn top_level(&mut self, root: Node, item: Node, out: &mut Block) -> Res<()> {
        self.shrinking = shrinking_names(root, self.src);
        self.lengths.clear();
        self.length_names.clear();
        self.non_null.clear();
        self.kept_empty_compares.clear();
        self.typeof_names.clear();
        self.object_names.clear();
        self.taken = identifiers(root, self.src);
        self.captured = captured_names(root, self.src);
        self.closure_assigned = closure_assigned_names(root, self.src);
        self.blocks.push(HashMap::new());
        let r = self.statement(item, out);
        self.blocks.pop();
        r
    }

    fn function(&mut self, name: &str, node: Node, doc: Option<&JsDoc>) -> Res<Function> {
        if self.outer.is_empty() && self.blocks.is_empty() {
            self.shrinking = shrinking_names(node, self.src);
            self.lengths.clear();
            self.length_names.clear();
            self.non_null.clear();
            self.kept_empty_compares = nullish::kept_comparisons(node, self.src);
            self.typeof_names.clear();
            self.object_names.clear();
            self.arguments_aliases.clear();
            self.taken = identifiers(node, self.src);
            self.captured = captured_names(node, self.src);
            self.closure_assigned = closure_assigned_names(node, self.src);
        }
        let param_nodes_top: Vec<Node> = match node.child_by_field_name("parameter") {
            Some(p) => vec![p],
            None => node
                .child_by_field_name("parameters")
                .map(named_children)
                .unwrap_or_default(),
        };
        if self.outer.is_empty() && self.blocks.is_empty() {
            self.string_params = param_nodes_top
                .iter()
                .zip(&self.declared_strings)
                .filter(|(p, is_str)| **is_str && p.kind() == "identifier")
                .map(|(p, _)| self.t(*p).to_string())
                .filter(|n| !self.shrinking.contains(n))
                .collect();
        }
        if node.kind() == "generator_function" || self.t(node).starts_with("async") {
            return self.decline(node, "generator or `async` function");
        }
        let param_nodes: Vec<Node> = match node.child_by_field_name("parameter") {
            Some(p) => vec![p],
            None => named_children(self.field(node, "parameters")?),
        };
        let outer = std::mem::take(&mut self.blocks);
        let nested = !self.outer.is_empty() || !outer.is_empty();
        self.outer.push(outer);
        let loops = std::mem::replace(&mut self.loops, 0);
        let function_node = self.function_node.replace(node.id());
        self.blocks.push(HashMap::new());
        let r = self.function_inner(name, node, &param_nodes, doc, nested);
        self.blocks = self.outer.pop().unwrap_or_default();
        self.loops = loops;
        self.function_node = function_node;
        r
    }

    fn function_inner(
        &mut self,
        name: &str,
        node: Node,
        param_nodes: &[Node],
        doc: Option<&JsDoc>,
        nested: bool,
    ) -> Res<Function> {
        let body_node = self.field(node, "body")?;
        // An arrow function's `arguments` is the function's around it.
        let rest = if node.kind() != "arrow_function" && reads_own_arguments(body_node, self.src) {
            Some(self.arguments_parameter(body_node, param_nodes, nested)?)
        } else {
            None
        };
        let mut params = Vec::new();
        for p in param_nodes {
            match p.kind() {
                "identifier" => {
                    let pname = self.t(*p).to_string();
                    self.declare(&pname, *p)?;
                    let pname = self.resolve(&pname);
                    let ty = doc
                        .and_then(|d| d.params.iter().find(|(n, _)| *n == pname))
                        .map_or(Ty::Unknown, |(_, t)| t.clone());
                    let id = self.ids.fresh();
                    params.push(Param::new(pname, id, ty, Passing::Owned, self.line(*p)));
                }
                "assignment_pattern" => return self.decline(*p, "default parameter"),
                // `...rest` last, for a target with rest parameters
                // of any use (JavaScript's values: an array).
                "rest_pattern"
                    if self.dynamic
                        && rest.is_none()
                        && param_nodes.last().is_some_and(|l| l.id() == p.id()) =>
                {
                    let Some(inner) = named_children(*p)
                        .into_iter()
                        .find(|c| c.kind() == "identifier")
                    else {
                        return self.decline(*p, "destructuring rest parameter");
                    };
                    let pname = self.t(inner).to_string();
                    self.declare(&pname, inner)?;
                    let pname = self.resolve(&pname);
                    let id = self.ids.fresh();
                    params.push(Param::new(
                        pname,
                        id,
                        Ty::Unknown,
                        Passing::Rest,
                        self.line(*p),
                    ));
                }
                "rest_pattern" => return self.decline(*p, "rest parameter (`...args`)"),
                _ => return self.decline(*p, "destructuring parameter"),
            }
        }
        let mut bindings = Vec::new();
        if let Some(rest) = rest {
            bindings = self.bind_from_rest(node, &rest, &params);
            params = vec![rest];
        }
        let nonlocal = if nested {
            self.nonlocal_names(node, body_node, &params)?
        } else {
            Vec::new()
        };
        let body = if body_node.kind() == "statement_block" {
            let mut body = bindings;
            body.extend(self.block_items(body_node)?);
            body
        } else {
            // The body is a `return` statement of its own: the nested
            // functions of its callbacks go before it.
            let outer = std::mem::take(&mut self.pending_defs);
            let e = self.expr(body_node);
            let mut body = std::mem::replace(&mut self.pending_defs, outer);
            body.push(Stmt::new(StmtKind::Return(Some(e?)), self.line(body_node)));
            body
        };
        let f = Function {
            name: name.to_string(),
            params,
            ret: doc.and_then(|d| d.ret.clone()).unwrap_or(Ty::Unknown),
            body,
            line: self.line(node),
            comments: Vec::new(),
            nonlocal,
            declared: Vec::new(),
        };
        // A `var` of a block read after it where the block may not have
        // run reads `undefined`; the targets' locals have no such value.
        if let Some((name, line)) = super::super::analysis::definite::unassigned_read(&f, true) {
            return Err(Decline(format!(
                "`{name}` read where it may not be assigned yet (JavaScript reads \
                 undefined) at line {line}"
            )));
        }
        Ok(f)
    }

    /// The variables of the functions around it (as the IR names them)
    /// that a nested function assigns: JavaScript's closure changes that
    /// function's variable, which the IR says with `nonlocal` (a nested
    /// function would make a new local otherwise). Declined where the
    /// variable is not the unit's, where it is a `let` or `const` of a
    /// loop (a binding per iteration, which closures made in different
    /// iterations keep apart, where Python has one variable), and where
    /// the function's body is an expression (a lambda cannot assign).
    fn nonlocal_names(&self, node: Node, body: Node, params: &[Param]) -> Res<Vec<String>> {
        let mut declared = HashSet::new();
        collect_declared(body, self.src, &mut declared);
        for p in params {
            declared.insert(p.name.clone());
        }
        let mut out = Vec::new();
        for (n, name) in assigned_outside(body, self.src, &declared) {
            if !self.visible(&name) || body.kind() != "statement_block" {
                return self.decline(n, "nested function assigning a variable around it");
            }
            if declared_per_iteration(node, &name, self.src) {
                return self.decline(
                    n,
                    format!("nested function assigning `{name}`, a `let` of a loop (one binding per iteration)"),
                );
            }
            let ir = self.resolve(&name);
            if !out.contains(&ir) {
                out.push(ir);
            }
        }
        Ok(out)
    }

    /// The one parameter of a function that reads `arguments`: a rest
    /// parameter (Python's `*args`) under a name the function does not
    /// use, which `arguments` then names. Its reads are `.length`,
    /// `arguments[i]` and a whole `f.apply(receiver, arguments)`: it is
    /// an object like an array, no array, so it is passed on nowhere
    /// else (`Array.isArray` tells them apart, where a tuple and a list
    /// both read as an array). Written to, or beside a parameter that is
    /// assigned (a function not in strict mode maps `arguments[0]` and
    /// its first parameter to one variable), it is declined.
    fn arguments_parameter(
        &mut self,
        body: Node,
        param_nodes: &[Node],
        nested: bool,
    ) -> Res<Param> {
        if !self.variadic {
            return self.decline(body, "`arguments`, for a target without rest parameters");
        }
        if self.signed && !nested {
            return self.decline(
                body,
                "`arguments` where the target's signature names the parameters",
            );
        }
        let slices: HashSet<&str> = self
            .prototypes
            .iter()
            .filter(|(_, m)| m.as_str() == "Array.prototype.slice")
            .map(|(n, _)| n.as_str())
            .collect();
        if let Some(n) = arguments_misuse(body, self.src, &slices) {
            return self.decline(
                n,
                "`arguments` other than `.length`, `arguments[i]`, `apply` and `Array.prototype.slice`",
            );
        }
        let names: HashSet<&str> = param_nodes.iter().map(|p| self.t(*p)).collect();
        if names.contains("arguments") {
            return self.decline(body, "parameter named `arguments`");
        }
        if let Some(n) = assigns_any(body, self.src, &names) {
            return self.decline(
                n,
                "assignment to a parameter of a function reading `arguments`",
            );
        }
        let name = self.fresh_name("args");
        if let Some(b) = self.blocks.last_mut() {
            b.insert("arguments".to_string(), name.clone());
        }
        self.arguments_aliases.extend(
            arguments_aliases(body, self.src)
                .into_iter()
                .map(String::from),
        );
        let id = self.ids.fresh();
        Ok(Param::new(
            name,
            id,
            Ty::Unknown,
            Passing::Rest,
            self.line(body),
        ))
    }

    /// `a = args[k] if len(args) > k else None` for the `k`th named
    /// parameter: JavaScript gives `undefined` to a parameter its caller
    /// leaves out.
    fn bind_from_rest(&mut self, node: Node, rest: &Param, params: &[Param]) -> Block {
        let mut out = Vec::new();
        for (k, p) in params.iter().enumerate() {
            let k = k as i128;
            let args = |fx: &mut Self| fx.expr_of(node, ExprKind::Name(rest.name.clone()));
            let a = args(self);
            let len = self.builtin(node, Builtin::Len, vec![a]);
            let bound = self.lit(node, Lit::Int(k));
            let test = self.expr_of(
                node,
                ExprKind::Compare {
                    first: Box::new(len),
                    rest: vec![(CmpOp::Gt, bound)],
                },
            );
            let a = args(self);
            let at = self.lit(node, Lit::Int(k));
            let then = self.expr_of(
                node,
                ExprKind::Index {
                    value: Box::new(a),
                    index: Box::new(at),
                    sem: IndexSem::PYTHON,
                },
            );
            let orelse = self.lit(node, Lit::None);
            let value = self.expr_of(
                node,
                ExprKind::IfElse {
                    test: Box::new(test),
                    truthiness: Truthiness::Bool,
                    then: Box::new(then),
                    orelse: Box::new(orelse),
                },
            );
            let target = Target::Name {
                name: p.name.clone(),
                id: self.ids.fresh(),
            };
            out.push(Stmt::new(StmtKind::Assign { target, value }, p.line));
        }
        out
    }

    // ----- statements -----

    /// `throw new Error(message)` (or `TypeError`, `RangeError`): the
    /// error's kind, and its message where it is a literal (`""` for none).
    /// Anything else thrown is of a kind the IR does not name.
    fn throw(&mut self, node: Node) -> Res<StmtKind> {
        let thrown = named_children(node).first().copied();
        let Some(new) = thrown.filter(|e| e.kind() == "new_expression") else {
            return Ok(StmtKind::Fail {
                kind: ErrorKind::Other,
                message: None,
            });
        };
        let kind = match new.child_by_field_name("constructor").map(|c| self.t(c)) {
            Some("Error") => ErrorKind::Error,
            Some("TypeError") => ErrorKind::TypeError,
            Some("RangeError") => ErrorKind::RangeError,
            _ => ErrorKind::Other,
        };
        let args = new.child_by_field_name("arguments").map(named_children);
        let message = match args.as_deref() {
            None | Some([]) => Some(String::new()),
            Some([a]) if a.kind() == "string" => Some(self.string_value(*a)?),
            Some(_) => None,
        };
        Ok(StmtKind::Fail { kind, message })
    }

    /// `try { } catch (e) { } finally { }`: a `catch` catches every error;
    /// its `e` is read only as `e.message`.
    fn try_statement(&mut self, node: Node) -> Res<StmtKind> {
        let body = self.block_items(self.field(node, "body")?)?;
        let mut handlers = Vec::new();
        if let Some(clause) = node.child_by_field_name("handler") {
            let name = match clause.child_by_field_name("parameter") {
                Some(p) if p.kind() == "identifier" => Some(self.t(p).to_string()),
                Some(p) => return self.decline(p, "`catch` of a pattern"),
                None => None,
            };
            self.caught.extend(name.clone());
            let body = self.block_items(self.field(clause, "body")?);
            if name.is_some() {
                self.caught.pop();
            }
            handlers.push(Handler {
                kinds: Vec::new(),
                name,
                body: body?,
                line: self.line(clause),
            });
        }
        let finally = match node.child_by_field_name("finalizer") {
            Some(f) => self.block_items(self.field(f, "body")?)?,
            None => Vec::new(),
        };
        Ok(StmtKind::Try {
            body,
            handlers,
            orelse: Vec::new(),
            finally,
        })
    }

    /// The statements of a block, in a new block scope.
    fn block_items(&mut self, node: Node) -> Res<Block> {
        let facts = self.lengths.len();
        let r = self.with_block(|fx| {
            let mut out: Block = Vec::new();
            let mut comments = BlockComments::new(node, fx.src, is_block);
            let mut cursor = node.walk();
            let items: Vec<Node> = node.named_children(&mut cursor).collect();
            for s in items {
                if comments.take_comment(s, fx.src, &mut out) {
                    continue;
                }
                comments.before(s, fx.src, false);
                let start = out.len();
                fx.statement(s, &mut out)?;
                comments.after(&mut out, start);
            }
            comments.finish(&mut out, fx.line(node));
            Ok(out)
        });
        // Facts learnt in the block (after a guard) end with it.
        self.lengths.truncate(facts);
        r
    }

    /// Runs `f` with `facts` known, then forgets them.
    fn knowing<T>(
        &mut self,
        facts: Vec<(String, i128)>,
        f: impl FnOnce(&mut Self) -> Res<T>,
    ) -> Res<T> {
        let n = self.lengths.len();
        self.lengths.extend(facts);
        let r = f(self);
        self.lengths.truncate(n);
        r
    }

    /// Runs `f` with the names in `present` known to be neither `null`
    /// nor `undefined`, then forgets them.
    fn knowing_present<T>(
        &mut self,
        present: Vec<String>,
        f: impl FnOnce(&mut Self) -> Res<T>,
    ) -> Res<T> {
        let n = self.non_null.len();
        self.non_null.extend(present);
        let r = f(self);
        self.non_null.truncate(n);
        r
    }

    /// Calls `leaf` on each condition whose value `test` being `truth`
    /// settles, with that value: through parentheses, `!` (the other
    /// value), and both operands of a true `&&` or a false `||` (a true
    /// `||` or a false `&&` settles neither operand).
    fn each_settled(&self, test: Node, truth: bool, leaf: &mut impl FnMut(Node, bool)) {
        match test.kind() {
            "parenthesized_expression" => {
                if let Some(inner) = named_children(test).first() {
                    self.each_settled(*inner, truth, leaf);
                }
            }
            "unary_expression"
                if test
                    .child_by_field_name("operator")
                    .is_some_and(|o| self.t(o) == "!") =>
            {
                if let Some(a) = test.child_by_field_name("argument") {
                    self.each_settled(a, !truth, leaf);
                }
            }
            "binary_expression"
                if test
                    .child_by_field_name("operator")
                    .is_some_and(|o| matches!(self.t(o), "&&" | "||")) =>
            {
                let op = test.child_by_field_name("operator").map(|o| self.t(o));
                if matches!((op, truth), (Some("&&"), true) | (Some("||"), false)) {
                    for side in ["left", "right"] {
                        if let Some(n) = test.child_by_field_name(side) {
                            self.each_settled(n, truth, leaf);
                        }
                    }
                }
            }
            _ => leaf(test, truth),
        }
    }

    /// Whether `n` is `null` or `undefined`.
    fn nullish(&self, n: Node) -> bool {
        matches!(n.kind(), "null" | "undefined")
            || (n.kind() == "identifier" && self.t(n) == "undefined")
    }

    /// Whether `n` is `null`, `undefined` or `void` of a literal.
    fn empty(&self, n: Node) -> bool {
        self.nullish(n)
            || (n.kind() == "unary_expression"
                && n.child_by_field_name("operator")
                    .is_some_and(|o| self.t(o) == "void"))
    }

    /// The names `test` being `truth` shows are neither `null` nor
    /// `undefined` (as the IR names them): `x != null`, `x !== undefined`,
    /// `x` itself (truthy), `typeof x === 'string'` and the other kinds
    /// no `None` has. Names the unit assigns are left out.
    fn null_facts(&self, test: Node, truth: bool, out: &mut Vec<String>) {
        self.each_settled(test, truth, &mut |leaf, truth| {
            let mut push = |n: Node| {
                if n.kind() == "identifier"
                    && self.visible(self.t(n))
                    && !self.shrinking.contains(self.t(n))
                {
                    out.push(self.resolve(self.t(n)));
                }
            };
            if leaf.kind() == "identifier" && truth {
                push(leaf);
                return;
            }
            let Some((l, op, r)) = self.binary_parts(leaf) else {
                return;
            };
            let holds = match op {
                "!=" | "!==" => truth,
                "==" | "===" => !truth,
                _ => return,
            };
            if let Some(t) = self.typeof_test(l, r).or_else(|| self.typeof_test(r, l)) {
                // Only a kind `null` and `undefined` never have.
                let some = matches!(
                    TypeKind::from_js(&t.kind),
                    Some(
                        TypeKind::Number
                            | TypeKind::String
                            | TypeKind::Boolean
                            | TypeKind::Function
                    )
                );
                if some && !holds && !self.shrinking.contains(t.source) {
                    out.push(t.value);
                }
                return;
            }
            if holds {
                if self.nullish(r) {
                    push(l);
                } else if self.nullish(l) {
                    push(r);
                }
            }
        });
    }

    /// The length facts `test` gives when it is `truth`: `xs.length > 1`
    /// true gives `(xs, 2)`, `xs.length == 0` false gives `(xs, 1)`.
    fn test_facts(&self, test: Node, truth: bool, out: &mut Vec<(String, i128)>) {
        self.each_settled(test, truth, &mut |leaf, truth| {
            if leaf.kind() == "member_expression" && truth {
                if let Some(n) = self.length_of(leaf) {
                    out.push((n, 1));
                }
                return;
            }
            let Some((l, op, r)) = self.binary_parts(leaf) else {
                return;
            };
            // `len op k`, or `k op len` turned around.
            let (name, op, k) = match (self.length_of(l), self.literal_int(r)) {
                (Some(n), Some(k)) => (n, op, k),
                _ => match (self.literal_int(l), self.length_of(r)) {
                    (Some(k), Some(n)) => (
                        n,
                        match op {
                            "<" => ">",
                            "<=" => ">=",
                            ">" => "<",
                            ">=" => "<=",
                            o => o,
                        },
                        k,
                    ),
                    _ => return,
                },
            };
            let at_least = match (op, truth) {
                (">", true) | ("<=", false) => k + 1,
                (">=", true) | ("<", false) => k,
                ("==" | "===", true) | ("!=" | "!==", false) => k,
                ("!=" | "!==", true) | ("==" | "===", false) if k == 0 => 1,
                _ => return,
            };
            if at_least > 0 {
                out.push((name, at_least));
            }
        });
    }

    /// `xs` of `xs.length`, when the facts about `xs` can be kept.
    fn length_of(&self, node: Node) -> Option<String> {
        if node.kind() == "identifier" {
            let name = self.t(node);
            return self
                .length_names
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, xs)| self.resolve(xs));
        }
        if node.kind() != "member_expression" {
            return None;
        }
        let obj = node.child_by_field_name("object")?;
        let prop = node.child_by_field_name("property")?;
        (self.t(prop) == "length" && obj.kind() == "identifier")
            .then(|| self.t(obj).to_string())
            .filter(|n| !self.shrinking.contains(n))
            .map(|n| self.resolve(&n))
    }

    /// Whether `obj` is `s[i]` of a parameter the declaration makes a string.
    fn is_char_of_string(&self, obj: Node) -> bool {
        let mut obj = obj;
        while obj.kind() == "parenthesized_expression" {
            match named_children(obj).first() {
                Some(o) => obj = *o,
                None => return false,
            }
        }
        obj.kind() == "subscript_expression"
            && obj
                .child_by_field_name("object")
                .is_some_and(|s| s.kind() == "identifier" && self.string_params.contains(self.t(s)))
    }

    /// Whether `obj` is `s.split("")`, whose items are one character each.
    fn is_split_into_chars(&self, obj: Node) -> bool {
        let Some((_, "split")) = self.member_call(obj) else {
            return false;
        };
        match self.arg_nodes(obj).as_deref() {
            Ok([sep]) => {
                sep.kind() == "string" && self.string_value(*sep).is_ok_and(|s| s.is_empty())
            }
            _ => false,
        }
    }

    /// The array whose length `name` holds, declared by `d` as
    /// `name = xs.length`, when neither ever changes and nothing else in the
    /// unit declares `name` (a name of another scope would be taken for it).
    fn length_name(&self, name: &str, value: Node, d: Node) -> Option<String> {
        if value.kind() != "member_expression"
            || value
                .child_by_field_name("property")
                .is_none_or(|p| self.t(p) != "length")
        {
            return None;
        }
        let xs = value.child_by_field_name("object")?;
        if xs.kind() != "identifier"
            || self.shrinking.contains(name)
            || self.shrinking.contains(self.t(xs))
        {
            return None;
        }
        self.binds_once(name, d).then(|| self.t(xs).to_string())
    }

    /// The id of `x` where `name` is declared by `d` as `x.toString()` or
    /// `String(x)` (`value`, lowered) and no statement of the unit binds
    /// or writes `name` again.
    fn number_text(&self, name: &str, v: Node, value: &Expr, d: Node) -> Option<ExprId> {
        let ExprKind::Builtin {
            op: Builtin::ToStr,
            args,
            ..
        } = &value.kind
        else {
            return None;
        };
        let [x] = args.as_slice() else {
            return None;
        };
        if v.kind() != "call_expression" || !self.binds_once(name, d) {
            return None;
        }
        let mut root = d;
        while let Some(p) = root.parent() {
            root = p;
        }
        (!writes_name(root, name, self.src)).then_some(x.id)
    }

    /// `x` (as the IR names it) of `var name = typeof x`, where `name` is
    /// bound once and neither is ever assigned: each test of `name` is
    /// then one of `typeof x`.
    fn typeof_alias(&self, name: &str, v: Node, d: Node) -> Option<String> {
        if v.kind() != "unary_expression" {
            return None;
        }
        let op = v.child_by_field_name("operator")?;
        let x = v.child_by_field_name("argument")?;
        let x_name = self.t(x);
        let ok = self.t(op) == "typeof"
            && x.kind() == "identifier"
            && self.visible(x_name)
            && !self.shrinking.contains(name)
            && !self.shrinking.contains(x_name)
            && self.binds_once(name, d);
        ok.then(|| self.resolve(x_name))
    }

    /// Whether exactly one place in the unit binds `name`.
    fn binds_once(&self, name: &str, d: Node) -> bool {
        let mut root = d;
        while let Some(p) = root.parent() {
            root = p;
        }
        // Every place that binds `name` (a declarator, a parameter, a loop
        // or `catch` variable, a destructuring pattern) counts.
        let mut declared = 0;
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            let named = matches!(
                n.kind(),
                "identifier" | "shorthand_property_identifier_pattern"
            ) && self.t(n) == name;
            if named {
                // Counting too many only loses the fact.
                let binds = n.kind() == "shorthand_property_identifier_pattern"
                    || n.parent().is_some_and(|p| p.kind() == "pair_pattern")
                    || n.parent().is_some_and(|p| {
                        matches!(
                            p.kind(),
                            "variable_declarator"
                                | "formal_parameters"
                                | "arrow_function"
                                | "for_in_statement"
                                | "catch_clause"
                                | "array_pattern"
                                | "object_pattern"
                                | "assignment_pattern"
                                | "rest_pattern"
                        ) && p
                            .child_by_field_name("value")
                            .is_none_or(|v| v.id() != n.id())
                            && p.child_by_field_name("right")
                                .is_none_or(|v| v.id() != n.id())
                            && p.child_by_field_name("body")
                                .is_none_or(|v| v.id() != n.id())
                    });
                if binds {
                    declared += 1;
                }
            }
            let mut cursor = n.walk();
            stack.extend(n.children(&mut cursor));
        }
        declared == 1
    }

    /// Declines a read of `obj` at a fixed position that needs `needed`
    /// items, unless a length fact or the kind of value proves them.
    fn check_fixed_read(&self, obj: Node, needed: i128, node: Node) -> Res<()> {
        let mut obj = obj;
        while obj.kind() == "parenthesized_expression" {
            match named_children(obj).first() {
                Some(o) => obj = *o,
                None => break,
            }
        }
        let known = match obj.kind() {
            "identifier" => {
                let n = self.t(obj);
                let ir = self.resolve(n);
                !self.shrinking.contains(n)
                    && self.lengths.iter().any(|(m, k)| *m == ir && *k >= needed)
            }
            "array" => (named_children(obj).len() as i128) >= needed,
            "string" => self
                .string_value(obj)
                .is_ok_and(|v| v.chars().count() as i128 >= needed),
            // `split` always gives at least one piece.
            "call_expression" => {
                needed <= 1 && self.member_call(obj).is_some_and(|(_, p)| p == "split")
            }
            _ => false,
        };
        if known {
            return Ok(());
        }
        self.decline(
            node,
            format!(
                "read of `{}` that may be past the end (JavaScript gives undefined)",
                self.t(node)
            ),
        )
    }

    /// A read at a fixed position of `obj` that nothing proves holds an
    /// item: [`Builtin::JsItem`], `undefined` past the end as in
    /// JavaScript, where a Python or Rust index would raise or panic.
    fn maybe_past_end(&mut self, node: Node, obj: Node, index: Node) -> Res<Expr> {
        let value = self.expr(obj)?;
        let index = self.expr(index)?;
        let read = ExprKind::Builtin {
            op: Builtin::JsItem,
            args: vec![value, index],
            keywords: Vec::new(),
        };
        Ok(self.expr_of(node, read))
    }

    /// The items a read at `index` of `obj` needs, when it is a fixed
    /// position: `k` needs `k + 1`, `obj.length - k` needs `k`.
    fn fixed_need(&self, obj: Node, index: Node) -> Option<i128> {
        if let Some(k) = self.literal_int(index) {
            return (k >= 0).then_some(k + 1);
        }
        let mut idx = index;
        while idx.kind() == "parenthesized_expression" {
            idx = *named_children(idx).first()?;
        }
        if idx.kind() != "binary_expression" || self.t(idx.child_by_field_name("operator")?) != "-"
        {
            return None;
        }
        let left = idx.child_by_field_name("left")?;
        let k = self.literal_int(idx.child_by_field_name("right")?)?;
        let is_len = left.kind() == "member_expression"
            && left
                .child_by_field_name("property")
                .is_some_and(|p| self.t(p) == "length")
            && left
                .child_by_field_name("object")
                .is_some_and(|o| self.t(o) == self.t(obj))
            || left.kind() == "identifier"
                && self
                    .length_names
                    .iter()
                    .any(|(n, xs)| n == self.t(left) && xs == self.t(obj));
        (is_len && k > 0).then_some(k)
    }

    /// A statement used as a body (`if (c) x++;` or a block).
    fn body(&mut self, node: Node) -> Res<Block> {
        if node.kind() == "statement_block" {
            return self.block_items(node);
        }
        self.with_block(|fx| {
            let mut out = Vec::new();
            fx.statement(node, &mut out)?;
            Ok(out)
        })
    }

    fn push(&self, out: &mut Block, node: Node, kind: StmtKind) {
        out.push(Stmt::new(kind, self.line(node)));
    }

    /// A statement, after the nested functions its expressions' callbacks
    /// with statements became ([`Front::pending_defs`]).
    fn statement(&mut self, node: Node, out: &mut Block) -> Res<()> {
        let start = out.len();
        let outer = std::mem::take(&mut self.pending_defs);
        let r = self.statement_inner(node, out);
        let defs = std::mem::replace(&mut self.pending_defs, outer);
        r?;
        out.splice(start..start, defs);
        Ok(())
    }

    fn statement_inner(&mut self, node: Node, out: &mut Block) -> Res<()> {
        match node.kind() {
            "expression_statement" => {
                let inner = named_children(node);
                let [e] = inner.as_slice() else {
                    return self.decline(node, "expression statement");
                };
                // `a = 1, f(a)`: the comma operator runs its operands in
                // order, as statements one after another do (each with
                // its own `++`/`--` before or after it).
                for part in sequence_parts(*e) {
                    self.hoisting(part, true, out, |fx, out| {
                        fx.expression_statement(part, out)
                    })?;
                }
                Ok(())
            }
            "lexical_declaration" | "variable_declaration" => {
                self.hoisting(node, true, out, |fx, out| fx.declaration(node, out))
            }
            "statement_block" => {
                let b = self.block_items(node)?;
                out.extend(b);
                Ok(())
            }
            "empty_statement" => Ok(()),
            "if_statement" => {
                // A test the module's constants settle: only the branch
                // that runs.
                if let Some(settled) = self.settle(node) {
                    if let Some(live) = settled.live {
                        let body = self.body(live)?;
                        out.extend(body);
                    }
                    return Ok(());
                }
                // Only the first test runs every time the statement does.
                let first = self.field(node, "condition")?;
                let ((kind, after), before, _) =
                    self.with_hoist(first, false, |fx| fx.if_statement(node))?;
                for u in &before {
                    out.push(self.update_stmt(u));
                }
                self.push(out, node, kind);
                // `if (xs.length == 0) return ...;` guards the rest of the
                // block.
                self.lengths.extend(after);
                Ok(())
            }
            "return_statement" => {
                let value = named_children(node).first().copied();
                // `return f(x), x`: the operands but the last run as
                // statements first, in order.
                let Some((last, first)) = value
                    .map(sequence_parts)
                    .and_then(|parts| parts.split_last().map(|(l, f)| (*l, f.to_vec())))
                else {
                    return self.return_statement(node, None, out);
                };
                for part in first {
                    self.hoisting(part, true, out, |fx, out| {
                        fx.expression_statement(part, out)
                    })?;
                }
                let root = if value == Some(last) { node } else { last };
                self.return_statement(root, Some(last), out)
            }
            "break_statement" | "continue_statement" => {
                if node.child_by_field_name("label").is_some() {
                    return self.decline(node, "labelled `break` or `continue`");
                }
                let kind = if node.kind() == "break_statement" {
                    StmtKind::Break
                } else {
                    StmtKind::Continue
                };
                self.push(out, node, kind);
                Ok(())
            }
            "throw_statement" => {
                let kind = self.throw(node)?;
                self.push(out, node, kind);
                Ok(())
            }
            "try_statement" => {
                let kind = self.try_statement(node)?;
                self.push(out, node, kind);
                Ok(())
            }
            "while_statement" => {
                let cond = self.field(node, "condition")?;
                let body_node = self.field(node, "body")?;
                // `while (++i < n)`: `i += 1` before the loop and at the
                // end of its body, which no `continue` skips. `while (n--)`:
                // the test reads `n`, and `n -= 1` starts the body and
                // follows the loop, which no `break` leaves (the last test
                // updates too; a `continue` goes to the test, as in
                // JavaScript).
                let (test, updates, after) =
                    self.with_hoist(cond, true, |fx| fx.condition(cond))?;
                if !updates.is_empty() && has_own_continue(body_node) {
                    return self.decline(cond, "`++`/`--` in the test of a loop with `continue`");
                }
                // A `break` leaves after the body's `n -= 1`, with no last
                // test: the loop is `while true { if !(n) { n -= 1;
                // break; } n -= 1; ... }`, the update after a false test
                // inside it.
                let breaks = !after.is_empty() && has_own_break(body_node);
                let mut facts = Vec::new();
                self.test_facts(cond, true, &mut facts);
                self.loops += 1;
                let body = self.knowing(facts, |fx| fx.body(body_node));
                self.loops -= 1;
                let mut body = body?;
                for (i, u) in after.iter().enumerate() {
                    body.insert(i, self.update_stmt(u));
                }
                for u in &updates {
                    if !fold_into_start(out, u) {
                        out.push(self.update_stmt(u));
                    }
                    body.push(self.update_stmt(u));
                }
                if breaks {
                    let mut leave: Vec<Stmt> = after.iter().map(|u| self.update_stmt(u)).collect();
                    leave.push(Stmt::new(StmtKind::Break, self.line(cond)));
                    let not =
                        self.expr_of(cond, ExprKind::Not(Box::new(test), Truthiness::JavaScript));
                    let exit = Stmt::new(
                        StmtKind::If {
                            branches: vec![(not, leave)],
                            orelse: Vec::new(),
                        },
                        self.line(cond),
                    );
                    body.insert(0, exit);
                    let t = self.lit(node, Lit::Bool(true));
                    self.push(out, node, StmtKind::While { test: t, body });
                    return Ok(());
                }
                self.push(out, node, StmtKind::While { test, body });
                for u in &after {
                    out.push(self.update_stmt(u));
                }
                Ok(())
            }
            "do_statement" => {
                // `do { body } while (c)` is `while (true) { body; if (!c)
                // break; }` where no `continue` skips the test.
                let body_node = self.field(node, "body")?;
                if has_own_continue(body_node) {
                    return self.decline(node, "`continue` in `do ... while`");
                }
                let cond_node = self.field(node, "condition")?;
                self.loops += 1;
                let body = self.body(body_node);
                self.loops -= 1;
                let mut body = body?;
                let (cond, updates, _) =
                    self.with_hoist(cond_node, false, |fx| fx.condition(cond_node))?;
                for u in &updates {
                    body.push(self.update_stmt(u));
                }
                let not = self.expr_of(
                    cond_node,
                    ExprKind::Not(Box::new(cond), Truthiness::JavaScript),
                );
                let brk = Stmt::new(StmtKind::Break, self.line(cond_node));
                self.push(
                    &mut body,
                    cond_node,
                    StmtKind::If {
                        branches: vec![(not, vec![brk])],
                        orelse: Vec::new(),
                    },
                );
                let t = self.lit(node, Lit::Bool(true));
                self.push(out, node, StmtKind::While { test: t, body });
                Ok(())
            }
            "for_statement" => self.for_statement(node, out),
            "for_in_statement" => self.for_of(node, out),
            "function_declaration" => {
                let name = self.t(self.field(node, "name")?).to_string();
                self.declare(&name, node)?;
                let name = self.resolve(&name);
                let f = self.function(&name, node, None)?;
                self.push(out, node, StmtKind::Def(Box::new(f)));
                Ok(())
            }
            "switch_statement" => self.switch(node, out),
            other => self.decline(node, format!("`{}`", construct(other))),
        }
    }

    /// An `if` chain; with the length facts each branch's tests give it,
    /// and those that hold after the chain when every branch leaves.
    /// `switch (x) { case a: case b: ...; break; default: ... }` on a
    /// name: an `if`/`elif` chain on `x === a or x === b`. On another
    /// value it is evaluated once, into a fresh local, before the chain,
    /// as JavaScript evaluates it once before the labels. Each case with
    /// statements leaves (`break`, which goes, `return`, `throw`,
    /// `continue`) or is the last; a `default` is the last; a `break`
    /// elsewhere in a case (which would leave the switch, not a loop
    /// around it) is declined.
    fn switch(&mut self, node: Node, out: &mut Block) -> Res<()> {
        let value = self.field(node, "value")?;
        let subject = match value.kind() {
            "parenthesized_expression" => named_children(value).first().copied(),
            _ => Some(value),
        };
        let Some(subject) = subject else {
            return self.decline(value, "`switch` without a value");
        };
        let bound = if subject.kind() == "identifier" {
            None
        } else {
            let name = self.fresh_name("switch_value");
            let v = self.expr(subject)?;
            let target = Target::Name {
                name: name.clone(),
                id: self.ids.fresh(),
            };
            self.push(out, value, StmtKind::Assign { target, value: v });
            Some(name)
        };
        let clauses: Vec<Node> = named_children(self.field(node, "body")?)
            .into_iter()
            .filter(|c| matches!(c.kind(), "switch_case" | "switch_default"))
            .collect();
        let kind = self.with_block(|fx| {
            let mut branches = Vec::new();
            let mut orelse = Vec::new();
            let mut labels: Vec<Node> = Vec::new();
            for (i, clause) in clauses.iter().enumerate() {
                let last = i + 1 == clauses.len();
                let mut cursor = clause.walk();
                let mut stmts: Vec<Node> = clause
                    .children_by_field_name("body", &mut cursor)
                    .filter(|s| s.kind() != "comment")
                    .collect();
                let default = clause.kind() == "switch_default";
                if default && !last {
                    return fx.decline(*clause, "`default` that is not the last case");
                }
                if !default {
                    labels.push(fx.field(*clause, "value")?);
                }
                if stmts.is_empty() && !last {
                    // `case a: case b:` share the statements that follow.
                    continue;
                }
                if stmts.last().is_some_and(|s| s.kind() == "break_statement") {
                    stmts.pop();
                } else if !last && !stmts.last().is_some_and(|s| leaves(*s)) {
                    return fx.decline(*clause, "`switch` case that falls through");
                }
                if let Some(b) = stmts.iter().find(|s| has_own_break(**s)) {
                    return fx.decline(*b, "`break` inside a `switch` case");
                }
                let mut body = Vec::new();
                for s in stmts {
                    fx.statement(s, &mut body)?;
                }
                if default {
                    orelse = body;
                    if !labels.is_empty() {
                        // `case a: default:`: the default's statements
                        // whatever the value.
                        return fx.decline(*clause, "`case` falling into `default`");
                    }
                } else {
                    let test = fx.case_test(
                        node,
                        subject,
                        bound.as_deref(),
                        &std::mem::take(&mut labels),
                    )?;
                    branches.push((test, body));
                }
            }
            Ok(StmtKind::If { branches, orelse })
        })?;
        match kind {
            StmtKind::If { branches, orelse } if branches.is_empty() => out.extend(orelse),
            kind => self.push(out, node, kind),
        }
        Ok(())
    }

    /// `x === a || x === b` for the labels of a `switch` case; `x` the
    /// local `bound` where the subject is bound to one.
    fn case_test(
        &mut self,
        node: Node,
        subject: Node,
        bound: Option<&str>,
        labels: &[Node],
    ) -> Res<Expr> {
        let mut tests = Vec::new();
        for l in labels {
            let first = match bound {
                Some(n) => self.expr_of(subject, ExprKind::Name(n.to_string())),
                None => self.expr(subject)?,
            };
            let value = self.expr(*l)?;
            let kind = ExprKind::Compare {
                first: Box::new(first),
                rest: vec![(CmpOp::Eq(EqSem::Identity), value)],
            };
            tests.push(self.expr_of(*l, kind));
        }
        if tests.len() == 1 {
            if let Some(t) = tests.pop() {
                return Ok(t);
            }
        }
        let kind = ExprKind::Logic {
            op: LogicOp::Or,
            operands: tests,
            sem: JS_LOGIC,
        };
        Ok(self.expr_of(node, kind))
    }

    fn if_statement(&mut self, node: Node) -> Res<(StmtKind, Vec<(String, i128)>)> {
        let mut branches = Vec::new();
        let mut orelse = Vec::new();
        let mut cur = node;
        // What the earlier tests being false says.
        let mut failed = Vec::new();
        let mut all_leave = true;
        let mut has_else = false;
        loop {
            let cond = self.field(cur, "condition")?;
            let test = self.condition(cond)?;
            let mut facts = failed.clone();
            self.test_facts(cond, true, &mut facts);
            let consequence = self.field(cur, "consequence")?;
            all_leave &= leaves(consequence);
            let mut present = Vec::new();
            self.null_facts(cond, true, &mut present);
            let body =
                self.knowing_present(present, |fx| fx.knowing(facts, |fx| fx.body(consequence)))?;
            branches.push((test, body));
            self.test_facts(cond, false, &mut failed);
            let Some(alt) = cur.child_by_field_name("alternative") else {
                break;
            };
            let Some(inner) = named_children(alt).first().copied() else {
                break;
            };
            if inner.kind() == "if_statement" {
                cur = inner;
                continue;
            }
            has_else = true;
            orelse = self.knowing(failed.clone(), |fx| fx.body(inner))?;
            break;
        }
        let after = if all_leave && !has_else {
            failed
        } else {
            Vec::new()
        };
        Ok((StmtKind::If { branches, orelse }, after))
    }

    /// A condition in parentheses.
    fn condition(&mut self, node: Node) -> Res<Expr> {
        let inner = if node.kind() == "parenthesized_expression" {
            match named_children(node).as_slice() {
                [e] => *e,
                _ => return self.decline(node, "condition"),
            }
        } else {
            node
        };
        self.expr(inner)
    }

    fn declaration(&mut self, node: Node, out: &mut Block) -> Res<()> {
        for d in named_children(node) {
            if d.kind() != "variable_declarator" {
                return self.decline(d, "declaration");
            }
            let name = self.field(d, "name")?;
            let value = d.child_by_field_name("value");
            match name.kind() {
                "identifier" => {
                    let n = self.t(name).to_string();
                    self.declare(&n, name)?;
                    let Some(v) = value else {
                        // `let x;` holds `undefined` until assigned (again
                        // each time a loop comes round to it).
                        let target = self.name_target(name);
                        let value = self.lit(d, Lit::None);
                        self.push(out, d, StmtKind::Assign { target, value });
                        continue;
                    };
                    if matches!(v.kind(), "arrow_function" | "function_expression") {
                        let f = self.function(&self.resolve(&n), v, None)?;
                        self.push(out, d, StmtKind::Def(Box::new(f)));
                        continue;
                    }
                    if let Some(x) = self.typeof_alias(&n, v, d) {
                        self.typeof_names.push((self.resolve(&n), x));
                        continue;
                    }
                    let object = (v.kind() == "object" || self.empty_object_call(v))
                        && self.binds_once(&n, d)
                        && !self.shrinking.contains(n.as_str());
                    let value = match self.fold_with_statements(v, out)? {
                        Some(acc) => acc,
                        None if object => {
                            self.object_names.insert(self.resolve(&n));
                            self.expr_object_ok(v)?
                        }
                        None => self.expr(v)?,
                    };
                    if let Some(id) = self.number_text(&n, v, &value, d) {
                        self.number_texts.push((self.resolve(&n), id));
                    }
                    let target = self.name_target(name);
                    self.push(out, d, StmtKind::Assign { target, value });
                    if let Some(xs) = self.length_name(&n, v, d) {
                        self.length_names.push((n.clone(), xs));
                    }
                    if v.kind() == "array" && !self.shrinking.contains(&n) {
                        let len = named_children(v).len() as i128;
                        self.lengths.push((self.resolve(&n), len));
                    }
                }
                "array_pattern" => {
                    let Some(v) = value else {
                        return self.decline(d, "destructuring without a value");
                    };
                    let target = self.pattern(name, true)?;
                    let value = self.destructured(v)?;
                    self.push(out, d, StmtKind::Assign { target, value });
                }
                _ => return self.decline(name, "object destructuring"),
            }
        }
        Ok(())
    }

    /// The value an array pattern takes apart: an array literal becomes
    /// a tuple of its items, so `[a, b] = [b, a]` swaps.
    fn destructured(&mut self, v: Node) -> Res<Expr> {
        if v.kind() == "array" {
            let items = named_children(v);
            if items.iter().any(|i| i.kind() == "spread_element") {
                return self.decline(v, "spread in a destructured array");
            }
            let xs = items
                .iter()
                .map(|i| self.expr(*i))
                .collect::<Res<Vec<_>>>()?;
            return Ok(self.expr_of(v, ExprKind::Tuple(xs)));
        }
        self.expr(v)
    }

    fn name_target(&mut self, node: Node) -> Target {
        Target::Name {
            name: self.resolve(self.t(node)),
            id: self.ids.fresh(),
        }
    }

    /// An array pattern's names, declared when `declare` (a `let`/`const`).
    fn pattern(&mut self, node: Node, declare: bool) -> Res<Target> {
        let mut parts = Vec::new();
        for c in named_children(node) {
            match c.kind() {
                "identifier" => {
                    if declare {
                        let n = self.t(c).to_string();
                        self.declare(&n, c)?;
                    }
                    parts.push(self.name_target(c));
                }
                "array_pattern" => parts.push(self.pattern(c, declare)?),
                _ => return self.decline(c, "destructuring pattern"),
            }
        }
        // `[a, , b]` leaves a hole the IR's tuples do not have.
        let commas = super::super::children(node)
            .iter()
            .filter(|k| self.t(**k) == ",")
            .count();
        if commas + 1 != parts.len() {
            return self.decline(node, "destructuring pattern with holes");
        }
        Ok(Target::Tuple(parts))
    }

    /// An assignment's left side.
    fn target(&mut self, node: Node) -> Res<Target> {
        match node.kind() {
            "identifier" => Ok(self.name_target(node)),
            "parenthesized_expression" => match named_children(node).as_slice() {
                [inner] => self.target(*inner),
                _ => self.decline(node, "assignment target"),
            },
            "subscript_expression" => {
                let value = self.expr(self.field(node, "object")?)?;
                let index = self.expr(self.field(node, "index")?)?;
                // A slot of an `Array(n)` its loop fills: never out of
                // range, so JavaScript's store past an end (which the
                // target would not make alike) does not arise.
                let sem = if self.in_range_stores.contains(&node.id()) {
                    IN_RANGE_STORE
                } else {
                    JS_INDEX
                };
                Ok(Target::Index {
                    value: Box::new(value),
                    index: Box::new(index),
                    sem,
                })
            }
            "array_pattern" => self.pattern(node, false),
            // `o.name = v`, for a target with JavaScript's values (an
            // object's property set or added, as `o["name"] = v`).
            "member_expression" if self.dynamic => {
                let prop = self.field(node, "property")?;
                if prop.kind() != "property_identifier"
                    || super::super::children(node)
                        .iter()
                        .any(|c| c.kind() == "optional_chain")
                {
                    return self.decline(node, "assignment to a property");
                }
                let value = self.expr(self.field(node, "object")?)?;
                Ok(Target::Attr {
                    value: Box::new(value),
                    name: self.t(prop).to_string(),
                })
            }
            "member_expression" => self.decline(node, "assignment to a property"),
            other => self.decline(node, format!("assignment to `{}`", construct(other))),
        }
    }

    /// `return value;`, with the `++`/`--` inside `root` (the statement,
    /// or the last operand of a comma) made before it.
    fn return_statement(&mut self, root: Node, value: Option<Node>, out: &mut Block) -> Res<()> {
        self.hoisting(root, false, out, |fx, out| {
            match value {
                None => fx.push(out, root, StmtKind::Return(None)),
                Some(v) => {
                    // `return xs.sort(...)` sorts `xs` and returns it.
                    if let Some((recv, stmt)) = fx.in_place_call(v)? {
                        out.push(stmt);
                        fx.push(out, root, StmtKind::Return(Some(recv)));
                    } else if let Some(acc) = fx.fold_with_statements(v, out)? {
                        fx.push(out, root, StmtKind::Return(Some(acc)));
                    } else {
                        let e = fx.expr_object_ok(v)?;
                        fx.push(out, root, StmtKind::Return(Some(e)));
                    }
                }
            }
            Ok(())
        })
    }

    /// Lowers a statement into `out` by `lower`, with the `++`/`--` inside
    /// `root` that [`Front::hoisted_update`] takes made before it
    /// (prefix) or after it (postfix, where `after_ok`).
    fn hoisting(
        &mut self,
        root: Node,
        after_ok: bool,
        out: &mut Block,
        lower: impl FnOnce(&mut Self, &mut Block) -> Res<()>,
    ) -> Res<()> {
        let (mut stmts, before, after) = self.with_hoist(root, after_ok, |fx| {
            let mut stmts = Vec::new();
            lower(fx, &mut stmts)?;
            Ok(stmts)
        })?;
        for u in &before {
            out.push(self.update_stmt(u));
        }
        out.append(&mut stmts);
        for u in &after {
            out.push(self.update_stmt(u));
        }
        Ok(())
    }

    /// Runs `f` with `root` as where updates may be hoisted from, and
    /// returns what it gave with the prefix and postfix updates taken.
    fn with_hoist<T>(
        &mut self,
        root: Node,
        after_ok: bool,
        f: impl FnOnce(&mut Self) -> Res<T>,
    ) -> Res<(T, Vec<Update>, Vec<Update>)> {
        let mine = Hoist {
            root: root.id(),
            after_ok,
            before: Vec::new(),
            after: Vec::new(),
        };
        let outer = self.hoist.replace(mine);
        let r = f(self);
        let mine = std::mem::replace(&mut self.hoist, outer);
        let (before, after) = mine.map_or_else(Default::default, |h| (h.before, h.after));
        Ok((r?, before, after))
    }

    /// The `+` of `++`: it converts its operand to a number first, which
    /// a target with JavaScript's values says (`Numeric`); the others
    /// decline `++` of a name not known to hold a number.
    fn increment(&self) -> BinOp {
        if self.dynamic {
            BinOp::Add(OperandSem::Numeric)
        } else {
            BinOp::Add(OperandSem::Coercing)
        }
    }

    fn update_stmt(&mut self, u: &Update) -> Stmt {
        let op = if u.add { self.increment() } else { BinOp::Sub };
        let target = Target::Name {
            name: u.name.clone(),
            id: self.ids.fresh(),
        };
        let value = Expr {
            id: self.ids.fresh(),
            kind: ExprKind::Lit(Lit::Int(1)),
            line: u.line,
        };
        Stmt::new(StmtKind::AugAssign { target, op, value }, u.line)
    }

    /// `++i`, `i--` inside an expression, as the name `i` with the update
    /// made a statement before the statement (prefix) or after it
    /// (postfix), where nothing can tell: `i` is a local that no nested
    /// function mentions (a call cannot read it), the statement's root
    /// mentions it nowhere else (no read before or after the update sees
    /// another value), every run of the root runs the update once (not
    /// behind `&&`, `||`, `??`, `?:` or `?.`), and no `try` is around (an
    /// error thrown in the statement before or after the update would be
    /// caught with `i` changed, or not, where JavaScript's would not).
    fn hoisted_update(&mut self, node: Node) -> Res<Option<ExprKind>> {
        let Some(hoist) = &self.hoist else {
            return Ok(None);
        };
        let arg = self.field(node, "argument")?;
        let prefix = node
            .child(0)
            .is_some_and(|c| matches!(c.kind(), "++" | "--"));
        // `x++` gives `x` converted to a number, which a target with
        // JavaScript's values may not hold yet: left in place there.
        if arg.kind() != "identifier" || (!prefix && (!hoist.after_ok || self.dynamic)) {
            return Ok(None);
        }
        let name = self.t(arg);
        if !self.visible(name) {
            return Ok(None);
        }
        let Some(root) = evaluated_once_in(node, hoist.root) else {
            return Ok(None);
        };
        let alone = mentions(root, name, self.src) == 1 && !self.captured.contains(name);
        if !(alone || moves_unseen(node, root, name, self.src, prefix)) || inside_try(root) {
            return Ok(None);
        }
        let update = Update {
            name: self.resolve(name),
            add: self.t(node).contains("++"),
            line: self.line(node),
        };
        let value = self.expr(arg)?;
        if let Some(hoist) = &mut self.hoist {
            if prefix {
                hoist.before.push(update);
            } else {
                hoist.after.push(update);
            }
        }
        Ok(Some(value.kind))
    }

    /// `x = e` or `x op= e` inside an expression, as `(x := e)` (`(x :=
    /// x op e)`): see [`Front::in_place_name`] for where.
    fn assignment_in_place(&mut self, node: Node) -> Res<ExprKind> {
        let what = "assignment inside an expression";
        let left = self.field(node, "left")?;
        match left.kind() {
            "identifier" => {}
            "member_expression" | "subscript_expression" => {
                return self.decline(node, format!("{what}, of a property or an element"))
            }
            _ => return self.decline(node, format!("{what}, of a pattern")),
        }
        let name = self.in_place_name(node, left, what)?;
        let right = self.field(node, "right")?;
        let value = if node.kind() == "augmented_assignment_expression" {
            let op_text = self.t(self.field(node, "operator")?);
            let op = self.binop(op_text.trim_end_matches('='), node)?;
            let held = self.expr_of(left, ExprKind::Name(name.clone()));
            let r = self.expr(right)?;
            self.expr_of(node, ExprKind::Binary(op, Box::new(held), Box::new(r)))
        } else {
            self.expr(right)?
        };
        Ok(self.assign_name(node, name, value, false, false))
    }

    /// `++i`, `i--` inside an expression that [`Front::hoisted_update`]
    /// cannot make a statement: `(i := i + 1)`, and for a postfix update
    /// the value before it. The backend declines a name not known to
    /// hold a number (`++` converts a string, `+ 1` would join one).
    fn update_in_place(&mut self, node: Node) -> Res<ExprKind> {
        let what = "`++`/`--` inside an expression";
        let arg = self.field(node, "argument")?;
        if arg.kind() != "identifier" {
            return self.decline(node, format!("{what}, of a property or an element"));
        }
        let name = self.in_place_name(node, arg, what)?;
        let prefix = node
            .child(0)
            .is_some_and(|c| matches!(c.kind(), "++" | "--"));
        let op = if self.t(node).contains("++") {
            BinOp::Add(OperandSem::Coercing)
        } else {
            BinOp::Sub
        };
        let held = self.expr_of(arg, ExprKind::Name(name.clone()));
        let one = self.lit(node, Lit::Int(1));
        let value = self.expr_of(node, ExprKind::Binary(op, Box::new(held), Box::new(one)));
        Ok(self.assign_name(node, name, value, !prefix, true))
    }

    fn assign_name(
        &mut self,
        node: Node,
        name: String,
        value: Expr,
        old: bool,
        numeric: bool,
    ) -> ExprKind {
        let id = self.ids.fresh();
        self.assigned_in_place.insert(id, node.id());
        ExprKind::AssignName {
            name,
            id,
            value: Box::new(value),
            old,
            numeric,
        }
    }

    /// The IR name of `target`, which the assignment `node` inside an
    /// expression writes, where Python's `:=` binds the same variable and
    /// every read of it sees what JavaScript's sees: not in a callback
    /// lowered inline (a lambda or a comprehension, where `:=` binds
    /// another variable or is not allowed), a variable the function being
    /// lowered declares before (not a global nor a variable of a function
    /// around: `:=` in a function binds a local), that no function nested
    /// in it mentions (a call in the expression could read or write it),
    /// and that the expression around reads or writes nowhere else but in
    /// the assignment's own value or across `&&`, `||` or `?:`, whose
    /// operands both languages evaluate in order (a target's parts are
    /// evaluated after the value in Python's assignment, and the lowering
    /// may reorder other operands: `xs.includes(x)` is `x in xs`). The
    /// unit's IR is checked again after lowering
    /// ([`assignments_in_place_once`]).
    fn in_place_name(&self, node: Node, target: Node, what: &str) -> Res<String> {
        let name = self.t(target);
        let mut around = node.parent();
        while let Some(p) = around.filter(|p| !is_function_node(*p)) {
            around = p.parent();
        }
        // A callback lowered inline (a lambda, a comprehension, a loop's
        // body) shares the blocks of the function around it.
        if around.map(|f| f.id()) != self.function_node {
            return self.decline(node, format!("{what}, in a callback"));
        }
        if !self.blocks.iter().any(|b| b.contains_key(name)) {
            return self.decline(
                node,
                format!("{what}, of `{name}`, not a variable of the function"),
            );
        }
        // Only functions nested in this one can reach its variable.
        let captured = match around {
            Some(f) => captured_names(f, self.src).contains(name),
            None => self.captured.contains(name),
        };
        if captured {
            return self.decline(
                node,
                format!("{what}, of `{name}`, which a nested function uses"),
            );
        }
        let root = expression_root(node);
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if n.id() == node.id() {
                continue;
            }
            if matches!(n.kind(), "identifier" | "shorthand_property_identifier")
                && self.t(n) == name
                && !ordered_apart(node, n)
            {
                return self.decline(
                    node,
                    format!("{what}, of `{name}`, which the expression also reads or writes"),
                );
            }
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
        Ok(self.resolve(name))
    }

    fn expression_statement(&mut self, e: Node, out: &mut Block) -> Res<()> {
        // `c ? a() : b()`, `a && f()` of a test the module's constants
        // settle: the part that runs (a test's value unused runs nothing).
        if let Some(live) = self.live_branch(e) {
            if e.child_by_field_name("left") == Some(live) {
                return Ok(());
            }
            return self.expression_statement(live, out);
        }
        match e.kind() {
            "assignment_expression" => {
                let left = self.field(e, "left")?;
                let right = self.field(e, "right")?;
                if let Some(xs) = self.store_at_end(left, right) {
                    let m = self.append(e, xs, right)?;
                    self.push(out, e, StmtKind::Expr(m));
                    return Ok(());
                }
                let value = if left.kind() == "array_pattern" {
                    self.destructured(right)?
                } else {
                    self.expr(right)?
                };
                let target = self.target(left)?;
                self.push(out, e, StmtKind::Assign { target, value });
            }
            "augmented_assignment_expression"
                if self.dynamic && self.t(self.field(e, "operator")?) == ">>>=" =>
            {
                // `x >>>= y` is `x = x >>> y` (a name is read once either way).
                let left = self.field(e, "left")?;
                if left.kind() != "identifier" {
                    return self.decline(e, "`>>>=` of a property or an element");
                }
                let args = vec![self.expr(left)?, self.expr(self.field(e, "right")?)?];
                let value = self.expr_of(
                    e,
                    ExprKind::Builtin {
                        op: Builtin::JsUnsignedShr,
                        args,
                        keywords: Vec::new(),
                    },
                );
                let target = self.target(left)?;
                self.push(out, e, StmtKind::Assign { target, value });
            }
            "augmented_assignment_expression" => {
                let op_text = self.t(self.field(e, "operator")?);
                let op = self.binop(op_text.trim_end_matches('='), e)?;
                let value = self.expr(self.field(e, "right")?)?;
                let target = self.target(self.field(e, "left")?)?;
                self.push(out, e, StmtKind::AugAssign { target, op, value });
            }
            "update_expression" => {
                let op = if self.t(e).contains("++") {
                    self.increment()
                } else {
                    BinOp::Sub
                };
                let target = self.target(self.field(e, "argument")?)?;
                let one = self.lit(e, Lit::Int(1));
                self.push(
                    out,
                    e,
                    StmtKind::AugAssign {
                        target,
                        op,
                        value: one,
                    },
                );
            }
            "call_expression" => {
                if let Some(stmts) = self.statement_call(e)? {
                    out.extend(stmts);
                } else if let Some((_, stmt)) = self.in_place_call(e)? {
                    out.push(stmt);
                } else {
                    let x = self.expr(e)?;
                    self.push(out, e, StmtKind::Expr(x));
                }
            }
            "string" => {}
            "sequence_expression" => {
                for part in sequence_parts(e) {
                    self.expression_statement(part, out)?;
                }
            }
            "parenthesized_expression" => match named_children(e).as_slice() {
                [inner] => return self.expression_statement(*inner, out),
                _ => return self.decline(e, "expression statement"),
            },
            "binary_expression" if self.guarded_statement(e, out)? => {}
            "ternary_expression" => self.ternary_statement(e, out)?,
            other => return self.decline(e, format!("`{}` as a statement", construct(other))),
        }
        Ok(())
    }

    /// `xs` of `xs[xs.length] = v`, a store one past the end, which
    /// appends as `xs.push(v)` does (Python's `xs[len(xs)] = v` raises),
    /// where `v` runs nothing that could change `xs` between the read of
    /// its length and the store.
    fn store_at_end<'t>(&self, left: Node<'t>, right: Node<'t>) -> Option<Node<'t>> {
        let left = bare(left)?;
        if left.kind() != "subscript_expression" {
            return None;
        }
        let xs = left.child_by_field_name("object")?;
        let index = bare(left.child_by_field_name("index")?)?;
        let of = index.child_by_field_name("object")?;
        let length = index.child_by_field_name("property")?;
        let plain = xs.kind() == "identifier"
            && index.kind() == "member_expression"
            && of.kind() == "identifier"
            && self.t(of) == self.t(xs)
            && self.t(length) == "length";
        (plain && !runs_code(right)).then_some(xs)
    }

    /// `xs.push(v)` of one value, as a statement's expression: what `xs`
    /// is known to hold grows by one.
    fn append(&mut self, node: Node, obj: Node, value: Node) -> Res<Expr> {
        let recv = self.expr(obj)?;
        let x = self.expr(value)?;
        self.grown(obj, 1);
        Ok(self.expr_of(
            node,
            ExprKind::Method {
                recv: Box::new(recv),
                method: Method::Append,
                args: vec![x],
                keywords: Vec::new(),
            },
        ))
    }

    /// After `xs.push(a)`, for the rest of the block, `xs` holds at least
    /// `pushed` items (more when it is known to hold some): `xs.at(-1)`
    /// then reads what was pushed.
    fn grown(&mut self, obj: Node, pushed: i128) {
        if obj.kind() == "identifier" && !self.shrinking.contains(self.t(obj)) {
            let name = self.resolve(self.t(obj));
            let before = self
                .lengths
                .iter()
                .filter(|(m, _)| *m == name)
                .map(|(_, k)| *k)
                .max()
                .unwrap_or(0);
            self.lengths.push((name, before + pushed));
        }
    }

    /// `c ? a() : b()` as a statement: an `if`/`else` whose branches run
    /// as statements of their own, as the value of the whole is not used
    /// (a `++`/`--` of a branch moves inside that branch).
    fn ternary_statement(&mut self, e: Node, out: &mut Block) -> Res<()> {
        let test = self.expr(self.field(e, "condition")?)?;
        let mut bodies = Vec::new();
        for field in ["consequence", "alternative"] {
            let part = self.field(e, field)?;
            let mut body = Vec::new();
            self.hoisting(part, true, &mut body, |fx, body| {
                fx.expression_statement(part, body)
            })?;
            bodies.push(body);
        }
        let orelse = bodies.pop().unwrap_or_default();
        let body = bodies.pop().unwrap_or_default();
        self.push(
            out,
            e,
            StmtKind::If {
                branches: vec![(test, body)],
                orelse,
            },
        );
        Ok(())
    }

    /// `a && f(a)`, `a || (a = b)` as a statement: the right side runs
    /// only where the left is true (`&&`) or false (`||`), as the body of
    /// an `if`. The value of the whole is not used, so nothing else of
    /// `&&` and `||` is kept. False where `e` is another binary operator.
    fn guarded_statement(&mut self, e: Node, out: &mut Block) -> Res<bool> {
        let op = self.t(self.field(e, "operator")?);
        if !matches!(op, "&&" | "||") {
            return Ok(false);
        }
        let left = self.field(e, "left")?;
        let right = self.field(e, "right")?;
        let test = self.expr(left)?;
        let test = if op == "||" {
            self.expr_of(left, ExprKind::Not(Box::new(test), Truthiness::JavaScript))
        } else {
            test
        };
        // A `++`/`--` of the right side moves inside the body: it runs
        // only where the right side does.
        let mut body = Vec::new();
        self.hoisting(right, true, &mut body, |fx, body| {
            fx.expression_statement(right, body)
        })?;
        self.push(
            out,
            e,
            StmtKind::If {
                branches: vec![(test, body)],
                orelse: Vec::new(),
            },
        );
        Ok(true)
    }

    /// Calls whose value is not used and that the IR writes as
    /// statements: `xs.push(a)`, `xs.unshift(a)`, `xs.forEach(f)`.
    fn statement_call(&mut self, call: Node) -> Res<Option<Block>> {
        let Some((obj, prop)) = self.member_call(call) else {
            return Ok(None);
        };
        let args = self.arg_nodes(call)?;
        let mut out = Vec::new();
        match prop {
            "push" => {
                let recv = self.expr(obj)?;
                let method = if args.len() == 1 {
                    Method::Append
                } else {
                    Method::Extend
                };
                let mut xs = args
                    .iter()
                    .map(|a| self.expr(*a))
                    .collect::<Res<Vec<_>>>()?;
                let pushed = xs.len() as i128;
                if method == Method::Extend {
                    let list = self.expr_of(call, ExprKind::List(xs));
                    xs = vec![list];
                }
                self.grown(obj, pushed);
                let m = self.expr_of(
                    call,
                    ExprKind::Method {
                        recv: Box::new(recv),
                        method,
                        args: xs,
                        keywords: Vec::new(),
                    },
                );
                self.push(&mut out, call, StmtKind::Expr(m));
            }
            "add" if args.len() == 1 => {
                // `set.add(x)`; its value (the set) is not used.
                let recv = self.expr(obj)?;
                let x = self.expr(args[0])?;
                let m = self.expr_of(
                    call,
                    ExprKind::Method {
                        recv: Box::new(recv),
                        method: Method::Add,
                        args: vec![x],
                        keywords: Vec::new(),
                    },
                );
                self.push(&mut out, call, StmtKind::Expr(m));
            }
            // `xs.splice(i, 1)` whose value is not used removes the item at
            // `i` (from the end when negative, clamped at 0) where there is
            // one; past the end it removes nothing, where `pop(i)` fails:
            // its own method, which each backend writes exactly or declines.
            "splice" if args.len() == 2 && self.literal_int(args[1]) == Some(1) => {
                let recv = self.expr(obj)?;
                let i = self.expr(args[0])?;
                let m = self.expr_of(
                    call,
                    ExprKind::Method {
                        recv: Box::new(recv),
                        method: Method::SpliceOne,
                        args: vec![i],
                        keywords: Vec::new(),
                    },
                );
                self.push(&mut out, call, StmtKind::Expr(m));
            }
            "unshift" if args.len() == 1 => {
                let recv = self.expr(obj)?;
                let zero = self.lit(call, Lit::Int(0));
                let x = self.expr(args[0])?;
                let m = self.expr_of(
                    call,
                    ExprKind::Method {
                        recv: Box::new(recv),
                        method: Method::Insert,
                        args: vec![zero, x],
                        keywords: Vec::new(),
                    },
                );
                self.push(&mut out, call, StmtKind::Expr(m));
            }
            "forEach" if args.len() == 1 => {
                // `xs.forEach(x => { ... })` is a loop over `xs`; a `return`
                // in the callback ends one call, as `continue` ends one
                // round.
                let f = args[0];
                if !matches!(f.kind(), "arrow_function" | "function_expression") {
                    return self.decline(f, "`forEach` with a named callback");
                }
                let params = self.callback_params(f, false)?;
                let iter = self.expr(obj)?;
                let body_node = self.field(f, "body")?;
                let (target, iter) = self.callback_binding(f, &params, iter, true)?;
                self.loops += 1;
                let body = self.with_block(|fx| {
                    for p in &params {
                        fx.declare(fx.t(*p), *p)?;
                    }
                    if body_node.kind() == "statement_block" {
                        let mut b = Vec::new();
                        for s in named_children(body_node) {
                            fx.statement(s, &mut b)?;
                        }
                        Ok(b)
                    } else {
                        let mut b = Vec::new();
                        fx.expression_statement(body_node, &mut b)?;
                        Ok(b)
                    }
                });
                self.loops -= 1;
                let body = returns_to_continue(body?, self, body_node)?;
                self.push(
                    &mut out,
                    call,
                    StmtKind::For {
                        target,
                        iter,
                        body,
                        orelse: Vec::new(),
                    },
                );
            }
            _ => return Ok(None),
        }
        Ok(Some(out))
    }

    /// `xs.sort(...)` or `xs.reverse()` on a name: the statement that
    /// changes `xs`, and `xs` itself (what the call gives back).
    fn in_place_call(&mut self, call: Node) -> Res<Option<(Expr, Stmt)>> {
        if call.kind() != "call_expression" {
            return Ok(None);
        }
        let Some((obj, prop)) = self.member_call(call) else {
            return Ok(None);
        };
        if !matches!(prop, "sort" | "reverse") || obj.kind() != "identifier" {
            return Ok(None);
        }
        let args = self.arg_nodes(call)?;
        let recv = self.expr(obj)?;
        let recv2 = self.expr(obj)?;
        let (method, keywords) = if prop == "sort" {
            (Method::Sort, self.sort_order(call, &args)?)
        } else {
            if !args.is_empty() {
                return self.decline(call, "`reverse` with arguments");
            }
            (Method::Reverse, Vec::new())
        };
        let m = self.expr_of(
            call,
            ExprKind::Method {
                recv: Box::new(recv),
                method,
                args: Vec::new(),
                keywords,
            },
        );
        Ok(Some((recv2, Stmt::new(StmtKind::Expr(m), self.line(call)))))
    }

    /// The keywords of a sort by a comparator: `(a, b) => a - b` is the
    /// natural order, `(a, b) => b - a` the reverse; with none, JavaScript
    /// compares the items as strings (`key=str`).
    fn sort_order(&mut self, call: Node, args: &[Node]) -> Res<Vec<(String, Expr)>> {
        match args {
            [] => {
                let (p, pid) = ("item".to_string(), self.ids.fresh());
                let name = self.expr_of(call, ExprKind::Name(p.clone()));
                let body = self.expr_of(
                    call,
                    ExprKind::Builtin {
                        op: Builtin::ToStr,
                        args: vec![name],
                        keywords: Vec::new(),
                    },
                );
                let key = self.expr_of(
                    call,
                    ExprKind::Lambda {
                        params: vec![(p, pid)],
                        body: Box::new(body),
                    },
                );
                Ok(vec![("key".to_string(), key)])
            }
            [f] if f.kind() == "arrow_function" => {
                let params = self.callback_params(*f, false)?;
                let [a, b] = params.as_slice() else {
                    return self.decline(*f, "sort comparator");
                };
                let mut body = self.field(*f, "body")?;
                if body.kind() == "statement_block" {
                    match named_children(body).as_slice() {
                        [r] if r.kind() == "return_statement" => match named_children(*r).first() {
                            Some(e) => body = *e,
                            None => return self.decline(*f, "sort comparator"),
                        },
                        _ => return self.decline(*f, "sort comparator"),
                    }
                }
                // `(a, b) => (a - b)`: the parentheses change nothing.
                while body.kind() == "parenthesized_expression" {
                    match named_children(body).as_slice() {
                        [inner] => body = *inner,
                        _ => return self.decline(*f, "sort comparator"),
                    }
                }
                if body.kind() == "binary_expression"
                    && self.t(self.field(body, "operator")?) == "-"
                {
                    let l = self.t(self.field(body, "left")?);
                    let r = self.t(self.field(body, "right")?);
                    let (a, b) = (self.t(*a), self.t(*b));
                    if l == a && r == b {
                        return Ok(Vec::new());
                    }
                    if l == b && r == a {
                        let t = self.lit(call, Lit::Bool(true));
                        return Ok(vec![("reverse".to_string(), t)]);
                    }
                }
                self.decline(*f, "sort comparator")
            }
            _ => self.decline(call, "sort comparator"),
        }
    }

    fn for_of(&mut self, node: Node, out: &mut Block) -> Res<()> {
        let op = self.t(self.field(node, "operator")?);
        if op != "of" && op != "in" {
            return self.decline(node, "`for ... in`");
        }
        if node
            .child_by_field_name("kind")
            .is_some_and(|k| self.t(k) == "await")
        {
            return self.decline(node, "`for await`");
        }
        let declares = node.child_by_field_name("kind").is_some();
        let left = self.field(node, "left")?;
        let right = self.field(node, "right")?;
        // `for (k in o)`: the keys JavaScript visits, read before the
        // loop (a key the body adds is not visited; one it deletes is
        // declined with `delete`).
        let iter = if op == "in" {
            if left.kind() != "identifier" {
                return self.decline(left, "`for ... in` target");
            }
            let o = self.expr(right)?;
            self.builtin(right, Builtin::JsKeysIn, vec![o])
        } else {
            // `xs.entries()` gives `[index, item]` pairs.
            match self.member_call(right) {
                Some((obj, "entries")) if self.arg_nodes(right)?.is_empty() => {
                    let xs = self.expr(obj)?;
                    self.builtin(right, Builtin::Enumerate, vec![xs])
                }
                _ => self.expr(right)?,
            }
        };
        self.loops += 1;
        // The items of a string, or of `s.split("")`, are one character
        // each (a name the body reassigns is not one of them).
        let chars = op == "of"
            && left.kind() == "identifier"
            && !self.changes(self.field(node, "body")?, self.t(left))
            && (self.is_split_into_chars(right)
                || right.kind() == "identifier" && self.string_params.contains(self.t(right)));
        let r = self.with_block(|fx| {
            let target = match left.kind() {
                "identifier" => {
                    if declares {
                        fx.declare(fx.t(left), left)?;
                    }
                    fx.name_target(left)
                }
                "array_pattern" => fx.pattern(left, declares)?,
                _ => return fx.decline(left, "loop target"),
            };
            let facts = match &target {
                Target::Name { name, .. } if chars => vec![(name.clone(), 1)],
                _ => Vec::new(),
            };
            let body = fx.knowing(facts, |fx| fx.body(fx.field(node, "body")?))?;
            Ok((target, body))
        });
        self.loops -= 1;
        let (target, body) = r?;
        self.push(
            out,
            node,
            StmtKind::For {
                target,
                iter,
                body,
                orelse: Vec::new(),
            },
        );
        Ok(())
    }

    /// `for (init; cond; update) body`: a loop over a range where the
    /// counter counts by a constant step to a bound the body leaves alone,
    /// else `init; while (cond) { body; update }`, the update also before
    /// each `continue`.
    fn for_statement(&mut self, node: Node, out: &mut Block) -> Res<()> {
        let body_node = self.field(node, "body")?;
        let facts = self.lengths.len();
        if let Some(range) = self.counting_loop(node, body_node)? {
            let (target, iter) = range;
            self.loops += 1;
            let body = self.body(body_node);
            self.loops -= 1;
            self.blocks.pop();
            self.lengths.truncate(facts);
            self.push(
                out,
                node,
                StmtKind::For {
                    target,
                    iter,
                    body: body?,
                    orelse: Vec::new(),
                },
            );
            return Ok(());
        }
        self.with_block(|fx| {
            if let Some(init) = node.child_by_field_name("initializer") {
                match init.kind() {
                    "lexical_declaration" | "variable_declaration" => fx.declaration(init, out)?,
                    "empty_statement" => {}
                    "expression_statement" => {
                        for e in named_children(init) {
                            fx.expression_statement(e, out)?;
                        }
                    }
                    _ => fx.expression_statement(init, out)?,
                }
            }
            let test = match node.child_by_field_name("condition") {
                Some(c) if c.kind() == "expression_statement" => {
                    match named_children(c).as_slice() {
                        [e] => fx.expr(*e)?,
                        _ => return fx.decline(c, "loop condition"),
                    }
                }
                Some(c) if !matches!(c.kind(), "empty_statement" | ";") => fx.expr(c)?,
                _ => fx.lit(node, Lit::Bool(true)),
            };
            fx.loops += 1;
            let body = fx.body(body_node);
            fx.loops -= 1;
            let mut body = body?;
            if let Some(update) = node.child_by_field_name("increment") {
                if has_own_continue(body_node) {
                    fx.update_before_continues(update, &mut body)?;
                }
                fx.update(update, &mut body)?;
            }
            fx.push(out, node, StmtKind::While { test, body });
            Ok(())
        })
    }

    /// A `for` loop's update (`i++`, `i++, j--`) as statements.
    fn update(&mut self, update: Node, out: &mut Block) -> Res<()> {
        self.expression_statement(update, out)
    }

    /// Puts the loop's update before each `continue` of the loop's own in
    /// `b` (not of loops or functions nested in it): a `for` loop's
    /// `continue` runs the update before the test, which the `while` it
    /// becomes would skip. Each copy is lowered afresh, with ids of its
    /// own.
    fn update_before_continues(&mut self, update: Node, b: &mut Block) -> Res<()> {
        let mut i = 0;
        while i < b.len() {
            match &mut b[i].kind {
                StmtKind::Continue => {
                    let mut before = Vec::new();
                    self.update(update, &mut before)?;
                    let n = before.len();
                    b.splice(i..i, before);
                    i += n;
                }
                StmtKind::If { branches, orelse } => {
                    for (_, body) in branches.iter_mut() {
                        self.update_before_continues(update, body)?;
                    }
                    self.update_before_continues(update, orelse)?;
                }
                _ => {}
            }
            i += 1;
        }
        Ok(())
    }

    /// The counter and range of a counting loop. On success the counter's
    /// block is left open (the caller lowers the body in it and closes it).
    fn counting_loop(&mut self, node: Node, body: Node) -> Res<Option<(Target, Expr)>> {
        let (Some(init), Some(cond), Some(update)) = (
            node.child_by_field_name("initializer"),
            node.child_by_field_name("condition"),
            node.child_by_field_name("increment"),
        ) else {
            return Ok(None);
        };
        // `let i = start`: a counter scoped to the loop, so nothing after
        // the loop sees where it stopped.
        if init.kind() != "lexical_declaration" {
            return Ok(None);
        }
        let decls = named_children(init);
        let [d] = decls.as_slice() else {
            return Ok(None);
        };
        let (Some(name), Some(start)) = (
            d.child_by_field_name("name"),
            d.child_by_field_name("value"),
        ) else {
            return Ok(None);
        };
        if name.kind() != "identifier" {
            return Ok(None);
        }
        let counter = self.t(name);
        let cond = if cond.kind() == "expression_statement" {
            match named_children(cond).as_slice() {
                [e] => *e,
                _ => return Ok(None),
            }
        } else {
            cond
        };
        let Some((cl, cop, cr)) = self.binary_parts(cond) else {
            return Ok(None);
        };
        if cl.kind() != "identifier" || self.t(cl) != counter {
            return Ok(None);
        }
        // The step: `i++`, `++i`, `i += k`, `i--`, `i -= k`.
        let step: i128 = match update.kind() {
            "update_expression" => {
                let arg = self.field(update, "argument")?;
                if self.t(arg) != counter {
                    return Ok(None);
                }
                if self.t(update).contains("++") {
                    1
                } else {
                    -1
                }
            }
            "augmented_assignment_expression" => {
                let left = self.field(update, "left")?;
                let right = self.field(update, "right")?;
                if self.t(left) != counter || right.kind() != "number" {
                    return Ok(None);
                }
                let Ok(k) = self.t(right).parse::<i128>() else {
                    return Ok(None);
                };
                match self.t(self.field(update, "operator")?) {
                    "+=" if k > 0 => k,
                    "-=" if k > 0 => -k,
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        let (inclusive, up) = match cop {
            "<" => (false, true),
            "<=" => (true, true),
            ">" => (false, false),
            ">=" => (true, false),
            _ => return Ok(None),
        };
        if up != (step > 0) {
            return Ok(None);
        }
        // The body leaves the counter alone, and the bound reads only
        // names (and their lengths) the body does not change.
        if self.changes(body, counter) || !self.stable_bound(cr, body) {
            return Ok(None);
        }
        // Bound and start are read where the loop starts: outside the
        // counter's block.
        let start = self.expr(start)?;
        let mut stop = self.expr(cr)?;
        if inclusive {
            let one = self.lit(cr, Lit::Int(if up { 1 } else { -1 }));
            let op = BinOp::Add(OperandSem::Coercing);
            stop = self.expr_of(cr, ExprKind::Binary(op, Box::new(stop), Box::new(one)));
        }
        let mut args = vec![start, stop];
        if step != 1 {
            args.push(self.lit(update, Lit::Int(step)));
        }
        let iter = self.expr_of(
            node,
            ExprKind::Builtin {
                op: Builtin::Range,
                args,
                keywords: Vec::new(),
            },
        );
        self.blocks.push(HashMap::new());
        if let Err(e) = self.declare(counter, name) {
            self.blocks.pop();
            return Err(e);
        }
        // In the body the loop ran, so `xs.length` is past the start.
        if cop == "<" {
            if let (Some(n), Some(s0)) = (
                self.length_of(cr),
                d.child_by_field_name("value")
                    .and_then(|v| self.literal_int(v)),
            ) {
                if s0 >= 0 {
                    self.lengths.push((n, s0 + 1));
                }
            }
        }
        let target = self.name_target(name);
        Ok(Some((target, iter)))
    }

    /// Whether running `node` may change `name`: it writes it, or a
    /// nested function that assigns it may be called there.
    fn changes(&self, node: Node, name: &str) -> bool {
        writes_name(node, name, self.src) || self.closure_assigned.contains(name)
    }

    /// Whether a loop bound evaluates to the same value every round: it
    /// reads only literals, and names and their `.length` that the body
    /// does not change, with arithmetic between them.
    fn stable_bound(&self, bound: Node, body: Node) -> bool {
        match bound.kind() {
            "number" => true,
            "identifier" => !self.changes(body, self.t(bound)),
            "parenthesized_expression" => named_children(bound)
                .first()
                .is_some_and(|e| self.stable_bound(*e, body)),
            "member_expression" => {
                let obj = bound.child_by_field_name("object");
                let prop = bound.child_by_field_name("property").map(|p| self.t(p));
                prop == Some("length")
                    && obj
                        .is_some_and(|o| o.kind() == "identifier" && !self.changes(body, self.t(o)))
            }
            "binary_expression" => {
                let op = bound
                    .child_by_field_name("operator")
                    .map_or("", |o| self.t(o));
                matches!(op, "+" | "-" | "*")
                    && [
                        bound.child_by_field_name("left"),
                        bound.child_by_field_name("right"),
                    ]
                    .into_iter()
                    .all(|s| s.is_some_and(|s| self.stable_bound(s, body)))
            }
            _ => false,
        }
    }

    // ----- expressions -----

    fn binop(&self, op: &str, node: Node) -> Res<BinOp> {
        Ok(match op {
            "+" => BinOp::Add(OperandSem::Coercing),
            "-" => BinOp::Sub,
            // JavaScript's `*` only multiplies (`"ab" * 2` is `NaN`).
            "*" => BinOp::Mul(OperandSem::Numeric),
            "/" => BinOp::Div(DivSem::Number),
            "%" => BinOp::Rem(Rounding::Trunc),
            "**" => BinOp::Pow,
            "&" => BinOp::BitAnd,
            "|" => BinOp::BitOr,
            "^" => BinOp::BitXor,
            "<<" => BinOp::Shl,
            ">>" => BinOp::Shr,
            other => return self.decline(node, format!("operator `{other}`")),
        })
    }

    fn exprs(&mut self, nodes: &[Node]) -> Res<Vec<Expr>> {
        nodes.iter().map(|n| self.expr(*n)).collect()
    }

    /// [`Front::expr`] where an object may stand (see
    /// [`Front::object_ok`]).
    fn expr_object_ok(&mut self, node: Node) -> Res<Expr> {
        self.object_ok = true;
        let r = self.expr(node);
        self.object_ok = false;
        r
    }

    /// What `node` is known to be wherever the unit runs (see
    /// [`known`]): the module's constants, node's globals where neither
    /// the unit nor the module binds them, and the unit's own bindings as
    /// values the translation makes.
    fn known(&self, node: Node) -> Option<Known> {
        self.in_scope(|scope| known::fold(node, self.src, scope))
    }

    /// `f` given what the unit's names are known to be (see
    /// [`Front::known_name`]), its own bindings holding values the
    /// translation makes.
    fn in_scope<R>(&self, f: impl FnOnce(&known::Scope) -> R) -> R {
        let name = |n: &str| self.known_name(n);
        let translated = |n: Node| self.visible(self.t(n));
        f(&known::Scope {
            name: &name,
            translated: &translated,
        })
    }

    /// What the name `n` (or a member of a module bound whole,
    /// `_setup.hasEnumBug`) the unit does not bind is known to be.
    fn known_name(&self, n: &str) -> Option<Known> {
        let head = n.split('.').next().unwrap_or(n);
        if self.visible(head) {
            return None;
        }
        if let Some(text) = self.constants.get(n) {
            return Known::from_text(text);
        }
        if n.contains('.') || self.module_names.contains(n) {
            return None;
        }
        known::environment(n)
    }

    /// What runs of a conditional whose test is known (see
    /// [`known::settle`]).
    fn settle<'t>(&self, node: Node<'t>) -> Option<known::Settled<'t>> {
        self.in_scope(|scope| known::settle(node, self.src, scope))
    }

    /// The operand whose value `c ? a : b`, `a && b` or `a || b` gives,
    /// where the test is known: the other never runs.
    fn live_branch<'t>(&self, node: Node<'t>) -> Option<Node<'t>> {
        if !matches!(node.kind(), "ternary_expression" | "binary_expression") {
            return None;
        }
        self.settle(node)?.live
    }

    fn expr(&mut self, node: Node) -> Res<Expr> {
        let object_ok = std::mem::take(&mut self.object_ok) || self.dynamic;
        // `c ? a : b`, `a && b` of a test the module's constants settle:
        // the part whose value it gives.
        if let Some(live) = self.live_branch(node) {
            if let Some(Known::Bool(b)) = (Some(live) == node.child_by_field_name("left"))
                .then(|| self.known(live))
                .flatten()
            {
                return Ok(self.lit(live, Lit::Bool(b)));
            }
            return if object_ok {
                self.expr_object_ok(live)
            } else {
                self.expr(live)
            };
        }
        let kind = match node.kind() {
            "parenthesized_expression" => {
                return match named_children(node).as_slice() {
                    [inner] if object_ok => self.expr_object_ok(*inner),
                    [inner] => self.expr(*inner),
                    _ => self.decline(node, "comma expression"),
                }
            }
            "identifier"
                if !object_ok && self.object_names.contains(&self.resolve(self.t(node))) =>
            {
                return self.decline(
                    node,
                    format!(
                        "object `{}` used where a value of another kind may be",
                        self.t(node)
                    ),
                )
            }
            "object" if !object_ok => {
                return self.decline(node, "object literal where a value of another kind may be")
            }
            // `new Object()` and `Object()` make an empty object, as `{}`.
            _ if self.empty_object_call(node) => {
                if !object_ok {
                    return self
                        .decline(node, "`new Object()` where a value of another kind may be");
                }
                ExprKind::Object(Vec::new())
            }
            "identifier" => match self.t(node) {
                n if self.caught.iter().any(|c| c == n) => {
                    return self.decline(
                        node,
                        format!("use of the caught error `{n}` other than `{n}.message`"),
                    )
                }
                "undefined" => ExprKind::Lit(Lit::None),
                // NaN is false where Python's `nan` is true.
                "Infinity" => ExprKind::Lit(Lit::Float(f64::INFINITY)),
                "NaN" if self.dynamic => ExprKind::Lit(Lit::Float(f64::NAN)),
                "NaN" => return self.decline(node, "`NaN`"),
                // With JavaScript's values, an alias of a built-in function
                // (`nativeKeys`, `_isNaN`, `nativeMax`) read as a value is
                // the function.
                n if !self.visible(n) && self.function_alias(n).is_some() => {
                    let meaning = self.function_alias(n).unwrap_or_default();
                    self.global_value(node, meaning)
                }
                n if !self.visible(n) && self.prototypes.contains_key(n) => {
                    let meaning = &self.prototypes[n];
                    let called = if meaning.contains(".prototype.") {
                        format!("`{n}.call(..)`")
                    } else if !meaning.contains(".prototype") {
                        // `Math.max`, `Array.isArray`, `isNaN`.
                        format!("a call of it, `{n}(..)`")
                    } else {
                        format!("a call of a method of it, `{n}.method.call(..)`")
                    };
                    return self.decline(
                        node,
                        format!("`{n}`, the module's alias of `{meaning}`, other than in {called}"),
                    );
                }
                n if !self.visible(n) && self.globals.contains_key(n) => {
                    ExprKind::Name(self.globals[n].clone())
                }
                n if self.typeof_names.iter().any(|(a, _)| *a == self.resolve(n)) => {
                    return self.decline(node, "`typeof` as a value")
                }
                // `Boolean`, `String` and `Number` passed on (`filter(xs,
                // Boolean)`) are the functions of one argument they call.
                n @ ("Boolean" | "String" | "Number") if !self.visible(n) => {
                    let (p, pid) = ("value".to_string(), self.ids.fresh());
                    let value = self.expr_of(node, ExprKind::Name(p.clone()));
                    let body = match n {
                        "Boolean" => {
                            let not = self.expr_of(
                                node,
                                ExprKind::Not(Box::new(value), Truthiness::JavaScript),
                            );
                            ExprKind::Not(Box::new(not), Truthiness::Bool)
                        }
                        _ => ExprKind::Builtin {
                            op: if n == "String" {
                                Builtin::ToStr
                            } else {
                                Builtin::ToNumber
                            },
                            args: vec![value],
                            keywords: Vec::new(),
                        },
                    };
                    ExprKind::Lambda {
                        params: vec![(p, pid)],
                        body: Box::new(self.expr_of(node, body)),
                    }
                }
                // Neither the unit's nor the module's: the environment's,
                // which the target does not have under that name (`Boolean`
                // passed to `filter`, `arguments`).
                n if self.dynamic && !self.visible(n) && self.constants.contains_key(n) => {
                    match literal_constant(&self.constants[n]) {
                        Some(kind) => kind,
                        None => return self.decline(node, format!("module constant `{n}`")),
                    }
                }
                n if !self.visible(n) && JAVASCRIPT_GLOBALS.contains(&n) => {
                    return self.decline(node, format!("`{n}`, a JavaScript global, as a value"))
                }
                n => ExprKind::Name(self.resolve(n)),
            },
            // A target with JavaScript's values tells the two apart.
            "null" if self.dynamic => ExprKind::Builtin {
                op: Builtin::JsNull,
                args: Vec::new(),
                keywords: Vec::new(),
            },
            "undefined" | "null" => ExprKind::Lit(Lit::None),
            "true" => ExprKind::Lit(Lit::Bool(true)),
            "false" => ExprKind::Lit(Lit::Bool(false)),
            "number" => self.number(node)?,
            "string" => ExprKind::Lit(Lit::Str(self.string_value(node)?)),
            "template_string" => self.template(node)?,
            "array" => {
                let items = named_children(node);
                match items.as_slice() {
                    [one] if one.kind() == "spread_element" => {
                        // `[...xs]`: a copy, or the characters of a string.
                        let inner = match named_children(*one).first() {
                            Some(i) => self.expr(*i)?,
                            None => return self.decline(*one, "spread"),
                        };
                        ExprKind::Builtin {
                            op: Builtin::ToList,
                            args: vec![inner],
                            keywords: Vec::new(),
                        }
                    }
                    _ => {
                        if items.iter().any(|i| i.kind() == "spread_element") {
                            let kind = self.spread_items(node, &items)?;
                            return Ok(self.expr_of(node, kind));
                        }
                        let commas = super::super::children(node)
                            .iter()
                            .filter(|k| self.t(**k) == ",")
                            .count();
                        if !items.is_empty() && commas + 1 != items.len() && commas != items.len() {
                            return self.decline(node, "array with holes");
                        }
                        ExprKind::List(self.exprs(&items)?)
                    }
                }
            }
            "object" => self.object(node)?,
            "binary_expression" => self.binary(node)?,
            "unary_expression" => {
                let op = self.t(self.field(node, "operator")?);
                let arg = self.field(node, "argument")?;
                match op {
                    "!" => ExprKind::Not(Box::new(self.expr(arg)?), Truthiness::JavaScript),
                    "-" => {
                        // A negative literal stays one literal.
                        if arg.kind() == "number" {
                            match self.number(arg)? {
                                ExprKind::Lit(Lit::Int(v)) => ExprKind::Lit(Lit::Int(-v)),
                                ExprKind::Lit(Lit::Float(v)) => ExprKind::Lit(Lit::Float(-v)),
                                other => {
                                    ExprKind::Unary(UnOp::Neg, Box::new(self.expr_of(arg, other)))
                                }
                            }
                        } else {
                            ExprKind::Unary(UnOp::Neg, Box::new(self.expr(arg)?))
                        }
                    }
                    "~" => ExprKind::Unary(UnOp::BitNot, Box::new(self.expr(arg)?)),
                    // `+x` converts as `Number(x)` does (they differ only
                    // on a BigInt, which no translated value is).
                    "+" => ExprKind::Builtin {
                        op: Builtin::ToNumber,
                        args: vec![self.expr(arg)?],
                        keywords: Vec::new(),
                    },
                    // Compared with a string, it is a type test (see
                    // `typeof_compare`); as a value, the kind's name, which
                    // `None` cannot give alike for `null` and `undefined`
                    // (the helper raises there).
                    "typeof" => ExprKind::Builtin {
                        op: Builtin::JsTypeOf,
                        args: vec![self.expr(arg)?],
                        keywords: Vec::new(),
                    },
                    // `void 0`: `undefined`, the operand a literal that
                    // does nothing.
                    "void" if matches!(arg.kind(), "number" | "string" | "true" | "false") => {
                        ExprKind::Lit(Lit::None)
                    }
                    other => return self.decline(node, format!("unary `{other}`")),
                }
            }
            "ternary_expression" => {
                let cond = self.field(node, "condition")?;
                let (mut yes, mut no) = (Vec::new(), Vec::new());
                self.test_facts(cond, true, &mut yes);
                self.test_facts(cond, false, &mut no);
                let then_node = self.field(node, "consequence")?;
                let else_node = self.field(node, "alternative")?;
                let (mut present, mut absent) = (Vec::new(), Vec::new());
                self.null_facts(cond, true, &mut present);
                self.null_facts(cond, false, &mut absent);
                let test = self.expr(cond)?;
                let then =
                    self.knowing_present(present, |fx| fx.knowing(yes, |fx| fx.expr(then_node)))?;
                let orelse =
                    self.knowing_present(absent, |fx| fx.knowing(no, |fx| fx.expr(else_node)))?;
                ExprKind::IfElse {
                    test: Box::new(test),
                    truthiness: Truthiness::JavaScript,
                    then: Box::new(then),
                    orelse: Box::new(orelse),
                }
            }
            "subscript_expression" => {
                if node.child_by_field_name("optional_chain").is_some() {
                    return self.decline(node, "optional chaining");
                }
                if self.continues_optional_chain(node) {
                    return self.decline(node, "a chain after optional chaining");
                }
                let index = self.field(node, "index")?;
                if let Some(v) = self.literal_int(index) {
                    if v < 0 {
                        return self.decline(node, "negative index (reads `undefined`)");
                    }
                }
                let obj = self.field(node, "object")?;
                if let Some(need) = self.fixed_need(obj, index) {
                    if let Err(e) = self.check_fixed_read(obj, need, node) {
                        // `y[0]` of `y = x.toString()`: in range where `x`
                        // is a number, which only the types can tell.
                        let text_of = (need <= 1 && obj.kind() == "identifier")
                            .then(|| self.resolve(self.t(obj)))
                            .and_then(|n| {
                                self.number_texts
                                    .iter()
                                    .find(|(m, _)| *m == n)
                                    .map(|(_, id)| *id)
                            });
                        let Some(id) = text_of else {
                            return self.maybe_past_end(node, obj, index);
                        };
                        self.obligations.push(Obligation {
                            id,
                            need: Need::Number,
                            decline: e.0,
                        });
                    }
                }
                ExprKind::Index {
                    value: Box::new(self.expr(self.field(node, "object")?)?),
                    index: Box::new(self.expr(index)?),
                    sem: JS_INDEX,
                }
            }
            "member_expression" => {
                let prop_node = self.field(node, "property")?;
                let prop = self.t(prop_node);
                let obj = self.field(node, "object")?;
                if self.continues_optional_chain(node) {
                    return self.decline(node, "a chain after optional chaining");
                }
                // A global's (`Math.PI`, `Number.EPSILON`, a module's
                // object) is no object of the unit's.
                let global = obj.kind() == "identifier" && !self.visible(self.t(obj));
                // A caught error is read only for its message.
                let caught =
                    obj.kind() == "identifier" && self.caught.iter().any(|c| c == self.t(obj));
                // With JavaScript's values, a method every object inherits
                // is a value (`typeof value.valueOf == 'function'`).
                let inherited_method = self.dynamic && OBJECT_METHODS.contains(&prop);
                let plain = prop_node.kind() == "property_identifier"
                    && !global
                    && !caught
                    && (BUILTIN_PROPERTIES.binary_search(&prop).is_err() || inherited_method);
                let optional = node.child_by_field_name("optional_chain").is_some();
                if plain {
                    let kind = ExprKind::Prop {
                        value: Box::new(self.expr_object_ok(obj)?),
                        name: prop.to_string(),
                        optional,
                    };
                    return Ok(self.expr_of(node, kind));
                }
                if optional {
                    return self.decline(node, "optional chaining");
                }
                let member = format!("{}.{prop}", self.t(obj));
                // A constant of a module bound whole (`_setup.MAX_ARRAY_INDEX`).
                if global && self.dynamic && self.constants.contains_key(&member) {
                    if let Some(kind) = literal_constant(&self.constants[&member]) {
                        return Ok(self.expr_of(node, kind));
                    }
                }
                // An alias of a built-in function there (`_setup.nativeKeys`),
                // as a value.
                if let Some(meaning) = self.function_alias(&member).filter(|_| global) {
                    let kind = self.global_value(node, meaning);
                    return Ok(self.expr_of(node, kind));
                }
                // A `Set`'s `size` is its length.
                if caught && prop == "message" {
                    ExprKind::ErrorMessage(self.t(obj).to_string())
                } else if prop == "length" || prop == "size" {
                    ExprKind::Builtin {
                        op: Builtin::Len,
                        args: vec![self.expr(obj)?],
                        keywords: Vec::new(),
                    }
                } else if obj.kind() == "identifier"
                    && self.t(obj) == "Math"
                    && !self.visible("Math")
                    && matches!(prop, "PI" | "E")
                {
                    // The same doubles in both languages.
                    let v = if prop == "PI" {
                        std::f64::consts::PI
                    } else {
                        std::f64::consts::E
                    };
                    ExprKind::Lit(Lit::Float(v))
                } else {
                    return self.decline(node, format!("property `{prop}`"));
                }
            }
            "call_expression" => self.call(node)?,
            // A function reading its own `arguments` takes any number of
            // arguments, which no lambda does: it is a nested function,
            // defined before the statement, and the value names it.
            "function_expression"
                if self
                    .field(node, "body")
                    .is_ok_and(|b| reads_own_arguments(b, self.src)) =>
            {
                let name = self.fresh_name("callback");
                let def = self.function(&name, node, None)?;
                let line = self.line(node);
                self.pending_defs
                    .push(Stmt::new(StmtKind::Def(Box::new(def)), line));
                ExprKind::Name(name)
            }
            // A parameter hiding a name around it takes the numbered name
            // its declaration gave it, in the lambda and in its body.
            "arrow_function" | "function_expression" => {
                let params = self.callback_params(node, true)?;
                let (body, names) = self.callback_body(node, &params)?;
                let ps = names.into_iter().map(|n| (n, self.ids.fresh())).collect();
                ExprKind::Lambda {
                    params: ps,
                    body: Box::new(body),
                }
            }
            "new_expression" => self.new_expression(node)?,
            "update_expression" => match self.hoisted_update(node)? {
                Some(name) => name,
                None => self.update_in_place(node)?,
            },
            "assignment_expression" | "augmented_assignment_expression" => {
                self.assignment_in_place(node)?
            }
            other => return self.decline(node, format!("`{}`", construct(other))),
        };
        Ok(self.expr_of(node, kind))
    }

    fn literal_int(&self, node: Node) -> Option<i128> {
        match node.kind() {
            "number" => self.t(node).parse().ok(),
            "unary_expression" => {
                let op = node.child_by_field_name("operator")?;
                let arg = node.child_by_field_name("argument")?;
                if self.t(op) == "-" {
                    self.literal_int(arg).map(|v| -v)
                } else {
                    None
                }
            }
            "parenthesized_expression" => self.literal_int(*named_children(node).first()?),
            _ => None,
        }
    }

    /// A number literal: an integer when written without a fraction or
    /// an exponent, else a float.
    fn number(&self, node: Node) -> Res<ExprKind> {
        number_literal(self.t(node)).or_else(|what| self.decline(node, what))
    }

    fn string_value(&self, node: Node) -> Res<String> {
        let raw = self.t(node);
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
        match unescape(inner) {
            Some(v) => Ok(v),
            None => self.decline(node, "string escape"),
        }
    }

    fn template(&mut self, node: Node) -> Res<ExprKind> {
        let mut parts = Vec::new();
        let mut cursor = node.walk();
        let kids: Vec<Node> = node.children(&mut cursor).collect();
        for k in kids {
            match k.kind() {
                "string_fragment" | "escape_sequence" => match unescape(self.t(k)) {
                    Some(v) => parts.push(FormatPart::Text(v)),
                    None => return self.decline(k, "string escape"),
                },
                "template_substitution" => {
                    let inner = match named_children(k).as_slice() {
                        [e] => *e,
                        _ => return self.decline(k, "template substitution"),
                    };
                    let expr = self.expr(inner)?;
                    parts.push(FormatPart::Value { expr, spec: None });
                }
                _ => {}
            }
        }
        Ok(ExprKind::Format(parts))
    }

    /// `typeof x` compared with the string `other`: `typeof x` itself, or
    /// a name declared as it (see `Front::typeof_names`).
    fn typeof_test(&self, side: Node, other: Node) -> Option<TypeofTest<'s>> {
        let mut side = side;
        while side.kind() == "parenthesized_expression" {
            side = *named_children(side).first()?;
        }
        if other.kind() != "string" {
            return None;
        }
        let kind = self.string_value(other).ok()?;
        let (value, source) = match side.kind() {
            "unary_expression" => {
                let op = side.child_by_field_name("operator")?;
                let arg = side.child_by_field_name("argument")?;
                if self.t(op) != "typeof" || arg.kind() != "identifier" {
                    return None;
                }
                let name = self.t(arg);
                // `typeof x` of a name JavaScript does not know is
                // `'undefined'`, where Python's read of it raises.
                if !self.visible(name) {
                    return None;
                }
                (self.resolve(name), name)
            }
            "identifier" => {
                let alias = self.resolve(self.t(side));
                let (_, x) = self.typeof_names.iter().find(|(a, _)| *a == alias)?;
                // Neither name is assigned (see `typeof_alias`).
                (x.clone(), self.t(side))
            }
            _ => return None,
        };
        Some(TypeofTest {
            value,
            source,
            kind,
        })
    }

    /// `typeof x === 'kind'` (and `==`, `!==`, `!=`, either way round) as
    /// the IR's type test, when `node` is one.
    fn typeof_compare(
        &mut self,
        node: Node,
        left: Node,
        right: Node,
        op: &str,
    ) -> Res<Option<ExprKind>> {
        let negated = match op {
            "===" | "==" => false,
            "!==" | "!=" => true,
            _ => return Ok(None),
        };
        let Some(t) = self
            .typeof_test(left, right)
            .or_else(|| self.typeof_test(right, left))
        else {
            return Ok(None);
        };
        let Some(kind) = TypeKind::from_js(&t.kind) else {
            return self.decline(node, format!("`typeof` compared with '{}'", t.kind));
        };
        let not_null = self.non_null.contains(&t.value);
        let value = self.expr_of(node, ExprKind::Name(t.value));
        let test = ExprKind::TypeIs {
            value: Box::new(value),
            kind,
            not_null,
        };
        Ok(Some(if negated {
            let test = self.expr_of(node, test);
            ExprKind::Not(Box::new(test), Truthiness::Bool)
        } else {
            test
        }))
    }

    /// `key in obj` (and `key in Object(obj)`, where a primitive is
    /// wrapped and `null` or `undefined` is an empty object): the IR's
    /// `Builtin::JsIn`, which a target answers as JavaScript does or
    /// refuses at run time.
    fn has_property(&mut self, key: Node, obj: Node) -> Res<ExprKind> {
        let wrapped = self.object_call_argument(obj);
        let key = self.expr(key)?;
        let mut args = vec![key, self.expr(wrapped.unwrap_or(obj))?];
        if wrapped.is_some() {
            args.push(self.lit(obj, Lit::Bool(true)));
        }
        Ok(ExprKind::Builtin {
            op: Builtin::JsIn,
            args,
            keywords: Vec::new(),
        })
    }

    /// The argument `x` of `Object(x)` where `Object` is JavaScript's.
    fn object_call_argument<'t>(&self, node: Node<'t>) -> Option<Node<'t>> {
        if node.kind() != "call_expression" {
            return None;
        }
        let func = node.child_by_field_name("function")?;
        if func.kind() != "identifier" || self.t(func) != "Object" || self.visible("Object") {
            return None;
        }
        match named_children(node.child_by_field_name("arguments")?)[..] {
            [x] if x.kind() != "spread_element" => Some(x),
            _ => None,
        }
    }

    fn binary(&mut self, node: Node) -> Res<ExprKind> {
        let op = self.t(self.field(node, "operator")?);
        let left = self.field(node, "left")?;
        let right = self.field(node, "right")?;
        let cmp = match op {
            "===" => Some(CmpOp::Eq(EqSem::Identity)),
            "!==" => Some(CmpOp::NotEq(EqSem::Identity)),
            "==" => Some(CmpOp::Eq(EqSem::Loose)),
            "!=" => Some(CmpOp::NotEq(EqSem::Loose)),
            "<" => Some(CmpOp::Lt),
            "<=" => Some(CmpOp::LtE),
            ">" => Some(CmpOp::Gt),
            ">=" => Some(CmpOp::GtE),
            _ => None,
        };
        if let Some(test) = self.typeof_compare(node, left, right, op)? {
            return Ok(test);
        }
        // `x instanceof Array` is `Array.isArray(x)` (arrays of this
        // realm): a list or tuple in Python.
        if op == "instanceof"
            && right.kind() == "identifier"
            && self.t(right) == "Array"
            && !self.visible("Array")
        {
            let x = self.expr(left)?;
            let list = self.lit(node, Lit::Str("list,tuple".into()));
            return Ok(ExprKind::Builtin {
                op: Builtin::IsInstance,
                args: vec![x, list],
                keywords: Vec::new(),
            });
        }
        // `x instanceof C` of a constructor of JavaScript's, for a target
        // with JavaScript's values: none of them but `Object`, `Function`
        // and `Array` makes a value there.
        if op == "instanceof"
            && self.dynamic
            && right.kind() == "identifier"
            && is_builtin_constructor(self.t(right))
            && !self.visible(self.t(right))
        {
            let x = self.expr(left)?;
            let kind = self.lit(node, Lit::Str(format!("instanceof {}", self.t(right))));
            return Ok(ExprKind::Builtin {
                op: Builtin::IsInstance,
                args: vec![x, kind],
                keywords: Vec::new(),
            });
        }
        if op == "in" {
            return self.has_property(left, right);
        }
        if let Some(mut c) = cmp {
            // `a < b < c` compares a bool with `c` in JavaScript.
            if is_comparison(left, self.src) {
                return self.decline(node, "comparison of a comparison");
            }
            // `x === null` is false for `undefined`, `x === undefined` for
            // `null`; Python's one `None` stands for both, so the strict
            // test keeps its meaning only where no empty value of the other
            // kind reaches it (`nullish`), and is then the loose one.
            if matches!(op, "===" | "!==")
                && (self.empty(left) || self.empty(right))
                && !self.dynamic
            {
                // Into Rust without a target signature the comparison
                // is left to JavaScript's values, which tell the two
                // apart, rather than assumed to meet one kind only.
                if !self.kept_empty_compares.contains(&node.start_byte()) || self.exact_empties {
                    return self.decline(
                        node,
                        format!("`{op}` with null or undefined (the target has one empty value for both)"),
                    );
                }
                c = if op == "===" {
                    CmpOp::Eq(EqSem::Loose)
                } else {
                    CmpOp::NotEq(EqSem::Loose)
                };
            }
            if let Some(guarded) = self.guarded_compare(node, left, right, c)? {
                return Ok(guarded);
            }
            // `==` converts between types where `===` does not; the
            // backends compare typed values, and decline a comparison
            // of two different types, so the two agree wherever the
            // translation goes through.
            return Ok(ExprKind::Compare {
                first: Box::new(self.expr(left)?),
                rest: vec![(c, self.expr(right)?)],
            });
        }
        // `a ?? b`: `b` where `a` is `null` or `undefined` (Python's None
        // both), `a` otherwise, even when false, 0, "" or NaN. `a` is read
        // twice, so it must be a name or a read of names.
        if op == "??" {
            // `a ?? b ?? c` is the first of them that is not null: each but
            // the last is read twice (tested, then kept), so each must be
            // a read. Nested from the right, the chain's translation grows
            // with its length, not twice per link.
            let mut firsts = Vec::new();
            let mut at = left;
            while at.kind() == "binary_expression"
                && at
                    .child_by_field_name("operator")
                    .is_some_and(|o| self.t(o) == "??")
            {
                let (Some(l), Some(r)) = (
                    at.child_by_field_name("left"),
                    at.child_by_field_name("right"),
                ) else {
                    break;
                };
                firsts.push(r);
                at = l;
            }
            firsts.push(at);
            firsts.reverse();
            if let Some(n) = firsts.iter().find(|n| !self.reads_only(**n)) {
                return self.decline(*n, "`??` of a computed value");
            }
            let mut value = self.expr(right)?;
            for first in firsts.into_iter().rev() {
                let (tested, kept) = (self.expr(first)?, self.expr(first)?);
                let none = self.lit(node, Lit::None);
                let test = self.expr_of(
                    node,
                    ExprKind::Compare {
                        first: Box::new(tested),
                        rest: vec![(CmpOp::IsNot, none)],
                    },
                );
                let kind = ExprKind::IfElse {
                    test: Box::new(test),
                    truthiness: Truthiness::Bool,
                    then: Box::new(kept),
                    orelse: Box::new(value),
                };
                value = self.expr_of(node, kind);
            }
            return Ok(value.kind);
        }
        if matches!(op, "&&" | "||") {
            let lop = if op == "&&" {
                LogicOp::And
            } else {
                LogicOp::Or
            };
            let mut operands = Vec::new();
            let (facts, present) = (self.lengths.len(), self.non_null.len());
            let r = self.flatten_logic(node, op, &mut operands);
            self.lengths.truncate(facts);
            self.non_null.truncate(present);
            r?;
            return Ok(ExprKind::Logic {
                op: lop,
                operands,
                sem: JS_LOGIC,
            });
        }
        // `(a - a % b) / b` takes off the remainder first: a division that
        // truncates (on integers exactly; the backends decline floats).
        if op == "/" {
            if let Some((a, b)) = self.truncating_division(left, right) {
                return Ok(ExprKind::Binary(
                    BinOp::FloorDiv(Rounding::Trunc),
                    Box::new(self.expr(a)?),
                    Box::new(self.expr(b)?),
                ));
            }
        }
        if op == ">>>" && self.dynamic {
            return Ok(ExprKind::Builtin {
                op: Builtin::JsUnsignedShr,
                args: vec![self.expr(left)?, self.expr(right)?],
                keywords: Vec::new(),
            });
        }
        let bop = self.binop(op, node)?;
        Ok(ExprKind::Binary(
            bop,
            Box::new(self.expr(left)?),
            Box::new(self.expr(right)?),
        ))
    }

    /// `a` and `b` of `(a - a % b) / b`, where both are names or literals
    /// (read twice, so they must be the same value each time).
    fn truncating_division<'t>(
        &self,
        left: Node<'t>,
        right: Node<'t>,
    ) -> Option<(Node<'t>, Node<'t>)> {
        let mut l = left;
        while l.kind() == "parenthesized_expression" {
            l = *named_children(l).first()?;
        }
        let simple = |n: Node| matches!(n.kind(), "identifier" | "number");
        if l.kind() != "binary_expression" || self.t(l.child_by_field_name("operator")?) != "-" {
            return None;
        }
        let a = l.child_by_field_name("left")?;
        let mut rem = l.child_by_field_name("right")?;
        while rem.kind() == "parenthesized_expression" {
            rem = *named_children(rem).first()?;
        }
        if rem.kind() != "binary_expression" || self.t(rem.child_by_field_name("operator")?) != "%"
        {
            return None;
        }
        let (ra, rb) = (
            rem.child_by_field_name("left")?,
            rem.child_by_field_name("right")?,
        );
        (simple(a) && simple(right) && self.t(ra) == self.t(a) && self.t(rb) == self.t(right))
            .then_some((a, right))
    }

    /// `s.at(-1) == 'y'` (also `xs[k]`, `xs[xs.length - k]`) where the read may
    /// be past the end: JavaScript's `undefined` equals no string or number
    /// literal, so the comparison is `s.length >= 1 && s.at(-1) == 'y'`
    /// (`!=`: `s.length < 1 || ...`), whose read is always in range.
    fn guarded_compare(
        &mut self,
        node: Node,
        left: Node,
        right: Node,
        c: CmpOp,
    ) -> Res<Option<ExprKind>> {
        let eq = match c {
            CmpOp::Eq(_) => true,
            CmpOp::NotEq(_) => false,
            _ => return Ok(None),
        };
        let is_literal = |n: Node| matches!(n.kind(), "string" | "number");
        let read = if is_literal(right) {
            left
        } else if is_literal(left) {
            right
        } else {
            return Ok(None);
        };
        let Some((obj, need)) = self.fixed_read_of(read) else {
            return Ok(None);
        };
        if obj.kind() != "identifier"
            || self.shrinking.contains(self.t(obj))
            || self.check_fixed_read(obj, need, read).is_ok()
        {
            return Ok(None);
        }
        let name = self.resolve(self.t(obj));
        let len = ExprKind::Builtin {
            op: Builtin::Len,
            args: vec![self.expr(obj)?],
            keywords: Vec::new(),
        };
        let len = self.expr_of(node, len);
        let k = self.lit(node, Lit::Int(need));
        let guard = self.expr_of(
            node,
            ExprKind::Compare {
                first: Box::new(len),
                rest: vec![(if eq { CmpOp::GtE } else { CmpOp::Lt }, k)],
            },
        );
        self.lengths.push((name, need));
        let compared = self.expr(left).and_then(|l| Ok((l, self.expr(right)?)));
        self.lengths.pop();
        let (l, r) = compared?;
        let compare = self.expr_of(
            node,
            ExprKind::Compare {
                first: Box::new(l),
                rest: vec![(c, r)],
            },
        );
        Ok(Some(ExprKind::Logic {
            op: if eq { LogicOp::And } else { LogicOp::Or },
            operands: vec![guard, compare],
            sem: JS_LOGIC,
        }))
    }

    /// The array or string a fixed-position read takes from and the items
    /// it needs: `xs[k]`, `xs[xs.length - k]`, `xs.at(k)`.
    fn fixed_read_of<'t>(&self, read: Node<'t>) -> Option<(Node<'t>, i128)> {
        let mut read = read;
        while read.kind() == "parenthesized_expression" {
            read = *named_children(read).first()?;
        }
        match read.kind() {
            "subscript_expression" => {
                let obj = read.child_by_field_name("object")?;
                let index = read.child_by_field_name("index")?;
                self.fixed_need(obj, index).map(|need| (obj, need))
            }
            "call_expression" => {
                let (obj, prop) = self.member_call(read)?;
                let args = read.child_by_field_name("arguments")?;
                let [arg] = named_children(args)[..] else {
                    return None;
                };
                // Not `charAt`: past the end it gives `''`, which equals
                // the literal `''`.
                if prop != "at" {
                    return None;
                }
                match self.literal_int(arg)? {
                    k if k < 0 => Some((obj, -k)),
                    k => Some((obj, k + 1)),
                }
            }
            _ => None,
        }
    }

    fn flatten_logic(&mut self, node: Node, op: &str, out: &mut Vec<Expr>) -> Res<()> {
        let inner = if node.kind() == "parenthesized_expression" {
            named_children(node).first().copied().unwrap_or(node)
        } else {
            node
        };
        if inner.kind() == "binary_expression"
            && inner
                .child_by_field_name("operator")
                .is_some_and(|o| self.t(o) == op)
        {
            self.flatten_logic(self.field(inner, "left")?, op, out)?;
            self.flatten_logic(self.field(inner, "right")?, op, out)?;
            return Ok(());
        }
        out.push(self.expr(node)?);
        // `xs.length > 0 && xs[0] == 1`: what an operand being true (for
        // `&&`, false for `||`) says holds for the ones after it.
        let mut facts = Vec::new();
        self.test_facts(node, op == "&&", &mut facts);
        self.lengths.extend(facts);
        let mut present = Vec::new();
        self.null_facts(node, op == "&&", &mut present);
        self.non_null.extend(present);
        Ok(())
    }

    /// `obj.prop(...)`: the object and the property name.
    fn member_call<'t>(&self, call: Node<'t>) -> Option<(Node<'t>, &'s str)> {
        if call.kind() != "call_expression" {
            return None;
        }
        let f = call.child_by_field_name("function")?;
        if f.kind() != "member_expression" || f.child_by_field_name("optional_chain").is_some() {
            return None;
        }
        Some((
            f.child_by_field_name("object")?,
            self.t(f.child_by_field_name("property")?),
        ))
    }

    fn arg_nodes<'t>(&self, call: Node<'t>) -> Res<Vec<Node<'t>>> {
        let args = self.field(call, "arguments")?;
        if args.kind() != "arguments" {
            return self.decline(call, "tagged template");
        }
        Ok(named_children(args))
    }

    fn builtin(&mut self, node: Node, op: Builtin, args: Vec<Expr>) -> Expr {
        self.expr_of(
            node,
            ExprKind::Builtin {
                op,
                args,
                keywords: Vec::new(),
            },
        )
    }

    fn method(&mut self, node: Node, recv: Expr, method: Method, args: Vec<Expr>) -> ExprKind {
        let _ = node;
        ExprKind::Method {
            recv: Box::new(recv),
            method,
            args,
            keywords: Vec::new(),
        }
    }

    /// An object literal of named properties with values: `{a: 1, 'b':
    /// x, c}`. Keys JavaScript orders before the others (those that read
    /// as an array index), `__proto__` (it sets the prototype), computed
    /// keys, spreads, methods and functions as values are declined.
    fn object(&mut self, node: Node) -> Res<ExprKind> {
        let mut props = Vec::new();
        for p in named_children(node) {
            let (key, value) = match p.kind() {
                "comment" => continue,
                "shorthand_property_identifier" => {
                    let name = self.t(p).to_string();
                    if !self.visible(&name) {
                        return self.decline(p, format!("object literal with the global `{name}`"));
                    }
                    if !self.dynamic && self.object_names.contains(&self.resolve(&name)) {
                        return self
                            .decline(p, "object literal where a value of another kind may be");
                    }
                    let value = self.expr_of(p, ExprKind::Name(self.resolve(&name)));
                    (name, value)
                }
                "pair" => {
                    let k = self.field(p, "key")?;
                    let key = match k.kind() {
                        "property_identifier" => self.t(k).to_string(),
                        "string" => self.string_value(k)?,
                        _ => {
                            return self.decline(k, "object literal with a computed or number key")
                        }
                    };
                    let v = self.field(p, "value")?;
                    if matches!(v.kind(), "arrow_function" | "function_expression") {
                        return self.decline(v, "object literal with a method");
                    }
                    (key, self.expr(v)?)
                }
                "method_definition" => return self.decline(p, "object literal with a method"),
                "spread_element" => return self.decline(p, "object literal with a spread"),
                _ => return self.decline(p, "object literal"),
            };
            if key == "__proto__" || is_array_index(&key) {
                return self.decline(p, format!("object literal with the key '{key}'"));
            }
            props.push((key, value));
        }
        Ok(ExprKind::Object(props))
    }

    /// Whether `node` (a read or a call) continues a chain with an
    /// optional link before it (`a?.b.c`, `a?.b()`): JavaScript skips the
    /// whole chain where the link finds `null`, where a translation link
    /// by link would read a property of `None`.
    fn continues_optional_chain(&self, node: Node) -> bool {
        fn inner(n: Node) -> Option<Node> {
            match n.kind() {
                "member_expression" | "subscript_expression" => n.child_by_field_name("object"),
                "call_expression" => n.child_by_field_name("function"),
                _ => None,
            }
        }
        let mut at = inner(node);
        while let Some(n) = at {
            if !matches!(
                n.kind(),
                "member_expression" | "subscript_expression" | "call_expression"
            ) {
                return false;
            }
            if n.child_by_field_name("optional_chain").is_some() {
                return true;
            }
            at = inner(n);
        }
        false
    }

    fn call(&mut self, node: Node) -> Res<ExprKind> {
        if self.continues_optional_chain(node) {
            return self.decline(node, "a chain after optional chaining");
        }
        if node.child_by_field_name("optional_chain").is_some() {
            return self.decline(node, "optional chaining");
        }
        let func = self.field(node, "function")?;
        let arg_nodes = self.arg_nodes(node)?;
        if arg_nodes.iter().any(|a| a.kind() == "spread_element") {
            // `Math.max(...xs)` is the one spread call the IR knows.
            return self.spread_call(node, func, &arg_nodes);
        }
        match func.kind() {
            "identifier" => {
                let name = self.t(func);
                let one = |fx: &mut Self, op| -> Res<ExprKind> {
                    match arg_nodes.as_slice() {
                        [a] => Ok(ExprKind::Builtin {
                            op,
                            args: vec![fx.expr(*a)?],
                            keywords: Vec::new(),
                        }),
                        _ => {
                            fx.decline(node, format!("`{name}` with {} arguments", arg_nodes.len()))
                        }
                    }
                };
                // The module's alias of a built-in function (lodash's `var
                // isArray = Array.isArray`, `nativeMax = Math.max`, here or
                // in the module it is imported from).
                if !self.visible(name) && !JS_GLOBAL_FUNCTIONS.contains(&name) {
                    if let Some(meaning) = self.prototypes.get(name).cloned() {
                        if let Some(call) = self.builtin_alias_call(node, &meaning, &arg_nodes) {
                            return call;
                        }
                    }
                }
                // JavaScript's global functions that convert, for a target
                // that keeps JavaScript's values.
                if self.dynamic && !self.visible(name) && JS_GLOBAL_FUNCTIONS.contains(&name) {
                    return self.global_call(node, name, &arg_nodes);
                }
                match name {
                    // The gap table decides what surrounding text a
                    // translation of `parseInt` may accept.
                    "parseInt" => match arg_nodes.as_slice() {
                        [_] => one(self, Builtin::ToInt),
                        [a, r] if self.t(*r) == "10" => Ok(ExprKind::Builtin {
                            op: Builtin::ToInt,
                            args: vec![self.expr(*a)?],
                            keywords: Vec::new(),
                        }),
                        _ => self.decline(node, "`parseInt` with a radix"),
                    },
                    "String" => one(self, Builtin::ToStr),
                    "Number" => one(self, Builtin::ToNumber),
                    // `Boolean(x)` is `!!x`: JavaScript's truth value.
                    "Boolean" if arg_nodes.len() == 1 => {
                        let x = self.expr(arg_nodes[0])?;
                        let not =
                            self.expr_of(node, ExprKind::Not(Box::new(x), Truthiness::JavaScript));
                        Ok(ExprKind::Not(Box::new(not), Truthiness::Bool))
                    }
                    "parseFloat" | "isNaN" | "isFinite" | "Symbol" | "BigInt" | "eval"
                    | "require" | "setTimeout" => self.decline(node, format!("`{name}()`")),
                    "Array" if !self.visible(name) && arg_nodes.len() == 1 => {
                        self.new_array(node, arg_nodes[0])
                    }
                    // `Object(x)`: `x` where it is an object, a new one for
                    // `null` and `undefined` (a primitive's wrapper is not
                    // made: the target panics).
                    "Object" if self.dynamic && !self.visible(name) && arg_nodes.len() == 1 => {
                        let x = self.expr(arg_nodes[0])?;
                        Ok(ExprKind::Builtin {
                            op: Builtin::JsToObject,
                            args: vec![x],
                            keywords: Vec::new(),
                        })
                    }
                    // A constructor of JavaScript's called as a function
                    // (`Array(n)`) would be a call of an undefined name.
                    "Array" | "Object" | "Map" | "Set" | "Date" | "RegExp" | "Error"
                    | "TypeError" | "RangeError" | "Function" | "Promise"
                        if !self.visible(name) =>
                    {
                        self.decline(node, format!("`{name}()` called without `new`"))
                    }
                    // Any other of the environment's functions that neither
                    // the unit nor its module binds (`encodeURIComponent`,
                    // `clearTimeout`): no target has it under that name,
                    // as for a use as a value.
                    _ if !self.visible(name)
                        && !self.globals.contains_key(name)
                        && JAVASCRIPT_GLOBALS.contains(&name) =>
                    {
                        self.decline(node, format!("`{name}()`, a JavaScript global"))
                    }
                    // Another unit's function takes an object as its
                    // caller gives it.
                    _ if !self.visible(name) && self.globals.contains_key(name) => {
                        let args: Res<Vec<Expr>> =
                            arg_nodes.iter().map(|a| self.expr_object_ok(*a)).collect();
                        Ok(ExprKind::Call {
                            func: name.to_string(),
                            args: args?,
                        })
                    }
                    _ => Ok(ExprKind::Call {
                        func: name.to_string(),
                        args: self.exprs(&arg_nodes)?,
                    }),
                }
            }
            "member_expression" => {
                let obj = self.field(func, "object")?;
                let prop = self.t(self.field(func, "property")?);
                // An alias of a built-in function in a module bound whole
                // (`_setup._isNaN(x)`).
                if obj.kind() == "identifier" && !self.visible(self.t(obj)) {
                    let member = format!("{}.{prop}", self.t(obj));
                    if let Some(meaning) = self.prototypes.get(&member).cloned() {
                        if let Some(call) = self.builtin_alias_call(node, &meaning, &arg_nodes) {
                            return call;
                        }
                    }
                }
                if obj.kind() == "identifier" {
                    match self.t(obj) {
                        "Math" => return self.math(node, prop, &arg_nodes),
                        "String" if prop == "fromCharCode" && arg_nodes.len() == 1 => {
                            let a = self.expr(arg_nodes[0])?;
                            return Ok(ExprKind::Builtin {
                                op: Builtin::Chr,
                                args: vec![a],
                                keywords: Vec::new(),
                            });
                        }
                        "Array" if prop == "isArray" && arg_nodes.len() == 1 => {
                            let a = self.expr(arg_nodes[0])?;
                            // A JavaScript array is a Python list or tuple.
                            let list = self.lit(node, Lit::Str("list,tuple".into()));
                            return Ok(ExprKind::Builtin {
                                op: Builtin::IsInstance,
                                args: vec![a, list],
                                keywords: Vec::new(),
                            });
                        }
                        "Array" if prop == "from" && arg_nodes.len() == 1 => {
                            let a = self.expr(arg_nodes[0])?;
                            return Ok(ExprKind::Builtin {
                                op: Builtin::ToList,
                                args: vec![a],
                                keywords: Vec::new(),
                            });
                        }
                        "JSON" if prop == "stringify" && arg_nodes.len() == 1 => {
                            // Which values Python writes alike the backend
                            // decides, by their types.
                            let a = self.expr(arg_nodes[0])?;
                            return Ok(ExprKind::Builtin {
                                op: Builtin::JsonStringify,
                                args: vec![a],
                                keywords: Vec::new(),
                            });
                        }
                        // `console.log(x)`: a call of [`CONSOLE_LOG`] with
                        // `String(x)`; which values `String()` writes as
                        // `console.log` does the gap checks decide.
                        "console" if prop == "log" && arg_nodes.len() == 1 => {
                            let x = self.expr(arg_nodes[0])?;
                            let text = self.builtin(node, Builtin::ToStr, vec![x]);
                            return Ok(ExprKind::Call {
                                func: CONSOLE_LOG.to_string(),
                                args: vec![text],
                            });
                        }
                        // With JavaScript's values, `Object.keys(o)`.
                        "Object" if prop == "keys" && self.dynamic && arg_nodes.len() == 1 => {
                            return self.global_call(node, "Object.keys", &arg_nodes);
                        }
                        "Number" | "Object" | "Array" | "String" | "JSON" | "console" | "Date"
                        | "Promise" | "process" => {
                            return self.decline(node, format!("`{}.{prop}`", self.t(obj)))
                        }
                        _ => {}
                    }
                }
                if matches!(prop, "call" | "apply") {
                    if let Some(method) = self.prototype_method(obj) {
                        return self.prototype_call(node, &method, prop, &arg_nodes);
                    }
                }
                if matches!(prop, "call" | "apply") && obj.kind() == "identifier" {
                    return self.call_with_receiver(node, obj, prop, &arg_nodes);
                }
                self.method_call(node, obj, prop, &arg_nodes)
            }
            _ => self.decline(func, "call of a computed function"),
        }
    }

    /// A call of the module's alias of the built-in function `meaning`
    /// (`var nativeMax = Math.max`, `var _isNaN = isNaN`, or a member of a
    /// module bound whole, `_setup._isNaN`): the built-in's call. A global function that converts (`isNaN`) only a target
    /// keeping JavaScript's values has; elsewhere its alias is declined,
    /// since the module's glue binds nothing for it. `None` where
    /// `meaning` is no such function (an alias of a prototype's method).
    fn builtin_alias_call(
        &mut self,
        node: Node,
        meaning: &str,
        arg_nodes: &[Node],
    ) -> Option<Res<ExprKind>> {
        if JS_GLOBAL_FUNCTIONS.contains(&meaning) {
            return Some(if self.dynamic {
                self.global_call(node, meaning, arg_nodes)
            } else {
                self.decline(node, format!("`{meaning}()`"))
            });
        }
        if let Some(f) = meaning.strip_prefix("Math.") {
            return Some(self.math(node, f, arg_nodes));
        }
        if meaning == "Array.isArray" {
            let [a] = arg_nodes else {
                return Some(self.decline(
                    node,
                    format!("`Array.isArray` with {} arguments", arg_nodes.len()),
                ));
            };
            let a = match self.expr(*a) {
                Ok(a) => a,
                Err(e) => return Some(Err(e)),
            };
            let list = self.lit(node, Lit::Str("list,tuple".into()));
            return Some(Ok(ExprKind::Builtin {
                op: Builtin::IsInstance,
                args: vec![a, list],
                keywords: Vec::new(),
            }));
        }
        None
    }

    /// For a target keeping JavaScript's values, what `name` stands for
    /// where it is the module's alias of a built-in function (`nativeKeys`,
    /// `_isNaN`, `nativeMax`, `_setup.nativeKeys`).
    fn function_alias(&self, name: &str) -> Option<String> {
        self.prototypes
            .get(name)
            .filter(|m| self.dynamic && !m.contains(".prototype"))
            .cloned()
    }

    /// The built-in function `meaning` read as a value
    /// (`Builtin::JsGlobal` of its name alone).
    fn global_value(&mut self, node: Node, meaning: String) -> ExprKind {
        ExprKind::Builtin {
            op: Builtin::JsGlobal,
            args: vec![self.lit(node, Lit::Str(meaning))],
            keywords: Vec::new(),
        }
    }

    /// A call of one of JavaScript's global functions that convert
    /// (`isNaN(x)`, `parseInt(s, 16)`, `Object.keys(o)`), for a target
    /// keeping JavaScript's values (`Builtin::JsGlobal`).
    fn global_call(&mut self, node: Node, global: &str, arg_nodes: &[Node]) -> Res<ExprKind> {
        if arg_nodes.len() != 1 && !(global == "parseInt" && arg_nodes.len() == 2) {
            return self.decline(
                node,
                format!("`{global}` with {} arguments", arg_nodes.len()),
            );
        }
        let mut args = vec![self.lit(node, Lit::Str(global.to_string()))];
        args.extend(self.exprs(arg_nodes)?);
        Ok(ExprKind::Builtin {
            op: Builtin::JsGlobal,
            args,
            keywords: Vec::new(),
        })
    }

    /// `f.call(receiver, a, b)` and `f.apply(receiver, [a, b])` of a
    /// function the unit binds (a parameter, a local, a nested function):
    /// `f(a, b)`. The receiver is what `this` reads in `f`, and no
    /// function a translation calls reads `this` (the frontend declines
    /// `this` itself, in every unit), so it is dropped where evaluating it
    /// has no effect. A value without a `call` or `apply` of its own
    /// throws a `TypeError` in JavaScript where Python's call of it raises
    /// one; an object holding a function under that name is no value the
    /// translation makes (object literals with functions are declined).
    fn call_with_receiver(
        &mut self,
        node: Node,
        f: Node,
        prop: &str,
        args: &[Node],
    ) -> Res<ExprKind> {
        let name = self.t(f);
        // A method of Symbol.prototype the module aliases (lodash's
        // `symbolToString = symbolProto ? symbolProto.toString :
        // undefined`), with JavaScript's values, none of which is a symbol.
        if let Some(Known::Builtin(method)) = self
            .known_name(name)
            .filter(|_| self.dynamic && prop == "call" && args.len() == 1)
        {
            if method.starts_with("Symbol.prototype.") {
                return self.global_call(node, method, args);
            }
        }
        // A target with JavaScript's values calls another unit's function
        // by name, as a call of it (the backend finds it or declines).
        if !self.visible(name) && !self.dynamic {
            return self.decline(
                node,
                format!("`{name}.{prop}` of a function the unit does not bind"),
            );
        }
        let func = self.resolve(name);
        if !self.dynamic && self.object_names.contains(&func) {
            return self.decline(node, format!("`{prop}` of an object"));
        }
        let (receiver, rest) = match args.split_first() {
            Some((r, rest)) => (Some(*r), rest),
            None => (None, args),
        };
        if let Some(r) = receiver.filter(|r| !self.has_no_effect(*r)) {
            return self.decline(r, format!("`{prop}` with a receiver that is computed"));
        }
        let args = match (prop, rest) {
            ("call", _) => self.exprs(rest)?,
            ("apply", []) => Vec::new(),
            // `f.apply(receiver, arguments)`: the caller's arguments, as
            // they came.
            ("apply", [a])
                if a.kind() == "identifier"
                    && (self.t(*a) == "arguments"
                        || self.arguments_aliases.contains(self.t(*a)))
                    && self.visible(self.t(*a)) =>
            {
                let all = self.expr(*a)?;
                vec![self.expr_of(*a, ExprKind::Spread(Box::new(all)))]
            }
            // `f.apply(null, [a, b])`: the items are the arguments.
            ("apply", [list]) if list.kind() == "array" => {
                let items = named_children(*list);
                if items.iter().any(|i| i.kind() == "spread_element") {
                    return self.decline(*list, "`apply` with a spread");
                }
                self.exprs(&items)?
            }
            // With JavaScript's values, any list: its items, read as
            // `apply` reads them.
            ("apply", [list]) if self.dynamic => {
                let list = self.expr(*list)?;
                let items = self.expr_of(
                    node,
                    ExprKind::Builtin {
                        op: Builtin::JsArgumentList,
                        args: vec![list],
                        keywords: Vec::new(),
                    },
                );
                vec![self.expr_of(node, ExprKind::Spread(Box::new(items)))]
            }
            _ => return self.decline(node, "`apply` with arguments that may not be an array"),
        };
        Ok(ExprKind::Call { func, args })
    }

    /// The built-in method `node` names (`Array.prototype.slice`): an alias
    /// of the module's (`slice`), a method of an alias of a prototype
    /// (`objectProto.hasOwnProperty`), or the method spelled out
    /// (`Array.prototype.slice`), where neither the unit nor the module
    /// binds the constructor.
    fn prototype_method(&self, node: Node) -> Option<String> {
        let alias = |n: Node| -> Option<&String> {
            (n.kind() == "identifier" && !self.visible(self.t(n)))
                .then(|| self.prototypes.get(self.t(n)))
                .flatten()
        };
        // A member of a module bound whole (`_setup.slice` of `var _setup
        // = require('./_setup.js')`) that is such an alias there.
        if let Some(object) = node
            .child_by_field_name("object")
            .filter(|o| node.kind() == "member_expression" && o.kind() == "identifier")
        {
            if let Some(m) = self
                .prototypes
                .get(self.t(node))
                .filter(|m| !self.visible(self.t(object)) && m.contains(".prototype."))
            {
                return Some(m.clone());
            }
        }
        match node.kind() {
            "identifier" => alias(node).filter(|m| m.contains(".prototype.")).cloned(),
            "member_expression" => {
                let object = node.child_by_field_name("object")?;
                let property = node.child_by_field_name("property")?;
                if property.kind() != "property_identifier" {
                    return None;
                }
                let owner = match object.kind() {
                    "identifier" => alias(object)
                        .filter(|m| !m.contains(".prototype."))?
                        .clone(),
                    "member_expression" => {
                        let ctor = object.child_by_field_name("object")?;
                        let proto = object.child_by_field_name("property")?;
                        let c = self.t(ctor);
                        (ctor.kind() == "identifier"
                            && self.t(proto) == "prototype"
                            && matches!(c, "Array" | "Object" | "String" | "Number" | "Function")
                            && !self.visible(c)
                            && !self.globals.contains_key(c))
                        .then(|| format!("{c}.prototype"))?
                    }
                    _ => return None,
                };
                Some(format!("{owner}.{}", self.t(property)))
            }
            _ => None,
        }
    }

    /// `method.call(receiver, a, b)` of a built-in method (see
    /// [`Front::prototype_method`]): the three the IR knows, with
    /// JavaScript's meaning for every receiver.
    fn prototype_call(
        &mut self,
        node: Node,
        method: &str,
        prop: &str,
        args: &[Node],
    ) -> Res<ExprKind> {
        if prop != "call" {
            return self.decline(node, format!("`{method}` called through `{prop}`"));
        }
        let op = match (method, args.len()) {
            ("Array.prototype.slice", 1..=3) => Builtin::JsProtoSlice,
            ("Object.prototype.hasOwnProperty", 2) => Builtin::JsHasOwn,
            ("Object.prototype.toString", 1) => Builtin::JsObjectTag,
            _ => {
                return self.decline(
                    node,
                    format!(
                        "`{method}` called through `call` with {} arguments",
                        args.len()
                    ),
                )
            }
        };
        Ok(ExprKind::Builtin {
            op,
            args: self.exprs(args)?,
            keywords: Vec::new(),
        })
    }

    /// Whether `item` is a declaration (not exported) of aliases of
    /// built-in prototypes and their methods only (see
    /// [`Front::prototypes`]), each with its value.
    fn declares_only_aliases(&self, item: Node) -> bool {
        if !matches!(item.kind(), "variable_declaration" | "lexical_declaration") {
            return false;
        }
        let declarators: Vec<Node> = named_children(item)
            .into_iter()
            .filter(|d| d.kind() != "comment")
            .collect();
        !declarators.is_empty()
            && declarators.iter().all(|d| {
                d.kind() == "variable_declarator"
                    && d.child_by_field_name("value").is_some()
                    && d.child_by_field_name("name")
                        .is_some_and(|n| self.prototypes.contains_key(self.t(n)))
            })
    }

    /// Makes the parameters of `function` past the first `fewest` optional,
    /// `None` when left out: some call of the project passes only `fewest`
    /// arguments, and JavaScript gives the others `undefined`, which is
    /// `None` as a value the caller passes is. A type the JSDoc gives one
    /// becomes optional with it. A function reading `arguments` takes any
    /// number already.
    fn omissible(&mut self, function: &mut Function, fewest: usize, node: Node) {
        if function.params.iter().any(|p| p.passing == Passing::Rest) {
            return;
        }
        for p in function.params.iter_mut().skip(fewest) {
            if p.default.is_none() {
                p.default = Some(self.expr_of(node, ExprKind::Lit(Lit::None)));
                if !matches!(p.ty, Ty::Unknown | Ty::Option(_)) {
                    p.ty = Ty::Option(Box::new(p.ty.clone()));
                }
            }
        }
    }

    /// Whether evaluating `node` has no effect and cannot throw: a
    /// literal, `this`, or a name the unit binds.
    fn has_no_effect(&self, node: Node) -> bool {
        match node.kind() {
            "this" | "null" | "undefined" | "true" | "false" | "number" | "string" => true,
            "identifier" => self.t(node) == "undefined" || self.visible(self.t(node)),
            _ => false,
        }
    }

    /// `[a, ...xs, b]`: the concatenation of the runs of plain items (a
    /// list each) and the spread values (a list of each one's items, the
    /// characters of a string).
    fn spread_items(&mut self, node: Node, items: &[Node]) -> Res<ExprKind> {
        let mut parts: Vec<Expr> = Vec::new();
        let mut run: Vec<Expr> = Vec::new();
        for item in items {
            if item.kind() == "spread_element" {
                let Some(inner) = named_children(*item).first().copied() else {
                    return self.decline(*item, "spread");
                };
                if !run.is_empty() {
                    let list = self.expr_of(node, ExprKind::List(std::mem::take(&mut run)));
                    parts.push(list);
                }
                let inner = self.expr(inner)?;
                let copied = self.builtin(*item, Builtin::ToList, vec![inner]);
                parts.push(copied);
            } else {
                run.push(self.expr(*item)?);
            }
        }
        if !run.is_empty() {
            parts.push(self.expr_of(node, ExprKind::List(run)));
        }
        let mut parts = parts.into_iter();
        let Some(mut joined) = parts.next() else {
            return self.decline(node, "spread");
        };
        for p in parts {
            joined = self.expr_of(
                node,
                ExprKind::Binary(
                    BinOp::Add(OperandSem::ByTypes),
                    Box::new(joined),
                    Box::new(p),
                ),
            );
        }
        Ok(joined.kind)
    }

    fn spread_call(&mut self, node: Node, func: Node, args: &[Node]) -> Res<ExprKind> {
        let is_math = func.kind() == "member_expression"
            && func
                .child_by_field_name("object")
                .is_some_and(|o| self.t(o) == "Math");
        let prop = func
            .child_by_field_name("property")
            .map_or("", |p| self.t(p));
        match (is_math, prop, args) {
            (true, "max" | "min", [spread]) => {
                let inner = match named_children(*spread).first() {
                    Some(i) => self.expr(*i)?,
                    None => return self.decline(*spread, "spread"),
                };
                Ok(ExprKind::Builtin {
                    op: if prop == "max" {
                        Builtin::Max
                    } else {
                        Builtin::Min
                    },
                    args: vec![inner],
                    keywords: Vec::new(),
                })
            }
            _ => self.decline(node, "spread argument"),
        }
    }

    fn math(&mut self, node: Node, f: &str, args: &[Node]) -> Res<ExprKind> {
        let xs = self.exprs(args)?;
        let op = match (f, xs.len()) {
            ("abs", 1) => Builtin::Abs,
            ("max", n) if n >= 2 => Builtin::Max,
            ("min", n) if n >= 2 => Builtin::Min,
            ("floor", 1) => Builtin::Floor,
            ("ceil", 1) => Builtin::Ceil,
            ("sqrt", 1) => Builtin::Sqrt,
            ("random", 0) => Builtin::Random,
            ("pow", 2) => {
                let mut it = xs.into_iter();
                let (Some(a), Some(b)) = (it.next(), it.next()) else {
                    return self.decline(node, "`Math.pow`");
                };
                return Ok(ExprKind::Binary(BinOp::Pow, Box::new(a), Box::new(b)));
            }
            // `Math.trunc` of a number is `int()` of a float: toward zero.
            ("trunc", 1) => Builtin::ToInt,
            ("round", 1) => Builtin::JsRound,
            _ => return self.decline(node, format!("`Math.{f}`")),
        };
        Ok(ExprKind::Builtin {
            op,
            args: xs,
            keywords: Vec::new(),
        })
    }

    fn method_call(&mut self, node: Node, obj: Node, prop: &str, args: &[Node]) -> Res<ExprKind> {
        let n = args.len();
        let str_lit = |fx: &Self, a: Node| -> Option<String> {
            (a.kind() == "string")
                .then(|| fx.string_value(a).ok())
                .flatten()
        };
        Ok(match (prop, n) {
            ("toUpperCase", 0) => {
                let r = self.expr(obj)?;
                self.method(node, r, Method::Upper, Vec::new())
            }
            ("toLowerCase", 0) => {
                let r = self.expr(obj)?;
                self.method(node, r, Method::Lower, Vec::new())
            }
            ("trim", 0) => {
                let r = self.expr(obj)?;
                self.method(node, r, Method::Strip, Vec::new())
            }
            ("trimStart", 0) => {
                let r = self.expr(obj)?;
                self.method(node, r, Method::LStrip, Vec::new())
            }
            ("trimEnd", 0) => {
                let r = self.expr(obj)?;
                self.method(node, r, Method::RStrip, Vec::new())
            }
            ("split", 1) => match str_lit(self, args[0]) {
                // `s.split("")` gives the characters (UTF-16 units).
                Some(s) if s.is_empty() => {
                    let r = self.expr(obj)?;
                    ExprKind::Builtin {
                        op: Builtin::ToList,
                        args: vec![r],
                        keywords: Vec::new(),
                    }
                }
                Some(_) => {
                    let r = self.expr(obj)?;
                    let sep = self.expr(args[0])?;
                    self.method(node, r, Method::Split, vec![sep])
                }
                None => match self.regex_literal_text(args[0]) {
                    // `/-/` splits as `"-"` does.
                    Some(sep) if !sep.is_empty() => {
                        let r = self.expr(obj)?;
                        let sep = self.lit(args[0], Lit::Str(sep));
                        self.method(node, r, Method::Split, vec![sep])
                    }
                    _ => {
                        let regex = match self.regex_literal(args[0]) {
                            Ok(Some((regex, _))) => regex,
                            Ok(None) => {
                                return self.decline(node, "`split` by a value that may be empty")
                            }
                            Err(why) => {
                                return self.decline(
                                    node,
                                    format!("`split` by a regular expression with {why}"),
                                )
                            }
                        };
                        if regex.may_match_empty() || regex.groups() > 0 {
                            return self.decline(
                                node,
                                "`split` by a regular expression that may match the empty string or has groups (the two languages split differently there)",
                            );
                        }
                        let r = self.expr(obj)?;
                        let pattern = self.lit(args[0], Lit::Str(regex.portable()));
                        ExprKind::Builtin {
                            op: Builtin::RegexSplit,
                            args: vec![r, pattern],
                            keywords: Vec::new(),
                        }
                    }
                },
            },
            // `/p/.test(s)`: whether `p` matches in `String(s)`. A literal
            // is a new object each time it is evaluated, so `g` keeps no
            // position between two calls.
            ("test", 1) if obj.kind() == "regex" || obj.kind() == "identifier" => {
                let regex = match self.regex_literal(obj) {
                    // A module's constant with `g` starts where its last
                    // match ended.
                    Ok(Some((_, true))) if obj.kind() == "identifier" => {
                        return self.decline(
                            node,
                            "`test` of a module's regular expression with `g` (it starts where its last match ended)",
                        )
                    }
                    Ok(Some((regex, _))) => regex,
                    Ok(None) => return self.decline(node, "method `test`"),
                    Err(why) => {
                        return self.decline(node, format!("a regular expression with {why}"))
                    }
                };
                let s = self.expr(args[0])?;
                let s = self.expr_of(
                    args[0],
                    ExprKind::Builtin {
                        op: Builtin::ToStr,
                        args: vec![s],
                        keywords: Vec::new(),
                    },
                );
                let pattern = self.lit(obj, Lit::Str(regex.portable()));
                ExprKind::Builtin {
                    op: Builtin::RegexTest,
                    args: vec![s, pattern],
                    keywords: Vec::new(),
                }
            }
            // `s.replace(p, r)` of a regex literal (every match with `g`,
            // else the first) or a string (its first occurrence), and a
            // replacement string (`$1`, `$&`, `$$`).
            ("replace" | "replaceAll", 2) => {
                let (regex, all) = match self.regex_literal(args[0]) {
                    Ok(Some((regex, global))) => {
                        if prop == "replaceAll" && !global {
                            return self.decline(
                                node,
                                "`replaceAll` by a regular expression without `g` (it throws)",
                            );
                        }
                        (regex, global)
                    }
                    Ok(None) => match str_lit(self, args[0]) {
                        Some(text) => (Regex::literal(&text), prop == "replaceAll"),
                        None => {
                            return self.decline(
                                node,
                                format!("`{prop}` of a pattern that is not a literal"),
                            )
                        }
                    },
                    Err(why) => {
                        return self.decline(node, format!("a regular expression with {why}"))
                    }
                };
                if regex.may_match_empty() {
                    return self.decline(
                        node,
                        format!("`{prop}` of a pattern that may match the empty string (the two languages place empty matches differently)"),
                    );
                }
                let Some(repl) = str_lit(self, args[1]) else {
                    return self.decline(
                        node,
                        format!("`{prop}` by a replacement that is not a string literal (its `$` patterns are unknown)"),
                    );
                };
                // `s.replaceAll("a", "b")` with no `$` is `str.replace`.
                if prop == "replaceAll" && args[0].kind() == "string" && !repl.contains('$') {
                    let r = self.expr(obj)?;
                    let xs = self.exprs(args)?;
                    return Ok(self.method(node, r, Method::Replace, xs));
                }
                let parts = match regex::js_replacement(&repl, regex.groups()) {
                    Ok(parts) => parts,
                    Err(why) => return self.decline(node, format!("a replacement with {why}")),
                };
                if regex.captures_repeat()
                    && parts
                        .iter()
                        .any(|p| matches!(p, regex::ReplPart::Group(n) if *n > 0))
                {
                    return self.decline(node, "a replacement naming a group of a repeated part of the pattern (JavaScript forgets its text at each round)");
                }
                let r = self.expr(obj)?;
                let pattern = self.lit(args[0], Lit::Str(regex.portable()));
                let repl = self.lit(args[1], Lit::Str(regex::portable_replacement(&parts)));
                let all = self.lit(node, Lit::Bool(all));
                ExprKind::Builtin {
                    op: Builtin::RegexSub,
                    args: vec![r, pattern, repl, all],
                    keywords: Vec::new(),
                }
            }
            // `s.repeat(n)` is Python's `s * n` (JavaScript raises on a
            // negative count, Python gives "").
            ("repeat", 1) => {
                let r = self.expr(obj)?;
                let count = self.expr(args[0])?;
                ExprKind::Binary(
                    BinOp::Mul(OperandSem::ByTypes),
                    Box::new(r),
                    Box::new(count),
                )
            }
            // `padStart(n, c)` with one character (a space by default) is
            // Python's `rjust(n, c)`; a longer pad repeats, which `rjust`
            // does not.
            ("padStart" | "padEnd", 1 | 2) => {
                let pad = match args.get(1) {
                    Some(a) => str_lit(self, *a),
                    None => Some(" ".to_string()),
                };
                let Some(pad) = pad.filter(|p| p.chars().count() == 1) else {
                    return self.decline(
                        node,
                        format!("`{prop}` with a pad that is not one character"),
                    );
                };
                let r = self.expr(obj)?;
                let width = self.expr(args[0])?;
                let pad = self.lit(node, Lit::Str(pad));
                let m = if prop == "padStart" {
                    Method::RJust
                } else {
                    Method::LJust
                };
                self.method(node, r, m, vec![width, pad])
            }
            ("join", 0 | 1) => {
                // `xs.join(sep)` is Python's `sep.join(xs)`; by default
                // JavaScript joins with commas.
                let sep = match args.first() {
                    Some(a) => self.expr(*a)?,
                    None => self.lit(node, Lit::Str(",".into())),
                };
                let xs = self.expr(obj)?;
                self.method(node, sep, Method::Join, vec![xs])
            }
            ("startsWith", 1) => {
                let r = self.expr(obj)?;
                let xs = self.exprs(args)?;
                self.method(node, r, Method::StartsWith, xs)
            }
            ("endsWith", 1) => {
                let r = self.expr(obj)?;
                let xs = self.exprs(args)?;
                self.method(node, r, Method::EndsWith, xs)
            }
            ("includes", 1) => {
                let x = self.expr(args[0])?;
                let r = self.expr(obj)?;
                ExprKind::Compare {
                    first: Box::new(x),
                    rest: vec![(CmpOp::In, r)],
                }
            }
            // `indexOf`: `-1` when absent, as `str.find` (on an array too:
            // the IR's `find` means that).
            ("indexOf", 1) => {
                let r = self.expr(obj)?;
                let xs = self.exprs(args)?;
                self.method(node, r, Method::Find, xs)
            }
            ("slice", 0..=2) => {
                let value = Box::new(self.expr(obj)?);
                let mut bounds = self.exprs(args)?.into_iter().map(Box::new);
                ExprKind::Slice {
                    value,
                    lower: bounds.next(),
                    upper: bounds.next(),
                    step: None,
                    sem: JS_SLICE,
                }
            }
            // `s.charAt(k)` of a literal `k >= 0` is `""` past the end, as
            // the slice `s[k:k + 1]` is.
            ("charAt", 1) if self.literal_int(args[0]).is_some_and(|k| k >= 0) => {
                let k = self.literal_int(args[0]).unwrap_or(0);
                let value = self.expr(obj)?;
                let lower = self.lit(args[0], Lit::Int(k));
                let upper = self.lit(args[0], Lit::Int(k + 1));
                ExprKind::Slice {
                    value: Box::new(value),
                    lower: Some(Box::new(lower)),
                    upper: Some(Box::new(upper)),
                    step: None,
                    sem: JS_SLICE,
                }
            }
            ("charAt", 1) => {
                if let Some(need) = self.fixed_need(obj, args[0]) {
                    self.check_fixed_read(obj, need, node)?;
                }
                ExprKind::Index {
                    value: Box::new(self.expr(obj)?),
                    index: Box::new(self.expr(args[0])?),
                    sem: JS_INDEX,
                }
            }
            ("at", 1) => {
                let checked = match self.literal_int(args[0]) {
                    Some(k) if k < 0 => self.check_fixed_read(obj, -k, node),
                    Some(k) => self.check_fixed_read(obj, k + 1, node),
                    None => Ok(()),
                };
                match (checked, self.literal_int(args[0])) {
                    (Ok(()), _) => {}
                    // `xs.at(k)` of a name where nothing proves the item is
                    // there: `xs[k]`, and `xs.at(-k)` `xs[xs.length - k]`,
                    // `undefined` past the end.
                    (Err(_), Some(k)) if obj.kind() == "identifier" => {
                        let value = self.expr(obj)?;
                        let index = if k < 0 {
                            let len = ExprKind::Builtin {
                                op: Builtin::Len,
                                args: vec![self.expr(obj)?],
                                keywords: Vec::new(),
                            };
                            let len = self.expr_of(args[0], len);
                            let back = self.lit(args[0], Lit::Int(-k));
                            self.expr_of(
                                args[0],
                                ExprKind::Binary(BinOp::Sub, Box::new(len), Box::new(back)),
                            )
                        } else {
                            self.lit(args[0], Lit::Int(k))
                        };
                        return Ok(ExprKind::Builtin {
                            op: Builtin::JsItem,
                            args: vec![value, index],
                            keywords: Vec::new(),
                        });
                    }
                    (Err(e), _) => return Err(e),
                }
                ExprKind::Index {
                    value: Box::new(self.expr(obj)?),
                    index: Box::new(self.expr(args[0])?),
                    sem: JS_AT,
                }
            }
            ("charCodeAt", 0 | 1) => {
                // With no argument, the first character.
                let need = match args.first() {
                    Some(a) => self.fixed_need(obj, *a),
                    None => Some(1),
                };
                // `s[i].charCodeAt()` of a string `s`: the read of `s[i]` is
                // checked itself, and gives one character.
                let one_char = need == Some(1) && self.is_char_of_string(obj);
                let mut deferred = None;
                if let (Some(need), false) = (need, one_char) {
                    if let Err(e) = self.check_fixed_read(obj, need, node) {
                        // `arr[i][k].charCodeAt()`: in range if the read
                        // `arr[i][k]` (checked itself) is of a string, which
                        // only the types can tell.
                        if need > 1 || obj.kind() != "subscript_expression" {
                            return Err(e);
                        }
                        deferred = Some(e.0);
                    }
                }
                let index = match args.first() {
                    Some(a) => self.expr(*a)?,
                    None => self.lit(node, Lit::Int(0)),
                };
                let value = self.expr(obj)?;
                if let Some(decline) = deferred {
                    self.obligations.push(Obligation {
                        id: value.id,
                        need: Need::Char,
                        decline,
                    });
                }
                let ch = self.expr_of(
                    node,
                    ExprKind::Index {
                        value: Box::new(value),
                        index: Box::new(index),
                        sem: JS_INDEX,
                    },
                );
                ExprKind::Builtin {
                    op: Builtin::Ord,
                    args: vec![ch],
                    keywords: Vec::new(),
                }
            }
            ("toString", 1) if self.t(args[0]) == "2" => return self.binary_text(node, obj),
            // A `Map`'s or `Set`'s, which JavaScript's values here never
            // are: an object's own `has` property, called.
            ("has", 1) if self.dynamic => return self.decline(node, "method `has`"),
            ("has", 1) => {
                let x = self.expr(args[0])?;
                let r = self.expr(obj)?;
                ExprKind::Compare {
                    first: Box::new(x),
                    rest: vec![(CmpOp::In, r)],
                }
            }
            // With JavaScript's values, an object's own `valueOf` or
            // Object.prototype's.
            ("valueOf", 0) if self.dynamic => ExprKind::Builtin {
                op: Builtin::JsValueOf,
                args: vec![self.expr(obj)?],
                keywords: Vec::new(),
            },
            ("toString", 0) => ExprKind::Builtin {
                op: Builtin::ToStr,
                args: vec![self.expr(obj)?],
                keywords: Vec::new(),
            },
            ("pop", 0) => {
                let r = self.expr(obj)?;
                self.method(node, r, Method::Pop, Vec::new())
            }
            ("shift", 0) => {
                let r = self.expr(obj)?;
                let zero = self.lit(node, Lit::Int(0));
                self.method(node, r, Method::Pop, vec![zero])
            }
            ("concat", 1) => ExprKind::Binary(
                BinOp::Add(OperandSem::ByTypes),
                Box::new(self.expr(obj)?),
                Box::new(self.expr(args[0])?),
            ),
            // On a fresh array (a copy, a split), sorting or reversing it
            // in place and using it is sorting or reversing a copy.
            ("sort", _) | ("reverse", 0) if self.is_fresh(obj) => {
                // `[...xs].sort()` and `Array.from(xs).sort()` sort a copy
                // of `xs`, which is what `sorted(xs)` does.
                let copied = self.copied(obj);
                let xs = match copied {
                    Some(inner) if prop == "sort" => self.expr(inner)?,
                    _ => self.expr(obj)?,
                };
                if prop == "reverse" {
                    let r = self.builtin(node, Builtin::Reversed, vec![xs]);
                    ExprKind::Builtin {
                        op: Builtin::ToList,
                        args: vec![r],
                        keywords: Vec::new(),
                    }
                } else {
                    let keywords = self.sort_order(node, args)?;
                    ExprKind::Builtin {
                        op: Builtin::Sorted,
                        args: vec![xs],
                        keywords,
                    }
                }
            }
            ("map" | "filter" | "some" | "every", 1) => {
                return self.callback_method(node, obj, prop, args[0])
            }
            ("reduce", 2) => return self.reduce(node, obj, args),
            _ => return self.decline(node, format!("method `{prop}`")),
        })
    }

    /// The text a regular expression literal without flags matches when
    /// it is plain text (`/-/`, `/\//`): no class, group, quantifier or
    /// anchor.
    fn regex_literal_text(&self, node: Node) -> Option<String> {
        if node.kind() != "regex" || node.child_by_field_name("flags").is_some() {
            return None;
        }
        let pattern = self.t(node.child_by_field_name("pattern")?);
        let mut out = String::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let e = chars.next()?;
                    // `\d`, `\s`, `\w`... are classes.
                    if e.is_ascii_alphanumeric() {
                        return None;
                    }
                    out.push(e);
                }
                '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '^' | '$' => {
                    return None
                }
                c => out.push(c),
            }
        }
        Some(out)
    }

    /// A regular expression literal's pattern, parsed into the subset
    /// of [`regex`], and whether it has the flag `g` (whose meaning the
    /// operation settles); None where `node` is no regex literal.
    fn regex_literal(&self, node: Node) -> Result<Option<(Regex, bool)>, regex::Why> {
        let (pattern, flag_text) = match node.kind() {
            "regex" => (
                node.child_by_field_name("pattern")
                    .map_or("", |p| self.t(p)),
                node.child_by_field_name("flags").map_or("", |f| self.t(f)),
            ),
            // A module's constant `var re = /p/g;` (never assigned).
            "identifier" if !self.visible(self.t(node)) => {
                let Some(literal) = self.regexes.get(self.t(node)) else {
                    return Ok(None);
                };
                let Some((pattern, flags)) =
                    literal.strip_prefix('/').and_then(|l| l.rsplit_once('/'))
                else {
                    return Ok(None);
                };
                (pattern, flags)
            }
            _ => return Ok(None),
        };
        let mut flags = regex::Flags::default();
        let mut global = false;
        {
            for c in flag_text.chars() {
                match c {
                    'g' => global = true,
                    'i' => flags.ignore_case = true,
                    c => return Err(format!("the flag `{c}`")),
                }
            }
        }
        // JavaScript's values check the strings they match (see
        // `regex::Syntax::JavaScriptBmp`).
        let syntax = if self.dynamic {
            regex::Syntax::JavaScriptBmp
        } else {
            regex::Syntax::JavaScript
        };
        Regex::parse(pattern, syntax, flags).map(|r| Some((r, global)))
    }

    /// `new Set()`, `new Set(xs)` and `new Array(n)`; no other
    /// constructor.
    /// Whether `node` is `new Object()` or `Object()` (the global, with
    /// no argument): a new empty object.
    fn empty_object_call(&self, node: Node) -> bool {
        let callee = match node.kind() {
            "new_expression" => node.child_by_field_name("constructor"),
            "call_expression" => node.child_by_field_name("function"),
            _ => None,
        };
        callee.is_some_and(|c| {
            c.kind() == "identifier" && self.t(c) == "Object" && !self.visible("Object")
        }) && node
            .child_by_field_name("arguments")
            .is_none_or(|a| named_children(a).iter().all(|k| k.kind() == "comment"))
    }

    fn new_expression(&mut self, node: Node) -> Res<ExprKind> {
        let ctor = self.field(node, "constructor")?;
        let args = match node.child_by_field_name("arguments") {
            Some(a) => named_children(a),
            None => Vec::new(),
        };
        if let ("Array", [n]) = (self.t(ctor), args.as_slice()) {
            if !self.visible("Array") {
                return self.new_array(node, *n);
            }
        }
        if self.t(ctor) != "Set"
            || args.len() > 1
            || args.iter().any(|a| a.kind() == "spread_element")
        {
            return self.decline(node, format!("`new {}`", self.t(ctor)));
        }
        Ok(ExprKind::Builtin {
            op: Builtin::ToSet,
            args: self.exprs(&args)?,
            keywords: Vec::new(),
        })
    }

    /// `Array(n)` (or `new Array(n)`): `n` empty slots. An empty slot
    /// is no `undefined` to `map`, `forEach`, `indexOf` or `in`, which
    /// skip it, so the array is taken only where the unit writes every
    /// slot before anything else can see it (see
    /// [`Front::fills_every_slot`]); then each slot reads as what was
    /// written.
    fn new_array(&mut self, node: Node, n: Node) -> Res<ExprKind> {
        let filled = self.fills_every_slot(node, n);
        // JavaScript's values have `Array(n)`'s empty slots (read as
        // `undefined`; their keys are asked for at a panic).
        if self.dynamic && filled.is_none() {
            return Ok(ExprKind::Builtin {
                op: Builtin::JsArray,
                args: vec![self.expr(n)?],
                keywords: Vec::new(),
            });
        }
        let Some((store, up)) = filled else {
            return self.decline(
                node,
                "`Array(n)` not filled slot by slot by the loop after it (an empty slot is no `undefined`)",
            );
        };
        if !up && !self.fills_down {
            return self.decline(
                node,
                "`Array(n)` filled from its last slot down (the target's array grows at its end)",
            );
        }
        self.in_range_stores.insert(store.id());
        Ok(ExprKind::Builtin {
            op: Builtin::JsArray,
            args: vec![self.expr(n)?],
            keywords: Vec::new(),
        })
    }

    /// Whether `call`, `Array(n)` of a name `n` (or `Array(Math.max(0,
    /// n))`, as long where `n` is not negative, empty and filled by no
    /// round where it is), declares a variable `r` (`var r = Array(n)`)
    /// whose declaration a loop that runs exactly `n` rounds follows:
    /// `for (i = 0; i < n; i++)` (the counter declared or set to 0 in the
    /// head, beside `r` or by a statement between; more updates beside
    /// `i++` allowed), `while (++i < n)` (`i` -1 on entry, set so the same
    /// way) or `while (n--)` (of `Array(n)` of a bare name alone: a
    /// negative `n` would not stop it). A statement of its body that runs
    /// on every round writes `r[s] = e`, where the slot `s` takes every
    /// value of `[0, n)` over the rounds: the counter `i`; `n` itself
    /// under `while (n--)`; `++j` of a `j` that is -1 on entry and changed
    /// nowhere else; or `c ? s1 : s2` of two such slots, `c` a name the
    /// loop leaves alone (so every round takes the same side). No
    /// `break`, `continue` or `return` in the body, `r` read nowhere else
    /// in it nor by a nested function, the counters and `n` assigned by
    /// the loop's head alone, and no `try` around it that could catch an
    /// error of a round and go on. Statements between the declaration and
    /// the loop may run where they do not mention `r` nor set `n` or a
    /// counter (other than to its starting value). When `n` is no number,
    /// `Array(n)` is `[n]`, as the helper makes it. Gives the store and
    /// whether the rounds fill the slots from 0 up, one a round (every
    /// form but `while (n--)`).
    fn fills_every_slot<'t>(&self, call: Node<'t>, n: Node<'t>) -> Option<(Node<'t>, bool)> {
        let ok = |b: bool| b.then_some(());
        let bare_length = n.kind() == "identifier";
        let n = self.array_length_name(n)?;
        let decl = call.parent()?;
        ok(decl.kind() == "variable_declarator" && decl.child_by_field_name("value")? == call)?;
        let r_node = decl.child_by_field_name("name")?;
        ok(r_node.kind() == "identifier")?;
        let r = self.t(r_node);
        // The function that declares `r`, maybe one nested in the unit
        // (`return function () { var r = Array(n); .. }`): only functions
        // inside it can see `r`.
        let mut home = decl.parent();
        while let Some(h) = home.filter(|h| !is_function_node(*h) && h.kind() != "program") {
            home = h.parent();
        }
        let home = home?;
        ok(!captured_names(home, self.src).contains(r))?;
        let stmt = decl.parent()?;
        // `r` once in the body, once in its declaration (a shorthand
        // `{ r }` reads it too).
        let mentions = |root: Node| mentions(root, r, self.src);
        let mut between = Vec::new();
        let mut next = stmt.next_named_sibling();
        while let Some(c) =
            next.filter(|c| !matches!(c.kind(), "for_statement" | "while_statement"))
        {
            if c.kind() != "comment" {
                between.push(c);
            }
            next = c.next_named_sibling();
        }
        // `for (var r = Array(n), i = 0; i < n; i++)`, as minifiers write
        // it: the loop whose head declares `r`.
        let head = stmt.parent().filter(|p| {
            p.kind() == "for_statement" && p.child_by_field_name("initializer") == Some(stmt)
        });
        let lp = match head {
            Some(p) => {
                between.clear();
                p
            }
            None => next?,
        };
        // The literal a name holds on entering the loop: set last by a
        // statement between (`i = 0;` or `var i = 0;`), or else by a
        // declarator of `r`'s declaration, and changed by nothing after.
        let entry = |name: &str| -> Option<&'s str> {
            let only: HashSet<&str> = [name].into_iter().collect();
            for s in between.iter().rev() {
                if let Some(v) = self.sets_to(*s, name) {
                    return Some(v);
                }
                ok(!sets_any(*s, self.src, &only))?;
            }
            let mut value = None;
            for d in named_children(stmt) {
                match self.sets_to(d, name) {
                    Some(v) => value = Some(v),
                    None => ok(!sets_any(d, self.src, &only))?,
                }
            }
            value
        };
        // The counter the condition tests (none under `while (n--)`), and
        // the head's other updates.
        let (i, others) = match lp.kind() {
            "for_statement" => {
                let increment = lp.child_by_field_name("increment")?;
                let parts = sequence_parts(increment);
                let (step, others) = parts.split_first()?;
                ok(step.kind() == "update_expression" && self.t(*step).contains("++"))?;
                let i = self.t(step.child_by_field_name("argument")?);
                let (l, op, rt) = self.binary_parts(bare(lp.child_by_field_name("condition")?)?)?;
                ok(op == "<" && self.t(l) == i && self.t(rt) == n && i != n)?;
                let init = lp.child_by_field_name("initializer");
                let from_zero = match init {
                    None => entry(i) == Some("0"),
                    Some(x) if x == stmt => entry(i) == Some("0"),
                    Some(x) if x.kind() == "empty_statement" => entry(i) == Some("0"),
                    Some(x) => self.sets_to(x, i) == Some("0"),
                };
                ok(from_zero)?;
                (Some(i), others.to_vec())
            }
            "while_statement" => {
                let cond = bare(lp.child_by_field_name("condition")?)?;
                if cond.kind() == "update_expression" {
                    // `while (n--)`: rounds see `n` from `n - 1` down to 0.
                    ok(bare_length)?;
                    ok(self.t(cond).ends_with("--"))?;
                    ok(self.t(cond.child_by_field_name("argument")?) == n)?;
                    (None, Vec::new())
                } else {
                    let (l, op, rt) = self.binary_parts(cond)?;
                    ok(op == "<" && self.t(rt) == n && l.kind() == "update_expression")?;
                    ok(self.t(l).starts_with("++"))?;
                    let i = self.t(l.child_by_field_name("argument")?);
                    ok(i != n && entry(i) == Some("-1"))?;
                    (Some(i), Vec::new())
                }
            }
            _ => return None,
        };
        let body = lp.child_by_field_name("body")?;
        let stmts = if body.kind() == "statement_block" {
            named_children(body)
        } else {
            vec![body]
        };
        // Names the rounds must leave alone, and the `++j` slots that each
        // change one once a round.
        let mut fixed: HashSet<&str> = [n].into_iter().chain(i).collect();
        let mut bumped: Vec<&str> = Vec::new();
        // Whether `s` takes every value of `[0, n)` over the rounds.
        fn slot<'t, 's>(
            fx: &Front<'s>,
            s: Node<'t>,
            i: Option<&str>,
            n: &str,
            fixed: &mut HashSet<&'s str>,
            bumped: &mut Vec<&'s str>,
            entry: &dyn Fn(&str) -> Option<&'s str>,
        ) -> Option<()> {
            let s = bare(s)?;
            match s.kind() {
                "identifier" => {
                    let x = fx.t(s);
                    (i.map_or(x == n, |i| x == i)).then_some(())
                }
                "update_expression" => {
                    let j = fx.t(s.child_by_field_name("argument")?);
                    (fx.t(s).starts_with("++")
                        && !fixed.contains(j)
                        && !bumped.contains(&j)
                        && entry(j) == Some("-1"))
                    .then_some(())?;
                    bumped.push(j);
                    Some(())
                }
                "ternary_expression" => {
                    let c = bare(s.child_by_field_name("condition")?)?;
                    // Not the counter nor the bound, which change from
                    // round to round (`r[i ? ++j : i]` writes slot 0
                    // twice), nor a `++j` of the other side.
                    (c.kind() == "identifier").then_some(())?;
                    let c = fx.t(c);
                    (!fixed.contains(c) && !bumped.contains(&c)).then_some(())?;
                    fixed.insert(c);
                    slot(
                        fx,
                        s.child_by_field_name("consequence")?,
                        i,
                        n,
                        fixed,
                        bumped,
                        entry,
                    )?;
                    slot(
                        fx,
                        s.child_by_field_name("alternative")?,
                        i,
                        n,
                        fixed,
                        bumped,
                        entry,
                    )
                }
                _ => None,
            }
        }
        // The write, on every round.
        let store = stmts.iter().find_map(|s| {
            let a = bare(*s).filter(|_| s.kind() == "expression_statement")?;
            ok(a.kind() == "assignment_expression")?;
            let left = a.child_by_field_name("left")?;
            ok(left.kind() == "subscript_expression")?;
            ok(self.t(left.child_by_field_name("object")?) == r)?;
            Some(left)
        })?;
        let index = store.child_by_field_name("index")?;
        slot(self, index, i, n, &mut fixed, &mut bumped, &entry)?;
        let own = own_nodes(body);
        ok(!own.iter().any(|x| {
            matches!(
                x.kind(),
                "break_statement" | "continue_statement" | "return_statement" | "yield_expression"
            )
        }))?;
        ok(mentions(body) == 1 && mentions(stmt) == 1)?;
        ok(assigns_any(body, self.src, &fixed).is_none())?;
        for j in &bumped {
            let only: HashSet<&str> = [*j].into_iter().collect();
            ok(count_writes(body, self.src, &only) == 1)?;
            fixed.insert(j);
        }
        // A call of a nested function that assigns one of them could
        // change it between rounds.
        // (Those the unit's nested functions assign include every name
        // `home` assigns where it is one of them; its own are changed
        // only by the functions inside it.)
        let nested = closure_assigned_names(home, self.src);
        ok(!fixed.iter().any(|x| {
            nested.contains(*x)
                || (!declares(home, x, self.src) && self.closure_assigned.contains(*x))
        }))?;
        for x in between.iter().chain(&others) {
            ok(mentions(*x) == 0)?;
        }
        // `n` keeps the length `Array(n)` had until the loop starts.
        let length: HashSet<&str> = [n].into_iter().collect();
        for x in &between {
            ok(!sets_any(*x, self.src, &length))?;
        }
        for d in named_children(stmt) {
            ok(d.start_byte() <= decl.start_byte() || !sets_any(d, self.src, &length))?;
        }
        for x in &others {
            ok(!sets_any(*x, self.src, &fixed))?;
        }
        // No `try` between the loop and its function.
        let mut up = lp.parent();
        while let Some(u) = up {
            if matches!(
                u.kind(),
                "function_declaration" | "function_expression" | "arrow_function" | "program"
            ) {
                break;
            }
            ok(u.kind() != "try_statement")?;
            up = u.parent();
        }
        // Under `while (n--)` a slot `n` goes down; a `++j` goes up.
        let up = i.is_some() || bare(index).is_some_and(|x| x.kind() == "update_expression");
        Some((store, up))
    }

    /// The literal `x` of `name = x` or a declarator `name = x`, alone in
    /// the statement `node`.
    fn sets_to(&self, node: Node, name: &str) -> Option<&'s str> {
        let (target, value) = match node.kind() {
            "variable_declarator" => (
                node.child_by_field_name("name")?,
                node.child_by_field_name("value")?,
            ),
            "lexical_declaration" | "variable_declaration" => {
                let [d] = named_children(node)[..] else {
                    return None;
                };
                return self.sets_to(d, name);
            }
            "expression_statement" | "parenthesized_expression" => {
                return self.sets_to(bare(node)?, name)
            }
            "assignment_expression" => (
                node.child_by_field_name("left")?,
                node.child_by_field_name("right")?,
            ),
            _ => return None,
        };
        let literal = matches!(value.kind(), "number")
            || (value.kind() == "unary_expression" && matches!(self.t(value), "-1"));
        (target.kind() == "identifier" && self.t(target) == name && literal).then(|| self.t(value))
    }

    /// The name `n` of `Array(n)` or `Array(Math.max(0, n))` (either
    /// order, `Math` the global): the bound a loop filling it must count
    /// to.
    fn array_length_name(&self, length: Node) -> Option<&'s str> {
        if length.kind() == "identifier" {
            return Some(self.t(length));
        }
        let (obj, prop) = self.member_call(length)?;
        if self.t(obj) != "Math" || self.visible("Math") || prop != "max" {
            return None;
        }
        let args = length
            .child_by_field_name("arguments")
            .map(named_children)?;
        match args.as_slice() {
            [a, b] | [b, a] if self.t(*a) == "0" && b.kind() == "identifier" => Some(self.t(*b)),
            _ => None,
        }
    }

    /// `x.toString(2)`: the binary digits, `-` before them when negative
    /// (where Python's `bin` writes `-0b`). `x` is read twice, so it must
    /// be a name or a read of names.
    fn binary_text(&mut self, node: Node, obj: Node) -> Res<ExprKind> {
        if !self.reads_only(obj) {
            return self.decline(node, "`toString(2)` of a computed value");
        }
        let two = |fx: &mut Self| fx.lit(node, Lit::Int(2));
        let digits = |fx: &mut Self, x: Expr| -> Expr {
            let b = fx.builtin(node, Builtin::Bin, vec![x]);
            let lower = Box::new(two(fx));
            fx.expr_of(
                node,
                ExprKind::Slice {
                    value: Box::new(b),
                    lower: Some(lower),
                    upper: None,
                    step: None,
                    sem: JS_SLICE,
                },
            )
        };
        let x = self.expr(obj)?;
        let zero = self.lit(node, Lit::Int(0));
        let test = self.expr_of(
            node,
            ExprKind::Compare {
                first: Box::new(x),
                rest: vec![(CmpOp::Lt, zero)],
            },
        );
        let x = self.expr(obj)?;
        let neg = self.expr_of(node, ExprKind::Unary(UnOp::Neg, Box::new(x)));
        let neg_digits = digits(self, neg);
        let minus = self.lit(node, Lit::Str("-".into()));
        let then = self.expr_of(
            node,
            ExprKind::Binary(
                BinOp::Add(OperandSem::Coercing),
                Box::new(minus),
                Box::new(neg_digits),
            ),
        );
        let x = self.expr(obj)?;
        let orelse = digits(self, x);
        Ok(ExprKind::IfElse {
            test: Box::new(test),
            truthiness: Truthiness::JavaScript,
            then: Box::new(then),
            orelse: Box::new(orelse),
        })
    }

    /// Whether evaluating `node` only reads names (`x`, `xs[i][j]`).
    fn reads_only(&self, node: Node) -> bool {
        match node.kind() {
            "identifier" | "number" => true,
            "parenthesized_expression" => named_children(node)
                .first()
                .is_some_and(|n| self.reads_only(*n)),
            "subscript_expression" => {
                node.child_by_field_name("object")
                    .is_some_and(|o| self.reads_only(o))
                    && node
                        .child_by_field_name("index")
                        .is_some_and(|i| self.reads_only(i))
            }
            _ => false,
        }
    }

    /// `xs` of `[...xs]` or `Array.from(xs)`: a copy.
    fn copied<'t>(&self, node: Node<'t>) -> Option<Node<'t>> {
        match node.kind() {
            "parenthesized_expression" => self.copied(*named_children(node).first()?),
            "array" => match named_children(node).as_slice() {
                [one] if one.kind() == "spread_element" => named_children(*one).first().copied(),
                _ => None,
            },
            "call_expression" => {
                let f = node.child_by_field_name("function")?;
                let args = named_children(node.child_by_field_name("arguments")?);
                (self.t(f) == "Array.from" && args.len() == 1).then(|| args[0])
            }
            _ => None,
        }
    }

    /// Whether an expression makes a new array no one else holds.
    fn is_fresh(&self, node: Node) -> bool {
        match node.kind() {
            "array" => true,
            "parenthesized_expression" => named_children(node)
                .first()
                .is_some_and(|n| self.is_fresh(*n)),
            "call_expression" => match self.member_call(node) {
                Some((_, p)) => matches!(
                    p,
                    "slice" | "split" | "map" | "filter" | "concat" | "from" | "sort" | "reverse"
                ),
                None => false,
            },
            _ => false,
        }
    }

    /// A callback's parameters, plain names. `hiding` says whether one may
    /// hide a variable around it: only where the caller names the
    /// parameters by what `callback_body` resolves them to.
    fn callback_params<'t>(&self, f: Node<'t>, hiding: bool) -> Res<Vec<Node<'t>>> {
        let ps: Vec<Node> = match f.child_by_field_name("parameter") {
            Some(p) => vec![p],
            None => named_children(self.field(f, "parameters")?),
        };
        for p in &ps {
            if p.kind() != "identifier" {
                return self.decline(*p, "callback parameter pattern");
            }
            if !hiding && self.visible(self.t(*p)) {
                return self.decline(
                    *p,
                    format!("callback parameter `{}` hiding a variable", self.t(*p)),
                );
            }
        }
        Ok(ps)
    }

    /// A callback's body as one expression: `x => e` or `x => { return e; }`;
    /// a callback with statements is a nested function, defined before the
    /// statement that passes it, and the expression calls it.
    /// With the body, the names the parameters have in it.
    fn callback_body(&mut self, f: Node, params: &[Node]) -> Res<(Expr, Vec<String>)> {
        let body = self.field(f, "body")?;
        let e = if body.kind() == "statement_block" {
            match named_children(body).as_slice() {
                [r] if r.kind() == "return_statement" => match named_children(*r).first() {
                    Some(e) => *e,
                    None => return self.decline(f, "callback without a value"),
                },
                _ => return self.callback_function(f, params),
            }
        } else {
            body
        };
        self.with_block(|fx| {
            for p in params {
                fx.declare(fx.t(*p), *p)?;
            }
            let names = params.iter().map(|p| fx.resolve(fx.t(*p))).collect();
            Ok((fx.expr(e)?, names))
        })
    }

    /// `step(x)` for a callback with statements, `step` its nested
    /// function. Falling off its end gives `None` where JavaScript gives
    /// `undefined`: both absent, and both false.
    fn callback_function(&mut self, f: Node, params: &[Node]) -> Res<(Expr, Vec<String>)> {
        let name = self.fresh_name("callback");
        let def = self.function(&name, f, None)?;
        let line = self.line(f);
        self.pending_defs
            .push(Stmt::new(StmtKind::Def(Box::new(def)), line));
        self.with_block(|fx| {
            let mut args = Vec::new();
            let mut names = Vec::new();
            for p in params {
                fx.declare(fx.t(*p), *p)?;
                let n = fx.resolve(fx.t(*p));
                args.push(fx.expr_of(*p, ExprKind::Name(n.clone())));
                names.push(n);
            }
            Ok((fx.expr_of(f, ExprKind::Call { func: name, args }), names))
        })
    }

    /// The loop target and iterable of a callback `(x, i) => ...` over
    /// `xs`: `x` over `xs`, or `(i, x)` over `enumerate(xs)`.
    fn callback_binding(
        &mut self,
        f: Node,
        params: &[Node],
        xs: Expr,
        _statement: bool,
    ) -> Res<(Target, Expr)> {
        match params {
            [x] => Ok((self.name_target(*x), xs)),
            [x, i] => {
                let t = Target::Tuple(vec![self.name_target(*i), self.name_target(*x)]);
                let it = self.builtin(f, Builtin::Enumerate, vec![xs]);
                Ok((t, it))
            }
            _ => self.decline(f, "callback with other than one or two parameters"),
        }
    }

    fn callback_method(&mut self, node: Node, obj: Node, prop: &str, f: Node) -> Res<ExprKind> {
        if !matches!(f.kind(), "arrow_function" | "function_expression") {
            return self.decline(f, format!("`{prop}` with a named callback"));
        }
        let params = self.callback_params(f, false)?;
        let xs = self.expr(obj)?;
        let (target, iter) = self.callback_binding(f, &params, xs, false)?;
        // The items of `s.split("")` are one character each.
        let facts = match params.first() {
            Some(p) if self.is_split_into_chars(obj) && !writes_name(f, self.t(*p), self.src) => {
                vec![(self.t(*p).to_string(), 1)]
            }
            _ => Vec::new(),
        };
        let (body, _) = self.knowing(facts, |fx| fx.callback_body(f, &params))?;
        Ok(match prop {
            "map" => ExprKind::Comprehension {
                kind: CompKind::List,
                elt: Box::new(body),
                value: None,
                clauses: vec![Clause {
                    target,
                    iter,
                    conditions: Vec::new(),
                }],
            },
            "filter" => {
                // The item is the first parameter.
                let item = self.expr_of(f, ExprKind::Name(self.t(params[0]).to_string()));
                ExprKind::Comprehension {
                    kind: CompKind::List,
                    elt: Box::new(item),
                    value: None,
                    clauses: vec![Clause {
                        target,
                        iter,
                        conditions: vec![body],
                    }],
                }
            }
            _ => {
                let gen = self.expr_of(
                    node,
                    ExprKind::Comprehension {
                        kind: CompKind::Generator,
                        elt: Box::new(body),
                        value: None,
                        clauses: vec![Clause {
                            target,
                            iter,
                            conditions: Vec::new(),
                        }],
                    },
                );
                ExprKind::Builtin {
                    op: if prop == "some" {
                        Builtin::Any
                    } else {
                        Builtin::All
                    },
                    args: vec![gen],
                    keywords: Vec::new(),
                }
            }
        })
    }

    /// `xs.reduce((acc, x) => acc + x, init)`: `init + sum(xs)`, the one
    /// reduction the IR has a form for.
    /// A name no source name of the function takes, for a value the
    /// lowering introduces.
    fn fresh_name(&mut self, base: &str) -> String {
        let name = std::iter::once(base.to_string())
            .chain((2..).map(|k| format!("{base}_{k}")))
            .find(|c| !self.taken.contains(c))
            .unwrap_or_else(|| base.to_string());
        self.taken.insert(name.clone());
        name
    }

    /// `xs.reduce((acc, x[, i]) => { statements; return e; }, init)` as the
    /// whole value of a `return` or a declaration: the callback becomes a
    /// nested function and the fold a loop, written to `out` before the
    /// statement; the value is the accumulator. `init` only reads names
    /// (it is evaluated before `xs` here, after it in JavaScript), and the
    /// callback does not name `xs` (Python's loop would see its pushes).
    /// Callbacks of one `return` are the expression path's.
    fn fold_with_statements(&mut self, v: Node, out: &mut Block) -> Res<Option<Expr>> {
        let Some((obj, "reduce")) = self.member_call(v) else {
            return Ok(None);
        };
        let args = self.arg_nodes(v)?;
        let [f, init] = args.as_slice() else {
            return Ok(None);
        };
        let (mut f, init) = (*f, *init);
        while f.kind() == "parenthesized_expression" {
            match named_children(f).first() {
                Some(inner) => f = *inner,
                None => return Ok(None),
            }
        }
        if !matches!(f.kind(), "arrow_function" | "function_expression") {
            return Ok(None);
        }
        let body = self.field(f, "body")?;
        let stmts = named_children(body);
        if body.kind() != "statement_block"
            || matches!(stmts.as_slice(), [r] if r.kind() == "return_statement")
        {
            return Ok(None);
        }
        // Every path returns a value: one that falls off the end would
        // give `undefined` to the next call.
        if stmts
            .last()
            .is_none_or(|r| r.kind() != "return_statement" || named_children(*r).is_empty())
        {
            return self.decline(f, "`reduce` callback that may not return a value");
        }
        let params = self.callback_params(f, false)?;
        if !matches!(params.len(), 2 | 3) {
            return self.decline(v, "`reduce` with other than two or three parameters");
        }
        let init_reads =
            self.reads_only(init) || matches!(init.kind(), "string" | "true" | "false" | "null");
        let xs_named = match obj.kind() {
            "identifier" => contains_identifier(body, self.t(obj), self.src),
            _ => !self.is_fresh(obj),
        };
        if !init_reads || xs_named {
            return self.decline(v, "`reduce` callback with statements");
        }
        let step = self.fresh_name("step");
        // The items of `s.split("")` are one character each.
        let facts = match params.get(1) {
            Some(p) if self.is_split_into_chars(obj) && !writes_name(f, self.t(*p), self.src) => {
                vec![(self.t(*p).to_string(), 1)]
            }
            _ => Vec::new(),
        };
        let def = self.knowing(facts, |fx| fx.function(&step, f, None))?;
        self.push(out, f, StmtKind::Def(Box::new(def)));
        let acc = self.fresh_name("acc");
        let start = self.expr(init)?;
        let target = Target::Name {
            name: acc.clone(),
            id: self.ids.fresh(),
        };
        self.push(
            out,
            v,
            StmtKind::Assign {
                target,
                value: start,
            },
        );
        let xs = self.expr(obj)?;
        let item = self.fresh_name("item");
        let item_target = Target::Name {
            name: item.clone(),
            id: self.ids.fresh(),
        };
        let mut call_args = vec![
            self.expr_of(v, ExprKind::Name(acc.clone())),
            self.expr_of(v, ExprKind::Name(item)),
        ];
        let (target, iter) = if params.len() == 3 {
            let index = self.fresh_name("index");
            call_args.push(self.expr_of(v, ExprKind::Name(index.clone())));
            let index_target = Target::Name {
                name: index,
                id: self.ids.fresh(),
            };
            (
                Target::Tuple(vec![index_target, item_target]),
                self.builtin(v, Builtin::Enumerate, vec![xs]),
            )
        } else {
            (item_target, xs)
        };
        let call = self.expr_of(
            v,
            ExprKind::Call {
                func: step,
                args: call_args,
            },
        );
        let update = Stmt::new(
            StmtKind::Assign {
                target: Target::Name {
                    name: acc.clone(),
                    id: self.ids.fresh(),
                },
                value: call,
            },
            self.line(v),
        );
        self.push(
            out,
            v,
            StmtKind::For {
                target,
                iter,
                body: vec![update],
                orelse: Vec::new(),
            },
        );
        Ok(Some(self.expr_of(v, ExprKind::Name(acc))))
    }

    fn reduce(&mut self, node: Node, obj: Node, args: &[Node]) -> Res<ExprKind> {
        let mut f = args[0];
        while f.kind() == "parenthesized_expression" {
            match named_children(f).first() {
                Some(inner) => f = *inner,
                None => break,
            }
        }
        if f.kind() != "arrow_function" {
            return self.decline(node, "`reduce` with a named callback");
        }
        let params = self.callback_params(f, false)?;
        // A third parameter is the item's index.
        let (acc, x, index) = match params.as_slice() {
            [acc, x] => (acc, x, None),
            [acc, x, i] => (acc, x, Some(*i)),
            _ => return self.decline(node, "`reduce` with other than two or three parameters"),
        };
        let mut body = self.field(f, "body")?;
        if body.kind() == "statement_block" {
            match named_children(body).as_slice() {
                [r] if r.kind() == "return_statement" => match named_children(*r).first() {
                    Some(e) => body = *e,
                    None => return self.decline(f, "`reduce` callback"),
                },
                _ => return self.decline(f, "`reduce` callback with statements"),
            }
        }
        while body.kind() == "parenthesized_expression" {
            match named_children(body).first() {
                Some(b) => body = *b,
                None => break,
            }
        }
        // `acc + e` where `e` does not read `acc`: the running total of
        // the `e`s, which is `sum` of them.
        let term = (body.kind() == "binary_expression"
            && body
                .child_by_field_name("operator")
                .is_some_and(|o| self.t(o) == "+"))
        .then(|| {
            body.child_by_field_name("left")
                .zip(body.child_by_field_name("right"))
        })
        .flatten()
        .filter(|(l, r)| {
            l.kind() == "identifier"
                && self.t(*l) == self.t(*acc)
                && !contains_identifier(*r, self.t(*acc), self.src)
        })
        .map(|(_, r)| r);
        // Only a numeric start: `"" + ...` would join strings, which `sum`
        // does not.
        let (Some(term), Some(init)) = (term, self.literal_int(args[1])) else {
            return self.decline(node, "`reduce` other than a sum");
        };
        let xs = self.expr(obj)?;
        let items = if index.is_none() && term.kind() == "identifier" && self.t(term) == self.t(*x)
        {
            xs
        } else {
            let (target, xs) = match index {
                None => (self.name_target(*x), xs),
                Some(i) => {
                    let t = Target::Tuple(vec![self.name_target(i), self.name_target(*x)]);
                    (t, self.builtin(f, Builtin::Enumerate, vec![xs]))
                }
            };
            let elt = self.with_block(|fx| {
                fx.declare(fx.t(*x), *x)?;
                if let Some(i) = index {
                    fx.declare(fx.t(i), i)?;
                }
                fx.expr(term)
            })?;
            self.expr_of(
                f,
                ExprKind::Comprehension {
                    kind: CompKind::Generator,
                    elt: Box::new(elt),
                    value: None,
                    clauses: vec![Clause {
                        target,
                        iter: xs,
                        conditions: Vec::new(),
                    }],
                },
            )
        };
        let sum = self.builtin(node, Builtin::Sum, vec![items]);
        if init == 0 {
            return Ok(sum.kind);
        }
        let start = self.lit(args[1], Lit::Int(init));
        Ok(ExprKind::Binary(
            BinOp::Add(OperandSem::Coercing),
            Box::new(start),
            Box::new(sum),
        ))
    }
}

/// Whether a statement (or block) always leaves the code after it:
/// it ends with `return`, `throw`, `break` or `continue`.
fn leaves(node: Node) -> bool {
    match node.kind() {
        "return_statement" | "throw_statement" | "break_statement" | "continue_statement" => true,
        "statement_block" => named_children(node).last().is_some_and(|s| leaves(*s)),
        _ => false,
    }
}

/// By position, whether the request's Rust target declaration types each
/// parameter as a string; empty for another target or no declaration.
fn declared_strings(req: &TranslationRequest) -> Vec<bool> {
    if req.to != Lang::Rust {
        return Vec::new();
    }
    let Some(sig) = req.context.signature.as_deref() else {
        return Vec::new();
    };
    match super::super::analysis::signature::read(sig) {
        Ok(Some(sig)) => sig
            .params
            .iter()
            .map(|p| p.ty == Ty::Str && !p.borrowed_items)
            .collect(),
        _ => Vec::new(),
    }
}

/// The names a function (its nested functions included) reassigns or
/// shortens: `x = ...`, `[x, y] = ...`, `x.pop()`, `x.shift()`,
/// `x.splice(...)`, `x.length = ...`.
/// The operands of a comma expression (`a, b, c`) in the order they
/// run, or the expression itself where it is not one.
fn sequence_parts(node: Node) -> Vec<Node> {
    if node.kind() != "sequence_expression" {
        return vec![node];
    }
    named_children(node)
        .into_iter()
        .filter(|n| n.kind() != "comment")
        .flat_map(sequence_parts)
        .collect()
}

fn shrinking_names(node: Node, src: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "assignment_expression" | "augmented_assignment_expression" => {
                if let Some(l) = n.child_by_field_name("left") {
                    match l.kind() {
                        "identifier" => {
                            out.insert(text(l, src).to_string());
                        }
                        "member_expression" => {
                            if let Some(o) = l.child_by_field_name("object") {
                                out.insert(text(o, src).to_string());
                            }
                        }
                        "array_pattern" | "object_pattern" => {
                            let mut s = vec![l];
                            while let Some(p) = s.pop() {
                                if p.kind() == "identifier" {
                                    out.insert(text(p, src).to_string());
                                }
                                let mut c = p.walk();
                                s.extend(p.named_children(&mut c));
                            }
                        }
                        _ => {}
                    }
                }
            }
            "update_expression" => {
                if let Some(a) = n.child_by_field_name("argument") {
                    out.insert(text(a, src).to_string());
                }
            }
            "call_expression" => {
                if let Some(f) = n
                    .child_by_field_name("function")
                    .filter(|f| f.kind() == "member_expression")
                {
                    let prop = f
                        .child_by_field_name("property")
                        .map_or("", |p| text(p, src));
                    if matches!(prop, "pop" | "shift" | "splice") {
                        if let Some(o) = f.child_by_field_name("object") {
                            out.insert(text(o, src).to_string());
                        }
                    }
                }
            }
            _ => {}
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    out
}

/// Whether a property key reads as an array index (`"0"`, `"12"`, not
/// `"012"` or `"-1"`), which JavaScript lists first, in ascending order,
/// whatever the order they were added in.
fn is_array_index(key: &str) -> bool {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
    canonical
        && key.bytes().all(|b| b.is_ascii_digit())
        && key.parse::<u64>().is_ok_and(|v| v < u32::MAX as u64)
}

/// Every identifier in `node`.
/// The names that functions nested in `node` mention.
fn captured_names(node: Node, src: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack: Vec<(Node, bool)> = vec![(node, false)];
    while let Some((n, nested)) = stack.pop() {
        let nested = nested || (n.id() != node.id() && is_function_node(n));
        if nested && matches!(n.kind(), "identifier" | "shorthand_property_identifier") {
            out.insert(text(n, src).to_string());
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c).map(|k| (k, nested)));
    }
    out
}

fn is_function_node(n: Node) -> bool {
    matches!(
        n.kind(),
        "arrow_function"
            | "function_expression"
            | "function"
            | "function_declaration"
            | "generator_function"
            | "generator_function_declaration"
            | "method_definition"
    )
}

/// The ancestor of `node` whose id is `root`, where evaluating it
/// evaluates `node` exactly once: no function, statement, right operand of
/// `&&`, `||` or `??`, branch of `?:`, or optional chain lies between.
fn evaluated_once_in(node: Node, root: usize) -> Option<Node> {
    let mut child = node;
    while child.id() != root {
        let parent = child.parent()?;
        let is =
            |field: &str| parent.child_by_field_name(field).map(|c| c.id()) == Some(child.id());
        let conditional = match parent.kind() {
            "binary_expression" => {
                let op = parent.child_by_field_name("operator").map(|o| o.kind());
                matches!(op, Some("&&" | "||" | "??")) && is("right")
            }
            "ternary_expression" => !is("condition"),
            k => is_function_node(parent) || k.ends_with("statement") || k.ends_with("declaration"),
        };
        let mut c = parent.walk();
        let optional = parent
            .children(&mut c)
            .any(|k| k.kind() == "optional_chain");
        if (conditional || optional) && parent.id() != root {
            return None;
        }
        child = parent;
    }
    Some(child)
}

/// Whether the update `node` of `name` may move out of `root` where
/// others mention the name or a nested function may read it (`while
/// (++i < n && xs[i])`, `if (--times < 1)` of a closure's variable): no
/// other part of `root` writes `name`, and nothing `root` evaluates
/// before the update (`prefix`, made before the statement) or after it
/// (postfix, made after) mentions `name` or calls a function (which
/// could read it). Reads on the other side see the same value as in
/// JavaScript.
fn moves_unseen(node: Node, root: Node, name: &str, src: &str, prefix: bool) -> bool {
    // No other write of `name` in the root (one walk: a minified
    // file's statement may be long).
    let names: HashSet<&str> = [name].into_iter().collect();
    if any_node(root, |n| {
        n.id() != node.id() && written(n).is_some_and(|t| binds_any(t, src, &names))
    }) {
        return false;
    }
    let seen = |x: Node| {
        any_node(x, |n| {
            n.kind() == "identifier" && text(n, src) == name
                || matches!(n.kind(), "call_expression" | "new_expression")
        })
    };
    let mut child = node;
    while child.id() != root.id() {
        let Some(parent) = child.parent() else {
            return false;
        };
        let mut c = parent.walk();
        let others: Vec<Node> = parent.named_children(&mut c).collect();
        let beside = others.iter().filter(|x| {
            if prefix {
                x.end_byte() <= child.start_byte()
            } else {
                x.start_byte() >= child.end_byte()
            }
        });
        if beside.into_iter().any(|x| seen(*x)) {
            return false;
        }
        child = parent;
    }
    true
}

/// Whether evaluating `node` may run code or change a value: a call,
/// `new`, an assignment or an update inside it.
fn runs_code(node: Node) -> bool {
    any_node(node, |n| {
        written(n).is_some() || matches!(n.kind(), "call_expression" | "new_expression")
    })
}

/// The outermost expression around `node`, within its statement: what
/// is evaluated as one with it (a condition, a returned value, a
/// declaration's value, a loop's update).
fn expression_root(node: Node) -> Node {
    let mut n = node;
    while let Some(p) = n.parent() {
        let k = p.kind();
        let part = (k.ends_with("_expression")
            || matches!(
                k,
                "arguments"
                    | "array"
                    | "object"
                    | "pair"
                    | "template_string"
                    | "template_substitution"
                    | "spread_element"
            ))
            && !is_function_node(p);
        if !part {
            break;
        }
        n = p;
    }
    n
}

/// Whether `a` and `b` (neither inside the other) are on two sides of a
/// `&&` or `||` (the left evaluated first, in either language and in
/// what the lowering writes) or of a `?:` (its test first, one branch
/// then): their order of evaluation is the source's.
fn ordered_apart(a: Node, b: Node) -> bool {
    let inside =
        |x: Node, y: Node| x.start_byte() >= y.start_byte() && x.end_byte() <= y.end_byte();
    let mut lca = a;
    while !inside(b, lca) {
        match lca.parent() {
            Some(p) => lca = p,
            None => return false,
        }
    }
    if lca.id() == a.id() || inside(a, b) {
        return false;
    }
    match lca.kind() {
        "binary_expression" => matches!(
            lca.child_by_field_name("operator").map(|o| o.kind()),
            Some("&&" | "||")
        ),
        "ternary_expression" => true,
        _ => false,
    }
}

/// Declines a unit whose IR holds an assignment inside an expression
/// other than once, where it was written: in a lambda or a comprehension
/// (a callback's body, where Python's `:=` binds the callback's own name
/// or is not allowed), or twice (the lowering wrote a part of the source
/// twice, which would assign twice).
fn assignments_in_place_once(f: &Function, from: &HashMap<ExprId, usize>) -> Res<()> {
    fn walk(
        e: &Expr,
        nested: bool,
        seen: &mut HashSet<usize>,
        from: &HashMap<ExprId, usize>,
    ) -> Res<()> {
        if let ExprKind::AssignName { id, .. } = &e.kind {
            let what = "assignment inside an expression";
            if nested {
                return Err(Decline(format!(
                    "{what}, in a callback (Python's `:=` there binds another variable) at line {}",
                    e.line
                )));
            }
            if !seen.insert(from.get(id).copied().unwrap_or(usize::MAX - id.index())) {
                return Err(Decline(format!(
                    "{what}, evaluated twice where it is lowered at line {}",
                    e.line
                )));
            }
        }
        let nested = nested
            || matches!(
                e.kind,
                ExprKind::Lambda { .. } | ExprKind::Comprehension { .. }
            );
        let mut r = Ok(());
        for_each_child(e, |c| {
            if r.is_ok() {
                r = walk(c, nested, seen, from);
            }
        });
        r
    }
    let mut seen = HashSet::new();
    let mut r = Ok(());
    for_each_stmt(&f.body, true, &mut |s| {
        for_each_stmt_expr(s, |e| {
            if r.is_ok() {
                r = walk(e, false, &mut seen, from);
            }
        })
    });
    r
}

/// How many times `node` mentions the name `name`.
fn mentions(node: Node, name: &str, src: &str) -> usize {
    let mut count = 0;
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if matches!(n.kind(), "identifier" | "shorthand_property_identifier")
            && text(n, src) == name
        {
            count += 1;
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    count
}

/// Whether a `try` is around `node` within its function.
fn inside_try(node: Node) -> bool {
    let mut n = node;
    while let Some(parent) = n.parent() {
        if parent.kind() == "try_statement" {
            return true;
        }
        if is_function_node(parent) {
            return false;
        }
        n = parent;
    }
    false
}

fn identifiers(node: Node, src: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" {
            out.insert(text(n, src).to_string());
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    out
}

fn is_comparison(node: Node, src: &str) -> bool {
    node.kind() == "binary_expression"
        && node.child_by_field_name("operator").is_some_and(|o| {
            matches!(
                text(o, src),
                "<" | "<=" | ">" | ">=" | "==" | "===" | "!=" | "!=="
            )
        })
}

/// A `forEach` callback's body as a loop body: its own `return`s end one
/// round. A `return` with a value (ignored by `forEach`) is declined.
fn returns_to_continue(block: Block, fx: &Front, node: Node) -> Res<Block> {
    fn walk(b: Block, fx: &Front, node: Node) -> Res<Block> {
        let mut out = Vec::new();
        for s in b {
            let kind = match s.kind {
                StmtKind::Return(None) => StmtKind::Continue,
                StmtKind::Return(Some(_)) => {
                    return fx.decline(node, "`return` of a value from a `forEach` callback")
                }
                StmtKind::If { branches, orelse } => StmtKind::If {
                    branches: branches
                        .into_iter()
                        .map(|(t, b)| Ok((t, walk(b, fx, node)?)))
                        .collect::<Res<Vec<_>>>()?,
                    orelse: walk(orelse, fx, node)?,
                },
                // A `return` inside a loop of the callback would end the
                // callback, not that loop.
                StmtKind::For { .. } | StmtKind::While { .. } if has_own_return(node) => {
                    return fx.decline(node, "`return` inside a loop of a `forEach` callback")
                }
                other => other,
            };
            out.push(Stmt::new(kind, s.line));
        }
        Ok(out)
    }
    walk(block, fx, node)
}

/// The names `let`, `const`, `var` and `function` declare in a function
/// body (its nested functions' own names included, not their insides).
fn collect_declared(node: Node, src: &str, out: &mut HashSet<String>) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "variable_declarator" => {
                if let Some(name) = n.child_by_field_name("name") {
                    let mut s = vec![name];
                    while let Some(p) = s.pop() {
                        if p.kind() == "identifier" {
                            out.insert(text(p, src).to_string());
                        }
                        let mut c = p.walk();
                        s.extend(p.named_children(&mut c));
                    }
                }
            }
            "for_in_statement" => {
                if let Some(l) = n.child_by_field_name("left") {
                    if n.child_by_field_name("kind").is_some() {
                        let mut s = vec![l];
                        while let Some(p) = s.pop() {
                            if p.kind() == "identifier" {
                                out.insert(text(p, src).to_string());
                            }
                            let mut c = p.walk();
                            s.extend(p.named_children(&mut c));
                        }
                    }
                }
            }
            "function_declaration" => {
                if let Some(name) = n.child_by_field_name("name") {
                    out.insert(text(name, src).to_string());
                }
                continue;
            }
            "arrow_function" | "function_expression" => {
                // Callback parameters are the callback's own.
                let ps: Vec<Node> = match n.child_by_field_name("parameter") {
                    Some(p) => vec![p],
                    None => n
                        .child_by_field_name("parameters")
                        .map(named_children)
                        .unwrap_or_default(),
                };
                for p in ps {
                    if p.kind() == "identifier" {
                        out.insert(text(p, src).to_string());
                    }
                }
            }
            _ => {}
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
}

/// The assignments in `node` to names not in `declared` (destructuring
/// included), with the name each assigns, in source order.
fn assigned_outside<'t>(
    node: Node<'t>,
    src: &str,
    declared: &HashSet<String>,
) -> Vec<(Node<'t>, String)> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if let Some(t) = written(n) {
            let mut names = vec![t];
            while let Some(p) = names.pop() {
                match p.kind() {
                    "identifier" | "shorthand_property_identifier_pattern"
                        if !declared.contains(text(p, src)) =>
                    {
                        out.push((n, text(p, src).to_string()));
                    }
                    "array_pattern" | "object_pattern" | "pair_pattern" | "assignment_pattern"
                    | "rest_pattern" => {
                        // A default's value or a computed key is read, not
                        // stored; only the pattern's own names are.
                        let mut c = p.walk();
                        let mut kids: Vec<Node> = p
                            .named_children(&mut c)
                            .filter(|k| {
                                !(p.kind() == "assignment_pattern"
                                    && Some(*k) == p.child_by_field_name("right")
                                    || p.kind() == "pair_pattern"
                                        && Some(*k) == p.child_by_field_name("key"))
                            })
                            .collect();
                        kids.reverse();
                        names.extend(kids);
                    }
                    _ => {}
                }
            }
        }
        let mut c = n.walk();
        let mut kids: Vec<Node> = n.children(&mut c).collect();
        kids.reverse();
        stack.extend(kids);
    }
    out
}

/// The names the nested functions inside `unit` assign.
fn closure_assigned_names(unit: Node, src: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack = vec![unit];
    while let Some(n) = stack.pop() {
        if n != unit && is_function_node(n) {
            let none = HashSet::new();
            out.extend(
                assigned_outside(n, src, &none)
                    .into_iter()
                    .map(|(_, name)| name),
            );
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    out
}

/// Whether `name`, seen from the nested function `inner`, is a `let` or
/// `const` (or a `catch` binding) declared inside a loop of the functions
/// around it: one binding per iteration in JavaScript.
fn declared_per_iteration(inner: Node, name: &str, src: &str) -> bool {
    let declares = |decl: Node| {
        decl.kind() == "lexical_declaration"
            && named_children(decl).iter().any(|d| {
                d.child_by_field_name("name")
                    .is_some_and(|n| n.kind() != "identifier" || text(n, src) == name)
            })
    };
    let mut at = inner.parent();
    while let Some(a) = at {
        if is_function_node(a) {
            return false;
        }
        let own = match a.kind() {
            "for_statement" => a.child_by_field_name("initializer").is_some_and(declares),
            "for_in_statement" => {
                a.child_by_field_name("kind")
                    .is_some_and(|k| text(k, src) != "var")
                    && a.child_by_field_name("left")
                        .is_some_and(|l| l.kind() != "identifier" || text(l, src) == name)
            }
            "catch_clause" => a.child_by_field_name("parameter").is_some(),
            _ => named_children(a).into_iter().any(declares),
        };
        if own {
            let mut up = Some(a);
            while let Some(u) = up {
                if is_function_node(u) {
                    return false;
                }
                if matches!(
                    u.kind(),
                    "for_statement" | "for_in_statement" | "while_statement" | "do_statement"
                ) {
                    return true;
                }
                up = u.parent();
            }
            return false;
        }
        at = a.parent();
    }
    false
}

/// The expression an expression statement or parentheses hold; any
/// other node itself.
fn bare(e: Node) -> Option<Node> {
    match e.kind() {
        "expression_statement" | "parenthesized_expression" => named_children(e).first().copied(),
        _ => Some(e),
    }
}

/// The nodes of `node` that belong to its own function: not inside a
/// nested function other than an arrow function (which has no
/// `arguments` of its own).
fn own_nodes(node: Node) -> Vec<Node> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n != node
            && matches!(
                n.kind(),
                "function_expression"
                    | "function_declaration"
                    | "generator_function"
                    | "generator_function_declaration"
                    | "method_definition"
                    | "class"
                    | "class_declaration"
            )
        {
            continue;
        }
        out.push(n);
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    out
}

/// The module's aliases of built-in prototypes (see
/// [`crate::engine::Context::prototypes`]) that the unit at `root` does
/// not bind again anywhere: a parameter, a declaration, a pattern, an
/// assignment. The unit that declares one at the top level is the glue
/// that defines it, which the symbol table checked.
fn unbound_aliases(root: Node, src: &str, aliases: &[(String, String)]) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = aliases.iter().cloned().collect();
    if out.is_empty() {
        return out;
    }
    // A module bound whole stands for its members (`_setup.slice`).
    let members = |out: &HashMap<String, String>, name: &str| -> Vec<String> {
        out.keys()
            .filter(|k| {
                k.strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
            .cloned()
            .collect()
    };
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
        if !matches!(
            n.kind(),
            "identifier" | "shorthand_property_identifier_pattern"
        ) || (!out.contains_key(text(n, src)) && members(&out, text(n, src)).is_empty())
        {
            continue;
        }
        let Some(parent) = n.parent() else { continue };
        let is = |field: &str| parent.child_by_field_name(field) == Some(n);
        let binds = match parent.kind() {
            // The glue's own declaration.
            "variable_declarator" if is("name") => parent
                .parent()
                .and_then(|d| d.parent())
                .is_none_or(|p| p != root),
            "formal_parameters" | "array_pattern" | "object_pattern" | "rest_pattern"
            | "pair_pattern" | "catch_clause" | "class_declaration" | "class" => true,
            "assignment_pattern"
            | "assignment_expression"
            | "augmented_assignment_expression"
            | "for_in_statement" => is("left"),
            "update_expression" => true,
            "function_declaration"
            | "function_expression"
            | "function"
            | "generator_function"
            | "generator_function_declaration" => is("name"),
            "arrow_function" => is("parameter"),
            _ => false,
        };
        if n.kind() == "shorthand_property_identifier_pattern" || binds {
            out.remove(text(n, src));
            for k in members(&out, text(n, src)) {
                out.remove(&k);
            }
        }
    }
    out
}

/// Whether the function whose body is `body` reads its own `arguments`.
fn reads_own_arguments(body: Node, src: &str) -> bool {
    own_nodes(body)
        .iter()
        .any(|n| n.kind() == "identifier" && text(*n, src) == "arguments")
}

/// The names the function declares as its own `arguments` (`var args =
/// arguments`, lodash's idiom).
fn arguments_aliases<'s>(body: Node, src: &'s str) -> HashSet<&'s str> {
    own_nodes(body)
        .into_iter()
        .filter(|n| n.kind() == "variable_declarator")
        .filter(|n| {
            n.child_by_field_name("value")
                .is_some_and(|v| v.kind() == "identifier" && text(v, src) == "arguments")
        })
        .filter_map(|n| n.child_by_field_name("name"))
        .filter(|n| n.kind() == "identifier")
        .map(|n| text(n, src))
        .collect()
}

/// The first use of the function's own `arguments` (or a name declared
/// as it, see [`arguments_aliases`], which is never assigned) other than
/// `arguments.length`, a read `arguments[i]` and the second argument of
/// `f.apply(receiver, arguments)`.
fn arguments_misuse<'t>(body: Node<'t>, src: &str, slices: &HashSet<&str>) -> Option<Node<'t>> {
    let aliases = arguments_aliases(body, src);
    if let Some(n) = assigns_any(body, src, &aliases) {
        return Some(n);
    }
    // The declaration of an alias, or the `arguments` it reads.
    let declares = |n: Node| -> bool {
        n.parent().is_some_and(|d| {
            d.kind() == "variable_declarator"
                && d.child_by_field_name("value")
                    .is_some_and(|v| v.kind() == "identifier" && text(v, src) == "arguments")
                && (d.child_by_field_name("name") == Some(n)
                    || d.child_by_field_name("value") == Some(n))
        })
    };
    let allowed = |n: Node| -> Option<()> {
        if declares(n) {
            return Some(());
        }
        let parent = n.parent()?;
        match parent.kind() {
            "member_expression" => {
                let prop = parent.child_by_field_name("property")?;
                (parent.child_by_field_name("object")? == n && text(prop, src) == "length")
                    .then_some(())?;
            }
            "subscript_expression" => (parent.child_by_field_name("object")? == n).then_some(())?,
            "arguments" => {
                let call = parent.parent()?;
                let f = call.child_by_field_name("function")?;
                let prop = f.child_by_field_name("property")?;
                let args = named_children(parent);
                let object = f.child_by_field_name("object")?;
                // `slice.call(arguments, 1)` of an alias of
                // `Array.prototype.slice`: a new array of the items.
                let sliced = text(prop, src) == "call"
                    && object.kind() == "identifier"
                    && slices.contains(text(object, src))
                    && args.first() == Some(&n);
                (f.kind() == "member_expression"
                    && (text(prop, src) == "apply" && args.len() == 2 && args[1] == n || sliced))
                    .then_some(())?;
            }
            _ => return None,
        }
        // Not the target of a store or an update.
        let grand = parent.parent()?;
        let stored = match grand.kind() {
            "assignment_expression" | "augmented_assignment_expression" => {
                grand.child_by_field_name("left") == Some(parent)
            }
            "update_expression" => grand.child_by_field_name("argument") == Some(parent),
            "unary_expression" => {
                grand.child_by_field_name("operator").map(|o| text(o, src)) == Some("delete")
            }
            _ => false,
        };
        (!stored).then_some(())
    };
    let own = own_nodes(body).into_iter().find(|n| {
        n.kind() == "identifier" && text(*n, src) == "arguments" && allowed(*n).is_none()
    });
    // An alias is a variable a nested function may read too.
    own.or_else(|| {
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            if n.kind() == "identifier" && aliases.contains(text(n, src)) && allowed(n).is_none() {
                return Some(n);
            }
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
        None
    })
}

/// The first assignment or update of one of `names` in `node`.
fn assigns_any<'t>(node: Node<'t>, src: &str, names: &HashSet<&str>) -> Option<Node<'t>> {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if written(n).is_some_and(|t| binds_any(t, src, names)) {
            return Some(n);
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    None
}

/// Whether `node` assigns or declares one of `names` (`var n = 2` sets a
/// parameter `n` too).
fn sets_any(node: Node, src: &str, names: &HashSet<&str>) -> bool {
    if assigns_any(node, src, names).is_some() {
        return true;
    }
    let mut stack = vec![node];
    while let Some(d) = stack.pop() {
        if d.kind() == "variable_declarator"
            && d.child_by_field_name("name")
                .is_some_and(|t| binds_any(t, src, names))
        {
            return true;
        }
        let mut c = d.walk();
        stack.extend(d.children(&mut c));
    }
    false
}

/// Whether the function (or program) `home` declares `name` itself: as a
/// parameter, or by a `var`, `let` or `const` outside its nested
/// functions.
fn declares(home: Node, name: &str, src: &str) -> bool {
    let mut stack = vec![home];
    while let Some(n) = stack.pop() {
        if n != home && is_function_node(n) {
            continue;
        }
        let declared = match n.kind() {
            "variable_declarator" => n.child_by_field_name("name"),
            "formal_parameters" if n.parent() == Some(home) => {
                let mut c = n.walk();
                let ps: Vec<Node> = n.named_children(&mut c).collect();
                if ps
                    .iter()
                    .any(|p| p.kind() == "identifier" && text(*p, src) == name)
                {
                    return true;
                }
                None
            }
            _ if Some(n) == home.child_by_field_name("parameter") => Some(n),
            _ => None,
        };
        if declared.is_some_and(|d| d.kind() == "identifier" && text(d, src) == name) {
            return true;
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    false
}

/// How many times `node` writes one of `names`.
fn count_writes(node: Node, src: &str, names: &HashSet<&str>) -> usize {
    let mut count = 0;
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if written(n).is_some_and(|t| binds_any(t, src, names)) {
            count += 1;
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    count
}

/// Whether the assignment target `t` (a name, or a destructuring pattern)
/// writes one of `names`.
fn binds_any(t: Node, src: &str, names: &HashSet<&str>) -> bool {
    let mut s = vec![t];
    while let Some(p) = s.pop() {
        if p.kind() == "identifier" && names.contains(text(p, src)) {
            return true;
        }
        if matches!(
            p.kind(),
            "array_pattern" | "object_pattern" | "pair_pattern"
        ) {
            let mut c = p.walk();
            s.extend(p.named_children(&mut c));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module constant's literal is read as the module would bind it;
    /// a spelling not read here is none.
    #[test]
    fn module_constants_are_read_as_their_literals() {
        let lit = |t: &str| match literal_constant(t) {
            Some(ExprKind::Lit(l)) => Some(l),
            Some(ExprKind::Builtin {
                op: Builtin::JsNull,
                ..
            }) => Some(Lit::None),
            _ => None,
        };
        assert_eq!(
            lit("'[object Null]'"),
            Some(Lit::Str("[object Null]".into()))
        );
        assert_eq!(
            lit("\"a\\tb\\u0041\\x42\""),
            Some(Lit::Str("a\tbAB".into()))
        );
        assert_eq!(lit("9007199254740991"), Some(Lit::Int(9007199254740991)));
        assert_eq!(lit("-1"), Some(Lit::Int(-1)));
        assert_eq!(lit("0x1F"), Some(Lit::Int(31)));
        // As the same literal inside a unit reads.
        assert_eq!(lit("1.5e3"), Some(Lit::Float(1500.0)));
        assert_eq!(lit("1_000"), Some(Lit::Int(1000)));
        assert_eq!(lit("'\\q'"), Some(Lit::Str("q".into())));
        assert_eq!(lit("0.5"), Some(Lit::Float(0.5)));
        assert!(matches!(lit("-0"), Some(Lit::Float(z)) if z == 0.0 && z.is_sign_negative()));
        assert_eq!(lit("true"), Some(Lit::Bool(true)));
        assert_eq!(lit("null"), Some(Lit::None));
        // What the frontend declines there.
        assert_eq!(lit("017"), None);
        assert_eq!(lit("'\\01'"), None);
        assert_eq!(lit("9007199254740993"), None);
    }
    use std::path::PathBuf;

    fn request(source: &str) -> TranslationRequest {
        TranslationRequest {
            from: Lang::JavaScript,
            to: Lang::Rust,
            kind: SegmentKind::Function,
            name: None,
            source: source.to_string(),
            path: PathBuf::from("t.js"),
            first_line: 10,
            context: Default::default(),
        }
    }

    fn body(source: &str) -> Block {
        match lower(&request(source)) {
            Ok(l) => l
                .functions
                .into_iter()
                .next()
                .map(|f| f.body)
                .unwrap_or_default(),
            Err(d) => panic!("declined: {}", d.0),
        }
    }

    #[test]
    fn operations_record_javascript_semantics() {
        let b = body("const f = (xs, a) => xs[a] % 2 === 1;\n");
        let StmtKind::Return(Some(e)) = &b[0].kind else {
            panic!("a return: {b:?}")
        };
        let ExprKind::Compare { first, rest } = &e.kind else {
            panic!("a comparison: {e:?}")
        };
        assert!(matches!(rest[0].0, CmpOp::Eq(EqSem::Identity)));
        let ExprKind::Binary(BinOp::Rem(Rounding::Trunc), index, _) = &first.kind else {
            panic!("truncating remainder: {first:?}")
        };
        assert!(matches!(index.kind, ExprKind::Index { sem: JS_INDEX, .. }));
    }

    #[test]
    fn a_counting_loop_is_a_loop_over_a_range() {
        let b = body("function f(xs) {\n  let s = 0;\n  for (let i = 0; i < xs.length; i++) {\n    s += xs[i];\n  }\n  return s;\n}\n");
        let StmtKind::For { iter, .. } = &b[1].kind else {
            panic!("a for-each loop: {b:?}")
        };
        assert!(matches!(
            iter.kind,
            ExprKind::Builtin {
                op: Builtin::Range,
                ..
            }
        ));
        // A body that moves the counter keeps the loop a `while`.
        let b = body("function f(n) {\n  let c = 0;\n  for (let i = 0; i < n; i++) {\n    i += 1;\n    c++;\n  }\n  return c;\n}\n");
        assert!(matches!(b[2].kind, StmtKind::While { .. }), "{b:?}");
    }

    #[test]
    fn declines_name_the_construct_and_the_line() {
        // An object is lowered only where it is used as one.
        let err = lower(&request("function f(x) {\n  return [{a: x}];\n}\n")).err();
        assert_eq!(
            err,
            Some(Decline(
                "object literal where a value of another kind may be at line 11".into()
            ))
        );
        let err = lower(&request("function f(xs) {\n  return xs[-1];\n}\n")).err();
        assert_eq!(
            err,
            Some(Decline(
                "negative index (reads `undefined`) at line 11".into()
            ))
        );
    }

    // A block's `let` hiding an outer name would merge into the outer
    // local of the IR: it gets a name of its own.
    #[test]
    fn a_declaration_hiding_another_gets_its_own_name() {
        let b = body(
            "function f(x) {\n  let y = 1;\n  if (x) {\n    let y = 2;\n    x = y;\n  }\n  return y;\n}\n",
        );
        let StmtKind::If { branches, .. } = &b[1].kind else {
            panic!("an if: {b:?}")
        };
        let StmtKind::Assign {
            target: Target::Name { name, .. },
            ..
        } = &branches[0].1[0].kind
        else {
            panic!("an assignment: {b:?}")
        };
        assert_eq!(name, "y_2");
        let StmtKind::Return(Some(Expr {
            kind: ExprKind::Name(r),
            ..
        })) = &b[2].kind
        else {
            panic!("a return: {b:?}")
        };
        assert_eq!(r, "y");
    }

    /// Whether `block` reads an item that may be past the end
    /// ([`Builtin::JsItem`]).
    fn reads_maybe_past_the_end(block: &Block) -> bool {
        let mut found = false;
        crate::engine::rules::ir::for_each_stmt(block, true, &mut |s| {
            crate::engine::rules::ir::for_each_stmt_expr(s, |e| {
                crate::engine::rules::ir::for_each_expr(e, &mut |x| {
                    found |= matches!(
                        x.kind,
                        ExprKind::Builtin {
                            op: Builtin::JsItem,
                            ..
                        }
                    );
                });
            });
        });
        found
    }

    // `arr[0]` of an empty array is `undefined` in JavaScript (a panic in
    // Rust, a raise in Python): a fixed read nothing guards is a read that
    // may be past the end, which each backend bridges or declines; a
    // length guard makes it a plain index.
    #[test]
    fn a_fixed_read_without_a_length_guard_may_be_past_the_end() {
        assert!(reads_maybe_past_the_end(&body(
            "function f(xs) {\n  return xs[0];\n}\n"
        )));
        for guarded in [
            "function f(xs) {\n  if (xs.length == 0) return 0;\n  return xs[0];\n}\n",
            "function f(xs) {\n  return xs.length > 1 ? xs.at(-2) : 0;\n}\n",
            "function f(xs) {\n  return xs.length > 0 && xs[xs.length - 1] == 1;\n}\n",
        ] {
            assert!(!reads_maybe_past_the_end(&body(guarded)), "{guarded}");
        }
    }

    #[test]
    fn jsdoc_gives_parameter_and_return_types() {
        let l = lower(&request(
            "/**\n * @param {number[]} xs\n * @param {string} s\n * @returns {boolean}\n */\nfunction f(xs, s) {\n  return true;\n}\n",
        ));
        let f = &l.map(|l| l.functions).unwrap_or_default()[0];
        assert_eq!(f.params[0].ty, Ty::list(Ty::Float(FloatTy::F64)));
        assert_eq!(f.params[1].ty, Ty::Str);
        assert_eq!(f.ret, Ty::Bool);
    }
}
