//! The rules engine's typed intermediate representation: one tree that every
//! frontend (syntax tree → IR) writes and every backend (IR → target text)
//! reads, with the shared analysis (`super::analysis`) in between.
//!
//! **Design.** The IR carries meaning, not syntax. Each operation whose
//! behaviour differs between Python, JavaScript and Rust records what it
//! means in the language it came from: an index read records whether a
//! position out of range raises, gives `undefined` or panics and whether a
//! negative index counts from the end ([`IndexSem`]); integer division and
//! `%` record whether they floor or truncate ([`Rounding`]); `+` and `*`
//! record whether they dispatch on their operands' types ([`OperandSem`]);
//! equality records value or identity ([`EqSem`]); every place a value is
//! tested records the truthiness it is tested with ([`Truthiness`]). A
//! backend never guesses the source's meaning from the shape of the code: it
//! asks the per-pair semantic gap table ([`gap`]) what to do about each
//! difference (the target's construct is exact, a named helper bridges it, a
//! proof obligation the analysis must discharge, or a decline naming the
//! construct and line). High-level forms stay high-level (comprehensions,
//! for-each loops over ranges, strings, lists and dict items, f-strings,
//! `min`/`max`/`sum`/`sorted`) so that backends write idiomatic code instead
//! of a lowest common denominator. Types ([`Ty`]) are the union of the three
//! languages' value types, fixed-width integers and the JavaScript number
//! included; the analysis fills in what the frontend could not read from
//! the source, in a side table keyed by [`ExprId`], so the tree a frontend
//! built is never rewritten.

pub mod gap;

use std::fmt;

/// A line of the unit's file (1-based), for declines.
pub type Line = usize;

/// Identifies one expression (or one name in a target) of a function, for
/// the analysis's side tables: types, the binding a name resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(pub u32);

impl ExprId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A value type, as the three languages between them know them.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// Not known (yet): the analysis's bottom. A backend that needs the type
    /// declines.
    Unknown,
    /// No value: Python's `None` returned by a procedure, Rust's `()`.
    Unit,
    Int(IntTy),
    Float(FloatTy),
    /// A number whose kind only the running program knows: Python's `int
    /// | float` (`integral: false`), which JavaScript's numbers hold but
    /// print alike; `integral` when it is known to hold an integer (it
    /// then stands for a Python `int`).
    Number {
        integral: bool,
    },
    Bool,
    Str,
    /// One character: a Rust `char`, or a Python/JavaScript string the
    /// analysis knows has exactly one code point (an item of a string).
    Char,
    List(Box<Ty>),
    Tuple(Vec<Ty>),
    /// A tuple of any length whose items are all of one type: Python's
    /// `tuple[T, ...]`. Immutable, and never equal to a list, as a
    /// fixed tuple is; a fixed tuple of its items joins it.
    TupleOf(Box<Ty>),
    Dict(Box<Ty>, Box<Ty>),
    Set(Box<Ty>),
    /// A value or nothing: `Optional[T]`, `T | undefined`, `Option<T>`.
    Option(Box<Ty>),
    Result(Box<Ty>, Box<Ty>),
    Func(Vec<Ty>, Box<Ty>),
    /// A user class or struct, by name.
    Class(String),
    /// An iterator of items: a generator's result, Python's `iter(x)`, a
    /// parameter declared `Iterator[T]` or `Iterable[T]`. Reading it
    /// consumes it, so a backend copies it into a list only where the
    /// source would read it to the end.
    Iter(Box<Ty>),
    /// A type variable: a parameter the source leaves untyped whose every
    /// use any type supports (moved, stored, returned, compared with a
    /// value of the same variable), named as the target writes it (`T`).
    /// It joins only itself: a value of it meeting another type is a
    /// decline, as two unrelated types are.
    Var(String),
    /// A type the frontend does not model (another crate's type, a std
    /// type it does not read, a type of the crate whose declaration it
    /// declines), by the source's text of it (`Arc<TermInner>`): a value
    /// of it is only stored, moved, passed on, returned and put in or
    /// taken out of an `Option`; no operation reads or changes it (the
    /// frontend that makes one checks its every use, see
    /// `front::rust::opaque`), so the targets may share one object where
    /// the source moves or copies the value. It joins only itself.
    Opaque(String),
}

/// Integer widths. `Unbounded` is Python's `int`; a backend to a language
/// with fixed widths must discharge [`gap::Fact::FitsWidth`] or assume it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntTy {
    Unbounded,
    I8,
    I16,
    I32,
    I64,
    I128,
    Isize,
    U8,
    U16,
    U32,
    U64,
    U128,
    Usize,
}

impl IntTy {
    /// Rust's fixed-width integer type named `name` (`u8`, `isize`).
    pub fn from_rust(name: &str) -> Option<IntTy> {
        Some(match name {
            "i8" => IntTy::I8,
            "i16" => IntTy::I16,
            "i32" => IntTy::I32,
            "i64" => IntTy::I64,
            "i128" => IntTy::I128,
            "isize" => IntTy::Isize,
            "u8" => IntTy::U8,
            "u16" => IntTy::U16,
            "u32" => IntTy::U32,
            "u64" => IntTy::U64,
            "u128" => IntTy::U128,
            "usize" => IntTy::Usize,
            _ => return None,
        })
    }

    /// The width in bits and whether it is signed, for Rust's fixed-width
    /// integers; `None` for the unbounded int.
    pub fn width(self) -> Option<(u32, bool)> {
        Some(match self {
            IntTy::Unbounded => return None,
            IntTy::I8 => (8, true),
            IntTy::I16 => (16, true),
            IntTy::I32 => (32, true),
            IntTy::I64 | IntTy::Isize => (64, true),
            IntTy::I128 => (128, true),
            IntTy::U8 => (8, false),
            IntTy::U16 => (16, false),
            IntTy::U32 => (32, false),
            IntTy::U64 | IntTy::Usize => (64, false),
            IntTy::U128 => (128, false),
        })
    }

