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
use crate::engine::rules::ir::{Block, CmpOp, ExprKind, Lit, StmtKind, Target, Ty};
use crate::engine::rules::Res;

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

impl<'s> Lower<'s> {
    /// `for pat in value` where `value` is a struct of the file whose
    /// `impl Iterator` declares `fn next(&mut self) -> Option<T>`: lowered
    /// into `out`, `true`; `false` for any other loop, left to
    /// `for_statement`. The value's type is read without lowering it.
    pub(super) fn for_over_iterator_struct(&mut self, e: Node, out: &mut Block) -> Res<bool> {
        let v = self.child(e, "value")?;
        let ty = match v.kind() {
            "identifier" => self.lookup(self.text(v)).map(|l| l.ty.clone()),
            "call_expression" => self.method_call(v).and_then(|mc| {
                let name = mc.name.as_str();
                if CHAIN_ADAPTERS.contains(&name) || STANDARD_ITERATORS.contains(&name) {
                    return None;
                }
                let class = self.receiver_struct(mc.recv)?;
                let def = self.structs.get(&class)?;
                def.methods
                    .iter()
                    .find(|m| m.name == name)
                    .map(|m| m.ret.clone())
            }),
            _ => None,
        };
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
        let pat = self.child(e, "pattern")?;
        if pat.kind() == "mut_pattern" {
            return self.decline(pat, "`for mut` (an assigned loop variable)");
        }
        if self.has_label(e) {
            return self.decline(e, "loop label");
        }
        let line = self.line(e);
        let value = self.expr(v)?;
        out.extend(std::mem::take(&mut self.pre));
        // Both hidden names in the loop's own scope, so that `bind` gives
        // them targets no binding around the loop has.
        self.push_scope(false);
        let iterator = self.bind_hidden("iterator", ITERATOR, Ty::Class(class.clone()));
        let id = self.fresh(Ty::Class(class.clone()));
        out.push(self.stmt(
            StmtKind::Assign {
                target: Target::Name {
                    name: iterator.clone(),
                    id,
                },
                value,
            },
            line,
        ));
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
            let item_id = self.fresh(option.clone());
            let mut body = vec![self.stmt(
                StmtKind::Assign {
                    target: Target::Name {
                        name: item.clone(),
                        id: item_id,
                    },
                    value: call,
                },
                line,
            )];
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

    /// Binds a name the source cannot spell under `key`, with a target
    /// name from `name` that no enclosing binding has: its target name.
    fn bind_hidden(&mut self, name: &str, key: &str, ty: Ty) -> String {
        let target = self.bind(name, ty);
        if let Some(scope) = self.scopes.last_mut() {
            if let Some(local) = scope.names.remove(name) {
                scope.names.insert(key.to_string(), local);
            }
        }
        target
    }
}
