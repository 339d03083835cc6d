//! The Rust frontend: a unit's tree-sitter-rust tree lowered to the IR.
//!
//! Rust declares every type a function's values have, so this frontend
//! types every expression itself as it lowers it (a side table by
//! [`ExprId`]) and records Rust's meaning on each operation: integer `/`
//! and `%` truncate, indexing and slicing panic out of range and never
//! count from the end, conditions are bools, `&&`/`||` give bools, `==` is
//! by value. Names are resolved here too: a `let` that shadows a binding of
//! an enclosing block gets a name of its own (`i_2`), since Python and
//! JavaScript scopes are the function's, not the block's.
//!
//! Iterator chains (`xs.iter().filter(..).map(..).collect()`) become
//! comprehensions, `fold` and `position` become loops hoisted before their
//! statement, `match` becomes an `if` chain. Whatever has no such reading
//! (`?` outside a writer, labels, closures that assign to the names they
//! capture) is declined with its line. `unsafe` code is lowered as safe
//! code: what only it may do (raw pointers, FFI, `static mut`) is declined
//! anyway, and its unchecked forms (`get_unchecked`) are undefined where
//! the targets raise.

pub(crate) mod attributes;
mod conversions;
mod debug_builders;
mod defaults;
mod formatter;
mod generics;
mod iterate;
pub(crate) mod macros;
mod opaque;
mod orderings;
mod params;
mod primitive_impls;
mod question;
mod results;
pub(crate) mod split;
mod std_methods;
mod traits;
pub(crate) use traits::has_default_method;
mod types;
mod uses;
mod variants;
mod writer;

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::{comment_lines, stray_comments, BlockComments};

use crate::engine::rules::ir::{
    BinOp, Block, Builtin, CharClass, Class, Clause, CmpOp, CompKind, DivSem, EqSem, ErrorKind,
    Expr, ExprId, ExprKind, FloatTy, FormatPart, Function, Ids, Impl, IndexSem, IntTy, Lit,
    LogicOp, LogicSem, Method, OperandSem, OutOfRange, Param, Passing, Rounding, SliceSem, Stmt,
    StmtKind, Target, Truthiness, Ty, UnOp,
};
use crate::engine::rules::{children, named_children, text, Decline, Lines, Res};
use crate::engine::TranslationRequest;
use crate::lang::Lang;

/// Rust's index read: out of range panics, no index counts from the end.
pub const RUST_INDEX: IndexSem = IndexSem {
    out_of_range: OutOfRange::Panics,
    negative_from_end: false,
};

/// Rust's slice: bounds out of range panic, none counts from the end.
pub const RUST_SLICE: SliceSem = SliceSem {
    clamps: false,
    negative_from_end: false,
};

/// Rust's `&&`/`||`: bools in, a bool out.
const RUST_LOGIC: LogicSem = LogicSem {
    truthiness: Truthiness::Bool,
    yields_operand: false,
};

/// A unit lowered: its functions and the type of every expression and
/// binding, by [`ExprId`].
#[derive(Debug)]
pub struct Lowered {
    pub functions: Vec<Function>,
    /// A struct unit's class.
    pub classes: Vec<Class>,
    /// An inherent `impl` unit's methods.
    pub impls: Vec<Impl>,
    pub types: Vec<Ty>,
}

/// The names `item` slices or indexes by byte: `&s[a..b]`, `s.get(a..b)`,
/// `s.as_bytes()` (a walk with an explicit stack: no recursion).
fn byte_sliced_names(item: Node, src: &str) -> HashSet<String> {
    let mut names = HashSet::new();
    let mut stack = vec![item];
    while let Some(n) = stack.pop() {
        stack.extend(named_children(n));
        let kids = named_children(n);
        let sliced = match n.kind() {
            "index_expression" => match kids.as_slice() {
                [v, i] if i.kind() == "range_expression" => Some(*v),
                _ => None,
            },
            "call_expression" => {
                let f = n.child_by_field_name("function");
                let args = n.child_by_field_name("arguments").map(named_children);
                match (f, args.as_deref()) {
                    (Some(f), Some(args)) if f.kind() == "field_expression" => {
                        let field = f.child_by_field_name("field").map(|x| text(x, src));
                        let by_byte = match (field, args) {
                            (Some("get"), [r]) => r.kind() == "range_expression",
                            (Some("as_bytes"), []) => true,
                            _ => false,
                        };
                        f.child_by_field_name("value").filter(|_| by_byte)
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(v) = sliced.filter(|v| v.kind() == "identifier") {
            names.insert(text(v, src).to_string());
        }
    }
    names
}

/// Lowers a Rust unit (one or more `fn` items) to the IR.
pub fn lower(req: &TranslationRequest) -> Res<Lowered> {
    lower_as(req, false)
}

/// Lowers one method of a split `impl`, given as an `impl` holding it
/// alone (see [`split::member_as_impl`]): the `impl`'s other methods are
/// its siblings' units, so what only the whole `impl` knows (the trait's
/// default methods it does not write) is the skeleton's.
pub fn lower_split_member(req: &TranslationRequest) -> Res<Lowered> {
    lower_as(req, true)
}

fn lower_as(req: &TranslationRequest, split_member: bool) -> Res<Lowered> {
    let lines = Lines {
        first: req.first_line,
        added: 0,
    };
    let src = crate::engine::rules::without_bom(&req.source);
    let parse = |text: &str| {
        crate::units::parse(text, Lang::Rust)
            .ok_or_else(|| Decline("source the Rust parser gave up on".into()))
    };
    let tree = parse(src)?;
    // Macros that write items are expanded first, as rustc does, on the
    // rows of their invocations (see `macros::expand_items`); the source
    // is parsed again only where one was.
    let expansion = if tree.root_node().has_error() {
        Ok(None)
    } else {
        macros::expand_items(&req.context.macros, src, tree.root_node())
    };
    let expanded;
    let (src, tree) = match expansion {
        Ok(Some(text)) => {
            expanded = text;
            (expanded.as_str(), parse(&expanded)?)
        }
        Ok(None) => (src, tree),
        Err((row, why)) => return Err(Decline(format!("{why} at line {}", req.first_line + row))),
    };
    let root = tree.root_node();
    if root.has_error() {
        let at = crate::units::first_syntax_error(src, Lang::Rust)
            .map_or(req.first_line, |(p, _)| req.first_line + p.line - 1);
        return Err(Decline(format!("syntax error at line {at}")));
    }
    // Every walk below recurses over the tree; one nested deeper than they
    // can follow is declined here, before any of them starts.
    if let Err(deep) = crate::depth::check(root) {
        return lines.decline(deep.node, deep.what());
    }
    let macro_defs = macros::definitions(&req.context.macros, src, root);
    let snippets = macros::snippets(src, root, &macro_defs);
    // The project's functions this unit may call (other units, other
    // modules), as declared: their types type the calls.
    let callees: Vec<(String, tree_sitter::Tree)> = req
        .context
        .project
        .iter()
        .flat_map(|p| &p.callees)
        .filter_map(|decl| {
            let code = format!("{decl} {{}}\n");
            let tree = crate::units::parse(&code, Lang::Rust)?;
            Some((code, tree))
        })
        .collect();
    // The file's structs this unit mentions (their fields and methods),
    // and the traits it names with their impls for primitive types, then
    // the unit's own, which win.
    // The structs of other modules the unit imports come first: the
    // file's own win over them, as its own win over the file's.
    let parsed = |decl: &String| Some((decl.clone(), crate::units::parse(decl, Lang::Rust)?));
    let mut declared: Vec<(String, tree_sitter::Tree)> = req
        .context
        .project
        .iter()
        .flat_map(|p| &p.types)
        .filter_map(parsed)
        .collect();
    // Where the file's own declarations start (another module's impls
    // for primitive types are not called: see `primitive_impls`).
    let file_declared = declared.len();
    declared.extend(req.context.types.iter().filter_map(parsed));
    let top_uses: String = named_children(root)
        .into_iter()
        .filter(|n| n.kind() == "use_declaration")
        .map(|n| format!("{}\n", text(n, src)))
        .collect();
    let file_imports = format!("{}\n{top_uses}", req.context.imports);
    let body_uses = uses::body_use_lines(root, src);
    let mut lower = Lower {
        src,
        declared: &declared,
        trait_impls: HashMap::new(),
        primitive_methods: Vec::new(),
        primitive_self: None,
        trait_defaults: HashSet::new(),
        bounds: HashMap::new(),
        inlining: 0,
        snippets: &snippets.texts,
        snippet_of: &snippets.of,
        expansions: &snippets.expansions,
        source: 0,
        inline: 0,
        file_functions: req.context.names.iter().map(|(s, _)| s.clone()).collect(),
        lines,
        ids: Ids::default(),
        types: Vec::new(),
        scopes: Vec::new(),
        functions: Vec::new(),
        imports: imported_names(&format!("{}\n{body_uses}", req.context.imports)),
        pre: Vec::new(),
        no_hoist: 0,
        closure_depth: Vec::new(),
        function_ret: None,
        structs: HashMap::new(),
        traits: HashMap::new(),
        constants: HashMap::new(),
        struct_names: HashSet::new(),
        self_type: None,
        fresh_self: None,
        updated_self: None,
        io_result: false,
        copied_lets: HashSet::new(),
        fresh_locals: HashSet::new(),
        local_consts: HashSet::new(),
        hoisted_let: None,
        type_args: HashMap::new(),
        opaque_types: Vec::new(),
        formatter: None,
        debug_fmt: false,
        implicit: HashMap::new(),
        formatter_writes: Vec::new(),
        assoc_types: HashMap::new(),
        unreadable: HashSet::new(),
        byte_sliced: HashSet::new(),
        orderings_seen: std::cell::Cell::new(false),
        // The file's `use` lines, or the unit's own where it holds them,
        // and those inside its bodies (see `uses`).
        use_lines: format!("{file_imports}\n{body_uses}"),
        ordering_imported: orderings::imports_ordering(&req.context.imports)
            || orderings::imports_ordering(&top_uses)
            || orderings::imports_ordering(&body_uses),
        file_imports,
        split_member,
    };
    // Traits first, so that each `impl` of one gives its type the default
    // methods (read again below, once the structs their signatures name
    // are known).
    lower.register_all_traits(root);
    for (k, (code, tree)) in declared.iter().enumerate() {
        let saved = lower.src;
        lower.src = code;
        let _ = lower.register_structs(tree.root_node(), false);
        lower.register_trait_impls(k, tree.root_node());
        lower.src = saved;
    }
    // Again, now that more structs are known: a method's signature may
    // name a struct declared after its own (`fn cursor(&self) -> Cursor<'_>`
    // where `Cursor` holds a `&Words`), which the first round could not
    // read, and a field a struct whose own field's struct came later
    // (`Style` holding a `Color` holding an `AnsiColor`). Rounds until
    // none reads a struct more: each reads the same signatures, so
    // declares no name twice, and a chain of n declarations needs at most
    // n rounds.
    for _ in 0..declared.len() {
        let before = (lower.struct_names.len(), lower.structs.len());
        for (code, tree) in declared.iter() {
            let saved = lower.src;
            lower.src = code;
            let _ = lower.register_structs(tree.root_node(), false);
            lower.src = saved;
        }
        if (lower.struct_names.len(), lower.structs.len()) == before {
            break;
        }
    }
    lower.register_all_traits(root);
    for (code, tree) in declared.iter() {
        let saved = lower.src;
        lower.src = code;
        let _ = lower.register_structs(tree.root_node(), false);
        lower.src = saved;
    }
    lower.register_structs(root, true)?;
    // A struct of the file whose own unit was not translated is not in the
    // target: an `impl` of it (a trait's, which names nothing else that
    // failed) would attach methods to a class that is not there.
    if let Some(project) = &req.context.project {
        for name in &project.unavailable_types {
            if lower.structs.remove(name).is_some() {
                lower.struct_names.remove(name);
                lower.unreadable.insert(name.clone());
            }
        }
    }
    for (k, (code, tree)) in declared.iter().enumerate() {
        let saved = lower.src;
        lower.src = code;
        lower.register_primitive_impls(tree.root_node(), k >= file_declared);
        lower.src = saved;
    }
    lower.register_primitive_impls(root, true);
    for (code, tree) in &callees {
        let saved = lower.src;
        lower.src = code;
        let item = named_children(tree.root_node())
            .into_iter()
            .find(|n| n.kind() == "function_item");
        // A callee whose types this frontend does not read stays a name
        // of the file, its result untyped, as before.
        if let Some(Ok(Some(sig))) = item.map(|item| lower.signature_of(item)) {
            lower.functions.push(sig);
        }
        lower.src = saved;
    }
    // Every top-level function of the unit is known before any body is
    // lowered, so that they may call each other.
    for item in named_children(root) {
        if item.kind() == "function_item" {
            if let Some(sig) = lower.signature_of(item)? {
                lower.functions.push(sig);
            }
        }
    }
    let mut functions: Vec<Function> = Vec::new();
    let mut classes: Vec<Class> = Vec::new();
    let mut impls: Vec<Impl> = Vec::new();
    // Comments (doc comments too) before a function are its own.
    let mut pending = Vec::new();
    for item in named_children(root) {
        match item.kind() {
            "function_item" => {
                let mut f = lower.function(item)?;
                pending.extend(stray_comments(item, lower.src, is_block));
                f.comments = std::mem::take(&mut pending);
                functions.push(f);
            }
            "struct_item" => {
                let mut c = lower.class(item)?;
                c.comments = std::mem::take(&mut pending);
                // The one assumption a generic struct's translation makes,
                // said where a reader of the output sees the class.
                if let Some(instance) = lower.default_instance_text(item) {
                    c.comments.push(format!(
                        " xlate: translated as `{instance}`, the default instance; \
                         no other instance is supported"
                    ));
                }
                classes.push(c);
            }
            "enum_item" => {
                let mut c = lower.enum_class(item)?;
                c.comments = std::mem::take(&mut pending);
                classes.push(c);
            }
            "impl_item" if lower.primitive_impl_owner(item).is_some() => {
                let mut fs = lower.primitive_impl(item)?;
                if let Some(first) = fs.first_mut() {
                    let mut comments = std::mem::take(&mut pending);
                    comments.append(&mut first.comments);
                    first.comments = comments;
                }
                functions.extend(fs);
            }
            "impl_item" => {
                impls.push(lower.impl_block(item)?);
                pending.clear();
            }
            "trait_item" if traits::has_default_method(item) => {
                let (mut c, imp) = lower.trait_unit(item)?;
                c.comments = std::mem::take(&mut pending);
                classes.push(c);
                impls.push(imp);
            }
            "trait_item" => {
                lower.trait_decl(item)?;
                pending.clear();
            }
            "line_comment" | "block_comment" => {
                pending.extend(comment_lines(&lower.src[item.byte_range()]))
            }
            "macro_definition" => {
                lower.macro_definition(item)?;
                pending.clear();
            }
            // One the build translated does not settle (see `crate::cfg`);
            // a doctest holder's is read with its struct (`types`).
            "attribute_item"
                if attributes::is_conditional(lower.text(item))
                    && lower.text(item).replace(' ', "") != "#[cfg(doctest)]" =>
            {
                return lines.decline(item, format!("attribute `{}`", lower.text(item)));
            }
            "use_declaration" | "attribute_item" => {}
            other => return lines.decline(item, format!("`{other}`")),
        }
    }
    // Comments after the last function end its body.
    if let Some(s) = functions.last_mut().and_then(|f| f.body.last_mut()) {
        s.comments.after.append(&mut pending);
    }
    if functions.is_empty() && classes.is_empty() && impls.is_empty() {
        return Err(Decline(format!(
            "a unit with no function at line {}",
            req.first_line
        )));
    }
    let mut types = lower.types;
    types.resize(lower.ids.count(), Ty::Unknown);
    opaque::check_uses(&functions, &classes, &impls, &types)?;
    Ok(Lowered {
        functions,
        classes,
        impls,
        types,
    })
}

/// The names `use` lines bring in (`use std::cmp::{max, min};`), which
/// calls may then name bare.
fn imported_names(imports: &str) -> HashSet<String> {
    use_leaves(imports).0
}

/// The names `use` lines bring in under another name (`use
/// std::cmp::max as most;` brings `most`): a leaf renamed with `as` is
/// left out of [`imported_names`], since a call naming `most` is no call
/// of `most`, nor `max` one of the import.
fn renamed_names(imports: &str) -> HashSet<String> {
    use_leaves(imports).1
}

/// The leaves of `use` lines' path trees, as (plain leaves, names given
/// with `as`).
fn use_leaves(imports: &str) -> (HashSet<String>, HashSet<String>) {
    let (mut plain, mut renamed) = (HashSet::new(), HashSet::new());
    for stmt in imports.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("use ") else {
            continue;
        };
        // The leaves of the path tree: names not followed by `::`
        // (`use std::{cmp::{max, self}, mem::replace}` brings `max` and
        // `replace`); a leaf followed by `as` brings the name after it.
        let bytes = rest.as_bytes();
        let mut i = 0;
        let mut alias_next = false;
        while i < bytes.len() {
            if bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &rest[start..i];
                let after = rest[i..].trim_start();
                if alias_next {
                    renamed.insert(word.to_string());
                    alias_next = false;
                } else if word == "as" {
                    alias_next = true;
                } else if after
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .next()
                    == Some("as")
                {
                    // Renamed: the leaf's own name is not brought in.
                } else if !after.starts_with("::") {
                    plain.insert(word.to_string());
                }
            } else {
                i += 1;
            }
        }
    }
    (plain, renamed)
}

/// A top-level function's signature, for calls.
#[derive(Clone, Debug)]
struct Sig {
    name: String,
    params: Vec<Ty>,
    ret: Ty,
}

/// What a name means in one scope.
#[derive(Clone, Debug)]
struct Local {
    /// Its name in the output (the Rust name, or numbered when it shadows
    /// a binding of an enclosing block).
    target: String,
    ty: Ty,
    /// A closure bound with `let`, called by this name.
    closure: Option<Sig>,
    /// A parameter passed by reference: the caller sees what is done to
    /// it, so it may be changed in place but not rebound.
    borrowed: bool,
    /// An `impl Into<T>` parameter, converted to its `T` at entry: its
    /// `.into()` can only be the bound's, `T` into `T`, the value itself.
    into_bound: bool,
}

/// A block's scope.
#[derive(Default)]
struct Scope {
    names: HashMap<String, Local>,
}

struct Lower<'s> {
    src: &'s str,
    /// The unit is one method of a split `impl` (see [`split`]).
    split_member: bool,
    lines: Lines,
    ids: Ids,
    types: Vec<Ty>,
    scopes: Vec<Scope>,
    /// The unit's functions, for calls between them.
    functions: Vec<Sig>,
    /// Names `use` lines bring in.
    imports: HashSet<String>,
    /// Statements an expression needs run before the statement it is in
    /// (a `fold` become a loop), written before that statement.
    pre: Vec<Stmt>,
    /// Above zero where an expression may not be hoisted out of (a loop's
    /// condition, an operand of `&&`, a closure's body): it would run once,
    /// or when it should not.
    no_hoist: usize,
    /// For each closure being lowered, the depth of its first scope, to
    /// tell its own names from captures.
    closure_depth: Vec<usize>,
    /// The declared return type of the function being lowered.
    function_ret: Option<Ty>,
    /// The macros' arguments as parsable snippets, and the expansions of
    /// `macro_rules!` macros (see [`macros::snippets`]).
    snippets: &'s [(String, tree_sitter::Tree)],
    snippet_of: &'s HashMap<(usize, usize), usize>,
    expansions: &'s HashMap<(usize, usize), Result<usize, String>>,
    /// Which source `src` is: 0 the unit, `k + 1` snippet `k`.
    source: usize,
    /// Above zero inside a closure that is written inline (a `map`, a
    /// `fold`, a lambda), where `return` would leave the wrong function.
    inline: usize,
    /// The file's other functions this unit calls, by source name (their
    /// types are not known here).
    file_functions: HashSet<String>,
    /// The file's structs this unit knows, by name (see [`types`]).
    structs: HashMap<String, types::StructDef>,
    /// The traits with default methods the unit sees (see [`traits`]).
    traits: HashMap<String, traits::TraitDef>,
    /// The file's constants (`const`, `static` without `mut`) this unit
    /// reads, by name: their declared types. A constant is never
    /// assigned, so a read of the target's module-level name gives what
    /// Rust's gives.
    constants: HashMap<String, Ty>,
    /// Their names, known before their fields are read.
    struct_names: HashSet<String>,
    /// The struct whose `impl` is being lowered: what `Self` and `self` are.
    self_type: Option<String>,
    /// The target name of the copy a `mut self` method of a `Copy` struct
    /// works on (see `fresh_receiver`): the one `Copy` struct value whose
    /// fields a store may change.
    fresh_self: Option<String>,
    /// The target name of the local a `&mut self` method of a `Copy`
    /// struct works on and returns (see `updated_receiver`): `*self = e`
    /// assigns it.
    updated_self: Option<String>,
    /// In a function returning `std::io::Result<()>` (see `writer`):
    /// `w.write_all(..)?` and a final `Ok(())` are taken.
    io_result: bool,
    /// The `let mut q = ..;` statements of the function's body (node ids)
    /// whose `Copy` struct value is copied so that stores into `q`'s
    /// fields may follow (see `copied_lets`).
    copied_lets: HashSet<usize>,
    /// The target names of those copies while bound: the `Copy` struct
    /// values, besides `fresh_self`, whose fields a store may change.
    fresh_locals: HashSet<String>,
    /// The Rust names of the `const` items of the blocks lowered so far
    /// (see `block_constants`).
    local_consts: HashSet<String>,
    /// The `if let` condition (node id) whose computed value was stored in
    /// a local, and the local's target name (see `hoist_let_value`).
    hoisted_let: Option<(usize, String)>,
    /// The type parameters of the generic struct or `impl` being read,
    /// each bound to the struct's default for it (the one instance a
    /// generic struct is translated as, see [`types`]).
    type_args: HashMap<String, Ty>,
    /// The types of those parameters bound by a trait other than the
    /// standard library's comparison and operator traits (`B: BitBlock`):
    /// a method call on such a value may mean the trait's method, where
    /// the lowered code would call the type's own.
    opaque_types: Vec<Ty>,
    /// The sources of [`crate::engine::Context::types`], parsed.
    declared: &'s [(String, tree_sitter::Tree)],
    /// Methods of the file's trait impls for primitive types and its
    /// traits' default methods, for calls through a bound (`B::bits()`):
    /// by (type or trait, trait, method), where in `declared` the `fn` is.
    trait_impls: HashMap<(String, String, String), (usize, usize, usize)>,
    /// The methods of the trait impls for primitive types, `str` and
    /// slices the unit sees, for calls (see [`primitive_impls`]).
    primitive_methods: Vec<primitive_impls::PrimitiveMethod>,
    /// Inside an `impl Trait for u8` unit: the type, which `self` is.
    primitive_self: Option<Ty>,
    /// The default methods of the traits the unit sees, as (trait,
    /// method): a call of one on a primitive is declined.
    trait_defaults: HashSet<(String, String)>,
    /// The traits bounding each type parameter of the `impl` being
    /// lowered (`Self` too, inside a body inlined from a trait).
    bounds: HashMap<String, Vec<String>>,
    /// How deep trait bodies are being inlined (a bound one calls another).
    inlining: usize,
    /// Inside a `Display` impl's `fmt`: the `Formatter` parameter's name,
    /// whose `write!(f, ..)` or `f.write_str(s)` is the text the method
    /// returns (see [`types`]).
    formatter: Option<String>,
    /// Inside a `Debug` impl's `fmt`: `x.fmt(f)` is `Debug`'s (see
    /// [`formatter`]).
    debug_fmt: bool,
    /// Structs of the file left out for an `impl` of a trait Rust calls
    /// implicitly (`Drop`), by name: the trait.
    implicit: HashMap<String, &'static str>,
    /// The texts `write!(f, ..)`/`f.write_str(..)` gave in this `fmt`:
    /// each must be what a `return` returns (a write whose value is
    /// dropped would be lost).
    formatter_writes: Vec<ExprId>,
    /// Inside a trait `impl`: its associated types (`type Item = u32;`),
    /// which `Self::Item` names.
    assoc_types: HashMap<String, Ty>,
    /// Structs and enums of the file whose declarations this unit cannot
    /// read (their own units are declined), for the messages of their uses.
    unreadable: HashSet<String>,
    /// The names the function being lowered slices or indexes by byte
    /// (`&s[a..b]`, `s.get(a..b)`, `s.as_bytes()`): strings the rules
    /// assume ASCII, whose `len()` is then `len(s)`.
    byte_sliced: HashSet<String>,
    /// Whether the unit has met a `std::cmp::Ordering` (a type, a path, a
    /// `cmp`): from then on an `i8` may be one, which `{:?}` would print
    /// as a number where Rust prints its name.
    orderings_seen: std::cell::Cell<bool>,
    /// Whether the `use` lines bring `std::cmp::Ordering` in by name.
    ordering_imported: bool,
    /// The `use` lines of the unit and its file, for the traits they
    /// bring in scope (see [`formatter`]).
    use_lines: String,
    /// The `use` lines of the file and of the unit's top level, without
    /// those inside its bodies (see [`uses`]).
    file_imports: String,
}

/// A closure's parameters (pattern and declared type) and body.
type ClosureParts<'t> = (Vec<(Node<'t>, Option<Ty>)>, Node<'t>);

/// What an `if let Some(x) = v` binds: the pattern, its type, the value.
type IfLet<'t> = (Node<'t>, Ty, Expr);

/// A method call's parts.
struct MethodCall<'t> {
    recv: Node<'t>,
    name: String,
    args: Vec<Node<'t>>,
    turbofish: Option<Node<'t>>,
    node: Node<'t>,
}

/// What becomes of a block's final expression.
#[derive(Clone)]
enum Tail {
    /// The function returns it.
    Return,
    /// It is a statement; its value, if any, is dropped.
    Discard,
    /// It is assigned to a name (`let x = if .. { a } else { b };`).
    Assign(Target),
}

/// An iterator chain being lowered: what it iterates and how.
struct Chain {
    /// The `for` clauses and filters so far.
    clauses: Vec<Clause>,
    /// The value each step yields, when not the last clause's target.
    elt: Option<Expr>,
    /// The type of what each step yields.
    item: Ty,
    /// Whether the chain is still the plain iterable (`xs.iter()`), not
    /// yet filtered or mapped.
    plain: Option<Expr>,
}

impl<'s> Lower<'s> {
    // -- Infrastructure ------------------------------------------------------

    fn line(&self, node: Node) -> usize {
        self.lines.of(node)
    }

    fn decline<T>(&self, node: Node, what: impl std::fmt::Display) -> Res<T> {
        self.lines.decline(node, what)
    }

