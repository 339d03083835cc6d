//! The inputs a unit is tested on, in order: the examples its documentation
//! gives (Python doctests, JSDoc `@example`, Rust doc tests), then values
//! drawn from its parameter types, boundary values first (0, -1, 1, the
//! empty string and list, one element, duplicates, non-ASCII), then seeded
//! random values, then large magnitudes, which come last so that a function
//! whose time grows with them has run on everything else first.

use crate::lang::Lang;

use super::literals::Literals;
use super::types::Ty;
use super::value::Value;
use super::Input;

/// The largest magnitude drawn for an int: its square fits an `i32` and its
/// cube a JavaScript number (2^53), so arithmetic on it stays within what
/// every side computes exactly.
pub const LARGE: i128 = 46_337;

/// The argument texts of the calls to `name` in `doc`'s examples.
pub fn examples(lang: Lang, doc: &str, name: &str) -> Vec<String> {
    let simple = name.rsplit(['.', ':']).next().unwrap_or(name).to_string();
    let is_method = simple.len() < name.len();
    let mut out = Vec::new();
    for line in example_lines(lang, doc) {
        let mut from = 0;
        while let Some(found) = line[from..].find(&format!("{simple}(")) {
            let at = from + found;
            from = at + simple.len() + 1;
            let before = line[..at].chars().next_back();
            let bounded = match before {
                None => true,
                Some(c) if c.is_alphanumeric() || c == '_' || c == '$' => false,
                // `obj.method(` for a method; `Type::f(` or `module.f(`
                // only where the name itself is qualified.
                Some('.') | Some(':') => is_method,
                Some(_) => true,
            };
            // `def f(`, `function f(`, `fn f(`: a definition, not a call.
            let keyword = line[..at].trim_end();
            let definition = ["def", "function", "fn"]
                .iter()
                .any(|k| keyword.ends_with(k) && keyword.len() < at);
            if !bounded || definition {
                continue;
            }
            if let Some(args) = balanced(&line[at + simple.len()..]) {
                out.push(args.trim().to_string());
            }
        }
    }
    out.dedup();
    out
}

/// The lines of `doc` that are example code.
fn example_lines(lang: Lang, doc: &str) -> Vec<String> {
    match lang {
        Lang::Python => doc
            .lines()
            .filter_map(|l| {
                let l = l.trim_start();
                l.strip_prefix(">>> ")
                    .or_else(|| l.strip_prefix("... "))
                    .map(str::to_string)
            })
            .collect(),
        Lang::JavaScript => {
            let mut lines = Vec::new();
            let mut inside = false;
            for line in doc.lines() {
                let line = line
                    .trim_start()
                    .trim_start_matches("/**")
                    .trim_start_matches('*')
                    .trim_end_matches("*/");
                if let Some(rest) = line.trim_start().strip_prefix("@example") {
                    inside = true;
                    lines.push(rest.to_string());
                    continue;
                }
                if line.trim_start().starts_with('@') {
                    inside = false;
                }
                if inside {
                    lines.push(line.to_string());
                }
            }
            lines
        }
        Lang::Rust => {
            let mut lines = Vec::new();
            let mut inside = false;
            for line in doc.lines() {
                let line = line
                    .trim_start()
                    .trim_start_matches("///")
                    .trim_start_matches("//!");
                let code = line.trim_start();
                if code.starts_with("```") {
                    inside = !inside;
                    continue;
                }
                if inside {
                    // Hidden doc-test lines keep their code.
                    lines.push(code.trim_start_matches("# ").to_string());
                }
            }
            lines
        }
    }
}

