//! `mtasts match`: how MX host names fare against `mx` patterns (RFC 8461 §4.1).
//!
//! `match PATTERN HOST` explains one verdict. `match --policy FILE HOST...` shows which
//! pattern of the policy covers each host (the question before switching to `enforce`:
//! would every MX host pass?) and which patterns cover none. Its exit status answers
//! only that question; errors elsewhere in the policy are reported on standard error.

use std::fmt::Write as _;

use clap::CommandFactory as _;
use clap::error::ErrorKind;
use mtasts::mx;
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
        usage_error(&format!("expected PATTERN HOST, or --policy FILE HOST..., but got {} argument(s)", args.args.len()));
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
    Output::new(format!("{verdict}: {}\n", printable(&result.explanation)).into_bytes(), result.matched)
}

fn table(path: &std::path::Path, hosts: &[String]) -> Result<Output, CliError> {
    let source = input::read(Some(path))?;
    let report = policy::lint_with_options(&source.bytes, default_idna(), policy::LintOptions::FILE);
    let errors = Counts::of(&report.diagnostics).errors;
    if errors > 0 {
        let invalid: Vec<&str> = report.policy.mx.iter().filter(|m| !m.valid).map(|m| &*m.pattern).collect();
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
    // Every covered host gets a row; of those no pattern covers, the first
    // `mx::MAX_EXPLAINED_HOSTS`, then a count: the output stays linear in the input.
    let uncovered = coverage.hosts.iter().filter(|row| row.matched_by.is_none()).count();
    let rows: Vec<&mx::HostCoverage> = coverage
        .hosts
        .iter()
        .scan(0, |listed, row| {
            let shown = row.matched_by.is_some() || *listed < mx::MAX_EXPLAINED_HOSTS;
            *listed += usize::from(row.matched_by.is_none());
            Some(shown.then_some(row))
        })
        .flatten()
        .collect();
    let shown: Vec<String> = rows.iter().map(|row| printable(&row.host).into_owned()).collect();
    let host_width = shown.iter().map(|h| h.width()).chain(["HOST".len()]).max().unwrap_or(0);
    let by_width = rows.iter().filter_map(|row| row.matched_by.as_deref()).map(UnicodeWidthStr::width);
    let pattern_width = by_width.chain([NOT_COVERED.len()]).max().unwrap_or(0);
    let mut out = String::new();
    let _ = writeln!(out, "{:host_width$}  {:pattern_width$}  WHY", "HOST", "COVERED BY");
    for (row, host) in rows.iter().zip(&shown) {
        let host_pad = " ".repeat(host_width.saturating_sub(host.width()));
        let by = row.matched_by.as_deref().unwrap_or(NOT_COVERED);
        let _ = writeln!(out, "{host}{host_pad}  {by:pattern_width$}  {}", printable(&row.explanation));
    }
    if let more @ 1.. = uncovered.saturating_sub(mx::MAX_EXPLAINED_HOSTS) {
        let _ = writeln!(out, "… and {} not covered either (not listed)", plural(more, "more host"));
    }
    out.push('\n');
    if patterns.is_empty() {
        out.push_str("the policy has no valid mx pattern\n");
    } else if coverage.unused_patterns.is_empty() {
        out.push_str("every pattern covers at least one host\n");
    } else {
        let listed = &coverage.unused_patterns[..coverage.unused_patterns.len().min(mx::MAX_EXPLAINED_HOSTS)];
        let more = coverage.unused_patterns.len() - listed.len();
        let rest = if more > 0 { format!(" and {more} more") } else { String::new() };
        let _ = writeln!(out, "patterns that cover no host: {}{rest}", listed.join(", "));
    }
    let covered = coverage.hosts.len() - uncovered;
    let _ = writeln!(out, "{covered} of {} covered", plural(coverage.hosts.len(), "host"));
    Ok(Output::new(out.into_bytes(), covered == coverage.hosts.len()))
}
