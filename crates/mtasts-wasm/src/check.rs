//! `checkDomain(domain, options?)`: the live domain check, driven from the browser.
//!
//! The engine ([`mtasts::check::Checker`]) decides what to look up and judges every answer; this
//! driver only moves bytes. It takes every request the engine hands out at once, runs them all
//! concurrently (DNS over HTTPS for lookups, `fetch()` for the policy), feeds each answer back as
//! it arrives, tells `onProgress` after each one, asks the engine again for requests an answer
//! brought (none without TLS probes, which a browser cannot make), and resolves with the
//! engine's report once nothing is in flight.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::Poll;

use js_sys::{Function, Object, Reflect};
use mtasts::check::{self, Checker, FailureKind, PreviousCheck, Request, RequestKind, Response};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::UrlIdna;
use crate::check_api::{fetch_via_api, probe_via_api};
use crate::check_dns::resolve;
use crate::check_dto::{CheckReportDto, CheckVocabularyDto, ProgressDto};
use crate::check_fetch::{fetch_policy, fetch_via_proxy};
use crate::check_net::performance_now;
use crate::dto::{into_error, to_js};

/// Public resolvers that answer RFC 8484 GETs from any origin (CORS), tried in this order.
const DEFAULT_RESOLVERS: [&str; 2] = ["https://cloudflare-dns.com/dns-query", "https://dns.google/dns-query"];
/// Per request (each resolver asked, the policy fetch, the `no-cors` probe).
const DEFAULT_TIMEOUT_MS: u32 = 5_000;

/// `CheckDomainOptions` in check.d.ts, read by hand (a derive would cost more bytes than this).
struct Options {
    resolvers: Vec<String>,
    timeout_ms: u32,
    previous: Option<PreviousCheck>,
    on_progress: Option<Function>,
    pasted_policy: Option<String>,
    /// Fetch the policy through this proxy (docs/PROXY.md) instead of directly.
    proxy: Option<String>,
    /// The `mtasts serve` API (`/api/`): the policy fetch and the TLS probes through it.
    api: Option<String>,
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// An optional string field: `Ok(None)` when absent or `null`.
fn optional_string(object: &JsValue, key: &str, what: &str) -> Result<Option<String>, String> {
    let value = get(object, key);
    if absent(&value) {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| format!("{what}.{key}: expected a string"))
}

impl Options {
    fn from_js(options: &JsValue) -> Result<Options, String> {
        let mut parsed = Options {
            resolvers: DEFAULT_RESOLVERS.iter().map(|r| (*r).to_owned()).collect(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            previous: None,
            on_progress: None,
            pasted_policy: None,
            proxy: None,
            api: None,
        };
        if absent(options) {
            return Ok(parsed);
        }
        if !options.is_object() {
            return Err("options: expected an object".into());
        }
        for key in Object::keys(options.unchecked_ref::<Object>()).iter() {
            let name = key.as_string().unwrap_or_default();
            let value = get(options, &name);
            if value.is_undefined() {
                continue;
            }
            match name.as_str() {
                "resolvers" => {
                    parsed.resolvers = crate::input::strings(&value, "options.resolvers")?;
                    if parsed.resolvers.is_empty() {
                        return Err("options.resolvers: give at least one DNS-over-HTTPS URL".into());
                    }
                }
                "timeoutMs" => {
                    #[allow(clippy::cast_sign_loss)] // checked: from 1 to i32::MAX
                    let whole = |ms: f64| ms as u32;
                    parsed.timeout_ms = value
                        .as_f64()
                        .filter(|ms| ms.is_finite() && *ms >= 1.0 && *ms <= f64::from(i32::MAX))
                        .map(whole)
                        .ok_or("options.timeoutMs: expected a number of milliseconds from 1")?;
                }
                "previous" if !value.is_null() => {
                    if !value.is_object() {
                        return Err("options.previous: expected an object such as a report's `previous`".into());
                    }
                    let id = optional_string(&value, "id", "options.previous")?;
                    let policy_hash = optional_string(&value, "policyHash", "options.previous")?
                        .map(|h| {
                            PreviousCheck::parse_hash(&h)
                                .ok_or_else(|| format!("options.previous.policyHash: `{h}` is not a report's policyHash (16 hex digits)"))
                        })
                        .transpose()?;
                    parsed.previous = Some(PreviousCheck { id, policy_hash });
                }
                "previous" => {}
                "onProgress" => parsed.on_progress = Some(value.dyn_into().map_err(|_| "options.onProgress: expected a function")?),
                "proxy" | "pastedPolicy" | "api" if value.is_null() => {}
                "api" => {
                    let url = value.as_string().ok_or("options.api: expected a string")?;
                    if !url.ends_with('/') || url.contains(['?', '#']) {
                        return Err(format!("options.api: `{url}` is not the API's base URL, such as `/api/`"));
                    }
                    parsed.api = Some(url);
                }
                "proxy" => {
                    let url = value.as_string().ok_or("options.proxy: expected a string")?;
                    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains('#') {
                        return Err(format!("options.proxy: `{url}` is not an http(s) URL without a fragment"));
                    }
                    parsed.proxy = Some(url);
                }
                "pastedPolicy" => parsed.pasted_policy = Some(value.as_string().ok_or("options.pastedPolicy: expected a string")?),
                _ => {
                    return Err(format!(
                        "options: unknown option `{name}` (known: `resolvers`, `timeoutMs`, `previous`, `onProgress`, `pastedPolicy`, `proxy`, `api`)"
                    ));
                }
            }
        }
        Ok(parsed)
    }
}

/// The checks of `checkDomain` in report order (id, title, purpose, which text positions refer
/// to) and every status from best to worst, with its label and symbol: the core's vocabulary.
#[wasm_bindgen(js_name = checkVocabulary, unchecked_return_type = "CheckVocabulary")]
pub fn check_vocabulary() -> Result<JsValue, js_sys::Error> {
    to_js(&CheckVocabularyDto::new())
}

/// The statuses of several checks as one: the worst, could-not-verify between warning and
/// fail, a pass over a skip (the core's rule; `CheckReport.overall` is made by it).
#[wasm_bindgen(js_name = overallStatus, unchecked_return_type = "CheckStatus")]
pub fn overall_status(
    #[wasm_bindgen(unchecked_param_type = "readonly CheckStatus[]")] statuses: &JsValue,
) -> Result<JsValue, js_sys::Error> {
    let names = crate::input::strings(statuses, "statuses").map_err(|e| into_error(&e))?;
    let statuses = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            check::CheckStatus::ALL
                .into_iter()
                .find(|s| s.as_str() == name)
                .ok_or_else(|| format!("statuses[{i}]: unknown status `{name}`"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| into_error(&e))?;
    to_js(&check::CheckStatus::overall(statuses))
}

/// Checks the MTA-STS set-up of a domain live, from here: the `_mta-sts` and `_smtp._tls` TXT
/// records, the MX hosts, the policy host's address and the policy itself, all requested at once
/// (DNS over HTTPS to `options.resolvers`, `fetch()` for the policy). `domain` may be a domain,
/// an email address or a URL; an IDN is converted to A-labels. Rejects with an `Error` when it
/// names no domain, or when an option is invalid. Failures to see something are never a pass
/// or a fail: they are reported as `could-not-verify`, with the command to run instead.
#[wasm_bindgen(js_name = checkDomain, unchecked_return_type = "CheckReport")]
pub async fn check_domain(
    domain: String,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckDomainOptions")] options: JsValue,
) -> Result<JsValue, js_sys::Error> {
    let options = Options::from_js(&options).map_err(|e| into_error(&e))?;
    // Through the `mtasts serve` API the TLS probes can be made; from a browser alone they cannot.
    let engine_options =
        check::CheckOptions { previous: options.previous.clone(), idna: Some(&UrlIdna), tls_probes: options.api.is_some() };
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)] // Date.now(): whole, positive
    let now = js_sys::Date::now() as u64;
    let mut checker = Checker::new(&domain, engine_options, now).map_err(|e| into_error(&e))?;
    if let Some(text) = &options.pasted_policy {
        checker.set_pasted_policy(text.as_bytes());
    }

