//! The symbol table of one module: its top-level definitions and the target
//! name chosen for each, once, unique in the target module, before any unit
//! is translated; which definitions each part of the file mentions; and the
//! naming conventions of every target language, which all engines share.
//!
//! Names are chosen here, not by each engine as it goes, because a pure
//! conversion merges names: `f_1_12` and `f_11_2` both become `f112` in
//! JavaScript, `get_value` and `getValue` both `getValue`. The table gives
//! every source name of the module one target name no other definition has,
//! and says why when it is not the natural one.
//!
//! The order names are served in (see [`ModuleSymbols::build`]):
//! 1. names the user fixed in the glossary;
//! 2. names whose natural target spelling is their own spelling (`getValue`
//!    from Python to JavaScript), in source order;
//! 3. every other name in source order: its natural target spelling when
//!    free, else its own spelling when that is legal and free in the target,
//!    else the natural spelling with `_2`, `_3`, ... appended.
//!
//! A spelling some later name will want as its natural one is not free for
//! the fallback of step 3, so a fallback never pushes a later name off its
//! natural spelling.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use tree_sitter::{Node, Tree};

use crate::engine::rules::front::javascript::known::{self, Known};
use crate::lang::{to_camel_case, to_snake_case, Lang, Naming};
use crate::units::{self, SegmentKind, SplitFile};

/// The top-level definitions of one module and their target names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleSymbols {
    /// The module's path relative to the source root, with `/` separators.
    pub path: String,
    /// One symbol per distinct source name, in source order.
    pub definitions: Vec<Symbol>,
    /// Where the file mentions a definition outside the place it is defined,
    /// sorted by offset: what the dependencies between units come from.
    #[serde(skip)]
    mentions: Vec<Mention>,
    /// The definitions (by index) mentioned in a JavaScript branch that
    /// never runs (see [`js_dead_parts`]), whose mentions there are left
    /// out of [`ModuleSymbols::mentions`].
    #[serde(skip)]
    mentioned_where_dead: HashSet<usize>,
    /// The parameter lists, as source text, of the module's top-level
    /// Python functions, by name: what a call with keyword arguments in
    /// another unit is resolved against (see [`ModuleSymbols::functions_for`]).
    #[serde(skip)]
    parameters: HashMap<String, String>,
    /// Those of the module's top-level Python functions that are
    /// generators (their bodies `yield`): a call of one gives an iterator,
    /// which a caller in another unit must not read as a list.
    #[serde(skip)]
    generators: HashSet<String>,
    /// Module-level names of a Python module that some statement binds
    /// after their first binding (a second assignment, an update, a loop,
    /// `del`, a `global` in a function): a name read at each call is not
    /// the object it named when a `def` read it.
    #[serde(skip)]
    rebound: HashSet<String>,
    /// The declarations of a Rust module's structs, by name: the item with
    /// its attributes (see [`ModuleSymbols::types_for`]).
    #[serde(skip)]
    types: HashMap<String, String>,
    /// The `impl` blocks of those structs, by the struct's name: each with
    /// the signatures of its methods and the line its item starts on, so
    /// that another module reading the declaration can leave out an `impl`
    /// whose own unit was not translated (see
    /// [`ModuleSymbols::declarations_leaving_out`]).
    #[serde(skip)]
    impls: HashMap<String, Vec<ImplBlock>>,
    /// The words of the parameter and result types of a Rust module's
    /// top-level functions, by name: a unit calling `mk()` reads the
    /// struct `mk` returns, which its own text may never name (see
    /// [`ModuleSymbols::types_for`]).
    #[serde(skip)]
    signature_words: HashMap<String, Vec<String>>,
    /// Where the file names a method of one of its trait impls for a
    /// primitive type (`x.num_bytes()` of `impl EdgeLabel for u8`), by
    /// offset, with the trait: a unit calling it is given the trait's
    /// declaration with its impls, as one naming the trait is.
    #[serde(skip)]
    primitive_method_mentions: Vec<(usize, String)>,
    /// The module-level names of a JavaScript module bound once, never
    /// assigned, to a built-in prototype or one of its methods (`var
    /// objectProto = Object.prototype`, `var slice = ArrayProto.slice`),
    /// by name: what they stand for, spelled `Object.prototype` or
    /// `Array.prototype.slice` (see [`ModuleSymbols::prototypes_for`]).
    #[serde(skip)]
    prototypes: HashMap<String, String>,
    /// Those of [`ModuleSymbols::prototypes`] an `export` declares: other
    /// modules import them, so their declaration must bind them.
    #[serde(skip)]
    exported_prototypes: HashSet<String>,
    /// The module-level names of a JavaScript module bound once, never
    /// assigned, to a regular expression literal, by name: the literal's
    /// text (`/^\d+$/g`; see [`ModuleSymbols::regexes_for`]).
    #[serde(skip)]
    regexes: HashMap<String, String>,
    /// The module-level names of a JavaScript module bound once, never
    /// assigned, to a string, number, boolean or `null` literal, by name:
    /// the literal's text (see [`ModuleSymbols::constants_for`]).
    #[serde(skip)]
    constants: HashMap<String, String>,
    /// The module-level names of a JavaScript module bound once, never
    /// assigned, to an expression whose value is computed from and is
    /// itself something that cannot change (`var getLength =
    /// shallowProperty('length')`): a translation may compute each at its
    /// first use (see [`ModuleSymbols::values_for`]).
    #[serde(skip)]
    values: HashSet<String>,
    /// Those of its names a JavaScript module imports that are values of
    /// that module computed at their first use.
    #[serde(skip)]
    imported_values: HashSet<String>,
    /// Where a JavaScript module's `export default <expression>` starts:
    /// the glue there binds `default` (see [`ModuleSymbols::values_for`]).
    #[serde(skip)]
    default_export: Option<usize>,
    /// The function declarations of a JavaScript module, each with whether
    /// its every `return` gives something that never changes (see
    /// [`Fixed::Function`]).
    #[serde(skip)]
    js_functions: HashMap<String, bool>,
    /// For a JavaScript module: the fewest arguments a call of the module
    /// passes to each name it calls (`f(a)`, not `f(...xs)`), with those
    /// other modules of the project pass to its functions (see
    /// [`ModuleSymbols::note_calls`]).
    #[serde(skip)]
    fewest_arguments: HashMap<String, usize>,
    /// For a JavaScript module: the number of parameters of each top-level
    /// function whose parameters are plain names.
    #[serde(skip)]
    arity: HashMap<String, usize>,
    /// For a JavaScript module: the names it reads as values where a
    /// function may be called through them with any number of arguments
    /// (passed as an argument, stored, returned, put in an array), with
    /// those other modules of the project read so (see
    /// [`ModuleSymbols::note_values`]).
    #[serde(skip)]
    read_as_values: HashSet<String>,
    /// The top-level `macro_rules!` definitions of a Rust module, in source
    /// order: each name, the bytes of its unit and its text (see
    /// [`ModuleSymbols::macros_for`]).
    #[serde(skip)]
    macros: Vec<(String, Range<usize>, String)>,
}

/// What a module reads from other modules of the project (see
/// [`crate::project`]).
#[derive(Clone, Copy, Default)]
pub struct Imports<'a> {
    /// The names it imports: each is a definition of the import
    /// statement, and its target name is the one its own module chose,
    /// served first like a glossary entry, so that a call is spelled as
    /// the definition it calls.
    pub names: &'a [ImportedName],
    /// The built-in methods reached through a module bound whole
    /// (`_setup.slice`, `Array.prototype.slice`; see
    /// [`crate::project::ProjectSymbols::namespace_prototypes`]).
    pub namespaces: &'a [(String, String)],
    /// The constants there, each spelled as read
    /// (`_setup.MAX_ARRAY_INDEX`; see
    /// [`crate::project::ProjectSymbols::namespace_constants`]), which
    /// units read as the literals.
    pub namespace_constants: &'a [(String, String)],
}

/// A name a module binds by importing it from another module of the
/// project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedName {
    /// The name in the importing module.
    pub local: String,
    /// Byte offset of the name in the importing file.
    pub at: usize,
    /// The target name the exporting module chose for it.
    pub target: String,
    /// What it stands for where the exporting module's name is an alias
    /// of a built-in prototype or one of its methods
    /// (`Array.prototype.slice`; see [`ModuleSymbols::prototypes_for`]).
    pub prototype: Option<String>,
    /// What it is where it never changes: a function of the exporting
    /// module, or one of its values computed at their first use (see
    /// [`ModuleSymbols::fixed_of`]).
    pub fixed: Option<Fixed>,
    /// The literal's text where the exporting module's name is one of its
    /// literal or folded constants (see [`ModuleSymbols::constants_for`]).
    pub constant: Option<String>,
}

/// A JavaScript module-level name whose value never changes once bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixed {
    /// A value computed at its first use ([`ModuleSymbols::values_for`]).
    Value,
    /// A function declaration; `factory` where every `return` of it gives
    /// a function, a primitive literal or nothing, so a call's value never
    /// changes either.
    Function { factory: bool },
}

/// One top-level definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symbol {
    /// The name in the source.
    pub name: String,
    /// The name chosen for it in the target language.
    pub target: String,
    /// What defines it: a unit's kind, or glue for a top-level assignment.
    pub kind: SegmentKind,
    /// The line of its name in the source file (1-based).
    pub line: usize,
    /// Why the natural target name was not used, when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed: Option<String>,
    /// Byte offset of the name in the file: which segment defines it.
    #[serde(skip)]
    pub at: usize,
}

/// The signatures of one Rust `impl` block, as its struct's declaration
/// lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ImplBlock {
    /// The line of the `impl` item (1-based), attributes not counted.
    line: usize,
    /// `impl Trait for S {` with each member's line, then `}`: a method's
    /// signature with the line of its `fn` (attributes not counted), so
    /// that one left out (a method of a split `impl` whose own unit was
    /// not translated) can be dropped alone.
    head: String,
    members: Vec<(Option<usize>, String)>,
}

impl ImplBlock {
    /// The block as a declaration, without the methods whose line
    /// `left_out` holds.
    fn text(&self, left_out: &dyn Fn(usize) -> bool) -> String {
        let mut text = self.head.clone();
        for (line, member) in &self.members {
            if !line.is_some_and(left_out) {
                text.push_str(member);
            }
        }
        text.push_str("\n}");
        text
    }
}

/// A mention of a definition: byte offset in the file, index of the symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mention {
    at: usize,
    symbol: usize,
}

impl ModuleSymbols {
    /// Builds the table of a split file, for translation into `to`.
    /// `glossary` holds the renames the user asked for (source, target),
    /// glossary entries and the names of target signatures: they are
    /// served first and taken as they are.
    pub fn build(
        path: &str,
        split: &SplitFile,
        text: &str,
        to: Lang,
        glossary: &[(String, String)],
    ) -> ModuleSymbols {
        Self::build_with_imports(path, split, text, to, glossary, &Imports::default())
    }

