; The members of a class that is split because it is too large for one request.
; Matched on a class node; the pipeline keeps only direct members of its body.
; Captures: @member.<kind>, @name, and @attach as in units.scm.

(class_body (method_definition name: (_) @name) @member.method)
(class_body (field_definition property: (_) @name) @member.field)
(class_body (class_static_block) @member.field)
(class_body (comment) @attach)
