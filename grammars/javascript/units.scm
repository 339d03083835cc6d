; What a unit is in JavaScript. Only direct children of the program are units;
; the pipeline splits large classes into members with members.scm.
;
; Captures: @unit.<kind> marks a unit and its kind, @name its name, @attach a
; node that belongs to the unit right after it (a comment with no blank line in
; between), @import a node whose text is part of the file's imports.

(program [(function_declaration name: (identifier) @name)
          (generator_function_declaration name: (identifier) @name)] @unit.function)
(program (class_declaration name: (identifier) @name) @unit.class)

; const f = () => ..., const f = function () {...}
(program
  (lexical_declaration
    (variable_declarator
      name: (identifier) @name
      value: [(arrow_function) (function_expression) (generator_function)])) @unit.function)

; The same, exported.
(program
  (export_statement
    declaration: [(function_declaration name: (identifier) @name)
                  (generator_function_declaration name: (identifier) @name)]) @unit.function)
(program
  (export_statement
    declaration: (class_declaration name: (identifier) @name)) @unit.class)
(program
  (export_statement
    declaration: (lexical_declaration
      (variable_declarator
        name: (identifier) @name
        value: [(arrow_function) (function_expression) (generator_function)]))) @unit.function)

(program (comment) @attach)

(program (import_statement) @import)
; const x = require("x")
(program
  (lexical_declaration
    (variable_declarator
      value: (call_expression function: (identifier) @_require))) @import
  (#eq? @_require "require"))