    /// [`ModuleSymbols::build`], with what the module reads from other
    /// modules of the project (see [`Imports`]).
    pub fn build_with_imports(
        path: &str,
        split: &SplitFile,
        text: &str,
        to: Lang,
        glossary: &[(String, String)],
        imports: &Imports,
    ) -> ModuleSymbols {
        let Imports {
            names: imported,
            namespaces,
            namespace_constants,
        } = *imports;
        let mut fixed = glossary.to_vec();
        fixed.extend(imported.iter().map(|n| (n.local.clone(), n.target.clone())));
        let glossary = fixed.as_slice();
        let from = split.lang;
        // One parse serves both walks (the split's own tree is gone).
        let tree = units::parse(text, from);
        let idents = tree
            .as_ref()
            .map(|t| identifiers(t, text, from))
            .unwrap_or_default();
        let mut found: Vec<(String, SegmentKind, usize)> = Vec::new();
        for segment in &split.segments {
            if segment.kind == SegmentKind::Glue {
                continue;
            }
            let Some(name) = &segment.name else { continue };
            // An impl is not a name of its own (`impl Trait for Type`), and
            // members are not module-level.
            if matches!(
                segment.kind,
                SegmentKind::Impl | SegmentKind::Method | SegmentKind::Field
            ) {
                continue;
            }
            let at =
                first_ident_in(&idents, name, segment.bytes.clone()).unwrap_or(segment.bytes.start);
            found.push((name.clone(), segment.kind, at));
        }
        let glue = tree
            .as_ref()
            .map(|t| glue_definitions(t, text, split))
            .unwrap_or_default();
        for (name, at) in glue {
            found.push((name, SegmentKind::Glue, at));
        }
        // A Rust file as rustc reads it, its macros that write items
        // expanded: the functions they write are the invoking unit's.
        let expanded = match (&tree, from) {
            (Some(t), Lang::Rust) => rust_expanded(t, text),
            _ => None,
        };
        if let Some((t, e)) = &expanded {
            let written: HashSet<String> = found.iter().map(|(n, _, _)| n.clone()).collect();
            found.extend(
                generated_functions(t, e, text)
                    .into_iter()
                    .filter(|(name, _)| !written.contains(name))
                    .map(|(name, at)| (name, SegmentKind::Function, at)),
            );
        }
        for name in imported {
            found.push((name.local.clone(), SegmentKind::Glue, name.at));
        }
        found.sort_by_key(|(_, _, at)| *at);
        let mut seen = HashSet::new();
        found.retain(|(name, _, _)| seen.insert(name.clone()));

        let definitions = choose(&found, from, to, glossary, text);
        let index: HashMap<&str, usize> = definitions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), i))
            .collect();
        let sites: HashSet<usize> = definitions.iter().map(|s| s.at).collect();
        let mut mentions: Vec<Mention> = idents
            .iter()
            .filter(|(at, _)| !sites.contains(at))
            .filter_map(|(at, name)| {
                index
                    .get(name.as_str())
                    .map(|&symbol| Mention { at: *at, symbol })
            })
            .collect();
        let (parameters, generators, rebound) = match (&tree, from) {
            (Some(t), Lang::Python) => (
                python_parameters(t, text),
                python_generators(t, text),
                python_rebound(t, text),
            ),
            _ => (HashMap::new(), HashSet::new(), HashSet::new()),
        };
        let signature_words = match (&tree, from) {
            (Some(t), Lang::Rust) => rust_signature_words(t, text),
            _ => HashMap::new(),
        };
        let (types, impls) = match (&expanded, &tree, from) {
            (Some((t, e)), _, _) => rust_types(t, e),
            (None, Some(t), Lang::Rust) => rust_types(t, text),
            _ => (HashMap::new(), HashMap::new()),
        };
        let primitive_method_mentions = match (&tree, from) {
            (Some(t), Lang::Rust) => primitive_method_mentions(t, text),
            _ => Vec::new(),
        };
        let imported_values: HashSet<String> = imported
            .iter()
            .filter(|n| n.fixed == Some(Fixed::Value))
            .map(|n| n.local.clone())
            .collect();
        let JsBindings {
            prototypes,
            exported: exported_prototypes,
            regexes,
            constants,
            values,
            functions: js_functions,
        } = match (&tree, from) {
            (Some(t), Lang::JavaScript) => {
                let fixed: HashMap<&str, Fixed> = imported
                    .iter()
                    .filter_map(|n| Some((n.local.as_str(), n.fixed?)))
                    .collect();
                let imported_constants: Vec<(&str, &str)> = imported
                    .iter()
                    .filter_map(|n| Some((n.local.as_str(), n.constant.as_deref()?)))
                    .collect();
                let imported: Vec<(&str, &str)> = imported
                    .iter()
                    .filter_map(|n| Some((n.local.as_str(), n.prototype.as_deref()?)))
                    .chain(namespaces.iter().map(|(n, m)| (n.as_str(), m.as_str())))
                    .collect();
                let glue: Vec<Range<usize>> = split
                    .segments
                    .iter()
                    .filter(|s| s.kind == SegmentKind::Glue)
                    .map(|s| s.bytes.clone())
                    .collect();
                js_prototype_aliases(t, text, &imported, &fixed, &imported_constants, &glue)
            }
            _ => JsBindings::default(),
        };
        // Another module's constants imported by name, or read as members
        // of a module bound whole, are read as theirs.
        let mut constants = constants;
        for name in imported {
            if let Some(literal) = &name.constant {
                constants
                    .entry(name.local.clone())
                    .or_insert_with(|| literal.clone());
            }
        }
        for (member, literal) in namespace_constants {
            constants
                .entry(member.clone())
                .or_insert_with(|| literal.clone());
        }
        // A mention in a branch that never runs is no dependency: the
        // frontend leaves the branch out.
        let mut mentioned_where_dead = HashSet::new();
        if let (Some(t), Lang::JavaScript) = (&tree, from) {
            let module: HashSet<&str> = definitions.iter().map(|s| s.name.as_str()).collect();
            let dead = js_dead_parts(t, text, &constants, &module);
            mentions.retain(|m: &Mention| {
                let live = !dead.iter().any(|r| r.contains(&m.at));
                if !live {
                    mentioned_where_dead.insert(m.symbol);
                }
                live
            });
        }
        let default_export = match (&tree, from) {
            (Some(t), Lang::JavaScript) => js_default_export(t, text),
            _ => None,
        };
        let (fewest_arguments, arity, read_as_values) = match (&tree, from) {
            (Some(t), Lang::JavaScript) => js_calls_and_arities(t, text),
            _ => (HashMap::new(), HashMap::new(), HashSet::new()),
        };
        let macros = split
            .segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Macro)
            .filter_map(|s| {
                let name = s.name.clone()?;
                Some((
                    name,
                    s.bytes.clone(),
                    text.get(s.bytes.clone())?.to_string(),
                ))
            })
            .collect();
        ModuleSymbols {
            path: path.to_string(),
            definitions,
            mentions,
            mentioned_where_dead,
            parameters,
            generators,
            rebound,
            types,
            impls,
            signature_words,
            primitive_method_mentions,
            prototypes,
            exported_prototypes,
            regexes,
            constants,
            values,
            imported_values,
            default_export,
            js_functions,
            fewest_arguments,
            arity,
            read_as_values,
            macros,
        }
    }

    /// Takes in calls of the module's functions that other modules make
    /// (function, fewest arguments one passes).
    pub fn note_calls(&mut self, calls: &[(String, usize)]) {
        for (name, n) in calls {
            let fewest = self.fewest_arguments.entry(name.clone()).or_insert(*n);
            *fewest = (*fewest).min(*n);
        }
    }

    /// Takes in the module's functions that other modules read as values.
    pub fn note_values(&mut self, names: &[String]) {
        self.read_as_values.extend(names.iter().cloned());
    }

    /// Whether the module reads `name` as a value (see
    /// [`ModuleSymbols::read_as_values`]).
    pub fn reads_as_value(&self, name: &str) -> bool {
        self.read_as_values.contains(name)
    }

    /// The functions `ranges` define that the project reads as values, in
    /// source order: a caller through the value may pass more arguments
    /// than they have parameters, which JavaScript drops, so the
    /// translation's must take them. Only these, so that the cache keys of
    /// other units stay as they were.
    pub fn read_as_values_for(&self, ranges: &[Range<usize>]) -> Vec<String> {
        let mut out = Vec::new();
        for range in ranges {
            for s in self.defined_in(range.clone()) {
                if s.kind == SegmentKind::Function && self.read_as_values.contains(&s.name) {
                    out.push(s.name.clone());
                }
            }
        }
        out
    }

    /// The fewest arguments a call of the module passes to `name`.
    pub fn fewest_arguments_of(&self, name: &str) -> Option<usize> {
        self.fewest_arguments.get(name).copied()
    }

    /// The functions `ranges` define that some call of the project passes
    /// fewer arguments than they have parameters (name, fewest arguments),
    /// in source order: JavaScript gives the others `undefined`, so the
    /// translation's must be optional. Only these, so that the cache keys
    /// of units always called in full stay as they were.
    pub fn omissible_for(&self, ranges: &[Range<usize>]) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for range in ranges {
            for s in self.defined_in(range.clone()) {
                let (Some(&n), Some(&fewest)) =
                    (self.arity.get(&s.name), self.fewest_arguments.get(&s.name))
                else {
                    continue;
                };
                if s.kind == SegmentKind::Function && fewest < n {
                    out.push((s.name.clone(), fewest));
                }
            }
        }
        out
    }

    /// Whether the file mentions `name` only in branches that never run
    /// (see [`js_dead_parts`]): something there that is missing is never
    /// reached.
    pub fn mentioned_only_where_dead(&self, name: &str) -> bool {
        self.definitions
            .iter()
            .position(|s| s.name == name)
            .is_some_and(|i| {
                self.mentioned_where_dead.contains(&i)
                    && !self.mentions.iter().any(|m| m.symbol == i)
            })
    }

    /// Byte offsets where the file mentions `name` outside its definition.
    pub fn mentions_of(&self, name: &str) -> Vec<usize> {
        let Some(index) = self.definitions.iter().position(|s| s.name == name) else {
            return Vec::new();
        };
        self.mentions
            .iter()
            .filter(|m| m.symbol == index)
            .map(|m| m.at)
            .collect()
    }

    /// The target name of a top-level definition.
    pub fn target_of(&self, name: &str) -> Option<&str> {
        self.definitions
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.target.as_str())
    }

    /// The definitions whose names lie in `bytes`.
    pub fn defined_in(&self, bytes: Range<usize>) -> impl Iterator<Item = &Symbol> {
        self.definitions[self.indices_within(&bytes)].iter()
    }

    /// The indices of the definitions whose name lies in `bytes`: a binary
    /// search, since definitions are in file order (a scan per unit made
    /// large files quadratic).
    fn indices_within(&self, bytes: &Range<usize>) -> Range<usize> {
        let start = self.definitions.partition_point(|s| s.at < bytes.start);
        let end = self.definitions.partition_point(|s| s.at < bytes.end);
        start..end.max(start)
    }

    /// Indices of the definitions mentioned in any of `ranges` and not
    /// defined there, in source order of the definitions: what that part of
    /// the file needs from the rest of it.
    pub fn references_in(&self, ranges: &[Range<usize>]) -> Vec<usize> {
        let inside = |at: usize| ranges.iter().any(|r| r.contains(&at));
        let mut found = BTreeSet::new();
        for range in ranges {
            // Mentions are in file order: look at this range's only.
            let start = self.mentions.partition_point(|m| m.at < range.start);
            for m in self.mentions[start..]
                .iter()
                .take_while(|m| m.at < range.end)
            {
                if !inside(self.definitions[m.symbol].at) {
                    found.insert(m.symbol);
                }
            }
        }
        found.into_iter().collect()
    }

    /// Whether `name` is a top-level Python generator function.
    pub fn is_generator(&self, name: &str) -> bool {
        self.generators.contains(name)
    }

    /// The generator functions of the module that `ranges` mention and do
    /// not define (see [`ModuleSymbols::functions_for`]).
    pub fn generators_for(&self, ranges: &[Range<usize>]) -> Vec<String> {
        self.references_in(ranges)
            .into_iter()
            .map(|i| &self.definitions[i])
            .filter(|s| s.kind == SegmentKind::Function && self.generators.contains(&s.name))
            .map(|s| s.name.clone())
            .collect()
    }

    /// The parameter list, as source text, of the module's top-level
    /// Python function `name`.
    pub fn parameters_of(&self, name: &str) -> Option<&str> {
        self.parameters.get(name).map(String::as_str)
    }

    /// Source names of the classes `ranges` mention and do not define, in
    /// source order.
    pub fn classes_for(&self, ranges: &[Range<usize>]) -> Vec<String> {
        self.references_in(ranges)
            .into_iter()
            .map(|i| &self.definitions[i])
            .filter(|s| s.kind == SegmentKind::Class)
            .map(|s| s.name.clone())
            .collect()
    }

    /// The parameter lists of the top-level functions `ranges` mention and
    /// do not define (source name, list as source text), in source order.
    pub fn functions_for(&self, ranges: &[Range<usize>]) -> Vec<(String, String)> {
        self.references_in(ranges)
            .into_iter()
            .map(|i| &self.definitions[i])
            .filter(|s| s.kind == SegmentKind::Function)
            .filter_map(|s| {
                self.parameters
                    .get(&s.name)
                    .map(|p| (s.name.clone(), p.clone()))
            })
            .collect()
    }

    /// The declarations of the Rust structs `ranges` define or mention, and
    /// of those their declarations name in turn (a field's struct, a
    /// method's result), in source order: what a unit needs to read their
    /// fields and call their methods when the struct and its `impl` are
    /// other units (a struct whose field's type is unknown is not read at
    /// all). Only these, as [`ModuleSymbols::names_for`], so that the
    /// cache keys of units that mention no struct stay as they were.
    pub fn types_for(&self, ranges: &[Range<usize>]) -> Vec<String> {
        self.types_leaving_out(ranges, &|_| false)
    }

    /// [`ModuleSymbols::types_for`] without the `impl` blocks and methods
    /// whose item starts on a line `left_out` holds (see
    /// [`ModuleSymbols::declarations_leaving_out`]).
    pub fn types_leaving_out(
        &self,
        ranges: &[Range<usize>],
        left_out: &dyn Fn(usize) -> bool,
    ) -> Vec<String> {
        let mut names: Vec<String> = self
            .names_for(ranges)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        names.extend(
            self.primitive_method_mentions
                .iter()
                .filter(|(at, _)| ranges.iter().any(|r| r.contains(at)))
                .map(|(_, tr)| tr.clone()),
        );
        let called: Vec<String> = names
            .iter()
            .filter_map(|n| self.signature_words.get(n))
            .flatten()
            .cloned()
            .collect();
        names.extend(called);
        self.declarations_leaving_out(names, left_out)
    }

    /// The declarations (as [`ModuleSymbols::types_for`] gives them) of
    /// those of `names` that are the module's structs or constants, and of
    /// the module's types their declarations name, in source order: what
    /// another module that imports them needs to know of them.
    pub fn declarations_of(&self, names: Vec<String>) -> Vec<String> {
        self.declarations_leaving_out(names, &|_| false)
    }

    /// [`ModuleSymbols::declarations_of`] without the `impl` blocks whose
    /// item starts on a line `left_out` holds: those whose own unit was
    /// not translated, whose methods the target does not have. The struct
    /// itself is still a type the reader knows (its declaration's unit is
    /// another one), so that a file the struct's `impl` names in turn
    /// (`impl Color` returning `Style`, whose field is a `Color`) is not
    /// kept waiting on it.
    pub fn declarations_leaving_out(
        &self,
        names: Vec<String>,
        left_out: &dyn Fn(usize) -> bool,
    ) -> Vec<String> {
        let full = |name: &str| -> Option<String> {
            let mut decl = self.types.get(name)?.clone();
            for block in self.impls.get(name).into_iter().flatten() {
                if !left_out(block.line) {
                    decl.push('\n');
                    decl.push_str(&block.text(left_out));
                }
            }
            Some(decl)
        };
        let mut names: Vec<String> = names
            .into_iter()
            .filter(|name| self.types.contains_key(name))
            .collect();
        names.sort();
        names.dedup();
        let mut seen: HashSet<String> = names.iter().cloned().collect();
        let mut next = 0;
        while let Some(name) = names.get(next) {
            let decl = full(name).unwrap_or_default();
            let named: Vec<&str> = decl
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| self.types.contains_key(*w))
                .collect();
            for w in named {
                if seen.insert(w.to_string()) {
                    names.push(w.to_string());
                }
            }
            next += 1;
        }
        let order = |name: &String| {
            self.definitions
                .iter()
                .position(|s| s.name == *name)
                .unwrap_or(usize::MAX)
        };
        names.sort_by_key(order);
        names.iter().filter_map(|name| full(name)).collect()
    }

    /// Source names of the module-level names `ranges` define or mention
    /// that the module binds more than once, in source order.
    pub fn rebound_for(&self, ranges: &[Range<usize>]) -> Vec<String> {
        self.names_for(ranges)
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| self.rebound.contains(name))
            .collect()
    }

    /// What the module-level name `name` stands for where it is an alias
    /// of a built-in prototype or one of its methods.
    pub fn prototype_of(&self, name: &str) -> Option<&str> {
        self.prototypes.get(name).map(String::as_str)
    }

    /// The literal's text of the module's constant `name` (see
    /// [`ModuleSymbols::constants_for`]).
    pub fn constant_of(&self, name: &str) -> Option<&str> {
        self.constants.get(name).map(String::as_str)
    }

    /// Whether the module's translation binds the alias `name` (an
    /// `export` declares it): others are written as nothing, since the
    /// units call what they stand for.
    pub fn binds_alias(&self, name: &str) -> bool {
        self.exported_prototypes.contains(name)
    }

    /// Whether a unit translated into `to` reads the JavaScript module's
    /// definition `name` where it uses it rather than through its binding:
    /// an alias of a built-in (`var isArray = Array.isArray`), which it
    /// calls as the built-in (into Python, unless an `export` declares
    /// it), and into Rust a constant, which it reads as its value. The
    /// glue binding it is not needed.
    pub fn read_in_place(&self, name: &str, to: Lang) -> bool {
        let alias =
            self.prototypes.contains_key(name) && (to == Lang::Rust || !self.binds_alias(name));
        alias || (to == Lang::Rust && self.constants.contains_key(name))
    }

    /// Whether `name` is one of the module's regular expression constants,
    /// which a unit of the module reads as the pattern wherever it uses it.
    pub fn is_regex(&self, name: &str) -> bool {
        self.regexes.contains_key(name)
    }

    /// The aliases of built-in prototypes and their methods that `ranges`
    /// define or mention (name, what it stands for, as
    /// `Array.prototype.slice`), in source order: a unit calls
    /// `slice.call(args, 1)` with the meaning of `Array.prototype.slice`
    /// though the glue defines `slice`. Only these, as
    /// [`ModuleSymbols::names_for`], so that other units' cache keys stay
    /// as they were.
    /// An exported alias is left out where `ranges` define it: its
    /// declaration is kept (and declined), since other modules import it.
    pub fn prototypes_for(&self, ranges: &[Range<usize>]) -> Vec<(String, String)> {
        let defined: HashSet<&str> = ranges
            .iter()
            .flat_map(|r| self.defined_in(r.clone()))
            .map(|s| s.name.as_str())
            .collect();
        self.names_for(ranges)
            .into_iter()
            .filter(|(name, _)| {
                !(self.exported_prototypes.contains(name) && defined.contains(name.as_str()))
            })
            .flat_map(|(name, _)| with_members(&self.prototypes, name))
            .collect()
    }

    /// The module's regular expression constants that `ranges` define or
    /// mention (name, the literal's text), in source order: a unit reads
    /// `reIsUint.test(s)` with the pattern of `var reIsUint = /^\d+$/`.
    /// Only these, so that other units' cache keys stay as they were.
    pub fn regexes_for(&self, ranges: &[Range<usize>]) -> Vec<(String, String)> {
        self.names_for(ranges)
            .into_iter()
            .filter_map(|(name, _)| {
                let literal = self.regexes.get(&name)?.clone();
                Some((name, literal))
            })
            .collect()
    }

    /// What the module binds to built-ins and literals, all of it: what a
    /// function of it translated on its own for the callee table is given
    /// (`project::callees`), as its unit is given the part it mentions.
    pub fn literals(&self) -> ModuleLiterals {
        let sorted = |m: &HashMap<String, String>| {
            let mut v: Vec<(String, String)> =
                m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            v.sort();
            v
        };
        let mut values: Vec<String> = self.values.iter().cloned().collect();
        values.sort();
        ModuleLiterals {
            prototypes: sorted(&self.prototypes),
            regexes: sorted(&self.regexes),
            constants: sorted(&self.constants),
            values,
        }
    }

    /// The module's values computed at their first use (see
    /// [`ModuleSymbols::values`]) that `ranges` define or mention, in
    /// source order.
    pub fn values_for(&self, ranges: &[Range<usize>]) -> Vec<String> {
        let mut values: Vec<String> = self
            .names_for(ranges)
            .into_iter()
            .filter(|(name, _)| self.values.contains(name) || self.imported_values.contains(name))
            .map(|(name, _)| name)
            .collect();
        // `export default <expression>`, a value bound to no name.
        if self
            .default_export
            .is_some_and(|at| ranges.iter().any(|r| r.contains(&at)))
            && self.values.contains("default")
        {
            values.push("default".to_string());
        }
        values
    }

    /// What the module-level name `name` is where it never changes once
    /// bound: one of the module's values computed at their first use, or
    /// one of its function declarations.
    pub fn fixed_of(&self, name: &str) -> Option<Fixed> {
        if self.values.contains(name) {
            return Some(Fixed::Value);
        }
        self.js_functions
            .get(name)
            .map(|&factory| Fixed::Function { factory })
    }

    /// The module's literal constants (`var undefinedTag = '[object
    /// Undefined]'`) that `ranges` mention (name, the literal's text), in
    /// source order: a unit written with JavaScript's values reads the
    /// value where the module's glue, which no Rust translation keeps,
    /// would have bound it.
    pub fn constants_for(&self, ranges: &[Range<usize>]) -> Vec<(String, String)> {
        self.names_for(ranges)
            .into_iter()
            .flat_map(|(name, _)| with_members(&self.constants, name))
            .collect()
    }

    /// The `macro_rules!` definitions (each its unit's text, in source
    /// order) of the macros `ranges` invoke, and of those the definitions
    /// invoke in turn: what the Rust frontend expands the invocations by.
    /// Only these, so that the cache keys of units that invoke none stay
    /// as they were.
    pub fn macros_for(&self, ranges: &[Range<usize>]) -> Vec<String> {
        self.macros_invoked(ranges)
            .into_iter()
            .map(|k| self.macros[k].2.clone())
            .collect()
    }

    /// The bytes of the definitions [`ModuleSymbols::macros_for`] gives:
    /// what their expansions name, the invoking unit names too (a struct
    /// the macro builds, a function it calls).
    pub fn macro_ranges_for(&self, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
        self.macros_invoked(ranges)
            .into_iter()
            .map(|k| self.macros[k].1.clone())
            .collect()
    }

    fn macros_invoked(&self, ranges: &[Range<usize>]) -> BTreeSet<usize> {
        let mut wanted: BTreeSet<usize> = BTreeSet::new();
        let mut queue: Vec<Range<usize>> = ranges.to_vec();
        while let Some(range) = queue.pop() {
            let named: HashSet<String> = self
                .names_for(std::slice::from_ref(&range))
                .into_iter()
                .map(|(name, _)| name)
                .collect();
            for (k, (name, bytes, _)) in self.macros.iter().enumerate() {
                if named.contains(name) && wanted.insert(k) {
                    queue.push(bytes.clone());
                }
            }
        }
        wanted
    }

    /// Source and target names of what `ranges` define or mention, in source
    /// order of the definitions: what an engine translating that part must
    /// know. Only these, so that adding a function to a file does not change
    /// the requests (and cache keys) of the units that do not mention it.
    pub fn names_for(&self, ranges: &[Range<usize>]) -> Vec<(String, String)> {
        let mut wanted: BTreeSet<usize> = self.references_in(ranges).into_iter().collect();
        for range in ranges {
            wanted.extend(self.indices_within(range));
        }
        wanted
            .into_iter()
            .map(|i| {
                let s = &self.definitions[i];
                (s.name.clone(), s.target.clone())
            })
            .collect()
    }
}

