//! The text output of `mtasts reports` (for a terminal). The Markdown and the `mtasts-reports/1`
//! JSON are the core's (`mtasts::aggregate::render`), shared with the page.

use std::fmt::Write as _;

use mtasts::aggregate::render::{View, percent, verdict};

use crate::words::printable;

/// `--format text`.
pub(crate) fn text(view: &View<'_>) -> String {
    let summary = &view.batch.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} report(s) from {} file(s){}; {} successful and {} failed session(s) ({} successful).",
        summary.reports,
        view.batch.files,
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
    let summary = &view.batch.summary;
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
        if let Some(c) = view.comparison(i) {
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
    if view.batch.problems.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nProblems in the input:");
    for p in &view.batch.problems {
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
    let listed = view.batch.listed_counts();
    for (code, n) in &view.batch.problem_counts {
        if let more @ 1.. = n - listed.get(code).copied().unwrap_or(0) {
            let _ = writeln!(out, "  … and {more} more {code}");
        }
    }
}
