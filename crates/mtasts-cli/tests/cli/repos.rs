//! Repositories that publish MTA-STS: a test git repository with a policy file and a zone
//! file, a commit that edits the policy without a new `id`, and the three ways of catching it
//! (`mtasts lint --since`, the hook run by the real `pre-commit` from the Python package index on `git commit`, the
//! GitHub Action's script as a plain shell step), each failing with an error positioned on the `id` in the zone file that names
//! the new id. Zone files, octodns configs and `diff` are checked here too.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{file, mtasts};

const POLICY: &str =
    "---\npermalink: /.well-known/mta-sts.txt\n---\nversion: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n";
const ZONE: &str = "$ORIGIN example.com.\n@ IN MX 10 mail\n_mta-sts IN TXT \"v=STSv1; id=20240101\"\n_smtp._tls IN TXT ( \"v=TLSRPTv1; \"\n    \"rua=mailto:tls@example.com\" )\n";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(program).args(args).current_dir(dir).envs(env.iter().copied()).output().expect("the program starts");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn git(dir: &Path, args: &[&str]) {
    let (code, _, err) = run(dir, "git", args, &[("GIT_CONFIG_GLOBAL", "/dev/null"), ("GIT_CONFIG_NOSYSTEM", "1")]);
    assert_eq!(code, 0, "git {args:?}: {err}");
}

