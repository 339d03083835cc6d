//! Differential testing: run a unit's source and its translation on the same
//! inputs, in the sandbox, and compare what they return or raise.
//!
//! This is the contract the pipeline (candidate selection, verification
//! levels), the mutation benchmark and the harnesses share. One unit costs
//! one sandboxed process per side (plus a compile for Rust), whatever the
//! number of inputs:
//!
//! 1. [`signature`] finds the function on both sides; [`effects`] turns away
//!    one that reads files, the network, the clock or randomness.
//! 2. [`inputs`] lists the inputs: the documentation's examples, then values
//!    drawn from the parameter types ([`types`]).
//! 3. [`harness`] runs the source on all of them, and the translation on
//!    those the source finished; each side prints one tagged [`value`] per
//!    input.
//! 4. The results are compared in input order; the first difference is the
//!    counterexample.
//!
//! `docs/differential.md` says what each step does and does not do.

pub mod effects;
pub mod harness;
pub mod inputs;
pub mod literals;
pub mod receiver;
pub mod rust;
pub mod signature;
pub mod types;
pub mod value;

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::engine::PAST_2_53;
use crate::lang::Lang;
use crate::sandbox::Limits;
use crate::verify::tree::TreePlace;

use harness::{SideError, SideModule, SideRun};
use signature::{Function, Receiver};
use types::Ty;
use value::{Comparison, Value};

/// What one differential test may spend, and how its inputs are drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSettings {
    /// At most this many inputs per unit (examples first, then generated).
    pub max_inputs: usize,
    /// Wall-clock limit for each program run (source side or target side).
    pub time_limit: Duration,
    /// Seed of the input generator, so that runs are reproducible.
    pub seed: u64,
}

impl Default for DiffSettings {
    fn default() -> DiffSettings {
        DiffSettings {
            max_inputs: 24,
            time_limit: Duration::from_secs(10),
            seed: 0x5eed,
        }
    }
}

/// One unit to test: the whole source file and the whole target file (so
/// that module-level definitions and helpers the function uses are there),
/// and the function's name on each side (`name`, or `Class.method`).
#[derive(Clone, Debug)]
pub struct DiffRequest<'a> {
    pub from: Lang,
    pub to: Lang,
    pub source_file: &'a str,
    pub source_name: &'a str,
    pub target_file: &'a str,
    pub target_name: &'a str,
    pub settings: &'a DiffSettings,
    /// Where the source file sits in a copy of its tree (never the user's
    /// tree itself: `crate::verify::tree::SourceCopy`), so that it loads
    /// with its package and neighbours; `None`: it is loaded alone.
    pub source_place: Option<TreePlace<'a>>,
    /// Where the translation sits in the output tree (its neighbours are
    /// written there callees first); `None`: it is loaded alone.
    pub target_place: Option<TreePlace<'a>>,
}

/// Inputs on which source and translation behaved differently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counterexample {
    /// The arguments, written in the source language's notation.
    pub inputs: String,
    /// What the source returned or raised.
    pub expected: String,
    /// What the translation returned or raised.
    pub got: String,
}

impl std::fmt::Display for Counterexample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "on {}: expected {}, got {}",
            self.inputs, self.expected, self.got
        )
    }
}

/// What a differential test found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum DiffVerdict {
    /// Source and translation agreed on every one of `inputs` inputs.
    Agrees { inputs: usize },
    /// They disagreed; the first counterexample found.
    Disagrees(Counterexample),
    /// The unit was not run, and why (it reads files or the clock, no
    /// inputs could be made for it, a limit was reached: `limit: ...`).
    Untested { why: String },
}

/// One input: the arguments of one call.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// An example's arguments as the source's documentation wrote them,
    /// evaluated by the source's harness (which reports the values back).
    Text(String),
    /// Arguments drawn from the parameter types.
    Values(Vec<Value>),
}

/// What will be run: the inputs, in order, and what the types were read
/// from.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub inputs: Vec<Input>,
    /// The types were guessed from names and use, not declared, or hold
    /// `Any`: an input the source turns away with a `TypeError` or an
    /// `AttributeError` is then left out instead of compared.
    pub guessed: bool,
    /// For a Rust translation: its parameter types, which the arguments are
    /// written for.
    target_types: Vec<rust::RustType>,
    /// For Rust source: its parameter types.
    source_types: Vec<rust::RustType>,
    /// For a Rust translation: its declared return type, whose integer
    /// widths bound the results it is expected to give.
    target_returns: Option<rust::RustType>,
    /// A Rust side declares `f32`: floats are drawn as `f32` values and
    /// compared at its precision.
    single_precision: bool,
    /// A method on a value with a Rust side: each input's first arguments
    /// build the receiver.
    method: Option<MethodPlan>,
    /// Arguments that are a Rust C-like enum's variants: (position, enum).
    enums: Vec<(usize, String)>,
}

/// How a method on a value is tested where one side is Rust: the Rust side
/// builds its receiver as [`receiver::MethodCall`] says (its `new`, or a
/// struct literal), the other side with its class's constructor, both from
/// each input's first arguments; the method gets the rest, and what it
/// left in its receiver's fields is compared after its result.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodPlan {
    pub call: receiver::MethodCall,
    /// The class or type on the source side, and the method's name there.
    source_owner: String,
    source_method: String,
}