    fn text(&self, node: Node) -> &'s str {
        text(node, self.src)
    }

    fn fresh(&mut self, ty: Ty) -> ExprId {
        let id = self.ids.fresh();
        if self.types.len() <= id.index() {
            self.types.resize(id.index() + 1, Ty::Unknown);
        }
        self.types[id.index()] = ty;
        id
    }

    /// `value[index]` with Rust's semantics (out of range panics), of type
    /// `ty`.
    fn index_read(&mut self, value: Expr, index: Expr, ty: Ty, line: usize) -> Expr {
        self.mk(
            ExprKind::Index {
                value: Box::new(value),
                index: Box::new(index),
                sem: RUST_INDEX,
            },
            ty,
            line,
        )
    }

    fn mk(&mut self, kind: ExprKind, ty: Ty, line: usize) -> Expr {
        let id = self.fresh(ty);
        Expr { id, kind, line }
    }

    fn ty(&self, e: &Expr) -> Ty {
        self.types.get(e.id.index()).cloned().unwrap_or(Ty::Unknown)
    }

    fn set_ty(&mut self, e: &Expr, ty: Ty) {
        if let Some(slot) = self.types.get_mut(e.id.index()) {
            *slot = ty;
        }
    }

    fn child<'t>(&self, node: Node<'t>, field: &str) -> Res<Node<'t>> {
        node.child_by_field_name(field).ok_or_else(|| {
            Decline(format!(
                "`{}` without its {field} at line {}",
                node.kind(),
                self.line(node)
            ))
        })
    }

    fn lit(&mut self, lit: Lit, ty: Ty, line: usize) -> Expr {
        self.mk(ExprKind::Lit(lit), ty, line)
    }

    fn int(&mut self, v: i128, ty: Ty, line: usize) -> Expr {
        self.lit(Lit::Int(v), ty, line)
    }

    fn name_expr(&mut self, target: &str, ty: Ty, line: usize) -> Expr {
        self.mk(ExprKind::Name(target.to_string()), ty, line)
    }

    fn binary(&mut self, op: BinOp, a: Expr, b: Expr, ty: Ty) -> Expr {
        let line = a.line;
        self.mk(ExprKind::Binary(op, Box::new(a), Box::new(b)), ty, line)
    }

    fn compare(&mut self, a: Expr, op: CmpOp, b: Expr) -> Expr {
        let line = a.line;
        self.mk(
            ExprKind::Compare {
                first: Box::new(a),
                rest: vec![(op, b)],
            },
            Ty::Bool,
            line,
        )
    }

    fn builtin(&mut self, op: Builtin, args: Vec<Expr>, ty: Ty, line: usize) -> Expr {
        self.mk(
            ExprKind::Builtin {
                op,
                args,
                keywords: Vec::new(),
            },
            ty,
            line,
        )
    }

    fn method(&mut self, recv: Expr, method: Method, args: Vec<Expr>, ty: Ty) -> Expr {
        let line = recv.line;
        self.mk(
            ExprKind::Method {
                recv: Box::new(recv),
                method,
                args,
                keywords: Vec::new(),
            },
            ty,
            line,
        )
    }

    fn stmt(&self, kind: StmtKind, line: usize) -> Stmt {
        Stmt::new(kind, line)
    }

    /// A target naming `name` (a target `bind` gave), whose value has type
    /// `ty`.
    fn name_target(&mut self, name: String, ty: Ty) -> Target {
        let id = self.fresh(ty);
        Target::Name { name, id }
    }

    /// A parameter named `name` (a target `bind` gave, or a name the
    /// frontend makes) of type `ty`, without a default.
    fn param(&mut self, name: String, ty: Ty, passing: Passing, line: usize) -> Param {
        let id = self.fresh(ty.clone());
        Param::new(name, id, ty, passing, line)
    }

    /// `name = value`, `name` a target `bind` gave and `ty` its type.
    fn assign_name(&mut self, name: String, ty: Ty, value: Expr, line: usize) -> Stmt {
        let target = self.name_target(name, ty);
        self.stmt(StmtKind::Assign { target, value }, line)
    }

    // -- Names ---------------------------------------------------------------

    fn lookup(&self, name: &str) -> Option<&Local> {
        self.scopes.iter().rev().find_map(|s| s.names.get(name))
    }

    /// Whether `name` resolves to a binding outside the innermost closure
    /// being lowered.
    fn is_capture(&self, name: &str) -> bool {
        let Some(&depth) = self.closure_depth.last() else {
            return false;
        };
        for (i, scope) in self.scopes.iter().enumerate().rev() {
            if scope.names.contains_key(name) {
                return i < depth;
            }
        }
        false
    }

    /// Binds `name` in the innermost scope and returns its target name: a
    /// fresh one when a binding of an enclosing scope has it, since that
    /// one must survive the inner block.
    fn bind(&mut self, name: &str, ty: Ty) -> String {
        let depth = self.scopes.len();
        let taken_outside = |target: &str| {
            self.scopes[..depth.saturating_sub(1)]
                .iter()
                .any(|s| s.names.values().any(|l| l.target == target))
        };
        let target = if let Some(own) = self.scopes.last().and_then(|s| s.names.get(name)) {
            // Shadowing in the same block: the old binding is gone for good.
            own.target.clone()
        } else {
            std::iter::once(name.to_string())
                .chain((2..).map(|k| format!("{name}_{k}")))
                .find(|c| !taken_outside(c) && !self.is_top_level_function(c))
                .unwrap_or_else(|| name.to_string())
        };
        // A new binding of a copy's target name is another value.
        self.fresh_locals.remove(&target);
        if let Some(scope) = self.scopes.last_mut() {
            scope.names.insert(
                name.to_string(),
                Local {
                    target: target.clone(),
                    ty,
                    closure: None,
                    borrowed: false,
                    into_bound: false,
                },
            );
        }
        target
    }

    /// `if test: then` before the statement being lowered (a check moved
    /// ahead of it: `unwrap()`, `?`).
    fn check_first(&mut self, test: Expr, then: StmtKind, line: usize) {
        let then = self.stmt(then, line);
        let check = self.stmt(
            StmtKind::If {
                branches: vec![(test, vec![then])],
                orelse: Vec::new(),
            },
            line,
        );
        self.pre.push(check);
    }

    /// Binds a local the source does not name (a value computed once): a
    /// target name no local of any scope has, under a key no Rust name is.
    fn bind_temp(&mut self, base: &str, ty: Ty) -> String {
        let target = self.fresh_target(base);
        self.alias(&temp_key(&target), &target, ty);
        target
    }

    /// A target name from `base` (`base`, `base_2`, ...) that no local of
    /// any scope has and no top-level function is.
    pub(super) fn fresh_target(&mut self, base: &str) -> String {
        let taken = |target: &str| {
            self.scopes
                .iter()
                .any(|s| s.names.values().any(|l| l.target == target))
        };
        let target = std::iter::once(base.to_string())
            .chain((2..).map(|k| format!("{base}_{k}")))
            .find(|c| !taken(c) && !self.is_top_level_function(c))
            .unwrap_or_else(|| base.to_string());
        // A new binding of a copy's target name is another value.
        self.fresh_locals.remove(&target);
        target
    }

    fn is_top_level_function(&self, name: &str) -> bool {
        self.functions.iter().any(|f| f.name == name)
    }

    /// Updates the type of a local whose type was not fully known (`let mut
    /// out = vec![];` before its first `push`).
    fn refine(&mut self, name: &str, ty: Ty) {
        for scope in self.scopes.iter_mut().rev() {
            if let Some(local) = scope.names.get_mut(name) {
                if !local.ty.is_known() {
                    local.ty = merge(&local.ty, &ty);
                }
                return;
            }
        }
    }

    fn push_scope(&mut self, _function: bool) {
        self.scopes.push(Scope {
            names: HashMap::new(),
        });
    }

    fn pop_scope(&mut self) {
        self.scopes.pop();
    }

    // -- Types ---------------------------------------------------------------

    /// The IR type of a Rust type node, and whether it is a reference.
    fn rust_type(&self, node: Node) -> Res<(Ty, Passing)> {
        Ok(match node.kind() {
            "reference_type" => {
                let inner = self.child(node, "type")?;
                (self.rust_type(inner)?.0, Passing::Borrowed)
            }
            _ => (self.owned_type(node)?, Passing::Owned),
        })
    }

    fn owned_type(&self, node: Node) -> Res<Ty> {
        let t = self.text(node);
        Ok(match node.kind() {
            "primitive_type" => match Ty::rust_primitive(t) {
                Some(ty) => ty,
                None if t == "str" => Ty::Str,
                None => return self.decline(node, format!("type `{t}`")),
            },
            // A type parameter of the generic struct or `impl` being read:
            // its default (it shadows a struct of the same name, as in Rust).
            "type_identifier" if self.type_args.contains_key(t) => {
                self.type_args.get(t).cloned().unwrap_or(Ty::Unknown)
            }
            "type_identifier" if t == "String" => Ty::Str,
            // A closure type parameter (`F: Fn(u8) -> bool`) of the
            // function written around the type.
            "type_identifier" if self.closure_parameter_type(node)?.is_some() => {
                self.closure_parameter_type(node)?.unwrap_or(Ty::Unknown)
            }
            // Any other type parameter of that function: erased.
            "type_identifier" if self.erased_parameter_type(node).is_some() => {
                self.erased_parameter_type(node).unwrap_or(Ty::Unknown)
            }
            "abstract_type" | "dynamic_type" if writer::is_writer_type(t) => {
                Ty::Class(writer::WRITER.into())
            }
            "abstract_type" | "dynamic_type" => self.trait_object_type(node)?,
            // `impl Display + Copy`, a function's result.
            "bounded_type" => match self.returned_impl_type(node)? {
                Some(ty) => ty,
                None => return self.decline(node, format!("type `{t}`")),
            },
            "type_identifier" | "scoped_type_identifier"
                if orderings::is_ordering_type(t, self.ordering_imported)
                    && self.ordering_in_scope() =>
            {
                self.orderings_seen.set(true);
                orderings::ORDERING
            }
            "type_identifier" if self.struct_type(t).is_some() => {
                self.struct_type(t).unwrap_or(Ty::Unknown)
            }
            "reference_type" => self.rust_type(node)?.0,
            "unit_type" => Ty::Unit,
            "tuple_type" => {
                let mut items = Vec::new();
                for c in named_children(node) {
                    items.push(self.owned_type(c)?);
                }
                Ty::Tuple(items)
            }
            "array_type" => Ty::list(self.owned_type(self.child(node, "element")?)?),
            "generic_type" if writer::is_io_result(t) => writer::io_result(),
            "generic_type" => {
                let base = self.text(self.child(node, "type")?);
                let args_node = self.child(node, "type_arguments")?;
                if let Some(ty) = self.result_type(base, args_node)? {
                    return Ok(ty);
                }
                if let Some(ty) = self.default_instance(node, base, args_node)? {
                    return Ok(ty);
                }
                if let Some(ty) = self.opaque_generic(node, base) {
                    return Ok(ty);
                }
                // Lifetimes only tell the borrow checker how long
                // references live: `Iter<'_>` of a struct `Iter<'a>` of the
                // file is that struct.
                let typed = types::type_arguments(args_node);
                if typed.is_empty() {
                    if let Some(ty) = self.struct_type(base) {
                        return Ok(ty);
                    }
                }
                let mut args = Vec::new();
                for c in typed {
                    args.push(self.owned_type(c)?);
                }
                let base = base.rsplit("::").next().unwrap_or(base);
                match (base, args.as_slice()) {
                    ("Vec", [t]) => Ty::list(t.clone()),
                    // Objects hash by identity, Rust's keys by value.
                    ("HashSet" | "HashMap", [k, ..])
                        if types::holds_class(k) && !self.is_enum(k) =>
                    {
                        return self.decline(node, "key of struct type")
                    }
                    ("HashSet", [t]) => Ty::Set(Box::new(t.clone())),
                    ("HashMap", [k, v]) => Ty::Dict(Box::new(k.clone()), Box::new(v.clone())),
                    ("Option", [t]) => {
                        if matches!(t, Ty::Option(_) | Ty::Var(_)) {
                            // `None` and `Some(None)` would be one value
                            // (a type parameter may be an `Option`).
                            let what = if matches!(t, Ty::Var(_)) {
                                format!("`Option` of the type parameter `{t}`")
                            } else {
                                "`Option` of an `Option`".to_string()
                            };
                            return self.decline(node, what);
                        }
                        Ty::Option(Box::new(t.clone()))
                    }
                    _ => return self.decline(node, format!("type `{t}`")),
                }
            }
            // `Self::Item` inside an `impl` that declares `type Item = T;`.
            "scoped_type_identifier"
                if t.strip_prefix("Self::")
                    .is_some_and(|a| self.assoc_types.contains_key(a)) =>
            {
                let a = t.trim_start_matches("Self::");
                self.assoc_types.get(a).cloned().unwrap_or(Ty::Unknown)
            }
            // `Vec<_>` in a turbofish: the item type comes from the chain.
            "_" => Ty::Unknown,
            "type_identifier" | "scoped_type_identifier" => self.opaque_named(node)?,
            _ => return self.decline(node, format!("type `{t}`")),
        })
    }

    // -- Functions -----------------------------------------------------------

    fn signature_of(&self, item: Node) -> Res<Option<Sig>> {
        self.erasable_type_parameters(item)?;
        let name = self.text(self.child(item, "name")?).to_string();
        let mut params = Vec::new();
        for p in named_children(self.child(item, "parameters")?) {
            match p.kind() {
                "parameter" => params.push(self.rust_type(self.child(p, "type")?)?.0),
                "self_parameter" => return self.decline(p, "method (`self` parameter)"),
                other => return self.decline(p, format!("parameter `{other}`")),
            }
        }
        let ret = match item.child_by_field_name("return_type") {
            Some(r) => self.rust_type(r)?.0,
            None => Ty::Unit,
        };
        Ok(Some(Sig { name, params, ret }))
    }

    fn function(&mut self, item: Node) -> Res<Function> {
        self.erasable_type_parameters(item)?;
        for c in named_children(item) {
            // `const` only lets the function run at compile time too; it
            // computes the same at run time. `unsafe` asks the callers to
            // keep a contract, and the body is lowered as an `unsafe`
            // block's (see `statement`). `async` and `extern` change how
            // the function is called.
            let plain = |m: &str| {
                m.split_whitespace()
                    .all(|w| matches!(w, "const" | "unsafe"))
            };
            if c.kind() == "function_modifiers" && !plain(self.text(c)) {
                return self.decline(c, format!("`{}` function", self.text(c)));
            }
        }
        let rust_name = self.text(self.child(item, "name")?);
        // A nested `fn` was bound when its block was entered.
        let name = self
            .lookup(rust_name)
            .map_or_else(|| rust_name.to_string(), |l| l.target.clone());
        let ret = match item.child_by_field_name("return_type") {
            Some(r) => self.rust_type(r)?.0,
            None => Ty::Unit,
        };
        // `-> std::io::Result<()>`: errors are the targets' exceptions.
        let io = ret == writer::io_result();
        let ret = if io { Ty::Unit } else { ret };
        let saved_io = std::mem::replace(&mut self.io_result, io);
        // A function sees the unit's other functions, not the locals of
        // the one it is nested in (Rust `fn` items capture nothing).
        let saved_scopes = std::mem::take(&mut self.scopes);
        let saved_closures = std::mem::take(&mut self.closure_depth);
        let saved_ret = self.function_ret.replace(ret.clone());
        let sliced = byte_sliced_names(item, self.src);
        let saved_sliced = std::mem::replace(&mut self.byte_sliced, sliced);
        self.push_scope(true);
        let mut params = Vec::new();
        // `impl Into<T>` parameters, converted to a `T` at entry.
        let mut converted = Vec::new();
        // Tuple parameter patterns, unpacked at entry (see `params`).
        let mut pattern_entry = Vec::new();
        for p in named_children(self.child(item, "parameters")?) {
            if p.kind() == "self_parameter" && params.is_empty() {
                let param = self.self_param(p)?;
                params.push(param);
                continue;
            }
            if p.kind() != "parameter" {
                return self.decline(p, "method (`self` parameter)");
            }
            let ty_node = self.child(p, "type")?;
            let (ty, passing) = self.rust_type(ty_node)?;
            if passing == Passing::Borrowed
                && ty_node
                    .named_children(&mut ty_node.walk())
                    .any(|c| c.kind() == "mutable_specifier")
                && !matches!(ty, Ty::List(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Opaque(_))
                && ty != Ty::Class(writer::WRITER.into())
                && !self.moved_object(&ty)
            {
                // Python and JavaScript pass ints and strings by value: a
                // write through the reference would not reach the caller.
                return self.decline(p, format!("`&mut` parameter of type {ty}"));
            }
            let pat = self.child(p, "pattern")?;
            let index = params.len();
            if let Some((target, unpack)) =
                self.pattern_param(pat, self.child(item, "parameters")?, index, &ty)?
            {
                pattern_entry.extend(unpack);
                params.push(self.param(target, ty, passing, self.line(p)));
                continue;
            }
            let pname = match pat.kind() {
                "identifier" => self.text(pat),
                "mut_pattern" => match named_children(pat).last() {
                    Some(id) if id.kind() == "identifier" => self.text(*id),
                    _ => return self.decline(pat, "parameter pattern"),
                },
                _ => return self.decline(pat, "parameter pattern"),
            };
            let target = self.bind(pname, ty.clone());
            let into_bound = conversions::is_into_bound(ty_node, self.src);
            if let Some(local) = self.scopes.last_mut().and_then(|s| s.names.get_mut(pname)) {
                local.borrowed = passing == Passing::Borrowed;
                local.into_bound = into_bound;
            }
            let param = self.param(target, ty, passing, self.line(p));
            if ty_node.kind() == "abstract_type" {
                converted.push((ty_node, param.clone()));
            }
            params.push(param);
        }
        let mut entry = self.entry_conversions(&converted);
        entry.extend(pattern_entry);
        let body = self.child(item, "body")?;
        let saved_fresh = self.fresh_self.take();
        let saved_updated = self.updated_self.take();
        let copied = match params.first() {
            Some(receiver) if receiver.name == "self" => self.fresh_receiver(item, receiver),
            _ => Ok(None),
        };
        let lets = self.copied_lets(body);
        let saved_lets = std::mem::replace(&mut self.copied_lets, lets);
        let saved_locals = std::mem::take(&mut self.fresh_locals);
        // The body is lowered only on a receiver that could be copied;
        // the state is restored once, either way.
        let block = copied.and_then(|copy| {
            entry.extend(copy);
            let tail = if ret == Ty::Unit {
                Tail::Discard
            } else {
                Tail::Return
            };
            self.block(body, tail, false).map(|b| [entry, b].concat())
        });
        // A `&mut self` method of a `Copy` struct returns the new value.
        let (block, ret) = match (block, self.updated_self.take(), params.first()) {
            (Ok(mut b), Some(local), Some(receiver)) => {
                let line = self.line(item);
                let value = self.name_expr(&local, receiver.ty.clone(), line);
                b.push(Stmt::new(StmtKind::Return(Some(value)), line));
                (Ok(b), receiver.ty.clone())
            }
            (block, _, _) => (block, ret),
        };
        self.fresh_self = saved_fresh;
        self.updated_self = saved_updated;
        self.io_result = saved_io;
        self.copied_lets = saved_lets;
        self.fresh_locals = saved_locals;
        self.scopes = saved_scopes;
        self.closure_depth = saved_closures;
        self.function_ret = saved_ret;
        self.byte_sliced = saved_sliced;
        Ok(Function {
            name,
            params,
            ret,
            body: block?,
            line: self.line(item),
            comments: Vec::new(),
            nonlocal: Vec::new(),
            declared: Vec::new(),
        })
    }

    // -- Statements ----------------------------------------------------------

    /// Lowers a block's statements; `scope` opens a scope for it (a
    /// function body's scope is the parameters').
    fn block(&mut self, block: Node, tail: Tail, scope: bool) -> Res<Block> {
        if block.kind() != "block" {
            return self.decline(block, format!("`{}` as a block", block.kind()));
        }
        if scope {
            self.push_scope(false);
        }
        let result = self.block_items(block, tail);
        if scope {
            self.pop_scope();
        }
        result
    }

    fn block_items(&mut self, block: Node, tail: Tail) -> Res<Block> {
        let items: Vec<Node> = named_children(block)
            .into_iter()
            .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
            .collect();
        // A block's `fn` items are in scope in all of it.
        for item in &items {
            if item.kind() == "function_item" {
                if let Some(sig) = self.signature_of(*item)? {
                    let name = sig.name.clone();
                    let ty = Ty::Func(sig.params.clone(), Box::new(sig.ret.clone()));
                    self.bind(&name, ty);
                    if let Some(local) = self.scopes.last_mut().and_then(|s| s.names.get_mut(&name))
                    {
                        local.closure = Some(sig);
                    }
                }
            }
        }
        let mut out: Block = Vec::new();
        let consts: Vec<Node> = items
            .iter()
            .copied()
            .filter(|i| i.kind() == "const_item")
            .collect();
        if !consts.is_empty() {
            self.block_constants(block, &consts, &mut out)?;
        }
        let last_item = items.last().map(|n| n.id());
        let mut comments = BlockComments::new(block, self.src, is_block);
        for item in named_children(block) {
            if comments.take_comment(item, self.src, &mut out) {
                continue;
            }
            let last = Some(item.id()) == last_item;
            // `Ok(())` ending a function returning `std::io::Result<()>`
            // (or a block whose value it returns): the plain return.
            if last
                && self.io_result
                && self.closure_depth.is_empty()
                && matches!(tail, Tail::Discard)
                && self.text(item).replace(' ', "") == "Ok(())"
            {
                continue;
            }
            comments.before(item, self.src, false);
            let start = out.len();
            match item.kind() {
                "let_declaration" => self.let_declaration(item, &mut out)?,
                "expression_statement" => {
                    let Some(e) = named_children(item).into_iter().next() else {
                        continue;
                    };
                    // `if c { a } else { b }` last in a block, without a
                    // semicolon, is the block's value.
                    let has_semi = self.text(item).trim_end().ends_with(';');
                    if last && !has_semi && !matches!(tail, Tail::Discard) {
                        self.tail(e, tail.clone(), &mut out)?;
                    } else {
                        self.statement(e, &mut out)?;
                    }
                }
                "function_item" => {
                    let f = self.function(item)?;
                    let line = f.line;
                    out.push(self.stmt(StmtKind::Def(Box::new(f)), line));
                }
                "empty_statement" | "const_item" => {}
                "use_declaration" => self.body_use(item)?,
                "attribute_item" if attributes::is_inert(self.text(item)) => {}
                "attribute_item" => {
                    return self.decline(
                        item,
                        format!("attribute `{}` inside a function", self.text(item)),
                    )
                }
                "macro_definition" => self.macro_definition(item)?,
                k if k.ends_with("_item") => {
                    return self.decline(item, format!("`{k}` inside a function"))
                }
                _ if last => self.tail(item, tail.clone(), &mut out)?,
                _ => self.statement(item, &mut out)?,
            }
            comments.after(&mut out, start);
        }
        comments.finish(&mut out, self.line(block));
        Ok(out)
    }

    /// A block's `const` items (`const LIMIT: usize = 8;`). Rust's are in
    /// scope in all of the block and their values are constant
    /// expressions, so they are lowered first, as locals nothing assigns.
    /// Declined where that could read another value than Rust's: a nested
    /// `fn` in the block (it would not see the local), a value naming a
    /// constant of the block declared after it, or a local (constants
    /// read only items), and the name used as a pattern, where Rust
    /// compares with the constant and the lowering would bind.
    fn block_constants(&mut self, block: Node, consts: &[Node], out: &mut Block) -> Res<()> {
        let names = consts
            .iter()
            .map(|c| Ok(self.text(self.child(*c, "name")?)))
            .collect::<Res<Vec<&str>>>()?;
        let mut stack = vec![block];
        while let Some(n) = stack.pop() {
            if n.kind() == "function_item" {
                return self.decline(n, "`const` item in a block with a nested `fn`");
            }
            if n.kind() == "macro_invocation" && self.macro_name(n)? == "matches" {
                if let Some(c) = identifiers(n)
                    .into_iter()
                    .find(|i| names.contains(&self.text(*i)))
                {
                    return self.decline(c, "a block's `const` in `matches!`");
                }
            }
            if n.kind() == "identifier" && names.contains(&self.text(n)) {
                let in_pattern = n.parent().is_some_and(|p| {
                    p.kind().ends_with("pattern")
                        || p.child_by_field_name("pattern")
                            .is_some_and(|q| q.id() == n.id())
                });
                if in_pattern {
                    return self.decline(n, "a block's `const` used as a pattern");
                }
            }
            stack.extend(children(n));
        }
        for (i, c) in consts.iter().enumerate() {
            let value = self.child(*c, "value")?;
            for id in identifiers(value) {
                let name = self.text(id);
                if names[i..].contains(&name) {
                    return self.decline(id, "`const` reading a constant declared after it");
                }
                if self.lookup(name).is_some() && !self.local_consts.contains(name) {
                    return self.decline(id, format!("`const` whose value names local `{name}`"));
                }
            }
            let ty = self.owned_type(self.child(*c, "type")?)?;
            let v = self.expr_expecting(value, Some(&ty))?;
            out.extend(std::mem::take(&mut self.pre));
            self.set_ty(&v, merge(&self.ty(&v), &ty));
            let target = self.bind(names[i], ty.clone());
            self.local_consts.insert(names[i].to_string());
            let line = self.line(*c);
            out.push(self.assign_name(target, ty, v, line));
        }
        Ok(())
    }

    /// A block's final expression, by what becomes of it.
    fn tail(&mut self, e: Node, tail: Tail, out: &mut Block) -> Res<()> {
        // An expansion's statements stand among the block's own, as in
        // Rust: a `let` of a name the arguments give binds it here, and
        // the macro's own locals are renamed apart (`macros::hygienic`).
        if let Some((k, block)) = self.expansion(e)? {
            let b = self.in_snippet(k, |me| me.block(block, tail, false))?;
            out.extend(b);
            return Ok(());
        }
        if !matches!(tail, Tail::Assign(_))
            && self.formatter_step(e, matches!(tail, Tail::Return), out)?
        {
            return Ok(());
        }
        match e.kind() {
            "if_expression" => return self.if_statement(e, tail, out),
            "match_expression" => return self.match_statement(e, tail, out),
            "block" => {
                let b = self.block(e, tail, true)?;
                out.extend(b);
                return Ok(());
            }
            "unsafe_block" => return self.tail(self.unsafe_inner(e)?, tail, out),
            "return_expression" | "break_expression" | "continue_expression"
                if !matches!(tail, Tail::Assign(_)) =>
            {
                return self.statement(e, out)
            }
            // `panic!()` and `assert!()` end a block without a value.
            "macro_invocation"
                if matches!(
                    self.macro_name(e)?.as_str(),
                    "panic"
                        | "unreachable"
                        | "todo"
                        | "unimplemented"
                        | "assert"
                        | "assert_eq"
                        | "assert_ne"
                        | "debug_assert"
                        | "debug_assert_eq"
                ) =>
            {
                return self.statement(e, out)
            }
            "for_expression"
            | "while_expression"
            | "loop_expression"
            | "assignment_expression"
            | "compound_assignment_expr" => return self.statement(e, out),
            _ => {}
        }
        match tail {
            Tail::Discard => self.statement(e, out),
            Tail::Return => {
                let ret = self.current_return();
                let value = self.expr_expecting(e, ret.as_ref())?;
                let line = self.line(e);
                out.extend(std::mem::take(&mut self.pre));
                if self.ty(&value) == Ty::Unit {
                    out.push(self.stmt(StmtKind::Expr(value), line));
                } else {
                    out.push(self.stmt(StmtKind::Return(Some(value)), line));
                }
                Ok(())
            }
            Tail::Assign(target) => {
                let value = self.expr(e)?;
                let line = self.line(e);
                out.extend(std::mem::take(&mut self.pre));
                // `{ acc += x; acc }` as a fold's body: the value is there.
                let same = matches!((&target, &value.kind), (Target::Name { name, .. }, ExprKind::Name(v)) if name == v);
                if !same {
                    out.push(self.stmt(StmtKind::Assign { target, value }, line));
                }
                Ok(())
            }
        }
    }

    fn let_declaration(&mut self, node: Node, out: &mut Block) -> Res<()> {
        if let Some(alt) = node.child_by_field_name("alternative") {
            return self.let_else(node, alt, out);
        }
        let declared = match node.child_by_field_name("type") {
            Some(t) => Some(self.owned_type(t)?),
            None => None,
        };
        let pat = self.child(node, "pattern")?;
        let line = self.line(node);
        let Some(value_node) = node.child_by_field_name("value") else {
            // `let x;`: the name is bound; its first assignment declares it.
            let name = self.pattern_name(pat)?;
            self.bind(name, declared.unwrap_or(Ty::Unknown));
            return Ok(());
        };
        // `let x = if c { a } else { b };` and `let x = match ...`: the
        // branches assign. The name is bound after its value, as in Rust.
        if (matches!(
            value_node.kind(),
            "if_expression" | "match_expression" | "block" | "unsafe_block"
        ) || self.expands_to_statements(value_node))
            && !self.is_simple_if(value_node)
        {
            let name = self.pattern_name(pat)?;
            let ty = declared.unwrap_or(Ty::Unknown);
            // The value may not refer to the name it defines (it would be
            // the shadowed one), so bind a placeholder target first.
            let target_name = self.peek_bind_target(name);
            let target = self.name_target(target_name, ty.clone());
            let mut branches = Vec::new();
            self.tail(value_node, Tail::Assign(target.clone()), &mut branches)?;
            let ty = if ty.is_known() {
                ty
            } else {
                let Target::Name { name: t, .. } = &target else {
                    return self.decline(value_node, "pattern");
                };
                merge(&ty, &self.assigned_type(&branches, t))
            };
            out.extend(branches);
            self.bind(name, ty);
            return Ok(());
        }
        if value_node.kind() == "closure_expression" {
            let def = self.closure_def(pat, value_node)?;
            out.push(def);
            return Ok(());
        }
        let value = self.expr_expecting(value_node, declared.as_ref())?;
        out.extend(std::mem::take(&mut self.pre));
        let ty = match declared {
            Some(t) if t.is_known() => t,
            Some(t) => merge(&t, &self.ty(&value)),
            None => self.ty(&value),
        };
        self.set_ty(&value, merge(&self.ty(&value), &ty));
        let closure = match &value.kind {
            ExprKind::Lambda { params, .. } => Some(Sig {
                name: String::new(),
                params: params
                    .iter()
                    .map(|(_, id)| self.types[id.index()].clone())
                    .collect(),
                ret: match &ty {
                    Ty::Func(_, r) => (**r).clone(),
                    _ => Ty::Unknown,
                },
            }),
            _ => None,
        };
        // `let mut q = p;` of a `Copy` struct whose fields the body then
        // stores into: an explicit copy (see `copied_lets`).
        let copy = self.copied_lets.contains(&node.id())
            && self
                .def_of(&ty)
                .is_some_and(|d| d.copy && d.variants.is_none());
        let value = if copy {
            self.shallow_copy(value, &ty, line)
        } else {
            value
        };
        let target = self.bind_pattern(pat, ty)?;
        if let (true, Target::Name { name, .. }) = (copy, &target) {
            self.fresh_locals.insert(name.clone());
        }
        if let (Some(sig), Target::Name { .. }) = (closure, &target) {
            let name = self.pattern_name(pat)?;
            if let Some(local) = self.scopes.last_mut().and_then(|s| s.names.get_mut(name)) {
                local.closure = Some(sig);
            }
        }
        // `let x = e?;` leaves `e` in a local named `x` already (see
        // `try_operator`).
        let same = matches!((&target, &value.kind), (Target::Name { name, .. }, ExprKind::Name(v)) if name == v);
        if !same {
            out.push(self.stmt(StmtKind::Assign { target, value }, line));
        }
        Ok(())
    }

    /// `let Some(x) = e else { .. };`: `e` into a local named `x`, the
    /// `else` block (which Rust makes leave the block) when it is `None`,
    /// then `x` reads the local. Other patterns are declined.
    fn let_else(&mut self, node: Node, alt: Node, out: &mut Block) -> Res<()> {
        let pat = self.child(node, "pattern")?;
        let name = match named_children(pat).as_slice() {
            [ty, x]
                if pat.kind() == "tuple_struct_pattern"
                    && self.text(*ty) == "Some"
                    && x.kind() == "identifier" =>
            {
                self.text(*x)
            }
            _ => return self.decline(alt, "`let ... else` other than `let Some(x) = e else`"),
        };
        let declared = match node.child_by_field_name("type") {
            Some(t) => Some(self.owned_type(t)?),
            None => None,
        };
        let line = self.line(node);
        let value = self.expr_expecting(self.child(node, "value")?, declared.as_ref())?;
        out.extend(std::mem::take(&mut self.pre));
        let ty = self.ty(&value);
        let inner = match &ty {
            Ty::Option(t) if !matches!(**t, Ty::Unit | Ty::Unknown | Ty::Var(_)) => (**t).clone(),
            other => return self.decline(node, format!("`let Some(x) = e else` of {other}")),
        };
        let block = if alt.kind() == "block" {
            alt
        } else {
            match named_children(alt)
                .into_iter()
                .find(|c| c.kind() == "block")
            {
                Some(b) => b,
                None => return self.decline(alt, "`let ... else`"),
            }
        };
        let orelse = self.block(block, Tail::Discard, true)?;
        let local = self.bind_temp(name, ty.clone());
        out.push(self.assign_name(local.clone(), ty.clone(), value, line));
        let tested = self.name_expr(&local, ty.clone(), line);
        let none = self.lit(Lit::None, ty, line);
        let test = self.compare(tested, CmpOp::Is, none);
        out.push(self.stmt(
            StmtKind::If {
                branches: vec![(test, orelse)],
                orelse: Vec::new(),
            },
            line,
        ));
        self.alias(name, &local, inner);
        Ok(())
    }

    /// `let f = |x| body;`: a nested function named `f`. It reads the
    /// names it captures as a Python or JavaScript closure does; one that
    /// assigns to them is declined.
    fn closure_def(&mut self, pat: Node, closure: Node) -> Res<Stmt> {
        let line = self.line(closure);
        let name = self.pattern_name(pat)?;
        let (params, body) = self.closure_params(closure)?;
        let declared_ret = match closure.child_by_field_name("return_type") {
            Some(r) => Some(self.owned_type(r)?),
            None => None,
        };
        let saved_pre = std::mem::take(&mut self.pre);
        let saved_hoist = std::mem::replace(&mut self.no_hoist, 0);
        let saved_inline = std::mem::replace(&mut self.inline, 0);
        let saved_ret = self
            .function_ret
            .replace(declared_ret.clone().unwrap_or(Ty::Unknown));
        self.push_scope(true);
        self.closure_depth.push(self.scopes.len() - 1);
        let result = (|| -> Res<(Vec<Param>, Block)> {
            let mut ps = Vec::new();
            for (pat, ty) in &params {
                let ty = ty.clone().unwrap_or(Ty::Unknown);
                let pname = self.pattern_name(self.strip_pattern_refs(*pat))?;
                let target = self.bind(pname, ty.clone());
                let line = self.line(*pat);
                let param = self.param(target, ty, Passing::Owned, line);
                ps.push(param);
            }
            let block = if body.kind() == "block" {
                self.block_items(body, Tail::Return)?
            } else {
                let mut b = Vec::new();
                self.tail(body, Tail::Return, &mut b)?;
                b
            };
            Ok((ps, block))
        })();
        self.closure_depth.pop();
        self.pop_scope();
        self.function_ret = saved_ret;
        self.inline = saved_inline;
        self.no_hoist = saved_hoist;
        self.pre = saved_pre;
        let (ps, block) = result?;
        let ret = declared_ret.unwrap_or_else(|| {
            block
                .iter()
                .find_map(|s| match &s.kind {
                    StmtKind::Return(Some(e)) => Some(self.ty(e)),
                    _ => None,
                })
                .unwrap_or(Ty::Unknown)
        });
        let sig = Sig {
            name: String::new(),
            params: ps.iter().map(|p| p.ty.clone()).collect(),
            ret: ret.clone(),
        };
        let target = self.bind(name, Ty::Func(sig.params.clone(), Box::new(ret.clone())));
        if let Some(local) = self.scopes.last_mut().and_then(|s| s.names.get_mut(name)) {
            local.closure = Some(sig);
        }
        Ok(self.stmt(
            StmtKind::Def(Box::new(Function {
                name: target,
                params: ps,
                ret,
                body: block,
                line,
                comments: Vec::new(),
                nonlocal: Vec::new(),
                declared: Vec::new(),
            })),
            line,
        ))
    }

    /// `v.dedup()` on a vector the function owns: `v` rebound to its items
    /// without the ones equal to the item before.
    fn dedup(&mut self, recv: Node, item: Ty, line: usize) -> Res<Stmt> {
        if types::holds_class(&item) {
            // Objects compare by identity.
            return self.decline(recv, "`dedup` of struct values");
        }
        let target = self.assign_target(recv)?;
        let v = self.expr(recv)?;
        let list_ty = self.ty(&v);
        let usize_ty = Ty::Int(IntTy::Usize);
        self.push_scope(false);
        let i = self.bind("i", usize_ty.clone());
        let x = self.bind("x", item.clone());
        self.pop_scope();
        let (i_id, x_id) = (self.fresh(usize_ty.clone()), self.fresh(item.clone()));
        let iter = self.builtin(
            Builtin::Enumerate,
            vec![v],
            Ty::list(Ty::Tuple(vec![usize_ty.clone(), item.clone()])),
            line,
        );
        let i_read = self.name_expr(&i, usize_ty.clone(), line);
        let zero = self.int(0, usize_ty.clone(), line);
        let first = self.compare(i_read, CmpOp::Eq(EqSem::Value), zero);
        let x_read = self.name_expr(&x, item.clone(), line);
        let v2 = self.expr(recv)?;
        let i_read = self.name_expr(&i, usize_ty.clone(), line);
        let one = self.int(1, usize_ty.clone(), line);
        let before = self.binary(BinOp::Sub, i_read, one, usize_ty);
        let prev = self.index_read(v2, before, item.clone(), line);
        let differs = self.compare(x_read, CmpOp::NotEq(EqSem::Value), prev);
        let keep = self.mk(
            ExprKind::Logic {
                op: LogicOp::Or,
                operands: vec![first, differs],
                sem: RUST_LOGIC,
            },
            Ty::Bool,
            line,
        );
        let elt = self.name_expr(&x, item, line);
        let value = self.mk(
            ExprKind::Comprehension {
                kind: CompKind::List,
                elt: Box::new(elt),
                value: None,
                clauses: vec![Clause {
                    target: Target::Tuple(vec![
                        Target::Name { name: i, id: i_id },
                        Target::Name { name: x, id: x_id },
                    ]),
                    iter,
                    conditions: vec![keep],
                }],
            },
            list_ty,
            line,
        );
        Ok(self.stmt(StmtKind::Assign { target, value }, line))
    }

    /// The type of the first value assigned to `name` in a block, at any
    /// depth.
    fn assigned_type(&self, block: &Block, name: &str) -> Ty {
        for s in block {
            let found = match &s.kind {
                StmtKind::Assign {
                    target: Target::Name { name: n, .. },
                    value,
                } if n == name => self.ty(value),
                StmtKind::If { branches, orelse } => {
                    let mut t = Ty::Unknown;
                    for (_, b) in branches {
                        t = merge(&t, &self.assigned_type(b, name));
                    }
                    merge(&t, &self.assigned_type(orelse, name))
                }
                _ => Ty::Unknown,
            };
            if found.is_known() {
                return found;
            }
        }
        Ty::Unknown
    }

    /// Makes `name` (a Rust name) mean the output name `target` in the
    /// innermost scope.
    fn alias(&mut self, name: &str, target: &str, ty: Ty) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.names.insert(
                name.to_string(),
                Local {
                    target: target.to_string(),
                    ty,
                    closure: None,
                    borrowed: false,
                    into_bound: false,
                },
            );
        }
    }

    /// The target name `bind` would give `name` now, without binding it.
    fn peek_bind_target(&mut self, name: &str) -> String {
        let target = self.bind(name, Ty::Unknown);
        if let Some(scope) = self.scopes.last_mut() {
            scope.names.remove(name);
        }
        target
    }

    /// Declines an identifier in a refutable pattern that Rust may read as
    /// a path, not a binding: a constant or struct of the file (compared
    /// with, or matched), or a name starting with a capital letter, which
    /// may be a constant, static or unit struct `use`d from elsewhere
    /// (`LIMIT => ..` tests `x == LIMIT`; a binding would match anything).
    fn binding_identifier(&self, pat: Node) -> Res<()> {
        let name = self.text(pat);
        if self.constants.contains_key(name)
            || self.struct_type(name).is_some()
            || name.starts_with(|c: char| c.is_uppercase())
        {
            return self.decline(
                pat,
                format!("pattern `{name}`, which may name a constant, not bind a name"),
            );
        }
        Ok(())
    }

    /// The one name a pattern binds (`x`, `mut x`).
    fn pattern_name(&self, pat: Node) -> Res<&'s str> {
        match pat.kind() {
            "identifier" => Ok(self.text(pat)),
            "mut_pattern" => match named_children(pat).last() {
                Some(p) => self.pattern_name(*p),
                None => self.decline(pat, "pattern"),
            },
            _ => self.decline(pat, format!("pattern `{}`", self.text(pat))),
        }
    }

    /// Binds what a pattern names, with the type of the value it matches.
    fn bind_pattern(&mut self, pat: Node, ty: Ty) -> Res<Target> {
        match pat.kind() {
            "identifier" => {
                let target = self.bind(self.text(pat), ty.clone());
                Ok(self.name_target(target, ty))
            }
            "mut_pattern" | "reference_pattern" => match named_children(pat)
                .into_iter()
                .rfind(|c| c.kind() != "mutable_specifier")
            {
                Some(p) => self.bind_pattern(p, ty),
                None => self.decline(pat, "pattern"),
            },
            "_" => Ok(self.name_target("_".to_string(), ty)),
            "tuple_pattern" => {
                let items = pattern_children(pat);
                let tys = match &ty {
                    Ty::Tuple(ts) if ts.len() == items.len() => ts.clone(),
                    _ => vec![Ty::Unknown; items.len()],
                };
                let mut targets = Vec::new();
                for (p, t) in items.into_iter().zip(tys) {
                    targets.push(self.bind_pattern(p, t)?);
                }
                Ok(Target::Tuple(targets))
            }
            _ => self.decline(pat, format!("pattern `{}`", self.text(pat))),
        }
    }

    /// A statement (an expression whose value is dropped).
    fn statement(&mut self, e: Node, out: &mut Block) -> Res<()> {
        let line = self.line(e);
        if self.formatter_step(e, false, out)? {
            return Ok(());
        }
        match e.kind() {
            "if_expression" => self.if_statement(e, Tail::Discard, out),
            "match_expression" => self.match_statement(e, Tail::Discard, out),
            "block" => {
                let b = self.block(e, Tail::Discard, true)?;
                out.extend(b);
                Ok(())
            }
            // `unsafe` lets the block call what the engine declines anyway
            // (raw pointers, FFI, `static mut`) or the unchecked forms,
            // which are undefined where the targets raise.
            "unsafe_block" => self.statement(self.unsafe_inner(e)?, out),
            "for_expression" => self.for_statement(e, out),
            "while_expression" => {
                if self.has_label(e) {
                    return self.decline(e, "loop label");
                }
                let cond = self.child(e, "condition")?;
                if cond.kind() != "let_condition" && cond.kind() != "let_chain" {
                    self.no_hoist += 1;
                    let test = self.expr(cond);
                    self.no_hoist -= 1;
                    let test = test?;
                    let body = self.block(self.child(e, "body")?, Tail::Discard, true)?;
                    out.push(self.stmt(StmtKind::While { test, body }, line));
                    Ok(())
                } else if cond.kind() == "let_condition" {
                    self.while_let(e, cond, out)
                } else {
                    self.decline(cond, "`while let` chain")
                }
            }
            "loop_expression" => {
                if self.has_label(e) {
                    return self.decline(e, "loop label");
                }
                let test = self.lit(Lit::Bool(true), Ty::Bool, line);
                let body = self.block(self.child(e, "body")?, Tail::Discard, true)?;
                out.push(self.stmt(StmtKind::While { test, body }, line));
                Ok(())
            }
            "return_expression" => {
                if self.inline > 0 {
                    return self.decline(e, "`return` inside a closure");
                }
                if let Some(v) = named_children(e).into_iter().next() {
                    if self.formatter_step(v, true, out)? {
                        return Ok(());
                    }
                }
                let value = match named_children(e).into_iter().next() {
                    Some(v) => {
                        let ret = self.current_return();
                        Some(self.expr_expecting(v, ret.as_ref())?)
                    }
                    None => None,
                };
                out.extend(std::mem::take(&mut self.pre));
                out.push(self.stmt(StmtKind::Return(value), line));
                Ok(())
            }
            "break_expression" => {
                if !named_children(e).is_empty() {
                    return self.decline(e, "`break` with a label or value");
                }
                out.push(self.stmt(StmtKind::Break, line));
                Ok(())
            }
            "continue_expression" => {
                if !named_children(e).is_empty() {
                    return self.decline(e, "`continue` with a label");
                }
                out.push(self.stmt(StmtKind::Continue, line));
                Ok(())
            }
            "assignment_expression" => self.assignment(e, out),
            "compound_assignment_expr" => self.compound_assignment(e, out),
            "macro_invocation" => self.macro_statement(e, out),
            _ => {
                if self.method_statement(e, out)? {
                    return Ok(());
                }
                let value = self.expr(e)?;
                out.extend(std::mem::take(&mut self.pre));
                out.push(self.stmt(StmtKind::Expr(value), line));
                Ok(())
            }
        }
    }

    /// The block of `unsafe { .. }`.
    fn unsafe_inner<'t>(&self, n: Node<'t>) -> Res<Node<'t>> {
        match named_children(n).into_iter().find(|c| c.kind() == "block") {
            Some(b) => Ok(b),
            None => self.decline(n, "`unsafe`"),
        }
    }

    /// `while let Some(x) = e { .. }` (`Ok(x)`, `Err(x)` too): a loop
    /// whose body first stores `e` in a local and leaves where it is not
    /// the variant, then binds `x`. `e` is computed once per round, as
    /// Rust's is, and `continue` computes it again.
    fn while_let(&mut self, e: Node, cond: Node, out: &mut Block) -> Res<()> {
        let line = self.line(e);
        let pat = self.child(cond, "pattern")?;
        let variant = match pat.kind() {
            "tuple_struct_pattern" => self.text(self.child(pat, "type")?),
            _ => "",
        };
        let kids = pattern_children(pat);
        let sub = match kids.as_slice() {
            [_, sub]
                if matches!(variant, "Some" | "Ok" | "Err")
                    && (sub.kind() == "identifier" || results::is_ignored(*sub)) =>
            {
                *sub
            }
            _ => {
                return self.decline(
                    cond,
                    "`while let` other than `Some(x)`, `Ok(x)` or `Err(x)` = e",
                )
            }
        };
        self.push_scope(false);
        let result = (|| -> Res<Block> {
            let mut body = Vec::new();
            let v = self.expr(self.child(cond, "value")?)?;
            body.extend(std::mem::take(&mut self.pre));
            let ty = self.ty(&v);
            let named = sub.kind() == "identifier";
            let base = if variant == "Some" && named {
                self.text(sub)
            } else {
                "value"
            };
            let local = self.bind_temp(base, ty.clone());
            body.push(self.assign_name(local.clone(), ty.clone(), v, line));
            let read = self.name_expr(&local, ty.clone(), line);
            let done = match (&ty, variant) {
                (Ty::Option(inner), "Some")
                    if !matches!(**inner, Ty::Unit | Ty::Unknown | Ty::Var(_)) =>
                {
                    let none = self.lit(Lit::None, ty.clone(), line);
                    let test = self.compare(read, CmpOp::Is, none);
                    if named {
                        self.binding_identifier(sub)?;
                        self.alias(self.text(sub), &local, (**inner).clone());
                    }
                    test
                }
                (Ty::Result(..), "Ok" | "Err") => self.result_is(read, variant, false),
                _ => return self.decline(cond, format!("`while let {variant}(..)` of {ty}")),
            };
            let stop = self.stmt(StmtKind::Break, line);
            body.push(self.stmt(
                StmtKind::If {
                    branches: vec![(done, vec![stop])],
                    orelse: Vec::new(),
                },
                line,
            ));
            if named && variant != "Some" {
                self.binding_identifier(sub)?;
                let read = self.name_expr(&local, ty.clone(), line);
                let value = self.result_payload(read, variant);
                let vt = self.ty(&value);
                let target = self.bind(self.text(sub), vt.clone());
                body.push(self.assign_name(target, vt, value, line));
            }
            body.extend(self.block_items(self.child(e, "body")?, Tail::Discard)?);
            Ok(body)
        })();
        self.pop_scope();
        let body = result?;
        let test = self.lit(Lit::Bool(true), Ty::Bool, line);
        out.push(self.stmt(StmtKind::While { test, body }, line));
        Ok(())
    }

    fn has_label(&self, e: Node) -> bool {
        named_children(e).iter().any(|c| c.kind() == "label")
    }

    /// The declared return type of the function being lowered.
    fn current_return(&self) -> Option<Ty> {
        self.function_ret.clone()
    }

    fn if_statement(&mut self, e: Node, tail: Tail, out: &mut Block) -> Res<()> {
        let line = self.line(e);
        let mut branches = Vec::new();
        let mut orelse = Vec::new();
        let mut node = e;
        loop {
            let cond = self.child(node, "condition")?;
            if self.computed_let(cond)? {
                if node.id() != e.id() {
                    // `else if let P = f()`: `f()` runs only when the tests
                    // before fail, so the rest of the chain is an `if` of
                    // its own inside the `else`.
                    self.if_statement(node, tail.clone(), &mut orelse)?;
                    break;
                }
                self.hoist_let_value(cond, out)?;
            }
            let variant = self.variant_condition(cond)?;
            let (mut test, bind) = match variant {
                Some((_, _, ref placeholder)) => (placeholder.clone(), None),
                None => self.condition(cond)?,
            };
            self.push_scope(false);
            let mut body = Vec::new();
            if let Some((pat, scrut, value)) = variant {
                // `if let E::V(x, ..) = e`: the variant's test, and the
                // names bound first in the branch.
                let sty = self.ty(&value);
                match self.variant_pattern(pat, &scrut, &sty, &mut body) {
                    Ok(Some(t)) => test = t,
                    Ok(None) => {
                        self.pop_scope();
                        return self.decline(cond, "`if let`");
                    }
                    Err(d) => {
                        self.pop_scope();
                        return Err(d);
                    }
                }
            }
            if let Some((pat, ty, value)) = bind {
                let line = value.line;
                match &value.kind {
                    // `if let Some(x) = f()`: `x` reads the local computed
                    // for the test (nothing assigns either).
                    ExprKind::Name(temp)
                        if pat.kind() == "identifier" && self.is_hoisted_let(cond, temp) =>
                    {
                        let name = self.text(pat);
                        let temp = temp.clone();
                        self.alias(name, &temp, ty);
                    }
                    _ => match self.bind_pattern(pat, ty) {
                        Ok(target) => {
                            body.push(self.stmt(StmtKind::Assign { target, value }, line))
                        }
                        Err(d) => {
                            self.pop_scope();
                            return Err(d);
                        }
                    },
                }
            }
            let block = self.block_items(self.child(node, "consequence")?, tail.clone());
            self.pop_scope();
            body.extend(block?);
            branches.push((test, body));
            let Some(alt) = node.child_by_field_name("alternative") else {
                break;
            };
            let Some(next) = named_children(alt).into_iter().next() else {
                break;
            };
            if next.kind() == "if_expression" {
                node = next;
                continue;
            }
            orelse = self.block(next, tail.clone(), true)?;
            break;
        }
        if matches!(tail, Tail::Assign(_)) && orelse.is_empty() {
            return self.decline(e, "`if` without `else` as a value");
        }
        out.extend(std::mem::take(&mut self.pre));
        out.push(self.stmt(StmtKind::If { branches, orelse }, line));
        Ok(())
    }

    /// Whether `cond` is an `if let` whose value is computed (not a name):
    /// the test reads a local it is first stored in.
    fn computed_let(&self, cond: Node) -> Res<bool> {
        Ok(cond.kind() == "let_condition" && self.child(cond, "value")?.kind() != "identifier")
    }

    /// `if let P = e`, `e` not a name: `e` into a local, before the `if`
    /// (the first test of a chain always runs), which the pattern tests.
    /// The local is named for what `Some(x)` binds.
    fn hoist_let_value(&mut self, cond: Node, out: &mut Block) -> Res<()> {
        let line = self.line(cond);
        let v = self.expr(self.child(cond, "value")?)?;
        out.extend(std::mem::take(&mut self.pre));
        let ty = self.ty(&v);
        let pat = self.child(cond, "pattern")?;
        let type_id = pat.child_by_field_name("type").map(|t| t.id());
        let inner: Vec<Node> = named_children(pat)
            .into_iter()
            .filter(|c| c.kind() == "identifier" && Some(c.id()) != type_id)
            .collect();
        let variant = pat.child_by_field_name("type").map_or("", |t| self.text(t));
        let base = match inner.as_slice() {
            // `x` of `Some(x)` reads the local itself (see `if_statement`).
            [only] if variant == "Some" => self.text(*only),
            _ if matches!(variant, "Ok" | "Err") => "result",
            _ => "value",
        };
        let target = self.bind_temp(base, ty.clone());
        out.push(self.assign_name(target.clone(), ty.clone(), v, line));
        self.hoisted_let = Some((cond.id(), target));
        Ok(())
    }

    /// Whether `target` is the local `hoist_let_value` stored `cond`'s
    /// value in.
    fn is_hoisted_let(&self, cond: Node, target: &str) -> bool {
        self.hoisted_let
            .as_ref()
            .is_some_and(|(id, t)| *id == cond.id() && t == target)
    }

    /// The value an `if let` tests: its name, or the local it was stored in.
    fn let_value(&mut self, cond: Node, value: Node) -> Res<Expr> {
        match &self.hoisted_let {
            Some((id, target)) if *id == cond.id() => {
                let target = target.clone();
                let ty = self
                    .lookup(&temp_key(&target))
                    .map_or(Ty::Unknown, |l| l.ty.clone());
                let line = self.line(value);
                Ok(self.name_expr(&target, ty, line))
            }
            _ => self.expr(value),
        }
    }

    /// An `if` condition, with what an `if let` pattern binds: its pattern,
    /// the type it binds and the value (bound in the branch's scope).
    fn condition<'t>(&mut self, cond: Node<'t>) -> Res<(Expr, Option<IfLet<'t>>)> {
        if cond.kind() == "let_chain" {
            return self.decline(cond, "`let` chain");
        }
        if cond.kind() != "let_condition" {
            // Hoisted code would run before every branch's test, not only
            // when the ones before it fail.
            self.no_hoist += 1;
            let test = self.expr(cond);
            self.no_hoist -= 1;
            return Ok((test?, None));
        }
        // `if let Some(x) = opt`: `opt` is not None, then `x = opt`.
        let pat = self.child(cond, "pattern")?;
        let value = self.child(cond, "value")?;
        let variant = match pat.kind() {
            "tuple_struct_pattern" => self.text(self.child(pat, "type")?),
            _ => "",
        };
        if matches!(variant, "Ok" | "Err") {
            // `if let Ok(x) = r`: `r` is that variant, then `x = r[1]`.
            let v = self.let_value(cond, value)?;
            if !matches!(self.ty(&v), Ty::Result(..)) {
                return self.decline(
                    cond,
                    format!("`if let {variant}(..)` of a value that is not a `Result`"),
                );
            }
            let test = self.result_is(v, variant, true);
            let v2 = self.let_value(cond, value)?;
            let payload = self.result_payload(v2, variant);
            let ty = self.ty(&payload);
            let kids = pattern_children(pat);
            let [_, sub] = kids.as_slice() else {
                return self.decline(pat, format!("pattern inside `{variant}`"));
            };
            if results::is_ignored(*sub) {
                return Ok((test, None));
            }
            if sub.kind() == "identifier" {
                self.binding_identifier(*sub)?;
            }
            return Ok((test, Some((*sub, ty, payload))));
        }
        if variant != "Some" {
            return self.decline(
                cond,
                "`if let` other than `Some(x)`, `Ok(x)` or `Err(x)` = e",
            );
        }
        let v = self.let_value(cond, value)?;
        let inner = match self.ty(&v) {
            Ty::Option(t) => *t,
            _ => return self.decline(cond, "`if let` on a value that is not an `Option`"),
        };
        let line = v.line;
        let none = self.lit(Lit::None, Ty::Option(Box::new(inner.clone())), line);
        let v2 = self.let_value(cond, value)?;
        let test = self.compare(v, CmpOp::IsNot, none);
        let Some(sub) = pattern_children(pat).into_iter().nth(1) else {
            return self.decline(pat, "pattern");
        };
        if sub.kind() == "_" {
            return Ok((test, None));
        }
        if sub.kind() == "identifier" {
            self.binding_identifier(sub)?;
        }
        Ok((test, Some((sub, inner, v2))))
    }

    fn for_statement(&mut self, e: Node, out: &mut Block) -> Res<()> {
        let line = self.line(e);
        if self.has_label(e) {
            return self.decline(e, "loop label");
        }
        if self.for_over_iterator_struct(e, out)? {
            return Ok(());
        }
        let pat = self.child(e, "pattern")?;
        if pat.kind() == "mut_pattern" {
            // Python's and JavaScript's loops would see the assignment.
            return self.decline(pat, "`for mut` (an assigned loop variable)");
        }
        let (iter, item) = self.iterable(self.child(e, "value")?)?;
        out.extend(std::mem::take(&mut self.pre));
        self.push_scope(false);
        let result = (|| -> Res<(Target, Block)> {
            let target = self.bind_pattern(pat, item)?;
            let body = self.block_items(self.child(e, "body")?, Tail::Discard)?;
            Ok((target, body))
        })();
        self.pop_scope();
        let (target, body) = result?;
        out.push(self.stmt(
            StmtKind::For {
                target,
                iter,
                body,
                orelse: Vec::new(),
            },
            line,
        ));
        Ok(())
    }

    /// What a `for` loop or a chain iterates, and the type of its items.
    fn iterable(&mut self, n: Node) -> Res<(Expr, Ty)> {
        let chain = self.chain(n)?;
        Ok(self.chain_iterable(chain))
    }

    /// A chain as something to iterate: the plain iterable, or a
    /// generator.
    fn chain_iterable(&mut self, chain: Chain) -> (Expr, Ty) {
        let item = chain.item.clone();
        if let Some(plain) = chain.plain {
            return (plain, item);
        }
        let e = self.comprehension(CompKind::Generator, chain, Ty::list(item.clone()));
        (e, item)
    }

    fn comprehension(&mut self, kind: CompKind, chain: Chain, ty: Ty) -> Expr {
        let line = chain.clauses.first().map_or(0, |c| c.iter.line);
        let elt = match chain.elt {
            Some(e) => e,
            None => {
                let (name, id) = match chain.clauses.last().map(|c| &c.target) {
                    Some(Target::Name { name, id }) => (name.clone(), *id),
                    _ => ("_".to_string(), ExprId(0)),
                };
                let ty = self.types[id.index()].clone();
                self.name_expr(&name, ty, line)
            }
        };
        self.mk(
            ExprKind::Comprehension {
                kind,
                elt: Box::new(elt),
                value: None,
                clauses: chain.clauses,
            },
            ty,
            line,
        )
    }

    /// The method call `recv.name(args)` a node is, with its turbofish.
    fn method_call<'t>(&self, n: Node<'t>) -> Option<MethodCall<'t>> {
        if n.kind() != "call_expression" {
            return None;
        }
        let func = n.child_by_field_name("function")?;
        let (field, turbofish) = match func.kind() {
            "field_expression" => (func, None),
            "generic_function" => {
                let f = func.child_by_field_name("function")?;
                if f.kind() != "field_expression" {
                    return None;
                }
                (f, func.child_by_field_name("type_arguments"))
            }
            _ => return None,
        };
        let name = field.child_by_field_name("field")?;
        Some(MethodCall {
            recv: field.child_by_field_name("value")?,
            name: self.text(name).to_string(),
            args: named_children(n.child_by_field_name("arguments")?),
            turbofish,
            node: n,
        })
    }

    /// An iterator chain (or a plain iterable value).
    fn chain(&mut self, n: Node) -> Res<Chain> {
        let n = self.strip_refs(n);
        if n.kind() == "range_expression" {
            let (e, item) = self.range(n)?;
            return Ok(Chain {
                clauses: Vec::new(),
                elt: None,
                item,
                plain: Some(e),
            });
        }
        if n.kind() == "parenthesized_expression" {
            if let Some(inner) = named_children(n).into_iter().next() {
                return self.chain(inner);
            }
        }
        let Some(call) = self.method_call(n) else {
            return self.plain_chain(n);
        };
        let line = self.line(n);
        match (call.name.as_str(), call.args.len()) {
            ("iter" | "into_iter" | "cloned" | "copied" | "chars", 0) => {
                let inner = self.chain(call.recv)?;
                if call.name == "chars" && inner.item != Ty::Char && inner.plain.is_some() {
                    let Some(plain) = inner.plain else {
                        return self.decline(n, "`chars()`");
                    };
                    if self.ty(&plain) != Ty::Str {
                        return self.decline(n, "`chars()` of a value that is not a string");
                    }
                    return Ok(Chain {
                        clauses: Vec::new(),
                        elt: None,
                        item: Ty::Char,
                        plain: Some(plain),
                    });
                }
                Ok(inner)
            }
            ("keys" | "values", 0) => {
                let recv = self.expr(call.recv)?;
                let Ty::Dict(k, v) = self.ty(&recv) else {
                    return self
                        .decline(n, format!("`{}()` of a value that is not a map", call.name));
                };
                let (method, item) = if call.name == "keys" {
                    (Method::Keys, *k)
                } else {
                    (Method::Values, *v)
                };
                let e = self.method(recv, method, Vec::new(), Ty::list(item.clone()));
                Ok(Chain {
                    clauses: Vec::new(),
                    elt: None,
                    item,
                    plain: Some(e),
                })
            }
            ("rev", 0) => {
                let inner = self.chain(call.recv)?;
                let Some(plain) = inner.plain else {
                    // Reversing a mapped chain runs the map in another order.
                    return self.decline(n, "`rev()` after `map` or `filter`");
                };
                let item = inner.item;
                let e = self.builtin(Builtin::Reversed, vec![plain], Ty::list(item.clone()), line);
                Ok(Chain {
                    clauses: Vec::new(),
                    elt: None,
                    item,
                    plain: Some(e),
                })
            }
            ("enumerate", 0) => {
                let inner = self.chain(call.recv)?;
                let (iterable, item) = self.chain_iterable(inner);
                let item = Ty::Tuple(vec![Ty::Int(IntTy::Usize), item]);
                let e = self.builtin(
                    Builtin::Enumerate,
                    vec![iterable],
                    Ty::list(item.clone()),
                    line,
                );
                Ok(Chain {
                    clauses: Vec::new(),
                    elt: None,
                    item,
                    plain: Some(e),
                })
            }
            ("zip", 1) => {
                let inner = self.chain(call.recv)?;
                let (a, ta) = self.chain_iterable(inner);
                let other = self.chain(call.args[0])?;
                let (b, tb) = self.chain_iterable(other);
                let item = Ty::Tuple(vec![ta, tb]);
                let e = self.builtin(Builtin::Zip, vec![a, b], Ty::list(item.clone()), line);
                Ok(Chain {
                    clauses: Vec::new(),
                    elt: None,
                    item,
                    plain: Some(e),
                })
            }
            ("skip" | "take", 1) => {
                let inner = self.chain(call.recv)?;
                let Some(plain) = inner.plain else {
                    return self.decline(n, format!("`{}()` after `map` or `filter`", call.name));
                };
                let k = self.expr(call.args[0])?;
                let item = inner.item;
                let ty = self.ty(&plain);
                // `reversed`, `enumerate` and `zip` give iterators in Python,
                // which cannot be sliced: the slice takes a list of them.
                let lazy = matches!(
                    plain.kind,
                    ExprKind::Builtin {
                        op: Builtin::Reversed | Builtin::Enumerate | Builtin::Zip,
                        ..
                    }
                );
                let plain = if lazy {
                    self.builtin(Builtin::ToList, vec![plain], ty.clone(), line)
                } else {
                    plain
                };
                let (lower, upper) = if call.name == "skip" {
                    (Some(Box::new(k)), None)
                } else {
                    (None, Some(Box::new(k)))
                };
                // `skip` and `take` stop at the end, as a clamping slice does.
                let e = self.mk(
                    ExprKind::Slice {
                        value: Box::new(plain),
                        lower,
                        upper,
                        step: None,
                        sem: SliceSem {
                            clamps: true,
                            negative_from_end: false,
                        },
                    },
                    if ty == Ty::Str {
                        Ty::Str
                    } else {
                        Ty::list(item.clone())
                    },
                    line,
                );
                Ok(Chain {
                    clauses: Vec::new(),
                    elt: None,
                    item,
                    plain: Some(e),
                })
            }
            ("map" | "filter", 1) => {
                let inner = self.chain(call.recv)?;
                self.map_or_filter(inner, call.name == "map", call.args[0])
            }
            ("split" | "split_whitespace" | "split_ascii_whitespace" | "lines", _) => {
                let e = self.expr(n)?;
                let item = self.ty(&e).item().unwrap_or(Ty::Unknown);
                Ok(Chain {
                    clauses: Vec::new(),
                    elt: None,
                    item,
                    plain: Some(e),
                })
            }
            // An adapter's name with arguments this match does not take
            // (`opt.take()`, `map()` with two) is not a chain: lowering it
            // as a plain value would lower this same call again, and
            // `method_expr` would send it back here without end.
            (name, k) if CHAIN_ADAPTERS.contains(&name) => {
                self.decline(n, format!("`{name}()` with {k} arguments"))
            }
            _ => self.plain_chain(n),
        }
    }

    fn plain_chain(&mut self, n: Node) -> Res<Chain> {
        let e = self.expr(n)?;
        let ty = self.ty(&e);
        let item = match &ty {
            Ty::List(t) | Ty::Set(t) => (**t).clone(),
            Ty::Dict(k, v) => {
                // Iterating a map gives its pairs in Rust, its keys in
                // Python and JavaScript.
                let item = Ty::Tuple(vec![(**k).clone(), (**v).clone()]);
                let e = self.method(e, Method::Items, Vec::new(), Ty::list(item.clone()));
                return Ok(Chain {
                    clauses: Vec::new(),
                    elt: None,
                    item,
                    plain: Some(e),
                });
            }
            Ty::Str => Ty::Char,
            _ => return self.decline(n, format!("iterating a value of type {ty}")),
        };
        Ok(Chain {
            clauses: Vec::new(),
            elt: None,
            item,
            plain: Some(e),
        })
    }

    /// `&x`, `&mut x` and `*x` are the value itself in Python and
    /// JavaScript.
    fn strip_refs<'t>(&self, mut n: Node<'t>) -> Node<'t> {
        loop {
            match n.kind() {
                "reference_expression" => match n.child_by_field_name("value") {
                    Some(v) => n = v,
                    None => return n,
                },
                "unary_expression" if self.text(n).starts_with('*') => {
                    match named_children(n).into_iter().next() {
                        Some(v) => n = v,
                        None => return n,
                    }
                }
                "parenthesized_expression" => {
                    let kids = named_children(n);
                    match kids.as_slice() {
                        [only]
                            if matches!(
                                only.kind(),
                                "reference_expression"
                                    | "unary_expression"
                                    | "parenthesized_expression"
                                    | "identifier"
                            ) =>
                        {
                            n = *only
                        }
                        _ => return n,
                    }
                }
                _ => return n,
            }
        }
    }

    /// `a..b`, `a..=b`, as a `range`.
    fn range(&mut self, n: Node) -> Res<(Expr, Ty)> {
        let kids = named_children(n);
        let inclusive = self.text(n).contains("..=");
        let [a, b] = kids.as_slice() else {
            return self.decline(n, "open range");
        };
        let a = self.expr(*a)?;
        let b = self.expr(*b)?;
        let ty = match (self.ty(&a), self.ty(&b)) {
            (Ty::Int(IntTy::Unbounded), t) | (t, _) => t,
        };
        let ty = if matches!(ty, Ty::Int(_)) {
            ty
        } else {
            Ty::Int(IntTy::I32)
        };
        let line = a.line;
        let b = if inclusive {
            let one = self.int(1, ty.clone(), line);
            self.binary(BinOp::Add(OperandSem::Numeric), b, one, ty.clone())
        } else {
            b
        };
        let e = self.builtin(Builtin::Range, vec![a, b], Ty::list(ty.clone()), line);
        Ok((e, ty))
    }

    /// The pattern each of a closure's parameters binds with its declared
    /// type, and the closure's body.
    fn closure_params<'t>(&self, closure: Node<'t>) -> Res<ClosureParts<'t>> {
        if closure.kind() != "closure_expression" {
            return self.decline(closure, "function passed by name");
        }
        let mut params = Vec::new();
        for p in pattern_children(self.child(closure, "parameters")?) {
            if p.kind() == "parameter" {
                let ty = self.owned_type(self.child(p, "type")?)?;
                params.push((self.child(p, "pattern")?, Some(ty)));
            } else {
                params.push((p, None));
            }
        }
        Ok((params, self.child(closure, "body")?))
    }

    /// A closure's body that is one expression (`|x| x + 1`, `|x| { x }`).
    fn closure_expr_body<'t>(&self, body: Node<'t>) -> Res<Node<'t>> {
        if body.kind() != "block" {
            return Ok(body);
        }
        let items: Vec<Node> = named_children(body)
            .into_iter()
            .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
            .collect();
        match items.as_slice() {
            [only] if only.kind() != "expression_statement" && only.kind() != "let_declaration" => {
                Ok(*only)
            }
            _ => self.decline(body, "closure with statements"),
        }
    }

    /// `.map(|x| f)` or `.filter(|x| p)` on a chain.
    fn map_or_filter(&mut self, mut chain: Chain, is_map: bool, closure: Node) -> Res<Chain> {
        let (params, body) = self.closure_params(closure)?;
        let [(pat, _)] = params.as_slice() else {
            return self.decline(closure, "closure with other than one parameter");
        };
        let body = self.closure_expr_body(body)?;
        // A filter on mapped values, or a chain with nothing to name its
        // items yet, starts a new clause over what came before.
        let needs_clause = chain.clauses.is_empty() || chain.elt.is_some();
        let item = chain.item.clone();
        self.push_scope(true);
        self.closure_depth.push(self.scopes.len() - 1);
        self.inline += 1;
        let result = (|| -> Res<Expr> {
            if needs_clause {
                let iter = match chain.plain.take() {
                    Some(p) => p,
                    None => {
                        let old = std::mem::replace(
                            &mut chain,
                            Chain {
                                clauses: Vec::new(),
                                elt: None,
                                item: item.clone(),
                                plain: None,
                            },
                        );
                        self.comprehension(CompKind::Generator, old, Ty::list(item.clone()))
                    }
                };
                let target = self.bind_pattern(*pat, item.clone())?;
                chain.clauses.push(Clause {
                    target,
                    iter,
                    conditions: Vec::new(),
                });
            } else {
                // The item is the last clause's target: name it so.
                let target = match chain.clauses.last().map(|c| c.target.clone()) {
                    Some(t) => t,
                    None => return self.decline(closure, "closure"),
                };
                self.alias_pattern(*pat, &target, &item)?;
            }
            self.no_hoist += 1;
            let e = self.expr(body);
            self.no_hoist -= 1;
            e
        })();
        self.inline -= 1;
        self.closure_depth.pop();
        self.pop_scope();
        let e = result?;
        chain.plain = None;
        if is_map {
            chain.item = self.ty(&e);
            chain.elt = Some(e);
        } else if let Some(c) = chain.clauses.last_mut() {
            c.conditions.push(e);
        }
        Ok(chain)
    }

    /// Makes a closure parameter name the target a clause already binds.
    fn alias_pattern(&mut self, pat: Node, target: &Target, ty: &Ty) -> Res<()> {
        match (pat.kind(), target) {
            ("identifier", Target::Name { name, .. }) => {
                let rust = self.text(pat).to_string();
                if let Some(scope) = self.scopes.last_mut() {
                    scope.names.insert(
                        rust,
                        Local {
                            target: name.clone(),
                            ty: ty.clone(),
                            closure: None,
                            borrowed: false,
                            into_bound: false,
                        },
                    );
                }
                Ok(())
            }
            ("reference_pattern" | "mut_pattern", _) => match named_children(pat)
                .into_iter()
                .rfind(|c| c.kind() != "mutable_specifier")
            {
                Some(p) => self.alias_pattern(p, target, ty),
                None => self.decline(pat, "pattern"),
            },
            ("tuple_pattern", Target::Tuple(targets)) => {
                let items = pattern_children(pat);
                if items.len() != targets.len() {
                    return self.decline(pat, "pattern");
                }
                let tys = match ty {
                    Ty::Tuple(ts) if ts.len() == items.len() => ts.clone(),
                    _ => vec![Ty::Unknown; items.len()],
                };
                for ((p, t), ty) in items.into_iter().zip(targets).zip(tys) {
                    self.alias_pattern(p, t, &ty)?;
                }
                Ok(())
            }
            _ => self.decline(pat, format!("pattern `{}`", self.text(pat))),
        }
    }

    // -- Expressions ---------------------------------------------------------

    fn expr(&mut self, n: Node) -> Res<Expr> {
        self.expr_e(n, None)
    }

    /// An expression where the type it must have is known (a `let`'s
    /// declared type, the function's return type, a parameter's): what an
    /// empty `vec![]` or a `collect()` builds.
    fn expr_expecting(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let e = self.expr_e(n, exp)?;
        if let Some(t) = exp {
            self.opaque_flow(n, &self.ty(&e), t)?;
            let merged = match self.ty(&e) {
                // An erased type parameter's value where Rust has checked
                // it is of the declared type: it is that type's value.
                Ty::Var(_) if !matches!(t, Ty::Unknown | Ty::Var(_)) => t.clone(),
                ty => merge(&ty, t),
            };
            self.set_ty(&e, merged);
        }
        Ok(e)
    }

    fn expr_e(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let e = self.expr_of(n, exp)?;
        let ty = self.ty(&e);
        if types::option_of_var(&ty) {
            // The parameter may be an `Option` itself, whose `None` and
            // `Some(None)` the targets' one `None` would make one value.
            return self.decline(
                n,
                format!("a value of type {ty}, an `Option` of a type parameter"),
            );
        }
        Ok(e)
    }

    fn expr_of(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let line = self.line(n);
        match n.kind() {
            "parenthesized_expression" => match named_children(n).as_slice() {
                [inner] => self.expr_e(*inner, exp),
                _ => self.decline(n, "parentheses"),
            },
            "reference_expression" => self.expr_e(self.child(n, "value")?, exp),
            "unary_expression" => self.unary(n, exp),
            "integer_literal" => self.integer_literal(n, exp),
            "float_literal" => {
                let t = self.text(n).replace('_', "");
                let (digits, ty) = if let Some(d) = t.strip_suffix("f32") {
                    (d.to_string(), Ty::Float(FloatTy::F32))
                } else if let Some(d) = t.strip_suffix("f64") {
                    (d.to_string(), Ty::Float(FloatTy::F64))
                } else {
                    let ty = match exp {
                        Some(Ty::Float(f)) => Ty::Float(*f),
                        _ => Ty::Float(FloatTy::F64),
                    };
                    (t, ty)
                };
                match digits.parse::<f64>() {
                    Ok(v) => Ok(self.lit(Lit::Float(v), ty, line)),
                    Err(_) => self.decline(n, "float literal"),
                }
            }
            "boolean_literal" => Ok(self.lit(Lit::Bool(self.text(n) == "true"), Ty::Bool, line)),
            "string_literal" | "raw_string_literal" => {
                let v = self.string_value(n)?;
                Ok(self.lit(Lit::Str(v), Ty::Str, line))
            }
            "char_literal" => {
                let v = self.char_value(n)?;
                Ok(self.lit(Lit::Str(v.to_string()), Ty::Char, line))
            }
            "self" => match self.lookup("self") {
                Some(local) => {
                    let (target, ty) = (local.target.clone(), local.ty.clone());
                    Ok(self.name_expr(&target, ty, line))
                }
                None => self.decline(n, "`self` outside a method"),
            },
            "identifier" => {
                let name = self.text(n);
                match self.lookup(name) {
                    Some(local) => {
                        let (target, ty) = (local.target.clone(), local.ty.clone());
                        Ok(self.name_expr(&target, ty, line))
                    }
                    // A unit struct's one value.
                    None if self.struct_type(name).is_some() => self.construct(name, &[], n, exp),
                    None if self.constants.contains_key(name) => {
                        let ty = self.constants[name].clone();
                        Ok(self.name_expr(name, ty, line))
                    }
                    None if name == "None" => {
                        let ty = match exp {
                            Some(t @ Ty::Option(_)) => t.clone(),
                            _ => Ty::Option(Box::new(Ty::Unknown)),
                        };
                        Ok(self.lit(Lit::None, ty, line))
                    }
                    None if self.is_top_level_function(name) => {
                        self.decline(n, "function passed by name")
                    }
                    // `use std::f64::consts::PI;`: the double Python's
                    // `math.pi` and JavaScript's `Math.PI` are too.
                    None if name == "PI" && self.imports.contains("PI") => Ok(self.lit(
                        Lit::Float(std::f64::consts::PI),
                        Ty::Float(FloatTy::F64),
                        line,
                    )),
                    None => self.decline(n, format!("name `{name}` the unit does not define")),
                }
            }
            "binary_expression" => self.binary_expr(n, exp),
            "type_cast_expression" => self.cast(n),
            "call_expression" => {
                let call = self.call(n, exp)?;
                // Only a writer's `write_all` under `?` may give an
                // `std::io::Result` (see `writer`).
                let write = matches!(&call.kind, ExprKind::CallMethod { recv, name, .. }
                    if name == "write" && self.ty(recv) == Ty::Class(writer::WRITER.into()));
                if self.ty(&call) == writer::io_result() && !write {
                    return self.decline(n, "call of a function returning `std::io::Result`");
                }
                Ok(call)
            }
            "macro_invocation" => self.macro_expr(n, exp),
            "index_expression" => self.index(n),
            "field_expression" => {
                let value = self.expr(self.child(n, "value")?)?;
                let field = self.child(n, "field")?;
                if matches!(self.ty(&value), Ty::Class(_)) {
                    return self.field(value, field, n);
                }
                let Ok(k) = self.text(field).parse::<usize>() else {
                    return self.decline(n, "field of a struct");
                };
                let Ty::Tuple(items) = self.ty(&value) else {
                    return self.decline(n, "field of a value that is not a tuple");
                };
                let ty = items.get(k).cloned().unwrap_or(Ty::Unknown);
                let index = self.int(k as i128, Ty::Int(IntTy::Usize), line);
                Ok(self.index_read(value, index, ty, line))
            }
            "tuple_expression" => {
                let exp_items = match exp {
                    Some(Ty::Tuple(ts)) => ts.clone(),
                    _ => Vec::new(),
                };
                let mut items = Vec::new();
                for (i, c) in named_children(n).into_iter().enumerate() {
                    items.push(self.expr_expecting(c, exp_items.get(i))?);
                }
                let ty = Ty::Tuple(items.iter().map(|e| self.ty(e)).collect());
                Ok(self.mk(ExprKind::Tuple(items), ty, line))
            }
            "array_expression" => self.array(n, exp),
            "closure_expression" => self.closure(n, exp),
            "if_expression" if self.is_simple_if(n) => self.if_value(n, exp),
            "match_expression" => self.match_value(n, exp),
            "range_expression" => Ok(self.range(n)?.0),
            "unit_expression" => Ok(self.mk(ExprKind::Tuple(Vec::new()), Ty::Unit, line)),
            // `Ordering::Less` is -1 (see `orderings`), else a variant.
            "scoped_identifier" => match self.ordering_path(n) {
                Some(v) => Ok(v),
                None => match self.variant_path(n)? {
                    Some(v) => Ok(v),
                    None => match self.int_type_constant(n) {
                        Some(v) => Ok(v),
                        None => self.decline(n, format!("`{}`", self.text(n))),
                    },
                },
            },
            "if_expression" | "block" => self.decline(
                n,
                format!(
                    "`{}` used as a value inside an expression",
                    short_kind(n.kind())
                ),
            ),
            "unsafe_block" => {
                // `unsafe { e }`: the one expression (see `statement`).
                let block = self.unsafe_inner(n)?;
                let items: Vec<Node> = named_children(block)
                    .into_iter()
                    .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
                    .collect();
                match items.as_slice() {
                    [only]
                        if only.kind() != "expression_statement"
                            && only.kind() != "let_declaration" =>
                    {
                        self.expr_expecting(*only, exp)
                    }
                    _ => self.decline(
                        n,
                        "`unsafe` block of statements used as a value inside an expression",
                    ),
                }
            }
            "try_expression" if self.io_result => self.io_try(n),
            "try_expression" => self.try_operator(n),
            "struct_expression" => self.struct_literal(n, exp),
            "await_expression" | "async_block" => self.decline(n, "`async`"),
            "assignment_expression" | "compound_assignment_expr" => {
                self.decline(n, "assignment used as a value")
            }
            other => self.decline(n, format!("`{}`", short_kind(other))),
        }
    }

    fn integer_literal(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let line = self.line(n);
        let t = self.text(n).replace('_', "");
        const SUFFIXES: [&str; 12] = [
            "i128", "u128", "isize", "usize", "i16", "u16", "i32", "u32", "i64", "u64", "i8", "u8",
        ];
        let (digits, ty) = match SUFFIXES.iter().find(|s| t.ends_with(*s)) {
            Some(sfx) if !t.starts_with("0x") || !sfx.is_empty() => {
                let d = &t[..t.len() - sfx.len()];
                let ty = self.suffix_type(sfx);
                (d.to_string(), ty)
            }
            _ => {
                let ty = match exp {
                    Some(t @ Ty::Int(_)) => t.clone(),
                    Some(Ty::Float(f)) => Ty::Float(*f),
                    _ => Ty::Int(IntTy::I32),
                };
                (t.clone(), ty)
            }
        };
        let parsed = if let Some(h) = digits.strip_prefix("0x") {
            i128::from_str_radix(h, 16)
        } else if let Some(o) = digits.strip_prefix("0o") {
            i128::from_str_radix(o, 8)
        } else if let Some(b) = digits.strip_prefix("0b") {
            i128::from_str_radix(b, 2)
        } else {
            digits.parse::<i128>()
        };
        match parsed {
            Ok(v) => Ok(self.lit(Lit::Int(v), ty, line)),
            Err(_) => self.decline(n, "integer literal"),
        }
    }

    /// `u32::MAX`, `i8::MIN`, `u64::BITS`: a constant of a primitive
    /// integer type, as the literal it stands for, of that type (`BITS` a
    /// `u32`); `usize` and `isize` are 64 bits wide, as everywhere in the
    /// engine. `None` for another path, for `u128::MAX` (past the `i128`
    /// the engine's literals hold) and where the file declares a type of
    /// the primitive's name.
    fn int_type_constant(&mut self, n: Node) -> Option<Expr> {
        const INTS: [&str; 12] = [
            "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
        ];
        let (name, constant) = self.text(n).split_once("::")?;
        if !INTS.contains(&name) || self.struct_type(name).is_some() {
            return None;
        }
        let Ty::Int(int) = self.suffix_type(name) else {
            return None;
        };
        let (bits, _) = int.width()?;
        let (least, greatest) = int.range()?;
        let line = self.line(n);
        match constant {
            "MAX" if int != IntTy::U128 => Some(self.int(greatest, Ty::Int(int), line)),
            "MIN" => Some(self.int(least, Ty::Int(int), line)),
            "BITS" => Some(self.int(i128::from(bits), Ty::Int(IntTy::U32), line)),
            _ => None,
        }
    }

    /// `size_of::<T>()` (`mem::size_of`, `std::mem::` or `core::mem::`)
    /// of a primitive number, `bool` or `char`: its size in bytes, a
    /// `usize` constant (`usize` is 64 bits wide, as for `BITS`). `None`
    /// for another type, or where the file has a `size_of` of its own.
    fn size_of(&mut self, func: Node, args: &[Node]) -> Option<Expr> {
        let path = self
            .text(func.child_by_field_name("function")?)
            .replace(' ', "");
        let ty = func.child_by_field_name("type_arguments")?;
        if !args.is_empty()
            || !matches!(
                path.as_str(),
                "size_of" | "mem::size_of" | "std::mem::size_of" | "core::mem::size_of"
            )
            || (path == "size_of" && self.file_functions.contains("size_of"))
        {
            return None;
        }
        let arg = self.text(ty).replace(' ', "");
        let arg = arg.trim_start_matches('<').trim_end_matches('>');
        let bytes = match arg {
            "u8" | "i8" | "bool" => 1,
            "u16" | "i16" => 2,
            "u32" | "i32" | "f32" | "char" => 4,
            "u64" | "i64" | "f64" | "usize" | "isize" => 8,
            "u128" | "i128" => 16,
            _ => return None,
        };
        if self.struct_type(arg).is_some() {
            return None;
        }
        let line = self.line(func);
        Some(self.int(bytes, Ty::Int(IntTy::Usize), line))
    }

    fn suffix_type(&self, sfx: &str) -> Ty {
        Ty::Int(IntTy::from_rust(sfx).unwrap_or(IntTy::I32))
    }

    /// A string literal's value, escapes decoded.
    fn string_value(&self, n: Node) -> Res<String> {
        let t = self.text(n);
        if n.kind() == "raw_string_literal" {
            let body = t.trim_start_matches('r').trim_matches('#');
            let body = body.strip_prefix('"').and_then(|b| b.strip_suffix('"'));
            return match body {
                Some(b) => Ok(b.to_string()),
                None => self.decline(n, "raw string literal"),
            };
        }
        if t.starts_with('b') {
            return self.decline(n, "byte string");
        }
        let Some(body) = t.strip_prefix('"').and_then(|b| b.strip_suffix('"')) else {
            return self.decline(n, "string literal");
        };
        match unescape(body) {
            Some(v) => Ok(v),
            None => self.decline(n, "string escape"),
        }
    }

    fn char_value(&self, n: Node) -> Res<char> {
        let t = self.text(n);
        if t.starts_with('b') {
            return self.decline(n, "byte literal");
        }
        let body = t.strip_prefix('\'').and_then(|b| b.strip_suffix('\''));
        let v = body.and_then(unescape);
        match v.as_deref().map(|s| {
            let mut cs = s.chars();
            (cs.next(), cs.next())
        }) {
            Some((Some(c), None)) => Ok(c),
            _ => self.decline(n, "char literal"),
        }
    }

    fn unary(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let line = self.line(n);
        let Some(operand) = named_children(n).into_iter().next() else {
            return self.decline(n, "operator");
        };
        let op = self.text(n).trim_start().chars().next().unwrap_or(' ');
        match op {
            '*' => self.expr_e(operand, exp),
            '-' => {
                let x = self.expr_e(operand, exp)?;
                if let ExprKind::Lit(Lit::Int(v)) = x.kind {
                    let ty = self.ty(&x);
                    return Ok(self.lit(Lit::Int(-v), ty, line));
                }
                if let ExprKind::Lit(Lit::Float(v)) = x.kind {
                    let ty = self.ty(&x);
                    return Ok(self.lit(Lit::Float(-v), ty, line));
                }
                let ty = self.ty(&x);
                Ok(self.mk(ExprKind::Unary(UnOp::Neg, Box::new(x)), ty, line))
            }
            '!' => {
                let x = self.expr(operand)?;
                let ty = self.ty(&x);
                if ty == Ty::Bool {
                    Ok(self.mk(ExprKind::Not(Box::new(x), Truthiness::Bool), Ty::Bool, line))
                } else if ty.is_int() {
                    Ok(self.mk(ExprKind::Unary(UnOp::BitNot, Box::new(x)), ty, line))
                } else {
                    self.decline(n, format!("`!` on {ty}"))
                }
            }
            _ => self.decline(n, "operator"),
        }
    }

    fn binary_expr(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let line = self.line(n);
        let op = self.text(self.child(n, "operator")?);
        let (l, r) = (self.child(n, "left")?, self.child(n, "right")?);
        if op == "&&" || op == "||" {
            let a = self.expr(l)?;
            // The right operand runs only when the left does not decide.
            self.no_hoist += 1;
            let b = self.expr(r);
            self.no_hoist -= 1;
            let b = b?;
            let lop = if op == "&&" {
                LogicOp::And
            } else {
                LogicOp::Or
            };
            let mut operands = Vec::new();
            for x in [a, b] {
                match x.kind {
                    ExprKind::Logic {
                        op: o,
                        operands: inner,
                        ..
                    } if o == lop => operands.extend(inner),
                    _ => operands.push(x),
                }
            }
            return Ok(self.mk(
                ExprKind::Logic {
                    op: lop,
                    operands,
                    sem: RUST_LOGIC,
                },
                Ty::Bool,
                line,
            ));
        }
        let is_cmp = matches!(op, "==" | "!=" | "<" | "<=" | ">" | ">=");
        // A literal takes the type of the other operand, as Rust infers it.
        let a = self.expr_e(l, if is_cmp { None } else { exp })?;
        let ta = self.ty(&a);
        let b = self.expr_e(
            r,
            Some(&ta).filter(|t| t.is_numeric() || matches!(t, Ty::Option(_))),
        )?;
        let tb = self.ty(&b);
        // Not across a shift, whose operands' types are independent: `1 <<
        // n` of a `usize` `n` is an `i32` shift in Rust, `1u32 << n` a `u32`
        // one.
        if matches!(a.kind, ExprKind::Lit(Lit::Int(_)))
            && tb.is_numeric()
            && !matches!(op, "<<" | ">>")
        {
            self.set_ty(&a, tb.clone());
        }
        let ta = self.ty(&a);
        // `==` of structs and enums with data whose `PartialEq` is derived
        // all the way down: compared by value, field by field.
        let derived_eq = is_cmp
            && matches!(op, "==" | "!=")
            && ta == tb
            && types::holds_class(&ta)
            && !self.is_enum(&ta)
            && self.value_equal(&ta);
        if derived_eq {
            let cmp = if op == "==" {
                CmpOp::Eq(EqSem::Derived)
            } else {
                CmpOp::NotEq(EqSem::Derived)
            };
            return Ok(self.compare(a, cmp, b));
        }
        if is_cmp && (self.is_enum(&ta) || self.is_enum(&tb)) {
            // Each variant is one object: identity is Rust's `==`. The
            // order of variants is no order of the targets' objects.
            if !matches!(op, "==" | "!=") {
                return self.decline(n, format!("`{op}` between enum values (their order)"));
            }
            if ta != tb {
                return self.decline(n, format!("`{op}` between {ta} and {tb}"));
            }
        } else if is_cmp
            && matches!(op, "==" | "!=")
            && ta == tb
            && (matches!(a.kind, ExprKind::Variant { .. })
                || matches!(b.kind, ExprKind::Variant { .. }))
        {
            // A unit variant of an enum with data is one object: identity
            // with it is Rust's `==`.
        } else if is_cmp && self.has_data(&ta) {
            return self.decline(
                n,
                format!("`{op}` between values of {ta}, an enum with data"),
            );
        } else if is_cmp && (types::holds_var(&ta) || types::holds_var(&tb)) {
            // An erased type parameter's `==` is its type's.
            return self.decline(
                n,
                format!("`{op}` between values of type {ta} and {tb}, a type parameter"),
            );
        } else if is_cmp && (types::holds_result(&ta) || types::holds_result(&tb)) {
            return self.decline(
                n,
                format!("`{op}` between values holding a `Result` (a pair, compared otherwise)"),
            );
        } else if is_cmp && (types::holds_class(&ta) || types::holds_class(&tb)) {
            // Objects compare by identity (or not at all); by value only
            // where `PartialEq` is derived all the way down.
            return self.decline(
                n,
                format!("`{op}` between struct values (of a type whose `PartialEq` is not derived, or holds a type compared otherwise than by value)"),
            );
        }
        if is_cmp {
            let none_test = |e: &Expr| matches!(e.kind, ExprKind::Lit(Lit::None));
            let cmp = match op {
                "==" if none_test(&a) || none_test(&b) => CmpOp::Is,
                "!=" if none_test(&a) || none_test(&b) => CmpOp::IsNot,
                "==" => CmpOp::Eq(EqSem::Value),
                "!=" => CmpOp::NotEq(EqSem::Value),
                "<" => CmpOp::Lt,
                "<=" => CmpOp::LtE,
                ">" => CmpOp::Gt,
                _ => CmpOp::GtE,
            };
            let (a, b) = if none_test(&a) { (b, a) } else { (a, b) };
            return Ok(self.compare(a, cmp, b));
        }
        let numeric = ta.is_numeric() && tb.is_numeric();
        let int = ta.is_int() && tb.is_int();
        let bin = match op {
            "+" if ta == Ty::Str => BinOp::Add(OperandSem::ByTypes),
            "+" if numeric => BinOp::Add(OperandSem::Numeric),
            "-" if numeric => BinOp::Sub,
            "*" if numeric => BinOp::Mul(OperandSem::Numeric),
            "/" if int => BinOp::FloorDiv(Rounding::Trunc),
            "/" if numeric => BinOp::Div(DivSem::ByType),
            "%" if numeric => BinOp::Rem(Rounding::Trunc),
            "&" if int => BinOp::BitAnd,
            "|" if int => BinOp::BitOr,
            "^" if int => BinOp::BitXor,
            "<<" if int => BinOp::Shl,
            ">>" if int => BinOp::Shr,
            _ => return self.decline(n, format!("`{op}` between {ta} and {tb}")),
        };
        let ty = if ta == Ty::Str { Ty::Str } else { ta };
        Ok(self.binary(bin, a, b, ty))
    }

    fn cast(&mut self, n: Node) -> Res<Expr> {
        let line = self.line(n);
        let to = self.owned_type(self.child(n, "type")?)?;
        let value = self.expr(self.child(n, "value")?)?;
        let from = self.ty(&value);
        match (&from, &to) {
            (Ty::Int(f), Ty::Int(t))
                if !int_range_within(*f, *t) && !literal_within(&value, *t) =>
            {
                // `as` cuts a value that does not fit (no panic): the
                // value cut to the width, as Rust's.
                let (bits, signed) = t.width().unwrap_or((128, true));
                let bits = self.int(i128::from(bits), Ty::Int(IntTy::U32), line);
                let signed = self.lit(Lit::Bool(signed), Ty::Bool, line);
                Ok(self.builtin(Builtin::AsInt, vec![value, bits, signed], to, line))
            }
            (f, t) if f.is_int() && t.is_int() => {
                // Every value of the type cast from fits the type cast to.
                self.set_ty(&value, to.clone());
                Ok(value)
            }
            (Ty::Bool, t) if t.is_int() => Ok(self.builtin(Builtin::ToInt, vec![value], to, line)),
            (f, Ty::Float(_)) if f.is_int() => {
                if let ExprKind::Lit(Lit::Int(v)) = value.kind {
                    return Ok(self.lit(Lit::Float(v as f64), to, line));
                }
                Ok(self.builtin(Builtin::ToFloat, vec![value], to, line))
            }
            (Ty::Float(_), Ty::Float(_)) => {
                self.set_ty(&value, to.clone());
                Ok(value)
            }
            (Ty::Float(_), Ty::Int(t)) if t.width().is_some() => {
                let (bits, signed) = t.width().unwrap_or((64, true));
                let bits = self.int(i128::from(bits), Ty::Int(IntTy::U32), line);
                let signed = self.lit(Lit::Bool(signed), Ty::Bool, line);
                Ok(self.builtin(Builtin::AsInt, vec![value, bits, signed], to, line))
            }
            (Ty::Float(_), t) if t.is_int() => {
                Ok(self.builtin(Builtin::ToInt, vec![value], to, line))
            }
            (Ty::Char, Ty::Int(t)) => {
                // A code point is below 2^21; `'€' as u8` keeps its low
                // eight bits (172), as any int cast does.
                let ord = self.builtin(Builtin::Ord, vec![value], Ty::Int(IntTy::U32), line);
                if int_range_within(IntTy::U32, *t) || t.width().is_some_and(|(b, _)| b >= 32) {
                    self.set_ty(&ord, to.clone());
                    return Ok(ord);
                }
                let (bits, signed) = t.width().unwrap_or((32, false));
                let bits = self.int(i128::from(bits), Ty::Int(IntTy::U32), line);
                let signed = self.lit(Lit::Bool(signed), Ty::Bool, line);
                Ok(self.builtin(Builtin::AsInt, vec![ord, bits, signed], to, line))
            }
            (Ty::Int(IntTy::U8), Ty::Char) => Ok(self.builtin(Builtin::Chr, vec![value], to, line)),
            (Ty::Class(_), Ty::Int(t)) if self.is_enum(&from) => self.enum_as_int(value, *t, n),
            _ => self.decline(n, format!("`as` from {from} to {to}")),
        }
    }

    fn index(&mut self, n: Node) -> Res<Expr> {
        let kids = named_children(n);
        let [v, i] = kids.as_slice() else {
            return self.decline(n, "index");
        };
        self.checked_index(*v, *i, n, "indexing a value of type")
    }

    /// `v[a..b]` and `&s[a..]`: a slice that panics out of range.
    fn slice(&mut self, value: Expr, range: Node, line: usize) -> Res<Expr> {
        let vt = self.ty(&value);
        if !matches!(vt, Ty::List(_) | Ty::Str) {
            return self.decline(range, format!("slicing a value of type {vt}"));
        }
        let text = self.text(range);
        let inclusive = text.contains("..=");
        let kids = named_children(range);
        let (lower, upper) = match (kids.as_slice(), text.trim_start().starts_with("..")) {
            ([], _) => (None, None),
            ([u], true) => (None, Some(*u)),
            ([l], false) => (Some(*l), None),
            ([l, u], _) => (Some(*l), Some(*u)),
            _ => return self.decline(range, "range"),
        };
        let usize_ty = Ty::Int(IntTy::Usize);
        let lower = match lower {
            Some(l) => Some(Box::new(self.expr_e(l, Some(&usize_ty))?)),
            None => None,
        };
        let upper = match upper {
            Some(u) => {
                let u = self.expr_e(u, Some(&usize_ty))?;
                if inclusive {
                    let one = self.int(1, usize_ty.clone(), line);
                    Some(Box::new(self.binary(
                        BinOp::Add(OperandSem::Numeric),
                        u,
                        one,
                        usize_ty.clone(),
                    )))
                } else {
                    Some(Box::new(u))
                }
            }
            None => None,
        };
        Ok(self.mk(
            ExprKind::Slice {
                value: Box::new(value),
                lower,
                upper,
                step: None,
                sem: RUST_SLICE,
            },
            vt,
            line,
        ))
    }

    fn array(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let line = self.line(n);
        let item_exp = match exp {
            Some(Ty::List(t)) => Some((**t).clone()),
            _ => None,
        };
        // `[x; n]`: `n` copies of `x`.
        if let Some(len) = n.child_by_field_name("length") {
            let kids = named_children(n);
            let Some(first) = kids.first() else {
                return self.decline(n, "array");
            };
            let x = self.expr_expecting(*first, item_exp.as_ref())?;
            let count = self.expr_e(len, Some(&Ty::Int(IntTy::Usize)))?;
            let item = self.ty(&x);
            if self.holds_changing(&item) {
                // Rust clones each struct; a copy of the list shares them.
                return self.decline(n, "`[x; n]` of struct values");
            }
            if matches!(item, Ty::List(_) | Ty::Dict(..) | Ty::Set(_)) {
                // Each copy must be its own list: a comprehension that
                // copies `x` (a `*` would repeat one list).
                let id = self.fresh(Ty::Int(IntTy::Usize));
                let range = self.builtin(
                    Builtin::Range,
                    vec![count],
                    Ty::list(Ty::Int(IntTy::Usize)),
                    line,
                );
                let copy = self.method(x, Method::Copy, Vec::new(), item.clone());
                return Ok(self.mk(
                    ExprKind::Comprehension {
                        kind: CompKind::List,
                        elt: Box::new(copy),
                        value: None,
                        clauses: vec![Clause {
                            target: Target::Name {
                                name: "_".to_string(),
                                id,
                            },
                            iter: range,
                            conditions: Vec::new(),
                        }],
                    },
                    Ty::list(item),
                    line,
                ));
            }
            let one = self.mk(ExprKind::List(vec![x]), Ty::list(item.clone()), line);
            return Ok(self.binary(BinOp::Mul(OperandSem::ByTypes), one, count, Ty::list(item)));
        }
        let mut items = Vec::new();
        for c in named_children(n) {
            items.push(self.expr_expecting(c, item_exp.as_ref())?);
        }
        let item = items
            .iter()
            .map(|e| self.ty(e))
            .fold(item_exp.unwrap_or(Ty::Unknown), |a, b| merge(&a, &b));
        Ok(self.mk(ExprKind::List(items), Ty::list(item), line))
    }

    /// Whether an `if` is `if c { a } else { b }` with one expression in
    /// each branch (a conditional expression).
    fn is_simple_if(&self, n: Node) -> bool {
        if n.kind() != "if_expression" {
            return false;
        }
        let one_expr = |b: Option<Node>| {
            b.is_some_and(|b| {
                let items: Vec<Node> = named_children(b)
                    .into_iter()
                    .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
                    .collect();
                b.kind() == "block"
                    && matches!(items.as_slice(), [only] if !matches!(only.kind(), "expression_statement" | "let_declaration" | "if_expression" | "match_expression" | "macro_invocation" | "return_expression"))
            })
        };
        let cond_ok = n
            .child_by_field_name("condition")
            .is_some_and(|c| !matches!(c.kind(), "let_condition" | "let_chain"));
        let Some(alt) = n
            .child_by_field_name("alternative")
            .and_then(|a| named_children(a).into_iter().next())
        else {
            return false;
        };
        cond_ok
            && one_expr(n.child_by_field_name("consequence"))
            && (one_expr(Some(alt)) || self.is_simple_if(alt))
    }

    fn if_value(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let line = self.line(n);
        fn first_item(b: Node) -> Option<Node> {
            named_children(b)
                .into_iter()
                .find(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
        }
        let (Some(cons), Some(alt)) = (
            n.child_by_field_name("consequence").and_then(first_item),
            n.child_by_field_name("alternative")
                .and_then(|a| named_children(a).into_iter().next()),
        ) else {
            return self.decline(n, "`if` as a value");
        };
        self.no_hoist += 1;
        let result = (|| -> Res<Expr> {
            let test = self.expr(self.child(n, "condition")?)?;
            let then = self.expr_e(cons, exp)?;
            let then_ty = self.ty(&then);
            let orelse = if alt.kind() == "if_expression" {
                self.if_value(alt, Some(exp.unwrap_or(&then_ty)))?
            } else {
                match first_item(alt) {
                    Some(e) => self.expr_e(e, Some(exp.unwrap_or(&then_ty)))?,
                    None => return self.decline(alt, "empty `else` as a value"),
                }
            };
            let ty = merge(&then_ty, &self.ty(&orelse));
            Ok(self.mk(
                ExprKind::IfElse {
                    test: Box::new(test),
                    truthiness: Truthiness::Bool,
                    then: Box::new(then),
                    orelse: Box::new(orelse),
                },
                ty,
                line,
            ))
        })();
        self.no_hoist -= 1;
        result
    }

    /// An arm's test and its guard (`pat if cond`), both in order; the
    /// guard is read where it stands (nothing hoisted out of it: it runs
    /// only when the pattern matched). An `if let` guard is declined.
    fn with_guard(&mut self, test: Option<Expr>, guard: Node) -> Res<Expr> {
        if matches!(guard.kind(), "let_condition" | "let_chain") {
            return self.decline(guard, "`if let` guard");
        }
        self.no_hoist += 1;
        let g = self.expr(guard);
        self.no_hoist -= 1;
        let g = g?;
        let line = test.as_ref().map_or(g.line, |t| t.line);
        Ok(self.all_of(test.into_iter().chain([g]).collect(), line))
    }

    /// The tests (at least one) joined by `&&`, in order: the one test
    /// itself where there is one.
    fn all_of(&mut self, mut tests: Vec<Expr>, line: usize) -> Expr {
        if tests.len() == 1 {
            return tests.remove(0);
        }
        self.mk(
            ExprKind::Logic {
                op: LogicOp::And,
                operands: tests,
                sem: RUST_LOGIC,
            },
            Ty::Bool,
            line,
        )
    }

    /// A `match` used as a value inside an expression (`.map(|c| match c
    /// { 'a'..='z' => c, _ => '_' })`): the arms' tests in turn, as nested
    /// conditional expressions, where the scrutinee is a name (read once
    /// per arm, as a statement `match` reads it), no arm binds a name of
    /// its own and each arm's value is one expression. The arms are
    /// evaluated only when chosen: nothing is hoisted out of them.
    fn match_value(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let line = self.line(n);
        let scrut = self.expr(self.child(n, "value")?)?;
        let ExprKind::Name(scrut_name) = scrut.kind.clone() else {
            return self.decline(
                n,
                "`match` of a computed value used as a value inside an expression",
            );
        };
        let sty = self.ty(&scrut);
        let arms: Vec<Node> = named_children(self.child(n, "body")?)
            .into_iter()
            .filter(|a| a.kind() == "match_arm")
            .collect();
        self.no_hoist += 1;
        let mut tested: Vec<(Option<Expr>, Expr)> = Vec::new();
        let mut want = exp.cloned();
        let result =
            (|| -> Res<()> {
                for arm in &arms {
                    let mp = self.child(*arm, "pattern")?;
                    let pat = pattern_children(mp).into_iter().next();
                    let guard = mp.child_by_field_name("condition");
                    let mut value = self.child(*arm, "value")?;
                    if value.kind() == "block" {
                        let items: Vec<Node> = named_children(value)
                            .into_iter()
                            .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
                            .collect();
                        match items.as_slice() {
                            [only]
                                if !matches!(
                                    only.kind(),
                                    "expression_statement" | "let_declaration" | "macro_invocation"
                                ) =>
                            {
                                value = *only
                            }
                            _ => return self.decline(
                                value,
                                "`match` arm with statements used as a value inside an expression",
                            ),
                        }
                    }
                    self.push_scope(false);
                    let arm_result = (|| -> Res<(Option<Expr>, Expr)> {
                        let mut binds = Vec::new();
                        let mut test = match pat {
                            Some(p) => self.pattern_test(p, &scrut_name, &sty, &mut binds)?,
                            None => None,
                        };
                        if !binds.is_empty() {
                            return self.decline(
                                mp,
                                "`match` arm binding a name used as a value inside an expression",
                            );
                        }
                        if let Some(g) = guard {
                            test = Some(self.with_guard(test, g)?);
                        }
                        let v = self.expr_e(value, want.as_ref())?;
                        Ok((test, v))
                    })();
                    self.pop_scope();
                    let (test, v) = arm_result?;
                    if want.is_none() {
                        want = Some(self.ty(&v));
                    }
                    let catch_all = test.is_none();
                    tested.push((test, v));
                    if catch_all {
                        // Later arms are unreachable.
                        break;
                    }
                }
                Ok(())
            })();
        self.no_hoist -= 1;
        result?;
        // Rust's match is exhaustive: its last arm runs when no other did.
        let Some((_, mut acc)) = tested.pop() else {
            return self.decline(n, "`match` without arms");
        };
        while let Some((test, then)) = tested.pop() {
            let Some(test) = test else {
                return self.decline(n, "`match` as a value");
            };
            let ty = merge(&self.ty(&then), &self.ty(&acc));
            acc = self.mk(
                ExprKind::IfElse {
                    test: Box::new(test),
                    truthiness: Truthiness::Bool,
                    then: Box::new(then),
                    orelse: Box::new(acc),
                },
                ty,
                line,
            );
        }
        Ok(acc)
    }

    /// A closure as a value (`let f = |x| x + 1;`), with an expression body.
    fn closure(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        let line = self.line(n);
        let (params, body) = self.closure_params(n)?;
        let body = self.closure_expr_body(body)?;
        let exp_params = match exp {
            Some(Ty::Func(ps, _)) => ps.clone(),
            _ => Vec::new(),
        };
        self.in_closure_scope(|me| {
            let mut ps = Vec::new();
            let mut tys = Vec::new();
            for (i, (pat, ty)) in params.iter().enumerate() {
                let ty = ty
                    .clone()
                    .or_else(|| exp_params.get(i).cloned())
                    .unwrap_or(Ty::Unknown);
                let name = me.pattern_name(me.strip_pattern_refs(*pat))?;
                let target = me.bind(name, ty.clone());
                let id = me.fresh(ty.clone());
                ps.push((target, id));
                tys.push(ty);
            }
            let body = me.expr(body)?;
            let ret = me.ty(&body);
            Ok(me.mk(
                ExprKind::Lambda {
                    params: ps,
                    body: Box::new(body),
                },
                Ty::Func(tys, Box::new(ret)),
                line,
            ))
        })
    }

    /// Runs `f` in the scope of a closure's body: its own names, no
    /// statement hoisted out of it, written inline.
    fn in_closure_scope<T>(&mut self, f: impl FnOnce(&mut Self) -> Res<T>) -> Res<T> {
        self.push_scope(true);
        self.closure_depth.push(self.scopes.len() - 1);
        self.no_hoist += 1;
        self.inline += 1;
        let result = f(self);
        self.inline -= 1;
        self.no_hoist -= 1;
        self.closure_depth.pop();
        self.pop_scope();
        result
    }

    fn strip_pattern_refs<'t>(&self, mut pat: Node<'t>) -> Node<'t> {
        while matches!(pat.kind(), "reference_pattern" | "mut_pattern") {
            match named_children(pat)
                .into_iter()
                .rfind(|c| c.kind() != "mutable_specifier")
            {
                Some(p) => pat = p,
                None => break,
            }
        }
        pat
    }

    // -- Statements with their own forms ------------------------------------

    fn match_statement(&mut self, e: Node, tail: Tail, out: &mut Block) -> Res<()> {
        let line = self.line(e);
        let value_node = self.child(e, "value")?;
        let scrut = self.expr(value_node)?;
        out.extend(std::mem::take(&mut self.pre));
        let sty = self.ty(&scrut);
        // The scrutinee is read once per arm: a name is read as it is,
        // anything else is evaluated once into a name first.
        let scrut_name = match &scrut.kind {
            ExprKind::Name(n) => n.clone(),
            _ => {
                let name = self.bind_temp("matched", sty.clone());
                out.push(self.assign_name(name.clone(), sty.clone(), scrut, line));
                name
            }
        };
        let arms: Vec<Node> = named_children(self.child(e, "body")?)
            .into_iter()
            .filter(|a| a.kind() == "match_arm")
            .collect();
        let mut branches: Vec<(Expr, Block)> = Vec::new();
        let mut orelse = Vec::new();
        for (i, arm) in arms.iter().enumerate() {
            let mp = self.child(*arm, "pattern")?;
            let pat = pattern_children(mp).into_iter().next();
            let guard = mp.child_by_field_name("condition");
            self.push_scope(false);
            let result = (|| -> Res<(Option<Expr>, Block)> {
                let mut body = Vec::new();
                let mut test = match pat {
                    Some(p) => self.pattern_test(p, &scrut_name, &sty, &mut body)?,
                    None => None,
                };
                if let (Some(g), false) = (guard, body.is_empty()) {
                    // The guard would read the names before they are bound.
                    return self.decline(g, "guard of an arm that binds a variant's values");
                }
                if let Some(g) = guard {
                    test = Some(self.with_guard(test, g)?);
                }
                let value = self.child(*arm, "value")?;
                if value.kind() == "block" {
                    body.extend(self.block_items(value, tail.clone())?);
                } else if value.kind() != "unit_expression" {
                    self.tail(value, tail.clone(), &mut body)?;
                }
                Ok((test, body))
            })();
            self.pop_scope();
            let (test, body) = result?;
            let last = i + 1 == arms.len();
            match test {
                // Rust's match is exhaustive: its last arm runs when no
                // other did.
                Some(_) | None if last => {
                    orelse = body;
                }
                None => {
                    orelse = body;
                    break;
                }
                Some(t) => branches.push((t, body)),
            }
        }
        if branches.is_empty() {
            out.extend(orelse);
        } else {
            out.push(self.stmt(StmtKind::If { branches, orelse }, line));
        }
        Ok(())
    }

    /// The test that `v` (of type `ty`) is the unit variant the path `pat`
    /// names: identity, which is Rust's `==` with it.
    fn unit_variant_test(&mut self, pat: Node, v: Expr, ty: &Ty) -> Res<Expr> {
        let Some(variant) = self.variant_path(pat)? else {
            return self.decline(pat, format!("pattern `{}`", self.text(pat)));
        };
        if self.ty(&variant) != *ty {
            return self.decline(pat, format!("pattern `{}` of another type", self.text(pat)));
        }
        Ok(self.compare(v, CmpOp::Eq(EqSem::Value), variant))
    }

    /// The test that a value matches a pattern (`None` when every value
    /// does), with the statements binding what it names.
    fn pattern_test(
        &mut self,
        pat: Node,
        scrut: &str,
        sty: &Ty,
        binds: &mut Block,
    ) -> Res<Option<Expr>> {
        let line = self.line(pat);
        let value = |me: &mut Self| me.name_expr(scrut, sty.clone(), line);
        match pat.kind() {
            "_" => Ok(None),
            "identifier" if self.text(pat) == "None" => {
                let v = value(self);
                let none = self.lit(Lit::None, sty.clone(), line);
                Ok(Some(self.compare(v, CmpOp::Is, none)))
            }
            "identifier"
                if matches!(sty, Ty::Class(c) if self
                        .structs
                        .get(c)
                        .and_then(|d| d.variants.as_ref())
                        .is_some_and(|vs| vs.iter().any(|v| v == self.text(pat)))) =>
            {
                // A variant `use`d into scope, which Rust matches and a
                // binding would not.
                self.decline(
                    pat,
                    format!("variant `{}` named bare in a pattern", self.text(pat)),
                )
            }
            // A constant of the file: Rust compares with it (by value, as
            // `==` of these types does); a binding would match anything.
            "identifier"
                if self.constants.get(self.text(pat)).is_some_and(|t| {
                    t == sty && matches!(t, Ty::Int(_) | Ty::Char | Ty::Str | Ty::Bool)
                }) =>
            {
                let name = self.text(pat);
                let c = self.name_expr(name, sty.clone(), line);
                let v = value(self);
                Ok(Some(self.compare(v, CmpOp::Eq(EqSem::Value), c)))
            }
            "identifier" => {
                self.binding_identifier(pat)?;
                // The name is the scrutinee itself, already in a name.
                let _ = binds;
                self.alias(self.text(pat), scrut, sty.clone());
                Ok(None)
            }
            "integer_literal" | "char_literal" | "string_literal" | "boolean_literal"
            | "negative_literal" | "float_literal" => {
                let lit = self.literal_pattern(pat, sty)?;
                let v = value(self);
                Ok(Some(self.compare(v, CmpOp::Eq(EqSem::Value), lit)))
            }
            "or_pattern" => {
                let mut tests = Vec::new();
                for p in pattern_children(pat) {
                    let mut inner = Vec::new();
                    match self.pattern_test(p, scrut, sty, &mut inner)? {
                        Some(t) if inner.is_empty() => tests.push(t),
                        _ => return self.decline(p, "binding inside `|` pattern"),
                    }
                }
                Ok(Some(self.mk(
                    ExprKind::Logic {
                        op: LogicOp::Or,
                        operands: tests,
                        sem: RUST_LOGIC,
                    },
                    Ty::Bool,
                    line,
                )))
            }
            "range_pattern" => {
                let text = self.text(pat);
                // `...` is the inclusive range of Rust 2015 (`'a'...'z'`).
                if !text.contains("..=") && !text.contains("...") {
                    return self.decline(pat, "exclusive range pattern");
                }
                let kids = pattern_children(pat);
                let [lo, hi] = kids.as_slice() else {
                    return self.decline(pat, "open range pattern");
                };
                let lo = self.literal_pattern(*lo, sty)?;
                let hi = self.literal_pattern(*hi, sty)?;
                let v = value(self);
                Ok(Some(self.mk(
                    ExprKind::Compare {
                        first: Box::new(lo),
                        rest: vec![(CmpOp::LtE, v), (CmpOp::LtE, hi)],
                    },
                    Ty::Bool,
                    line,
                )))
            }
            // `Ordering::Less` on an ordering: `v == -1`.
            "scoped_identifier"
                if orderings::ordering_number(self.text(pat)).is_some()
                    && *sty == orderings::ORDERING =>
            {
                let v = value(self);
                match self.ordering_pattern(pat, v, sty) {
                    Some(test) => Ok(Some(test)),
                    None => self.decline(pat, format!("pattern `{}`", self.text(pat))),
                }
            }
            "scoped_identifier" => {
                let v = value(self);
                self.unit_variant_test(pat, v, sty).map(Some)
            }
            "tuple_struct_pattern" | "struct_pattern"
                if self
                    .child(pat, "type")
                    .is_ok_and(|t| self.data_variant(t).is_some()) =>
            {
                match self.variant_pattern(pat, scrut, sty, binds)? {
                    Some(test) => Ok(Some(test)),
                    None => self.decline(pat, format!("pattern `{}`", self.text(pat))),
                }
            }
            "tuple_struct_pattern"
                if matches!(self.text(self.child(pat, "type")?), "Ok" | "Err")
                    && matches!(sty, Ty::Result(..)) =>
            {
                self.result_pattern(pat, scrut, sty, binds).map(Some)
            }
            "tuple_struct_pattern" if self.text(self.child(pat, "type")?) == "Some" => {
                let Ty::Option(inner) = sty.clone() else {
                    return self.decline(pat, "`Some` pattern on a value that is not an `Option`");
                };
                let kids = pattern_children(pat);
                let Some(sub) = kids.get(1) else {
                    return self.decline(pat, "pattern");
                };
                let v = value(self);
                let none = self.lit(Lit::None, sty.clone(), line);
                let test = self.compare(v, CmpOp::IsNot, none);
                match sub.kind() {
                    "_" => {}
                    // An `Option` is its value or `None`: `x` in `Some(x)`
                    // is the scrutinee.
                    "identifier" => {
                        self.binding_identifier(*sub)?;
                        self.alias(self.text(*sub), scrut, (*inner).clone())
                    }
                    _ => return self.decline(*sub, "pattern inside `Some`"),
                }
                Ok(Some(test))
            }
            _ => self.decline(pat, format!("pattern `{}`", self.text(pat))),
        }
    }

    fn literal_pattern(&mut self, pat: Node, ty: &Ty) -> Res<Expr> {
        if pat.kind() == "negative_literal" {
            let Some(inner) = named_children(pat).into_iter().next() else {
                return self.decline(pat, "pattern");
            };
            let e = self.expr_e(inner, Some(ty))?;
            let line = e.line;
            return match e.kind {
                ExprKind::Lit(Lit::Int(v)) => Ok(self.lit(Lit::Int(-v), ty.clone(), line)),
                ExprKind::Lit(Lit::Float(v)) => Ok(self.lit(Lit::Float(-v), ty.clone(), line)),
                _ => self.decline(pat, "pattern"),
            };
        }
        if !matches!(
            pat.kind(),
            "integer_literal"
                | "char_literal"
                | "string_literal"
                | "boolean_literal"
                | "float_literal"
        ) {
            return self.decline(pat, format!("pattern `{}`", self.text(pat)));
        }
        self.expr_e(pat, Some(ty))
    }

    fn assignment(&mut self, e: Node, out: &mut Block) -> Res<()> {
        let line = self.line(e);
        let left = self.child(e, "left")?;
        let target = self.assign_target(left)?;
        let exp = self.target_type(&target);
        let value = self.expr_expecting(self.child(e, "right")?, exp.as_ref())?;
        out.extend(std::mem::take(&mut self.pre));
        if let Target::Name { name, .. } = &target {
            let vt = self.ty(&value);
            let rust = self.text(left).to_string();
            let _ = name;
            self.refine(&rust, vt);
        }
        out.push(self.stmt(StmtKind::Assign { target, value }, line));
        Ok(())
    }

    fn target_type(&self, target: &Target) -> Option<Ty> {
        match target {
            Target::Name { id, .. } => self.types.get(id.index()).cloned(),
            Target::Attr { value, name } => Some(self.attr_type(value, name)),
            _ => None,
        }
    }

    /// What an assignment's left side stores into.
    fn assign_target(&mut self, left: Node) -> Res<Target> {
        match left.kind() {
            "identifier" => {
                let name = self.text(left);
                let Some(local) = self.lookup(name) else {
                    return self.decline(
                        left,
                        format!("assignment to `{name}`, which the unit does not define"),
                    );
                };
                if !self.closure_depth.is_empty() && self.is_capture(name) {
                    return self.decline(left, "closure that assigns to a name it captures");
                }
                let (target, ty) = (local.target.clone(), local.ty.clone());
                Ok(self.name_target(target, ty))
            }
            "index_expression" => {
                let e = self.index(left)?;
                match e.kind {
                    ExprKind::Index { value, index, sem } => {
                        Ok(Target::Index { value, index, sem })
                    }
                    _ => self.decline(left, "assignment to a slice"),
                }
            }
            "parenthesized_expression" => match named_children(left).as_slice() {
                [inner] => self.assign_target(*inner),
                _ => self.decline(left, "assignment target"),
            },
            "unary_expression" => {
                // `*self = e` in a `&mut self` method of a `Copy` struct:
                // the local it returns (see `updated_receiver`).
                let updated = self
                    .lookup("self")
                    .filter(|l| self.updated_self.as_ref() == Some(&l.target))
                    .map(|l| (l.target.clone(), l.ty.clone()));
                match updated {
                    Some((name, ty)) if self.text(left).replace(' ', "") == "*self" => {
                        Ok(self.name_target(name, ty))
                    }
                    _ => self.decline(left, "assignment through a reference"),
                }
            }
            "field_expression" => self.field_target(left),
            _ => self.decline(left, "assignment target"),
        }
    }

    fn compound_assignment(&mut self, e: Node, out: &mut Block) -> Res<()> {
        let line = self.line(e);
        let left = self.child(e, "left")?;
        let op = self.text(self.child(e, "operator")?);
        // `*m.entry(k).or_insert(d) += v`: the key's value, `d` when absent.
        if let Some(entry) = self.entry_target(left, out)? {
            return self.finish_compound(entry, op, e, line, out);
        }
        let target = self.assign_target(left)?;
        self.finish_compound(target, op, e, line, out)
    }

    fn finish_compound(
        &mut self,
        target: Target,
        op: &str,
        e: Node,
        line: usize,
        out: &mut Block,
    ) -> Res<()> {
        let tt = match &target {
            Target::Name { id, .. } => self.types[id.index()].clone(),
            Target::Attr { value, name } => self.attr_type(value, name),
            Target::Index { value, .. } => match self.ty(value) {
                Ty::List(t) => *t,
                Ty::Dict(_, v) => *v,
                _ => Ty::Unknown,
            },
            Target::Tuple(_) => Ty::Unknown,
        };
        if let Some(stmt) = self.struct_compound(&target, &tt, op, e)? {
            out.extend(std::mem::take(&mut self.pre));
            out.push(stmt);
            return Ok(());
        }
        let value = self.expr_e(
            self.child(e, "right")?,
            Some(&tt).filter(|t| t.is_numeric()),
        )?;
        out.extend(std::mem::take(&mut self.pre));
        let vt = self.ty(&value);
        let int = tt.is_int() && vt.is_int();
        let numeric = tt.is_numeric() && vt.is_numeric();
        let bin = match op {
            "+=" if tt == Ty::Str => BinOp::Add(OperandSem::ByTypes),
            "+=" if numeric => BinOp::Add(OperandSem::Numeric),
            "-=" if numeric => BinOp::Sub,
            "*=" if numeric => BinOp::Mul(OperandSem::Numeric),
            "/=" if int => BinOp::FloorDiv(Rounding::Trunc),
            "/=" if numeric => BinOp::Div(DivSem::ByType),
            "%=" if numeric => BinOp::Rem(Rounding::Trunc),
            "&=" if int => BinOp::BitAnd,
            "|=" if int => BinOp::BitOr,
            "^=" if int => BinOp::BitXor,
            "<<=" if int => BinOp::Shl,
            ">>=" if int => BinOp::Shr,
            _ => return self.decline(e, format!("`{op}` on {tt} and {vt}")),
        };
        out.push(self.stmt(
            StmtKind::AugAssign {
                target,
                op: bin,
                value,
            },
            line,
        ));
        Ok(())
    }

    /// `*m.entry(k).or_insert(d)` (or `.or_default()`) as a target: the
    /// statements that put `d` in when `k` is absent, then `m[k]`.
    fn entry_target(&mut self, left: Node, out: &mut Block) -> Res<Option<Target>> {
        if left.kind() != "unary_expression" || !self.text(left).starts_with('*') {
            return Ok(None);
        }
        let Some(inner) = named_children(left).into_iter().next() else {
            return Ok(None);
        };
        let Some(or) = self.method_call(inner) else {
            return Ok(None);
        };
        if or.name != "or_insert" && or.name != "or_default" {
            return Ok(None);
        }
        let Some(entry) = self.method_call(or.recv) else {
            return Ok(None);
        };
        if entry.name != "entry" || entry.args.len() != 1 {
            return Ok(None);
        }
        let line = self.line(left);
        let map = self.expr(entry.recv)?;
        let Ty::Dict(kt, vt) = self.ty(&map) else {
            return self.decline(left, "`entry` of a value that is not a map");
        };
        let key_node = self.strip_refs(entry.args[0]);
        if !matches!(
            key_node.kind(),
            "identifier" | "integer_literal" | "char_literal" | "string_literal"
        ) {
            // The key is read twice.
            return self.decline(key_node, "`entry` with a computed key");
        }
        let default = match (or.name.as_str(), or.args.as_slice()) {
            ("or_insert", [d]) => self.expr_e(*d, Some(&vt))?,
            ("or_default", []) => match &*vt {
                t if t.is_int() => self.int(0, (*vt).clone(), line),
                Ty::Float(_) => self.lit(Lit::Float(0.0), (*vt).clone(), line),
                Ty::Str => self.lit(Lit::Str(String::new()), Ty::Str, line),
                _ => return self.decline(left, format!("`or_default` of {vt}")),
            },
            _ => return self.decline(left, "`entry`"),
        };
        let key = self.expr_e(key_node, Some(&kt))?;
        let key2 = self.expr_e(key_node, Some(&kt))?;
        let key3 = self.expr_e(key_node, Some(&kt))?;
        let map2 = self.expr(entry.recv)?;
        let map3 = self.expr(entry.recv)?;
        let absent = self.compare(key, CmpOp::NotIn, map);
        let put = self.stmt(
            StmtKind::Assign {
                target: Target::Index {
                    value: Box::new(map2),
                    index: Box::new(key2),
                    sem: RUST_INDEX,
                },
                value: default,
            },
            line,
        );
        out.push(self.stmt(
            StmtKind::If {
                branches: vec![(absent, vec![put])],
                orelse: Vec::new(),
            },
            line,
        ));
        Ok(Some(Target::Index {
            value: Box::new(map3),
            index: Box::new(key3),
            sem: RUST_INDEX,
        }))
    }

    fn macro_statement(&mut self, e: Node, out: &mut Block) -> Res<()> {
        if let Some((k, block)) = self.expansion(e)? {
            let b = self.in_snippet(k, |me| me.block(block, Tail::Discard, false))?;
            out.extend(b);
            return Ok(());
        }
        let line = self.line(e);
        let name = self.macro_name(e)?;
        match name.as_str() {
            "panic" | "unreachable" | "todo" | "unimplemented" => {
                let args = self.macro_args(e)?;
                let message = match args.first() {
                    Some(ExprKind::Lit(Lit::Str(s))) if args.len() == 1 => Some(s.clone()),
                    _ => None,
                };
                out.push(self.stmt(
                    StmtKind::Fail {
                        kind: ErrorKind::Error,
                        message,
                    },
                    line,
                ));
                Ok(())
            }
            "assert" | "debug_assert" | "assert_eq" | "debug_assert_eq" | "assert_ne" => {
                let (_, args) = self.macro_arg_exprs(e)?;
                if let [a, b] = args.as_slice() {
                    if matches!(self.ty(a), Ty::Result(..)) {
                        let (a, b) = (a.clone(), b.clone());
                        let equal = name.ends_with("_eq");
                        if let Some(test) = self.result_assert_eq(a, b, equal, e)? {
                            out.extend(std::mem::take(&mut self.pre));
                            out.push(self.stmt(StmtKind::Assert(test, None), line));
                            return Ok(());
                        }
                    }
                }
                // Objects compare by identity: only a C-like enum's variants
                // (each one object) are equal as Rust's values are.
                if name.ends_with("_eq") || name.ends_with("_ne") {
                    if let Some(t) = args
                        .iter()
                        .map(|a| self.ty(a))
                        .find(|t| types::holds_class(t) && !self.is_enum(t))
                    {
                        return self.decline(e, format!("`{name}!` of {t} values"));
                    }
                }
                let mut args = args.into_iter();
                let test = match (name.trim_start_matches("debug_"), args.next(), args.next()) {
                    ("assert", Some(t), _) => t,
                    ("assert_eq", Some(a), Some(b)) => self.compare(a, CmpOp::Eq(EqSem::Value), b),
                    ("assert_ne", Some(a), Some(b)) => {
                        self.compare(a, CmpOp::NotEq(EqSem::Value), b)
                    }
                    _ => return self.decline(e, format!("`{name}!`")),
                };
                out.extend(std::mem::take(&mut self.pre));
                out.push(self.stmt(StmtKind::Assert(test, None), line));
                Ok(())
            }
            _ => {
                let value = self.macro_expr(e, None)?;
                out.extend(std::mem::take(&mut self.pre));
                out.push(self.stmt(StmtKind::Expr(value), line));
                Ok(())
            }
        }
    }

    /// The expansion of the `macro_rules!` macro invoked at `e`: its
    /// snippet and the block it holds (see [`macros::snippets`]); `None`
    /// where `e` is no invocation of one.
    fn expansion(&self, e: Node) -> Res<Option<(usize, Node<'s>)>> {
        if e.kind() != "macro_invocation" {
            return Ok(None);
        }
        match self.expansions.get(&(self.source, e.start_byte())) {
            None => Ok(None),
            Some(Err(why)) => self.decline(e, why.clone()),
            Some(Ok(k)) => {
                let tree: &'s tree_sitter::Tree = &self.snippets[*k].1;
                match macros::expansion_block(tree.root_node()) {
                    Some(block) => Ok(Some((*k, block))),
                    None => self.decline(e, "a macro's expansion"),
                }
            }
        }
    }

    /// Whether `e` invokes a `macro_rules!` macro whose expansion holds
    /// statements: a value only where a block may be one.
    fn expands_to_statements(&self, e: Node) -> bool {
        matches!(self.expansion(e), Ok(Some((_, block))) if macros::only_expression(block).is_none())
    }

    /// A `macro_rules!` definition of the unit: read with the unit's macros
    /// (see [`macros::definitions`]), it has no code of its own; one the
    /// expander does not read is declined, saying why.
    fn macro_definition(&self, item: Node) -> Res<()> {
        match macros::MacroDef::read(self.text(item)) {
            Ok(_) => Ok(()),
            Err(why) => self.decline(item, format!("`macro_rules!` definition: {why}")),
        }
    }

    fn macro_name(&self, e: Node) -> Res<String> {
        let m = self.child(e, "macro")?;
        let t = self.text(m);
        Ok(t.rsplit("::").next().unwrap_or(t).to_string())
    }

    /// The parsed arguments of a macro, from the snippet made for it.
    fn macro_arg_nodes(&self, e: Node) -> Res<(usize, Vec<Node<'s>>)> {
        let Some(&k) = self.snippet_of.get(&(self.source, e.start_byte())) else {
            return self.decline(
                e,
                format!("`{}`", self.text(e).split('!').next().unwrap_or("macro")),
            );
        };
        let tree: &'s tree_sitter::Tree = &self.snippets[k].1;
        let call =
            macros::snippet_expression(tree.root_node()).filter(|c| c.kind() == "call_expression");
        match call.and_then(|c| c.child_by_field_name("arguments")) {
            Some(args) => Ok((k, named_children(args))),
            None => self.decline(e, "macro arguments"),
        }
    }

    /// Runs `f` with the text of snippet `k` as the source nodes index.
    fn in_snippet<T>(&mut self, k: usize, f: impl FnOnce(&mut Self) -> Res<T>) -> Res<T> {
        let saved = (self.src, self.source);
        self.src = self.snippets[k].0.as_str();
        self.source = k + 1;
        let r = f(self);
        (self.src, self.source) = saved;
        r
    }

    fn macro_arg_exprs(&mut self, e: Node) -> Res<(usize, Vec<Expr>)> {
        let (k, nodes) = self.macro_arg_nodes(e)?;
        let exprs = self.in_snippet(k, |me| {
            nodes.iter().map(|n| me.expr(*n)).collect::<Res<Vec<_>>>()
        })?;
        Ok((k, exprs))
    }

    fn macro_args(&mut self, e: Node) -> Res<Vec<ExprKind>> {
        Ok(self
            .macro_arg_exprs(e)?
            .1
            .into_iter()
            .map(|x| x.kind)
            .collect())
    }

    fn macro_expr(&mut self, e: Node, exp: Option<&Ty>) -> Res<Expr> {
        if let Some((k, block)) = self.expansion(e)? {
            // An expansion to one expression is that expression; one with
            // statements has a value only where a block may (see `tail`).
            return match macros::only_expression(block) {
                Some(only) => self.in_snippet(k, |me| me.expr_expecting(only, exp)),
                None => self.decline(
                    e,
                    format!(
                        "`{}!` expanding to statements, used as a value inside an expression",
                        self.macro_name(e)?
                    ),
                ),
            };
        }
        let name = self.macro_name(e)?;
        match name.as_str() {
            "vec" => {
                let (k, nodes) = self.macro_arg_nodes(e)?;
                let Some(array) = nodes.first().copied() else {
                    return self.decline(e, "`vec!`");
                };
                let line = self.line(e);
                if array.kind() != "array_expression" {
                    return self.decline(e, "`vec!`");
                }
                let exp = exp.cloned().or_else(|| Some(Ty::list(Ty::Unknown)));
                let v = self.in_snippet(k, |me| me.array(array, exp.as_ref()))?;
                let _ = line;
                Ok(v)
            }
            "format" => self.format(e, 0),
            "write" if self.writes_to_formatter(e)? => {
                self.no_write_as_value(e)?;
                let text = self.format(e, 1)?;
                self.formatter_writes.push(text.id);
                Ok(text)
            }
            // `println!(..)`: its text and a newline on standard output,
            // Python's `print(text)` and JavaScript's `console.log(text)`
            // of one string. `print!` (no newline) and standard error are
            // not written yet.
            "println" => {
                if self.file_functions.contains("print") || self.is_top_level_function("print") {
                    return self.decline(e, "`println!` in a file with a function named `print`");
                }
                let line = self.line(e);
                let (_, nodes) = self.macro_arg_nodes(e)?;
                let text = if nodes.is_empty() {
                    self.lit(Lit::Str(String::new()), Ty::Str, line)
                } else {
                    self.format(e, 0)?
                };
                Ok(self.mk(
                    ExprKind::Call {
                        func: "print".to_string(),
                        args: vec![text],
                    },
                    Ty::Unit,
                    line,
                ))
            }
            "print" | "eprint" | "eprintln" => self.decline(e, "printing"),
            other => self.decline(e, format!("`{other}!`")),
        }
    }

    /// Whether a `write!` writes to the `Formatter` of a `Display` impl's
    /// `fmt` (its first argument names it, and no local hides it).
    fn writes_to_formatter(&self, e: Node) -> Res<bool> {
        let Some(formatter) = self.formatter.as_deref() else {
            return Ok(false);
        };
        let (k, nodes) = self.macro_arg_nodes(e)?;
        let first = nodes
            .first()
            .map(|n| n.kind() == "identifier" && &self.snippets[k].0[n.byte_range()] == formatter);
        Ok(first == Some(true) && self.lookup(formatter).is_none())
    }

    /// `format!("...", args)` (or `write!(f, "...", args)`, whose first
    /// `skip` arguments are not the format's): a format string's pieces.
    fn format(&mut self, e: Node, skip: usize) -> Res<Expr> {
        let line = self.line(e);
        let (k, nodes) = self.macro_arg_nodes(e)?;
        let Some((fmt, args)) = nodes.get(skip..).and_then(<[Node]>::split_first) else {
            return self.decline(e, "`format!` without a format string");
        };
        let fmt_node = *fmt;
        let args: Vec<Node> = args.to_vec();
        let (fmt_text, mut values) = self.in_snippet(k, |me| {
            if !matches!(fmt_node.kind(), "string_literal" | "raw_string_literal") {
                return me.decline(fmt_node, "format string that is not a literal");
            }
            let text = me.string_value(fmt_node)?;
            let mut values = Vec::new();
            for a in &args {
                if a.kind() == "assignment_expression" {
                    return me.decline(*a, "named `format!` argument");
                }
                let v = me.expr(*a)?;
                let ty = me.ty(&v);
                if types::holds_class(&ty) && !me.displays(&ty) && !me.is_enum(&ty) {
                    // Rust prints a struct by its `Debug` or `Display`.
                    return me.decline(*a, "struct value printed");
                }
                values.push(Some(v));
            }
            Ok((text, values))
        })?;
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut next = 0usize;
        let mut chars = fmt_text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let mut spec = String::new();
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                        spec.push(c);
                    }
                    let (arg, fmt) = spec.split_once(':').unwrap_or((spec.as_str(), ""));
                    let value = if arg.is_empty() {
                        next += 1;
                        values.get_mut(next - 1).and_then(Option::take)
                    } else if let Ok(i) = arg.parse::<usize>() {
                        // A positional argument may be used more than once:
                        // the others are lowered again from their node.
                        match values.get_mut(i).and_then(Option::take) {
                            Some(v) => Some(v),
                            None => match args.get(i) {
                                Some(a) => {
                                    let a = *a;
                                    Some(self.in_snippet(k, |me| me.expr(a))?)
                                }
                                None => None,
                            },
                        }
                    } else {
                        match self.lookup(arg) {
                            Some(local) => {
                                let (t, ty) = (local.target.clone(), local.ty.clone());
                                Some(self.name_expr(&t, ty, line))
                            }
                            None => None,
                        }
                    };
                    let Some(value) = value else {
                        return self.decline(e, "`format!` argument");
                    };
                    let mut value = value;
                    let mut ty = self.ty(&value);
                    let mut fmt = fmt;
                    if self.is_enum(&ty) && !self.displays(&ty) {
                        // A derived `Debug` of a variant writes its name
                        // (and no padding); one written by hand (in this
                        // file or another) may not.
                        if fmt != "?" {
                            let colon = if fmt.is_empty() { "" } else { ":" };
                            return self
                                .decline(e, format!("enum value printed with `{{{colon}{fmt}}}`"));
                        }
                        if self.def_of(&ty).is_some_and(|d| !d.derived_debug) {
                            return self.decline(
                                e,
                                "`{:?}` of an enum without `#[derive(Debug)]` (an `impl Debug` written by hand may print other than the variant's name)",
                            );
                        }
                        let line = value.line;
                        value = self.mk(
                            ExprKind::Attr {
                                value: Box::new(value),
                                name: crate::engine::rules::ir::ENUM_VARIANT_FIELD.to_string(),
                            },
                            Ty::Str,
                            line,
                        );
                        ty = Ty::Str;
                        fmt = "";
                    }
                    if self.displays(&ty) && !fmt.is_empty() {
                        return self.decline(e, format!("struct value printed with `{{:{fmt}}}`"));
                    }
                    let spec = match fmt {
                        "" => None,
                        "?" if ty == orderings::ORDERING && self.orderings_seen.get() => {
                            return self.decline(
                                e,
                                "`{:?}` of an `i8` where it may be an `Ordering` (Rust prints its name, the targets a number)",
                            );
                        }
                        "?" if ty.is_int() || ty == Ty::Bool => None,
                        "b" | "o" | "x" | "X" if ty.is_int() => Some(fmt.to_string()),
                        _ => return self.decline(e, format!("format specification `{{:{fmt}}}`")),
                    };
                    if matches!(ty, Ty::Float(_)) {
                        // Rust prints `1.0` as `1` and never in exponent form.
                        return self.decline(e, "a float in `format!`");
                    }
                    if !(ty.is_int()
                        || matches!(ty, Ty::Str | Ty::Char | Ty::Bool)
                        || self.displays(&ty))
                    {
                        return self.decline(e, format!("`{{}}` of a value of type {ty}"));
                    }
                    if !lit.is_empty() {
                        parts.push(FormatPart::Text(std::mem::take(&mut lit)));
                    }
                    parts.push(FormatPart::Value { expr: value, spec });
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            parts.push(FormatPart::Text(lit));
        }
        Ok(self.mk(ExprKind::Format(parts), Ty::Str, line))
    }

    // -- Calls ---------------------------------------------------------------

    fn call(&mut self, n: Node, exp: Option<&Ty>) -> Res<Expr> {
        if let Some(mc) = self.method_call(n) {
            return self.method_expr(mc, exp);
        }
        let line = self.line(n);
        let func = self.child(n, "function")?;
        let args = named_children(self.child(n, "arguments")?);
        if func.kind() == "scoped_identifier" {
            if let Some((class, vd)) = self.data_variant(func) {
                return self.variant_call(n, class, &vd, &args);
            }
        }
        match func.kind() {
            "identifier" => {
                let name = self.text(func);
                if name == "Some" {
                    let inner_exp = match exp {
                        Some(Ty::Option(t)) => Some((**t).clone()),
                        _ => None,
                    };
                    let [a] = args.as_slice() else {
                        return self.decline(n, "`Some`");
                    };
                    let v = self.expr_expecting(*a, inner_exp.as_ref())?;
                    let ty = Ty::Option(Box::new(self.ty(&v)));
                    if matches!(self.ty(&v), Ty::Option(_)) {
                        return self.decline(n, "`Some` of an `Option`");
                    }
                    self.set_ty(&v, ty);
                    return Ok(v);
                }
                if matches!(name, "Ok" | "Err") {
                    return self.result_variant(name, &args, n, exp);
                }
                if self.lookup(name).is_none() && self.struct_type(name).is_some() {
                    return self.construct(name, &args, n, exp);
                }
                if let Some(local) = self.lookup(name).cloned() {
                    let (params, ret) = match (&local.closure, &local.ty) {
                        (Some(sig), _) => (sig.params.clone(), sig.ret.clone()),
                        (None, Ty::Func(ps, r)) => (ps.clone(), (**r).clone()),
                        _ => {
                            return self
                                .decline(n, format!("calling `{name}`, which is not a function"))
                        }
                    };
                    let args = self.call_args(&args, &params)?;
                    return Ok(self.mk(
                        ExprKind::Call {
                            func: local.target,
                            args,
                        },
                        ret,
                        line,
                    ));
                }
                if let Some(sig) = self.functions.iter().find(|f| f.name == name).cloned() {
                    let args = self.call_args(&args, &sig.params)?;
                    return Ok(self.mk(
                        ExprKind::Call {
                            func: sig.name,
                            args,
                        },
                        sig.ret,
                        line,
                    ));
                }
                if self.file_functions.contains(name) {
                    // Another function of the file: its types are not
                    // known here, so its result's type is not either.
                    let args = self.call_args(&args, &[])?;
                    return Ok(self.mk(
                        ExprKind::Call {
                            func: name.to_string(),
                            args,
                        },
                        Ty::Unknown,
                        line,
                    ));
                }
                if matches!(name, "max" | "min") && self.imports.contains(name) {
                    return self.min_max(name, &args, n);
                }
                self.decline(n, format!("call to `{name}`"))
            }
            "scoped_identifier" => self.path_call(func, &args, n, exp),
            "generic_function" => match self.size_of(func, &args) {
                Some(size) => Ok(size),
                None => self.decline(n, "call with a turbofish"),
            },
            _ => self.decline(n, "call of a computed function"),
        }
    }

    fn call_args(&mut self, args: &[Node], params: &[Ty]) -> Res<Vec<Expr>> {
        let mut out = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let e = self.expr_expecting(*a, params.get(i))?;
            let ty = self.ty(&e);
            if params.get(i).is_none() && ty.holds_opaque() {
                return self.decline(
                    *a,
                    format!("a value of type {ty} passed to a parameter of unknown type (a type the translation holds opaque)"),
                );
            }
            out.push(e);
        }
        Ok(out)
    }

    /// `max(a, b)`, `std::cmp::min(a, b)`, `i32::max(a, b)`.
    fn min_max(&mut self, name: &str, args: &[Node], n: Node) -> Res<Expr> {
        let [a, b] = args else {
            return self.decline(n, format!("`{name}`"));
        };
        let a = self.expr(*a)?;
        let ta = self.ty(&a);
        let b = self.expr_e(*b, Some(&ta))?;
        let ty = merge(&ta, &self.ty(&b));
        if matches!(ty, Ty::Float(_)) {
            // Rust's `f64::max` ignores a NaN operand; Python's `max` does not.
            return self.decline(n, format!("`{name}` of floats"));
        }
        if types::holds_class(&ty) {
            // The derived order of a struct or enum is no order of objects.
            return self.decline(
                n,
                format!("`{name}` of struct or enum values (their order)"),
            );
        }
        let op = if name == "max" {
            Builtin::Max
        } else {
            Builtin::Min
        };
        Ok(self.builtin(op, vec![a, b], ty, self.line(n)))
    }

    /// A call of a path: `String::new()`, `i32::abs(x)`, `std::cmp::max(a, b)`.
    fn path_call(&mut self, func: Node, args: &[Node], n: Node, exp: Option<&Ty>) -> Res<Expr> {
        if let Some(call) = self.primitive_qualified_call(func, args, n)? {
            return Ok(call);
        }
        let line = self.line(n);
        let path = self.text(func).replace(' ', "");
        let mut segs: Vec<&str> = path.split("::").collect();
        let fname = segs.pop().unwrap_or("");
        let owner = segs.pop().unwrap_or("");
        let owner = owner.split('<').next().unwrap_or(owner);
        let numeric = |t: &str| {
            matches!(
                t,
                "i8" | "i16"
                    | "i32"
                    | "i64"
                    | "i128"
                    | "isize"
                    | "u8"
                    | "u16"
                    | "u32"
                    | "u64"
                    | "u128"
                    | "usize"
                    | "f32"
                    | "f64"
            )
        };
        // `S::<u32>::new()`: the instance is written, and must be the
        // default (a generic struct of the file is translated as that one).
        let written;
        let mut exp = exp;
        if let Some(p) = func.child_by_field_name("path") {
            if let (Some(base), Some(args)) = (
                p.child_by_field_name("type"),
                p.child_by_field_name("type_arguments"),
            ) {
                if let Some(t) = self.default_instance(p, self.text(base), args)? {
                    written = t;
                    exp = Some(&written);
                }
            }
        }
        if segs.is_empty() && !path.contains('<') {
            if let Some(call) = self.primitive_path_call(owner, fname, args, n)? {
                return Ok(call);
            }
        }
        if segs.is_empty() && !path.contains('<') && self.type_args.contains_key(owner) {
            return self.bound_call(owner, fname, args, n);
        }
        if segs.is_empty() {
            if let Some(value) = self.default_call(owner, fname, args, n, exp)? {
                return Ok(value);
            }
            if let Some(call) = self.static_call(owner, fname, args, n, exp)? {
                return Ok(call);
            }
        }
        match (owner, fname, args) {
            ("String", "new", []) => Ok(self.lit(Lit::Str(String::new()), Ty::Str, line)),
            ("String", "from" | "from_str", [a]) => {
                let v = self.expr(*a)?;
                if !matches!(self.ty(&v), Ty::Str | Ty::Char) {
                    return self.decline(n, "`String::from` of a value that is not a string");
                }
                self.set_ty(&v, Ty::Str);
                Ok(v)
            }
            ("Vec", "new" | "with_capacity", _) => {
                let ty = match exp {
                    Some(t @ Ty::List(_)) => t.clone(),
                    _ => Ty::list(Ty::Unknown),
                };
                Ok(self.mk(ExprKind::List(Vec::new()), ty, line))
            }
            ("HashMap", "new" | "with_capacity", _) => {
                let ty = match exp {
                    Some(t @ Ty::Dict(..)) => t.clone(),
                    _ => Ty::Dict(Box::new(Ty::Unknown), Box::new(Ty::Unknown)),
                };
                Ok(self.mk(ExprKind::Dict(Vec::new()), ty, line))
            }
            ("HashSet", "new" | "with_capacity", _) => {
                let ty = match exp {
                    Some(t @ Ty::Set(_)) => t.clone(),
                    _ => Ty::Set(Box::new(Ty::Unknown)),
                };
                Ok(self.mk(ExprKind::Set(Vec::new()), ty, line))
            }
            ("cmp", "max" | "min", _) => self.min_max(fname, args, n),
            (t, "max" | "min", _) if numeric(t) => self.min_max(fname, args, n),
            (t, "abs", [a]) if numeric(t) => {
                let v = self.expr(*a)?;
                let ty = self.ty(&v);
                Ok(self.builtin(Builtin::Abs, vec![v], ty, line))
            }
            (t, "pow" | "powi" | "powf", [a, b]) if numeric(t) => {
                let a = self.expr(*a)?;
                let b = self.expr(*b)?;
                let ty = self.ty(&a);
                Ok(self.binary(BinOp::Pow, a, b, ty))
            }
            ("char", "from", [a]) => {
                let v = self.expr(*a)?;
                if self.ty(&v) != Ty::Int(IntTy::U8) {
                    return self.decline(n, "`char::from` of a value that is not a `u8`");
                }
                Ok(self.builtin(Builtin::Chr, vec![v], Ty::Char, line))
            }
            _ => self.decline(n, format!("call to `{path}`")),
        }
    }

    /// A method call as a value.
    fn method_expr(&mut self, mc: MethodCall, exp: Option<&Ty>) -> Res<Expr> {
        let n = mc.node;
        // `s.clone()` of a struct whose file has its own `impl Clone`:
        // that method makes the copy.
        let own_clone = mc.name == "clone"
            && mc.args.is_empty()
            && self
                .receiver_struct(mc.recv)
                .and_then(|c| self.structs.get(&c))
                .is_some_and(|d| d.methods.iter().any(|m| m.name == "clone"));
        let recv_text = self.text(mc.recv);
        let e = self.method_expr_of(mc, exp)?;
        // Rust clones each struct a `clone()` of a vector holds; the
        // targets' copies of a list share them.
        let t = if own_clone { recv_text } else { self.text(n) };
        if self.holds_changing(&self.ty(&e))
            && [
                ".clone()",
                ".cloned()",
                ".copied()",
                ".to_vec()",
                ".to_owned()",
            ]
            .iter()
            .any(|m| t.contains(m))
        {
            return self.decline(n, "copy of struct values");
        }
        Ok(e)
    }

    fn method_expr_of(&mut self, mc: MethodCall, exp: Option<&Ty>) -> Res<Expr> {
        let n = mc.node;
        if let Some(text) = self.formatter_write_str(&mc)? {
            self.no_write_as_value(n)?;
            return Ok(text);
        }
        if let Some(text) = self.delegated_fmt(&mc)? {
            self.no_write_as_value(n)?;
            self.formatter_writes.push(text.id);
            return Ok(text);
        }
        if let Some(text) = self.debug_builder(&mc)? {
            self.no_write_as_value(n)?;
            self.formatter_writes.push(text.id);
            return Ok(text);
        }
        self.formatter_flag(&mc)?;
        // `p.into()` of an `impl Into<T>` parameter: the `T` it already is.
        if let ("into", true, None, "identifier") = (
            mc.name.as_str(),
            mc.args.is_empty(),
            mc.turbofish,
            mc.recv.kind(),
        ) {
            if self
                .lookup(self.text(mc.recv))
                .is_some_and(|l| l.into_bound)
            {
                return self.expr(mc.recv);
            }
        }
        // `x.into()` into a class of the file with `From` impls.
        if let (Some(w), "into", true, None) =
            (exp, mc.name.as_str(), mc.args.is_empty(), mc.turbofish)
        {
            if let Some(call) = self.conversion_call(mc.recv, w, n)? {
                return Ok(call);
            }
            if let Some(call) = self.primitive_conversion(mc.recv, w, n)? {
                return Ok(call);
            }
        }
        if let Some(class) = self.receiver_struct(mc.recv) {
            if mc.turbofish.is_some() {
                return self.decline(n, "method call with a turbofish");
            }
            return self.method_of_struct(&class, mc.recv, &mc.name, &mc.args, n);
        }
        // `a.cmp(&b)` of values the targets order as Rust does, and
        // `o.then(p)` of orderings (see `orderings`).
        match (mc.name.as_str(), mc.args.as_slice(), mc.turbofish) {
            (name @ ("cmp" | "partial_cmp"), [b], None) => {
                if let Some(v) = self.compare_values(mc.recv, *b, name == "partial_cmp", None, n)? {
                    return Ok(v);
                }
            }
            ("then", [b], None) if b.kind() != "closure_expression" => {
                if let Some(v) = self.ordering_then(mc.recv, *b, n)? {
                    return Ok(v);
                }
            }
            _ => {}
        }
        let line = self.line(n);
        let turbofish = match mc.turbofish {
            Some(t) => match named_children(t).as_slice() {
                [one] => Some(self.owned_type(*one)?),
                _ => return self.decline(t, "turbofish"),
            },
            None => None,
        };
        let wanted = match (&turbofish, exp) {
            (Some(t), Some(e)) => Some(merge(t, e)),
            (Some(t), None) => Some(t.clone()),
            (None, e) => e.cloned(),
        };
        let args = mc.args.clone();
        match (mc.name.as_str(), args.as_slice()) {
            ("unwrap" | "expect", _) => return self.unwrap(mc.recv, n),
            // The unchecked forms (in `unsafe` code) are undefined where the
            // checked ones panic; the targets raise there.
            ("unwrap_unchecked", []) => return self.unwrap(mc.recv, n),
            ("get_unchecked", [i]) => {
                return self.checked_index(mc.recv, *i, n, "`get_unchecked` on")
            }
            ("unwrap_or", [d]) => return self.unwrap_or(mc.recv, *d, n),
            ("collect", []) => return self.collect(mc.recv, wanted, n),
            ("sum", []) => {
                let chain = self.chain(mc.recv)?;
                let item = chain.item.clone();
                let (it, _) = self.chain_iterable(chain);
                let ty = wanted.filter(Ty::is_numeric).unwrap_or(item);
                return Ok(self.builtin(Builtin::Sum, vec![it], ty, line));
            }
            ("count", []) => {
                let chain = self.chain(mc.recv)?;
                let usize_ty = Ty::Int(IntTy::Usize);
                if let Some(plain) = &chain.plain {
                    if !matches!(plain.kind, ExprKind::Builtin { .. }) {
                        let Some(plain) = chain.plain else {
                            return self.decline(n, "`count()`");
                        };
                        // `s.chars().count()`: code points, not UTF-16 units.
                        if self.ty(&plain) == Ty::Str {
                            return Ok(self.method(plain, Method::CharCount, Vec::new(), usize_ty));
                        }
                        return Ok(self.builtin(Builtin::Len, vec![plain], usize_ty, line));
                    }
                }
                let mut chain = chain;
                if chain.clauses.is_empty() {
                    let plain = chain.plain.take();
                    let Some(iter) = plain else {
                        return self.decline(n, "`count()`");
                    };
                    let id = self.fresh(chain.item.clone());
                    chain.clauses.push(Clause {
                        target: Target::Name {
                            name: "_".to_string(),
                            id,
                        },
                        iter,
                        conditions: Vec::new(),
                    });
                }
                chain.elt = Some(self.int(1, usize_ty.clone(), line));
                let g = self.comprehension(CompKind::Generator, chain, Ty::list(usize_ty.clone()));
                return Ok(self.builtin(Builtin::Sum, vec![g], usize_ty, line));
            }
            ("max" | "min", []) if self.is_iterator(mc.recv) => {
                let chain = self.chain(mc.recv)?;
                let item = chain.item.clone();
                if matches!(item, Ty::Float(_)) {
                    return self.decline(n, "`max`/`min` of floats");
                }
                if types::holds_class(&item) {
                    return self.decline(n, "`max`/`min` of struct or enum values (their order)");
                }
                let (it, _) = self.chain_iterable(chain);
                let op = if mc.name == "max" {
                    Builtin::Max
                } else {
                    Builtin::Min
                };
                let none = self.lit(Lit::None, Ty::Option(Box::new(item.clone())), line);
                return Ok(self.mk(
                    ExprKind::Builtin {
                        op,
                        args: vec![it],
                        keywords: vec![("default".to_string(), none)],
                    },
                    Ty::Option(Box::new(item)),
                    line,
                ));
            }
            ("any" | "all", [closure]) => {
                let chain = self.chain(mc.recv)?;
                let chain = self.map_or_filter(chain, true, *closure)?;
                let (it, _) = self.chain_iterable(chain);
                let op = if mc.name == "any" {
                    Builtin::Any
                } else {
                    Builtin::All
                };
                return Ok(self.builtin(op, vec![it], Ty::Bool, line));
            }
            ("fold", [init, closure]) => return self.fold(mc.recv, *init, *closure, n),
            // `.copied()` of an `Option` (not an iterator) is the value.
            ("copied" | "cloned", []) if !self.is_iterator(mc.recv) => {
                let e = self.expr_e(mc.recv, exp)?;
                if self.opaque_types.contains(&self.ty(&e)) {
                    return self.decline(
                        n,
                        format!("method `{}` of a type parameter's value", mc.name),
                    );
                }
                return Ok(e);
            }
            (name, _) if CHAIN_ADAPTERS.contains(&name) => {
                let chain = self.chain(n)?;
                return Ok(self.chain_iterable(chain).0);
            }
            _ => {}
        }
        self.value_method(mc, wanted)
    }

    /// Whether a node is an iterator (a chain), not a value with methods
    /// of its own (`a.max(b)`).
    fn is_iterator(&self, n: Node) -> bool {
        let n = self.strip_refs(n);
        if n.kind() == "range_expression" {
            return true;
        }
        match self.method_call(n) {
            Some(mc) => matches!(
                mc.name.as_str(),
                "iter"
                    | "into_iter"
                    | "chars"
                    | "map"
                    | "filter"
                    | "enumerate"
                    | "rev"
                    | "zip"
                    | "skip"
                    | "take"
                    | "cloned"
                    | "copied"
                    | "keys"
                    | "values"
                    | "split"
                    | "split_whitespace"
                    | "split_ascii_whitespace"
            ),
            None => false,
        }
    }

    fn collect(&mut self, recv: Node, wanted: Option<Ty>, n: Node) -> Res<Expr> {
        let line = self.line(n);
        let chain = self.chain(recv)?;
        let item = chain.item.clone();
        match wanted {
            Some(Ty::List(t)) => {
                let ty = Ty::list(merge(&item, &t));
                Ok(match chain.plain {
                    Some(p) => self.builtin(Builtin::ToList, vec![p], ty, line),
                    None => self.comprehension(CompKind::List, chain, ty),
                })
            }
            Some(Ty::Set(t)) => {
                let ty = Ty::Set(Box::new(merge(&item, &t)));
                Ok(match chain.plain {
                    Some(p) => self.builtin(Builtin::ToSet, vec![p], ty, line),
                    None => self.comprehension(CompKind::Set, chain, ty),
                })
            }
            Some(Ty::Str) if matches!(item, Ty::Char | Ty::Str) => {
                // `s.chars().rev().collect()` is the string reversed.
                if let Some(Expr {
                    kind:
                        ExprKind::Builtin {
                            op: Builtin::Reversed,
                            args,
                            ..
                        },
                    ..
                }) = &chain.plain
                {
                    if let [s] = args.as_slice() {
                        if self.ty(s) == Ty::Str {
                            let s = s.clone();
                            let step = self.int(-1, Ty::Int(IntTy::Isize), line);
                            return Ok(self.mk(
                                ExprKind::Slice {
                                    value: Box::new(s),
                                    lower: None,
                                    upper: None,
                                    step: Some(Box::new(step)),
                                    sem: SliceSem {
                                        clamps: true,
                                        negative_from_end: true,
                                    },
                                },
                                Ty::Str,
                                line,
                            ));
                        }
                    }
                }
                if let Some(p) = &chain.plain {
                    if self.ty(p) == Ty::Str {
                        return Ok(p.clone());
                    }
                }
                let (it, _) = self.chain_iterable(chain);
                let sep = self.lit(Lit::Str(String::new()), Ty::Str, line);
                Ok(self.method(sep, Method::Join, vec![it], Ty::Str))
            }
            other => self.decline(
                n,
                match other {
                    Some(t) => format!("`collect()` into {t}"),
                    None => "`collect()` into a type the unit does not say".to_string(),
                },
            ),
        }
    }

    /// `xs.iter().fold(init, |acc, x| body)`: a loop, hoisted before the
    /// statement, that leaves the result in a name.
    fn fold(&mut self, recv: Node, init: Node, closure: Node, n: Node) -> Res<Expr> {
        if self.no_hoist > 0 {
            return self.decline(n, "`fold` inside a condition or closure");
        }
        let line = self.line(n);
        let (params, body) = self.closure_params(closure)?;
        let [(acc_pat, acc_ty), (item_pat, _)] = params.as_slice() else {
            return self.decline(closure, "`fold` closure without two parameters");
        };
        let chain = self.chain(recv)?;
        let (iter, item) = self.chain_iterable(chain);
        let init = self.expr_e(init, acc_ty.as_ref())?;
        let ty = match acc_ty {
            Some(t) => t.clone(),
            None => self.ty(&init),
        };
        self.set_ty(&init, ty.clone());
        let acc_name = self.pattern_name(self.strip_pattern_refs(*acc_pat))?;
        let acc = self.bind(acc_name, ty.clone());
        // The accumulator outlives the closure's scope (the expression
        // reads it after the loop), so it is bound outside it.
        let mut pre = vec![self.assign_name(acc.clone(), ty.clone(), init, line)];
        self.push_scope(true);
        self.closure_depth.push(self.scopes.len() - 1);
        self.inline += 1;
        let result = (|| -> Res<(Target, Block)> {
            if let Some(scope) = self.scopes.last_mut() {
                scope.names.insert(
                    acc_name.to_string(),
                    Local {
                        target: acc.clone(),
                        ty: ty.clone(),
                        closure: None,
                        borrowed: false,
                        into_bound: false,
                    },
                );
            }
            let target = self.bind_pattern(*item_pat, item)?;
            let tail = Tail::Assign(self.name_target(acc.clone(), ty.clone()));
            let block = if body.kind() == "block" {
                self.block_items(body, tail)?
            } else {
                let mut b = Vec::new();
                self.tail(body, tail, &mut b)?;
                b
            };
            Ok((target, block))
        })();
        self.inline -= 1;
        self.closure_depth.pop();
        self.pop_scope();
        let (target, block) = result?;
        pre.push(self.stmt(
            StmtKind::For {
                target,
                iter,
                body: block,
                orelse: Vec::new(),
            },
            line,
        ));
        self.pre.extend(pre);
        Ok(self.name_expr(&acc, ty, line))
    }

    /// `opt.unwrap()` of a name: Rust panics on `None`, so a check that
    /// raises is hoisted before the statement (`if opt is None: raise`),
    /// and the value is the name. Hoisting runs the check before the rest
    /// of the statement, which is why it is declined where the statement
    /// would not always reach the `unwrap` (conditions, closures, the
    /// right of `&&`): there the check could raise where Rust does not.
    fn unwrap_name(&mut self, recv: Node, n: Node) -> Res<Expr> {
        let named = self.lookup(self.text(self.strip_refs(recv)));
        if named.is_some_and(|l| matches!(l.ty, Ty::Result(..))) {
            let value = self.expr(recv)?;
            return self.result_unwrap(recv, value, n);
        }
        if self.no_hoist > 0 {
            return self.decline(
                n,
                "`unwrap()` of an `Option` held in a name, inside a condition or closure",
            );
        }
        let line = self.line(n);
        let tested = self.expr(recv)?;
        let Ty::Option(inner) = self.ty(&tested) else {
            let ty = self.ty(&tested);
            return self.decline(n, format!("`unwrap()` of a name of type {ty}"));
        };
        let none = self.lit(Lit::None, Ty::Option(inner.clone()), line);
        let test = self.compare(tested, CmpOp::Is, none);
        let fail = StmtKind::Fail {
            kind: ErrorKind::Error,
            message: Some("called `Option::unwrap()` on a `None` value".to_string()),
        };
        self.check_first(test, fail, line);
        let value = self.expr(recv)?;
        self.set_ty(&value, (*inner).clone());
        Ok(value)
    }

    /// `v[i]`, `v.get(i).unwrap()`: the index (a range: the slice) that
    /// panics where it is out of range. `what` begins the decline of a
    /// value that is neither a list nor a map.
    fn checked_index(&mut self, recv: Node, i: Node, n: Node, what: &str) -> Res<Expr> {
        let line = self.line(n);
        let value = self.expr(recv)?;
        let vt = self.ty(&value);
        let i = self.strip_refs(i);
        if i.kind() == "range_expression" {
            return self.slice(value, i, line);
        }
        let (index, ty) = match &vt {
            Ty::List(t) => (self.expr_e(i, Some(&Ty::Int(IntTy::Usize)))?, (**t).clone()),
            Ty::Dict(k, v) => (self.expr_e(i, Some(k))?, (**v).clone()),
            _ => return self.decline(n, format!("{what} {vt}")),
        };
        Ok(self.index_read(value, index, ty, line))
    }

    /// `.unwrap()` of the `Option`s whose `None` Python and JavaScript give
    /// as an error too, each as the operation that raises there.
    fn unwrap(&mut self, recv: Node, n: Node) -> Res<Expr> {
        let line = self.line(n);
        if self.strip_refs(recv).kind() == "identifier" {
            return self.unwrap_name(recv, n);
        }
        let Some(inner) = self.method_call(self.strip_refs(recv)) else {
            return self.unwrap_computed(recv, n);
        };
        let args = inner.args.clone();
        match (inner.name.as_str(), args.as_slice()) {
            ("nth", [i]) => {
                let chain = self.chain(inner.recv)?;
                let Some(plain) = chain.plain else {
                    return self.decline(n, "`nth` after `map` or `filter`");
                };
                if matches!(plain.kind, ExprKind::Builtin { .. }) {
                    return self.decline(n, "`nth` of an iterator");
                }
                let i = self.expr_e(*i, Some(&Ty::Int(IntTy::Usize)))?;
                Ok(self.index_read(plain, i, chain.item, line))
            }
            ("get", [i]) => self.checked_index(inner.recv, *i, n, "`get` on"),
            ("max" | "min", []) => {
                let chain = self.chain(inner.recv)?;
                let item = chain.item.clone();
                if matches!(item, Ty::Float(_)) {
                    return self.decline(n, "`max`/`min` of floats");
                }
                if types::holds_class(&item) {
                    return self.decline(n, "`max`/`min` of struct or enum values (their order)");
                }
                let (it, _) = self.chain_iterable(chain);
                let op = if inner.name == "max" {
                    Builtin::Max
                } else {
                    Builtin::Min
                };
                Ok(self.builtin(op, vec![it], item, line))
            }
            ("last" | "first", []) => {
                let chain = self.chain(inner.recv)?;
                let Some(plain) = chain.plain else {
                    return self.decline(n, format!("`{}` after `map` or `filter`", inner.name));
                };
                if !matches!(plain.kind, ExprKind::Name(_)) {
                    return self.decline(n, format!("`{}` of a computed value", inner.name));
                }
                let usize_ty = Ty::Int(IntTy::Usize);
                let index = if inner.name == "first" {
                    self.int(0, usize_ty, line)
                } else {
                    let again = plain.clone();
                    let again = self.name_expr(
                        match &again.kind {
                            ExprKind::Name(s) => s,
                            _ => "",
                        },
                        self.ty(&plain),
                        line,
                    );
                    let len = self.builtin(Builtin::Len, vec![again], usize_ty.clone(), line);
                    let one = self.int(1, usize_ty.clone(), line);
                    self.binary(BinOp::Sub, len, one, usize_ty)
                };
                Ok(self.index_read(plain, index, chain.item, line))
            }
            ("pop", []) => {
                let v = self.expr(inner.recv)?;
                let Ty::List(t) = self.ty(&v) else {
                    return self.decline(n, "`pop` of a value that is not a `Vec`");
                };
                Ok(self.method(v, Method::Pop, Vec::new(), *t))
            }
            ("parse", []) => {
                let Some(t) = inner.turbofish else {
                    return self.decline(n, "`parse` without a turbofish");
                };
                let Some(tn) = named_children(t).into_iter().next() else {
                    return self.decline(n, "`parse`");
                };
                let ty = self.owned_type(tn)?;
                let v = self.expr(inner.recv)?;
                let op = match ty {
                    ref t if t.is_int() => Builtin::ToInt,
                    Ty::Float(_) => Builtin::ToFloat,
                    _ => return self.decline(n, format!("`parse` into {ty}")),
                };
                Ok(self.builtin(op, vec![v], ty, line))
            }
            ("to_digit", [radix]) if self.text(*radix) == "10" => {
                let v = self.expr(inner.recv)?;
                if self.ty(&v) != Ty::Char {
                    return self.decline(n, "`to_digit` of a value that is not a `char`");
                }
                Ok(self.builtin(Builtin::ToInt, vec![v], Ty::Int(IntTy::U32), line))
            }
            ("position", [closure]) => {
                let value = self.position_needle(*closure)?;
                let chain = self.chain(inner.recv)?;
                let Some(plain) = chain.plain else {
                    return self.decline(n, "`position` after `map` or `filter`");
                };
                if !matches!(self.ty(&plain), Ty::List(_))
                    || matches!(plain.kind, ExprKind::Builtin { .. })
                {
                    return self.decline(n, "`position` on a value that is not a `Vec`");
                }
                let value = self.expr(value)?;
                Ok(self.method(plain, Method::Index, vec![value], Ty::Int(IntTy::Usize)))
            }
            // A method of a struct of the file (or another the frontend
            // types as an `Option`).
            _ => self.unwrap_computed(recv, n),
        }
    }

    /// `.unwrap()` of any other `Option` (a call's result, a field):
    /// `rs_unwrap(x)`/`rsUnwrap(x)`, which raise on `None`/`null` as Rust
    /// panics, and evaluate `x` where Rust does. An item that is itself
    /// `None` in the targets (`()`, an `Option`) or of unknown type is
    /// declined: its `Some` could not be told from `None`.
    fn unwrap_computed(&mut self, recv: Node, n: Node) -> Res<Expr> {
        let line = self.line(n);
        let value = self.expr(recv)?;
        let ty = self.ty(&value);
        if matches!(ty, Ty::Result(..)) {
            return self.result_unwrap(recv, value, n);
        }
        let Ty::Option(inner) = &ty else {
            return self.decline(n, format!("`unwrap()` of a value of type {ty}"));
        };
        if !inner.is_known() || matches!(**inner, Ty::Unit | Ty::Option(_)) {
            return self.decline(n, format!("`unwrap()` of a computed `{ty}`"));
        }
        let inner = (**inner).clone();
        Ok(self.builtin(Builtin::Unwrap, vec![value], inner, line))
    }

    /// `opt.unwrap_or(d)`: `m.get(k, d)` on a map, else the value unless
    /// it is `None`.
    fn unwrap_or(&mut self, recv: Node, d: Node, n: Node) -> Res<Expr> {
        let line = self.line(n);
        let value = self.expr(recv)?;
        if matches!(self.ty(&value), Ty::Result(..)) {
            if let Some(e) = self.result_method(recv, value, "unwrap_or", &[d], n)? {
                return Ok(e);
            }
            return self.decline(n, "`unwrap_or` of a `Result`");
        }
        let Ty::Option(inner) = self.ty(&value) else {
            return self.decline(n, "`unwrap_or` of a value that is not an `Option`");
        };
        let d = self.expr_e(d, Some(&inner))?;
        if let ExprKind::Method {
            method: Method::Get,
            args,
            ..
        } = &value.kind
        {
            if args.len() == 1 {
                let ExprKind::Method { recv, args, .. } = value.kind else {
                    return self.decline(n, "`unwrap_or`");
                };
                let mut args = args;
                args.push(d);
                return Ok(self.method(*recv, Method::Get, args, *inner));
            }
        }
        if !matches!(value.kind, ExprKind::Name(_)) {
            return self.decline(n, "`unwrap_or` of a computed `Option`");
        }
        let again = value.clone();
        let none = self.lit(Lit::None, Ty::Option(inner.clone()), line);
        let test = self.compare(value, CmpOp::IsNot, none);
        Ok(self.mk(
            ExprKind::IfElse {
                test: Box::new(test),
                truthiness: Truthiness::Bool,
                then: Box::new(again),
                orelse: Box::new(d),
            },
            *inner,
            line,
        ))
    }

    /// The `v` of a `position` closure `|x| *x == v` (or `v == x`).
    fn position_needle<'t>(&self, closure: Node<'t>) -> Res<Node<'t>> {
        let (params, body) = self.closure_params(closure)?;
        let [(pat, _)] = params.as_slice() else {
            return self.decline(closure, "`position` closure");
        };
        let param = self.text(self.strip_pattern_refs(*pat));
        let body = self.strip_refs(self.closure_expr_body(body)?);
        if body.kind() == "binary_expression"
            && body
                .child_by_field_name("operator")
                .is_some_and(|o| self.text(o) == "==")
        {
            let l = body.child_by_field_name("left").map(|l| self.strip_refs(l));
            let r = body
                .child_by_field_name("right")
                .map(|r| self.strip_refs(r));
            if let (Some(l), Some(r)) = (l, r) {
                let is_param = |x: Node| x.kind() == "identifier" && self.text(x) == param;
                let mentions = |x: Node| {
                    self.text(x)
                        .split(|c: char| !c.is_alphanumeric() && c != '_')
                        .any(|w| w == param)
                };
                if is_param(l) && !mentions(r) {
                    return Ok(r);
                }
                if is_param(r) && !mentions(l) {
                    return Ok(l);
                }
            }
        }
        self.decline(closure, "`position` with a test other than `==`")
    }

    /// The key of `sort_by_key(|x| k)`, and whether it is reversed
    /// (`|x| Reverse(k)`: a stable sort by `Reverse(k)` is Python's stable
    /// `reverse=True` by `k`).
    fn sort_key(&mut self, closure: Node, item: &Ty) -> Res<(Expr, bool)> {
        let (params, body) = self.closure_params(closure)?;
        let [(pat, _)] = params.as_slice() else {
            return self.decline(closure, "sort key with other than one parameter");
        };
        let body = self.closure_expr_body(body)?;
        let (body, reverse) = match self.reversed(body) {
            Some(inner) => (inner, true),
            None => (body, false),
        };
        Ok((self.key_lambda(*pat, body, item)?, reverse))
    }

    /// `Reverse(k)` (`std::cmp::Reverse`, `cmp::Reverse`): `k`.
    fn reversed<'t>(&self, e: Node<'t>) -> Option<Node<'t>> {
        if e.kind() != "call_expression" {
            return None;
        }
        let f = self.text(e.child_by_field_name("function")?);
        if !matches!(f, "Reverse" | "cmp::Reverse" | "std::cmp::Reverse") {
            return None;
        }
        match pattern_children(e.child_by_field_name("arguments")?).as_slice() {
            [k] => Some(*k),
            _ => None,
        }
    }

    /// The key a comparator compares by: `|a, b| k(a).cmp(&k(b))` sorts by
    /// `k`, and `|a, b| k(b).cmp(&k(a))` by `k` reversed. Other
    /// comparators (`partial_cmp`, whose `unwrap` panics on NaN where
    /// Python's sort goes on; `then_with`; a `match`) are declined.
    fn comparator_key(&mut self, closure: Node, item: &Ty) -> Res<(Expr, bool)> {
        let (params, body) = self.closure_params(closure)?;
        let [(pa, _), (pb, _)] = params.as_slice() else {
            return self.decline(closure, "sort comparator with other than two parameters");
        };
        let body = self.closure_expr_body(body)?;
        let words = |me: &Self, pat: Node| -> Option<String> {
            let p = me.strip_pattern_refs(pat);
            (p.kind() == "identifier").then(|| me.text(p).to_string())
        };
        let (Some(a), Some(b)) = (words(self, *pa), words(self, *pb)) else {
            return self.decline(closure, "sort comparator with patterns");
        };
        let cmp = self
            .method_call(body)
            .filter(|mc| mc.name == "cmp" && mc.args.len() == 1);
        let Some(mc) = cmp else {
            return self.decline(closure, "sort comparator other than `x.cmp(&y)`");
        };
        let (left, right) = (mc.recv, self.strip_refs(mc.args[0]));
        // `k(a)` with `b` put for `a` is `k(b)`: each side is the same key
        // of its own parameter.
        let (left_as_b, left_a, left_b) = self.renamed(left, &a, &b);
        let (right_as_b, right_a, right_b) = self.renamed(right, &a, &b);
        if left_a && !left_b && right_b && !right_a && left_as_b == self.text(right) {
            return Ok((self.key_lambda(*pa, left, item)?, false));
        }
        if left_b && !left_a && right_a && !right_b && right_as_b == self.text(left) {
            return Ok((self.key_lambda(*pa, right, item)?, true));
        }
        self.decline(
            closure,
            "sort comparator comparing other than one key of each side",
        )
    }

    /// The text of `n` with the word `from` put as `to`, and whether it
    /// mentions `from` and `to` as words.
    fn renamed(&self, n: Node, from: &str, to: &str) -> (String, bool, bool) {
        let mut mentions = (false, false);
        let text = self
            .text(n)
            .split_inclusive(|c: char| !c.is_alphanumeric() && c != '_')
            .map(|piece| {
                let word = piece.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_');
                mentions.0 |= word == from;
                mentions.1 |= word == to;
                if word == from {
                    format!("{to}{}", &piece[word.len()..])
                } else {
                    piece.to_string()
                }
            })
            .collect();
        (text, mentions.0, mentions.1)
    }

    /// `lambda x: key` for a sort: `pat` binds an item, `body` is the key,
    /// which must order as Python's and JavaScript's comparisons do.
    fn key_lambda(&mut self, pat: Node, body: Node, item: &Ty) -> Res<Expr> {
        let line = self.line(body);
        self.in_closure_scope(|me| {
            let name = me.pattern_name(me.strip_pattern_refs(pat))?;
            let target = me.bind(name, item.clone());
            let id = me.fresh(item.clone());
            let key = me.expr(body)?;
            let kt = me.ty(&key);
            if !orders_alike(&kt) {
                return me.decline(body, format!("sort key of type {kt}"));
            }
            Ok(me.mk(
                ExprKind::Lambda {
                    params: vec![(target, id)],
                    body: Box::new(key),
                },
                Ty::Func(vec![item.clone()], Box::new(kt)),
                line,
            ))
        })
    }

    /// Methods of values (not iterators).
    fn value_method(&mut self, mc: MethodCall, wanted: Option<Ty>) -> Res<Expr> {
        let n = mc.node;
        let line = self.line(n);
        let name = mc.name.as_str();
        let args = mc.args.clone();
        let recv = self.expr(mc.recv)?;
        let rt = self.ty(&recv);
        if rt == Ty::Class(writer::WRITER.into()) {
            return self.writer_method(recv, name, &args, n);
        }
        if rt == orderings::ORDERING && self.orderings_seen.get() {
            if let Some(v) = self.ordering_method(recv.clone(), name, &args, n)? {
                return Ok(v);
            }
        }
        if self.opaque_types.contains(&rt) {
            return self.decline(
                n,
                format!("method `{name}` of a {rt}, the type of a parameter whose bound is a trait the engine does not resolve"),
            );
        }
        if let Some(call) = self.primitive_method_call(&recv, mc.recv, name, &args, n)? {
            return Ok(call);
        }
        let usize_ty = Ty::Int(IntTy::Usize);
        let arg = |me: &mut Self, i: usize, exp: Option<&Ty>| -> Res<Expr> {
            match args.get(i) {
                Some(a) => me.expr_expecting(*a, exp),
                None => me.decline(n, format!("`{name}` without its argument")),
            }
        };
        if let Ty::Int(t) = rt {
            if let Some(e) = self.int_std_method(mc.recv, recv.clone(), t, name, &args, n)? {
                return Ok(e);
            }
        }
        if matches!(rt, Ty::Result(..)) {
            if let Some(e) = self.result_method(mc.recv, recv.clone(), name, &args, n)? {
                return Ok(e);
            }
        }
        if matches!(rt, Ty::List(_)) {
            if let Some(e) = self.list_std_method(mc.recv, recv.clone(), name, &args, n)? {
                return Ok(e);
            }
        }
        if rt == Ty::Str {
            if let Some(e) = self.str_std_method(mc.recv, recv.clone(), name, &args, n)? {
                return Ok(e);
            }
        }
        if rt == Ty::Char {
            if let Some(e) = self.char_std_method(mc.recv, recv.clone(), name, &args, n)? {
                return Ok(e);
            }
        }
        let is_str = rt == Ty::Str;
        let is_char = rt == Ty::Char;
        let item_of = |t: &Ty| match t {
            Ty::List(x) | Ty::Set(x) => (**x).clone(),
            _ => Ty::Unknown,
        };
        let str_method = |m: &str| -> Option<Method> {
            Some(match m {
                "to_uppercase" => Method::Upper,
                "to_lowercase" => Method::Lower,
                "to_ascii_uppercase" => Method::AsciiUpper,
                "to_ascii_lowercase" => Method::AsciiLower,
                "trim" => Method::Strip,
                "trim_start" => Method::LStrip,
                "trim_end" => Method::RStrip,
                _ => return None,
            })
        };
        let char_test = |m: &str| -> Option<Method> {
            Some(match m {
                // Rust's Uppercase and Lowercase properties are what
                // Python tests of one character.
                "is_uppercase" => Method::IsUpper,
                "is_lowercase" => Method::IsLower,
                "is_ascii_uppercase" => Method::CharIs(CharClass::AsciiUppercase),
                "is_ascii_lowercase" => Method::CharIs(CharClass::AsciiLowercase),
                "is_alphabetic" => Method::CharIs(CharClass::Alphabetic),
                "is_ascii_alphabetic" => Method::CharIs(CharClass::AsciiAlphabetic),
                "is_numeric" => Method::CharIs(CharClass::Numeric),
                "is_ascii_digit" => Method::CharIs(CharClass::AsciiDigit),
                "is_alphanumeric" => Method::CharIs(CharClass::Alphanumeric),
                "is_ascii_alphanumeric" => Method::CharIs(CharClass::AsciiAlphanumeric),
                "is_whitespace" => Method::CharIs(CharClass::WhiteSpace),
                "is_ascii_whitespace" => Method::CharIs(CharClass::AsciiWhitespace),
                _ => return None,
            })
        };
        match (name, args.len()) {
            // UTF-8 bytes: `len` and `length` count otherwise, but agree on
            // an ASCII literal, and on a string the function slices by byte
            // (assumed ASCII).
            ("len", 0)
                if rt == Ty::Str
                    && !matches!(&recv.kind, ExprKind::Lit(Lit::Str(s)) if s.is_ascii())
                    && !self
                        .byte_sliced
                        .contains(self.text(self.strip_refs(mc.recv))) =>
            {
                Ok(self.method(recv, Method::Utf8Len, Vec::new(), usize_ty))
            }
            // A `char`'s UTF-8 bytes: its string's, in the targets.
            ("len_utf8", 0) if rt == Ty::Char => {
                self.set_ty(&recv, Ty::Str);
                Ok(self.method(recv, Method::Utf8Len, Vec::new(), usize_ty))
            }
            ("len", 0) if matches!(rt, Ty::List(_) | Ty::Str | Ty::Dict(..) | Ty::Set(_)) => {
                Ok(self.builtin(Builtin::Len, vec![recv], usize_ty, line))
            }
            ("is_empty", 0) if matches!(rt, Ty::List(_) | Ty::Str | Ty::Dict(..) | Ty::Set(_)) => {
                let len = self.builtin(Builtin::Len, vec![recv], usize_ty.clone(), line);
                let zero = self.int(0, usize_ty, line);
                Ok(self.compare(len, CmpOp::Eq(EqSem::Value), zero))
            }
            ("push", 1) if matches!(rt, Ty::List(_)) => {
                let item = item_of(&rt);
                let x = arg(self, 0, Some(&item))?;
                if let ExprKind::Name(_) = &recv.kind {
                    let rust = self.text(self.strip_refs(mc.recv)).to_string();
                    let xt = self.ty(&x);
                    self.refine(&rust, Ty::list(xt));
                }
                Ok(self.method(recv, Method::Append, vec![x], Ty::Unit))
            }
            ("extend", 1) if matches!(rt, Ty::List(_)) => {
                let x = arg(self, 0, Some(&rt))?;
                if !matches!(self.ty(&x), Ty::List(_)) {
                    return self.decline(n, "`extend` with a value that is not a `Vec`");
                }
                Ok(self.method(recv, Method::Extend, vec![x], Ty::Unit))
            }
            ("insert", 2) if matches!(rt, Ty::List(_)) => {
                let i = arg(self, 0, Some(&usize_ty))?;
                let item = item_of(&rt);
                let x = arg(self, 1, Some(&item))?;
                Ok(self.method(recv, Method::Insert, vec![i, x], Ty::Unit))
            }
            ("remove", 1) if matches!(rt, Ty::List(_)) => {
                let i = arg(self, 0, Some(&usize_ty))?;
                let item = item_of(&rt);
                Ok(self.method(recv, Method::Pop, vec![i], item))
            }
            ("sort" | "sort_unstable", 0) if matches!(rt, Ty::List(_)) => {
                // Equal values of these types are indistinguishable, so an
                // unstable sort gives what a stable one does.
                let item = item_of(&rt);
                if !orders_alike(&item) {
                    return self.decline(n, format!("`sort` of {item}"));
                }
                Ok(self.method(recv, Method::Sort, Vec::new(), Ty::Unit))
            }
            // Stable sorts by a key: Python's `sort(key=...)` and
            // JavaScript's comparator of the key are stable too. The
            // unstable ones would order equal keys as Rust happens to.
            ("sort_by_key" | "sort_by_cached_key" | "sort_by", 1) if matches!(rt, Ty::List(_)) => {
                let item = item_of(&rt);
                let (key, reverse) = if name == "sort_by" {
                    self.comparator_key(args[0], &item)?
                } else {
                    self.sort_key(args[0], &item)?
                };
                let mut keywords = vec![("key".to_string(), key)];
                if reverse {
                    let t = self.lit(Lit::Bool(true), Ty::Bool, line);
                    keywords.push(("reverse".to_string(), t));
                }
                Ok(self.mk(
                    ExprKind::Method {
                        recv: Box::new(recv),
                        method: Method::Sort,
                        args: Vec::new(),
                        keywords,
                    },
                    Ty::Unit,
                    line,
                ))
            }
            ("reverse", 0) if matches!(rt, Ty::List(_)) => {
                Ok(self.method(recv, Method::Reverse, Vec::new(), Ty::Unit))
            }
            ("contains", 1) => {
                let exp = match &rt {
                    Ty::List(t) | Ty::Set(t) => Some((**t).clone()),
                    _ => None,
                };
                let a = self.strip_refs(args[0]);
                if a.kind() == "closure_expression" {
                    return self.decline(n, "`contains` with a closure");
                }
                if self.holds_struct(&rt) {
                    // Objects compare by identity (an enum's variants are
                    // each one object: identity is their `==`).
                    return self.decline(n, "`contains` of a struct value");
                }
                let x = self.expr_expecting(a, exp.as_ref())?;
                let xt = self.ty(&x);
                match (&rt, &xt) {
                    (Ty::Str, Ty::Str | Ty::Char) | (Ty::List(_) | Ty::Set(_), _) => {
                        Ok(self.compare(x, CmpOp::In, recv))
                    }
                    _ => self.decline(n, format!("`contains` of {xt} in {rt}")),
                }
            }
            ("contains_key", 1) if matches!(rt, Ty::Dict(..)) => {
                let x = arg(self, 0, None)?;
                Ok(self.compare(x, CmpOp::In, recv))
            }
            ("get", 1) if matches!(rt, Ty::Dict(..)) => {
                let Ty::Dict(k, v) = rt.clone() else {
                    return self.decline(n, "`get`");
                };
                let x = arg(self, 0, Some(&k))?;
                Ok(self.method(recv, Method::Get, vec![x], Ty::Option(v)))
            }
            ("starts_with" | "ends_with", 1) if is_str => {
                let x = arg(self, 0, None)?;
                if !matches!(self.ty(&x), Ty::Str | Ty::Char) {
                    return self.decline(n, format!("`{name}` with a pattern"));
                }
                let m = if name == "starts_with" {
                    Method::StartsWith
                } else {
                    Method::EndsWith
                };
                Ok(self.method(recv, m, vec![x], Ty::Bool))
            }
            ("replace", 2) if is_str => {
                let a = arg(self, 0, None)?;
                let b = arg(self, 1, None)?;
                if !matches!(self.ty(&a), Ty::Str | Ty::Char) {
                    return self.decline(n, "`replace` with a pattern");
                }
                Ok(self.method(recv, Method::Replace, vec![a, b], Ty::Str))
            }
            // `s.repeat(n)`: `n` is a `usize`, never negative.
            ("repeat", 1) if is_str => {
                let count = arg(self, 0, Some(&Ty::Int(IntTy::Usize)))?;
                Ok(self.binary(BinOp::Mul(OperandSem::ByTypes), recv, count, Ty::Str))
            }
            ("split", 1) if is_str => {
                let a = arg(self, 0, None)?;
                if !matches!(self.ty(&a), Ty::Str | Ty::Char)
                    || matches!(&a.kind, ExprKind::Lit(Lit::Str(s)) if s.is_empty())
                {
                    return self.decline(n, "`split` with a pattern");
                }
                Ok(self.method(recv, Method::Split, vec![a], Ty::list(Ty::Str)))
            }
            // Rust's whitespace, not Python's `split()`'s nor JavaScript's `\s`.
            ("split_whitespace", 0) if is_str => Ok(self.method(
                recv,
                Method::RustSplitWhitespace,
                Vec::new(),
                Ty::list(Ty::Str),
            )),
            ("split_ascii_whitespace", 0) if is_str => Ok(self.method(
                recv,
                Method::RustSplitAsciiWhitespace,
                Vec::new(),
                Ty::list(Ty::Str),
            )),
            // At `\n` and `\r\n` only: not Python's `splitlines`.
            ("lines", 0) if is_str => {
                Ok(self.method(recv, Method::RustLines, Vec::new(), Ty::list(Ty::Str)))
            }
            (m, 0) if (is_str || is_char) && str_method(m).is_some() => {
                let Some(method) = str_method(m) else {
                    return self.decline(n, format!("`{m}`"));
                };
                if is_char && matches!(m, "to_uppercase" | "to_lowercase") {
                    // Rust gives an iterator of chars; as a string it is
                    // Python's and JavaScript's.
                    return Ok(self.method(recv, method, Vec::new(), Ty::Str));
                }
                Ok(self.method(recv, method, Vec::new(), rt))
            }
            (m, 0) if is_char && char_test(m).is_some() => {
                let Some(method) = char_test(m) else {
                    return self.decline(n, format!("`{m}`"));
                };
                Ok(self.method(recv, method, Vec::new(), Ty::Bool))
            }
            ("is_digit", 1) if is_char && self.text(args[0]) == "10" => Ok(self.method(
                recv,
                Method::CharIs(CharClass::AsciiDigit),
                Vec::new(),
                Ty::Bool,
            )),
            ("to_string" | "to_owned" | "clone" | "as_str" | "into" | "to_vec", 0) => match &rt {
                Ty::Str | Ty::Char if name != "to_vec" => {
                    self.set_ty(&recv, Ty::Str);
                    Ok(recv)
                }
                t if t.is_int() && name == "to_string" => {
                    Ok(self.builtin(Builtin::ToStr, vec![recv], Ty::Str, line))
                }
                t if (t.is_numeric() || *t == Ty::Bool) && name == "clone" => Ok(recv),
                Ty::List(_) | Ty::Dict(..) | Ty::Set(_)
                    if name != "to_string" && name != "as_str" =>
                {
                    Ok(self.method(recv, Method::Copy, Vec::new(), rt))
                }
                Ty::Tuple(_) if name == "clone" => Ok(recv),
                _ => self.decline(n, format!("`{name}()` of {rt}")),
            },
            ("abs", 0) if rt.is_numeric() => Ok(self.builtin(Builtin::Abs, vec![recv], rt, line)),
            ("pow" | "powi" | "powf", 1) if rt.is_numeric() => {
                let e = arg(self, 0, None)?;
                Ok(self.binary(BinOp::Pow, recv, e, rt))
            }
            ("sqrt", 0) if rt.is_float() => Ok(self.builtin(Builtin::Sqrt, vec![recv], rt, line)),
            ("floor" | "ceil", 0) if rt.is_float() => {
                let op = if name == "floor" {
                    Builtin::Floor
                } else {
                    Builtin::Ceil
                };
                Ok(self.builtin(op, vec![recv], rt, line))
            }
            ("fract", 0) if rt.is_float() => {
                // `x - x.trunc()`, which is `x % 1.0` with `%` truncating.
                let one = self.lit(Lit::Float(1.0), rt.clone(), line);
                Ok(self.binary(BinOp::Rem(Rounding::Trunc), recv, one, rt))
            }
            ("is_positive" | "is_negative", 0) if rt.is_int() => {
                let zero = self.int(0, rt, line);
                let op = if name == "is_positive" {
                    CmpOp::Gt
                } else {
                    CmpOp::Lt
                };
                Ok(self.compare(recv, op, zero))
            }
            ("max" | "min", 1) if rt.is_int() => {
                let b = arg(self, 0, Some(&rt))?;
                let op = if name == "max" {
                    Builtin::Max
                } else {
                    Builtin::Min
                };
                Ok(self.builtin(op, vec![recv, b], rt, line))
            }
            ("is_some" | "is_none", 0) if matches!(rt, Ty::Option(_)) => {
                let none = self.lit(Lit::None, rt, line);
                let op = if name == "is_some" {
                    CmpOp::IsNot
                } else {
                    CmpOp::Is
                };
                Ok(self.compare(recv, op, none))
            }
            ("join" | "concat", _) if matches!(&rt, Ty::List(t) if **t == Ty::Str) => {
                let sep = if name == "concat" {
                    self.lit(Lit::Str(String::new()), Ty::Str, line)
                } else {
                    let s = arg(self, 0, None)?;
                    if self.ty(&s) != Ty::Str {
                        return self.decline(n, "`join` with a separator that is not a string");
                    }
                    s
                };
                Ok(self.method(sep, Method::Join, vec![recv], Ty::Str))
            }
            _ => {
                let _ = wanted;
                self.decline(n, format!("method `{name}` of {rt}"))
            }
        }
    }

    /// Statements that are method calls Python and JavaScript write
    /// otherwise: `s.push(c)` on a string is `s += c`, `m.insert(k, v)` on
    /// a map is `m[k] = v`, `v.swap(i, j)` swaps two items.
    fn method_statement(&mut self, e: Node, out: &mut Block) -> Res<bool> {
        let Some(mc) = self.method_call(e) else {
            return Ok(false);
        };
        let line = self.line(e);
        let recv_node = self.strip_refs(mc.recv);
        let recv_ty = match recv_node.kind() {
            "identifier" => self.lookup(self.text(recv_node)).map(|l| l.ty.clone()),
            _ => None,
        };
        let args = mc.args.clone();
        match (mc.name.as_str(), args.as_slice(), recv_ty) {
            ("push" | "push_str", [a], Some(Ty::Str)) => {
                let target = self.assign_target(recv_node)?;
                let value = self.expr(*a)?;
                if !matches!(self.ty(&value), Ty::Str | Ty::Char) {
                    return self.decline(e, "`push` of a value that is not a string");
                }
                out.extend(std::mem::take(&mut self.pre));
                out.push(self.stmt(
                    StmtKind::AugAssign {
                        target,
                        op: BinOp::Add(OperandSem::ByTypes),
                        value,
                    },
                    line,
                ));
                Ok(true)
            }
            ("insert", [k, v], Some(Ty::Dict(kt, vt))) => {
                let map = self.expr(recv_node)?;
                let key = self.expr_e(*k, Some(&kt))?;
                let value = self.expr_e(*v, Some(&vt))?;
                let (kty, vty) = (self.ty(&key), self.ty(&value));
                let rust = self.text(recv_node).to_string();
                self.refine(&rust, Ty::Dict(Box::new(kty), Box::new(vty)));
                out.extend(std::mem::take(&mut self.pre));
                out.push(self.stmt(
                    StmtKind::Assign {
                        target: Target::Index {
                            value: Box::new(map),
                            index: Box::new(key),
                            sem: RUST_INDEX,
                        },
                        value,
                    },
                    line,
                ));
                Ok(true)
            }
            ("insert", [x], Some(Ty::Set(t))) => {
                let set = self.expr(recv_node)?;
                let x = self.expr_e(*x, Some(&t))?;
                let xt = self.ty(&x);
                let rust = self.text(recv_node).to_string();
                self.refine(&rust, Ty::Set(Box::new(xt)));
                out.extend(std::mem::take(&mut self.pre));
                let call = self.method(set, Method::Add, vec![x], Ty::Unit);
                out.push(self.stmt(StmtKind::Expr(call), line));
                Ok(true)
            }
            ("dedup", [], Some(Ty::List(t))) => {
                let borrowed = self
                    .lookup(self.text(recv_node))
                    .is_some_and(|l| l.borrowed);
                if borrowed {
                    return self.decline(e, "`dedup` of a vector passed by reference");
                }
                let s = self.dedup(recv_node, *t, line)?;
                out.push(s);
                Ok(true)
            }
            ("swap", [i, j], Some(Ty::List(t))) => {
                let usize_ty = Ty::Int(IntTy::Usize);
                let mut parts = Vec::new();
                for idx in [i, j, j, i] {
                    let v = self.expr(recv_node)?;
                    let ix = self.expr_e(*idx, Some(&usize_ty))?;
                    parts.push((v, ix));
                }
                let mut parts = parts.into_iter();
                let target_of = |p: Option<(Expr, Expr)>| -> Option<Target> {
                    let (v, ix) = p?;
                    Some(Target::Index {
                        value: Box::new(v),
                        index: Box::new(ix),
                        sem: RUST_INDEX,
                    })
                };
                let (Some(ti), Some(tj)) = (target_of(parts.next()), target_of(parts.next()))
                else {
                    return self.decline(e, "`swap`");
                };
                let mut reads = Vec::new();
                for (v, ix) in parts {
                    reads.push(self.index_read(v, ix, (*t).clone(), line));
                }
                let value = self.mk(
                    ExprKind::Tuple(reads),
                    Ty::Tuple(vec![(*t).clone(), (*t).clone()]),
                    line,
                );
                out.push(self.stmt(
                    StmtKind::Assign {
                        target: Target::Tuple(vec![ti, tj]),
                        value,
                    },
                    line,
                ));
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

/// Whether values of `ty` order in Rust (`Ord`) as Python's and
/// JavaScript's comparisons order them: integers, booleans, characters and
/// strings (UTF-8 bytes order as code points do), and tuples of those.
fn orders_alike(ty: &Ty) -> bool {
    match ty {
        Ty::Int(_) | Ty::Bool | Ty::Char | Ty::Str => true,
        Ty::Tuple(items) => items.iter().all(orders_alike),
        _ => false,
    }
}

/// The children of a pattern that are patterns (`_` included, which the
/// grammar does not name).
fn pattern_children(pat: Node) -> Vec<Node> {
    crate::engine::rules::children(pat)
        .into_iter()
        .filter(|c| {
            (c.is_named() && !matches!(c.kind(), "line_comment" | "block_comment"))
                || c.kind() == "_"
        })
        .collect()
}

/// The key `bind_temp` binds a local under: no Rust name is spelt so.
fn temp_key(target: &str) -> String {
    format!("\0{target}")
}

/// The identifiers in a node's subtree (macros' token trees included).
fn identifiers(node: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" {
            found.push(n);
        }
        stack.extend(children(n));
    }
    found
}

/// Iterator adapters `method_expr` lowers through `chain`; `chain` lowers
/// each of them or declines it, and never lowers it as a plain value.
const CHAIN_ADAPTERS: &[&str] = &[
    "iter",
    "into_iter",
    "chars",
    "map",
    "filter",
    "enumerate",
    "rev",
    "zip",
    "skip",
    "take",
    "cloned",
    "copied",
    "keys",
    "values",
];

/// A node kind as words, for declines.
fn short_kind(kind: &str) -> String {
    kind.trim_end_matches("_expression").replace('_', " ")
}

/// Decodes a Rust string literal's escapes; `None` for one it does not know.
fn unescape(body: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let hex: String = [chars.next()?, chars.next()?].iter().collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).ok()?));
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut hex = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    hex.push(c);
                }
                out.push(char::from_u32(
                    u32::from_str_radix(&hex.replace('_', ""), 16).ok()?,
                )?);
            }
            '\n' => {
                // A line continuation: the newline and the next line's
                // leading whitespace are not part of the string.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The more known of two types for one value.
fn merge(a: &Ty, b: &Ty) -> Ty {
    match (a, b) {
        (Ty::Unknown, t) | (t, Ty::Unknown) => t.clone(),
        (Ty::List(x), Ty::List(y)) => Ty::list(merge(x, y)),
        (Ty::Set(x), Ty::Set(y)) => Ty::Set(Box::new(merge(x, y))),
        (Ty::Option(x), Ty::Option(y)) => Ty::Option(Box::new(merge(x, y))),
        (Ty::Dict(k, v), Ty::Dict(k2, v2)) => {
            Ty::Dict(Box::new(merge(k, k2)), Box::new(merge(v, v2)))
        }
        (Ty::Tuple(xs), Ty::Tuple(ys)) if xs.len() == ys.len() => {
            Ty::Tuple(xs.iter().zip(ys).map(|(x, y)| merge(x, y)).collect())
        }
        (a, _) => a.clone(),
    }
}

fn is_block(kind: &str) -> bool {
    kind == "block"
}

/// Whether every value of int type `from` is one of `to` (an `as` between
/// them changes no value).
fn int_range_within(from: IntTy, to: IntTy) -> bool {
    match (from, to) {
        (_, IntTy::Unbounded) => true,
        (IntTy::Unbounded, _) => false,
        (IntTy::U128, IntTy::U128) => true,
        (IntTy::U128, _) => false,
        _ => match (from.range(), to.range()) {
            (Some((a, b)), Some((c, d))) => c <= a && b <= d,
            _ => false,
        },
    }
}

/// Whether `e` is an int literal that type `to` holds.
fn literal_within(e: &Expr, to: IntTy) -> bool {
    match (&e.kind, to.range()) {
        (ExprKind::Lit(Lit::Int(v)), Some((lo, hi))) => lo <= *v && *v <= hi,
        (ExprKind::Lit(Lit::Int(_)), None) => to == IntTy::Unbounded,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Context;
    use crate::units::SegmentKind;

    fn request(source: &str, imports: &str) -> TranslationRequest {
        TranslationRequest {
            from: Lang::Rust,
            to: Lang::Python,
            kind: SegmentKind::Function,
            name: None,
            source: source.to_string(),
            path: "unit.rs".into(),
            first_line: 10,
            context: Context {
                imports: imports.to_string(),
                ..Context::default()
            },
        }
    }

    // Regression: `use std::{cmp::{max, self}, mem::replace};` brought no
    // names (the list was cut at its first `{`), so a bare `max(a, b)` was
    // declined as an unknown call.
    #[test]
    fn use_lines_bring_their_leaf_names() {
        let names = imported_names("use std::{slice::Iter, cmp::{max, self}, mem::replace};\nuse std::collections::HashMap;");
        for name in ["max", "replace", "Iter", "HashMap", "self"] {
            assert!(names.contains(name), "{name} missing from {names:?}");
        }
        assert!(!names.contains("cmp") && !names.contains("std"));
    }

    // Regression: `use std::cmp::max as min;` brought `max`, `as` and
    // `min`, so a call `min(a, b)` (the import's `max`) was written as a
    // minimum.
    #[test]
    fn a_leaf_renamed_with_as_brings_only_its_new_name() {
        let imports = "use std::cmp::max as min;\nuse std::f64::consts::{E as PI, TAU};";
        let names = imported_names(imports);
        for name in ["max", "min", "as", "E", "PI"] {
            assert!(!names.contains(name), "{name} in {names:?}");
        }
        assert!(names.contains("TAU"));
        let renamed = renamed_names(imports);
        assert!(renamed.contains("min") && renamed.contains("PI") && renamed.len() == 2);
    }

    // Regression (anstyle's `impl Color`): the declarations a unit is
    // given came in an order where each named a struct given after it
    // (`Style` holding a `Color` holding an `AnsiColor`); two rounds of
    // reading them left `Style` unread, so `-> Style` was declined.
    #[test]
    fn declarations_that_name_later_ones_are_read_in_rounds() {
        let mut req = request("fn plain(s: Style) -> Option<Color> {\n    s.fg\n}", "");
        req.context.types = vec![
            "#[derive(Clone, Copy)]\npub struct Style {\n    fg: Option<Color>,\n}".into(),
            "#[derive(Clone, Copy)]\npub enum Color {\n    Ansi(AnsiColor),\n}".into(),
            "#[derive(Clone, Copy)]\npub enum AnsiColor {\n    Red,\n}".into(),
        ];
        let lowered = lower(&req).expect("lowered");
        assert_eq!(lowered.functions.len(), 1);
        // Without the declaration the variant's payload is held opaque
        // (see `opaque`): the function only moves the `Option` on.
        req.context.types.remove(2);
        let lowered = lower(&req).expect("lowered without `AnsiColor`");
        assert_eq!(lowered.functions.len(), 1);
        // Read as `Color` only where every round knew `Color`.
        assert_eq!(
            lowered.functions[0].ret,
            Ty::Option(Box::new(Ty::Class("Color".into())))
        );
    }

    #[test]
    fn string_escapes_are_decoded() {
        assert_eq!(
            unescape(r#"a\tb\n\u{e9}\x41\\\""#).as_deref(),
            Some("a\tb\n\u{e9}A\\\"")
        );
        assert_eq!(unescape(r"\q"), None);
    }

    // Regression: a `let` inside a loop that shadows a name of the
    // function kept the name, so in Python (one scope per function) it
    // overwrote the outer value read after the loop.
    #[test]
    fn a_let_that_shadows_an_enclosing_binding_gets_its_own_name() {
        let src = "fn f(n: i32) -> i32 {\n    let x = n;\n    for i in 0..3 {\n        let x = i;\n    }\n    x\n}";
        let lowered = lower(&request(src, "")).expect("lowered");
        let f = &lowered.functions[0];
        let StmtKind::For { body, .. } = &f.body[1].kind else {
            panic!("a loop: {:?}", f.body[1].kind);
        };
        let StmtKind::Assign {
            target: Target::Name { name, .. },
            ..
        } = &body[0].kind
        else {
            panic!("an assignment: {:?}", body[0].kind);
        };
        assert_eq!(name, "x_2");
    }

    #[test]
    fn integer_division_records_truncation_and_the_decline_names_its_line() {
        let lowered =
            lower(&request("fn f(a: i64, b: i64) -> i64 {\n    a / b\n}", "")).expect("lowered");
        let StmtKind::Return(Some(e)) = &lowered.functions[0].body[0].kind else {
            panic!("a return");
        };
        assert!(matches!(
            e.kind,
            ExprKind::Binary(BinOp::FloorDiv(Rounding::Trunc), ..)
        ));
        let declined = lower(&request(
            "fn f(x: f64) -> String {\n    x.to_string()\n}",
            "",
        ));
        let Err(Decline(reason)) = declined else {
            panic!("declined");
        };
        assert_eq!(reason, "`to_string()` of float at line 11");
    }
}
