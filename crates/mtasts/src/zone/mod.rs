//! The records where people keep them: BIND zone files ([`read_zone`]), octodns YAML
//! ([`read_octodns`], feature `octodns`), Terraform HCL ([`read_terraform`], feature
//! `terraform`) and dnscontrol's `dnsconfig.js` ([`read_dnscontrol`], feature `dnscontrol`).
//!
//! This module decides what counts as a record there: every TXT record whose owner's first
//! label is `_mta-sts` or whose first two are `_smtp._tls`. Each owner's records are judged
//! as a set, as senders judge the records of one name, by the same rules as pasted records
//! ([`crate::record`]); every position refers to the file ([`ZoneReport::text`]).

mod bind;
#[cfg(feature = "dnscontrol")]
mod dnscontrol;
#[cfg(any(feature = "terraform", feature = "dnscontrol"))]
mod literal;
#[cfg(feature = "octodns")]
mod octodns;
#[cfg(feature = "terraform")]
mod terraform;

use crate::code::Code;
use crate::diagnostic::{Diagnostic, has_errors, sort_diagnostics};
use crate::idna::Idna;
use crate::record::intake::{QuotingProblem, RecordInput, SourceRecord};
use crate::record::{self, RecordSetReport, StsRecord, TlsRptRecord};
use crate::text::TextRange;

/// Which record an owner holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Family {
    /// `_mta-sts.DOMAIN` (RFC 8461 §3.1).
    Sts,
    /// `_smtp._tls.DOMAIN` (RFC 8460 §3).
    TlsRpt,
}

impl Family {
    /// The name the faces use for it, as `mtasts lint --kind` does.
    pub const fn as_str(self) -> &'static str {
        match self {
            Family::Sts => "sts",
            Family::TlsRpt => "tlsrpt",
        }
    }
}

/// The TXT records of one owner, read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The owner as the file names it, made absolute where the file says how (`$ORIGIN`).
    pub name: String,
    /// Which record it holds.
    pub family: Family,
    /// Its TXT records; their positions refer to the file ([`ZoneRecords::text`]), and
    /// `input.text` is left empty so the file is not copied once per owner.
    pub input: RecordInput,
}

/// What was read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneRecords {
    /// The file.
    pub text: String,
    /// Every `_mta-sts.*` and `_smtp._tls.*` owner with TXT records, in file order.
    pub owners: Vec<Owner>,
    /// Problems of the file itself (syntax, `$INCLUDE`, octodns escapes).
    pub diagnostics: Vec<Diagnostic>,
}

/// An owner's records judged as a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerReport {
    /// `_mta-sts` records.
    Sts(RecordSetReport<StsRecord>),
    /// `_smtp._tls` records.
    TlsRpt(RecordSetReport<TlsRptRecord>),
}

impl OwnerReport {
    /// Every finding about this owner's records, positions in the file.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            OwnerReport::Sts(r) => &r.diagnostics,
            OwnerReport::TlsRpt(r) => &r.diagnostics,
        }
    }

    /// The records read for this owner.
    pub fn records(&self) -> &[record::ReadRecord] {
        match self {
            OwnerReport::Sts(r) => &r.records,
            OwnerReport::TlsRpt(r) => &r.records,
        }
    }
}

/// One owner and its verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerLint {
    /// The owner's name.
    pub name: String,
    /// Which record it holds.
    pub family: Family,
    /// What its records are worth (`text` of the inner report is empty: see [`ZoneReport::text`]).
    pub report: OwnerReport,
}

/// The outcome of linting a file of records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneReport {
    /// The file: what every position refers to.
    pub text: String,
    /// Each owner found, in file order.
    pub owners: Vec<OwnerLint>,
    /// Problems of the file itself, and `zone/no-records` when it holds no owner to check.
    pub diagnostics: Vec<Diagnostic>,
}

impl ZoneReport {
    /// Every diagnostic, the file's and each owner's, by position.
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.diagnostics.clone();
        for owner in &self.owners {
            all.extend(owner.report.diagnostics().iter().cloned());
        }
        sort_diagnostics(&mut all);
        all
    }

    /// Whether no diagnostic is an error.
    pub fn is_valid(&self) -> bool {
        !has_errors(&self.diagnostics) && self.owners.iter().all(|o| !has_errors(o.report.diagnostics()))
    }
}

/// Reads a BIND zone file (RFC 1035 §5.1).
pub fn read_zone(text: &str) -> ZoneRecords {
    bind::read(text)
}

