//! The same-origin API of `mtasts serve` (docs/PROXY.md, "The `mtasts serve` API"): the JSON
//! its `/api/policy` and `/api/tls` send, and how a driver turns it back into the engine's
//! [`Response`]. Both ends use these types (the server writes them, the browser's driver reads
//! them), so the wire shape and its meaning live here once.
//!
//! What a refusal or a missing answer means is decided here too: the server refusing a target
//! (SSRF rule, rate limit) proves nothing about the domain, so it is could-not-verify; a failure
//! the server met fetching as a sender does is the sender's failure.

use serde::{Deserialize, Serialize};

use super::{FailureKind, FetchResult, ProbeService, RequestKind, Response, TimeoutBy, TlsProbe};

/// The media type of every API answer.
pub const MEDIA_TYPE: &str = "application/json";

/// The `GET /api/` answer: says that this origin serves the API (the page's detection).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiInfo {
    /// `mtasts-serve/1`.
    pub api: String,
    /// The endpoints, for people reading the JSON.
    pub endpoints: Vec<String>,
}

/// The API version [`ApiInfo::api`] names.
pub const API_VERSION: &str = "mtasts-serve/1";

impl ApiInfo {
    /// What this version serves.
    pub fn current() -> ApiInfo {
        ApiInfo { api: API_VERSION.into(), endpoints: vec!["/api/policy?domain=D".into(), "/api/tls?domain=D[&host=H&service=S]".into()] }
    }
}

/// A failure the server met on the way to the target, as a sender would have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "message", rename_all = "kebab-case")]
pub enum UpstreamFailure {
    /// The target did not answer within the server's time limit (a sender's timeout).
    Timeout,
    /// DNS, connection, TLS or HTTP failed; what was seen.
    Network(String),
    /// The allow rule refused an address the target resolves to (`mtasts::proxy_rule`): the
    /// server did not look, so nothing is known (could-not-verify).
    Refused(String),
}

impl UpstreamFailure {
    /// The engine's failure for it.
    pub fn to_failure(&self) -> FailureKind {
        match self {
            UpstreamFailure::Timeout => FailureKind::Timeout(TimeoutBy::Sender),
            UpstreamFailure::Network(why) => FailureKind::Network(why.clone()),
            UpstreamFailure::Refused(why) => FailureKind::CouldNotVerify(format!("the mtasts serve API does not connect there: {why}")),
        }
    }

    /// The API form of a driver's failure.
    pub fn from_failure(failure: &FailureKind) -> UpstreamFailure {
        match failure {
            FailureKind::Timeout(_) => UpstreamFailure::Timeout,
            FailureKind::Network(why) | FailureKind::CouldNotVerify(why) => UpstreamFailure::Network(why.clone()),
        }
    }
}

/// The policy host's answer, as the server read it (no redirect followed, 64 KiB + 1 byte).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpstreamReply {
    /// The HTTP status.
    pub status: u16,
    /// Every response header, in order, values as text (invalid UTF-8 replaced).
    pub headers: Vec<(String, String)>,
    /// The body: the text itself when it is UTF-8, else base64 ([`UpstreamReply::base64`]).
    pub body: String,
    /// `body` is base64 (RFC 4648 §4) of bytes that are not UTF-8.
    pub base64: bool,
    /// The body went on past 64 KiB + 1 byte and was cut there.
    pub truncated: bool,
}

impl UpstreamReply {
    /// The reply of `status`, `headers` and `body` bytes, with the body in its JSON form.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: &[u8], truncated: bool) -> UpstreamReply {
        let (body, base64) = match std::str::from_utf8(body) {
            Ok(text) => (text.to_owned(), false),
            Err(_) => (base64_encode(body), true),
        };
        UpstreamReply { status, headers, body, base64, truncated }
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body bytes; `None` when `base64` is set and the text is not base64.
    pub fn body_bytes(&self) -> Option<Vec<u8>> {
        if self.base64 { base64_decode(&self.body) } else { Some(self.body.clone().into_bytes()) }
    }
}

/// `GET /api/policy?domain=D`: the policy fetch of `mta-sts.D` and the policy host's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyAnswer {
    /// The domain, in A-labels.
    pub domain: String,
    /// The URL fetched.
    pub url: String,
    /// The addresses connected to (each checked by the allow rule).
    pub addresses: Vec<String>,
    /// What the policy host answered, or `None` when the fetch failed.
    pub reply: Option<UpstreamReply>,
    /// Why the fetch failed, when it did.
    pub failure: Option<UpstreamFailure>,
    /// The TLS probe of the policy host (certificate facts), made beside the fetch.
    pub tls: Option<ProbeAnswer>,
    /// How long the fetch took, milliseconds.
    pub elapsed_ms: u64,
}

