//! Classes in Python: a Rust struct's class (its constructor stores each
//! field), and the methods of an `impl` unit attached to the class another
//! unit defines: each a function named after the class and the method
//! (`_Point_area`), then stored on the class (`Point.area = _Point_area`;
//! an associated function as a `staticmethod`), since a Python class
//! statement cannot be reopened.

use super::{decline, Writer};
use crate::engine::rules::ir::{Class, Impl, MethodKind};
use crate::engine::rules::Res;
use crate::lang::Lang;

impl Writer<'_> {
    pub(super) fn class(&mut self, c: &Class) -> Res<()> {
        if c.base.is_some() || !c.attributes.is_empty() {
            return decline(c.line, "class with a base or class attributes");
        }
        let name = self.input.function_name(&c.name, Lang::Python, false);
        self.out.comments("#", &c.comments);
        self.out.line(format!("class {name}:"));
        self.out.depth += 1;
        if c.methods.is_empty() {
            self.out.line("pass");
        }
        for (i, m) in c.methods.iter().enumerate() {
            if i > 0 {
                self.out.blank();
            }
            let head = match m.kind {
                MethodKind::Constructor => "__init__".to_string(),
                MethodKind::Instance => self.member_name(&m.function.name),
                _ => return decline(m.function.line, "class method or property"),
            };
            self.function_named(&m.function, &head)?;
        }
        self.out.depth -= 1;
        // A C-like enum's variants, each one object made once, under its
        // name (`None_` for `None`, a keyword); its tag is the variant's.
        for v in &c.variants {
            let member = self.member_name(v);
            self.out.line(format!("{name}.{member} = {name}(\"{v}\")"));
        }
        Ok(())
    }

    pub(super) fn impl_block(&mut self, imp: &Impl) -> Res<()> {
        let class = self.input.function_name(&imp.class, Lang::Python, false);
        for (i, m) in imp.methods.iter().enumerate() {
            if i > 0 {
                self.out.blank();
            }
            let method = self.member_name(&m.function.name);
            let def = format!("_{class}_{method}");
            self.function_named(&m.function, &def)?;
            match m.kind {
                MethodKind::Instance => self.out.line(format!("{class}.{method} = {def}")),
                MethodKind::Static => self
                    .out
                    .line(format!("{class}.{method} = staticmethod({def})")),
                _ => return decline(m.function.line, "class method or property"),
            }
        }
        for a in &imp.attributes {
            let value = self.expr(&a.value, 0)?;
            self.out.line(format!("{class}.{} = {value}", a.name));
        }
        for (from, name) in &imp.inherited {
            let from = self.input.function_name(from, Lang::Python, false);
            let method = self.member_name(name);
            self.out.line(format!("{class}.{method} = {from}.{method}"));
        }
        Ok(())
    }
}
