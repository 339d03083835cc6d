//! Writers: a parameter of type `&mut dyn std::io::Write` (or `impl
//! std::io::Write`, `io::Write`) in a function returning
//! `std::io::Result<()>`, whose body writes with `w.write_all(s.as_bytes())?`
//! and ends with `Ok(())` (anstyle's `write_to`).
//!
//! The targets have no `Write` trait, so the writer is assumed to be an
//! object with a `write` method taking the bytes, which returns once all
//! are written and raises on an I/O error: Python's binary files
//! (`sys.stdout.buffer`, `io.BytesIO`; `write(s.encode())`), in
//! JavaScript an object with a synchronous `write(Uint8Array)`
//! (`write(new TextEncoder().encode(s))`). Rust's `?` hands an error to the
//! caller, as the raised exception does; `Ok(())` is the plain return. A
//! call of such a function is declined: its callers would read or drop the
//! `Result`, which the targets' exceptions do not give (the one call taken
//! is `write_all(..)?`, where the error goes to the caller either way).

use tree_sitter::Node;

use super::Lower;
use crate::engine::rules::ir::{Builtin, Expr, ExprKind, Ty};
use crate::engine::rules::Res;

/// The class name standing for a writer's type (no struct is named so).
pub(super) const WRITER: &str = "std::io::Write";
/// The error type of `std::io::Result`.
const IO_ERROR: &str = "std::io::Error";

/// `dyn std::io::Write`, `impl io::Write`: a writer. A bare `Write`, which
/// may be `fmt::Write`, is not.
pub(super) fn is_writer_type(text: &str) -> bool {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    matches!(
        t.as_str(),
        "dyn std::io::Write" | "dyn io::Write" | "impl std::io::Write" | "impl io::Write"
    )
}

/// `std::io::Result<()>`, `io::Result<()>`.
pub(super) fn is_io_result(text: &str) -> bool {
    let t = text.replace(' ', "");
    matches!(t.as_str(), "std::io::Result<()>" | "io::Result<()>")
}

/// The type of a `std::io::Result<()>`.
pub(super) fn io_result() -> Ty {
    Ty::Result(Box::new(Ty::Unit), Box::new(Ty::Class(IO_ERROR.into())))
}

impl Lower<'_> {
    /// `w.write_all(s.as_bytes())` of a writer `w`: `w.write(bytes)`, of
    /// type `std::io::Result<()>` (for the `?` around it).
    pub(super) fn writer_method(
        &mut self,
        recv: Expr,
        name: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Expr> {
        let (true, [arg]) = (name == "write_all", args) else {
            return self.decline(n, format!("method `{name}` of a writer"));
        };
        let Some(mc) = self
            .method_call(*arg)
            .filter(|m| m.name == "as_bytes" && m.args.is_empty())
        else {
            return self.decline(*arg, "`write_all` of other than a string's `as_bytes()`");
        };
        let text = self.expr(mc.recv)?;
        if self.ty(&text) != Ty::Str {
            return self.decline(*arg, "`as_bytes()` of other than a string");
        }
        let line = self.line(n);
        let bytes = self.mk(
            ExprKind::Builtin {
                op: Builtin::StrBytes,
                args: vec![text],
                keywords: Vec::new(),
            },
            Ty::list(Ty::Int(crate::engine::rules::ir::IntTy::U8)),
            line,
        );
        Ok(self.mk(
            ExprKind::CallMethod {
                recv: Box::new(recv),
                name: "write".into(),
                args: vec![bytes],
            },
            io_result(),
            line,
        ))
    }

    /// `e?` in a function returning `std::io::Result<()>`: `e` must be a
    /// writer's `write_all`, whose error the raised exception hands on.
    pub(super) fn io_try(&mut self, n: Node) -> Res<Expr> {
        if !self.io_result || !self.closure_depth.is_empty() {
            return self.decline(n, "`?`");
        }
        let Some(inner) = crate::engine::rules::named_children(n).first().copied() else {
            return self.decline(n, "`?`");
        };
        let is_write = self
            .method_call(inner)
            .is_some_and(|m| m.name == "write_all");
        if !is_write {
            return self.decline(n, "`?` of other than a writer's `write_all`");
        }
        let e = self.expr(inner)?;
        if self.ty(&e) != io_result() {
            return self.decline(n, "`?` of other than a writer's `write_all`");
        }
        self.set_ty(&e, Ty::Unit);
        Ok(e)
    }
}
