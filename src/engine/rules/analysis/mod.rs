//! The shared analysis: one pass of each over a function's IR, building the
//! semantic model every backend reads (scopes and names, types to a fixed
//! point, integer sign facts). Backends ask the model; they never infer
//! while printing.

pub mod after;
pub mod definite;
pub mod facts;
pub mod fields;
pub mod generics;
pub mod infer;
pub mod instantiate;
pub mod narrow;
pub mod scope;
pub mod signature;
pub mod usage;

use super::ir::{Expr, FloatTy, Function, IntTy, Passing, Ty};
use super::{Decline, Res};
use scope::{LocalId, Scopes};
use signature::RustSignature;

/// What the analysis knows about one function tree.
pub struct Model {
    pub scopes: Scopes,
    pub types: infer::Types,
    /// By [`LocalId`]: every value the binding holds is `>= 0`.
    pub non_negative: Vec<bool>,
    /// The one integer width a fixed-width target gives the function's
    /// Python `int`s: the signature's, else `i64`.
    pub int_width: IntTy,
    /// Likewise for floats: the signature's, else `f64`.
    pub float_width: FloatTy,
    /// Functions defined outside the unit that it may call, by name: the
    /// project's other functions, with the signatures their own
    /// translations have.
    pub externs: std::collections::HashMap<String, RustSignature>,
}

impl Model {
    pub fn ty(&self, e: &Expr) -> &Ty {
        self.types.exprs.get(e.id.index()).unwrap_or(&Ty::Unknown)
    }

    pub fn local_ty(&self, l: LocalId) -> &Ty {
        &self.types.locals[l.0]
    }

    /// Whether an integer expression is never negative.
    pub fn non_negative(&self, e: &Expr) -> bool {
        facts::non_negative(e, &|id| {
            self.scopes
                .local_id(id)
                .is_some_and(|l| self.non_negative[l.0])
        })
    }
}

/// What a unit's classes tell the analysis of the code that uses their
/// objects: each field's type and each method's return type, by class and
/// name. A direction that does not type fields this way (the JavaScript
/// backend types them after the analysis, `fields.rs`) leaves it empty, and
/// a field or method it does not hold reads as of a type not known.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shapes {
    pub fields: std::collections::HashMap<(String, String), Ty>,
    pub returns: std::collections::HashMap<(String, String), Ty>,
    /// Tree node classes (a project's `@dataclass`es, which the Rust
    /// backend borrows): a parameter or local annotated with one keeps its
    /// annotation, which the backend checks each value against (a node
    /// that may be `None` is not stored where the annotation says a node).
    pub nodes: std::collections::HashSet<String>,
    /// Whether reads of a parameter that may be `None` are narrowed where
    /// it is known present (see [`narrow`]): JavaScript's, whose reads the
    /// Rust backend writes unwrapped. Another source's option methods
    /// (Rust's `x.unwrap()`) are of the option itself.
    pub narrows: bool,
}

impl Shapes {
    /// The type of field `name` of `object`, where `object` is of a class.
    pub fn field(&self, object: &Ty, name: &str) -> Ty {
        match object {
            // A field of what may be `None` is typed as the object's: the
            // Rust backend reads it only where a test has ruled `None` out
            // (`if root is None: return`) and declines it elsewhere.
            Ty::Option(x) => self.field(x, name),
            Ty::Class(class) => self
                .fields
                .get(&(class.clone(), name.to_string()))
                .cloned()
                .unwrap_or(Ty::Unknown),
            _ => Ty::Unknown,
        }
    }

    /// What method `name` of `class` returns.
    pub fn returns(&self, class: &str, name: &str) -> Ty {
        self.returns
            .get(&(class.to_string(), name.to_string()))
            .cloned()
            .unwrap_or(Ty::Unknown)
    }
}

/// Analyses `f`, with the target signature's types for its parameters and
/// return value when there is one (they win over annotations: the
/// translation must match the signature).
pub fn analyse(
    f: &mut Function,
    ids: usize,
    signature: Option<&RustSignature>,
    externs: &[RustSignature],
) -> Res<Model> {
    analyse_with(f, ids, signature, externs, &Shapes::default())
}

