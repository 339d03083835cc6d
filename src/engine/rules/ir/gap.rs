//! The semantic gap table: for each ordered pair of languages, what a backend
//! does about each way the two differ.
//!
//! A gap is a construct that both languages have but that means something
//! different in each on some inputs ([`Gap`]). For each gap, a pair's row
//! says how the backend bridges it ([`Bridge`]): the target's construct is
//! already [`Bridge::Exact`]; a named helper function written once per output
//! file makes it exact ([`Bridge::Helper`]); the target's construct is exact
//! only where a fact holds, which the analysis must prove, else the helper
//! named is used or, with none, the unit is declined
//! ([`Bridge::Obligation`]); the translation relies on a fact it does not
//! prove, which the engine's documentation states as an assumption and where
//! possible makes fail loudly ([`Bridge::Assumed`]); or no translation is
//! exact and the unit is declined ([`Bridge::Decline`]). A gap missing from a
//! pair's row is a decline, so a new pair starts safe and grows row by row.
//!
//! Adding a language means adding its rows here; backends read them through
//! [`bridge`] and never hard-code what a gap needs.

use crate::lang::Lang;

/// A way two languages differ on a construct both have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gap {
    /// An index past the end: an exception, `undefined`, or a panic.
    IndexOutOfRange,
    /// A negative index counts from the end (Python) or is out of range.
    NegativeIndex,
    /// Integer division rounding toward negative infinity or toward zero.
    IntDivisionRounding,
    /// `%` taking the divisor's sign or the dividend's.
    RemainderSign,
    /// `/` giving a float or truncating on integers, and raising or giving
    /// an infinity on a zero divisor.
    TrueDivision,
    /// Unbounded integers going into fixed-width ones.
    IntWidth,
    /// `+`/`*` chosen by the operands' types at run time (add, concatenate,
    /// repeat) against one meaning per operator.
    OperandDispatch,
    /// A non-bool value used as a condition.
    Truthiness,
    /// `and`/`or` give the deciding operand, not a bool.
    LogicOperand,
    /// `a < b < c` is a chain, or a comparison of a bool with `c`.
    ComparisonChain,
    /// Positions and lengths in strings: code points (Python), UTF-16 units
    /// (JavaScript) or bytes (Rust).
    StringPositions,
    /// Slice bounds past the ends are clipped, or panic.
    SliceBounds,
    /// Iteration order of a set.
    SetOrder,
    /// `min`/`max` of nothing: an exception, `Infinity`, or `None`.
    EmptyMinMax,
    /// `round` on halves: to even (Python), up (JavaScript), away from zero
    /// (Rust's `round`).
    RoundHalf,
    /// How a float prints (`str(1.0)` is `1.0` in Python, `1` in JavaScript).
    FloatToString,
    /// Changing a list while a loop iterates it: seen by the loop (Python,
    /// JavaScript) or refused by the borrow checker (Rust).
    MutationDuringIteration,
    /// Reading an integer from a string: what surrounding text is allowed.
    ParseInt,
    /// An int from a float: Rust's `as` saturates at the type's bounds and
    /// gives 0 for NaN; Python's `int()` is unbounded and raises on NaN and
    /// the infinities; JavaScript's `Math.trunc` keeps them.
    FloatToInt,
}

impl Gap {
    /// Every gap, for tests that check a row decides each one.
    pub const ALL: [Gap; 19] = [
        Gap::IndexOutOfRange,
        Gap::NegativeIndex,
        Gap::IntDivisionRounding,
        Gap::RemainderSign,
        Gap::TrueDivision,
        Gap::IntWidth,
        Gap::OperandDispatch,
        Gap::Truthiness,
        Gap::LogicOperand,
        Gap::ComparisonChain,
        Gap::StringPositions,
        Gap::SliceBounds,
        Gap::SetOrder,
        Gap::EmptyMinMax,
        Gap::RoundHalf,
        Gap::FloatToString,
        Gap::MutationDuringIteration,
        Gap::ParseInt,
        Gap::FloatToInt,
    ];
}

