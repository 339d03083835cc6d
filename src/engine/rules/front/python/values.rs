//! Functions passed as values where the callee calls them with one
//! argument (`map(len, xs)`, `filter(pred, xs)`, `key=str`): lowered to
//! the lambda each stands for, `lambda item: len(item)`, so that every
//! backend writes one form, and a target whose callbacks get more
//! arguments than Python passes (JavaScript's `map` passes the index and
//! the array too) calls the function with the one Python passes.

use tree_sitter::Node;

use super::super::super::ir::{Builtin, Expr, ExprKind, FloatTy, IntTy, Lit, Ty};
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

/// Whether every use of `name` in `body` calls it without arguments, as a
/// factory is called (`rv = factory()`).
fn called_without_arguments(body: Node, name: &str, src: &str) -> bool {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" && text(node, src) == name {
            let call = node
                .parent()
                .filter(|p| p.kind() == "call" && p.child_by_field_name("function") == Some(node));
            let no_arguments = call
                .and_then(|c| c.child_by_field_name("arguments"))
                .is_some_and(|a| a.kind() == "argument_list" && named_children(a).is_empty());
            if !no_arguments {
                return false;
            }
        }
        stack.extend(named_children(node));
    }
    true
}

/// The empty value a built-in type makes when called without arguments.
fn empty_value(name: &str) -> Option<ExprKind> {
    Some(match name {
        "dict" => ExprKind::Dict(Vec::new()),
        "list" => ExprKind::List(Vec::new()),
        "set" => ExprKind::Builtin {
            op: Builtin::ToSet,
            args: Vec::new(),
            keywords: Vec::new(),
        },
        "tuple" => ExprKind::Tuple(Vec::new()),
        "str" => ExprKind::Lit(Lit::Str(String::new())),
        "int" => ExprKind::Lit(Lit::Int(0)),
        "float" => ExprKind::Lit(Lit::Float(0.0)),
        "bool" => ExprKind::Lit(Lit::Bool(false)),
        _ => return None,
    })
}

/// The type a factory default made by [`Front::factory_default`] gives the
/// parameter: a function of no arguments making what the built-in makes.
pub(super) fn factory_ty(default: &Expr) -> Option<Ty> {
    let ExprKind::Lambda { params, body } = &default.kind else {
        return None;
    };
    let unknown = || Box::new(Ty::Unknown);
    let made = match &body.kind {
        ExprKind::Dict(items) if items.is_empty() => Ty::Dict(unknown(), unknown()),
        ExprKind::List(items) if items.is_empty() => Ty::list(Ty::Unknown),
        ExprKind::Builtin {
            op: Builtin::ToSet,
            args,
            ..
        } if args.is_empty() => Ty::Set(unknown()),
        ExprKind::Tuple(items) if items.is_empty() => Ty::Tuple(Vec::new()),
        ExprKind::Lit(Lit::Str(_)) => Ty::Str,
        ExprKind::Lit(Lit::Int(_)) => Ty::Int(IntTy::Unbounded),
        ExprKind::Lit(Lit::Float(_)) => Ty::Float(FloatTy::F64),
        ExprKind::Lit(Lit::Bool(_)) => Ty::Bool,
        _ => return None,
    };
    params
        .is_empty()
        .then(|| Ty::Func(Vec::new(), Box::new(made)))
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

    /// A parameter's default that names a built-in type (`factory=dict`),
    /// into JavaScript, where the body only calls the parameter without
    /// arguments: `lambda: {}`, a function making what the type makes
    /// (`() => new Map()`). Created at each call, as JavaScript evaluates
    /// a default, it differs from Python's one type object only in
    /// identity, which calling it does not read. `None` for any other
    /// default. The parameter is then typed as such a factory (see
    /// [`factory_ty`]), an assumption about what callers pass, as
    /// `factory: Callable[[], dict]` would state it.
    pub(super) fn factory_default(&mut self, body: Node, param: &str, value: Node) -> Option<Expr> {
        let name = text(value, self.src);
        let made = empty_value(name)?;
        if self.shadowed(name)
            || self.rebound(name)
            || !called_without_arguments(body, param, self.src)
        {
            return None;
        }
        let line = self.line(value);
        let body = self.at(line, made);
        Some(self.at(
            line,
            ExprKind::Lambda {
                params: Vec::new(),
                body: Box::new(body),
            },
        ))
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