/// The text inside the parentheses that open `text`, if they close on the
/// same line (strings and nested brackets skipped).
fn balanced(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return text.get(1..i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Argument text split at its top-level commas.
pub fn split_args(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut current = String::new();
    let mut previous = ' ';
    for c in text.chars() {
        if let Some(q) = quote {
            current.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            // A Rust lifetime or char: `'a'` is a char; quote it only when
            // it closes (good enough for literals).
            '"' | '`' => quote = Some(c),
            '\'' if !previous.is_alphanumeric() => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            // `HashMap<K, V>` in a turbofish.
            '<' if previous == ':' => depth += 1,
            '>' if depth > 0 && current.contains("::<") => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut current).trim().to_string());
                previous = c;
                continue;
            }
            _ => {}
        }
        current.push(c);
        previous = c;
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// A small deterministic generator (SplitMix64), so that the same seed and
/// unit give the same inputs on every machine.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// Seeded from the settings' seed and the unit's name, so that units do
    /// not all draw the same values.
    pub fn new(seed: u64, name: &str) -> Rng {
        // FNV-1a of the name.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in name.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(seed ^ hash)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `low..=high`.
    pub fn range(&mut self, low: i128, high: i128) -> i128 {
        if high <= low {
            return low;
        }
        let span = (high - low + 1) as u128;
        low + (u128::from(self.next_u64()) % span) as i128
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// Characters random strings are made of: letters, a digit, a space, a
/// dash, and two non-ASCII letters.
const ALPHABET: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'A', 'B', 'z', ' ', '0', '1', '-', 'é', 'ß',
];

fn int_in(n: i128, min: i128, max: i128) -> Option<Value> {
    (min..=max).contains(&n).then(|| Value::Int(n.to_string()))
}

/// At most this many boundary values come from the function's literals
/// (per type), so that random values keep their share of the inputs.
const FROM_LITERALS: usize = 6;

/// The function's int literals and their neighbours (`n`, `n+1`, `n-1`):
/// where an off-by-one in a comparison or a constant shows.
fn literal_ints(literals: &Literals, min: i128, max: i128, skip: &[i128]) -> Vec<i128> {
    let mut out = Vec::new();
    for n in literals.ints.iter().flat_map(|&n| [n, n + 1, n - 1]) {
        if out.len() >= FROM_LITERALS {
            break;
        }
        if (min..=max).contains(&n) && !skip.contains(&n) && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Strings made of the function's string literals: each, then all of them
/// joined (`"()"`), and joined the other way round (`")("`).
fn literal_strings(literals: &Literals) -> Vec<String> {
    let mut out: Vec<String> = literals
        .strings
        .iter()
        .filter(|s| !s.is_empty())
        .take(FROM_LITERALS - 2)
        .cloned()
        .collect();
    if out.len() >= 2 {
        out.push(out.concat());
        let mut reversed = out[..out.len() - 1].to_vec();
        reversed.reverse();
        out.push(reversed.concat());
    }
    out
}

/// The boundary ints every int type starts with.
const SMALL_INTS: [i128; 9] = [0, 1, -1, 2, -2, 3, 10, -7, 100];

/// The small boundary values of a type, then values around the function's
/// literals.
pub fn boundary(ty: &Ty, literals: &Literals) -> Vec<Value> {
    match ty {
        Ty::Int { min, max } => SMALL_INTS
            .into_iter()
            .chain(literal_ints(literals, *min, *max, &SMALL_INTS))
            .filter_map(|n| int_in(n, *min, *max))
            .collect(),
        Ty::Float => [0.0, 1.0, -1.0, 0.5, -2.5, 3.25]
            .into_iter()
            .map(Value::Float)
            .collect(),
        Ty::Number => {
            let mut out = vec![
                Value::int(0),
                Value::int(1),
                Value::int(-1),
                Value::int(2),
                Value::Float(0.5),
                Value::int(-7),
                Value::int(10),
                Value::Float(-2.5),
            ];
            let bound = LARGE;
            out.extend(
                literal_ints(literals, -bound, bound, &[0, 1, -1, 2, -7, 10])
                    .into_iter()
                    .map(|n| Value::Int(n.to_string())),
            );
            out
        }
        Ty::Bool => vec![Value::Bool(false), Value::Bool(true)],
        Ty::Str => {
            let mut out: Vec<Value> = [
                "",
                "a",
                "ab",
                "aa",
                "Hello World",
                "abc",
                "é日本",
                " ",
                "a1-b",
            ]
            .into_iter()
            .map(Value::str)
            .collect();
            for s in literal_strings(literals) {
                let v = Value::Str(s);
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            out
        }
        Ty::Char => {
            let mut out: Vec<Value> = ["a", "Z", "0", " ", "é"]
                .into_iter()
                .map(Value::str)
                .collect();
            for c in literals.chars().into_iter().take(FROM_LITERALS) {
                let v = Value::Str(c.to_string());
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            out
        }
        Ty::List(item) => {
            let b = boundary(item, literals);
            let at = |i: usize| b.get(i % b.len().max(1)).cloned();
            let mut out = vec![Value::List(vec![])];
            if let Some(first) = at(1).or_else(|| at(0)) {
                out.push(Value::List(vec![first]));
            }
            if b.len() >= 3 {
                out.push(Value::List(vec![b[0].clone(), b[1].clone(), b[2].clone()]));
                out.push(Value::List(vec![b[1].clone(), b[1].clone()]));
                out.push(Value::List(b.iter().rev().take(5).cloned().collect()));
            }
            out
        }
        Ty::Tuple(items) => {
            let each: Vec<Vec<Value>> = items.iter().map(|t| boundary(t, literals)).collect();
            let rows = each.iter().map(Vec::len).max().unwrap_or(0);
            (0..rows)
                .filter_map(|k| {
                    let row: Option<Vec<Value>> = each
                        .iter()
                        .enumerate()
                        .map(|(j, b)| b.get((k + j) % b.len().max(1)).cloned())
                        .collect();
                    row.map(Value::Tuple)
                })
                .collect()
        }
        Ty::Dict(key, value) => {
            let keys = distinct(boundary(key, literals));
            let values = boundary(value, literals);
            let mut out = vec![Value::Dict(vec![])];
            if let (Some(k), Some(v)) = (keys.first(), values.get(1).or(values.first())) {
                out.push(Value::Dict(vec![(k.clone(), v.clone())]));
            }
            if keys.len() >= 3 && !values.is_empty() {
                let entries = keys
                    .iter()
                    .take(3)
                    .enumerate()
                    .map(|(i, k)| (k.clone(), values[i % values.len()].clone()))
                    .collect();
                out.push(Value::Dict(entries));
            }
            out
        }
        Ty::Set(item) => {
            let items = distinct(boundary(item, literals));
            let mut out = vec![Value::Set(vec![])];
            if let Some(first) = items.first() {
                out.push(Value::Set(vec![first.clone()]));
            }
            if items.len() >= 3 {
                out.push(Value::Set(items[..3].to_vec()));
            }
            out
        }
        Ty::Optional(inner) => {
            let mut out = vec![Value::None];
            out.extend(boundary(inner, literals));
            out
        }
        Ty::Any => vec![
            Value::int(0),
            Value::str("a"),
            Value::Float(0.5),
            Value::None,
            Value::int(-3),
            Value::List(vec![]),
            Value::str(""),
            Value::Dict(vec![]),
            Value::int(7),
            Value::Float(-2.25),
            Value::List(vec![Value::int(1)]),
        ],
        Ty::Variant(names) => names.iter().map(|n| Value::Str(n.clone())).collect(),
        Ty::Unknown(_) => Vec::new(),
    }
}

/// Large magnitudes: ints at ±[`LARGE`] (or the type's bounds, when
/// narrower), long strings and lists.
pub fn large(ty: &Ty, literals: &Literals, rng: &mut Rng) -> Vec<Value> {
    match ty {
        Ty::Int { min, max } => {
            let mut out: Vec<Value> = [LARGE, -LARGE]
                .into_iter()
                .filter_map(|n| int_in(n, *min, *max))
                .collect();
            if *max < LARGE {
                out.push(Value::Int(max.to_string()));
            }
            out
        }
        Ty::Number => vec![
            Value::Int(LARGE.to_string()),
            Value::Int((-LARGE).to_string()),
        ],
        Ty::Float => vec![Value::Float(1_000_000.25), Value::Float(-123_456.75)],
        Ty::Str => {
            let mut out = vec![Value::Str("ab".repeat(100))];
            let chars = literals.chars();
            if !chars.is_empty() {
                out.push(Value::Str(
                    (0..60).map(|_| literal_char(&chars, rng)).collect(),
                ));
            }
            out
        }
        Ty::List(item) => vec![Value::List(
            (0..50).map(|_| random(item, literals, rng)).collect(),
        )],
        Ty::Optional(inner) => large(inner, literals, rng),
        Ty::Tuple(items) => {
            let each: Vec<Vec<Value>> = items.iter().map(|t| large(t, literals, rng)).collect();
            if each.iter().all(|v| !v.is_empty()) {
                vec![Value::Tuple(each.iter().map(|v| v[0].clone()).collect())]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// A random value: mostly small, sometimes larger, sometimes near one of
/// the function's literals.
pub fn random(ty: &Ty, literals: &Literals, rng: &mut Rng) -> Value {
    match ty {
        Ty::Int { min, max } => {
            if !literals.ints.is_empty() && rng.chance(20) {
                let at = rng.range(0, literals.ints.len() as i128 - 1) as usize;
                let n = literals.ints[at] + rng.range(-1, 1);
                if let Some(v) = int_in(n, *min, *max) {
                    return v;
                }
            }
            let bound = if rng.chance(70) { 20 } else { 1000 };
            let n = rng.range((-bound).max(*min), bound.min(*max));
            Value::Int(n.to_string())
        }
        Ty::Float => Value::Float(rng.range(-10_000, 10_000) as f64 / 100.0),
        Ty::Number => {
            if rng.chance(80) {
                random(&Ty::int(), literals, rng)
            } else {
                Value::Float(rng.range(-40, 40) as f64 + 0.5)
            }
        }
        Ty::Bool => Value::Bool(rng.chance(50)),
        Ty::Str => {
            let chars = literals.chars();
            if chars.is_empty() || rng.chance(40) {
                let len = rng.range(0, 8) as usize;
                return Value::Str((0..len).map(|_| random_char(rng)).collect());
            }
            let words: Vec<&String> = literals.strings.iter().filter(|s| s.len() > 1).collect();
            if !words.is_empty() && rng.chance(50) {
                // Words the function looks for, joined as text would join them.
                let count = rng.range(1, 5) as usize;
                let separator = if rng.chance(70) { " " } else { "" };
                let picked: Vec<&str> = (0..count)
                    .map(|_| words[rng.range(0, words.len() as i128 - 1) as usize].as_str())
                    .collect();
                return Value::Str(picked.join(separator));
            }
            let len = rng.range(1, 10) as usize;
            Value::Str((0..len).map(|_| literal_char(&chars, rng)).collect())
        }
        Ty::Char => Value::Str(random_char(rng).to_string()),
        Ty::List(item) => {
            let len = rng.range(0, 6) as usize;
            Value::List((0..len).map(|_| random(item, literals, rng)).collect())
        }
        Ty::Tuple(items) => Value::Tuple(items.iter().map(|t| random(t, literals, rng)).collect()),
        Ty::Dict(key, value) => {
            let len = rng.range(0, 4) as usize;
            let keys = distinct((0..len).map(|_| random(key, literals, rng)).collect());
            Value::Dict(
                keys.into_iter()
                    .map(|k| (k, random(value, literals, rng)))
                    .collect(),
            )
        }
        Ty::Set(item) => {
            let len = rng.range(0, 5) as usize;
            Value::Set(distinct(
                (0..len).map(|_| random(item, literals, rng)).collect(),
            ))
        }
        Ty::Optional(inner) => {
            if rng.chance(20) {
                Value::None
            } else {
                random(inner, literals, rng)
            }
        }
        Ty::Any => match rng.range(0, 5) {
            0 | 1 => random(&Ty::int(), literals, rng),
            // Never a whole number: JavaScript could not tell it from an int.
            2 => Value::Float(rng.range(-400, 400) as f64 / 4.0 + 0.125),
            3 => random(&Ty::Str, literals, rng),
            4 => random(&Ty::List(Box::new(Ty::int())), literals, rng),
            _ => Value::None,
        },
        Ty::Variant(names) => match names.len() {
            0 => Value::None,
            n => Value::Str(names[rng.range(0, n as i128 - 1) as usize].clone()),
        },
        Ty::Unknown(_) => Value::None,
    }
}

fn random_char(rng: &mut Rng) -> char {
    ALPHABET[rng.range(0, ALPHABET.len() as i128 - 1) as usize]
}

/// Mostly one of the literals' characters, sometimes one of the alphabet.
fn literal_char(chars: &[char], rng: &mut Rng) -> char {
    if chars.is_empty() || rng.chance(20) {
        return random_char(rng);
    }
    chars[rng.range(0, chars.len() as i128 - 1) as usize]
}

fn distinct(values: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Ties a random row's values together the way calls often do: a string
/// argument that is a piece of an earlier string argument (a substring to
/// count, a prefix to strip), an int equal to an earlier int. Values drawn
/// apart would almost never meet.
fn relate(types: &[Ty], row: &mut [Value], rng: &mut Rng) {
    for j in 1..row.len() {
        for i in 0..j {
            if types[i] != types[j] {
                continue;
            }
            match (&types[j], &row[i]) {
                (Ty::Str, Value::Str(earlier)) if !earlier.is_empty() && rng.chance(40) => {
                    let chars: Vec<char> = earlier.chars().collect();
                    let start = rng.range(0, chars.len() as i128 - 1) as usize;
                    let end = rng.range(start as i128 + 1, chars.len() as i128) as usize;
                    row[j] = Value::Str(chars[start..end].iter().collect());
                    break;
                }
                (Ty::Int { .. } | Ty::Number, Value::Int(_)) if rng.chance(15) => {
                    row[j] = row[i].clone();
                    break;
                }
                _ => {}
            }
        }
    }
}

/// Inputs drawn from `types` (one per parameter): boundary rows, then
/// random ones, then large ones, `max` in all, without repeats. The
/// function's `literals` add values around them.
pub fn generate(types: &[Ty], literals: &Literals, max: usize, rng: &mut Rng) -> Vec<Input> {
    if types.is_empty() {
        return if max > 0 {
            vec![Input::Values(Vec::new())]
        } else {
            Vec::new()
        };
    }
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let push = |rows: &mut Vec<Vec<Value>>, row: Vec<Value>| {
        if !rows.contains(&row) {
            rows.push(row);
        }
    };
    let each: Vec<Vec<Value>> = types.iter().map(|t| boundary(t, literals)).collect();
    let boundary_rows = each.iter().map(Vec::len).max().unwrap_or(0);
    let large_each: Vec<Vec<Value>> = types.iter().map(|t| large(t, literals, rng)).collect();
    let large_rows = large_each.iter().map(Vec::len).max().unwrap_or(0);
    let budget = max.saturating_sub(large_rows.min(max / 4));
    // Boundary rows take at most two thirds of what is left, so that
    // random rows (and the relations between arguments) get their share.
    let boundary_budget =
        if types.len() > 1 || !literals.ints.is_empty() || !literals.strings.is_empty() {
            budget * 2 / 3
        } else {
            budget
        };
    for k in 0..boundary_rows {
        if rows.len() >= boundary_budget {
            break;
        }
        // Parameter j starts j values in, so that two parameters of one
        // type do not always get the same value.
        let row = each
            .iter()
            .enumerate()
            .map(|(j, b)| b[(k + j) % b.len()].clone())
            .collect();
        push(&mut rows, row);
    }
    let mut attempts = 0;
    while rows.len() < budget && attempts < budget * 4 {
        attempts += 1;
        let mut row: Vec<Value> = types.iter().map(|t| random(t, literals, rng)).collect();
        relate(types, &mut row, rng);
        push(&mut rows, row);
    }
    for k in 0..large_rows {
        if rows.len() >= max {
            break;
        }
        let row = large_each
            .iter()
            .zip(&each)
            .map(|(l, b)| match l.get(k % l.len().max(1)) {
                Some(v) => v.clone(),
                None => b[k % b.len()].clone(),
            })
            .collect();
        push(&mut rows, row);
    }
    rows.truncate(max);
    rows.into_iter().map(Input::Values).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctest_calls_are_found() {
        let doc = "\"\"\"Floor division.\n\n    >>> half(-7, 2)\n    -4\n    >>> half(len('a,b'), 1)\n    3\n    >>> x = other(1)\n    \"\"\"";
        assert_eq!(
            examples(Lang::Python, doc, "half"),
            vec!["-7, 2".to_string(), "len('a,b'), 1".to_string()]
        );
    }

    #[test]
    fn jsdoc_examples_and_rust_doc_tests_are_found() {
        let js = "/**\n * Sums.\n * @param {number[]} xs\n * @example\n * sum([1, 2]) // 3\n * sum([]) // 0\n * @returns {number}\n */";
        assert_eq!(examples(Lang::JavaScript, js, "sum"), vec!["[1, 2]", "[]"]);
        let rust = "/// Doubles.\n///\n/// ```\n/// assert_eq!(double(2), 4);\n/// # let _ = double(-3);\n/// ```\n/// Not code: double(9)";
        assert_eq!(examples(Lang::Rust, rust, "double"), vec!["2", "-3"]);
        // A method's examples call it on an instance.
        assert_eq!(
            examples(Lang::Python, ">>> Stack().push(3)", "Stack.push"),
            vec!["3"]
        );
        assert!(examples(Lang::Python, ">>> obj.push(3)", "push").is_empty());
    }

    #[test]
    fn arguments_split_at_top_level_commas() {
        assert_eq!(
            split_args("&[1, 2], \"a,b\", (3, 4), 'x'"),
            vec!["&[1, 2]", "\"a,b\"", "(3, 4)", "'x'"]
        );
        assert_eq!(
            split_args("HashMap::<i32, i32>::new(), 2"),
            vec!["HashMap::<i32, i32>::new()", "2"]
        );
    }

    #[test]
    fn generation_is_deterministic_and_boundaries_come_first() {
        let types = [Ty::int(), Ty::List(Box::new(Ty::Str))];
        let first = generate(&types, &Literals::default(), 24, &mut Rng::new(7, "f"));
        let again = generate(&types, &Literals::default(), 24, &mut Rng::new(7, "f"));
        let other = generate(&types, &Literals::default(), 24, &mut Rng::new(8, "f"));
        assert_eq!(first, again);
        assert_ne!(first, other);
        assert_eq!(first.len(), 24);
        assert_eq!(
            first[0],
            Input::Values(vec![Value::int(0), Value::List(vec![Value::str("a")])])
        );
        // Large magnitudes close the list.
        let Input::Values(last) = &first[23] else {
            panic!("{:?}", first[23]);
        };
        assert_eq!(last[0].as_integer().map(i128::abs), Some(LARGE));
    }

    #[test]
    fn ints_stay_within_their_type() {
        let u8s = Ty::Int { min: 0, max: 255 };
        let mut rng = Rng::new(1, "g");
        for input in generate(
            std::slice::from_ref(&u8s),
            &Literals::default(),
            40,
            &mut rng,
        ) {
            let Input::Values(values) = input else {
                panic!()
            };
            let n = values[0].as_integer().unwrap();
            assert!((0..=255).contains(&n), "{n}");
        }
    }

    #[test]
    fn a_second_string_is_often_a_piece_of_the_first() {
        // Regression: `how_many_times(string, substring)` was drawn
        // strings that never contained each other, so every count was 0
        // and mutants of the counting loop survived.
        let types = [Ty::Str, Ty::Str];
        let rows = generate(&types, &Literals::default(), 24, &mut Rng::new(0x5eed, "f"));
        let pieces = rows
            .iter()
            .filter(|input| match input {
                Input::Values(v) => match (&v[0], &v[1]) {
                    (Value::Str(a), Value::Str(b)) => {
                        b.chars().count() >= 2 && a != b && a.contains(b.as_str())
                    }
                    _ => false,
                },
                Input::Text(_) => false,
            })
            .count();
        assert!(pieces >= 2, "{rows:?}");
    }

    #[test]
    fn literals_add_boundary_values_and_characters() {
        let literals = Literals {
            ints: vec![12],
            strings: vec!["(".into(), ")".into()],
        };
        let ints = boundary(&Ty::int(), &literals);
        for n in [12, 13, 11] {
            assert!(ints.contains(&Value::int(n)), "{n}: {ints:?}");
        }
        let strings = boundary(&Ty::Str, &literals);
        assert!(strings.contains(&Value::str("()")), "{strings:?}");
        assert!(strings.contains(&Value::str(")(")), "{strings:?}");
        let mut rng = Rng::new(1, "g");
        let drawn: Vec<Value> = (0..20)
            .map(|_| random(&Ty::Str, &literals, &mut rng))
            .collect();
        let with_parens = drawn
            .iter()
            .filter(|v| matches!(v, Value::Str(s) if s.contains('(') && s.contains(')')))
            .count();
        assert!(with_parens >= 5, "{drawn:?}");
    }
}
