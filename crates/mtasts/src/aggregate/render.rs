//! What a [`Batch`] shows people and scripts: the `mtasts-reports/1` JSON (feature `json`) and
//! Markdown, one rendering for every face (`mtasts reports --format json|markdown`, the page's
//! `<mta-sts-reports>` and its exports), so the figures a script reads from the CLI are those
//! the page shows. Only rendering: every figure, explanation and verdict is computed elsewhere in
//! this module tree.

use std::fmt::Write as _;

use crate::aggregate::batch::Batch;
use crate::aggregate::readiness::{Readiness, WINDOW_DAYS, readiness};
use crate::aggregate::summary::{PolicyComparison, Sessions};
use crate::text::printable;

/// The schema identifier of the JSON; bump the number on any incompatible change.
pub const SCHEMA: &str = "mtasts-reports/1";

/// A batch judged: readiness for `enforce` and, when the current policy is known, each policy
/// senders applied compared with it.
#[derive(Debug)]
pub struct View<'a> {
    /// What was read.
    pub batch: &'a Batch,
    /// The verdict on `enforce`.
    pub readiness: Readiness,
    /// With the current policy: each policy seen against it.
    pub comparisons: Option<Vec<PolicyComparison>>,
}

impl<'a> View<'a> {
    /// Judges `batch`; `current` is the policy file published now, when known.
    pub fn new(batch: &'a Batch, current: Option<&[u8]>) -> View<'a> {
        View { batch, readiness: readiness(&batch.summary), comparisons: current.map(|c| batch.summary.compare_policies(c)) }
    }

    /// The comparison of `policies_seen[index]`, when the current policy was given.
    pub fn comparison(&self, index: usize) -> Option<&PolicyComparison> {
        self.comparisons.as_ref().and_then(|c| c.iter().find(|c| c.index == index))
    }
}

/// A success rate as people read it: `99.50%`, or `-` without sessions.
pub fn percent(sessions: Sessions) -> String {
    sessions.success_rate().map_or_else(|| "-".to_string(), |r| format!("{:.2}%", r * 100.0))
}

/// The verdict's lines, shared by the CLI's text and the Markdown.
pub fn verdict(view: &View<'_>) -> String {
    let mut out = String::new();
    let window = view.readiness.window.map(|(from, to)| format!(" ({from} to {to})")).unwrap_or_default();
    if view.readiness.ready {
        let _ = writeln!(out, "Ready for enforce: yes{window}. The reports show no STS-related failure in the last {WINDOW_DAYS} days.");
    } else {
        let _ = writeln!(out, "Ready for enforce: no{window}.");
    }
    for blocker in &view.readiness.blockers {
        let _ = writeln!(out, "- {}\n  What to do: {}", printable(&blocker.message()), printable(&blocker.advice()));
    }
    out
}

/// Escapes a table cell.
fn cell(text: &str) -> String {
    printable(text).replace('|', "\\|")
}

/// The Markdown report (for a ticket or a chat).
pub fn markdown(view: &View<'_>) -> String {
    let summary = &view.batch.summary;
    let mut out = String::from("# TLS-RPT reports\n\n");
    let _ = writeln!(
        out,
        "{} report(s) from {} file(s), {} duplicate(s); **{}** successful and **{}** failed session(s) ({} successful).\n",
        summary.reports,
        view.batch.files,
        summary.duplicates,
        summary.sessions.successful,
        summary.sessions.failed,
        percent(summary.sessions)
    );
    out.push_str("## Ready for enforce?\n\n");
    out.push_str(&verdict(view));
    out.push_str("\n## By day\n\n| day | successful | failed | success | organisations |\n|---|---:|---:|---:|---|\n");
    for (day, d) in &summary.by_day {
        let orgs: Vec<String> = d.organizations.iter().map(|o| cell(o)).collect();
        let _ =
            writeln!(out, "| {day} | {} | {} | {} | {} |", d.sessions.successful, d.sessions.failed, percent(d.sessions), orgs.join(", "));
    }
    out.push_str(
        "\n## By reporting organisation\n\n| organisation | reports | successful | failed | success |\n|---|---:|---:|---:|---:|\n",
    );
    for (org, o) in &summary.by_organization {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(org),
            o.reports,
            o.sessions.successful,
            o.sessions.failed,
            percent(o.sessions)
        );
    }
    out.push_str("\n## By policy\n\n| type | domain | successful | failed | success |\n|---|---|---:|---:|---:|\n");
    for ((kind, domain), s) in &summary.by_policy {
        let _ = writeln!(out, "| {} | {} | {} | {} | {} |", kind.as_str(), cell(domain), s.successful, s.failed, percent(*s));
    }
    if !summary.by_result_type.is_empty() {
        out.push_str("\n## Failures by result type\n\n| result type | failed | first | last | what happened | what to fix |\n|---|---:|---|---|---|---|\n");
        for (t, f) in &summary.by_result_type {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                cell(t.as_str()),
                f.failed,
                f.first,
                f.last,
                t.explanation(),
                cell(t.advice())
            );
        }
        out.push_str("\n## Failures by receiving MX host\n\n| MX host | result type | failed |\n|---|---|---:|\n");
        for (mx, by_type) in &summary.by_mx {
            for (t, f) in by_type {
                let _ = writeln!(out, "| {} | `{}` | {} |", cell(mx), cell(t.as_str()), f.failed);
            }
        }
    }
    if !view.batch.problems.is_empty() {
        out.push_str("\n## Problems in the input\n\n| file | where | code | message |\n|---|---|---|---|\n");
        for p in &view.batch.problems {
            let at = p.location.map_or_else(|| "file".into(), |l| format!("{}:{}", l.start.line, l.start.column));
            let _ = writeln!(out, "| {} | {at} | `{}` | {} |", cell(&p.file), p.diagnostic.code, cell(&p.diagnostic.message));
        }
    }
    out
}

