//! Lessons: a plain-text pack of lessons, each a list of steps whose checks run against a
//! [`RunReport`](crate::api::RunReport) and the models' schema.
//!
//! # The pack format
//!
//! A pack is UTF-8 text read line by line. A line that starts with `=== ` or `--- ` is a
//! marker; every other line belongs to the section above it.
//!
//! ```text
//! # Comments and blank lines are allowed before the first lesson.
//! === lesson first-model: Your first model
//! --- step Define a User
//! --- instructions
//! Markdown: paragraphs, `code`, **bold**, *emphasis*, lists, fenced code, [links](https://…).
//! --- models
//! (the starting models.py)
//! --- script
//! (the starting script)
//! --- solution models
//! (the reference models; omitted = the starting models)
//! --- solution script
//! (the reference script; omitted = the starting script)
//! --- revision
//! (a starting revision file; the section repeats, one file each, base first; omitted = none)
//! --- solution revision
//! (a reference revision file, repeatable; omitted = the starting revisions)
//! --- checks
//! no error
//! prints Alice
//! ```
//!
//! A lesson id is lowercase letters, digits and `-`; ids are unique in a pack. A step needs
//! `instructions` and at least one check. One check a line ([`Check`] lists them all):
//!
//! | check | passes when |
//! |---|---|
//! | `no error` | no exception escaped the script |
//! | `error IntegrityError` | the script ended with that exception |
//! | `prints TEXT` / `does not print TEXT` | standard output contains / lacks TEXT |
//! | `total queries <= K` (or `==`, `>=`) | the script sent that many statements |
//! | `queries on line N <= K` | script line N sent that many statements |
//! | `sent TEXT` / `not sent TEXT` | some / no statement's SQL contains TEXT |
//! | `no n+1` | the lens finds no N+1 |
//! | `table T has column C` | the models' table T has column C |
//! | `table T has index on C` | an index of table T covers column C first |
//! | `migration upgrades to head` | the revisions run `upgrade head` without an error |
//! | `after upgrade table T has column C` | the upgraded database's table T has column C |
//! | `after upgrade query SQL returns V` | SQL's first value on the upgraded database reads V (`NULL` for null) |
//! | `revision contains TEXT` | some revision file contains TEXT |
//!
//! A step with any of the last four is a migration step: its database is built by the
//! *starting* models and script (`create_all` and the rows the script adds, as the console
//! database stands before the models change) and stamped with the head of the step's
//! starting revisions (which must create exactly that schema), then the learner's revision
//! files (the Migrations tab's, or the starting revisions when there are none) run
//! `upgrade head` on it through [`crate::migrate::chain`]. The other checks of such a step
//! read that setup run and the learner's models.
//!
//! A malformed pack is refused with the line and column of the first problem
//! ([`parse::PackError`]).

pub mod check;
pub mod markdown;
pub mod parse;

pub use check::{check_step, run_checks};
pub use parse::{parse_pack, PackError};

use crate::api::{LessonStepView, LessonView};

/// The built-in pack: every topic of the lesson track, each reference solution checked by the
/// CLI's test suite (`crates/ormlab_cli/tests/lessons.rs`).
pub const BUILTIN_PACK: &str = include_str!("builtin.lessons");

/// A parsed pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    /// Lessons in file order.
    pub lessons: Vec<Lesson>,
}

/// One lesson: an id for links and a list of steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// `first-model`: used in `#lesson=<id>/<step>` links and `--lesson`.
    pub id: String,
    /// Shown in the picker.
    pub title: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step: what to read, what to start from, a reference solution and its checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The step's heading.
    pub title: String,
    /// Markdown source (see [`markdown::parse`]).
    pub instructions: String,
    /// Starting models.py.
    pub models: String,
    /// Starting script.
    pub script: String,
    /// Reference models.
    pub solution_models: String,
    /// Reference script.
    pub solution_script: String,
    /// Starting revision files (base first).
    pub revisions: Vec<String>,
    /// Reference revision files.
    pub solution_revisions: Vec<String>,
    /// What a correct answer does.
    pub checks: Vec<Check>,
    /// 1-based pack line of the step marker, for the CLI's messages.
    pub line: u32,
}

