//! Type inference to a fixed point: every expression's type and every
//! binding's, from declared types (annotations, the target signature),
//! literals and usage (what is appended to a list, stored in a dict, passed
//! to a nested function).
//!
//! Each round walks the whole function and joins what it learns into the
//! bindings' types; rounds repeat until nothing changes. Types only grow
//! (`Unknown` → `list[unknown]` → `list[int]`), so this ends; a binding that
//! would need two unrelated types is a decline naming it.

use std::collections::{HashMap, HashSet};

use super::super::ir::{
    for_each_expr, for_each_stmt, for_each_stmt_expr, is_generator, try_blocks, BinOp, Block,
    Builtin, CmpOp, CompKind, Expr, ExprId, ExprKind, FloatTy, Function, Functool, IntTy, Itertool,
    Lit, LogicOp, MathFn, Method, OperandSem, Param, StmtKind, Target, Truthiness, Ty, UnOp,
};
use super::super::{Decline, Res};
use super::scope::{LocalId, Scopes};
use super::usage;
use super::Shapes;

/// Rounds before inference gives up; real functions settle in three or four.
const MAX_ROUNDS: usize = 12;

/// Between a callee's name and one of its type variables in a placeholder
/// of [`Types::passed_as`] (no type variable a backend writes has it).
pub const PLACEHOLDER: &str = "::";

pub struct Types {
    /// By [`super::super::ir::ExprId`].
    pub exprs: Vec<Ty>,
    /// By [`LocalId`].
    pub locals: Vec<Ty>,
    /// Return types of the unit's function and the functions nested in it.
    pub returns: HashMap<String, Ty>,
    /// Parameters of unknown type (kept unknown: see `pinned_parameters`)
    /// that the function passes to another module's generic function, with
    /// the type the callee takes them as (`Vec<_>` for `array` of `fn
    /// index_of<T>(array: Vec<T>, ..)`): the shape a type variable round
    /// gives them (`generics::type_variables`). The callee's variables the
    /// call leaves unbound are placeholders (see [`PLACEHOLDER`]).
    pub passed_as: HashMap<LocalId, Ty>,
}

/// `returns`: the return types of functions outside the unit it calls.
///
/// A conditional expression or an `and`/`or` one of whose branches is of
/// unknown type once the types settle is of unknown type itself, though
/// [`join`] (taking unknown as nothing, as a round must for a value not
/// typed yet, a recursive call's) gave it the other branch's: `c ? xs : 1`
/// with `xs` a parameter nothing types would be an int, and `String()` of
/// it `str()` where it may be a list. Each such expression found makes
/// another pass with it unknown from the start, so that nothing typed from
/// it (a binding it is assigned to) keeps the other branch's type either.
///
/// `shapes`: the fields and methods of the unit's classes, for what reads
/// them on an object of a known class.
pub fn infer(
    f: &Function,
    scopes: &Scopes,
    ids: usize,
    returns: HashMap<String, Ty>,
    shapes: &Shapes,
    extern_params: &HashMap<String, (Vec<Ty>, Ty)>,
) -> Res<Types> {
    let returns = with_parameter_returns(f, returns);
    let present = if shapes.narrows {
        super::narrow::present_reads(f, scopes)
    } else {
        HashSet::new()
    };
    let mut opaque = HashSet::new();
    // Each pass adds at least one expression, so this ends.
    loop {
        let types = settle(
            f,
            scopes,
            ids,
            returns.clone(),
            ExprFacts {
                opaque: &opaque,
                present: &present,
            },
            shapes,
            extern_params,
        )?;
        let more = laundered(f, &types, &opaque);
        if more.is_empty() {
            let mut types = types;
            fill_declared(f, scopes, &mut types);
            return Ok(types);
        }
        opaque.extend(more);
    }
}

/// The values assigned to the locals `f` declares take the parts of their
/// types the values leave unknown from the local's (`buckets:
/// list[list[int]] = [[] for _ in range(n)]`: the inner `[]` is a
/// `list[int]`), so that a backend writing the value's type has it.
fn fill_declared(f: &Function, scopes: &Scopes, types: &mut Types) {
    if f.declared.is_empty() {
        return;
    }
    let declared: HashSet<ExprId> = f.declared.iter().map(|(id, _)| *id).collect();
    for_each_stmt(&f.body, false, &mut |s| {
        if let StmtKind::Assign {
            target: Target::Name { id, .. },
            value,
        } = &s.kind
        {
            if !declared.contains(id) {
                return;
            }
            if let Some(l) = scopes.local_id(*id) {
                let want = types.locals.get(l.0).cloned().unwrap_or(Ty::Unknown);
                fill_expr(value, &want, types);
            }
        }
    });
}

/// `e`'s type with its unknown parts taken from `want`, and so for the
/// items of a list literal and the element of a list comprehension.
fn fill_expr(e: &Expr, want: &Ty, types: &mut Types) {
    let Some(slot) = types.exprs.get_mut(e.id.index()) else {
        return;
    };
    *slot = fill_unknown(slot, want);
    let item = want.item().unwrap_or(Ty::Unknown);
    match &e.kind {
        ExprKind::List(items) => {
            for x in items {
                fill_expr(x, &item, types);
            }
        }
        ExprKind::Comprehension {
            kind: CompKind::List,
            elt,
            ..
        } => fill_expr(elt, &item, types),
        ExprKind::IfElse { then, orelse, .. } => {
            fill_expr(then, want, types);
            fill_expr(orelse, want, types);
        }
        _ => {}
    }
}

/// `have` with each unknown part replaced by `want`'s part there, where
/// the two have the same shape.
fn fill_unknown(have: &Ty, want: &Ty) -> Ty {
    let fill = |a: &Ty, b: &Ty| Box::new(fill_unknown(a, b));
    match (have, want) {
        (Ty::Unknown, _) => want.clone(),
        (Ty::List(a), Ty::List(b)) => Ty::List(fill(a, b)),
        (Ty::Set(a), Ty::Set(b)) => Ty::Set(fill(a, b)),
        (Ty::Option(a), Ty::Option(b)) => Ty::Option(fill(a, b)),
        (Ty::Dict(k, v), Ty::Dict(wk, wv)) => Ty::Dict(fill(k, wk), fill(v, wv)),
        _ => have.clone(),
    }
}

/// `returns` with what calling each of `f`'s parameters typed as a
/// function gives (`factory: () -> dict`, from a default such as
/// `factory=dict`): a call names its callee, and inside `f` the parameter
/// is what that name calls.
fn with_parameter_returns(f: &Function, mut returns: HashMap<String, Ty>) -> HashMap<String, Ty> {
    for p in &f.params {
        if let Ty::Func(_, r) = &p.ty {
            returns.insert(p.name.clone(), (**r).clone());
        }
    }
    returns
}

/// What is known of single expressions before a pass types them.
struct ExprFacts<'a> {
    /// Expressions left unknown (see [`infer`]).
    opaque: &'a HashSet<ExprId>,
    /// Reads of a parameter that may be `None` where it is known present.
    present: &'a HashSet<ExprId>,
}