/// `name`'s entry in `map`, then those of its members where it is a module
/// bound whole (`_setup.slice`, `_setup.MAX`), sorted.
fn with_members(map: &HashMap<String, String>, name: String) -> Vec<(String, String)> {
    let mut members: Vec<(String, String)> = map
        .iter()
        .filter(|(k, _)| {
            k.strip_prefix(name.as_str())
                .is_some_and(|rest| rest.starts_with('.'))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    members.sort();
    let own = map.get(&name).map(|v| (name, v.clone()));
    own.into_iter().chain(members).collect()
}

/// Gives each found definition its target name, in the order set out in the
/// module documentation.
fn choose(
    found: &[(String, SegmentKind, usize)],
    from: Lang,
    to: Lang,
    glossary: &[(String, String)],
    text: &str,
) -> Vec<Symbol> {
    // Within one language every name is already its own target spelling.
    let natural: Vec<Option<String>> = found
        .iter()
        .map(|(name, kind, _)| {
            if from == to {
                Some(name.clone())
            } else {
                natural_name(name, *kind, to)
            }
        })
        .collect();
    let mut targets: Vec<Option<String>> = vec![None; found.len()];
    let mut reasons: Vec<Option<String>> = vec![None; found.len()];
    // Who holds each target spelling: an index into `found`, or none for a
    // glossary entry that is not a definition here.
    let mut holder: HashMap<String, Option<usize>> = HashMap::new();
    for (source, target) in glossary {
        holder.entry(target.clone()).or_insert(None);
        if let Some(i) = found.iter().position(|(n, _, _)| n == source) {
            targets[i] = Some(target.clone());
            holder.insert(target.clone(), Some(i));
        }
    }
    // Literal names first: their spelling is already the target's.
    for (i, (name, _, _)) in found.iter().enumerate() {
        if targets[i].is_none()
            && natural[i].as_deref() == Some(name.as_str())
            && !holder.contains_key(name)
        {
            holder.insert(name.clone(), Some(i));
            targets[i] = Some(name.clone());
        }
    }
    // Lines by binary search over the line starts, counted once: counting
    // from the start of the file for each definition made a file of
    // thousands of functions quadratic.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |at: usize| line_starts.partition_point(|&start| start <= at);
    // Natural spellings still wanted by names not yet given one, counted, so
    // that "does a later name want this spelling?" is one lookup.
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    for (n, t) in natural.iter().zip(&targets) {
        if let (Some(n), None) = (n, t) {
            *wanted.entry(n.as_str()).or_default() += 1;
        }
    }
    let taken_by = |holder: &HashMap<String, Option<usize>>, spelling: &str| -> String {
        match holder.get(spelling) {
            Some(Some(j)) => format!("{} (line {})", found[*j].0, line_of(found[*j].2)),
            _ => "the glossary".to_string(),
        }
    };
    for (i, (name, kind, _)) in found.iter().enumerate() {
        if targets[i].is_some() {
            continue;
        }
        if let Some(count) = natural[i].as_deref().and_then(|n| wanted.get_mut(n)) {
            *count -= 1;
        }
        // A spelling a later name wants as its natural one is left to it.
        let wanted_later = |s: &str| wanted.get(s).is_some_and(|&count| count > 0);
        let free = |holder: &HashMap<String, Option<usize>>, s: &str| {
            !holder.contains_key(s) && !wanted_later(s)
        };
        let chosen = match &natural[i] {
            Some(n) if !holder.contains_key(n) => (n.clone(), None),
            Some(n) => {
                let why = format!("{n} is taken by {}", taken_by(&holder, n));
                if is_legal(name, to) && free(&holder, name) {
                    (name.clone(), Some(why))
                } else {
                    let numbered = (2..)
                        .map(|k| format!("{n}_{k}"))
                        .find(|s| free(&holder, s))
                        .expect("some numbered name is free");
                    (numbered, Some(why))
                }
            }
            None => {
                // No natural spelling (a `$` in a name for Python): a
                // plain stand-in, numbered like the rest.
                let base = fallback_spelling(name, *kind, to);
                let why = format!("`{name}` cannot be spelled in {}", to.display_name());
                let spelled = std::iter::once(base.clone())
                    .chain((2..).map(|k| format!("{base}_{k}")))
                    .find(|s| free(&holder, s))
                    .expect("some numbered name is free");
                (spelled, Some(why))
            }
        };
        holder.insert(chosen.0.clone(), Some(i));
        targets[i] = Some(chosen.0);
        reasons[i] = chosen.1;
    }
    found
        .iter()
        .zip(targets)
        .zip(reasons)
        .map(|(((name, kind, at), target), renamed)| Symbol {
            name: name.clone(),
            target: target.unwrap_or_else(|| name.clone()),
            kind: *kind,
            line: line_of(*at),
            renamed,
            at: *at,
        })
        .collect()
}

/// A legal spelling for a name with no natural one: what is not an
/// identifier character becomes `_`.
fn fallback_spelling(name: &str, kind: SegmentKind, to: Lang) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    natural_name(&cleaned, kind, to).unwrap_or_else(|| format!("{cleaned}_"))
}

// -- Naming conventions ----------------------------------------------------

/// JavaScript globals a translation uses, which a name must not shadow.
const JS_GLOBALS: &[&str] = &[
    "undefined",
    "NaN",
    "Infinity",
    // Globals the translation itself writes.
    "Array",
    "Boolean",
    "Error",
    "JSON",
    "Map",
    "Math",
    "Number",
    "Object",
    "Set",
    "String",
    "console",
    "parseFloat",
    "parseInt",
    // Helpers of the rules engine (see engine/rules/helpers.rs).
    "pyCmp",
    "pyEq",
    "pyMath",
    "pyMod",
    "pyTruthy",
    "range",
    "zip",
];

/// Python builtins and modules a translation calls by name, which a name
/// must not shadow.
const PY_BUILTINS: &[&str] = &[
    // Builtins and modules the translation writes.
    "abs",
    "all",
    "any",
    "bin",
    "bool",
    "chr",
    "dict",
    "enumerate",
    "filter",
    "float",
    "format",
    "functools",
    "int",
    "isinstance",
    "json",
    "len",
    "list",
    "map",
    "math",
    "max",
    "min",
    "next",
    "ord",
    "print",
    "random",
    "range",
    "re",
    "reversed",
    "round",
    "set",
    "sorted",
    "str",
    "sum",
    "tuple",
    "zip",
    // Helpers of the rules engine (see engine/rules/helpers.rs).
    "js_add",
    "js_loose_eq",
    "js_number",
    "js_parse_int",
    "js_rem",
    "js_str",
    "js_strict_eq",
    "js_truthy",
];

/// Whether a name in `lang` must be spelled otherwise: one of the
/// language's keywords ([`Lang::keywords`]), or a global or builtin the
/// translation itself uses. Rust names escape with a trailing `_` rather
/// than `r#`, which reads badly and cannot escape `self`, `super` or
/// `crate`.
pub fn is_reserved(lang: Lang, name: &str) -> bool {
    lang.keywords().contains(&name)
        || match lang {
            Lang::Python => PY_BUILTINS.contains(&name),
            Lang::JavaScript => JS_GLOBALS.contains(&name),
            Lang::Rust => false,
        }
        || is_helper_name(lang, name)
}

/// Whether `name` has the shape of the rules engine's run-time helpers in
/// `lang`, which a translation's own names must not take: in JavaScript
/// `pyItem`, `rsUnwrap`, `PyKeyedMap`, `PY_SPACE`; in Python `js_set`,
/// `rs_unwrap`. (One rule for the shape, rather than a list that each new
/// helper must join.)
pub fn is_helper_name(lang: Lang, name: &str) -> bool {
    let after = |prefix: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_uppercase())
    };
    match lang {
        Lang::JavaScript => after("py") || after("rs") || after("Py") || name.starts_with("PY_"),
        Lang::Python => name.starts_with("js_") || name.starts_with("rs_"),
        Lang::Rust => false,
    }
}

/// Whether a name is spelled the same in every convention: `MAX_LEN`,
/// `Parser`, `_`, `x`.
fn keeps_spelling(name: &str) -> bool {
    let core = name.trim_matches('_');
    if core.is_empty() {
        return true;
    }
    let is_constant = core
        .chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '_')
        && core.chars().any(|c| c.is_uppercase());
    let is_class = core.chars().next().is_some_and(|c| c.is_uppercase());
    is_constant || is_class
}

/// Whether `name` is an identifier `lang` accepts as it is, and not one of
/// its reserved words.
pub fn is_legal(name: &str, lang: Lang) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let extra = |c: char| lang == Lang::JavaScript && c == '$';
    let starts = first.is_alphabetic() || first == '_' || extra(first);
    starts && chars.all(|c| c.is_alphanumeric() || c == '_' || extra(c)) && !is_reserved(lang, name)
}

/// The natural spelling of a source name in `to`'s conventions, or `None`
/// when `to` cannot spell it (a `$` outside JavaScript). Constants and
/// capitalised names keep their spelling; in Rust, types become
/// `UpperCamelCase` and everything else `snake_case`; reserved words get a
/// trailing `_`.
pub fn natural_name(name: &str, kind: SegmentKind, to: Lang) -> Option<String> {
    if to != Lang::JavaScript && name.contains('$') {
        return None;
    }
    let converted = if keeps_spelling(name) {
        name.to_string()
    } else if to == Lang::Rust && kind.family() == crate::units::Family::Type {
        upper_camel(name)
    } else {
        match to.naming() {
            Naming::CamelCase => to_camel_case(name),
            Naming::SnakeCase => to_snake_case(name),
        }
    };
    Some(if is_reserved(to, &converted) {
        format!("{converted}_")
    } else {
        converted
    })
}

/// `UpperCamelCase`, for Rust types.
fn upper_camel(name: &str) -> String {
    let camel = to_camel_case(name);
    let mut chars = camel.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => camel,
    }
}

/// The JavaScript spelling of a Python name (no table consulted).
pub fn js_name(py: &str) -> String {
    natural_name(py, SegmentKind::Function, Lang::JavaScript).unwrap_or_else(|| py.to_string())
}

/// The Python spelling of a JavaScript name, or `None` when it cannot be one
/// (a `$` in it). No table consulted.
pub fn py_name(js: &str) -> Option<String> {
    natural_name(js, SegmentKind::Function, Lang::Python)
}

// -- Reading the file --------------------------------------------------------

/// The words of each top-level Rust function's parameter and result
/// types, by the function's name (see [`ModuleSymbols::signature_words`]).
fn rust_signature_words(tree: &Tree, text: &str) -> HashMap<String, Vec<String>> {
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut out = HashMap::new();
    for item in root.named_children(&mut cursor) {
        if item.kind() != "function_item" {
            continue;
        }
        let Some(name) = item.child_by_field_name("name") else {
            continue;
        };
        let mut words = Vec::new();
        let parts = [
            item.child_by_field_name("parameters"),
            item.child_by_field_name("return_type"),
        ];
        for part in parts.into_iter().flatten() {
            words.extend(
                text[part.byte_range()]
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
                    .map(str::to_string),
            );
        }
        out.insert(text[name.byte_range()].to_string(), words);
    }
    out
}

/// A Rust file as rustc reads it: its `macro_rules!` macros that write
/// items expanded (methods a macro writes into an `impl`, functions and
/// `impl` blocks at the top level), on the rows of their invocations (see
/// [`crate::engine::rules::expand_items`]); `None` where it has no such
/// macro or one does not expand.
fn rust_expanded(tree: &Tree, text: &str) -> Option<(Tree, String)> {
    let e = crate::engine::rules::expand_items(&[], text, tree.root_node()).ok()??;
    let t = units::parse(&e, Lang::Rust)?;
    (!t.root_node().has_error()).then_some((t, e))
}

