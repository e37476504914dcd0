//! `mtasts diff`: the id-bump check of two revisions given as files. The findings are placed
//! in the new policy file and the new record (the core's `change::compare`).

use std::path::Path;

use mtasts::change::{self, Revision};

use crate::Output;
use crate::args::{DiffArgs, Kind};
use crate::checked::Checked;
use crate::cmd_lint::{many, now, records_of};
use crate::error::CliError;
use crate::input;
use crate::style::Style;

pub(crate) fn run(args: &DiffArgs, style: Style) -> Result<Output, CliError> {
    let old_policy = input::read(Some(&args.old_policy))?;
    let new_policy = input::read(Some(&args.new_policy))?;
    let (_, old_text) = record_arg(&args.old_record, "--old-record")?;
    let (new_name, new_text) = record_arg(&args.new_record, "--new-record")?;
    let (old_record, new_record) = (records_of(&args.old_record, &old_text), records_of(&args.new_record, &new_text));
    let hosts: Vec<&str> = args.mx.iter().map(String::as_str).collect();
    let report = change::compare(
        Revision { policy: &old_policy.bytes, record: &old_record },
        Revision { policy: &new_policy.bytes, record: &new_record },
        &hosts,
        now(),
        mtasts::default_idna(),
    );
    let checked = [
        Checked::findings(Kind::Policy, new_policy.name, new_policy.bytes, report.policy),
        Checked::findings(Kind::Sts, new_name, new_text.into_bytes(), report.record),
    ];
    Ok(many(&checked, args.format, style))
}

/// A record argument: the file it names, or else the text itself (named after the option).
fn record_arg(arg: &str, option: &str) -> Result<(String, String), CliError> {
    let path = Path::new(arg);
    if path.is_file() {
        let source = input::read(Some(path))?;
        return Ok((source.name, String::from_utf8_lossy(&source.bytes).into_owned()));
    }
    Ok((option.to_string(), arg.to_string()))
}
