//! `mx` patterns and how MX host names match them (RFC 8461 §3.2, §4.1).
//!
//! > "mx": Allowed MX patterns. One or more patterns matching allowed MX hosts
//! > for the Policy Domain. [...] A leading "*." in the pattern matches exactly
//! > one label: "*.example.com" matches "mail.example.com" but not
//! > "example.com" or "foo.bar.example.com". (RFC 8461 §3.2, §4.1)
//!
//! Matching is case-insensitive, a trailing dot on the host is not significant,
//! and a U-label host is converted to A-labels before comparing.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::domain::{self, DomainError};
use crate::idna::Idna;
use crate::work;

/// A syntactically valid `mx` pattern, lowercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MxPattern {
    /// The pattern as written in lowercase, e.g. `*.example.com`.
    pub pattern: String,
    /// Whether it starts with `*.`.
    pub wildcard: bool,
}

/// Why a string is not a valid `mx` pattern; ranges are byte offsets into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// The value is empty.
    Empty,
    /// Several names separated by commas or whitespace; holds each piece's range.
    List(Vec<Range<usize>>),
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// Ends with a dot (the range of the dot).
    TrailingDot(Range<usize>),
    /// A label over 63 octets.
    LabelTooLong(Range<usize>),
    /// More than 253 octets.
    TooLong,
    /// Non-ASCII characters; holds the A-label form when it can be computed.
    ULabel(Option<String>),
    /// A label starting with `xn--` that is not valid Punycode of a U-label (its range).
    ALabel(Range<usize>),
    /// A `*` anywhere but as the whole leftmost label followed by at least one more label.
    Wildcard(Range<usize>),
    /// A leading dot, as in Postfix's `.example.com`.
    LeadingDot,
    /// Any other syntax error, with the offending part.
    Syntax(Range<usize>, String),
}

impl MxPattern {
    /// Parses a pattern: `["*."] Domain`.
    pub fn parse(text: &str, idna: &dyn Idna) -> Result<MxPattern, PatternError> {
        let wildcard = Self::check(text, idna)?;
        Ok(MxPattern { pattern: text.to_ascii_lowercase(), wildcard })
    }

    /// Validates a pattern without allocating; returns whether it is a wildcard. An `xn--`
    /// label must decode (RFC 5891 §4.4), which only names holding `xn--` pay for.
    pub fn check(text: &str, idna: &dyn Idna) -> Result<bool, PatternError> {
        let wildcard = match quick_valid(text) {
            Some(wildcard) => wildcard,
            None => Self::check_slow(text, idna)?,
        };
        match crate::idn::first_bad_a_label(text) {
            Some(range) => Err(PatternError::ALabel(range)),
            None => Ok(wildcard),
        }
    }

    /// The detailed check: several passes, each naming exactly what is wrong.
    fn check_slow(text: &str, idna: &dyn Idna) -> Result<bool, PatternError> {
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        if text.bytes().any(|b| b == b',' || b == b' ' || b == b'\t') {
            let pieces = split_list(text);
            if pieces.len() > 1 {
                return Err(PatternError::List(pieces));
            }
        }
        if domain::is_ipv4(text) || domain::looks_like_ipv6(text) {
            return Err(PatternError::IpAddress);
        }
        let (wildcard, base, offset) = match text.strip_prefix("*.") {
            Some(rest) => (true, rest, 2),
            None => (false, text, 0),
        };
        if let Some(star) = base.find('*') {
            let start = base[..star].rfind('.').map_or(0, |d| d + 1) + offset;
            let end = base[star..].find('.').map_or(text.len(), |d| star + d + offset);
            let range = if text == "*" { 0..1 } else { start..end };
            return Err(PatternError::Wildcard(range));
        }
        if wildcard && base.is_empty() {
            return Err(PatternError::Wildcard(0..text.len()));
        }
        if !wildcard && text.starts_with('.') && text.len() > 1 && domain::check(&text[1..]).is_ok() {
            return Err(PatternError::LeadingDot);
        }
        match domain::check(base) {
            Ok(()) => Ok(wildcard),
            Err(DomainError::NonAscii(_)) => Err(PatternError::ULabel(
                crate::idna::to_ascii(idna, base).filter(|a| domain::check(a).is_ok()).map(|a| if wildcard { format!("*.{a}") } else { a }),
            )),
            Err(DomainError::IpAddress) => Err(PatternError::IpAddress),
            Err(DomainError::TrailingDot(r)) => Err(PatternError::TrailingDot(shift(r, offset))),
            Err(DomainError::LabelTooLong(r)) => Err(PatternError::LabelTooLong(shift(r, offset))),
            Err(DomainError::TooLong) => Err(PatternError::TooLong),
            Err(e @ (DomainError::Empty | DomainError::EmptyLabel(_) | DomainError::BadChar(_) | DomainError::HyphenAtEdge(_))) => {
                let range = match &e {
                    DomainError::EmptyLabel(r) | DomainError::BadChar(r) | DomainError::HyphenAtEdge(r) => shift(r.clone(), offset),
                    _ => 0..text.len(),
                };
                Err(PatternError::Syntax(range, e.describe(base)))
            }
        }
    }

