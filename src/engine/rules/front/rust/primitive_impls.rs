//! Trait impls for primitive types, slices and `str` (`impl EdgeLabel for
//! u8`, `impl Inv for f32`, `impl ByteSlice for [u8]`): the targets'
//! numbers and strings have no class to hold a trait's methods, but every
//! value's Rust type is known statically, so each method is a plain
//! function named after the trait, the type and the method
//! (`_impl_EdgeLabel_u8_num_bytes`), and a call whose receiver's Rust type is
//! that type (`x.num_bytes()`, `u8::num_bytes(&x)`, `Self::m(..)`,
//! `EdgeLabel::num_bytes(&x)`) calls it. The receiver's Rust type selects
//! the impl, never the run-time value: `u8` and `u32` are both numbers in
//! the targets, and both `Ty::Int`s of their own width here.

use tree_sitter::Node;

use super::types::{MethodSig, Receiver};
use super::Lower;
use crate::engine::rules::ir::{Expr, ExprKind, Function, Ty};
use crate::engine::rules::{named_children, Res};

/// One method of a trait impl for a primitive type, as the unit sees it
/// (its own impls and those the symbol table gives it).
#[derive(Clone, Debug)]
pub(super) struct PrimitiveMethod {
    /// The impl's self type as written, spaces removed (`u8`, `[u8]`,
    /// `&u8`, `String`).
    owner: String,
    /// The self type where this module takes it (a primitive, `str`, a
    /// slice of one); `None` for another (`&u8`, `Vec<u8>`), which Rust
    /// may choose for a receiver of the same target type, so that calls
    /// through the trait are declined.
    ty: Option<Ty>,
    /// The trait's name, without its path or arguments.
    trait_name: String,
    /// The method's name.
    method: String,
    /// Its signature, where the frontend reads it.
    sig: Option<MethodSig>,
    /// Whether the impl is of the unit's file: another module's function
    /// is not imported.
    local: bool,
    /// For `impl From<X> for u8`: `X`, whose values its `from` converts
    /// (see [`conversion_name`]).
    source: Option<String>,
}

/// The name of the function an impl's method becomes:
/// `_impl_{Trait}_{type}_{method}`, the type spelled `u8`, `str` or
/// `slice_u8` for `[u8]`. No two impls share one: a trait's name holds
/// no `_` (such an impl is declined), and no type's spelling is another's
/// followed by `_`. It starts in lower case so that JavaScript spells it
/// one way where it is defined and where it is called (camel case,
/// `_implEdgeLabelU8NumBytes`), as any function of the file.
pub(super) fn function_name(trait_name: &str, owner: &str, method: &str) -> String {
    let ty = match owner.strip_prefix('[').and_then(|o| o.strip_suffix(']')) {
        Some(item) => format!("slice_{item}"),
        None => owner.to_string(),
    };
    format!("_impl_{trait_name}_{ty}_{method}")
}

/// The name of the function `impl From<X> for u8`'s `from` becomes:
/// `_from_X_u8` (camel case in JavaScript, `_fromXU8`), the type spelled
/// as in [`function_name`], whose names start otherwise. `X` holds no `_`
/// (see [`from_source`]), so no two impls share one.
pub(super) fn conversion_name(source: &str, owner: &str) -> String {
    let ty = match owner.strip_prefix('[').and_then(|o| o.strip_suffix(']')) {
        Some(item) => format!("slice_{item}"),
        None => owner.to_string(),
    };
    format!("_from_{source}_{ty}")
}

/// `X` of a trait path `From<X>` (`core::convert::From<X>` too), spaces
/// removed, where `X` is a plain type name without `_` (a struct or enum
/// of the file, which the calls check).
fn from_source(path: &str) -> Option<String> {
    let path = path.replace(' ', "");
    let (head, rest) = path.split_once('<')?;
    let x = rest.strip_suffix('>')?;
    let plain = x.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && x.chars().all(|c| c.is_ascii_alphanumeric());
    (head.rsplit("::").next() == Some("From") && plain).then(|| x.to_string())
}

