//! The engines that translate units, behind one small trait, so the pipeline
//! does not know whether a unit was translated by rules, a local model or a
//! server.

mod identity;
pub mod model;
pub mod prompt;
pub(crate) mod rules;
pub mod scripted;
pub mod server;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use identity::Identity;
pub use model::ModelEngine;
pub use rules::Rules;
pub(crate) use rules::{comment_body, rust_line_comment, PAST_2_53};
pub use server::{ServerArgs, ServerEngine, ServerSettings};

use crate::lang::Lang;
use crate::model::ModelArgs;
use crate::units::SegmentKind;
use crate::verify::Rejected;

/// One unit (or piece of glue) to translate, with what an engine needs to
/// know about its surroundings.
#[derive(Clone, Debug, Serialize)]
pub struct TranslationRequest {
    pub from: Lang,
    pub to: Lang,
    pub kind: SegmentKind,
    /// The unit's name in the source, if it has one.
    pub name: Option<String>,
    /// The unit's source text.
    pub source: String,
    /// Where the unit comes from, relative to the source root.
    pub path: PathBuf,
    /// Line of the unit's first line in its file (1-based), so that engines
    /// can name lines of the file in their messages.
    pub first_line: usize,
    pub context: Context,
}

/// The name a default export's value (`export default <expression>`) is
/// bound to in the request `project::glue` makes for it, which the
/// request's names map to `default`. Its `$` keeps it apart from the
/// module's own names: neither Python nor Rust can spell a `$` name, so no
/// definition the symbol table names has it.
pub const DEFAULT_BINDING: &str = "xlate$default";

/// What surrounds a unit.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Context {
    /// The file's import statements, in the source language.
    pub imports: String,
    /// For a member of a split class: the class with its members left out.
    pub enclosing: Option<String>,
    /// The target names the file's symbol table chose (source name, target
    /// name) for the top-level definitions this unit defines or mentions,
    /// in source order: engines must use exactly these, for the definition
    /// and every reference, so that two source names never meet in one
    /// target name (see [`crate::symbols`]).
    pub names: Vec<(String, String)>,
    /// The source names among [`Context::names`] that the symbol table
    /// says are classes: a unit that calls one constructs an object
    /// (`new Box(1)` in JavaScript) where the call would not say so.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    /// The parameter lists, as source text (`(a, b=1)`), of the top-level
    /// functions of the file that this unit mentions and does not define
    /// (source name, list): a call that passes keyword arguments to one is
    /// made positional (Python's `f(a, key=3)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<(String, String)>,
    /// Module-level names this unit mentions that the file binds more than
    /// once (see [`crate::symbols::ModuleSymbols::rebound_for`]): a default
    /// argument naming one is not read once as Python reads it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rebound: Vec<String>,
    /// Those of the file's top-level functions this unit mentions and does
    /// not define that are Python generators: a call of one gives an
    /// iterator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generators: Vec<String>,
    /// For a Rust source: the declarations of the file's structs this unit
    /// defines or mentions, each the struct item with its attributes
    /// (`#[derive(..)]`) followed by the signatures of its inherent
    /// methods (`impl S { fn new(x: i64) -> Self; }`), so that an `impl`
    /// or a function in another unit knows the fields and the methods; and
    /// of the constants it reads, each as `const NAME: T;` (see
    /// [`crate::symbols::ModuleSymbols::types_for`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// For a Rust source: the `macro_rules!` definitions of the file this
    /// unit invokes (and those they invoke), each as its source text, in
    /// source order (see [`crate::symbols::ModuleSymbols::macros_for`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub macros: Vec<String>,
    /// For a JavaScript source: the module-level names this unit defines
    /// or mentions that stand for a built-in prototype or a method of one
    /// (name, what it stands for: `Object.prototype`,
    /// `Array.prototype.slice`), so that `slice.call(args, 1)` in a unit
    /// is the built-in's call though the glue binds `slice` (see
    /// [`crate::symbols::ModuleSymbols::prototypes_for`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prototypes: Vec<(String, String)>,
    /// For a JavaScript source: the functions this unit defines that some
    /// call of the project passes fewer arguments than they have
    /// parameters (name, fewest arguments): JavaScript gives the others
    /// `undefined`, so the translation's must be optional (see
    /// [`crate::symbols::ModuleSymbols::omissible_for`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub omissible: Vec<(String, usize)>,
    /// For a JavaScript source: the functions this unit defines that the
    /// project reads as values (passes on, stores), through which a caller
    /// may pass more arguments than they have parameters: JavaScript drops
    /// the others, so the translation's must take them (see
    /// [`crate::symbols::ModuleSymbols::read_as_values_for`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub read_as_values: Vec<String>,
    /// For a JavaScript source: the module-level regular expression
    /// constants this unit defines or mentions (name, the literal's text),
    /// so that `reIsUint.test(s)` reads the pattern (see
    /// [`crate::symbols::ModuleSymbols::regexes_for`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regexes: Vec<(String, String)>,
    /// For a JavaScript source: the module-level literal constants this
    /// unit mentions (name, the literal's text: `'[object Undefined]'`,
    /// `9007199254740991`), bound once and never assigned, which a
    /// translation with JavaScript's values reads as the literal (see
    /// [`crate::symbols::ModuleSymbols::constants_for`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constants: Vec<(String, String)>,
    /// For a JavaScript source: the module-level values this unit defines
    /// or mentions that a translation with JavaScript's values computes at
    /// their first use, each read through a function of the same name
    /// (`var getLength = shallowProperty('length')`; see
    /// [`crate::symbols::ModuleSymbols::values_for`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// The declaration in the target language that the unit must match, when
    /// the user gave one.
    pub signature: Option<String>,
    /// Identifier renames the user asked for (source name, target name).
    pub glossary: Vec<(String, String)>,
    /// What the project table knows that this unit needs (the target code
    /// of its imports, which of its definitions other modules import): set
    /// in runs between two languages over a tree (see [`crate::project`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<crate::project::ProjectContext>,
}

