//! The figures of many reports, folded in one report at a time so a year of them is never
//! held at once: sessions per day, reporting organisation, policy, receiving MX host and
//! result type, and every distinct `policy-string` seen, linted.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::aggregate::day::Day;
use crate::aggregate::read::{AggregateReport, PolicyType};
use crate::aggregate::result_type::ResultType;
use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::idna::default_idna;
use crate::policy::{self, Mode};

/// How many distinct `policy-string`s are kept and linted; more are only counted.
pub const MAX_POLICIES_SEEN: usize = 64;

/// Successful and failed sessions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sessions {
    /// TLS sessions that succeeded.
    pub successful: u64,
    /// TLS sessions that failed.
    pub failed: u64,
}

impl Sessions {
    /// Successful sessions over all, as a fraction; `None` when there were none.
    pub fn success_rate(self) -> Option<f64> {
        let total = self.successful.saturating_add(self.failed);
        #[allow(clippy::cast_precision_loss)] // a ratio for display
        (total > 0).then(|| self.successful as f64 / total as f64)
    }

    fn add(&mut self, successful: u64, failed: u64) {
        self.successful = self.successful.saturating_add(successful);
        self.failed = self.failed.saturating_add(failed);
    }
}

/// One day's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayFigures {
    /// Sessions of the reports filed under the day.
    pub sessions: Sessions,
    /// Who reported for the day.
    pub organizations: BTreeSet<String>,
    /// Sessions under an `sts` policy.
    pub sts_sessions: Sessions,
    /// Failed sessions per receiving MX host and result type.
    pub failures: BTreeMap<(String, ResultType), u64>,
}

/// One reporting organisation's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationFigures {
    /// Reports counted (duplicates once).
    pub reports: u32,
    /// Their sessions.
    pub sessions: Sessions,
}

/// Failed sessions of one kind (a result type, or a result type at one MX host), and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureFigures {
    /// Failed sessions.
    pub failed: u64,
    /// The first day with such failures.
    pub first: Day,
    /// The last day with such failures.
    pub last: Day,
    /// Who reported them.
    pub organizations: BTreeSet<String>,
}

/// A `policy-string` senders reported, with what our policy rules say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySeen {
    /// The policy's lines joined with `\n`: the text the diagnostics' ranges are in.
    pub text: String,
    /// `policy-domain`.
    pub domain: String,
    /// Who reported it.
    pub organizations: BTreeSet<String>,
    /// Sessions under it.
    pub sessions: Sessions,
    /// The first day it was reported.
    pub first: Day,
    /// The last day it was reported.
    pub last: Day,
    /// `mode`, when valid.
    pub mode: Option<Mode>,
    /// `max_age`, when valid.
    pub max_age: Option<u32>,
    /// The policy rules' findings, as for a served policy (`mtasts lint`).
    pub diagnostics: Vec<Diagnostic>,
}

/// The figures of every report folded in.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Reports counted (a duplicate `report-id` once).
    pub reports: u32,
    /// Reports skipped because their `report-id` was already counted.
    pub duplicates: u32,
    /// All sessions.
    pub sessions: Sessions,
    /// Per day (the UTC day each report's range starts on).
    pub by_day: BTreeMap<Day, DayFigures>,
    /// Per reporting organisation (`organization-name`).
    pub by_organization: BTreeMap<String, OrganizationFigures>,
    /// Per policy type.
    pub by_policy_type: BTreeMap<PolicyType, Sessions>,
    /// Per policy: type and `policy-domain`.
    pub by_policy: BTreeMap<(PolicyType, String), Sessions>,
    /// Failed sessions per result type.
    pub by_result_type: BTreeMap<ResultType, FailureFigures>,
    /// Failed sessions per receiving MX host (`receiving-mx-hostname`; `(unknown)` when not
    /// given), then per result type.
    pub by_mx: BTreeMap<String, BTreeMap<ResultType, FailureFigures>>,
    /// Every distinct `policy-string`, in the order first seen (at most [`MAX_POLICIES_SEEN`]).
    pub policies_seen: Vec<PolicySeen>,
    /// Distinct `policy-string`s beyond [`MAX_POLICIES_SEEN`], counted only.
    pub policies_not_kept: u32,
    report_ids: HashSet<String>,
}

/// The MX host name used when a failure detail names none.
pub const UNKNOWN_MX: &str = "(unknown)";

impl Summary {
    /// An empty summary.
    pub fn new() -> Summary {
        Summary::default()
    }