/// Whether `owner` (an impl's self type, spaces removed) is one this
/// module takes: a primitive type, `str`, or a slice of one.
fn taken(owner: &str) -> bool {
    let prim = |t: &str| t == "str" || Ty::rust_primitive(t).is_some();
    match owner.strip_prefix('[').and_then(|o| o.strip_suffix(']')) {
        Some(item) => item != "str" && prim(item),
        None => prim(owner),
    }
}

/// Whether an impl's self type, as written, may be chosen by Rust for a
/// receiver of a type this module takes: a reference to one, `String`,
/// `Vec`, `Box`, `Cow` or an array (the symbol table gives those too).
fn nearby(owner: &str) -> bool {
    let o = owner.trim_start_matches('&');
    let o = o.strip_prefix("mut").unwrap_or(o);
    let o = if o.starts_with('\'') {
        o.trim_start_matches(|c: char| c == '\'' || c.is_alphanumeric() || c == '_')
    } else {
        o
    };
    taken(o)
        || o == "String"
        || ["Vec<", "Box<", "Cow<", "["]
            .iter()
            .any(|p| o.starts_with(p))
}

/// Methods the primitive types, `str`, slices and what they are read from
/// (`String`, `Vec`) have of their own or from the prelude's traits
/// (`clone`, `cmp`, `into`): Rust calls those before a trait's method of
/// that name (or rejects the call as ambiguous), so a call naming one is
/// left to the rules that know the type's own.
const OWN_METHODS: &[&str] = &[
    // Every type, through the prelude's traits.
    "clone",
    "clone_from",
    "to_owned",
    "to_string",
    "into",
    "try_into",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "lt",
    "le",
    "gt",
    "ge",
    "max",
    "min",
    "clamp",
    "hash",
    "fmt",
    "borrow",
    "borrow_mut",
    "as_ref",
    "as_mut",
    "into_iter",
    "extend",
    "default",
    "type_id",
    // Integers and floats.
    "abs",
    "abs_diff",
    "count_ones",
    "count_zeros",
    "leading_zeros",
    "trailing_zeros",
    "leading_ones",
    "trailing_ones",
    "rotate_left",
    "rotate_right",
    "swap_bytes",
    "reverse_bits",
    "from_be",
    "from_le",
    "to_be",
    "to_le",
    "pow",
    "isqrt",
    "ilog",
    "ilog2",
    "ilog10",
    "div_euclid",
    "rem_euclid",
    "div_floor",
    "div_ceil",
    "next_multiple_of",
    "midpoint",
    "is_power_of_two",
    "next_power_of_two",
    "to_be_bytes",
    "to_le_bytes",
    "to_ne_bytes",
    "from_be_bytes",
    "from_le_bytes",
    "from_ne_bytes",
    "min_value",
    "max_value",
    "from_str_radix",
    "signum",
    "is_positive",
    "is_negative",
    "unsigned_abs",
    "cast_signed",
    "cast_unsigned",
    "widening_mul",
    "carrying_add",
    "borrowing_sub",
    "carrying_mul",
    "floor",
    "ceil",
    "round",
    "round_ties_even",
    "trunc",
    "fract",
    "mul_add",
    "powi",
    "powf",
    "sqrt",
    "exp",
    "exp2",
    "exp_m1",
    "ln",
    "ln_1p",
    "log",
    "log2",
    "log10",
    "cbrt",
    "hypot",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "sin_cos",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "is_nan",
    "is_infinite",
    "is_finite",
    "is_normal",
    "is_subnormal",
    "classify",
    "is_sign_positive",
    "is_sign_negative",
    "recip",
    "to_degrees",
    "to_radians",
    "maximum",
    "minimum",
    "copysign",
    "to_bits",
    "from_bits",
    "total_cmp",
    "to_int_unchecked",
    "next_up",
    "next_down",
    // `u8`, `char` and `bool`.
    "to_ascii_uppercase",
    "to_ascii_lowercase",
    "eq_ignore_ascii_case",
    "make_ascii_uppercase",
    "make_ascii_lowercase",
    "escape_ascii",
    "escape_default",
    "escape_debug",
    "escape_unicode",
    "as_ascii",
    "to_uppercase",
    "to_lowercase",
    // `str` and `String`.
    "len",
    "is_empty",
    "is_char_boundary",
    "as_bytes",
    "as_bytes_mut",
    "as_ptr",
    "as_mut_ptr",
    "get",
    "get_mut",
    "get_unchecked",
    "get_unchecked_mut",
    "split_at",
    "split_at_mut",
    "split_at_checked",
    "chars",
    "char_indices",
    "bytes",
    "split_whitespace",
    "split_ascii_whitespace",
    "lines",
    "encode_utf16",
    "contains",
    "starts_with",
    "ends_with",
    "find",
    "rfind",
    "split",
    "split_inclusive",
    "rsplit",
    "split_terminator",
    "rsplit_terminator",
    "splitn",
    "rsplitn",
    "split_once",
    "rsplit_once",
    "matches",
    "rmatches",
    "match_indices",
    "rmatch_indices",
    "trim",
    "trim_start",
    "trim_end",
    "trim_left",
    "trim_right",
    "trim_matches",
    "trim_start_matches",
    "trim_end_matches",
    "trim_left_matches",
    "trim_right_matches",
    "strip_prefix",
    "strip_suffix",
    "parse",
    "replace",
    "replacen",
    "repeat",
    "into_string",
    "into_boxed_str",
    "as_str",
    "as_mut_str",
    "push",
    "push_str",
    "pop",
    "remove",
    "insert",
    "insert_str",
    "truncate",
    "clear",
    "drain",
    "capacity",
    "reserve",
    "reserve_exact",
    "shrink_to_fit",
    "shrink_to",
    "retain",
    "into_bytes",
    "as_mut_vec",
    "split_off",
    "replace_range",
    "leak",
    "char_count",
    "is_ascii",
    "make_ascii_uppercase",
    "floor_char_boundary",
    "ceil_char_boundary",
    // Slices, arrays and `Vec`.
    "first",
    "first_mut",
    "last",
    "last_mut",
    "split_first",
    "split_last",
    "iter",
    "iter_mut",
    "windows",
    "chunks",
    "chunks_mut",
    "chunks_exact",
    "rchunks",
    "chunk_by",
    "split_mut",
    "splitn_mut",
    "binary_search",
    "binary_search_by",
    "binary_search_by_key",
    "sort",
    "sort_by",
    "sort_by_key",
    "sort_by_cached_key",
    "sort_unstable",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "select_nth_unstable",
    "reverse",
    "swap",
    "to_vec",
    "into_vec",
    "concat",
    "join",
    "connect",
    "fill",
    "fill_with",
    "copy_from_slice",
    "clone_from_slice",
    "copy_within",
    "swap_with_slice",
    "rotate_left",
    "rotate_right",
    "is_sorted",
    "is_sorted_by",
    "is_sorted_by_key",
    "partition_point",
    "align_to",
    "as_chunks",
    "dedup",
    "dedup_by",
    "dedup_by_key",
    "append",
    "resize",
    "resize_with",
    "extend_from_slice",
    "extend_from_within",
    "swap_remove",
    "as_slice",
    "as_mut_slice",
    "into_boxed_slice",
    "splice",
    "extract_if",
    "escape_ascii",
    "to_ascii_uppercase",
    "to_ascii_lowercase",
    "utf8_chunks",
    "each_ref",
    "each_mut",
    "map",
];

