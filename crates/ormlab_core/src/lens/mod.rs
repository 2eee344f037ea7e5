//! The N+1 lens: reads a run's statement log and finds the loops that lazy-load the same
//! relationship once per parent, eager loads nobody reads, and re-runs the script under each
//! loading strategy to compare them. The counts come from the real emulation's log, never from
//! an estimate, so the lens can only report what the ORM actually sent.

use crate::api::{Finding, FixEdit, RunReport, StrategyFigure, TimelineItem};
use crate::engine::Engine;
use crate::orm::loading::Strategy;
use crate::orm::{run_script_with, RunOptions};

/// Two lazy loads of one relationship from one line already make the pattern visible; the
/// page lets the user raise the threshold.
pub const DEFAULT_THRESHOLD: usize = 2;

const LAZY_PREFIX: &str = "lazy load of ";

/// Every finding of a run: the N+1s, for each the `lazy='raise'` that would have caught it,
/// and the eager loads the script never read.
pub fn findings(report: &RunReport, script: &str, threshold: usize) -> Vec<Finding> {
    let mut out = find_n_plus_one(report, threshold);
    for finding in &mut out {
        finding.edit = fix_edit(script, &finding.relationship, finding.parent_line);
    }
    let raises: Vec<Finding> = out
        .iter()
        .map(|f| Finding {
            kind: "raise_would_stop".into(),
            relationship: f.relationship.clone(),
            line: f.line,
            parent_line: f.parent_line,
            count: f.count,
            fix: format!("lazy='raise' on {} would have stopped line {} with an InvalidRequestError instead of {} queries", f.relationship, f.line, f.count),
            edit: None,
        })
        .collect();
    out.extend(raises);
    out.extend(find_unused_eager(report));
    out
}

/// Every N+1 in `report`: for each (line, relationship) whose lazy loads repeat at least
/// `threshold` times, one finding naming the relationship, the line that triggered the loads,
/// the line of the query that loaded the parents, the count, and the loader option that fixes it.
pub fn find_n_plus_one(report: &RunReport, threshold: usize) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    let mut last_query_line: Option<u32> = None;
    for statement in &report.statements {
        let Some(relationship) = statement.cause.strip_prefix(LAZY_PREFIX).map(|rest| rest.split(' ').next().unwrap_or(rest)) else {
            if statement.cause == "query" {
                last_query_line = Some(statement.line);
            }
            continue;
        };
        match findings.iter_mut().find(|f| f.line == statement.line && f.relationship == relationship) {
            Some(finding) => finding.count += 1,
            None => findings.push(Finding {
                kind: "n_plus_one".into(),
                relationship: relationship.to_string(),
                line: statement.line,
                parent_line: last_query_line,
                count: 1,
                fix: fix_for(relationship, last_query_line),
                edit: None,
            }),
        }
    }
    findings.retain(|f| f.count >= threshold.max(2));
    findings
}

/// Eager loads (joined, selectin, subquery) of relationships the script never read: the
/// work was done for nothing.
pub fn find_unused_eager(report: &RunReport) -> Vec<Finding> {
    report
        .loads
        .iter()
        .filter(|load| !load.accessed && load.strategy != "contains_eager")
        .map(|load| Finding {
            kind: "unused_eager_load".into(),
            relationship: load.relationship.clone(),
            line: load.line,
            parent_line: Some(load.line),
            count: 0,
            fix: format!("the {} load of {} on line {} is never read: remove it", load.strategy, load.relationship, load.line),
            edit: None,
        })
        .collect()
}

/// The smallest change that removes the N+1: load the relationship with the parents' query.
fn fix_for(relationship: &str, parent_line: Option<u32>) -> String {
    let option = format!(".options(selectinload({relationship}))");
    match parent_line {
        Some(line) => format!("add {option} to the query on line {line}"),
        None => format!("load {relationship} eagerly with {option} on the query that loads the parents"),
    }
}

