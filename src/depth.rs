//! How deep user syntax may nest: the bound that recursive walks over a
//! syntax tree check before they start, and the stack given to the threads
//! that run them.
//!
//! A stack overflow is not a panic: `catch_unwind` never sees it and the
//! process aborts, taking every other file of the run with it. So a tree
//! nested deeper than a walk can follow is turned down before the walk
//! starts (the rules engine declines the unit, naming the line), walks that
//! need not recurse use an explicit stack or a tree cursor instead, and
//! engine work runs on threads whose stack holds [`MAX_NESTING`] levels of
//! the deepest walk many times over.

use std::cell::Cell;

use tree_sitter::Node;

/// Syntax-tree levels a recursive walk may descend. Levels are the parser's,
/// not the programmer's: `(x)` is two (the parentheses and `x`), and a chain
/// of `n` binary operators is `n` deep, since each operator holds the ones
/// before it. Real code stays far below this (a 200-term string concatenation
/// is some 200 levels); files deeper than this are generated or hostile.
pub const MAX_NESTING: usize = 1000;

/// Stack for threads that run engine work.
///
/// Measured on the rules engine, whose walks recurse once or more per tree
/// level (by bisecting on the depth at which a 1 MiB thread overflows): a
/// debug build uses up to 24 KiB per level (nested `abs(...)` or
/// `min(x, ...)`, whose frames go through the engine's large match on
/// built-in functions; 14-18 KiB for `+`, parentheses, lists and ternaries),
/// an optimised build about 3 KiB (from the memory a 1,000-level unit adds).
/// At [`MAX_NESTING`] levels that is 24 MiB in the worst case measured, so
/// 256 MiB leaves a tenfold margin for paths not measured, in every build.
/// The size is only reserved: pages are mapped when a walk first reaches
/// them, so shallow code costs nothing more.
pub const ENGINE_STACK_SIZE: usize = 256 * 1024 * 1024;

/// Where a tree first nests deeper than [`MAX_NESTING`].
#[derive(Clone, Copy, Debug)]
pub struct TooDeep<'t> {
    /// The first node, in source order, below the bound.
    pub node: Node<'t>,
}

impl TooDeep<'_> {
    /// What nests too deep, for a reason in the report; the caller adds
    /// where (`... at line 12`).
    pub fn what(&self) -> String {
        // What nests is what most of the nodes just above are: statements
        // and blocks (nested `if`s), or expressions (brackets, operators).
        let (mut blocks, mut others) = (0, 0);
        let mut node = Some(self.node);
        for _ in 0..64 {
            let Some(n) = node else { break };
            if n.is_named() {
                let kind = n.kind();
                let is_block = ["statement", "block", "clause", "definition", "declaration"]
                    .iter()
                    .any(|end| kind.ends_with(end))
                    && kind != "expression_statement";
                if is_block {
                    blocks += 1;
                } else {
                    others += 1;
                }
            }
            node = n.parent();
        }
        let what = if blocks > others {
            "block"
        } else {
            "expression"
        };
        format!("{what} nested deeper than {MAX_NESTING} levels")
    }
}

/// Checks that no node of the tree under `root` is more than
/// [`MAX_NESTING`] levels below it. The walk is a cursor, not recursion, so
/// it is safe on any tree, and it stops at the first node too deep.
pub fn check(root: Node) -> Result<(), TooDeep> {
    let mut cursor = root.walk();
    let mut depth = 0usize;
    loop {
        if cursor.goto_first_child() {
            depth += 1;
            if depth > MAX_NESTING {
                return Err(TooDeep {
                    node: cursor.node(),
                });
            }
            continue;
        }
        loop {
            if depth == 0 {
                return Ok(());
            }
            if cursor.goto_next_sibling() {
                break;
            }
            cursor.goto_parent();
            depth -= 1;
        }
    }
}

/// Distinct indentation widths a Python file may have, so that
/// tree-sitter-python's scanner can save its state.
///
/// The scanner saves its stack of open indentation levels (two bytes each,
/// after up to 257 bytes of string delimiters) into a buffer of 1,024 bytes
/// without checking that it fits: a file indented 510 levels deep with a
/// string open (an odd number of delimiter bytes) writes one byte past the
/// buffer, which a debug build of tree-sitter stops with a failed assertion
/// (SIGABRT) and a release build lets corrupt the parser. The stack holds
/// strictly increasing widths, so it is never deeper than the number of
/// distinct widths in the file; at 383 it fits whatever the delimiters:
/// 2 + 255 + 2 × 383 = 1,023 bytes. Real code has a few dozen.
pub const MAX_PYTHON_INDENT_WIDTHS: usize = 383;