    /// The least and greatest values of a fixed-width type, as `i128`s
    /// (`u128`'s greatest is cut to `i128::MAX`).
    pub fn range(self) -> Option<(i128, i128)> {
        Some(match self.width()? {
            (128, true) => (i128::MIN, i128::MAX),
            (128, false) => (0, i128::MAX),
            (b, true) => (-(1i128 << (b - 1)), (1i128 << (b - 1)) - 1),
            (b, false) => (0, (1i128 << b) - 1),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FloatTy {
    F32,
    F64,
}

impl Ty {
    /// The Rust primitive type named `name`, other than `str` (which only
    /// a reference to it is): the integers, floats, `bool` and `char`.
    pub fn rust_primitive(name: &str) -> Option<Ty> {
        Some(match name {
            "f32" => Ty::Float(FloatTy::F32),
            "f64" => Ty::Float(FloatTy::F64),
            "bool" => Ty::Bool,
            "char" => Ty::Char,
            _ => Ty::Int(IntTy::from_rust(name)?),
        })
    }

    pub fn list(of: Ty) -> Ty {
        Ty::List(Box::new(of))
    }

    pub fn is_int(&self) -> bool {
        matches!(self, Ty::Int(_) | Ty::Number { integral: true })
    }

    pub fn is_float(&self) -> bool {
        matches!(self, Ty::Float(_) | Ty::Number { integral: false })
    }

    pub fn is_numeric(&self) -> bool {
        self.is_int() || self.is_float()
    }

    /// Whether the type is or holds a [`Ty::Opaque`] anywhere.
    pub fn holds_opaque(&self) -> bool {
        match self {
            Ty::Opaque(_) => true,
            Ty::List(t) | Ty::Set(t) | Ty::Option(t) | Ty::TupleOf(t) | Ty::Iter(t) => {
                t.holds_opaque()
            }
            Ty::Dict(k, v) | Ty::Result(k, v) => k.holds_opaque() || v.holds_opaque(),
            Ty::Tuple(ts) => ts.iter().any(Ty::holds_opaque),
            Ty::Func(ps, r) => ps.iter().any(Ty::holds_opaque) || r.holds_opaque(),
            _ => false,
        }
    }

    /// Whether every part of the type is known.
    pub fn is_known(&self) -> bool {
        match self {
            Ty::Unknown => false,
            Ty::List(t) | Ty::Set(t) | Ty::Option(t) | Ty::TupleOf(t) => t.is_known(),
            Ty::Dict(k, v) | Ty::Result(k, v) => k.is_known() && v.is_known(),
            Ty::Tuple(ts) => ts.iter().all(Ty::is_known),
            Ty::Func(ps, r) => ps.iter().all(Ty::is_known) && r.is_known(),
            _ => true,
        }
    }

    /// What iterating a value of this type yields, where the languages
    /// agree on it (a dict yields its keys, a string its characters).
    pub fn item(&self) -> Option<Ty> {
        match self {
            Ty::List(t) | Ty::Set(t) | Ty::Iter(t) | Ty::TupleOf(t) => Some((**t).clone()),
            Ty::Dict(k, _) => Some((**k).clone()),
            Ty::Str => Some(Ty::Char),
            Ty::Tuple(ts) if !ts.is_empty() && ts.iter().all(|t| t == &ts[0]) => {
                Some(ts[0].clone())
            }
            _ => None,
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Unknown => write!(f, "unknown"),
            Ty::Unit => write!(f, "none"),
            Ty::Int(IntTy::Unbounded) => write!(f, "int"),
            Ty::Int(w) => write!(f, "{}", format!("{w:?}").to_lowercase()),
            Ty::Float(FloatTy::F32) => write!(f, "f32"),
            Ty::Float(FloatTy::F64) => write!(f, "float"),
            Ty::Number { .. } => write!(f, "number"),
            Ty::Bool => write!(f, "bool"),
            Ty::Str => write!(f, "str"),
            Ty::Char => write!(f, "char"),
            Ty::List(t) => write!(f, "list[{t}]"),
            Ty::TupleOf(t) => write!(f, "tuple[{t}, ...]"),
            Ty::Tuple(ts) => {
                write!(f, "tuple[")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{t}")?;
                }
                write!(f, "]")
            }
            Ty::Dict(k, v) => write!(f, "dict[{k}, {v}]"),
            Ty::Set(t) => write!(f, "set[{t}]"),
            Ty::Option(t) => write!(f, "optional[{t}]"),
            Ty::Result(t, e) => write!(f, "result[{t}, {e}]"),
            Ty::Func(..) => write!(f, "function"),
            Ty::Class(n) => write!(f, "{n}"),
            Ty::Iter(t) => write!(f, "iterator[{t}]"),
            Ty::Var(n) => write!(f, "{n}"),
            Ty::Opaque(n) => write!(f, "`{n}`"),
        }
    }
}

/// A function: the unit the engine translates, or one nested in it.
#[derive(Clone, Debug)]
pub struct Function {
    pub name: String,
    pub params: Vec<Param>,
    /// The declared return type; `Unknown` when the source declares none.
    pub ret: Ty,
    pub body: Block,
    pub line: Line,
    /// The comments that stand before the function in the source (and a
    /// docstring), each the text after its marker: a translation keeps
    /// every comment, as it keeps every statement.
    pub comments: Vec<String>,
    /// Variables of the enclosing functions this nested function assigns
    /// (JavaScript's closures share them; Python's `nonlocal`): its
    /// stores of these names are the enclosing function's variable.
    pub nonlocal: Vec<String>,
    /// The types the source declares for locals where it binds them
    /// (Python's `buckets: list[list[int]] = []`), each by the binding's
    /// id: a hint the analysis joins with what the values give.
    pub declared: Vec<(ExprId, Ty)>,
}

/// A parameter, with the type the source or the target signature declares.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    /// Identifies the parameter's binding in the analysis's tables.
    pub id: ExprId,
    pub ty: Ty,
    /// How a caller hands the value over, where the target cares (Rust):
    /// a signature's `&str` or `&Vec<T>` is `Borrowed`.
    pub passing: Passing,
    pub line: Line,
    /// The value a caller that leaves the parameter out gives it (Python's
    /// `b=10`): a literal of an immutable value, evaluated once as Python
    /// does.
    pub default: Option<Expr>,
    /// Whether `default` creates an object (`cache={}`, `seen=set()`) that
    /// Python creates once, at `def`, and every call leaving the argument
    /// out shares, changes included: a target must create it once too,
    /// where the definition runs, not at each call.
    pub default_once: bool,
}

impl Param {
    /// A parameter without a default.
    pub fn new(name: String, id: ExprId, ty: Ty, passing: Passing, line: Line) -> Param {
        Param {
            name,
            id,
            ty,
            passing,
            line,
            default: None,
            default_once: false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passing {
    Owned,
    Borrowed,
    /// The last parameter takes the caller's remaining positional
    /// arguments, in order, as one sequence (Python's `*args`, a tuple;
    /// JavaScript's `...args`, an array). The Python frontend gives it
    /// only where the function iterates, indexes or counts it, so a tuple
    /// and an array read the same.
    Rest,
}

pub type Block = Vec<Stmt>;

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub line: Line,
    pub comments: Comments,
}

impl Stmt {
    pub fn new(kind: StmtKind, line: Line) -> Stmt {
        Stmt {
            kind,
            line,
            comments: Comments::default(),
        }
    }
}

/// The source's comments around a statement, each the text after its
/// marker (`# note` is ` note`), which a backend writes after its own
/// marker: those on the lines before it (and a docstring), and those after
/// it on its own line or at the end of its block. Comments are not
/// semantics, so no analysis reads them; a backend writes them wherever it
/// writes the statement, or where the statement would have been.
#[derive(Clone, Debug, Default)]
pub struct Comments {
    pub before: Vec<String>,
    pub after: Vec<String>,
}

impl Comments {
    pub fn is_empty(&self) -> bool {
        self.before.is_empty() && self.after.is_empty()
    }
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    /// `target = value`; a first assignment to a local declares it.
    Assign {
        target: Target,
        value: Expr,
    },
    /// `target op= value`, evaluated as `target = target op value` with the
    /// target's parts read once.
    AugAssign {
        target: Target,
        op: BinOp,
        value: Expr,
    },
    /// `if`/`elif`/`else`: each test with its block, then the `else` block.
    If {
        branches: Vec<(Expr, Block)>,
        orelse: Block,
    },
    While {
        test: Expr,
        body: Block,
    },
    /// A for-each loop. `orelse` runs when the loop ends without `break`
    /// (Python's `for ... else`).
    For {
        target: Target,
        iter: Expr,
        body: Block,
        orelse: Block,
    },
    Return(Option<Expr>),
    Break,
    Continue,
    /// A statement that does nothing (`pass`).
    Pass,
    Expr(Expr),
    /// A nested function definition.
    Def(Box<Function>),
    /// The function ends with an error (`raise`, `throw`, `panic!`) of
    /// `kind`, with a message when the source gives one as a literal
    /// (`Some("")` where the source gives none, as `raise ValueError()`).
    Fail {
        kind: ErrorKind,
        message: Option<String>,
    },
    /// `assert test`, with the message where the source gives one as a
    /// literal (`assert n >= 0, "negative"`).
    Assert(Expr, Option<String>),
    /// `yield value` (`from`: `yield from value`, each item of an iterable
    /// in turn). A function whose body yields (not counting the functions
    /// nested in it) is a generator: calling it gives a [`Ty::Iter`] and
    /// runs none of its body until the first item is asked for.
    Yield {
        value: Expr,
        from: bool,
    },
    /// `try`/`except`/`else`/`finally`, `try`/`catch`/`finally`: `body`
    /// runs; an error it raises whose kind a handler names runs that
    /// handler (the first that names it); `orelse` runs when `body` raised
    /// nothing; `finally` runs last on every path, returns and errors
    /// included.
    Try {
        body: Block,
        handlers: Vec<Handler>,
        orelse: Block,
        finally: Block,
    },
}

/// An error's kind, from the set every language's semantics can name: a
/// kind Python raises that JavaScript and Rust reproduce with a helper or
/// an error object that carries it. Python's names, since Python is the
/// language of the three that tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// An error of no more precise kind: Python's `Exception` and
    /// `RuntimeError`, JavaScript's `Error`, Rust's `panic!`.
    Error,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    ZeroDivisionError,
    /// JavaScript's `RangeError`, which Python has no class for.
    RangeError,
    /// Python's `StopIteration`: `next(it)` of an exhausted iterator. A
    /// generator's body that lets one out raises `RuntimeError` instead
    /// (PEP 479).
    StopIteration,
    /// A class the IR does not know (a user's exception class): it may
    /// derive from any kind, so no handler of one kind may be assumed to
    /// catch it or to let it pass.
    Other,
}

impl ErrorKind {
    /// The kind a Python exception class names, or `None` for a class no
    /// kind stands for (`except ArithmeticError`).
    pub fn from_python(name: &str) -> Option<ErrorKind> {
        Some(match name {
            "Exception" | "RuntimeError" => ErrorKind::Error,
            "ValueError" => ErrorKind::ValueError,
            "TypeError" => ErrorKind::TypeError,
            "KeyError" => ErrorKind::KeyError,
            "IndexError" => ErrorKind::IndexError,
            "ZeroDivisionError" => ErrorKind::ZeroDivisionError,
            "StopIteration" => ErrorKind::StopIteration,
            _ => return None,
        })
    }

    /// The Python class a `raise` of this kind names.
    pub fn python_class(self) -> &'static str {
        match self {
            ErrorKind::Error | ErrorKind::Other => "RuntimeError",
            ErrorKind::ValueError | ErrorKind::RangeError => "ValueError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::KeyError => "KeyError",
            ErrorKind::IndexError => "IndexError",
            ErrorKind::ZeroDivisionError => "ZeroDivisionError",
            ErrorKind::StopIteration => "StopIteration",
        }
    }
}

/// One `except`/`catch` clause of a [`StmtKind::Try`].
#[derive(Clone, Debug)]
pub struct Handler {
    /// The kinds it catches; empty catches every error (`except
    /// Exception`, a bare `except`, JavaScript's `catch`).
    pub kinds: Vec<ErrorKind>,
    /// The name the error is bound to; the body reads only its message,
    /// through [`ExprKind::ErrorMessage`].
    pub name: Option<String>,
    pub body: Block,
    pub line: Line,
}

/// What an assignment or a loop binds.
#[derive(Clone, Debug)]
pub enum Target {
    Name {
        name: String,
        id: ExprId,
    },
    /// Unpacking: `a, b = ...`, `for i, x in ...`.
    Tuple(Vec<Target>),
    /// A store into a list or dict element.
    Index {
        value: Box<Expr>,
        index: Box<Expr>,
        sem: IndexSem,
    },
    /// A store into an attribute of an object: `self.x = v`, `node.left = n`.
    Attr {
        value: Box<Expr>,
        name: String,
    },
}

impl Target {
    /// The names it binds (an element or attribute store binds none).
    pub fn names(&self) -> Vec<&str> {
        match self {
            Target::Name { name, .. } => vec![name.as_str()],
            Target::Tuple(ts) => ts.iter().flat_map(Target::names).collect(),
            Target::Index { .. } | Target::Attr { .. } => Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub id: ExprId,
    pub kind: ExprKind,
    pub line: Line,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    /// Python `None`, JavaScript `null`/`undefined`, Rust `None`.
    None,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Lit(Lit),
    Name(String),
    /// `-x`, `+x`, `~x`.
    Unary(UnOp, Box<Expr>),
    /// `not x`, testing `x` with `truthiness`.
    Not(Box<Expr>, Truthiness),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `a < b <= c`: each middle operand is evaluated once, and the chain
    /// means the conjunction of its links.
    Compare {
        first: Box<Expr>,
        rest: Vec<(CmpOp, Expr)>,
    },
    /// `and`/`or` over two or more operands.
    Logic {
        op: LogicOp,
        operands: Vec<Expr>,
        sem: LogicSem,
    },
    /// `then if test else orelse`.
    IfElse {
        test: Box<Expr>,
        truthiness: Truthiness,
        then: Box<Expr>,
        orelse: Box<Expr>,
    },
    /// A call to a user function (the unit itself, a nested one, or one
    /// the file's symbol table names).
    Call {
        func: String,
        args: Vec<Expr>,
    },
    /// `*xs`, the last argument of a [`ExprKind::Call`]: the items of a
    /// sequence, each an argument (Python's `f(*xs)`, JavaScript's
    /// `f(...xs)`).
    Spread(Box<Expr>),
    /// A built-in operation, by meaning.
    Builtin {
        op: Builtin,
        args: Vec<Expr>,
        /// Keyword arguments the operation knows (`key=`, `reverse=`).
        keywords: Vec<(String, Expr)>,
    },
    /// A method of a built-in type; which type's method is settled by the
    /// receiver's type (Python's `count` is `str.count` or `list.count`).
    Method {
        recv: Box<Expr>,
        method: Method,
        args: Vec<Expr>,
        /// Keyword arguments (`sort(key=..., reverse=...)`).
        keywords: Vec<(String, Expr)>,
    },
    Index {
        value: Box<Expr>,
        index: Box<Expr>,
        sem: IndexSem,
    },
    Slice {
        value: Box<Expr>,
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
        sem: SliceSem,
    },
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    /// A comprehension or generator expression, kept whole so backends can
    /// write an iterator chain. For `Dict`, `elt` is the key and `value`
    /// the value.
    Comprehension {
        kind: CompKind,
        elt: Box<Expr>,
        value: Option<Box<Expr>>,
        clauses: Vec<Clause>,
    },
    /// An f-string or template literal.
    Format(Vec<FormatPart>),
    Lambda {
        params: Vec<(String, ExprId)>,
        body: Box<Expr>,
    },
    /// Reading an attribute of an object of a user class (`self.x`,
    /// `node.left`); the field's type is the class's (see [`Class`]).
    Attr {
        value: Box<Expr>,
        name: String,
    },
    /// An attribute of a user class read through the class (`C.n` of
    /// `class C: n = 0`): the class's own or a base's.
    ClassAttr {
        class: String,
        name: String,
    },
    /// A variant of a C-like enum (`Color::Red`): the one object of the
    /// enum's class that stands for it (see [`Class::variants`]).
    Variant {
        class: String,
        name: String,
    },
    /// A call of a method of a user class on an object (`obj.m(args)`);
    /// the receiver is passed as the method's first parameter.
    CallMethod {
        recv: Box<Expr>,
        name: String,
        args: Vec<Expr>,
    },
    /// A static method of a user class called on the class (`C.m(args)`),
    /// or on the receiver's own class where `of_receiver` (Python's
    /// `self.m(args)` of a `@staticmethod`, which the object's class
    /// resolves).
    CallStatic {
        class: String,
        name: String,
        args: Vec<Expr>,
        of_receiver: bool,
    },
    /// Constructing an object of a user class: `C(args)`, `new C(args)`.
    New {
        class: String,
        args: Vec<Expr>,
    },
    /// `super().__init__(args)` (`method` is `None`) or `super().m(args)`
    /// inside a method of a class with a base.
    Super {
        method: Option<String>,
        args: Vec<Expr>,
    },
    /// The message of the error a handler bound to this name: Python's
    /// `str(e)`, JavaScript's `e.message`.
    ErrorMessage(String),
    /// A plain JavaScript object, `{a: 1, b}`: its properties in the
    /// order they are written (none named like an array index, which
    /// JavaScript orders first, nor `__proto__`), values evaluated in
    /// that order. Not a map: its type stays unknown, so no operation
    /// of a dict or `Map` applies to it.
    Object(Vec<(String, Expr)>),
    /// A read of a named property of a plain JavaScript object, `o.name`
    /// (`o?.name` where `optional`): the property's value, `undefined`
    /// where the object has none, and on a value of another kind
    /// (`name` is none of [`BUILTIN_PROPERTIES`]) `undefined` too. A read
    /// of `null` or `undefined` throws, where `optional` gives
    /// `undefined`.
    Prop {
        value: Box<Expr>,
        name: String,
        optional: bool,
    },
    /// Whether a value is of one of JavaScript's `typeof` kinds
    /// (`typeof x === 'string'`): a bool, true on exactly the values
    /// JavaScript's test is true on. `not_null` records that the source
    /// proved, where the test stands, that the value is neither `null`
    /// nor `undefined` (a guard `x != null` before it), which a target
    /// whose one `None` stands for both needs to tell `'object'` and
    /// `'undefined'` apart.
    TypeIs {
        value: Box<Expr>,
        kind: TypeKind,
        not_null: bool,
    },
    /// An assignment of a local name inside an expression (Python's
    /// `(name := value)`, JavaScript's `(name = value)`): `value` is
    /// evaluated, then bound to `name`, a local of the function around
    /// it (not of a lambda or a comprehension: the frontends make none
    /// there). Analyses take it as an assignment of `name`, as they take
    /// [`Target::Name`] with the same `id`.
    AssignName {
        name: String,
        /// The binding's id, as [`Target::Name`]'s.
        id: ExprId,
        value: Box<Expr>,
        /// The expression's value is the name's value before the
        /// assignment (JavaScript's `i++`), not the value assigned.
        old: bool,
        /// The source converts the name to a number first (`++`, `--`):
        /// a backend declines where the name is not known to hold one.
        numeric: bool,
    },
}

/// The names of the properties JavaScript's built-in values have of
/// their own or from their prototypes (objects, functions, arrays,
/// strings, numbers, booleans, symbols, bigints, maps, sets, regular
/// expressions, dates, errors, promises), sorted: a read of any
/// other name of a value that is not a plain object gives `undefined`.
/// (`node -e` over `Object.getOwnPropertyNames` of each prototype.)
pub const BUILTIN_PROPERTIES: [&str; 171] = [
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
    "__proto__",
    "add",
    "anchor",
    "apply",
    "arguments",
    "at",
    "big",
    "bind",
    "blink",
    "bold",
    "call",
    "caller",
    "catch",
    "charAt",
    "charCodeAt",
    "clear",
    "codePointAt",
    "compile",
    "concat",
    "constructor",
    "copyWithin",
    "delete",
    "description",
    "dotAll",
    "endsWith",
    "entries",
    "every",
    "exec",
    "fill",
    "filter",
    "finally",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "fixed",
    "flags",
    "flat",
    "flatMap",
    "fontcolor",
    "fontsize",
    "forEach",
    "get",
    "getDate",
    "getDay",
    "getFullYear",
    "getHours",
    "getMilliseconds",
    "getMinutes",
    "getMonth",
    "getSeconds",
    "getTime",
    "getTimezoneOffset",
    "getUTCDate",
    "getUTCDay",
    "getUTCFullYear",
    "getUTCHours",
    "getUTCMilliseconds",
    "getUTCMinutes",
    "getUTCMonth",
    "getUTCSeconds",
    "getYear",
    "global",
    "has",
    "hasIndices",
    "hasOwnProperty",
    "ignoreCase",
    "includes",
    "indexOf",
    "isPrototypeOf",
    "isWellFormed",
    "italics",
    "join",
    "keys",
    "lastIndex",
    "lastIndexOf",
    "length",
    "link",
    "localeCompare",
    "map",
    "match",
    "matchAll",
    "message",
    "multiline",
    "name",
    "normalize",
    "padEnd",
    "padStart",
    "pop",
    "propertyIsEnumerable",
    "prototype",
    "push",
    "reduce",
    "reduceRight",
    "repeat",
    "replace",
    "replaceAll",
    "reverse",
    "search",
    "set",
    "setDate",
    "setFullYear",
    "setHours",
    "setMilliseconds",
    "setMinutes",
    "setMonth",
    "setSeconds",
    "setTime",
    "setUTCDate",
    "setUTCFullYear",
    "setUTCHours",
    "setUTCMilliseconds",
    "setUTCMinutes",
    "setUTCMonth",
    "setUTCSeconds",
    "setYear",
    "shift",
    "size",
    "slice",
    "small",
    "some",
    "sort",
    "source",
    "splice",
    "split",
    "stack",
    "startsWith",
    "sticky",
    "strike",
    "sub",
    "substr",
    "substring",
    "sup",
    "test",
    "then",
    "toDateString",
    "toExponential",
    "toFixed",
    "toGMTString",
    "toISOString",
    "toJSON",
    "toLocaleDateString",
    "toLocaleLowerCase",
    "toLocaleString",
    "toLocaleTimeString",
    "toLocaleUpperCase",
    "toLowerCase",
    "toPrecision",
    "toReversed",
    "toSorted",
    "toSpliced",
    "toString",
    "toTimeString",
    "toUTCString",
    "toUpperCase",
    "toWellFormed",
    "trim",
    "trimEnd",
    "trimLeft",
    "trimRight",
    "trimStart",
    "unicode",
    "unicodeSets",
    "unshift",
    "valueOf",
    "values",
    "with",
];

/// The kinds JavaScript's `typeof` tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeKind {
    Number,
    String,
    Boolean,
    Function,
    Undefined,
    /// `null`, arrays, plain objects, `Map`s, `Set`s, class instances.
    Object,
    Symbol,
    BigInt,
}

impl TypeKind {
    /// The kind `typeof` names by this string (`"number"`).
    pub fn from_js(name: &str) -> Option<TypeKind> {
        Some(match name {
            "number" => TypeKind::Number,
            "string" => TypeKind::String,
            "boolean" => TypeKind::Boolean,
            "function" => TypeKind::Function,
            "undefined" => TypeKind::Undefined,
            "object" => TypeKind::Object,
            "symbol" => TypeKind::Symbol,
            "bigint" => TypeKind::BigInt,
            _ => return None,
        })
    }

    /// The string `typeof` gives, for messages.
    pub fn js_name(self) -> &'static str {
        match self {
            TypeKind::Number => "number",
            TypeKind::String => "string",
            TypeKind::Boolean => "boolean",
            TypeKind::Function => "function",
            TypeKind::Undefined => "undefined",
            TypeKind::Object => "object",
            TypeKind::Symbol => "symbol",
            TypeKind::BigInt => "bigint",
        }
    }
}

/// A user class: Python `class`, JavaScript `class`, and what a Rust
/// backend writes as a `struct` with an `impl`.
///
/// **Shape.** `fields` are the instance attributes the constructor
/// assigns (`self.x = ...` at the top level of `__init__`), in the order it
/// first assigns them: a Rust struct's fields, each typed where the
/// analysis settles it. `methods` are functions: an instance method's and
/// the constructor's first parameter is the receiver (`self`/`this`),
/// typed [`Ty::Class`] of this class, and their bodies read and write
/// fields through [`ExprKind::Attr`] and [`Target::Attr`] on it; a static
/// method has no receiver. `base` is single inheritance: a constructor of
/// a class with a base calls [`ExprKind::Super`] with `method: None` as
/// its first statement (the frontend declines anything else, since
/// JavaScript requires it before `this` is used). What the languages do
/// not share (other dunder methods, properties, class attributes,
/// metaclasses, multiple inheritance) the frontend declines by name.
#[derive(Clone, Debug)]
pub struct Class {
    pub name: String,
    pub base: Option<String>,
    pub fields: Vec<(String, Line)>,
    pub methods: Vec<ClassMethod>,
    /// The attributes its body binds (`n = 0`), in source order.
    pub attributes: Vec<ClassAttribute>,
    /// A C-like enum's variants: each one object of the class, made once
    /// when the class is defined and stored on it by the variant's name,
    /// its constructor given that name ([`ENUM_VARIANT_FIELD`] holds it).
    /// Objects compare and hash by identity, which is the variants' `==`
    /// and `Hash`. Empty for any other class.
    pub variants: Vec<String>,
    /// A Python `@dataclass`'s fields, in order, each with its annotated
    /// type and constant default: the class has no methods, and its
    /// generated `__init__` takes them in this order. Empty for any other
    /// class.
    pub data: Vec<DataField>,
    /// Whether `==` between its objects is identity: a plain class lowered
    /// to `data` fields (a tree node class whose `__init__` only stores its
    /// parameters and literals), which has no `__eq__` of its own. A
    /// `@dataclass`'s generated `__eq__` compares the fields.
    pub identity_eq: bool,
    pub line: Line,
    /// The comments before the class (and its docstring).
    pub comments: Vec<String>,
}

/// One field of a `@dataclass` (`left: TreeNode | None = None`).
#[derive(Clone, Debug)]
pub struct DataField {
    pub name: String,
    pub ty: Ty,
    /// The default a constructor call that leaves the field out gives it:
    /// a literal.
    pub default: Option<Expr>,
    /// A plain class's field that `__init__` sets to the literal `default`
    /// rather than to a parameter: the constructor does not take it.
    pub fixed: bool,
    pub line: Line,
}

/// The field of a C-like enum's object holding its variant's name (what
/// `{:?}` prints).
pub const ENUM_VARIANT_FIELD: &str = "_variant";

/// Methods added to a class another unit defines: Rust's `impl S`
/// apart from its `struct S`, attached to the class where the unit stands.
#[derive(Clone, Debug)]
pub struct Impl {
    /// The class's source name.
    pub class: String,
    pub methods: Vec<ClassMethod>,
    /// Static attributes stored on the class after the methods (Rust's
    /// associated constants), read as [`ExprKind::ClassAttr`].
    pub attributes: Vec<ClassAttribute>,
    /// Methods the class takes from another class as they are (a Rust
    /// trait's default methods the `impl` does not write): each `(class,
    /// method)`, stored on this class after its own methods.
    pub inherited: Vec<(String, String)>,
    pub line: Line,
}

/// An attribute a class's body binds (Python's `class A: n = 0`): read
/// through the class and through its instances until an instance binds
/// its own of the same name (`self.n += 1` does).
#[derive(Clone, Debug)]
pub struct ClassAttribute {
    pub name: String,
    /// Evaluated once, when the class is defined.
    pub value: Expr,
    pub line: Line,
}

/// One method of a [`Class`].
#[derive(Clone, Debug)]
pub struct ClassMethod {
    pub kind: MethodKind,
    pub function: Function,
}

/// How a method is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodKind {
    /// `__init__` / `constructor`: run by [`ExprKind::New`].
    Constructor,
    /// On an object, which is its first parameter.
    Instance,
    /// On the class, with no receiver (`@staticmethod`, `static`).
    Static,
    /// On the class, which is its first parameter (`@classmethod`'s
    /// `cls`): called on a subclass, it receives the subclass.
    OfClass,
    /// Run when the attribute of its name is read (`@property`, `get`).
    Getter,
    /// Run when the attribute of its name is assigned (`@x.setter`, `set`).
    Setter,
}

/// One `for ... in ... if ...` of a comprehension.
#[derive(Clone, Debug)]
pub struct Clause {
    pub target: Target,
    pub iter: Expr,
    pub conditions: Vec<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompKind {
    List,
    Set,
    Dict,
    /// A generator expression, only ever consumed by its caller (`sum`,
    /// `any`, `join`...).
    Generator,
}

#[derive(Clone, Debug)]
pub enum FormatPart {
    Text(String),
    /// A value printed as `str()` prints it (`spec` is a format spec the
    /// frontend understood, such as `.2f`; `None` when there is none).
    Value {
        expr: Expr,
        spec: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Pos,
    BitNot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`: numbers add; what else it does depends on the source language.
    Add(OperandSem),
    Sub,
    /// `*`: numbers multiply; Python also repeats a string or list.
    Mul(OperandSem),
    /// `/` on numbers: Python's always gives a float, JavaScript's a number,
    /// Rust's truncates integers.
    Div(DivSem),
    /// Integer division (`//`, Rust `/` on integers).
    FloorDiv(Rounding),
    /// `%`: Python's takes the divisor's sign (floor), JavaScript's and
    /// Rust's the dividend's (truncation).
    Rem(Rounding),
    Pow,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
}

/// How `+` and `*` pick what they do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandSem {
    /// By both operands' types, and an error when they do not go together
    /// (Python: `1 + "a"` raises, `"ab" * 2` repeats).
    ByTypes,
    /// JavaScript's `+`: a string operand makes the other one a string.
    Coercing,
    /// Numbers only (Rust's operators on primitives).
    Numeric,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DivSem {
    /// Always a float (Python `/`).
    True,
    /// A float division on a number (JavaScript `/`).
    Number,
    /// Integers truncate, floats divide (Rust `/`).
    ByType,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Toward negative infinity: Python's `//` and `%`.
    Floor,
    /// Toward zero: JavaScript's `%`, Rust's `/` and `%`.
    Trunc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq(EqSem),
    NotEq(EqSem),
    Lt,
    LtE,
    Gt,
    GtE,
    /// Membership: an element of a list, tuple or set, a key of a dict, a
    /// substring of a string.
    In,
    NotIn,
    /// Identity (`is`); only `is None` is translated.
    Is,
    IsNot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EqSem {
    /// Deep, by value (Python `==`, Rust `==`).
    Value,
    /// Objects by identity, primitives by value (JavaScript `===`).
    Identity,
    /// JavaScript's `==`: as `===` on values of one type; a string or a
    /// boolean met with a number is converted to one, `null` equals
    /// `undefined`.
    Loose,
    /// Rust's derived `PartialEq` of structs and enums with data: objects
    /// of one class equal when their fields are, field by field (the
    /// frontend checks every field's `==` is a value comparison).
    Derived,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogicSem {
    /// How each operand is tested.
    pub truthiness: Truthiness,
    /// Whether the result is the deciding operand itself (Python, JavaScript)
    /// or a bool (Rust).
    pub yields_operand: bool,
}

/// How a value used as a condition becomes true or false.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truthiness {
    /// Zero, empty containers and strings, and `None` are false.
    Python,
    /// `0`, `NaN`, `""`, `null`, `undefined` are false; empty arrays are true.
    JavaScript,
    /// The condition is a bool already (Rust).
    Bool,
}

/// What an index read means in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexSem {
    pub out_of_range: OutOfRange,
    /// Whether a negative index counts from the end (Python).
    pub negative_from_end: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutOfRange {
    /// An exception (Python `IndexError`/`KeyError`).
    Raises,
    /// `undefined` (JavaScript).
    Undefined,
    /// A panic (Rust).
    Panics,
}

/// What a slice means in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceSem {
    /// Bounds past the ends are clipped (Python, JavaScript) rather than
    /// a panic (Rust ranges).
    pub clamps: bool,
    /// Negative bounds count from the end.
    pub negative_from_end: bool,
}

impl IndexSem {
    pub const PYTHON: IndexSem = IndexSem {
        out_of_range: OutOfRange::Raises,
        negative_from_end: true,
    };
}

impl SliceSem {
    pub const PYTHON: SliceSem = SliceSem {
        clamps: true,
        negative_from_end: true,
    };
}

/// Built-in operations, by meaning. Arguments are positional in the order
/// the source's function takes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Len,
    Abs,
    /// `min`/`max` of an iterable (one argument) or of the arguments.
    Min,
    Max,
    Sum,
    /// A sorted copy (`key=`, `reverse=` keywords); stable in every language.
    Sorted,
    Reversed,
    Any,
    All,
    /// `range(stop)`, `range(start, stop[, step])`.
    Range,
    Enumerate,
    Zip,
    Map,
    Filter,
    /// Conversions: `int(x)` (from a string: parse; from a float: truncate).
    ToInt,
    ToFloat,
    /// `str(x)`: how the source prints a value.
    ToStr,
    ToBool,
    /// A new list, set, tuple or dict from an iterable.
    ToList,
    ToSet,
    ToTuple,
    ToDict,
    Ord,
    Chr,
    /// Rust's `x as T` into a fixed-width int type: an int the type may
    /// not hold cut to the width, its top bit the sign of a signed type
    /// (`-1i32 as u32` is 4294967295, `300u64 as u8` 44); a float
    /// truncated toward zero and saturated at the type's bounds, NaN
    /// giving 0 (`300.7 as u8` is 255; the gap table's "an int from a
    /// float" row). The arguments: the value, the width in bits (an int
    /// literal), and whether the type is signed (a bool literal), so that
    /// a cast around it, which retypes the call, does not change it.
    AsInt,
    /// `bin(x)`: the binary digits after `0b` (and a `-` before it).
    Bin,
    /// Rust's `opt.unwrap()`/`opt.expect(..)` of a computed `Option`: the
    /// value, or an error raised where it is `None`/`null` (Rust panics).
    /// The `Option`'s item is never itself `None`/`null` (`()` or an
    /// `Option`), which the frontend checks.
    Unwrap,
    /// `round(x)`: Python rounds halves to even.
    Round,
    DivMod,
    Pow,
    /// Float math: `math.sqrt`, `math.floor`, `math.ceil`.
    Sqrt,
    Floor,
    Ceil,
    /// `math.gcd`.
    Gcd,
    /// A float drawn uniformly from [0, 1): JavaScript's `Math.random()`,
    /// Python's `random.random()`. A unit using it is untestable, which
    /// the verifier says.
    Random,
    /// JavaScript's `Number(x)`: a string's number (0 when blank, NaN
    /// where it is not one), a bool's 0 or 1, `null`'s 0.
    ToNumber,
    /// `isinstance(x, T)`: the arguments are the value and a string
    /// literal naming the built-in types allowed, comma-separated
    /// (`"int,float"`).
    IsInstance,
    /// `re.split(pattern, s)`: the arguments are the string and a string
    /// literal holding a pattern in the portable spelling of
    /// [`crate::engine::rules::regex`] (no pattern that may match the empty
    /// string, no group: the two languages step and fill groups
    /// differently there).
    RegexSplit,
    /// Whether a pattern matches somewhere in a string (`re.search(p, s)
    /// is not None`, `/p/.test(s)`): the string and the pattern literal
    /// in the portable spelling.
    RegexTest,
    /// `re.sub(p, repl, s[, count=1])`, `s.replace(/p/g, repl)`: the
    /// string, the pattern literal, the replacement literal in the
    /// portable spelling ([`crate::engine::rules::regex::portable_replacement`])
    /// and a bool literal, whether every match is replaced (else the
    /// first). The pattern never matches the empty string (Python and
    /// JavaScript place empty matches next to a match differently).
    RegexSub,
    /// `re.findall(p, s)`: the texts of the matches, left to right; the
    /// pattern has no group and never matches the empty string.
    RegexFindAll,
    /// JavaScript's `JSON.stringify(x)`, compact (no spaces).
    JsonStringify,
    /// Python's `copy.deepcopy(x)`: a copy of `x` and of every container
    /// in it, a container met twice copied once (shared in the copy as in
    /// `x`).
    DeepCopy,
    /// A new object of the class of `x` holding the same fields (Python's
    /// `copy.copy(x)`): Rust's copy of a `Copy` struct, whose fields are
    /// all `Copy` (numbers, strings, other `Copy` structs, which no
    /// translated code changes in place but such a fresh copy), so that
    /// sharing them is exact.
    ShallowCopy,
    /// A string's UTF-8 bytes (Rust's `s.as_bytes()` handed to a writer):
    /// Python's `s.encode()`, JavaScript's `new TextEncoder().encode(s)`.
    StrBytes,
    /// JavaScript's `Array(x)` of one argument: `x` slots, each
    /// `undefined`, where `x` is a number (a `RangeError` unless it is an
    /// integer in [0, 2^32)); an array of the one item `x` otherwise. The
    /// JavaScript frontend lowers it only where the unit writes every slot
    /// before the array can be seen, so no empty slot is ever read.
    JsArray,
    /// JavaScript's `xs[i]` (a string's or an array's) at a position that
    /// may hold no item: `undefined` past either end (a negative `i`
    /// included). The JavaScript frontend lowers a read at a fixed position
    /// (`xs[0]`, `xs[xs.length - 1]`, `xs.at(-1)`) to it where nothing
    /// proves the item is there; other reads stay [`ExprKind::Index`],
    /// assumed in range. Its value is an optional item, so a backend treats
    /// it as one that may be `undefined`.
    JsItem,
    /// JavaScript's `Math.round(x)`: the nearest integer, halves up
    /// (`Math.round(-2.5)` is -2), where Python's `round` goes to even.
    JsRound,
    /// The keys JavaScript's `for (k in x)` visits: a plain object's (a
    /// dict's) in JavaScript's order, an array's or string's indexes as
    /// strings, none of `null`, a number or a boolean.
    JsKeysIn,
    /// JavaScript's `typeof x` as a value: the kind's name.
    JsTypeOf,
    /// JavaScript's `key in obj`: whether `obj` has the property, its own
    /// or inherited; a third argument `true` is `key in Object(obj)`,
    /// where a primitive is wrapped (and `null`/`undefined` are `{}`)
    /// instead of throwing.
    JsIn,
    /// JavaScript's `Array.prototype.slice.call(x, start, end)` (through
    /// a module's alias, `slice.call(args, 1)`): a new array of the items
    /// of `x` (an array, a function's `arguments`, a string's characters)
    /// from `start` up to `end`, each a bound JavaScript converts to an
    /// integer, negative ones from the end, clipped to the ends; `start`
    /// and `end` may be left out.
    JsProtoSlice,
    /// JavaScript's `Object.prototype.hasOwnProperty.call(o, key)`:
    /// whether `o` has the property `key` (converted as `String()`
    /// converts it) of its own: an object's key, an array's or string's
    /// index or `length`; a `TypeError` for `null` and `undefined`.
    JsHasOwn,
    /// JavaScript's `Object.prototype.toString.call(x)`: the tag of the
    /// value's kind, `[object Array]`, `[object Number]`...
    JsObjectTag,
    /// JavaScript's `null`, where the target tells it from `undefined`
    /// (`Lit::None` there): lowered only for a target that keeps
    /// JavaScript's values.
    JsNull,
    /// JavaScript's `Object(x)`: `x` where it is an object (an array, a
    /// function), a new empty object for `null` and `undefined`, a
    /// wrapper object for a primitive. Lowered only for a target that
    /// keeps JavaScript's values.
    JsToObject,
    /// JavaScript's `a >>> b`: `a` as an unsigned 32-bit integer shifted
    /// right by `b` modulo 32. Lowered only for a target that keeps
    /// JavaScript's values.
    JsUnsignedShr,
    /// The arguments `f.apply(receiver, xs)` passes: `xs`'s items where
    /// it is an array or an object with a `length`, none for `null` and
    /// `undefined` (a `TypeError` otherwise). Lowered only for a target
    /// that keeps JavaScript's values.
    JsArgumentList,
    /// A call of one of JavaScript's global functions that convert
    /// (`isNaN`, `isFinite`, `parseFloat`, `parseInt`): the string literal
    /// naming it, then its arguments. Lowered only for a target that keeps
    /// JavaScript's values.
    JsGlobal,
    /// JavaScript's `x.valueOf()`: an object's own `valueOf` called, else
    /// the value itself (a `TypeError` for `null` and `undefined`).
    /// Lowered only for a target that keeps JavaScript's values.
    JsValueOf,
    /// Python's `iter(x)`: an iterator over an iterable ([`Ty::Iter`]);
    /// `iter` of an iterator is that iterator.
    Iter,
    /// Python's `next(it)`, the iterator's next item, which must be there
    /// (`StopIteration` otherwise); `next(it, default)` gives `default`
    /// instead.
    Next,
    /// A function of Python's `itertools`: an iterator over the
    /// arguments' items, each read when the result's next item is asked
    /// for.
    Itertools(Itertool),
    /// Python's `object()`: a new value equal to nothing but itself, used
    /// as a sentinel (`_marker = object()`, tested with `is`).
    Sentinel,
    /// A function of Python's `functools`.
    Functools(Functool),
    /// A function of Python's `math` (integer ones, logarithms).
    Math(MathFn),
}

/// The functions of Python's `math` the IR holds beside [`Builtin::Gcd`]
/// and [`Builtin::Sqrt`] (arguments as Python's, positional): the integer
/// ones exact, a `ValueError` for a negative argument; the logarithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathFn {
    /// `comb(n, k)`: the ways to choose `k` of `n` (0 for `k > n`).
    Comb,
    /// `perm(n[, k])`: the ways to order `k` of `n` (`n!` without `k`).
    Perm,
    /// `factorial(n)`.
    Factorial,
    /// `isqrt(n)`: the integer square root, rounded down.
    Isqrt,
    /// `prod(xs)`: the items multiplied from 1, left to right (Python's
    /// `*`, which repeats a sequence by an int too).
    Prod,
    /// `log(x[, base])`, `log2(x)`, `log10(x)` of numbers: a float, a
    /// `ValueError` for an argument that is not positive (a base of 1 is
    /// a `ZeroDivisionError`).
    Log,
    Log2,
    Log10,
}

impl MathFn {
    /// The call as Python spells it, for messages.
    pub fn spelling(self) -> &'static str {
        match self {
            MathFn::Comb => "math.comb()",
            MathFn::Perm => "math.perm()",
            MathFn::Factorial => "math.factorial()",
            MathFn::Isqrt => "math.isqrt()",
            MathFn::Prod => "math.prod()",
            MathFn::Log => "math.log()",
            MathFn::Log2 => "math.log2()",
            MathFn::Log10 => "math.log10()",
        }
    }

