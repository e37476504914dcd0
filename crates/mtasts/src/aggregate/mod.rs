//! TLS-RPT aggregate reports (RFC 8460 §4): what sending servers saw when they delivered to
//! the domain, read one at a time and folded into a [`Summary`], then judged for `enforce`.
//!
//! ("Report" alone in this crate means the check's report; these are the daily JSON files
//! senders mail to the `rua` address.) The phases, for each file a face has read:
//!
//! 1. [`Container::of`] says what the bytes are (JSON, gzip, a mail, an mbox); with the feature
//!    `containers`, `Batch::read_file` (module `open`) decompresses and takes attachments out,
//!    capped at [`MAX_REPORT_LEN`], and says [`unreadable`] when that fails: the CLI and the
//!    page open files with the same code.
//! 2. [`read`] turns the JSON text into an [`AggregateReport`] with positioned diagnostics.
//! 3. [`Summary::add`] folds it in (the tree is dropped after), noting a duplicate `report-id`.
//! 4. [`readiness`] judges the summary; [`Summary::compare_policies`] compares each
//!    `policy-string` seen with the current policy.
//!
//! [`Batch`] does 2 and 3 for many files and keeps each file's problems with its name;
//! [`render`] turns a batch into the Markdown and the `mtasts-reports/1` JSON every face shows.
//!
//! No I/O and no clock: the days come from the reports.

mod batch;
mod day;
mod json;
#[cfg(feature = "containers")]
mod open;
mod read;
mod readiness;
pub mod render;
mod result_type;
mod summary;

pub use batch::{Batch, MAX_LISTED_PER_CODE, Problem};
pub use day::{Day, Instant, parse_date_time};
pub use json::MAX_DEPTH;
#[cfg(feature = "containers")]
pub use open::{MAX_MAIL_LEN, MAX_WHOLE_FILE_LEN};
pub use read::{
    AggregateReport, FailureDetail, MAX_REPORT_LEN, PolicyResult, PolicyType, Reading, decompressed_too_large, gzip_broken, read,
    skipped_mail, unreadable,
};
pub use readiness::{Blocker, MIN_ORGANIZATIONS, Readiness, WINDOW_DAYS, readiness};
pub use result_type::{KnownResultType, ResultType};
pub use summary::{
    DayFigures, FailureFigures, MAX_POLICIES_SEEN, OrganizationFigures, PolicyComparison, PolicySeen, Sessions, Summary, UNKNOWN_MX,
};

/// What a file's bytes are, by their content (names lie: `report.json` may be gzip).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// gzip (`application/tlsrpt+gzip`, RFC 8460 §5.3): decompress, then look again.
    Gzip,
    /// An mbox export: messages each starting with a `From ` line.
    Mbox,
    /// One e-mail (`.eml`): headers, a blank line, a body with the report attached.
    Mail,
    /// Anything else: read as the report's JSON text.
    Json,
}

impl Container {
    /// Looks at the first bytes.
    pub fn of(bytes: &[u8]) -> Container {
        if bytes.starts_with(&[0x1f, 0x8b]) {
            return Container::Gzip;
        }
        if bytes.starts_with(b"From ") {
            return Container::Mbox;
        }
        // A mail starts with a header field: a name of printable characters other than `:`,
        // then `:`. JSON starts with `{`, `[` or whitespace, never like that.
        let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let name_len = first_line.iter().take_while(|&&b| b.is_ascii_graphic() && b != b':').count();
        if name_len > 0 && first_line.get(name_len) == Some(&b':') && !bytes.starts_with(b"{") {
            return Container::Mail;
        }
        Container::Json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_containers_by_content() {
        assert_eq!(Container::of(b"\x1f\x8b\x08\x00"), Container::Gzip);
        assert_eq!(Container::of(b"From MAILER-DAEMON Mon Jan  1 00:00:00 2024\n"), Container::Mbox);
        assert_eq!(Container::of(b"Return-Path: <a@b>\r\nSubject: x\r\n\r\n"), Container::Mail);
        assert_eq!(Container::of(b"{\"organization-name\": 1}"), Container::Json);
        assert_eq!(Container::of(b"  {}"), Container::Json);
        assert_eq!(Container::of(b""), Container::Json);
    }
}
