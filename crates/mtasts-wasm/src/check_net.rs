//! `fetch()` for `checkDomain`: the global `fetch` (a page, a worker or Node 20+), each request
//! with its own deadline (an `AbortController` aborted by a timer), and bodies read through a
//! stream reader that stops at a cap. Transport only: no verdicts here.

use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, ReadableStreamReadResult, RequestCache, RequestCredentials, RequestInit, RequestMode,
    RequestRedirect, Response,
};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch(input, init)`: present in pages, workers and Node alike (unlike
    /// `window.fetch`). `catch`: where it is missing, that is an error, not a trap.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(input: &str, init: &RequestInit) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_name = setTimeout, catch)]
    fn set_timeout(handler: &Function, ms: u32) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    /// `performance.now()`: milliseconds, sub-millisecond precision.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub(crate) fn performance_now() -> f64;
}

/// Why a request gave no response.
pub(crate) enum Failure {
    /// The deadline passed (the request was aborted).
    TimedOut,
    /// Anything else, as `Name: message` (e.g. `TypeError: Failed to fetch`).
    Error(String),
}

impl From<JsValue> for Failure {
    fn from(value: JsValue) -> Self {
        Failure::Error(describe(&value))
    }
}

/// `Name: message` of a thrown value (an `Error` or `DOMException`), else its string form.
pub(crate) fn describe(value: &JsValue) -> String {
    let field = |key: &str| Reflect::get(value, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
    match (field("name"), field("message")) {
        (Some(name), Some(message)) if !message.is_empty() => format!("{name}: {message}"),
        (Some(name), _) => name,
        _ => value.as_string().unwrap_or_else(|| "an unknown error".into()),
    }
}

/// One request's time limit: a timer aborts the `AbortController` whose signal the request
/// carries (aborting the body read too). The timer is cleared when the deadline is dropped.
pub(crate) struct Deadline {
    controller: AbortController,
    timer: JsValue,
}

impl Deadline {
    pub(crate) fn new(ms: u32) -> Result<Deadline, Failure> {
        let controller = AbortController::new()?;
        let abort: Function = Reflect::get(&controller, &JsValue::from_str("abort"))?.dyn_into()?;
        let timer = set_timeout(&abort.bind0(&controller), ms)?;
        Ok(Deadline { controller, timer })
    }

    /// Whether the deadline has passed.
    pub(crate) fn expired(&self) -> bool {
        self.controller.signal().aborted()
    }

    fn failure(&self, error: JsValue) -> Failure {
        if self.expired() { Failure::TimedOut } else { Failure::from(error) }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
    }
}

/// The options of every request: no cookies or other credentials, no HTTP cache (a check must
/// see what is served now), the deadline's signal; `dns` adds `accept: application/dns-message`.
pub(crate) fn request_init(deadline: &Deadline, mode: RequestMode, redirect: RequestRedirect, dns: bool) -> RequestInit {
    let init = RequestInit::new();
    init.set_mode(mode);
    init.set_redirect(redirect);
    init.set_cache(RequestCache::NoStore);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(Some(&deadline.controller.signal()));
    if dns {
        let headers = Object::new();
        // A CORS-safelisted header: no preflight.
        let _ = Reflect::set(&headers, &JsValue::from_str("accept"), &JsValue::from_str("application/dns-message"));
        init.set_headers(&headers);
    }
    init
}

/// `fetch(url, init)` until the response headers arrive.
pub(crate) async fn send(url: &str, init: &RequestInit, deadline: &Deadline) -> Result<Response, Failure> {
    let promise = global_fetch(url, init)?;
    match JsFuture::from(promise).await {
        Ok(response) => Ok(response.dyn_into::<Response>()?),
        Err(error) => Err(deadline.failure(error)),
    }
}

/// Reads the body through a stream reader, at most `cap` bytes: `(body, truncated)`, where
/// `truncated` means reading stopped at `cap` with more to come (the rest is cancelled).
pub(crate) async fn read_capped(response: &Response, cap: usize, deadline: &Deadline) -> Result<(Vec<u8>, bool), Failure> {
    let Some(stream) = response.body() else { return Ok((Vec::new(), false)) };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut body = Vec::new();
    loop {
        let chunk: ReadableStreamReadResult = match JsFuture::from(reader.read()).await {
            Ok(chunk) => chunk.unchecked_into(),
            Err(error) => return Err(deadline.failure(error)),
        };
        if chunk.get_done().unwrap_or(true) {
            return Ok((body, false));
        }
        let bytes = Uint8Array::new(&chunk.get_value());
        let room = cap - body.len();
        if bytes.length() as usize > room {
            body.extend(bytes.subarray(0, room as u32).to_vec());
            // Stop the download; nothing waits for the cancellation to finish.
            let _ = reader.cancel();
            return Ok((body, true));
        }
        body.extend(bytes.to_vec());
    }
}
