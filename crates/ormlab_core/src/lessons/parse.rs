//! The pack reader: markers, sections and checks, refusing malformed text with a line and
//! column (1-based, in characters) so an author can find the problem.

use super::{Check, Cmp, Lesson, Pack, Step};
use std::fmt;

/// Why a pack was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

fn err(line: usize, column: usize, message: impl Into<String>) -> PackError {
    PackError { line: line as u32, column: column as u32, message: message.into() }
}

const SECTIONS: [&str; 8] = ["instructions", "models", "script", "solution models", "solution script", "checks", "revision", "solution revision"];
/// Sections from here on repeat: each occurrence is one more file.
const FIRST_REPEATED: usize = 6;

#[derive(Default)]
struct StepDraft {
    title: String,
    line: usize,
    sections: [Option<(usize, String)>; FIRST_REPEATED],
    /// Starting and reference revision files, in pack order.
    revisions: [Vec<String>; 2],
}

/// Reads a pack; the first problem found is returned with its position.
pub fn parse_pack(text: &str) -> Result<Pack, PackError> {
    let mut lessons: Vec<Lesson> = Vec::new();
    let mut step: Option<StepDraft> = None;
    let mut section: Option<usize> = None;
    for (index, raw) in text.lines().enumerate() {
        let n = index + 1;
        if let Some(rest) = raw.strip_prefix("=== ") {
            finish_step(&mut lessons, step.take())?;
            section = None;
            let Some(head) = rest.strip_prefix("lesson ") else {
                return Err(err(n, 5, "expected `=== lesson <id>: <title>`"));
            };
            let Some((id, title)) = head.split_once(':') else {
                return Err(err(n, 5 + "lesson ".len() + head.chars().count(), "expected `: <title>` after the lesson id"));
            };
            let id_col = 5 + "lesson ".len();
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return Err(err(n, id_col, format!("lesson id `{id}` must be lowercase letters, digits and `-`")));
            }
            if lessons.iter().any(|l| l.id == id) {
                return Err(err(n, id_col, format!("lesson id `{id}` is used twice")));
            }
            let title = title.trim();
            if title.is_empty() {
                return Err(err(n, id_col + id.chars().count() + 1, "the lesson needs a title"));
            }
            if let Some(previous) = lessons.last() {
                if previous.steps.is_empty() {
                    return Err(err(n, 1, format!("lesson `{}` has no steps", previous.id)));
                }
            }
            lessons.push(Lesson { id: id.into(), title: title.into(), steps: Vec::new() });
            continue;
        }
        if let Some(rest) = raw.strip_prefix("--- ") {
            if let Some(title) = rest.strip_prefix("step ") {
                if lessons.is_empty() {
                    return Err(err(n, 1, "a step must follow `=== lesson <id>: <title>`"));
                }
                finish_step(&mut lessons, step.take())?;
                if title.trim().is_empty() {
                    return Err(err(n, 10, "the step needs a title"));
                }
                step = Some(StepDraft { title: title.trim().into(), line: n, ..StepDraft::default() });
                section = None;
                continue;
            }
            let Some(draft) = step.as_mut() else {
                return Err(err(n, 1, "a section must follow `--- step <title>`"));
            };
            let name = rest.trim_end();
            let Some(which) = SECTIONS.iter().position(|s| *s == name) else {
                return Err(err(n, 5, format!("unknown section `{name}` (expected one of: {})", SECTIONS.join(", "))));
            };
            if which >= FIRST_REPEATED {
                draft.revisions[which - FIRST_REPEATED].push(String::new());
            } else if draft.sections[which].is_some() {
                return Err(err(n, 5, format!("section `{name}` appears twice in this step")));
            } else {
                draft.sections[which] = Some((n + 1, String::new()));
            }
            section = Some(which);
            continue;
        }
        match (step.as_mut(), section) {
            (Some(draft), Some(which)) => {
                let body = if which >= FIRST_REPEATED { draft.revisions[which - FIRST_REPEATED].last_mut().expect("file opened") } else { &mut draft.sections[which].as_mut().expect("section opened").1 };
                body.push_str(raw);
                body.push('\n');
            }
            _ if raw.trim().is_empty() || (lessons.is_empty() && raw.starts_with('#')) => {}
            _ => return Err(err(n, 1, "text outside a section (start one with `--- instructions`, `--- models`, ...)")),
        }
    }
    finish_step(&mut lessons, step.take())?;
    match lessons.last() {
        None => Err(err(text.lines().count().max(1), 1, "the pack has no lessons")),
        Some(last) if last.steps.is_empty() => Err(err(text.lines().count().max(1), 1, format!("lesson `{}` has no steps", last.id))),
        Some(_) => Ok(Pack { lessons }),
    }
}