/// Types to a fixed point, with the expressions in `facts.opaque` unknown.
fn settle(
    f: &Function,
    scopes: &Scopes,
    ids: usize,
    returns: HashMap<String, Ty>,
    facts: ExprFacts,
    shapes: &Shapes,
    extern_params: &HashMap<String, (Vec<Ty>, Ty)>,
) -> Res<Types> {
    let (pinned, callers) = pinned_parameters(f, scopes);
    let mut inf = Infer {
        scopes,
        pinned,
        callers,
        shapes,
        extern_params,
        types: Types {
            exprs: vec![Ty::Unknown; ids],
            locals: vec![Ty::Unknown; scopes.locals.len()],
            returns,
            passed_as: HashMap::new(),
        },
        changed: false,
        current: Vec::new(),
        opaque: facts.opaque,
        present: facts.present,
    };
    // Names annotated with a tree node type keep their annotation, not
    // the join of what flows in: Python narrows `root` after `if root is
    // None: return`, which one type per binding cannot say.
    if !shapes.nodes.is_empty() {
        let declared = f
            .params
            .iter()
            .map(|p| (p.id, &p.ty))
            .chain(f.declared.iter().map(|(id, t)| (*id, t)));
        for (id, t) in declared {
            if let Some(l) = scopes
                .local_id(id)
                .filter(|_| mentions_node(t, &shapes.nodes))
            {
                inf.types.locals[l.0] = t.clone();
                inf.pinned.insert(l);
            }
        }
    }
    for _ in 0..MAX_ROUNDS {
        inf.changed = false;
        inf.function(f)?;
        if !inf.changed {
            return Ok(inf.types);
        }
    }
    Err(Decline(format!(
        "types that do not settle in `{}` at line {}",
        f.name, f.line
    )))
}

/// Whether a type names one of the node classes.
fn mentions_node(t: &Ty, nodes: &HashSet<String>) -> bool {
    match t {
        Ty::Class(c) => nodes.contains(c),
        Ty::List(x) | Ty::Set(x) | Ty::Option(x) | Ty::TupleOf(x) | Ty::Iter(x) => {
            mentions_node(x, nodes)
        }
        Ty::Dict(k, v) | Ty::Result(k, v) => mentions_node(k, nodes) || mentions_node(v, nodes),
        Ty::Tuple(ts) => ts.iter().any(|t| mentions_node(t, nodes)),
        _ => false,
    }
}

/// The parameters of the unit's function that nothing types (no
/// annotation, JSDoc, signature or use) stay of unknown type, whatever the
/// body assigns them: the caller may pass any value, a binding has one
/// type in the IR, and [`join`] takes unknown as nothing. `def
/// argmin(iterable): if key is not None: iterable = map(key, iterable)`
/// made `iterable` a list, and `enumerate` of a caller's string
/// `iterable.entries()`, which a string does not have.
///
/// Two forms keep the type the body gives: a parameter whose first
/// mention is a top-level assignment to it (`seq = iter(seq)`: no later
/// read sees the caller's value, and the reads in that assignment's value
/// are of unknown type, the second set returned); and, an assumption the
/// rules engine's documentation states, a parameter defaulting to `None`
/// whose first mention is `if p is None: p = value`, taken to hold what
/// it is set to, as `p: list | None` would say. (Nested functions are
/// typed from their calls, not pinned.)
fn pinned_parameters(f: &Function, scopes: &Scopes) -> (HashSet<LocalId>, HashSet<ExprId>) {
    let mut pinned = HashSet::new();
    let mut callers = HashSet::new();
    for p in f.params.iter().filter(|p| p.ty == Ty::Unknown) {
        let Some(l) = scopes.local_id(p.id) else {
            continue;
        };
        let first = f
            .body
            .iter()
            .find(|s| usage::mentions(std::slice::from_ref(*s), &p.name));
        match first.map(|s| &s.kind) {
            None => {}
            Some(StmtKind::Assign {
                target: Target::Name { name, .. },
                value,
            }) if *name == p.name => for_each_expr(value, &mut |x| {
                if matches!(&x.kind, ExprKind::Name(n) if *n == p.name) {
                    callers.insert(x.id);
                }
            }),
            Some(stmt) if sets_when_none(p, stmt) => {}
            Some(_) => {
                pinned.insert(l);
            }
        }
    }
    (pinned, callers)
}

/// Whether `stmt` is `if p is None: p = value` (no `else`, `value` not
/// reading `p`) for a parameter `p` whose default is `None`.
fn sets_when_none(p: &Param, stmt: &StmtKind) -> bool {
    let defaults_to_none =
        matches!(&p.default, Some(d) if matches!(d.kind, ExprKind::Lit(Lit::None)));
    let StmtKind::If { branches, orelse } = stmt else {
        return false;
    };
    let [(test, body)] = branches.as_slice() else {
        return false;
    };
    let [set] = body.as_slice() else {
        return false;
    };
    let sets_p = matches!(&set.kind,
        StmtKind::Assign { target: Target::Name { name, .. }, value }
            if *name == p.name && !usage::mentions_expr(value, &p.name));
    defaults_to_none && orelse.is_empty() && is_none_test(test, &p.name) && sets_p
}

/// Whether `e` is `name is None`.
fn is_none_test(e: &Expr, name: &str) -> bool {
    matches!(&e.kind, ExprKind::Compare { first, rest }
        if matches!(&first.kind, ExprKind::Name(n) if n == name)
        && matches!(rest.as_slice(), [(CmpOp::Is, none)] if matches!(none.kind, ExprKind::Lit(Lit::None))))
}

/// The conditional expressions and `and`/`or`s, not yet in `opaque`, whose
/// type came from joining a branch of unknown type as nothing. A type that
/// says nothing more (unknown, or `None` or unknown: `lst[1] if c else
/// None`) is left as it is.
fn laundered(f: &Function, types: &Types, opaque: &HashSet<ExprId>) -> Vec<ExprId> {
    fn says_nothing(t: &Ty) -> bool {
        match t {
            Ty::Unknown => true,
            Ty::Option(inner) => says_nothing(inner),
            _ => false,
        }
    }
    let ty = |e: &Expr| types.exprs.get(e.id.index()).unwrap_or(&Ty::Unknown);
    let mut found = Vec::new();
    for_each_stmt(&f.body, true, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                let branches: Vec<&Expr> = match &x.kind {
                    ExprKind::IfElse { then, orelse, .. } => vec![then, orelse],
                    ExprKind::Logic { operands, .. } => operands.iter().collect(),
                    _ => return,
                };
                if !opaque.contains(&x.id)
                    && !says_nothing(ty(x))
                    && branches.iter().any(|b| *ty(b) == Ty::Unknown)
                {
                    found.push(x.id);
                }
            })
        })
    });
    found
}

/// The least type that holds both, or `None` when none does.
pub fn join(a: &Ty, b: &Ty) -> Option<Ty> {
    Some(match (a, b) {
        (Ty::Unknown, t) | (t, Ty::Unknown) => t.clone(),
        (x, y) if x == y => x.clone(),
        // A number that may be an int or a float (`int | float`) stays
        // one whatever number joins it.
        (Ty::Number { integral: false }, t) | (t, Ty::Number { integral: false })
            if t.is_numeric() =>
        {
            Ty::Number { integral: false }
        }
        (Ty::Int(_), Ty::Float(w)) | (Ty::Float(w), Ty::Int(_)) => Ty::Float(*w),
        (Ty::Int(_), Ty::Int(_)) => Ty::Int(IntTy::Unbounded),
        (Ty::Char, Ty::Str) | (Ty::Str, Ty::Char) => Ty::Str,
        (Ty::List(x), Ty::List(y)) => Ty::list(join(x, y)?),
        (Ty::Set(x), Ty::Set(y)) => Ty::Set(Box::new(join(x, y)?)),
        (Ty::Iter(x), Ty::Iter(y)) => Ty::Iter(Box::new(join(x, y)?)),
        (Ty::Option(x), Ty::Option(y)) => Ty::Option(Box::new(join(x, y)?)),
        (Ty::Option(x), y) | (y, Ty::Option(x)) => Ty::Option(Box::new(join(x, y)?)),
        (Ty::Dict(k, v), Ty::Dict(k2, v2)) => {
            Ty::Dict(Box::new(join(k, k2)?), Box::new(join(v, v2)?))
        }
        (Ty::TupleOf(x), Ty::TupleOf(y)) => Ty::TupleOf(Box::new(join(x, y)?)),
        // A fixed tuple is one of any length (`return (a, b)` from a
        // function declared `-> tuple[int, ...]`).
        (Ty::TupleOf(x), Ty::Tuple(ys)) | (Ty::Tuple(ys), Ty::TupleOf(x)) => {
            let mut item = (**x).clone();
            for y in ys {
                item = join(&item, y)?;
            }
            Ty::TupleOf(Box::new(item))
        }
        (Ty::Tuple(xs), Ty::Tuple(ys)) if xs.len() == ys.len() => Ty::Tuple(
            xs.iter()
                .zip(ys)
                .map(|(x, y)| join(x, y))
                .collect::<Option<Vec<_>>>()?,
        ),
        _ => return None,
    })
}

