//! What the Rust backend knows of a unit's classes (`ir::Class`) before it
//! writes them: which classes it writes at all, each one's fields and
//! methods with their types, and which methods change their object.
//!
//! A Python class becomes a `struct` whose fields are the ones `__init__`
//! sets and an `impl` whose constructor is `new`. What a struct cannot be
//! without changing what the program does is declined here by name:
//! inheritance, class attributes, properties, class methods (the Python
//! frontend declines special methods other than `__init__`), and fields
//! that hold objects (a
//! recursive `TreeNode`'s children need `Option<Box<..>>`, and objects
//! Python shares between fields need `Rc<RefCell<..>>`; neither is written
//! yet).

use super::super::ir::{
    for_each_expr, for_each_stmt, for_each_stmt_expr, Class, Expr, ExprKind, Function, MethodKind,
    StmtKind, Target, Ty,
};
use super::super::{Decline, Res};

/// A class as the Rust backend writes it and its users call it.
#[derive(Clone, Debug)]
pub struct ClassSig {
    pub name: String,
    /// Each field, in the order the constructor first sets them, typed.
    pub fields: Vec<(String, Ty)>,
    pub methods: Vec<MethodSig>,
    /// A `@dataclass` of another unit (see `write_dataclass`): its
    /// objects are tree nodes, which functions borrow (`&TreeNode`,
    /// `Option<&TreeNode>`) and only read.
    pub data: bool,
    /// Whether `==` between its objects is identity (a plain node class,
    /// see `ir::Class::identity_eq`), which borrowed nodes do not compare.
    pub identity_eq: bool,
}

/// One method: how it is called and with what.
#[derive(Clone, Debug)]
pub struct MethodSig {
    pub name: String,
    pub kind: MethodKind,
    /// An instance method that changes its object takes `&mut self`.
    pub changes_object: bool,
    /// The parameters' types, the receiver left out.
    pub params: Vec<Ty>,
}

impl ClassSig {
    pub fn field(&self, name: &str) -> Option<&Ty> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }

    pub fn method(&self, name: &str) -> Option<&MethodSig> {
        self.methods.iter().find(|m| m.name == name)
    }

    /// The constructor, or none where the class has no `__init__` (its
    /// objects are made with no arguments).
    pub fn constructor(&self) -> Option<&MethodSig> {
        self.methods
            .iter()
            .find(|m| m.kind == MethodKind::Constructor)
    }
}

/// Declines what a Rust struct and impl do not write yet, by name.
pub fn check(c: &Class) -> Res<()> {
    let decline = |line: usize, what: String| Err(Decline(format!("{what} at line {line}")));
    if let Some(base) = &c.base {
        return decline(
            c.line,
            format!("class `{}` inheriting from `{base}`", c.name),
        );
    }
    if let Some(a) = c.attributes.first() {
        return decline(a.line, format!("class attribute `{}`", a.name));
    }
    for m in &c.methods {
        let f = &m.function;
        match m.kind {
            MethodKind::Getter | MethodKind::Setter => {
                return decline(f.line, format!("property `{}`", f.name))
            }
            MethodKind::OfClass => return decline(f.line, format!("class method `{}`", f.name)),
            // A Rust `new` is the constructor.
            MethodKind::Instance | MethodKind::Static if f.name == "new" => {
                return decline(f.line, "method named `new`".to_string())
            }
            _ => {}
        }
    }
    Ok(())
}

/// The receiver's name of an instance method or constructor.
pub fn receiver(m: &Function) -> Option<&str> {
    m.params.first().map(|p| p.name.as_str())
}

/// Whether `e` is the receiver itself.
pub fn is_receiver(e: &Expr, receiver: &str) -> bool {
    matches!(&e.kind, ExprKind::Name(n) if n == receiver)
}

/// The object a place is part of: `o` of `o.f`, `o.f[i]`, `o.f.g`.
fn root(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Attr { value, .. } | ExprKind::Index { value, .. } => root(value),
        _ => e,
    }
}

/// The object a store changes: `o` of `o.f = v`, `o.f[i] = v`.
pub fn target_root(t: &Target) -> Option<&Expr> {
    match t {
        Target::Attr { value, .. } | Target::Index { value, .. } => Some(root(value)),
        _ => None,
    }
}

