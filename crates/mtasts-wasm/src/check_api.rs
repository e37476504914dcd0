//! The `mtasts serve` API as the browser's transport (`options.api`, docs/PROXY.md): the policy
//! fetch from `GET <api>policy?domain=D` and each TLS probe from `GET <api>tls?domain=D&host=H&service=S`,
//! both same-origin JSON. The answers are the core's `check::api` shapes and are turned into the
//! engine's responses by the core; a request that the API refused, or that did not come back
//! before our own deadline, proves nothing about the domain (could-not-verify).
//!
//! The JSON is read by hand from the parsed object, field by field (a serde `Deserialize` of
//! these shapes costs the check package about 30 KiB gzip); the shapes are the core's, and
//! tests/e2e/serve.spec.mjs runs this reader against the real server.

use js_sys::{Array, Reflect};
use mtasts::check::api::{ApiError, PolicyAnswer, ProbeAnswer, TlsAnswer, UpstreamFailure, UpstreamReply};
use mtasts::check::{CertificateFacts, ChainTrust, FailureKind, Handshake, ProbeService, Response, TimeoutBy, TlsProbe};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestMode, RequestRedirect};

use crate::check_net::{Deadline, Failure, request_init, send};

/// A field of a JSON object (`undefined` when absent).
fn field(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, key: &str) -> Result<String, String> {
    field(object, key).as_string().ok_or_else(|| format!("`{key}` is not a string"))
}

fn number(object: &JsValue, key: &str) -> Result<f64, String> {
    field(object, key).as_f64().ok_or_else(|| format!("`{key}` is not a number"))
}

fn list(object: &JsValue, key: &str) -> Result<Vec<JsValue>, String> {
    field(object, key).dyn_into::<Array>().map(|a| a.iter().collect()).map_err(|_| format!("`{key}` is not a list"))
}

fn texts(object: &JsValue, key: &str) -> Result<Vec<String>, String> {
    list(object, key)?.iter().map(|v| v.as_string().ok_or_else(|| format!("`{key}` holds a non-string"))).collect()
}

