//! The output of `mtasts reports`: text, Markdown and the `mtasts-reports/1` JSON schema
//! (docs/CLI.md). Only rendering: every figure, explanation and verdict comes from the core.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use mtasts::aggregate::{Blocker, FailureFigures, PolicyComparison, Readiness, ResultType, Sessions};
use serde_json::{Value, json};

use crate::cmd_reports::Outcome;
use crate::words::printable;

/// The schema identifier; bump the number on any incompatible change.
pub(crate) const SCHEMA: &str = "mtasts-reports/1";

/// What is rendered.
pub(crate) struct View<'a> {
    pub(crate) outcome: &'a Outcome,
    pub(crate) readiness: &'a Readiness,
    /// With `--policy`: each policy seen against the current one.
    pub(crate) comparisons: Option<&'a [PolicyComparison]>,
}

fn rate(sessions: Sessions) -> Value {
    sessions.success_rate().map_or(Value::Null, |r| json!((r * 10_000.0).round() / 10_000.0))
}

fn percent(sessions: Sessions) -> String {
    sessions.success_rate().map_or_else(|| "-".to_string(), |r| format!("{:.2}%", r * 100.0))
}

fn counts(sessions: Sessions) -> Value {
    json!({ "successful": sessions.successful, "failed": sessions.failed, "success_rate": rate(sessions) })
}

fn blocker_json(blocker: &Blocker) -> Value {
    let mut value = json!({ "kind": blocker.kind(), "message": blocker.message(), "advice": blocker.advice() });
    if let Blocker::Failures { mx, result_type, failed, since, last } = blocker {
        value["mx"] = json!(mx);
        value["result_type"] = json!(result_type.as_str());
        value["failed"] = json!(failed);
        value["since"] = json!(since.to_string());
        value["last"] = json!(last.to_string());
    }
    value
}

