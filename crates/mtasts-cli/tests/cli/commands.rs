//! Exit statuses and input handling of every subcommand.

use std::fmt::Write as _;

use crate::{BROKEN, VALID, file, mtasts};

#[test]
fn help_and_version_exit_0() {
    let run = mtasts(&["--help"], b"");
    assert_eq!(run.code, 0);
    assert!(run.stdout().contains("lint"), "{}", run.stdout());
    for sub in ["lint", "match", "fix"] {
        assert_eq!(mtasts(&[sub, "--help"], b"").code, 0, "{sub} --help");
    }
    let run = mtasts(&["--version"], b"");
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout(), format!("mtasts {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["lint", "--kind", "spf"][..],
        &["lint", "--format", "xml"],
        &["lint", "--bogus"],
        &["lint", "a", "b"],
        &["frobnicate"],
        &[],
        &["match"],
        &["match", "*.example.com"],
        &["match", "a", "b", "c"],
    ] {
        let run = mtasts(args, b"");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?} explains itself");
    }
}

#[test]
fn missing_file_is_an_io_error() {
    let run = mtasts(&["lint", "no-such-policy.txt"], b"");
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "mtasts: cannot read no-such-policy.txt: No such file or directory\n");
    assert!(run.stdout.is_empty());
    assert_eq!(mtasts(&["fix", "no-such-policy.txt"], b"").code, 2);
    assert_eq!(mtasts(&["match", "--policy", "no-such-policy.txt", "mx.example.com"], b"").code, 2);
}

/// Runs `mtasts ARGS` through `sh` with the shell `redirection` (`<&-`, `>&-`): the only way
/// to start it with a standard stream closed.
fn mtasts_redirected(args: &[&str], redirection: &str) -> (i32, String) {
    let script = format!("exec \"$0\" \"$@\" {redirection}");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_mtasts"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn closed_standard_streams_are_io_errors() {
    let valid = file("closed-streams.txt", VALID);
    let valid = valid.to_str().expect("path");
    // stdin closed is not an empty policy.
    let (code, err) = mtasts_redirected(&["lint"], "<&-");
    assert_eq!((code, err.as_str()), (2, "mtasts: cannot read stdin: standard input is closed\n"));
    // stdout closed: nothing can be written, so no exit 0 (nor the verdict's 1).
    for args in [["lint", valid], ["fix", valid]] {
        let (code, err) = mtasts_redirected(&args, ">&-");
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.ends_with("mtasts: cannot write the output: standard output is closed\n"), "{args:?}: {err}");
    }
    // /dev/null given by the user stays what it was: empty input, discarded output.
    assert_eq!(mtasts_redirected(&["lint"], "</dev/null >/dev/null").0, 1);
    assert_eq!(mtasts_redirected(&["lint", valid], ">/dev/null").0, 0);
    // A file argument does not need standard input.
    assert_eq!(mtasts_redirected(&["lint", valid], "<&- >/dev/null").0, 0);
}

/// An endless input (`/dev/zero`, as a file and as standard input) is refused once it passes what
/// the core reads (64 MiB), with exit 2, instead of being read until the memory runs out.
#[test]
fn an_endless_input_is_refused_after_the_core_limit() {
    for (args, redirection, name) in
        [(&["lint", "/dev/zero"][..], "", "/dev/zero"), (&["lint"], "</dev/zero", "stdin"), (&["fix", "/dev/zero"], "", "/dev/zero")]
    {
        let (code, err) = mtasts_redirected(args, redirection);
        let want = format!("mtasts: {name} is larger than 64 MiB, more than mtasts reads: it is not a policy, a record or a zone file\n");
        assert_eq!((code, err), (2, want), "{args:?} {redirection}");
    }
    let run = mtasts(&["check", "--resolver", "127.0.0.1:9", "--file", "/dev/zero"], b"");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("/dev/zero is larger than 64 MiB"), "{}", run.stderr);
}

#[test]
fn lint_exit_status_follows_errors_only() {
    assert_eq!(mtasts(&["lint"], VALID).code, 0);
    assert_eq!(mtasts(&["lint"], BROKEN).code, 1);
    // A warning alone (max_age under a day) keeps status 0.
    let weak = b"version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 60\n";
    let run = mtasts(&["lint"], weak);
    assert_eq!(run.code, 0, "{}", run.stdout());
    assert!(run.stdout().contains("warning[policy/max-age-short]"));
    assert!(run.stdout().ends_with("valid: no errors, 1 warning, 0 info\n"), "{}", run.stdout());
    // The status is the same whatever the format.
    for format in ["text", "json", "sarif"] {
        assert_eq!(mtasts(&["lint", "--format", format], VALID).code, 0, "{format}");
        assert_eq!(mtasts(&["lint", "--format", format], BROKEN).code, 1, "{format}");
    }
}

