//! The Python backend: IR to Python text, with one precedence table.
//!
//! Each operation is written by the meaning the IR records for it: Rust's
//! truncating integer `/` and `%` become `//` and `%` only where both
//! operands are known to be zero or more, else the `rs_div`/`rs_rem`
//! helpers; a Rust `f64::floor` stays a float. What the target cannot
//! express exactly is declined with the construct and its line.

use super::{decline, is_pure, stores, Input, NonNegative};
use crate::engine::rules::helpers::PyHelper;
use crate::engine::rules::ir::gap::{self, Bridge, Gap};
use crate::engine::rules::ir::{
    for_each_expr, for_each_stmt, for_each_stmt_expr, BinOp, Block, Builtin, CharClass, Class,
    CmpOp, CompKind, DivSem, EqSem, Expr, ExprKind, FormatPart, Function, Handler, Impl, IndexSem,
    IntTy, Lit, LogicOp, Method, OperandSem, OutOfRange, Passing, Rounding, Stmt, StmtKind, Target,
    Truthiness, Ty, TypeKind, UnOp,
};
use crate::engine::rules::regex;
use crate::engine::rules::{Out, Res, Support, Translated};
use crate::lang::Lang;
use std::collections::HashSet;

mod classes;
mod exceptions;

/// `js_set(xs, i, v)`: JavaScript's `xs[i] = v`.
const JS_SET: &str = r#"def js_set(xs, i, v):
    """JavaScript's xs[i] = v: at the array's length it appends; past it JavaScript leaves holes, which a list cannot hold."""
    if isinstance(xs, list) and i == len(xs):
        xs.append(v)
    else:
        xs[i] = v
"#;

/// Python's precedence levels, loosest first.
mod prec {
    pub const LAMBDA: u8 = 1;
    pub const IF_ELSE: u8 = 2;
    pub const OR: u8 = 3;
    pub const AND: u8 = 4;
    pub const NOT: u8 = 5;
    pub const CMP: u8 = 6;
    pub const BIT_OR: u8 = 7;
    pub const BIT_XOR: u8 = 8;
    pub const BIT_AND: u8 = 9;
    pub const SHIFT: u8 = 10;
    pub const ADD: u8 = 11;
    pub const MUL: u8 = 12;
    pub const UNARY: u8 = 13;
    pub const POW: u8 = 14;
    pub const ATOM: u8 = 16;
}

/// Names Python code must not rebind besides the language's reserved words
/// ([`crate::symbols::reserved`]): the helpers and built-ins this backend
/// writes calls to that the symbol table does not list.
const BACKEND_NAMES: &[&str] = &["rs_div", "rs_rem", "type", "iter", JS_OPERAND];

/// The name that holds the tested operand of JavaScript's `a && b` or
/// `a || b` where `a` is not a plain read (`(js_operand := f(x))`): a
/// source name spelled so is renamed, as the helpers' names are.
const JS_OPERAND: &str = "js_operand";

/// The Python helpers, written once per output file when used.
const RS_DIV: &str = "def rs_div(a, b):\n    \"\"\"Rust's `/` on integers: the quotient rounded toward zero.\"\"\"\n    q = abs(a) // abs(b)\n    return q if (a >= 0) == (b >= 0) else -q\n";
const RS_PARSE_INT: &str = "def rs_parse_int(s):\n    \"\"\"Rust's `parse::<integer>()` unwrapped: an optional sign and digits only.\"\"\"\n    if not re.fullmatch(r\"[+-]?[0-9]+\", s):\n        raise ValueError(f\"invalid digit in {s!r}\")\n    return int(s)\n";
const RS_REM: &str = "def rs_rem(a, b):\n    \"\"\"Rust's `%` on integers: the remainder has the dividend's sign.\"\"\"\n    r = abs(a) % abs(b)\n    return r if a >= 0 else -r\n";

pub fn write(input: &Input) -> Res<Translated> {
    write_with_classes(input, &[], &[])
}

/// The unit's functions, its classes (a struct's), then methods attached
/// to classes of other units (an `impl`'s, see [`Impl`]).
pub fn write_with_classes(input: &Input, classes: &[Class], impls: &[Impl]) -> Res<Translated> {
    let mut w = Writer::new(input);
    for (i, f) in input.functions.iter().enumerate() {
        if i > 0 {
            w.out.blank();
        }
        w.function(f, i == 0)?;
    }
    let written = !input.functions.is_empty();
    for (i, c) in classes.iter().enumerate() {
        if i > 0 || written {
            w.out.blank();
        }
        w.class(c)?;
    }
    let written = written || !classes.is_empty();
    for (i, imp) in impls.iter().enumerate() {
        if i > 0 || written {
            w.out.blank();
        }
        w.impl_block(imp)?;
    }
    Ok(Translated {
        text: w.out.render("    "),
        support: w.support,
    })
}

/// The bodies of `input`'s functions written at the top level of a module:
/// a unit's top-level statements, which the frontend holds as a function's
/// body.
pub fn write_module(input: &Input) -> Res<Translated> {
    let mut w = Writer::new(input);
    for f in input.functions {
        w.out.comments("#", &f.comments);
        w.facts = NonNegative::of(f, input.types);
        for s in &f.body {
            w.stmt(s)?;
        }
    }
    Ok(Translated {
        text: w.out.render("    "),
        support: w.support,
    })
}

struct Writer<'a> {
    input: &'a Input<'a>,
    support: Support,
    facts: NonNegative,
    out: Out,
    /// JavaScript source: the names the unit reads as values (not called),
    /// so that a nested function among them takes extra arguments.
    values: HashSet<String>,
    /// Lambdas a built-in operation calls itself, with as many arguments
    /// as they have parameters (by address, while their call is written).
    fixed_arity: Vec<*const Expr>,
    /// Stores into an array element that the element is known to exist
    /// for (see [`stores::element_exists`]), by address, while their block
    /// is written.
    existing: Vec<*const Stmt>,
}

/// The names `functions` read as values rather than call (a callback
/// passed on, a function stored).
fn names_read_as_values(functions: &[Function]) -> HashSet<String> {
    let mut names = HashSet::new();
    for f in functions {
        for_each_stmt(&f.body, true, &mut |s| {
            for_each_stmt_expr(s, |e| {
                for_each_expr(e, &mut |e| {
                    if let ExprKind::Name(n) = &e.kind {
                        names.insert(n.clone());
                    }
                })
            })
        });
    }
    names
}

/// A name for the parameter that takes the arguments past the others
/// (`*_`), one no parameter of `taken` has.
fn spare_name(taken: &[String]) -> String {
    let mut name = "_".to_string();
    while taken.contains(&name) {
        name.push('_');
    }
    name
}

impl<'a> Writer<'a> {
    fn new(input: &'a Input<'a>) -> Writer<'a> {
        Writer {
            input,
            support: Support::default(),
            facts: NonNegative::default(),
            out: Out::default(),
            values: if input.from == Lang::JavaScript {
                names_read_as_values(input.functions)
            } else {
                HashSet::new()
            },
            fixed_arity: Vec::new(),
            existing: Vec::new(),
        }
    }
}

