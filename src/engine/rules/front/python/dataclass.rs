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
        Ok(Class {
            name,
            base: None,
            fields: data.iter().map(|f| (f.name.clone(), f.line)).collect(),
            methods: Vec::new(),
            attributes: Vec::new(),
            variants: Vec::new(),
            data,
            line: self.line(decorated),
            comments,
        })
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
            line: self.line(stmt),
        })
    }
}
