//! The models pipeline reports problems as located data: syntax errors from ruff, constructs
//! outside the subset by name, Python's own exceptions at their line, and never panics.

use ormlab_core::schema::{read_models, report::read_models_report};

#[test]
fn a_construct_outside_the_subset_is_named_at_its_line_and_column() {
    let source = "from sqlalchemy import Integer\n\nfor i in range(3):\n    pass\n\nclass User(db.Model):\n    id = db.Column(Integer, primary_key=True)\n    with open('x') as f:\n        pass\n";
    let outcome = read_models(source);
    let messages: Vec<(u32, u32, &str)> = outcome.diagnostics.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
    assert_eq!(
        messages,
        vec![
            (3, 1, "not supported in ormlab yet: for loop"),
            (8, 5, "not supported in ormlab yet: with statement in a class body"),
        ]
    );
    // The rest of the models still maps.
    assert!(outcome.ddl.iter().any(|s| s.contains("CREATE TABLE user")));
}

#[test]
fn an_unknown_import_is_named() {
    let outcome = read_models("from werkzeug.security import generate_password_hash\n");
    let first = outcome.diagnostics.first().expect("a diagnostic");
    assert_eq!((first.line, first.column), (1, 1));
    assert_eq!(first.message, "not supported in ormlab yet: importing werkzeug.security");
}

#[test]
fn a_syntax_error_is_ruffs_message_at_its_position_and_all_errors_are_reported() {
    let source = "class User(db.Model):\n    id = db.Column(db.Integer primary_key=True)\n\nx = (\n";
    let report = read_models_report(source);
    let error = report.error.expect("a syntax error");
    assert_eq!(error.kind, "SyntaxError");
    assert_eq!(error.line, Some(2));
    assert!(report.diagnostics.len() >= 2, "ruff recovers and reports every error: {:?}", report.diagnostics);
    let first = report.diagnostics.first().expect("diagnostic");
    assert_eq!((first.line, first.column), (2, 31));
    assert_eq!(first.message, "Expected `,`, found name");
    assert!(report.ddl.is_empty());
}

#[test]
fn python_exceptions_stop_the_import_at_their_line() {
    let outcome = read_models("\n\nclass User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    name = Strin(80)\n");
    let error = outcome.error.expect("NameError");
    assert_eq!((error.kind.as_str(), error.message.as_str(), error.line), ("NameError", "name 'Strin' is not defined", Some(5)));
    // Flask-SQLAlchemy's `__getattr__` raises AttributeError(name) for what neither it,
    // sqlalchemy nor sqlalchemy.orm has.
    let outcome = read_models("\n\nclass User(db.Model):\n    id = db.Column(db.Intger, primary_key=True)\n    name = Strin(80)\n");
    let error = outcome.error.expect("AttributeError");
    assert_eq!((error.kind.as_str(), error.message.as_str(), error.line), ("AttributeError", "Intger", Some(4)));
}

#[test]
fn deep_nesting_and_garbage_are_refused_without_panicking() {
    let deep = format!("x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000));
    let outcome = read_models(&deep);
    assert!(outcome.diagnostics.first().is_some_and(|d| d.message.contains("nested deeper")));
    let unary = format!("x = {}1\n", "-".repeat(100_000));
    assert!(!read_models(&unary).diagnostics.is_empty());
    for garbage in ["\u{0}\u{feff}class", "class X(db.Model):\n\t\t  id=", "'''", "\\N{BULLET}", "é = 1\nclass É(db.Model): pass", "db.Model.x.y.z()"] {
        let _ = read_models_report(garbage);
    }
}

#[test]
fn relationship_errors_use_sqlalchemys_words() {
    let source = "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    posts = db.relationship('Post')\n\nclass Post(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n";
    let error = read_models(source).error.expect("NoForeignKeysError");
    assert_eq!(error.kind, "NoForeignKeysError");
    assert!(error.message.starts_with("Could not determine join condition between parent/child tables on relationship User.posts"));
    assert_eq!(error.line, None);
}

#[test]
fn a_base_not_given_to_db_maps_but_create_all_skips_it_with_a_warning() {
    let source = "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\nclass Base(DeclarativeBase):\n    pass\n\nclass User(Base):\n    __tablename__ = \"users\"\n    id: Mapped[int] = mapped_column(primary_key=True)\n";
    let outcome = read_models(source);
    assert!(outcome.ddl.is_empty(), "db.create_all() only creates db's metadata: {:?}", outcome.ddl);
    assert!(outcome.schema.table("users").is_some(), "the class is still mapped (diagram)");
    let warning = outcome.diagnostics.iter().find(|d| d.severity == ormlab_core::diag::Severity::Warning).expect("a warning");
    assert_eq!(warning.line, 6);
    assert!(warning.message.contains("model_class="), "{}", warning.message);
    let given = source.replace("class User(Base)", "db = SQLAlchemy(model_class=Base)\n\nclass User(Base)").replace("from sqlalchemy.orm", "from flask_sqlalchemy import SQLAlchemy\nfrom sqlalchemy.orm");
    let outcome = read_models(&given);
    assert!(outcome.ddl.iter().any(|s| s.contains("CREATE TABLE users")), "{:?} {:?}", outcome.ddl, outcome.diagnostics);
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
}

#[test]
fn a_misspelt_library_name_raises_what_python_raises() {
    let outcome = read_models("from sqlalchemy import Strin\n");
    let error = outcome.error.expect("ImportError");
    assert_eq!((error.kind.as_str(), error.message.as_str(), error.line), ("ImportError", "cannot import name 'Strin' from 'sqlalchemy'", Some(1)));
    let outcome = read_models("from sqlalchemy.orm import mapped_colum\n");
    assert_eq!(outcome.error.map(|e| e.kind), Some("ImportError".to_string()));
    let outcome = read_models("from sqlalchemy import orm, String\nfrom sqlalchemy.orm import Mapped\nx = orm.relationship\n");
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
}
