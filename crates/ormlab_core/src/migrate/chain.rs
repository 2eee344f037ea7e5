//! The revision chain and Alembic's commands over it: `upgrade`, `downgrade` (to head or
//! base, to a revision, by relative steps), `current`, `history`, `stamp`, and `--sql`
//! offline scripts, with `alembic_version` kept exactly as Alembic keeps it on SQLite.
//!
//! As in Flask-Migrate's env.py on pysqlite: each revision runs in its own transaction (the
//! implicit BEGIN before the first INSERT/UPDATE/DELETE, COMMIT after the version row is
//! written), so a failing revision is rolled back while the ones before it stay applied.
//! The database, not the workspace, says which revision is current.

use super::apply::{ApplyError, Conn};
use super::script::{parse_revision, Revision};
use crate::diag::Diagnostic;
use crate::engine::{Engine, Value};

const CREATE_VERSION_TABLE: &str = "\nCREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)\n\n";
const SELECT_VERSION: &str = "SELECT alembic_version.version_num \nFROM alembic_version";

/// The revisions of a workspace in order, first (base) to head.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chain {
    /// Base first.
    pub revisions: Vec<Revision>,
}

/// A revision file that could not be read, or a chain that is not one line.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainError {
    /// Which source (index into the list given), when one file is at fault.
    pub file: Option<usize>,
    /// What is wrong, with line and column when it is inside a file.
    pub diagnostic: Option<Diagnostic>,
    /// The message in plain words.
    pub message: String,
}

impl Chain {
    /// Reads revision files (in any order) and links them by `down_revision`.
    pub fn from_sources(sources: &[String]) -> Result<Chain, ChainError> {
        let mut revisions = Vec::new();
        for (file, source) in sources.iter().enumerate() {
            match parse_revision(source) {
                Ok(revision) => revisions.push(revision),
                Err(diagnostic) => {
                    let message = format!("line {}, column {}: {}", diagnostic.line, diagnostic.column, diagnostic.message);
                    return Err(ChainError { file: Some(file), diagnostic: Some(diagnostic), message });
                }
            }
        }
        Chain::link(revisions)
    }

    /// Orders revisions from base to head; refuses branches, cycles and missing parents.
    pub fn link(mut unordered: Vec<Revision>) -> Result<Chain, ChainError> {
        let plain = |message: String| ChainError { file: None, diagnostic: None, message };
        for (i, revision) in unordered.iter().enumerate() {
            if unordered.iter().skip(i + 1).any(|r| r.id == revision.id) {
                return Err(plain(format!("two revision files have the id '{}'", revision.id)));
            }
        }
        let mut ordered: Vec<Revision> = Vec::new();
        let mut parent: Option<String> = None;
        while !unordered.is_empty() {
            let children: Vec<usize> = unordered.iter().enumerate().filter(|(_, r)| r.down_revision == parent).map(|(i, _)| i).collect();
            match children.as_slice() {
                [only] => {
                    let next = unordered.remove(*only);
                    parent = Some(next.id.clone());
                    ordered.push(next);
                }
                [] => {
                    let missing = unordered.iter().find_map(|r| r.down_revision.clone()).unwrap_or_default();
                    return Err(plain(format!("revision '{}' revises '{missing}', which no revision file defines", unordered.first().map(|r| r.id.as_str()).unwrap_or(""))));
                }
                _ => return Err(plain(format!("{}branches: several revisions revise {}", crate::diag::NOT_SUPPORTED, parent.as_deref().map_or("the base".to_string(), |p| format!("'{p}'"))))),
            }
        }
        Ok(Chain { revisions: ordered })
    }

    /// The newest revision's id.
    pub fn head(&self) -> Option<&str> {
        self.revisions.last().map(|r| r.id.as_str())
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.revisions.iter().position(|r| r.id == id)
    }