/// As [`analyse`], with the shapes of the unit's classes.
pub fn analyse_with(
    f: &mut Function,
    ids: usize,
    signature: Option<&RustSignature>,
    externs: &[RustSignature],
    shapes: &Shapes,
) -> Res<Model> {
    let mut int_width = None;
    let mut float_width = None;
    let mut unsigned = vec![false; f.params.len()];
    if let Some(sig) = signature {
        drop_unread_trailing_params(f, ids, sig.params.len());
        if sig.params.len() != f.params.len() {
            return Err(Decline(format!(
                "signature with {} parameters for {} at line {}",
                sig.params.len(),
                f.params.len(),
                f.line
            )));
        }
        let mut widths = Vec::new();
        for (i, (p, s)) in f.params.iter_mut().zip(&sig.params).enumerate() {
            collect_widths(&s.ty, &mut widths);
            unsigned[i] = matches!(
                s.ty,
                Ty::Int(IntTy::U8 | IntTy::U16 | IntTy::U32 | IntTy::U64 | IntTy::Usize)
            );
            p.ty = normalise(&s.ty);
            // A rest parameter stays one: the backend says what it makes
            // of it.
            if p.passing != Passing::Rest {
                p.passing = s.passing;
            }
        }
        if let Some((ret, _)) = &sig.ret {
            collect_widths(ret, &mut widths);
            f.ret = normalise(ret);
        } else {
            f.ret = Ty::Unit;
        }
        for w in widths {
            match w {
                Ty::Int(i) => {
                    if int_width.is_some_and(|x| x != i) {
                        return Err(Decline(format!(
                            "signature with several integer widths at line {}",
                            f.line
                        )));
                    }
                    int_width = Some(i);
                }
                Ty::Float(x) => {
                    if float_width.is_some_and(|y| y != x) {
                        return Err(Decline(format!(
                            "signature with several float widths at line {}",
                            f.line
                        )));
                    }
                    float_width = Some(x);
                }
                _ => {}
            }
        }
    } else {
        for p in f.params.iter_mut().filter(|p| p.passing != Passing::Rest) {
            p.passing = Passing::Owned;
        }
    }
    let scopes = Scopes::build(f, ids);
    let externs: std::collections::HashMap<String, RustSignature> = externs
        .iter()
        .filter(|e| e.name != f.name && !scopes.function_params.contains_key(&e.name))
        .map(|e| (e.name.clone(), e.clone()))
        .collect();
    // A generic callee's return type, as other functions' returns are
    // read, has its variables unknown: only a call, which instantiates
    // them (`infer`), knows them.
    let no_vars = instantiate::Subst::new();
    let returns = externs
        .iter()
        .map(|(name, e)| {
            let ret = e.ret.as_ref().map_or(Ty::Unit, |(t, _)| normalise(t));
            (name.clone(), instantiate::substitute(&ret, &no_vars))
        })
        .collect();
    let extern_params = externs
        .iter()
        .map(|(name, e)| {
            let ret = e.ret.as_ref().map_or(Ty::Unit, |(t, _)| normalise(t));
            (
                name.clone(),
                (e.params.iter().map(|p| normalise(&p.ty)).collect(), ret),
            )
        })
        .collect();
    let types = infer::infer(f, &scopes, ids, returns, shapes, &extern_params)?;
    let non_negative = facts::non_negative_locals(f, &scopes, &unsigned);
    Ok(Model {
        scopes,
        types,
        non_negative,
        int_width: int_width.unwrap_or(IntTy::I64),
        float_width: float_width.unwrap_or(FloatTy::F64),
        externs,
    })
}

/// Drops the parameters of `f` past the first `keep` when the body never
/// reads them (`(numbers, int) => ...` where `int` is unused, for a
/// declaration of one parameter): a caller's argument for one changes
/// nothing, so the function without it is the same function.
fn drop_unread_trailing_params(f: &mut Function, ids: usize, keep: usize) {
    if f.params.len() <= keep {
        return;
    }
    let scopes = Scopes::build(f, ids);
    let unread = f.params[keep..].iter().all(|p| {
        let Some(local) = scopes.local_id(p.id) else {
            return false;
        };
        let uses = scopes
            .resolved
            .iter()
            .filter(|l| **l == Some(local))
            .count();
        // The parameter's own binding is its only reference.
        uses == 1 && scopes.locals[local.0].stores <= 1 && !scopes.locals[local.0].mutated
    });
    if unread {
        f.params.truncate(keep);
    }
}

/// The integer and float types in `t`.
fn collect_widths(t: &Ty, out: &mut Vec<Ty>) {
    match t {
        Ty::Int(_) | Ty::Float(_) => out.push(t.clone()),
        Ty::List(x) | Ty::Set(x) | Ty::Option(x) => collect_widths(x, out),
        Ty::Dict(k, v) | Ty::Result(k, v) => {
            collect_widths(k, out);
            collect_widths(v, out);
        }
        Ty::Tuple(ts) => ts.iter().for_each(|t| collect_widths(t, out)),
        Ty::TupleOf(t) => collect_widths(t, out),
        _ => {}
    }
}

/// A signature's type as Python sees it: one `int`, one `float`; the
/// widths are the model's.
pub(crate) fn normalise(t: &Ty) -> Ty {
    match t {
        Ty::Int(_) => Ty::Int(IntTy::Unbounded),
        Ty::Float(_) => Ty::Float(FloatTy::F64),
        Ty::List(x) => Ty::list(normalise(x)),
        Ty::Set(x) => Ty::Set(Box::new(normalise(x))),
        Ty::Option(x) => Ty::Option(Box::new(normalise(x))),
        Ty::Dict(k, v) => Ty::Dict(Box::new(normalise(k)), Box::new(normalise(v))),
        Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(normalise).collect()),
        Ty::TupleOf(x) => Ty::TupleOf(Box::new(normalise(x))),
        Ty::Iter(x) => Ty::Iter(Box::new(normalise(x))),
        other => other.clone(),
    }
}
