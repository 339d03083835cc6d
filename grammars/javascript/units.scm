; What a unit is in JavaScript. The patterns say what a unit is; the
; pipeline keeps the matches that are children of the root, or of an ERROR
; node at the root (so a syntax error does not hide the functions after it),
; and splits large classes into members with members.scm.
;
; Captures: @unit.<kind> marks a unit and its kind, @name its name, @attach a
; node that belongs to the unit right after it (a comment with no blank line in
; between), @import a node whose text is part of the file's imports.

[(function_declaration name: (identifier) @name)
 (generator_function_declaration name: (identifier) @name)] @unit.function
(class_declaration name: (identifier) @name) @unit.class

; const f = () => ..., const f = function () {...}
(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @unit.function

; The same, exported.
(export_statement
  declaration: [(function_declaration name: (identifier) @name)
                (generator_function_declaration name: (identifier) @name)]) @unit.function
(export_statement
  declaration: (class_declaration name: (identifier) @name)) @unit.class
(export_statement
  declaration: (lexical_declaration
    (variable_declarator
      name: (identifier) @name
      value: [(arrow_function) (function_expression) (generator_function)]))) @unit.function

(comment) @attach

(import_statement) @import
; const x = require("x")
((lexical_declaration
   (variable_declarator
     value: (call_expression function: (identifier) @_require))) @import
 (#eq? @_require "require"))
