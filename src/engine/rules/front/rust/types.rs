//! The Rust frontend's user types: structs (named, tuple and unit) become
//! [`Class`]es with a constructor taking every field in declared order,
//! and each inherent `impl S` unit becomes an [`Impl`]: methods attached
//! to the class the struct unit defines (see `docs/rules.md`, "Rust to
//! Python and Rust to JavaScript", for why unit by unit).
//!
//! A unit that is not the struct's own learns its fields and methods from
//! [`crate::engine::Context::types`]: the struct item and the signatures
//! of its inherent methods, as the file declares them.
//!
//! Python and JavaScript objects are references where a Rust struct is a
//! value. A non-`Copy` struct is moved, so no one sees the old place
//! after a move and a shared object behaves alike; a `Copy` one is copied
//! at each `let q = p;`, so a field store into one is declined, except a
//! store into the fresh copy a `mut self` method works on
//! (`fresh_receiver`) or a `let mut q = p;` makes (`copied_lets`); a
//! `&mut self` method returns the new value, which `place op= v` stores
//! back (`updated_receiver`, `struct_compound`); a `Copy` struct holding
//! an array is declined. An
//! `impl`'s associated constants are static attributes of the class
//! (`associated_const`). `==` between structs, `clone()`, printing them
//! and keys of struct type are declined (objects compare and hash by
//! identity).

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::conversions::Conversion;
use super::generics::erased;
use super::Lower;
use crate::engine::rules::ir::{
    Builtin, Class, ClassAttribute, ClassMethod, Expr, ExprKind, Function, Impl, IntTy, Lit,
    MethodKind, Param, Passing, Stmt, StmtKind, Target, Ty, ENUM_VARIANT_FIELD,
};
use crate::engine::rules::{named_children, Res};
use crate::lang::Lang;

/// A struct of the file, as its declaration says.
#[derive(Clone, Debug, Default)]
pub(super) struct StructDef {
    pub name: String,
    /// Field names and types in declared order; a tuple struct's are
    /// `_0`, `_1`, ... (a name neither target reads as a number).
    pub fields: Vec<(String, Ty)>,
    pub tuple: bool,
    /// `#[derive(Copy)]`: Rust copies it where the targets share it.
    pub copy: bool,
    /// The methods' signatures, from every inherent and trait `impl` of
    /// the file.
    pub methods: Vec<MethodSig>,
    /// Method names two `impl` blocks of the file declare (an inherent
    /// method and a trait's, or two traits'): Rust picks one by rules the
    /// targets' single namespace cannot follow, so they are declined.
    pub clashes: Vec<String>,
    /// An `impl Display` of the file: `{}` prints it through the class's
    /// `__str__` (Python) or `toString` (JavaScript).
    pub display: bool,
    /// A C-like enum's variants (`None` for a struct): each one object of
    /// the class, so that `==` and hashing by identity are Rust's.
    pub variants: Option<Vec<String>>,
    /// A C-like enum's discriminants, one per variant (`Ground = 12`, or
    /// one more than the variant before, from 0): what `E::V as u8` gives.
    /// `None` where one is written in a form this frontend does not read.
    pub discriminants: Option<Vec<i128>>,
    /// `#[derive(Clone)]`: `clone()` of an enum value is the value itself.
    pub clone: bool,
    /// `#[derive(Default)]` with a `#[default]` variant: `E::default()`.
    pub default_variant: Option<String>,
    /// A generic struct's type parameters (`B` of `struct BitVec<B =
    /// u32>`), each with its default type: the struct is translated as
    /// that one instance, and every other instance is declined.
    pub params: Vec<(String, Ty)>,
    /// An enum's variants with data, in declared order (see
    /// [`super::variants`]); empty for a C-like enum and a struct.
    pub data: Vec<VariantData>,
    /// Its `impl From<X> for S` blocks, by source type (see
    /// [`super::conversions`]): two or more make one dispatching `from`.
    pub conversions: Vec<super::conversions::Conversion>,
    /// `#[derive(Default)]` on a struct: `S::default()` is every field's
    /// default.
    pub derived_default: bool,
    /// `#[derive(PartialEq)]`: `==` compares the fields (a variant's name
    /// and values), each by its own `==` (see [`Lower::value_equal`]).
    pub derived_eq: bool,
    /// Its `impl`s' associated constants (`const BOLD: Self = ..;`), with
    /// their declared types: static attributes of the class, read as
    /// `S::BOLD`.
    pub consts: Vec<(String, Ty)>,
    /// `#[derive(Debug)]` of an enum: its `{:?}` is the variant's name.
    /// Without it, an `impl Debug` written by hand (in this file or
    /// another) says what it prints.
    pub derived_debug: bool,
}

impl StructDef {
    /// The class a trait's default methods are lowered in (see
    /// [`super::traits`]): no fields, the trait's methods.
    pub fn of_trait(name: &str, methods: Vec<MethodSig>) -> StructDef {
        StructDef {
            name: name.to_string(),
            methods,
            ..StructDef::default()
        }
    }

    /// The name field `raw` (as the source writes it: `x`, or `0` of a
    /// tuple struct) has in [`StructDef::fields`].
    pub fn field_key(&self, raw: &str) -> String {
        if self.tuple {
            format!("_{raw}")
        } else {
            raw.to_string()
        }
    }

    /// The type of field `raw` (as the source writes it).
    pub fn field_ty(&self, raw: &str) -> Option<Ty> {
        let key = self.field_key(raw);
        self.fields
            .iter()
            .find(|(f, _)| *f == key)
            .map(|(_, t)| t.clone())
    }
}

/// A variant with data: its values' names (`_0`, `_1`, ... of a tuple
/// variant) and types, in declared order.
#[derive(Clone, Debug)]
pub(super) struct VariantData {
    pub name: String,
    pub fields: Vec<(String, Ty)>,
    pub tuple: bool,
}

/// Traits whose methods Rust calls where the source shows no call: `drop`
/// at the end of a scope, `deref` at a method call or `*`. A struct that
/// implements one is left out (each use of it is declined).
const IMPLICIT_TRAITS: &[&str] = &["Drop", "Deref", "DerefMut"];

/// Traits an `impl` may name without methods and mean nothing the targets
/// would show: `Eq` (equality is `PartialEq`'s `eq`), iterator markers
/// whose one default method (`len`) a call would find undeclared, and
/// std's `Error`, all of whose methods (`source`, `description`) are
/// defaults that a call would find undeclared too. (A trait of the file
/// with default methods gives its `impl` them, and is not read here.)
const METHODLESS_TRAITS: &[&str] = &["Eq", "ExactSizeIterator", "FusedIterator", "Error"];

/// Bounds whose methods on the standard types are those types' own
/// meaning (comparison, hashing, printing, operators, markers): a method
/// call inside an `impl` bounded by them alone means what it means at the
/// default type.
const PLAIN_BOUNDS: &[&str] = &[
    "Copy",
    "Clone",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "Debug",
    "Display",
    "Default",
    "Send",
    "Sync",
    "Sized",
    "?Sized",
    "Add",
    "Sub",
    "Mul",
    "Div",
    "Rem",
    "Neg",
    "Not",
    "BitAnd",
    "BitOr",
    "BitXor",
    "Shl",
    "Shr",
    "AddAssign",
    "SubAssign",
    "MulAssign",
    "DivAssign",
    "RemAssign",
    "BitAndAssign",
    "BitOrAssign",
    "BitXorAssign",
    "ShlAssign",
    "ShrAssign",
];

/// The last segment of a trait's path, without its arguments
/// (`core::ops::Add<Output = S>` is `Add`).
fn trait_name(path: &str) -> &str {
    let bare = path.split('<').next().unwrap_or(path);
    bare.rsplit("::").next().unwrap_or(bare).trim()
}

/// How a method takes its receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Receiver {
    /// An associated function (`fn new(..) -> Self`), called on the type.
    None,
    /// `&self` or `self`: the object is read, or moved.
    Shared,
    /// `&mut self`: the object is changed in place.
    Mut,
}

/// An inherent method's signature.
#[derive(Clone, Debug)]
pub(super) struct MethodSig {
    pub name: String,
    pub receiver: Receiver,
    pub params: Vec<Ty>,
    pub ret: Ty,
    /// Declared by a generic `impl` (`impl<B: Bound> S<B>`): a call by the
    /// struct's name (`S::new()`) is of the instance Rust infers from
    /// where the value goes, not necessarily the default.
    pub inferred: bool,
    /// Declared by an inherent `impl` (`impl S`), not a trait's: only such
    /// a method may be renamed in the targets (see [`method_name`]).
    pub inherent: bool,
}

/// The name a method of `def` has in the targets: its own, or, for an
/// inherent method named like one of the struct's fields (`fn len(&self)`
/// beside `len: usize`), the name with a `_` added (`len_`), since an
/// object's own field hides a method of its class in both targets. `None`
/// where that name is taken too (a field, another method) or the method
/// is a trait's, which the targets call by its own name (`next`).
pub(super) fn method_name(def: &StructDef, sig: &MethodSig) -> Option<String> {
    if !def.fields.iter().any(|(f, _)| *f == sig.name) {
        return Some(sig.name.clone());
    }
    let renamed = format!("{}_", sig.name);
    let taken = def.fields.iter().any(|(f, _)| *f == renamed)
        || def.methods.iter().any(|m| m.name == renamed)
        || unsafe_member(&sig.name);
    (sig.inherent && !taken).then_some(renamed)
}

/// Names a field or method may not have in either target: a Python
/// keyword, a name Python mangles inside a class (`__x`), or a property
/// every JavaScript object or function already has.
pub(super) fn unsafe_member(name: &str) -> bool {
    Lang::Python.keywords().contains(&name)
        || name.starts_with("__")
        || matches!(
            name,
            "constructor"
                | "prototype"
                | "name"
                | "length"
                | "caller"
                | "arguments"
                | "call"
                | "apply"
                | "bind"
                | "toString"
                | "valueOf"
                | "hasOwnProperty"
        )
}

/// `#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]`: a
/// derive some builds add, of traits other than `Copy` (whose meaning the
/// translation would have to follow). The condition is read as `cfg`
/// names, `name = "value"`, `any`, `all` and `not`, and nothing else.
fn conditional_derive(attr: &str) -> bool {
    let t: String = attr.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(inner) = t
        .strip_prefix("#[cfg_attr(")
        .and_then(|r| r.strip_suffix(")]"))
    else {
        return false;
    };
    let Some(at) = inner.rfind(",derive(") else {
        return false;
    };
    let (cond, derive) = (&inner[..at], &inner[at + ",derive(".len()..]);
    let Some(list) = derive.strip_suffix(')') else {
        return false;
    };
    if list.contains(['(', ')', '"', '='])
        || list
            .split(',')
            .any(|d| d.rsplit("::").next() == Some("Copy"))
    {
        return false;
    }
    // The condition without its quoted values: words, `=`, `,` and the
    // parentheses of `any`, `all` and `not` only.
    let mut bare = String::new();
    let mut quoted = false;
    for c in cond.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            bare.push(c);
        }
    }
    let mut word = String::new();
    for c in bare.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => word.push(c),
            '(' if matches!(word.as_str(), "any" | "all" | "not") => word.clear(),
            ')' | ',' | '=' => word.clear(),
            _ => return false,
        }
    }
    !quoted
}

/// Whether an expression holds a `return` (or `?`), which would leave the
/// caller were its body inlined.
fn has_return(n: Node) -> bool {
    matches!(n.kind(), "return_expression" | "try_expression")
        || named_children(n).into_iter().any(has_return)
}

/// A type's arguments, without its lifetimes (`Iter<'a, B>` has `B`).
pub(super) fn type_arguments(args: Node) -> Vec<Node> {
    named_children(args)
        .into_iter()
        .filter(|a| a.kind() != "lifetime")
        .collect()
}

/// Whether a type holds a struct anywhere (a `Vec<Point>`, an
/// `Option<Point>`): its values compare and print by identity in the
/// targets. An erased type parameter may stand for a struct.
pub(super) fn holds_class(ty: &Ty) -> bool {
    // A `Result` is a pair (see `results`), which JavaScript compares by
    // identity and both targets print otherwise.
    holds(ty, &|t| {
        matches!(t, Ty::Class(_) | Ty::Var(_) | Ty::Result(..))
    })
}

/// Whether a type holds a `Result` anywhere.
pub(super) fn holds_result(ty: &Ty) -> bool {
    holds(ty, &|t| matches!(t, Ty::Result(..)))
}

/// Whether a type holds an erased type parameter anywhere (an
/// `Option<B>`).
pub(super) fn holds_var(ty: &Ty) -> bool {
    holds(ty, &|t| matches!(t, Ty::Var(_)))
}

/// Whether `ty` is, or holds in a list, set, `Option`, map, tuple or
/// `Result`, a type `leaf` picks.
fn holds(ty: &Ty, leaf: &dyn Fn(&Ty) -> bool) -> bool {
    leaf(ty)
        || match ty {
            Ty::List(t) | Ty::Set(t) | Ty::Option(t) => holds(t, leaf),
            Ty::Dict(k, v) | Ty::Result(k, v) => holds(k, leaf) || holds(v, leaf),
            Ty::Tuple(ts) => ts.iter().any(|t| holds(t, leaf)),
            _ => false,
        }
}

