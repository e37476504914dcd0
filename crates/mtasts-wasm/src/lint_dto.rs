//! What JavaScript receives from the exports of the lint package that the editor package (the
//! page's first load, built without the `lint` feature) leaves out: `lintPolicy`'s result, the
//! records, MX matches and coverage, and the domain a user typed. Conventions as in [`crate::dto`].

use mtasts::LineIndex;
use mtasts::mx::{self, MatchReason};
use mtasts::policy;
use mtasts::record::intake::Form;
use mtasts::record::{ReadRecord, RecordSetReport, StsRecord, TlsRptRecord};
use serde::Serialize;

use crate::dto::{DiagnosticDto, ExtensionDto, PolicyDto, utf16_range};
use crate::packed::{Pack, Packed};

/// `PolicyResult` in api.d.ts (packed, as `analyzePolicy`'s result).
#[derive(Debug)]
pub(crate) struct PolicyResultDto<'a> {
    pub(crate) valid: bool,
    pub(crate) diagnostics: Vec<DiagnosticDto<'a>>,
    pub(crate) value: Option<PolicyDto<'a>>,
}

impl Pack for PolicyResultDto<'_> {
    fn pack(&self, out: &mut Packed) {
        (self.valid, &self.diagnostics, &self.value).pack(out);
    }
}

/// `RecordsResult<T>` in api.d.ts.
#[derive(Debug, Serialize)]
pub(crate) struct RecordsResultDto<'a, T> {
    valid: bool,
    diagnostics: Vec<DiagnosticDto<'a>>,
    value: Option<T>,
    text: &'a str,
    records: Vec<ReadRecordDto<'a>>,
}

/// `ReadRecord` in api.d.ts.
#[derive(Debug, Serialize)]
pub(crate) struct ReadRecordDto<'a> {
    value: &'a str,
    line: u32,
    start: u32,
    end: u32,
    form: Form,
    used: bool,
}

impl<'a> ReadRecordDto<'a> {
    fn new(r: &'a ReadRecord, index: &LineIndex<'_>) -> Self {
        let (start, end) = utf16_range(r.span, index);
        ReadRecordDto { value: &r.value, line: index.position(r.span.start).line, start, end, form: r.form, used: r.used }
    }
}

impl<'a, R, T> From<(&'a RecordSetReport<R>, &LineIndex<'_>)> for RecordsResultDto<'a, T>
where
    T: From<&'a R>,
{
    fn from((report, index): (&'a RecordSetReport<R>, &LineIndex<'_>)) -> Self {
        RecordsResultDto {
            valid: report.is_valid(),
            diagnostics: DiagnosticDto::all(&report.diagnostics, index, true),
            value: report.record.as_ref().map(T::from),
            text: &report.text,
            records: report.records.iter().map(|r| ReadRecordDto::new(r, index)).collect(),
        }
    }
}

/// `StsRecord` in api.d.ts.
#[derive(Debug, Serialize)]
pub(crate) struct StsRecordDto<'a> {
    id: Option<&'a str>,
    extensions: Vec<ExtensionDto<'a>>,
}

impl<'a> From<&'a StsRecord> for StsRecordDto<'a> {
    fn from(r: &'a StsRecord) -> Self {
        StsRecordDto { id: r.id.as_deref(), extensions: r.extensions.iter().map(ExtensionDto::from).collect() }
    }
}

/// `TlsRptRecord` in api.d.ts.
#[derive(Debug, Serialize)]
pub(crate) struct TlsRptRecordDto<'a> {
    rua: Vec<&'a str>,
    extensions: Vec<ExtensionDto<'a>>,
}

impl<'a> From<&'a TlsRptRecord> for TlsRptRecordDto<'a> {
    fn from(r: &'a TlsRptRecord) -> Self {
        TlsRptRecordDto {
            rua: r.rua.iter().map(String::as_str).collect(),
            extensions: r.extensions.iter().map(ExtensionDto::from).collect(),
        }
    }
}

/// `MxMatch` in api.d.ts; with `pattern`, `PatternMatch`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MatchDto<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<&'a str>,
    matched: bool,
    reason: MatchReason,
    explanation: &'a str,
    host: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    wildcard_label: Option<&'a str>,
}

impl<'a> From<&'a mx::MatchResult> for MatchDto<'a> {
    fn from(r: &'a mx::MatchResult) -> Self {
        MatchDto {
            pattern: None,
            matched: r.matched,
            reason: r.reason,
            explanation: &r.explanation,
            host: &r.host,
            wildcard_label: r.wildcard_label.as_deref(),
        }
    }
}

impl<'a> From<&'a (String, mx::MatchResult)> for MatchDto<'a> {
    fn from((pattern, r): &'a (String, mx::MatchResult)) -> Self {
        MatchDto { pattern: Some(pattern), ..MatchDto::from(r) }
    }
}

impl<'a> CoverageDto<'a> {
    /// The coverage of a policy's valid `mx` patterns, with its invalid ones listed apart.
    pub(crate) fn new(policy: &'a policy::Policy<'_>, coverage: &'a mx::Coverage) -> Self {
        CoverageDto {
            patterns: policy.mx_patterns().collect(),
            ignored_patterns: policy.mx.iter().filter(|m| !m.valid).map(|m| &*m.pattern).collect(),
            hosts: coverage.hosts.iter().map(HostCoverageDto::from).collect(),
            unused_patterns: coverage.unused_patterns.iter().map(String::as_str).collect(),
        }
    }
}

/// `DomainInput` in api.d.ts: the domain `input` names, or why there is none.
#[derive(Debug, Serialize)]
pub(crate) struct DomainInputDto {
    pub(crate) domain: Option<String>,
    pub(crate) error: Option<String>,
    /// A record name or the policy host typed in place of the mail domain.
    pub(crate) hint: Option<DomainHintDto>,
}

/// `DomainHint` in api.d.ts.
#[derive(Debug, Serialize)]
pub(crate) struct DomainHintDto {
    pub(crate) suggestion: String,
    pub(crate) message: String,
}

/// `Coverage` in api.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CoverageDto<'a> {
    pub(crate) patterns: Vec<&'a str>,
    pub(crate) ignored_patterns: Vec<&'a str>,
    pub(crate) hosts: Vec<HostCoverageDto<'a>>,
    pub(crate) unused_patterns: Vec<&'a str>,
}

/// `HostCoverage` in api.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HostCoverageDto<'a> {
    host: &'a str,
    matched_by: Option<&'a str>,
    results: Vec<MatchDto<'a>>,
    hint: Option<HostHintDto<'a>>,
}

/// `HostInputHint` in api.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HostHintDto<'a> {
    kind: mtasts::host_input::HostInputKind,
    not_a_host_name: bool,
    host: Option<&'a str>,
    message: &'a str,
}

impl<'a> From<&'a mtasts::host_input::HostInputHint> for HostHintDto<'a> {
    fn from(h: &'a mtasts::host_input::HostInputHint) -> Self {
        HostHintDto { kind: h.kind, not_a_host_name: h.not_a_host_name, host: h.host.as_deref(), message: &h.message }
    }
}

impl<'a> From<&'a mx::HostCoverage> for HostCoverageDto<'a> {
    fn from(h: &'a mx::HostCoverage) -> Self {
        HostCoverageDto {
            host: &h.host,
            matched_by: h.matched_by.as_deref(),
            results: h.results.iter().map(MatchDto::from).collect(),
            hint: h.hint.as_ref().map(HostHintDto::from),
        }
    }
}
