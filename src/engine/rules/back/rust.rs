//! The Rust backend: IR and its semantic model to Rust source that compiles.
//!
//! Values are owned at the API (`Vec<T>`, `String`, `HashMap`), borrowed
//! where the target signature says so (`&str`, `&Vec<T>`), and every local
//! holds an owned value, so a read of a container that must move is a
//! `.clone()`. Loops over ranges, lists and strings and comprehensions
//! become iterator chains. Each semantic gap is bridged as the gap table
//! (`ir::gap`) says for the source language: Python's `//` and `%` are Rust's
//! where both operands are proved non-negative and a helper otherwise,
//! negative indexes count from the end through a helper unless the index is
//! proved non-negative, slices clip through a helper, strings are indexed
//! and measured in characters (code points, as Python does).
//!
//! **Integer assumptions.** Python's `int` is unbounded; the translation
//! gives every `int` of a function the one integer width its signature uses
//! (`i64` without one) and assumes values fit it. Arithmetic is Rust's own
//! operators, which panic on overflow in debug builds and wherever
//! `overflow-checks` is on (turn it on in release profiles that run
//! translated code), rather than wrapping silently; lengths are converted
//! with `as`, assuming they fit. Division by zero panics, as Python raises.

use std::collections::{HashMap, HashSet};

use super::super::analysis::after;
use super::super::analysis::scope::LocalId;
use super::super::analysis::signature::RustSignature;
use super::super::analysis::Model;
use super::super::front::javascript::CONSOLE_LOG;
use super::super::ir::gap::{self, Bridge, Gap};
use super::super::ir::{
    for_each_expr, for_each_stmt, for_each_stmt_expr, is_generator, BinOp, Block, Builtin, Class,
    CmpOp, CompKind, EqSem, ErrorKind, Expr, ExprId, ExprKind, FloatTy, FormatPart, Function,
    Handler, IntTy, Lit, LogicOp, Method, MethodKind, Passing, Rounding, Stmt, StmtKind, Target,
    Truthiness, Ty, UnOp,
};
use super::super::{Decline, Out, Res, Support};
use super::rust_class::{self, ClassSig};
use super::rust_generator;
use super::rust_generics::{Bound, Bounds};
use super::rust_given_back;
use super::rust_lookup;
use super::rust_support as helpers;
use super::stores;
use crate::lang::Lang;

/// How a piece of Rust code holds its value, which decides what using it
/// as an owned value takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// A named place (a variable, an element): moving it out needs a copy.
    Place,
    /// A fresh value: it can be moved.
    Temp,
    /// A `&str` (a literal, a borrowed parameter): `.to_string()` to own.
    StrRef,
    /// An iterator of owned items of the expression's item type.
    Iter,
    /// A field of an object (`self.items`) or part of one (`self.grid[0]`):
    /// Python reads the object's own value, so an owned copy of a mutable
    /// one would be a silent copy.
    Field,
}

/// A Rust expression with its precedence (higher binds tighter).
#[derive(Clone, Debug)]
struct Code {
    text: String,
    prec: u8,
    form: Form,
}

/// Precedences, Rust's table.
const ATOM: u8 = 16;
const UNARY: u8 = 15;
const CAST: u8 = 14;
const MUL: u8 = 13;
const ADD: u8 = 12;
const BITAND: u8 = 10;
const BITXOR: u8 = 9;
const BITOR: u8 = 8;
const CMP: u8 = 7;
const AND: u8 = 6;
const OR: u8 = 5;
const RANGE: u8 = 4;
const LOWEST: u8 = 1;

impl Code {
    fn new(text: impl Into<String>, prec: u8, form: Form) -> Code {
        Code {
            text: text.into(),
            prec,
            form,
        }
    }

    fn temp(text: impl Into<String>, prec: u8) -> Code {
        Code::new(text, prec, Form::Temp)
    }

    fn atom(text: impl Into<String>) -> Code {
        Code::new(text, ATOM, Form::Temp)
    }

    /// The text, in parentheses unless it binds at least as tight as `min`.
    fn at(&self, min: u8) -> String {
        if self.prec >= min {
            self.text.clone()
        } else {
            format!("({})", self.text)
        }
    }
}

/// Writes `f` (and the functions nested in it) as Rust.
pub fn write(
    f: &Function,
    model: &Model,
    signature: Option<&RustSignature>,
    from: Lang,
    support: &mut Support,
    classes: &[ClassSig],
) -> Res<String> {
    let mut w = Writer::new(model, from, support, classes);
    let mut out = Out::default();
    w.function(f, signature, true, &mut out)?;
    Ok(out.render("    "))
}

/// Writes `f`, a function of a unit with classes: it may make objects of
/// them, read their fields and call their methods.
pub fn write_with_classes(
    f: &Function,
    model: &Model,
    from: Lang,
    support: &mut Support,
    classes: &[ClassSig],
) -> Res<String> {
    let mut w = Writer::new(model, from, support, classes);
    let mut out = Out::default();
    w.function(f, None, true, &mut out)?;
    Ok(out.render("    "))
}

/// Writes class `classes[which]` (`c`, with its methods as analysed, one
/// model each) as a `struct` and an `impl`: the constructor is `new`,
/// an instance method takes `&mut self` where it changes the object and
/// `&self` otherwise, a static method no receiver.
pub fn write_class(
    c: &Class,
    methods: &[Function],
    models: &[Model],
    classes: &[ClassSig],
    which: usize,
    support: &mut Support,
) -> Res<String> {
    let Some(sig) = classes.get(which) else {
        return Err(Decline(format!("class `{}` at line {}", c.name, c.line)));
    };
    let mut out = Out::default();
    out.rust_comments(&c.comments);
    if sig.fields.is_empty() {
        out.line(format!("pub struct {} {{}}", c.name));
    } else {
        out.line(format!("pub struct {} {{", c.name));
        out.depth += 1;
        // Fields are set by the constructor, whose integer width they take.
        let Some(model) = models.first() else {
            return Err(Decline(format!("class `{}` at line {}", c.name, c.line)));
        };
        for (name, t) in &sig.fields {
            let w = Writer::new(model, Lang::Python, support, classes);
            let written = w.ty(t, c.line)?;
            out.line(format!("pub {}: {written},", rust_name(name)));
        }
        out.depth -= 1;
        out.line("}");
    }
    out.line("");
    out.line(format!("impl {} {{", c.name));
    out.depth += 1;
    if sig.constructor().is_none() {
        out.line("pub fn new() -> Self {");
        out.line("    Self {}");
        out.line("}");
    }
    for (i, ((m, f), model)) in c.methods.iter().zip(methods).zip(models).enumerate() {
        if i > 0 || sig.constructor().is_none() {
            out.line("");
        }
        let mut w = Writer::new(model, Lang::Python, support, classes);
        w.in_impl = true;
        if m.kind != MethodKind::Static {
            let Some(l) = f.params.first().and_then(|p| w.local_of(p.id)) else {
                return Err(Decline(format!("method `{}` at line {}", f.name, f.line)));
            };
            w.receiver = Some(Receiver {
                local: l,
                class: which,
                kind: m.kind,
                changes: sig.method(&f.name).is_some_and(|s| s.changes_object),
            });
        }
        w.function(f, None, true, &mut out)?;
    }
    out.depth -= 1;
    out.line("}");
    Ok(out.render("    "))
}

/// The object an instance method or constructor is written for.
#[derive(Clone, Copy, Debug)]
struct Receiver {
    /// The receiver's binding (Python's `self`).
    local: LocalId,
    /// Its class, in the writer's `classes`.
    class: usize,
    kind: MethodKind,
    /// Whether the method changes the object: `&mut self`.
    changes: bool,
}

fn int_name(w: IntTy) -> &'static str {
    match w {
        IntTy::I8 => "i8",
        IntTy::I16 => "i16",
        IntTy::I32 => "i32",
        IntTy::I64 | IntTy::Unbounded => "i64",
        IntTy::I128 => "i128",
        IntTy::Isize => "isize",
        IntTy::U8 => "u8",
        IntTy::U16 => "u16",
        IntTy::U32 => "u32",
        IntTy::U64 => "u64",
        IntTy::U128 => "u128",
        IntTy::Usize => "usize",
    }
}

fn rust_name(name: &str) -> String {
    if matches!(name, "self" | "Self" | "super" | "crate") {
        format!("{name}_")
    } else if Lang::Rust.keywords().contains(&name) {
        format!("r#{name}")
    } else {
        super::without_dollar(name).into_owned()
    }
}

/// The form of an element of the value `c` holds in place: part of an
/// object's field is part of the object still (Python shares it).
fn part_of(c: &Code) -> Form {
    if c.form == Form::Field {
        Form::Field
    } else {
        Form::Place
    }
}

/// Declines a test of a value of a type variable against `None`: the
/// caller's type may be an `Option` (Python's caller passes `None`), so
/// the test is not the constant it is for a value of a plain type.
fn none_test_of_var(t: &Ty, line: usize) -> Res<()> {
    match t {
        Ty::Var(v) => Err(Decline(format!(
            "`None` test of a value of type variable {v} (the caller's type may be an Option) at line {line}"
        ))),
        _ => Ok(()),
    }
}

/// Whether a value of `t` holds no list, dict, set or object (which a
/// JavaScript caller could change in place): numbers, strings, values of a
/// type variable.
fn holds_no_container(t: &Ty) -> bool {
    match t {
        Ty::Int(_) | Ty::Float(_) | Ty::Bool | Ty::Char | Ty::Str | Ty::Unit | Ty::Var(_) => true,
        Ty::Tuple(ts) => ts.iter().all(holds_no_container),
        Ty::Option(t) => holds_no_container(t),
        _ => false,
    }
}

/// Whether values of the type are `Copy` in Rust.
fn is_copy(t: &Ty) -> bool {
    match t {
        Ty::Int(_) | Ty::Float(_) | Ty::Bool | Ty::Char | Ty::Unit => true,
        Ty::Tuple(ts) => ts.iter().all(is_copy),
        Ty::Option(t) => is_copy(t),
        _ => false,
    }
}

struct Writer<'a> {
    model: &'a Model,
    /// The source language: its row of the gap table applies, and its
    /// meaning is recorded on each operation.
    from: Lang,
    support: &'a mut Support,
    /// The Rust integer type of the function's Python `int`s.
    int: &'static str,
    float: &'static str,
    /// Open loops, innermost last: the label a `break` must name when the
    /// loop has an `else` (Python's `for ... else`).
    loops: Vec<Option<String>>,
    labels: usize,
    /// Locals declared so far, per function: declared at the function's
    /// start (hoisted) or at their first store.
    declared: HashMap<usize, bool>,
    /// Parameters that are `&str` in the signature and never rebound.
    borrowed_str: Vec<LocalId>,
    /// Parameters whose default is `None` (`x: int = None`): a call that
    /// leaves them out gives them `None` whatever their type says.
    none_defaults: Vec<LocalId>,
    /// Return types of the functions being written, innermost last.
    ret: Vec<Ty>,
    /// Set by a consumer whose result does not depend on the order it is
    /// given items in (`sorted`, `min`, `sum` of integers...), for the
    /// next [`Writer::iter`]: it may then iterate a set.
    order_free: bool,
    /// The unit's classes, as the backend writes them.
    classes: &'a [ClassSig],
    /// The object of the method being written, if it is one.
    receiver: Option<Receiver>,
    /// Whether the function is a method (or constructor) of an `impl`.
    in_impl: bool,
    /// Locals holding objects that the function changes through a method
    /// (they are `mut`).
    changed_objects: Vec<LocalId>,
    /// Parameters written `&mut` (see [`Writer::lends_mut`]), and the
    /// locals of the function being written that are lent to one.
    mut_params: HashSet<LocalId>,
    lent: HashSet<LocalId>,
    /// Locals of a list, dict or set type the function or a function it
    /// lends them to changes in place (see [`changed_in_place`]).
    changed: HashSet<LocalId>,
    /// Parameters changed in place and returned: taken by value and given
    /// back, so callers move their list in (see [`rust_given_back`]).
    given_back: HashSet<LocalId>,
    /// The function written with a target signature, whose parameters
    /// are as it says.
    signed: Option<String>,
    /// Reads of a list, dict or set the function changes in place, where
    /// the name is used again after the read (see [`shared_then_used`]).
    shared_then_used: HashSet<ExprId>,
    /// `queue = level` ending a loop's body that binds `level` anew before
    /// anything else mentions either (see [`handoffs`]): the two names
    /// never hold one list while it changes.
    handoffs: HashSet<ExprId>,
    /// What the body does to values of its type variables, for the
    /// generic parameter list's bounds.
    bounds: Bounds,
    /// Parameters holding a tree node (an object of a `@dataclass` of
    /// another unit, or `None`): borrowed, `&Node` or `Option<&Node>`.
    node_params: HashSet<LocalId>,
    /// Those of `node_params` that a guard (`if root is None: return`)
    /// has unwrapped for the rest of the function: `&Node`.
    narrowed: HashSet<LocalId>,
    /// Fields of nodes an `if let` has bound inside its body: (the node's
    /// local, the field, the bound name).
    narrowed_fields: Vec<(LocalId, String, String)>,
    /// Parameters that may be `None` which a `let Some(x) = x else { .. }`
    /// has bound to their value for the rest of the block being written.
    unwrapped: Vec<LocalId>,
    /// From JavaScript: stores into an array element that the element is
    /// known to exist for (see [`stores::element_exists`]), by address,
    /// while their block is written; any other store may append.
    existing: Vec<*const Stmt>,
    /// The generator being written as an iterator (see
    /// [`rust_generator`]).
    generator: Option<Generator>,
}

/// What the statements of a generator's body write differently: a
/// `yield` gives an item and records where to resume, `return` and a
/// `break` of the generator's loop end it.
struct Generator {
    /// The local holding the state (see [`rust_generator`]).
    state: String,
    /// Its yields, by address: the `k`th resumes at state `k + 1`.
    yields: Vec<*const Stmt>,
    item: Ty,
    /// Whether what follows a `yield` in the loop is being written (in a
    /// labelled block, which `continue` of the generator's loop leaves).
    resuming: bool,
    /// What ends the generator, and what ends its loop (running the
    /// statements after it, if any).
    finish: String,
    loop_end: String,
    /// Per yield: whether it yields a name that the statement right after
    /// it binds anew.
    rebound: Vec<bool>,
}

/// The label [`Writer::loops`] holds for the generator's own loop.
const GENERATOR_LOOP: &str = "'generator";

