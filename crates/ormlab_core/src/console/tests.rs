use super::*;
use crate::api::Position;

fn texts(script: &str) -> Vec<String> {
    split_statements(script).into_iter().map(|s| s.text).collect()
}

#[test]
fn console_split_ignores_semicolons_in_strings_identifiers_and_comments() {
    let script = "SELECT 'a;b', \"c;d\", [e;f], `g;h`; -- x; y\nSELECT 2 /* ; */;";
    assert_eq!(texts(script), ["SELECT 'a;b', \"c;d\", [e;f], `g;h`", "SELECT 2 /* ; */"]);
}

#[test]
fn console_split_handles_doubled_quotes_and_missing_final_semicolon() {
    assert_eq!(texts("SELECT 'it''s;'; SELECT 3"), ["SELECT 'it''s;'", "SELECT 3"]);
}

#[test]
fn console_split_keeps_trigger_bodies_whole() {
    let script = "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = CASE WHEN 1 THEN 2 END;\n  DELETE FROM b;\nEND;\nSELECT 1;";
    let got = texts(script);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].ends_with("DELETE FROM b;\nEND"));
    assert_eq!(got[1], "SELECT 1");
}

#[test]
fn console_split_drops_empty_statements_and_reports_positions() {
    let got = split_statements(";;\n  -- only a comment;\n\n   SELECT 1;\n  SELECT 'é'; SELECT 2");
    let positions: Vec<Position> = got.iter().map(|s| s.position).collect();
    assert_eq!(texts(";;\n  -- c\n"), Vec::<String>::new());
    assert_eq!(
        positions,
        [Position { line: 4, column: 4 }, Position { line: 5, column: 3 }, Position { line: 5, column: 15 }]
    );
}

#[test]
fn console_split_unterminated_string_runs_to_the_end() {
    assert_eq!(texts("SELECT 'abc; SELECT 1"), ["SELECT 'abc; SELECT 1"]);
}

/// An engine that only records what it was asked to run; `FAIL` statements fail.
struct Recorder {
    log: Vec<String>,
    opened: usize,
}

impl crate::engine::Engine for Recorder {
    fn execute(&mut self, sql: &str, _: &[crate::engine::Value]) -> Result<crate::engine::ExecResult, crate::engine::EngineError> {
        self.log.push(sql.to_string());
        if sql.starts_with("FAIL") {
            Err(crate::engine::EngineError::new("boom"))
        } else {
            Ok(crate::engine::ExecResult::default())
        }
    }
}

#[test]
fn console_run_script_stops_at_the_first_error_and_counts_the_rest() {
    let mut engine = Recorder { log: vec![], opened: 1 };
    let report = run_script(&mut engine, "A; FAIL; B; C", &|| 0.0);
    assert_eq!(engine.log, ["A", "FAIL"]);
    assert_eq!(report.statements[1].outcome, Err("boom".to_string()));
    assert_eq!(report.not_run, 2);
}

#[test]
fn console_db_replays_only_what_a_fresh_worker_lacks() {
    let mut db = ConsoleDb::new(Recorder { log: vec![], opened: 1 });
    db.run(&[], "A", || unreachable!(), &|| 0.0);
    db.run(&["A".to_string()], "B", || unreachable!(), &|| 0.0);
    assert_eq!(db.engine().log, ["A", "B"]);
    // A history this database never saw (another tab, an undo): rebuild from scratch.
    let history = ["A".to_string(), "X".to_string()];
    db.run(&history, "C", || Recorder { log: vec![], opened: 2 }, &|| 0.0);
    assert_eq!(db.engine().opened, 2);
    assert_eq!(db.engine().log, ["A", "X", "C"]);
}
