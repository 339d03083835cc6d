//! `use` declarations inside function bodies (`use core::hash::Hasher;`,
//! `use crate::distr::Open01;`): like the file's own `use` lines they write
//! nothing, since the targets name functions and classes by the names the
//! translation gives them.
//!
//! What a `use` brings in matters where the frontend reads the imports:
//! the formatting traits in scope (`x.fmt(f)`, see [`super::formatter`]),
//! `std::cmp::Ordering` (see [`super::orderings`]) and the leaf names a
//! call may name bare (`max`, `PI`). The unit's body `use`s are read before
//! any body is lowered and counted with the file's (see [`body_use_lines`]);
//! a body `use` counts for its own block only in Rust, so a unit where one
//! of its names is also a name of the unit or its file (a function, a
//! struct, a constant, another import), which other blocks would mean by
//! that name, is declined.

use tree_sitter::Node;

use super::{imported_names, renamed_names, Lower};
use crate::engine::rules::{named_children, text, Res};

/// The text of every `use` declaration inside the unit's items (not its
/// top-level ones), one a line.
pub(super) fn body_use_lines(root: Node, src: &str) -> String {
    let mut out = String::new();
    let mut stack: Vec<Node> = named_children(root)
        .into_iter()
        .filter(|n| n.kind() != "use_declaration")
        .collect();
    while let Some(n) = stack.pop() {
        if n.kind() == "use_declaration" {
            out.push_str(text(n, src));
            out.push('\n');
            continue;
        }
        stack.extend(named_children(n));
    }
    out
}

impl Lower<'_> {
    /// A `use` declaration as a statement of a block: nothing to write,
    /// where none of its names is one the unit or its file gives another
    /// meaning.
    pub(super) fn body_use(&self, item: Node) -> Res<()> {
        // `use std::cmp::max as min;` would read as `min` itself where
        // calls take an imported name by its leaf.
        if self.text(item).split_whitespace().any(|w| w == "as") {
            return self.decline(item, "`use` inside a function renaming with `as`");
        }
        let names = imported_names(self.text(item));
        let file_imports = imported_names(&self.file_imports);
        let file_renamed = renamed_names(&self.file_imports);
        let mut clash: Vec<&String> = names
            .iter()
            .filter(|name| *name != "self")
            .filter(|name| {
                self.file_functions.contains(*name)
                    || self.is_top_level_function(name)
                    || self.struct_names.contains(*name)
                    || self.structs.contains_key(*name)
                    || self.constants.contains_key(*name)
                    || file_imports.contains(*name)
                    || file_renamed.contains(*name)
            })
            .collect();
        clash.sort();
        if let Some(name) = clash.first() {
            return self.decline(
                item,
                format!(
                    "`use` inside a function bringing `{name}`, a name the unit or its file also has"
                ),
            );
        }
        Ok(())
    }
}
