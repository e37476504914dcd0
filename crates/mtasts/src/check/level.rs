//! The deployment level of a domain at a glance — `none` → `testing` → `enforce`, with TLS-RPT
//! and DNSSEC beside it — and the one next step to take from there, read from a finished
//! [`CheckReport`] (docs/DECISIONS.md, "The deployment level of a domain").
//!
//! The level is what senders would apply, so it claims no more than the answers prove:
//! - a missing or invalid `_mta-sts` record, or a policy fetch that visibly failed, is `none`
//!   whatever else is unknown (senders get no policy either way);
//! - a level read from text the user pasted (the fetch could not be seen from here) is
//!   [`LevelBasis::Pasted`]: "as far as seen";
//! - anything else not seen (a failed lookup, an unreadable fetch) is [`Level::Unknown`], never a
//!   guess.

use super::id::CheckId;
use super::report::{CheckReport, CheckStatus, PolicySource};
use crate::code::Code;
use crate::policy::Mode;

/// How far a domain has deployed MTA-STS, as senders see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Level {
    /// The answers needed were not seen from here.
    Unknown,
    /// Senders apply no policy: no valid record, no usable policy, or `mode: none`.
    None,
    /// `mode: testing`: senders report TLS failures but deliver anyway.
    Testing,
    /// `mode: enforce`: senders refuse delivery without valid TLS to a covered MX host.
    Enforce,
}

impl Level {
    /// Every level, `unknown` first, then in the order a domain climbs them.
    pub const ALL: [Level; 4] = [Level::Unknown, Level::None, Level::Testing, Level::Enforce];

    /// `unknown`, `none`, `testing` or `enforce`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Unknown => "unknown",
            Level::None => "none",
            Level::Testing => "testing",
            Level::Enforce => "enforce",
        }
    }

    /// A word for people.
    pub const fn label(self) -> &'static str {
        match self {
            Level::Unknown => "Unknown",
            Level::None => "None",
            Level::Testing => "Testing",
            Level::Enforce => "Enforce",
        }
    }
}

/// What the level rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum LevelBasis {
    /// Answers seen from here (or, for `none`, a visible failure).
    Seen,
    /// The policy the user pasted: "as far as seen", how the host serves it is unproven.
    Pasted,
    /// Nothing that supports a level: [`Level::Unknown`].
    Unseen,
}

/// The one next step, by a stable id (`as_str`, also its serialized form) that faces and tests
/// can rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NextStepId {
    /// Nothing could be looked up: the network, not the domain.
    CheckConnection,
    /// The `_mta-sts` lookup failed: run it elsewhere.
    LookUpRecord,
    /// The policy could not be read from here: paste what `curl` shows.
    PastePolicy,
    /// Nothing deployed: start in `mode: testing` (TLS-RPT first).
    StartTesting,
    /// A policy is served but the record is missing or invalid.
    FixRecord,
    /// The record announces a policy senders cannot fetch or read.
    ServePolicy,
    /// `mode: none`: protection withdrawn.
    LeaveModeNone,
    /// An MX host is not covered by the policy.
    CoverMx,
    /// An MX host's STARTTLS or certificate fails what senders verify (RFC 8461 §4.2).
    FixMxTls,
    /// The policy changed without a new `id`.
    ChangeId,
    /// No valid TLS-RPT record: failures go unseen.
    AddTlsRpt,
    /// In testing with reports: wait, read them, then enforce.
    Enforce,
    /// `max_age` shorter than the weeks RFC 8461 §3.2 expects.
    RaiseMaxAge,
    /// Deployed: keep `id` changing with the policy and read the reports.
    Keep,
}

impl NextStepId {
    /// The stable id, e.g. `start-testing`.
    pub const fn as_str(self) -> &'static str {
        match self {
            NextStepId::CheckConnection => "check-connection",
            NextStepId::LookUpRecord => "look-up-record",
            NextStepId::PastePolicy => "paste-policy",
            NextStepId::StartTesting => "start-testing",
            NextStepId::FixRecord => "fix-record",
            NextStepId::ServePolicy => "serve-policy",
            NextStepId::LeaveModeNone => "leave-mode-none",
            NextStepId::CoverMx => "cover-mx",
            NextStepId::FixMxTls => "fix-mx-tls",
            NextStepId::ChangeId => "change-id",
            NextStepId::AddTlsRpt => "add-tlsrpt",
            NextStepId::Enforce => "enforce",
            NextStepId::RaiseMaxAge => "raise-max-age",
            NextStepId::Keep => "keep",
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for NextStepId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The next step: its id and a sentence for people naming this domain's names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NextStep {
    /// Which step.
    pub id: NextStepId,
    /// What to do, for this domain.
    pub text: String,
}

/// The deployment level and the next step ([`CheckReport::level`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Deployment {
    /// The level senders would apply.
    pub level: Level,
    /// What the level rests on.
    pub basis: LevelBasis,
    /// A valid `_smtp._tls` record exists (`None`: its lookup failed).
    pub tlsrpt: Option<bool>,
    /// The `_mta-sts` answer was DNSSEC-validated (AD flag; `None`: no answer seen).
    pub dnssec: Option<bool>,
    /// One line for people: `Testing + TLS-RPT (as far as seen)`.
    pub summary: String,
    /// The one next step.
    pub next: NextStep,
}

