//! A unit of glue's top-level statements (the frontend's module
//! pseudo-function, [`crate::engine::rules::front::MODULE`]) written at the
//! top level of the JavaScript module.
//!
//! Every name the statements bind is a name of the Python module, which
//! the file's functions read and other modules import, in whatever block
//! the statement stands: JavaScript declares it once, at the top level (at
//! its first assignment there, or `let x;` before the first statement),
//! `const` where it is bound once and the file binds it nowhere else. A
//! name only loops bind and only they read keeps its declaration in the
//! loop's header, unless the file names it elsewhere. Exports are added by
//! `project::glue`, which finds these declarations at the start of a line.

use std::collections::{HashMap, HashSet};

use super::super::{check_handler_names, decline, Input, NonNegative};
use super::{escaping, underscore_read, OccKind, Occurrence, Plan, Planner, StmtIds, Writer};
use crate::engine::rules::analysis::usage::mentions;
use crate::engine::rules::ir::Function;
use crate::engine::rules::{Res, Translated};

/// The module's statements, with their comments, at the top level.
pub fn write_module(input: &Input) -> Res<Translated> {
    let mut w = Writer::new(input, &[])?;
    for f in input.functions {
        w.module(f)?;
    }
    Ok(Translated {
        text: w.out.render("  "),
        support: w.support,
    })
}

impl Writer<'_> {
    fn module(&mut self, f: &Function) -> Res<()> {
        check_handler_names(f)?;
        self.underscore_read = underscore_read(f);
        self.facts = NonNegative::of(f, self.input.types);
        self.escaping = escaping(f);
        let mut planner = Planner {
            occurrences: HashMap::new(),
            parents: HashMap::new(),
            next_block: 0,
            order: 0,
        };
        planner.block(&f.body, None, &mut StmtIds::default());
        let context = &self.input.request.context;
        let known: HashSet<&str> = context
            .names
            .iter()
            .map(|(source, _)| source.as_str())
            .collect();
        let rebound: HashSet<&str> = context.rebound.iter().map(String::as_str).collect();
        self.plan = module_plan(f, planner, &known, &rebound)?;
        self.out.comments("//", &f.comments);
        // The block is written one level in, as a function's body is, and
        // moved back to the top level.
        let start = self.out.lines.len();
        self.block(&f.body, &mut StmtIds::default(), &mut 0)?;
        for (depth, _) in &mut self.out.lines[start..] {
            *depth = depth.saturating_sub(1);
        }
        Ok(())
    }
}

/// Where the module's names are declared (see the module's comment), or
/// the decline of a name read before the unit binds it: another unit's
/// (a second declaration), or a builtin's.
fn module_plan(
    f: &Function,
    planner: Planner,
    known: &HashSet<&str>,
    rebound: &HashSet<&str>,
) -> Res<Plan> {
    let mut plan = Plan::default();
    let mut names: Vec<(&String, &Vec<Occurrence>)> = planner.occurrences.iter().collect();
    names.sort_by_key(|(name, _)| name.as_str());
    for (name, occs) in names {
        let writes = occs.iter().filter(|o| o.kind != OccKind::Read).count();
        if writes == 0 {
            // Read only: another unit's name, or a builtin.
            continue;
        }
        let loop_only = occs
            .iter()
            .all(|o| matches!(o.kind, OccKind::LoopTarget | OccKind::Read))
            && !occs
                .iter()
                .any(|o| o.kind == OccKind::Read && !planner.inside_loop_of(o, occs));
        if loop_only && !known.contains(name.as_str()) {
            plan.loop_only.insert(name.clone());
            continue;
        }
        let Some(first) = occs.iter().min_by_key(|o| o.order) else {
            continue;
        };
        match first.kind {
            OccKind::Read => {
                let line = f
                    .body
                    .iter()
                    .find(|s| mentions(std::slice::from_ref(*s), name))
                    .map_or(f.line, |s| s.line);
                return decline(
                    line,
                    format!("module-level `{name}` read before the unit binds it"),
                );
            }
            OccKind::Assign(sid) if first.block == 0 => {
                plan.at_assign.insert(name.clone(), sid);
                if writes == 1 && !rebound.contains(name.as_str()) {
                    plan.once.insert(name.clone());
                }
            }
            _ => plan.at_block.entry(0).or_default().push(name.clone()),
        }
    }
    Ok(plan)
}
