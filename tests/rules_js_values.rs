//! JavaScript to Rust with JavaScript's values (`back::rust_dynamic`),
//! construct by construct: each case is a JavaScript function whose
//! parameters no type settles and inputs; the JavaScript runs with `node`,
//! the translation (its `js` runtime inline) is compiled with `rustc` and
//! run, and the results must agree on every input. Where JavaScript
//! throws, Rust must panic.

use xlate::lang::Lang;

use super::rules::translate;
use super::rules_from_js::assert_agree;
use super::rules_rust::RustCase;

/// A JavaScript function named `name` and inputs (a JSON array of
/// argument lists).
struct Case {
    name: &'static str,
    js: &'static str,
    inputs: &'static str,
}

const fn case(name: &'static str, js: &'static str, inputs: &'static str) -> Case {
    Case { name, js, inputs }
}

/// The results of a translation as JSON, as the JavaScript runner prints
/// them (`undefined` and `null` as `null`, NaN and the infinities as
/// strings); appended to each case's module.
const AS_JSON: &str = r#"
impl J for js::Value {
    fn j(&self) -> String {
        match self {
            js::Value::Null | js::Value::Undefined => "null".into(),
            js::Value::Bool(b) => b.to_string(),
            js::Value::Num(x) if x.is_nan() => "\"nan\"".into(),
            js::Value::Num(x) if x.is_infinite() => (if *x > 0.0 { "\"inf\"" } else { "\"-inf\"" }).into(),
            js::Value::Num(x) => format!("{x:?}"),
            js::Value::Str(s) => format!("{:?}", s.to_string()),
            js::Value::Array(xs) => format!("[{}]", xs.borrow().iter().map(|x| x.j()).collect::<Vec<_>>().join(",")),
            js::Value::Object(ps) => format!("{{{}}}", ps.borrow().iter().map(|(k, x)| format!("{:?}:{}", k.to_string(), x.j())).collect::<Vec<_>>().join(",")),
            js::Value::Func(_) => "\"function\"".into(),
        }
    }
}
"#;

