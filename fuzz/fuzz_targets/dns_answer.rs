//! The live check's DNS wire format (`mtasts::check::dns_wire`): arbitrary bytes read as the
//! DNS-over-HTTPS answer to a question. Never panics; an answer is accepted only when it is a
//! complete response to exactly the question asked (ID 0, QR set, TC clear, one question with
//! that name, type and class IN, nothing after the last record), and what it yields agrees with
//! an independent walk of the message written here (rcode, AD, every A/AAAA/CNAME/MX/TXT record
//! of the answer section in order, its owner and data, all of class IN; TXT records of one or
//! more strings of at most 255 characters; valid names). Round trip: the query `build_query` writes for a name is a message with that
//! question, and the same message with QR set is accepted as an empty answer.
//!
//! Input: the first byte picks the question (see `QUESTIONS`; with bit 7 set, the name is the
//! one the message's own question holds); the rest is the message. The message bytes are also
//! tried as a name for `build_query` (round trip for odd names).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtasts::check::{Rcode, RecordData, RecordType};
use mtasts::check::dns_wire::{MAX_MESSAGE, build_query, parse_answer};

/// What the engine asks (`_mta-sts`, `_smtp._tls`, MX, A, AAAA) and a few odd but valid ones.
const QUESTIONS: [(&str, RecordType); 8] = [
    ("_mta-sts.example.com", RecordType::Txt),
    ("_smtp._tls.example.com", RecordType::Txt),
    ("example.com", RecordType::Mx),
    ("mta-sts.example.com", RecordType::A),
    ("mta-sts.example.com", RecordType::Aaaa),
    ("example.com", RecordType::Cname),
    ("a", RecordType::Txt),
    ("mta-sts.Example.COM", RecordType::A),
];

fn type_code(t: RecordType) -> u16 {
    match t {
        RecordType::A => 1,
        RecordType::Cname => 5,
        RecordType::Mx => 15,
        RecordType::Txt => 16,
        RecordType::Aaaa => 28,
    }
}

fn u16_at(m: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*m.get(at)?, *m.get(at + 1)?]))
}

/// An independent, deliberately lenient reader of a (possibly compressed) name at `at`: its
/// labels and the position after it in the message. Pointers may go anywhere (at most 300 of
/// them); the crate's stricter reader must never accept a name this one cannot read.
fn read_name(m: &[u8], mut at: usize) -> Option<(Vec<Vec<u8>>, usize)> {
    let mut labels = Vec::new();
    let mut end = None;
    let mut wire_len = 1;
    for _ in 0..300 {
        let len = *m.get(at)?;
        match len {
            0 => return Some((labels, end.unwrap_or(at + 1))),
            1..=63 => {
                let label = m.get(at + 1..at + 1 + usize::from(len))?;
                wire_len += label.len() + 1;
                if wire_len > 255 {
                    return None;
                }
                labels.push(label.to_vec());
                at += 1 + usize::from(len);
            }
            0xc0..=0xff => {
                let ptr = usize::from(u16_at(m, at)? & 0x3fff);
                end.get_or_insert(at + 2);
                at = ptr;
            }
            _ => return None,
        }
    }
    None
}

/// A name as the module writes it: labels joined by `.`, bytes outside printable ASCII and `.`,
/// `\` as `\DDD`; the root as `.`.
fn presentation(labels: &[Vec<u8>]) -> String {
    if labels.is_empty() {
        return ".".into();
    }
    let mut out = String::new();
    for (i, label) in labels.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        for &b in label {
            if b.is_ascii_graphic() && b != b'.' && b != b'\\' {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("\\{b:03}"));
            }
        }
    }
    out
}