    /// Folds one report in and returns what it says about the report: the duplicate note
    /// (a `report-id` already counted; docs/DECISIONS.md, "The same `report-id` twice"), whose
    /// range is in the text the report was read from.
    pub fn add(&mut self, report: &AggregateReport) -> Vec<Diagnostic> {
        if !self.report_ids.insert(report.report_id.clone()) {
            self.duplicates += 1;
            let message = format!("The report `{}` was already read; it is counted once.", report.report_id);
            return vec![Diagnostic::new(Code::TlsrptReportDuplicateReport, report.report_id_range, message)];
        }
        self.reports += 1;
        let day = report.start.day();
        let org = &report.organization;
        let mut total = Sessions::default();
        let day_figures = self.by_day.entry(day).or_default();
        for policy in &report.policies {
            if policy.policy_type == PolicyType::Sts {
                day_figures.sts_sessions.add(policy.successful, policy.failed);
            }
            for failure in &policy.failures {
                let mx = failure.receiving_mx_hostname.as_deref().unwrap_or(UNKNOWN_MX);
                let count = day_figures.failures.entry((mx.to_string(), failure.result_type.clone())).or_default();
                *count = count.saturating_add(failure.failed);
            }
        }
        for policy in &report.policies {
            let (successful, failed) = (policy.successful, policy.failed);
            total.add(successful, failed);
            self.by_policy_type.entry(policy.policy_type).or_default().add(successful, failed);
            self.by_policy.entry((policy.policy_type, policy.domain.clone())).or_default().add(successful, failed);
            for failure in &policy.failures {
                let mx = failure.receiving_mx_hostname.as_deref().unwrap_or(UNKNOWN_MX);
                let per_mx = self.by_mx.entry(mx.to_string()).or_default();
                for figures in [self.by_result_type.entry(failure.result_type.clone()), per_mx.entry(failure.result_type.clone())] {
                    let figures =
                        figures.or_insert_with(|| FailureFigures { failed: 0, first: day, last: day, organizations: BTreeSet::new() });
                    figures.failed = figures.failed.saturating_add(failure.failed);
                    figures.first = figures.first.min(day);
                    figures.last = figures.last.max(day);
                    if !figures.organizations.contains(org) {
                        figures.organizations.insert(org.clone());
                    }
                }
            }
            if let Some(lines) = &policy.policy_string {
                self.policy_seen(lines, &policy.domain, org, day, successful, failed);
            }
        }
        self.sessions.add(total.successful, total.failed);
        let day_figures = self.by_day.entry(day).or_default();
        day_figures.sessions.add(total.successful, total.failed);
        day_figures.organizations.insert(org.clone());
        let org_figures = self.by_organization.entry(org.clone()).or_default();
        org_figures.reports += 1;
        org_figures.sessions.add(total.successful, total.failed);
        Vec::new()
    }

    fn policy_seen(&mut self, lines: &[String], domain: &str, org: &str, day: Day, successful: u64, failed: u64) {
        let text = lines.join("\n");
        let seen = match self.policies_seen.iter_mut().position(|p| p.text == text && p.domain == domain) {
            Some(i) => &mut self.policies_seen[i],
            None if self.policies_seen.len() >= MAX_POLICIES_SEEN => {
                self.policies_not_kept += 1;
                return;
            }
            None => {
                let linted = policy::lint_with(text.as_bytes(), default_idna());
                let (mode, max_age, diagnostics) = (linted.policy.mode(), linted.policy.max_age(), linted.diagnostics);
                self.policies_seen.push(PolicySeen {
                    text,
                    domain: domain.to_string(),
                    organizations: BTreeSet::new(),
                    sessions: Sessions::default(),
                    first: day,
                    last: day,
                    mode,
                    max_age,
                    diagnostics,
                });
                self.policies_seen.last_mut().expect("just pushed")
            }
        };
        seen.organizations.insert(org.to_string());
        seen.sessions.add(successful, failed);
        seen.first = seen.first.min(day);
        seen.last = seen.last.max(day);
    }

    /// Each policy seen compared with the policy published now (`current`, a policy file's
    /// text): which senders still applied another one, and why that may be.
    pub fn compare_policies(&self, current: &[u8]) -> Vec<PolicyComparison> {
        let now = policy::lint_with_options(current, default_idna(), policy::LintOptions::FILE).policy;
        let key = |p: &policy::Policy| {
            let mut mx: Vec<String> = p.mx_patterns().map(str::to_ascii_lowercase).collect();
            mx.sort();
            mx.dedup();
            (p.version().map(str::to_string), p.mode(), p.max_age(), mx)
        };
        let current_key = key(&now);
        self.policies_seen
            .iter()
            .enumerate()
            .map(|(index, seen)| {
                let same = key(&policy::lint_with(seen.text.as_bytes(), default_idna()).policy) == current_key;
                let note = (!same).then(|| stale_note(seen));
                PolicyComparison { index, same, note }
            })
            .collect()
    }
}

/// How one policy seen compares with the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyComparison {
    /// Index into [`Summary::policies_seen`].
    pub index: usize,
    /// Whether it is the current policy (same version, mode, `max_age` and `mx` patterns).
    pub same: bool,
    /// For an older policy: what it means and what to do.
    pub note: Option<String>,
}

fn stale_note(seen: &PolicySeen) -> String {
    let who: Vec<&str> = seen.organizations.iter().map(String::as_str).collect();
    let cache = match seen.max_age {
        Some(age) => format!("its max_age of {age} seconds (about {} days)", age.div_ceil(86_400)),
        None => "its max_age".to_string(),
    };
    format!(
        "{} applied a policy that differs from the current one, last on {}. Senders keep a policy until {cache} has passed \
         or until the `id` of the `_mta-sts` record changes: if you changed the policy, change the `id` too; if you did, \
         wait until {cache} has passed since the change.",
        who.join(", "),
        seen.last
    )
}
