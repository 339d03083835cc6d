; What a unit is in Python. Only direct children of the module are units; the
; pipeline splits large classes into members with members.scm.
;
; Captures: @unit.<kind> marks a unit and its kind, @name its name, @attach a
; node that belongs to the unit right after it (a comment with no blank line in
; between), @import a node whose text is part of the file's imports.

(module (function_definition name: (identifier) @name) @unit.function)
(module (class_definition name: (identifier) @name) @unit.class)
(module
  (decorated_definition
    definition: (function_definition name: (identifier) @name)) @unit.function)
(module
  (decorated_definition
    definition: (class_definition name: (identifier) @name)) @unit.class)

(module (comment) @attach)

(module [(import_statement) (import_from_statement) (future_import_statement)] @import)