/// Whether a type holds an `Option` of an erased type parameter
/// (`Option<B>`, `Vec<Option<B>>`).
pub(super) fn option_of_var(ty: &Ty) -> bool {
    match ty {
        Ty::Option(t) if matches!(**t, Ty::Var(_)) => true,
        Ty::List(t) | Ty::Set(t) | Ty::Option(t) | Ty::Iter(t) | Ty::TupleOf(t) => option_of_var(t),
        Ty::Dict(k, v) | Ty::Result(k, v) => option_of_var(k) || option_of_var(v),
        Ty::Tuple(ts) => ts.iter().any(option_of_var),
        Ty::Func(ps, r) => ps.iter().any(option_of_var) || option_of_var(r),
        _ => false,
    }
}

impl<'s> Lower<'s> {
    /// Registers the structs a source declares (the unit itself, or one of
    /// [`crate::engine::Context::types`]): first every name, so that a
    /// field may be of another struct's type, then fields and methods. A
    /// declaration whose types this frontend does not read is left out
    /// where it is context (the unit then declines what it uses of it),
    /// and declined where it is the unit's own.
    pub(super) fn register_structs(&mut self, root: Node, own: bool) -> Res<()> {
        let items = named_children(root);
        for item in &items {
            if matches!(item.kind(), "struct_item" | "enum_item") {
                if let Some(n) = item.child_by_field_name("name") {
                    self.struct_names.insert(self.text(n).to_string());
                }
            }
        }
        // (struct, method) pairs this source's impls declare.
        let mut seen = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            match item.kind() {
                "struct_item" | "enum_item" => {
                    let attrs: Vec<Node> = items[..i]
                        .iter()
                        .rev()
                        .take_while(|p| p.kind() == "attribute_item")
                        .copied()
                        .collect();
                    let def = if item.kind() == "enum_item" {
                        self.enum_def(*item, &attrs)
                    } else {
                        self.struct_def(*item, &attrs)
                    };
                    match def {
                        Ok(def) => {
                            self.unreadable.remove(&def.name);
                            let (methods, clashes, display, conversions) = self
                                .structs
                                .get(&def.name)
                                .map(|d| {
                                    (
                                        d.methods.clone(),
                                        d.clashes.clone(),
                                        d.display,
                                        d.conversions.clone(),
                                    )
                                })
                                .unwrap_or_default();
                            self.structs.insert(
                                def.name.clone(),
                                StructDef {
                                    methods,
                                    clashes,
                                    display,
                                    conversions,
                                    ..def
                                },
                            );
                        }
                        Err(e) if own => return Err(e),
                        Err(_) => {
                            if let Some(n) = item.child_by_field_name("name") {
                                let name = self.text(n).to_string();
                                self.struct_names.remove(&name);
                                self.unreadable.insert(name);
                            }
                        }
                    }
                }
                // A constant of the file (see `ModuleSymbols::types_for`):
                // one whose type this frontend does not read stays unknown,
                // and a read of it is declined as before.
                "const_item" | "static_item" => {
                    let name = item.child_by_field_name("name");
                    let ty = item.child_by_field_name("type");
                    if let (Some(name), Some(ty)) = (name, ty) {
                        if let Ok((ty, _)) = self.rust_type(ty) {
                            self.constants.insert(self.text(name).to_string(), ty);
                        }
                    }
                }
                "impl_item" => {
                    if let Some(t) = self.implicit_trait(*item) {
                        if let Some(ty) = item.child_by_field_name("type") {
                            let name = self.text(ty);
                            self.structs.remove(name);
                            self.struct_names.remove(name);
                            self.implicit.insert(name.to_string(), t);
                        }
                        continue;
                    }
                    let Some((name, bound)) = self.impl_type(*item) else {
                        self.generic_impl_names(*item);
                        continue;
                    };
                    let inferred = !bound.is_empty();
                    let inherent = self.impl_trait(*item).is_none();
                    if self.impl_trait(*item) == Some("Display") {
                        // Its `fmt` is no method a call names.
                        if let Some(def) = self.structs.get_mut(&name) {
                            def.display = true;
                        }
                        continue;
                    }
                    if self.impl_trait(*item) == Some("Debug") {
                        // Its `fmt` is `__repr__`, which no call names.
                        continue;
                    }
                    let Some(body) = item.child_by_field_name("body") else {
                        continue;
                    };
                    let saved = self.self_type.replace(name.clone());
                    let saved_args = std::mem::replace(&mut self.type_args, bound);
                    let assoc = match self.assoc_types_of(body) {
                        Ok(a) => a,
                        Err(e) if own => {
                            self.self_type = saved;
                            self.type_args = saved_args;
                            return Err(e);
                        }
                        Err(_) => HashMap::new(),
                    };
                    let saved_assoc = std::mem::replace(&mut self.assoc_types, assoc);
                    let mut sigs = Vec::new();
                    // Methods whose types this unit does not read: no call
                    // may use them, but their names still clash.
                    let mut unread = Vec::new();
                    let mut consts = Vec::new();
                    for f in named_children(body) {
                        if f.kind() == "const_item" {
                            let name = f.child_by_field_name("name");
                            let ty = f.child_by_field_name("type");
                            if let (Some(name), Some(ty)) = (name, ty) {
                                if let Ok(ty) = self.owned_type(ty) {
                                    consts.push((self.text(name).to_string(), ty));
                                }
                            }
                        }
                        if matches!(f.kind(), "function_item" | "function_signature_item") {
                            match self.method_sig(f) {
                                Ok(sig) => sigs.push(MethodSig {
                                    inferred,
                                    inherent,
                                    ..sig
                                }),
                                Err(e) if own => {
                                    self.self_type = saved;
                                    self.type_args = saved_args;
                                    self.assoc_types = saved_assoc;
                                    return Err(e);
                                }
                                Err(_) => {
                                    if let Some(n) = f.child_by_field_name("name") {
                                        unread.push(self.text(n).to_string());
                                    }
                                }
                            }
                        }
                    }
                    // The trait's default methods the `impl` does not
                    // write are the type's too (see `traits`).
                    if let Some(tr) = self.impl_trait(*item) {
                        let written: Vec<String> = sigs
                            .iter()
                            .map(|s| s.name.clone())
                            .chain(unread.iter().cloned())
                            .collect();
                        sigs.extend(self.default_sigs(tr, &name, &written));
                    }
                    // `impl From<X> for S`: its `from` is one branch of
                    // the type's conversions, not a clash with another's.
                    let conversion = self.source_of_from_impl(*item).map(|x| Conversion {
                        text: self.text(x).to_string(),
                        source: self.owned_type(x).unwrap_or(Ty::Unknown),
                    });
                    self.self_type = saved;
                    self.type_args = saved_args;
                    self.assoc_types = saved_assoc;
                    if let Some(def) = self.structs.get_mut(&name) {
                        for (c, ty) in consts {
                            def.consts.retain(|(o, _)| *o != c);
                            def.consts.push((c, ty));
                        }
                        if let Some(c) = conversion {
                            def.conversions.retain(|o| o.text != c.text);
                            def.conversions.push(c);
                            if def.methods.iter().any(|m| m.name == "from" && m.inherent) {
                                if !def.clashes.iter().any(|c| c == "from") {
                                    def.clashes.push("from".into());
                                }
                            } else {
                                def.methods.retain(|m| m.name != "from");
                                def.methods.extend(sigs);
                            }
                            continue;
                        }
                        for m in unread {
                            if !seen.insert((name.clone(), m.clone())) && !def.clashes.contains(&m)
                            {
                                def.clashes.push(m);
                            }
                        }
                        for sig in sigs {
                            // The unit's own impl repeats what the file's
                            // declaration said; a name two impls of one
                            // source declare is a clash.
                            let inserted = seen.insert((name.clone(), sig.name.clone()));
                            let first =
                                inserted && (sig.name != "from" || def.conversions.is_empty());
                            if !first && !def.clashes.contains(&sig.name) {
                                def.clashes.push(sig.name.clone());
                            }
                            def.methods.retain(|m| m.name != sig.name);
                            def.methods.push(sig);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The struct an `impl` (inherent or of a trait) is of, with the
    /// `impl`'s type parameters bound to their types: none for `impl S`;
    /// for a generic struct, `impl<B: Bound> S<B>` binds `B` to the
    /// struct's default, and `impl S<u32>` must name the default. An
    /// `impl` of another instance, or with a parameter the struct's type
    /// does not bind to its default (`impl<T> From<T> for S`), is `None`.
    /// The bounds are not checked: if the default did not meet them, no
    /// code could call these methods at the default instance (and two
    /// `impl`s declaring one name are declined as a clash).
    pub(super) fn impl_type(&self, item: Node) -> Option<(String, HashMap<String, Ty>)> {
        let ty = item.child_by_field_name("type")?;
        let mut params = Vec::new();
        if let Some(tp) = item.child_by_field_name("type_parameters") {
            for p in named_children(tp) {
                match p.kind() {
                    "lifetime_parameter" => {}
                    "type_parameter" => params.push(self.text(p.child_by_field_name("name")?)),
                    _ => return None,
                }
            }
        }
        // `impl<'a> Trait for &'a S`: the targets have no references, so
        // its methods are `S`'s (one declared by another `impl` of `S` too,
        // as `impl Trait for S`'s, is declined as a clash).
        let ty = match ty.kind() {
            "reference_type" => {
                let mutable = ty
                    .children(&mut ty.walk())
                    .any(|c| c.kind() == "mutable_specifier");
                if mutable {
                    return None;
                }
                ty.child_by_field_name("type")?
            }
            _ => ty,
        };
        // Where the struct's type does not name a parameter, the parameter
        // is erased (see [`erased`]): `impl<V> Extend<V> for Array`'s
        // values of `V` are taken only where no type's meaning is asked,
        // as a generic function's are.
        let unbound = |mut bound: HashMap<String, Ty>| {
            for p in &params {
                bound.entry(p.to_string()).or_insert_with(|| erased(p));
            }
            bound
        };
        match ty.kind() {
            "type_identifier" if !params.contains(&self.text(ty)) => {
                Some((self.text(ty).to_string(), unbound(HashMap::new())))
            }
            "generic_type" => {
                let base = ty.child_by_field_name("type")?;
                if base.kind() != "type_identifier" {
                    return None;
                }
                let name = self.text(base).to_string();
                let def = self.structs.get(&name)?;
                let mut bound: HashMap<String, Ty> = HashMap::new();
                let args = type_arguments(ty.child_by_field_name("type_arguments")?);
                if args.len() > def.params.len() {
                    return None;
                }
                for (a, (_, default)) in args.iter().zip(&def.params) {
                    let at = self.text(*a);
                    if a.kind() == "type_identifier" && params.contains(&at) {
                        if bound.insert(at.to_string(), default.clone()).is_some() {
                            // `impl<T> S<T, T>`: not every instance.
                            return None;
                        }
                    } else if !matches!(default, Ty::Var(_))
                        && self.owned_type(*a).ok()? != *default
                    {
                        // An erased parameter takes any instance (`impl
                        // S<u8>`): the class is one for all, its fields
                        // read as the parameter still.
                        return None;
                    }
                }
                Some((name, unbound(bound)))
            }
            _ => None,
        }
    }

    /// The types `bound` gives the `impl`'s parameters that a trait other
    /// than [`PLAIN_BOUNDS`] bounds (`impl<B: BitBlock>`, or `where B:
    /// BitBlock`): inside the `impl` Rust resolves a method call on such a
    /// value through the bound, which may declare a method named like one
    /// of the type's own (`count_ones`).
    fn opaque_bound_types(
        &self,
        item: Node,
        bound: &HashMap<String, Ty>,
    ) -> (Vec<Ty>, HashMap<String, Vec<String>>) {
        let mut bounds: Vec<(String, Node)> = Vec::new();
        if let Some(tp) = item.child_by_field_name("type_parameters") {
            for p in named_children(tp) {
                if let (Some(name), Some(b)) = (
                    p.child_by_field_name("name"),
                    p.child_by_field_name("bounds"),
                ) {
                    bounds.push((self.text(name).to_string(), b));
                }
            }
        }
        for c in named_children(item) {
            if c.kind() != "where_clause" {
                continue;
            }
            for pred in named_children(c) {
                if let (Some(left), Some(b)) = (
                    pred.child_by_field_name("left"),
                    pred.child_by_field_name("bounds"),
                ) {
                    bounds.push((self.text(left).to_string(), b));
                }
            }
        }
        let mut out = Vec::new();
        let mut traits: HashMap<String, Vec<String>> = HashMap::new();
        for (param, b) in bounds {
            let opaque: Vec<String> = named_children(b)
                .iter()
                .filter(|t| t.kind() != "lifetime")
                .map(|t| trait_name(self.text(*t)).to_string())
                .filter(|t| !PLAIN_BOUNDS.contains(&t.as_str()))
                .collect();
            match bound.get(&param) {
                Some(ty) if !opaque.is_empty() => {
                    if !out.contains(ty) {
                        out.push(ty.clone());
                    }
                    traits.entry(param).or_default().extend(opaque);
                }
                _ => {}
            }
        }
        (out, traits)
    }

    /// Records the methods of a declared source's `impl Trait for u32`
    /// (a primitive type) and the default methods of its traits, for
    /// [`Lower::bound_call`].
    pub(super) fn register_trait_impls(&mut self, k: usize, root: Node) {
        for item in named_children(root) {
            let (owner, tr) = match item.kind() {
                "impl_item" => {
                    let (Some(ty), Some(tr)) = (
                        item.child_by_field_name("type"),
                        item.child_by_field_name("trait"),
                    ) else {
                        continue;
                    };
                    if ty.kind() != "primitive_type"
                        || item.child_by_field_name("type_parameters").is_some()
                    {
                        continue;
                    }
                    (
                        self.text(ty).to_string(),
                        trait_name(self.text(tr)).to_string(),
                    )
                }
                "trait_item" => {
                    let Some(name) = item.child_by_field_name("name") else {
                        continue;
                    };
                    let name = self.text(name).to_string();
                    (name.clone(), name)
                }
                _ => continue,
            };
            let Some(body) = item.child_by_field_name("body") else {
                continue;
            };
            for f in named_children(body) {
                if f.kind() != "function_item" {
                    continue;
                }
                if let Some(name) = f.child_by_field_name("name") {
                    let key = (owner.clone(), tr.clone(), self.text(name).to_string());
                    self.trait_impls
                        .insert(key, (k, f.start_byte(), f.end_byte()));
                }
            }
            // An impl with no methods still says the type implements it.
            if item.kind() == "impl_item" {
                self.trait_impls
                    .entry((owner, tr, String::new()))
                    .or_insert((k, 0, 0));
            }
        }
    }

    /// `B::bits()` inside an `impl<B: BitBlock>` translated at `B = u32`:
    /// the method of the trait's `impl BitBlock for u32` (or the trait's
    /// default method, `Self` being `u32`), inlined, where its body is one
    /// expression of no parameters. Only the bound's traits are looked in
    /// (as Rust does for a type parameter); one method of that name in two
    /// of them is declined.
    pub(super) fn bound_call(
        &mut self,
        owner: &str,
        fname: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Expr> {
        let path = format!("{owner}::{fname}");
        let Some(Ty::Int(int)) = self.type_args.get(owner).cloned() else {
            return self.decline(n, format!("call to `{path}`"));
        };
        // The type's Rust name (`u32`), as `Ty` writes it.
        let ty_name = Ty::Int(int).to_string();
        let traits = self.bounds.get(owner).cloned().unwrap_or_default();
        let mut found = Vec::new();
        for tr in &traits {
            let own = (ty_name.clone(), tr.clone(), fname.to_string());
            let implemented = (ty_name.clone(), tr.clone(), String::new());
            if let Some(at) = self.trait_impls.get(&own) {
                found.push((tr.clone(), *at));
            } else if self.trait_impls.contains_key(&implemented) {
                if let Some(at) = self
                    .trait_impls
                    .get(&(tr.clone(), tr.clone(), fname.to_string()))
                {
                    found.push((tr.clone(), *at));
                }
            }
        }
        let (tr, (k, start, end)) = match found.as_slice() {
            [one] => one.clone(),
            [] => {
                return self.decline(
                    n,
                    format!("call to `{path}`, no method of an impl for `{ty_name}` of its bound the unit sees"),
                )
            }
            _ => return self.decline(n, format!("call to `{path}`, a method of two of its bounds")),
        };
        if !args.is_empty() {
            return self.decline(
                n,
                format!("call to `{path}` with arguments through its bound"),
            );
        }
        if self.inlining > 8 {
            return self.decline(
                n,
                format!("call to `{path}` nested too deep through its bounds"),
            );
        }
        let Some((code, tree)) = self.declared.get(k) else {
            return self.decline(n, format!("call to `{path}`"));
        };
        let Some(f) = tree.root_node().descendant_for_byte_range(start, end) else {
            return self.decline(n, format!("call to `{path}`"));
        };
        let line = self.line(n);
        let ty = Ty::Int(int);
        // The body is lowered where the trait's `impl` stands: no name of
        // the caller's is visible, `Self` is the type, its own bounds are
        // the trait.
        let saved_src = std::mem::replace(&mut self.src, code.as_str());
        let saved_source = std::mem::replace(&mut self.source, usize::MAX);
        let saved_scopes = std::mem::take(&mut self.scopes);
        let saved_closures = std::mem::take(&mut self.closure_depth);
        let saved_args = self.type_args.clone();
        let saved_bounds = self.bounds.clone();
        self.type_args.insert("Self".into(), ty.clone());
        self.bounds.insert("Self".into(), vec![tr]);
        self.inlining += 1;
        self.push_scope(true);
        let result = self.inline_body(f);
        self.inlining -= 1;
        self.src = saved_src;
        self.source = saved_source;
        self.scopes = saved_scopes;
        self.closure_depth = saved_closures;
        self.type_args = saved_args;
        self.bounds = saved_bounds;
        match result {
            Ok(mut e) => {
                e.line = line;
                Ok(e)
            }
            Err(super::Decline(why)) => {
                // The line is the trait's source's, not the file's.
                let why = why
                    .rsplit_once(" at line ")
                    .map_or(why.as_str(), |(w, _)| w);
                self.decline(n, format!("call to `{path}` through its bound: {why}"))
            }
        }
    }

    /// The one expression a trait method of no parameters returns, typed
    /// as its declared result.
    fn inline_body(&mut self, f: Node) -> Res<Expr> {
        if f.kind() != "function_item" {
            return self.decline(f, "not a method");
        }
        self.no_type_parameters(f)?;
        if !named_children(self.child(f, "parameters")?).is_empty() {
            return self.decline(f, "a method with parameters");
        }
        let ret = match f.child_by_field_name("return_type") {
            Some(r) => self.owned_type(r)?,
            None => return self.decline(f, "a method returning nothing"),
        };
        let body = self.child(f, "body")?;
        let items: Vec<Node> = named_children(body)
            .into_iter()
            .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
            .collect();
        let [tail] = items.as_slice() else {
            return self.decline(body, "a body of more than one expression");
        };
        if tail.kind().ends_with("statement")
            || tail.kind() == "let_declaration"
            || has_return(*tail)
        {
            return self.decline(*tail, "a body of more than one expression");
        }
        let e = self.expr_expecting(*tail, Some(&ret))?;
        if self.ty(&e) != ret || !ret.is_int() {
            return self.decline(*tail, format!("a result of type {}", self.ty(&e)));
        }
        Ok(e)
    }

    /// A generic struct's type parameters with their defaults (`struct
    /// S<'a, B: 'a = u32>` has `B`, `u32`); one without a default, or a
    /// `const` one, is declined.
    fn default_params(&self, item: Node) -> Res<Vec<(String, Ty)>> {
        let Some(tp) = item.child_by_field_name("type_parameters") else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for p in named_children(tp) {
            match p.kind() {
                "lifetime_parameter" | "line_comment" | "block_comment" => {}
                "type_parameter" => {
                    let name = self.text(self.child(p, "name")?).to_string();
                    let ty = match p.child_by_field_name("default_type") {
                        Some(d) => self.owned_type(d)?,
                        // Erased: see [`erased`].
                        None => erased(&name),
                    };
                    out.push((name, ty));
                }
                _ => {
                    let what = if item.kind() == "enum_item" {
                        "enum"
                    } else {
                        "struct"
                    };
                    return self
                        .decline(p, format!("generic {what}: parameter `{}`", self.text(p)));
                }
            }
        }
        Ok(out)
    }

    /// `S<u32>` of `struct S<'a, B = u32>`: the instance a generic struct
    /// is translated as, as Rust writes it (`None` for a struct without
    /// type parameters).
    pub(super) fn default_instance_text(&self, item: Node) -> Option<String> {
        let name = self.text(item.child_by_field_name("name")?);
        let defaults: Vec<&str> = named_children(item.child_by_field_name("type_parameters")?)
            .into_iter()
            .filter_map(|p| p.child_by_field_name("default_type"))
            .map(|d| self.text(d))
            .collect();
        (!defaults.is_empty()).then(|| format!("{name}<{}>", defaults.join(", ")))
    }

    /// `S<A, ..>` of a generic struct of the file: the struct, where every
    /// argument is its parameter's default (the instance translated);
    /// another instance is declined. `None` where `S` is no generic struct
    /// of the file.
    pub(super) fn default_instance(
        &self,
        node: Node,
        base: &str,
        args_node: Node,
    ) -> Res<Option<Ty>> {
        let Some(def) = self.structs.get(base).filter(|d| !d.params.is_empty()) else {
            return Ok(None);
        };
        let args = type_arguments(args_node);
        let mut matches = args.len() <= def.params.len();
        for (a, (_, default)) in args.iter().zip(&def.params) {
            // An erased parameter takes any argument (read, as every
            // type the argument's uses may ask of it).
            let arg = self.owned_type(*a)?;
            matches &= matches!(default, Ty::Var(_)) || arg == *default;
        }
        if !matches {
            let defaults: Vec<String> = def.params.iter().map(|(p, _)| p.clone()).collect();
            return self.decline(
                node,
                format!(
                    "`{}`, an instance of `{base}<{}>` other than its default (the one translated)",
                    self.text(node),
                    defaults.join(", ")
                ),
            );
        }
        Ok(Some(Ty::Class(base.to_string())))
    }

    /// A trait declared beside the unit's functions: all its methods
    /// required (signatures only), so it has no code of its own; each
    /// `impl` of it attaches its methods to its struct's class.
    pub(super) fn trait_decl(&self, item: Node) -> Res<()> {
        if let Some(tp) = item.child_by_field_name("type_parameters") {
            // Erased, as in `rust_trait`; a `const` one is declined.
            if let Some(p) = named_children(tp)
                .into_iter()
                .find(|p| p.kind() == "const_parameter")
            {
                return self.decline(p, format!("generic trait: `{}`", self.text(p)));
            }
        }
        let Some(body) = item.child_by_field_name("body") else {
            return Ok(());
        };
        for member in named_children(body) {
            match member.kind() {
                "function_signature_item" | "line_comment" | "block_comment" | "attribute_item" => {
                }
                // `type Output;`: each `impl` names its own (see
                // `assoc_types_of`).
                "associated_type" => {}
                "function_item" => return self.decline(member, "default method of a trait"),
                kind => return self.decline(member, format!("`{kind}` in a trait")),
            }
        }
        Ok(())
    }

    /// The methods of a generic `impl` of a struct of the file (`impl<T>
    /// From<T> for S`), which no unit translates: a call by one of their
    /// names may mean them, so each is a clash.
    fn generic_impl_names(&mut self, item: Node) {
        let (Some(ty), Some(body)) = (
            item.child_by_field_name("type"),
            item.child_by_field_name("body"),
        ) else {
            return;
        };
        let names: Vec<String> = named_children(body)
            .into_iter()
            .filter(|f| matches!(f.kind(), "function_item" | "function_signature_item"))
            .filter_map(|f| f.child_by_field_name("name"))
            .map(|n| self.text(n).to_string())
            .collect();
        let name = self.text(ty);
        if let Some(def) = self.structs.get_mut(name) {
            for n in names {
                if !def.clashes.contains(&n) {
                    def.clashes.push(n);
                }
            }
        }
    }

    /// The trait of a trait `impl` that Rust calls implicitly (`Drop`,
    /// `Deref`, `DerefMut`).
    fn implicit_trait(&self, item: Node) -> Option<&'static str> {
        let name = self.impl_trait(item)?;
        IMPLICIT_TRAITS.iter().find(|i| **i == name).copied()
    }

    /// The name of a trait `impl`'s trait (`Display` of `impl
    /// core::fmt::Display for S`).
    pub(super) fn impl_trait(&self, item: Node) -> Option<&'s str> {
        let t = item.child_by_field_name("trait")?;
        Some(trait_name(self.text(t)))
    }

    /// Whether values of a type print through an `impl Display` of the
    /// file (a struct's class with `__str__`/`toString`).
    pub(super) fn displays(&self, ty: &Ty) -> bool {
        self.def_of(ty).is_some_and(|d| d.display)
    }

    /// `f.write_str(s)` in a `Display` impl's `fmt`: the text `s`.
    pub(super) fn formatter_write_str(&mut self, mc: &super::MethodCall) -> Res<Option<Expr>> {
        let Some(formatter) = self.formatter.clone() else {
            return Ok(None);
        };
        let recv = mc.recv;
        if recv.kind() != "identifier"
            || self.text(recv) != formatter
            || self.lookup(&formatter).is_some()
            || mc.name != "write_str"
            || mc.args.len() != 1
            || mc.turbofish.is_some()
        {
            return Ok(None);
        }
        let text = self.expr_expecting(mc.args[0], Some(&Ty::Str))?;
        if self.ty(&text) != Ty::Str {
            return self.decline(mc.node, "`write_str` of a value that is not a string");
        }
        self.formatter_writes.push(text.id);
        Ok(Some(text))
    }

    /// `fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result` of an `impl
    /// Display`: a method returning the text, named `__str__` (the
    /// JavaScript backend writes `toString`), whose every result is one
    /// `write!(f, ..)` or `f.write_str(..)`; any other use of `f` (a second
    /// write, `f.alternate()`, `Ok(())`) is declined, as `f` is no name of
    /// the method.
    fn display_fmt(&mut self, f: Node) -> Res<Function> {
        let params = named_children(self.child(f, "parameters")?);
        let formatter = match params.as_slice() {
            [s, p] if s.kind() == "self_parameter" && p.kind() == "parameter" => {
                let ty = self.text(self.child(*p, "type")?).replace(' ', "");
                let pat = self.child(*p, "pattern")?;
                if !(ty.starts_with("&mut") && trait_name(&ty[4..]) == "Formatter")
                    || pat.kind() != "identifier"
                {
                    return self.decline(*p, "`fmt` parameter other than `f: &mut Formatter`");
                }
                self.text(pat).to_string()
            }
            _ => return self.decline(f, "`fmt` with other parameters than `&self, f`"),
        };
        let ret = f
            .child_by_field_name("return_type")
            .map(|r| self.text(r).replace(' ', ""))
            .unwrap_or_default();
        // `fmt::Result` is `Result<(), fmt::Error>`, however it is spelt.
        let spelt_out = ret
            .strip_prefix("Result<(),")
            .and_then(|e| e.strip_suffix('>'))
            .is_some_and(|e| matches!(e, "fmt::Error" | "std::fmt::Error" | "core::fmt::Error"));
        if !spelt_out
            && !matches!(
                ret.as_str(),
                "fmt::Result" | "core::fmt::Result" | "std::fmt::Result" | "Result"
            )
        {
            return self.decline(f, format!("`fmt` returning `{ret}`"));
        }
        if self.receiver(params[0])? != Receiver::Shared || self.text(params[0]).contains("mut") {
            return self.decline(params[0], "`fmt` receiver other than `&self`");
        }
        self.no_type_parameters(f)?;
        let steps = self.writes_in_steps(self.child(f, "body")?);
        let saved = self.formatter.replace(formatter.clone());
        let saved_writes = std::mem::take(&mut self.formatter_writes);
        let written = steps.then_some(formatter.as_str());
        let result = self.method_returning_text(f, params[0], written);
        self.formatter = saved;
        let writes = std::mem::replace(&mut self.formatter_writes, saved_writes);
        let function = result?;
        // Each write must be a result: one whose value is dropped or kept
        // in a name (`write!(f, "a"); write!(f, "b")`) wrote text Rust
        // prints and the method would not return.
        let mut returned = HashSet::new();
        crate::engine::rules::ir::for_each_stmt(&function.body, false, &mut |s| {
            if let StmtKind::Return(Some(e)) = &s.kind {
                returned.insert(e.id);
            }
        });
        if writes.iter().any(|w| !returned.contains(w)) {
            return self.decline(f, "`fmt` writing other than as its result");
        }
        Ok(function)
    }

    /// `fn fmt` of an `impl Debug`: as a `Display` impl's, the text it
    /// writes, named `__repr__` (what Python's `repr` and `{!r}` call; the
    /// JavaScript backend writes Node's `util.inspect.custom`), where
    /// `x.fmt(f)` is `Debug`'s (see `delegated_fmt`).
    fn debug_fmt(&mut self, f: Node) -> Res<Function> {
        let saved = std::mem::replace(&mut self.debug_fmt, true);
        let result = self.display_fmt(f);
        self.debug_fmt = saved;
        Ok(Function {
            name: "__repr__".into(),
            ..result?
        })
    }

    fn struct_def(&mut self, item: Node, attrs: &[Node]) -> Res<StructDef> {
        self.with_type_params(item, |this| this.struct_fields(item, attrs))
    }

    /// The declaration `read` gives of the struct or enum `item`, read with
    /// its type parameters bound to their defaults, or erased (see
    /// [`erased`](super::generics::erased)).
    fn with_type_params(
        &mut self,
        item: Node,
        read: impl FnOnce(&Self) -> Res<StructDef>,
    ) -> Res<StructDef> {
        let params = self.default_params(item)?;
        let bound = params.iter().cloned().collect();
        let saved = std::mem::replace(&mut self.type_args, bound);
        let def = read(self);
        self.type_args = saved;
        Ok(StructDef { params, ..def? })
    }

    /// A struct's declaration, its type parameters (if any) bound to their
    /// defaults.
    fn struct_fields(&self, item: Node, attrs: &[Node]) -> Res<StructDef> {
        let name = self.text(self.child(item, "name")?).to_string();
        let mut copy = false;
        let mut derived_default = false;
        let mut derived_eq = false;
        for a in attrs {
            let t = self.text(*a).replace(' ', "");
            if let Some(list) = t
                .strip_prefix("#[derive(")
                .and_then(|r| r.strip_suffix(")]"))
            {
                copy |= list.split(',').any(|d| d == "Copy");
                derived_default |= list.split(',').any(|d| d == "Default");
                derived_eq |= list.split(',').any(|d| d == "PartialEq");
            } else if conditional_derive(self.text(*a)) {
                // Traits (serde's) another build may add: this code calls
                // none of their methods, and `Copy` is not one of them.
            } else if t == "#[cfg(doctest)]" && item.child_by_field_name("body").is_none() {
                // A unit struct only rustdoc's doctests have (`#[doc =
                // include_str!("../README.md")] #[cfg(doctest)] pub struct
                // ReadmeDoctests;`, the holder of a README's examples): no
                // build that runs code has it, so no code names it, and its
                // empty class changes nothing.
            } else if !super::attributes::is_inert(&t)
                // The layout, seen only by unsafe code and FFI (declined).
                && !t.starts_with("#[repr(")
            {
                return self.decline(*a, format!("attribute `{}` of a struct", self.text(*a)));
            }
        }
        let mut fields = Vec::new();
        let mut tuple = false;
        if let Some(body) = item.child_by_field_name("body") {
            match body.kind() {
                "field_declaration_list" => {
                    for f in named_children(body) {
                        self.no_conditional_field(f)?;
                        if f.kind() != "field_declaration" {
                            continue;
                        }
                        let fname = self.text(self.child(f, "name")?).to_string();
                        // `name` is a property of every JavaScript function,
                        // so no static member may have it, but an object's
                        // own field may.
                        if unsafe_member(&fname) && fname != "name" {
                            return self.decline(f, format!("field named `{fname}`"));
                        }
                        let fty = self.child(f, "type")?;
                        self.no_mut_reference(fty)?;
                        let ty = self.owned_type(fty)?;
                        fields.push((fname, ty));
                    }
                }
                "ordered_field_declaration_list" => {
                    tuple = true;
                    for f in named_children(body) {
                        self.no_conditional_field(f)?;
                        if matches!(
                            f.kind(),
                            "visibility_modifier"
                                | "attribute_item"
                                | "line_comment"
                                | "block_comment"
                        ) {
                            continue;
                        }
                        self.no_mut_reference(f)?;
                        let ty = self.owned_type(f)?;
                        fields.push((format!("_{}", fields.len()), ty));
                    }
                }
                other => return self.decline(body, format!("struct body `{other}`")),
            }
        }
        if copy && fields.iter().any(|(_, t)| matches!(t, Ty::List(_))) {
            // `let q = p;` copies the array in Rust and shares it here.
            return self.decline(item, "`Copy` struct holding an array");
        }
        Ok(StructDef {
            name,
            fields,
            tuple,
            copy,
            methods: Vec::new(),
            clashes: Vec::new(),
            display: false,
            variants: None,
            discriminants: None,
            clone: false,
            default_variant: None,
            params: Vec::new(),
            data: Vec::new(),
            conversions: Vec::new(),
            derived_default,
            derived_eq,
            consts: Vec::new(),
            derived_debug: false,
        })
    }

    /// Declines a field under `#[cfg(..)]`: which fields the struct has
    /// (one name may be declared twice, once per feature) depends on the
    /// build.
    fn no_conditional_field(&self, f: Node) -> Res<()> {
        if f.kind() == "attribute_item" && self.text(f).replace(' ', "").starts_with("#[cfg(") {
            return self.decline(f, format!("field under `{}`", self.text(f)));
        }
        Ok(())
    }

    /// Declines a field type holding a `&mut` (`&'a mut u32`): writes
    /// through it reach the borrowed place in Rust, and a stored number or
    /// string of the targets is a copy. (A shared `&'a T` field is read
    /// only, so a copy or a shared object reads the same.)
    fn no_mut_reference(&self, ty: Node) -> Res<()> {
        if ty.kind() == "reference_type" {
            let mut cursor = ty.walk();
            let mutable = ty
                .children(&mut cursor)
                .any(|c| c.kind() == "mutable_specifier");
            if mutable {
                return self.decline(ty, format!("field of type `{}`", self.text(ty)));
            }
        }
        for c in named_children(ty) {
            self.no_mut_reference(c)?;
        }
        Ok(())
    }

    /// A C-like enum: variants without data, with integer discriminants or
    /// none (a discriminant is seen only through `as` casts and `repr`, and an
    /// ordering derive only through comparisons: those uses are declined
    /// where they are written).
    fn enum_def(&mut self, item: Node, attrs: &[Node]) -> Res<StructDef> {
        // A type parameter is erased as a generic struct's (see
        // [`erased`]): `enum E<T> { A(T), B }` is one class for every
        // instance.
        self.with_type_params(item, |this| this.enum_variants(item, attrs))
    }

    /// An enum's declaration, its type parameters (if any) bound as
    /// [`Lower::enum_def`] binds them.
    fn enum_variants(&self, item: Node, attrs: &[Node]) -> Res<StructDef> {
        let name = self.text(self.child(item, "name")?).to_string();
        let (mut copy, mut clone, mut default) = (false, false, false);
        let mut derived_eq = false;
        let mut derived_debug = false;
        for a in attrs {
            let t = self.text(*a).replace(' ', "");
            if let Some(list) = t
                .strip_prefix("#[derive(")
                .and_then(|r| r.strip_suffix(")]"))
            {
                for d in list.split(',').filter(|d| !d.is_empty()) {
                    match d {
                        "Copy" => copy = true,
                        "Clone" => clone = true,
                        "Default" => default = true,
                        "PartialEq" => derived_eq = true,
                        "Debug" => derived_debug = true,
                        "Eq" | "Hash" | "PartialOrd" | "Ord" => {}
                        other => return self.decline(*a, format!("derive `{other}` of an enum")),
                    }
                }
            } else if !super::attributes::is_inert(&t) && !t.starts_with("#[repr(") {
                return self.decline(*a, format!("attribute `{}` of an enum", self.text(*a)));
            }
        }
        let mut variants: Vec<String> = Vec::new();
        let mut discriminants = Some(Vec::new());
        let mut default_variant = None;
        let mut marked_default = false;
        let mut data = Vec::new();
        for v in named_children(self.child(item, "body")?) {
            match v.kind() {
                "line_comment" | "block_comment" => continue,
                "attribute_item" => {
                    let t = self.text(v).replace(' ', "");
                    if t == "#[default]" {
                        marked_default = true;
                    } else if !super::attributes::is_inert(&t) {
                        return self
                            .decline(v, format!("attribute `{}` of a variant", self.text(v)));
                    }
                    continue;
                }
                "enum_variant" => {}
                other => return self.decline(v, format!("`{other}` in an enum")),
            }
            let vname = self.text(self.child(v, "name")?).to_string();
            // A Python keyword (`None`) is written `None_` there (see the
            // backend's `member_name`), so no variant may be named so.
            let keyword = |n: &str| Lang::Python.keywords().contains(&n);
            if (unsafe_member(&vname) && !keyword(&vname))
                || vname.strip_suffix('_').is_some_and(keyword)
                || vname == ENUM_VARIANT_FIELD
                || vname == super::variants::DATA_FIELD
            {
                return self.decline(v, format!("variant named `{vname}`"));
            }
            if v.child_by_field_name("body").is_some() {
                data.push(self.variant_data(v, &vname)?);
                // No discriminant is read of an enum with data (Rust has
                // no `as` cast of one).
                discriminants = None;
                std::mem::take(&mut marked_default);
                variants.push(vname);
                continue;
            }
            // An explicit discriminant (`Ground = 12`) is seen only where
            // a C-like enum's is (casts, `repr`), which are declined: a
            // plain integer is read past; anything else is declined.
            if let Some(value) = v.child_by_field_name("value") {
                let digits = self.text(value).trim_start_matches('-').trim_start();
                if value.kind() != "integer_literal"
                    && !(value.kind() == "unary_expression"
                        && digits.chars().all(|c| c.is_ascii_digit() || c == '_'))
                {
                    return self.decline(v, format!("explicit discriminant of variant `{vname}`"));
                }
            }
            let next = match v.child_by_field_name("value") {
                Some(value) => discriminant(self.text(value)),
                None => discriminants
                    .as_ref()
                    .and_then(|d: &Vec<i128>| d.last().map_or(Some(0), |p| p.checked_add(1))),
            };
            discriminants = discriminants.zip(next).map(|(mut d, n)| {
                d.push(n);
                d
            });
            if std::mem::take(&mut marked_default) {
                default_variant = Some(vname.clone());
            }
            variants.push(vname);
        }
        if variants.is_empty() {
            return self.decline(item, "enum without variants");
        }
        Ok(StructDef {
            name,
            fields: Vec::new(),
            tuple: false,
            copy,
            methods: Vec::new(),
            clashes: Vec::new(),
            display: false,
            variants: Some(variants),
            discriminants,
            clone,
            default_variant: default_variant.filter(|_| default),
            params: Vec::new(),
            data,
            conversions: Vec::new(),
            derived_default: false,
            derived_eq,
            consts: Vec::new(),
            derived_debug,
        })
    }

    /// Whether Rust's `==` of a type is what the targets' value
    /// comparison of its representation gives (`rs_eq`, `rsEq`: objects of
    /// one class field by field, tuples and lists item by item, anything
    /// else by the target's own `==`/`===`): integers, `bool`, strings and
    /// `char`s, C-like enums (each variant one object, named), and
    /// options, tuples and `Vec`s of these, and structs and enums with
    /// data whose `PartialEq` is derived and whose every field is such a
    /// type. Not floats (`NaN`, and Python's `==` of lists takes an item
    /// as equal to itself), maps and sets, type parameters, a hand-written
    /// `PartialEq` (its `eq` may say anything), or a type this unit does
    /// not read.
    pub(super) fn value_equal(&self, ty: &Ty) -> bool {
        self.value_equal_in(ty, &mut Vec::new())
    }

    fn value_equal_in(&self, ty: &Ty, seen: &mut Vec<String>) -> bool {
        match ty {
            Ty::Int(_) | Ty::Bool | Ty::Str | Ty::Char => true,
            // `Option<Option<T>>`: both `None`s are one `None` here.
            Ty::Option(t) => !matches!(**t, Ty::Option(_)) && self.value_equal_in(t, seen),
            Ty::List(t) => self.value_equal_in(t, seen),
            Ty::Tuple(ts) => ts.iter().all(|t| self.value_equal_in(t, seen)),
            Ty::Class(c) => {
                let Some(def) = self.structs.get(c) else {
                    return false;
                };
                if def.variants.is_some() && def.data.is_empty() {
                    return true;
                }
                // A recursive type: its fields are being checked already.
                if seen.contains(c) {
                    return true;
                }
                if !def.derived_eq || !def.params.is_empty() {
                    return false;
                }
                seen.push(c.clone());
                def.fields
                    .iter()
                    .chain(def.data.iter().flat_map(|d| d.fields.iter()))
                    .all(|(_, t)| self.value_equal_in(t, seen))
            }
            _ => false,
        }
    }

    /// Whether a type holds a struct anywhere, not counting C-like enums:
    /// the variants are objects nothing changes, so sharing one is as good
    /// as a copy.
    pub(super) fn holds_struct(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Class(_) => !self.is_enum(ty),
            // An erased type parameter may stand for a struct.
            Ty::Var(_) => true,
            Ty::List(t) | Ty::Set(t) | Ty::Option(t) => self.holds_struct(t),
            Ty::Dict(k, v) => self.holds_struct(k) || self.holds_struct(v),
            Ty::Tuple(ts) => ts.iter().any(|t| self.holds_struct(t)),
            _ => false,
        }
    }

    /// `e as u8` of a C-like enum of the file: its variant's discriminant,
    /// cast to the type as Rust casts an int (`-1` of a `#[repr(i8)]` enum
    /// as `u8` is 255), looked up by the variant's name, which the object
    /// stores: `{"Nop": 0, "Clear": 1}[e._variant]`.
    pub(super) fn enum_as_int(&mut self, value: Expr, to: IntTy, n: Node) -> Res<Expr> {
        let ty = self.ty(&value);
        let Some(def) = self.def_of(&ty).filter(|d| d.variants.is_some()).cloned() else {
            return self.decline(n, format!("`as` from {ty} to {}", Ty::Int(to)));
        };
        let (Some(variants), Some(values)) = (def.variants, def.discriminants) else {
            return self.decline(
                n,
                format!("`as` of `{}`, whose discriminants are not read", def.name),
            );
        };
        let Some((bits, signed)) = to.width() else {
            return self.decline(n, format!("`as` from {ty} to {}", Ty::Int(to)));
        };
        let line = self.line(n);
        let cut = |d| cut_to_width(d, bits, signed);
        if let ExprKind::Variant { name, .. } = &value.kind {
            // `E::V as u8`: the number itself.
            let d = variants
                .iter()
                .position(|v| v == name)
                .and_then(|i| values.get(i));
            if let Some(d) = d.copied().and_then(cut) {
                return Ok(self.int(d, Ty::Int(to), line));
            }
        }
        let mut entries = Vec::new();
        for (v, d) in variants.iter().zip(values) {
            let key = self.lit(Lit::Str(v.clone()), Ty::Str, line);
            let Some(d) = cut(d) else {
                return self.decline(n, format!("`as` from {ty} to {}", Ty::Int(to)));
            };
            let value = self.int(d, Ty::Int(to), line);
            entries.push((key, value));
        }
        let table = self.mk(
            ExprKind::Dict(entries),
            Ty::Dict(Box::new(Ty::Str), Box::new(Ty::Int(to))),
            line,
        );
        let variant = self.mk(
            ExprKind::Attr {
                value: Box::new(value),
                name: ENUM_VARIANT_FIELD.to_string(),
            },
            Ty::Str,
            line,
        );
        Ok(self.index_read(table, variant, Ty::Int(to), line))
    }

    /// Whether a type is a C-like enum of the file (itself, not a type
    /// holding one).
    pub(super) fn is_enum(&self, ty: &Ty) -> bool {
        self.def_of(ty)
            .is_some_and(|d| d.variants.is_some() && d.data.is_empty())
    }

    /// `E::V`, `Self::V`: a variant of an enum of the file, or `None` where
    /// the path names none.
    pub(super) fn variant_path(&mut self, n: Node) -> Res<Option<Expr>> {
        let (Some(path), Some(vname)) =
            (n.child_by_field_name("path"), n.child_by_field_name("name"))
        else {
            return Ok(None);
        };
        let Some(Ty::Class(class)) = self.struct_type(self.text(path)) else {
            return Ok(None);
        };
        // An associated constant (`Effects::BOLD`, `Self::PLAIN`).
        let konst = self.structs.get(&class).and_then(|d| {
            d.consts
                .iter()
                .find(|(c, _)| c == self.text(vname))
                .map(|(_, t)| t.clone())
        });
        if let Some(ty) = konst {
            let line = self.line(n);
            return Ok(Some(self.mk(
                ExprKind::ClassAttr {
                    class,
                    name: self.text(vname).to_string(),
                },
                ty,
                line,
            )));
        }
        let Some(variants) = self.structs.get(&class).and_then(|d| d.variants.clone()) else {
            return Ok(None);
        };
        let vname = self.text(vname).to_string();
        if !variants.contains(&vname) {
            return self.decline(n, format!("`{}`, not a variant of `{class}`", self.text(n)));
        }
        if self.data_variant(n).is_some() {
            return self.decline(
                n,
                format!("variant `{}` with data used as a value", self.text(n)),
            );
        }
        let line = self.line(n);
        Ok(Some(self.mk(
            ExprKind::Variant {
                class: class.clone(),
                name: vname,
            },
            Ty::Class(class),
            line,
        )))
    }

    /// An enum unit's class: a constructor storing the variant's name, and
    /// the variants, each one object of it.
    pub(super) fn enum_class(&mut self, item: Node) -> Res<Class> {
        let name = self.text(self.child(item, "name")?).to_string();
        let (variants, data) = match self.structs.get(&name) {
            Some(StructDef {
                variants: Some(v),
                data,
                ..
            }) => (v.clone(), data.clone()),
            _ => return self.decline(item, "enum"),
        };
        // Only a unit variant is one object made once.
        let variants: Vec<String> = variants
            .into_iter()
            .filter(|v| !data.iter().any(|d| d.name == *v))
            .collect();
        let line = self.line(item);
        let self_ty = Ty::Class(name.clone());
        let field = ENUM_VARIANT_FIELD.to_string();
        let mut params = vec![
            self.param("self".into(), self_ty.clone(), Passing::Owned, line),
            self.param(field.clone(), Ty::Str, Passing::Owned, line),
        ];
        let this = self.name_expr("self", self_ty.clone(), line);
        let value = self.name_expr(&field, Ty::Str, line);
        let mut body = vec![Stmt::new(
            StmtKind::Assign {
                target: Target::Attr {
                    value: Box::new(this),
                    name: field.clone(),
                },
                value,
            },
            line,
        )];
        let mut fields = vec![(field, line)];
        if !data.is_empty() {
            // A data variant's values, as one tuple: none for a unit one.
            let dfield = super::variants::DATA_FIELD.to_string();
            let data_ty = Ty::Tuple(Vec::new());
            let this = self.name_expr("self", self_ty, line);
            let value = self.name_expr(&dfield, data_ty.clone(), line);
            body.push(Stmt::new(
                StmtKind::Assign {
                    target: Target::Attr {
                        value: Box::new(this),
                        name: dfield.clone(),
                    },
                    value,
                },
                line,
            ));
            let mut p = self.param(dfield.clone(), data_ty.clone(), Passing::Owned, line);
            p.default = Some(self.mk(ExprKind::Tuple(Vec::new()), data_ty, line));
            params.push(p);
            fields.push((dfield, line));
        }
        Ok(Class {
            name,
            base: None,
            fields,
            methods: vec![constructor(params, body, line)],
            attributes: Vec::new(),
            variants,
            identity_eq: false,
            data: Vec::new(),
            line,
            comments: Vec::new(),
        })
    }

    /// A method's signature, inside an `impl` whose type is `self_type`.
    pub(super) fn method_sig(&self, f: Node) -> Res<MethodSig> {
        self.erasable_type_parameters(f)?;
        let name = self.text(self.child(f, "name")?).to_string();
        let mut receiver = Receiver::None;
        let mut params = Vec::new();
        for p in named_children(self.child(f, "parameters")?) {
            match p.kind() {
                "self_parameter" => receiver = self.receiver(p)?,
                "parameter" => params.push(self.rust_type(self.child(p, "type")?)?.0),
                other => return self.decline(p, format!("parameter `{other}`")),
            }
        }
        let ret = match f.child_by_field_name("return_type") {
            Some(r) => self.rust_type(r)?.0,
            None => Ty::Unit,
        };
        Ok(MethodSig {
            name,
            receiver,
            params,
            ret,
            inferred: false,
            inherent: false,
        })
    }

    fn receiver(&self, p: Node) -> Res<Receiver> {
        // A lifetime (`&'a self`, `&'a mut self`) only bounds the borrow.
        let t: String = self
            .text(p)
            .split_whitespace()
            .map(|w| if w.starts_with("&'") { "&" } else { w })
            .collect();
        match t.as_str() {
            "&self" | "self" | "mutself" => Ok(Receiver::Shared),
            "&mutself" => Ok(Receiver::Mut),
            _ => self.decline(p, format!("receiver `{}`", self.text(p))),
        }
    }

    /// The struct a type names (`Point`, `Self`), if it is one of the file's.
    pub(super) fn struct_type(&self, name: &str) -> Option<Ty> {
        if name == "Self" {
            return self.self_type.clone().map(Ty::Class);
        }
        self.struct_names
            .contains(name)
            .then(|| Ty::Class(name.to_string()))
    }

    /// Whether `ty` is a struct of the file that is not `Copy`: its
    /// values are objects the targets pass by reference, as `&mut` does,
    /// and Rust moves rather than copies them, so no other name holds the
    /// object a `&mut` parameter changes in place (`*p = v`, which would
    /// not reach the caller, is declined). A `Copy` struct's `&mut self`
    /// methods give back the new value instead (see `updated_receiver`),
    /// which a parameter could not hand on.
    pub(super) fn moved_object(&self, ty: &Ty) -> bool {
        self.def_of(ty)
            .is_some_and(|d| !d.copy && d.variants.is_none())
    }

    pub(super) fn def_of(&self, ty: &Ty) -> Option<&StructDef> {
        match ty {
            Ty::Class(n) => self.structs.get(n),
            _ => None,
        }
    }

    /// A struct unit's class: a constructor that stores each field.
    pub(super) fn class(&mut self, item: Node) -> Res<Class> {
        let name = self.text(self.child(item, "name")?).to_string();
        let Some(def) = self.structs.get(&name).cloned() else {
            if let Some(t) = self.implicit.get(&name) {
                return self.decline(
                    item,
                    format!("struct with an `impl {t}` (Rust calls its methods where the source shows no call)"),
                );
            }
            return self.decline(item, "struct");
        };
        let line = self.line(item);
        let mut methods = Vec::new();
        if !def.fields.is_empty() {
            let self_ty = Ty::Class(name.clone());
            let mut params = vec![self.param("self".into(), self_ty.clone(), Passing::Owned, line)];
            let mut body = Vec::new();
            for (f, ty) in &def.fields {
                let param = self.param(f.clone(), ty.clone(), Passing::Owned, line);
                params.push(param);
                let this = self.name_expr("self", self_ty.clone(), line);
                let value = self.name_expr(f, ty.clone(), line);
                body.push(Stmt::new(
                    StmtKind::Assign {
                        target: Target::Attr {
                            value: Box::new(this),
                            name: f.clone(),
                        },
                        value,
                    },
                    line,
                ));
            }
            methods.push(constructor(params, body, line));
        }
        Ok(Class {
            name,
            base: None,
            fields: def.fields.iter().map(|(f, _)| (f.clone(), line)).collect(),
            methods,
            attributes: Vec::new(),
            variants: Vec::new(),
            identity_eq: false,
            data: Vec::new(),
            line,
            comments: Vec::new(),
        })
    }

    /// Why an `impl` of `name` has no struct to attach to: the file's
    /// struct is declined, or there is none in the file.
    fn not_a_struct(&self, name: &str) -> String {
        if let Some(t) = self.implicit.get(name) {
            // Left out of the structs on purpose (see `implicit_trait`).
            format!("`impl` of `{name}`, a type with `impl {t}` (Rust calls its methods where the source shows no call)")
        } else if self.unreadable.contains(name) {
            format!("`impl` of `{name}`, whose declaration in the file is declined")
        } else {
            format!("`impl` of `{name}`, not a struct of the file")
        }
    }

    /// The associated types a trait `impl`'s body declares (`type Item =
    /// u32;`), by name: only names for the methods' signatures (`Self::Item`),
    /// which the targets, having no such types, need not write. A generic
    /// one (`type Iter<'a> = ..`) is declined.
    pub(super) fn assoc_types_of(&self, body: Node) -> Res<HashMap<String, Ty>> {
        let mut out = HashMap::new();
        for t in named_children(body) {
            if t.kind() != "type_item" {
                continue;
            }
            if let Some(tp) = t.child_by_field_name("type_parameters") {
                return self.decline(tp, "generic associated type");
            }
            let name = self.text(self.child(t, "name")?).to_string();
            let ty = self.owned_type(self.child(t, "type")?)?;
            out.insert(name, ty);
        }
        Ok(out)
    }

    /// An `impl S` or `impl Trait for S` unit: its methods, for the class
    /// of `S`. A trait's methods are the object's methods as an inherent
    /// impl's are (a call names the method, not the trait); a trait Rust
    /// calls implicitly (`Drop`, `Deref`) is declined, as is a method
    /// another `impl` of `S` also declares.
    pub(super) fn impl_block(&mut self, item: Node) -> Res<Impl> {
        if let Some(t) = self.implicit_trait(item) {
            return self.decline(
                item,
                format!("`impl {t}` (Rust calls its methods where the source shows no call)"),
            );
        }
        let Some((name, bound)) = self.impl_type(item) else {
            let base = item
                .child_by_field_name("type")
                .filter(|t| t.kind() == "generic_type")
                .and_then(|t| t.child_by_field_name("type"))
                .map(|b| self.text(b));
            if let Some(base) = base.filter(|b| !self.structs.contains_key(*b)) {
                return self.decline(item, self.not_a_struct(base));
            }
            if let Some(why) = self.generic_impl_reason(item) {
                return self.decline(item, why);
            }
            if item
                .child_by_field_name("type")
                .is_some_and(|t| t.kind() == "generic_type")
            {
                return self.decline(
                    item,
                    "`impl` of a generic struct at types other than its defaults",
                );
            }
            return self.decline(item, "`impl` of a type that is not a plain name");
        };
        let Some(def) = self.structs.get(&name).cloned() else {
            return self.decline(item, self.not_a_struct(&name));
        };
        // `impl<V: Bound> From<V> for S`: Rust's `S::from(s)` of an `S`
        // is the standard `impl<T> From<T> for T` where `S` does not meet
        // the bound, which a call of this `from` would not be.
        if let Some(x) = self.source_of_from_impl(item) {
            if bound.contains_key(self.text(x)) {
                return self.decline(
                    item,
                    format!("`impl From<{}>` of a type parameter", self.text(x)),
                );
            }
        }
        let body = self.child(item, "body")?;
        let display = self.impl_trait(item) == Some("Display");
        let debug = self.impl_trait(item) == Some("Debug");
        let saved = self.self_type.replace(name.clone());
        let (opaque, bounds) = self.opaque_bound_types(item, &bound);
        let saved_opaque = std::mem::replace(&mut self.opaque_types, opaque);
        let saved_bounds = std::mem::replace(&mut self.bounds, bounds);
        let saved_args = std::mem::replace(&mut self.type_args, bound);
        let assoc = self.assoc_types_of(body);
        let saved_assoc = std::mem::replace(
            &mut self.assoc_types,
            assoc.as_ref().cloned().unwrap_or_default(),
        );
        let mut methods = Vec::new();
        let mut attributes = Vec::new();
        let mut pending = Vec::new();
        let result = (|| {
            assoc?;
            for f in named_children(body) {
                match f.kind() {
                    "function_item" => {}
                    // Read by `assoc_types_of`; nothing to write.
                    "type_item" => continue,
                    "line_comment" | "block_comment" => {
                        pending.extend(super::super::comment_lines(&self.src[f.byte_range()]));
                        continue;
                    }
                    "attribute_item" if super::attributes::is_conditional(self.text(f)) => {
                        return self
                            .decline(f, format!("attribute `{}` in an `impl`", self.text(f)));
                    }
                    "attribute_item" => continue,
                    "const_item" => {
                        attributes.push(self.associated_const(f, &def)?);
                        pending.clear();
                        continue;
                    }
                    other => return self.decline(f, format!("`{other}` in an `impl`")),
                }
                let mname = self.text(self.child(f, "name")?).to_string();
                if display || debug {
                    if mname != "fmt" {
                        return self.decline(f, format!("`{mname}` in an `impl Display`"));
                    }
                    let mut function = if debug {
                        self.debug_fmt(f)?
                    } else {
                        self.display_fmt(f)?
                    };
                    function.comments = std::mem::take(&mut pending);
                    methods.push(ClassMethod {
                        kind: MethodKind::Instance,
                        function,
                    });
                    continue;
                }
                // A method named like a Python keyword is stored and called
                // with a trailing `_` there (`from_`), which must be no
                // other method's name.
                let keyword = Lang::Python.keywords().contains(&mname.as_str());
                if (unsafe_member(&mname) && !keyword)
                    || mname.starts_with("__")
                    || (keyword && def.methods.iter().any(|m| m.name == format!("{mname}_")))
                    || mname.strip_suffix('_').is_some_and(|k| {
                        Lang::Python.keywords().contains(&k)
                            && def.methods.iter().any(|m| m.name == k)
                    })
                {
                    return self.decline(f, format!("method named `{mname}`"));
                }
                // An object's own field hides a method of its class: an
                // inherent method named like a field is renamed.
                let target_name = match def.methods.iter().find(|m| m.name == mname) {
                    Some(sig) => method_name(&def, sig),
                    None => Some(mname.clone()),
                };
                let Some(mut target_name) = target_name else {
                    return self.decline(f, format!("method `{mname}` named like a field"));
                };
                // One of several `impl From<X> for S`: its `from` is the
                // branch for `X` of the one dispatching `from`.
                if let (Some(x), "from", true) = (
                    self.source_of_from_impl(item),
                    mname.as_str(),
                    Self::dispatches(&def),
                ) {
                    let source = self.owned_type(x)?;
                    target_name = self.branch_of(&def, &source, item)?;
                    methods.push(self.dispatcher(&def, item)?);
                }
                if def.clashes.contains(&mname) {
                    return self.decline(
                        f,
                        format!("method `{mname}`, which another `impl` of `{name}` declares too"),
                    );
                }
                if def.variants.as_ref().is_some_and(|vs| vs.contains(&mname))
                    || mname == ENUM_VARIANT_FIELD
                    || mname == super::variants::DATA_FIELD
                {
                    return self.decline(f, format!("method `{mname}` named like a variant"));
                }
                let sig = self.method_sig(f)?;
                if sig.receiver == Receiver::Mut && def.variants.is_some() {
                    // Each variant is one object, shared by every value.
                    return self.decline(f, "`&mut self` method of an enum");
                }
                if sig.receiver == Receiver::Mut && def.copy && sig.ret != Ty::Unit {
                    // Its writes are returned as the new value (see
                    // `updated_receiver`), which leaves no room for a result.
                    return self.decline(f, "`&mut self` method of a `Copy` struct with a result");
                }
                let mut function = self.function(f)?;
                function.name = target_name;
                function.comments = std::mem::take(&mut pending);
                let kind = if sig.receiver == Receiver::None {
                    MethodKind::Static
                } else {
                    MethodKind::Instance
                };
                methods.push(ClassMethod { kind, function });
            }
            // Comments after the last method (an item the build leaves
            // out among them, see `crate::cfg`) end its body.
            if let Some(s) = methods.last_mut().and_then(|m| m.function.body.last_mut()) {
                s.comments.after.append(&mut pending);
            }
            Ok(())
        })();
        self.self_type = saved;
        self.type_args = saved_args;
        self.opaque_types = saved_opaque;
        self.bounds = saved_bounds;
        self.assoc_types = saved_assoc;
        result?;
        // An `impl` without methods means nothing in the targets only for
        // a trait that adds no method of its own (`Eq` asks for `==`,
        // which `PartialEq` gave); another trait's default methods, which
        // such an `impl` brings, are not translated.
        // A trait of the file's default methods the `impl` does not write
        // are copied onto the class (see `traits`).
        let written: Vec<String> = named_children(body)
            .into_iter()
            .filter(|f| f.kind() == "function_item")
            .filter_map(|f| f.child_by_field_name("name"))
            .map(|n| self.text(n).to_string())
            .collect();
        // A split `impl`'s skeleton holds a placeholder where each method
        // was (see `split`): which defaults its methods leave to the trait
        // is not known there, nor in one method's unit.
        let skeleton = named_children(body).into_iter().any(|n| {
            n.kind() == "block_comment" && self.text(n).contains(&crate::lang::member_marker(0))
        });
        let inherited = if self.split_member {
            Vec::new()
        } else {
            self.inherited_defaults(item, &def, &written)?
        };
        if skeleton && !inherited.is_empty() {
            return self.decline(
                item,
                "split `impl` of a trait with default methods (which of them its methods write \
                 is not known to the skeleton)",
            );
        }
        if methods.is_empty()
            && attributes.is_empty()
            && inherited.is_empty()
            && !skeleton
            && !self.split_member
        {
            if let Some(t) = self
                .impl_trait(item)
                .filter(|t| !METHODLESS_TRAITS.contains(t))
            {
                return self.decline(
                    item,
                    format!("`impl {t}` without methods (its default methods are not translated)"),
                );
            }
        }
        Ok(Impl {
            class: name,
            methods,
            attributes,
            inherited,
            line: self.line(item),
        })
    }

    /// Why a generic `impl` has no struct of the file to attach to (see
    /// [`Lower::impl_type`]): a blanket `impl<T: Bound> Tr for T` adds
    /// methods to every type, numbers and strings too, which have no
    /// class to hold them; a `const` parameter changes the values.
    fn generic_impl_reason(&self, item: Node) -> Option<String> {
        let tp = item.child_by_field_name("type_parameters")?;
        let ty = item.child_by_field_name("type")?;
        let mut names = Vec::new();
        for p in named_children(tp) {
            match p.kind() {
                "type_parameter" => {
                    names.push(self.text(p.child_by_field_name("name")?).to_string())
                }
                "const_parameter" => {
                    return Some(format!("generic `impl`: `{}`", self.text(p)));
                }
                _ => {}
            }
        }
        let bare = match ty.kind() {
            "reference_type" => ty.child_by_field_name("type")?,
            _ => ty,
        };
        if bare.kind() == "type_identifier" && names.iter().any(|n| n == self.text(bare)) {
            return Some(format!(
                "blanket `impl` for every type `{}` (the targets' numbers and strings have no class to hold its methods)",
                self.text(ty)
            ));
        }
        if ty.kind() == "reference_type"
            && ty
                .children(&mut ty.walk())
                .any(|c| c.kind() == "mutable_specifier")
        {
            return Some(format!(
                "`impl` for `{}`, a `&mut` reference",
                self.text(ty)
            ));
        }
        Some(format!(
            "generic `impl` for `{}`, not a struct or enum of the file",
            self.text(ty)
        ))
    }

    /// `const BOLD: Self = Self(1 << 0);` in an `impl S`: a static
    /// attribute of `S`'s class, made once after the `impl`'s methods. Rust
    /// makes the value anew at each use; one shared object is as good only
    /// for a value no write changes in place: a number, `bool`, `char`,
    /// string, C-like enum or `Copy` struct (every write into one is a
    /// fresh copy's, see `fresh_receiver`). Other types, and a name the
    /// class's fields, methods or variants use, are declined.
    fn associated_const(&mut self, f: Node, def: &StructDef) -> Res<ClassAttribute> {
        let name = self.text(self.child(f, "name")?).to_string();
        let ty = self.owned_type(self.child(f, "type")?)?;
        let Some(value) = f.child_by_field_name("value") else {
            return self.decline(f, format!("associated `const {name}` without a value"));
        };
        let shared_ok = match &ty {
            Ty::Int(_) | Ty::Float(_) | Ty::Bool | Ty::Char | Ty::Str => true,
            Ty::Class(_) => self
                .def_of(&ty)
                .is_some_and(|d| d.copy || (d.variants.is_some() && d.data.is_empty())),
            _ => false,
        };
        if !shared_ok {
            return self.decline(f, format!("associated `const {name}` of type {ty}"));
        }
        if def.fields.iter().any(|(n, _)| *n == name)
            || def.methods.iter().any(|m| m.name == name)
            || def.variants.as_ref().is_some_and(|v| v.contains(&name))
            || unsafe_member(&name)
            || name.starts_with("__")
            || Lang::Python.keywords().contains(&name.as_str())
        {
            return self.decline(
                f,
                format!("associated `const {name}`, a name the class uses"),
            );
        }
        let value = self.expr_expecting(value, Some(&ty))?;
        if !self.pre.is_empty() {
            return self.decline(f, format!("associated `const {name}` computed in steps"));
        }
        Ok(ClassAttribute {
            name,
            value,
            line: self.line(f),
        })
    }

    /// A method of `self` alone whose body's results are its text (a
    /// `Display` impl's `fmt`): `__str__`, returning a string. With
    /// `written` (the `Formatter`'s name), the body writes in steps to a
    /// local of that name, which starts empty (see [`super::formatter`]).
    fn method_returning_text(
        &mut self,
        f: Node,
        receiver: Node,
        written: Option<&str>,
    ) -> Res<Function> {
        let saved_scopes = std::mem::take(&mut self.scopes);
        let saved_closures = std::mem::take(&mut self.closure_depth);
        let saved_ret = self.function_ret.replace(Ty::Str);
        self.push_scope(true);
        let result = (|| {
            let this = self.self_param(receiver)?;
            let body = self.child(f, "body")?;
            let body = match written {
                // The body's own names in a scope of their own, so that
                // one named like the text written (`let f = ..`) is
                // renamed, not the text overwritten.
                Some(name) => {
                    let start = self.start_written(name, self.line(body));
                    let rest = self.block(body, super::Tail::Return, true)?;
                    [start, rest].concat()
                }
                None => self.block(body, super::Tail::Return, false)?,
            };
            Ok(Function {
                name: "__str__".into(),
                params: vec![this],
                ret: Ty::Str,
                body,
                line: self.line(f),
                comments: Vec::new(),
                nonlocal: Vec::new(),
                declared: Vec::new(),
            })
        })();
        self.scopes = saved_scopes;
        self.closure_depth = saved_closures;
        self.function_ret = saved_ret;
        result
    }

    /// `self`, `&self`, `&mut self` or `self` by value as a method's first
    /// parameter: named `self`, of the impl's struct.
    pub(super) fn self_param(&mut self, p: Node) -> Res<Param> {
        let Some(ty) = self
            .struct_type("Self")
            .or_else(|| self.primitive_self.clone())
        else {
            return self.decline(p, "method (`self` parameter)");
        };
        let receiver = self.receiver(p)?;
        let target = self.bind("self", ty.clone());
        let passing = if receiver == Receiver::Shared {
            Passing::Owned
        } else {
            Passing::Borrowed
        };
        Ok(self.param(target, ty, passing, self.line(p)))
    }

    /// `mut self` of a `Copy` struct whose body stores into a field of
    /// `self` (`self.0 |= other.0; self`): Rust's `self` is a copy of the
    /// caller's value, the targets' the caller's object, which other names
    /// may share. The body works on a shallow copy, bound as a local of
    /// its own (a JavaScript method cannot assign `this`): exact, as every
    /// field of a `Copy` struct is `Copy` and no translated code changes
    /// one in place but such a fresh copy. The copy must stay unshared
    /// while stores change it, so `self` may only be read through a field
    /// (`self.x`, not a method call on `self`), stored into, and be the
    /// body's tail or a `return`'s value; any other use of it whole is
    /// declined. A non-`Copy` struct's `mut self` was moved from the
    /// caller, so no one sees the object change and nothing is copied.
    /// Returns the copy's statement and binds `self` to the copy in a new
    /// scope; `None` where no store into `self`'s fields is written.
    pub(super) fn fresh_receiver(&mut self, f: Node, receiver: &Param) -> Res<Option<Stmt>> {
        let Some(p) = named_children(self.child(f, "parameters")?)
            .into_iter()
            .find(|p| p.kind() == "self_parameter")
        else {
            return Ok(None);
        };
        let written = self.text(p).replace(' ', "");
        if written == "&mutself" && self.def_of(&receiver.ty).is_some_and(|d| d.copy) {
            return self.updated_receiver(f, p, receiver);
        }
        let mutable = written == "mutself";
        if !mutable || !self.def_of(&receiver.ty).is_some_and(|d| d.copy) {
            return Ok(None);
        }
        let body = self.child(f, "body")?;
        let mut selves = Vec::new();
        let mut stores = false;
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            if n.kind() == "self" {
                selves.push(n);
            }
            stores |= stores_into_field_of(n, |v| v.kind() == "self");
            stack.extend(named_children(n));
        }
        if !stores {
            return Ok(None);
        }
        let tail = named_children(body)
            .into_iter()
            .rfind(|c| !matches!(c.kind(), "line_comment" | "block_comment"));
        for s in selves {
            if !unshared_use(s, tail) {
                return self.decline(
                    s,
                    "`self` used whole in a `mut self` method of a `Copy` struct that stores into its fields (the copy it changes would be shared)",
                );
            }
        }
        let (_, stmt) = self.receiver_local(receiver, true, self.line(p));
        Ok(Some(stmt))
    }

    /// The local a method of a `Copy` struct works on in place of `self`,
    /// in a scope of its own: a shallow copy of the receiver where `copied`
    /// (then `fresh_self`, whose fields stores may change), else the
    /// receiver itself. Gives its name and the statement that binds it.
    fn receiver_local(&mut self, receiver: &Param, copied: bool, line: usize) -> (String, Stmt) {
        let original = self.name_expr(&receiver.name, receiver.ty.clone(), line);
        let value = if copied {
            self.shallow_copy(original, &receiver.ty, line)
        } else {
            original
        };
        self.push_scope(false);
        let name = self.bind("self", receiver.ty.clone());
        if copied {
            self.fresh_self = Some(name.clone());
        }
        let assign = self.assign_name(name.clone(), receiver.ty.clone(), value, line);
        (name, assign)
    }

    /// A shallow copy of `value`, a `Copy` struct of type `ty` (`copy.copy`,
    /// `rsCopyObject`): exact, as no field of a `Copy` struct is changed in
    /// place (see the module doc).
    pub(super) fn shallow_copy(&mut self, value: Expr, ty: &Ty, line: usize) -> Expr {
        self.mk(
            ExprKind::Builtin {
                op: Builtin::ShallowCopy,
                args: vec![value],
                keywords: Vec::new(),
            },
            ty.clone(),
            line,
        )
    }

    /// `&mut self` of a `Copy` struct, in a method without a result
    /// (`fn bitor_assign(&mut self, other: Self) { *self =
    /// self.insert(other); }`): the targets share a `Copy` struct's object
    /// between every name that copied it, so the method cannot change the
    /// caller's object. It returns the new value instead, and its callers
    /// store it back into the place Rust borrows (`place op= v` is `place =
    /// place.op_assign(v)`, see `struct_compound`; other calls stay
    /// declined). The body works on a local of its own bound to `self`:
    /// `*self = e` assigns that local, and the function returns it at its
    /// end (a `return` inside is declined). Where the body stores into a
    /// field of `self` the local is a shallow copy, under the rule of
    /// `fresh_receiver` (`self` only read through a field, stored into, or
    /// assigned whole by `*self = e`); else it is `self` itself, which
    /// nothing then changes in place. Returns the binding's statement and
    /// records the local in `updated_self`.
    fn updated_receiver(&mut self, f: Node, p: Node, receiver: &Param) -> Res<Option<Stmt>> {
        if let Some(r) = f.child_by_field_name("return_type") {
            return self.decline(r, "`&mut self` method of a `Copy` struct with a result");
        }
        let body = self.child(f, "body")?;
        let mut selves = Vec::new();
        let mut stores = false;
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "self" => selves.push(n),
                "return_expression" => {
                    return self.decline(
                        n,
                        "`return` in a `&mut self` method of a `Copy` struct (its end returns the new value)",
                    );
                }
                "closure_expression" if self.text(n).contains("self") => {
                    return self.decline(
                        n,
                        "closure reading `self` in a `&mut self` method of a `Copy` struct",
                    );
                }
                _ => {}
            }
            stores |= stores_into_field_of(n, |v| v.kind() == "self");
            stack.extend(named_children(n));
        }
        if stores {
            for s in selves {
                if !(unshared_use(s, None) || reassigned_whole(s)) {
                    return self.decline(
                        s,
                        "`self` used whole in a `&mut self` method of a `Copy` struct that stores into its fields (the copy it changes would be shared)",
                    );
                }
            }
        }
        let (name, stmt) = self.receiver_local(receiver, stores, self.line(p));
        self.updated_self = Some(name);
        Ok(Some(stmt))
    }

