//! Type parameters of functions, methods and structs, and the closure
//! types they stand for. Python and JavaScript erase types, so a type
//! parameter can be dropped where the translation of each use of its
//! values does not depend on the type it is instantiated with. A
//! parameter bound by exactly one closure trait (`F: Fn(u8) -> bool`, in
//! the list or in a `where` clause, `FnMut` and `FnOnce` too) is a
//! function type, whose values are only called, as `impl Fn(u8) -> bool`
//! and `&dyn Fn(u8) -> bool` are.
//!
//! Any other type parameter of a function or method, and a generic
//! struct's type parameter without a default (`struct Iter<'a, B>`), is
//! erased (see [`erased`]): its values are typed [`Ty::Var`], which joins
//! no other type, so the frontend takes them only where no type's meaning
//! is asked: moved, stored in a field or a local, passed to and returned
//! from functions and methods, put in a `Vec` or a tuple. Everything that
//! asks is declined, as on a struct value (which the parameter may be) or
//! an unresolved bound: an operator (an integer of any width wraps
//! differently), a comparison, a method of the value, a static call
//! through the parameter (`B::zero()` picks an `impl` by the type), an
//! `as` cast, printing, a copy by `clone()`, and an `Option` of it (the
//! parameter may be an `Option`). A `const` parameter is declined.

use tree_sitter::Node;

use super::Lower;
use crate::engine::rules::ir::Ty;
use crate::engine::rules::{named_children, Res};
use crate::project::callees::{closure_bound, type_parameter_bounds};

/// The type a generic struct's parameter `name` without a default is
/// read as: a type variable of that name (`B`). Every instance of the
/// struct (`Iter<'a, u8>`, `Iter<'a, Point>`) is then the one class,
/// which is sound because no operation on a [`Ty::Var`] value is taken
/// (see the module): the class's code does the same for every type.
pub(super) fn erased(name: &str) -> Ty {
    Ty::Var(name.to_string())
}

impl<'s> Lower<'s> {
    /// Declines a function generic over anything but lifetimes and
    /// closure types: where a body is inlined into another (a trait's
    /// method through a bound) or is a `Display` impl's `fmt`.
    pub(super) fn no_type_parameters(&self, item: Node) -> Res<()> {
        let Some(tp) = item.child_by_field_name("type_parameters") else {
            return Ok(());
        };
        for p in named_children(tp) {
            match p.kind() {
                "lifetime_parameter" | "line_comment" | "block_comment" => {}
                "type_parameter" => {
                    let name = self.text(self.child(p, "name")?);
                    if self.closure_parameter(item, name)?.is_none() {
                        let bound = self.bounds_text(item, p, name);
                        return self.decline(
                            p,
                            format!("generic function: type parameter `{name}`{bound}"),
                        );
                    }
                }
                "const_parameter" => {
                    return self.decline(p, format!("generic function: `{}`", self.text(p)))
                }
                _ => return self.decline(p, "generic function"),
            }
        }
        Ok(())
    }

    /// Declines a function generic over a `const` parameter: its type
    /// parameters are closures (see [`Self::closure_parameter`]) or erased
    /// (see [`erased`]: a function's values of such a type are taken
    /// only where no type's meaning is asked, as a generic struct's are).
    pub(super) fn erasable_type_parameters(&self, item: Node) -> Res<()> {
        let Some(tp) = item.child_by_field_name("type_parameters") else {
            return Ok(());
        };
        for p in named_children(tp) {
            match p.kind() {
                "lifetime_parameter" | "line_comment" | "block_comment" | "type_parameter" => {}
                "const_parameter" => {
                    return self.decline(p, format!("generic function: `{}`", self.text(p)))
                }
                _ => return self.decline(p, "generic function"),
            }
        }
        Ok(())
    }

    /// ` bound by `B: BitBlock``, or nothing for an unbounded parameter.
    fn bounds_text(&self, item: Node, p: Node, name: &str) -> String {
        let bounds: Vec<&str> = type_parameter_bounds(item, p, name, self.src)
            .into_iter()
            .map(|b| self.text(b))
            .collect();
        if bounds.is_empty() {
            String::new()
        } else {
            format!(" bound by `{}`", bounds.join(" + "))
        }
    }

