//! The rules engine: exact, offline, deterministic translation between Python
//! and JavaScript by rules over the tree-sitter syntax tree.
//!
//! A unit is translated only when every construct in it is one the engine
//! knows to behave the same in the target language on every input the source
//! accepts; otherwise the engine declines, naming the first construct it did
//! not know and its line, so the declines of a run are this engine's to-do
//! list. What the engine assumes about values (integral numbers stand for
//! Python `int`s, strings stay in the Basic Multilingual Plane, numbers stay
//! within 2^53) is set out in the README.

// The engine on one typed IR: frontends, the shared analysis, backends.
pub(crate) mod analysis;
pub(crate) mod back;
pub(crate) mod front;
mod helpers;
pub(crate) use front::rust::macros::{definition_name as macro_name, expand_items};
pub(crate) use helpers::PAST_2_53;
// Parts of the IR serve directions not built yet (JavaScript and Rust
// sources: the JavaScript number, `Result`, identity equality).
#[allow(dead_code)]
pub(crate) mod ir;
pub(crate) mod regex;

use tree_sitter::Node;

use super::{Candidate, Engine, EngineError, SupportCode, Translation, TranslationRequest};
use crate::lang::Lang;
use crate::project::glue::Piece;

/// The rules engine.
pub struct Rules;

impl Engine for Rules {
    fn name(&self) -> &str {
        "rules"
    }

    /// A hash of the engine's source (`build.rs`): whatever changes
    /// what the engine writes changes it, so a cache drops the old
    /// translations.
    fn fingerprint(&self) -> String {
        format!("rules-{}", env!("XLATE_RULES_SOURCE_HASH"))
    }

    fn supports(&self, from: Lang, to: Lang) -> bool {
        matches!(
            (from, to),
            (Lang::Python, Lang::JavaScript)
                | (Lang::JavaScript, Lang::Python)
                | (Lang::Rust, Lang::Python)
                | (Lang::Rust, Lang::JavaScript)
                | (Lang::Python, Lang::Rust)
                | (Lang::JavaScript, Lang::Rust)
        )
    }

    fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError> {
        translate(request)
    }
}

/// One unit, by the direction its languages name.
fn translate(request: &TranslationRequest) -> Result<Translation, EngineError> {
    // The rules recurse over the unit's syntax tree: each direction
    // declines a tree deeper than `depth::MAX_NESTING` before walking it,
    // and the walk runs on a stack sized for that depth.
    let direction: fn(&TranslationRequest) -> Res<Translated> = match (request.from, request.to) {
        (Lang::Python, Lang::JavaScript) => python_to_javascript,
        (Lang::JavaScript, Lang::Python) => javascript_to_python,
        (Lang::Rust, Lang::Python | Lang::JavaScript) => |r| from_rust(r, r.to),
        (Lang::Python, Lang::Rust) => python_to_rust,
        (Lang::JavaScript, Lang::Rust) => javascript_to_rust,
        (from, to) => {
            return Err(EngineError(format!(
                "the rules engine does not translate {from} to {to}"
            )))
        }
    };
    // What belongs to the project (imports, exports, entry points,
    // tests) is translated by `project`, which hands every other
    // statement to the direction.
    let direction = |req: &TranslationRequest| {
        direction(req)
            .map(|out| Piece {
                text: out.text,
                support: out.support.items,
            })
            .map_err(|decline| decline.0)
    };
    let result =
        crate::depth::with_engine_stack(|| crate::project::glue::translate(request, &direction));
    Ok(match result {
        Ok(out) => Translation::candidates(vec![Candidate {
            text: out.text,
            support: out.support,
            ..Candidate::default()
        }]),
        Err(decline) => Translation::declined(decline),
    })
}

/// Rust to Python or JavaScript: the Rust frontend, then the target's
/// backend.
fn from_rust(request: &TranslationRequest, to: Lang) -> Res<Translated> {
    // Glue invoking a `macro_rules!` macro that writes items is those
    // items (see `front::rust::macros::expand_items`).
    let writes_items = request.kind == crate::units::SegmentKind::Glue
        && front::rust::macros::has_item_invocations(
            &request.context.macros,
            without_bom(&request.source),
        );
    if request.kind == crate::units::SegmentKind::Glue && !writes_items {
        return rust_glue(request, to);
    }
    use crate::units::SegmentKind;
    // A trait with default methods is a class holding them (see
    // `front::rust::traits`); one of signatures only has no code.
    if request.kind == SegmentKind::Trait && !rust_default_methods(request) {
        return rust_trait(request, to);
    }
    if request.kind == SegmentKind::Macro {
        return rust_macro(request, to);
    }
    // A method of an `impl` split into its methods is an `impl` of the
    // skeleton's header holding it alone (see `front::rust::split`).
    let member = if request.kind == SegmentKind::Method {
        front::rust::split::member_as_impl(request)?
    } else {
        None
    };
    let request = member.as_ref().unwrap_or(request);
    // A struct is a class of its own unit, and an inherent `impl` adds
    // methods to it where it stands (see `front::rust::types`).
    if !writes_items
        && !matches!(
            request.kind,
            SegmentKind::Function
                | SegmentKind::Struct
                | SegmentKind::Enum
                | SegmentKind::Impl
                | SegmentKind::Trait
        )
    {
        return Err(Decline(format!(
            "{} at line {}",
            match request.kind {
                SegmentKind::Trait => "`trait`",
                SegmentKind::Method => "a method of a split `trait`",
                SegmentKind::Macro => "`macro_rules!` definition",
                SegmentKind::Module => "`mod` block",
                _ => "a member of a type",
            },
            request.first_line
        )));
    }
    let lowered = if member.is_some() {
        front::rust::lower_split_member(request)?
    } else {
        front::rust::lower(request)?
    };
    let input = back::Input {
        functions: &lowered.functions,
        types: &lowered.types,
        from: Lang::Rust,
        request,
    };
    // An `impl` too large for one request comes as a skeleton, its methods
    // one by one: the skeleton (its header read, so that one this engine
    // cannot read says why) writes a marker line where each method's code
    // goes, then what the `impl` writes besides its methods.
    if request.source.contains(&crate::lang::member_marker(0)) {
        // A trait's default methods are one class's, written in one go.
        if request.kind != SegmentKind::Impl {
            return Err(Decline(format!(
                "`trait` split into its methods at line {} (larger than \
                 --split-classes-over, 8 KiB by default; the rules engine reads a `trait` whole)",
                request.first_line
            )));
        }
        let mut text =
            front::rust::split::marker_lines(front::rust::split::member_count(&request.source), to);
        let mut support = Support::default();
        if front::rust::split::writes_more(&lowered.impls) {
            let rest = match to {
                Lang::JavaScript => {
                    back::javascript::write_with_impls(&input, &lowered.classes, &lowered.impls)
                }
                _ => back::python::write_with_classes(&input, &lowered.classes, &lowered.impls),
            }?;
            text.push('\n');
            text.push_str(&rest.text);
            support = rest.support;
        }
        return Ok(Translated { text, support });
    }
    // `impl Eq for S {}`: nothing to write but a line saying so, since an
    // empty translation reads as a failed one.
    if lowered.functions.is_empty()
        && lowered.classes.is_empty()
        && lowered
            .impls
            .iter()
            .all(|i| i.methods.is_empty() && i.inherited.is_empty())
    {
        let marker = if to == Lang::JavaScript { "//" } else { "#" };
        let names: Vec<&str> = lowered.impls.iter().map(|i| i.class.as_str()).collect();
        return Ok(comments_only(
            &[format!(
                " xlate: an `impl` of `{}` without methods: nothing to write",
                names.join("`, `")
            )],
            marker,
        ));
    }
    match to {
        Lang::JavaScript => {
            back::javascript::write_with_impls(&input, &lowered.classes, &lowered.impls)
        }
        _ => back::python::write_with_classes(&input, &lowered.classes, &lowered.impls),
    }
}

