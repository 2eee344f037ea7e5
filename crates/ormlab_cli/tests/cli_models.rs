//! `ormlab schema` and `ormlab run` through the binary.

use std::path::PathBuf;
use std::process::Command;

const BLOG: &str = r#"from datetime import datetime
from sqlalchemy.orm import Mapped, mapped_column, relationship


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(db.String(120), unique=True, index=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author")


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    created_at = db.Column(db.DateTime, default=datetime.utcnow)
    author = db.relationship("User", back_populates="posts")
"#;

fn write(dir: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ormlab-cli-models-{dir}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn ormlab(args: &[&str]) -> (serde_json::Value, bool) {
    let output = Command::new(env!("CARGO_BIN_EXE_ormlab")).args(args).output().expect("run ormlab");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    (serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")), output.status.success())
}

#[test]
fn schema_json_has_ddl_tables_and_relationships() {
    let models = write("schema", "models.py", BLOG);
    let (out, ok) = ormlab(&["schema", "--models", models.to_str().expect("path"), "--json"]);
    assert!(ok, "{out}");
    let ddl: Vec<&str> = out["ddl"].as_array().expect("ddl").iter().filter_map(|s| s.as_str()).collect();
    assert_eq!(ddl.first(), Some(&"PRAGMA main.table_info(\"users\")"));
    assert!(ddl.contains(&"\nCREATE TABLE post (\n\tid INTEGER NOT NULL, \n\tuser_id INTEGER NOT NULL, \n\tcreated_at DATETIME, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE\n)\n\n"));
    assert!(ddl.contains(&"CREATE UNIQUE INDEX ix_users_email ON users (email)"));
    let tables = out["schema"]["tables"].as_array().expect("tables");
    assert_eq!(tables.len(), 2);
    let kinds: Vec<(&str, &str)> = out["schema"]["relationships"]
        .as_array()
        .expect("relationships")
        .iter()
        .map(|r| (r["name"].as_str().unwrap_or(""), r["kind"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(kinds, vec![("posts", "one-to-many"), ("author", "many-to-one")]);
    assert_eq!(out["diagnostics"], serde_json::json!([]));
    assert!(out["error"].is_null());
}

#[test]
fn schema_json_reports_diagnostics_with_positions() {
    let models = write("diag", "models.py", "import flask\n");
    let (out, ok) = ormlab(&["schema", "--models", models.to_str().expect("path"), "--json"]);
    assert!(!ok);
    assert_eq!(
        out["diagnostics"],
        serde_json::json!([{"severity": "error", "message": "not supported in ormlab yet: importing flask", "line": 1, "column": 8}])
    );
}

#[test]
fn run_prints_the_fidelity_contract() {
    let models = write("run", "models.py", BLOG);
    let empty = write("run", "empty.py", "");
    let script = write("run", "script.py", "print(User.query.count())\n");
    let (out, ok) = ormlab(&["run", "--models", models.to_str().expect("path"), "--script", empty.to_str().expect("path"), "--json"]);
    assert!(ok);
    assert_eq!(out["stdout"], "");
    assert_eq!(out["statements"], serde_json::json!([]));
    assert_eq!(out["query_count"], 0);
    assert!(out["error"].is_null());
    assert_eq!(out["ddl"].as_array().map(Vec::len), Some(7));

    let (out, _) = ormlab(&["run", "--models", models.to_str().expect("path"), "--script", script.to_str().expect("path"), "--json"]);
    // Scripts run now (issue 4): the count query goes through.
    assert!(out["error"].is_null(), "{}", out["error"]);
    assert_eq!(out["stdout"], "0\n");
    assert_eq!(out["ddl"].as_array().map(Vec::len), Some(7));

    let broken = write("run", "broken.py", "class User(db.Model):\n    name = db.Column(db.String(10))\n");
    let (out, _) = ormlab(&["run", "--models", broken.to_str().expect("path"), "--script", script.to_str().expect("path"), "--json"]);
    assert_eq!(
        out["error"],
        serde_json::json!({"type": "ArgumentError", "message": "Mapper Mapper[User(user)] could not assemble any primary key columns for mapped table 'user'"})
    );
    assert_eq!(out["ddl"], serde_json::json!([]));
}