/// The script edit that adds `.options(selectinload(Rel))` to the query on `line`: after
/// `Model.query`, `db.session.query(Model)` or `select(Model)`; none when the line has no
/// query ormlab recognises.
pub fn fix_edit(script: &str, relationship: &str, line: Option<u32>) -> Option<FixEdit> {
    let line = line?;
    let before = script.lines().nth(usize::try_from(line).ok()?.checked_sub(1)?)?.to_string();
    let model = relationship.split('.').next()?;
    let option = format!(".options(selectinload({relationship}))");
    let anchors = [format!("{model}.query"), format!("query({model})"), format!("select({model})")];
    for anchor in &anchors {
        if let Some(at) = before.find(anchor.as_str()) {
            let end = at + anchor.len();
            // `Model.query` must not be a longer name (`Model.query_x`).
            if anchor.ends_with(".query") && before[end..].starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let after = format!("{}{option}{}", &before[..end], &before[end..]);
            return Some(FixEdit { line, before, after });
        }
    }
    None
}

/// The script with `edit` applied (the line must still read as it did).
pub fn apply_edit(script: &str, edit: &FixEdit) -> Option<String> {
    let index = usize::try_from(edit.line).ok()?.checked_sub(1)?;
    let mut lines: Vec<&str> = script.split('\n').collect();
    let current = lines.get(index)?;
    if current.trim_end_matches('\r') != edit.before {
        return None;
    }
    lines[index] = &edit.after;
    Some(lines.join("\n"))
}

/// The relationships a run loaded (lazily or eagerly): the ones the comparison varies.
pub fn touched_relationships(report: &RunReport) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: &str| {
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    };
    for statement in &report.statements {
        let cause = statement.cause.as_str();
        if let Some(rest) = cause.strip_prefix(LAZY_PREFIX) {
            push(rest.split(' ').next().unwrap_or(rest));
        } else if let Some((_, rest)) = cause.split_once(" load of ") {
            push(rest.split(' ').next().unwrap_or(rest));
        }
    }
    for load in &report.loads {
        push(&load.relationship);
    }
    out
}

/// The strategies the comparison runs, in chart order.
pub const COMPARED: [Strategy; 5] = [Strategy::Select, Strategy::Joined, Strategy::Selectin, Strategy::Subquery, Strategy::Raise];

/// Re-runs the script once per strategy of [`COMPARED`] on a fresh database from `open`, with
/// every relationship in `relationships` loaded that way, and returns the figures. `clock`
/// reads milliseconds. The user's own database is never touched: each run opens its own.
pub fn compare(models: &str, script: &str, relationships: &[String], open: &mut dyn FnMut() -> Result<Box<dyn Engine>, String>, clock: &dyn Fn() -> f64) -> Vec<StrategyFigure> {
    let mut figures = Vec::new();
    for strategy in COMPARED {
        let mut engine = match open() {
            Ok(engine) => engine,
            Err(message) => {
                figures.push(StrategyFigure { strategy: strategy.label().into(), error: Some(message), ..StrategyFigure::default() });
                continue;
            }
        };
        let options = RunOptions { clock: Some(clock), strategy_override: Some((relationships.to_vec(), strategy)) };
        let report = run_script_with(models, script, engine.as_mut(), options);
        figures.push(StrategyFigure {
            strategy: strategy.label().into(),
            query_count: report.query_count,
            select_count: report.statements.iter().filter(|s| is_read(&s.sql)).count(),
            rows: report.statements.iter().filter(|s| is_read(&s.sql)).map(|s| s.rows).sum(),
            time_ms: report.statements.iter().filter(|s| is_read(&s.sql)).map(|s| s.ms).sum(),
            error: report.error.map(|e| format!("{}: {}", e.kind, e.message)),
            best: false,
            fastest: false,
            timeline: report.statements.iter().map(|s| TimelineItem { line: s.line, cause: s.cause.clone(), ms: s.ms, rows: s.rows }).collect(),
        });
    }
    let best = figures
        .iter()
        .enumerate()
        .filter(|(_, f)| f.error.is_none())
        .min_by(|(_, a), (_, b)| a.query_count.cmp(&b.query_count).then(a.time_ms.total_cmp(&b.time_ms)))
        .map(|(i, _)| i);
    if let Some(i) = best {
        figures[i].best = true;
    }
    let fastest = figures.iter().enumerate().filter(|(_, f)| f.error.is_none()).min_by(|(_, a), (_, b)| a.time_ms.total_cmp(&b.time_ms)).map(|(i, _)| i);
    if let Some(i) = fastest {
        figures[i].fastest = true;
    }
    figures
}

/// A SELECT: the statements a loading strategy changes (writes are the same under all).
fn is_read(sql: &str) -> bool {
    sql.trim_start().starts_with("SELECT")
}

#[cfg(test)]
mod tests;
