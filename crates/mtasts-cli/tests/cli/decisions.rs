//! docs/DECISIONS.md: every judgment call names the corpus cases or scenarios that pin it,
//! and every case it names exists.

use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Every `FILE#NAME` a corpus file under tests/corpus holds.
fn corpus_cases() -> BTreeSet<String> {
    let mut cases = BTreeSet::new();
    let corpus = root().join("tests/corpus");
    for folder in std::fs::read_dir(&corpus).expect("tests/corpus").map(|e| e.expect("entry").path()) {
        let Ok(files) = std::fs::read_dir(&folder) else { continue };
        for path in files.map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "jsonl")) {
            let file = path.strip_prefix(&corpus).expect("under corpus").to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("corpus file");
            for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with("//")) {
                let case: serde_json::Value = serde_json::from_str(line).expect("a JSON case");
                cases.insert(format!("{file}#{}", case["name"].as_str().unwrap_or("")));
            }
        }
    }
    cases
}

#[test]
fn every_decision_names_existing_cases() {
    let text = std::fs::read_to_string(root().join("docs/DECISIONS.md")).expect("docs/DECISIONS.md");
    let cases = corpus_cases();
    let mut rows = 0;
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| question")) {
        rows += 1;
        let pinned_by = line.trim_end_matches('|').rsplit('|').next().unwrap_or("").trim();
        let named: Vec<&str> = pinned_by.split('`').skip(1).step_by(2).collect();
        for name in &named {
            let exists = match name.strip_prefix("scenario ") {
                Some(stem) => root().join("tests/scenarios").join(format!("{stem}.json")).is_file(),
                None => cases.contains(*name),
            };
            if !exists {
                failures.push(format!("no such case {name:?} in: {line}"));
            }
        }
        if named.is_empty() && pinned_by != "*not yet pinned*" {
            failures.push(format!("a decision without a case: {line}"));
        }
    }
    assert!(rows >= 40, "only {rows} decision rows read: has the table format changed?");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