/// A fresh repository with the policy (Jekyll style, front matter and all) and the zone
/// file committed, then the policy's `max_age` changed in the work tree.
fn repository(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mtasts-repos").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("site")).expect("scratch repository");
    std::fs::write(dir.join("site/mta-sts.txt"), POLICY).expect("policy");
    std::fs::write(dir.join("example.com.zone"), ZONE).expect("zone");
    git(&dir, &["init", "-q", "."]);
    git(&dir, &["add", "."]);
    git(&dir, &["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "MTA-STS"]);
    std::fs::write(dir.join("site/mta-sts.txt"), POLICY.replace("604800", "1209600")).expect("edit");
    dir
}

/// The `id-not-bumped` error of a text report: on line 3 of the zone file, naming a new id.
fn assert_positioned_error(text: &str) {
    assert!(text.contains("error[change/id-not-bumped]"), "{text}");
    assert!(text.contains("--> example.com.zone:3:30"), "{text}");
    let suggested = text.split("e.g. `id=").nth(1).and_then(|t| t.get(..14)).unwrap_or("");
    assert!(suggested.len() == 14 && suggested.bytes().all(|b| b.is_ascii_digit()), "no new id named: {text}");
}

#[test]
fn an_unbumped_id_fails_lint_since_with_a_positioned_error() {
    let dir = repository("since");
    let bin = env!("CARGO_BIN_EXE_mtasts");
    let (code, out, err) = run(&dir, bin, &["lint", "--since", "HEAD", "--format", "json"], &[]);
    assert_eq!(code, 1, "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["schema"], "mtasts-lint-files/1");
    let files = json["files"].as_array().expect("files");
    let kinds: Vec<(&str, &str)> = files.iter().map(|f| (f["source"].as_str().unwrap_or(""), f["kind"].as_str().unwrap_or(""))).collect();
    assert_eq!(kinds, [("example.com.zone", "zone"), ("site/mta-sts.txt", "policy")]);
    let d = &files[0]["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64(), d["end_column"].as_u64()),
        (Some("change/id-not-bumped"), Some(3), Some(30), Some(38))
    );
    let new_id = d["fix"]["edits"][0]["replacement"].as_str().expect("a new id");
    assert!(d["message"].as_str().is_some_and(|m| m.contains(&format!("id={new_id}"))), "{d}");
    // With the id bumped in the zone file, the same check passes.
    std::fs::write(dir.join("example.com.zone"), ZONE.replace("20240101", new_id)).expect("bump");
    let (code, out, _) = run(&dir, bin, &["lint", "--since", "HEAD"], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("checked 2 files; valid: no errors, 0 warnings, 1 info\n"), "{out}");
}

#[test]
fn the_pre_commit_hook_entry_fails_the_commit() {
    let dir = repository("hook");
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).expect("hooks");
    let entry = hooks.lines().find_map(|l| l.trim().strip_prefix("entry: mtasts ")).expect("the first hook's entry");
    let args: Vec<&str> = entry.split_whitespace().collect();
    assert_eq!(args, ["lint", "--since", "HEAD"]);
    let (code, out, err) = run(&dir, env!("CARGO_BIN_EXE_mtasts"), &args, &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert_positioned_error(&out);
}

/// The real `pre-commit` (installed by scripts/pre-commit.sh into the tools folder), or `None`
/// when the Python package index cannot be reached: then the test says it skipped.
fn pre_commit() -> Option<PathBuf> {
    let (code, out, err) = run(&root(), "bash", &["scripts/pre-commit.sh"], &[]);
    if code == 3 {
        return None;
    }
    assert_eq!(code, 0, "scripts/pre-commit.sh: {err}");
    Some(PathBuf::from(out.trim()))
}

#[test]
fn the_pre_commit_hook_fails_a_commit_through_the_real_pre_commit() {
    let Some(pre_commit) = pre_commit() else {
        eprintln!(
            "skipped: the_pre_commit_hook_fails_a_commit_through_the_real_pre_commit: PyPI cannot be reached, so pre-commit is not installed"
        );
        return;
    };
    // The hooks' source: a git repository holding this project's .pre-commit-hooks.yaml as it is
    // in the work tree, so the test needs no network beyond PyPI.
    let hooks = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mtasts-repos").join("hooks-source");
    let _ = std::fs::remove_dir_all(&hooks);
    std::fs::create_dir_all(&hooks).expect("hooks repository");
    std::fs::copy(root().join(".pre-commit-hooks.yaml"), hooks.join(".pre-commit-hooks.yaml")).expect("hooks");
    git(&hooks, &["init", "-q", "."]);
    git(&hooks, &["add", "."]);
    git(&hooks, &["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "hooks"]);
    let (_, rev, _) = run(&hooks, "git", &["rev-parse", "HEAD"], &[]);

    let dir = repository("pre-commit");
    let config = format!("repos:\n  - repo: file://{}\n    rev: {}\n    hooks:\n      - id: mtasts\n", hooks.display(), rev.trim());
    std::fs::write(dir.join(".pre-commit-config.yaml"), config).expect("config");
    let home = dir.with_file_name("pre-commit-home");
    let _ = std::fs::remove_dir_all(&home);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_mtasts")).parent().expect("bin folder").display().to_string();
    let path = format!("{bin_dir}:{}", std::env::var("PATH").unwrap_or_default());
    let env = [
        ("PATH", path.as_str()),
        ("PRE_COMMIT_HOME", home.to_str().expect("path")),
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_AUTHOR_NAME", "t"),
        ("GIT_AUTHOR_EMAIL", "t@example.com"),
        ("GIT_COMMITTER_NAME", "t"),
        ("GIT_COMMITTER_EMAIL", "t@example.com"),
    ];
    let (code, out, err) = run(&dir, pre_commit.to_str().expect("path"), &["install"], &env);
    assert_eq!(code, 0, "pre-commit install: {out}{err}");
    let commit = |message: &str| {
        let (code, _, err) = run(&dir, "git", &["add", "."], &env);
        assert_eq!(code, 0, "{err}");
        let (code, out, err) = run(&dir, "git", &["commit", "-m", message], &env);
        (code, format!("{out}{err}"))
    };

    // The policy's max_age changed, the id did not: the hook fails the commit.
    let (code, out) = commit("raise max_age");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("MTA-STS policy and records (with the id-bump check against HEAD)") && out.contains("Failed"), "{out}");
    assert_positioned_error(&out);
    let (_, log, _) = run(&dir, "git", &["log", "--oneline"], &env);
    assert_eq!(log.lines().count(), 1, "the commit was refused: {log}");

    // With the id the error names written into the zone file, the same commit passes.
    let suggested = out.split("e.g. `id=").nth(1).and_then(|t| t.get(..14)).expect("a new id").to_string();
    std::fs::write(dir.join("example.com.zone"), ZONE.replace("20240101", &suggested)).expect("bump");
    let (code, out) = commit("raise max_age, new id");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Passed"), "{out}");
    let (_, log, _) = run(&dir, "git", &["log", "--oneline"], &env);
    assert_eq!(log.lines().count(), 2, "{log}");
}

#[test]
fn the_action_script_fails_and_writes_sarif() {
    let dir = repository("action");
    let script = root().join("ci/action.sh");
    let env = [("MTASTS", env!("CARGO_BIN_EXE_mtasts")), ("MTASTS_SINCE", "HEAD"), ("MTASTS_SARIF", "out.sarif")];
    let (code, out, err) = run(&dir, "bash", &[script.to_str().expect("path")], &env);
    assert_eq!(code, 1, "{out}{err}");
    assert_positioned_error(&out);
    let sarif: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("out.sarif")).expect("SARIF written")).expect("JSON");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "change/id-not-bumped");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "example.com.zone");
    assert_eq!((location["region"]["startLine"].as_u64(), location["region"]["startColumn"].as_u64()), (Some(3), Some(30)));
}