struct Infer<'a> {
    scopes: &'a Scopes,
    /// Parameters of unknown type, which stay unknown, and the reads of
    /// the caller's value of one the body assigns first (see
    /// [`pinned_parameters`]).
    pinned: HashSet<LocalId>,
    callers: HashSet<ExprId>,
    shapes: &'a Shapes,
    /// The parameter types of the functions of other units the unit calls
    /// (the project's callee table), by name.
    extern_params: &'a HashMap<String, (Vec<Ty>, Ty)>,
    /// Expressions of unknown type whatever their operands' (see [`infer`]).
    opaque: &'a HashSet<ExprId>,
    /// Reads of a parameter that may be `None` where it is known present
    /// (see [`super::narrow`]): of the option's item type.
    present: &'a HashSet<ExprId>,
    types: Types,
    changed: bool,
    /// The functions being walked, innermost last, for `return` and
    /// `yield`: each name, and whether it is a generator.
    current: Vec<(String, bool)>,
}

impl Infer<'_> {
    fn local_ty(&self, l: LocalId) -> Ty {
        self.types.locals[l.0].clone()
    }

    /// Joins `ty` into a binding's type.
    fn widen(&mut self, l: LocalId, ty: &Ty, line: usize) -> Res<()> {
        if self.pinned.contains(&l) {
            return Ok(());
        }
        let old = &self.types.locals[l.0];
        let Some(new) = join(old, ty) else {
            return Err(Decline(format!(
                "name `{}` holding both {old} and {ty} at line {line}",
                self.scopes.locals[l.0].name
            )));
        };
        if &new != old {
            self.types.locals[l.0] = new;
            self.changed = true;
        }
        Ok(())
    }

    fn widen_return(&mut self, name: &str, ty: &Ty, line: usize) -> Res<()> {
        let old = self.types.returns.get(name).cloned().unwrap_or(Ty::Unknown);
        let Some(new) = join(&old, ty) else {
            return Err(Decline(format!(
                "`{name}` returning both {old} and {ty} at line {line}"
            )));
        };
        if new != old {
            self.types.returns.insert(name.to_string(), new);
            self.changed = true;
        }
        Ok(())
    }

    fn function(&mut self, f: &Function) -> Res<()> {
        for p in &f.params {
            if let Some(l) = self.scopes.local_id(p.id) {
                self.widen(l, &p.ty, p.line)?;
                self.types.exprs[p.id.index()] = self.local_ty(l);
            }
        }
        for (id, ty) in &f.declared {
            if let Some(l) = self.scopes.local_id(*id) {
                self.widen(l, ty, f.line)?;
            }
        }
        if f.ret != Ty::Unknown {
            self.widen_return(&f.name, &f.ret, f.line)?;
        }
        let generator = is_generator(f);
        if generator {
            // What a generator returns is its iterator, whatever it yields.
            self.widen_return(&f.name, &Ty::Iter(Box::new(Ty::Unknown)), f.line)?;
        }
        self.current.push((f.name.clone(), generator));
        let r = self.block(&f.body);
        self.current.pop();
        r
    }

    fn block(&mut self, b: &Block) -> Res<()> {
        for s in b {
            match &s.kind {
                StmtKind::Assign { target, value } => {
                    let ty = self.expr(value)?;
                    self.bind(target, &ty, s.line)?;
                }
                StmtKind::AugAssign { target, op, value } => {
                    let v = self.expr(value)?;
                    let t = self.target_ty(target)?;
                    let ty = binary_ty(*op, &t, &v);
                    self.bind(target, &ty, s.line)?;
                }
                StmtKind::If { branches, orelse } => {
                    for (test, body) in branches {
                        self.expr(test)?;
                        self.block(body)?;
                    }
                    self.block(orelse)?;
                }
                StmtKind::While { test, body } => {
                    self.expr(test)?;
                    self.block(body)?;
                }
                StmtKind::For {
                    target,
                    iter,
                    body,
                    orelse,
                } => {
                    let it = self.expr(iter)?;
                    let item = it.item().unwrap_or(Ty::Unknown);
                    self.bind(target, &item, s.line)?;
                    self.block(body)?;
                    self.block(orelse)?;
                }
                StmtKind::Return(value) => {
                    let ty = match value {
                        Some(v) => self.expr(v)?,
                        None => Ty::Unit,
                    };
                    if let Some((name, false)) = self.current.last().cloned() {
                        // `return None` in a function that also returns a
                        // value makes it optional.
                        let ty = if ty == Ty::Unit && value.is_some() {
                            Ty::Option(Box::new(Ty::Unknown))
                        } else {
                            ty
                        };
                        self.widen_return(&name, &ty, s.line)?;
                    }
                }
                StmtKind::Expr(e) | StmtKind::Assert(e, _) => {
                    self.expr(e)?;
                }
                StmtKind::Yield { value, from } => {
                    let ty = self.expr(value)?;
                    let item = if *from {
                        ty.item().unwrap_or(Ty::Unknown)
                    } else {
                        ty
                    };
                    if let Some((name, _)) = self.current.last().cloned() {
                        self.widen_return(&name, &Ty::Iter(Box::new(item)), s.line)?;
                    }
                }
                StmtKind::Def(f) => self.function(f)?,
                StmtKind::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => {
                    for b in try_blocks(body, handlers, orelse, finally) {
                        self.block(b)?;
                    }
                }
                StmtKind::Break | StmtKind::Continue | StmtKind::Pass | StmtKind::Fail { .. } => {}
            }
        }
        Ok(())
    }

    /// The type a target holds now (for `+=`).
    fn target_ty(&mut self, t: &Target) -> Res<Ty> {
        Ok(match t {
            Target::Name { id, .. } => self
                .scopes
                .local_id(*id)
                .map_or(Ty::Unknown, |l| self.local_ty(l)),
            Target::Index { value, index, .. } => {
                let v = self.expr(value)?;
                self.expr(index)?;
                index_ty(&v, None)
            }
            // A field's type is the class's (see `Shapes`).
            Target::Attr { value, name } => {
                let object = self.expr(value)?;
                self.shapes.field(&object, name)
            }
            Target::Tuple(_) => Ty::Unknown,
        })
    }

    fn bind(&mut self, t: &Target, ty: &Ty, line: usize) -> Res<()> {
        match t {
            Target::Name { id, .. } => {
                if let Some(l) = self.scopes.local_id(*id) {
                    self.widen(l, ty, line)?;
                    self.types.exprs[id.index()] = self.local_ty(l);
                }
            }
            Target::Tuple(parts) => {
                let items: Vec<Ty> = match ty {
                    Ty::Tuple(ts) if ts.len() == parts.len() => ts.clone(),
                    other => vec![other.item().unwrap_or(Ty::Unknown); parts.len()],
                };
                for (p, t) in parts.iter().zip(&items) {
                    self.bind(p, t, line)?;
                }
            }
            Target::Index { value, index, .. } => {
                let k = self.expr(index)?;
                // A store refines an empty container's type.
                let container = match self.expr(value)? {
                    Ty::Dict(..) => Ty::Dict(Box::new(k), Box::new(ty.clone())),
                    Ty::List(_) => Ty::list(ty.clone()),
                    _ => Ty::Unknown,
                };
                self.refine(value, &container, line)?;
            }
            Target::Attr { value, .. } => {
                self.expr(value)?;
            }
        }
        Ok(())
    }

    /// Joins what a use shows about a container into the binding it is
    /// held in.
    fn refine(&mut self, holder: &Expr, ty: &Ty, line: usize) -> Res<()> {
        if let ExprKind::Name(_) = holder.kind {
            if let Some(l) = self.scopes.local_id(holder.id) {
                self.widen(l, ty, line)?;
            }
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Res<Ty> {
        let ty = self.expr_inner(e)?;
        self.types.exprs[e.id.index()] = ty.clone();
        Ok(ty)
    }

    fn expr_inner(&mut self, e: &Expr) -> Res<Ty> {
        Ok(match &e.kind {
            ExprKind::Lit(Lit::Int(_)) => Ty::Int(IntTy::Unbounded),
            ExprKind::Lit(Lit::Float(_)) => Ty::Float(FloatTy::F64),
            ExprKind::Lit(Lit::Str(s)) if s.chars().count() == 1 => Ty::Str,
            ExprKind::Lit(Lit::Str(_)) => Ty::Str,
            ExprKind::Lit(Lit::Bool(_)) => Ty::Bool,
            ExprKind::Lit(Lit::None) => Ty::Option(Box::new(Ty::Unknown)),
            ExprKind::ErrorMessage(_) => Ty::Str,
            // Not a value: its sequence's items are arguments.
            ExprKind::Spread(x) => {
                self.expr(x)?;
                Ty::Unknown
            }
            ExprKind::Name(_) if self.callers.contains(&e.id) => Ty::Unknown,
            ExprKind::Name(_) => match (self.scopes.local_id(e.id), self.present.contains(&e.id)) {
                (Some(l), true) => match self.local_ty(l) {
                    Ty::Option(item) => *item,
                    t => t,
                },
                (Some(l), false) => self.local_ty(l),
                (None, _) => Ty::Unknown,
            },
            ExprKind::Unary(op, x) => {
                let t = self.expr(x)?;
                match op {
                    UnOp::BitNot => Ty::Int(IntTy::Unbounded),
                    // `-True` is an int.
                    _ if t == Ty::Bool => Ty::Int(IntTy::Unbounded),
                    _ => t,
                }
            }
            ExprKind::Not(x, _) | ExprKind::TypeIs { value: x, .. } => {
                self.expr(x)?;
                Ty::Bool
            }
            ExprKind::Binary(op, a, b) => {
                let (ta, tb) = (self.expr(a)?, self.expr(b)?);
                binary_ty(*op, &ta, &tb)
            }
            ExprKind::Compare { first, rest } => {
                self.expr(first)?;
                for (_, x) in rest {
                    self.expr(x)?;
                }
                Ty::Bool
            }
            ExprKind::Logic { op, operands, sem } => {
                // JavaScript's `a || b` gives `a` only where it is true,
                // so never an empty `a`: an operand that may be null but
                // is not the last gives its value (`array || []` is an
                // array).
                let present = *op == LogicOp::Or && sem.truthiness == Truthiness::JavaScript;
                let mut t = Ty::Unknown;
                for (i, o) in operands.iter().enumerate() {
                    let mut ot = self.expr(o)?;
                    if present && i + 1 < operands.len() {
                        if let Ty::Option(x) = ot {
                            ot = *x;
                        }
                    }
                    t = join(&t, &ot).unwrap_or(Ty::Unknown);
                }
                if self.opaque.contains(&e.id) {
                    Ty::Unknown
                } else {
                    t
                }
            }
            ExprKind::IfElse {
                test, then, orelse, ..
            } => {
                self.expr(test)?;
                let (a, b) = (self.expr(then)?, self.expr(orelse)?);
                match join(&a, &b) {
                    Some(_) if self.opaque.contains(&e.id) => Ty::Unknown,
                    Some(t) => t,
                    None => {
                        return Err(Decline(format!(
                            "conditional expression of {a} or {b} at line {}",
                            e.line
                        )))
                    }
                }
            }
            ExprKind::Call { func, args } => {
                let mut arg_tys = Vec::new();
                for a in args {
                    arg_tys.push(self.expr(a)?);
                }
                // A parameter of a function type (see `generics`) takes
                // the arguments it was typed from.
                if let Some(l) = self.scopes.called_param(func) {
                    if let Ty::Func(ps, r) = self.local_ty(l) {
                        if ps != arg_tys {
                            return Err(Decline(format!(
                                "call of `{func}` with arguments of other types than its first call at line {}",
                                e.line
                            )));
                        }
                        return Ok(*r);
                    }
                }
                self.call_args(func, &arg_tys, e.line)?;
                if let Some(t) = self.generic_extern_call(func, args, &arg_tys, e.line)? {
                    t
                } else {
                    self.extern_call_args(func, args, &arg_tys, e.line)?;
                    self.types.returns.get(func).cloned().unwrap_or(Ty::Unknown)
                }
            }
            ExprKind::Builtin { op, args, keywords } => self.builtin(*op, args, keywords, e)?,
            ExprKind::Method {
                recv,
                method,
                args,
                keywords,
            } => {
                let r = self.expr(recv)?;
                let mut at = Vec::new();
                for a in args {
                    at.push(self.expr(a)?);
                }
                let item = r.item().unwrap_or(Ty::Unknown);
                for (_, k) in keywords {
                    self.lambda(k, std::slice::from_ref(&item))?;
                }
                // What the use shows about an empty container.
                let refined = match (method, &r, at.first()) {
                    (Method::Append | Method::Insert, Ty::List(_), Some(x)) => {
                        let x = if *method == Method::Insert {
                            at.get(1).cloned().unwrap_or(Ty::Unknown)
                        } else {
                            x.clone()
                        };
                        Some(Ty::list(x))
                    }
                    (Method::Extend, Ty::List(_), Some(x)) => x.item().map(Ty::list),
                    (Method::Add, Ty::Set(_), Some(x)) => Some(Ty::Set(Box::new(x.clone()))),
                    (Method::Update, Ty::Dict(..), Some(x)) => updated_dict(x),
                    _ => None,
                };
                if let Some(t) = refined {
                    self.refine(recv, &t, e.line)?;
                }
                // A class's own method named like a built-in type's
                // (`stack.pop()`), as a call of the class's method.
                if let Ty::Class(class) = &r {
                    return Ok(self.shapes.returns(class, method.python_name()));
                }
                method_ty(*method, &r, &at)
            }
            ExprKind::Index { value, index, .. } => {
                let v = self.expr(value)?;
                self.expr(index)?;
                let literal = match index.kind {
                    ExprKind::Lit(Lit::Int(i)) => Some(i),
                    _ => None,
                };
                index_ty(&v, literal)
            }
            ExprKind::Slice {
                value,
                lower,
                upper,
                step,
                ..
            } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.expr(x)?;
                }
                match self.expr(value)? {
                    Ty::Char => Ty::Str,
                    t => t,
                }
            }
            ExprKind::List(xs) => self.list_literal(xs, e.line)?,
            ExprKind::Set(xs) => Ty::Set(Box::new(self.join_all(xs, e.line)?)),
            ExprKind::Tuple(xs) => {
                let mut ts = Vec::new();
                for x in xs {
                    ts.push(self.expr(x)?);
                }
                Ty::Tuple(ts)
            }
            ExprKind::Dict(pairs) => {
                let (mut k, mut v) = (Ty::Unknown, Ty::Unknown);
                for (a, b) in pairs {
                    let (ta, tb) = (self.expr(a)?, self.expr(b)?);
                    k = self.join_or_decline(&k, &ta, e.line)?;
                    v = self.join_or_decline(&v, &tb, e.line)?;
                }
                Ty::Dict(Box::new(k), Box::new(v))
            }
            ExprKind::Comprehension {
                kind,
                elt,
                value,
                clauses,
            } => {
                for c in clauses {
                    let it = self.expr(&c.iter)?;
                    self.bind(&c.target, &it.item().unwrap_or(Ty::Unknown), e.line)?;
                    for cond in &c.conditions {
                        self.expr(cond)?;
                    }
                }
                let t = self.expr(elt)?;
                match kind {
                    CompKind::List | CompKind::Generator => Ty::list(t),
                    CompKind::Set => Ty::Set(Box::new(t)),
                    CompKind::Dict => {
                        let v = match value {
                            Some(v) => self.expr(v)?,
                            None => Ty::Unknown,
                        };
                        Ty::Dict(Box::new(t), Box::new(v))
                    }
                }
            }
            ExprKind::Format(parts) => {
                for p in parts {
                    if let super::super::ir::FormatPart::Value { expr, .. } = p {
                        self.expr(expr)?;
                    }
                }
                Ty::Str
            }
            // A lambda without parameters is typed by its body (`return
            // function() { return v; }`); one with parameters where it is
            // passed.
            ExprKind::Lambda { params, .. } if params.is_empty() => return self.lambda(e, &[]),
            ExprKind::Lambda { .. } => Ty::Unknown,
            // An assignment of the name, as a statement's: the value's
            // type joins the binding's. Its value is the one assigned, or
            // the name's before (`i++`), of the binding's type either way.
            ExprKind::AssignName {
                name,
                id,
                value,
                old,
                ..
            } => {
                let ty = self.expr(value)?;
                let target = Target::Name {
                    name: name.clone(),
                    id: *id,
                };
                self.bind(&target, &ty, e.line)?;
                if *old {
                    self.types.exprs[id.index()].clone()
                } else {
                    ty
                }
            }
            // Fields and what user methods return are not inferred (yet):
            // see `ir::Class`.
            // Deliberately no dict type: see `ExprKind::Object`.
            ExprKind::Object(props) => {
                for (_, v) in props {
                    self.expr(v)?;
                }
                Ty::Unknown
            }
            ExprKind::Attr { value, name } => {
                let object = self.expr(value)?;
                self.shapes.field(&object, name)
            }
            ExprKind::Prop { value, .. } => {
                self.expr(value)?;
                Ty::Unknown
            }
            // Typed with the fields (`analysis/fields.rs`).
            ExprKind::ClassAttr { .. } => Ty::Unknown,
            ExprKind::Variant { class, .. } => Ty::Class(class.clone()),
            ExprKind::CallMethod { recv, args, name } => {
                let object = self.expr(recv)?;
                for a in args {
                    self.expr(a)?;
                }
                match object {
                    Ty::Class(class) => self.shapes.returns(&class, name),
                    _ => Ty::Unknown,
                }
            }
            ExprKind::CallStatic {
                class, name, args, ..
            } => {
                for a in args {
                    self.expr(a)?;
                }
                self.shapes.returns(class, name)
            }
            ExprKind::Super { args, .. } => {
                for a in args {
                    self.expr(a)?;
                }
                Ty::Unknown
            }
            ExprKind::New { class, args } => {
                for a in args {
                    self.expr(a)?;
                }
                Ty::Class(class.clone())
            }
        })
    }

    fn join_or_decline(&self, a: &Ty, b: &Ty, line: usize) -> Res<Ty> {
        join(a, b).ok_or_else(|| Decline(format!("collection of {a} and {b} at line {line}")))
    }

    /// A list literal's type: a list of its items' common type, or, where
    /// they have none (JavaScript's `[name, count]`), a tuple of each
    /// item's type: a record of fixed shape, whose items a backend that
    /// needs one type for them declines.
    /// A list display's type: a list of its items' common type, or a
    /// record of its items' types where they have none. A spread `*xs`
    /// stands for `xs`'s items, however many: its display is a list.
    fn list_literal(&mut self, xs: &[Expr], line: usize) -> Res<Ty> {
        let mut ts = Vec::new();
        let mut spread = false;
        for x in xs {
            ts.push(match &x.kind {
                ExprKind::Spread(inner) => {
                    spread = true;
                    self.expr(x)?;
                    let seq = self.types.exprs[inner.id.index()].clone();
                    seq.item().unwrap_or(Ty::Unknown)
                }
                _ => self.expr(x)?,
            });
        }
        let common = ts.iter().try_fold(Ty::Unknown, |acc, t| join(&acc, t));
        Ok(match common {
            Some(t) => Ty::list(t),
            None if !spread && ts.iter().all(Ty::is_known) => Ty::Tuple(ts),
            None => {
                // An item's type not settled yet joins nothing: declined
                // as before, by the first pair that does not join.
                return self.join_all_typed(&ts, line).map(Ty::list);
            }
        })
    }

    fn join_all_typed(&self, ts: &[Ty], line: usize) -> Res<Ty> {
        let mut t = Ty::Unknown;
        for xt in ts {
            t = self.join_or_decline(&t, xt, line)?;
        }
        Ok(t)
    }

    fn join_all(&mut self, xs: &[Expr], line: usize) -> Res<Ty> {
        let mut t = Ty::Unknown;
        for x in xs {
            let xt = self.expr(x)?;
            t = self.join_or_decline(&t, &xt, line)?;
        }
        Ok(t)
    }

    /// Types a lambda passed where its parameters get `params`; other
    /// expressions are typed as they are.
    fn lambda(&mut self, e: &Expr, params: &[Ty]) -> Res<Ty> {
        let ExprKind::Lambda { params: ps, body } = &e.kind else {
            return self.expr(e);
        };
        for ((_, id), t) in ps.iter().zip(params) {
            if let Some(l) = self.scopes.local_id(*id) {
                self.widen(l, t, e.line)?;
                self.types.exprs[id.index()] = self.local_ty(l);
            }
        }
        let r = self.expr(body)?;
        let t = Ty::Func(params.to_vec(), Box::new(r.clone()));
        self.types.exprs[e.id.index()] = t.clone();
        Ok(t)
    }

    /// Joins a call's argument types into a nested function's parameters.
    fn call_args(&mut self, func: &str, args: &[Ty], line: usize) -> Res<()> {
        let Some(params) = self.nested_params(func) else {
            return Ok(());
        };
        if params.len() != args.len() {
            return Err(Decline(format!(
                "call of `{func}` with {} arguments for {} at line {line}",
                args.len(),
                params.len()
            )));
        }
        for (l, t) in params.into_iter().zip(args) {
            self.widen(l, t, line)?;
        }
        Ok(())
    }

    /// Types a local container whose items nothing else types (`result:
    /// list[str] = []` lent to a function of another unit that appends to
    /// it) by the parameter of the function of another unit it is passed
    /// to: the callee's annotation is the one use that says what it holds.
    fn extern_call_args(&mut self, func: &str, args: &[Expr], tys: &[Ty], line: usize) -> Res<()> {
        if self.nested_params(func).is_some() {
            return Ok(());
        }
        let Some((params, _)) = self.extern_params.get(func) else {
            return Ok(());
        };
        for ((a, t), p) in args.iter().zip(tys).zip(params) {
            let container = matches!(t, Ty::List(_) | Ty::Set(_) | Ty::Dict(..));
            if !container || t.is_known() || !p.is_known() {
                continue;
            }
            if let (ExprKind::Name(_), Some(l)) = (&a.kind, self.scopes.local_id(a.id)) {
                self.widen(l, p, line)?;
            }
        }
        Ok(())
    }

    /// The type of a call of a generic function of another unit, its
    /// signature instantiated at the arguments' types (see
    /// [`super::instantiate`]); `None` where `func` is not one. A name of
    /// the caller's that the analysis has not typed (an untyped
    /// parameter) is typed by the callee's parameter it is passed as, with
    /// the callee's variables the arguments leave unbound unknown, so that
    /// the caller's own type variables fill them: `array` passed as
    /// `Option<Vec<T>>` is an optional list of the caller's own items.
    fn generic_extern_call(
        &mut self,
        func: &str,
        args: &[Expr],
        tys: &[Ty],
        line: usize,
    ) -> Res<Option<Ty>> {
        if self.nested_params(func).is_some() {
            return Ok(None);
        }
        let Some((params, ret)) = self.extern_params.get(func) else {
            return Ok(None);
        };
        let mut vars = Vec::new();
        for t in params.iter().chain([ret]) {
            super::generics::vars_in(t, &mut vars);
        }
        if vars.is_empty() {
            return Ok(None);
        }
        let conflict = |c: super::instantiate::Conflict| {
            Decline(format!(
                "call of `{func}` whose type parameter `{}` would be both {} and {} at line {line}",
                c.var, c.first, c.second
            ))
        };
        let subst = super::instantiate::instantiate(params, tys).map_err(conflict)?;
        // A lambda passed for an `impl Fn(..)` parameter: its parameters
        // are of the types the other arguments give the callee's, and
        // its body's type then binds the callee's result variable.
        let mut tys = tys.to_vec();
        let (params, ret) = (params.clone(), ret.clone());
        for (i, (a, p)) in args.iter().zip(&params).enumerate() {
            if let (ExprKind::Lambda { .. }, Ty::Func(ps, _)) = (&a.kind, p) {
                let given: Vec<Ty> = ps
                    .iter()
                    .map(|t| super::instantiate::substitute(t, &subst))
                    .collect();
                tys[i] = self.lambda(a, &given)?;
            }
        }
        let subst = super::instantiate::instantiate(&params, &tys).map_err(conflict)?;
        let tys = &tys[..];
        let params = &params;
        for ((a, t), p) in args.iter().zip(tys).zip(params) {
            let (ExprKind::Name(_), Some(l)) = (&a.kind, self.scopes.local_id(a.id)) else {
                continue;
            };
            if t.is_known() {
                continue;
            }
            let want = super::instantiate::substitute(p, &subst);
            // A value already known not to be optional is passed as the
            // option's content (the backend wraps it).
            let want = match (want, t) {
                (Ty::Option(inner), t) if *t != Ty::Unknown && !matches!(t, Ty::Option(_)) => {
                    *inner
                }
                (want, _) => want,
            };
            if self.pinned.contains(&l) {
                // The callee's variables the arguments leave unbound stay
                // as placeholders of their own (`arrayMap::T`), so that
                // the caller's variables given for them are one for one
                // callee variable across the call's parameters (`array`
                // of `Vec<T>` and `iteratee` of `impl Fn(&T) -> U` meet
                // at one `T`).
                let mut held = subst.clone();
                for v in &vars {
                    held.entry(v.clone())
                        .or_insert_with(|| Ty::Var(format!("{func}{PLACEHOLDER}{v}")));
                }
                let shape = super::instantiate::substitute(p, &held);
                if shape != Ty::Unknown {
                    self.types.passed_as.insert(l, shape);
                }
                continue;
            }
            if join(&self.local_ty(l), &want).is_some() {
                self.widen(l, &want, line)?;
            }
        }
        Ok(Some(super::instantiate::substitute(&ret, &subst)))
    }

    /// The parameters of a function defined in the unit, by name.
    fn nested_params(&self, func: &str) -> Option<Vec<LocalId>> {
        self.scopes.function_params.get(func).cloned()
    }

    /// What `functools.reduce(f, xs[, initial])` gives: the running value,
    /// which starts as `initial` (or the first item) and is then each of
    /// `f`'s results, so `f`'s first parameter takes all of them.
    fn reduce(&mut self, args: &[Expr], ts: &[Ty], line: usize) -> Res<Ty> {
        let item = ts.get(1).and_then(Ty::item).unwrap_or(Ty::Unknown);
        let start = match ts.get(2) {
            Some(initial) => initial.clone(),
            None => item.clone(),
        };
        let Some(f) = args.first() else {
            return Ok(Ty::Unknown);
        };
        let mut acc = start;
        // The running value's type only widens; a few rounds settle it for
        // the numbers and strings `join` knows.
        for _ in 0..3 {
            let result = match self.lambda(f, &[acc.clone(), item.clone()])? {
                Ty::Func(_, r) => *r,
                _ => Ty::Unknown,
            };
            // A start of unknown type may be the result (one item).
            if !acc.is_known() || !result.is_known() {
                return Ok(Ty::Unknown);
            }
            let wider = join(&acc, &result).ok_or_else(|| {
                Decline(format!(
                    "`functools.reduce()` whose function gives {result} from {acc} at line {line}"
                ))
            })?;
            if wider == acc {
                return Ok(acc);
            }
            acc = wider;
        }
        Ok(Ty::Unknown)
    }

    /// The iterator an `itertools` function gives; a predicate lambda's
    /// parameter is typed with the items it tests.
    fn itertool(&mut self, tool: Itertool, args: &[Expr], ts: &[Ty], line: usize) -> Res<Ty> {
        let nth = |i: usize| ts.get(i).cloned().unwrap_or(Ty::Unknown);
        let item_of = |t: &Ty| t.item().unwrap_or(Ty::Unknown);
        let item = match tool {
            Itertool::Islice | Itertool::Accumulate | Itertool::Compress | Itertool::Cycle => {
                item_of(&nth(0))
            }
            Itertool::Repeat => nth(0),
            Itertool::Count => match ts {
                [] => Ty::Int(IntTy::Unbounded),
                _ => self.join_all_typed(ts, line)?,
            },
            Itertool::Chain => {
                let items: Vec<Ty> = ts.iter().map(item_of).collect();
                self.join_all_typed(&items, line)?
            }
            Itertool::ChainFromIterable => item_of(&item_of(&nth(0))),
            Itertool::TakeWhile | Itertool::DropWhile => {
                let item = item_of(&nth(1));
                if let Some(pred) = args.first() {
                    self.lambda(pred, std::slice::from_ref(&item))?;
                }
                item
            }
            Itertool::Pairwise => {
                let item = item_of(&nth(0));
                Ty::Tuple(vec![item.clone(), item])
            }
            Itertool::Product => Ty::Tuple(ts.iter().map(item_of).collect()),
            Itertool::GroupBy => {
                let item = item_of(&nth(0));
                let key = match args.get(1) {
                    Some(
                        f @ Expr {
                            kind: ExprKind::Lambda { .. },
                            ..
                        },
                    ) => match self.lambda(f, std::slice::from_ref(&item))? {
                        Ty::Func(_, r) => *r,
                        _ => Ty::Unknown,
                    },
                    None
                    | Some(Expr {
                        kind: ExprKind::Lit(Lit::None),
                        ..
                    }) => item.clone(),
                    // A function value (or `None`) the analysis does not
                    // follow.
                    Some(_) => Ty::Unknown,
                };
                Ty::Tuple(vec![key, Ty::Iter(Box::new(item))])
            }
            Itertool::Combinations | Itertool::Permutations => {
                Ty::Tuple(vec![item_of(&nth(0)); literal_count(args.get(1))])
            }
            // A tuple of iterators, not an iterator.
            Itertool::Tee => {
                let one = Ty::Iter(Box::new(item_of(&nth(0))));
                return Ok(match args.get(1) {
                    None => Ty::Tuple(vec![one; 2]),
                    Some(
                        n @ Expr {
                            kind: ExprKind::Lit(Lit::Int(0..=16)),
                            ..
                        },
                    ) => Ty::Tuple(vec![one; literal_count(Some(n))]),
                    Some(_) => Ty::TupleOf(Box::new(one)),
                });
            }
        };
        Ok(Ty::Iter(Box::new(item)))
    }

    fn builtin(
        &mut self,
        op: Builtin,
        args: &[Expr],
        keywords: &[(String, Expr)],
        e: &Expr,
    ) -> Res<Ty> {
        let mut ts = Vec::new();
        // Callables come first in `map`/`filter`: typed after the iterable.
        let callable_first = matches!(
            op,
            Builtin::Map
                | Builtin::Filter
                | Builtin::Itertools(Itertool::TakeWhile | Itertool::DropWhile)
                | Builtin::Functools(Functool::Reduce)
        );
        for (i, a) in args.iter().enumerate() {
            if callable_first && i == 0 {
                ts.push(Ty::Unknown);
            } else {
                ts.push(self.expr(a)?);
            }
        }
        let first = ts.first().cloned().unwrap_or(Ty::Unknown);
        let item_of = |t: &Ty| t.item().unwrap_or(Ty::Unknown);
        let keyed_item = if args.len() == 1 {
            item_of(&first)
        } else {
            first.clone()
        };
        for (_, k) in keywords {
            self.lambda(k, std::slice::from_ref(&keyed_item))?;
        }
        Ok(match op {
            // A product of ints is an int, of floats a float; of anything
            // else (a sequence repeated) it is not known here.
            Builtin::Math(MathFn::Prod) => match item_of(&first) {
                Ty::Int(_) | Ty::Bool => Ty::Int(IntTy::Unbounded),
                Ty::Float(f) => Ty::Float(f),
                _ => Ty::Unknown,
            },
            Builtin::Math(MathFn::Log | MathFn::Log2 | MathFn::Log10) => Ty::Float(FloatTy::F64),
            Builtin::Len
            | Builtin::Ord
            | Builtin::ToInt
            | Builtin::Round
            | Builtin::Gcd
            | Builtin::Math(_) => Ty::Int(IntTy::Unbounded),
            // Only the Rust frontend makes it, and types it.
            Builtin::AsInt => Ty::Int(IntTy::Unbounded),
            Builtin::Unwrap => match &first {
                Ty::Option(t) => (**t).clone(),
                _ => Ty::Unknown,
            },
            Builtin::Floor | Builtin::Ceil | Builtin::JsRound => Ty::Int(IntTy::Unbounded),
            Builtin::JsKeysIn => Ty::list(Ty::Str),
            Builtin::JsTypeOf => Ty::Str,
            Builtin::JsIn | Builtin::JsHasOwn => Ty::Bool,
            Builtin::JsObjectTag => Ty::Str,
            Builtin::JsToObject | Builtin::JsNull => Ty::Unknown,
            Builtin::JsUnsignedShr => Ty::Float(FloatTy::F64),
            Builtin::JsArgumentList | Builtin::JsGlobal | Builtin::JsValueOf => Ty::Unknown,
            // A string's slice is a list of its characters.
            Builtin::JsProtoSlice => Ty::list(item_of(&first)),
            Builtin::Abs => match first {
                Ty::Bool => Ty::Int(IntTy::Unbounded),
                t => t,
            },
            Builtin::Min | Builtin::Max => {
                if args.len() == 1 {
                    // What no items give (`default=`) is among the values.
                    let mut t = item_of(&first);
                    for (k, v) in keywords {
                        if k == "default" {
                            let d = self.expr(v)?;
                            t = join(&t, &d).ok_or_else(|| {
                                Decline(format!("`min`/`max` of {t} and {d} at line {}", e.line))
                            })?;
                        }
                    }
                    t
                } else {
                    ts.iter().try_fold(Ty::Unknown, |acc, t| {
                        join(&acc, t).ok_or_else(|| {
                            Decline(format!("`min`/`max` of {acc} and {t} at line {}", e.line))
                        })
                    })?
                }
            }
            Builtin::Sum => match item_of(&first) {
                Ty::Bool | Ty::Unknown => Ty::Int(IntTy::Unbounded),
                t => t,
            },
            Builtin::Sorted | Builtin::Reversed | Builtin::ToList => Ty::list(item_of(&first)),
            Builtin::DeepCopy | Builtin::ShallowCopy => first.clone(),
            Builtin::StrBytes => Ty::list(Ty::Int(IntTy::U8)),
            Builtin::ToSet => Ty::Set(Box::new(item_of(&first))),
            Builtin::ToDict if args.is_empty() => {
                Ty::Dict(Box::new(Ty::Unknown), Box::new(Ty::Unknown))
            }
            // A tuple of what the argument yields, of its length.
            Builtin::ToTuple => match item_of(&first) {
                Ty::Unknown => Ty::Unknown,
                item => Ty::TupleOf(Box::new(item)),
            },
            Builtin::ToDict => match item_of(&first) {
                Ty::Tuple(kv) if kv.len() == 2 => {
                    Ty::Dict(Box::new(kv[0].clone()), Box::new(kv[1].clone()))
                }
                _ => Ty::Unknown,
            },
            Builtin::Any | Builtin::All | Builtin::ToBool | Builtin::IsInstance => Ty::Bool,
            Builtin::Range => Ty::list(Ty::Int(IntTy::Unbounded)),
            Builtin::Enumerate => {
                Ty::list(Ty::Tuple(vec![Ty::Int(IntTy::Unbounded), item_of(&first)]))
            }
            // `zip(*rows)`: tuples as many as the rows, of the rows' items.
            Builtin::Zip => match args {
                [Expr {
                    kind: ExprKind::Spread(rows),
                    ..
                }] => {
                    let row = item_of(&self.types.exprs[rows.id.index()]);
                    // Rows that are (or, of unknown type, may be)
                    // iterators, which `zip` reads only as far as its
                    // consumer asks.
                    if row == Ty::Unknown || matches!(row, Ty::Iter(_)) {
                        Ty::Iter(Box::new(Ty::TupleOf(Box::new(item_of(&row)))))
                    } else {
                        Ty::list(Ty::TupleOf(Box::new(item_of(&row))))
                    }
                }
                // Of an iterator, read as far as its consumer reads.
                _ if ts.iter().any(|t| matches!(t, Ty::Iter(_))) => {
                    Ty::Iter(Box::new(Ty::Tuple(ts.iter().map(item_of).collect())))
                }
                _ => Ty::list(Ty::Tuple(ts.iter().map(item_of).collect())),
            },
            Builtin::Map | Builtin::Filter => {
                let item = ts.get(1).map(item_of).unwrap_or(Ty::Unknown);
                let f = match args.first() {
                    Some(f) => self.lambda(f, std::slice::from_ref(&item))?,
                    None => Ty::Unknown,
                };
                let of_iterator = matches!(ts.get(1), Some(Ty::Iter(_)));
                let made = if op == Builtin::Filter {
                    Ty::list(item)
                } else {
                    match (f, args.first().map(|a| &a.kind)) {
                        (Ty::Func(_, r), _) => Ty::list(*r),
                        // `map(str, xs)`, `map(int, xs)`: a builtin named.
                        (_, Some(ExprKind::Name(n))) => match n.as_str() {
                            "str" => Ty::list(Ty::Str),
                            "int" => Ty::list(Ty::Int(IntTy::Unbounded)),
                            "float" => Ty::list(Ty::Float(FloatTy::F64)),
                            _ => {
                                Ty::list(self.types.returns.get(n).cloned().unwrap_or(Ty::Unknown))
                            }
                        },
                        _ => Ty::list(Ty::Unknown),
                    }
                };
                // Of an iterator, read as far as its consumer reads.
                match made {
                    Ty::List(item) if of_iterator => Ty::Iter(item),
                    made => made,
                }
            }
            Builtin::ToFloat | Builtin::Sqrt | Builtin::Random => Ty::Float(FloatTy::F64),
            // A value of no type the IR names, read only by identity.
            Builtin::Sentinel => Ty::Unknown,
            // A JavaScript number.
            Builtin::ToNumber => Ty::Float(FloatTy::F64),
            Builtin::ToStr | Builtin::Bin | Builtin::JsonStringify => Ty::Str,
            Builtin::RegexSplit | Builtin::RegexFindAll => Ty::list(Ty::Str),
            Builtin::RegexTest => Ty::Bool,
            Builtin::RegexSub => Ty::Str,
            Builtin::JsArray => Ty::list(Ty::Unknown),
            // The item, or `undefined` past the end.
            Builtin::JsItem => Ty::Option(Box::new(item_of(&first))),
            Builtin::Chr => Ty::Char,
            Builtin::DivMod => Ty::Tuple(vec![first.clone(), first]),
            Builtin::Pow => binary_ty(BinOp::Pow, &first, ts.get(1).unwrap_or(&Ty::Unknown)),
            Builtin::Iter => Ty::Iter(Box::new(item_of(&first))),
            Builtin::Itertools(tool) => self.itertool(tool, args, &ts, e.line)?,
            Builtin::Functools(Functool::Reduce) => self.reduce(args, &ts, e.line)?,
            // `next(it, default)`: the default where the items have ended.
            Builtin::Next => match ts.get(1) {
                Some(d) => self.join_or_decline(&item_of(&first), d, e.line)?,
                None => item_of(&first),
            },
        })
    }
}

