//! The live domain check, sans-I/O: the engine decides what to look up and judges
//! the answers; the caller does the DNS queries and HTTPS fetches however it can
//! (DNS over HTTPS and `fetch()` in a browser, a resolver natively, a script in
//! tests). No I/O and no clock inside: time comes in as `now` (on wasm32
//! `Instant::now()` panics), which keeps the engine deterministic and testable.
//!
//! Call order (as in quinn-proto):
//! 1. [`Checker::new`] reads the input (domain, email address or URL).
//! 2. [`Checker::poll_request`] until it returns `None`: every request it can already
//!    know of comes out at once, so a check costs one round trip — TXT `_mta-sts.D`,
//!    TXT `_smtp._tls.D`, MX `D`, A and AAAA `mta-sts.D`, the fetch of
//!    `https://mta-sts.D/.well-known/mta-sts.txt` and, with [`CheckOptions::tls_probes`],
//!    the TLS probe of `mta-sts.D:443`.
//! 3. [`Checker::handle_response`] once per request, in any order, as answers arrive.
//!    **Call [`Checker::poll_request`] again after every `handle_response`**: an answer
//!    may let the engine ask for more (with `tls_probes`, the MX answer brings one
//!    STARTTLS probe of port 25 per MX host, at most [`MAX_PROBED_MX_HOSTS`]).
//! 4. [`Checker::is_done`] says when every request issued has been answered and nothing
//!    is left to issue; [`Checker::report`] may be called at any time (missing answers
//!    show as could-not-verify).
//!
//! When the policy fetch cannot be seen into, the user can run the `curl` command
//! and paste the body: [`Checker::set_pasted_policy`] has it linted in its place
//! (marked `check/pasted-policy`; how it is served stays unverified). Pasted `curl -sv` or
//! `curl -i` output ([`PastedPolicy::read`]) carries the status and headers too, so the fetch
//! is judged from it (marked `check/pasted-response`).
//!
//! Honesty rule: a failure the caller cannot see into
//! ([`FailureKind::CouldNotVerify`], e.g. a browser's opaque CORS/TLS/DNS
//! `TypeError`) is never turned into a pass or a fail, and neither is the
//! checker's own deadline ([`TimeoutBy::Checker`]): only a vantage point that
//! fetches like a sender ([`TimeoutBy::Sender`]) may fail a domain for a timeout.

#[cfg(feature = "serde")]
pub mod api;
mod cause;
#[cfg(feature = "dns-wire")]
pub mod dns_wire;
mod id;
mod input;
mod level;
mod mx_names;
mod owners;
mod paste;
mod report;
mod reproduce;
mod request;
mod rules;
mod tls;

pub use id::{CheckId, PositionsIn};
pub use input::{DomainHint, InputError, domain_hint, parse_domain};
pub use level::{Deployment, Level, LevelBasis, NextStep, NextStepId};
pub use paste::{PasteForm, PastedPolicy};
pub use report::{CheckItem, CheckOutcome, CheckReport, CheckStatus, PolicySource};
pub use reproduce::{Command, Platform};
pub use request::{
    CertificateFacts, ChainTrust, DnsAnswer, DnsRecord, FailureKind, FetchResult, Handshake, ProbeService, Rcode, RecordData, RecordType,
    Request, RequestId, RequestKind, Response, TimeoutBy, TlsProbe,
};
pub use tls::{NameMatch, dns_id_matches, name_match};

use crate::idna::{Idna, default_idna};

/// What the caller kept from the previous check of the same domain (the page keeps
/// it in `localStorage`), to catch an `id` that was not changed with the policy
/// (RFC 8461 §3.1: senders refetch only when `id` changes).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PreviousCheck {
    /// The `id` of the `v=STSv1` record then.
    pub id: Option<String>,
    /// [`policy_hash`] of the policy body then; stored as [`PreviousCheck::hash_text`] (16 hex
    /// digits), since a 64-bit number does not survive a JavaScript reader of the JSON.
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_hash"))]
    pub policy_hash: Option<u64>,
}