    /// A revision by full id or unique prefix, as Alembic resolves a partial id.
    fn resolve_id(&self, text: &str) -> Result<usize, ApplyError> {
        if let Some(exact) = self.position(text) {
            return Ok(exact);
        }
        let matches: Vec<usize> = (0..self.revisions.len()).filter(|&i| self.revisions[i].id.starts_with(text)).collect();
        // An ambiguous prefix gets the same message as an unknown one (recorded: ch05).
        match matches.as_slice() {
            [only] if !text.is_empty() => Ok(*only),
            _ => Err(command_error(&format!("Can't locate revision identified by '{text}'"))),
        }
    }

    /// A target as the number of revisions applied afterwards (0 = base); `current` is the
    /// count applied now, for `+N` / `-N`.
    fn target(&self, text: &str, current: usize) -> Result<usize, ApplyError> {
        let relative = |sign: i64, digits: &str| -> Result<usize, ApplyError> {
            let steps: i64 = digits.parse().map_err(|_| command_error(&format!("Can't locate revision identified by '{text}'")))?;
            let goal = i64::try_from(current).unwrap_or(0).saturating_add(sign.saturating_mul(steps));
            if goal < 0 || goal > i64::try_from(self.revisions.len()).unwrap_or(0) {
                return Err(command_error(&format!("Relative revision {text} didn't produce {steps} migrations")));
            }
            Ok(usize::try_from(goal).unwrap_or(0))
        };
        match text {
            "head" | "heads" => Ok(self.revisions.len()),
            "base" => Ok(0),
            _ => {
                if let Some(digits) = text.strip_prefix('+') {
                    relative(1, digits)
                } else if let Some(digits) = text.strip_prefix('-') {
                    relative(-1, digits)
                } else {
                    Ok(self.resolve_id(text)? + 1)
                }
            }
        }
    }

    /// `alembic history --indicate-current` lines, head first.
    pub fn history_lines(&self, current: Option<&str>) -> Vec<String> {
        let last = self.revisions.len().saturating_sub(1);
        self.revisions
            .iter()
            .enumerate()
            .rev()
            .map(|(i, r)| {
                let head = if i == last { " (head)" } else { "" };
                let here = if current == Some(r.id.as_str()) { " (current)" } else { "" };
                format!("{} -> {}{head}{here}, {}", r.down_revision.as_deref().unwrap_or("<base>"), r.id, r.message)
            })
            .collect()
    }
}

fn command_error(message: &str) -> ApplyError {
    ApplyError { kind: "CommandError".into(), message: message.to_string() }
}

/// One of Alembic's commands.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `upgrade TARGET` (`head`, an id or prefix, `+N`).
    Upgrade(String),
    /// `downgrade TARGET` (`base`, an id or prefix, `-N`).
    Downgrade(String),
    /// `upgrade --sql [FROM:]TO`: the script, nothing run.
    UpgradeSql(String),
    /// `downgrade --sql FROM:TO`.
    DowngradeSql(String),
    /// `current`.
    Current,
    /// `history --indicate-current`.
    History,
    /// `stamp TARGET`: write the version without running anything.
    Stamp(String),
}

/// What a command did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommandReport {
    /// Statements sent, reflection excluded (none for `--sql`).
    pub sql: Vec<String>,
    /// What the command prints (`current`, `history`, the `--sql` script).
    pub output: String,
    /// The exception that stopped it; revisions before the failing one stay applied.
    pub error: Option<ApplyError>,
    /// The revision the database is at afterwards (`None` = base).
    pub current: Option<String>,
}

fn has_version_table(engine: &mut dyn Engine) -> bool {
    engine
        .execute("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='alembic_version'", &[])
        .ok()
        .and_then(|r| r.rows.into_iter().next())
        .is_some_and(|row| matches!(row.first(), Some(Value::Integer(n)) if *n > 0))
}

fn literal(version: &str) -> String {
    format!("'{}'", version.replace('\'', "''"))
}

