//! Values of types this frontend does not model, held opaquely
//! ([`Ty::Opaque`]): another crate's type (`syn::Ident`, `Arc<TermInner>`),
//! a standard type it does not read (`PathBuf`, `AtomicUsize`), a type of
//! the crate whose declaration it declines, a generic instance of those.
//!
//! Such a value may only be stored (in a field, a variable, a tuple, a
//! list, an enum's payload), moved or passed on to a parameter of the
//! same type, returned, or put in and taken out of an `Option` by
//! binding. Two checks keep it so:
//!
//! - **Flows** ([`Lower::opaque_flow`]): where a value meets a declared
//!   type (an argument its parameter, a `let`'s annotation, a returned
//!   value the function's result, a field its declaration), a value of an
//!   opaque type must meet that same type and a slot of an opaque type
//!   must receive a value of it. An opaque type may name a type alias of
//!   a modelled one (`type Bytes = Vec<u8>`); without this a value could
//!   go in as one type and come out as the other, or a `None` stand for
//!   an opaque value inside an `Option`.
//! - **Uses** ([`check_uses`]): after the unit is lowered, every
//!   expression whose type holds an opaque type is checked to stand where
//!   a value is only carried (a call's argument, an assignment's value, a
//!   returned value, a tuple's item, an `is None` test of the `Option`
//!   holding it). Any other place (an operand, a receiver, a condition, a
//!   formatted value, an iterated value, an index, a key) is declined at
//!   its line, naming the type.
//!
//! So nothing in the translation reads or changes an opaque value, and
//! sharing one object where Rust moves or copies the value cannot be
//! seen. Constructing one stays declined (its constructor is another
//! crate's function, or a type this frontend does not model).

use tree_sitter::Node;

use super::Lower;
use crate::engine::rules::ir::{
    Block, Class, CmpOp, Expr, ExprKind, FormatPart, Function, Impl, Lit, Stmt, StmtKind, Target,
    Ty,
};
use crate::engine::rules::{Decline, Res};

/// The generic types the frontend models (see `owned_type`): any other
/// generic base is held opaque.
const MODELLED_GENERICS: &[&str] = &["Vec", "HashSet", "HashMap", "Option"];

/// The source's text of a type with its whitespace and lifetimes taken
/// out, so that two spellings of one type are one (`Arc<Mutex<T>>` and
/// `Arc< Mutex<T> >`; `Input<'a>`, `Input<'_>` and `Input`): a lifetime
/// only says how long a borrow lives.
fn compact(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            // The lifetime's name ends where a space or a bracket does.
            while chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '_')
            {
                chars.next();
            }
            while chars.peek().is_some_and(|n| n.is_whitespace()) {
                chars.next();
            }
            // The comma after a lifetime argument (`Cow<'a, str>`).
            if chars.peek() == Some(&',') {
                chars.next();
            }
            continue;
        }
        if !c.is_whitespace() {
            out.push(c);
        }
    }
    out.replace(",>", ">").replace("<>", "")
}

impl<'s> Lower<'s> {
    /// A named type the frontend does not model, held opaque (`_` is the
    /// type the value gives). A struct of
    /// the file with an `impl Drop` or `Deref` stays declined: Rust runs
    /// its code where the source shows no call.
    pub(super) fn opaque_named(&self, node: Node) -> Res<Ty> {
        let t = self.text(node);
        // `Vec<_>` in a `let`'s type: the item type comes from the value.
        if t == "_" {
            return Ok(Ty::Unknown);
        }
        let leaf = t.rsplit("::").next().unwrap_or(t);
        if self.implicit.contains_key(leaf) {
            return self.decline(node, format!("type `{t}`"));
        }
        Ok(Ty::Opaque(compact(t)))
    }

