//! What JavaScript receives: plain objects built from the core's types.
//!
//! These structs exist only at the boundary. Each mirrors an interface of `api.d.ts` field for
//! field (camelCase); the Node package test (tests/js/package.test.mjs) checks that the objects
//! really have exactly the declared fields. Spans leave the core as UTF-8 byte ranges and arrive
//! here as 1-based line/column (Unicode scalar values) plus UTF-16 offsets, the unit of
//! JavaScript strings, textareas, `CodeMirror` and Monaco.
//!
//! Conventions: a value that may be absent is `null` (`T | null` in TypeScript); only `fix` and
//! `wildcardLabel` are left out when absent (`?:`), as their interfaces say.
//!
//! Two ways out: what an editor asks on every keystroke (diagnostics, the policy as read, the
//! vocabulary) is packed ([`Pack`], [`crate::packed`]); the rest, less often called and more varied
//! (records, coverage, the live check's report), goes through one configured serde-wasm-bindgen
//! serializer ([`to_js`], feature `lint`). The structs both read are the same.

use mtasts::policy::{self, FieldValue, Mode};
use mtasts::{Applicability, Diagnostic, Edit, Fix, LineIndex, Severity, TextRange};
use serde::Serialize;
#[cfg(feature = "lint")]
use wasm_bindgen::JsValue;

use crate::packed::{Pack, Packed};

/// The one serializer of the crate: `None` becomes `null` (not `undefined`, which `JSON.stringify`
/// and `structuredClone` users would lose), maps become plain objects.
#[cfg(feature = "lint")]
const SERIALIZER: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true).serialize_maps_as_objects(true);

/// Serializes a DTO into a JavaScript value.
#[cfg(feature = "lint")]
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, js_sys::Error> {
    value.serialize(&SERIALIZER).map_err(|e| into_error(&e))
}

/// Every failure reaches JavaScript this way: an `Error` with a message (never a panic).
pub(crate) fn into_error(message: &dyn std::fmt::Display) -> js_sys::Error {
    js_sys::Error::new(&message.to_string())
}

/// `Diagnostic` in api.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DiagnosticDto<'a> {
    code: &'static str,
    severity: Severity,
    message: &'a str,
    rfc: &'static str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    start: u32,
    end: u32,
    whole_file: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixDto<'a>>,
}

impl<'a> From<(&'a Diagnostic, &LineIndex<'_>)> for DiagnosticDto<'a> {
    fn from((d, index): (&'a Diagnostic, &LineIndex<'_>)) -> Self {
        let loc = index.location(d.range);
        DiagnosticDto {
            code: d.code.as_str(),
            severity: d.severity,
            message: &d.message,
            rfc: d.rfc(),
            line: loc.start.line,
            column: loc.start.column,
            end_line: loc.end.line,
            end_column: loc.end.column,
            start: loc.start.utf16,
            end: loc.end.utf16,
            whole_file: d.whole_file,
            fix: d.fix.as_ref().map(|f| FixDto::from((f, index))),
        }
    }
}

impl Pack for DiagnosticDto<'_> {
    fn pack(&self, out: &mut Packed) {
        let DiagnosticDto { code, severity, message, rfc, line, column, end_line, end_column, start, end, whole_file, fix } = self;
        (code, severity, message, rfc).pack(out);
        (line, column, end_line, end_column, start, end).pack(out);
        (whole_file, fix).pack(out);
    }
}

impl DiagnosticDto<'_> {
    /// The diagnostics of a report, positioned in `index`'s text; `fixes: false` leaves fixes out.
    pub(crate) fn all<'a>(diagnostics: &'a [Diagnostic], index: &LineIndex<'_>, fixes: bool) -> Vec<DiagnosticDto<'a>> {
        diagnostics
            .iter()
            .map(|d| {
                let mut dto = DiagnosticDto::from((d, index));
                if !fixes {
                    dto.fix = None;
                }
                dto
            })
            .collect()
    }
}

/// `Fix` in api.d.ts.
#[derive(Debug, Serialize)]
pub(crate) struct FixDto<'a> {
    title: &'a str,
    applicability: Applicability,
    edits: Vec<EditDto<'a>>,
}