    /// The part after `*.` (or the whole pattern).
    pub fn base(&self) -> &str {
        if self.wildcard { &self.pattern[2..] } else { &self.pattern }
    }

    /// Whether the valid pattern `text` is a wildcard directly over a single label, as
    /// `*.com`: it takes the text rather than an [`MxPattern`] so that the policy linter
    /// asks it of each `mx` line without building one.
    pub fn is_wildcard_over_tld(text: &str) -> bool {
        text.strip_prefix("*.").is_some_and(|base| !base.contains('.'))
    }
}

/// One pass over the bytes for the common case, a plain valid pattern: returns
/// whether it is a wildcard, or `None` when anything looks unusual, so that
/// [`MxPattern::check_slow`] finds and describes the problem. It accepts only
/// what the slow path accepts: `["*."]` then labels of letters, digits and inner
/// hyphens, 1 to 63 bytes each, at most 253 bytes after the `*.`, and at least one
/// byte that is not a digit or dot (so never an IPv4 address). Anything else
/// (commas, spaces, colons, other `*`, non-ASCII, empty labels) returns `None`.
fn quick_valid(text: &str) -> Option<bool> {
    let (wildcard, base) = match text.as_bytes() {
        [b'*', b'.', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    if base.is_empty() || base.len() > domain::MAX_NAME {
        return None;
    }
    // One loop with no branch on the bytes: a table look-up per byte, with every
    // check folded into flags. Labels over 63 bytes need a name longer than that,
    // so only such names are split to measure them.
    let mut prev = EDGE | DOT; // as if after a dot: no leading dot or hyphen
    let mut every = ALLOWED;
    let mut any = 0;
    let mut touching = 0;
    for &b in base {
        let class = BYTE_CLASS[usize::from(b)];
        every &= class;
        any |= class;
        // `..`, `.-` or `-.`: an empty label or a hyphen at the edge of one.
        touching |= prev & class & EDGE & (((prev | class) & DOT) >> 1);
        prev = class;
    }
    let labels_short = base.len() <= domain::MAX_LABEL || base.split(|&b| b == b'.').all(|label| label.len() <= domain::MAX_LABEL);
    let valid = every & ALLOWED != 0 && any & NOT_DIGIT != 0 && touching == 0 && prev & EDGE == 0 && labels_short;
    valid.then_some(wildcard)
}

/// Classes of bytes for [`quick_valid`]: each byte's set of the flags below.
const ALLOWED: u8 = 1;
/// A letter or a hyphen: a name with one is not an IPv4 address.
const NOT_DIGIT: u8 = 2;
/// A dot or a hyphen, which may not touch a dot.
const EDGE: u8 = 4;
/// A dot (the bit above [`EDGE`], so that shifting it down lines the two up).
const DOT: u8 = 8;

/// The class of every byte.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => ALLOWED | NOT_DIGIT,
            b'0'..=b'9' => ALLOWED,
            b'-' => ALLOWED | NOT_DIGIT | EDGE,
            b'.' => ALLOWED | EDGE | DOT,
            _ => 0,
        };
        b += 1;
    }
    table
};