impl Writer<'_> {
    fn ty(&self, e: &Expr) -> Ty {
        self.input.ty(e).clone()
    }

    /// A name as Python may spell it.
    fn name(&self, n: &str) -> String {
        if crate::symbols::is_reserved(Lang::Python, n) || BACKEND_NAMES.contains(&n) {
            format!("{n}_")
        } else {
            n.to_string()
        }
    }

    /// A method's name as a class stores it and every call reads it, the
    /// same for both: an attribute may be a builtin's name (`next`) as it
    /// is; a keyword, which no attribute may be, takes a trailing `_`
    /// (`from_`; the Rust frontend declines a class that also has a method
    /// of that name). Only the Rust frontend gives methods and their calls.
    fn member_name(&self, n: &str) -> String {
        if Lang::Python.keywords().contains(&n) {
            format!("{n}_")
        } else {
            n.to_string()
        }
    }

    /// Marks the lambdas among `args` as called by a built-in operation,
    /// with as many arguments as they have parameters; gives the mark to
    /// truncate [`Writer::fixed_arity`] to once the call is written.
    fn fix_arity<'e>(&mut self, args: impl Iterator<Item = &'e Expr>) -> usize {
        let mark = self.fixed_arity.len();
        self.fixed_arity.extend(
            args.filter(|a| matches!(a.kind, ExprKind::Lambda { .. }))
                .map(|a| a as *const Expr),
        );
        mark
    }

    fn function(&mut self, f: &Function, first: bool) -> Res<()> {
        super::check_handler_names(f)?;
        super::check_defaults_fresh(f)?;
        super::check_late_binding(f)?;
        let name = if first || self.out.depth == 0 {
            self.input.function_name(&f.name, Lang::Python, first)
        } else {
            self.name(&f.name)
        };
        self.function_named(f, &name)
    }

    /// A function under the name given (a method's, an attached one's).
    fn function_named(&mut self, f: &Function, name: &str) -> Res<()> {
        let saved = std::mem::replace(&mut self.facts, NonNegative::of(f, self.input.types));
        let mut params = Vec::new();
        for p in &f.params {
            // A parameter a caller may leave out is `None` then.
            let ty = match (&p.default, &p.ty) {
                (Some(d), t)
                    if matches!(d.kind, ExprKind::Lit(Lit::None))
                        && !matches!(t, Ty::Option(_)) =>
                {
                    Ty::Option(Box::new(t.clone()))
                }
                (_, t) => t.clone(),
            };
            let ann = annotation(&ty)
                .map(|a| format!(": {a}"))
                .unwrap_or_default();
            // A rest parameter (JavaScript's `arguments`) is `*args`.
            let star = if p.passing == Passing::Rest { "*" } else { "" };
            // A parameter a caller may leave out (JavaScript's, which is
            // `undefined` then).
            let default = match &p.default {
                None => String::new(),
                Some(d) if ann.is_empty() => format!("={}", self.expr(d, 0)?),
                Some(d) => format!(" = {}", self.expr(d, 0)?),
            };
            params.push(format!("{star}{}{ann}{default}", self.name(&p.name)));
        }
        // A JavaScript function read as a value may be called with more
        // arguments than it has parameters, which JavaScript drops and
        // Python refuses (a callback called with `(value, index, list)`):
        // it takes them as `*_`.
        let read_as_value = if self.out.depth > 0 {
            self.values.contains(&f.name)
        } else {
            self.input.request.context.read_as_values.contains(&f.name)
        };
        if read_as_value && !f.params.iter().any(|p| p.passing == Passing::Rest) {
            let taken: Vec<String> = f.params.iter().map(|p| self.name(&p.name)).collect();
            params.push(format!("*{}", spare_name(&taken)));
        }
        let ret = annotation(&f.ret)
            .map(|a| format!(" -> {a}"))
            .unwrap_or_default();
        self.out.comments("#", &f.comments);
        self.out
            .line(format!("def {name}({}){ret}:", params.join(", ")));
        if !f.nonlocal.is_empty() {
            let names: Vec<String> = f.nonlocal.iter().map(|n| self.name(n)).collect();
            self.out.depth += 1;
            self.out.line(format!("nonlocal {}", names.join(", ")));
            self.out.depth -= 1;
        }
        self.block(&f.body)?;
        self.facts = saved;
        Ok(())
    }

    fn block(&mut self, block: &Block) -> Res<()> {
        self.out.depth += 1;
        let start = self.out.lines.len();
        let mark = self.existing.len();
        if self.input.from == Lang::JavaScript {
            self.existing.extend(
                (0..block.len())
                    .filter(|&k| stores::element_exists(block, k))
                    .map(|k| &block[k] as *const Stmt),
            );
        }
        let written = block.iter().try_for_each(|s| self.stmt(s));
        self.existing.truncate(mark);
        written?;
        // Comments alone are no statement.
        if self.out.lines[start..]
            .iter()
            .all(|(_, l)| l.starts_with('#'))
        {
            self.out.line("pass");
        }
        self.out.depth -= 1;
        Ok(())
    }

    /// `try`/`except`/`else`/`finally`; a handler of every error is
    /// `except Exception`.
    fn try_statement(
        &mut self,
        body: &Block,
        handlers: &[Handler],
        orelse: &Block,
        finally: &Block,
    ) -> Res<()> {
        self.out.line("try:");
        self.block(body)?;
        for h in handlers {
            let classes: Vec<&str> = h.kinds.iter().map(|k| k.python_class()).collect();
            let caught = match classes.as_slice() {
                [] => "Exception".to_string(),
                [one] => one.to_string(),
                many => format!("({})", many.join(", ")),
            };
            match &h.name {
                Some(n) => self
                    .out
                    .line(format!("except {caught} as {}:", self.name(n))),
                None => self.out.line(format!("except {caught}:")),
            }
            self.block(&h.body)?;
        }
        if !orelse.is_empty() {
            self.out.line("else:");
            self.block(orelse)?;
        }
        if !finally.is_empty() || handlers.is_empty() {
            self.out.line("finally:");
            self.block(finally)?;
        }
        Ok(())
    }

    fn target(&mut self, t: &Target) -> Res<String> {
        Ok(match t {
            Target::Name { name, .. } => self.name(name),
            Target::Tuple(ts) => {
                // A tuple inside a tuple keeps its parentheses: `(a, _), c
                // = t` unpacks two items, `a, _, c = t` three.
                let parts: Res<Vec<String>> = ts
                    .iter()
                    .map(|t| match t {
                        Target::Tuple(_) => Ok(format!("({})", self.target(t)?)),
                        _ => self.target(t),
                    })
                    .collect();
                let parts = parts?;
                if parts.len() == 1 {
                    format!("{},", parts[0])
                } else {
                    parts.join(", ")
                }
            }
            Target::Attr { value, name } => format!("{}.{name}", self.expr(value, prec::ATOM)?),
            // A JavaScript store at a negative index makes a property;
            // Python's stores from the end.
            Target::Index { value, index, sem } if self.may_count_from_end(value, index, *sem) => {
                return decline(value.line, "store at an index that may be negative")
            }
            Target::Index { value, index, .. } => {
                format!(
                    "{}[{}]",
                    self.expr(value, prec::ATOM)?,
                    self.expr(index, 0)?
                )
            }
        })
    }

    /// A statement, with the comments around it.
    fn stmt(&mut self, s: &Stmt) -> Res<()> {
        self.out.comments("#", &s.comments.before);
        self.stmt_code(s)?;
        self.out.comments("#", &s.comments.after);
        Ok(())
    }

    fn stmt_code(&mut self, s: &Stmt) -> Res<()> {
        let line = s.line;
        match &s.kind {
            // JavaScript's store past an array's end grows it.
            StmtKind::Assign {
                target:
                    Target::Index {
                        value: xs,
                        index,
                        sem,
                    },
                value,
            } if self.input.from == Lang::JavaScript
                && !matches!(self.ty(xs), Ty::Dict(..) | Ty::Str)
                && !self.may_count_from_end(xs, index, *sem)
                && !self.existing.iter().any(|e| std::ptr::eq(*e, s)) =>
            {
                self.helper("js_set", JS_SET);
                let (xs, i, v) = (
                    self.expr(xs, 0)?,
                    self.expr(index, 0)?,
                    self.expr(value, 0)?,
                );
                self.out.line(format!("js_set({xs}, {i}, {v})"));
            }
            StmtKind::Assign { target, value } => {
                let t = self.target(target)?;
                let v = self.expr(value, 0)?;
                self.out.line(format!("{t} = {v}"));
            }
            StmtKind::AugAssign { target, op, value } => {
                let t = self.target(target)?;
                let target_expr = match target {
                    Target::Name { name, id } => Expr {
                        id: *id,
                        kind: ExprKind::Name(name.clone()),
                        line,
                    },
                    Target::Attr { value: v, name } => {
                        if !is_pure(v) {
                            return decline(line, "update of a field of a computed object");
                        }
                        Expr {
                            id: value.id,
                            kind: ExprKind::Attr {
                                value: v.clone(),
                                name: name.clone(),
                            },
                            line,
                        }
                    }
                    Target::Index {
                        value: v,
                        index,
                        sem,
                    } => {
                        if !is_pure(v) || !is_pure(index) {
                            return decline(line, "update of an element at a computed place");
                        }
                        Expr {
                            id: value.id,
                            kind: ExprKind::Index {
                                value: v.clone(),
                                index: index.clone(),
                                sem: *sem,
                            },
                            line,
                        }
                    }
                    Target::Tuple(_) => return decline(line, "update of a tuple"),
                };
                match self.plain_operator(*op, &target_expr, value) {
                    Some(sym) => {
                        let v = self.expr(value, 0)?;
                        self.out.line(format!("{t} {sym}= {v}"));
                    }
                    None => {
                        let (call, _) = self.binary(*op, &target_expr, value, line)?;
                        self.out.line(format!("{t} = {call}"));
                    }
                }
            }
            StmtKind::If { branches, orelse } => {
                for (i, (test, body)) in branches.iter().enumerate() {
                    let kw = if i == 0 { "if" } else { "elif" };
                    let t = self.cond(test, 0)?;
                    self.out.line(format!("{kw} {t}:"));
                    self.block(body)?;
                }
                if !orelse.is_empty() {
                    self.out.line("else:");
                    self.block(orelse)?;
                }
            }
            StmtKind::While { test, body } => {
                let t = self.cond(test, 0)?;
                self.out.line(format!("while {t}:"));
                self.block(body)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let t = self.target(target)?;
                let i = self.expr(iter, 0)?;
                self.out.line(format!("for {t} in {i}:"));
                self.block(body)?;
                if !orelse.is_empty() {
                    self.out.line("else:");
                    self.block(orelse)?;
                }
            }
            StmtKind::Return(value) => match value {
                Some(v) => {
                    let v = self.expr(v, 0)?;
                    self.out.line(format!("return {v}"));
                }
                None => self.out.line("return"),
            },
            StmtKind::Break => self.out.line("break"),
            StmtKind::Continue => self.out.line("continue"),
            StmtKind::Pass => self.out.line("pass"),
            StmtKind::Expr(e) => {
                if let Some(del) = self.splice_by_del(e)? {
                    self.out.line(del);
                    return Ok(());
                }
                let v = self.expr(e, 0)?;
                self.out.line(v);
            }
            StmtKind::Def(f) => self.function(f, false)?,
            StmtKind::Fail { kind, message } => {
                let m = message.as_deref().map(str_literal).unwrap_or_default();
                self.out.line(format!("raise {}({m})", kind.python_class()));
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                self.check_try(body, handlers)?;
                self.try_statement(body, handlers, orelse, finally)?;
            }
            StmtKind::Assert(test, message) => {
                let t = self.expr(test, 0)?;
                match message.as_deref().map(str_literal) {
                    Some(m) => self.out.line(format!("assert {t}, {m}")),
                    None => self.out.line(format!("assert {t}")),
                }
            }
            // No frontend to Python gives generators yet.
            StmtKind::Yield { .. } => return decline(line, "`yield` (generator)"),
        }
        Ok(())
    }

    /// The augmented operator (`+`, `//`) that means `op` here, if one does.
    fn plain_operator(&self, op: BinOp, a: &Expr, b: &Expr) -> Option<&'static str> {
        let (ta, tb) = (self.ty(a), self.ty(b));
        if op == BinOp::Shl && self.input.from == Lang::Rust && fixed_width(&ta).is_some() {
            return None;
        }
        Some(match op {
            BinOp::Add(_) => "+",
            BinOp::Sub => "-",
            BinOp::Mul(_) => "*",
            BinOp::Div(_) if ta.is_float() || tb.is_float() => "/",
            // JavaScript's `/` divides numbers as floats, as Python's does.
            BinOp::Div(DivSem::Number) => "/",
            BinOp::FloorDiv(Rounding::Floor) => "//",
            BinOp::FloorDiv(Rounding::Trunc) if self.both_non_negative(a, b) => "//",
            BinOp::Rem(Rounding::Floor) if ta.is_int() && tb.is_int() => "%",
            BinOp::Rem(Rounding::Trunc) if ta.is_int() && self.both_non_negative(a, b) => "%",
            BinOp::Pow => "**",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
            _ => return None,
        })
    }

    /// Whether `value[index]` is a JavaScript read (a negative index never
    /// counts from the end) of a list or string at an index that may be
    /// negative: neither proven `>= 0` nor `len(value) - k` of a fixed read.
    fn may_count_from_end(&self, value: &Expr, index: &Expr, sem: IndexSem) -> bool {
        sem.out_of_range == OutOfRange::Undefined
            && !sem.negative_from_end
            && !matches!(self.ty(value), Ty::Dict(..))
            && !self.facts.holds(index, self.input.types)
            && !super::javascript_gaps::from_end_checked(value, index)
    }

    fn both_non_negative(&self, a: &Expr, b: &Expr) -> bool {
        self.facts.holds(a, self.input.types) && self.facts.holds(b, self.input.types)
    }

    fn helper(&mut self, name: &str, code: &str) {
        if code.contains("re.fullmatch") || code.contains("re.match") {
            self.import("re");
        }
        if code.contains("math.") {
            self.import("math");
        }
        self.support.add(&format!("helper:{name}"), code);
    }

    fn import(&mut self, module: &str) {
        self.support
            .add(&format!("import {module}"), &format!("import {module}\n"));
    }

    /// JavaScript's bit operators, which work on 32-bit signed ints: each
    /// operand through `js_int32` (`ToInt32`: a boolean is 0 or 1, a float
    /// truncated, everything cut to 32 bits), the count of a shift to 5
    /// bits, a left shift's result cut again. Python's operators of ints
    /// past 2^31 (and of booleans, which give a boolean) differ. `n & m`
    /// of an int and a literal mask in [0, 2^31) keeps the same low bits
    /// either way, so it stays as written.
    fn js_bits(&mut self, op: BinOp, a: &Expr, b: &Expr) -> Res<(String, u8)> {
        let mask = |x: &Expr, y: &Expr| {
            self.ty(x).is_int()
                && matches!(y.kind, ExprKind::Lit(Lit::Int(m)) if (0..1 << 31).contains(&m))
        };
        if op == BinOp::BitAnd && (mask(a, b) || mask(b, a)) {
            let (x, y) = (
                self.expr(a, prec::BIT_AND)?,
                self.expr(b, prec::BIT_AND + 1)?,
            );
            return Ok((format!("{x} & {y}"), prec::BIT_AND));
        }
        PyHelper::JsInt32.use_in(&mut self.support);
        let (x, y) = (self.expr(a, 0)?, self.expr(b, 0)?);
        Ok(match op {
            BinOp::Shl => (
                format!("js_int32(js_int32({x}) << (js_int32({y}) & 31))"),
                prec::ATOM,
            ),
            BinOp::Shr => (
                format!("js_int32({x}) >> (js_int32({y}) & 31)"),
                prec::SHIFT,
            ),
            _ => {
                let (sym, p) = match op {
                    BinOp::BitAnd => ("&", prec::BIT_AND),
                    BinOp::BitOr => ("|", prec::BIT_OR),
                    _ => ("^", prec::BIT_XOR),
                };
                (format!("js_int32({x}) {sym} js_int32({y})"), p)
            }
        })
    }

    /// A binary operation, as text and its precedence.
    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, line: usize) -> Res<(String, u8)> {
        let (ta, tb) = (self.ty(a), self.ty(b));
        // Rust's `<<` drops the bits shifted past the left operand's width
        // (no panic, even in debug builds), and a signed result's top bit
        // is its sign: Python's unbounded `<<`, then cut to the width. (A
        // cast around the shift retypes it, not its left operand.)
        if let (BinOp::Shl, Lang::Rust, Some((bits, signed))) =
            (op, self.input.from, fixed_width(&ta))
        {
            let x = self.expr(a, prec::SHIFT)?;
            let y = self.expr(b, prec::SHIFT + 1)?;
            return Ok(wrap_int(&format!("({x} << {y})"), bits, signed));
        }
        // JavaScript's `+` joins as strings when either side is one: with
        // a side of unknown type, the helper decides when it runs.
        if op == BinOp::Add(OperandSem::Coercing)
            && self.input.from == Lang::JavaScript
            && (!ta.is_known() || !tb.is_known())
        {
            let f = PyHelper::JsAdd.use_in(&mut self.support);
            let (x, y) = (self.expr(a, 0)?, self.expr(b, 0)?);
            return Ok((format!("{f}({x}, {y})"), prec::ATOM));
        }
        // JavaScript's `**` gives Infinity past the float range and for
        // `0 ** -1`, where Python's raises; and a number the analysis calls
        // an integer in JavaScript may still hold a fraction (`10.5`). Only
        // a power of two integer literals is Python's `**` as written.
        if op == BinOp::Pow
            && self.input.from == Lang::JavaScript
            && !(matches!(a.kind, ExprKind::Lit(Lit::Int(_)))
                && matches!(b.kind, ExprKind::Lit(Lit::Int(n)) if n >= 0))
        {
            let f = PyHelper::JsPow.use_in(&mut self.support);
            let (x, y) = (self.expr(a, 0)?, self.expr(b, 0)?);
            return Ok((format!("{f}({x}, {y})"), prec::ATOM));
        }
        if self.input.from == Lang::JavaScript
            && matches!(
                op,
                BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::Shl | BinOp::Shr
            )
        {
            return self.js_bits(op, a, b);
        }
        if let BinOp::Div(DivSem::ByType) = op {
            if ta.is_int() && tb.is_int() {
                return decline(line, "`/` on integers");
            }
        }
        // JavaScript's `/` of integers: an integral quotient stands for a
        // Python `int` (`n * (n + 1) / 2`), as the engine assumes.
        if self.input.from == Lang::JavaScript
            && op == BinOp::Div(DivSem::Number)
            && ta.is_int()
            && tb.is_int()
        {
            let f = PyHelper::JsDiv.use_in(&mut self.support);
            let (x, y) = (self.expr(a, 0)?, self.expr(b, 0)?);
            return Ok((format!("{f}({x}, {y})"), prec::ATOM));
        }
        // JavaScript's `/` and `%` give an infinity or NaN on a zero
        // divisor where Python's raise: a divisor not known to be nonzero
        // goes through a helper that does what JavaScript does.
        if self.input.from == Lang::JavaScript && !nonzero_literal(b) {
            match op {
                BinOp::Div(_) => {
                    self.helper("ieee_divide", IEEE_DIVIDE);
                    let (x, y) = (self.expr(a, 0)?, self.expr(b, 0)?);
                    return Ok((format!("ieee_divide({x}, {y})"), prec::ATOM));
                }
                BinOp::Rem(_) => {
                    self.helper("js_remainder", JS_REMAINDER);
                    let (x, y) = (self.expr(a, 0)?, self.expr(b, 0)?);
                    return Ok((format!("js_remainder({x}, {y})"), prec::ATOM));
                }
                BinOp::FloorDiv(Rounding::Trunc) if ta.is_int() && tb.is_int() => {
                    self.helper("js_truncating_divide", JS_TRUNCATING_DIVIDE);
                    let (x, y) = (self.expr(a, 0)?, self.expr(b, 0)?);
                    return Ok((format!("js_truncating_divide({x}, {y})"), prec::ATOM));
                }
                BinOp::FloorDiv(_) => {
                    return decline(line, "truncating division by a value that may be zero")
                }
                _ => {}
            }
        }
        // Rust's `/` and `%` on floats give an infinity or NaN on a zero
        // divisor (IEEE 754), where Python's raise; on integers both
        // fail (a panic, ZeroDivisionError).
        let ieee = match op {
            BinOp::Div(_) => Some(("ieee_divide", IEEE_DIVIDE)),
            BinOp::Rem(_) => Some(("rs_frem", RS_FREM)),
            _ => None,
        };
        if let Some((name, code)) = ieee.filter(|_| {
            self.input.from == Lang::Rust && (ta.is_float() || tb.is_float()) && !nonzero_literal(b)
        }) {
            self.helper(name, code);
            self.import("math");
            let (x, y) = (self.expr(a, 0)?, self.expr(b, 0)?);
            return Ok((format!("{name}({x}, {y})"), prec::ATOM));
        }
        if op == BinOp::Rem(Rounding::Trunc)
            && self.input.from == Lang::JavaScript
            && matches!(b.kind, ExprKind::Lit(Lit::Int(1)))
            && !ta.is_int()
        {
            // JavaScript has one number type, so `x % 1 === 0` asks
            // whether a number is integral; a Python caller's `3.0` is a
            // float its own code tells from the int `3`.
            return decline(
                line,
                "integrality test `% 1` on a value that may be a Python float",
            );
        }
        if op == BinOp::Rem(Rounding::Trunc) && (ta.is_float() || tb.is_float()) {
            // C's fmod: the remainder has the dividend's sign.
            self.import("math");
            let (x, y) = (self.expr(a, 0)?, self.expr(b, 0)?);
            return Ok((format!("math.fmod({x}, {y})"), prec::ATOM));
        }
        if let Some(sym) = self.plain_operator(op, a, b) {
            let p = match op {
                BinOp::Add(_) | BinOp::Sub => prec::ADD,
                BinOp::Pow => prec::POW,
                BinOp::BitAnd => prec::BIT_AND,
                BinOp::BitOr => prec::BIT_OR,
                BinOp::BitXor => prec::BIT_XOR,
                BinOp::Shl | BinOp::Shr => prec::SHIFT,
                _ => prec::MUL,
            };
            // `OperandSem::ByTypes` is JavaScript's `s.repeat(n)`.
            if matches!(op, BinOp::Mul(OperandSem::Numeric | OperandSem::Coercing))
                && (ta == Ty::Str || tb == Ty::Str)
                && (ta.is_int() || tb.is_int())
            {
                // Rust has no `*` that repeats a string.
                return decline(line, "`*` between a string and an integer");
            }
            // `**` groups to the right; the rest to the left.
            let (lp, rp) = if op == BinOp::Pow {
                (p + 1, p)
            } else {
                (p, p + 1)
            };
            let x = self.expr(a, lp)?;
            let y = self.expr(b, rp)?;
            return Ok((format!("{x} {sym} {y}"), p));
        }
        // Truncating `/` and `%` where the operands may be negative: the
        // gap table names the helper that bridges them.
        let g = match op {
            BinOp::FloorDiv(Rounding::Trunc) => Gap::IntDivisionRounding,
            BinOp::Rem(Rounding::Trunc) => Gap::RemainderSign,
            _ => return decline(line, format!("operator {op:?} on {ta} and {tb}")),
        };
        let name = match gap::bridge(self.input.from, Lang::Python, g) {
            Bridge::Helper(h)
            | Bridge::Obligation {
                otherwise: Some(h), ..
            } => h,
            _ => return decline(line, format!("operator {op:?} on {ta} and {tb}")),
        };
        let Some(code) = helper_code(name) else {
            return decline(line, format!("operator {op:?} on {ta} and {tb}"));
        };
        self.helper(name, code);
        let (x, y) = (self.expr(a, 0)?, self.expr(b, 0)?);
        Ok((format!("{name}({x}, {y})"), prec::ATOM))
    }

    /// An expression, parenthesized when it binds looser than `min`.
    fn expr(&mut self, e: &Expr, min: u8) -> Res<String> {
        let (text, p) = self.expr_p(e)?;
        Ok(if p < min { format!("({text})") } else { text })
    }

    fn args(&mut self, args: &[Expr]) -> Res<String> {
        // A generator that is the only argument needs no parentheses of
        // its own.
        if let [only] = args {
            if let ExprKind::Comprehension {
                kind: CompKind::Generator,
                ..
            } = &only.kind
            {
                let (t, _) = self.comprehension(only, true)?;
                return Ok(t);
            }
        }
        let parts: Res<Vec<String>> = args
            .iter()
            .map(|a| self.expr(a, prec::LAMBDA + 1))
            .collect();
        Ok(parts?.join(", "))
    }

    fn expr_p(&mut self, e: &Expr) -> Res<(String, u8)> {
        let line = e.line;
        let ty = self.ty(e);
        Ok(match &e.kind {
            ExprKind::ErrorMessage(n) => (format!("str({})", self.name(n)), prec::ATOM),
            ExprKind::Spread(x) => (format!("*{}", self.expr(x, prec::BIT_OR)?), prec::ATOM),
            ExprKind::Lit(l) => (literal(l, &ty), prec::ATOM),
            ExprKind::Name(n) => (self.name(n), prec::ATOM),
            ExprKind::Unary(op, x) => match op {
                UnOp::Neg => (format!("-{}", self.expr(x, prec::UNARY)?), prec::UNARY),
                UnOp::Pos => (format!("+{}", self.expr(x, prec::UNARY)?), prec::UNARY),
                UnOp::BitNot => {
                    // Rust's `!` of an unsigned integer flips its bits
                    // within its width (`!0u32` is 4294967295), where
                    // Python's `~x` is `-1 - x`. (Another source's unsigned
                    // value under `~` is declined below.)
                    if let (Lang::Rust, Some((bits, false))) = (self.input.from, fixed_width(&ty)) {
                        let mask = u128::MAX >> (128 - bits);
                        let x = self.expr(x, prec::BIT_XOR + 1)?;
                        return Ok((format!("{x} ^ {mask}"), prec::BIT_XOR));
                    }
                    if fixed_width(&ty).is_some_and(|(_, signed)| !signed) {
                        return decline(line, "`!` on an unsigned integer");
                    }
                    if self.input.from == Lang::JavaScript {
                        PyHelper::JsInt32.use_in(&mut self.support);
                        return Ok((format!("~js_int32({})", self.expr(x, 0)?), prec::UNARY));
                    }
                    (format!("~{}", self.expr(x, prec::UNARY)?), prec::UNARY)
                }
            },
            // JavaScript's `!!x` (and `Boolean(x)`): the truth value.
            ExprKind::Not(inner, Truthiness::Bool) => match &inner.kind {
                ExprKind::Not(x, Truthiness::JavaScript) if self.input.from == Lang::JavaScript => {
                    match self.ty(x) {
                        Ty::Bool => self.expr_p(x)?,
                        Ty::Int(_) | Ty::Str | Ty::Char => {
                            (format!("bool({})", self.expr(x, 0)?), prec::ATOM)
                        }
                        _ => {
                            let f = PyHelper::JsTruthy.use_in(&mut self.support);
                            (format!("{f}({})", self.expr(x, 0)?), prec::ATOM)
                        }
                    }
                }
                _ => (format!("not {}", self.cond(inner, prec::NOT)?), prec::NOT),
            },
            ExprKind::Not(x, _) => (format!("not {}", self.cond(x, prec::NOT)?), prec::NOT),
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, line)?,
            ExprKind::Compare { first, rest } => {
                if let [(op @ (CmpOp::Eq(EqSem::Derived) | CmpOp::NotEq(EqSem::Derived)), x)] =
                    rest.as_slice()
                {
                    self.helper("rs_eq", RS_EQ);
                    let (a, b) = (self.expr(first, 0)?, self.expr(x, 0)?);
                    let call = format!("rs_eq({a}, {b})");
                    return Ok(if matches!(op, CmpOp::NotEq(_)) {
                        (format!("not {call}"), prec::NOT)
                    } else {
                        (call, prec::ATOM)
                    });
                }
                if let Some(bridged) = self.js_compare(first, rest, line)? {
                    return Ok(bridged);
                }
                // Only `==` and `!=` of one link: `a % b < 0` differs between
                // the truncated and the floored remainder.
                let equality = matches!(rest.as_slice(), [(CmpOp::Eq(_) | CmpOp::NotEq(_), _)]);
                let mut s = self.compare_operand(first, rest.first().map(|r| &r.1), equality)?;
                let mut left = first.as_ref();
                for (op, x) in rest {
                    // JavaScript's `===` of objects is their identity.
                    let identity = |sem: &EqSem| {
                        self.input.from == Lang::JavaScript
                            && super::javascript_gaps::identity_compare(
                                *sem,
                                &self.ty(left),
                                &self.ty(x),
                            )
                    };
                    // `x == None` is `x is None` (PEP 8; a class's `__eq__`
                    // is not asked).
                    let none = [left, x]
                        .iter()
                        .any(|e| matches!(e.kind, ExprKind::Lit(Lit::None)));
                    let sym = match op {
                        CmpOp::Eq(sem) if identity(sem) || none => "is",
                        CmpOp::NotEq(sem) if identity(sem) || none => "is not",
                        CmpOp::Eq(_) => "==",
                        CmpOp::NotEq(_) => "!=",
                        CmpOp::Lt => "<",
                        CmpOp::LtE => "<=",
                        CmpOp::Gt => ">",
                        CmpOp::GtE => ">=",
                        CmpOp::In => "in",
                        CmpOp::NotIn => "not in",
                        CmpOp::Is => "is",
                        CmpOp::IsNot => "is not",
                    };
                    let y = self.compare_operand(x, Some(first), equality)?;
                    s = format!("{s} {sym} {y}");
                    left = x;
                }
                (s, prec::CMP)
            }
            ExprKind::Logic { op, operands, sem } if sem.yields_operand => {
                self.logic_operand(*op, operands, line)?
            }
            ExprKind::Logic { op, operands, .. } => {
                let (sym, p) = match op {
                    LogicOp::And => ("and", prec::AND),
                    LogicOp::Or => ("or", prec::OR),
                };
                let parts: Res<Vec<String>> =
                    operands.iter().map(|o| self.expr(o, p + 1)).collect();
                (parts?.join(&format!(" {sym} ")), p)
            }
            ExprKind::IfElse {
                test, then, orelse, ..
            } => {
                let t = self.expr(then, prec::IF_ELSE + 1)?;
                let c = self.cond(test, prec::IF_ELSE + 1)?;
                let o = self.expr(orelse, prec::IF_ELSE)?;
                (format!("{t} if {c} else {o}"), prec::IF_ELSE)
            }
            // JavaScript's `console.log`, and Rust's `println!` (the
            // frontend declines it in a file with a function named
            // `print`; a local `print` is renamed here).
            ExprKind::Call { func, args }
                if (self.input.from == Lang::JavaScript
                    && func == crate::engine::rules::front::javascript::CONSOLE_LOG)
                    || (self.input.from == Lang::Rust && func == "print" && args.len() == 1) =>
            {
                (format!("print({})", self.args(args)?), prec::ATOM)
            }
            ExprKind::Call { func, args } => {
                let is_unit_fn = self.input.functions.iter().any(|f| &f.name == func)
                    || self
                        .input
                        .request
                        .context
                        .names
                        .iter()
                        .any(|(s, _)| s == func);
                let name = if is_unit_fn {
                    let first = self
                        .input
                        .functions
                        .first()
                        .is_some_and(|f| &f.name == func);
                    self.input.function_name(func, Lang::Python, first)
                } else {
                    self.name(func)
                };
                (format!("{name}({})", self.args(args)?), prec::ATOM)
            }
            ExprKind::Builtin { op, args, keywords } => {
                let mark = self.fix_arity(args.iter().chain(keywords.iter().map(|(_, v)| v)));
                let written = self.builtin(*op, args, keywords, &ty, line);
                self.fixed_arity.truncate(mark);
                written?
            }
            // `xs.sort(key=..., reverse=True)`: a sort's order (from a
            // JavaScript comparator or a Rust `sort_by_key`); no other
            // method carries keywords.
            ExprKind::Method {
                recv,
                method: Method::Sort,
                args,
                keywords,
            } if !keywords.is_empty() && args.is_empty() => {
                let r = self.expr(recv, prec::ATOM)?;
                let mut parts = Vec::new();
                for (k, v) in keywords {
                    if k != "key" && k != "reverse" {
                        return decline(line, format!("`sort` with keyword `{k}`"));
                    }
                    let mark = self.fix_arity(std::iter::once(v));
                    let written = self.expr(v, 0);
                    self.fixed_arity.truncate(mark);
                    parts.push(format!("{k}={}", written?));
                }
                (format!("{r}.sort({})", parts.join(", ")), prec::ATOM)
            }
            ExprKind::Method {
                recv,
                method,
                args,
                keywords,
            } => {
                if !keywords.is_empty() {
                    return decline(line, format!("`{}` with keywords", method.python_name()));
                }
                let mark = self.fix_arity(args.iter());
                let written = self.method(recv, *method, args, line);
                self.fixed_arity.truncate(mark);
                written?
            }
            // Regression (the IR path): "`xs[i]` of a parameter `i` became
            // Python's `xs[i]`, which reads from the end where `i` is
            // negative and JavaScript reads undefined": such a read raises
            // there, as one past the end does.
            ExprKind::Index { value, index, sem }
                if self.may_count_from_end(value, index, *sem) =>
            {
                self.helper("js_index", JS_INDEX);
                let v = self.expr(value, 0)?;
                let i = self.expr(index, 0)?;
                (format!("js_index({v}, {i})"), prec::ATOM)
            }
            ExprKind::Index { value, index, .. } => {
                let v = self.expr(value, prec::ATOM)?;
                let i = self.expr(index, 0)?;
                (format!("{v}[{i}]"), prec::ATOM)
            }
            ExprKind::Slice {
                value,
                lower,
                upper,
                step,
                ..
            } => {
                let v = self.expr(value, prec::ATOM)?;
                let part = |me: &mut Self, x: &Option<Box<Expr>>| -> Res<String> {
                    match x {
                        Some(x) => me.expr(x, 0),
                        None => Ok(String::new()),
                    }
                };
                let (l, u) = (part(self, lower)?, part(self, upper)?);
                let s = match step {
                    Some(st) => format!(":{}", self.expr(st, 0)?),
                    None => String::new(),
                };
                (format!("{v}[{l}:{u}{s}]"), prec::ATOM)
            }
            ExprKind::List(xs) => (format!("[{}]", self.list(xs)?), prec::ATOM),
            ExprKind::Tuple(xs) => {
                let items = self.list(xs)?;
                if xs.len() == 1 {
                    (format!("({items},)"), prec::ATOM)
                } else {
                    (format!("({items})"), prec::ATOM)
                }
            }
            ExprKind::Set(xs) if xs.is_empty() => ("set()".to_string(), prec::ATOM),
            ExprKind::Set(xs) => (format!("{{{}}}", self.list(xs)?), prec::ATOM),
            ExprKind::Dict(pairs) => {
                let mut parts = Vec::new();
                for (k, v) in pairs {
                    parts.push(format!(
                        "{}: {}",
                        self.expr(k, prec::LAMBDA + 1)?,
                        self.expr(v, prec::LAMBDA + 1)?
                    ));
                }
                (format!("{{{}}}", parts.join(", ")), prec::ATOM)
            }
            ExprKind::Comprehension { .. } => self.comprehension(e, false)?,
            ExprKind::Format(parts) => (self.format(parts, line)?, prec::ATOM),
            ExprKind::Lambda { params, body } => {
                let mut ps: Vec<String> = params.iter().map(|(n, _)| self.name(n)).collect();
                // A JavaScript function value takes the arguments past its
                // parameters, which JavaScript drops, unless a built-in
                // operation calls it (with as many as it has).
                if self.input.from == Lang::JavaScript
                    && !self.fixed_arity.iter().any(|f| std::ptr::eq(*f, e))
                {
                    ps.push(format!("*{}", spare_name(&ps)));
                }
                let b = self.expr(body, prec::LAMBDA)?;
                if ps.is_empty() {
                    (format!("lambda: {b}"), prec::LAMBDA)
                } else {
                    (format!("lambda {}: {b}", ps.join(", ")), prec::LAMBDA)
                }
            }
            ExprKind::Attr { value, name } => (
                format!("{}.{name}", self.expr(value, prec::ATOM)?),
                prec::ATOM,
            ),
            ExprKind::CallMethod { recv, name, args } => (
                format!(
                    "{}.{}({})",
                    self.expr(recv, prec::ATOM)?,
                    self.member_name(name),
                    self.args(args)?
                ),
                prec::ATOM,
            ),
            ExprKind::CallStatic {
                class,
                name,
                args,
                of_receiver: false,
            } => {
                let c = self.input.function_name(class, Lang::Python, false);
                let name = self.member_name(name);
                (format!("{c}.{name}({})", self.args(args)?), prec::ATOM)
            }
            ExprKind::New { class, args } => {
                let c = self.input.function_name(class, Lang::Python, false);
                (format!("{c}({})", self.args(args)?), prec::ATOM)
            }
            ExprKind::Variant { class, name } => {
                let c = self.input.function_name(class, Lang::Python, false);
                (format!("{c}.{}", self.member_name(name)), prec::ATOM)
            }
            // A Rust `impl`'s associated constant, stored on the class.
            ExprKind::ClassAttr { class, name } if self.input.from == Lang::Rust => {
                let c = self.input.function_name(class, Lang::Python, false);
                (format!("{c}.{name}"), prec::ATOM)
            }
            // Only the Rust frontend gives Python classes (see `classes`).
            ExprKind::CallStatic { .. } | ExprKind::Super { .. } | ExprKind::ClassAttr { .. } => {
                return decline(e.line, "class")
            }
            ExprKind::TypeIs {
                value,
                kind,
                not_null,
            } => self.type_is(value, *kind, *not_null, line)?,
            ExprKind::AssignName {
                name,
                id,
                value,
                old,
                numeric,
            } => {
                // `++`/`--` make the name a number first: `i + 1` is that
                // only where it holds one (`"5" + 1` joins strings).
                let held = self.input.types.get(id.index()).unwrap_or(&Ty::Unknown);
                if *numeric && !held.is_numeric() {
                    return decline(
                        line,
                        "`++`/`--` inside an expression, of a name not known to hold a number",
                    );
                }
                let n = self.name(name);
                let v = self.expr(value, prec::LAMBDA + 1)?;
                if *old {
                    // The tuple's first item is read before the second
                    // assigns: the value before, exact for any number.
                    (format!("({n}, ({n} := {v}))[0]"), prec::ATOM)
                } else {
                    (format!("({n} := {v})"), prec::ATOM)
                }
            }
            // A JavaScript object is a Python dict with string keys, in
            // the order JavaScript keeps them (the frontend declines keys
            // it would order otherwise).
            ExprKind::Object(props) => {
                let mut parts = Vec::new();
                for (k, v) in props {
                    let key = literal(&Lit::Str(k.clone()), &Ty::Str);
                    parts.push(format!("{key}: {}", self.expr(v, prec::LAMBDA + 1)?));
                }
                (format!("{{{}}}", parts.join(", ")), prec::ATOM)
            }
            // A JavaScript object is a Python dict (string keys); a
            // property it lacks is `undefined`, as `get` gives `None`.
            ExprKind::Prop {
                value,
                name,
                optional,
            } => {
                self.helper("js_get", JS_GET);
                let key = literal(&Lit::Str(name.clone()), &Ty::Str);
                if !*optional {
                    let o = self.expr(value, 0)?;
                    (format!("js_get({o}, {key})"), prec::ATOM)
                } else if is_pure(value) {
                    let o = self.expr(value, prec::CMP + 1)?;
                    (
                        format!("None if {o} is None else js_get({o}, {key})"),
                        prec::IF_ELSE,
                    )
                } else {
                    return decline(line, "optional chaining on a computed value");
                }
            }
        })
    }

    /// JavaScript's `typeof x === kind`, by what each JavaScript value is
    /// in Python: a number an `int` or a `float` (a `bool` is neither), a
    /// string a `str`, a function anything callable, `null` and
    /// `undefined` both `None`, an object any other value (a list, dict,
    /// set, an object of a class). `None` cannot say which of `null`
    /// (an `'object'`) and `undefined` it stands for, so those two kinds
    /// are translated only where the value is known not to be `None`
    /// (a guard before the test, or its type). No Python value stands
    /// for a symbol or a bigint.
    fn type_is(
        &mut self,
        value: &Expr,
        kind: TypeKind,
        not_null: bool,
        line: usize,
    ) -> Res<(String, u8)> {
        // Not by the value's type: a parameter's may come from its uses,
        // which say what the program means, not that `null` never comes.
        let never_none = not_null;
        // `'object'` reads the value twice.
        if kind == TypeKind::Object && !is_pure(value) {
            return decline(line, "`typeof` test for 'object' of a computed value");
        }
        let x = self.expr(value, prec::LAMBDA + 1)?;
        Ok(match kind {
            TypeKind::Number => (format!("type({x}) in (int, float)"), prec::CMP),
            TypeKind::String => (format!("isinstance({x}, str)"), prec::ATOM),
            TypeKind::Boolean => (format!("isinstance({x}, bool)"), prec::ATOM),
            TypeKind::Function => (format!("callable({x})"), prec::ATOM),
            TypeKind::Symbol | TypeKind::BigInt => ("False".to_string(), prec::ATOM),
            TypeKind::Undefined if never_none => ("False".to_string(), prec::ATOM),
            TypeKind::Object if never_none => (
                format!("not (isinstance({x}, (int, float, str)) or callable({x}))"),
                prec::NOT,
            ),
            TypeKind::Undefined | TypeKind::Object => {
                return decline(
                    line,
                    format!(
                        "`typeof` test for '{}' of a value that may be `null` or `undefined` (both `None`)",
                        kind.js_name()
                    ),
                )
            }
        })
    }

    /// A condition, as text. JavaScript's truth test differs from
    /// Python's on arrays (always true) and NaN (false): a value that is
    /// not known to be a bool, an integer or a string goes through
    /// `js_truthy`, and `&&`/`||` in a condition test each operand (the
    /// truth of `a || b` is that of either).
    fn cond(&mut self, e: &Expr, min: u8) -> Res<String> {
        if self.input.from != Lang::JavaScript {
            return self.expr(e, min);
        }
        let wrap = |s: String, p: u8| if p < min { format!("({s})") } else { s };
        match &e.kind {
            ExprKind::Logic { op, operands, sem } if sem.truthiness == Truthiness::JavaScript => {
                let (sym, p) = match op {
                    LogicOp::And => ("and", prec::AND),
                    LogicOp::Or => ("or", prec::OR),
                };
                let parts: Res<Vec<String>> =
                    operands.iter().map(|o| self.cond(o, p + 1)).collect();
                Ok(wrap(parts?.join(&format!(" {sym} ")), p))
            }
            ExprKind::Not(x, Truthiness::JavaScript) => {
                let s = format!("not {}", self.cond(x, prec::NOT)?);
                Ok(wrap(s, prec::NOT))
            }
            _ if !matches!(self.ty(e), Ty::Bool | Ty::Int(_) | Ty::Str | Ty::Char) => {
                let f = PyHelper::JsTruthy.use_in(&mut self.support);
                Ok(format!("{f}({})", self.expr(e, 0)?))
            }
            _ => self.expr(e, min),
        }
    }

    /// JavaScript's `a && b` and `a || b` whose value is an operand. Every
    /// operand but the last is tested and, where it decides, given; the
    /// last is given as it is. Python's `and`/`or` do the same where each
    /// tested operand's truthiness is JavaScript's (a bool, an int, a
    /// string: not a list, which JavaScript finds true empty, nor a float,
    /// whose NaN it finds false). Otherwise, for two operands: `b if
    /// js_truthy(a) else a` (`&&`), `a if js_truthy(a) else b` (`||`)
    /// where `a` is a read with no effect (it is written twice), and with
    /// `a` evaluated once into [`JS_OPERAND`] otherwise (`b if
    /// js_truthy(js_operand := f(x)) else js_operand`): the test runs
    /// first, so the name read in a branch holds this operand's value even
    /// where `a` or `b` has such a test of its own.
    fn logic_operand(&mut self, op: LogicOp, operands: &[Expr], line: usize) -> Res<(String, u8)> {
        let Some((last, tested)) = operands.split_last() else {
            return decline(line, "`and`/`or`");
        };
        let (sym, p) = match op {
            LogicOp::And => ("and", prec::AND),
            LogicOp::Or => ("or", prec::OR),
        };
        let same = |ty: Ty| matches!(ty, Ty::Bool | Ty::Int(_) | Ty::Str | Ty::Char);
        if tested.iter().all(|o| same(self.ty(o))) {
            let mut parts = Vec::with_capacity(operands.len());
            for o in tested {
                parts.push(self.expr(o, p + 1)?);
            }
            parts.push(self.expr(last, p + 1)?);
            return Ok((parts.join(&format!(" {sym} ")), p));
        }
        // `a && b && c` is `a && (b && c)` (either way the first false
        // operand, or the last): nested from the right.
        let mut value = self.expr(last, prec::IF_ELSE + 1)?;
        for (k, a) in tested.iter().rev().enumerate() {
            // The conditional nested in a branch is parenthesized.
            let inner = if k == 0 { value } else { format!("({value})") };
            let (test, a) = if is_pure(a) {
                (
                    self.cond(a, prec::IF_ELSE + 1)?,
                    self.expr(a, prec::IF_ELSE + 1)?,
                )
            } else {
                let f = PyHelper::JsTruthy.use_in(&mut self.support);
                let v = self.expr(a, prec::LAMBDA + 1)?;
                (format!("{f}({JS_OPERAND} := {v})"), JS_OPERAND.to_string())
            };
            let (then, orelse) = match op {
                LogicOp::And => (inner, a),
                LogicOp::Or => (a, inner),
            };
            value = format!("{then} if {test} else {orelse}");
        }
        Ok((value, prec::IF_ELSE))
    }

    /// A JavaScript comparison with an operand of unknown type, or of a
    /// string with a number ([`super::javascript_gaps::text_and_number`]), through the helper that
    /// compares as JavaScript does (`==` converts, `===` does not, `<`
    /// compares strings by character and the rest as numbers); `None` where
    /// the operands' types settle it.
    fn js_compare(
        &mut self,
        first: &Expr,
        rest: &[(CmpOp, Expr)],
        line: usize,
    ) -> Res<Option<(String, u8)>> {
        let [(op, second)] = rest else {
            return Ok(None);
        };
        let none = |x: &Expr| matches!(x.kind, ExprKind::Lit(Lit::None));
        let (ta, tb) = (self.ty(first), self.ty(second));
        if self.input.from != Lang::JavaScript
            || (ta.is_known()
                && tb.is_known()
                && !super::javascript_gaps::text_and_number(&ta, &tb))
            || none(first)
            || none(second)
        {
            return Ok(None);
        }
        // `s.includes(x)` converts `x` to a string.
        if matches!(op, CmpOp::In | CmpOp::NotIn) && self.ty(second) == Ty::Str {
            let f = PyHelper::JsStr.use_in(&mut self.support);
            let (a, b) = (self.expr(first, 0)?, self.expr(second, prec::CMP + 1)?);
            let sym = if *op == CmpOp::In { "in" } else { "not in" };
            return Ok(Some((format!("{f}({a}) {sym} {b}"), prec::CMP)));
        }
        let (helper, greater, or_equal, negated) = match op {
            CmpOp::Eq(EqSem::Loose) => (PyHelper::JsLooseEq, false, false, false),
            CmpOp::NotEq(EqSem::Loose) => (PyHelper::JsLooseEq, false, false, true),
            CmpOp::Eq(_) => (PyHelper::JsStrictEq, false, false, false),
            CmpOp::NotEq(_) => (PyHelper::JsStrictEq, false, false, true),
            CmpOp::Lt => (PyHelper::JsLess, false, false, false),
            CmpOp::LtE => (PyHelper::JsLess, false, true, false),
            CmpOp::Gt => (PyHelper::JsLess, true, false, false),
            CmpOp::GtE => (PyHelper::JsLess, true, true, false),
            _ => return decline(line, "membership test of a value of unknown type"),
        };
        let mut f = helper.use_in(&mut self.support);
        if greater {
            // `a > b` is `b < a`, with `a` evaluated first.
            self.helper("js_greater", JS_GREATER);
            f = "js_greater";
        }
        let (a, b) = (self.expr(first, 0)?, self.expr(second, 0)?);
        let call = if or_equal {
            format!("{f}({a}, {b}, True)")
        } else {
            format!("{f}({a}, {b})")
        };
        Ok(Some(if negated {
            (format!("not {call}"), prec::NOT)
        } else {
            (call, prec::ATOM)
        }))
    }

    /// An operand of a comparison. `a % b == 0` holds for the truncated
    /// remainder exactly when it does for the floored one, so a remainder
    /// compared with zero by `==` or `!=` (`equality`) needs no helper.
    fn compare_operand(&mut self, x: &Expr, other: Option<&Expr>, equality: bool) -> Res<String> {
        let zero = equality && other.is_some_and(|o| matches!(o.kind, ExprKind::Lit(Lit::Int(0))));
        if let ExprKind::Binary(BinOp::Rem(Rounding::Trunc), a, b) = &x.kind {
            // (A JavaScript divisor that may be zero gives NaN there,
            // where Python's `%` raises: `binary` writes the helper.)
            let may_raise = self.input.from == Lang::JavaScript && !nonzero_literal(b);
            if zero && !may_raise && self.ty(a).is_int() && self.ty(b).is_int() {
                let (l, r) = (self.expr(a, prec::MUL)?, self.expr(b, prec::MUL + 1)?);
                return Ok(format!("{l} % {r}"));
            }
        }
        self.expr(x, prec::CMP + 1)
    }

    fn list(&mut self, xs: &[Expr]) -> Res<String> {
        let parts: Res<Vec<String>> = xs.iter().map(|x| self.expr(x, prec::LAMBDA + 1)).collect();
        Ok(parts?.join(", "))
    }

    fn comprehension(&mut self, e: &Expr, bare: bool) -> Res<(String, u8)> {
        let ExprKind::Comprehension {
            kind,
            elt,
            value,
            clauses,
        } = &e.kind
        else {
            return decline(e.line, "comprehension");
        };
        let mut body = self.expr(elt, prec::LAMBDA + 1)?;
        if let Some(v) = value {
            body = format!("{body}: {}", self.expr(v, prec::LAMBDA + 1)?);
        }
        for c in clauses {
            let t = self.target(&c.target)?;
            let i = self.expr(&c.iter, prec::OR)?;
            body = format!("{body} for {t} in {i}");
            for cond in &c.conditions {
                body = format!("{body} if {}", self.cond(cond, prec::OR)?);
            }
        }
        Ok(match kind {
            CompKind::List => (format!("[{body}]"), prec::ATOM),
            CompKind::Set | CompKind::Dict => (format!("{{{body}}}"), prec::ATOM),
            CompKind::Generator if bare => (body, prec::ATOM),
            CompKind::Generator => (format!("({body})"), prec::ATOM),
        })
    }

    fn builtin(
        &mut self,
        op: Builtin,
        args: &[Expr],
        keywords: &[(String, Expr)],
        ty: &Ty,
        line: usize,
    ) -> Res<(String, u8)> {
        let call = |me: &mut Self, name: &str| -> Res<(String, u8)> {
            let mut a = me.args(args)?;
            for (k, v) in keywords {
                a = format!("{a}, {k}={}", me.expr(v, prec::LAMBDA + 1)?);
            }
            Ok((format!("{name}({a})"), prec::ATOM))
        };
        let arg_ty = args.first().map(|a| self.ty(a)).unwrap_or(Ty::Unknown);
        match op {
            Builtin::Len => call(self, "len"),
            Builtin::Abs => call(self, "abs"),
            // JavaScript's `Math.max(...xs)` of no numbers is -Infinity
            // (`Math.min`'s Infinity), where Python's `max` raises: the
            // `default` of a float result. An integer result raises there.
            // JavaScript's of values that may be other than ints (a float
            // may be NaN, which Python's `max` keeps or drops by position;
            // a string or `null` is converted to a number).
            Builtin::Min | Builtin::Max
                if self.input.from == Lang::JavaScript
                    && keywords.is_empty()
                    && !match args {
                        [xs] => self.ty(xs).item().is_some_and(|t| t.is_int()),
                        xs => xs.iter().all(|x| self.ty(x).is_int()),
                    } =>
            {
                let helper = if op == Builtin::Max {
                    PyHelper::JsMax
                } else {
                    PyHelper::JsMin
                };
                let f = helper.use_in(&mut self.support);
                let a = match args {
                    [xs] => format!("*{}", self.expr(xs, prec::ATOM)?),
                    xs => self.args(xs)?,
                };
                Ok((format!("{f}({a})"), prec::ATOM))
            }
            Builtin::Min | Builtin::Max
                if self.input.from == Lang::JavaScript
                    && args.len() == 1
                    && keywords.is_empty()
                    && ty.is_float() =>
            {
                self.import("math");
                let name = if op == Builtin::Max { "max" } else { "min" };
                let sign = if op == Builtin::Max { "-" } else { "" };
                let xs = self.expr(&args[0], 0)?;
                Ok((format!("{name}({xs}, default={sign}math.inf)"), prec::ATOM))
            }
            Builtin::Min => call(self, "min"),
            Builtin::Max => call(self, "max"),
            // JavaScript's own, each a helper of its name.
            Builtin::JsRound
            | Builtin::JsTypeOf
            | Builtin::JsKeysIn
            | Builtin::JsArray
            | Builtin::JsIn
            | Builtin::JsProtoSlice
            | Builtin::JsHasOwn
            | Builtin::JsObjectTag
            | Builtin::JsItem => {
                if op == Builtin::JsHasOwn {
                    // Keys are converted as `String()` converts them.
                    PyHelper::JsStr.use_in(&mut self.support);
                }
                if op == Builtin::JsIn {
                    // Keys are converted as `String()` converts them.
                    PyHelper::JsStr.use_in(&mut self.support);
                    let names =
                        crate::engine::rules::ir::BUILTIN_PROPERTIES.map(|n| format!("{n:?}"));
                    let code = format!("JS_BUILTIN_NAMES = frozenset(({}))\n", names.join(", "));
                    self.helper("JS_BUILTIN_NAMES", &code);
                }
                let (name, code) = match op {
                    Builtin::JsIn => ("js_in", JS_IN),
                    Builtin::JsRound => ("js_round", JS_ROUND),
                    Builtin::JsTypeOf => ("js_typeof", JS_TYPEOF),
                    Builtin::JsKeysIn => ("js_keys_in", JS_KEYS_IN),
                    Builtin::JsItem => ("js_item", JS_ITEM),
                    Builtin::JsProtoSlice => ("js_proto_slice", JS_PROTO_SLICE),
                    Builtin::JsHasOwn => ("js_has_own", JS_HAS_OWN),
                    Builtin::JsObjectTag => ("js_object_tag", JS_OBJECT_TAG),
                    _ => ("js_array", JS_ARRAY),
                };
                self.helper(name, code);
                call(self, name)
            }
            // JavaScript adds a `reduce`'s numbers left to right; Python
            // 3.12's `sum` compensates the rounding of floats.
            Builtin::Sum
                if self.input.from == Lang::JavaScript
                    && !matches!(arg_ty.item(), Some(Ty::Int(_) | Ty::Bool)) =>
            {
                self.helper("js_sum", JS_SUM);
                call(self, "js_sum")
            }
            Builtin::Sum => call(self, "sum"),
            // `some`/`every` test the callback's value as JavaScript does,
            // which Python's `any`/`all` keep for bools, integers and
            // strings only.
            Builtin::Any | Builtin::All
                if self.input.from == Lang::JavaScript
                    && args.iter().any(|a| match &a.kind {
                        ExprKind::Comprehension { elt, .. } => {
                            !matches!(self.ty(elt), Ty::Bool | Ty::Int(_) | Ty::Str | Ty::Char)
                        }
                        _ => true,
                    }) =>
            {
                decline(line, "`some`/`every` of values that are not bools")
            }
            Builtin::ToNumber => {
                let f = PyHelper::JsNumber.use_in(&mut self.support);
                call(self, f)
            }
            // The pattern is kept in the portable spelling of the regex
            // module (the frontend checked it is in the subset).
            Builtin::RegexSplit
            | Builtin::RegexTest
            | Builtin::RegexSub
            | Builtin::RegexFindAll => {
                let call = super::regex_call(op, args, line)?;
                let pattern = call.regex.python_literal();
                self.import("re");
                let s = self.expr(call.subject, 0)?;
                Ok(match (op, call.replacement) {
                    (Builtin::RegexTest, _) => {
                        (format!("re.search({pattern}, {s}) is not None"), prec::CMP)
                    }
                    (Builtin::RegexSub, Some((repl, all))) => {
                        let parts = match regex::js_replacement(repl, usize::MAX) {
                            Ok(parts) => parts,
                            Err(why) => return decline(line, format!("a replacement with {why}")),
                        };
                        let repl = str_literal(&regex::python_template(&parts));
                        let count = if all { "" } else { ", count=1" };
                        (format!("re.sub({pattern}, {repl}, {s}{count})"), prec::ATOM)
                    }
                    (Builtin::RegexFindAll, _) => {
                        (format!("re.findall({pattern}, {s})"), prec::ATOM)
                    }
                    _ => (format!("re.split({pattern}, {s})"), prec::ATOM),
                })
            }
            // `json.dumps` writes what `JSON.stringify` writes for strings
            // (with `ensure_ascii=False`), integers, bools, `None` and lists
            // of them; floats (`1.0` against `1`) and objects (key order,
            // keys that are numbers) differ and are declined.
            Builtin::JsonStringify => {
                let [x] = args else {
                    return decline(line, "`JSON.stringify` with these arguments");
                };
                if !json_exact(&self.ty(x)) {
                    return decline(line, "`JSON.stringify` of a value that may not be a string, integer, bool or list of them");
                }
                self.import("json");
                let x = self.expr(x, 0)?;
                Ok((
                    format!("json.dumps({x}, separators=(\",\", \":\"), ensure_ascii=False)"),
                    prec::ATOM,
                ))
            }
            // A string's UTF-8 bytes, for a writer (see the IR's doc).
            Builtin::StrBytes => {
                let [x] = args else {
                    return decline(line, "`as_bytes()`");
                };
                let x = self.expr(x, prec::ATOM)?;
                Ok((format!("{x}.encode()"), prec::ATOM))
            }
            // A `Copy` struct's copy (see the IR's doc): `copy.copy` keeps
            // the class and copies the instance's fields.
            Builtin::ShallowCopy => {
                self.import("copy");
                call(self, "copy.copy")
            }
            Builtin::Any => call(self, "any"),
            Builtin::All => call(self, "all"),
            // `Array.isArray(x)`, `isinstance(x, list)`: the second argument
            // names the built-in types, comma-separated.
            Builtin::IsInstance if self.input.from == Lang::JavaScript => {
                let [x, names] = args else {
                    return decline(line, "`isinstance`");
                };
                let ExprKind::Lit(Lit::Str(names)) = &names.kind else {
                    return decline(line, "`isinstance`");
                };
                let types: Vec<&str> = names.split(',').collect();
                if !types.iter().all(|t| {
                    matches!(
                        *t,
                        "list" | "tuple" | "str" | "bool" | "int" | "float" | "dict"
                    )
                }) {
                    return decline(line, "`isinstance`");
                }
                let x = self.expr(x, prec::LAMBDA + 1)?;
                let t = match types.as_slice() {
                    [one] => one.to_string(),
                    many => format!("({})", many.join(", ")),
                };
                Ok((format!("isinstance({x}, {t})"), prec::ATOM))
            }
            // A Rust `From` dispatcher's test of a value's kind (see
            // `front::rust::conversions`): `class:Name`, `bool`, `number`,
            // `str` or `sequence`.
            Builtin::IsInstance if self.input.from == Lang::Rust => {
                let [x, kind] = args else {
                    return decline(line, "`isinstance`");
                };
                let ExprKind::Lit(Lit::Str(kind)) = &kind.kind else {
                    return decline(line, "`isinstance`");
                };
                let t = match kind.as_str() {
                    "bool" => "bool".to_string(),
                    "number" => "(int, float)".to_string(),
                    "str" => "str".to_string(),
                    "sequence" => "(tuple, list)".to_string(),
                    k => match k.strip_prefix("class:") {
                        Some(c) => c.to_string(),
                        None => return decline(line, format!("`isinstance` of `{k}`")),
                    },
                };
                let x = self.expr(x, prec::LAMBDA + 1)?;
                Ok((format!("isinstance({x}, {t})"), prec::ATOM))
            }
            Builtin::Reversed => call(self, "reversed"),
            Builtin::Unwrap => {
                let [x] = args else {
                    return decline(line, "`unwrap()`");
                };
                self.helper("rs_unwrap", RS_UNWRAP);
                let x = self.expr(x, 0)?;
                Ok((format!("rs_unwrap({x})"), prec::ATOM))
            }
            Builtin::Enumerate => call(self, "enumerate"),
            Builtin::Zip => call(self, "zip"),
            // JavaScript's `sort` with a key (its default sorts by text),
            // or with the comparator `(a, b) => a - b`, which says the
            // items are numbers: a list of strings it would not order.
            Builtin::Sorted
                if self.input.from == Lang::JavaScript
                    && !keywords.iter().any(|(k, _)| k == "key")
                    && arg_ty
                        .item()
                        .is_some_and(|t| t.is_known() && !t.is_numeric()) =>
            {
                decline(line, format!("numeric sort comparator on {arg_ty}"))
            }
            Builtin::Sorted => call(self, "sorted"),
            Builtin::ToList => call(self, "list"),
            Builtin::ToTuple => call(self, "tuple"),
            Builtin::ToSet => call(self, "set"),
            Builtin::Ord => call(self, "ord"),
            Builtin::Chr => call(self, "chr"),
            Builtin::AsInt => {
                let Some((x, bits, signed)) = wrap_args(args) else {
                    return decline(line, "`as` of an int");
                };
                if self.ty(x).is_float() {
                    let (lo, hi) = int_bounds(bits, signed);
                    return match gap::bridge(self.input.from, Lang::Python, Gap::FloatToInt) {
                        Bridge::Helper(h) => match helper_code(h) {
                            Some(code) => {
                                self.helper(h, code);
                                let v = self.expr(x, 0)?;
                                Ok((format!("{h}({v}, {lo}, {hi})"), prec::ATOM))
                            }
                            None => decline(line, "an int from a float"),
                        },
                        _ => decline(line, "an int from a float"),
                    };
                }
                if self.facts.holds(x, self.input.types)
                    && fits_when_non_negative(&self.ty(x), bits, signed)
                {
                    return self.expr_p(x);
                }
                let x = self.expr(x, prec::ADD)?;
                Ok(wrap_int(&x, bits, signed))
            }
            Builtin::Sentinel => Ok(("object()".to_string(), prec::ATOM)),
            Builtin::Range => match args {
                [start, stop] if matches!(start.kind, ExprKind::Lit(Lit::Int(0))) => Ok((
                    format!("range({})", self.expr(stop, prec::LAMBDA + 1)?),
                    prec::ATOM,
                )),
                _ => call(self, "range"),
            },
            Builtin::ToInt if arg_ty == Ty::Str => {
                // Python's `int()` also takes spaces and `_`: the gap table
                // says how the source's parsing is kept.
                match gap::bridge(self.input.from, Lang::Python, Gap::ParseInt) {
                    // An integer's text parses alike (the source's row
                    // says so, or assumes it).
                    Bridge::Exact | Bridge::Assumed(_) => call(self, "int"),
                    Bridge::Helper(h) => match helper_code(h) {
                        Some(code) => {
                            self.helper(h, code);
                            call(self, h)
                        }
                        None => decline(line, "parsing an integer"),
                    },
                    _ => decline(line, "parsing an integer"),
                }
            }
            Builtin::ToInt => call(self, "int"),
            Builtin::ToFloat => call(self, "float"),
            // JavaScript's `String()` of what `str()` writes otherwise.
            Builtin::ToStr
                if self.input.from == Lang::JavaScript && matches!(arg_ty, Ty::Option(_)) =>
            {
                // `String(undefined)` is "undefined", `String(null)` "null":
                // the IR's `None` is either.
                decline(line, "`String()` of a value that may be undefined")
            }
            Builtin::ToStr
                if self.input.from == Lang::JavaScript
                    && !matches!(arg_ty, Ty::Int(_) | Ty::Str | Ty::Char) =>
            {
                let f = PyHelper::JsStr.use_in(&mut self.support);
                call(self, f)
            }
            Builtin::ToStr => {
                let float_gap = arg_ty.is_float()
                    && gap::bridge(self.input.from, Lang::Python, Gap::FloatToString)
                        != Bridge::Exact;
                if float_gap || arg_ty == Ty::Bool {
                    return decline(line, format!("`to_string()` of a {arg_ty}"));
                }
                call(self, "str")
            }
            Builtin::Sqrt => {
                self.import("math");
                call(self, "math.sqrt")
            }
            Builtin::Random => {
                self.import("random");
                call(self, "random.random")
            }
            Builtin::Floor | Builtin::Ceil => {
                self.import("math");
                let name = if op == Builtin::Floor {
                    "math.floor"
                } else {
                    "math.ceil"
                };
                let (inner, _) = call(self, name)?;
                if ty.is_float() {
                    // Python's gives an int, Rust's a float.
                    Ok((format!("float({inner})"), prec::ATOM))
                } else {
                    Ok((inner, prec::ATOM))
                }
            }
            // An int's digits (JavaScript's `x.toString(2)`, whose sign the
            // frontend writes); a float's would have a fraction.
            Builtin::Bin if arg_ty.is_int() && args.len() == 1 => call(self, "bin"),
            other => decline(line, format!("`{}`", other.spelling())),
        }
    }

    /// A Rust `char` test, as Python tests the same class of
    /// characters. Python's `isalpha`, `isdigit` and `isalnum` are other
    /// classes (its `isascii` and `isalpha` of an ASCII character are
    /// Rust's ASCII tests); the Alphabetic property has no Python test.
    fn char_is(&mut self, recv: &Expr, class: CharClass, line: usize) -> Res<(String, u8)> {
        use CharClass::*;
        if !is_pure(recv) {
            return decline(
                line,
                format!("`{}` of a computed character", class.rust_name()),
            );
        }
        let c = self.expr(recv, prec::ATOM)?;
        let ascii = |test: &str| (format!("{c}.isascii() and {c}.{test}()"), prec::AND);
        Ok(match class {
            AsciiAlphabetic => ascii("isalpha"),
            AsciiDigit => ascii("isdigit"),
            AsciiAlphanumeric => ascii("isalnum"),
            AsciiUppercase => ascii("isupper"),
            AsciiLowercase => ascii("islower"),
            AsciiWhitespace => (format!("{c} in \" \\t\\n\\f\\r\""), prec::CMP),
            // Python's whitespace has U+001C to U+001F besides.
            WhiteSpace => (
                format!("{c}.isspace() and {c} not in \"\\x1c\\x1d\\x1e\\x1f\""),
                prec::AND,
            ),
            Numeric => {
                self.helper("rs_is_numeric", RS_IS_NUMERIC);
                (format!("rs_is_numeric({c})"), prec::ATOM)
            }
            Alphabetic | Alphanumeric => {
                return decline(
                    line,
                    format!(
                        "`{}` (the Alphabetic property, which Python's `isalpha` is not)",
                        class.rust_name()
                    ),
                )
            }
        })
    }

    fn method(
        &mut self,
        recv: &Expr,
        method: Method,
        args: &[Expr],
        line: usize,
    ) -> Res<(String, u8)> {
        let rt = self.ty(recv);
        let r = self.expr(recv, prec::ATOM)?;
        let a = self.args(args)?;
        let name = match method {
            Method::Copy if matches!(rt, Ty::Str | Ty::Tuple(_)) => return Ok((r, prec::ATOM)),
            Method::Get if args.len() > 2 => return decline(line, "`get`"),
            Method::Pop if rt == Ty::Str => return decline(line, "`pop` of a string"),
            // JavaScript's `indexOf` of an array: -1 where Python's
            // `index` raises.
            Method::Find if rt != Ty::Str => {
                self.helper("js_index_of", JS_INDEX_OF);
                return Ok((format!("js_index_of({r}, {a})"), prec::ATOM));
            }
            // JavaScript's `join` writes each item as `String()` does (null
            // as nothing), where Python's refuses items that are not
            // strings.
            Method::Join
                if self.input.from == Lang::JavaScript
                    && !matches!(
                        args.first().map(|xs| self.ty(xs).item()),
                        Some(Some(Ty::Str | Ty::Char))
                    ) =>
            {
                let f = PyHelper::JsJoin.use_in(&mut self.support);
                return Ok((format!("{f}({a}, {r})"), prec::ATOM));
            }
            Method::SpliceOne => {
                let [i] = args else {
                    return decline(line, "`splice` with these arguments");
                };
                if !matches!(rt, Ty::List(_)) {
                    return decline(line, "`splice` of a value that may not be a list");
                }
                // JavaScript truncates a fractional position; Python's
                // slice refuses a float.
                if !self.ty(i).is_int() {
                    return decline(line, "`splice` at a position that may not be an integer");
                }
                self.helper("js_splice_one", JS_SPLICE_ONE);
                return Ok((format!("js_splice_one({r}, {a})"), prec::ATOM));
            }
            // Rust's `insert` past the end panics, where Python's appends.
            Method::Insert
                if self.input.from == Lang::Rust
                    && matches!(args, [i, _] if !super::insert_in_range(recv, i)) =>
            {
                self.helper("rs_insert", RS_INSERT);
                return Ok((format!("rs_insert({r}, {a})"), prec::ATOM));
            }
            Method::CharIs(class) => return self.char_is(recv, class, line),
            // Rust's `len` of a string counts UTF-8 bytes.
            Method::Utf8Len if args.is_empty() => {
                return Ok((format!("len({r}.encode())"), prec::ATOM))
            }
            Method::CharCount if args.is_empty() => return Ok((format!("len({r})"), prec::ATOM)),
            Method::RustLines if args.is_empty() => {
                self.helper("rs_lines", RS_LINES);
                return Ok((format!("rs_lines({r})"), prec::ATOM));
            }
            Method::RustSplitWhitespace | Method::RustSplitAsciiWhitespace if args.is_empty() => {
                self.helper("rs_split_whitespace", RS_SPLIT_WHITESPACE);
                let ascii = if method == Method::RustSplitAsciiWhitespace {
                    ", True"
                } else {
                    ""
                };
                return Ok((format!("rs_split_whitespace({r}{ascii})"), prec::ATOM));
            }
            Method::AsciiUpper | Method::AsciiLower => {
                let (name, code) = if method == Method::AsciiUpper {
                    ("rs_ascii_upper", RS_ASCII_UPPER)
                } else {
                    ("rs_ascii_lower", RS_ASCII_LOWER)
                };
                self.helper(name, code);
                return Ok((format!("{name}({r})"), prec::ATOM));
            }
            m => m.python_name(),
        };
        Ok((format!("{r}.{name}({a})"), prec::ATOM))
    }

    /// `del xs[i:i + 1]` for JavaScript's `xs.splice(i, 1)` where `i` is
    /// known to be an integer, zero or more (a negative one would count
    /// from the end in JavaScript but make an empty slice in Python).
    fn splice_by_del(&mut self, e: &Expr) -> Res<Option<String>> {
        let ExprKind::Method {
            recv,
            method: Method::SpliceOne,
            args,
            ..
        } = &e.kind
        else {
            return Ok(None);
        };
        let [i] = args.as_slice() else {
            return Ok(None);
        };
        let known = matches!(self.ty(recv), Ty::List(_))
            && self.ty(i).is_int()
            && is_pure(i)
            && self.facts.holds(i, self.input.types);
        if !known {
            return Ok(None);
        }
        let r = self.expr(recv, prec::ATOM)?;
        if let ExprKind::Lit(Lit::Int(k)) = i.kind {
            return Ok(Some(format!("del {r}[{k}:{}]", k + 1)));
        }
        let at = self.expr(i, prec::ADD + 1)?;
        Ok(Some(format!("del {r}[{at}:{at} + 1]")))
    }

    /// An f-string.
    fn format(&mut self, parts: &[FormatPart], line: usize) -> Res<String> {
        let mut s = String::from("f\"");
        for p in parts {
            match p {
                FormatPart::Text(t) => {
                    let lit = str_literal(t);
                    let inner = &lit[1..lit.len() - 1];
                    s.push_str(&inner.replace('{', "{{").replace('}', "}}"));
                }
                FormatPart::Value { expr, spec } => {
                    let ty = self.ty(expr);
                    let mut v = self.expr(expr, prec::LAMBDA + 1)?;
                    if v.contains('"') || v.contains('\\') {
                        return decline(line, "a string inside a format string");
                    }
                    if ty == Ty::Bool && self.input.from == Lang::Rust {
                        // Rust prints `true`, Python `True`.
                        v = format!("'true' if {v} else 'false'");
                    }
                    if self.input.from == Lang::JavaScript && matches!(ty, Ty::Option(_)) {
                        // `undefined` is written "undefined", `null` "null":
                        // the IR's `None` is either.
                        return decline(line, "template value that may be undefined");
                    }
                    if self.input.from == Lang::JavaScript
                        && !matches!(ty, Ty::Int(_) | Ty::Str | Ty::Char)
                    {
                        // A template writes its values as `String()` does.
                        let f = PyHelper::JsStr.use_in(&mut self.support);
                        v = format!("{f}({v})");
                    }
                    if ty.is_float() && self.input.from != Lang::JavaScript {
                        return decline(line, "a float in a format string");
                    }
                    match spec.as_deref() {
                        None => s.push_str(&format!("{{{v}}}")),
                        Some(sp @ ("b" | "o" | "x" | "X")) => {
                            // Rust prints a negative number's two's
                            // complement at its width.
                            let bits = match ty {
                                Ty::Int(IntTy::I8) => Some(8),
                                Ty::Int(IntTy::I16) => Some(16),
                                Ty::Int(IntTy::I32) => Some(32),
                                Ty::Int(IntTy::I64 | IntTy::Isize) => Some(64),
                                Ty::Int(IntTy::I128) => Some(128),
                                _ => None,
                            };
                            match bits {
                                Some(b) => s.push_str(&format!(
                                    "{{{v} & {:#x}:{sp}}}",
                                    (1u128 << (b - 1)).wrapping_mul(2).wrapping_sub(1)
                                )),
                                None => s.push_str(&format!("{{{v}:{sp}}}")),
                            }
                        }
                        Some(sp) => return decline(line, format!("format specification `{sp}`")),
                    }
                }
            }
        }
        s.push('"');
        Ok(s)
    }
}

