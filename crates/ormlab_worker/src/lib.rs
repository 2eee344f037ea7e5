//! The browser side of the engine: the sql.js binding and the page ⇄ worker wire encoding.
//! The worker binary (`main.rs`) uses both; the page uses only [`protocol`].

pub mod protocol;
pub mod sqljs;
