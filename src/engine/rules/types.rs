//! The static types the rules engine infers, shared by both directions.
//!
//! A type here is what the engine knows about the values an expression can
//! take, in terms both languages share: a Python `int` and a JavaScript number
//! holding an integral value are both [`Ty::Int`]. Types only ever grow
//! (by [`Ty::join`]) while a function is analysed, so inference settles.

use std::fmt;

/// What is known about the values of an expression.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Ty {
    /// No value seen yet (a variable before its first assignment).
    #[default]
    Never,
    /// Anything: nothing is known.
    Unknown,
    /// Python `None`, JavaScript `null` or `undefined`.
    None,
    Bool,
    /// An integer known not to be negative (lengths, counters, indexes).
    Nat,
    Int,
    /// A Python `float`, which Python prints with a fraction even when it
    /// is integral (`2.0`).
    Float,
    /// A number from outside (a parameter, an element of one): integral
    /// values are Python `int`s, others `float`s.
    Num,
    Str,
    List(Box<Ty>),
    /// A Python tuple (a JavaScript array of fixed length).
    Tuple(Vec<Ty>),
    /// A string or a list (or tuple): something with a length, indexes and
    /// slices that work alike in both languages, with elements of this type.
    Seq(Box<Ty>),
    Set(Box<Ty>),
    Dict(Box<Ty>, Box<Ty>),
    /// A value of the inner type, or `None`.
    Optional(Box<Ty>),
    /// A function, with what it returns.
    Func(Box<Ty>),
}

impl Ty {
    pub fn list(elem: Ty) -> Ty {
        Ty::List(Box::new(elem))
    }

    pub fn set(elem: Ty) -> Ty {
        Ty::Set(Box::new(elem))
    }

    pub fn seq(elem: Ty) -> Ty {
        Ty::Seq(Box::new(elem))
    }

    pub fn dict(key: Ty, value: Ty) -> Ty {
        Ty::Dict(Box::new(key), Box::new(value))
    }

    /// The least type that covers both.
    pub fn join(&self, other: &Ty) -> Ty {
        use Ty::*;
        match (self, other) {
            (Never, t) | (t, Never) => t.clone(),
            (a, b) if a == b => a.clone(),
            (Unknown, _) | (_, Unknown) => Unknown,
            (None, Optional(t)) | (Optional(t), None) => Optional(t.clone()),
            (None, t) | (t, None) => Optional(Box::new(t.clone())),
            (Optional(a), Optional(b)) => Optional(Box::new(a.join(b))),
            (Optional(a), b) | (b, Optional(a)) => match a.join(b) {
                Unknown => Unknown,
                t => Optional(Box::new(t)),
            },
            (a, b) if a.is_number() && b.is_number() => match (a, b) {
                (Nat, Int) | (Int, Nat) => Int,
                (Float, _) | (_, Float) => Float,
                _ => Num,
            },
            (List(a), List(b)) => List(Box::new(a.join(b))),
            (Set(a), Set(b)) => Set(Box::new(a.join(b))),
            (Dict(k1, v1), Dict(k2, v2)) => Dict(Box::new(k1.join(k2)), Box::new(v1.join(v2))),
            (Tuple(a), Tuple(b)) if a.len() == b.len() => {
                Tuple(a.iter().zip(b).map(|(x, y)| x.join(y)).collect())
            }
            (Func(a), Func(b)) => Func(Box::new(a.join(b))),
            (a, b) if a.is_sequence() && b.is_sequence() => Seq(Box::new(a.elem().join(&b.elem()))),
            _ => Unknown,
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Ty::Nat | Ty::Int | Ty::Float | Ty::Num)
    }

    pub fn is_int(&self) -> bool {
        matches!(self, Ty::Nat | Ty::Int)
    }

    /// Strings, lists, tuples and what may be any of them.
    pub fn is_sequence(&self) -> bool {
        matches!(self, Ty::Str | Ty::List(_) | Ty::Tuple(_) | Ty::Seq(_))
    }

    /// Lists and tuples (both arrays in JavaScript).
    pub fn is_array(&self) -> bool {
        matches!(self, Ty::List(_) | Ty::Tuple(_))
    }

    /// Values compared by value with `===` in JavaScript and `==` in Python
    /// alike, and whose truthiness agrees.
    pub fn is_primitive(&self) -> bool {
        matches!(
            self,
            Ty::None | Ty::Bool | Ty::Nat | Ty::Int | Ty::Float | Ty::Num | Ty::Str
        )
    }

