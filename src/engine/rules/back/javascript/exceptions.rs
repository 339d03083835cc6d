//! Python's `try` in JavaScript: which operations may stand in a `try`
//! body whose handlers catch what they raise, and the `catch` that tests
//! an error's kind.
//!
//! **Soundness.** A `catch` behaves like `except` only where every
//! operation of the `try` body fails in JavaScript exactly when, and with
//! the kind, it fails in Python. Outside a `try` the engine accepts some
//! differences as documented assumptions (an int stays below 2^53, a call
//! of another function of the file behaves as its translation does); inside
//! one whose handler catches the kind, a Python error that JavaScript does
//! not throw would change which code runs. So each operation of the body
//! is classified ([`Risk`]): it cannot fail on the types the analysis gave
//! it; or it fails as Python does, through a helper that throws a
//! `PyError` of the same kind (or, for an error outside the IR's kinds, a
//! JavaScript error that only a catch-all handler catches in both); or it
//! may fail in Python where the translation goes on, and the `try` is
//! declined when a handler would catch that failure.

use super::Writer;
use crate::engine::rules::ir::{
    calls_code, for_each_expr, for_each_stmt, for_each_stmt_expr, is_next_without_default, BinOp,
    Block, Builtin, CmpOp, ErrorKind, Expr, ExprKind, FormatPart, Function, Handler, Line, Lit,
    Method, Stmt, StmtKind, Target, Ty, UnOp,
};
use crate::engine::rules::Res;

/// The error class the helpers throw where Python raises: it carries the
/// Python exception's class name, which a translated `except` tests.
pub(crate) const PY_ERROR: &str = "// A Python exception: `kind` names its class (ValueError, KeyError...).\nclass PyError extends Error {\n  constructor(kind, message) {\n    super(message);\n    this.kind = kind;\n  }\n}\n";

/// PEP 479: a `StopIteration` that leaves a generator's body is raised as
/// `RuntimeError` (which the IR writes as a plain `Error`), so that it does
/// not pass for the generator's own end.
pub(super) const PY_GENERATOR_STOP: &str = "// PEP 479: a `StopIteration` that leaves a generator's body is raised as a\n// RuntimeError in Python, not taken for the generator's end.\nfunction pyGeneratorStop(e) {\n  if (e instanceof PyError && e.kind === \"StopIteration\") {\n    return new Error(\"generator raised StopIteration\");\n  }\n  return e;\n}\n";

/// Whether a generator's body may let a `StopIteration` out: it calls
/// `next()` without a default, raises one, or calls a function (which may
/// do either).
pub(super) fn may_raise_stop_iteration(f: &Function) -> bool {
    let mut found = false;
    for_each_stmt(&f.body, false, &mut |s| {
        found |= matches!(
            s.kind,
            StmtKind::Fail {
                kind: ErrorKind::StopIteration,
                ..
            }
        );
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                found |= is_next_without_default(x) || calls_code(x);
            })
        })
    });
    found
}

/// How an operation of a `try` body may fail.
#[derive(Debug)]
enum Risk {
    /// It raises in Python exactly where the translation throws: a
    /// `PyError` of `kind`, or (`None`) an error of a kind outside the IR's
    /// set that only a catch-all handler catches, in either language.
    /// `exact` where the messages are the same too.
    Reproduced {
        kind: Option<ErrorKind>,
        exact: bool,
    },
    /// It may raise in Python (one of `kinds`; every kind where `None`)
    /// where the translation goes on or throws otherwise.
    Unreproduced {
        kinds: Option<Vec<ErrorKind>>,
        what: String,
    },
}

fn unreproduced(kinds: &[ErrorKind], what: impl Into<String>) -> Option<Risk> {
    Some(Risk::Unreproduced {
        kinds: Some(kinds.to_vec()),
        what: what.into(),
    })
}

fn any_kind(what: impl Into<String>) -> Option<Risk> {
    Some(Risk::Unreproduced {
        kinds: None,
        what: what.into(),
    })
}

fn reproduced(kind: ErrorKind) -> Option<Risk> {
    Some(Risk::Reproduced {
        kind: Some(kind),
        exact: false,
    })
}

