//! Backends: one per target language, each writing the IR as target
//! source, bridging each semantic gap as the gap table (`super::ir::gap`)
//! says. The Rust backend reads the shared analysis's model; the Python
//! and JavaScript backends (for Rust sources) read [`Input`]: the unit's
//! functions and the type of each expression, the names the output uses
//! for the unit's functions, and the few facts about values they prove
//! themselves (which integers cannot be negative).

mod closures;
pub mod javascript;
pub mod javascript_gaps;
pub mod python;
pub mod rust;
pub(crate) mod rust_calls;
pub(crate) mod rust_class;
pub(crate) mod rust_dynamic;
mod rust_generator;
mod rust_generics;
mod rust_given_back;
mod rust_lookup;
mod rust_numbers;
pub(crate) mod rust_support;
mod stores;

use std::collections::{HashMap, HashSet};

use super::analysis::usage;
use super::ir::{
    for_each_expr, for_each_stmt, for_each_stmt_expr, try_blocks, BinOp, Block, Builtin, Expr,
    ExprKind, Function, IntTy, Lit, StmtKind, Target, Ty,
};
use super::{Decline, Res};

use crate::engine::TranslationRequest;
use crate::lang::Lang;
pub use closures::check_late_binding;

/// What a backend prints: a unit's functions, the type of every expression
/// and binding (by `ExprId`), and the request it answers.
pub struct Input<'a> {
    pub functions: &'a [Function],
    pub types: &'a [Ty],
    /// The language the IR came from: its meaning is recorded on each
    /// operation, and its row of the gap table applies.
    pub from: Lang,
    pub request: &'a TranslationRequest,
}

impl Input<'_> {
    pub fn ty(&self, e: &Expr) -> &Ty {
        self.types.get(e.id.index()).unwrap_or(&Ty::Unknown)
    }

    /// The name the output gives a function of the unit (or one it calls):
    /// the target signature's, then the one the file's symbol table chose,
    /// then the target language's spelling of the source name.
    pub fn function_name(&self, source: &str, to: Lang, first: bool) -> String {
        if first {
            if let Some(name) = self.signature_name(to) {
                return name;
            }
        }
        if let Some((_, target)) = self.request.context.names.iter().find(|(s, _)| s == source) {
            return target.clone();
        }
        if let Some((_, target)) = self
            .request
            .context
            .glossary
            .iter()
            .find(|(s, _)| s == source)
        {
            return target.clone();
        }
        match to {
            Lang::JavaScript => crate::symbols::js_name(source),
            _ => source.to_string(),
        }
    }

    fn signature_name(&self, to: Lang) -> Option<String> {
        let sig = self.request.context.signature.as_deref()?;
        let completed = crate::signatures::complete(sig, to);
        let found = crate::signatures::functions_in(&completed, to)?;
        found.into_iter().next().map(|f| f.name)
    }
}

/// Whether evaluating `e` twice is the same as once: names, literals and
/// reads of them (`g[i][j]`).
pub fn is_pure(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Lit(_) => true,
        ExprKind::Index { value, index, .. } => is_pure(value) && is_pure(index),
        ExprKind::Attr { value, .. } => is_pure(value),
        _ => false,
    }
}

/// Whether Rust's `v.insert(i, x)` is known not to panic: `i` is `0` or
/// `v.len()` of the same name. Elsewhere a position past the end panics in
/// Rust, where Python's `insert` and JavaScript's `splice` append, so the
/// backends check it.
pub fn insert_in_range(recv: &Expr, i: &Expr) -> bool {
    match &i.kind {
        ExprKind::Lit(crate::engine::rules::ir::Lit::Int(0)) => true,
        ExprKind::Builtin {
            op: crate::engine::rules::ir::Builtin::Len,
            args,
            ..
        } => matches!(
            (args.as_slice(), &recv.kind),
            ([Expr { kind: ExprKind::Name(a), .. }], ExprKind::Name(b)) if a == b
        ),
        _ => false,
    }
}

