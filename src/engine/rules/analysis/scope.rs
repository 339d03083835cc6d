//! Scopes and names: which binding every name of a function tree refers to,
//! built in one pass over the tree.
//!
//! Python's rules: a name stored anywhere in a function's body (not in a
//! nested function, lambda or comprehension) is local to that function for
//! the whole body; comprehensions and lambdas bind their own variables; any
//! other name is looked up in the enclosing functions, then among the file's
//! top-level names.

use std::collections::HashMap;

use super::super::ir::{
    for_each_child, for_each_stmt_expr, try_blocks, Block, Clause, Expr, ExprId, ExprKind,
    Function, StmtKind, Target,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScopeId(pub usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LocalId(pub usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Function,
    Comprehension,
    Lambda,
}

#[derive(Debug)]
pub struct Scope {
    pub parent: Option<ScopeId>,
    pub kind: ScopeKind,
    pub names: HashMap<String, LocalId>,
}

/// A binding: a parameter, a local variable, a loop or comprehension
/// variable, or a nested function's name.
#[derive(Debug)]
pub struct Local {
    pub name: String,
    pub scope: ScopeId,
    /// Stores to it in the source (assignments, `+=`, loop targets), the
    /// first included: a `let` needs `mut` when there is more than one.
    pub stores: usize,
    /// Changed in place (`append`, an index store).
    pub mutated: bool,
    pub is_param: bool,
    /// Read from a function nested in its own (a closure's capture).
    pub captured_by_function: bool,
    /// The name of a nested function.
    pub is_function: bool,
}

/// The scope tree of one function and what each name refers to.
#[derive(Debug, Default)]
pub struct Scopes {
    pub scopes: Vec<Scope>,
    pub locals: Vec<Local>,
    /// By [`ExprId`]: the binding a name, target name or parameter refers
    /// to; `None` for a name bound outside the unit.
    pub resolved: Vec<Option<LocalId>>,
    /// The parameters of each function of the tree, by name, so that calls
    /// can type them.
    pub function_params: HashMap<String, Vec<LocalId>>,
    /// The scope of each function of the tree, by name.
    pub function_scope: HashMap<String, ScopeId>,
}

impl Scopes {
    pub fn build(f: &Function, ids: usize) -> Scopes {
        let mut s = Scopes {
            resolved: vec![None; ids],
            ..Scopes::default()
        };
        s.function(f, None);
        s
    }

    pub fn local_id(&self, id: ExprId) -> Option<LocalId> {
        self.resolved.get(id.index()).copied().flatten()
    }

    /// The parameter a call `name(...)` calls: the unit's one binding of
    /// the name, a parameter, where no function of the unit has the name
    /// (a call names its function by text, not by binding).
    pub fn called_param(&self, name: &str) -> Option<LocalId> {
        if self.function_params.contains_key(name) {
            return None;
        }
        let mut found = self
            .locals
            .iter()
            .enumerate()
            .filter(|(_, l)| l.name == name);
        match (found.next(), found.next()) {
            (Some((i, l)), None) if l.is_param && !l.is_function => Some(LocalId(i)),
            _ => None,
        }
    }

    fn new_scope(&mut self, parent: Option<ScopeId>, kind: ScopeKind) -> ScopeId {
        self.scopes.push(Scope {
            parent,
            kind,
            names: HashMap::new(),
        });
        ScopeId(self.scopes.len() - 1)
    }

    fn bind(&mut self, scope: ScopeId, name: &str) -> LocalId {
        if let Some(l) = self.scopes[scope.0].names.get(name) {
            return *l;
        }
        self.locals.push(Local {
            name: name.to_string(),
            scope,
            stores: 0,
            mutated: false,
            is_param: false,
            captured_by_function: false,
            is_function: false,
        });
        let id = LocalId(self.locals.len() - 1);
        self.scopes[scope.0].names.insert(name.to_string(), id);
        id
    }

    fn lookup(&mut self, scope: ScopeId, name: &str) -> Option<LocalId> {
        let mut at = Some(scope);
        let mut crossed_function = false;
        while let Some(s) = at {
            if let Some(l) = self.scopes[s.0].names.get(name).copied() {
                if crossed_function {
                    self.locals[l.0].captured_by_function = true;
                }
                return Some(l);
            }
            if self.scopes[s.0].kind == ScopeKind::Function {
                crossed_function = true;
            }
            at = self.scopes[s.0].parent;
        }
        None
    }

    fn function(&mut self, f: &Function, parent: Option<ScopeId>) {
        let scope = self.new_scope(parent, ScopeKind::Function);
        let mut params = Vec::new();
        for p in &f.params {
            let l = self.bind(scope, &p.name);
            self.locals[l.0].is_param = true;
            self.resolved[p.id.index()] = Some(l);
            params.push(l);
        }
        self.function_params.insert(f.name.clone(), params);
        self.function_scope.insert(f.name.clone(), scope);
        // A `nonlocal` name is the enclosing function's variable: its
        // stores here are stores of that binding.
        for name in &f.nonlocal {
            if let Some(l) = parent.and_then(|p| self.lookup(p, name)) {
                self.locals[l.0].captured_by_function = true;
                self.scopes[scope.0].names.insert(name.clone(), l);
            }
        }
        // Python decides what is local before the body runs.
        self.declare_block(&f.body, scope);
        self.block(&f.body, scope);
    }

    fn declare_block(&mut self, block: &Block, scope: ScopeId) {
        for s in block {
            match &s.kind {
                StmtKind::Assign { target, .. }
                | StmtKind::AugAssign { target, .. }
                | StmtKind::For { target, .. } => {
                    self.declare_target(target, scope);
                }
                StmtKind::Def(f) => {
                    let l = self.bind(scope, &f.name);
                    self.locals[l.0].is_function = true;
                }
                _ => {}
            }
            // `(x := v)` inside the statement's expressions binds `x` in
            // the function too, as Python decides before the body runs.
            for_each_stmt_expr(s, |e| self.declare_assigned(e, scope));
            match &s.kind {
                StmtKind::If { branches, orelse } => {
                    for (_, b) in branches {
                        self.declare_block(b, scope);
                    }
                    self.declare_block(orelse, scope);
                }
                StmtKind::While { body, .. } => self.declare_block(body, scope),
                StmtKind::For { body, orelse, .. } => {
                    self.declare_block(body, scope);
                    self.declare_block(orelse, scope);
                }
                StmtKind::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => {
                    for b in try_blocks(body, handlers, orelse, finally) {
                        self.declare_block(b, scope);
                    }
                }
                _ => {}
            }
        }
    }

    /// Declares the names `(x := v)` assigns inside `e`: the function's,
    /// also from inside a comprehension (a lambda's would be its own, and
    /// no frontend makes one there).
    fn declare_assigned(&mut self, e: &Expr, scope: ScopeId) {
        match &e.kind {
            ExprKind::AssignName { name, .. } => {
                self.bind(scope, name);
            }
            ExprKind::Lambda { .. } => return,
            _ => {}
        }
        for_each_child(e, |c| self.declare_assigned(c, scope));
    }

    fn declare_target(&mut self, t: &Target, scope: ScopeId) {
        match t {
            Target::Name { name, .. } => {
                self.bind(scope, name);
            }
            Target::Tuple(ts) => ts.iter().for_each(|t| self.declare_target(t, scope)),
            Target::Index { .. } | Target::Attr { .. } => {}
        }
    }

    fn store(&mut self, t: &Target, scope: ScopeId) {
        match t {
            Target::Name { name, id } => {
                let l = self.lookup(scope, name);
                if let Some(l) = l {
                    self.locals[l.0].stores += 1;
                }
                self.resolved[id.index()] = l;
            }
            Target::Tuple(ts) => ts.iter().for_each(|t| self.store(t, scope)),
            Target::Index { value, index, .. } => {
                self.mutate(value, scope);
                self.expr(value, scope);
                self.expr(index, scope);
            }
            Target::Attr { value, .. } => {
                self.mutate(value, scope);
                self.expr(value, scope);
            }
        }
    }

    /// Marks the local a changed container is held in.
    fn mutate(&mut self, e: &Expr, scope: ScopeId) {
        match &e.kind {
            ExprKind::Name(n) => {
                if let Some(l) = self.lookup(scope, n) {
                    self.locals[l.0].mutated = true;
                }
            }
            // `xs[i].append(...)` changes what `xs` holds.
            ExprKind::Index { value, .. } => self.mutate(value, scope),
            _ => {}
        }
    }

    fn block(&mut self, block: &Block, scope: ScopeId) {
        for s in block {
            match &s.kind {
                StmtKind::Assign { target, value } => {
                    self.expr(value, scope);
                    self.store(target, scope);
                }
                StmtKind::AugAssign { target, value, .. } => {
                    self.expr(value, scope);
                    self.store(target, scope);
                }
                StmtKind::If { branches, orelse } => {
                    for (test, b) in branches {
                        self.expr(test, scope);
                        self.block(b, scope);
                    }
                    self.block(orelse, scope);
                }
                StmtKind::While { test, body } => {
                    self.expr(test, scope);
                    self.block(body, scope);
                }
                StmtKind::For {
                    target,
                    iter,
                    body,
                    orelse,
                } => {
                    self.expr(iter, scope);
                    self.store(target, scope);
                    self.block(body, scope);
                    self.block(orelse, scope);
                }
                StmtKind::Return(Some(e))
                | StmtKind::Expr(e)
                | StmtKind::Assert(e, _)
                | StmtKind::Yield { value: e, .. } => self.expr(e, scope),
                StmtKind::Def(f) => self.function(f, Some(scope)),
                // Python's `try` opens no scope, and the backends declare
                // what its blocks bind where the code after them sees it.
                StmtKind::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => {
                    self.block(body, scope);
                    for h in handlers {
                        self.block(&h.body, scope);
                    }
                    self.block(orelse, scope);
                    self.block(finally, scope);
                }
                StmtKind::Return(None)
                | StmtKind::Break
                | StmtKind::Continue
                | StmtKind::Pass
                | StmtKind::Fail { .. } => {}
            }
        }
    }

    fn expr(&mut self, e: &Expr, scope: ScopeId) {
        match &e.kind {
            ExprKind::Name(n) => {
                let l = self.lookup(scope, n);
                self.resolved[e.id.index()] = l;
            }
            ExprKind::Method {
                recv,
                method,
                args,
                keywords,
            } if method.mutates() => {
                self.mutate(recv, scope);
                self.expr(recv, scope);
                args.iter().for_each(|a| self.expr(a, scope));
                // `xs.sort(key=lambda x: ...)`: the key's parameters too.
                keywords.iter().for_each(|(_, k)| self.expr(k, scope));
            }
            ExprKind::Comprehension {
                elt,
                value,
                clauses,
                ..
            } => {
                let inner = self.new_scope(Some(scope), ScopeKind::Comprehension);
                self.clauses(clauses, scope, inner);
                self.expr(elt, inner);
                if let Some(v) = value {
                    self.expr(v, inner);
                }
            }
            ExprKind::AssignName {
                name, id, value, ..
            } => {
                self.expr(value, scope);
                self.store(
                    &Target::Name {
                        name: name.clone(),
                        id: *id,
                    },
                    scope,
                );
            }
            ExprKind::Lambda { params, body } => {
                let inner = self.new_scope(Some(scope), ScopeKind::Lambda);
                for (name, id) in params {
                    let l = self.bind(inner, name);
                    self.locals[l.0].is_param = true;
                    self.resolved[id.index()] = Some(l);
                }
                self.expr(body, inner);
            }
            _ => for_each_child(e, |c| self.expr(c, scope)),
        }
    }

    fn clauses(&mut self, clauses: &[Clause], outer: ScopeId, inner: ScopeId) {
        for (i, c) in clauses.iter().enumerate() {
            // The first iterable is evaluated in the enclosing scope.
            self.expr(&c.iter, if i == 0 { outer } else { inner });
            self.declare_target(&c.target, inner);
            self.store(&c.target, inner);
            c.conditions.iter().for_each(|x| self.expr(x, inner));
        }
    }
}
