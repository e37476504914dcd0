//! Reading the input: a file or standard input, and for the TXT record kinds the split
//! into one record per line.
//!
//! Policy input stays raw bytes, because a non-UTF-8 byte, a BOM or a lone CR is exactly
//! what the linter must see and report. Record input is text, one TXT record per line,
//! either plain (`v=STSv1; id=1`) or in the quoted presentation form that `dig +short`
//! and zone files print (`"v=STSv1; " "id=1"`), so `dig` output can be piped in as it is.

use std::io::{IsTerminal, Read};
use std::path::Path;

use mtasts::record::presentation;

use crate::error::CliError;

/// The name standard input is known by in messages and reports.
pub(crate) const STDIN_NAME: &str = "stdin";

/// The bytes of the input and the name to show for it.
#[derive(Debug)]
pub(crate) struct Source {
    /// The path as given, or `stdin`.
    pub(crate) name: String,
    /// Everything that was read.
    pub(crate) bytes: Vec<u8>,
}

/// Reads `path`, or standard input when it is absent or `-`.
pub(crate) fn read(path: Option<&Path>) -> Result<Source, CliError> {
    match path {
        Some(path) if path.as_os_str() != "-" => {
            let name = path.display().to_string();
            match std::fs::read(path) {
                Ok(bytes) => Ok(Source { name, bytes }),
                Err(source) => Err(CliError::Read { name, source }),
            }
        }
        _ => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                // Otherwise a user who forgot the file name sees a command that just hangs.
                eprintln!("mtasts: reading standard input (end it with Ctrl-D)");
            }
            let mut bytes = Vec::new();
            match stdin.lock().read_to_end(&mut bytes) {
                Ok(_) => Ok(Source { name: STDIN_NAME.to_string(), bytes }),
                Err(source) => Err(CliError::Read { name: STDIN_NAME.to_string(), source }),
            }
        }
    }
}

/// The command that shows the diagnostics of the policy `name`, for hints.
pub(crate) fn lint_command(name: &str) -> String {
    if name == STDIN_NAME { "mtasts lint".to_string() } else { format!("mtasts lint {name}") }
}

/// One TXT record of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordLine {
    /// 1-based line of the input it came from.
    pub(crate) input_line: u32,
    /// Whether it was written as quoted character-strings (then `text` is their join, and
    /// columns in `text` are not columns of the input line).
    pub(crate) presentation: bool,
    /// The record as senders see it: the character-strings joined with no separator.
    pub(crate) text: String,
}

/// Splits record input into records: one per non-blank line, a trailing CR dropped (so a
/// file saved with CRLF reads the same), quoted lines joined.
///
/// A malformed quoted line is an input error (status 2) rather than a diagnostic: the
/// quoting is not part of the record, so no RFC rule is broken, and guessing the record
/// would judge something the user did not publish.
pub(crate) fn records(source: &Source) -> Result<Vec<RecordLine>, CliError> {
    let mut records = Vec::new();
    for (index, raw) in source.bytes.split(|&b| b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let line = String::from_utf8_lossy(raw);
        if line.trim().is_empty() {
            continue;
        }
        let input_line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if presentation::is_presentation(&line) {
            let text = presentation::parse(&line).map_err(|e| {
                let column = line.get(..e.offset).map_or(e.offset, |s| s.chars().count()) + 1;
                CliError::Input(format!(
                    "{}:{input_line}:{column}: not a valid quoted TXT record: {}",
                    source.name, e.message
                ))
            })?;
            records.push(RecordLine { input_line, presentation: true, text });
        } else {
            records.push(RecordLine { input_line, presentation: false, text: line.into_owned() });
        }
    }
    Ok(records)
}