    /// `place op= v` where `place` holds a `Copy` struct whose `impl
    /// OpAssign` the unit knows (`effects |= other`, `self.effects -=
    /// other`): that method returns the new value (`updated_receiver`), so
    /// this is `place = place.op_assign(v)`. `place` is read and stored
    /// again, so it must be a name or a field of one (a field chain); an
    /// indexed place is declined. `None` where the place's type is not
    /// such a struct.
    pub(super) fn struct_compound(
        &mut self,
        target: &Target,
        tt: &Ty,
        op: &str,
        e: Node,
    ) -> Res<Option<Stmt>> {
        let Some(def) = self.def_of(tt).cloned() else {
            return Ok(None);
        };
        if !def.copy || def.variants.is_some() {
            return Ok(None);
        }
        let Some(method) = op_assign_method(op) else {
            return Ok(None);
        };
        let Some(sig) = def.methods.iter().find(|m| m.name == method).cloned() else {
            return Ok(None);
        };
        if sig.receiver != Receiver::Mut || sig.ret != Ty::Unit || sig.params.len() != 1 {
            return self.decline(e, format!("`{op}` through `{method}` of `{}`", def.name));
        }
        if def.clashes.iter().any(|c| *c == method) {
            return self.decline(
                e,
                format!("`{op}` through `{method}`, which two `impl`s declare"),
            );
        }
        let Some(target_name) = method_name(&def, &sig) else {
            return self.decline(e, format!("`{op}` through `{method}`, named like a field"));
        };
        let line = self.line(e);
        let read = match target {
            Target::Name { name, .. } => self.name_expr(name, tt.clone(), line),
            Target::Attr { value, name } if is_field_chain(value) => self.mk(
                ExprKind::Attr {
                    value: value.clone(),
                    name: name.clone(),
                },
                tt.clone(),
                line,
            ),
            _ => return self.decline(e, format!("`{op}` of a struct into a computed place")),
        };
        let value = self.expr_expecting(self.child(e, "right")?, sig.params.first())?;
        let call = self.mk(
            ExprKind::CallMethod {
                recv: Box::new(read),
                name: target_name,
                args: vec![value],
            },
            tt.clone(),
            line,
        );
        Ok(Some(Stmt::new(
            StmtKind::Assign {
                target: target.clone(),
                value: call,
            },
            line,
        )))
    }

