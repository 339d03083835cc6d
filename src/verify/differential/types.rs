//! Parameter types, read from what the source declares (Python annotations,
//! JSDoc `@param {type}`, Rust signatures) into one language-neutral [`Ty`]
//! that the input generator draws from; and, where nothing is declared, a
//! guess from the parameter's name and use.

/// A type to draw inputs from.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// An integer within `min..=max` (a Rust integer type's range).
    Int {
        min: i128,
        max: i128,
    },
    Float,
    /// A JavaScript `number`: integers, and a few fractions.
    Number,
    Bool,
    Str,
    /// One character (Rust `char`).
    Char,
    List(Box<Ty>),
    Tuple(Vec<Ty>),
    Dict(Box<Ty>, Box<Ty>),
    Set(Box<Ty>),
    Optional(Box<Ty>),
    /// Python's `Any` and `object`, JSDoc's `*`: values of several kinds
    /// (ints, fractions, strings, `None`, lists).
    Any,
    /// One of a Rust C-like enum's variants, by name (`Red`): the variants
    /// are every value of the type.
    Variant(Vec<String>),
    /// Declared, but not a type the generator can draw from.
    Unknown(String),
}

impl Ty {
    pub fn int() -> Ty {
        Ty::Int {
            min: i64::MIN as i128,
            max: i64::MAX as i128,
        }
    }

    /// Whether values can be drawn (nothing unknown inside).
    pub fn is_known(&self) -> bool {
        match self {
            Ty::Unknown(_) => false,
            Ty::List(t) | Ty::Set(t) | Ty::Optional(t) => t.is_known(),
            Ty::Dict(k, v) => k.is_known() && v.is_known(),
            Ty::Tuple(items) => items.iter().all(Ty::is_known),
            _ => true,
        }
    }

    /// Whether `Any` is inside: its values are a sample of kinds, of which
    /// the function may take only one (an `object` that must have `.next`).
    pub fn holds_any(&self) -> bool {
        match self {
            Ty::Any => true,
            Ty::List(t) | Ty::Set(t) | Ty::Optional(t) => t.holds_any(),
            Ty::Dict(k, v) => k.holds_any() || v.holds_any(),
            Ty::Tuple(items) => items.iter().any(Ty::holds_any),
            _ => false,
        }
    }
}

/// A type expression split into names and brackets.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' || c == ':' || c == '\'' || c == '$' {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Python annotations: `int`, `list[int]`, `List[str]`, `dict[str, int]`,
/// `tuple[int, ...]`, `Optional[int]`, `int | None`, and quoted forms.
pub fn python(annotation: &str) -> Ty {
    let annotation = annotation.trim().trim_matches(|c| c == '"' || c == '\'');
    let tokens = tokens(annotation);
    let mut at = 0;
    let ty = python_union(&tokens, &mut at);
    if at == tokens.len() {
        ty
    } else {
        Ty::Unknown(annotation.to_string())
    }
}

fn python_union(tokens: &[String], at: &mut usize) -> Ty {
    let mut options = vec![python_one(tokens, at)];
    while tokens.get(*at).map(String::as_str) == Some("|") {
        *at += 1;
        options.push(python_one(tokens, at));
    }
    union(options)
}

/// `A | None` is optional; other unions are not drawn from.
fn union(mut options: Vec<Ty>) -> Ty {
    let none = Ty::Unknown("None".into());
    let optional = options.contains(&none);
    options.retain(|t| *t != none);
    let ty = match options.len() {
        1 => options.remove(0),
        _ => Ty::Unknown("union".into()),
    };
    if optional {
        Ty::Optional(Box::new(ty))
    } else {
        ty
    }
}

