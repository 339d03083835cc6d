//! Receivers for Rust methods: how the harness builds the value a method is
//! called on (`Counter::new(0)` for `Counter::add`), which C-like enums of
//! the file are inputs (their variants), and the encoders that report a
//! receiver's fields after the call, so that a `&mut self` method that
//! leaves its receiver wrong is seen.
//!
//! Only the file's top-level items are read: the harness is appended to
//! the file, in the same module, where every field is in reach.

use tree_sitter::{Node, Parser};

use super::rust::RustType;
use crate::lang::Lang;

/// The top-level structs and enums of a Rust file.
#[derive(Clone, Debug, Default)]
pub struct Types {
    structs: Vec<StructDef>,
    enums: Vec<EnumDef>,
    /// Associated functions that build their type, in file order.
    constructors: Vec<Constructor>,
    /// For each impl: (type, trait if any, the names of its functions).
    impls: Vec<(String, Option<String>, Vec<String>)>,
}

/// An associated function that returns its type (`new`).
#[derive(Clone, Debug)]
struct Constructor {
    owner: String,
    name: String,
    /// (name, type as written).
    params: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
struct StructDef {
    name: String,
    /// It has type parameters: no values of it are built.
    generic: bool,
    /// Its lifetime parameters (`'a`), which its encoder declares.
    lifetimes: Vec<String>,
    fields: Fields,
}

#[derive(Clone, Debug)]
enum Fields {
    /// `struct S { a: i64 }`: (name, type text).
    Named(Vec<(String, String)>),
    /// `struct S(i64);`
    Tuple(Vec<String>),
    /// `struct S;`
    Unit,
}

#[derive(Clone, Debug)]
struct EnumDef {
    name: String,
    variants: Vec<String>,
    /// No variant carries data (and the enum is not generic).
    c_like: bool,
}

/// How the receiver is built from the first arguments of an input.
#[derive(Clone, Debug, PartialEq)]
pub enum Build {
    /// `Type::new(a, b)`: the associated function's path.
    Constructor(String),
    /// `Type { a: .., b: .. }`, `Type(..)` (no names) or `Type` (no fields).
    Literal {
        name: String,
        fields: Option<Vec<String>>,
    },
}

impl Build {
    /// What builds the value, for a message: `Point::new`, `Point`.
    pub fn head(&self) -> &str {
        match self {
            Build::Constructor(path) => path,
            Build::Literal { name, .. } => name,
        }
    }

    /// The receiver as a Rust expression of `args`.
    pub fn expr(&self, args: &[String]) -> String {
        match self {
            Build::Constructor(path) => format!("{path}({})", args.join(", ")),
            Build::Literal { name, fields: None } if args.is_empty() => name.clone(),
            Build::Literal { name, fields: None } => format!("{name}({})", args.join(", ")),
            Build::Literal {
                name,
                fields: Some(fields),
            } => {
                let fields: Vec<String> = fields
                    .iter()
                    .zip(args)
                    .map(|(f, a)| format!("{f}: {a}"))
                    .collect();
                format!("{name} {{ {} }}", fields.join(", "))
            }
        }
    }
}

/// How the method is called on the receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `r.method(args)`.
    Plain,
    /// `fmt` of `impl Display`: `r.to_string()`.
    Display,
    /// `fmt` of `impl Debug`: `format!("{:?}", r)`.
    Debug,
}

/// How one value of a type of the file is built: `build` applied to one
/// argument per part, each a generated value or a value of another type of
/// the file, built first (`Rect::new(Point::new(0, 1), 2)`).
#[derive(Clone, Debug, PartialEq)]
pub struct Builder {
    pub build: Build,
    /// The type built (`Point`), which the other side's class is named.
    pub owner: String,
    pub parts: Vec<Part>,
}

/// One argument of a [`Builder`], or of the method under test.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// A generated value: (name, type as written).
    Value(String, String),
    /// A value of a type of the file, built from generated values and
    /// passed as `borrow` says (`&`, `&mut ` or by value).
    Built {
        borrow: &'static str,
        builder: Box<Builder>,
    },
}

/// How deep builders nest (a receiver whose field is a struct whose field
/// is a struct ...): past it, the type is one no input is built for.
const MAX_NESTING: usize = 3;

impl Builder {
    /// The generated values it takes, in order: (name, type as written).
    pub fn leaves(&self) -> Vec<(String, String)> {
        self.parts.iter().flat_map(Part::leaves).collect()
    }