/// Whether the body of `f` changes the object `name` holds: stores into
/// its fields or their items, calls a changing list or dict method on a
/// field, or calls one of its class's methods that does (by `changing`,
/// the methods known so far to change their object).
pub fn changes_object(f: &Function, name: &str, changing: &[&str]) -> bool {
    let mut found = false;
    for_each_stmt(&f.body, true, &mut |s| {
        if let StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } = &s.kind {
            found |= target_root(target).is_some_and(|r| is_receiver(r, name));
        }
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| match &x.kind {
                ExprKind::Method { recv, method, .. } if method.mutates() => {
                    found |= !is_receiver(recv, name) && is_receiver(root(recv), name);
                }
                ExprKind::CallMethod { recv, name: m, .. } => {
                    found |= is_receiver(recv, name) && changing.contains(&m.as_str());
                }
                _ => {}
            })
        });
    });
    found
}

/// Which methods of `c` change their object, to a fixed point over the
/// calls among them.
pub fn changing_methods(c: &Class) -> Vec<&str> {
    let mut changing: Vec<&str> = Vec::new();
    loop {
        let before = changing.len();
        for m in &c.methods {
            let f = &m.function;
            if m.kind != MethodKind::Instance || changing.contains(&f.name.as_str()) {
                continue;
            }
            if receiver(f).is_some_and(|r| changes_object(f, r, &changing)) {
                changing.push(&f.name);
            }
        }
        if changing.len() == before {
            return changing;
        }
    }
}

/// Whether `e` mentions the name anywhere.
pub fn mentions(e: &Expr, name: &str) -> bool {
    let mut found = false;
    for_each_expr(e, &mut |x| found |= is_receiver(x, name));
    found
}

/// Whether a field type is one a struct holds without sharing: no object
/// of a class inside it.
pub fn holds_no_object(t: &Ty) -> bool {
    match t {
        Ty::Class(_) => false,
        Ty::List(x) | Ty::Set(x) | Ty::Option(x) | Ty::TupleOf(x) | Ty::Iter(x) => {
            holds_no_object(x)
        }
        Ty::Dict(k, v) | Ty::Result(k, v) => holds_no_object(k) && holds_no_object(v),
        Ty::Tuple(ts) => ts.iter().all(holds_no_object),
        Ty::Func(ps, r) => ps.iter().all(holds_no_object) && holds_no_object(r),
        _ => true,
    }
}