/// Translates each case without a signature (as a tree is translated),
/// checks that the translation is written with JavaScript's values, runs
/// both sides and compares every result.
fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    let mut kept = Vec::new();
    let mut codes = Vec::new();
    let mut declarations = Vec::new();
    for c in cases {
        match translate(Lang::JavaScript, Lang::Rust, c.js, None) {
            Ok(code) if code.contains("-> js::Value {") => {
                let inputs: serde_json::Value =
                    serde_json::from_str(c.inputs).expect("JSON inputs");
                let arity = inputs[0].as_array().map_or(0, Vec::len);
                let params: Vec<String> = (0..arity).map(|i| format!("p{i}: js::Value")).collect();
                declarations.push(format!(
                    "fn {}({}) -> js::Value {{",
                    c.name,
                    params.join(", ")
                ));
                codes.push(format!("{code}\n{AS_JSON}"));
                kept.push(c);
            }
            Ok(code) => failures.push(format!("{}: translated with Rust types:\n{code}", c.name)),
            Err(reason) => failures.push(format!("{}: declined: {reason}", c.name)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let js_cases: Vec<(String, String, String)> = kept
        .iter()
        .map(|c| (c.name.to_string(), c.js.to_string(), c.inputs.to_string()))
        .collect();
    let rust_cases: Vec<RustCase> = kept
        .iter()
        .zip(&codes)
        .zip(&declarations)
        .map(|((c, code), declaration)| RustCase {
            name: c.name,
            declaration,
            inputs: c.inputs,
            code,
        })
        .collect();
    assert_agree(&js_cases, &rust_cases);
}

/// Declined with JavaScript's values too, saying `construct`.
fn declines(js: &str, construct: &str) {
    match translate(Lang::JavaScript, Lang::Rust, js, None) {
        Err(reason) => assert!(
            reason.contains(construct),
            "declined for another reason: {reason}"
        ),
        Ok(code) => panic!("translated:\n{code}"),
    }
}

#[test]
fn javascript_values_agree_on_every_construct() {
    check(&[
        // `+` concatenates where either side is a string (an array or an
        // object as its text), else adds numbers (a boolean as 0 or 1).
        case("plus", "function plus(a, b) {\n  return a + b;\n}\n", r#"[[1, 2], ["a", 1], [1, "a"], [[1, 2], "x"], [true, 1], [{}, "x"], [[], []]]"#),
        // Comparisons: `<` of two strings compares their text, else their
        // numbers; `==` converts, `===` does not; arrays by identity.
        case("relate", "function relate(a, b) {\n  return [a < b, a >= b, a == b, a === b, a != b, a || b];\n}\n", r#"[[1, "1"], ["10", "9"], [2, "10"], ["a", "b"], [[1], "1"], [[1], [1]], [true, 1]]"#),
        // Truth: `0`, `""`, `null` and NaN are false; an empty array or
        // object is true.
        case("truth", "function truth(x) {\n  return [x ? 'yes' : 'no', x || 'no'];\n}\n", r#"[[0], [""], [[]], [{}], [null], ["0"], [1], [false]]"#),
        // `||` and `&&` give the operand that decides.
        case("either", "function either(a, b) {\n  return [a || b, a && b, !a];\n}\n", r#"[[0, "x"], ["", null], [[], 2], [3, 0], [null, {}]]"#),
        // Reads: an object's property, an array's item or `length`, a
        // string's character; `undefined` where there is none.
        case("pick", "function pick(o, k) {\n  return o[k] || 'none';\n}\n", r#"[[{"a": 1}, "a"], [[5, 6], 1], [[5, 6], 2], ["xyz", 2], [{"a": 1}, "b"], [[5, 6], "length"], ["xyz", "length"]]"#),
        // A read of `null`'s property throws.
        case("deep", "function deep(o) {\n  return o.a.b;\n}\n", r#"[[{"a": {"b": 2}}], [{"a": null}], [{}]]"#),
        // An object built by stores: integer keys come first, in order.
        case("tally", "function tally(xs) {\n  var out = {};\n  for (var i = 0; i < xs.length; i++) {\n    var k = xs[i];\n    out[k] = (out[k] || 0) + 1;\n  }\n  return out;\n}\n", r#"[[["a", "b", "a"]], [[2, 1, 2, "z"]], [[]]]"#),
        // `for ... in` visits the keys, none of `null`.
        case("keys_of", "function keys_of(o) {\n  var ks = [];\n  for (var k in o) {\n    ks.push(k);\n  }\n  return ks;\n}\n", r#"[[{"a": 1, "2": 1, "b": 1, "1": 1}], [[7, 8]], ["ab"], [null]]"#),
        // `for ... of` over an array or a string's characters.
        case("each", "function each(xs) {\n  var out = [];\n  for (const x of xs) {\n    out.push(x || 0);\n  }\n  return out;\n}\n", r#"[[[1, "a", null]], ["héllo"], [[]]]"#),
        // A closure shares the variables it uses with the function that
        // made it.
        case("counter", "function counter(n) {\n  var total = 0;\n  var add = function(x) {\n    total += x;\n    return total;\n  };\n  add(n);\n  add(1);\n  return [add(2), total];\n}\n", "[[1], [5], [\"a\"]]"),
        // Arrays are shared: a store through one name is seen through the
        // other.
        case("alias", "function alias(xs, x) {\n  var ys = xs;\n  ys.push(x);\n  var last = xs.pop();\n  return [xs.length, last, ys === xs];\n}\n", r#"[[[1, 2], 3], [[], null]]"#),
        // `typeof` tests, `Array.isArray` and `== null`.
        case("kind", "function kind(x) {\n  if (x == null) {\n    return 'nil';\n  }\n  if (typeof x == 'number') {\n    return 'n';\n  }\n  if (typeof x == 'string') {\n    return 's';\n  }\n  if (Array.isArray(x)) {\n    return 'a';\n  }\n  return x != null && typeof x == 'object' ? 'o' : 'b';\n}\n", r#"[[null], [1], ["s"], [[1]], [{}], [true]]"#),
        // Template literals print values as `String()` does.
        case("label", "function label(a, b) {\n  return `${a}:${b}`;\n}\n", r#"[[1, "x"], [[1, [2, 3]], true], [1.5, 1e21], [0.1, {}]]"#),
        // `null` and `undefined` are two values: `===` tells them apart,
        // `==` does not; `typeof`, `String()` and `+` each give their own.
        case("empties", "function empties(o, k) {\n  var v = o[k];\n  return [v === undefined, v === null, v == null, typeof v, String(v), v + 1, typeof o === 'object'];\n}\n", r#"[[{"a": null}, "a"], [{"a": null}, "b"], [{"a": 2}, "a"], [null, "x"]]"#),
        case("is_obj", "function is_obj(obj) {\n  var type = typeof obj;\n  return type === 'function' || type === 'object' && !!obj;\n}\n", r#"[[null], [{}], [[1]], [1], ["s"]]"#),
        // `arguments` and a rest parameter take the caller's arguments as
        // a slice; `apply` passes them on.
        case("forward", "function count() {\n  return [arguments.length, arguments[1] || 'none'];\n}\nfunction tail(first, ...rest) {\n  return rest.length ? rest : first;\n}\nfunction pass() {\n  return count.apply(null, arguments);\n}\nfunction forward(a, b, c) {\n  return [count(), count(a), count(a, b, c), tail(a), tail(a, b, c), pass(a, b)];\n}\n", r#"[[1, 2, 3], ["x", null, [4]]]"#),
        // `in` (own and inherited properties), `typeof` as a value, the
        // object tag, `includes`, `Array.prototype.slice.call`.
        case("probes", "function probes(o, k) {\n  var rest = Array.prototype.slice.call(String(k), 1);\n  return [k in o, typeof o, Object.prototype.toString.call(o), rest, [1, 'a', o].includes(k) || 'no'];\n}\n", r#"[[{"a": 1}, "a"], [{"a": 1}, "toString"], [[5, 6], 1], [[5, 6], "length"], [[5, 6], 2], [{}, "a"]]"#),
        // `Object(x)` and stores of properties by name.
        case("build", "function build(o, v) {\n  var t = Object(o);\n  t.name = v;\n  t.count = (t.count || 0) + 1;\n  t.count += 1;\n  return t;\n}\n", r#"[[{"a": 1}, "x"], [null, 2], [{"count": 5}, null]]"#),
        // `Array(n)`'s empty slots read as `undefined`.
        case("holes", "function holes(n) {\n  var a = Array(n);\n  a[1] = 'x';\n  return [a.length, a[0] === undefined, a[1], a.join('-')];\n}\n", "[[3], [2]]"),
        // `instanceof` of JavaScript's constructors.
        case("kinds", "function kinds(x) {\n  return [x instanceof Object, x instanceof Array, x instanceof Date, x instanceof Function];\n}\n", r#"[[{}], [[1]], [1], ["s"], [null]]"#),
        // A nested function calling another by name shares it.
        case("wraps", "function wraps(x) {\n  var f = function(y) {\n    return y * 2;\n  };\n  var g = function(y) {\n    return f(y) + 1;\n  };\n  return [g(x), f(x)];\n}\n", "[[1], [2.5]]"),
        // Assignments and updates inside expressions.
        case("assign_in", "function assign_in(n) {\n  var k = 0;\n  if ((k = n) > 2) {\n    return k;\n  }\n  var a = k++;\n  var b = ++k;\n  return [a, b, k];\n}\n", r#"[[5], [1], ["1"]]"#),
        // `throw` panics.
        case("checked", "function checked(x) {\n  if (x == null) {\n    throw new TypeError('none');\n  }\n  return x || 'zero';\n}\n", r#"[[null], [0]]"#),
        // `join` writes `null` as nothing; `indexOf` compares with `===`.
        case("listed", "function listed(xs, x) {\n  return xs.join('-') + xs.indexOf(x);\n}\n", r#"[[[1, "a", null], "a"], [[[1, 2], 3], 3], [[], 1]]"#),
        // `slice` of an array or a string, negative bounds from the end.
        case("ends", "function ends(xs) {\n  return [xs.slice(1), xs.slice(-2, -1), xs.length || 'empty'];\n}\n", r#"[[[1, 2, 3]], ["hello"], [[]]]"#),
        // Arithmetic converts: `"6" * "2"` is 12, `"a" - 1` NaN.
        case("arith", "function arith(a, b) {\n  return [a - b, a * b, a / b, a % b, -a, a && a.length];\n}\n", r#"[["6", "2"], [7, 2], ["a", 1], [true, 2], [-7, 2], [1, 0]]"#),
        // Regular expressions: `test` (of `String(x)`), `replace` with
        // `$&` and groups, `split`; `[` in a class is itself.
        case("patterns", "function patterns(s) {\n  return [/^(?:0|[1-9]\\d*)$/.test(s), /[[\\]]/.test(s), /^(a+)+$/i.test(s), String(s).replace(/([a-z])(\\d)/g, '$2$1<$&>'), String(s).split(/\\s*,\\s*/)];\n}\n", r#"[["12"], ["012"], [7], [null], ["a1b2, c3 ,d"], ["aAa"], ["x[y]"], [""]]"#),
        // `.` and negated classes match one character of the BMP, as
        // JavaScript's one UTF-16 unit; `.` leaves out the line
        // terminators.
        case("negated", "function negated(s) {\n  return [String(s).replace(/[^a-z]+/g, '-'), /^.+$/.test(s), String(s).split(/\\W+/), /a.c/.test(s)];\n}\n", r#"[["ab1cd"], ["a\nc"], ["a\u2028c"], ["a\rc"], ["abc"], [""], ["é-x y"], [null]]"#),
        // What every value inherits: `valueOf` gives the value, and reads
        // as the same function from values of one kind.
        case("inherited", "function inherited(v) {\n  var other = typeof v.valueOf == 'function' ? v.valueOf() : v;\n  return [other, typeof v.toString, v.valueOf === ({}).valueOf, v.hasOwnProperty === [].hasOwnProperty];\n}\n", r#"[[{"a": 1}], [[1, 2]], ["s"], [3], [true], [{"valueOf": 5}], [null]]"#),
        // `apply` passes an array's items, an object's by its `length`,
        // none for `null`; a string throws.
        case("applied", "function three(a, b, c) {\n  return [a, b, c];\n}\nfunction applied(xs) {\n  return three.apply(null, xs);\n}\n", r#"[[[1, 2, 3]], [[4]], [null], [{"length": 2, "0": "a", "2": "c"}], ["ab"]]"#),
        // The global functions that convert.
        case("globals", "function globals(x) {\n  return [isNaN(x), isFinite(x), parseFloat(x), parseInt(x), parseInt(x, 16)];\n}\n", r#"[["12px"], ["0x1f"], [null], ["  3.5e2"], [true], [[]], [" -0"], ["Infinityx"]]"#),
        // `>>>` converts to an unsigned 32-bit integer; `>>>=` too.
        case("unsigned", "function unsigned(a, b) {\n  var n = a;\n  n >>>= 0;\n  return [(a - b) >>> 0, a >>> b, n];\n}\n", r#"[[5, 7], [-1, 28], ["8", "1"], [4294967297.5, 33], [null, 0]]"#),
        // A counting loop over a value that may be any kind.
        case("total", "function total(xs) {\n  var s = 0;\n  for (var i = 0; i < xs.length; i++) {\n    s += xs[i];\n  }\n  return s;\n}\n", r#"[[[1, 2, 3]], [["a", 1]], [[]], ["12"]]"#),
    ]);
}

/// What the values cannot answer is declined, not guessed.
#[test]
fn javascript_values_decline_what_they_cannot_tell_apart() {
    // `this` is the receiver of a method call, which a function written
    // alone has none of.
    declines("function me() {\n  return this || 1;\n}\n", "`this`");
    // `arguments` passed on whole, other than to `apply`, is an object
    // like an array that is none.
    declines(
        "function whole() {\n  return [arguments];\n}\n",
        "`arguments`",
    );
}
