//! The ormlab core: everything that makes ormlab an emulation of SQLAlchemy, with no web
//! dependency, so the same code runs in the browser worker (on sql.js) and natively (on
//! rusqlite) for tests, the CLI and benchmarks.
//!
//! Steps, in the order data flows through them:
//! 1. [`engine`]: the one door to SQLite. Everything below talks SQL through [`engine::Engine`].
//! 2. [`console`]: the SQL console, a script of raw SQL split into statements and run one by one.
//! 3. `python` → `schema` → `orm` → `lens` (models text to DDL to the statement log to the
//!    N+1 picture) and `schema` → `migrate`, `share` for links: each arrives with its issue.
//!
//! [`api`] holds the only serialisable types: what crosses the worker boundary and the CLI.

pub mod api;
pub mod console;
pub mod diag;
pub mod diagram;
pub mod engine;
pub mod export;
pub mod lessons;
pub mod lens;
pub mod migrate;
pub mod orm;
pub mod python;
pub mod schema;
pub mod share;
