//! The generator: from MX hosts (or a provider's preset) to a working MTA-STS set-up, and
//! safe changes to it afterwards.
//!
//! * [`generate`]: the policy, the `_mta-sts` TXT record with a fresh `id`, the
//!   `_smtp._tls` record for a report address, in zone-file and web-panel forms;
//! * [`Provider`]: the MX host shapes and patterns of the big mail providers;
//! * [`snippet`]: the policy host's configuration for a web server or hosting service;
//! * [`edit`], [`mx_change`], [`decommission`], [`rollout`]: what to publish, in which
//!   order, and when, for each kind of change.
//!
//! Pure functions: time comes in as `now` (Unix milliseconds, as the domain check takes it),
//! never read from a clock. Every output is re-checked by this crate's own rules before it
//! is returned (the policy lints clean, `fix_all` leaves it unchanged, its patterns cover
//! every host; each record lints clean as a value and as a zone-file line): see `verify.rs`.

mod change;
mod dns;
mod hosts;
mod patterns;
mod preset;
mod server;
mod time;
mod verify;

pub use change::{Change, Step, decommission, edit, mx_change, rollout};
pub use dns::{DnsRecord, RECORD_TTL, RecordType};
pub use hosts::{HostProblem, MxHosts, read_mx_hosts};
pub use patterns::patterns_for;
pub use preset::Provider;
pub use server::{Server, Snippet, SnippetFile, SnippetOptions, snippet};
pub use time::{Date, UtcTime};

use std::fmt;

use crate::idna::Idna;
use crate::mx;
use crate::policy::Mode;
use verify::Family;

/// `max_age` while testing: a week, so that a mistake found in the reports is gone from
/// senders' caches soon after it is fixed.
pub const TESTING_MAX_AGE: u32 = 604_800;

/// `max_age` in the steady state (`enforce`): two weeks, so that a policy outlives a
/// sender's outage or an attacker blocking the policy host for a while.
pub const STEADY_MAX_AGE: u32 = 1_209_600;

/// `max_age` of the `mode: none` policy that retires MTA-STS: a day, as RFC 8461 §8.3
/// suggests ("a small `max_age` (e.g., one day)").
pub const DECOMMISSION_MAX_AGE: u32 = 86_400;

/// The `max_age` a policy of `mode` gets.
pub const fn max_age_for(mode: Mode) -> u32 {
    match mode {
        Mode::Testing => TESTING_MAX_AGE,
        Mode::Enforce => STEADY_MAX_AGE,
        Mode::None => DECOMMISSION_MAX_AGE,
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The policy domain (`example.com`); without it, records use names relative to the zone.
    pub domain: Option<String>,
    /// The MX hosts, each entry in any form [`read_mx_hosts`] reads (a name, or pasted
    /// `dig` output with several).
    pub hosts: Vec<String>,
    /// The `mx` patterns, when a preset gives them; otherwise [`patterns_for`] the hosts.
    pub patterns: Option<Vec<String>>,
    /// The mode; start with [`Mode::Testing`].
    pub mode: Mode,
    /// Where TLS reports go: addresses (a bare one gets `mailto:`) or `mailto:`/`https:` URIs.
    /// Empty: no `_smtp._tls` record.
    pub rua: Vec<String>,
    /// Whether hosts sharing a parent may be covered by one `*.` pattern.
    pub wildcards: bool,
}

impl Request {
    /// A request for `hosts` in `testing` mode, names only, no report address.
    pub fn new(domain: Option<&str>, hosts: Vec<String>) -> Request {
        Request { domain: domain.map(str::to_string), hosts, patterns: None, mode: Mode::Testing, rua: Vec::new(), wildcards: false }
    }

    /// A request for a provider's MX hosts and patterns (see [`Provider::hosts`]).
    pub fn for_provider(domain: Option<&str>, provider: Provider) -> Result<Request, GenerateError> {
        let hosts = provider.hosts(domain)?;
        Ok(Request { patterns: Some(provider.patterns().iter().map(|p| (*p).to_string()).collect()), ..Request::new(domain, hosts) })
    }
}

/// A complete set-up: what to serve and what to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetUp {
    /// The policy domain, lowercase A-labels, when given.
    pub domain: Option<String>,
    /// The MX hosts covered, normalized.
    pub hosts: Vec<String>,
    /// The `mx` patterns of the policy.
    pub patterns: Vec<String>,
    /// The policy's mode.
    pub mode: Mode,
    /// The policy's `max_age`.
    pub max_age: u32,
    /// The `id` of the `_mta-sts` record.
    pub id: String,
    /// The policy file, LF line endings, to serve at [`SetUp::policy_url`].
    pub policy: String,
    /// The `_mta-sts` TXT record.
    pub sts: DnsRecord,
    /// The `_smtp._tls` TXT record, when a report address was given.
    pub tlsrpt: Option<DnsRecord>,
}

impl SetUp {
    /// Where senders fetch the policy (RFC 8461 §3.3), when the domain is known.
    pub fn policy_url(&self) -> Option<String> {
        self.domain.as_ref().map(|d| format!("https://mta-sts.{d}/.well-known/mta-sts.txt"))
    }