impl<'a> Writer<'a> {
    fn new(
        model: &'a Model,
        from: Lang,
        support: &'a mut Support,
        classes: &'a [ClassSig],
    ) -> Writer<'a> {
        Writer {
            model,
            from,
            support,
            int: int_name(model.int_width),
            float: if model.float_width == FloatTy::F32 {
                "f32"
            } else {
                "f64"
            },
            loops: Vec::new(),
            labels: 0,
            declared: HashMap::new(),
            borrowed_str: Vec::new(),
            none_defaults: Vec::new(),
            ret: Vec::new(),
            order_free: false,
            classes,
            receiver: None,
            in_impl: false,
            changed_objects: Vec::new(),
            shared_then_used: HashSet::new(),
            handoffs: HashSet::new(),
            mut_params: HashSet::new(),
            lent: HashSet::new(),
            changed: HashSet::new(),
            given_back: HashSet::new(),
            signed: None,
            bounds: Bounds::default(),
            node_params: HashSet::new(),
            narrowed: HashSet::new(),
            narrowed_fields: Vec::new(),
            unwrapped: Vec::new(),
            existing: Vec::new(),
            generator: None,
        }
    }

    fn decline<T>(&self, line: usize, what: impl std::fmt::Display) -> Res<T> {
        Err(Decline(format!("{what} at line {line}")))
    }

    /// Where the gap table says a gap needs a decline, declines.
    fn gap(&self, g: Gap) -> Bridge {
        gap::bridge(self.from, Lang::Rust, g)
    }

    /// The helper that writes a float as the source language does, as the
    /// gap table names it.
    fn float_str(&mut self, line: usize) -> Res<String> {
        let helper = match self.gap(Gap::FloatToString) {
            Bridge::Helper(h) => helpers::float_str(self.support, h),
            _ => None,
        };
        match helper {
            Some(h) => Ok(h),
            None => self.decline(line, "a float as text"),
        }
    }

    fn ty(&self, t: &Ty, line: usize) -> Res<String> {
        Ok(match t {
            Ty::Int(_) => self.int.to_string(),
            Ty::Float(_) => self.float.to_string(),
            Ty::Bool => "bool".into(),
            Ty::Str => "String".into(),
            Ty::Char => "char".into(),
            Ty::Unit => "()".into(),
            Ty::List(x) => format!("Vec<{}>", self.ty(x, line)?),
            Ty::Set(x) => format!("std::collections::HashSet<{}>", self.ty(x, line)?),
            Ty::Dict(k, v) => format!(
                "std::collections::HashMap<{}, {}>",
                self.ty(k, line)?,
                self.ty(v, line)?
            ),
            Ty::Option(x) => format!("Option<{}>", self.ty(x, line)?),
            Ty::Tuple(ts) => {
                let parts: Res<Vec<String>> = ts.iter().map(|t| self.ty(t, line)).collect();
                let parts = parts?;
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            // A tree node is borrowed wherever a function holds one (its
            // parameters, locals, lists of them): it only reads nodes.
            Ty::Class(n) if self.node_class(t).is_some() => format!("&{n}"),
            Ty::Class(n) if self.classes.iter().any(|c| c.name == *n) => n.clone(),
            // A generic parameter of the function (see `rust_generics`).
            Ty::Var(n) => n.clone(),
            // Rust has no generators in stable; an iterator struct per
            // generator is not written yet.
            Ty::Iter(_) => return self.decline(line, "iterator (a generator's or `iter()`'s)"),
            other => return self.decline(line, format!("value of type {other}")),
        })
    }

    /// `impl Fn() -> R` for a function returning a lambda without
    /// parameters (`return function() { return value; }`), `None` for
    /// other types. The closure gives a copy of what it captured on each
    /// call, where JavaScript gives the one object: only values no caller
    /// can change in place are given (numbers, strings, values of a type
    /// variable, as elsewhere for `Clone`), others are declined.
    fn closure_type(&self, t: &Ty, line: usize) -> Res<Option<String>> {
        let Ty::Func(ps, r) = t else {
            return Ok(None);
        };
        if !ps.is_empty() {
            return self.decline(line, "returning a function that takes parameters");
        }
        if !r.is_known() {
            return self.decline(line, "returning a function whose result type is unknown");
        }
        if !holds_no_container(r) {
            return self.decline(
                line,
                format!("returning a function giving a {r} (each call would give a copy)"),
            );
        }
        Ok(Some(match &**r {
            Ty::Unit => "impl Fn()".to_string(),
            r => format!("impl Fn() -> {}", self.ty(r, line)?),
        }))
    }

    /// `impl Fn(&T) -> U` for a parameter the body calls with arguments of
    /// types `ps`: numbers and booleans by value, others borrowed (the
    /// caller's function reads them; JavaScript's could change an object
    /// in place, which a Rust caller then fails to compile).
    fn fn_param_type(&self, ps: &[Ty], r: &Ty, line: usize) -> Res<String> {
        let mut parts = Vec::new();
        for p in ps {
            let t = self.ty(p, line)?;
            parts.push(if is_copy(p) { t } else { format!("&{t}") });
        }
        Ok(match r {
            Ty::Unit => format!("impl Fn({})", parts.join(", ")),
            r => format!("impl Fn({}) -> {}", parts.join(", "), self.ty(r, line)?),
        })
    }

    /// `move || value.clone()` for a returned lambda without parameters
    /// (see [`Self::closure_type`]); `None` for other values.
    fn returned_closure(&mut self, v: &Expr, ret: &Ty) -> Res<Option<String>> {
        let (ExprKind::Lambda { params, body }, Ty::Func(..)) = (&v.kind, ret) else {
            return Ok(None);
        };
        if !params.is_empty() || self.model.ty(v) != ret {
            return self.decline(v.line, "lambda of another type than the function returns");
        }
        let bt = self.model.ty(body).clone();
        let code = self.expr(body)?;
        // The closure is called again: what it captured stays, a copy of
        // it goes out.
        let text = match code.form {
            Form::Place | Form::Field if !is_copy(&bt) => format!("{}.clone()", code.at(ATOM)),
            Form::StrRef => format!("{}.to_string()", code.at(ATOM)),
            _ => self.value(body, &bt)?,
        };
        Ok(Some(format!("move || {text}")))
    }

    /// The class of a tree node type (`Node` or `Node | None`, `Node` a
    /// `@dataclass` of another unit), if `t` is one.
    fn node_class(&self, t: &Ty) -> Option<usize> {
        let inner = match t {
            Ty::Option(x) => x,
            t => t,
        };
        match inner {
            Ty::Class(n) => self.classes.iter().position(|c| c.data && c.name == *n),
            _ => None,
        }
    }

    /// The plain node class (whose `==` is identity) that values of the
    /// type hold, if they hold one.
    fn identity_node(&self, t: &Ty) -> Option<String> {
        match t {
            Ty::Class(_) | Ty::Option(_) if self.node_class(t).is_some() => self
                .node_class(t)
                .filter(|c| self.classes[*c].identity_eq)
                .map(|c| self.classes[c].name.clone()),
            Ty::List(x) | Ty::Set(x) | Ty::Option(x) | Ty::TupleOf(x) | Ty::Iter(x) => {
                self.identity_node(x)
            }
            Ty::Dict(k, v) | Ty::Result(k, v) => {
                self.identity_node(k).or_else(|| self.identity_node(v))
            }
            Ty::Tuple(ts) => ts.iter().find_map(|t| self.identity_node(t)),
            _ => None,
        }
    }

    /// Whether values of the type hold a tree node.
    fn holds_a_node(&self, t: &Ty) -> bool {
        match t {
            Ty::Class(_) => self.node_class(t).is_some(),
            Ty::List(x) | Ty::Set(x) | Ty::Option(x) | Ty::TupleOf(x) | Ty::Iter(x) => {
                self.holds_a_node(x)
            }
            Ty::Dict(k, v) | Ty::Result(k, v) => self.holds_a_node(k) || self.holds_a_node(v),
            Ty::Tuple(ts) => ts.iter().any(|t| self.holds_a_node(t)),
            _ => false,
        }
    }

    /// The local a tree node is read through (a parameter, or a local of
    /// a node type), if `e` names one.
    fn node_param(&self, e: &Expr) -> Option<LocalId> {
        match e.kind {
            ExprKind::Name(_) => self.local_of(e.id).filter(|l| {
                self.node_params.contains(l)
                    || (self.node_class(self.model.local_ty(*l)).is_some()
                        && self.receiver.is_none_or(|r| r.local != *l))
            }),
            _ => None,
        }
    }

    /// Whether the local `l` holds a node (not `None`) here: a parameter of
    /// a plain node type, or one a guard has unwrapped.
    fn holds_node(&self, l: LocalId) -> bool {
        self.narrowed.contains(&l) || !matches!(self.model.local_ty(l), Ty::Option(_))
    }

    /// `e` (a tree node, a field of one, or `None`) as an argument of a
    /// parameter of node type `want`: a borrow of it.
    fn node_value(&mut self, e: &Expr, want: &Ty) -> Res<String> {
        let optional = matches!(want, Ty::Option(_));
        if let Some(l) = self.node_param(e) {
            let name = rust_name(&self.model.scopes.locals[l.0].name);
            return match (self.holds_node(l), optional) {
                (true, true) => Ok(format!("Some({name})")),
                (_, false) if !self.holds_node(l) => {
                    self.decline(e.line, format!("`{name}`, which may be None, as a node"))
                }
                _ => Ok(name),
            };
        }
        match &e.kind {
            ExprKind::Lit(Lit::None) if optional => Ok("None".into()),
            ExprKind::Attr { value, name } if self.node_class(self.model.ty(e)).is_some() => {
                if let Some(bound) = self.narrowed_field(value, name) {
                    return Ok(if optional {
                        format!("Some({bound})")
                    } else {
                        bound
                    });
                }
                let (object, _) = self.field(value, name, e.line)?;
                if !optional {
                    return self.decline(
                        e.line,
                        format!("field `{name}`, which may be None, as a node"),
                    );
                }
                Ok(format!("{object}.{}.as_deref()", rust_name(name)))
            }
            ExprKind::New { class, .. } => self.decline(
                e.line,
                format!("call of `{class}` (a function building tree nodes is not written yet)"),
            ),
            // Any other node a function holds is a borrow, which is `Copy`
            // (`queue.pop(0)`, `stack[-1]`).
            _ if self.node_class(self.model.ty(e)).is_some() => {
                let have_option = matches!(self.model.ty(e), Ty::Option(_));
                let c = self.expr(e)?;
                match (have_option, optional) {
                    (false, true) => Ok(format!("Some({})", c.text)),
                    (true, false) => self.decline(e.line, "a node that may be None, as a node"),
                    _ => Ok(c.text),
                }
            }
            _ => self.decline(
                e.line,
                "tree node other than a parameter, a field of one or None",
            ),
        }
    }

    /// The name an `if let` bound field `name` of the node `object` holds
    /// to, inside its body (see [`Writer::node_field_if_let`]).
    fn narrowed_field(&self, object: &Expr, name: &str) -> Option<String> {
        let l = self.node_param(object)?;
        self.narrowed_fields
            .iter()
            .rev()
            .find(|(o, f, _)| *o == l && f == name)
            .map(|(_, _, bound)| bound.clone())
    }

    /// `if node.left is not None: body` (or `if node.left:`), without
    /// `elif` or `else`, `node` a node the body does not rebind: `if let
    /// Some(left) = node.left.as_deref() { body }`, the body reading
    /// `node.left` as `left`. Whether it was written so.
    fn node_field_if_let(
        &mut self,
        branches: &[(Expr, Block)],
        orelse: &Block,
        out: &mut Out,
    ) -> Res<bool> {
        let ([(test, body)], true) = (branches, orelse.is_empty()) else {
            return Ok(false);
        };
        let tested = match &test.kind {
            ExprKind::Compare { first, rest } => match rest.as_slice() {
                [(CmpOp::IsNot, r)] if matches!(r.kind, ExprKind::Lit(Lit::None)) => &**first,
                _ => return Ok(false),
            },
            _ => test,
        };
        let ExprKind::Attr { value, name } = &tested.kind else {
            return Ok(false);
        };
        let Some(l) = self.node_param(value) else {
            return Ok(false);
        };
        if !self.holds_node(l) || self.node_class(self.model.ty(tested)).is_none() {
            return Ok(false);
        }
        let local = self.model.scopes.locals[l.0].name.clone();
        let mut rebound = false;
        for_each_stmt(body, true, &mut |s| {
            if let StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } = &s.kind {
                rebound |= binds_name(target, &local);
            }
        });
        if rebound {
            return Ok(false);
        }
        let bound = self.fresh(name);
        let field = self.field(value, name, test.line)?.0;
        out.line(format!(
            "if let Some({bound}) = {field}.{}.as_deref() {{",
            rust_name(name)
        ));
        self.narrowed_fields.push((l, name.clone(), bound));
        let result = self.block(body, out);
        self.narrowed_fields.pop();
        result?;
        out.line("}");
        Ok(true)
    }

    /// `if p is None: <leaves the function>` (or `if not p:`), `p` a node
    /// parameter that may be `None`: `let Some(p) = p else { .. };`, and `p`
    /// is a node for the rest of the function.
    fn node_guard(&mut self, s: &Stmt, out: &mut Out) -> Res<bool> {
        let StmtKind::If { branches, orelse } = &s.kind else {
            return Ok(false);
        };
        let [(test, body)] = branches.as_slice() else {
            return Ok(false);
        };
        if !orelse.is_empty() || !ends_function(body) {
            return Ok(false);
        }
        let tested = match &test.kind {
            ExprKind::Compare { first, rest } => match rest.as_slice() {
                [(CmpOp::Is, r)] if matches!(r.kind, ExprKind::Lit(Lit::None)) => Some(&**first),
                _ => None,
            },
            // A dataclass without methods has no `__bool__` or `__len__`:
            // its objects are true, and `not p` is `p is None`.
            ExprKind::Not(x, _) => Some(&**x),
            _ => None,
        };
        // Parameters only, which are never rebound (declined): a local
        // rebound after the `let Some(..)` would set the shadow.
        let Some(l) = tested
            .and_then(|x| self.node_param(x))
            .filter(|l| self.node_params.contains(l))
        else {
            return Ok(false);
        };
        if self.holds_node(l) {
            return Ok(false);
        }
        let name = rust_name(&self.model.scopes.locals[l.0].name);
        self.let_else(s, &name, body, out)?;
        self.narrowed.insert(l);
        Ok(true)
    }

    /// `let Some(name) = name else { body };`, with the guard `s`'s
    /// comments around it.
    fn let_else(&mut self, s: &Stmt, name: &str, body: &[Stmt], out: &mut Out) -> Res<()> {
        out.rust_comments(&s.comments.before);
        out.line(format!("let Some({name}) = {name} else {{"));
        out.depth += 1;
        for st in body {
            self.statement(st, out)?;
        }
        out.depth -= 1;
        out.line("};");
        out.rust_comments(&s.comments.after);
        Ok(())
    }

    /// `if (x == null) <leaves the function>` (or `if (!x)` of an array
    /// or object), `x` a parameter that may be `None` and that the
    /// function never assigns or changes: `let Some(x) = x else { .. };`,
    /// and `x` is its value for the rest of the function (the reads after
    /// it are typed so, see `analysis::narrow`).
    fn option_guard(&mut self, s: &Stmt, out: &mut Out) -> Res<bool> {
        let StmtKind::If { branches, orelse } = &s.kind else {
            return Ok(false);
        };
        let ([(test, body)], true) = (branches.as_slice(), orelse.is_empty()) else {
            return Ok(false);
        };
        // Only JavaScript's reads are narrowed (`analysis::Shapes::narrows`).
        if self.from != Lang::JavaScript || !ends_function(body) {
            return Ok(false);
        }
        let none = |e: &Expr| matches!(e.kind, ExprKind::Lit(Lit::None));
        let tested = match &test.kind {
            ExprKind::Compare { first, rest } => match rest.as_slice() {
                [(CmpOp::Eq(_) | CmpOp::Is, r)] if none(r) => &**first,
                [(CmpOp::Eq(_) | CmpOp::Is, r)] if none(first) => r,
                _ => return Ok(false),
            },
            ExprKind::Not(x, _) if self.always_true_option(self.model.ty(x)) => &**x,
            _ => return Ok(false),
        };
        let (ExprKind::Name(_), Some(l)) = (&tested.kind, self.local_of(tested.id)) else {
            return Ok(false);
        };
        let local = &self.model.scopes.locals[l.0];
        let option = matches!(self.model.ty(tested), Ty::Option(_))
            && matches!(self.model.local_ty(l), Ty::Option(_));
        if !local.is_param
            || local.stores > 0
            || local.mutated
            || !option
            || self.unwrapped.contains(&l)
            || self.node_params.contains(&l)
        {
            return Ok(false);
        }
        let name = rust_name(&local.name);
        self.let_else(s, &name, body, out)?;
        self.unwrapped.push(l);
        Ok(true)
    }

    /// Whether `t` is an option of a value JavaScript always takes as
    /// true (an array, an object): its truth is that it is there.
    fn always_true_option(&self, t: &Ty) -> bool {
        matches!(t, Ty::Option(x) if matches!(**x, Ty::List(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Tuple(_) | Ty::Class(_)))
    }

    /// The line of the first store into a field of a tree node (or into
    /// a part of one).
    fn changes_a_node(&self, f: &Function) -> Option<usize> {
        let mut found = None;
        for_each_stmt(&f.body, true, &mut |s| {
            if let StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } = &s.kind {
                let mut roots = Vec::new();
                target_roots(target, &mut roots);
                let node = roots.iter().any(|r| {
                    let t = match self.local_of(r.id) {
                        Some(l) => self.model.local_ty(l),
                        None => self.model.ty(r),
                    };
                    self.node_class(t).is_some()
                });
                if node && found.is_none() {
                    found = Some(s.line);
                }
            }
        });
        found
    }

    /// `if p is not None and q is not None and rest: body` (or `if p and
    /// ...`), without `elif` or `else`, `p` and `q` node parameters that
    /// may be `None`: `if let (Some(p), Some(q)) = (p, q) { if rest { body }
    /// }`, the body reading them as nodes. Whether it was written so.
    fn node_if_let(
        &mut self,
        branches: &[(Expr, Block)],
        orelse: &Block,
        out: &mut Out,
    ) -> Res<bool> {
        let ([(test, body)], true) = (branches, orelse.is_empty()) else {
            return Ok(false);
        };
        let conjuncts: Vec<&Expr> = match &test.kind {
            ExprKind::Logic {
                op: LogicOp::And,
                operands,
                ..
            } => operands.iter().collect(),
            _ => vec![test],
        };
        let mut bound: Vec<LocalId> = Vec::new();
        for c in &conjuncts {
            let tested = match &c.kind {
                ExprKind::Compare { first, rest } => match rest.as_slice() {
                    [(CmpOp::IsNot, r)] if matches!(r.kind, ExprKind::Lit(Lit::None)) => {
                        Some(&**first)
                    }
                    _ => None,
                },
                ExprKind::Name(_) => Some(*c),
                _ => None,
            };
            // Parameters only, as for `node_guard`.
            match tested.and_then(|x| self.node_param(x)) {
                Some(l)
                    if self.node_params.contains(&l)
                        && !self.holds_node(l)
                        && !bound.contains(&l) =>
                {
                    bound.push(l)
                }
                _ => break,
            }
        }
        if bound.is_empty() {
            return Ok(false);
        }
        let names: Vec<String> = bound
            .iter()
            .map(|l| rust_name(&self.model.scopes.locals[l.0].name))
            .collect();
        let somes: Vec<String> = names.iter().map(|n| format!("Some({n})")).collect();
        if names.len() == 1 {
            out.line(format!("if let {} = {} {{", somes[0], names[0]));
        } else {
            out.line(format!(
                "if let ({}) = ({}) {{",
                somes.join(", "),
                names.join(", ")
            ));
        }
        let before = self.narrowed.clone();
        self.narrowed.extend(bound.iter().copied());
        let rest = &conjuncts[bound.len()..];
        let result = if rest.is_empty() {
            self.block(body, out)
        } else {
            out.depth += 1;
            let mut parts = Vec::new();
            for c in rest {
                let code = self.cond(c)?;
                parts.push(wrap_prec(&code, AND + 1));
            }
            out.line(format!("if {} {{", parts.join(" && ")));
            let r = self.block(body, out);
            out.line("}");
            out.depth -= 1;
            r
        };
        self.narrowed = before;
        result?;
        out.line("}");
        Ok(true)
    }

    /// A read of a parameter that may be `None` where it is known present
    /// (typed as the option's item, see `analysis::narrow`): the binding a
    /// `let Some(..) = .. else` made, or the option unwrapped (which
    /// panics where the source raised, dereferencing the empty value).
    fn present_read(&self, l: LocalId, t: &Ty) -> Option<Code> {
        let Ty::Option(item) = self.model.local_ty(l) else {
            return None;
        };
        if matches!(t, Ty::Option(_)) {
            return None;
        }
        let name = rust_name(&self.model.scopes.locals[l.0].name);
        if self.unwrapped.contains(&l) {
            return Some(Code::new(name, ATOM, Form::Place));
        }
        Some(if is_copy(item) {
            Code::temp(format!("{name}.unwrap()"), ATOM)
        } else {
            Code::new(format!("(*{name}.as_ref().unwrap())"), ATOM, Form::Place)
        })
    }

    fn local_of(&self, id: super::super::ir::ExprId) -> Option<LocalId> {
        self.model.scopes.local_id(id)
    }

    // ----- functions and statements -----

    fn function(
        &mut self,
        f: &Function,
        signature: Option<&RustSignature>,
        top: bool,
        out: &mut Out,
    ) -> Res<()> {
        super::check_defaults_fresh(f)?;
        if self.from == Lang::Python {
            super::check_late_binding(f)?;
        }
        let mut params = Vec::new();
        let mut prologue = Vec::new();
        // Rust has no variadic functions; a slice would need every call to
        // be rewritten, which calls from other units are not.
        if let Some(p) = f.params.iter().find(|p| p.passing == Passing::Rest) {
            return self.decline(p.line, format!("`*{}` (variadic parameter)", p.name));
        }
        let receiver = self.receiver;
        if !top {
            self.nested_without_vars(f)?;
        }
        if let Some(r) = receiver {
            if self.model.scopes.locals[r.local.0].stores > 0 {
                return self.decline(f.line, "rebinding the receiver");
            }
            match (r.kind, r.changes) {
                (MethodKind::Constructor, _) => {}
                (_, true) => params.push("&mut self".to_string()),
                (_, false) => params.push("&self".to_string()),
            }
        }
        self.changed_objects = changed_objects(f, self.model, self.classes);
        if let Some(line) = self.changes_a_node(f) {
            return self.decline(
                line,
                "change to a tree node (its parameter is borrowed; Python shares the node with the caller)",
            );
        }
        if top && signature.is_some() {
            self.signed = Some(f.name.clone());
        }
        if top {
            self.changed = changed_in_place(f, self.model);
            // A target signature says how each parameter is taken.
            self.given_back = match signature {
                Some(_) => HashSet::new(),
                None => {
                    rust_given_back::given_back(f, self.model, &self.changed, receiver.is_some())
                }
            };
        }
        self.lent.extend(self.lent_locals(f));
        self.shared_then_used
            .extend(shared_then_used(f, self.model, &self.changed));
        if top {
            self.handoffs = handoffs(f);
        }
        for (i, p) in f.params.iter().enumerate() {
            if receiver.is_some() && i == 0 {
                continue;
            }
            // Rust has no default arguments: the function takes every
            // parameter, and the unit's calls pass the defaults they leave
            // out (`super::rust_calls`).
            let Some(l) = self.local_of(p.id) else {
                return self.decline(p.line, format!("parameter `{}`", p.name));
            };
            let local = &self.model.scopes.locals[l.0];
            if local.captured_by_function {
                return self.decline(p.line, format!("`{}` used by a nested function", p.name));
            }
            let ty = self.model.local_ty(l).clone();
            if !ty.is_known() && signature.is_none() {
                return self.decline(
                    p.line,
                    format!("parameter `{}` whose type is unknown ({ty})", p.name),
                );
            }
            // A list given back may be changed only by the functions it
            // is lent to.
            let changes = local.stores > 0 || local.mutated || self.given_back.contains(&l);
            if let (None, Some(c)) = (signature, self.node_class(&ty)) {
                if local.stores > 0 {
                    return self.decline(
                        p.line,
                        format!("parameter `{}` holding a tree node rebound", p.name),
                    );
                }
                let class = &self.classes[c].name;
                let written = match ty {
                    Ty::Option(_) => format!("Option<&{class}>"),
                    _ => format!("&{class}"),
                };
                self.declared.insert(l.0, true);
                self.node_params.insert(l);
                params.push(format!("{}: {written}", rust_name(&p.name)));
                continue;
            }
            // Python's caller sees a list, dict or set its argument
            // changed in place; a Rust function that took the value would
            // own a copy the caller never sees (`fn add_one(mut xs:
            // Vec<i64>) { xs.push(1); }` did nothing for it), so it takes
            // `&mut`. A target signature that takes it by value says that
            // is the contract wanted.
            if signature.is_none() && self.lends_mut(&f.name, l) {
                if receiver.is_some() || local.stores > 0 || returns_name(&f.body, &p.name) {
                    return self.decline(
                        p.line,
                        format!(
                            "parameter `{}` changed in place and rebound, returned, or of a \
                             method (Python's caller sees the list itself)",
                            p.name
                        ),
                    );
                }
                let written = self.ty(&ty, p.line)?;
                self.declared.insert(l.0, true);
                self.mut_params.insert(l);
                params.push(format!("{}: &mut {written}", rust_name(&p.name)));
                continue;
            }
            // A parameter the body calls (see `analysis::generics`).
            if let (Ty::Func(ps, r), None) = (&ty, signature) {
                if local.stores > 0 {
                    return self
                        .decline(p.line, format!("function parameter `{}` rebound", p.name));
                }
                let written = self.fn_param_type(ps, r, p.line)?;
                self.declared.insert(l.0, true);
                params.push(format!("{}: {written}", rust_name(&p.name)));
                continue;
            }
            let name = rust_name(&p.name);
            let written = match signature.and_then(|s| s.params.get(i)) {
                Some(sp) => sp.written.clone(),
                None => self.ty(&ty, p.line)?,
            };
            self.declared.insert(l.0, true);
            if p.default
                .as_ref()
                .is_some_and(|d| matches!(d.kind, ExprKind::Lit(Lit::None)))
            {
                self.none_defaults.push(l);
            }
            if signature
                .and_then(|s| s.params.get(i))
                .is_some_and(|sp| sp.borrowed_items)
            {
                // The body works on owned strings, as for a `Vec<String>`.
                params.push(format!("{name}: {written}"));
                let m = if changes { "mut " } else { "" };
                prologue.push(format!(
                    "let {m}{name}: Vec<String> = {name}.iter().map(|s| s.to_string()).collect();"
                ));
                continue;
            }
            match (p.passing, changes) {
                (Passing::Owned, false) => params.push(format!("{name}: {written}")),
                (Passing::Owned, true) => params.push(format!("mut {name}: {written}")),
                (Passing::Borrowed, changes) => {
                    params.push(format!("{name}: {written}"));
                    let m = if changes { "mut " } else { "" };
                    if is_copy(&ty) {
                        prologue.push(format!("let {m}{name} = *{name};"));
                    } else if ty == Ty::Str && !changes {
                        self.borrowed_str.push(l);
                    } else if ty == Ty::Str {
                        prologue.push(format!("let {m}{name} = {name}.to_string();"));
                    } else if changes {
                        prologue.push(format!("let {m}{name} = {name}.clone();"));
                    }
                }
                // Declined above, before any parameter is written.
                (Passing::Rest, _) => {
                    return self.decline(p.line, format!("`*{}` (variadic parameter)", p.name))
                }
            }
        }
        // A generator is an iterator (see `rust_generator`): a function
        // of its own, not a method or a nested function, that the target
        // signature does not type.
        let generator = is_generator(f);
        if generator && (!top || receiver.is_some() || signature.is_some()) {
            return self.decline(f.line, "generator nested, a method, or given a signature");
        }
        let ret_written = match signature {
            Some(s) => s.ret.as_ref().map(|(_, w)| w.clone()),
            None => {
                let r = self
                    .model
                    .types
                    .returns
                    .get(&f.name)
                    .cloned()
                    .unwrap_or(Ty::Unit);
                if r == Ty::Unit {
                    None
                } else if let (Ty::Iter(item), true) = (&r, generator) {
                    // The closure moves the parameters in; one that is a
                    // reference (a list changed in place) is borrowed
                    // while the iterator lives.
                    let lent = params.iter().filter(|p| p.contains('&')).count();
                    if lent > 1 || self.holds_a_node(item) {
                        return self.decline(
                            f.line,
                            "generator borrowing more than one parameter or a tree node",
                        );
                    }
                    let bound = if lent == 1 { " + '_" } else { "" };
                    Some(format!(
                        "impl Iterator<Item = {}>{bound}",
                        self.ty(item, f.line)?
                    ))
                } else if self.holds_a_node(&r) {
                    return self.decline(
                        f.line,
                        format!(
                            "`{}` returning a tree node (it would need to be owned)",
                            f.name
                        ),
                    );
                } else if let Some(w) = self.closure_type(&r, f.line)? {
                    Some(w)
                } else {
                    Some(self.ty(&r, f.line)?)
                }
            }
        };
        let ret_ty = match &ret_written {
            None => Ty::Unit,
            Some(_) => match signature.and_then(|s| s.ret.as_ref()) {
                Some(_) => f.ret.clone(),
                None => self
                    .model
                    .types
                    .returns
                    .get(&f.name)
                    .cloned()
                    .unwrap_or(Ty::Unit),
            },
        };
        if !ret_ty.is_known() {
            return self.decline(f.line, format!("`{}` whose return type is unknown", f.name));
        }
        let public = if self.in_impl { "pub " } else { "" };
        let constructor = receiver.is_some_and(|r| r.kind == MethodKind::Constructor);
        let name = if constructor {
            "new".to_string()
        } else {
            rust_name(&f.name)
        };
        let header = match &ret_written {
            _ if constructor => format!("pub fn new({}) -> Self {{", params.join(", ")),
            Some(r) => format!("{public}fn {name}({}) -> {r} {{", params.join(", ")),
            None => format!("{public}fn {name}({}) {{", params.join(", ")),
        };
        out.rust_comments(&f.comments);
        let header_at = out.lines.len();
        out.line(header);
        out.depth += 1;
        for p in prologue {
            out.line(p);
        }
        if constructor {
            self.constructor_body(f, out)?;
            out.depth -= 1;
            out.line("}");
            return Ok(());
        }
        // Without a target signature, Python's own types are the contract:
        // an int the Rust float would change is declined (a target that
        // declares the float asks for the conversion).
        if signature.is_none() && self.from == Lang::Python {
            if let Some((line, what)) =
                super::rust_numbers::int_kept_as_float(f, self.model, &ret_ty)
            {
                return self.decline(line, what);
            }
        }
        if let (true, Ty::Iter(item)) = (generator, &ret_ty) {
            self.ret.push(ret_ty.clone());
            let saved_loops = std::mem::take(&mut self.loops);
            let written = self.generator_body(f, item, out);
            self.generator = None;
            self.loops = saved_loops;
            self.ret.pop();
            written?;
            out.depth -= 1;
            out.line("}");
            return self.generic_header(f, &name, &ret_ty, out, header_at);
        }
        // Locals whose first store does not dominate their uses are
        // declared here, at the top, with a neutral value.
        let hoisted = hoisted_locals(f, self.model);
        for l in hoisted {
            let local = &self.model.scopes.locals[l.0];
            let ty = self.model.local_ty(l).clone();
            let init = self.neutral(&ty, f.line)?;
            out.line(format!(
                "let mut {}: {} = {init};",
                rust_name(&local.name),
                self.ty(&ty, f.line)?
            ));
            self.declared.insert(l.0, true);
        }
        self.ret.push(ret_ty.clone());
        let saved_loops = std::mem::take(&mut self.loops);
        let existing = self.note_existing(&f.body);
        let n = f.body.len();
        for (i, s) in f.body.iter().enumerate() {
            let last = i + 1 == n;
            if self.node_guard(s, out)? || self.option_guard(s, out)? {
                continue;
            }
            // The last statement's value is the function's.
            let (StmtKind::Return(Some(v)), true) = (&s.kind, last) else {
                self.statement(s, out)?;
                continue;
            };
            out.rust_comments(&s.comments.before);
            // A local's value can move out at the end: nothing borrows it
            // any more.
            let moved = match &v.kind {
                ExprKind::Name(_) if self.model.ty(v) == &ret_ty => self
                    .local_of(v.id)
                    .filter(|l| {
                        // A borrowed parameter is a reference still.
                        let local = &self.model.scopes.locals[l.0];
                        let borrowed = f.params.iter().any(|p| {
                            p.passing == Passing::Borrowed && self.local_of(p.id) == Some(*l)
                        });
                        // An option's value read in place is borrowed.
                        let in_option = matches!(self.model.local_ty(*l), Ty::Option(_))
                            && !self.unwrapped.contains(l);
                        !(in_option || (borrowed && local.stores == 0 && !local.mutated))
                    })
                    .map(|_| self.expr(v))
                    .transpose()?
                    .map(|c| c.text),
                _ => None,
            };
            let code = match moved {
                Some(code) => code,
                None => match self.returned_closure(v, &ret_ty)? {
                    Some(code) => code,
                    None => self.value(v, &ret_ty)?,
                },
            };
            out.line(code);
            out.rust_comments(&s.comments.after);
        }
        self.existing.truncate(existing);
        if ret_ty != Ty::Unit && !ends_function(&f.body) {
            // Python returns `None` where the body ends without `return`.
            if matches!(ret_ty, Ty::Option(_)) {
                out.line("None");
            } else {
                out.line("unreachable!(\"the Python function returns None here\")");
            }
        }
        self.loops = saved_loops;
        self.ret.pop();
        out.depth -= 1;
        out.line("}");
        if top {
            self.generic_header(f, &name, &ret_ty, out, header_at)?;
        }
        Ok(())
    }

    /// The body of the generator `f`, yielding `item`s: its locals, a
    /// state, and the iterator (see [`rust_generator`]).
    fn generator_body(&mut self, f: &Function, item: &Ty, out: &mut Out) -> Res<()> {
        let shape = match rust_generator::shape(&f.body) {
            Ok(shape) => shape,
            Err((line, what)) => return self.decline(line, what),
        };
        // Every local lives across the items: declared before the closure
        // that moves them in, with a neutral value until stored.
        let mut stored = Vec::new();
        for_each_stmt(&f.body, false, &mut |s| match &s.kind {
            StmtKind::Assign { target, .. }
            | StmtKind::AugAssign { target, .. }
            | StmtKind::For { target, .. } => target_locals(target, self.model, &mut stored),
            _ => {}
        });
        for l in stored {
            if self.declared.contains_key(&l.0) {
                continue;
            }
            let ty = self.model.local_ty(l).clone();
            // A value of a type variable is its `Default` until stored.
            let mut vars = Vec::new();
            super::super::analysis::generics::vars_in(&ty, &mut vars);
            let init = match self.neutral(&ty, f.line) {
                Err(_) if !vars.is_empty() => {
                    self.bounds.need(&ty, Bound::Default);
                    "Default::default()".to_string()
                }
                init => init?,
            };
            let name = rust_name(&self.model.scopes.locals[l.0].name);
            out.line(format!(
                "let mut {name}: {} = {init};",
                self.ty(&ty, f.line)?
            ));
            self.declared.insert(l.0, true);
        }
        let state = self.fresh("state");
        let done = shape.yields.len() + 1;
        let after_loop = done + 1;
        let finish = format!("{{ {state} = {done}; return None; }}");
        let loop_end = if shape.post.is_empty() {
            finish.clone()
        } else {
            format!("{{ {state} = {after_loop}; continue 'run; }}")
        };
        out.line(format!("let mut {state}: usize = 0;"));
        // The loop's head: the next item of a `for` (its iterable made
        // when the loop starts) or the test of a `while`.
        let mut start = None;
        let mut head = Vec::new();
        let mut body: &Block = &Vec::new();
        match shape.looped.map(|l| (l, &l.kind)) {
            None => {}
            Some((_, StmtKind::While { test, body: b })) => {
                if !matches!(test.kind, ExprKind::Lit(Lit::Bool(true))) {
                    head.push(format!("if !({}) {loop_end}", self.cond(test)?));
                }
                body = b;
            }
            Some((
                l,
                StmtKind::For {
                    target,
                    iter,
                    body: b,
                    ..
                },
            )) => {
                let line = l.line;
                let mut iterated = Vec::new();
                iterated_names(iter, self.model, &mut iterated);
                if iterated.iter().any(|l| mutates_in(b, *l, self.model)) {
                    return self.decline(line, "loop that changes the list it iterates");
                }
                let item = self.model.ty(iter).item().unwrap_or(Ty::Unknown);
                self.item_changed(target, iter, &item, line)?;
                // The items of a list or string are taken when the loop
                // starts: nothing changes it while the loop runs (the
                // generator owns it, or borrows it from its caller).
                let items = match &iter.kind {
                    ExprKind::Builtin {
                        op: Builtin::Range,
                        args,
                        ..
                    } => self.range(args, line)?.at(ATOM),
                    _ if self.materialised(iter) => {
                        let c = self.iter(iter)?;
                        format!("{}.collect::<Vec<_>>().into_iter()", c.at(ATOM))
                    }
                    _ => {
                        return self.decline(
                            line,
                            "generator looping over other than a range, list or string",
                        )
                    }
                };
                let pat = match target {
                    Target::Name { .. } => self.target_names(target, line)?,
                    Target::Tuple(ts) if ts.iter().all(|t| matches!(t, Target::Name { .. })) => {
                        self.target_names(target, line)?
                    }
                    _ => return self.decline(line, "generator's loop target"),
                };
                let it = self.fresh("items");
                let next = self.fresh("next");
                out.line(format!("let mut {it} = None;"));
                head.push(format!(
                    "let Some({next}) = {it}.as_mut().and_then(|i: &mut _| Iterator::next(i)) else {loop_end};"
                ));
                head.push(format!("{pat} = {next};"));
                start = Some(format!("{it} = Some({items});"));
                body = b;
            }
            Some((l, _)) => return self.decline(l.line, "generator's loop"),
        }
        self.generator = Some(Generator {
            state: state.clone(),
            yields: shape.yields.iter().map(|r| r.at as *const Stmt).collect(),
            item: item.clone(),
            resuming: false,
            finish: finish.clone(),
            loop_end,
            rebound: shape.yields.iter().map(|r| self.rebound_after(r)).collect(),
        });
        // What ends the statements before the loop: its start, or the end.
        let end_of_pre = match (&shape.looped, start) {
            (None, _) => Some(finish.clone()),
            (Some(_), start) => start,
        };
        let outer = shape.looped.is_some() && !shape.post.is_empty();
        out.line("std::iter::from_fn(move || {");
        out.depth += 1;
        if outer {
            out.line("'run: loop {");
            out.depth += 1;
        }
        out.line(format!("match {state} {{"));
        out.depth += 1;
        out.line("0 => {");
        out.depth += 1;
        for s in shape.pre {
            self.statement(s, out)?;
        }
        if let Some(l) = &end_of_pre {
            out.line(l.clone());
        }
        out.depth -= 1;
        out.line("}");
        for (k, r) in shape.yields.iter().enumerate() {
            let in_loop = r.part == rust_generator::Part::Loop;
            if in_loop {
                out.line(format!("{} => 'resume: {{", k + 1));
                self.loops.push(Some(GENERATOR_LOOP.to_string()));
            } else {
                out.line(format!("{} => {{", k + 1));
            }
            out.depth += 1;
            if let Some(g) = self.generator.as_mut() {
                g.resuming = in_loop;
            }
            for s in r.after.iter().flat_map(|b| b.iter()) {
                self.statement(s, out)?;
            }
            match r.part {
                rust_generator::Part::Pre => {
                    if let Some(l) = &end_of_pre {
                        out.line(l.clone());
                    }
                }
                rust_generator::Part::Loop => {
                    self.loops.pop();
                }
                rust_generator::Part::Post => out.line(finish.clone()),
            }
            out.depth -= 1;
            out.line("}");
        }
        if let Some(g) = self.generator.as_mut() {
            g.resuming = false;
        }
        if outer {
            out.line(format!("{after_loop} => {{"));
            out.depth += 1;
            for s in shape.post {
                self.statement(s, out)?;
            }
            out.line(finish.clone());
            out.depth -= 1;
            out.line("}");
        }
        out.line("_ => return None,");
        out.depth -= 1;
        out.line("}");
        if shape.looped.is_some() {
            out.line("loop {");
            out.depth += 1;
            for h in head {
                out.line(h);
            }
            out.depth -= 1;
            self.loops.push(Some(GENERATOR_LOOP.to_string()));
            self.block(body, out)?;
            self.loops.pop();
            out.line("}");
        } else {
            // Every arm above has returned.
            out.line("#[allow(unreachable_code)]");
            out.line("None");
        }
        if outer {
            out.depth -= 1;
            out.line("}");
        }
        out.depth -= 1;
        out.line("})");
        Ok(())
    }

    /// Whether the `yield` of `r` yields a name that the statement after
    /// it binds anew.
    fn rebound_after(&self, r: &rust_generator::Resume) -> bool {
        let StmtKind::Yield { value, .. } = &r.at.kind else {
            return false;
        };
        let next = r.after.iter().flat_map(|b| b.iter()).next();
        match (self.local_of(value.id), next.map(|s| &s.kind)) {
            (
                Some(l),
                Some(StmtKind::Assign {
                    target: Target::Name { id, .. },
                    ..
                }),
            ) => self.model.scopes.local_id(*id) == Some(l),
            _ => false,
        }
    }

    /// Whether Python has every item of `e` when a loop over it starts
    /// (a list or string, a `range`, or `enumerate`, `zip` or `reversed`
    /// of those), so taking them then is the same as reading them one by
    /// one: nothing changes the list while the loop runs.
    fn materialised(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Builtin {
                op: Builtin::Range, ..
            } => true,
            ExprKind::Builtin {
                op: Builtin::Enumerate | Builtin::Zip | Builtin::Reversed,
                args,
                ..
            } => match args.split_first() {
                Some((first, rest)) => {
                    self.materialised(first)
                        && rest
                            .iter()
                            .all(|a| self.materialised(a) || self.model.ty(a).is_int())
                }
                None => false,
            },
            _ => matches!(self.model.ty(e), Ty::List(_) | Ty::Str),
        }
    }

    /// A loop target of names as an assignment's left side: `x`, `(i, x)`.
    fn target_names(&self, t: &Target, line: usize) -> Res<String> {
        match t {
            Target::Name { name, .. } => Ok(rust_name(name)),
            Target::Tuple(ts) => {
                let parts: Res<Vec<String>> =
                    ts.iter().map(|t| self.target_names(t, line)).collect();
                Ok(format!("({})", parts?.join(", ")))
            }
            _ => self.decline(line, "generator's loop target"),
        }
    }

    /// A statement of a generator's body that it writes its own way
    /// (see [`Generator`]), if `s` is one; `false` for any other.
    fn generator_statement(&mut self, s: &Stmt, out: &mut Out) -> Res<bool> {
        let Some(g) = &self.generator else {
            return Ok(false);
        };
        let state = g.state.clone();
        let own_loop = self.loops.last().cloned().flatten().as_deref() == Some(GENERATOR_LOOP);
        match &s.kind {
            StmtKind::Yield { value, .. } => {
                let Some(k) = g.yields.iter().position(|y| std::ptr::eq(*y, s)) else {
                    return self.decline(s.line, "`yield` of a generator of another shape");
                };
                let item = g.item.clone();
                // Python's consumer gets the very list (dict, set) the
                // generator holds, Rust's a copy: only one the generator
                // binds anew right after (`yield buf` then `buf = []`),
                // or a new one, is the same.
                let place = matches!(
                    value.kind,
                    ExprKind::Name(_) | ExprKind::Index { .. } | ExprKind::Attr { .. }
                );
                let rebound = self.local_of(value.id).is_some() && g.rebound[k];
                if place && holds_container(&item) && !rebound {
                    return self.decline(
                        s.line,
                        "`yield` of a list, dict or set the generator keeps (Python's consumer shares it)",
                    );
                }
                // Python keeps an int where the Rust item would be a float.
                if matches!(item, Ty::Float(_)) && !matches!(self.model.ty(value), Ty::Float(_)) {
                    return self.decline(s.line, "int yielded where the items are floats");
                }
                let mut code = self.value(value, &item)?;
                // The closure keeps its locals for the next item.
                if !is_copy(&item) && is_simple(&code) && !code.contains('(') {
                    code = format!("{code}.clone()");
                }
                out.line(format!("{state} = {};", k + 1));
                out.line(format!("return Some({code});"));
            }
            StmtKind::Return(None) => out.line(g.finish.clone()),
            StmtKind::Break if own_loop => out.line(g.loop_end.clone()),
            StmtKind::Continue if own_loop && g.resuming => out.line("break 'resume;"),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Writes the generic parameter list into the header of `f` (at
    /// `header_at` in `out`), now that the body says which bounds its type
    /// variables need.
    fn generic_header(
        &mut self,
        f: &Function,
        name: &str,
        ret: &Ty,
        out: &mut Out,
        at: usize,
    ) -> Res<()> {
        let mut tys: Vec<Ty> = f
            .params
            .iter()
            .filter_map(|p| self.local_of(p.id))
            .map(|l| self.model.local_ty(l).clone())
            .collect();
        tys.push(ret.clone());
        let copies = out.lines[at..]
            .iter()
            .any(|(_, l)| l.contains(".clone()") || l.contains(".cloned()"));
        let vars = std::mem::take(&mut self.bounds).resolve(&tys, self.model, copies);
        if self.from == Lang::JavaScript {
            if let Some((var, bound)) = vars.compared() {
                return self.decline(
                    f.line,
                    format!(
                        "a value of any type ({var}) that needs `{}` (JavaScript compares, \
                         orders and hashes objects by identity or as text)",
                        bound.name()
                    ),
                );
            }
        }
        let list = vars.parameter_list();
        if list.is_empty() {
            return Ok(());
        }
        if let Some((_, line)) = out.lines.get_mut(at) {
            let head = format!("fn {name}(");
            *line = line.replacen(&head, &format!("fn {name}{list}("), 1);
        }
        Ok(())
    }

    /// A nested function is a Rust `fn` item, which cannot name its
    /// enclosing function's generic parameters.
    fn nested_without_vars(&self, f: &Function) -> Res<()> {
        let mut vars = Vec::new();
        for p in &f.params {
            if let Some(l) = self.local_of(p.id) {
                super::super::analysis::generics::vars_in(self.model.local_ty(l), &mut vars);
            }
        }
        if let Some(r) = self.model.types.returns.get(&f.name) {
            super::super::analysis::generics::vars_in(r, &mut vars);
        }
        match vars.first() {
            Some(v) => self.decline(
                f.line,
                format!(
                    "nested function `{}` over a value of type variable {v}",
                    f.name
                ),
            ),
            None => Ok(()),
        }
    }

    /// A value of type `t` that a hoisted local starts with.
    fn neutral(&self, t: &Ty, line: usize) -> Res<String> {
        Ok(match t {
            Ty::Int(_) => "0".into(),
            Ty::Float(_) => "0.0".into(),
            Ty::Bool => "false".into(),
            Ty::Char => "'\\0'".into(),
            Ty::Str => "String::new()".into(),
            Ty::Option(_) => "None".into(),
            Ty::List(_) => "Vec::new()".into(),
            Ty::Set(_) | Ty::Dict(..) => "Default::default()".into(),
            Ty::Tuple(ts) => {
                let parts: Res<Vec<String>> = ts.iter().map(|t| self.neutral(t, line)).collect();
                format!("({},)", parts?.join(", "))
            }
            other => return self.decline(line, format!("local of type {other}")),
        })
    }

    fn block(&mut self, b: &Block, out: &mut Out) -> Res<()> {
        out.depth += 1;
        let mark = self.note_existing(b);
        let written = b.iter().try_for_each(|s| self.statement(s, out));
        self.existing.truncate(mark);
        written?;
        out.depth -= 1;
        Ok(())
    }

    /// From JavaScript, notes the stores of `b` at elements that exist
    /// (see [`Writer::existing`]); returns the mark to truncate back to
    /// once `b` is written.
    fn note_existing(&mut self, b: &Block) -> usize {
        let mark = self.existing.len();
        if self.from == Lang::JavaScript {
            self.existing.extend(
                (0..b.len())
                    .filter(|&k| stores::element_exists(b, k))
                    .map(|k| &b[k] as *const Stmt),
            );
        }
        mark
    }

    /// A statement, with the comments around it.
    fn statement(&mut self, s: &Stmt, out: &mut Out) -> Res<()> {
        out.rust_comments(&s.comments.before);
        self.statement_code(s, out)?;
        out.rust_comments(&s.comments.after);
        Ok(())
    }

    fn statement_code(&mut self, s: &Stmt, out: &mut Out) -> Res<()> {
        let line = s.line;
        if self.generator_statement(s, out)? {
            return Ok(());
        }
        match &s.kind {
            StmtKind::Assign { target, value } => {
                // JavaScript's store at an array's length appends.
                let grows = self.from == Lang::JavaScript
                    && !self.existing.iter().any(|e| std::ptr::eq(*e, s));
                self.assign(target, value, grows, line, out)?
            }
            StmtKind::AugAssign { target, op, value } => {
                self.aug_assign(target, *op, value, line, out)?
            }
            StmtKind::If { branches, orelse } if self.node_if_let(branches, orelse, out)? => {}
            StmtKind::If { branches, orelse }
                if self.node_field_if_let(branches, orelse, out)? => {}
            StmtKind::If { branches, orelse } => {
                // A branch whose test is known false is left out; one known
                // true ends the chain as its `else`.
                let mut live = Vec::new();
                let mut orelse = orelse;
                for (test, body) in branches {
                    match self.known_truth(test) {
                        Some(false) => {}
                        Some(true) => {
                            orelse = body;
                            break;
                        }
                        None => live.push((test, body)),
                    }
                }
                if live.is_empty() {
                    return self.block(orelse, out);
                }
                for (i, (test, body)) in live.into_iter().enumerate() {
                    let c = self.cond(test)?;
                    if i == 0 {
                        out.line(format!("if {c} {{"));
                    } else {
                        out.line(format!("}} else if {c} {{"));
                    }
                    self.block(body, out)?;
                }
                if !orelse.is_empty() {
                    out.line("} else {");
                    self.block(orelse, out)?;
                }
                out.line("}");
            }
            StmtKind::While { test, body } => {
                if matches!(test.kind, ExprKind::Lit(Lit::Bool(true))) {
                    out.line("loop {");
                } else {
                    let c = self.cond(test)?;
                    out.line(format!("while {c} {{"));
                }
                self.loops.push(None);
                self.block(body, out)?;
                self.loops.pop();
                out.line("}");
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let mut iterated = Vec::new();
                iterated_names(iter, self.model, &mut iterated);
                if iterated.iter().any(|l| mutates_in(body, *l, self.model)) {
                    return self.decline(line, "loop that changes the list it iterates");
                }
                let item = self.model.ty(iter).item().unwrap_or(Ty::Unknown);
                self.item_changed(target, iter, &item, line)?;
                let it = self.iter(iter)?;
                let mut carry = Vec::new();
                let pat = self.pattern(target, &item, line, &mut carry)?;
                let label = if orelse.is_empty() {
                    None
                } else {
                    self.labels += 1;
                    let label = format!("'for_else{}", self.labels);
                    out.line(format!("{label}: {{"));
                    out.depth += 1;
                    Some(label)
                };
                out.line(format!("for {pat} in {} {{", it.text));
                self.loops.push(label.clone());
                out.depth += 1;
                for c in carry {
                    out.line(c);
                }
                out.depth -= 1;
                self.block(body, out)?;
                self.loops.pop();
                out.line("}");
                if label.is_some() {
                    for s in orelse {
                        self.statement(s, out)?;
                    }
                    out.depth -= 1;
                    out.line("}");
                }
            }
            StmtKind::Return(v) => {
                let ret = self.ret.last().cloned().unwrap_or(Ty::Unit);
                match v {
                    None if ret == Ty::Unit => out.line("return;"),
                    None => {
                        if matches!(ret, Ty::Option(_)) {
                            out.line("return None;");
                        } else {
                            return self
                                .decline(line, "`return` without a value where one is returned");
                        }
                    }
                    // A list given back moves out: nothing runs after.
                    Some(v)
                        if self
                            .local_of(v.id)
                            .is_some_and(|l| self.given_back.contains(&l)) =>
                    {
                        let code = self.expr(v)?;
                        out.line(format!("return {};", code.text));
                    }
                    Some(v) => {
                        let code = match self.returned_closure(v, &ret)? {
                            Some(code) => code,
                            None => self.value(v, &ret)?,
                        };
                        out.line(format!("return {code};"));
                    }
                }
            }
            StmtKind::Break => match self.loops.last() {
                Some(Some(label)) => out.line(format!("break {label};")),
                _ => out.line("break;"),
            },
            StmtKind::Continue => out.line("continue;"),
            StmtKind::Pass => {}
            StmtKind::Expr(e) => {
                let code = self.statement_expr(e)?;
                out.line(format!("{code};"));
            }
            // A closure that assigns its enclosing function's variable
            // would borrow it mutably for as long as the closure lives.
            StmtKind::Def(f) if !f.nonlocal.is_empty() => {
                return self.decline(line, "nested function assigning a variable around it")
            }
            StmtKind::Def(f) => {
                let saved = std::mem::take(&mut self.borrowed_str);
                self.function(f, None, false, out)?;
                self.borrowed_str = saved;
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => self.lookup_try(body, handlers, orelse, finally, line, out)?,
            StmtKind::Fail { message, .. } => match message {
                Some(m) => out.line(format!("panic!({:?});", m)),
                None => out.line("panic!();"),
            },
            StmtKind::Assert(test, message) => {
                let c = self.cond(test)?;
                match message {
                    // Braces doubled: the message is a format string.
                    Some(m) => out.line(format!(
                        "assert!({c}, {:?});",
                        m.replace('{', "{{").replace('}', "}}")
                    )),
                    None => out.line(format!("assert!({c});")),
                }
            }
            // Rust has no generators in stable; an iterator struct per
            // generator is not written yet.
            StmtKind::Yield { .. } => return self.decline(line, "`yield` (generator)"),
        }
        Ok(())
    }

    /// Whether `x is None` holds, where `x` is a name whose type is known
    /// and cannot hold `None`: never. The Rust signature cannot take a
    /// `None` there, so the test is a constant (Python code often guards
    /// an annotated `s: str` with `if s is None`).
    fn none_test_of_value(&self, x: &Expr, xt: &Ty) -> Option<bool> {
        // A type variable may stand for an `Option` the caller passes.
        let plain = xt.is_known() && !matches!(xt, Ty::Option(_) | Ty::Unit | Ty::Var(_));
        let name = matches!(x.kind, ExprKind::Name(_))
            && self
                .local_of(x.id)
                .is_none_or(|l| !self.none_defaults.contains(&l));
        (plain && name).then_some(false)
    }

    /// The value of a test built only of `is None`/`is not None` on values
    /// that cannot be `None` (with `and`, `or`, `not`), or `None` where the
    /// test depends on the values.
    fn known_truth(&self, e: &Expr) -> Option<bool> {
        match &e.kind {
            ExprKind::Compare { first, rest } => match rest.as_slice() {
                [(op @ (CmpOp::Is | CmpOp::IsNot), b)] => {
                    let none = |e: &Expr| matches!(e.kind, ExprKind::Lit(Lit::None));
                    let x = if none(b) {
                        first
                    } else if none(first) {
                        b
                    } else {
                        return None;
                    };
                    let v = self.none_test_of_value(x, self.model.ty(x))?;
                    Some(v == (*op == CmpOp::Is))
                }
                _ => None,
            },
            ExprKind::Not(x, _) => self.known_truth(x).map(|v| !v),
            ExprKind::Logic { op, operands, .. } => {
                // Every operand known, so that leaving the test out leaves
                // out no effect.
                let vs = operands
                    .iter()
                    .map(|o| self.known_truth(o))
                    .collect::<Option<Vec<bool>>>()?;
                Some(if *op == LogicOp::Or {
                    vs.contains(&true)
                } else {
                    !vs.contains(&false)
                })
            }
            _ => None,
        }
    }

    /// An expression evaluated for its effect.
    fn statement_expr(&mut self, e: &Expr) -> Res<String> {
        match &e.kind {
            ExprKind::Method { .. }
            | ExprKind::Call { .. }
            | ExprKind::CallMethod { .. }
            | ExprKind::CallStatic { .. } => Ok(self.expr(e)?.text),
            _ => self.decline(e.line, "expression statement without an effect"),
        }
    }

    /// A `for` or `let` pattern binding `t` to values of type `item`.
    /// A name declared before the loop (Python's loop variable outlives
    /// its loop) is bound to a fresh name and assigned from it at the start
    /// of the body: `carry` gets those assignments.
    fn pattern(
        &mut self,
        t: &Target,
        item: &Ty,
        line: usize,
        carry: &mut Vec<String>,
    ) -> Res<String> {
        match t {
            // Python's throwaway name is Rust's pattern `_`, which binds
            // nothing (a read of it does not compile: loudly).
            Target::Name { name, .. } if name == "_" => Ok("_".to_string()),
            Target::Name { name, id } => {
                let Some(l) = self.local_of(*id) else {
                    return self.decline(line, format!("name `{name}`"));
                };
                let local = &self.model.scopes.locals[l.0];
                if self.declared.get(&l.0).copied().unwrap_or(false) {
                    let ty = self.model.local_ty(l);
                    if ty != item {
                        return self.decline(line, format!("`{name}` holding {ty} and {item}"));
                    }
                    let fresh = format!("{name}_item");
                    carry.push(format!("{} = {fresh};", rust_name(name)));
                    return Ok(fresh);
                }
                if local.captured_by_function {
                    return self.decline(line, format!("`{name}` used by a nested function"));
                }
                let ty = self.model.local_ty(l);
                if ty != item && !(item == &Ty::Unknown) {
                    return self.decline(line, format!("`{name}` holding {ty} and {item}"));
                }
                let m = if local.stores > 1 || local.mutated {
                    "mut "
                } else {
                    ""
                };
                Ok(format!("{m}{}", rust_name(name)))
            }
            Target::Tuple(parts) => {
                let items = match item {
                    Ty::Tuple(ts) if ts.len() == parts.len() => ts.clone(),
                    _ => return self.decline(line, "unpacking a value that is not a tuple"),
                };
                let mut ps = Vec::new();
                for (p, t) in parts.iter().zip(&items) {
                    ps.push(self.pattern(p, t, line, carry)?);
                }
                Ok(format!("({})", ps.join(", ")))
            }
            Target::Index { .. } => self.decline(line, "loop storing into an element"),
            Target::Attr { .. } => self.decline(line, "loop storing into an attribute"),
        }
    }

    /// Declines `b = a` of a container that either name changes in place:
    /// Python's `b` is the same object as `a`, so a change through one
    /// shows through the other, where Rust's `b` is a copy. Where this is
    /// the only read of `a` and no loop repeats it (`let p = arr`, then
    /// only `p`: HumanEval's `sort_array`), nothing reads `a` again to see
    /// the difference.
    fn shared_and_changed(&self, to: LocalId, value: &Expr, ty: &Ty, line: usize) -> Res<()> {
        let scopes = &self.model.scopes;
        // `r = rows[0]` is the list's own item in Python: a change through
        // `r` shows in `rows`, where Rust's `r` is a copy.
        if let ExprKind::Index { .. } = &value.kind {
            if scopes.locals[to.0].mutated && !is_copy(ty) && *ty != Ty::Str {
                return self.decline(
                    line,
                    format!(
                        "`{}`, an item of a collection, changed in place",
                        scopes.locals[to.0].name
                    ),
                );
            }
        }
        // `xs = array || []`, `xs = c ? a : b`: the value may be the
        // operand's own container, shared as a name is.
        match &value.kind {
            ExprKind::Name(_) => {}
            ExprKind::Logic { operands, .. } => {
                for o in operands {
                    self.shared_and_changed(to, o, ty, line)?;
                }
                return Ok(());
            }
            ExprKind::IfElse { then, orelse, .. } => {
                self.shared_and_changed(to, then, ty, line)?;
                return self.shared_and_changed(to, orelse, ty, line);
            }
            _ => return Ok(()),
        }
        let Some(from_local) = self.local_of(value.id) else {
            return Ok(());
        };
        let locals = &scopes.locals;
        let mentions = scopes
            .resolved
            .iter()
            .filter(|r| **r == Some(from_local))
            .count();
        let from = &locals[from_local.0];
        let reads = mentions.saturating_sub(from.stores + usize::from(from.is_param));
        if reads == 1 && self.loops.is_empty() {
            return Ok(());
        }
        if self.handoffs.contains(&value.id) {
            return Ok(());
        }
        if !is_copy(ty) && (locals[to.0].mutated || locals[from_local.0].mutated) {
            return self.decline(
                line,
                format!(
                    "`{}` shared by another name and changed in place",
                    from.name
                ),
            );
        }
        Ok(())
    }

    /// Declines `for r in rows: r.append(x)`: Python's `r` is the list's
    /// own item, so the change shows in `rows`, where Rust's loop takes a
    /// copy of each item.
    fn item_changed(&self, target: &Target, iter: &Expr, item: &Ty, line: usize) -> Res<()> {
        let Target::Name { name, id } = target else {
            return Ok(());
        };
        let held = matches!(
            iter.kind,
            ExprKind::Name(_) | ExprKind::Attr { .. } | ExprKind::Index { .. }
        );
        let changed = self
            .local_of(*id)
            .is_some_and(|l| self.model.scopes.locals[l.0].mutated);
        if held && changed && !is_copy(item) && *item != Ty::Str {
            return self.decline(
                line,
                format!("`{name}`, an item of the list it iterates, changed in place"),
            );
        }
        Ok(())
    }

    /// `target = value`; `grows`: a store into an array element appends
    /// where the index is the length, as JavaScript's does.
    fn assign(
        &mut self,
        target: &Target,
        value: &Expr,
        grows: bool,
        line: usize,
        out: &mut Out,
    ) -> Res<()> {
        match target {
            Target::Name { name, id } => {
                let Some(l) = self.local_of(*id) else {
                    return self.decline(line, format!("assignment to `{name}`"));
                };
                let local = &self.model.scopes.locals[l.0];
                if local.captured_by_function {
                    return self.decline(line, format!("`{name}` used by a nested function"));
                }
                let ty = self.model.local_ty(l).clone();
                self.shared_and_changed(l, value, &ty, line)?;
                let code = self.value(value, &ty)?;
                if self.declared.get(&l.0).copied().unwrap_or(false) {
                    out.line(format!("{} = {code};", rust_name(name)));
                } else {
                    let m = if local.stores > 1
                        || local.mutated
                        || self.changed_objects.contains(&l)
                        || self.lent.contains(&l)
                    {
                        "mut "
                    } else {
                        ""
                    };
                    out.line(format!(
                        "let {m}{}: {} = {code};",
                        rust_name(name),
                        self.ty(&ty, line)?
                    ));
                    self.declared.insert(l.0, true);
                }
            }
            Target::Attr { value: obj, name } => {
                let (object, t) = self.field(obj, name, line)?;
                let code = self.stored(value, &t, name)?;
                out.line(format!("{object}.{} = {code};", rust_name(name)));
            }
            Target::Tuple(parts) => {
                let vt = self.model.ty(value).clone();
                self.labels += 1;
                let tmp: Vec<String> = (0..parts.len())
                    .map(|i| format!("t{}_{i}", self.labels))
                    .collect();
                let items: Vec<Ty> = match &vt {
                    Ty::Tuple(items) if items.len() == parts.len() => {
                        // The value is computed whole before any name
                        // changes.
                        let code = match &value.kind {
                            ExprKind::Tuple(xs) => {
                                let mut cs = Vec::new();
                                for (x, t) in xs.iter().zip(items) {
                                    cs.push(self.value(x, t)?);
                                }
                                format!("({})", cs.join(", "))
                            }
                            _ => self.value(value, &vt)?,
                        };
                        out.line(format!("let ({}) = {code};", tmp.join(", ")));
                        items.clone()
                    }
                    Ty::List(item) => {
                        // Python raises where the count differs: so does
                        // the conversion to an array.
                        let code = self.value(value, &vt)?;
                        let ity = self.ty(item, line)?;
                        out.line(format!(
                            "let [{}]: [{ity}; {}] = {}.try_into().expect(\"wrong number of values to unpack\");",
                            tmp.join(", "),
                            parts.len(),
                            wrap_text(&code)
                        ));
                        vec![(**item).clone(); parts.len()]
                    }
                    _ => {
                        return self.decline(line, "unpacking a value that is not a tuple or list")
                    }
                };
                for (p, t) in parts.iter().zip(&tmp) {
                    let it = items[tmp.iter().position(|x| x == t).unwrap_or(0)].clone();
                    let (name, id) = match p {
                        Target::Name { name, id } => (name, id),
                        // `xs[i], xs[j] = xs[j], xs[i]`: the values are
                        // taken whole above; each element is then stored
                        // in turn, its index evaluated when it is stored,
                        // as Python does.
                        Target::Index {
                            value: holder,
                            index,
                            ..
                        } => {
                            let grows = self.from == Lang::JavaScript
                                && !stores::reads_element(value, holder, index);
                            self.store_element(
                                holder,
                                index,
                                (Code::atom(t.clone()), &it),
                                grows,
                                line,
                                out,
                            )?;
                            continue;
                        }
                        Target::Tuple(_) => return self.decline(line, "nested unpacking"),
                        Target::Attr { .. } => return self.decline(line, "attribute store"),
                    };
                    let Some(l) = self.local_of(*id) else {
                        return self.decline(line, format!("assignment to `{name}`"));
                    };
                    let local = &self.model.scopes.locals[l.0];
                    let lty = self.model.local_ty(l).clone();
                    let coerced = self.coerce(Code::atom(t.clone()), &it, &lty, line)?;
                    if self.declared.get(&l.0).copied().unwrap_or(false) {
                        out.line(format!("{} = {coerced};", rust_name(name)));
                    } else {
                        let m = if local.stores > 1 || local.mutated {
                            "mut "
                        } else {
                            ""
                        };
                        out.line(format!(
                            "let {m}{}: {} = {coerced};",
                            rust_name(name),
                            self.ty(&lty, line)?
                        ));
                        self.declared.insert(l.0, true);
                    }
                }
            }
            Target::Index {
                value: holder,
                index,
                ..
            } => {
                let ht = self.model.ty(holder).clone();
                let h = self.place(holder)?;
                match &ht {
                    Ty::List(item) => {
                        let i = self.store_position(index, &h, line)?;
                        let v = self.value(value, item)?;
                        if grows {
                            let (val, at) = (self.fresh("value"), self.fresh("at"));
                            out.line(format!("let {val} = {v};"));
                            out.line(format!("let {at} = {i};"));
                            grow_store(&h, &at, &val, out);
                        } else if is_plain_index(&i) {
                            out.line(format!("{h}[{i}] = {v};"));
                        } else {
                            // An index computed from the list (`xs.len() -
                            // 1`) cannot borrow it inside the store's
                            // mutable borrow: value, then index, as Python
                            // evaluates them, each first into a local.
                            let (val, at) = (self.fresh("value"), self.fresh("at"));
                            out.line(format!("let {val} = {v};"));
                            out.line(format!("let {at} = {i};"));
                            out.line(format!("{h}[{at}] = {val};"));
                        }
                    }
                    Ty::Dict(k, v) => {
                        let key = self.value(index, k)?;
                        let val = self.value(value, v)?;
                        out.line(format!("{h}.insert({key}, {val});"));
                    }
                    other => return self.decline(line, format!("storing into {other}")),
                }
            }
        }
        Ok(())
    }

    /// Stores `v` (of type `vt`, held in a local) into `holder[index]`;
    /// `grows` as for [`Writer::assign`].
    fn store_element(
        &mut self,
        holder: &Expr,
        index: &Expr,
        (v, vt): (Code, &Ty),
        grows: bool,
        line: usize,
        out: &mut Out,
    ) -> Res<()> {
        let ht = self.model.ty(holder).clone();
        let h = self.place(holder)?;
        match &ht {
            Ty::List(item) => {
                let v = self.coerce(v, vt, item, line)?;
                let i = self.store_position(index, &h, line)?;
                if grows {
                    let at = self.fresh("at");
                    out.line(format!("let {at} = {i};"));
                    grow_store(&h, &at, &v, out);
                } else if is_plain_index(&i) {
                    out.line(format!("{h}[{i}] = {v};"));
                } else {
                    let at = self.fresh("at");
                    out.line(format!("let {at} = {i};"));
                    out.line(format!("{h}[{at}] = {v};"));
                }
            }
            Ty::Dict(k, val) => {
                let v = self.coerce(v, vt, val, line)?;
                let key = self.value(index, k)?;
                out.line(format!("{h}.insert({key}, {v});"));
            }
            other => return self.decline(line, format!("storing into {other}")),
        }
        Ok(())
    }

    fn aug_assign(
        &mut self,
        target: &Target,
        op: BinOp,
        value: &Expr,
        line: usize,
        out: &mut Out,
    ) -> Res<()> {
        let (place, tty) = match target {
            Target::Name { name, id } => {
                let Some(l) = self.local_of(*id) else {
                    return self.decline(line, format!("assignment to `{name}`"));
                };
                if !self.declared.get(&l.0).copied().unwrap_or(false) {
                    return self.decline(line, format!("`{name}` changed before it is set"));
                }
                (rust_name(name), self.model.local_ty(l).clone())
            }
            Target::Attr { value: obj, name } => {
                let (object, t) = self.field(obj, name, line)?;
                (format!("{object}.{}", rust_name(name)), t)
            }
            Target::Index {
                value: holder,
                index,
                ..
            } => {
                let ht = self.model.ty(holder).clone();
                let h = self.place(holder)?;
                match &ht {
                    Ty::List(item) => {
                        let i = self.position(index, &format!("{h}.len()"), line)?;
                        if is_plain_index(&i) {
                            (format!("{h}[{i}]"), (**item).clone())
                        } else {
                            // As in a store: the index into a local first.
                            let at = self.fresh("at");
                            out.line(format!("let {at} = {i};"));
                            (format!("{h}[{at}]"), (**item).clone())
                        }
                    }
                    Ty::Dict(k, v) => {
                        let key = self.borrow_key(index, k)?;
                        (
                            format!("*{h}.get_mut({key}).expect(\"key not found\")"),
                            (**v).clone(),
                        )
                    }
                    other => return self.decline(line, format!("storing into {other}")),
                }
            }
            Target::Tuple(_) => return self.decline(line, "augmented assignment to a tuple"),
        };
        let vt = self.model.ty(value).clone();
        match (op, &tty) {
            (BinOp::Add(_), Ty::Str) => {
                let v = self.expr(value)?;
                match vt {
                    Ty::Char => out.line(format!("{place}.push({});", v.text)),
                    Ty::Str => out.line(format!("{place}.push_str({});", self.as_str(&v))),
                    _ => return self.decline(line, "`+=` of a non-string to a string"),
                }
            }
            (BinOp::Add(_), Ty::List(item)) => {
                let it = self.iter(value)?;
                let _ = item;
                out.line(format!("{place}.extend({});", it.text));
            }
            (BinOp::Add(_) | BinOp::Sub | BinOp::Mul(_), t)
                if t.is_numeric() && vt.is_numeric() || vt == Ty::Bool =>
            {
                if !tty.is_numeric() {
                    return self.decline(line, format!("`{}=` on {tty}", op_symbol(op)));
                }
                let v = self.value(value, &tty)?;
                out.line(format!("{place} {}= {v};", op_symbol(op)));
            }
            _ => {
                // `x op= v` is `x = x op v`, read once.
                let cur = Code::new(place.clone(), ATOM, Form::Place);
                // The name holds only values `>= 0` if the analysis says so;
                // an element, as far as this knows, any value.
                let cur_nonneg = match target {
                    Target::Name { id, .. } => self
                        .local_of(*id)
                        .is_some_and(|l| self.model.non_negative[l.0]),
                    _ => false,
                };
                let code = self.binary_code(op, cur, cur_nonneg, &tty, value, &vt, line)?;
                let code = self.coerce(
                    code,
                    &super::super::analysis::infer::binary_ty(op, &tty, &vt),
                    &tty,
                    line,
                )?;
                out.line(format!("{place} = {code};"));
            }
        }
        Ok(())
    }

    // ----- expressions -----

    /// `e` as an owned value of type `want` (coerced: an int where a float
    /// is wanted, a value where an option is).
    fn value(&mut self, e: &Expr, want: &Ty) -> Res<String> {
        if self.node_class(want).is_some() {
            return self.node_value(e, want);
        }
        let have = self.model.ty(e).clone();
        if let (ExprKind::List(_), Ty::Tuple(_)) = (&e.kind, &have) {
            // A `Vec` holds items of one type.
            return self.decline(e.line, "array of items of different types");
        }
        // Literals take the wanted type directly.
        match (&e.kind, want) {
            (ExprKind::Lit(Lit::Int(v)), Ty::Float(_)) => return Ok(format!("{v}.0")),
            (ExprKind::Lit(Lit::None), Ty::Option(_)) => return Ok("None".into()),
            (ExprKind::Lit(Lit::Str(s)), Ty::Char) if s.chars().count() == 1 => {
                return Ok(format!("{:?}", s.chars().next().unwrap_or(' ')))
            }
            (ExprKind::List(xs), Ty::List(item)) if !xs.is_empty() => {
                let mut cs = Vec::new();
                for x in xs {
                    cs.push(self.value(x, item)?);
                }
                return Ok(format!("vec![{}]", cs.join(", ")));
            }
            (ExprKind::List(xs), Ty::List(_)) if xs.is_empty() => return Ok("Vec::new()".into()),
            // `list([a, b])` (a deque made from a literal, see the Python
            // frontend's `deques`) is the new list `[a, b]`.
            (
                ExprKind::Builtin {
                    op: Builtin::ToList,
                    args,
                    keywords,
                },
                Ty::List(_),
            ) if keywords.is_empty()
                && matches!(args.as_slice(), [x] if matches!(x.kind, ExprKind::List(_))) =>
            {
                return self.value(&args[0], want);
            }
            (
                ExprKind::Builtin {
                    op: Builtin::ToList | Builtin::ToSet | Builtin::ToDict,
                    args,
                    ..
                },
                Ty::List(_) | Ty::Set(_) | Ty::Dict(..),
            ) if args.is_empty() => {
                let ty = self.ty(want, e.line)?;
                return Ok(format!("<{ty}>::new()"));
            }
            (ExprKind::Dict(pairs), Ty::Dict(k, v)) => {
                let ty = self.ty(want, e.line)?;
                if pairs.is_empty() {
                    return Ok(format!("<{ty}>::new()"));
                }
                let mut cs = Vec::new();
                for (a, b) in pairs {
                    cs.push(format!("({}, {})", self.value(a, k)?, self.value(b, v)?));
                }
                return Ok(format!("<{ty}>::from([{}])", cs.join(", ")));
            }
            (ExprKind::Set(xs), Ty::Set(item)) => {
                let ty = self.ty(want, e.line)?;
                let mut cs = Vec::new();
                for x in xs {
                    cs.push(self.value(x, item)?);
                }
                return Ok(format!("<{ty}>::from([{}])", cs.join(", ")));
            }
            (ExprKind::Tuple(xs), Ty::Tuple(ts)) if xs.len() == ts.len() => {
                let mut cs = Vec::new();
                for (x, t) in xs.iter().zip(ts) {
                    cs.push(self.value(x, t)?);
                }
                return Ok(if cs.len() == 1 {
                    format!("({},)", cs[0])
                } else {
                    format!("({})", cs.join(", "))
                });
            }
            (
                ExprKind::IfElse {
                    test, then, orelse, ..
                },
                _,
            ) => {
                let c = self.cond(test)?;
                let a = self.value(then, want)?;
                let b = self.value(orelse, want)?;
                return Ok(format!("if {c} {{ {a} }} else {{ {b} }}"));
            }
            _ => {}
        }
        let code = self.expr(e)?;
        // Regression (the pyrs7 helper): "`grid.append(row)` then
        // `row.append(1)` pushed a copy of `row`, which the change did not
        // reach, where Python's `grid` holds `row` itself".
        if let (ExprKind::Name(n), Form::Place) = (&e.kind, code.form) {
            if self.shared_then_used.contains(&e.id) {
                return self.decline(
                    e.line,
                    format!("`{n}` copied where Python shares it (it is changed or read after)"),
                );
            }
        }
        let owned = self.owned(code, &have, e.line)?;
        self.coerce(owned, &have, want, e.line)
    }

    /// An owned value from `code` of type `t`.
    fn owned(&mut self, code: Code, t: &Ty, line: usize) -> Res<Code> {
        Ok(match code.form {
            Form::Temp => code,
            Form::Iter => {
                let ty = self.ty(t, line)?;
                Code::atom(format!("{}.collect::<{ty}>()", code.at(ATOM)))
            }
            Form::StrRef => Code::atom(format!("{}.to_string()", code.at(ATOM))),
            Form::Place | Form::Field if is_copy(t) => code,
            // Python shares the object: a copy would not see its changes.
            Form::Place if matches!(t, Ty::Class(_)) => {
                return self.decline(
                    line,
                    format!("object `{}` shared by another name", code.text),
                )
            }
            // A string is immutable in Python: its copy is the same value.
            Form::Field if *t != Ty::Str => {
                return self.decline(
                    line,
                    format!(
                        "field `{}` of {t} read as a value (Python shares it)",
                        code.text
                    ),
                )
            }
            Form::Place | Form::Field => Code::atom(format!("{}.clone()", code.at(ATOM))),
        })
    }

    /// `code` (owned, of type `have`) as a value of type `want`.
    fn coerce(&mut self, code: Code, have: &Ty, want: &Ty, line: usize) -> Res<String> {
        Ok(match (have, want) {
            (h, w) if h == w => code.text,
            (_, Ty::Unknown) => code.text,
            (Ty::Int(_) | Ty::Bool, Ty::Float(_)) => format!("{} as {}", code.at(CAST), self.float),
            (Ty::Bool, Ty::Int(_)) => format!("{} as {}", code.at(CAST), self.int),
            (Ty::Char, Ty::Str) => format!("{}.to_string()", code.at(ATOM)),
            (Ty::Option(_), Ty::Option(_)) => code.text,
            (h, Ty::Option(w)) => {
                let inner = self.coerce(code, h, w, line)?;
                format!("Some({inner})")
            }
            (Ty::List(a), Ty::List(b)) if !a.is_known() || a == b => code.text,
            (Ty::List(a), Ty::List(b)) if **a == Ty::Char && **b == Ty::Str => format!(
                "{}.into_iter().map(|c| c.to_string()).collect::<Vec<String>>()",
                code.at(ATOM)
            ),
            (Ty::List(a), Ty::List(b)) if a.is_int() && b.is_float() => format!(
                "{}.into_iter().map(|x| x as {}).collect::<Vec<{}>>()",
                code.at(ATOM),
                self.float,
                self.float
            ),
            (Ty::Dict(..) | Ty::Set(_), _) | (Ty::Tuple(_), Ty::Tuple(_)) if !have.is_known() => {
                code.text
            }
            (Ty::Tuple(hs), Ty::Tuple(ws)) if hs.len() == ws.len() => {
                // Part by part, through a binding.
                let mut parts = Vec::new();
                for (i, (h, w)) in hs.iter().zip(ws).enumerate() {
                    parts.push(self.coerce(Code::atom(format!("t.{i}")), h, w, line)?);
                }
                format!("{{ let t = {}; ({}) }}", code.text, parts.join(", "))
            }
            _ => return self.decline(line, format!("{have} where {want} is needed")),
        })
    }

    /// A place expression (a local, an element) to change in place.
    fn place(&mut self, e: &Expr) -> Res<String> {
        match &e.kind {
            ExprKind::Name(n) => {
                if let Some(l) = self.local_of(e.id) {
                    if self.borrowed_str.contains(&l) {
                        return self.decline(e.line, format!("changing borrowed `{n}`"));
                    }
                }
                Ok(rust_name(n))
            }
            ExprKind::Index { value, index, .. } => {
                let vt = self.model.ty(value).clone();
                let h = self.place(value)?;
                match vt {
                    Ty::List(_) => {
                        let i = self.position(index, &format!("{h}.len()"), e.line)?;
                        let reads_holder = i.contains(&h);
                        if is_plain_index(&i) || !(reads_holder || self.lent_root(value)) {
                            return Ok(format!("{h}[{i}]"));
                        }
                        // A changed element's mutable borrow of the list is
                        // taken before its index is computed (`IndexMut`
                        // has no two-phase borrow, nor has a `&mut`
                        // parameter), so an index reading the list
                        // (`xs.len()`) is computed first, in a block
                        // lending the element.
                        let at = self.fresh("at");
                        Ok(format!("(*{{ let {at} = {i}; &mut {h}[{at}] }})"))
                    }
                    _ => self.decline(e.line, "changing an element of this type"),
                }
            }
            ExprKind::Attr { value, name } => {
                let (object, _) = self.field(value, name, e.line)?;
                Ok(format!("{object}.{}", rust_name(name)))
            }
            _ => self.decline(e.line, "changing a computed value"),
        }
    }

    /// Whether place `e` (`xs`, `xs[i]`...) is held by a parameter written
    /// `&mut`.
    fn lent_root(&self, e: &Expr) -> bool {
        let mut e = e;
        while let ExprKind::Index { value, .. } = &e.kind {
            e = value;
        }
        matches!(e.kind, ExprKind::Name(_))
            && self
                .local_of(e.id)
                .is_some_and(|l| self.mut_params.contains(&l))
    }

    /// An object whose fields or methods are used: the receiver, or a
    /// local holding one of the unit's classes; and its class.
    fn object(&mut self, e: &Expr) -> Res<(String, usize)> {
        if let Some(r) = self.receiver {
            if self.local_of(e.id) == Some(r.local) && matches!(e.kind, ExprKind::Name(_)) {
                return Ok(("self".to_string(), r.class));
            }
        }
        if let ExprKind::Attr { value, name } = &e.kind {
            if let Some(bound) = self.narrowed_field(value, name) {
                if let Some(c) = self.node_class(self.model.ty(e)) {
                    return Ok((bound, c));
                }
            }
        }
        if let Some(l) = self.node_param(e) {
            let class = self.node_class(self.model.local_ty(l));
            return match class {
                Some(c) if self.holds_node(l) => {
                    Ok((rust_name(&self.model.scopes.locals[l.0].name), c))
                }
                _ => self.decline(e.line, "field of a node that may be None"),
            };
        }
        // A local's object, or a fresh one (`C().m()`), which nothing else
        // holds.
        let class = match (&e.kind, self.model.ty(e)) {
            (ExprKind::Name(_) | ExprKind::New { .. }, Ty::Class(n)) => {
                self.classes.iter().position(|c| c.name == *n)
            }
            _ => None,
        };
        match class {
            Some(class) => Ok((self.expr(e)?.text, class)),
            None => self.decline(
                e.line,
                "object other than a local's, a new one or the receiver",
            ),
        }
    }

    /// Field `name` of object `e`: the object's text and the field's type.
    fn field(&mut self, e: &Expr, name: &str, line: usize) -> Res<(String, Ty)> {
        let (object, class) = self.object(e)?;
        match self.classes[class].field(name) {
            Some(t) => Ok((object, t.clone())),
            None => self.decline(line, format!("field `{name}` the constructor does not set")),
        }
    }

    /// The arguments of a call of method (or constructor) `m`. A value
    /// the method changes in place is declined: Python's caller sees the
    /// change, Rust's would have passed a copy.
    fn arguments(
        &mut self,
        callee: &str,
        m: &rust_class::MethodSig,
        args: &[Expr],
        line: usize,
    ) -> Res<String> {
        if m.params.len() != args.len() {
            return self.decline(
                line,
                format!(
                    "call of `{callee}` with {} arguments for {}",
                    args.len(),
                    m.params.len()
                ),
            );
        }
        let mut cs = Vec::new();
        // (A method that changes a list, dict or set argument in place is
        // declined where it is written, so none is called here.)
        for (a, p) in args.iter().zip(&m.params) {
            cs.push(self.value(a, p)?);
        }
        Ok(cs.join(", "))
    }

    /// A constructor that only sets fields, each once, from values that do
    /// not read the object: `Self { .. }` with each field's value, in the
    /// order Python evaluates them.
    fn constructor_body(&mut self, f: &Function, out: &mut Out) -> Res<()> {
        let Some(r) = self.receiver else {
            return self.decline(f.line, "constructor");
        };
        let receiver = f.params.first().map_or("self", |p| p.name.as_str());
        let mut set: Vec<&str> = Vec::new();
        let mut parts = Vec::new();
        for s in &f.body {
            let StmtKind::Assign {
                target: Target::Attr { value: obj, name },
                value,
            } = &s.kind
            else {
                return self.decline(s.line, "constructor statement other than setting a field");
            };
            if !rust_class::is_receiver(obj, receiver)
                || rust_class::mentions(value, receiver)
                || set.contains(&name.as_str())
            {
                return self.decline(s.line, format!("constructor setting `{name}` so"));
            }
            set.push(name);
            let Some(t) = self.classes[r.class].field(name).cloned() else {
                return self.decline(s.line, format!("field `{name}`"));
            };
            let code = self.stored(value, &t, name)?;
            let field = rust_name(name);
            // `Self { value }` where the value is the parameter of its name.
            parts.push(if code == field {
                format!("{field},")
            } else {
                format!("{field}: {code},")
            });
        }
        out.line("Self {");
        out.depth += 1;
        for p in parts {
            out.line(p);
        }
        out.depth -= 1;
        out.line("}");
        Ok(())
    }

    /// `value` as what field `name` of type `t` holds: declined where it
    /// is a place of a mutable value, which Python would share between the
    /// object and where it came from and Rust would copy.
    fn stored(&mut self, value: &Expr, t: &Ty, name: &str) -> Res<String> {
        let place = matches!(
            value.kind,
            ExprKind::Name(_) | ExprKind::Attr { .. } | ExprKind::Index { .. }
        );
        if place && !is_copy(t) && *t != Ty::Str {
            return self.decline(
                value.line,
                format!("field `{name}` set to a {t} Python shares with where it came from"),
            );
        }
        // `[v1, v2]`, `[x for x in (v1, v2) if x]`: a new list, but of the
        // lists `v1` and `v2` themselves.
        if rust_class::holds_mutable(t) {
            let mut shared = None;
            super::super::ir::for_each_expr(value, &mut |x| {
                let xt = self.model.ty(x);
                if matches!(x.kind, ExprKind::Name(_)) && rust_class::is_mutable(xt) {
                    shared.get_or_insert(x.line);
                }
            });
            if let Some(line) = shared {
                return self.decline(
                    line,
                    format!("field `{name}` set to items Python shares with where they came from"),
                );
            }
        }
        self.value(value, t)
    }

    /// The position of a store into the list `h`. JavaScript's store at
    /// a negative index sets a property and leaves the elements as they
    /// are, where Python's counts from the end: from JavaScript, an index
    /// not known to be non-negative is cast as it is, so that a negative
    /// one is far past the end and the store panics.
    fn store_position(&mut self, index: &Expr, h: &str, line: usize) -> Res<String> {
        if self.from == Lang::JavaScript {
            if let ExprKind::Lit(Lit::Int(v)) = index.kind {
                if v < 0 {
                    return self.decline(
                        line,
                        "store at a negative index (JavaScript sets a property)",
                    );
                }
                return Ok(v.to_string());
            }
        }
        if self.from == Lang::JavaScript && !self.model.non_negative(index) {
            if !self.model.ty(index).is_int() {
                return self.decline(line, "index that is not an integer");
            }
            return Ok(format!("{} as usize", self.expr(index)?.at(CAST)));
        }
        self.position(index, &format!("{h}.len()"), line)
    }

    /// A Python index into a sequence of `len` items (Rust text giving a
    /// `usize`) as a `usize`.
    fn position(&mut self, index: &Expr, len: &str, line: usize) -> Res<String> {
        self.position_from(index, len, true, line)
    }

    /// A `try` around one lookup that may miss (see [`rust_lookup`]): `if`
    /// the lookup hits, the body, else the handler. Any other `try` is
    /// declined.
    fn lookup_try(
        &mut self,
        body: &Block,
        handlers: &[Handler],
        orelse: &Block,
        finally: &Block,
        line: usize,
        out: &mut Out,
    ) -> Res<()> {
        const NO_TRY: &str = "`try` (Rust has no exceptions to catch; a panic is not one)";
        let ([handler], true, true) = (handlers, orelse.is_empty(), finally.is_empty()) else {
            return self.decline(line, NO_TRY);
        };
        let Some(lookup) = rust_lookup::lookup_of(body).filter(|_| handler.name.is_none()) else {
            return self.decline(line, NO_TRY);
        };
        let holder = self.expr(lookup.holder)?;
        if matches!(holder.form, Form::Iter | Form::Temp) {
            return self.decline(line, NO_TRY);
        }
        let h = holder.at(ATOM);
        let (kind, hit) = match self.model.ty(lookup.holder).clone() {
            Ty::List(_) if lookup.from_end => {
                let len = format!("{h}.len()");
                let hit = match lookup.index.kind {
                    ExprKind::Lit(Lit::Int(v)) if v >= 0 => format!("{len} > {v}"),
                    ExprKind::Lit(Lit::Int(v)) => format!("{len} >= {}", v.unsigned_abs()),
                    _ if !self.model.ty(lookup.index).is_int() => {
                        return self.decline(line, "index that is not an integer")
                    }
                    _ => {
                        let i = self.expr(lookup.index)?;
                        if self.model.non_negative(lookup.index) {
                            format!("({} as usize) < {len}", i.at(CAST))
                        } else {
                            // Python's range of indexes: `-len..len`.
                            format!(
                                "(-({len} as i128)..{len} as i128).contains(&({} as i128))",
                                i.at(CAST)
                            )
                        }
                    }
                };
                (ErrorKind::IndexError, hit)
            }
            Ty::Dict(k, _) => {
                let key = self.borrow_key(lookup.index, &k)?;
                (ErrorKind::KeyError, format!("{h}.contains_key({key})"))
            }
            _ => return self.decline(line, NO_TRY),
        };
        if !handler.kinds.contains(&kind) {
            return self.decline(line, NO_TRY);
        }
        out.line(format!("if {hit} {{"));
        self.block(body, out)?;
        out.line("} else {");
        self.block(&handler.body, out)?;
        out.line("}");
        Ok(())
    }

    /// An index into a sequence of `len` items as a `usize`; `from_end`
    /// when a negative index counts from the end in the source (Python's
    /// indexes, JavaScript's `at`), else the gap table says what a
    /// negative one does.
    fn position_from(
        &mut self,
        index: &Expr,
        len: &str,
        from_end: bool,
        line: usize,
    ) -> Res<String> {
        if !self.model.ty(index).is_int() {
            return self.decline(line, "index that is not an integer");
        }
        if let ExprKind::Lit(Lit::Int(v)) = index.kind {
            if v >= 0 {
                return Ok(v.to_string());
            }
            if !from_end {
                return self.decline(line, "negative index");
            }
            return Ok(format!("{len} - {}", -v));
        }
        let i = self.expr(index)?;
        if self.model.non_negative(index) {
            return Ok(format!("{} as usize", i.at(CAST)));
        }
        if from_end && self.from == Lang::JavaScript {
            let h = helpers::py_index(self.support, self.int);
            return Ok(format!("{h}({}, {len})", i.text));
        }
        match self.gap(Gap::NegativeIndex) {
            Bridge::Obligation {
                otherwise: Some(_), ..
            } => {
                let h = helpers::py_index(self.support, self.int);
                Ok(format!("{h}({}, {len})", i.text))
            }
            // A negative index is out of range in the source: `as usize`
            // makes it one in Rust too, and the read panics.
            Bridge::Assumed(_) => Ok(format!("{} as usize", i.at(CAST))),
            _ => self.decline(line, "index that may be negative"),
        }
    }

    /// A name for a temporary that no local of the unit has.
    fn fresh(&self, base: &str) -> String {
        let taken = |n: &str| {
            self.model
                .scopes
                .locals
                .iter()
                .any(|l| rust_name(&l.name) == n)
        };
        std::iter::once(base.to_string())
            .chain((2..).map(|k| format!("{base}{k}")))
            .find(|n| !taken(n))
            .unwrap_or_else(|| base.to_string())
    }

    /// A `&str` view of string code.
    fn as_str(&self, c: &Code) -> String {
        match c.form {
            Form::StrRef => c.text.clone(),
            _ => format!("{}.as_str()", c.at(ATOM)),
        }
    }

    /// A key to look up in a map or set whose keys have type `k`.
    fn borrow_key(&mut self, e: &Expr, k: &Ty) -> Res<String> {
        let et = self.model.ty(e).clone();
        if *k == Ty::Str {
            let c = self.expr(e)?;
            return match et {
                Ty::Str => Ok(self.as_str(&c)),
                Ty::Char => Ok(format!("{}.to_string().as_str()", c.at(ATOM))),
                _ => self.decline(e.line, format!("key of type {et}")),
            };
        }
        let v = self.value(e, k)?;
        Ok(format!("&{}", wrap_text(&v)))
    }

    fn expr(&mut self, e: &Expr) -> Res<Code> {
        let t = self.model.ty(e).clone();
        let line = e.line;
        Ok(match &e.kind {
            ExprKind::ErrorMessage(_) => return self.decline(line, "an error's message"),
            // A Rust function takes a fixed number of arguments.
            ExprKind::Spread(_) => return self.decline(line, "`*` argument"),
            ExprKind::Lit(l) => match l {
                Lit::Int(v) => {
                    if *v < 0 {
                        Code::temp(v.to_string(), UNARY)
                    } else {
                        Code::atom(v.to_string())
                    }
                }
                Lit::Float(v) => {
                    if v.is_finite() {
                        Code::new(
                            format!("{v:?}"),
                            if *v < 0.0 { UNARY } else { ATOM },
                            Form::Temp,
                        )
                    } else {
                        // `float("inf")`, `float("nan")`: the width's
                        // constants.
                        let name = match (v.is_nan(), *v > 0.0) {
                            (true, _) => "NAN",
                            (false, true) => "INFINITY",
                            (false, false) => "NEG_INFINITY",
                        };
                        Code::atom(format!("{}::{name}", self.float))
                    }
                }
                Lit::Str(s) => Code::new(format!("{s:?}"), ATOM, Form::StrRef),
                Lit::Bool(b) => Code::atom(b.to_string()),
                Lit::None => Code::atom("None"),
            },
            ExprKind::Name(n) => {
                let Some(l) = self.local_of(e.id) else {
                    return self.decline(line, format!("name `{n}` from outside the function"));
                };
                let local = &self.model.scopes.locals[l.0];
                if local.is_function {
                    return self.decline(line, format!("function `{n}` used as a value"));
                }
                if local.captured_by_function {
                    return self.decline(line, format!("`{n}` used by a nested function"));
                }
                if self.receiver.is_some_and(|r| r.local == l) {
                    return self.decline(line, format!("`{n}` used as a value"));
                }
                if !t.is_known() {
                    return self.decline(line, format!("`{n}` whose type is unknown ({t})"));
                }
                if let Some(code) = self.present_read(l, &t) {
                    return Ok(code);
                }
                let form = if self.borrowed_str.contains(&l) {
                    Form::StrRef
                } else {
                    Form::Place
                };
                Code::new(rust_name(n), ATOM, form)
            }
            ExprKind::Unary(op, x) => {
                let xt = self.model.ty(x).clone();
                let c = self.expr(x)?;
                match op {
                    UnOp::Neg if xt.is_numeric() => Code::temp(format!("-{}", c.at(UNARY)), UNARY),
                    UnOp::Pos if xt.is_numeric() => c,
                    UnOp::BitNot if xt.is_int() => Code::temp(format!("!{}", c.at(UNARY)), UNARY),
                    _ => return self.decline(line, format!("unary operator on {xt}")),
                }
            }
            ExprKind::Not(x, _) => {
                let c = self.cond(x)?;
                Code::temp(format!("!{}", paren_unless_atom(&c)), UNARY)
            }
            ExprKind::Binary(op, a, b) => {
                let at = self.model.ty(a).clone();
                let bt = self.model.ty(b).clone();
                let a_nonneg = self.model.non_negative(a);
                let ca = self.expr(a)?;
                self.binary_code(*op, ca, a_nonneg, &at, b, &bt, line)?
            }
            ExprKind::Logic { op, operands, sem } if t != Ty::Bool => {
                let code = self.logic_value((*op, sem.truthiness), operands, &t, line)?;
                Code::temp(code, LOWEST)
            }
            ExprKind::Compare { .. } | ExprKind::Logic { .. } => {
                if t != Ty::Bool {
                    return self.decline(line, "`and`/`or` giving a value that is not a bool");
                }
                Code::temp(self.cond(e)?, LOWEST)
            }
            ExprKind::IfElse { .. } => {
                let v = self.value(e, &t)?;
                Code::temp(v, LOWEST)
            }
            ExprKind::Call { func, args } => {
                let params = self.model.scopes.function_params.get(func).cloned();
                let Some(params) = params else {
                    // Python's `print(str(x))` (see the Python frontend).
                    // JavaScript's `console.log(String(x))` alike: the
                    // JavaScript gap checks let through only the values it
                    // writes as `String()` does.
                    if let ("print" | CONSOLE_LOG, [arg]) = (func.as_str(), args.as_slice()) {
                        if func == CONSOLE_LOG && self.logs_a_float(arg) {
                            // `console.log(-0)` prints `-0`, `String(-0)` `0`.
                            return self.decline(line, "`console.log` of a number that may be -0");
                        }
                        let c = self.expr(self.displayed(arg))?;
                        return Ok(Code::atom(format!("println!(\"{{}}\", {})", c.text)));
                    }
                    if let Some(sig) = self.model.externs.get(func).cloned() {
                        return self.extern_call(func, &sig, args, line);
                    }
                    if let Some(l) = self.model.scopes.called_param(func) {
                        if let Ty::Func(ps, _) = self.model.local_ty(l).clone() {
                            let mut cs = Vec::new();
                            for (a, p) in args.iter().zip(&ps) {
                                if is_copy(p) {
                                    cs.push(self.value(a, p)?);
                                } else {
                                    let c = self.expr(a)?;
                                    cs.push(format!("&{}", c.at(UNARY)));
                                }
                            }
                            return Ok(Code::atom(format!(
                                "{}({})",
                                rust_name(func),
                                cs.join(", ")
                            )));
                        }
                    }
                    if let Some((_, cycle)) =
                        self.support.cyclic_callees.iter().find(|(n, _)| n == func)
                    {
                        return self.decline(
                            line,
                            format!(
                                "call of `{func}`, whose signature the import cycle {cycle} leaves unknown"
                            ),
                        );
                    }
                    return self
                        .decline(line, format!("call of `{func}`, defined outside the unit"));
                };
                let mut cs = Vec::new();
                let mut lent = Vec::new();
                for (a, p) in args.iter().zip(&params) {
                    let pt = self.model.local_ty(*p).clone();
                    let borrowed = self.borrowed_param(func, *p);
                    if self.lends_mut(func, *p) {
                        lent.push(cs.len());
                        cs.push(self.lent_arg(func, a, line)?);
                    } else if self.gives_back(func, *p) {
                        cs.push(self.moved_arg(func, a, &pt, line)?);
                    } else if borrowed && pt == Ty::Str {
                        let c = self.expr(a)?;
                        cs.push(self.as_str(&c));
                    } else if borrowed {
                        let v = self.value(a, &pt)?;
                        cs.push(format!("&{}", wrap_text(&v)));
                    } else {
                        cs.push(self.value(a, &pt)?);
                    }
                }
                self.lending_call(func, args, cs, &lent)
            }
            ExprKind::Builtin { op, args, keywords } => {
                self.builtin(*op, args, keywords, &t, line)?
            }
            ExprKind::Method {
                recv,
                method,
                args,
                keywords,
            } => self.method(recv, *method, args, keywords, &t, line)?,
            ExprKind::Index { value, index, sem } => {
                let vt = self.model.ty(value).clone();
                let from_end = sem.negative_from_end;
                match &vt {
                    Ty::List(item) => {
                        let c = self.expr(value)?;
                        let computed = matches!(c.form, Form::Temp | Form::Iter);
                        let part = part_of(&c);
                        let h = self.readable(c, &vt, line)?;
                        if computed {
                            // A computed list is computed once, then indexed.
                            let v = self.fresh("seq");
                            let i =
                                self.position_from(index, &format!("{v}.len()"), from_end, line)?;
                            let elem = if is_copy(item) {
                                format!("{v}[{i}]")
                            } else {
                                format!("{v}[{i}].clone()")
                            };
                            Code::atom(format!("{{ let {v} = {h}; {elem} }}"))
                        } else {
                            let i =
                                self.position_from(index, &format!("{h}.len()"), from_end, line)?;
                            Code::new(format!("{h}[{i}]"), ATOM, part)
                        }
                    }
                    Ty::Str => {
                        let c = self.expr(value)?;
                        let h = c.at(ATOM);
                        if matches!(c.form, Form::Temp) {
                            // A computed string is computed once.
                            let v = self.fresh("text");
                            let i = self.position_from(
                                index,
                                &format!("{v}.chars().count()"),
                                from_end,
                                line,
                            )?;
                            return Ok(Code::atom(format!(
                                "{{ let {v} = {h}; {v}.chars().nth({i}).expect(\"string index out of range\") }}"
                            )));
                        }
                        match index.kind {
                            ExprKind::Lit(Lit::Int(v)) if v < 0 && from_end => Code::atom(format!(
                                "{h}.chars().rev().nth({}).expect(\"string index out of range\")",
                                -v - 1
                            )),
                            _ => {
                                let i = self.position_from(
                                    index,
                                    &format!("{h}.chars().count()"),
                                    from_end,
                                    line,
                                )?;
                                Code::atom(format!(
                                    "{h}.chars().nth({i}).expect(\"string index out of range\")"
                                ))
                            }
                        }
                    }
                    Ty::Dict(k, _) => {
                        let h = self.expr(value)?;
                        let key = self.borrow_key(index, k)?;
                        Code::new(format!("{}[{key}]", h.at(ATOM)), ATOM, part_of(&h))
                    }
                    Ty::Tuple(ts) => match index.kind {
                        ExprKind::Lit(Lit::Int(v)) if v >= 0 && (v as usize) < ts.len() => {
                            let h = self.expr(value)?;
                            Code::new(format!("{}.{v}", h.at(ATOM)), ATOM, part_of(&h))
                        }
                        _ => return self.decline(line, "tuple index that is not a literal"),
                    },
                    // A character is a string of one: its first (or last)
                    // character is itself (`s[i].charCodeAt()`).
                    Ty::Char
                        if matches!(index.kind, ExprKind::Lit(Lit::Int(0)))
                            || matches!(index.kind, ExprKind::Lit(Lit::Int(-1)) if from_end) =>
                    {
                        self.expr(value)?
                    }
                    other => return self.decline(line, format!("indexing {other}")),
                }
            }
            ExprKind::Slice {
                value,
                lower,
                upper,
                step,
                ..
            } => self.slice(
                value,
                lower.as_deref(),
                upper.as_deref(),
                step.as_deref(),
                line,
            )?,
            ExprKind::List(_) | ExprKind::Tuple(_) => {
                let v = self.value(e, &t)?;
                Code::atom(v)
            }
            ExprKind::Set(xs) => {
                let Ty::Set(item) = &t else {
                    return self.decline(line, "set");
                };
                let mut cs = Vec::new();
                for x in xs {
                    cs.push(self.value(x, item)?);
                }
                let ty = self.ty(&t, line)?;
                Code::atom(format!("<{ty}>::from([{}])", cs.join(", ")))
            }
            ExprKind::Dict(pairs) => {
                let Ty::Dict(k, v) = &t else {
                    return self.decline(line, "dict");
                };
                let mut cs = Vec::new();
                for (a, b) in pairs {
                    cs.push(format!("({}, {})", self.value(a, k)?, self.value(b, v)?));
                }
                let ty = self.ty(&t, line)?;
                Code::atom(format!("<{ty}>::from([{}])", cs.join(", ")))
            }
            ExprKind::Comprehension {
                kind,
                elt,
                value,
                clauses,
            } => {
                let it = self.comprehension_iter(elt, value.as_deref(), clauses, line)?;
                match kind {
                    CompKind::Generator => it,
                    _ => {
                        let ty = self.ty(&t, line)?;
                        Code::atom(format!("{}.collect::<{ty}>()", it.at(ATOM)))
                    }
                }
            }
            ExprKind::Format(parts) => {
                let mut fmt = String::new();
                let mut args = Vec::new();
                for p in parts {
                    match p {
                        FormatPart::Text(s) => {
                            fmt.push_str(&s.replace('{', "{{").replace('}', "}}"))
                        }
                        FormatPart::Value { expr, spec } => {
                            let xt = self.model.ty(expr).clone();
                            let spec = match (spec.as_deref(), &xt) {
                                (None, Ty::Int(_) | Ty::Str | Ty::Char) => String::new(),
                                (Some(s), Ty::Float(_)) if is_fixed_spec(s) => {
                                    format!(":{s}").trim_end_matches('f').to_string()
                                }
                                (Some("d"), Ty::Int(_)) => String::new(),
                                (None, Ty::Float(FloatTy::F64)) => {
                                    let h = self.float_str(expr.line)?;
                                    let c = self.expr(expr)?;
                                    fmt.push_str("{}");
                                    args.push(format!("{h}({})", c.text));
                                    continue;
                                }
                                _ => {
                                    return self
                                        .decline(expr.line, format!("f-string value of type {xt}"))
                                }
                            };
                            fmt.push('{');
                            fmt.push_str(&spec);
                            fmt.push('}');
                            let c = self.expr(expr)?;
                            args.push(c.text);
                        }
                    }
                }
                let mut text = format!("format!({:?}", fmt);
                for a in args {
                    text.push_str(", ");
                    text.push_str(&a);
                }
                text.push(')');
                Code::atom(text)
            }
            ExprKind::Lambda { .. } => {
                return self.decline(line, "lambda outside a call that takes one")
            }
            ExprKind::Attr { value, name } => {
                let (object, _) = self.field(value, name, line)?;
                Code::new(format!("{object}.{}", rust_name(name)), ATOM, Form::Field)
            }
            ExprKind::CallMethod { recv, name, args } => {
                let (object, class) = self.object(recv)?;
                let Some(m) = self.classes[class].method(name).cloned() else {
                    return self.decline(line, format!("method `{name}` of a class"));
                };
                if m.kind != MethodKind::Instance {
                    return self.decline(line, format!("method `{name}` called on an object"));
                }
                let args = self.arguments(name, &m, args, line)?;
                Code::atom(format!("{object}.{}({args})", rust_name(name)))
            }
            ExprKind::CallStatic {
                class, name, args, ..
            } => {
                let Some(c) = self.classes.iter().find(|c| c.name == *class) else {
                    return self.decline(line, format!("class `{class}`"));
                };
                let Some(m) = c.method(name).cloned() else {
                    return self.decline(line, format!("method `{name}` of `{class}`"));
                };
                if m.kind != MethodKind::Static {
                    return self.decline(line, format!("method `{name}` called on the class"));
                }
                let args = self.arguments(name, &m, args, line)?;
                Code::atom(format!("{class}::{}({args})", rust_name(name)))
            }
            ExprKind::New { class, args } => {
                let Some(c) = self.classes.iter().find(|c| c.name == *class) else {
                    return self.decline(line, format!("class `{class}`"));
                };
                if c.data {
                    return self.decline(
                        line,
                        format!(
                            "call of `{class}` (a function building tree nodes is not written yet)"
                        ),
                    );
                }
                let args = match c.constructor().cloned() {
                    Some(m) => self.arguments(class, &m, args, line)?,
                    None if args.is_empty() => String::new(),
                    None => return self.decline(line, format!("`{class}` made with arguments")),
                };
                Code::atom(format!("{class}::new({args})"))
            }
            ExprKind::Super { .. } => return self.decline(line, "`super()`"),
            ExprKind::ClassAttr { name, .. } => {
                return self.decline(line, format!("class attribute `{name}`"))
            }
            // Only the Rust frontend gives enum variants.
            ExprKind::Variant { class, name } => {
                return self.decline(line, format!("variant `{class}::{name}`"))
            }
            // A Rust value has one static type: a run-time test of a
            // JavaScript value's kind has no counterpart.
            ExprKind::TypeIs { kind, .. } => {
                return self.decline(line, format!("`typeof` test for '{}'", kind.js_name()))
            }
            // Rust has assignment expressions of type `()` only; a block
            // that assigns and gives the value would need the value's
            // ownership settled first.
            ExprKind::AssignName { .. } => {
                return self.decline(line, "assignment inside an expression")
            }
            // A JavaScript object has no struct to be read as yet.
            ExprKind::Prop { name, .. } => return self.decline(line, format!("property `{name}`")),
            ExprKind::Object(_) => return self.decline(line, "object literal"),
        })
    }

    /// Whether parameter `p` of `func` is borrowed in its Rust signature.
    /// A call of a function outside the unit, by the signature its own
    /// translation has: each argument as the parameter's type, borrowed
    /// where the parameter borrows.
    fn extern_call(
        &mut self,
        func: &str,
        sig: &RustSignature,
        args: &[Expr],
        line: usize,
    ) -> Res<Code> {
        if sig.params.len() != args.len() {
            return self.decline(
                line,
                format!(
                    "call of `{func}` with {} arguments for {}",
                    args.len(),
                    sig.params.len()
                ),
            );
        }
        let subst = self.instantiate(func, sig, args, line)?;
        // The type the callee takes, its variables instantiated.
        let taken = |p: &super::super::analysis::signature::SignatureParam| {
            let t = super::super::analysis::normalise(&p.ty);
            match &subst {
                Some(s) => super::super::analysis::instantiate::substitute(&t, s),
                None => t,
            }
        };
        let mut cs = Vec::new();
        let mut lent = Vec::new();
        for (a, p) in args.iter().zip(&sig.params) {
            // The callee changes the list in place: the caller lends its
            // own, of the very type the callee takes.
            if p.given_back {
                let want = taken(p);
                cs.push(self.moved_arg(func, a, &want, line)?);
                continue;
            }
            if p.mutable {
                let have = self.model.ty(a);
                let normalise = super::super::analysis::normalise;
                // A new empty list or dict (`f(xs, [])`, `f({})`): Python's
                // caller never sees it again, so the callee is lent a new
                // one of the type it takes.
                let fresh = match (&a.kind, normalise(&p.ty)) {
                    (ExprKind::List(xs), Ty::List(_)) if xs.is_empty() => Some("Vec::new()"),
                    (ExprKind::Dict(kvs), Ty::Dict(..)) if kvs.is_empty() => {
                        Some("std::collections::HashMap::new()")
                    }
                    _ => None,
                };
                if let Some(fresh) = fresh {
                    cs.push(format!("&mut {fresh}"));
                    continue;
                }
                if normalise(have) != taken(p) {
                    return self.decline(
                        line,
                        format!("call of `{func}`, which takes `{}`, with {have}", p.written),
                    );
                }
                lent.push(cs.len());
                cs.push(self.lent_arg(func, a, line)?);
                continue;
            }
            if p.borrowed_items {
                return self.decline(
                    line,
                    format!("call of `{func}`, which takes `{}`", p.written),
                );
            }
            let want = taken(p);
            if let Ty::Func(given, _) = &want {
                cs.push(self.function_arg(func, a, p, given, &want, line)?);
                continue;
            }
            // A tree node is borrowed (`&Node`, `Option<&Node>`).
            if self.node_class(&want).is_some() {
                cs.push(self.node_value(a, &want)?);
                continue;
            }
            match (p.passing, &want) {
                (Passing::Borrowed, Ty::Str) => {
                    let c = self.expr(a)?;
                    cs.push(self.as_str(&c));
                }
                (Passing::Borrowed, _) => {
                    let v = self.value(a, &want)?;
                    cs.push(format!("&{}", wrap_text(&v)));
                }
                (Passing::Owned, _) => cs.push(self.value(a, &want)?),
                (Passing::Rest, _) => {
                    return self.decline(line, format!("call of `{func}`, which is variadic"))
                }
            }
        }
        Ok(self.lending_call(func, args, cs, &lent))
    }

    /// The function a caller passes for a callee's `impl Fn(..)` parameter
    /// `p` (instantiated: `want`, whose arguments are `given`): a lambda
    /// (see [`Self::lambda_arg`]), or a function parameter of the caller's
    /// own, of that very type, lent (`&f`: a reference to an `Fn` is one,
    /// and the caller keeps its own). The callee lends its function the
    /// values of its type variables (`&T`) where the caller's own `impl
    /// Fn` of a number or a boolean would take them by value: declined, as
    /// is a function of another type.
    fn function_arg(
        &mut self,
        func: &str,
        a: &Expr,
        p: &super::super::analysis::signature::SignatureParam,
        given: &[Ty],
        want: &Ty,
        line: usize,
    ) -> Res<String> {
        let normalise = super::super::analysis::normalise;
        if let (ExprKind::Lambda { params, body }, Ty::Func(scheme, _), Ty::Func(_, r)) =
            (&a.kind, normalise(&p.ty), want)
        {
            return self.lambda_arg(func, params, body, p, &scheme, given, r, line);
        }
        if let Ty::Func(scheme, _) = normalise(&p.ty) {
            if let Some(t) = scheme
                .iter()
                .zip(given)
                .find(|(s, t)| matches!(s, Ty::Var(_)) && is_copy(t))
                .map(|(_, t)| t)
            {
                return self.decline(
                    line,
                    format!(
                        "call of `{func}`, which lends its function `{}` the {t} values it would take by value",
                        p.written
                    ),
                );
            }
        }
        let have = normalise(self.model.ty(a));
        if !matches!(a.kind, ExprKind::Name(_)) || have != *want {
            let what = match a.kind {
                ExprKind::Lambda { .. } => "a lambda".to_string(),
                _ => format!("a value of type {have}"),
            };
            return self.decline(
                line,
                format!(
                    "call of `{func}` passing {what} where it takes `{}`",
                    p.written
                ),
            );
        }
        let c = self.expr(a)?;
        Ok(format!("&{}", c.at(UNARY)))
    }

    /// A lambda passed for a callee's `impl Fn(..)` parameter `p` (of the
    /// callee's own argument types `scheme`, instantiated `given`, and
    /// result `ret`): a Rust closure whose argument types the callee's
    /// bound gives (`|x, i, _|`: one for each argument the callee passes,
    /// those the lambda does not name `_`, as JavaScript drops them). An
    /// argument the callee lends (`&T`) is copied into a binding of the
    /// lambda's name (`let x = x.clone();`), so the body reads the value
    /// of the type it was typed at; a lambda that changes it then fails to
    /// build rather than changing a copy. A lambda of more parameters than
    /// the callee passes is declined.
    #[allow(clippy::too_many_arguments)] // The call's parts, each read once.
    fn lambda_arg(
        &mut self,
        func: &str,
        params: &[(String, super::super::ir::ExprId)],
        body: &Expr,
        p: &super::super::analysis::signature::SignatureParam,
        scheme: &[Ty],
        given: &[Ty],
        ret: &Ty,
        line: usize,
    ) -> Res<String> {
        if params.len() > given.len() || scheme.len() != given.len() {
            return self.decline(
                line,
                format!(
                    "call of `{func}` passing a lambda of {} parameters where it takes `{}`",
                    params.len(),
                    p.written
                ),
            );
        }
        let mut names = Vec::new();
        let mut lets = Vec::new();
        for (j, (s, g)) in scheme.iter().zip(given).enumerate() {
            let Some((name, _)) = params.get(j) else {
                names.push("_".to_string());
                continue;
            };
            let n = rust_name(name);
            if !is_copy(s) {
                self.bounds.need(g, Bound::Clone);
                lets.push(format!("let {n} = {n}.clone();"));
            }
            names.push(n);
        }
        let b = self.value(body, ret)?;
        let b = if lets.is_empty() {
            b
        } else {
            format!("{{ {} {b} }}", lets.join(" "))
        };
        Ok(format!("|{}| {b}", names.join(", ")))
    }

    /// The types a call of a generic function of another unit gives its
    /// type variables (`None` for a function that is not generic), read
    /// from the arguments' types as the analysis instantiated them; each
    /// variable's bounds become bounds of the caller's types put in
    /// (`Clone` of the callee's `T` is `Clone` of the caller's `U` passed
    /// as it). Declined where an argument leaves a variable unknown (the
    /// call would not say which type), and where the caller's own
    /// variable would need `JsPrimitive` outside a crate that declares
    /// the trait once (`project::crate_support`): a file that declares it
    /// for itself has a trait the callee's file does not. A `JsPrimitive`
    /// variable put in as part of a type (`Vec<T>`) is declined: no
    /// container is a primitive.
    fn instantiate(
        &mut self,
        func: &str,
        sig: &RustSignature,
        args: &[Expr],
        line: usize,
    ) -> Res<Option<super::super::analysis::instantiate::Subst>> {
        use super::super::analysis::{instantiate, normalise};
        if sig.generics.is_empty() {
            return Ok(None);
        }
        let params: Vec<Ty> = sig.params.iter().map(|p| normalise(&p.ty)).collect();
        let tys: Vec<Ty> = args.iter().map(|a| self.model.ty(a).clone()).collect();
        let subst = match instantiate::instantiate(&params, &tys) {
            Ok(s) => s,
            Err(c) => {
                return self.decline(
                    line,
                    format!(
                        "call of `{func}` whose type parameter `{}` would be both {} and {}",
                        c.var, c.first, c.second
                    ),
                )
            }
        };
        for g in &sig.generics {
            let Some(t) = subst.get(&g.name).filter(|t| t.is_known()) else {
                return self.decline(
                    line,
                    format!(
                        "call of `{func}` whose type parameter `{}` its arguments do not give",
                        g.name
                    ),
                );
            };
            let mut vars = Vec::new();
            super::super::analysis::generics::vars_in(t, &mut vars);
            for b in &g.bounds {
                let bound = match b.as_str() {
                    "Clone" => Bound::Clone,
                    "PartialEq" => Bound::PartialEq,
                    "Eq" => Bound::Eq,
                    "PartialOrd" => Bound::PartialOrd,
                    "Ord" => Bound::Ord,
                    "Hash" => Bound::Hash,
                    "Default" => Bound::Default,
                    "JsPrimitive" if vars.is_empty() => continue,
                    "JsPrimitive" if self.support.crate_shared && matches!(t, Ty::Var(_)) => {
                        helpers::js_primitive(self.support);
                        Bound::JsPrimitive
                    }
                    other => {
                        return self.decline(
                            line,
                            format!(
                                "call of `{func}`, whose type parameter `{}` is bound by `{other}`, with {t}",
                                g.name
                            ),
                        )
                    }
                };
                self.bounds.need(t, bound);
            }
        }
        Ok(Some(subst))
    }

    /// The call `func(cs)`, whose arguments at `lent` lend a list (`&mut
    /// xs`): where another argument reads that list (`f(&mut xs,
    /// xs.len() - 1)`), the others are computed first, in their order (a
    /// lent argument is a name, which computes nothing), since Rust does
    /// not read a value it has lent.
    fn lending_call(&self, func: &str, args: &[Expr], cs: Vec<String>, lent: &[usize]) -> Code {
        let lent_names: Vec<&str> = lent
            .iter()
            .filter_map(|&i| match &args.get(i)?.kind {
                ExprKind::Name(n) => Some(n.as_str()),
                _ => None,
            })
            .collect();
        let reads_lent = args.iter().enumerate().any(|(j, a)| {
            if lent.contains(&j) {
                return false;
            }
            let mut found = false;
            for_each_expr(a, &mut |x| {
                found |= matches!(&x.kind, ExprKind::Name(n) if lent_names.contains(&n.as_str()));
            });
            found
        });
        let call = |cs: &[String]| format!("{}({})", rust_name(func), cs.join(", "));
        if !reads_lent {
            return Code::atom(call(&cs));
        }
        let mut lets = Vec::new();
        let mut passed = Vec::new();
        for (i, c) in cs.into_iter().enumerate() {
            if lent.contains(&i) {
                passed.push(c);
            } else {
                let t = self.fresh(&format!("arg{i}"));
                lets.push(format!("let {t} = {c};"));
                passed.push(t);
            }
        }
        Code::atom(format!("{{ {} {} }}", lets.join(" "), call(&passed)))
    }

    /// Whether parameter `p` of the unit's function `func` is written
    /// `&mut`: a list, dict or set it changes in place, where no target
    /// signature says how `func` takes it.
    fn lends_mut(&self, func: &str, p: LocalId) -> bool {
        self.signed.as_deref() != Some(func)
            && self.changed.contains(&p)
            && !self.given_back.contains(&p)
    }

    /// Whether parameter `p` of the unit's function `func` is taken by
    /// value and given back (see [`rust_given_back`]).
    fn gives_back(&self, func: &str, p: LocalId) -> bool {
        self.signed.as_deref() != Some(func) && self.given_back.contains(&p)
    }

    /// The argument moved into `func`'s parameter that is changed in place
    /// and given back: a list nothing else holds, or a local's list at its
    /// last use (`shared_then_used` holds the reads of a changed list its
    /// name is used after). Python's caller would see the change through
    /// any other path to the list, which Rust's call has moved away.
    fn moved_arg(&mut self, func: &str, a: &Expr, want: &Ty, line: usize) -> Res<String> {
        if rust_given_back::is_fresh_list(a) {
            return self.value(a, want);
        }
        let (ExprKind::Name(n), Some(l)) = (&a.kind, self.local_of(a.id)) else {
            return self.decline(
                line,
                format!("call of `{func}`, which changes a list in place and returns it, with a value that is not a local"),
            );
        };
        let local = &self.model.scopes.locals[l.0];
        let owned = !self.mut_params.contains(&l)
            && !self.borrowed_str.contains(&l)
            && !local.captured_by_function
            && super::super::analysis::normalise(self.model.ty(a))
                == super::super::analysis::normalise(want);
        if !owned || self.shared_then_used.contains(&a.id) {
            return self.decline(
                line,
                format!("`{n}` given to `{func}`, which changes it in place and returns it, and used after (Python's `{n}` sees the change)"),
            );
        }
        Ok(rust_name(n))
    }

    /// The locals of `f` (not of its nested functions) passed to a
    /// parameter written `&mut`: they are `let mut`.
    fn lent_locals(&self, f: &Function) -> Vec<LocalId> {
        let mut out = Vec::new();
        for_each_stmt(&f.body, false, &mut |s| {
            for_each_stmt_expr(s, |e| {
                for_each_expr(e, &mut |x| {
                    let ExprKind::Call { func, args } = &x.kind else {
                        return;
                    };
                    let Some(params) = self.model.scopes.function_params.get(func) else {
                        // A function of another unit that changes its
                        // argument in place (`&mut` in its signature).
                        if let Some(sig) = self.model.externs.get(func) {
                            for (a, p) in args.iter().zip(&sig.params) {
                                if let (ExprKind::Name(_), true) = (&a.kind, p.mutable) {
                                    out.extend(self.local_of(a.id));
                                }
                            }
                        }
                        return;
                    };
                    for (a, p) in args.iter().zip(params) {
                        if let (ExprKind::Name(_), true) = (&a.kind, self.lends_mut(func, *p)) {
                            out.extend(self.local_of(a.id));
                        }
                    }
                })
            })
        });
        out
    }

    /// The argument lent to `func`'s `&mut` parameter: a local (`&mut
    /// xs`) or a `&mut` parameter lent on (`xs`); anything else is a
    /// value Python's caller could not see changed either, but Rust wants
    /// a place.
    fn lent_arg(&mut self, func: &str, a: &Expr, line: usize) -> Res<String> {
        let (ExprKind::Name(n), Some(l)) = (&a.kind, self.local_of(a.id)) else {
            return self.decline(
                line,
                format!("call of `{func}`, which changes an argument in place, with a value"),
            );
        };
        if self.model.scopes.locals[l.0].captured_by_function {
            return self.decline(line, format!("`{n}` used by a nested function"));
        }
        Ok(if self.mut_params.contains(&l) {
            rust_name(n)
        } else {
            format!("&mut {}", rust_name(n))
        })
    }

    fn borrowed_param(&self, _func: &str, p: LocalId) -> bool {
        self.borrowed_str.contains(&p)
    }

    /// A collection value readable in place (an iterator is collected).
    fn readable(&mut self, c: Code, t: &Ty, line: usize) -> Res<String> {
        if c.form == Form::Iter {
            let ty = self.ty(t, line)?;
            return Ok(format!("{}.collect::<{ty}>()", c.at(ATOM)));
        }
        Ok(c.at(ATOM))
    }

    /// `a op b` with `a` already written as `ca`; `a_nonneg` says whether
    /// the analysis proved `a` non-negative.
    #[allow(clippy::too_many_arguments)] // both operands, typed, and the line
    fn binary_code(
        &mut self,
        op: BinOp,
        ca: Code,
        a_nonneg: bool,
        at: &Ty,
        b: &Expr,
        bt: &Ty,
        line: usize,
    ) -> Res<Code> {
        let both_int = at.is_int() && bt.is_int();
        let any_float = at.is_float() || bt.is_float();
        let numeric = at.is_numeric() && bt.is_numeric();
        let result = super::super::analysis::infer::binary_ty(op, at, bt);
        // Operands as numbers of the result's type.
        let num = |w: &mut Self, c: Code, t: &Ty| -> Res<Code> {
            if result.is_float() && t.is_int() {
                Ok(Code::temp(format!("{} as {}", c.at(CAST), w.float), CAST))
            } else if *t == Ty::Bool {
                Ok(Code::temp(format!("{} as {}", c.at(CAST), w.int), CAST))
            } else {
                Ok(c)
            }
        };
        let owned_b = |w: &mut Self| -> Res<Code> {
            let c = w.expr(b)?;
            w.owned(c, bt, line)
        };
        match op {
            BinOp::Add(_) if matches!(result, Ty::Str) => {
                let cb = self.expr(b)?;
                Ok(Code::atom(format!(
                    "format!(\"{{}}{{}}\", {}, {})",
                    ca.text, cb.text
                )))
            }
            BinOp::Add(_) if matches!(result, Ty::List(_)) => {
                let cb = self.expr(b)?;
                let a = self.readable(ca, at, line)?;
                let bb = self.readable(cb, bt, line)?;
                Ok(Code::atom(format!("[&{a}[..], &{bb}[..]].concat()")))
            }
            BinOp::Mul(_) if matches!(result, Ty::Str | Ty::List(_)) => {
                let (seq, n, seq_ty) = if matches!(at, Ty::Str | Ty::Char | Ty::List(_)) {
                    (ca, self.expr(b)?, at)
                } else {
                    (self.expr(b)?, ca, bt)
                };
                let seq_text = match seq_ty {
                    Ty::Char => format!("{}.to_string()", seq.at(ATOM)),
                    _ => seq.at(ATOM),
                };
                // `[T]::repeat` needs `T: Copy`; other items are cloned.
                if let Ty::List(item) = seq_ty {
                    if !is_copy(item) {
                        let seq = self.owned(seq, seq_ty, line)?;
                        return Ok(Code::atom(format!(
                            "std::iter::repeat({}).take({}.max(0) as usize).flatten().collect::<Vec<_>>()",
                            seq.text,
                            n.at(ATOM)
                        )));
                    }
                }
                Ok(Code::atom(format!(
                    "{seq_text}.repeat({}.max(0) as usize)",
                    n.at(ATOM)
                )))
            }
            _ if !(numeric || at == &Ty::Bool || bt == &Ty::Bool) => {
                self.decline(line, format!("`{}` on {at} and {bt}", op_symbol(op)))
            }
            BinOp::Add(_) | BinOp::Sub | BinOp::Mul(_) => {
                let a = num(self, ca, at)?;
                let cb = owned_b(self)?;
                let bb = num(self, cb, bt)?;
                let p = if matches!(op, BinOp::Mul(_)) {
                    MUL
                } else {
                    ADD
                };
                Ok(Code::temp(
                    format!("{} {} {}", a.at(p), op_symbol(op), bb.at(p + 1)),
                    p,
                ))
            }
            BinOp::Div(_) => {
                let conv = |w: &Self, c: Code, t: &Ty| -> Code {
                    if t.is_float() {
                        c
                    } else {
                        Code::temp(format!("{} as {}", c.at(CAST), w.float), CAST)
                    }
                };
                let a = conv(self, ca, at);
                let nonzero_literal = match b.kind {
                    ExprKind::Lit(Lit::Int(v)) => v != 0,
                    ExprKind::Lit(Lit::Float(v)) => v != 0.0,
                    _ => false,
                };
                let cb = owned_b(self)?;
                let bb = conv(self, cb, bt);
                if nonzero_literal {
                    return Ok(Code::temp(
                        format!("{} / {}", a.at(MUL), bb.at(MUL + 1)),
                        MUL,
                    ));
                }
                // Python raises on a zero divisor where a float division
                // gives an infinity or NaN.
                match self.gap(Gap::TrueDivision) {
                    Bridge::Exact => Ok(Code::temp(
                        format!("{} / {}", a.at(MUL), bb.at(MUL + 1)),
                        MUL,
                    )),
                    Bridge::Obligation {
                        otherwise: Some(_), ..
                    } => {
                        let h = helpers::py_truediv(self.support, self.float);
                        Ok(Code::atom(format!("{h}({}, {})", a.text, bb.text)))
                    }
                    _ => self.decline(line, "`/` by a value that may be zero"),
                }
            }
            // JavaScript's `%` (and a truncating division) round toward
            // zero, as Rust's `%` and `/` do on integers and floats alike.
            BinOp::FloorDiv(Rounding::Trunc) | BinOp::Rem(Rounding::Trunc)
                if self.gap(if matches!(op, BinOp::Rem(_)) {
                    Gap::RemainderSign
                } else {
                    Gap::IntDivisionRounding
                }) == Bridge::Exact
                    && !(matches!(op, BinOp::FloorDiv(_)) && any_float) =>
            {
                let a = num(self, ca, at)?;
                let cb = owned_b(self)?;
                let bb = num(self, cb, bt)?;
                let sym = if matches!(op, BinOp::Rem(_)) {
                    "%"
                } else {
                    "/"
                };
                Ok(Code::temp(
                    format!("{} {sym} {}", a.at(MUL), bb.at(MUL + 1)),
                    MUL,
                ))
            }
            // A truncating division of floats has no form here.
            BinOp::FloorDiv(Rounding::Trunc) if any_float => {
                self.decline(line, "truncating division of floats")
            }
            BinOp::FloorDiv(_) | BinOp::Rem(_) if any_float => {
                if matches!(op, BinOp::Rem(_)) {
                    let a = num(self, ca, at)?;
                    let cb = owned_b(self)?;
                    let bb = num(self, cb, bt)?;
                    let h = helpers::py_fmod(self.support, self.float);
                    return Ok(Code::atom(format!("{h}({}, {})", a.text, bb.text)));
                }
                let a = num(self, ca, at)?;
                let cb = owned_b(self)?;
                let bb = num(self, cb, bt)?;
                let h = helpers::py_truediv(self.support, self.float);
                Ok(Code::atom(format!("{h}({}, {}).floor()", a.text, bb.text)))
            }
            BinOp::FloorDiv(_) | BinOp::Rem(_) => {
                let gap_kind = if matches!(op, BinOp::Rem(_)) {
                    Gap::RemainderSign
                } else {
                    Gap::IntDivisionRounding
                };
                let b_nonneg = self.model.non_negative(b);
                let a = num(self, ca, at)?;
                let cb = owned_b(self)?;
                let bb = num(self, cb, bt)?;
                let sym = if matches!(op, BinOp::Rem(_)) {
                    "%"
                } else {
                    "/"
                };
                if a_nonneg && b_nonneg {
                    return Ok(Code::temp(
                        format!("{} {sym} {}", a.at(MUL), bb.at(MUL + 1)),
                        MUL,
                    ));
                }
                match self.gap(gap_kind) {
                    Bridge::Obligation {
                        otherwise: Some(_), ..
                    } => {
                        let h = if matches!(op, BinOp::Rem(_)) {
                            helpers::py_mod(self.support, self.int)
                        } else {
                            helpers::py_div(self.support, self.int)
                        };
                        Ok(Code::atom(format!("{h}({}, {})", a.text, bb.text)))
                    }
                    _ => self.decline(
                        line,
                        format!("`{}` on numbers that may be negative", op_symbol(op)),
                    ),
                }
            }
            BinOp::Pow => {
                if both_int {
                    let exp_nonneg = self.model.non_negative(b);
                    if !exp_nonneg {
                        return self.decline(line, "`**` with an exponent that may be negative");
                    }
                    let cb = self.expr(b)?;
                    Ok(Code::atom(format!(
                        "{}.pow({} as u32)",
                        self.receiver(&ca, false),
                        cb.at(CAST)
                    )))
                } else {
                    let a = num(self, ca, at)?;
                    let cb = owned_b(self)?;
                    let bb = num(self, cb, bt)?;
                    let bb = if bt.is_int() {
                        format!("{} as {}", bb.at(CAST), self.float)
                    } else {
                        bb.text
                    };
                    // JavaScript's `1 ** NaN` and `(±1) ** ±Infinity` are
                    // NaN, where `powf` gives 1.
                    if self.from == Lang::JavaScript {
                        let h = helpers::js_powf(self.support, self.float);
                        return Ok(Code::atom(format!("{h}({}, {bb})", a.text)));
                    }
                    Ok(Code::atom(format!(
                        "{}.powf({bb})",
                        self.receiver(&a, true)
                    )))
                }
            }
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => {
                let ok = both_int || (at == &Ty::Bool && bt == &Ty::Bool);
                if !ok {
                    return self.decline(line, format!("`{}` on {at} and {bt}", op_symbol(op)));
                }
                let p = match op {
                    BinOp::BitAnd => BITAND,
                    BinOp::BitOr => BITOR,
                    _ => BITXOR,
                };
                let cb = owned_b(self)?;
                Ok(Code::temp(
                    format!("{} {} {}", ca.at(p), op_symbol(op), cb.at(p + 1)),
                    p,
                ))
            }
            // Python's shifts on its unbounded integers, through helpers
            // that panic where the count is negative or the result leaves
            // the width. JavaScript's shift 32-bit integers: not these.
            BinOp::Shl | BinOp::Shr if both_int && self.from == Lang::Python => {
                let h = if op == BinOp::Shl {
                    helpers::py_shl(self.support, self.int)
                } else {
                    helpers::py_shr(self.support, self.int)
                };
                let cb = owned_b(self)?;
                Ok(Code::atom(format!("{h}({}, {})", ca.text, cb.text)))
            }
            BinOp::Shl | BinOp::Shr => {
                self.decline(line, format!("shift operator on {at} and {bt}"))
            }
        }
    }

    /// Code as the receiver of a method: a bare number literal needs its
    /// type (`2_i64.pow(..)`), which Rust cannot infer there.
    fn receiver(&self, c: &Code, float: bool) -> String {
        let t = c.text.trim_start_matches('-');
        let literal = !t.is_empty() && t.chars().all(|ch| ch.is_ascii_digit() || ch == '.');
        match (literal, float) {
            (true, true) => format!("({}_{})", c.text, self.float),
            (true, false) => format!("({}_{})", c.text, self.int),
            _ => c.at(ATOM),
        }
    }

    /// A condition: `e` tested with Python's truthiness.
    fn cond(&mut self, e: &Expr) -> Res<String> {
        let t = self.model.ty(e).clone();
        match &e.kind {
            ExprKind::Logic { op, operands, .. } => {
                let mut parts = Vec::new();
                for o in operands {
                    let c = self.cond(o)?;
                    let p = if *op == LogicOp::And { AND } else { OR };
                    parts.push(wrap_prec(&c, p + 1));
                }
                let sep = if *op == LogicOp::And { " && " } else { " || " };
                return Ok(parts.join(sep));
            }
            // `not node`: a node is true (see below).
            ExprKind::Not(x, _)
                if self.node_class(self.model.ty(x)).is_some() && self.node_param(x).is_none() =>
            {
                let c = self.expr(x)?;
                return Ok(format!("{}.is_none()", c.at(ATOM)));
            }
            ExprKind::Not(x, _) => {
                let c = self.cond(x)?;
                return Ok(format!("!{}", wrap_prec(&c, UNARY)));
            }
            ExprKind::Compare { first, rest } => return self.compare(first, rest, e.line),
            _ => {}
        }
        if self.from == Lang::JavaScript {
            match &t {
                // An array or object that may be null is true where it is
                // there.
                Ty::Option(_) if self.always_true_option(&t) => {
                    let c = self.expr(e)?;
                    return Ok(format!("{}.is_some()", c.at(ATOM)));
                }
                // A string that may be null is true where it is there
                // and not empty.
                Ty::Option(x) if **x == Ty::Str => {
                    let c = self.expr(e)?;
                    return Ok(format!(
                        "{}.as_ref().is_some_and(|s| !s.is_empty())",
                        c.at(ATOM)
                    ));
                }
                // An array or object is always true in JavaScript.
                Ty::List(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Tuple(_) => {
                    return self.decline(e.line, format!("truth value of {t} (always true)"))
                }
                // `NaN` is false too.
                Ty::Float(_) => {
                    let c = self.expr(e)?;
                    let v = c.at(ATOM);
                    return Ok(format!("({v} != 0.0 && !{v}.is_nan())"));
                }
                // A value of any type: a primitive's truth (an object,
                // always true, is no `JsPrimitive`).
                Ty::Var(_) => {
                    helpers::js_primitive(self.support);
                    self.bounds.need(&t, Bound::JsPrimitive);
                    let c = self.expr(e)?;
                    return Ok(format!("{}.js_truthy()", c.at(ATOM)));
                }
                _ => {}
            }
        }
        if self.node_class(&t).is_some() {
            // A dataclass without methods has no `__bool__` or `__len__`:
            // a node is true, `None` false.
            if self.node_param(e).is_some_and(|l| self.holds_node(l)) {
                return Ok("true".into());
            }
            let c = self.expr(e)?;
            return Ok(format!("{}.is_some()", c.at(ATOM)));
        }
        let c = self.expr(e)?;
        Ok(match t {
            Ty::Bool => c.text,
            Ty::Int(_) => format!("{} != 0", c.at(CMP + 1)),
            Ty::Float(_) => format!("{} != 0.0", c.at(CMP + 1)),
            Ty::Str | Ty::List(_) | Ty::Dict(..) | Ty::Set(_) => {
                let c = if c.form == Form::Iter {
                    let ty = self.ty(&t, e.line)?;
                    Code::atom(format!("{}.collect::<{ty}>()", c.at(ATOM)))
                } else {
                    c
                };
                format!("!{}.is_empty()", c.at(ATOM))
            }
            Ty::Char => "true".into(),
            other => return self.decline(e.line, format!("truth value of {other}")),
        })
    }

    /// `a or b` / `a || b` (and `and`/`&&`) giving one of its operands,
    /// all of the type `t`, a number or a string: the first operand that
    /// decides, tested once and evaluated once, the rest only where it
    /// does not decide (`if n != 0 { n } else { 1 }`).
    fn logic_value(
        &mut self,
        (op, truthiness): (LogicOp, Truthiness),
        operands: &[Expr],
        t: &Ty,
        line: usize,
    ) -> Res<String> {
        const NOT_BOOL: &str = "`and`/`or` giving a value that is not a bool";
        let Some((first, rest)) = operands.split_first() else {
            return self.decline(line, NOT_BOOL);
        };
        // JavaScript's `a || b` where `a` may be null (`array || []`,
        // `n || 0` of an optional number): `a`'s value where it is there
        // and true (see `analysis::infer`).
        let optional = Ty::Option(Box::new(t.clone()));
        if op == LogicOp::Or
            && truthiness == Truthiness::JavaScript
            && !rest.is_empty()
            && *self.model.ty(first) == optional
        {
            return self.or_present(first, rest, t, &optional, line);
        }
        // An array or object is always true: `array || []` gives `array`
        // (the rest is never evaluated).
        if op == LogicOp::Or
            && truthiness == Truthiness::JavaScript
            && self.always_true_option(&Ty::Option(Box::new(self.model.ty(first).clone())))
        {
            return self.value(first, t);
        }
        // A value of any type from JavaScript: a primitive's truth.
        let primitive = matches!(t, Ty::Var(_)) && truthiness == Truthiness::JavaScript;
        if !(matches!(t, Ty::Int(_) | Ty::Float(_) | Ty::Str) || primitive)
            || operands.iter().any(|o| self.model.ty(o) != t)
        {
            return self.decline(line, NOT_BOOL);
        }
        if rest.is_empty() {
            return self.value(first, t);
        }
        let rest = self.logic_value((op, truthiness), rest, t, line)?;
        let value = self.value(first, t)?;
        // A name is tested where it is; anything else once, into a local.
        let (bind, held) = match &first.kind {
            ExprKind::Name(_) => (String::new(), self.expr(first)?.at(ATOM)),
            _ => {
                let v = self.fresh("value");
                (format!("let {v} = {value}; "), v)
            }
        };
        let truth = match t {
            Ty::Var(_) => {
                helpers::js_primitive(self.support);
                self.bounds.need(t, Bound::JsPrimitive);
                format!("{held}.js_truthy()")
            }
            Ty::Int(_) => format!("{held} != 0"),
            // JavaScript's `NaN` is false, Python's true.
            Ty::Float(_) if truthiness == Truthiness::JavaScript => {
                format!("{held} != 0.0 && !{held}.is_nan()")
            }
            Ty::Float(_) => format!("{held} != 0.0"),
            _ => format!("!{held}.is_empty()"),
        };
        let kept = if bind.is_empty() { value } else { held };
        let (then, orelse) = match op {
            LogicOp::Or => (kept, rest),
            LogicOp::And => (rest, kept),
        };
        let choice = if orelse.starts_with("if ") {
            format!("if {truth} {{ {then} }} else {orelse}")
        } else {
            format!("if {truth} {{ {then} }} else {{ {orelse} }}")
        };
        Ok(if bind.is_empty() {
            choice
        } else {
            format!("{{ {bind}{choice} }}")
        })
    }

    /// JavaScript's `a || rest` where `a` is an `Option<T>`: `a`'s value
    /// where it is there and true, else `rest`, with `a` evaluated once
    /// (`match a { Some(v) if v != 0 => v, _ => rest }`). An array or
    /// object is true wherever it is there (`array || []`).
    fn or_present(
        &mut self,
        first: &Expr,
        rest: &[Expr],
        t: &Ty,
        optional: &Ty,
        line: usize,
    ) -> Res<String> {
        let rest = match rest {
            // The last operand is the value as it is (`[]` of the type).
            [last] => self.value(last, t)?,
            _ => self.logic_value((LogicOp::Or, Truthiness::JavaScript), rest, t, line)?,
        };
        let scrutinee = self.value(first, optional)?;
        let v = self.fresh("value");
        let guard = match t {
            _ if self.always_true_option(optional) => String::new(),
            Ty::Int(_) => format!(" if {v} != 0"),
            Ty::Float(_) => format!(" if {v} != 0.0 && !{v}.is_nan()"),
            Ty::Str => format!(" if !{v}.is_empty()"),
            Ty::Var(_) => {
                helpers::js_primitive(self.support);
                self.bounds.need(t, Bound::JsPrimitive);
                format!(" if {v}.js_truthy()")
            }
            _ => {
                return self.decline(
                    line,
                    format!("`||` giving a value of {t} that may be null (its truth is not known)"),
                )
            }
        };
        Ok(format!(
            "match {scrutinee} {{ Some({v}){guard} => {v}, _ => {rest} }}"
        ))
    }

    fn compare(&mut self, first: &Expr, rest: &[(CmpOp, Expr)], line: usize) -> Res<String> {
        let mut links = Vec::new();
        let mut left = first;
        for (i, (op, right)) in rest.iter().enumerate() {
            // A middle operand is written twice: it must have no effects.
            if i + 1 < rest.len() && !is_pure(right) {
                return self.decline(line, "chained comparison with a middle that has effects");
            }
            links.push(self.compare_one(left, *op, right, line)?);
            left = right;
        }
        if links.len() == 1 {
            return Ok(links.remove(0));
        }
        Ok(links
            .iter()
            .map(|l| wrap_prec(l, AND + 1))
            .collect::<Vec<_>>()
            .join(" && "))
    }

    fn compare_one(&mut self, a: &Expr, op: CmpOp, b: &Expr, line: usize) -> Res<String> {
        let at = self.model.ty(a).clone();
        let bt = self.model.ty(b).clone();
        // JavaScript's `===` compares arrays and objects by identity,
        // which Rust's `==` on values does not.
        if matches!(
            op,
            CmpOp::Eq(EqSem::Identity | EqSem::Loose)
                | CmpOp::NotEq(EqSem::Identity | EqSem::Loose)
        ) && [&at, &bt].iter().any(|t| {
            matches!(
                t,
                Ty::List(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Tuple(_) | Ty::Class(_)
            )
        }) {
            return self.decline(line, "`===` on arrays or objects (identity)");
        }
        // A plain node class has no `__eq__`: Python's `==` (and `in`,
        // which uses it) is identity there, which borrowed nodes do not
        // compare.
        if !matches!(op, CmpOp::Is | CmpOp::IsNot) {
            if let Some(c) = [&at, &bt].into_iter().find_map(|t| self.identity_node(t)) {
                return self.decline(
                    line,
                    format!("comparing nodes of `{c}` (identity in Python)"),
                );
            }
        }
        match op {
            CmpOp::In | CmpOp::NotIn => {
                let c = self.membership(a, &at, b, &bt, line)?;
                return Ok(if op == CmpOp::NotIn {
                    format!("!{}", wrap_prec(&c, UNARY))
                } else {
                    c
                });
            }
            CmpOp::Is | CmpOp::IsNot => {
                let none = |e: &Expr| matches!(e.kind, ExprKind::Lit(Lit::None));
                let (x, xt) = if none(b) {
                    (a, &at)
                } else if none(a) {
                    (b, &bt)
                } else {
                    return self.decline(line, "`is` with something other than `None`");
                };
                if let Some(v) = self.none_test_of_value(x, xt) {
                    return Ok((v != (op == CmpOp::IsNot)).to_string());
                }
                // A node a guard has unwrapped is not `None`.
                if self.node_param(x).is_some_and(|l| self.holds_node(l)) {
                    return Ok((op == CmpOp::IsNot).to_string());
                }
                none_test_of_var(xt, line)?;
                if !matches!(xt, Ty::Option(_)) {
                    return self.decline(line, "`is None` on a value that cannot be None");
                }
                let c = self.expr(x)?;
                let m = if op == CmpOp::Is {
                    "is_none"
                } else {
                    "is_some"
                };
                return Ok(format!("{}.{m}()", c.at(ATOM)));
            }
            _ => {}
        }
        let sym = match op {
            CmpOp::Eq(_) => "==",
            CmpOp::NotEq(_) => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            _ => ">=",
        };
        let is_eq = matches!(op, CmpOp::Eq(_) | CmpOp::NotEq(_));
        // `== None`.
        if is_eq
            && (matches!(b.kind, ExprKind::Lit(Lit::None))
                || matches!(a.kind, ExprKind::Lit(Lit::None)))
        {
            let (x, xt) = if matches!(b.kind, ExprKind::Lit(Lit::None)) {
                (a, &at)
            } else {
                (b, &bt)
            };
            none_test_of_var(xt, line)?;
            if !matches!(xt, Ty::Option(_)) {
                return Ok(if sym == "==" {
                    "false".into()
                } else {
                    "true".into()
                });
            }
            let c = self.expr(x)?;
            let m = if sym == "==" { "is_none" } else { "is_some" };
            return Ok(format!("{}.{m}()", c.at(ATOM)));
        }
        // Operands of one type, so Rust compares what Python compares.
        let (sa, sb) = match (&at, &bt) {
            (x, y) if x.is_numeric() && y.is_numeric() => {
                let want = if x.is_float() || y.is_float() {
                    Ty::Float(FloatTy::F64)
                } else {
                    Ty::Int(IntTy::Unbounded)
                };
                let ca = self.expr(a)?;
                let ca = self.coerce(ca, &at, &want, line)?;
                let cb = self.expr(b)?;
                let cb = self.coerce(cb, &bt, &want, line)?;
                (ca, cb)
            }
            (Ty::Bool, Ty::Bool) if is_eq => (self.expr(a)?.text, self.expr(b)?.text),
            (Ty::Char, Ty::Char) => (self.expr(a)?.text, self.expr(b)?.text),
            (Ty::Char, Ty::Str) | (Ty::Str, Ty::Char) => {
                // A one-character literal compares as a `char`.
                let (ce, se, char_first) = if at == Ty::Char {
                    (a, b, true)
                } else {
                    (b, a, false)
                };
                let cc = self.expr(ce)?.text;
                let sc = match &se.kind {
                    ExprKind::Lit(Lit::Str(s)) if s.chars().count() == 1 => {
                        format!("{:?}", s.chars().next().unwrap_or(' '))
                    }
                    _ => {
                        // Python: a one-character string is never equal to
                        // one of another length; compare as strings.
                        let s = self.expr(se)?;
                        let cs = format!("{}.to_string()", wrap_text(&cc));
                        let ss = self.as_str(&s);
                        return Ok(if char_first {
                            format!("{cs}.as_str() {sym} {ss}")
                        } else {
                            format!("{ss} {sym} {cs}.as_str()")
                        });
                    }
                };
                if char_first {
                    (cc, sc)
                } else {
                    (sc, cc)
                }
            }
            (Ty::Str, Ty::Str) => {
                let ca = self.expr(a)?;
                let cb = self.expr(b)?;
                (self.as_str(&ca), self.as_str(&cb))
            }
            (Ty::List(x), Ty::List(y)) if x == y || !x.is_known() || !y.is_known() => {
                let ca = self.expr(a)?;
                let cb = self.expr(b)?;
                (self.readable(ca, &at, line)?, self.readable(cb, &bt, line)?)
            }
            (Ty::Set(x), Ty::Set(y)) | (Ty::List(x), Ty::Set(y)) if is_eq && x == y => {
                let ca = self.expr(a)?;
                let cb = self.expr(b)?;
                (self.readable(ca, &at, line)?, self.readable(cb, &bt, line)?)
            }
            (Ty::Tuple(_), Ty::Tuple(_)) | (Ty::Dict(..), Ty::Dict(..)) if at == bt => {
                (self.expr(a)?.at(CMP + 1), self.expr(b)?.at(CMP + 1))
            }
            // Both of one type variable: the caller's one type.
            (Ty::Var(x), Ty::Var(y)) if x == y => {
                (self.expr(a)?.at(CMP + 1), self.expr(b)?.at(CMP + 1))
            }
            (Ty::Option(x), y) | (y, Ty::Option(x)) if is_eq && **x == *y => {
                let ca = self.value(a, &Ty::Option(x.clone()))?;
                let cb = self.value(b, &Ty::Option(x.clone()))?;
                (ca, cb)
            }
            _ => return self.decline(line, format!("comparison of {at} and {bt}")),
        };
        let bound = if self.from == Lang::JavaScript && matches!(at, Ty::Var(_)) && at == bt {
            // Values of one type variable: JavaScript compares primitives
            // by value and objects by identity, so the caller's type is a
            // primitive (see `helpers::js_primitive`).
            helpers::js_primitive(self.support);
            Bound::JsPrimitive
        } else if is_eq {
            Bound::PartialEq
        } else {
            Bound::PartialOrd
        };
        self.bounds.need(&at, bound);
        self.bounds.need(&bt, bound);
        // `x as i64 < y` would parse `<` as generics: casts go in brackets.
        let side = |s: &str| {
            if top_prec(s) == CAST {
                format!("({s})")
            } else {
                wrap_prec(s, CMP + 1)
            }
        };
        Ok(format!("{} {sym} {}", side(&sa), side(&sb)))
    }

    fn membership(&mut self, a: &Expr, at: &Ty, b: &Expr, bt: &Ty, line: usize) -> Res<String> {
        if let Some(parts) = char_parts(b, at, self.model) {
            // A character among characters and one-character strings
            // written out (`c in (d, ".")`): an array of `char`s.
            let cs = parts
                .iter()
                .map(|x| self.value(x, &Ty::Char))
                .collect::<Res<Vec<_>>>()?;
            let needle = self.expr(a)?.text;
            return Ok(format!(
                "[{}].contains(&{})",
                cs.join(", "),
                wrap_text(&needle)
            ));
        }
        // `x in d.values()`: whether any value is `x`, which the order
        // the values come in does not change.
        if let ExprKind::Method {
            recv,
            method: Method::Values,
            args,
            ..
        } = &b.kind
        {
            if let (Ty::Dict(_, item), []) = (self.model.ty(recv).clone(), args.as_slice()) {
                self.bounds.need(&item, Bound::PartialEq);
                let h = self.expr(recv)?;
                let v = self.fresh("item");
                if *item == Ty::Str && *at == Ty::Str {
                    let ca = self.expr(a)?;
                    let n = self.as_str(&ca);
                    return Ok(format!(
                        "{}.values().any(|{v}| {v}.as_str() == {n})",
                        h.at(ATOM)
                    ));
                }
                if *item == Ty::Str && *at == Ty::Char {
                    let ca = self.expr(a)?;
                    return Ok(format!(
                        "{}.values().any(|{v}| *{v} == {}.to_string())",
                        h.at(ATOM),
                        ca.at(ATOM)
                    ));
                }
                let x = self.value(a, &item)?;
                return Ok(format!(
                    "{}.values().any(|{v}| *{v} == {})",
                    h.at(ATOM),
                    wrap_prec(&x, CMP + 1)
                ));
            }
        }
        match bt {
            Ty::Str => {
                let cb = self.expr(b)?;
                let needle = match at {
                    Ty::Char => self.expr(a)?.text,
                    Ty::Str => {
                        let ca = self.expr(a)?;
                        self.as_str(&ca)
                    }
                    _ => return self.decline(line, format!("`in` of {at} in a string")),
                };
                Ok(format!("{}.contains({needle})", cb.at(ATOM)))
            }
            Ty::List(item) | Ty::Set(item) => {
                self.bounds.need(item, Bound::PartialEq);
                // A literal collection of literals: compare in place.
                let item = (**item).clone();
                let cb = self.expr(b)?;
                let h = self.readable(cb, bt, line)?;
                if item == Ty::Str && *at == Ty::Str {
                    let ca = self.expr(a)?;
                    let n = self.as_str(&ca);
                    // Regression: `|v|` hid a local `v` in the needle, so
                    // `v in ws` held for any non-empty `ws`.
                    let v = self.fresh("item");
                    return Ok(format!("{h}.iter().any(|{v}| {v} == {n})"));
                }
                if item == Ty::Str && *at == Ty::Char {
                    let ca = self.expr(a)?;
                    let v = self.fresh("item");
                    return Ok(format!(
                        "{h}.iter().any(|{v}| *{v} == {}.to_string())",
                        ca.at(ATOM)
                    ));
                }
                let v = self.value(a, &item)?;
                Ok(format!("{h}.contains(&{})", wrap_text(&v)))
            }
            Ty::Tuple(ts) if !ts.is_empty() && ts.iter().all(|t| t == &ts[0]) => {
                // A tuple of one type: its parts, as an array.
                let item = ts[0].clone();
                self.bounds.need(&item, Bound::PartialEq);
                let mut cs = Vec::new();
                let chars = *at == Ty::Char
                    && matches!(&b.kind, ExprKind::Tuple(xs) if xs.iter().all(
                        |x| matches!(&x.kind, ExprKind::Lit(Lit::Str(s)) if s.chars().count() == 1),
                    ));
                match &b.kind {
                    ExprKind::Tuple(xs) => {
                        for x in xs {
                            if chars {
                                cs.push(self.value(x, &Ty::Char)?);
                            } else {
                                let c = self.expr(x)?;
                                cs.push(if item == Ty::Str {
                                    self.as_str(&c)
                                } else {
                                    self.owned(c, &item, line)?.text
                                });
                            }
                        }
                    }
                    _ => {
                        let h = self.expr(b)?.at(ATOM);
                        for i in 0..ts.len() {
                            cs.push(if item == Ty::Str {
                                format!("{h}.{i}.as_str()")
                            } else if is_copy(&item) {
                                format!("{h}.{i}")
                            } else {
                                format!("{h}.{i}.clone()")
                            });
                        }
                    }
                }
                let needle = match (&item, at) {
                    _ if chars => self.expr(a)?.text,
                    (Ty::Str, Ty::Str) => {
                        let ca = self.expr(a)?;
                        self.as_str(&ca)
                    }
                    (Ty::Str, Ty::Char) => {
                        let ca = self.expr(a)?;
                        format!("{}.to_string().as_str()", ca.at(ATOM))
                    }
                    _ => self.value(a, &item)?,
                };
                Ok(format!(
                    "[{}].contains(&{})",
                    cs.join(", "),
                    wrap_text(&needle)
                ))
            }
            Ty::Dict(k, _) => {
                let cb = self.expr(b)?;
                let key = self.borrow_key(a, k)?;
                Ok(format!("{}.contains_key({key})", cb.at(ATOM)))
            }
            other => self.decline(line, format!("`in` on {other}")),
        }
    }

    /// An iterator over `e`'s items, each owned.
    fn iter(&mut self, e: &Expr) -> Res<Code> {
        let t = self.model.ty(e).clone();
        let line = e.line;
        let item = t.item();
        // Only this iteration may be unordered, not those inside it.
        let order_free = std::mem::take(&mut self.order_free);
        if order_free {
            match &e.kind {
                ExprKind::Builtin {
                    op: Builtin::ToList,
                    args,
                    ..
                } if args.len() == 1 => {
                    self.order_free = true;
                    return self.iter(&args[0]);
                }
                ExprKind::Builtin {
                    op: Builtin::ToSet,
                    args,
                    ..
                } if args.len() == 1 => {
                    let ty = self.ty(&t, line)?;
                    self.order_free = true;
                    let inner = self.iter(&args[0])?;
                    return Ok(Code::new(
                        format!("{}.collect::<{ty}>().into_iter()", inner.at(ATOM)),
                        ATOM,
                        Form::Iter,
                    ));
                }
                _ => {}
            }
            if let Ty::Set(x) = &t {
                let c = self.expr(e)?;
                let adapt = if is_copy(x) { "copied" } else { "cloned" };
                let text = match c.form {
                    Form::Iter => c.text,
                    Form::Temp => format!("{}.into_iter()", c.at(ATOM)),
                    _ => format!("{}.iter().{adapt}()", c.at(ATOM)),
                };
                return Ok(Code::new(text, ATOM, Form::Iter));
            }
            // A dict's keys (iterating the dict itself), values or items.
            let (dict, part) = match &e.kind {
                ExprKind::Method {
                    recv,
                    method: method @ (Method::Keys | Method::Values | Method::Items),
                    args,
                    ..
                } if args.is_empty() => (recv.as_ref(), Some(*method)),
                _ => (e, None),
            };
            if let Ty::Dict(k, v) = self.model.ty(dict).clone() {
                let c = self.expr(dict)?;
                if c.form == Form::Iter {
                    return self.decline(line, "iterating a dict (its order differs in Rust)");
                }
                let h = c.at(ATOM);
                let adapt = |t: &Ty| if is_copy(t) { "copied" } else { "cloned" };
                let text = match part {
                    None | Some(Method::Keys) => format!("{h}.keys().{}()", adapt(&k)),
                    Some(Method::Values) => format!("{h}.values().{}()", adapt(&v)),
                    _ => format!("{h}.iter().map(|(k, v)| (k.clone(), v.clone()))"),
                };
                return Ok(Code::new(text, ATOM, Form::Iter));
            }
        }
        match &e.kind {
            ExprKind::Builtin {
                op: Builtin::Range,
                args,
                ..
            } => return self.range(args, line),
            ExprKind::Builtin {
                op: Builtin::Enumerate,
                args,
                ..
            } if matches!(args.len(), 1 | 2) => return self.enumerate(args, line),
            ExprKind::Builtin {
                op: Builtin::Zip,
                args,
                ..
            } if args.len() == 2 => {
                let a = self.iter(&args[0])?;
                let b = self.iter(&args[1])?;
                return Ok(Code::new(
                    format!("{}.zip({})", a.at(ATOM), b.text),
                    ATOM,
                    Form::Iter,
                ));
            }
            // Iterated where it is made, `iter(x)` gives the items of `x`
            // (the call of another unit's generator is one).
            ExprKind::Builtin {
                op: Builtin::Iter,
                args,
                ..
            } if args.len() == 1 => return self.iter(&args[0]),
            ExprKind::Builtin {
                op: Builtin::Reversed,
                args,
                ..
            } if args.len() == 1 => {
                let a = self.iter(&args[0])?;
                return Ok(Code::new(format!("{}.rev()", a.at(ATOM)), ATOM, Form::Iter));
            }
            ExprKind::Method {
                recv,
                method: Method::Items | Method::Keys | Method::Values,
                ..
            } => {
                let _ = recv;
                return self.decline(line, "iterating a dict (its order differs in Rust)");
            }
            _ => {}
        }
        let c = self.expr(e)?;
        if c.form == Form::Iter {
            return Ok(c);
        }
        match &t {
            Ty::Str => Ok(Code::new(
                format!("{}.chars()", c.at(ATOM)),
                ATOM,
                Form::Iter,
            )),
            Ty::List(x) => {
                let adapt = if is_copy(x) { "copied" } else { "cloned" };
                let text = if c.form == Form::Temp {
                    format!("{}.into_iter()", c.at(ATOM))
                } else {
                    format!("{}.iter().{adapt}()", c.at(ATOM))
                };
                Ok(Code::new(text, ATOM, Form::Iter))
            }
            Ty::Tuple(_) if item.is_some() => {
                let ExprKind::Tuple(xs) = &e.kind else {
                    return self.decline(line, "iterating a tuple");
                };
                let item = item.unwrap_or(Ty::Unknown);
                let mut cs = Vec::new();
                for x in xs {
                    cs.push(self.value(x, &item)?);
                }
                Ok(Code::new(
                    format!("[{}].into_iter()", cs.join(", ")),
                    ATOM,
                    Form::Iter,
                ))
            }
            Ty::Set(_) | Ty::Dict(..) => {
                self.decline(line, "iterating a set or dict (its order differs in Rust)")
            }
            // A generator's iterator, iterated where it is made (see
            // `rust_generator`).
            Ty::Iter(_) if matches!(e.kind, ExprKind::Call { .. }) => {
                Ok(Code::new(c.at(ATOM), ATOM, Form::Iter))
            }
            other => self.decline(line, format!("iterating {other}")),
        }
    }

    fn range(&mut self, args: &[Expr], line: usize) -> Res<Code> {
        let int = Ty::Int(IntTy::Unbounded);
        let mut cs = Vec::new();
        for a in args {
            if !self.model.ty(a).is_int() {
                return self.decline(line, "`range` of a value that is not an integer");
            }
            let c = self.value(a, &int)?;
            cs.push(c);
        }
        let text = match cs.as_slice() {
            [stop] => format!("0..{}", wrap_prec(stop, ADD)),
            [start, stop] => format!("{}..{}", wrap_prec(start, ADD), wrap_prec(stop, ADD)),
            [start, stop, _] => {
                let step = match args[2].kind {
                    ExprKind::Lit(Lit::Int(v)) if v != 0 => v,
                    _ => return self.decline(line, "`range` with a step that is not a literal"),
                };
                if step > 0 {
                    format!(
                        "({}..{}).step_by({step})",
                        wrap_prec(start, ADD),
                        wrap_prec(stop, ADD)
                    )
                } else {
                    format!(
                        "(({} + 1)..={}).rev().step_by({})",
                        wrap_prec(stop, ADD),
                        wrap_prec(start, ADD),
                        -step
                    )
                }
            }
            _ => return self.decline(line, "`range` with these arguments"),
        };
        // A bare range binds looser than a method call: `at(ATOM)` puts it
        // in brackets where one follows, and `for` takes it bare.
        let prec = if args.len() == 3 { ATOM } else { RANGE };
        Ok(Code::new(text, prec, Form::Iter))
    }

    fn comprehension_iter(
        &mut self,
        elt: &Expr,
        value: Option<&Expr>,
        clauses: &[super::super::ir::Clause],
        line: usize,
    ) -> Res<Code> {
        let [clause] = clauses else {
            return self.decline(line, "comprehension with several `for`s");
        };
        let it = self.iter(&clause.iter)?;
        let item = self.model.ty(&clause.iter).item().unwrap_or(Ty::Unknown);
        let pat = self.closure_pattern(&clause.target, &item, line)?;
        let elt_ty = self.model.ty(elt).clone();
        let body = match value {
            Some(v) => {
                let vt = self.model.ty(v).clone();
                format!("({}, {})", self.value(elt, &elt_ty)?, self.value(v, &vt)?)
            }
            None => self.value(elt, &elt_ty)?,
        };
        let mut text = it.at(ATOM);
        if !clause.conditions.is_empty() {
            let mut conds = Vec::new();
            for c in &clause.conditions {
                conds.push(wrap_prec(&self.cond(c)?, AND + 1));
            }
            let cond = conds.join(" && ");
            if is_copy(&item) {
                text = format!("{text}.filter(|&{pat}| {cond})");
            } else {
                text = format!(
                    "{text}.filter_map(|{pat}| if {cond} {{ Some({body}) }} else {{ None }})"
                );
                return Ok(Code::new(text, ATOM, Form::Iter));
            }
        }
        if body != pat.trim_start_matches("mut ") {
            text = format!("{text}.map(|{pat}| {body})");
        }
        Ok(Code::new(text, ATOM, Form::Iter))
    }

    /// A closure's parameter pattern for a comprehension variable.
    fn closure_pattern(&mut self, t: &Target, item: &Ty, line: usize) -> Res<String> {
        match t {
            Target::Name { name, id } => {
                let Some(l) = self.local_of(*id) else {
                    return self.decline(line, format!("name `{name}`"));
                };
                if self.model.scopes.locals[l.0].stores > 1 {
                    return self.decline(line, format!("comprehension variable `{name}` changed"));
                }
                let lt = self.model.local_ty(l);
                if !lt.is_known() {
                    return self.decline(line, format!("`{name}` whose type is unknown"));
                }
                Ok(rust_name(name))
            }
            Target::Tuple(parts) => {
                let Ty::Tuple(items) = item else {
                    return self.decline(line, "unpacking a value that is not a tuple");
                };
                let mut ps = Vec::new();
                for (p, t) in parts.iter().zip(items) {
                    ps.push(self.closure_pattern(p, t, line)?);
                }
                Ok(format!("({})", ps.join(", ")))
            }
            Target::Attr { .. } => self.decline(line, "comprehension storing into an attribute"),
            Target::Index { .. } => self.decline(line, "comprehension storing into an element"),
        }
    }

    /// Passes a one-parameter lambda's body as a Rust closure over owned
    /// items of type `item`.
    fn closure(&mut self, f: &Expr, item: &Ty, line: usize) -> Res<(String, Ty)> {
        match &f.kind {
            ExprKind::Lambda { params, body } => {
                let [(name, id)] = params.as_slice() else {
                    return self.decline(line, "lambda with several parameters");
                };
                let _ = id;
                let bt = self.model.ty(body).clone();
                let b = self.value(body, &bt)?;
                let _ = item;
                Ok((format!("|{}| {b}", rust_name(name)), bt))
            }
            ExprKind::Name(n) if self.model.scopes.function_params.contains_key(n) => {
                let r = self
                    .model
                    .types
                    .returns
                    .get(n)
                    .cloned()
                    .unwrap_or(Ty::Unknown);
                Ok((format!("|x| {}(x)", rust_name(n)), r))
            }
            _ => self.decline(line, "callable that is not a lambda"),
        }
    }

    fn builtin(
        &mut self,
        op: Builtin,
        args: &[Expr],
        keywords: &[(String, Expr)],
        t: &Ty,
        line: usize,
    ) -> Res<Code> {
        let int = self.int;
        let one = |w: &Self| -> Res<&Expr> {
            match args {
                [a] => Ok(a),
                _ => w.decline(
                    line,
                    format!("`{}` with {} arguments", op.spelling(), args.len()),
                ),
            }
        };
        if !keywords.is_empty() && !matches!(op, Builtin::Sorted) {
            return self.decline(line, format!("keyword argument to `{}`", op.spelling()));
        }
        Ok(match op {
            // Only the Rust frontend makes it; Rust to Rust is not this
            // engine's.
            Builtin::Unwrap => return self.decline(line, "`unwrap()` of a computed `Option`"),
            Builtin::Len => {
                let a = one(self)?;
                let at = self.model.ty(a).clone();
                let c = self.expr(a)?;
                match (&at, c.form) {
                    (_, Form::Iter) => Code::temp(format!("{}.count() as {int}", c.at(ATOM)), CAST),
                    (Ty::Str, _) => {
                        Code::temp(format!("{}.chars().count() as {int}", c.at(ATOM)), CAST)
                    }
                    (Ty::List(_) | Ty::Dict(..) | Ty::Set(_), _) => {
                        Code::temp(format!("{}.len() as {int}", c.at(ATOM)), CAST)
                    }
                    (Ty::Tuple(ts), _) => Code::atom(ts.len().to_string()),
                    _ => return self.decline(line, format!("`len` of {at}")),
                }
            }
            Builtin::Abs => {
                let a = one(self)?;
                if !self.model.ty(a).is_numeric() {
                    return self.decline(line, "`abs` of a value that is not a number");
                }
                let c = self.expr(a)?;
                let float = self.model.ty(a).is_float();
                Code::atom(format!("{}.abs()", self.receiver(&c, float)))
            }
            Builtin::Min | Builtin::Max => {
                let name = if op == Builtin::Min { "min" } else { "max" };
                if args.len() == 1 {
                    let item = self.model.ty(&args[0]).item().unwrap_or(Ty::Unknown);
                    self.order_free = true;
                    let it = self.iter(&args[0])?;
                    let empty = format!("\"{name}() arg is an empty sequence\"");
                    if item.is_float() {
                        Code::atom(format!(
                            "{}.reduce({}::{name}).expect({empty})",
                            it.at(ATOM),
                            self.float
                        ))
                    } else if matches!(item, Ty::Int(_) | Ty::Str | Ty::Char | Ty::Bool) {
                        Code::atom(format!("{}.{name}().expect({empty})", it.at(ATOM)))
                    } else {
                        return self.decline(line, format!("`{name}` of {item}"));
                    }
                } else if args.len() >= 2 {
                    let mut cs = Vec::new();
                    for a in args {
                        cs.push(Code::temp(self.value(a, t)?, LOWEST));
                    }
                    let mut acc = cs.remove(0);
                    for c in cs {
                        acc = if t.is_float() {
                            Code::atom(format!("{}.{name}({})", acc.at(ATOM), c.text))
                        } else if matches!(t, Ty::Int(_) | Ty::Char | Ty::Bool) {
                            Code::atom(format!("std::cmp::{name}({}, {})", acc.text, c.text))
                        } else {
                            return self.decline(line, format!("`{name}` of {t}"));
                        };
                    }
                    acc
                } else {
                    return self.decline(line, format!("`{name}()`"));
                }
            }
            Builtin::Sum => {
                let a = one(self)?;
                let item = self.model.ty(a).item().unwrap_or(Ty::Unknown);
                // Float sums depend on the order of their terms.
                self.order_free = !item.is_float();
                let it = self.iter(a)?;
                match item {
                    Ty::Bool => Code::temp(
                        format!("{}.filter(|b| *b).count() as {int}", it.at(ATOM)),
                        CAST,
                    ),
                    Ty::Int(_) => Code::atom(format!("{}.sum::<{int}>()", it.at(ATOM))),
                    Ty::Float(_) => Code::atom(format!("{}.sum::<{}>()", it.at(ATOM), self.float)),
                    other => return self.decline(line, format!("`sum` of {other}")),
                }
            }
            Builtin::Sorted => {
                let a = one(self)?;
                let item = self.model.ty(a).item().unwrap_or(Ty::Unknown);
                let ty = self.ty(&Ty::list(item.clone()), line)?;
                // Sorting puts any order of the items in one order where
                // equal items cannot be told apart: not under a `key=`
                // (ties keep their order) nor of floats (`-0.0 == 0.0`).
                // JavaScript's default sort (`key=` the item's text) is one
                // order too: distinct ints or strings have distinct texts.
                let injective = |k: &Expr| match &k.kind {
                    ExprKind::Lambda { params, body } => {
                        matches!(&body.kind, ExprKind::Builtin { op: Builtin::ToStr, args, .. }
                            if matches!(args.as_slice(), [a] if matches!(&a.kind, ExprKind::Name(n) if params.iter().any(|(p, _)| p == n))))
                            && matches!(item, Ty::Int(_) | Ty::Str | Ty::Char)
                    }
                    _ => false,
                };
                self.order_free =
                    keywords.iter().all(|(k, v)| k != "key" || injective(v)) && !item.is_float();
                let it = self.iter(a)?;
                let mut reverse = false;
                // `reverse=` computed: both orders, chosen when it runs.
                let mut reverse_when = None;
                let mut key = None;
                for (k, v) in keywords {
                    match (k.as_str(), &v.kind) {
                        ("reverse", ExprKind::Lit(Lit::Bool(b))) => reverse = *b,
                        ("reverse", _) => reverse_when = Some(v),
                        ("key", _) => key = Some(v),
                        _ => return self.decline(line, format!("`sorted` with `{k}=`")),
                    }
                }
                let collected = format!("let mut v: {ty} = {}.collect();", it.at(ATOM));
                match reverse_when {
                    None => {
                        let sort = self.sort_call(&item, key, reverse, line)?;
                        Code::atom(format!("{{ {collected} v.{sort}; v }}"))
                    }
                    Some(when) => {
                        let c = self.cond(when)?;
                        let down = self.sort_call(&item, key, true, line)?;
                        let up = self.sort_call(&item, key, false, line)?;
                        Code::atom(format!(
                            "{{ {collected} if {c} {{ v.{down}; }} else {{ v.{up}; }} v }}"
                        ))
                    }
                }
            }
            Builtin::Reversed | Builtin::Enumerate | Builtin::Zip | Builtin::Range => {
                let e = Expr {
                    id: super::super::ir::ExprId(u32::MAX),
                    kind: ExprKind::Builtin {
                        op,
                        args: args.to_vec(),
                        keywords: Vec::new(),
                    },
                    line,
                };
                // Typed as the original expression: the model's type of this
                // call is what `t` is.
                self.iter_typed(&e, t)?
            }
            Builtin::Any | Builtin::All => {
                let a = one(self)?;
                let item = self.model.ty(a).item().unwrap_or(Ty::Unknown);
                let name = if op == Builtin::Any { "any" } else { "all" };
                // `any(cond for x in xs)` tests the condition directly.
                if let ExprKind::Comprehension {
                    kind: CompKind::Generator,
                    elt,
                    clauses,
                    ..
                } = &a.kind
                {
                    if let [clause] = clauses.as_slice() {
                        if clause.conditions.is_empty() {
                            let it = self.iter(&clause.iter)?;
                            let citem = self.model.ty(&clause.iter).item().unwrap_or(Ty::Unknown);
                            let pat = self.closure_pattern(&clause.target, &citem, line)?;
                            let c = self.cond(elt)?;
                            return Ok(Code::atom(format!("{}.{name}(|{pat}| {c})", it.at(ATOM))));
                        }
                    }
                }
                self.order_free = true;
                let it = self.iter(a)?;
                let test = match item {
                    Ty::Bool => "|b| b".to_string(),
                    Ty::Int(_) => "|x| x != 0".to_string(),
                    Ty::Str | Ty::List(_) => "|x| !x.is_empty()".to_string(),
                    other => return self.decline(line, format!("`{name}` of {other}")),
                };
                Code::atom(format!("{}.{name}({test})", it.at(ATOM)))
            }
            Builtin::Map => {
                let [f, xs] = args else {
                    return self.decline(line, "`map` with several iterables");
                };
                let item = self.model.ty(xs).item().unwrap_or(Ty::Unknown);
                let it = self.iter(xs)?;
                let mapped = match &f.kind {
                    ExprKind::Name(n) if self.local_of(f.id).is_none() => match (n.as_str(), &item)
                    {
                        ("str", Ty::Int(_) | Ty::Char | Ty::Str) => "|x| x.to_string()".to_string(),
                        ("int", Ty::Str) => {
                            let h = helpers::py_int(self.support, int);
                            format!("|x| {h}(&x)")
                        }
                        _ => return self.decline(line, format!("`map` of `{n}`")),
                    },
                    _ => self.closure(f, &item, line)?.0,
                };
                Code::new(format!("{}.map({mapped})", it.at(ATOM)), ATOM, Form::Iter)
            }
            Builtin::Filter => {
                let [f, xs] = args else {
                    return self.decline(line, "`filter` with these arguments");
                };
                let item = self.model.ty(xs).item().unwrap_or(Ty::Unknown);
                if !is_copy(&item) {
                    return self.decline(line, "`filter` of values that are not copied");
                }
                let it = self.iter(xs)?;
                let ExprKind::Lambda { params, body } = &f.kind else {
                    return self.decline(line, "`filter` with a callable that is not a lambda");
                };
                let [(name, _)] = params.as_slice() else {
                    return self.decline(line, "lambda with several parameters");
                };
                let c = self.cond(body)?;
                Code::new(
                    format!("{}.filter(|&{}| {c})", it.at(ATOM), rust_name(name)),
                    ATOM,
                    Form::Iter,
                )
            }
            Builtin::ToInt if args.len() == 2 => self.int_in_base(args, line)?,
            Builtin::ToInt => {
                let a = one(self)?;
                let at = self.model.ty(a).clone();
                let c = self.expr(a)?;
                match at {
                    Ty::Int(_) => c,
                    Ty::Bool => Code::temp(format!("{} as {int}", c.at(CAST)), CAST),
                    Ty::Float(f) => {
                        let h = helpers::py_int_of(self.support, int);
                        Code::atom(format!("{h}({})", widened(&c, "trunc", f)))
                    }
                    Ty::Str => {
                        let h = helpers::py_int(self.support, int);
                        Code::atom(format!("{h}({})", self.as_str(&c)))
                    }
                    Ty::Char => Code::temp(
                        format!(
                            "{}.to_digit(10).expect(\"invalid literal for int()\") as {int}",
                            c.at(ATOM)
                        ),
                        CAST,
                    ),
                    other => return self.decline(line, format!("`int` of {other}")),
                }
            }
            Builtin::ToFloat => {
                let a = one(self)?;
                let at = self.model.ty(a).clone();
                let c = self.expr(a)?;
                match at {
                    Ty::Float(_) => c,
                    Ty::Int(_) | Ty::Bool => {
                        Code::temp(format!("{} as {}", c.at(CAST), self.float), CAST)
                    }
                    other => return self.decline(line, format!("`float` of {other}")),
                }
            }
            Builtin::ToStr => {
                let a = one(self)?;
                let at = self.model.ty(a).clone();
                let c = self.expr(a)?;
                match at {
                    Ty::Int(_) | Ty::Char | Ty::Str => {
                        Code::atom(format!("{}.to_string()", c.at(ATOM)))
                    }
                    Ty::Float(FloatTy::F64) => {
                        let h = self.float_str(line)?;
                        Code::atom(format!("{h}({})", c.text))
                    }
                    other => return self.decline(line, format!("`str` of {other}")),
                }
            }
            Builtin::ToBool => {
                let a = one(self)?;
                Code::temp(self.cond(a)?, LOWEST)
            }
            Builtin::ToList | Builtin::ToSet | Builtin::ToDict if args.is_empty() => {
                let ty = self.ty(t, line)?;
                Code::atom(format!("<{ty}>::new()"))
            }
            Builtin::ToList | Builtin::ToSet | Builtin::ToDict => {
                let a = one(self)?;
                // A set's order does not matter to another set.
                self.order_free = op == Builtin::ToSet;
                let it = self.iter(a)?;
                let ty = self.ty(t, line)?;
                Code::atom(format!("{}.collect::<{ty}>()", it.at(ATOM)))
            }
            Builtin::Ord => {
                let a = one(self)?;
                if let ExprKind::Lit(Lit::Str(s)) = &a.kind {
                    if let (Some(c), 1) = (s.chars().next(), s.chars().count()) {
                        return Ok(Code::temp(format!("{c:?} as {int}"), CAST));
                    }
                }
                let c = self.expr(a)?;
                match self.model.ty(a) {
                    Ty::Char => Code::temp(format!("{} as {int}", c.at(CAST)), CAST),
                    // Python raises unless the string is one character.
                    Ty::Str => Code::atom(format!(
                        "{{ let s = {}; let mut cs = s.chars(); match (cs.next(), cs.next()) {{ (Some(c), None) => c as {int}, _ => panic!(\"ord() expected a character\") }} }}",
                        c.text
                    )),
                    other => return self.decline(line, format!("`ord` of {other}")),
                }
            }
            // Only the Rust frontend makes it (a Rust source is not
            // translated to Rust by the rules).
            Builtin::AsInt => return self.decline(line, "`as` of an int"),
            Builtin::Bin => {
                let a = one(self)?;
                if !self.model.ty(a).is_int() {
                    return self.decline(line, "`bin` of a value that is not an integer");
                }
                let c = self.expr(a)?;
                Code::atom(format!(
                    "{{ let x = {}; if x < 0 {{ format!(\"-0b{{:b}}\", -x) }} else {{ format!(\"0b{{:b}}\", x) }} }}",
                    c.text
                ))
            }
            Builtin::Chr => {
                let a = one(self)?;
                let c = self.expr(a)?;
                Code::atom(format!(
                    "char::from_u32({} as u32).expect(\"chr() arg not in range\")",
                    c.at(CAST)
                ))
            }
            Builtin::Round => {
                let a = one(self)?;
                if !self.model.ty(a).is_float() {
                    return self.decline(line, "`round` of a value that is not a float");
                }
                let Ty::Float(f) = self.model.ty(a).clone() else {
                    return self.decline(line, "`round` of a value that is not a float");
                };
                let c = self.expr(a)?;
                // Python rounds halves to even.
                let h = helpers::py_int_of(self.support, int);
                Code::atom(format!("{h}({})", widened(&c, "round_ties_even", f)))
            }
            // Rust's standard library has no random numbers (a crate
            // would have to be chosen).
            Builtin::Random => {
                return self.decline(line, "random numbers (Rust's standard library has none)")
            }
            Builtin::Sqrt => {
                let a = one(self)?;
                let v = self.value(a, &Ty::Float(FloatTy::F64))?;
                Code::atom(format!("{}.sqrt()", wrap_prec(&v, ATOM)))
            }
            Builtin::Floor | Builtin::Ceil => {
                let a = one(self)?;
                let at = self.model.ty(a).clone();
                let c = self.expr(a)?;
                if at.is_int() {
                    c
                } else {
                    let m = if op == Builtin::Floor {
                        "floor"
                    } else {
                        "ceil"
                    };
                    let Ty::Float(f) = at else {
                        return self.decline(line, format!("`{m}` of {at}"));
                    };
                    let h = helpers::py_int_of(self.support, int);
                    Code::atom(format!("{h}({})", widened(&c, m, f)))
                }
            }
            Builtin::Gcd => {
                let [a, b] = args else {
                    return self.decline(line, "`gcd` with these arguments");
                };
                let h = helpers::py_gcd(self.support, int);
                let ia = Ty::Int(IntTy::Unbounded);
                Code::atom(format!(
                    "{h}({}, {})",
                    self.value(a, &ia)?,
                    self.value(b, &ia)?
                ))
            }
            Builtin::Pow => self.pow(args, line)?,
            Builtin::DivMod | Builtin::ToTuple | Builtin::IsInstance => {
                return self.decline(line, format!("`{}`", op.spelling()))
            }
            Builtin::ToNumber => return self.decline(line, "`Number()`"),
            // `Math.round` rounds halves up, unlike any Rust method.
            Builtin::JsRound => return self.decline(line, "`Math.round`"),
            Builtin::JsKeysIn => return self.decline(line, "`for ... in`"),
            Builtin::JsTypeOf => return self.decline(line, "`typeof` as a value"),
            Builtin::JsIn => return self.decline(line, "operator `in`"),
            // What the receiver may be (an array, `arguments`, a string, any
            // object) is more than one Rust type.
            Builtin::JsProtoSlice
            | Builtin::JsHasOwn
            | Builtin::JsObjectTag
            | Builtin::JsToObject
            | Builtin::JsUnsignedShr
            | Builtin::JsArgumentList
            | Builtin::JsGlobal
            | Builtin::JsValueOf
            | Builtin::JsNull => return self.decline(line, format!("`{}`", op.spelling())),
            // `Array(n)` whose slots the loop after it fills from 0 up
            // (the frontend proves it, see `fills_every_slot`): an empty
            // `Vec`, each store at its length a push. JavaScript throws a
            // `RangeError` where `n` is not a length (negative, fractional
            // or past 2^32 - 1): a panic here.
            Builtin::JsArray => {
                let a = one(self)?;
                let t = self.model.ty(a).clone();
                let c = self.expr(a)?;
                let bad = "panic!(\"RangeError: Invalid array length\")";
                if t.is_int() {
                    Code::atom(format!(
                        "Vec::with_capacity(match {} {{ n if (0..=4294967295_i64).contains(&(n as i64)) => n as usize, _ => {bad} }})",
                        c.text
                    ))
                } else if t.is_float() {
                    Code::atom(format!(
                        "Vec::with_capacity({{ let n = {}; if n >= 0.0 && n <= 4294967295.0 && n.fract() == 0.0 {{ n as usize }} else {{ {bad} }} }})",
                        c.text
                    ))
                } else {
                    return self.decline(line, "`Array(n)` of a length that is not a number");
                }
            }
            Builtin::DeepCopy => return self.decline(line, "`copy.deepcopy()`"),
            Builtin::ShallowCopy => return self.decline(line, "a copy of a `Copy` struct"),
            Builtin::StrBytes => return self.decline(line, "`as_bytes()`"),
            Builtin::JsItem => {
                return self.decline(
                    line,
                    "a read that may be past the end (JavaScript gives undefined)",
                )
            }
            Builtin::Iter
            | Builtin::Next
            | Builtin::Itertools(_)
            | Builtin::Functools(_)
            | Builtin::Math(_) => return self.decline(line, format!("`{}`", op.spelling())),
            // No Rust value compares equal to nothing but itself whatever
            // its type; a sentinel has no counterpart.
            Builtin::Sentinel => return self.decline(line, "`object()`, a sentinel"),
            // The `regex` crate is a dependency the translation does not
            // take on.
            Builtin::RegexSplit
            | Builtin::RegexTest
            | Builtin::RegexSub
            | Builtin::RegexFindAll
            | Builtin::JsonStringify => return self.decline(line, format!("`{}`", op.spelling())),
        })
    }

    /// Python's `int(s, base)` of a string, with a literal base from 2 to
    /// 36 (Python's base 0 reads the base from a prefix, which Rust does
    /// not).
    fn int_in_base(&mut self, args: &[Expr], line: usize) -> Res<Code> {
        let [s, base] = args else {
            return self.decline(line, "`int()` with these arguments");
        };
        let base = match base.kind {
            ExprKind::Lit(Lit::Int(b)) if (2..=36).contains(&b) => b,
            _ => {
                return self.decline(
                    line,
                    "`int()` with a base that is not a literal from 2 to 36",
                )
            }
        };
        if *self.model.ty(s) != Ty::Str {
            return self.decline(line, format!("`int()` in a base of {}", self.model.ty(s)));
        }
        let c = self.expr(s)?;
        let h = helpers::py_int_radix(self.support, self.int);
        Ok(Code::atom(format!("{h}({}, {base})", self.as_str(&c))))
    }

    /// Python's `pow(a, b)`, which is `a ** b`, and `pow(a, b, m)` of
    /// integers, a power taken modulo `m` at each step.
    fn pow(&mut self, args: &[Expr], line: usize) -> Res<Code> {
        match args {
            [a, b] => {
                let (at, bt) = (self.model.ty(a).clone(), self.model.ty(b).clone());
                let a_nonneg = self.model.non_negative(a);
                let ca = self.expr(a)?;
                self.binary_code(BinOp::Pow, ca, a_nonneg, &at, b, &bt, line)
            }
            [_, _, _] if args.iter().all(|a| self.model.ty(a).is_int()) => {
                let h = helpers::py_pow_mod(self.support, self.int);
                let parts = args
                    .iter()
                    .map(|a| Ok(self.expr(a)?.text))
                    .collect::<Res<Vec<_>>>()?;
                Ok(Code::atom(format!("{h}({})", parts.join(", "))))
            }
            _ => self.decline(line, "`pow()` with these arguments"),
        }
    }

    /// `enumerate(xs)` and `enumerate(xs, start)`: the count from `start`
    /// (0 where left out), evaluated once before the items, as Python does.
    fn enumerate(&mut self, args: &[Expr], line: usize) -> Res<Code> {
        let start = match args.get(1) {
            None => "0".to_string(),
            Some(k) if self.model.ty(k).is_int() => self.expr(k)?.at(RANGE + 1),
            Some(k) => {
                return self.decline(
                    line,
                    format!("`enumerate()` from a start of {}", self.model.ty(k)),
                )
            }
        };
        let inner = self.iter(&args[0])?;
        Ok(Code::new(
            format!("({start}..).zip({})", inner.text),
            ATOM,
            Form::Iter,
        ))
    }

    /// An iterator builtin whose type the model gave as `t`.
    fn iter_typed(&mut self, e: &Expr, _t: &Ty) -> Res<Code> {
        let ExprKind::Builtin { op, args, .. } = &e.kind else {
            return self.decline(e.line, "iterator");
        };
        match op {
            Builtin::Range => self.range(args, e.line),
            Builtin::Enumerate if matches!(args.len(), 1 | 2) => self.enumerate(args, e.line),
            Builtin::Zip if args.len() == 2 => {
                let a = self.iter(&args[0])?;
                let b = self.iter(&args[1])?;
                Ok(Code::new(
                    format!("{}.zip({})", a.at(ATOM), b.text),
                    ATOM,
                    Form::Iter,
                ))
            }
            Builtin::Reversed if args.len() == 1 => {
                let a = self.iter(&args[0])?;
                Ok(Code::new(format!("{}.rev()", a.at(ATOM)), ATOM, Form::Iter))
            }
            _ => self.decline(e.line, format!("`{}` with these arguments", op.spelling())),
        }
    }

    /// The call that sorts a `Vec` of `item`s in place.
    fn sort_call(
        &mut self,
        item: &Ty,
        key: Option<&Expr>,
        reverse: bool,
        line: usize,
    ) -> Res<String> {
        let (a, b) = if reverse { ("b", "a") } else { ("a", "b") };
        match key {
            None if item.is_float() => Ok(format!(
                "sort_by(|a, b| {a}.partial_cmp({b}).expect(\"NaN in sort\"))"
            )),
            None if matches!(
                item,
                Ty::Int(_) | Ty::Str | Ty::Char | Ty::Bool | Ty::Var(_)
            ) || matches!(item, Ty::Tuple(ts) if ts.iter().all(|t| matches!(t, Ty::Int(_) | Ty::Str | Ty::Char))) =>
            {
                // Python sorts values of one type by `<`, stably, as
                // Rust's stable sort by `Ord` does (floats have no `Ord`:
                // a caller with floats fails to compile).
                self.bounds.need(item, Bound::Ord);
                Ok(if reverse {
                    "sort_by(|a, b| b.cmp(a))".into()
                } else {
                    "sort()".into()
                })
            }
            Some(k) => {
                let ExprKind::Lambda { params, body } = &k.kind else {
                    return self.decline(line, "sort key that is not a lambda");
                };
                let [(name, _)] = params.as_slice() else {
                    return self.decline(line, "sort key with several parameters");
                };
                let kt = self.model.ty(body).clone();
                if !matches!(kt, Ty::Int(_) | Ty::Str | Ty::Char | Ty::Bool) {
                    return self.decline(line, format!("sort key of type {kt}"));
                }
                let kb = self.value(body, &kt)?;
                let n = rust_name(name);
                // The closures' own names are names no local has: the key
                // may read a local `x` or `a` (`key=lambda v: abs(v - a)`),
                // which a closure parameter `a` would hide.
                let x = self.fresh("item");
                let binding = if is_copy(item) {
                    format!("let {n} = *{x};")
                } else {
                    format!("let {n} = {x}.clone();")
                };
                Ok(if reverse {
                    // A stable descending sort keeps equal keys in order:
                    // compare the keys the other way round.
                    let (a, b) = (self.fresh("left"), self.fresh("right"));
                    let (ka, kbn) = (self.fresh("left_key"), self.fresh("right_key"));
                    format!(
                        "sort_by(|{a}, {b}| {{ let {ka} = {{ let {x} = {a}; {binding} {kb} }}; let {kbn} = {{ let {x} = {b}; {binding} {kb} }}; {kbn}.cmp(&{ka}) }})"
                    )
                } else {
                    format!("sort_by_key(|{x}| {{ {binding} {kb} }})")
                })
            }
            None => self.decline(line, format!("sorting {item}")),
        }
    }

    fn method(
        &mut self,
        recv: &Expr,
        m: Method,
        args: &[Expr],
        keywords: &[(String, Expr)],
        t: &Ty,
        line: usize,
    ) -> Res<Code> {
        let rt = self.model.ty(recv).clone();
        let int = self.int;
        // Finding an item in a list compares items with `==`.
        if let (Ty::List(item), Method::Remove | Method::Count | Method::Index | Method::Find) =
            (&rt, m)
        {
            // A plain node class's `==` is identity (see `compare_one`).
            if let Some(c) = self.identity_node(item) {
                return self.decline(
                    line,
                    format!("comparing nodes of `{c}` (identity in Python)"),
                );
            }
            self.bounds.need(item, Bound::PartialEq);
        }
        if !keywords.is_empty() && m != Method::Sort {
            return self.decline(line, format!("keyword argument to `{}`", m.python_name()));
        }
        let str_arg = |w: &mut Self, i: usize| -> Res<String> {
            let Some(a) = args.get(i) else {
                return w.decline(line, format!("`{}` without its argument", m.python_name()));
            };
            match w.model.ty(a).clone() {
                Ty::Char => Ok(w.expr(a)?.text),
                Ty::Str => {
                    let c = w.expr(a)?;
                    Ok(w.as_str(&c))
                }
                other => w.decline(line, format!("`{}` of {other}", m.python_name())),
            }
        };
        match (&rt, m) {
            (Ty::Str | Ty::Char, Method::Upper | Method::Lower) if args.is_empty() => {
                let c = self.expr(recv)?;
                let f = if m == Method::Upper {
                    "to_uppercase"
                } else {
                    "to_lowercase"
                };
                let text = if rt == Ty::Char {
                    format!("{}.{f}().to_string()", c.at(ATOM))
                } else {
                    format!("{}.{f}()", c.at(ATOM))
                };
                Ok(Code::atom(text))
            }
            (Ty::Str | Ty::Char, Method::AsciiUpper | Method::AsciiLower) if args.is_empty() => {
                let c = self.expr(recv)?;
                let f = if m == Method::AsciiUpper {
                    "to_ascii_uppercase"
                } else {
                    "to_ascii_lowercase"
                };
                Ok(Code::atom(format!("{}.{f}()", c.at(ATOM))))
            }
            (Ty::Str, Method::Strip | Method::LStrip | Method::RStrip) => {
                let c = self.expr(recv)?;
                let f = match m {
                    Method::Strip => "trim",
                    Method::LStrip => "trim_start",
                    _ => "trim_end",
                };
                match args {
                    // Python's white space has U+001C to U+001F beside
                    // Rust's.
                    [] if self.from == Lang::Python => {
                        let h = helpers::py_is_space(self.support);
                        Ok(Code::atom(format!(
                            "{}.{f}_matches({h}).to_string()",
                            c.at(ATOM)
                        )))
                    }
                    [] => Ok(Code::atom(format!("{}.{f}().to_string()", c.at(ATOM)))),
                    [_] => {
                        let chars = str_arg(self, 0)?;
                        let f = format!("{f}_matches");
                        Ok(Code::atom(format!(
                            "{}.{f}(|c: char| {}.contains(c)).to_string()",
                            c.at(ATOM),
                            wrap_text(&chars)
                        )))
                    }
                    _ => self.decline(line, "`strip` with several arguments"),
                }
            }
            (Ty::Str, Method::Split) => {
                let c = self.expr(recv)?;
                match args {
                    [] if self.from == Lang::Python => {
                        let h = helpers::py_is_space(self.support);
                        Ok(Code::new(
                            format!(
                                "{}.split({h}).filter(|w| !w.is_empty()).map(|s| s.to_string())",
                                c.at(ATOM)
                            ),
                            ATOM,
                            Form::Iter,
                        ))
                    }
                    [] => Ok(Code::new(
                        format!("{}.split_whitespace().map(|s| s.to_string())", c.at(ATOM)),
                        ATOM,
                        Form::Iter,
                    )),
                    [sep] => {
                        if matches!(&sep.kind, ExprKind::Lit(Lit::Str(s)) if s.is_empty()) {
                            return self.decline(line, "`split` with an empty separator");
                        }
                        if !matches!(sep.kind, ExprKind::Lit(_)) {
                            return self
                                .decline(line, "`split` with a separator that is not a literal");
                        }
                        let s = str_arg(self, 0)?;
                        Ok(Code::new(
                            format!("{}.split({s}).map(|s| s.to_string())", c.at(ATOM)),
                            ATOM,
                            Form::Iter,
                        ))
                    }
                    _ => self.decline(line, "`split` with a limit"),
                }
            }
            (Ty::Str | Ty::Char, Method::Join) => {
                let [xs] = args else {
                    return self.decline(line, "`join` with these arguments");
                };
                let item = self.model.ty(xs).item().unwrap_or(Ty::Unknown);
                let sep = self.expr(recv)?;
                let empty = matches!(&recv.kind, ExprKind::Lit(Lit::Str(s)) if s.is_empty());
                let it = self.iter(xs)?;
                match (item, empty) {
                    (Ty::Str | Ty::Char, true) => {
                        Ok(Code::atom(format!("{}.collect::<String>()", it.at(ATOM))))
                    }
                    (Ty::Str, false) => Ok(Code::atom(format!(
                        "{}.collect::<Vec<String>>().join({})",
                        it.at(ATOM),
                        self.as_str(&sep)
                    ))),
                    (Ty::Char, false) => Ok(Code::atom(format!(
                        "{}.map(|c| c.to_string()).collect::<Vec<String>>().join({})",
                        it.at(ATOM),
                        self.as_str(&sep)
                    ))),
                    (other, _) => self.decline(line, format!("`join` of {other}")),
                }
            }
            (Ty::Str, Method::Replace) if args.len() == 2 => {
                let c = self.expr(recv)?;
                if matches!(&args[0].kind, ExprKind::Lit(Lit::Str(s)) if s.is_empty()) {
                    return self.decline(line, "`replace` of the empty string");
                }
                let a = str_arg(self, 0)?;
                let b = str_arg(self, 1)?;
                let b = if *self.model.ty(&args[1]) == Ty::Char {
                    format!("&{b}.to_string()")
                } else {
                    b
                };
                Ok(Code::atom(format!("{}.replace({a}, {b})", c.at(ATOM))))
            }
            (Ty::Str, Method::StartsWith | Method::EndsWith) if args.len() == 1 => {
                let c = self.expr(recv)?;
                let a = str_arg(self, 0)?;
                let f = if m == Method::StartsWith {
                    "starts_with"
                } else {
                    "ends_with"
                };
                Ok(Code::atom(format!("{}.{f}({a})", c.at(ATOM))))
            }
            (Ty::Str, Method::Find) if args.len() == 1 => {
                let c = self.expr(recv)?;
                let a = str_arg(self, 0)?;
                let h = c.at(ATOM);
                // Python counts characters, `str::find` bytes.
                Ok(Code::atom(format!(
                    "{h}.find({a}).map_or(-1, |at| {h}[..at].chars().count() as {int})"
                )))
            }
            (Ty::Str, Method::Count) if args.len() == 1 => {
                let c = self.expr(recv)?;
                let a = str_arg(self, 0)?;
                Ok(Code::temp(
                    format!("{}.matches({a}).count() as {int}", c.at(ATOM)),
                    CAST,
                ))
            }
            (
                Ty::Char,
                Method::IsDigit
                | Method::IsAlpha
                | Method::IsAlnum
                | Method::IsUpper
                | Method::IsLower
                | Method::IsSpace,
            ) => {
                let c = self.expr(recv)?;
                let f = self.python_char_test(m);
                Ok(Code::atom(format!("{f}({})", c.text)))
            }
            (Ty::Char, Method::CharIs(class)) => {
                let c = self.expr(recv)?;
                Ok(Code::atom(format!(
                    "{}.{}()",
                    c.at(ATOM),
                    class.rust_name()
                )))
            }
            (Ty::Str, Method::IsDigit | Method::IsAlpha | Method::IsAlnum | Method::IsSpace) => {
                let c = self.expr(recv)?;
                let f = self.python_char_test(m);
                let h = c.at(ATOM);
                Ok(Code::temp(
                    format!("!{h}.is_empty() && {h}.chars().all({f})"),
                    AND,
                ))
            }
            (Ty::Str | Ty::Char, Method::SwapCase) => {
                let c = self.expr(recv)?;
                let chars = if rt == Ty::Char {
                    format!("std::iter::once({})", c.text)
                } else {
                    format!("{}.chars()", c.at(ATOM))
                };
                Ok(Code::atom(format!(
                    "{chars}.map(|c| if c.is_uppercase() {{ c.to_lowercase().to_string() }} else {{ c.to_uppercase().to_string() }}).collect::<String>()"
                )))
            }
            (Ty::List(item), Method::Append) if args.len() == 1 => {
                let h = self.place(recv)?;
                let v = self.value(&args[0], item)?;
                Ok(Code::atom(format!("{h}.push({v})")))
            }
            (Ty::List(_), Method::Extend) if args.len() == 1 => {
                let h = self.place(recv)?;
                let it = self.iter(&args[0])?;
                Ok(Code::atom(format!("{h}.extend({})", it.text)))
            }
            (Ty::List(item), Method::Insert) if args.len() == 2 => {
                if !self.model.non_negative(&args[0]) {
                    return self.decline(line, "`insert` at a position that may be negative");
                }
                let h = self.place(recv)?;
                let i = self.expr(&args[0])?;
                let v = self.value(&args[1], item)?;
                Ok(Code::atom(format!(
                    "{h}.insert(({} as usize).min({h}.len()), {v})",
                    i.at(CAST)
                )))
            }
            // Python's `del xs[i]` removes as `xs.pop(i)` does.
            (Ty::List(_), Method::Pop | Method::DelItem) => {
                let h = self.place(recv)?;
                match args {
                    [] => Ok(Code::atom(format!(
                        "{h}.pop().expect(\"pop from empty list\")"
                    ))),
                    [i] => {
                        let p = self.position(i, &format!("{h}.len()"), line)?;
                        Ok(Code::atom(format!("{h}.remove({p})")))
                    }
                    _ => self.decline(line, "`pop` with these arguments"),
                }
            }
            // Python's `d.pop(k)` raises `KeyError` for a missing key (Rust
            // panics); `d.pop(k, default)` gives the default.
            (Ty::Dict(k, v), Method::Pop | Method::DelItem) if matches!(args.len(), 1 | 2) => {
                let h = self.place(recv)?;
                let key = self.borrow_key(&args[0], k)?;
                match args.get(1) {
                    None => Ok(Code::atom(format!(
                        "{h}.remove({key}).expect(\"KeyError: key not found\")"
                    ))),
                    Some(d) => {
                        let d = self.value(d, v)?;
                        Ok(Code::atom(format!("{h}.remove({key}).unwrap_or({d})")))
                    }
                }
            }
            // JavaScript's `xs.splice(i, 1)` for its effect removes nothing
            // past the end, where `remove` panics; a negative `i` counts
            // from the end, clamped at 0.
            (Ty::List(_), Method::SpliceOne) if args.len() == 1 => {
                let i = &args[0];
                if !self.model.ty(i).is_int() {
                    return self.decline(line, "`splice` at a position that is not an integer");
                }
                let h = self.place(recv)?;
                let start = if let ExprKind::Lit(Lit::Int(v)) = i.kind {
                    if v >= 0 {
                        v.to_string()
                    } else {
                        format!("{h}.len().saturating_sub({})", -v)
                    }
                } else if self.model.non_negative(i) {
                    let p = self.expr(i)?;
                    format!("{} as usize", p.at(CAST))
                } else {
                    let p = self.expr(i)?;
                    format!(
                        "{{ let splice_from = {}; if splice_from < 0 {{ ({h}.len() as i128 + splice_from as i128).max(0) as usize }} else {{ splice_from as usize }} }}",
                        p.text
                    )
                };
                Ok(Code::atom(format!(
                    "{{ let splice_at = {start}; if splice_at < {h}.len() {{ {h}.remove(splice_at); }} }}"
                )))
            }
            (Ty::List(item), Method::Remove) if args.len() == 1 => {
                let h = self.place(recv)?;
                let v = self.value(&args[0], item)?;
                // The closure's parameter is a name no local has: `|x|`
                // hid a local `x` in the item (`xs.remove(x)` removed the
                // first item: `*x == x.clone()` compared it with itself).
                let n = self.fresh("item");
                Ok(Code::atom(format!(
                    "{h}.remove({h}.iter().position(|{n}| *{n} == {v}).expect(\"list.remove(x): x not in list\"))"
                )))
            }
            (Ty::List(item), Method::Sort) if args.is_empty() => {
                let h = self.place(recv)?;
                let mut reverse = false;
                let mut key = None;
                for (k, v) in keywords {
                    match (k.as_str(), &v.kind) {
                        ("reverse", ExprKind::Lit(Lit::Bool(b))) => reverse = *b,
                        ("key", _) => key = Some(v),
                        _ => return self.decline(line, format!("`sort` with `{k}=`")),
                    }
                }
                let item = (**item).clone();
                let sort = self.sort_call(&item, key, reverse, line)?;
                Ok(Code::atom(format!("{h}.{sort}")))
            }
            (Ty::List(_), Method::Reverse) if args.is_empty() => {
                let h = self.place(recv)?;
                Ok(Code::atom(format!("{h}.reverse()")))
            }
            (Ty::List(item), Method::Count) if args.len() == 1 => {
                let c = self.expr(recv)?;
                let h = self.readable(c, &rt, line)?;
                let v = self.value(&args[0], item)?;
                let n = self.fresh("item");
                Ok(Code::temp(
                    format!("{h}.iter().filter(|{n}| **{n} == {v}).count() as {int}"),
                    CAST,
                ))
            }
            (Ty::List(item), Method::Index) if args.len() == 1 => {
                let c = self.expr(recv)?;
                let h = self.readable(c, &rt, line)?;
                let v = self.value(&args[0], item)?;
                let n = self.fresh("item");
                Ok(Code::temp(
                    format!(
                        "{h}.iter().position(|{n}| *{n} == {v}).expect(\"x not in list\") as {int}"
                    ),
                    CAST,
                ))
            }
            // The first position of an item, or -1 (JavaScript's
            // `indexOf` on an array).
            (Ty::List(item), Method::Find) if args.len() == 1 && is_copy(item) => {
                let c = self.expr(recv)?;
                let h = self.readable(c, &rt, line)?;
                let v = self.value(&args[0], item)?;
                let n = self.fresh("item");
                Ok(Code::atom(format!(
                    "{h}.iter().position(|{n}| *{n} == {v}).map_or(-1, |at| at as {int})"
                )))
            }
            (Ty::List(_) | Ty::Dict(..) | Ty::Set(_), Method::Copy) if args.is_empty() => {
                let c = self.expr(recv)?;
                Ok(Code::atom(format!("{}.clone()", c.at(ATOM))))
            }
            (Ty::Dict(k, v), Method::Get) => {
                let c = self.expr(recv)?;
                let key = self.borrow_key(&args[0], k)?;
                let v = (**v).clone();
                let adapt = if is_copy(&v) { "copied" } else { "cloned" };
                match args {
                    [_] => Ok(Code::atom(format!("{}.get({key}).{adapt}()", c.at(ATOM)))),
                    [_, d] => {
                        let dv = self.value(d, &v)?;
                        Ok(Code::atom(format!(
                            "{}.get({key}).{adapt}().unwrap_or({dv})",
                            c.at(ATOM)
                        )))
                    }
                    _ => self.decline(line, "`get` with these arguments"),
                }
            }
            (Ty::Set(item), Method::Add) if args.len() == 1 => {
                let h = self.place(recv)?;
                let v = self.value(&args[0], item)?;
                Ok(Code::atom(format!("{h}.insert({v})")))
            }
            _ => {
                let _ = t;
                self.decline(line, format!("method `{}` of {rt}", m.python_name()))
            }
        }
    }

    fn slice(
        &mut self,
        value: &Expr,
        lower: Option<&Expr>,
        upper: Option<&Expr>,
        step: Option<&Expr>,
        line: usize,
    ) -> Res<Code> {
        let vt = self.model.ty(value).clone();
        let c = self.expr(value)?;
        let h = self.readable(c, &vt, line)?;
        if let Some(step) = step {
            let reversed_whole = lower.is_none()
                && upper.is_none()
                && matches!(step.kind, ExprKind::Lit(Lit::Int(-1)));
            if !reversed_whole {
                return self.decline(line, "slice with a step other than `[::-1]`");
            }
            return match &vt {
                Ty::Str => Ok(Code::atom(format!("{h}.chars().rev().collect::<String>()"))),
                Ty::List(x) => {
                    let adapt = if is_copy(x) { "copied" } else { "cloned" };
                    let ty = self.ty(&vt, line)?;
                    Ok(Code::atom(format!(
                        "{h}.iter().rev().{adapt}().collect::<{ty}>()"
                    )))
                }
                other => self.decline(line, format!("slice of {other}")),
            };
        }
        let int = Ty::Int(IntTy::Unbounded);
        let bound = |w: &mut Self, b: Option<&Expr>| -> Res<String> {
            match b {
                None => Ok("None".into()),
                Some(b) => {
                    if !w.model.ty(b).is_int() {
                        return w.decline(line, "slice bound that is not an integer");
                    }
                    Ok(format!("Some({})", w.value(b, &int)?))
                }
            }
        };
        let lo = bound(self, lower)?;
        let hi = bound(self, upper)?;
        let helper = helpers::py_slice(self.support, self.int);
        match &vt {
            Ty::Str => Ok(Code::atom(format!(
                "{{ let r = {helper}({lo}, {hi}, {h}.chars().count()); {h}.chars().skip(r.start).take(r.len()).collect::<String>() }}"
            ))),
            Ty::List(_) => Ok(Code::atom(format!(
                "{h}[{helper}({lo}, {hi}, {h}.len())].to_vec()"
            ))),
            other => self.decline(line, format!("slice of {other}")),
        }
    }
}

/// Whether evaluating `e` twice is the same as once: no calls of user
/// functions, no methods that change their receiver.
fn is_pure(e: &Expr) -> bool {
    let mut pure = true;
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Call { .. } | ExprKind::Lambda { .. } => pure = false,
            ExprKind::Method { method, .. } if method.mutates() => pure = false,
            _ => {}
        }
        super::super::ir::for_each_child(e, |c| stack.push(c));
    }
    pure
}

/// `c.method()` of a float as an `f64` (exact from an `f32`).
impl Writer<'_> {
    /// Whether `console.log(String(x))` prints a float `x`.
    fn logs_a_float(&self, arg: &Expr) -> bool {
        match &arg.kind {
            ExprKind::Builtin {
                op: Builtin::ToStr,
                args,
                ..
            } => args.first().is_some_and(|x| self.model.ty(x).is_float()),
            _ => false,
        }
    }

    /// The function testing one character as Python's `str` method `m`
    /// does: `char::is_uppercase`/`is_lowercase` (the Uppercase and
    /// Lowercase properties, as Python's), Python's white space, and the
    /// ASCII-only helpers for `isdigit`, `isalpha` and `isalnum`.
    fn python_char_test(&mut self, m: Method) -> String {
        match m {
            Method::IsUpper => "char::is_uppercase".to_string(),
            Method::IsLower => "char::is_lowercase".to_string(),
            Method::IsSpace => helpers::py_is_space(self.support).to_string(),
            Method::IsDigit => helpers::py_char_class(self.support, "isdigit", "is_ascii_digit"),
            Method::IsAlpha => {
                helpers::py_char_class(self.support, "isalpha", "is_ascii_alphabetic")
            }
            _ => helpers::py_char_class(self.support, "isalnum", "is_ascii_alphanumeric"),
        }
    }

    /// What `println!("{}", ..)` may print in place of `str(e)`: the value
    /// inside, while it is one whose `Display` writes what `str()` does (an
    /// int, a character, a string: `String(String(x))` is `x`).
    fn displayed<'e>(&self, mut e: &'e Expr) -> &'e Expr {
        while let ExprKind::Builtin {
            op: Builtin::ToStr,
            args,
            ..
        } = &e.kind
        {
            match args.as_slice() {
                [a] if matches!(self.model.ty(a), Ty::Int(_) | Ty::Char | Ty::Str) => e = a,
                _ => break,
            }
        }
        e
    }
}

