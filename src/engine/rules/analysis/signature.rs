//! A target signature in Rust (`fn f(xs: Vec<i32>, s: &str) -> bool`) read
//! as types for the analysis: what `xlate eval` and `--signatures` give a
//! translation into Rust to match.

use tree_sitter::Node;

use super::super::ir::{Passing, Ty};
use super::super::{named_children, text};
use crate::lang::Lang;

/// One declared function: parameters (name, type, passing, the type as
/// written) and the return type as written and read.
#[derive(Clone, Debug)]
pub struct RustSignature {
    pub name: String,
    /// The type parameters of a callee's generic signature (`<T: Clone,
    /// U>`), each with the traits it is bound by, as written; its types
    /// name them as [`Ty::Var`]. A call instantiates them
    /// ([`super::instantiate`]). Empty for a target signature, which may
    /// not be generic.
    pub generics: Vec<TypeParam>,
    pub params: Vec<SignatureParam>,
    /// `None` for `()`.
    pub ret: Option<(Ty, String)>,
}

/// A type parameter of a callee's signature and the traits bounding it
/// (`T: Clone + JsPrimitive`: `T`, `["Clone", "JsPrimitive"]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeParam {
    pub name: String,
    pub bounds: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct SignatureParam {
    /// The parameter's name, kept for messages and callers that match by
    /// name.
    #[allow(dead_code)] // read by tests; positions decide today
    pub name: String,
    pub ty: Ty,
    pub passing: Passing,
    /// The type exactly as declared, which the backend writes back.
    pub written: String,
    /// `Vec<&str>`: a list of borrowed strings, read as a list of strings;
    /// the body works on an owned copy (`Vec<String>`), which needs no
    /// lifetimes.
    pub borrowed_items: bool,
    /// `&mut T`: the function changes the caller's value in place (a
    /// callee's signature; a target signature that lends is declined).
    pub mutable: bool,
    /// `mut xs: Vec<T>` in a callee's signature: the callee changes the
    /// list in place and returns it, so the caller moves its list in (see
    /// `back::rust_given_back`), never a copy whose name it reads again.
    pub given_back: bool,
}

/// Why a signature cannot be used: the type the analysis cannot read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable(pub String);

/// Reads the first function declared in `declaration`; `Ok(None)` when it
/// declares none. A generic one is unreadable: a target signature states
/// the types its translation must have.
pub fn read(declaration: &str) -> Result<Option<RustSignature>, Unreadable> {
    read_with(declaration, false)
}

/// As [`read`], for the signature of a function of another unit the
/// translation calls, which may be generic: its type parameters, bound by
/// traits named by one word each (`<T: Clone, U>`), are read as type
/// variables that each call instantiates. A lifetime, a constant
/// parameter, a `where` clause or a bound with arguments (`F: Fn(T) ->
/// U`) is unreadable.
pub fn read_callee(declaration: &str) -> Result<Option<RustSignature>, Unreadable> {
    read_with(declaration, true)
}

