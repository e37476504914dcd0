//! Whether the reports say `mode: enforce` is safe now (docs/DECISIONS.md, "Ready to move to
//! `enforce`"): the [`WINDOW_DAYS`] days up to the latest report are all covered, by at least
//! [`MIN_ORGANIZATIONS`] reporting organisations, senders applied an `sts` policy, and no
//! session failed for an STS-related reason in that window. Failures before the window are
//! history: the summary shows them, they do not block.

use std::collections::{BTreeMap, BTreeSet};

use crate::aggregate::day::Day;
use crate::aggregate::result_type::ResultType;
use crate::aggregate::summary::{Summary, UNKNOWN_MX};

/// Consecutive days of reports needed.
pub const WINDOW_DAYS: i32 = 14;
/// Reporting organisations needed in the window.
pub const MIN_ORGANIZATIONS: usize = 2;

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// No blocker.
    pub ready: bool,
    /// The days judged: the [`WINDOW_DAYS`] days up to the latest report (`None` without reports).
    pub window: Option<(Day, Day)>,
    /// Everything that stands in the way, each with what to do.
    pub blockers: Vec<Blocker>,
}

/// One reason it is not safe yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// Not one report was read.
    NoReports,
    /// The days up to the latest report are not all covered.
    TooFewDays {
        /// Consecutive days covered, ending with the latest report's day.
        consecutive: i32,
        /// The first of them.
        from: Day,
        /// The latest report's day.
        to: Day,
    },
    /// Too few organisations reported in the window.
    TooFewOrganizations {
        /// Those that did.
        organizations: Vec<String>,
    },
    /// No sender reported applying an `sts` policy in the window.
    NoStsPolicy,
    /// Sessions failed for an STS-related reason in the window.
    Failures {
        /// `receiving-mx-hostname` (or `(unknown)`).
        mx: String,
        /// Why.
        result_type: ResultType,
        /// Failed sessions in the window.
        failed: u64,
        /// The first day of the window with such failures.
        since: Day,
        /// The last day with such failures.
        last: Day,
    },
}

impl Blocker {
    /// A stable name for scripts: `no-reports`, `too-few-days`, `too-few-organizations`,
    /// `no-sts-policy`, `failures`.
    pub const fn kind(&self) -> &'static str {
        match self {
            Blocker::NoReports => "no-reports",
            Blocker::TooFewDays { .. } => "too-few-days",
            Blocker::TooFewOrganizations { .. } => "too-few-organizations",
            Blocker::NoStsPolicy => "no-sts-policy",
            Blocker::Failures { .. } => "failures",
        }
    }

    /// What stands in the way, in plain words.
    pub fn message(&self) -> String {
        match self {
            Blocker::NoReports => "No report was read.".to_string(),
            Blocker::TooFewDays { consecutive, from, to } => {
                format!("The reports cover {consecutive} consecutive day(s), {from} to {to}; {WINDOW_DAYS} are needed.")
            }
            Blocker::TooFewOrganizations { organizations } if organizations.is_empty() => "No organisation reported in the window.".into(),
            Blocker::TooFewOrganizations { organizations } => format!(
                "Only {} organisation(s) reported in the window ({}); reports from at least {MIN_ORGANIZATIONS} are needed.",
                organizations.len(),
                organizations.join(", ")
            ),
            Blocker::NoStsPolicy => "No sender reported applying an MTA-STS policy in the window.".into(),
            Blocker::Failures { mx, result_type, failed, since, last } => {
                let host = if mx == UNKNOWN_MX { "an MX host the reports do not name".to_string() } else { mx.clone() };
                format!("{failed} session(s) to {host} failed with {result_type} from {since} to {last}: {}", result_type.explanation())
            }
        }
    }

    /// What to do about it.
    pub fn advice(&self) -> String {
        match self {
            Blocker::NoReports => {
                "Publish a `_smtp._tls` record with an `rua` address, wait for daily reports, then read them here.".into()
            }
            Blocker::TooFewDays { .. } => {
                format!("Keep `mode: testing` and read the reports again once {WINDOW_DAYS} days in a row are covered.")
            }
            Blocker::TooFewOrganizations { .. } => {
                "Wait for reports from more senders (Google and Microsoft both send them daily to the `rua` address).".into()
            }
            Blocker::NoStsPolicy => {
                "Senders found no policy: check the `_mta-sts` record and the policy host (`mtasts check`), then wait for new reports."
                    .into()
            }
            Blocker::Failures { result_type, .. } => {
                format!("{} Then wait until {WINDOW_DAYS} days of reports show no such failure.", result_type.advice())
            }
        }
    }
}

/// Judges the summary.
pub fn readiness(summary: &Summary) -> Readiness {
    let Some((&last, _)) = summary.by_day.last_key_value() else {
        return Readiness { ready: false, window: None, blockers: vec![Blocker::NoReports] };
    };
    let first = Day(last.0 - (WINDOW_DAYS - 1));
    let mut blockers = Vec::new();
    let mut from = last;
    while from.0 > first.0 && summary.by_day.contains_key(&Day(from.0 - 1)) {
        from = Day(from.0 - 1);
    }
    let consecutive = last.0 - from.0 + 1;
    if consecutive < WINDOW_DAYS {
        blockers.push(Blocker::TooFewDays { consecutive, from, to: last });
    }
    let organizations: BTreeSet<&String> = summary.by_day.range(first..).flat_map(|(_, d)| &d.organizations).collect();
    if organizations.len() < MIN_ORGANIZATIONS {
        blockers.push(Blocker::TooFewOrganizations { organizations: organizations.into_iter().cloned().collect() });
    }
    let window = || summary.by_day.range(first..);
    if window().all(|(_, d)| d.sts_sessions.successful + d.sts_sessions.failed == 0) {
        blockers.push(Blocker::NoStsPolicy);
    }
    let mut failures: BTreeMap<&(String, ResultType), (u64, Day, Day)> = BTreeMap::new();
    for (&day, figures) in window() {
        for (key, &failed) in figures.failures.iter().filter(|((_, t), n)| t.sts_related() && **n > 0) {
            let entry = failures.entry(key).or_insert((0, day, day));
            entry.0 = entry.0.saturating_add(failed);
            entry.2 = day;
        }
    }
    for ((mx, result_type), (failed, since, last)) in failures {
        blockers.push(Blocker::Failures { mx: mx.clone(), result_type: result_type.clone(), failed, since, last });
    }
    Readiness { ready: blockers.is_empty(), window: Some((first, last)), blockers }
}
