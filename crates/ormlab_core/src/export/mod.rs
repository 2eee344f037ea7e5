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
        ExportKind::Migrations => return Some(ExportedFile { name: "migrations.zip".into(), mime: "application/zip".into(), bytes: migrations_zip(&workspace.revisions) }),
        ExportKind::Database => return None,
    };
    Some(ExportedFile { name: name.into(), mime: mime.into(), bytes: text.into_bytes() })
}

/// The name Alembic gives a revision file: `%(rev)s_%(slug)s.py`, the slug the message's
/// words joined by `_`, lower-cased, cut at a word boundary beyond 40 characters.
pub fn revision_file_name(id: &str, message: &str) -> String {
    let words: Vec<&str> = message.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
    let mut slug = words.join("_").to_lowercase();
    if slug.chars().count() > 40 {
        let cut: String = slug.chars().take(40).collect();
        slug = format!("{}_", cut.rsplit_once('_').map_or(cut.as_str(), |(head, _)| head));
    }
    format!("{id}_{slug}.py")
}

/// The revision files as `migrations/versions/<rev>_<slug>.py` in a zip (stored: they are
/// small, and the crate builds without a compressor). A file that does not parse keeps its
/// place as `revision_<n>.py`.
pub fn migrations_zip(revisions: &[String]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (index, text) in revisions.iter().enumerate() {
        let name = match crate::migrate::script::parse_revision(text) {
            Ok(revision) => revision_file_name(&revision.id, &revision.message),
            Err(_) => format!("revision_{}.py", index + 1),
        };
        // Writing to memory cannot fail; a failure would only drop the file.
        if writer.start_file(format!("migrations/versions/{name}"), options).is_ok() {
            let _ = std::io::Write::write_all(&mut writer, text.as_bytes());
        }
    }
    writer.finish().map(|cursor| cursor.into_inner()).unwrap_or_default()
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
    fn export_revision_file_names_follow_alembic() {
        assert_eq!(revision_file_name("0a1b2c3d4e5f", "add bio to users"), "0a1b2c3d4e5f_add_bio_to_users.py");
        assert_eq!(revision_file_name("ab", "Add e-mail, again!"), "ab_add_e_mail_again.py");
        assert_eq!(revision_file_name("ab", "create the users table and the posts table too"), "ab_create_the_users_table_and_the_posts_.py");
    }

    #[test]
    fn export_migrations_zip_holds_each_revision_file() {
        let first = "\"\"\"create users\n\nRevision ID: aaa\n\"\"\"\nrevision = 'aaa'\ndown_revision = None\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n";
        let bytes = migrations_zip(&[first.to_string(), "not python (".to_string()]);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = archive.file_names().map(str::to_string).collect();
        assert_eq!(names.len(), 2);
        assert!(names.contains(&"migrations/versions/aaa_create_users.py".to_string()), "{names:?}");
        assert!(names.contains(&"migrations/versions/revision_2.py".to_string()), "{names:?}");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("migrations/versions/aaa_create_users.py").unwrap(), &mut text).unwrap();
        assert_eq!(text, first);
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