/// Whether `handler` catches an error of `kind` (`None`: a kind outside
/// the IR's set, which only a catch-all catches).
fn catches(handler: &Handler, kind: Option<ErrorKind>) -> bool {
    handler.kinds.is_empty() || kind.is_some_and(|k| handler.kinds.contains(&k))
}

/// A value Python can hash: a dict key or a set item.
fn hashable(t: &Ty) -> bool {
    match t {
        Ty::Tuple(ts) => ts.iter().all(hashable),
        t => t.is_numeric() || matches!(t, Ty::Str | Ty::Char | Ty::Bool),
    }
}

fn text(t: &Ty) -> bool {
    matches!(t, Ty::Str | Ty::Char)
}

/// A type whose values Python iterates without error.
fn iterable(t: &Ty) -> bool {
    t.is_known()
        && matches!(
            t,
            Ty::List(_) | Ty::Tuple(_) | Ty::Str | Ty::Dict(..) | Ty::Set(_)
        )
}

fn non_zero_literal(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Lit(Lit::Int(v)) if v != 0)
        || matches!(e.kind, ExprKind::Lit(Lit::Float(v)) if v != 0.0)
}

fn non_negative_literal(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Lit(Lit::Int(v)) if v >= 0)
}

/// Whether a handler's body reads the error's message.
fn reads_message(h: &Handler) -> bool {
    let Some(name) = &h.name else {
        return false;
    };
    let mut found = false;
    for_each_stmt(&h.body, true, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                found |= matches!(&x.kind, ExprKind::ErrorMessage(n) if n == name);
            })
        })
    });
    found
}

/// The line of a `next(it)` (no default) that a comprehension of `body`
/// holds: its `StopIteration` is exhaustion's only where the `try` body
/// calls `next()` itself (the frontend declines one in a lambda).
fn deferred_next(body: &Block) -> Option<Line> {
    let mut at = None;
    for_each_stmt(body, false, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                if matches!(x.kind, ExprKind::Comprehension { .. }) {
                    for_each_expr(x, &mut |y| {
                        if is_next_without_default(y) {
                            at = at.or(Some(y.line));
                        }
                    })
                }
            })
        })
    });
    at
}

/// Whether a block cannot end by running off its last statement.
fn never_falls_through(b: &Block) -> bool {
    matches!(
        b.last().map(|s| &s.kind),
        Some(StmtKind::Return(_) | StmtKind::Fail { .. } | StmtKind::Break | StmtKind::Continue)
    )
}