/// What a backend does about a gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bridge {
    /// The target's own construct means the same.
    Exact,
    /// A helper, written once per output file, means the same.
    Helper(&'static str),
    /// The target's construct means the same where `fact` holds, which the
    /// analysis must prove; where it cannot, `otherwise` is the helper to
    /// use, or with none the unit is declined.
    Obligation {
        fact: Fact,
        otherwise: Option<&'static str>,
    },
    /// The translation relies on `fact` without proving it: a stated
    /// assumption of the direction, made to fail loudly where it can.
    Assumed(Fact),
    /// No exact translation: decline the unit, naming the construct.
    Decline,
}

/// A fact about values at a program point that the analysis can prove.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fact {
    /// The value is zero or more.
    NonNegative,
    /// The value is not zero.
    NonZero,
    /// The value fits the target's integer width.
    FitsWidth,
    /// The value is a bool.
    IsBool,
    /// Every operand's type is known, so one meaning is chosen.
    TypesKnown,
    /// The loop body does not change what the loop iterates.
    NotMutatedInLoop,
    /// The order in which elements are visited cannot be observed.
    OrderUnobserved,
    /// An index or slice bound lies within its sequence.
    InRange,
    /// The string holds only ASCII, so byte, UTF-16 and code point
    /// positions agree.
    Ascii,
    /// The string is an integer's digits (a sign and spaces around them
    /// at most), on which every language's parse agrees.
    IntegerText,
    /// The sequence is not empty.
    NonEmpty,
}

/// Python to Rust. Python raising and Rust panicking both end the function
/// with an error, so where Python raises Rust may panic.
const PYTHON_TO_RUST: &[(Gap, Bridge)] = &[
    (Gap::IndexOutOfRange, Bridge::Exact),
    (
        Gap::NegativeIndex,
        Bridge::Obligation {
            fact: Fact::NonNegative,
            otherwise: Some("py_index"),
        },
    ),
    (
        Gap::IntDivisionRounding,
        Bridge::Obligation {
            fact: Fact::NonNegative,
            otherwise: Some("py_div"),
        },
    ),
    (
        Gap::RemainderSign,
        Bridge::Obligation {
            fact: Fact::NonNegative,
            otherwise: Some("py_mod"),
        },
    ),
    (
        Gap::TrueDivision,
        Bridge::Obligation {
            fact: Fact::NonZero,
            otherwise: Some("py_truediv"),
        },
    ),
    (Gap::IntWidth, Bridge::Assumed(Fact::FitsWidth)),
    (
        Gap::OperandDispatch,
        Bridge::Obligation {
            fact: Fact::TypesKnown,
            otherwise: None,
        },
    ),
    (Gap::Truthiness, Bridge::Exact),
    (
        Gap::LogicOperand,
        Bridge::Obligation {
            fact: Fact::IsBool,
            otherwise: None,
        },
    ),
    (Gap::ComparisonChain, Bridge::Exact),
    (Gap::StringPositions, Bridge::Exact),
    (Gap::SliceBounds, Bridge::Helper("py_slice")),
    (
        Gap::SetOrder,
        Bridge::Obligation {
            fact: Fact::OrderUnobserved,
            otherwise: None,
        },
    ),
    (Gap::EmptyMinMax, Bridge::Exact),
    (Gap::RoundHalf, Bridge::Exact),
    (Gap::FloatToString, Bridge::Helper("py_float_str")),
    (
        Gap::MutationDuringIteration,
        Bridge::Obligation {
            fact: Fact::NotMutatedInLoop,
            otherwise: None,
        },
    ),
    (Gap::ParseInt, Bridge::Helper("py_int")),
    // `int()` of a float: a helper that panics on NaN, the infinities and
    // values past the width, where Python raises or keeps a big int.
    (Gap::FloatToInt, Bridge::Helper("py_int_of")),
];