    /// The function named `name` in `math`, with whether it takes `n`
    /// arguments.
    pub fn named(name: &str, n: usize) -> Option<MathFn> {
        let (f, arity_ok) = match name {
            "comb" => (MathFn::Comb, n == 2),
            "perm" => (MathFn::Perm, (1..=2).contains(&n)),
            "factorial" => (MathFn::Factorial, n == 1),
            "isqrt" => (MathFn::Isqrt, n == 1),
            "prod" => (MathFn::Prod, n == 1),
            "log" => (MathFn::Log, (1..=2).contains(&n)),
            "log2" => (MathFn::Log2, n == 1),
            "log10" => (MathFn::Log10, n == 1),
            _ => return None,
        };
        arity_ok.then_some(f)
    }
}

/// The functions of Python's `functools` the IR holds (arguments as
/// Python's, positional).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Functool {
    /// `reduce(f, xs[, initial])`: `f` folded over the items left to
    /// right from `initial` (or the first item); a `TypeError` for no
    /// items and no `initial`.
    Reduce,
}

impl Functool {
    /// The call as Python spells it, for messages.
    pub fn spelling(self) -> &'static str {
        match self {
            Functool::Reduce => "functools.reduce()",
        }
    }

    /// The function named `name` in `functools`.
    pub fn named(name: &str) -> Option<Functool> {
        match name {
            "reduce" => Some(Functool::Reduce),
            _ => None,
        }
    }
}