    /// The TXT records, `_mta-sts` first.
    pub fn records(&self) -> Vec<&DnsRecord> {
        std::iter::once(&self.sts).chain(&self.tlsrpt).collect()
    }

    /// What to publish, in order: the policy before the `_mta-sts` record, since a sender
    /// that finds the record goes on to fetch the policy (RFC 8461 §3.3), and a failed
    /// fetch is what reports and `enforce` senders then act on.
    pub fn publish_order(&self) -> Vec<String> {
        let url = self.policy_url().unwrap_or_else(|| "https://mta-sts.DOMAIN/.well-known/mta-sts.txt".into());
        let mut steps = vec![
            format!("Serve mta-sts.txt at {url} over HTTPS, status 200, Content-Type: text/plain, no redirect."),
            format!("Publish the _mta-sts TXT record ({}) once the policy is served.", self.sts.value),
        ];
        if let Some(tlsrpt) = &self.tlsrpt {
            steps.push(format!("Publish the _smtp._tls TXT record ({}) to receive daily TLS reports.", tlsrpt.value));
        }
        if self.mode == Mode::Testing {
            steps.push(format!(
                "Read the reports for a couple of weeks, then switch to `mode: enforce` with a new id (`--plan` dates every step; the steady max_age is {STEADY_MAX_AGE})."
            ));
        }
        steps
    }
}

/// Why nothing was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenerateError {
    /// No MX host was given.
    NoHosts,
    /// Some of the input is not an MX host name; nothing is generated rather than a policy
    /// that silently leaves a host out.
    Hosts(Vec<HostProblem>),
    /// The policy domain is not a valid domain name.
    Domain(String),
    /// A provider's MX host names (or a server's configuration) are made from the domain.
    DomainNeeded(&'static str),
    /// The report address does not make a valid `rua`; the record's problems.
    Rua(Vec<String>),
    /// A policy given to a change is not valid; its errors.
    Policy(Vec<String>),
    /// An output failed its re-check: a bug in the generator, never handed out.
    Unverified {
        /// Which output.
        what: &'static str,
        /// What the check found.
        problems: Vec<String>,
    },
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::NoHosts => f.write_str("no MX host given: name the hosts of your MX records, or a provider"),
            GenerateError::Hosts(problems) => {
                let each: Vec<String> = problems.iter().map(|p| format!("`{}`: {}", p.text, p.reason)).collect();
                write!(f, "not an MX host name: {}", each.join("; "))
            }
            GenerateError::Domain(why) => write!(f, "the domain is not valid: {why}"),
            GenerateError::DomainNeeded(what) => write!(f, "{what} needs the domain"),
            GenerateError::Rua(problems) => write!(f, "the report address does not make a valid TLS-RPT record: {}", problems.join("; ")),
            GenerateError::Policy(problems) => write!(f, "the policy has errors: {}", problems.join("; ")),
            GenerateError::Unverified { what, problems } => {
                write!(f, "internal error: the generated {what} fails its own check: {}", problems.join("; "))
            }
        }
    }
}

impl std::error::Error for GenerateError {}

/// Generates the policy and the records for `request` at the time `now` (Unix
/// milliseconds), each re-checked before it is returned.
pub fn generate(request: &Request, now: u64, idna: &dyn Idna) -> Result<SetUp, GenerateError> {
    let domain = request.domain.as_deref().map(|d| mx::normalize_host(d, idna).map_err(GenerateError::Domain)).transpose()?;
    let hosts = read_hosts(&request.hosts, idna)?;
    let patterns = request.patterns.clone().unwrap_or_else(|| patterns_for(&hosts, request.wildcards));
    let max_age = max_age_for(request.mode);
    let policy = policy_text(request.mode, &patterns, max_age);
    verify::policy(&policy, &hosts, idna)?;
    let id = UtcTime::from_unix_ms(now).id();
    let sts = sts_record(domain.as_deref(), &id, idna)?;
    let tlsrpt = tlsrpt_record(domain.as_deref(), &request.rua, idna)?;
    Ok(SetUp { domain, hosts, patterns, mode: request.mode, max_age, id, policy, sts, tlsrpt })
}

/// The hosts of every entry, or why some are not hosts.
fn read_hosts(entries: &[String], idna: &dyn Idna) -> Result<Vec<String>, GenerateError> {
    let read = read_mx_hosts(&entries.join("\n"), idna);
    if !read.problems.is_empty() {
        return Err(GenerateError::Hosts(read.problems));
    }
    if read.hosts.is_empty() {
        return Err(GenerateError::NoHosts);
    }
    Ok(read.hosts)
}

/// The policy file: the fields in the RFC's order, one `mx` line per pattern, LF endings.
pub fn policy_text(mode: Mode, patterns: &[String], max_age: u32) -> String {
    let mut text = format!("version: STSv1\nmode: {}\n", mode.as_str());
    for pattern in patterns {
        text.push_str("mx: ");
        text.push_str(pattern);
        text.push('\n');
    }
    text.push_str("max_age: ");
    text.push_str(&max_age.to_string());
    text.push('\n');
    text
}