/// The top-level functions of the expanded file, each with a place in
/// `original` on its row: for a function a macro wrote, the `!` of its
/// invocation, since expansion keeps rows.
fn generated_functions(tree: &Tree, expanded: &str, original: &str) -> Vec<(String, usize)> {
    let row_starts: Vec<usize> = std::iter::once(0)
        .chain(original.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut out = Vec::new();
    for item in root.named_children(&mut cursor) {
        if item.kind() != "function_item" {
            continue;
        }
        let Some(name) = item.child_by_field_name("name") else {
            continue;
        };
        let Some(&line_start) = row_starts.get(item.start_position().row) else {
            continue;
        };
        // The invocation's `!`: inside the unit, and no name's place (the
        // macro's name is a mention of the macro).
        let line = &original[line_start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let at = line_start + line.find('!').unwrap_or(0);
        out.push((expanded[name.byte_range()].to_string(), at));
    }
    out
}

/// The declarations of a Rust module's top-level structs, enums, traits
/// and constants, by name: each item with the attributes just before it,
/// a constant as `const NAME: T;`. Apart, by the struct's or enum's name,
/// its inherent and trait `impl` blocks (see [`ModuleSymbols::impls`]):
/// each as its header says, with its associated types, its associated
/// constants as `const NAME: T;` and the signatures of its methods
/// (`fn area(&self) -> f64;`). A name defined twice (`#[cfg]` variants)
/// is left out, as no unit knows which it means.
fn rust_types(
    tree: &Tree,
    text: &str,
) -> (HashMap<String, String>, HashMap<String, Vec<ImplBlock>>) {
    let root = tree.root_node();
    let mut cursor = root.walk();
    let items: Vec<Node> = root.named_children(&mut cursor).collect();
    let mut structs: HashMap<String, String> = HashMap::new();
    let mut twice = HashSet::new();
    let mut methods: HashMap<String, Vec<ImplBlock>> = HashMap::new();
    let mut traits: HashMap<String, Vec<String>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        match item.kind() {
            "struct_item" | "enum_item" => {
                let Some(name) = item.child_by_field_name("name") else {
                    continue;
                };
                let name = text[name.byte_range()].to_string();
                // The attributes written just before the item (its
                // derives) belong to it.
                let mut start = item.start_byte();
                for prev in items[..i].iter().rev() {
                    if prev.kind() != "attribute_item" {
                        break;
                    }
                    start = prev.start_byte();
                }
                let decl = text[start..item.end_byte()].to_string();
                if structs.insert(name.clone(), decl).is_some() {
                    twice.insert(name);
                }
            }
            // A constant (not a `static mut`, which a function may
            // assign): its name and type, without its value, which the
            // units reading it need not hold in their cache keys.
            "const_item" | "static_item" => {
                let mutable = {
                    let mut c = item.walk();
                    let found = item
                        .children(&mut c)
                        .any(|c| c.kind() == "mutable_specifier");
                    found
                };
                let (Some(name), Some(ty)) = (
                    item.child_by_field_name("name"),
                    item.child_by_field_name("type"),
                ) else {
                    continue;
                };
                if mutable {
                    continue;
                }
                let name = text[name.byte_range()].to_string();
                let decl = format!("const {name}: {};", &text[ty.byte_range()]);
                if structs.insert(name.clone(), decl).is_some() {
                    twice.insert(name);
                }
            }
            // A trait, and its impls for primitive types (`impl BitBlock
            // for u32`), whole: an `impl<B: BitBlock>` of the file calls
            // their methods through its bound (`B::bits()`).
            "trait_item" => {
                if let Some(name) = item.child_by_field_name("name") {
                    traits
                        .entry(text[name.byte_range()].to_string())
                        .or_default()
                        .push(text[item.byte_range()].to_string());
                }
            }
            "impl_item"
                if item
                    .child_by_field_name("type")
                    .is_some_and(|t| primitive_impl_type(t, text)) =>
            {
                if let Some(tr) = item.child_by_field_name("trait") {
                    let path = &text[tr.byte_range()];
                    let bare = path.split('<').next().unwrap_or(path);
                    let name = bare.rsplit("::").next().unwrap_or(bare).trim();
                    traits
                        .entry(name.to_string())
                        .or_default()
                        .push(text[item.byte_range()].to_string());
                }
            }
            "impl_item" => {
                // A trait impl's methods are the struct's methods too; a
                // name two impls declare is seen twice by the frontend,
                // which then declines it.
                let Some(mut ty) = item.child_by_field_name("type") else {
                    continue;
                };
                // `impl<B: Bound> S<B>` of a generic struct: the frontend
                // reads whether it is of the struct's default instance.
                if ty.kind() == "generic_type" {
                    match ty.child_by_field_name("type") {
                        Some(base) => ty = base,
                        None => continue,
                    }
                }
                if ty.kind() != "type_identifier" {
                    continue;
                }
                let Some(body) = item.child_by_field_name("body") else {
                    continue;
                };
                let name = &text[ty.byte_range()];
                // Each impl its own block, so that the frontend sees which
                // trait (one Rust calls implicitly, as `Drop`) it is of.
                // (A generic one's names only tell the frontend which
                // calls it cannot place.)
                let head = format!("{}{{", &text[item.start_byte()..body.start_byte()]);
                let mut members = Vec::new();
                let mut c = body.walk();
                for f in body.named_children(&mut c) {
                    // An associated type (`type Item = usize;`) whole: the
                    // signatures name it (`Option<Self::Item>`).
                    if f.kind() == "type_item" {
                        members.push((None, format!("\n    {}", &text[f.byte_range()])));
                        continue;
                    }
                    // An associated constant's name and type, without its
                    // value (as the module's constants are given).
                    if f.kind() == "const_item" {
                        if let (Some(n), Some(t)) =
                            (f.child_by_field_name("name"), f.child_by_field_name("type"))
                        {
                            members.push((
                                None,
                                format!(
                                    "\n    const {}: {};",
                                    &text[n.byte_range()],
                                    &text[t.byte_range()]
                                ),
                            ));
                        }
                        continue;
                    }
                    if f.kind() != "function_item" {
                        continue;
                    }
                    let Some(b) = f.child_by_field_name("body") else {
                        continue;
                    };
                    let mut sig = text[f.start_byte()..b.start_byte()].trim_end().to_string();
                    // `-> impl Display`: the struct the body returns, the
                    // type its callers see (a signature alone cannot say).
                    if let (Some(result), Some(r)) = (
                        impl_trait_result(f, text),
                        f.child_by_field_name("return_type"),
                    ) {
                        sig = format!(
                            "{}{}",
                            &text[f.start_byte()..r.start_byte()],
                            &text[result.byte_range()]
                        );
                    }
                    let line = f
                        .child_by_field_name("name")
                        .map_or(f.start_position().row, |n| n.start_position().row);
                    members.push((Some(line + 1), format!("\n    {sig};")));
                }
                methods
                    .entry(name.to_string())
                    .or_default()
                    .push(ImplBlock {
                        line: item.start_position().row + 1,
                        head,
                        members,
                    });
            }
            _ => {}
        }
    }
    for (name, texts) in traits {
        if structs.insert(name.clone(), texts.join("\n")).is_some() {
            twice.insert(name);
        }
    }
    structs.retain(|name, _| !twice.contains(name));
    methods.retain(|name, _| structs.contains_key(name));
    (structs, methods)
}

/// Whether an impl's self type is one whose impls a trait's declaration
/// carries (see [`rust_types`]): a primitive type, `str`, a slice or an
/// array of one, and the types Rust may choose in their stead for a
/// receiver of the same value (a reference to one, `String`, `Vec`,
/// `Box`, `Cow`), so that the frontend sees that a call may be theirs.
fn primitive_impl_type(ty: Node, text: &str) -> bool {
    let ty = match ty.kind() {
        "reference_type" => match ty.child_by_field_name("type") {
            Some(inner) => inner,
            None => return false,
        },
        _ => ty,
    };
    let written = text.get(ty.byte_range()).unwrap_or("");
    match ty.kind() {
        "primitive_type" | "array_type" => true,
        "type_identifier" => written == "String",
        "generic_type" => ["Vec<", "Box<", "Cow<"]
            .iter()
            .any(|p| written.replace(' ', "").starts_with(p)),
        _ => false,
    }
}

/// Where a Rust module names a method that one of its trait impls for a
/// primitive type, `str` or a slice declares (see
/// [`ModuleSymbols::primitive_method_mentions`]), with the trait, in
/// file order. Only taken impls' methods: `impl Tr for u8`, not `impl Tr
/// for &u8`.
fn primitive_method_mentions(tree: &Tree, text: &str) -> Vec<(usize, String)> {
    let root = tree.root_node();
    let mut methods: HashMap<String, Vec<String>> = HashMap::new();
    let mut cursor = root.walk();
    for item in root.named_children(&mut cursor) {
        if item.kind() != "impl_item" || item.child_by_field_name("type_parameters").is_some() {
            continue;
        }
        let (Some(ty), Some(tr), Some(body)) = (
            item.child_by_field_name("type"),
            item.child_by_field_name("trait"),
            item.child_by_field_name("body"),
        ) else {
            continue;
        };
        if !matches!(ty.kind(), "primitive_type" | "array_type") {
            continue;
        }
        let path = &text[tr.byte_range()];
        let bare = path.split('<').next().unwrap_or(path);
        let name = bare.rsplit("::").next().unwrap_or(bare).trim().to_string();
        // `x.into()` is `From`'s `from` too.
        if name == "From" {
            methods.entry("into".into()).or_default().push(name.clone());
        }
        let mut c = body.walk();
        for f in body.named_children(&mut c) {
            if let (true, Some(n)) = (f.kind() == "function_item", f.child_by_field_name("name")) {
                methods
                    .entry(text[n.byte_range()].to_string())
                    .or_default()
                    .push(name.clone());
            }
        }
    }
    if methods.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if matches!(node.kind(), "field_identifier" | "identifier") {
            if let Some(traits) = text.get(node.byte_range()).and_then(|w| methods.get(w)) {
                for tr in traits {
                    out.push((node.start_byte(), tr.clone()));
                }
            }
        }
        let mut c = node.walk();
        stack.extend(node.children(&mut c));
    }
    out.sort();
    out.dedup();
    out
}

/// Traits an `impl Trait` result may name that only say what the value
/// can do or how Rust may move or share it: the targets call such a
/// trait's methods on the value's own class, or have nothing to keep.
const VALUE_TRAITS: [&str; 12] = [
    "Display",
    "Debug",
    "Copy",
    "Clone",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Default",
    "Send",
    "Sync",
];

/// The struct a Rust function `f` returning `impl Display + Copy` (only
/// [`VALUE_TRAITS`] and lifetimes) builds as its body's final expression
/// (`Wrapper(self)`, `Wrapper { x }`): the name node of that type, which
/// Rust requires every `return` of the function to share. `None` for any
/// other function or body.
pub(crate) fn impl_trait_result<'t>(f: Node<'t>, text: &str) -> Option<Node<'t>> {
    let r = f.child_by_field_name("return_type")?;
    if !matches!(r.kind(), "abstract_type" | "bounded_type") {
        return None;
    }
    let bounds = text.get(r.byte_range())?.strip_prefix("impl ")?;
    let known = bounds
        .split('+')
        .map(str::trim)
        .all(|b| b.starts_with('\'') || VALUE_TRAITS.contains(&b.rsplit("::").next().unwrap_or(b)));
    if !known {
        return None;
    }
    let body = f.child_by_field_name("body")?;
    let mut c = body.walk();
    let last = body
        .named_children(&mut c)
        .filter(|n| !matches!(n.kind(), "line_comment" | "block_comment"))
        .last()?;
    // The final expression, not a statement (`Wrapper(x);` returns `()`).
    let last = if last.kind() == "expression_statement" {
        if text.get(last.byte_range())?.trim_end().ends_with(';') {
            return None;
        }
        last.named_child(0)?
    } else {
        last
    };
    let value = match last.kind() {
        "return_expression" => last.named_child(0)?,
        _ => last,
    };
    let name = match value.kind() {
        "call_expression" => value.child_by_field_name("function")?,
        "struct_expression" => value.child_by_field_name("name")?,
        // `self` by value, of the `impl` the method is in.
        "self" => return impl_type_name(f),
        _ => return None,
    };
    // A tuple struct's name, not a function's (`helper(x)` returns what
    // its own signature says): Rust names types in upper camel case.
    match text.get(name.byte_range())? {
        "Self" => impl_type_name(f),
        n => (matches!(name.kind(), "identifier" | "type_identifier")
            && n.starts_with(|c: char| c.is_ascii_uppercase()))
        .then_some(name),
    }
}

/// The type a method's `impl` is of, where it is a plain name (`impl S`,
/// `impl Display for S`, not `impl<B> S<B>`).
fn impl_type_name(f: Node) -> Option<Node> {
    let item = f.parent()?.parent()?;
    if item.kind() != "impl_item" || item.child_by_field_name("type_parameters").is_some() {
        return None;
    }
    item.child_by_field_name("type")
        .filter(|t| t.kind() == "type_identifier")
}

/// The parameter lists of a Python module's top-level functions, by name;
/// a name defined twice is left out, as no call knows which it reaches.
fn python_parameters(tree: &Tree, text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut twice = HashSet::new();
    let root = tree.root_node();
    let mut cursor = root.walk();
    for item in root.named_children(&mut cursor) {
        if item.kind() != "function_definition" {
            continue;
        }
        let (Some(name), Some(params)) = (
            item.child_by_field_name("name"),
            item.child_by_field_name("parameters"),
        ) else {
            continue;
        };
        let name = text[name.byte_range()].to_string();
        if out
            .insert(name.clone(), text[params.byte_range()].to_string())
            .is_some()
        {
            twice.insert(name);
        }
    }
    out.retain(|name, _| !twice.contains(name));
    out
}

/// The names of a Python module's top-level generator functions: those
/// whose own body holds a `yield` (one in a nested function, lambda or
/// class is that one's).
fn python_generators(tree: &Tree, text: &str) -> HashSet<String> {
    // A stack, not recursion: a body may nest thousands of levels deep.
    fn yields(body: Node) -> bool {
        let mut stack = vec![body];
        while let Some(node) = stack.pop() {
            let mut cursor = node.walk();
            for child in node.children(&mut cursor) {
                match child.kind() {
                    "yield" => return true,
                    "function_definition" | "lambda" | "class_definition" => {}
                    _ => stack.push(child),
                }
            }
        }
        false
    }
    let root = tree.root_node();
    let mut cursor = root.walk();
    let found = root
        .named_children(&mut cursor)
        .filter(|item| item.kind() == "function_definition")
        .filter(|item| item.child_by_field_name("body").is_some_and(yields))
        .filter_map(|item| item.child_by_field_name("name"))
        .map(|name| text[name.byte_range()].to_string())
        .collect();
    found
}

/// The module-level names of a Python module bound more than once: by
/// two top-level bindings (assignments, definitions, also inside a
/// top-level `if`, `try`, `with` or loop), or by one that binds again
/// whenever it runs (an update `x += 1`, a loop's target, `del`), or by a
/// `global` statement anywhere.
fn python_rebound(tree: &Tree, text: &str) -> HashSet<String> {
    let name_of = |n: Node| text.get(n.byte_range()).unwrap_or_default().to_string();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut again: HashSet<String> = HashSet::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        let kids: Vec<Node> = node.named_children(&mut cursor).collect();
        match node.kind() {
            "global_statement" => again.extend(kids.iter().map(|k| name_of(*k))),
            "function_definition" | "class_definition" => {
                if let Some(n) = node.child_by_field_name("name") {
                    *counts.entry(name_of(n)).or_default() += 1;
                }
                // Only `global` statements count inside a body.
                let mut inner = vec![node];
                while let Some(n) = inner.pop() {
                    let mut c = n.walk();
                    for k in n.named_children(&mut c) {
                        if k.kind() == "global_statement" {
                            stack.push(k);
                        } else {
                            inner.push(k);
                        }
                    }
                }
                continue;
            }
            "assignment" | "named_expression" => {
                let left = node
                    .child_by_field_name("left")
                    .or_else(|| node.child_by_field_name("name"));
                for n in left.map(python_targets).unwrap_or_default() {
                    *counts.entry(name_of(n)).or_default() += 1;
                }
            }
            "augmented_assignment" | "for_statement" | "delete_statement" => {
                let left = node.child_by_field_name("left");
                let targets = match left {
                    Some(l) => python_targets(l),
                    None => kids.iter().flat_map(|k| python_targets(*k)).collect(),
                };
                again.extend(targets.into_iter().map(name_of));
            }
            "as_pattern_target" => {
                again.extend(kids.iter().flat_map(|k| python_targets(*k)).map(name_of))
            }
            _ => {}
        }
        stack.extend(kids);
    }
    again.extend(counts.into_iter().filter(|(_, n)| *n > 1).map(|(k, _)| k));
    again
}

