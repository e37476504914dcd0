//! The smallest set of `mx` patterns that covers a list of MX hosts.
//!
//! A host is covered by exactly two patterns: its own name, or `*.` over its parent (the
//! host minus its first label; RFC 8461 §4.1: the `*` stands for exactly one label). The
//! wildcards of different parents cover disjoint hosts, so the smallest cover takes, for
//! each parent, one wildcard when two or more of the hosts share it and the names
//! otherwise. A wildcard is only used when asked: it also covers hosts nobody listed, so it
//! hands the policy to whoever controls another name under that parent.

/// The patterns for `hosts` (normalized, as [`super::read_mx_hosts`] gives them), in the
/// order of the first host each covers. With `wildcards`, hosts sharing a parent of at
/// least two labels become `*.parent` (never `*.com`, which the linter warns about).
pub fn patterns_for(hosts: &[String], wildcards: bool) -> Vec<String> {
    let parent = |host: &str| host.split_once('.').map(|(_, p)| p.to_string()).filter(|p| p.contains('.'));
    let mut shared = std::collections::HashMap::<String, usize>::new();
    if wildcards {
        for host in hosts {
            if let Some(p) = parent(host) {
                *shared.entry(p).or_default() += 1;
            }
        }
    }
    let mut patterns: Vec<String> = Vec::new();
    for host in hosts {
        let pattern = match parent(host) {
            Some(p) if shared.get(&p).is_some_and(|&n| n > 1) => format!("*.{p}"),
            _ => host.clone(),
        };
        if !patterns.contains(&pattern) {
            patterns.push(pattern);
        }
    }
    patterns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(hosts: &[&str]) -> Vec<String> {
        hosts.iter().map(|h| (*h).to_string()).collect()
    }

    #[test]
    fn names_unless_wildcards_are_asked_for() {
        let hosts = owned(&["mx1.example.com", "mx2.example.com", "backup.example.net"]);
        assert_eq!(patterns_for(&hosts, false), hosts);
        assert_eq!(patterns_for(&hosts, true), ["*.example.com", "backup.example.net"]);
    }

    #[test]
    fn a_wildcard_never_covers_its_own_base() {
        // `*.aspmx.l.google.com` does not cover `aspmx.l.google.com` (zero labels for the `*`).
        let hosts = owned(&["aspmx.l.google.com", "alt1.aspmx.l.google.com", "alt2.aspmx.l.google.com"]);
        assert_eq!(patterns_for(&hosts, true), ["aspmx.l.google.com", "*.aspmx.l.google.com"]);
    }

    #[test]
    fn never_a_wildcard_over_a_single_label() {
        let hosts = owned(&["example.com", "example.org", "a.example", "b.example"]);
        assert_eq!(patterns_for(&hosts, true), hosts);
    }
}
