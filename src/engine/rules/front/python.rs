//! The Python frontend: a tree-sitter-python syntax tree to the IR.
//!
//! It records what each operation means in Python (floor division, indexes
//! that count from the end and raise past it, `+` by operand types, Python
//! truthiness) and reads annotations as types; it infers nothing, which is
//! the analysis's work. Whatever it does not know it declines, naming the
//! construct and its line.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::super::ir::{
    for_each_expr, for_each_stmt, is_generator, is_next_without_default, try_blocks, BinOp, Block,
    Builtin, Class, ClassAttribute, ClassMethod, Clause, CmpOp, CompKind, DivSem, EqSem, ErrorKind,
    Expr, ExprId, ExprKind, FloatTy, FormatPart, Function, Functool, Handler, Ids, IndexSem, IntTy,
    Itertool, Lit, LogicOp, LogicSem, MathFn, Method, MethodKind, OperandSem, Param, Passing,
    Rounding, SliceSem, Stmt, StmtKind, Target, Truthiness, Ty, TypeKind, UnOp,
};
use super::super::{children, named_children, text, Decline, Lines, Res};
use super::{comment_lines, stray_comments, BlockComments};
use crate::engine::TranslationRequest;
use crate::lang::Lang;
use crate::units::SegmentKind;

mod calls;
mod dataclass;
mod defaultdicts;
mod deques;
mod module;
mod regexes;
mod stdlib;
mod values;

/// A unit, lowered: its functions (none for glue that needs no code).
pub struct Lowered {
    pub functions: Vec<Function>,
    /// The unit's classes, in source order.
    pub classes: Vec<Class>,
    /// Ids handed out, the size of the analysis's side tables.
    pub ids: Ids,
    /// The comments of a unit that defines nothing (glue: a module's
    /// docstring, its imports' comments).
    pub comments: Vec<String>,
    /// The top-level statements of a unit of glue (module constants,
    /// tables built by loops, calls), as the body of a function of no
    /// parameters that a backend writes at the top level of the module
    /// (see [`module`]).
    pub module: Option<Function>,
}

const PY_LOGIC: LogicSem = LogicSem {
    truthiness: Truthiness::Python,
    yields_operand: true,
};

/// Modules whose imports need no counterpart in a translation: their names
/// are known to the frontend (`math.sqrt`) or only used in annotations.
const KNOWN_MODULES: &[&str] = &["typing", "math", "re", "__future__"];

pub fn lower(req: &TranslationRequest) -> Res<Lowered> {
    if matches!(req.kind, SegmentKind::Method | SegmentKind::Field) {
        return Err(Decline(format!("class member at line {}", req.first_line)));
    }
    let src = super::super::without_bom(&req.source);
    let tree = crate::units::parse(src, Lang::Python)
        .ok_or_else(|| Decline("source the Python parser gave up on".into()))?;
    let root = tree.root_node();
    if root.has_error() {
        let at = crate::units::first_syntax_error(src, Lang::Python)
            .map_or(req.first_line, |(p, _)| req.first_line + p.line - 1);
        return Err(Decline(format!("syntax error at line {at}")));
    }
    let mut fx = Front {
        src,
        lines: Lines::starting_at(req.first_line),
        to: req.to,
        ids: Ids::default(),
        classes: class_outlines(root, src),
        unit_functions: named_children(root)
            .into_iter()
            .filter(|i| i.kind() == "function_definition")
            .filter_map(|i| i.child_by_field_name("name"))
            .map(|n| text(n, src).to_string())
            .collect(),
        method: None,
        class_receiver: false,
        caught: Vec::new(),
        file_classes: &req.context.classes,
        linked_classes: req
            .context
            .project
            .as_ref()
            .map_or(&[], |p| p.linked_classes.as_slice()),
        unavailable: req
            .context
            .project
            .as_ref()
            .map_or(&[], |p| p.unavailable.as_slice()),
        imports: FileImports::of(req),
        deques: Vec::new(),
        defaultdicts: Vec::new(),
        declared: Vec::new(),
        signatures: calls::unit_signatures(root, src),
        fills_defaults: Vec::new(),
        other_functions: Vec::new(),
        rest_functions: Vec::new(),
        generators: req
            .context
            .generators
            .iter()
            .chain(req.context.project.iter().flat_map(|p| &p.generators))
            .cloned()
            .collect(),
        module_names: &req.context.names,
        rebound: &req.context.rebound,
        names_used_otherwise: calls::names_used_otherwise(root, src),
        names_bound: calls::names_bound(root, src),
    };
    fx.rest_functions = fx
        .signatures
        .iter()
        .filter(|(_, s)| s.as_ref().is_some_and(|s| s.rest))
        .map(|(name, _)| name.clone())
        .collect();
    // The file's other functions, then those other modules of the project
    // define (imported by name).
    let project_functions = req.context.project.iter().flat_map(|p| &p.functions);
    for (name, params) in req.context.functions.iter().chain(project_functions) {
        if fx.signatures.contains_key(name) {
            continue;
        }
        fx.signatures
            .insert(name.clone(), calls::signature_of_text(params));
        fx.other_functions.push(name.clone());
        // Rust has no default arguments, and the unit's own calls get
        // theirs in the backend (`rust_calls`): another unit's function
        // gets them here.
        if req.to == Lang::Rust {
            fx.fills_defaults.push(name.clone());
        }
    }
    // Every walk below recurses over the tree; one nested deeper than they
    // can follow is declined here, before any of them starts.
    if let Err(deep) = crate::depth::check(root) {
        return fx.decline(deep.node, deep.what());
    }
    let mut functions: Vec<Function> = Vec::new();
    let mut classes: Vec<Class> = Vec::new();
    let mut module: Option<Function> = None;
    // Comments before a definition are its own.
    let mut pending = Vec::new();
    let mut last_is_class = false;
    for item in children(root).into_iter().filter(|c| c.is_named()) {
        last_is_class = match item.kind() {
            "function_definition" => false,
            "class_definition" => true,
            _ => last_is_class,
        };
        match item.kind() {
            "comment" => pending.extend(comment_lines(fx.t(item))),
            "function_definition" => {
                let mut f = fx.function(item)?;
                pending.append(&mut f.comments);
                f.comments = std::mem::take(&mut pending);
                functions.push(f);
            }
            "decorated_definition" if dataclass::is_dataclass(item, src) => {
                let mut c = fx.dataclass(item)?;
                pending.append(&mut c.comments);
                c.comments = std::mem::take(&mut pending);
                classes.push(c);
            }
            "decorated_definition" => return fx.decline(item, decorator_named(item, src)),
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                fx.import(item)?
            }
            "expression_statement" if is_docstring(item) => {
                pending.extend(fx.docstring(item));
            }
            "class_definition" => {
                // A tree node class is a struct of borrowed nodes in Rust
                // only; elsewhere it stays a class.
                let node = match req.to {
                    Lang::Rust => fx.plain_node_class(item)?,
                    _ => None,
                };
                let mut c = match node {
                    Some(c) => c,
                    None => fx.class(item)?,
                };
                pending.append(&mut c.comments);
                c.comments = std::mem::take(&mut pending);
                classes.push(c);
            }
            _ if req.kind == SegmentKind::Glue => {
                fx.module_statement(item, &mut module, &mut pending)?
            }
            other => return fx.decline(item, format!("top-level `{}`", construct(other))),
        }
    }
    if let Some(m) = &module {
        if let Some(line) = functions
            .iter()
            .map(|f| f.line)
            .chain(classes.iter().map(|c| c.line))
            .next()
        {
            return Err(Decline(format!(
                "top-level statements beside a definition at line {}",
                m.line.max(line)
            )));
        }
        // Comments after the last statement end the module.
    }
    let module = module.map(|mut m| {
        if let Some(s) = m.body.last_mut() {
            s.comments.after.append(&mut pending);
        }
        m
    });
    // Comments after the last definition end its body.
    if !pending.is_empty() {
        let last = if last_is_class {
            classes
                .last_mut()
                .and_then(|c| c.methods.last_mut())
                .map(|m| &mut m.function.body)
        } else {
            functions.last_mut().map(|f| &mut f.body)
        };
        if let Some(s) = last.and_then(|b| b.last_mut()) {
            s.comments.after.append(&mut pending);
        }
    }
    Ok(Lowered {
        functions,
        classes,
        ids: fx.ids,
        comments: pending,
        module,
    })
}

/// Whether `e` is an integer literal from 0 to 16: a count of items a
/// tuple type holds.
fn small_literal(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Lit(Lit::Int(n)) if (0..=16).contains(&n))
}

/// What a file's imports bind (`req.context.imports`): modules imported
/// by name (`import os.path` binds `os`) and names imported from modules
/// (`from itertools import islice`, `import numpy as np`), leaving out the
/// modules the frontend knows (`math`, `typing`) and the names the project
/// table links to the project's own modules (translated with it).
pub(crate) struct FileImports {
    pub modules: HashSet<String>,
    pub names: HashSet<String>,
    /// The names `collections.deque` is imported as.
    pub deque: Vec<String>,
    /// The names `collections.defaultdict` is imported as.
    pub defaultdict: Vec<String>,
    /// Functions of `itertools` imported by name: (bound name, function).
    pub itertools: Vec<(String, Itertool)>,
    /// Names imported from `math` (`from math import sqrt`): (bound name,
    /// name in `math`), read as `math.sqrt` is.
    pub math: Vec<(String, String)>,
    /// Functions of `operator` imported by name: (bound name, function).
    pub operator: Vec<(String, stdlib::OperatorFn)>,
    /// Functions of `functools` imported by name: (bound name, function).
    pub functools: Vec<(String, Functool)>,
    /// The names `contextlib.suppress` is imported as.
    pub suppress: Vec<String>,
    /// Constants of `string` imported by name (`from string import
    /// ascii_lowercase`): (bound name, name in `string`).
    pub string_constants: Vec<(String, String)>,
    /// Functions of `heapq` and `bisect` imported by name (of a list, see
    /// [`Method::of_list_module`]): (bound name, module, name in it).
    pub list_functions: Vec<(String, String, String)>,
}

impl FileImports {
    pub(crate) fn of(req: &TranslationRequest) -> FileImports {
        let mut imports = FileImports {
            modules: HashSet::new(),
            names: HashSet::new(),
            deque: Vec::new(),
            defaultdict: Vec::new(),
            itertools: Vec::new(),
            math: Vec::new(),
            operator: Vec::new(),
            functools: Vec::new(),
            suppress: Vec::new(),
            string_constants: Vec::new(),
            list_functions: Vec::new(),
        };
        let src = super::super::without_bom(&req.context.imports);
        if let Some(tree) = crate::units::parse(src, Lang::Python) {
            for stmt in named_children(tree.root_node()) {
                imports.add(stmt, src);
            }
        }
        for known in KNOWN_MODULES {
            imports.modules.remove(*known);
        }
        // Names other modules of the project define are followed by the
        // project table: they are the project's functions, not opaque
        // imports.
        if let Some(project) = &req.context.project {
            for name in &project.linked {
                imports.names.remove(name);
                imports.modules.remove(name);
            }
        }
        imports
    }

    /// Adds what an import statement `stmt` binds.
    fn add(&mut self, stmt: Node, src: &str) {
        match stmt.kind() {
            "import_statement" => {
                for name in named_children(stmt) {
                    match name.kind() {
                        "dotted_name" => {
                            let root = text(name, src).split('.').next().unwrap_or("");
                            self.modules.insert(root.to_string());
                        }
                        "aliased_import" => {
                            if let Some(alias) = name.child_by_field_name("alias") {
                                self.names.insert(text(alias, src).to_string());
                            }
                        }
                        _ => {}
                    }
                }
            }
            "import_from_statement" => {
                let module = stmt
                    .child_by_field_name("module_name")
                    .map(|m| text(m, src))
                    .unwrap_or("");
                // `from math import sqrt` binds a name the frontend
                // does not follow (it knows `math.sqrt`).
                if matches!(module, "typing" | "__future__") {
                    return;
                }
                let mut cursor = stmt.walk();
                for name in stmt.children_by_field_name("name", &mut cursor) {
                    let (original, bound) = match name.kind() {
                        "aliased_import" => (
                            name.child_by_field_name("name")
                                .map_or("", |n| text(n, src)),
                            name.child_by_field_name("alias")
                                .map_or("", |a| text(a, src)),
                        ),
                        _ => (text(name, src), text(name, src)),
                    };
                    if module == "collections" && original == "deque" {
                        self.deque.push(bound.to_string());
                    }
                    if module == "collections" && original == "defaultdict" {
                        self.defaultdict.push(bound.to_string());
                    }
                    if module == "string" && stdlib::string_constant(original).is_some() {
                        self.string_constants
                            .push((bound.to_string(), original.to_string()));
                    }
                    if Method::is_of_list_module(module, original) {
                        self.list_functions.push((
                            bound.to_string(),
                            module.to_string(),
                            original.to_string(),
                        ));
                    }
                    if module == "contextlib" && original == "suppress" {
                        self.suppress.push(bound.to_string());
                    }
                    if let Some(tool) = Itertool::named(original).filter(|_| module == "itertools")
                    {
                        self.itertools.push((bound.to_string(), tool));
                    }
                    if let Some(f) =
                        stdlib::OperatorFn::named(original).filter(|_| module == "operator")
                    {
                        self.operator.push((bound.to_string(), f));
                    }
                    if let Some(f) = Functool::named(original).filter(|_| module == "functools") {
                        self.functools.push((bound.to_string(), f));
                    }
                    if module == "math" {
                        self.math.push((bound.to_string(), original.to_string()));
                        continue;
                    }
                    self.names.insert(bound.to_string());
                }
            }
            _ => {}
        }
    }

    /// The `itertools` function a call's function names: a name imported
    /// from it, `itertools.f` where the module is imported, and
    /// `chain.from_iterable` by either.
    pub(crate) fn itertool(&self, func: Node, src: &str) -> Option<Itertool> {
        let by_name = |n: &str| {
            self.itertools
                .iter()
                .find(|(bound, _)| bound == n)
                .map(|(_, t)| *t)
        };
        match func.kind() {
            "identifier" => by_name(text(func, src)),
            "attribute" => {
                let object = func.child_by_field_name("object")?;
                let attr = text(func.child_by_field_name("attribute")?, src);
                let of_module = |o: Node| {
                    o.kind() == "identifier"
                        && text(o, src) == "itertools"
                        && self.modules.contains("itertools")
                };
                if of_module(object) {
                    return Itertool::named(attr);
                }
                // `chain.from_iterable`, `itertools.chain.from_iterable`.
                let chain = match object.kind() {
                    "identifier" => by_name(text(object, src)) == Some(Itertool::Chain),
                    "attribute" => {
                        object.child_by_field_name("object").is_some_and(of_module)
                            && object
                                .child_by_field_name("attribute")
                                .is_some_and(|a| text(a, src) == "chain")
                    }
                    _ => false,
                };
                (chain && attr == "from_iterable").then_some(Itertool::ChainFromIterable)
            }
            _ => None,
        }
    }

    /// The name in `math` that `name` is imported as (`from math import
    /// sqrt`), if it is one.
    pub(crate) fn math_name(&self, name: &str) -> Option<&str> {
        self.math
            .iter()
            .find(|(bound, _)| bound == name)
            .map(|(_, original)| original.as_str())
    }

    /// The function of `operator` that `name` is imported as, if any.
    pub(crate) fn operator_name(&self, name: &str) -> Option<stdlib::OperatorFn> {
        self.operator
            .iter()
            .find(|(bound, _)| bound == name)
            .map(|(_, f)| *f)
    }

    /// The function of `functools` that `name` is imported as, if any.
    pub(crate) fn functools_name(&self, name: &str) -> Option<Functool> {
        self.functools
            .iter()
            .find(|(bound, _)| bound == name)
            .map(|(_, f)| *f)
    }

    /// Whether `name` is bound by an import the IR cannot follow.
    pub(crate) fn binds(&self, name: &str) -> bool {
        self.modules.contains(name) || self.names.contains(name)
    }
}

/// The type of an unannotated parameter whose default is created once
/// (`counts={}`): the container the default is, as an annotation would
/// say and as trusted (a caller passing another kind of value is not
/// checked). Left unknown, a dict would be stored into as a list.
fn created_ty(default: &Expr) -> Ty {
    let unknown = || Box::new(Ty::Unknown);
    match &default.kind {
        ExprKind::List(_) => Ty::list(Ty::Unknown),
        ExprKind::Dict(_) => Ty::Dict(unknown(), unknown()),
        ExprKind::Set(_) => Ty::Set(unknown()),
        ExprKind::Builtin { op, args, .. } if args.is_empty() => match op {
            Builtin::ToList => Ty::list(Ty::Unknown),
            Builtin::ToDict => Ty::Dict(unknown(), unknown()),
            Builtin::ToSet => Ty::Set(unknown()),
            _ => Ty::Unknown,
        },
        _ => Ty::Unknown,
    }
}

/// `callable(x)` as the test of a function value: what the IR gives a
/// function, a class, a lambda or a bound method is one in every target,
/// and nothing else is (a class with `__call__` is declined, as every
/// dunder method).
fn callable_test(args: Vec<Expr>) -> ExprKind {
    let mut args = args;
    let value = args.remove(0);
    ExprKind::TypeIs {
        value: Box::new(value),
        kind: TypeKind::Function,
        not_null: false,
    }
}

/// A call of a user method, by how it is dispatched.
enum UserCall {
    /// `super().m(...)`, `super().__init__(...)` (`None`).
    Super(Option<String>),
    Static {
        class: String,
        of_receiver: bool,
    },
    Method,
}

/// A docstring's text as lines: the first trimmed, the rest without the
/// indentation they share, blank lines at either end left out (PEP 257's
/// `trim`).
pub(crate) fn docstring_lines(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.trim().lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.trim().to_string()
            } else {
                l.get(indent..).unwrap_or("").trim_end().to_string()
            }
        })
        .collect()
}

fn is_docstring(stmt: Node) -> bool {
    stmt.kind() == "expression_statement"
        && named_children(stmt)
            .first()
            .is_some_and(|c| c.kind() == "string")
}

/// A tree-sitter kind as words for a decline (`while_statement` → `while`).
fn construct(kind: &str) -> String {
    kind.trim_end_matches("_statement")
        .trim_end_matches("_definition")
        .replace('_', " ")
}

struct Front<'s> {
    src: &'s str,
    lines: Lines,
    /// The target language: a default that names a module-level binding
    /// is printed in place only where the target reads it as Python does.
    to: Lang,
    ids: Ids,
    /// The unit's classes, read before any is lowered (a method may
    /// construct a class defined after it).
    classes: Vec<Outline>,
    /// The unit's top-level functions, by name.
    unit_functions: Vec<String>,
    /// Classes the file defines in other units (the symbol table's).
    file_classes: &'s [String],
    /// Classes the file imports from other modules of the project.
    linked_classes: &'s [String],
    /// Names the unit mentions whose definitions are not translated.
    unavailable: &'s [String],
    /// The names of the functions being lowered that hold deques used as
    /// lists (see [`deques`]).
    deques: Vec<String>,
    /// The names of the functions being lowered that hold defaultdicts
    /// used as dicts, each with what its factory makes (see
    /// [`defaultdicts`]).
    defaultdicts: Vec<(String, ExprKind)>,
    /// Modules and names the file imports from outside the project: the
    /// IR cannot follow a call into them.
    imports: FileImports,
    /// The method being lowered: its class and its receiver's name.
    method: Option<(String, Option<String>)>,
    /// Whether that receiver is the class (`@classmethod`'s `cls`), not
    /// an object of it.
    class_receiver: bool,
    /// The parameters of the functions a call may name with keywords: the
    /// unit's, then the other units' of the file; `None` for a name whose
    /// parameters are not known (defined twice, or a list not read).
    signatures: HashMap<String, Option<calls::Signature>>,
    /// The top-level functions of the file's other units and of other
    /// modules (imported by name) whose parameters are known, which the
    /// unit does not define again.
    other_functions: Vec<String>,
    /// The functions of other units whose calls pass every default they
    /// leave out (for a target without default arguments).
    fills_defaults: Vec<String>,
    /// The unit's functions that take `*args`, whose calls in the unit
    /// are declined.
    rest_functions: Vec<String>,
    /// Generator functions of the file's other units and of other modules:
    /// a call of one gives an iterator ([`Builtin::Iter`] of the call).
    generators: Vec<String>,
    /// The module-level names the file's symbol table gives the unit.
    module_names: &'s [(String, String)],
    /// Those the file binds more than once.
    rebound: &'s [String],
    /// Names the unit uses other than by calling them (see
    /// [`calls::names_used_otherwise`]).
    names_used_otherwise: HashSet<String>,
    /// Names the unit binds anywhere (see [`calls::names_bound`]).
    names_bound: HashSet<String>,
    /// The names `except ... as e` binds around the handler being lowered,
    /// innermost last: `str(e)` is the error's message.
    caught: Vec<String>,
    /// The annotated locals of the function being lowered (see
    /// [`Function::declared`]).
    declared: Vec<(ExprId, Ty)>,
}

