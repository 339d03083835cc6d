//! Python's string methods in JavaScript: the character classes of its
//! `is...` tests, and the methods JavaScript has no counterpart of, each
//! a named helper with Python's meaning (and its `ValueError` where Python
//! raises one). Lengths and positions count UTF-16 units, which are
//! characters in the Basic Multilingual Plane the engine assumes.

use super::{prec, Writer};
use crate::engine::rules::ir::{Expr, ExprKind, Lit, Method, Ty};
use crate::engine::rules::{back::decline, Res};
use crate::lang::Lang;

/// Python's whitespace (`str.isspace`): JavaScript's `\s` also has U+FEFF
/// and lacks U+001C to U+001F and U+0085.
const SPACE: &str = r"[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

/// Python's `isdigit`: the decimal digits (Nd) and the other characters
/// whose numeric type is Digit (superscripts, circled digits).
const DIGIT: &str = r"[\p{Nd}\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792]";

/// Python's `isnumeric`: general category N and the CJK ideographs that
/// have a numeric value.
const NUMERIC: &str = r"[\p{N}\u3405\u3483\u382a\u3b4d\u4e00\u4e03\u4e07\u4e09\u4e5d\u4e8c\u4e94\u4e96\u4ebf\u4ec0\u4edf\u4ee8\u4f0d\u4f70\u5104\u5146\u5169\u516b\u516d\u5341\u5343-\u5345\u534c\u53c1-\u53c4\u56db\u58f1\u58f9\u5e7a\u5efe\u5eff\u5f0c-\u5f0e\u5f10\u62fe\u634c\u67d2\u6f06\u7396\u767e\u8086\u842c\u8cae\u8cb3\u8d30\u9621\u9646\u964c\u9678\u96f6\uf96b\uf973\uf978\uf9b2\uf9d1\uf9d3\uf9fd]";

const RS_UTF8_LEN: &str = r#"// Rust's `len` of a string: its length in UTF-8 bytes.
function rsUtf8Len(s) {
  let n = 0;
  for (const c of s) {
    const p = c.codePointAt(0);
    n += p < 0x80 ? 1 : p < 0x800 ? 2 : p < 0x10000 ? 3 : 4;
  }
  return n;
}
"#;

const PY_PARTITION: &str = r#"// Python's `partition` (`rpartition` with `last`): the text before the
// first (last) `sep`, `sep`, and the text after it.
function pyPartition(s, sep, last = false) {
  if (sep === "") {
    throw new PyError("ValueError", "empty separator");
  }
  const i = last ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (i < 0) {
    return last ? ["", "", s] : [s, "", ""];
  }
  return [s.slice(0, i), sep, s.slice(i + sep.length)];
}
"#;

const PY_SPLIT: &str = r#"// Python's `split`: by `sep` (runs of Python's whitespace when null),
// at most `max` times (no limit when negative).
function pySplit(s, sep = null, max = -1) {
  const out = [];
  if (sep === null) {
    let i = 0;
    while (max < 0 || out.length < max) {
      while (i < s.length && PY_SPACE.test(s[i])) i++;
      if (i === s.length) break;
      let j = i;
      while (j < s.length && !PY_SPACE.test(s[j])) j++;
      out.push(s.slice(i, j));
      i = j;
    }
    while (i < s.length && PY_SPACE.test(s[i])) i++;
    if (i < s.length) out.push(s.slice(i));
    return out;
  }
  if (sep === "") {
    throw new PyError("ValueError", "empty separator");
  }
  let i = 0;
  while (max < 0 || out.length < max) {
    const j = s.indexOf(sep, i);
    if (j < 0) break;
    out.push(s.slice(i, j));
    i = j + sep.length;
  }
  out.push(s.slice(i));
  return out;
}
"#;