fn shift(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

/// Splits `a.example.com, b.example.com` or `a.example.com b.example.com` into pieces.
fn split_list(text: &str) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let sep = c == ',' || c == ' ' || c == '\t';
        match (sep, start) {
            (true, Some(s)) => {
                pieces.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        pieces.push(s..text.len());
    }
    pieces
}

impl PatternError {
    /// A sentence for people.
    pub fn describe(&self, text: &str) -> String {
        match self {
            PatternError::Empty => "the `mx` value is empty".into(),
            PatternError::List(p) => format!("{} host names on one line; each `mx` line holds exactly one pattern", p.len()),
            PatternError::IpAddress => format!("`{text}` is an IP address; `mx` patterns must be host names"),
            PatternError::TrailingDot(_) => "the pattern ends with a dot; write it without the final dot".into(),
            PatternError::LabelTooLong(r) => {
                format!("a label is {} characters long; DNS allows at most {}", r.len(), domain::MAX_LABEL)
            }
            PatternError::TooLong => format!("the pattern is {} characters long; DNS allows at most {}", text.len(), domain::MAX_NAME),
            PatternError::ULabel(Some(a)) => format!("internationalized names must be written as A-labels: `{a}`"),
            PatternError::ULabel(None) => "internationalized names must be written as A-labels (`xn--…`)".into(),
            PatternError::ALabel(r) => format!(
                "`{}` starts with `xn--` but is not a valid A-label: what follows is not Punycode of an internationalized name",
                &text[r.clone()]
            ),
            PatternError::Wildcard(_) => "a wildcard must be a whole leftmost label followed by a domain, as in `*.example.com`".into(),
            PatternError::LeadingDot => {
                format!("a pattern cannot start with a dot; to allow every host directly under `{}`, write `*{text}`", &text[1..])
            }
            PatternError::Syntax(_, why) => why.clone(),
        }
    }
}

/// Why a host does or does not match a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum MatchReason {
    /// The host equals the pattern.
    Exact,
    /// The `*` covered exactly one label.
    Wildcard,
    /// The host has more than one label where the `*` stands.
    WildcardTooManyLabels,
    /// The host is the wildcard's base domain itself.
    WildcardZeroLabels,
    /// The host does not end with the wildcard's base domain.
    SuffixDiffers,
    /// An exact pattern naming another host.
    DifferentHost,
    /// The pattern is not a valid `mx` pattern.
    InvalidPattern,
    /// The host is not a valid host name.
    InvalidHost,
}

impl MatchReason {
    /// The stable name, e.g. `wildcard-zero-labels`.
    pub const fn as_str(self) -> &'static str {
        match self {
            MatchReason::Exact => "exact",
            MatchReason::Wildcard => "wildcard",
            MatchReason::WildcardTooManyLabels => "wildcard-too-many-labels",
            MatchReason::WildcardZeroLabels => "wildcard-zero-labels",
            MatchReason::SuffixDiffers => "suffix-differs",
            MatchReason::DifferentHost => "different-host",
            MatchReason::InvalidPattern => "invalid-pattern",
            MatchReason::InvalidHost => "invalid-host",
        }
    }
}

/// The verdict of matching one host against one pattern, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MatchResult {
    /// Whether the host matches.
    pub matched: bool,
    /// Why.
    pub reason: MatchReason,
    /// The explanation as a sentence.
    pub explanation: String,
    /// The host as compared: lowercase A-labels without a trailing dot.
    pub host: String,
    /// The label the `*` covered (or would have to cover), when the pattern is a wildcard.
    pub wildcard_label: Option<String>,
}

/// Normalizes a host for matching: drops one trailing dot, converts to lowercase A-labels.
/// What is not a host name at all (`host:25`, a URL, an IP address) is named as such
/// ([`crate::host_input::classify`]), with the host to use.
pub fn normalize_host(host: &str, idna: &dyn Idna) -> Result<String, String> {
    if let Some(hint) = crate::host_input::classify(host).filter(|h| h.not_a_host_name) {
        return Err(hint.message);
    }
    let trimmed = host.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let ascii = crate::idna::to_ascii(idna, trimmed).ok_or_else(|| format!("`{trimmed}` cannot be converted to an ASCII host name"))?;
    domain::check(&ascii).map_err(|e| format!("`{host}` is not a valid host name: {}", e.describe(&ascii)))?;
    Ok(ascii)
}

