//! How a message crosses between the page and a worker: its bytes (`wire`) in a `Uint8Array`, as
//! the first item of a JavaScript array whose other items are the values it attaches (the `Blob`
//! of a history read), `[bytes, attached...]`. [`Bytes`] is the gloo workers' codec; the pool and
//! its members post with [`post`], which hands the bytes' buffer over instead of copying it.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::wire::{self, Error};

/// The gloo workers' codec: messages as bytes (`wire`). A message that cannot cross is a broken
/// invariant (both ends are the same module), so it panics with what failed; the panic hooks show
/// it in the console.
pub struct Bytes;

impl gloo::worker::Codec for Bytes {
    fn encode<I: Serialize>(input: I) -> JsValue {
        match to_js(&input) {
            Ok((message, _)) => message.into(),
            Err(e) => panic!("{e}"),
        }
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        from_js(input).unwrap_or_else(|e| panic!("{e}"))
    }
}

/// `message` as it crosses, and the buffer of its bytes.
fn to_js<T: Serialize>(message: &T) -> Result<(js_sys::Array, js_sys::ArrayBuffer), Error> {
    let encoded = wire::encode(message)?;
    let bytes = js_sys::Uint8Array::from(encoded.bytes.as_slice());
    let out = js_sys::Array::of1(&bytes);
    for value in &encoded.attached {
        out.push(value);
    }
    Ok((out, bytes.buffer()))
}

/// Posts `message` through `post_message` (a worker's, or a worker's own scope's,
/// `postMessage` with a transfer list), handing its bytes' buffer over instead of copying it.
/// Why it could not, in words.
pub fn post<T: Serialize>(
    message: &T,
    post_message: impl FnOnce(&JsValue, &JsValue) -> Result<(), JsValue>,
) -> Result<(), String> {
    let (message, buffer) = to_js(message).map_err(|e| e.to_string())?;
    post_message(&message, &js_sys::Array::of1(&buffer)).map_err(|e| format!("{e:?}"))
}

/// Reads a message of type `T` from what crossed.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    let items: js_sys::Array = value.dyn_into().map_err(|_| Error::read::<T>("what came is not a list"))?;
    let bytes: js_sys::Uint8Array =
        items.get(0).dyn_into().map_err(|_| Error::read::<T>("what came does not begin with bytes"))?;
    wire::decode(&bytes.to_vec(), items.iter().skip(1).collect())
}
