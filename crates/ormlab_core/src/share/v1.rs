//! Format v1 (the first release): models, script and console history. Frozen: never change.

use crate::api::Workspace;
use serde::Deserialize;

/// The JSON a v1 link holds. Unknown fields were ignored by v1 and still are.
#[derive(Clone, Deserialize)]
pub(super) struct Payload {
    models: String,
    script: String,
    #[serde(default)]
    console: Vec<String>,
}

impl From<Payload> for Workspace {
    fn from(p: Payload) -> Self {
        Workspace { models: p.models, script: p.script, console: p.console, ..Workspace::default() }
    }
}
