//! Tests of the JavaScript runtime (`js.rs`). Expected values were checked
//! against node 20.

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::js::{self, Value};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn n(x: f64) -> Value {
    Value::Num(x)
}

fn s(x: &str) -> Value {
    Value::from(x)
}

fn arr(items: Vec<Value>) -> Value {
    js::array(items)
}

fn nums(xs: &[f64]) -> Value {
    arr(xs.iter().map(|x| n(*x)).collect())
}

/// The value as Debug shows it: JSON-like, `-0` kept.
fn show(v: &Value) -> String {
    format!("{v:?}")
}

/// Object.is on numbers: NaN is NaN, and -0 differs from +0.
fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a == b && a.is_sign_negative() == b.is_sign_negative())
}

#[track_caller]
fn assert_num(v: Value, want: f64) {
    match v {
        Value::Num(x) => assert!(
            same(x, want),
            "got {}, want {}",
            show(&n(x)),
            show(&n(want))
        ),
        other => panic!("expected a number, got {other:?}"),
    }
}

#[track_caller]
fn assert_str(v: Value, want: &str) {
    match v {
        Value::Str(x) => assert_eq!(&*x, want),
        other => panic!("expected a string, got {other:?}"),
    }
}

/// Runs f, expecting a panic whose message contains `needle`.
#[track_caller]
fn assert_panics<R>(f: impl FnOnce() -> R, needle: &str) {
    let Err(err) = catch_unwind(AssertUnwindSafe(f)) else {
        panic!("expected a panic containing {needle:?}");
    };
    let msg = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|m| m.to_string()))
        .unwrap_or_default();
    assert!(msg.contains(needle), "panic {msg:?} lacks {needle:?}");
}

// ---------------------------------------------------------------------------
// The value type and constructors
// ---------------------------------------------------------------------------

