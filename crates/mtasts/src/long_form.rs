//! The long form of a diagnostic code: what it means, why it matters to mail delivery, a
//! minimal input that produces it and that input fixed (`docs/codes/<prefix>/<name>.md`,
//! served by [`Code::long_form`](crate::Code::long_form)).
//!
//! A file holds exactly these sections, in this order:
//!
//! ````text
//! ## What it means
//! (plain words)
//!
//! ## Why it matters
//! (what happens to mail delivery)
//!
//! ## Example
//! ```policy
//! version: STSv1
//! mode: Enforce
//! ```
//!
//! ## Fixed
//! ```policy
//! version: STSv1
//! mode: enforce
//! ```
//! ````
//!
//! The fence's language is `policy`, `sts` or `tlsrpt` (the text as a user would paste it;
//! for records one TXT record per line, plain or `dig +short` quoted), `report` (a TLS-RPT
//! aggregate report's JSON; a line `---` between files read together) or `scenario` (one
//! scenario file stem from `tests/scenarios`; there is no Fixed section then). After the
//! language, `escaped` makes `\n`, `\r`, `\t`, `\0`, `\\`, `\xHH` (one raw byte) and
//! `\u{HHHH}` stand for the bytes they name, for examples that need invisible bytes.
//! Title, severity and RFC section live in the registry, not in the file.
//!
//! The parser is strict, so a test can hold every file to this shape; behind the `docs`
//! feature, like the files themselves.

use std::fmt;

/// The sections of one long-form file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongForm<'a> {
    /// What the diagnostic means, in plain words (Markdown, trimmed).
    pub what: &'a str,
    /// What happens to mail delivery (Markdown, trimmed).
    pub why: &'a str,
    /// An input that produces the code.
    pub example: Example<'a>,
    /// The same input fixed; `None` for a scenario example.
    pub fixed: Option<Example<'a>>,
}

/// A fenced example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example<'a> {
    /// What the text is.
    pub language: Language,
    /// Whether escapes stand for bytes ([`Example::input`] interprets them).
    pub escaped: bool,
    /// The fence's content as written: every line with its `\n` (empty for an empty fence).
    pub source: &'a str,
}

/// What an example's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// A policy file.
    Policy,
    /// `_mta-sts` TXT records, one per line.
    Sts,
    /// `_smtp._tls` TXT records, one per line.
    TlsRpt,
    /// The stem of a file in `tests/scenarios` (a domain check).
    Scenario,
    /// A BIND zone file.
    Zone,
    /// An octodns zone config (YAML).
    Octodns,
    /// A Terraform configuration (HCL).
    Terraform,
    /// dnscontrol's `dnsconfig.js`.
    Dnscontrol,
    /// Two revisions of a policy and its `_mta-sts` record, each part after a header line
    /// `==> old policy <==`, `==> old record <==`, `==> new policy <==`, `==> new record <==`
    /// and optionally `==> mx <==` (the domain's MX hosts, one per line), as `head` prints files.
    Change,
    /// TLS-RPT aggregate reports (RFC 8460 §4): the JSON of one file, or of several files
    /// read together with a line `---` between them ([`Example::files`]).
    Report,
}

impl Language {
    /// The fence's language word.
    pub const fn as_str(self) -> &'static str {
        match self {
            Language::Policy => "policy",
            Language::Sts => "sts",
            Language::TlsRpt => "tlsrpt",
            Language::Scenario => "scenario",
            Language::Zone => "zone",
            Language::Octodns => "octodns",
            Language::Terraform => "terraform",
            Language::Dnscontrol => "dnscontrol",
            Language::Change => "change",
            Language::Report => "report",
        }
    }

    /// What the example is, for a caption above it.
    pub const fn title(self) -> &'static str {
        match self {
            Language::Policy => "Policy file",
            Language::Sts => "`_mta-sts` TXT records, one per line",
            Language::TlsRpt => "`_smtp._tls` TXT records, one per line",
            Language::Scenario => "A domain-check scenario in `tests/scenarios/`",
            Language::Zone => "A BIND zone file",
            Language::Octodns => "An octodns zone config (YAML)",
            Language::Terraform => "A Terraform configuration (HCL)",
            Language::Dnscontrol => "dnscontrol's `dnsconfig.js`",
            Language::Change => "Two revisions: the policy and the `_mta-sts` record before and after",
            Language::Report => "TLS-RPT aggregate report (JSON; `---` between files)",
        }
    }
}