/// `HeadMaintainer`: the statement that moves the version row from `from` to `to`.
fn version_statement(from: Option<&str>, to: Option<&str>) -> Option<String> {
    match (from, to) {
        (None, Some(to)) => Some(format!("INSERT INTO alembic_version (version_num) VALUES ({}) RETURNING version_num", literal(to))),
        (Some(from), Some(to)) => Some(format!("UPDATE alembic_version SET version_num={} WHERE alembic_version.version_num = {}", literal(to), literal(from))),
        (Some(from), None) => Some(format!("DELETE FROM alembic_version WHERE alembic_version.version_num = {}", literal(from))),
        (None, None) => None,
    }
}

/// `get_current_heads`: the SELECT is sent only when the table exists.
fn read_current(conn: &mut Conn<'_>) -> Result<Option<String>, ApplyError> {
    if !has_version_table(conn.engine()) {
        return Ok(None);
    }
    let rows = conn.query(SELECT_VERSION)?;
    Ok(rows.into_iter().next().and_then(|row| match row.into_iter().next() {
        Some(Value::Text(id)) => Some(id),
        _ => None,
    }))
}

/// Runs `command` on `engine` against `chain`.
pub fn run(engine: &mut dyn Engine, chain: &Chain, command: &Command) -> CommandReport {
    let offline = matches!(command, Command::UpgradeSql(_) | Command::DowngradeSql(_));
    let mut conn = Conn::new(engine, offline);
    let mut report = CommandReport::default();
    let result = match command {
        Command::UpgradeSql(range) | Command::DowngradeSql(range) => offline_script(&mut conn, chain, range, matches!(command, Command::UpgradeSql(_))),
        _ => online(&mut conn, chain, command, &mut report),
    };
    report.error = result.err();
    conn.finish(report.error.is_some());
    let (sql, output) = conn.into_parts();
    if offline {
        // Nothing reaches the database; the statements are in the script.
        report.output = output;
    } else {
        report.sql = sql;
        report.current = current_version(engine);
    }
    report
}

/// The revision the database is at (`None` = base or no `alembic_version`), read without
/// recording a statement.
pub fn current_version(engine: &mut dyn Engine) -> Option<String> {
    if !has_version_table(engine) {
        return None;
    }
    let rows = engine.execute("SELECT version_num FROM alembic_version", &[]).ok()?.rows;
    match rows.into_iter().next()?.into_iter().next()? {
        Value::Text(id) => Some(id),
        _ => None,
    }
}

fn online(conn: &mut Conn<'_>, chain: &Chain, command: &Command, report: &mut CommandReport) -> Result<(), ApplyError> {
    let current_id = read_current(conn)?;
    let current = match &current_id {
        Some(id) => chain.position(id).map(|p| p + 1).ok_or_else(|| command_error(&format!("Can't locate revision identified by '{id}'")))?,
        None => 0,
    };
    if let Command::Current = command {
        if let Some(id) = &current_id {
            let head = if chain.head() == Some(id.as_str()) { " (head)" } else { "" };
            report.output = format!("{id}{head}\n");
        }
        return Ok(());
    }
    if current_id.is_none() && !has_version_table(conn.engine()) {
        conn.run(CREATE_VERSION_TABLE.to_string())?;
    }
    match command {
        Command::History => {
            report.output = chain.history_lines(current_id.as_deref()).iter().map(|l| format!("{l}\n")).collect();
            Ok(())
        }
        Command::Stamp(target) => {
            let goal = chain.target(target, current)?;
            let to = goal.checked_sub(1).map(|i| chain.revisions[i].id.as_str());
            if let Some(sql) = version_statement(current_id.as_deref(), to).filter(|_| goal != current) {
                conn.run(sql)?;
            }
            Ok(())
        }
        Command::Upgrade(target) => {
            // An upgrade to a revision already passed does nothing, as in Alembic.
            let goal = chain.target(target, current)?;
            for step in current..goal {
                let revision = &chain.revisions[step];
                conn.apply_ops(&revision.upgrade)?;
                if let Some(sql) = version_statement(revision.down_revision.as_deref(), Some(&revision.id)) {
                    conn.run(sql)?;
                }
                conn.finish(false);
            }
            Ok(())
        }
        Command::Downgrade(target) => {
            let goal = chain.target(target, current)?;
            if goal > current {
                return Err(command_error(&format!("Destination {target} is not a valid downgrade target from current head(s)")));
            }
            for step in (goal..current).rev() {
                let revision = &chain.revisions[step];
                conn.apply_ops(&revision.downgrade)?;
                if let Some(sql) = version_statement(Some(&revision.id), revision.down_revision.as_deref()) {
                    conn.run(sql)?;
                }
                conn.finish(false);
            }
            Ok(())
        }
        Command::Current | Command::UpgradeSql(_) | Command::DowngradeSql(_) => Ok(()),
    }
}

