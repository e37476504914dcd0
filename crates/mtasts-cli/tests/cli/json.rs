//! The `mtasts-lint/1` JSON schema: every documented field, with its type, on every kind.
//! docs/CLI.md is the contract; this test pins it.

use serde_json::Value;

use crate::{BROKEN, VALID, mtasts};

/// The keys of an object, sorted (JSON objects are unordered; consumers must not rely on order).
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().unwrap_or_else(|| panic!("not an object: {value}")).keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

/// `names`, sorted, to compare with [`keys`].
fn sorted<const N: usize>(mut names: [&str; N]) -> [&str; N] {
    names.sort_unstable();
    names
}

fn is_uint(v: &Value) -> bool {
    v.as_u64().is_some()
}

#[test]
fn top_level_fields() {
    for (kind, input) in
        [("policy", BROKEN), ("sts", &b"v=STSv1; id=1\n"[..]), ("tlsrpt", &b"v=TLSRPTv1; rua=mailto:tls@example.com\n"[..])]
    {
        let json = mtasts(&["lint", "--kind", kind, "--format", "json"], input).json();
        assert_eq!(keys(&json), sorted(["schema", "kind", "source", "valid", "counts", "diagnostics", "records", "value"]));
        assert_eq!(json["schema"], "mtasts-lint/1");
        assert_eq!(json["kind"], kind);
        assert_eq!(json["source"], "stdin");
        assert!(json["valid"].is_boolean());
        assert_eq!(keys(&json["counts"]), sorted(["errors", "warnings", "info"]));
        assert!(json["diagnostics"].is_array());
        assert_eq!(json["records"].is_null(), kind == "policy");
    }
}

#[test]
fn diagnostic_fields() {
    let json = mtasts(&["lint", "--format", "json"], BROKEN).json();
    let diagnostics = json["diagnostics"].as_array().expect("array");
    assert!(diagnostics.len() >= 5);
    let counts = &json["counts"];
    let errors = diagnostics.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(counts["errors"].as_u64(), Some(errors as u64));
    assert_eq!(json["valid"], false);
    for d in diagnostics {
        assert_eq!(
            keys(d),
            sorted([
                "code",
                "severity",
                "message",
                "rfc",
                "line",
                "column",
                "end_line",
                "end_column",
                "byte_start",
                "byte_end",
                "whole_file",
                "utf16_start",
                "utf16_end",
                "fix"
            ])
        );
        assert!(d["code"].as_str().is_some_and(|c| c.starts_with("policy/")), "{d}");
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap_or("")), "{d}");
        assert!(d["rfc"].as_str().is_some_and(|r| r.starts_with("RFC ")), "{d}");
        for key in ["line", "column", "end_line", "end_column", "byte_start", "byte_end", "utf16_start", "utf16_end"] {
            assert!(is_uint(&d[key]), "{key} in {d}");
        }
        assert!(d["whole_file"].is_boolean(), "{d}");
        assert!(d["line"].as_u64() >= Some(1) && d["column"].as_u64() >= Some(1));
        assert!(d["byte_start"].as_u64() <= d["byte_end"].as_u64());
        if !d["fix"].is_null() {
            let fix = &d["fix"];
            assert_eq!(keys(fix), sorted(["title", "applicability", "edits"]));
            assert!(["safe", "unsafe"].contains(&fix["applicability"].as_str().unwrap_or("")));
            for edit in fix["edits"].as_array().expect("edits") {
                assert_eq!(keys(edit), sorted(["byte_start", "byte_end", "utf16_start", "utf16_end", "replacement"]));
                assert!(edit["replacement"].is_string());
            }
        }
    }
}

#[test]
fn bom_and_emoji_positions_in_utf16() {
    // The BOM is one UTF-16 unit and one column; 😀 is two units and one column.
    let policy = "\u{feff}version: STSv1\nnote😀 : y\n";
    let json = mtasts(&["lint", "--format", "json"], policy.as_bytes()).json();
    let d = json["diagnostics"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["code"] == "policy/space-before-colon"))
        .expect("space-before-colon reported")
        .clone();
    let space = policy.find(" :").expect("space") as u64;
    assert_eq!(d["byte_start"].as_u64(), Some(space));
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(6)));
    // UTF-16: BOM (1) + "version: STSv1\n" (15) + "note" (4) + 😀 (2).
    assert_eq!(d["utf16_start"].as_u64(), Some(22));
    assert_eq!(d["utf16_end"].as_u64(), Some(23));
}

#[test]
fn values() {
    let json = mtasts(&["lint", "--format", "json"], VALID).json();
    assert_eq!(json["valid"], true);
    let value = &json["value"];
    assert_eq!(keys(value), sorted(["version", "mode", "max_age", "mx", "extensions"]));
    assert_eq!(value["version"], "STSv1");
    assert_eq!(value["mode"], "enforce");
    assert_eq!(value["max_age"], 604_800);
    assert_eq!(keys(&value["mx"][0]), sorted(["pattern", "valid", "byte_start", "byte_end"]));
    assert_eq!(value["mx"][1]["pattern"], "*.example.net");

    let json = mtasts(&["lint", "--kind", "sts", "--format", "json"], b"v=STSv1; id=abc123; ext=1\n").json();
    assert_eq!(keys(&json["value"]), sorted(["id", "extensions"]));
    assert_eq!(json["value"]["id"], "abc123");
    assert_eq!(json["value"]["extensions"][0], serde_json::json!({"name": "ext", "value": "1"}));
    assert_eq!(keys(&json["records"][0]), sorted(["input_line", "form", "text", "byte_start", "byte_end", "used"]));

    let json =
        mtasts(&["lint", "--kind", "tlsrpt", "--format", "json"], b"v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.com/x\n").json();
    assert_eq!(keys(&json["value"]), sorted(["rua", "extensions"]));
    assert_eq!(json["value"]["rua"], serde_json::json!(["mailto:a@example.com", "https://r.example.com/x"]));
}

#[test]
fn record_positions_are_in_the_input() {
    // Positions are lines and columns of the input file, quoted `dig` lines included.
    let input = "v=spf1 -all\n\n\"v=STSv1; \" \"id=a-b\"\n";
    let json = mtasts(&["lint", "--kind", "sts", "--format", "json"], input.as_bytes()).json();
    let d = json["diagnostics"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["code"] == "sts/id-invalid"))
        .expect("id-invalid reported")
        .clone();
    assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["end_column"].as_u64()), (Some(3), Some(14), Some(20)));
    assert_eq!(d["byte_start"].as_u64(), Some(input.find("id=").expect("id") as u64));
    assert_eq!(json["records"][1]["input_line"], 3);
    assert_eq!(json["records"][1]["form"], "presentation");
    assert_eq!(json["records"][1]["text"], "v=STSv1; id=a-b");
    assert_eq!(json["records"][1]["used"], true);
    assert_eq!(json["records"][0]["used"], false);
}

#[test]
fn whole_file_problems_are_flagged() {
    let json = mtasts(&["lint", "--format", "json"], b"version: STSv1\nmx: mail.example.com\nmax_age: 86400\n").json();
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "policy/mode-missing");
    assert_eq!(d["whole_file"], true);
    assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["byte_start"].as_u64()), (Some(1), Some(1), Some(0)));
    let json = mtasts(&["lint", "--format", "json"], BROKEN).json();
    assert!(json["diagnostics"].as_array().expect("array").iter().all(|d| d["whole_file"] == false));
}