impl PreviousCheck {
    /// From the `id` and the policy body as fetched then.
    pub fn from_body(id: Option<String>, body: &[u8]) -> Self {
        Self { id, policy_hash: Some(policy_hash(body)) }
    }

    /// How a policy hash is stored: 16 lowercase hex digits.
    pub fn hash_text(hash: u64) -> String {
        format!("{hash:016x}")
    }

    /// A stored policy hash read back: 1 to 16 hex digits, nothing else (no sign, no spaces).
    pub fn parse_hash(text: &str) -> Option<u64> {
        let digits = !text.is_empty() && text.len() <= 16 && text.bytes().all(|b| b.is_ascii_hexdigit());
        digits.then(|| u64::from_str_radix(text, 16).ok()).flatten()
    }
}

#[cfg(feature = "serde")]
#[expect(clippy::ref_option, reason = "the signature `serialize_with` calls")]
fn serialize_hash<S: serde::Serializer>(hash: &Option<u64>, serializer: S) -> Result<S::Ok, S::Error> {
    match hash {
        Some(h) => serializer.serialize_str(&PreviousCheck::hash_text(*h)),
        None => serializer.serialize_none(),
    }
}

/// A stable 64-bit FNV-1a hash of a policy body, byte for byte (a changed line
/// ending is a changed policy). Stable across builds, so it can be stored.
pub fn policy_hash(body: &[u8]) -> u64 {
    body.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Options of a check.
#[derive(Clone, Default)]
pub struct CheckOptions {
    /// The previous check of this domain, if the caller kept one.
    pub previous: Option<PreviousCheck>,
    /// The IDNA converter; [`default_idna`] when `None`.
    pub idna: Option<&'static dyn Idna>,
    /// Whether the driver can answer [`RequestKind::TlsProbe`] (a native driver, or a page
    /// served by `mtasts serve`); a browser alone cannot.
    pub tls_probes: bool,
}

impl std::fmt::Debug for CheckOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckOptions")
            .field("previous", &self.previous)
            .field("idna", &self.idna.is_some())
            .field("tls_probes", &self.tls_probes)
            .finish()
    }
}

/// Slots of the first requests, in issue order (the TLS probes follow them).
pub(crate) const STS: usize = 0;
pub(crate) const TLSRPT: usize = 1;
pub(crate) const MX: usize = 2;
pub(crate) const HOST_A: usize = 3;
pub(crate) const HOST_AAAA: usize = 4;
pub(crate) const FETCH: usize = 5;

/// At most this many MX hosts get a STARTTLS probe, the first by preference; the rest are
/// named in `mx-tls` as not probed (docs/ROBUSTNESS.md, budgets): a domain with hundreds of
/// MX hosts costs a bounded number of connections.
pub const MAX_PROBED_MX_HOSTS: usize = 10;

/// A domain check in progress; see the module documentation for the call order.
#[derive(Debug)]
pub struct Checker {
    domain: String,
    options: CheckOptions,
    now: u64,
    /// Every request issued or to issue, in issue order; a request's id is its index.
    requests: Vec<Request>,
    next: usize,
    /// The answer to each request, by index.
    responses: Vec<Option<Response>>,
    pasted: Option<PastedPolicy>,
}

impl Checker {
    /// Starts a check of the domain in `input` (a domain, an email address or a
    /// URL); `now` is the current time in Unix milliseconds, recorded in the report.
    pub fn new(input: &str, options: CheckOptions, now: u64) -> Result<Checker, InputError> {
        let idna = options.idna.unwrap_or_else(default_idna);
        let domain = parse_domain(input, idna)?;
        let dns = |name: String, rtype| RequestKind::Dns { name, rtype };
        let mut kinds = vec![
            dns(format!("_mta-sts.{domain}"), RecordType::Txt),
            dns(format!("_smtp._tls.{domain}"), RecordType::Txt),
            dns(domain.clone(), RecordType::Mx),
            dns(format!("mta-sts.{domain}"), RecordType::A),
            dns(format!("mta-sts.{domain}"), RecordType::Aaaa),
            RequestKind::Fetch { url: policy_url(&domain) },
        ];
        if options.tls_probes {
            kinds.push(policy_host_probe(&domain));
        }
        let mut checker = Checker { domain, options, now, requests: Vec::new(), next: 0, responses: Vec::new(), pasted: None };
        for kind in kinds {
            checker.push(kind);
        }
        Ok(checker)
    }