impl MethodPlan {
    /// How many of an input's arguments build the receiver.
    fn build_count(&self) -> usize {
        self.call.build_params.len()
    }
}

/// The method plan for `request`'s unit where it is a method on a value
/// and a side is Rust; `source` and `target` then take the builder's
/// parameters first.
fn method_plan(
    request: &DiffRequest<'_>,
    source: &mut Function,
    target: &mut Option<Function>,
) -> Result<Option<MethodPlan>, String> {
    let on_value = |lang: Lang, function: Option<&Function>| {
        lang == Lang::Rust && function.is_some_and(|f| f.receiver == Receiver::Instance)
    };
    let rust_is_source = on_value(request.from, Some(source));
    let split = |name: &str| -> Option<(String, String)> {
        let (owner, method) = name.rsplit_once("::").or_else(|| name.rsplit_once('.'))?;
        Some((owner.to_string(), method.to_string()))
    };
    if !rust_is_source && !on_value(request.to, target.as_ref()) {
        return Ok(class_plan(request, source, target, split));
    }
    let (rust_file, rust_name, other_lang, other_file, other_name) = if rust_is_source {
        (
            request.source_file,
            request.source_name,
            request.to,
            request.target_file,
            request.target_name,
        )
    } else {
        (
            request.target_file,
            request.target_name,
            request.from,
            request.source_file,
            request.source_name,
        )
    };
    let (owner, method) =
        split(rust_name).ok_or_else(|| format!("`{rust_name}` is a method with no type"))?;
    let rust_function = if rust_is_source {
        Some(&*source)
    } else {
        target.as_ref()
    };
    let rust_text = rust_function.map(|f| f.text.clone()).unwrap_or_default();
    let rust_params: Vec<(String, String)> = rust_function
        .map(|f| {
            f.params
                .iter()
                .map(|p| (p.name.clone(), p.ty.clone().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    // The other side's constructor: Python's `__init__`, JavaScript's
    // `constructor`.
    let init = match other_lang {
        Lang::Python => "__init__",
        _ => "constructor",
    };
    let other_init = |class: &str| {
        (other_lang != Lang::Rust)
            .then(|| signature::find(other_lang, other_file, &format!("{class}.{init}")))
            .flatten()
    };
    let other_owner = split(other_name).map(|(o, _)| o);
    let other_constructor = other_owner.as_deref().and_then(other_init);
    // How many arguments the other side's class of a name takes: the
    // receiver's, under the other side's own name for it.
    let arity = |class: &str| {
        let class = if class == owner {
            other_owner.as_deref().unwrap_or(class)
        } else {
            class
        };
        other_init(class)
            .filter(|f| !f.params.iter().any(|p| p.variadic))
            .map(|f| f.params.len())
    };
    let rust_place = if rust_is_source {
        request.source_place
    } else {
        request.target_place
    };
    let call = receiver::Types::read_in(rust_file, rust_place).method_call(
        &owner,
        &method,
        &rust_text,
        &rust_params,
        &arity,
    )?;
    let untyped = |leaves: Vec<(String, String)>| -> Vec<signature::Param> {
        leaves
            .into_iter()
            .map(|(name, _)| signature::Param {
                name,
                ty: None,
                default: false,
                variadic: false,
            })
            .collect()
    };
    let typed = |leaves: Vec<(String, String)>| -> Vec<signature::Param> {
        leaves
            .into_iter()
            .map(|(name, ty)| signature::Param {
                name,
                ty: Some(ty),
                default: false,
                variadic: false,
            })
            .collect()
    };
    let build = typed(call.build_params.clone());
    // A value built inside the receiver or an argument (`Point` in
    // `Rect::new(Point::new(0, 1), 2)`) is built on the other side with
    // its class, which must take as many arguments.
    let mut nested = Vec::new();
    for part in call.build.parts.iter().chain(&call.args) {
        nested_builders(part, &mut nested);
    }
    for builder in nested {
        if let Some(found) = other_init(&builder.owner) {
            if !found.params.iter().any(|p| p.variadic) && found.params.len() != builder.parts.len()
            {
                return Err(format!(
                    "the values are built differently: `{}` takes {} arguments, `{}.{init}` {}",
                    builder.build.head(),
                    builder.parts.len(),
                    builder.owner,
                    found.params.len()
                ));
            }
        }
    }
    // The other side's receiver takes its constructor's parameters where
    // the Rust builder takes a generated value, and the leaves of what is
    // built inside; where it declares no constructor (a dataclass), the
    // Rust builder's, untyped.
    let other_build = match other_constructor {
        _ if other_lang == Lang::Rust || other_owner.is_none() => build.clone(),
        Some(found) if found.params.iter().any(|p| p.variadic) => found.params,
        Some(found) if found.params.len() != call.build.parts.len() => {
            return Err(format!(
                "the receivers are built differently: `{}` takes {} arguments, `{}.{init}` {}",
                call.build.build.head(),
                call.build.parts.len(),
                other_owner.as_deref().unwrap_or_default(),
                found.params.len()
            ))
        }
        Some(found) => found
            .params
            .into_iter()
            .zip(&call.build.parts)
            .flat_map(|(param, part)| match part {
                receiver::Part::Value(..) => vec![param],
                receiver::Part::Built { .. } => untyped(part.leaves()),
            })
            .collect(),
        None => untyped(call.build_params.clone()),
    };
    // The method's own parameters: where one is built (`other: &Self`),
    // each side takes its leaves in its place.
    let expand = |function: &mut Function, typed_leaves: bool| {
        if call.args.is_empty() {
            return;
        }
        let params = std::mem::take(&mut function.params);
        let mut out = Vec::new();
        for (at, param) in params.into_iter().enumerate() {
            match call.args.get(at) {
                Some(part @ receiver::Part::Built { .. }) => out.extend(if typed_leaves {
                    typed(part.leaves())
                } else {
                    untyped(part.leaves())
                }),
                _ => out.push(param),
            }
        }
        function.params = out;
    };
    let with_build = |function: &mut Function, first: &[signature::Param], display: bool| {
        let mut params = first.to_vec();
        // `fmt(&self, f)` is called through `to_string()`: no argument.
        if !display {
            params.append(&mut function.params);
        }
        function.params = params;
        function.receiver = Receiver::None;
    };
    let display = call.form != receiver::Form::Plain;
    if rust_is_source {
        expand(source, true);
        with_build(source, &build, display);
        if let Some(target) = target.as_mut() {
            expand(target, false);
            with_build(target, &other_build, display);
        }
    } else {
        expand(source, false);
        with_build(source, &other_build, display);
        if let Some(target) = target.as_mut() {
            expand(target, true);
            with_build(target, &build, display);
        }
    }
    let (source_owner, source_method) =
        split(request.source_name).unwrap_or_else(|| (owner.clone(), method.clone()));
    Ok(Some(MethodPlan {
        call,
        source_owner,
        source_method,
    }))
}

/// Between Python and JavaScript, the plan for a method on an instance of
/// a class whose constructor takes arguments: each side builds it with its
/// class (`Counter(0)`, `new Counter(0)`) from each input's first
/// arguments, drawn for the source constructor's required parameters;
/// what the call left in the instance is compared after its result. `None`
/// where the constructor takes none (the instance is made with no
/// arguments, and the method's examples are run).
fn class_plan(
    request: &DiffRequest<'_>,
    source: &mut Function,
    target: &mut Option<Function>,
    split: impl Fn(&str) -> Option<(String, String)>,
) -> Option<MethodPlan> {
    if request.from == Lang::Rust
        || request.to == Lang::Rust
        || source.receiver != Receiver::Instance
    {
        return None;
    }
    let (owner, method) = split(request.source_name)?;
    let init = match request.from {
        Lang::Python => "__init__",
        _ => "constructor",
    };
    let constructor = signature::find(
        request.from,
        request.source_file,
        &format!("{owner}.{init}"),
    )?;
    // The arguments a caller must pass, in order; those after them keep
    // their defaults.
    let required: Vec<signature::Param> = constructor
        .params
        .into_iter()
        .take_while(|p| !p.default && !p.variadic)
        .collect();
    if required.is_empty() {
        return None;
    }
    let leaves: Vec<(String, String)> = required
        .iter()
        .map(|p| (p.name.clone(), p.ty.clone().unwrap_or_default()))
        .collect();
    let call = receiver::MethodCall {
        build: receiver::Builder {
            build: receiver::Build::Constructor(owner.clone()),
            owner: owner.clone(),
            parts: leaves
                .iter()
                .map(|(n, t)| receiver::Part::Value(n.clone(), t.clone()))
                .collect(),
        },
        build_params: leaves,
        args: Vec::new(),
        method: method.clone(),
        form: receiver::Form::Plain,
        state: true,
        encoders: String::new(),
    };
    let with_build = |function: &mut Function, first: Vec<signature::Param>| {
        let mut params = first;
        params.append(&mut function.params);
        function.params = params;
        function.receiver = Receiver::None;
    };
    // The translation's constructor takes the same arguments (its own
    // declarations, where it has them, are not what inputs are drawn for).
    let untyped: Vec<signature::Param> = required
        .iter()
        .map(|p| signature::Param {
            ty: None,
            ..p.clone()
        })
        .collect();
    with_build(source, required);
    if let Some(target) = target.as_mut() {
        with_build(target, untyped);
    }
    Some(MethodPlan {
        call,
        source_owner: owner,
        source_method: method,
    })
}

/// The builders inside `part`, outermost first.
fn nested_builders<'a>(part: &'a receiver::Part, out: &mut Vec<&'a receiver::Builder>) {
    if let receiver::Part::Built { builder, .. } = part {
        out.push(builder);
        for inner in &builder.parts {
            nested_builders(inner, out);
        }
    }
}

/// The inputs `request`'s unit will be tested on, or why it will not be.
pub fn plan(request: &DiffRequest<'_>) -> Result<Plan, String> {
    let mut source = signature::find(request.from, request.source_file, request.source_name)
        .ok_or_else(|| format!("no function `{}` in the source", request.source_name))?;
    if let Some(why) = effects::untestable(request.from, &source.text) {
        return Err(why);
    }
    if source.is_async {
        return Err("an async function: the harnesses call functions, not coroutines".to_string());
    }
    // Python and JavaScript harnesses find the function by name at run
    // time; Rust needs the declared types to write the arguments.
    let mut target = signature::find(request.to, request.target_file, request.target_name);
    let method = method_plan(request, &mut source, &mut target)?;
    let rust_params = |lang: Lang,
                       function: Option<&Function>,
                       side: &str|
     -> Result<Vec<rust::RustType>, String> {
        if lang != Lang::Rust {
            return Ok(Vec::new());
        }
        let name = if side == "source" {
            request.source_name
        } else {
            request.target_name
        };
        let function = function.ok_or_else(|| format!("no function `{name}` in the {side}"))?;
        if function.receiver == Receiver::Instance {
            return Err(format!(
                "`{name}` is a method on a value, and the harness builds no Rust values of a type it does not know"
            ));
        }
        // The file's C-like enums are types whose values are its variants.
        let file = if side == "source" {
            request.source_file
        } else {
            request.target_file
        };
        let place = if side == "source" {
            request.source_place
        } else {
            request.target_place
        };
        let types = receiver::Types::read_in(file, place);
        Ok(function
            .params
            .iter()
            .map(|p| types.resolve(rust::RustType::parse(p.ty.as_deref().unwrap_or("_"))))
            .collect())
    };
    let source_types = rust_params(request.from, Some(&source), "source")?;
    let target_types = rust_params(request.to, target.as_ref(), "translation")?;
    let rust_returns = |lang: Lang, function: Option<&Function>| {
        let returns = function?.returns.as_deref()?;
        (lang == Lang::Rust).then(|| rust::RustType::parse(returns))
    };
    let source_returns = rust_returns(request.from, Some(&source));
    let target_returns = rust_returns(request.to, target.as_ref());
    let single_precision = source_types
        .iter()
        .chain(&target_types)
        .chain(&source_returns)
        .chain(&target_returns)
        .any(rust::RustType::holds_f32);
    let mut inputs: Vec<Input> = inputs::examples(request.from, &source.doc, request.source_name)
        .into_iter()
        // A method's examples call it on a value of their own: its inputs
        // are drawn, receiver first.
        .filter(|_| method.is_none())
        .filter(|args| arity_fits(&source, inputs::split_args(args).len()))
        .map(Input::Text)
        .take(request.settings.max_inputs)
        .collect();
    // The parameters inputs are drawn for: all but the variadic ones, and
    // those with a default and no declared type (their default is used).
    // A JavaScript function may declare parameters its callers never pass
    // (HumanEval-X's `sumProduct(numbers, int)`), and a translation written
    // to the target's signature then takes fewer: JavaScript leaves the
    // missing ones undefined, so only as many as the translation takes are
    // drawn.
    let takes = match (request.from, &target) {
        (Lang::JavaScript, Some(function)) if !function.params.iter().any(|p| p.variadic) => {
            function.params.len()
        }
        _ => usize::MAX,
    };
    let drawn: Vec<(usize, &signature::Param)> = source
        .params
        .iter()
        .enumerate()
        .filter(|(at, p)| *at < takes && !p.variadic && (!p.default || p.ty.is_some()))
        .collect();
    let mut guessed = false;
    let mut types = Vec::new();
    let mut unknown = None;
    for (position, param) in &drawn {
        let declared = match (&param.ty, request.from) {
            (Some(ty), Lang::Python) => Some(types::python(ty)),
            (Some(ty), Lang::JavaScript) => Some(types::jsdoc(ty)),
            (Some(_), Lang::Rust) => source_types.get(*position).map(rust::RustType::ty),
            (None, _) => None,
        };
        // Undeclared in the source: the translation's declaration (Rust's
        // types are always there), then a guess.
        let from_target = || {
            let function = target.as_ref()?;
            let param = function.params.get(*position)?;
            let ty = match request.to {
                Lang::Rust => target_types.get(*position)?.ty(),
                Lang::Python => types::python(param.ty.as_deref()?),
                Lang::JavaScript => types::jsdoc(param.ty.as_deref()?),
            };
            ty.is_known().then_some(ty)
        };
        let mut ty = match declared {
            Some(ty) => ty,
            None => from_target().unwrap_or_else(|| {
                guessed = true;
                types::guess(&param.name, &source.text)
            }),
        };
        // A bare `list` or `dict`: what it holds is guessed, and inputs the
        // source refuses are then left out like other guesses.
        if !ty.is_known() {
            let filled = types::fill_unknown(&ty, &param.name, &source.text);
            if filled.is_known() {
                guessed = true;
                ty = filled;
            }
        }
        // `Any` (`object`, JSDoc `*`), declared or not, is drawn as a guess:
        // an input the source refuses as the wrong kind is left out.
        guessed |= ty.holds_any();
        if !ty.is_known() && unknown.is_none() {
            unknown = Some(format!(
                "cannot make inputs of type {} for `{}`",
                describe(&ty),
                param.name
            ));
        }
        types.push(ty);
    }
    if unknown.is_none() {
        let room = request.settings.max_inputs.saturating_sub(inputs.len());
        let mut rng = inputs::Rng::new(request.settings.seed, request.source_name);
        let literals = literals::literals(request.from, &source.text);
        let drawn_types: Vec<Option<&rust::RustType>> = drawn
            .iter()
            .map(|(position, _)| match (request.from, request.to) {
                (Lang::Rust, _) => source_types.get(*position),
                (_, Lang::Rust) => target_types.get(*position),
                _ => None,
            })
            .collect();
        inputs.extend(
            inputs::generate(&types, &literals, room, &mut rng)
                .into_iter()
                .map(|input| single_where_declared(input, &drawn_types)),
        );
    }
    if inputs.is_empty() {
        return Err(unknown.unwrap_or_else(|| "no inputs could be made".to_string()));
    }
    // With Rust source, the drawn values must fit its own parameters too.
    if request.from == Lang::Rust {
        inputs.retain(|input| rust::args_for(input, &source_types).is_some());
        // A translation of Rust that counts or slices a string's bytes
        // assumes ASCII, where bytes are characters (`docs/rules.md`): a
        // string past it lies outside, as an int past the declared width
        // does.
        if rust::counts_string_bytes(&source.text) {
            inputs.retain(|input| match input {
                Input::Values(values) => !values.iter().any(Value::holds_non_ascii),
                Input::Text(text) => text.is_ascii(),
            });
        }
    }
    let rust_types = if request.from == Lang::Rust {
        &source_types
    } else {
        &target_types
    };
    let enums = rust_types
        .iter()
        .enumerate()
        .filter_map(|(at, ty)| match ty {
            rust::RustType::Enum { name, .. } => Some((at, name.clone())),
            rust::RustType::Ref { inner, .. } => match inner.as_ref() {
                rust::RustType::Enum { name, .. } => Some((at, name.clone())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    Ok(Plan {
        inputs,
        guessed,
        target_types,
        source_types,
        target_returns,
        single_precision,
        method,
        enums,
    })
}

/// A drawn input whose floats are rounded to `f32` where the Rust side
/// declares it: both sides then start from the same value (`-45.42` is
/// `-45.41999816894531` in `f32`, and `x % 1.0` of the two differs in the
/// sixth digit).
fn single_where_declared(input: Input, declared: &[Option<&rust::RustType>]) -> Input {
    fn round(value: Value, ty: &rust::RustType) -> Value {
        use rust::RustType as R;
        match (ty, value) {
            (R::Float(name), Value::Float(f)) if *name == "f32" => {
                Value::Float(f64::from(f as f32))
            }
            (R::Float(name), Value::Number(f)) if *name == "f32" => {
                Value::Number(f64::from(f as f32))
            }
            (R::Ref { inner, .. } | R::Boxed(inner) | R::Option(inner), value) => {
                round(value, inner)
            }
            (
                R::Slice(item) | R::Vec(item) | R::VecDeque(item) | R::Array(item, _),
                Value::List(items),
            ) => Value::List(items.into_iter().map(|v| round(v, item)).collect()),
            (R::Tuple(types), Value::Tuple(items)) => Value::Tuple(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(at, v)| match types.get(at) {
                        Some(ty) => round(v, ty),
                        None => v,
                    })
                    .collect(),
            ),
            (_, value) => value,
        }
    }
    match input {
        Input::Values(values) => Input::Values(
            values
                .into_iter()
                .enumerate()
                .map(|(at, v)| match declared.get(at).copied().flatten() {
                    Some(ty) => round(v, ty),
                    None => v,
                })
                .collect(),
        ),
        text => text,
    }
}

fn arity_fits(function: &Function, count: usize) -> bool {
    let required = function
        .params
        .iter()
        .filter(|p| !p.default && !p.variadic)
        .count();
    let variadic = function.params.iter().any(|p| p.variadic);
    count >= required && (variadic || count <= function.params.len())
}

fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Unknown(name) => format!("`{name}`"),
        Ty::List(t) | Ty::Set(t) | Ty::Optional(t) => describe(t),
        Ty::Dict(k, v) if !k.is_known() => describe(k),
        Ty::Dict(_, v) => describe(v),
        Ty::Tuple(items) => items
            .iter()
            .find(|t| !t.is_known())
            .map(describe)
            .unwrap_or_default(),
        other => format!("{other:?}"),
    }
}

/// Runs the source and the translation on the same inputs and compares.
pub fn differential(request: &DiffRequest<'_>) -> DiffVerdict {
    let untested = |why: String| DiffVerdict::Untested { why };
    let plan = match plan(request) {
        Ok(plan) => plan,
        Err(why) => return untested(why),
    };
    let limits = Limits {
        time: request.settings.time_limit,
        ..Limits::default()
    };
    let numbered: Vec<(usize, Input)> = plan.inputs.iter().cloned().enumerate().collect();
    let source = match source_run(request, &plan, &numbered, &limits) {
        Ok(side) => side,
        Err(error) => return untested(side_error(error, "source")),
    };
    if let Some(error) = &source.load_error {
        return untested(format!("the source does not load: {error}"));
    }
    if let Some(error) = &source.name_error {
        return untested(format!(
            "the source's `{}` cannot be called: {error}",
            request.source_name
        ));
    }
    // The translation runs on what the source finished, with the values the
    // source saw.
    let mut target_inputs = Vec::new();
    for (index, input) in &numbered {
        let Some(expected) = source.results.get(index) else {
            continue;
        };
        if matches!(expected, Value::Opaque(_)) || plan.guessed && turned_away(expected) {
            continue;
        }
        let args = match input {
            Input::Values(values) => values.clone(),
            Input::Text(_) => match source.args.get(index) {
                // A class instance in a list (`[Job(1, 3, 2)]`) no more
                // crosses languages than one alone.
                Some(args) if !args.iter().any(Value::holds_opaque) => args.clone(),
                _ => continue,
            },
        };
        let input = Input::Values(args);
        if request.to == Lang::Rust && rust::args_for(&input, &plan.target_types).is_none() {
            continue;
        }
        target_inputs.push((*index, input));
    }
    if target_inputs.is_empty() {
        return untested(match &source.limit {
            Some(limit) if source.results.is_empty() => format!("limit: {limit} in the source"),
            _ if source.results.is_empty() => format!(
                "the source finished no input{}",
                source
                    .crash
                    .as_ref()
                    .or(source.skipped.values().next())
                    .map(|c| format!(": {c}"))
                    .unwrap_or_default()
            ),
            _ => "no input the source finished can be passed to the translation".to_string(),
        });
    }
    let target = match harness::run_side(
        &SideModule {
            lang: request.to,
            file: request.target_file,
            name: request.target_name,
            place: request.target_place,
            translation: true,
            method: plan.method.as_ref().map(|m| &m.call),
            enums: &plan.enums,
        },
        &target_inputs,
        &plan.target_types,
        &limits,
        // The translation runs only where the source returned: a call it
        // does not return from is a difference, which the run's limit
        // shows.
        None,
    ) {
        Ok(side) => side,
        Err(error) => return untested(side_error(error, "translation")),
    };
    compare(request, &plan, &numbered, &source, &target_inputs, &target)
}

/// The source's run on `inputs`, from a cache when the same source was run
/// on the same inputs before: the pipeline tests every candidate of a unit
/// against one source, which then runs once, not once per candidate.
fn source_run(
    request: &DiffRequest<'_>,
    plan: &Plan,
    inputs: &[(usize, Input)],
    limits: &Limits,
) -> Result<SideRun, SideError> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    /// Entries kept; past it the cache starts over (a run of many units
    /// reuses an entry only while their candidates are tested).
    const KEPT: usize = 256;
    static CACHE: OnceLock<Mutex<HashMap<blake3::Hash, SideRun>>> = OnceLock::new();
    let mut hasher = blake3::Hasher::new();
    hasher.update(request.from.name().as_bytes());
    hasher.update(&[0]);
    hasher.update(request.source_name.as_bytes());
    hasher.update(&[0]);
    hasher.update(request.source_file.as_bytes());
    hasher.update(&[0]);
    hasher.update(
        format!(
            "{inputs:?}{:?}{limits:?}{:?}{:?}",
            plan.source_types, plan.method, plan.enums
        )
        .as_bytes(),
    );
    // The same text in another tree may import other neighbours.
    hasher.update(format!("{:?}", request.source_place).as_bytes());
    let key = hasher.finalize();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let side = harness::run_side(
        &SideModule {
            lang: request.from,
            file: request.source_file,
            name: request.source_name,
            place: request.source_place,
            translation: false,
            method: plan.method.as_ref().map(|m| &m.call),
            enums: &plan.enums,
        },
        inputs,
        &plan.source_types,
        limits,
        Some(call_limit(limits)),
    )?;
    // A run cut short by a limit may have been the machine's fault (a busy
    // moment): it is not kept.
    if side.limit.is_none() {
        if let Ok(mut cache) = cache.lock() {
            if cache.len() >= KEPT {
                cache.clear();
            }
            cache.insert(key, side.clone());
        }
    }
    Ok(side)
}

/// How long one call of the source may run: a sixteenth of the run's
/// limit, so that a function that never returns on some inputs (a search
/// that finds nothing) still runs on the rest.
fn call_limit(limits: &Limits) -> Duration {
    limits.time / 16
}

/// Python's and JavaScript's ways of refusing an argument of the wrong
/// kind: with guessed types, such an input says nothing.
fn turned_away(value: &Value) -> bool {
    matches!(value, Value::Exception { kind, .. } if kind == "TypeError" || kind == "AttributeError")
}

fn side_error(error: SideError, side: &str) -> String {
    match error {
        SideError::Missing(why) => why,
        SideError::Compile(why) => format!("the {side}'s test program does not compile: {why}"),
        SideError::Sandbox(why) => format!("the sandbox cannot run the {side}: {why}"),
    }
}

fn compare(
    request: &DiffRequest<'_>,
    plan: &Plan,
    inputs: &[(usize, Input)],
    source: &SideRun,
    target_inputs: &[(usize, Input)],
    target: &SideRun,
) -> DiffVerdict {
    let shown = |index: usize| -> String {
        match inputs.get(index).map(|(_, input)| input) {
            Some(Input::Text(text)) => text.clone(),
            Some(Input::Values(values)) => match &plan.method {
                Some(method) => render_call(method, values, request.from, &plan.enums),
                None => render_args(values, request.from),
            },
            None => String::new(),
        }
    };
    if let Some(error) = &target.load_error {
        // A failed import is the tree's, not the unit's: a module that is
        // not installed, a neighbour not written, a name a neighbour does
        // not export (the load step reports it on the module). In its tree
        // the translation meets every such import of its module.
        let environment = crate::verify::load::is_import_error(error);
        if environment || target.limit.is_some() {
            return DiffVerdict::Untested {
                why: format!("the translation does not load: {error}"),
            };
        }
        return DiffVerdict::Disagrees(Counterexample {
            inputs: "(loading the module)".to_string(),
            expected: "it loads".to_string(),
            got: error.clone(),
        });
    }
    if let Some(error) = &target.name_error {
        return DiffVerdict::Untested {
            why: format!(
                "the translation's `{}` cannot be called: {error}",
                request.target_name
            ),
        };
    }
    let comparison =
        Comparison::between(request.from, request.to).in_single_precision(plan.single_precision);
    let mut agreeing = 0;
    for (index, _) in target_inputs {
        let Some(expected) = source.results.get(index) else {
            continue;
        };
        // Before what the translation did: a source that ran out of stack
        // has no answer, whether the translation gave one or ran out of
        // memory trying (algorithms' `combination_sum` on negative numbers).
        if raised_beyond_assumptions(expected, request.from, request.to) {
            if target.results.contains_key(index) {
                continue;
            }
            // The translation's run ended on this input (a limit, a
            // crash): nothing after it was run.
            break;
        }
        let got = match target.results.get(index) {
            Some(got) => got.clone(),
            // The run ended on this input: a crash raised, a limit stops
            // the comparison here.
            None if target.limit.is_none() && target.crash.is_some() => Value::Exception {
                kind: "crash".into(),
                message: target.crash.clone().unwrap_or_default(),
            },
            // The source finished every input within the same limits: a
            // translation stopped by one (a loop that never ends, memory
            // that grows without bound) behaves differently on this input.
            None if source.limit.is_none() => match &target.limit {
                Some(limit) => {
                    return DiffVerdict::Disagrees(Counterexample {
                        inputs: shown(*index),
                        expected: expected.render(request.from),
                        got: format!("no result: stopped at the {limit} limit"),
                    })
                }
                None => break,
            },
            None => break,
        };
        if beyond_assumptions(expected, request.to, plan.target_returns.as_ref())
            || stopped_at_assumptions(&got, request.to)
        {
            continue;
        }
        match comparison.agree(expected, &got) {
            Some(true) => {
                let counter = arguments_differ(
                    &comparison,
                    source.after.get(index),
                    target.after.get(index),
                    request,
                )
                .or_else(|| {
                    receiver_differs(
                        &comparison,
                        source.state.get(index),
                        target.state.get(index),
                        request,
                    )
                });
                if let Some(counter) = counter {
                    return DiffVerdict::Disagrees(Counterexample {
                        inputs: shown(*index),
                        ..counter
                    });
                }
                agreeing += 1
            }
            Some(false) => {
                return DiffVerdict::Disagrees(Counterexample {
                    inputs: shown(*index),
                    expected: expected.render(request.from),
                    got: got.render(request.to),
                })
            }
            None => {}
        }
        if target.crash.is_some() && !target.results.contains_key(index) {
            break;
        }
    }
    if let Some(limit) = &target.limit {
        return DiffVerdict::Untested {
            why: format!("limit: {limit} in the translation"),
        };
    }
    if agreeing == 0 {
        return DiffVerdict::Untested {
            why: "no input could be compared".to_string(),
        };
    }
    DiffVerdict::Agrees { inputs: agreeing }
}

/// Where both sides report what a call left in its arguments (Python and
/// JavaScript, whose callers share the lists they pass), the first
/// argument they left differently: a translation that changes a copy, or
/// changes what the source leaves alone, returns the same value and still
/// differs for its caller.
fn arguments_differ(
    comparison: &Comparison,
    source: Option<&Vec<Value>>,
    target: Option<&Vec<Value>>,
    request: &DiffRequest<'_>,
) -> Option<Counterexample> {
    let (Some(source), Some(target)) = (source, target) else {
        return None;
    };
    source
        .iter()
        .zip(target)
        .enumerate()
        .find(|(_, (e, g))| comparison.agree(e, g) == Some(false))
        .map(|(at, (e, g))| Counterexample {
            inputs: String::new(),
            expected: format!("argument {} left as {}", at + 1, e.render(request.from)),
            got: format!("argument {} left as {}", at + 1, g.render(request.to)),
        })
}

/// What a method left in its receiver's fields, where both sides report
/// them: the first field (by name, read alike across naming conventions:
/// `_count`, `count`, `Count`) that the two left differently. Fields only
/// one side has are not compared.
fn receiver_differs(
    comparison: &Comparison,
    source: Option<&Value>,
    target: Option<&Value>,
    request: &DiffRequest<'_>,
) -> Option<Counterexample> {
    let (Some(Value::Dict(source)), Some(Value::Dict(target))) = (source, target) else {
        return None;
    };
    let key = |k: &Value| match k {
        Value::Str(name) => Some(name.replace('_', "").to_lowercase()),
        _ => None,
    };
    source.iter().find_map(|(name, expected)| {
        let wanted = key(name)?;
        let (_, got) = target
            .iter()
            .find(|(k, _)| key(k).as_ref() == Some(&wanted))?;
        let field = match name {
            Value::Str(name) => name.clone(),
            _ => String::new(),
        };
        (comparison.agree(expected, got) == Some(false)).then(|| Counterexample {
            inputs: String::new(),
            expected: format!(
                "the receiver's `{field}` left as {}",
                expected.render(request.from)
            ),
            got: format!(
                "the receiver's `{field}` left as {}",
                got.render(request.to)
            ),
        })
    })
}

/// A method call with its receiver, in the source's notation:
/// `Counter::new(0).add(1)`, `Counter(0).add(1)`, `new Counter(0).add(1)`.
fn render_call(
    method: &MethodPlan,
    values: &[Value],
    lang: Lang,
    enums: &[(usize, String)],
) -> String {
    let shown: Vec<String> = values
        .iter()
        .enumerate()
        .map(
            |(at, v)| match (lang, enums.iter().find(|(p, _)| *p == at), v) {
                (Lang::Rust, Some((_, name)), Value::Str(variant)) => format!("{name}::{variant}"),
                _ => v.render(lang),
            },
        )
        .collect();
    let split = method.build_count().min(shown.len());
    let (build, args) = shown.split_at(split);
    let owner = &method.source_owner;
    let name = &method.source_method;
    if lang == Lang::Rust {
        return method.call.shown(build, args);
    }
    // Values built inside the receiver or an argument are shown built:
    // `Rect(Point(0, 1), 2)`.
    let javascript = lang == Lang::JavaScript;
    let mut leaves = build.iter();
    let build: Vec<String> = method
        .call
        .build
        .parts
        .iter()
        .map(|p| p.shown(javascript, &mut leaves))
        .collect();
    let args: Vec<String> = if method.call.args.is_empty() {
        args.to_vec()
    } else {
        let mut leaves = args.iter();
        method
            .call
            .args
            .iter()
            .map(|p| p.shown(javascript, &mut leaves))
            .collect()
    };
    let new = if javascript { "new " } else { "" };
    format!(
        "{new}{owner}({}).{name}({})",
        build.join(", "),
        args.join(", ")
    )
}

/// A result the target language is not expected to reproduce: an int past
/// 2^53 for JavaScript; for Rust, one outside the width the translation's
/// return type declares (`i32`), past 64 bits where it declares none (the
/// documented assumptions inputs are drawn within; a result can still
/// leave them).
fn beyond_assumptions(expected: &Value, to: Lang, returns: Option<&rust::RustType>) -> bool {
    if let (Lang::Rust, Some(declared)) = (to, returns) {
        if !declared.holds(expected) {
            return true;
        }
    }
    let bound: i128 = match to {
        Lang::JavaScript => 1 << 53,
        Lang::Rust => i64::MAX.into(),
        Lang::Python => return false,
    };
    match expected {
        Value::Int(digits) => digits.parse::<i128>().map_or(true, |n| n.abs() > bound),
        Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
            items.iter().any(|v| beyond_assumptions(v, to, None))
        }
        Value::Dict(entries) => entries
            .iter()
            .any(|(k, v)| beyond_assumptions(k, to, None) || beyond_assumptions(v, to, None)),
        _ => false,
    }
}

/// The translation stopped where its documented assumptions end, so the
/// input lies outside its domain, as one whose result leaves them does
/// (`beyond_assumptions`): the rules engine's JavaScript helpers throw
/// `RangeError(PAST_2_53)` rather than go on with a rounded int (`1 << 100`
/// on the way to a small result), and Rust's arithmetic panics on overflow
/// (`attempt to multiply with overflow`) where a value leaves the width
/// the translation assumes it fits, rather than wrapping.
fn stopped_at_assumptions(got: &Value, to: Lang) -> bool {
    let Value::Exception { kind, message } = got else {
        return false;
    };
    match to {
        Lang::JavaScript => kind == "RangeError" && message.contains(PAST_2_53),
        Lang::Rust => {
            kind == "panic"
                && (message.contains("with overflow")
                    || message.contains("overflows the integer width")
                    || message.contains("shift past the integer width"))
        }
        Lang::Python => false,
    }
}

/// The source raised where the translation's documented assumptions stop,
/// so that what the translation does there says nothing about it: the
/// source ran out of stack (Python's recursion limit, node's call stack: a
/// limit of the interpreter, not behaviour of the function; the translation
/// runs on another stack), a float overflowed where the target's numbers
/// are assumed to stay within ±2^53 (`docs/rules.md`), or Rust's integer
/// arithmetic overflowed its width. Such an input is left out: neither
/// agreeing nor a counterexample.
///
/// Every other exception is behaviour: an `IndexError`, a `KeyError`, a
/// `ZeroDivisionError` where the translation returns a value is reported as
/// a disagreement, on any input (the rules engine does not assume indexes
/// in range, and `--verify test` holds it to that).
fn raised_beyond_assumptions(expected: &Value, from: Lang, to: Lang) -> bool {
    let Value::Exception { kind, message } = expected else {
        return false;
    };
    match from {
        Lang::Python => kind == "RecursionError" || (kind == "OverflowError" && to != Lang::Python),
        Lang::JavaScript => {
            kind == "RangeError" && message.contains("Maximum call stack size exceeded")
        }
        // Rust's arithmetic panics on overflow in the debug builds the
        // harness runs (and wraps in release); the translation's integers
        // are assumed to fit that width, so such an input lies outside.
        Lang::Rust => kind == "panic" && message.contains("with overflow"),
    }
}

fn render_args(values: &[Value], lang: Lang) -> String {
    values
        .iter()
        .map(|v| v.render(lang))
        .collect::<Vec<_>>()
        .join(", ")
}
