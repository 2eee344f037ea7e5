//! The share codec: a whole workspace in a URL fragment, `v1.<base64url(deflate-raw(JSON))>`,
//! optionally followed by `&run` (open and run at once).
//!
//! Links are hostile input: every limit is checked before the work it bounds (the fragment's
//! length before decoding, the inflated size while inflating, each field after parsing), and
//! every failure is a [`ShareError`] that says in plain words what is wrong. Old versions keep
//! decoding forever: add `v2` beside `v1`, never change `v1`.

use crate::api::Workspace;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use std::fmt;

/// The longest fragment [`decode`] accepts, in characters.
pub const MAX_FRAGMENT_CHARS: usize = 64 * 1024;
/// The longest link [`encode`] makes; above this a workspace goes to a file instead, because
/// chat tools and issue trackers cut longer URLs.
pub const MAX_LINK_CHARS: usize = 16 * 1024;
/// The most bytes a fragment may inflate to (a decompression bomb stops here).
pub const MAX_DECODED_BYTES: usize = 1024 * 1024;
/// The longest models or script text a link may carry, in bytes.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;
/// The most console scripts a link may carry.
pub const MAX_CONSOLE_SCRIPTS: usize = 200;

const RUN_FLAG: &str = "&run";

/// A decoded link.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedLink {
    /// The workspace the link carries.
    pub workspace: Workspace,
    /// The author asked for the workspace to run as soon as it opens.
    pub run: bool,
}

/// Why a link could not be made or opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is not an ormlab link at all.
    NotALink,
    /// A format version this ormlab does not know (a newer ormlab made it).
    UnknownVersion(String),
    /// Longer than [`MAX_FRAGMENT_CHARS`] (decoding) or [`MAX_LINK_CHARS`] (encoding).
    TooLong {
        /// The length found.
        chars: usize,
        /// The limit.
        limit: usize,
    },
    /// Characters outside base64url, or a truncated end.
    BadEncoding(String),
    /// The compressed data is corrupt or expands beyond [`MAX_DECODED_BYTES`].
    BadCompression(String),
    /// The content is not a valid workspace.
    BadWorkspace(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotALink => f.write_str("This is not an ormlab link (it should start with #v1.)."),
            ShareError::UnknownVersion(v) => write!(f, "This link uses format {v}, which this version of ormlab cannot read; it was probably made by a newer ormlab."),
            ShareError::TooLong { chars, limit } => write!(f, "The link is {chars} characters long; the limit is {limit}. Share a workspace file instead."),
            ShareError::BadEncoding(why) => write!(f, "The link is damaged ({why}); it may have been cut off when copied."),
            ShareError::BadCompression(why) => write!(f, "The link is damaged ({why})."),
            ShareError::BadWorkspace(why) => write!(f, "The link does not hold a valid workspace ({why})."),
        }
    }
}

impl std::error::Error for ShareError {}

/// Encodes `workspace` as a fragment (without the leading `#`).
pub fn encode(workspace: &Workspace, run: bool) -> Result<String, ShareError> {
    validate(workspace)?;
    let json = serde_json::to_vec(workspace).map_err(|e| ShareError::BadWorkspace(e.to_string()))?;
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, 10);
    let mut fragment = format!("v1.{}", URL_SAFE_NO_PAD.encode(compressed));
    if run {
        fragment.push_str(RUN_FLAG);
    }
    if fragment.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLong { chars: fragment.len(), limit: MAX_LINK_CHARS });
    }
    Ok(fragment)
}

/// Decodes a fragment, with or without its leading `#`.
pub fn decode(fragment: &str) -> Result<SharedLink, ShareError> {
    let chars = fragment.chars().count();
    if chars > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong { chars, limit: MAX_FRAGMENT_CHARS });
    }
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    let (body, run) = match fragment.strip_suffix(RUN_FLAG) {
        Some(body) => (body, true),
        None => (fragment, false),
    };
    let Some((version, payload)) = body.split_once('.') else { return Err(ShareError::NotALink) };
    match version {
        "v1" => Ok(SharedLink { workspace: decode_v1(payload)?, run }),
        v if v.len() <= 4 && v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit()) && v.len() > 1 => {
            Err(ShareError::UnknownVersion(v.to_string()))
        }
        _ => Err(ShareError::NotALink),
    }
}

fn decode_v1(payload: &str) -> Result<Workspace, ShareError> {
    if let Some(position) = payload.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
        return Err(ShareError::BadEncoding(format!("unexpected character at position {}", position + 1)));
    }
    let compressed = URL_SAFE_NO_PAD.decode(payload).map_err(|e| ShareError::BadEncoding(e.to_string()))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_DECODED_BYTES).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
            ShareError::BadCompression(format!("it expands beyond {} KB", MAX_DECODED_BYTES / 1024))
        } else {
            ShareError::BadCompression("the compressed data is corrupt or cut off".into())
        }
    })?;
    let workspace: Workspace = serde_json::from_slice(&json)
        .map_err(|e| ShareError::BadWorkspace(format!("{} at line {}, column {}", e, e.line(), e.column())))?;
    validate(&workspace)?;
    Ok(workspace)
}

fn validate(workspace: &Workspace) -> Result<(), ShareError> {
    for (name, text) in [("models", &workspace.models), ("script", &workspace.script)] {
        if text.len() > MAX_TEXT_BYTES {
            return Err(ShareError::BadWorkspace(format!("the {name} are {} KB; the limit is {} KB", text.len() / 1024, MAX_TEXT_BYTES / 1024)));
        }
    }
    if workspace.console.len() > MAX_CONSOLE_SCRIPTS {
        return Err(ShareError::BadWorkspace(format!("{} console scripts; the limit is {MAX_CONSOLE_SCRIPTS}", workspace.console.len())));
    }
    if workspace.console.iter().any(|s| s.len() > MAX_TEXT_BYTES) {
        return Err(ShareError::BadWorkspace(format!("a console script is over {} KB", MAX_TEXT_BYTES / 1024)));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