impl Deployment {
    /// A stand-in while the report it is assessed from is being built.
    pub(super) fn placeholder() -> Deployment {
        let next = NextStep { id: NextStepId::Keep, text: String::new() };
        Deployment { level: Level::Unknown, basis: LevelBasis::Unseen, tlsrpt: None, dnssec: None, summary: String::new(), next }
    }
}

/// RFC 8461 §3.2: `max_age` is "expected … in the range of weeks or greater".
const WEEK: u32 = 604_800;

/// What the policy fetch showed.
#[derive(PartialEq, Eq)]
enum Fetch {
    Usable,
    Failed,
    Unseen,
}

/// The deployment level of the domain in `report`, and the next step.
pub(super) fn assess(report: &CheckReport) -> Deployment {
    let status = |id| report.check(id).map_or(CheckStatus::CouldNotVerify, |c| c.status);
    let has = |id, code| report.check(id).is_some_and(|c| c.diagnostics.iter().any(|d| d.code == code));
    let record = (status(CheckId::StsRecord) != CheckStatus::CouldNotVerify)
        .then(|| report.sts.as_ref().is_some_and(|s| s.record.is_some() && s.is_valid()));
    let fetch = match status(CheckId::PolicyFetch) {
        CheckStatus::Fail => Fetch::Failed,
        CheckStatus::CouldNotVerify | CheckStatus::Skipped => Fetch::Unseen,
        CheckStatus::Pass | CheckStatus::Warning => Fetch::Usable,
    };
    let policy = report.policy.as_ref().filter(|p| p.is_valid());
    let mode = policy.and_then(|p| p.policy.mode());
    // Text the user pasted (a body, or `curl` output the fetch was judged from): as far as seen.
    let pasted = report.policy_source == Some(PolicySource::Pasted) || has(CheckId::PolicyFetch, Code::CheckPastedResponse);
    let seen_or_pasted = if pasted { LevelBasis::Pasted } else { LevelBasis::Seen };
    let tlsrpt = (status(CheckId::TlsRptRecord) != CheckStatus::CouldNotVerify)
        .then(|| report.tlsrpt.as_ref().is_some_and(|t| t.record.is_some() && t.is_valid()));
    let dnssec = if has(CheckId::StsRecord, Code::DnsAuthenticated) {
        Some(true)
    } else if has(CheckId::StsRecord, Code::DnsNotAuthenticated) {
        Some(false)
    } else {
        None
    };
    let from_mode = |m: Option<Mode>| match m {
        Some(Mode::Enforce) => Level::Enforce,
        Some(Mode::Testing) => Level::Testing,
        Some(Mode::None) | None => Level::None,
    };
    let (level, basis) = match (record, &fetch) {
        (Some(false), _) => (Level::None, LevelBasis::Seen),
        (_, Fetch::Failed) => (Level::None, seen_or_pasted),
        (Some(true), Fetch::Usable) => (from_mode(mode), seen_or_pasted),
        (Some(true), Fetch::Unseen) if report.policy.is_some() => (from_mode(mode), LevelBasis::Pasted),
        (None, _) | (Some(true), Fetch::Unseen) => (Level::Unknown, LevelBasis::Unseen),
    };
    let facts = Facts {
        report,
        record,
        record_found: report.sts.as_ref().is_some_and(|s| s.record.is_some()),
        policy_usable: fetch == Fetch::Usable && policy.is_some(),
        mode,
        tlsrpt,
        max_age: policy.and_then(|p| p.policy.max_age()),
    };
    Deployment { level, basis, tlsrpt, dnssec, summary: summary(level, basis, tlsrpt, dnssec), next: next_step(level, &facts) }
}

fn summary(level: Level, basis: LevelBasis, tlsrpt: Option<bool>, dnssec: Option<bool>) -> String {
    let mut s = String::from(level.label());
    if tlsrpt == Some(true) {
        s.push_str(" + TLS-RPT");
    }
    if dnssec == Some(true) {
        s.push_str(" + DNSSEC");
    }
    if basis == LevelBasis::Pasted {
        s.push_str(" (as far as seen: from the pasted policy)");
    }
    s
}

/// What the next step is chosen from.
struct Facts<'a> {
    report: &'a CheckReport,
    record: Option<bool>,
    record_found: bool,
    policy_usable: bool,
    mode: Option<Mode>,
    tlsrpt: Option<bool>,
    max_age: Option<u32>,
}

impl Facts<'_> {
    fn has(&self, id: CheckId, code: Code) -> bool {
        self.report.check(id).is_some_and(|c| c.diagnostics.iter().any(|d| d.code == code))
    }
}

