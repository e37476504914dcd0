//! What JavaScript passes in: options, lists, record text and the fixes to apply.
//!
//! Only shapes and units are handled here (JS values to Rust, UTF-16 offsets to UTF-8 bytes);
//! what the input means is the core's business.

use js_sys::{Array, Object, Reflect};
#[cfg(feature = "lint")]
use mtasts::record::intake::RecordInput;
use mtasts::{Applicability, Edit, Fix, LineIndex, TextRange};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[cfg(feature = "lint")]
/// `LintOptions` in api.d.ts: what `lintPolicy` puts in its result, and how it reads the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LintOptions {
    /// Include the policy as read (`value`); `false` gives `value: null`.
    pub(crate) value: bool,
    /// Include each diagnostic's `fix`.
    pub(crate) fixes: bool,
    /// `origin`: `"served"` (the default) or `"file"`, passed to the core as is.
    pub(crate) read: mtasts::policy::LintOptions,
}

#[cfg(feature = "lint")]
impl Default for LintOptions {
    fn default() -> Self {
        LintOptions { value: true, fixes: true, read: mtasts::policy::LintOptions::default() }
    }
}

#[cfg(feature = "lint")]
impl LintOptions {
    /// The options given, or the defaults for `undefined` and `null`. Unknown keys are refused,
    /// so a typo does not silently fall back to a default.
    pub(crate) fn from_js(options: &JsValue) -> Result<Self, String> {
        let mut parsed = Self::default();
        each_option(options, |name, value| {
            if name == "origin" {
                parsed.read.origin = match value.as_string().as_deref() {
                    _ if value.is_undefined() => parsed.read.origin,
                    Some("served") => mtasts::policy::Origin::Served,
                    Some("file") => mtasts::policy::Origin::File,
                    _ => return Err("options.origin: expected \"served\" or \"file\"".to_owned()),
                };
                return Ok(());
            }
            let slot = match name {
                "value" => &mut parsed.value,
                "fixes" => &mut parsed.fixes,
                _ => return Err(format!("options: unknown option `{name}` (known: `value`, `fixes`, `origin`)")),
            };
            if !value.is_undefined() {
                *slot = value.as_bool().ok_or_else(|| format!("options.{name}: expected a boolean"))?;
            }
            Ok(())
        })?;
        Ok(parsed)
    }
}

/// `AnalyzeOptions` in api.d.ts: the MX hosts to match, and whether fixes are included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnalyzeOptions {
    /// The MX host names the `mx` patterns are matched against.
    pub(crate) hosts: Vec<String>,
    /// Include each diagnostic's `fix`.
    pub(crate) fixes: bool,
    /// Include the policy as read, its coverage and what an uncovered host means; `false`
    /// gives the diagnostics alone (and `null` for those).
    pub(crate) value: bool,
}

impl AnalyzeOptions {
    /// The options given, or the defaults (no hosts, fixes and value included) for `undefined` and
    /// `null`. Unknown keys are refused, as in [`LintOptions::from_js`].
    pub(crate) fn from_js(options: &JsValue) -> Result<Self, String> {
        let mut parsed = AnalyzeOptions { hosts: Vec::new(), fixes: true, value: true };
        each_option(options, |name, value| {
            match name {
                "hosts" | "fixes" | "value" if value.is_undefined() => {}
                "hosts" => parsed.hosts = strings(&value, "options.hosts")?,
                "fixes" => parsed.fixes = value.as_bool().ok_or("options.fixes: expected a boolean")?,
                "value" => parsed.value = value.as_bool().ok_or("options.value: expected a boolean")?,
                _ => return Err(format!("options: unknown option `{name}` (known: `hosts`, `fixes`, `value`)")),
            }
            Ok(())
        })?;
        Ok(parsed)
    }
}

/// Calls `each(name, value)` for every key of an options argument; nothing for `undefined` and
/// `null` (the defaults). A non-object is an error.
fn each_option(options: &JsValue, mut each: impl FnMut(&str, JsValue) -> Result<(), String>) -> Result<(), String> {
    if options.is_undefined() || options.is_null() {
        return Ok(());
    }
    let object = object(options, "options")?;
    for key in Object::keys(object).iter() {
        let name = key.as_string().unwrap_or_default();
        each(&name, get(options, &name))?;
    }
    Ok(())
}

