//! The native side of ormlab: a rusqlite [`Engine`](ormlab_core::engine::Engine) and the
//! commands of the `ormlab` binary, kept in a library so integration tests can reach them.

pub mod chain_cmd;
pub mod commands;
pub mod json;
pub mod lens_cmd;
pub mod lesson_cmd;
pub mod migrate_cmd;
pub mod native_engine;
pub mod run_cmd;
pub mod share_cmd;
