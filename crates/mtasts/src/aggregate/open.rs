//! Opening the containers reports arrive in (feature `containers`): gzip
//! (`application/tlsrpt+gzip`, RFC 8460 §5.3), one e-mail with reports attached, an mbox export
//! of many mails. Every face reads a file through here, so `mtasts reports` and the page open
//! the same files the same way and say the same thing when one cannot be opened.
//!
//! No I/O: a file comes as a [`BufRead`] (the CLI's buffered file, streamed, so an mbox export
//! of a year is never held at once; the page's bytes). Gzip is inflated by flate2 with its pure
//! Rust backend (`miniz_oxide`), one decompressor natively and in the wasm, stopped at
//! [`MAX_REPORT_LEN`] (a gzip bomb is an error, not an out-of-memory); mails are read by
//! mail-parser (pure Rust, fuzzed, no legacy charsets: a report is JSON or gzip bytes).

use std::io::{BufRead, Read};

use flate2::bufread::MultiGzDecoder;
use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::{MessageParser, MimeHeaders as _};

use crate::aggregate::read::{self, MAX_REPORT_LEN};
use crate::aggregate::{Batch, Container};
use crate::diagnostic::Diagnostic;

/// Bytes of one mail (or one message of an mbox export) read at most: a report mail is a few KiB.
pub const MAX_MAIL_LEN: usize = 64 * 1024 * 1024;

/// The largest file a face that holds each file whole reads (the page: a file is one array of
/// bytes there). `mtasts reports` streams files and has no such cap: a larger mbox export is
/// read there.
pub const MAX_WHOLE_FILE_LEN: usize = 256 * 1024 * 1024;

impl Batch {
    /// One file as it came: JSON, gzip, a mail or an mbox export, told apart by its content
    /// ([`Container::of`]); every report in it read and folded in, every problem kept under
    /// `name` (a mail's attachment as `name: attachment`, an mbox's message as
    /// `name (message N)`). Counts one file.
    pub fn read_file(&mut self, name: &str, mut reader: impl BufRead) {
        self.files += 1;
        let container = match reader.fill_buf() {
            Ok(head) => Container::of(head),
            Err(e) => return self.problem(name, b"", read::unreadable(&format!("it cannot be read ({e})"))),
        };
        match container {
            Container::Mbox => self.read_mbox(name, reader),
            Container::Mail => match read_capped(reader, MAX_MAIL_LEN) {
                Ok(mail) => {
                    if !self.read_mail(name, &mail) {
                        self.problem(name, b"", read::unreadable("it is a mail with no report attached"));
                    }
                }
                Err(reason) => {
                    let reason = reason.unwrap_or_else(|| format!("it is a mail larger than {} MiB", MAX_MAIL_LEN >> 20));
                    self.problem(name, b"", read::unreadable(&reason));
                }
            },
            Container::Gzip | Container::Json => self.read_report(name, reader),
        }
    }

    /// One file held whole (the page's [`MAX_WHOLE_FILE_LEN`] bytes at most, one more to tell
    /// that it is larger): [`Batch::read_file`] on its bytes.
    pub fn read_file_bytes(&mut self, name: &str, bytes: &[u8]) {
        if bytes.len() > MAX_WHOLE_FILE_LEN {
            self.files += 1;
            let reason = format!("it is larger than {} MiB; split it, or read it with `mtasts reports`", MAX_WHOLE_FILE_LEN >> 20);
            return self.problem(name, b"", read::unreadable(&reason));
        }
        self.read_file(name, bytes);
    }

    /// One report's JSON or gzip bytes, decompressed and capped at [`MAX_REPORT_LEN`].
    fn read_report(&mut self, name: &str, reader: impl BufRead) {
        match report_text(reader) {
            Ok(text) => self.report(name, &text),
            Err(problem) => self.problem(name, b"", problem),
        }
    }

    /// Each message of an mbox export, one at a time; a message with no report is skipped with
    /// a note (an export of a reports folder often holds other mail too).
    fn read_mbox(&mut self, name: &str, reader: impl BufRead) {
        for (n, message) in MessageIterator::new(reader).enumerate() {
            let part = format!("{name} (message {})", n + 1);
            match message {
                Ok(message) if message.contents().len() > MAX_MAIL_LEN => {
                    self.problem(&part, b"", read::unreadable(&format!("it is larger than {} MiB", MAX_MAIL_LEN >> 20)));
                }
                Ok(message) => {
                    if !self.read_mail(&part, message.contents()) {
                        self.problem(&part, b"", read::skipped_mail());
                    }
                }
                Err(e) => return self.problem(&part, b"", read::unreadable(&format!("the mailbox cannot be read ({e})"))),
            }
        }
    }