/// What lowering needs to know of a class of the unit before lowering it:
/// its name and its methods' names, static ones apart.
struct Outline {
    name: String,
    methods: Vec<String>,
    statics: Vec<String>,
    /// Methods read as attributes (`@property`, its setter).
    properties: Vec<String>,
    /// The base class, by name, where there is one.
    base: Option<String>,
    /// The attributes its body binds (`n = 0`).
    attributes: Vec<String>,
}

fn class_outlines(root: Node, src: &str) -> Vec<Outline> {
    let mut out = Vec::new();
    for item in named_children(root) {
        // A `@dataclass`'s name is a class of the unit too.
        let item = match item.kind() {
            "decorated_definition" if dataclass::is_dataclass(item, src) => {
                match item.child_by_field_name("definition") {
                    Some(d) => d,
                    None => continue,
                }
            }
            _ => item,
        };
        if item.kind() != "class_definition" {
            continue;
        }
        let Some(name) = item.child_by_field_name("name") else {
            continue;
        };
        let mut outline = Outline {
            name: text(name, src).to_string(),
            methods: Vec::new(),
            statics: Vec::new(),
            properties: Vec::new(),
            base: item
                .child_by_field_name("superclasses")
                .map(named_children)
                .and_then(|b| match b.as_slice() {
                    [b] if b.kind() == "identifier" => Some(text(*b, src).to_string()),
                    _ => None,
                }),
            attributes: Vec::new(),
        };
        let body = item.child_by_field_name("body");
        for member in body.map(named_children).unwrap_or_default() {
            let assigned = (member.kind() == "expression_statement")
                .then(|| named_children(member).into_iter().next())
                .flatten()
                .filter(|a| a.kind() == "assignment" && a.child_by_field_name("right").is_some())
                .and_then(|a| a.child_by_field_name("left"))
                .filter(|l| l.kind() == "identifier");
            if let Some(l) = assigned {
                outline.attributes.push(text(l, src).to_string());
            }
            let (def, decorator) = match member.kind() {
                "function_definition" => (member, None),
                "decorated_definition" => match member.child_by_field_name("definition") {
                    Some(d) => (d, Some(member_decorator(member, src))),
                    None => continue,
                },
                _ => continue,
            };
            if let Some(n) = def.child_by_field_name("name") {
                let n = text(n, src).to_string();
                match decorator {
                    Some(MemberDecorator::Static | MemberDecorator::Class) => {
                        outline.statics.push(n)
                    }
                    Some(MemberDecorator::Property | MemberDecorator::Setter(_)) => {
                        outline.properties.push(n)
                    }
                    _ => outline.methods.push(n),
                }
            }
        }
        out.push(outline);
    }
    out
}

/// The attributes a target stores into (`o.x`, and those inside `a, o.x`):
/// each object and attribute name.
fn attribute_stores<'t>(t: &'t Target, out: &mut Vec<(&'t Expr, &'t String)>) {
    match t {
        Target::Attr { value, name } => out.push((value, name)),
        Target::Tuple(ts) => ts.iter().for_each(|t| attribute_stores(t, out)),
        Target::Name { .. } | Target::Index { .. } => {}
    }
}

/// What the decorators of a method make of it.
enum MemberDecorator {
    /// `@staticmethod`
    Static,
    /// `@classmethod`: called on the class, which it receives.
    Class,
    /// `@property`: a getter, read as an attribute.
    Property,
    /// `@name.setter`: the setter of the property `name`.
    Setter(String),
    /// Any other, or more than one: its text.
    Other(String),
}

/// What a decorated method's decorators make of it.
fn member_decorator(decorated: Node, src: &str) -> MemberDecorator {
    let decorators: Vec<&str> = named_children(decorated)
        .into_iter()
        .filter(|d| d.kind() == "decorator")
        .map(|d| text(d, src).trim())
        .collect();
    match decorators.as_slice() {
        ["@staticmethod"] => MemberDecorator::Static,
        ["@classmethod"] => MemberDecorator::Class,
        ["@property"] => MemberDecorator::Property,
        [d] => match d.strip_prefix('@').and_then(|d| d.strip_suffix(".setter")) {
            Some(p) if is_identifier(p) => MemberDecorator::Setter(p.to_string()),
            _ => MemberDecorator::Other(d.to_string()),
        },
        ds => MemberDecorator::Other(ds.join(" ")),
    }
}

/// A decline's words for a decorated function or class, naming its first
/// decorator as written up to its arguments (`decorator `@lru_cache``),
/// so that the declines that count say which decorators to do next.
fn decorator_named(decorated: Node, src: &str) -> String {
    let first = named_children(decorated)
        .into_iter()
        .find(|d| d.kind() == "decorator")
        .map(|d| text(d, src).trim());
    match first.and_then(|d| d.split('(').next()) {
        Some(name) => format!("decorator `{}`", name.trim()),
        None => "decorator".to_string(),
    }
}

/// Whether the target `left` (of a `for`: a name, a tuple of names...)
/// binds `name`.
fn binds_name(left: Node, name: &str, src: &str) -> bool {
    if left.kind() == "identifier" {
        return text(left, src) == name;
    }
    named_children(left)
        .into_iter()
        .any(|c| binds_name(c, name, src))
}

fn is_identifier(s: &str) -> bool {
    s.chars().all(|c| c == '_' || c.is_alphanumeric())
        && s.chars().next().is_some_and(|c| !c.is_numeric())
}

/// The names of the methods of Python's built-in types (`str`, `list`,
/// `dict`, `set`, `tuple`, `int`, `float`): a call of one on a value whose
/// type is not known is not taken for a user method.
pub(crate) const BUILTIN_METHODS: &[&str] = &[
    "capitalize",
    "casefold",
    "center",
    "count",
    "encode",
    "endswith",
    "expandtabs",
    "find",
    "format",
    "format_map",
    "index",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "istitle",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "maketrans",
    "partition",
    "removeprefix",
    "removesuffix",
    "replace",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "swapcase",
    "title",
    "translate",
    "upper",
    "zfill",
    "append",
    "clear",
    "copy",
    "extend",
    "insert",
    "pop",
    "remove",
    "reverse",
    "sort",
    "fromkeys",
    "get",
    "items",
    "keys",
    "popitem",
    "setdefault",
    "update",
    "values",
    "add",
    "difference",
    "difference_update",
    "discard",
    "intersection",
    "intersection_update",
    "isdisjoint",
    "issubset",
    "issuperset",
    "symmetric_difference",
    "symmetric_difference_update",
    "union",
    "as_integer_ratio",
    "bit_count",
    "bit_length",
    "conjugate",
    "from_bytes",
    "to_bytes",
    "is_integer",
    "hex",
    "fromhex",
    "real",
    "imag",
    "numerator",
    "denominator",
];

/// Whether `node` is a comparison of names and literals (in parentheses or
/// not): a bool that evaluating cannot raise or change anything.
fn pure_comparison(node: Node) -> bool {
    let mut node = node;
    while node.kind() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) if node.named_child_count() == 1 => node = inner,
            _ => return false,
        }
    }
    node.kind() == "comparison_operator"
        && named_children(node).iter().all(|k| {
            matches!(
                k.kind(),
                "identifier" | "integer" | "float" | "true" | "false" | "none"
            )
        })
}

/// Whether a name is a dunder (`__eq__`, `__dict__`): Python's protocols,
/// which other languages do not share.
fn is_dunder(name: &str) -> bool {
    name.len() > 4 && name.starts_with("__") && name.ends_with("__")
}

