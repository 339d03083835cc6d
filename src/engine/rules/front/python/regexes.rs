//! Python's `re` with a literal pattern: `re.sub`, `re.split` and
//! `re.findall` as values, `re.search`, `re.match` and `re.fullmatch` only
//! where their match object is tested (`is not None`, a condition), all
//! through the subset of [`crate::engine::rules::regex`].

use tree_sitter::Node;

use super::super::super::ir::{Builtin, Expr, ExprKind, Lit, Truthiness};
use super::super::super::regex::{self, Flags, Regex, Syntax};
use super::super::super::{named_children, Res};
use super::Front;

/// The functions of `re` whose match object is only tested.
const TESTS: &[&str] = &["search", "match", "fullmatch"];

impl Front<'_> {
    /// Whether `node` is `re.f(...)` with `re` the module.
    fn re_function(&self, node: Node) -> Option<&str> {
        if node.kind() != "call" {
            return None;
        }
        let func = node.child_by_field_name("function")?;
        if func.kind() != "attribute" {
            return None;
        }
        let object = func.child_by_field_name("object")?;
        // Not a name the file imports or the unit binds (a parameter `re`).
        if object.kind() != "identifier"
            || self.t(object) != "re"
            || self.imports.binds("re")
            || self.rebound("re")
        {
            return None;
        }
        Some(self.t(func.child_by_field_name("attribute")?))
    }

    /// A call of `re.f(...)` as a value.
    pub(super) fn re_call(&mut self, node: Node) -> Res<Option<ExprKind>> {
        let Some(f) = self.re_function(node) else {
            return Ok(None);
        };
        let (op, params): (Builtin, &[&str]) = match f {
            "sub" => (Builtin::RegexSub, &["pattern", "repl", "string", "count", "flags"]),
            "split" => (Builtin::RegexSplit, &["pattern", "string", "maxsplit", "flags"]),
            "findall" => (Builtin::RegexFindAll, &["pattern", "string", "flags"]),
            f if TESTS.contains(&f) => {
                return self.decline(
                    node,
                    format!("`re.{f}()`'s match object (only a test of it, `is not None` or a condition, is translated)"),
                )
            }
            f => return self.decline(node, format!("`re.{f}()`")),
        };
        let args = self.re_args(node, params)?;
        let pattern = self.re_pattern(node, &args, f)?;
        if pattern.may_match_empty() {
            return self.decline(
                node,
                format!("`re.{f}()` of a pattern that may match the empty string (the two languages place empty matches differently)"),
            );
        }
        if op != Builtin::RegexSub && pattern.groups() > 0 {
            return self.decline(
                node,
                format!("`re.{f}()` of a pattern with groups (the items differ)"),
            );
        }
        let string = self.re_arg(node, &args, "string")?;
        let string = self.expr(string)?;
        let lit = |me: &mut Self, l: Lit| me.expr_of(node, ExprKind::Lit(l));
        let pattern_lit = lit(self, Lit::Str(pattern.portable()));
        let mut out = vec![string, pattern_lit];
        match op {
            Builtin::RegexSub => {
                let repl = self.re_arg(node, &args, "repl")?;
                if repl.kind() != "string" {
                    return self.decline(
                        node,
                        "`re.sub()` by a replacement that is not a string literal",
                    );
                }
                let repl = self.string_value(repl)?;
                let parts = match regex::python_replacement(&repl, pattern.groups()) {
                    Ok(parts) => parts,
                    Err(why) => return self.decline(node, format!("a replacement with {why}")),
                };
                if pattern.captures_repeat()
                    && parts
                        .iter()
                        .any(|p| matches!(p, regex::ReplPart::Group(n) if *n > 0))
                {
                    return self.decline(node, "a replacement naming a group of a repeated part of the pattern (JavaScript forgets its text at each round)");
                }
                let all = match self.re_int(&args, "count")? {
                    0 => true,
                    1 => false,
                    _ => return self.decline(node, "`re.sub()` with a count other than 0 or 1"),
                };
                let repl = lit(self, Lit::Str(regex::portable_replacement(&parts)));
                let all = lit(self, Lit::Bool(all));
                out.extend([repl, all]);
            }
            Builtin::RegexSplit if self.re_int(&args, "maxsplit")? != 0 => {
                return self.decline(node, "`re.split()` with a `maxsplit`");
            }
            _ => {}
        }
        Ok(Some(ExprKind::Builtin {
            op,
            args: out,
            keywords: Vec::new(),
        }))
    }

    /// `node` as a condition: `re.search(...)` (and `match`,
    /// `fullmatch`), `not` of one, and `x is (not) None` of one are
    /// whether the pattern matches.
    pub(super) fn condition(&mut self, node: Node) -> Res<Expr> {
        match self.re_test(node)? {
            Some(test) => Ok(test),
            None => self.expr(node),
        }
    }

    /// `node` as a test of a match, where it is one.
    pub(super) fn re_test(&mut self, node: Node) -> Res<Option<Expr>> {
        let node = unparenthesized(node);
        if node.kind() == "not_operator" {
            let Some(arg) = node.child_by_field_name("argument") else {
                return Ok(None);
            };
            return Ok(self.re_test(arg)?.map(|test| {
                self.expr_of(node, ExprKind::Not(Box::new(test), Truthiness::Python))
            }));
        }
        if node.kind() == "comparison_operator" {
            let kids: Vec<Node> = (0..node.child_count())
                .filter_map(|i| node.child(i))
                .filter(|k| !k.is_extra())
                .collect();
            let [left, op, right] = kids.as_slice() else {
                return Ok(None);
            };
            let negated = match self.t(*op) {
                "is" => true,
                t if t.starts_with("is") => false,
                _ => return Ok(None),
            };
            if right.kind() != "none"
                || !self.re_function(*left).is_some_and(|f| TESTS.contains(&f))
            {
                return Ok(None);
            }
            let Some(test) = self.re_test(*left)? else {
                return Ok(None);
            };
            return Ok(Some(if negated {
                self.expr_of(node, ExprKind::Not(Box::new(test), Truthiness::Python))
            } else {
                test
            }));
        }
        let Some(f) = self.re_function(node).filter(|f| TESTS.contains(f)) else {
            return Ok(None);
        };
        let f = f.to_string();
        let args = self.re_args(node, &["pattern", "string", "flags"])?;
        let pattern = self.re_pattern(node, &args, &f)?;
        let pattern = match f.as_str() {
            "match" => pattern.anchored(false),
            "fullmatch" => pattern.anchored(true),
            _ => pattern,
        };
        let string = self.re_arg(node, &args, "string")?;
        let string = self.expr(string)?;
        let pattern = self.expr_of(node, ExprKind::Lit(Lit::Str(pattern.portable())));
        let kind = ExprKind::Builtin {
            op: Builtin::RegexTest,
            args: vec![string, pattern],
            keywords: Vec::new(),
        };
        Ok(Some(self.expr_of(node, kind)))
    }

    /// The arguments of a call by parameter name (positional ones in the
    /// order of `params`, keywords by name).
    fn re_args<'n>(&self, node: Node<'n>, params: &[&str]) -> Res<Vec<(String, Node<'n>)>> {
        let Some(list) = node.child_by_field_name("arguments") else {
            return self.decline(node, "call");
        };
        let mut out = Vec::new();
        for (i, a) in named_children(list).into_iter().enumerate() {
            let (name, value) = if a.kind() == "keyword_argument" {
                match (
                    a.child_by_field_name("name"),
                    a.child_by_field_name("value"),
                ) {
                    (Some(n), Some(v)) => (self.t(n).to_string(), v),
                    _ => return self.decline(a, "argument"),
                }
            } else if a.kind() == "comment" {
                continue;
            } else {
                match params.get(i) {
                    Some(p) if !matches!(a.kind(), "list_splat" | "dictionary_splat") => {
                        (p.to_string(), a)
                    }
                    _ => return self.decline(a, "argument"),
                }
            };
            if !params.contains(&name.as_str()) || out.iter().any(|(n, _)| *n == name) {
                return self.decline(a, format!("argument `{name}`"));
            }
            out.push((name, value));
        }
        Ok(out)
    }

    fn re_arg<'n>(&self, node: Node, args: &[(String, Node<'n>)], name: &str) -> Res<Node<'n>> {
        match args.iter().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(*v),
            None => self.decline(node, format!("a call without `{name}`")),
        }
    }

    /// An int literal argument (0 when left out).
    fn re_int(&self, args: &[(String, Node)], name: &str) -> Res<i64> {
        match args.iter().find(|(n, _)| n == name) {
            None => Ok(0),
            Some((_, v)) if v.kind() == "integer" => match self.t(*v).parse() {
                Ok(n) => Ok(n),
                Err(_) => self.decline(*v, format!("`{name}`")),
            },
            Some((_, v)) => self.decline(*v, format!("`{name}` that is not a literal")),
        }
    }

    /// The pattern argument, a string literal, parsed with the flags.
    fn re_pattern(&self, node: Node, args: &[(String, Node)], f: &str) -> Res<Regex> {
        let pattern = self.re_arg(node, args, "pattern")?;
        if pattern.kind() != "string" {
            return self.decline(
                node,
                format!("`re.{f}()` of a pattern that is not a string literal"),
            );
        }
        let text = self.string_value(pattern)?;
        let mut flags = Flags::default();
        if let Some((_, f)) = args.iter().find(|(n, _)| n == "flags") {
            self.re_flags(*f, &mut flags)?;
        }
        if flags.ignore_case && !flags.ascii {
            return self.decline(
                node,
                "`re.IGNORECASE` without `re.ASCII` (Python folds some non-ASCII letters onto ASCII ones, the Kelvin sign onto `k`)",
            );
        }
        Regex::parse(&text, Syntax::Python, flags)
            .or_else(|why| self.decline(node, format!("a regular expression with {why}")))
    }

    /// Reads `re.I | re.A` and the like into `flags`.
    fn re_flags(&self, node: Node, flags: &mut Flags) -> Res<()> {
        let node = unparenthesized(node);
        match node.kind() {
            "binary_operator"
                if node
                    .child_by_field_name("operator")
                    .is_some_and(|o| self.t(o) == "|") =>
            {
                for side in ["left", "right"] {
                    match node.child_by_field_name(side) {
                        Some(s) => self.re_flags(s, flags)?,
                        None => return self.decline(node, "flags"),
                    }
                }
                Ok(())
            }
            "attribute" => {
                let object = node.child_by_field_name("object");
                let attr = node
                    .child_by_field_name("attribute")
                    .map_or("", |a| self.t(a));
                if object.is_none_or(|o| self.t(o) != "re") {
                    return self.decline(node, "flags that are not `re.` constants");
                }
                match attr {
                    "I" | "IGNORECASE" => flags.ignore_case = true,
                    "A" | "ASCII" => flags.ascii = true,
                    f => return self.decline(node, format!("the flag `re.{f}`")),
                }
                Ok(())
            }
            "integer" if self.t(node) == "0" => Ok(()),
            _ => self.decline(node, "flags that are not `re.` constants"),
        }
    }
}

fn unparenthesized(mut node: Node) -> Node {
    while node.kind() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}