/// Rust to Python. Rust's types are all known and its conditions are
/// bools, so most gaps close; where a Rust program panics (an index past
/// the end, an overflow) Python raises or is assumed not to get there.
const RUST_TO_PYTHON: &[(Gap, Bridge)] = &[
    (Gap::IndexOutOfRange, Bridge::Exact),
    // Rust indexes are `usize`: computed without underflow (which panics),
    // they are never negative.
    (Gap::NegativeIndex, Bridge::Assumed(Fact::NonNegative)),
    (
        Gap::IntDivisionRounding,
        Bridge::Obligation {
            fact: Fact::NonNegative,
            otherwise: Some("rs_div"),
        },
    ),
    (
        Gap::RemainderSign,
        Bridge::Obligation {
            fact: Fact::NonNegative,
            otherwise: Some("rs_rem"),
        },
    ),
    // Floats: an infinity or NaN in Rust, ZeroDivisionError in Python.
    (
        Gap::TrueDivision,
        Bridge::Obligation {
            fact: Fact::NonZero,
            otherwise: Some("ieee_divide"),
        },
    ),
    (Gap::IntWidth, Bridge::Assumed(Fact::FitsWidth)),
    (Gap::OperandDispatch, Bridge::Exact),
    (Gap::Truthiness, Bridge::Exact),
    (Gap::LogicOperand, Bridge::Exact),
    (Gap::ComparisonChain, Bridge::Exact),
    (Gap::StringPositions, Bridge::Assumed(Fact::Ascii)),
    (Gap::SliceBounds, Bridge::Assumed(Fact::InRange)),
    (Gap::SetOrder, Bridge::Assumed(Fact::OrderUnobserved)),
    (Gap::EmptyMinMax, Bridge::Exact),
    (Gap::RoundHalf, Bridge::Decline),
    (Gap::FloatToString, Bridge::Decline),
    // The borrow checker refuses it in the source.
    (Gap::MutationDuringIteration, Bridge::Exact),
    (Gap::ParseInt, Bridge::Helper("rs_parse_int")),
    (Gap::FloatToInt, Bridge::Helper("rs_as_int")),
];

/// Rust to JavaScript: as to Python, with JavaScript's `undefined` past the
/// end of an array and its numbers, which are exact integers within 2^53.
const RUST_TO_JAVASCRIPT: &[(Gap, Bridge)] = &[
    (
        Gap::IndexOutOfRange,
        Bridge::Obligation {
            fact: Fact::InRange,
            otherwise: Some("rsAt"),
        },
    ),
    (Gap::NegativeIndex, Bridge::Assumed(Fact::NonNegative)),
    // `Math.trunc(a / b)` and `%` truncate, as Rust's do.
    (Gap::IntDivisionRounding, Bridge::Exact),
    (Gap::RemainderSign, Bridge::Exact),
    // Floats divide alike; an integer `/` or `%` by zero panics in Rust
    // where JavaScript gives an infinity or NaN, so a divisor that is not
    // a literal other than zero goes through `rsDiv` (`rsRem`).
    (
        Gap::TrueDivision,
        Bridge::Obligation {
            fact: Fact::NonZero,
            otherwise: Some("rsDiv"),
        },
    ),
    (Gap::IntWidth, Bridge::Assumed(Fact::FitsWidth)),
    (Gap::OperandDispatch, Bridge::Exact),
    (Gap::Truthiness, Bridge::Exact),
    (Gap::LogicOperand, Bridge::Exact),
    (Gap::ComparisonChain, Bridge::Exact),
    (Gap::StringPositions, Bridge::Assumed(Fact::Ascii)),
    (Gap::SliceBounds, Bridge::Assumed(Fact::InRange)),
    (Gap::SetOrder, Bridge::Assumed(Fact::OrderUnobserved)),
    (Gap::EmptyMinMax, Bridge::Helper("rsMax")),
    (Gap::RoundHalf, Bridge::Decline),
    (Gap::FloatToString, Bridge::Decline),
    (Gap::MutationDuringIteration, Bridge::Exact),
    (Gap::ParseInt, Bridge::Helper("rsParseInt")),
    (Gap::FloatToInt, Bridge::Helper("rsAsInt")),
];