/// Python to JavaScript on the IR: the Python frontend, the shared
/// analysis of each function, the JavaScript backend.
fn python_to_javascript(request: &TranslationRequest) -> Res<Translated> {
    let mut lowered = front::python::lower(request)?;
    if let Some(module) = lowered.module.take() {
        return python_module_to_javascript(module, lowered.ids.count(), request);
    }
    if lowered.functions.is_empty() && lowered.classes.is_empty() {
        return Ok(comments_only(&lowered.comments, "//"));
    }
    // The `__eq__` a dataclass generates compares fields, where a
    // JavaScript object's `===` is identity: not written yet.
    if let Some(c) = lowered.classes.iter().find(|c| !c.data.is_empty()) {
        return Err(Decline(format!(
            "decorator `@dataclass` at line {}",
            c.line
        )));
    }
    let ids = lowered.ids.count();
    let mut functions = lowered.functions;
    let mut classes = lowered.classes;
    // The backend reads one table of types by id for the whole unit: each
    // function's model fills in its own ids (expressions, and the
    // parameters and targets that name its bindings).
    let mut types = vec![ir::Ty::Unknown; ids];
    // A class's body runs once, as a function without parameters would:
    // its attributes' values are typed as that function's statements.
    let mut bodies: Vec<ir::Function> = classes.iter().map(class_body).collect();
    let methods = classes
        .iter_mut()
        .flat_map(|c| c.methods.iter_mut().map(|m| &mut m.function));
    for f in functions.iter_mut().chain(methods).chain(bodies.iter_mut()) {
        // JavaScript declarations have no types: undeclared parameters
        // take the one type their uses allow, where there is one.
        analysis::usage::type_parameters(f);
        let model = analysis::analyse(f, ids, None, &[])?;
        for (i, slot) in types.iter_mut().enumerate() {
            let id = ir::ExprId(i as u32);
            let ty = match model.types.exprs.get(i) {
                Some(t) if *t != ir::Ty::Unknown => t.clone(),
                _ => match model.scopes.local_id(id) {
                    Some(l) => model.local_ty(l).clone(),
                    None => continue,
                },
            };
            if ty != ir::Ty::Unknown {
                *slot = ty;
            }
        }
    }
    analysis::fields::type_fields(&functions, &classes, &mut types);
    back::javascript::write_with_classes(
        &back::Input {
            functions: &functions,
            types: &types,
            from: Lang::Python,
            request,
        },
        &classes,
    )
}

/// The top-level statements of a Python unit of glue (module constants,
/// tables, calls), analysed as the body of a function and written at the
/// top level of the JavaScript module.
fn python_module_to_javascript(
    mut module: ir::Function,
    ids: usize,
    request: &TranslationRequest,
) -> Res<Translated> {
    let model = analysis::analyse(&mut module, ids, None, &[])?;
    let functions = [module];
    back::javascript::write_module(&back::Input {
        functions: &functions,
        types: &model.types.exprs,
        from: Lang::Python,
        request,
    })
}

/// The statements a class's body runs when the class is defined: each
/// attribute's value, to be analysed as a function's body is.
fn class_body(c: &ir::Class) -> ir::Function {
    ir::Function {
        name: c.name.clone(),
        params: Vec::new(),
        ret: ir::Ty::Unknown,
        body: c
            .attributes
            .iter()
            .map(|a| ir::Stmt::new(ir::StmtKind::Expr(a.value.clone()), a.line))
            .collect(),
        line: c.line,
        comments: Vec::new(),
        nonlocal: Vec::new(),
        declared: Vec::new(),
    }
}

/// A Rust unit's source (without a byte order mark), its syntax tree,
/// checked for depth, and the numbering of its lines.
fn rust_tree(request: &TranslationRequest) -> Res<(&str, tree_sitter::Tree, Lines)> {
    let src = without_bom(&request.source);
    let tree = crate::units::parse(src, Lang::Rust)
        .ok_or_else(|| Decline("source the Rust parser gave up on".into()))?;
    let lines = Lines {
        first: request.first_line,
        added: 0,
    };
    if let Err(deep) = crate::depth::check(tree.root_node()) {
        return lines.decline(deep.node, deep.what());
    }
    Ok((src, tree, lines))
}

/// Rust glue: `use` and `extern crate` lines need no counterpart (the
/// backends import what they use), comments carry over, and constants
/// (`const`, and `static` without `mut`) become the target's module-level
/// names (see [`rust_constants`]); anything else is declined.
fn rust_glue(request: &TranslationRequest, to: Lang) -> Res<Translated> {
    let (src, tree, lines) = rust_tree(request)?;
    let items = children(tree.root_node());
    let mut constants = false;
    for item in &items {
        match item.kind() {
            "use_declaration"
            | "extern_crate_declaration"
            | "inner_attribute_item"
            | "attribute_item"
            | "line_comment"
            | "block_comment" => {}
            "const_item" => constants = true,
            "static_item" => {
                if let Some(m) = children(*item)
                    .into_iter()
                    .find(|c| c.kind() == "mutable_specifier")
                {
                    return lines.decline(m, "`static mut`");
                }
                constants = true;
            }
            kind if item.is_named() => {
                return lines.decline(*item, format!("top-level `{kind}`"));
            }
            _ => {}
        }
    }
    if constants {
        return rust_constants(request, src, &items, to);
    }
    let mut out = Out::default();
    for item in items {
        if matches!(item.kind(), "line_comment" | "block_comment") {
            // `//!` documents the module: a plain comment in the target.
            let comment = text(item, src);
            let comment = comment
                .strip_prefix("//!")
                .map_or(comment.to_string(), |rest| format!("//{rest}"));
            for line in comment_body(&comment, Lang::Rust) {
                let marker = if to == Lang::Python { "#" } else { "//" };
                out.line(format!("{marker}{line}"));
            }
        }
    }
    Ok(Translated {
        text: out.render("    "),
        support: Support::default(),
    })
}

/// Rust glue holding constants: each `const NAME: T = value;` (or `static`)
/// is a `let NAME: T = value;` of a function body, lowered and typed by the
/// Rust frontend as any `let` is, and the body is written at the top level
/// of the target module, as a Python or JavaScript unit of glue is. A
/// constant is read, never assigned, so the target's module-level name
/// holds what Rust's does. The function's source keeps every line where it
/// was (the rest of the glue is blanked), so that declines name the
/// file's lines.
fn rust_constants(
    request: &TranslationRequest,
    src: &str,
    items: &[Node],
    to: Lang,
) -> Res<Translated> {
    // Everything but comments and constants becomes spaces, newlines kept.
    let blank = |body: &mut String, from: usize, upto: usize| {
        body.extend(
            src[from..upto]
                .chars()
                .map(|c| if c == '\n' { c } else { ' ' }),
        );
    };
    let mut body = String::with_capacity(src.len() + 32);
    let mut at = 0;
    for item in items {
        let range = item.byte_range();
        blank(&mut body, at, range.start);
        at = range.start;
        match item.kind() {
            "line_comment" | "block_comment" => {
                // An inner doc comment (`//!`) is a plain one inside a body.
                let t = text(*item, src);
                match t.strip_prefix("//!") {
                    Some(rest) => {
                        body.push_str("// ");
                        body.push_str(rest);
                    }
                    None => body.push_str(t),
                }
                at = range.end;
            }
            "const_item" | "static_item" => {
                let Some(name) = item.child_by_field_name("name") else {
                    continue;
                };
                // `pub(crate) const NAME` → `let NAME`, on the same line.
                blank(&mut body, at, name.start_byte());
                if body.ends_with("    ") {
                    body.truncate(body.len() - 4);
                }
                body.push_str("let ");
                body.push_str(&src[name.start_byte()..range.end]);
                at = range.end;
            }
            _ => {}
        }
    }
    blank(&mut body, at, src.len());
    let glue = "__xlate_glue";
    let mut synthetic = request.clone();
    synthetic.kind = crate::units::SegmentKind::Function;
    synthetic.source = format!("fn {glue}() {{{body}\n}}\n");
    let lowered = front::rust::lower(&synthetic)?;
    let input = back::Input {
        functions: &lowered.functions,
        types: &lowered.types,
        from: Lang::Rust,
        request,
    };
    match to {
        Lang::JavaScript => back::javascript::write_module(&input),
        _ => back::python::write_module(&input),
    }
}