    /// A generic type whose base the frontend does not model (`Arc<T>`,
    /// `RefCell<Option<Vec<syn::Error>>>`, `Cow<'static, [u8]>`), held
    /// opaque whole; `None` for a modelled base and for a generic struct
    /// of the crate (whose instances other than the default stay
    /// declined).
    pub(super) fn opaque_generic(&self, node: Node, base: &str) -> Option<Ty> {
        let leaf = base.rsplit("::").next().unwrap_or(base);
        if MODELLED_GENERICS.contains(&leaf)
            || self.struct_names.contains(base)
            || self.implicit.contains_key(leaf)
        {
            return None;
        }
        Some(Ty::Opaque(compact(self.text(node))))
    }

    /// Declines a value of type `value` meeting a place declared `slot`
    /// where either holds an opaque type and they are not the same type
    /// (see the module doc).
    pub(super) fn opaque_flow(&self, n: Node, value: &Ty, slot: &Ty) -> Res<()> {
        if (value.holds_opaque() || slot.holds_opaque()) && !flows_into(value, slot) {
            return self.decline(
                n,
                format!(
                    "a value of type {value} where {slot} is expected (a type the translation holds opaque)"
                ),
            );
        }
        Ok(())
    }
}

/// Whether a value of type `value` may be held where `slot` is declared,
/// as far as opaque types go: an opaque type meets only itself, and an
/// unknown part of the value (the item of an empty `vec![]`, a `None`'s)
/// stands for the slot's.
fn flows_into(value: &Ty, slot: &Ty) -> bool {
    match (value, slot) {
        (Ty::Opaque(a), Ty::Opaque(b)) => a == b,
        // A place whose type the frontend does not know claims no type:
        // the value keeps its own.
        (_, Ty::Unknown) => true,
        (Ty::Opaque(_), _) | (_, Ty::Opaque(_)) => false,
        (Ty::List(a), Ty::List(b))
        | (Ty::Set(a), Ty::Set(b))
        | (Ty::Option(a), Ty::Option(b))
        | (Ty::Iter(a), Ty::Iter(b)) => **a == Ty::Unknown || flows_into(a, b),
        (Ty::Dict(k, v), Ty::Dict(k2, v2)) | (Ty::Result(k, v), Ty::Result(k2, v2)) => {
            (**k == Ty::Unknown || flows_into(k, k2)) && (**v == Ty::Unknown || flows_into(v, v2))
        }
        (Ty::Tuple(xs), Ty::Tuple(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| flows_into(x, y))
        }
        (a, b) => !a.holds_opaque() && !b.holds_opaque(),
    }
}

/// Checks every use of a value of an opaque type in a lowered unit (see
/// the module doc).
pub(super) fn check_uses(
    functions: &[Function],
    classes: &[Class],
    impls: &[Impl],
    types: &[Ty],
) -> Res<()> {
    let uses = Uses { types };
    for f in functions {
        uses.function(f)?;
    }
    for c in classes {
        for m in &c.methods {
            uses.function(&m.function)?;
        }
        for a in &c.attributes {
            uses.expr(&a.value, Some("a class attribute's value"))?;
        }
        for d in &c.data {
            if let Some(e) = &d.default {
                uses.expr(e, Some("a field's default"))?;
            }
        }
    }
    for i in impls {
        for m in &i.methods {
            uses.function(&m.function)?;
        }
        for a in &i.attributes {
            uses.expr(&a.value, Some("a class attribute's value"))?;
        }
    }
    Ok(())
}

/// The walk of [`check_uses`], over the unit's type table.
struct Uses<'a> {
    types: &'a [Ty],
}

