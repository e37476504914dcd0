//! The checks: each turns answers into a [`CheckItem`] with coded diagnostics.

use super::id::CheckId;
use super::mx_names;
use super::paste::PastedPolicy;
use super::report::{CheckItem, CheckReport, CheckStatus, PolicySource};
use super::request::{DnsAnswer, FailureKind, ProbeService, Rcode, RecordData, Request, RequestKind, Response, TimeoutBy};
use super::{
    FETCH, HOST_A, HOST_AAAA, MX, PreviousCheck, STS, TLSRPT, cause, level, owners, paste, policy_hash, policy_url, reproduce, tls,
};
use crate::code::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::idna::Idna;
use crate::policy::{self, MAX_POLICY_SIZE, Mode, PolicyReport};
use crate::record::{RecordSetReport, StsRecord, TlsRptRecord};
use crate::text::TextRange;
use crate::{mx, record};

pub(super) struct Inputs<'a> {
    pub(super) domain: &'a str,
    pub(super) idna: &'a dyn Idna,
    pub(super) previous: Option<&'a PreviousCheck>,
    pub(super) now: u64,
    pub(super) tls_probes: bool,
    pub(super) requests: &'a [Request],
    pub(super) responses: &'a [Option<Response>],
    pub(super) pasted: Option<&'a PastedPolicy>,
}

fn diag(code: Code, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(code, TextRange::empty(0), message)
}

fn item(id: CheckId, diagnostics: Vec<Diagnostic>, reproduce: String) -> CheckItem {
    let status = CheckStatus::from_diagnostics(&diagnostics);
    CheckItem { id, status, diagnostics, reproduce, commands: Vec::new() }
}

fn with_status(mut item: CheckItem, status: CheckStatus) -> CheckItem {
    item.status = status;
    item
}

/// A DNS answer to `qname` with only the records it owns (or its CNAME chain), and the note
/// on the records of other owners left out ([`owners::owned`]); or why there is no answer.
/// SERVFAIL and REFUSED say nothing about the zone, so they are "unknown", never "missing".
fn lookup(response: Option<&Response>, qname: &str) -> Result<(DnsAnswer, Option<Diagnostic>), String> {
    match response {
        None => Err("no answer has arrived yet".into()),
        Some(Response::Dns(a)) if matches!(a.rcode, Rcode::NoError | Rcode::NxDomain) => Ok(owners::owned(a, qname)),
        Some(Response::Dns(a)) => Err(format!("the resolver answered {:?}", a.rcode)),
        Some(Response::Failed(kind)) => Err(describe_failure(kind)),
        Some(Response::Fetch(_) | Response::Tls(_)) => Err("the transport did not return a DNS answer to a DNS query".into()),
    }
}

fn describe_failure(kind: &FailureKind) -> String {
    match kind {
        FailureKind::Timeout(TimeoutBy::Sender) => "the request timed out".into(),
        FailureKind::Timeout(TimeoutBy::Checker) => "this check stopped waiting at its own time limit".into(),
        FailureKind::Network(m) => format!("the request failed: {m}"),
        FailureKind::CouldNotVerify(m) => format!("the result could not be seen from here: {m}"),
    }
}

fn lookup_failed(name: &str, why: &str) -> Diagnostic {
    diag(Code::DnsLookupFailed, format!("The lookup of `{name}` failed ({why}); this could not be verified."))
}

/// Shows each alias the resolver followed (RFC 1034 §3.6.2).
fn push_cnames(answer: &DnsAnswer, out: &mut Vec<Diagnostic>) {
    for r in &answer.records {
        if let RecordData::Cname(target) = &r.data {
            out.push(diag(Code::DnsCname, format!("`{}` is an alias (CNAME) of `{target}`; the records shown are the target's.", r.name)));
        }
    }
}

/// The TXT records, each joined from its character-strings with no separator (RFC 8461 §3.1).
fn txt_records(answer: &DnsAnswer) -> Vec<String> {
    answer
        .records
        .iter()
        .filter_map(|r| match &r.data {
            RecordData::Txt(parts) => Some(parts.concat()),
            _ => None,
        })
        .collect()
}

fn absent(answer: &DnsAnswer, name: &str) -> String {
    if answer.rcode == Rcode::NxDomain { format!("`{name}` does not exist (NXDOMAIN)") } else { format!("`{name}` has no TXT record") }
}

