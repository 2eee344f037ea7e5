//! The revision file `flask db migrate` writes (Flask-Migrate's `flask` template).
//!
//! Two things are deterministic where Alembic's are not: the create date is the frozen
//! clock (2026-01-01 00:00:00), and the revision id, which Alembic draws from `uuid4()`, is
//! the first 12 hex digits of a 64-bit FNV-1a hash of the parent revision, the message and
//! both bodies, so the same chain always gets the same ids (and a shared link reproduces it).

use crate::python::interp::repr::str_repr;

/// The frozen clock as `str(datetime.now())` prints it.
pub const CREATE_DATE: &str = "2026-01-01 00:00:00";

/// A 12-hex-digit revision id derived from the content and the parent.
pub fn revision_id(down_revision: Option<&str>, message: &str, upgrade: &str, downgrade: &str) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    // A first revision hashes exactly its content, so ids of single revisions stay as they were.
    let parent: Vec<u8> = down_revision.map(|d| d.bytes().chain([0]).collect()).unwrap_or_default();
    for byte in parent.into_iter().chain(message.bytes()).chain([0]).chain(upgrade.bytes()).chain([0]).chain(downgrade.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("{hash:016x}").chars().take(12).collect()
}

/// The whole file of a revision on top of `down_revision` (`None` for the first one).
pub fn revision_file(down_revision: Option<&str>, message: &str, upgrade: &str, downgrade: &str) -> String {
    let id = revision_id(down_revision, message, upgrade, downgrade);
    let imports = if upgrade.contains("sqlite.") || downgrade.contains("sqlite.") { "from sqlalchemy.dialects import sqlite" } else { "" };
    format!(
        "\"\"\"{message}\n\nRevision ID: {id}\nRevises: {}\nCreate Date: {CREATE_DATE}\n\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n{imports}\n\n# revision identifiers, used by Alembic.\nrevision = {}\ndown_revision = {}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    {upgrade}\n\n\ndef downgrade():\n    {downgrade}\n",
        down_revision.unwrap_or(""),
        str_repr(&id),
        down_revision.map_or_else(|| "None".to_string(), str_repr)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_content_derived() {
        assert_eq!(revision_id(None, "m", "a", "b"), revision_id(None, "m", "a", "b"));
        assert_ne!(revision_id(None, "m", "a", "b"), revision_id(None, "m", "a", "c"));
        assert_ne!(revision_id(None, "m", "a", "b"), revision_id(Some("x"), "m", "a", "b"));
        assert_eq!(revision_id(None, "m", "a", "b").len(), 12);
    }

    #[test]
    fn file_has_the_template_shape() {
        let file = revision_file(None, "empty message", "pass", "pass");
        assert!(file.starts_with("\"\"\"empty message\n\nRevision ID: "));
        assert!(file.contains("Create Date: 2026-01-01 00:00:00\n"));
        assert!(file.contains("\ndef upgrade():\n    pass\n"));
        let next = revision_file(Some("abc"), "m", "pass", "pass");
        assert!(next.contains("Revises: abc\n") && next.contains("down_revision = 'abc'\n"), "{next}");
        let parsed = super::super::script::parse_revision(&next).expect("a generated file reads back");
        assert_eq!((parsed.down_revision.as_deref(), parsed.message.as_str()), (Some("abc"), "m"));
    }
}