fn python_one(tokens: &[String], at: &mut usize) -> Ty {
    let Some(name) = tokens.get(*at) else {
        return Ty::Unknown(String::new());
    };
    *at += 1;
    let name = name.rsplit('.').next().unwrap_or(name).to_string();
    let mut args = Vec::new();
    if tokens.get(*at).map(String::as_str) == Some("[") {
        *at += 1;
        loop {
            if tokens.get(*at).map(String::as_str) == Some("...") {
                *at += 1;
                args.push(Ty::Unknown("...".into()));
            } else {
                args.push(python_union(tokens, at));
            }
            match tokens.get(*at).map(String::as_str) {
                Some(",") => *at += 1,
                Some("]") => {
                    *at += 1;
                    break;
                }
                _ => return Ty::Unknown(name),
            }
        }
    }
    let one = |args: &mut Vec<Ty>| {
        if args.len() == 1 {
            args.remove(0)
        } else {
            Ty::Unknown(name.clone())
        }
    };
    match name.as_str() {
        "int" => Ty::int(),
        "float" => Ty::Float,
        "bool" => Ty::Bool,
        "str" => Ty::Str,
        "None" => Ty::Unknown("None".into()),
        "Any" | "object" => Ty::Any,
        // Bare containers: what they hold is filled in from use (see
        // [`fill_unknown`]).
        "dict" | "Dict" | "Mapping" | "MutableMapping" if args.is_empty() => Ty::Dict(
            Box::new(Ty::Unknown(name.clone())),
            Box::new(Ty::Unknown(name.clone())),
        ),
        "list" | "List" | "Sequence" | "Iterable" | "Collection" | "MutableSequence" => {
            Ty::List(Box::new(one(&mut args)))
        }
        "set" | "Set" | "frozenset" | "FrozenSet" | "AbstractSet" => {
            Ty::Set(Box::new(one(&mut args)))
        }
        "Optional" => Ty::Optional(Box::new(one(&mut args))),
        "Union" => union(args),
        "dict" | "Dict" | "Mapping" | "MutableMapping" if args.len() == 2 => {
            let value = args.pop().unwrap_or(Ty::Unknown(String::new()));
            let key = args.pop().unwrap_or(Ty::Unknown(String::new()));
            Ty::Dict(Box::new(key), Box::new(value))
        }
        "tuple" | "Tuple" => match args.as_slice() {
            [item, Ty::Unknown(dots)] if dots == "..." => Ty::List(Box::new(item.clone())),
            [] => Ty::Unknown(name),
            _ => Ty::Tuple(args),
        },
        _ => Ty::Unknown(name),
    }
}

/// JSDoc types: `number`, `string`, `boolean`, `number[]`,
/// `Array<string>`, `Object<string, number>`, `Map<K, V>`, `Set<T>`,
/// `?number`, `number|null`.
pub fn jsdoc(text: &str) -> Ty {
    let text = text.trim();
    let tokens = tokens(text);
    let mut at = 0;
    let ty = jsdoc_union(&tokens, &mut at);
    if at == tokens.len() {
        ty
    } else {
        Ty::Unknown(text.to_string())
    }
}

fn jsdoc_union(tokens: &[String], at: &mut usize) -> Ty {
    let mut options = vec![jsdoc_one(tokens, at)];
    while tokens.get(*at).map(String::as_str) == Some("|") {
        *at += 1;
        options.push(jsdoc_one(tokens, at));
    }
    union(options)
}

fn jsdoc_one(tokens: &[String], at: &mut usize) -> Ty {
    let Some(first) = tokens.get(*at) else {
        return Ty::Unknown(String::new());
    };
    *at += 1;
    if first == "?" {
        return Ty::Optional(Box::new(jsdoc_one(tokens, at)));
    }
    if first == "(" {
        let inner = jsdoc_union(tokens, at);
        if tokens.get(*at).map(String::as_str) == Some(")") {
            *at += 1;
        }
        return array_suffix(inner, tokens, at);
    }
    // `Array.<string>`: the dot sticks to the name.
    let name = first.trim_end_matches('.').to_string();
    let mut args = Vec::new();
    {
        if tokens.get(*at).map(String::as_str) == Some("<") {
            *at += 1;
            loop {
                args.push(jsdoc_union(tokens, at));
                match tokens.get(*at).map(String::as_str) {
                    Some(",") => *at += 1,
                    Some(">") => {
                        *at += 1;
                        break;
                    }
                    _ => return Ty::Unknown(name),
                }
            }
        }
    }
    let ty = match (name.as_str(), args.as_slice()) {
        ("number", _) => Ty::Number,
        ("integer" | "int" | "bigint", _) => Ty::int(),
        ("string" | "String", _) => Ty::Str,
        ("boolean" | "bool" | "Boolean", _) => Ty::Bool,
        ("null" | "undefined", _) => Ty::Unknown("None".into()),
        ("*" | "any", []) => Ty::Any,
        ("Array", []) => Ty::List(Box::new(Ty::Unknown(name.clone()))),
        ("Array", [item]) => Ty::List(Box::new(item.clone())),
        ("Set", [item]) => Ty::Set(Box::new(item.clone())),
        ("Object" | "Record" | "Map", [key, value]) => {
            Ty::Dict(Box::new(key.clone()), Box::new(value.clone()))
        }
        _ => Ty::Unknown(name),
    };
    array_suffix(ty, tokens, at)
}