/// `--sql`: `FROM:TO` (or just `TO` from the base for an upgrade), written, never run.
fn offline_script(conn: &mut Conn<'_>, chain: &Chain, range: &str, upgrade: bool) -> Result<(), ApplyError> {
    let (from, to) = match range.split_once(':') {
        Some((from, to)) => (chain.target(if from.is_empty() { "base" } else { from }, 0)?, to),
        None if upgrade => (0, range),
        None => return Err(command_error("downgrade with --sql requires <fromrev>:<torev>")),
    };
    let goal = chain.target(to, from)?;
    if upgrade {
        if from == 0 {
            conn.run(CREATE_VERSION_TABLE.to_string())?;
        }
        for step in from..goal {
            let revision = &chain.revisions[step];
            conn.comment(&format!("Running upgrade {} -> {}", revision.down_revision.as_deref().unwrap_or(""), revision.id));
            conn.apply_ops(&revision.upgrade)?;
            if let Some(sql) = version_statement(revision.down_revision.as_deref(), Some(&revision.id)) {
                conn.run(sql)?;
            }
        }
    } else {
        for step in (goal..from).rev() {
            let revision = &chain.revisions[step];
            conn.comment(&format!("Running downgrade {} -> {}", revision.id, revision.down_revision.as_deref().unwrap_or("")));
            conn.apply_ops(&revision.downgrade)?;
            if let Some(sql) = version_statement(Some(&revision.id), revision.down_revision.as_deref()) {
                conn.run(sql)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revision(id: &str, down: Option<&str>) -> Revision {
        Revision { id: id.into(), down_revision: down.map(str::to_string), message: format!("m {id}"), upgrade: Vec::new(), downgrade: Vec::new() }
    }

    #[test]
    fn links_in_any_order_and_refuses_branches_and_gaps() {
        let chain = Chain::link(vec![revision("b2", Some("a1")), revision("a1", None)]).expect("links");
        assert_eq!(chain.revisions.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a1", "b2"]);
        assert!(Chain::link(vec![revision("a1", None), revision("b2", Some("a1")), revision("c3", Some("a1"))]).is_err());
        assert!(Chain::link(vec![revision("a1", None), revision("c3", Some("zz"))]).is_err());
    }

    #[test]
    fn resolves_targets_like_alembic() {
        let chain = Chain::link(vec![revision("a1", None), revision("b2", Some("a1")), revision("b3", Some("b2"))]).expect("links");
        assert_eq!(chain.target("head", 0), Ok(3));
        assert_eq!(chain.target("base", 2), Ok(0));
        assert_eq!(chain.target("a", 0), Ok(1));
        assert_eq!(chain.target("+2", 1), Ok(3));
        assert_eq!(chain.target("-1", 1), Ok(0));
        assert!(chain.target("b", 0).is_err_and(|e| e.message == "Can't locate revision identified by 'b'"));
        assert!(chain.target("+9223372036854775807", 3).is_err());
        assert!(chain.target("-9223372036854775807", 3).is_err());
        assert_eq!(chain.history_lines(Some("b2")), ["b2 -> b3 (head), m b3", "a1 -> b2 (current), m b2", "<base> -> a1, m a1"]);
    }
}
