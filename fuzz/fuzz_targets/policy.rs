//! The policy parser on arbitrary bytes: never panics; every diagnostic and fix
//! edit is a span of the input on character boundaries (when the input is
//! UTF-8); positions and UTF-16 offsets convert; the typed policy agrees with the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::policy;
use mtasts_fuzz::{assert_diagnostics, errors};

fuzz_target!(|data: &[u8]| {
    let report = policy::lint(data);
    assert_diagnostics(data, &report.diagnostics);
    assert_eq!(report.is_valid(), errors(&report.diagnostics) == 0);
    let utf8 = std::str::from_utf8(data).ok();
    for mx in &report.policy.mx {
        match utf8 {
            Some(text) => {
                let at = text.get(mx.range.as_usize()).expect("mx entry range is a span of the text");
                assert_eq!(at, mx.pattern, "mx pattern is not the text at its range");
            }
            None => assert!(mx.range.start <= mx.range.end && mx.range.end as usize <= data.len(), "mx entry range {:?}", mx.range),
        }
    }
    if report.is_valid() {
        let p = &report.policy;
        assert_eq!(p.version(), Some("STSv1"), "valid policy without version");
        assert!(p.mode().is_some() && p.max_age().is_some(), "valid policy without mode or max_age");
        assert!(p.max_age().is_some_and(|a| a <= policy::MAX_AGE_LIMIT), "valid policy with max_age over the limit");
    }
});
