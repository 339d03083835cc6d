//! Import cycles: which modules of the tree import each other (directly or
//! through others), and how a Python target keeps such modules loadable.
//!
//! Rust and ES modules allow a cycle of imports; Python does too, but a
//! `from b import f` at the top of `a` fails when `b` imports `a` back: the
//! first module imported is only partly run when the second asks it for a
//! name (`ImportError: cannot import name ... from partially initialized
//! module`). A Python module on a cycle therefore imports the names of the
//! other modules of its cycle at its end, after its own definitions: which
//! ever module is imported first has defined everything by the time the
//! others ask for it. This holds for names read inside functions, which is
//! how the translated code reads them; `from __future__ import annotations`
//! keeps annotations that name an imported class from being read at
//! definition time. A module whose top-level code reads such a name while
//! it loads (a constant computed from another module's) still fails to
//! load, and its load check says so.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::lang::Lang;

/// The strongly connected component of each node of the graph whose
/// edges are `deps` (`deps[i]`: the nodes `i` points to), by Tarjan's
/// algorithm done with an explicit stack (a deep chain of imports must not
/// overflow the call stack). Two nodes share a component exactly when
/// each reaches the other; the numbers only tell components apart.
pub fn components(deps: &[BTreeSet<usize>]) -> Vec<usize> {
    let n = deps.len();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_index = 0;
    let mut next_component = 0;
    let edges: Vec<Vec<usize>> = deps
        .iter()
        .map(|d| d.iter().copied().filter(|&j| j < n).collect())
        .collect();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, how many of its edges have been followed)
        let mut work = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut followed)) = work.last_mut() {
            if let Some(&w) = edges[v].get(*followed) {
                *followed += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// A Python module's text with its top-level `from M import ...`
/// statements of the modules in `partners` (dotted names: the other
/// modules of its import cycle) moved to its end, before a closing `if
/// __name__ == "__main__":` block, under a comment that says why, and
/// `from __future__ import annotations` at its top. Each edit is given as
/// (where in the old text, how many bytes it removed, how many it added),
/// in order, so that the caller can move what it knows the place of.
/// `None` where the text has no such import.
pub fn defer_python_imports(text: &str, partners: &BTreeSet<String>) -> Option<Deferred> {
    let tree = crate::units::parse(text, Lang::Python)?;
    let root = tree.root_node();
    let mut moved: Vec<Range<usize>> = Vec::new();
    let mut main_block = None;
    let mut cursor = root.walk();
    for node in root.children(&mut cursor) {
        match node.kind() {
            "import_from_statement" => {
                let module = node
                    .child_by_field_name("module_name")
                    .map(|m| &text[m.byte_range()]);
                // `from pkg import mod` imports the module `pkg.mod` too.
                let mut cursor = node.walk();
                let submodule = node
                    .children_by_field_name("name", &mut cursor)
                    .filter_map(|n| match n.kind() {
                        "aliased_import" => n.child_by_field_name("name"),
                        _ => Some(n),
                    })
                    .any(|n| {
                        module.is_some_and(|m| {
                            partners.contains(&format!("{m}.{}", &text[n.byte_range()]))
                        })
                    });
                if module.is_some_and(|m| partners.contains(m)) || submodule {
                    moved.push(node.byte_range());
                }
            }
            "if_statement" => {
                let condition: String = node
                    .child_by_field_name("condition")
                    .map(|c| text[c.byte_range()].split_whitespace().collect())
                    .unwrap_or_default();
                if matches!(
                    condition.as_str(),
                    "__name__==\"__main__\"" | "__name__=='__main__'"
                ) {
                    main_block = Some(node.start_byte());
                }
            }
            _ => {}
        }
    }
    if moved.is_empty() {
        return None;
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut edits = Vec::new();
    // The future import goes where the support code does: after a shebang
    // and the comments that open the file, before any statement.
    let bom = text.len() - text.trim_start_matches('\u{feff}').len();
    let mut top = bom;
    for line in text[bom..].split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            top += line.len();
        } else {
            break;
        }
    }
    let future = format!("from __future__ import annotations{newline}");
    if !text.contains("from __future__ import annotations") {
        edits.push(Edit {
            at: top,
            removed: 0,
            added: future,
        });
    }
    let mut statements = Vec::new();
    for range in &moved {
        let statement = &text[range.clone()];
        statements.push(statement.to_string());
        // The statement's line goes, with its line break.
        let end = text[range.end..]
            .find('\n')
            .map_or(text.len(), |k| range.end + k + 1);
        edits.push(Edit {
            at: range.start,
            removed: end - range.start,
            added: String::new(),
        });
    }
    let mut block = String::new();
    block.push_str(&format!(
        "# Imported last: these modules import this one too (an import cycle); what{newline}\
         # they define is read only when a function runs.{newline}"
    ));
    for s in &statements {
        block.push_str(s);
        block.push_str(newline);
    }
    let at = match main_block {
        Some(at) => {
            block.push_str(newline);
            at
        }
        None => {
            let mut lead = String::new();
            if !text.ends_with('\n') {
                lead.push_str(newline);
            }
            lead.push_str(newline);
            block.insert_str(0, &lead);
            text.len()
        }
    };
    edits.push(Edit {
        at,
        removed: 0,
        added: block,
    });
    edits.sort_by_key(|e| e.at);
    let mut out = String::with_capacity(text.len() + 200);
    let mut from = 0;
    for e in &edits {
        out.push_str(&text[from..e.at]);
        out.push_str(&e.added);
        from = e.at + e.removed;
    }
    out.push_str(&text[from..]);
    Some(Deferred { text: out, edits })
}

/// One change [`defer_python_imports`] made: at byte `at` of the old text,
/// `removed` bytes went and `added` came.
#[derive(Debug)]
pub struct Edit {
    pub at: usize,
    pub removed: usize,
    pub added: String,
}

/// The text with its cyclic imports moved, and the edits that made it.
#[derive(Debug)]
pub struct Deferred {
    pub text: String,
    pub edits: Vec<Edit>,
}

impl Deferred {
    /// Where `range` of the old text is in the new one: text inserted at
    /// its start comes before it, text inserted at its end after it, and
    /// what an edit removed from inside it is gone from it.
    pub fn moved(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.position(range.start, true);
        let end = self.position(range.end, false).max(start);
        start..end
    }

    /// Where byte `p` of the old text is in the new one; `before`: an
    /// insertion at `p` comes before it.
    fn position(&self, p: usize, before: bool) -> usize {
        let mut shift: isize = 0;
        for e in &self.edits {
            let end = e.at + e.removed;
            if e.at > p || (e.at == p && e.removed == 0 && !before) {
                break;
            }
            if end <= p {
                shift += e.added.len() as isize - e.removed as isize;
            } else {
                // Inside a removed stretch: where it was.
                return e.at.saturating_add_signed(shift);
            }
        }
        p.saturating_add_signed(shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(deps: &[&[usize]]) -> Vec<BTreeSet<usize>> {
        deps.iter().map(|d| d.iter().copied().collect()).collect()
    }

    #[test]
    fn components_join_the_modules_that_reach_each_other() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 reaches it but is not reached.
        let c = components(&set(&[&[1], &[2], &[0], &[0], &[4]]));
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        // A module that imports itself is its own component, alone.
        assert_ne!(c[4], c[3]);
        assert_ne!(c[4], c[0]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let deps: Vec<BTreeSet<usize>> = (0..n).map(|i| BTreeSet::from([(i + 1) % n])).collect();
        let c = components(&deps);
        assert!(c.iter().all(|&x| x == c[0]));
    }

    #[test]
    fn cyclic_imports_move_to_the_end_before_the_main_block() {
        let text = "# a module\nfrom src.b import Point\nfrom src.c import other\n\ndef f():\n    return Point(0, 0)\n\nif __name__ == \"__main__\":\n    f()\n";
        let partners = BTreeSet::from(["src.b".to_string()]);
        let d = defer_python_imports(text, &partners).unwrap();
        assert_eq!(
            d.text,
            "# a module\nfrom __future__ import annotations\nfrom src.c import other\n\ndef f():\n    return Point(0, 0)\n\n# Imported last: these modules import this one too (an import cycle); what\n# they define is read only when a function runs.\nfrom src.b import Point\n\nif __name__ == \"__main__\":\n    f()\n"
        );
        // The function moved with the text around it.
        let at = text.find("def f").unwrap();
        let range = at..at + "def f():\n    return Point(0, 0)".len();
        let moved = d.moved(&range);
        assert_eq!(&d.text[moved], &text[range]);
        // Nothing to move: no change.
        assert!(defer_python_imports(text, &BTreeSet::from(["src.x".to_string()])).is_none());
    }

    // `from pkg import mod` of a module on the cycle moves too (serde_derive's
    // `ast.py` imports `check` so, and `check.py` imports `ast` back).
    #[test]
    fn an_import_of_a_submodule_on_the_cycle_moves_to_the_end() {
        let text = "from src.internals import check, Derive\nfrom src.internals import attr as a\n\ndef f():\n    return check.g()\n";
        let partners = BTreeSet::from(["src.internals.check".to_string()]);
        let d = defer_python_imports(text, &partners).unwrap();
        assert!(
            d.text
                .ends_with("from src.internals import check, Derive\n"),
            "{}",
            d.text
        );
        assert!(d
            .text
            .contains("\nfrom src.internals import attr as a\n\ndef f"));
        let partners = BTreeSet::from(["src.internals.attr".to_string()]);
        let d = defer_python_imports(text, &partners).unwrap();
        assert!(
            d.text.ends_with("from src.internals import attr as a\n"),
            "{}",
            d.text
        );
    }
}
