//! The share codec: a whole workspace in a URL fragment, `vN.<base64url(deflate-raw(JSON))>`,
//! optionally followed by `&run` (open and run at once). [`encode`] writes the newest format;
//! each version's JSON payload is its own frozen type (`v1.rs`: models, script, console;
//! `v2.rs`: also revisions, settings and a lesson position), so changing [`Workspace`] never
//! changes what an old link means.
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
/// The most revision files a link may carry.
pub const MAX_REVISIONS: usize = 200;
/// The longest lesson id a link may carry, in bytes.
pub const MAX_LESSON_ID_BYTES: usize = 200;

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
            ShareError::NotALink => f.write_str("This is not an ormlab link (it should start with #v2. or #v1.)."),
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
    let json = serde_json::to_vec(&v2::Payload::from(workspace)).map_err(|e| ShareError::BadWorkspace(e.to_string()))?;
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, 10);
    let mut fragment = format!("v2.{}", URL_SAFE_NO_PAD.encode(compressed));
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
        "v1" => Ok(SharedLink { workspace: parse::<v1::Payload>(&inflate(payload)?)?, run }),
        "v2" => Ok(SharedLink { workspace: parse::<v2::Payload>(&inflate(payload)?)?, run }),
        v if v.len() <= 4 && v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit()) && v.len() > 1 => {
            Err(ShareError::UnknownVersion(v.to_string()))
        }
        _ => Err(ShareError::NotALink),
    }
}

/// base64url, then deflate-raw with the inflated size bounded: the same for every version.
fn inflate(payload: &str) -> Result<Vec<u8>, ShareError> {
    if let Some(position) = payload.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
        return Err(ShareError::BadEncoding(format!("unexpected character at position {}", position + 1)));
    }
    let compressed = URL_SAFE_NO_PAD.decode(payload).map_err(|e| ShareError::BadEncoding(e.to_string()))?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_DECODED_BYTES).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
            ShareError::BadCompression(format!("it expands beyond {} KB", MAX_DECODED_BYTES / 1024))
        } else {
            ShareError::BadCompression("the compressed data is corrupt or cut off".into())
        }
    })
}

/// One version's payload read from JSON, then checked against the link limits.
fn parse<T: serde::de::DeserializeOwned + Into<Workspace>>(json: &[u8]) -> Result<Workspace, ShareError> {
    let payload: T = serde_json::from_slice(json)
        .map_err(|e| ShareError::BadWorkspace(format!("{} at line {}, column {}", e, e.line(), e.column())))?;
    let workspace = payload.into();
    validate(&workspace)?;
    Ok(workspace)
}

/// The size limits one carrier (a link, a file) puts on a workspace's fields.
struct Limits {
    text_bytes: usize,
    console_scripts: usize,
    revisions: usize,
}

const LINK_LIMITS: Limits = Limits { text_bytes: MAX_TEXT_BYTES, console_scripts: MAX_CONSOLE_SCRIPTS, revisions: MAX_REVISIONS };

fn validate(workspace: &Workspace) -> Result<(), ShareError> {
    validate_with(workspace, &LINK_LIMITS)
}

fn validate_with(workspace: &Workspace, limits: &Limits) -> Result<(), ShareError> {
    let kb = limits.text_bytes / 1024;
    for (name, text) in [("models", &workspace.models), ("script", &workspace.script)] {
        if text.len() > limits.text_bytes {
            return Err(ShareError::BadWorkspace(format!("the {name} are {} KB; the limit is {kb} KB", text.len() / 1024)));
        }
    }
    let lists = [("console scripts", "a console script", &workspace.console, limits.console_scripts), ("revision files", "a revision file", &workspace.revisions, limits.revisions)];
    for (plural, one, list, most) in lists {
        if list.len() > most {
            return Err(ShareError::BadWorkspace(format!("{} {plural}; the limit is {most}", list.len())));
        }
        if list.iter().any(|s| s.len() > limits.text_bytes) {
            return Err(ShareError::BadWorkspace(format!("{one} is over {kb} KB")));
        }
    }
    if workspace.lesson.as_ref().is_some_and(|l| l.id.len() > MAX_LESSON_ID_BYTES) {
        return Err(ShareError::BadWorkspace(format!("the lesson id is over {MAX_LESSON_ID_BYTES} bytes")));
    }
    let threshold = workspace.settings.lens_threshold;
    if !(2..=1000).contains(&threshold) {
        return Err(ShareError::BadWorkspace(format!("the lens threshold is {threshold}; it must be between 2 and 1000")));
    }
    Ok(())
}

mod file;
mod v1;
mod v2;

pub use file::{from_file, to_file, MAX_FILE_BYTES};

#[cfg(test)]
mod tests;
