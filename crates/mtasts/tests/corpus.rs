//! Runs every case of `tests/corpus/**/*.jsonl` against the core and names each
//! failing case by `file:line` and name. See `tests/corpus/README.md` for the format.

use std::path::{Path, PathBuf};

use mtasts::record::intake::RecordInput;
use mtasts::{LineIndex, aggregate, change, fix::apply_fixes, fix::safe_fixes, mx, policy, record, zone};
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

fn render(text: &[u8], diagnostics: &[mtasts::Diagnostic]) -> Vec<String> {
    let index = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| {
            if d.whole_file {
                return format!("{} file", d.code);
            }
            let loc = index.location(d.range);
            format!("{} {}:{}-{}:{}", d.code, loc.start.line, loc.start.column, loc.end.line, loc.end.column)
        })
        .collect()
}

fn strings(case: &Value, key: &str) -> Vec<String> {
    case[key].as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default()
}

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

fn compare<A: std::fmt::Debug + PartialEq<B>, B: std::fmt::Debug>(errors: &mut Vec<String>, what: &str, expected: &A, actual: &B) {
    if expected != actual {
        errors.push(format!("{what}:\n      expected {expected:?}\n      actual   {actual:?}"));
    }
}

fn check_diagnostics(errors: &mut Vec<String>, case: &Value, valid: bool, rendered: &[String]) {
    if let Some(v) = case["valid"].as_bool() {
        compare(errors, "valid", &v, &valid);
    }
    if case.get("diagnostics").is_some() {
        compare(errors, "diagnostics", &strings(case, "diagnostics"), &rendered.to_vec());
    }
}

fn run_policy(case: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let input = match (case["input"].as_str(), case["input_hex"].as_str()) {
        (Some(s), _) => s.as_bytes().to_vec(),
        (None, Some(h)) => hex(h),
        _ => return vec!["case has neither `input` nor `input_hex`".into()],
    };
    // A policy case is a local file unless it says it was served (README: `origin`).
    let options = match case["origin"].as_str() {
        None | Some("file") => policy::LintOptions::FILE,
        Some("served") => policy::LintOptions::default(),
        Some(other) => return vec![format!("unknown origin `{other}` (known: `file`, `served`)")],
    };
    let idna = mtasts::default_idna();
    let report = policy::lint_with_options(&input, idna, options);
    check_diagnostics(&mut errors, case, report.is_valid(), &render(&input, &report.diagnostics));
    let (fixed, _) = policy::fix_all_with_options(&input, idna, options);
    let after = policy::lint_with_options(&fixed, idna, options);
    let count = |r: &policy::PolicyReport| r.diagnostics.iter().filter(|d| d.severity == mtasts::Severity::Error).count();
    if count(&after) > count(&report) {
        errors.push(format!("applying safe fixes added errors: {:?}", render(&fixed, &after.diagnostics)));
    }
    let (again, _) = apply_fixes(&fixed, &safe_fixes(&after.diagnostics).collect::<Vec<_>>());
    compare(&mut errors, "fixing twice changes nothing", &String::from_utf8_lossy(&fixed), &String::from_utf8_lossy(&again));
    if let Some(expected) = case["fixed"].as_str() {
        compare(&mut errors, "fixed", &expected, &&*String::from_utf8_lossy(&fixed));
    }
    let fixed_valid = case["fixed_valid"].as_bool().or_else(|| case.get("fixed").map(|_| true));
    if let Some(v) = fixed_valid {
        compare(&mut errors, "fixed_valid", &v, &after.is_valid());
        if v != after.is_valid() {
            errors.push(format!("  after fixes: {:?}", render(&fixed, &after.diagnostics)));
        }
    }
    errors
}

/// A record case: `input` is text as a user pastes it (read by the core's intake, positions in
/// it); `records` are values already joined (positions in them joined by `\n`).
fn run_records(case: &Value, tlsrpt: bool) -> Vec<String> {
    let mut errors = Vec::new();
    let input = match case["input"].as_str() {
        Some(text) => RecordInput::parse(text),
        None => RecordInput::from_values(&strings(case, "records")),
    };
    let lint = |input: &RecordInput| {
        if tlsrpt {
            let r = record::lint_tlsrpt_input(input, mtasts::default_idna());
            (r.is_valid(), r.text, r.diagnostics)
        } else {
            let r = record::lint_sts_input(input);
            (r.is_valid(), r.text, r.diagnostics)
        }
    };
    let (valid, text, diags) = lint(&input);
    check_diagnostics(&mut errors, case, valid, &render(text.as_bytes(), &diags));
    if let Some(expected) = case["fixed"].as_str() {
        let (fixed, _) = apply_fixes(text.as_bytes(), &safe_fixes(&diags).collect::<Vec<_>>());
        let fixed = String::from_utf8_lossy(&fixed).into_owned();
        compare(&mut errors, "fixed", &expected, &fixed.as_str());
        let (fixed_valid, _, after) = lint(&RecordInput::parse(&fixed));
        let expected_valid = case["fixed_valid"].as_bool().unwrap_or(true);
        compare(&mut errors, "fixed_valid", &expected_valid, &fixed_valid);
        if expected_valid != fixed_valid {
            errors.push(format!("  after fixes: {:?}", render(fixed.as_bytes(), &after)));
        }
    }
    errors
}