/// Whether a trait unit declares a method with a body.
fn rust_default_methods(request: &TranslationRequest) -> bool {
    rust_tree(request).is_ok_and(|(_, tree, _)| {
        children(tree.root_node())
            .into_iter()
            .any(|i| i.kind() == "trait_item" && front::rust::has_default_method(i))
    })
}

/// A `macro_rules!` definition has no code of its own: each invocation
/// is expanded where it stands (see `front::rust::macros`), so the
/// definition is written as a line saying so, after its comments. One
/// whose rules the expander does not read is declined, saying why.
fn rust_macro(request: &TranslationRequest, to: Lang) -> Res<Translated> {
    let (src, tree, lines) = rust_tree(request)?;
    let marker = if to == Lang::Python { "#" } else { "//" };
    let mut out = Out::default();
    for item in children(tree.root_node()) {
        match item.kind() {
            "line_comment" | "block_comment" => rust_comment(&mut out, item, src, marker),
            "macro_definition" => {
                let def = front::rust::macros::MacroDef::read(text(item, src)).or_else(|why| {
                    lines.decline(item, format!("`macro_rules!` definition: {why}"))
                })?;
                out.line(format!(
                    "{marker} xlate: `macro_rules! {}` has no code of its own: each use is expanded where it stands",
                    def.name
                ));
            }
            _ => {}
        }
    }
    Ok(Translated {
        text: out.render("    "),
        support: Support::default(),
    })
}

/// A Rust comment as the target's: a doc comment (`///`) is a plain one.
fn rust_comment(out: &mut Out, item: Node, src: &str, marker: &str) {
    let t = text(item, src);
    let t = t
        .strip_prefix('/')
        .filter(|r| r.starts_with("//"))
        .unwrap_or(t);
    for line in comment_body(t, Lang::Rust) {
        out.line(format!("{marker}{line}"));
    }
}

/// A Rust trait whose methods are all required (signatures only): it has
/// no code to run, since each `impl` of it attaches its methods to its
/// struct's class (`front::rust::types`), so it becomes its comments, one
/// line naming the methods and an empty class of its name; its type
/// parameters and associated types are erased. A default method, an
/// associated constant, or a `const` parameter is declined.
fn rust_trait(request: &TranslationRequest, to: Lang) -> Res<Translated> {
    let (src, tree, lines) = rust_tree(request)?;
    let marker = if to == Lang::Python { "#" } else { "//" };
    let mut out = Out::default();
    let comment = |out: &mut Out, item: Node| rust_comment(out, item, src, marker);
    for item in children(tree.root_node()) {
        match item.kind() {
            "line_comment" | "block_comment" => comment(&mut out, item),
            "attribute_item" => {}
            "trait_item" => {
                // A type parameter (`trait Sink<T>`) is erased: the trait
                // has no code, and each `impl` is lowered with its own
                // arguments; a `const` one is declined.
                if let Some(p) = item.child_by_field_name("type_parameters").and_then(|tp| {
                    children(tp)
                        .into_iter()
                        .find(|p| p.kind() == "const_parameter")
                }) {
                    return lines.decline(p, format!("generic trait: `{}`", text(p, src)));
                }
                let name = item
                    .child_by_field_name("name")
                    .map_or("", |n| text(n, src));
                let mut methods = Vec::new();
                let body = item
                    .child_by_field_name("body")
                    .map(children)
                    .unwrap_or_default();
                for member in body {
                    match member.kind() {
                        "function_signature_item" => {
                            if let Some(n) = member.child_by_field_name("name") {
                                methods.push(text(n, src).to_string());
                            }
                        }
                        "line_comment" | "block_comment" => comment(&mut out, member),
                        "attribute_item" => {}
                        // `type Output;`: each `impl` names its own (see
                        // `front::rust::types::assoc_types_of`), which
                        // the targets, having no such types, need not write.
                        "associated_type" => {}
                        "function_item" => {
                            return lines.decline(member, "default method of a trait")
                        }
                        kind if member.is_named() => {
                            return lines.decline(member, format!("`{kind}` in a trait"));
                        }
                        _ => {}
                    }
                }
                out.line(if methods.is_empty() {
                    format!("{marker} trait {name}: a marker, without methods")
                } else {
                    format!(
                        "{marker} trait {name}: each type that implements it has the methods {}",
                        methods.join(", ")
                    )
                });
                // An empty class holds the trait's name, as a type of the
                // module.
                let target = request.context.target_name(name).unwrap_or(name);
                if to == Lang::Python {
                    out.line(format!("class {target}:"));
                    out.line("    pass");
                } else {
                    out.line(format!("class {target} {{}}"));
                }
            }
            kind if item.is_named() => {
                return lines.decline(item, format!("`{kind}` beside a trait"));
            }
            _ => {}
        }
    }
    Ok(Translated {
        text: out.render("    "),
        support: Support::default(),
    })
}

/// Python to Rust on the IR: the Python frontend, the shared analysis, the
/// Rust backend.
fn python_to_rust(request: &TranslationRequest) -> Res<Translated> {
    let lowered = front::python::lower(request)?;
    if let Some(m) = &lowered.module {
        return Err(Decline(format!("top-level statement at line {}", m.line)));
    }
    if let Some(c) = lowered.classes.iter().find(|c| !c.data.is_empty()) {
        if lowered.classes.len() > 1 || !lowered.functions.is_empty() {
            return Err(Decline(format!(
                "dataclass beside other definitions at line {}",
                c.line
            )));
        }
        return Ok(Translated {
            text: back::rust_class::write_dataclass(c)?,
            support: Support::default(),
        });
    }
    if !lowered.classes.is_empty() {
        return python_classes_to_rust(
            lowered.functions,
            &lowered.classes,
            lowered.ids.count(),
            request,
        );
    }
    if lowered.functions.is_empty() {
        return Ok(comments_only(&lowered.comments, "//"));
    }
    let nodes = linked_dataclasses(request)?;
    ir_to_rust(
        lowered.functions,
        lowered.ids.count(),
        Lang::Python,
        request,
        &nodes,
    )
}

/// The project's dataclasses the unit may use (`ProjectContext::
/// dataclasses`), lowered from their source, as the Rust backend knows
/// them: tree nodes, which functions borrow and read.
fn linked_dataclasses(request: &TranslationRequest) -> Res<Vec<back::rust_class::ClassSig>> {
    let texts = request.context.project.iter().flat_map(|p| &p.dataclasses);
    let mut out = Vec::new();
    for text in texts {
        let mut one = request.clone();
        one.source = text.clone();
        one.kind = crate::units::SegmentKind::Class;
        one.first_line = 1;
        one.context = super::Context {
            project: request
                .context
                .project
                .as_ref()
                .map(|p| crate::project::ProjectContext {
                    linked_classes: p.linked_classes.clone(),
                    ..Default::default()
                }),
            ..super::Context::default()
        };
        // A dataclass this unit cannot read is one it cannot use either:
        // its uses decline as values of an unknown class.
        let Ok(lowered) = front::python::lower(&one) else {
            continue;
        };
        for c in lowered.classes.iter().filter(|c| !c.data.is_empty()) {
            out.push(back::rust_class::ClassSig {
                name: c.name.clone(),
                fields: c
                    .data
                    .iter()
                    .map(|f| (f.name.clone(), f.ty.clone()))
                    .collect(),
                methods: Vec::new(),
                data: true,
                identity_eq: c.identity_eq,
            });
        }
    }
    Ok(out)
}

/// Rounds of typing a unit's classes before their fields settle; a field
/// a store types from another field's type settles a round later.
const CLASS_ROUNDS: usize = 4;