impl<'a> From<(&'a Fix, &LineIndex<'_>)> for FixDto<'a> {
    fn from((fix, index): (&'a Fix, &LineIndex<'_>)) -> Self {
        FixDto { title: &fix.title, applicability: fix.applicability, edits: fix.edits.iter().map(|e| EditDto::from((e, index))).collect() }
    }
}

/// `TextEdit` in api.d.ts: replace UTF-16 `start..end` with `text`.
#[derive(Debug, Serialize)]
pub(crate) struct EditDto<'a> {
    start: u32,
    end: u32,
    text: &'a str,
}

impl Pack for FixDto<'_> {
    fn pack(&self, out: &mut Packed) {
        (self.title, self.applicability).pack(out);
        self.edits.pack(out);
    }
}

impl Pack for EditDto<'_> {
    fn pack(&self, out: &mut Packed) {
        (self.start, self.end, self.text).pack(out);
    }
}

impl<'a> From<(&'a Edit, &LineIndex<'_>)> for EditDto<'a> {
    fn from((edit, index): (&'a Edit, &LineIndex<'_>)) -> Self {
        let (start, end) = utf16_range(edit.range, index);
        EditDto { start, end, text: &edit.replacement }
    }
}

pub(crate) fn utf16_range(range: TextRange, index: &LineIndex<'_>) -> (u32, u32) {
    (index.position(range.start).utf16, index.position(range.end).utf16)
}

/// `Policy` in api.d.ts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PolicyDto<'a> {
    version: PolicyFieldDto<'a, &'a str>,
    mode: PolicyFieldDto<'a, Mode>,
    max_age: PolicyFieldDto<'a, u32>,
    mx: Vec<MxEntryDto<'a>>,
    requires_mx: bool,
    extensions: Vec<ExtensionDto<'a>>,
}

/// `PolicyField<T>` in api.d.ts: one once-only field, valid, invalid or missing.
#[derive(Debug, Serialize)]
pub(crate) struct PolicyFieldDto<'a, T> {
    state: &'static str,
    value: Option<T>,
    raw: Option<&'a str>,
    line: Option<u32>,
    start: Option<u32>,
    end: Option<u32>,
}

impl<T: Pack> Pack for PolicyFieldDto<'_, T> {
    fn pack(&self, out: &mut Packed) {
        self.state.pack(out);
        self.value.pack(out);
        self.raw.pack(out);
        (self.line, self.start, self.end).pack(out);
    }
}

impl Pack for PolicyDto<'_> {
    fn pack(&self, out: &mut Packed) {
        (&self.version, &self.mode, &self.max_age).pack(out);
        self.mx.pack(out);
        self.requires_mx.pack(out);
        self.extensions.pack(out);
    }
}

impl Pack for MxEntryDto<'_> {
    fn pack(&self, out: &mut Packed) {
        (self.pattern, self.valid, self.line, self.start, self.end).pack(out);
    }
}

impl Pack for ExtensionDto<'_> {
    fn pack(&self, out: &mut Packed) {
        (self.name, self.value).pack(out);
    }
}

impl<'a, T> PolicyFieldDto<'a, T> {
    fn new<U>(field: &'a FieldValue<U>, index: &LineIndex<'_>, value: impl FnOnce(&'a U) -> T) -> Self {
        let (state, value, raw) = match field {
            FieldValue::Missing => ("missing", None, None),
            FieldValue::Invalid { raw, .. } => ("invalid", None, Some(raw.as_str())),
            FieldValue::Valid { value: v, .. } => ("valid", Some(value(v)), None),
        };
        let at = field.range().map(|r| (index.position(r.start), index.position(r.end).utf16));
        PolicyFieldDto { state, value, raw, line: at.map(|(s, _)| s.line), start: at.map(|(s, _)| s.utf16), end: at.map(|(_, e)| e) }
    }
}

impl<'a> From<(&'a policy::Policy<'_>, &LineIndex<'_>)> for PolicyDto<'a> {
    fn from((p, index): (&'a policy::Policy<'_>, &LineIndex<'_>)) -> Self {
        PolicyDto {
            version: PolicyFieldDto::new(&p.version, index, String::as_str),
            mode: PolicyFieldDto::new(&p.mode, index, |m| *m),
            max_age: PolicyFieldDto::new(&p.max_age, index, |n| *n),
            requires_mx: p.requires_mx(),
            mx: p
                .mx
                .iter()
                .map(|m| {
                    let start = index.position(m.range.start);
                    MxEntryDto {
                        pattern: &m.pattern,
                        valid: m.valid,
                        line: start.line,
                        start: start.utf16,
                        end: index.position(m.range.end).utf16,
                    }
                })
                .collect(),
            extensions: p.extensions.iter().map(|e| ExtensionDto { name: &e.name, value: &e.value }).collect(),
        }
    }
}

