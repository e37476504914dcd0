//! `mtasts explain CODE` and `mtasts codes`: the registry's long forms, as written in
//! `crates/mtasts/docs/codes/` (like `ruff rule`).
//!
//! `codes --format markdown` is docs/CODES.md (scripts/codes.sh writes it, a test keeps it
//! fresh); `codes --format json` is the page's codes.json (scripts/build.sh), the long forms
//! split into their sections so the page only places text.

use std::fmt::Write as _;

use mtasts::Code;
use mtasts::long_form::{self, Example, LongForm};
use serde::Serialize;

use crate::Output;
use crate::args::{CodesArgs, CodesFormat, ExplainArgs};
use crate::error::CliError;

/// `explain`: the code's registry line, then its long form as written.
pub(crate) fn explain(args: &ExplainArgs) -> Result<Output, CliError> {
    let code = args.code;
    read(code)?;
    let text = format!("{code}: {}, {}\n{}\n\n{}", code.default_severity().as_str(), code.rfc(), code.summary(), code.long_form());
    Ok(Output::new(text.into_bytes(), true))
}

/// `codes`: every code, as Markdown or JSON.
pub(crate) fn codes(args: &CodesArgs) -> Result<Output, CliError> {
    let forms = Code::ALL.iter().map(|&code| read(code).map(|form| (code, form))).collect::<Result<Vec<_>, _>>()?;
    let text = match args.format {
        CodesFormat::Markdown => markdown(&forms),
        CodesFormat::Json => json(&forms),
    };
    Ok(Output::new(text.into_bytes(), true))
}

/// The code's long form, read (a malformed file is a build defect the tests catch; here it
/// is reported rather than rendered half).
fn read(code: Code) -> Result<LongForm<'static>, CliError> {
    long_form::parse(code.long_form())
        .map_err(|e| CliError::Input(format!("the long form of {code} (crates/mtasts/docs/codes/{code}.md) is malformed: {e}")))
}

/// docs/CODES.md: an index table, then each code's long form under its own heading.
fn markdown(forms: &[(Code, LongForm<'_>)]) -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         <!-- Written by scripts/codes.sh (`mtasts codes --format markdown`) from\n\
         crates/mtasts/src/code.rs and crates/mtasts/docs/codes/: edit those, not this file. -->\n\n\
         Every diagnostic carries one of these stable codes. `mtasts explain CODE` prints one of\n\
         them; the web page shows the same text under \"More about this\". Examples marked\n\
         `escaped` write invisible bytes as `\\n`, `\\r`, `\\t`, `\\0`, `\\\\`, `\\xHH` and `\\u{HHHH}`;\n\
         a `scenario` example names a domain-check scenario in `tests/scenarios/`.\n\n\
         | code | severity | RFC | summary |\n|---|---|---|---|\n",
    );
    for (code, _) in forms {
        let anchor: String = code.as_str().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        let _ = writeln!(
            out,
            "| [`{code}`](#{anchor}) | {} | {} | {} |",
            code.default_severity().as_str(),
            code.rfc(),
            code.summary().replace('|', "\\|")
        );
    }
    for (code, form) in forms {
        let _ = write!(
            out,
            "\n## `{code}`\n\n**{}** · {} · {}\n\n### What it means\n\n{}\n\n### Why it matters\n\n{}\n\n### Example\n\n{}",
            code.default_severity().as_str(),
            code.rfc(),
            code.summary(),
            form.what,
            form.why,
            fence(&form.example)
        );
        if let Some(fixed) = &form.fixed {
            let _ = write!(out, "\n### Fixed\n\n{}", fence(fixed));
        }
    }
    out
}

fn fence(example: &Example<'_>) -> String {
    let escaped = if example.escaped { " escaped" } else { "" };
    format!("```{}{escaped}\n{}```\n", example.language.as_str(), example.source)
}

/// codes.json: the registry line and the sections of each code's long form.
#[derive(Serialize)]
struct JsonDocument<'a> {
    schema: &'static str,
    codes: Vec<JsonCode<'a>>,
}

#[derive(Serialize)]
struct JsonCode<'a> {
    code: &'static str,
    severity: &'static str,
    rfc: &'static str,
    summary: &'static str,
    what: &'a str,
    why: &'a str,
    example: JsonExample<'a>,
    fixed: Option<JsonExample<'a>>,
}

/// An example as written in its fence (escapes not interpreted: the reader sees them).
#[derive(Serialize)]
struct JsonExample<'a> {
    language: &'static str,
    /// A caption for the example (`Language::title`).
    label: &'static str,
    escaped: bool,
    text: &'a str,
}

impl<'a> From<&Example<'a>> for JsonExample<'a> {
    fn from(e: &Example<'a>) -> Self {
        JsonExample { language: e.language.as_str(), label: e.language.title(), escaped: e.escaped, text: e.source }
    }
}

/// The page's codes.json.
fn json(forms: &[(Code, LongForm<'_>)]) -> String {
    let codes = forms
        .iter()
        .map(|(code, form)| JsonCode {
            code: code.as_str(),
            severity: code.default_severity().as_str(),
            rfc: code.rfc(),
            summary: code.summary(),
            what: form.what,
            why: form.why,
            example: (&form.example).into(),
            fixed: form.fixed.as_ref().map(JsonExample::from),
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&JsonDocument { schema: "mtasts-codes/1", codes }).expect("plain strings serialize");
    text.push('\n');
    text
}