impl PolicyAnswer {
    /// The engine's response to its policy fetch.
    pub fn response(&self) -> Response {
        match (&self.reply, &self.failure) {
            (Some(reply), _) => match reply.body_bytes() {
                Some(body) => Response::Fetch(FetchResult {
                    status: reply.status,
                    redirect_location: reply.header("location").map(str::to_owned),
                    content_type: reply.header("content-type").map(str::to_owned),
                    body,
                    truncated: reply.truncated,
                }),
                None => not_verified("its body is marked base64 but is not"),
            },
            (None, Some(failure)) => Response::Failed(failure.to_failure()),
            (None, None) => not_verified("it holds neither a reply nor a failure"),
        }
    }
}

/// One TLS probe the server made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeAnswer {
    /// The host probed (A-labels).
    pub host: String,
    /// 443 or 25.
    pub port: u16,
    /// `https` or `smtp-starttls`.
    pub service: ProbeService,
    /// What the probe saw, or `None` when it failed before that (`failure`).
    pub probe: Option<TlsProbe>,
    /// A timeout or a refusal of the allow rule.
    pub failure: Option<UpstreamFailure>,
    /// How long the probe took, milliseconds.
    pub elapsed_ms: u64,
}

impl ProbeAnswer {
    /// The engine's response to this probe.
    pub fn response(&self) -> Response {
        match (&self.probe, &self.failure) {
            (Some(probe), _) => Response::Tls(probe.clone()),
            (None, Some(failure)) => Response::Failed(failure.to_failure()),
            (None, None) => not_verified("it holds neither a probe nor a failure"),
        }
    }
}

/// `GET /api/tls?domain=D[&host=H&service=S]`: the probes of D's own hosts ([`probe_requests`]),
/// or of the one named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsAnswer {
    /// The domain, in A-labels.
    pub domain: String,
    /// One per host probed.
    pub probes: Vec<ProbeAnswer>,
}

impl TlsAnswer {
    /// The engine's response to its probe of `host`/`service`.
    pub fn response(&self, host: &str, service: ProbeService) -> Response {
        self.probes
            .iter()
            .find(|p| p.host.eq_ignore_ascii_case(host) && p.service == service)
            .map_or_else(|| not_verified(&format!("it has no probe of {host}")), ProbeAnswer::response)
    }
}

/// The answer of an API request that is not an answer: the server refused the request (400,
/// 403, 429) or its error. Such a failure is the server's, never the domain's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Why, in a sentence.
    pub error: String,
}

impl ApiError {
    /// The engine's response: could-not-verify, naming why the API did not answer.
    pub fn response(&self, status: u16) -> Response {
        Response::Failed(FailureKind::CouldNotVerify(format!("the mtasts serve API did not check this (HTTP {status}): {}", self.error)))
    }
}

fn not_verified(why: &str) -> Response {
    Response::Failed(FailureKind::CouldNotVerify(format!("the mtasts serve API's answer cannot be used: {why}")))
}

/// The TLS probes the engine asks for `domain` with [`super::CheckOptions::tls_probes`]: the
/// policy host on 443, then each MX host senders deliver to on 25 (from the MX answer, at most
/// [`super::MAX_PROBED_MX_HOSTS`]). A proxy probes these and nothing else for `domain`.
pub fn probe_requests(domain: &str, mx: Option<&Response>) -> Vec<RequestKind> {
    let mut kinds = vec![super::policy_host_probe(domain)];
    kinds.extend(super::mx_probes(mx, domain));
    kinds
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 with padding (RFC 4648 §4).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            let pad = i > chunk.len();
            out.push(if pad { '=' } else { char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]) });
        }
    }
    out
}

