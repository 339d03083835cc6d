; What a unit is in Rust. Only direct children of the source file are units;
; the pipeline splits large impl blocks into members with members.scm.
;
; Captures: @unit.<kind> marks a unit and its kind, @name its name, @attach a
; node that belongs to the unit right after it (doc comments and attributes),
; @import a node whose text is part of the file's imports.

(source_file (function_item name: (identifier) @name) @unit.function)
(source_file (struct_item name: (type_identifier) @name) @unit.struct)
(source_file (enum_item name: (type_identifier) @name) @unit.enum)
(source_file (union_item name: (type_identifier) @name) @unit.struct)
(source_file (trait_item name: (type_identifier) @name) @unit.trait)
(source_file (impl_item type: (_) @name) @unit.impl)
(source_file (mod_item name: (identifier) @name body: (_)) @unit.module)
(source_file (macro_definition name: (identifier) @name) @unit.macro)

(source_file [(line_comment) (block_comment) (attribute_item)] @attach)

(source_file [(use_declaration) (extern_crate_declaration)] @import)