/// Python to JavaScript. A Python `int` is a JavaScript number, exact while
/// it stays within 2^53 (the engine's stated assumption), and strings stay
/// in the Basic Multilingual Plane, where UTF-16 units are code points.
/// Where Python raises on an input (a zero divisor, `max` of nothing) the
/// helper throws too.
const PYTHON_TO_JAVASCRIPT: &[(Gap, Bridge)] = &[
    // Python raises past the end where JavaScript gives `undefined`: an
    // index a loop proves in range is read as it is, any other through
    // `pyItem`, which raises as Python does (and counts a negative index
    // from the end).
    (
        Gap::IndexOutOfRange,
        Bridge::Obligation {
            fact: Fact::InRange,
            otherwise: Some("pyItem"),
        },
    ),
    // Where `IndexOutOfRange` is discharged (a loop counter, never
    // negative) `xs[i]`; the row stands for the reads `pyItem` does not
    // serve (`pyAt` of an unknown type counts from the end too).
    (
        Gap::NegativeIndex,
        Bridge::Obligation {
            fact: Fact::NonNegative,
            otherwise: Some("at"),
        },
    ),
    // `Math.floor` of the quotient rounds as `//` does.
    (Gap::IntDivisionRounding, Bridge::Exact),
    (
        Gap::RemainderSign,
        Bridge::Obligation {
            fact: Fact::NonNegative,
            otherwise: Some("pyMod"),
        },
    ),
    (
        Gap::TrueDivision,
        Bridge::Obligation {
            fact: Fact::NonZero,
            otherwise: Some("pyDiv"),
        },
    ),
    (Gap::IntWidth, Bridge::Assumed(Fact::FitsWidth)),
    (
        Gap::OperandDispatch,
        Bridge::Obligation {
            fact: Fact::TypesKnown,
            otherwise: None,
        },
    ),
    (
        Gap::Truthiness,
        Bridge::Obligation {
            fact: Fact::TypesKnown,
            otherwise: Some("pyTruthy"),
        },
    ),
    // `a or b` giving an operand is `c ? a : b`, with `c` Python's test of
    // a pure `a`.
    (Gap::LogicOperand, Bridge::Exact),
    (Gap::ComparisonChain, Bridge::Exact),
    (Gap::StringPositions, Bridge::Assumed(Fact::Ascii)),
    // `slice` clips its bounds as Python's slices do.
    (Gap::SliceBounds, Bridge::Exact),
    // Python's sets iterate in hash order, which programs rely on for
    // integers; a `Set` keeps insertion order.
    (
        Gap::SetOrder,
        Bridge::Obligation {
            fact: Fact::OrderUnobserved,
            otherwise: None,
        },
    ),
    (Gap::EmptyMinMax, Bridge::Helper("rsMax")),
    (Gap::RoundHalf, Bridge::Helper("pyRound")),
    (Gap::FloatToString, Bridge::Helper("pyStr")),
    (Gap::MutationDuringIteration, Bridge::Exact),
    (Gap::ParseInt, Bridge::Helper("pyInt")),
    // `int()` of a float: `pyIntOf` raises on NaN and the infinities.
    (Gap::FloatToInt, Bridge::Helper("pyIntOf")),
];