/// The functions of Python's `itertools` the IR holds (arguments as
/// Python's, positional).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Itertool {
    /// `islice(it, stop)`, `islice(it, start, stop[, step])`; `None` for
    /// no bound.
    Islice,
    /// `count(start=0, step=1)`, endless.
    Count,
    /// `repeat(x)` endless, `repeat(x, n)` `n` times.
    Repeat,
    /// `chain(*iterables)`.
    Chain,
    /// `chain.from_iterable(iterables)`.
    ChainFromIterable,
    /// `takewhile(pred, it)`, `dropwhile(pred, it)`: `pred` a lambda.
    TakeWhile,
    DropWhile,
    /// `pairwise(it)`: each item with the next.
    Pairwise,
    /// `accumulate(it)`: running sums of numbers.
    Accumulate,
    /// `tee(it, n)`: a tuple of `n` iterators over the same items (`n` a
    /// literal, 2 when left out).
    Tee,
    /// `product(*iterables)`: the tuples of the cartesian product, the
    /// last iterable's item changing fastest; each iterable read whole at
    /// the call.
    Product,
    /// `combinations(it, r)`, `permutations(it, r)`: the tuples of `r`
    /// items (`r` a literal) in Python's order, the items read whole at
    /// the call.
    Combinations,
    Permutations,
    /// `groupby(it[, key])`: each run of items with equal keys (Python's
    /// `==`) as the key and an iterator over the run, which moving on to
    /// the next run ends; `key` a lambda or left out.
    GroupBy,
    /// `compress(data, selectors)`: the items of `data` whose selector is
    /// true (selectors of bools or ints, whose truth JavaScript's is).
    Compress,
    /// `cycle(it)`: the items over and over, saved as first read; none
    /// for no items.
    Cycle,
}

