//! Attributes that change nothing a translation runs: lint levels
//! (`#[allow(..)]`, `#[warn(..)]`, `#[deny(..)]`, `#[forbid(..)]`,
//! `#[expect(..)]`, tool lints such as `#[rustfmt::skip]`), documentation
//! (`#[doc = ..]`), hints to the compiler (`#[inline]`, `#[inline(always)]`,
//! `#[cold]`, `#[must_use]`, `#[deprecated]`), `#[track_caller]` (the
//! place a panic reports, which the translated panics do not carry) and
//! `#[non_exhaustive]` (which only keeps other crates from building or
//! matching the item exhaustively). Any other attribute (`#[cfg(..)]`,
//! `#[cfg_attr(..)]`, which keep or drop code by the build; `#[test]`;
//! `#[target_feature(..)]`; `#[no_mangle]`) may change what runs and is
//! declined where it stands.

/// Whether `attribute` (its source text, `#[...]`) is one attribute that
/// changes nothing the translation runs.
pub(crate) fn is_inert(attribute: &str) -> bool {
    let Some(inner) = outer_attribute(attribute) else {
        return false;
    };
    let inner = inner.as_str();
    let path = inner.split(['(', '=']).next().unwrap_or(inner);
    let args = &inner[path.len()..];
    let lint = matches!(path, "allow" | "warn" | "deny" | "forbid" | "expect")
        && args.starts_with('(')
        && args.ends_with(')');
    let tool = path.starts_with("rustfmt::") || path.starts_with("clippy::");
    let hint = match path {
        "inline" => matches!(args, "" | "(always)" | "(never)"),
        "cold" | "track_caller" | "non_exhaustive" | "automatically_derived" => args.is_empty(),
        "must_use" | "deprecated" | "doc" => true,
        _ => false,
    };
    lint || tool || hint
}

/// Whether `attribute` is a `#[cfg(..)]`, which keeps or drops the item
/// it stands on by the build: one still in the text the engine reads is
/// one the build translated does not settle (see [`crate::cfg`]).
pub(crate) fn is_conditional(attribute: &str) -> bool {
    outer_attribute(attribute).is_some_and(|inner| inner.starts_with("cfg("))
}

/// What is inside `#[` and `]` of one outer attribute, without its
/// whitespace: `#[allow(a)] #[cfg(x)]` is two attributes and `#![..]` an
/// inner one, neither taken.
pub(crate) fn outer_attribute(attribute: &str) -> Option<String> {
    let a: String = attribute.chars().filter(|c| !c.is_whitespace()).collect();
    a.strip_prefix("#[")
        .and_then(|a| a.strip_suffix(']'))
        .filter(|inner| !inner.contains(['[', ']']))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::is_inert;

    // Regression guard: an attribute that keeps or drops code by the build
    // (`cfg`) or changes how it runs is never taken as inert.
    #[test]
    fn only_attributes_that_change_nothing_that_runs_are_inert() {
        for a in [
            "#[allow(clippy::match_like_matches_macro)]",
            "#[inline]",
            "#[inline(always)]",
            "#[must_use = \"the value\"]",
            "#[non_exhaustive]",
            "#[doc = \"text\"]",
            "#[rustfmt::skip]",
            "#[deprecated(since = \"1.0\")]",
            "#[track_caller]",
        ] {
            assert!(is_inert(a), "{a}");
        }
        for a in [
            "#[cfg(windows)]",
            "#[cfg_attr(feature = \"std\", inline)]",
            "#[cfg(not(debug_assertions))]",
            "#[target_feature(enable = \"avx2\")]",
            "#[no_mangle]",
            "#[test]",
            "#[allow(unused)] #[cfg(x)]",
            "#![allow(unused)]",
            "#[allowed]",
            "#[inline(foo)]",
        ] {
            assert!(!is_inert(a), "{a}");
        }
    }
}
