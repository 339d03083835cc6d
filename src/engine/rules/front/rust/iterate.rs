//! `for x in it` over a struct of the file with an `impl Iterator`: a loop
//! that calls the struct's own `next` until it gives `None`.
//!
//! The targets' `for` loops know nothing of the class's `next` (Python's
//! `__next__` and JavaScript's iterator protocol are other methods), so the
//! loop is written out: `while True: item = it.next(); if item is None:
//! break; x = item; ...`. `None` ends the loop exactly, since an `Option` of
//! an `Option` (whose `Some(None)` would end it too) is declined. The
//! iterator is moved into the loop in Rust, so changing it in place is
//! what Rust does; a `Copy` struct, which Rust would copy, is left to the
//! decline of iterating it.

use tree_sitter::Node;

use super::types::{method_name, Receiver};
use super::{Lower, CHAIN_ADAPTERS};
use crate::engine::rules::ir::{
    BinOp, Block, CmpOp, ExprKind, IntTy, Lit, OperandSem, StmtKind, Ty,
};
use crate::engine::rules::{named_children, Res};

/// Methods whose result the frontend iterates as a chain or a standard
/// value, never a struct of the file.
const STANDARD_ITERATORS: [&str; 12] = [
    "iter",
    "into_iter",
    "iter_mut",
    "chars",
    "bytes",
    "char_indices",
    "keys",
    "values",
    "lines",
    "split",
    "split_whitespace",
    "drain",
];

/// The key the iterator and its current item are bound under: no Rust
/// name, so no name of the source finds them.
const ITERATOR: &str = "<iterator>";
const ITEM: &str = "<item>";
/// The count of an `enumerate()`d loop's items so far.
const COUNT: &str = "<count>";

impl<'s> Lower<'s> {
    /// `for pat in value` where `value` is a struct of the file whose
    /// `impl Iterator` declares `fn next(&mut self) -> Option<T>`: lowered
    /// into `out`, `true`; `false` for any other loop, left to
    /// `for_statement`. The value's type is read without lowering it.
    pub(super) fn for_over_iterator_struct(&mut self, e: Node, out: &mut Block) -> Res<bool> {
        let mut v = self.child(e, "value")?;
        // `it.enumerate()`: the same loop, counting its items from 0.
        let mut enumerated = false;
        if let Some(mc) = self.method_call(v) {
            if mc.name == "enumerate" && mc.args.is_empty() && mc.turbofish.is_none() {
                v = mc.recv;
                enumerated = true;
            }
        }
        let ty = self.struct_value_type(v);
        let Some(Ty::Class(class)) = ty else {
            return Ok(false);
        };
        let Some(def) = self.structs.get(&class).cloned() else {
            return Ok(false);
        };
        let Some(next) = def.methods.iter().find(|m| m.name == "next").cloned() else {
            return Ok(false);
        };
        let Ty::Option(item_ty) = next.ret.clone() else {
            return Ok(false);
        };
        if next.receiver != Receiver::Mut
            || !next.params.is_empty()
            || def.copy
            || def.variants.is_some()
            || def.clashes.iter().any(|c| c == "next")
        {
            return Ok(false);
        }
        let Some(next_name) = method_name(&def, &next) else {
            return Ok(false);
        };
        let mut pat = self.child(e, "pattern")?;
        // The count's pattern: a name or `_`.
        let mut count_pat = None;
        if enumerated {
            match named_children(pat).as_slice() {
                [c, p] if pat.kind() == "tuple_pattern" && c.kind() == "identifier" => {
                    count_pat = Some(*c);
                    pat = *p;
                }
                _ => {
                    return self.decline(
                        pat,
                        "`enumerate()` of an iterator struct bound other than to `(i, x)`",
                    )
                }
            }
        }
        if pat.kind() == "mut_pattern" {
            return self.decline(pat, "`for mut` (an assigned loop variable)");
        }
        if self.has_label(e) {
            return self.decline(e, "loop label");
        }
        let line = self.line(e);
        let value = self.expr(v)?;
        out.extend(std::mem::take(&mut self.pre));
        // The hidden names in the loop's own scope, which ends with it;
        // their targets are names no binding around the loop has.
        self.push_scope(false);
        let iterator = self.bind_hidden("iterator", ITERATOR, Ty::Class(class.clone()));
        out.push(self.assign_name(iterator.clone(), Ty::Class(class.clone()), value, line));
        let usize_ty = Ty::Int(IntTy::Usize);
        let counter = count_pat.map(|_| {
            let name = self.bind_hidden("count", COUNT, usize_ty.clone());
            let zero = self.int(0, usize_ty.clone(), line);
            out.push(self.assign_name(name.clone(), usize_ty.clone(), zero, line));
            name
        });
        let result = (|| -> Res<Block> {
            let option = Ty::Option(item_ty.clone());
            let item = self.bind_hidden("item", ITEM, option.clone());
            let recv = self.name_expr(&iterator, Ty::Class(class.clone()), line);
            let call = self.mk(
                ExprKind::CallMethod {
                    recv: Box::new(recv),
                    name: next_name,
                    args: Vec::new(),
                },
                option.clone(),
                line,
            );
            let mut body = vec![self.assign_name(item.clone(), option.clone(), call, line)];
            let got = self.name_expr(&item, option.clone(), line);
            let none = self.lit(Lit::None, option, line);
            let ended = self.compare(got, CmpOp::Is, none);
            body.push(self.stmt(
                StmtKind::If {
                    branches: vec![(ended, vec![self.stmt(StmtKind::Break, line)])],
                    orelse: Vec::new(),
                },
                line,
            ));
            // The count is read before it steps, so that a `continue`
            // in the body steps it too.
            if let (Some(c), Some(counter)) = (count_pat, &counter) {
                let target = self.bind_pattern(c, usize_ty.clone())?;
                let value = self.name_expr(counter, usize_ty.clone(), line);
                body.push(self.stmt(StmtKind::Assign { target, value }, line));
                let one = self.int(1, usize_ty.clone(), line);
                let target = self.name_target(counter.clone(), usize_ty.clone());
                body.push(self.stmt(
                    StmtKind::AugAssign {
                        target,
                        op: BinOp::Add(OperandSem::Numeric),
                        value: one,
                    },
                    line,
                ));
            }
            let target = self.bind_pattern(pat, (*item_ty).clone())?;
            let value = self.name_expr(&item, (*item_ty).clone(), line);
            body.push(self.stmt(StmtKind::Assign { target, value }, line));
            body.extend(self.block_items(self.child(e, "body")?, super::Tail::Discard)?);
            Ok(body)
        })();
        self.pop_scope();
        let body = result?;
        let test = self.lit(Lit::Bool(true), Ty::Bool, line);
        out.push(self.stmt(StmtKind::While { test, body }, line));
        Ok(true)
    }

