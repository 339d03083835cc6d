//! Traits' default methods. A trait with default methods is a class of
//! its name holding them (`class Shape:` with `Shape.describe =
//! _Shape_describe`, `Shape.prototype.describe = function () { .. }`), and
//! each `impl Trait for S` copies onto `S`'s class the default methods it
//! does not write (`S.describe = Shape.describe`, `S.prototype.describe =
//! Shape.prototype.describe;`): the impl's own method takes precedence, as
//! in Rust, and the copy is one line per method in both targets (JavaScript
//! has no multiple inheritance, and a Python class's bases are fixed where
//! another unit defines it).
//!
//! Inside a default method `self` is a value of the implementing type,
//! which the trait does not know: a method call on it (`self.area()`)
//! dispatches on the object at run time, which is Rust's static dispatch
//! where each implementing type is a class with that method, as every
//! `impl` of a struct or enum of the file makes it. What depends on the
//! type is declined: a call through `Self::` (an associated function or
//! constant of the implementing type), a default method without a receiver
//! (it could only reach the type through `Self::`), and copying a `&mut
//! self` method onto a `Copy` struct or an enum (whose `&mut self` methods
//! return the new value, or are declined: see `types.rs`). A primitive type
//! implementing the trait (`impl Tr for u32`) is declined as before, and a
//! call of a default method on a number is then declined too (it is no
//! struct of the file).

use std::collections::HashMap;

use tree_sitter::Node;

use super::types::{MethodSig, Receiver};
use super::Lower;
use crate::engine::rules::ir::{Class, ClassMethod, Impl, MethodKind, Ty};
use crate::engine::rules::{named_children, Res};

/// A trait of the file with default methods, as the units that implement
/// or call it see it.
#[derive(Clone, Debug, Default)]
pub(super) struct TraitDef {
    /// Every method's signature, `Self` read as the trait's own name (a
    /// class type of that name).
    pub methods: Vec<MethodSig>,
    /// The names of its default methods (those with a body).
    pub defaults: Vec<String>,
    /// Methods whose signature this unit does not read: an `impl` that
    /// would copy one of them is declined.
    pub unread: Vec<String>,
}

/// Whether a trait declares a method with a body.
pub(crate) fn has_default_method(item: Node) -> bool {
    item.child_by_field_name("body").is_some_and(|b| {
        named_children(b)
            .iter()
            .any(|m| m.kind() == "function_item")
    })
}

/// `ty` with the class `from` (a trait's `Self`) read as `to`.
fn substitute(ty: &Ty, from: &str, to: &str) -> Ty {
    let sub = |t: &Ty| Box::new(substitute(t, from, to));
    match ty {
        Ty::Class(c) if c == from => Ty::Class(to.to_string()),
        Ty::List(t) => Ty::List(sub(t)),
        Ty::Set(t) => Ty::Set(sub(t)),
        Ty::Option(t) => Ty::Option(sub(t)),
        Ty::Iter(t) => Ty::Iter(sub(t)),
        Ty::TupleOf(t) => Ty::TupleOf(sub(t)),
        Ty::Dict(k, v) => Ty::Dict(sub(k), sub(v)),
        Ty::Result(k, v) => Ty::Result(sub(k), sub(v)),
        Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(|t| substitute(t, from, to)).collect()),
        Ty::Func(ps, r) => Ty::Func(ps.iter().map(|t| substitute(t, from, to)).collect(), sub(r)),
        t => t.clone(),
    }
}

impl<'s> Lower<'s> {
    /// Reads the traits with default methods of every declared source and
    /// of the unit's own `root`.
    pub(super) fn register_all_traits(&mut self, root: Node) {
        let declared = self.declared;
        for (code, tree) in declared.iter() {
            let saved = self.src;
            self.src = code;
            self.register_traits(tree.root_node());
            self.src = saved;
        }
        self.register_traits(root);
    }