/// The bytes of padded base64 (RFC 4648 §4), or `None` when it is not that.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (index, chunk) in bytes.chunks(4).enumerate() {
        let last = index + 1 == bytes.len() / 4;
        let pad = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &b in &chunk[..4 - pad] {
            let value = ALPHABET.iter().position(|&a| a == b)?;
            n = n << 6 | value as u32;
        }
        n <<= 6 * pad as u32;
        let decoded = n.to_be_bytes();
        out.extend_from_slice(&decoded[1..4 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_refuses_what_it_is_not() {
        for (bytes, text) in
            [(&b""[..], ""), (b"f", "Zg=="), (b"fo", "Zm8="), (b"foo", "Zm9v"), (b"foobar", "Zm9vYmFy"), (b"\xff\xfe\x00", "//4A")]
        {
            assert_eq!(base64_encode(bytes), text);
            assert_eq!(base64_decode(text).as_deref(), Some(bytes), "{text}");
        }
        for bad in ["Zg=", "Zg==Zg==", "Z===", "Zm9v!A==", "===="] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    /// The field names and tags the browser's hand reader (crates/mtasts-wasm/src/check_api.rs)
    /// reads, pinned; and the JSON reads back as it was written.
    #[test]
    fn the_wire_shape_is_what_the_browser_reads() {
        let facts = super::super::CertificateFacts {
            subject: "CN=mx".into(),
            common_names: vec!["mx".into()],
            dns_names: vec!["mx.example.com".into()],
            issuer: "CN=CA".into(),
            not_before: 1,
            not_after: 2,
        };
        let handshake = TlsProbe::Handshake(super::super::Handshake {
            version: "TLSv1.3".into(),
            chain: vec![facts],
            trust: super::super::ChainTrust::Untrusted("self-signed".into()),
        });
        let answer = TlsAnswer {
            domain: "example.com".into(),
            probes: vec![ProbeAnswer {
                host: "mx.example.com".into(),
                port: 25,
                service: ProbeService::SmtpStarttls,
                probe: Some(handshake),
                failure: Some(UpstreamFailure::Refused("no".into())),
                elapsed_ms: 7,
            }],
        };
        let json = serde_json::to_value(&answer).expect("serializes");
        let probe = &json["probes"][0];
        assert_eq!((probe["service"].as_str(), probe["probe"]["outcome"].as_str()), (Some("smtp-starttls"), Some("handshake")));
        assert_eq!(probe["probe"]["trust"], serde_json::json!({ "verdict": "untrusted", "reason": "self-signed" }));
        assert_eq!(probe["probe"]["chain"][0]["dns_names"], serde_json::json!(["mx.example.com"]));
        assert_eq!(probe["failure"], serde_json::json!({ "kind": "refused", "message": "no" }));
        assert_eq!(serde_json::to_value(UpstreamFailure::Timeout).expect("serializes"), serde_json::json!({ "kind": "timeout" }));
        let back: TlsAnswer = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, answer);
        let reply = serde_json::to_value(UpstreamReply::new(200, vec![("a".into(), "b".into())], b"x", false)).expect("serializes");
        assert_eq!(reply, serde_json::json!({ "status": 200, "headers": [["a", "b"]], "body": "x", "base64": false, "truncated": false }));
    }

    #[test]
    fn answers_become_the_engines_responses() {
        let reply = UpstreamReply::new(301, vec![("Location".into(), "https://x.example/".into())], b"\xff", false);
        assert!(reply.base64);
        let answer = PolicyAnswer {
            domain: "example.com".into(),
            url: super::super::policy_url("example.com"),
            addresses: vec![],
            reply: Some(reply),
            failure: None,
            tls: None,
            elapsed_ms: 3,
        };
        let Response::Fetch(fetched) = answer.response() else { panic!("a fetch") };
        assert_eq!((fetched.status, fetched.redirect_location.as_deref(), fetched.body), (301, Some("https://x.example/"), vec![0xff]));
        let failed = PolicyAnswer { reply: None, failure: Some(UpstreamFailure::Timeout), ..answer.clone() };
        assert_eq!(failed.response(), Response::Failed(FailureKind::Timeout(TimeoutBy::Sender)));
        let empty = PolicyAnswer { reply: None, failure: None, ..answer };
        assert!(matches!(empty.response(), Response::Failed(FailureKind::CouldNotVerify(_))));
        let refused = ProbeAnswer {
            host: "mx.example.com".into(),
            port: 25,
            service: ProbeService::SmtpStarttls,
            probe: None,
            failure: Some(UpstreamFailure::Refused("`mx.example.com` resolves to 10.0.0.1 (private)".into())),
            elapsed_ms: 0,
        };
        assert!(matches!(refused.response(), Response::Failed(FailureKind::CouldNotVerify(m)) if m.contains("10.0.0.1")));

        let tls = TlsAnswer {
            domain: "example.com".into(),
            probes: vec![ProbeAnswer {
                host: "mx.example.com".into(),
                port: 25,
                service: ProbeService::SmtpStarttls,
                probe: Some(TlsProbe::StarttlsNotOffered { reply: "250 x".into() }),
                failure: None,
                elapsed_ms: 1,
            }],
        };
        assert!(matches!(tls.response("MX.example.com", ProbeService::SmtpStarttls), Response::Tls(TlsProbe::StarttlsNotOffered { .. })));
        assert!(matches!(tls.response("mx.example.com", ProbeService::Https), Response::Failed(FailureKind::CouldNotVerify(_))));
        assert!(
            matches!(ApiError { error: "no".into() }.response(429), Response::Failed(FailureKind::CouldNotVerify(m)) if m.contains("429"))
        );
    }
}
