
// xlate's differential harness for Rust (see src/verify/differential/):
// appended to the file under test, with a generated `main` that calls the
// function once per input, in `catch_unwind`, and prints one tagged line per
// input (same protocol as harness.py).
#[allow(dead_code)]
mod __xlate {
    use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
    use std::fmt::Write as _;

    pub trait Encode {
        fn encode(&self, out: &mut String);
    }

    pub fn json_str(s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }

    fn tagged(kind: &str, out: &mut String, inner: impl FnOnce(&mut String)) {
        out.push_str("{\"");
        out.push_str(kind);
        out.push_str("\":");
        inner(out);
        out.push('}');
    }

    fn items<'a, T: Encode + 'a>(kind: &str, iter: impl Iterator<Item = &'a T>, out: &mut String) {
        tagged(kind, out, |out| {
            out.push('[');
            for (i, item) in iter.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                item.encode(out);
            }
            out.push(']');
        });
    }

    fn entries<'a, K: Encode + 'a, V: Encode + 'a>(
        iter: impl Iterator<Item = (&'a K, &'a V)>,
        out: &mut String,
    ) {
        tagged("dict", out, |out| {
            out.push('[');
            for (i, (k, v)) in iter.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('[');
                k.encode(out);
                out.push(',');
                v.encode(out);
                out.push(']');
            }
            out.push(']');
        });
    }

    macro_rules! ints {
        ($($t:ty),*) => {$(
            impl Encode for $t {
                fn encode(&self, out: &mut String) {
                    let _ = write!(out, "{{\"int\":\"{}\"}}", self);
                }
            }
        )*};
    }
    ints!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

    macro_rules! floats {
        ($($t:ty),*) => {$(
            impl Encode for $t {
                fn encode(&self, out: &mut String) {
                    let f = *self as f64;
                    if f.is_nan() {
                        out.push_str("{\"float\":\"nan\"}");
                    } else if f.is_infinite() {
                        out.push_str(if f > 0.0 { "{\"float\":\"inf\"}" } else { "{\"float\":\"-inf\"}" });
                    } else {
                        let _ = write!(out, "{{\"float\":{:?}}}", f);
                    }
                }
            }
        )*};
    }
    floats!(f32, f64);

    impl Encode for bool {
        fn encode(&self, out: &mut String) {
            let _ = write!(out, "{{\"bool\":{}}}", self);
        }
    }
    impl Encode for char {
        fn encode(&self, out: &mut String) {
            tagged("str", out, |out| json_str(&self.to_string(), out));
        }
    }
    impl Encode for str {
        fn encode(&self, out: &mut String) {
            tagged("str", out, |out| json_str(self, out));
        }
    }
    impl Encode for String {
        fn encode(&self, out: &mut String) {
            self.as_str().encode(out);
        }
    }
    impl Encode for () {
        fn encode(&self, out: &mut String) {
            out.push_str("{\"none\":null}");
        }
    }
    impl<T: Encode + ?Sized> Encode for &T {
        fn encode(&self, out: &mut String) {
            (**self).encode(out);
        }
    }
    impl<T: Encode + ?Sized> Encode for &mut T {
        fn encode(&self, out: &mut String) {
            (**self).encode(out);
        }
    }
    impl<T: Encode + ?Sized> Encode for Box<T> {
        fn encode(&self, out: &mut String) {
            (**self).encode(out);
        }
    }
    impl<T: Encode> Encode for Option<T> {
        fn encode(&self, out: &mut String) {
            match self {
                Some(v) => v.encode(out),
                None => out.push_str("{\"none\":null}"),
            }
        }
    }
    impl<T: Encode, E: std::fmt::Debug> Encode for Result<T, E> {
        fn encode(&self, out: &mut String) {
            match self {
                Ok(v) => v.encode(out),
                Err(e) => {
                    out.push_str("{\"exc\":{\"kind\":\"Err\",\"message\":");
                    json_str(&format!("{e:?}"), out);
                    out.push_str("}}");
                }
            }
        }
    }
    impl<T: Encode> Encode for [T] {
        fn encode(&self, out: &mut String) {
            items("list", self.iter(), out);
        }
    }
    impl<T: Encode, const N: usize> Encode for [T; N] {
        fn encode(&self, out: &mut String) {
            items("list", self.iter(), out);
        }
    }
    impl<T: Encode> Encode for Vec<T> {
        fn encode(&self, out: &mut String) {
            items("list", self.iter(), out);
        }
    }
    impl<T: Encode> Encode for VecDeque<T> {
        fn encode(&self, out: &mut String) {
            items("list", self.iter(), out);
        }
    }
    impl<T: Encode, S> Encode for HashSet<T, S> {
        fn encode(&self, out: &mut String) {
            items("set", self.iter(), out);
        }
    }
    impl<T: Encode> Encode for BTreeSet<T> {
        fn encode(&self, out: &mut String) {
            items("set", self.iter(), out);
        }
    }
    impl<K: Encode, V: Encode, S> Encode for HashMap<K, V, S> {
        fn encode(&self, out: &mut String) {
            entries(self.iter(), out);
        }
    }
    impl<K: Encode, V: Encode> Encode for BTreeMap<K, V> {
        fn encode(&self, out: &mut String) {
            entries(self.iter(), out);
        }
    }

    macro_rules! tuples {
        ($(($($n:tt $t:ident),+)),*) => {$(
            impl<$($t: Encode),+> Encode for ($($t,)+) {
                fn encode(&self, out: &mut String) {
                    tagged("tuple", out, |out| {
                        out.push('[');
                        let mut first = true;
                        $(
                            if !first { out.push(','); }
                            first = false;
                            self.$n.encode(out);
                        )+
                        let _ = first;
                        out.push(']');
                    });
                }
            }
        )*};
    }
    tuples!((0 A), (0 A, 1 B), (0 A, 1 B, 2 C), (0 A, 1 B, 2 C, 3 D), (0 A, 1 B, 2 C, 3 D, 4 E), (0 A, 1 B, 2 C, 3 D, 4 E, 5 F));

    pub fn encode<T: Encode + ?Sized>(value: &T) -> String {
        let mut out = String::new();
        value.encode(&mut out);
        out
    }

    thread_local! {
        static PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }

    /// Keeps a panic's message for the result line, and prints nothing.
    pub fn quiet_panics() {
        std::panic::set_hook(Box::new(|info| {
            let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                s.to_string()
            } else if let Some(s) = info.payload().downcast_ref::<String>() {
                s.clone()
            } else {
                String::from("panic")
            };
            PANIC.with(|p| *p.borrow_mut() = message);
        }));
    }

    pub fn panicked() -> String {
        let mut out = String::from("{\"exc\":{\"kind\":\"panic\",\"message\":");
        let message = PANIC.with(|p| p.borrow().clone());
        json_str(&message, &mut out);
        out.push_str("}}");
        out
    }

    pub fn emit(line: &str) {
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "\n{line}");
        let _ = stdout.flush();
    }
}