/// Matches `host` against the pattern text `pattern` and explains the verdict.
pub fn match_host(pattern: &str, host: &str, idna: &dyn Idna) -> MatchResult {
    judge(pattern, &MxPattern::parse(pattern, idna), host, &normalize_host(host, idna))
}

/// The verdict for a pattern and a host each already parsed (so that [`coverage`] does it
/// once per pattern and once per host, not once per pair).
fn judge(pattern: &str, parsed: &Result<MxPattern, PatternError>, host: &str, normalized: &Result<String, String>) -> MatchResult {
    let invalid =
        |reason, explanation: String| MatchResult { matched: false, reason, explanation, host: host.to_string(), wildcard_label: None };
    match (parsed, normalized) {
        (Err(e), _) => invalid(MatchReason::InvalidPattern, format!("`{pattern}` is not a valid mx pattern: {}", e.describe(pattern))),
        (Ok(_), Err(why)) => invalid(MatchReason::InvalidHost, why.clone()),
        (Ok(parsed), Ok(host)) => matches(parsed, host.clone()),
    }
}

/// Matches a normalized host (see [`normalize_host`]) against a parsed pattern.
pub fn matches(pattern: &MxPattern, host: String) -> MatchResult {
    let p = &pattern.pattern;
    if !pattern.wildcard {
        let matched = host == *p;
        let (reason, explanation) = if matched {
            (MatchReason::Exact, format!("`{host}` is exactly the host named by `{p}`"))
        } else {
            (MatchReason::DifferentHost, format!("`{p}` names only the host `{p}`, not `{host}`"))
        };
        return MatchResult { matched, reason, explanation, host, wildcard_label: None };
    }
    let base = pattern.base();
    let prefix = if host == base { Some("") } else { host.strip_suffix(base).and_then(|h| h.strip_suffix('.')) };
    let (matched, reason, label, explanation) = match prefix {
        None => (false, MatchReason::SuffixDiffers, None, format!("`{host}` is not under `{base}`, so `{p}` cannot match it")),
        Some("") => (
            false,
            MatchReason::WildcardZeroLabels,
            None,
            format!("`*` must stand for exactly one label, but `{host}` is `{base}` itself with no label in front"),
        ),
        Some(prefix) if prefix.contains('.') => (
            false,
            MatchReason::WildcardTooManyLabels,
            Some(prefix.to_string()),
            format!(
                "`*` stands for exactly one label, but `{host}` has {} labels (`{prefix}`) in front of `{base}`",
                prefix.split('.').count()
            ),
        ),
        Some(label) => {
            (true, MatchReason::Wildcard, Some(label.to_string()), format!("`*` covers the single label `{label}` in front of `{base}`"))
        }
    };
    MatchResult { matched, reason, explanation, host, wildcard_label: label }
}

/// How many MX hosts not covered by any pattern a report explains one by one (the
/// domain check's diagnostics, the CLI's table); the others are counted in one line.
/// Patterns that cover no host are listed up to the same number. With it, what a
/// report says about coverage stays a few kilobytes whatever the policy and the MX set.
pub const MAX_EXPLAINED_HOSTS: usize = 20;

/// How many patterns get a verdict on every host in [`HostCoverage::results`]: the
/// columns of a match table (the page shows as many).
pub const MAX_TABLE_PATTERNS: usize = 30;

/// How many near misses (wildcards over the host itself or over a domain above it)
/// explain a host no pattern covers.
const MAX_NEAR_MISSES: usize = 3;

/// Which pattern covers each MX host, and which patterns cover none.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Coverage {
    /// One row per host, in input order.
    pub hosts: Vec<HostCoverage>,
    /// Patterns (as written, each once, in policy order) that match no host.
    pub unused_patterns: Vec<String>,
    /// The patterns whose verdict on each host is in [`HostCoverage::results`], each once:
    /// every pattern in policy order when there are at most [`MAX_TABLE_PATTERNS`]; else
    /// those that match some host, then the others, in policy order, up to that many.
    pub table_patterns: Vec<String>,
}

