//! The browser side of the engine: the sql.js binding, the page ⇄ worker wire encoding, and
//! the message loop both worker binaries (`main.rs`, `bin/ormlab_console_worker.rs`) run.
//! The page uses only [`protocol`] and [`host::console_answers`].

pub mod host;
pub mod protocol;
pub mod sqljs;
