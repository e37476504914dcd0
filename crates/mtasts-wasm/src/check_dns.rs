//! DNS over HTTPS (RFC 8484) for `checkDomain`: the query in DNS wire format, sent as
//! `GET resolver?dns=<base64url>` with `accept: application/dns-message`, and the answer read
//! back into the engine's [`DnsAnswer`](mtasts::check::DnsAnswer). The wire format (building
//! and reading messages, with the `domain` crate) is `crate::dns_wire`; this module is the transport.
//!
//! Whatever is not a well-formed answer to the question asked (anything `parse_answer` refuses:
//! a cut message, the TC flag, another ID or question, wrong counts; or a wrong media type, an
//! HTTP error) is a failure of that resolver: the next one is tried, and when none answers, the
//! engine gets [`FailureKind::Network`] (or [`FailureKind::Timeout`] with [`TimeoutBy::Checker`], our own deadline, when every resolver timed
//! out) and reports the lookup as failed, never as an empty answer.

use mtasts::check::{FailureKind, Rcode, RecordType, Response, TimeoutBy};

use crate::check_net::{Deadline, Failure, read_capped, request_init, send};
use crate::dns_wire::{MAX_MESSAGE, base64url, build_query, parse_answer};

/// Resolves `name`/`rtype` with the first resolver that gives a usable answer, each asked in
/// turn with its own `timeout_ms`. SERVFAIL and REFUSED say nothing about the zone, so the next
/// resolver is asked too; when none does better, the last such answer is returned as it is.
pub(crate) async fn resolve(resolvers: &[String], name: &str, record_type: RecordType, timeout_ms: u32) -> Response {
    let query = match build_query(name, record_type) {
        Ok(q) => q,
        Err(e) => return Response::Failed(FailureKind::Network(e)),
    };
    let param = base64url(&query);
    let mut unhelpful = None;
    let mut failures = Vec::new();
    let mut all_timed_out = true;
    for resolver in resolvers {
        let separator = if resolver.contains('?') { '&' } else { '?' };
        let url = format!("{resolver}{separator}dns={param}");
        let (why, timed_out) = match exchange(&url, timeout_ms).await {
            Ok(bytes) => match parse_answer(&bytes, name, record_type) {
                Ok(answer) if matches!(answer.rcode, Rcode::ServFail | Rcode::Refused) => {
                    unhelpful = Some(answer);
                    continue;
                }
                Ok(answer) => return Response::Dns(answer),
                Err(e) => (e, false),
            },
            Err(Failure::TimedOut) => (format!("no answer within {timeout_ms} ms"), true),
            Err(Failure::Error(e)) => (e, false),
        };
        all_timed_out &= timed_out;
        failures.push(format!("{resolver}: {why}"));
    }
    match unhelpful {
        Some(answer) => Response::Dns(answer),
        None if all_timed_out && !failures.is_empty() => Response::Failed(FailureKind::Timeout(TimeoutBy::Checker)),
        None if failures.is_empty() => Response::Failed(FailureKind::Network("no DNS-over-HTTPS resolver is configured".into())),
        None => Response::Failed(FailureKind::Network(format!("DNS over HTTPS failed ({})", failures.join("; ")))),
    }
}

/// One GET to a resolver: the body of a 200 `application/dns-message` answer.
async fn exchange(url: &str, timeout_ms: u32) -> Result<Vec<u8>, Failure> {
    let deadline = Deadline::new(timeout_ms)?;
    let init = request_init(&deadline, web_sys::RequestMode::Cors, web_sys::RequestRedirect::Follow, true);
    let response = send(url, &init, &deadline).await?;
    if response.status() != 200 {
        return Err(Failure::Error(format!("HTTP {} instead of a DNS answer", response.status())));
    }
    let media = response.headers().get("content-type").ok().flatten().unwrap_or_default();
    if !media.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/dns-message") {
        return Err(Failure::Error(format!("the answer is `{media}`, not `application/dns-message`")));
    }
    let (bytes, truncated) = read_capped(&response, MAX_MESSAGE, &deadline).await?;
    if truncated {
        return Err(Failure::Error("the answer is longer than a DNS message can be".into()));
    }
    Ok(bytes)
}
