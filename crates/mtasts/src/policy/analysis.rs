//! Everything an editor shows about a policy on each keystroke, from one parse: the
//! diagnostics, the typed policy and how its `mx` patterns cover the MX hosts the user
//! named, with what an uncovered host means under the policy's mode.

use super::{Mode, PolicyReport, lint_with};
use crate::diagnostic::Severity;
use crate::idna::Idna;
use crate::mx::{self, Coverage};

/// What happens to mail for an MX host that no `mx` pattern covers (RFC 8461 §5, §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Uncovered {
    /// How serious an uncovered host is under this mode.
    pub severity: Severity,
    /// The consequence, a clause that follows "…is covered by no `mx` pattern:".
    pub consequence: &'static str,
}

/// The consequence of an uncovered MX host under `mode` (`None`: no valid mode yet).
/// The domain check and the match preview both state it this way.
pub const fn uncovered(mode: Option<Mode>) -> Uncovered {
    let (severity, consequence) = match mode {
        Some(Mode::Enforce) => (Severity::Error, "senders that enforce MTA-STS refuse to deliver mail to it"),
        Some(Mode::Testing) => (
            Severity::Warning,
            "senders still deliver mail to it, but report the failure to the TLS-RPT address; with `mode: enforce` they would refuse",
        ),
        Some(Mode::None) => (Severity::Info, "nothing happens for now: with `mode: none` senders apply no policy"),
        None => (
            Severity::Warning,
            "once the policy has a valid mode, `enforce` makes senders refuse to deliver mail to it and `testing` makes them report it",
        ),
    };
    Uncovered { severity, consequence }
}

/// The result of [`analyze`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PolicyAnalysis<'a> {
    /// The typed policy and every diagnostic, as [`lint_with`] gives them.
    pub report: PolicyReport<'a>,
    /// The valid `mx` patterns of the policy against the hosts.
    pub coverage: Coverage,
    /// What an uncovered host means under the policy's mode.
    pub uncovered: Uncovered,
}

/// Lints `text` once and matches the `mx` patterns it parsed against `hosts`
/// (invalid patterns take no part; the diagnostics say why).
pub fn analyze<'a, S: AsRef<str>>(text: &'a [u8], hosts: &[S], idna: &dyn Idna) -> PolicyAnalysis<'a> {
    let report = lint_with(text, idna);
    let patterns: Vec<&str> = report.policy.mx_patterns().collect();
    let hosts: Vec<&str> = hosts.iter().map(AsRef::as_ref).collect();
    let coverage = mx::coverage(&patterns, &hosts, idna);
    let uncovered = uncovered(report.policy.mode());
    PolicyAnalysis { report, coverage, uncovered }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idna::default_idna;
    use crate::policy::FieldValue;
    use crate::text::TextRange;

    #[test]
    fn one_parse_gives_diagnostics_value_and_coverage() {
        let text = b"version: STSv1\nmode: testing\nmx: *.example.com\nmx: bad..example\nmax_age: 86400\n";
        let analysis = analyze(text, &["mx1.example.com", "mail.other.example"], default_idna());
        assert_eq!(analysis.report, lint_with(text, default_idna()));
        assert_eq!(analysis.coverage.hosts[0].matched_by.as_deref(), Some("*.example.com"));
        assert_eq!(analysis.coverage.hosts[1].matched_by, None);
        assert!(analysis.coverage.hosts.iter().all(|h| h.results.len() == 1), "the invalid pattern takes no part");
        assert_eq!(analysis.uncovered, uncovered(Some(Mode::Testing)));
        assert_eq!(analysis.uncovered.severity, Severity::Warning);
    }

    #[test]
    fn the_consequence_follows_the_mode() {
        let severities: Vec<Severity> =
            [Some(Mode::Enforce), Some(Mode::Testing), Some(Mode::None), None].map(|m| uncovered(m).severity).into();
        assert_eq!(severities, [Severity::Error, Severity::Warning, Severity::Info, Severity::Warning]);
        assert!(uncovered(Some(Mode::Enforce)).consequence.contains("refuse"));
        assert!(uncovered(Some(Mode::Testing)).consequence.contains("deliver"));
        assert!(uncovered(Some(Mode::None)).consequence.contains("nothing"));
    }

    #[test]
    fn present_but_invalid_is_not_missing() {
        let value = |line: &str| {
            let text = format!("version: STSv1\nmode: enforce\nmx: mx.example.com\n{line}\n");
            analyze::<&str>(text.as_bytes(), &[], default_idna()).report.policy.max_age
        };
        let at = |start: u32, len: u32| TextRange::new(start, start + len);
        let after = "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: ".len() as u32;
        for raw in ["31557601", "-1", "1209600s", "", "99999999999", "+86400"] {
            let line = format!("max_age: {raw}");
            assert_eq!(value(&line), FieldValue::Invalid { raw: raw.into(), range: at(after, raw.len() as u32) }, "{line}");
        }
        assert_eq!(value("max_age: 0604800"), FieldValue::Valid { value: 604_800, range: at(after, 7) });
        assert_eq!(value("Max_age: 604800"), FieldValue::Missing, "a look-alike name is not the field");
        let colonless = analyze::<&str>(b"max_age=86400\n", &[], default_idna()).report.policy;
        assert_eq!(colonless.max_age, FieldValue::Invalid { raw: "86400".into(), range: at(8, 5) });
        assert_eq!(colonless.mode, FieldValue::Missing);
        let policy = analyze::<&str>(b"version: STSv2\nmode: Enforce\nmode: testing\nmax_age: 1\xff\n", &[], default_idna()).report.policy;
        assert_eq!(policy.version, FieldValue::Invalid { raw: "STSv2".into(), range: at(9, 5) });
        assert_eq!(policy.mode, FieldValue::Invalid { raw: "Enforce".into(), range: at(21, 7) }, "the first occurrence decides");
        assert!(matches!(policy.max_age, FieldValue::Invalid { ref raw, .. } if raw == "1\u{fffd}"), "{:?}", policy.max_age);
    }
}
