//! Many files read into one summary, as every face reads them: each file's problems kept with
//! its name and position (at most [`MAX_LISTED_PER_CODE`] per code, the rest counted), each
//! report folded in and dropped. The faces find the files; each file's bytes come here (with
//! the feature `containers`, gzip, mails and mbox exports are opened here too:
//! `aggregate::open`), so `mtasts reports` and the page count and list the same things.

use std::collections::BTreeMap;

use crate::aggregate::read;
use crate::aggregate::summary::Summary;
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::{LineIndex, Location};

/// Problems listed per code; the rest are only counted ([`Batch::problem_counts`]).
pub const MAX_LISTED_PER_CODE: usize = 20;

/// A diagnostic about one input, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, and for a mail or mailbox which part of it.
    pub file: String,
    /// What is wrong.
    pub diagnostic: Diagnostic,
    /// Line and column in the report's text; `None` for a problem of the whole file.
    pub location: Option<Location>,
}

/// Everything read so far.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// The figures of the reports counted.
    pub summary: Summary,
    /// Files handed in (`Batch::read_file` counts each; a mailbox is one file of many reports).
    pub files: usize,
    /// Listed problems, at most [`MAX_LISTED_PER_CODE`] per code.
    pub problems: Vec<Problem>,
    /// Every problem, counted per code.
    pub problem_counts: BTreeMap<&'static str, usize>,
    /// A problem of severity error was seen: some input was not counted.
    pub unreadable: bool,
}

impl Batch {
    /// Nothing read yet.
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Notes a problem of `file`, whose range (unless whole-file) is in `text`.
    pub fn problem(&mut self, file: &str, text: &[u8], diagnostic: Diagnostic) {
        self.unreadable |= diagnostic.severity == Severity::Error;
        let count = self.problem_counts.entry(diagnostic.code.as_str()).or_default();
        *count += 1;
        if *count > MAX_LISTED_PER_CODE {
            return;
        }
        let location = (!diagnostic.whole_file).then(|| LineIndex::new(text).location(diagnostic.range));
        self.problems.push(Problem { file: file.to_string(), diagnostic, location });
    }

    /// One report's JSON text: read, folded in, dropped.
    pub fn report(&mut self, file: &str, text: &[u8]) {
        let reading = read::read(text);
        let mut diagnostics = reading.diagnostics;
        if let Some(report) = &reading.report {
            diagnostics.extend(self.summary.add(report));
        }
        for diagnostic in diagnostics {
            self.problem(file, text, diagnostic);
        }
    }

    /// How many listed problems each code has.
    pub fn listed_counts(&self) -> BTreeMap<&'static str, usize> {
        let mut listed = BTreeMap::new();
        for p in &self.problems {
            *listed.entry(p.diagnostic.code.as_str()).or_default() += 1;
        }
        listed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_twenty_problems_per_code_and_counts_the_rest() {
        let mut batch = Batch::new();
        for i in 0..25 {
            batch.report(&format!("broken-{i}.json"), b"{");
        }
        assert_eq!(batch.problems.len(), MAX_LISTED_PER_CODE);
        assert_eq!(batch.problem_counts.get("tlsrpt-report/json-invalid"), Some(&25));
        assert!(batch.unreadable);
        assert_eq!(batch.problems[0].location.map(|l| (l.start.line, l.start.column)), Some((1, 2)));
    }
}
