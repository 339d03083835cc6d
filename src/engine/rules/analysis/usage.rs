//! Types of parameters the source does not declare, read from uses that
//! only one type accepts: `s.lower()` is only a string's, `xs.append(x)`
//! only a list's, `range(n)` takes only an integer.
//!
//! Only conclusive uses count: `len(x)`, `x[i]` and `for v in x` accept
//! strings, lists, tuples and dicts alike, and `x % 2` formats a string, so
//! they say nothing. A parameter used as two different types keeps its
//! unknown type, and the backend that needs it declines. Directions whose
//! target signature types the parameters (Python to Rust) do not need this;
//! a dynamically typed target (JavaScript) gets its declaration without
//! types, so Python to JavaScript reads the uses before inference runs.

use std::collections::HashMap;

use super::super::ir::{
    for_each_child, try_blocks, BinOp, Block, Builtin, CmpOp, Expr, ExprKind, FloatTy, Function,
    IntTy, Lit, Method, OperandSem, Stmt, StmtKind, Target, Ty, UnOp,
};

/// Sets the type of each parameter of `f` (and of the functions nested in
/// it) that declares none and whose uses agree on one.
pub fn type_parameters(f: &mut Function) {
    let mut uses = Uses::default();
    uses.block(&f.body);
    for p in f.params.iter_mut() {
        if p.ty != Ty::Unknown {
            continue;
        }
        if let Some(Some(ty)) = uses.by_name.get(&p.name) {
            p.ty = ty.clone();
        }
    }
    for s in f.body.iter_mut() {
        nested(s);
    }
}

/// As [`type_parameters`], for a source whose operators take any value
/// (JavaScript): operators count as uses too, by the operand type the
/// program means (`x < 0` a number, `s + "!"` a string, `xs[i] * 2` a
/// list of numbers, an index an integer), and an item bound from a list
/// (`for (const x of xs)`, a callback's parameter, `const x = xs[i]`)
/// types the list by its uses. A declared list of unknown items takes
/// the item type its uses agree on.
pub fn type_parameters_by_operands(f: &mut Function) {
    let mut uses = Uses {
        operands: true,
        declared: f
            .params
            .iter()
            .filter(|p| p.ty.is_known())
            .map(|p| (p.name.clone(), p.ty.clone()))
            .collect(),
        ..Uses::default()
    };
    uses.block(&f.body);
    for p in f.params.iter_mut() {
        let Some(Some(used)) = uses.by_name.get(&p.name) else {
            continue;
        };
        match (&p.ty, used) {
            (Ty::Unknown, _) => p.ty = used.clone(),
            (Ty::List(item), Ty::List(_)) if **item == Ty::Unknown => p.ty = used.clone(),
            _ => {}
        }
    }
}

/// A JSDoc `{number}` parameter (a float) whose value indexes an array or
/// a string, itself or through a local computed from it (lodash's `var
/// index = fromIndex - 1; ... array[index]`), and whose uses as an operand
/// agree on an integer, is an integer: JavaScript reads `undefined` at a
/// fractional index, never an element, so the function means an integral
/// one (the stated assumption; a caller cannot pass `1.5` to the Rust
/// function). For a target whose signature types the parameters (Rust).
pub fn integral_index_parameters(f: &mut Function) {
    use super::super::ir::{for_each_expr, for_each_stmt, for_each_stmt_expr};
    let float = Ty::Float(FloatTy::F64);
    if !f.params.iter().any(|p| p.ty == float) {
        return;
    }
    // Names read as an index, and locals with the expressions stored in them.
    let mut indexes: Vec<String> = Vec::new();
    let mut stored: Vec<(String, Expr)> = Vec::new();
    let note_index = |e: &Expr, indexes: &mut Vec<String>| {
        if let ExprKind::Name(n) | ExprKind::AssignName { name: n, .. } = &e.kind {
            indexes.push(n.clone());
        }
    };
    for_each_stmt(&f.body, false, &mut |s| {
        match &s.kind {
            StmtKind::Assign {
                target: Target::Name { name, .. },
                value,
            } => stored.push((name.clone(), value.clone())),
            StmtKind::Assign {
                target: Target::Index { index, .. },
                ..
            } => note_index(index, &mut indexes),
            _ => {}
        }
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| match &x.kind {
                ExprKind::Index { index, .. } => note_index(index, &mut indexes),
                ExprKind::AssignName { name, value, .. } => {
                    stored.push((name.clone(), (**value).clone()))
                }
                _ => {}
            });
        });
    });
    let candidates: Vec<String> = f
        .params
        .iter()
        .filter(|p| p.ty == float)
        .map(|p| p.name.clone())
        .collect();
    let mut uses = Uses {
        operands: true,
        ..Uses::default()
    };
    uses.block(&f.body);
    for name in candidates {
        let indexing = indexes.iter().any(|i| {
            *i == name
                || stored
                    .iter()
                    .any(|(local, value)| local == i && mentions_expr(value, &name))
        });
        let integral = matches!(uses.by_name.get(&name), Some(Some(Ty::Int(_))));
        if indexing && integral {
            if let Some(p) = f.params.iter_mut().find(|p| p.name == name) {
                p.ty = Ty::Int(IntTy::Unbounded);
            }
        }
    }
}