    /// The `let mut q = ..;` statements directly in a function's body
    /// (run once) after which the body stores into a field of `q`
    /// (`q.x += 1`): where `q` is then a `Copy` struct, its value is
    /// copied at the binding (`let_declaration`), so the stores change no
    /// other name's object. As for `fresh_receiver`, the copy must stay
    /// unshared: after the `let`, `q` may only be read through a field
    /// (not a method call on `q`), stored into, and be the body's tail or
    /// a `return`'s value; a `let` where it is used otherwise is left
    /// out, and its stores are declined as before. Another binding of the
    /// name ends the copy's standing (`bind`).
    pub(super) fn copied_lets(&self, body: Node) -> HashSet<usize> {
        let mut out = HashSet::new();
        let items: Vec<Node> = named_children(body)
            .into_iter()
            .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
            .collect();
        let tail = items.last().copied();
        for (i, item) in items.iter().enumerate() {
            if item.kind() != "let_declaration" {
                continue;
            }
            // `let mut q` (a `mutable_specifier` before the pattern).
            let mutable = named_children(*item)
                .iter()
                .any(|c| c.kind() == "mutable_specifier");
            let Some(id) = item
                .child_by_field_name("pattern")
                .filter(|p| mutable && p.kind() == "identifier")
            else {
                continue;
            };
            let name = self.text(id);
            let mut stores = false;
            let mut uses_ok = true;
            let mut stack: Vec<Node> = items[i + 1..].to_vec();
            while let Some(n) = stack.pop() {
                stores |=
                    stores_into_field_of(n, |v| v.kind() == "identifier" && self.text(v) == name);
                if n.kind() == "identifier" && self.text(n) == name {
                    uses_ok &= unshared_use(n, tail);
                }
                stack.extend(named_children(n));
            }
            if stores && uses_ok {
                out.insert(item.id());
            }
        }
        out
    }

