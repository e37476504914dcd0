//! The vocabulary of the domain check: which checks there are, in report order, what each
//! is called and looks at, and which text the positions of its findings refer to. Every
//! face (the page's pending rows, report exports) takes these from here.

/// One check of a domain check; serialized as its stable kebab-case id (`sts-record`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CheckId {
    /// The `_mta-sts` TXT record set.
    StsRecord,
    /// The `_smtp._tls` TXT record set.
    TlsRptRecord,
    /// The MX records.
    Mx,
    /// The address of `mta-sts.DOMAIN`.
    PolicyHost,
    /// The HTTPS certificate of `mta-sts.DOMAIN` (a TLS probe).
    PolicyHostTls,
    /// The HTTPS fetch of the policy.
    PolicyFetch,
    /// The policy body through the policy linter.
    PolicySyntax,
    /// The MX hosts against the policy's `mx` patterns.
    MxCoverage,
    /// STARTTLS and the certificate of each MX host (TLS probes on port 25).
    MxTls,
    /// The record, the policy and the previous check against each other.
    Consistency,
}

/// The text the positions of a check's diagnostics refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum PositionsIn {
    /// The `_mta-sts` records as linted ([`crate::record::RecordSetReport::text`]).
    Sts,
    /// The `_smtp._tls` records as linted.
    Tlsrpt,
    /// The policy body (fetched or pasted).
    Policy,
    /// Nothing: the check's findings have an empty range at 0.
    None,
}

impl CheckId {
    /// Every check, in the order of [`super::CheckReport::checks`].
    pub const ALL: [CheckId; 10] = [
        CheckId::StsRecord,
        CheckId::TlsRptRecord,
        CheckId::Mx,
        CheckId::PolicyHost,
        CheckId::PolicyHostTls,
        CheckId::PolicyFetch,
        CheckId::PolicySyntax,
        CheckId::MxCoverage,
        CheckId::MxTls,
        CheckId::Consistency,
    ];

    /// The stable id, e.g. `sts-record` (scenarios and exports use it).
    pub const fn as_str(self) -> &'static str {
        match self {
            CheckId::StsRecord => "sts-record",
            CheckId::TlsRptRecord => "tlsrpt-record",
            CheckId::Mx => "mx",
            CheckId::PolicyHost => "policy-host",
            CheckId::PolicyHostTls => "policy-host-tls",
            CheckId::PolicyFetch => "policy-fetch",
            CheckId::PolicySyntax => "policy-syntax",
            CheckId::MxCoverage => "mx-coverage",
            CheckId::MxTls => "mx-tls",
            CheckId::Consistency => "consistency",
        }
    }

    /// The check with this id.
    pub fn parse(id: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|c| c.as_str() == id)
    }

    /// A heading for people.
    pub const fn title(self) -> &'static str {
        match self {
            CheckId::StsRecord => "MTA-STS TXT record",
            CheckId::TlsRptRecord => "TLS-RPT TXT record",
            CheckId::Mx => "MX records",
            CheckId::PolicyHost => "Policy host address",
            CheckId::PolicyHostTls => "Policy host certificate",
            CheckId::PolicyFetch => "Policy fetch",
            CheckId::PolicySyntax => "Policy syntax",
            CheckId::MxCoverage => "MX coverage",
            CheckId::MxTls => "MX host TLS",
            CheckId::Consistency => "Record and policy consistency",
        }
    }

    /// What the check looks at and why, in one sentence.
    pub const fn purpose(self) -> &'static str {
        match self {
            CheckId::StsRecord => {
                "The `_mta-sts` TXT record tells senders that the domain has a policy and which version (`id`) it is (RFC 8461 §3.1)."
            }
            CheckId::TlsRptRecord => {
                "The `_smtp._tls` TXT record says where senders report TLS failures, so that problems are seen (RFC 8460 §3)."
            }
            CheckId::Mx => "The MX records name the hosts that receive the domain's mail, which the policy must cover (RFC 8461 §4.1).",
            CheckId::PolicyHost => "`mta-sts.DOMAIN` needs an address, or senders cannot fetch the policy from it (RFC 8461 §3.3).",
            CheckId::PolicyHostTls => {
                "`mta-sts.DOMAIN` must present a certificate that names it, is in date and chains to a trusted root, or senders cannot fetch the policy (RFC 8461 §3.3)."
            }
            CheckId::PolicyFetch => {
                "The policy must be served over HTTPS with status 200, as `text/plain`, without a redirect and within 64 KiB (RFC 8461 §3.3)."
            }
            CheckId::PolicySyntax => "The policy file must follow the RFC's grammar, or senders reject it (RFC 8461 §3.2).",
            CheckId::MxCoverage => {
                "Every MX host must match an `mx` pattern of the policy, or senders treat it as invalid (RFC 8461 §4.1)."
            }
            CheckId::MxTls => {
                "Every MX host must offer STARTTLS with a certificate that names it, is in date and chains to a trusted root, or senders enforcing the policy refuse it (RFC 8461 §4.2)."
            }
            CheckId::Consistency => {
                "The record and the policy must agree, and `id` must change with the policy, or senders keep an old copy (RFC 8461 §3.1, §5.1)."
            }
        }
    }

    /// Which text the positions of this check's diagnostics refer to.
    pub const fn positions(self) -> PositionsIn {
        match self {
            CheckId::StsRecord => PositionsIn::Sts,
            CheckId::TlsRptRecord => PositionsIn::Tlsrpt,
            CheckId::PolicySyntax => PositionsIn::Policy,
            CheckId::Mx
            | CheckId::PolicyHost
            | CheckId::PolicyHostTls
            | CheckId::PolicyFetch
            | CheckId::MxCoverage
            | CheckId::MxTls
            | CheckId::Consistency => PositionsIn::None,
        }
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CheckId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_every_check_is_described() {
        for id in CheckId::ALL {
            assert_eq!(CheckId::parse(id.as_str()), Some(id));
            assert!(!id.title().is_empty() && id.purpose().ends_with(")."), "{id}");
        }
        assert_eq!(CheckId::parse("sts"), None);
        let mut sorted = CheckId::ALL;
        sorted.sort();
        assert_eq!(sorted, CheckId::ALL, "ALL is in declaration (report) order");
    }
}
