//! The DNS records to publish, in the two forms people paste them into: a zone-file line
//! (quoted character-strings of at most 255 bytes, RFC 1035 §3.3.14) and the host and value
//! a DNS provider's web panel asks for (the value without quotes: the panel adds them).

/// The TTL of the generated records: an hour, so that a new `id` reaches senders quickly.
pub const RECORD_TTL: u32 = 3600;

/// The longest character-string of a TXT record (RFC 1035 §3.3).
const MAX_STRING: usize = 255;

/// The type of a record to publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordType {
    /// A TXT record.
    Txt,
    /// A CNAME record.
    Cname,
}

impl RecordType {
    /// The type as zone files write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            RecordType::Txt => "TXT",
            RecordType::Cname => "CNAME",
        }
    }
}

/// One record to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecord {
    /// The name relative to the domain, as panels ask for it: `_mta-sts`, `_smtp._tls`, `mta-sts`.
    pub host: String,
    /// The domain, when known; without it the zone-file line uses the relative name.
    pub domain: Option<String>,
    /// The record type.
    pub rtype: RecordType,
    /// The value as senders see it: for TXT, the character-strings joined (no quotes).
    pub value: String,
    /// Time to live in seconds.
    pub ttl: u32,
}

impl DnsRecord {
    /// A record of `rtype` at `host` under `domain`.
    pub fn new(host: &str, domain: Option<&str>, rtype: RecordType, value: String) -> DnsRecord {
        DnsRecord { host: host.to_string(), domain: domain.map(str::to_string), rtype, value, ttl: RECORD_TTL }
    }

    /// The owner name: fully qualified with the final dot (`_mta-sts.example.com.`), or
    /// relative to the zone's `$ORIGIN` (`_mta-sts`) when the domain is not known.
    pub fn owner(&self) -> String {
        match &self.domain {
            Some(domain) => format!("{}.{domain}.", self.host),
            None => self.host.clone(),
        }
    }

    /// The line for a zone file (BIND, NSD, Knot; also what `dig` prints).
    pub fn zone_line(&self) -> String {
        let data = match self.rtype {
            RecordType::Txt => quote(&self.value),
            RecordType::Cname => self.value.clone(),
        };
        format!("{} {} IN {} {data}", self.owner(), self.ttl, self.rtype.as_str())
    }
}

/// The value as quoted character-strings of at most 255 bytes each, `"` and `\` escaped;
/// senders join them with no separator, so the cut points do not matter (never inside a
/// UTF-8 sequence, though: a generated value is ASCII, this keeps any other value whole).
fn quote(value: &str) -> String {
    let mut strings = Vec::new();
    let mut rest = value;
    while !rest.is_empty() || strings.is_empty() {
        let mut cut = rest.len().min(MAX_STRING);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        strings.push(format!("\"{}\"", head.replace('\\', "\\\\").replace('"', "\\\"")));
        rest = tail;
    }
    strings.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_lines_quote_and_split_long_values() {
        let r = DnsRecord::new("_mta-sts", Some("example.com"), RecordType::Txt, "v=STSv1; id=20260423120000".into());
        assert_eq!(r.zone_line(), "_mta-sts.example.com. 3600 IN TXT \"v=STSv1; id=20260423120000\"");
        let relative = DnsRecord { domain: None, ..r };
        assert_eq!(relative.zone_line(), "_mta-sts 3600 IN TXT \"v=STSv1; id=20260423120000\"");
        let long = format!("v=TLSRPTv1; rua=mailto:{}@example.com", "a".repeat(300));
        let line = DnsRecord::new("_smtp._tls", None, RecordType::Txt, long.clone()).zone_line();
        let strings: Vec<&str> = line.split(" IN TXT ").nth(1).unwrap_or("").split("\" \"").collect();
        assert_eq!(strings.len(), 2);
        assert_eq!(strings.concat().replace('"', ""), long);
    }
}
