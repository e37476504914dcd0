//! `mtasts reports`: TLS-RPT aggregate reports (RFC 8460 §4) read from files, folders,
//! gzip, mails and mbox exports, summarised by the core, judged for `enforce`.
//!
//! This file does the I/O only: walking folders, decompressing (capped), taking attachments
//! out of mails. Each report's text goes to `mtasts::aggregate::read` and is folded into the
//! core's `Summary` at once, so a year of reports is never held at the same time.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::{MessageParser, MimeHeaders as _};
use mtasts::Diagnostic;
use mtasts::aggregate::render::{self, View};
use mtasts::aggregate::{self, Batch, Container, MAX_REPORT_LEN};

use crate::Output;
use crate::args::{ReportsArgs, ReportsFormat};
use crate::error::CliError;
use crate::input;
use crate::reports_render;

/// Files read at most (a year of daily reports from a dozen senders is ~5,000).
pub(crate) const MAX_FILES: usize = 50_000;
/// Bytes of one mail (or one mbox message) read at most: a report mail is a few KiB.
const MAX_MAIL_LEN: u64 = 64 * 1024 * 1024;
pub(crate) fn run(args: &ReportsArgs) -> Result<Output, CliError> {
    let current = args.policy.as_deref().map(|path| input::read(Some(path))).transpose()?;
    let mut files = Vec::new();
    for path in &args.paths {
        collect(path, &mut files)?;
    }
    let mut outcome = Batch { files: files.len(), ..Batch::new() };
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

fn read_file(path: &Path, outcome: &mut Batch) {
    let name = path.display().to_string();
    let opened = File::open(path).map(BufReader::new);
    let mut reader = match opened {
        Ok(reader) => reader,
        Err(e) => return outcome.problem(&name, b"", aggregate::unreadable(&format!("it cannot be opened ({e})"))),
    };
    let container = match reader.fill_buf() {
        Ok(head) => Container::of(head),
        Err(e) => return outcome.problem(&name, b"", aggregate::unreadable(&format!("it cannot be read ({e})"))),
    };
    match container {
        Container::Mbox => read_mbox(&name, reader, outcome),
        Container::Mail => match read_capped(reader, MAX_MAIL_LEN) {
            Ok(mail) => {
                if !read_mail(&name, &mail, outcome) {
                    outcome.problem(&name, b"", aggregate::unreadable("it is a mail with no report attached"));
                }
            }
            Err(reason) => {
                let reason = reason.unwrap_or_else(|| format!("it is a mail larger than {} MiB", MAX_MAIL_LEN >> 20));
                outcome.problem(&name, b"", aggregate::unreadable(&reason));
            }
        },
        Container::Gzip | Container::Json => match report_text(reader) {
            Ok(text) => outcome.report(&name, &text),
            Err(problem) => outcome.problem(&name, b"", problem),
        },
    }
}

/// The report's JSON text from a reader of JSON or gzip bytes, decompressed and capped at
/// [`MAX_REPORT_LEN`] (a gzip bomb stops there).
fn report_text(mut reader: impl BufRead) -> Result<Vec<u8>, Diagnostic> {
    let gzip =
        reader.fill_buf().map(Container::of).map_err(|e| aggregate::unreadable(&format!("it cannot be read ({e})")))? == Container::Gzip;
    let limit = MAX_REPORT_LEN as u64;
    if !gzip {
        let mib = MAX_REPORT_LEN >> 20;
        return read_capped(reader, limit).map_err(|e| aggregate::unreadable(&e.unwrap_or_else(|| format!("it is larger than {mib} MiB"))));
    }
    read_capped(MultiGzDecoder::new(reader), limit).map_err(|e| match e {
        None => aggregate::decompressed_too_large(),
        Some(e) => aggregate::gzip_broken(&e),
    })
}

/// Everything `reader` gives; `Err(None)` once more than `limit` bytes came, `Err(Some)` for
/// a read error.
fn read_capped(reader: impl Read, limit: u64) -> Result<Vec<u8>, Option<String>> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes).map_err(|e| Some(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(None);
    }
    Ok(bytes)
}

/// Each message of an mbox export, one at a time.
fn read_mbox(name: &str, reader: impl BufRead, outcome: &mut Batch) {
    for (n, message) in MessageIterator::new(reader).enumerate() {
        let part = format!("{name} (message {})", n + 1);
        match message {
            Ok(message) if message.contents().len() as u64 > MAX_MAIL_LEN => {
                outcome.problem(&part, b"", aggregate::unreadable(&format!("it is larger than {} MiB", MAX_MAIL_LEN >> 20)));
            }
            Ok(message) => {
                if !read_mail(&part, message.contents(), outcome) {
                    outcome.problem(&part, b"", aggregate::skipped_mail());
                }
            }
            Err(e) => return outcome.problem(&part, b"", aggregate::unreadable(&format!("the mailbox cannot be read ({e})"))),
        }
    }
}

/// The reports attached to one mail (RFC 8460 §5.3: `application/tlsrpt+gzip` or
/// `application/tlsrpt+json`; senders also use `.json.gz` names with other types). Returns
/// whether the mail held any.
fn read_mail(name: &str, mail: &[u8], outcome: &mut Batch) -> bool {
    let Some(message) = MessageParser::default().parse(mail) else { return false };
    let mut found = false;
    for part in message.attachments() {
        let contents = part.contents();
        let file_name = part.attachment_name().unwrap_or("attachment");
        let json_type = part.content_type().is_some_and(|t| t.subtype().is_some_and(|s| s.contains("json")));
        if Container::of(contents) != Container::Gzip && !json_type && !file_name.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        found = true;
        let part_name = format!("{name}: {file_name}");
        match report_text(contents) {
            Ok(text) => outcome.report(&part_name, &text),
            Err(problem) => outcome.problem(&part_name, b"", problem),
        }
    }
    found
}