    /// Reads the traits with default methods of a declared source (or the
    /// unit's own): each method's signature with `Self` the trait, its
    /// type parameters erased.
    pub(super) fn register_traits(&mut self, root: Node) {
        for item in named_children(root) {
            if item.kind() != "trait_item" || !has_default_method(item) {
                continue;
            }
            let Some(name) = item.child_by_field_name("name") else {
                continue;
            };
            let name = self.text(name).to_string();
            let Some(body) = item.child_by_field_name("body") else {
                continue;
            };
            let saved = self.self_type.replace(name.clone());
            let params = self.trait_parameters(item);
            let saved_args = std::mem::replace(&mut self.type_args, params);
            let mut def = TraitDef::default();
            for f in named_children(body) {
                if !matches!(f.kind(), "function_item" | "function_signature_item") {
                    continue;
                }
                let Some(fname) = f.child_by_field_name("name") else {
                    continue;
                };
                let fname = self.text(fname).to_string();
                if f.kind() == "function_item" {
                    def.defaults.push(fname.clone());
                }
                match self.method_sig(f) {
                    Ok(sig) => def.methods.push(MethodSig {
                        inferred: false,
                        inherent: false,
                        ..sig
                    }),
                    Err(_) => def.unread.push(fname),
                }
            }
            self.self_type = saved;
            self.type_args = saved_args;
            self.traits.insert(name, def);
        }
    }

    /// A trait's type parameters, erased (see `generics::erased`).
    fn trait_parameters(&self, item: Node) -> HashMap<String, Ty> {
        let mut out = HashMap::new();
        if let Some(tp) = item.child_by_field_name("type_parameters") {
            for p in named_children(tp) {
                if p.kind() == "type_parameter" {
                    if let Some(n) = p.child_by_field_name("name") {
                        let n = self.text(n).to_string();
                        out.insert(n.clone(), super::generics::erased(&n));
                    }
                }
            }
        }
        out
    }

    /// The signatures of `tr`'s default methods an `impl` of it for `class`
    /// does not write (`written`), `Self` read as `class`.
    pub(super) fn default_sigs(&self, tr: &str, class: &str, written: &[String]) -> Vec<MethodSig> {
        let Some(def) = self.traits.get(tr) else {
            return Vec::new();
        };
        def.methods
            .iter()
            .filter(|m| def.defaults.contains(&m.name) && !written.contains(&m.name))
            .map(|m| MethodSig {
                params: m.params.iter().map(|t| substitute(t, tr, class)).collect(),
                ret: substitute(&m.ret, tr, class),
                ..m.clone()
            })
            .collect()
    }

    /// A trait with default methods, as its own unit: an empty class of its
    /// name and the default methods on it, lowered with `self` of the
    /// trait's type (whose methods are the trait's signatures).
    pub(super) fn trait_unit(&mut self, item: Node) -> Res<(Class, Impl)> {
        if let Some(tp) = item.child_by_field_name("type_parameters") {
            if let Some(p) = named_children(tp)
                .into_iter()
                .find(|p| p.kind() == "const_parameter")
            {
                return self.decline(p, format!("generic trait: `{}`", self.text(p)));
            }
        }
        let name = self.text(self.child(item, "name")?).to_string();
        let Some(def) = self.traits.get(&name).cloned() else {
            return self.decline(item, "trait");
        };
        let body = self.child(item, "body")?;
        for member in named_children(body) {
            match member.kind() {
                "function_signature_item"
                | "function_item"
                | "line_comment"
                | "block_comment"
                | "attribute_item" => {}
                kind => return self.decline(member, format!("`{kind}` in a trait")),
            }
        }
        if let Some(m) = def.unread.first() {
            let at = named_children(body)
                .into_iter()
                .find(|f| {
                    f.child_by_field_name("name")
                        .is_some_and(|n| self.text(n) == m)
                })
                .unwrap_or(item);
            // Lowering it says why.
            self.method_sig(at)?;
            return self.decline(at, format!("method `{m}` of a trait"));
        }
        // `self` is a value of the trait's own (pseudo) class, whose
        // methods are the trait's signatures: calls on it dispatch on the
        // object.
        let line = self.line(item);
        let pseudo = super::types::StructDef::of_trait(&name, def.methods.clone());
        let saved_def = self.structs.insert(name.clone(), pseudo);
        let saved_name = self.struct_names.insert(name.clone());
        let saved = self.self_type.replace(name.clone());
        let params = self.trait_parameters(item);
        let saved_args = std::mem::replace(&mut self.type_args, params);
        let result = self.default_methods(body, &def);
        self.self_type = saved;
        self.type_args = saved_args;
        match saved_def {
            Some(d) => {
                self.structs.insert(name.clone(), d);
            }
            None => {
                self.structs.remove(&name);
            }
        }
        if saved_name {
            self.struct_names.remove(&name);
        }
        let methods = result?;
        let class = Class {
            name: name.clone(),
            base: None,
            fields: Vec::new(),
            methods: Vec::new(),
            attributes: Vec::new(),
            variants: Vec::new(),
            identity_eq: false,
            data: Vec::new(),
            line,
            comments: Vec::new(),
        };
        let imp = Impl {
            class: name,
            methods,
            attributes: Vec::new(),
            inherited: Vec::new(),
            line,
        };
        Ok((class, imp))
    }

