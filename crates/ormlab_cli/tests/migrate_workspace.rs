//! The Migrations tab's actions (`migrate::workspace::act`) on rusqlite, the way the worker
//! runs them on sql.js: the console database, revisions kept by the page, the applied SQL
//! joining the console history, and a failed upgrade restored with what Alembic would leave.

use ormlab_cli::native_engine::NativeEngine;
use ormlab_core::api::{MigrationAction, MigrationReport};
use ormlab_core::console::ConsoleDb;
use ormlab_core::engine::Value;
use ormlab_core::migrate::workspace::act;

const V1: &str = "class User(db.Model):\n    __tablename__ = \"users\"\n    id = db.Column(db.Integer, primary_key=True)\n    name = db.Column(db.String(80))\n";
const V2: &str = "class User(db.Model):\n    __tablename__ = \"users\"\n    id = db.Column(db.Integer, primary_key=True)\n    name = db.Column(db.String(80))\n    bio = db.Column(db.Text)\n";
const V3: &str = "class User(db.Model):\n    __tablename__ = \"users\"\n    id = db.Column(db.Integer, primary_key=True)\n    name = db.Column(db.String(80), nullable=False)\n    bio = db.Column(db.Text)\n";

struct Page {
    db: ConsoleDb<NativeEngine>,
    history: Vec<String>,
    revisions: Vec<String>,
}

fn fresh() -> NativeEngine {
    NativeEngine::open_in_memory().expect("engine")
}

impl Page {
    fn new() -> Self {
        Self { db: ConsoleDb::new(fresh()), history: Vec::new(), revisions: Vec::new() }
    }

    /// What the page does with a report: keep a new revision, extend the history.
    fn act(&mut self, models: &str, action: MigrationAction) -> MigrationReport {
        let report = act(&mut self.db, &self.history, models, &self.revisions, &action, &fresh, &|| 0.0);
        if let Some(file) = &report.revision_file {
            self.revisions.push(file.clone());
        }
        if let Some(script) = &report.applied_script {
            self.history.push(script.clone());
        }
        report
    }

    fn sql(&mut self, sql: &str) {
        self.db.run(&self.history, sql, fresh, &|| 0.0);
        self.history.push(sql.to_string());
    }
}

fn table<'a>(report: &'a MigrationReport, name: &str) -> Option<&'a ormlab_core::api::TableRows> {
    report.tables.iter().find(|t| t.table == name)
}

#[test]
fn add_a_column_keeps_the_rows_and_downgrade_removes_it() {
    let mut page = Page::new();
    let first = page.act(V1, MigrationAction::Autogenerate("create users".into()));
    assert!(first.revision_file.as_deref().is_some_and(|f| f.contains("op.create_table('users',")), "{first:?}");
    let up = page.act(V1, MigrationAction::Upgrade("head".into()));
    assert_eq!(up.error, None);
    assert!(up.timeline[0].current && up.timeline[0].head);
    page.sql("INSERT INTO users (name) VALUES ('ada');");
    let second = page.act(V2, MigrationAction::Autogenerate("add bio".into()));
    assert!(second.revision_file.as_deref().is_some_and(|f| f.contains("batch_op.add_column(sa.Column('bio', sa.Text(), nullable=True))")));
    let up = page.act(V2, MigrationAction::Upgrade("head".into()));
    let users = table(&up, "users").expect("users");
    assert_eq!(users.columns, ["id", "name", "bio"]);
    assert_eq!(users.rows, vec![vec![Value::Integer(1), Value::Text("ada".into()), Value::Null]]);
    assert_eq!(up.timeline.iter().map(|e| e.current).collect::<Vec<_>>(), [false, true]);
    let down = page.act(V2, MigrationAction::Downgrade("-1".into()));
    let users = table(&down, "users").expect("users");
    assert_eq!(users.columns, ["id", "name"]);
    assert_eq!(users.rows, vec![vec![Value::Integer(1), Value::Text("ada".into())]]);
    // A fresh worker replaying the history gets the same database.
    let mut replayed = Page { db: ConsoleDb::new(fresh()), history: page.history.clone(), revisions: page.revisions.clone() };
    let again = replayed.act(V2, MigrationAction::Refresh);
    assert_eq!(again.tables, down.tables);
    assert_eq!(again.timeline, down.timeline);
}

