//! A `@dataclass` whose body only declares fields (`val: int = 0`), each
//! with an annotation and at most a literal default, lowered to a class
//! without methods whose [`Class::data`] lists the fields: what the
//! generated `__init__` takes, in order. What the decorator generates
//! beyond that (`__eq__` by fields, `__repr__`) is the backend's to write
//! or decline; anything else in the body (methods, `field(..)`,
//! `ClassVar`, decorator arguments) is declined here by name.

use tree_sitter::Node;

use super::super::super::ir::{Class, DataField, ExprKind, Ty, UnOp};
use super::super::super::{named_children, Res};
use super::super::comment_lines;
use super::{is_docstring, Front};

/// Whether `decorated` is a class under exactly `@dataclass` (or
/// `@dataclasses.dataclass`), without arguments.
pub(super) fn is_dataclass(decorated: Node, src: &str) -> bool {
    let decorators: Vec<&str> = named_children(decorated)
        .into_iter()
        .filter(|d| d.kind() == "decorator")
        .map(|d| src[d.byte_range()].trim())
        .collect();
    let is_class = decorated
        .child_by_field_name("definition")
        .is_some_and(|d| d.kind() == "class_definition");
    is_class
        && matches!(
            decorators.as_slice(),
            ["@dataclass" | "@dataclasses.dataclass"]
        )
}

impl Front<'_> {
    /// Lowers a `@dataclass` (see [`is_dataclass`]).
    pub(super) fn dataclass(&mut self, decorated: Node) -> Res<Class> {
        let node = self.field(decorated, "definition")?;
        let name = self.t(self.field(node, "name")?).to_string();
        if node.child_by_field_name("type_parameters").is_some() {
            return self.decline(node, "generic class");
        }
        if let Some(supers) = node.child_by_field_name("superclasses") {
            if !named_children(supers).is_empty() {
                return self.decline(supers, "dataclass with a base class");
            }
        }
        let body = self.field(node, "body")?;
        let mut comments = self.docstring_of(body);
        let mut data: Vec<DataField> = Vec::new();
        for member in named_children(body) {
            match member.kind() {
                "comment" => comments.extend(comment_lines(self.t(member))),
                "pass_statement" => {}
                "expression_statement" if is_docstring(member) => {}
                "expression_statement" => data.push(self.data_field(member)?),
                "function_definition" | "decorated_definition" => {
                    return self.decline(member, "method of a dataclass")
                }
                other => {
                    return self.decline(member, format!("`{other}` in a dataclass"));
                }
            }
        }
        // A class without fields would be taken for a plain class (see
        // `Class::data`), whose `==` is identity.
        if data.is_empty() {
            return self.decline(node, "dataclass without fields");
        }
        Ok(data_class(
            name,
            data,
            false,
            self.line(decorated),
            comments,
        ))
    }

    /// `name: annotation` or `name: annotation = literal`.
    fn data_field(&mut self, stmt: Node) -> Res<DataField> {
        let assignment = match named_children(stmt).as_slice() {
            [a] if a.kind() == "assignment" => *a,
            _ => return self.decline(stmt, "statement other than a field in a dataclass"),
        };
        let left = self.field(assignment, "left")?;
        let Some(annotation) = assignment.child_by_field_name("type") else {
            return self.decline(assignment, "class attribute without an annotation");
        };
        if left.kind() != "identifier" {
            return self.decline(left, "dataclass field other than a name");
        }
        let written = self.t(annotation);
        if written.contains("ClassVar") || written.contains("InitVar") {
            return self.decline(annotation, format!("dataclass field of type `{written}`"));
        }
        let ty = self.annotation(annotation)?;
        let default = match assignment.child_by_field_name("right") {
            None => None,
            Some(right) => {
                let e = self.expr(right)?;
                let literal = match &e.kind {
                    ExprKind::Lit(_) => true,
                    ExprKind::Unary(UnOp::Neg, operand) => matches!(operand.kind, ExprKind::Lit(_)),
                    _ => false,
                };
                if !literal {
                    return self.decline(right, "dataclass default other than a literal");
                }
                Some(e)
            }
        };
        if ty == Ty::Unknown {
            return self.decline(annotation, format!("dataclass field of type `{written}`"));
        }
        Ok(DataField {
            name: self.t(left).to_string(),
            ty,
            default,
            fixed: false,
            line: self.line(stmt),
        })
    }
}

/// Whether `e` is a literal (or a negated one): what a field may start as
/// or a parameter default to in a plain node class.
fn is_literal(e: &super::super::super::ir::Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(_) => true,
        ExprKind::Unary(UnOp::Neg, operand) => matches!(operand.kind, ExprKind::Lit(_)),
        _ => false,
    }
}