impl Itertool {
    /// The call as Python spells it, for messages.
    pub fn spelling(self) -> &'static str {
        match self {
            Itertool::Islice => "itertools.islice()",
            Itertool::Count => "itertools.count()",
            Itertool::Repeat => "itertools.repeat()",
            Itertool::Chain => "itertools.chain()",
            Itertool::ChainFromIterable => "itertools.chain.from_iterable()",
            Itertool::TakeWhile => "itertools.takewhile()",
            Itertool::DropWhile => "itertools.dropwhile()",
            Itertool::Pairwise => "itertools.pairwise()",
            Itertool::Accumulate => "itertools.accumulate()",
            Itertool::Tee => "itertools.tee()",
            Itertool::Product => "itertools.product()",
            Itertool::Combinations => "itertools.combinations()",
            Itertool::Permutations => "itertools.permutations()",
            Itertool::GroupBy => "itertools.groupby()",
            Itertool::Compress => "itertools.compress()",
            Itertool::Cycle => "itertools.cycle()",
        }
    }

    /// The function named `name` in `itertools`.
    pub fn named(name: &str) -> Option<Itertool> {
        Some(match name {
            "islice" => Itertool::Islice,
            "count" => Itertool::Count,
            "repeat" => Itertool::Repeat,
            "chain" => Itertool::Chain,
            "chain.from_iterable" => Itertool::ChainFromIterable,
            "takewhile" => Itertool::TakeWhile,
            "dropwhile" => Itertool::DropWhile,
            "pairwise" => Itertool::Pairwise,
            "accumulate" => Itertool::Accumulate,
            "tee" => Itertool::Tee,
            "product" => Itertool::Product,
            "combinations" => Itertool::Combinations,
            "permutations" => Itertool::Permutations,
            "groupby" => Itertool::GroupBy,
            "compress" => Itertool::Compress,
            "cycle" => Itertool::Cycle,
            _ => return None,
        })
    }
}