#[test]
fn a_failed_upgrade_is_restored_and_shows_what_alembic_leaves() {
    let mut page = Page::new();
    page.act(V1, MigrationAction::Autogenerate("create users".into()));
    page.act(V1, MigrationAction::Upgrade("head".into()));
    page.sql("INSERT INTO users (name) VALUES (NULL);");
    page.act(V3, MigrationAction::Autogenerate("name required".into()));
    let history_before = page.history.len();
    let failed = page.act(V3, MigrationAction::Upgrade("head".into()));
    assert_eq!(failed.error.as_ref().map(|e| e.kind.as_str()), Some("IntegrityError"), "{failed:?}");
    assert!(failed.explanation.as_deref().is_some_and(|e| e.contains("NULL") && e.contains("put the database back")), "{:?}", failed.explanation);
    let left: Vec<&str> = failed.left_behind.as_ref().expect("left behind").iter().map(|t| t.table.as_str()).collect();
    assert!(left.contains(&"_alembic_tmp_users"), "{left:?}");
    let now: Vec<&str> = failed.tables.iter().map(|t| t.table.as_str()).collect();
    assert_eq!(now, ["alembic_version", "users"]);
    assert_eq!(page.history.len(), history_before, "a failed upgrade adds nothing to the history");
    assert!(failed.timeline[0].current && !failed.timeline[1].current);
}

#[test]
fn an_edited_revision_with_an_error_is_located() {
    let mut page = Page::new();
    page.act(V1, MigrationAction::Autogenerate("create users".into()));
    page.revisions[0] = page.revisions[0].replace("op.create_table(", "op.create_tabel(");
    let report = page.act(V1, MigrationAction::Upgrade("head".into()));
    let problem = report.problem.expect("a located problem");
    assert_eq!((problem.file, problem.line, problem.column), (Some(0), 21, 5));
    assert!(problem.message.contains("op.create_tabel()"), "{}", problem.message);
}

#[test]
fn a_possible_rename_applied_as_the_suggested_edit_keeps_the_values() {
    const OLD: &str = "class City(db.Model):\n    __tablename__ = \"cities\"\n    id = db.Column(db.Integer, primary_key=True)\n    nm = db.Column(db.String(60), nullable=False)\n";
    let new = OLD.replace("nm = db.Column(db.String(60), nullable=False)", "name = db.Column(db.String(60))");
    let mut page = Page::new();
    page.act(OLD, MigrationAction::Autogenerate("cities".into()));
    page.act(OLD, MigrationAction::Upgrade("head".into()));
    page.sql("INSERT INTO cities (nm) VALUES ('Oslo');");
    let made = page.act(&new, MigrationAction::Autogenerate("rename".into()));
    let rename = made.warnings.iter().find(|w| w.kind == "possible_rename").expect("a rename warning");
    assert!(made.warnings.iter().any(|w| w.kind == "drop_column" && w.destroys == 1), "{:?}", made.warnings);
    let edited = ormlab_core::migrate::warnings::apply_rename(&page.revisions[1], rename).expect("the pair is there");
    assert!(edited.contains("batch_op.alter_column('nm', new_column_name='name', existing_type=sa.VARCHAR(length=60), nullable=True)"), "{edited}");
    assert!(edited.contains("batch_op.alter_column('name', new_column_name='nm', existing_type=sa.VARCHAR(length=60), nullable=False)"), "{edited}");
    assert!(!edited.contains("drop_column"), "{edited}");
    page.revisions[1] = edited;
    let up = page.act(&new, MigrationAction::Upgrade("head".into()));
    assert_eq!(up.error, None, "{up:?}");
    let cities = table(&up, "cities").expect("cities");
    assert_eq!(cities.columns, ["id", "name"]);
    assert_eq!(cities.rows, vec![vec![Value::Integer(1), Value::Text("Oslo".into())]]);
    let down = page.act(&new, MigrationAction::Downgrade("-1".into()));
    let cities = table(&down, "cities").expect("cities");
    assert_eq!(cities.columns, ["id", "nm"]);
    assert_eq!(cities.rows, vec![vec![Value::Integer(1), Value::Text("Oslo".into())]]);
}