    /// The closure type a type parameter `name` of `item` stands for: its
    /// one bound is a closure trait (see [`closure_bound`]). `None` for any
    /// other parameter.
    fn closure_parameter(&self, item: Node, name: &str) -> Res<Option<Ty>> {
        let Some(tp) = item.child_by_field_name("type_parameters") else {
            return Ok(None);
        };
        let bound = named_children(tp)
            .into_iter()
            .find(|p| {
                p.kind() == "type_parameter"
                    && p.child_by_field_name("name")
                        .is_some_and(|n| self.text(n) == name)
            })
            .and_then(|p| closure_bound(item, p, self.src));
        match bound {
            Some(b) => self.closure_type(b).map(Some),
            None => Ok(None),
        }
    }

    /// `Fn(A, B) -> R` (`FnMut`, `FnOnce`): a function type.
    pub(super) fn closure_type(&self, f: Node) -> Res<Ty> {
        let t = self.text(self.child(f, "trait")?);
        if !matches!(t, "Fn" | "FnMut" | "FnOnce") {
            return self.decline(f, format!("type `{}`", self.text(f)));
        }
        let mut params = Vec::new();
        for p in named_children(self.child(f, "parameters")?) {
            if matches!(p.kind(), "line_comment" | "block_comment") {
                continue;
            }
            params.push(self.rust_type(p)?.0);
        }
        let ret = match f.child_by_field_name("return_type") {
            Some(r) => self.rust_type(r)?.0,
            None => Ty::Unit,
        };
        Ok(Ty::Func(params, Box::new(ret)))
    }

    /// A type named by a closure type parameter of the function (or
    /// method) that `node` is written in.
    pub(super) fn closure_parameter_type(&self, node: Node) -> Res<Option<Ty>> {
        let name = self.text(node);
        let mut at = node.parent();
        while let Some(n) = at {
            if matches!(n.kind(), "function_item" | "function_signature_item") {
                return self.closure_parameter(n, name);
            }
            at = n.parent();
        }
        Ok(None)
    }

    /// A type named by a type parameter, not a closure one, of the
    /// function (or method) that `node` is written in: erased.
    pub(super) fn erased_parameter_type(&self, node: Node) -> Option<Ty> {
        let name = self.text(node);
        let mut at = node.parent();
        while let Some(n) = at {
            if matches!(n.kind(), "function_item" | "function_signature_item") {
                let declared = named_children(n.child_by_field_name("type_parameters")?)
                    .into_iter()
                    .any(|p| {
                        p.kind() == "type_parameter"
                            && p.child_by_field_name("name")
                                .is_some_and(|x| self.text(x) == name)
                    });
                return declared.then(|| erased(name));
            }
            at = n.parent();
        }
        None
    }

    /// `impl Fn(u8) -> bool`, `dyn Fn(u8) -> bool`: a function type; any
    /// other `impl`/`dyn` type is declined.
    pub(super) fn trait_object_type(&self, node: Node) -> Res<Ty> {
        // `impl Into<T>` of a parameter, converted at entry.
        if node.parent().is_some_and(|p| p.kind() == "parameter") {
            if let Some(ty) = self.parameter_into_type(node) {
                return ty;
            }
        }
        match node.child_by_field_name("trait") {
            Some(f) if f.kind() == "function_type" => self.closure_type(f),
            _ => match self.returned_impl_type(node)? {
                Some(ty) => Ok(ty),
                None => self.decline(node, format!("type `{}`", self.text(node))),
            },
        }
    }

    /// A function's `-> impl Display + Copy` (traits that only say what
    /// the value can do): the struct of the file the body returns (see
    /// [`crate::symbols::impl_trait_result`]); the targets have no bounds
    /// to keep. `None` for any other `impl` type, such as `impl
    /// Iterator<Item = u8>`, whose value's type is no struct of the file.
    pub(super) fn returned_impl_type(&self, node: Node) -> Res<Option<Ty>> {
        let Some(item) = node.parent().filter(|p| {
            p.kind() == "function_item"
                && p.child_by_field_name("return_type")
                    .is_some_and(|r| r.id() == node.id())
        }) else {
            return Ok(None);
        };
        Ok(crate::symbols::impl_trait_result(item, self.src)
            .and_then(|name| self.struct_type(self.text(name))))
    }
}