/// The `_mta-sts` record with `id`, checked.
fn sts_record(domain: Option<&str>, id: &str, idna: &dyn Idna) -> Result<DnsRecord, GenerateError> {
    let record = DnsRecord::new("_mta-sts", domain, RecordType::Txt, format!("v=STSv1; id={id}"));
    verify::record(&record, Family::Sts, idna)?;
    Ok(record)
}

/// The `_smtp._tls` record for the report addresses, checked; `None` without any.
fn tlsrpt_record(domain: Option<&str>, rua: &[String], idna: &dyn Idna) -> Result<Option<DnsRecord>, GenerateError> {
    let uris: Vec<String> = rua.iter().map(|a| a.trim()).filter(|a| !a.is_empty()).map(report_uri).collect();
    if uris.is_empty() {
        return Ok(None);
    }
    let record = DnsRecord::new("_smtp._tls", domain, RecordType::Txt, format!("v=TLSRPTv1; rua={}", uris.join(",")));
    let problems = verify::record_problems(&record.value, Family::TlsRpt, idna);
    if !problems.is_empty() {
        return Err(GenerateError::Rua(problems));
    }
    verify::record(&record, Family::TlsRpt, idna)?;
    Ok(Some(record))
}

/// A report URI from what a user typed: a bare address gets `mailto:` (RFC 8460 §3 defines
/// only `mailto:` and `https:`); anything else is kept for the record's rules to judge.
fn report_uri(address: &str) -> String {
    let lower = address.to_ascii_lowercase();
    if !lower.starts_with("mailto:") && !lower.starts_with("https:") && !lower.starts_with("http:") && address.contains('@') {
        format!("mailto:{address}")
    } else {
        address.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idna::default_idna;

    const NOW: u64 = 1_776_945_600_000; // 2026-04-23T12:00:00Z

    fn request(hosts: &[&str]) -> Request {
        Request::new(Some("example.com"), hosts.iter().map(|h| (*h).to_string()).collect())
    }

    #[test]
    fn a_set_up_from_pasted_dig_output() {
        let mut r = request(&["10 mx1.example.com.\n20 mx2.example.com."]);
        r.rua = vec!["tlsrpt@example.com".into()];
        let s = generate(&r, NOW, default_idna()).expect("generated");
        assert_eq!(s.policy, "version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 604800\n");
        assert_eq!(s.sts.zone_line(), "_mta-sts.example.com. 3600 IN TXT \"v=STSv1; id=20260423120000\"");
        assert_eq!(s.sts.value, "v=STSv1; id=20260423120000");
        let tlsrpt = s.tlsrpt.clone().expect("a rua was given");
        assert_eq!(tlsrpt.value, "v=TLSRPTv1; rua=mailto:tlsrpt@example.com");
        assert_eq!(tlsrpt.host, "_smtp._tls");
        assert_eq!(s.policy_url().as_deref(), Some("https://mta-sts.example.com/.well-known/mta-sts.txt"));
    }

    #[test]
    fn enforce_gets_the_steady_max_age_and_wildcards_only_when_asked() {
        let mut r = request(&["mx1.example.com", "mx2.example.com"]);
        r.mode = Mode::Enforce;
        r.wildcards = true;
        let s = generate(&r, NOW, default_idna()).expect("generated");
        assert_eq!(s.policy, "version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 1209600\n");
    }

    #[test]
    fn bad_input_is_refused_with_why() {
        let idna = default_idna();
        assert_eq!(generate(&request(&[]), NOW, idna), Err(GenerateError::NoHosts));
        assert!(
            matches!(generate(&request(&["mx1.example.com", "10 192.0.2.1"]), NOW, idna), Err(GenerateError::Hosts(p)) if p.len() == 1)
        );
        let mut r = request(&["mx1.example.com"]);
        r.rua = vec!["http://reports.example.com/tlsrpt".into()];
        assert!(matches!(generate(&r, NOW, idna), Err(GenerateError::Rua(_))));
        r.rua = vec!["https://reports.example.com/tlsrpt".into(), "a@b.example".into()];
        let s = generate(&r, NOW, idna).expect("generated");
        assert_eq!(s.tlsrpt.map(|t| t.value).as_deref(), Some("v=TLSRPTv1; rua=https://reports.example.com/tlsrpt,mailto:a@b.example"));
        r.domain = Some("exa mple.com".into());
        assert!(matches!(generate(&r, NOW, idna), Err(GenerateError::Domain(_))));
    }

    #[test]
    fn a_preset_pattern_that_misses_a_host_is_never_handed_out() {
        let mut r = request(&["aspmx.l.google.com", "alt1.aspmx.l.google.com"]);
        r.patterns = Some(vec!["*.aspmx.l.google.com".into()]);
        assert!(matches!(generate(&r, NOW, default_idna()), Err(GenerateError::Unverified { what: "policy", .. })));
    }
}