/// Whether tree-sitter-python can parse `text` without overrunning its
/// scanner's state buffer (see [`MAX_PYTHON_INDENT_WIDTHS`]).
///
/// Counts, as the scanner does, the width of the blank run before the first
/// character of every line (a space is one, a tab eight, `\r` and form feed
/// start again, a backslash-newline continues the line): every width the
/// scanner can push is among them.
pub fn python_indentation_fits(text: &str) -> bool {
    // One bit per possible width.
    let mut seen = [0u64; 1 << 10];
    let mut distinct = 0usize;
    // The scanner keeps widths in 16 bits, wrapping.
    let mut width: u16 = 0;
    let mut at_line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                width = 0;
                at_line_start = true;
            }
            _ if !at_line_start => {}
            ' ' => width = width.wrapping_add(1),
            '\t' => width = width.wrapping_add(8),
            '\r' | '\x0c' => width = 0,
            '\\' if matches!(chars.peek(), Some('\n' | '\r')) => {
                // A continued line: the width goes on over the newline.
                if chars.next() == Some('\r') && chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            _ => {
                // The scanner's stack starts at 0 and only grows upwards:
                // width 0 is never pushed.
                let (word, bit) = (usize::from(width >> 6), 1u64 << (width & 63));
                if width > 0 && seen[word] & bit == 0 {
                    seen[word] |= bit;
                    distinct += 1;
                    if distinct > MAX_PYTHON_INDENT_WIDTHS {
                        return false;
                    }
                }
                at_line_start = false;
            }
        }
    }
    true
}

thread_local! {
    /// Whether this thread was started with [`ENGINE_STACK_SIZE`].
    static ON_ENGINE_STACK: Cell<bool> = const { Cell::new(false) };
}

fn mark_engine_stack() {
    ON_ENGINE_STACK.with(|on| on.set(true));
}

/// A rayon pool of `threads` threads with [`ENGINE_STACK_SIZE`] stacks, for
/// the pipeline and anything else that runs engines. Where the system will
/// not reserve that much (a strict overcommit policy), the pool gets default
/// stacks instead; [`with_engine_stack`] then moves deep work to a thread of
/// its own.
pub fn engine_pool(threads: usize) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(ENGINE_STACK_SIZE)
        .start_handler(|_| mark_engine_stack())
        .build()
        .or_else(|_| rayon::ThreadPoolBuilder::new().num_threads(threads).build())
}

