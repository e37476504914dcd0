//! How `mtasts check` shows its reports: text, the `mtasts-check/1` JSON (the core's report as
//! its `serde` feature serializes it, so the CLI keeps no second copy of the shape), SARIF,
//! Markdown and CSV. Every verdict shown is the core's; nothing is decided here.

use std::fmt::Write as _;

use mtasts::Severity;
use mtasts::check::{CheckId, CheckReport, CheckStatus};
use serde::Serialize;

use crate::cmd_check::Checked;
use crate::style::{Role, Style};

/// The JSON schema identifier; bump the number on any incompatible change.
pub(crate) const SCHEMA: &str = "mtasts-check/1";

fn severity_role(status: CheckStatus) -> Option<Role> {
    match status {
        CheckStatus::Fail => Some(Role::Severity(Severity::Error)),
        CheckStatus::Warning | CheckStatus::CouldNotVerify => Some(Role::Severity(Severity::Warning)),
        CheckStatus::Pass | CheckStatus::Skipped => None,
    }
}

fn paint(style: Style, status: CheckStatus, text: &str) -> String {
    severity_role(status).map_or_else(|| text.to_owned(), |role| style.paint(role, text))
}

/// Each domain, each check with its verdict, findings and, when it did not pass, the command
/// that shows the same thing.
pub(crate) fn text(results: &[Checked], style: Style) -> String {
    let mut out = String::new();
    for checked in results {
        let report = match &checked.report {
            Ok(report) => report,
            Err(why) => {
                let _ = writeln!(out, "{}: {}\n", checked.input, style.paint(Role::Severity(Severity::Error), why));
                continue;
            }
        };
        let overall = report.overall();
        let _ = writeln!(
            out,
            "{} — {}",
            style.paint(Role::Emphasis, &report.domain),
            paint(style, overall, &format!("{} {}", overall.symbol(), overall.label()))
        );
        let _ = writeln!(out, "  Deployment: {}", style.paint(Role::Emphasis, &report.level.summary));
        let _ = writeln!(out, "  Next step: {}", report.level.next.text);
        for item in &report.checks {
            let status = format!("{} {:<16}", item.status.symbol(), item.status.label());
            let _ = writeln!(out, "  {} {}", paint(style, item.status, &status), item.id.title());
            for d in &item.diagnostics {
                let _ = writeln!(
                    out,
                    "      {} {}: {}",
                    style.paint(Role::Severity(d.severity), d.severity.as_str()),
                    d.code.as_str(),
                    d.message
                );
            }
            if !matches!(item.status, CheckStatus::Pass | CheckStatus::Skipped) && !item.reproduce.is_empty() {
                let _ = writeln!(out, "      {} {}", style.paint(Role::Frame, "$"), item.reproduce);
            }
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonCheck<'a> {
    schema: &'static str,
    input: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    overall: Option<CheckStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a CheckReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// One domain as `mtasts-check/1`: pretty for one domain, one line each (`lines`) for several.
pub(crate) fn json(checked: &Checked, lines: bool) -> String {
    let value = JsonCheck {
        schema: SCHEMA,
        input: &checked.input,
        overall: Some(checked.overall()),
        report: checked.report.as_ref().ok(),
        error: checked.report.as_ref().err().map(String::as_str),
    };
    let text = if lines { serde_json::to_string(&value) } else { serde_json::to_string_pretty(&value) };
    // Serializing plain data into a string cannot fail.
    text.unwrap_or_default() + "\n"
}

/// SARIF 2.1.0: one result per finding, located at `DOMAIN/CHECK`.
pub(crate) fn sarif(results: &[Checked]) -> String {
    let mut findings = Vec::new();
    for checked in results {
        let Ok(report) = &checked.report else {
            findings.push(serde_json::json!({
                "ruleId": "check/input",
                "level": "error",
                "message": { "text": format!("{}: {}", checked.input, checked.report.as_ref().err().map_or("", String::as_str)) },
            }));
            continue;
        };
        for item in &report.checks {
            for d in &item.diagnostics {
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "note",
                };
                findings.push(serde_json::json!({
                    "ruleId": d.code.as_str(),
                    "level": level,
                    "message": { "text": format!("{} ({}): {}", report.domain, item.id.title(), d.message) },
                    "locations": [{ "logicalLocations": [{ "fullyQualifiedName": format!("{}/{}", report.domain, item.id.as_str()), "kind": "resource" }] }],
                }));
            }
        }
    }
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "mtasts", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://github.com/mtasts/mtasts" } },
            "results": findings,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A table per domain: check, verdict, findings.
pub(crate) fn markdown(results: &[Checked]) -> String {
    let mut out = String::new();
    for checked in results {
        let Ok(report) = &checked.report else {
            let _ = writeln!(out, "## {}\n\n{}\n", cell(&checked.input), cell(checked.report.as_ref().err().map_or("", String::as_str)));
            continue;
        };
        let overall = report.overall();
        let _ = writeln!(
            out,
            "## {} — {} {}\n\n**Deployment:** {}  \n**Next step:** {}\n\n| Check | Status | Findings |\n|---|---|---|",
            report.domain,
            overall.symbol(),
            overall.label(),
            cell(&report.level.summary),
            cell(&report.level.next.text)
        );
        for item in &report.checks {
            let findings: Vec<String> = item.diagnostics.iter().map(|d| format!("`{}` {}", d.code.as_str(), cell(&d.message))).collect();
            let _ = writeln!(out, "| {} | {} {} | {} |", item.id.title(), item.status.symbol(), item.status.label(), findings.join("<br>"));
        }
        out.push('\n');
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

/// One row per domain: input, domain, overall status, deployment level and next step, each
/// check's status, the input error.
pub(crate) fn csv(results: &[Checked]) -> String {
    let mut out = String::from("input,domain,overall,level,next");
    for id in CheckId::ALL {
        let _ = write!(out, ",{}", id.as_str());
    }
    out.push_str(",error\n");
    for checked in results {
        let mut row = vec![csv_field(&checked.input)];
        match &checked.report {
            Ok(report) => {
                row.push(csv_field(&report.domain));
                row.push(report.overall().as_str().to_owned());
                row.push(report.level.level.as_str().to_owned());
                row.push(report.level.next.id.as_str().to_owned());
                row.extend(CheckId::ALL.iter().map(|&id| report.check(id).map_or(String::new(), |c| c.status.as_str().to_owned())));
                row.push(String::new());
            }
            Err(why) => {
                row.push(String::new());
                row.push(checked.overall().as_str().to_owned());
                row.extend([String::new(), String::new()]);
                row.extend(CheckId::ALL.iter().map(|_| String::new()));
                row.push(csv_field(why));
            }
        }
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}