/// How one host fares against the patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HostCoverage {
    /// The host as given.
    pub host: String,
    /// The first pattern (in policy order) that matches it, if any.
    pub matched_by: Option<String>,
    /// Why it is covered or not, naming only the patterns concerned: the explanation of
    /// the matching pattern; for a host no pattern covers, the wildcards that come closest
    /// or else the patterns that would cover it; for an invalid host, what is wrong.
    pub explanation: String,
    /// The verdict of each pattern of [`Coverage::table_patterns`], in that order.
    pub results: Vec<(String, MatchResult)>,
    /// What was typed, when it is not a bare host name (`host:25`, a URL, an IP address): then
    /// the row is a typo to correct, not a host senders would refuse.
    pub hint: Option<crate::host_input::HostInputHint>,
}

/// Matches every host against the patterns in O(hosts + patterns): each distinct pattern
/// is parsed once, exact patterns are looked up by name and wildcards by their base (the
/// host minus its first label), so no host is compared with every pattern. Only the
/// verdicts of [`Coverage::table_patterns`] are spelled out for every host.
pub fn coverage<S: AsRef<str>>(patterns: &[S], hosts: &[S], idna: &dyn Idna) -> Coverage {
    let mut seen = HashSet::new();
    let distinct: Vec<&str> = patterns.iter().map(AsRef::as_ref).filter(|p| seen.insert(*p)).collect();
    work::add(distinct.len());
    let parsed: Vec<_> = distinct.iter().map(|p| MxPattern::parse(p, idna)).collect();
    let index = PatternIndex::new(&parsed);
    let mut used = vec![false; distinct.len()];
    let mut rows: Vec<(HostCoverage, Result<String, String>)> = hosts
        .iter()
        .map(|host| {
            let normalized = normalize_host(host.as_ref(), idna);
            let (matched_by, explanation) = match &normalized {
                Err(why) => (None, why.clone()),
                Ok(h) => index.cover(h, &mut used),
            };
            let matched_by = matched_by.map(|i| distinct[i].to_string());
            let hint = crate::host_input::classify(host.as_ref());
            (HostCoverage { host: host.as_ref().to_string(), matched_by, explanation, results: Vec::new(), hint }, normalized)
        })
        .collect();
    // A pattern is used when the first pattern of its name matched a host.
    let used: Vec<bool> = parsed.iter().map(|p| p.as_ref().ok().and_then(|p| index.first_of(p)).is_some_and(|i| used[i])).collect();
    let table: Vec<usize> = if distinct.len() <= MAX_TABLE_PATTERNS {
        (0..distinct.len()).collect()
    } else {
        let (matching, other): (Vec<usize>, Vec<usize>) = (0..distinct.len()).partition(|&i| used[i]);
        matching.into_iter().chain(other).take(MAX_TABLE_PATTERNS).collect()
    };
    for (row, normalized) in &mut rows {
        work::add(table.len());
        row.results = table.iter().map(|&i| (distinct[i].to_string(), judge(distinct[i], &parsed[i], &row.host, normalized))).collect();
    }
    Coverage {
        hosts: rows.into_iter().map(|(row, _)| row).collect(),
        unused_patterns: distinct.iter().zip(&used).filter(|(_, u)| !**u).map(|(p, _)| (*p).to_string()).collect(),
        table_patterns: table.iter().map(|&i| distinct[i].to_string()).collect(),
    }
}

/// The valid patterns by what they match: the first pattern (its index among the distinct
/// patterns, and itself) of each lowercase host name, and of each wildcard base.
struct PatternIndex<'a> {
    exact: HashMap<&'a str, (usize, &'a MxPattern)>,
    wildcards: HashMap<&'a str, (usize, &'a MxPattern)>,
}