/// `T[]`, `T[][]`.
fn array_suffix(mut ty: Ty, tokens: &[String], at: &mut usize) -> Ty {
    while tokens.get(*at).map(String::as_str) == Some("[")
        && tokens.get(*at + 1).map(String::as_str) == Some("]")
    {
        *at += 2;
        ty = Ty::List(Box::new(ty));
    }
    ty
}

/// A type guessed from a parameter's name and how the function uses it,
/// where none is declared: strings for text-like names and string methods,
/// lists of ints for plural names and indexing, ints otherwise.
pub fn guess(name: &str, function_text: &str) -> Ty {
    let lower = name.to_ascii_lowercase();
    let uses = |suffixes: &[&str]| {
        suffixes
            .iter()
            .any(|s| function_text.contains(&format!("{name}{s}")))
    };
    // `strings`, `words`, `names`: a list of text (before the uses: a
    // JavaScript `strings.join('')` is an array's join, not Python's
    // `sep.join`).
    let text_plural = [
        "strings",
        "words",
        "names",
        "lines",
        "texts",
        "sentences",
        "chars",
    ];
    if text_plural.contains(&lower.as_str())
        || lower.ends_with("_strings")
        || lower.ends_with("_words")
    {
        return Ty::List(Box::new(Ty::Str));
    }
    let text_names = [
        "s", "text", "string", "word", "name", "line", "sentence", "str", "txt", "char", "c",
        "prefix", "suffix", "sep", "pattern", "message", "msg", "key",
    ];
    let text_use = uses(&[
        ".lower(",
        ".upper(",
        ".split(",
        ".strip(",
        ".startswith(",
        ".endswith(",
        ".replace(",
        ".toLowerCase(",
        ".toUpperCase(",
        ".trim(",
        ".charAt(",
        ".charCodeAt(",
        ".isdigit(",
        ".isalpha(",
        ".join(",
        ".chars()",
    ]);
    if text_names.contains(&lower.as_str())
        || lower.ends_with("_str")
        || lower.ends_with("name")
        || lower.ends_with("text")
        || lower.ends_with("string")
        || text_use
    {
        return Ty::Str;
    }
    let list_names = [
        "xs", "arr", "lst", "list", "items", "nums", "numbers", "values", "array", "seq", "l",
        "elements", "data", "vals",
    ];
    let list_use = uses(&[
        ".append(", ".length", ".push(", ".map(", ".filter(", ".sort(", ".iter()",
    ]) || function_text.contains(&format!("len({name})"))
        || function_text.contains(&format!("in {name}:"))
        || function_text.contains(&format!("of {name})"))
        || uses(&["["]);
    let plural = lower.len() > 2 && lower.ends_with('s') && !lower.ends_with("ss");
    if list_names.contains(&lower.as_str()) || plural || list_use {
        return Ty::List(Box::new(Ty::int()));
    }
    let float_use = uses(&[".is_integer(", ".toFixed("]);
    if float_use {
        return Ty::Float;
    }
    Ty::int()
}

