//! Parameters bound by a pattern other than a name: `_: &T` (the argument
//! is not read), `(a, b): (i32, i32)` and `&(x, y): &(u8, u8)` (a tuple,
//! whose items the function reads by name).
//!
//! The parameter gets a name no source name finds (`_p0`, the position
//! after `_p`), and a tuple pattern is a destructuring assignment at entry
//! (`a, b = _p0`, `let [a, b] = _p0;`), binding each name with its item's
//! type, as `let (a, b) = t;` does. Tuples are copied into the names
//! (Rust moves or copies them too: a tuple pattern binds by value, and
//! through `&` the items are read only). Struct and slice patterns and
//! tuple items other than names, `mut` names and `_` (a nested tuple) are
//! declined as `parameter pattern`.

use tree_sitter::Node;

use super::Lower;
use crate::engine::rules::ir::{Stmt, StmtKind, Ty};
use crate::engine::rules::{named_children, Res};

/// Whether every item of a tuple pattern is a name, `mut` name or `_`
/// (a nested tuple is declined: kept simple, as few parameters have one).
fn plain_tuple(pat: Node) -> bool {
    named_children(pat).into_iter().all(|p| match p.kind() {
        "identifier" | "_" => true,
        "mut_pattern" => named_children(p)
            .last()
            .is_some_and(|i| i.kind() == "identifier"),
        _ => false,
    })
}

impl Lower<'_> {
    /// A parameter whose pattern is `_`, a tuple or `&` a tuple, of type
    /// `ty`, at position `index`: the name it is passed under, and the
    /// statement binding the tuple's names at entry (none for `_`).
    /// `None` for another pattern.
    pub(super) fn pattern_param(
        &mut self,
        pat: Node,
        params: Node,
        index: usize,
        ty: &Ty,
    ) -> Res<Option<(String, Option<Stmt>)>> {
        let tuple = match pat.kind() {
            "_" => None,
            "tuple_pattern" => Some(pat),
            "reference_pattern" => match named_children(pat).as_slice() {
                [inner] if inner.kind() == "tuple_pattern" => Some(*inner),
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        if let Some(t) = tuple {
            if !plain_tuple(t) {
                return self.decline(pat, "parameter pattern");
            }
            match ty {
                Ty::Tuple(items) if items.len() == named_children(t).len() => {}
                _ => return self.decline(pat, format!("tuple parameter pattern of type {ty}")),
            }
        }
        // A name none of the parameters has (a later one would be bound
        // in the same scope and make a duplicate).
        let names = self.text(params).to_string();
        let taken = |c: &str| {
            names
                .split(|ch: char| !ch.is_alphanumeric() && ch != '_')
                .any(|w| w == c)
        };
        let candidate = std::iter::once(format!("_p{index}"))
            .chain((2..).map(|k| format!("_p{index}_{k}")))
            .find(|c| !taken(c))
            .unwrap_or_else(|| format!("_p{index}"));
        let target = self.bind(&candidate, ty.clone());
        // No source name finds it: its key is no Rust name.
        if let Some(scope) = self.scopes.last_mut() {
            if let Some(local) = scope.names.remove(&candidate) {
                scope.names.insert(format!("<parameter {index}>"), local);
            }
        }
        let Some(t) = tuple else {
            return Ok(Some((target, None)));
        };
        let line = self.line(pat);
        let value = self.name_expr(&target, ty.clone(), line);
        let bound = self.bind_pattern(t, ty.clone())?;
        let stmt = self.stmt(
            StmtKind::Assign {
                target: bound,
                value,
            },
            line,
        );
        Ok(Some((target, Some(stmt))))
    }
}