/// The methods of `char` and `bool` of their own, besides
/// [`OWN_METHODS`].
const CHAR_BOOL_METHODS: &[&str] = &[
    "len_utf8",
    "len_utf16",
    "encode_utf8",
    "encode_utf16",
    "to_digit",
    "from_digit",
    "from_u32",
    "from_u32_unchecked",
    "then",
    "then_some",
];

/// Whether a method named `name` is one of `ty`'s own, or of a prefix
/// Rust's integers use for whole families of them (`is_` for `char`'s
/// and floats').
fn own_method(ty: &Ty, name: &str) -> bool {
    let char_or_bool = matches!(ty, Ty::Char | Ty::Bool);
    OWN_METHODS.contains(&name)
        || (char_or_bool && CHAR_BOOL_METHODS.contains(&name))
        || ((char_or_bool || ty.is_float()) && name.starts_with("is_"))
        || [
            "checked_",
            "wrapping_",
            "saturating_",
            "overflowing_",
            "unchecked_",
            "strict_",
            "is_ascii",
            "to_ascii",
        ]
        .iter()
        .any(|p| name.starts_with(p))
}

impl<'s> Lower<'s> {
    /// The self type, spaces removed, of an `impl Trait for T` item that
    /// this module translates (`T` a primitive type, `str` or a slice of
    /// one); `None` for any other item.
    pub(super) fn primitive_impl_owner(&self, item: Node) -> Option<String> {
        item.child_by_field_name("trait")?;
        let ty = item.child_by_field_name("type")?;
        let owner = self.text(ty).replace(' ', "");
        (matches!(ty.kind(), "primitive_type" | "array_type") && taken(&owner)).then_some(owner)
    }