fn widened(c: &Code, method: &str, f: FloatTy) -> String {
    let whole = format!("{}.{method}()", c.at(ATOM));
    match f {
        FloatTy::F64 => whole,
        _ => format!("f64::from({whole})"),
    }
}

fn is_fixed_spec(s: &str) -> bool {
    s.strip_prefix('.')
        .and_then(|r| r.strip_suffix('f'))
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

fn op_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add(_) => "+",
        BinOp::Sub => "-",
        BinOp::Mul(_) => "*",
        BinOp::Div(_) => "/",
        BinOp::FloorDiv(_) => "//",
        BinOp::Rem(_) => "%",
        BinOp::Pow => "**",
        BinOp::BitAnd => "&",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::Shl => "<<",
        BinOp::Shr => ">>",
    }
}

/// Text in parentheses unless it is a plain name, literal or call.
fn wrap_text(s: &str) -> String {
    if is_simple(s) {
        s.to_string()
    } else {
        format!("({s})")
    }
}

/// Text that binds at least as tight as `min`, judged from its top-level
/// operators (the text is code this module wrote).
fn wrap_prec(s: &str, min: u8) -> String {
    if min <= LOWEST || is_simple(s) || top_prec(s) >= min {
        s.to_string()
    } else {
        format!("({s})")
    }
}