/// JavaScript to Rust. A JavaScript program that reads past the end of an
/// array gets `undefined` and goes on; the translation assumes it does not
/// (Rust panics there, so a broken assumption fails loudly). JavaScript's
/// `%` and `/` are Rust's on the types the analysis proved; its `+` is
/// translated only where both operands' types are known.
const JAVASCRIPT_TO_RUST: &[(Gap, Bridge)] = &[
    (Gap::IndexOutOfRange, Bridge::Assumed(Fact::InRange)),
    // A negative index reads `undefined`: out of range, as above.
    (Gap::NegativeIndex, Bridge::Assumed(Fact::NonNegative)),
    // `Math.floor(a / b)` floors, as Python's `//`.
    (
        Gap::IntDivisionRounding,
        Bridge::Obligation {
            fact: Fact::NonNegative,
            otherwise: Some("py_div"),
        },
    ),
    // `%` truncates in both.
    (Gap::RemainderSign, Bridge::Exact),
    // A float division; a zero divisor gives an infinity or NaN in both.
    (Gap::TrueDivision, Bridge::Exact),
    // Integral JavaScript numbers are exact within 2^53.
    (Gap::IntWidth, Bridge::Assumed(Fact::FitsWidth)),
    (
        Gap::OperandDispatch,
        Bridge::Obligation {
            fact: Fact::TypesKnown,
            otherwise: None,
        },
    ),
    // Numbers, strings and bools test alike; arrays (always true in
    // JavaScript) are declined by the backend.
    (Gap::Truthiness, Bridge::Exact),
    (
        Gap::LogicOperand,
        Bridge::Obligation {
            fact: Fact::IsBool,
            otherwise: None,
        },
    ),
    // JavaScript has no chains: the frontend declines `a < b < c`.
    (Gap::ComparisonChain, Bridge::Exact),
    // `length` and indexes count UTF-16 units, Rust's `chars()` code points.
    (Gap::StringPositions, Bridge::Assumed(Fact::Ascii)),
    (Gap::SliceBounds, Bridge::Helper("py_slice")),
    (
        Gap::SetOrder,
        Bridge::Obligation {
            fact: Fact::OrderUnobserved,
            otherwise: None,
        },
    ),
    // `Math.max()` of nothing is `-Infinity`; Rust's `max()` panics there.
    (Gap::EmptyMinMax, Bridge::Assumed(Fact::NonEmpty)),
    // `Math.round` rounds halves up: the frontend declines it.
    (Gap::RoundHalf, Bridge::Decline),
    (Gap::FloatToString, Bridge::Helper("js_number_str")),
    (
        Gap::MutationDuringIteration,
        Bridge::Obligation {
            fact: Fact::NotMutatedInLoop,
            otherwise: None,
        },
    ),
    // `parseInt("12px")` is 12; the translation parses whole integers
    // only and panics on anything else.
    (Gap::ParseInt, Bridge::Assumed(Fact::IntegerText)),
    // `Math.trunc` of NaN or an infinity: the helper panics where
    // JavaScript keeps it (a value the engine's numbers do not take).
    (Gap::FloatToInt, Bridge::Helper("py_int_of")),
];

/// JavaScript to Python.
/// Python raises where JavaScript reads `undefined`; `%` and a truncating
/// division go through the `rs_rem`/`rs_div` helpers (JavaScript's `%`
/// truncates as Rust's does) unless both operands are non-negative.
const JAVASCRIPT_TO_PYTHON: &[(Gap, Bridge)] = &[
    (Gap::IndexOutOfRange, Bridge::Assumed(Fact::InRange)),
    (Gap::NegativeIndex, Bridge::Assumed(Fact::NonNegative)),
    (
        Gap::IntDivisionRounding,
        Bridge::Obligation {
            fact: Fact::NonNegative,
            otherwise: Some("rs_div"),
        },
    ),
    (
        Gap::RemainderSign,
        Bridge::Obligation {
            fact: Fact::NonNegative,
            otherwise: Some("rs_rem"),
        },
    ),
    // Python raises on a zero divisor where JavaScript gives an infinity.
    (Gap::TrueDivision, Bridge::Assumed(Fact::NonZero)),
    (Gap::IntWidth, Bridge::Exact),
    (
        Gap::OperandDispatch,
        Bridge::Obligation {
            fact: Fact::TypesKnown,
            otherwise: None,
        },
    ),
    // Numbers, strings and `null` alike; arrays are declined.
    (Gap::Truthiness, Bridge::Exact),
    (Gap::LogicOperand, Bridge::Exact),
    (Gap::ComparisonChain, Bridge::Exact),
    (Gap::StringPositions, Bridge::Assumed(Fact::Ascii)),
    (Gap::SliceBounds, Bridge::Exact),
    (Gap::SetOrder, Bridge::Exact),
    (Gap::EmptyMinMax, Bridge::Assumed(Fact::NonEmpty)),
    (Gap::RoundHalf, Bridge::Helper("js_round")),
    (Gap::FloatToString, Bridge::Decline),
    (Gap::MutationDuringIteration, Bridge::Exact),
    // `parseInt("12px")` is 12 and `parseInt("x")` NaN, where Python's
    // `int()` raises.
    (Gap::ParseInt, Bridge::Helper("js_parse_int")),
    // `Math.trunc` of NaN or an infinity raises in Python's `int()` where
    // JavaScript keeps it: finite numbers are assumed.
    (Gap::FloatToInt, Bridge::Assumed(Fact::FitsWidth)),
];

