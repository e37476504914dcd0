//! Compiler-style text output, for people (rustc and ruff are the model):
//!
//! ```text
//! error[policy/mode-invalid]: The `mode` must be …
//!  --> policy.txt:2:7
//!   |
//! 2 | mode: Enforce
//!   |       ^^^^^^^
//!   = fix: Write `enforce`
//!   = see: RFC 8461 §3.2
//! ```
//! then one summary line. A problem of the whole file (a required field missing) comes
//! after those of single lines, shown below the file's last line with the note
//! `applies to the whole file`, never as a marker on a line that is fine. The layout
//! is stable enough to snapshot, but scripts should read `--format json`, whose schema
//! is the contract.

use std::fmt::Write as _;

use mtasts::{Applicability, Diagnostic, Severity};

use super::snippet::snippet;
use crate::checked::{Checked, Counts, Document};
use crate::style::{Role, Style};
use crate::words::{plural, printable};

/// The whole report.
pub(crate) fn render(checked: &Checked, style: Style) -> String {
    let mut out = body(checked, style);
    out.push_str(&summary(checked.counts(), style));
    out.push('\n');
    out
}

/// Several reports: each file's name and kind, its owners and diagnostics, then one summary
/// of everything that was checked.
pub(crate) fn render_many(checked: &[Checked], style: Style) -> String {
    let mut out = String::new();
    let mut total = Counts::default();
    for c in checked {
        let counts = c.counts();
        let _ = writeln!(
            out,
            "{}",
            style.paint(Role::Emphasis, &format!("==> {} ({}): {} <==", printable(&c.name), c.kind.as_str(), verdict(counts)))
        );
        out.push_str(&body(c, style));
        total.errors += counts.errors;
        total.warnings += counts.warnings;
        total.info += counts.info;
    }
    let _ = write!(out, "checked {}; ", plural(checked.len(), "file"));
    out.push_str(&summary(total, style));
    out.push('\n');
    out
}

/// `valid` or `2 errors`, for a file's header.
fn verdict(counts: Counts) -> String {
    if counts.errors == 0 { "valid".to_string() } else { plural(counts.errors, "error") }
}

/// The owners checked (for a file of records) and the diagnostics, without the summary.
fn body(checked: &Checked, style: Style) -> String {
    let doc = checked.document();
    let mut out = String::new();
    for owner in checked.owners.iter().flatten() {
        let _ = writeln!(
            out,
            "checked {} ({}): {}, {}",
            printable(&owner.name),
            owner.family,
            plural(owner.records, "TXT record"),
            verdict(owner.counts)
        );
    }
    if checked.owners.as_ref().is_some_and(|o| !o.is_empty()) {
        out.push('\n');
    }
    let (whole, placed): (Vec<&Diagnostic>, Vec<&Diagnostic>) = checked.diagnostics.iter().partition(|d| d.whole_file);
    for d in placed {
        diagnostic(&mut out, checked, &doc, d, style);
        out.push('\n');
    }
    for d in whole {
        whole_file(&mut out, checked, &doc, d, style);
        out.push('\n');
    }
    out
}

fn diagnostic(out: &mut String, checked: &Checked, doc: &Document<'_>, d: &Diagnostic, style: Style) {
    let severity = d.severity;
    header(out, d, style);

    let start = doc.position(d.range.start);
    let end = doc.position(d.range.end);
    let line_no = start.line;
    let gutter = line_no.to_string().len();
    let pad = " ".repeat(gutter);
    let name = printable(&checked.name);
    let frame = |s: &str| style.paint(Role::Frame, s);

    if doc.is_empty() {
        // Nothing to point at (an empty file, no records at all).
        let _ = writeln!(out, "{pad}{} {}", frame("-->"), name);
    } else {
        let _ = writeln!(out, "{pad}{} {}:{line_no}:{}", frame("-->"), name, start.column);
        let (line_start, line) = doc.line(start.line);
        let from = d.range.start.saturating_sub(line_start) as usize;
        // A span running onto later lines is underlined to the end of its first line and
        // one cell beyond, standing for the line break it includes.
        let to = if end.line > start.line { line.len() + 1 } else { d.range.end.saturating_sub(line_start) as usize };
        let s = snippet(line, from..to);
        let _ = writeln!(out, "{pad} {}", frame("|"));
        let source = if s.text.is_empty() { String::new() } else { format!(" {}", s.text) };
        let _ = writeln!(out, "{} {}{source}", frame(&line_no.to_string()), frame("|"));
        let carets = style.paint(Role::Severity(severity), &"^".repeat(s.caret_len));
        let _ = writeln!(out, "{pad} {} {}{carets}", frame("|"), " ".repeat(s.caret_start));
    }
    footer(out, d, &pad, style);
}

/// A problem of the whole file: the file's last line for context, then the note.
fn whole_file(out: &mut String, checked: &Checked, doc: &Document<'_>, d: &Diagnostic, style: Style) {
    header(out, d, style);
    let frame = |s: &str| style.paint(Role::Frame, s);
    let name = printable(&checked.name);
    // The last line with content: a final line break leaves an empty line after it.
    let end = doc.position(u32::try_from(checked.text.len()).unwrap_or(u32::MAX));
    let last = if end.line > 1 && doc.line(end.line).1.is_empty() { end.line - 1 } else { end.line };
    let line_no = last;
    let pad = " ".repeat(line_no.to_string().len());
    let _ = writeln!(out, "{pad}{} {name}", frame("-->"));
    if !doc.is_empty() {
        let s = snippet(doc.line(last).1, 0..0);
        let source = if s.text.is_empty() { String::new() } else { format!(" {}", s.text) };
        let _ = writeln!(out, "{pad} {}", frame("|"));
        let _ = writeln!(out, "{} {}{source}", frame(&line_no.to_string()), frame("|"));
        let _ = writeln!(out, "{pad} {}", frame("|"));
    }
    let _ = writeln!(out, "{pad} {} note: applies to the whole file", frame("="));
    footer(out, d, &pad, style);
}

fn header(out: &mut String, d: &Diagnostic, style: Style) {
    let header = format!("{}[{}]", d.severity, d.code);
    let _ = writeln!(
        out,
        "{}{}",
        style.paint(Role::Severity(d.severity), &header),
        style.paint(Role::Emphasis, &format!(": {}", printable(&d.message)))
    );
}

/// The fix, if any, and the RFC section.
fn footer(out: &mut String, d: &Diagnostic, pad: &str, style: Style) {
    let frame = |s: &str| style.paint(Role::Frame, s);
    if let Some(fix) = &d.fix {
        let unsafe_mark = if fix.applicability == Applicability::Unsafe { " (unsafe)" } else { "" };
        let _ = writeln!(out, "{pad} {} fix: {}{unsafe_mark}", frame("="), style.paint(Role::Fix, &printable(&fix.title)));
    }
    let _ = writeln!(out, "{pad} {} see: {}", frame("="), d.code.rfc());
}

/// `invalid: 2 errors, 1 warning, 0 info` or `valid: no errors, 0 warnings, 1 info`.
fn summary(counts: Counts, style: Style) -> String {
    let tail = format!("{}, {}", plural(counts.warnings, "warning"), format_args!("{} info", counts.info));
    if counts.errors == 0 {
        format!("{}: no errors, {tail}", style.paint(Role::Fix, "valid"))
    } else {
        format!("{}: {}, {tail}", style.paint(Role::Severity(Severity::Error), "invalid"), plural(counts.errors, "error"))
    }
}
