//! Properties of the generator: whatever hosts, mode, report address and moment it is given,
//! what it returns passes every check of this crate (no diagnostic, nothing for `fix_all`
//! to change, every host covered), and names alone unless wildcards are asked for.

use mtasts::generate::{self, Request, rollout};
use mtasts::policy::{self, Mode};
use mtasts::record::{self, intake::RecordInput};
use mtasts::{Code, default_idna, mx};
use proptest::prelude::*;

fn label() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?"
}

fn host() -> impl Strategy<Value = String> {
    (prop::collection::vec(label(), 1..3), prop::sample::select(vec!["example.com", "example.net", "mail.example.org", "co.uk"]))
        .prop_map(|(labels, base)| format!("{}.{base}", labels.join(".")))
        .prop_filter("letters somewhere", |h| h.bytes().any(|b| b.is_ascii_alphabetic()))
}

fn assert_policy_clean(text: &str, hosts: &[String]) -> Result<(), TestCaseError> {
    let report = policy::lint(text.as_bytes());
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).filter(|c| *c != Code::PolicyModeNone).collect();
    prop_assert!(codes.is_empty(), "{text}: {codes:?}");
    prop_assert_eq!(policy::fix_all(text.as_bytes(), default_idna()), text.as_bytes());
    let patterns: Vec<&str> = report.policy.mx_patterns().collect();
    let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
    prop_assert!(mx::coverage(&patterns, &hosts, default_idna()).hosts.iter().all(|r| r.matched_by.is_some()), "{text}");
    Ok(())
}

fn assert_record_clean(text: &str, sts: bool) -> Result<(), TestCaseError> {
    let input = RecordInput::parse(text);
    let diagnostics =
        if sts { record::lint_sts_input(&input).diagnostics } else { record::lint_tlsrpt_input(&input, default_idna()).diagnostics };
    prop_assert!(diagnostics.is_empty(), "{text}: {diagnostics:?}");
    Ok(())
}

proptest! {
    #[test]
    fn every_generated_set_up_passes_every_check(
        hosts in prop::collection::vec(host(), 1..8),
        mode in prop::sample::select(vec![Mode::Testing, Mode::Enforce, Mode::None]),
        wildcards in any::<bool>(),
        rua in prop::option::of("[a-z]{1,8}@example\\.(com|net)"),
        domain in prop::option::of(Just("example.com".to_string())),
        now in 0u64..=4_102_444_800_000,
        days in 0u32..90,
    ) {
        let mut request = Request::new(domain.as_deref(), hosts.iter().map(|h| format!("10 {h}.")).collect());
        request.mode = mode;
        request.wildcards = wildcards;
        request.rua = rua.into_iter().collect();
        let set_up = generate::generate(&request, now, default_idna()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        assert_policy_clean(&set_up.policy, &hosts)?;
        if !wildcards {
            prop_assert!(set_up.patterns.iter().all(|p| hosts.contains(p)), "{:?}", set_up.patterns);
        }
        for record in set_up.records() {
            let sts = record.host == "_mta-sts";
            assert_record_clean(&record.value, sts)?;
            assert_record_clean(&record.zone_line(), sts)?;
        }
        for step in rollout(&request, days, now, default_idna()).map_err(|e| TestCaseError::fail(e.to_string()))? {
            if let Some(policy) = &step.policy {
                assert_policy_clean(policy, &hosts)?;
            }
            for record in &step.records {
                assert_record_clean(&record.zone_line(), record.host == "_mta-sts")?;
            }
        }
    }
}