impl Front<'_> {
    /// A plain class that is a tree node, lowered as a `@dataclass` is
    /// (see [`Class::data`], [`Class::identity_eq`]): no base, and a body
    /// of only an `__init__` whose statements each store one annotated
    /// parameter (`self.val = val`, the parameters in the fields' order)
    /// or a literal under an annotation (`self.next: Node | None = None`)
    /// into a field of its own, one field holding `Node | None`. Any
    /// other class is none (`Ok(None)`), and the ordinary class path
    /// lowers or declines it as before.
    pub(super) fn plain_node_class(&mut self, node: Node) -> Res<Option<Class>> {
        let name = self.t(self.field(node, "name")?).to_string();
        if node.child_by_field_name("type_parameters").is_some() {
            return Ok(None);
        }
        if let Some(supers) = node.child_by_field_name("superclasses") {
            if !named_children(supers).is_empty() {
                return Ok(None);
            }
        }
        let body = self.field(node, "body")?;
        let mut comments = self.docstring_of(body);
        let mut init = None;
        for member in named_children(body) {
            match member.kind() {
                "comment" => comments.extend(comment_lines(self.t(member))),
                "pass_statement" => {}
                "expression_statement" if is_docstring(member) => {}
                "function_definition" if init.is_none() => init = Some(member),
                _ => return Ok(None),
            }
        }
        let Some(init) = init else { return Ok(None) };
        if self.t(self.field(init, "name")?) != "__init__" {
            return Ok(None);
        }
        // The parameters after the receiver: each annotated, a default a
        // literal.
        let params = named_children(self.field(init, "parameters")?);
        let Some((receiver, params)) = params.split_first() else {
            return Ok(None);
        };
        if receiver.kind() != "identifier" {
            return Ok(None);
        }
        let receiver = self.t(*receiver).to_string();
        let mut typed: Vec<(String, Ty, Option<super::super::super::ir::Expr>)> = Vec::new();
        for p in params {
            if !matches!(p.kind(), "typed_parameter" | "typed_default_parameter") {
                return Ok(None);
            }
            let pname = match p.child_by_field_name("name") {
                Some(n) => n,
                // A `typed_parameter` names its identifier as a child.
                None => match named_children(*p).first() {
                    Some(n) if n.kind() == "identifier" => *n,
                    _ => return Ok(None),
                },
            };
            let Some(ann) = p.child_by_field_name("type") else {
                return Ok(None);
            };
            let Ok(ty) = self.annotation(ann) else {
                return Ok(None);
            };
            let default = match p.child_by_field_name("value") {
                None => None,
                Some(v) => match self.expr(v) {
                    Ok(e) if is_literal(&e) => Some(e),
                    _ => return Ok(None),
                },
            };
            typed.push((self.t(pname).to_string(), ty, default));
        }
        let mut data: Vec<DataField> = Vec::new();
        let mut next_param = 0;
        for stmt in named_children(self.field(init, "body")?) {
            match stmt.kind() {
                "comment" | "pass_statement" => continue,
                "expression_statement" if is_docstring(stmt) => continue,
                "expression_statement" => {}
                _ => return Ok(None),
            }
            let assignment = match named_children(stmt).as_slice() {
                [a] if a.kind() == "assignment" => *a,
                _ => return Ok(None),
            };
            let left = self.field(assignment, "left")?;
            let (Some(object), Some(attr)) = (
                left.child_by_field_name("object"),
                left.child_by_field_name("attribute"),
            ) else {
                return Ok(None);
            };
            if left.kind() != "attribute" || self.t(object) != receiver {
                return Ok(None);
            }
            let field = self.t(attr).to_string();
            if data.iter().any(|f| f.name == field) {
                return Ok(None);
            }
            let Some(right) = assignment.child_by_field_name("right") else {
                return Ok(None);
            };
            let annotated = match assignment.child_by_field_name("type") {
                None => None,
                Some(a) => match self.annotation(a) {
                    Ok(t) => Some(t),
                    Err(_) => return Ok(None),
                },
            };
            let line = self.line(stmt);
            // The next parameter, stored as it is.
            if right.kind() == "identifier" {
                let Some((pname, ty, default)) = typed.get(next_param) else {
                    return Ok(None);
                };
                if self.t(right) != pname || annotated.as_ref().is_some_and(|a| a != ty) {
                    return Ok(None);
                }
                next_param += 1;
                data.push(DataField {
                    name: field,
                    ty: ty.clone(),
                    default: default.clone(),
                    fixed: false,
                    line,
                });
                continue;
            }
            let (Some(ty), Ok(value)) = (annotated, self.expr(right)) else {
                return Ok(None);
            };
            if !is_literal(&value) {
                return Ok(None);
            }
            data.push(DataField {
                name: field,
                ty,
                default: Some(value),
                fixed: true,
                line,
            });
        }
        let own = Ty::Option(Box::new(Ty::Class(name.clone())));
        if next_param != typed.len()
            || !data.iter().any(|f| f.ty == own)
            || data.iter().any(|f| f.ty == Ty::Unknown)
        {
            return Ok(None);
        }
        Ok(Some(data_class(
            name,
            data,
            true,
            self.line(node),
            comments,
        )))
    }
}

/// The class of a dataclass or a plain node class: its fields in order,
/// no methods of its own (the backend writes `new`), `==` by identity or
/// by fields.
fn data_class(
    name: String,
    data: Vec<DataField>,
    identity_eq: bool,
    line: usize,
    comments: Vec<String>,
) -> Class {
    Class {
        name,
        base: None,
        fields: data.iter().map(|f| (f.name.clone(), f.line)).collect(),
        methods: Vec::new(),
        attributes: Vec::new(),
        variants: Vec::new(),
        identity_eq,
        data,
        line,
        comments,
    }
}
