//! A stand-in for the `unicode_names2` crate, patched in from the workspace root.
//!
//! ruff_python_parser 0.0.10 calls only [`character`], to resolve `\N{NAME}` escapes in
//! string literals. The real crate carries the whole Unicode name table, about 400 KB of
//! the page's gzipped wasm (a 1.0 MB budget). Models never need `\N{...}`, so the
//! trade-off taken here is that every `\N{...}` escape is reported as a parse error
//! ("unknown Unicode character name") instead of being resolved.

/// Looks up a character by its Unicode name; the stub knows no names and always says `None`.
pub fn character(_name: &str) -> Option<char> {
    None
}