/// The row of a pair, if the table has one.
fn row(from: Lang, to: Lang) -> Option<&'static [(Gap, Bridge)]> {
    match (from, to) {
        (Lang::Python, Lang::Rust) => Some(PYTHON_TO_RUST),
        (Lang::Rust, Lang::Python) => Some(RUST_TO_PYTHON),
        (Lang::Rust, Lang::JavaScript) => Some(RUST_TO_JAVASCRIPT),
        (Lang::Python, Lang::JavaScript) => Some(PYTHON_TO_JAVASCRIPT),
        (Lang::JavaScript, Lang::Rust) => Some(JAVASCRIPT_TO_RUST),
        (Lang::JavaScript, Lang::Python) => Some(JAVASCRIPT_TO_PYTHON),
        _ => None,
    }
}

/// How a backend translating `from` into `to` bridges `gap`; a decline
/// where the table does not say.
pub fn bridge(from: Lang, to: Lang, gap: Gap) -> Bridge {
    row(from, to)
        .and_then(|r| r.iter().find(|(g, _)| *g == gap))
        .map_or(Bridge::Decline, |(_, b)| *b)
}

impl Gap {
    /// The gap in a few words, for the documented table.
    fn words(self) -> &'static str {
        match self {
            Gap::IndexOutOfRange => "index past the end",
            Gap::NegativeIndex => "negative index",
            Gap::IntDivisionRounding => "integer division rounding",
            Gap::RemainderSign => "sign of `%`",
            Gap::TrueDivision => "`/` by zero, `/` of integers",
            Gap::IntWidth => "integer width",
            Gap::OperandDispatch => "`+`/`*` by operand types",
            Gap::Truthiness => "truth value of a non-bool",
            Gap::LogicOperand => "`and`/`or` giving an operand",
            Gap::ComparisonChain => "`a < b < c`",
            Gap::StringPositions => "string positions and lengths",
            Gap::SliceBounds => "slice bounds past the ends",
            Gap::SetOrder => "iteration order of a set",
            Gap::EmptyMinMax => "`min`/`max` of nothing",
            Gap::RoundHalf => "`round` of halves",
            Gap::FloatToString => "a float as text",
            Gap::MutationDuringIteration => "changing what a loop iterates",
            Gap::ParseInt => "integer from text",
            Gap::FloatToInt => "an int from a float",
        }
    }
}

impl Fact {
    fn words(self) -> &'static str {
        match self {
            Fact::NonNegative => "non-negative",
            Fact::NonZero => "non-zero",
            Fact::FitsWidth => "fits the width",
            Fact::IsBool => "bool",
            Fact::TypesKnown => "types known",
            Fact::NotMutatedInLoop => "not changed in the loop",
            Fact::OrderUnobserved => "order unobserved",
            Fact::InRange => "in range",
            Fact::Ascii => "ASCII",
            Fact::IntegerText => "an integer's text",
            Fact::NonEmpty => "non-empty",
        }
    }
}

