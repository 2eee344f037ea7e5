//! The workspace file: what "Download workspace file" saves and the page imports, for a
//! workspace too large for a link. It is JSON a person can read:
//! `{"format": "ormlab-workspace", "version": 2, "workspace": {…v2 payload…}}`. A file is as
//! hostile as a link: it is size-bounded and validated the same way, only with larger limits.
//! Files saved before the format existed (a bare `{models, script, console}`) read as v1.

use super::{v1, v2, validate_with, Limits, ShareError};
use crate::api::Workspace;
use serde::{Deserialize, Serialize};

/// The largest workspace file [`from_file`] reads, in bytes.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
const FORMAT: &str = "ormlab-workspace";
const FILE_LIMITS: Limits = Limits { text_bytes: 8 * 1024 * 1024, console_scripts: 10_000, revisions: 1_000 };

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u32,
    workspace: v2::Payload,
}

#[derive(Deserialize)]
struct FileIn {
    format: String,
    version: u32,
    workspace: serde_json::Value,
}

/// The workspace as the text of a workspace file (indented JSON).
pub fn to_file(workspace: &Workspace) -> String {
    let file = FileOut { format: FORMAT, version: 2, workspace: v2::Payload::from(workspace) };
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

/// Reads a workspace file, refusing what is too large, not one, or of a newer version.
pub fn from_file(text: &str) -> Result<Workspace, ShareError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ShareError::BadWorkspace(format!("the file is {} MB; the limit is {} MB", text.len() >> 20, MAX_FILE_BYTES >> 20)));
    }
    let located = |e: serde_json::Error| ShareError::BadWorkspace(format!("{} at line {}, column {}", e, e.line(), e.column()));
    let value: serde_json::Value = serde_json::from_str(text).map_err(located)?;
    let workspace: Workspace = if value.get("format").is_some() {
        let file: FileIn = serde_json::from_value(value).map_err(|e| ShareError::BadWorkspace(e.to_string()))?;
        if file.format != FORMAT {
            return Err(ShareError::BadWorkspace(format!("the file's format is {:?}, not {FORMAT:?}", file.format)));
        }
        match file.version {
            2 => serde_json::from_value::<v2::Payload>(file.workspace).map_err(|e| ShareError::BadWorkspace(e.to_string()))?.into(),
            v => return Err(ShareError::UnknownVersion(format!("v{v}"))),
        }
    } else {
        serde_json::from_value::<v1::Payload>(value).map_err(|e| ShareError::BadWorkspace(e.to_string()))?.into()
    };
    validate_with(&workspace, &FILE_LIMITS)?;
    Ok(workspace)
}
