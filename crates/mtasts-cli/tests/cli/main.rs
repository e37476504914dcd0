//! End-to-end tests of the `mtasts` binary: exit statuses, input handling, the JSON and
//! SARIF shapes, and snapshots of the text output. One test binary with modules, so the
//! suite links once.

mod check;
mod codes;
mod commands;
mod decisions;
mod generate;
mod json;
mod reports;
mod repos;
mod sarif;
mod serve;
mod servers;
mod snapshots;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: String,
}

impl Run {
    pub(crate) fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout()))
    }
}

/// Runs `mtasts ARGS` with `stdin` as standard input, in a clean environment for colors.
pub(crate) fn mtasts(args: &[&str], stdin: &[u8]) -> Run {
    mtasts_with_env(args, stdin, &[])
}

/// Like [`mtasts`], with `env` set (and `SOURCE_DATE_EPOCH` removed unless it is there).
pub(crate) fn mtasts_with_env(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtasts"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().copied())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // The binary may exit before reading (usage errors); a broken pipe here is fine.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    let out = child.wait_with_output().expect("the binary finishes");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Writes `bytes` to a file named `name` in this test target's scratch directory.
pub(crate) fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mtasts-cli-tests");
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("scratch file");
    path
}

/// A valid policy, LF line endings.
pub(crate) const VALID: &[u8] = b"version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmax_age: 604800\n";

/// A policy with several errors, fixable and not.
pub(crate) const BROKEN: &[u8] =
    b"\xef\xbb\xbfversion: STSv1\nMode: Enforce\n\nmx: *.*.example.com\nmx: mail.example.com\nmax_age: 99999999999\n";
