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
//! - the deadline: [`FailureKind::Timeout`].

use mtasts::check::{FailureKind, FetchResult, Response};
use mtasts::policy::MAX_POLICY_SIZE;
use web_sys::{RequestMode, RequestRedirect, ResponseType};

use crate::check_net::{Deadline, Failure, read_capped, request_init, send};

/// Fetches the policy at `url` (see the module documentation).
pub(crate) async fn fetch_policy(url: &str, timeout_ms: u32) -> Response {
    let deadline = match Deadline::new(timeout_ms) {
        Ok(d) => d,
        Err(e) => return failed(e),
    };
    let init = request_init(&deadline, RequestMode::Cors, RequestRedirect::Manual, false);
    let response = match send(url, &init, &deadline).await {
        Ok(response) => response,
        Err(Failure::Error(why)) if why.starts_with("TypeError") => {
            drop(deadline);
            return probe(url, timeout_ms, &why).await;
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

fn failed(failure: Failure) -> Response {
    Response::Failed(match failure {
        Failure::TimedOut => FailureKind::Timeout,
        Failure::Error(e) => FailureKind::Network(e),
    })
}

/// After an opaque `TypeError`: does the host answer a `no-cors` request (which the page may
/// send but not read, and which follows redirects: `no-cors` allows no other mode)?
async fn probe(url: &str, timeout_ms: u32, why: &str) -> Response {
    let seen = match Deadline::new(timeout_ms) {
        Ok(deadline) => {
            let init = request_init(&deadline, RequestMode::NoCors, RequestRedirect::Follow, false);
            send(url, &init, &deadline).await.ok()
        }
        Err(_) => None,
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