#[test]
fn stdin_dash_and_file_read_the_same() {
    let path = file("broken.txt", BROKEN);
    let path = path.to_str().expect("UTF-8 temp path");
    let from_file = mtasts(&["lint", "--format", "json", path], b"");
    let from_stdin = mtasts(&["lint", "--format", "json"], BROKEN);
    let from_dash = mtasts(&["lint", "--format", "json", "-"], BROKEN);
    assert_eq!(from_stdin.stdout, from_dash.stdout);
    assert_eq!(from_file.json()["diagnostics"], from_stdin.json()["diagnostics"]);
    assert_eq!(from_file.json()["source"], path);
    assert_eq!(from_stdin.json()["source"], "stdin");
    let text = mtasts(&["lint", path], b"").stdout();
    assert!(text.contains(&format!(" --> {path}:2:1")), "{text}");
}

#[test]
fn output_is_plain_unless_asked() {
    let plain = mtasts(&["lint"], BROKEN).stdout();
    assert!(!plain.contains('\x1b'), "no escape codes when piped");
    let colored = mtasts(&["lint", "--color", "always"], BROKEN).stdout();
    assert!(colored.contains("\x1b[1;31merror[policy/bom]\x1b[0m"), "{colored}");
    assert!(!mtasts(&["lint", "--color", "never"], BROKEN).stdout().contains('\x1b'));
}

#[test]
fn non_utf8_policy_is_linted_not_rejected() {
    let policy = b"version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\nnote: caf\xe9\n";
    let run = mtasts(&["lint", "--format", "json"], policy);
    assert_eq!(run.code, 1);
    let json = run.json();
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "policy/invalid-utf8");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(5), Some(10)));
    assert_eq!((d["byte_start"].as_u64(), d["byte_end"].as_u64()), (Some(74), Some(75)));
    let text = mtasts(&["lint"], policy).stdout();
    assert!(text.contains("5 | note: caf\u{FFFD}\n  |          ^\n"), "{text}");
}

#[test]
fn sts_records_plain_quoted_and_as_a_set() {
    // `dig +short` output: quoted, split into two character-strings.
    let run = mtasts(&["lint", "--kind", "sts", "--format", "json"], b"\"v=STSv1; \" \"id=20261128\"\n");
    assert_eq!(run.code, 0, "{}", run.stdout());
    let json = run.json();
    assert_eq!(json["value"]["id"], "20261128");
    assert_eq!(json["records"][0]["form"], "presentation");
    assert_eq!(json["records"][0]["text"], "v=STSv1; id=20261128");

    // Blank lines are skipped; an SPF record beside it is only discarded; CRLF is fine.
    let set = b"\r\nv=spf1 -all\r\n\r\nv=STSv1; id=1\r\n";
    let run = mtasts(&["lint", "--kind", "sts", "--format", "json"], set);
    assert_eq!(run.code, 0, "{}", run.stdout());
    let json = run.json();
    assert_eq!(json["records"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["records"][1]["input_line"], 4);
    assert_eq!(json["diagnostics"][0]["code"], "sts/discarded-record");

    // Two STSv1 records: senders ignore both.
    let run = mtasts(&["lint", "--kind", "sts"], b"v=STSv1; id=1\nv=STSv1; id=2\n");
    assert_eq!(run.code, 1);
    assert!(run.stdout().contains("error[sts/multiple-records]"), "{}", run.stdout());
    assert!(run.stdout().contains(" --> stdin:2:1"), "{}", run.stdout());
}

#[test]
fn empty_record_input_means_no_record() {
    for (kind, code) in [("sts", "sts/no-record"), ("tlsrpt", "tlsrpt/no-record")] {
        for input in [&b""[..], b"\n\n  \n"] {
            let run = mtasts(&["lint", "--kind", kind, "--format", "json"], input);
            assert_eq!(run.code, 1, "{kind}");
            let json = run.json();
            assert_eq!(json["diagnostics"][0]["code"], code);
            assert_eq!(json["value"], serde_json::Value::Null);
            assert_eq!(json["records"], serde_json::json!([]));
        }
    }
}

#[test]
fn malformed_quoting_is_a_positioned_diagnostic() {
    // Quoting mistakes are findings in the input (status 1), at their place; the record the
    // line meant is still judged.
    let run = mtasts(&["lint", "--kind", "sts", "--format", "json"], b"v=STSv1; id=1\n\"v=STSv1; \" id=2\n");
    assert_eq!(run.code, 1);
    let json = run.json();
    let d =
        &json["diagnostics"].as_array().expect("diagnostics").iter().find(|d| d["code"] == "sts/quoting-invalid").expect("quoting").clone();
    assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["end_column"].as_u64()), (Some(2), Some(13), Some(17)));
    let run = mtasts(&["lint", "--kind", "tlsrpt"], b"\"v=TLSRPTv1; rua=mailto:a@example.com\n");
    assert_eq!(run.code, 1);
    let out = run.stdout();
    assert!(out.contains("error[tlsrpt/quoting-invalid]") && out.contains("stdin:1:1"), "{out}");
}