    /// `p.x`, `self.0`: a field read of a struct value.
    pub(super) fn field(&mut self, value: Expr, field: Node, n: Node) -> Res<Expr> {
        let Some(def) = self.def_of(&self.ty(&value)).cloned() else {
            return self.decline(
                n,
                "field of a struct whose declaration the unit does not show",
            );
        };
        let raw = self.text(field);
        let fname = def.field_key(raw);
        let Some((_, ty)) = def.fields.iter().find(|(f, _)| *f == fname) else {
            return self.decline(n, format!("field `{raw}` of `{}`", def.name));
        };
        let line = self.line(n);
        Ok(self.mk(
            ExprKind::Attr {
                value: Box::new(value),
                name: fname,
            },
            ty.clone(),
            line,
        ))
    }

    /// `p.x = v`, `self.0 += 1`: a store into a field; declined into a
    /// `Copy` struct, which another name may hold a copy of, except into
    /// the fresh copy a `mut self` method works on (`fresh_receiver`).
    pub(super) fn field_target(&mut self, left: Node) -> Res<Target> {
        let value = self.expr(self.child(left, "value")?)?;
        let fresh = matches!(&value.kind, ExprKind::Name(n)
            if self.fresh_self.as_ref() == Some(n) || self.fresh_locals.contains(n));
        if !fresh && self.def_of(&self.ty(&value)).is_some_and(|d| d.copy) {
            return self.decline(left, "store into a field of a `Copy` struct");
        }
        let read = self.field(value, self.child(left, "field")?, left)?;
        match read.kind {
            ExprKind::Attr { value, name } => Ok(Target::Attr { value, name }),
            _ => self.decline(left, "assignment to a field"),
        }
    }