    /// The value as a Rust expression of the leaves in `args`.
    pub fn expr<'a>(&self, args: &mut impl Iterator<Item = &'a String>) -> String {
        let parts: Vec<String> = self.parts.iter().map(|p| p.expr(args)).collect();
        self.build.expr(&parts)
    }

    /// What Python's and JavaScript's harnesses build: `{"new": class,
    /// "args": [..]}`, a generated value being `null`.
    pub fn spec(&self) -> serde_json::Value {
        serde_json::json!({
            "new": self.owner,
            "args": self.parts.iter().map(Part::spec).collect::<Vec<_>>(),
        })
    }

    /// The value in Python's (`Point(0, 1)`) or JavaScript's (`new
    /// Point(0, 1)`) notation, of the leaves in `args` so written.
    pub fn shown<'a>(
        &self,
        javascript: bool,
        args: &mut impl Iterator<Item = &'a String>,
    ) -> String {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|p| p.shown(javascript, args))
            .collect();
        let new = if javascript { "new " } else { "" };
        format!("{new}{}({})", self.owner, parts.join(", "))
    }
}

impl Part {
    pub fn leaves(&self) -> Vec<(String, String)> {
        match self {
            Part::Value(name, ty) => vec![(name.clone(), ty.clone())],
            Part::Built { builder, .. } => builder.leaves(),
        }
    }

    pub fn expr<'a>(&self, args: &mut impl Iterator<Item = &'a String>) -> String {
        match self {
            Part::Value(..) => args.next().cloned().unwrap_or_default(),
            Part::Built { borrow, builder } => format!("{borrow}{}", builder.expr(args)),
        }
    }

    pub fn spec(&self) -> serde_json::Value {
        match self {
            Part::Value(..) => serde_json::Value::Null,
            Part::Built { builder, .. } => builder.spec(),
        }
    }

    pub fn shown<'a>(
        &self,
        javascript: bool,
        args: &mut impl Iterator<Item = &'a String>,
    ) -> String {
        match self {
            Part::Value(..) => args.next().cloned().unwrap_or_default(),
            Part::Built { builder, .. } => builder.shown(javascript, args),
        }
    }
}

/// A method call the Rust harness makes: the receiver built from the
/// first `build_params.len()` arguments, the method called with the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodCall {
    pub build: Builder,
    /// The generated values the receiver is built from: (name, type as
    /// written), `build.leaves()`.
    pub build_params: Vec<(String, String)>,
    /// The method's own arguments; a parameter of a type of the file
    /// (`other: &Self`) is built like the receiver. Empty: each argument
    /// is one generated value.
    pub args: Vec<Part>,
    pub method: String,
    pub form: Form,
    /// The receiver's fields are reported after the call (it is not
    /// consumed, and every field can be encoded).
    pub state: bool,
    /// `Encode` impls of the file's types the harness reports (C-like
    /// enums, the receiver's struct), appended to the program.
    pub encoders: String,
}

impl MethodCall {
    /// The method's arguments as Rust expressions of the generated values
    /// in `args`.
    pub fn args_expr(&self, args: &[String]) -> Vec<String> {
        if self.args.is_empty() {
            return args.to_vec();
        }
        let mut values = args.iter();
        self.args.iter().map(|p| p.expr(&mut values)).collect()
    }

    /// Whether an argument of the method is built (not only generated).
    pub fn builds_args(&self) -> bool {
        self.args.iter().any(|p| matches!(p, Part::Built { .. }))
    }

    /// The call in Rust's notation for a counterexample:
    /// `Counter::new(0).add(1)`.
    pub fn shown(&self, build_args: &[String], args: &[String]) -> String {
        let receiver = self.build.expr(&mut build_args.iter());
        let receiver = match self.build.build {
            Build::Literal { .. } => format!("({receiver})"),
            Build::Constructor(_) => receiver,
        };
        match self.form {
            Form::Plain => format!(
                "{receiver}.{}({})",
                self.method,
                self.args_expr(args).join(", ")
            ),
            Form::Display => format!("{receiver}.to_string()"),
            Form::Debug => format!("format!(\"{{:?}}\", {receiver})"),
        }
    }
}