    fn push(&mut self, kind: RequestKind) {
        self.requests.push(Request { id: RequestId(self.requests.len() as u32), kind });
        self.responses.push(None);
    }

    /// What was kept from the previous check of this domain, when it is known only once the
    /// domain is (a portfolio driver looks it up by [`Checker::domain`]); replaces
    /// [`CheckOptions::previous`].
    pub fn set_previous(&mut self, previous: PreviousCheck) {
        self.options.previous = Some(previous);
    }

    /// The domain being checked, in A-labels.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The next request to perform, or `None` when all known so far have been handed out
    /// (call it again after each [`Checker::handle_response`]: answers may bring more).
    pub fn poll_request(&mut self) -> Option<Request> {
        let request = self.requests.get(self.next).cloned();
        self.next += usize::from(request.is_some());
        request
    }

    /// Feeds the outcome of request `id`. Returns `false` (and ignores it) for an
    /// unknown id, one not yet handed out, or one already answered: the first answer wins.
    pub fn handle_response(&mut self, id: RequestId, response: Response) -> bool {
        let index = id.0 as usize;
        match self.responses.get_mut(index) {
            Some(slot @ None) if index < self.next => *slot = Some(response),
            _ => return false,
        }
        if index == MX && self.options.tls_probes {
            for kind in mx_probes(self.responses[MX].as_ref(), &self.domain) {
                self.push(kind);
            }
        }
        true
    }

    /// What the user pasted from the `curl` command of the `policy-fetch` check: the body, or
    /// the whole `curl -sv` / `curl -i` output ([`PastedPolicy::read`] tells them apart). It is
    /// used only when the fetch could not be seen into ([`FailureKind::CouldNotVerify`], the
    /// checker's own deadline [`TimeoutBy::Checker`], or no answer yet): a body the fetch did
    /// read, and a fetch that visibly failed, always win over pasted text.
    pub fn set_pasted_policy(&mut self, text: impl AsRef<[u8]>) {
        self.set_pasted(PastedPolicy::read(text.as_ref()));
    }

    /// [`Checker::set_pasted_policy`] with the paste already read (or taken as a body:
    /// [`PastedPolicy::body`]).
    pub fn set_pasted(&mut self, pasted: PastedPolicy) {
        self.pasted = Some(pasted);
    }

    /// The bytes that [`CheckReport::policy`] was linted from, as named by
    /// [`CheckReport::policy_source`]: diagnostic ranges refer to them.
    pub fn policy_body(&self, source: PolicySource) -> Option<&[u8]> {
        match source {
            PolicySource::Fetched => match &self.responses[FETCH] {
                Some(Response::Fetch(r)) => Some(&r.body),
                _ => None,
            },
            PolicySource::Pasted => self.pasted.as_ref().map(|p| p.body.as_slice()),
        }
    }

    /// Whether every request issued has been answered and nothing is left to issue.
    pub fn is_done(&self) -> bool {
        self.next == self.requests.len() && self.responses.iter().all(Option::is_some)
    }

    /// The report from the answers so far.
    pub fn report(&self) -> CheckReport {
        let idna = self.options.idna.unwrap_or_else(default_idna);
        rules::evaluate(&rules::Inputs {
            domain: &self.domain,
            idna,
            previous: self.options.previous.as_ref(),
            now: self.now,
            tls_probes: self.options.tls_probes,
            requests: &self.requests,
            responses: &self.responses,
            pasted: self.pasted.as_ref(),
        })
    }
}

/// The TLS probe of the policy host `mta-sts.<domain>` on 443.
pub(crate) fn policy_host_probe(domain: &str) -> RequestKind {
    RequestKind::TlsProbe { host: format!("mta-sts.{domain}"), port: 443, service: ProbeService::Https }
}