impl Uses<'_> {
    fn ty(&self, e: &Expr) -> &Ty {
        self.types.get(e.id.index()).unwrap_or(&Ty::Unknown)
    }

    fn function(&self, f: &Function) -> Res<()> {
        for p in &f.params {
            if let Some(d) = &p.default {
                self.expr(d, Some("a parameter's default"))?;
            }
        }
        self.block(&f.body)
    }

    fn block(&self, b: &Block) -> Res<()> {
        b.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&self, s: &Stmt) -> Res<()> {
        match &s.kind {
            StmtKind::Assign { target, value } => {
                self.target(target)?;
                self.expr(value, None)
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.target(target)?;
                if let Target::Name { id, .. } = target {
                    let ty = self.types.get(id.index()).unwrap_or(&Ty::Unknown);
                    if ty.holds_opaque() {
                        return Err(opaque_use("a compound assignment", ty, s.line));
                    }
                }
                self.expr(value, Some("a compound assignment"))
            }
            StmtKind::If { branches, orelse } => {
                for (test, body) in branches {
                    self.expr(test, Some("a condition"))?;
                    self.block(body)?;
                }
                self.block(orelse)
            }
            StmtKind::While { test, body } => {
                self.expr(test, Some("a condition"))?;
                self.block(body)
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.target(target)?;
                self.expr(iter, Some("iterating"))?;
                self.block(body)?;
                self.block(orelse)
            }
            StmtKind::Return(Some(e)) | StmtKind::Expr(e) => self.expr(e, None),
            StmtKind::Def(f) => self.function(f),
            StmtKind::Assert(e, _) => self.expr(e, Some("an assertion")),
            StmtKind::Yield { value, .. } => self.expr(value, Some("`yield`")),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                self.block(body)?;
                for h in handlers {
                    self.block(&h.body)?;
                }
                self.block(orelse)?;
                self.block(finally)
            }
            StmtKind::Return(None)
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Pass
            | StmtKind::Fail { .. } => Ok(()),
        }
    }

    fn target(&self, t: &Target) -> Res<()> {
        match t {
            Target::Name { .. } => Ok(()),
            Target::Tuple(ts) => ts.iter().try_for_each(|t| self.target(t)),
            Target::Index { value, index, .. } => {
                self.expr(value, Some("a store into an element"))?;
                self.expr(index, Some("an index"))
            }
            Target::Attr { value, .. } => self.expr(value, Some("a field store")),
        }
    }

    fn all(&self, es: &[Expr], what: Option<&str>) -> Res<()> {
        es.iter().try_for_each(|e| self.expr(e, what))
    }

    /// Checks `e` and what it holds; `what` names the operation `e` is an
    /// operand of, `None` where its value is only carried.
    fn expr(&self, e: &Expr, what: Option<&str>) -> Res<()> {
        if let Some(what) = what {
            let ty = self.ty(e);
            if ty.holds_opaque() {
                return Err(opaque_use(what, ty, e.line));
            }
        }
        match &e.kind {
            ExprKind::Lit(_)
            | ExprKind::Name(_)
            | ExprKind::ClassAttr { .. }
            | ExprKind::Variant { .. }
            | ExprKind::ErrorMessage(_) => Ok(()),
            ExprKind::Unary(_, a) => self.expr(a, Some("an operator")),
            ExprKind::Not(a, _) => self.expr(a, Some("`!`")),
            ExprKind::Binary(_, a, b) => {
                self.expr(a, Some("an operator"))?;
                self.expr(b, Some("an operator"))
            }
            ExprKind::Compare { first, rest } => {
                // `x is None` of an `Option` holding an opaque value: it
                // tests the `Option`, not the value (`if let Some(v) = x`).
                if let [(CmpOp::Is | CmpOp::IsNot, other)] = rest.as_slice() {
                    let none = |x: &Expr| matches!(x.kind, ExprKind::Lit(Lit::None));
                    let option = |x: &Expr| matches!(self.ty(x), Ty::Option(_));
                    if none(other) && option(first) {
                        return self.expr(first, None);
                    }
                    if none(first) && option(other) {
                        return self.expr(other, None);
                    }
                }
                self.expr(first, Some("a comparison"))?;
                rest.iter()
                    .try_for_each(|(_, x)| self.expr(x, Some("a comparison")))
            }
            ExprKind::Logic { operands, .. } => self.all(operands, Some("`&&`/`||`")),
            ExprKind::IfElse {
                test, then, orelse, ..
            } => {
                self.expr(test, Some("a condition"))?;
                self.expr(then, None)?;
                self.expr(orelse, None)
            }
            // Each argument met its parameter's declared type (see
            // `Lower::opaque_flow`).
            ExprKind::Call { args, .. }
            | ExprKind::CallStatic { args, .. }
            | ExprKind::New { args, .. }
            | ExprKind::Super { args, .. } => self.all(args, None),
            ExprKind::CallMethod { recv, args, .. } => {
                self.expr(recv, Some("a method call"))?;
                self.all(args, None)
            }
            ExprKind::Spread(a) => self.expr(a, Some("spreading")),
            ExprKind::Builtin { op, args, keywords } => {
                let what = format!("the operation `{op:?}`");
                self.all(args, Some(&what))?;
                keywords
                    .iter()
                    .try_for_each(|(_, k)| self.expr(k, Some(&what)))
            }
            ExprKind::Method {
                recv,
                method,
                args,
                keywords,
            } => {
                let what = format!("the method `{method:?}`");
                self.expr(recv, Some(&what))?;
                self.all(args, Some(&what))?;
                keywords
                    .iter()
                    .try_for_each(|(_, k)| self.expr(k, Some(&what)))
            }
            // An item of a tuple (a variant's payload), list or map that
            // holds opaque values: reading it reads none of them; the item
            // read is checked where it stands.
            ExprKind::Index { value, index, .. } => {
                let what = match self.ty(value) {
                    Ty::Tuple(_) | Ty::List(_) | Ty::Dict(..) => None,
                    _ => Some("indexing"),
                };
                self.expr(value, what)?;
                self.expr(index, Some("an index"))
            }
            ExprKind::Slice {
                value,
                lower,
                upper,
                step,
                ..
            } => {
                self.expr(value, Some("slicing"))?;
                for b in [lower, upper, step].into_iter().flatten() {
                    self.expr(b, Some("a slice bound"))?;
                }
                Ok(())
            }
            ExprKind::List(items) | ExprKind::Tuple(items) => self.all(items, None),
            ExprKind::Set(items) => self.all(items, Some("a set's item")),
            ExprKind::Dict(pairs) => pairs.iter().try_for_each(|(k, v)| {
                self.expr(k, Some("a key"))?;
                self.expr(v, None)
            }),
            ExprKind::Comprehension {
                elt,
                value,
                clauses,
                ..
            } => {
                for c in clauses {
                    self.target(&c.target)?;
                    self.expr(&c.iter, Some("iterating"))?;
                    self.all(&c.conditions, Some("a condition"))?;
                }
                self.expr(elt, Some("a comprehension's item"))?;
                match value {
                    Some(v) => self.expr(v, Some("a comprehension's item")),
                    None => Ok(()),
                }
            }
            ExprKind::Format(parts) => parts.iter().try_for_each(|p| match p {
                FormatPart::Text(_) => Ok(()),
                FormatPart::Value { expr, .. } => self.expr(expr, Some("formatting")),
            }),
            ExprKind::Lambda { body, .. } => self.expr(body, Some("a closure's result")),
            ExprKind::Attr { value, .. } => self.expr(value, Some("a field read")),
            ExprKind::Object(props) => props
                .iter()
                .try_for_each(|(_, v)| self.expr(v, Some("an object's property"))),
            ExprKind::Prop { value, .. } => self.expr(value, Some("a property read")),
            ExprKind::TypeIs { value, .. } => self.expr(value, Some("a type test")),
            ExprKind::AssignName { value, .. } => {
                self.expr(value, Some("an assignment inside an expression"))
            }
        }
    }
}

fn opaque_use(what: &str, ty: &Ty, line: usize) -> Decline {
    Decline(format!(
        "{what} of a value of type {ty} (a type the translation holds opaque: it is only stored, moved, passed on and returned) at line {line}"
    ))
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn spellings_of_one_type_compact_to_one_text() {
        assert_eq!(compact("Arc< Mutex<T> >"), "Arc<Mutex<T>>");
        assert_eq!(compact("untrusted::Input<'a>"), "untrusted::Input");
        assert_eq!(compact("Input<'_>"), compact("Input"));
        assert_eq!(compact("Cow<'static, [u8]>"), "Cow<[u8]>");
        assert_eq!(compact("Pair<'a, 'b, T>"), "Pair<T>");
        assert_eq!(compact("&'a mut Reader<'a>"), "&mutReader");
    }
}