/// Whether `e` reads `name` (see [`mentions`]).
pub fn mentions_expr(e: &Expr, name: &str) -> bool {
    if matches!(&e.kind, ExprKind::Name(n) | ExprKind::AssignName { name: n, .. } if n == name) {
        return true;
    }
    let mut found = false;
    for_each_child(e, |c| found = found || mentions_expr(c, name));
    found
}

/// Whether `name` occurs in `b` (read, written or captured): a parameter
/// that occurs nowhere can be left out of a signature that has no place
/// for it.
pub fn mentions(b: &[Stmt], name: &str) -> bool {
    use mentions_expr as expr;
    fn target(t: &Target, name: &str) -> bool {
        match t {
            Target::Name { name: n, .. } => n == name,
            Target::Tuple(ts) => ts.iter().any(|t| target(t, name)),
            Target::Index { value, index, .. } => expr(value, name) || expr(index, name),
            Target::Attr { value, .. } => expr(value, name),
        }
    }
    b.iter().any(|s| match &s.kind {
        StmtKind::Assign { target: t, value }
        | StmtKind::AugAssign {
            target: t, value, ..
        } => target(t, name) || expr(value, name),
        StmtKind::If { branches, orelse } => {
            branches
                .iter()
                .any(|(t, b)| expr(t, name) || mentions(b, name))
                || mentions(orelse, name)
        }
        StmtKind::While { test, body } => expr(test, name) || mentions(body, name),
        StmtKind::For {
            target: t,
            iter,
            body,
            orelse,
        } => target(t, name) || expr(iter, name) || mentions(body, name) || mentions(orelse, name),
        StmtKind::Return(Some(e))
        | StmtKind::Expr(e)
        | StmtKind::Assert(e, _)
        | StmtKind::Yield { value: e, .. } => expr(e, name),
        StmtKind::Def(inner) => mentions(&inner.body, name),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finally,
        } => {
            mentions(body, name)
                || handlers.iter().any(|h| mentions(&h.body, name))
                || mentions(orelse, name)
                || mentions(finally, name)
        }
        StmtKind::Return(None)
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Pass
        | StmtKind::Fail { .. } => false,
    })
}

/// The type of a literal, or of a list literal whose items are literals
/// of one type.
fn literal_ty(e: &Expr) -> Option<Ty> {
    match &e.kind {
        ExprKind::Lit(Lit::Int(_)) => Some(Ty::Int(IntTy::Unbounded)),
        ExprKind::Lit(Lit::Float(_)) => Some(Ty::Float(FloatTy::F64)),
        ExprKind::Lit(Lit::Str(_)) => Some(Ty::Str),
        ExprKind::Unary(UnOp::Neg, x) => literal_ty(x).filter(|t| t.is_numeric()),
        ExprKind::List(items) => {
            let first = literal_ty(items.first()?)?;
            items
                .iter()
                .all(|i| literal_ty(i).as_ref() == Some(&first))
                .then(|| Ty::list(first))
        }
        _ => None,
    }
}

