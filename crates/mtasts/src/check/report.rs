//! The result of a domain check: one [`CheckItem`] per thing looked at, plus the
//! parsed records, policy and MX coverage for display.

use crate::diagnostic::{Diagnostic, Severity};
use crate::mx::Coverage;
use crate::policy::PolicyReport;
use crate::record::{RecordSetReport, StsRecord, TlsRptRecord};

use super::level::Deployment;
use super::reproduce::Command;
use super::{CheckId, PreviousCheck};

/// The verdict of one check. Declared from best to worst: the order is the rule that
/// combines several statuses into one ([`CheckStatus::overall`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum CheckStatus {
    /// Not applicable, or an earlier step gave nothing to check.
    Skipped,
    /// Nothing worse than info.
    Pass,
    /// At least one warning.
    Warning,
    /// The answer needed was not visible from here; neither pass nor fail.
    CouldNotVerify,
    /// At least one error.
    Fail,
}

impl CheckStatus {
    /// Every status, from best to worst (the order of [`CheckStatus::overall`]).
    pub const ALL: [CheckStatus; 5] =
        [CheckStatus::Skipped, CheckStatus::Pass, CheckStatus::Warning, CheckStatus::CouldNotVerify, CheckStatus::Fail];

    /// One status for several: the worst of them. Could-not-verify ranks between warning
    /// and fail (something may be wrong, nothing is proven wrong), and a pass outranks a
    /// skip, so checks that passed beside skipped ones pass; no status at all is skipped.
    pub fn overall(statuses: impl IntoIterator<Item = CheckStatus>) -> CheckStatus {
        statuses.into_iter().max().unwrap_or(CheckStatus::Skipped)
    }

    /// A word for people: `Pass`, `Could not verify`…
    pub const fn label(self) -> &'static str {
        match self {
            CheckStatus::Skipped => "Skipped",
            CheckStatus::Pass => "Pass",
            CheckStatus::Warning => "Warning",
            CheckStatus::CouldNotVerify => "Could not verify",
            CheckStatus::Fail => "Fail",
        }
    }

    /// A symbol shown beside the label (never instead of it).
    pub const fn symbol(self) -> &'static str {
        match self {
            CheckStatus::Skipped => "–",
            CheckStatus::Pass => "✔",
            CheckStatus::Warning => "▲",
            CheckStatus::CouldNotVerify => "?",
            CheckStatus::Fail => "✖",
        }
    }

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

    /// What this status, as a check's overall one, means for a script (`mtasts check` turns it
    /// into its exit status): a warning is no problem (as in `lint`), could-not-verify is neither
    /// good nor a problem.
    pub const fn outcome(self) -> CheckOutcome {
        match self {
            CheckStatus::Skipped | CheckStatus::Pass | CheckStatus::Warning => CheckOutcome::Good,
            CheckStatus::Fail => CheckOutcome::Problems,
            CheckStatus::CouldNotVerify => CheckOutcome::CouldNotCheck,
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

/// What a check's overall status means for a script ([`CheckStatus::outcome`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum CheckOutcome {
    /// Nothing worse than warnings.
    Good,
    /// At least one check failed.
    Problems,
    /// Something could not be verified, and nothing failed.
    CouldNotCheck,
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

/// One check, such as `sts-record` or `policy-fetch`; its title and purpose come with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CheckItem {
    /// Which check.
    pub id: CheckId,
    /// The verdict.
    pub status: CheckStatus,
    /// The findings. Their ranges refer to the text [`CheckId::positions`] names; the
    /// engine's own findings have an empty range.
    pub diagnostics: Vec<Diagnostic>,
    /// A shell command that shows the same thing, to copy (POSIX: `dig`, `curl`).
    pub reproduce: String,
    /// `reproduce` first, then the other commands that show it, each with its platform
    /// (`openssl s_client` for certificates; `Resolve-DnsName`, `nslookup`, `curl.exe` on Windows).
    pub commands: Vec<Command>,
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
    pub policy: Option<PolicyReport<'static>>,
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
    /// The `_mta-sts` TXT records as answered, one per line in `dig` presentation form
    /// (`"v=STSv1; id=1"`, quotes inside a value escaped): what to hand a record checker, which
    /// reads it back to the same values. `sts.text` is the values joined, for positions.
    pub sts_dig: Option<String>,
    /// The `_smtp._tls` TXT records in the same form.
    pub tlsrpt_dig: Option<String>,
    /// Why nothing could be checked, said once for the whole report (`check/resolvers-unreachable`:
    /// no DNS lookup got an answer); the rows it explains carry no finding of their own.
    pub cause: Option<Diagnostic>,
    /// The deployment level senders would apply, with TLS-RPT, DNSSEC and the next step.
    pub level: Deployment,
}

impl CheckReport {
    /// The check with this id.
    pub fn check(&self, id: CheckId) -> Option<&CheckItem> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// Whether the user should be asked for the policy body: its fetch could not be seen from
    /// here (a browser without CORS, say), so pasting what `curl` shows is the way to check it.
    pub fn wants_pasted_policy(&self) -> bool {
        self.check(CheckId::PolicyFetch).is_some_and(|c| c.status == CheckStatus::CouldNotVerify)
    }

    /// The statuses of all checks combined by [`CheckStatus::overall`].
    pub fn overall(&self) -> CheckStatus {
        CheckStatus::overall(self.checks.iter().map(|c| c.status))
    }
}

#[cfg(test)]
mod tests {
    use super::CheckStatus::{self, CouldNotVerify, Fail, Pass, Skipped, Warning};

    #[test]
    fn overall_is_the_worst_and_a_pass_outranks_a_skip() {
        let cases: [(&[CheckStatus], CheckStatus); 8] = [
            (&[], Skipped),
            (&[Skipped, Skipped], Skipped),
            (&[Pass, Skipped], Pass),
            (&[Skipped, Pass], Pass),
            (&[Pass, Warning, Skipped], Warning),
            (&[Warning, CouldNotVerify, Pass], CouldNotVerify),
            (&[CouldNotVerify, Fail], Fail),
            (&[Fail, Skipped, Pass], Fail),
        ];
        for (statuses, want) in cases {
            assert_eq!(CheckStatus::overall(statuses.iter().copied()), want, "{statuses:?}");
            assert_eq!(CheckStatus::overall(statuses.iter().rev().copied()), want, "order does not matter: {statuses:?}");
        }
        assert!(CheckStatus::ALL.windows(2).all(|w| w[0] < w[1]));
    }
}
