//! The SARIF output against the structure SARIF 2.1.0 requires (OASIS standard, §3):
//! required properties, their types, and the cross-references between results and rules.
//! The checks are written out here rather than run through a JSON-Schema validator,
//! which would need the schema file (no network in CI) and a heavy dependency.

use serde_json::Value;

use crate::{BROKEN, VALID, file, mtasts};

/// Fails unless `value[key]` exists and `check` accepts it.
fn require(value: &Value, key: &str, what: &str, check: impl Fn(&Value) -> bool) {
    let v = value.get(key).unwrap_or_else(|| panic!("{what}: missing required `{key}` in {value}"));
    assert!(check(v), "{what}: `{key}` has the wrong type or value: {v}");
}

fn nonempty_string(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.is_empty())
}

fn positive(v: &Value) -> bool {
    v.as_u64().is_some_and(|n| n >= 1)
}

/// A `message` or `multiformatMessageString`: an object with `text` (§3.11.8, §3.12).
fn message(v: &Value) -> bool {
    v.get("text").is_some_and(Value::is_string)
}

/// §3.30: a text region; lines and columns 1-based, the end not before the start.
fn check_region(region: &Value) {
    require(region, "startLine", "region", positive);
    let start_line = region["startLine"].as_u64();
    if let Some(end) = region.get("endLine") {
        assert!(end.as_u64() >= start_line, "endLine before startLine: {region}");
    }
    for key in ["startColumn", "endColumn"] {
        if let Some(v) = region.get(key) {
            assert!(positive(v), "{key} not 1-based: {region}");
        }
    }
    if region["startLine"] == region["endLine"] {
        if let (Some(s), Some(e)) = (region["startColumn"].as_u64(), region["endColumn"].as_u64()) {
            assert!(e >= s, "endColumn before startColumn: {region}");
        }
    }
}

fn check_artifact_location(location: &Value, uri: &str) {
    require(location, "uri", "artifactLocation", |v| v == uri);
}

/// Checks the whole log and returns its one run.
fn check_log(log: &Value, uri: &str) -> Value {
    // §3.13 sarifLog: version "2.1.0", runs; $schema optional but we always give it.
    require(log, "version", "sarifLog", |v| v == "2.1.0");
    require(log, "$schema", "sarifLog", |v| v.as_str().is_some_and(|s| s.ends_with("sarif-schema-2.1.0.json")));
    require(log, "runs", "sarifLog", |v| v.as_array().is_some_and(|r| r.len() == 1));
    let run = &log["runs"][0];

    // §3.14 run: tool required; §3.18/3.19 tool.driver with a name.
    require(run, "tool", "run", Value::is_object);
    let driver = &run["tool"]["driver"];
    require(driver, "name", "driver", |v| v == "mtasts");
    require(driver, "version", "driver", |v| v == env!("CARGO_PKG_VERSION"));
    require(driver, "informationUri", "driver", |v| v.as_str().is_some_and(|s| s.starts_with("https://")));
    require(run, "columnKind", "run", |v| v == "unicodeCodePoints" || v == "utf16CodeUnits");

    // §3.49 reportingDescriptor: id required; ids unique.
    let rules = driver["rules"].as_array().expect("driver.rules is an array");
    let mut ids = std::collections::HashSet::new();
    for rule in rules {
        require(rule, "id", "rule", nonempty_string);
        assert!(ids.insert(rule["id"].as_str().unwrap_or_default().to_string()), "duplicate rule id {rule}");
        require(rule, "shortDescription", "rule", message);
        let level = &rule["defaultConfiguration"]["level"];
        assert!(["error", "warning", "note"].contains(&level.as_str().unwrap_or("")), "rule level: {rule}");
        if let Some(help) = rule.get("helpUri") {
            assert!(help.as_str().is_some_and(|s| s.starts_with("https://www.rfc-editor.org/rfc/rfc")), "{help}");
        }
    }

    // §3.27 result: message required; ruleId/ruleIndex must agree with the rules.
    for result in run["results"].as_array().expect("run.results is an array") {
        require(result, "message", "result", message);
        require(result, "ruleId", "result", nonempty_string);
        require(result, "level", "result", |v| ["error", "warning", "note"].contains(&v.as_str().unwrap_or("")));
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at the rule");
        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), 1);
        let physical = &locations[0]["physicalLocation"];
        check_artifact_location(&physical["artifactLocation"], uri);
        // A problem of the whole file has the artifact alone as its location.
        if let Some(region) = physical.get("region") {
            check_region(region);
        }
        // §3.55 fix: artifactChanges required, each with artifactLocation and replacements;
        // §3.57 replacement: deletedRegion required.
        for fix in result.get("fixes").and_then(Value::as_array).into_iter().flatten() {
            require(fix, "description", "fix", message);
            let changes = fix["artifactChanges"].as_array().expect("artifactChanges");
            assert!(!changes.is_empty());
            for change in changes {
                check_artifact_location(&change["artifactLocation"], uri);
                let replacements = change["replacements"].as_array().expect("replacements");
                assert!(!replacements.is_empty());
                for r in replacements {
                    check_region(&r["deletedRegion"]);
                    if let Some(content) = r.get("insertedContent") {
                        assert!(content["text"].is_string(), "{r}");
                    }
                }
            }
        }
    }
    run.clone()
}