/// Every node of the file that names something by an identifier (not a
/// property after a dot, not a keyword argument's name): byte offset in the
/// file and text, in file order.
fn identifiers(tree: &Tree, text: &str, lang: Lang) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let offset = text.len() - text.trim_start_matches('\u{feff}').len();
    let body = &text[offset..];
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if is_reference(node, lang) {
            if let Some(name) = body.get(node.byte_range()) {
                out.push((node.start_byte() + offset, name.to_string()));
            }
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    // Preorder already gives file order; the lookups rely on it.
    out.sort_by_key(|(at, _)| *at);
    out
}

/// Whether `node` is an identifier that names a binding: not a property
/// after a dot, not a keyword argument's name.
pub fn is_reference(node: Node, lang: Lang) -> bool {
    let is_field = |field: &str| {
        node.parent()
            .and_then(|p| p.child_by_field_name(field))
            .is_some_and(|c| c == node)
    };
    match (lang, node.kind()) {
        (Lang::Python, "identifier") => {
            let parent = node.parent().map(|p| p.kind()).unwrap_or("");
            !(parent == "attribute" && is_field("attribute")
                || parent == "keyword_argument" && is_field("name"))
        }
        (Lang::JavaScript, "identifier" | "shorthand_property_identifier") => true,
        (Lang::Rust, "identifier" | "type_identifier") => true,
        _ => false,
    }
}

/// The first identifier spelled `name` in `bytes`: a unit's name.
fn first_ident_in(idents: &[(usize, String)], name: &str, bytes: Range<usize>) -> Option<usize> {
    let start = idents.partition_point(|(at, _)| *at < bytes.start);
    idents[start..]
        .iter()
        .take_while(|(at, _)| *at < bytes.end)
        .find(|(_, n)| n == name)
        .map(|(at, _)| *at)
}

/// Names that top-level glue assigns (`X = 1`, `const LIMIT = 10`,
/// `static N: u32 = 3;`), with their byte offsets, outside units and imports.
fn glue_definitions(tree: &Tree, text: &str, split: &SplitFile) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let lang = split.lang;
    let offset = text.len() - text.trim_start_matches('\u{feff}').len();
    let body = &text[offset..];
    let in_unit = |at: usize| split.units().any(|u| u.bytes.contains(&at));
    let in_import = |at: usize| split.imports.iter().any(|r| r.contains(&at));
    let root = tree.root_node();
    let mut cursor = root.walk();
    let top: Vec<Node> = root.named_children(&mut cursor).collect();
    let push = |node: Node, out: &mut Vec<(String, usize)>| {
        let at = node.start_byte() + offset;
        if !in_unit(at) && !in_import(at) {
            if let Some(name) = body.get(node.byte_range()) {
                out.push((name.to_string(), at));
            }
        }
    };
    for stmt in top {
        match (lang, stmt.kind()) {
            (Lang::Python, "expression_statement") => {
                let mut cursor = stmt.walk();
                for expr in stmt.named_children(&mut cursor) {
                    let mut assignment = Some(expr);
                    // `a = b = 1` nests the second assignment on the right.
                    while let Some(a) = assignment.filter(|a| a.kind() == "assignment") {
                        if let Some(left) = a.child_by_field_name("left") {
                            for name in python_targets(left) {
                                push(name, &mut out);
                            }
                        }
                        assignment = a.child_by_field_name("right");
                    }
                }
            }
            (Lang::JavaScript, "lexical_declaration" | "variable_declaration") => {
                js_declarators(stmt, &mut |n| push(n, &mut out));
            }
            (Lang::JavaScript, "export_statement") => {
                if let Some(d) = stmt.child_by_field_name("declaration") {
                    if matches!(d.kind(), "lexical_declaration" | "variable_declaration") {
                        js_declarators(d, &mut |n| push(n, &mut out));
                    }
                }
            }
            (Lang::Rust, "const_item" | "static_item" | "type_item") => {
                if let Some(name) = stmt.child_by_field_name("name") {
                    push(name, &mut out);
                }
            }
            _ => {}
        }
    }
    out
}

/// The built-in functions an alias may name and be called as (`var
/// nativeMax = Math.max`).
const BUILTIN_FUNCTIONS: &[&str] = &[
    "Array.isArray",
    "Object.keys",
    "Math.abs",
    "Math.ceil",
    "Math.floor",
    "Math.max",
    "Math.min",
    "Math.pow",
    "Math.round",
    "Math.sqrt",
    "Math.trunc",
];

/// The constructors whose prototypes a JavaScript module may alias.
const JS_PROTOTYPE_OWNERS: &[&str] = &["Array", "Object", "String", "Number", "Function"];

/// The module-level names of a JavaScript module that stand for a built-in
/// prototype (`var objectProto = Object.prototype`) or for a method of one
/// (`var slice = Array.prototype.slice`, `var hasOwnProperty =
/// objectProto.hasOwnProperty`), each what it stands for
/// (`Object.prototype`, `Array.prototype.slice`). Only names declared once
/// at the top level and never assigned anywhere in the file, in a module
/// that binds none of the constructors: what such a name holds when a
/// function of the module runs is the built-in. `imported` are the names
/// the module imports from other modules of the project that are such
/// aliases there (name, what it stands for): aliases here too, where the
/// module neither declares nor assigns them; a member of a module bound
/// whole (`_setup.slice`) where the module binds that name once and
/// assigns neither it nor the member. Also the names among them an
/// `export` declares.
/// What a JavaScript module binds at its top level that a unit reads as
/// the module binds it (see [`crate::engine::Context`]): prototype aliases,
/// regular expression and literal constants, each (name, what it stands
/// for or the literal's text), sorted by name.
#[derive(Clone, Debug, Default)]
pub struct ModuleLiterals {
    pub prototypes: Vec<(String, String)>,
    pub regexes: Vec<(String, String)>,
    pub constants: Vec<(String, String)>,
    pub values: Vec<String>,
}

/// What a JavaScript module's top level binds to built-ins and literals
/// (see [`js_prototype_aliases`]), each by name.
#[derive(Default)]
struct JsBindings {
    /// Aliases of built-in prototypes, their methods and `Array.isArray`:
    /// what each stands for.
    prototypes: HashMap<String, String>,
    /// Those of `prototypes` an `export` declares.
    exported: HashSet<String>,
    /// Regular expression literals: the literal's text.
    regexes: HashMap<String, String>,
    /// String, number, boolean and `null` literals: the literal's text.
    constants: HashMap<String, String>,
    /// Values a translation may compute at their first use (see
    /// [`JsModule::frozen_values`]).
    values: HashSet<String>,
    /// The module's function declarations, each with whether its every
    /// `return` gives something that never changes.
    functions: HashMap<String, bool>,
}

/// Whether a declarator's value is a literal of a primitive: a string
/// without substitutions, a number (negated or not), a boolean, `null`.
fn is_js_primitive_literal(v: Node) -> bool {
    match v.kind() {
        "string" | "number" | "true" | "false" | "null" => true,
        "unary_expression" => {
            v.child_by_field_name("operator")
                .is_some_and(|o| o.kind() == "-")
                && v.child_by_field_name("argument")
                    .is_some_and(|a| a.kind() == "number")
        }
        _ => false,
    }
}

/// The values among `values` that glue a Rust translation cannot write
/// whole binds: glue (the segments at `glue`, byte ranges of `text`) that
/// holds anything else than such values, `written` names (constants,
/// regular expressions, aliases), and what the project writes itself
/// (imports, exports; see `project::glue`).
fn values_in_unwritable_glue<'a>(
    root: Node,
    text: &'a str,
    glue: &[Range<usize>],
    values: &HashSet<String>,
    written: &dyn Fn(&str) -> bool,
) -> Vec<&'a str> {
    let offset = text.len() - text.trim_start_matches('\u{feff}').len();
    let body = &text[offset..];
    let name_of = |n: Node| body.get(n.byte_range()).unwrap_or_default();
    let written = |name: &str| values.contains(name) || written(name);
    let required = |v: Node| {
        let mut v = v;
        while v.kind() == "member_expression" {
            match v.child_by_field_name("object") {
                Some(o) => v = o,
                None => return false,
            }
        }
        v.kind() == "call_expression"
            && v.child_by_field_name("function")
                .is_some_and(|f| name_of(f) == "require")
    };
    let admissible = |stmt: &Node| match stmt.kind() {
        "comment" | "empty_statement" | "import_statement" => true,
        // `export { a, b }`, `export default getLength` of a value, and
        // `export default <expression>` of one (bound to `default`).
        "export_statement" => {
            stmt.child_by_field_name("declaration").is_none()
                && stmt.child_by_field_name("value").is_none_or(|v| {
                    written(if v.kind() == "identifier" {
                        name_of(v)
                    } else {
                        "default"
                    })
                })
        }
        "expression_statement" => stmt.named_child(0).is_some_and(|e| {
            e.kind() == "string"
                || (e.kind() == "assignment_expression"
                    && e.child_by_field_name("left").is_some_and(|l| {
                        let target = name_of(l);
                        target == "module.exports"
                            || target.starts_with("module.exports.")
                            || target.starts_with("exports.")
                    }))
        }),
        "variable_declaration" | "lexical_declaration" => {
            let mut c = stmt.walk();
            let declarators: Vec<Node> = stmt
                .named_children(&mut c)
                .filter(|d| d.kind() != "comment")
                .collect();
            declarators.iter().all(|d| {
                d.child_by_field_name("value").is_some_and(required)
                    || d.child_by_field_name("name")
                        .is_some_and(|n| n.kind() == "identifier" && written(name_of(n)))
            })
        }
        _ => false,
    };
    let mut cursor = root.walk();
    let statements: Vec<Node> = root.named_children(&mut cursor).collect();
    let mut dropped = Vec::new();
    for range in glue {
        let inside: Vec<&Node> = statements
            .iter()
            .filter(|s| {
                range.contains(&(s.start_byte() + offset))
                    || (s.start_byte() + offset < range.start
                        && s.end_byte() + offset > range.start)
            })
            .collect();
        if inside.iter().all(|s| admissible(s)) {
            continue;
        }
        for stmt in inside {
            let mut stack = vec![*stmt];
            while let Some(n) = stack.pop() {
                if n.kind() == "variable_declarator" {
                    if let Some(name) = n.child_by_field_name("name") {
                        if values.contains(name_of(name)) {
                            dropped.push(name_of(name));
                        }
                    }
                }
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
        }
    }
    dropped
}