fn push_ad(answer: &DnsAnswer, out: &mut Vec<Diagnostic>) {
    out.push(if answer.authenticated_data {
        diag(Code::DnsAuthenticated, "The resolver validated this answer with DNSSEC (AD flag set).")
    } else {
        diag(Code::DnsNotAuthenticated, "This answer is not DNSSEC-validated (AD flag not set). MTA-STS works without DNSSEC; its protection comes from the HTTPS policy.")
    });
}

/// What a failed MX host probe means under the policy's mode (as for an uncovered host,
/// [`policy::uncovered`]): senders refuse in `enforce`, report in `testing`, ignore with `none`.
fn mx_stakes(mode: Option<Mode>) -> tls::Stakes {
    let (severity, consequence) = match mode {
        Some(Mode::Enforce) => (Severity::Error, "senders that enforce MTA-STS will refuse delivery to this host"),
        Some(Mode::Testing) => (
            Severity::Warning,
            "in `enforce`, senders would refuse delivery to this host; in `testing` they deliver and report the failure",
        ),
        Some(Mode::None) => (Severity::Info, "nothing happens for now: with `mode: none` senders apply no policy"),
        None => (Severity::Warning, "once a policy in `enforce` applies, senders will refuse delivery to this host"),
    };
    tls::Stakes { severity, consequence }
}

/// What an MX answer names.
enum MxList {
    /// No MX records: senders deliver to the domain itself (RFC 5321 §5.1).
    Implicit,
    /// A null MX, `0 .` (RFC 7505).
    Null,
    /// The distinct hosts by preference, lower-case, without the trailing dot.
    Hosts(Vec<String>),
}

fn mx_list(answer: &DnsAnswer) -> MxList {
    let mut mxs: Vec<(u16, String)> = answer
        .records
        .iter()
        .filter_map(|r| match &r.data {
            RecordData::Mx(pref, host) => Some((*pref, host.trim().trim_end_matches('.').to_ascii_lowercase())),
            _ => None,
        })
        .collect();
    mxs.sort();
    if mxs.is_empty() {
        return MxList::Implicit;
    }
    if mxs.len() == 1 && mxs[0].1.is_empty() {
        return MxList::Null;
    }
    // A set beside the list keeps this linear in a large MX answer (docs/ROBUSTNESS.md).
    let mut seen = std::collections::HashSet::new();
    let hosts = mxs.into_iter().map(|(_, host)| host).filter(|host| !host.is_empty() && seen.insert(host.clone())).collect();
    MxList::Hosts(hosts)
}

/// The hosts senders deliver to, by preference, from the MX answer as the `mx` check reads it
/// (owner-checked; the domain itself for an implicit MX; none for a null MX or a failed lookup):
/// the hosts the engine probes on port 25.
pub(super) fn probe_hosts(response: Option<&Response>, domain: &str) -> Vec<String> {
    match lookup(response, domain).map(|(answer, _)| mx_list(&answer)) {
        Ok(MxList::Implicit) => vec![domain.to_string()],
        Ok(MxList::Hosts(hosts)) => hosts,
        Ok(MxList::Null) | Err(_) => Vec::new(),
    }
}

/// What the policy fetch told us.
enum Fetched {
    /// 200, `text/plain`, at most 64 KiB: what senders would read.
    Usable,
    /// Senders cannot use the policy (the diagnostics say why).
    Unusable,
    /// Could not be seen from here.
    Unknown,
}

/// What the checks learn, passed from one to the next.
struct State<'a> {
    inputs: &'a Inputs<'a>,
    url: String,
    checks: Vec<CheckItem>,
    sts: Option<RecordSetReport<StsRecord>>,
    sts_known: bool,
    tlsrpt: Option<RecordSetReport<TlsRptRecord>>,
    mx_hosts: Vec<String>,
    mx_known: bool,
    null_mx: bool,
    host_resolves: Option<bool>,
    fetched: Fetched,
    body: Option<&'a [u8]>,
    policy: Option<PolicyReport<'static>>,
    policy_source: Option<PolicySource>,
    coverage: Option<mx::Coverage>,
    /// Where the fetch answer judged came from: the driver, or a pasted `curl` transcript
    /// ([`paste::judged_fetch`]).
    fetch_source: PolicySource,
}

