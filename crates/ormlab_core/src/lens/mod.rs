//! The N+1 lens: reads a run's statement log and finds the loops that lazy-load the same
//! relationship once per parent. The counts come from the real emulation's log, never from an
//! estimate, so the lens can only report what the ORM actually sent.

use crate::api::{Finding, RunReport};

/// Two lazy loads of one relationship from one line already make the pattern visible; the
/// page lets the user raise the threshold.
pub const DEFAULT_THRESHOLD: usize = 2;

const LAZY_PREFIX: &str = "lazy load of ";

/// Every N+1 in `report`: for each (line, relationship) whose lazy loads repeat at least
/// `threshold` times, one finding naming the relationship, the line that triggered the loads,
/// the line of the query that loaded the parents, the count, and the loader option that fixes it.
pub fn find_n_plus_one(report: &RunReport, threshold: usize) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    let mut last_query_line: Option<u32> = None;
    for statement in &report.statements {
        let Some(relationship) = statement.cause.strip_prefix(LAZY_PREFIX) else {
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
            }),
        }
    }
    findings.retain(|f| f.count >= threshold.max(2));
    findings
}

/// The smallest change that removes the N+1: load the relationship with the parents' query.
fn fix_for(relationship: &str, parent_line: Option<u32>) -> String {
    let option = format!(".options(selectinload({relationship}))");
    match parent_line {
        Some(line) => format!("add {option} to the query on line {line}"),
        None => format!("load {relationship} eagerly with {option} on the query that loads the parents"),
    }
}

#[cfg(test)]
mod tests;