impl Context {
    /// The target name the symbol table chose for the source name `name`.
    pub fn target_name(&self, name: &str) -> Option<&str> {
        self.names
            .iter()
            .find(|(source, _)| source == name)
            .map(|(_, target)| target.as_str())
    }
}

/// One proposed translation.
#[derive(Clone, Debug, Default)]
pub struct Candidate {
    /// The text as the engine produced it; a markdown fence is allowed.
    pub text: String,
    /// Mean log-probability per generated token, for engines that sample.
    /// Higher is better; candidates are tried best first.
    pub score: Option<f64>,
    /// Generated tokens, for engines that count them.
    pub tokens_out: Option<usize>,
    /// Code this translation relies on that belongs once per output file,
    /// not inside the unit: runtime helpers, imports.
    pub support: Vec<SupportCode>,
}

/// A piece of file-level code a translated unit needs. The pipeline writes
/// each distinct `key` once per output file, near the top, in the order first
/// needed, and only when a unit that needs it is written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportCode {
    /// What identifies it, e.g. `import math` or `helper:floorDiv`.
    pub key: String,
    /// The code, in the target language, ending with a newline.
    pub code: String,
}

/// What an engine made of a request.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Proposed translations, to be checked by the pipeline.
    Candidates(Vec<Candidate>),
    /// The engine will not translate this unit, and says why (for the rules
    /// engine: the construct it does not know, and its line).
    Declined(String),
}

/// An engine's answer, with what it cost.
#[derive(Clone, Debug)]
pub struct Translation {
    pub outcome: Outcome,
    /// The model that produced it, for engines that use one.
    pub model: Option<String>,
    /// Prompt tokens, for engines that count them.
    pub tokens_in: Option<usize>,
    /// Requests sent again after a fault, for engines that talk to servers.
    pub retries: usize,
    /// The engine declined for a reason that may pass (a server down, the
    /// run interrupted): the outcome is not cached, so a later run tries
    /// the unit again.
    pub retry_later: bool,
}

impl Translation {
    pub fn candidates(candidates: Vec<Candidate>) -> Translation {
        Translation {
            outcome: Outcome::Candidates(candidates),
            model: None,
            tokens_in: None,
            retries: 0,
            retry_later: false,
        }
    }

    pub fn declined(reason: impl Into<String>) -> Translation {
        Translation {
            outcome: Outcome::Declined(reason.into()),
            model: None,
            tokens_in: None,
            retries: 0,
            retry_later: false,
        }
    }
}

/// One unit to explain in plain English (`xlate explain`, `translate
/// --explain`): its source alone, no target.
#[derive(Clone, Debug, Serialize)]
pub struct ExplainRequest {
    pub lang: Lang,
    pub kind: SegmentKind,
    pub name: Option<String>,
    pub source: String,
    /// Where the unit comes from, relative to the source root; in the
    /// prompt, not in the cache key (see [`crate::explain::key`]).
    pub path: PathBuf,
    /// For a member of a split class: the class with its members left out.
    pub enclosing: Option<String>,
}

/// An engine's explanation of a unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Plain English, as the engine wrote it (trimmed).
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_in: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_out: Option<usize>,
}

/// An engine could not do its work at all (as opposed to declining a unit).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct EngineError(pub String);