fn read_with(declaration: &str, generic: bool) -> Result<Option<RustSignature>, Unreadable> {
    let code = crate::signatures::complete(declaration, Lang::Rust);
    let Some(tree) = crate::units::parse(&code, Lang::Rust) else {
        return Ok(None);
    };
    let root = tree.root_node();
    let Some(item) = named_children(root)
        .into_iter()
        .find(|n| n.kind() == "function_item")
    else {
        return Ok(None);
    };
    let generics = match item.child_by_field_name("type_parameters") {
        Some(list) if generic => type_params(list, &code)?,
        Some(_) => return Err(Unreadable("generic parameters".into())),
        None => Vec::new(),
    };
    if named_children(item)
        .iter()
        .any(|c| c.kind() == "where_clause")
    {
        return Err(Unreadable("a `where` clause".into()));
    }
    let vars: Vec<&str> = generics.iter().map(|g| g.name.as_str()).collect();
    let name = item
        .child_by_field_name("name")
        .map_or(String::new(), |n| text(n, &code).to_string());
    let mut params = Vec::new();
    if let Some(ps) = item.child_by_field_name("parameters") {
        for p in named_children(ps) {
            if p.kind() != "parameter" {
                return Err(Unreadable(format!("parameter `{}`", text(p, &code))));
            }
            let (Some(pat), Some(ty)) = (
                p.child_by_field_name("pattern"),
                p.child_by_field_name("type"),
            ) else {
                return Err(Unreadable(format!("parameter `{}`", text(p, &code))));
            };
            if pat.kind() != "identifier" {
                return Err(Unreadable(format!("parameter `{}`", text(p, &code))));
            }
            let mutable = ty.kind() == "reference_type"
                && named_children(ty)
                    .iter()
                    .any(|c| c.kind() == "mutable_specifier");
            let (passing, inner) = if ty.kind() == "reference_type" {
                let Some(inner) = ty.child_by_field_name("type") else {
                    return Err(Unreadable(format!("`{}`", text(ty, &code))));
                };
                (Passing::Borrowed, inner)
            } else {
                (Passing::Owned, ty)
            };
            let given_back = passing == Passing::Owned
                && named_children(p)
                    .iter()
                    .any(|c| c.kind() == "mutable_specifier");
            let written = text(ty, &code).to_string();
            let borrowed_items = passing == Passing::Owned && is_vec_of_str(inner, &code);
            params.push(SignatureParam {
                name: text(pat, &code).to_string(),
                ty: if borrowed_items {
                    Ty::list(Ty::Str)
                } else if generic && ty.kind() == "abstract_type" {
                    function_parameter(ty, &code, &vars)?
                } else {
                    rust_type(inner, &code, true, &vars)?
                },
                passing,
                written,
                borrowed_items,
                mutable,
                given_back,
            });
        }
    }
    let ret = match item.child_by_field_name("return_type") {
        Some(r) => {
            if r.kind() == "reference_type" {
                return Err(Unreadable(format!("returned `{}`", text(r, &code))));
            }
            // A Python generator's translation: `impl Iterator<Item = T>`,
            // `+ '_` where it borrows a parameter.
            if matches!(r.kind(), "abstract_type" | "bounded_type") {
                let item = iterator_item(r, &code)
                    .ok_or_else(|| Unreadable(format!("returned `{}`", text(r, &code))))?;
                let item = rust_type(item, &code, false, &vars)?;
                return Ok(Some(RustSignature {
                    name,
                    generics,
                    params,
                    ret: Some((Ty::Iter(Box::new(item)), text(r, &code).to_string())),
                }));
            }
            Some((
                rust_type(r, &code, false, &vars)?,
                text(r, &code).to_string(),
            ))
        }
        None => None,
    };
    Ok(Some(RustSignature {
        name,
        generics,
        params,
        ret,
    }))
}

/// A callee's `impl Fn(&T, i64) -> U` parameter, which its caller passes
/// a function as: the function type of its arguments (one the callee
/// lends, `&T`, as the type lent) and its result, the callee's type
/// variables in them. The backend writes such a parameter's arguments
/// borrowed where they are not numbers or booleans (a type variable's
/// always), and so does a caller's own `impl Fn` it passes on. `FnMut`,
/// `FnOnce` and a mutable borrow are unreadable.
fn function_parameter(node: Node, code: &str, vars: &[&str]) -> Result<Ty, Unreadable> {
    let unreadable = || Unreadable(format!("`{}`", text(node, code)));
    let f = node
        .child_by_field_name("trait")
        .filter(|f| f.kind() == "function_type")
        .ok_or_else(unreadable)?;
    if f.child_by_field_name("trait").map(|t| text(t, code)) != Some("Fn") {
        return Err(unreadable());
    }
    let list = f.child_by_field_name("parameters").ok_or_else(unreadable)?;
    let mut params = Vec::new();
    for p in named_children(list) {
        let lent = match p.kind() {
            "reference_type" => {
                if named_children(p)
                    .iter()
                    .any(|c| c.kind() == "mutable_specifier" || c.kind() == "lifetime")
                {
                    return Err(unreadable());
                }
                p.child_by_field_name("type").ok_or_else(unreadable)?
            }
            _ => p,
        };
        params.push(rust_type(lent, code, false, vars)?);
    }
    let ret = match f.child_by_field_name("return_type") {
        Some(r) => rust_type(r, code, false, vars)?,
        None => Ty::Unit,
    };
    Ok(Ty::Func(params, Box::new(ret)))
}

/// The item type of `impl Iterator<Item = T>` (`+ '_` or not).
fn iterator_item<'t>(node: Node<'t>, code: &str) -> Option<Node<'t>> {
    let compact: String = text(node, code).split_whitespace().collect();
    if !compact.starts_with("implIterator<Item=") {
        return None;
    }
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "type_binding"
            && n.child_by_field_name("name").map(|x| text(x, code)) == Some("Item")
        {
            return n.child_by_field_name("type");
        }
        stack.extend(named_children(n));
    }
    None
}

/// Whether `node` is `Vec<&str>`.
fn is_vec_of_str(node: Node, code: &str) -> bool {
    let compact: String = text(node, code).split_whitespace().collect();
    compact == "Vec<&str>"
}