/// Whether `e` is a number literal other than zero.
fn nonzero_literal(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(Lit::Int(v)) => *v != 0,
        ExprKind::Lit(Lit::Float(v)) => *v != 0.0 && !v.is_nan(),
        ExprKind::Unary(UnOp::Neg, x) => nonzero_literal(x),
        _ => false,
    }
}

/// `/` as IEEE 754 divides (JavaScript's on numbers, Rust's on floats): a
/// float quotient, and an infinity or NaN on a zero divisor, where
/// Python's `/` raises.
const IEEE_DIVIDE: &str = r#"def ieee_divide(a, b):
    """`/` as IEEE 754 divides (JavaScript's, Rust's on floats): a zero divisor gives an infinity or NaN, not ZeroDivisionError."""
    if b == 0:
        if a == 0 or a != a:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b
"#;

/// Rust's `%` on floats: the dividend's sign (C's `fmod`), and NaN on a
/// zero divisor or an infinite dividend, where `math.fmod` raises.
const RS_FREM: &str = r#"def rs_frem(a, b):
    """Rust's `%` on floats: the dividend's sign; NaN on a zero divisor or an infinite dividend."""
    if b == 0 or a in (math.inf, -math.inf):
        return math.nan
    return math.fmod(a, b)
"#;

/// JavaScript's `Math.round(x)`: halves round up. `x - floor(x)` is exact
/// where `x + 0.5` may round (0.49999999999999994, 2**52 + 1).
const JS_ROUND: &str = r#"def js_round(x):
    """JavaScript's Math.round: the nearest integer, halves up; NaN and the infinities stay."""
    if x != x or x in (math.inf, -math.inf):
        return x
    f = math.floor(x)
    return f + 1 if x - f >= 0.5 else f