    /// Records the methods of the trait impls for primitive types (and the
    /// impls for types Rust may choose in their stead) in `root`, a source
    /// the symbol table gives the unit or the unit's own: `local` where it
    /// is of the unit's file. Read after the structs, which signatures
    /// name; a signature the frontend cannot read leaves its calls
    /// declined.
    pub(super) fn register_primitive_impls(&mut self, root: Node, local: bool) {
        for item in named_children(root) {
            if let ("trait_item", Some(name), Some(body)) = (
                item.kind(),
                item.child_by_field_name("name"),
                item.child_by_field_name("body"),
            ) {
                for f in named_children(body) {
                    if let ("function_item", Some(m)) = (f.kind(), f.child_by_field_name("name")) {
                        let key = (self.text(name).to_string(), self.text(m).to_string());
                        self.trait_defaults.insert(key);
                    }
                }
            }
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
            let owner = self.text(ty).replace(' ', "");
            if !nearby(&owner) {
                continue;
            }
            let path = self.text(tr);
            let bare = path.split('<').next().unwrap_or(path);
            let trait_name = bare.rsplit("::").next().unwrap_or(bare).trim().to_string();
            let self_ty = match self.primitive_impl_owner(item) {
                Some(_) => self.owned_type(ty).ok(),
                None => None,
            };
            // A generic trait's impls are told apart by its arguments,
            // which no call here reads, but for `From<X>`'s (see
            // `primitive_conversion`).
            let source = from_source(path);
            let self_ty = self_ty.filter(|_| !path.contains('<') || source.is_some());
            let saved_args = self.type_args.clone();
            let saved_assoc = std::mem::take(&mut self.assoc_types);
            if let Some(t) = &self_ty {
                self.type_args.insert("Self".into(), t.clone());
            }
            self.assoc_types = self.assoc_types_of(body).unwrap_or_default();
            for f in named_children(body) {
                if f.kind() != "function_item" {
                    continue;
                }
                let Some(name) = f.child_by_field_name("name") else {
                    continue;
                };
                let method = self.text(name).to_string();
                let sig = self_ty
                    .as_ref()
                    .and_then(|_| self.method_sig(f).ok())
                    .filter(|_| f.child_by_field_name("type_parameters").is_none());
                self.primitive_methods.retain(|m| {
                    !(m.owner == owner
                        && m.trait_name == trait_name
                        && m.method == method
                        && m.source == source)
                });
                self.primitive_methods.push(PrimitiveMethod {
                    owner: owner.clone(),
                    ty: self_ty.clone(),
                    trait_name: trait_name.clone(),
                    method,
                    sig,
                    local,
                    source: source.clone(),
                });
            }
            self.type_args = saved_args;
            self.assoc_types = saved_assoc;
        }
    }