impl<'s> Front<'s> {
    fn t(&self, node: Node) -> &'s str {
        text(node, self.src)
    }

    /// Whether the unit's class `class` or a base of it in the unit defines
    /// the static or class method `m` (a JavaScript class inherits its
    /// base's statics as Python's does).
    fn has_static(&self, class: &str, m: &str) -> bool {
        self.class_and_bases(class)
            .any(|c| c.statics.iter().any(|s| s == m))
    }

    /// The unit's class `class` and its bases in the unit, nearest first.
    /// Each is given once: a cycle of bases ends the walk.
    fn class_and_bases<'a>(&'a self, class: &'a str) -> impl Iterator<Item = &'a Outline> + 'a {
        let mut at = Some(class);
        std::iter::from_fn(move || {
            let c = self.classes.iter().find(|c| Some(c.name.as_str()) == at)?;
            at = c.base.as_deref();
            Some(c)
        })
        .take(self.classes.len() + 1)
    }

    /// `C.n` read through a class of the unit whose body, or a base's in
    /// the unit, binds `n`: the class and the attribute.
    fn class_attribute_read(&self, node: Node) -> Option<(String, String)> {
        let object = node.child_by_field_name("object")?;
        let name = self.t(node.child_by_field_name("attribute")?);
        if object.kind() != "identifier" || is_dunder(name) {
            return None;
        }
        let class = self.t(object);
        self.class_and_bases(class)
            .any(|c| c.attributes.iter().any(|a| a == name))
            .then(|| (class.to_string(), name.to_string()))
    }

    /// Whether `name` is a class of the unit, of the file or imported from
    /// another module of the project.
    fn is_class(&self, name: &str) -> bool {
        self.classes.iter().any(|c| c.name == name)
            || self.file_classes.iter().any(|c| c == name)
            || self.linked_classes.iter().any(|c| c == name)
    }

    fn line(&self, node: Node) -> usize {
        self.lines.of(node)
    }

    fn decline<T>(&self, node: Node, what: impl std::fmt::Display) -> Res<T> {
        self.lines.decline(node, what)
    }

    fn field<'t>(&self, node: Node<'t>, name: &str) -> Res<Node<'t>> {
        match node.child_by_field_name(name) {
            Some(n) => Ok(n),
            None => self.decline(node, format!("`{}` without its {name}", node.kind())),
        }
    }

    fn expr_of(&mut self, node: Node, kind: ExprKind) -> Expr {
        Expr {
            id: self.ids.fresh(),
            kind,
            line: self.line(node),
        }
    }

    fn import(&mut self, item: Node) -> Res<()> {
        let module = item
            .child_by_field_name("module_name")
            .or_else(|| {
                named_children(item)
                    .into_iter()
                    .find(|c| c.kind() == "dotted_name")
            })
            .map_or("", |m| self.t(m));
        let root = module.split('.').next().unwrap_or("");
        // `from math import sqrt` in the unit: its names as the file's.
        if root == "math" && item.kind() == "import_from_statement" {
            self.imports.add(item, self.src);
            return Ok(());
        }
        if item.kind() == "future_import_statement" || KNOWN_MODULES.contains(&root) {
            return Ok(());
        }
        // A unit that imports `collections`, `itertools`, `operator`,
        // `functools`, `string`, `contextlib`, `copy`, `heapq` or `bisect`
        // itself (a function given alone): its names are imports as the
        // file's would be, those the frontend knows apart.
        if matches!(
            root,
            "collections"
                | "itertools"
                | "operator"
                | "functools"
                | "string"
                | "contextlib"
                | "copy"
                | "heapq"
                | "bisect"
        ) {
            self.imports.add(item, self.src);
            return Ok(());
        }
        self.decline(item, format!("import of `{module}`"))
    }

    /// A class: its base, its methods (the constructor, instance and
    /// static methods) and the fields its constructor assigns; what the
    /// IR's [`Class`] does not hold is declined by name.
    fn class(&mut self, node: Node) -> Res<Class> {
        let name = self.t(self.field(node, "name")?).to_string();
        if node.child_by_field_name("type_parameters").is_some() {
            return self.decline(node, "generic class");
        }
        let mut base = None;
        if let Some(supers) = node.child_by_field_name("superclasses") {
            match named_children(supers).as_slice() {
                [] => {}
                [b] if b.kind() == "identifier" => {
                    let b = self.t(*b);
                    if b != "object" {
                        if is_python_builtin(b) || b.ends_with("Error") || b.ends_with("Exception")
                        {
                            return self.decline(node, format!("class deriving from `{b}`"));
                        }
                        // A base imported from a module (`Enum`) is not
                        // a class the translation has.
                        if !self.is_class(b) {
                            return self.decline(
                                node,
                                format!("class deriving from `{b}`, not a class of the project"),
                            );
                        }
                        base = Some(b.to_string());
                    }
                }
                [b] if b.kind() == "keyword_argument" => return self.decline(*b, "metaclass"),
                [b] => return self.decline(*b, format!("base class `{}`", self.t(*b))),
                _ => return self.decline(supers, "multiple inheritance"),
            }
        }
        let mut methods = Vec::new();
        let mut attributes: Vec<ClassAttribute> = Vec::new();
        let mut slots: Option<(Vec<String>, Node)> = None;
        let body = self.field(node, "body")?;
        let mut comments = self.docstring_of(body);
        // Comments between members go with the method after them.
        let mut pending = Vec::new();
        for member in children(body).into_iter().filter(|c| c.is_named()) {
            let (def, kind) = match member.kind() {
                "comment" => {
                    pending.extend(comment_lines(self.t(member)));
                    continue;
                }
                "function_definition" => (member, MethodKind::Instance),
                "decorated_definition" => {
                    let def = self.field(member, "definition")?;
                    if def.kind() != "function_definition" {
                        return self.decline(member, "decorated class");
                    }
                    let mname = self.t(self.field(def, "name")?);
                    match member_decorator(member, self.src) {
                        MemberDecorator::Static => (def, MethodKind::Static),
                        MemberDecorator::Class => (def, MethodKind::OfClass),
                        MemberDecorator::Property => (def, MethodKind::Getter),
                        // A setter of the getter just before it, as a
                        // property is built in Python.
                        MemberDecorator::Setter(p)
                            if p == mname
                                && methods.last().is_some_and(|m: &ClassMethod| {
                                    m.kind == MethodKind::Getter && m.function.name == p
                                }) =>
                        {
                            (def, MethodKind::Setter)
                        }
                        MemberDecorator::Setter(p) => {
                            return self.decline(member, format!("decorator `@{p}.setter`"))
                        }
                        MemberDecorator::Other(d) => {
                            return self.decline(member, format!("decorator `{d}`"))
                        }
                    }
                }
                "expression_statement" if is_docstring(member) => continue,
                "pass_statement" => continue,
                "expression_statement" => {
                    if let Some(s) = self.slots(member)? {
                        slots = Some((s, member));
                    } else if let Some(a) = self.class_attribute(member, &name, &attributes)? {
                        attributes.push(a);
                    }
                    continue;
                }
                "class_definition" => return self.decline(member, "nested class"),
                other => return self.decline(member, format!("`{}` in a class", construct(other))),
            };
            let mname = self.t(self.field(def, "name")?).to_string();
            let kind = match (kind, mname.as_str()) {
                (MethodKind::Instance, "__init__") => MethodKind::Constructor,
                (_, "constructor") => return self.decline(def, "method named `constructor`"),
                (_, m) if is_dunder(m) => return self.decline(def, format!("method `{m}`")),
                (k, _) => k,
            };
            let receiver = if kind == MethodKind::Static {
                None
            } else {
                let params = self.field(def, "parameters")?;
                match named_children(params).first() {
                    Some(p) if p.kind() == "identifier" => Some(self.t(*p).to_string()),
                    _ => return self.decline(def, "method without `self`"),
                }
            };
            self.method = Some((name.clone(), receiver));
            self.class_receiver = kind == MethodKind::OfClass;
            let lowered = self.function(def);
            self.method = None;
            self.class_receiver = false;
            let mut function = lowered?;
            if !matches!(kind, MethodKind::Static | MethodKind::OfClass) {
                if let Some(p) = function.params.first_mut() {
                    p.ty = Ty::Class(name.clone());
                }
            }
            let arity = match kind {
                MethodKind::Getter => Some(1),
                MethodKind::Setter => Some(2),
                _ => None,
            };
            if arity.is_some_and(|n| n != function.params.len()) {
                return self.decline(
                    def,
                    "property with parameters other than `self` (and the value)",
                );
            }
            if kind == MethodKind::Constructor {
                self.constructor_calls_super_first(&function, base.is_some(), def)?;
            }
            pending.append(&mut function.comments);
            function.comments = std::mem::take(&mut pending);
            methods.push(ClassMethod { kind, function });
        }
        // Comments after the last member end its body.
        if let Some(s) = methods.last_mut().and_then(|m| m.function.body.last_mut()) {
            s.comments.after.append(&mut pending);
        }
        comments.append(&mut pending);
        // The fields: what the constructor assigns to its receiver at its
        // top level, in order.
        let mut fields: Vec<(String, usize)> = Vec::new();
        let ctor = methods.iter().find(|m| m.kind == MethodKind::Constructor);
        if let Some(ctor) = ctor {
            let receiver = ctor.function.params.first().map(|p| p.name.as_str());
            for st in &ctor.function.body {
                if let StmtKind::Assign {
                    target: Target::Attr { value, name },
                    ..
                } = &st.kind
                {
                    let on_receiver =
                        matches!(&value.kind, ExprKind::Name(n) if Some(n.as_str()) == receiver);
                    let property = methods
                        .iter()
                        .any(|m| m.kind == MethodKind::Getter && m.function.name == *name);
                    if on_receiver && !property && !fields.iter().any(|(f, _)| f == name) {
                        fields.push((name.clone(), st.line));
                    }
                }
            }
        }
        if let Some(a) = attributes.iter().find(|a| {
            methods.iter().any(|m| m.function.name == a.name)
                || fields.iter().any(|(f, _)| *f == a.name)
        }) {
            return Err(Decline(format!(
                "class attribute `{}` beside a method or field of the same name at line {}",
                a.name, a.line
            )));
        }
        if let Some((slots, at)) = &slots {
            self.keeps_to_slots(slots, *at, &methods, &attributes)?;
        }
        Ok(Class {
            name,
            base,
            fields,
            methods,
            attributes,
            variants: Vec::new(),
            identity_eq: false,
            data: Vec::new(),
            line: self.line(node),
            comments,
        })
    }

    /// The names `__slots__ = ("a", "b")` (a tuple or list of strings, or
    /// one string) gives the class's objects; `None` for any other
    /// statement. Other values of `__slots__` are declined.
    fn slots(&self, member: Node) -> Res<Option<Vec<String>>> {
        let assignment = match named_children(member).as_slice() {
            [a] if a.kind() == "assignment" => *a,
            _ => return Ok(None),
        };
        let is_slots = assignment
            .child_by_field_name("left")
            .is_some_and(|l| self.t(l) == "__slots__");
        let Some(value) = assignment.child_by_field_name("right").filter(|_| is_slots) else {
            return Ok(None);
        };
        let items = match value.kind() {
            "string" => vec![value],
            "tuple" | "list" | "expression_list" | "parenthesized_expression" => {
                named_children(value)
            }
            _ => return self.decline(member, "class attribute `__slots__`"),
        };
        let mut names = Vec::new();
        for item in items {
            let content: Vec<Node> = named_children(item)
                .into_iter()
                .filter(|c| c.kind() == "string_content")
                .collect();
            let plain = item.kind() == "string"
                && named_children(item)
                    .iter()
                    .all(|c| matches!(c.kind(), "string_start" | "string_content" | "string_end"))
                && !self.t(item).starts_with(['f', 'F', 'b', 'B']);
            match content.as_slice() {
                [c] if plain && is_identifier(self.t(*c)) => names.push(self.t(*c).to_string()),
                _ => return self.decline(member, "class attribute `__slots__`"),
            }
        }
        Ok(Some(names))
    }

    /// `__slots__` takes from the class's objects every attribute but the
    /// slots (assigning another raises `AttributeError`), which JavaScript
    /// objects do not: the translation leaves it out, which keeps the
    /// behaviour where the class's own methods assign to the receiver only
    /// slots and setters, and a slot is no class attribute (Python refuses
    /// that class).
    fn keeps_to_slots(
        &self,
        slots: &[String],
        at: Node,
        methods: &[ClassMethod],
        attributes: &[ClassAttribute],
    ) -> Res<()> {
        if let Some(a) = attributes.iter().find(|a| slots.contains(&a.name)) {
            return self.decline(
                at,
                format!("slot `{}` that is also a class attribute", a.name),
            );
        }
        for m in methods.iter().filter(|m| m.kind != MethodKind::Static) {
            let receiver = m.function.params.first().map(|p| p.name.as_str());
            let mut outside = None;
            for_each_stmt(&m.function.body, true, &mut |st| {
                let target = match &st.kind {
                    StmtKind::Assign { target, .. }
                    | StmtKind::AugAssign { target, .. }
                    | StmtKind::For { target, .. } => target,
                    _ => return,
                };
                let mut stores = Vec::new();
                attribute_stores(target, &mut stores);
                for (value, name) in stores {
                    let on_receiver =
                        matches!(&value.kind, ExprKind::Name(n) if Some(n.as_str()) == receiver);
                    let setter = methods
                        .iter()
                        .any(|m| m.kind == MethodKind::Setter && m.function.name == *name);
                    if on_receiver && !slots.contains(name) && !setter && outside.is_none() {
                        outside = Some((name.clone(), st.line));
                    }
                }
            });
            if let Some((name, line)) = outside {
                return Err(Decline(format!(
                    "assignment to `{name}`, not in `__slots__`, at line {line}"
                )));
            }
        }
        Ok(())
    }

    /// A statement of a class's body other than a definition: `name = value`
    /// (or `name: T = value`) binds a class attribute; a bare annotation
    /// binds nothing. The value is evaluated in the class's scope, where
    /// the attributes bound before it are names: one that reads them, or
    /// the class (not bound yet), is declined, as is anything else.
    fn class_attribute(
        &mut self,
        member: Node,
        class: &str,
        before: &[ClassAttribute],
    ) -> Res<Option<ClassAttribute>> {
        let assignment = match named_children(member).as_slice() {
            [a] if a.kind() == "assignment" => *a,
            _ => return self.decline(member, "class attribute"),
        };
        let left = self.field(assignment, "left")?;
        if left.kind() != "identifier" {
            return self.decline(member, "class attribute");
        }
        let name = self.t(left).to_string();
        let Some(right) = assignment.child_by_field_name("right") else {
            return Ok(None);
        };
        if is_dunder(&name) {
            return self.decline(member, format!("class attribute `{name}`"));
        }
        // JavaScript gives every prototype its own `constructor`.
        if name == "constructor" {
            return self.decline(member, "class attribute named `constructor`");
        }
        if right.kind() == "assignment" {
            return self.decline(member, "class attribute");
        }
        let mut stack = vec![right];
        while let Some(n) = stack.pop() {
            if n.kind() == "identifier" {
                let id = self.t(n);
                if id == class || before.iter().any(|a| a.name == id) {
                    return self.decline(
                        n,
                        format!("class attribute read in the class body (`{id}`)"),
                    );
                }
            }
            stack.extend(named_children(n));
        }
        // A function stored in a class is a method: read through an
        // instance, Python binds the instance as its first argument, where
        // a JavaScript property stays the bare function.
        let function = right.kind() == "lambda"
            || (right.kind() == "identifier" && {
                let id = self.t(right);
                self.signatures.contains_key(id) || self.imports.binds(id)
            });
        if function {
            return self.decline(
                member,
                format!("class attribute `{name}` holding a function"),
            );
        }
        Ok(Some(ClassAttribute {
            name,
            value: self.expr(right)?,
            line: self.line(member),
        }))
    }

    /// JavaScript requires a subclass's constructor to call `super(...)`
    /// before it uses `this`; Python lets `__init__` call the base's
    /// anywhere, or not at all. Only the first statement is taken.
    fn constructor_calls_super_first(&self, f: &Function, has_base: bool, def: Node) -> Res<()> {
        let is_super_init = |s: &Stmt| matches!(&s.kind, StmtKind::Expr(e) if matches!(e.kind, ExprKind::Super { method: None, .. }));
        let first = f.body.first().is_some_and(is_super_init);
        let later = f.body.iter().skip(1).any(is_super_init);
        if has_base && !first {
            return self.decline(
                def,
                "`__init__` of a subclass that does not call `super().__init__` first",
            );
        }
        if later || (!has_base && first) {
            return self.decline(def, "`super().__init__` other than first in a subclass");
        }
        Ok(())
    }

    fn function(&mut self, node: Node) -> Res<Function> {
        let name = self.t(self.field(node, "name")?).to_string();
        let mut params = Vec::new();
        // Keyword-only parameters after `*args`, bound to their defaults
        // at the start of the body (see [`Front::fixed_keyword_only`]).
        let mut fixed = Vec::new();
        for p in named_children(self.field(node, "parameters")?) {
            let mut default = None;
            let mut default_once = false;
            let (pname, ty) = match p.kind() {
                "identifier" => (self.t(p).to_string(), Ty::Unknown),
                "typed_parameter" => {
                    let first = named_children(p).into_iter().next();
                    if let Some(splat) = first.filter(|c| c.kind() == "list_splat_pattern") {
                        let item = self.annotation(self.field(p, "type")?)?;
                        let rest = self.rest_parameter(node, p, splat, item)?;
                        params.push(rest);
                        continue;
                    }
                    let Some(id) = named_children(p)
                        .into_iter()
                        .find(|c| c.kind() == "identifier")
                    else {
                        fixed.push(self.keyword_dict(p)?);
                        continue;
                    };
                    let ty = self.annotation(self.field(p, "type")?)?;
                    (self.t(id).to_string(), ty)
                }
                "default_parameter" | "typed_default_parameter" => {
                    let name = self.field(p, "name")?;
                    if name.kind() != "identifier" {
                        return self.decline(p, "default argument");
                    }
                    let value = self.field(p, "value")?;
                    let (value, once) = self.default_value(node, self.t(name), value)?;
                    let ty = match p.child_by_field_name("type") {
                        Some(t) => self.annotation(t)?,
                        None if once => created_ty(&value),
                        None => values::factory_ty(&value).unwrap_or(Ty::Unknown),
                    };
                    default = Some(value);
                    default_once = once;
                    (self.t(name).to_string(), ty)
                }
                // `/` ends the positional-only parameters: callers may not
                // name them, which resolving a keyword call already
                // declines (see `calls`); the function is the same.
                "positional_separator" => continue,
                // `*`: the parameters after it are keyword-only, which
                // resolving a call against the signature keeps (see
                // `calls`): a target function takes them as any other.
                "keyword_separator" => {
                    if params.iter().any(|q: &Param| q.passing == Passing::Rest) {
                        return self.decline(p, "keyword-only parameter");
                    }
                    continue;
                }
                "comment" => continue,
                "list_splat_pattern" => {
                    let rest = self.rest_parameter(node, p, p, Ty::Unknown)?;
                    params.push(rest);
                    continue;
                }
                _ => {
                    fixed.push(self.keyword_dict(p)?);
                    continue;
                }
            };
            if params
                .last()
                .is_some_and(|q: &Param| q.passing == Passing::Rest)
            {
                fixed.push(self.fixed_keyword_only(p, pname, default, default_once)?);
                continue;
            }
            params.push(Param {
                name: pname,
                id: self.ids.fresh(),
                ty,
                passing: Passing::Owned,
                line: self.line(p),
                default,
                default_once,
            });
        }
        let ret = match node.child_by_field_name("return_type") {
            Some(r) => self.annotation(r)?,
            None => Ty::Unknown,
        };
        let body_node = self.field(node, "body")?;
        // Comments in the header, then the docstring.
        let mut comments = stray_comments(node, self.src, |k| k == "block");
        comments.extend(self.docstring_of(body_node));
        let outer = self.deques.len();
        for (name, misuse) in deques::deques_in(body_node, self.src, &self.deque_names()) {
            if let Some(at) = misuse {
                return self.decline(at, format!("deque `{name}` used other than as a queue"));
            }
            self.deques.push(name);
        }
        let outer_dicts = self.defaultdicts.len();
        if let Err(e) = self.enter_defaultdicts(body_node) {
            self.deques.truncate(outer);
            return Err(e);
        }
        let outer_declared = std::mem::take(&mut self.declared);
        let body = self.block(body_node);
        let declared = std::mem::replace(&mut self.declared, outer_declared);
        self.deques.truncate(outer);
        self.defaultdicts.truncate(outer_dicts);
        let mut body = body?;
        body.splice(0..0, fixed);
        let f = Function {
            name,
            params,
            ret,
            body,
            line: self.line(node),
            comments,
            nonlocal: Vec::new(),
            declared,
        };
        if is_generator(&f) {
            generator_returns(&f)?;
        }
        // A name read before every assignment raises `UnboundLocalError`.
        if let Some((name, line)) =
            crate::engine::rules::analysis::definite::unassigned_read(&f, false)
        {
            return Err(Decline(format!(
                "`{name}` read where it may not be assigned yet (Python raises \
                 UnboundLocalError) at line {line}"
            )));
        }
        Ok(f)
    }

    /// A keyword-only parameter after `*args` (`def f(*xs, repeat=1)`),
    /// into JavaScript: a local bound to its default as the body starts.
    /// JavaScript's rest parameter is the last, so nothing can pass the
    /// value: a caller that names it is declined (a keyword call of a
    /// function with `*args` is, see `calls`), and every other call gets
    /// the default, as in Python. The default is one that reads the same
    /// at each call as at `def` (see [`Front::default_value`]); one
    /// created once and shared (`seen=[]`) or a parameter without a
    /// default is declined, as is any into Rust.
    fn fixed_keyword_only(
        &mut self,
        p: Node,
        name: String,
        default: Option<Expr>,
        default_once: bool,
    ) -> Res<Stmt> {
        let why = match &default {
            _ if self.to != Lang::JavaScript => "",
            None => ", without a default",
            Some(_) if default_once => ", whose default is created once and shared",
            Some(_) => "",
        };
        let Some(value) = default.filter(|_| why.is_empty() && self.to == Lang::JavaScript) else {
            return self.decline(
                p,
                format!("keyword-only parameter `{name}` after `*args`{why}"),
            );
        };
        let target = Target::Name {
            name,
            id: self.ids.fresh(),
        };
        Ok(Stmt::new(StmtKind::Assign { target, value }, self.line(p)))
    }

    /// `**kwargs` (`**kwargs: T`), into JavaScript: a local bound to a
    /// fresh empty dict as the body starts, which is what Python gives it
    /// at every call that names no parameter it lacks; and every call the
    /// translation makes is one: a keyword call of a function with
    /// `**kwargs` is declined (see `calls`), so is `f(**d)`, and
    /// JavaScript has no keywords to pass.
    fn keyword_dict(&mut self, p: Node) -> Res<Stmt> {
        let splat = if p.kind() == "dictionary_splat_pattern" {
            Some(p)
        } else {
            named_children(p)
                .into_iter()
                .find(|c| c.kind() == "dictionary_splat_pattern")
        };
        let id = splat.and_then(|s| {
            named_children(s)
                .into_iter()
                .find(|c| c.kind() == "identifier")
        });
        let Some(id) = id.filter(|_| self.to == Lang::JavaScript) else {
            return self.decline(p, "`**kwargs`");
        };
        let target = Target::Name {
            name: self.t(id).to_string(),
            id: self.ids.fresh(),
        };
        let value = Expr {
            id: self.ids.fresh(),
            kind: ExprKind::Dict(Vec::new()),
            line: self.line(p),
        };
        Ok(Stmt::new(StmtKind::Assign { target, value }, self.line(p)))
    }

    /// A parameter's default. Python evaluates it once, at `def`; the
    /// targets evaluate theirs at each call that leaves it out
    /// (JavaScript) or have the caller pass it (Rust), which is the same
    /// value where it is a constant: a literal of an immutable value, an
    /// integer expression of literals as its value (`1 << 63`, see
    /// [`calls::folded_int`]), the empty tuple, a call of `str()`, `int()`, `float()`, `bool()` or
    /// `tuple()` without arguments (lowered to its value), or a module
    /// constant (a module-level name spelled as one, `MAX_LEN`: both sides
    /// read the one object it names). A list, dict or set literal of
    /// constants is shared between calls in Python and fresh at each in
    /// the targets: the same only where `def`'s body never changes,
    /// returns, stores or rebinds it, which it may then only iterate,
    /// index, count or test (see [`calls::rest_misuse`]).
    ///
    /// Into JavaScript, any other list, dict or set display and a call of
    /// `list()`, `dict()` or `set()` without arguments is a created
    /// default, marked `true`: the backend creates it once, beside the
    /// definition, where Python evaluates it (see [`Param::default_once`]).
    fn default_value(&mut self, def: Node, param: &str, value: Node) -> Res<(Expr, bool)> {
        let kind = value.kind();
        let literal = |n: Node| {
            matches!(
                n.kind(),
                "integer" | "float" | "string" | "true" | "false" | "none"
            ) || (n.kind() == "unary_operator"
                && named_children(n)
                    .iter()
                    .all(|c| matches!(c.kind(), "integer" | "float")))
        };
        if literal(value) {
            return Ok((self.expr(value)?, false));
        }
        let line = self.line(value);
        let lit = |kind: ExprKind, ids: &mut Ids| Expr {
            id: ids.fresh(),
            kind,
            line,
        };
        if let Some(v) = calls::folded_int(value, self.src) {
            return Ok((lit(ExprKind::Lit(Lit::Int(v)), &mut self.ids), false));
        }
        match kind {
            "tuple" if named_children(value).iter().all(|c| literal(*c)) => {
                return Ok((self.expr(value)?, false))
            }
            "call" => {
                let func = self.field(value, "function")?;
                let args = self.field(value, "arguments")?;
                if named_children(args).is_empty() {
                    let empty = match self.t(func) {
                        "str" => Some(ExprKind::Lit(Lit::Str(String::new()))),
                        "int" => Some(ExprKind::Lit(Lit::Int(0))),
                        "float" => Some(ExprKind::Lit(Lit::Float(0.0))),
                        "bool" => Some(ExprKind::Lit(Lit::Bool(false))),
                        "tuple" => Some(ExprKind::Tuple(Vec::new())),
                        _ => None,
                    };
                    if let Some(k) = empty {
                        return Ok((lit(k, &mut self.ids), false));
                    }
                    let created = matches!(self.t(func), "list" | "dict" | "set");
                    if created && self.to == Lang::JavaScript {
                        return Ok((self.expr(value)?, true));
                    }
                }
            }
            "identifier" => {
                let n = self.t(value);
                let module_level = self.module_names.iter().any(|(s, _)| s == n);
                if module_level && self.rebound.iter().any(|r| r == n) {
                    return self.decline(value, format!("default `{n}`, a name bound again"));
                }
                let constant_name = n.chars().any(|c| c.is_ascii_uppercase())
                    && !n.chars().any(|c| c.is_ascii_lowercase());
                if module_level && constant_name {
                    return Ok((self.expr(value)?, false));
                }
                if module_level && self.to == Lang::JavaScript {
                    return Ok((self.module_binding_default(def, value, n)?, false));
                }
                if self.to == Lang::JavaScript {
                    let body = self.field(def, "body")?;
                    if let Some(f) = self.builtin_default(body, param, value) {
                        return Ok((f, false));
                    }
                    if let Some(f) = self.factory_default(body, param, value) {
                        return Ok((f, false));
                    }
                }
            }
            "list" | "dictionary" | "set" => {
                let items = named_children(value);
                let constants = items.iter().all(|c| match c.kind() {
                    "pair" => named_children(*c).iter().all(|x| literal(*x)),
                    _ => literal(*c),
                });
                let body = self.field(def, "body")?;
                let misuse = calls::rest_misuse(body, param, self.src);
                if constants && misuse.is_none() {
                    return Ok((self.expr(value)?, false));
                }
                if self.to == Lang::JavaScript {
                    return Ok((self.expr(value)?, true));
                }
                if let Some(at) = misuse.filter(|_| constants) {
                    return self.decline(
                        at,
                        format!(
                            "mutable default of `{param}` (shared between calls) used other than read"
                        ),
                    );
                }
            }
            // `math.inf`, `-math.pi`: a standard constant, whose value the
            // frontend knows (see `std_value`), is a literal of it.
            "attribute" | "unary_operator" => {
                let e = self.expr(value)?;
                let literal_of =
                    |e: &Expr| matches!(e.kind, ExprKind::Lit(Lit::Float(_) | Lit::Int(_)));
                let constant = match &e.kind {
                    ExprKind::Unary(UnOp::Neg, x) => literal_of(x),
                    _ => literal_of(&e),
                };
                if constant {
                    return Ok((e, false));
                }
            }
            _ => {}
        }
        self.decline(value, "default argument that is not a constant")
    }

    /// A default that names a module-level binding of any spelling (the
    /// sentinel idiom `_marker = object()`, a string `no_default`, a
    /// function of the file): JavaScript reads it at each call that leaves
    /// the argument out, Python once at `def`, which is the same object
    /// because the binding never changes: a name the module binds again
    /// (see [`crate::symbols::ModuleSymbols::rebound_for`]) is declined
    /// before this, glue declares a name once (`let`, `const`), functions
    /// are declarations no translation assigns to, and `global` is
    /// declined. Only for a `def` outside functions: in a nested one the
    /// name may be a local of the enclosing function, which may change
    /// between `def` and a call. A class is declined: calling the
    /// parameter constructs in Python, and a JavaScript class called
    /// without `new` throws. So is a name whose definition is not
    /// translated.
    fn module_binding_default(&mut self, def: Node, value: Node, name: &str) -> Res<Expr> {
        let mut up = def.parent();
        while let Some(n) = up {
            if n.kind() == "function_definition" {
                return self.decline(value, format!("default `{name}` of a nested function"));
            }
            up = n.parent();
        }
        // JavaScript evaluates a default in the scope of the parameters,
        // where a parameter of that name hides the module's.
        if self.parameter_names(def).iter().any(|p| p == name) {
            return self.decline(value, format!("default `{name}`, also a parameter"));
        }
        if self.is_class(name) {
            return self.decline(value, format!("default `{name}`, a class"));
        }
        if self.unavailable.iter().any(|u| u == name) {
            return self.decline(
                value,
                format!("default `{name}`, whose definition is not translated"),
            );
        }
        self.expr(value)
    }

    /// Whether the read `node` of `name` reaches a parameter: one of the
    /// innermost `def` or `lambda` whose body holds the read, where no
    /// scope between binds the name. A comprehension that binds it (its
    /// first iterable is read outside it) or a nested `def` that does not
    /// leave it unknown: `false`, as at module level.
    fn reads_parameter(&self, node: Node, name: &str) -> bool {
        let in_body = |scope: Node| {
            scope.child_by_field_name("body").is_some_and(|b| {
                b.start_byte() <= node.start_byte() && node.end_byte() <= b.end_byte()
            })
        };
        let mut up = node.parent();
        while let Some(scope) = up {
            match scope.kind() {
                "lambda" | "function_definition" if in_body(scope) => {
                    if self.parameter_names(scope).iter().any(|p| p == name) {
                        return true;
                    }
                    if scope.kind() == "function_definition" {
                        return false;
                    }
                }
                "list_comprehension"
                | "set_comprehension"
                | "dictionary_comprehension"
                | "generator_expression" => {
                    let binds = named_children(scope)
                        .into_iter()
                        .filter(|c| c.kind() == "for_in_clause")
                        .filter_map(|c| c.child_by_field_name("left"))
                        .any(|left| binds_name(left, name, self.src));
                    if binds {
                        return false;
                    }
                }
                "class_definition" => return false,
                _ => {}
            }
            up = scope.parent();
        }
        false
    }

    /// The names a `def`'s parameters bind (`*args` and `**kwargs` too).
    fn parameter_names(&self, def: Node) -> Vec<String> {
        let Some(params) = def.child_by_field_name("parameters") else {
            return Vec::new();
        };
        fn name_in(p: Node<'_>) -> Option<Node<'_>> {
            if p.kind() == "identifier" {
                return Some(p);
            }
            if let Some(n) = p.child_by_field_name("name") {
                return Some(n);
            }
            let first = named_children(p).into_iter().next()?;
            if first.kind() == "identifier" {
                return Some(first);
            }
            named_children(first)
                .into_iter()
                .find(|c| c.kind() == "identifier")
        }
        named_children(params)
            .into_iter()
            .filter_map(name_in)
            .map(|n| self.t(n).to_string())
            .collect()
    }

    /// `*args` (`*args: T`), as a rest parameter: a sequence of `item`s,
    /// the last parameter, read in `def`'s body only where a tuple and an
    /// array read the same (see [`calls::rest_misuse`]).
    fn rest_parameter(&mut self, def: Node, p: Node, splat: Node, item: Ty) -> Res<Param> {
        let Some(id) = named_children(splat)
            .into_iter()
            .find(|c| c.kind() == "identifier")
        else {
            return self.decline(p, "`*` parameter");
        };
        let name = self.t(id).to_string();
        let body = self.field(def, "body")?;
        // Passed on to a function of another unit whose name nothing in
        // the unit binds otherwise (a function of this unit may be typed
        // by this call, as taking a list where Python passes a tuple).
        let passes_to = |f: &str| {
            self.other_functions.iter().any(|o| o == f) && !self.names_used_otherwise.contains(f)
        };
        if let Some(at) = calls::rest_misuse_passing(body, &name, self.src, &passes_to) {
            return self.decline(
                at,
                format!("`*{name}` used other than iterated, indexed, counted or passed on"),
            );
        }
        let id = self.ids.fresh();
        Ok(Param::new(
            name,
            id,
            Ty::list(item),
            Passing::Rest,
            self.line(p),
        ))
    }

    /// A Python annotation as a type; `Unknown` parts where it says `Any`.
    fn annotation(&self, node: Node) -> Res<Ty> {
        let node = if node.kind() == "type" {
            match named_children(node).first() {
                Some(n) => *n,
                None => return self.decline(node, "empty annotation"),
            }
        } else {
            node
        };
        match node.kind() {
            "identifier" => Ok(match self.t(node) {
                "int" => Ty::Int(IntTy::Unbounded),
                "float" => Ty::Float(FloatTy::F64),
                "str" => Ty::Str,
                "bool" => Ty::Bool,
                "list" | "List" => Ty::list(Ty::Unknown),
                "dict" | "Dict" => Ty::Dict(Box::new(Ty::Unknown), Box::new(Ty::Unknown)),
                "set" | "Set" => Ty::Set(Box::new(Ty::Unknown)),
                // `object` admits any value, as `Any` does.
                "tuple" | "Tuple" | "Any" | "object" => Ty::Unknown,
                // A class of the project: its objects (as every
                // annotation, trusted, not checked).
                other if self.is_class(other) => Ty::Class(other.to_string()),
                other => return self.decline(node, format!("annotation `{other}`")),
            }),
            "none" => Ok(Ty::Unit),
            // `int | float` (in either order, with or without `| None`):
            // a number that may be either.
            "union_type" | "binary_operator" if self.number_union(node).is_some() => {
                let optional = self.number_union(node) == Some(true);
                let number = Ty::Number { integral: false };
                Ok(if optional {
                    Ty::Option(Box::new(number))
                } else {
                    number
                })
            }
            // `X | None` of a type that is not a name (`list[int] | None`).
            "union_type" => match named_children(node).as_slice() {
                [x, none] | [none, x] if self.t(*none) == "None" && self.t(*x) != "None" => {
                    Ok(Ty::Option(Box::new(self.annotation(*x)?)))
                }
                _ => self.decline(node, format!("annotation `{}`", self.t(node))),
            },
            // `X | None`, as `Optional[X]`.
            "binary_operator" if self.t(self.field(node, "operator")?) == "|" => {
                let (left, right) = (self.field(node, "left")?, self.field(node, "right")?);
                match (left.kind(), right.kind()) {
                    (_, "none") if left.kind() != "none" => {
                        Ok(Ty::Option(Box::new(self.annotation(left)?)))
                    }
                    ("none", _) => Ok(Ty::Option(Box::new(self.annotation(right)?))),
                    _ => self.decline(node, format!("annotation `{}`", self.t(node))),
                }
            }
            "generic_type" | "subscript" => {
                let head = named_children(node)
                    .first()
                    .map_or("", |h| self.t(*h))
                    .to_string();
                let args: Vec<Node> = named_children(node)
                    .into_iter()
                    .skip(1)
                    .flat_map(|c| {
                        if c.kind() == "type_parameter" {
                            named_children(c)
                        } else {
                            vec![c]
                        }
                    })
                    .collect();
                // `tuple[T, ...]`'s `...` is no type but says "any length".
                let any_length = args.iter().any(|a| self.t(*a) == "...");
                let mut tys = Vec::new();
                for a in args.iter().filter(|a| self.t(**a) != "...") {
                    tys.push(self.annotation(*a)?);
                }
                let one = |tys: &[Ty]| tys.first().cloned().unwrap_or(Ty::Unknown);
                Ok(match head.as_str() {
                    "List" | "list" => Ty::list(one(&tys)),
                    "Set" | "set" => Ty::Set(Box::new(one(&tys))),
                    "Optional" => Ty::Option(Box::new(one(&tys))),
                    "Union" if self.number_union(node).is_some() => {
                        let number = Ty::Number { integral: false };
                        match self.number_union(node) {
                            Some(true) => Ty::Option(Box::new(number)),
                            _ => number,
                        }
                    }
                    // What a generator gives, or a parameter that is only
                    // iterated: either way read once, item by item.
                    "Iterator" | "Iterable" | "Generator" => Ty::Iter(Box::new(one(&tys))),
                    "Dict" | "dict" if tys.len() == 2 => {
                        Ty::Dict(Box::new(tys[0].clone()), Box::new(tys[1].clone()))
                    }
                    "Tuple" | "tuple" if any_length => match tys.as_slice() {
                        [item] => Ty::TupleOf(Box::new(item.clone())),
                        _ => return self.decline(node, format!("annotation `{}`", self.t(node))),
                    },
                    "Tuple" | "tuple" => Ty::Tuple(tys),
                    _ => return self.decline(node, format!("annotation `{}`", self.t(node))),
                })
            }
            _ => self.decline(node, format!("annotation `{}`", self.t(node))),
        }
    }

    /// Whether `node` is a union of exactly `int` and `float` (`int |
    /// float`, `float | int`, `Union[int, float]`), and if so whether it
    /// also admits `None`. Such a value is a number whose kind is known
    /// only at run time: `Ty::Number { integral: false }`.
    fn number_union(&self, node: Node) -> Option<bool> {
        let mut members = Vec::new();
        self.union_members(node, &mut members);
        let has = |name: &str| members.iter().any(|m| m == name);
        let only = members
            .iter()
            .all(|m| matches!(m.as_str(), "int" | "float" | "None"));
        (only && has("int") && has("float")).then(|| has("None"))
    }

    /// The names a union annotation joins, flattened (`a | b | c`,
    /// `Union[a, b]`); a member that is not a plain name is kept as its
    /// text, which no caller accepts.
    fn union_members(&self, node: Node, out: &mut Vec<String>) {
        let node = match node.kind() {
            "type" => match named_children(node).first() {
                Some(n) => *n,
                None => return out.push(String::new()),
            },
            _ => node,
        };
        match node.kind() {
            "union_type" => {
                for c in named_children(node) {
                    self.union_members(c, out);
                }
            }
            "binary_operator"
                if self
                    .field(node, "operator")
                    .is_ok_and(|op| self.t(op) == "|") =>
            {
                for f in ["left", "right"] {
                    match self.field(node, f) {
                        Ok(c) => self.union_members(c, out),
                        Err(_) => out.push(String::new()),
                    }
                }
            }
            "generic_type" | "subscript"
                if named_children(node)
                    .first()
                    .is_some_and(|h| self.t(*h) == "Union") =>
            {
                for c in named_children(node).into_iter().skip(1) {
                    if c.kind() == "type_parameter" {
                        named_children(c)
                            .into_iter()
                            .for_each(|a| self.union_members(a, out));
                    } else {
                        self.union_members(c, out);
                    }
                }
            }
            _ => out.push(self.t(node).to_string()),
        }
    }

    /// A block's statements, each with the comments around it: those on
    /// the lines before it, those inside it outside its own blocks, and
    /// one at the end of its line or of the block after it.
    fn block(&mut self, node: Node) -> Res<Block> {
        let mut out: Block = Vec::new();
        let mut comments = BlockComments::new(node, self.src, |k| k == "block");
        let mut first = true;
        for s in children(node).into_iter().filter(|c| c.is_named()) {
            if comments.take_comment(s, self.src, &mut out) {
                continue;
            }
            // A function's or class's docstring is its comment (see
            // `docstring_of`); it runs nothing.
            if std::mem::take(&mut first) && is_docstring(s) {
                continue;
            }
            comments.before(s, self.src, s.kind() == "function_definition");
            let start = out.len();
            self.insert_missing_keys(s, &mut out)?;
            self.statement(s, &mut out)?;
            comments.after(&mut out, start);
        }
        comments.finish(&mut out, self.line(node));
        Ok(out)
    }

    /// The lines of `body`'s docstring, if it starts with one, as comment
    /// lines: the first line and the rest dedented.
    fn docstring_of(&self, body: Node) -> Vec<String> {
        match named_children(body).first() {
            Some(s) if is_docstring(*s) => self.docstring(*s),
            _ => Vec::new(),
        }
    }

    fn docstring(&self, stmt: Node) -> Vec<String> {
        let raw = self.t(stmt).trim();
        let raw = raw.trim_start_matches(|c: char| "rRuUbBfF".contains(c));
        let inner = ["\"\"\"", "'''", "\"", "'"]
            .iter()
            .find_map(|q| raw.strip_prefix(q).and_then(|r| r.strip_suffix(q)))
            .unwrap_or(raw);
        docstring_lines(inner)
            .into_iter()
            .map(|l| if l.is_empty() { l } else { format!(" {l}") })
            .collect()
    }

    fn statement(&mut self, node: Node, out: &mut Block) -> Res<()> {
        let line = self.line(node);
        let kind = match node.kind() {
            "expression_statement" => {
                let inner = named_children(node);
                let [e] = inner.as_slice() else {
                    return self.decline(node, "tuple expression statement");
                };
                match e.kind() {
                    "assignment" => return self.assignment(*e, out),
                    "augmented_assignment" => {
                        let op = self.binop(
                            self.t(self.field(*e, "operator")?).trim_end_matches('='),
                            *e,
                        )?;
                        StmtKind::AugAssign {
                            target: self.target(self.field(*e, "left")?)?,
                            op,
                            value: self.expr(self.field(*e, "right")?)?,
                        }
                    }
                    // A string alone does nothing (a comment-like docstring).
                    "string" => StmtKind::Pass,
                    "yield" => {
                        let from = children(*e).iter().any(|c| c.kind() == "from");
                        let value = match named_children(*e).first() {
                            Some(v) => self.expr(*v)?,
                            // `yield` alone gives `None`.
                            None => Expr {
                                id: self.ids.fresh(),
                                kind: ExprKind::Lit(Lit::None),
                                line,
                            },
                        };
                        StmtKind::Yield { value, from }
                    }
                    _ => StmtKind::Expr(self.expr(*e)?),
                }
            }
            "return_statement" => StmtKind::Return(match named_children(node).first() {
                Some(v) => Some(self.expr(*v)?),
                None => None,
            }),
            "pass_statement" => StmtKind::Pass,
            "break_statement" => StmtKind::Break,
            "continue_statement" => StmtKind::Continue,
            "if_statement" => {
                let mut branches = vec![(
                    self.condition(self.field(node, "condition")?)?,
                    self.block(self.field(node, "consequence")?)?,
                )];
                let mut orelse = Vec::new();
                let mut cursor = node.walk();
                let alts: Vec<Node> = node
                    .children_by_field_name("alternative", &mut cursor)
                    .collect();
                for alt in alts {
                    match alt.kind() {
                        "elif_clause" => branches.push((
                            self.condition(self.field(alt, "condition")?)?,
                            self.block(self.field(alt, "consequence")?)?,
                        )),
                        _ => orelse = self.block(self.field(alt, "body")?)?,
                    }
                }
                StmtKind::If { branches, orelse }
            }
            "while_statement" => {
                let test = self.condition(self.field(node, "condition")?)?;
                let body = self.block(self.field(node, "body")?)?;
                match node.child_by_field_name("alternative") {
                    None => StmtKind::While { test, body },
                    Some(alt) => {
                        // `while t: B else: E` runs `E` when `t` turns
                        // false, not after a `break`: it is
                        // `while True: if not t: E; break` then `B`, so
                        // long as `E` itself neither breaks nor continues.
                        let mut orelse = self.block(self.field(alt, "body")?)?;
                        if leaves_loop(&orelse) {
                            return self.decline(node, "`while ... else` whose `else` breaks");
                        }
                        let test_line = test.line;
                        orelse.push(Stmt::new(StmtKind::Break, test_line));
                        let not_test =
                            self.expr_of(node, ExprKind::Not(Box::new(test), Truthiness::Python));
                        let mut looped = vec![Stmt::new(
                            StmtKind::If {
                                branches: vec![(not_test, orelse)],
                                orelse: Vec::new(),
                            },
                            test_line,
                        )];
                        looped.extend(body);
                        StmtKind::While {
                            test: self.expr_of(node, ExprKind::Lit(Lit::Bool(true))),
                            body: looped,
                        }
                    }
                }
            }
            "for_statement" => {
                if children(node).iter().any(|c| self.t(*c) == "async") {
                    return self.decline(node, "`async for`");
                }
                let orelse = match node.child_by_field_name("alternative") {
                    Some(alt) => self.block(self.field(alt, "body")?)?,
                    None => Vec::new(),
                };
                StmtKind::For {
                    target: self.target(self.field(node, "left")?)?,
                    iter: self.expr(self.field(node, "right")?)?,
                    body: self.block(self.field(node, "body")?)?,
                    orelse,
                }
            }
            // A JavaScript `function` has its own `this`.
            "function_definition" if self.method.is_some() => {
                return self.decline(node, "function nested in a method")
            }
            "function_definition" => StmtKind::Def(Box::new(self.function(node)?)),
            "raise_statement" => self.raise(node)?,
            "try_statement" => self.try_statement(node)?,
            "with_statement" => self.with_suppress(node)?,
            "assert_statement" => match named_children(node).as_slice() {
                [test] => StmtKind::Assert(self.expr(*test)?, None),
                [test, m] if m.kind() == "string" && !self.is_fstring(*m) => {
                    StmtKind::Assert(self.expr(*test)?, Some(self.string_value(*m)?))
                }
                _ => return self.decline(node, "`assert` with a message that is not a literal"),
            },
            "import_statement" | "import_from_statement" => {
                return self.decline(node, "import inside a function")
            }
            "delete_statement" => return self.delete(node, out),
            "decorated_definition" => return self.decline(node, decorator_named(node, self.src)),
            other => return self.decline(node, format!("`{}`", construct(other))),
        };
        out.push(Stmt::new(kind, line));
        Ok(())
    }

    /// `del d[k]`, `del xs[i]` (several targets deleted left to right):
    /// [`Method::DelItem`], a dict's or list's `pop` whose value is
    /// dropped, which raises on a missing key or a position past either end
    /// as `del` does. The backends decline it on any other receiver (an
    /// object of a class, whose `del` is its `__delitem__`).
    fn delete(&mut self, node: Node, out: &mut Block) -> Res<()> {
        let line = self.line(node);
        let targets = match named_children(node).as_slice() {
            [list] if list.kind() == "expression_list" => named_children(*list),
            other => other.to_vec(),
        };
        for t in targets {
            if t.kind() != "subscript" {
                return self.decline(t, "`del` of other than an item");
            }
            if self.field(t, "subscript")?.kind() == "slice" {
                return self.decline(t, "`del` of a slice");
            }
            let Target::Index { value, index, .. } = self.target(t)? else {
                return self.decline(t, "`del` of other than an item");
            };
            let pop = Expr {
                id: self.ids.fresh(),
                kind: ExprKind::Method {
                    recv: value,
                    method: Method::DelItem,
                    args: vec![*index],
                    keywords: Vec::new(),
                },
                line,
            };
            out.push(Stmt::new(StmtKind::Expr(pop), line));
        }
        Ok(())
    }

    /// `raise X(message)`, `raise X`: the error's kind where the class is
    /// one the IR names, and its message where it is a literal (`""` for
    /// none). A bare `raise` re-raises the error being handled, which the
    /// IR does not name.
    fn raise(&mut self, node: Node) -> Res<StmtKind> {
        if node.child_by_field_name("cause").is_some() {
            return self.decline(node, "`raise ... from ...`");
        }
        let Some(raised) = named_children(node).first().copied() else {
            return self.decline(node, "`raise` of the error being handled");
        };
        let (class, args) = match raised.kind() {
            "call" => (
                self.field(raised, "function")?,
                Some(self.field(raised, "arguments")?),
            ),
            _ => (raised, None),
        };
        let kind = match class.kind() {
            "identifier" => ErrorKind::from_python(self.t(class)).unwrap_or(ErrorKind::Other),
            _ => ErrorKind::Other,
        };
        let message = match args.map(named_children).as_deref() {
            None | Some([]) => Some(String::new()),
            Some([a]) if a.kind() == "string" && !self.is_fstring(*a) => {
                Some(self.string_value(*a)?)
            }
            Some(_) => None,
        };
        Ok(StmtKind::Fail { kind, message })
    }

    /// `try`/`except`/`else`/`finally`. A handler names kinds the IR knows
    /// (a tuple of them, or `Exception` for all); its `as e` is read only
    /// as `str(e)`.
    fn try_statement(&mut self, node: Node) -> Res<StmtKind> {
        let body = self.block(self.field(node, "body")?)?;
        let (mut handlers, mut orelse, mut finally) = (Vec::new(), Vec::new(), Vec::new());
        for clause in named_children(node) {
            match clause.kind() {
                "except_clause" => handlers.push(self.handler(clause)?),
                "else_clause" => orelse = self.block(self.field(clause, "body")?)?,
                "finally_clause" => {
                    let Some(b) = named_children(clause)
                        .into_iter()
                        .find(|c| c.kind() == "block")
                    else {
                        return self.decline(clause, "`finally` without a block");
                    };
                    finally = self.block(b)?;
                }
                "block" | "comment" => {}
                other => return self.decline(clause, format!("`{}` in `try`", construct(other))),
            }
        }
        Ok(StmtKind::Try {
            body,
            handlers,
            orelse,
            finally,
        })
    }

    /// `with suppress(E, ...): body` (`contextlib.suppress`): Python's
    /// `try: body except (E, ...): pass`, which is how it is lowered. Any
    /// other `with` is declined.
    fn with_suppress(&mut self, node: Node) -> Res<StmtKind> {
        let line = self.line(node);
        let items: Vec<Node> = named_children(node)
            .into_iter()
            .filter(|c| c.kind() == "with_clause")
            .flat_map(named_children)
            .collect();
        let [item] = items.as_slice() else {
            return self.decline(node, "`with`");
        };
        let Some(call) = item
            .child_by_field_name("value")
            .filter(|v| v.kind() == "call")
        else {
            return self.decline(node, "`with`");
        };
        let func = self.field(call, "function")?;
        let suppress = match func.kind() {
            "identifier" => {
                let name = self.t(func);
                self.imports.suppress.iter().any(|s| s == name) && !self.rebound(name)
            }
            "attribute" => {
                self.t(func) == "contextlib.suppress"
                    && self.imports.modules.contains("contextlib")
                    && !self.rebound("contextlib")
            }
            _ => false,
        };
        let args = named_children(self.field(call, "arguments")?);
        if !suppress || args.is_empty() || args.iter().any(|a| a.kind() != "identifier") {
            return self.decline(node, "`with`");
        }
        let kinds = self.error_kinds(&args, |name| {
            format!("`with suppress({name})`, an error class the IR does not name")
        })?;
        let body = self.block(self.field(node, "body")?)?;
        Ok(StmtKind::Try {
            body,
            handlers: vec![Handler {
                kinds,
                name: None,
                body: Vec::new(),
                line,
            }],
            orelse: Vec::new(),
            finally: Vec::new(),
        })
    }

    /// The error kinds `except` names catch: empty for `Exception` (every
    /// error a translated function raises). A class the IR does not name is
    /// declined with `unnamed` of its name (`except X`, `with suppress(X)`).
    fn error_kinds(
        &self,
        classes: &[Node],
        unnamed: impl Fn(&str) -> String,
    ) -> Res<Vec<ErrorKind>> {
        let mut kinds = Vec::new();
        for c in classes {
            let name = self.t(*c);
            match name {
                // Every error a translated function raises is an
                // `Exception`; a bare `except` also catches `SystemExit`
                // and `KeyboardInterrupt`, which none raises.
                "Exception" | "BaseException" => {
                    kinds.clear();
                    break;
                }
                "LookupError" => kinds.extend([ErrorKind::KeyError, ErrorKind::IndexError]),
                _ => match ErrorKind::from_python(name) {
                    Some(k) if k != ErrorKind::Error => kinds.push(k),
                    _ => return self.decline(*c, unnamed(name)),
                },
            }
        }
        Ok(kinds)
    }

    fn handler(&mut self, clause: Node) -> Res<Handler> {
        let line = self.line(clause);
        let mut classes = Vec::new();
        let mut alias = clause.child_by_field_name("alias");
        let mut cursor = clause.walk();
        let values: Vec<Node> = clause
            .children_by_field_name("value", &mut cursor)
            .collect();
        for mut v in values {
            // `except ValueError as e` (some grammar versions).
            if v.kind() == "as_pattern" {
                alias = v.child_by_field_name("alias");
                match named_children(v).first() {
                    Some(c) => v = *c,
                    None => return self.decline(v, "`except ... as`"),
                }
            }
            match v.kind() {
                "tuple" | "parenthesized_expression" => classes.extend(named_children(v)),
                _ => classes.push(v),
            }
        }
        let kinds = self.error_kinds(&classes, |name| format!("`except {name}`"))?;
        let alias = match alias {
            Some(a) if a.kind() == "as_pattern_target" => named_children(a).first().copied(),
            a => a,
        };
        let name = match alias {
            Some(a) if a.kind() == "identifier" => Some(self.t(a).to_string()),
            Some(a) => return self.decline(a, "`except ... as` of a pattern"),
            None => None,
        };
        let Some(block) = named_children(clause)
            .into_iter()
            .rev()
            .find(|c| c.kind() == "block")
        else {
            return self.decline(clause, "`except` without a block");
        };
        self.caught.extend(name.clone());
        let body = self.block(block);
        if name.is_some() {
            self.caught.pop();
        }
        Ok(Handler {
            kinds,
            name,
            body: body?,
            line,
        })
    }

    fn assignment(&mut self, node: Node, out: &mut Block) -> Res<()> {
        let line = self.line(node);
        let left = self.field(node, "left")?;
        let Some(right) = node.child_by_field_name("right") else {
            // `x: int` declares without a value: nothing runs.
            return Ok(());
        };
        if right.kind() == "assignment" {
            return self.chained_assignment(node, out);
        }
        let mut deque = false;
        let value = match self.new_deque(left, right)? {
            Some(list) => {
                deque = true;
                list
            }
            None => match self.new_defaultdict(left, right) {
                Some(dict) => dict,
                None => self.expr(right)?,
            },
        };
        let target = self.target(left)?;
        if let (Target::Name { id, .. }, Some(t)) = (&target, node.child_by_field_name("type")) {
            // An annotation the IR has no type for says nothing; one it
            // has is a hint (see [`declared_hint`]). A deque used as a
            // list (see [`deques`]) is annotated `deque[T]`: a list of T.
            let ty = match self.deque_item_annotation(t) {
                Some(item) if deque => item.map(Ty::list),
                _ => self.annotation(t),
            };
            if let Ok(ty) = ty {
                self.declared.push((*id, declared_hint(&ty)));
            }
        }
        out.push(Stmt::new(StmtKind::Assign { target, value }, line));
        Ok(())
    }

    /// The item type of an annotation `deque[T]`, if it is one.
    fn deque_item_annotation(&self, t: Node) -> Option<Res<Ty>> {
        let node = match t.kind() {
            "type" => *named_children(t).first()?,
            _ => t,
        };
        if !matches!(node.kind(), "generic_type" | "subscript") {
            return None;
        }
        let parts = named_children(node);
        let (head, rest) = parts.split_first()?;
        if self.t(*head) != "deque" {
            return None;
        }
        let args: Vec<Node> = rest
            .iter()
            .flat_map(|c| {
                if c.kind() == "type_parameter" {
                    named_children(*c)
                } else {
                    vec![*c]
                }
            })
            .collect();
        match args.as_slice() {
            [item] => Some(self.annotation(*item)),
            _ => None,
        }
    }

    /// How the file names `collections.defaultdict`.
    fn defaultdict_names(&self) -> defaultdicts::DefaultDictNames<'_> {
        defaultdicts::DefaultDictNames {
            bound: &self.imports.defaultdict,
            module: self.imports.modules.contains("collections"),
        }
    }

    /// Takes the names `body` binds to defaultdicts as dicts, each with
    /// what its factory makes; declines one used other than a dict is, or
    /// bound to defaultdicts of different factories.
    fn enter_defaultdicts(&mut self, body: Node) -> Res<()> {
        let found = defaultdicts::defaultdicts_in(body, self.src, &self.defaultdict_names());
        for (name, misuse, factories) in found {
            if let Some(at) = misuse {
                let read = at.parent().is_some_and(|p| {
                    p.kind() == "subscript" && p.child_by_field_name("value") == Some(at)
                });
                let what = if read {
                    format!(
                        "read of defaultdict `{name}` by a computed key, or that may not \
                         run once, or after something sees the dict (the key it inserts \
                         would move)"
                    )
                } else {
                    format!("defaultdict `{name}` used other than a dict is")
                };
                return self.decline(at, what);
            }
            let text_of = |f: &defaultdicts::Factory| match f {
                defaultdicts::Factory::Type(t) => t.to_string(),
                defaultdicts::Factory::Lambda(b) => text(*b, self.src).to_string(),
            };
            let Some(first) = factories.first().copied() else {
                continue;
            };
            if factories.iter().any(|f| text_of(f) != text_of(&first)) {
                return self.decline(body, format!("defaultdict `{name}` of two factories"));
            }
            let value = match first {
                defaultdicts::Factory::Type(t) => match t {
                    "int" => ExprKind::Lit(Lit::Int(0)),
                    "float" => ExprKind::Lit(Lit::Float(0.0)),
                    "str" => ExprKind::Lit(Lit::Str(String::new())),
                    "list" => ExprKind::List(Vec::new()),
                    "dict" => ExprKind::Dict(Vec::new()),
                    _ => ExprKind::Builtin {
                        op: Builtin::ToSet,
                        args: Vec::new(),
                        keywords: Vec::new(),
                    },
                },
                defaultdicts::Factory::Lambda(b) => self.expr(b)?.kind,
            };
            self.defaultdicts.push((name, value));
        }
        Ok(())
    }

    /// `d = defaultdict(f)` of a name used as a dict: the dict `{}`.
    fn new_defaultdict(&mut self, left: Node, right: Node) -> Option<Expr> {
        let held =
            left.kind() == "identifier" && self.defaultdicts.iter().any(|(d, _)| d == self.t(left));
        let makes = self.defaultdict_names().factory(right, self.src).is_some();
        (held && makes).then(|| self.expr_of(right, ExprKind::Dict(Vec::new())))
    }

    /// Before a statement that reads items of defaultdicts, what those
    /// reads insert, in their order: `if k not in d: d[k] = f()`.
    fn insert_missing_keys(&mut self, stmt: Node, out: &mut Block) -> Res<()> {
        if self.defaultdicts.is_empty() {
            return Ok(());
        }
        let held: Vec<String> = self.defaultdicts.iter().map(|(d, _)| d.clone()).collect();
        let line = self.line(stmt);
        for (sub, name, key) in defaultdicts::reads_of(stmt, &held, self.src) {
            let Some(value) = self
                .defaultdicts
                .iter()
                .rev()
                .find(|(d, _)| *d == name)
                .map(|(_, v)| v.clone())
            else {
                continue;
            };
            let missing = ExprKind::Compare {
                first: Box::new(self.expr(key)?),
                rest: vec![(CmpOp::NotIn, self.expr(self.field(sub, "value")?)?)],
            };
            let test = self.expr_of(sub, missing);
            let value = self.expr_of(sub, value);
            let store = StmtKind::Assign {
                target: self.target(sub)?,
                value,
            };
            out.push(Stmt::new(
                StmtKind::If {
                    branches: vec![(test, vec![Stmt::new(store, line)])],
                    orelse: Vec::new(),
                },
                line,
            ));
        }
        Ok(())
    }

    /// How the file names `collections.deque`.
    fn deque_names(&self) -> deques::DequeNames<'_> {
        deques::DequeNames {
            bound: &self.imports.deque,
            module: self.imports.modules.contains("collections"),
        }
    }

    /// `q = deque()` or `q = deque(xs)` of a name used as a queue: the
    /// list `[]` or `list(xs)`.
    fn new_deque(&mut self, left: Node, right: Node) -> Res<Option<Expr>> {
        let queue = left.kind() == "identifier" && self.deques.iter().any(|d| d == self.t(left));
        if !queue || right.kind() != "call" || !self.deque_names().makes_deque(right, self.src) {
            return Ok(None);
        }
        let args = named_children(self.field(right, "arguments")?);
        let kind = match args.first() {
            None => ExprKind::List(Vec::new()),
            Some(a) => ExprKind::Builtin {
                op: Builtin::ToList,
                args: vec![self.expr(*a)?],
                keywords: Vec::new(),
            },
        };
        Ok(Some(self.expr_of(right, kind)))
    }

    /// `q.popleft()` and `q.appendleft(x)` of a deque used as a list:
    /// `q.pop(0)` and `q.insert(0, x)`.
    fn deque_method(
        &mut self,
        node: Node,
        object: Node,
        attr: &str,
        args: &[Expr],
    ) -> Res<Option<ExprKind>> {
        let queue =
            object.kind() == "identifier" && self.deques.iter().any(|d| d == self.t(object));
        let (method, arity) = match attr {
            "popleft" => (Method::Pop, 0),
            "appendleft" => (Method::Insert, 1),
            _ => return Ok(None),
        };
        if !queue || args.len() != arity {
            return Ok(None);
        }
        let zero = self.expr_of(node, ExprKind::Lit(Lit::Int(0)));
        let recv = Box::new(self.expr(object)?);
        Ok(Some(ExprKind::Method {
            recv,
            method,
            args: std::iter::once(zero).chain(args.iter().cloned()).collect(),
            keywords: Vec::new(),
        }))
    }

    /// `a = b = v`: Python evaluates `v` once and binds the targets to it
    /// from left to right, which `a = v; b = a` does where `a` is a name
    /// (reading it back gives the same object, and each later target is
    /// evaluated after the ones before it are bound, as in Python), and
    /// `a = v; b = v` where `v` is a name no target binds.
    fn chained_assignment(&mut self, node: Node, out: &mut Block) -> Res<()> {
        let line = self.line(node);
        let mut targets = vec![self.field(node, "left")?];
        let mut right = self.field(node, "right")?;
        while right.kind() == "assignment" {
            if right.child_by_field_name("type").is_some() {
                return self.decline(right, "annotation in a chained assignment");
            }
            targets.push(self.field(right, "left")?);
            right = self.field(right, "right")?;
        }
        let first = targets[0];
        // `inner[k] = inner = d`: a name no target binds (nor mentions) holds
        // the one object in every assignment, so each reads it again.
        let value_name = right.kind() == "identifier"
            && !targets
                .iter()
                .any(|t| binds_name(*t, self.t(right), self.src));
        if value_name {
            for t in targets {
                let value = self.expr(right)?;
                let target = self.target(t)?;
                out.push(Stmt::new(StmtKind::Assign { target, value }, line));
            }
            return Ok(());
        }
        if first.kind() != "identifier" {
            return self.decline(node, "chained assignment whose first target is not a name");
        }
        let value = self.expr(right)?;
        for (i, t) in targets.into_iter().enumerate() {
            let value = if i == 0 {
                value.clone()
            } else {
                self.expr(first)?
            };
            let target = self.target(t)?;
            out.push(Stmt::new(StmtKind::Assign { target, value }, line));
        }
        Ok(())
    }

    fn target(&mut self, node: Node) -> Res<Target> {
        match node.kind() {
            "identifier"
                if self
                    .method
                    .as_ref()
                    .is_some_and(|(_, r)| r.as_deref() == Some(self.t(node))) =>
            {
                self.decline(node, "assignment to a method's receiver")
            }
            "identifier" => Ok(Target::Name {
                name: self.t(node).to_string(),
                id: self.ids.fresh(),
            }),
            "pattern_list" | "tuple_pattern" | "expression_list" | "tuple" | "list_pattern" => {
                let mut parts = Vec::new();
                for c in named_children(node) {
                    parts.push(self.target(c)?);
                }
                Ok(Target::Tuple(parts))
            }
            "parenthesized_expression" => match named_children(node).as_slice() {
                [inner] => self.target(*inner),
                _ => self.decline(node, "assignment target"),
            },
            "subscript" => {
                let index = self.field(node, "subscript")?;
                if index.kind() == "slice" {
                    return self.decline(node, "assignment to a slice");
                }
                Ok(Target::Index {
                    value: Box::new(self.expr(self.field(node, "value")?)?),
                    index: Box::new(self.expr(index)?),
                    sem: IndexSem::PYTHON,
                })
            }
            "attribute" => {
                let (value, name) = self.attribute(node)?;
                let receiver = self.method.as_ref().and_then(|(_, r)| r.as_deref());
                if matches!(&value.kind, ExprKind::Name(n) if self.classes.iter().any(|c| &c.name == n))
                {
                    return self.decline(node, "assignment to a class attribute");
                }
                let _ = receiver;
                Ok(Target::Attr {
                    value: Box::new(value),
                    name,
                })
            }
            _ => self.decline(node, format!("assignment to `{}`", self.t(node))),
        }
    }

    fn binop(&self, op: &str, node: Node) -> Res<BinOp> {
        Ok(match op {
            "+" => BinOp::Add(OperandSem::ByTypes),
            "-" => BinOp::Sub,
            "*" => BinOp::Mul(OperandSem::ByTypes),
            "/" => BinOp::Div(DivSem::True),
            "//" => BinOp::FloorDiv(Rounding::Floor),
            "%" => BinOp::Rem(Rounding::Floor),
            "**" => BinOp::Pow,
            "&" => BinOp::BitAnd,
            "|" => BinOp::BitOr,
            "^" => BinOp::BitXor,
            "<<" => BinOp::Shl,
            ">>" => BinOp::Shr,
            _ => return self.decline(node, format!("operator `{op}`")),
        })
    }

    /// The items of a list display, `*xs` among them as [`ExprKind::Spread`]:
    /// the items of `xs` in its place, read when the display is.
    fn list_items(&mut self, node: Node) -> Res<Vec<Expr>> {
        let mut items = Vec::new();
        for item in named_children(node) {
            if item.kind() != "list_splat" {
                items.push(self.expr(item)?);
                continue;
            }
            let Some(inner) = named_children(item).into_iter().next() else {
                return self.decline(item, "`*` without a value");
            };
            let spread = ExprKind::Spread(Box::new(self.expr(inner)?));
            items.push(self.expr_of(item, spread));
        }
        Ok(items)
    }

    fn exprs(&mut self, nodes: &[Node]) -> Res<Vec<Expr>> {
        nodes.iter().map(|n| self.expr(*n)).collect()
    }

    fn expr(&mut self, node: Node) -> Res<Expr> {
        // `add`, `operator.add`, `math.pi`: what the standard name means.
        if let Some(kind) = self.std_value(node)? {
            return Ok(self.expr_of(node, kind));
        }
        let kind = match node.kind() {
            "integer" => {
                let t = self.t(node);
                match calls::int_literal(t) {
                    Some(v) => ExprKind::Lit(Lit::Int(v)),
                    None => {
                        let t = t.replace('_', "");
                        return self.decline(node, format!("integer literal `{t}`"));
                    }
                }
            }
            "float" => match self.t(node).replace('_', "").parse::<f64>() {
                Ok(v) if !self.t(node).ends_with(['j', 'J']) => ExprKind::Lit(Lit::Float(v)),
                _ => return self.decline(node, "complex or odd float literal"),
            },
            "true" => ExprKind::Lit(Lit::Bool(true)),
            "false" => ExprKind::Lit(Lit::Bool(false)),
            "none" => ExprKind::Lit(Lit::None),
            "string" => return self.string(node),
            "concatenated_string" => {
                let mut value = String::new();
                for part in named_children(node) {
                    if self.is_fstring(part) {
                        return self.decline(part, "concatenated f-string");
                    }
                    value.push_str(&self.string_value(part)?);
                }
                ExprKind::Lit(Lit::Str(value))
            }
            "identifier" => {
                let name = self.t(node);
                if self.caught.iter().any(|c| c == name) {
                    return self.decline(
                        node,
                        format!("use of the caught error `{name}` other than `str({name})`"),
                    );
                }
                // A name the unit may also bind (`e` of `except ... as e`):
                // which one a read reaches is the scopes' to say, but for a
                // parameter of the function the read is in.
                let imported = self.imports.math_name(name).is_some() || self.imports.binds(name);
                if imported && !self.reads_parameter(node, name) {
                    return self.decline(node, format!("`{name}`, imported from a module"));
                }
                // `error = ValueError`, `(bytes, bytearray)`: a built-in
                // class read as a value names nothing in the target (the
                // module failed to load: ReferenceError).
                if builtin_without_value(name)
                    && !self.shadowed(name)
                    && !self.names_bound.contains(name)
                    && !self.is_class(name)
                {
                    return self.decline(node, format!("built-in `{name}` as a value"));
                }
                ExprKind::Name(name.to_string())
            }
            "parenthesized_expression" => match named_children(node).as_slice() {
                [inner] => return self.expr(*inner),
                _ => return self.decline(node, "parenthesized expression"),
            },
            "unary_operator" => {
                let op = match self.t(self.field(node, "operator")?) {
                    "-" => UnOp::Neg,
                    "+" => UnOp::Pos,
                    _ => UnOp::BitNot,
                };
                let arg = self.expr(self.field(node, "argument")?)?;
                // `-5` is a literal, so that range facts and widths see it.
                if let (UnOp::Neg, ExprKind::Lit(Lit::Int(v))) = (op, &arg.kind) {
                    ExprKind::Lit(Lit::Int(-v))
                } else if let (UnOp::Neg, ExprKind::Lit(Lit::Float(v))) = (op, &arg.kind) {
                    ExprKind::Lit(Lit::Float(-v))
                } else {
                    ExprKind::Unary(op, Box::new(arg))
                }
            }
            "not_operator" => ExprKind::Not(
                Box::new(self.condition(self.field(node, "argument")?)?),
                Truthiness::Python,
            ),
            "binary_operator" => {
                // Shifts keep Python's meaning (unbounded integers); each
                // backend bridges or declines them by the operands' widths.
                let op = self.binop(self.t(self.field(node, "operator")?), node)?;
                // `(a == 1) & (n == 1)`: Python's `&` and `|` of two bools
                // are a bool, where the IR's bit operations give an int.
                // Of comparisons that cannot raise (names and literals),
                // evaluating both sides or stopping early is the same, so
                // they are `and`/`or`.
                let (left, right) = (self.field(node, "left")?, self.field(node, "right")?);
                let logic = match op {
                    BinOp::BitAnd => Some(LogicOp::And),
                    BinOp::BitOr => Some(LogicOp::Or),
                    _ => None,
                };
                if let (Some(op), true, true) =
                    (logic, pure_comparison(left), pure_comparison(right))
                {
                    let operands = vec![self.expr(left)?, self.expr(right)?];
                    let kind = ExprKind::Logic {
                        op,
                        operands,
                        sem: PY_LOGIC,
                    };
                    return Ok(self.expr_of(node, kind));
                }
                ExprKind::Binary(
                    op,
                    Box::new(self.expr(self.field(node, "left")?)?),
                    Box::new(self.expr(self.field(node, "right")?)?),
                )
            }
            "boolean_operator" => {
                let op = match self.t(self.field(node, "operator")?) {
                    "and" => LogicOp::And,
                    _ => LogicOp::Or,
                };
                let mut operands = Vec::new();
                // `a and b and c` nests to the left: flatten it.
                let mut n = node;
                let mut rights = Vec::new();
                loop {
                    rights.push(self.field(n, "right")?);
                    let left = self.field(n, "left")?;
                    let same = left.kind() == "boolean_operator"
                        && left.child_by_field_name("operator").is_some_and(|o| {
                            self.t(o) == self.t(self.field(n, "operator").unwrap_or(o))
                        });
                    if same {
                        n = left;
                    } else {
                        operands.push(self.expr(left)?);
                        break;
                    }
                }
                for r in rights.into_iter().rev() {
                    operands.push(self.expr(r)?);
                }
                ExprKind::Logic {
                    op,
                    operands,
                    sem: PY_LOGIC,
                }
            }
            "comparison_operator" => {
                if let Some(test) = self.re_test(node)? {
                    return Ok(test);
                }
                let kids = children(node);
                let mut first = None;
                let mut rest = Vec::new();
                let mut pending: Option<CmpOp> = None;
                for k in kids {
                    if k.is_extra() {
                        continue;
                    }
                    if k.is_named() {
                        let e = self.expr(k)?;
                        match pending.take() {
                            None => first = Some(e),
                            Some(op) => rest.push((op, e)),
                        }
                    } else {
                        pending = Some(match self.t(k) {
                            "==" => CmpOp::Eq(EqSem::Value),
                            "!=" => CmpOp::NotEq(EqSem::Value),
                            "<" => CmpOp::Lt,
                            "<=" => CmpOp::LtE,
                            ">" => CmpOp::Gt,
                            ">=" => CmpOp::GtE,
                            "in" => CmpOp::In,
                            "is" => CmpOp::Is,
                            t if t.starts_with("not") => CmpOp::NotIn,
                            t if t.starts_with("is") => CmpOp::IsNot,
                            t => return self.decline(k, format!("comparison `{t}`")),
                        });
                    }
                }
                let Some(first) = first else {
                    return self.decline(node, "comparison");
                };
                ExprKind::Compare {
                    first: Box::new(first),
                    rest,
                }
            }
            "conditional_expression" => {
                let parts = named_children(node);
                let [then, test, orelse] = parts.as_slice() else {
                    return self.decline(node, "conditional expression");
                };
                ExprKind::IfElse {
                    test: Box::new(self.condition(*test)?),
                    truthiness: Truthiness::Python,
                    then: Box::new(self.expr(*then)?),
                    orelse: Box::new(self.expr(*orelse)?),
                }
            }
            "list" => ExprKind::List(self.list_items(node)?),
            "tuple" | "expression_list" => ExprKind::Tuple(self.exprs(&named_children(node))?),
            "set" => ExprKind::Set(self.exprs(&named_children(node))?),
            "dictionary" => {
                let mut pairs = Vec::new();
                for p in named_children(node) {
                    if p.kind() != "pair" {
                        return self.decline(p, "dict unpacking");
                    }
                    pairs.push((
                        self.expr(self.field(p, "key")?)?,
                        self.expr(self.field(p, "value")?)?,
                    ));
                }
                ExprKind::Dict(pairs)
            }
            "list_comprehension" => self.comprehension(node, CompKind::List)?,
            "set_comprehension" => self.comprehension(node, CompKind::Set)?,
            "dictionary_comprehension" => self.comprehension(node, CompKind::Dict)?,
            "generator_expression" => self.comprehension(node, CompKind::Generator)?,
            "subscript" => {
                let mut cursor = node.walk();
                let subs: Vec<Node> = node
                    .children_by_field_name("subscript", &mut cursor)
                    .collect();
                let [index] = subs.as_slice() else {
                    return self.decline(node, "subscript with several indexes");
                };
                let value = Box::new(self.expr(self.field(node, "value")?)?);
                if index.kind() == "slice" {
                    self.slice(*index, value)?
                } else {
                    ExprKind::Index {
                        value,
                        index: Box::new(self.expr(*index)?),
                        sem: IndexSem::PYTHON,
                    }
                }
            }
            "call" => self.call(node)?,
            "lambda" => {
                let mut params = Vec::new();
                if let Some(ps) = node.child_by_field_name("parameters") {
                    for p in named_children(ps) {
                        if p.kind() != "identifier" {
                            return self.decline(p, "lambda parameter");
                        }
                        params.push((self.t(p).to_string(), self.ids.fresh()));
                    }
                }
                let body = self.expr(self.field(node, "body")?)?;
                // A `StopIteration` out of a lambda that `map`, `filter` or
                // an `itertools` iterator calls ends Python's reading of
                // it, where the targets throw it on.
                let mut next_at = None;
                for_each_expr(&body, &mut |x| {
                    if is_next_without_default(x) {
                        next_at = next_at.or(Some(x.line));
                    }
                });
                if let Some(line) = next_at {
                    return Err(Decline(format!(
                        "`next()` without a default in a lambda at line {line}"
                    )));
                }
                ExprKind::Lambda {
                    params,
                    body: Box::new(body),
                }
            }
            "attribute" => match self.class_attribute_read(node) {
                Some((class, name)) => ExprKind::ClassAttr { class, name },
                None => {
                    let (value, name) = self.attribute(node)?;
                    ExprKind::Attr {
                        value: Box::new(value),
                        name,
                    }
                }
            },
            // A statement `yield` is [`StmtKind::Yield`]; one inside an
            // expression reads what the consumer sends (`send`).
            "yield" => return self.decline(node, "`yield` inside an expression"),
            other => return self.decline(node, format!("`{}`", construct(other))),
        };
        Ok(self.expr_of(node, kind))
    }

    /// `object.name` read or written as a field of an object: not a
    /// dunder, a module's name, a class's attribute, a method (a bound
    /// method keeps its object in Python, not in JavaScript) or an
    /// attribute of a built-in type.
    fn attribute(&mut self, node: Node) -> Res<(Expr, String)> {
        let object = self.field(node, "object")?;
        let name = self.t(self.field(node, "attribute")?).to_string();
        let receiver = self.method.as_ref().and_then(|(_, r)| r.clone());
        let of_receiver =
            object.kind() == "identifier" && Some(self.t(object)) == receiver.as_deref();
        if is_dunder(&name) {
            return self.decline(node, format!("attribute `{name}`"));
        }
        if of_receiver && self.class_receiver {
            return self.decline(node, format!("attribute `{}` of the class", self.t(node)));
        }
        if object.kind() == "identifier" {
            let o = self.t(object);
            // A class of another unit (the file's, the project's): its
            // attributes are not known here.
            if KNOWN_MODULES.contains(&o) || self.is_class(o) || self.imports.binds(o) {
                return self.decline(node, format!("attribute `{}`", self.t(node)));
            }
        }
        let is_method = self
            .classes
            .iter()
            .any(|c| c.methods.iter().chain(&c.statics).any(|m| *m == name));
        if is_method {
            return self.decline(node, format!("method `{name}` used as a value"));
        }
        // An attribute named like a built-in type's method (`count`): the
        // backend reads it only of an object known to be of a class.
        let _ = of_receiver;
        let value = self.expr(object)?;
        Ok((value, name))
    }

    fn slice(&mut self, index: Node, value: Box<Expr>) -> Res<ExprKind> {
        // The parts of `a:b:c` are positional around the colons.
        let mut parts: [Option<Box<Expr>>; 3] = [None, None, None];
        let mut at = 0;
        for k in children(index) {
            if !k.is_named() && self.t(k) == ":" {
                at += 1;
            } else if k.is_named() && !k.is_extra() {
                if at > 2 {
                    return self.decline(index, "slice");
                }
                parts[at] = Some(Box::new(self.expr(k)?));
            }
        }
        let [lower, upper, step] = parts;
        Ok(ExprKind::Slice {
            value,
            lower,
            upper,
            step,
            sem: SliceSem::PYTHON,
        })
    }

    fn comprehension(&mut self, node: Node, kind: CompKind) -> Res<ExprKind> {
        let body = self.field(node, "body")?;
        let (elt, value) = if kind == CompKind::Dict {
            if body.kind() != "pair" {
                return self.decline(node, "dict comprehension");
            }
            (
                self.expr(self.field(body, "key")?)?,
                Some(Box::new(self.expr(self.field(body, "value")?)?)),
            )
        } else {
            (self.expr(body)?, None)
        };
        let mut clauses: Vec<Clause> = Vec::new();
        for c in named_children(node).into_iter().skip(1) {
            match c.kind() {
                "for_in_clause" => {
                    if children(c).iter().any(|k| self.t(*k) == "async") {
                        return self.decline(c, "`async for`");
                    }
                    let rights = named_children(c);
                    let left = self.field(c, "left")?;
                    let right = self.field(c, "right")?;
                    if rights.len() > 2 {
                        return self.decline(c, "comprehension over a tuple");
                    }
                    clauses.push(Clause {
                        target: self.target(left)?,
                        iter: self.expr(right)?,
                        conditions: Vec::new(),
                    });
                }
                "if_clause" => {
                    let cond = match named_children(c).first() {
                        Some(e) => self.expr(*e)?,
                        None => return self.decline(c, "empty `if` clause"),
                    };
                    match clauses.last_mut() {
                        Some(last) => last.conditions.push(cond),
                        None => return self.decline(c, "`if` before `for`"),
                    }
                }
                other => {
                    return self.decline(c, format!("`{}` in a comprehension", construct(other)))
                }
            }
        }
        Ok(ExprKind::Comprehension {
            kind,
            elt: Box::new(elt),
            value,
            clauses,
        })
    }

    /// A call of a user function with keyword arguments, as the positional
    /// call it is (see [`calls`]).
    fn keyword_call(
        &mut self,
        node: Node,
        name: &str,
        args: Vec<Expr>,
        keywords: Vec<(String, Expr)>,
    ) -> Res<Vec<Expr>> {
        if self.names_used_otherwise.contains(name) {
            return self.decline(
                node,
                format!("keyword argument to `{name}`, a name the unit also binds or passes"),
            );
        }
        let sig = match self.signatures.get(name) {
            Some(Some(sig)) => sig.clone(),
            Some(None) => {
                return self.decline(
                    node,
                    format!("keyword argument to `{name}`, whose parameters are not known"),
                )
            }
            None if self.imports.binds(name) => {
                return self.decline(
                    node,
                    format!("keyword argument to `{name}()`, imported from a module"),
                )
            }
            None if is_python_builtin(name) => {
                return self.decline(node, format!("keyword argument to `{name}()`"))
            }
            None => {
                return self.decline(
                    node,
                    format!("keyword argument to `{name}`, which the file does not define"),
                )
            }
        };
        let line = self.line(node);
        calls::arrange(name, &sig, args, keywords, line, |d| {
            self.lower_default(d, line)
        })
    }

    /// A positional call of another unit's function, with the defaults it
    /// leaves out passed, where the target has no default arguments.
    fn defaults_left_out(&mut self, node: Node, name: &str, args: Vec<Expr>) -> Res<Vec<Expr>> {
        if !self.fills_defaults.iter().any(|f| f == name) {
            return Ok(args);
        }
        if self.names_used_otherwise.contains(name) {
            return self.decline(
                node,
                format!("call of `{name}`, a name the unit also binds or passes"),
            );
        }
        match self.signatures.get(name) {
            Some(Some(sig)) if args.len() < sig.params.len() => {
                let sig = sig.clone();
                let line = self.line(node);
                calls::arrange(name, &sig, args, Vec::new(), line, |d| {
                    self.lower_default(d, line)
                })
            }
            _ => Ok(args),
        }
    }

    /// A parameter's default, from its source text, written again at a
    /// call on `line` (see [`calls::repeatable_default`]).
    fn lower_default(&mut self, default: &str, line: usize) -> Res<Expr> {
        let tree = crate::units::parse(default, Lang::Python)
            .ok_or_else(|| Decline(format!("default `{default}` at line {line}")))?;
        let root = tree.root_node();
        let node = named_children(root)
            .first()
            .filter(|s| s.kind() == "expression_statement" && !root.has_error())
            .and_then(|s| named_children(*s).first().copied());
        // Into JavaScript a list, dict or set default may be one object
        // shared between calls, which the callee's body may change (see
        // `default_value`): a fresh one written at the call is another.
        let created = |n: &Node| {
            self.to == Lang::JavaScript && matches!(n.kind(), "list" | "set" | "dictionary")
        };
        let node = node.filter(|n| !created(n));
        let Some(node) = node.filter(|n| calls::repeatable_default(*n, default)) else {
            return Err(Decline(format!(
                "call that leaves out a default that is not a constant (`{default}`) at line {line}"
            )));
        };
        if let Some(v) = calls::folded_int(node, default) {
            return Ok(Expr {
                id: self.ids.fresh(),
                kind: ExprKind::Lit(Lit::Int(v)),
                line,
            });
        }
        let mut sub = Front {
            src: default,
            lines: Lines::starting_at(line),
            to: self.to,
            ids: std::mem::take(&mut self.ids),
            classes: Vec::new(),
            unit_functions: Vec::new(),
            file_classes: &[],
            linked_classes: &[],
            unavailable: &[],
            method: None,
            class_receiver: false,
            caught: Vec::new(),
            signatures: HashMap::new(),
            fills_defaults: Vec::new(),
            other_functions: Vec::new(),
            rest_functions: Vec::new(),
            generators: Vec::new(),
            module_names: &[],
            rebound: &[],
            names_used_otherwise: HashSet::new(),
            names_bound: HashSet::new(),
            imports: FileImports {
                modules: HashSet::new(),
                names: HashSet::new(),
                deque: Vec::new(),
                defaultdict: Vec::new(),
                itertools: Vec::new(),
                math: Vec::new(),
                operator: Vec::new(),
                functools: Vec::new(),
                suppress: Vec::new(),
                string_constants: Vec::new(),
                list_functions: Vec::new(),
            },
            deques: Vec::new(),
            defaultdicts: Vec::new(),
            declared: Vec::new(),
        };
        let e = sub.expr(node);
        self.ids = sub.ids;
        e
    }

    /// A call of the function `attr` of `math` (`math.sqrt(x)`, or `sqrt(x)`
    /// imported from it).
    fn math_call(
        &mut self,
        node: Node,
        func: Node,
        attr: &str,
        args: Vec<Expr>,
        keywords: Vec<(String, Expr)>,
    ) -> Res<ExprKind> {
        let op = match attr {
            "sqrt" => Builtin::Sqrt,
            "floor" => Builtin::Floor,
            "ceil" => Builtin::Ceil,
            "gcd" => Builtin::Gcd,
            // `math.pow(a, b)` is `float(a) ** b`: a float, raising where
            // the power overflows or is complex.
            "pow" if args.len() == 2 && keywords.is_empty() => {
                let mut args = args.into_iter();
                let (Some(a), Some(b)) = (args.next(), args.next()) else {
                    return self.decline(func, "`math.pow`");
                };
                let a = self.expr_of(
                    node,
                    ExprKind::Builtin {
                        op: Builtin::ToFloat,
                        args: vec![a],
                        keywords: Vec::new(),
                    },
                );
                return Ok(ExprKind::Binary(BinOp::Pow, Box::new(a), Box::new(b)));
            }
            _ if keywords.is_empty() => match MathFn::named(attr, args.len()) {
                Some(f) => Builtin::Math(f),
                None => return self.decline(func, format!("`math.{attr}`")),
            },
            _ => return self.decline(func, format!("`math.{attr}`")),
        };
        Ok(ExprKind::Builtin { op, args, keywords })
    }

    /// `print(a, b, sep=s, end=e)` of literal `sep` and `end`: the one
    /// string Python writes, `str(a) + s + str(b)`, printed as `print(x)`
    /// is where `end` is a newline, and written followed by `end` (a
    /// second argument the backend writes) where it is not.
    fn print_line(
        &mut self,
        node: Node,
        args: Vec<Expr>,
        keywords: Vec<(String, Expr)>,
    ) -> Res<ExprKind> {
        let line = self.line(node);
        let (mut sep, mut end) = (" ".to_string(), "\n".to_string());
        for (k, v) in keywords {
            let ExprKind::Lit(Lit::Str(s)) = v.kind else {
                return self.decline(node, format!("`print()` with a computed `{k}`"));
            };
            match k.as_str() {
                "sep" => sep = s,
                "end" => end = s,
                _ => return self.decline(node, format!("keyword argument `{k}` to `print()`")),
            }
        }
        if args.iter().any(|a| matches!(a.kind, ExprKind::Spread(_))) {
            return self.decline(node, "`print()` of a spread");
        }
        let mut text: Option<Expr> = None;
        for a in args {
            let part = Expr {
                id: self.ids.fresh(),
                kind: ExprKind::Builtin {
                    op: Builtin::ToStr,
                    args: vec![a],
                    keywords: Vec::new(),
                },
                line,
            };
            let joined = match text.take() {
                None => part,
                Some(left) => {
                    let left = if sep.is_empty() {
                        left
                    } else {
                        let s = Expr {
                            id: self.ids.fresh(),
                            kind: ExprKind::Lit(Lit::Str(sep.clone())),
                            line,
                        };
                        self.concat(left, s, line)
                    };
                    self.concat(left, part, line)
                }
            };
            text = Some(joined);
        }
        let text = text.unwrap_or_else(|| Expr {
            id: self.ids.fresh(),
            kind: ExprKind::Lit(Lit::Str(String::new())),
            line,
        });
        let mut args = vec![text];
        if end != "\n" {
            args.push(Expr {
                id: self.ids.fresh(),
                kind: ExprKind::Lit(Lit::Str(end)),
                line,
            });
        }
        Ok(ExprKind::Call {
            func: "print".to_string(),
            args,
        })
    }

    /// `a + b` of two strings.
    fn concat(&mut self, a: Expr, b: Expr, line: usize) -> Expr {
        Expr {
            id: self.ids.fresh(),
            kind: ExprKind::Binary(BinOp::Add(OperandSem::ByTypes), Box::new(a), Box::new(b)),
            line,
        }
    }

    /// Whether the unit defines `name` itself (over an import of it).
    fn shadowed_in_file(&self, name: &str) -> bool {
        self.unit_functions.iter().any(|f| f == name)
    }

    /// A call of an `itertools` function, with the arguments Python takes
    /// (positional; a predicate a one-parameter lambda).
    fn itertools_call(
        &mut self,
        node: Node,
        tool: Itertool,
        args: Vec<Expr>,
        keywords: Vec<(String, Expr)>,
    ) -> Res<ExprKind> {
        // `groupby(xs, key=f)` is `groupby(xs, f)`.
        let (mut args, mut keywords) = (args, keywords);
        if tool == Itertool::GroupBy && args.len() == 1 && keywords.len() == 1 {
            if let Some((_, key)) = keywords.pop_if(|(k, _)| k == "key") {
                args.push(key);
            }
        }
        if !keywords.is_empty() {
            return self.decline(node, format!("keyword argument to `{}`", tool.spelling()));
        }
        let arity_ok = match tool {
            Itertool::Islice => (2..=4).contains(&args.len()),
            Itertool::Count => args.len() <= 2,
            Itertool::Repeat => (1..=2).contains(&args.len()),
            Itertool::Chain => true,
            Itertool::ChainFromIterable
            | Itertool::Pairwise
            | Itertool::Accumulate
            | Itertool::Cycle => args.len() == 1,
            Itertool::Compress => args.len() == 2,
            Itertool::TakeWhile | Itertool::DropWhile => {
                args.len() == 2
                    && matches!(&args[0].kind, ExprKind::Lambda { params, .. } if params.len() == 1)
            }
            Itertool::Product => true,
            // A literal count gives a tuple of that length, any other a
            // tuple of any length (`pyTee` checks the count as Python).
            Itertool::Tee => (1..=2).contains(&args.len()),
            Itertool::Combinations | Itertool::Permutations => {
                args.len() == 2 && small_literal(&args[1])
            }
            // The key a function of one item (a lambda of one parameter,
            // or a value such as a parameter), or `None`.
            Itertool::GroupBy => match args.get(1).map(|k| &k.kind) {
                None => args.len() == 1,
                Some(ExprKind::Lambda { params, .. }) => args.len() == 2 && params.len() == 1,
                Some(_) => args.len() == 2,
            },
        };
        if !arity_ok {
            return self.decline(node, format!("`{}` with these arguments", tool.spelling()));
        }
        Ok(ExprKind::Builtin {
            op: Builtin::Itertools(tool),
            args,
            keywords,
        })
    }

    /// `zip(*rows)` (with `strict=False`, the default, or without): the
    /// built-in with one spread argument, whose rows the backend takes or
    /// declines by their type. `None` for any other call.
    fn zip_of_rows(
        &mut self,
        func: Node,
        arg_nodes: &[Node],
        kw_nodes: &[Node],
    ) -> Res<Option<ExprKind>> {
        let [rows] = arg_nodes else {
            return Ok(None);
        };
        if func.kind() != "identifier"
            || self.t(func) != "zip"
            || self.shadowed("zip")
            || self.rebound("zip")
            || rows.kind() != "list_splat"
        {
            return Ok(None);
        }
        let not_strict = |k: &Node| {
            k.child_by_field_name("name")
                .is_some_and(|n| self.t(n) == "strict")
                && k.child_by_field_name("value")
                    .is_some_and(|v| v.kind() == "false")
        };
        if !kw_nodes.iter().all(not_strict) {
            return Ok(None);
        }
        let Some(inner) = named_children(*rows).into_iter().next() else {
            return Ok(None);
        };
        let spread = Expr {
            id: self.ids.fresh(),
            kind: ExprKind::Spread(Box::new(self.expr(inner)?)),
            line: self.line(*rows),
        };
        Ok(Some(ExprKind::Builtin {
            op: Builtin::Zip,
            args: vec![spread],
            keywords: Vec::new(),
        }))
    }

    /// `f(a, *xs)`: a call that spreads a sequence, last, into the `*args`
    /// of a function of another unit or module that takes exactly the
    /// positional parameters the call passes before it (none with a
    /// default left to fill, no keyword-only ones, no `**kwargs`), so that
    /// the spread's items all land in `*args` in both languages, however
    /// many there are; or into a function value the unit binds (a
    /// parameter), which gets the items as positional arguments in both.
    /// `None` where the call spreads nothing; a spread call of another
    /// form is declined by the caller.
    fn spread_call(
        &mut self,
        node: Node,
        func: Node,
        arg_nodes: &[Node],
        kw_nodes: &[Node],
    ) -> Res<Option<ExprKind>> {
        let Some((last, before)) = arg_nodes.split_last() else {
            return Ok(None);
        };
        let splats = |n: &Node| matches!(n.kind(), "list_splat" | "dictionary_splat");
        if last.kind() != "list_splat" || before.iter().any(splats) || !kw_nodes.is_empty() {
            return Ok(None);
        }
        if func.kind() != "identifier" {
            return Ok(None);
        }
        let name = self.t(func).to_string();
        let other = self.other_functions.contains(&name)
            && !self.names_used_otherwise.contains(&name)
            && !self.is_class(&name);
        let fits = self
            .signatures
            .get(&name)
            .and_then(Option::as_ref)
            .is_some_and(|s| {
                s.rest && !s.kwargs && s.positional.is_none() && s.params.len() == before.len()
            });
        // A function value the unit binds (a parameter, a local): its
        // callee is not known here, and gets the same positional
        // arguments in both languages, as a call without a spread does.
        let value = self.names_bound.contains(&name)
            && !self.unit_functions.contains(&name)
            && !self.is_class(&name)
            && !LOWERED_BUILTINS.contains(&name.as_str())
            && !is_python_builtin(&name);
        if !(other && fits || value) {
            return Ok(None);
        }
        let Some(inner) = named_children(*last).into_iter().next() else {
            return Ok(None);
        };
        let mut args = self.exprs(before)?;
        let spread = Expr {
            id: self.ids.fresh(),
            kind: ExprKind::Spread(Box::new(self.expr(inner)?)),
            line: self.line(*last),
        };
        args.push(spread);
        let call = ExprKind::Call {
            func: name.clone(),
            args,
        };
        if !self.generators.contains(&name) {
            return Ok(Some(call));
        }
        // A generator's call gives an iterator.
        let call = Expr {
            id: self.ids.fresh(),
            kind: call,
            line: self.line(node),
        };
        Ok(Some(ExprKind::Builtin {
            op: Builtin::Iter,
            args: vec![call],
            keywords: Vec::new(),
        }))
    }

    /// Whether a built-in's name is bound in the file to something else:
    /// an import, a function or a module-level name.
    fn shadowed(&self, name: &str) -> bool {
        self.imports.binds(name)
            || self.unit_functions.iter().any(|f| f == name)
            || self.module_names.iter().any(|(n, _)| n == name)
    }

    /// The module (`heapq`, `bisect`) and name of the function of a list
    /// a call's `func` names: `heappush` imported from it, or
    /// `heapq.heappush` where the file imports the module, and the unit
    /// binds neither name itself.
    fn list_module_function(&self, func: Node) -> Res<Option<(String, String)>> {
        match func.kind() {
            "identifier" => {
                let n = self.t(func);
                let Some((_, module, original)) =
                    self.imports.list_functions.iter().find(|(b, _, _)| b == n)
                else {
                    return Ok(None);
                };
                if self.rebound(n) {
                    return self.decline(
                        func,
                        format!("`{n}()`, imported from `{module}` and bound again"),
                    );
                }
                Ok(Some((module.clone(), original.clone())))
            }
            "attribute" => {
                let (Some(object), Some(attr)) = (
                    func.child_by_field_name("object"),
                    func.child_by_field_name("attribute"),
                ) else {
                    return Ok(None);
                };
                let (module, attr) = (self.t(object), self.t(attr));
                let known = object.kind() == "identifier"
                    && self.imports.modules.contains(module)
                    && !self.rebound(module)
                    && Method::is_of_list_module(module, attr);
                Ok(known.then(|| (module.to_string(), attr.to_string())))
            }
            _ => Ok(None),
        }
    }

    /// `float("inf")`, `float("-1.5")`: the built-in `float` of a string
    /// literal, as its value. Rust's parser of `f64` takes the literals
    /// Python's `float` takes but for surrounding whitespace, underscores
    /// and digits other than ASCII ones, which it refuses (left to the
    /// call, which is declined); `inf`, `infinity` and `nan` in any case.
    fn float_of_literal(
        &self,
        func: Node,
        args: &[Expr],
        keywords: &[(String, Expr)],
    ) -> Option<f64> {
        let builtin = func.kind() == "identifier"
            && self.t(func) == "float"
            && !self.imports.binds("float")
            && !self.unit_functions.iter().any(|f| f == "float");
        match args {
            [Expr {
                kind: ExprKind::Lit(Lit::Str(s)),
                ..
            }] if builtin && keywords.is_empty() => s.parse::<f64>().ok(),
            _ => None,
        }
    }

    /// `int("ff", 16)`: the built-in `int` of a string literal of ASCII
    /// digits, signed at most (whitespace, underscores and a `0x` prefix
    /// are left to the call), in a literal base from 2 to 36, as its
    /// value, where a double holds it exactly (as [`calls::folded_int`]).
    fn int_of_literal(
        &self,
        func: Node,
        args: &[Expr],
        keywords: &[(String, Expr)],
    ) -> Option<i128> {
        let builtin = func.kind() == "identifier"
            && self.t(func) == "int"
            && !self.shadowed("int")
            && !self.rebound("int");
        let [Expr {
            kind: ExprKind::Lit(Lit::Str(s)),
            ..
        }, Expr {
            kind: ExprKind::Lit(Lit::Int(base @ 2..=36)),
            ..
        }] = args
        else {
            return None;
        };
        let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
        let plain = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_alphanumeric());
        if !builtin || !keywords.is_empty() || !plain {
            return None;
        }
        let v = i128::from_str_radix(s, u32::try_from(*base).ok()?).ok()?;
        (v as f64 as i128 == v).then_some(v)
    }

    fn call(&mut self, node: Node) -> Res<ExprKind> {
        let func = self.field(node, "function")?;
        let args_node = self.field(node, "arguments")?;
        // `f(x for x in xs)`: the generator is the one argument.
        let (arg_nodes, kw_nodes): (Vec<Node>, Vec<Node>) =
            if args_node.kind() == "generator_expression" {
                (vec![args_node], Vec::new())
            } else {
                named_children(args_node)
                    .into_iter()
                    .partition(|a| a.kind() != "keyword_argument")
            };
        if let Some(call) = self.re_call(node)? {
            return Ok(call);
        }
        if let Some(call) = self.spread_call(node, func, &arg_nodes, &kw_nodes)? {
            return Ok(call);
        }
        if let Some(call) = self.zip_of_rows(func, &arg_nodes, &kw_nodes)? {
            return Ok(call);
        }
        for a in &arg_nodes {
            if matches!(a.kind(), "list_splat" | "dictionary_splat") {
                return self.decline(*a, "`*` or `**` argument");
            }
        }
        // `str(e)` of a caught error: its message.
        if let ([a], []) = (arg_nodes.as_slice(), kw_nodes.as_slice()) {
            let caught = a.kind() == "identifier" && self.caught.iter().any(|c| c == self.t(*a));
            if caught && func.kind() == "identifier" && self.t(func) == "str" {
                return Ok(ExprKind::ErrorMessage(self.t(*a).to_string()));
            }
        }
        let args = self.exprs(&arg_nodes)?;
        let mut keywords = Vec::new();
        for k in kw_nodes {
            if k.kind() != "keyword_argument" {
                return self.decline(k, "argument");
            }
            keywords.push((
                self.t(self.field(k, "name")?).to_string(),
                self.expr(self.field(k, "value")?)?,
            ));
        }
        if let Some(v) = self.float_of_literal(func, &args, &keywords) {
            return Ok(ExprKind::Lit(Lit::Float(v)));
        }
        if let Some(v) = self.int_of_literal(func, &args, &keywords) {
            return Ok(ExprKind::Lit(Lit::Int(v)));
        }
        // `sqrt(x)` of `from math import sqrt`, where the unit binds the
        // name nowhere (a parameter or local `sqrt` would be another
        // function).
        if func.kind() == "identifier" {
            let name = self.t(func).to_string();
            if let Some(original) = self.imports.math_name(&name).map(str::to_string) {
                if self.rebound(&name) {
                    return self.decline(
                        func,
                        format!("`{name}()`, imported from `math` and bound again"),
                    );
                }
                return self.math_call(node, func, &original, args, keywords);
            }
        }
        if let Some((module, name)) = self.list_module_function(func)? {
            return match Method::of_list_module(&module, &name, args.len()) {
                Some(method) if keywords.is_empty() => {
                    let mut args = args.into_iter();
                    let Some(list) = args.next() else {
                        return self.decline(node, format!("`{module}.{name}()`"));
                    };
                    Ok(ExprKind::Method {
                        recv: Box::new(list),
                        method,
                        args: args.collect(),
                        keywords,
                    })
                }
                _ => self.decline(node, format!("`{module}.{name}()` with these arguments")),
            };
        }
        if self.std_name(func).is_some() {
            return self.std_call(node, func, args, &keywords);
        }
        if let Some(tool) = self.imports.itertool(func, self.src) {
            if func.kind() == "identifier" && self.shadowed_in_file(self.t(func)) {
                return self.decline(func, format!("call of `{}`, defined twice", self.t(func)));
            }
            return self.itertools_call(node, tool, args, keywords);
        }
        let receiver = self.method.as_ref().and_then(|(_, r)| r.as_deref());
        if self.class_receiver && func.kind() == "identifier" && Some(self.t(func)) == receiver {
            if !keywords.is_empty() {
                return self.decline(node, "keyword argument to a constructor");
            }
            // The class the method was called on, a subclass maybe: the
            // receiver, which the backend spells as it spells the receiver.
            return Ok(ExprKind::New {
                class: self.t(func).to_string(),
                args,
            });
        }
        match func.kind() {
            "identifier" => {
                let name = self.t(func);
                // A parameter or local of a built-in's name (`def f(k,
                // callable)`) is called, not the built-in.
                if LOWERED_BUILTINS.contains(&name) && self.rebound(name) {
                    return self.decline(
                        node,
                        format!("call of `{name}`, a built-in's name the unit binds"),
                    );
                }
                let op = match name {
                    "len" => Builtin::Len,
                    "abs" => Builtin::Abs,
                    "min" => Builtin::Min,
                    "max" => Builtin::Max,
                    "sum" => Builtin::Sum,
                    "sorted" => Builtin::Sorted,
                    "reversed" => Builtin::Reversed,
                    "any" => Builtin::Any,
                    "all" => Builtin::All,
                    "range" => Builtin::Range,
                    "enumerate" => Builtin::Enumerate,
                    "zip" => Builtin::Zip,
                    "map" => Builtin::Map,
                    "filter" => Builtin::Filter,
                    "int" => Builtin::ToInt,
                    "float" => Builtin::ToFloat,
                    "str" => Builtin::ToStr,
                    "bool" => Builtin::ToBool,
                    "list" => Builtin::ToList,
                    "set" => Builtin::ToSet,
                    "tuple" => Builtin::ToTuple,
                    "dict" => Builtin::ToDict,
                    "ord" => Builtin::Ord,
                    "chr" => Builtin::Chr,
                    "bin" => Builtin::Bin,
                    "round" => Builtin::Round,
                    "divmod" => Builtin::DivMod,
                    "pow" => Builtin::Pow,
                    "object" if args.is_empty() && keywords.is_empty() && !self.shadowed(name) => {
                        Builtin::Sentinel
                    }
                    "iter" | "next" if self.shadowed(name) => {
                        return self
                            .decline(node, format!("call of `{name}`, which is not the built-in"))
                    }
                    // `iter(f, sentinel)` calls `f` until it gives the sentinel.
                    "iter" if args.len() == 1 && keywords.is_empty() => Builtin::Iter,
                    "next" if matches!(args.len(), 1 | 2) && keywords.is_empty() => Builtin::Next,
                    "isinstance" => return self.isinstance(node, args, keywords),
                    "callable"
                        if args.len() == 1 && keywords.is_empty() && !self.shadowed(name) =>
                    {
                        return Ok(callable_test(args))
                    }
                    _ => {
                        // The analysis binds a call's arguments to the
                        // parameters one by one.
                        if self.rest_functions.iter().any(|f| f == name) {
                            return self
                                .decline(node, format!("call of `{name}`, which takes `*args`"));
                        }
                        // Python raises for a keyword-only parameter
                        // passed by position.
                        if let Some(Some(n)) = self
                            .signatures
                            .get(name)
                            .map(|s| s.as_ref().and_then(|s| s.positional))
                        {
                            if args.len() > n && !self.names_used_otherwise.contains(name) {
                                return self.decline(
                                    node,
                                    format!(
                                        "call of `{name}` with {} positional arguments for {n}",
                                        args.len()
                                    ),
                                );
                            }
                        }
                        if name == "print"
                            && !self.shadowed_in_file(name)
                            && (args.len() != 1 || !keywords.is_empty())
                        {
                            return self.print_line(node, args, keywords);
                        }
                        let args = if keywords.is_empty() {
                            self.defaults_left_out(node, name, args)?
                        } else {
                            self.keyword_call(node, name, args, keywords)?
                        };
                        // `print(x)`: a call the backend writes as the
                        // target's printing of `str(x)`.
                        if name == "print" && args.len() == 1 {
                            let line = self.line(node);
                            let arg = args.into_iter().next().map(|a| {
                                let id = self.ids.fresh();
                                Expr {
                                    id,
                                    kind: ExprKind::Builtin {
                                        op: Builtin::ToStr,
                                        args: vec![a],
                                        keywords: Vec::new(),
                                    },
                                    line,
                                }
                            });
                            return Ok(ExprKind::Call {
                                func: "print".to_string(),
                                args: arg.into_iter().collect(),
                            });
                        }
                        if is_python_builtin(name) {
                            return self.decline(node, format!("`{name}()`"));
                        }
                        if self.imports.binds(name) {
                            return self
                                .decline(node, format!("`{name}()`, imported from a module"));
                        }
                        // A class of another module whose unit was not
                        // translated is not there to construct.
                        if self.linked_classes.iter().any(|c| c == name)
                            && self.unavailable.iter().any(|c| c == name)
                        {
                            return self.decline(
                                node,
                                format!("call of `{name}`, a class that is not translated"),
                            );
                        }
                        if self.is_class(name) {
                            return Ok(ExprKind::New {
                                class: name.to_string(),
                                args,
                            });
                        }
                        // A class of another unit is constructed with
                        // `new` in JavaScript, which the frontend cannot
                        // tell from a call; Python names classes so.
                        if name.starts_with(|c: char| c.is_ascii_uppercase())
                            && !self.unit_functions.iter().any(|f| f == name)
                        {
                            return self.decline(
                                node,
                                format!("call of `{name}`, which may be a class of another unit"),
                            );
                        }
                        let call = ExprKind::Call {
                            func: name.to_string(),
                            args,
                        };
                        // What another unit's generator gives is typed as
                        // the iterator it is: `iter(g())` is `g()`.
                        if self.generators.iter().any(|g| g == name)
                            && !self.unit_functions.iter().any(|f| f == name)
                        {
                            let line = self.line(node);
                            let call = Expr {
                                id: self.ids.fresh(),
                                kind: call,
                                line,
                            };
                            return Ok(ExprKind::Builtin {
                                op: Builtin::Iter,
                                args: vec![call],
                                keywords: Vec::new(),
                            });
                        }
                        return Ok(call);
                    }
                };
                // `enumerate(xs, start=k)` is `enumerate(xs, k)`.
                let (mut args, mut keywords) = (args, keywords);
                if op == Builtin::Enumerate
                    && args.len() == 1
                    && keywords.len() == 1
                    && keywords[0].0 == "start"
                {
                    if let Some((_, start)) = keywords.pop() {
                        args.push(start);
                    }
                }
                if matches!(op, Builtin::Map | Builtin::Filter) && !args.is_empty() {
                    let f = args.remove(0);
                    args.insert(0, self.item_function(node, f)?);
                }
                let keywords = keywords
                    .into_iter()
                    .map(|(k, v)| {
                        let v = if k == "key" { self.key_function(v) } else { v };
                        (k, v)
                    })
                    .collect();
                Ok(ExprKind::Builtin { op, args, keywords })
            }
            "attribute" => {
                let object = self.field(func, "object")?;
                let attr = self.t(self.field(func, "attribute")?);
                if keywords.is_empty() {
                    if let Some(kind) = self.deque_method(node, object, attr, &args)? {
                        return Ok(kind);
                    }
                }
                if object.kind() == "identifier"
                    && self.t(object) == "copy"
                    && attr == "deepcopy"
                    && self.imports.modules.contains("copy")
                    && !self.shadowed_in_file("copy")
                    && args.len() == 1
                    && keywords.is_empty()
                {
                    return Ok(ExprKind::Builtin {
                        op: Builtin::DeepCopy,
                        args,
                        keywords,
                    });
                }
                if object.kind() == "identifier" && self.imports.binds(self.t(object)) {
                    return self.decline(node, format!("`{}()`", self.t(func)));
                }
                if let Some(kind) = self.user_method_call(node, object, attr, &args, &keywords)? {
                    return Ok(match kind {
                        UserCall::Super(method) => ExprKind::Super { method, args },
                        UserCall::Static { class, of_receiver } => ExprKind::CallStatic {
                            class,
                            name: attr.to_string(),
                            args,
                            of_receiver,
                        },
                        UserCall::Method => ExprKind::CallMethod {
                            recv: Box::new(self.expr(object)?),
                            name: attr.to_string(),
                            args,
                        },
                    });
                }
                if object.kind() == "identifier" && self.t(object) == "math" {
                    return self.math_call(node, func, attr, args, keywords);
                }
                let Some(method) = Method::from_python(attr) else {
                    return self.decline(func, format!("method `{attr}`"));
                };
                // On an object of a class the backend calls the class's
                // method of that name, which a static one is not in
                // JavaScript.
                if self
                    .classes
                    .iter()
                    .any(|c| c.statics.iter().any(|m| m == attr))
                {
                    return self
                        .decline(node, format!("static method `{attr}` called on an object"));
                }
                // Only `sort(key=..., reverse=...)` takes keywords.
                if !keywords.is_empty() && method != Method::Sort {
                    return self.decline(node, format!("keyword argument to `{attr}`"));
                }
                let recv = Box::new(self.expr(object)?);
                let keywords = keywords
                    .into_iter()
                    .map(|(k, v)| {
                        let v = if k == "key" { self.key_function(v) } else { v };
                        (k, v)
                    })
                    .collect();
                Ok(ExprKind::Method {
                    recv,
                    method,
                    args,
                    keywords,
                })
            }
            _ => self.decline(func, "call of a computed function"),
        }
    }

    /// Which user method `object.attr(...)` calls, if it calls one: a
    /// method of `super()`, a method of the receiver of the method being
    /// lowered, a static method of a class of the unit, or a method one of
    /// the unit's classes defines, or that no built-in type has, on any
    /// other object. `None` leaves it to the built-in methods.
    fn user_method_call(
        &self,
        node: Node,
        object: Node,
        attr: &str,
        args: &[Expr],
        keywords: &[(String, Expr)],
    ) -> Res<Option<UserCall>> {
        let _ = args;
        let is_super = object.kind() == "call"
            && object
                .child_by_field_name("function")
                .is_some_and(|f| self.t(f) == "super")
            && object
                .child_by_field_name("arguments")
                .is_some_and(|a| named_children(a).is_empty());
        let receiver = self.method.as_ref().and_then(|(_, r)| r.clone());
        let of_receiver =
            object.kind() == "identifier" && Some(self.t(object)) == receiver.as_deref();
        let class_named = (object.kind() == "identifier")
            .then(|| self.classes.iter().find(|c| c.name == self.t(object)))
            .flatten();
        // A name a built-in type's method has too (`pop`, `add`) is taken
        // for the built-in one on any receiver but the method's own
        // (`self.items.pop()`); the backend declines it on an object of a
        // class.
        let builtin_named = BUILTIN_METHODS.contains(&attr) || Method::from_python(attr).is_some();
        let in_unit_class = !builtin_named
            && self
                .classes
                .iter()
                .any(|c| c.methods.iter().any(|m| m == attr));
        if object.kind() == "identifier" && KNOWN_MODULES.contains(&self.t(object)) {
            return Ok(None);
        }
        let user =
            is_super || of_receiver || class_named.is_some() || in_unit_class || !builtin_named;
        if !user {
            return Ok(None);
        }
        if self
            .classes
            .iter()
            .any(|c| c.properties.iter().any(|p| p == attr))
        {
            return self.decline(node, format!("call of property `{attr}`"));
        }
        if !keywords.is_empty() {
            return self.decline(node, "keyword argument to a method");
        }
        if is_dunder(attr) && !(is_super && attr == "__init__") {
            return self.decline(node, format!("method `{attr}`"));
        }
        if is_super {
            if self.method.is_none() {
                return self.decline(node, "`super()` outside a method");
            }
            return Ok(Some(UserCall::Super(
                (attr != "__init__").then(|| attr.to_string()),
            )));
        }
        if let Some(c) = class_named {
            if !self.has_static(&c.name, attr) {
                return self.decline(
                    node,
                    format!("`{}.{attr}` that is not a static method", c.name),
                );
            }
            return Ok(Some(UserCall::Static {
                class: c.name.clone(),
                of_receiver: false,
            }));
        }
        if of_receiver {
            let own = self.method.as_ref().map(|(c, _)| c.as_str());
            if let Some(c) = self.classes.iter().find(|c| Some(c.name.as_str()) == own) {
                // A base's static method too: `this.m` would not find it.
                if self.has_static(&c.name, attr) {
                    return Ok(Some(UserCall::Static {
                        class: c.name.clone(),
                        of_receiver: true,
                    }));
                }
            }
            // `cls.m(obj)` calls a plain function in Python, where
            // JavaScript's `this.m` of a class finds no instance method.
            if self.class_receiver {
                return self.decline(node, format!("`{attr}` called on the class"));
            }
            return Ok(Some(UserCall::Method));
        }
        if self
            .classes
            .iter()
            .any(|c| c.statics.iter().any(|m| m == attr))
        {
            return self.decline(node, format!("static method `{attr}` called on an object"));
        }
        // Named like a built-in type's method too: the backend tells them
        // apart by the receiver's type.
        Ok(Some(UserCall::Method))
    }

    /// `isinstance(x, T)` or `isinstance(x, (T, U))` of built-in types:
    /// the value and the types' names.
    fn isinstance(
        &mut self,
        node: Node,
        args: Vec<Expr>,
        keywords: Vec<(String, Expr)>,
    ) -> Res<ExprKind> {
        let [value, types] = <[Expr; 2]>::try_from(args)
            .map_err(|_| Decline(format!("`isinstance()` at line {}", self.line(node))))?;
        let name = |e: &Expr| match &e.kind {
            ExprKind::Name(n)
                if matches!(
                    n.as_str(),
                    "int" | "float" | "str" | "bool" | "list" | "tuple" | "dict" | "set"
                ) =>
            {
                Some(n.clone())
            }
            _ => None,
        };
        let names: Option<Vec<String>> = match &types.kind {
            ExprKind::Tuple(items) => items.iter().map(name).collect(),
            _ => name(&types).map(|n| vec![n]),
        };
        let (Some(names), true) = (names, keywords.is_empty()) else {
            return self.decline(node, "`isinstance()` of a type that is not built in");
        };
        let names = self.expr_of(node, ExprKind::Lit(Lit::Str(names.join(","))));
        Ok(ExprKind::Builtin {
            op: Builtin::IsInstance,
            args: vec![value, names],
            keywords: Vec::new(),
        })
    }

    fn is_fstring(&self, node: Node) -> bool {
        node.kind() == "string"
            && node
                .child(0)
                .is_some_and(|s| self.t(s).to_ascii_lowercase().contains('f'))
    }

    /// A string literal's value.
    fn string_value(&self, node: Node) -> Res<String> {
        let start = node.child(0).map_or("", |s| self.t(s));
        let prefix = start.trim_end_matches(['"', '\'']).to_ascii_lowercase();
        if prefix.contains('b') {
            return self.decline(node, "bytes literal");
        }
        if prefix.contains('f') {
            return self.decline(node, "f-string where a constant string is needed");
        }
        let raw = prefix.contains('r');
        let mut value = String::new();
        for part in children(node) {
            match part.kind() {
                "string_content" => {
                    let t = self.t(part);
                    if raw {
                        value.push_str(t);
                    } else {
                        match unescape(t) {
                            Some(v) => value.push_str(&v),
                            None => return self.decline(node, "string escape"),
                        }
                    }
                }
                "escape_sequence" => match unescape(self.t(part)) {
                    Some(v) if !raw => value.push_str(&v),
                    _ if raw => value.push_str(self.t(part)),
                    _ => return self.decline(part, "string escape"),
                },
                "interpolation" => {
                    return self.decline(node, "f-string where a constant string is needed")
                }
                _ => {}
            }
        }
        Ok(value)
    }

    fn string(&mut self, node: Node) -> Res<Expr> {
        if !self.is_fstring(node) {
            let v = self.string_value(node)?;
            return Ok(self.expr_of(node, ExprKind::Lit(Lit::Str(v))));
        }
        let start = node.child(0).map_or("", |s| self.t(s));
        if start.to_ascii_lowercase().contains('r') {
            return self.decline(node, "raw f-string");
        }
        let mut parts = Vec::new();
        for part in children(node) {
            match part.kind() {
                "string_content" | "escape_sequence" => {
                    let t = self.t(part).replace("{{", "{").replace("}}", "}");
                    match unescape(&t) {
                        Some(v) => parts.push(FormatPart::Text(v)),
                        None => return self.decline(part, "string escape"),
                    }
                }
                "interpolation" => {
                    if part.child_by_field_name("type_conversion").is_some() {
                        return self.decline(part, "f-string conversion (`!r`, `!s`)");
                    }
                    if children(part)
                        .iter()
                        .any(|c| !c.is_named() && self.t(*c) == "=")
                    {
                        return self.decline(part, "f-string `=`");
                    }
                    let spec = part
                        .child_by_field_name("format_specifier")
                        .map(|s| self.t(s).trim_start_matches(':').to_string())
                        .filter(|s| !s.is_empty());
                    let expr = self.expr(self.field(part, "expression")?)?;
                    parts.push(FormatPart::Value { expr, spec });
                }
                _ => {}
            }
        }
        Ok(self.expr_of(node, ExprKind::Format(parts)))
    }
}