"#;

/// JavaScript's `Array(n)` of one argument: `n` slots of `undefined`
/// (`None`) for a length, an error (JavaScript's `RangeError`) for any
/// other number, and `[n]` for a value that is no number.
const JS_ARRAY: &str = r#"def js_array(n):
    """JavaScript's Array(n): n slots of None for a length n; [n] where n is no number."""
    if isinstance(n, bool) or not isinstance(n, (int, float)):
        return [n]
    if n != n or n < 0 or n >= 2 ** 32 or n != int(n):
        raise ValueError("Invalid array length")
    return [None] * int(n)
"#;

/// JavaScript's `xs[i]` at a position that may hold no item: `undefined`
/// (`None`) past either end, where Python's `xs[i]` raises past the end and
/// reads from the end below zero.
const JS_ITEM: &str = r#"def js_item(xs, i):
    """JavaScript's xs[i]: undefined (None) where i is past either end."""
    return xs[i] if 0 <= i < len(xs) else None
"#;

/// JavaScript's `xs.indexOf(x)` of an array of numbers or strings.
const JS_INDEX_OF: &str = r#"def js_index_of(xs, x):
    """JavaScript's xs.indexOf(x) on an array: the first index of x, or -1."""
    for i, v in enumerate(xs):
        if v == x:
            return i
    return -1
