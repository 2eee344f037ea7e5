//! Files made from a workspace for download (the top bar's Export menu); the database file
//! itself is the engine's business and is made by the worker.

use crate::api::{ExportKind, ExportedFile, Workspace};

const MODELS_HEADER: &str = "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n";

/// The models as a module a Flask app can import: the playground provides `db` itself, a
/// file needs it defined, so it is added unless the models define it.
pub fn models_py(models: &str) -> String {
    let defines_db = models.lines().any(|line| line.trim_start() == line && line.split('=').next().is_some_and(|name| name.trim() == "db") && line.contains('='));
    let mut text = if defines_db { String::new() } else { MODELS_HEADER.to_string() };
    text.push_str(models);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// The file for one of the kinds the core can make alone (everything but the database).
pub fn file(kind: ExportKind, workspace: &Workspace) -> Option<ExportedFile> {
    let (name, mime, text) = match kind {
        ExportKind::WorkspaceFile => ("workspace.ormlab.json", "application/json", crate::share::to_file(workspace)),
        ExportKind::ModelsPy => ("models.py", "text/x-python", models_py(&workspace.models)),
        ExportKind::Database => return None,
    };
    Some(ExportedFile { name: name.into(), mime: mime.into(), bytes: text.into_bytes() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_models_py_defines_db_once() {
        let models = "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)";
        assert_eq!(models_py(models), format!("{MODELS_HEADER}{models}\n"));
        let own = "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n";
        assert_eq!(models_py(own), own);
        // `db.Model` inside a class is not a definition of `db`.
        assert!(models_py("x = db.Column\n").starts_with(MODELS_HEADER));
    }

    #[test]
    fn export_workspace_file_reads_back() {
        let workspace = Workspace { models: "m".into(), script: "s".into(), ..Workspace::default() };
        let file = file(ExportKind::WorkspaceFile, &workspace).unwrap();
        assert_eq!(file.name, "workspace.ormlab.json");
        assert_eq!(crate::share::from_file(std::str::from_utf8(&file.bytes).unwrap()).unwrap(), workspace);
        assert!(super::file(ExportKind::Database, &workspace).is_none());
    }
}
