; What a unit is in Rust. The patterns say what a unit is; the
; pipeline keeps the matches that are children of the root, or of an ERROR
; node at the root (so a syntax error does not hide the functions after it),
; and splits large impl blocks into members with members.scm.
;
; Captures: @unit.<kind> marks a unit and its kind, @name its name, @attach a
; node that belongs to the unit right after it (doc comments and attributes),
; @import a node whose text is part of the file's imports.

(function_item name: (identifier) @name) @unit.function
(struct_item name: (type_identifier) @name) @unit.struct
(enum_item name: (type_identifier) @name) @unit.enum
(union_item name: (type_identifier) @name) @unit.struct
(trait_item name: (type_identifier) @name) @unit.trait
(impl_item type: (_) @name) @unit.impl
(mod_item name: (identifier) @name body: (_)) @unit.module
(macro_definition name: (identifier) @name) @unit.macro

[(line_comment) (block_comment) (attribute_item)] @attach

[(use_declaration) (extern_crate_declaration)] @import
