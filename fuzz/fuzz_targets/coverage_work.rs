//! MX coverage at any size (the first byte separates the strings: the first half are the
//! patterns, the rest the hosts; no cap on either), with the linear-work property: the steps
//! `mtasts::work` counts stay within one per distinct pattern plus, per host, the table's
//! columns, two look-ups and one per domain above it; each host carries at most
//! `MAX_TABLE_PATTERNS` verdicts and an explanation bounded by its own length and the
//! longest pattern's, never by how many patterns there are.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::mx::{self, MAX_TABLE_PATTERNS};
use mtasts::{default_idna, work};
use mtasts_fuzz::split_list;

fuzz_target!(|data: &[u8]| {
    let strings = split_list(data);
    let (patterns, hosts) = strings.split_at(strings.len().div_ceil(2));
    let (cov, steps) = work::measure(|| mx::coverage(patterns, hosts, default_idna()));
    let per_host: usize = hosts.iter().map(|h| MAX_TABLE_PATTERNS + 3 + h.len()).sum();
    let bound = (patterns.len() + per_host) as u64;
    assert!(steps <= bound, "{steps} steps for {} patterns and {} hosts (bound {bound})", patterns.len(), hosts.len());
    assert_eq!(cov.hosts.len(), hosts.len());
    assert!(cov.table_patterns.len() <= MAX_TABLE_PATTERNS);
    let longest = patterns.iter().map(String::len).max().unwrap_or(0);
    for row in &cov.hosts {
        assert!(row.results.len() <= MAX_TABLE_PATTERNS, "{} verdicts for one host", row.results.len());
        let limit = 16 * (row.host.len() + longest) + 2048;
        assert!(row.explanation.len() <= limit, "{}-byte explanation of one host (limit {limit})", row.explanation.len());
    }
});