/// `ty` with what a bare container (`list`, `dict`, JSDoc `Array`) holds
/// filled in from the parameter's name: text for `strings`, `words`,
/// ints otherwise. A type unknown at the top (a class) stays unknown: no
/// guess about what it holds would build it.
pub fn fill_unknown(ty: &Ty, name: &str, function_text: &str) -> Ty {
    fn item(name: &str, function_text: &str) -> Ty {
        match guess(name, function_text) {
            Ty::List(item) => *item,
            Ty::Str => Ty::Str,
            _ => Ty::int(),
        }
    }
    let fill = |inner: &Ty| match inner {
        Ty::Unknown(_) => item(name, function_text),
        other => fill_unknown(other, name, function_text),
    };
    match ty {
        Ty::List(inner) => Ty::List(Box::new(fill(inner))),
        Ty::Set(inner) => Ty::Set(Box::new(fill(inner))),
        Ty::Optional(inner) if inner.is_known() => ty.clone(),
        Ty::Optional(inner) => Ty::Optional(Box::new(fill_unknown(inner, name, function_text))),
        Ty::Dict(key, value) => {
            let key = match key.as_ref() {
                Ty::Unknown(_) => Ty::Str,
                other => fill_unknown(other, name, function_text),
            };
            Ty::Dict(Box::new(key), Box::new(fill(value)))
        }
        Ty::Tuple(items) => Ty::Tuple(items.iter().map(fill).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_annotations() {
        assert_eq!(python("int"), Ty::int());
        assert_eq!(python("list[int]"), Ty::List(Box::new(Ty::int())));
        assert_eq!(python("typing.List[str]"), Ty::List(Box::new(Ty::Str)));
        assert_eq!(
            python("dict[str, float]"),
            Ty::Dict(Box::new(Ty::Str), Box::new(Ty::Float))
        );
        assert_eq!(python("tuple[int, ...]"), Ty::List(Box::new(Ty::int())));
        assert_eq!(
            python("tuple[int, str]"),
            Ty::Tuple(vec![Ty::int(), Ty::Str])
        );
        assert_eq!(python("Optional[int]"), Ty::Optional(Box::new(Ty::int())));
        assert_eq!(python("int | None"), Ty::Optional(Box::new(Ty::int())));
        assert_eq!(python("'str'"), Ty::Str);
        assert!(!python("MyClass").is_known());
        assert!(!python("int | str").is_known());
    }

    #[test]
    fn jsdoc_types() {
        assert_eq!(jsdoc("number"), Ty::Number);
        assert_eq!(jsdoc("number[]"), Ty::List(Box::new(Ty::Number)));
        assert_eq!(jsdoc("Array<string>"), Ty::List(Box::new(Ty::Str)));
        assert_eq!(jsdoc("Array.<string>"), Ty::List(Box::new(Ty::Str)));
        assert_eq!(
            jsdoc("Object<string, number>"),
            Ty::Dict(Box::new(Ty::Str), Box::new(Ty::Number))
        );
        assert_eq!(jsdoc("?string"), Ty::Optional(Box::new(Ty::Str)));
        assert_eq!(jsdoc("number|null"), Ty::Optional(Box::new(Ty::Number)));
        assert_eq!(jsdoc("*"), Ty::Any);
        assert!(!jsdoc("Object").is_known());
    }

    #[test]
    fn guesses_follow_names_and_use() {
        assert_eq!(guess("text", ""), Ty::Str);
        assert_eq!(guess("x", "return x.lower()"), Ty::Str);
        assert_eq!(guess("numbers", ""), Ty::List(Box::new(Ty::int())));
        assert_eq!(guess("q", "for v in q:\n"), Ty::List(Box::new(Ty::int())));
        assert_eq!(guess("n", "return n * 2"), Ty::int());
        // Regression: `longest(strings)` (JavaScript, no JSDoc) was drawn
        // lists of ints, which its `.length` turned into `undefined`s.
        assert_eq!(guess("strings", ""), Ty::List(Box::new(Ty::Str)));
        // Regression: `concatenate(strings)`'s `strings.join('')` made it a
        // string (Python's `sep.join`), which JavaScript's array method
        // refused on every input: untested.
        assert_eq!(
            guess("strings", "return strings.join('');"),
            Ty::List(Box::new(Ty::Str))
        );
        // Regression: `howManyTimes(string, substring)`'s
        // `substring.length` made it a list, so it never occurred in
        // `string`.
        assert_eq!(guess("substring", "substring.length"), Ty::Str);
    }

    #[test]
    fn bare_containers_are_filled_from_use() {
        // Regression: `def get_positive(l: list)` and `List[Any]` were
        // untested: "cannot make inputs of type `list`".
        let bare = python("list");
        assert!(!bare.is_known());
        let filled = fill_unknown(&bare, "l", "return [e for e in l if e > 0]");
        assert_eq!(filled, Ty::List(Box::new(Ty::int())));
        assert_eq!(
            fill_unknown(&python("list"), "strings", ""),
            Ty::List(Box::new(Ty::Str))
        );
        assert_eq!(python("List[Any]"), Ty::List(Box::new(Ty::Any)));
        assert_eq!(
            fill_unknown(&python("dict"), "d", ""),
            Ty::Dict(Box::new(Ty::Str), Box::new(Ty::int()))
        );
        // A class stays unknown.
        assert!(!fill_unknown(&python("Point"), "p", "").is_known());
    }
}