"#;

/// JavaScript's `(a - a % b) / b` on integers: the quotient toward zero,
/// and NaN on a zero divisor (the remainder is NaN there).
const JS_TRUNCATING_DIVIDE: &str = r#"def js_truncating_divide(a, b):
    """JavaScript's (a - a % b) / b on integers: toward zero; NaN on a zero divisor."""
    if b == 0:
        return math.nan
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q
"#;

/// JavaScript's `%` on numbers: the dividend's sign, and NaN on a zero
/// divisor or an infinite dividend.
const JS_REMAINDER: &str = r#"def js_remainder(a, b):
    """JavaScript's `%`: the dividend's sign; NaN on a zero divisor."""
    if b == 0 or a != a or b != b or a in (math.inf, -math.inf):
        return math.nan
    if isinstance(a, int) and isinstance(b, int):
        r = abs(a) % abs(b)
        return -r if a < 0 else r
    return math.fmod(a, b)
"#;

/// JavaScript's `parseInt(s, 10)`: leading white space, a sign and the
/// digits that follow, whatever comes after them; NaN where no digit does.
const JS_PARSE_INT: &str = r#"def js_parse_int(s):
    """JavaScript's parseInt(s, 10). A `0x` prefix raises: parseInt(s) reads
    it as hex, parseInt(s, 10) as 0, and the translation does not know which."""
    m = re.match(r"\s*([+-]?)([0-9]+)", s)
    if m is None:
        return math.nan
    if re.match(r"\s*[+-]?0[xX]", s):
        raise ValueError("parseInt of text with a 0x prefix")
    v = int(m.group(2))
    return -v if m.group(1) == "-" else v
