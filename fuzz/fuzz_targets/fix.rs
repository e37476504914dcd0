//! "Fix all" on arbitrary bytes: applying the safe fixes never leaves more
//! errors than before, and is idempotent (a second run changes nothing).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::{default_idna, policy};
use mtasts_fuzz::{assert_diagnostics, errors};

fuzz_target!(|data: &[u8]| {
    let idna = default_idna();
    let before = policy::lint_with(data, idna);
    let fixed = policy::fix_all(data, idna);
    let after = policy::lint_with(&fixed, idna);
    assert_diagnostics(&fixed, &after.diagnostics);
    assert!(
        errors(&after.diagnostics) <= errors(&before.diagnostics),
        "fixing made it worse: {} errors before, {} after\nbefore: {:?}\nafter: {:?}\nfixed text: {:?}",
        errors(&before.diagnostics),
        errors(&after.diagnostics),
        before.diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        after.diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        String::from_utf8_lossy(&fixed),
    );
    if before.is_valid() {
        assert!(after.is_valid(), "fixing broke a valid policy");
    }
    if std::str::from_utf8(data).is_ok() {
        assert!(std::str::from_utf8(&fixed).is_ok(), "fixing broke the UTF-8 of a UTF-8 text");
    }
    let again = policy::fix_all(&fixed, idna);
    assert!(
        again == fixed,
        "fix_all is not idempotent\nonce:  {:?}\ntwice: {:?}",
        String::from_utf8_lossy(&fixed),
        String::from_utf8_lossy(&again),
    );
});
