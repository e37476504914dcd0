//! `mtasts generate`: snapshots of what a user sees (at a fixed `SOURCE_DATE_EPOCH`), the
//! files `--out` writes, and refusals (exit status 2).

use crate::{Run, mtasts_with_env};

/// 2026-04-23T12:00:00Z.
const EPOCH: &str = "1776945600";

fn generate(args: &[&str], stdin: &[u8]) -> Run {
    let args: Vec<&str> = std::iter::once("generate").chain(args.iter().copied()).collect();
    mtasts_with_env(&args, stdin, &[("SOURCE_DATE_EPOCH", EPOCH)])
}

fn check(name: &str, args: &[&str], stdin: &[u8]) {
    let command = format!("SOURCE_DATE_EPOCH={EPOCH} mtasts generate {}", args.join(" "));
    crate::snapshots::snapshot(name, &command, &generate(args, stdin), &format!("stdin: {:?}", String::from_utf8_lossy(stdin)));
}

#[test]
fn from_pasted_dig_output_with_a_report_address() {
    check(
        "generate_dig",
        &["--mx-file", "-", "--domain", "example.com", "--rua", "tlsrpt@example.com"],
        b"10 mx1.example.com.\n20 mx2.example.com.\n",
    );
}

#[test]
fn a_provider_with_a_server() {
    check("generate_google_caddy", &["--provider", "google-workspace", "--domain", "example.com", "--server", "caddy"], b"");
}

#[test]
fn a_dated_plan() {
    check(
        "generate_plan",
        &["--mx", "mx1.example.com,mx2.example.com", "--wildcards", "--domain", "example.com", "--plan", "--testing-days", "21"],
        b"",
    );
}

#[test]
fn without_a_domain_records_are_relative() {
    let run = generate(&["--mx", "mx1.example.com", "--mode", "enforce"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout().contains("max_age: 1209600\n"), "{}", run.stdout());
    assert!(run.stdout().contains("\n_mta-sts 3600 IN TXT \"v=STSv1; id=20260423120000\"\n"), "{}", run.stdout());
}

#[test]
fn out_writes_every_file() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("generate-out");
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.display().to_string();
    let run = generate(&["--provider", "microsoft365", "--domain", "example.com", "--server", "github-pages", "--out", &out], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |path: &str| std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let policy = "version: STSv1\nmode: testing\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n";
    assert_eq!(read("mta-sts.txt"), policy);
    assert_eq!(read(".well-known/mta-sts.txt"), policy);
    assert_eq!(read(".nojekyll"), "");
    assert_eq!(read("CNAME"), "mta-sts.example.com\n");
    assert_eq!(read("dns.zone"), "_mta-sts.example.com. 3600 IN TXT \"v=STSv1; id=20260423120000\"\n");
    assert!(run.stdout().contains("wrote "), "{}", run.stdout());
}

#[test]
fn what_cannot_be_generated_is_a_usage_error() {
    for args in [
        &[][..],
        &["--mx", "10 192.0.2.1"],
        &["--mx", "0 ."],
        &["--provider", "hotmail"],
        &["--provider", "microsoft365"],
        &["--mx", "mx1.example.com", "--server", "nginx"],
        &["--mx", "mx1.example.com", "--server", "iis", "--domain", "example.com"],
        &["--mx", "mx1.example.com", "--rua", "http://example.com/r"],
        &["--mx", "mx1.example.com", "--provider", "proton"],
        &["--mx", "mx1.example.com", "--mode", "none"],
    ] {
        let run = generate(args, b"");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout());
        assert!(run.stderr.contains("mtasts") || run.stderr.contains("error"), "{args:?} explains itself: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?} prints nothing");
    }
}

const PUBLISHED: &[u8] = b"version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 1209600\n";

#[test]
fn a_hand_edited_policy_gets_a_new_id_published_after_it() {
    check("generate_change_edit", &["--change", "edit", "--policy", "-", "--old-id", "20240101", "--domain", "example.com"], PUBLISHED);
}

#[test]
fn an_mx_change_adds_the_new_hosts_before_the_dns_change() {
    let args =
        ["--change", "mx", "--policy", "-", "--old-id", "20240101", "--domain", "example.com", "--mx", "mx1.example.com,mx9.other.example"];
    check("generate_change_mx", &args, PUBLISHED);
    let run = generate(&args, PUBLISHED);
    assert!(run.stdout().contains("mx: mx1.example.com\nmx: mx9.other.example\n"), "{}", run.stdout());
    // Enforce: the MX records change only once the old policy's max_age (14 days) has passed.
    assert!(run.stdout().contains("Not before 2026-05-07"), "{}", run.stdout());
}

#[test]
fn retiring_publishes_mode_none_then_removes_the_records() {
    let run = generate(&["--change", "retire", "--policy", "-", "--old-id", "20240101"], PUBLISHED);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout().contains("mode: none\n") && run.stdout().contains("New id: 20260423120000 (was 20240101)"), "{}", run.stdout());
    assert!(run.stdout().contains("remove the _mta-sts record"), "{}", run.stdout());
}

#[test]
fn a_change_needs_a_valid_policy_and_the_policy_flag() {
    let run = generate(&["--change", "edit", "--policy", "-"], b"version: STSv1\nMode: enforce\n");
    assert_eq!(run.code, 2, "{}{}", run.stdout(), run.stderr);
    assert_eq!(generate(&["--change", "edit"], b"").code, 2, "--policy is required");
}