#[cfg(feature = "json")]
pub use json::json;

#[cfg(feature = "json")]
mod json {
    use serde_json::{Value, json as j};

    use super::{SCHEMA, View};
    use crate::aggregate::readiness::Blocker;
    use crate::aggregate::result_type::ResultType;
    use crate::aggregate::summary::{FailureFigures, Sessions};
    use crate::policy::Mode;

    fn rate(sessions: Sessions) -> Value {
        sessions.success_rate().map_or(Value::Null, |r| j!((r * 10_000.0).round() / 10_000.0))
    }

    fn counts(sessions: Sessions) -> Value {
        j!({ "successful": sessions.successful, "failed": sessions.failed, "success_rate": rate(sessions) })
    }

    fn blocker_json(blocker: &Blocker) -> Value {
        let mut value = j!({ "kind": blocker.kind(), "message": blocker.message(), "advice": blocker.advice() });
        if let Blocker::Failures { mx, result_type, failed, since, last } = blocker {
            value["mx"] = j!(mx);
            value["result_type"] = j!(result_type.as_str());
            value["failed"] = j!(failed);
            value["since"] = j!(since.to_string());
            value["last"] = j!(last.to_string());
        }
        value
    }

    fn failure_json(result_type: &ResultType, figures: &FailureFigures) -> Value {
        j!({
            "result_type": result_type.as_str(),
            "failed": figures.failed,
            "first_day": figures.first.to_string(),
            "last_day": figures.last.to_string(),
            "organizations": figures.organizations,
            "sts_related": result_type.sts_related(),
            "explanation": result_type.explanation(),
            "advice": result_type.advice(),
        })
    }

    /// The `mtasts-reports/1` JSON (docs/CLI.md), pretty-printed, with a final newline.
    pub fn json(view: &View<'_>) -> String {
        let summary = &view.batch.summary;
        let value = j!({
            "schema": SCHEMA,
            "files": view.batch.files,
            "reports": summary.reports,
            "duplicates": summary.duplicates,
            "sessions": counts(summary.sessions),
            "by_day": summary.by_day.iter().map(|(day, d)| j!({
                "day": day.to_string(), "successful": d.sessions.successful, "failed": d.sessions.failed,
                "success_rate": rate(d.sessions), "organizations": d.organizations,
            })).collect::<Vec<_>>(),
            "by_organization": summary.by_organization.iter().map(|(org, o)| j!({
                "organization": org, "reports": o.reports, "successful": o.sessions.successful, "failed": o.sessions.failed,
                "success_rate": rate(o.sessions),
            })).collect::<Vec<_>>(),
            "by_policy": summary.by_policy.iter().map(|((kind, domain), s)| j!({
                "policy_type": kind.as_str(), "policy_domain": domain, "successful": s.successful, "failed": s.failed,
                "success_rate": rate(*s),
            })).collect::<Vec<_>>(),
            "by_policy_type": summary.by_policy_type.iter().map(|(kind, s)| (kind.as_str().to_string(), counts(*s))).collect::<serde_json::Map<_, _>>(),
            "by_result_type": summary.by_result_type.iter().map(|(t, f)| (t.as_str().to_string(), j!(f.failed))).collect::<serde_json::Map<_, _>>(),
            "result_types": summary.by_result_type.iter().map(|(t, f)| failure_json(t, f)).collect::<Vec<_>>(),
            "by_mx": summary.by_mx.iter().map(|(mx, by_type)| j!({
                "mx": mx,
                "failed": by_type.values().map(|f| f.failed).sum::<u64>(),
                "by_result_type": by_type.iter().map(|(t, f)| (t.as_str().to_string(), j!(f.failed))).collect::<serde_json::Map<_, _>>(),
            })).collect::<Vec<_>>(),
            "policies_seen": summary.policies_seen.iter().enumerate().map(|(i, p)| j!({
                "policy_domain": p.domain,
                "text": p.text,
                "organizations": p.organizations,
                "first_day": p.first.to_string(),
                "last_day": p.last.to_string(),
                "successful": p.sessions.successful,
                "failed": p.sessions.failed,
                "mode": p.mode.map(Mode::as_str),
                "max_age": p.max_age,
                "diagnostics": p.diagnostics.iter().map(|d| j!({
                    "code": d.code.as_str(), "severity": d.severity.as_str(), "message": d.message,
                    "byte_start": d.range.start, "byte_end": d.range.end,
                })).collect::<Vec<_>>(),
                "current": view.comparison(i).map(|c| c.same),
                "note": view.comparison(i).and_then(|c| c.note.clone()),
            })).collect::<Vec<_>>(),
            "policies_not_kept": summary.policies_not_kept,
            "ready_for_enforce": view.readiness.ready,
            "window": view.readiness.window.map(|(from, to)| j!({ "from": from.to_string(), "to": to.to_string() })),
            "blockers": view.readiness.blockers.iter().map(blocker_json).collect::<Vec<_>>(),
            "problems": view.batch.problems.iter().map(|p| j!({
                "file": p.file,
                "code": p.diagnostic.code.as_str(),
                "severity": p.diagnostic.severity.as_str(),
                "message": p.diagnostic.message,
                "whole_file": p.diagnostic.whole_file,
                "line": p.location.map(|l| l.start.line),
                "column": p.location.map(|l| l.start.column),
                "end_line": p.location.map(|l| l.end.line),
                "end_column": p.location.map(|l| l.end.column),
            })).collect::<Vec<_>>(),
            "problem_counts": view.batch.problem_counts,
        });
        let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
        out.push('\n');
        out
    }
}