/// `MxEntry` in api.d.ts.
#[derive(Debug, Serialize)]
pub(crate) struct MxEntryDto<'a> {
    pattern: &'a str,
    valid: bool,
    line: u32,
    start: u32,
    end: u32,
}

/// `Extension` in api.d.ts.
#[derive(Debug, Serialize)]
pub(crate) struct ExtensionDto<'a> {
    name: &'a str,
    value: &'a str,
}

impl<'a> From<&'a (String, String)> for ExtensionDto<'a> {
    fn from((name, value): &'a (String, String)) -> Self {
        ExtensionDto { name, value }
    }
}

/// `PolicyAnalysis` in api.d.ts but its `coverage`, which is `null` when unpacked (the lint
/// package sets it after: serialized, as it is asked for only with hosts to match).
#[derive(Debug)]
pub(crate) struct PolicyAnalysisDto<'a> {
    pub(crate) valid: bool,
    pub(crate) diagnostics: Vec<DiagnosticDto<'a>>,
    pub(crate) value: Option<PolicyDto<'a>>,
    pub(crate) uncovered: Option<UncoveredDto>,
}

impl Pack for PolicyAnalysisDto<'_> {
    fn pack(&self, out: &mut Packed) {
        self.valid.pack(out);
        self.diagnostics.pack(out);
        self.value.pack(out);
        self.uncovered.pack(out);
    }
}

/// `Uncovered` in api.d.ts.
#[derive(Debug)]
pub(crate) struct UncoveredDto {
    severity: Severity,
    consequence: &'static str,
}

impl Pack for UncoveredDto {
    fn pack(&self, out: &mut Packed) {
        (self.severity, self.consequence).pack(out);
    }
}

impl From<policy::Uncovered> for UncoveredDto {
    fn from(u: policy::Uncovered) -> Self {
        UncoveredDto { severity: u.severity, consequence: u.consequence }
    }
}

/// `Vocabulary` in api.d.ts: the core's words for severities and modes.
#[derive(Debug)]
pub(crate) struct VocabularyDto {
    severities: Vec<SeverityInfoDto>,
    modes: Vec<ModeInfoDto>,
}

/// `SeverityInfo` in api.d.ts.
#[derive(Debug)]
struct SeverityInfoDto {
    severity: Severity,
    label: &'static str,
    symbol: &'static str,
}

/// `ModeInfo` in api.d.ts.
#[derive(Debug)]
struct ModeInfoDto {
    mode: Mode,
    meaning: &'static str,
    uncovered: UncoveredDto,
}

impl Pack for VocabularyDto {
    fn pack(&self, out: &mut Packed) {
        self.severities.pack(out);
        self.modes.pack(out);
    }
}

impl Pack for SeverityInfoDto {
    fn pack(&self, out: &mut Packed) {
        (self.severity, self.label, self.symbol).pack(out);
    }
}

impl Pack for ModeInfoDto {
    fn pack(&self, out: &mut Packed) {
        (self.mode, self.meaning).pack(out);
        self.uncovered.pack(out);
    }
}

impl VocabularyDto {
    /// Every severity (worst first) and every mode, from the core.
    pub(crate) fn new() -> Self {
        VocabularyDto {
            severities: Severity::ALL.iter().map(|&s| SeverityInfoDto { severity: s, label: s.label(), symbol: s.symbol() }).collect(),
            modes: Mode::ALL
                .iter()
                .map(|&m| ModeInfoDto { mode: m, meaning: m.meaning(), uncovered: policy::uncovered(Some(m)).into() })
                .collect(),
        }
    }
}