#[test]
fn policy_log_has_the_required_shape() {
    let path = file("sarif policy.txt", BROKEN);
    let path = path.to_str().expect("UTF-8 temp path");
    let run = mtasts(&["lint", "--format", "sarif", path], b"");
    assert_eq!(run.code, 1);
    let uri = path.replace(' ', "%20");
    let sarif_run = check_log(&run.json(), &uri);
    let results = sarif_run["results"].as_array().expect("results");
    assert!(results.len() >= 5);
    // The `Mode: Enforce` line: the missing `mode` shows on its look-alike, with the rename.
    let missing = results.iter().find(|r| r["ruleId"] == "policy/mode-missing").expect("mode-missing");
    assert_eq!(missing["level"], "error");
    assert_eq!(
        missing["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 5})
    );
    let replacement = &missing["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "mode");
}

#[test]
fn whole_file_result_has_no_region() {
    let run = mtasts(&["lint", "--format", "sarif"], b"version: STSv1\nmx: mail.example.com\nmax_age: 86400\n");
    let sarif_run = check_log(&run.json(), "stdin");
    let result = &sarif_run["results"][0];
    assert_eq!(result["ruleId"], "policy/mode-missing");
    assert_eq!(result["locations"][0]["physicalLocation"], serde_json::json!({"artifactLocation": {"uri": "stdin"}}));
}

#[test]
fn valid_policy_has_no_results_but_all_rules() {
    let run = mtasts(&["lint", "--format", "sarif"], VALID);
    assert_eq!(run.code, 0);
    let sarif_run = check_log(&run.json(), "stdin");
    assert_eq!(sarif_run["results"], serde_json::json!([]));
    let rules = sarif_run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.iter().any(|r| r["id"] == "tlsrpt/rua-scheme"), "every code is a rule");
}

#[test]
fn records_map_to_input_lines() {
    let input = b"v=spf1 -all\n\n\"v=STSv1 \" \"; id=1\"\nv=STSv1 ; id=2\n";
    let run = mtasts(&["lint", "--kind", "sts", "--format", "sarif"], input);
    assert_eq!(run.code, 1);
    let sarif_run = check_log(&run.json(), "stdin");
    let results = sarif_run["results"].as_array().expect("results");
    let regions: Vec<&Value> = results.iter().map(|r| &r["locations"][0]["physicalLocation"]["region"]).collect();
    // The quoted record on input line 3 has the input's columns and its fix.
    let quoted = results
        .iter()
        .find(|r| r["ruleId"] == "sts/space-before-delimiter" && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3)
        .expect("warning on the quoted record");
    assert_eq!(quoted["locations"][0]["physicalLocation"]["region"]["startColumn"], 9);
    assert!(quoted["fixes"].is_array());
    // The plain record on input line 4 has columns and its fix.
    let plain = results
        .iter()
        .find(|r| r["ruleId"] == "sts/space-before-delimiter" && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 4)
        .expect("warning on the plain record");
    assert_eq!(plain["locations"][0]["physicalLocation"]["region"]["startColumn"], 8);
    assert!(plain["fixes"].is_array());
    assert!(regions.iter().all(|r| r["startLine"] != 2), "blank line 2 holds no record");
}