    /// An `impl Trait for u8` unit: one function per method (see the
    /// module's documentation), `self` a value of the type and `Self` the
    /// type.
    pub(super) fn primitive_impl(&mut self, item: Node) -> Res<Vec<Function>> {
        let Some(owner) = self.primitive_impl_owner(item) else {
            return self.decline(item, "`impl` of a type that is not a plain name");
        };
        let ty_node = self.child(item, "type")?;
        let tr = self.child(item, "trait")?;
        let path = self.text(tr);
        let source = from_source(path);
        if path.contains('<') && source.is_none() {
            return self.decline(
                item,
                format!("`impl {path} for {owner}`, of a trait with arguments"),
            );
        }
        let bare = path.split('<').next().unwrap_or(path);
        let trait_name = bare.rsplit("::").next().unwrap_or(bare).trim().to_string();
        if trait_name.contains('_') {
            // See `function_name`: the names would not be told apart.
            return self.decline(
                item,
                format!("`impl {trait_name} for {owner}`, a trait named with `_`"),
            );
        }
        let ty = self.owned_type(ty_node)?;
        let body = self.child(item, "body")?;
        let saved_args = self.type_args.clone();
        let saved_self = self.primitive_self.replace(ty.clone());
        self.type_args.insert("Self".into(), ty.clone());
        let assoc = self.assoc_types_of(body);
        let saved_assoc = std::mem::replace(
            &mut self.assoc_types,
            assoc.as_ref().cloned().unwrap_or_default(),
        );
        let mut out = Vec::new();
        let mut pending = Vec::new();
        let result = (|| {
            assoc?;
            for f in named_children(body) {
                match f.kind() {
                    "function_item" => {}
                    "type_item" => continue,
                    "line_comment" | "block_comment" => {
                        pending.extend(super::super::comment_lines(&self.src[f.byte_range()]));
                        continue;
                    }
                    "attribute_item" => {
                        let a = self.text(f);
                        if !super::attributes::is_inert(a) {
                            return self.decline(f, format!("attribute `{a}` in an `impl`"));
                        }
                        continue;
                    }
                    other => return self.decline(f, format!("`{other}` in an `impl` for {owner}")),
                }
                let mname = self.text(self.child(f, "name")?).to_string();
                let sig = self.method_sig(f)?;
                if sig.receiver == Receiver::Mut {
                    // The targets pass numbers and strings by value: a
                    // write through `self` would not reach the caller.
                    return self.decline(f, format!("`&mut self` method of an `impl` for {owner}"));
                }
                let mut function = self.function(f)?;
                function.name = match &source {
                    Some(x) => conversion_name(x, &owner),
                    None => function_name(&trait_name, &owner, &mname),
                };
                function.comments = std::mem::take(&mut pending);
                out.push(function);
            }
            Ok(())
        })();
        self.type_args = saved_args;
        self.primitive_self = saved_self;
        self.assoc_types = saved_assoc;
        result?;
        if out.is_empty() {
            return self.decline(
                item,
                format!("`impl {trait_name} for {owner}` without methods"),
            );
        }
        Ok(out)
    }