impl Example<'_> {
    /// The bytes the example stands for: the source, with escapes interpreted when
    /// [`escaped`](Example::escaped) (a `\xHH` may make it invalid UTF-8, on purpose).
    pub fn input(&self) -> Vec<u8> {
        if self.escaped { unescape(self.source).unwrap_or_default() } else { self.source.as_bytes().to_vec() }
    }

    /// The files of a [`Language::Report`] example: [`Example::input`] cut at each line that
    /// is exactly `---`.
    pub fn files(&self) -> Vec<Vec<u8>> {
        let input = self.input();
        let mut files = vec![Vec::new()];
        for line in input.split_inclusive(|&b| b == b'\n') {
            if line == b"---\n" {
                files.push(Vec::new());
            } else if let Some(file) = files.last_mut() {
                file.extend_from_slice(line);
            }
        }
        files
    }

    /// The scenario's file stem, for a [`Language::Scenario`] example.
    pub fn scenario(&self) -> Option<&str> {
        (self.language == Language::Scenario).then(|| self.source.trim())
    }
}

/// Why a long-form file does not have the settled shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongFormError(String);

impl fmt::Display for LongFormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LongFormError {}

fn error<T>(message: impl Into<String>) -> Result<T, LongFormError> {
    Err(LongFormError(message.into()))
}

const WHAT: &str = "What it means";
const WHY: &str = "Why it matters";
const EXAMPLE: &str = "Example";
const FIXED: &str = "Fixed";

/// Reads a long-form file.
///
/// # Errors
/// When the sections are missing, out of order or extra, a section is empty, an example is
/// not one fence of a known language, a fence holds a bad escape, the Fixed example's
/// language differs from the Example's, or a scenario example has a Fixed section.
pub fn parse(markdown: &str) -> Result<LongForm<'_>, LongFormError> {
    let sections = sections(markdown)?;
    let names: Vec<&str> = sections.iter().map(|(name, _)| *name).collect();
    let body = |i: usize| sections.get(i).map_or("", |(_, body)| body.trim());
    let example = match names.get(..3) {
        Some([WHAT, WHY, EXAMPLE]) => fence(sections[2].1, EXAMPLE)?,
        _ => return error(format!("the sections must be `{WHAT}`, `{WHY}`, `{EXAMPLE}`[, `{FIXED}`]: found {names:?}")),
    };
    let fixed = match (&names[3..], example.language) {
        ([], Language::Scenario) => None,
        ([FIXED], Language::Scenario) => return error("a scenario example has no Fixed section"),
        ([FIXED], _) => Some(fence(sections[3].1, FIXED)?),
        _ => return error(format!("after `{EXAMPLE}` only a `{FIXED}` section may follow: found {names:?}")),
    };
    if fixed.is_some_and(|fixed| fixed.language != example.language) {
        return error("the Fixed example must be in the Example's language");
    }
    for (i, name) in [(0, WHAT), (1, WHY)] {
        if body(i).is_empty() {
            return error(format!("the `{name}` section is empty"));
        }
    }
    Ok(LongForm { what: body(0), why: body(1), example, fixed })
}

/// The `## ` sections as (heading, body), refusing text before the first one.
fn sections(markdown: &str) -> Result<Vec<(&str, &str)>, LongFormError> {
    let mut sections: Vec<(&str, usize, usize)> = Vec::new();
    let mut offset = 0;
    let mut in_fence = false;
    for line in markdown.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        if text.starts_with("```") {
            in_fence = !in_fence;
        }
        let heading = if in_fence { None } else { text.strip_prefix("## ") };
        if let Some(name) = heading {
            if let Some(last) = sections.last_mut() {
                last.2 = offset;
            }
            sections.push((name.trim(), offset + line.len(), markdown.len()));
        } else if sections.is_empty() && !text.trim().is_empty() {
            return error("text before the first `## ` heading");
        }
        offset += line.len();
    }
    Ok(sections.into_iter().map(|(name, start, end)| (name, &markdown[start..end])).collect())
}

