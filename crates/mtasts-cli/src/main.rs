//! `mtasts`: the command-line front end of the mtasts validator.
//!
//! Each subcommand reads its input (a file or standard input), asks the core crate, and
//! returns its whole standard output plus a verdict; `main` writes the output in one go
//! and turns the verdict into the exit status, which is part of the contract
//! (docs/CLI.md):
//!
//! * 0 — no errors (warnings allowed), the host matches, every host is covered;
//! * 1 — errors found, no match, a host not covered, errors left after `fix`;
//! * 2 — usage or I/O error: no verdict at all (clap's usage errors exit 2 too); for
//!   `reports`, some input was unreadable (the output covers the rest); for `check`, something
//!   could not be verified and nothing failed.

mod args;
mod check_render;
mod checked;
mod cmd_check;
mod cmd_codes;
mod cmd_diff;
mod cmd_fix;
mod cmd_generate;
mod cmd_lint;
mod cmd_match;
mod cmd_reports;
mod cmd_serve;
mod error;
mod input;
mod render;
mod reports_render;
mod sources;
mod style;
mod words;

use std::io::{ErrorKind, Write as _};
use std::process::ExitCode;

use clap::Parser as _;

use crate::args::{Cli, Command};
use crate::error::CliError;
use crate::style::Style;

/// What a subcommand produced.
#[derive(Debug)]
pub(crate) struct Output {
    /// Everything for standard output (bytes: `fix` may pass non-UTF-8 through).
    pub(crate) stdout: Vec<u8>,
    /// The verdict: `true` for exit status 0, `false` for 1.
    pub(crate) ok: bool,
    /// Some input could not be read (`reports`): exit status 2 after the output, which
    /// covers what could be read.
    pub(crate) unreadable: bool,
}

impl Output {
    /// Output whose exit status is the verdict alone (0 or 1).
    pub(crate) fn new(stdout: Vec<u8>, ok: bool) -> Output {
        Output { stdout, ok, unreadable: false }
    }
}

fn main() -> ExitCode {
    // Before anything is written: a closed standard output has been reopened on /dev/null by
    // the runtime, and a verdict nobody can read must not exit 0.
    let stdout_closed = input::closed_at_start(1);
    let cli = Cli::parse();
    let style = Style::new(cli.color);
    let result = match &cli.command {
        Command::Lint(args) => cmd_lint::run(args, style),
        Command::Diff(args) => cmd_diff::run(args, style),
        Command::Match(args) => cmd_match::run(args),
        Command::Fix(args) => cmd_fix::run(args),
        Command::Explain(args) => cmd_codes::explain(args),
        Command::Codes(args) => cmd_codes::codes(args),
        Command::Generate(args) => cmd_generate::run(args),
        Command::Reports(args) => cmd_reports::run(args),
        Command::Check(args) => cmd_check::run(args, style),
        Command::Serve(args) => cmd_serve::run(args),
    };
    match result.and_then(|output| write_stdout(&output.stdout, stdout_closed).map(|()| output)) {
        Ok(Output { unreadable: true, .. }) => ExitCode::from(2),
        Ok(Output { ok: true, .. }) => ExitCode::SUCCESS,
        Ok(Output { ok: false, .. }) => ExitCode::from(1),
        Err(error) => {
            eprintln!("mtasts: {error}");
            ExitCode::from(2)
        }
    }
}

/// Writes the output. A reader that went away (`mtasts lint | head -1`) is not an error:
/// the verdict still decides the exit status. A standard output closed from the start
/// (`mtasts lint >&-`) is: nothing can be written.
fn write_stdout(bytes: &[u8], closed: bool) -> Result<(), CliError> {
    if closed {
        return Err(CliError::Write(std::io::Error::other("standard output is closed")));
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(CliError::Write(e)),
        _ => Ok(()),
    }
}