/// A case of a file of records (zone file, octodns, Terraform, dnscontrol; `kind` is its
/// folder): `input` is the file; `diagnostics` are the file's and every owner's, positions in
/// the file; `owners` lists `NAME FAMILY` in file order.
fn run_zone(case: &Value, kind: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(text) = case["input"].as_str() else { return vec!["case has no `input`".into()] };
    let lint = |text: &str| {
        let idna = mtasts::default_idna();
        match kind {
            "octodns" => zone::lint_octodns(text, idna),
            "terraform" => zone::lint_terraform(text, idna),
            "dnscontrol" => zone::lint_dnscontrol(text, idna),
            _ => zone::lint_zone(text, idna),
        }
    };
    let report = lint(text);
    let all = report.all_diagnostics();
    check_diagnostics(&mut errors, case, report.is_valid(), &render(text.as_bytes(), &all));
    if case.get("owners").is_some() {
        let owners: Vec<String> = report.owners.iter().map(|o| format!("{} {}", o.name, o.family.as_str())).collect();
        compare(&mut errors, "owners", &strings(case, "owners"), &owners);
    }
    if let Some(expected) = case["fixed"].as_str() {
        let (fixed, _) = apply_fixes(text.as_bytes(), &safe_fixes(&all).collect::<Vec<_>>());
        let fixed = String::from_utf8_lossy(&fixed).into_owned();
        compare(&mut errors, "fixed", &expected, &fixed.as_str());
        let expected_valid = case["fixed_valid"].as_bool().unwrap_or(true);
        compare(&mut errors, "fixed_valid", &expected_valid, &lint(&fixed).is_valid());
    }
    errors
}

/// A change case: `old_policy`, `old_record`, `new_policy`, `new_record` (records as pasted),
/// optional `mx` (hosts) and `now` (Unix seconds). `diagnostics` are `CODE policy POS` (in the
/// new policy) or `CODE record POS` (in the new record), policy first.
fn run_change(case: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let text = |key: &str| case[key].as_str().unwrap_or("").to_string();
    let (old_record, new_record) = (RecordInput::parse(&text("old_record")), RecordInput::parse(&text("new_record")));
    let (old_policy, new_policy) = (text("old_policy"), text("new_policy"));
    let hosts = strings(case, "mx");
    let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let now = case["now"].as_u64().unwrap_or(0);
    let report = change::compare(
        change::Revision { policy: old_policy.as_bytes(), record: &old_record },
        change::Revision { policy: new_policy.as_bytes(), record: &new_record },
        &hosts,
        now,
        mtasts::default_idna(),
    );
    let mut rendered: Vec<String> = Vec::new();
    for (what, doc, diagnostics) in [("policy", new_policy.as_str(), &report.policy), ("record", new_record.text.as_str(), &report.record)]
    {
        rendered.extend(render(doc.as_bytes(), diagnostics).into_iter().map(|r| r.replacen(' ', &format!(" {what} "), 1)));
    }
    check_diagnostics(&mut errors, case, report.is_valid(), &rendered);
    if let Some(v) = case["policy_changed"].as_bool() {
        compare(&mut errors, "policy_changed", &v, &report.policy_changed);
    }
    if case.get("suggested_id").is_some() {
        compare(&mut errors, "suggested_id", &case["suggested_id"].as_str().map(String::from), &report.suggested_id);
    }
    errors
}