/// The count an integer literal gives (the frontend lets only a small
/// one through where a tuple's length depends on it); 0 for another.
fn literal_count(e: Option<&Expr>) -> usize {
    match e.map(|e| &e.kind) {
        Some(ExprKind::Lit(Lit::Int(n))) => usize::try_from(*n).unwrap_or(0),
        _ => 0,
    }
}

/// The type of `a op b` in Python.
pub fn binary_ty(op: BinOp, a: &Ty, b: &Ty) -> Ty {
    let num = |a: &Ty, b: &Ty| {
        if matches!(a, Ty::Float(_)) || matches!(b, Ty::Float(_)) {
            Ty::Float(FloatTy::F64)
        } else if a.is_float() || b.is_float() {
            // With an `int | float` and no float, the result is an int
            // or a float as that operand is at run time.
            Ty::Number { integral: false }
        } else if (a.is_int() || *a == Ty::Bool) && (b.is_int() || *b == Ty::Bool) {
            Ty::Int(IntTy::Unbounded)
        } else {
            Ty::Unknown
        }
    };
    match op {
        BinOp::Add(sem) => match (a, b) {
            (Ty::Str | Ty::Char, Ty::Str | Ty::Char) => Ty::Str,
            // JavaScript's `+` turns two arrays into one string.
            (Ty::List(_), Ty::List(_)) if sem == OperandSem::Coercing => Ty::Unknown,
            (Ty::List(x), Ty::List(y)) => join(x, y).map_or(Ty::Unknown, Ty::list),
            // Python's `+` of tuples: one of any length if either is.
            (Ty::TupleOf(_), Ty::TupleOf(_) | Ty::Tuple(_)) | (Ty::Tuple(_), Ty::TupleOf(_)) => {
                join(a, b).unwrap_or(Ty::Unknown)
            }
            _ => num(a, b),
        },
        // Only Python's `*` repeats a string or list; JavaScript's and
        // Rust's multiply numbers.
        BinOp::Mul(OperandSem::ByTypes) => match (a, b) {
            (Ty::Str | Ty::Char, t) | (t, Ty::Str | Ty::Char) if t.is_int() => Ty::Str,
            (Ty::List(x), t) | (t, Ty::List(x)) if t.is_int() => Ty::List(x.clone()),
            // A list times a value of unknown type is a list where Python
            // does not raise (`pyMul` raises as Python does).
            (Ty::List(x), Ty::Unknown) | (Ty::Unknown, Ty::List(x)) => Ty::List(x.clone()),
            (Ty::TupleOf(x), t) | (t, Ty::TupleOf(x)) if t.is_int() => Ty::TupleOf(x.clone()),
            _ => num(a, b),
        },
        BinOp::Div(_) => Ty::Float(FloatTy::F64),
        _ => num(a, b),
    }
}