#[test]
fn raw_line_break_inside_quotes_is_an_invalid_char() {
    let run = mtasts(&["lint", "--kind", "sts", "--format", "json"], b"\"v=STSv1; id=1\r\nx\"\n");
    assert_eq!(run.code, 1);
    let json = run.json();
    let codes: Vec<(&str, u64, u64)> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["code"].as_str().unwrap_or(""), d["line"].as_u64().unwrap_or(0), d["column"].as_u64().unwrap_or(0)))
        .collect();
    assert!(codes.contains(&("sts/invalid-char", 1, 15)), "{codes:?}");
    assert!(codes.contains(&("sts/invalid-char", 1, 16)), "{codes:?}");
}

#[test]
fn tlsrpt_records() {
    assert_eq!(mtasts(&["lint", "--kind", "tlsrpt"], b"v=TLSRPTv1; rua=mailto:tls@example.com\n").code, 0);
    let run = mtasts(&["lint", "--kind", "tlsrpt"], b"v=TLSRPTv1; rua=http://example.com/r\n");
    assert_eq!(run.code, 1);
    assert!(run.stdout().contains("error[tlsrpt/rua-scheme]"));
}

#[test]
fn match_single_pattern() {
    let run = mtasts(&["match", "*.example.com", "mail.example.com"], b"");
    assert_eq!((run.code, run.stdout().as_str()), (0, "match: `*` covers the single label `mail` in front of `example.com`\n"));
    // Case and a trailing dot on the host do not matter.
    assert_eq!(mtasts(&["match", "*.Example.com", "MAIL.example.COM."], b"").code, 0);
    // One label only, and not zero.
    let run = mtasts(&["match", "*.example.com", "a.b.example.com"], b"");
    assert_eq!(run.code, 1);
    assert!(run.stdout().starts_with("no match: "), "{}", run.stdout());
    assert_eq!(mtasts(&["match", "*.example.com", "example.com"], b"").code, 1);
    // An invalid pattern is a "no match", explained, not a usage error.
    let run = mtasts(&["match", "*.*.example.com", "a.b.example.com"], b"");
    assert_eq!(run.code, 1);
    assert!(run.stdout().contains("is not a valid mx pattern"), "{}", run.stdout());
    // A U-label host is compared as its A-label.
    assert_eq!(mtasts(&["match", "*.xn--mnchen-3ya.de", "mx.münchen.de"], b"").code, 0);
}

#[test]
fn match_policy_coverage_table() {
    let policy = file(
        "coverage.txt",
        b"version: STSv1\nmode: enforce\nmx: *.example.com\nmx: backup.example.net\nmx: unused.example.org\nmax_age: 86400\n",
    );
    let policy = policy.to_str().expect("UTF-8 temp path");
    let run = mtasts(&["match", "--policy", policy, "mx1.example.com", "backup.example.net."], b"");
    assert_eq!(run.code, 0, "{}", run.stdout());
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let out = run.stdout();
    let row = |host: &str| out.lines().find(|l| l.starts_with(host)).map(|l| l.split_whitespace().take(2).collect::<Vec<_>>());
    assert_eq!(row("mx1.example.com"), Some(vec!["mx1.example.com", "*.example.com"]), "{out}");
    assert_eq!(row("backup.example.net."), Some(vec!["backup.example.net.", "backup.example.net"]), "{out}");
    assert!(out.contains("patterns that cover no host: unused.example.org"), "{out}");
    assert!(out.ends_with("2 of 2 hosts covered\n"), "{out}");

    let run = mtasts(&["match", "--policy", policy, "mx1.example.com", "example.com"], b"");
    assert_eq!(run.code, 1);
    let out = run.stdout();
    assert!(out.lines().any(|l| l.starts_with("example.com ") && l.contains(" NOT COVERED ")), "{out}");
    assert!(run.stdout().ends_with("1 of 2 hosts covered\n"));
}