fn paren_unless_atom(s: &str) -> String {
    wrap_prec(s, ATOM)
}

/// The precedence of the loosest operator of `s` outside brackets.
fn top_prec(s: &str) -> u8 {
    let bytes = s.as_bytes();
    let mut depth = 0i32;
    let mut lowest = ATOM;
    let mut in_str = false;
    let mut in_char = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if in_str {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        if in_char {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '\'' {
                in_char = false;
            }
            i += 1;
            continue;
        }
        match c {
            '"' => in_str = true,
            '\'' if bytes.get(i + 2) == Some(&b'\'') || bytes.get(i + 1) == Some(&b'\\') => {
                in_char = true
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ if depth == 0 => {
                let rest = &s[i..];
                let p = if rest.starts_with("||") {
                    Some(OR)
                } else if rest.starts_with("&&") {
                    Some(AND)
                } else if rest.starts_with("==")
                    || rest.starts_with("!=")
                    || rest.starts_with("<=")
                    || rest.starts_with(">=")
                    || rest.starts_with(" < ")
                    || rest.starts_with(" > ")
                {
                    Some(CMP)
                } else if rest.starts_with(" | ") {
                    Some(BITOR)
                } else if rest.starts_with(" ^ ") {
                    Some(BITXOR)
                } else if rest.starts_with(" & ") {
                    Some(BITAND)
                } else if rest.starts_with(" + ") || rest.starts_with(" - ") {
                    Some(ADD)
                } else if rest.starts_with(" * ")
                    || rest.starts_with(" / ")
                    || rest.starts_with(" % ")
                {
                    Some(MUL)
                } else if rest.starts_with(" as ") {
                    Some(CAST)
                } else if rest.starts_with("if ") && i == 0 {
                    Some(LOWEST)
                } else if (c == '-' || c == '!') && i == 0 {
                    Some(UNARY)
                } else if rest.starts_with("..") {
                    Some(4)
                } else {
                    None
                };
                if let Some(p) = p {
                    lowest = lowest.min(p);
                }
            }
            _ => {}
        }
        i += 1;
    }
    lowest
}

/// JavaScript's `h[at] = v` where `at` may be the length: it appends
/// there. Past the length JavaScript leaves holes, which a `Vec` cannot
/// hold: that store panics.
fn grow_store(h: &str, at: &str, v: &str, out: &mut Out) {
    out.line(format!("if {at} == {h}.len() {{"));
    out.depth += 1;
    out.line(format!("{h}.push({v});"));
    out.depth -= 1;
    out.line("} else {");
    out.depth += 1;
    out.line(format!("{h}[{at}] = {v};"));
    out.depth -= 1;
    out.line("}");
}

/// Whether an index is a name or a number, which borrows nothing.
fn is_plain_index(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn is_simple(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ':')
        && !s.starts_with('-')
}

/// The values of the assignments `to = from` that end a loop's body
/// (`while queue: level = []; ...; queue = level`) where the body's first
/// statement mentioning either name binds `from` to a new list that
/// mentions neither, and nothing outside the body mentions `from`: Python's
/// two names hold one list only from the assignment until `from` is bound
/// anew, and nothing runs in between that could change it (the loop's test
/// only reads), so a copy is the same list.
fn handoffs(f: &Function) -> HashSet<ExprId> {
    let mut out = HashSet::new();
    for_each_stmt(&f.body, true, &mut |s| {
        let body = match &s.kind {
            StmtKind::While { body, .. } | StmtKind::For { body, .. } => body,
            _ => return,
        };
        let Some(StmtKind::Assign {
            target: Target::Name { name: to, .. },
            value,
        }) = body.last().map(|s| &s.kind)
        else {
            return;
        };
        let ExprKind::Name(from) = &value.kind else {
            return;
        };
        let first = body
            .iter()
            .find(|s| stmt_mentions(s, from) || stmt_mentions(s, to));
        let fresh = match first.map(|s| &s.kind) {
            Some(StmtKind::Assign {
                target: Target::Name { name, .. },
                value: v,
            }) => {
                name == from
                    && matches!(v.kind, ExprKind::List(_) | ExprKind::Comprehension { .. })
                    && !expr_mentions(v, from)
                    && !expr_mentions(v, to)
            }
            _ => false,
        };
        // Every mention of `from` in the function is in the loop's body.
        let inside = mentions_in(body, from);
        if fresh && inside == mentions_in(&f.body, from) && from != to {
            out.insert(value.id);
        }
    });
    out
}

/// Whether the expression mentions the name.
fn expr_mentions(e: &Expr, name: &str) -> bool {
    expr_mention_count(e, name) > 0
}

fn expr_mention_count(e: &Expr, name: &str) -> usize {
    let mut found = 0;
    for_each_expr(e, &mut |x| {
        found += usize::from(matches!(&x.kind, ExprKind::Name(n) if n == name))
    });
    found
}

/// How many times the statements (and those nested in them) mention the
/// name, read or bound.
fn mentions_in(b: &[Stmt], name: &str) -> usize {
    let mut found = 0;
    for_each_stmt(b, true, &mut |st| {
        match &st.kind {
            StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } => {
                found += usize::from(binds_name(target, name) || target_mentions(target, name));
            }
            StmtKind::For { target, .. } => found += usize::from(binds_name(target, name)),
            _ => {}
        }
        for_each_stmt_expr(st, |e| found += expr_mention_count(e, name));
    });
    found
}

