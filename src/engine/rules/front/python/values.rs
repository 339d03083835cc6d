//! Functions passed as values where the callee calls them with one
//! argument (`map(len, xs)`, `filter(pred, xs)`, `key=str`): lowered to
//! the lambda each stands for, `lambda item: len(item)`, so that every
//! backend writes one form, and a target whose callbacks get more
//! arguments than Python passes (JavaScript's `map` passes the index and
//! the array too) calls the function with the one Python passes.

use tree_sitter::Node;

use super::super::super::ir::{Builtin, Expr, ExprKind};
use super::super::super::Res;
use super::{named_children, text, Front, LOWERED_BUILTINS};

/// The built-in a name stands for as a function of one argument, where the
/// frontend lowers its call to a [`Builtin`].
fn one_argument_builtin(name: &str) -> Option<Builtin> {
    Some(match name {
        "len" => Builtin::Len,
        "abs" => Builtin::Abs,
        "str" => Builtin::ToStr,
        "int" => Builtin::ToInt,
        "float" => Builtin::ToFloat,
        "bool" => Builtin::ToBool,
        "ord" => Builtin::Ord,
        "chr" => Builtin::Chr,
        "tuple" => Builtin::ToTuple,
        "list" => Builtin::ToList,
        "set" => Builtin::ToSet,
        "sorted" => Builtin::Sorted,
        "sum" => Builtin::Sum,
        "any" => Builtin::Any,
        "all" => Builtin::All,
        // Not `next`: a `StopIteration` out of `map`'s function ends the
        // reading loop in Python, where JavaScript throws it on.
        "iter" => Builtin::Iter,
        _ => return None,
    })
}

/// Whether every use of `name` in `body` calls it with one positional
/// argument, directly or as the function `map` or `filter` calls with each
/// item: a function of one argument serves each use as Python's built-in
/// does.
fn called_with_one_item(body: Node, name: &str, src: &str) -> bool {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" && text(node, src) == name && !one_item_call(node, src) {
            return false;
        }
        stack.extend(named_children(node));
    }
    true
}

fn one_item_call(node: Node, src: &str) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let positional = |args: Node| {
        let named = named_children(args);
        named.len() == 1
            && !matches!(
                named[0].kind(),
                "list_splat" | "dictionary_splat" | "keyword_argument"
            )
    };
    match parent.kind() {
        "call" => {
            parent.child_by_field_name("function") == Some(node)
                && parent
                    .child_by_field_name("arguments")
                    .is_some_and(|a| a.kind() == "argument_list" && positional(a))
        }
        "argument_list" => {
            named_children(parent).first() == Some(&node)
                && named_children(parent).len() == 2
                && parent
                    .parent()
                    .and_then(|c| c.child_by_field_name("function"))
                    .is_some_and(|f| matches!(text(f, src), "map" | "filter"))
        }
        _ => false,
    }
}

impl Front<'_> {
    /// A parameter's default that names a built-in function of one
    /// argument (`pred=bool`, `key=len`), into JavaScript, where the body
    /// only calls the parameter with one item: the lambda it stands for,
    /// which reads nothing but its argument, so that creating it at each
    /// call (as JavaScript evaluates defaults) differs from Python's one
    /// object only in identity, which no use of the body reads. `None`
    /// for any other default.
    pub(super) fn builtin_default(&mut self, body: Node, param: &str, value: Node) -> Option<Expr> {
        let name = text(value, self.src);
        one_argument_builtin(name)?;
        // `map` and `filter` are the built-ins where the body uses them.
        let bound = |n: &str| self.shadowed(n) || self.rebound(n);
        if bound(name)
            || bound("map")
            || bound("filter")
            || !called_with_one_item(body, param, self.src)
        {
            return None;
        }
        let line = self.line(value);
        let read = self.at(line, ExprKind::Name(name.to_string()));
        Some(self.key_function(read))
    }

    /// A `key=` that names a built-in function of one argument (`len`,
    /// `str`, `tuple`...) as the lambda it stands for, `lambda item:
    /// len(item)`, which every backend's comparator takes; any other key
    /// as it is.
    pub(super) fn key_function(&mut self, key: Expr) -> Expr {
        let ExprKind::Name(name) = &key.kind else {
            return key;
        };
        match one_argument_builtin(name) {
            Some(op) if !self.shadowed(name) && !self.rebound(name) => {
                let (param, arg) = self.param("item", key.line);
                let body = self.at(
                    key.line,
                    ExprKind::Builtin {
                        op,
                        args: vec![arg],
                        keywords: Vec::new(),
                    },
                );
                Expr {
                    id: key.id,
                    kind: ExprKind::Lambda {
                        params: vec![param],
                        body: Box::new(body),
                    },
                    line: key.line,
                }
            }
            _ => key,
        }
    }

    /// The function `map` or `filter` calls with each item: a built-in of
    /// one argument as [`Self::key_function`] writes it; a name the call
    /// reaches as a function of the unit, the file or a parameter, as
    /// `lambda item: f(item)` (with the defaults the call would fill);
    /// anything else as it is, for the backend to take or decline.
    pub(super) fn item_function(&mut self, node: Node, f: Expr) -> Res<Expr> {
        let ExprKind::Name(name) = &f.kind else {
            return Ok(f);
        };
        let name = name.clone();
        if one_argument_builtin(&name).is_some() {
            return Ok(self.key_function(f));
        }
        let builtin = LOWERED_BUILTINS.contains(&name.as_str()) || super::is_python_builtin(&name);
        // A class is constructed, a generator of another unit gives an
        // iterator, a function taking `*args` or keyword-only parameters
        // is called another way, and one that needs more than one argument
        // raises in Python where JavaScript reads `undefined`: left to the
        // backend's decline.
        let called_otherwise = self.is_class(&name)
            || self.generators.contains(&name)
            || self.rest_functions.contains(&name)
            || matches!(
                self.signatures.get(&name),
                Some(Some(s)) if s.positional == Some(0)
                    || s.params.iter().skip(1).any(|p| p.default.is_none())
            );
        if (builtin && !self.rebound(&name)) || called_otherwise {
            return Ok(f);
        }
        // The parameter's name differs from the function's, which the body
        // reads.
        let param_name = if name == "item" { "value" } else { "item" };
        let (param, arg) = self.param(param_name, f.line);
        let args = self.defaults_left_out(node, &name, vec![arg])?;
        let body = self.at(f.line, ExprKind::Call { func: name, args });
        Ok(Expr {
            id: f.id,
            kind: ExprKind::Lambda {
                params: vec![param],
                body: Box::new(body),
            },
            line: f.line,
        })
    }
}