impl<'a> PatternIndex<'a> {
    fn new(parsed: &'a [Result<MxPattern, PatternError>]) -> Self {
        let mut index = PatternIndex { exact: HashMap::new(), wildcards: HashMap::new() };
        for (i, p) in parsed.iter().enumerate() {
            if let Ok(p) = p {
                let map = if p.wildcard { &mut index.wildcards } else { &mut index.exact };
                map.entry(p.base()).or_insert((i, p));
            }
        }
        index
    }

    /// The index of the first pattern written like `p` (ASCII case aside).
    fn first_of(&self, p: &MxPattern) -> Option<usize> {
        let map = if p.wildcard { &self.wildcards } else { &self.exact };
        map.get(p.base()).map(|&(i, _)| i)
    }

    /// The first pattern that matches the normalized `host` (marking every one that does
    /// in `used`), and why it is covered or not: two look-ups, not one per pattern.
    fn cover(&self, host: &str, used: &mut [bool]) -> (Option<usize>, String) {
        work::add(2);
        let by_name = self.exact.get(host).copied();
        let by_wildcard = parent(host).and_then(|p| self.wildcards.get(p)).copied();
        for (i, _) in by_name.into_iter().chain(by_wildcard) {
            used[i] = true;
        }
        match by_name.into_iter().chain(by_wildcard).min_by_key(|&(i, _)| i) {
            Some((i, p)) => (Some(i), matches(p, host.to_string()).explanation),
            None if self.exact.is_empty() && self.wildcards.is_empty() => (None, "the policy has no valid `mx` pattern".to_string()),
            None => (None, self.explain_uncovered(host)),
        }
    }

    /// Why no pattern covers the normalized `host`: the wildcards over the host itself or a
    /// domain above it (closest first), each with its explanation; with none, the patterns
    /// that would cover it. Looks up each domain above the host, never every pattern.
    fn explain_uncovered(&self, host: &str) -> String {
        // The host itself (zero labels for the `*`), then each domain above its parent.
        let above = std::iter::once(host).chain(host.match_indices('.').skip(1).map(|(dot, _)| &host[dot + 1..]));
        let near: Vec<&MxPattern> = above
            .filter_map(|d| {
                work::add(1);
                self.wildcards.get(d).map(|&(_, p)| p)
            })
            .collect();
        if near.is_empty() {
            return match parent(host) {
                Some(p) => format!("no `mx` pattern is `{host}` or `*.{p}`"),
                None => format!("no `mx` pattern is `{host}`"),
            };
        }
        let mut why: Vec<String> =
            near.iter().take(MAX_NEAR_MISSES).map(|p| format!("`{}`: {}", p.pattern, matches(p, host.to_string()).explanation)).collect();
        if near.len() > MAX_NEAR_MISSES {
            why.push(format!("and {} more wildcards over domains above it", near.len() - MAX_NEAR_MISSES));
        }
        why.join("; ")
    }
}

/// The host minus its first label, if it has more than one.
fn parent(host: &str) -> Option<&str> {
    host.split_once('.').map(|(_, rest)| rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idna::default_idna;
    use proptest::prelude::*;

    proptest! {
        /// The fast pass never accepts what the detailed check rejects.
        #[test]
        fn quick_valid_agrees_with_the_detailed_check(text in "(\\*\\.)?[a-zA-Z0-9.*:,-]{0,70}") {
            if let Some(wildcard) = quick_valid(&text) {
                prop_assert_eq!(MxPattern::check_slow(&text, default_idna()), Ok(wildcard));
            }
        }
    }

    #[test]
    fn quick_valid_leaves_every_problem_to_the_detailed_check() {
        for text in ["", "*.", "*", "a..b", ".a.b", "a.b.", "-a.b", "a-.b", "192.0.2.1", "*.192.0.2.1", "a b", "a,b", "*.*.a", "ü.de"] {
            assert_eq!(quick_valid(text), None, "{text}");
        }
        assert_eq!(quick_valid(&format!("{}.com", "a".repeat(63))), Some(false));
        assert_eq!(quick_valid(&format!("{}.com", "a".repeat(64))), None);
        assert_eq!(quick_valid("*.example.com"), Some(true));
        assert_eq!(quick_valid("1.2.3.4.5"), None);
        assert_eq!(quick_valid("1a.2"), Some(false));
    }
}