/// Whether the statement (or one nested in it) mentions the name, read or
/// bound.
fn stmt_mentions(s: &Stmt, name: &str) -> bool {
    let mut found = false;
    for_each_stmt(std::slice::from_ref(s), true, &mut |st| {
        match &st.kind {
            StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } => {
                found |= binds_name(target, name) || target_mentions(target, name);
            }
            StmtKind::For { target, .. } => found |= binds_name(target, name),
            _ => {}
        }
        for_each_stmt_expr(st, |e| found |= expr_mentions(e, name));
    });
    found
}

/// Whether a store's target reads the name (`xs[i] = ..` reads `xs`).
fn target_mentions(t: &Target, name: &str) -> bool {
    match t {
        Target::Attr { value, .. } => expr_mentions(value, name),
        Target::Index { value, index, .. } => {
            expr_mentions(value, name) || expr_mentions(index, name)
        }
        Target::Tuple(ts) => ts.iter().any(|t| target_mentions(t, name)),
        Target::Name { .. } => false,
    }
}

/// Whether a target binds the name (`x = ..`, `x, y = ..`).
fn binds_name(t: &Target, name: &str) -> bool {
    match t {
        Target::Name { name: n, .. } => n == name,
        Target::Tuple(ts) => ts.iter().any(|t| binds_name(t, name)),
        _ => false,
    }
}