    /// The struct type of the value `n` gives, read from what the
    /// frontend knows without lowering it (bindings, fields, the
    /// signatures of the file's and its context's `impl`s): a name (a
    /// unit struct's too), an associated constant (`Effects::ITALIC`), a
    /// field (`self.0`), a method call on any of these
    /// (`self.0.index_iter()`, `h.evens()`, `Holder::new(3).evens()`), an
    /// associated function (`Evens::upto(n)`), a struct literal. `None` where it is no struct
    /// of the file or the frontend does not know: the loop is then
    /// `for_statement`'s.
    pub(super) fn struct_value_type(&self, n: Node) -> Option<Ty> {
        let n = self.strip_refs(n);
        match n.kind() {
            "self" => self.lookup("self").map(|l| l.ty.clone()),
            "identifier" => match self.lookup(self.text(n)) {
                Some(l) => Some(l.ty.clone()),
                // A unit struct's value.
                None => self.struct_type(self.text(n)),
            },
            // An associated constant (`Effects::ITALIC`).
            "scoped_identifier" => {
                let path = n.child_by_field_name("path")?;
                let name = self.text(n.child_by_field_name("name")?);
                let Ty::Class(owner) = self.struct_type(self.text(path))? else {
                    return None;
                };
                self.structs
                    .get(&owner)?
                    .consts
                    .iter()
                    .find(|(c, _)| c == name)
                    .map(|(_, t)| t.clone())
            }
            "parenthesized_expression" => self.struct_value_type(*named_children(n).first()?),
            "field_expression" => {
                let Some(Ty::Class(outer)) =
                    self.struct_value_type(n.child_by_field_name("value")?)
                else {
                    return None;
                };
                let raw = self.text(n.child_by_field_name("field")?);
                self.structs.get(&outer)?.field_ty(raw)
            }
            "struct_expression" => {
                let name = self.text(n.child_by_field_name("name")?);
                let name = if name == "Self" {
                    self.self_type.clone()?
                } else {
                    name.to_string()
                };
                self.structs.contains_key(&name).then_some(Ty::Class(name))
            }
            "call_expression" => {
                let (class, name, receiver) = match self.method_call(n) {
                    Some(mc) => {
                        let Some(Ty::Class(class)) = self.struct_value_type(mc.recv) else {
                            return None;
                        };
                        (class, mc.name, true)
                    }
                    None => {
                        // `Type::function(..)`, `Self::function(..)`.
                        let f = n.child_by_field_name("function")?;
                        if f.kind() == "identifier" && self.lookup(self.text(f)).is_none() {
                            // `mk()`: a function of the file, by its result.
                            let sig = self.functions.iter().find(|s| s.name == self.text(f))?;
                            return Some(sig.ret.clone());
                        }
                        if f.kind() != "scoped_identifier" {
                            return None;
                        }
                        let path = self.text(f.child_by_field_name("path")?);
                        let class = if path == "Self" {
                            self.self_type.clone()?
                        } else {
                            path.to_string()
                        };
                        (
                            class,
                            self.text(f.child_by_field_name("name")?).to_string(),
                            false,
                        )
                    }
                };
                let def = self.structs.get(&class)?;
                if def.clashes.contains(&name) {
                    return None;
                }
                // `p.iter()` of a struct whose own `impl` declares `iter`:
                // Rust calls that one (an inherent method comes first).
                if (CHAIN_ADAPTERS.contains(&name.as_str())
                    || STANDARD_ITERATORS.contains(&name.as_str()))
                    && !def.methods.iter().any(|m| m.name == name && m.inherent)
                {
                    return None;
                }
                def.methods
                    .iter()
                    .find(|m| m.name == name && (m.receiver != Receiver::None) == receiver)
                    .map(|m| m.ret.clone())
            }
            _ => None,
        }
    }

    /// Binds a name the source cannot spell under `key`, with a target
    /// name from `name` that no binding has: its target name.
    fn bind_hidden(&mut self, name: &str, key: &str, ty: Ty) -> String {
        let target = self.fresh_target(name);
        self.alias(key, &target, ty);
        target
    }
}