/// Trailing blank lines of a section are the gap before the next marker, not content.
fn tidy(body: &str) -> String {
    let trimmed = body.trim_end();
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

fn finish_step(lessons: &mut [Lesson], draft: Option<StepDraft>) -> Result<(), PackError> {
    let Some(draft) = draft else { return Ok(()) };
    let [instructions, models, script, solution_models, solution_script, checks] = draft.sections;
    let Some((_, instructions)) = instructions else {
        return Err(err(draft.line, 1, format!("step `{}` has no `--- instructions`", draft.title)));
    };
    let Some((checks_line, checks_text)) = checks else {
        return Err(err(draft.line, 1, format!("step `{}` has no `--- checks`", draft.title)));
    };
    let mut parsed = Vec::new();
    for (offset, line) in checks_text.lines().enumerate() {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let column = line.chars().count() - body.chars().count() + 1;
        parsed.push(parse_check(body.trim_end()).map_err(|(at, message)| err(checks_line + offset, column + at, message))?);
    }
    if parsed.is_empty() {
        return Err(err(checks_line.saturating_sub(1), 1, format!("step `{}` has no checks", draft.title)));
    }
    let models = tidy(&models.map(|m| m.1).unwrap_or_default());
    let script = tidy(&script.map(|s| s.1).unwrap_or_default());
    let [revisions, solution_revisions] = draft.revisions.map(|files| files.iter().map(|f| tidy(f)).collect::<Vec<_>>());
    let step = Step {
        solution_revisions: if solution_revisions.is_empty() { revisions.clone() } else { solution_revisions },
        revisions,
        title: draft.title,
        instructions: tidy(&instructions),
        solution_models: solution_models.map(|m| tidy(&m.1)).unwrap_or_else(|| models.clone()),
        solution_script: solution_script.map(|s| tidy(&s.1)).unwrap_or_else(|| script.clone()),
        models,
        script,
        checks: parsed,
        line: draft.line as u32,
    };
    lessons.last_mut().expect("a step follows a lesson").steps.push(step);
    Ok(())
}

/// One check line; errors carry a column offset (0-based, characters) into the line.
fn parse_check(text: &str) -> Result<Check, (usize, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let rest_after = |prefix: &str| -> Result<String, (usize, String)> {
        let rest = text.get(prefix.len()..).unwrap_or("").trim();
        if rest.is_empty() {
            Err((prefix.chars().count(), format!("`{}` needs a text to look for", prefix.trim())))
        } else {
            Ok(rest.to_string())
        }
    };
    match words.as_slice() {
        ["no", "error"] => Ok(Check::NoError),
        ["no", "n+1"] => Ok(Check::NoNPlusOne),
        ["error", kind] => Ok(Check::Error(kind.to_string())),
        _ if text.starts_with("prints ") || text == "prints" => rest_after("prints ").map(Check::Prints),
        _ if text.starts_with("does not print ") => rest_after("does not print ").map(Check::DoesNotPrint),
        _ if text.starts_with("not sent ") => rest_after("not sent ").map(Check::NotSent),
        _ if text.starts_with("sent ") || text == "sent" => rest_after("sent ").map(Check::Sent),
        ["total", "queries", cmp, k] => Ok(Check::TotalQueries(parse_cmp(cmp, text)?, parse_number(k, text)?)),
        ["queries", "on", "line", n, cmp, k] => {
            let line = parse_number(n, text)?;
            if line == 0 {
                return Err((word_at(text, n), "script lines start at 1".into()));
            }
            Ok(Check::LineQueries(line as u32, parse_cmp(cmp, text)?, parse_number(k, text)?))
        }
        ["table", table, "has", "column", column] => Ok(Check::HasColumn(table.to_string(), column.to_string())),
        ["table", table, "has", "index", "on", column] => Ok(Check::HasIndex(table.to_string(), column.to_string())),
        ["migration", "upgrades", "to", "head"] => Ok(Check::UpgradesToHead),
        ["after", "upgrade", "table", table, "has", "column", column] => Ok(Check::UpgradedHasColumn(table.to_string(), column.to_string())),
        ["after", "upgrade", "query", ..] => {
            let rest = &text["after upgrade query".len()..];
            match rest.rsplit_once(" returns ") {
                Some((sql, value)) if !sql.trim().is_empty() && !value.trim().is_empty() => Ok(Check::UpgradedQuery(sql.trim().to_string(), value.trim().to_string())),
                _ => Err(("after upgrade query".len(), "expected `after upgrade query SQL returns VALUE`".into())),
            }
        }
        _ if text.starts_with("revision contains ") || text == "revision contains" => rest_after("revision contains ").map(Check::RevisionContains),
        _ => Err((0, format!("unknown check `{text}` (see the pack format in the lessons module)"))),
    }
}

fn word_at(text: &str, word: &str) -> usize {
    let byte = word.as_ptr() as usize - text.as_ptr() as usize;
    text[..byte].chars().count()
}

fn parse_cmp(word: &str, text: &str) -> Result<Cmp, (usize, String)> {
    match word {
        "<=" => Ok(Cmp::AtMost),
        "==" => Ok(Cmp::Exactly),
        ">=" => Ok(Cmp::AtLeast),
        _ => Err((word_at(text, word), format!("expected `<=`, `==` or `>=`, found `{word}`"))),
    }
}

fn parse_number(word: &str, text: &str) -> Result<usize, (usize, String)> {
    word.parse().map_err(|_| (word_at(text, word), format!("expected a number, found `{word}`")))
}
