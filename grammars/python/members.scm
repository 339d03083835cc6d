; The members of a class that is split because it is too large for one request.
; Matched on a class node; the pipeline keeps only direct members of its body.
; Captures: @member.<kind>, @name, and @attach as in units.scm.

(class_definition
  body: (block (function_definition name: (identifier) @name) @member.method))
(class_definition
  body: (block
    (decorated_definition
      definition: (function_definition name: (identifier) @name)) @member.method))
(class_definition
  body: (block (class_definition name: (identifier) @name) @member.class))
(class_definition body: (block (comment) @attach))
