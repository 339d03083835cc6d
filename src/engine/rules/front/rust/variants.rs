//! Enums with data (`enum Shape { Dot, Move(i32, i32), Rect { w: u32, h:
//! u32 } }`): one class per enum, as a C-like enum's, whose objects store
//! the variant's name ([`ENUM_VARIANT_FIELD`]) and its values as one tuple
//! ([`DATA_FIELD`], in declared order, a struct variant's fields too).
//! A unit variant stays one object made once (its data the empty tuple),
//! so that `==` with it is identity as for a C-like enum; a data variant is
//! a new object at each construction (`Shape("Move", (1, 2))`).
//!
//! A variant holds its values as Rust's does: a value moved in is the
//! enum's own, and Rust reaches it only through the enum (a binding of a
//! `match` arm, by reference or, once the enum is moved, by value), so the
//! one object the translation shares is changed where Rust's is. Only a
//! copy of the enum would tell the two apart: where it holds a value a
//! write may change in place (a `Vec`, a struct that is not `Copy`, such
//! an enum), every copy (`clone()`, `[x; n]`) is declined (see
//! [`Lower::holds_changing`]); one holding numbers, strings, `Copy`
//! structs (every write into one is declined) and unchanging enums is
//! shared as it is copied.
//!
//! Declined: `==` between such values, hashing and printing them (objects
//! compare, hash and print by identity), a variant with data used as a
//! function value, a nested variant with data, a tuple or a range inside a
//! variant's pattern, `ref` bindings, a guard of an arm that binds a
//! variant's values. `if let` of a computed value tests the local it is
//! stored in first (`Lower::hoist_let_value`).

use tree_sitter::Node;

use super::types::VariantData;
use super::Lower;
use crate::engine::rules::ir::{
    CmpOp, EqSem, Expr, ExprKind, IntTy, Lit, Stmt, Ty, ENUM_VARIANT_FIELD,
};
use crate::engine::rules::{named_children, Res};

/// The field holding a data variant's values, as a tuple.
pub(super) const DATA_FIELD: &str = "_data";

impl<'s> Lower<'s> {
    /// A variant's values as its declaration lists them: a tuple variant's
    /// named `_0`, `_1`, ... (as a tuple struct's fields), a struct
    /// variant's by their names.
    pub(super) fn variant_data(&self, v: Node, vname: &str) -> Res<VariantData> {
        let body = self.child(v, "body")?;
        let mut fields = Vec::new();
        let tuple = match body.kind() {
            "ordered_field_declaration_list" => {
                for f in named_children(body) {
                    if matches!(
                        f.kind(),
                        "visibility_modifier" | "attribute_item" | "line_comment" | "block_comment"
                    ) {
                        continue;
                    }
                    let ty = self.owned_type(f)?;
                    fields.push((format!("_{}", fields.len()), ty));
                }
                true
            }
            "field_declaration_list" => {
                for f in named_children(body) {
                    if f.kind() != "field_declaration" {
                        continue;
                    }
                    let fname = self.text(self.child(f, "name")?).to_string();
                    let ty = self.owned_type(self.child(f, "type")?)?;
                    fields.push((fname, ty));
                }
                false
            }
            other => return self.decline(body, format!("variant `{vname}` with `{other}`")),
        };
        if fields.is_empty() {
            return self.decline(v, format!("variant `{vname}` with empty data"));
        }
        Ok(VariantData {
            name: vname.to_string(),
            fields,
            tuple,
        })
    }

