//! MX pattern matching on arbitrary pattern/host pairs (the first byte separates
//! the strings: pattern, host, then more strings used for a coverage table).
//! Never panics; the verdict is consistent with its reason, `matched` implies the
//! pattern parses and the host normalizes, matching ignores ASCII case, and
//! `coverage` agrees with `match_host`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::mx::{self, MatchReason, MxPattern, PatternError};
use mtasts::default_idna;
use mtasts_fuzz::split_list;

fn assert_error_range(text: &str, e: &PatternError) {
    let ranges: Vec<std::ops::Range<usize>> = match e {
        PatternError::List(pieces) => pieces.clone(),
        PatternError::TrailingDot(r) | PatternError::LabelTooLong(r) | PatternError::Wildcard(r) | PatternError::Syntax(r, _) => {
            vec![r.clone()]
        }
        _ => Vec::new(),
    };
    for r in ranges {
        assert!(r.start <= r.end && r.end <= text.len(), "{e:?}: range {r:?} outside the {}-byte pattern", text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{e:?}: range {r:?} splits a character");
    }
    assert!(!e.describe(text).is_empty());
}

fuzz_target!(|data: &[u8]| {
    let idna = default_idna();
    let strings = split_list(data);
    let pattern = strings.first().map_or("", String::as_str);
    let host = strings.get(1).map_or("", String::as_str);

    let parsed = MxPattern::parse(pattern, idna);
    match &parsed {
        Ok(p) => assert_eq!(MxPattern::check(pattern, idna), Ok(p.wildcard)),
        Err(e) => {
            assert_error_range(pattern, e);
            assert_eq!(MxPattern::check(pattern, idna).as_ref().err(), Some(e));
        }
    }
    let normalized = mx::normalize_host(host, idna);
    let r = mx::match_host(pattern, host, idna);
    assert!(!r.explanation.is_empty());
    assert_eq!(r.matched, matches!(r.reason, MatchReason::Exact | MatchReason::Wildcard), "{r:?}");
    assert_eq!(r.reason == MatchReason::InvalidPattern, parsed.is_err(), "{r:?}");
    if parsed.is_ok() {
        assert_eq!(r.reason == MatchReason::InvalidHost, normalized.is_err(), "{r:?}");
    }
    if r.matched {
        let p = parsed.as_ref().expect("matched implies the pattern parses");
        assert_eq!(Some(&r.host), normalized.as_ref().ok(), "matched implies the host normalizes to r.host");
        assert_eq!(r.reason == MatchReason::Wildcard, p.wildcard);
    }
    if r.reason == MatchReason::Wildcard {
        let label = r.wildcard_label.as_deref().expect("a wildcard match names its label");
        assert!(!label.is_empty() && !label.contains('.'), "wildcard label {label:?}");
        assert_eq!(r.host, format!("{label}.{}", parsed.as_ref().map(MxPattern::base).unwrap_or_default()));
    }
    // Case-insensitive in both directions.
    let upper = mx::match_host(&pattern.to_ascii_uppercase(), &host.to_ascii_uppercase(), idna);
    assert_eq!((upper.matched, upper.reason), (r.matched, r.reason), "ASCII case changed the verdict");

    // Coverage agrees with match_host, pattern by pattern.
    let (patterns, hosts) = strings.split_at(strings.len().div_ceil(2));
    let (patterns, hosts) = (&patterns[..patterns.len().min(8)], &hosts[..hosts.len().min(8)]);
    let cov = mx::coverage(patterns, hosts, idna);
    assert_eq!(cov.hosts.len(), hosts.len());
    let mut used = vec![false; patterns.len()];
    for (h, row) in hosts.iter().zip(&cov.hosts) {
        let verdicts: Vec<bool> = patterns.iter().map(|p| mx::match_host(p, h, idna).matched).collect();
        let first = verdicts.iter().position(|&m| m).map(|i| patterns[i].clone());
        assert_eq!(row.matched_by, first);
        for (u, m) in used.iter_mut().zip(&verdicts) {
            *u |= m;
        }
    }
    // Each distinct pattern once, in policy order; with at most 8 of them, all are in the table.
    let mut seen = std::collections::HashSet::new();
    let distinct: Vec<(&String, bool)> = patterns.iter().zip(used).filter(|(p, _)| seen.insert(p.as_str())).collect();
    let unused: Vec<String> = distinct.iter().filter(|(_, u)| !u).map(|(p, _)| (*p).clone()).collect();
    assert_eq!(cov.unused_patterns, unused);
    let table: Vec<String> = distinct.iter().map(|(p, _)| (*p).clone()).collect();
    assert_eq!(cov.table_patterns, table);
    for (h, row) in hosts.iter().zip(&cov.hosts) {
        let verdicts: Vec<(String, mx::MatchResult)> = table.iter().map(|p| (p.clone(), mx::match_host(p, h, idna))).collect();
        assert_eq!(row.results, verdicts);
        assert!(!row.explanation.is_empty());
    }
});