/// The operands of a regular expression operation as the frontends lower
/// them ([`Builtin::RegexTest`], `RegexSub`, `RegexFindAll`,
/// `RegexSplit`): the string, the pattern (a literal in the regex module's
/// portable spelling) parsed, and for `RegexSub` the replacement (in
/// JavaScript's spelling) and whether it replaces every match.
pub struct RegexCall<'e> {
    pub subject: &'e Expr,
    pub regex: crate::engine::rules::regex::Regex,
    pub replacement: Option<(&'e str, bool)>,
}

pub fn regex_call(op: Builtin, args: &[Expr], line: usize) -> Res<RegexCall<'_>> {
    let (Some(subject), Some(pattern)) = (args.first(), args.get(1)) else {
        return decline(line, format!("`{}` with these arguments", op.spelling()));
    };
    let ExprKind::Lit(Lit::Str(pattern)) = &pattern.kind else {
        return decline(
            line,
            format!("`{}` of a pattern that is not a literal", op.spelling()),
        );
    };
    let regex = match crate::engine::rules::regex::Regex::portable_parse(pattern) {
        Ok(r) => r,
        Err(why) => return decline(line, format!("a regular expression with {why}")),
    };
    let replacement = match (op, args.get(2), args.get(3)) {
        (Builtin::RegexSub, Some(repl), Some(all)) => match (&repl.kind, &all.kind) {
            (ExprKind::Lit(Lit::Str(r)), ExprKind::Lit(Lit::Bool(a))) => Some((r.as_str(), *a)),
            _ => return decline(line, "`re.sub` with these arguments"),
        },
        (Builtin::RegexSub, ..) => return decline(line, "`re.sub` with these arguments"),
        _ => None,
    };
    Ok(RegexCall {
        subject,
        regex,
        replacement,
    })
}

pub fn decline<T>(line: usize, what: impl std::fmt::Display) -> Res<T> {
    Err(Decline(format!("{what} at line {line}")))
}

/// Names of a function that hold no negative integer, whatever path
/// reaches them: every binding of the name (a loop over a range that
/// starts at zero or more, an assignment, an update) gives one. Found to a
/// fixed point, starting from all names and striking those with a binding
/// that may be negative.
#[derive(Default)]
pub struct NonNegative {
    names: HashSet<String>,
}

impl NonNegative {
    pub fn of(function: &Function, types: &[Ty]) -> NonNegative {
        let mut bindings: HashMap<String, Vec<Binding>> = HashMap::new();
        for p in &function.params {
            bindings
                .entry(p.name.clone())
                .or_default()
                .push(Binding::Param(
                    types.get(p.id.index()).cloned().unwrap_or(Ty::Unknown),
                ));
        }
        collect_bindings(&function.body, &mut bindings);
        let mut facts = NonNegative {
            names: bindings.keys().cloned().collect(),
        };
        loop {
            let before = facts.names.len();
            let struck: Vec<String> = facts
                .names
                .iter()
                .filter(|n| {
                    bindings
                        .get(*n)
                        .is_some_and(|bs| bs.iter().any(|b| !facts.binding_holds(b, types)))
                })
                .cloned()
                .collect();
            for n in struck {
                facts.names.remove(&n);
            }
            if facts.names.len() == before {
                return facts;
            }
        }
    }

    fn binding_holds(&self, b: &Binding, types: &[Ty]) -> bool {
        match b {
            Binding::Param(ty) => is_unsigned(ty),
            Binding::Value(e) | Binding::RangeFrom(e) => self.holds(e, types),
            Binding::Update(op, e) => {
                matches!(
                    op,
                    BinOp::Add(_) | BinOp::Mul(_) | BinOp::FloorDiv(_) | BinOp::Rem(_) | BinOp::Pow
                ) && self.holds(e, types)
            }
            Binding::Unknown => false,
        }
    }

