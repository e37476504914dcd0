//! Every code documents itself: each has a long form in the settled shape whose example
//! produces the code (and whose Fixed form does not), each is pinned by a corpus case or a
//! scenario, and docs/CODES.md is what `mtasts codes` renders today.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mtasts::Code;
use mtasts::long_form::{self, Example, Language};
use mtasts::record::intake::RecordInput;

use crate::mtasts as cli;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir` (recursively) whose name ends with `ext`.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            out.extend(files(&path, ext));
        } else if path.to_string_lossy().ends_with(ext) {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn codes_md_is_what_the_renderer_writes() {
    let run = cli(&["codes", "--format", "markdown"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = read(&root().join("docs/CODES.md"));
    assert!(written == run.stdout(), "docs/CODES.md is stale: run `bash scripts/codes.sh` and commit it");
}

#[test]
fn codes_json_holds_every_code_with_its_sections() {
    let run = cli(&["codes", "--format", "json"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["schema"], "mtasts-codes/1");
    let codes = json["codes"].as_array().expect("codes");
    assert_eq!(codes.len(), Code::ALL.len());
    let first = &codes[0];
    assert_eq!(first["code"], Code::ALL[0].as_str());
    for key in ["severity", "rfc", "summary", "what", "why"] {
        assert!(first[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    assert_eq!(first["example"]["language"], "policy");
}

#[test]
fn explain_prints_the_long_form_and_refuses_unknown_codes() {
    let run = cli(&["explain", "policy/mode-invalid"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout().starts_with("policy/mode-invalid: error, RFC 8461 §3.2\n"), "{}", run.stdout());
    assert!(run.stdout().ends_with(Code::PolicyModeInvalid.long_form()));
    let run = cli(&["explain", "policy/no-such-code"], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`mtasts codes` lists them"), "{}", run.stderr);
}

#[test]
fn every_code_has_one_long_form_file_and_every_file_a_code() {
    let dir = root().join("crates/mtasts/docs/codes");
    let on_disk: BTreeSet<String> = files(&dir, ".md")
        .iter()
        .map(|p| p.strip_prefix(&dir).expect("under dir").with_extension("").to_string_lossy().replace('\\', "/"))
        .collect();
    let registered: BTreeSet<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    let without_file: Vec<_> = registered.difference(&on_disk).collect();
    let without_code: Vec<_> = on_disk.difference(&registered).collect();
    assert!(without_file.is_empty(), "codes without crates/mtasts/docs/codes/<code>.md: {without_file:?}");
    assert!(without_code.is_empty(), "long-form files naming no code in code.rs: {without_code:?}");
    let malformed: Vec<String> =
        Code::ALL.iter().filter_map(|c| long_form::parse(c.long_form()).err().map(|e| format!("{c}: {e}"))).collect();
    assert!(malformed.is_empty(), "long forms not in the settled shape:\n{}", malformed.join("\n"));
}

#[test]
fn every_code_has_a_corpus_case_or_a_scenario() {
    let mut pinned = BTreeSet::new();
    for path in files(&root().join("tests/corpus"), ".jsonl") {
        for line in read(&path).lines().filter(|l| !l.trim().is_empty() && !l.starts_with("//")) {
            let case: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for d in case["diagnostics"].as_array().into_iter().flatten() {
                pinned.insert(d.as_str().unwrap_or("").split(' ').next().unwrap_or("").to_string());
            }
        }
    }
    let scenarios: String = files(&root().join("tests/scenarios"), ".json").iter().map(|p| read(p)).collect();
    let unpinned: Vec<&str> =
        Code::ALL.iter().map(|c| c.as_str()).filter(|c| !pinned.contains(*c) && !scenarios.contains(&format!("\"{c}\""))).collect();
    assert!(unpinned.is_empty(), "codes with no corpus case (tests/corpus) and no scenario (tests/scenarios): {unpinned:?}");
}

#[test]
fn every_example_produces_its_code_and_its_fix_does_not() {
    let mut failures = Vec::new();
    for &code in Code::ALL {
        let Ok(form) = long_form::parse(code.long_form()) else { continue }; // reported above
        let produced = example_codes(&form.example);
        if !produced.contains(code.as_str()) {
            failures.push(format!("{code}: the example produces {produced:?}, not {code}"));
        }
        if let Some(fixed) = &form.fixed {
            let produced = example_codes(fixed);
            if produced.contains(code.as_str()) {
                failures.push(format!("{code}: the Fixed form still produces it"));
            }
        }
    }
    assert!(failures.is_empty(), "long-form examples that do not show their code:\n{}", failures.join("\n"));
}

/// The codes the example's input produces: linted by the core, or for a scenario the codes
/// its `expect` (and `browser_expect`) lists.
fn example_codes(example: &Example<'_>) -> BTreeSet<String> {
    let input = example.input();
    let diagnostics = match example.language {
        // An example is a file as a user has it (front matter and all), as `mtasts lint` reads it.
        Language::Policy => {
            mtasts::policy::lint_with_options(&input, mtasts::default_idna(), mtasts::policy::LintOptions::FILE).diagnostics
        }
        Language::Sts => mtasts::record::lint_sts_input(&records(&input)).diagnostics,
        Language::TlsRpt => mtasts::record::lint_tlsrpt_input(&records(&input), mtasts::default_idna()).diagnostics,
        Language::Scenario => return scenario_codes(example.scenario().unwrap_or("")),
        Language::Zone => mtasts::zone::lint_zone(&String::from_utf8_lossy(&input), mtasts::default_idna()).all_diagnostics(),
        Language::Octodns => mtasts::zone::lint_octodns(&String::from_utf8_lossy(&input), mtasts::default_idna()).all_diagnostics(),
        Language::Terraform => mtasts::zone::lint_terraform(&String::from_utf8_lossy(&input), mtasts::default_idna()).all_diagnostics(),
        Language::Dnscontrol => mtasts::zone::lint_dnscontrol(&String::from_utf8_lossy(&input), mtasts::default_idna()).all_diagnostics(),
        Language::Change => return change_codes(&String::from_utf8_lossy(&input)),
        Language::Report => report_diagnostics(example),
    };
    diagnostics.iter().map(|d| d.code.as_str().to_string()).collect()
}

/// The codes of a change example: its parts split at `==> NAME <==` lines.
fn change_codes(text: &str) -> BTreeSet<String> {
    let mut parts = std::collections::HashMap::new();
    let mut current = None;
    for line in text.split_inclusive('\n') {
        match line.trim_end().strip_prefix("==> ").and_then(|l| l.strip_suffix(" <==")) {
            Some(name) => current = Some(name.to_string()),
            None => parts.entry(current.clone().unwrap_or_default()).or_insert_with(String::new).push_str(line),
        }
    }
    let part = |name: &str| parts.get(name).cloned().unwrap_or_default();
    let (old_record, new_record) = (records(part("old record").as_bytes()), records(part("new record").as_bytes()));
    let mx = part("mx");
    let hosts: Vec<&str> = mx.split_whitespace().collect();
    let report = mtasts::change::compare(
        mtasts::change::Revision { policy: part("old policy").as_bytes(), record: &old_record },
        mtasts::change::Revision { policy: part("new policy").as_bytes(), record: &new_record },
        &hosts,
        1_800_000_000,
        mtasts::default_idna(),
    );
    report.policy.iter().chain(&report.record).map(|d| d.code.as_str().to_string()).collect()
}

/// Report files read together into one summary, as `mtasts reports` reads them: each file's
/// reader diagnostics and the summary's notes about it (a duplicate).
fn report_diagnostics(example: &Example<'_>) -> Vec<mtasts::Diagnostic> {
    let mut summary = mtasts::aggregate::Summary::new();
    let mut diagnostics = Vec::new();
    for file in example.files() {
        let reading = mtasts::aggregate::read(&file);
        diagnostics.extend(reading.diagnostics);
        if let Some(report) = &reading.report {
            diagnostics.extend(summary.add(report));
        }
    }
    diagnostics
}

/// Pasted record text, read by the core's intake as every face reads it.
fn records(input: &[u8]) -> RecordInput {
    RecordInput::parse(&String::from_utf8_lossy(input))
}

fn scenario_codes(stem: &str) -> BTreeSet<String> {
    let path = root().join("tests/scenarios").join(format!("{stem}.json"));
    let Ok(text) = std::fs::read_to_string(&path) else { return BTreeSet::new() };
    let scenario: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{stem}: {e}"));
    ["expect", "browser_expect"]
        .iter()
        .filter_map(|key| scenario[key].as_object())
        .flat_map(|checks| checks.values())
        .flat_map(|check| check["codes"].as_array().into_iter().flatten())
        .chain(scenario.get("cause"))
        .filter_map(|code| code.as_str().map(str::to_string))
        .collect()
}