/// Python classes, and the unit's functions that use them, to Rust: each
/// class a `struct` and an `impl` (`back::rust_class`). The fields' and
/// methods' types come from the analysis of every method and function,
/// repeated with what the last round learnt until nothing changes.
fn python_classes_to_rust(
    mut functions: Vec<ir::Function>,
    classes: &[ir::Class],
    mut ids: usize,
    request: &TranslationRequest,
) -> Res<Translated> {
    // A class too large for one request comes as a skeleton, its members
    // one by one: a struct's fields are what `__init__` sets, which the
    // skeleton does not show.
    if let Some(c) = classes.first() {
        if request.source.contains(&crate::lang::member_marker(0)) {
            return Err(Decline(format!(
                "class split into members at line {}",
                c.line
            )));
        }
    }
    for c in classes {
        back::rust_class::check(c)?;
    }
    back::rust_calls::fill_default_arguments(&mut functions, &mut ids);
    for f in functions.iter_mut() {
        if let Some((_, to)) = request.context.names.iter().find(|(n, _)| *n == f.name) {
            f.name = to.clone();
        }
        analysis::usage::type_parameters(f);
    }
    let mut methods: Vec<Vec<ir::Function>> = classes
        .iter()
        .map(|c| c.methods.iter().map(|m| m.function.clone()).collect())
        .collect();
    for f in methods.iter_mut().flatten() {
        // Rust has no default arguments, and a method's calls are not
        // given the ones they leave out.
        if let Some(p) = f.params.iter().find(|p| p.default.is_some()) {
            return Err(Decline(format!(
                "method parameter `{}` with a default at line {}",
                p.name, p.line
            )));
        }
        analysis::usage::type_parameters(f);
    }
    let mut shapes = analysis::Shapes::default();
    let mut rounds = 0;
    let (method_models, function_models) = loop {
        let (m, f) = analyse_with_shapes(&mut methods, &mut functions, ids, &shapes)?;
        let next = class_shapes(classes, &methods, &m, &functions, &f);
        rounds += 1;
        if next == shapes {
            break (m, f);
        }
        // The models were made with types the stores do not bear out yet.
        if rounds == CLASS_ROUNDS {
            return Err(Decline(format!(
                "fields whose types do not settle in class `{}` at line {}",
                classes[0].name, classes[0].line
            )));
        }
        shapes = next;
    };
    let sigs = classes
        .iter()
        .zip(&methods)
        .zip(&method_models)
        .map(|((c, fs), ms)| class_sig(c, fs, ms, &shapes))
        .collect::<Res<Vec<_>>>()?;
    let mut support = Support::default();
    let mut parts = Vec::new();
    for (i, c) in classes.iter().enumerate() {
        parts.push(back::rust::write_class(
            c,
            &methods[i],
            &method_models[i],
            &sigs,
            i,
            &mut support,
        )?);
    }
    for (f, model) in functions.iter().zip(&function_models) {
        parts.push(back::rust::write_with_classes(
            f,
            model,
            Lang::Python,
            &mut support,
            &sigs,
        )?);
    }
    Ok(Translated {
        text: parts.join("\n"),
        support,
    })
}

/// Models of every method and function, each analysed on its own with the
/// classes' shapes as known so far.
#[allow(clippy::type_complexity)] // the methods' models by class, and the functions'
fn analyse_with_shapes(
    methods: &mut [Vec<ir::Function>],
    functions: &mut [ir::Function],
    ids: usize,
    shapes: &analysis::Shapes,
) -> Res<(Vec<Vec<analysis::Model>>, Vec<analysis::Model>)> {
    let mut by_class = Vec::new();
    for fs in methods.iter_mut() {
        let models = fs
            .iter_mut()
            .map(|f| analysis::analyse_with(f, ids, None, &[], shapes))
            .collect::<Res<Vec<_>>>()?;
        by_class.push(models);
    }
    let models = functions
        .iter_mut()
        .map(|f| analysis::analyse_with(f, ids, None, &[], shapes))
        .collect::<Res<Vec<_>>>()?;
    Ok((by_class, models))
}

/// What the models say of the classes: each field's type where every
/// store into it anywhere in the unit stores a value of a known type (the
/// join of them), with what changes to its list or dict show of their
/// items (`self.items.append(x)`, `self.seen[k] = v`, as for a local),
/// and each method's return type.
fn class_shapes(
    classes: &[ir::Class],
    methods: &[Vec<ir::Function>],
    method_models: &[Vec<analysis::Model>],
    functions: &[ir::Function],
    function_models: &[analysis::Model],
) -> analysis::Shapes {
    // (class, field) -> the join so far, or `None` once a store of a value
    // of no known type, or of two types that do not join, unsettles it.
    let mut stored: std::collections::HashMap<(String, String), Option<ir::Ty>> =
        std::collections::HashMap::new();
    let mut add = |model: &analysis::Model, obj: &ir::Expr, name: &str, t: ir::Ty| {
        let ir::Ty::Class(class) = model.ty(obj) else {
            return;
        };
        let slot = stored
            .entry((class.clone(), name.to_string()))
            .or_insert_with(|| Some(t.clone()));
        let joined = slot.as_ref().and_then(|old| analysis::infer::join(old, &t));
        *slot = joined.filter(|_| t != ir::Ty::Unknown);
    };
    let all = methods
        .iter()
        .flatten()
        .zip(method_models.iter().flatten())
        .chain(functions.iter().zip(function_models));
    for (f, model) in all {
        ir::for_each_stmt(&f.body, true, &mut |s| {
            match &s.kind {
                ir::StmtKind::Assign {
                    target: ir::Target::Attr { value: obj, name },
                    value,
                } => add(model, obj, name, model.ty(value).clone()),
                ir::StmtKind::Assign {
                    target:
                        ir::Target::Index {
                            value: holder,
                            index,
                            ..
                        },
                    value,
                } => {
                    let (ir::ExprKind::Attr { value: obj, name }, Some(t)) = (
                        &holder.kind,
                        items_stored(model.ty(holder), model.ty(index), model.ty(value)),
                    ) else {
                        return;
                    };
                    add(model, obj, name, t);
                }
                _ => {}
            }
            ir::for_each_stmt_expr(s, |e| {
                ir::for_each_expr(e, &mut |x| {
                    let ir::ExprKind::Method {
                        recv,
                        method: ir::Method::Append,
                        args,
                        ..
                    } = &x.kind
                    else {
                        return;
                    };
                    if let (ir::ExprKind::Attr { value: obj, name }, [item]) =
                        (&recv.kind, args.as_slice())
                    {
                        add(model, obj, name, ir::Ty::list(model.ty(item).clone()));
                    }
                })
            });
        });
    }
    let mut shapes = analysis::Shapes::default();
    for (key, t) in stored {
        if let Some(t) = t {
            shapes.fields.insert(key, t);
        }
    }
    for ((c, fs), ms) in classes.iter().zip(methods).zip(method_models) {
        for (f, model) in fs.iter().zip(ms) {
            if let Some(t) = model.types.returns.get(&f.name).filter(|t| t.is_known()) {
                shapes
                    .returns
                    .insert((c.name.clone(), f.name.clone()), t.clone());
            }
        }
    }
    shapes
}

/// The type a store `holder[index] = value` shows `holder` to be of.
fn items_stored(holder: &ir::Ty, index: &ir::Ty, value: &ir::Ty) -> Option<ir::Ty> {
    match holder {
        ir::Ty::Dict(..) => Some(ir::Ty::Dict(
            Box::new(index.clone()),
            Box::new(value.clone()),
        )),
        ir::Ty::List(_) => Some(ir::Ty::list(value.clone())),
        _ => None,
    }
}

