//! JSON text for browser storage and files through the browser's own `JSON`, so the page's
//! wasm does not carry a second JSON implementation (serde_json lives in the worker).

use serde::{de::DeserializeOwned, Serialize};

/// `value` as JSON text, indented when `pretty` (files people may open).
pub(crate) fn to_string<T: Serialize>(value: &T, pretty: bool) -> Option<String> {
    let js = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    let text = if pretty {
        js_sys::JSON::stringify_with_replacer_and_space(&js, &wasm_bindgen::JsValue::NULL, &2.into())
    } else {
        js_sys::JSON::stringify(&js)
    };
    text.ok()?.as_string()
}

/// Parses JSON text into `T`; `None` for anything that is not a valid `T`.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_wasm_bindgen::from_value(js_sys::JSON::parse(text).ok()?).ok()
}