/// Whether a `break` or `continue` in `block` (outside any loop in it)
/// would leave or restart the loop around it.
fn leaves_loop(block: &Block) -> bool {
    block.iter().any(|s| match &s.kind {
        StmtKind::Break | StmtKind::Continue => true,
        StmtKind::If { branches, orelse } => {
            branches.iter().any(|(_, b)| leaves_loop(b)) || leaves_loop(orelse)
        }
        // A `for`'s `else` runs after its loop, so it leaves the one around.
        StmtKind::For { orelse, .. } => leaves_loop(orelse),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finally,
        } => try_blocks(body, handlers, orelse, finally)
            .into_iter()
            .any(leaves_loop),
        _ => false,
    })
}

/// Python's built-in functions a call of which the frontend lowers as
/// the built-in (see `call`).
const LOWERED_BUILTINS: &[&str] = &[
    "len",
    "abs",
    "min",
    "max",
    "sum",
    "sorted",
    "reversed",
    "any",
    "all",
    "range",
    "enumerate",
    "zip",
    "map",
    "filter",
    "int",
    "float",
    "str",
    "bool",
    "list",
    "set",
    "tuple",
    "dict",
    "ord",
    "chr",
    "bin",
    "round",
    "divmod",
    "pow",
    "object",
    "iter",
    "next",
    "isinstance",
    "callable",
];

