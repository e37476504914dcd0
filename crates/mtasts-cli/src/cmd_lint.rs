//! `mtasts lint`: read, check, render in the chosen format. One file (or standard input) is
//! one report; several paths, a directory or `--since` give one report per file found.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use mtasts::change::{self, Revision};
use mtasts::record::intake::RecordInput;

use crate::Output;
use crate::args::{Format, Kind, LintArgs};
use crate::checked::Checked;
use crate::error::CliError;
use crate::input;
use crate::render;
use crate::sources;
use crate::style::Style;

pub(crate) fn run(args: &LintArgs, style: Style) -> Result<Output, CliError> {
    let single = args.since.is_none() && args.files.len() <= 1 && !args.files.first().is_some_and(|p| p.is_dir());
    if single {
        let source = input::read(args.files.first().map(PathBuf::as_path))?;
        let checked = Checked::lint(args.kind.unwrap_or(Kind::Policy), source);
        return Ok(one(&checked, args.format, style));
    }
    let paths = if args.files.is_empty() { vec![PathBuf::from(".")] } else { args.files.clone() };
    let targets = sources::targets(&paths, args.kind)?;
    if targets.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(CliError::Input(format!(
            "no policy file, zone file, octodns, Terraform or dnscontrol config found in {} (see `mtasts lint --help` for what is looked for)",
            shown.join(", ")
        )));
    }
    let mut checked = Vec::new();
    for (path, kind) in targets {
        checked.push((path.clone(), Checked::lint(kind, input::read(Some(&path))?)));
    }
    if let Some(reference) = &args.since {
        since(reference, &mut checked, &args.mx)?;
    }
    let checked: Vec<Checked> = checked.into_iter().map(|(_, c)| c).collect();
    Ok(many(&checked, args.format, style))
}

/// One report in the chosen format.
pub(crate) fn one(checked: &Checked, format: Format, style: Style) -> Output {
    let text = match format {
        Format::Text => render::text::render(checked, style),
        Format::Json => render::json::render(checked),
        Format::Sarif => render::sarif::render(checked),
    };
    Output::new(text.into_bytes(), checked.is_valid())
}

/// Several reports in the chosen format.
pub(crate) fn many(checked: &[Checked], format: Format, style: Style) -> Output {
    let text = match format {
        Format::Text => render::text::render_many(checked, style),
        Format::Json => render::json::render_many(checked),
        Format::Sarif => render::sarif::render_many(checked),
    };
    Output::new(text.into_bytes(), checked.iter().all(Checked::is_valid))
}

/// Seconds since the Unix epoch, for the `id` the id-bump check suggests.
pub(crate) fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The id-bump check of every policy file against every `_mta-sts` owner of the zone files
/// and other files of records, each compared with its version at `reference`: findings are added to
/// the new policy's and the zone file's reports.
fn since(reference: &str, checked: &mut [(PathBuf, Checked)], mx: &[String]) -> Result<(), CliError> {
    let hosts: Vec<&str> = mx.iter().map(String::as_str).collect();
    let policies: Vec<usize> = (0..checked.len()).filter(|&i| checked[i].1.kind == Kind::Policy).collect();
    let zones: Vec<usize> = (0..checked.len()).filter(|&i| !checked[i].1.sts_owners.is_empty()).collect();
    let mut old_owners = Vec::new();
    for &z in &zones {
        let (path, c) = &checked[z];
        let old = sources::at_revision(reference, path)?.map(|bytes| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            mtasts::zone::read_source(c.kind.file_of_records().unwrap_or(mtasts::zone::SourceKind::Zone), &text).owners
        });
        old_owners.push(old.unwrap_or_default());
    }
    for &p in &policies {
        let Some(old_policy) = sources::at_revision(reference, &checked[p].0)? else { continue };
        let new_policy = checked[p].1.text.clone();
        for (zi, &z) in zones.iter().enumerate() {
            let mut record_findings = Vec::new();
            let mut policy_findings = Vec::new();
            for owner in &checked[z].1.sts_owners {
                let key = owner.name.trim_end_matches('.');
                let Some(old) = old_owners[zi].iter().find(|o| o.name.trim_end_matches('.').eq_ignore_ascii_case(key)) else { continue };
                let report = change::compare(
                    Revision { policy: &old_policy, record: &old.input },
                    Revision { policy: &new_policy, record: &owner.input },
                    &hosts,
                    now(),
                    mtasts::default_idna(),
                );
                record_findings.extend(report.record);
                policy_findings.extend(report.policy);
            }
            checked[z].1.add(record_findings);
            checked[p].1.add(policy_findings);
        }
    }
    Ok(())
}

/// Records read from `text` (pasted records, `dig` output, a zone file, an octodns, Terraform or dnscontrol config
/// as the core recognises it by `name`): for a file of records, its first `_mta-sts` owner.
pub(crate) fn records_of(name: &str, text: &str) -> RecordInput {
    let owners = match mtasts::zone::classify(name, text.as_bytes()) {
        None | Some(mtasts::zone::SourceKind::Policy) => return RecordInput::parse(text),
        Some(kind) => mtasts::zone::read_source(kind, text).owners,
    };
    let mut input = owners.into_iter().find(|o| o.family == mtasts::zone::Family::Sts).map(|o| o.input).unwrap_or_default();
    input.text = text.to_string();
    input
}
