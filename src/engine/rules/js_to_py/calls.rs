//! Calls: methods of strings, arrays, sets and maps; `Math`, `Number`,
//! `String`, `Array`, `console`; callbacks (`map`, `filter`, `reduce`...)
//! written as comprehensions.

use tree_sitter::Node;

use super::super::types::Ty;
use super::super::{named_children, Res};
use super::expr::{
    number_value, py_string, strip_parens, wrap, Ex, PY_ADD, PY_ATOM, PY_CALL, PY_CMP, PY_IFEXP,
    PY_MUL, PY_OR, PY_UNARY,
};
use super::hints::{self, ARRAY_METHODS, STR_METHODS};
use super::Tx;
use crate::symbols::py_name;

/// A callback's shape: its parameters' JavaScript names and the expression
/// it returns, or the nested function it was hoisted into.
struct Callback<'t> {
    params: Vec<String>,
    body: Node<'t>,
    /// A callback with statements, written as a nested function before the
    /// statement: its Python name and what it returns.
    hoisted: Option<(String, Ty)>,
}

impl<'s> Tx<'s> {
    fn args<'t>(&self, call: Node<'t>) -> Vec<Node<'t>> {
        call.child_by_field_name("arguments")
            .map(named_children)
            .unwrap_or_default()
    }

    fn callback<'t>(
        &mut self,
        f: Node<'t>,
        role: &str,
        param_types: &[(Ty, bool)],
    ) -> Res<Callback<'t>> {
        let f = strip_parens(f);
        if !matches!(f.kind(), "arrow_function" | "function_expression") {
            return self.decline(f, "function passed by name (it would get extra arguments)");
        }
        let mut params = Vec::new();
        for p in hints::callback_params(f) {
            if p.kind() != "identifier" {
                return self.decline(p, "callback parameter that is not a name");
            }
            params.push(self.t(p).to_string());
        }
        let body = f.child_by_field_name("body").expect("body");
        match self.single_expression_body(body) {
            Ok(body) => Ok(Callback {
                params,
                body,
                hoisted: None,
            }),
            Err(e) => {
                // Statements: a nested function, written before the statement.
                let in_function = self.scopes.iter().any(|s| s.is_function);
                if self.no_hoist > 0 || !in_function || body.kind() != "statement_block" {
                    return Err(e);
                }
                let name = self.fresh_name(role);
                let mut def = super::Out::default();
                self.name_override = Some(name.clone());
                self.param_presets = param_types.to_vec();
                self.function(f, f, None, None, &mut def)?;
                self.hoisted.push(def);
                let ret = std::mem::replace(&mut self.last_function_ret, Ty::Unknown);
                Ok(Callback {
                    params,
                    body,
                    hoisted: Some((name, ret)),
                })
            }
        }
    }

    /// A Python name the code does not use yet.
    fn fresh_name(&self, base: &str) -> String {
        let taken = |n: &str| {
            self.src.contains(n)
                || self.renames.values().any(|v| v == n)
                || self
                    .scopes
                    .iter()
                    .any(|s| s.names.values().any(|b| b.target == n))
        };
        (1..)
            .map(|i| {
                if i == 1 {
                    base.to_string()
                } else {
                    format!("{base}{i}")
                }
            })
            .find(|n| !taken(n))
            .expect("some name is free")
    }

    /// The value a callback gives for its parameters bound to Python names:
    /// its expression, or a call of the function it was hoisted into.
    fn callback_value(
        &mut self,
        cb: &Callback,
        bound: &[(String, String, Ty)],
        as_cond: bool,
    ) -> Res<Ex> {
        match &cb.hoisted {
            None => {
                // The callers have written these names already: where two
                // meet, or one would hide a name the body uses from
                // outside, decline rather than guess.
                let own: Vec<String> = bound.iter().map(|(js, _, _)| js.clone()).collect();
                let avoid = self.outer_targets(cb.body, &own);
                let mut seen = std::collections::HashMap::<&str, &str>::new();
                for (js, py, _) in bound {
                    if py == "None" {
                        continue;
                    }
                    if let Some(other) = seen.insert(py, js) {
                        return self.decline(
                            cb.body,
                            format!(
                                "callback parameters `{other}` and `{js}` that both become `{py}`"
                            ),
                        );
                    }
                    if avoid.contains(py) {
                        return self.decline(
                            cb.body,
                            format!("callback parameter `{js}` that would hide `{py}`"),
                        );
                    }
                }
                self.with_bound(bound, cb.body, as_cond)
            }
            Some((name, ret)) => {
                let args: Vec<String> = cb
                    .params
                    .iter()
                    .map(|p| {
                        bound
                            .iter()
                            .find(|(js, _, _)| js == p)
                            .map(|(_, py, _)| py.clone())
                            .unwrap_or_else(|| "None".to_string())
                    })
                    .collect();
                let call = Ex::new(
                    format!("{name}({})", args.join(", ")),
                    PY_CALL,
                    ret.clone().or_unknown(),
                );
                if as_cond {
                    self.truthy(call, cb.body)
                } else {
                    Ok(call)
                }
            }
        }
    }

    /// A fresh Python name for a callback parameter.
    fn param_py(&self, js: &str, node: Node) -> Res<String> {
        match py_name(js) {
            Some(p) => Ok(p),
            None => self.decline(node, format!("name `{js}` that Python cannot spell")),
        }
    }

    pub(super) fn call(&mut self, node: Node) -> Res<Ex> {
        let f = node.child_by_field_name("function").expect("function");
        if self.t(node).contains("?.") {
            return self.decline(node, "optional chaining (`?.`)");
        }
        let args = self.args(node);
        if args.iter().any(|a| a.kind() == "spread_element") && !self.t(f).starts_with("Math.") {
            let is_user = f.kind() == "identifier";
            if !is_user {
                return self.decline(node, "spread arguments");
            }
        }
        match f.kind() {
            "identifier" => {
                let name = self.t(f);
                if let Some(b) = self.lookup(name, f)? {
                    return self.user_call(Ex::atom(b.target, b.ty), &args);
                }
                match name {
                    "parseInt" => self.parse_int(&args, node),
                    "parseFloat" => self.decline(node, "`parseFloat()`"),
                    "isNaN" => self.decline(node, "`isNaN()` (it converts its argument)"),
                    "Number" => self.number_call(&args, node),
                    "String" => {
                        let [a] = args.as_slice() else {
                            return self.decline(node, "`String()` arity");
                        };
                        let v = self.expr(*a)?;
                        let code = self.stringify(v, node)?;
                        Ok(Ex::new(code, PY_CALL, Ty::Str))
                    }
                    "Boolean" => {
                        let [a] = args.as_slice() else {
                            return self.decline(node, "`Boolean()` arity");
                        };
                        let c = self.cond(*a)?;
                        if c.ty == Ty::Bool && c.prec <= PY_CMP {
                            return Ok(c);
                        }
                        Ok(Ex::new(format!("bool({})", c.code), PY_CALL, Ty::Bool))
                    }
                    "require" => self.decline(node, "`require`"),
                    // Regression (underscore's `times`): `Array(n)` was kept
                    // as a call, a NameError in Python. JavaScript's built-in
                    // constructors called without `new` have no Python
                    // counterpart of that name; a module's own binding of
                    // the name is found by `lookup` or `renames` first.
                    "Array" | "Object" | "Map" | "Set" | "Date" | "RegExp" | "Symbol" | "Error"
                    | "TypeError" | "RangeError" | "Function" | "Promise" | "BigInt"
                        if !self.renames.contains_key(name) =>
                    {
                        self.decline(node, format!("`{name}()` called without `new`"))
                    }
                    _ => {
                        let callee = Ex::atom(self.global_name(f, name)?, Ty::Unknown);
                        self.user_call(callee, &args)
                    }
                }
            }
            "member_expression" => {
                let obj = f.child_by_field_name("object").expect("object");
                let prop = self.t(f.child_by_field_name("property").expect("property"));
                let obj_text = self.t(obj);
                let is_global = obj.kind() == "identifier" && self.lookup(obj_text, obj)?.is_none();
                if is_global {
                    match obj_text {
                        "Math" => return self.math(prop, &args, node),
                        "Number" => return self.number_static(prop, &args, node),
                        "String" => return self.string_static(prop, &args, node),
                        "Array" => return self.array_static(prop, &args, node),
                        "Object" | "JSON" | "Date" | "Promise" | "Reflect" | "Symbol" => {
                            return self.decline(node, format!("`{obj_text}.{prop}()`"))
                        }
                        "console" => return self.console(prop, &args, node),
                        _ => {}
                    }
                }
                self.method(obj, prop, &args, node)
            }
            _ => self.decline(node, "call of a computed function"),
        }
    }

    fn user_call(&mut self, callee: Ex, args: &[Node]) -> Res<Ex> {
        let mut codes = Vec::new();
        for a in args {
            if a.kind() == "spread_element" {
                let v = self.expr(named_children(*a)[0])?;
                codes.push(format!("*{}", wrap(&v, PY_CALL)));
            } else {
                let v = self.expr(*a)?;
                codes.push(wrap(&v, PY_IFEXP));
            }
        }
        let ty = match &callee.ty {
            Ty::Func(r) => (**r).clone().or_unknown(),
            _ => Ty::Unknown,
        };
        Ok(Ex::new(
            format!("{}({})", wrap(&callee, PY_CALL), codes.join(", ")),
            PY_CALL,
            ty,
        ))
    }

    fn parse_int(&mut self, args: &[Node], node: Node) -> Res<Ex> {
        let (s, radix) = match args {
            [s] => (*s, None),
            [s, r] => (*s, Some(*r)),
            _ => return self.decline(node, "`parseInt()` arity"),
        };
        if let Some(r) = radix {
            if number_value(r, self.src) != Some(10.0) {
                return self.decline(node, "`parseInt()` with a radix other than 10");
            }
        }
        let v = self.expr(s)?;
        match v.ty {
            Ty::Nat | Ty::Int => Ok(v),
            Ty::Str => {
                let f = self.helper(super::super::helpers::PyHelper::JsParseInt);
                Ok(Ex::new(format!("{f}({})", v.code), PY_CALL, Ty::Num))
            }
            _ => self.decline(
                node,
                format!("`parseInt()` of a {} (it reads a prefix of digits)", v.ty),
            ),
        }
    }

    fn number_call(&mut self, args: &[Node], node: Node) -> Res<Ex> {
        let [a] = args else {
            return self.decline(node, "`Number()` arity");
        };
        let v = self.expr(*a)?;
        match v.ty {
            Ty::Nat | Ty::Int | Ty::Float | Ty::Num => Ok(v),
            Ty::Bool => Ok(Ex::new(format!("int({})", v.code), PY_CALL, Ty::Nat)),
            Ty::Str | Ty::Unknown | Ty::None | Ty::Optional(_) => {
                let f = self.helper(super::super::helpers::PyHelper::JsNumber);
                Ok(Ex::new(format!("{f}({})", v.code), PY_CALL, Ty::Num))
            }
            ref t => self.decline(node, format!("`Number()` of a {t}")),
        }
    }

    fn math(&mut self, f: &str, args: &[Node], node: Node) -> Res<Ex> {
        // Math.max(...xs) and Math.min(...xs).
        if matches!(f, "max" | "min") {
            if let [a] = args {
                if a.kind() == "spread_element" {
                    let inner = named_children(*a)[0];
                    let v = self.iterable_arg(inner)?;
                    let elem = v.ty.elem();
                    if !(elem.is_number() || elem == Ty::Bool || elem == Ty::Unknown) {
                        return self.decline(node, format!("`Math.{f}()` of {elem} values"));
                    }
                    self.import("import math");
                    // JavaScript gives -Infinity (Infinity) for no values.
                    let default = if f == "max" { "-math.inf" } else { "math.inf" };
                    let elem = if elem == Ty::Unknown { Ty::Num } else { elem };
                    // A list comprehension passed on its own is a generator.
                    let values = if v.code.starts_with('[')
                        && v.code.ends_with(']')
                        && v.code.contains(" for ")
                    {
                        format!("({})", &v.code[1..v.code.len() - 1])
                    } else {
                        v.code.clone()
                    };
                    return Ok(Ex::new(
                        format!("{f}({values}, default={default})"),
                        PY_CALL,
                        elem.join(&Ty::Float),
                    ));
                }
            }
        }
        let mut vals = Vec::new();
        for a in args {
            if a.kind() == "spread_element" {
                return self.decline(*a, format!("spread in `Math.{f}()`"));
            }
            let v = self.expr(*a)?;
            if !(v.ty.is_number() || v.ty == Ty::Bool || v.ty == Ty::Unknown) {
                return self.decline(node, format!("`Math.{f}()` of a {}", v.ty));
            }
            // `Math` turns its arguments into numbers: `Math.max("10", "9")`
            // is 10, where Python's `max` would compare strings.
            let v = if v.ty == Ty::Unknown {
                let n = self.helper(super::super::helpers::PyHelper::JsNumber);
                Ex::new(format!("{n}({})", v.code), PY_CALL, Ty::Num)
            } else {
                v
            };
            vals.push(v);
        }
        let one = |this: &Self| -> Res<Ex> {
            match vals.as_slice() {
                [v] => Ok(v.clone()),
                _ => this.decline(node, format!("`Math.{f}()` arity")),
            }
        };
        match f {
            "abs" => {
                let v = one(self)?;
                let ty = match v.ty {
                    Ty::Nat | Ty::Int | Ty::Bool => Ty::Nat,
                    Ty::Float => Ty::Float,
                    _ => Ty::Num,
                };
                Ok(Ex::new(format!("abs({})", v.code), PY_CALL, ty))
            }
            "max" | "min" => {
                if vals.is_empty() {
                    self.import("import math");
                    let v = if f == "max" { "-math.inf" } else { "math.inf" };
                    return Ok(Ex::new(v, PY_UNARY, Ty::Float));
                }
                if vals.len() == 1 {
                    return Ok(vals.pop().expect("one"));
                }
                let ty = vals.iter().fold(Ty::Never, |t, v| t.join(&v.ty));
                let ty = if ty.is_number() { ty } else { Ty::Num };
                let codes: Vec<String> = vals.iter().map(|v| wrap(v, PY_IFEXP)).collect();
                Ok(Ex::new(format!("{f}({})", codes.join(", ")), PY_CALL, ty))
            }
            "floor" | "ceil" | "trunc" | "round" => {
                let v = one(self)?;
                if v.ty.is_int() {
                    return Ok(v);
                }
                // `Math.floor(a / b)` is floor division.
                let arg = strip_parens(args[0]);
                if f == "floor"
                    && arg.kind() == "binary_expression"
                    && self.t(arg.child_by_field_name("operator").expect("op")) == "/"
                {
                    let a = self.expr(arg.child_by_field_name("left").expect("left"))?;
                    let b = self.expr(arg.child_by_field_name("right").expect("right"))?;
                    let ty = if a.ty.is_int() && b.ty.is_int() {
                        if a.ty == Ty::Nat && b.ty == Ty::Nat {
                            Ty::Nat
                        } else {
                            Ty::Int
                        }
                    } else if a.ty == Ty::Float || b.ty == Ty::Float {
                        return self.floor_call(f, v);
                    } else {
                        Ty::Int
                    };
                    if ty == Ty::Int && !(a.ty.is_int() && b.ty.is_int()) {
                        return self.floor_call(f, v);
                    }
                    return Ok(Ex::new(
                        format!("{} // {}", wrap(&a, PY_MUL), wrap(&b, PY_MUL + 1)),
                        PY_MUL,
                        ty,
                    ));
                }
                self.floor_call(f, v)
            }
            "sqrt" | "exp" | "log" | "log2" | "log10" | "sin" | "cos" | "tan" | "asin" | "acos"
            | "atan" => {
                let v = one(self)?;
                self.import("import math");
                Ok(Ex::new(format!("math.{f}({})", v.code), PY_CALL, Ty::Float))
            }
            "atan2" | "hypot" => {
                self.import("import math");
                let codes: Vec<String> = vals.iter().map(|v| v.code.clone()).collect();
                Ok(Ex::new(
                    format!("math.{f}({})", codes.join(", ")),
                    PY_CALL,
                    Ty::Float,
                ))
            }
            "pow" => {
                let [a, b] = vals.as_slice() else {
                    return self.decline(node, "`Math.pow()` arity");
                };
                let exp_int = b.ty.is_int();
                if !exp_int && a.ty != Ty::Nat {
                    // A negative base with a fraction: NaN in JavaScript, a
                    // complex number in Python.
                    return self.decline(
                        node,
                        "`Math.pow()` with an exponent that may not be an integer",
                    );
                }
                let ty = match (&a.ty, &b.ty) {
                    (Ty::Nat, Ty::Nat) => Ty::Nat,
                    (Ty::Int, Ty::Nat) => Ty::Int,
                    _ => Ty::Float,
                };
                // Regression (HumanEval-X `find_zero`, the mutation
                // benchmark's false alarm): a float power past the float
                // range is Infinity in JavaScript, OverflowError in Python.
                if !(a.ty.is_int() && b.ty == Ty::Nat) {
                    let f = self.helper(super::super::helpers::PyHelper::JsPow);
                    return Ok(Ex::new(format!("{f}({}, {})", a.code, b.code), PY_CALL, ty));
                }
                Ok(Ex::new(
                    format!(
                        "{} ** {}",
                        wrap(a, super::expr::PY_POW + 1),
                        wrap(b, PY_UNARY)
                    ),
                    super::expr::PY_POW,
                    ty,
                ))
            }
            _ => self.decline(node, format!("`Math.{f}()`")),
        }
    }

    fn floor_call(&mut self, f: &str, v: Ex) -> Res<Ex> {
        self.import("import math");
        let code = match f {
            // JavaScript rounds halves up.
            "round" => format!("math.floor({} + 0.5)", wrap(&v, PY_ADD)),
            _ => format!("math.{f}({})", v.code),
        };
        Ok(Ex::new(code, PY_CALL, Ty::Int))
    }

    fn number_static(&mut self, f: &str, args: &[Node], node: Node) -> Res<Ex> {
        let [a] = args else {
            return self.decline(node, format!("`Number.{f}()` arity"));
        };
        match f {
            "isInteger" => {
                let v = self.expr(*a)?;
                match v.ty {
                    Ty::Nat | Ty::Int => Ok(Ex::atom("True", Ty::Bool)),
                    Ty::Float | Ty::Num | Ty::Unknown => self.decline(
                        node,
                        "`Number.isInteger()` of a value that may be a Python float (Python tells 3.0 from 3)",
                    ),
                    _ if self.is_pure(*a) => {
                        let x = wrap(&v, PY_CALL);
                        Ok(Ex::new(
                            format!(
                                "isinstance({x}, int) and not isinstance({x}, bool) or isinstance({x}, float) and {x}.is_integer()"
                            ),
                            PY_OR,
                            Ty::Bool,
                        ))
                    }
                    _ => self.decline(node, "`Number.isInteger()` of an expression with side effects"),
                }
            }
            "isNaN" => {
                let v = self.expr(*a)?;
                if !v.ty.is_number() {
                    return self.decline(node, format!("`Number.isNaN()` of a {}", v.ty));
                }
                self.import("import math");
                Ok(Ex::new(
                    format!("math.isnan({})", v.code),
                    PY_CALL,
                    Ty::Bool,
                ))
            }
            "parseInt" => self.parse_int(args, node),
            _ => self.decline(node, format!("`Number.{f}()`")),
        }
    }

    fn string_static(&mut self, f: &str, args: &[Node], node: Node) -> Res<Ex> {
        match (f, args) {
            ("fromCharCode" | "fromCodePoint", [a]) => {
                let v = self.expr(*a)?;
                if !(v.ty.is_number() || v.ty == Ty::Unknown) {
                    return self.decline(node, format!("`String.{f}()` of a {}", v.ty));
                }
                Ok(Ex::new(format!("chr({})", v.code), PY_CALL, Ty::Str))
            }
            _ => self.decline(node, format!("`String.{f}()`")),
        }
    }

    fn array_static(&mut self, f: &str, args: &[Node], node: Node) -> Res<Ex> {
        match (f, args) {
            ("isArray", [a]) => {
                let v = self.expr(*a)?;
                Ok(Ex::new(
                    format!("isinstance({}, list)", v.code),
                    PY_CALL,
                    Ty::Bool,
                ))
            }
            ("from", [a]) => {
                let v = self.iterable_arg(*a)?;
                if v.unordered {
                    return self.decline(
                        node,
                        "`Array.from()` of a `Set` (the order differs in Python)",
                    );
                }
                if v.fresh {
                    return Ok(v);
                }
                Ok(Ex::fresh(
                    format!("list({})", v.code),
                    PY_CALL,
                    Ty::list(v.ty.elem()),
                ))
            }
            ("from", [len_obj, cb]) => {
                // Array.from({ length: n }, (_, i) => f(i)).
                let pairs = named_children(*len_obj);
                let n = match (len_obj.kind(), pairs.as_slice()) {
                    ("object", [p])
                        if p.kind() == "pair"
                            && p.child_by_field_name("key")
                                .is_some_and(|k| self.t(k) == "length") =>
                    {
                        p.child_by_field_name("value").expect("value")
                    }
                    _ => return self.decline(node, "`Array.from()` with a mapping function"),
                };
                let n = self.expr(n)?;
                if !n.ty.is_int() {
                    return self.decline(
                        node,
                        "`Array.from()` with a length that may not be an integer",
                    );
                }
                let cb = self.callback(*cb, "make", &[(Ty::None, false), (Ty::Nat, false)])?;
                let idx = cb.params.get(1).cloned();
                let var = match &idx {
                    Some(i) => self.param_py(i, node)?,
                    None => "_".to_string(),
                };
                let mut bound = vec![];
                if let Some(first) = cb.params.first() {
                    bound.push((first.clone(), "None".to_string(), Ty::None));
                }
                if let Some(i) = &idx {
                    bound.push((i.clone(), var.clone(), Ty::Nat));
                }
                let body = self.callback_value(&cb, &bound, false)?;
                Ok(Ex::fresh(
                    format!("[{} for {var} in range({})]", wrap(&body, PY_IFEXP), n.code),
                    PY_ATOM,
                    Ty::list(body.ty),
                ))
            }
            _ => self.decline(node, format!("`Array.{f}()`")),
        }
    }

    fn console(&mut self, f: &str, args: &[Node], node: Node) -> Res<Ex> {
        if f != "log" {
            return self.decline(node, format!("`console.{f}()`"));
        }
        let mut codes = Vec::new();
        for a in args {
            let v = self.expr(*a)?;
            if !matches!(v.ty, Ty::Str | Ty::Nat | Ty::Int) {
                return self.decline(node, format!("`console.log()` of a {}", v.ty));
            }
            codes.push(v.code);
        }
        Ok(Ex::new(
            format!("print({})", codes.join(", ")),
            PY_CALL,
            Ty::None,
        ))
    }

    /// An argument that is iterated: `new Set(x)` becomes an ordered
    /// `dict.fromkeys(x)` here, since JavaScript sets keep insertion order.
    pub(super) fn iterable_arg(&mut self, node: Node) -> Res<Ex> {
        let node = strip_parens(node);
        if node.kind() == "new_expression"
            && node
                .child_by_field_name("constructor")
                .is_some_and(|c| self.t(c) == "Set")
        {
            let args = self.args(node);
            let [a] = args.as_slice() else {
                return self.decline(node, "`new Set()` arity");
            };
            let v = self.expr(*a)?;
            return Ok(Ex::fresh(
                format!("list(dict.fromkeys({}))", v.code),
                PY_CALL,
                Ty::list(v.ty.elem()),
            ));
        }
        if node.kind() == "array" {
            if let [only] = named_children(node).as_slice() {
                if only.kind() == "spread_element" {
                    return self.iterable_arg(named_children(*only)[0]);
                }
            }
        }
        let v = self.expr_any_order(node)?;
        if matches!(v.ty, Ty::Set(_)) {
            return Ok(Ex {
                unordered: true,
                fresh: false,
                ..Ex::new(v.code, v.prec, Ty::list(v.ty.elem()))
            });
        }
        Ok(v)
    }

    pub(super) fn new_expression(&mut self, node: Node) -> Res<Ex> {
        let ctor = node
            .child_by_field_name("constructor")
            .map(|c| self.t(c))
            .unwrap_or("");
        let args = self.args(node);
        match (ctor, args.as_slice()) {
            ("Set", []) => Ok(Ex::new("set()", PY_CALL, Ty::set(Ty::Never))),
            ("Set", [a]) => {
                let v = self.expr(*a)?;
                if !(v.ty.is_sequence() || v.ty == Ty::Unknown) {
                    return self.decline(node, format!("`new Set()` of a {}", v.ty));
                }
                Ok(Ex::new(
                    format!("set({})", v.code),
                    PY_CALL,
                    Ty::set(v.ty.elem()),
                ))
            }
            ("Map" | "Object", []) => Ok(Ex::atom("{}", Ty::dict(Ty::Never, Ty::Never))),
            ("Array", []) => Ok(Ex::fresh("[]", PY_ATOM, Ty::list(Ty::Never))),
            _ => self.decline(node, format!("`new {ctor}(...)`")),
        }
    }

    // -- Methods ----------------------------------------------------------

    fn method(&mut self, obj: Node, m: &str, args: &[Node], node: Node) -> Res<Ex> {
        // `new Array(n).fill(v)`.
        if m == "fill" && obj.kind() == "new_expression" {
            let ctor = obj
                .child_by_field_name("constructor")
                .map(|c| self.t(c))
                .unwrap_or("");
            let nargs = self.args(obj);
            if let ("Array", [n], [v]) = (ctor, nargs.as_slice(), args) {
                let n = self.expr(*n)?;
                let v = self.expr(*v)?;
                if !n.ty.is_int() {
                    return self.decline(
                        node,
                        "`new Array(n)` with a length that may not be an integer",
                    );
                }
                if !v.ty.is_primitive() {
                    return self.decline(
                        node,
                        "`fill()` with a value that is not a number or string (it would be shared)",
                    );
                }
                return Ok(Ex::fresh(
                    format!("[{}] * {}", v.code, wrap(&n, PY_MUL + 1)),
                    PY_MUL,
                    Ty::list(v.ty),
                ));
            }
        }
        let recv = self.expr_any_order(obj)?;
        let rt = recv.ty.strip_optional().clone();
        let is_str =
            rt == Ty::Str || matches!(rt, Ty::Unknown | Ty::Seq(_)) && STR_METHODS.contains(&m);
        let is_list = matches!(rt, Ty::List(_))
            || matches!(rt, Ty::Unknown | Ty::Seq(_)) && ARRAY_METHODS.contains(&m);
        if recv.unordered && !(is_list && m == "sort") {
            return self.decline(obj, "iteration order of a `Set` turned into a Python set");
        }
        if m == "toString" {
            return self.method_to_string(recv, args, node);
        }
        if is_str {
            return self.str_method(recv, m, args, node);
        }
        if is_list {
            let recv = Ex {
                ty: if let Ty::List(_) = rt {
                    rt
                } else {
                    Ty::list(rt.elem())
                },
                ..recv
            };
            return self.array_method(recv, obj, m, args, node);
        }
        match rt {
            Ty::Seq(_) | Ty::Unknown
                if matches!(m, "slice" | "includes" | "indexOf" | "at" | "concat") =>
            {
                self.seq_method(recv, obj, m, args, node)
            }
            Ty::Set(_) => self
                .set_method(recv, m, args, node, false)
                .map(|e| e.expect("value")),
            Ty::Dict(..) => self
                .map_method(recv, obj, m, args, node, false)
                .map(|e| e.expect("value")),
            _ => self.decline(node, format!("method `.{m}()` on a {}", recv.ty)),
        }
    }

    fn method_to_string(&mut self, v: Ex, args: &[Node], node: Node) -> Res<Ex> {
        match args {
            [] => {
                let code = self.stringify(v, node)?;
                Ok(Ex::new(code, PY_CALL, Ty::Str))
            }
            [r] => {
                let spec = match number_value(*r, self.src) {
                    Some(2.0) => "b",
                    Some(8.0) => "o",
                    Some(16.0) => "x",
                    Some(10.0) => return self.method_to_string(v, &[], node),
                    _ => return self.decline(node, "`toString()` with this radix"),
                };
                if !v.ty.is_int() {
                    return self.decline(node, format!("`toString({})` of a {}", self.t(*r), v.ty));
                }
                Ok(Ex::new(
                    format!("format({}, \"{spec}\")", v.code),
                    PY_CALL,
                    Ty::Str,
                ))
            }
            _ => self.decline(node, "`toString()` arity"),
        }
    }

    fn str_method(&mut self, s: Ex, m: &str, args: &[Node], node: Node) -> Res<Ex> {
        let sw = wrap(&s, PY_CALL);
        let mut vals = Vec::new();
        for a in args {
            if a.kind() == "regex" {
                continue;
            }
            vals.push(self.expr(*a)?);
        }
        let need = |this: &Self, n: usize| -> Res<()> {
            if vals.len() != n || args.len() != n {
                return this.decline(node, format!("`.{m}()` with {} arguments", args.len()));
            }
            Ok(())
        };
        let str_arg = |this: &Self, i: usize| -> Res<String> {
            match vals.get(i) {
                Some(v) if matches!(v.ty, Ty::Str | Ty::Unknown) => Ok(v.code.clone()),
                Some(v) => this.decline(node, format!("`.{m}()` with a {} argument", v.ty)),
                None => this.decline(node, format!("`.{m}()` arity")),
            }
        };
        let int_arg = |this: &Self, i: usize| -> Res<Ex> {
            match vals.get(i) {
                Some(v) if v.ty.is_int() || v.ty == Ty::Num => Ok(v.clone()),
                Some(v) => this.decline(node, format!("`.{m}()` with a {} argument", v.ty)),
                None => this.decline(node, format!("`.{m}()` arity")),
            }
        };
        match m {
            "toLowerCase" | "toUpperCase" | "trim" | "trimStart" | "trimEnd" => {
                need(self, 0)?;
                let py = match m {
                    "toLowerCase" => "lower",
                    "toUpperCase" => "upper",
                    "trim" => "strip",
                    "trimStart" => "lstrip",
                    _ => "rstrip",
                };
                Ok(Ex::new(format!("{sw}.{py}()"), PY_CALL, Ty::Str))
            }
            "split" => match args {
                [] => Ok(Ex::fresh(
                    format!("[{}]", s.code),
                    PY_ATOM,
                    Ty::list(Ty::Str),
                )),
                [sep] if sep.kind() == "regex" => self.regex_split(&s, *sep, node),
                [_] => {
                    let sep = str_arg(self, 0)?;
                    if sep == "\"\"" {
                        let mut e =
                            Ex::fresh(format!("list({})", s.code), PY_CALL, Ty::list(Ty::Str));
                        e.chars = Some((sw, false));
                        return Ok(e);
                    }
                    if args[0].kind() != "string" {
                        return self.decline(
                            node,
                            "`split()` with a computed separator (it may be empty)",
                        );
                    }
                    Ok(Ex::fresh(
                        format!("{sw}.split({sep})"),
                        PY_CALL,
                        Ty::list(Ty::Str),
                    ))
                }
                _ => self.decline(node, "`split()` with a limit"),
            },
            "includes" => {
                need(self, 1)?;
                let sub = str_arg(self, 0)?;
                Ok(Ex::new(
                    format!("{sub} in {}", wrap(&s, PY_CMP + 1)),
                    PY_CMP,
                    Ty::Bool,
                ))
            }
            "startsWith" | "endsWith" => {
                need(self, 1)?;
                let sub = str_arg(self, 0)?;
                let py = if m == "startsWith" {
                    "startswith"
                } else {
                    "endswith"
                };
                Ok(Ex::new(format!("{sw}.{py}({sub})"), PY_CALL, Ty::Bool))
            }
            "indexOf" | "lastIndexOf" => {
                need(self, 1)?;
                let sub = str_arg(self, 0)?;
                let py = if m == "indexOf" { "find" } else { "rfind" };
                Ok(Ex::new(format!("{sw}.{py}({sub})"), PY_CALL, Ty::Int))
            }
            "slice" => self.slice_of(s, &vals, args, node),
            "substring" => {
                let a = int_arg(self, 0)?;
                if a.ty != Ty::Nat {
                    return self.decline(node, "`substring()` with a bound that may be negative");
                }
                match vals.len() {
                    1 => Ok(Ex::new(format!("{sw}[{}:]", a.code), PY_CALL, Ty::Str)),
                    2 => {
                        let b = int_arg(self, 1)?;
                        if b.ty != Ty::Nat {
                            return self
                                .decline(node, "`substring()` with a bound that may be negative");
                        }
                        // substring swaps its bounds when the first is larger.
                        if let (Ok(x), Ok(y)) = (a.code.parse::<i64>(), b.code.parse::<i64>()) {
                            let (lo, hi) = (x.min(y), x.max(y));
                            return Ok(Ex::new(format!("{sw}[{lo}:{hi}]"), PY_CALL, Ty::Str));
                        }
                        if !(self.is_pure(args[0]) && self.is_pure(args[1])) {
                            return self
                                .decline(node, "`substring()` with bounds that have side effects");
                        }
                        Ok(Ex::new(
                            format!("{sw}[min({0}, {1}):max({0}, {1})]", a.code, b.code),
                            PY_CALL,
                            Ty::Str,
                        ))
                    }
                    _ => self.decline(node, "`substring()` arity"),
                }
            }
            "charAt" => {
                // charAt past the end gives "", as a one-character slice does.
                let i = int_arg(self, 0)?;
                if i.ty != Ty::Nat {
                    return self.decline(node, "`charAt()` at an index that may be negative");
                }
                let end = match i.code.parse::<i64>() {
                    Ok(v) => (v + 1).to_string(),
                    Err(_) => format!("{} + 1", wrap(&i, PY_ADD)),
                };
                Ok(Ex::new(format!("{sw}[{}:{end}]", i.code), PY_CALL, Ty::Str))
            }
            "charCodeAt" | "codePointAt" => {
                let idx = match vals.first() {
                    None => "0".to_string(),
                    Some(_) => int_arg(self, 0)?.code,
                };
                let obj = node
                    .child_by_field_name("function")
                    .and_then(|f| f.child_by_field_name("object"))
                    .expect("method object");
                // A single character: an element of a string, a one-letter
                // literal, or a name bound to characters.
                let name = self.t(strip_parens(obj));
                let single_char = obj.kind() == "string" && self.t(obj).chars().count() == 3
                    || obj.kind() == "subscript_expression"
                        && obj
                            .child_by_field_name("object")
                            .is_some_and(|o| self.expr(o).is_ok_and(|e| e.ty == Ty::Str))
                    || self.fscope().single_chars.contains(name);
                if single_char && idx == "0" {
                    return Ok(Ex::new(format!("ord({})", s.code), PY_CALL, Ty::Nat));
                }
                match args.first() {
                    Some(a) => {
                        self.check_fixed_read(obj, *a, node)?;
                        self.check_index_sign(*a, &vals[0], node)?;
                    }
                    None => {
                        // charCodeAt() reads index 0.
                        if !self.known_length(name, 1, node.start_byte()) {
                            return self
                                .decline(node, "`charCodeAt()` of a string that may be empty");
                        }
                    }
                }
                Ok(Ex::new(format!("ord({sw}[{idx}])"), PY_CALL, Ty::Nat))
            }
            "at" => {
                let i = int_arg(self, 0)?;
                let obj = node
                    .child_by_field_name("function")
                    .and_then(|f| f.child_by_field_name("object"))
                    .expect("method object");
                self.check_fixed_read(obj, args[0], node)?;
                Ok(Ex::new(format!("{sw}[{}]", i.code), PY_CALL, Ty::Str))
            }
            "repeat" => {
                let n = int_arg(self, 0)?;
                Ok(Ex::new(
                    format!("{} * {}", wrap(&s, PY_MUL), wrap(&n, PY_MUL + 1)),
                    PY_MUL,
                    Ty::Str,
                ))
            }
            "padStart" | "padEnd" => {
                let n = int_arg(self, 0)?;
                let py = if m == "padStart" { "rjust" } else { "ljust" };
                match args.get(1) {
                    None => Ok(Ex::new(format!("{sw}.{py}({})", n.code), PY_CALL, Ty::Str)),
                    Some(c) if c.kind() == "string" && self.t(*c).chars().count() == 3 => {
                        Ok(Ex::new(
                            format!("{sw}.{py}({}, {})", n.code, vals[1].code),
                            PY_CALL,
                            Ty::Str,
                        ))
                    }
                    Some(_) => self.decline(
                        node,
                        format!("`{m}()` with a padding that is not one character"),
                    ),
                }
            }
            "replace" | "replaceAll" => {
                if args.first().is_some_and(|a| a.kind() == "regex") {
                    return self.decline(node, format!("`{m}()` with a regular expression"));
                }
                need(self, 2)?;
                let a = str_arg(self, 0)?;
                if args[1].kind() != "string" || self.t(args[1]).contains('$') {
                    return self.decline(
                        node,
                        format!("`{m}()` with a replacement that is not a plain string"),
                    );
                }
                let b = str_arg(self, 1)?;
                if m == "replace" {
                    Ok(Ex::new(
                        format!("{sw}.replace({a}, {b}, 1)"),
                        PY_CALL,
                        Ty::Str,
                    ))
                } else {
                    Ok(Ex::new(format!("{sw}.replace({a}, {b})"), PY_CALL, Ty::Str))
                }
            }
            "concat" => {
                need(self, 1)?;
                let b = str_arg(self, 0)?;
                Ok(Ex::new(
                    format!("{} + {b}", wrap(&s, PY_ADD)),
                    PY_ADD,
                    Ty::Str,
                ))
            }
            _ => self.decline(node, format!("string method `.{m}()`")),
        }
    }

    fn regex_split(&mut self, s: &Ex, re: Node, node: Node) -> Res<Ex> {
        let pattern = re
            .child_by_field_name("pattern")
            .map(|p| self.t(p))
            .unwrap_or("");
        if re.child_by_field_name("flags").is_some() {
            return self.decline(node, "`split()` with a regular expression with flags");
        }
        // A pattern that is a plain string: split on it.
        let mut literal = String::new();
        let mut plain = true;
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some(e) if "/-.\\[](){}*+?^$|".contains(e) => literal.push(e),
                    _ => {
                        plain = false;
                        break;
                    }
                },
                '.' | '[' | ']' | '(' | ')' | '{' | '}' | '*' | '+' | '?' | '^' | '$' | '|' => {
                    plain = false;
                    break;
                }
                c => literal.push(c),
            }
        }
        if plain && !literal.is_empty() {
            return Ok(Ex::fresh(
                format!("{}.split({})", wrap(s, PY_CALL), py_string(&literal)),
                PY_CALL,
                Ty::list(Ty::Str),
            ));
        }
        // Only the classes that mean the same in both.
        let safe = pattern
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " \\+*,;:-".contains(c));
        if !safe || pattern.contains("\\b") || pattern.contains("\\u") {
            return self.decline(node, "`split()` with this regular expression");
        }
        self.import("import re");
        Ok(Ex::fresh(
            format!("re.split(r\"{pattern}\", {})", s.code),
            PY_CALL,
            Ty::list(Ty::Str),
        ))
    }

    fn slice_of(&mut self, s: Ex, vals: &[Ex], args: &[Node], node: Node) -> Res<Ex> {
        for v in vals {
            if !(v.ty.is_int() || v.ty == Ty::Num) {
                return self.decline(node, format!("`slice()` with a {} bound", v.ty));
            }
        }
        let sw = wrap(&s, PY_CALL);
        let code = match (vals, args.len()) {
            ([], 0) => format!("{sw}[:]"),
            ([a], 1) => format!("{sw}[{}:]", a.code),
            ([a, b], 2) => {
                if a.code == "0" {
                    format!("{sw}[:{}]", b.code)
                } else {
                    format!("{sw}[{}:{}]", a.code, b.code)
                }
            }
            _ => return self.decline(node, "`slice()` arity"),
        };
        let ty = match s.ty.strip_optional() {
            Ty::Str => Ty::Str,
            Ty::List(e) => Ty::List(e.clone()),
            t => t.clone(),
        };
        Ok(Ex::fresh(code, PY_CALL, ty))
    }

    /// Methods strings and arrays share, on a value that may be either.
    fn seq_method(&mut self, s: Ex, obj: Node, m: &str, args: &[Node], node: Node) -> Res<Ex> {
        match m {
            "slice" => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.expr(*a)?);
                }
                self.slice_of(s, &vals, args, node)
            }
            "includes" => {
                let [a] = args else {
                    return self.decline(node, "`includes()` arity");
                };
                let v = self.expr(*a)?;
                Ok(Ex::new(
                    format!("{} in {}", wrap(&v, PY_CMP + 1), wrap(&s, PY_CMP + 1)),
                    PY_CMP,
                    Ty::Bool,
                ))
            }
            "at" => {
                let [a] = args else {
                    return self.decline(node, "`at()` arity");
                };
                self.check_fixed_read(obj, *a, node)?;
                let v = self.expr(*a)?;
                Ok(Ex::new(
                    format!("{}[{}]", wrap(&s, PY_CALL), v.code),
                    PY_CALL,
                    s.ty.elem(),
                ))
            }
            _ => {
                let _ = obj;
                self.decline(
                    node,
                    format!("`.{m}()` on a value that may be a string or an array"),
                )
            }
        }
    }

    fn array_method(&mut self, xs: Ex, obj: Node, m: &str, args: &[Node], node: Node) -> Res<Ex> {
        let elem = xs.ty.elem();
        let xw = wrap(&xs, PY_CALL);
        match m {
            "slice" => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.expr(*a)?);
                }
                self.slice_of(xs, &vals, args, node)
            }
            "includes" => {
                let [a] = args else {
                    return self.decline(node, "`includes()` arity");
                };
                let v = self.expr(*a)?;
                Ok(Ex::new(
                    format!("{} in {}", wrap(&v, PY_CMP + 1), wrap(&xs, PY_CMP + 1)),
                    PY_CMP,
                    Ty::Bool,
                ))
            }
            "indexOf" => {
                let [a] = args else {
                    return self.decline(node, "`indexOf()` with a start");
                };
                if !(self.is_pure(obj) && self.is_pure(*a)) {
                    return self.decline(node, "`indexOf()` on expressions with side effects");
                }
                let v = self.expr(*a)?;
                Ok(Ex::new(
                    format!(
                        "{xw}.index({0}) if {0} in {1} else -1",
                        v.code,
                        wrap(&xs, PY_CMP + 1)
                    ),
                    PY_IFEXP,
                    Ty::Int,
                ))
            }
            "at" => {
                let [a] = args else {
                    return self.decline(node, "`at()` arity");
                };
                self.check_fixed_read(obj, *a, node)?;
                let v = self.expr(*a)?;
                Ok(Ex::new(format!("{xw}[{}]", v.code), PY_CALL, elem))
            }
            "join" => {
                let sep = match args {
                    [] => "\",\"".to_string(),
                    [s] => {
                        let v = self.expr(*s)?;
                        if v.ty != Ty::Str {
                            return self
                                .decline(node, "`join()` with a separator that is not a string");
                        }
                        wrap(&v, PY_CALL)
                    }
                    _ => return self.decline(node, "`join()` arity"),
                };
                if let Some((s, reversed)) = &xs.chars {
                    if sep == "\"\"" {
                        let code = if *reversed {
                            format!("{s}[::-1]")
                        } else {
                            s.clone()
                        };
                        return Ok(Ex::new(code, PY_CALL, Ty::Str));
                    }
                }
                match elem {
                    Ty::Str => Ok(Ex::new(
                        format!("{sep}.join({})", xs.code),
                        PY_CALL,
                        Ty::Str,
                    )),
                    Ty::Nat | Ty::Int | Ty::Num => Ok(Ex::new(
                        format!("{sep}.join(map(str, {}))", xs.code),
                        PY_CALL,
                        Ty::Str,
                    )),
                    t => self.decline(node, format!("`join()` of {t} values")),
                }
            }
            "reverse" => {
                if !xs.fresh {
                    return self.decline(
                        node,
                        "`reverse()` used as a value on an array that is not new",
                    );
                }
                let mut e = Ex::fresh(
                    format!("{}[::-1]", wrap(&xs, PY_CALL)),
                    PY_CALL,
                    xs.ty.clone(),
                );
                e.chars = xs.chars.as_ref().map(|(s, r)| (s.clone(), !r));
                Ok(e)
            }
            "sort" => {
                let key = self.sort_key(&elem, args, node)?;
                if !xs.fresh {
                    return self
                        .decline(node, "`sort()` used as a value on an array that is not new");
                }
                let inner = match &xs.code {
                    c if c.starts_with("list(")
                        && c.ends_with(')')
                        && xs.prec == PY_CALL
                        && balanced_call(c) =>
                    {
                        c[5..c.len() - 1].to_string()
                    }
                    c => c.clone(),
                };
                let code = match key {
                    Some(k) if !k.is_empty() => format!("sorted({inner}, {k})"),
                    _ => format!("sorted({inner})"),
                };
                Ok(Ex::fresh(code, PY_CALL, xs.ty.clone()))
            }
            "map" | "filter" | "some" | "every" | "find" | "findIndex" | "flatMap" => {
                self.callback_method(xs, obj, m, args, node)
            }
            "reduce" => self.reduce(xs, args, node),
            "concat" => {
                let mut parts = vec![wrap(&xs, PY_ADD)];
                let mut ty = xs.ty.clone();
                for a in args {
                    let v = self.expr(*a)?;
                    if !matches!(v.ty, Ty::List(_)) {
                        return self.decline(node, format!("`concat()` of a {}", v.ty));
                    }
                    ty = ty.join(&v.ty);
                    parts.push(wrap(&v, PY_ADD + 1));
                }
                Ok(Ex::fresh(parts.join(" + "), PY_ADD, ty))
            }
            "pop" | "shift" if args.is_empty() => {
                if !self.is_pure(obj) {
                    return self
                        .decline(node, format!("`{m}()` on an expression with side effects"));
                }
                let index = if m == "pop" { "" } else { "0" };
                Ok(Ex::new(
                    format!("{xw}.pop({index}) if {} else None", xs.code),
                    PY_IFEXP,
                    Ty::Optional(Box::new(elem)),
                ))
            }
            "push" | "unshift" | "splice" | "forEach" | "fill" => {
                self.decline(node, format!("`{m}()` used as a value"))
            }
            _ => self.decline(node, format!("array method `.{m}()`")),
        }
    }

    /// `key=` (and `reverse=`) arguments that sort as a comparator (or
    /// JavaScript's default string order) would.
    fn sort_key(&mut self, elem: &Ty, args: &[Node], node: Node) -> Res<Option<String>> {
        match args {
            [] => match elem {
                Ty::Str => Ok(None),
                // The default sort compares numbers as strings.
                Ty::Nat | Ty::Int => Ok(Some("key=str".to_string())),
                Ty::Dict(..) | Ty::Set(_) | Ty::Func(_) => self.decline(
                    node,
                    format!("`sort()` without a comparator on {elem} values"),
                ),
                _ => {
                    let f = self.helper(super::super::helpers::PyHelper::JsStr);
                    Ok(Some(format!("key={f}")))
                }
            },
            [cmp] => {
                let cb = self.callback(
                    *cmp,
                    "compare",
                    &[(elem.clone(), false), (elem.clone(), false)],
                )?;
                let [a, b] = cb.params.as_slice() else {
                    return self.decline(node, "comparator without two parameters");
                };
                let body = strip_parens(cb.body);
                // (a, b) => a - b and (a, b) => b - a.
                if body.kind() == "binary_expression"
                    && self.t(body.child_by_field_name("operator").expect("op")) == "-"
                    && (elem.is_number() || *elem == Ty::Unknown || *elem == Ty::Bool)
                {
                    let l = self.t(strip_parens(
                        body.child_by_field_name("left").expect("left"),
                    ));
                    let r = self.t(strip_parens(
                        body.child_by_field_name("right").expect("right"),
                    ));
                    if l == a && r == b {
                        return Ok(Some(String::new()));
                    }
                    if l == b && r == a {
                        return Ok(Some("reverse=True".to_string()));
                    }
                }
                // Any other comparator: cmp_to_key, unless it returns a
                // boolean (which JavaScript sorts inconsistently).
                let pa = self.param_py(a, node)?;
                let pb = self.param_py(b, node)?;
                let bound = vec![
                    (a.clone(), pa.clone(), elem.clone()),
                    (b.clone(), pb.clone(), elem.clone()),
                ];
                let v = self.callback_value(&cb, &bound, false)?;
                if !v.ty.is_number() {
                    return self.decline(node, format!("comparator returning a {}", v.ty));
                }
                self.import("import functools");
                Ok(Some(format!(
                    "key=functools.cmp_to_key(lambda {pa}, {pb}: {})",
                    wrap(&v, PY_IFEXP)
                )))
            }
            _ => self.decline(node, "`sort()` arity"),
        }
    }

    /// `map`, `filter`, `some`, `every`, `find`, `findIndex` as
    /// comprehensions.
    fn callback_method(
        &mut self,
        xs: Ex,
        obj: Node,
        m: &str,
        args: &[Node],
        node: Node,
    ) -> Res<Ex> {
        let [cb_node] = args else {
            return self.decline(node, format!("`{m}()` with a `this` argument"));
        };
        let role = match m {
            "map" | "flatMap" => "transform",
            "filter" => "keep",
            _ => "test",
        };
        let chars = xs.chars.is_some() || xs.ty == Ty::Str;
        let cb = self.callback(*cb_node, role, &[(xs.ty.elem(), chars), (Ty::Nat, false)])?;
        if cb.params.len() > 2 {
            return self.decline(node, format!("`{m}()` callback that takes the array"));
        }
        let elem = xs.ty.elem();
        // `xs.filter(f).map(g)`: one comprehension. The characters of a
        // string are iterated on the string itself.
        let mut source = match &xs.chars {
            Some((s, false)) => s.clone(),
            _ => xs.code.clone(),
        };
        let mut filter: Option<(String, Node)> = None;
        if m == "map" {
            if let Some((inner_src, fcb_param, fcb_body)) = self.filter_source(obj)? {
                source = inner_src;
                filter = Some((fcb_param, fcb_body));
            }
        }
        let var_js = cb
            .params
            .first()
            .cloned()
            .unwrap_or_else(|| "_".to_string());
        let var = if cb.params.is_empty() {
            "_".to_string()
        } else {
            self.param_py(&var_js, node)?
        };
        let idx = cb.params.get(1).cloned();
        let idx_py = match &idx {
            Some(i) => Some(self.param_py(i, node)?),
            None => None,
        };
        let mut bound = vec![(var_js.clone(), var.clone(), elem.clone())];
        if xs.chars.is_some() || xs.ty == Ty::Str {
            self.fscope().single_chars.insert(var_js.clone());
        }
        if let (Some(i), Some(p)) = (&idx, &idx_py) {
            bound.push((i.clone(), p.clone(), Ty::Nat));
        }
        let cond = match &filter {
            Some((fp, fbody)) => {
                let mut fb = bound.clone();
                fb.push((fp.clone(), var.clone(), elem.clone()));
                Some(self.with_bound(&fb, *fbody, true)?)
            }
            None => None,
        };
        let iter = match &idx_py {
            Some(i) => format!("{i}, {var} in enumerate({source})"),
            None => format!("{var} in {source}"),
        };
        let src_wrapped =
            if filter.is_none() && !matches!(xs.ty, Ty::List(_) | Ty::Seq(_) | Ty::Unknown) {
                return self.decline(node, format!("`{m}()` on a {}", xs.ty));
            } else {
                iter
            };
        let filter_part = cond
            .map(|c| format!(" if {}", wrap(&c, PY_OR)))
            .unwrap_or_default();
        match m {
            "map" => {
                let body = self.callback_value(&cb, &bound, false)?;
                Ok(Ex::fresh(
                    format!("[{} for {src_wrapped}{filter_part}]", wrap(&body, PY_IFEXP)),
                    PY_ATOM,
                    Ty::list(body.ty),
                ))
            }
            "filter" => {
                let test = self.callback_value(&cb, &bound, true)?;
                Ok(Ex::fresh(
                    format!("[{var} for {src_wrapped} if {}]", wrap(&test, PY_OR)),
                    PY_ATOM,
                    xs.ty.clone(),
                ))
            }
            "some" | "every" => {
                let test = self.callback_value(&cb, &bound, true)?;
                let f = if m == "some" { "any" } else { "all" };
                Ok(Ex::new(
                    format!("{f}({} for {src_wrapped})", wrap(&test, PY_IFEXP)),
                    PY_CALL,
                    Ty::Bool,
                ))
            }
            "find" => {
                let test = self.callback_value(&cb, &bound, true)?;
                Ok(Ex::new(
                    format!(
                        "next(({var} for {src_wrapped} if {}), None)",
                        wrap(&test, PY_OR)
                    ),
                    PY_CALL,
                    Ty::Optional(Box::new(elem)),
                ))
            }
            "findIndex" => {
                let i = idx_py.clone().unwrap_or_else(|| "i".to_string());
                if idx.is_none() && bound.iter().any(|(_, p, _)| *p == i) {
                    return self.decline(node, "`findIndex()` with a parameter named `i`");
                }
                let test = self.callback_value(&cb, &bound, true)?;
                Ok(Ex::new(
                    format!(
                        "next(({i} for {i}, {var} in enumerate({}) if {}), -1)",
                        xs.code,
                        wrap(&test, PY_OR)
                    ),
                    PY_CALL,
                    Ty::Int,
                ))
            }
            _ => self.decline(node, format!("`{m}()`")),
        }
    }

    /// If `obj` is `xs.filter(cb)` with a simple callback: the source code,
    /// the callback's parameter and its test.
    fn filter_source<'t>(&mut self, obj: Node<'t>) -> Res<Option<(String, String, Node<'t>)>> {
        if obj.kind() != "call_expression" {
            return Ok(None);
        }
        let f = obj.child_by_field_name("function").expect("function");
        if f.kind() != "member_expression"
            || f.child_by_field_name("property").map(|p| self.t(p)) != Some("filter")
        {
            return Ok(None);
        }
        let args = self.args(obj);
        let [cb] = args.as_slice() else {
            return Ok(None);
        };
        // Only a callback with an expression to test fuses.
        let cb_body = strip_parens(*cb).child_by_field_name("body");
        if cb_body.is_none_or(|b| self.single_expression_body(b).is_err()) {
            return Ok(None);
        }
        let Ok(cb) = self.callback(*cb, "keep", &[]) else {
            return Ok(None);
        };
        let [p] = cb.params.as_slice() else {
            return Ok(None);
        };
        let inner = self.expr(f.child_by_field_name("object").expect("object"))?;
        if !matches!(inner.ty, Ty::List(_)) {
            return Ok(None);
        }
        Ok(Some((inner.code, p.clone(), cb.body)))
    }

    fn reduce(&mut self, xs: Ex, args: &[Node], node: Node) -> Res<Ex> {
        let (cb_node, init) = match args {
            [cb, init] => (*cb, Some(*init)),
            [cb] => (*cb, None),
            _ => return self.decline(node, "`reduce()` arity"),
        };
        let chars = xs.chars.is_some() || xs.ty == Ty::Str;
        // The accumulator starts as the initial value: a number stays some
        // number, a string a string.
        let acc_preset = match init {
            Some(i) => match self.expr(i)?.ty {
                t if t.is_number() => Ty::Num,
                Ty::Str => Ty::Str,
                _ => Ty::Unknown,
            },
            None => Ty::Unknown,
        };
        let cb = self.callback(
            cb_node,
            "step",
            &[(acc_preset, false), (xs.ty.elem(), chars), (Ty::Nat, false)],
        )?;
        let elem = xs.ty.elem();
        if cb.params.len() < 2 || cb.params.len() > 3 {
            return self.decline(node, "`reduce()` callback arity");
        }
        let acc = cb.params[0].clone();
        let item = cb.params[1].clone();
        let idx = cb.params.get(2).cloned();
        // acc + E(item), from 0: a sum.
        let body = strip_parens(cb.body);
        if let Some(init) = init {
            let init_v = number_value(init, self.src);
            if body.kind() == "binary_expression"
                && self.t(body.child_by_field_name("operator").expect("op")) == "+"
                && self.t(strip_parens(
                    body.child_by_field_name("left").expect("left"),
                )) == acc
                && init_v.is_some()
            {
                let e = body.child_by_field_name("right").expect("right");
                let mut used = std::collections::HashSet::new();
                super::identifiers(e, self.src, &mut used);
                if !used.contains(&acc) {
                    let var = self.param_py(&item, node)?;
                    let mut bound = vec![(item.clone(), var.clone(), elem.clone())];
                    let source = match &xs.chars {
                        Some((s, false)) => s.clone(),
                        _ => xs.code.clone(),
                    };
                    let iter = match &idx {
                        Some(i) => {
                            let ip = self.param_py(i, node)?;
                            bound.push((i.clone(), ip.clone(), Ty::Nat));
                            format!("{ip}, {var} in enumerate({source})")
                        }
                        None => format!("{var} in {source}"),
                    };
                    let v = self.with_bound(&bound, e, false)?;
                    if !(v.ty.is_number() || v.ty == Ty::Bool) {
                        return self.decline(node, format!("`reduce()` adding {} values", v.ty));
                    }
                    let ty = match v.ty {
                        Ty::Bool | Ty::Nat => Ty::Nat,
                        Ty::Int => Ty::Int,
                        Ty::Float => Ty::Float,
                        _ => Ty::Num,
                    };
                    let start = if init_v == Some(0.0) {
                        String::new()
                    } else {
                        let iv = self.expr(init)?;
                        format!(", {}", iv.code)
                    };
                    let code = if idx.is_none() && v.code == var && start.is_empty() {
                        format!("sum({})", xs.code)
                    } else if start.is_empty() {
                        format!("sum({} for {iter})", wrap(&v, PY_IFEXP))
                    } else {
                        format!("sum(({} for {iter}){start})", wrap(&v, PY_IFEXP))
                    };
                    return Ok(Ex::new(code, PY_CALL, ty));
                }
            }
        }
        if idx.is_some() {
            return self.decline(node, "`reduce()` with an index");
        }
        let init_v = match init {
            Some(i) => Some(self.expr(i)?),
            None => None,
        };
        let acc_ty = init_v
            .as_ref()
            .map(|v| v.ty.clone())
            .unwrap_or_else(|| elem.clone());
        let pa = self.param_py(&acc, node)?;
        let pi = self.param_py(&item, node)?;
        let bound = vec![
            (acc.clone(), pa.clone(), acc_ty.clone()),
            (item.clone(), pi.clone(), elem.clone()),
        ];
        let v = self.callback_value(&cb, &bound, false)?;
        if v.ty != acc_ty && !(v.ty.is_number() && acc_ty.is_number()) {
            return self.decline(node, "`reduce()` whose value changes type");
        }
        self.import("import functools");
        let tail = match init_v {
            Some(i) => format!(", {}", i.code),
            None => String::new(),
        };
        let source = match &xs.chars {
            Some((s, false)) => s.clone(),
            _ => xs.code.clone(),
        };
        let function = match &cb.hoisted {
            Some((name, _)) => name.clone(),
            None => format!("lambda {pa}, {pi}: {}", wrap(&v, PY_IFEXP)),
        };
        Ok(Ex::new(
            format!("functools.reduce({function}, {source}{tail})"),
            PY_CALL,
            acc_ty.join(&v.ty),
        ))
    }

    fn set_method(
        &mut self,
        s: Ex,
        m: &str,
        args: &[Node],
        node: Node,
        stmt: bool,
    ) -> Res<Option<Ex>> {
        let sw = wrap(&s, PY_CALL);
        match (m, args) {
            ("has", [a]) => {
                let v = self.expr(*a)?;
                Ok(Some(Ex::new(
                    format!("{} in {}", wrap(&v, PY_CMP + 1), wrap(&s, PY_CMP + 1)),
                    PY_CMP,
                    Ty::Bool,
                )))
            }
            ("add", [a]) if stmt => {
                let v = self.expr(*a)?;
                Ok(Some(Ex::new(
                    format!("{sw}.add({})", v.code),
                    PY_CALL,
                    Ty::None,
                )))
            }
            ("delete", [a]) if stmt => {
                let v = self.expr(*a)?;
                Ok(Some(Ex::new(
                    format!("{sw}.discard({})", v.code),
                    PY_CALL,
                    Ty::None,
                )))
            }
            _ => self.decline(
                node,
                format!("`Set.{m}()`{}", if stmt { "" } else { " used as a value" }),
            ),
        }
    }

    fn map_method(
        &mut self,
        d: Ex,
        obj: Node,
        m: &str,
        args: &[Node],
        node: Node,
        stmt: bool,
    ) -> Res<Option<Ex>> {
        let dw = wrap(&d, PY_CALL);
        let kt = match d.ty.strip_optional() {
            Ty::Dict(k, _) => (**k).clone(),
            _ => Ty::Unknown,
        };
        match (m, args) {
            ("has", [a]) => {
                let v = self.expr(*a)?;
                self.check_key(&v, &kt, node)?;
                Ok(Some(Ex::new(
                    format!("{} in {}", wrap(&v, PY_CMP + 1), wrap(&d, PY_CMP + 1)),
                    PY_CMP,
                    Ty::Bool,
                )))
            }
            ("get", [a]) => {
                let v = self.expr(*a)?;
                self.check_key(&v, &kt, node)?;
                let vt = match d.ty.strip_optional() {
                    Ty::Dict(_, v) => (**v).clone().or_unknown(),
                    _ => Ty::Unknown,
                };
                Ok(Some(Ex::new(format!("{dw}.get({})", v.code), PY_CALL, vt)))
            }
            ("set", [k, v]) if stmt => {
                let k = self.expr(*k)?;
                let v = self.expr(*v)?;
                self.check_key(&k, &kt, node)?;
                if obj.kind() == "identifier" {
                    let n = self.t(obj).to_string();
                    self.widen(&n, &Ty::dict(k.ty.clone(), v.ty.clone()), node)?;
                }
                Ok(Some(Ex::new(
                    format!("{dw}[{}] = {}", k.code, v.code),
                    PY_ATOM,
                    Ty::None,
                )))
            }
            ("delete", [k]) if stmt => {
                let k = self.expr(*k)?;
                Ok(Some(Ex::new(
                    format!("{dw}.pop({}, None)", k.code),
                    PY_CALL,
                    Ty::None,
                )))
            }
            _ => self.decline(
                node,
                format!("`Map.{m}()`{}", if stmt { "" } else { " used as a value" }),
            ),
        }
    }

    /// Calls that are statements: array, set and map updates. `None` when
    /// the call is an ordinary expression.
    pub(super) fn call_statement(&mut self, call: Node) -> Res<Option<Vec<String>>> {
        let f = call.child_by_field_name("function").expect("function");
        if f.kind() != "member_expression" {
            return Ok(None);
        }
        let obj = f.child_by_field_name("object").expect("object");
        let m = self.t(f.child_by_field_name("property").expect("property"));
        if obj.kind() == "identifier" && self.lookup(self.t(obj), obj)?.is_none() {
            return Ok(None);
        }
        let args = self.args(call);
        let recv = self.expr(obj)?;
        let rt = recv.ty.strip_optional().clone();
        let r = wrap(&recv, PY_CALL);
        let widen = |this: &mut Self, ty: Ty| -> Res<()> {
            if obj.kind() == "identifier" {
                let n = this.t(obj).to_string();
                this.widen(&n, &Ty::list(ty), call)?;
            }
            Ok(())
        };
        let list_like = matches!(rt, Ty::List(_))
            || matches!(rt, Ty::Unknown | Ty::Seq(_)) && ARRAY_METHODS.contains(&m);
        if list_like {
            match m {
                "push" | "unshift" => {
                    let mut items = Vec::new();
                    let mut spread = None;
                    for a in &args {
                        if a.kind() == "spread_element" {
                            if args.len() != 1 {
                                return self
                                    .decline(call, format!("`{m}()` mixing spread and values"));
                            }
                            let v = self.expr(named_children(*a)[0])?;
                            widen(self, v.ty.elem())?;
                            spread = Some(v.code);
                        } else {
                            let v = self.expr(*a)?;
                            widen(self, v.ty.clone())?;
                            items.push(v.code);
                        }
                    }
                    let line = match (m, spread, items.len()) {
                        ("push", Some(s), _) => format!("{r}.extend({s})"),
                        ("push", None, 1) => format!("{r}.append({})", items[0]),
                        ("push", None, _) => format!("{r}.extend([{}])", items.join(", ")),
                        ("unshift", None, 1) => format!("{r}.insert(0, {})", items[0]),
                        ("unshift", None, _) => format!("{r}[:0] = [{}]", items.join(", ")),
                        _ => return self.decline(call, "`unshift()` with spread"),
                    };
                    return Ok(Some(vec![line]));
                }
                // On an empty array these do nothing in JavaScript.
                "pop" if args.is_empty() => return Ok(Some(vec![format!("del {r}[-1:]")])),
                "shift" if args.is_empty() => return Ok(Some(vec![format!("del {r}[:1]")])),
                "splice" => {
                    let (start, count, items) = match args.as_slice() {
                        [s, c, rest @ ..] => (*s, *c, rest.to_vec()),
                        _ => return self.decline(call, "`splice()` without a count"),
                    };
                    let s = self.expr(start)?;
                    let c = self.expr(count)?;
                    if s.ty != Ty::Nat || !c.ty.is_int() {
                        return self.decline(call, "`splice()` at an index that may be negative");
                    }
                    let end = match (s.code.parse::<i64>(), c.code.parse::<i64>()) {
                        (Ok(a), Ok(b)) => (a + b).to_string(),
                        _ if c.code == "1" => format!("{} + 1", wrap(&s, PY_ADD)),
                        _ => format!("{} + {}", wrap(&s, PY_ADD), wrap(&c, PY_ADD + 1)),
                    };
                    if items.is_empty() {
                        return Ok(Some(vec![format!("del {r}[{}:{end}]", s.code)]));
                    }
                    let mut codes = Vec::new();
                    for i in items {
                        let v = self.expr(i)?;
                        widen(self, v.ty.clone())?;
                        codes.push(v.code);
                    }
                    return Ok(Some(vec![format!(
                        "{r}[{}:{end}] = [{}]",
                        s.code,
                        codes.join(", ")
                    )]));
                }
                "reverse" if args.is_empty() => return Ok(Some(vec![format!("{r}.reverse()")])),
                "sort" => {
                    let elem = recv.ty.elem();
                    let key = self.sort_key(&elem, &args, call)?;
                    return Ok(Some(vec![match key {
                        Some(k) if !k.is_empty() => format!("{r}.sort({k})"),
                        _ => format!("{r}.sort()"),
                    }]));
                }
                "forEach" => return self.for_each(&recv, &args, call).map(Some),
                _ => {}
            }
        }
        if let Ty::Set(_) = rt {
            if let Some(e) = self.set_method(recv.clone(), m, &args, call, true)? {
                if obj.kind() == "identifier" && m == "add" {
                    let v = self.expr(args[0])?;
                    let n = self.t(obj).to_string();
                    self.widen(&n, &Ty::set(v.ty), call)?;
                }
                return Ok(Some(vec![e.code]));
            }
        }
        if let Ty::Dict(..) = rt {
            if let Some(e) = self.map_method(recv, obj, m, &args, call, true)? {
                return Ok(Some(vec![e.code]));
            }
        }
        Ok(None)
    }

    /// `xs.forEach((x) => ...)` with an expression body: a `for` loop.
    fn for_each(&mut self, xs: &Ex, args: &[Node], node: Node) -> Res<Vec<String>> {
        let [cb] = args else {
            return self.decline(node, "`forEach()` arity");
        };
        let params = hints::callback_params(*cb);
        let body = cb.child_by_field_name("body").expect("body");
        if body.kind() == "statement_block" || params.len() != 1 {
            return self.decline(
                node,
                "`forEach()` with a block body (write it as a `for` loop)",
            );
        }
        let p = self.t(params[0]).to_string();
        let var = self.param_py(&p, node)?;
        let bound = vec![(p, var.clone(), xs.ty.elem())];
        let v = self.with_bound(&bound, body, false)?;
        Ok(vec![
            format!("for {var} in {}:", xs.code),
            format!("    {}", v.code),
        ])
    }
}

/// Whether `list(...)` wraps the whole code (so `sorted(list(x))` can be
/// `sorted(x)`).
fn balanced_call(code: &str) -> bool {
    let mut depth = 0i32;
    for (i, c) in code.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 && i + 1 != code.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}