/// The type of `value[index]`; a literal index picks a tuple's part.
pub fn index_ty(value: &Ty, literal: Option<i128>) -> Ty {
    match value {
        Ty::List(t) | Ty::TupleOf(t) => (**t).clone(),
        Ty::Str => Ty::Char,
        // A character is a string of one: its first character is itself.
        Ty::Char if matches!(literal, Some(0 | -1)) => Ty::Char,
        Ty::Dict(_, v) => (**v).clone(),
        Ty::Tuple(ts) => literal
            .and_then(|i| {
                let i = if i < 0 { ts.len() as i128 + i } else { i };
                usize::try_from(i).ok()
            })
            .and_then(|i| ts.get(i).cloned())
            .or_else(|| value.item())
            .unwrap_or(Ty::Unknown),
        _ => Ty::Unknown,
    }
}

/// The dict `d.update(x)` shows `d` to be: of `x`'s keys and values, where
/// `x` is a dict or holds pairs.
fn updated_dict(x: &Ty) -> Option<Ty> {
    match x {
        Ty::Dict(..) => Some(x.clone()),
        _ => match x.item()? {
            Ty::Tuple(kv) if kv.len() == 2 => {
                Some(Ty::Dict(Box::new(kv[0].clone()), Box::new(kv[1].clone())))
            }
            _ => None,
        },
    }
}