/// The type parameters of `list` (`<T: Clone + JsPrimitive, U>`).
fn type_params(list: Node, code: &str) -> Result<Vec<TypeParam>, Unreadable> {
    let mut out = Vec::new();
    for p in named_children(list) {
        let unreadable = || Unreadable(format!("type parameter `{}`", text(p, code)));
        // A default type (`T = i64`) is unreadable.
        if p.kind() != "type_parameter" || p.child_by_field_name("default_type").is_some() {
            return Err(unreadable());
        }
        let name = p.child_by_field_name("name").ok_or_else(unreadable)?;
        let bounds = p.child_by_field_name("bounds");
        if name.kind() != "type_identifier" {
            return Err(unreadable());
        }
        let mut traits = Vec::new();
        for b in bounds.map(named_children).unwrap_or_default() {
            // One word: `Clone`, `JsPrimitive`; not `Fn(T) -> U`, a path
            // or a lifetime.
            if b.kind() != "type_identifier" {
                return Err(unreadable());
            }
            traits.push(text(b, code).to_string());
        }
        out.push(TypeParam {
            name: text(name, code).to_string(),
            bounds: traits,
        });
    }
    Ok(out)
}

/// A Rust type as an IR type. `top` allows `str` and `[T]` (under a `&`);
/// `vars` are the type parameters in scope, read as type variables.
fn rust_type(node: Node, code: &str, top: bool, vars: &[&str]) -> Result<Ty, Unreadable> {
    let t = text(node, code);
    let unreadable = || Unreadable(format!("`{t}`"));
    match node.kind() {
        "primitive_type" => Ok(match Ty::rust_primitive(t) {
            Some(ty) => ty,
            None if t == "str" && top => Ty::Str,
            None => return Err(unreadable()),
        }),
        "type_identifier" if t == "String" => Ok(Ty::Str),
        "type_identifier" if vars.contains(&t) => Ok(Ty::Var(t.to_string())),
        // A struct under a `&` (`&TreeNode`, `Option<&TreeNode>`): a
        // borrowed object of a project class, as callees' signatures give
        // tree nodes (see `project::callees`).
        "type_identifier" if top => Ok(Ty::Class(t.to_string())),
        "reference_type" => match node.child_by_field_name("type") {
            Some(inner)
                if inner.kind() == "type_identifier"
                    && text(inner, code) != "String"
                    && !vars.contains(&text(inner, code))
                    && !named_children(node)
                        .iter()
                        .any(|c| c.kind() == "mutable_specifier") =>
            {
                Ok(Ty::Class(text(inner, code).to_string()))
            }
            _ => Err(unreadable()),
        },
        "tuple_type" => {
            let mut parts = Vec::new();
            for c in named_children(node) {
                parts.push(rust_type(c, code, false, vars)?);
            }
            Ok(Ty::Tuple(parts))
        }
        "unit_type" => Ok(Ty::Unit),
        "array_type" | "slice_type" if top => {
            let elem = node.child_by_field_name("element").ok_or_else(unreadable)?;
            Ok(Ty::list(rust_type(elem, code, false, vars)?))
        }
        "generic_type" => {
            let head = node
                .child_by_field_name("type")
                .map_or("", |h| text(h, code));
            let args: Vec<Node> = node
                .child_by_field_name("type_arguments")
                .map(named_children)
                .unwrap_or_default();
            let mut tys = Vec::new();
            for a in &args {
                tys.push(rust_type(*a, code, false, vars)?);
            }
            match (head, tys.as_slice()) {
                ("Vec", [e]) => Ok(Ty::list(e.clone())),
                ("HashSet", [e]) => Ok(Ty::Set(Box::new(e.clone()))),
                ("Option", [e]) => Ok(Ty::Option(Box::new(e.clone()))),
                ("HashMap", [k, v]) => Ok(Ty::Dict(Box::new(k.clone()), Box::new(v.clone()))),
                _ => Err(unreadable()),
            }
        }
        _ => Err(unreadable()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::ir::IntTy;

    #[test]
    fn a_benchmark_declaration_reads_as_types() {
        let decl = "use std::collections::HashMap;\n\nfn f(xs:Vec<i32>, s: &str) -> (i32, Option<String>){\n";
        let sig = read(decl).ok().flatten().map(|s| {
            (
                s.name,
                s.params
                    .iter()
                    .map(|p| (p.ty.clone(), p.passing))
                    .collect::<Vec<_>>(),
                s.ret,
            )
        });
        let (name, params, ret) = sig.unwrap_or_default();
        assert_eq!(name, "f");
        assert_eq!(
            params,
            [
                (Ty::list(Ty::Int(IntTy::I32)), Passing::Owned),
                (Ty::Str, Passing::Borrowed)
            ]
        );
        assert_eq!(
            ret.map(|r| r.0),
            Some(Ty::Tuple(vec![
                Ty::Int(IntTy::I32),
                Ty::Option(Box::new(Ty::Str))
            ]))
        );
    }

    // Borrowed items other than a `Vec<&str>` parameter (which the body
    // copies) would need lifetimes; `Box<dyn Any>` has no one type.
    #[test]
    fn a_generator_reads_as_an_iterator() {
        for decl in [
            "fn f(n: i64) -> impl Iterator<Item = i64> {",
            "fn f(xs: &mut Vec<i64>) -> impl Iterator<Item = i64> + '_ {",
        ] {
            let sig = read(decl).ok().flatten().map(|s| s.ret);
            assert!(
                matches!(&sig, Some(Some((Ty::Iter(t), _))) if **t == Ty::Int(IntTy::I64)),
                "{decl}: {sig:?}"
            );
        }
        assert!(read("fn f(n: i64) -> impl Fn(i64) -> i64 {").is_err());
    }

    #[test]
    fn borrowed_items_and_trait_objects_are_unreadable() {
        assert!(read("fn f(xs: Vec<&String>) -> i32 {").is_err());
        assert!(read("fn f(xs: &[&str]) -> i32 {").is_err());
        assert!(read("fn f(xs: Vec<Box<dyn Any>>) -> i32 {").is_err());
        assert!(read("fn f(s: &str) -> &str {").is_err());
    }

    /// A callee's type parameters are type variables with their bounds; a
    /// target signature may not be generic, and what a variable cannot
    /// stand for (a closure bound, a lifetime, a default) is unreadable.
    #[test]
    fn a_generic_callee_reads_as_type_variables() {
        let decl = "fn f<T: Clone + JsPrimitive, U>(xs: Option<Vec<T>>, u: U) -> Vec<U> {";
        assert!(read(decl).is_err());
        let sig = read_callee(decl).ok().flatten();
        let (generics, params, ret) = sig
            .map(|s| (s.generics, s.params, s.ret))
            .unwrap_or_default();
        assert_eq!(
            generics,
            [
                TypeParam {
                    name: "T".into(),
                    bounds: vec!["Clone".into(), "JsPrimitive".into()]
                },
                TypeParam {
                    name: "U".into(),
                    bounds: vec![]
                }
            ]
        );
        let var = |v: &str| Ty::Var(v.into());
        assert_eq!(params[0].ty, Ty::Option(Box::new(Ty::list(var("T")))));
        assert_eq!(params[1].ty, var("U"));
        assert_eq!(ret.map(|r| r.0), Some(Ty::list(var("U"))));
        // A function parameter: the function type, variables inside.
        let map = read_callee("fn map<T, U>(xs: Vec<T>, f: impl Fn(&T, i64) -> U) -> Vec<U> {");
        let params = map.ok().flatten().map(|s| s.params).unwrap_or_default();
        assert_eq!(
            params.get(1).map(|p| &p.ty),
            Some(&Ty::Func(
                vec![var("T"), Ty::Int(IntTy::I64)],
                Box::new(var("U"))
            ))
        );
        for unreadable in [
            "fn f<T>(f: impl FnMut(&T)) -> i64 {",
            "fn f<T>(f: impl Fn(&mut T)) -> i64 {",
            "fn f<F: Fn(i64) -> i64>(f: F) -> i64 {",
            "fn f<'a, T>(x: &'a T) -> i64 {",
            "fn f<T = i64>(x: T) -> i64 {",
            "fn f<T>(x: Vec<&T>) -> i64 {",
            "fn f<T>(x: T) -> i64 where T: Clone {",
        ] {
            assert!(read_callee(unreadable).is_err(), "{unreadable}");
        }
    }

    #[test]
    fn a_vec_of_borrowed_strings_reads_as_a_list_of_strings() {
        let sig = read("fn f(xs: Vec<&str>, n: i32) -> Vec<String> {")
            .ok()
            .flatten();
        let params = sig.map(|s| s.params).unwrap_or_default();
        assert_eq!(params.len(), 2);
        assert_eq!(params[0].ty, Ty::list(Ty::Str));
        assert!(params[0].borrowed_items && !params[1].borrowed_items);
        assert_eq!(params[0].written, "Vec<&str>");
    }
}