    /// The type of a field store's target.
    pub(super) fn attr_type(&self, value: &Expr, name: &str) -> Ty {
        self.def_of(&self.ty(value))
            .and_then(|d| d.fields.iter().find(|(f, _)| f == name))
            .map_or(Ty::Unknown, |(_, t)| t.clone())
    }

    /// `S { a, b: 2 }`, `Self { .. }`: the fields in declared order. Where
    /// the literal names them in another order, each value must be a name
    /// or a literal, whose order of evaluation nothing can tell.
    pub(super) fn struct_literal(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let name = self.child(n, "name")?;
        if name.kind() == "scoped_type_identifier" {
            if let Some((class, vd)) = self.data_variant(name) {
                return self.variant_literal(n, class, &vd);
            }
        }
        let line = self.line(n);
        let tname = self.text(self.child(n, "name")?);
        let Some(Ty::Class(class)) = self.struct_type(tname) else {
            return self.decline(n, format!("struct `{tname}` the unit does not declare"));
        };
        self.pinned_instance(tname, &class, exp, n)?;
        let Some(def) = self.structs.get(&class).cloned() else {
            return self.decline(n, format!("struct `{tname}` the unit does not declare"));
        };
        let mut given: HashMap<String, Expr> = HashMap::new();
        let mut order = Vec::new();
        for (f, fname, value) in self.literal_fields(n, "struct")? {
            let key = if def.tuple {
                format!("_{fname}")
            } else {
                fname.clone()
            };
            let Some((_, ty)) = def.fields.iter().find(|(k, _)| *k == key) else {
                return self.decline(f, format!("field `{fname}` of `{class}`"));
            };
            let e = self.expr_expecting(value, Some(ty))?;
            order.push(key.clone());
            given.insert(key, e);
        }
        let declared: Vec<String> = def.fields.iter().map(|(f, _)| f.clone()).collect();
        let simple = given
            .values()
            .all(|e| matches!(e.kind, ExprKind::Name(_) | ExprKind::Lit(_)));
        if order != declared && !simple {
            return self.decline(n, "struct literal whose fields are not in declared order");
        }
        let mut args = Vec::new();
        for f in &declared {
            match given.remove(f) {
                Some(e) => args.push(e),
                None => return self.decline(n, format!("struct literal without field `{f}`")),
            }
        }
        Ok(self.mk(ExprKind::New { class, args }, Ty::Class(def.name), line))
    }