/// A class's Rust shape, or the decline of a field it cannot type or
/// hold, or of one the constructor does not set.
fn class_sig(
    c: &ir::Class,
    methods: &[ir::Function],
    models: &[analysis::Model],
    shapes: &analysis::Shapes,
) -> Res<back::rust_class::ClassSig> {
    let mut fields = Vec::new();
    for (name, line) in &c.fields {
        let t = shapes.field(&ir::Ty::Class(c.name.clone()), name);
        if !t.is_known() {
            return Err(Decline(format!(
                "field `{name}` whose type is not settled ({t}) at line {line}"
            )));
        }
        if !back::rust_class::holds_no_object(&t) {
            return Err(Decline(format!(
                "field `{name}` holding an object ({t}) at line {line}"
            )));
        }
        fields.push((name.clone(), t));
    }
    // The first in name order: a hash map's order differs between runs.
    let unset = shapes
        .fields
        .keys()
        .filter(|(class, name)| *class == c.name && !c.fields.iter().any(|(n, _)| n == name))
        .map(|(_, name)| name)
        .min();
    if let Some(name) = unset {
        return Err(Decline(format!(
            "field `{name}` that the constructor does not set at line {}",
            c.line
        )));
    }
    let changing = back::rust_class::changing_methods(c);
    let mut sigs = Vec::new();
    for ((m, f), model) in c.methods.iter().zip(methods).zip(models) {
        let skip = usize::from(m.kind != ir::MethodKind::Static);
        let locals: Vec<_> = f.params[skip.min(f.params.len())..]
            .iter()
            .map(|p| model.scopes.local_id(p.id))
            .collect();
        let params = locals
            .iter()
            .map(|l| l.map_or(ir::Ty::Unknown, |l| model.local_ty(l).clone()))
            .collect();
        sigs.push(back::rust_class::MethodSig {
            name: f.name.clone(),
            kind: m.kind,
            changes_object: changing.contains(&f.name.as_str()),
            params,
        });
    }
    Ok(back::rust_class::ClassSig {
        name: c.name.clone(),
        fields,
        methods: sigs,
        data: false,
        identity_eq: false,
    })
}

/// JavaScript to Rust on the IR: the JavaScript frontend, the shared
/// analysis, the Rust backend. Types come from the target signature, JSDoc,
/// literals and usage; a function none of them types is written with
/// JavaScript's values instead (`back::rust_dynamic`), unless a target
/// signature asks for types.
fn javascript_to_rust(request: &TranslationRequest) -> Res<Translated> {
    if let Some(constants) = literal_constants_glue(request) {
        return Ok(constants);
    }
    if let Some(values) = module_values_glue(request) {
        return values;
    }
    match javascript_to_typed_rust(request) {
        // Where no type settles what the function does, JavaScript's
        // values do (`back::rust_dynamic`). A target signature asks for
        // its types.
        Err(typed) if request.context.signature.is_none() => {
            javascript_to_dynamic_rust(request).map_err(|dynamic| {
                // The typed backend's reason where the unit is declined
                // before either backend sees it (glue, a syntax error).
                if dynamic.0 == typed.0 {
                    typed
                } else {
                    dynamic
                }
            })
        }
        result => result,
    }
}

/// Glue that only declares the module's literal constants (`var
/// undefinedTag = '[object Undefined]';`), which the functions written
/// with JavaScript's values read as the literals
/// ([`crate::engine::Context::constants`]), regular expressions (`var
/// reTrimStart = /^\s+/;`, [`crate::engine::Context::regexes`]), which
/// they read as the patterns, and aliases of built-ins (`var isArray =
/// Array.isArray;`, [`crate::engine::Context::prototypes`]), which the
/// units that use them call as the built-ins: nothing to write but the
/// declarations, kept as comments.
fn literal_constants_glue(request: &TranslationRequest) -> Option<Translated> {
    let context = &request.context;
    if request.kind != crate::units::SegmentKind::Glue
        || (context.constants.is_empty()
            && context.prototypes.is_empty()
            && context.regexes.is_empty())
    {
        return None;
    }
    let src = without_bom(&request.source);
    let tree = crate::units::parse(src, Lang::JavaScript)?;
    let root = tree.root_node();
    // A literal constant, or an alias of a built-in (`var isArray =
    // Array.isArray`), which the units read as what it stands for.
    let is_constant = |name: &str| {
        context.constants.iter().any(|(n, _)| n == name)
            || context.prototypes.iter().any(|(n, _)| n == name)
            || context.regexes.iter().any(|(n, _)| n == name)
    };
    let mut any = false;
    for stmt in named_children(root) {
        if !matches!(stmt.kind(), "lexical_declaration" | "variable_declaration") {
            return None;
        }
        for d in named_children(stmt) {
            let name = d.child_by_field_name("name")?;
            if name.kind() != "identifier" || !is_constant(text(name, src)) {
                return None;
            }
            any = true;
        }
    }
    if !any {
        return None;
    }
    Some(source_as_comments(
        "xlate: the module's constants, patterns and aliases of built-ins, which the functions read as what they stand for:",
        src,
    ))
}

/// `src` as Rust comments under the line `header`.
fn source_as_comments(header: &str, src: &str) -> Translated {
    let mut lines = vec![format!(" {header}")];
    lines.extend(src.trim().lines().map(|l| format!(" {l}")));
    comments_only(&lines, "//")
}

/// Glue that binds the module's values computed at their first use
/// ([`crate::engine::Context::values`]), besides constants and aliases of
/// built-ins: each value a function of its name
/// (`back::rust_dynamic::module_value`), the declarations kept as
/// comments. `None` where the glue binds none, or anything else.
fn module_values_glue(request: &TranslationRequest) -> Option<Res<Translated>> {
    let context = &request.context;
    if request.kind != crate::units::SegmentKind::Glue || context.values.is_empty() {
        return None;
    }
    let lowered = front::javascript::lower_dynamic(request).ok()?;
    let module = lowered.module?;
    let mut values = Vec::new();
    for stmt in &module.body {
        let ir::StmtKind::Assign {
            target: ir::Target::Name { name, .. },
            value,
        } = &stmt.kind
        else {
            return None;
        };
        if context.values.contains(name) {
            values.push((name, value));
        } else if !context.constants.iter().any(|(n, _)| n == name) {
            return None;
        }
    }
    if values.is_empty() {
        return None;
    }
    let (callees, known, mut support) = dynamic_setting(request);
    let around = back::rust_dynamic::Around {
        callees: &callees,
        values: &known,
    };
    // `export default <expression>` as xlate binds it (see
    // `project::glue`), shown as the source writes it.
    let binding = format!("var {} = ", crate::engine::DEFAULT_BINDING);
    let source = without_bom(&request.source).replacen(&binding, "export default ", 1);
    let mut text = source_as_comments(
        "xlate: the module's values, each a function of its name below:",
        &source,
    )
    .text;
    for (name, init) in values {
        let target = context.target_name(name).unwrap_or(name);
        let shown = if name == crate::engine::DEFAULT_BINDING {
            "export default"
        } else {
            name.as_str()
        };
        let code = back::rust_dynamic::module_value(
            shown,
            target,
            init,
            &module,
            lowered.ids.count(),
            &around,
            &mut support,
        );
        match code {
            Ok(code) => {
                text.push('\n');
                text.push_str(&code);
            }
            Err(why) => return Some(Err(why)),
        }
    }
    Some(Ok(Translated { text, support }))
}

/// What a unit written with JavaScript's values may call and read (the
/// project's functions, the module's values), and its support as the
/// project shares it.
fn dynamic_setting(
    request: &TranslationRequest,
) -> (
    back::rust_dynamic::Callees,
    std::collections::HashSet<String>,
    Support,
) {
    let project = request.context.project.as_ref();
    let callees =
        back::rust_dynamic::callees(project.map(|p| p.callees.as_slice()).unwrap_or_default());
    let values = request.context.values.iter().cloned().collect();
    let support = Support {
        crate_shared: project.is_some_and(|p| p.shared_support),
        cyclic_callees: project
            .map(|p| p.cyclic_callees.clone())
            .unwrap_or_default(),
        ..Support::default()
    };
    (callees, values, support)
}

