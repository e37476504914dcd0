//! The result types of RFC 8460 §4.3: why a sender's TLS session failed, in plain words, with
//! what to fix.

use std::fmt;

/// A `result-type` of a failure detail.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResultType {
    /// One of the types RFC 8460 §4.3 registers.
    Known(KnownResultType),
    /// A type the RFC does not register (a sender's own, or a newer registration): counted
    /// under its own name.
    Other(String),
}

macro_rules! result_types {
    ($( $variant:ident => $id:literal, $sts:literal, $what:literal, $fix:literal; )*) => {
        /// The registered result types (RFC 8460 §4.3, the IANA "STARTTLS Validation Result Types").
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum KnownResultType { $( #[doc = $what] $variant, )* }

        impl KnownResultType {
            /// Every registered type, in the RFC's order.
            pub const ALL: &'static [KnownResultType] = &[$(KnownResultType::$variant,)*];

            /// The name in reports, e.g. `certificate-expired`.
            pub const fn as_str(self) -> &'static str {
                match self { $(KnownResultType::$variant => $id,)* }
            }

            /// Whether a failure of this type would stop delivery once the policy is `enforce`
            /// (docs/DECISIONS.md, "Ready to move to `enforce`").
            pub const fn sts_related(self) -> bool {
                match self { $(KnownResultType::$variant => $sts,)* }
            }

            /// What happened, in plain words.
            pub const fn explanation(self) -> &'static str {
                match self { $(KnownResultType::$variant => $what,)* }
            }

            /// What to fix.
            pub const fn advice(self) -> &'static str {
                match self { $(KnownResultType::$variant => $fix,)* }
            }
        }
    };
}

result_types! {
    StarttlsNotSupported => "starttls-not-supported", true,
        "The receiving MX did not offer STARTTLS, so the sender could not encrypt the session.",
        "Enable STARTTLS on that MX host (and check that no firewall or proxy strips it).";
    CertificateHostMismatch => "certificate-host-mismatch", true,
        "The MX host's certificate does not name the host the sender connected to.",
        "Serve a certificate whose names include the MX host name (a SAN entry for it, or a wildcard covering it).";
    CertificateExpired => "certificate-expired", true,
        "The MX host's certificate had expired.",
        "Renew the certificate on that MX host and automate renewal; reload the mail server after renewal.";
    CertificateNotTrusted => "certificate-not-trusted", true,
        "The MX host's certificate is self-signed or not chained to a public CA the sender trusts.",
        "Use a certificate from a public CA and send the full chain (the intermediate certificates too).";
    ValidationFailure => "validation-failure", true,
        "Some other problem with the certificate or the TLS handshake made validation fail.",
        "Check the MX host's TLS setup (protocol versions, ciphers, chain) with a TLS tester; the failure details' `additional-information` may say more.";
    TlsaInvalid => "tlsa-invalid", false,
        "A DANE TLSA record for the MX host is malformed or does not match its certificate.",
        "Fix or republish the TLSA records so they match the certificate now served (publish the new one before rolling the certificate).";
    DnssecInvalid => "dnssec-invalid", false,
        "DNSSEC validation of the TLSA records (or the MX records) failed.",
        "Repair the DNSSEC chain of the zone (DS record at the parent, signatures not expired).";
    DaneRequired => "dane-required", false,
        "The sender requires DANE for this domain but found no usable TLSA records.",
        "Publish valid TLSA records in a DNSSEC-signed zone, or ask the sender why it requires DANE.";
    StsPolicyFetchError => "sts-policy-fetch-error", true,
        "The sender could not fetch the MTA-STS policy from `https://mta-sts.DOMAIN/.well-known/mta-sts.txt`.",
        "Make the policy host answer over HTTPS with status 200 and no redirect; run `mtasts check` on the domain.";
    StsPolicyInvalid => "sts-policy-invalid", true,
        "The MTA-STS policy the sender fetched is not valid.",
        "Fix the policy file (run `mtasts lint` on it) and change the `id` of the `_mta-sts` record so senders fetch it again.";
    StsWebpkiInvalid => "sts-webpki-invalid", true,
        "The certificate of the policy host mta-sts.DOMAIN is not valid for HTTPS.",
        "Serve a publicly trusted certificate for mta-sts.DOMAIN with its full chain.";
}

impl ResultType {
    /// The registered type named `name`, or [`ResultType::Other`].
    pub fn parse(name: &str) -> ResultType {
        KnownResultType::ALL
            .iter()
            .find(|t| t.as_str() == name)
            .map_or_else(|| ResultType::Other(name.to_string()), |t| ResultType::Known(*t))
    }

    /// The name as reports write it.
    pub fn as_str(&self) -> &str {
        match self {
            ResultType::Known(t) => t.as_str(),
            ResultType::Other(name) => name,
        }
    }

    /// Whether a failure of this type blocks `enforce`; an unregistered type does not, as
    /// nothing says what it is (it is shown, with a note, all the same).
    pub fn sts_related(&self) -> bool {
        matches!(self, ResultType::Known(t) if t.sts_related())
    }

    /// What happened, in plain words.
    pub fn explanation(&self) -> &'static str {
        match self {
            ResultType::Known(t) => t.explanation(),
            ResultType::Other(_) => "A result type RFC 8460 does not register: the sender's own name for a failure.",
        }
    }

    /// What to fix.
    pub fn advice(&self) -> &'static str {
        match self {
            ResultType::Known(t) => t.advice(),
            ResultType::Other(_) => "Read the failure details' `additional-information`, or ask the reporting organisation what it means.",
        }
    }
}

impl fmt::Display for ResultType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