impl Types {
    /// Reads `file`'s top-level structs, enums and impls.
    pub fn read(file: &str) -> Types {
        let mut types = Types::default();
        let mut parser = Parser::new();
        if parser.set_language(&Lang::Rust.grammar()).is_err() {
            return types;
        }
        let Some(tree) = parser.parse(file, None) else {
            return types;
        };
        let text = |n: Node<'_>| file.get(n.byte_range()).unwrap_or_default().to_string();
        let root = tree.root_node();
        let mut cursor = root.walk();
        for item in root.named_children(&mut cursor) {
            let name = item.child_by_field_name("name").map(text);
            // Lifetimes alone (`struct ParamsIter<'a>`) leave one type, and
            // type parameters that all have defaults (`BitVec<B = u32>`)
            // name one where the type is written bare: values of it are
            // built like any other's.
            let parameters: Vec<Node<'_>> = item
                .child_by_field_name("type_parameters")
                .map(|list| {
                    let mut c = list.walk();
                    let parameters: Vec<Node<'_>> = list
                        .named_children(&mut c)
                        .filter(|p| !matches!(p.kind(), "line_comment" | "block_comment"))
                        .collect();
                    parameters
                })
                .unwrap_or_default();
            let is_lifetime = |p: &Node<'_>| matches!(p.kind(), "lifetime_parameter" | "lifetime");
            let defaulted = |p: &Node<'_>| {
                p.kind() == "type_parameter" && p.child_by_field_name("default_type").is_some()
            };
            let generic = parameters.iter().any(|p| !is_lifetime(p) && !defaulted(p));
            match item.kind() {
                "struct_item" => {
                    let Some(name) = name else { continue };
                    // A defaulted parameter is its default in the fields'
                    // types (`Vec<B>` of `BitVec<B = u32>` is `Vec<u32>`).
                    let defaults: Vec<(String, String)> = parameters
                        .iter()
                        .filter_map(|p| {
                            Some((
                                text(p.child_by_field_name("name")?),
                                text(p.child_by_field_name("default_type")?),
                            ))
                        })
                        .collect();
                    let text = |n: Node<'_>| {
                        defaults.iter().fold(text(n), |t, (param, default)| {
                            super::signature::replace_word(&t, param, default)
                        })
                    };
                    let fields = match item.child_by_field_name("body") {
                        Some(body) if body.kind() == "field_declaration_list" => {
                            let mut c = body.walk();
                            Fields::Named(
                                body.named_children(&mut c)
                                    .filter(|f| f.kind() == "field_declaration")
                                    .filter_map(|f| {
                                        Some((
                                            text(f.child_by_field_name("name")?),
                                            text(f.child_by_field_name("type")?),
                                        ))
                                    })
                                    .collect(),
                            )
                        }
                        Some(body) if body.kind() == "ordered_field_declaration_list" => {
                            let mut c = body.walk();
                            Fields::Tuple(
                                body.named_children(&mut c)
                                    .filter(|f| {
                                        !matches!(
                                            f.kind(),
                                            "visibility_modifier" | "attribute_item" | "comment"
                                        )
                                    })
                                    .map(text)
                                    .collect(),
                            )
                        }
                        _ => Fields::Unit,
                    };
                    let lifetimes = item
                        .child_by_field_name("type_parameters")
                        .map(|list| {
                            let mut c = list.walk();
                            let names: Vec<String> = list
                                .named_children(&mut c)
                                .filter(|p| p.kind() == "lifetime_parameter")
                                .filter_map(|p| {
                                    let lifetime = p.child_by_field_name("name")?;
                                    Some(text(lifetime))
                                })
                                .collect();
                            names
                        })
                        .unwrap_or_default();
                    types.structs.push(StructDef {
                        name,
                        generic,
                        lifetimes,
                        fields,
                    });
                }
                "enum_item" => {
                    let Some(name) = name else { continue };
                    // One compiled in only sometimes (`#[cfg(test)]`) may not
                    // be there for the harness's encoder.
                    let mut before = item.prev_named_sibling();
                    let mut conditional = false;
                    while let Some(attribute) = before.filter(|b| b.kind() == "attribute_item") {
                        conditional |= text(attribute).contains("cfg(");
                        before = attribute.prev_named_sibling();
                    }
                    if conditional {
                        continue;
                    }
                    let mut variants = Vec::new();
                    let mut c_like = !generic;
                    if let Some(body) = item.child_by_field_name("body") {
                        let mut c = body.walk();
                        for variant in body.named_children(&mut c) {
                            if variant.kind() != "enum_variant" {
                                continue;
                            }
                            c_like &= variant.child_by_field_name("body").is_none();
                            variants.extend(variant.child_by_field_name("name").map(text));
                        }
                    }
                    c_like &= !variants.is_empty();
                    types.enums.push(EnumDef {
                        name,
                        variants,
                        c_like,
                    });
                }
                "impl_item" => {
                    let Some(ty) = item.child_by_field_name("type").map(text) else {
                        continue;
                    };
                    let owner = ty.split('<').next().unwrap_or_default().trim().to_string();
                    let trait_name = item.child_by_field_name("trait").map(text);
                    let mut names = Vec::new();
                    if let Some(body) = item.child_by_field_name("body") {
                        let mut c = body.walk();
                        for function in body.named_children(&mut c) {
                            if function.kind() != "function_item" {
                                continue;
                            }
                            let Some(fname) = function.child_by_field_name("name").map(text) else {
                                continue;
                            };
                            names.push(fname.clone());
                            // In `impl<B> T<B>`, `T::new()` leaves `B` to
                            // inference, which a harness's `let` does not
                            // settle.
                            if generic
                                || trait_name.is_some()
                                || function.child_by_field_name("type_parameters").is_some()
                            {
                                continue;
                            }
                            let returns = function
                                .child_by_field_name("return_type")
                                .map(text)
                                .unwrap_or_default();
                            if returns != "Self" && returns != owner && returns != ty {
                                continue;
                            }
                            let Some(list) = function.child_by_field_name("parameters") else {
                                continue;
                            };
                            let mut c = list.walk();
                            let params: Vec<Node<'_>> = list.named_children(&mut c).collect();
                            if params.iter().any(|p| p.kind() == "self_parameter") {
                                continue;
                            }
                            let params = params
                                .into_iter()
                                .filter(|p| p.kind() == "parameter")
                                .filter_map(|p| {
                                    Some((
                                        text(p.child_by_field_name("pattern")?)
                                            .trim_start_matches("mut ")
                                            .to_string(),
                                        text(p.child_by_field_name("type")?),
                                    ))
                                })
                                .collect();
                            types.constructors.push(Constructor {
                                owner: owner.clone(),
                                name: fname,
                                params,
                            });
                        }
                    }
                    types.impls.push((owner, trait_name, names));
                }
                _ => {}
            }
        }
        types
    }

    /// [`Types::read`], and the C-like enums of the modules the file
    /// declares (`mod definitions;`, read from its tree at `place`) that it
    /// brings into scope with a `use` (`pub use definitions::State;`, or
    /// `definitions::*`): the harness, appended to the file, names them as
    /// the file does.
    pub fn read_in(file: &str, place: Option<crate::verify::tree::TreePlace<'_>>) -> Types {
        let mut types = Types::read(file);
        let Some(place) = place else {
            return types;
        };
        let mut parser = Parser::new();
        if parser.set_language(&Lang::Rust.grammar()).is_err() {
            return types;
        }
        let Some(tree) = parser.parse(file, None) else {
            return types;
        };
        let text = |n: Node<'_>| file.get(n.byte_range()).unwrap_or_default();
        let root = tree.root_node();
        let mut cursor = root.walk();
        let items: Vec<Node<'_>> = root.named_children(&mut cursor).collect();
        let uses: Vec<&str> = items
            .iter()
            .filter(|i| i.kind() == "use_declaration")
            .map(|i| text(*i))
            .collect();
        // A module's file: `a/b.rs` declares `a/b/x.rs`; `a/mod.rs`,
        // `lib.rs` and `main.rs` declare `a/x.rs`.
        let path = place.path;
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let folder = path.parent().unwrap_or(std::path::Path::new(""));
        let folder = if matches!(stem, "mod" | "lib" | "main") {
            folder.to_path_buf()
        } else {
            folder.join(stem)
        };
        for item in &items {
            if item.kind() != "mod_item" || item.child_by_field_name("body").is_some() {
                continue;
            }
            let Some(name) = item.child_by_field_name("name").map(text) else {
                continue;
            };
            let module = [
                folder.join(format!("{name}.rs")),
                folder.join(name).join("mod.rs"),
            ]
            .into_iter()
            .find_map(|p| std::fs::read_to_string(place.root.join(p)).ok());
            let Some(module) = module else { continue };
            let in_scope = |enum_name: &str| {
                uses.iter().any(|u| {
                    let u = u.replace(' ', "");
                    let after = u
                        .split_once(&format!("use{name}::"))
                        .or_else(|| u.split_once(&format!("useself::{name}::")))
                        .map(|(_, rest)| rest);
                    after.is_some_and(|rest| {
                        rest.starts_with('*')
                            || rest
                                .split(|c: char| !c.is_alphanumeric() && c != '_')
                                .any(|w| w == enum_name)
                                && !rest.contains(&format!("{enum_name}as"))
                    })
                })
            };
            for e in Types::read(&module).enums {
                if e.c_like
                    && in_scope(&e.name)
                    && !types.enums.iter().any(|mine| mine.name == e.name)
                    && !types.structs.iter().any(|s| s.name == e.name)
                {
                    types.enums.push(e);
                }
            }
        }
        types
    }

    /// `ty` with every C-like enum of the file it names read as
    /// [`RustType::Enum`], whose variants are inputs.
    pub fn resolve(&self, ty: RustType) -> RustType {
        let boxed = |t: Box<RustType>| Box::new(self.resolve(*t));
        match ty {
            RustType::Other(name) => match self.enums.iter().find(|e| e.name == name && e.c_like) {
                Some(e) => RustType::Enum {
                    name: e.name.clone(),
                    variants: e.variants.clone(),
                },
                None => RustType::Other(name),
            },
            RustType::Ref { mutable, inner } => RustType::Ref {
                mutable,
                inner: boxed(inner),
            },
            RustType::Slice(t) => RustType::Slice(boxed(t)),
            RustType::Array(t, n) => RustType::Array(boxed(t), n),
            RustType::Vec(t) => RustType::Vec(boxed(t)),
            RustType::VecDeque(t) => RustType::VecDeque(boxed(t)),
            RustType::Option(t) => RustType::Option(boxed(t)),
            RustType::Boxed(t) => RustType::Boxed(boxed(t)),
            RustType::Tuple(items) => {
                RustType::Tuple(items.into_iter().map(|t| self.resolve(t)).collect())
            }
            RustType::Map {
                ordered,
                key,
                value,
            } => RustType::Map {
                ordered,
                key: boxed(key),
                value: boxed(value),
            },
            RustType::Set { ordered, item } => RustType::Set {
                ordered,
                item: boxed(item),
            },
            other => other,
        }
    }

    /// Why values of `ty` (as written) cannot be built, or `None` if they
    /// can.
    fn unbuildable(&self, ty: &str) -> Option<String> {
        let resolved = self.resolve(RustType::parse(ty));
        resolved.source().is_none().then(|| ty.to_string())
    }

    /// Whether the harness can report a value of `ty` (as written): a type
    /// it encodes, a C-like enum, or `owner` itself once it has an encoder.
    fn encodable(&self, ty: &str) -> bool {
        self.unbuildable(ty).is_none()
    }

    /// How to build a `owner` to call `method` on (a method on a value,
    /// `&self`, `&mut self` or `self`, whose own text is `function_text`
    /// and whose parameters are `params`: (name, type as written)), or why
    /// none can be built. `arity`: how many arguments the other side's
    /// class of a name takes, where it declares a constructor; a builder
    /// taking as many is preferred.
    pub fn method_call(
        &self,
        owner: &str,
        method: &str,
        function_text: &str,
        params: &[(String, String)],
        arity: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<MethodCall, String> {
        let trait_name = self
            .impls
            .iter()
            .find(|(o, _, names)| o == owner && names.iter().any(|n| n == method))
            .and_then(|(_, t, _)| t.clone());
        let form = match (trait_name.as_deref(), method) {
            (Some(t), "fmt") if t.ends_with("Display") => Form::Display,
            (Some(t), "fmt") if t.ends_with("Debug") => Form::Debug,
            (Some(t), "fmt") => {
                return Err(format!(
                    "`{owner}::fmt` of `impl {t}`: the harness formats with Display and Debug only"
                ))
            }
            _ => Form::Plain,
        };
        let structure = self.structs.iter().find(|s| s.name == owner);
        let build = self.builder(owner, arity, 0)?;
        // A method taking `self` by value consumes its receiver: there is
        // no state left to report.
        let consumes = !receiver_is_borrowed(function_text, method);
        let fields_encode = structure.is_some_and(|s| match &s.fields {
            Fields::Named(fields) => fields.iter().all(|(_, t)| self.encodable(t)),
            Fields::Tuple(fields) => fields.iter().all(|t| self.encodable(t)),
            Fields::Unit => true,
        });
        let state = !consumes && fields_encode;
        let encoders = self.encoders(if fields_encode { structure } else { None });
        // The method's own parameters of a type of the file (`other:
        // &Self`, `p: Point`) are built as the receiver is; the others are
        // generated values, and one that cannot be says so later.
        let args: Vec<Part> = if form == Form::Plain {
            params
                .iter()
                .map(|(name, ty)| {
                    self.part(name, ty, owner, arity, 1)
                        .unwrap_or_else(|_| Part::Value(name.clone(), ty.clone()))
                })
                .collect()
        } else {
            Vec::new()
        };
        let args = if args.iter().any(|p| matches!(p, Part::Built { .. })) {
            args
        } else {
            Vec::new()
        };
        Ok(MethodCall {
            build_params: build.leaves(),
            build,
            args,
            method: method.to_string(),
            form,
            state,
            encoders,
        })
    }

    /// One argument of type `ty` (as written): a generated value, or a
    /// value of a type of the file built first (`Self` is `owner`).
    fn part(
        &self,
        name: &str,
        ty: &str,
        owner: &str,
        arity: &dyn Fn(&str) -> Option<usize>,
        depth: usize,
    ) -> Result<Part, String> {
        if self.unbuildable(ty).is_none() {
            return Ok(Part::Value(name.to_string(), ty.to_string()));
        }
        let (borrow, inner) = match ty.trim().strip_prefix('&') {
            Some(rest) => {
                // `&'a mut T`: the lifetime goes, the borrow stays.
                let rest = rest.trim_start();
                let rest = match rest.strip_prefix('\'') {
                    Some(lifetime) => lifetime
                        .trim_start_matches(|c: char| c.is_alphanumeric() || c == '_')
                        .trim_start(),
                    None => rest,
                };
                match rest.strip_prefix("mut ") {
                    Some(rest) => ("&mut ", rest.trim()),
                    None => ("&", rest.trim()),
                }
            }
            None => ("", ty.trim()),
        };
        let inner = if inner == "Self" { owner } else { inner };
        // A lifetime-only type (`Params<'a>`) is the type itself.
        let inner = match inner.split_once('<') {
            Some((head, rest))
                if rest
                    .trim_end_matches('>')
                    .split(',')
                    .all(|a| a.trim().starts_with('\'')) =>
            {
                head.trim()
            }
            _ => inner,
        };
        let known = self.structs.iter().any(|s| s.name == inner)
            || self.constructors.iter().any(|c| c.owner == inner);
        if !known || depth > MAX_NESTING {
            return Err(ty.to_string());
        }
        let builder = self
            .builder(inner, arity, depth)
            .map_err(|_| ty.to_string())?;
        Ok(Part::Built {
            borrow,
            builder: Box::new(builder),
        })
    }

    /// How to build a value of `owner`: one of its associated functions
    /// that return it (`new` first, then in file order) or a struct literal
    /// of its fields (last), the first whose parameters can all be built;
    /// where `arity` says how many arguments the other side's class takes,
    /// the first taking as many. A parameter or field of another type of
    /// the file is built first, `depth` levels down at most.
    fn builder(
        &self,
        owner: &str,
        arity: &dyn Fn(&str) -> Option<usize>,
        depth: usize,
    ) -> Result<Builder, String> {
        let structure = self.structs.iter().find(|s| s.name == owner);
        if structure.is_some_and(|s| s.generic) {
            return Err(format!(
                "no receiver for `{owner}`: it is generic, and the harness builds no generic values"
            ));
        }
        let mut ordered: Vec<&Constructor> = self
            .constructors
            .iter()
            .filter(|c| c.owner == owner)
            .collect();
        ordered.sort_by_key(|c| c.name != "new");
        let parts_of = |fields: &[(String, String)]| -> Result<Vec<Part>, (String, String)> {
            fields
                .iter()
                .map(|(p, t)| {
                    self.part(p, t, owner, arity, depth + 1)
                        .map_err(|t| (p.clone(), t))
                })
                .collect()
        };
        // Every way to build it, in the order of preference: (builder, or
        // why not).
        let mut candidates: Vec<Result<Builder, String>> = ordered
            .into_iter()
            .map(|Constructor { name, params, .. }| {
                parts_of(params)
                    .map(|parts| Builder {
                        build: Build::Constructor(format!("{owner}::{name}")),
                        owner: owner.to_string(),
                        parts,
                    })
                    .map_err(|(p, t)| format!("`{owner}::{name}` takes `{p}: {t}`"))
            })
            .collect();
        let refused = candidates.iter().find_map(|c| c.as_ref().err().cloned());
        let literal = structure.map(|structure| {
            let (fields, named) = match &structure.fields {
                Fields::Named(fields) => (fields.clone(), true),
                Fields::Tuple(types) => (
                    types
                        .iter()
                        .enumerate()
                        .map(|(at, t)| (format!("field{at}"), t.clone()))
                        .collect(),
                    false,
                ),
                Fields::Unit => (Vec::new(), false),
            };
            parts_of(&fields)
                .map(|parts| Builder {
                    build: Build::Literal {
                        name: owner.to_string(),
                        fields: named.then(|| fields.iter().map(|(f, _)| f.clone()).collect()),
                    },
                    owner: owner.to_string(),
                    parts,
                })
                .map_err(|(field, ty)| {
                    let constructor = match &refused {
                        Some(why) => format!("{why}, and its"),
                        None => "its".to_string(),
                    };
                    format!(
                        "no constructor for `{owner}`: {constructor} field `{field}` has type `{ty}`, which no input is built for"
                    )
                })
        });
        let literal_why = literal.as_ref().and_then(|l| l.as_ref().err().cloned());
        candidates.extend(literal);
        let wanted = arity(owner);
        let fits = |b: &Builder| wanted.is_none_or(|n| n == b.parts.len());
        let mut built = candidates.into_iter().filter_map(Result::ok);
        let first = built.next();
        if let Some(builder) = first
            .iter()
            .cloned()
            .chain(built)
            .find(|b| fits(b))
            .or(first)
        {
            return Ok(builder);
        }
        Err(match (literal_why, refused) {
            (Some(why), _) => why,
            (None, Some(why)) => {
                format!("no receiver for `{owner}`: {why}, which no input is built for")
            }
            (None, None) => format!(
                "no constructor for `{owner}`: it is not a struct of this file, and no associated function returns it"
            ),
        })
    }

    /// `Encode` impls for the C-like enums [`Types::read_in`] found.
    pub fn enum_encoders(&self) -> String {
        self.encoders(None)
    }

    /// `Encode` impls for the file's C-like enums (a variant is its name)
    /// and for `structure` (its fields, as a dict by name; a tuple
    /// struct's by position).
    fn encoders(&self, structure: Option<&StructDef>) -> String {
        let mut out = String::new();
        for e in self.enums.iter().filter(|e| e.c_like) {
            let arms: Vec<String> = e
                .variants
                .iter()
                .map(|v| format!("{}::{v} => {v:?},", e.name))
                .collect();
            out.push_str(&format!(
                "impl __xlate::Encode for {} {{\n    fn encode(&self, out: &mut String) {{\n        let name = match self {{ {} }};\n        __xlate::Encode::encode(name, out);\n    }}\n}}\n",
                e.name,
                arms.join(" ")
            ));
        }
        if let Some(s) = structure {
            let names: Vec<(String, String)> = match &s.fields {
                Fields::Named(fields) => {
                    fields.iter().map(|(f, _)| (f.clone(), f.clone())).collect()
                }
                Fields::Tuple(types) => (0..types.len())
                    .map(|at| (at.to_string(), at.to_string()))
                    .collect(),
                Fields::Unit => Vec::new(),
            };
            let mut body = String::from("        out.push_str(\"{\\\"dict\\\":[\");\n");
            for (at, (key, field)) in names.iter().enumerate() {
                let comma = if at > 0 { "," } else { "" };
                body.push_str(&format!(
                    "        out.push_str(\"{comma}[{{\\\"str\\\":\\\"{key}\\\"}},\");\n        __xlate::Encode::encode(&self.{field}, out);\n        out.push(']');\n"
                ));
            }
            body.push_str("        out.push_str(\"]}\");\n");
            let (declared, applied) = match s.lifetimes.is_empty() {
                true => (String::new(), String::new()),
                false => {
                    let lifetimes = format!("<{}>", s.lifetimes.join(", "));
                    (lifetimes.clone(), lifetimes)
                }
            };
            out.push_str(&format!(
                "impl{declared} __xlate::Encode for {}{applied} {{\n    fn encode(&self, out: &mut String) {{\n{body}    }}\n}}\n",
                s.name
            ));
        }
        out
    }
}

