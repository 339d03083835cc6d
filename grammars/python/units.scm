; What a unit is in Python. The patterns say what a unit is; the
; pipeline keeps the matches that are children of the root, or of an ERROR
; node at the root (so a syntax error does not hide the functions after it),
; and splits large classes into members with members.scm.
;
; Captures: @unit.<kind> marks a unit and its kind, @name its name, @attach a
; node that belongs to the unit right after it (a comment with no blank line in
; between), @import a node whose text is part of the file's imports.

(function_definition name: (identifier) @name) @unit.function
(class_definition name: (identifier) @name) @unit.class
(decorated_definition
  definition: (function_definition name: (identifier) @name)) @unit.function
(decorated_definition
  definition: (class_definition name: (identifier) @name)) @unit.class

(comment) @attach

[(import_statement) (import_from_statement) (future_import_statement)] @import
