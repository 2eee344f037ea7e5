//! The wire encoding of worker messages. Large integers travel as BigInt so that SQLite's
//! 64-bit values arrive exactly; the page uses the same settings.

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

/// Encodes a message for `postMessage`.
pub fn encode<T: Serialize>(message: &T) -> Result<JsValue, serde_wasm_bindgen::Error> {
    message.serialize(&serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true))
}

/// Decodes a message received from `postMessage`.
pub fn decode<T: DeserializeOwned>(value: JsValue) -> Result<T, serde_wasm_bindgen::Error> {
    serde_wasm_bindgen::from_value(value)
}