/// Python's built-in functions the frontend does not translate: a call to
/// one must not pass for a call to a user function of that name.
fn is_python_builtin(name: &str) -> bool {
    matches!(
        name,
        "print"
            | "input"
            | "open"
            | "isinstance"
            | "type"
            | "hash"
            | "id"
            | "iter"
            | "next"
            | "hex"
            | "oct"
            | "repr"
            | "format"
            | "eval"
            | "exec"
            | "getattr"
            | "setattr"
            | "hasattr"
            | "frozenset"
            | "bytes"
            | "bytearray"
            | "complex"
            | "callable"
            | "super"
            | "object"
            | "vars"
            | "globals"
            | "locals"
            | "slice"
    )
}

/// Python's built-in classes and functions that no target has a value for:
/// the exceptions and the built-ins the frontend does not translate.
fn builtin_without_value(name: &str) -> bool {
    (is_python_builtin(name) && !LOWERED_BUILTINS.contains(&name))
        || matches!(
            name,
            "BaseException"
                | "Exception"
                | "ArithmeticError"
                | "AssertionError"
                | "AttributeError"
                | "EOFError"
                | "ImportError"
                | "IndexError"
                | "KeyError"
                | "LookupError"
                | "NameError"
                | "NotImplementedError"
                | "OSError"
                | "IOError"
                | "OverflowError"
                | "RecursionError"
                | "RuntimeError"
                | "StopIteration"
                | "TypeError"
                | "UnicodeError"
                | "ValueError"
                | "ZeroDivisionError"
                | "Warning"
                | "UserWarning"
                | "DeprecationWarning"
                | "KeyboardInterrupt"
                | "SystemExit"
                | "GeneratorExit"
                | "NotImplemented"
                | "Ellipsis"
        )
}

