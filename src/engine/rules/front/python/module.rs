//! A unit of glue's top-level statements (module constants, a table a
//! loop builds, calls), lowered as the body of a function of no
//! parameters ([`super::super::MODULE`]) that a backend writes at the top
//! level of the target module, as the JavaScript frontend does. The
//! analysis types it as any function's body; the backend declares each
//! name it binds at the top level, where the file's other units read it.

use tree_sitter::Node;

use super::super::super::ir::{Function, Ty};
use super::super::super::{text, Res};
use super::super::{first_node, stray_comments, MODULE};
use super::Front;

/// Names Python binds in every module and no target binds: a read of one
/// at the top level would fail in the target (a `ReferenceError`).
const MODULE_ATTRIBUTES: &[&str] = &[
    "__name__",
    "__file__",
    "__doc__",
    "__spec__",
    "__loader__",
    "__package__",
    "__path__",
    "__cached__",
    "__builtins__",
    "__annotations__",
    "__dict__",
];

impl Front<'_> {
    /// Lowers one top-level statement of glue into `module`'s body (made
    /// at the first), with the comments that stood before it
    /// (`pending`) as its own.
    pub(super) fn module_statement(
        &mut self,
        item: Node,
        module: &mut Option<Function>,
        pending: &mut Vec<String>,
    ) -> Res<()> {
        // The entry point: a project run writes it as the target's
        // (`project::entry`); alone, no target has the check.
        if item.kind() == "if_statement"
            && item
                .child_by_field_name("condition")
                .is_some_and(|c| self.t(c).contains("__name__"))
        {
            return self.decline(item, "`if __name__ == \"__main__\"`");
        }
        if let Some(n) = first_node(item, |n| {
            n.kind() == "identifier" && MODULE_ATTRIBUTES.contains(&text(n, self.src))
        }) {
            return self.decline(n, format!("module attribute `{}`", self.t(n)));
        }
        // A `def` or `class` in a block: JavaScript scopes a declaration
        // to its block, where Python's binds a name of the module.
        if let Some(d) = first_node(item, |n| {
            matches!(
                n.kind(),
                "function_definition" | "class_definition" | "decorated_definition"
            )
        }) {
            return self.decline(d, "definition inside a top-level block");
        }
        // Python rejects these outside a function; the parser takes them.
        if let Some(n) = first_node(item, |n| matches!(n.kind(), "return_statement" | "yield")) {
            let what = if n.kind() == "yield" {
                "yield"
            } else {
                "return"
            };
            return self.decline(n, format!("`{what}` outside a function"));
        }
        let module = module.get_or_insert_with(|| Function {
            name: MODULE.to_string(),
            params: Vec::new(),
            ret: Ty::Unit,
            body: Vec::new(),
            line: self.line(item),
            comments: Vec::new(),
            nonlocal: Vec::new(),
            declared: Vec::new(),
        });
        // Comments inside an expression split over lines go before it.
        pending.extend(stray_comments(item, self.src, |k| k == "block"));
        let start = module.body.len();
        self.statement(item, &mut module.body)?;
        if let Some(s) = module.body.get_mut(start) {
            let mut before = std::mem::take(pending);
            before.append(&mut s.comments.before);
            s.comments.before = before;
        }
        Ok(())
    }
}
