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
    /// Open a TLS connection to `host:port` the way a sender would and report what was seen
    /// ([`TlsProbe`]), judging nothing: the core matches names, dates and trust
    /// (RFC 8461 §4.2). Only asked for when [`super::CheckOptions::tls_probes`] says the
    /// driver can (a browser cannot open SMTP connections or read certificates).
    TlsProbe {
        /// The host name to connect to and to send as SNI (A-labels, no trailing dot).
        host: String,
        /// The TCP port: 443 for the policy host, 25 for an MX host.
        port: u16,
        /// What to speak before the handshake.
        service: ProbeService,
    },
}

/// What a TLS probe speaks before the handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum ProbeService {
    /// TLS from the first byte (the policy host, RFC 8461 §3.3).
    Https,
    /// SMTP: read the banner, `EHLO`, `STARTTLS` (RFC 3207), then the handshake; `QUIT` after.
    SmtpStarttls,
}

impl ProbeService {
    /// The stable name, as in request keys: `https`, `smtp-starttls`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProbeService::Https => "https",
            ProbeService::SmtpStarttls => "smtp-starttls",
        }
    }
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
            RequestKind::TlsProbe { host, port, service } => format!("TLS {}://{host}:{port}", service.as_str()),
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

/// One certificate as the server sent it, reduced to the facts the rules judge.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CertificateFacts {
    /// The subject, RFC 4514 string form (`CN=mx.example.com,O=…`), for people.
    pub subject: String,
    /// The subject's common names (`CN`), consulted only when there is no DNS name
    /// (RFC 6125 §6.4.4).
    pub common_names: Vec<String>,
    /// The `dNSName` entries of the subjectAltName extension, as written in the certificate.
    pub dns_names: Vec<String>,
    /// The issuer, RFC 4514 string form.
    pub issuer: String,
    /// Start of validity, Unix seconds.
    pub not_before: i64,
    /// End of validity, Unix seconds.
    pub not_after: i64,
}

/// Whether the chain leads to a root the driver trusts, checked **without** the host name
/// (the core matches names itself) at the time of the probe.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "verdict", content = "reason", rename_all = "lowercase"))]
pub enum ChainTrust {
    /// It chains to a trusted root.
    Trusted,
    /// It does not; the verifier's reason (`unknown issuer`, `self-signed`, `expired`, …).
    Untrusted(String),
}

/// A completed TLS handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Handshake {
    /// The protocol version agreed, as `TLSv1.2` or `TLSv1.3`.
    pub version: String,
    /// The certificates as sent, the server's own first.
    pub chain: Vec<CertificateFacts>,
    /// The trust verdict on the chain.
    pub trust: ChainTrust,
}

/// What a TLS probe saw. A timeout is [`Response::Failed`] with [`FailureKind::Timeout`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "outcome", rename_all = "kebab-case"))]
pub enum TlsProbe {
    /// The handshake completed (whatever the certificate says).
    Handshake(Handshake),
    /// No TCP connection: refused or unreachable (the driver's message says which).
    Unreachable {
        /// What the driver saw.
        message: String,
    },
    /// SMTP answered, but `EHLO` did not offer `STARTTLS` (or it was refused).
    StarttlsNotOffered {
        /// The server's reply lines, for people.
        reply: String,
    },
    /// The connection was made but the TLS handshake failed (alert, no common version or cipher).
    HandshakeFailed {
        /// What the driver saw.
        message: String,
    },
}

/// What the driver feeds back for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Response {
    /// A DNS answer, whatever its rcode.
    Dns(DnsAnswer),
    /// An HTTP response, whatever its status.
    Fetch(FetchResult),
    /// What a TLS probe saw.
    Tls(TlsProbe),
    /// No response.
    Failed(FailureKind),
}
