//! The exports as JavaScript sees them: the objects they return, read back through `Reflect`,
//! and the `Error`s they throw. Included by node.rs (run in Node) and browser.rs (run in
//! headless Chromium), so both engines, and both `URL` parsers behind the IDNA seam, pass the
//! same checks.
// `#[wasm_bindgen_test]` functions are tests, though clippy's `allow-unwrap-in-tests` does not
// recognise them; and the numbers read back are checked to be whole and non-negative first.
#![allow(clippy::unwrap_used, clippy::cast_sign_loss)]

use js_sys::{Array, Object, Reflect};
use mtasts_wasm::{
    UrlIdna, analyze_policy, apply_fixes, coverage, lint_policy, lint_sts_records, lint_tlsrpt_record, match_mx, normalize_domain, version,
    vocabulary,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// A broken policy: `Mode` for `mode`, a blank line, CRLF, `é` and an emoji.
const BROKEN: &str = "version: STSv1\r\nMode: enforce\r\n\r\nmx: mail.example.com\r\nnote: é😀\r\nmax_age: 604800\r\n";

fn get(value: &JsValue, key: &str) -> JsValue {
    assert!(value.is_object(), "expected an object holding `{key}`, got {value:?}");
    Reflect::get(value, &JsValue::from_str(key)).expect("Reflect.get")
}

fn num(value: &JsValue, key: &str) -> u32 {
    let n = get(value, key).as_f64().unwrap_or_else(|| panic!("`{key}` is not a number"));
    assert!(n >= 0.0 && n.fract() == 0.0, "`{key}` = {n} is not a whole number");
    n as u32
}

fn string(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_else(|| panic!("`{key}` is not a string"))
}

fn boolean(value: &JsValue, key: &str) -> bool {
    get(value, key).as_bool().unwrap_or_else(|| panic!("`{key}` is not a boolean"))
}

fn array(value: &JsValue, key: &str) -> Vec<JsValue> {
    let v = get(value, key);
    assert!(Array::is_array(&v), "`{key}` is not an array");
    v.unchecked_into::<Array>().iter().collect()
}

/// The object's own keys, sorted: its shape as JavaScript sees it.
fn keys(value: &JsValue) -> Vec<String> {
    assert!(value.is_object(), "expected an object, got {value:?}");
    let mut keys: Vec<String> = Object::keys(value.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()).collect();
    keys.sort();
    keys
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|s| (*s).to_string()).collect();
    names.sort();
    names
}

fn strings(items: &[&str]) -> JsValue {
    items.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
}

fn error_message(err: js_sys::Error) -> String {
    let value: JsValue = err.into();
    assert!(value.is_instance_of::<js_sys::Error>(), "expected an Error, got {value:?}");
    value.unchecked_into::<js_sys::Error>().message().into()
}

const DIAGNOSTIC: &[&str] = &["code", "severity", "message", "rfc", "line", "column", "endLine", "endColumn", "start", "end", "wholeFile"];

/// Checks one diagnostic's shape and types; returns its code.
fn check_diagnostic(d: &JsValue) -> String {
    let mut expected = DIAGNOSTIC.to_vec();
    let fix = get(d, "fix");
    if !fix.is_undefined() {
        expected.push("fix");
        assert_eq!(keys(&fix), sorted(&["title", "applicability", "edits"]));
        assert!(["safe", "unsafe"].contains(&string(&fix, "applicability").as_str()));
        string(&fix, "title");
        for edit in array(&fix, "edits") {
            assert_eq!(keys(&edit), sorted(&["start", "end", "text"]));
            assert!(num(&edit, "start") <= num(&edit, "end"));
            string(&edit, "text");
        }
    }
    assert_eq!(keys(d), sorted(&expected));
    assert!(["error", "warning", "info"].contains(&string(d, "severity").as_str()));
    assert!(string(d, "rfc").starts_with("RFC "));
    assert!(!string(d, "message").is_empty());
    assert!(num(d, "line") >= 1 && num(d, "column") >= 1 && num(d, "endLine") >= num(d, "line"));
    assert!(num(d, "start") <= num(d, "end"));
    boolean(d, "wholeFile");
    string(d, "code")
}