/// `value` as an object, or an error naming `what`.
#[wasm_bindgen]
extern "C" {
    /// The platform's `TextEncoder` (pages, workers, Node 11+).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &js_sys::JsString) -> js_sys::Uint8Array;
}

/// The UTF-8 bytes of a JS string (a lone surrogate becomes U+FFFD, as with a `&str`
/// argument). For the editor's text, linted on every keystroke: wasm-bindgen copies a `&str`
/// argument one UTF-16 unit at a time in JavaScript (about 0.2 ms for 64 KiB), while the
/// platform's encoder and one block copy take a tenth of that. Anything but a string is an
/// error, not its `String()`.
pub(crate) fn utf8(text: &JsValue, what: &str) -> Result<Vec<u8>, String> {
    let text: &js_sys::JsString = text.dyn_ref().ok_or_else(|| format!("{what}: expected a string"))?;
    if text.length() < SHORT {
        return Ok(String::from(text).into_bytes());
    }
    Ok(ENCODER.with(|encoder| encoder.encode(text).to_vec()))
}

/// Below this many UTF-16 units, wasm-bindgen's own copy is cheaper than the encoder's new
/// `Uint8Array` (measured in Node and Chromium: a 5-line policy costs 0.4 µs less).
const SHORT: u32 = 2048;

thread_local! {
    /// One encoder for every call: making one costs about as much as linting a 5-line policy.
    static ENCODER: TextEncoder = TextEncoder::new();
}

fn object<'v>(value: &'v JsValue, what: &str) -> Result<&'v Object, String> {
    if value.is_object() { Ok(value.unchecked_ref()) } else { Err(format!("{what}: expected an object")) }
}

/// `value` as an array, or an error naming `what`.
fn array<'v>(value: &'v JsValue, what: &str) -> Result<&'v Array, String> {
    if Array::is_array(value) { Ok(value.unchecked_ref()) } else { Err(format!("{what}: expected an array")) }
}

/// `object[key]`; `undefined` when absent (or when reading it throws).
fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// An array of strings, such as the `records` of `lintStsRecords`.
pub(crate) fn strings(value: &JsValue, what: &str) -> Result<Vec<String>, String> {
    array(value, what)?.iter().enumerate().map(|(i, v)| v.as_string().ok_or_else(|| format!("{what}[{i}]: expected a string"))).collect()
}

/// Any object with an optional `fix`, e.g. a `Diagnostic` returned by `lintPolicy`: the part of
/// it that applying needs.
#[derive(Debug, Clone, Default)]
pub(crate) struct FixableDiagnostic {
    fix: Option<FixInput>,
}

/// The edits of a `Fix`.
#[derive(Debug, Clone)]
struct FixInput {
    edits: Vec<EditInput>,
}

/// A `TextEdit`: UTF-16 offsets into the text being fixed.
#[derive(Debug, Clone)]
struct EditInput {
    start: u32,
    end: u32,
    text: String,
}

impl FixableDiagnostic {
    /// Reads the `FixableDiagnostic[]` argument of `applyFixes`.
    pub(crate) fn list_from_js(value: &JsValue) -> Result<Vec<Self>, String> {
        let mut list = Vec::new();
        for (i, item) in array(value, "diagnostics")?.iter().enumerate() {
            let what = format!("diagnostics[{i}]");
            let fix = get(object(&item, &what)?, "fix");
            if fix.is_undefined() || fix.is_null() {
                list.push(FixableDiagnostic::default());
                continue;
            }
            let fix_what = format!("{what}.fix");
            let what = format!("{fix_what}.edits");
            let mut edits = Vec::new();
            for (j, edit) in array(&get(object(&fix, &fix_what)?, "edits"), &what)?.iter().enumerate() {
                let what = format!("{what}[{j}]");
                object(&edit, &what)?;
                let offset = |key: &str| {
                    get(&edit, key)
                        .as_f64()
                        .and_then(whole_u32)
                        .ok_or_else(|| format!("{what}.{key}: expected a UTF-16 offset (a whole number from 0)"))
                };
                let text = get(&edit, "text").as_string().ok_or_else(|| format!("{what}.text: expected a string"))?;
                edits.push(EditInput { start: offset("start")?, end: offset("end")?, text });
            }
            list.push(FixableDiagnostic { fix: Some(FixInput { edits }) });
        }
        Ok(list)
    }
}

