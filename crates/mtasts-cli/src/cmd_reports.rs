//! `mtasts reports`: TLS-RPT aggregate reports (RFC 8460 §4) read from files, folders,
//! gzip, mails and mbox exports, summarised by the core, judged for `enforce`.
//!
//! This file does the I/O only: walking folders and opening files. Each file goes to the core as
//! a buffered reader (`Batch::read_file`: gzip, mails and mbox exports opened there, the page
//! opens them with the same code), each report folded into the core's `Summary` at once, so a
//! year of reports is never held at the same time.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use mtasts::aggregate::render::{self, View};
use mtasts::aggregate::{self, Batch};

use crate::Output;
use crate::args::{ReportsArgs, ReportsFormat};
use crate::error::CliError;
use crate::input;
use crate::reports_render;

/// Files read at most (a year of daily reports from a dozen senders is ~5,000).
pub(crate) const MAX_FILES: usize = 50_000;
pub(crate) fn run(args: &ReportsArgs) -> Result<Output, CliError> {
    let current = args.policy.as_deref().map(|path| input::read(Some(path))).transpose()?;
    let mut files = Vec::new();
    for path in &args.paths {
        collect(path, &mut files)?;
    }
    let mut outcome = Batch::new();
    for path in &files {
        read_file(path, &mut outcome);
    }
    let view = View::new(&outcome, current.as_ref().map(|c| c.bytes.as_slice()));
    let stdout = match args.format {
        ReportsFormat::Text => reports_render::text(&view),
        ReportsFormat::Json => render::json(&view),
        ReportsFormat::Markdown => render::markdown(&view),
    };
    let ok = view.readiness.ready || outcome.summary.sessions.failed == 0;
    Ok(Output { stdout: stdout.into_bytes(), ok, unreadable: outcome.unreadable })
}

/// The files under `path` (itself when it is a file), sorted, at most [`MAX_FILES`].
fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let read_error = |source| CliError::Read { name: path.display().to_string(), source };
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path).map_err(read_error)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for entry in entries {
            // Hidden files (.DS_Store, editors' swap files) are not reports.
            if entry.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                continue;
            }
            collect(&entry, files)?;
        }
    } else {
        std::fs::metadata(path).map_err(read_error)?;
        files.push(path.to_path_buf());
    }
    if files.len() > MAX_FILES {
        return Err(CliError::Input(format!("more than {MAX_FILES} files to read; pass fewer folders at a time")));
    }
    Ok(())
}

/// One file, opened by the core (gzip, mail or mbox told apart by content and read there).
fn read_file(path: &Path, outcome: &mut Batch) {
    let name = path.display().to_string();
    match File::open(path) {
        Ok(file) => outcome.read_file(&name, BufReader::new(file)),
        Err(e) => {
            outcome.files += 1;
            outcome.problem(&name, b"", aggregate::unreadable(&format!("it cannot be opened ({e})")));
        }
    }
}