/// Runs every check, in report order; later checks use what earlier ones learnt. Then the
/// whole-report parts: the cause when nothing could be looked up, the commands of each check,
/// the records in `dig` form and the deployment level.
pub(super) fn evaluate(given: &Inputs<'_>) -> CheckReport {
    let slot = |s: usize| given.responses.get(s).and_then(Option::as_ref);
    let cause = cause::resolvers_unreachable(&[STS, TLSRPT, MX, HOST_A, HOST_AAAA].map(slot), given.domain);
    let (fetch, fetch_pasted) = paste::judged_fetch(slot(FETCH), given.pasted, cause.is_some());
    let mut responses = given.responses.to_vec();
    if let Some(f) = responses.get_mut(FETCH) {
        *f = fetch;
    }
    let inputs = &Inputs {
        domain: given.domain,
        idna: given.idna,
        previous: given.previous,
        now: given.now,
        tls_probes: given.tls_probes,
        requests: given.requests,
        responses: &responses,
        pasted: given.pasted,
    };
    let mut st = State {
        inputs,
        url: policy_url(inputs.domain),
        checks: Vec::new(),
        sts: None,
        sts_known: false,
        tlsrpt: None,
        mx_hosts: Vec::new(),
        mx_known: false,
        null_mx: false,
        host_resolves: None,
        fetched: Fetched::Unknown,
        body: None,
        policy: None,
        policy_source: None,
        coverage: None,
        fetch_source: if fetch_pasted { PolicySource::Pasted } else { PolicySource::Fetched },
    };
    st.sts_record();
    st.tlsrpt_record();
    st.mx();
    st.policy_host();
    st.policy_host_tls();
    st.policy_fetch();
    st.policy_syntax();
    st.mx_coverage();
    st.mx_tls();
    let previous = st.consistency();
    let mut checks = st.checks;
    for c in &mut checks {
        if fetch_pasted && c.id == CheckId::PolicyFetch {
            let form = given.pasted.map_or("", |p| p.form.describe());
            c.diagnostics.push(diag(
                Code::CheckPastedResponse,
                format!(
                    "Judged from the pasted {form}: what that `curl` saw (status, `Content-Type`, redirect, body), not a fetch from here."
                ),
            ));
        }
        if cause.is_some() && c.status == CheckStatus::CouldNotVerify {
            c.diagnostics.retain(|d| !cause::said_by_cause(d.code));
        }
        c.commands = reproduce::commands(c.id, &c.reproduce, inputs.domain, &st.mx_hosts);
    }
    let mut report = CheckReport {
        domain: inputs.domain.to_string(),
        checked_at: inputs.now,
        checks,
        policy: st.policy,
        policy_source: st.policy_source,
        sts: st.sts,
        tlsrpt: st.tlsrpt,
        mx_hosts: st.mx_hosts,
        coverage: st.coverage,
        previous,
        sts_dig: slot(STS).and_then(|r| dig_form(r, &format!("_mta-sts.{}", inputs.domain))),
        tlsrpt_dig: slot(TLSRPT).and_then(|r| dig_form(r, &format!("_smtp._tls.{}", inputs.domain))),
        cause,
        level: level::Deployment::placeholder(),
    };
    report.level = level::assess(&report);
    report
}