/// The first step that applies, most urgent first.
fn next_step(level: Level, f: &Facts<'_>) -> NextStep {
    let d = &f.report.domain;
    let step = |id, text: String| NextStep { id, text };
    let tlsrpt_record = format!("`_smtp._tls.{d}` TXT `v=TLSRPTv1; rua=mailto:tls-reports@{d}`");
    match level {
        Level::Unknown if f.report.cause.is_some() => step(
            NextStepId::CheckConnection,
            "Nothing could be looked up from here. Check the network connection (a firewall or a browser extension may block the DNS resolvers) and check again, or run the commands shown in a terminal.".into(),
        ),
        Level::Unknown if f.record.is_none() => step(
            NextStepId::LookUpRecord,
            format!("The `_mta-sts.{d}` lookup failed from here: run `dig +short TXT _mta-sts.{d}` (or `nslookup -type=TXT _mta-sts.{d}`) and check again."),
        ),
        Level::Unknown => step(
            NextStepId::PastePolicy,
            format!("The policy could not be read from here: run `curl -sv https://mta-sts.{d}/.well-known/mta-sts.txt` and paste its whole output, to learn the mode senders apply."),
        ),
        Level::None if f.mode == Some(Mode::None) && f.record == Some(true) && f.policy_usable => step(
            NextStepId::LeaveModeNone,
            "`mode: none` tells senders to drop the policy. To protect mail again, publish `mode: testing` and change the `id`; to retire MTA-STS, remove the records once the old `max_age` has passed.".into(),
        ),
        Level::None if f.record != Some(false) => step(
            NextStepId::ServePolicy,
            format!("The record announces a policy, but senders cannot use the one at https://mta-sts.{d}/.well-known/mta-sts.txt: fix what the policy rows say (status 200, `text/plain`, valid fields)."),
        ),
        Level::None if f.policy_usable || f.record_found => step(
            NextStepId::FixRecord,
            format!("Publish one valid `_mta-sts.{d}` TXT record, `v=STSv1; id=…` (the record rows say what is wrong): without it senders never fetch the policy."),
        ),
        Level::None if f.tlsrpt != Some(true) => step(
            NextStepId::StartTesting,
            format!("Start with reports: publish {tlsrpt_record}, then serve a `mode: testing` policy at https://mta-sts.{d}/.well-known/mta-sts.txt and publish `_mta-sts.{d}` TXT `v=STSv1; id=…`."),
        ),
        Level::None => step(
            NextStepId::StartTesting,
            format!("Serve a `mode: testing` policy listing your MX hosts at https://mta-sts.{d}/.well-known/mta-sts.txt and publish `_mta-sts.{d}` TXT `v=STSv1; id=…`."),
        ),
        _ if f.has(CheckId::MxCoverage, Code::CheckMxNotCovered) => step(
            NextStepId::CoverMx,
            if level == Level::Enforce {
                "Add an `mx` line for each MX host the policy does not cover, then change the `id`: senders refuse delivery to an uncovered host now.".into()
            } else {
                "Add an `mx` line for each MX host the policy does not cover, then change the `id`: in enforce, senders would refuse delivery to it.".into()
            },
        ),
        _ if f.report.check(CheckId::MxTls).is_some_and(|c| matches!(c.status, CheckStatus::Fail | CheckStatus::Warning)) => step(
            NextStepId::FixMxTls,
            if level == Level::Enforce {
                "Fix what the MX TLS rows say (a certificate that names the MX host, in date, from a public CA, and STARTTLS offered): senders refuse delivery to that host now.".into()
            } else {
                "Fix what the MX TLS rows say (a certificate that names the MX host, in date, from a public CA, and STARTTLS offered) before switching to enforce: then senders would refuse delivery to that host.".into()
            },
        ),
        _ if f.has(CheckId::Consistency, Code::CheckIdUnchanged) => step(
            NextStepId::ChangeId,
            format!("Change the `id` in `_mta-sts.{d}`: the policy changed but senders keep the cached old one until the `id` changes."),
        ),
        _ if f.tlsrpt == Some(false) => step(
            NextStepId::AddTlsRpt,
            format!("Publish {tlsrpt_record}: without reports, TLS failures at senders go unseen."),
        ),
        Level::Testing => step(
            NextStepId::Enforce,
            format!("Stay in testing for 1–2 weeks and read the TLS-RPT reports (`mtasts reports`); when no sender reports failures, switch to `mode: enforce` and change the `id` in `_mta-sts.{d}`."),
        ),
        _ if f.max_age.is_some_and(|a| a < WEEK) => step(
            NextStepId::RaiseMaxAge,
            "Raise `max_age` to weeks or more (e.g. `max_age: 1209600`, two weeks) and change the `id`: a short `max_age` leaves senders without the policy between fetches.".into(),
        ),
        Level::Enforce => step(
            NextStepId::Keep,
            "Nothing to do now: change the `id` with every change to the policy, and keep reading the TLS-RPT reports.".into(),
        ),
    }
}