/// The one fenced block that makes up an example section.
fn fence<'a>(section: &'a str, name: &str) -> Result<Example<'a>, LongFormError> {
    let body = section.trim_matches(|c| c == '\n' || c == '\r' || c == ' ');
    let Some((open, rest)) = body.split_once('\n') else {
        return error(format!("the `{name}` section must be one fenced block"));
    };
    let Some(info) = open.strip_prefix("```") else {
        return error(format!("the `{name}` section must be one fenced block"));
    };
    let source = if rest == "```" {
        ""
    } else if let Some(source) = rest.strip_suffix("\n```") {
        // The last line keeps its newline: every line of the source ends with one.
        &rest[..=source.len()]
    } else {
        return error(format!("the `{name}` section must hold only its fenced block"));
    };
    let mut words = info.split_whitespace();
    let language = match words.next() {
        Some("policy") => Language::Policy,
        Some("sts") => Language::Sts,
        Some("tlsrpt") => Language::TlsRpt,
        Some("scenario") => Language::Scenario,
        Some("zone") => Language::Zone,
        Some("octodns") => Language::Octodns,
        Some("terraform") => Language::Terraform,
        Some("dnscontrol") => Language::Dnscontrol,
        Some("change") => Language::Change,
        Some("report") => Language::Report,
        other => {
            return error(format!(
                "the `{name}` fence's language must be policy, sts, tlsrpt, zone, octodns, terraform, dnscontrol, change, report or scenario, not {other:?}"
            ));
        }
    };
    let escaped = match (words.next(), words.next()) {
        (None, _) => false,
        (Some("escaped"), None) => true,
        _ => return error(format!("the `{name}` fence's info string must be `LANGUAGE` or `LANGUAGE escaped`")),
    };
    if source.lines().any(|line| line.starts_with("```")) {
        return error(format!("the `{name}` section must hold exactly one fenced block"));
    }
    if escaped {
        unescape(source).map_err(|e| LongFormError(format!("the `{name}` fence: {e}")))?;
    }
    if language == Language::Scenario && (escaped || source.trim().is_empty() || source.trim().contains('\n')) {
        return error(format!("the `{name}` scenario fence holds one scenario file stem"));
    }
    Ok(Example { language, escaped, source })
}

/// Interprets `\n`, `\r`, `\t`, `\0`, `\\`, `\xHH` and `\u{HHHH}`.
fn unescape(source: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(source.len());
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            continue;
        }
        match chars.next() {
            Some('n') => out.push(b'\n'),
            Some('r') => out.push(b'\r'),
            Some('t') => out.push(b'\t'),
            Some('0') => out.push(0),
            Some('\\') => out.push(b'\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                match u8::from_str_radix(&hex, 16) {
                    Ok(byte) if hex.len() == 2 => out.push(byte),
                    _ => return Err(format!("`\\x{hex}` is not `\\x` and two hex digits")),
                }
            }
            Some('u') => {
                let rest = chars.as_str();
                let scalar = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .and_then(|(hex, _)| u32::from_str_radix(hex, 16).ok())
                    .and_then(char::from_u32);
                let Some(scalar) = scalar else {
                    return Err("`\\u` must be followed by `{HEX}` naming a Unicode scalar value".into());
                };
                let skip = rest.find('}').map_or(0, |i| i + 1);
                chars = rest[skip..].chars();
                out.extend_from_slice(scalar.encode_utf8(&mut [0; 4]).as_bytes());
            }
            other => return Err(format!("unknown escape `\\{}`", other.map(String::from).unwrap_or_default())),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "## What it means\nA.\n\n## Why it matters\nB.\n\n## Example\n```policy\nmode: x\n```\n\n## Fixed\n```policy\nmode: enforce\n```\n";

    #[test]
    fn reads_the_four_sections() {
        let form = parse(GOOD).unwrap();
        assert_eq!((form.what, form.why), ("A.", "B."));
        assert_eq!(form.example.source, "mode: x\n");
        assert_eq!(form.fixed.map(|f| f.source), Some("mode: enforce\n"));
    }

    #[test]
    fn refuses_other_shapes() {
        for bad in [
            GOOD.replace("## Why it matters", "## Why"),
            GOOD.replace("```policy\nmode: x", "```yaml\nmode: x"),
            GOOD.replace("## Fixed\n```policy", "## Fixed\n```sts"),
            GOOD.replace("mode: x\n```\n", "mode: x\n```\nmore prose\n"),
            format!("# Title\n{GOOD}"),
            GOOD.replace("```policy\nmode: x", "```policy escaped\nmode: \\q"),
            "## What it means\nA.\n## Why it matters\nB.\n## Example\n```scenario\n01-good\n```\n## Fixed\n```scenario\nx\n```\n"
                .to_string(),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn escapes_stand_for_bytes() {
        let text = GOOD.replace("```policy\nmode: x", "```policy escaped\n\\u{FEFF}a\\r\\x80\\0\\\\\\t");
        let example = parse(&text).unwrap().example;
        assert_eq!(example.input(), b"\xEF\xBB\xBFa\r\x80\0\\\t\n");
    }

    #[test]
    fn an_empty_fence_is_empty_text() {
        let text = GOOD.replace("```policy\nmode: x\n```", "```policy\n```");
        assert_eq!(parse(&text).unwrap().example.input(), b"");
    }
}