#[test]
fn from_impls_build_the_right_kinds() {
    assert_num(Value::from(1.5), 1.5);
    assert_num(Value::from(-3i32), -3.0);
    assert_num(Value::from(1i64 << 40), 1099511627776.0);
    assert_num(Value::from(7usize), 7.0);
    assert!(matches!(Value::from(true), Value::Bool(true)));
    assert_str(Value::from("a"), "a");
    assert_str(Value::from(String::from("b")), "b");
    assert_eq!(show(&Value::from(vec![n(1.0), s("x")])), r#"[1, "x"]"#);
}

#[test]
fn debug_is_json_like_and_display_is_to_string() {
    let v = js::object(vec![
        ("a", nums(&[1.0, -0.0])),
        ("b", Value::Null),
        ("c", js::func(|_| Value::Null)),
    ]);
    assert_eq!(show(&v), r#"{"a": [1, -0], "b": null, "c": [Function]}"#);
    assert_eq!(show(&s("q\"")), r#""q\"""#);
    assert_eq!(nums(&[1.0, 2.5]).to_string(), "1,2.5");
    assert_eq!(n(1e21).to_string(), "1e+21");
    assert_eq!(v.to_string(), "[object Object]");
}

#[test]
fn debug_survives_a_cycle() {
    let a = arr(vec![]);
    js::push(&a, std::slice::from_ref(&a));
    assert!(show(&a).contains("..."));
}

#[test]
fn object_literal_keeps_order_and_replaces_duplicates_in_place() {
    let o = js::object(vec![("a", n(1.0)), ("b", n(2.0)), ("a", n(3.0))]);
    assert_eq!(show(&o), r#"{"a": 3, "b": 2}"#);
}

#[test]
fn object_literal_with_proto_panics() {
    assert_panics(
        || js::object(vec![("__proto__", Value::Null)]),
        "prototypes are not modelled",
    );
}

#[test]
fn func_and_arg_and_call() {
    let add = js::func(|args| js::add(&js::arg(args, 0), &js::arg(args, 1)));
    assert_num(js::call(&add, &[n(2.0), n(3.0)]), 5.0);
    assert!(js::is_nullish(&js::arg(&[n(1.0)], 1)));
    assert_panics(
        || js::call(&n(1.0), &[]),
        "TypeError: a number is not a function",
    );
    assert_panics(|| js::call(&Value::Null, &[]), "is not a function");
}

#[test]
fn shared_references_alias() {
    let a = nums(&[1.0]);
    let b = a.clone();
    js::push(&b, &[n(2.0)]);
    assert_num(js::length(&a), 2.0);
    assert!(js::strict_eq(&a, &b));
    assert!(!js::strict_eq(&a, &nums(&[1.0, 2.0])));
}

// ---------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------

#[test]
fn truthy_follows_to_boolean() {
    for v in [
        Value::Bool(false),
        n(0.0),
        n(-0.0),
        n(f64::NAN),
        s(""),
        Value::Null,
    ] {
        assert!(!js::truthy(&v), "{v:?}");
    }
    for v in [
        Value::Bool(true),
        n(-1.0),
        n(f64::INFINITY),
        s("0"),
        s(" "),
        arr(vec![]),
        js::object(vec![]),
    ] {
        assert!(js::truthy(&v), "{v:?}");
    }
    assert!(js::truthy(&js::func(|_| Value::Null)));
}

#[test]
fn number_to_string_matches_javascript() {
    let cases: &[(f64, &str)] = &[
        (0.1 + 0.2, "0.30000000000000004"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (-1e-7, "-1e-7"),
        (0.000001, "0.000001"),
        (1.2e-6, "0.0000012"),
        (123e-20, "1.23e-18"),
        (-0.0, "0"),
        (0.0, "0"),
        (5e-324, "5e-324"),
        (9007199254740992.0, "9007199254740992"),
        (123456789012345680000.0, "123456789012345680000"),
        (f64::MAX, "1.7976931348623157e+308"),
        (-1.5e-9, "-1.5e-9"),
        (100.0, "100"),
        (12345.6789, "12345.6789"),
        (2147483648.0, "2147483648"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ];
    for (x, want) in cases {
        assert_eq!(js::number_to_string(*x), *want, "{x:e}");
    }
}

#[test]
fn to_number_of_strings() {
    let cases: &[(&str, f64)] = &[
        (" 12 ", 12.0),
        ("0x1F", 31.0),
        ("-0x1", f64::NAN),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("+.5", 0.5),
        ("-5.", -5.0),
        ("inf", f64::NAN),
        ("infinity", f64::NAN),
        ("Infinity", f64::INFINITY),
        ("+Infinity", f64::INFINITY),
        ("-Infinity", f64::NEG_INFINITY),
        ("", 0.0),
        ("\n", 0.0),
        ("\u{a0} 42 \u{feff}", 42.0),
        ("\u{2028} 7 \u{3000}", 7.0),
        ("\u{85} 1", f64::NAN),
        ("\u{180e}1", f64::NAN),
        ("1_0", f64::NAN),
        ("0x", f64::NAN),
        ("0x1g", f64::NAN),
        (" 0x10 ", 16.0),
        ("0b101", 5.0),
        ("0B11", 3.0),
        ("0o17", 15.0),
        ("1e", f64::NAN),
        ("1e+3", 1000.0),
        ("1E-3", 0.001),
        (".", f64::NAN),
        ("+", f64::NAN),
        ("00012", 12.0),
        ("-0", -0.0),
        ("12abc", f64::NAN),
        ("1.5e1000", f64::INFINITY),
        ("0xFFFFFFFFFFFFFFFFF", 295147905179352830000.0),
        ("0x1fffffffffffff1", 144115188075855860.0),
        ("0x20000000000001", 9007199254740992.0),
        ("0x20000000000003", 9007199254740996.0),
    ];
    for (text, want) in cases {
        let got = js::to_number(&s(text));
        assert!(same(got, *want), "Number({text:?}) = {got}, want {want}");
    }
}

#[test]
fn to_number_of_other_kinds() {
    assert_num(n(js::to_number(&Value::Bool(true))), 1.0);
    assert_num(n(js::to_number(&Value::Bool(false))), 0.0);
    assert_num(n(js::to_number(&nums(&[5.0]))), 5.0);
    assert_num(n(js::to_number(&nums(&[1.0, 2.0]))), f64::NAN);
    assert_num(n(js::to_number(&arr(vec![]))), 0.0);
    assert_num(n(js::to_number(&arr(vec![Value::Null]))), 0.0);
    assert_num(n(js::to_number(&js::object(vec![]))), f64::NAN);
    assert_num(n(js::to_number(&Value::Null)), 0.0);
    assert_num(n(js::to_number(&Value::Undefined)), f64::NAN);
    assert_panics(|| js::to_number(&js::func(|_| Value::Null)), "source text");
}

#[test]
fn object_with_own_to_string_is_not_converted() {
    let o = js::object(vec![("toString", js::func(|_| s("x")))]);
    assert_panics(|| js::to_string(&o), "own toString or valueOf");
    assert_panics(|| js::add(&o, &s("")), "own toString or valueOf");
}

#[test]
fn to_string_of_each_kind() {
    assert_eq!(js::to_string(&Value::Bool(true)), "true");
    assert_eq!(js::to_string(&n(-0.0)), "0");
    assert_eq!(js::to_string(&s("hi")), "hi");
    let nested = arr(vec![
        n(1.0),
        arr(vec![n(2.0), arr(vec![n(3.0), Value::Null])]),
        Value::Null,
    ]);
    assert_eq!(js::to_string(&nested), "1,2,3,,");
    assert_eq!(
        js::to_string(&js::object(vec![("a", n(1.0))])),
        "[object Object]"
    );
    assert_eq!(js::to_string(&Value::Null), "null");
    assert_eq!(js::to_string(&Value::Undefined), "undefined");
    assert_panics(|| js::to_string(&js::func(|_| Value::Null)), "source text");
    assert_panics(
        || js::to_string(&arr(vec![js::func(|_| Value::Null)])),
        "source text",
    );
}

#[test]
fn int32_uint32_and_integer() {
    assert_eq!(js::to_int32(4294967301.0), 5);
    assert_eq!(js::to_int32(2147483648.0), -2147483648);
    assert_eq!(js::to_int32(-2147483649.0), 2147483647);
    assert_eq!(js::to_int32(1e21), -559939584);
    assert_eq!(js::to_int32(-1.9), -1);
    assert_eq!(js::to_int32(4294967295.9), -1);
    assert_eq!(js::to_int32(f64::NAN), 0);
    assert_eq!(js::to_int32(f64::INFINITY), 0);
    assert_eq!(js::to_uint32(-1.0), 4294967295);
    assert_eq!(js::to_uint32(f64::NEG_INFINITY), 0);
    assert_eq!(js::to_uint32(4294967296.5), 0);
    assert!(same(js::to_integer(-0.5), 0.0));
    assert!(same(js::to_integer(f64::NAN), 0.0));
    assert!(same(js::to_integer(-2.7), -2.0));
    assert!(same(js::to_integer(f64::NEG_INFINITY), f64::NEG_INFINITY));
}

// ---------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------

#[test]
fn add_concatenates_or_adds() {
    assert_str(js::add(&n(1.0), &s("2")), "12");
    assert_str(js::add(&nums(&[1.0, 2.0]), &nums(&[3.0])), "1,23");
    assert_str(js::add(&js::object(vec![]), &n(1.0)), "[object Object]1");
    assert_num(js::add(&Value::Bool(true), &n(1.0)), 2.0);
    assert_str(js::add(&arr(vec![]), &arr(vec![])), "");
    assert_str(js::add(&n(1.0), &nums(&[2.0])), "12");
    assert_str(js::add(&Value::Bool(true), &s("x")), "truex");
    assert_str(js::add(&s("x"), &n(1e21)), "x1e+21");
    assert_num(js::add(&n(0.1), &n(0.2)), 0.30000000000000004);
    assert_str(js::add(&Value::Null, &s("a")), "nulla");
    assert_num(js::add(&Value::Null, &n(1.0)), 1.0);
    assert_num(js::add(&Value::Undefined, &n(1.0)), f64::NAN);
    assert_panics(
        || js::add(&js::func(|_| Value::Null), &s("")),
        "source text",
    );
}

#[test]
fn arithmetic() {
    assert_num(js::sub(&s("5"), &n(2.0)), 3.0);
    assert_num(js::mul(&s("3"), &nums(&[4.0])), 12.0);
    assert_num(js::div(&n(1.0), &n(0.0)), f64::INFINITY);
    assert_num(js::div(&n(-1.0), &n(0.0)), f64::NEG_INFINITY);
    assert_num(js::div(&n(0.0), &n(0.0)), f64::NAN);
    assert_num(js::rem(&n(5.0), &n(3.0)), 2.0);
    assert_num(js::rem(&n(-5.0), &n(3.0)), -2.0);
    assert_num(js::rem(&n(5.0), &n(-3.0)), 2.0);
    assert_num(js::rem(&n(-0.0), &n(5.0)), -0.0);
    assert_num(js::rem(&n(5.5), &n(2.0)), 1.5);
    assert_num(js::rem(&n(1.0), &n(0.0)), f64::NAN);
    assert_num(js::rem(&n(f64::INFINITY), &n(2.0)), f64::NAN);
    assert_num(js::rem(&n(2.0), &n(f64::INFINITY)), 2.0);
    assert_num(js::neg(&s("3")), -3.0);
    assert_num(js::neg(&n(0.0)), -0.0);
    assert_num(js::plus(&s(" 0x10 ")), 16.0);
    assert_num(js::plus(&Value::Bool(true)), 1.0);
    assert_num(js::sub(&n(1.0), &Value::Null), 1.0);
}

#[test]
fn pow_follows_javascript_not_powf() {
    assert_num(js::pow(&n(1.0), &n(f64::NAN)), f64::NAN);
    assert_num(js::pow(&n(-8.0), &n(1.0 / 3.0)), f64::NAN);
    assert_num(js::pow(&n(1.0), &n(f64::INFINITY)), f64::NAN);
    assert_num(js::pow(&n(-1.0), &n(f64::NEG_INFINITY)), f64::NAN);
    assert_num(js::pow(&n(f64::NAN), &n(0.0)), 1.0);
    assert_num(js::pow(&n(2.0), &n(-1074.0)), 5e-324);
    assert_num(js::pow(&n(-2.0), &n(3.0)), -8.0);
    assert_num(js::pow(&n(0.0), &n(-1.0)), f64::INFINITY);
    assert_num(js::pow(&n(-0.0), &n(-1.0)), f64::NEG_INFINITY);
    assert_num(js::pow(&n(-0.0), &n(-3.0)), f64::NEG_INFINITY);
    assert_num(js::pow(&s("2"), &s("10")), 1024.0);
}

#[test]
fn bitwise_operators() {
    assert_num(js::bit_not(&n(5.0)), -6.0);
    assert_num(js::bit_not(&n(-1.0)), 0.0);
    assert_num(js::bit_not(&n(4294967296.5)), -1.0);
    assert_num(js::bit_and(&n(5.0), &n(3.0)), 1.0);
    assert_num(js::bit_or(&n(4294967301.0), &n(0.0)), 5.0);
    assert_num(js::bit_or(&n(2147483648.0), &n(0.0)), -2147483648.0);
    assert_num(js::bit_or(&n(f64::NAN), &n(0.0)), 0.0);
    assert_num(js::bit_xor(&n(6.0), &s("3")), 5.0);
    assert_num(js::shl(&n(1.0), &n(31.0)), -2147483648.0);
    assert_num(js::shl(&n(1.0), &n(32.0)), 1.0);
    assert_num(js::shl(&n(1.0), &n(33.0)), 2.0);
    assert_num(js::shr(&n(-8.0), &n(1.0)), -4.0);
    assert_num(js::ushr(&n(-8.0), &n(1.0)), 2147483644.0);
    assert_num(js::ushr(&n(-1.0), &n(0.0)), 4294967295.0);
    assert_num(js::ushr(&n(-1.0), &n(28.0)), 15.0);
    assert_num(js::shr(&n(16.0), &n(-1.0)), 0.0);
}

// ---------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------

#[test]
fn strict_equality() {
    assert!(js::strict_eq(&Value::Null, &Value::Null));
    assert!(!js::strict_eq(&n(f64::NAN), &n(f64::NAN)));
    assert!(js::strict_eq(&n(0.0), &n(-0.0)));
    assert!(js::strict_eq(&s("ab"), &s("ab")));
    assert!(!js::strict_eq(&s("1"), &n(1.0)));
    assert!(!js::strict_eq(&Value::Null, &n(0.0)));
    assert!(!js::strict_eq(&nums(&[1.0]), &nums(&[1.0])));
    let o = js::object(vec![]);
    assert!(js::strict_eq(&o, &o.clone()));
    assert!(!js::strict_eq(&o, &js::object(vec![])));
    let f = js::func(|_| Value::Null);
    assert!(js::strict_eq(&f, &f.clone()));
    assert!(!js::strict_eq(&f, &js::func(|_| Value::Null)));
}

#[test]
fn loose_equality() {
    let t = Value::Bool(true);
    let f = Value::Bool(false);
    assert!(js::loose_eq(&s("1"), &n(1.0)));
    assert!(js::loose_eq(&t, &n(1.0)));
    assert!(js::loose_eq(&t, &s("1")));
    assert!(js::loose_eq(&nums(&[1.0]), &s("1")));
    assert!(!js::loose_eq(&Value::Null, &n(0.0)));
    assert!(!js::loose_eq(&Value::Null, &f));
    assert!(js::loose_eq(&Value::Null, &Value::Null));
    assert!(js::loose_eq(&arr(vec![]), &f));
    assert!(js::loose_eq(&nums(&[0.0]), &f));
    assert!(js::loose_eq(&arr(vec![]), &s("")));
    assert!(js::loose_eq(&js::object(vec![]), &s("[object Object]")));
    assert!(!js::loose_eq(&n(f64::NAN), &n(f64::NAN)));
    assert!(js::loose_eq(&s(""), &n(0.0)));
    assert!(js::loose_eq(&s(" \n"), &n(0.0)));
    assert!(js::loose_eq(&s("0x10"), &n(16.0)));
    assert!(js::loose_eq(&nums(&[1.0, 2.0]), &s("1,2")));
    assert!(js::loose_eq(&arr(vec![arr(vec![])]), &n(0.0)));
    assert!(!js::loose_eq(&nums(&[1.0]), &nums(&[1.0])));
    assert!(!js::loose_eq(&arr(vec![]), &js::object(vec![])));
    assert!(!js::loose_eq(&js::func(|_| Value::Null), &n(1.0)));
    assert_panics(
        || js::loose_eq(&js::func(|_| Value::Null), &s("x")),
        "source text",
    );
}

#[test]
fn relational_comparisons() {
    assert!(js::lt(&s("10"), &s("9")));
    assert!(js::lt(&s("a"), &s("b")));
    assert!(js::lt(&n(2.0), &s("10")));
    assert!(!js::lt(&s("abc"), &s("ab")));
    // UTF-16 order: U+FF61 sorts after the surrogates of U+1F600.
    assert!(!js::lt(&s("\u{ff61}"), &s("\u{1F600}")));
    assert!(js::gt(&s("\u{ff61}"), &s("\u{1F600}")));
    assert!(!js::lt(&nums(&[2.0]), &nums(&[10.0])));
    assert!(!js::le(&n(f64::NAN), &n(1.0)));
    assert!(!js::ge(&n(f64::NAN), &n(1.0)));
    assert!(!js::le(&s("a"), &n(1.0)));
    assert!(!js::gt(&s("a"), &n(1.0)));
    assert!(js::ge(&nums(&[1.0]), &n(1.0)));
    assert!(js::le(&n(1.0), &n(1.0)));
    assert!(!js::gt(&n(1.0), &n(1.0)));
    assert!(js::ge(&n(-0.0), &n(0.0)));
    assert!(js::gt(&s("b"), &s("a")));
    assert!(js::ge(&Value::Null, &n(0.0)));
    assert!(!js::ge(&Value::Undefined, &n(0.0)));
}

// ---------------------------------------------------------------------------
// Type tests
// ---------------------------------------------------------------------------

#[test]
fn type_tests() {
    let f = js::func(|_| Value::Null);
    assert!(js::is_number(&n(f64::NAN)) && !js::is_number(&s("1")));
    assert!(js::is_string(&s("")) && !js::is_string(&n(1.0)));
    assert!(js::is_boolean(&Value::Bool(false)) && !js::is_boolean(&n(0.0)));
    assert!(js::is_function(&f) && !js::is_function(&js::object(vec![])));
    assert!(js::is_array(&arr(vec![])) && !js::is_array(&js::object(vec![])));
    assert!(js::is_nullish(&Value::Null) && !js::is_nullish(&n(0.0)));
    assert!(js::is_object(&arr(vec![])) && js::is_object(&js::object(vec![])));
    assert!(!js::is_object(&f) && !js::is_object(&s("x")));
}

// ---------------------------------------------------------------------------
// Properties and elements
// ---------------------------------------------------------------------------

#[test]
fn get_on_arrays() {
    let a = nums(&[1.0, 2.0]);
    assert_num(js::get(&a, &n(1.0)), 2.0);
    assert_num(js::get(&a, &s("1")), 2.0);
    assert_num(js::get(&a, &n(-0.0)), 1.0);
    assert!(js::is_nullish(&js::get(&a, &s("01"))));
    assert!(js::is_nullish(&js::get(&a, &n(1.5))));
    assert!(js::is_nullish(&js::get(&a, &n(-1.0))));
    assert!(js::is_nullish(&js::get(&a, &n(2.0))));
    assert!(js::is_nullish(&js::get_named(&a, "foo")));
    assert_num(js::get_named(&a, "length"), 2.0);
    assert_num(js::length(&a), 2.0);
    assert!(matches!(js::get_named(&a, "push"), Value::Func(_)));
    assert_panics(|| js::get_named(&a, "constructor"), "not modelled");
    assert!(matches!(js::get(&a, &Value::Null), Value::Undefined));
}

#[test]
fn get_on_strings() {
    let st = s("a😀b");
    assert_str(js::get(&st, &n(0.0)), "a");
    assert_str(js::get(&st, &s("3")), "b");
    assert!(js::is_nullish(&js::get(&st, &n(4.0))));
    assert_num(js::length(&st), 4.0);
    assert!(js::is_nullish(&js::get_named(&st, "x")));
    assert_panics(|| js::get(&st, &n(1.0)), "surrogate");
    assert!(matches!(js::get_named(&st, "charAt"), Value::Func(_)));
    assert_panics(
        || js::call(&js::get_named(&st, "toString"), &[]),
        "without its receiver",
    );
}

#[test]
fn get_on_objects() {
    let o = js::object(vec![
        ("a", n(1.0)),
        ("1", s("x")),
        ("1.5", s("y")),
        ("true", n(3.0)),
        ("1,2", n(4.0)),
    ]);
    assert_num(js::get_named(&o, "a"), 1.0);
    assert!(js::is_nullish(&js::get_named(&o, "b")));
    assert_str(js::get(&o, &n(1.0)), "x");
    assert_str(js::get(&o, &n(1.5)), "y");
    assert_num(js::get(&o, &Value::Bool(true)), 3.0);
    assert_num(js::get(&o, &nums(&[1.0, 2.0])), 4.0);
    // An inherited method is a function, the same from values of one
    // kind; called without its receiver it stops.
    let method = js::get_named(&o, "hasOwnProperty");
    assert!(js::strict_eq(
        &method,
        &js::get_named(&nums(&[1.0]), "hasOwnProperty")
    ));
    assert!(!js::strict_eq(
        &js::get_named(&s("x"), "valueOf"),
        &js::get_named(&o, "valueOf")
    ));
    assert_panics(|| js::call(&method, &[s("a")]), "without its receiver");
    assert_panics(|| js::get_named(&o, "__proto__"), "inherited member");
    assert_panics(|| js::get_named(&o, "constructor"), "inherited member");
    let own = js::object(vec![("constructor", n(9.0))]);
    assert_num(js::get_named(&own, "constructor"), 9.0);
}

// A typed callee takes a copy of an array's items; no value is a symbol.
#[test]
fn arrays_pass_to_typed_callees_as_copies() {
    let xs = nums(&[1.0, 2.0]);
    let mut copy = js::as_vec(&xs);
    copy.push(n(3.0));
    assert_num(js::length(&xs), 2.0);
    assert!(js::option_vec(&Value::Null).is_none());
    assert_panics(|| js::as_vec(&s("ab")), "TypeError");
    assert_panics(
        || js::not_a_symbol(&n(1.0), "Symbol.prototype.toString"),
        "TypeError",
    );
}

#[test]
fn value_of_calls_an_own_method_or_gives_the_value() {
    let o = js::object(vec![("a", n(1.0))]);
    assert!(js::strict_eq(&js::value_of(&o), &o));
    assert_num(js::value_of(&n(2.0)), 2.0);
    let f: Value = Value::Func(std::rc::Rc::new(|_: &[Value]| Value::Num(7.0)));
    assert_num(js::value_of(&js::object(vec![("valueOf", f)])), 7.0);
    assert_panics(|| js::value_of(&Value::Undefined), "TypeError");
}

#[test]
fn get_on_null_and_unmodelled_kinds_panics() {
    assert_panics(|| js::get_named(&Value::Null, "x"), "TypeError");
    assert_panics(
        || js::call(&js::get_named(&n(1.0), "toFixed"), &[]),
        "not modelled",
    );
    assert_panics(
        || js::call(&js::get_named(&Value::Bool(true), "toString"), &[]),
        "not modelled",
    );
    assert_panics(|| js::get_named(&n(1.0), "constructor"), "not modelled");
    // A name none of their prototypes has reads `undefined`, as in
    // JavaScript: `(7).length`, `true.x`.
    assert!(js::is_nullish(&js::get_named(&n(7.0), "length")));
    assert!(js::is_nullish(&js::get_named(&Value::Bool(true), "x")));
    assert_panics(
        || js::get_named(&js::func(|_| Value::Null), "name"),
        "not modelled",
    );
}

#[test]
fn values_compare_as_javascript_compares_them() {
    assert!(n(1.0) == n(1.0) && s("a") == s("a"));
    assert!(nums(&[1.0]) != nums(&[1.0]));
    assert!(n(f64::NAN) != n(f64::NAN));
    assert!(s("10") < s("9") && n(2.0) < s("10"));
    let nan = n(f64::NAN);
    assert_eq!(nan.partial_cmp(&n(1.0)), None);
    assert!(!js::le(&nan, &n(1.0)) && !js::ge(&nan, &n(1.0)));
}

#[test]
fn values_for_rust_types_are_of_that_kind_only() {
    assert_eq!(js::as_number(&n(2.5)), 2.5);
    assert_eq!(js::as_i64(&n(-3.0)), -3);
    assert_eq!(js::as_string(&s("x")), "x");
    assert!(js::as_bool(&Value::Bool(true)));
    assert!(js::option(Value::Null).is_none());
    assert_panics(|| js::from_option(None), "does not tell them apart");
    assert_panics(|| js::as_number(&s("1")), "takes a number");
    assert_panics(|| js::as_i64(&n(1.5)), "takes an integer");
    assert_panics(|| js::as_string(&n(1.0)), "takes a string");
}

#[test]
fn set_on_arrays_and_objects() {
    let a = nums(&[1.0]);
    js::set(&a, &n(3.0), n(4.0));
    assert_eq!(show(&a), "[1, undefined, undefined, 4]");
    js::set(&a, &s("0"), s("z"));
    assert_eq!(show(&a), r#"["z", undefined, undefined, 4]"#);
    assert_panics(|| js::set_named(&a, "length", n(0.0)), "not modelled");
    assert_panics(|| js::set_named(&a, "foo", n(0.0)), "not modelled");

    let o = js::object(vec![("a", n(1.0))]);
    js::set_named(&o, "b", n(2.0));
    js::set_named(&o, "a", n(3.0));
    js::set(&o, &n(7.0), Value::Bool(true));
    assert_eq!(show(&o), r#"{"a": 3, "b": 2, "7": true}"#);
    assert_panics(|| js::set_named(&o, "__proto__", Value::Null), "prototypes");
    js::set(&o, &Value::Null, n(1.0));
    assert_num(js::get_named(&o, "null"), 1.0);

    assert_panics(|| js::set_named(&Value::Null, "x", n(1.0)), "TypeError");
    assert_panics(|| js::set(&s("ab"), &n(0.0), s("x")), "not modelled");
}

#[test]
fn has_own_property() {
    let o = js::object(vec![("a", Value::Null), ("1", n(1.0))]);
    assert!(js::has_own(&o, &s("a")));
    assert!(js::has_own(&o, &n(1.0)));
    assert!(!js::has_own(&o, &s("toString")));
    let a = nums(&[5.0, 6.0]);
    assert!(js::has_own(&a, &n(1.0)));
    assert!(!js::has_own(&a, &n(2.0)));
    assert!(js::has_own(&a, &s("length")));
    assert!(!js::has_own(&a, &s("push")));
    assert!(js::has_own(&s("😀"), &n(1.0)));
    assert!(!js::has_own(&s("😀"), &n(2.0)));
    assert!(js::has_own(&s(""), &s("length")));
    assert!(!js::has_own(&n(1.0), &s("x")));
    assert_panics(|| js::has_own(&Value::Null, &s("x")), "TypeError");
    assert_panics(
        || js::has_own(&js::func(|_| Value::Null), &s("name")),
        "not modelled",
    );
}

#[test]
fn keys_put_indices_first() {
    let o = js::object(vec![
        ("b", n(1.0)),
        ("2", n(1.0)),
        ("a", n(1.0)),
        ("1", n(1.0)),
    ]);
    assert_eq!(show(&js::keys(&o)), r#"["1", "2", "b", "a"]"#);
    let o = js::object(vec![
        ("01", n(1.0)),
        ("10", n(1.0)),
        ("4294967295", n(1.0)),
        ("4294967294", n(1.0)),
        ("x", n(2.0)),
        ("0", n(1.0)),
    ]);
    assert_eq!(
        show(&js::keys(&o)),
        r#"["0", "10", "4294967294", "01", "4294967295", "x"]"#
    );
    let o = js::object(vec![("b", n(1.0)), ("2", s("two")), ("a", n(3.0))]);
    assert_eq!(show(&js::values(&o)), r#"["two", 1, 3]"#);
}

#[test]
fn keys_of_other_kinds() {
    assert_eq!(show(&js::keys(&s("ab"))), r#"["0", "1"]"#);
    assert_eq!(show(&js::keys(&s("😀"))), r#"["0", "1"]"#);
    assert_eq!(show(&js::values(&s("ab"))), r#"["a", "b"]"#);
    assert_eq!(show(&js::keys(&nums(&[7.0, 8.0]))), r#"["0", "1"]"#);
    assert_eq!(show(&js::values(&nums(&[7.0, 8.0]))), "[7, 8]");
    assert_eq!(show(&js::keys(&n(5.0))), "[]");
    assert_eq!(show(&js::keys(&Value::Bool(true))), "[]");
    assert_eq!(show(&js::keys(&js::func(|_| Value::Null))), "[]");
    assert_panics(|| js::keys(&Value::Null), "TypeError");
    assert_panics(|| js::values(&s("😀")), "surrogate");
}

#[test]
fn keys_in_for_in_loops() {
    let o = js::object(vec![("b", n(1.0)), ("2", n(1.0))]);
    assert_eq!(show(&js::array(js::keys_in(&o))), r#"["2", "b"]"#);
    assert_eq!(show(&js::array(js::keys_in(&nums(&[7.0])))), r#"["0"]"#);
    assert_eq!(show(&js::array(js::keys_in(&s("😀")))), r#"["0", "1"]"#);
    assert!(js::keys_in(&Value::Null).is_empty());
    assert!(js::keys_in(&n(3.0)).is_empty());
}

#[test]
fn next_of_for_of_loops() {
    // An item pushed during the loop is visited, as in JavaScript.
    let a = nums(&[1.0, 2.0]);
    let (mut at, mut seen) = (0, Vec::new());
    while let Some(x) = js::next_of(&a, &mut at) {
        if js::strict_eq(&x, &n(1.0)) {
            js::push(&a, &[n(3.0)]);
        }
        seen.push(x);
    }
    assert_eq!(show(&js::array(seen)), "[1, 2, 3]");
    // A string yields code points, so a surrogate pair stays whole.
    let (mut at, mut seen) = (0, Vec::new());
    while let Some(c) = js::next_of(&s("a😀b"), &mut at) {
        seen.push(c);
    }
    assert_eq!(show(&js::array(seen)), r#"["a", "😀", "b"]"#);
    assert!(js::next_of(&s(""), &mut 0).is_none());
    assert_panics(
        || js::next_of(&js::object(vec![]), &mut 0),
        "TypeError: an object is not iterable",
    );
    assert_panics(|| js::next_of(&Value::Null, &mut 0), "not iterable");
    assert_panics(|| js::next_of(&n(1.0), &mut 0), "not iterable");
}

// ---------------------------------------------------------------------------
// Array methods
// ---------------------------------------------------------------------------

#[test]
fn push_pop_shift_unshift() {
    let a = nums(&[1.0, 2.0]);
    assert_num(js::push(&a, &[n(3.0), n(4.0)]), 4.0);
    assert_num(js::pop(&a), 4.0);
    assert_num(js::shift(&a), 1.0);
    assert_num(js::unshift(&a, &[n(9.0), n(8.0)]), 4.0);
    assert_eq!(show(&a), "[9, 8, 2, 3]");
    let empty = arr(vec![]);
    assert!(js::is_nullish(&js::pop(&empty)));
    assert!(js::is_nullish(&js::shift(&empty)));
    assert_panics(
        || js::push(&s("x"), &[]),
        "TypeError: push on a string is not a function",
    );
    assert_panics(|| js::pop(&Value::Null), "TypeError");
    assert_panics(|| js::shift(&js::object(vec![])), "TypeError");
    assert_panics(|| js::unshift(&n(1.0), &[]), "TypeError");
}

#[test]
fn index_of_and_includes_on_arrays() {
    let a = arr(vec![n(1.0), n(f64::NAN), s("1"), n(-0.0)]);
    assert_num(js::index_of(&a, &s("1")), 2.0);
    assert_num(js::index_of(&a, &n(f64::NAN)), -1.0);
    assert_num(js::index_of(&a, &n(0.0)), 3.0);
    assert_num(js::index_of(&a, &n(7.0)), -1.0);
    assert!(js::includes(&a, &n(f64::NAN)));
    assert!(js::includes(&a, &n(0.0)));
    assert!(!js::includes(&a, &n(2.0)));
    let b = nums(&[1.0, 2.0, 1.0]);
    assert_num(js::last_index_of(&b, &n(1.0)), 2.0);
    assert_num(js::last_index_of(&b, &n(3.0)), -1.0);
    assert_panics(|| js::index_of(&n(1.0), &n(1.0)), "TypeError");
    assert_panics(|| js::includes(&Value::Null, &n(1.0)), "TypeError");
}

#[test]
fn index_of_and_includes_on_strings() {
    let st = s("a😀b😀");
    assert_num(js::index_of(&st, &s("b")), 3.0);
    assert_num(js::index_of(&st, &s("😀")), 1.0);
    assert_num(js::last_index_of(&st, &s("😀")), 4.0);
    assert_num(js::index_of(&st, &s("z")), -1.0);
    assert_num(js::index_of(&s("abc"), &s("")), 0.0);
    assert_num(js::last_index_of(&s("abc"), &s("")), 3.0);
    assert_num(js::index_of(&s("a1"), &n(1.0)), 1.0);
    assert!(js::includes(&st, &s("b😀")));
    assert!(!js::includes(&st, &s("c")));
    assert_num(js::index_of(&s("abc"), &Value::Null), -1.0);
}

#[test]
fn slice_arrays() {
    let a = nums(&[1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(show(&js::slice(&a, Some(&n(-2.0)), None)), "[4, 5]");
    assert_eq!(
        show(&js::slice(&a, Some(&n(1.0)), Some(&n(-1.0)))),
        "[2, 3, 4]"
    );
    assert_eq!(
        show(&js::slice(&a, Some(&n(-10.0)), Some(&n(10.0)))),
        "[1, 2, 3, 4, 5]"
    );
    assert_eq!(show(&js::slice(&a, Some(&n(2.0)), Some(&n(1.0)))), "[]");
    assert_eq!(
        show(&js::slice(&a, Some(&n(f64::NAN)), None)),
        "[1, 2, 3, 4, 5]"
    );
    assert_eq!(show(&js::slice(&a, Some(&n(3.7)), None)), "[4, 5]");
    let all = js::slice(&a, Some(&n(f64::NEG_INFINITY)), Some(&n(f64::INFINITY)));
    assert_eq!(show(&all), "[1, 2, 3, 4, 5]");
    assert!(!js::strict_eq(&all, &a));
    assert_eq!(show(&js::slice(&a, None, None)), "[1, 2, 3, 4, 5]");
    assert_eq!(
        show(&js::slice(&a, Some(&Value::Null), None)),
        "[1, 2, 3, 4, 5]"
    );
    assert_eq!(
        show(&js::slice(&a, Some(&n(0.0)), Some(&Value::Null))),
        "[]"
    );
    assert_eq!(
        show(&js::slice(&a, Some(&n(1.0)), Some(&Value::Undefined))),
        show(&js::slice(&a, Some(&n(1.0)), None))
    );
    assert_panics(|| js::slice(&js::object(vec![]), None, None), "TypeError");
}

#[test]
fn slice_strings() {
    let h = s("hello");
    assert_str(js::slice(&h, Some(&n(-3.0)), Some(&n(-1.0))), "ll");
    assert_str(js::slice(&h, Some(&s("1")), None), "ello");
    assert_str(js::slice(&h, Some(&n(4.0)), Some(&n(2.0))), "");
    let face = s("a😀b");
    assert_str(js::slice(&face, Some(&n(1.0)), Some(&n(3.0))), "😀");
    assert_str(js::slice(&face, Some(&n(-1.0)), None), "b");
    assert_panics(|| js::slice(&face, Some(&n(2.0)), None), "surrogate");
    assert_panics(
        || js::slice(&face, Some(&n(0.0)), Some(&n(2.0))),
        "surrogate",
    );
}

#[test]
fn join_arrays() {
    let nested = arr(vec![
        n(1.0),
        arr(vec![n(2.0), arr(vec![n(3.0), Value::Null])]),
        Value::Null,
    ]);
    assert_str(js::join(&nested, None), "1,2,3,,");
    assert_str(js::join(&nums(&[1.0, 2.0]), Some(&s("-"))), "1-2");
    assert_str(js::join(&nums(&[1.0, 2.0]), Some(&n(0.0))), "102");
    assert_str(js::join(&arr(vec![]), None), "");
    assert_str(
        js::join(&arr(vec![Value::Bool(true), js::object(vec![])]), None),
        "true,[object Object]",
    );
    assert_str(js::join(&nums(&[1.0, 2.0]), Some(&Value::Null)), "1null2");
    assert_str(js::join(&nums(&[1.0, 2.0]), Some(&Value::Undefined)), "1,2");
    assert_panics(|| js::join(&s("ab"), None), "TypeError");
}

#[test]
fn concat_arrays_and_strings() {
    let a = nums(&[1.0, 2.0]);
    let out = js::concat(&a, &[arr(vec![n(3.0), nums(&[4.0])]), n(5.0)]);
    assert_eq!(show(&out), "[1, 2, 3, [4], 5]");
    assert_eq!(show(&a), "[1, 2]");
    let st = js::concat(&s("a"), &[n(1.0), nums(&[2.0, 3.0]), Value::Bool(true)]);
    assert_str(st, "a12,3true");
    assert_str(
        js::concat(&s("a"), &[Value::Null, Value::Undefined]),
        "anullundefined",
    );
    assert_panics(|| js::concat(&n(1.0), &[]), "TypeError");
}

#[test]
fn reverse_in_place() {
    let a = nums(&[3.0, 1.0, 2.0]);
    let r = js::reverse(&a);
    assert_eq!(show(&a), "[2, 1, 3]");
    assert!(js::strict_eq(&a, &r));
    assert_panics(|| js::reverse(&s("ab")), "TypeError");
}

// ---------------------------------------------------------------------------
// String methods
// ---------------------------------------------------------------------------

#[test]
fn case_mapping() {
    assert_str(js::to_upper_case(&s("aß😀")), "ASS😀");
    assert_str(js::to_lower_case(&s("ΑΣ")), "ας");
    assert_num(js::length(&js::to_lower_case(&s("İ"))), 2.0);
    assert_panics(|| js::to_upper_case(&n(1.0)), "TypeError");
    assert_panics(|| js::to_lower_case(&Value::Null), "TypeError");
}

#[test]
fn trimming() {
    let padded = s(" \t\n\u{a0}x\u{feff}\u{2029} ");
    assert_str(js::trim(&padded), "x");
    assert_str(js::trim_start(&padded), "x\u{feff}\u{2029} ");
    assert_str(js::trim_end(&padded), " \t\n\u{a0}x");
    assert_str(js::trim(&s("\u{85}x")), "\u{85}x");
    assert_str(js::trim(&s("\u{180e}x")), "\u{180e}x");
    assert_panics(|| js::trim(&nums(&[1.0])), "TypeError");
}

#[test]
fn starts_and_ends_with() {
    assert!(js::starts_with(&s("abc"), &s("")));
    assert!(js::starts_with(&s("abc"), &s("ab")));
    assert!(js::ends_with(&s("abc"), &s("bc")));
    assert!(!js::starts_with(&s("a1"), &n(1.0)));
    assert!(js::ends_with(&s("a1"), &n(1.0)));
    assert!(js::starts_with(&s("nullx"), &Value::Null));
    assert_panics(|| js::ends_with(&n(1.0), &s("1")), "TypeError");
}

#[test]
fn repeat_counts() {
    assert_str(js::repeat(&s("abc"), &n(2.9)), "abcabc");
    assert_str(js::repeat(&s("ab"), &n(0.0)), "");
    assert_str(js::repeat(&s("ab"), &Value::Null), "");
    assert_str(js::repeat(&s("ab"), &s("2")), "abab");
    assert_panics(|| js::repeat(&s("a"), &n(-1.0)), "RangeError");
    assert_panics(|| js::repeat(&s("a"), &n(f64::INFINITY)), "RangeError");
}

#[test]
fn split_strings() {
    assert_eq!(
        show(&js::split(&s("a,b,,c"), &s(","))),
        r#"["a", "b", "", "c"]"#
    );
    assert_eq!(show(&js::split(&s(""), &s(","))), r#"[""]"#);
    assert_eq!(show(&js::split(&s(""), &s(""))), "[]");
    assert_eq!(show(&js::split(&s("abc"), &s(""))), r#"["a", "b", "c"]"#);
    assert_eq!(show(&js::split(&s("a1b"), &n(1.0))), r#"["a", "b"]"#);
    assert_eq!(show(&js::split(&s("abc"), &Value::Null)), r#"["abc"]"#);
    assert_eq!(
        show(&js::split(&s("a null b"), &Value::Null)),
        r#"["a ", " b"]"#
    );
    assert_eq!(
        show(&js::split(&s("a null b"), &Value::Undefined)),
        r#"["a null b"]"#
    );
    assert_panics(|| js::split(&s("😀"), &s("")), "surrogate");
}

#[test]
fn char_at_and_char_code_at() {
    let abc = s("abc");
    assert_str(js::char_at(&abc, &n(-1.0)), "");
    assert_str(js::char_at(&abc, &n(1.9)), "b");
    assert_str(js::char_at(&abc, &n(3.0)), "");
    assert_str(js::char_at(&abc, &Value::Null), "a");
    assert_str(js::char_at(&abc, &n(f64::INFINITY)), "");
    assert_num(js::char_code_at(&abc, &n(5.0)), f64::NAN);
    assert_num(js::char_code_at(&abc, &n(f64::NAN)), 97.0);
    assert_num(js::char_code_at(&abc, &n(-1.0)), f64::NAN);
    assert_num(js::char_code_at(&s("😀"), &n(0.0)), 55357.0);
    assert_num(js::char_code_at(&s("😀"), &n(1.0)), 56832.0);
    assert_panics(|| js::char_at(&s("😀"), &n(0.0)), "surrogate");
}

#[test]
fn substring_clamps_and_swaps() {
    let h = s("hello");
    assert_str(js::substring(&h, &n(3.0), Some(&n(1.0))), "el");
    assert_str(js::substring(&h, &n(-2.0), Some(&n(2.0))), "he");
    assert_str(js::substring(&h, &n(f64::NAN), Some(&n(2.0))), "he");
    assert_str(js::substring(&h, &n(1.0), None), "ello");
    assert_str(js::substring(&h, &n(2.0), Some(&n(100.0))), "llo");
    assert_str(js::substring(&h, &n(f64::INFINITY), Some(&n(1.0))), "ello");
    assert_str(js::substring(&h, &Value::Null, Some(&n(1.0))), "h");
    assert_str(js::substring(&s("a😀"), &n(1.0), None), "😀");
    assert_str(js::substring(&h, &n(2.0), Some(&Value::Null)), "he");
    assert_str(js::substring(&h, &n(2.0), Some(&Value::Undefined)), "llo");
    assert_panics(|| js::substring(&s("😀"), &n(1.0), None), "surrogate");
}

// ---------------------------------------------------------------------------
// Global functions
// ---------------------------------------------------------------------------

#[test]
fn string_and_number_functions() {
    assert_str(js::string_of(&nums(&[1.0, 2.0])), "1,2");
    assert_str(js::string_of(&n(-0.0)), "0");
    assert_str(js::string_of(&js::object(vec![])), "[object Object]");
    assert_num(js::number_of(&nums(&[5.0])), 5.0);
    assert_num(js::number_of(&s("  ")), 0.0);
    assert_num(js::number_of(&Value::Bool(true)), 1.0);
    assert_str(js::string_of(&Value::Null), "null");
    assert_num(js::number_of(&Value::Null), 0.0);
    assert_num(js::number_of(&Value::Undefined), f64::NAN);
}

#[test]
fn global_is_nan() {
    assert!(js::is_nan(&s("abc")));
    assert!(!js::is_nan(&s("")));
    assert!(!js::is_nan(&arr(vec![])));
    assert!(js::is_nan(&js::object(vec![])));
    assert!(js::is_nan(&n(f64::NAN)));
    assert!(!js::is_nan(&Value::Null) && js::is_nan(&Value::Undefined));
}

#[test]
fn parse_int_cases() {
    let cases: &[(&str, Option<Value>, f64)] = &[
        ("123abc", None, 123.0),
        ("  -42", None, -42.0),
        ("0x1F", None, 31.0),
        ("0x1F", Some(n(16.0)), 31.0),
        ("0x1F", Some(n(10.0)), 0.0),
        ("ff", Some(n(16.0)), 255.0),
        ("z", Some(n(36.0)), 35.0),
        ("10", Some(n(2.0)), 2.0),
        ("12", Some(n(2.0)), 1.0),
        ("-0", None, -0.0),
        ("", Some(n(10.0)), f64::NAN),
        ("abc", None, f64::NAN),
        ("1e3", None, 1.0),
        ("12", Some(n(1.0)), f64::NAN),
        ("12", Some(n(37.0)), f64::NAN),
        ("12", Some(n(0.0)), 12.0),
        ("12", Some(Value::Null), 12.0),
        (" \n 7", None, 7.0),
        ("+12", None, 12.0),
        ("- 1", None, f64::NAN),
        ("0x", None, f64::NAN),
        ("11", Some(n(3.9)), 4.0),
        ("z", Some(n(36.9)), 35.0),
        ("11", Some(s("16")), 17.0),
        ("zzzzzzzzzzzzzzzz", Some(n(36.0)), 7.958661109946401e24),
        (
            "123456789012345678901234567890",
            None,
            1.2345678901234568e29,
        ),
        ("0x1fffffffffffff1", None, 144115188075855860.0),
        (
            "123456789abcdefghijklmnopqrstuvwxyz123",
            Some(n(36.0)),
            4.0519254024040145e57,
        ),
        (
            "7777777777777777777777777",
            Some(n(8.0)),
            3.777893186295716e22,
        ),
    ];
    for (text, radix, want) in cases {
        let got = js::parse_int(&s(text), radix.as_ref());
        assert_num(got, *want);
    }
    assert_num(js::parse_int(&n(15.9), None), 15.0);
    assert_num(js::parse_int(&Value::Null, None), f64::NAN);
    assert_num(js::parse_int(&Value::Null, Some(&n(36.0))), 1112745.0);
}

#[test]
fn parse_float_cases() {
    let cases: &[(&str, f64)] = &[
        ("2.5abc", 2.5),
        ("3.25e1x", 32.5),
        ("  -.5e1x", -5.0),
        ("Infinityx", f64::INFINITY),
        ("-Infinity", f64::NEG_INFINITY),
        ("1e", 1.0),
        ("1e+", 1.0),
        (".e1", f64::NAN),
        ("-", f64::NAN),
        ("abc", f64::NAN),
        ("0x10", 0.0),
        ("1.5e1000", f64::INFINITY),
        ("  +1.", 1.0),
        ("-0", -0.0),
        ("\u{a0}1.25", 1.25),
    ];
    for (text, want) in cases {
        assert_num(js::parse_float(&s(text)), *want);
    }
    assert_num(js::parse_float(&nums(&[2.5, 3.0])), 2.5);
    assert_num(js::parse_float(&Value::Null), f64::NAN);
}

// ---------------------------------------------------------------------------
// Math
// ---------------------------------------------------------------------------

#[test]
fn rounding_functions() {
    assert_num(js::floor(&n(-0.5)), -1.0);
    assert_num(js::floor(&s("2.7")), 2.0);
    assert_num(js::ceil(&n(-0.5)), -0.0);
    assert_num(js::trunc(&n(-0.5)), -0.0);
    assert_num(js::trunc(&n(2.9)), 2.0);
    assert_num(js::abs(&n(-0.0)), 0.0);
    assert_num(js::abs(&s("-3")), 3.0);
    assert_num(js::sqrt(&n(-1.0)), f64::NAN);
    assert_num(js::sqrt(&n(16.0)), 4.0);
    assert_num(js::sign(&n(-0.0)), -0.0);
    assert_num(js::sign(&n(-3.0)), -1.0);
    assert_num(js::sign(&n(0.2)), 1.0);
    assert_num(js::sign(&n(f64::NAN)), f64::NAN);
    assert_num(js::floor(&Value::Null), 0.0);
}

#[test]
fn math_round() {
    let cases: &[(f64, f64)] = &[
        (0.49999999999999994, 0.0),
        (-0.5, -0.0),
        (-0.4, -0.0),
        (2.5, 3.0),
        (-2.5, -2.0),
        (1.5, 2.0),
        (4503599627370495.5, 4503599627370496.0),
        (-4503599627370495.5, -4503599627370495.0),
        (9007199254740993.0, 9007199254740993.0),
        (-0.0, -0.0),
        (f64::NEG_INFINITY, f64::NEG_INFINITY),
        (f64::NAN, f64::NAN),
    ];
    for (x, want) in cases {
        assert_num(js::round(&n(*x)), *want);
    }
}

#[test]
fn max_and_min() {
    assert_num(js::max(&[]), f64::NEG_INFINITY);
    assert_num(js::min(&[]), f64::INFINITY);
    assert_num(js::max(&[n(0.0), n(-0.0)]), 0.0);
    assert_num(js::max(&[n(-0.0), n(0.0)]), 0.0);
    assert_num(js::min(&[n(0.0), n(-0.0)]), -0.0);
    assert_num(js::min(&[n(-0.0), n(0.0)]), -0.0);
    assert_num(js::max(&[n(1.0), n(f64::NAN), n(3.0)]), f64::NAN);
    assert_num(js::min(&[n(f64::NAN), n(1.0)]), f64::NAN);
    assert_num(js::max(&[s("7"), nums(&[3.0])]), 7.0);
    assert_num(js::min(&[n(2.0), n(-5.0), n(1.0)]), -5.0);
    assert_num(js::max(&[n(1.0), Value::Null]), 1.0);
    assert_num(js::max(&[n(1.0), Value::Undefined]), f64::NAN);
}

#[test]
fn holes_read_as_undefined_and_their_keys_are_not_guessed() {
    let a = js::new_array(&n(2.0));
    assert!(matches!(js::get(&a, &n(0.0)), Value::Undefined));
    js::set(&a, &n(1.0), n(5.0));
    assert_str(js::join(&a, None), ",5");
    assert!(js::has_own(&a, &n(1.0)));
    assert_panics(|| js::keys(&a), "not told apart");
    assert_panics(|| js::has_own(&a, &n(0.0)), "not told apart");
}

#[test]
fn instance_of_javascripts_constructors() {
    assert!(js::instance_of(&js::object(vec![]), "Object"));
    assert!(js::instance_of(&nums(&[1.0]), "Object") && js::instance_of(&nums(&[]), "Array"));
    assert!(js::instance_of(&js::func(|_| Value::Null), "Function"));
    assert!(!js::instance_of(&n(1.0), "Object") && !js::instance_of(&s("x"), "String"));
    assert!(
        !js::instance_of(&Value::Null, "Object") && !js::instance_of(&js::object(vec![]), "Date")
    );
}

// ---------------------------------------------------------------------------
// Regular expressions (patterns in the portable spelling)
// ---------------------------------------------------------------------------

#[test]
fn regex_test_follows_javascripts_matching() {
    let cases: &[(&str, &[(&str, bool)])] = &[
        (
            "^(?:0|[1-9][0-9]*)$",
            &[("0", true), ("12", true), ("012", false), ("", false)],
        ),
        ("^(a+)+$", &[("aaaa", true), ("aab", false)]),
        ("a(?=b)", &[("ab", true), ("ac", false)]),
        ("a(?!b)", &[("ab", false), ("ac", true)]),
        ("\\bfoo\\b", &[("a foo b", true), ("afoo", false)]),
        ("x{2,3}?y", &[("xxy", true), ("xy", false)]),
        ("[\\[\\]]", &[("a[", true), ("ab", false)]),
        ("[^a-c]", &[("abc", false), ("abd", true)]),
        ("(a|ab)(c|bcd)(d*)$", &[("abcd", true)]),
        ("\\u00e9\\x41\\u{1f600}", &[("éA😀", true), ("éA", false)]),
        ("(?:)", &[("", true)]),
    ];
    for (pattern, inputs) in cases {
        for (input, want) in *inputs {
            assert_eq!(
                js::regex_test(&s(input), pattern),
                *want,
                "/{pattern}/.test({input:?})"
            );
        }
    }
}

// JavaScript reads a character past the BMP as two UTF-16 units, each of
// which `.` or `[^a]` matches alone: on such a string a pattern that could
// tell the two readings apart stops, and any other matches as JavaScript.
#[test]
fn a_pattern_reading_units_stops_on_a_character_past_the_bmp() {
    assert_panics(|| js::regex_test(&s("a😀"), "^a[^\\n]$"), "past U+FFFF");
    assert_panics(|| js::regex_split(&s("😀,b"), "[^,]"), "past U+FFFF");
    assert_panics(
        || js::regex_test(&s("😀"), "[\\u0000-\\uffff]"),
        "past U+FFFF",
    );
    assert!(js::regex_test(&s("ab😀"), "a[b-z]"));
    assert!(js::regex_test(&s("é"), "^[^a]$"));
    assert_str(js::regex_replace(&s("1😀2"), "[0-9]", "#", true), "#😀#");
}

#[test]
fn regex_replace_reads_the_portable_replacement() {
    assert_str(
        js::regex_replace(&s("aXbXc"), "X", "[$&]", true),
        "a[X]b[X]c",
    );
    assert_str(js::regex_replace(&s("aXbXc"), "X", "$$", false), "a$bXc");
    assert_str(
        js::regex_replace(&s("ab12cd"), "([a-z]+)([0-9]+)", "$02-$01", false),
        "12-abcd",
    );
    // A group that took no part is "".
    assert_str(
        js::regex_replace(&s("abc"), "(x)?b", "<$01>", false),
        "a<>c",
    );
    // Lazy repetition, and every match.
    assert_str(js::regex_replace(&s("aaa"), "a*?a", "x", true), "xxx");
    // Each round of a repetition forgets the groups inside it.
    assert_str(
        js::regex_replace(&s("abab"), "(?:(a)|b)+", "[$01]", false),
        "[]",
    );
    assert_panics(|| js::regex_replace(&n(1.0), "a", "b", true), "replace");
}

/// A repeated character over a long input takes no stack (a recursion per
/// character would overflow it).
#[test]
fn regex_repetition_of_a_character_runs_on_long_input() {
    let long = format!("{}x", " ".repeat(200_000));
    assert!(js::regex_test(&s(&long), "^ +x$"));
    assert!(!js::regex_test(&s(&long), "^ +?y"));
    assert_str(js::regex_replace(&s(&long), " *", "-", false), "-x");
    assert_str(js::regex_replace(&s("aaab"), "a{1,2}?", "-", true), "---b");
    assert_str(js::regex_replace(&s("aaab"), "a{2}", "-", true), "-ab");
}

#[test]
fn regex_split_keeps_the_empty_ends() {
    assert_eq!(
        show(&js::regex_split(&s("a1b22c"), "[0-9]+")),
        r#"["a", "b", "c"]"#
    );
    assert_eq!(show(&js::regex_split(&s(""), "x")), r#"[""]"#);
    assert_eq!(show(&js::regex_split(&s("1a"), "[0-9]")), r#"["", "a"]"#);
}
