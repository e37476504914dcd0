//! Errors that stop the CLI before it can give a verdict: exit status 2.
//!
//! Findings in the input (lint errors, a host that does not match) are not errors here;
//! they are the verdict and give status 1.

use std::fmt;
use std::io;

use crate::words::printable;

/// Why the command could not judge its input.
#[derive(Debug)]
pub(crate) enum CliError {
    /// The input file or standard input could not be read.
    Read { name: String, source: io::Error },
    /// What was asked cannot be answered, e.g. an unknown code or a malformed long form.
    Input(String),
    /// A file of `generate --out` could not be written.
    Create { name: String, source: io::Error },
    /// Standard output could not be written (other than a closed pipe, which is not an error).
    Write(io::Error),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Read { name, source } => write!(f, "cannot read {}: {}", printable(name), reason(source)),
            CliError::Input(message) => f.write_str(&printable(message)),
            CliError::Create { name, source } => write!(f, "cannot write {}: {}", printable(name), reason(source)),
            CliError::Write(source) => write!(f, "cannot write the output: {}", reason(source)),
        }
    }
}

/// The OS's sentence without Rust's ` (os error 2)` suffix, which means nothing to a user.
fn reason(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}
