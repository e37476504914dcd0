//! `mtasts check` without the network: inputs that name no domain, usage errors, and the
//! formats of such a result. The live behaviour against real peers is proven by
//! tests/fixtures/native-check.test.mjs (every scenario) and crates/mtasts-net/tests/net.rs.

use crate::{file, mtasts};

/// A resolver address where nothing listens: nothing here may reach the network.
const NOWHERE: &str = "127.0.0.1:9";

#[test]
fn an_input_that_names_no_domain_could_not_be_checked() {
    let run = mtasts(&["check", "--resolver", NOWHERE, "--format", "json", "not a domain!"], b"");
    assert_eq!(run.code, 2, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON");
    assert_eq!(json["schema"], "mtasts-check/1");
    assert_eq!(json["overall"], "could-not-verify");
    assert!(json["error"].as_str().is_some_and(|e| !e.is_empty()), "{json}");

    let run = mtasts(&["check", "--resolver", NOWHERE, "--format", "csv", "--file", "-"], b"# a comment\n\n192.0.2.1\n");
    assert_eq!(run.code, 2);
    let csv = String::from_utf8(run.stdout).expect("UTF-8");
    let mut lines = csv.lines();
    assert!(lines.next().is_some_and(|h| h.starts_with("input,domain,overall,level,next,sts-record,")), "{csv}");
    assert!(lines.next().is_some_and(|row| row.starts_with("192.0.2.1,,could-not-verify,")), "{csv}");
    assert_eq!(lines.next(), None, "comments and blank lines are skipped");
}

#[test]
fn usage_errors_exit_2() {
    let not_json = file("previous-not-json.txt", b"version: STSv1\n");
    let not_ours = file("previous-not-ours.json", br#"{"schema": "other/1", "report": {}}"#);
    let bad_hash = file(
        "previous-bad-hash.json",
        br#"{"schema": "mtasts-check/1", "report": {"domain": "example.com", "previous": {"id": "1", "policy_hash": 12}}}"#,
    );
    for (previous, why) in [(&not_json, "expected"), (&not_ours, "not `mtasts-check/1` JSON"), (&bad_hash, "example.com: `policy_hash`")] {
        let run = mtasts(&["check", "--resolver", NOWHERE, "--previous", previous.to_str().expect("path"), "example.com"], b"");
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("--previous") && run.stderr.contains(why), "{}", run.stderr);
    }
    for args in [
        &["check"][..],
        &["check", "--connect-to", "bad", "example.com"],
        &["check", "--resolver", "dns.example", "example.com"],
        &["check", "--timeout", "0", "example.com"],
        &["check", "--resolver", NOWHERE, "--doh", "https://dns.example/dns-query", "example.com"],
    ] {
        let run = mtasts(args, b"");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
}