/// `null` or absent: `None`; else `read` of it.
fn optional<T>(object: &JsValue, key: &str, read: impl FnOnce(&JsValue) -> Result<T, String>) -> Result<Option<T>, String> {
    let value = field(object, key);
    if value.is_null() || value.is_undefined() { Ok(None) } else { read(&value).map(Some) }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // JSON numbers of the API: ports, statuses, seconds
fn whole<T: TryFrom<i64>>(object: &JsValue, key: &str) -> Result<T, String> {
    let n = number(object, key)?;
    T::try_from(n as i64).ok().filter(|_| n.fract() == 0.0).ok_or_else(|| format!("`{key}` is out of range"))
}

fn failure(value: &JsValue) -> Result<UpstreamFailure, String> {
    match text(value, "kind")?.as_str() {
        "timeout" => Ok(UpstreamFailure::Timeout),
        "network" => Ok(UpstreamFailure::Network(text(value, "message")?)),
        "refused" => Ok(UpstreamFailure::Refused(text(value, "message")?)),
        other => Err(format!("unknown failure kind `{other}`")),
    }
}

fn reply(value: &JsValue) -> Result<UpstreamReply, String> {
    let headers =
        list(value, "headers")?.iter().map(|pair| Ok((pair_part(pair, 0)?, pair_part(pair, 1)?))).collect::<Result<Vec<_>, String>>()?;
    Ok(UpstreamReply {
        status: whole(value, "status")?,
        headers,
        body: text(value, "body")?,
        base64: field(value, "base64").as_bool().unwrap_or(false),
        truncated: field(value, "truncated").as_bool().unwrap_or(false),
    })
}

fn pair_part(pair: &JsValue, index: u32) -> Result<String, String> {
    Reflect::get_u32(pair, index).ok().and_then(|v| v.as_string()).ok_or_else(|| "a header is not a [name, value] pair".into())
}

fn certificate(value: &JsValue) -> Result<CertificateFacts, String> {
    Ok(CertificateFacts {
        subject: text(value, "subject")?,
        common_names: texts(value, "common_names")?,
        dns_names: texts(value, "dns_names")?,
        issuer: text(value, "issuer")?,
        not_before: whole(value, "not_before")?,
        not_after: whole(value, "not_after")?,
    })
}

fn probe(value: &JsValue) -> Result<TlsProbe, String> {
    Ok(match text(value, "outcome")?.as_str() {
        "handshake" => {
            let trust = field(value, "trust");
            TlsProbe::Handshake(Handshake {
                version: text(value, "version")?,
                chain: list(value, "chain")?.iter().map(certificate).collect::<Result<_, _>>()?,
                trust: match text(&trust, "verdict")?.as_str() {
                    "trusted" => ChainTrust::Trusted,
                    _ => ChainTrust::Untrusted(text(&trust, "reason")?),
                },
            })
        }
        "unreachable" => TlsProbe::Unreachable { message: text(value, "message")? },
        "starttls-not-offered" => TlsProbe::StarttlsNotOffered { reply: text(value, "reply")? },
        "handshake-failed" => TlsProbe::HandshakeFailed { message: text(value, "message")? },
        other => return Err(format!("unknown probe outcome `{other}`")),
    })
}

fn service(value: &JsValue) -> Result<ProbeService, String> {
    let name = text(value, "service")?;
    [ProbeService::Https, ProbeService::SmtpStarttls]
        .into_iter()
        .find(|s| s.as_str() == name)
        .ok_or_else(|| format!("unknown service `{name}`"))
}

fn probe_answer(value: &JsValue) -> Result<ProbeAnswer, String> {
    Ok(ProbeAnswer {
        host: text(value, "host")?,
        port: whole(value, "port")?,
        service: service(value)?,
        probe: optional(value, "probe", probe)?,
        failure: optional(value, "failure", failure)?,
        elapsed_ms: whole(value, "elapsed_ms")?,
    })
}

/// Reads a `PolicyAnswer` (what the engine needs of it).
fn policy_answer(value: &JsValue) -> Result<PolicyAnswer, String> {
    Ok(PolicyAnswer {
        domain: text(value, "domain")?,
        url: text(value, "url")?,
        addresses: texts(value, "addresses")?,
        reply: optional(value, "reply", reply)?,
        failure: optional(value, "failure", failure)?,
        tls: optional(value, "tls", probe_answer)?,
        elapsed_ms: whole(value, "elapsed_ms")?,
    })
}

fn tls_answer(value: &JsValue) -> Result<TlsAnswer, String> {
    Ok(TlsAnswer { domain: text(value, "domain")?, probes: list(value, "probes")?.iter().map(probe_answer).collect::<Result<_, _>>()? })
}

/// What one API request gave: its JSON read by `read`, or the response already decided.
async fn call<T>(url: &str, timeout_ms: u32, read: fn(&JsValue) -> Result<T, String>) -> Result<T, Response> {
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
        let error = text(&json, "error").map_err(|e| unusable(format!("HTTP {status}: {e}")))?;
        return Err(ApiError { error }.response(status));
    }
    read(&json).map_err(unusable)
}

/// `a=b` pairs, percent-encoded.
fn query(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v))).collect::<Vec<_>>().join("&")
}

/// The policy fetch of `domain` through the API.
pub(crate) async fn fetch_via_api(api: &str, domain: &str, timeout_ms: u32) -> Response {
    match call(&format!("{api}policy?{}", query(&[("domain", domain)])), timeout_ms, policy_answer).await {
        Ok(answer) => answer.response(),
        Err(response) => response,
    }
}

/// One TLS probe of `host` (one of `domain`'s own hosts) through the API.
pub(crate) async fn probe_via_api(api: &str, domain: &str, host: &str, service: ProbeService, timeout_ms: u32) -> Response {
    let url = format!("{api}tls?{}", query(&[("domain", domain), ("host", host), ("service", service.as_str())]));
    match call(&url, timeout_ms, tls_answer).await {
        Ok(answer) => answer.response(host, service),
        Err(response) => response,
    }
}