/// JavaScript to Rust with JavaScript's values: the JavaScript frontend
/// lowering for such a target, then `back::rust_dynamic`, for each
/// function of the unit.
fn javascript_to_dynamic_rust(request: &TranslationRequest) -> Res<Translated> {
    let lowered = match javascript_for_rust(request, front::javascript::lower_dynamic)? {
        Ok(lowered) => lowered,
        Err(comments) => return Ok(comments),
    };
    let (mut callees, values, mut support) = dynamic_setting(request);
    // The unit's functions call each other with values.
    for f in &lowered.functions {
        callees.insert(f.name.clone(), back::rust_dynamic::Callee::of(f));
    }
    let ids = lowered.ids.count();
    let around = back::rust_dynamic::Around {
        callees: &callees,
        values: &values,
    };
    let mut text = String::new();
    for f in &lowered.functions {
        let name = request
            .context
            .target_name(&f.name)
            .unwrap_or(&f.name)
            .to_string();
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&back::rust_dynamic::write(
            f,
            &name,
            ids,
            &around,
            &mut support,
        )?);
    }
    Ok(Translated { text, support })
}

/// A JavaScript unit lowered by `lower` for a Rust backend, or (`Err`)
/// the comments of one that defines nothing. Glue and top-level statements
/// are declined, and so are the frontend's obligations on types, which
/// neither Rust backend discharges.
fn javascript_for_rust(
    request: &TranslationRequest,
    lower: fn(&TranslationRequest) -> Res<front::javascript::Lowered>,
) -> Res<Result<front::javascript::Lowered, Translated>> {
    if request.kind == crate::units::SegmentKind::Glue {
        return Err(Decline(format!(
            "top-level code other than functions at line {}",
            request.first_line
        )));
    }
    let lowered = lower(request)?;
    if let Some(m) = &lowered.module {
        return Err(Decline(format!("top-level statement at line {}", m.line)));
    }
    if let Some(o) = lowered.obligations.first() {
        return Err(Decline(o.decline.clone()));
    }
    if lowered.functions.is_empty() {
        return Ok(Err(comments_only(&lowered.comments, "//")));
    }
    Ok(Ok(lowered))
}

/// JavaScript to Rust with Rust's types.
fn javascript_to_typed_rust(request: &TranslationRequest) -> Res<Translated> {
    let lowered = match javascript_for_rust(request, front::javascript::lower)? {
        Ok(lowered) => lowered,
        Err(comments) => return Ok(comments),
    };
    ir_to_rust(
        lowered.functions,
        lowered.ids.count(),
        Lang::JavaScript,
        request,
        &[],
    )
}

/// The Rust that function `source` of language `from` (one top-level
/// function, a JavaScript one with its doc comment, from `path` at
/// `first_line`) translates to on its own, without the project around it:
/// what `project::callees` reads the signature a caller in another unit is
/// given from. `around` gives the signatures of the other modules'
/// functions it may call (computed before it: see `project::callees`),
/// whether the crate declares the shared helpers once, and what the
/// function's module binds that a unit reads (its prototype aliases,
/// regular expressions and literal constants, as
/// [`crate::engine::Context`] names them). `None` where it is declined
/// alone (a function that calls one of the project's without a signature
/// is, so its callers are declined as before).
pub(crate) fn function_to_rust(
    from: Lang,
    source: &str,
    name: &str,
    path: &std::path::Path,
    first_line: usize,
    around: crate::project::callees::Around,
) -> Option<String> {
    let module = around.module.cloned().unwrap_or_default();
    let direction: fn(&TranslationRequest) -> Res<Translated> = match from {
        Lang::JavaScript => javascript_to_rust,
        Lang::Python => python_to_rust,
        Lang::Rust => return None,
    };
    let request = TranslationRequest {
        from,
        to: Lang::Rust,
        kind: crate::units::SegmentKind::Function,
        name: Some(name.to_string()),
        source: source.to_string(),
        path: path.to_path_buf(),
        first_line,
        context: crate::engine::Context {
            project: Some(crate::project::ProjectContext {
                callees: around.callees.to_vec(),
                shared_support: around.shared_support,
                ..Default::default()
            }),
            prototypes: module.prototypes,
            regexes: module.regexes,
            constants: module.constants,
            values: module.values,
            ..Default::default()
        },
    };
    crate::depth::with_engine_stack(|| direction(&request))
        .ok()
        .map(|t| t.text)
}

/// JavaScript to Python on the IR: the JavaScript frontend, the shared
/// analysis, the gap checks for JavaScript sources, the Python backend.
fn javascript_to_python(request: &TranslationRequest) -> Res<Translated> {
    let mut lowered = front::javascript::lower(request)?;
    if let Some(module) = lowered.module.take() {
        return javascript_module_to_python(module, lowered, request);
    }
    if lowered.functions.is_empty() {
        return Ok(comments_only(&lowered.comments, "#"));
    }
    // Ids for what the passes below add to the lowered functions.
    let mut fresh = lowered.ids;
    let declared = python_signature_types(request);
    let mut support = Support::default();
    let mut text = String::new();
    // The unit's functions already written, for the calls of later ones:
    // their parameter and return types.
    let mut earlier: Vec<analysis::signature::RustSignature> = Vec::new();
    for (i, mut f) in lowered.functions.into_iter().enumerate() {
        // The target signature's annotations type the unit's function.
        if let (0, Some((params, ret))) = (i, &declared) {
            // Trailing parameters the signature has no place for and the
            // body never mentions (`(numbers, int) =>`) are left out.
            while f.params.len() > params.len()
                && f.params
                    .last()
                    .is_some_and(|p| !analysis::usage::mentions(&f.body, &p.name))
            {
                f.params.pop();
            }
            if params.len() == f.params.len() {
                for (p, t) in f.params.iter_mut().zip(params) {
                    if p.ty == ir::Ty::Unknown {
                        p.ty = t.clone();
                    }
                }
                // A bare `list` says no more than that an array comes
                // back, which the body's types say better (a fixed
                // record of values of different types among them).
                if f.ret == ir::Ty::Unknown && *ret != ir::Ty::list(ir::Ty::Unknown) {
                    f.ret = ret.clone();
                }
            }
        }
        front::javascript::returned_arrays_as_tuples(&mut f, &mut fresh);
        let ids = fresh.count();
        // What the signature leaves untyped, the uses type.
        analysis::usage::type_parameters_by_operands(&mut f);
        let model = analysis::analyse(&mut f, ids, None, &earlier)?;
        back::javascript_gaps::check(&f, &model)?;
        back::javascript_gaps::obligations(&f, &model, &lowered.obligations)?;
        let ret = model
            .types
            .returns
            .get(&f.name)
            .cloned()
            .unwrap_or_else(|| f.ret.clone());
        earlier.push(analysis::signature::RustSignature {
            name: f.name.clone(),
            generics: Vec::new(),
            params: f
                .params
                .iter()
                .map(|p| analysis::signature::SignatureParam {
                    name: p.name.clone(),
                    ty: p.ty.clone(),
                    passing: p.passing,
                    written: String::new(),
                    borrowed_items: false,
                    mutable: false,
                    given_back: false,
                })
                .collect(),
            ret: (ret != ir::Ty::Unit).then(|| (ret, String::new())),
        });
        // The backend names the unit's first function after the target
        // signature; later ones keep their names.
        let functions = [f];
        let input = back::Input {
            functions: &functions,
            types: &model.types.exprs,
            from: Lang::JavaScript,
            request,
        };
        let out = if i == 0 {
            back::python::write(&input)?
        } else {
            let mut r = request.clone();
            r.context.signature = None;
            let input = back::Input {
                request: &r,
                ..input
            };
            back::python::write(&input)?
        };
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&out.text);
        for s in out.support.items {
            support.add(&s.key, &s.code);
        }
    }
    Ok(Translated { text, support })
}

/// The top-level statements of a JavaScript unit of glue (constants,
/// calls), analysed as the body of a function and written at the top level
/// of the Python module.
fn javascript_module_to_python(
    mut module: ir::Function,
    lowered: front::javascript::Lowered,
    request: &TranslationRequest,
) -> Res<Translated> {
    let model = analysis::analyse(&mut module, lowered.ids.count(), None, &[])?;
    back::javascript_gaps::check(&module, &model)?;
    back::javascript_gaps::obligations(&module, &model, &lowered.obligations)?;
    let functions = [module];
    let input = back::Input {
        functions: &functions,
        types: &model.types.exprs,
        from: Lang::JavaScript,
        request,
    };
    back::python::write_module(&input)
}

