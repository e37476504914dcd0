//! The `mtasts serve` API as the browser's transport (`options.api`, docs/PROXY.md): the policy
//! fetch from `GET <api>policy?domain=D` and each TLS probe from `GET <api>tls?domain=D&host=H&service=S`,
//! both same-origin JSON. The answers are the core's `check::api` shapes and are turned into the
//! engine's responses by the core; a request that the API refused, or that did not come back
//! before our own deadline, proves nothing about the domain (could-not-verify).

use mtasts::check::api::{ApiError, PolicyAnswer, TlsAnswer};
use mtasts::check::{FailureKind, ProbeService, Response, TimeoutBy};
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestMode, RequestRedirect};

use crate::check_net::{Deadline, Failure, request_init, send};

/// What one API request gave: its JSON as `T`, or the response already decided.
async fn call<T: DeserializeOwned>(url: &str, timeout_ms: u32) -> Result<T, Response> {
    let unusable = |why: String| Response::Failed(FailureKind::CouldNotVerify(format!("the mtasts serve API at {url}: {why}")));
    let deadline = Deadline::new(timeout_ms).map_err(|_| unusable("no timer".into()))?;
    let init = request_init(&deadline, RequestMode::SameOrigin, RequestRedirect::Error, false);
    let response = match send(url, &init, &deadline).await {
        Ok(response) => response,
        Err(Failure::TimedOut) => return Err(Response::Failed(FailureKind::Timeout(TimeoutBy::Checker))),
        Err(Failure::Error(why)) => return Err(unusable(why)),
    };
    let status = response.status();
    let json = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.map_err(|e| unusable(crate::check_net::describe(&e)))?,
        Err(e) => return Err(unusable(crate::check_net::describe(&e))),
    };
    if status != 200 {
        let error: ApiError = serde_wasm_bindgen::from_value(json).map_err(|e| unusable(format!("HTTP {status}: {e}")))?;
        return Err(error.response(status));
    }
    serde_wasm_bindgen::from_value(json).map_err(|e| unusable(e.to_string()))
}

/// `a=b` pairs, percent-encoded.
fn query(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v))).collect::<Vec<_>>().join("&")
}

/// The policy fetch of `domain` through the API.
pub(crate) async fn fetch_via_api(api: &str, domain: &str, timeout_ms: u32) -> Response {
    match call::<PolicyAnswer>(&format!("{api}policy?{}", query(&[("domain", domain)])), timeout_ms).await {
        Ok(answer) => answer.response(),
        Err(response) => response,
    }
}

/// One TLS probe of `host` (one of `domain`'s own hosts) through the API.
pub(crate) async fn probe_via_api(api: &str, domain: &str, host: &str, service: ProbeService, timeout_ms: u32) -> Response {
    let url = format!("{api}tls?{}", query(&[("domain", domain), ("host", host), ("service", service.as_str())]));
    match call::<TlsAnswer>(&url, timeout_ms).await {
        Ok(answer) => answer.response(host, service),
        Err(response) => response,
    }
}
