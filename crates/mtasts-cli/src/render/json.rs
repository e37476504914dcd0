//! `--format json`: the `mtasts-lint/1` schema, documented in docs/CLI.md.
//!
//! The shape is defined here by the CLI's own types rather than by serializing the core's
//! structs, so the contract changes only when this file (and the schema name) does.
//! Adding a field is compatible; renaming or removing one needs `mtasts-lint/2`.

use serde::Serialize;

use mtasts::policy::Policy;
use mtasts::record::intake::Form;
use mtasts::record::{StsRecord, TlsRptRecord};
use mtasts::{Diagnostic, Edit, Fix, TextRange};

use crate::checked::{Checked, Counts, Document, Value};

/// The schema identifier; bump the number on any incompatible change.
pub(crate) const SCHEMA: &str = "mtasts-lint/1";

#[derive(Serialize)]
struct Report<'a> {
    schema: &'static str,
    kind: &'static str,
    source: &'a str,
    valid: bool,
    counts: JsonCounts,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    records: Option<Vec<JsonRecord<'a>>>,
    value: Option<JsonValue<'a>>,
    /// For a zone file or octodns config: each owner checked (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    owners: Option<Vec<JsonOwner<'a>>>,
}

#[derive(Serialize)]
struct JsonOwner<'a> {
    name: &'a str,
    family: &'static str,
    records: usize,
    valid: bool,
    counts: JsonCounts,
}

/// Several reports: `mtasts-lint-files/1`.
#[derive(Serialize)]
struct ManyReports<'a> {
    schema: &'static str,
    valid: bool,
    counts: JsonCounts,
    files: Vec<Report<'a>>,
}

/// The parsed value; which variant follows from `kind`, so no tag is written.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonValue<'a> {
    Policy(JsonPolicy<'a>),
    Sts(JsonSts<'a>),
    TlsRpt(JsonTlsRpt<'a>),
}

#[derive(Serialize)]
struct JsonCounts {
    errors: usize,
    warnings: usize,
    info: usize,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    input_line: u32,
    form: &'static str,
    text: &'a str,
    byte_start: u32,
    byte_end: u32,
    used: bool,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    rfc: &'static str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    byte_start: u32,
    byte_end: u32,
    utf16_start: u32,
    utf16_end: u32,
    whole_file: bool,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    byte_start: u32,
    byte_end: u32,
    utf16_start: u32,
    utf16_end: u32,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonPolicy<'a> {
    version: Option<&'a str>,
    mode: Option<&'static str>,
    max_age: Option<u32>,
    mx: Vec<JsonMx<'a>>,
    extensions: Vec<JsonExtension<'a>>,
}

#[derive(Serialize)]
struct JsonMx<'a> {
    pattern: &'a str,
    valid: bool,
    byte_start: u32,
    byte_end: u32,
}

#[derive(Serialize)]
struct JsonExtension<'a> {
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct JsonSts<'a> {
    id: Option<&'a str>,
    extensions: Vec<JsonExtension<'a>>,
}

#[derive(Serialize)]
struct JsonTlsRpt<'a> {
    rua: Vec<&'a str>,
    extensions: Vec<JsonExtension<'a>>,
}

/// The schema of several reports (directories, several files, `--since`, `diff`).
pub(crate) const FILES_SCHEMA: &str = "mtasts-lint-files/1";

/// The report as pretty-printed JSON, with a final newline.
pub(crate) fn render(checked: &Checked) -> String {
    let mut text = serde_json::to_string_pretty(&report(checked)).expect("the report serializes");
    text.push('\n');
    text
}

/// Several reports in one `mtasts-lint-files/1` document.
pub(crate) fn render_many(checked: &[Checked]) -> String {
    let files: Vec<Report<'_>> = checked.iter().map(report).collect();
    let sum = |f: fn(&JsonCounts) -> usize| files.iter().map(|r| f(&r.counts)).sum::<usize>();
    let counts = JsonCounts { errors: sum(|c| c.errors), warnings: sum(|c| c.warnings), info: sum(|c| c.info) };
    let document = ManyReports { schema: FILES_SCHEMA, valid: counts.errors == 0, counts, files };
    // Only structs, strings and numbers: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&document).expect("the report serializes");
    text.push('\n');
    text
}