    /// The function a call of method `name` on a value of Rust type `ty`
    /// reaches through a trait impl for a primitive type the unit sees:
    /// `None` where no impl for `ty` declares it, or `ty` has a method of
    /// that name of its own, which Rust calls first. Declined: a default
    /// method of the trait (not written by the impl), one the impls of two
    /// traits declare, an impl of another module, a trait also implemented
    /// for a type Rust may choose for the receiver instead (`&u8`,
    /// `String`), and a signature the frontend does not read.
    ///
    /// `qualified` names the trait (`<u8 as Width>::bits`): Rust calls its
    /// method even where the type has one of that name of its own.
    fn primitive_target(
        &mut self,
        ty: &Ty,
        name: &str,
        qualified: Option<&str>,
        n: Node,
    ) -> Res<Option<(String, MethodSig)>> {
        if (qualified.is_none() && own_method(ty, name))
            || !self
                .primitive_methods
                .iter()
                .any(|m| m.ty.as_ref() == Some(ty))
        {
            return Ok(None);
        }
        let found: Vec<PrimitiveMethod> = self
            .primitive_methods
            .iter()
            .filter(|m| m.ty.as_ref() == Some(ty) && m.method == name && m.source.is_none())
            .filter(|m| qualified.is_none_or(|q| m.trait_name == q))
            .cloned()
            .collect();
        let one = match found.as_slice() {
            [] => {
                // A default method of a trait the type implements.
                let implemented: Vec<String> = self
                    .primitive_methods
                    .iter()
                    .filter(|m| m.ty.as_ref() == Some(ty))
                    .map(|m| m.trait_name.clone())
                    .collect();
                for tr in implemented {
                    if self
                        .trait_defaults
                        .contains(&(tr.clone(), name.to_string()))
                    {
                        return self.decline(
                            n,
                            format!(
                                "default method `{name}` of `{tr}` called on a value of type {ty}"
                            ),
                        );
                    }
                }
                return Ok(None);
            }
            [one] => one.clone(),
            _ => {
                return self.decline(
                    n,
                    format!("method `{name}` of {ty}, which impls of two traits declare"),
                )
            }
        };
        if !one.local {
            return self.decline(
                n,
                format!(
                    "method `{name}` of {ty}, of an impl of `{}` in another module",
                    one.trait_name
                ),
            );
        }
        if let Some(other) = self
            .primitive_methods
            .iter()
            .find(|m| m.trait_name == one.trait_name && m.ty.is_none())
        {
            return self.decline(
                n,
                format!(
                    "method `{name}` of {ty}, whose trait `{}` is implemented for `{}` too",
                    one.trait_name, other.owner
                ),
            );
        }
        let Some(sig) = one.sig else {
            return self.decline(
                n,
                format!("method `{name}` of {ty}, whose signature is not read"),
            );
        };
        if sig.receiver == Receiver::Mut {
            return self.decline(n, format!("`&mut self` method `{name}` of {ty}"));
        }
        Ok(Some((
            function_name(&one.trait_name, &one.owner, name),
            sig,
        )))
    }

