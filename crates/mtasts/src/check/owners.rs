//! Which records of a DNS answer belong to the name asked: a resolver answers for the query name
//! and the CNAME chain it followed from there (RFC 1034 §4.3.2 step 3), and nothing else counts.
//! A record owned by any other name — a broken resolver, a forged or injected answer — is dropped
//! before any check reads the answer, and the drop is noted (`dns/other-owner`), so one injected
//! TXT record can neither add a second `v=STSv1` record nor stand in for a missing one.
//!
//! The driver reports owners as the answer names them (the wire reader escapes bytes that are
//! not printable ASCII, so an escaped owner never equals a host name); the comparison here is
//! ASCII case-insensitive and ignores a trailing dot (RFC 4343).

use super::request::{DnsAnswer, DnsRecord, RecordData};
use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;
use std::collections::{HashMap, HashSet};

/// How many other owners a note names one by one; the rest are counted.
const NAMED_OWNERS: usize = 3;

/// A name as compared: lower-case ASCII, no trailing dot.
fn key(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

/// The answer with only the records owned by `qname` or a name of the CNAME chain from it, and a
/// note naming the owners of the records left out (none when every record belongs).
pub(super) fn owned(answer: &DnsAnswer, qname: &str) -> (DnsAnswer, Option<Diagnostic>) {
    // The first CNAME of each owner; the chain is followed through it once per name, so a loop
    // ends and the work stays linear in the number of records.
    let mut aliases: HashMap<String, &str> = HashMap::new();
    for r in &answer.records {
        if let RecordData::Cname(target) = &r.data {
            aliases.entry(key(&r.name)).or_insert(target);
        }
    }
    let mut last = key(qname);
    let mut chain = HashSet::from([last.clone()]);
    while let Some(target) = aliases.get(&last).map(|t| key(t)) {
        if !chain.insert(target.clone()) {
            break;
        }
        last = target;
    }
    let (mine, others): (Vec<&DnsRecord>, Vec<&DnsRecord>) = answer.records.iter().partition(|r| chain.contains(&key(&r.name)));
    let kept = DnsAnswer { records: mine.into_iter().cloned().collect(), ..answer.clone() };
    (kept, note(qname, &others))
}

/// `dns/other-owner`: how many records were ignored and whose they were.
fn note(qname: &str, others: &[&DnsRecord]) -> Option<Diagnostic> {
    if others.is_empty() {
        return None;
    }
    let mut owners: Vec<&str> = Vec::new();
    for r in others {
        if !owners.iter().any(|o| key(o) == key(&r.name)) {
            owners.push(&r.name);
        }
        if owners.len() > NAMED_OWNERS {
            break;
        }
    }
    let mut named = owners.iter().take(NAMED_OWNERS).map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ");
    if owners.len() > NAMED_OWNERS {
        named.push_str(" and other names");
    }
    let n = others.len();
    let records = if n == 1 { "1 record".to_string() } else { format!("{n} records") };
    Some(Diagnostic::new(
        Code::DnsOtherOwner,
        TextRange::empty(0),
        format!(
            "The answer for `{qname}` held {records} owned by {named}, which is neither `{qname}` nor an alias it leads to; they were ignored. A resolver should never send them: the answer was broken or tampered with."
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Rcode;

    fn rec(name: &str, data: RecordData) -> DnsRecord {
        DnsRecord { name: name.into(), data }
    }

    fn txt(s: &str) -> RecordData {
        RecordData::Txt(vec![s.into()])
    }

    fn cname(s: &str) -> RecordData {
        RecordData::Cname(s.into())
    }

    /// What, the records (owner, data), which of them count (by index), and a phrase of the note
    /// on the others (none: no note).
    type Row = (&'static str, Vec<DnsRecord>, Vec<usize>, Option<&'static str>);

    #[test]
    fn only_the_query_name_and_its_cname_chain_count() {
        let q = "_mta-sts.example.com";
        let rows: Vec<Row> = vec![
            ("own records", vec![rec(q, txt("a")), rec(q, txt("b"))], vec![0, 1], None),
            ("case and a trailing dot do not matter", vec![rec("_MTA-STS.Example.COM.", txt("a"))], vec![0], None),
            (
                "an injected record",
                vec![rec(q, txt("a")), rec("_mta-sts.evil.example", txt("b"))],
                vec![0],
                Some("`_mta-sts.evil.example`"),
            ),
            (
                "all records of another name",
                vec![rec("unrelated.invalid", txt("a")), rec("unrelated.invalid", txt("b"))],
                vec![],
                Some("2 records"),
            ),
            (
                "a parent or a child is another name",
                vec![rec("example.com", txt("a")), rec("x._mta-sts.example.com", txt("b"))],
                vec![],
                Some("`example.com`, `x._mta-sts.example.com`"),
            ),
            (
                "a chain, records out of order",
                vec![
                    rec("b.provider.example", txt("a")),
                    rec("sts.provider.example", cname("b.provider.example")),
                    rec(q, cname("sts.provider.example.")),
                ],
                vec![0, 1, 2],
                None,
            ),
            (
                "a CNAME of another owner does not start a chain",
                vec![rec("evil.example", cname("x.example")), rec("x.example", txt("a"))],
                vec![],
                Some("`evil.example`, `x.example`"),
            ),
            ("a loop ends", vec![rec(q, cname("a.example")), rec("a.example", cname(q)), rec("a.example", txt("x"))], vec![0, 1, 2], None),
            ("an escaped dot is not a dot", vec![rec("_mta-sts\\046example.com", txt("a"))], vec![], Some("`_mta-sts\\046example.com`")),
            (
                "many other owners are counted",
                (0..10).map(|i| rec(&format!("o{i}.example"), txt("a"))).collect(),
                vec![],
                Some("`o0.example`, `o1.example`, `o2.example` and other names"),
            ),
        ];
        for (what, records, keep, note) in rows {
            let answer = DnsAnswer { rcode: Rcode::NoError, records: records.clone(), authenticated_data: true };
            let (kept, diag) = owned(&answer, q);
            let want: Vec<DnsRecord> = keep.iter().map(|&i| records[i].clone()).collect();
            assert_eq!(kept.records, want, "{what}");
            assert!(kept.authenticated_data && kept.rcode == Rcode::NoError, "{what}");
            match (note, diag) {
                (None, None) => {}
                (Some(phrase), Some(d)) => {
                    assert_eq!(d.code, Code::DnsOtherOwner, "{what}");
                    assert!(d.message.contains(phrase), "{what}: {}", d.message);
                }
                (want, got) => panic!("{what}: note {want:?}, got {got:?}"),
            }
        }
    }
}
