//! Methods attached to a class another unit defines (Rust's `impl S`
//! apart from `struct S`): `S.prototype.m = function (..) { .. };` for a
//! method of the object, `S.m = function (..) { .. };` for an associated
//! function, each written by the function machinery with the receiver as
//! `this`. A `Display` impl's text is `toString`.

use super::{method_name, Writer};
use crate::engine::rules::ir::{Impl, MethodKind};
use crate::engine::rules::Res;
use crate::lang::Lang;

impl Writer<'_> {
    pub(super) fn impl_block(&mut self, imp: &Impl) -> Res<()> {
        let class = self
            .input
            .function_name(&imp.class, Lang::JavaScript, false);
        for (i, m) in imp.methods.iter().enumerate() {
            if i > 0 {
                self.out.blank();
            }
            // A Rust `Display` impl's `fmt` (the IR's `__str__`) is what
            // a template literal and `String()` call.
            // A Rust `Debug` impl's (`__repr__`) is what Node's
            // `util.inspect` and `console.log` call.
            let name = match m.function.name.as_str() {
                "__str__" => "toString".to_string(),
                "__repr__" => "[Symbol.for(\"nodejs.util.inspect.custom\")]".to_string(),
                other => method_name(other, m.function.line)?,
            };
            let (head, receiver) = match m.kind {
                MethodKind::Instance if name.starts_with('[') => {
                    (format!("{class}.prototype{name} = function "), true)
                }
                MethodKind::Instance => (format!("{class}.prototype.{name} = function "), true),
                _ => (format!("{class}.{name} = function "), false),
            };
            self.function_as(&m.function, false, Some((head, receiver)))?;
            // The assignment's statement ends after the function.
            if let Some((_, last)) = self.out.lines.last_mut() {
                last.push(';');
            }
        }
        for a in &imp.attributes {
            let value = self.expr(&a.value, 0)?;
            self.out.line(format!("{class}.{} = {value};", a.name));
        }
        for (from, name) in &imp.inherited {
            let from = self.input.function_name(from, Lang::JavaScript, false);
            let method = method_name(name, imp.line)?;
            // A descriptor copied as it is: `defineProperty` throws where
            // the other class lacks the method (its unit was not
            // translated), which an assignment of `undefined` would hide
            // until a call.
            self.out.line(format!(
                "Object.defineProperty({class}.prototype, \"{method}\", \
                 Object.getOwnPropertyDescriptor({from}.prototype, \"{method}\"));"
            ));
        }
        Ok(())
    }
}
