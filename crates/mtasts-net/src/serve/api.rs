//! The API's endpoints (docs/PROXY.md, "The `mtasts serve` API"): `GET /api/` (detection),
//! `GET /api/policy?domain=D` and `GET /api/tls?domain=D[&host=H&service=S]`. The shapes are the
//! core's ([`mtasts::check::api`]); which domains and hosts may be reached is the core's rule
//! ([`mtasts::proxy_rule::domain_target`], [`mtasts::check::api::probe_requests`]); the
//! addresses are checked by the network's guard and connected to as checked.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};
use mtasts::check::api::{
    ApiError, ApiInfo, MEDIA_TYPE, PolicyAnswer, ProbeAnswer, TlsAnswer, UpstreamFailure, UpstreamReply, probe_requests,
};
use mtasts::check::{FailureKind, ProbeService, RecordType, RequestKind, policy_url};
use mtasts::proxy_rule::domain_target;

use super::{Reply, Server};
use crate::ConnectError;

/// An API answer: JSON, never sniffed, never cached, readable cross-origin only by `origin`
/// (this server's own, when the request named it).
fn json(status: StatusCode, body: &impl serde::Serialize, origin: Option<&str>) -> Reply {
    let bytes = serde_json::to_vec_pretty(body).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}").into_bytes());
    let mut reply = Response::new(Full::new(Bytes::from(bytes)));
    *reply.status_mut() = status;
    let headers = reply.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(MEDIA_TYPE));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    reply
}

fn error(status: StatusCode, message: impl Into<String>, origin: Option<&str>) -> Reply {
    json(status, &ApiError { error: message.into() }, origin)
}

/// The query's parameters (`application/x-www-form-urlencoded`), each at most once and known;
/// `Err` with the sentence for a 400.
fn parameters<'a>(query: &str, known: &[&'a str]) -> Result<Vec<(&'a str, String)>, String> {
    let mut found: Vec<(&'a str, String)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(&name) = known.iter().find(|k| **k == name) else {
            return Err(format!("unknown parameter `{name}` (known: {})", known.join(", ")));
        };
        if found.iter().any(|(n, _)| *n == name) {
            return Err(format!("`{name}` is given twice"));
        }
        let value = super::files::decode(&value.replace('+', " ")).ok_or_else(|| format!("`{name}` is not percent-encoded UTF-8"))?;
        found.push((name, value));
    }
    Ok(found)
}

fn parameter<'p>(found: &'p [(&str, String)], name: &str) -> Option<&'p str> {
    found.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
}