    /// Whether a variant's value of this type is one no translated code
    /// changes in place: an unchanging type, or a type parameter of the
    /// enum (`enum E<T> { A(T) }`, erased; see [`Lower::holds_parameter`]).
    fn held_unchanged(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Var(_) => true,
            Ty::Tuple(ts) => ts.iter().all(|t| self.held_unchanged(t)),
            t => self.unchanging(t, 0),
        }
    }

    /// Whether an enum of the file holds a value of an erased type
    /// parameter, or of a type held opaque, in one of its variants: a
    /// copy of it would share that value.
    fn holds_parameter(&self, ty: &Ty) -> bool {
        self.holds_in_variants(ty, |t| super::types::holds_var(t) || t.holds_opaque())
    }

    /// Whether `ty` is an enum of the file one of whose variants holds a
    /// value of a type `held` says yes to.
    fn holds_in_variants(&self, ty: &Ty, held: impl Fn(&Ty) -> bool) -> bool {
        matches!(ty, Ty::Class(c) if self.structs.get(c).is_some_and(|d| {
            d.data.iter().any(|v| v.fields.iter().any(|(_, t)| held(t)))
        }))
    }

    /// Whether no write changes a value of this type in place.
    fn unchanging(&self, ty: &Ty, depth: usize) -> bool {
        match ty {
            Ty::Int(_) | Ty::Float(_) | Ty::Bool | Ty::Char | Ty::Str => true,
            // No translated code reads or writes it (see `opaque`).
            Ty::Opaque(_) => true,
            Ty::Option(t) => self.unchanging(t, depth),
            Ty::Tuple(ts) => ts.iter().all(|t| self.unchanging(t, depth)),
            Ty::Class(c) => match self.structs.get(c) {
                Some(d) if d.variants.is_some() && depth < 8 => d
                    .data
                    .iter()
                    .all(|v| v.fields.iter().all(|(_, t)| self.unchanging(t, depth + 1))),
                Some(d) => d.copy && d.variants.is_none(),
                None => false,
            },
            _ => false,
        }
    }

    /// Whether a type is an enum of the file with variants with data.
    pub(super) fn has_data(&self, ty: &Ty) -> bool {
        matches!(ty, Ty::Class(c) if self.structs.get(c).is_some_and(|d| !d.data.is_empty()))
    }

    /// Whether an enum of the file holds, in one of its variants, a value
    /// a write may change in place (a `Vec`, a struct that is not `Copy`,
    /// another such enum): see the module's doc.
    fn holds_changing_data(&self, ty: &Ty) -> bool {
        self.holds_in_variants(ty, |t| !self.held_unchanged(t))
    }

    /// Whether a type holds a struct a write may change in place, so that
    /// a copy sharing it would not be Rust's clone: a struct, and an enum
    /// with data that holds one (or a parameter's value).
    pub(super) fn holds_changing(&self, ty: &Ty) -> bool {
        match ty {
            // An enum holding an erased parameter's value may hold a
            // `Vec` (see [`Lower::held_unchanged`]).
            Ty::Class(_) => {
                (!self.is_enum(ty) && !self.has_data(ty))
                    || self.holds_parameter(ty)
                    || self.holds_changing_data(ty)
            }
            // An erased type parameter may stand for a struct.
            Ty::Var(_) => true,
            // Rust's copy of it is another value, which code outside the
            // translation may tell apart (see `opaque`).
            Ty::Opaque(_) => true,
            Ty::List(t) | Ty::Set(t) | Ty::Option(t) => self.holds_changing(t),
            Ty::Dict(k, v) => self.holds_changing(k) || self.holds_changing(v),
            Ty::Tuple(ts) => ts.iter().any(|t| self.holds_changing(t)),
            _ => false,
        }
    }

    /// The enum with data and its variant a path names (`Shape::Move`,
    /// `Self::Move`), or `None` where it names no variant with data.
    pub(super) fn data_variant(&self, n: Node) -> Option<(String, VariantData)> {
        let (path, name) = (
            n.child_by_field_name("path")?,
            n.child_by_field_name("name")?,
        );
        let Some(Ty::Class(class)) = self.struct_type(self.text(path)) else {
            return None;
        };
        let vname = self.text(name);
        let vd = self
            .structs
            .get(&class)?
            .data
            .iter()
            .find(|v| v.name == vname)?
            .clone();
        Some((class, vd))
    }

    /// A data variant's object: `E("V", (a, b))`.
    fn new_variant(
        &mut self,
        class: String,
        vd: &VariantData,
        values: Vec<Expr>,
        line: usize,
    ) -> Expr {
        let tag = self.lit(Lit::Str(vd.name.clone()), Ty::Str, line);
        let tys = vd.fields.iter().map(|(_, t)| t.clone()).collect();
        let data = self.mk(ExprKind::Tuple(values), Ty::Tuple(tys), line);
        self.mk(
            ExprKind::New {
                class: class.clone(),
                args: vec![tag, data],
            },
            Ty::Class(class),
            line,
        )
    }

    /// `E::V(a, b)` of a tuple variant.
    pub(super) fn variant_call(
        &mut self,
        n: Node,
        class: String,
        vd: &VariantData,
        args: &[Node],
    ) -> Res<Expr> {
        if !vd.tuple || args.len() != vd.fields.len() {
            return self.decline(n, format!("`{}` with {} values", vd.name, args.len()));
        }
        let tys: Vec<Ty> = vd.fields.iter().map(|(_, t)| t.clone()).collect();
        let values = self.call_args(args, &tys)?;
        let line = self.line(n);
        Ok(self.new_variant(class, vd, values, line))
    }

    /// `E::V { x: 1, y }` of a struct variant: the values in declared
    /// order (evaluated in the written order where that differs only when
    /// each is a name or a literal).
    pub(super) fn variant_literal(
        &mut self,
        n: Node,
        class: String,
        vd: &VariantData,
    ) -> Res<Expr> {
        if vd.tuple {
            return self.decline(n, format!("tuple variant `{}` built with braces", vd.name));
        }
        let mut given: Vec<(String, Expr)> = Vec::new();
        for (f, fname, value) in self.literal_fields(n, "variant")? {
            let Some((_, ty)) = vd.fields.iter().find(|(k, _)| *k == fname) else {
                return self.decline(f, format!("field `{fname}` of variant `{}`", vd.name));
            };
            let ty = ty.clone();
            let e = self.expr_expecting(value, Some(&ty))?;
            given.push((fname, e));
        }
        let in_order = given
            .iter()
            .map(|(f, _)| f)
            .eq(vd.fields.iter().map(|(f, _)| f));
        let simple = given
            .iter()
            .all(|(_, e)| matches!(e.kind, ExprKind::Name(_) | ExprKind::Lit(_)));
        if !in_order && !simple {
            return self.decline(n, "variant literal whose fields are not in declared order");
        }
        let mut values = Vec::new();
        for (f, _) in &vd.fields {
            let Some(i) = given.iter().position(|(g, _)| g == f) else {
                return self.decline(n, format!("variant literal without field `{f}`"));
            };
            values.push(given.remove(i).1);
        }
        let line = self.line(n);
        Ok(self.new_variant(class, vd, values, line))
    }

    /// The test that the value named `scrut` is the variant a
    /// `tuple_struct_pattern` or `struct_pattern` names, with a statement
    /// per name it binds (`x = scrut._data[0]`). `None` where the pattern
    /// names no variant with data.
    pub(super) fn variant_pattern(
        &mut self,
        pat: Node,
        scrut: &str,
        sty: &Ty,
        binds: &mut Vec<Stmt>,
    ) -> Res<Option<Expr>> {
        let Some(path) = pat.child_by_field_name("type") else {
            return Ok(None);
        };
        let Some((class, vd)) = self.data_variant(path) else {
            return Ok(None);
        };
        if *sty != Ty::Class(class.clone()) {
            return self.decline(
                pat,
                format!("pattern `{}` of another type", self.text(path)),
            );
        }
        let line = self.line(pat);
        // Each sub-pattern with the index of the value it reads.
        let mut subs: Vec<(usize, Node)> = Vec::new();
        let kids: Vec<Node> = named_children(pat)
            .into_iter()
            .filter(|c| c.id() != path.id())
            .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
            .collect();
        let n = vd.fields.len();
        if pat.kind() == "tuple_struct_pattern" {
            if !vd.tuple {
                return self.decline(
                    pat,
                    format!("struct variant `{}` matched with `( )`", vd.name),
                );
            }
            // Every child, `_` included (an unnamed node).
            let all: Vec<Node> = crate::engine::rules::children(pat)
                .into_iter()
                .filter(|c| c.id() != path.id())
                .filter(|c| c.is_named() || c.kind() == "_")
                .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
                .collect();
            let rest = all
                .iter()
                .position(|c| c.kind() == "remaining_field_pattern");
            let count = all.len() - usize::from(rest.is_some());
            if count > n || (rest.is_none() && count != n) {
                return self.decline(pat, format!("`{}` with {count} values", vd.name));
            }
            for (k, c) in all.iter().enumerate() {
                match rest {
                    Some(r) if k == r => {}
                    Some(r) if k > r => subs.push((n - (all.len() - k), *c)),
                    _ => subs.push((k, *c)),
                }
            }
        } else {
            if vd.tuple {
                return self.decline(
                    pat,
                    format!("tuple variant `{}` matched with `{{ }}`", vd.name),
                );
            }
            let mut rest = false;
            for f in kids {
                match f.kind() {
                    "remaining_field_pattern" => rest = true,
                    "field_pattern" => {
                        let fname = self.text(self.child(f, "name")?);
                        let Some(i) = vd.fields.iter().position(|(k, _)| k == fname) else {
                            return self
                                .decline(f, format!("field `{fname}` of variant `{}`", vd.name));
                        };
                        match f.child_by_field_name("pattern") {
                            Some(p) => subs.push((i, p)),
                            None if self.text(f).trim() == fname => {
                                subs.push((i, self.child(f, "name")?))
                            }
                            None => return self.decline(f, format!("pattern `{}`", self.text(f))),
                        }
                    }
                    _ => return self.decline(f, format!("pattern `{}`", self.text(f))),
                }
            }
            if !rest && subs.len() != n {
                return self.decline(pat, format!("pattern of `{}` without every field", vd.name));
            }
        }
        let data_ty = Ty::Tuple(vd.fields.iter().map(|(_, t)| t.clone()).collect());
        let v = self.name_expr(scrut, sty.clone(), line);
        let tag = self.mk(
            ExprKind::Attr {
                value: Box::new(v),
                name: ENUM_VARIANT_FIELD.to_string(),
            },
            Ty::Str,
            line,
        );
        let want = self.lit(Lit::Str(vd.name.clone()), Ty::Str, line);
        // The variant's test first: the values are read only when it holds.
        let mut tests = vec![self.compare(tag, CmpOp::Eq(EqSem::Value), want)];
        for (i, sub) in subs {
            let ty = vd.fields[i].1.clone();
            let read = |me: &mut Self| me.data_read(scrut, sty, &data_ty, i, &ty, line);
            if let Some(t) = self.sub_pattern(sub, &ty, read, binds)? {
                tests.push(t);
            }
        }
        Ok(Some(self.all_of(tests, line)))
    }

    /// A pattern inside a variant's, on the value `read` gives (of type
    /// `ty`): its test, if any, with a statement per name it binds. Taken:
    /// `_`, a name (`mut` or not), a literal, a unit variant (compared by
    /// identity, which is Rust's `==` for it), `None` and `Some` of a name
    /// or `_`. Declined: anything else (a nested variant with data, a
    /// tuple, a range, `ref`).
    fn sub_pattern(
        &mut self,
        mut sub: Node,
        ty: &Ty,
        read: impl Fn(&mut Self) -> Expr,
        binds: &mut Vec<Stmt>,
    ) -> Res<Option<Expr>> {
        // `mut x` binds a copy of the value, as `x` does here.
        if sub.kind() == "mut_pattern" {
            if let Some(inner) = named_children(sub)
                .into_iter()
                .find(|c| c.kind() == "identifier")
            {
                sub = inner;
            }
        }
        let line = self.line(sub);
        match sub.kind() {
            "_" => Ok(None),
            "identifier" if self.text(sub) == "None" && matches!(ty, Ty::Option(_)) => {
                let v = read(self);
                let none = self.lit(Lit::None, ty.clone(), line);
                Ok(Some(self.compare(v, CmpOp::Is, none)))
            }
            "identifier" | "shorthand_field_identifier" | "field_identifier" => {
                self.binding_identifier(sub)?;
                let value = read(self);
                let name = self.bind(self.text(sub), ty.clone());
                binds.push(self.assign_name(name, ty.clone(), value, line));
                Ok(None)
            }
            "integer_literal" | "char_literal" | "string_literal" | "boolean_literal"
            | "negative_literal" => {
                let lit = self.literal_pattern(sub, ty)?;
                let v = read(self);
                Ok(Some(self.compare(v, CmpOp::Eq(EqSem::Value), lit)))
            }
            "scoped_identifier" => {
                let v = read(self);
                self.unit_variant_test(sub, v, ty).map(Some)
            }
            "tuple_struct_pattern"
                if matches!(ty, Ty::Option(_)) && self.text(self.child(sub, "type")?) == "Some" =>
            {
                let Ty::Option(inner) = ty else {
                    return self.decline(sub, "pattern");
                };
                let kids = super::pattern_children(sub);
                let [_, x] = kids.as_slice() else {
                    return self.decline(sub, "pattern");
                };
                if !matches!(x.kind(), "_" | "identifier") {
                    return self.decline(*x, "pattern inside `Some`");
                }
                let v = read(self);
                let none = self.lit(Lit::None, ty.clone(), line);
                let test = self.compare(v, CmpOp::IsNot, none);
                self.sub_pattern(*x, inner, read, binds)?;
                Ok(Some(test))
            }
            _ => self.decline(
                sub,
                format!("pattern `{}` inside a variant's", self.text(sub)),
            ),
        }
    }

    /// `if let E::V(..) = name`: the pattern, the name's target and the
    /// name as read (`None` for any other condition).
    pub(super) fn variant_condition<'t>(
        &mut self,
        cond: Node<'t>,
    ) -> Res<Option<(Node<'t>, String, Expr)>> {
        if cond.kind() != "let_condition" {
            return Ok(None);
        }
        let pat = self.child(cond, "pattern")?;
        let is_variant = matches!(pat.kind(), "tuple_struct_pattern" | "struct_pattern")
            && pat
                .child_by_field_name("type")
                .is_some_and(|t| self.data_variant(t).is_some());
        if !is_variant {
            return Ok(None);
        }
        let value = self.child(cond, "value")?;
        let v = self.let_value(cond, value)?;
        let ExprKind::Name(scrut) = &v.kind else {
            return self.decline(cond, "`if let` of a variant on a value other than a name");
        };
        Ok(Some((pat, scrut.clone(), v)))
    }

    /// `scrut._data[i]`.
    fn data_read(
        &mut self,
        scrut: &str,
        sty: &Ty,
        data_ty: &Ty,
        i: usize,
        ty: &Ty,
        line: usize,
    ) -> Expr {
        let v = self.name_expr(scrut, sty.clone(), line);
        let data = self.mk(
            ExprKind::Attr {
                value: Box::new(v),
                name: DATA_FIELD.to_string(),
            },
            data_ty.clone(),
            line,
        );
        let index = self.int(i as i128, Ty::Int(IntTy::Usize), line);
        self.index_read(data, index, ty.clone(), line)
    }
}