impl Builtin {
    /// The operation as Python spells it, for messages (`round()`): the
    /// IR's vocabulary is Python's wherever Python has the operation.
    pub fn spelling(self) -> &'static str {
        match self {
            Builtin::Len => "len()",
            Builtin::Abs => "abs()",
            Builtin::Min => "min()",
            Builtin::Max => "max()",
            Builtin::Sum => "sum()",
            Builtin::Sorted => "sorted()",
            Builtin::Reversed => "reversed()",
            Builtin::Any => "any()",
            Builtin::All => "all()",
            Builtin::Range => "range()",
            Builtin::Enumerate => "enumerate()",
            Builtin::Zip => "zip()",
            Builtin::Map => "map()",
            Builtin::Filter => "filter()",
            Builtin::ToInt => "int()",
            Builtin::Unwrap => "unwrap()",
            Builtin::ToFloat => "float()",
            Builtin::ToStr => "str()",
            Builtin::ToBool => "bool()",
            Builtin::ToList => "list()",
            Builtin::ToSet => "set()",
            Builtin::ToTuple => "tuple()",
            Builtin::ToDict => "dict()",
            Builtin::Ord => "ord()",
            Builtin::Chr => "chr()",
            Builtin::AsInt => "`as` of an int",
            Builtin::Bin => "bin()",
            Builtin::Round => "round()",
            Builtin::DivMod => "divmod()",
            Builtin::Pow => "pow()",
            Builtin::Sqrt => "math.sqrt()",
            Builtin::Random => "random.random()",
            Builtin::Floor => "math.floor()",
            Builtin::Ceil => "math.ceil()",
            Builtin::Gcd => "math.gcd()",
            Builtin::ToNumber => "Number()",
            Builtin::IsInstance => "isinstance()",
            Builtin::RegexSplit => "re.split()",
            Builtin::RegexTest => "re.search()",
            Builtin::RegexSub => "re.sub()",
            Builtin::RegexFindAll => "re.findall()",
            Builtin::JsonStringify => "JSON.stringify()",
            Builtin::JsRound => "Math.round()",
            Builtin::JsKeysIn => "`for ... in`",
            Builtin::JsTypeOf => "`typeof`",
            Builtin::JsIn => "operator `in`",
            Builtin::JsProtoSlice => "Array.prototype.slice.call()",
            Builtin::JsHasOwn => "Object.prototype.hasOwnProperty.call()",
            Builtin::JsObjectTag => "Object.prototype.toString.call()",
            Builtin::JsToObject => "Object()",
            Builtin::JsUnsignedShr => "operator `>>>`",
            Builtin::JsArgumentList => "`apply` of a value that may not be an array",
            Builtin::JsGlobal => "a JavaScript global function",
            Builtin::JsValueOf => "`valueOf()`",
            Builtin::JsNull => "null",
            Builtin::JsArray => "Array()",
            Builtin::JsItem => "a read that may be past the end",
            Builtin::Iter => "iter()",
            Builtin::Next => "next()",
            Builtin::Itertools(t) => t.spelling(),
            Builtin::Sentinel => "object()",
            Builtin::Functools(t) => t.spelling(),
            Builtin::Math(f) => f.spelling(),
            Builtin::DeepCopy => "copy.deepcopy()",
            Builtin::ShallowCopy => "a copy of a `Copy` struct",
            Builtin::StrBytes => "`as_bytes()`",
        }
    }
}

/// Methods of built-in types, by name; the receiver's type says whose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    // Strings.
    Upper,
    Lower,
    /// Rust's `to_ascii_uppercase` (`to_ascii_lowercase`): `a`-`z` (`A`-`Z`)
    /// only, every other character left as it is (`é` stays `é`, where
    /// `upper` gives `É`).
    AsciiUpper,
    AsciiLower,
    Strip,
    LStrip,
    RStrip,
    Split,
    Join,
    Replace,
    StartsWith,
    EndsWith,
    Find,
    IsDigit,
    IsAlpha,
    IsAlnum,
    IsUpper,
    IsLower,
    IsSpace,
    SwapCase,
    Capitalize,
    /// `s.ljust(n, fill)`, `s.rjust(n, fill)`: padded on the right (left)
    /// with `fill` (a space by default) to `n` characters.
    LJust,
    RJust,
    IsDecimal,
    IsNumeric,
    IsAscii,
    /// Rust's `s.len()` of a string: its length in UTF-8 bytes, where
    /// Python's `len` counts characters and JavaScript's `length` UTF-16
    /// units.
    Utf8Len,
    /// Rust's `s.chars().count()`: the characters (code points) of a
    /// string, where JavaScript's `length` counts one outside the Basic
    /// Multilingual Plane (`😀`) twice.
    CharCount,
    /// `s.partition(sep)`, `s.rpartition(sep)`: the three parts around the
    /// first (last) `sep`.
    Partition,
    RPartition,
    RemovePrefix,
    RemoveSuffix,
    ZFill,
    Center,
    RFind,
    Title,
    SplitLines,
    RSplit,
    /// Rust's `s.lines()`: split at `\n` and `\r\n` only (Python's
    /// `splitlines` also splits at `\r`, `\v`, `\f`, `\x1c`, `\u2028`...),
    /// without the empty line after a final line ending.
    RustLines,
    /// Rust's `s.split_whitespace()` (`split_ascii_whitespace()`): the
    /// words between runs of Unicode `White_Space` (of ASCII space, `\t`,
    /// `\n`, `\x0c`, `\r`). Python's `split()` also splits at `\x1c`-`\x1f`
    /// (and the ASCII form at `\x0b` and beyond ASCII), JavaScript's `\s` at
    /// `\ufeff` but not at `\x85`.
    RustSplitWhitespace,
    RustSplitAsciiWhitespace,
    /// A test of one character in a class Python's string methods do not
    /// name (Rust's `is_alphabetic`, `is_ascii_digit`...): the Python
    /// methods above keep Python's classes.
    CharIs(CharClass),
    // Lists (and some of them strings or tuples too).
    Append,
    Extend,
    Insert,
    Pop,
    Remove,
    Sort,
    Reverse,
    Count,
    Index,
    Copy,
    /// JavaScript's `xs.splice(i, 1)` whose value is not used: removes the
    /// item at `i` where there is one (a negative `i` counts from the end,
    /// clamped at 0) and does nothing past the end, where Python's
    /// `pop(i)` and Rust's `remove(i)` fail.
    SpliceOne,
    // Dicts and sets.
    Get,
    Keys,
    Values,
    Items,
    Add,
    /// `d.update(other)`: `other`'s entries (a dict) or pairs (any other
    /// iterable) stored into `d`, in order. Sets have one too.
    Update,
    /// `xs.clear()`, `d.clear()`, `s.clear()`: every item taken out.
    Clear,
    /// `s.issubset(t)` of sets: every item of `s` is in `t`.
    IsSubset,
    /// `s.discard(x)`: `x` taken out of the set where it is there.
    Discard,
    /// Python's `heapq` functions of a list (the receiver, their first
    /// argument): `heappush(h, x)`, `heappop(h)`, `heapify(h)`,
    /// `heappushpop(h, x)`, `heapreplace(h, x)`, CPython's algorithm.
    HeapPush,
    HeapPop,
    Heapify,
    HeapPushPop,
    HeapReplace,
    /// Python's `bisect` functions of a sorted list: `bisect_left(a, x[,
    /// lo[, hi]])`, `bisect_right` (and `bisect`), the position; `insort_left(a,
    /// x)`, `insort_right` (and `insort`), the item put there.
    BisectLeft,
    BisectRight,
    InsortLeft,
    InsortRight,
    /// `x.is_integer()` of a float: whether it is finite with no
    /// fraction.
    IsInteger,
    /// Python's `del xs[i]` and `del d[k]` (no value): a list's or dict's
    /// `pop` whose value is dropped; on an object of a class it would be
    /// the class's `__delitem__`, which no backend takes.
    DelItem,
}