/// The number type that holds both, for two number types.
fn join_numbers(a: &Ty, b: &Ty) -> Option<Ty> {
    match (a, b) {
        (Ty::Int(_), Ty::Float(_)) | (Ty::Float(_), Ty::Int(_)) => Some(Ty::Float(FloatTy::F64)),
        (Ty::List(x), Ty::List(y)) => join_numbers(x, y).map(Ty::list),
        _ => None,
    }
}

fn nested(s: &mut super::super::ir::Stmt) {
    match &mut s.kind {
        StmtKind::Def(inner) => type_parameters(inner),
        StmtKind::If { branches, orelse } => {
            for (_, b) in branches {
                b.iter_mut().for_each(nested);
            }
            orelse.iter_mut().for_each(nested);
        }
        StmtKind::While { body, .. } => body.iter_mut().for_each(nested),
        StmtKind::For { body, orelse, .. } => {
            body.iter_mut().for_each(nested);
            orelse.iter_mut().for_each(nested);
        }
        _ => {}
    }
}

/// What each name's uses show: `Some(ty)` while they agree, `None` once
/// two disagree.
#[derive(Default)]
struct Uses {
    by_name: HashMap<String, Option<Ty>>,
    /// Whether operators count as uses (`x < 0`, `xs[i] * 2`): for
    /// sources where an operator takes one type of operand only by the
    /// program's intent (JavaScript's `<` compares anything).
    operands: bool,
    /// Names standing for an item of a name: `x` in `for (const x of xs)`,
    /// `xs.filter((x) => ...)`, `const x = xs[i]`. A use of `x` as a type
    /// is a use of `xs` as a list of it.
    items_of: HashMap<String, String>,
    /// Names bound to another name (`let len = n`): a use of one is a use
    /// of the other.
    copies_of: HashMap<String, String>,
    /// Parameters whose types are declared: operands that type the other.
    declared: HashMap<String, Ty>,
    /// Names first bound to a literal (`let y = ["a", "b"]`, `let i = 12`),
    /// by its type: operands that type the other.
    literals: HashMap<String, Ty>,
}

impl Uses {
    fn note(&mut self, holder: &Expr, ty: Ty) {
        let ExprKind::Name(n) = &holder.kind else {
            return;
        };
        self.note_name(n, ty);
    }

    fn note_name(&mut self, n: &str, ty: Ty) {
        self.note_name_from(n, ty, &mut Vec::new());
    }

    /// [`Uses::note_name`], through the names `n` is an item or a copy
    /// of, each once: copies may go round (`t = a; a = b; b = t`, a swap).
    fn note_name_from(&mut self, n: &str, ty: Ty, seen: &mut Vec<String>) {
        if seen.iter().any(|s| s == n) {
            return;
        }
        seen.push(n.to_string());
        if let Some(list) = self.items_of.get(n).cloned() {
            self.note_name_from(&list, Ty::list(ty.clone()), seen);
        }
        if let Some(original) = self.copies_of.get(n).cloned() {
            self.note_name_from(&original, ty.clone(), seen);
        }
        let entry = self
            .by_name
            .entry(n.to_string())
            .or_insert(Some(ty.clone()));
        match entry {
            Some(t) if *t == ty => {}
            // An operand noted as an integer and as a float is a number
            // that may hold either: a float.
            Some(t) if self.operands && join_numbers(t, &ty).is_some() => {
                *t = join_numbers(t, &ty).unwrap_or(Ty::Unknown);
            }
            _ => *entry = None,
        }
    }

    /// An operand that takes one type: a name, or (but for strings, which
    /// index too) an item of a name.
    fn note_operand(&mut self, e: &Expr, ty: Ty) {
        match &e.kind {
            ExprKind::Name(n) => self.note_name(n, ty),
            ExprKind::Index { value, .. } => {
                if let ExprKind::Name(n) = &value.kind {
                    // An item compared with a string: the items of a
                    // string are strings, so the name is taken for one.
                    let holder = if ty == Ty::Str { Ty::Str } else { Ty::list(ty) };
                    self.note_name(n, holder);
                }
            }
            // A sum or product used as a number is one of numbers.
            ExprKind::Binary(BinOp::Add(_) | BinOp::Sub | BinOp::Mul(_), a, b)
                if ty.is_numeric() =>
            {
                self.note_operand(a, ty.clone());
                self.note_operand(b, ty);
            }
            _ => {}
        }
    }