    fn default_methods(&mut self, body: Node, def: &TraitDef) -> Res<Vec<ClassMethod>> {
        let mut methods = Vec::new();
        let mut pending = Vec::new();
        for f in named_children(body) {
            match f.kind() {
                "function_item" => {}
                "line_comment" | "block_comment" => {
                    pending.extend(super::super::comment_lines(&self.src[f.byte_range()]));
                    continue;
                }
                _ => {
                    pending.clear();
                    continue;
                }
            }
            let mname = self.text(self.child(f, "name")?).to_string();
            let Some(sig) = def.methods.iter().find(|m| m.name == mname) else {
                return self.decline(f, format!("method `{mname}` of a trait"));
            };
            if sig.receiver == Receiver::None {
                return self.decline(
                    f,
                    format!("default associated function `{mname}` of a trait (it reaches the implementing type only through `Self::`)"),
                );
            }
            if super::types::unsafe_member(&mname) || mname.starts_with("__") {
                return self.decline(f, format!("method named `{mname}`"));
            }
            let mut function = self.function(f)?;
            function.name = mname;
            function.comments = std::mem::take(&mut pending);
            methods.push(ClassMethod {
                kind: MethodKind::Instance,
                function,
            });
        }
        Ok(methods)
    }

    /// The default methods of the trait an `impl` (for `def`) names that
    /// the `impl` does not write, each `(trait, method)`, to be copied onto
    /// the class; declined where one clashes with another `impl`'s method,
    /// is named like a field, or is a `&mut self` method of a type whose
    /// `&mut self` methods are not the class's own (a `Copy` struct, an
    /// enum).
    pub(super) fn inherited_defaults(
        &self,
        item: Node,
        def: &super::types::StructDef,
        written: &[String],
    ) -> Res<Vec<(String, String)>> {
        let Some(tr) = self.impl_trait(item) else {
            return Ok(Vec::new());
        };
        let Some(tdef) = self.traits.get(tr) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for m in &tdef.defaults {
            if written.contains(m) {
                continue;
            }
            if tdef.unread.contains(m) {
                return self.decline(
                    item,
                    format!(
                        "default method `{m}` of `{tr}`, whose signature the unit does not read"
                    ),
                );
            }
            if def.clashes.contains(m) {
                return self.decline(
                    item,
                    format!(
                        "default method `{m}` of `{tr}`, which another `impl` of `{}` declares too",
                        def.name
                    ),
                );
            }
            if def.fields.iter().any(|(f, _)| f == m) {
                return self.decline(
                    item,
                    format!("default method `{m}` of `{tr}` named like a field"),
                );
            }
            out.push((tr.to_string(), m.clone()));
        }
        let mutating = tdef.methods.iter().any(|m| m.receiver == Receiver::Mut);
        if !out.is_empty() && mutating && (def.copy || def.variants.is_some()) {
            return self.decline(
                item,
                format!("default methods of `{tr}`, which has `&mut self` methods, for a `Copy` struct or an enum"),
            );
        }
        Ok(out)
    }
}
