//! What the engine asks for ([`Request`]) and what the driver feeds back ([`Response`]).
//!
//! The types carry only what the rules need, so any transport fits: DNS over
//! HTTPS in the browser, a system resolver natively, a script in tests.

/// Identifies one request; pass it back to [`super::Checker::handle_response`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RequestId(pub u32);

/// A DNS record type the checks use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "UPPERCASE"))]
pub enum RecordType {
    /// TXT (RFC 1035 §3.3.14).
    Txt,
    /// MX (RFC 1035 §3.3.9).
    Mx,
    /// IPv4 address.
    A,
    /// IPv6 address (RFC 3596).
    Aaaa,
    /// Alias (RFC 1035 §3.3.1).
    Cname,
}

impl RecordType {
    /// The type's mnemonic, as `dig` writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            RecordType::Txt => "TXT",
            RecordType::Mx => "MX",
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Cname => "CNAME",
        }
    }
}

/// What to do for the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "lowercase"))]
pub enum RequestKind {
    /// Resolve `name` for `rtype`, following CNAMEs, with the AD bit requested.
    Dns {
        /// The name to look up (A-labels, no trailing dot).
        name: String,
        /// The record type.
        rtype: RecordType,
    },
    /// GET `url` over HTTPS **without following redirects** (RFC 8461 §3.3): a
    /// redirect must come back as its 3xx status.
    Fetch {
        /// The URL.
        url: String,
    },
}

/// One request with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Request {
    /// Pass it back with the response.
    pub id: RequestId,
    /// What to do.
    pub kind: RequestKind,
}

impl Request {
    /// A short key such as `TXT _mta-sts.example.com` or `FETCH https://…`, for logs and test scripts.
    pub fn key(&self) -> String {
        match &self.kind {
            RequestKind::Dns { name, rtype } => format!("{} {name}", rtype.as_str()),
            RequestKind::Fetch { url } => format!("FETCH {url}"),
        }
    }
}

/// The DNS response code (RFC 1035 §4.1.1, RFC 6895).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Rcode {
    /// The name exists (the answer may still be empty: NODATA).
    NoError,
    /// The name does not exist.
    NxDomain,
    /// The server failed; nothing is known.
    ServFail,
    /// The server refused the query.
    Refused,
    /// Any other code.
    Other(u16),
}

/// The data of one resource record.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum RecordData {
    /// The character-strings of a TXT record, not yet joined.
    Txt(Vec<String>),
    /// Preference and exchange host.
    Mx(u16, String),
    /// An IPv4 address.
    A(std::net::Ipv4Addr),
    /// An IPv6 address.
    Aaaa(std::net::Ipv6Addr),
    /// The alias target.
    Cname(String),
}

/// One resource record of the answer section.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DnsRecord {
    /// The owner name.
    pub name: String,
    /// The data.
    pub data: RecordData,
}

/// A DNS answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DnsAnswer {
    /// The response code.
    pub rcode: Rcode,
    /// The answer section, CNAMEs included.
    pub records: Vec<DnsRecord>,
    /// The AD flag: the resolver validated the answer with DNSSEC (RFC 4035 §3.2.3).
    pub authenticated_data: bool,
}

/// The outcome of an HTTPS GET that was not redirected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FetchResult {
    /// The HTTP status; `0` when the transport saw a redirect but not its status, as a
    /// browser's `fetch(url, { redirect: "manual" })` does (an `opaqueredirect` response has
    /// status 0 and no headers, by the Fetch Standard).
    pub status: u16,
    /// The `Location` header of a redirect, when visible.
    pub redirect_location: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The body (the driver may stop reading after a little over 64 KiB).
    pub body: Vec<u8>,
    /// Whether the driver stopped reading before the end of the body.
    pub truncated: bool,
}

/// Whose time limit ended a request: only a timeout met the way a sender fetches says anything
/// about the domain. The checker's own deadline proves nothing: the host may just be slower than
/// this check waits, and senders may wait longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum TimeoutBy {
    /// A vantage point that fetches like a sender timed out: a native check, or a policy proxy
    /// reporting that its own fetch of the policy timed out (docs/PROXY.md, HTTP 504).
    Sender,
    /// The checker's own deadline passed: a browser's `timeoutMs`, or a proxy that did not
    /// answer in time.
    Checker,
}

/// Why a request produced no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum FailureKind {
    /// No answer in time; whose deadline it was decides whether it counts against the domain.
    Timeout(TimeoutBy),
    /// A failure the driver could see: refused connection, TLS error, unreachable resolver.
    Network(String),
    /// A failure the driver cannot see into, such as a browser's opaque `TypeError`
    /// (CORS, DNS and TLS look the same). It is never reported as a pass or a fail.
    CouldNotVerify(String),
}

/// What the driver feeds back for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Response {
    /// A DNS answer, whatever its rcode.
    Dns(DnsAnswer),
    /// An HTTP response, whatever its status.
    Fetch(FetchResult),
    /// No response.
    Failed(FailureKind),
}
