//! Snapshots of the text output for representative problems: a reviewer sees exactly
//! what a user sees. Each snapshot holds the command, its input (escaped, in the
//! description), standard output, standard error when there is any, and the exit status.
//!
//! Update with `INSTA_UPDATE=always cargo test -p mtasts-cli` (or `cargo insta review`),
//! then read the diff. CI sets `CI=true`, where insta fails instead of writing snapshots.

use crate::mtasts;

fn check(name: &str, args: &[&str], input: &[u8]) {
    snapshot(name, &format!("mtasts {}", args.join(" ")), &mtasts(args, input), &format!("input: {:?}", String::from_utf8_lossy(input)));
}

/// Snapshots what a user sees of `run`: the command line, its output, its stderr and its exit
/// status, under `name` with `description`.
pub(crate) fn snapshot(name: &str, command: &str, run: &crate::Run, description: &str) {
    let mut shown = format!("$ {command}\n{}", run.stdout());
    if !run.stderr.is_empty() {
        shown.push_str("--- stderr\n");
        shown.push_str(&run.stderr);
    }
    shown.push_str("--- exit status ");
    shown.push_str(&run.code.to_string());
    shown.push('\n');
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description(description);
    settings.bind(|| insta::assert_snapshot!(name, shown));
}

#[test]
fn bom() {
    check("policy_bom", &["lint"], b"\xef\xbb\xbfversion: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n");
}

#[test]
fn capitalized_field_name() {
    check("policy_mode_capitalized", &["lint"], b"version: STSv1\nMode: enforce\nmx: mail.example.com\nmax_age: 86400\n");
}

#[test]
fn capitalized_value_after_a_tab() {
    check("policy_mode_value_tab", &["lint"], b"version: STSv1\nmode:\tEnforce\nmx: mail.example.com\nmax_age: 86400\n");
}

#[test]
fn blank_lines() {
    check("policy_blank_line", &["lint"], b"version: STSv1\n\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n\n");
}

#[test]
fn mx_wildcards() {
    check(
        "policy_mx_wildcard",
        &["lint"],
        b"version: STSv1\nmode: enforce\nmx: *.*.example.com\nmx: mail.*.example.com\nmx: *.com\nmax_age: 86400\n",
    );
}

#[test]
fn max_age_too_large() {
    check("policy_max_age_too_large", &["lint"], b"version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 31557601\n");
}

#[test]
fn lone_cr() {
    check("policy_lone_cr", &["lint"], b"version: STSv1\rmode: enforce\nmx: mail.example.com\nmax_age: 86400\n");
}

#[test]
fn emoji_before_the_span() {
    // The caret must sit after the two-cell emoji; the column counts it as one.
    check(
        "policy_emoji_columns",
        &["lint"],
        "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\nnote😀 : hi\n".as_bytes(),
    );
}

#[test]
fn non_utf8_and_control_bytes() {
    check("policy_non_utf8", &["lint"], b"version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\nnote: caf\xe9 \x00ok\n");
}

#[test]
fn several_problems_at_once() {
    check(
        "policy_broken",
        &["lint"],
        b"\xef\xbb\xbfversion: STSv1\nMode: Enforce\n\nmx: *.*.example.com\nmx: mail.example.com\nmax_age: 99999999999\n",
    );
}

#[test]
fn empty_policy() {
    check("policy_empty", &["lint"], b"");
}

#[test]
fn valid_policy() {
    check("policy_valid", &["lint"], b"version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmax_age: 604800\n");
}

#[test]
fn sts_two_records() {
    check("sts_two_records", &["lint", "--kind", "sts"], b"v=spf1 -all\nv=STSv1; id=20260101\nv=STSv1; id=20261128\n");
}

#[test]
fn sts_quoted_with_space_before_delimiter() {
    check("sts_quoted", &["lint", "--kind", "sts"], b"\"v=STSv1 \" \"; id=2026-11-28\"\n");
}

#[test]
fn sts_empty() {
    check("sts_empty", &["lint", "--kind", "sts"], b"");
}

#[test]
fn tlsrpt_http() {
    check("tlsrpt_http", &["lint", "--kind", "tlsrpt"], b"v=TLSRPTv1; rua=http://reports.example.com/tls\n");
}

#[test]
fn match_commands() {
    check("match_wildcard_two_labels", &["match", "*.example.com", "a.b.example.com"], b"");
    check(
        "match_policy_coverage",
        &["match", "--policy", "-", "mx1.example.com", "example.com", "mx.example.org"],
        b"version: STSv1\nmode: enforce\nmx: *.example.com\nmx: backup.example.net\nmax_age: 86400\n",
    );
}

#[test]
fn fix_summary() {
    check(
        "fix_broken",
        &["fix"],
        b"\xef\xbb\xbfversion: STSv1\nMode: Enforce\n\nmx: *.*.example.com\nmx: mail.example.com\nmax_age: 99999999999\n",
    );
}

#[test]
fn missing_field_is_a_whole_file_problem() {
    check("policy_mode_missing", &["lint"], b"version: STSv1\nmx: mail.example.com\nmax_age: 86400\n");
}

#[test]
fn front_matter_of_a_local_file() {
    check(
        "policy_front_matter",
        &["lint"],
        b"---\npermalink: /.well-known/mta-sts.txt\n---\nversion: STSv1\nmode: enforce\nmx: mx1.example.com   # primary\nmax_age: 86400\n",
    );
}

#[test]
fn indented_file() {
    check("policy_indented", &["lint"], b"    version: STSv1\n    mode: testing\n    mx:\n      - mail.example.com\n    max_age: 86400\n");
}