/// Runs `work` on a thread with an [`ENGINE_STACK_SIZE`] stack: on this one
/// when it has one (the threads of [`engine_pool`]), else on a new thread
/// for the call, so that callers of the library with ordinary stacks (tests,
/// benchmarks, other programs) are as safe as the command line. A panic in
/// `work` is passed on to the caller as it was.
pub fn with_engine_stack<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    if ON_ENGINE_STACK.with(Cell::get) {
        return work();
    }
    // `work` moves into the thread only if the thread starts; if it cannot
    // start, it is still here to run on this stack (which is then the best
    // there is).
    let work = std::sync::Mutex::new(Some(work));
    let spawned = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("xlate-engine".into())
            .stack_size(ENGINE_STACK_SIZE)
            .spawn_scoped(scope, || {
                mark_engine_stack();
                let work = work.lock().ok().and_then(|mut w| w.take());
                work.map(|work| work())
            });
        handle.map(|h| h.join())
    });
    match spawned {
        Ok(Ok(Some(result))) => result,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        // Not started (or, impossibly, started without the work).
        Ok(Ok(None)) | Err(_) => {
            let work = work.into_inner().ok().flatten();
            match work {
                Some(work) => work(),
                None => unreachable!("the work ran on the engine thread or is still here"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::units::parse;

    fn depth_result(text: &str, lang: Lang) -> Option<(usize, String)> {
        let tree = parse(text, lang).unwrap();
        match check(tree.root_node()) {
            Ok(()) => None,
            Err(deep) => Some((deep.node.start_position().row, deep.what())),
        }
    }

    #[test]
    fn shallow_code_passes() {
        assert_eq!(
            depth_result("def f(x):\n    return (x + 1) * 2\n", Lang::Python),
            None
        );
        assert_eq!(depth_result("", Lang::JavaScript), None);
        let just_under = format!("x = {}1{}\n", "(".repeat(400), ")".repeat(400));
        assert_eq!(depth_result(&just_under, Lang::Python), None);
    }

    #[test]
    fn long_chains_and_deep_brackets_are_too_deep() {
        // Regression: a 1,500-term `+` chain overflowed the stack and aborted
        // the run (issue 11).
        let chain = format!("def d(x, y):\n    return {}\n", vec!["x"; 1500].join(" + "));
        let (row, what) = depth_result(&chain, Lang::Python).unwrap();
        assert_eq!(row, 1);
        assert_eq!(what, "expression nested deeper than 1000 levels");
        let brackets = format!("\n\nconst x = {}1{};\n", "[".repeat(5000), "]".repeat(5000));
        let (row, what) = depth_result(&brackets, Lang::JavaScript).unwrap();
        assert_eq!(row, 2);
        assert!(what.starts_with("expression nested"), "{what}");
    }

    #[test]
    fn deep_blocks_are_named_blocks() {
        let blocks = format!(
            "function f() {{\n{}{}\n}}\n",
            "if (x) {\n".repeat(700),
            "}\n".repeat(700)
        );
        let (_, what) = depth_result(&blocks, Lang::JavaScript).unwrap();
        assert_eq!(what, "block nested deeper than 1000 levels");
        // Rust's blocks are expressions.
        let blocks = format!(
            "fn f() {{\n{}{}\n}}\n",
            "if x {\n".repeat(700),
            "}\n".repeat(700)
        );
        let (_, what) = depth_result(&blocks, Lang::Rust).unwrap();
        assert!(what.ends_with(" nested deeper than 1000 levels"), "{what}");
    }

    #[test]
    fn python_indentation_beyond_the_scanner_buffer_is_refused() {
        let nested = |levels: usize| {
            let mut s = String::from("def f(x):\n");
            for level in 1..=levels {
                s += &format!("{}if x:\n", " ".repeat(level));
            }
            s += &format!("{}return 'open string\n", " ".repeat(levels + 1));
            s
        };
        // The widths are 1 to `levels + 1` (0 is the scanner's floor).
        assert!(python_indentation_fits(&nested(
            MAX_PYTHON_INDENT_WIDTHS - 1
        )));
        assert!(!python_indentation_fits(&nested(MAX_PYTHON_INDENT_WIDTHS)));
        // Regression: 600 levels with a string open at the deepest one
        // aborted the process in tree-sitter-python's scanner.
        assert!(!python_indentation_fits(&nested(600)));
        assert!(parse(&nested(600), Lang::Python).is_none());
        // Width is what counts, not lines: many lines at few widths pass.
        let flat = "x = 1\n    y\n\tz\n".repeat(10_000);
        assert!(python_indentation_fits(&flat));
        // Continuations and tabs add up as the scanner adds them.
        let continued: String = (0..400)
            .map(|i| format!("{}\\\n x\n", " ".repeat(i % 2)))
            .collect();
        assert!(python_indentation_fits(&continued));
        let tabs: String = (1..=400)
            .map(|i| format!("{}x\n", "\t".repeat(i)))
            .collect();
        assert!(!python_indentation_fits(&tabs));
    }

    #[test]
    fn work_runs_on_a_large_stack_and_panics_come_back() {
        let on_big = with_engine_stack(|| ON_ENGINE_STACK.with(Cell::get));
        assert!(on_big);
        // Nested calls reuse the thread they are on.
        let nested = with_engine_stack(|| with_engine_stack(|| 7));
        assert_eq!(nested, 7);
        let caught = std::panic::catch_unwind(|| with_engine_stack(|| panic!("inner")));
        let payload = caught.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"inner"));
    }

    #[test]
    fn the_engine_pool_marks_its_threads() {
        let pool = engine_pool(2).unwrap();
        assert!(pool.install(|| ON_ENGINE_STACK.with(Cell::get)));
    }
}
