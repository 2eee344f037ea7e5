//! Format v2: v1 plus the revision files, settings and a lesson position. Frozen once
//! released: a later change to the workspace becomes v3 beside it.

use crate::api::{LessonPosition, Settings, Workspace};
use serde::{Deserialize, Serialize};

/// The JSON a v2 link holds; empty and default fields are left out to keep links short.
/// Unknown fields are refused: a v2 link with more in it was not made by ormlab.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Payload {
    models: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    script: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    console: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    revisions: Vec<String>,
    /// The lens threshold; 2 when absent.
    #[serde(default = "default_threshold", skip_serializing_if = "is_default_threshold")]
    lens_threshold: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lesson: Option<Lesson>,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Lesson {
    id: String,
    step: u32,
}

fn default_threshold() -> u32 {
    2
}

fn is_default_threshold(n: &u32) -> bool {
    *n == default_threshold()
}

impl From<&Workspace> for Payload {
    fn from(w: &Workspace) -> Self {
        Payload {
            models: w.models.clone(),
            script: w.script.clone(),
            console: w.console.clone(),
            revisions: w.revisions.clone(),
            lens_threshold: w.settings.lens_threshold,
            lesson: w.lesson.as_ref().map(|l| Lesson { id: l.id.clone(), step: l.step }),
        }
    }
}

impl From<Payload> for Workspace {
    fn from(p: Payload) -> Self {
        Workspace {
            models: p.models,
            script: p.script,
            console: p.console,
            revisions: p.revisions,
            settings: Settings { lens_threshold: p.lens_threshold },
            lesson: p.lesson.map(|l| LessonPosition { id: l.id, step: l.step }),
        }
    }
}