/// What a JavaScript module's top level binds to built-ins and literals,
/// and its values computed at their first use ([`JsModule::frozen_values`]):
/// only those whose glue (the segments at `glue`, byte ranges of `text`)
/// a Rust translation can write whole (see [`values_in_unwritable_glue`]).
fn js_prototype_aliases(
    tree: &Tree,
    text: &str,
    imported: &[(&str, &str)],
    fixed: &HashMap<&str, Fixed>,
    imported_constants: &[(&str, &str)],
    glue: &[Range<usize>],
) -> JsBindings {
    let offset = text.len() - text.trim_start_matches('\u{feff}').len();
    let body = &text[offset..];
    let name_of = |n: Node| body.get(n.byte_range()).unwrap_or_default();
    // How often the top level declares each name, and what each
    // declarator's value is.
    let mut declared: HashMap<&str, usize> = HashMap::new();
    let mut exported: HashSet<String> = HashSet::new();
    let mut values: Vec<(&str, Node)> = Vec::new();
    let mut functions: HashMap<&str, Node> = HashMap::new();
    let root = tree.root_node();
    let mut cursor = root.walk();
    for stmt in root.named_children(&mut cursor) {
        let decl = match stmt.kind() {
            "export_statement" => stmt.child_by_field_name("declaration"),
            _ => Some(stmt),
        };
        // `export default shallowProperty('length')` binds its value to
        // `default`, which no declaration can name.
        if let Some(v) = (stmt.kind() == "export_statement")
            .then(|| stmt.child_by_field_name("value"))
            .flatten()
            .filter(|v| v.kind() != "identifier")
        {
            *declared.entry("default").or_default() += 1;
            values.push(("default", v));
        }
        let Some(decl) = decl else { continue };
        match decl.kind() {
            "lexical_declaration" | "variable_declaration" => {
                let mut c = decl.walk();
                for d in decl.named_children(&mut c) {
                    let Some(name) = d.child_by_field_name("name") else {
                        continue;
                    };
                    if name.kind() != "identifier" {
                        // A pattern binds names of its own: none is taken.
                        let mut inner = vec![name];
                        while let Some(n) = inner.pop() {
                            if matches!(
                                n.kind(),
                                "identifier" | "shorthand_property_identifier_pattern"
                            ) {
                                *declared.entry(name_of(n)).or_default() += 2;
                            }
                            let mut c = n.walk();
                            inner.extend(n.named_children(&mut c));
                        }
                        continue;
                    }
                    *declared.entry(name_of(name)).or_default() += 1;
                    if stmt.kind() == "export_statement" {
                        exported.insert(name_of(name).to_string());
                    }
                    if let Some(v) = d.child_by_field_name("value") {
                        values.push((name_of(name), v));
                    }
                }
            }
            "function_declaration" | "generator_function_declaration" | "class_declaration" => {
                if let Some(n) = decl.child_by_field_name("name") {
                    *declared.entry(name_of(n)).or_default() += 2;
                    if decl.kind() == "function_declaration" {
                        functions.insert(name_of(n), decl);
                    }
                }
            }
            _ => {}
        }
    }
    // Names something assigns or updates, anywhere in the file, and those a
    // `var` in a block of the top level declares again.
    let mut assigned: HashSet<&str> = HashSet::new();
    let mut stack = vec![(root, false)];
    while let Some((node, in_function)) = stack.pop() {
        if node.kind() == "variable_declarator"
            && !in_function
            && node
                .parent()
                .and_then(|d| d.parent())
                .is_some_and(|p| p != root && p.kind() != "export_statement")
        {
            if let Some(n) = node.child_by_field_name("name") {
                assigned.insert(name_of(n));
            }
        }
        let in_function = in_function || JS_FUNCTION_KINDS.contains(&node.kind());
        let target = match node.kind() {
            "assignment_expression" | "augmented_assignment_expression" => {
                node.child_by_field_name("left")
            }
            "update_expression" => node.child_by_field_name("argument"),
            "for_in_statement" => node.child_by_field_name("left"),
            _ => None,
        };
        // `ns.member = v` too, spelled as read.
        if let Some(t) = target.filter(|t| matches!(t.kind(), "identifier" | "member_expression")) {
            assigned.insert(name_of(t));
        }
        let mut c = node.walk();
        stack.extend(node.named_children(&mut c).map(|k| (k, in_function)));
    }
    let free = |name: &str| declared.get(name) == Some(&1) && !assigned.contains(name);
    // Regular expression literals bound once and never assigned: their
    // text.
    let regexes: HashMap<String, String> = values
        .iter()
        .filter(|(name, v)| v.kind() == "regex" && free(name))
        .map(|(name, v)| (name.to_string(), name_of(*v).to_string()))
        .collect();
    // Strings, numbers, booleans and `null` bound once and never assigned:
    // their text.
    let mut constants: HashMap<String, String> = values
        .iter()
        .filter(|(name, v)| is_js_primitive_literal(*v) && free(name))
        .map(|(name, v)| (name.to_string(), name_of(*v).to_string()))
        .collect();
    let required = |name: &str| {
        declared.get(name) == Some(&1)
            && values.iter().any(|(n, v)| {
                *n == name
                    && v.kind() == "call_expression"
                    && v.child_by_field_name("function")
                        .is_some_and(|f| name_of(f) == "require")
            })
    };
    // Values computed from literals, such constants, another module's
    // constants and node's built-ins (`var INFINITY = 1 / 0`,
    // `MAX_ARRAY_INDEX = Math.pow(2, 53) - 1`, `root = freeGlobal ||
    // Function('return this')()`, `symToStringTag = Symbol ?
    // Symbol.toStringTag : undefined`): the value's text, each in file
    // order from those before it.
    let mut known: HashMap<&str, Known> = imported_constants
        .iter()
        .filter(|(name, _)| {
            (!declared.contains_key(name) || required(name)) && !assigned.contains(*name)
        })
        .filter_map(|(name, text)| Some((*name, Known::from_text(text)?)))
        .collect();
    for (name, v) in &values {
        if !free(name) {
            continue;
        }
        let lookup = |n: &str| -> Option<Known> {
            if let Some(k) = known.get(n) {
                return Some(k.clone());
            }
            let global = !declared.contains_key(n) && !assigned.contains(n);
            global.then(|| known::environment(n)).flatten()
        };
        let scope = known::Scope {
            name: &lookup,
            translated: &|_: Node| false,
        };
        let Some(value) = known::fold(*v, body, &scope) else {
            continue;
        };
        if let Some(text) = value.text() {
            constants.entry(name.to_string()).or_insert(text);
        }
        known.insert(name, value);
    }
    if JS_PROTOTYPE_OWNERS
        .iter()
        .any(|c| declared.contains_key(c) || assigned.contains(c))
    {
        return JsBindings {
            regexes,
            constants,
            ..JsBindings::default()
        };
    }
    // `X.prototype` of a constructor, or a name already found to stand for
    // one: what it stands for.
    let prototype = |n: Node, found: &HashMap<String, String>| -> Option<String> {
        match n.kind() {
            "identifier" => found
                .get(name_of(n))
                .filter(|m| !m.contains(".prototype."))
                .cloned(),
            "member_expression" => {
                let object = n.child_by_field_name("object")?;
                let property = n.child_by_field_name("property")?;
                let owner = name_of(object);
                (object.kind() == "identifier"
                    && name_of(property) == "prototype"
                    && JS_PROTOTYPE_OWNERS.contains(&owner))
                .then(|| format!("{owner}.prototype"))
            }
            _ => None,
        }
    };
    let mut found: HashMap<String, String> = imported
        .iter()
        .filter(|(name, _)| match name.split_once('.') {
            Some((module, _)) => {
                declared.get(module).is_none_or(|n| *n == 1)
                    && !assigned.contains(module)
                    && !assigned.contains(name)
            }
            // An ES import binds it without a declaration; CommonJS
            // declares it once, as the `require` of its module.
            None => (!declared.contains_key(name) || required(name)) && !assigned.contains(name),
        })
        .map(|(name, meaning)| (name.to_string(), meaning.to_string()))
        .collect();
    // Declarations are in file order, and an alias names one declared
    // before it.
    for &(name, value) in &values {
        if !free(name) {
            continue;
        }
        // `Array.isArray` or one of `Math`'s functions itself.
        let builtin = (value.kind() == "member_expression")
            .then(|| {
                let object = value.child_by_field_name("object")?;
                let property = value.child_by_field_name("property")?;
                let path = format!("{}.{}", name_of(object), name_of(property));
                let owner = name_of(object);
                (object.kind() == "identifier"
                    && !declared.contains_key(owner)
                    && !assigned.contains(owner)
                    && BUILTIN_FUNCTIONS.contains(&path.as_str()))
                .then_some(path)
            })
            .flatten();
        // A global function that converts (`var _isNaN = isNaN`).
        let global = (value.kind() == "identifier")
            .then(|| name_of(value))
            .filter(|g| {
                crate::engine::rules::front::javascript::JS_GLOBAL_FUNCTIONS.contains(g)
                    && !declared.contains_key(g)
                    && !assigned.contains(g)
            })
            .map(str::to_string);
        let meaning = prototype(value, &found).or_else(|| {
            if builtin.is_some() {
                return builtin;
            }
            if global.is_some() {
                return global;
            }
            let object = value.child_by_field_name("object")?;
            let property = value.child_by_field_name("property")?;
            (value.kind() == "member_expression" && property.kind() == "property_identifier")
                .then_some(())?;
            Some(format!(
                "{}.{}",
                prototype(object, &found)?,
                name_of(property)
            ))
        });
        if let Some(m) = meaning {
            found.insert(name.to_string(), m);
        }
    }
    exported.retain(|name| found.contains_key(name));
    let module = JsModule {
        text: body,
        functions: &functions,
        imported: fixed,
        constants: &constants,
        aliases: &found,
        global: &|n: &str| !declared.contains_key(n) && !assigned.contains(n),
    };
    let functions_fixed: HashMap<String, bool> = functions
        .iter()
        .map(|(name, f)| (name.to_string(), module.returns_fixed(*f)))
        .collect();
    // A value whose glue cannot be written is left out, and so, in the
    // next round, are those computed from it.
    let written = |name: &str| {
        constants.contains_key(name) || found.contains_key(name) || regexes.contains_key(name)
    };
    let mut excluded: HashSet<&str> = HashSet::new();
    let values = loop {
        let candidates: Vec<(&str, Node)> = values
            .iter()
            .filter(|(name, _)| free(name) && !excluded.contains(name))
            .copied()
            .collect();
        let frozen = module.frozen_values(&candidates);
        let dropped = values_in_unwritable_glue(root, text, glue, &frozen, &written);
        if dropped.is_empty() {
            break frozen;
        }
        excluded.extend(dropped);
    };
    JsBindings {
        prototypes: found,
        exported,
        regexes,
        constants,
        values,
        functions: functions_fixed,
    }
}

/// What [`JsModule::frozen_values`] reads of a JavaScript module's top
/// level.
struct JsModule<'a, 't> {
    text: &'a str,
    /// Its function declarations, by name.
    functions: &'a HashMap<&'a str, Node<'t>>,
    /// What it imports from modules of the project that never changes.
    imported: &'a HashMap<&'a str, Fixed>,
    /// Its literal and folded constants.
    constants: &'a HashMap<String, String>,
    /// Its aliases of built-ins.
    aliases: &'a HashMap<String, String>,
    /// Whether a name is none of its bindings (a global).
    global: &'a dyn Fn(&str) -> bool,
}

impl JsModule<'_, '_> {
    fn src(&self, n: Node) -> &str {
        self.text.get(n.byte_range()).unwrap_or_default()
    }

    /// The module's values a translation may compute at their first use
    /// rather than when the module loads, with the same result: each bound
    /// once, never assigned, to an expression that reads nothing that can
    /// change (literals, constants, functions, the values found before it)
    /// and whose value cannot change either (a function, or a primitive:
    /// `shallowProperty('length')` of a function returning a closure,
    /// `nativeIsArray || tagTester('Array')`, `!x`). No function reads a
    /// value other than through these, so no call can see a difference;
    /// and none the expression calls reaches the value itself or a later
    /// one, which would not be bound yet when the module loads.
    fn frozen_values(&self, candidates: &[(&str, Node)]) -> HashSet<String> {
        let mut frozen: HashSet<String> = HashSet::new();
        for (i, (name, init)) in candidates.iter().enumerate() {
            if self.constants.contains_key(*name)
                || self.aliases.contains_key(*name)
                || matches!(
                    init.kind(),
                    "regex" | "function_expression" | "function" | "arrow_function" | "class"
                )
            {
                continue;
            }
            let later: HashSet<&str> = candidates[i..].iter().map(|(n, _)| *n).collect();
            if self.reads_only_fixed(*init, &frozen, &later) && self.fixed_result(*init, &frozen) {
                frozen.insert(name.to_string());
            }
        }
        frozen
    }

    /// Whether `name` names something that never changes: a constant, an
    /// alias of a built-in, a function declaration, a frozen value, or one
    /// of the globals `undefined`, `NaN`, `Infinity`.
    fn fixed_name(&self, name: &str, frozen: &HashSet<String>) -> bool {
        self.constants.contains_key(name)
            || self.aliases.contains_key(name)
            || self.functions.contains_key(name)
            || self.imported.contains_key(name)
            || frozen.contains(name)
            || (matches!(name, "undefined" | "NaN" | "Infinity") && (self.global)(name))
    }

    /// Whether evaluating `e` reads only what never changes, assigns
    /// nothing, and calls only the module's functions, none of which
    /// reaches a name in `later` (the value being bound, and those bound
    /// after it).
    fn reads_only_fixed(&self, e: Node, frozen: &HashSet<String>, later: &HashSet<&str>) -> bool {
        let mut stack = vec![e];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "assignment_expression"
                | "augmented_assignment_expression"
                | "update_expression"
                | "new_expression"
                | "this"
                | "function_expression"
                | "function"
                | "arrow_function"
                | "class"
                | "await_expression"
                | "yield_expression" => return false,
                "identifier" | "shorthand_property_identifier" => {
                    let name = self.src(n);
                    if !self.fixed_name(name, frozen) {
                        return false;
                    }
                    if let Some(f) = self.functions.get(name) {
                        if self.reaches(*f, later) {
                            return false;
                        }
                    }
                }
                _ => {}
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
        true
    }