/// The parameter and return types a Python target signature
/// (`def f(a: int) -> bool:`) declares, read by the Python frontend.
fn python_signature_types(request: &TranslationRequest) -> Option<(Vec<ir::Ty>, ir::Ty)> {
    let sig = request.context.signature.as_deref()?;
    let completed = crate::signatures::complete(sig, Lang::Python);
    let probe = TranslationRequest {
        from: Lang::Python,
        source: completed,
        ..request.clone()
    };
    let lowered = front::python::lower(&probe).ok()?;
    let f = lowered.functions.into_iter().next()?;
    Some((f.params.into_iter().map(|p| p.ty).collect(), f.ret))
}

/// The shared analysis and the Rust backend, for the functions a frontend
/// lowered from `from`.
fn ir_to_rust(
    mut functions: Vec<ir::Function>,
    mut ids: usize,
    from: Lang,
    request: &TranslationRequest,
    nodes: &[back::rust_class::ClassSig],
) -> Res<Translated> {
    // The fields of the tree node classes, for the analysis.
    let mut shapes = analysis::Shapes {
        narrows: from == Lang::JavaScript,
        ..analysis::Shapes::default()
    };
    for c in nodes {
        shapes.nodes.insert(c.name.clone());
        for (name, t) in &c.fields {
            shapes
                .fields
                .insert((c.name.clone(), name.clone()), t.clone());
        }
    }
    // Rust has no default arguments: the unit's calls pass them.
    back::rust_calls::fill_default_arguments(&mut functions, &mut ids);
    let signature = match &request.context.signature {
        Some(text) => analysis::signature::read(text).map_err(|u| {
            Decline(format!(
                "target signature with type {} at line {}",
                u.0, request.first_line
            ))
        })?,
        None => None,
    };
    // A target that lends a value (`&mut Vec<i32>`) asks for a function
    // changing its caller's value, which the backend writes only where the
    // source does; not read as a contract yet.
    if let Some(p) = signature.iter().flat_map(|s| &s.params).find(|p| p.mutable) {
        return Err(Decline(format!(
            "target signature with type `{}` at line {}",
            p.written, request.first_line
        )));
    }
    let project = request.context.project.as_ref();
    // The project's functions the unit may call, by their translations'
    // signatures.
    let externs: Vec<analysis::signature::RustSignature> = project
        .iter()
        .flat_map(|p| &p.callees)
        .filter_map(|text| analysis::signature::read_callee(text).ok().flatten())
        .collect();
    let mut support = Support {
        crate_shared: project.is_some_and(|p| p.shared_support),
        cyclic_callees: project
            .map(|p| p.cyclic_callees.clone())
            .unwrap_or_default(),
        ..Support::default()
    };
    let mut text = String::new();
    for mut f in functions {
        // The name the signature or the file's symbol table chose.
        if let Some(sig) = &signature {
            f.name = sig.name.clone();
        } else if let Some(to) = request.context.target_name(&f.name) {
            f.name = to.to_string();
        }
        if let Some(Some((ir::Ty::Tuple(items), _))) = signature.as_ref().map(|s| &s.ret) {
            tuple_returns(&mut f.body, items.len());
        }
        // Without a target signature (a tree, not a benchmark task), the
        // parameters the source leaves untyped take the one type their uses
        // allow; the Rust signature then states that assumption.
        if signature.is_none() {
            match from {
                Lang::JavaScript => {
                    analysis::usage::type_parameters_by_operands(&mut f);
                    analysis::usage::integral_index_parameters(&mut f);
                }
                _ => analysis::usage::type_parameters(&mut f),
            }
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let model = analysis::analyse_with(&mut f, ids, signature.as_ref(), &externs, &shapes)?;
        let written = back::rust::write(&f, &model, signature.as_ref(), from, &mut support, nodes);
        // Untyped parameters that nothing types are generic. From
        // JavaScript only copying such a value is the same in Rust: the
        // backend declines the other bounds (`===` compares objects by
        // identity).
        let written = match written {
            Err(declined) if signature.is_none() && from != Lang::Rust => {
                let inputs = GenericInputs {
                    from,
                    ids,
                    externs: &externs,
                    shapes: &shapes,
                    nodes,
                };
                generic(&f, &model, &inputs, &mut support).unwrap_or(Err(declined))?
            }
            w => w?,
        };
        text.push_str(&written);
    }
    Ok(Translated { text, support })
}

/// What writing a function again with type variables needs besides the
/// function: the analysis's inputs and the backend's.
struct GenericInputs<'a> {
    from: Lang,
    ids: usize,
    externs: &'a [analysis::signature::RustSignature],
    shapes: &'a analysis::Shapes,
    nodes: &'a [back::rust_class::ClassSig],
}

/// Rounds of type variables for one function: each round may type
/// parameters whose uses read values of the last round's variables.
const GENERIC_ROUNDS: usize = 3;

/// `f` written with type variables for the parameters `model` leaves
/// untyped: each its own first, one shared where that declines (the body
/// compares or mixes them). `None` where there are none to give, or where
/// the first attempt's decline is about a value still of unknown type
/// (the original decline, naming the parameter, says more); otherwise
/// that decline, which says what a generic lacks (`truth value of T`).
fn generic(
    f: &ir::Function,
    model: &analysis::Model,
    inputs: &GenericInputs,
    support: &mut Support,
) -> Option<Res<String>> {
    use analysis::generics::{type_variables, Sharing};
    let mut first = None;
    for sharing in [Sharing::Fresh, Sharing::Shared] {
        let mut g = f.clone();
        let analyse = |g: &mut ir::Function| {
            analysis::analyse_with(g, inputs.ids, None, inputs.externs, inputs.shapes)
        };
        if !type_variables(&mut g, model, sharing, inputs.from == Lang::JavaScript) {
            return None;
        }
        let mut typed = analyse(&mut g);
        // What the variables just given type may type more parameters:
        // a callback's argument read into a local first (`var value =
        // array[index]; predicate(value)`) is of the list's item type
        // only once the list has one.
        for _ in 1..GENERIC_ROUNDS {
            let Ok(m) = &typed else { break };
            if !type_variables(&mut g, m, sharing, inputs.from == Lang::JavaScript) {
                break;
            }
            typed = analyse(&mut g);
        }
        let mut scratch = support.clone();
        let attempt = typed
            .and_then(|m| back::rust::write(&g, &m, None, inputs.from, &mut scratch, inputs.nodes));
        match attempt {
            Ok(text) => {
                *support = scratch;
                return Some(Ok(text));
            }
            Err(d) => {
                // Two variables of the caller met as one variable of a
                // callee is what one shared variable answers: the shared
                // round's decline says more.
                let conflict = first
                    .as_ref()
                    .is_some_and(|f: &Decline| f.0.contains("would be both"));
                if conflict {
                    first = Some(d);
                } else {
                    first.get_or_insert(d);
                }
            }
        }
    }
    first.filter(|d| !d.0.contains("unknown")).map(Err)
}

/// `return [a, b]` in a function declared to return a tuple of as many
/// items returns the tuple `(a, b)`: the literal is made to be returned, so
/// nothing else sees it as a list. Nested functions keep their returns.
fn tuple_returns(body: &mut ir::Block, arity: usize) {
    for stmt in body.iter_mut() {
        match &mut stmt.kind {
            ir::StmtKind::Return(Some(value)) => {
                if let ir::ExprKind::List(items) = &mut value.kind {
                    let spread = items
                        .iter()
                        .any(|i| matches!(i.kind, ir::ExprKind::Spread(_)));
                    if items.len() == arity && !spread {
                        value.kind = ir::ExprKind::Tuple(std::mem::take(items));
                    }
                }
            }
            ir::StmtKind::If { branches, orelse } => {
                for (_, b) in branches.iter_mut() {
                    tuple_returns(b, arity);
                }
                tuple_returns(orelse, arity);
            }
            ir::StmtKind::While { body, .. } => tuple_returns(body, arity),
            ir::StmtKind::For { body, orelse, .. } => {
                tuple_returns(body, arity);
                tuple_returns(orelse, arity);
            }
            _ => {}
        }
    }
}