/// Whether a value of the type is one Python shares by reference and code
/// may change in place: a list, dict, set or object, or a tuple of one.
pub fn is_mutable(t: &Ty) -> bool {
    match t {
        Ty::List(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Class(_) => true,
        Ty::Tuple(ts) => ts.iter().any(is_mutable),
        Ty::TupleOf(x) | Ty::Option(x) => is_mutable(x),
        _ => false,
    }
}

/// Whether values of the type hold mutable values (a list of lists): a
/// new one may still hold lists that something else holds too.
pub fn holds_mutable(t: &Ty) -> bool {
    match t {
        Ty::List(x) | Ty::Set(x) | Ty::TupleOf(x) | Ty::Option(x) => is_mutable(x),
        Ty::Dict(k, v) => is_mutable(k) || is_mutable(v),
        Ty::Tuple(ts) => ts.iter().any(is_mutable),
        _ => false,
    }
}

/// The Rust type of a `@dataclass` field: a child of the class's own type
/// (`left: TreeNode | None`) is `Option<Box<TreeNode>>`, which each node
/// owns alone; Python may share a child between two parents, which only
/// code that stores one node twice does, and the functions over such a
/// class decline that (see `back::rust_tree`).
pub fn data_field_ty(class: &str, t: &Ty, line: usize) -> Res<String> {
    Ok(match t {
        Ty::Int(_) => "i64".into(),
        Ty::Float(_) => "f64".into(),
        Ty::Bool => "bool".into(),
        Ty::Str => "String".into(),
        Ty::Option(x) if matches!(&**x, Ty::Class(c) if c == class) => {
            format!("Option<Box<{class}>>")
        }
        Ty::Option(x) if !matches!(&**x, Ty::Option(_)) => {
            format!("Option<{}>", data_field_ty(class, x, line)?)
        }
        other => {
            return Err(Decline(format!(
                "dataclass field of type {other} at line {line}"
            )))
        }
    })
}

/// A `@dataclass` (`Class::data`) as a struct with public fields and a
/// `new` taking every field in order (calls fill in the defaults they
/// leave out). `PartialEq` is derived where no field is a float: the
/// generated `__eq__` compares the fields as tuples do, which take a value
/// as equal to itself even where it is NaN, and Rust's `==` on `f64`
/// does not.
pub fn write_dataclass(c: &Class) -> Res<String> {
    let mut fields = Vec::new();
    for f in &c.data {
        if crate::lang::Lang::Rust
            .keywords()
            .contains(&f.name.as_str())
        {
            return Err(Decline(format!(
                "dataclass field named `{}` (a Rust keyword) at line {}",
                f.name, f.line
            )));
        }
        fields.push((f.name.as_str(), data_field_ty(&c.name, &f.ty, f.line)?));
    }
    let floats = c.data.iter().any(|f| {
        matches!(&f.ty, Ty::Float(_))
            || matches!(&f.ty, Ty::Option(x) if matches!(**x, Ty::Float(_)))
    });
    let mut out = Vec::new();
    for l in &c.comments {
        out.push(format!("//{l}"));
    }
    // A plain class's `==` is identity, which a derived `PartialEq` is
    // not: none is derived, and the functions decline `==` on its nodes.
    out.push(if floats || c.identity_eq {
        "#[derive(Clone, Debug)]".to_string()
    } else {
        "#[derive(Clone, Debug, PartialEq)]".to_string()
    });
    out.push(format!("pub struct {} {{", c.name));
    for (n, t) in &fields {
        out.push(format!("    pub {n}: {t},"));
    }
    out.push("}".into());
    out.push(String::new());
    out.push(format!("impl {} {{", c.name));
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for (f, (n, t)) in c.data.iter().zip(&fields) {
        if !f.fixed {
            params.push(format!("{n}: {t}"));
            inits.push(n.to_string());
            continue;
        }
        let Some(value) = f.default.as_ref().and_then(|d| fixed_value(d, &f.ty)) else {
            return Err(Decline(format!(
                "field `{n}` set to a value of type {} at line {}",
                f.ty, f.line
            )));
        };
        inits.push(format!("{n}: {value}"));
    }
    let names = inits;
    out.push(format!("    pub fn new({}) -> Self {{", params.join(", ")));
    out.push(format!("        Self {{ {} }}", names.join(", ")));
    out.push("    }".into());
    out.push("}".into());
    let mut text = out.join("\n");
    text.push('\n');
    Ok(text)
}

/// The Rust text of the literal a plain class's `__init__` stores into a
/// field of type `ty` (`None`, an int, a bool, a string), if it is one of
/// those.
fn fixed_value(e: &Expr, ty: &Ty) -> Option<String> {
    use super::super::ir::{Lit, UnOp};
    let lit = |e: &Expr| -> Option<String> {
        match (&e.kind, ty) {
            (ExprKind::Lit(Lit::None), Ty::Option(_)) => Some("None".into()),
            (ExprKind::Lit(Lit::Int(i)), Ty::Int(_)) => Some(format!("{i}")),
            (ExprKind::Lit(Lit::Bool(b)), Ty::Bool) => Some(b.to_string()),
            (ExprKind::Lit(Lit::Str(s)), Ty::Str) => Some(format!("{s:?}.to_string()")),
            _ => None,
        }
    };
    match &e.kind {
        ExprKind::Unary(UnOp::Neg, x) if matches!(ty, Ty::Int(_)) => {
            lit(x).map(|v| format!("-{v}"))
        }
        _ => lit(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_lists_holds_what_may_be_shared() {
        assert!(holds_mutable(&Ty::list(Ty::list(Ty::Bool))));
        assert!(!holds_mutable(&Ty::list(Ty::Str)));
        assert!(!holds_mutable(&Ty::Dict(
            Box::new(Ty::Str),
            Box::new(Ty::Bool)
        )));
    }

    #[test]
    fn an_object_inside_a_field_type_is_found() {
        assert!(holds_no_object(&Ty::list(Ty::Bool)));
        assert!(!holds_no_object(&Ty::Option(Box::new(Ty::Class(
            "Node".into()
        )))));
    }
}