fn millis(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Answers an `/api` request (`target`: path and query; `host`: the request's `Host`).
pub(super) async fn handle(server: &Server, target: &str, host: &str, origin: Option<&str>, client: IpAddr) -> Reply {
    // Cross-origin pages get nothing: the API is for the page this server serves.
    let own = format!("http://{host}");
    let origin = match origin {
        Some(o) if o.eq_ignore_ascii_case(&own) => Some(o),
        Some(_) => return error(StatusCode::FORBIDDEN, "the API answers only pages of its own origin", None),
        None => None,
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let endpoint = match path {
        "/api" | "/api/" if query.is_empty() => return json(StatusCode::OK, &ApiInfo::current(), origin),
        "/api/policy" => Endpoint::Policy,
        "/api/tls" => Endpoint::Tls,
        _ => return error(StatusCode::NOT_FOUND, format!("no such endpoint `{path}`: see GET /api/"), origin),
    };
    let known: &[&str] = match endpoint {
        Endpoint::Policy => &["domain"],
        Endpoint::Tls => &["domain", "host", "service"],
    };
    let found = match parameters(query, known) {
        Ok(found) => found,
        Err(why) => return error(StatusCode::BAD_REQUEST, why, origin),
    };
    let Some(input) = parameter(&found, "domain") else {
        return error(StatusCode::BAD_REQUEST, "give `domain`: a domain name such as example.com", origin);
    };
    let domain = match domain_target(input, mtasts::idna::default_idna()) {
        Ok(domain) => domain,
        Err(refusal) => return error(StatusCode::BAD_REQUEST, refusal.message, origin),
    };
    if let Err((which, wait)) = server.limits.take(&client.to_string(), Some(&domain)) {
        let mut reply = error(StatusCode::TOO_MANY_REQUESTS, format!("too many {which}: try again in {wait} s"), origin);
        reply.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return reply;
    }
    match endpoint {
        Endpoint::Policy => policy(server, domain, origin).await,
        Endpoint::Tls => tls(server, domain, parameter(&found, "host"), parameter(&found, "service"), origin).await,
    }
}

enum Endpoint {
    Policy,
    Tls,
}

/// The addresses of `host:port`, checked; a refusal is the answer to give.
async fn checked(server: &Server, host: &str, port: u16) -> Result<Vec<SocketAddr>, UpstreamFailure> {
    server.net.addresses(host, port).await.map_err(|e| match e {
        ConnectError::Refused(why) => UpstreamFailure::Refused(why),
        other => UpstreamFailure::Network(other.to_string()),
    })
}

async fn policy(server: &Server, domain: String, origin: Option<&str>) -> Reply {
    let start = Instant::now();
    let url = policy_url(&domain);
    let host = format!("mta-sts.{domain}");
    let addrs = match checked(server, &host, 443).await {
        Ok(addrs) => addrs,
        Err(UpstreamFailure::Refused(why)) => return error(StatusCode::FORBIDDEN, why, origin),
        Err(failure) => {
            let answer =
                PolicyAnswer { domain, url, addresses: vec![], reply: None, failure: Some(failure), tls: None, elapsed_ms: millis(start) };
            return json(StatusCode::OK, &answer, origin);
        }
    };
    let fetch = async {
        let fetched = server.net.fetch_at(&url, &addrs).await;
        (fetched, millis(start))
    };
    let probe = probe(server, &host, 443, ProbeService::Https, Ok(addrs.clone()));
    let ((fetched, elapsed_ms), tls) = tokio::join!(fetch, probe);
    let (reply, failure) = match fetched {
        Ok(r) => (Some(UpstreamReply::new(r.status, r.headers, &r.body, r.truncated)), None),
        Err(failure) => (None, Some(UpstreamFailure::from_failure(&failure))),
    };
    let addresses = addrs.iter().map(|a| a.ip().to_string()).collect();
    json(StatusCode::OK, &PolicyAnswer { domain, url, addresses, reply, failure, tls: Some(tls), elapsed_ms }, origin)
}

/// One probe at the checked addresses (or the refusal or failure met finding them).
async fn probe(
    server: &Server,
    host: &str,
    port: u16,
    service: ProbeService,
    addrs: Result<Vec<SocketAddr>, UpstreamFailure>,
) -> ProbeAnswer {
    let start = Instant::now();
    let (probe, failure) = match addrs {
        Ok(addrs) => match server.net.probe_at(host, port, service, &addrs).await {
            mtasts::check::Response::Tls(seen) => (Some(seen), None),
            mtasts::check::Response::Failed(failure) => (None, Some(UpstreamFailure::from_failure(&failure))),
            other => (None, Some(UpstreamFailure::Network(format!("unexpected answer {other:?}")))),
        },
        Err(UpstreamFailure::Network(why)) => (Some(mtasts::check::TlsProbe::Unreachable { message: why }), None),
        Err(failure) => (None, Some(failure)),
    };
    ProbeAnswer { host: host.to_owned(), port, service, probe, failure, elapsed_ms: millis(start) }
}

async fn tls(server: &Server, domain: String, host: Option<&str>, service: Option<&str>, origin: Option<&str>) -> Reply {
    let service = match service.map(|s| [ProbeService::Https, ProbeService::SmtpStarttls].into_iter().find(|k| k.as_str() == s)) {
        Some(None) => return error(StatusCode::BAD_REQUEST, "`service` is `https` or `smtp-starttls`", origin),
        Some(Some(service)) => Some(service),
        None => None,
    };
    let mx = server.net.perform(&RequestKind::Dns { name: domain.clone(), rtype: RecordType::Mx }).await;
    let targets: Vec<(String, u16, ProbeService)> = probe_requests(&domain, Some(&mx))
        .into_iter()
        .filter_map(|kind| match kind {
            RequestKind::TlsProbe { host, port, service } => Some((host, port, service)),
            _ => None,
        })
        .filter(|(h, _, s)| host.is_none_or(|want| want.eq_ignore_ascii_case(h)) && service.is_none_or(|want| want == *s))
        .collect();
    if let (Some(host), true) = (host, targets.is_empty()) {
        let why = match &mx {
            mtasts::check::Response::Failed(FailureKind::Timeout(_)) => " (the MX lookup timed out)".to_owned(),
            mtasts::check::Response::Failed(f) => format!(" (the MX lookup failed: {})", crate::dns::failure_text(f)),
            _ => String::new(),
        };
        return error(StatusCode::FORBIDDEN, format!("`{host}` is neither an MX host of {domain} nor its policy host{why}"), origin);
    }
    let probes = targets.iter().map(|(host, port, service)| async move {
        let addrs = checked(server, host, *port).await;
        probe(server, host, *port, *service, addrs).await
    });
    let probes = futures_join_all(probes).await;
    json(StatusCode::OK, &TlsAnswer { domain, probes }, origin)
}

/// Runs every future at once and collects their outputs in order.
async fn futures_join_all<F: Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut pending: Vec<_> = futures.map(|f| Some(Box::pin(f))).collect();
    let mut outputs: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut open = false;
        for (slot, output) in pending.iter_mut().zip(outputs.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => {
                        *output = Some(value);
                        *slot = None;
                    }
                    std::task::Poll::Pending => open = true,
                }
            }
        }
        if open { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    outputs.into_iter().flatten().collect()
}