/// Why a unit is declined: the construct and its line, ready for the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decline(pub String);

pub(crate) type Res<T> = Result<T, Decline>;

/// A unit's translation, before it becomes a [`Candidate`].
pub(crate) struct Translated {
    pub text: String,
    pub support: Support,
}

/// A unit that defines nothing (glue of imports, a module's docstring):
/// its comments, each after `marker`.
fn comments_only(comments: &[String], marker: &str) -> Translated {
    let mut out = Out::default();
    out.comments(marker, comments);
    Translated {
        text: out.render("    "),
        support: Support::default(),
    }
}

/// The file-level code (helpers, imports) one unit's translation needs, in
/// the order first needed.
#[derive(Clone, Debug, Default)]
pub(crate) struct Support {
    pub items: Vec<SupportCode>,
    /// The unit goes into a crate whose support module declares the
    /// helpers its files share (`project::crate_support`): a bound of
    /// another file's callee on one of them (`T: JsPrimitive`) is the
    /// caller's too.
    pub crate_shared: bool,
    /// Functions of other modules the unit may call whose signatures an
    /// import cycle leaves unknown (name, the cycle): a call of one is
    /// declined naming it.
    pub cyclic_callees: Vec<(String, String)>,
}

impl Support {
    pub fn add(&mut self, key: &str, code: &str) {
        if !self.items.iter().any(|s| s.key == key) {
            self.items.push(SupportCode {
                key: key.to_string(),
                code: code.to_string(),
            });
        }
    }
}

/// Where the unit's text sits in its file, to turn tree rows into file lines.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lines {
    /// File line of row 0 of the parsed text.
    pub first: usize,
    /// Rows added before the unit's text to make it parse (a class wrapper).
    pub added: usize,
}

impl Lines {
    /// The lines of a text parsed as it is, row 0 at file line `first`.
    pub fn starting_at(first: usize) -> Lines {
        Lines { first, added: 0 }
    }

    pub fn of(&self, node: Node) -> usize {
        (self.first + node.start_position().row).saturating_sub(self.added)
    }

    pub fn decline<T>(&self, node: Node, what: impl std::fmt::Display) -> Res<T> {
        Err(Decline(format!("{what} at line {}", self.of(node))))
    }
}

/// `text` without its byte-order mark, which the parser leaves out: node
/// offsets index this.
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The text of a node.
pub(crate) fn text<'s>(node: Node, src: &'s str) -> &'s str {
    &src[node.byte_range()]
}

/// The named children of a node, without Python's and JavaScript's
/// comments and Python's `\` line continuations (Rust's comments, which
/// the Rust frontend gathers from here, are kept).
pub(crate) fn named_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| !matches!(c.kind(), "comment" | "line_continuation"))
        .collect()
}

/// All children of a node, comments included.
pub(crate) fn children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.children(&mut cursor).collect()
}

/// Lines of translated code with their indentation depth, joined at the end.
#[derive(Default)]
pub(crate) struct Out {
    pub lines: Vec<(usize, String)>,
    pub depth: usize,
}

impl Out {
    pub fn line(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.lines.push((self.depth, text));
    }

    /// Comment lines (the text after each marker, as the IR holds it),
    /// each after `marker`.
    pub fn comments(&mut self, marker: &str, lines: &[String]) {
        for l in lines {
            self.line(format!("{marker}{l}"));
        }
    }

    /// Rust comment lines: `//` before each, and a space after it where
    /// the text starts with `/` or `!`, which would make `///` or `//!`, a
    /// doc comment, an error where nothing follows it to document.
    pub fn rust_comments(&mut self, lines: &[String]) {
        for l in lines {
            self.line(rust_line_comment(l));
        }
    }

    pub fn blank(&mut self) {
        if self.lines.last().is_some_and(|(_, l)| !l.is_empty()) {
            self.lines.push((0, String::new()));
        }
    }

    /// The lines, indented by `unit` per depth level.
    pub fn render(&self, unit: &str) -> String {
        let mut s = String::new();
        for (depth, line) in &self.lines {
            if !line.is_empty() {
                for _ in 0..*depth {
                    s.push_str(unit);
                }
                // Multi-line pieces (template literals) keep their own lines.
                s.push_str(line);
            }
            s.push('\n');
        }
        s
    }
}

/// One Rust line comment of `text` (a comment's line without its marker),
/// never a doc comment.
pub(crate) fn rust_line_comment(text: &str) -> String {
    if text.starts_with(['/', '!']) {
        format!("// {text}")
    } else {
        format!("//{text}")
    }
}

/// Splits a comment's text into its lines without the comment markers.
pub(crate) fn comment_body(comment: &str, lang: Lang) -> Vec<String> {
    match lang {
        Lang::Python => vec![comment
            .strip_prefix('#')
            .unwrap_or(comment)
            .trim_end()
            .to_string()],
        _ => {
            if let Some(rest) = comment.strip_prefix("//") {
                vec![rest.trim_end().to_string()]
            } else {
                let inner = comment
                    .strip_prefix("/*")
                    .and_then(|c| c.strip_suffix("*/"))
                    .unwrap_or(comment);
                let inner = inner.strip_prefix('*').unwrap_or(inner);
                inner
                    .lines()
                    .map(|l| {
                        let t = l.trim();
                        let t = t.strip_prefix('*').unwrap_or(t);
                        if t.is_empty() {
                            String::new()
                        } else if t.starts_with(' ') {
                            t.to_string()
                        } else {
                            format!(" {t}")
                        }
                    })
                    .skip_while(|l| l.is_empty())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .skip_while(|l| l.is_empty())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_is_kept_once_in_order() {
        let mut s = Support::default();
        s.add("helper:b", "b\n");
        s.add("helper:a", "a\n");
        s.add("helper:b", "b\n");
        let keys: Vec<&str> = s.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["helper:b", "helper:a"]);
    }

    /// A Rust unit the engine has no rule for names what it is: a
    /// `macro_rules!` definition the expander does not read says why, and
    /// is not "a member of a type".
    #[test]
    fn rust_units_without_rules_are_declined_by_their_kind() {
        use crate::units::SegmentKind;
        for (kind, source, named) in [
            (
                SegmentKind::Macro,
                "macro_rules! m {\n    ($x) => {};\n}\n",
                "`macro_rules!` definition: a `$` in a matcher that is not `$x:frag` or `$(..)` at line 3",
            ),

            (
                SegmentKind::Field,
                "x: i32,\n",
                "a member of a type at line 3",
            ),
        ] {
            let request = TranslationRequest {
                from: Lang::Rust,
                to: Lang::Python,
                kind,
                name: None,
                source: source.to_string(),
                path: std::path::PathBuf::from("m.rs"),
                first_line: 3,
                context: crate::engine::Context::default(),
            };
            match from_rust(&request, Lang::Python) {
                Err(Decline(reason)) => assert_eq!(reason, named, "{kind:?}"),
                Ok(t) => panic!("{kind:?} translated:\n{}", t.text),
            }
        }
    }

    #[test]
    fn comments_lose_their_markers() {
        assert_eq!(comment_body("# hi", Lang::Python), [" hi"]);
        assert_eq!(comment_body("// hi", Lang::JavaScript), [" hi"]);
        assert_eq!(
            comment_body("/**\n * a\n * b\n */", Lang::JavaScript),
            [" a", " b"]
        );
    }

    #[test]
    fn supports_the_pairs_it_has_rules_for() {
        assert!(Rules.supports(Lang::Python, Lang::JavaScript));
        assert!(Rules.supports(Lang::JavaScript, Lang::Python));
        assert!(!Rules.supports(Lang::Python, Lang::Python));
        assert!(Rules.supports(Lang::Python, Lang::Rust));
        assert!(Rules.supports(Lang::Rust, Lang::Python));
        assert!(Rules.supports(Lang::Rust, Lang::JavaScript));
        assert!(Rules.supports(Lang::JavaScript, Lang::Rust));
    }
}