#[test]
fn a_directory_reports_what_it_checked() {
    let dir = repository("directory");
    let (code, out, _) = run(&dir, env!("CARGO_BIN_EXE_mtasts"), &["lint", "."], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("==> example.com.zone (zone): valid <==\nchecked _mta-sts.example.com. (sts): 1 TXT record, valid\nchecked _smtp._tls.example.com. (tlsrpt): 1 TXT record, valid\n"), "{out}");
    assert!(out.contains("==> site/mta-sts.txt (policy): valid <=="), "{out}");
    let empty = dir.join("site/empty");
    std::fs::create_dir_all(&empty).expect("empty dir");
    let (code, _, err) = run(&dir, env!("CARGO_BIN_EXE_mtasts"), &["lint", "site/empty"], &[]);
    assert_eq!(
        (code, err.starts_with("mtasts: no policy file, zone file, octodns, Terraform or dnscontrol config found in site/empty")),
        (2, true),
        "{err}"
    );
}

#[test]
fn zone_and_octodns_files_are_linted_with_positions_in_them() {
    let zone = file("zone-bad.zone", b"$ORIGIN example.com.\n_mta-sts IN TXT ( \"v=STSv1; \"\n    \"id=2024-01\" )\n");
    let run = mtasts(&["lint", "--kind", "zone", "--format", "json", zone.to_str().expect("path")], b"");
    assert_eq!(run.code, 1);
    let json = run.json();
    assert_eq!(json["owners"][0]["name"], "_mta-sts.example.com.");
    assert_eq!(json["owners"][0]["valid"], false);
    let d = &json["diagnostics"][0];
    assert_eq!((d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()), (Some("sts/id-invalid"), Some(3), Some(6)));
    let octodns = file("octodns.yaml", b"_mta-sts:\n  type: TXT\n  value: v=STSv1; id=1\n");
    let run = mtasts(&["lint", "--kind", "octodns", octodns.to_str().expect("path")], b"");
    assert_eq!(run.code, 1);
    assert!(run.stdout().contains("error[zone/octodns-unescaped-semicolon]"), "{}", run.stdout());
    assert!(run.stdout().contains("octodns.yaml:3:17"), "{}", run.stdout());
}