    /// The type an operand shows by itself: a literal's, or a declared
    /// parameter's.
    fn shown(&self, x: &Expr) -> Option<Ty> {
        let lit = |l: &Lit| match l {
            Lit::Int(_) => Some(Ty::Int(IntTy::Unbounded)),
            Lit::Float(_) => Some(Ty::Float(FloatTy::F64)),
            Lit::Str(_) => Some(Ty::Str),
            _ => None,
        };
        match &x.kind {
            ExprKind::Lit(l) => lit(l),
            ExprKind::Unary(UnOp::Neg, v) => match &v.kind {
                ExprKind::Lit(l @ (Lit::Int(_) | Lit::Float(_))) => lit(l),
                _ => None,
            },
            ExprKind::Name(n) => self
                .declared
                .get(n)
                .or_else(|| self.literals.get(n))
                .filter(|t| t.is_numeric() || **t == Ty::Str)
                .cloned(),
            // An item of a list literal's name.
            ExprKind::Index { value, .. } => match &value.kind {
                ExprKind::Name(n) => match self.literals.get(n) {
                    Some(Ty::List(t)) if t.is_numeric() || **t == Ty::Str => Some((**t).clone()),
                    _ => None,
                },
                _ => None,
            },
            // Arithmetic other than `+` gives a number, and so does a
            // length.
            ExprKind::Binary(BinOp::Sub | BinOp::Mul(_) | BinOp::Rem(_), a, b) => {
                match (self.shown(a), self.shown(b)) {
                    (Some(t @ Ty::Float(_)), _) | (_, Some(t @ Ty::Float(_))) => Some(t),
                    _ => Some(Ty::Int(IntTy::Unbounded)),
                }
            }
            ExprKind::Binary(BinOp::Div(_), ..) => Some(Ty::Float(FloatTy::F64)),
            ExprKind::Builtin {
                op: Builtin::Len, ..
            } => Some(Ty::Int(IntTy::Unbounded)),
            _ => None,
        }
    }

    /// What an operator says of its operands: arithmetic other than `+`
    /// takes numbers, a comparison with a number literal or `+` with one
    /// takes a number, with a string literal a string.
    fn operator(&mut self, e: &Expr) {
        let number = |t: Option<Ty>| t.filter(|t| t.is_numeric());
        match &e.kind {
            ExprKind::Binary(op, a, b) => {
                let (la, lb) = (self.shown(a), self.shown(b));
                let ty = match op {
                    // `+` joins strings too, and `*` by the operands' types
                    // (JavaScript's `s.repeat(n)`) repeats them.
                    BinOp::Add(_) | BinOp::Mul(OperandSem::ByTypes) => None,
                    // `x % 1` asks whether `x` is integral: `x` may be a
                    // float.
                    BinOp::Rem(_) if matches!(b.kind, ExprKind::Lit(Lit::Int(1))) => {
                        Some(Ty::Float(FloatTy::F64))
                    }
                    BinOp::Div(_) => Some(Ty::Float(FloatTy::F64)),
                    BinOp::Sub
                    | BinOp::Mul(_)
                    | BinOp::Rem(_)
                    | BinOp::FloorDiv(_)
                    | BinOp::Pow => {
                        Some(number(la.clone().or(lb.clone())).unwrap_or(Ty::Int(IntTy::Unbounded)))
                    }
                    _ => None,
                };
                match ty {
                    // `a / b` takes numbers, of either kind.
                    Some(Ty::Float(_)) if matches!(op, BinOp::Div(_)) => {
                        let t = |l: Option<Ty>| number(l).unwrap_or(Ty::Int(IntTy::Unbounded));
                        let (ta, tb) = (t(lb.clone()), t(la.clone()));
                        self.note_operand(a, ta);
                        self.note_operand(b, tb);
                    }
                    Some(t) => {
                        self.note_operand(a, t.clone());
                        self.note_operand(b, t);
                    }
                    None if matches!(op, BinOp::Add(_)) => {
                        if let Some(t) = lb {
                            self.note_operand(a, t);
                        }
                        if let Some(t) = la {
                            self.note_operand(b, t);
                        }
                    }
                    None => {}
                }
            }
            ExprKind::Unary(UnOp::Neg, x) => self.note_operand(x, Ty::Int(IntTy::Unbounded)),
            ExprKind::Compare { first, rest } => {
                let mut left = first.as_ref();
                for (op, right) in rest {
                    if !matches!(op, CmpOp::In | CmpOp::NotIn | CmpOp::Is | CmpOp::IsNot) {
                        if let Some(t) = self.shown(right) {
                            self.note_operand(left, t);
                        }
                        if let Some(t) = self.shown(left) {
                            self.note_operand(right, t);
                        }
                    }
                    left = right;
                }
            }
            // An index into a list is an integer.
            ExprKind::Index { index, .. } => {
                if let ExprKind::Name(n) = &index.kind {
                    if !self.items_of.contains_key(n) {
                        self.note_name(n, Ty::Int(IntTy::Unbounded));
                    }
                }
            }
            _ => {}
        }
    }

