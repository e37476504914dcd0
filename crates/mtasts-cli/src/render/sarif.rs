//! `--format sarif`: SARIF 2.1.0 (OASIS), the format code-scanning pipelines such as
//! GitHub's ingest.
//!
//! One run; the tool's rules are the core's whole code registry, so a result's `ruleId`
//! (and `ruleIndex`) always resolves. Regions use 1-based lines and columns counted in
//! Unicode code points (declared with `columnKind`), the core's own unit. For TXT records,
//! lines are lines of the input file; a record given in quoted form gets no columns and no
//! fixes, since its columns count in the joined text, not in the file.
//!
//! Typed structs rather than `json!` keep the properties in the order the specification
//! lists them, which makes the output easy to read next to it.

use serde::Serialize;

use mtasts::{Applicability, Code, Diagnostic, Fix, Severity, TextRange};

use crate::checked::{Checked, Document};

/// Where the SARIF 2.1.0 schema lives (errata 01, the current text).
pub(crate) const SCHEMA_URI: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    rfc: &'static str,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<&'a str>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    /// None for a problem of the whole file: the artifact alone is its location.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<&'a str>,
    artifact_changes: [ArtifactChange<'a>; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<&'a str>,
}

/// SARIF has no notion of a fix's safety; this property carries ours.
#[derive(Serialize)]
struct FixProperties {
    applicability: &'static str,
}

/// The SARIF log, pretty-printed, with a final newline.
pub(crate) fn render(checked: &Checked) -> String {
    render_many(std::slice::from_ref(checked))
}

/// One SARIF run holding the results of every file, each located in its own artifact.
pub(crate) fn render_many(checked: &[Checked]) -> String {
    let uris: Vec<String> = checked.iter().map(|c| uri(&c.name)).collect();
    let docs: Vec<Document<'_>> = checked.iter().map(Checked::document).collect();
    let results =
        checked.iter().zip(&uris).zip(&docs).flat_map(|((c, uri), doc)| c.diagnostics.iter().map(move |d| result(doc, uri, d))).collect();
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "mtasts",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: Code::ALL.iter().map(|&c| rule(c)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Only structs, strings and numbers: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&log).expect("the log serializes");
    text.push('\n');
    text
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(code: Code) -> Rule {
    Rule {
        id: code.as_str(),
        short_description: Text { text: code.summary() },
        help_uri: rfc_uri(code.rfc()),
        default_configuration: Configuration { level: level(code.default_severity()) },
        properties: RuleProperties { rfc: code.rfc() },
    }
}

/// `RFC 8461 §3.2` → the RFC Editor's page for that section.
fn rfc_uri(rfc: &str) -> Option<String> {
    let rest = rfc.strip_prefix("RFC ")?;
    let (number, section) = match rest.split_once(" §") {
        Some((n, s)) => (n, Some(s)),
        None => (rest, None),
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let base = format!("https://www.rfc-editor.org/rfc/rfc{number}");
    Some(match section {
        Some(s) if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') => format!("{base}#section-{s}"),
        _ => base,
    })
}

fn result<'a>(doc: &Document<'_>, uri: &'a str, d: &'a Diagnostic) -> SarifResult<'a> {
    SarifResult {
        rule_id: d.code.as_str(),
        rule_index: Code::ALL.iter().position(|&c| c == d.code).unwrap_or(0),
        level: level(d.severity),
        message: Text { text: &d.message },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri },
                region: (!d.whole_file).then(|| region(doc, d.range)),
            },
        }],
        fixes: d.fix.as_ref().map(|f| fix(doc, uri, f)).into_iter().collect(),
    }
}

/// The fix as SARIF replacements.
fn fix<'a>(doc: &Document<'_>, uri: &'a str, fix: &'a Fix) -> SarifFix<'a> {
    SarifFix {
        description: Text { text: &fix.title },
        artifact_changes: [ArtifactChange {
            artifact_location: ArtifactLocation { uri },
            replacements: fix
                .edits
                .iter()
                .map(|e| Replacement { deleted_region: region(doc, e.range), inserted_content: Text { text: &e.replacement } })
                .collect(),
        }],
        properties: FixProperties {
            applicability: match fix.applicability {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "unsafe",
            },
        },
    }
}

/// A text region in the input file.
fn region(doc: &Document<'_>, range: TextRange) -> Region {
    let start = doc.position(range.start);
    let end = doc.position(range.end);
    Region { start_line: start.line, start_column: start.column, end_line: end.line, end_column: end.column }
}

/// The input's name as a URI reference: `stdin`, or the path with reserved and non-ASCII
/// bytes percent-encoded (a space in a file name would otherwise make an invalid URI).
fn uri(name: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_links() {
        assert_eq!(rfc_uri("RFC 8461 §3.2").as_deref(), Some("https://www.rfc-editor.org/rfc/rfc8461#section-3.2"));
        assert_eq!(rfc_uri("RFC 8460 §3").as_deref(), Some("https://www.rfc-editor.org/rfc/rfc8460#section-3"));
        assert_eq!(rfc_uri("RFC 1035 §2.3.4").as_deref(), Some("https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4"));
        assert_eq!(rfc_uri("nothing"), None);
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("dir/my policy.txt"), "dir/my%20policy.txt");
        assert_eq!(uri("stdin"), "stdin");
        assert_eq!(uri("münchen.txt"), "m%C3%BCnchen.txt");
    }
}
