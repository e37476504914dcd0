//! The policy fetch for `checkDomain`, as honest as a browser allows.
//!
//! `fetch(url, { redirect: "manual", cache: "no-store", credentials: "omit" })`, with a deadline:
//! - a response: its status, `Content-Type` and body (read up to 64 KiB + 1 byte, then cut and
//!   marked truncated) go to the engine as they are;
//! - an `opaqueredirect` response (the browser saw a 3xx but hides its status and `Location`):
//!   status 0, which the engine reports as a redirect whose status is hidden;
//! - a `TypeError`: the browser hides whether CORS, DNS or TLS failed. A `no-cors` probe tells
//!   one case apart: an opaque response means the host answers but does not let this page read
//!   the policy (no `Access-Control-Allow-Origin`). Either way the engine gets
//!   [`FailureKind::CouldNotVerify`] with what was seen, never a pass or a fail of its own (the
//!   engine adds what DNS proved, e.g. that `mta-sts.D` has no address);
//! - the deadline (`timeoutMs`): [`TimeoutBy::Checker`], the checker's own limit, which the engine
//!   never takes for the domain's fault (a browser is not a sender, and senders may wait longer).
//!
//! With `options.proxy`, the policy is fetched through it instead (see [`fetch_via_proxy`]).

use mtasts::check::{FailureKind, FetchResult, Response, TimeoutBy};
use mtasts::policy::MAX_POLICY_SIZE;
use web_sys::{RequestMode, RequestRedirect, ResponseType};

use crate::check_net::{Deadline, Failure, performance_now, read_capped, request_init, send};

/// Fetches the policy at `url` (see the module documentation).
pub(crate) async fn fetch_policy(url: &str, timeout_ms: u32) -> Response {
    let started = performance_now();
    let deadline = match Deadline::new(timeout_ms) {
        Ok(d) => d,
        Err(e) => return failed(e),
    };
    let init = request_init(&deadline, RequestMode::Cors, RequestRedirect::Manual, false);
    let response = match send(url, &init, &deadline).await {
        Ok(response) => response,
        Err(Failure::Error(why)) if why.starts_with("TypeError") => {
            drop(deadline);
            // The probe gets what is left of the same time limit: the fetch as a whole never
            // takes longer than `timeout_ms`.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // within 0..=timeout_ms
            let left = (f64::from(timeout_ms) - (performance_now() - started)).max(0.0) as u32;
            return probe(url, left, &why).await;
        }
        Err(e) => return failed(e),
    };
    if response.type_() == ResponseType::Opaqueredirect {
        return Response::Fetch(FetchResult { status: 0, redirect_location: None, content_type: None, body: Vec::new(), truncated: false });
    }
    let header = |name: &str| response.headers().get(name).ok().flatten();
    match read_capped(&response, MAX_POLICY_SIZE + 1, &deadline).await {
        Ok((body, truncated)) => Response::Fetch(FetchResult {
            status: response.status(),
            // Readable only when the host exposes it (`Access-Control-Expose-Headers`).
            redirect_location: header("location"),
            content_type: header("content-type"),
            body,
            truncated,
        }),
        Err(e) => failed(e),
    }
}

/// The response headers of the proxy protocol (docs/PROXY.md), which the proxy must list in
/// `Access-Control-Expose-Headers`.
const UPSTREAM_STATUS: &str = "mtasts-upstream-status";
const UPSTREAM_CONTENT_TYPE: &str = "mtasts-upstream-content-type";
const UPSTREAM_LOCATION: &str = "mtasts-upstream-location";
const UPSTREAM_TRUNCATED: &str = "mtasts-upstream-truncated";
const PROXY_ERROR: &str = "mtasts-proxy-error";

/// Fetches the policy at `url` through `proxy` (docs/PROXY.md): `GET proxy?url=<url>`. The proxy
/// fetches the way a sender does (no redirect followed, 64 KiB cap) and hands back what it saw
/// in `Mtasts-Upstream-*` headers, so that nothing is hidden by CORS: a status (redirects
/// included, with their `Location`), the content type and the body. What it says failed upstream
/// (`Mtasts-Proxy-Error`, 502; 504 for a timeout: [`TimeoutBy::Sender`]) is a failure a sender
/// would see too; a proxy that cannot be reached, refuses the request or does not answer before
/// our own deadline ([`TimeoutBy::Checker`]) proves nothing about the domain: could-not-verify.
pub(crate) async fn fetch_via_proxy(proxy: &str, url: &str, timeout_ms: u32) -> Response {
    let separator = if proxy.contains('?') { '&' } else { '?' };
    let request = format!("{proxy}{separator}url={}", js_sys::encode_uri_component(url));
    let deadline = match Deadline::new(timeout_ms) {
        Ok(d) => d,
        Err(e) => return failed(e),
    };
    let init = request_init(&deadline, RequestMode::Cors, RequestRedirect::Error, false);
    let response = match send(&request, &init, &deadline).await {
        Ok(response) => response,
        Err(Failure::TimedOut) => return Response::Failed(FailureKind::Timeout(TimeoutBy::Checker)),
        Err(Failure::Error(why)) => {
            return Response::Failed(FailureKind::CouldNotVerify(format!("the proxy {proxy} could not be reached ({why})")));
        }
    };
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let status = header(UPSTREAM_STATUS).and_then(|s| s.trim().parse::<u16>().ok());
    let Some(status) = status.filter(|_| response.status() == 200) else {
        return match (response.status(), header(PROXY_ERROR)) {
            (504, Some(_)) => Response::Failed(FailureKind::Timeout(TimeoutBy::Sender)),
            (502, Some(why)) => Response::Failed(FailureKind::Network(why)),
            (code, why) => Response::Failed(FailureKind::CouldNotVerify(format!(
                "the proxy {proxy} did not fetch the policy (HTTP {code}{})",
                why.map(|w| format!(": {w}")).unwrap_or_default()
            ))),
        };
    };
    match read_capped(&response, MAX_POLICY_SIZE + 1, &deadline).await {
        Ok((body, truncated)) => Response::Fetch(FetchResult {
            status,
            redirect_location: header(UPSTREAM_LOCATION),
            content_type: header(UPSTREAM_CONTENT_TYPE),
            body,
            truncated: truncated || header(UPSTREAM_TRUNCATED).is_some_and(|t| t.trim() == "1"),
        }),
        Err(e) => failed(e),
    }
}

/// A failure of this page's own request: its deadline is the checker's, never a sender's.
fn failed(failure: Failure) -> Response {
    Response::Failed(match failure {
        Failure::TimedOut => FailureKind::Timeout(TimeoutBy::Checker),
        Failure::Error(e) => FailureKind::Network(e),
    })
}

/// After an opaque `TypeError`: does the host answer a `no-cors` request (which the page may
/// send but not read, and which follows redirects: `no-cors` allows no other mode)?
async fn probe(url: &str, timeout_ms: u32, why: &str) -> Response {
    let seen = match Deadline::new(timeout_ms) {
        Ok(deadline) if timeout_ms > 0 => {
            let init = request_init(&deadline, RequestMode::NoCors, RequestRedirect::Follow, false);
            send(url, &init, &deadline).await.ok()
        }
        _ => None,
    };
    Response::Failed(FailureKind::CouldNotVerify(if seen.is_some() {
        format!(
            "the host answers, but does not let this page read the policy: it sends no `Access-Control-Allow-Origin` header, \
             which senders do not need (the browser said `{why}`)"
        )
    } else {
        format!(
            "could not verify from the browser: it reports `{why}` for a DNS, TLS or CORS failure alike, and a second \
             request that needs no CORS got no answer either"
        )
    }))
}
