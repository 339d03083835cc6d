; The members of an impl or trait that is split because it is too large for one
; request. Matched on the item node; the pipeline keeps only direct members.
; Captures: @member.<kind>, @name, and @attach as in units.scm.

(impl_item body: (declaration_list (function_item name: (identifier) @name) @member.method))
(trait_item body: (declaration_list (function_item name: (identifier) @name) @member.method))
(trait_item body: (declaration_list (function_signature_item name: (identifier) @name) @member.method))
(declaration_list [(line_comment) (block_comment) (attribute_item)] @attach)
