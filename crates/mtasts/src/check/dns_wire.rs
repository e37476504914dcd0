//! DNS wire format for the live check: the query `checkDomain` sends over DNS over HTTPS
//! ([`build_query`], [`base64url`]) and the answer read back into the engine's [`DnsAnswer`]
//! ([`parse_answer`]). Messages are built and parsed by the `domain` crate.
//!
//! Behind the core's `dns-wire` feature so that every driver reads answers with this one parser:
//! the browser's (`mtasts-wasm`, DNS over HTTPS, which re-exports it as `mtasts_wasm::dns_wire`
//! for the `dns_answer` fuzz target and its tests) and the native one (`mtasts-net`: UDP, TCP and
//! DNS over HTTPS). It does no I/O. No rule lives here: the module only translates wire format,
//! and every verdict on the records is the engine's.
//!
//! Whatever is not a complete, well-formed answer to the question asked is an error with a
//! sentence saying what is wrong: a short or cut message, the TC flag, another ID, another
//! question (name, type or class IN), a record of another class in the answer, a count that
//! overruns the message or bytes left after its last record, a compression pointer that does not
//! point backwards, a record whose data is not what its type says (a TXT record needs a
//! string). The caller treats that as a failure of the resolver, never as an empty answer.
//! Reading is linear in the message: every name is read with at most 255 compression pointers,
//! each pointing strictly backwards, and every record is read once.

use super::{DnsAnswer, DnsRecord, Rcode, RecordData, RecordType};
use domain::base::iana::{Class, Rtype};
use domain::base::name::{Label, ParsedName};
use domain::base::rdata::ParseRecordData;
use domain::base::wire::ParseError;
use domain::base::{Message, MessageBuilder, Name};
use domain::dep::octseq::{Octets, Parser};
use domain::rdata::{A, Aaaa, Cname, Mx, Txt};

/// The largest DNS message (RFC 1035 §4.2.2: a 16-bit length).
pub const MAX_MESSAGE: usize = 65_535;

/// `bytes` in base64url without padding (RFC 4648 §5), as RFC 8484 §4.1 wants for `?dns=`.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        // 1 byte -> 2 characters, 2 -> 3, 3 -> 4.
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn rtype(t: RecordType) -> Rtype {
    match t {
        RecordType::Txt => Rtype::TXT,
        RecordType::Mx => Rtype::MX,
        RecordType::A => Rtype::A,
        RecordType::Aaaa => Rtype::AAAA,
        RecordType::Cname => Rtype::CNAME,
    }
}

/// The query for `name`/`rtype`: ID 0 (RFC 8484 §4.1, cache-friendly), RD set, and AD set to ask
/// for the DNSSEC verdict (RFC 6840 §5.7: a validating resolver then reports it in AD without
/// the client having to set DO and receive signatures).
pub fn build_query(name: &str, record_type: RecordType) -> Result<Vec<u8>, String> {
    // The engine asks for A-label names without a trailing dot: each label length-prefixed, then
    // the root. `Name::from_octets` checks the result (label and name lengths).
    let mut wire = Vec::with_capacity(name.len() + 2);
    for label in name.split('.') {
        let bytes = label.as_bytes();
        if bytes.is_empty() || bytes.len() > 63 {
            return Err(format!("`{name}` cannot be put in a DNS query: it has an empty or over-long label"));
        }
        wire.push(bytes.len() as u8);
        wire.extend_from_slice(bytes);
    }
    wire.push(0);
    let qname = Name::from_octets(wire).map_err(|_| format!("`{name}` cannot be put in a DNS query: it is too long"))?;
    let mut message = MessageBuilder::new_vec();
    message.header_mut().set_rd(true);
    message.header_mut().set_ad(true);
    let mut question = message.question();
    question.push((&qname, rtype(record_type))).map_err(|e| format!("cannot build the DNS query: {e}"))?;
    Ok(question.finish())
}

