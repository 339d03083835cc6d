//! Names of Python's standard modules that the frontend reads as what they
//! mean: `operator`'s functions as the lambdas they stand for (`add` is
//! `lambda left, right: left + right`), `functools.reduce` as
//! [`Functool::Reduce`], `math`'s and `string`'s constants as their values. Each is
//! resolved only where the name is the import: a unit that binds the name
//! (or the module's) anywhere is left to the imports' declines.

use tree_sitter::Node;

use super::super::super::ir::{
    BinOp, Builtin, DivSem, Expr, ExprId, ExprKind, Functool, IndexSem, Lit, OperandSem, Rounding,
    UnOp,
};
use super::super::super::Res;
use super::{text, Front};

/// The functions of `operator` the frontend knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OperatorFn {
    /// A function of two operands that is a binary operator of Python's.
    Binary(BinOp),
    /// `neg(x)`: `-x`.
    Neg,
    /// `itemgetter(k, ...)`: a function of an object giving `obj[k]`, or
    /// the tuple of `obj[k]` for several keys.
    ItemGetter,
}

impl OperatorFn {
    /// The function named `name` in `operator`.
    pub(crate) fn named(name: &str) -> Option<OperatorFn> {
        Some(match name {
            "add" => OperatorFn::Binary(BinOp::Add(OperandSem::ByTypes)),
            "sub" => OperatorFn::Binary(BinOp::Sub),
            "mul" => OperatorFn::Binary(BinOp::Mul(OperandSem::ByTypes)),
            "truediv" => OperatorFn::Binary(BinOp::Div(DivSem::True)),
            "floordiv" => OperatorFn::Binary(BinOp::FloorDiv(Rounding::Floor)),
            "mod" => OperatorFn::Binary(BinOp::Rem(Rounding::Floor)),
            "neg" => OperatorFn::Neg,
            "itemgetter" => OperatorFn::ItemGetter,
            _ => return None,
        })
    }
}

/// A standard-library name a syntax node reads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum StdName {
    Operator(OperatorFn),
    Functools(Functool),
    /// `math.pi`, `math.e`, `math.tau`, `math.inf`, `math.nan`.
    MathConstant(f64),
    /// `string.digits`, `string.ascii_lowercase`...: strings.
    StringConstant(&'static str),
}

/// The value of the constant `name` of `math`.
fn math_constant(name: &str) -> Option<f64> {
    Some(match name {
        "pi" => std::f64::consts::PI,
        "e" => std::f64::consts::E,
        "tau" => std::f64::consts::TAU,
        "inf" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => return None,
    })
}

/// The value of the constant `name` of `string` (Python 3's, the same on
/// every platform and locale).
pub(super) fn string_constant(name: &str) -> Option<&'static str> {
    Some(match name {
        "ascii_lowercase" => "abcdefghijklmnopqrstuvwxyz",
        "ascii_uppercase" => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "ascii_letters" => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "digits" => "0123456789",
        "hexdigits" => "0123456789abcdefABCDEF",
        "octdigits" => "01234567",
        "punctuation" => r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##,
        "whitespace" => " \t\n\r\x0b\x0c",
        "printable" => concat!(
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
            r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##,
            " \t\n\r\x0b\x0c"
        ),
        _ => return None,
    })
}

