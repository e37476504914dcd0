//! The result of a domain check: one [`CheckItem`] per thing looked at, plus the
//! parsed records, policy and MX coverage for display.

use crate::diagnostic::{Diagnostic, Severity};
use crate::mx::Coverage;
use crate::policy::PolicyReport;
use crate::record::{RecordSetReport, StsRecord, TlsRptRecord};

use super::PreviousCheck;

/// The verdict of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum CheckStatus {
    /// Nothing worse than info.
    Pass,
    /// At least one warning.
    Warning,
    /// At least one error.
    Fail,
    /// The answer needed was not visible from here; neither pass nor fail.
    CouldNotVerify,
    /// Not applicable, or an earlier step gave nothing to check.
    Skipped,
}

impl CheckStatus {
    /// `pass`, `warning`, `fail`, `could-not-verify` or `skipped`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Warning => "warning",
            CheckStatus::Fail => "fail",
            CheckStatus::CouldNotVerify => "could-not-verify",
            CheckStatus::Skipped => "skipped",
        }
    }

    /// The status the diagnostics alone imply.
    pub fn from_diagnostics(diagnostics: &[Diagnostic]) -> CheckStatus {
        match diagnostics.iter().map(|d| d.severity).max() {
            Some(Severity::Error) => CheckStatus::Fail,
            Some(Severity::Warning) => CheckStatus::Warning,
            _ => CheckStatus::Pass,
        }
    }
}

/// Where the linted policy text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum PolicySource {
    /// The body of the policy fetch.
    Fetched,
    /// Text the user pasted because the fetch could not be seen into
    /// ([`super::Checker::set_pasted_policy`]).
    Pasted,
}

/// One check, such as `sts-record` or `policy-fetch`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CheckItem {
    /// Stable id, e.g. `sts-record`.
    pub id: &'static str,
    /// A heading for people.
    pub title: String,
    /// The verdict.
    pub status: CheckStatus,
    /// The findings. Ranges of embedded record or policy diagnostics refer to
    /// [`CheckReport::sts`]/[`CheckReport::tlsrpt`] text or the policy body;
    /// the engine's own findings have an empty range.
    pub diagnostics: Vec<Diagnostic>,
    /// A shell command that shows the same thing, to copy.
    pub reproduce: String,
}

/// Everything a domain check found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CheckReport {
    /// The domain checked (A-labels).
    pub domain: String,
    /// The `now` given to the checker, in Unix milliseconds.
    pub checked_at: u64,
    /// The checks, in a fixed order.
    pub checks: Vec<CheckItem>,
    /// The policy body as linted, when one was fetched (or pasted, see `policy_source`).
    pub policy: Option<PolicyReport>,
    /// Where the text of `policy` came from ([`super::Checker::policy_body`] gives it back).
    pub policy_source: Option<PolicySource>,
    /// The `_mta-sts` record set, when TXT records were found.
    pub sts: Option<RecordSetReport<StsRecord>>,
    /// The `_smtp._tls` record set, when TXT records were found.
    pub tlsrpt: Option<RecordSetReport<TlsRptRecord>>,
    /// The MX hosts by preference (the domain itself for an implicit MX).
    pub mx_hosts: Vec<String>,
    /// How the policy's `mx` patterns cover the MX hosts.
    pub coverage: Option<Coverage>,
    /// What to keep for the next check of this domain (the `id` and the policy's hash).
    pub previous: Option<PreviousCheck>,
}

impl CheckReport {
    /// The check with this id.
    pub fn check(&self, id: &str) -> Option<&CheckItem> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// The worst status of all checks (could-not-verify ranks between warning and fail).
    pub fn overall(&self) -> CheckStatus {
        let rank = |s: CheckStatus| match s {
            CheckStatus::Pass | CheckStatus::Skipped => 0,
            CheckStatus::Warning => 1,
            CheckStatus::CouldNotVerify => 2,
            CheckStatus::Fail => 3,
        };
        self.checks.iter().map(|c| c.status).max_by_key(|&s| rank(s)).unwrap_or(CheckStatus::Skipped)
    }
}
