//! `console::dump` on rusqlite: a database turned into a script and replayed gives back the
//! same schema, values and types (the page's .sqlite import relies on it).

use ormlab_cli::native_engine::NativeEngine;
use ormlab_core::console::{dump::dump, run_script};
use ormlab_core::engine::Engine;

const CONTENTS: &str = "SELECT type, name, sql FROM sqlite_master ORDER BY name";
const VALUES: &str = "SELECT id, n, x, t, b, typeof(x), typeof(n) FROM thing ORDER BY id";

#[test]
fn dump_replays_to_the_same_database() {
    let mut original = NativeEngine::open_in_memory().unwrap();
    let setup = "CREATE TABLE thing (id INTEGER PRIMARY KEY AUTOINCREMENT, n, x REAL, t TEXT, b BLOB);\n\
        CREATE INDEX ix_thing_t ON thing (t);\n\
        CREATE VIEW v AS SELECT t FROM thing;\n\
        INSERT INTO thing (n, x, t, b) VALUES (1.0, 2.5, 'it''s <b>', X'00FF'), (NULL, 1e300, NULL, NULL), (9223372036854775807, -0.0, '', X'');\n\
        DELETE FROM thing WHERE id = 2;";
    let report = run_script(&mut original, setup, &|| 0.0);
    assert!(report.statements.iter().all(|s| s.outcome.is_ok()), "{report:?}");
    let dumped = dump(&mut original).unwrap();
    assert_eq!(dumped.schema.len(), 3, "{:?}", dumped.schema);
    let mut copy = NativeEngine::open_in_memory().unwrap();
    let replay = run_script(&mut copy, &dumped.script, &|| 0.0);
    assert!(replay.statements.iter().all(|s| s.outcome.is_ok()), "{}\n{replay:?}", dumped.script);
    for query in [CONTENTS, VALUES, "SELECT seq FROM sqlite_sequence"] {
        assert_eq!(copy.execute(query, &[]).unwrap().rows, original.execute(query, &[]).unwrap().rows, "{query}");
    }
}