    let domain = checker.domain().to_owned();
    let via = options.api.as_deref().or(options.proxy.as_deref());
    let started = performance_now();
    let mut in_flight: Vec<(Request, Option<Pending<'_>>)> = Vec::new();
    poll_fn(|cx| {
        loop {
            // Every request the engine knows of, started together: the first round is one round
            // trip, and an answer that brings more requests starts them at once.
            while let Some(request) = checker.poll_request() {
                let future = perform(request.kind.clone(), &options, &domain);
                in_flight.push((request, Some(future)));
            }
            let (mut open, mut answered) = (false, false);
            for (request, slot) in &mut in_flight {
                let Some(future) = slot else { continue };
                let Poll::Ready(response) = future.as_mut().poll(cx) else {
                    open = true;
                    continue;
                };
                *slot = None;
                answered = true;
                let failed = matches!(response, Response::Failed(_));
                checker.handle_response(request.id, response);
                if let Some(callback) = &options.on_progress {
                    let report = checker.report();
                    let report = CheckReportDto::new(&report, &checker).via(via);
                    let event = ProgressDto::new(request, failed, performance_now() - started, report);
                    // The check goes on whatever the callback does (throws included).
                    if let Ok(event) = to_js(&event) {
                        let _ = callback.call1(&JsValue::NULL, &event);
                    }
                }
            }
            if !answered {
                return if open { Poll::Pending } else { Poll::Ready(()) };
            }
        }
    })
    .await;
    let report = checker.report();
    to_js(&CheckReportDto::new(&report, &checker).via(via))
}

/// A request under way.
type Pending<'a> = Pin<Box<dyn Future<Output = Response> + 'a>>;

/// Starts one request (it runs when first polled: all of them in the same turn).
fn perform<'a>(kind: RequestKind, options: &'a Options, domain: &'a str) -> Pending<'a> {
    if let Some(api) = &options.api {
        return match kind {
            RequestKind::Dns { name, rtype } => {
                Box::pin(async move { resolve(&options.resolvers, &name, rtype, options.timeout_ms).await })
            }
            RequestKind::Fetch { .. } => Box::pin(fetch_via_api(api, domain, options.timeout_ms)),
            RequestKind::TlsProbe { host, service, .. } => {
                Box::pin(async move { probe_via_api(api, domain, &host, service, options.timeout_ms).await })
            }
        };
    }
    match kind {
        RequestKind::Dns { name, rtype } => Box::pin(async move { resolve(&options.resolvers, &name, rtype, options.timeout_ms).await }),
        RequestKind::Fetch { url } => Box::pin(async move {
            match &options.proxy {
                Some(proxy) => fetch_via_proxy(proxy, &url, options.timeout_ms).await,
                None => fetch_policy(&url, options.timeout_ms).await,
            }
        }),
        RequestKind::TlsProbe { .. } => Box::pin(std::future::ready(Response::Failed(FailureKind::CouldNotVerify(
            "a browser cannot open TLS connections of its own".into(),
        )))),
    }
}