    /// Whether `e` is an integer that is zero or more.
    pub fn holds(&self, e: &Expr, types: &[Ty]) -> bool {
        let ty = types.get(e.id.index()).unwrap_or(&Ty::Unknown);
        if is_unsigned(ty) {
            // Rust's unsigned arithmetic panics rather than go below zero.
            return true;
        }
        match &e.kind {
            ExprKind::Lit(Lit::Int(v)) => *v >= 0,
            ExprKind::Name(n) => self.names.contains(n),
            ExprKind::Binary(op, a, b) => {
                matches!(
                    op,
                    BinOp::Add(_) | BinOp::Mul(_) | BinOp::FloorDiv(_) | BinOp::Rem(_) | BinOp::Pow
                ) && self.holds(a, types)
                    && self.holds(b, types)
            }
            ExprKind::Builtin {
                op: Builtin::Len | Builtin::Abs | Builtin::Ord,
                ..
            } => true,
            ExprKind::Builtin {
                op: Builtin::Max,
                args,
                keywords,
            } if keywords.is_empty() => args.iter().any(|a| self.holds(a, types)),
            ExprKind::Builtin {
                op: Builtin::Min,
                args,
                keywords,
            } if keywords.is_empty() && args.len() > 1 => args.iter().all(|a| self.holds(a, types)),
            _ => false,
        }
    }
}

fn is_unsigned(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::Int(IntTy::U8 | IntTy::U16 | IntTy::U32 | IntTy::U64 | IntTy::U128 | IntTy::Usize)
    )
}

/// How a name gets a value.
enum Binding {
    Param(Ty),
    Value(Expr),
    /// A loop over a range starting at this.
    RangeFrom(Expr),
    Update(BinOp, Expr),
    Unknown,
}

fn collect_bindings(block: &Block, out: &mut HashMap<String, Vec<Binding>>) {
    for s in block {
        // `(x := v)` inside the statement's expressions.
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                if let ExprKind::AssignName { name, value, .. } = &x.kind {
                    out.entry(name.clone())
                        .or_default()
                        .push(Binding::Value((**value).clone()));
                }
            })
        });
        match &s.kind {
            StmtKind::Assign {
                target: Target::Name { name, .. },
                value,
            } => out
                .entry(name.clone())
                .or_default()
                .push(Binding::Value(value.clone())),
            StmtKind::Assign { target, .. } => bind_unknown(target, out),
            StmtKind::AugAssign {
                target: Target::Name { name, .. },
                op,
                value,
            } => out
                .entry(name.clone())
                .or_default()
                .push(Binding::Update(*op, value.clone())),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                match (target, &iter.kind) {
                    (
                        Target::Name { name, .. },
                        ExprKind::Builtin {
                            op: Builtin::Range,
                            args,
                            ..
                        },
                    ) => {
                        let start = if args.len() == 1 { None } else { args.first() };
                        let b = match start {
                            Some(a) => Binding::RangeFrom(a.clone()),
                            None => Binding::Value(Expr {
                                id: iter.id,
                                kind: ExprKind::Lit(Lit::Int(0)),
                                line: iter.line,
                            }),
                        };
                        out.entry(name.clone()).or_default().push(b);
                    }
                    (
                        Target::Name { name, .. },
                        ExprKind::Builtin {
                            op: Builtin::Reversed,
                            args,
                            ..
                        },
                    ) if matches!(
                        args.first().map(|a| &a.kind),
                        Some(ExprKind::Builtin {
                            op: Builtin::Range,
                            ..
                        })
                    ) =>
                    {
                        let start = match args.first().map(|a| &a.kind) {
                            Some(ExprKind::Builtin { args: r, .. }) if r.len() > 1 => {
                                r.first().cloned()
                            }
                            _ => None,
                        };
                        out.entry(name.clone()).or_default().push(match start {
                            Some(a) => Binding::RangeFrom(a),
                            None => Binding::Unknown,
                        });
                    }
                    _ => bind_unknown(target, out),
                }
                collect_bindings(body, out);
                collect_bindings(orelse, out);
            }
            StmtKind::If { branches, orelse } => {
                for (_, b) in branches {
                    collect_bindings(b, out);
                }
                collect_bindings(orelse, out);
            }
            StmtKind::While { body, .. } => collect_bindings(body, out),
            StmtKind::AugAssign { target, .. } => bind_unknown(target, out),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                for b in try_blocks(body, handlers, orelse, finally) {
                    collect_bindings(b, out);
                }
            }
            _ => {}
        }
    }
}