    /// The type without `None`: what an operation sees when it does not fail.
    pub fn strip_optional(&self) -> &Ty {
        match self {
            Ty::Optional(t) => t,
            t => t,
        }
    }

    /// The type of the elements met when iterating or indexing.
    pub fn elem(&self) -> Ty {
        match self {
            Ty::Str => Ty::Str,
            Ty::List(t) | Ty::Seq(t) | Ty::Set(t) => (**t).clone(),
            Ty::Dict(k, _) => (**k).clone(),
            Ty::Tuple(ts) => ts.iter().fold(Ty::Never, |acc, t| acc.join(t)),
            Ty::Optional(t) => t.elem(),
            _ => Ty::Unknown,
        }
        .or_unknown()
    }

    /// `Never` read as `Unknown`: an empty list's elements are not known.
    pub fn or_unknown(self) -> Ty {
        if self == Ty::Never {
            Ty::Unknown
        } else {
            self
        }
    }

    /// Whether the type is known well enough to say how it compares and tests.
    pub fn is_known(&self) -> bool {
        !matches!(self, Ty::Unknown | Ty::Never)
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Never => f.write_str("nothing"),
            Ty::Unknown => f.write_str("unknown"),
            Ty::None => f.write_str("None"),
            Ty::Bool => f.write_str("bool"),
            Ty::Nat | Ty::Int => f.write_str("int"),
            Ty::Float => f.write_str("float"),
            Ty::Num => f.write_str("number"),
            Ty::Str => f.write_str("str"),
            Ty::List(t) => write!(f, "list[{t}]"),
            Ty::Tuple(ts) => {
                f.write_str("tuple[")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("]")
            }
            Ty::Seq(t) => write!(f, "sequence[{t}]"),
            Ty::Set(t) => write!(f, "set[{t}]"),
            Ty::Dict(k, v) => write!(f, "dict[{k}, {v}]"),
            Ty::Optional(t) => write!(f, "{t} | None"),
            Ty::Func(t) => write!(f, "function -> {t}"),
        }
    }
}

/// The result type of arithmetic on two numbers (booleans count as 0 and 1),
/// in both directions: the two languages agree on it for the numbers the
/// rules engine translates.
pub fn arith(op: &str, a: &Ty, b: &Ty) -> Ty {
    let a = if *a == Ty::Bool { &Ty::Nat } else { a };
    let b = if *b == Ty::Bool { &Ty::Nat } else { b };
    match op {
        "+" | "*" if *a == Ty::Nat && *b == Ty::Nat => Ty::Nat,
        _ if a.is_int() && b.is_int() => Ty::Int,
        _ if *a == Ty::Float || *b == Ty::Float => Ty::Float,
        _ => Ty::Num,
    }
}

/// Whether a type may take part in arithmetic: a number, or what the engine
/// takes to be one (booleans, and values not known not to be numbers).
pub fn numeric(t: &Ty) -> bool {
    t.is_number() || matches!(t, Ty::Bool | Ty::Unknown | Ty::Never)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        assert_eq!(Ty::Never.join(&Ty::Int), Ty::Int);
        assert_eq!(Ty::Nat.join(&Ty::Int), Ty::Int);
        assert_eq!(Ty::Int.join(&Ty::Float), Ty::Float);
        assert_eq!(Ty::Int.join(&Ty::Num), Ty::Num);
        assert_eq!(Ty::None.join(&Ty::Str), Ty::Optional(Box::new(Ty::Str)));
        assert_eq!(
            Ty::list(Ty::Never).join(&Ty::list(Ty::Nat)),
            Ty::list(Ty::Nat)
        );
        assert_eq!(Ty::Str.join(&Ty::list(Ty::Str)), Ty::seq(Ty::Str));
        assert_eq!(Ty::Str.join(&Ty::Int), Ty::Unknown);
        assert_eq!(Ty::Optional(Box::new(Ty::Int)).join(&Ty::Str), Ty::Unknown);
    }

    #[test]
    fn elements() {
        assert_eq!(Ty::Str.elem(), Ty::Str);
        assert_eq!(Ty::list(Ty::Never).elem(), Ty::Unknown);
        assert_eq!(Ty::Tuple(vec![Ty::Nat, Ty::Int]).elem(), Ty::Int);
    }
}