    /// `x` of `for x in xs` (or a callback's item) stands for an item of
    /// `xs`; any other binding of `x` ends what its uses say.
    fn bind_item(&mut self, t: &Target, iter: &Expr) {
        if self.operands {
            if let (Target::Name { name, .. }, ExprKind::Name(list)) = (t, &iter.kind) {
                self.items_of.insert(name.clone(), list.clone());
                return;
            }
        }
        self.rebound(t);
    }

    /// A name bound again inside the function (a loop variable, an
    /// assignment) may hold something else there: its uses say nothing
    /// about the parameter.
    fn rebound(&mut self, t: &Target) {
        match t {
            Target::Name { name, .. } => {
                self.items_of.remove(name);
                self.copies_of.remove(name);
                self.by_name.insert(name.clone(), None);
            }
            Target::Tuple(ts) => ts.iter().for_each(|t| self.rebound(t)),
            Target::Index { value, index, .. } => {
                self.expr(value);
                self.expr(index);
            }
            Target::Attr { value, .. } => self.expr(value),
        }
    }

    fn block(&mut self, b: &Block) {
        for s in b {
            match &s.kind {
                StmtKind::Assign { target, value } => {
                    self.expr(value);
                    match (&value.kind, target) {
                        (ExprKind::Index { value: list, .. }, Target::Name { .. })
                            if self.operands =>
                        {
                            self.bind_item(target, list)
                        }
                        (ExprKind::Name(original), Target::Name { name, .. })
                            if self.operands && !self.copies_of.contains_key(name) =>
                        {
                            self.copies_of.insert(name.clone(), original.clone());
                        }
                        // A name given a value of a type the operands show
                        // (`n = n % 10`) keeps holding that type.
                        (_, Target::Name { name, .. })
                            if self.operands && self.shown(value).is_some() =>
                        {
                            let shown = self.shown(value).unwrap_or(Ty::Unknown);
                            if literal_ty(value).is_some() {
                                self.literals.entry(name.clone()).or_insert(shown.clone());
                            }
                            self.note_name(name, shown);
                        }
                        (ExprKind::List(_), Target::Name { name, .. }) if self.operands => {
                            if let Some(t) = literal_ty(value) {
                                self.literals.entry(name.clone()).or_insert(t);
                            }
                            self.rebound(target);
                        }
                        _ => self.rebound(target),
                    }
                }
                StmtKind::AugAssign { target, value, .. } => {
                    self.expr(value);
                    self.rebound(target);
                }
                StmtKind::If { branches, orelse } => {
                    for (t, b) in branches {
                        self.expr(t);
                        self.block(b);
                    }
                    self.block(orelse);
                }
                StmtKind::While { test, body } => {
                    self.expr(test);
                    self.block(body);
                }
                StmtKind::For {
                    target,
                    iter,
                    body,
                    orelse,
                } => {
                    self.expr(iter);
                    self.bind_item(target, iter);
                    self.block(body);
                    self.block(orelse);
                }
                StmtKind::Return(Some(e)) | StmtKind::Expr(e) | StmtKind::Assert(e, _) => {
                    self.expr(e)
                }
                // A nested function's parameters are its own.
                StmtKind::Def(_) => {}
                StmtKind::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => {
                    for b in try_blocks(body, handlers, orelse, finally) {
                        self.block(b);
                    }
                }
                _ => {}
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            // JavaScript's `indexOf` (`Find`) is a string's and an array's.
            ExprKind::Method {
                method: Method::Find,
                ..
            } if self.operands => {}
            ExprKind::Method { recv, method, .. } => {
                if let Some(ty) = receiver_type(*method) {
                    self.note(recv, ty);
                }
            }
            ExprKind::Builtin {
                op: Builtin::Range,
                args,
                ..
            } => {
                for a in args {
                    self.note(a, Ty::Int(IntTy::Unbounded));
                }
            }
            ExprKind::Lambda { params, .. } => {
                for (n, _) in params {
                    self.by_name.insert(n.clone(), None);
                }
            }
            ExprKind::Comprehension { clauses, .. } => {
                for c in clauses {
                    self.bind_item(&c.target, &c.iter);
                }
            }
            // `(x := v)` binds `x` anew, as an assignment statement does.
            ExprKind::AssignName { name, id, .. } => self.rebound(&Target::Name {
                name: name.clone(),
                id: *id,
            }),
            _ if self.operands => self.operator(e),
            _ => {}
        }
        for_each_child(e, |c| self.expr(c));
    }
}

/// The one type that has `method`, for methods only one built-in type
/// has (bytes aside, which the frontend does not lower).
pub fn receiver_type(method: Method) -> Option<Ty> {
    use Method::*;
    Some(match method {
        Upper | Lower | AsciiUpper | AsciiLower | Strip | LStrip | RStrip | Split | Join
        | Replace | StartsWith | EndsWith | Find | IsDigit | IsAlpha | IsAlnum | IsUpper
        | IsLower | IsSpace | SwapCase | Capitalize | LJust | RJust | IsDecimal | IsNumeric
        | IsAscii | Utf8Len | CharCount | Partition | RPartition | RemovePrefix | RemoveSuffix
        | ZFill | Center | RFind | Title | SplitLines | RSplit => Ty::Str,
        RustLines | RustSplitWhitespace | RustSplitAsciiWhitespace => Ty::Str,
        CharIs(_) => Ty::Char,
        Append | Extend | Insert | Sort | Reverse | SpliceOne | HeapPush | HeapPop | Heapify
        | HeapPushPop | HeapReplace | BisectLeft | BisectRight | InsortLeft | InsortRight => {
            Ty::list(Ty::Unknown)
        }
        Keys | Values | Items | Get => Ty::Dict(Box::new(Ty::Unknown), Box::new(Ty::Unknown)),
        Add | Discard => Ty::Set(Box::new(Ty::Unknown)),
        // `pop`, `remove`, `count`, `index`, `copy` belong to several
        // types, `update` to dicts and sets.
        // `int` has `is_integer` too (Python 3.12), `frozenset` `issubset`.
        Pop | Remove | Count | Index | Copy | Update | DelItem | Clear | IsSubset | IsInteger => {
            return None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::front::python::lower;
    use crate::engine::{Context, TranslationRequest};
    use crate::lang::Lang;
    use crate::units::SegmentKind;

    fn params(source: &str) -> Vec<Ty> {
        let req = TranslationRequest {
            from: Lang::Python,
            to: Lang::JavaScript,
            kind: SegmentKind::Function,
            name: None,
            source: source.to_string(),
            path: "unit.py".into(),
            first_line: 1,
            context: Context::default(),
        };
        let mut lowered = lower(&req).expect("lowered");
        let f = &mut lowered.functions[0];
        type_parameters(f);
        f.params.iter().map(|p| p.ty.clone()).collect()
    }

    /// The first function of a JavaScript unit translated to `to`, lowered,
    /// its parameters typed by their operands.
    fn js_function(source: &str, to: Lang) -> Function {
        let req = TranslationRequest {
            from: Lang::JavaScript,
            to,
            kind: SegmentKind::Function,
            name: None,
            source: source.to_string(),
            path: "unit.js".into(),
            first_line: 1,
            context: Context::default(),
        };
        let mut lowered = crate::engine::rules::front::javascript::lower(&req).expect("lowered");
        let mut f = lowered.functions.remove(0);
        type_parameters_by_operands(&mut f);
        f
    }

    fn js_params(source: &str) -> Vec<Ty> {
        let f = js_function(source, Lang::Python);
        f.params.iter().map(|p| p.ty.clone()).collect()
    }

    // JavaScript's operators take any value: what the program means by
    // them types the parameters (a number literal, arithmetic, an index, a
    // one-character string compared with an item), and list items.
    #[test]
    fn javascript_operators_type_parameters_and_items() {
        let int = Ty::Int(IntTy::Unbounded);
        assert_eq!(
            js_params("function f(xs, n, s, i, ys) {\n  for (const y of ys) {\n    if (y < 0) {\n      return false;\n    }\n  }\n  return xs[i] * 2 > n && s[i] == \"a\";\n}\n"),
            [Ty::list(int.clone()), int.clone(), Ty::Str, int.clone(), Ty::list(int)]
        );
    }

    // A JSDoc `{number}` that indexes an array, itself or through a local
    // computed from it, with integer operands, is an integer; one that is
    // also halved, or that indexes nothing, stays a float.
    #[test]
    fn a_number_that_indexes_is_an_integer() {
        let params = |source: &str| {
            let mut f = js_function(source, Lang::Rust);
            integral_index_parameters(&mut f);
            f.params.iter().map(|p| p.ty.clone()).collect::<Vec<_>>()
        };
        let doc = "/**\n * @param {Array} xs\n * @param {number} from\n */\n";
        let int = Ty::Int(IntTy::Unbounded);
        let float = Ty::Float(FloatTy::F64);
        let through_local = format!(
            "{doc}function f(xs, from) {{\n  var i = from - 1;\n  while (++i < xs.length) {{\n    if (xs[i]) return i;\n  }}\n  return -1;\n}}\n"
        );
        assert_eq!(params(&through_local)[1], int);
        let direct = format!("{doc}function f(xs, from) {{\n  return xs[from];\n}}\n");
        assert_eq!(params(&direct)[1], int);
        let halved =
            format!("{doc}function f(xs, from) {{\n  return xs[from - 1] + from / 2;\n}}\n");
        assert_eq!(params(&halved)[1], float);
        let no_index = format!("{doc}function f(xs, from) {{\n  return from - 1;\n}}\n");
        assert_eq!(params(&no_index)[1], float);
    }

    // Regression (`anyInt` on the IR path): "`x % 1 === 0` typed `x` an
    // integer", so the test was always true; it asks whether a number is
    // integral, so the number may be a float.
    #[test]
    fn an_integrality_test_types_a_float() {
        assert_eq!(
            js_params("function f(x) {\n  return x % 1 === 0 && x > 2;\n}\n"),
            [Ty::Float(FloatTy::F64)]
        );
    }

    // An item of a list literal's name types its operand, and a
    // parameter given a value of the type its operands show keeps it
    // (`number = number % num[i]`); a string literal's name types the
    // parameter compared with it.
    #[test]
    fn literal_names_and_reassignments_type_parameters() {
        assert_eq!(
            js_params("function f(number, p) {\n  let num = [1, 5];\n  let y = \"a\";\n  let i = 1;\n  while (i >= 0) {\n    number = number % num[i];\n    i -= 1;\n  }\n  return p == y;\n}\n"),
            [Ty::Int(IntTy::Unbounded), Ty::Str]
        );
    }

    // A parameter used as two types keeps no type.
    #[test]
    fn javascript_uses_that_disagree_type_nothing() {
        assert_eq!(
            js_params("function f(x) {\n  return x > 2 || x == \"a\";\n}\n"),
            [Ty::Unknown]
        );
    }

    // Only a use one type accepts types a parameter: `len(x)` does not.
    #[test]
    fn conclusive_uses_type_parameters() {
        assert_eq!(
            params("def f(s, xs, n, m):\n    xs.append(len(m))\n    return s.lower() * len(range(n))\n"),
            [Ty::Str, Ty::list(Ty::Unknown), Ty::Int(IntTy::Unbounded), Ty::Unknown]
        );
    }

    // Regression: a parameter rebound to another value, or used as two
    // types, must keep its unknown type rather than take one use's.
    #[test]
    fn rebound_or_disagreeing_parameters_stay_unknown() {
        assert_eq!(
            params("def f(s, t):\n    s = 3\n    t.append(1)\n    return t.lower()\n"),
            [Ty::Unknown, Ty::Unknown]
        );
    }
}