/// An aggregate-report case: `input` (or `input_hex`) is one report's JSON text; `files` are
/// several read in order into one summary. The diagnostics are those of the last file;
/// `counted` whether it was added to the summary; `sessions` the summary's totals; `ready`
/// and `blockers` (their kinds) the readiness verdict on the summary.
fn run_aggregate(case: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let files: Vec<Vec<u8>> = match (case["input"].as_str(), case["input_hex"].as_str()) {
        (Some(s), _) => vec![s.as_bytes().to_vec()],
        (None, Some(h)) => vec![hex(h)],
        _ => strings(case, "files").into_iter().map(String::into_bytes).collect(),
    };
    let mut summary = aggregate::Summary::new();
    let (mut diagnostics, mut counted) = (Vec::new(), false);
    for file in &files {
        let reading = aggregate::read(file);
        diagnostics = reading.diagnostics;
        let before = summary.reports;
        if let Some(report) = &reading.report {
            diagnostics.extend(summary.add(report));
        }
        counted = summary.reports > before;
    }
    let last = files.last().map_or(&[][..], Vec::as_slice);
    check_diagnostics(&mut errors, case, !mtasts::diagnostic::has_errors(&diagnostics), &render(last, &diagnostics));
    if let Some(expected) = case["counted"].as_bool() {
        compare(&mut errors, "counted", &expected, &counted);
    }
    if let Some([successful, failed]) = case["sessions"].as_array().map(Vec::as_slice) {
        let expected = (successful.as_u64().unwrap_or(u64::MAX), failed.as_u64().unwrap_or(u64::MAX));
        compare(&mut errors, "sessions", &expected, &(summary.sessions.successful, summary.sessions.failed));
    }
    let readiness = aggregate::readiness(&summary);
    if let Some(expected) = case["ready"].as_bool() {
        compare(&mut errors, "ready", &expected, &readiness.ready);
    }
    if case.get("blockers").is_some() {
        let kinds: Vec<String> = readiness.blockers.iter().map(|b| b.kind().to_string()).collect();
        compare(&mut errors, "blockers", &strings(case, "blockers"), &kinds);
    }
    errors
}

fn run_match(case: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let r = mx::match_host(case["pattern"].as_str().unwrap_or(""), case["host"].as_str().unwrap_or(""), mtasts::default_idna());
    if let Some(m) = case["matched"].as_bool() {
        compare(&mut errors, "matched", &m, &r.matched);
    }
    if let Some(reason) = case["reason"].as_str() {
        compare(&mut errors, "reason", &reason, &r.reason.as_str());
    }
    if let Some(label) = case.get("wildcard_label") {
        compare(&mut errors, "wildcard_label", &label.as_str().map(String::from), &r.wildcard_label);
    }
    if !errors.is_empty() {
        errors.push(format!("  explanation: {}", r.explanation));
    }
    errors
}

fn main() {
    let filter = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let (mut passed, mut failed) = (0, 0);
    let mut files: Vec<PathBuf> = Vec::new();
    for kind in ["policy", "sts", "tlsrpt", "tlsrpt-report", "mx-match", "zone", "octodns", "terraform", "dnscontrol", "change"] {
        let Ok(dir) = std::fs::read_dir(corpus_dir().join(kind)) else { continue };
        files.extend(dir.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "jsonl")));
    }
    files.sort();
    for file in &files {
        let kind = file.parent().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap_or("");
        let rel = file.strip_prefix(corpus_dir()).unwrap_or(file).display().to_string();
        let content = std::fs::read_to_string(file).expect("corpus file is UTF-8");
        let mut names = std::collections::HashSet::new();
        for (n, line) in content.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            let case: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    failed += 1;
                    println!("FAIL {rel}:{}: not JSON: {e}", n + 1);
                    continue;
                }
            };
            let name = case["name"].as_str().unwrap_or("?").to_string();
            if filter.as_ref().is_some_and(|f| !name.contains(f.as_str()) && !rel.contains(f.as_str())) {
                continue;
            }
            let mut errors = if names.insert(name.clone()) { Vec::new() } else { vec!["duplicate case name".to_string()] };
            errors.extend(match kind {
                "policy" => run_policy(&case),
                "sts" => run_records(&case, false),
                "tlsrpt" => run_records(&case, true),
                "zone" | "octodns" | "terraform" | "dnscontrol" => run_zone(&case, kind),
                "change" => run_change(&case),
                "tlsrpt-report" => run_aggregate(&case),
                _ => run_match(&case),
            });
            if errors.is_empty() {
                passed += 1;
            } else {
                failed += 1;
                println!("FAIL {rel}:{} {name}", n + 1);
                for e in errors {
                    println!("    {e}");
                }
            }
        }
    }
    println!("corpus: {passed} passed, {failed} failed");
    assert!(passed > 0, "no corpus case ran");
    if failed > 0 {
        std::process::exit(1);
    }
}