impl Writer<'_> {
    /// Declines a `try` whose handlers would catch an error that the
    /// translation of its body does not throw as Python raises it, or whose
    /// shape JavaScript does not share.
    pub(super) fn check_try(
        &self,
        body: &Block,
        handlers: &[Handler],
        orelse: &Block,
        finally: &Block,
        line: usize,
    ) -> Res<()> {
        if !orelse.is_empty() {
            // JavaScript has no `else` for `try`: the block goes after the
            // statement, which is the same only where no handler ends by
            // running on and nothing stands between (a `finally`).
            if !finally.is_empty() {
                return super::decline(line, "`try` with both `else` and `finally`");
            }
            if !handlers.iter().all(|h| never_falls_through(&h.body)) {
                return super::decline(line, "`try ... else` whose handler may run on");
            }
        }
        if handlers.is_empty() {
            return Ok(());
        }
        if let Some(h) = handlers.iter().rev().skip(1).find(|h| h.kinds.is_empty()) {
            return super::decline(h.line, "`except` after one that catches every error");
        }
        let mut names = handlers.iter().filter_map(|h| h.name.as_ref());
        if let Some(first) = names.next() {
            if names.any(|n| n != first) {
                return super::decline(line, "handlers that name the error differently");
            }
        }
        if handlers
            .iter()
            .any(|h| catches(h, Some(ErrorKind::StopIteration)))
        {
            if let Some(at) = deferred_next(body) {
                return super::decline(
                    at,
                    "`next()` in a comprehension of a `try` body whose handler catches \
                     `StopIteration` (Python's generator expression raises RuntimeError)",
                );
            }
        }
        // (A read of a local that may be unbound, which Python raises as
        // `UnboundLocalError`, the frontends decline: `analysis::definite`.)
        let mut risks = Vec::new();
        for_each_stmt(body, false, &mut |s| {
            self.stmt_risk(s, &mut risks);
            for_each_stmt_expr(s, |e| {
                for_each_expr(e, &mut |x| {
                    if let Some(r) = self.expr_risk(x) {
                        risks.push((x.line, r));
                    }
                })
            });
        });
        for (at, risk) in risks {
            match risk {
                Risk::Unreproduced { kinds, what } => {
                    let caught = handlers.iter().any(|h| match &kinds {
                        None => true,
                        Some(ks) => h.kinds.is_empty() || ks.iter().any(|k| h.kinds.contains(k)),
                    });
                    if caught {
                        return super::decline(
                            at,
                            format!(
                                "{what} in a `try` body whose handler would catch what it \
                                 raises (JavaScript does not throw it there)"
                            ),
                        );
                    }
                }
                Risk::Reproduced { kind, exact } => {
                    let first = handlers.iter().find(|h| catches(h, kind));
                    if first.is_some_and(|h| !exact && reads_message(h)) {
                        return super::decline(
                            at,
                            "the message of an error a built-in operation raises (the \
                             messages differ)",
                        );
                    }
                }
            }
        }
        Ok(())
    }

    fn stmt_risk(&self, s: &Stmt, out: &mut Vec<(usize, Risk)>) {
        let line = s.line;
        let risk = match &s.kind {
            StmtKind::Fail { kind, message } => match kind {
                ErrorKind::Other => any_kind("`raise` of an exception class the IR does not know"),
                ErrorKind::Error => Some(Risk::Reproduced {
                    kind: None,
                    exact: message.is_some(),
                }),
                // `str()` of a KeyError is the repr of its argument.
                k => Some(Risk::Reproduced {
                    kind: Some(*k),
                    exact: message.is_some() && *k != ErrorKind::KeyError,
                }),
            },
            // AssertionError: outside the IR's kinds, in both languages.
            StmtKind::Assert(..) => Some(Risk::Reproduced {
                kind: None,
                exact: false,
            }),
            StmtKind::Assign { target, value } => self.store_risk(target, &self.ty(value)),
            // `t op= v` is `t = t op v`: the operator may raise too.
            StmtKind::AugAssign { target, op, value } => {
                let held = match target {
                    Target::Name { id, .. } => self
                        .input
                        .types
                        .get(id.index())
                        .cloned()
                        .unwrap_or(Ty::Unknown),
                    Target::Index { value: v, .. } => match self.ty(v) {
                        Ty::Dict(_, item) | Ty::List(item) => *item,
                        _ => Ty::Unknown,
                    },
                    Target::Attr { .. } | Target::Tuple(_) => Ty::Unknown,
                };
                self.binary_risk(*op, held, self.ty(value), value)
                    .or_else(|| self.store_risk(target, &Ty::Unknown))
            }
            StmtKind::For { target, iter, .. } => {
                let it = self.ty(iter);
                if !iterable(&it) && !matches!(iter.kind, ExprKind::Builtin { .. }) {
                    any_kind("iterating a value of a type not known")
                } else {
                    match (target, it.item()) {
                        (Target::Tuple(parts), Some(Ty::Tuple(ts))) if ts.len() == parts.len() => {
                            None
                        }
                        (Target::Tuple(_), _) => {
                            unreproduced(&[ErrorKind::ValueError], "unpacking in a loop")
                        }
                        _ => None,
                    }
                }
            }
            _ => None,
        };
        out.extend(risk.map(|r| (line, r)));
    }

    /// What storing into `t` may raise (the reads of its parts are
    /// expressions, classified as such).
    fn store_risk(&self, t: &Target, value: &Ty) -> Option<Risk> {
        match t {
            Target::Name { .. } | Target::Attr { .. } => None,
            Target::Tuple(_) => match self.unpack_count(t, value) {
                // `pyUnpack` raises ValueError as Python does.
                Some(_) => reproduced(ErrorKind::ValueError),
                None => None,
            },
            Target::Index { value, index, .. } => match self.ty(value) {
                Ty::Dict(k, _) if hashable(&k) => None,
                // `pyStoreAt` raises IndexError as Python does.
                Ty::List(_) if self.ty(index).is_int() => reproduced(ErrorKind::IndexError),
                _ => any_kind("store by index into a value of a type not known"),
            },
        }
    }

    fn expr_risk(&self, e: &Expr) -> Option<Risk> {
        let ty = |x: &Expr| self.ty(x);
        match &e.kind {
            ExprKind::Lit(_)
            | ExprKind::Name(_)
            | ExprKind::ErrorMessage(_)
            | ExprKind::Spread(_)
            | ExprKind::Not(..)
            | ExprKind::Logic { .. }
            | ExprKind::IfElse { .. }
            | ExprKind::List(_)
            | ExprKind::Tuple(_)
            | ExprKind::Lambda { .. }
            | ExprKind::AssignName { .. } => None,
            // Read only where the class or a base binds it.
            ExprKind::ClassAttr { .. } => None,
            // An object of a class, never an exception.
            ExprKind::Variant { .. } => None,
            // JavaScript's own values, which no source written into
            // JavaScript gives (the backend declines them).
            ExprKind::Object(_) | ExprKind::Prop { .. } | ExprKind::TypeIs { .. } => {
                any_kind("a JavaScript object read")
            }
            ExprKind::Set(xs) => (!xs.iter().all(|x| hashable(&ty(x))))
                .then(|| {
                    unreproduced(
                        &[ErrorKind::TypeError],
                        "a set of values of a type not known",
                    )
                })
                .flatten(),
            ExprKind::Dict(pairs) => (!pairs.iter().all(|(k, _)| hashable(&ty(k))))
                .then(|| {
                    unreproduced(
                        &[ErrorKind::TypeError],
                        "a dict of keys of a type not known",
                    )
                })
                .flatten(),
            ExprKind::Comprehension { clauses, .. } => clauses
                .iter()
                .any(|c| {
                    !iterable(&ty(&c.iter)) && !matches!(c.iter.kind, ExprKind::Builtin { .. })
                        || matches!(c.target, Target::Tuple(_))
                            && !matches!(ty(&c.iter).item(), Some(Ty::Tuple(_)))
                })
                .then(|| any_kind("a comprehension over a value of a type not known"))
                .flatten(),
            ExprKind::Format(parts) => parts
                .iter()
                .any(|p| matches!(p, FormatPart::Value { spec: Some(_), .. }))
                .then(|| {
                    unreproduced(
                        &[ErrorKind::ValueError, ErrorKind::TypeError],
                        "a format spec",
                    )
                })
                .flatten(),
            ExprKind::Unary(op, x) => {
                let t = ty(x);
                let fine = t.is_numeric() || (*op == UnOp::BitNot && t.is_int());
                (!fine)
                    .then(|| {
                        unreproduced(
                            &[ErrorKind::TypeError],
                            "an operator on a value of a type not known",
                        )
                    })
                    .flatten()
            }
            ExprKind::Binary(op, a, b) => self.binary_risk(*op, ty(a), ty(b), b),
            ExprKind::Compare { first, rest } => {
                let mut left = first.as_ref();
                for (op, right) in rest {
                    if let Some(r) = self.compare_risk(*op, left, right) {
                        return Some(r);
                    }
                    left = right;
                }
                None
            }
            ExprKind::Call { func, .. } => any_kind(format!(
                "call of `{func}` (its failures are not known to match Python's)"
            )),
            ExprKind::CallMethod { name, .. } | ExprKind::CallStatic { name, .. } => any_kind(
                format!("call of method `{name}` (its failures are not known to match Python's)"),
            ),
            ExprKind::New { class, .. } => any_kind(format!(
                "construction of `{class}` (its failures are not known to match Python's)"
            )),
            ExprKind::Super { .. } => any_kind("call of the base class's method"),
            ExprKind::Builtin { op, args, keywords } => self.builtin_risk(*op, args, keywords),
            ExprKind::Method {
                recv, method, args, ..
            } => self.method_risk(recv, *method, args),
            ExprKind::Index { value, index, .. } => match ty(value) {
                // `pyKey` raises KeyError, `pyItem` IndexError, as Python
                // does; a read proved in range or present cannot fail.
                Ty::Dict(k, _) if hashable(&k) => reproduced(ErrorKind::KeyError),
                Ty::List(_) | Ty::Tuple(_) | Ty::Str if ty(index).is_int() => {
                    reproduced(ErrorKind::IndexError)
                }
                _ => any_kind("an index into a value of a type not known"),
            },
            ExprKind::Slice { value, step, .. } => {
                let seq = matches!(ty(value), Ty::List(_) | Ty::Tuple(_) | Ty::Str);
                if !seq {
                    any_kind("a slice of a value of a type not known")
                } else if step.as_deref().is_some_and(|s| !non_zero_literal(s)) {
                    unreproduced(&[ErrorKind::ValueError], "a slice step that may be zero")
                } else {
                    None
                }
            }
            ExprKind::Attr { value, .. } => match ty(value) {
                Ty::Class(_) => None,
                // `None.x`: AttributeError in Python, a TypeError thrown
                // by JavaScript; only a catch-all catches either.
                Ty::Option(inner) if matches!(*inner, Ty::Class(_)) => Some(Risk::Reproduced {
                    kind: None,
                    exact: false,
                }),
                _ => any_kind("an attribute of a value of a type not known"),
            },
        }
    }

    /// What `a op b` may raise, for operands of types `ta` and `tb`.
    fn binary_risk(&self, op: BinOp, ta: Ty, tb: Ty, b: &Expr) -> Option<Risk> {
        let numbers = ta.is_numeric() && tb.is_numeric();
        let ints = ta.is_int() && tb.is_int();
        let seq = |t: &Ty| matches!(t, Ty::List(_) | Ty::Tuple(_));
        // Where the types do not settle the operation, it may raise any of
        // the operator's errors (TypeError, and `0 ** -1`'s
        // ZeroDivisionError where JavaScript gives Infinity).
        let type_error =
            || any_kind("an operator on values whose types are not known to go together");
        match op {
            BinOp::Add(_) if numbers || (text(&ta) && text(&tb)) || (seq(&ta) && seq(&tb)) => None,
            BinOp::Sub if numbers => None,
            BinOp::Sub | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor
                if matches!(ta, Ty::Set(_)) && matches!(tb, Ty::Set(_)) =>
            {
                None
            }
            BinOp::Mul(_)
                if numbers
                    || ((text(&ta) || seq(&ta)) && tb.is_int())
                    || (ta.is_int() && (text(&tb) || seq(&tb))) =>
            {
                None
            }
            // `pyDiv` and `pyMod` raise ZeroDivisionError as Python does.
            BinOp::Div(_) | BinOp::FloorDiv(_) | BinOp::Rem(_) if numbers => {
                (!non_zero_literal(b)).then(|| reproduced(ErrorKind::ZeroDivisionError))?
            }
            BinOp::Pow if ints && non_negative_literal(b) => None,
            BinOp::Pow if numbers => any_kind(
                "`**` (Python raises ZeroDivisionError or OverflowError where JavaScript gives Infinity)",
            ),
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor if ints => None,
            BinOp::Shl | BinOp::Shr if ints && non_negative_literal(b) => None,
            BinOp::Shl | BinOp::Shr if ints => {
                unreproduced(&[ErrorKind::ValueError], "a shift by a count that may be negative")
            }
            _ => type_error(),
        }
    }

    fn compare_risk(&self, op: CmpOp, a: &Expr, b: &Expr) -> Option<Risk> {
        let (ta, tb) = (self.ty(a), self.ty(b));
        let fine = match op {
            CmpOp::Eq(_) | CmpOp::NotEq(_) | CmpOp::Is | CmpOp::IsNot => true,
            CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => {
                (ta.is_numeric() && tb.is_numeric()) || (text(&ta) && text(&tb))
            }
            CmpOp::In | CmpOp::NotIn => match &tb {
                Ty::Str => text(&ta),
                Ty::List(_) | Ty::Tuple(_) => true,
                Ty::Set(_) | Ty::Dict(..) => hashable(&ta),
                _ => false,
            },
        };
        (!fine)
            .then(|| {
                unreproduced(
                    &[ErrorKind::TypeError],
                    "a comparison of values whose types are not known to go together",
                )
            })
            .flatten()
    }

    fn builtin_risk(
        &self,
        op: Builtin,
        args: &[Expr],
        keywords: &[(String, Expr)],
    ) -> Option<Risk> {
        let arg = |i: usize| args.get(i).map_or(Ty::Unknown, |a| self.ty(a));
        let sortable = |t: &Ty| t.is_numeric() || text(t);
        if op == Builtin::Next {
            return self.next_risk(args);
        }
        let fine = match op {
            Builtin::Len => matches!(
                arg(0),
                Ty::List(_) | Ty::Tuple(_) | Ty::Str | Ty::Dict(..) | Ty::Set(_)
            ),
            Builtin::Abs | Builtin::Bin => arg(0).is_numeric(),
            Builtin::Sum => arg(0).item().is_some_and(|t| t.is_numeric()),
            Builtin::Sorted => {
                keywords.iter().all(|(k, _)| k == "reverse")
                    && arg(0).item().is_some_and(|t| sortable(&t))
            }
            Builtin::Reversed | Builtin::Enumerate | Builtin::Zip | Builtin::Any | Builtin::All => {
                args.iter()
                    .all(|a| iterable(&self.ty(a)) || matches!(a.kind, ExprKind::Builtin { .. }))
            }
            Builtin::Range => {
                args.iter().all(|a| self.ty(a).is_int())
                    && (args.len() < 3 || non_zero_literal(&args[2]))
            }
            Builtin::Map | Builtin::Filter => {
                matches!(args.first().map(|a| &a.kind), Some(ExprKind::Lambda { .. }))
            }
            Builtin::ToStr
            | Builtin::ToBool
            | Builtin::IsInstance
            | Builtin::Sentinel
            | Builtin::AsInt => true,
            Builtin::ToList | Builtin::ToTuple => iterable(&arg(0)),
            Builtin::ToSet => arg(0).item().is_some_and(|t| hashable(&t)),
            Builtin::ToFloat => arg(0).is_numeric(),
            Builtin::ToInt => match arg(0) {
                // `pyInt` raises ValueError as Python does.
                Ty::Str | Ty::Char => return reproduced(ErrorKind::ValueError),
                t => t.is_int() || t == Ty::Bool,
            },
            Builtin::Ord => arg(0) == Ty::Char,
            Builtin::RegexTest | Builtin::RegexSub | Builtin::RegexFindAll => {
                matches!(arg(0), Ty::Str | Ty::Char)
            }
            Builtin::Gcd => arg(0).is_int() && arg(1).is_int(),
            Builtin::Round => arg(0).is_int() && args.len() == 1,
            Builtin::Min
            | Builtin::Max
            | Builtin::ToDict
            | Builtin::Chr
            | Builtin::DivMod
            | Builtin::Pow
            | Builtin::Sqrt
            | Builtin::Random
            | Builtin::Floor
            | Builtin::Ceil
            | Builtin::RegexSplit
            | Builtin::ToNumber
            | Builtin::JsonStringify
            | Builtin::JsRound
            | Builtin::JsKeysIn
            | Builtin::JsTypeOf
            | Builtin::JsIn
            | Builtin::JsProtoSlice
            | Builtin::JsHasOwn
            | Builtin::JsObjectTag
            | Builtin::JsToObject
            | Builtin::JsUnsignedShr
            | Builtin::JsArgumentList
            | Builtin::JsGlobal
            | Builtin::JsValueOf
            | Builtin::JsNull
            | Builtin::JsArray
            | Builtin::JsItem
            // Not looked at inside a `try`.
            | Builtin::DeepCopy
            | Builtin::ShallowCopy
            | Builtin::StrBytes
            // Rust's panic, which no `try` of the source catches.
            | Builtin::Unwrap
            // What the items' reading raises.
            | Builtin::Iter
            | Builtin::Next
            | Builtin::Itertools(_)
            // `TypeError` of no items, and what the function raises.
            | Builtin::Functools(_)
            // `ValueError` of a negative argument; past 2^53 the helper
            // throws.
            | Builtin::Math(_) => false,
        };
        (!fine)
            .then(|| any_kind(format!("`{}` on these values", op.spelling())))
            .flatten()
    }

    /// What `next(it)` may raise: `pyNext` throws a `PyError` of kind
    /// `StopIteration` (with Python's empty message) where the iterator is
    /// exhausted, so a handler of that kind is exact. Reading an iterator
    /// whose production the body does not show (a parameter, a generator's
    /// result) may raise what its producer raises, of any other kind; a
    /// producer lets no `StopIteration` out but exhaustion's, as Python's
    /// generators do (PEP 479, which the translated generators keep).
    fn next_risk(&self, args: &[Expr]) -> Option<Risk> {
        let known = match args.first().map(|a| &a.kind) {
            Some(ExprKind::Builtin {
                op: Builtin::Iter,
                args: inner,
                ..
            }) => inner.first().is_some_and(|x| iterable(&self.ty(x))),
            _ => false,
        };
        if !known {
            return unreproduced(
                &[
                    ErrorKind::Error,
                    ErrorKind::ValueError,
                    ErrorKind::TypeError,
                    ErrorKind::KeyError,
                    ErrorKind::IndexError,
                    ErrorKind::ZeroDivisionError,
                    ErrorKind::RangeError,
                    ErrorKind::Other,
                ],
                "`next()` of an iterator whose items' production is not known",
            );
        }
        (args.len() == 1).then_some(Risk::Reproduced {
            kind: Some(ErrorKind::StopIteration),
            exact: true,
        })
    }

    fn method_risk(&self, recv: &Expr, method: Method, args: &[Expr]) -> Option<Risk> {
        use Method::*;
        let rt = self.ty(recv);
        let arg = |i: usize| args.get(i).map_or(Ty::Unknown, |a| self.ty(a));
        let on_text = text(&rt);
        let fine = match method {
            Upper | Lower | AsciiUpper | AsciiLower | IsDigit | IsAlpha | IsAlnum | IsUpper
            | IsLower | IsSpace | SwapCase | Capitalize | IsDecimal | IsNumeric | IsAscii
            | Utf8Len | CharCount | Title | SplitLines | CharIs(_) => on_text && args.is_empty(),
            RustLines | RustSplitWhitespace | RustSplitAsciiWhitespace => {
                on_text && args.is_empty()
            }
            Strip | LStrip | RStrip | StartsWith | EndsWith | Find | RFind | Replace
            | RemovePrefix | RemoveSuffix => on_text && args.iter().all(|a| text(&self.ty(a))),
            // An empty separator raises ValueError.
            Partition | RPartition => {
                on_text
                    && matches!(args, [Expr { kind: ExprKind::Lit(Lit::Str(s)), .. }] if !s.is_empty())
            }
            ZFill => on_text && args.len() == 1 && arg(0).is_int(),
            Center => on_text && args.len() == 1 && arg(0).is_int(),
            Split | RSplit => {
                on_text
                    && match args {
                        [] => true,
                        [sep] => matches!(&sep.kind, ExprKind::Lit(Lit::Str(s)) if !s.is_empty()),
                        _ => false,
                    }
            }
            Join => on_text && arg(0).item().is_some_and(|t| text(&t)),
            LJust | RJust => on_text && args.len() == 1 && arg(0).is_int(),
            Count => (on_text && text(&arg(0))) || matches!(rt, Ty::List(_) | Ty::Tuple(_)),
            Append | Extend | Insert | Reverse | Copy => matches!(rt, Ty::List(_)),
            Sort => args.is_empty() && rt.item().is_some_and(|t| t.is_numeric() || text(&t)),
            // `pyIndex` raises ValueError as Python does.
            Index if matches!(rt, Ty::List(_) | Ty::Tuple(_) | Ty::Str) && args.len() == 1 => {
                return reproduced(ErrorKind::ValueError)
            }
            // `pyRemove` raises ValueError (a list) and KeyError (a set).
            Remove if matches!(rt, Ty::List(_)) => return reproduced(ErrorKind::ValueError),
            Remove if matches!(rt, Ty::Set(_)) => return reproduced(ErrorKind::KeyError),
            Get | Keys | Values | Items => {
                matches!(&rt, Ty::Dict(k, _) if args.first().is_none_or(|a| hashable(&self.ty(a))) && hashable(k))
            }
            Add | Discard => matches!(rt, Ty::Set(_)) && hashable(&arg(0)),
            Clear => matches!(rt, Ty::List(_) | Ty::Dict(..) | Ty::Set(_)),
            IsInteger => matches!(rt, Ty::Float(_)),
            IsSubset => false,
            Index | Remove | Pop | SpliceOne | Update | DelItem => false,
            HeapPush | HeapPop | Heapify | HeapPushPop | HeapReplace => false,
            BisectLeft | BisectRight | InsortLeft | InsortRight => false,
        };
        (!fine)
            .then(|| any_kind(format!("`{}` on these values", method.python_name())))
            .flatten()
    }
}
