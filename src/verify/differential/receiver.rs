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
    /// It has type or lifetime parameters: no values of it are built.
    generic: bool,
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

/// A method call the Rust harness makes: the receiver built from the
/// first `build_params.len()` arguments, the method called with the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodCall {
    pub build: Build,
    /// The builder's parameters: (name, type as written).
    pub build_params: Vec<(String, String)>,
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
    /// The call in Rust's notation for a counterexample:
    /// `Counter::new(0).add(1)`.
    pub fn shown(&self, build_args: &[String], args: &[String]) -> String {
        let receiver = self.build.expr(build_args);
        let receiver = match self.build {
            Build::Literal { .. } => format!("({receiver})"),
            Build::Constructor(_) => receiver,
        };
        match self.form {
            Form::Plain => format!("{receiver}.{}({})", self.method, args.join(", ")),
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
            let generic = item.child_by_field_name("type_parameters").is_some();
            match item.kind() {
                "struct_item" => {
                    let Some(name) = name else { continue };
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
                    types.structs.push(StructDef {
                        name,
                        generic,
                        fields,
                    });
                }
                "enum_item" => {
                    let Some(name) = name else { continue };
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
                            if trait_name.is_some()
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
    /// `&self`, `&mut self` or `self`, whose own text is `function_text`),
    /// or why none can be built.
    pub fn method_call(
        &self,
        owner: &str,
        method: &str,
        function_text: &str,
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
        if structure.is_some_and(|s| s.generic) {
            return Err(format!(
                "no receiver for `{owner}`: it is generic, and the harness builds no generic values"
            ));
        }
        let (build, build_params) = self.build(owner, structure)?;
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
        Ok(MethodCall {
            build,
            build_params,
            method: method.to_string(),
            form,
            state,
            encoders,
        })
    }

    fn build(
        &self,
        owner: &str,
        structure: Option<&StructDef>,
    ) -> Result<(Build, Vec<(String, String)>), String> {
        // `new` first, then any other associated function that returns
        // `Self`, the first whose parameters can all be built.
        let mut ordered: Vec<&Constructor> = self
            .constructors
            .iter()
            .filter(|c| c.owner == owner)
            .collect();
        ordered.sort_by_key(|c| c.name != "new");
        let mut refused = None;
        for Constructor { name, params, .. } in ordered {
            match params.iter().find_map(|(p, t)| {
                self.unbuildable(t)
                    .map(|t| format!("`{owner}::{name}` takes `{p}: {t}`"))
            }) {
                None => {
                    return Ok((
                        Build::Constructor(format!("{owner}::{name}")),
                        params.clone(),
                    ))
                }
                Some(why) => refused = refused.or(Some(why)),
            }
        }
        let Some(structure) = structure else {
            return Err(match refused {
                Some(why) => format!("no receiver for `{owner}`: {why}, which no input is built for"),
                None => format!(
                    "no constructor for `{owner}`: it is not a struct of this file, and no associated function returns it"
                ),
            });
        };
        let unbuildable = |fields: &[(String, String)]| {
            fields
                .iter()
                .find_map(|(f, t)| self.unbuildable(t).map(|t| (f.clone(), t)))
        };
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
        if let Some((field, ty)) = unbuildable(&fields) {
            let constructor = match refused {
                Some(why) => format!("{why}, and its"),
                None => "its".to_string(),
            };
            return Err(format!(
                "no constructor for `{owner}`: {constructor} field `{field}` has type `{ty}`, which no input is built for"
            ));
        }
        Ok((
            Build::Literal {
                name: owner.to_string(),
                fields: named.then(|| fields.iter().map(|(f, _)| f.clone()).collect()),
            },
            fields,
        ))
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
            out.push_str(&format!(
                "impl __xlate::Encode for {} {{\n    fn encode(&self, out: &mut String) {{\n{body}    }}\n}}\n",
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
            .method_call("Counter", "add", "pub fn add(&mut self, n: i64) -> i64 {}")
            .expect("a receiver");
        assert_eq!(call.build, Build::Constructor("Counter::new".into()));
        assert_eq!(call.build_params, vec![("count".into(), "i64".into())]);
        assert!(call.state, "{call:?}");
        assert!(call.encoders.contains("impl __xlate::Encode for Step"));
        assert_eq!(
            call.shown(&["0".into()], &["1".into()]),
            "Counter::new(0).add(1)"
        );
        let display = types
            .method_call("Counter", "fmt", "fn fmt(&self, f: &mut Formatter)")
            .expect("a receiver");
        assert_eq!(display.form, Form::Display);
        let pair = types
            .method_call("Pair", "sum", "fn sum(&self) -> i64")
            .expect("a literal");
        assert_eq!(
            pair.build.expr(&["1".into(), "String::from(\"x\")".into()]),
            "Pair { a: 1, b: String::from(\"x\") }"
        );
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
            .method_call("Holder", "get", "fn get(&self) -> i64")
            .expect_err("no receiver");
        assert_eq!(
            why,
            "no constructor for `Holder`: its field `inner` has type `std::rc::Rc<i64>`, which no input is built for"
        );
        assert!(!receiver_is_borrowed("fn into(self) -> i64", "into"));
    }
}