/// Reads the `DoH` answer to the question `name`/`rtype` (as built by [`build_query`]): the rcode,
/// the AD flag and the A, AAAA, CNAME, MX and TXT records of the answer section (TXT
/// character-strings kept apart; the engine joins them). Records of other types (signatures and
/// the like) are skipped; the authority and additional sections are checked for form only. Each
/// record keeps its owner name exactly as the answer gives it (escaped like `dig`, so an odd label
/// never reads as another name): records of names other than the question and its CNAME chain are
/// left in, for the engine decides what counts (`mtasts::check`, `dns/other-owner`).
/// Anything that is not a complete answer to that very question (see the module documentation)
/// is an error, with a sentence saying what is wrong.
pub fn parse_answer(bytes: &[u8], name: &str, record_type: RecordType) -> Result<DnsAnswer, String> {
    if bytes.len() > MAX_MESSAGE {
        return Err(format!("the answer is longer than a DNS message can be ({} bytes)", bytes.len()));
    }
    let message = Message::from_octets(bytes).map_err(|_| format!("the answer is not a DNS message ({} bytes)", bytes.len()))?;
    let header = message.header();
    if !header.qr() {
        return Err("the answer is a query, not a response".into());
    }
    if header.id() != 0 {
        return Err(format!("the answer's ID ({}) is not the query's (0)", header.id()));
    }
    if header.tc() {
        return Err("the answer is truncated (TC flag set), so records may be missing".into());
    }
    let question = message.sole_question().map_err(|e| format!("the answer does not repeat the question ({e})"))?;
    if question.qtype() != rtype(record_type) || question.qclass() != Class::IN || !same_name(question.qname(), name) {
        return Err(format!(
            "the answer is for another question (type {}, class {}, `{}`)",
            question.qtype().to_int(),
            question.qclass().to_int(),
            text(question.qname())
        ));
    }
    let rcode = match header.rcode().to_int() {
        0 => Rcode::NoError,
        2 => Rcode::ServFail,
        3 => Rcode::NxDomain,
        5 => Rcode::Refused,
        n => Rcode::Other(u16::from(n)),
    };
    let broken = |e: ParseError| format!("the answer is malformed ({e})");
    let mut records = Vec::new();
    let mut section = message.answer().map_err(broken)?;
    for record in section.by_ref() {
        let record = record.map_err(broken)?;
        // An IN question has IN records in its answer; anything else is not an answer to it.
        if record.class() != Class::IN {
            return Err(format!("the answer has a record of class {}, not IN", record.class().to_int()));
        }
        // Signatures and the like are skipped: not what the checks read.
        if let Some(r) = record.to_record::<Data>().map_err(broken)? {
            records.push(DnsRecord { name: text(&record.owner()), data: r.into_data().0 });
        }
    }
    // The rest of the message must parse too: counts that overrun it mean a broken answer, and so
    // do bytes after the last record (counts too small: records would go unread).
    while let Some(mut next) = section.next_section().map_err(broken)? {
        for record in next.by_ref() {
            record.map_err(broken)?;
        }
        section = next;
    }
    if section.pos() != bytes.len() {
        return Err(format!("the answer is malformed ({} bytes after its last record)", bytes.len() - section.pos()));
    }
    Ok(DnsAnswer { rcode, records, authenticated_data: header.ad() })
}

/// The data of the record types the checks read, each parsed by the crate's parser for it; one
/// [`ParseRecordData`] for all of them keeps one copy of the record-parsing code in the module.
struct Data(RecordData);

impl domain::base::rdata::RecordData for Data {
    fn rtype(&self) -> Rtype {
        match self.0 {
            RecordData::Txt(_) => Rtype::TXT,
            RecordData::Mx(..) => Rtype::MX,
            RecordData::A(_) => Rtype::A,
            RecordData::Aaaa(_) => Rtype::AAAA,
            RecordData::Cname(_) => Rtype::CNAME,
        }
    }
}