impl Method {
    /// The function named `name` of Python's `heapq` or `bisect`
    /// (`module`), which takes a list first, with whether it takes `n`
    /// arguments (the list among them).
    pub fn of_list_module(module: &str, name: &str, n: usize) -> Option<Method> {
        use Method::*;
        let (m, arity) = match (module, name) {
            ("heapq", "heappush") => (HeapPush, 2..=2),
            ("heapq", "heappop") => (HeapPop, 1..=1),
            ("heapq", "heapify") => (Heapify, 1..=1),
            ("heapq", "heappushpop") => (HeapPushPop, 2..=2),
            ("heapq", "heapreplace") => (HeapReplace, 2..=2),
            ("bisect", "bisect_left") => (BisectLeft, 2..=4),
            ("bisect", "bisect_right" | "bisect") => (BisectRight, 2..=4),
            ("bisect", "insort_left") => (InsortLeft, 2..=2),
            ("bisect", "insort_right" | "insort") => (InsortRight, 2..=2),
            _ => return None,
        };
        arity.contains(&n).then_some(m)
    }

    /// Whether `name` is a function of `module` [`Method::of_list_module`]
    /// takes, of any arity.
    pub fn is_of_list_module(module: &str, name: &str) -> bool {
        (1..=4).any(|n| Method::of_list_module(module, name, n).is_some())
    }

    /// The Python spelling, for declines.
    pub fn python_name(self) -> &'static str {
        use Method::*;
        match self {
            Upper => "upper",
            Lower => "lower",
            AsciiUpper => "to_ascii_uppercase",
            AsciiLower => "to_ascii_lowercase",
            Strip => "strip",
            LStrip => "lstrip",
            RStrip => "rstrip",
            Split => "split",
            Join => "join",
            Replace => "replace",
            StartsWith => "startswith",
            EndsWith => "endswith",
            Find => "find",
            IsDigit => "isdigit",
            IsAlpha => "isalpha",
            IsAlnum => "isalnum",
            IsUpper => "isupper",
            IsLower => "islower",
            IsSpace => "isspace",
            SwapCase => "swapcase",
            Capitalize => "capitalize",
            LJust => "ljust",
            RJust => "rjust",
            IsDecimal => "isdecimal",
            IsNumeric => "isnumeric",
            IsAscii => "isascii",
            Utf8Len => "len",
            CharCount => "chars().count",
            Partition => "partition",
            RPartition => "rpartition",
            RemovePrefix => "removeprefix",
            RemoveSuffix => "removesuffix",
            ZFill => "zfill",
            Center => "center",
            RFind => "rfind",
            Title => "title",
            SplitLines => "splitlines",
            RSplit => "rsplit",
            RustLines => "lines",
            RustSplitWhitespace => "split_whitespace",
            RustSplitAsciiWhitespace => "split_ascii_whitespace",
            CharIs(class) => class.rust_name(),
            Append => "append",
            Extend => "extend",
            Insert => "insert",
            Pop => "pop",
            Remove => "remove",
            Sort => "sort",
            Reverse => "reverse",
            Count => "count",
            Index => "index",
            Copy => "copy",
            // No Python method: declines name JavaScript's.
            SpliceOne => "splice",
            Get => "get",
            Keys => "keys",
            Values => "values",
            Items => "items",
            Add => "add",
            Update => "update",
            DelItem => "del",
            Clear => "clear",
            IsSubset => "issubset",
            Discard => "discard",
            HeapPush => "heapq.heappush",
            HeapPop => "heapq.heappop",
            Heapify => "heapq.heapify",
            HeapPushPop => "heapq.heappushpop",
            HeapReplace => "heapq.heapreplace",
            BisectLeft => "bisect.bisect_left",
            BisectRight => "bisect.bisect_right",
            InsortLeft => "bisect.insort_left",
            InsortRight => "bisect.insort_right",
            IsInteger => "is_integer",
        }
    }

    /// The method a Python name stands for, if the IR knows it.
    pub fn from_python(name: &str) -> Option<Method> {
        use Method::*;
        Some(match name {
            "upper" => Upper,
            "lower" => Lower,
            "strip" => Strip,
            "lstrip" => LStrip,
            "rstrip" => RStrip,
            "split" => Split,
            "join" => Join,
            "replace" => Replace,
            "startswith" => StartsWith,
            "endswith" => EndsWith,
            "find" => Find,
            "isdigit" => IsDigit,
            "isalpha" => IsAlpha,
            "isalnum" => IsAlnum,
            "isupper" => IsUpper,
            "islower" => IsLower,
            "isspace" => IsSpace,
            "swapcase" => SwapCase,
            "capitalize" => Capitalize,
            "ljust" => LJust,
            "rjust" => RJust,
            "isdecimal" => IsDecimal,
            "isnumeric" => IsNumeric,
            "isascii" => IsAscii,
            "partition" => Partition,
            "rpartition" => RPartition,
            "removeprefix" => RemovePrefix,
            "removesuffix" => RemoveSuffix,
            "zfill" => ZFill,
            "center" => Center,
            "rfind" => RFind,
            "title" => Title,
            "splitlines" => SplitLines,
            "rsplit" => RSplit,
            "append" => Append,
            "extend" => Extend,
            "insert" => Insert,
            "pop" => Pop,
            "remove" => Remove,
            "sort" => Sort,
            "reverse" => Reverse,
            "count" => Count,
            "index" => Index,
            "copy" => Copy,
            "get" => Get,
            "keys" => Keys,
            "values" => Values,
            "items" => Items,
            "add" => Add,
            "update" => Update,
            "clear" => Clear,
            "issubset" => IsSubset,
            "discard" => Discard,
            "is_integer" => IsInteger,
            _ => return None,
        })
    }

    /// Whether the method changes its receiver.
    pub fn mutates(self) -> bool {
        use Method::*;
        matches!(
            self,
            Append
                | Extend
                | Insert
                | Pop
                | Remove
                | Sort
                | Reverse
                | Add
                | SpliceOne
                | Update
                | DelItem
                | Clear
                | Discard
                | HeapPush
                | HeapPop
                | Heapify
                | HeapPushPop
                | HeapReplace
                | InsortLeft
                | InsortRight
        )
    }
}

/// A class of characters as Rust's `char` methods test it. Python's
/// `isalpha` is the letters (general category L), Rust's `is_alphabetic`
/// the Alphabetic property (letters, letter numbers and some combining
/// marks); Python's `isspace` counts U+001C to U+001F, Rust's
/// `is_whitespace` does not; the ASCII tests are false of every other
/// character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharClass {
    /// The Alphabetic property.
    Alphabetic,
    /// General category N (Nd, Nl, No).
    Numeric,
    /// Alphabetic or numeric.
    Alphanumeric,
    /// The White_Space property.
    WhiteSpace,
    AsciiAlphabetic,
    AsciiDigit,
    AsciiAlphanumeric,
    /// Space, tab, line feed, form feed, carriage return (not U+000B).
    AsciiWhitespace,
    AsciiUppercase,
    AsciiLowercase,
}

impl CharClass {
    /// The Rust method, for declines.
    pub fn rust_name(self) -> &'static str {
        use CharClass::*;
        match self {
            Alphabetic => "is_alphabetic",
            Numeric => "is_numeric",
            Alphanumeric => "is_alphanumeric",
            WhiteSpace => "is_whitespace",
            AsciiAlphabetic => "is_ascii_alphabetic",
            AsciiDigit => "is_ascii_digit",
            AsciiAlphanumeric => "is_ascii_alphanumeric",
            AsciiWhitespace => "is_ascii_whitespace",
            AsciiUppercase => "is_ascii_uppercase",
            AsciiLowercase => "is_ascii_lowercase",
        }
    }

    /// The class as a JavaScript regular expression's character class
    /// (with the `u` flag).
    pub fn js_class(self) -> &'static str {
        use CharClass::*;
        match self {
            Alphabetic => r"\p{Alphabetic}",
            Numeric => r"\p{N}",
            Alphanumeric => r"[\p{Alphabetic}\p{N}]",
            WhiteSpace => r"\p{White_Space}",
            AsciiAlphabetic => "[A-Za-z]",
            AsciiDigit => "[0-9]",
            AsciiAlphanumeric => "[A-Za-z0-9]",
            AsciiWhitespace => r"[\t\n\f\r ]",
            AsciiUppercase => "[A-Z]",
            AsciiLowercase => "[a-z]",
        }
    }
}

/// Hands out [`ExprId`]s for one function tree, in creation order.
#[derive(Debug, Default)]
pub struct Ids {
    next: u32,
}

impl Ids {
    pub fn fresh(&mut self) -> ExprId {
        let id = ExprId(self.next);
        self.next += 1;
        id
    }

    /// How many ids were handed out: the size of a side table.
    pub fn count(&self) -> usize {
        self.next as usize
    }
}