fn report(checked: &Checked) -> Report<'_> {
    let doc = checked.document();
    let Counts { errors, warnings, info } = checked.counts();
    Report {
        schema: SCHEMA,
        kind: checked.kind.as_str(),
        source: &checked.name,
        valid: errors == 0,
        counts: JsonCounts { errors, warnings, info },
        diagnostics: checked.diagnostics.iter().map(|d| diagnostic(&doc, d)).collect(),
        records: checked.records.as_ref().map(|records| {
            records
                .iter()
                .map(|r| JsonRecord {
                    input_line: doc.position(r.span.start).line,
                    form: match r.form {
                        Form::Value => "plain",
                        Form::Quoted => "presentation",
                    },
                    text: &r.value,
                    byte_start: r.span.start,
                    byte_end: r.span.end,
                    used: r.used,
                })
                .collect()
        }),
        value: value(&checked.value),
        owners: checked.owners.as_ref().map(|owners| {
            owners
                .iter()
                .map(|o| JsonOwner {
                    name: &o.name,
                    family: o.family,
                    records: o.records,
                    valid: o.counts.errors == 0,
                    counts: JsonCounts { errors: o.counts.errors, warnings: o.counts.warnings, info: o.counts.info },
                })
                .collect()
        }),
    }
}

fn diagnostic<'a>(doc: &Document<'_>, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let start = doc.position(d.range.start);
    let end = doc.position(d.range.end);
    JsonDiagnostic {
        code: d.code.as_str(),
        severity: d.severity.as_str(),
        message: &d.message,
        rfc: d.code.rfc(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_start: d.range.start,
        byte_end: d.range.end,
        utf16_start: start.utf16,
        utf16_end: end.utf16,
        whole_file: d.whole_file,
        fix: d.fix.as_ref().map(|f| fix(doc, f)),
    }
}

fn fix<'a>(doc: &Document<'_>, f: &'a Fix) -> JsonFix<'a> {
    JsonFix {
        title: &f.title,
        applicability: match f.applicability {
            mtasts::Applicability::Safe => "safe",
            mtasts::Applicability::Unsafe => "unsafe",
        },
        edits: f.edits.iter().map(|e| edit(doc, e)).collect(),
    }
}

fn edit<'a>(doc: &Document<'_>, e: &'a Edit) -> JsonEdit<'a> {
    let TextRange { start, end } = e.range;
    JsonEdit {
        byte_start: start,
        byte_end: end,
        utf16_start: doc.position(start).utf16,
        utf16_end: doc.position(end).utf16,
        replacement: &e.replacement,
    }
}

fn extensions<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<JsonExtension<'a>> {
    pairs.map(|(name, value)| JsonExtension { name, value }).collect()
}

fn value(value: &Value) -> Option<JsonValue<'_>> {
    match value {
        Value::Policy(p) => Some(JsonValue::Policy(policy(p))),
        Value::Sts(r) => r.as_ref().map(|r| JsonValue::Sts(sts(r))),
        Value::TlsRpt(r) => r.as_ref().map(|r| JsonValue::TlsRpt(tlsrpt(r))),
        Value::Zone => None,
    }
}

fn policy<'a>(p: &'a Policy<'_>) -> JsonPolicy<'a> {
    JsonPolicy {
        version: p.version(),
        mode: p.mode().map(mtasts::policy::Mode::as_str),
        max_age: p.max_age(),
        mx: p.mx.iter().map(|m| JsonMx { pattern: &m.pattern, valid: m.valid, byte_start: m.range.start, byte_end: m.range.end }).collect(),
        extensions: extensions(p.extensions.iter().map(|e| (&*e.name, &*e.value))),
    }
}

fn sts(r: &StsRecord) -> JsonSts<'_> {
    JsonSts { id: r.id.as_deref(), extensions: extensions(r.extensions.iter().map(|(n, v)| (n.as_str(), v.as_str()))) }
}

fn tlsrpt(r: &TlsRptRecord) -> JsonTlsRpt<'_> {
    JsonTlsRpt {
        rua: r.rua.iter().map(String::as_str).collect(),
        extensions: extensions(r.extensions.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
    }
}