impl<'a, Octs: Octets + ?Sized> ParseRecordData<'a, Octs> for Data {
    fn parse_rdata(rtype: Rtype, parser: &mut Parser<'a, Octs>) -> Result<Option<Self>, ParseError> {
        Ok(Some(Data(match rtype {
            // One or more character-strings (RFC 1035 §3.3.14); the crate's parser takes none.
            Rtype::TXT if parser.remaining() == 0 => return Err(ParseError::form_error("TXT record without a string")),
            Rtype::TXT => {
                RecordData::Txt(Txt::<Octs::Range<'a>>::parse(parser)?.iter().map(|s| String::from_utf8_lossy(s).into_owned()).collect())
            }
            Rtype::MX => {
                let mx = Mx::parse(parser)?;
                RecordData::Mx(mx.preference(), text(mx.exchange()))
            }
            Rtype::A => RecordData::A(A::parse(parser)?.addr()),
            Rtype::AAAA => RecordData::Aaaa(Aaaa::parse(parser)?.addr()),
            Rtype::CNAME => RecordData::Cname(text(Cname::parse(parser)?.cname())),
            _ => return Ok(None),
        })))
    }
}

/// Whether `qname` is `name` (labels separated by `.`, no trailing dot, as [`build_query`] takes
/// it), ASCII case aside. Compared label by label, so no escaping stands between the two.
fn same_name<Octs: AsRef<[u8]>>(qname: &ParsedName<Octs>, name: &str) -> bool {
    let mut asked = name.split('.');
    for label in qname.iter().filter(|l: &&Label| !l.is_root()) {
        match asked.next() {
            Some(a) if a.as_bytes().eq_ignore_ascii_case(label.as_ref()) => {}
            _ => return false,
        }
    }
    asked.next().is_none()
}

/// A name as `dig` shows it, without the trailing dot (the root is `.`): labels joined by `.`,
/// bytes outside printable ASCII and the delimiters `.` and `\` escaped as `\DDD`.
fn text<Octs: AsRef<[u8]>>(name: &ParsedName<Octs>) -> String {
    let mut out = String::new();
    for label in name.iter().filter(|l: &&Label| !l.is_root()) {
        if !out.is_empty() {
            out.push('.');
        }
        for &b in label.as_ref() {
            if b.is_ascii_graphic() && b != b'.' && b != b'\\' {
                out.push(char::from(b));
            } else {
                out.push('\\');
                out.extend([b / 100, b / 10 % 10, b % 10].map(|d| char::from(b'0' + d)));
            }
        }
    }
    if out.is_empty() { ".".into() } else { out }
}

#[cfg(test)]
mod tests {
    //! DNS wire format and base64url (in Node too: the wasm crate's `tests/dns_wire.rs`).
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// An answer message, built with the same library the way a resolver would.
    fn answer(question: (&str, Rtype), id: u16, flags: impl Fn(&mut domain::base::Header), records: &[(&str, RecordData)]) -> Vec<u8> {
        use domain::base::Ttl;
        let mut message = MessageBuilder::new_vec();
        message.header_mut().set_id(id);
        message.header_mut().set_qr(true);
        flags(message.header_mut());
        let mut q = message.question();
        q.push((Name::<Vec<u8>>::vec_from_str(question.0).unwrap(), question.1)).unwrap();
        let mut a = q.answer();
        for (owner, data) in records {
            let owner = Name::<Vec<u8>>::vec_from_str(owner).unwrap();
            let ttl = Ttl::from_secs(300);
            match data {
                RecordData::Txt(parts) => {
                    let mut b = domain::rdata::rfc1035::TxtBuilder::<Vec<u8>>::new();
                    for p in parts {
                        b.append_charstr(&domain::base::CharStr::from_octets(p.as_bytes()).unwrap()).unwrap();
                    }
                    a.push((owner, ttl, b.finish().unwrap())).unwrap();
                }
                RecordData::Mx(pref, host) => {
                    a.push((owner, ttl, Mx::new(*pref, Name::<Vec<u8>>::vec_from_str(host).unwrap()))).unwrap();
                }
                RecordData::A(ip) => a.push((owner, ttl, A::new(*ip))).unwrap(),
                RecordData::Aaaa(ip) => a.push((owner, ttl, Aaaa::new(*ip))).unwrap(),
                RecordData::Cname(target) => a.push((owner, ttl, Cname::new(Name::<Vec<u8>>::vec_from_str(target).unwrap()))).unwrap(),
            }
        }
        a.finish()
    }