/// Whether `method`'s receiver is `&self` or `&mut self` (not `self`).
fn receiver_is_borrowed(function_text: &str, method: &str) -> bool {
    let Some(at) = function_text.find(&format!("fn {method}")) else {
        return true;
    };
    let rest = &function_text[at..];
    let Some(open) = rest.find('(') else {
        return true;
    };
    rest[open + 1..].trim_start().starts_with('&')
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTER: &str = "#[derive(Clone, Copy)]\npub enum Step { One, Two }\n\
        pub struct Counter { count: i64, step: Step }\n\
        impl Counter {\n    pub fn new(count: i64) -> Self { Counter { count, step: Step::One } }\n    \
        pub fn add(&mut self, n: i64) -> i64 { self.count += n; self.count }\n}\n\
        impl std::fmt::Display for Counter {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { write!(f, \"{}\", self.count) }\n}\n\
        struct Pair { a: i64, b: String }\nimpl Pair { fn sum(&self) -> i64 { self.a } }\n\
        struct Holder { inner: std::rc::Rc<i64> }\nimpl Holder { fn get(&self) -> i64 { *self.inner } }\n";

    #[test]
    fn a_receiver_is_built_by_new_then_by_a_literal() {
        let types = Types::read(COUNTER);
        let call = types
            .method_call(
                "Counter",
                "add",
                "pub fn add(&mut self, n: i64) -> i64 {}",
                &[("n".into(), "i64".into())],
                &|_| None,
            )
            .expect("a receiver");
        assert_eq!(call.build.build, Build::Constructor("Counter::new".into()));
        assert_eq!(call.build_params, vec![("count".into(), "i64".into())]);
        assert!(call.state, "{call:?}");
        assert!(call.encoders.contains("impl __xlate::Encode for Step"));
        assert_eq!(
            call.shown(&["0".into()], &["1".into()]),
            "Counter::new(0).add(1)"
        );
        let display = types
            .method_call(
                "Counter",
                "fmt",
                "fn fmt(&self, f: &mut Formatter)",
                &[],
                &|_| None,
            )
            .expect("a receiver");
        assert_eq!(display.form, Form::Display);
        let pair = types
            .method_call("Pair", "sum", "fn sum(&self) -> i64", &[], &|_| None)
            .expect("a literal");
        assert_eq!(
            pair.build
                .expr(&mut ["1".to_string(), "String::from(\"x\")".to_string()].iter()),
            "Pair { a: 1, b: String::from(\"x\") }"
        );
    }

    const SHAPES: &str = "pub struct Point { x: i64, y: i64 }\n\
        impl Point {\n    pub fn origin() -> Self { Point { x: 0, y: 0 } }\n    \
        pub fn new(x: i64, y: i64) -> Self { Point { x, y } }\n    \
        pub fn dot(&self, other: &Self) -> i64 { self.x * other.x + self.y * other.y }\n}\n\
        pub struct Segment { from: Point, to: Point }\n\
        impl Segment { fn width(&self) -> i64 { self.to.x - self.from.x } }\n\
        pub struct Words<'a> { text: &'a str }\n\
        impl<'a> Words<'a> { fn count(&self) -> usize { 0 } }\n";

    #[test]
    fn values_of_the_files_types_are_built_inside_receivers_and_arguments() {
        let types = Types::read(SHAPES);
        // A field of another struct of the file is built first.
        let width = types
            .method_call("Segment", "width", "fn width(&self) -> i64", &[], &|_| None)
            .expect("a receiver");
        assert_eq!(width.build_params.len(), 4, "{width:?}");
        assert_eq!(
            width.shown(&["1", "2", "3", "4"].map(String::from), &[]),
            "(Segment { from: Point::new(1, 2), to: Point::new(3, 4) }).width()"
        );
        // `other: &Self` is built as the receiver is, and borrowed.
        let dot = types
            .method_call(
                "Point",
                "dot",
                "fn dot(&self, other: &Self) -> i64",
                &[("other".into(), "&Self".into())],
                &|_| None,
            )
            .expect("a receiver");
        assert!(dot.builds_args());
        assert_eq!(
            dot.shown(&["1", "2"].map(String::from), &["3", "4"].map(String::from)),
            "Point::new(1, 2).dot(&Point::new(3, 4))"
        );
        // A lifetime alone does not make a type generic.
        let count = types
            .method_call("Words", "count", "fn count(&self) -> usize", &[], &|_| None)
            .expect("a receiver");
        assert_eq!(count.build_params, vec![("text".into(), "&'a str".into())]);
    }

    #[test]
    fn a_struct_generic_only_over_defaulted_types_is_built_at_them() {
        let types = Types::read(
            "pub struct Bits<B = u32> { store: Vec<B> }\n\
             impl Bits<u32> { pub fn new() -> Self { Bits { store: Vec::new() } } }\n\
             impl<B: Copy> Bits<B> { pub fn empty() -> Self { Bits { store: Vec::new() } } fn len(&self) -> usize { 0 } }\n\
             pub struct Loose<B = u32> { store: Vec<B>, at: std::rc::Rc<B> }\n",
        );
        let len = types
            .method_call("Bits", "len", "fn len(&self) -> usize", &[], &|_| None)
            .expect("a receiver");
        // `empty` of the generic impl would leave `B` to inference.
        assert_eq!(len.build.build, Build::Constructor("Bits::new".into()));
        // Its literal has the fields at the defaults.
        let len = types
            .method_call("Bits", "len", "fn len(&self) -> usize", &[], &|_| Some(1))
            .expect("a receiver");
        assert_eq!(len.build_params, vec![("store".into(), "Vec<u32>".into())]);
        assert_eq!(
            types.method_call("Loose", "len", "fn len(&self) -> usize", &[], &|_| None),
            Err("no constructor for `Loose`: its field `at` has type `std::rc::Rc<u32>`, which no input is built for".into())
        );
    }

    #[test]
    fn the_builder_taking_as_many_arguments_as_the_other_side_is_chosen() {
        let types = Types::read(SHAPES);
        let call = |arity| {
            types
                .method_call(
                    "Point",
                    "dot",
                    "fn dot(&self, other: &Self) -> i64",
                    &[],
                    &|_| arity,
                )
                .expect("a receiver")
                .build
                .build
        };
        assert_eq!(call(None), Build::Constructor("Point::new".into()));
        assert_eq!(call(Some(2)), Build::Constructor("Point::new".into()));
        assert_eq!(call(Some(0)), Build::Constructor("Point::origin".into()));
        // No associated function takes as many: the struct literal does.
        let segment = types
            .method_call("Segment", "width", "fn width(&self) -> i64", &[], &|_| {
                Some(2)
            })
            .expect("a receiver");
        assert_eq!(segment.build.build.head(), "Segment");
    }

    #[test]
    fn enums_of_a_declared_module_in_scope_are_inputs() {
        let dir = tempfile::tempdir().expect("a folder");
        std::fs::create_dir_all(dir.path().join("src")).expect("src");
        std::fs::write(
            dir.path().join("src/defs.rs"),
            "#[derive(Clone, Copy)]\npub enum Mode { On, Off }\npub enum Hidden { A }\n",
        )
        .expect("defs.rs");
        let lib = "mod defs;\npub use defs::Mode;\npub fn flip(m: Mode) -> Mode { m }\n";
        let place = crate::verify::tree::TreePlace {
            root: dir.path(),
            path: std::path::Path::new("src/lib.rs"),
        };
        let types = Types::read_in(lib, Some(place));
        assert_eq!(
            types.resolve(RustType::parse("Mode")),
            RustType::Enum {
                name: "Mode".into(),
                variants: vec!["On".into(), "Off".into()]
            }
        );
        // Not brought into scope: the file does not name it so.
        assert!(matches!(
            types.resolve(RustType::parse("Hidden")),
            RustType::Other(_)
        ));
        assert!(types
            .enum_encoders()
            .contains("impl __xlate::Encode for Mode"));
        // Alone, the file knows no such enum.
        assert!(matches!(
            Types::read_in(lib, None).resolve(RustType::parse("Mode")),
            RustType::Other(_)
        ));
    }

    #[test]
    fn enums_without_data_are_inputs_and_other_types_say_why() {
        let types = Types::read(COUNTER);
        assert_eq!(
            types.resolve(RustType::parse("Option<Step>")),
            RustType::Option(Box::new(RustType::Enum {
                name: "Step".into(),
                variants: vec!["One".into(), "Two".into()]
            }))
        );
        let why = types
            .method_call("Holder", "get", "fn get(&self) -> i64", &[], &|_| None)
            .expect_err("no receiver");
        assert_eq!(
            why,
            "no constructor for `Holder`: its field `inner` has type `std::rc::Rc<i64>`, which no input is built for"
        );
        assert!(!receiver_is_borrowed("fn into(self) -> i64", "into"));
    }
}