impl Front<'_> {
    /// The standard-library name `node` reads: an identifier imported by
    /// name (`from operator import add`) or `module.name` of a module the
    /// file imports (`operator.add`), where the unit binds neither.
    pub(super) fn std_name(&self, node: Node) -> Option<StdName> {
        match node.kind() {
            "identifier" => {
                let name = text(node, self.src);
                if self.rebound(name) {
                    return None;
                }
                if let Some(f) = self.imports.operator_name(name) {
                    return Some(StdName::Operator(f));
                }
                if let Some(f) = self.imports.functools_name(name) {
                    return Some(StdName::Functools(f));
                }
                if let Some((_, original)) = self
                    .imports
                    .string_constants
                    .iter()
                    .find(|(b, _)| b == name)
                {
                    return string_constant(original).map(StdName::StringConstant);
                }
                self.imports
                    .math_name(name)
                    .and_then(math_constant)
                    .map(StdName::MathConstant)
            }
            "attribute" => {
                let object = node.child_by_field_name("object")?;
                let attr = text(node.child_by_field_name("attribute")?, self.src);
                if object.kind() != "identifier" {
                    return None;
                }
                let module = text(object, self.src);
                if self.rebound(module) {
                    return None;
                }
                // `math` is known to the frontend whether or not the file
                // imports it (`math.pi` was read so before).
                if module == "math" {
                    return math_constant(attr).map(StdName::MathConstant);
                }
                if !self.imports.modules.contains(module) {
                    return None;
                }
                match module {
                    "operator" => OperatorFn::named(attr).map(StdName::Operator),
                    "functools" => Functool::named(attr).map(StdName::Functools),
                    "string" => string_constant(attr).map(StdName::StringConstant),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether the unit binds `name` itself (a parameter, a local, a
    /// function of its own), so that a read may not reach the import.
    pub(super) fn rebound(&self, name: &str) -> bool {
        self.names_bound.contains(name) || self.unit_functions.iter().any(|f| f == name)
    }

    /// A standard-library name read as a value (`reduce(add, xs)`,
    /// `2 * math.pi`), or `None` where `node` reads none.
    pub(super) fn std_value(&mut self, node: Node) -> Res<Option<ExprKind>> {
        let Some(name) = self.std_name(node) else {
            return Ok(None);
        };
        let line = self.line(node);
        Ok(Some(match name {
            StdName::MathConstant(v) => ExprKind::Lit(Lit::Float(v)),
            StdName::StringConstant(s) => ExprKind::Lit(Lit::Str(s.to_string())),
            StdName::Operator(OperatorFn::Binary(op)) => {
                let (left, right) = (self.param("left", line), self.param("right", line));
                let body = self.at(
                    line,
                    ExprKind::Binary(op, Box::new(left.1), Box::new(right.1)),
                );
                ExprKind::Lambda {
                    params: vec![left.0, right.0],
                    body: Box::new(body),
                }
            }
            StdName::Operator(OperatorFn::Neg) => {
                let (param, x) = self.param("operand", line);
                let body = self.at(line, ExprKind::Unary(UnOp::Neg, Box::new(x)));
                ExprKind::Lambda {
                    params: vec![param],
                    body: Box::new(body),
                }
            }
            StdName::Operator(OperatorFn::ItemGetter) => {
                return self.decline(node, "`operator.itemgetter` other than called")
            }
            StdName::Functools(f) => {
                return self.decline(node, format!("`{}` as a value", f.spelling()))
            }
        }))
    }

    /// A call of a standard-library name (`add(a, b)`, `itemgetter(1)`,
    /// `functools.reduce(f, xs)`), `func` one [`Self::std_name`] reads.
    pub(super) fn std_call(
        &mut self,
        node: Node,
        func: Node,
        args: Vec<Expr>,
        keywords: &[(String, Expr)],
    ) -> Res<ExprKind> {
        let Some(name) = self.std_name(func) else {
            return self.decline(func, format!("`{}()`", text(func, self.src)));
        };
        let spelling = text(func, self.src);
        if !keywords.is_empty() {
            return self.decline(node, format!("keyword argument to `{spelling}()`"));
        }
        let line = self.line(node);
        let kind = match (name, args.len()) {
            (StdName::Operator(OperatorFn::Binary(op)), 2) => {
                let mut args = args.into_iter();
                match (args.next(), args.next()) {
                    (Some(a), Some(b)) => ExprKind::Binary(op, Box::new(a), Box::new(b)),
                    _ => return self.decline(node, format!("`{spelling}()`")),
                }
            }
            (StdName::Operator(OperatorFn::Neg), 1) => match args.into_iter().next() {
                Some(a) => ExprKind::Unary(UnOp::Neg, Box::new(a)),
                None => return self.decline(node, format!("`{spelling}()`")),
            },
            // Python reads the keys once, at this call; the lambda reads
            // them at each of its calls, the same only for literals.
            (StdName::Operator(OperatorFn::ItemGetter), n)
                if n >= 1
                    && args
                        .iter()
                        .all(|k| matches!(k.kind, ExprKind::Lit(Lit::Int(_) | Lit::Str(_)))) =>
            {
                self.item_getter(args, line)
            }
            (StdName::Functools(Functool::Reduce), 2 | 3) => ExprKind::Builtin {
                op: Builtin::Functools(Functool::Reduce),
                args,
                keywords: Vec::new(),
            },
            _ => {
                return self.decline(node, format!("`{spelling}()` with these arguments"));
            }
        };
        Ok(kind)
    }

    /// `itemgetter(k)` as `lambda item: item[k]`, `itemgetter(j, k)` as
    /// `lambda item: (item[j], item[k])`, of literal keys.
    fn item_getter(&mut self, keys: Vec<Expr>, line: usize) -> ExprKind {
        let (param, _) = self.param("item", line);
        let mut parts = Vec::new();
        let several = keys.len() > 1;
        for key in keys {
            let item = self.at(line, ExprKind::Name(param.0.clone()));
            parts.push(self.at(
                line,
                ExprKind::Index {
                    value: Box::new(item),
                    index: Box::new(key),
                    sem: IndexSem::PYTHON,
                },
            ));
        }
        let body = if several {
            self.at(line, ExprKind::Tuple(parts))
        } else {
            match parts.pop() {
                Some(p) => p,
                None => self.at(line, ExprKind::Lit(Lit::None)),
            }
        };
        ExprKind::Lambda {
            params: vec![param],
            body: Box::new(body),
        }
    }

    /// A lambda's parameter `name` and a read of it.
    pub(super) fn param(&mut self, name: &str, line: usize) -> ((String, ExprId), Expr) {
        let id = self.ids.fresh();
        let read = self.at(line, ExprKind::Name(name.to_string()));
        ((name.to_string(), id), read)
    }

    /// An expression made by the frontend at `line`.
    pub(super) fn at(&mut self, line: usize, kind: ExprKind) -> Expr {
        Expr {
            id: self.ids.fresh(),
            kind,
            line,
        }
    }
}