/// A translator of units.
pub trait Engine: Send + Sync {
    /// The name users pick it by and reports show.
    fn name(&self) -> &str;

    /// Everything about this engine's settings that can change its output
    /// (model file identity, sampling settings, prompt version...), for cache
    /// keys and reports. Two engines with the same name and fingerprint must
    /// translate alike.
    fn fingerprint(&self) -> String {
        self.name().to_string()
    }

    /// Whether the engine translates `from` into `to` at all.
    fn supports(&self, from: Lang, to: Lang) -> bool;

    fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError>;

    /// Units this engine wants in flight at once; the pipeline runs at least
    /// this many workers (see [`crate::pipeline::workers`]). The model
    /// engine decodes the units in flight together, so it needs several;
    /// the others gain nothing from more than the cores.
    fn concurrency(&self) -> usize {
        1
    }

    /// What the engine is doing now, in a few words, for the progress line
    /// (the server engine: requests in flight, tokens per second, retries).
    fn activity(&self) -> Option<String> {
        None
    }

    /// Whether [`Engine::explain`] gives explanations.
    fn explains(&self) -> bool {
        false
    }

    /// Explains a unit in plain English: `None` from engines that cannot
    /// (identity, rules); the model and server engines ask their model.
    fn explain(&self, _request: &ExplainRequest) -> Result<Option<Explanation>, EngineError> {
        Ok(None)
    }

    /// How many times [`Engine::repair`] may be asked for one unit.
    fn repair_rounds(&self) -> usize {
        0
    }

    /// Asked when no candidate passed the checks, with the reasons; engines
    /// that can use them (a model, shown the parser's errors) try again.
    fn repair(
        &self,
        _request: &TranslationRequest,
        _rejected: &[Rejected],
    ) -> Result<Option<Translation>, EngineError> {
        Ok(None)
    }
}

/// Which engine would translate `from` into `to`, for messages about a run
/// whose engines do not: the rules engine where it knows the pair, else
/// the model engine, which translates every pair.
pub fn who_translates(from: Lang, to: Lang) -> String {
    if Rules.supports(from, to) {
        format!("the rules engine translates {from} to {to} (--engine rules)")
    } else {
        "the model engine translates every pair (--engine model --model FILE, \
         or `model` in xlate.toml), and so does the server engine (--engine server \
         --server-url URL, or `url` in [server] of xlate.toml)"
            .to_string()
    }
}

/// What the engines of a run are doing, for the progress line.
pub fn activity(engines: &[Box<dyn Engine>]) -> Option<String> {
    let parts: Vec<String> = engines.iter().filter_map(|e| e.activity()).collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The engines a user can name with `--engine`.
pub const ENGINE_NAMES: &[&str] = &["identity", "rules", "model", "server", "auto"];

/// Builds the engines that `--engine NAME` stands for, tried in order, with
/// the model engine's default options.
pub fn build(name: &str) -> Result<Vec<Box<dyn Engine>>, EngineError> {
    build_with(name, &ModelArgs::default())
}

/// [`build`], with the model engine's options (`--model` and the others).
pub fn build_with(name: &str, model: &ModelArgs) -> Result<Vec<Box<dyn Engine>>, EngineError> {
    build_with_server(name, model, &ServerSettings::default())
}

/// [`build_with`], with the server engine's settings too. `auto` takes the
/// server engine when a URL is configured, else the model engine when a
/// model is.
pub fn build_with_server(
    name: &str,
    model: &ModelArgs,
    server: &ServerSettings,
) -> Result<Vec<Box<dyn Engine>>, EngineError> {
    match name {
        "server" => Ok(vec![Box::new(ServerEngine::connect(server)?)]),
        "auto" if !server.urls.is_empty() => Ok(vec![
            Box::new(Rules),
            Box::new(ServerEngine::connect(server)?),
        ]),
        "identity" => Ok(vec![Box::new(Identity)]),
        // For tests only, and so not among ENGINE_NAMES.
        "scripted" => Ok(vec![Box::new(scripted::Scripted::from_env()?)]),
        "rules" => Ok(vec![Box::new(Rules)]),
        "model" => Ok(vec![Box::new(ModelEngine::new(model)?)]),
        // Rules first; the model engine after them when a model is
        // configured (`--model`, or `model` in xlate.toml).
        "auto" if model.model.is_some() => {
            Ok(vec![Box::new(Rules), Box::new(ModelEngine::new(model)?)])
        }
        "auto" => Ok(vec![Box::new(Rules)]),
        other => Err(EngineError(format!(
            "unknown engine `{other}` (known: {})",
            ENGINE_NAMES.join(", ")
        ))),
    }
}