fn bind_unknown(target: &Target, out: &mut HashMap<String, Vec<Binding>>) {
    match target {
        Target::Name { name, .. } => out.entry(name.clone()).or_default().push(Binding::Unknown),
        Target::Tuple(ts) => ts.iter().for_each(|t| bind_unknown(t, out)),
        Target::Index { .. } | Target::Attr { .. } => {}
    }
}

/// Declines a parameter whose default is created once and shared between
/// calls (see [`super::ir::Param::default_once`]), for a
/// backend that has no place to create it once: evaluating it at each call
/// would give each call a fresh object where Python shares one.
pub fn check_defaults_fresh(f: &Function) -> Res<()> {
    match f.params.iter().find(|p| p.default_once) {
        Some(p) => decline(
            p.line,
            format!(
                "default of `{}` created once and shared between calls",
                p.name
            ),
        ),
        None => Ok(()),
    }
}

/// Declines a handler's name (`except ValueError as e`, `catch (e)`) that
/// the function also uses otherwise: Python unbinds it after the handler
/// and binds it function-wide, JavaScript scopes it to the `catch` block.
pub fn check_handler_names(f: &Function) -> Res<()> {
    let mut clash = None;
    for_each_stmt(&f.body, true, &mut |s| {
        if let StmtKind::Try { handlers, .. } = &s.kind {
            for h in handlers {
                if let Some(n) = &h.name {
                    let param = f.params.iter().any(|p| &p.name == n);
                    if clash.is_none() && (param || usage::mentions(&f.body, n)) {
                        clash = Some((h.line, n.clone()));
                    }
                }
            }
        }
    });
    match clash {
        Some((line, n)) => decline(
            line,
            format!("a caught error named `{n}` as another name of the function is"),
        ),
        None => Ok(()),
    }
}

/// A JavaScript name as a Rust identifier: `$` (which JavaScript allows in
/// a name, as bundlers write `has$1`) spelled `_dollar_`. The symbol
/// table's target names have no `$`; a call written by its source name
/// is renamed by that spelling (see `project::glue::rename_calls`).
pub(crate) fn without_dollar(name: &str) -> std::borrow::Cow<'_, str> {
    if name.contains('$') {
        std::borrow::Cow::Owned(name.replace('$', "_dollar_"))
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::front::rust::lower;
    use crate::engine::{Context, TranslationRequest};
    use crate::units::SegmentKind;

    fn facts(source: &str) -> (NonNegative, Vec<Ty>) {
        let req = TranslationRequest {
            from: Lang::Rust,
            to: Lang::Python,
            kind: SegmentKind::Function,
            name: None,
            source: source.to_string(),
            path: "unit.rs".into(),
            first_line: 1,
            context: Context::default(),
        };
        let lowered = lower(&req).expect("lowered");
        let f = NonNegative::of(&lowered.functions[0], &lowered.types);
        (f, lowered.types)
    }

    // A name is non-negative only when every way it gets a value is: here
    // `k` starts at zero but is decreased, `j` counts a range from 1 up.
    #[test]
    fn non_negative_names_are_those_every_binding_keeps_so() {
        let (f, _) = facts(
            "fn f(n: i32) -> i32 {\n    let mut k = 0;\n    let mut m = 1;\n    for j in 1..n {\n        k -= j;\n        m += j;\n    }\n    k + m\n}",
        );
        assert!(f.names.contains("j"));
        assert!(f.names.contains("m"));
        assert!(!f.names.contains("k"));
        assert!(!f.names.contains("n"));
    }
}