const PY_RSPLIT: &str = r#"// Python's `rsplit`: `split` from the end.
function pyRSplit(s, sep = null, max = -1) {
  const out = [];
  let j = s.length;
  if (sep === null) {
    while (max < 0 || out.length < max) {
      while (j > 0 && PY_SPACE.test(s[j - 1])) j--;
      if (j === 0) break;
      let i = j;
      while (i > 0 && !PY_SPACE.test(s[i - 1])) i--;
      out.push(s.slice(i, j));
      j = i;
    }
    while (j > 0 && PY_SPACE.test(s[j - 1])) j--;
    if (j > 0) out.push(s.slice(0, j));
    return out.reverse();
  }
  if (sep === "") {
    throw new PyError("ValueError", "empty separator");
  }
  while ((max < 0 || out.length < max) && j >= sep.length) {
    const i = s.lastIndexOf(sep, j - sep.length);
    if (i < 0) break;
    out.push(s.slice(i + sep.length, j));
    j = i;
  }
  out.push(s.slice(0, j));
  return out.reverse();
}
"#;

const PY_STRIP: &str = r#"// Python's `strip`, `lstrip` and `rstrip`: the characters of `chars`
// (Python's whitespace when null) off both ends, the start or the end.
function pyStrip(s, chars = null) {
  return pyRStrip(pyLStrip(s, chars), chars);
}
function pyLStrip(s, chars = null) {
  let i = 0;
  while (i < s.length && pyStripped(s[i], chars)) i++;
  return s.slice(i);
}
function pyRStrip(s, chars = null) {
  let j = s.length;
  while (j > 0 && pyStripped(s[j - 1], chars)) j--;
  return s.slice(0, j);
}
function pyStripped(c, chars) {
  return chars === null ? PY_SPACE.test(c) : chars.includes(c);
}
"#;