impl std::fmt::Display for Bridge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bridge::Exact => write!(f, "exact"),
            Bridge::Helper(name) => write!(f, "`{name}`"),
            Bridge::Obligation {
                fact,
                otherwise: Some(name),
            } => write!(f, "if {}, else `{name}`", fact.words()),
            Bridge::Obligation {
                fact,
                otherwise: None,
            } => write!(f, "if {}, else declined", fact.words()),
            Bridge::Assumed(fact) => write!(f, "assumed {}", fact.words()),
            Bridge::Decline => write!(f, "declined"),
        }
    }
}

/// The whole table as Markdown, one line per gap and one column per
/// ordered pair: what `docs/rules.md` shows, and a test keeps it so.
pub fn markdown() -> String {
    use Lang::{JavaScript, Python, Rust};
    let pairs = [
        (Python, JavaScript),
        (JavaScript, Python),
        (Python, Rust),
        (JavaScript, Rust),
        (Rust, Python),
        (Rust, JavaScript),
    ];
    let short = |l: Lang| match l {
        Python => "Py",
        JavaScript => "JS",
        Rust => "Rust",
    };
    let mut out = String::from("| gap |");
    for (from, to) in pairs {
        out.push_str(&format!(" {} → {} |", short(from), short(to)));
    }
    out.push_str("\n| --- |");
    out.push_str(&" --- |".repeat(pairs.len()));
    out.push('\n');
    for gap in Gap::ALL {
        out.push_str(&format!("| {} |", gap.words()));
        for (from, to) in pairs {
            out.push_str(&format!(" {} |", bridge(from, to, gap)));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The documentation shows the table the backends read.
    #[test]
    fn the_documented_table_is_the_code() {
        let docs = include_str!("../../../../docs/rules.md");
        let table = markdown();
        assert!(
            docs.contains(&table),
            "docs/rules.md's gap table is not the code's; paste this one:\n{table}"
        );
    }

    #[test]
    fn a_pair_without_a_row_declines_every_gap() {
        assert_eq!(
            bridge(Lang::JavaScript, Lang::JavaScript, Gap::IndexOutOfRange),
            Bridge::Decline
        );
    }

    // Every gap has one decision in each row.
    #[test]
    fn every_row_decides_every_gap() {
        for row in [
            RUST_TO_PYTHON,
            RUST_TO_JAVASCRIPT,
            PYTHON_TO_JAVASCRIPT,
            JAVASCRIPT_TO_RUST,
            JAVASCRIPT_TO_PYTHON,
        ] {
            for gap in Gap::ALL {
                let rows = row.iter().filter(|(g, _)| *g == gap).count();
                assert_eq!(rows, 1, "{gap:?} has {rows} rows");
            }
        }
        assert_eq!(
            bridge(Lang::Rust, Lang::JavaScript, Gap::IndexOutOfRange),
            Bridge::Obligation {
                fact: Fact::InRange,
                otherwise: Some("rsAt")
            }
        );
    }

    #[test]
    fn python_to_rust_bridges_floor_division_with_a_helper_unless_non_negative() {
        assert_eq!(
            bridge(Lang::Python, Lang::Rust, Gap::IntDivisionRounding),
            Bridge::Obligation {
                fact: Fact::NonNegative,
                otherwise: Some("py_div")
            }
        );
        assert_eq!(
            bridge(Lang::Python, Lang::Rust, Gap::FloatToString),
            Bridge::Helper("py_float_str")
        );
    }

    // Every gap has a decision for Python to Rust: a gap forgotten in the
    // row would silently decline everything that touches it.
    #[test]
    fn python_to_rust_decides_every_gap() {
        for gap in Gap::ALL {
            let rows = PYTHON_TO_RUST.iter().filter(|(g, _)| *g == gap).count();
            assert_eq!(rows, 1, "{gap:?} has {rows} rows");
        }
    }
}