#[test]
fn diff_compares_two_revisions_given_as_files() {
    let old = file("diff-old.txt", POLICY.as_bytes());
    let new = file("diff-new.txt", POLICY.replace("enforce", "testing").as_bytes());
    let args = |record: &str| {
        vec![
            "diff".to_string(),
            old.display().to_string(),
            new.display().to_string(),
            "--old-record".into(),
            "v=STSv1; id=1".into(),
            "--new-record".into(),
            record.to_string(),
        ]
    };
    let same = args("v=STSv1; id=1");
    let run = mtasts(&same.iter().map(String::as_str).collect::<Vec<_>>(), b"");
    assert_eq!(run.code, 1);
    assert!(run.stdout().contains("error[change/id-not-bumped]") && run.stdout().contains("--> --new-record:1:13"), "{}", run.stdout());
    assert!(run.stdout().contains("warning[change/mode-lowered]") && run.stdout().contains("about 7 days"), "{}", run.stdout());
    let bumped = args("v=STSv1; id=2");
    let run = mtasts(&bumped.iter().map(String::as_str).collect::<Vec<_>>(), b"");
    assert_eq!(run.code, 0, "{}", run.stdout());
}

#[test]
fn terraform_and_dnscontrol_files_are_linted_with_positions_in_them() {
    let tf = file(
        "dns.tf",
        b"resource \"cloudflare_dns_record\" \"mta_sts\" {\n  name    = \"_mta-sts\"\n  type    = \"TXT\"\n  content = \"v=STSv1; id=2024-01\"\n}\n",
    );
    let run = mtasts(&["lint", "--kind", "terraform", "--format", "json", tf.to_str().expect("path")], b"");
    assert_eq!(run.code, 1);
    let json = run.json();
    assert_eq!((json["kind"].as_str(), json["owners"][0]["name"].as_str()), (Some("terraform"), Some("_mta-sts")));
    let d = &json["diagnostics"][0];
    assert_eq!((d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()), (Some("sts/id-invalid"), Some(4), Some(23)));
    let js = file("dnsconfig.js", b"D('example.com', REG_NONE,\n  TXT('_mta-sts', 'v=STSv1; id=' + ID),\n  TXT('_smtp._tls', ['v=TLSRPTv1; ', 'rua=mailto:tls@example.com'])\n);\n");
    let run = mtasts(&["lint", "--kind", "dnscontrol", js.to_str().expect("path")], b"");
    assert_eq!(run.code, 0, "{}", run.stdout());
    assert!(run.stdout().contains("checked _smtp._tls.example.com (tlsrpt): 1 TXT record, valid"), "{}", run.stdout());
    assert!(run.stdout().contains("info[zone/not-literal]") && run.stdout().contains("dnsconfig.js:2:19"), "{}", run.stdout());
}

#[test]
fn an_unbumped_id_in_terraform_fails_lint_since() {
    const TF: &str = "resource \"aws_route53_record\" \"mta_sts\" {\n  name    = \"_mta-sts.example.com\"\n  type    = \"TXT\"\n  records = [\"v=STSv1; id=20240101\"]\n}\nresource \"aws_instance\" \"web\" {}\n";
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mtasts-repos").join("terraform");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("site/.well-known")).expect("scratch repository");
    std::fs::write(dir.join("site/.well-known/mta-sts.txt"), &POLICY[POLICY.find("version").unwrap_or(0)..]).expect("policy");
    std::fs::write(dir.join("dns.tf"), TF).expect("terraform");
    std::fs::write(dir.join("main.tf"), "resource \"aws_instance\" \"web\" {}\n").expect("terraform");
    git(&dir, &["init", "-q", "."]);
    git(&dir, &["add", "."]);
    git(&dir, &["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "MTA-STS"]);
    std::fs::write(dir.join("site/.well-known/mta-sts.txt"), "version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 604800\n")
        .expect("edit");
    let (code, out, err) = run(&dir, env!("CARGO_BIN_EXE_mtasts"), &["lint", "--since", "HEAD"], &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("==> dns.tf (terraform): 1 error <=="), "{out}");
    assert!(!out.contains("main.tf"), "a .tf without MTA-STS records is not checked: {out}");
    assert!(out.contains("error[change/id-not-bumped]") && out.contains("--> dns.tf:4:27"), "{out}");
}