const PY_SPLIT_LINES: &str = r#"// Python's `splitlines`: at every line boundary Python knows, with no
// empty line after the last one.
function pySplitLines(s) {
  const lines = s.split(/\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
"#;

const PY_REPLACE: &str = r#"// Python's `replace` of at most `count` occurrences (all when negative);
// the new text is inserted as it is (`replaceAll` reads `$&` in it).
function pyReplace(s, old, rep, count = -1) {
  let out = "";
  let i = 0;
  for (let n = 0; count < 0 || n < count; n++) {
    if (old === "") {
      if (i > s.length) break;
      out += rep + s.slice(i, i + 1);
      i++;
      continue;
    }
    const j = s.indexOf(old, i);
    if (j < 0) break;
    out += s.slice(i, j) + rep;
    i = j + old.length;
  }
  return out + s.slice(i);
}
"#;

const PY_AFFIX: &str = r#"// Python's `removeprefix` and `removesuffix`.
function pyRemovePrefix(s, prefix) {
  return s.startsWith(prefix) ? s.slice(prefix.length) : s;
}
function pyRemoveSuffix(s, suffix) {
  return suffix !== "" && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
}
"#;

const PY_ZFILL: &str = r#"// Python's `zfill`: zeros on the left to `width` characters, after a sign.
function pyZfill(s, width) {
  const fill = width - s.length;
  if (fill <= 0) return s;
  const zeros = "0".repeat(fill);
  return s[0] === "+" || s[0] === "-" ? s[0] + zeros + s.slice(1) : zeros + s;
}
"#;

const PY_FIND: &str = r#"// Python's `s.find(sub, start, end)` (`rfind` where `last`): the first (last)
// position of `sub` within `s[start:end]`, a negative bound counting from
// the end; -1 where there is none, also for a start past the end.
function pyFind(last, s, sub, start, end) {
  const n = s.length;
  const at = (i, d) => (i === undefined || i === null ? d : i < 0 ? Math.max(0, i + n) : i);
  const lo = at(start, 0);
  const hi = Math.min(at(end, n), n);
  if (hi - lo < sub.length) {
    return -1;
  }
  const i = last ? s.lastIndexOf(sub, hi - sub.length) : s.indexOf(sub, lo);
  return i < lo || i + sub.length > hi ? -1 : i;
}
"#;

const PY_CENTER: &str = r#"// Python's `center`: the odd fill character goes left where `width` is odd.
function pyCenter(s, width, fill = " ") {
  const marg = width - s.length;
  if (marg <= 0) return s;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}
"#;

const PY_CASE: &str = r#"// Python's lowercase of `s[i]` in its string: a capital sigma after a
// cased letter and before none is final (as `toLowerCase` of the whole).
function pyLowerAt(s, i) {
  if (s[i] !== "\u03a3") return s[i].toLowerCase();
  let j = i - 1;
  while (j >= 0 && /\p{Case_Ignorable}/u.test(s[j])) j--;
  if (j < 0 || !/\p{Cased}/u.test(s[j])) return "\u03c3";
  let k = i + 1;
  while (k < s.length && /\p{Case_Ignorable}/u.test(s[k])) k++;
  return k < s.length && /\p{Cased}/u.test(s[k]) ? "\u03c3" : "\u03c2";
}
// Python's titlecase of one character: its uppercase, but for the letters
// whose title form is another (digraphs, ligatures, Georgian, Greek with
// a subscript iota).
const PY_TITLE = new Map([
  ["\u00df", "Ss"], ["\u01c4", "\u01c5"], ["\u01c6", "\u01c5"], ["\u01c7", "\u01c8"], ["\u01c9", "\u01c8"],
  ["\u01ca", "\u01cb"], ["\u01cc", "\u01cb"], ["\u01f1", "\u01f2"], ["\u01f3", "\u01f2"], ["\u0587", "\u0535\u0582"],
  ["\u1f80", "\u1f88"], ["\u1f81", "\u1f89"], ["\u1f82", "\u1f8a"], ["\u1f83", "\u1f8b"], ["\u1f84", "\u1f8c"],
  ["\u1f85", "\u1f8d"], ["\u1f86", "\u1f8e"], ["\u1f87", "\u1f8f"], ["\u1f90", "\u1f98"], ["\u1f91", "\u1f99"],
  ["\u1f92", "\u1f9a"], ["\u1f93", "\u1f9b"], ["\u1f94", "\u1f9c"], ["\u1f95", "\u1f9d"], ["\u1f96", "\u1f9e"],
  ["\u1f97", "\u1f9f"], ["\u1fa0", "\u1fa8"], ["\u1fa1", "\u1fa9"], ["\u1fa2", "\u1faa"], ["\u1fa3", "\u1fab"],
  ["\u1fa4", "\u1fac"], ["\u1fa5", "\u1fad"], ["\u1fa6", "\u1fae"], ["\u1fa7", "\u1faf"], ["\u1fb2", "\u1fba\u0345"],
  ["\u1fb3", "\u1fbc"], ["\u1fb4", "\u0386\u0345"], ["\u1fb7", "\u0391\u0342\u0345"], ["\u1fc2", "\u1fca\u0345"], ["\u1fc3", "\u1fcc"],
  ["\u1fc4", "\u0389\u0345"], ["\u1fc7", "\u0397\u0342\u0345"], ["\u1ff2", "\u1ffa\u0345"], ["\u1ff3", "\u1ffc"], ["\u1ff4", "\u038f\u0345"],
  ["\u1ff7", "\u03a9\u0342\u0345"], ["\ufb00", "Ff"], ["\ufb01", "Fi"], ["\ufb02", "Fl"], ["\ufb03", "Ffi"],
  ["\ufb04", "Ffl"], ["\ufb05", "St"], ["\ufb06", "St"], ["\ufb13", "\u0544\u0576"], ["\ufb14", "\u0544\u0565"],
  ["\ufb15", "\u0544\u056b"], ["\ufb16", "\u054e\u0576"], ["\ufb17", "\u0544\u056d"],
]);
function pyTitleChar(c) {
  if (/[\u01c5\u01c8\u01cb\u01f2\u10d0-\u10fa\u10fd-\u10ff\u1f88-\u1f8f\u1f98-\u1f9f\u1fa8-\u1faf\u1fbc\u1fcc\u1ffc]/.test(c)) {
    return c;
  }
  return PY_TITLE.get(c) ?? c.toUpperCase();
}
// Python's `title`: a cased character after a cased one is lowercased,
// any other titlecased.
function pyTitle(s) {
  let out = "";
  let cased = false;
  for (let i = 0; i < s.length; i++) {
    out += cased ? pyLowerAt(s, i) : pyTitleChar(s[i]);
    cased = /\p{Cased}/u.test(s[i]);
  }
  return out;
}
// Python's `capitalize`: the first character titlecased, the rest lowercased.
function pyCapitalize(s) {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    out += i === 0 ? pyTitleChar(s[0]) : pyLowerAt(s, i);
  }
  return out;
}
// Python's `swapcase`: uppercase characters lowercased and lowercase ones
// uppercased.
function pySwapcase(s) {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    out += /\p{Uppercase}/u.test(c) ? pyLowerAt(s, i) : /\p{Lowercase}/u.test(c) ? c.toUpperCase() : c;
  }
  return out;
}
"#;