    /// The fields a struct (or struct variant) literal writes, in the
    /// written order: each initializer, its field's name and its value
    /// (the name itself for a shorthand `S { x }`). `..base` is declined.
    pub(super) fn literal_fields<'t>(
        &self,
        n: Node<'t>,
        what: &str,
    ) -> Res<Vec<(Node<'t>, String, Node<'t>)>> {
        let mut out = Vec::new();
        for f in named_children(self.child(n, "body")?) {
            match f.kind() {
                "shorthand_field_initializer" => {
                    let Some(id) = named_children(f).into_iter().next() else {
                        return self.decline(f, format!("{what} literal field"));
                    };
                    out.push((f, self.text(id).to_string(), id));
                }
                "field_initializer" => {
                    let fname = self.text(self.child(f, "field")?).to_string();
                    out.push((f, fname, self.child(f, "value")?));
                }
                "base_field_initializer" => {
                    return self.decline(f, format!("`..base` in a {what} literal"))
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// A value of a generic struct built by its name (`S { .. }`, `S(..)`,
    /// `S::new()` of a generic `impl`): Rust infers its instance from
    /// where the value goes, so that must be a place of the default
    /// instance's type (a declared type, a parameter, the function's
    /// result). `Self` is the `impl`'s own instance, the default. A
    /// struct whose parameters are all erased is one class for every
    /// instance, so any place takes it.
    fn pinned_instance(&self, owner: &str, class: &str, exp: Option<&Ty>, n: Node) -> Res<()> {
        let generic = self.structs.get(class).is_some_and(|d| {
            d.params
                .iter()
                .any(|(_, default)| !matches!(default, Ty::Var(_)))
        });
        if !generic || owner == "Self" || exp == Some(&Ty::Class(class.to_string())) {
            return Ok(());
        }
        self.decline(
            n,
            format!(
                "`{owner}` of a generic struct built where Rust infers its instance \
                 (only the default instance is translated: give the value a declared type)"
            ),
        )
    }

    /// `S(1, 2)` of a tuple struct, or `S` of a unit struct.
    pub(super) fn construct(
        &mut self,
        name: &str,
        args: &[Node],
        n: Node,
        exp: Option<&Ty>,
    ) -> Res<Expr> {
        let line = self.line(n);
        let Some(Ty::Class(class)) = self.struct_type(name) else {
            return self.decline(n, format!("call to `{name}`"));
        };
        self.pinned_instance(name, &class, exp, n)?;
        let Some(def) = self.structs.get(&class).cloned() else {
            return self.decline(n, format!("struct `{name}` the unit does not declare"));
        };
        if def.fields.len() != args.len() || (!def.tuple && !args.is_empty()) {
            return self.decline(n, format!("`{name}` with {} values", args.len()));
        }
        let tys: Vec<Ty> = def.fields.iter().map(|(_, t)| t.clone()).collect();
        let args = self.call_args(args, &tys)?;
        Ok(self.mk(ExprKind::New { class, args }, Ty::Class(def.name), line))
    }

    /// `S::f(..)`, `Self::new(..)`: an associated function of a struct.
    pub(super) fn static_call(
        &mut self,
        owner: &str,
        fname: &str,
        args: &[Node],
        n: Node,
        exp: Option<&Ty>,
    ) -> Res<Option<Expr>> {
        let Some(Ty::Class(class)) = self.struct_type(owner) else {
            return Ok(None);
        };
        let Some(def) = self.structs.get(&class).cloned() else {
            return self.decline(n, format!("struct `{owner}` the unit does not declare"));
        };
        if self.traits.contains_key(&class) {
            // Inside a trait's default method: the implementing type's.
            return self.decline(
                n,
                format!("`{owner}::{fname}` in a trait's default method (the implementing type's, which the trait does not know)"),
            );
        }
        if let (Some(v), "default", []) = (&def.default_variant, fname, args) {
            if !def.methods.iter().any(|m| m.name == "default") {
                let line = self.line(n);
                return Ok(Some(self.mk(
                    ExprKind::Variant {
                        class: class.clone(),
                        name: v.clone(),
                    },
                    Ty::Class(class),
                    line,
                )));
            }
        }
        if let ("from", [x], true) = (fname, args, Self::dispatches(&def)) {
            if let Some(call) = self.conversion_call(*x, &Ty::Class(class.clone()), n)? {
                return Ok(Some(call));
            }
        }
        let Some(sig) = def.methods.iter().find(|m| m.name == fname).cloned() else {
            return self.decline(
                n,
                format!("`{owner}::{fname}`, not a method the file declares"),
            );
        };
        if def.clashes.iter().any(|c| c == fname) {
            return self.decline(n, format!("`{owner}::{fname}`, which two `impl`s declare"));
        }
        if sig.receiver != Receiver::None {
            return self.decline(n, format!("method `{fname}` called by its path"));
        }
        let Some(target_name) = method_name(&def, &sig) else {
            return self.decline(
                n,
                format!("`{owner}::{fname}`, named like a field of `{class}`"),
            );
        };
        if sig.inferred {
            self.pinned_instance(owner, &class, exp, n)?;
        }
        let args = self.call_args(args, &sig.params)?;
        let line = self.line(n);
        Ok(Some(self.mk(
            ExprKind::CallStatic {
                class,
                name: target_name,
                args,
                of_receiver: false,
            },
            sig.ret,
            line,
        )))
    }

    /// The struct a method call's receiver is, as `struct_value_type`
    /// reads it (so the call may be lowered as a method of the struct
    /// before the receiver is).
    pub(super) fn receiver_struct(&self, recv: Node) -> Option<String> {
        match self.struct_value_type(recv)? {
            Ty::Class(c) => Some(c),
            _ => None,
        }
    }

    /// `p.area()`, `self.shift(1)`: a method of the receiver's struct.
    pub(super) fn method_of_struct(
        &mut self,
        class: &str,
        recv: Node,
        name: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Expr> {
        if class == super::writer::WRITER {
            let recv = self.expr(recv)?;
            return self.writer_method(recv, name, args, n);
        }
        let Some(def) = self.structs.get(class).cloned() else {
            return self.decline(n, format!("method `{name}` of `{class}`"));
        };
        if name == "to_string"
            && args.is_empty()
            && def.display
            && !def.methods.iter().any(|m| m.name == "to_string")
        {
            // `ToString` of a `Display` type: its text, as `{}` prints it.
            let value = self.expr(recv)?;
            let line = self.line(n);
            let part = crate::engine::rules::ir::FormatPart::Value {
                expr: value,
                spec: None,
            };
            return Ok(self.mk(ExprKind::Format(vec![part]), Ty::Str, line));
        }
        if name == "clone"
            && args.is_empty()
            && def.variants.is_some()
            && def.clone
            && !def.methods.iter().any(|m| m.name == "clone")
        {
            // A variant is one object that nothing changes: its clone is
            // itself.
            return self.expr(recv);
        }
        let Some(sig) = def.methods.iter().find(|m| m.name == name).cloned() else {
            return self.decline(
                n,
                format!("method `{name}` of `{class}`, not one its `impl` blocks declare"),
            );
        };
        if def.clashes.iter().any(|c| c == name) {
            return self.decline(
                n,
                format!("method `{name}` of `{class}`, which two `impl`s declare"),
            );
        }
        // The `impl` declaring it is declined (an object's own field hides
        // a method of its class, see `method_name`): the call would reach
        // the field.
        let Some(target_name) = method_name(&def, &sig) else {
            return self.decline(
                n,
                format!("method `{name}` of `{class}`, named like one of its fields"),
            );
        };
        if sig.receiver == Receiver::None {
            return self.decline(n, format!("associated function `{name}` called on a value"));
        }
        if sig.receiver == Receiver::Mut && def.variants.is_some() {
            return self.decline(n, format!("`&mut self` method `{name}` of an enum"));
        }
        if sig.receiver == Receiver::Mut && def.copy {
            return self.decline(n, format!("`&mut self` method `{name}` of a `Copy` struct"));
        }
        let recv = self.expr(recv)?;
        let args = self.call_args(args, &sig.params)?;
        let line = self.line(n);
        Ok(self.mk(
            ExprKind::CallMethod {
                recv: Box::new(recv),
                name: target_name,
                args,
            },
            sig.ret,
            line,
        ))
    }
}

/// The value of an enum discriminant's text (`12`, `-1`, `0x0f`, `1_000`,
/// `3u8`), or `None` for a form not read.
fn discriminant(text: &str) -> Option<i128> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.as_str()),
    };
    let (radix, digits) = match t.get(..2) {
        Some("0x") => (16, &t[2..]),
        Some("0o") => (8, &t[2..]),
        Some("0b") => (2, &t[2..]),
        _ => (10, t),
    };
    // A type suffix (`3u8`, `7i32`); hex digits never hold `u` or `i`.
    let digits = digits.find(['u', 'i']).map_or(digits, |at| &digits[..at]);
    let value = i128::from_str_radix(digits, radix).ok()?;
    Some(if negative { -value } else { value })
}

/// `v` cut to `bits` bits, as Rust's `as` between ints: the low bits,
/// read as signed where `signed`.
/// `None` for a negative value as `u128`, which no `i128` holds.
fn cut_to_width(v: i128, bits: u32, signed: bool) -> Option<i128> {
    if bits >= 128 {
        return (signed || v >= 0).then_some(v);
    }
    let low = v & ((1i128 << bits) - 1);
    Some(if signed && low >= 1i128 << (bits - 1) {
        low - (1i128 << bits)
    } else {
        low
    })
}

/// The `__init__` a translated struct or enum class gets: its parameters
/// (`self` first) and the stores of its fields.
fn constructor(params: Vec<Param>, body: Vec<Stmt>, line: usize) -> ClassMethod {
    ClassMethod {
        kind: MethodKind::Constructor,
        function: Function {
            name: "__init__".into(),
            params,
            ret: Ty::Unit,
            body,
            line,
            comments: Vec::new(),
            nonlocal: Vec::new(),
            declared: Vec::new(),
        },
    }
}

/// Whether `n` stores into a field of a value `base` accepts
/// (`self.x = ..`, `q.0 += ..`).
fn stores_into_field_of(n: Node, base: impl Fn(Node) -> bool) -> bool {
    matches!(
        n.kind(),
        "assignment_expression" | "compound_assignment_expr"
    ) && n
        .child_by_field_name("left")
        .filter(|l| l.kind() == "field_expression")
        .and_then(|l| l.child_by_field_name("value"))
        .is_some_and(base)
}

/// `*self` as the left side of an assignment (`*self = e`), which
/// rebinds the local a `&mut self` method of a `Copy` struct works on.
fn reassigned_whole(n: Node) -> bool {
    n.parent().is_some_and(|u| {
        u.kind() == "unary_expression"
            && u.parent().is_some_and(|a| {
                a.kind() == "assignment_expression" && a.child_by_field_name("left") == Some(u)
            })
    })
}

/// The method of the `impl OpAssign` that `op` calls (`|=`: `bitor_assign`).
fn op_assign_method(op: &str) -> Option<&'static str> {
    Some(match op {
        "+=" => "add_assign",
        "-=" => "sub_assign",
        "*=" => "mul_assign",
        "/=" => "div_assign",
        "%=" => "rem_assign",
        "&=" => "bitand_assign",
        "|=" => "bitor_assign",
        "^=" => "bitxor_assign",
        "<<=" => "shl_assign",
        ">>=" => "shr_assign",
        _ => return None,
    })
}

/// A name, or a field of a field chain of one: read twice, it gives the
/// same object both times.
fn is_field_chain(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name(_) => true,
        ExprKind::Attr { value, .. } => is_field_chain(value),
        _ => false,
    }
}

/// Whether a use `n` of a copied `Copy` struct's name leaves the copy
/// unshared: the base of a field read or store (not of a method call,
/// which may keep the object), or the value the body returns (`tail`, its
/// last expression, or a `return`).
fn unshared_use(n: Node, tail: Option<Node>) -> bool {
    let parent = n.parent();
    let field_base = parent.is_some_and(|q| {
        q.kind() == "field_expression"
            && q.child_by_field_name("value") == Some(n)
            && !q.parent().is_some_and(|c| {
                c.kind() == "call_expression" && c.child_by_field_name("function") == Some(q)
            })
    });
    field_base || tail == Some(n) || parent.is_some_and(|q| q.kind() == "return_expression")
}