/// `text` read back as wire labels (`\DDD` and `\X` escapes), asserted to be a valid name:
/// labels of 1–63 bytes, at most 255 bytes on the wire.
fn assert_valid_name(text: &str, what: &str) {
    if text == "." {
        return;
    }
    let b = text.as_bytes();
    let (mut labels, mut label, mut i) = (Vec::new(), Vec::new(), 0);
    while i < b.len() {
        match b[i] {
            b'.' => labels.push(std::mem::take(&mut label)),
            b'\\' => {
                let digits = std::str::from_utf8(b.get(i + 1..i + 4).expect("escape cut short")).expect("escape");
                label.push(digits.parse::<u8>().unwrap_or_else(|_| panic!("{what}: bad escape in {text:?}")));
                i += 3;
            }
            c => label.push(c),
        }
        i += 1;
    }
    labels.push(label);
    assert!(labels.iter().all(|l| (1..=63).contains(&l.len())), "{what}: a label of {text:?} is empty or too long");
    assert!(labels.iter().map(|l| l.len() + 1).sum::<usize>() < 255, "{what}: {text:?} is too long");
}

/// The answer section as an independent walk of the message sees it: the records of the types the
/// checks read, `(owner, data)`, or `None` when this walk cannot read the message to its end.
fn expected_records(m: &[u8]) -> Option<Vec<(String, RecordData)>> {
    let counts = [u16_at(m, 4)?, u16_at(m, 6)?, u16_at(m, 8)?, u16_at(m, 10)?];
    let (_, mut at) = read_name(m, 12)?;
    at += 4;
    let mut records = Vec::new();
    for (section, &count) in counts.iter().enumerate().skip(1) {
        for _ in 0..count {
            let (owner, after) = read_name(m, at)?;
            let (rtype, class, rdlen) = (u16_at(m, after)?, u16_at(m, after + 2)?, usize::from(u16_at(m, after + 8)?));
            let (start, end) = (after + 10, after + 10 + rdlen);
            let rdata = m.get(start..end)?;
            at = end;
            if section != 1 {
                continue;
            }
            // An answer to an IN question holds IN records only.
            (class == 1).then_some(())?;
            let data = match rtype {
                1 => RecordData::A(<[u8; 4]>::try_from(rdata).ok()?.into()),
                28 => RecordData::Aaaa(<[u8; 16]>::try_from(rdata).ok()?.into()),
                5 => {
                    let (target, after) = read_name(m, start)?;
                    (after == end).then_some(())?;
                    RecordData::Cname(presentation(&target))
                }
                15 => {
                    let (host, after) = read_name(m, start + 2)?;
                    (after == end).then_some(())?;
                    RecordData::Mx(u16_at(m, start)?, presentation(&host))
                }
                16 => {
                    let (mut strings, mut rest) = (Vec::new(), rdata);
                    while let Some((&len, tail)) = rest.split_first() {
                        let s = tail.get(..usize::from(len))?;
                        strings.push(String::from_utf8_lossy(s).into_owned());
                        rest = &tail[usize::from(len)..];
                    }
                    RecordData::Txt(strings)
                }
                _ => continue,
            };
            records.push((presentation(&owner), data));
        }
    }
    (at == m.len()).then_some(records)
}

/// The query for `name` is a message with exactly that question; with QR set, it is accepted as
/// an empty answer.
fn round_trip(name: &str, t: RecordType) {
    let labels: Vec<&str> = name.split('.').collect();
    let buildable = labels.iter().all(|l| (1..=63).contains(&l.len())) && labels.iter().map(|l| l.len() + 1).sum::<usize>() < 255;
    let query = match build_query(name, t) {
        Ok(q) => q,
        Err(e) => {
            assert!(!buildable, "build_query refused the valid name {name:?}: {e}");
            return;
        }
    };
    assert!(buildable, "build_query accepted {name:?}");
    assert_eq!(&query[..12], &[0, 0, 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, 0], "query header for {name:?}");
    let (qname, after) = read_name(&query, 12).expect("the query's name reads back");
    assert_eq!(qname, labels.iter().map(|l| l.as_bytes().to_vec()).collect::<Vec<_>>(), "query name for {name:?}");
    assert_eq!(&query[after..], &[(type_code(t) >> 8) as u8, type_code(t) as u8, 0, 1], "type and class IN");
    let mut response = query;
    response[2] |= 0x80;
    let answer = parse_answer(&response, &name.to_ascii_uppercase(), t)
        .unwrap_or_else(|e| panic!("the query for {name:?} as a response was refused: {e}"));
    assert_eq!((answer.rcode, answer.records.len(), answer.authenticated_data), (Rcode::NoError, 0, true));
}