    /// The reports attached to one mail (RFC 8460 §5.3: `application/tlsrpt+gzip` or
    /// `application/tlsrpt+json`; senders also use `.json` names with other types, or gzip
    /// under `application/octet-stream`). Returns whether the mail held any.
    fn read_mail(&mut self, name: &str, mail: &[u8]) -> bool {
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
            self.read_report(&format!("{name}: {file_name}"), contents);
        }
        found
    }
}

/// The report's JSON text from JSON or gzip bytes, decompressed and capped at
/// [`MAX_REPORT_LEN`] (a gzip bomb stops there: at most that many bytes are ever inflated).
/// The decoder reads `reader`'s own buffer (no second 32 KiB buffer per file: the page hands
/// over thousands of small files).
fn report_text(mut reader: impl BufRead) -> Result<Vec<u8>, Diagnostic> {
    let head = reader.fill_buf().map_err(|e| read::unreadable(&format!("it cannot be read ({e})")))?;
    if Container::of(head) != Container::Gzip {
        let mib = MAX_REPORT_LEN >> 20;
        return read_capped(reader, MAX_REPORT_LEN)
            .map_err(|e| read::unreadable(&e.unwrap_or_else(|| format!("it is larger than {mib} MiB"))));
    }
    read_capped(MultiGzDecoder::new(reader), MAX_REPORT_LEN).map_err(|e| match e {
        None => read::decompressed_too_large(),
        Some(e) => read::gzip_broken(&e),
    })
}

/// Everything `reader` gives; `Err(None)` once more than `limit` bytes came, `Err(Some)` with
/// the reader's message for a read error.
fn read_capped(reader: impl Read, limit: usize) -> Result<Vec<u8>, Option<String>> {
    let mut bytes = Vec::new();
    reader.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(|e| Some(e.to_string()))?;
    if bytes.len() > limit {
        return Err(None);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    const REPORT: &str = r#"{"organization-name":"Org","date-range":{"start-datetime":"2024-05-01T00:00:00Z","end-datetime":"2024-05-01T23:59:59Z"},"contact-info":"a@b.example","report-id":"r1","policies":[{"policy":{"policy-type":"sts","policy-domain":"example.com"},"summary":{"total-successful-session-count":7,"total-failure-session-count":0}}]}"#;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn codes(batch: &Batch) -> Vec<(&str, &str)> {
        batch.problems.iter().map(|p| (p.file.as_str(), p.diagnostic.code.as_str())).collect()
    }

    #[test]
    fn json_and_gzip_are_read() {
        let mut batch = Batch::new();
        batch.read_file_bytes("a.json", REPORT.as_bytes());
        batch.read_file_bytes("b.json.gz", &gzip(REPORT.replace("r1", "r2").as_bytes()));
        assert_eq!((batch.files, batch.summary.reports, batch.summary.sessions.successful), (2, 2, 14));
        assert!(batch.problems.is_empty(), "{:?}", batch.problems);
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_cap() {
        let mut batch = Batch::new();
        batch.read_file_bytes("bomb.json.gz", &gzip(&vec![b' '; MAX_REPORT_LEN + 1]));
        batch.read_file_bytes("broken.json.gz", b"\x1f\x8b\x08\x00garbage");
        assert_eq!(codes(&batch), [("bomb.json.gz", "tlsrpt-report/unreadable"), ("broken.json.gz", "tlsrpt-report/unreadable")]);
        assert!(batch.problems[0].diagnostic.message.contains("once decompressed"));
        assert!(batch.problems[1].diagnostic.message.contains("gzip data is broken"));
    }

    #[test]
    fn mails_and_mailboxes_are_opened() {
        let mail = format!(
            "From: tlsrpt@sender.example\r\nSubject: Report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\nContent-Type: application/tlsrpt+json\r\nContent-Disposition: attachment; filename=\"r.json\"\r\n\r\n{REPORT}\r\n--b--\r\n"
        );
        let other = "From: someone@example.com\r\nSubject: hi\r\n\r\nno report\r\n";
        let mut batch = Batch::new();
        batch.read_file_bytes("one.eml", mail.as_bytes());
        batch.read_file_bytes("none.eml", other.as_bytes());
        let mbox = format!("From a@b Mon Jan  1 00:00:00 2024\n{}\nFrom c@d Mon Jan  1 00:00:00 2024\n{other}", mail.replace("r1", "r2"));
        batch.read_file_bytes("box.mbox", mbox.as_bytes());
        assert_eq!((batch.files, batch.summary.reports), (3, 2));
        assert_eq!(codes(&batch), [("none.eml", "tlsrpt-report/unreadable"), ("box.mbox (message 2)", "tlsrpt-report/unreadable")]);
        assert_eq!(batch.problems[1].diagnostic.severity, crate::diagnostic::Severity::Info);
    }
}
