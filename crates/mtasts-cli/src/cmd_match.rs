//! `mtasts match`: how MX host names fare against `mx` patterns (RFC 8461 §4.1).
//!
//! `match PATTERN HOST` explains one verdict. `match --policy FILE HOST...` shows which
//! pattern of the policy covers each host (the question before switching to `enforce`:
//! would every MX host pass?) and which patterns cover none. Its exit status answers
//! only that question; errors elsewhere in the policy are reported on standard error.

use std::fmt::Write as _;

use clap::CommandFactory as _;
use clap::error::ErrorKind;
use mtasts::mx::{self, MatchReason};
use mtasts::{default_idna, policy};
use unicode_width::UnicodeWidthStr;

use crate::Output;
use crate::args::{Cli, MatchArgs};
use crate::checked::Counts;
use crate::error::CliError;
use crate::input;
use crate::words::{plural, printable};

/// What the table says instead of a pattern for a host no pattern matches.
const NOT_COVERED: &str = "NOT COVERED";

pub(crate) fn run(args: &MatchArgs) -> Result<Output, CliError> {
    if let Some(path) = &args.policy {
        return table(path, &args.args);
    }
    let [pattern, host] = args.args.as_slice() else {
        usage_error(&format!(
            "expected PATTERN HOST, or --policy FILE HOST..., but got {} argument(s)",
            args.args.len()
        ));
    };
    Ok(single(pattern, host))
}

/// Reports a usage error the way clap does (with the usage) and exits with status 2.
fn usage_error(message: &str) -> ! {
    let mut cmd = Cli::command();
    cmd.build();
    let error = match cmd.find_subcommand_mut("match") {
        Some(sub) => sub.error(ErrorKind::WrongNumberOfValues, message),
        None => Cli::command().error(ErrorKind::WrongNumberOfValues, message),
    };
    error.exit()
}

fn single(pattern: &str, host: &str) -> Output {
    let result = mx::match_host(pattern, host, default_idna());
    let verdict = if result.matched { "match" } else { "no match" };
    Output { stdout: format!("{verdict}: {}\n", printable(&result.explanation)).into_bytes(), ok: result.matched }
}

fn table(path: &std::path::Path, hosts: &[String]) -> Result<Output, CliError> {
    let source = input::read(Some(path))?;
    let report = policy::lint(&source.bytes);
    let errors = Counts::of(&report.diagnostics).errors;
    if errors > 0 {
        let invalid: Vec<&str> = report.policy.mx.iter().filter(|m| !m.valid).map(|m| m.pattern.as_str()).collect();
        let skipped = if invalid.is_empty() {
            String::new()
        } else {
            format!(
                "; ignoring its invalid mx {}: {}",
                if invalid.len() == 1 { "pattern" } else { "patterns" },
                printable(&invalid.join(", "))
            )
        };
        eprintln!(
            "mtasts: warning: {} has {}{skipped} (see `{}`)",
            printable(&source.name),
            plural(errors, "error"),
            printable(&input::lint_command(&source.name))
        );
    }
    let patterns: Vec<&str> = report.policy.mx_patterns().collect();
    let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let coverage = mx::coverage(&patterns, &hosts, default_idna());

    // Hosts come from the command line: shown escaped, padded by their display width.
    let shown: Vec<String> = coverage.hosts.iter().map(|row| printable(&row.host).into_owned()).collect();
    let host_width = shown.iter().map(|h| h.width()).chain(["HOST".len()]).max().unwrap_or(0);
    let pattern_width = patterns.iter().map(|p| p.width()).chain([NOT_COVERED.len()]).max().unwrap_or(0);
    let mut out = String::new();
    let _ = writeln!(out, "{:host_width$}  {:pattern_width$}  WHY", "HOST", "COVERED BY");
    let indent = " ".repeat(host_width + pattern_width + 4);
    let mut covered = 0;
    for (row, host) in coverage.hosts.iter().zip(&shown) {
        let host_pad = " ".repeat(host_width.saturating_sub(host.width()));
        if let Some(pattern) = &row.matched_by {
            covered += 1;
            let why = row.results.iter().find(|(p, _)| p == pattern).map_or("", |(_, r)| r.explanation.as_str());
            let _ = writeln!(out, "{host}{host_pad}  {pattern:pattern_width$}  {}", printable(why));
            continue;
        }
        let _ = write!(out, "{host}{host_pad}  {NOT_COVERED:pattern_width$}  ");
        // One reason per pattern; an invalid host gets its reason once.
        let reasons: Vec<String> = match row.results.first() {
            None => vec!["the policy has no valid mx pattern".to_string()],
            Some((_, r)) if r.reason == MatchReason::InvalidHost => vec![r.explanation.clone()],
            Some(_) => row.results.iter().map(|(p, r)| format!("{p}: {}", r.explanation)).collect(),
        };
        for (i, reason) in reasons.iter().enumerate() {
            if i > 0 {
                out.push_str(&indent);
            }
            let _ = writeln!(out, "{}", printable(reason));
        }
    }
    out.push('\n');
    if patterns.is_empty() {
        out.push_str("the policy has no valid mx pattern\n");
    } else if coverage.unused_patterns.is_empty() {
        out.push_str("every pattern covers at least one host\n");
    } else {
        let _ = writeln!(out, "patterns that cover no host: {}", coverage.unused_patterns.join(", "));
    }
    let _ = writeln!(out, "{covered} of {} covered", plural(coverage.hosts.len(), "host"));
    Ok(Output { stdout: out.into_bytes(), ok: covered == coverage.hosts.len() })
}