    fn txt(parts: &[&str]) -> RecordData {
        RecordData::Txt(parts.iter().map(|s| (*s).to_string()).collect())
    }

    #[test]
    fn base64url_matches_rfc_4648_without_padding() {
        // RFC 4648 §10 vectors, unpadded, and the URL-safe characters.
        for (input, expected) in
            [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")]
        {
            assert_eq!(base64url(input.as_bytes()), expected, "{input:?}");
        }
        assert_eq!(base64url(&[0xfb, 0xff, 0xbf]), "-_-_");
        assert_eq!(base64url(&[0, 0, 0]), "AAAA");
    }

    #[test]
    fn the_query_is_rfc_8484_shaped() {
        let q = build_query("_mta-sts.example.com", RecordType::Txt).unwrap();
        // RFC 8484 §4.1.1: the example query for www.example.com A, but TXT here and AD set.
        assert_eq!(&q[..12], &[0, 0, 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, 0], "ID 0, RD and AD, one question");
        assert_eq!(&q[12..], b"\x08_mta-sts\x07example\x03com\x00\x00\x10\x00\x01");
        assert_eq!(base64url(&build_query("www.example.com", RecordType::A).unwrap()), "AAABIAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB");
        assert!(build_query("a..b", RecordType::A).is_err());
        let header = Message::from_octets(build_query("example.com", RecordType::Mx).unwrap()).unwrap().header();
        assert!(header.rd() && header.ad() && !header.qr() && !header.cd());
    }

    #[test]
    fn answers_are_read_with_cnames_rcode_and_ad() {
        let name = "_mta-sts.example.com";
        let bytes = answer(
            (name, Rtype::TXT),
            0,
            |h| {
                h.set_ad(true);
                h.set_ra(true);
            },
            &[
                (name, RecordData::Cname("sts.provider.example".into())),
                ("sts.provider.example", txt(&["v=STSv1; ", "id=2024"])),
                ("sts.provider.example", txt(&["v=spf1 -all"])),
            ],
        );
        let a = parse_answer(&bytes, "_MTA-STS.Example.com", RecordType::Txt).unwrap();
        assert_eq!(a.rcode, Rcode::NoError);
        assert!(a.authenticated_data);
        assert_eq!(
            a.records,
            [
                DnsRecord { name: name.into(), data: RecordData::Cname("sts.provider.example".into()) },
                DnsRecord { name: "sts.provider.example".into(), data: txt(&["v=STSv1; ", "id=2024"]) },
                DnsRecord { name: "sts.provider.example".into(), data: txt(&["v=spf1 -all"]) },
            ]
        );

        let mx = answer(
            ("example.com", Rtype::MX),
            0,
            |_| {},
            &[("example.com", RecordData::Mx(10, "mx1.example.com".into())), ("example.com", RecordData::Mx(0, ".".into()))],
        );
        let a = parse_answer(&mx, "example.com", RecordType::Mx).unwrap();
        assert!(!a.authenticated_data);
        assert_eq!(a.records[0].data, RecordData::Mx(10, "mx1.example.com".into()));
        let RecordData::Mx(0, null) = &a.records[1].data else { panic!("{:?}", a.records[1]) };
        assert!(null.trim_end_matches('.').is_empty(), "the root, as a null MX has it: {null:?}");

        let ips = answer(
            ("mta-sts.example.com", Rtype::AAAA),
            0,
            |_| {},
            &[("mta-sts.example.com", RecordData::Aaaa("2001:db8::10".parse().unwrap()))],
        );
        assert_eq!(
            parse_answer(&ips, "mta-sts.example.com", RecordType::Aaaa).unwrap().records[0].data,
            RecordData::Aaaa("2001:db8::10".parse().unwrap())
        );
        let v4 =
            answer(("mta-sts.example.com", Rtype::A), 0, |_| {}, &[("mta-sts.example.com", RecordData::A("192.0.2.10".parse().unwrap()))]);
        assert_eq!(
            parse_answer(&v4, "mta-sts.example.com", RecordType::A).unwrap().records[0].data,
            RecordData::A("192.0.2.10".parse().unwrap())
        );

        for (code, rcode) in [
            (domain::base::iana::Rcode::NXDOMAIN, Rcode::NxDomain),
            (domain::base::iana::Rcode::SERVFAIL, Rcode::ServFail),
            (domain::base::iana::Rcode::REFUSED, Rcode::Refused),
            (domain::base::iana::Rcode::NOTIMP, Rcode::Other(4)),
        ] {
            let bytes = answer(("example.com", Rtype::MX), 0, |h| h.set_rcode(code), &[]);
            let a = parse_answer(&bytes, "example.com", RecordType::Mx).unwrap();
            assert_eq!((a.rcode, a.records.len()), (rcode, 0));
        }
    }

    #[test]
    fn broken_answers_are_errors_never_panics() {
        let name = "_mta-sts.example.com";
        let good = answer((name, Rtype::TXT), 0, |_| {}, &[(name, txt(&["v=STSv1; id=1"])), (name, txt(&["v=STSv1; id=2"]))]);
        assert_eq!(parse_answer(&good, name, RecordType::Txt).unwrap().records.len(), 2);

        let err = |bytes: &[u8]| parse_answer(bytes, name, RecordType::Txt).unwrap_err();
        // Every cut of the message: never a panic, never a partial answer taken as whole.
        for cut in 0..good.len() {
            let _ = err(&good[..cut]);
        }
        assert!(err(b"not dns").contains("not a DNS message"));
        assert!(err(b"").contains("not a DNS message"));
        let mut counts = good.clone();
        counts[7] += 2; // ANCOUNT says two more records than there are
        assert!(err(&counts).contains("malformed"), "{}", err(&counts));
        let mut more = good.clone();
        more[11] = 1; // ARCOUNT 1, no additional record
        assert!(err(&more).contains("malformed"));
        let tc = answer((name, Rtype::TXT), 0, |h| h.set_tc(true), &[]);
        assert!(err(&tc).contains("truncated"));
        assert!(err(&answer((name, Rtype::TXT), 0x1234, |_| {}, &[])).contains("ID"));
        assert!(err(&answer(("other.example.com", Rtype::TXT), 0, |_| {}, &[])).contains("another question"));
        assert!(err(&answer((name, Rtype::MX), 0, |_| {}, &[])).contains("another question"));
        assert!(err(&build_query(name, RecordType::Txt).unwrap()).contains("not a response"));
        // A record whose data is not what its type says.
        let mut bad = answer((name, Rtype::TXT), 0, |_| {}, &[(name, RecordData::A("192.0.2.1".parse().unwrap()))]);
        let type_at = bad.len() - 14; // owner (2-byte pointer) | TYPE | CLASS | TTL | RDLENGTH | 4 bytes
        assert_eq!(&bad[type_at..type_at + 2], &[0, 1]);
        bad[type_at + 1] = 28; // AAAA with 4 bytes of data
        assert!(err(&bad).contains("malformed"), "{}", err(&bad));
    }
}