/// Reads an octodns zone config (YAML; in TXT values `;` is written `\;`).
#[cfg(feature = "octodns")]
pub fn read_octodns(text: &str) -> ZoneRecords {
    octodns::read(text)
}

/// Reads a Terraform configuration (HCL): the TXT records of `cloudflare_record`,
/// `cloudflare_dns_record` and `aws_route53_record` resources.
#[cfg(feature = "terraform")]
pub fn read_terraform(text: &str) -> ZoneRecords {
    terraform::read(text)
}

/// Reads dnscontrol's `dnsconfig.js`: the literal `TXT(name, value)` calls, owners completed
/// with the domain of the `D(…)` around them.
#[cfg(feature = "dnscontrol")]
pub fn read_dnscontrol(text: &str) -> ZoneRecords {
    dnscontrol::read(text)
}

/// Reads a file of records as `kind` says: the one entry point for faces that learned the
/// kind from [`classify`] or from the user. A policy file (or a kind whose feature is off) is
/// read as a zone file, in which a policy holds no owner.
pub fn read_source(kind: SourceKind, text: &str) -> ZoneRecords {
    match kind {
        #[cfg(feature = "octodns")]
        SourceKind::Octodns => read_octodns(text),
        #[cfg(feature = "terraform")]
        SourceKind::Terraform => read_terraform(text),
        #[cfg(feature = "dnscontrol")]
        SourceKind::Dnscontrol => read_dnscontrol(text),
        _ => read_zone(text),
    }
}

/// Lints a BIND zone file.
pub fn lint_zone(text: &str, idna: &dyn Idna) -> ZoneReport {
    lint(read_zone(text), idna)
}

/// Lints an octodns zone config.
#[cfg(feature = "octodns")]
pub fn lint_octodns(text: &str, idna: &dyn Idna) -> ZoneReport {
    lint(read_octodns(text), idna)
}

/// Lints a Terraform configuration.
#[cfg(feature = "terraform")]
pub fn lint_terraform(text: &str, idna: &dyn Idna) -> ZoneReport {
    lint(read_terraform(text), idna)
}

/// Lints dnscontrol's `dnsconfig.js`.
#[cfg(feature = "dnscontrol")]
pub fn lint_dnscontrol(text: &str, idna: &dyn Idna) -> ZoneReport {
    lint(read_dnscontrol(text), idna)
}

/// Judges each owner's records as a set. A problem the record rules call one of the whole
/// input (no `v=STSv1` record among them) is placed on the owner's records: in a file of
/// many owners, the whole file is not what is wrong.
pub fn lint(read: ZoneRecords, idna: &dyn Idna) -> ZoneReport {
    let mut diagnostics = read.diagnostics;
    if read.owners.is_empty() {
        diagnostics.push(Diagnostic::whole_file(
            Code::ZoneNoRecords,
            "No TXT record at `_mta-sts.*` or `_smtp._tls.*` was found in this file, so nothing in it was checked.",
        ));
    }
    sort_diagnostics(&mut diagnostics);
    let owners = read
        .owners
        .into_iter()
        .map(|owner| {
            let span = owner.input.records.first().map_or(TextRange::empty(0), |r| r.span);
            let mut report = match owner.family {
                Family::Sts => OwnerReport::Sts(record::lint_sts_input(&owner.input)),
                Family::TlsRpt => OwnerReport::TlsRpt(record::lint_tlsrpt_input(&owner.input, idna)),
            };
            let diagnostics = match &mut report {
                OwnerReport::Sts(r) => &mut r.diagnostics,
                OwnerReport::TlsRpt(r) => &mut r.diagnostics,
            };
            for d in diagnostics.iter_mut().filter(|d| d.whole_file) {
                d.whole_file = false;
                d.range = span;
            }
            sort_diagnostics(diagnostics);
            OwnerLint { name: owner.name, family: owner.family, report }
        })
        .collect();
    ZoneReport { text: read.text, owners, diagnostics }
}

/// Owners as they are found, each looked up by its name without case or final dot.
#[derive(Default)]
struct Owners {
    list: Vec<Owner>,
    index: std::collections::HashMap<String, usize>,
}

impl Owners {
    /// Adds `record` to its owner's records, in file order.
    fn add(&mut self, name: String, family: Family, record: SourceRecord, problems: Vec<QuotingProblem>) {
        let key = name.trim_end_matches('.').to_ascii_lowercase();
        let i = *self.index.entry(key).or_insert_with(|| {
            self.list.push(Owner { name, family, input: RecordInput::default() });
            self.list.len() - 1
        });
        self.list[i].input.records.push(record);
        self.list[i].input.problems.extend(problems);
    }
}