"#;

/// JavaScript's `xs.splice(i, 1)` for its effect: the item at `i` goes
/// where there is one; a negative `i` counts from the end, clamped at 0.
const JS_SPLICE_ONE: &str = r#"def js_splice_one(xs, i):
    """JavaScript's xs.splice(i, 1): removes the item at i, if there is one."""
    if i < 0:
        i = max(len(xs) + i, 0)
    del xs[i:i + 1]
"#;

/// Rust's derived `==` (see [`EqSem::Derived`]): objects of one class
/// field by field, tuples and lists item by item, anything else by `==`.
const RS_EQ: &str = r#"def rs_eq(a, b):
    """Rust's derived ==: objects of one class field by field, tuples and lists item by item."""
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(rs_eq(x, y) for x, y in zip(a, b))
    if hasattr(a, "__dict__"):
        return type(a) is type(b) and all(rs_eq(v, getattr(b, k)) for k, v in vars(a).items())
    return a == b
"#;

/// JavaScript's `>` and `>=` on values of unknown type, its operands
/// evaluated in their order (after `js_less`, which it calls).
const JS_GREATER: &str = r#"def js_greater(a, b, or_equal=False):
    """JavaScript's > (or >=): b < a (or b <= a) as JavaScript compares."""
    return js_less(b, a, or_equal)