impl Writer<'_> {
    /// Python's `PY_SPACE`, the whitespace its `split()` and `strip()` take.
    fn space(&mut self) {
        let code = format!(
            "// Python's whitespace: JavaScript's `\\s` also has U+FEFF and lacks\n// U+001C to U+001F and U+0085.\nconst PY_SPACE = /{SPACE}/;\n"
        );
        self.helper("PY_SPACE", &code);
    }

    /// A method of a string (or a character) whose receiver's type is known:
    /// `None` where the common writer in `method` writes it.
    pub(super) fn str_method(
        &mut self,
        recv: &Expr,
        method: Method,
        args: &[Expr],
        line: usize,
    ) -> Res<Option<(String, u8)>> {
        use Method::*;
        // The receiver as an argument, or before a `.`: written only by
        // the arm that takes the method, as the common writer writes it
        // where none does.
        let whole = |w: &mut Self| w.expr(recv, prec::ASSIGN);
        let member = |w: &mut Self| w.expr(recv, prec::MEMBER);
        // Every character is of the class, and there is one (Python's
        // tests of a string; a character is a string of one).
        let every = |w: &mut Self, class: &str| -> Res<Option<(String, u8)>> {
            let r = whole(w)?;
            Ok(Some((format!("/^{class}+$/u.test({r})"), prec::MEMBER)))
        };
        let arg = |w: &mut Self, i: usize| -> Res<String> {
            match args.get(i) {
                Some(a) => w.expr(a, prec::ASSIGN),
                None => decline(
                    line,
                    format!("`{}` without its argument", method.python_name()),
                ),
            }
        };
        let text_args = args
            .iter()
            .all(|a| matches!(self.ty(a), Ty::Str | Ty::Char));
        // The tests of cased characters, Rust's character classes and
        // `replace` mean the same from Rust; the rest is Python's.
        let python = self.input.from == Lang::Python;
        Ok(match method {
            IsAlpha if args.is_empty() => every(self, r"\p{L}")?,
            IsAlnum if args.is_empty() => every(self, r"[\p{L}\p{N}]")?,
            IsDecimal if args.is_empty() => every(self, r"\p{Nd}")?,
            IsDigit if args.is_empty() => every(self, DIGIT)?,
            IsNumeric if args.is_empty() => every(self, NUMERIC)?,
            IsSpace if args.is_empty() => every(self, SPACE)?,
            IsAscii if args.is_empty() => {
                let r = whole(self)?;
                Some((format!("/^[\\x00-\\x7f]*$/.test({r})"), prec::MEMBER))
            }
            // Rust's `len` of a string: UTF-8 bytes.
            Utf8Len if args.is_empty() => {
                let r = whole(self)?;
                self.helper("rsUtf8Len", RS_UTF8_LEN);
                Some((format!("rsUtf8Len({r})"), prec::MEMBER))
            }
            // Code points: `length` counts UTF-16 units.
            CharCount if args.is_empty() => {
                let r = whole(self)?;
                Some((format!("[...{r}].length"), prec::MEMBER))
            }
            CharIs(class) if args.is_empty() => {
                let r = whole(self)?;
                Some((format!("/^{}$/u.test({r})", class.js_class()), prec::MEMBER))
            }
            // Python: some cased character, and every cased one upper (or
            // lower); a titlecase letter is neither.
            IsUpper | IsLower if args.is_empty() => {
                let (want, other) = if method == IsUpper {
                    (r"\p{Uppercase}", r"[\p{Lowercase}\p{Lt}]")
                } else {
                    (r"\p{Lowercase}", r"[\p{Uppercase}\p{Lt}]")
                };
                if !super::is_pure(recv) {
                    return decline(line, "`isupper`/`islower` of a computed string");
                }
                let r = whole(self)?;
                Some((
                    format!("/{want}/u.test({r}) && !/{other}/u.test({r})"),
                    prec::AND,
                ))
            }
            Replace if matches!(args.len(), 2 | 3) && text_args_but_count(self, args) => {
                // `replaceAll` by a literal holding no `$` (whose `$&`,
                // `$1`... JavaScript reads as patterns).
                if let [_, Expr {
                    kind: ExprKind::Lit(Lit::Str(rep)),
                    ..
                }] = args
                {
                    if !rep.contains('$') {
                        let r = member(self)?;
                        let a = self.args(args)?;
                        return Ok(Some((format!("{r}.replaceAll({a})"), prec::MEMBER)));
                    }
                }
                self.helper("pyReplace", PY_REPLACE);
                let r = whole(self)?;
                let a = self.args(args)?;
                Some((format!("pyReplace({r}, {a})"), prec::MEMBER))
            }
            // Rust's `strip_prefix` and `strip_suffix` cut as Python's
            // `removeprefix` and `removesuffix` do.
            _ if !python && !matches!(method, RemovePrefix | RemoveSuffix) => None,
            Strip | LStrip | RStrip if args.len() <= 1 && text_args => {
                self.space();
                self.helper("pyStrip", PY_STRIP);
                let name = match method {
                    Strip => "pyStrip",
                    LStrip => "pyLStrip",
                    _ => "pyRStrip",
                };
                let r = whole(self)?;
                let call = match args.first() {
                    Some(_) => format!("{name}({r}, {})", arg(self, 0)?),
                    None => format!("{name}({r})"),
                };
                Some((call, prec::MEMBER))
            }
            Split | RSplit if args.len() <= 2 => {
                // `split(sep)` by a non-empty literal is JavaScript's own.
                if let (Split, [sep]) = (method, args) {
                    if matches!(&sep.kind, ExprKind::Lit(Lit::Str(s)) if !s.is_empty()) {
                        let r = member(self)?;
                        let sep = arg(self, 0)?;
                        return Ok(Some((format!("{r}.split({sep})"), prec::MEMBER)));
                    }
                }
                if let Some(sep) = args.first() {
                    if !matches!(self.ty(sep), Ty::Str | Ty::Char | Ty::Option(_)) {
                        return decline(line, "`split` by a separator that may not be a string");
                    }
                }
                if let Some(max) = args.get(1) {
                    if !self.ty(max).is_int() {
                        return decline(line, "`split` with a count that may not be an integer");
                    }
                }
                self.space();
                let (name, code) = if method == Split {
                    ("pySplit", PY_SPLIT)
                } else {
                    ("pyRSplit", PY_RSPLIT)
                };
                self.helper(name, code);
                let r = whole(self)?;
                let rest = self.args(args)?;
                let call = if rest.is_empty() {
                    format!("{name}({r})")
                } else {
                    format!("{name}({r}, {rest})")
                };
                Some((call, prec::MEMBER))
            }
            SplitLines if args.is_empty() => {
                self.helper("pySplitLines", PY_SPLIT_LINES);
                let r = whole(self)?;
                Some((format!("pySplitLines({r})"), prec::MEMBER))
            }
            Partition | RPartition if args.len() == 1 && text_args => {
                self.helper("pyPartition", PY_PARTITION);
                let r = whole(self)?;
                let sep = arg(self, 0)?;
                let last = if method == RPartition { ", true" } else { "" };
                Some((format!("pyPartition({r}, {sep}{last})"), prec::MEMBER))
            }
            RemovePrefix | RemoveSuffix if args.len() == 1 && text_args => {
                self.helper("pyAffix", PY_AFFIX);
                let name = if method == RemovePrefix {
                    "pyRemovePrefix"
                } else {
                    "pyRemoveSuffix"
                };
                let r = whole(self)?;
                let a = arg(self, 0)?;
                Some((format!("{name}({r}, {a})"), prec::MEMBER))
            }
            ZFill if args.len() == 1 && self.ty(&args[0]).is_int() => {
                self.helper("pyZfill", PY_ZFILL);
                let r = whole(self)?;
                let a = arg(self, 0)?;
                Some((format!("pyZfill({r}, {a})"), prec::MEMBER))
            }
            // The fill must be one character, as Python requires.
            Center
                if matches!(args.len(), 1 | 2)
                    && self.ty(&args[0]).is_int()
                    && args.get(1).is_none_or(
                        |f| matches!(&f.kind, ExprKind::Lit(Lit::Str(c)) if c.chars().count() == 1),
                    ) =>
            {
                self.helper("pyCenter", PY_CENTER);
                let r = whole(self)?;
                let a = self.args(args)?;
                Some((format!("pyCenter({r}, {a})"), prec::MEMBER))
            }
            // `find(sub, start[, end])`, `rfind(...)`: bounds as a slice's
            // (`pyFind`), of an int or `None`.
            Find | RFind
                if python
                    && (2..=3).contains(&args.len())
                    && matches!(self.ty(&args[0]), Ty::Str | Ty::Char)
                    && args[1..].iter().all(|b| {
                        self.ty(b).is_int() || matches!(b.kind, ExprKind::Lit(Lit::None))
                    }) =>
            {
                self.helper("pyFind", PY_FIND);
                let r = whole(self)?;
                let a = self.args(args)?;
                let last = if method == RFind { "true" } else { "false" };
                Some((format!("pyFind({last}, {r}, {a})"), prec::MEMBER))
            }
            // `rfind("")` is the length in both.
            RFind if args.len() == 1 && text_args => {
                let r = member(self)?;
                let a = arg(self, 0)?;
                Some((format!("{r}.lastIndexOf({a})"), prec::MEMBER))
            }
            Title | Capitalize | SwapCase if args.is_empty() => {
                self.helper("pyCase", PY_CASE);
                let name = match method {
                    Title => "pyTitle",
                    Capitalize => "pyCapitalize",
                    _ => "pySwapcase",
                };
                let r = whole(self)?;
                Some((format!("{name}({r})"), prec::MEMBER))
            }
            _ => None,
        })
    }
}

/// Whether `replace`'s old and new texts are strings and its count, if
/// any, an integer.
fn text_args_but_count(w: &Writer<'_>, args: &[Expr]) -> bool {
    args.iter().enumerate().all(|(i, a)| {
        let t = w.ty(a);
        if i == 2 {
            t.is_int()
        } else {
            matches!(t, Ty::Str | Ty::Char)
        }
    })
}