/// Which record an owner holds: `_mta-sts.*` or `_smtp._tls.*` (without case).
fn owner_family(name: &str) -> Option<Family> {
    let mut labels = name.split('.');
    let first = labels.next()?;
    if first.eq_ignore_ascii_case("_mta-sts") {
        return Some(Family::Sts);
    }
    (first.eq_ignore_ascii_case("_smtp") && labels.next().is_some_and(|l| l.eq_ignore_ascii_case("_tls"))).then_some(Family::TlsRpt)
}

/// What a file in a repository holds, as far as MTA-STS goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A policy file (served at `/.well-known/mta-sts.txt`).
    Policy,
    /// A BIND zone file.
    Zone,
    /// An octodns zone config.
    Octodns,
    /// A Terraform configuration (`*.tf`).
    Terraform,
    /// dnscontrol's `dnsconfig.js`.
    Dnscontrol,
}

/// Whether the file at `path` (relative, `/`-separated) with content `bytes` is one to lint
/// when a whole repository is checked, and as what: `.well-known/mta-sts.txt`; a file named
/// `mta-sts.*` whose front matter sets a `permalink` to `.well-known/mta-sts.txt` (Jekyll,
/// Hugo); a zone file (`*.zone`, `*.db`, `db.*`, or any file with an `$ORIGIN` line); YAML
/// with a top-level `_mta-sts` or `_smtp._tls` key (octodns); a `*.tf` file that mentions
/// `_mta-sts` or `_smtp._tls` (Terraform); `dnsconfig.js` (dnscontrol).
pub fn classify(path: &str, bytes: &[u8]) -> Option<SourceKind> {
    let path = path.replace('\\', "/");
    let name = path.rsplit('/').next().unwrap_or(&path).to_ascii_lowercase();
    if path.ends_with(".well-known/mta-sts.txt") {
        return Some(SourceKind::Policy);
    }
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines();
    if name.starts_with("mta-sts.") && lines.next().is_some_and(|l| l.trim_end() == "---") {
        let permalink = lines
            .take_while(|l| l.trim_end() != "---")
            .filter_map(|l| l.strip_prefix("permalink:"))
            .any(|v| v.contains(".well-known/mta-sts.txt"));
        return permalink.then_some(SourceKind::Policy);
    }
    // `name` is lowercased: the extension compares without case.
    let extension = name.rsplit_once('.').map(|(_, e)| e);
    if name == "dnsconfig.js" {
        return Some(SourceKind::Dnscontrol);
    }
    if extension == Some("tf") {
        return (text.contains("_mta-sts") || text.contains("_smtp._tls")).then_some(SourceKind::Terraform);
    }
    if matches!(extension, Some("yaml" | "yml")) {
        let key = |l: &str| {
            let l = l.trim_start_matches(['\'', '"']);
            l.starts_with("_mta-sts") || l.starts_with("_smtp._tls")
        };
        return text.lines().any(key).then_some(SourceKind::Octodns);
    }
    let zone_name = matches!(extension, Some("zone" | "db")) || name.starts_with("db.");
    (zone_name || text.lines().any(|l| l.starts_with("$ORIGIN"))).then_some(SourceKind::Zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_repository_files() {
        let front = b"---\npermalink: /.well-known/mta-sts.txt\n---\nversion: STSv1\n";
        let cases: [(&str, &[u8], Option<SourceKind>); 11] = [
            ("site/.well-known/mta-sts.txt", b"version: STSv1", Some(SourceKind::Policy)),
            ("mta-sts.txt", front, Some(SourceKind::Policy)),
            ("mta-sts.md", b"---\ntitle: x\n---\n", None),
            ("zones/example.com.zone", b"", Some(SourceKind::Zone)),
            ("db.example", b"", Some(SourceKind::Zone)),
            ("notes.txt", b"$ORIGIN example.com.\n", Some(SourceKind::Zone)),
            ("config/example.com.yaml", b"'':\n  type: A\n_mta-sts:\n  type: TXT\n", Some(SourceKind::Octodns)),
            ("config/app.yaml", b"name: x\n", None),
            ("dns/mail.tf", b"resource \"aws_route53_record\" \"x\" { name = \"_mta-sts\" }", Some(SourceKind::Terraform)),
            ("main.tf", b"resource \"aws_instance\" \"x\" {}", None),
            ("dnsconfig.js", b"", Some(SourceKind::Dnscontrol)),
        ];
        for (path, bytes, kind) in cases {
            assert_eq!(classify(path, bytes), kind, "{path}");
        }
    }
}