/// The objects a target stores into, inside tuples too (`a.l, a.r = ..`).
fn target_roots<'e>(t: &'e Target, out: &mut Vec<&'e Expr>) {
    match t {
        Target::Tuple(ts) => ts.iter().for_each(|t| target_roots(t, out)),
        t => out.extend(rust_class::target_root(t)),
    }
}

/// Whether a block always leaves the function (its last statement returns,
/// fails, or loops forever).
fn ends_function(b: &Block) -> bool {
    match b.last().map(|s| &s.kind) {
        Some(StmtKind::Return(_) | StmtKind::Fail { .. }) => true,
        Some(StmtKind::If { branches, orelse }) => {
            !orelse.is_empty()
                && ends_function(orelse)
                && branches.iter().all(|(_, b)| ends_function(b))
        }
        Some(StmtKind::While { test, body }) => {
            matches!(test.kind, ExprKind::Lit(Lit::Bool(true))) && !has_break(body)
        }
        _ => false,
    }
}

fn has_break(b: &Block) -> bool {
    b.iter().any(|s| match &s.kind {
        StmtKind::Break => true,
        StmtKind::If { branches, orelse } => {
            branches.iter().any(|(_, b)| has_break(b)) || has_break(orelse)
        }
        _ => false,
    })
}

/// The parts of a tuple written out, where a character is looked for in
/// it and each part is a character-typed name or a one-character string
/// literal (neither has effects, so the order they are read in is free).
fn char_parts<'e>(b: &'e Expr, at: &Ty, model: &Model) -> Option<&'e [Expr]> {
    let ExprKind::Tuple(xs) = &b.kind else {
        return None;
    };
    let char_part = |x: &Expr| match &x.kind {
        ExprKind::Lit(Lit::Str(s)) => s.chars().count() == 1,
        ExprKind::Name(_) => *model.ty(x) == Ty::Char,
        _ => false,
    };
    (*at == Ty::Char && !xs.is_empty() && xs.iter().all(char_part)).then_some(xs.as_slice())
}