/// The question the message itself holds, as a name `build_query` could take (labels joined by
/// `.`), so answers to any name (seeds from `tests/scenarios`) reach past the question check.
fn own_question(m: &[u8]) -> Option<String> {
    let (labels, _) = read_name(m, 12)?;
    let labels: Vec<&str> = labels.iter().map(|l| std::str::from_utf8(l).ok().filter(|l| !l.contains('.'))).collect::<Option<_>>()?;
    (!labels.is_empty()).then(|| labels.join("."))
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, message)) = data.split_first() else { return };
    // Bit 7 of the first byte: ask the message's own question name; the rest picks the question
    // (or only its type) from `QUESTIONS`.
    let (mut name, t) = QUESTIONS[usize::from(pick & 0x7f) % QUESTIONS.len()];
    let own = if pick & 0x80 != 0 { own_question(message) } else { None };
    if let Some(own) = &own {
        name = own;
    }
    round_trip(name, t);
    if message.len() <= 300 {
        round_trip(&String::from_utf8_lossy(message), t);
    }

    let Ok(answer) = parse_answer(message, name, t) else { return };
    // Accepted: a response to exactly this question.
    let m = message;
    assert!(m.len() <= MAX_MESSAGE);
    assert_eq!(u16_at(m, 0), Some(0), "ID 0");
    assert!(m[2] & 0x80 != 0, "QR set");
    assert!(m[2] & 0x02 == 0, "TC clear");
    assert_eq!(u16_at(m, 4), Some(1), "one question");
    let (qname, after) = read_name(m, 12).expect("the question's name reads");
    let asked: Vec<&[u8]> = name.split('.').map(str::as_bytes).collect();
    assert!(
        qname.len() == asked.len() && qname.iter().zip(&asked).all(|(a, b)| a.eq_ignore_ascii_case(b)),
        "accepted an answer for {:?}, asked {name:?}",
        presentation(&qname)
    );
    assert_eq!(u16_at(m, after), Some(type_code(t)), "question type");
    assert_eq!(u16_at(m, after + 2), Some(1), "question class IN");
    let rcode = match m[3] & 0x0f {
        0 => Rcode::NoError,
        2 => Rcode::ServFail,
        3 => Rcode::NxDomain,
        5 => Rcode::Refused,
        n => Rcode::Other(u16::from(n)),
    };
    assert_eq!(answer.rcode, rcode);
    assert_eq!(answer.authenticated_data, m[3] & 0x20 != 0, "AD");
    assert!(answer.records.len() <= usize::from(u16_at(m, 6).unwrap_or(0)), "more records than ANCOUNT");
    for r in &answer.records {
        assert_valid_name(&r.name, "owner");
        match &r.data {
            RecordData::Txt(strings) => {
                assert!(!strings.is_empty(), "a TXT record without strings");
                for s in strings {
                    assert!(s.chars().count() <= 255, "a TXT string of {} characters", s.chars().count());
                }
            }
            RecordData::Mx(_, host) => assert_valid_name(host, "MX host"),
            RecordData::Cname(target) => assert_valid_name(target, "CNAME target"),
            RecordData::A(_) | RecordData::Aaaa(_) => {}
        }
    }
    let expected = expected_records(m).expect("an accepted answer reads to its end");
    let got: Vec<(String, RecordData)> = answer.records.into_iter().map(|r| (r.name, r.data)).collect();
    assert_eq!(got, expected, "the records differ from an independent reading");
});