"#;

/// JavaScript's running total of a `reduce`: left to right, as `+`
/// rounds each step.
const JS_SUM: &str = r#"def js_sum(xs):
    """A running total added left to right, rounding each step as JavaScript's + does."""
    total = 0
    for x in xs:
        total = total + x
    return total
"#;

/// JavaScript's `xs[i]` where `i` may be negative.
/// JavaScript's `o.key` of a plain object, which Python holds as a dict:
/// `undefined` (`None`) where it has no such property, and on a value
/// of another kind (the frontend lowers only names no built-in value
/// has); a `TypeError` on `null` and `undefined`, as JavaScript throws.
const JS_GET: &str = r#"def js_get(o, key):
    """JavaScript's o.key: a dict's value, or None where there is none."""
    if o is None:
        raise TypeError("cannot read property " + key + " of None")
    if isinstance(o, dict):
        return o.get(key)
    return None
"#;

const JS_INDEX: &str = r#"def js_index(xs, i):
    """JavaScript's xs[i]: a negative i never counts from the end. The
    read raises there, as one past the end does."""
    if i < 0:
        raise IndexError("negative index")
    return xs[i]
"#;

/// JavaScript's `for (k in o)`, over the values a JavaScript value is in
/// Python: a plain object (a dict, whose keys are strings) visits its
/// integer-like keys first, ascending, then the others in the order they
/// were added; an array or string its indexes, as strings; `null`,
/// `undefined`, a number or a boolean nothing. A function or another
/// object may have properties Python does not show: a `TypeError`.
/// JavaScript's `key in o`. A plain object (a dict) inherits
/// `Object.prototype`'s names, a fixed list; an array's, string's,
/// number's or boolean's prototype names vary with the engine, so a key
/// among any built-in's names (`ir::BUILTIN_PROPERTIES` holds them) is
/// refused there rather than guessed.
const JS_IN: &str = r#"def js_in(key, o, wrapped=False):
    """JavaScript's key in o (key in Object(o) where wrapped): an own or inherited property."""
    k = key if isinstance(key, str) else js_str(key)
    if isinstance(o, dict) or (wrapped and o is None):
        o = o or {}
        if not all(isinstance(n, str) for n in o):
            raise TypeError("in of a dict whose keys are not all strings")
        return k in o or k in ("constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString", "valueOf", "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__")
    primitive = isinstance(o, (bool, int, float, str))
    if not (isinstance(o, (list, tuple)) or (wrapped and primitive)):
        raise TypeError("in of a value that is not an object the translation knows")
    if isinstance(o, (list, tuple, str)):
        if k == "length" or (k.isascii() and k.isdigit() and (k == "0" or k[0] != "0") and int(k) < len(o)):
            return True
    if k in JS_BUILTIN_NAMES:
        raise TypeError("in of a name a built-in prototype may have")
    return False