#[test]
fn match_policy_with_errors_warns_but_judges_coverage() {
    let run = mtasts(&["match", "--policy", "-", "mx1.example.com"], b"version: STSv1\nmode: Enforce\nmx: *.example.com\nmx: *.*.x\n");
    assert_eq!(run.code, 0, "coverage decides the status: {}", run.stdout());
    assert!(run.stderr.starts_with("mtasts: warning: stdin has 3 errors; ignoring its invalid mx pattern: *.*.x"), "{}", run.stderr);
}

#[test]
fn fix_applies_safe_fixes_byte_exact() {
    let crlf = b"version: STSv1\r\nMode: Enforce\r\n\r\nmx: mail.example.com\r\nmax_age: 99999999999\r\n";
    let run = mtasts(&["fix"], crlf);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, b"version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 31557600\r\n");
    assert_eq!(run.stderr, "mtasts: stdin: applied 4 fixes; no errors remain\n");
    assert_eq!(mtasts(&["lint"], &run.stdout).code, 0);

    // Nothing to fix: the same bytes, even non-UTF-8 ones, and errors remain.
    let junk = b"version: STSv1\nmode: enforce\nmx: *.*.example.com\nmax_age: 86400\nx: caf\xe9\n";
    let run = mtasts(&["fix"], junk);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, junk);
    assert_eq!(run.stderr, "mtasts: stdin: applied 0 fixes; 2 errors remain (see `mtasts lint`)\n");

    assert_eq!(mtasts(&["fix"], VALID).stdout, VALID);
    assert_eq!(mtasts(&["fix"], VALID).code, 0);
}

#[test]
fn terminal_escapes_in_the_input_are_neutralized() {
    // An ESC in the input must not reach the terminal: it could recolor or clear it.
    let run = mtasts(&["lint"], b"version: STSv1\nn\x1b[31mote: x\nmode: \x1b[2Jenforce\n");
    assert!(!run.stdout.contains(&0x1b), "{}", run.stdout());
    assert!(run.stdout().contains("2 | n\u{241b}[31mote: x"), "{}", run.stdout());
    let run = mtasts(&["match", "a\x1b[2J.example.com", "x.example.com"], b"");
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains(&0x1b), "{}", run.stdout());
    assert!(run.stdout().contains("a\\u{1b}[2J.example.com"), "{}", run.stdout());
}

/// `match --policy` with 2,000 patterns and 2,000 hosts wrote 631 MB (every pattern's
/// verdict on every uncovered host). Now a covered host takes one row, the first uncovered
/// ones are explained and the others counted: the output grows linearly with the input.
#[test]
fn match_policy_output_is_linear_in_hosts_and_patterns() {
    let run = |n: usize| {
        let mut policy = String::from("version: STSv1\nmode: enforce\nmax_age: 86400\n");
        for i in 0..n {
            writeln!(policy, "mx: mx{i}.example.com\nmx: *.p{i}.example.net").expect("writing to a String");
        }
        let hosts: Vec<String> = (0..n).map(|i| format!("mx{i}.example.com")).chain((0..n).map(|i| format!("h{i}.example.org"))).collect();
        let mut args = vec!["match", "--policy", "-"];
        args.extend(hosts.iter().map(String::as_str));
        let run = mtasts(&args, policy.as_bytes());
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.stdout().clone()
    };
    let (small, large) = (run(500), run(1_000));
    // At most 2.2 times the bytes for twice the input.
    assert!(large.len() * 10 <= small.len() * 22, "{} → {} bytes", small.len(), large.len());
    assert!(large.len() < 200_000, "{} bytes", large.len());
    assert_eq!(large.matches("NOT COVERED").count(), mtasts::mx::MAX_EXPLAINED_HOSTS);
    assert!(large.contains("… and 980 more hosts not covered either (not listed)\n"), "{large}");
    assert!(large.contains(" and 980 more\n1000 of 2000 hosts covered\n"), "{large}");
}