/// The locals a loop iterates directly (through `enumerate`, `zip`,
/// `reversed`), whose borrow lasts the whole loop.
fn iterated_names(iter: &Expr, model: &Model, out: &mut Vec<LocalId>) {
    match &iter.kind {
        ExprKind::Name(_) => out.extend(model.scopes.local_id(iter.id)),
        // A generator reads its arguments while the loop runs.
        ExprKind::Call { args, .. } if matches!(model.ty(iter), Ty::Iter(_)) => {
            for a in args {
                for_each_expr(a, &mut |e| {
                    if let ExprKind::Name(_) = e.kind {
                        out.extend(model.scopes.local_id(e.id));
                    }
                });
            }
        }
        ExprKind::Builtin {
            op: Builtin::Enumerate | Builtin::Reversed | Builtin::Zip | Builtin::Iter,
            args,
            ..
        } => args.iter().for_each(|a| iterated_names(a, model, out)),
        _ => {}
    }
}

/// Whether values of `t` hold a list, dict or set (shared in Python).
fn holds_container(t: &Ty) -> bool {
    match t {
        Ty::List(_) | Ty::Set(_) | Ty::Dict(..) | Ty::Class(_) | Ty::Var(_) => true,
        Ty::Option(x) | Ty::TupleOf(x) => holds_container(x),
        Ty::Tuple(ts) => ts.iter().any(holds_container),
        _ => false,
    }
}