"#;

const JS_KEYS_IN: &str = r#"def js_keys_in(o):
    """The keys JavaScript's for (k in o) visits, in its order."""
    if o is None or isinstance(o, (bool, int, float)):
        return []
    if isinstance(o, (list, str)):
        return [str(i) for i in range(len(o))]
    if not isinstance(o, dict) or not all(isinstance(k, str) for k in o):
        raise TypeError("for ... in over a value that is not a plain object")

    def index(k):
        return k.isascii() and k.isdigit() and (k == "0" or k[0] != "0") and int(k) < 4294967295

    return sorted((k for k in o if index(k)), key=int) + [k for k in o if not index(k)]
"#;

/// JavaScript's `Array.prototype.slice.call(o, start, end)` of an array,
/// a function's `arguments` (a tuple) or a string (its characters, UTF-16
/// units in JavaScript: a string with others raises). A bound is what
/// `ToIntegerOrInfinity` makes of it; `None` is `null` and `undefined`
/// alike, which mean 0 and the length for the end: raises there.
const JS_PROTO_SLICE: &str = r#"def js_proto_slice(o, *bounds):
    """JavaScript's Array.prototype.slice.call(o, start, end): a new list of o's items from start up to end, negative bounds from the end."""
    if isinstance(o, str):
        if any(ord(c) > 0xFFFF for c in o):
            raise TypeError("slice of a string with characters past U+FFFF (UTF-16 units in JavaScript)")
    elif not isinstance(o, (list, tuple)):
        raise TypeError("Array.prototype.slice of a value that is not an array or a string")
    n = len(o)

    def bound(i, default):
        if i >= len(bounds):
            return default
        b = bounds[i]
        if b is None:
            if i == 1:
                raise TypeError("slice end of null or undefined: Python's None is both")
            return 0
        if not isinstance(b, (bool, int, float)):
            raise TypeError("slice bound that is not a number")
        if b != b:
            return 0
        if b not in (float("inf"), float("-inf")):
            b = int(b)
        return int(max(n + b, 0) if b < 0 else min(b, n))

    return list(o[bound(0, 0):bound(1, n)])
"#;

/// JavaScript's `Object.prototype.hasOwnProperty.call(o, key)` of the
/// values a JavaScript value is in Python (a plain object is a dict with
/// string keys); anything else raises.
const JS_HAS_OWN: &str = r#"def js_has_own(o, key):
    """JavaScript's Object.prototype.hasOwnProperty.call(o, key): whether o has the property key of its own."""
    k = key if isinstance(key, str) else js_str(key)
    if o is None:
        raise TypeError("hasOwnProperty of null or undefined")
    if isinstance(o, dict):
        if not all(isinstance(n, str) for n in o):
            raise TypeError("hasOwnProperty of a dict whose keys are not all strings")
        return k in o
    if isinstance(o, (bool, int, float)):
        return False
    if isinstance(o, (list, tuple, str)):
        if isinstance(o, str) and any(ord(c) > 0xFFFF for c in o):
            raise TypeError("hasOwnProperty of a string with characters past U+FFFF (UTF-16 units in JavaScript)")
        return k == "length" or (k.isascii() and k.isdigit() and (k == "0" or k[0] != "0") and int(k) < len(o))
    raise TypeError("hasOwnProperty of a value that is not an object the translation knows")
"#;

/// JavaScript's `Object.prototype.toString.call(x)` of the values a
/// JavaScript value is in Python; `None` (`null` or `undefined`) and a
/// tuple (an array or a function's `arguments`) raise.
const JS_OBJECT_TAG: &str = r#"def js_object_tag(x):
    """JavaScript's Object.prototype.toString.call(x): [object Array], [object Number]..."""
    if x is None:
        raise TypeError("Object.prototype.toString of null or undefined: Python's None is both")
    if isinstance(x, bool):
        return "[object Boolean]"
    if isinstance(x, (int, float)):
        return "[object Number]"
    if isinstance(x, str):
        return "[object String]"
    if isinstance(x, list):
        return "[object Array]"
    if isinstance(x, dict):
        return "[object Object]"
    if isinstance(x, (set, frozenset)):
        return "[object Set]"
    if callable(x):
        return "[object Function]"
    raise TypeError("Object.prototype.toString of a value that is not one the translation knows")
"#;

/// JavaScript's `typeof x` of the values a JavaScript value is in Python;
/// `None` is both `null` (`"object"`) and `undefined`: a `TypeError`.
const JS_TYPEOF: &str = r#"def js_typeof(x):
    """JavaScript's typeof x: the name of the value's kind."""
    if x is None:
        raise TypeError("typeof of null or undefined: Python's None is both")
    if isinstance(x, bool):
        return "boolean"
    if isinstance(x, (int, float)):
        return "number"
    if isinstance(x, str):
        return "string"
    if callable(x):
        return "function"
    return "object"
"#;

/// Rust's `char::is_numeric`: general category N.
const RS_IS_NUMERIC: &str = r#"def rs_is_numeric(c):
    """Rust's char::is_numeric: a character of general category N."""
    import unicodedata
    return unicodedata.category(c)[0] == "N"
"#;

/// Rust's `to_ascii_uppercase` of a `str` or a `char`.
const RS_ASCII_UPPER: &str = "def rs_ascii_upper(s):\n    \"\"\"Rust's `to_ascii_uppercase`: `a`-`z` only, other characters as they are.\"\"\"\n    return \"\".join(c.upper() if \"a\" <= c <= \"z\" else c for c in s)\n";

/// Rust's `split_whitespace` (`split_ascii_whitespace`) of a `str`.
const RS_SPLIT_WHITESPACE: &str = "def rs_split_whitespace(s, ascii=False):\n    \"\"\"Rust's `split_whitespace`: the words between runs of Unicode White_Space (ASCII's with `ascii`).\"\"\"\n    spaces = \"\\t\\n\\x0c\\r \" if ascii else \"\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\"\n    return [w for w in \"\".join(\" \" if c in spaces else c for c in s).split(\" \") if w]\n";

/// Rust's `insert`, which panics on a position past the end where Python's
/// appends.
const RS_INSERT: &str = "def rs_insert(xs, i, x):\n    \"\"\"Rust's `insert`: a position past the end panics.\"\"\"\n    if not 0 <= i <= len(xs):\n        raise IndexError(f\"insertion index (is {i}) should be <= len (is {len(xs)})\")\n    xs.insert(i, x)\n";

/// Rust's `lines` of a `str`.
const RS_LINES: &str = "def rs_lines(s):\n    \"\"\"Rust's `str::lines`: split at `\\n` and `\\r\\n` only, no empty line after the last ending.\"\"\"\n    parts = s.split(\"\\n\")\n    last = parts.pop()\n    lines = [p[:-1] if p.endswith(\"\\r\") else p for p in parts]\n    if last:\n        lines.append(last)\n    return lines\n";

/// Rust's `to_ascii_lowercase` of a `str` or a `char`.
const RS_ASCII_LOWER: &str = "def rs_ascii_lower(s):\n    \"\"\"Rust's `to_ascii_lowercase`: `A`-`Z` only, other characters as they are.\"\"\"\n    return \"\".join(c.lower() if \"A\" <= c <= \"Z\" else c for c in s)\n";

/// Rust's `as` from a float to a fixed-width int.
const RS_AS_INT: &str = "def rs_as_int(x, lo, hi):\n    \"\"\"Rust's `as` from a float to an int: toward zero, saturated at the type's bounds, NaN as 0.\"\"\"\n    if x != x:\n        return 0\n    if x <= lo:\n        return lo\n    if x >= hi:\n        return hi\n    return int(x)\n";

/// Rust's `unwrap()` of a computed `Option`.
const RS_UNWRAP: &str = "def rs_unwrap(x):\n    \"\"\"Rust's `Option::unwrap`: the value, or a panic (an error) on `None`.\"\"\"\n    if x is None:\n        raise RuntimeError(\"called `Option::unwrap()` on a `None` value\")\n    return x\n";

/// The code of a helper the gap table names.
fn helper_code(name: &str) -> Option<&'static str> {
    Some(match name {
        "rs_div" => RS_DIV,
        "rs_rem" => RS_REM,
        "rs_parse_int" => RS_PARSE_INT,
        "rs_as_int" => RS_AS_INT,
        "js_parse_int" => JS_PARSE_INT,
        _ => return None,
    })
}

/// Whether Python's `json.dumps(x, separators=(",", ":"),
/// ensure_ascii=False)` writes the text JavaScript's `JSON.stringify`
/// writes for every value of `ty`.
/// `null` only as an item: `JSON.stringify(undefined)` is no string.
fn json_exact(ty: &Ty) -> bool {
    fn item(ty: &Ty) -> bool {
        match ty {
            Ty::Option(t) => item(t),
            t => json_exact(t),
        }
    }
    match ty {
        Ty::Str | Ty::Char | Ty::Bool | Ty::Int(_) => true,
        Ty::List(t) => item(t),
        Ty::Tuple(ts) => ts.iter().all(item),
        _ => false,
    }
}

/// A Python annotation for a type, where the type has one.
fn annotation(ty: &Ty) -> Option<String> {
    Some(match ty {
        Ty::Int(_) => "int".to_string(),
        Ty::Float(_) => "float".to_string(),
        Ty::Bool => "bool".to_string(),
        Ty::Str | Ty::Char => "str".to_string(),
        Ty::List(t) => format!("list[{}]", annotation(t)?),
        Ty::Set(t) => format!("set[{}]", annotation(t)?),
        Ty::Dict(k, v) => format!("dict[{}, {}]", annotation(k)?, annotation(v)?),
        Ty::Tuple(ts) if !ts.is_empty() => {
            let parts: Option<Vec<String>> = ts.iter().map(annotation).collect();
            format!("tuple[{}]", parts?.join(", "))
        }
        Ty::Option(t) => format!("{} | None", annotation(t)?),
        _ => return None,
    })
}

fn literal(l: &Lit, ty: &Ty) -> String {
    match l {
        Lit::Int(v) if ty.is_float() => format!("{v}.0"),
        Lit::Int(v) => v.to_string(),
        Lit::Float(v) if v.is_nan() => "float('nan')".to_string(),
        Lit::Float(v) if v.is_infinite() => if *v > 0.0 {
            "float('inf')"
        } else {
            "-float('inf')"
        }
        .to_string(),
        Lit::Float(v) => format!("{v:?}"),
        Lit::Str(s) => str_literal(s),
        Lit::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Lit::None => "None".to_string(),
    }
}

/// A Python string literal.
pub fn str_literal(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The width and signedness of a Rust fixed-width int type.
fn fixed_width(ty: &Ty) -> Option<(u32, bool)> {
    match ty {
        Ty::Int(t) => t.width(),
        _ => None,
    }
}

/// `Builtin::AsInt`'s arguments: the value, its width and signedness.
pub(super) fn wrap_args(args: &[Expr]) -> Option<(&Expr, u32, bool)> {
    match args {
        [x, bits, signed] => match (&bits.kind, &signed.kind) {
            (ExprKind::Lit(Lit::Int(b)), ExprKind::Lit(Lit::Bool(s))) => Some((
                x,
                u32::try_from(*b).ok().filter(|b| (8..=128).contains(b))?,
                *s,
            )),
            _ => None,
        },
        _ => None,
    }
}

/// Python's unbounded int `x` (written at `+`'s precedence, which binds
/// tighter than `&`) cut to a fixed width, its top bit the sign of a
/// signed type.
fn wrap_int(x: &str, bits: u32, signed: bool) -> (String, u8) {
    let mask = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    if signed {
        let half = 1u128 << (bits - 1);
        (format!("(({x} + {half}) & {mask}) - {half}"), prec::ADD)
    } else {
        (format!("{x} & {mask}"), prec::BIT_AND)
    }
}

/// Whether every value of int type `from` that is zero or more is one of
/// the type of `bits` and `signed` (an `AsInt` of it changes nothing).
pub(super) fn fits_when_non_negative(from: &Ty, bits: u32, signed: bool) -> bool {
    let top = match from {
        Ty::Int(IntTy::U128) => u128::MAX,
        Ty::Int(t) => match t.range() {
            Some((_, top)) => top.unsigned_abs(),
            None => return false,
        },
        _ => return false,
    };
    let limit = if signed { bits - 1 } else { bits };
    let greatest = if limit >= 128 {
        u128::MAX
    } else {
        (1u128 << limit) - 1
    };
    top <= greatest
}

/// The least and greatest values of a fixed-width int type, as text.
pub(super) fn int_bounds(bits: u32, signed: bool) -> (String, String) {
    if signed {
        let half = 1u128 << (bits - 1);
        (format!("-{half}"), (half - 1).to_string())
    } else if bits == 128 {
        ("0".into(), u128::MAX.to_string())
    } else {
        ("0".into(), ((1u128 << bits) - 1).to_string())
    }
}
