//! Reading the input: a file or standard input, as raw bytes, because a non-UTF-8 byte, a
//! BOM or a lone CR is exactly what the linter must see and report. What the bytes hold is
//! the core's business (records are read by `mtasts::record::intake`).

use std::io::{IsTerminal, Read};
use std::path::Path;

use mtasts::text::MAX_INPUT_LEN;

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
            let bytes = read_file(path)?;
            Ok(Source { name, bytes })
        }
        _ if closed_at_start(0) => {
            let source = std::io::Error::other("standard input is closed");
            Err(CliError::Read { name: STDIN_NAME.to_string(), source })
        }
        _ => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                // Otherwise a user who forgot the file name sees a command that just hangs.
                eprintln!("mtasts: reading standard input (end it with Ctrl-D)");
            }
            let bytes = read_bounded(stdin.lock(), STDIN_NAME)?;
            Ok(Source { name: STDIN_NAME.to_string(), bytes })
        }
    }
}

/// The bytes of the file `path`, at most [`MAX_INPUT_LEN`] of them.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    let name = path.display().to_string();
    match std::fs::File::open(path) {
        Ok(file) => read_bounded(file, &name),
        Err(source) => Err(CliError::Read { name, source }),
    }
}

/// Everything `reader` holds, when that is at most [`MAX_INPUT_LEN`] bytes: the core looks at
/// no more, so a longer input (`/dev/zero`, a disk image given by mistake) is refused after
/// reading one byte past the limit, instead of filling the memory.
pub(crate) fn read_bounded(reader: impl Read, name: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    let limit = MAX_INPUT_LEN as u64;
    reader.take(limit + 1).read_to_end(&mut bytes).map_err(|source| CliError::Read { name: name.to_string(), source })?;
    if bytes.len() as u64 > limit {
        return Err(CliError::Input(format!(
            "{name} is larger than {} MiB, more than mtasts reads: it is not a policy, a record or a zone file",
            limit >> 20
        )));
    }
    Ok(bytes)
}

/// Whether standard input (`fd` 0) or output (1) was closed when mtasts started.
///
/// Rust's runtime reopens a closed standard stream on `/dev/null`, read-write, before `main`:
/// reading it then gives nothing and writing succeeds, so a closed standard input would be
/// linted as an empty policy and a closed standard output would be a silent exit 0. A shell's
/// `</dev/null` or `>/dev/null` opens it read-only or write-only, so `/dev/null` open
/// read-write on 0 or 1 is the runtime's doing. Linux only (it asks `/proc`); elsewhere
/// nothing is detected and the streams behave as the runtime made them.
pub(crate) fn closed_at_start(fd: u8) -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let null = std::fs::read_link(format!("/proc/self/fd/{fd}")).is_ok_and(|target| target == Path::new("/dev/null"));
    let read_write = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).is_ok_and(|info| {
        info.lines()
            .find_map(|l| l.strip_prefix("flags:"))
            .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
            .is_some_and(|flags| flags & 0o3 == 0o2)
    });
    null && read_write
}

/// The command that shows the diagnostics of the policy `name`, for hints.
pub(crate) fn lint_command(name: &str) -> String {
    if name == STDIN_NAME { "mtasts lint".to_string() } else { format!("mtasts lint {name}") }
}