fn failure_json(result_type: &ResultType, figures: &FailureFigures) -> Value {
    json!({
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

/// `--format json`.
pub(crate) fn json(view: &View<'_>) -> String {
    let summary = &view.outcome.summary;
    let comparison = |i: usize| view.comparisons.and_then(|c| c.iter().find(|c| c.index == i));
    let value = json!({
        "schema": SCHEMA,
        "files": view.outcome.files,
        "reports": summary.reports,
        "duplicates": summary.duplicates,
        "sessions": counts(summary.sessions),
        "by_day": summary.by_day.iter().map(|(day, d)| json!({
            "day": day.to_string(), "successful": d.sessions.successful, "failed": d.sessions.failed,
            "success_rate": rate(d.sessions), "organizations": d.organizations,
        })).collect::<Vec<_>>(),
        "by_organization": summary.by_organization.iter().map(|(org, o)| json!({
            "organization": org, "reports": o.reports, "successful": o.sessions.successful, "failed": o.sessions.failed,
            "success_rate": rate(o.sessions),
        })).collect::<Vec<_>>(),
        "by_policy": summary.by_policy.iter().map(|((kind, domain), s)| json!({
            "policy_type": kind.as_str(), "policy_domain": domain, "successful": s.successful, "failed": s.failed,
            "success_rate": rate(s.to_owned()),
        })).collect::<Vec<_>>(),
        "by_policy_type": summary.by_policy_type.iter().map(|(kind, s)| (kind.as_str().to_string(), counts(*s))).collect::<serde_json::Map<_, _>>(),
        "by_result_type": summary.by_result_type.iter().map(|(t, f)| (t.as_str().to_string(), json!(f.failed))).collect::<serde_json::Map<_, _>>(),
        "result_types": summary.by_result_type.iter().map(|(t, f)| failure_json(t, f)).collect::<Vec<_>>(),
        "by_mx": summary.by_mx.iter().map(|(mx, by_type)| json!({
            "mx": mx,
            "failed": by_type.values().map(|f| f.failed).sum::<u64>(),
            "by_result_type": by_type.iter().map(|(t, f)| (t.as_str().to_string(), json!(f.failed))).collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
        "policies_seen": summary.policies_seen.iter().enumerate().map(|(i, p)| json!({
            "policy_domain": p.domain,
            "text": p.text,
            "organizations": p.organizations,
            "first_day": p.first.to_string(),
            "last_day": p.last.to_string(),
            "successful": p.sessions.successful,
            "failed": p.sessions.failed,
            "mode": p.mode.map(mtasts::policy::Mode::as_str),
            "max_age": p.max_age,
            "diagnostics": p.diagnostics.iter().map(|d| json!({
                "code": d.code.as_str(), "severity": d.severity.as_str(), "message": d.message,
                "byte_start": d.range.start, "byte_end": d.range.end,
            })).collect::<Vec<_>>(),
            "current": comparison(i).map(|c| c.same),
            "note": comparison(i).and_then(|c| c.note.clone()),
        })).collect::<Vec<_>>(),
        "policies_not_kept": summary.policies_not_kept,
        "ready_for_enforce": view.readiness.ready,
        "window": view.readiness.window.map(|(from, to)| json!({ "from": from.to_string(), "to": to.to_string() })),
        "blockers": view.readiness.blockers.iter().map(blocker_json).collect::<Vec<_>>(),
        "problems": view.outcome.problems.iter().map(|p| json!({
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
        "problem_counts": view.outcome.problem_counts,
    });
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}

/// The verdict's lines, shared by text and Markdown.
fn verdict(view: &View<'_>) -> String {
    let mut out = String::new();
    let window = view.readiness.window.map(|(from, to)| format!(" ({from} to {to})")).unwrap_or_default();
    if view.readiness.ready {
        let _ = writeln!(out, "Ready for enforce: yes{window}. The reports show no STS-related failure in the last 14 days.");
    } else {
        let _ = writeln!(out, "Ready for enforce: no{window}.");
    }
    for blocker in &view.readiness.blockers {
        let _ = writeln!(out, "- {}\n  What to do: {}", printable(&blocker.message()), printable(&blocker.advice()));
    }
    out
}

/// `--format text`.
pub(crate) fn text(view: &View<'_>) -> String {
    let summary = &view.outcome.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} report(s) from {} file(s){}; {} successful and {} failed session(s) ({} successful).",
        summary.reports,
        view.outcome.files,
        if summary.duplicates > 0 { format!(", {} duplicate(s) counted once", summary.duplicates) } else { String::new() },
        summary.sessions.successful,
        summary.sessions.failed,
        percent(summary.sessions)
    );
    if let (Some((first, _)), Some((last, _))) = (summary.by_day.first_key_value(), summary.by_day.last_key_value()) {
        let _ = writeln!(out, "Days: {first} to {last} ({} day(s) with reports).", summary.by_day.len());
    }
    out.push('\n');
    out.push_str(&verdict(view));
    if !summary.by_organization.is_empty() {
        let _ = writeln!(out, "\nBy reporting organisation:");
        for (org, o) in &summary.by_organization {
            let _ = writeln!(
                out,
                "  {}: {} report(s), {} successful, {} failed ({})",
                printable(org),
                o.reports,
                o.sessions.successful,
                o.sessions.failed,
                percent(o.sessions)
            );
        }
    }
    if !summary.by_policy.is_empty() {
        let _ = writeln!(out, "\nBy policy:");
        for ((kind, domain), s) in &summary.by_policy {
            let _ = writeln!(
                out,
                "  {} {}: {} successful, {} failed ({})",
                kind.as_str(),
                printable(domain),
                s.successful,
                s.failed,
                percent(*s)
            );
        }
    }
    if !summary.by_result_type.is_empty() {
        let _ = writeln!(out, "\nFailures by result type:");
        for (t, f) in &summary.by_result_type {
            let _ = writeln!(out, "  {}: {} failed session(s), {} to {}", printable(t.as_str()), f.failed, f.first, f.last);
            let _ = writeln!(out, "    {}\n    Fix: {}", t.explanation(), t.advice());
        }
        let _ = writeln!(out, "\nFailures by receiving MX host:");
        for (mx, by_type) in &summary.by_mx {
            let types: Vec<String> = by_type.iter().map(|(t, f)| format!("{} {}", printable(t.as_str()), f.failed)).collect();
            let _ = writeln!(out, "  {}: {}", printable(mx), types.join(", "));
        }
    }
    policies_text(view, &mut out);
    problems_text(view, &mut out);
    out
}

fn policies_text(view: &View<'_>, out: &mut String) {
    let summary = &view.outcome.summary;
    if summary.policies_seen.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nPolicies senders applied:");
    for (i, p) in summary.policies_seen.iter().enumerate() {
        let orgs: Vec<String> = p.organizations.iter().map(|o| printable(o).into_owned()).collect();
        let _ = writeln!(out, "  {} ({} to {}, {}):", printable(&p.domain), p.first, p.last, orgs.join(", "));
        for line in p.text.lines() {
            let _ = writeln!(out, "    | {}", printable(line));
        }
        for d in &p.diagnostics {
            let _ = writeln!(out, "    {}[{}]: {}", d.severity, d.code, printable(&d.message));
        }
        if let Some(c) = view.comparisons.and_then(|c| c.iter().find(|c| c.index == i)) {
            match &c.note {
                None => out.push_str("    the current policy\n"),
                Some(note) => {
                    let _ = writeln!(out, "    not the current policy: {}", printable(note));
                }
            }
        }
    }
}

fn problems_text(view: &View<'_>, out: &mut String) {
    if view.outcome.problems.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nProblems in the input:");
    for p in &view.outcome.problems {
        let at = p.location.map(|l| format!(":{}:{}", l.start.line, l.start.column)).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{at}: {}[{}]: {}",
            printable(&p.file),
            p.diagnostic.severity,
            p.diagnostic.code,
            printable(&p.diagnostic.message)
        );
    }
    let listed = listed_counts(view);
    for (code, n) in &view.outcome.problem_counts {
        if let more @ 1.. = n - listed.get(code).copied().unwrap_or(0) {
            let _ = writeln!(out, "  … and {more} more {code}");
        }
    }
}

fn listed_counts(view: &View<'_>) -> BTreeMap<&'static str, usize> {
    let mut listed = BTreeMap::new();
    for p in &view.outcome.problems {
        *listed.entry(p.diagnostic.code.as_str()).or_default() += 1;
    }
    listed
}

/// Escapes a table cell.
fn cell(text: &str) -> String {
    printable(text).replace('|', "\\|")
}

/// `--format markdown`.
pub(crate) fn markdown(view: &View<'_>) -> String {
    let summary = &view.outcome.summary;
    let mut out = String::from("# TLS-RPT reports\n\n");
    let _ = writeln!(
        out,
        "{} report(s) from {} file(s), {} duplicate(s); **{}** successful and **{}** failed session(s) ({} successful).\n",
        summary.reports,
        view.outcome.files,
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
    if !view.outcome.problems.is_empty() {
        out.push_str("\n## Problems in the input\n\n| file | where | code | message |\n|---|---|---|---|\n");
        for p in &view.outcome.problems {
            let at = p.location.map_or_else(|| "file".into(), |l| format!("{}:{}", l.start.line, l.start.column));
            let _ = writeln!(out, "| {} | {at} | `{}` | {} |", cell(&p.file), p.diagnostic.code, cell(&p.diagnostic.message));
        }
    }
    out
}