/// The locals a store to `t` binds.
fn target_locals(t: &Target, model: &Model, out: &mut Vec<LocalId>) {
    match t {
        Target::Name { id, .. } => {
            if let Some(l) = model.scopes.local_id(*id) {
                if !out.contains(&l) {
                    out.push(l);
                }
            }
        }
        Target::Tuple(ts) => ts.iter().for_each(|t| target_locals(t, model, out)),
        Target::Index { .. } | Target::Attr { .. } => {}
    }
}

/// Whether a block changes the list held in `l` in place.
fn mutates_in(b: &Block, l: LocalId, model: &Model) -> bool {
    let mut found = false;
    let mut visit = |e: &Expr| {
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            if let ExprKind::Method { recv, method, .. } = &e.kind {
                if method.mutates()
                    && matches!(recv.kind, ExprKind::Name(_))
                    && model.scopes.local_id(recv.id) == Some(l)
                {
                    found = true;
                }
            }
            super::super::ir::for_each_child(e, |c| stack.push(c));
        }
    };
    walk_exprs(b, &mut visit);
    found || stores_in(b, l, model)
}

/// Whether a block stores into the local `l` or into one of its elements:
/// the loop over it holds a borrow that Rust will not let either happen
/// under (and Python's loop would go on over the old list, or see the
/// change).
fn stores_in(b: &Block, l: LocalId, model: &Model) -> bool {
    fn target_hits(t: &Target, l: LocalId, model: &Model) -> bool {
        match t {
            Target::Name { id, .. } => model.scopes.local_id(*id) == Some(l),
            Target::Tuple(ts) => ts.iter().any(|t| target_hits(t, l, model)),
            Target::Attr { .. } => false,
            Target::Index { value, .. } => {
                let mut holder: &Expr = value;
                while let ExprKind::Index { value, .. } = &holder.kind {
                    holder = value;
                }
                matches!(holder.kind, ExprKind::Name(_))
                    && model.scopes.local_id(holder.id) == Some(l)
            }
        }
    }
    b.iter().any(|s| match &s.kind {
        StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } => {
            target_hits(target, l, model)
        }
        StmtKind::For {
            target,
            body,
            orelse,
            ..
        } => {
            target_hits(target, l, model)
                || stores_in(body, l, model)
                || stores_in(orelse, l, model)
        }
        StmtKind::If { branches, orelse } => {
            branches.iter().any(|(_, b)| stores_in(b, l, model)) || stores_in(orelse, l, model)
        }
        StmtKind::While { body, .. } => stores_in(body, l, model),
        _ => false,
    })
}

fn walk_exprs(b: &Block, f: &mut dyn FnMut(&Expr)) {
    for s in b {
        match &s.kind {
            StmtKind::Assign { value, .. } | StmtKind::AugAssign { value, .. } => f(value),
            StmtKind::Expr(e) | StmtKind::Assert(e, _) | StmtKind::Return(Some(e)) => f(e),
            StmtKind::If { branches, orelse } => {
                for (t, b) in branches {
                    f(t);
                    walk_exprs(b, f);
                }
                walk_exprs(orelse, f);
            }
            StmtKind::While { test, body } => {
                f(test);
                walk_exprs(body, f);
            }
            StmtKind::For {
                iter, body, orelse, ..
            } => {
                f(iter);
                walk_exprs(body, f);
                walk_exprs(orelse, f);
            }
            _ => {}
        }
    }
}

/// Whether a `return` of `body` (not of nested functions) gives `name`.
fn returns_name(body: &Block, name: &str) -> bool {
    let mut found = false;
    for_each_stmt(body, false, &mut |s| {
        if let StmtKind::Return(Some(v)) = &s.kind {
            found |= matches!(&v.kind, ExprKind::Name(n) if n == name);
        }
    });
    found
}

/// The locals of `f` and its nested functions of a list, dict or set
/// type that are changed in place: by the function that holds them, or
/// by a function of the unit they are passed to, which changes its
/// parameter (to a fixed point: `f(xs)` passing `xs` on to `g`, which
/// appends to it, changes `xs` as Python's caller sees it).
fn changed_in_place(f: &Function, model: &Model) -> HashSet<LocalId> {
    let container =
        |l: LocalId| matches!(model.local_ty(l), Ty::List(_) | Ty::Dict(..) | Ty::Set(_));
    let mut out: HashSet<LocalId> = (0..model.scopes.locals.len())
        .map(LocalId)
        .filter(|l| model.scopes.locals[l.0].mutated && container(*l))
        .collect();
    // `xs += ys` of a list (`|=` of a set or dict...) changes the object
    // in place, as `extend` does: Python's caller sees it.
    for_each_stmt(&f.body, true, &mut |s| {
        if let StmtKind::AugAssign {
            target: Target::Name { id, .. },
            ..
        } = &s.kind
        {
            if let Some(l) = model.scopes.local_id(*id) {
                if container(l) {
                    out.insert(l);
                }
            }
        }
    });
    // A list lent to a function of another unit that changes it
    // (`&mut` in its signature).
    for_each_stmt(&f.body, true, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                let ExprKind::Call { func, args } = &x.kind else {
                    return;
                };
                if model.scopes.function_params.contains_key(func) {
                    return;
                }
                let Some(sig) = model.externs.get(func) else {
                    return;
                };
                for (a, p) in args.iter().zip(&sig.params) {
                    let changes = p.mutable || p.given_back;
                    if let (true, Some(l)) = (changes, model.scopes.local_id(a.id)) {
                        if container(l) {
                            out.insert(l);
                        }
                    }
                }
            })
        })
    });
    loop {
        let mut more = Vec::new();
        for_each_stmt(&f.body, true, &mut |s| {
            for_each_stmt_expr(s, |e| {
                for_each_expr(e, &mut |x| {
                    let ExprKind::Call { func, args } = &x.kind else {
                        return;
                    };
                    let Some(params) = model.scopes.function_params.get(func) else {
                        return;
                    };
                    for (a, p) in args.iter().zip(params) {
                        let Some(q) = model.scopes.local_id(a.id) else {
                            continue;
                        };
                        if out.contains(p) && !out.contains(&q) && container(q) {
                            more.push(q);
                        }
                    }
                })
            })
        });
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

/// The reads of `f`'s locals of a mutable type (list, dict, set) that the
/// function changes in place where the name may be used again after the
/// read, before it is bound anew: a copy taken there (`grid.push(row.clone())`)
/// would not see the later change, where Python's value is shared.
fn shared_then_used(f: &Function, model: &Model, changed: &HashSet<LocalId>) -> HashSet<ExprId> {
    let mut out = HashSet::new();
    for_each_stmt(&f.body, false, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                let ExprKind::Name(n) = &x.kind else {
                    return;
                };
                let Some(l) = model.scopes.local_id(x.id) else {
                    return;
                };
                if changed.contains(&l) && after::mentioned_after(&f.body, x.id, n) {
                    out.insert(x.id);
                }
            })
        })
    });
    out
}

/// The locals of `f` holding objects of the unit's classes that a method
/// call changes (`o.push(x)` of a `&mut self` method), or a list or dict
/// method or a store changes a field of (`o.items.append(x)`,
/// `o.items[0] = x`).
fn changed_objects(f: &Function, model: &Model, classes: &[ClassSig]) -> Vec<LocalId> {
    let mut found = Vec::new();
    super::super::ir::for_each_stmt(&f.body, false, &mut |s| {
        if let StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } = &s.kind {
            if let Some(l) =
                rust_class::target_root(target).and_then(|o| model.scopes.local_id(o.id))
            {
                found.push(l);
            }
        }
    });
    walk_exprs(&f.body, &mut |e| {
        super::super::ir::for_each_expr(e, &mut |x| {
            let object = match &x.kind {
                ExprKind::CallMethod { recv, name, .. } => {
                    let changes = match model.ty(recv) {
                        Ty::Class(c) => classes
                            .iter()
                            .find(|k| k.name == *c)
                            .and_then(|k| k.method(name))
                            .is_some_and(|m| m.changes_object),
                        _ => false,
                    };
                    changes.then_some(&**recv)
                }
                ExprKind::Method { recv, method, .. } if method.mutates() => match &recv.kind {
                    ExprKind::Attr { value, .. } => Some(&**value),
                    _ => None,
                },
                _ => None,
            };
            if let Some(l) = object.and_then(|o| model.scopes.local_id(o.id)) {
                found.push(l);
            }
        })
    });
    found
}

/// Locals of `f` (its own scope, not parameters or nested functions) that
/// cannot be declared at their first store: the store is not in a block
/// that holds every use, or a use comes first.
fn hoisted_locals(f: &Function, model: &Model) -> Vec<LocalId> {
    // For each local: the block path of its first occurrence, whether that
    // occurrence is a plain assignment, and whether every later occurrence
    // is inside that block.
    struct Seen {
        path: Vec<usize>,
        first_is_store: bool,
        contained: bool,
        /// Bodies of the loops whose variable it is.
        loop_paths: Vec<Vec<usize>>,
        /// Stored other than as a loop variable.
        plain_store: bool,
        /// Where every occurrence is.
        all_paths: Vec<Vec<usize>>,
    }
    let mut seen: HashMap<usize, Seen> = HashMap::new();
    let mut order: Vec<usize> = Vec::new();
    let mut next_block = 0usize;
    /// `kind`: 0 a read, 1 a store, 2 a loop variable's store (`path` is
    /// then the loop's body).
    fn note(
        l: LocalId,
        path: &[usize],
        kind: u8,
        seen: &mut HashMap<usize, Seen>,
        order: &mut Vec<usize>,
    ) {
        let s = seen.entry(l.0).or_insert_with(|| {
            order.push(l.0);
            Seen {
                path: path.to_vec(),
                first_is_store: kind > 0,
                contained: true,
                loop_paths: Vec::new(),
                plain_store: false,
                all_paths: Vec::new(),
            }
        });
        if !path.starts_with(&s.path) {
            s.contained = false;
        }
        match kind {
            1 => s.plain_store = true,
            2 => s.loop_paths.push(path.to_vec()),
            _ => {}
        }
        s.all_paths.push(path.to_vec());
    }
    fn names_in(e: &Expr, model: &Model, out: &mut Vec<LocalId>) {
        if let ExprKind::Name(_) = e.kind {
            if let Some(l) = model.scopes.local_id(e.id) {
                out.push(l);
            }
        }
        super::super::ir::for_each_child(e, |c| names_in(c, model, out));
    }
    fn target_names(t: &Target, model: &Model, out: &mut Vec<LocalId>, reads: &mut Vec<LocalId>) {
        match t {
            Target::Name { id, .. } => {
                if let Some(l) = model.scopes.local_id(*id) {
                    out.push(l);
                }
            }
            Target::Tuple(ts) => ts.iter().for_each(|t| target_names(t, model, out, reads)),
            Target::Attr { value, .. } => names_in(value, model, reads),
            Target::Index { value, index, .. } => {
                names_in(value, model, reads);
                names_in(index, model, reads);
            }
        }
    }
    #[allow(clippy::too_many_arguments)] // the walk's state, threaded through
    fn walk(
        b: &Block,
        path: &mut Vec<usize>,
        next_block: &mut usize,
        model: &Model,
        seen: &mut HashMap<usize, Seen>,
        order: &mut Vec<usize>,
    ) {
        for s in b {
            let mut reads = Vec::new();
            let mut stores = Vec::new();
            let mut loop_stores = Vec::new();
            let mut blocks: Vec<&Block> = Vec::new();
            match &s.kind {
                StmtKind::Assign { target, value } => {
                    names_in(value, model, &mut reads);
                    target_names(target, model, &mut stores, &mut reads);
                }
                StmtKind::AugAssign { target, value, .. } => {
                    names_in(value, model, &mut reads);
                    let mut t = Vec::new();
                    target_names(target, model, &mut t, &mut reads);
                    reads.extend(t);
                }
                StmtKind::Expr(e) | StmtKind::Assert(e, _) | StmtKind::Return(Some(e)) => {
                    names_in(e, model, &mut reads)
                }
                StmtKind::If { branches, orelse } => {
                    for (t, b) in branches {
                        names_in(t, model, &mut reads);
                        blocks.push(b);
                    }
                    blocks.push(orelse);
                }
                StmtKind::While { test, body } => {
                    names_in(test, model, &mut reads);
                    blocks.push(body);
                }
                StmtKind::For {
                    target,
                    iter,
                    body,
                    orelse,
                } => {
                    names_in(iter, model, &mut reads);
                    target_names(target, model, &mut loop_stores, &mut reads);
                    blocks.push(body);
                    blocks.push(orelse);
                }
                _ => {}
            }
            for l in reads {
                note(l, path, 0, seen, order);
            }
            for l in stores {
                note(l, path, 1, seen, order);
            }
            // A loop variable lives in the loop's body.
            if !blocks.is_empty() {
                *next_block += 1;
                path.push(*next_block);
                for l in loop_stores {
                    note(l, path, 2, seen, order);
                }
                path.pop();
                let body_id = *next_block;
                for (i, b) in blocks.iter().enumerate() {
                    let id = if i == 0 {
                        body_id
                    } else {
                        *next_block += 1;
                        *next_block
                    };
                    path.push(id);
                    walk(b, path, next_block, model, seen, order);
                    path.pop();
                }
            }
        }
    }
    let mut path = vec![0];
    walk(
        &f.body,
        &mut path,
        &mut next_block,
        model,
        &mut seen,
        &mut order,
    );
    order
        .into_iter()
        .filter(|l| {
            let local = &model.scopes.locals[*l];
            let s = &seen[l];
            // A variable of loops only, read only inside them, is bound by
            // each loop afresh.
            let loops_only = !s.plain_store
                && !s.loop_paths.is_empty()
                && s.all_paths
                    .iter()
                    .all(|p| s.loop_paths.iter().any(|lp| p.starts_with(lp)));
            !local.is_param
                && !local.is_function
                && !loops_only
                && (!s.first_is_store || !s.contained)
        })
        .map(LocalId)
        // Only this function's own locals: a nested function hoists its own.
        .filter(|l| {
            Some(model.scopes.locals[l.0].scope)
                == model.scopes.function_scope.get(&f.name).copied()
        })
        .collect()
}