    /// `x.m(..)` of a value whose Rust type has an impl declaring `m` (see
    /// [`Lower::primitive_target`]): the impl's function with the
    /// receiver first. `None` where none applies.
    pub(super) fn primitive_method_call(
        &mut self,
        recv: &Expr,
        recv_node: Node,
        name: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Option<Expr>> {
        let ty = self.ty(recv);
        let Some((func, sig)) = self.primitive_target(&ty, name, None, n)? else {
            return Ok(None);
        };
        if sig.receiver == Receiver::None {
            return self.decline(
                n,
                format!("associated function `{name}` called as a method"),
            );
        }
        // `5.m()`: Rust infers the literal's type from more than the
        // frontend reads.
        let lit = self.strip_refs(recv_node);
        if matches!(lit.kind(), "integer_literal" | "float_literal")
            && !self.text(lit).contains(['u', 'i', 'f'].as_slice())
        {
            return self.decline(n, format!("method `{name}` of a literal without a suffix"));
        }
        let mut all = vec![recv.clone()];
        all.extend(self.call_args_of(args, &sig.params, n)?);
        Ok(Some(self.primitive_call(func, all, sig.ret, n)))
    }

    /// `u8::m(..)`, `Self::m(..)` inside such an impl, and `Trait::m(x,
    /// ..)` of a receiver method: the impl's function (see
    /// [`Lower::primitive_target`]). `None` where the path names none of
    /// them.
    pub(super) fn primitive_path_call(
        &mut self,
        owner: &str,
        fname: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Option<Expr>> {
        let by_type = match owner {
            "Self" => self.primitive_self.clone(),
            "str" => Some(Ty::Str),
            _ => Ty::rust_primitive(owner),
        };
        if let (Some(ty), "from", [value]) = (&by_type, fname, args) {
            if let Some(call) = self.primitive_conversion(*value, ty, n)? {
                return Ok(Some(call));
            }
        }
        if let Some(ty) = by_type {
            let Some((func, sig)) = self.primitive_target(&ty, fname, None, n)? else {
                return Ok(None);
            };
            let mut params = sig.params.clone();
            if sig.receiver != Receiver::None {
                params.insert(0, ty);
            }
            let all = self.call_args_of(args, &params, n)?;
            return Ok(Some(self.primitive_call(func, all, sig.ret, n)));
        }
        // `EdgeLabel::num_bytes(&x)`: the impl of the first argument's type.
        if !self
            .primitive_methods
            .iter()
            .any(|m| m.trait_name == owner && m.method == fname)
        {
            return Ok(None);
        }
        let Some(first) = args.first() else {
            return self.decline(
                n,
                format!("`{owner}::{fname}`, chosen by its result's type"),
            );
        };
        let recv = self.expr(*first)?;
        let ty = self.ty(&recv);
        let found = self.primitive_target(&ty, fname, Some(owner), n)?;
        match found {
            Some((func, sig))
                if func.starts_with(&format!("_impl_{owner}_"))
                    && sig.receiver != Receiver::None =>
            {
                let mut all = vec![recv];
                all.extend(self.call_args_of(&args[1..], &sig.params, n)?);
                Ok(Some(self.primitive_call(func, all, sig.ret, n)))
            }
            _ => self.decline(
                n,
                format!(
                    "`{owner}::{fname}` of a value of type {ty}, no impl for which the unit sees"
                ),
            ),
        }
    }

    /// `<u8 as Width>::bits(&x)`: the impl of that trait for that type,
    /// where it is one the unit sees (see [`Lower::primitive_target`]).
    /// `None` for another path.
    pub(super) fn primitive_qualified_call(
        &mut self,
        func: Node,
        args: &[Node],
        n: Node,
    ) -> Res<Option<Expr>> {
        let Some(q) = func
            .child_by_field_name("path")
            .filter(|p| p.kind() == "bracketed_type")
            .and_then(|p| named_children(p).into_iter().next())
            .filter(|q| q.kind() == "qualified_type")
        else {
            return Ok(None);
        };
        let (Some(ty), Some(alias), Some(name)) = (
            q.child_by_field_name("type"),
            q.child_by_field_name("alias"),
            func.child_by_field_name("name"),
        ) else {
            return Ok(None);
        };
        let owner = self.text(ty).replace(' ', "");
        if !taken(&owner) {
            return Ok(None);
        }
        let fname = self.text(name).to_string();
        let tr = self.text(alias);
        let tr = tr.rsplit("::").next().unwrap_or(tr).trim().to_string();
        let ty = self.owned_type(ty)?;
        let written = self
            .primitive_methods
            .iter()
            .any(|m| m.trait_name == tr && m.ty.as_ref() == Some(&ty) && m.method == fname);
        if !written {
            return Ok(None);
        }
        match self.primitive_target(&ty, &fname, Some(&tr), n)? {
            Some((func, sig)) if func.starts_with(&format!("_impl_{tr}_")) => {
                let mut params = sig.params.clone();
                if sig.receiver != Receiver::None {
                    params.insert(0, ty);
                }
                let all = self.call_args_of(args, &params, n)?;
                Ok(Some(self.primitive_call(func, all, sig.ret, n)))
            }
            _ => self.decline(
                n,
                format!(
                    "`<{owner} as {tr}>::{fname}`, a method of {owner} of its own or of two traits"
                ),
            ),
        }
    }

    /// `u8::from(kind)` and `kind.into()` where the type converted to is
    /// `to` (a place of declared type, a parameter, a result): the
    /// function of the file's `impl From<Kind> for u8` (see
    /// [`conversion_name`]), where `value`'s Rust type is that struct or
    /// enum (Rust's coherence allows one such impl). `None` where the file
    /// has none (the standard library's, `u32::from(c)` of a `char`, are
    /// other rules'); another module's is declined.
    pub(super) fn primitive_conversion(
        &mut self,
        value: Node,
        to: &Ty,
        n: Node,
    ) -> Res<Option<Expr>> {
        let Some(class) = self.receiver_struct(value) else {
            return Ok(None);
        };
        let Some(found) = self
            .primitive_methods
            .iter()
            .find(|m| {
                m.source.as_deref() == Some(class.as_str())
                    && m.ty.as_ref() == Some(to)
                    && m.method == "from"
            })
            .cloned()
        else {
            return Ok(None);
        };
        if !found.local {
            return self.decline(
                n,
                format!("conversion of `{class}` to {to} by an `impl From` of another module"),
            );
        }
        let Some(sig) = found
            .sig
            .filter(|s| s.receiver == Receiver::None && s.params.len() == 1)
        else {
            return self.decline(
                n,
                format!("conversion of `{class}` to {to}, whose `from` is not read"),
            );
        };
        let arg = self.expr_expecting(value, sig.params.first())?;
        let func = conversion_name(&class, &found.owner);
        Ok(Some(self.primitive_call(func, vec![arg], sig.ret, n)))
    }

    /// The arguments of a call of an impl's function, each lowered as
    /// its parameter's type; another count is declined.
    fn call_args_of(&mut self, args: &[Node], params: &[Ty], n: Node) -> Res<Vec<Expr>> {
        if args.len() != params.len() {
            return self.decline(
                n,
                "call with another number of arguments than its parameters",
            );
        }
        let mut out = Vec::new();
        for (a, p) in args.iter().zip(params) {
            out.push(self.expr_expecting(*a, Some(p))?);
        }
        Ok(out)
    }

    fn primitive_call(&mut self, func: String, args: Vec<Expr>, ret: Ty, n: Node) -> Expr {
        let line = self.line(n);
        self.mk(ExprKind::Call { func, args }, ret, line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_tell_type_and_trait_apart() {
        assert_eq!(
            function_name("EdgeLabel", "u8", "num_bytes"),
            "_impl_EdgeLabel_u8_num_bytes"
        );
        assert_eq!(
            function_name("ByteSlice", "[u8]", "find_byte"),
            "_impl_ByteSlice_slice_u8_find_byte"
        );
        assert_ne!(
            function_name("T", "u8", "m"),
            function_name("T", "u32", "m")
        );
    }

    #[test]
    fn only_primitives_strs_and_their_slices_are_taken() {
        assert!(taken("u8") && taken("str") && taken("[u8]") && taken("char") && taken("f64"));
        assert!(!taken("&u8") && !taken("[str]") && !taken("String") && !taken("[u8;4]"));
        assert!(nearby("&u8") && nearby("&'a[u8]") && nearby("String") && nearby("Vec<u8>"));
        assert!(!nearby("Point"));
    }

    #[test]
    fn a_types_own_methods_are_not_the_traits() {
        let u8_ = Ty::rust_primitive("u8").unwrap_or(Ty::Unknown);
        assert!(own_method(&u8_, "count_ones") && own_method(&u8_, "wrapping_add"));
        assert!(own_method(&Ty::Str, "len") && own_method(&Ty::Char, "is_alphabetic"));
        assert!(!own_method(&u8_, "num_bytes") && !own_method(&u8_, "diff_bits"));
        assert!(!own_method(&u8_, "from_u32") && own_method(&Ty::Char, "from_u32"));
    }
}