/// The value of a Python string's escapes, or `None` for one the frontend
/// does not know (`\N{...}`).
fn unescape(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            '\n' => {}
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = (0..n).filter_map(|_| chars.next()).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            // An unknown escape keeps its backslash, as Python does.
            other if !other.is_alphanumeric() => {
                out.push('\\');
                out.push(other);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Declines a generator's `return` of a value: Python hands it to
/// `StopIteration` (and `yield from`), which no target's loop reads.
fn generator_returns(f: &Function) -> Res<()> {
    let mut at = None;
    for_each_stmt(&f.body, false, &mut |s| {
        if matches!(s.kind, StmtKind::Return(Some(_))) {
            at = at.or(Some(s.line));
        }
    });
    match at {
        Some(line) => Err(Decline(format!(
            "`return` of a value in a generator at line {line}"
        ))),
        None => Ok(()),
    }
}

/// What a local's annotation tells the analysis: its type, with every
/// float made unknown. Python does not check annotations, and `total:
/// float = 0` holds an int, which prints as one: the values decide
/// between int and float, the annotation the rest (the item types of an
/// empty list, an optional value).
fn declared_hint(ty: &Ty) -> Ty {
    let hint = |t: &Ty| Box::new(declared_hint(t));
    match ty {
        Ty::Float(_) | Ty::Number { .. } => Ty::Unknown,
        Ty::List(t) => Ty::List(hint(t)),
        Ty::TupleOf(t) => Ty::TupleOf(hint(t)),
        Ty::Set(t) => Ty::Set(hint(t)),
        Ty::Option(t) => Ty::Option(hint(t)),
        Ty::Iter(t) => Ty::Iter(hint(t)),
        Ty::Dict(k, v) => Ty::Dict(hint(k), hint(v)),
        Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(declared_hint).collect()),
        _ => ty.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn request(source: &str) -> TranslationRequest {
        TranslationRequest {
            from: Lang::Python,
            to: Lang::Rust,
            kind: SegmentKind::Function,
            name: None,
            source: source.to_string(),
            path: PathBuf::from("t.py"),
            first_line: 10,
            context: Default::default(),
        }
    }

    /// The arguments of the first call in `f`'s `return`, as literals.
    fn call_args(lowered: &Lowered) -> Vec<Option<Lit>> {
        let f = &lowered.functions[0];
        let StmtKind::Return(Some(e)) = &f.body[0].kind else {
            panic!("a return: {:?}", f.body)
        };
        let ExprKind::Call { args, .. } = &e.kind else {
            panic!("a call: {e:?}")
        };
        args.iter()
            .map(|a| match &a.kind {
                ExprKind::Lit(l) => Some(l.clone()),
                _ => None,
            })
            .collect()
    }

    // A keyword call of another unit's function is made positional from
    // the parameter list the symbol table hands over; for Rust (no default
    // arguments) a positional call leaving defaults out passes them too.
    #[test]
    fn calls_of_other_units_are_arranged_by_their_parameters() {
        let mut req = request("def f(n):\n    return g(n, c='x')\n");
        req.context.functions = vec![("g".into(), "(a, b: int = -2, c='y')".into())];
        let lowered = lower(&req).expect("lowered");
        assert_eq!(
            call_args(&lowered),
            vec![None, Some(Lit::Int(-2)), Some(Lit::Str("x".into()))]
        );
        let mut req = request("def f(n):\n    return g(n)\n");
        req.context.functions = vec![("g".into(), "(a, b: int = -2, c='y')".into())];
        let lowered = lower(&req).expect("lowered");
        assert_eq!(
            call_args(&lowered),
            vec![None, Some(Lit::Int(-2)), Some(Lit::Str("y".into()))]
        );
        req.to = Lang::JavaScript;
        let lowered = lower(&req).expect("lowered");
        assert_eq!(call_args(&lowered), vec![None], "JavaScript has defaults");
        // A function the file does not define, and a parameter list not
        // read, are declined by name.
        let mut req = request("def f(n):\n    return g(n, c=1)\n");
        assert!(lower(&req).is_err_and(|d| d.0.contains("`g`, which the file does not define")));
        req.context.functions = vec![("g".into(), "(a, *rest, c=0)".into())];
        assert!(lower(&req).is_err_and(|d| d.0.contains("takes `*args`")));
    }

    // A module constant as a default reads the one object both languages
    // name; a lower-case module name or a name the file does not define
    // at module level is declined.
    #[test]
    fn a_module_constant_is_a_default() {
        let mut req = request("def f(x, hi=LIMIT, lo=low):\n    return x\n");
        assert!(lower(&req).is_err_and(|d| d.0.contains("not a constant at line 10")));
        req.context.names = vec![
            ("LIMIT".into(), "LIMIT".into()),
            ("low".into(), "low".into()),
        ];
        assert!(lower(&req).is_err_and(|d| d.0.contains("not a constant at line 10")));
        req.source = "def f(x, hi=LIMIT):\n    return x\n".into();
        let lowered = lower(&req).expect("lowered");
        let default = lowered.functions[0].params[1]
            .default
            .as_ref()
            .map(|d| &d.kind);
        assert!(matches!(default, Some(ExprKind::Name(n)) if n == "LIMIT"));
    }

    #[test]
    fn operations_record_python_semantics() {
        let lowered = lower(&request("def f(a: int, xs):\n    return xs[a] // 2 % 3\n"));
        let f = &lowered.map(|l| l.functions).unwrap_or_default()[0];
        assert_eq!(f.params[0].ty, Ty::Int(IntTy::Unbounded));
        let StmtKind::Return(Some(e)) = &f.body[0].kind else {
            panic!("a return: {:?}", f.body)
        };
        let ExprKind::Binary(BinOp::Rem(Rounding::Floor), left, _) = &e.kind else {
            panic!("floor modulo: {e:?}")
        };
        let ExprKind::Binary(BinOp::FloorDiv(Rounding::Floor), index, _) = &left.kind else {
            panic!("floor division: {left:?}")
        };
        assert!(matches!(
            index.kind,
            ExprKind::Index {
                sem: IndexSem::PYTHON,
                ..
            }
        ));
    }

    #[test]
    fn declines_name_the_construct_and_the_line_of_the_file() {
        let err = lower(&request("def f(x):\n    with x:\n        pass\n")).err();
        assert_eq!(err, Some(Decline("`with` at line 11".into())));
        // A default of a mutable value is shared between calls: one the
        // function returns is declined where it is returned.
        let err = lower(&request("def f(x=[]):\n    return x\n")).err();
        assert_eq!(
            err,
            Some(Decline(
                "mutable default of `x` (shared between calls) used other than read at line 11"
                    .into()
            ))
        );
    }
}