/// `n` when it is a whole number that fits `u32`.
#[allow(clippy::cast_sign_loss)] // checked: whole, and within 0..=u32::MAX
fn whole_u32(n: f64) -> Option<u32> {
    (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
}

/// Applies the fixes of `diagnostics` (each diagnostic's whole fix, whatever its
/// applicability: the caller chose them) with the core's [`mtasts::fix::apply_fixes`], after
/// mapping their UTF-16 offsets back to bytes. A fix overlapping one applied before it is skipped.
pub(crate) fn apply_listed(text: &str, diagnostics: &[FixableDiagnostic]) -> Result<String, String> {
    let index = LineIndex::new(text.as_bytes());
    let units = index.position(u32::try_from(text.len()).unwrap_or(u32::MAX)).utf16;
    let mut fixes = Vec::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        let Some(fix) = &diagnostic.fix else { continue };
        let mut edits = Vec::with_capacity(fix.edits.len());
        for (j, e) in fix.edits.iter().enumerate() {
            if e.start > e.end || e.end > units {
                return Err(format!(
                    "diagnostics[{i}].fix.edits[{j}]: {}..{} is not a range of this text ({units} UTF-16 code units); \
                     were the diagnostics made for another text?",
                    e.start, e.end
                ));
            }
            let range = TextRange::new(index.offset_of_utf16(e.start), index.offset_of_utf16(e.end));
            edits.push(Edit::replace(range, e.text.as_str()));
        }
        fixes.push(Fix { title: String::new(), edits, applicability: Applicability::Unsafe });
    }
    let fixes: Vec<&Fix> = fixes.iter().collect();
    let (text, _) = mtasts::fix::apply_fixes(text.as_bytes(), &fixes);
    into_string(text)
}

/// The text after fixing. Edits come from strings and land on character boundaries, so this is
/// UTF-8; should it ever not be, the caller gets an error rather than a silently mangled text.
pub(crate) fn into_string(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| format!("internal error: the fixed text is not valid UTF-8 ({e})"))
}

#[cfg(feature = "lint")]
/// The records of `lintStsRecords`/`lintTlsRptRecord`'s `input`: text for the core's intake, or
/// an array of records already joined.
pub(crate) fn record_input(value: &JsValue) -> Result<RecordInput, String> {
    match value.as_string() {
        Some(text) => Ok(RecordInput::parse(&text)),
        None if Array::is_array(value) => Ok(RecordInput::from_values(&strings(value, "input")?)),
        None => Err("input: expected a string or an array of strings".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(edits: &[(u32, u32, &str)]) -> FixableDiagnostic {
        FixableDiagnostic {
            fix: Some(FixInput { edits: edits.iter().map(|&(start, end, text)| EditInput { start, end, text: text.into() }).collect() }),
        }
    }

    #[test]
    fn utf16_edits_land_on_the_right_bytes() {
        // `😀` is two UTF-16 units and four bytes; `é` one unit and two bytes.
        let text = "é😀 Mode: x\r\n";
        let fixed = apply_listed(text, &[diagnostic(&[(4, 8, "mode")]), FixableDiagnostic { fix: None }]);
        assert_eq!(fixed.as_deref(), Ok("é😀 mode: x\r\n"));
    }

    #[test]
    fn out_of_range_edits_are_errors() {
        let err = apply_listed("abc", &[diagnostic(&[(2, 9, "")])]).unwrap_err();
        assert!(err.starts_with("diagnostics[0].fix.edits[0]: 2..9"), "{err}");
        assert!(apply_listed("abc", &[diagnostic(&[(2, 1, "")])]).is_err());
    }
}