/// The STARTTLS probes of the MX hosts the MX answer names (at most [`MAX_PROBED_MX_HOSTS`]).
pub(crate) fn mx_probes(mx: Option<&Response>, domain: &str) -> Vec<RequestKind> {
    rules::probe_hosts(mx, domain)
        .into_iter()
        .take(MAX_PROBED_MX_HOSTS)
        .map(|host| RequestKind::TlsProbe { host, port: 25, service: ProbeService::SmtpStarttls })
        .collect()
}

/// Where senders fetch the policy (RFC 8461 §3.3).
pub fn policy_url(domain: &str) -> String {
    format!("https://mta-sts.{domain}/.well-known/mta-sts.txt")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(records: Vec<DnsRecord>) -> Response {
        Response::Dns(DnsAnswer { rcode: Rcode::NoError, records, authenticated_data: false })
    }

    #[test]
    fn all_requests_come_at_once_and_each_is_answered_once() {
        let mut c = Checker::new("user@Example.com", CheckOptions::default(), 0).expect("valid input");
        let keys: Vec<String> = std::iter::from_fn(|| c.poll_request()).map(|r| r.key()).collect();
        assert_eq!(
            keys,
            [
                "TXT _mta-sts.example.com",
                "TXT _smtp._tls.example.com",
                "MX example.com",
                "A mta-sts.example.com",
                "AAAA mta-sts.example.com",
                "FETCH https://mta-sts.example.com/.well-known/mta-sts.txt",
            ]
        );
        assert!(c.poll_request().is_none());
        assert!(c.handle_response(RequestId(0), answer(Vec::new())));
        assert!(!c.handle_response(RequestId(0), answer(Vec::new())), "the first answer wins");
        assert!(!c.handle_response(RequestId(99), answer(Vec::new())), "unknown id");
        assert!(!c.is_done());
    }

    fn mx_answer(hosts: &[&str]) -> Response {
        let records = hosts.iter().map(|h| DnsRecord { name: "example.com".into(), data: RecordData::Mx(10, (*h).into()) }).collect();
        answer(records)
    }

    /// The request keys handed out after the MX answer `mx`, with TLS probes on.
    fn probes_after(mx: Response) -> Vec<String> {
        let options = CheckOptions { tls_probes: true, ..CheckOptions::default() };
        let mut c = Checker::new("example.com", options, 0).expect("valid input");
        let first: Vec<String> = std::iter::from_fn(|| c.poll_request()).map(|r| r.key()).collect();
        assert_eq!(first.len(), 7);
        assert_eq!(first[6], "TLS https://mta-sts.example.com:443", "the policy host probe is in the first round");
        assert!(c.handle_response(RequestId(MX as u32), mx));
        std::iter::from_fn(|| c.poll_request()).map(|r| r.key()).collect()
    }

    #[test]
    fn the_mx_answer_brings_one_probe_per_distinct_host_within_the_budget() {
        assert_eq!(
            probes_after(mx_answer(&["MX1.example.com.", "mx2.example.com", "mx1.example.com"])),
            ["TLS smtp-starttls://mx1.example.com:25", "TLS smtp-starttls://mx2.example.com:25"]
        );
        assert_eq!(probes_after(answer(Vec::new())), ["TLS smtp-starttls://example.com:25"], "implicit MX: the domain itself");
        assert!(probes_after(mx_answer(&["."])).is_empty(), "null MX: nothing to probe");
        assert!(probes_after(Response::Failed(FailureKind::Network("refused".into()))).is_empty());
        let many: Vec<String> = (0..25).map(|i| format!("mx{i:02}.example.com")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(probes_after(mx_answer(&many)).len(), MAX_PROBED_MX_HOSTS);
        // Records of another owner do not become probes.
        let injected = answer(vec![DnsRecord { name: "evil.example".into(), data: RecordData::Mx(1, "mx.evil.example".into()) }]);
        assert_eq!(probes_after(injected), ["TLS smtp-starttls://example.com:25"]);
    }

    #[test]
    fn done_means_every_issued_request_answered_and_nothing_left_to_issue() {
        let options = CheckOptions { tls_probes: true, ..CheckOptions::default() };
        let mut c = Checker::new("example.com", options, 0).expect("valid input");
        let first: Vec<Request> = std::iter::from_fn(|| c.poll_request()).collect();
        assert!(!c.handle_response(RequestId(7), answer(Vec::new())), "not issued yet");
        for r in &first {
            let response = if r.id.0 as usize == MX { mx_answer(&["mx.example.com"]) } else { answer(Vec::new()) };
            assert!(c.handle_response(r.id, response));
        }
        assert!(!c.is_done(), "the MX probe is still to be handed out");
        let probe = c.poll_request().expect("the MX probe");
        assert!(!c.is_done());
        assert!(c.handle_response(probe.id, Response::Failed(FailureKind::Timeout(TimeoutBy::Sender))));
        assert!(c.is_done());
        assert!(c.poll_request().is_none());
    }

    #[test]
    fn missing_answers_are_never_a_pass_or_a_fail() {
        let c = Checker::new("example.com", CheckOptions::default(), 5).expect("valid input");
        let report = c.report();
        assert_eq!(report.checked_at, 5);
        for item in &report.checks {
            assert!(matches!(item.status, CheckStatus::CouldNotVerify | CheckStatus::Skipped), "{}: {:?}", item.id, item.status);
            assert!(!item.reproduce.is_empty());
        }
    }

    /// A checker for `example.com` with the fetch answered by `fetch` and the policy `pasted`.
    fn with_fetch(fetch: Response, pasted: &str) -> Checker {
        let mut c = Checker::new("example.com", CheckOptions::default(), 0).expect("valid input");
        while c.poll_request().is_some() {}
        c.set_pasted_policy(pasted);
        assert!(c.handle_response(RequestId(FETCH as u32), fetch));
        c
    }

    #[test]
    fn pasted_policy_is_used_only_when_the_fetch_was_not_seen() {
        let pasted = "version: STSv1\nmode: testing\nmx: *.example.com\nmax_age: 86400\n";
        let unseen = with_fetch(Response::Failed(FailureKind::CouldNotVerify("TypeError".into())), pasted);
        let report = unseen.report();
        assert_eq!(report.policy_source, Some(PolicySource::Pasted));
        assert_eq!(unseen.policy_body(PolicySource::Pasted), Some(pasted.as_bytes()));
        assert_eq!(report.check(CheckId::PolicyFetch).map(|c| c.status), Some(CheckStatus::CouldNotVerify));
        assert_eq!(report.previous.and_then(|p| p.policy_hash), None, "a pasted body is never remembered as the served one");

        let body = b"version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n".to_vec();
        let fetched = FetchResult {
            status: 200,
            redirect_location: None,
            content_type: Some("text/plain".into()),
            body: body.clone(),
            truncated: false,
        };
        let seen = with_fetch(Response::Fetch(fetched), pasted);
        assert_eq!(seen.report().policy_source, Some(PolicySource::Fetched));
        assert_eq!(seen.policy_body(PolicySource::Fetched), Some(&body[..]));

        let missing = FetchResult { status: 404, redirect_location: None, content_type: None, body: Vec::new(), truncated: false };
        let report = with_fetch(Response::Fetch(missing), pasted).report();
        assert_eq!((report.policy_source, report.policy), (None, None), "a visible 404 is not replaced by pasted text");
    }

    #[test]
    fn previous_check_round_trips() {
        let body = b"version: STSv1\nmode: none\nmax_age: 86400\n";
        assert_eq!(PreviousCheck::from_body(None, body).policy_hash, Some(policy_hash(body)));
        assert_ne!(policy_hash(body), policy_hash(b"version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n"));
        let hash = policy_hash(body);
        assert_eq!(PreviousCheck::parse_hash(&PreviousCheck::hash_text(hash)), Some(hash));
        assert_eq!(PreviousCheck::hash_text(1), "0000000000000001");
        for bad in ["", "+1", "-1", " 1", "0x1", "00000000000000001", "g"] {
            assert_eq!(PreviousCheck::parse_hash(bad), None, "{bad:?}");
        }
    }
}