/// The type a method of the receiver's type gives.
fn method_ty(m: Method, recv: &Ty, args: &[Ty]) -> Ty {
    use Method::*;
    let int = Ty::Int(IntTy::Unbounded);
    match (recv, m) {
        (
            Ty::Str | Ty::Char,
            Upper | Lower | Strip | LStrip | RStrip | Replace | SwapCase | Capitalize | LJust
            | RJust | RemovePrefix | RemoveSuffix | ZFill | Center | Title,
        ) => Ty::Str,
        (
            Ty::Str | Ty::Char,
            IsDigit | IsAlpha | IsAlnum | IsUpper | IsLower | IsSpace | IsDecimal | IsNumeric
            | IsAscii | StartsWith | EndsWith,
        ) => Ty::Bool,
        (
            Ty::Str | Ty::Char,
            Split
            | RSplit
            | SplitLines
            | RustLines
            | RustSplitWhitespace
            | RustSplitAsciiWhitespace,
        ) => Ty::list(Ty::Str),
        (Ty::Str | Ty::Char, Partition | RPartition) => Ty::Tuple(vec![Ty::Str, Ty::Str, Ty::Str]),
        (Ty::Str | Ty::Char, RFind) => int.clone(),
        (Ty::Char, CharIs(_)) => Ty::Bool,
        (Ty::Str | Ty::Char, Join) => Ty::Str,
        (Ty::Str, Find | Count | Index) => int,
        (Ty::List(_) | Ty::Dict(..), DelItem) => Ty::Unit,
        (Ty::List(_) | Ty::Dict(..) | Ty::Set(_), Clear) => Ty::Unit,
        (Ty::Set(_), IsSubset) => Ty::Bool,
        (Ty::Set(_), Discard) => Ty::Unit,
        (Ty::List(_), HeapPush | Heapify | InsortLeft | InsortRight) => Ty::Unit,
        (Ty::List(_), BisectLeft | BisectRight) => int.clone(),
        (Ty::List(t), HeapPop | HeapPushPop | HeapReplace) => (**t).clone(),
        (Ty::Float(_), IsInteger) => Ty::Bool,
        (Ty::List(t), Pop) => (**t).clone(),
        (Ty::Dict(_, v), Pop) => match args.get(1) {
            Some(d) => join(v, d).unwrap_or(Ty::Unknown),
            None => (**v).clone(),
        },
        (Ty::List(_), Count | Index | Find) => int,
        (Ty::List(_), SpliceOne) => Ty::Unit,
        (Ty::List(_) | Ty::Dict(..) | Ty::Set(_), Copy) => recv.clone(),
        (Ty::List(_) | Ty::Set(_), Append | Extend | Insert | Remove | Sort | Reverse | Add) => {
            Ty::Unit
        }
        (Ty::Dict(..), Update) => Ty::Unit,
        (Ty::Dict(_, v), Get) => match args.get(1) {
            Some(d) => join(v, d).unwrap_or(Ty::Unknown),
            None => Ty::Option(v.clone()),
        },
        (Ty::Dict(k, _), Keys) => Ty::list((**k).clone()),
        (Ty::Dict(_, v), Values) => Ty::list((**v).clone()),
        (Ty::Dict(k, v), Items) => Ty::list(Ty::Tuple(vec![(**k).clone(), (**v).clone()])),
        _ => Ty::Unknown,
    }
}