    /// Whether the function `f`, or one of the module's functions it
    /// names (and so on), names one of `names`.
    fn reaches(&self, f: Node, names: &HashSet<&str>) -> bool {
        let mut seen: HashSet<usize> = HashSet::new();
        let mut todo = vec![f];
        while let Some(f) = todo.pop() {
            if !seen.insert(f.start_byte()) {
                continue;
            }
            let mut stack = vec![f];
            while let Some(n) = stack.pop() {
                if n.kind() == "identifier" {
                    let name = self.src(n);
                    if names.contains(name) {
                        return true;
                    }
                    if let Some(g) = self.functions.get(name) {
                        todo.push(*g);
                    }
                }
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
        }
        false
    }

    /// Whether `e`'s value cannot change once computed: a primitive, a
    /// function, or a choice between such values.
    fn fixed_result(&self, e: Node, frozen: &HashSet<String>) -> bool {
        match e.kind() {
            "string" | "number" | "true" | "false" | "null" | "undefined" => true,
            "template_string" => true,
            "identifier" => self.fixed_name(self.src(e), frozen),
            "parenthesized_expression" => {
                let mut c = e.walk();
                let inner: Vec<Node> = e.named_children(&mut c).collect();
                matches!(inner.as_slice(), [x] if self.fixed_result(*x, frozen))
            }
            // `!x`, `typeof x`, `-x`: a primitive (`delete` is no read).
            "unary_expression" => e
                .child_by_field_name("operator")
                .is_some_and(|o| self.src(o) != "delete"),
            "binary_expression" => {
                let op = e
                    .child_by_field_name("operator")
                    .map_or("", |o| self.src(o));
                if matches!(op, "||" | "&&" | "??") {
                    [
                        e.child_by_field_name("left"),
                        e.child_by_field_name("right"),
                    ]
                    .into_iter()
                    .all(|x| x.is_some_and(|x| self.fixed_result(x, frozen)))
                } else {
                    // Arithmetic, comparisons, `in`, `instanceof`.
                    true
                }
            }
            "ternary_expression" => [
                e.child_by_field_name("consequence"),
                e.child_by_field_name("alternative"),
            ]
            .into_iter()
            .all(|x| x.is_some_and(|x| self.fixed_result(x, frozen))),
            // A call of the module's function whose every `return` gives a
            // function or a primitive literal.
            "call_expression" => {
                let Some(callee) = e
                    .child_by_field_name("function")
                    .filter(|f| f.kind() == "identifier")
                else {
                    return false;
                };
                let name = self.src(callee);
                match self.functions.get(name) {
                    Some(f) => self.returns_fixed(*f),
                    None => matches!(
                        self.imported.get(name),
                        Some(Fixed::Function { factory: true })
                    ),
                }
            }
            _ => false,
        }
    }

    /// Whether every `return` of `f` (not of a function inside it) gives
    /// a function, a primitive literal or nothing.
    fn returns_fixed(&self, f: Node) -> bool {
        let Some(body) = f.child_by_field_name("body") else {
            return false;
        };
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            if JS_FUNCTION_KINDS.contains(&n.kind()) {
                continue;
            }
            if n.kind() == "return_statement" {
                let mut c = n.walk();
                let value = n.named_children(&mut c).find(|k| k.kind() != "comment");
                let fixed = value.is_none_or(|v| {
                    matches!(
                        v.kind(),
                        "function_expression"
                            | "function"
                            | "arrow_function"
                            | "string"
                            | "number"
                            | "true"
                            | "false"
                            | "null"
                            | "undefined"
                    )
                });
                if !fixed {
                    return false;
                }
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
        true
    }
}

/// For a JavaScript module: the fewest arguments its calls pass to each
/// plain name they call (a call with a spread passes any number, and is
/// left out), and the number of parameters of each top-level function
/// (declared, or a function or arrow assigned to a declared name) whose
/// parameters are all plain names.
fn js_calls_and_arities(
    tree: &Tree,
    text: &str,
) -> (
    HashMap<String, usize>,
    HashMap<String, usize>,
    HashSet<String>,
) {
    let offset = text.len() - text.trim_start_matches('\u{feff}').len();
    let body = &text[offset..];
    let name_of = |n: Node| body.get(n.byte_range()).unwrap_or_default().to_string();
    let mut fewest: HashMap<String, usize> = HashMap::new();
    let mut values: HashSet<String> = HashSet::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        let mut c = node.walk();
        stack.extend(node.named_children(&mut c));
        // A name passed on, stored, returned or put in an array: whoever
        // calls it through the value may pass any number of arguments.
        if node.kind() == "identifier" {
            // `module.exports = f`, `exports.f = f` and `module.exports =
            // { f: f }` export the function: callers call it by name.
            let exports = |assignment: Node| {
                assignment.kind() == "assignment_expression"
                    && assignment.child_by_field_name("left").is_some_and(|l| {
                        let l = name_of(l);
                        l == "module.exports"
                            || l.starts_with("module.exports.")
                            || l.starts_with("exports.")
                    })
            };
            let read = node.parent().is_some_and(|p| match p.kind() {
                "arguments" | "array" | "return_statement" => true,
                "pair" => !p
                    .parent()
                    .and_then(|object| object.parent())
                    .is_some_and(exports),
                "variable_declarator" | "assignment_expression" => {
                    !exports(p)
                        && p.child_by_field_name("value")
                            .or_else(|| p.child_by_field_name("right"))
                            .is_some_and(|v| v.id() == node.id())
                }
                _ => false,
            });
            if read && !js_bound_locally(node, body) {
                values.insert(name_of(node));
            }
        }
        if node.kind() != "call_expression" {
            continue;
        }
        let (Some(f), Some(args)) = (
            node.child_by_field_name("function"),
            node.child_by_field_name("arguments"),
        ) else {
            continue;
        };
        if f.kind() != "identifier" || args.kind() != "arguments" {
            continue;
        }
        let mut c = args.walk();
        let items: Vec<Node> = args
            .named_children(&mut c)
            .filter(|a| a.kind() != "comment")
            .collect();
        if items.iter().any(|a| a.kind() == "spread_element") {
            continue;
        }
        let n = fewest.entry(name_of(f)).or_insert(items.len());
        *n = (*n).min(items.len());
    }
    let mut arity = HashMap::new();
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut functions: Vec<(Node, Node)> = Vec::new();
    for stmt in root.named_children(&mut cursor) {
        let decl = match stmt.kind() {
            "export_statement" => stmt
                .child_by_field_name("declaration")
                .or_else(|| stmt.child_by_field_name("value")),
            _ => Some(stmt),
        };
        let Some(decl) = decl else { continue };
        match decl.kind() {
            "function_declaration" | "function_expression" | "function" => {
                if let Some(name) = decl.child_by_field_name("name") {
                    functions.push((name, decl));
                }
            }
            "lexical_declaration" | "variable_declaration" => {
                let mut c = decl.walk();
                for d in decl.named_children(&mut c) {
                    if let (Some(name), Some(value)) = (
                        d.child_by_field_name("name"),
                        d.child_by_field_name("value"),
                    ) {
                        if matches!(
                            value.kind(),
                            "function_expression" | "function" | "arrow_function"
                        ) {
                            functions.push((name, value));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (name, f) in functions {
        let params: Vec<Node> = match f.child_by_field_name("parameter") {
            Some(p) => vec![p],
            None => f
                .child_by_field_name("parameters")
                .map(|ps| {
                    let mut c = ps.walk();
                    ps.named_children(&mut c)
                        .filter(|p| p.kind() != "comment")
                        .collect()
                })
                .unwrap_or_default(),
        };
        if params.iter().all(|p| p.kind() == "identifier") {
            arity.insert(name_of(name), params.len());
        }
    }
    (fewest, arity, values)
}

/// The parts of a JavaScript module that never run, as the frontend finds
/// them (see [`known::settle`]): the branches of tests that the module's
/// `constants` (by name, with their text) and node's built-ins settle,
/// where neither a function around them nor the `module` binds the name.
fn js_dead_parts(
    tree: &Tree,
    text: &str,
    constants: &HashMap<String, String>,
    module: &HashSet<&str>,
) -> Vec<Range<usize>> {
    // The tree is of the text past a byte order mark.
    let offset = text.len() - text.trim_start_matches('\u{feff}').len();
    let text = &text[offset..];
    let mut dead = Vec::new();
    // The names each function binds (by its start), each found once: a
    // module wrapped in one function (lodash's `lodash.js`) would be read
    // again for every test otherwise.
    let bound: std::cell::RefCell<HashMap<usize, HashSet<&str>>> = Default::default();
    let binds_around = |node: Node, word: &str| {
        std::iter::successors(node.parent(), |n| n.parent())
            .filter(|f| JS_FUNCTION_KINDS.contains(&f.kind()))
            .any(|f| {
                bound
                    .borrow_mut()
                    .entry(f.start_byte())
                    .or_insert_with(|| js_function_binds(f, text))
                    .contains(word)
            })
    };
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if matches!(
            node.kind(),
            "if_statement" | "ternary_expression" | "binary_expression"
        ) {
            // A name the function around binds hides the module's. Only a
            // name with a known value is looked up there.
            let name = |n: &str| -> Option<Known> {
                let head = n.split('.').next().unwrap_or(n);
                let known = match constants.get(n) {
                    Some(literal) => Known::from_text(literal)?,
                    None if n.contains('.') || module.contains(n) => return None,
                    None => known::environment(n)?,
                };
                (!binds_around(node, head)).then_some(known)
            };
            let translated = |n: Node| js_bound_locally(n, text);
            let scope = known::Scope {
                name: &name,
                translated: &translated,
            };
            if let Some(part) = known::settle(node, text, &scope).and_then(|s| s.dead) {
                dead.push(part.start_byte() + offset..part.end_byte() + offset);
                let mut c = node.walk();
                stack.extend(
                    node.named_children(&mut c)
                        .filter(|k| k.byte_range() != part.byte_range()),
                );
                continue;
            }
        }
        let mut c = node.walk();
        stack.extend(node.named_children(&mut c));
    }
    dead
}

/// Where a JavaScript module's `export default <expression>` (not a name,
/// a function or a class) starts, as a byte offset of `text`.
fn js_default_export(tree: &Tree, text: &str) -> Option<usize> {
    let offset = text.len() - text.trim_start_matches('\u{feff}').len();
    let root = tree.root_node();
    let mut c = root.walk();
    let found = root.named_children(&mut c).find(|s| {
        s.kind() == "export_statement"
            && s.child_by_field_name("value")
                .is_some_and(|v| v.kind() != "identifier")
    });
    found.map(|s| s.start_byte() + offset)
}

/// The kinds of JavaScript syntax nodes that are functions (each has its
/// own scope of parameters and locals).
const JS_FUNCTION_KINDS: &[&str] = &[
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
    "generator_function",
    "generator_function_declaration",
];

/// Whether the identifier `name` is bound by a function around it (a
/// parameter, a declaration or a nested function of that name anywhere in
/// the function), so that it does not read the module's binding. A
/// declaration in a nested block counts too: over-approximate, as a name
/// taken for a local is only left as it is.
fn js_bound_locally(name: Node, text: &str) -> bool {
    let word = text.get(name.byte_range()).unwrap_or_default();
    js_binds_around(name, word, text)
}

/// The names the function `f` binds (see [`js_binds_around`]).
fn js_function_binds<'a>(f: Node, text: &'a str) -> HashSet<&'a str> {
    let mut names = HashSet::new();
    let word = |n: Node| text.get(n.byte_range()).unwrap_or_default();
    if let Some(p) = f.child_by_field_name("parameter") {
        names.insert(word(p));
    }
    let mut stack: Vec<Node> = ["parameters", "body"]
        .iter()
        .filter_map(|field| f.child_by_field_name(field))
        .collect();
    while let Some(n) = stack.pop() {
        match n.kind() {
            "identifier" if n.parent().is_some_and(|p| p.kind() == "formal_parameters") => {
                names.insert(word(n));
            }
            "variable_declarator" | "function_declaration" | "class_declaration" => {
                if let Some(name) = n.child_by_field_name("name") {
                    names.insert(word(name));
                }
            }
            _ => {}
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    names
}

/// Whether a function around `node` binds `word` (see
/// [`js_bound_locally`]).
fn js_binds_around(node: Node, word: &str, text: &str) -> bool {
    std::iter::successors(node.parent(), |n| n.parent())
        .filter(|f| JS_FUNCTION_KINDS.contains(&f.kind()))
        .any(|f| js_function_binds(f, text).contains(word))
}

/// The names a Python assignment target binds: `x`, `a, b`, `(a, [b, c])`.
fn python_targets(left: Node) -> Vec<Node> {
    // A stack, not recursion: a pattern may nest thousands of levels deep.
    let mut out = Vec::new();
    let mut stack = vec![left];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "identifier" => out.push(node),
            "pattern_list" | "tuple_pattern" | "list_pattern" => {
                let mut cursor = node.walk();
                let parts: Vec<Node> = node.named_children(&mut cursor).collect();
                // Reversed, so that names come out left to right.
                stack.extend(parts.into_iter().rev());
            }
            _ => {}
        }
    }
    out
}

/// The plain names a JavaScript declaration declares (not destructuring).
fn js_declarators<'t>(decl: Node<'t>, each: &mut dyn FnMut(Node<'t>)) {
    let mut cursor = decl.walk();
    let declarators: Vec<Node> = decl
        .named_children(&mut cursor)
        .filter(|d| d.kind() == "variable_declarator")
        .collect();
    for d in declarators {
        if let Some(name) = d
            .child_by_field_name("name")
            .filter(|n| n.kind() == "identifier")
        {
            each(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::{split, SplitOptions};

    #[test]
    fn number_constants_are_folded_by_javascripts_arithmetic() {
        let src = "var A = 1 / 0, B = 0 / 0, C = Math.pow(2, 53) - 1, D = C >>> 1,\n\
                   E = ~5, F = 1 << 31, G = -0, H = (A - A), I = 1 ** Infinity, J = 010 + 1,\n\
                   K = 0x10 * 2.5, L = M + 1;\nvar M = 2;\n";
        let tree = crate::units::parse(src, Lang::JavaScript).unwrap();
        let found = js_prototype_aliases(&tree, src, &[], &HashMap::new(), &[], &[]).constants;
        let got = |n: &str| found.get(n).map(String::as_str);
        assert_eq!(got("A"), Some("Infinity"));
        assert_eq!(got("B"), Some("NaN"));
        assert_eq!(got("C"), Some("9007199254740991"));
        assert_eq!(got("D"), Some("2147483647"));
        assert_eq!(got("E"), Some("-6"));
        assert_eq!(got("F"), Some("-2147483648"));
        // A literal keeps its text.
        assert_eq!(got("G"), Some("-0"));
        assert_eq!(got("H"), Some("NaN"));
        assert_eq!(got("I"), Some("NaN"));
        // A legacy octal literal is not read (the frontend declines it); a
        // constant declared later is not known yet.
        assert_eq!(got("J"), None);
        assert_eq!(got("K"), Some("40"));
        assert_eq!(got("L"), None);
    }

    fn table(text: &str, from: Lang, to: Lang) -> ModuleSymbols {
        let split = split(text, from, SplitOptions::default()).unwrap();
        ModuleSymbols::build("m", &split, text, to, &[])
    }

    fn targets(t: &ModuleSymbols) -> Vec<(&str, &str)> {
        t.definitions
            .iter()
            .map(|s| (s.name.as_str(), s.target.as_str()))
            .collect()
    }

    // A struct's declaration lists its `impl` blocks' signatures and
    // associated types; another module leaves out the blocks whose unit
    // was not translated, and keeps the struct.
    #[test]
    fn declarations_leave_out_the_impls_asked_for() {
        let text = "pub struct Bits(u8);\n\nimpl Bits {\n    pub fn get(self) -> u8 {\n        self.0\n    }\n}\n\nimpl Iterator for Bits {\n    type Item = u8;\n    fn next(&mut self) -> Option<u8> {\n        None\n    }\n}\n";
        let t = table(text, Lang::Rust, Lang::Python);
        let all = t.declarations_of(vec!["Bits".into()]);
        assert_eq!(all.len(), 1);
        assert!(all[0].contains("pub fn get(self) -> u8;"), "{}", all[0]);
        assert!(all[0].contains("type Item = u8;"), "{}", all[0]);
        let without = t.declarations_leaving_out(vec!["Bits".into()], &|line| line == 3);
        assert!(
            without[0].starts_with("pub struct Bits(u8);"),
            "{}",
            without[0]
        );
        assert!(!without[0].contains("fn get"), "{}", without[0]);
        assert!(without[0].contains("fn next(&mut self)"), "{}", without[0]);
        // A method of a split `impl` whose own unit was not translated
        // (its `fn` on line 11) goes alone: its block's other members stay.
        let without = t.declarations_leaving_out(vec!["Bits".into()], &|line| line == 11);
        assert!(without[0].contains("fn get(self)"), "{}", without[0]);
        assert!(
            without[0].contains("impl Iterator for Bits {\n    type Item = u8;\n}"),
            "{}",
            without[0]
        );
    }

    // A unit that calls `mk()` reads the struct `mk` returns (and the one
    // its parameter takes), which its own text never names.
    #[test]
    fn a_callers_types_include_those_of_the_functions_it_calls() {
        let text = "pub struct E {\n    code: u32,\n}\n\npub struct Unused;\n\nfn mk(k: Option<Unused>) -> Result<u8, E> {\n    Err(E { code: 1 })\n}\n\npub fn f() -> bool {\n    mk(None).is_ok()\n}\n";
        let t = table(text, Lang::Rust, Lang::Python);
        let f_at = text.find("pub fn f").unwrap();
        let types = t.types_for(std::slice::from_ref(&(f_at..text.len())));
        assert_eq!(types.len(), 2, "{types:?}");
        assert!(types[0].starts_with("pub struct E"), "{types:?}");
        assert!(types[1].starts_with("pub struct Unused"), "{types:?}");
    }

    // A unit is given the file's `macro_rules!` definitions it invokes,
    // and those they invoke in turn, in source order; one invoking none
    // is given none (its cache key stays as it was).
    #[test]
    fn a_unit_is_given_the_macros_it_invokes_and_theirs() {
        let text = "macro_rules! sq {\n    ($x:expr) => { $x * $x };\n}\n\nmacro_rules! unused {\n    () => { 0 };\n}\n\nmacro_rules! sum_sq {\n    ($a:expr, $b:expr) => { sq!($a) + sq!($b) };\n}\n\npub fn f(a: u8) -> u8 {\n    sum_sq!(a, 1)\n}\n\npub fn g(a: u8) -> u8 {\n    a\n}\n";
        let t = table(text, Lang::Rust, Lang::Python);
        let f_at = text.find("pub fn f").unwrap();
        let g_at = text.find("pub fn g").unwrap();
        let macros = t.macros_for(std::slice::from_ref(&(f_at..g_at)));
        assert_eq!(macros.len(), 2, "{macros:?}");
        assert!(macros[0].starts_with("macro_rules! sq"), "{macros:?}");
        assert!(macros[1].starts_with("macro_rules! sum_sq"), "{macros:?}");
        let ranges = t.macro_ranges_for(std::slice::from_ref(&(f_at..g_at)));
        let texts: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(texts, [macros[0].as_str(), macros[1].as_str()]);
        assert!(t
            .macros_for(std::slice::from_ref(&(g_at..text.len())))
            .is_empty());
    }

    // `-> impl Display + Copy`: the struct the body builds is the type
    // callers see; a function's call, a statement, or a trait that is no
    // value trait (`Iterator`) says nothing.
    #[test]
    fn an_impl_trait_result_is_the_struct_the_body_builds() {
        let result = |body: &str| -> Option<String> {
            let text =
                format!("struct Shown(u8);\nimpl Shown {{\n    fn render(self) -> {body}\n}}\n");
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&Lang::Rust.grammar()).ok()?;
            let tree = parser.parse(&text, None)?;
            let mut stack = vec![tree.root_node()];
            while let Some(n) = stack.pop() {
                if n.kind() == "function_item" {
                    return impl_trait_result(n, &text).map(|r| text[r.byte_range()].to_string());
                }
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
            None
        };
        let shown = Some("Shown".to_string());
        assert_eq!(result("impl core::fmt::Display + Copy { Shown(1) }"), shown);
        assert_eq!(result("impl Display + 'static { Self(2) }"), shown);
        assert_eq!(result("impl Display { self }"), shown);
        assert_eq!(result("impl Display { return Shown(3) }"), shown);
        assert_eq!(result("impl Display { helper(self) }"), None);
        assert_eq!(result("impl Display { Shown(1); }"), None);
        assert_eq!(result("impl Iterator<Item = u8> { Shown(1) }"), None);
        assert_eq!(result("Shown { Shown(1) }"), None);
    }

    // The parameter lists a unit's keyword calls are resolved against:
    // those of the functions it mentions and does not define.
    #[test]
    fn units_get_the_parameter_lists_of_the_functions_they_call() {
        let text = "def g(a, b=1):\n    return a + b\n\n\ndef f(n):\n    return g(n, b=2)\n";
        let t = table(text, Lang::Python, Lang::JavaScript);
        let f_at = text.find("def f").unwrap();
        assert_eq!(
            t.functions_for(std::slice::from_ref(&(f_at..text.len()))),
            vec![("g".to_string(), "(a, b=1)".to_string())]
        );
        assert!(t.functions_for(std::slice::from_ref(&(0..f_at))).is_empty());
    }

    // A default argument that names a module-level binding is read once
    // in Python and at each call in JavaScript: the same object only where
    // nothing binds the name again.
    #[test]
    fn names_bound_again_are_told_apart() {
        let text = "_marker = object()\nN = 1\nN += 1\nK = 1\nK = 2\nfor i in range(3):\n    pass\nsquares = [j for j in range(3)]\n\n\ndef f(a=_marker, b=N, c=K):\n    global g\n    g = 1\n    return i\n";
        let t = table(text, Lang::Python, Lang::JavaScript);
        let f_at = text.find("def f").unwrap();
        assert_eq!(
            t.rebound_for(std::slice::from_ref(&(f_at..text.len()))),
            vec!["N".to_string(), "K".to_string()]
        );
        assert!(t.rebound.contains("g") && t.rebound.contains("i"));
        assert!(!t.rebound.contains("j"));
        assert!(!t.rebound.contains("_marker"));
    }

    // Lodash's and underscore's aliases of built-in methods, found across
    // the file for the unit that calls them; a name bound again, or a
    // module that binds a constructor itself, gets none.
    #[test]
    fn aliases_of_prototype_methods_are_found() {
        let js = "var objectProto = Object.prototype;\n\
                  var hasOwnProperty = objectProto.hasOwnProperty,\n\
                  \x20   nativeSlice = Array.prototype.slice;\n\
                  var ArrayProto = Array.prototype, slice = ArrayProto.slice;\n\
                  var toStr = objectProto.toString;\n\
                  var again = objectProto.toString;\n\
                  var other = thing.prototype.slice;\n\
                  if (x) { var toStr2 = 1; }\n\
                  var toStr2 = objectProto.toString;\n\
                  function setAgain() { again = null; }\n\
                  function has(o, k) { return hasOwnProperty.call(o, k); }\n";
        let t = table(js, Lang::JavaScript, Lang::Python);
        let has_at = js.find("function has(").unwrap();
        assert_eq!(
            t.prototypes_for(std::slice::from_ref(&(has_at..js.len()))),
            vec![(
                "hasOwnProperty".to_string(),
                "Object.prototype.hasOwnProperty".to_string()
            )]
        );
        let get = |n: &str| t.prototypes.get(n).map(String::as_str);
        assert_eq!(get("objectProto"), Some("Object.prototype"));
        assert_eq!(get("nativeSlice"), Some("Array.prototype.slice"));
        assert_eq!(get("slice"), Some("Array.prototype.slice"));
        assert_eq!(get("toStr"), Some("Object.prototype.toString"));
        assert_eq!(get("again"), None);
        assert_eq!(get("other"), None);
        assert_eq!(get("toStr2"), None);
        // A unit that mentions none gets none.
        let set_at = js.find("function setAgain").unwrap();
        assert!(t
            .prototypes_for(std::slice::from_ref(&(set_at..has_at)))
            .is_empty());

        // An exported alias's declaration binds it for its importers: the
        // glue defining it does not get it, the units calling it do.
        let js = "export var slice = Array.prototype.slice;\n\
                  function f(a) { return slice.call(a, 1); }\n";
        let t = table(js, Lang::JavaScript, Lang::Python);
        let f_at = js.find("function f").unwrap();
        assert!(t
            .prototypes_for(std::slice::from_ref(&(0..f_at)))
            .is_empty());
        assert_eq!(
            t.prototypes_for(std::slice::from_ref(&(f_at..js.len()))),
            vec![("slice".to_string(), "Array.prototype.slice".to_string())]
        );

        let shadowed = "var Array = [];\nvar slice = Array.prototype.slice;\n";
        let t = table(shadowed, Lang::JavaScript, Lang::Python);
        assert!(t.prototypes.is_empty());
    }

    // Underscore's `last` calls `rest` with two of its three parameters:
    // `rest`'s unit learns it; a function always called in full, or with
    // a spread, does not.
    #[test]
    fn functions_called_with_fewer_arguments_are_found() {
        let js = "function rest(array, n, guard) { return array; }\n\
                  function last(array, n) { return rest(array, n) || both(1, 2) || spread(...array); }\n\
                  const both = (a, b) => a;\n\
                  function spread(a, b) { return a; }\n";
        let mut t = table(js, Lang::JavaScript, Lang::Python);
        let whole = 0..js.len();
        let all = std::slice::from_ref(&whole);
        assert_eq!(t.omissible_for(all), vec![("rest".to_string(), 2)]);
        // Another module's call of `last` with one argument.
        t.note_calls(&[("last".to_string(), 1), ("rest".to_string(), 3)]);
        assert_eq!(
            t.omissible_for(all),
            vec![("rest".to_string(), 2), ("last".to_string(), 1)]
        );
        let last_at = js.find("function last").unwrap();
        assert_eq!(
            t.omissible_for(std::slice::from_ref(&(0..last_at))),
            vec![("rest".to_string(), 2)]
        );
    }

    #[test]
    fn functions_read_as_values_are_found_and_exports_are_not_reads() {
        let js = "function a(x) { return x; }\n\
                  function b(x) { return x; }\n\
                  function c(x) { return x; }\n\
                  function d(x) { return x; }\n\
                  function e(x) { return x; }\n\
                  function f(x) { return x; }\n\
                  function use(xs) { var g = c; return [xs.map(a), b(1), g, [d]]; }\n\
                  function ret() { return e; }\n\
                  function local(f) { var b = 1; return [f, b]; }\n\
                  function z(x) { return x; }\n\
                  const k = z => [z];\n\
                  module.exports = f;\n\
                  module.exports.b = b;\n";
        let mut t = table(js, Lang::JavaScript, Lang::Python);
        let whole = 0..js.len();
        let all = std::slice::from_ref(&whole);
        assert_eq!(t.read_as_values_for(all), ["a", "c", "d", "e"]);
        // Another module passes `f` on.
        t.note_values(&["f".to_string()]);
        assert_eq!(t.read_as_values_for(all), ["a", "c", "d", "e", "f"]);
    }

    #[test]
    fn python_names_become_camel_case() {
        assert_eq!(js_name("has_close_elements"), "hasCloseElements");
        assert_eq!(js_name("x"), "x");
        assert_eq!(js_name("MAX_LEN"), "MAX_LEN");
        assert_eq!(js_name("Parser"), "Parser");
        assert_eq!(js_name("_"), "_");
        assert_eq!(js_name("new"), "new_");
        assert_eq!(js_name("digitSum"), "digitSum");
        assert_eq!(js_name("range"), "range_");
    }

    #[test]
    fn javascript_names_become_snake_case() {
        assert_eq!(py_name("hasCloseElements").unwrap(), "has_close_elements");
        assert_eq!(py_name("len").unwrap(), "len_");
        assert_eq!(py_name("MAX_LEN").unwrap(), "MAX_LEN");
        assert_eq!(py_name("max_depth").unwrap(), "max_depth");
        assert_eq!(py_name("lambda").unwrap(), "lambda_");
        assert_eq!(py_name("$x"), None);
    }

    #[test]
    fn rust_names_follow_rust_conventions() {
        let f = SegmentKind::Function;
        assert_eq!(
            natural_name("getValue", f, Lang::Rust).unwrap(),
            "get_value"
        );
        assert_eq!(natural_name("fn", f, Lang::Rust).unwrap(), "fn_");
        assert_eq!(natural_name("self", f, Lang::Rust).unwrap(), "self_");
        assert_eq!(natural_name("MAX_LEN", f, Lang::Rust).unwrap(), "MAX_LEN");
        assert_eq!(
            natural_name("token_kind", SegmentKind::Class, Lang::Rust).unwrap(),
            "TokenKind"
        );
        assert_eq!(
            natural_name("Parser", SegmentKind::Class, Lang::Rust).unwrap(),
            "Parser"
        );
        assert_eq!(natural_name("$el", f, Lang::Rust), None);
    }

    #[test]
    fn conversion_is_consistent() {
        for name in ["is_palindrome", "make_palindrome", "fib4", "sum2_numbers"] {
            assert_eq!(js_name(name), js_name(name));
            assert_eq!(py_name(&js_name(name)).unwrap(), name);
        }
    }

    // Regression (issue 11): `f_1_12` and `f_11_2` both became `f112`.
    #[test]
    fn names_that_convert_alike_get_distinct_targets_in_source_order() {
        let py = "def f_1_12():\n    return 1\n\ndef f_11_2():\n    return 2\n";
        let t = table(py, Lang::Python, Lang::JavaScript);
        assert_eq!(targets(&t), [("f_1_12", "f112"), ("f_11_2", "f_11_2")]);
        assert_eq!(t.definitions[0].renamed, None);
        assert_eq!(
            t.definitions[1].renamed.as_deref(),
            Some("f112 is taken by f_1_12 (line 1)")
        );
    }

    // Regression (issue 11): `get_value` and `getValue` both became
    // `getValue`; the name already spelled the target's way keeps it, even
    // when it comes second.
    #[test]
    fn a_name_already_in_target_spelling_keeps_it() {
        let py = "def get_value():\n    return 1\n\ndef getValue():\n    return 2\n";
        let t = table(py, Lang::Python, Lang::JavaScript);
        assert_eq!(
            targets(&t),
            [("get_value", "get_value"), ("getValue", "getValue")]
        );
        assert_eq!(
            t.definitions[0].renamed.as_deref(),
            Some("getValue is taken by getValue (line 4)")
        );

        let js = "function getValue() { return 1; }\nfunction get_value() { return 2; }\n";
        let t = table(js, Lang::JavaScript, Lang::Python);
        assert_eq!(
            targets(&t),
            [("getValue", "getValue"), ("get_value", "get_value")]
        );
        assert!(t.definitions[0].renamed.is_some());
    }

    #[test]
    fn numbered_names_when_the_source_spelling_is_not_free() {
        // `new` is not legal in JavaScript, so it cannot keep its spelling.
        let py = "def new_():\n    return 1\n\ndef new():\n    return 2\n";
        let t = table(py, Lang::Python, Lang::JavaScript);
        assert_eq!(targets(&t), [("new_", "new_"), ("new", "new__2")]);

        // Numbers skip what is taken.
        let js = "function len_() {}\nfunction len__2() {}\nfunction len() {}\n";
        let t = table(js, Lang::JavaScript, Lang::Python);
        assert_eq!(
            targets(&t),
            [("len_", "len_"), ("len__2", "len__2"), ("len", "len__3")]
        );

        // Three names for one spelling: the later ones keep their own.
        let py = "def a_b():\n    pass\n\ndef aB():\n    pass\n\ndef a__b():\n    pass\n";
        let t = table(py, Lang::Python, Lang::JavaScript);
        assert_eq!(
            targets(&t),
            [("a_b", "a_b"), ("aB", "aB"), ("a__b", "a__b")]
        );
    }

    #[test]
    fn a_fallback_does_not_take_a_later_names_natural_spelling() {
        // `x_y` falls back to its own spelling only if no later name wants
        // `x_y`; here none does, and the choice is the same on every run.
        let py = "def xY():\n    pass\n\ndef x_y():\n    pass\n";
        let a = table(py, Lang::Python, Lang::JavaScript);
        let b = table(py, Lang::Python, Lang::JavaScript);
        assert_eq!(a, b);
        assert_eq!(targets(&a), [("xY", "xY"), ("x_y", "x_y")]);
    }

    #[test]
    fn within_one_language_names_keep_their_spelling() {
        let py = "def getValue():\n    pass\n\ndef get_value():\n    pass\n";
        let t = table(py, Lang::Python, Lang::Python);
        assert_eq!(
            targets(&t),
            [("getValue", "getValue"), ("get_value", "get_value")]
        );
        assert!(t.definitions.iter().all(|s| s.renamed.is_none()));
    }

    #[test]
    fn glossary_entries_are_served_first() {
        let py = "def get_value():\n    pass\n\ndef fetch():\n    pass\n";
        let split = split(py, Lang::Python, SplitOptions::default()).unwrap();
        let glossary = vec![("fetch".to_string(), "getValue".to_string())];
        let t = ModuleSymbols::build("m", &split, py, Lang::JavaScript, &glossary);
        assert_eq!(
            targets(&t),
            [("get_value", "get_value"), ("fetch", "getValue")]
        );
        assert_eq!(
            t.definitions[0].renamed.as_deref(),
            Some("getValue is taken by fetch (line 4)")
        );
    }

    #[test]
    fn names_shaped_like_helpers_are_reserved() {
        for name in ["pyHeap", "rsUnwrap", "PyKeyedMap", "PY_SPACE"] {
            assert!(is_reserved(Lang::JavaScript, name), "{name}");
        }
        for name in ["python", "pyx", "rsvp", "Pyramid", "py_heap"] {
            assert!(!is_reserved(Lang::JavaScript, name), "{name}");
        }
        assert!(is_reserved(Lang::Python, "js_set"));
        assert!(is_reserved(Lang::Python, "rs_unwrap"));
        assert!(!is_reserved(Lang::Python, "json_text"));
    }

    #[test]
    fn glue_assignments_are_definitions() {
        let py = "import os\nMAX_LEN = 3\nmax_len, maxLen = 1, 2\n\ndef f():\n    return MAX_LEN\n";
        let t = table(py, Lang::Python, Lang::JavaScript);
        assert_eq!(
            targets(&t),
            [
                ("MAX_LEN", "MAX_LEN"),
                ("max_len", "max_len"),
                ("maxLen", "maxLen"),
                ("f", "f")
            ]
        );
        assert_eq!(t.definitions[0].kind, SegmentKind::Glue);
        assert_eq!(t.definitions[0].line, 2);
        let js =
            "const LIMIT = 10, other_thing = 2;\nexport let count = 0;\nconst f = () => LIMIT;\n";
        let t = table(js, Lang::JavaScript, Lang::Python);
        assert_eq!(
            targets(&t),
            [
                ("LIMIT", "LIMIT"),
                ("other_thing", "other_thing"),
                ("count", "count"),
                ("f", "f")
            ]
        );
    }

    #[test]
    fn references_are_identifiers_not_attributes_or_keywords() {
        let py = "def helper():\n    return 1\n\ndef other():\n    return 2\n\n\
                  def user(o):\n    o.helper()\n    g(other=1)\n    return helper()\n";
        let split = split(py, Lang::Python, SplitOptions::default()).unwrap();
        let t = ModuleSymbols::build("m", &split, py, Lang::JavaScript, &[]);
        let user = split
            .units()
            .find(|u| u.name.as_deref() == Some("user"))
            .unwrap();
        let refs = t.references_in(std::slice::from_ref(&user.bytes));
        let names: Vec<&str> = refs
            .iter()
            .map(|&i| t.definitions[i].name.as_str())
            .collect();
        // `o.helper` and `other=` name no definition; `helper()` does.
        assert_eq!(names, ["helper"]);
        // A unit's own name is not a reference of its own, but is a name it
        // must know.
        let helper = split.units().next().unwrap();
        assert!(t
            .references_in(std::slice::from_ref(&helper.bytes))
            .is_empty());
        assert_eq!(
            t.names_for(std::slice::from_ref(&helper.bytes)),
            [("helper".to_string(), "helper".to_string())]
        );
    }

    // The table is built before any engine's depth bound is checked, on
    // whatever stack the caller has: its walks over a body and a pattern
    // must not recurse once per level (a test thread has 2 MiB).
    #[test]
    fn deep_bodies_and_patterns_are_walked_without_recursion() {
        const DEPTH: usize = 5_000;
        let parens = format!("{}x{}", "(".repeat(DEPTH), ")".repeat(DEPTH));
        let pattern = format!("{}a{}", "(".repeat(DEPTH), ",)".repeat(DEPTH));
        let text = format!(
            "def deep(x):\n    return {parens}\n\n\ndef gen(x):\n    y = {parens}\n    yield y\n\n\n{pattern} = 1\n"
        );
        let t = table(&text, Lang::Python, Lang::JavaScript);
        assert!(t.is_generator("gen"));
        assert!(!t.is_generator("deep"));
    }
}