/// How a count compares with its bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `<=`
    AtMost,
    /// `==`
    Exactly,
    /// `>=`
    AtLeast,
}

impl Cmp {
    fn holds(self, actual: usize, bound: usize) -> bool {
        match self {
            Cmp::AtMost => actual <= bound,
            Cmp::Exactly => actual == bound,
            Cmp::AtLeast => actual >= bound,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Cmp::AtMost => "<=",
            Cmp::Exactly => "==",
            Cmp::AtLeast => ">=",
        }
    }
}

/// One check of a step.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// `no error`
    NoError,
    /// `error KIND`: the script ended with this exception class.
    Error(String),
    /// `prints TEXT`
    Prints(String),
    /// `does not print TEXT`
    DoesNotPrint(String),
    /// `total queries CMP K`
    TotalQueries(Cmp, usize),
    /// `queries on line N CMP K`
    LineQueries(u32, Cmp, usize),
    /// `sent TEXT`
    Sent(String),
    /// `not sent TEXT`
    NotSent(String),
    /// `no n+1`
    NoNPlusOne,
    /// `table T has column C`
    HasColumn(String, String),
    /// `table T has index on C`
    HasIndex(String, String),
    /// `migration upgrades to head`
    UpgradesToHead,
    /// `after upgrade table T has column C`
    UpgradedHasColumn(String, String),
    /// `after upgrade query SQL returns V`
    UpgradedQuery(String, String),
    /// `revision contains TEXT`
    RevisionContains(String),
}

impl Check {
    /// The check as written in a pack, for messages.
    pub fn describe(&self) -> String {
        match self {
            Check::NoError => "no error".into(),
            Check::Error(kind) => format!("error {kind}"),
            Check::Prints(text) => format!("prints {text}"),
            Check::DoesNotPrint(text) => format!("does not print {text}"),
            Check::TotalQueries(cmp, k) => format!("total queries {} {k}", cmp.symbol()),
            Check::LineQueries(line, cmp, k) => format!("queries on line {line} {} {k}", cmp.symbol()),
            Check::Sent(text) => format!("sent {text}"),
            Check::NotSent(text) => format!("not sent {text}"),
            Check::NoNPlusOne => "no n+1".into(),
            Check::HasColumn(t, c) => format!("table {t} has column {c}"),
            Check::HasIndex(t, c) => format!("table {t} has index on {c}"),
            Check::UpgradesToHead => "migration upgrades to head".into(),
            Check::UpgradedHasColumn(t, c) => format!("after upgrade table {t} has column {c}"),
            Check::UpgradedQuery(sql, value) => format!("after upgrade query {sql} returns {value}"),
            Check::RevisionContains(text) => format!("revision contains {text}"),
        }
    }

    /// Whether the check needs the revisions run (see the module's format notes).
    pub fn is_migration(&self) -> bool {
        matches!(self, Check::UpgradesToHead | Check::UpgradedHasColumn(..) | Check::UpgradedQuery(..) | Check::RevisionContains(_))
    }
}

impl Pack {
    /// The lesson with this id.
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }

    /// Step `step` (1-based) of lesson `id`, or why there is none.
    pub fn step(&self, id: &str, step: usize) -> Result<&Step, String> {
        let lesson = self.lesson(id).ok_or_else(|| format!("no lesson `{id}`"))?;
        step.checked_sub(1).and_then(|i| lesson.steps.get(i)).ok_or_else(|| format!("lesson `{id}` has no step {step} (it has {})", lesson.steps.len()))
    }

    /// What the page shows: titles, parsed instructions and starting code (no solutions).
    pub fn views(&self) -> Vec<LessonView> {
        self.lessons
            .iter()
            .map(|l| LessonView {
                id: l.id.clone(),
                title: l.title.clone(),
                steps: l
                    .steps
                    .iter()
                    .map(|s| LessonStepView { title: s.title.clone(), instructions: markdown::parse(&s.instructions), models: s.models.clone(), script: s.script.clone(), revisions: s.revisions.clone(), checks: s.checks.iter().map(Check::describe).collect() })
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