/// The TXT records of `qname` in `response`, one per line in `dig` presentation form.
fn dig_form(response: &Response, qname: &str) -> Option<String> {
    let Response::Dns(answer) = response else { return None };
    let (answer, _) = owners::owned(answer, qname);
    let lines: Vec<String> = answer
        .records
        .iter()
        .filter_map(|r| match &r.data {
            RecordData::Txt(parts) => Some(record::intake::presentation(parts)),
            _ => None,
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

impl<'a> State<'a> {
    fn resp(&self, slot: usize) -> Option<&'a Response> {
        self.inputs.responses.get(slot).and_then(Option::as_ref)
    }

    /// `_mta-sts` TXT (RFC 8461 §3.1).
    fn sts_record(&mut self) {
        let sts_name = format!("_mta-sts.{}", self.inputs.domain);
        let cmd = format!("dig +short TXT {sts_name}");
        match lookup(self.resp(STS), &sts_name) {
            Err(why) => self
                .checks
                .push(with_status(item(CheckId::StsRecord, vec![lookup_failed(&sts_name, &why)], cmd), CheckStatus::CouldNotVerify)),
            Ok((answer, other)) => {
                let mut out = Vec::new();
                push_cnames(&answer, &mut out);
                out.extend(other);
                let txt = txt_records(&answer);
                if txt.is_empty() {
                    out.push(diag(
                        Code::DnsStsMissing,
                        format!("{}, so senders see no MTA-STS policy. Publish `v=STSv1; id=…` there.", absent(&answer, &sts_name)),
                    ));
                } else {
                    let report = record::lint_sts(&txt);
                    out.extend(report.diagnostics.iter().cloned());
                    self.sts = Some(report);
                }
                push_ad(&answer, &mut out);
                self.checks.push(item(CheckId::StsRecord, out, cmd));
                self.sts_known = true;
            }
        }
    }

    /// `_smtp._tls` TXT (RFC 8460 §3).
    fn tlsrpt_record(&mut self) {
        let name = format!("_smtp._tls.{}", self.inputs.domain);
        let cmd = format!("dig +short TXT {name}");
        match lookup(self.resp(TLSRPT), &name) {
            Err(why) => self
                .checks
                .push(with_status(item(CheckId::TlsRptRecord, vec![lookup_failed(&name, &why)], cmd), CheckStatus::CouldNotVerify)),
            Ok((answer, other)) => {
                let mut out = Vec::new();
                push_cnames(&answer, &mut out);
                out.extend(other);
                let txt = txt_records(&answer);
                if txt.is_empty() {
                    out.push(diag(
                        Code::DnsTlsRptMissing,
                        format!(
                            "{}: TLS failures will go unseen, because nobody receives reports. Publish `v=TLSRPTv1; rua=mailto:…`.",
                            absent(&answer, &name)
                        ),
                    ));
                } else {
                    let report = record::lint_tlsrpt_with(&txt, self.inputs.idna);
                    out.extend(report.diagnostics.iter().cloned());
                    self.tlsrpt = Some(report);
                }
                self.checks.push(item(CheckId::TlsRptRecord, out, cmd));
            }
        }
    }

    /// MX records: implicit MX (RFC 5321 §5.1) and null MX (RFC 7505).
    fn mx(&mut self) {
        let d = self.inputs.domain;
        let cmd = format!("dig +short MX {d}");
        let (answer, other) = match lookup(self.resp(MX), d) {
            Err(why) => {
                self.checks.push(with_status(item(CheckId::Mx, vec![lookup_failed(d, &why)], cmd), CheckStatus::CouldNotVerify));
                return;
            }
            Ok(owned) => owned,
        };
        self.mx_known = true;
        let mut out = Vec::new();
        push_cnames(&answer, &mut out);
        out.extend(other);
        match mx_list(&answer) {
            MxList::Implicit => {
                out.push(diag(
                    Code::DnsMxNone,
                    format!("`{d}` has no MX records, so senders deliver to `{d}` itself (implicit MX); the policy must cover `{d}`."),
                ));
                self.mx_hosts.push(d.to_string());
            }
            MxList::Null => {
                self.null_mx = true;
                out.push(diag(
                    Code::DnsNullMx,
                    format!("`{d}` publishes a null MX (`0 .`): it accepts no mail, so an MTA-STS policy protects nothing."),
                ));
            }
            MxList::Hosts(hosts) => {
                // Names from DNS are anyone's data: each must be a host name (the first
                // MAX_EXPLAINED_HOSTS problems in full, then a count).
                let mut problems = hosts.iter().filter_map(|h| mx_names::problem(h));
                out.extend(problems.by_ref().take(mx::MAX_EXPLAINED_HOSTS));
                let mut more = [(Code::DnsMxHostInvalid, 0), (Code::DnsMxHostLookalike, 0)];
                for d in problems {
                    more.iter_mut().filter(|(c, _)| *c == d.code).for_each(|(_, n)| *n += 1);
                }
                for (code, n) in more.into_iter().filter(|&(_, n)| n > 0) {
                    out.push(diag(code, format!("… and {n} more MX names like the ones above.")));
                }
                self.mx_hosts = hosts;
            }
        }
        self.checks.push(item(CheckId::Mx, out, cmd));
    }

    /// `mta-sts.D` must have an address, or senders cannot fetch the policy (RFC 8461 §3.3).
    fn policy_host(&mut self) {
        let host = format!("mta-sts.{}", self.inputs.domain);
        let cmd = format!("dig +short A {host}; dig +short AAAA {host}");
        let answers = [lookup(self.resp(HOST_A), &host), lookup(self.resp(HOST_AAAA), &host)];
        let addresses = answers
            .iter()
            .filter_map(|a| a.as_ref().ok())
            .flat_map(|(a, _)| &a.records)
            .filter(|r| matches!(r.data, RecordData::A(_) | RecordData::Aaaa(_)))
            .count();
        let mut out = Vec::new();
        for (a, other) in answers.iter().filter_map(|a| a.as_ref().ok()) {
            push_cnames(a, &mut out);
            out.extend(other.iter().cloned());
        }
        out.dedup();
        if addresses > 0 {
            self.checks.push(item(CheckId::PolicyHost, out, cmd));
            self.host_resolves = Some(true);
        } else if answers.iter().all(Result::is_ok) {
            out.push(diag(
                Code::DnsPolicyHostUnresolved,
                format!("`{host}` has no A or AAAA record, so senders cannot fetch the policy from it."),
            ));
            self.checks.push(item(CheckId::PolicyHost, out, cmd));
            self.host_resolves = Some(false);
        } else {
            let why = answers.iter().find_map(|a| a.as_ref().err()).cloned().unwrap_or_default();
            out.push(lookup_failed(&host, &why));
            self.checks.push(with_status(item(CheckId::PolicyHost, out, cmd), CheckStatus::CouldNotVerify));
        }
    }

    /// The HTTPS fetch: 200, no redirect, `text/plain`, at most 64 KiB (RFC 8461 §3.3).
    fn policy_fetch(&mut self) {
        let url = self.url.clone();
        let mut out = Vec::new();
        self.fetched = match self.resp(FETCH) {
            // Status 0: a redirect whose status the transport could not see (a browser's `opaqueredirect`).
            Some(Response::Fetch(r)) if r.status == 0 || (300..400).contains(&r.status) => {
                let to = r.redirect_location.as_deref().map(|l| format!(" to `{l}`")).unwrap_or_default();
                let status = if r.status == 0 {
                    "its status and target are hidden from this page".to_string()
                } else {
                    format!("HTTP {}", r.status)
                };
                out.push(diag(
                    Code::FetchRedirect,
                    format!(
                        "The policy URL redirects ({status}){to}; senders do not follow redirects. Serve the policy at {url} directly."
                    ),
                ));
                Fetched::Unusable
            }
            Some(Response::Fetch(r)) if r.status != 200 => {
                out.push(diag(Code::FetchStatus, format!("The policy URL answered HTTP {} instead of 200.", r.status)));
                Fetched::Unusable
            }
            Some(Response::Fetch(r)) => {
                let mut usable = true;
                let media = r.content_type.as_deref().map(|c| c.split(';').next().unwrap_or("").trim());
                if !media.is_some_and(|m| m.eq_ignore_ascii_case("text/plain")) {
                    usable = false;
                    let got = r.content_type.as_deref().map_or("no Content-Type".to_string(), |c| format!("`{c}`"));
                    out.push(diag(
                        Code::FetchContentType,
                        format!("The policy is served with {got}; it must be `text/plain` (a `charset` parameter is fine)."),
                    ));
                }
                if r.truncated || r.body.len() > MAX_POLICY_SIZE {
                    usable = false;
                    let over = if r.truncated { "over " } else { "" };
                    out.push(diag(
                        Code::FetchTooLarge,
                        format!("The policy body is larger than 64 KiB ({over}{} bytes); senders may refuse it.", r.body.len()),
                    ));
                } else {
                    // Linted even when served wrongly: the author wants both problems at once.
                    self.body = Some(&r.body);
                }
                if usable { Fetched::Usable } else { Fetched::Unusable }
            }
            Some(Response::Failed(FailureKind::Timeout(TimeoutBy::Sender))) => {
                out.push(diag(Code::FetchTimeout, format!("Fetching {url} timed out; senders give up too.")));
                Fetched::Unusable
            }
            // Our own limit, not the domain's: the host may only be slower than this check waits.
            Some(Response::Failed(FailureKind::Timeout(TimeoutBy::Checker))) => {
                out.push(diag(
                    Code::FetchCouldNotVerify,
                    format!(
                        "This check stopped waiting for {url} at its own time limit. That says nothing about the domain: senders may wait longer. Run the `curl` command to see how long the host takes."
                    ),
                ));
                Fetched::Unknown
            }
            Some(Response::Failed(FailureKind::Network(m))) => {
                out.push(diag(Code::FetchNetworkError, format!("{url} could not be fetched: {m}.")));
                Fetched::Unusable
            }
            // The opaque failure is explained when DNS already proved the host has no address.
            Some(Response::Failed(FailureKind::CouldNotVerify(_))) if self.host_resolves == Some(false) => {
                out.push(diag(
                    Code::FetchNetworkError,
                    format!("{url} cannot be fetched: `mta-sts.{}` does not resolve.", self.inputs.domain),
                ));
                Fetched::Unusable
            }
            Some(Response::Failed(FailureKind::CouldNotVerify(m))) => {
                out.push(diag(
                    Code::FetchCouldNotVerify,
                    format!("The policy could not be read from here ({m}). Run the `curl` command and paste the body to have it checked."),
                ));
                Fetched::Unknown
            }
            None | Some(Response::Dns(_) | Response::Tls(_)) => {
                out.push(diag(Code::FetchCouldNotVerify, "No answer to the policy fetch has arrived."));
                Fetched::Unknown
            }
        };
        let fetch_item = item(CheckId::PolicyFetch, out, format!("curl -sv {url}"));
        self.checks.push(if matches!(self.fetched, Fetched::Unknown) {
            with_status(fetch_item, CheckStatus::CouldNotVerify)
        } else {
            fetch_item
        });
    }

    /// The body through the policy linter (RFC 8461 §3.2); the pasted text in its
    /// place only when the fetch could not be seen into.
    fn policy_syntax(&mut self) {
        let cmd = format!("curl -s {}", self.url);
        let mut out = Vec::new();
        let source = match (self.body, &self.fetched, self.inputs.pasted) {
            (Some(b), _, _) => Some((b, self.fetch_source)),
            (None, Fetched::Unknown, Some(p)) => {
                let p = p.body.as_slice();
                out.push(diag(Code::CheckPastedPolicy, "This is the pasted policy text, not a fetched one: how the host serves it (status 200, `text/plain`, no redirect) was not verified."));
                Some((p, PolicySource::Pasted))
            }
            _ => None,
        };
        let Some((body, source)) = source else {
            self.checks.push(with_status(item(CheckId::PolicySyntax, out, cmd), CheckStatus::Skipped));
            return;
        };
        let report = policy::lint_with(body, self.inputs.idna);
        out.extend(report.diagnostics.iter().cloned());
        self.policy = Some(report.into_owned());
        self.policy_source = Some(source);
        self.checks.push(item(CheckId::PolicySyntax, out, cmd));
    }

    /// Every MX host against the `mx` patterns (RFC 8461 §4.1).
    fn mx_coverage(&mut self) {
        let cmd = format!("dig +short MX {}; curl -s {} | grep '^mx:'", self.inputs.domain, self.url);
        let mode = self.policy.as_ref().and_then(|p| p.policy.mode());
        let (Some(p), Some(Mode::Enforce | Mode::Testing)) = (&self.policy, mode) else {
            // No policy, an unreadable mode, or `mode: none` (senders apply nothing).
            self.checks.push(with_status(item(CheckId::MxCoverage, Vec::new(), cmd), CheckStatus::Skipped));
            return;
        };
        if !self.mx_known || self.null_mx {
            let status = if self.null_mx { CheckStatus::Skipped } else { CheckStatus::CouldNotVerify };
            self.checks.push(with_status(item(CheckId::MxCoverage, Vec::new(), cmd), status));
            return;
        }
        let patterns: Vec<String> = p.policy.mx_patterns().map(String::from).collect();
        let cov = mx::coverage(&patterns, &self.mx_hosts, self.inputs.idna);
        let mut out = Vec::new();
        let rule = policy::uncovered(mode);
        let severity = rule.severity;
        // The first hosts and patterns one by one, the rest counted: the report stays small
        // whatever the size of the MX set and of the policy.
        let uncovered: Vec<&mx::HostCoverage> = cov.hosts.iter().filter(|h| h.matched_by.is_none()).collect();
        for h in uncovered.iter().take(mx::MAX_EXPLAINED_HOSTS) {
            out.push(
                diag(
                    Code::CheckMxNotCovered,
                    format!("MX host `{}` is covered by no `mx` pattern: {} ({}).", h.host, rule.consequence, h.explanation),
                )
                .with_severity(severity),
            );
        }
        if let more @ 1.. = uncovered.len().saturating_sub(mx::MAX_EXPLAINED_HOSTS) {
            out.push(
                diag(
                    Code::CheckMxNotCovered,
                    format!(
                        "{more} more MX hosts are not covered by any `mx` pattern either (the first {} are listed above).",
                        mx::MAX_EXPLAINED_HOSTS
                    ),
                )
                .with_severity(severity),
            );
        }
        for p in cov.unused_patterns.iter().take(mx::MAX_EXPLAINED_HOSTS) {
            out.push(diag(
                Code::CheckPatternUnused,
                format!("The pattern `mx: {p}` covers none of the MX hosts; remove it if it is stale."),
            ));
        }
        if let more @ 1.. = cov.unused_patterns.len().saturating_sub(mx::MAX_EXPLAINED_HOSTS) {
            out.push(diag(
                Code::CheckPatternUnused,
                format!("{more} more patterns cover none of the MX hosts either (the first {} are listed above).", mx::MAX_EXPLAINED_HOSTS),
            ));
        }
        self.coverage = Some(cov);
        self.checks.push(item(CheckId::MxCoverage, out, cmd));
    }

    /// The answer to the TLS probe of `host` with `service`, and whether it was asked for.
    fn probe(&self, host: &str, service: ProbeService) -> (bool, Option<&'a Response>) {
        let inputs = self.inputs;
        let index = inputs
            .requests
            .iter()
            .position(|r| matches!(&r.kind, RequestKind::TlsProbe { host: h, service: s, .. } if h == host && *s == service));
        (index.is_some(), index.and_then(|i| inputs.responses.get(i)).and_then(Option::as_ref))
    }

    /// `now` in Unix seconds, as certificate dates are.
    fn now_secs(&self) -> i64 {
        i64::try_from(self.inputs.now / 1000).unwrap_or(i64::MAX)
    }

    /// The certificate of `mta-sts.D` over HTTPS (RFC 8461 §3.3): senders validate it like any
    /// HTTPS client, whatever the policy's mode, so a failure is always an error.
    fn policy_host_tls(&mut self) {
        let host = format!("mta-sts.{}", self.inputs.domain);
        let cmd = format!("openssl s_client -connect {host}:443 -servername {host} -verify_hostname {host} </dev/null");
        if !self.inputs.tls_probes {
            let note = diag(
                Code::TlsNotProbed,
                format!(
                    "This page cannot open TLS connections or read certificates: run `mtasts check {}` (or open the page through `mtasts serve`) to check the certificate of `{host}`.",
                    self.inputs.domain
                ),
            );
            self.checks.push(with_status(item(CheckId::PolicyHostTls, vec![note], cmd), CheckStatus::Skipped));
            return;
        }
        if self.host_resolves == Some(false) {
            self.checks.push(with_status(item(CheckId::PolicyHostTls, Vec::new(), cmd), CheckStatus::Skipped));
            return;
        }
        let stakes = tls::Stakes {
            severity: Severity::Error,
            consequence: "senders cannot fetch the policy over HTTPS, so they apply none (or keep a copy they cached before)",
        };
        let (_, response) = self.probe(&host, ProbeService::Https);
        let verdict = tls::judge(response, &host, 443, self.now_secs(), &stakes);
        let checked = item(CheckId::PolicyHostTls, verdict.diagnostics, cmd);
        self.checks.push(if verdict.unknown && checked.status != CheckStatus::Fail {
            with_status(checked, CheckStatus::CouldNotVerify)
        } else {
            checked
        });
    }

    /// The certificate and STARTTLS of every MX host on port 25 (RFC 8461 §4.2, RFC 3207); how
    /// much a failure weighs follows the policy's mode, as for an uncovered host.
    fn mx_tls(&mut self) {
        let d = self.inputs.domain;
        let command = |host: &str| {
            format!("openssl s_client -connect {host}:25 -starttls smtp -servername {host} -verify_hostname {host} </dev/null")
        };
        let cmd = if self.mx_hosts.is_empty() {
            format!("dig +short MX {d}; {}", command("MX_HOST"))
        } else {
            self.mx_hosts.iter().take(3).map(|h| command(h)).collect::<Vec<_>>().join("; ")
        };
        if !self.inputs.tls_probes {
            let note = diag(
                Code::TlsNotProbed,
                format!(
                    "This page cannot open SMTP connections or read certificates: run `mtasts check {d}` (or open the page through `mtasts serve`) to check STARTTLS and the certificate of each MX host."
                ),
            );
            self.checks.push(with_status(item(CheckId::MxTls, vec![note], cmd), CheckStatus::Skipped));
            return;
        }
        if self.null_mx || (self.mx_known && self.mx_hosts.is_empty()) {
            self.checks.push(with_status(item(CheckId::MxTls, Vec::new(), cmd), CheckStatus::Skipped));
            return;
        }
        if !self.mx_known {
            self.checks.push(with_status(item(CheckId::MxTls, Vec::new(), cmd), CheckStatus::CouldNotVerify));
            return;
        }
        let mode = self.policy.as_ref().and_then(|p| p.policy.mode());
        let stakes = mx_stakes(mode);
        let now = self.now_secs();
        let mut out = Vec::new();
        let mut statuses = Vec::new();
        let mut unprobed = 0usize;
        for host in &self.mx_hosts {
            let (asked, response) = self.probe(host, ProbeService::SmtpStarttls);
            if !asked {
                unprobed += 1;
                continue;
            }
            let verdict = tls::judge(response, host, 25, now, &stakes);
            let status = CheckStatus::from_diagnostics(&verdict.diagnostics);
            statuses.push(if verdict.unknown { CheckStatus::overall([status, CheckStatus::CouldNotVerify]) } else { status });
            out.extend(verdict.diagnostics);
        }
        if unprobed > 0 {
            out.push(diag(
                Code::TlsNotProbed,
                format!("{unprobed} more MX hosts were not probed: a check probes the first {} by preference.", super::MAX_PROBED_MX_HOSTS),
            ));
        }
        let status = CheckStatus::overall(statuses);
        self.checks.push(with_status(item(CheckId::MxTls, out, cmd), status));
    }

    /// The record, the policy and the previous check against each other; returns
    /// what the caller should keep for the next check.
    fn consistency(&mut self) -> Option<PreviousCheck> {
        let sts_name = format!("_mta-sts.{}", self.inputs.domain);
        let url = &self.url;
        let sts_id = self.sts.as_ref().and_then(|s| s.record.as_ref()).and_then(|r| r.id.clone());
        // Senders use the record only when the set is valid (RFC 8461 §3.1).
        let sts_ok = self.sts.as_ref().is_some_and(|s| s.record.is_some() && s.is_valid());
        let usable = matches!(self.fetched, Fetched::Usable) && self.policy.as_ref().is_some_and(PolicyReport::is_valid);
        let mode = self.policy.as_ref().and_then(|p| p.policy.mode());
        // Pasted text is never remembered as the served policy.
        let hash = self.body.filter(|_| self.fetch_source == PolicySource::Fetched).map(policy_hash);
        let mut out = Vec::new();
        // Without the record or the policy, agreement between them cannot be judged: with the
        // policy unseen, a valid record may lack its policy, and a missing or invalid record may
        // leave a valid policy unused (`check/policy-without-record`); neither is a pass.
        let unknown = !self.sts_known || matches!(self.fetched, Fetched::Unknown);
        if sts_ok {
            match self.fetched {
                Fetched::Unknown => {}
                _ if !usable => out.push(diag(
                    Code::CheckRecordWithoutPolicy,
                    format!("`{sts_name}` announces a policy, but no valid policy is served at {url}: senders that fetch it fail."),
                )),
                _ => {}
            }
            if mode == Some(Mode::None) {
                out.push(diag(
                    Code::CheckModeNonePublished,
                    "`mode: none` is published: senders drop the policy. Once the old `max_age` has passed, the records can be removed.",
                ));
            }
        } else if self.sts_known && usable {
            out.push(diag(
                Code::CheckPolicyWithoutRecord,
                format!("A valid policy is served at {url}, but without a valid `{sts_name}` record senders never fetch it."),
            ));
        }
        // Senders refetch only when `id` changes (RFC 8461 §3.1, §5.1).
        if let (Some(prev), Some(id), Some(hash)) = (self.inputs.previous, &sts_id, hash) {
            let same_id = prev.id.as_deref() == Some(id.as_str());
            match prev.policy_hash {
                Some(h) if same_id && h != hash => out.push(diag(Code::CheckIdUnchanged, format!("The policy changed since the last check but `id={id}` did not: senders will keep the cached old policy. Change `id`."))),
                Some(h) if !same_id && h == hash && prev.id.is_some() => out.push(diag(Code::CheckIdChangedSamePolicy, format!("`id` changed to `{id}` but the policy is identical; senders refetch it for nothing."))),
                _ => {}
            }
        }
        let cons = item(CheckId::Consistency, out, format!("dig +short TXT {sts_name}; curl -sv {url}"));
        self.checks.push(if unknown && cons.status == CheckStatus::Pass { with_status(cons, CheckStatus::CouldNotVerify) } else { cons });
        (sts_id.is_some() || hash.is_some()).then_some(PreviousCheck { id: sts_id, policy_hash: hash })
    }
}