/// The one walk behind [`for_each_child`] and [`for_each_child_mut`]:
/// `$r` is `&` or `&mut`, `$iter` is `iter` or `iter_mut`, `$f` the
/// closure called on each child.
macro_rules! each_child {
    ($e:expr, $f:ident, $iter:ident, [$($r:tt)*]) => {
        match $($r)* $e.kind {
            ExprKind::Lit(_)
            | ExprKind::Name(_)
            | ExprKind::ErrorMessage(_)
            | ExprKind::ClassAttr { .. }
            | ExprKind::Variant { .. } => {}
            ExprKind::Unary(_, x) | ExprKind::Not(x, _) | ExprKind::Spread(x) => $f(x),
            ExprKind::Binary(_, a, b) => {
                $f(a);
                $f(b);
            }
            ExprKind::Compare { first, rest } => {
                $f(first);
                rest.$iter().for_each(|(_, x)| $f(x));
            }
            ExprKind::Logic { operands, .. } => operands.$iter().for_each($f),
            ExprKind::IfElse {
                test, then, orelse, ..
            } => {
                $f(test);
                $f(then);
                $f(orelse);
            }
            ExprKind::Call { args, .. } => args.$iter().for_each($f),
            ExprKind::Builtin { args, keywords, .. } => {
                args.$iter().for_each(&mut $f);
                keywords.$iter().for_each(|(_, x)| $f(x));
            }
            ExprKind::Method {
                recv,
                args,
                keywords,
                ..
            } => {
                $f(recv);
                args.$iter().for_each(&mut $f);
                keywords.$iter().for_each(|(_, x)| $f(x));
            }
            ExprKind::Index { value, index, .. } => {
                $f(value);
                $f(index);
            }
            ExprKind::Slice {
                value,
                lower,
                upper,
                step,
                ..
            } => {
                $f(value);
                for x in [lower, upper, step].into_iter().flatten() {
                    $f(x);
                }
            }
            ExprKind::List(xs) | ExprKind::Tuple(xs) | ExprKind::Set(xs) => xs.$iter().for_each($f),
            ExprKind::Dict(pairs) => pairs.$iter().for_each(|(k, v)| {
                $f(k);
                $f(v);
            }),
            ExprKind::Object(props) => props.$iter().for_each(|(_, v)| $f(v)),
            ExprKind::Comprehension {
                elt,
                value,
                clauses,
                ..
            } => {
                for c in clauses.$iter() {
                    $f($($r)* c.iter);
                    c.conditions.$iter().for_each(&mut $f);
                }
                $f(elt);
                if let Some(v) = value {
                    $f(v);
                }
            }
            ExprKind::Format(parts) => {
                for p in parts.$iter() {
                    if let FormatPart::Value { expr, .. } = p {
                        $f(expr);
                    }
                }
            }
            ExprKind::Lambda { body, .. } => $f(body),
            ExprKind::Attr { value, .. }
            | ExprKind::Prop { value, .. }
            | ExprKind::TypeIs { value, .. }
            | ExprKind::AssignName { value, .. } => $f(value),
            ExprKind::CallMethod { recv, args, .. } => {
                $f(recv);
                args.$iter().for_each($f);
            }
            ExprKind::CallStatic { args, .. }
            | ExprKind::New { args, .. }
            | ExprKind::Super { args, .. } => args.$iter().for_each($f),
        }
    };
}

/// Calls `f` on every expression directly inside `e` (not `e` itself), in
/// evaluation order, for analyses that walk the tree.
pub fn for_each_child<'e>(e: &'e Expr, mut f: impl FnMut(&'e Expr)) {
    each_child!(e, f, iter, [&])
}

/// [`for_each_child`] for passes that rewrite the tree in place.
pub fn for_each_child_mut(e: &mut Expr, mut f: impl FnMut(&mut Expr)) {
    each_child!(e, f, iter_mut, [&mut])
}

/// Calls `f` on every statement of `block` and of the blocks nested in it
/// (branches, loop bodies, `else` blocks, a `try`'s body, handlers and
/// `finally`), each before those inside it;
/// with `into_defs`, the bodies of nested functions too.
pub fn for_each_stmt<'b>(block: &'b [Stmt], into_defs: bool, f: &mut impl FnMut(&'b Stmt)) {
    for s in block {
        f(s);
        match &s.kind {
            StmtKind::If { branches, orelse } => {
                for (_, b) in branches {
                    for_each_stmt(b, into_defs, f);
                }
                for_each_stmt(orelse, into_defs, f);
            }
            StmtKind::While { body, .. } => for_each_stmt(body, into_defs, f),
            StmtKind::For { body, orelse, .. } => {
                for_each_stmt(body, into_defs, f);
                for_each_stmt(orelse, into_defs, f);
            }
            StmtKind::Def(d) => {
                if into_defs {
                    for_each_stmt(&d.body, into_defs, f)
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                for_each_stmt(body, into_defs, f);
                for h in handlers {
                    for_each_stmt(&h.body, into_defs, f);
                }
                for_each_stmt(orelse, into_defs, f);
                for_each_stmt(finally, into_defs, f);
            }
            // Named, not `_`: a statement kind with blocks added later must
            // be walked here.
            StmtKind::Assign { .. }
            | StmtKind::AugAssign { .. }
            | StmtKind::Return(_)
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Pass
            | StmtKind::Expr(_)
            | StmtKind::Fail { .. }
            | StmtKind::Assert(..)
            | StmtKind::Yield { .. } => {}
        }
    }
}

/// Whether `f` is a generator: its own body yields (a function nested in
/// it yields for itself).
pub fn is_generator(f: &Function) -> bool {
    let mut yields = false;
    for_each_stmt(&f.body, false, &mut |s| {
        yields |= matches!(s.kind, StmtKind::Yield { .. });
    });
    yields
}

/// The blocks a `try` runs, in the order they are written: its body, each
/// handler's, the `else` block and the `finally` block.
pub fn try_blocks<'s>(
    body: &'s Block,
    handlers: &'s [Handler],
    orelse: &'s Block,
    finally: &'s Block,
) -> Vec<&'s Block> {
    let mut out = vec![body];
    out.extend(handlers.iter().map(|h| &h.body));
    out.push(orelse);
    out.push(finally);
    out
}

/// Calls `f` on the expressions a statement holds itself, not those of its
/// nested blocks: a value, a test, an iterable, the parts of a target.
pub fn for_each_stmt_expr<'s>(s: &'s Stmt, mut f: impl FnMut(&'s Expr)) {
    fn target<'t>(t: &'t Target, f: &mut impl FnMut(&'t Expr)) {
        match t {
            Target::Name { .. } => {}
            Target::Tuple(ts) => ts.iter().for_each(|t| target(t, f)),
            Target::Index { value, index, .. } => {
                f(value);
                f(index);
            }
            Target::Attr { value, .. } => f(value),
        }
    }
    match &s.kind {
        StmtKind::Assign { target: t, value }
        | StmtKind::AugAssign {
            target: t, value, ..
        } => {
            target(t, &mut f);
            f(value);
        }
        StmtKind::If { branches, .. } => branches.iter().for_each(|(test, _)| f(test)),
        StmtKind::While { test, .. } => f(test),
        StmtKind::For {
            target: t, iter, ..
        } => {
            target(t, &mut f);
            f(iter);
        }
        StmtKind::Return(Some(e))
        | StmtKind::Expr(e)
        | StmtKind::Assert(e, _)
        | StmtKind::Yield { value: e, .. } => f(e),
        StmtKind::Return(None)
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Pass
        | StmtKind::Def(_)
        | StmtKind::Fail { .. }
        | StmtKind::Try { .. } => {}
    }
}

/// Whether `e` is `next(it)` with no default, which raises `StopIteration`
/// where the iterator is exhausted.
pub fn is_next_without_default(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Builtin { op: Builtin::Next, args, .. } if args.len() == 1)
}

/// Whether evaluating `e` itself runs code of the program (a function, a
/// method, a constructor, a base's method), which may do anything.
pub fn calls_code(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Call { .. }
            | ExprKind::CallMethod { .. }
            | ExprKind::CallStatic { .. }
            | ExprKind::New { .. }
            | ExprKind::Super { .. }
    )
}

/// A unit's functions, then its classes' methods.
pub fn functions_and_methods<'a>(
    functions: &'a [Function],
    classes: &'a [Class],
) -> impl Iterator<Item = &'a Function> {
    functions.iter().chain(
        classes
            .iter()
            .flat_map(|c| c.methods.iter().map(|m| &m.function)),
    )
}

/// Calls `f` on `e` and on every expression beneath it, parents first.
pub fn for_each_expr<'e>(e: &'e Expr, f: &mut impl FnMut(&'e Expr)) {
    f(e);
    for_each_child(e, |c| for_each_expr(c, f));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterating_gives_items_keys_and_characters() {
        assert_eq!(Ty::list(Ty::Bool).item(), Some(Ty::Bool));
        assert_eq!(Ty::Str.item(), Some(Ty::Char));
        assert_eq!(
            Ty::Dict(Box::new(Ty::Str), Box::new(Ty::Bool)).item(),
            Some(Ty::Str)
        );
        // A tuple of mixed types has no one item type.
        assert_eq!(Ty::Tuple(vec![Ty::Str, Ty::Bool]).item(), None);
    }

    #[test]
    fn a_type_is_known_only_when_all_its_parts_are() {
        assert!(Ty::list(Ty::Int(IntTy::I32)).is_known());
        assert!(!Ty::list(Ty::Unknown).is_known());
        assert!(!Ty::Dict(Box::new(Ty::Str), Box::new(Ty::Unknown)).is_known());
    }

    #[test]
    fn python_exception_classes_name_their_kind() {
        for k in [
            ErrorKind::ValueError,
            ErrorKind::TypeError,
            ErrorKind::KeyError,
            ErrorKind::IndexError,
            ErrorKind::ZeroDivisionError,
            ErrorKind::StopIteration,
        ] {
            assert_eq!(ErrorKind::from_python(k.python_class()), Some(k));
        }
        // JavaScript's RangeError is raised as Python's ValueError.
        assert_eq!(ErrorKind::RangeError.python_class(), "ValueError");
        // A class no kind stands for is left to the caller to decline.
        assert_eq!(ErrorKind::from_python("ArithmeticError"), None);
    }

    #[test]
    fn python_method_names_round_trip() {
        for name in ["upper", "split", "append", "items", "count", "swapcase"] {
            let m = Method::from_python(name).map(Method::python_name);
            assert_eq!(m, Some(name));
        }
        assert_eq!(Method::from_python("format_map"), None);
    }
}
