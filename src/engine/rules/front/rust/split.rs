//! `impl` blocks larger than `--split-classes-over`, which come to the
//! engine as a skeleton (the `impl` with each method replaced by a
//! placeholder, `/* xlate:member 0 */`) and one request per method, with
//! the skeleton as its context (see `units::split_members` and
//! `pipeline::assemble`). A method is translated as an `impl` of the
//! skeleton's header holding that method alone, so that a method this
//! engine declines costs only that method; the skeleton writes a marker
//! line where each method's code goes, then what the whole `impl` writes
//! besides its methods.

use crate::engine::rules::ir::Impl;
use crate::engine::rules::{named_children, Decline, Res};
use crate::engine::TranslationRequest;
use crate::lang::{member_marker, Lang};

/// The request of one method of a split `impl`, as an `impl` holding only
/// it: the skeleton's header (its generics, self type and trait) on the
/// line before the method's first, so that the lines the frontend names
/// are the file's. `None` where the request is no member of a split
/// `impl` (a member of a split `trait` keeps its own decline).
pub fn member_as_impl(request: &TranslationRequest) -> Res<Option<TranslationRequest>> {
    let Some(skeleton) = request.context.enclosing.as_deref() else {
        return Ok(None);
    };
    let Some(tree) = crate::units::parse(skeleton, Lang::Rust) else {
        return Ok(None);
    };
    let Some((item, body)) = named_children(tree.root_node())
        .into_iter()
        .filter(|n| n.kind() == "impl_item")
        .find_map(|n| Some((n, n.child_by_field_name("body")?)))
    else {
        return Ok(None);
    };
    let header = &skeleton[item.start_byte()..body.start_byte()];
    // On one line: a line comment would swallow what follows it.
    if header.contains("//") || header.contains("/*") {
        return Err(Decline(format!(
            "a method of a split `impl` whose header holds a comment at line {}",
            request.first_line
        )));
    }
    let header: String = header.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(first_line) = request.first_line.checked_sub(1).filter(|l| *l > 0) else {
        return Ok(None);
    };
    let mut one = request.clone();
    one.kind = crate::units::SegmentKind::Impl;
    one.source = format!("{header} {{\n{}\n}}\n", request.source.trim_end());
    one.first_line = first_line;
    one.context.enclosing = None;
    Ok(Some(one))
}

/// The placeholders a skeleton holds, in order (`/* xlate:member 0 */`,
/// ...): the pipeline numbers them from 0 without gaps.
pub fn member_count(source: &str) -> usize {
    (0..)
        .take_while(|&i| source.contains(&Lang::Rust.member_placeholder(i)))
        .count()
}

/// The marker lines of a skeleton's translation, one per method, each a
/// comment the pipeline replaces with that method's code (or its TODO).
pub fn marker_lines(count: usize, to: Lang) -> String {
    let comment = if to == Lang::Python { "#" } else { "//" };
    (0..count)
        .map(|i| format!("{comment} {}\n", member_marker(i)))
        .collect()
}

/// Whether the skeleton's `impl` writes anything besides its methods (its
/// associated constants, a trait's default methods copied onto the class).
pub fn writes_more(impls: &[Impl]) -> bool {
    impls
        .iter()
        .any(|i| !i.attributes.is_empty() || !i.inherited.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Context;
    use crate::units::SegmentKind;

    fn member(skeleton: &str, source: &str, first_line: usize) -> TranslationRequest {
        TranslationRequest {
            from: Lang::Rust,
            to: Lang::Python,
            kind: SegmentKind::Method,
            name: Some("m".into()),
            source: source.into(),
            path: "a.rs".into(),
            first_line,
            context: Context {
                enclosing: Some(skeleton.into()),
                ..Context::default()
            },
        }
    }

    #[test]
    fn a_member_is_an_impl_of_the_skeletons_header_on_the_line_before_it() {
        let skeleton = "/// Doc.\nimpl<R: Read>\n    Cpu<R>\n{\n    /* xlate:member 0 */\n}\n";
        let request = member(skeleton, "fn m(&self) -> u32 {\n        1\n    }", 7);
        let one = member_as_impl(&request).ok().flatten();
        let one = one
            .as_ref()
            .map(|r| (r.source.as_str(), r.first_line, r.kind));
        assert_eq!(
            one,
            Some((
                "impl<R: Read> Cpu<R> {\nfn m(&self) -> u32 {\n        1\n    }\n}\n",
                6,
                SegmentKind::Impl
            ))
        );
    }

    #[test]
    fn a_header_with_a_comment_is_declined_and_a_trait_member_is_not_read() {
        let skeleton = "impl Cpu // the cpu\n{\n    /* xlate:member 0 */\n}\n";
        assert!(member_as_impl(&member(skeleton, "fn m() {}", 3)).is_err());
        let skeleton = "trait T {\n    /* xlate:member 0 */\n}\n";
        assert!(matches!(
            member_as_impl(&member(skeleton, "fn m() {}", 2)),
            Ok(None)
        ));
    }

    #[test]
    fn markers_are_counted_and_written_as_comments() {
        let skeleton = "impl S {\n    /* xlate:member 0 */\n    /* xlate:member 1 */\n}";
        assert_eq!(member_count(skeleton), 2);
        assert_eq!(
            marker_lines(2, Lang::JavaScript),
            "// xlate:member 0\n// xlate:member 1\n"
        );
    }
}