fn codes(result: &JsValue) -> Vec<String> {
    array(result, "diagnostics").iter().map(check_diagnostic).collect()
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn lint_policy_returns_a_policy_result() {
    let result = lint_policy(&JsValue::from_str(BROKEN), &JsValue::UNDEFINED).expect("lintPolicy");
    assert_eq!(keys(&result), sorted(&["valid", "diagnostics", "value"]));
    assert!(!boolean(&result, "valid"));
    // The missing `mode` shows on its look-alike `Mode` (line 2), not as a whole-file problem.
    assert_eq!(codes(&result), ["policy/mode-missing", "policy/blank-line"]);
    assert!(!boolean(&array(&result, "diagnostics")[0], "wholeFile"));

    let value = get(&result, "value");
    assert_eq!(keys(&value), sorted(&["version", "mode", "maxAge", "mx", "requiresMx", "extensions"]));
    let field = |name| get(&value, name);
    assert_eq!(keys(&field("version")), sorted(&["state", "value", "raw", "line", "start", "end"]));
    assert_eq!((string(&field("version"), "state"), string(&field("version"), "value")), ("valid".into(), "STSv1".into()));
    assert_eq!(string(&field("mode"), "state"), "missing", "`Mode` is not `mode`");
    assert!(get(&field("mode"), "line").is_null());
    assert_eq!((num(&field("maxAge"), "value"), num(&field("maxAge"), "line")), (604_800, 6));
    let mx = array(&value, "mx");
    assert_eq!(mx.len(), 1);
    assert_eq!(keys(&mx[0]), sorted(&["pattern", "valid", "line", "start", "end"]));
    assert_eq!((string(&mx[0], "pattern"), boolean(&mx[0], "valid"), num(&mx[0], "line")), ("mail.example.com".into(), true, 4));
    assert_eq!(&BROKEN[num(&mx[0], "start") as usize..num(&mx[0], "end") as usize], "mail.example.com");
    let extensions = array(&value, "extensions");
    assert_eq!(extensions.len(), 2);
    assert_eq!(keys(&extensions[1]), sorted(&["name", "value"]));
    assert_eq!((string(&extensions[1], "name"), string(&extensions[1], "value")), ("note".into(), "é😀".into()));
}

#[wasm_bindgen_test]
fn lint_policy_options_shape_the_result() {
    let options: JsValue = Object::new().into();
    Reflect::set(&options, &"value".into(), &JsValue::FALSE).unwrap();
    Reflect::set(&options, &"fixes".into(), &JsValue::FALSE).unwrap();
    let result = lint_policy(&JsValue::from_str(BROKEN), &options).expect("lintPolicy");
    assert!(get(&result, "value").is_null());
    for d in array(&result, "diagnostics") {
        assert!(get(&d, "fix").is_undefined(), "fixes: false leaves fixes out");
    }
    assert_eq!(lint_policy(&JsValue::from_str(""), &JsValue::NULL).map(|r| codes(&r)).expect("null options"), ["policy/empty"]);

    // `origin: "file"` skips front matter, which a served body (the default) cannot have.
    let front = "---\npermalink: /.well-known/mta-sts.txt\n---\nversion: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\n";
    let file: JsValue = Object::new().into();
    Reflect::set(&file, &"origin".into(), &"file".into()).unwrap();
    assert_eq!(lint_policy(&JsValue::from_str(front), &file).map(|r| codes(&r)).expect("file"), ["policy/front-matter"]);
    let served = lint_policy(&JsValue::from_str(front), &JsValue::UNDEFINED).map(|r| codes(&r)).expect("served");
    assert_eq!(served, ["policy/missing-colon", "policy/missing-colon"]);
    Reflect::set(&file, &"origin".into(), &"disk".into()).unwrap();
    let message = error_message(lint_policy(&JsValue::from_str(front), &file).unwrap_err());
    assert_eq!(message, "options.origin: expected \"served\" or \"file\"");

    Reflect::set(&options, &"valeu".into(), &JsValue::TRUE).unwrap();
    let message = error_message(lint_policy(&JsValue::from_str(BROKEN), &options).unwrap_err());
    assert!(message.contains("unknown option `valeu`"), "{message}");
    let message = error_message(lint_policy(&JsValue::from_str(BROKEN), &JsValue::from_str("fast")).unwrap_err());
    assert_eq!(message, "options: expected an object");
}

#[wasm_bindgen_test]
fn positions_are_utf16_offsets_after_an_emoji_and_crlf() {
    // Line 5 is `é😀 : x`: `é` is one UTF-16 unit, the emoji two, so the space before the
    // colon is column 3 but UTF-16 offset (line start) + 3.
    let text = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\né😀 : x\r\n";
    let line_start = text.find("é😀").unwrap();
    let line_start_utf16 = text[..line_start].encode_utf16().count() as u32;
    assert_eq!(line_start_utf16, line_start as u32, "ASCII before line 5");

    let result = lint_policy(&JsValue::from_str(text), &JsValue::UNDEFINED).expect("lintPolicy");
    let diagnostics = array(&result, "diagnostics");
    let non_ascii = diagnostics.iter().find(|d| string(d, "code") == "policy/non-ascii").expect("non-ascii");
    assert_eq!((num(non_ascii, "line"), num(non_ascii, "column"), num(non_ascii, "endColumn")), (5, 1, 3));
    assert_eq!((num(non_ascii, "start"), num(non_ascii, "end")), (line_start_utf16, line_start_utf16 + 3));

    let space = diagnostics.iter().find(|d| string(d, "code") == "policy/space-before-colon").expect("space-before-colon");
    assert_eq!((num(space, "line"), num(space, "column"), num(space, "endLine"), num(space, "endColumn")), (5, 3, 5, 4));
    assert_eq!((num(space, "start"), num(space, "end")), (line_start_utf16 + 3, line_start_utf16 + 4));
    // The fix's edit deletes that space, in the same units.
    let edits = array(&get(space, "fix"), "edits");
    assert_eq!((num(&edits[0], "start"), num(&edits[0], "end")), (line_start_utf16 + 3, line_start_utf16 + 4));
    // And applying it from JavaScript removes exactly that space.
    let list: JsValue = Array::of1(space).into();
    let fixed = apply_fixes(text, &list).expect("applyFixes");
    assert_eq!(fixed, text.replace("é😀 : x", "é😀: x"));
}

#[wasm_bindgen_test]
fn apply_fixes_matches_the_cores_fix_all() {
    let texts = [
        BROKEN,
        "version: STSv1\nmode: Enforce\n\nmx: mail.example.com\nmax_age: 86400\n",
        "\u{feff}version: STSv1\nmode : testing\n  mx: *.example.com\nmax_age: 0604800\n\n",
        "version: STSv1\r\nmode: enforce\r\nmx: é😀.example.com\r\n\r\nmax_age: 604800\r\n",
    ];
    for text in texts {
        let expected = String::from_utf8(mtasts::policy::fix_all(text.as_bytes(), &UrlIdna)).unwrap();
        let all_safe = apply_fixes(text, &JsValue::from_str("all-safe")).expect("all-safe");
        assert_eq!(all_safe, expected, "applyFixes(text, \"all-safe\") on {text:?}");
        assert!(mtasts::policy::lint_with(expected.as_bytes(), &UrlIdna).is_valid(), "{expected:?} is valid");

        // The same through the list API: lint, apply the safe fixes it lists, repeat (as fix_all does).
        let mut current = text.to_string();
        for _ in 0..8 {
            let result = lint_policy(&JsValue::from_str(&current), &JsValue::UNDEFINED).expect("lintPolicy");
            let safe: Array = array(&result, "diagnostics")
                .into_iter()
                .filter(|d| {
                    let fix = get(d, "fix");
                    !fix.is_undefined() && string(&fix, "applicability") == "safe"
                })
                .collect();
            if safe.length() == 0 {
                break;
            }
            let next = apply_fixes(&current, &safe.into()).expect("applyFixes(list)");
            if next == current {
                break;
            }
            current = next;
        }
        assert_eq!(current, expected, "applyFixes(text, diagnostics) repeated on {text:?}");
    }
}

#[wasm_bindgen_test]
fn apply_fixes_rejects_what_is_not_a_fix_list() {
    let message = error_message(apply_fixes("x", &JsValue::from_str("everything")).unwrap_err());
    assert_eq!(message, "diagnostics: expected a list of diagnostics or \"all-safe\"");
    let message = error_message(apply_fixes("x", &JsValue::from_f64(1.0)).unwrap_err());
    assert_eq!(message, "diagnostics: expected an array");
    // Diagnostics made for another, longer text.
    let result = lint_policy(&JsValue::from_str(BROKEN), &JsValue::UNDEFINED).unwrap();
    let message = error_message(apply_fixes("version: STSv1\n", &get(&result, "diagnostics")).unwrap_err());
    assert!(message.contains("is not a range of this text"), "{message}");
    // Diagnostics without fixes change nothing.
    let none: JsValue = Array::of2(&Object::new(), &Object::new()).into();
    assert_eq!(apply_fixes(BROKEN, &none).unwrap(), BROKEN);
}

const RECORDS_RESULT: &[&str] = &["valid", "diagnostics", "value", "text", "records"];

/// `(line, form, used, value)` of each record read.
fn read_records(result: &JsValue) -> Vec<(u32, String, bool, String)> {
    array(result, "records")
        .iter()
        .map(|r| {
            assert_eq!(keys(r), sorted(&["value", "line", "start", "end", "form", "used"]));
            assert!(num(r, "start") <= num(r, "end"));
            (num(r, "line"), string(r, "form"), boolean(r, "used"), string(r, "value"))
        })
        .collect()
}

#[wasm_bindgen_test]
fn lint_sts_records_takes_records_or_text() {
    let result = lint_sts_records(&strings(&["v=spf1 -all", "v=STSv1; id=20240101T000000"])).expect("lintStsRecords");
    assert_eq!(keys(&result), sorted(RECORDS_RESULT));
    assert!(boolean(&result, "valid"));
    assert_eq!(string(&result, "text"), "v=spf1 -all\nv=STSv1; id=20240101T000000");
    assert_eq!(codes(&result), ["sts/discarded-record"]);
    let value = get(&result, "value");
    assert_eq!(keys(&value), sorted(&["id", "extensions"]));
    assert_eq!(string(&value, "id"), "20240101T000000");
    assert_eq!(read_records(&result)[1], (2, "value".to_string(), true, "v=STSv1; id=20240101T000000".to_string()));

    let result = lint_sts_records(&strings(&[])).expect("no records");
    assert_eq!(codes(&result), ["sts/no-record"]);
    assert!(boolean(&array(&result, "diagnostics")[0], "wholeFile"));
    assert!(get(&result, "value").is_null());

    // Text as pasted: the same reader as the CLI, positions in the text.
    let text = "v=spf1 -all\n\"v=STSv1; id=a\\010b\"\n";
    let result = lint_sts_records(&JsValue::from_str(text)).expect("text");
    assert_eq!(string(&result, "text"), text);
    assert_eq!(codes(&result), ["sts/discarded-record", "sts/invalid-char"]);
    let invalid = &array(&result, "diagnostics")[1];
    assert_eq!((num(invalid, "line"), num(invalid, "column"), num(invalid, "endColumn")), (2, 15, 19));
    assert_eq!(read_records(&result)[1], (2, "quoted".to_string(), true, "v=STSv1; id=a\nb".to_string()));

    let message = error_message(lint_sts_records(&JsValue::from_f64(1.0)).unwrap_err());
    assert_eq!(message, "input: expected a string or an array of strings");
    let message = error_message(lint_sts_records(&Array::of1(&JsValue::from_f64(1.0)).into()).unwrap_err());
    assert_eq!(message, "input[0]: expected a string");
}

#[wasm_bindgen_test]
fn lint_tlsrpt_record_takes_records_or_text() {
    let plain = lint_tlsrpt_record(&JsValue::from_str("v=TLSRPTv1; rua=mailto:tlsrpt@example.com")).expect("plain");
    assert_eq!(keys(&plain), sorted(RECORDS_RESULT));
    assert!(boolean(&plain, "valid"));
    let value = get(&plain, "value");
    assert_eq!(keys(&value), sorted(&["rua", "extensions"]));
    assert_eq!(array(&value, "rua").iter().filter_map(JsValue::as_string).collect::<Vec<_>>(), ["mailto:tlsrpt@example.com"]);

    // `dig +short TXT _smtp._tls.example.com`: quoted character-strings, joined; positions in the text.
    let dig = "\"v=TLSRPTv1; \" \"rua=mailto:tlsrpt@example.com\"\r\n\"v=spf1 -all\"\r\n";
    let quoted = lint_tlsrpt_record(&JsValue::from_str(dig)).expect("dig lines");
    assert_eq!(string(&quoted, "text"), dig);
    assert_eq!(codes(&quoted), ["tlsrpt/discarded-record"]);
    let discarded = &array(&quoted, "diagnostics")[0];
    assert_eq!((num(discarded, "line"), num(discarded, "column")), (2, 2));

    let array_input = lint_tlsrpt_record(&strings(&["v=TLSRPTv1; rua=http://example.com/r"])).expect("http");
    assert!(!boolean(&array_input, "valid"));
    assert_eq!(codes(&array_input), ["tlsrpt/rua-scheme"]);

    // Malformed quoting is a positioned diagnostic, never an exception.
    let broken = lint_tlsrpt_record(&JsValue::from_str("\"v=TLSRPTv1; \" rua=x")).expect("quoting");
    assert!(codes(&broken).contains(&"tlsrpt/quoting-invalid".to_string()));
}

#[wasm_bindgen_test]
fn match_mx_converts_u_label_hosts_with_the_url_parser() {
    let result = match_mx("*.xn--mnchen-3ya.de", "mail.münchen.de").expect("matchMx");
    assert_eq!(keys(&result), sorted(&["matched", "reason", "explanation", "host", "wildcardLabel"]));
    assert!(boolean(&result, "matched"));
    assert_eq!(string(&result, "reason"), "wildcard");
    assert_eq!(string(&result, "host"), "mail.xn--mnchen-3ya.de");
    assert_eq!(string(&result, "wildcardLabel"), "mail");
    assert!(string(&result, "explanation").contains("mail"));

    // Upper case and a trailing dot are not significant; UTS 46 maps `MÜNCHEN` too.
    let result = match_mx("*.xn--mnchen-3ya.de", "MAIL.MÜNCHEN.DE.").expect("matchMx");
    assert!(boolean(&result, "matched"));
    assert_eq!(string(&result, "host"), "mail.xn--mnchen-3ya.de");

    // No wildcard, no `wildcardLabel`.
    let exact = match_mx("mx.example.com", "mx.example.net").expect("matchMx");
    assert_eq!(keys(&exact), sorted(&["matched", "reason", "explanation", "host"]));
    assert_eq!(string(&exact, "reason"), "different-host");

    // Two labels under the wildcard.
    let deep = match_mx("*.xn--mnchen-3ya.de", "a.mail.münchen.de").expect("matchMx");
    assert!(!boolean(&deep, "matched"));
    assert_eq!((string(&deep, "reason"), string(&deep, "wildcardLabel")), ("wildcard-too-many-labels".into(), "a.mail".into()));

    // A U-label pattern is invalid; the message names its A-label, computed by `URL`.
    let pattern = match_mx("*.münchen.de", "mail.münchen.de").expect("matchMx");
    assert_eq!(string(&pattern, "reason"), "invalid-pattern");
    assert!(string(&pattern, "explanation").contains("*.xn--mnchen-3ya.de"), "{}", string(&pattern, "explanation"));

    // Hosts the URL parser would read as something else are refused, not reinterpreted.
    for host in ["mail.münchen.de/x", "mü nchen.de", "user@münchen.de", "münchen.de:25", "mü%6Echen.de"] {
        let r = match_mx("*.xn--mnchen-3ya.de", host).expect("matchMx");
        assert_eq!(string(&r, "reason"), "invalid-host", "{host}");
    }
}

#[wasm_bindgen_test]
fn u_label_mx_fix_uses_the_url_parser() {
    let text = "version: STSv1\nmode: enforce\nmx: *.münchen.de\nmax_age: 604800\n";
    let result = lint_policy(&JsValue::from_str(text), &JsValue::UNDEFINED).unwrap();
    let d = &array(&result, "diagnostics")[0];
    assert_eq!(string(d, "code"), "policy/mx-u-label");
    let edits = array(&get(d, "fix"), "edits");
    assert_eq!(string(&edits[0], "text"), "*.xn--mnchen-3ya.de");
    let expected = text.replace("*.münchen.de", "*.xn--mnchen-3ya.de");
    assert_eq!(apply_fixes(text, &Array::of1(d).into()).unwrap(), expected);
    assert_eq!(apply_fixes(text, &JsValue::from_str("all-safe")).unwrap(), expected);
}

#[wasm_bindgen_test]
fn coverage_lists_each_hosts_pattern_and_unused_patterns() {
    let policy = "version: STSv1\nmode: enforce\nmx: *.example.com\nmx: backup.example.net\nmx: bad..example\nmax_age: 86400\n";
    let result = coverage(policy, &strings(&["mx1.example.com", "example.com"])).expect("coverage");
    assert_eq!(keys(&result), sorted(&["patterns", "ignoredPatterns", "hosts", "unusedPatterns"]));
    let list = |key| array(&result, key).iter().filter_map(JsValue::as_string).collect::<Vec<_>>();
    assert_eq!(list("patterns"), ["*.example.com", "backup.example.net"]);
    assert_eq!(list("ignoredPatterns"), ["bad..example"]);
    assert_eq!(list("unusedPatterns"), ["backup.example.net"]);
    let hosts = array(&result, "hosts");
    assert_eq!(keys(&hosts[0]), sorted(&["hint", "host", "matchedBy", "results"]));
    assert_eq!((string(&hosts[0], "host"), string(&hosts[0], "matchedBy")), ("mx1.example.com".into(), "*.example.com".into()));
    assert!(get(&hosts[1], "matchedBy").is_null());
    assert!(get(&hosts[0], "hint").is_null(), "a bare host name has no hint");
    let results = array(&hosts[1], "results");
    assert_eq!(results.len(), 2);
    assert_eq!(keys(&results[1]), sorted(&["pattern", "matched", "reason", "explanation", "host"]));
    assert_eq!(string(&results[0], "reason"), "wildcard-zero-labels");

    let message = error_message(coverage(policy, &JsValue::UNDEFINED).unwrap_err());
    assert_eq!(message, "hosts: expected an array");
}

/// `analyzePolicy` with `hosts`: diagnostics, value and coverage of one parse.
#[wasm_bindgen_test]
fn analyze_policy_gives_diagnostics_value_and_coverage_at_once() {
    let text = "version: STSv1\nmode: testing\nmx: *.example.com\nmx: bad..example\nmax_age: 1209600s\n";
    let options: JsValue = Object::new().into();
    Reflect::set(&options, &"hosts".into(), &strings(&["mx1.example.com", "mail.other.example"])).unwrap();
    let result = analyze_policy(&JsValue::from_str(text), &options).expect("analyzePolicy");
    assert_eq!(keys(&result), sorted(&["valid", "diagnostics", "value", "coverage", "uncovered"]));
    let lint = lint_policy(&JsValue::from_str(text), &JsValue::UNDEFINED).expect("lintPolicy");
    assert_eq!(codes(&result), codes(&lint), "the same diagnostics as lintPolicy");
    let max_age = get(&get(&result, "value"), "maxAge");
    assert_eq!((string(&max_age, "state"), string(&max_age, "raw")), ("invalid".into(), "1209600s".into()));
    assert!(get(&max_age, "value").is_null());
    assert_eq!(&text[num(&max_age, "start") as usize..num(&max_age, "end") as usize], "1209600s");
    let cov = get(&result, "coverage");
    let hosts = array(&cov, "hosts");
    assert_eq!(string(&hosts[0], "matchedBy"), "*.example.com");
    assert!(get(&hosts[1], "matchedBy").is_null());
    assert_eq!(array(&cov, "ignoredPatterns").len(), 1);
    let uncovered = get(&result, "uncovered");
    assert_eq!(string(&uncovered, "severity"), "warning", "testing: delivered, reported");

    let none = analyze_policy(&JsValue::from_str(text), &JsValue::UNDEFINED).expect("no options");
    assert!(array(&get(&none, "coverage"), "hosts").is_empty());
    let bad: JsValue = Object::new().into();
    Reflect::set(&bad, &"host".into(), &JsValue::TRUE).unwrap();
    let message = error_message(analyze_policy(&JsValue::from_str(text), &bad).unwrap_err());
    assert_eq!(message, "options: unknown option `host` (known: `hosts`, `fixes`, `value`)");

    // `value: false`: the same diagnostics, nothing else (what a keystroke into a large policy asks).
    let light: JsValue = Object::new().into();
    Reflect::set(&light, &"value".into(), &JsValue::FALSE).unwrap();
    let light = analyze_policy(&JsValue::from_str(text), &light).expect("value: false");
    assert_eq!(codes(&light), codes(&none));
    for key in ["value", "coverage", "uncovered"] {
        assert!(get(&light, key).is_null(), "{key} is null with value: false");
    }
}

/// `vocabulary()` is the core's: severities worst first, every mode with its meaning.
#[wasm_bindgen_test]
fn vocabulary_is_the_cores() {
    let v = vocabulary().expect("vocabulary");
    assert_eq!(keys(&v), sorted(&["severities", "modes"]));
    let severities: Vec<String> = array(&v, "severities").iter().map(|s| string(s, "severity")).collect();
    assert_eq!(severities, ["error", "warning", "info"]);
    let modes = array(&v, "modes");
    let names: Vec<String> = modes.iter().map(|m| string(m, "mode")).collect();
    assert_eq!(names, ["enforce", "testing", "none"]);
    for m in &modes {
        assert_eq!(keys(m), sorted(&["mode", "meaning", "uncovered"]));
        assert!(!string(m, "meaning").is_empty());
    }
    assert_eq!(string(&get(&modes[0], "uncovered"), "severity"), "error");
}

#[wasm_bindgen_test]
fn normalize_domain_is_the_checks_reading() {
    let ok = normalize_domain("Postmaster@Example.COM.").expect("normalizeDomain");
    assert_eq!(string(&ok, "domain"), "example.com");
    assert!(get(&ok, "error").is_null());
    let idn = normalize_domain("https://münchen.example/x").expect("normalizeDomain");
    assert_eq!(string(&idn, "domain"), "xn--mnchen-3ya.example");
    let bad = normalize_domain("not a domain").expect("normalizeDomain");
    assert!(get(&bad, "domain").is_null());
    assert!(string(&bad, "error").contains("spaces"));
}
