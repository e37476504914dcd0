//! The one registry of diagnostic codes.
//!
//! Codes are stable: a code is never renamed or reused, so CI pipelines, SARIF
//! consumers and the web page's `data-code` hooks can rely on them. Each code
//! carries its default severity, the RFC section whose text it enforces, and a
//! one-line summary used in documentation and SARIF rule metadata.

use crate::diagnostic::Severity;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident => $id:literal, $sev:ident, $rfc:literal, $summary:literal; )*) => {
        /// A stable diagnostic code such as `policy/mode-invalid`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable identifier, e.g. `policy/mode-invalid`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            /// The severity a diagnostic with this code has unless the rule says otherwise.
            pub const fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// The RFC section the rule comes from, e.g. `RFC 8461 §3.2`.
            pub const fn rfc(self) -> &'static str {
                match self { $(Code::$variant => $rfc,)* }
            }

            /// A one-line description of the rule, for documentation and SARIF.
            pub const fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// The long form (`docs/codes/<prefix>/<name>.md`): what it means, why it
            /// matters, an example and its fix; read it with [`crate::long_form::parse`].
            /// Behind the `docs` feature, so the wasm build does not carry the text.
            #[cfg(feature = "docs")]
            pub const fn long_form(self) -> &'static str {
                match self { $(Code::$variant => include_str!(concat!("../docs/codes/", $id, ".md")),)* }
            }
        }
    };
}

codes! {
    // ---- policy file, RFC 8461 §3.2 / §3.3 ----
    /// The policy file has no content at all.
    PolicyEmpty => "policy/empty", Error, "RFC 8461 §3.2", "The policy file is empty.";
    /// The body exceeds the 64 KiB senders must accept.
    PolicyTooLarge => "policy/too-large", Error, "RFC 8461 §3.3", "The policy file is larger than 64 KiB; senders may refuse it.";
    /// A UTF-8 byte order mark precedes the first field name.
    PolicyBom => "policy/bom", Error, "RFC 8461 §3.2", "A byte order mark (BOM) at the start breaks the first field name.";
    /// Bytes that are not UTF-8.
    PolicyInvalidUtf8 => "policy/invalid-utf8", Error, "RFC 8461 §3.2", "The policy file contains bytes that are not valid UTF-8.";
    /// NUL, DEL or another control character.
    PolicyControlChar => "policy/control-char", Error, "RFC 8461 §3.2", "The policy file contains a control character.";
    /// A carriage return not followed by a line feed.
    PolicyLoneCr => "policy/lone-cr", Error, "RFC 8461 §3.2", "A carriage return (CR) without a line feed is not a line ending.";
    /// Both LF and CRLF line endings are used.
    PolicyMixedLineEndings => "policy/mixed-line-endings", Info, "RFC 8461 §3.2", "The file mixes LF and CRLF line endings.";
    /// An empty or whitespace-only line.
    PolicyBlankLine => "policy/blank-line", Error, "RFC 8461 §3.2", "Blank lines are not allowed in a policy file.";
    /// A `#` comment line.
    PolicyComment => "policy/comment", Error, "RFC 8461 §3.2", "Policy files have no comment syntax.";
    /// Whitespace before the field name.
    PolicyLeadingWhitespace => "policy/leading-whitespace", Error, "RFC 8461 §3.2", "A line must start with the field name, not with whitespace.";
    /// Every line indented by the same whitespace, as when copied out of a YAML file or heredoc.
    PolicyIndented => "policy/indented", Error, "RFC 8461 §3.2", "Every line is indented; each line must start with its field name.";
    /// Jekyll or Hugo front matter (`---` … `---`) at the top of a local source file.
    PolicyFrontMatter => "policy/front-matter", Info, "RFC 8461 §3.2", "Static-site front matter at the top: the site generator strips it, so what follows is checked.";
    /// A line that is not `name: value`.
    PolicyMissingColon => "policy/missing-colon", Error, "RFC 8461 §3.2", "Each line must be a `name: value` pair.";
    /// Whitespace between the field name and the colon.
    PolicySpaceBeforeColon => "policy/space-before-colon", Error, "RFC 8461 §3.2", "There must be no whitespace between a field name and its colon.";
    /// `# …` after the value of a registered field.
    PolicyInlineComment => "policy/inline-comment", Error, "RFC 8461 §3.2", "A `#` after a value does not start a comment; it is part of the value.";
    /// A field with an empty value followed by YAML-style `- item` lines.
    PolicyYamlList => "policy/yaml-list", Error, "RFC 8461 §3.2", "A YAML-style list under a field; a policy file has one `name: value` per line.";
    /// A field name outside the extension-name grammar.
    PolicyFieldNameInvalid => "policy/field-name-invalid", Error, "RFC 8461 §3.2", "The field name is not a valid name.";
    /// An extension field whose name resembles a registered field.
    PolicyFieldNameLookalike => "policy/field-name-lookalike", Info, "RFC 8461 §3.2", "This field name resembles a registered field; senders treat it as an unknown extension and ignore it.";
    /// An extension field with an empty or malformed value.
    PolicyExtensionValueInvalid => "policy/extension-value-invalid", Error, "RFC 8461 §3.2", "The extension field's value is empty or contains characters that are not allowed.";
    /// Non-ASCII text where only ASCII is allowed.
    PolicyNonAscii => "policy/non-ascii", Error, "RFC 8461 §3.2", "Only extension values may contain non-ASCII characters.";
    /// `version`, `mode` or `max_age` appears more than once.
    PolicyDuplicateField => "policy/duplicate-field", Warning, "RFC 8461 §3.2", "A field appears more than once; senders disagree on which one wins.";
    /// No `version` field.
    PolicyVersionMissing => "policy/version-missing", Error, "RFC 8461 §3.2", "The required `version` field is missing.";
    /// `version` is not `STSv1`.
    PolicyVersionInvalid => "policy/version-invalid", Error, "RFC 8461 §3.2", "The `version` field must be exactly `STSv1`.";
    /// No `mode` field.
    PolicyModeMissing => "policy/mode-missing", Error, "RFC 8461 §3.2", "The required `mode` field is missing.";
    /// `mode` is not `enforce`, `testing` or `none`.
    PolicyModeInvalid => "policy/mode-invalid", Error, "RFC 8461 §3.2", "The `mode` field must be `enforce`, `testing` or `none` (lowercase).";
    /// `mode: none` offers no protection.
    PolicyModeNone => "policy/mode-none", Info, "RFC 8461 §3.2", "`mode: none` tells senders to stop applying MTA-STS.";
    /// No `max_age` field.
    PolicyMaxAgeMissing => "policy/max-age-missing", Error, "RFC 8461 §3.2", "The required `max_age` field is missing.";
    /// `max_age` is not 1 to 10 digits.
    PolicyMaxAgeInvalid => "policy/max-age-invalid", Error, "RFC 8461 §3.2", "`max_age` must be a plain number of seconds (1 to 10 digits).";
    /// `max_age` above 31557600.
    PolicyMaxAgeTooLarge => "policy/max-age-too-large", Error, "RFC 8461 §3.2", "`max_age` must not exceed 31557600 seconds (about one year).";
    /// `max_age` below one day.
    PolicyMaxAgeShort => "policy/max-age-short", Warning, "RFC 8461 §3.2", "`max_age` under one day: senders forget the policy almost at once.";
    /// `max_age` written with leading zeros.
    PolicyMaxAgeLeadingZeros => "policy/max-age-leading-zeros", Info, "RFC 8461 §3.2", "`max_age` has leading zeros.";
    /// No `mx` field while the mode needs one.
    PolicyMxMissing => "policy/mx-missing", Error, "RFC 8461 §3.2", "At least one `mx` field is required unless the mode is `none`.";
    /// An `mx` value that is not a domain name pattern.
    PolicyMxInvalid => "policy/mx-invalid", Error, "RFC 8461 §3.2", "The `mx` value is not a valid host name pattern.";
    /// Several patterns on one `mx` line.
    PolicyMxList => "policy/mx-list", Error, "RFC 8461 §3.2", "Each `mx` line holds exactly one pattern.";
    /// An IP address given as `mx`.
    PolicyMxIpAddress => "policy/mx-ip-address", Error, "RFC 8461 §3.2", "`mx` must be a host name, not an IP address.";
    /// An `mx` value ending in a dot.
    PolicyMxTrailingDot => "policy/mx-trailing-dot", Error, "RFC 8461 §3.2", "`mx` patterns must not end with a dot.";
    /// A label longer than 63 octets.
    PolicyMxLabelTooLong => "policy/mx-label-too-long", Error, "RFC 1035 §2.3.4", "A label of a host name is longer than 63 characters.";
    /// A name longer than 253 octets.
    PolicyMxTooLong => "policy/mx-too-long", Error, "RFC 1035 §2.3.4", "The host name is longer than 253 characters.";
    /// A non-ASCII (U-label) host name.
    PolicyMxULabel => "policy/mx-u-label", Error, "RFC 8461 §3.2", "Internationalized names must be written as A-labels (`xn--…`).";
    /// An `xn--` label that is not valid Punycode of a U-label.
    PolicyMxALabelInvalid => "policy/mx-a-label-invalid", Error, "RFC 5891 §4.4", "A label starting with `xn--` must be the Punycode form of an internationalized name; this one does not decode.";
    /// An invisible or bidirectional-control character in an `mx` pattern.
    PolicyMxInvisibleChar => "policy/mx-invisible-char", Error, "RFC 5892 §2.6", "The `mx` pattern contains an invisible or text-direction character, which no host name may hold.";
    /// A label mixing Latin, Greek and Cyrillic letters, or a Greek or Cyrillic label of Latin look-alikes.
    PolicyMxMixedScript => "policy/mx-mixed-script", Warning, "RFC 4690 §4", "A label of the `mx` pattern mixes scripts (Latin, Greek, Cyrillic) or is made of letters that look Latin: it may imitate another name.";
    /// A wildcard other than one leading `*.` label.
    PolicyMxWildcardInvalid => "policy/mx-wildcard-invalid", Error, "RFC 8461 §3.2", "A wildcard may only be a single leading `*.` label.";
    /// A wildcard directly over a top-level domain.
    PolicyMxWildcardTld => "policy/mx-wildcard-tld", Warning, "RFC 8461 §4.1", "A wildcard directly over a top-level domain is almost certainly a mistake.";
    /// The same pattern twice.
    PolicyMxDuplicate => "policy/mx-duplicate", Info, "RFC 8461 §3.2", "The same `mx` pattern is listed twice.";

    // ---- _mta-sts TXT record, RFC 8461 §3.1 ----
    /// No `v=STSv1` record.
    StsNoRecord => "sts/no-record", Error, "RFC 8461 §3.1", "There is no `v=STSv1` TXT record, so senders see no MTA-STS policy.";
    /// More than one `v=STSv1` record.
    StsMultipleRecords => "sts/multiple-records", Error, "RFC 8461 §3.1", "More than one `v=STSv1` TXT record: senders ignore them all.";
    /// A record that senders discard.
    StsDiscardedRecord => "sts/discarded-record", Info, "RFC 8461 §3.1", "This TXT record does not start with `v=STSv1` and is ignored by senders.";
    /// The record's value carries its own quote characters.
    StsQuotedValue => "sts/quoted-value", Error, "RFC 8461 §3.1", "The record's value is wrapped in quote characters, so it does not begin with `v=STSv1`.";
    /// A quoted (`dig` or zone-file) line that is not well formed.
    StsQuotingInvalid => "sts/quoting-invalid", Error, "RFC 1035 §5.1", "The quoted form of the record is malformed (an unclosed quote, a bad escape, text between strings).";
    /// The record does not start with `v=STSv1`.
    StsVersionInvalid => "sts/version-invalid", Error, "RFC 8461 §3.1", "The record must start with exactly `v=STSv1`.";
    /// Whitespace before a `;`.
    StsSpaceBeforeDelimiter => "sts/space-before-delimiter", Warning, "RFC 8461 §3.1", "Whitespace before `;` is allowed by the grammar, but senders that look for `v=STSv1;` ignore the record.";
    /// Fields not separated by `;`.
    StsMissingDelimiter => "sts/missing-delimiter", Error, "RFC 8461 §3.1", "Fields must be separated by `;`.";
    /// Whitespace after the last field.
    StsTrailingWhitespace => "sts/trailing-whitespace", Error, "RFC 8461 §3.1", "Whitespace after the last field is only allowed around a `;`.";
    /// An empty field or one that is not `name=value`.
    StsFieldInvalid => "sts/field-invalid", Error, "RFC 8461 §3.1", "A field is not of the form `name=value`.";
    /// An extension value with forbidden characters.
    StsExtensionValueInvalid => "sts/extension-value-invalid", Error, "RFC 8461 §3.1", "The extension value is empty or contains `=`, `;`, spaces or control characters.";
    /// Non-ASCII or control characters in the record.
    StsInvalidChar => "sts/invalid-char", Error, "RFC 8461 §3.1", "The record contains a character that is not printable ASCII.";
    /// No `id` field.
    StsIdMissing => "sts/id-missing", Error, "RFC 8461 §3.1", "The required `id` field is missing.";
    /// `id` is empty or not alphanumeric.
    StsIdInvalid => "sts/id-invalid", Error, "RFC 8461 §3.1", "`id` must be 1 to 32 letters and digits.";
    /// `id` longer than 32 characters.
    StsIdTooLong => "sts/id-too-long", Error, "RFC 8461 §3.1", "`id` must be at most 32 characters long.";
    /// `id` given twice.
    StsDuplicateId => "sts/duplicate-id", Warning, "RFC 8461 §3.1", "`id` appears more than once; the first one is used.";

    // ---- _smtp._tls TXT record, RFC 8460 §3 ----
    /// No `v=TLSRPTv1` record.
    TlsRptNoRecord => "tlsrpt/no-record", Error, "RFC 8460 §3", "There is no `v=TLSRPTv1` TXT record, so nobody receives TLS failure reports.";
    /// More than one `v=TLSRPTv1` record.
    TlsRptMultipleRecords => "tlsrpt/multiple-records", Error, "RFC 8460 §3", "More than one `v=TLSRPTv1` TXT record: senders ignore them all.";
    /// A record that senders discard.
    TlsRptDiscardedRecord => "tlsrpt/discarded-record", Info, "RFC 8460 §3", "This TXT record does not start with `v=TLSRPTv1` and is ignored by senders.";
    /// The record's value carries its own quote characters.
    TlsRptQuotedValue => "tlsrpt/quoted-value", Error, "RFC 8460 §3", "The record's value is wrapped in quote characters, so it does not begin with `v=TLSRPTv1`.";
    /// A quoted (`dig` or zone-file) line that is not well formed.
    TlsRptQuotingInvalid => "tlsrpt/quoting-invalid", Error, "RFC 1035 §5.1", "The quoted form of the record is malformed (an unclosed quote, a bad escape, text between strings).";
    /// The record does not start with `v=TLSRPTv1`.
    TlsRptVersionInvalid => "tlsrpt/version-invalid", Error, "RFC 8460 §3", "The record must start with exactly `v=TLSRPTv1`.";
    /// Whitespace before a `;`.
    TlsRptSpaceBeforeDelimiter => "tlsrpt/space-before-delimiter", Warning, "RFC 8460 §3", "Whitespace before `;` is allowed by the grammar, but senders that look for `v=TLSRPTv1;` ignore the record.";
    /// Fields not separated by `;`.
    TlsRptMissingDelimiter => "tlsrpt/missing-delimiter", Error, "RFC 8460 §3", "Fields must be separated by `;`.";
    /// Whitespace after the last field.
    TlsRptTrailingWhitespace => "tlsrpt/trailing-whitespace", Error, "RFC 8460 §3", "Whitespace after the last field is only allowed around a `;`.";
    /// An empty field or one that is not `name=value`.
    TlsRptFieldInvalid => "tlsrpt/field-invalid", Error, "RFC 8460 §3", "A field is not of the form `name=value`.";
    /// An extension value with forbidden characters.
    TlsRptExtensionValueInvalid => "tlsrpt/extension-value-invalid", Error, "RFC 8460 §3", "The extension value is empty or contains `=`, `;`, spaces or control characters.";
    /// Non-ASCII or control characters in the record.
    TlsRptInvalidChar => "tlsrpt/invalid-char", Error, "RFC 8460 §3", "The record contains a character that is not printable ASCII.";
    /// No `rua` field.
    TlsRptRuaMissing => "tlsrpt/rua-missing", Error, "RFC 8460 §3", "The required `rua` field (where to send reports) is missing.";
    /// A `rua` URI with an unsupported scheme.
    TlsRptRuaScheme => "tlsrpt/rua-scheme", Error, "RFC 8460 §3", "Report URIs must use `mailto:` or `https:`.";
    /// A `rua` list with an empty member (`rua=,mailto:…`, a trailing comma).
    TlsRptRuaEmptyMember => "tlsrpt/rua-empty-member", Error, "RFC 8460 §3", "The `rua` list has an empty member: a comma with no URI beside it.";
    /// A malformed `mailto:` URI.
    TlsRptRuaMailtoInvalid => "tlsrpt/rua-mailto-invalid", Error, "RFC 8460 §3", "The `mailto:` URI does not hold a valid email address.";
    /// A malformed `https:` URI.
    TlsRptRuaHttpsInvalid => "tlsrpt/rua-https-invalid", Error, "RFC 8460 §3", "The `https:` URI is not a valid URL.";
    /// `,`, `!` or `;` inside a URI without percent-encoding.
    TlsRptRuaUnencodedChar => "tlsrpt/rua-unencoded-char", Error, "RFC 8460 §3", "Commas, `!` and `;` inside a report URI must be percent-encoded.";

    // ---- domain check ----
    /// `_mta-sts.DOMAIN` does not exist or holds no TXT record.
    DnsStsMissing => "dns/sts-missing", Error, "RFC 8461 §3.1", "There is no TXT record at `_mta-sts.DOMAIN`, so senders see no MTA-STS policy.";
    /// A name in the answer was an alias; the resolver followed it.
    DnsCname => "dns/cname", Info, "RFC 1034 §3.6.2", "The name is a CNAME; the records shown are those of its target.";
    /// The resolver validated the answer with DNSSEC (AD flag set).
    DnsAuthenticated => "dns/authenticated", Info, "RFC 4035 §3.2.3", "The answer was validated with DNSSEC (AD flag set).";
    /// The answer was not DNSSEC-validated.
    DnsNotAuthenticated => "dns/not-authenticated", Info, "RFC 8461 §10.1", "The answer was not validated with DNSSEC; MTA-STS does not require it, but an attacker on the path could forge it.";
    /// Records in the answer owned by a name that is neither the query name nor on its CNAME chain.
    DnsOtherOwner => "dns/other-owner", Info, "RFC 1034 §4.3.2", "The answer held records of another name than the one asked (or an alias it leads to); they were ignored.";
    /// A lookup could not be completed (SERVFAIL, timeout, transport failure).
    DnsLookupFailed => "dns/lookup-failed", Info, "RFC 1035 §4.1.1", "The DNS lookup failed, so this could not be verified.";
    /// `_smtp._tls.DOMAIN` does not exist or holds no TXT record.
    DnsTlsRptMissing => "dns/tlsrpt-missing", Warning, "RFC 8460 §3", "There is no TLS-RPT record, so TLS delivery failures will go unseen.";
    /// The domain has no MX records: the domain itself is the mail host.
    DnsMxNone => "dns/mx-none", Info, "RFC 5321 §5.1", "The domain has no MX records; senders deliver to the domain itself (implicit MX).";
    /// A name in the MX answer that is not a host name (a space, `<`, a control or invisible
    /// character, raw Unicode, an A-label that does not decode).
    DnsMxHostInvalid => "dns/mx-host-invalid", Error, "RFC 5321 §2.3.5", "An MX record names something that is not a host name, so senders cannot deliver to it.";
    /// An MX host whose A-label decodes to a look-alike (mixed scripts or a whole-script confusable).
    DnsMxHostLookalike => "dns/mx-host-lookalike", Warning, "UTS 39 §5.1", "An MX host name decodes to letters of several scripts, or of a script that looks Latin: it may imitate another name.";
    /// A null MX: the domain accepts no mail.
    DnsNullMx => "dns/null-mx", Warning, "RFC 7505 §3", "The domain publishes a null MX (accepts no mail), so an MTA-STS policy is pointless.";
    /// `mta-sts.DOMAIN` has no address.
    DnsPolicyHostUnresolved => "dns/policy-host-unresolved", Error, "RFC 8461 §3.3", "`mta-sts.DOMAIN` has no A or AAAA record, so senders cannot fetch the policy.";
    /// The policy fetch answered with a status other than 200.
    FetchStatus => "fetch/status", Error, "RFC 8461 §3.3", "The policy URL must answer with HTTP status 200.";
    /// The policy fetch answered with a redirect.
    FetchRedirect => "fetch/redirect", Error, "RFC 8461 §3.3", "Senders must not follow redirects when fetching the policy.";
    /// The policy is not served as `text/plain`.
    FetchContentType => "fetch/content-type", Error, "RFC 8461 §3.3", "The policy must be served with media type `text/plain`.";
    /// The policy body is over 64 KiB or was cut off.
    FetchTooLarge => "fetch/too-large", Error, "RFC 8461 §3.3", "The policy body is larger than 64 KiB; senders may refuse it.";
    /// The policy fetch timed out.
    FetchTimeout => "fetch/timeout", Error, "RFC 8461 §3.3", "Fetching the policy timed out; senders give up too.";
    /// The policy host could not be reached (connection or TLS failure).
    FetchNetworkError => "fetch/network-error", Error, "RFC 8461 §3.3", "The policy host could not be reached over HTTPS.";
    /// The fetch failed in a way the caller cannot see into (a browser's opaque failure).
    FetchCouldNotVerify => "fetch/could-not-verify", Info, "RFC 8461 §3.3", "The policy could not be fetched from here; verify it with the `curl` command.";
    /// An MX host that no `mx` pattern covers.
    CheckMxNotCovered => "check/mx-not-covered", Error, "RFC 8461 §4.1", "An MX host is not covered by any `mx` pattern of the policy.";
    /// An `mx` pattern that covers no MX host.
    CheckPatternUnused => "check/pattern-unused", Warning, "RFC 8461 §4.1", "An `mx` pattern covers none of the domain's MX hosts; it may be stale.";
    /// A `v=STSv1` record but no usable policy.
    CheckRecordWithoutPolicy => "check/record-without-policy", Error, "RFC 8461 §3.3", "The TXT record announces a policy, but no valid policy could be fetched.";
    /// A policy file but no `v=STSv1` record.
    CheckPolicyWithoutRecord => "check/policy-without-record", Warning, "RFC 8461 §3.1", "A policy is served, but without a valid `_mta-sts` record senders never fetch it.";
    /// `mode: none` with the record still published.
    CheckModeNonePublished => "check/mode-none-published", Info, "RFC 8461 §8.3", "`mode: none` is published: senders drop the policy; remove the records once `max_age` has passed.";
    /// The policy changed but the record's `id` did not.
    CheckIdUnchanged => "check/id-unchanged", Error, "RFC 8461 §3.1", "The policy changed but `id` did not; senders will keep the cached old policy.";
    /// The `id` changed but the policy is identical.
    CheckIdChangedSamePolicy => "check/id-changed-same-policy", Info, "RFC 8461 §3.1", "`id` changed although the policy is identical; senders refetch it for nothing.";
    /// The policy was linted from text the user pasted, because the fetch could not be seen.
    CheckPastedPolicy => "check/pasted-policy", Info, "RFC 8461 §3.3", "The policy checked is the pasted text: how the host serves it (status, `Content-Type`, redirects) was not verified.";
    /// The policy fetch was judged from pasted `curl -sv` or `curl -i` output.
    CheckPastedResponse => "check/pasted-response", Info, "RFC 8461 §3.3", "The policy fetch was judged from pasted `curl` output: what that `curl` saw, not a fetch from here.";
    /// No DNS lookup of the check got an answer: the resolvers could not be reached.
    CheckResolversUnreachable => "check/resolvers-unreachable", Info, "RFC 1035 §4.1.1", "No DNS lookup got an answer: the resolvers could not be reached from here (network, firewall or extension), so nothing was checked.";

    // ---- TLS probes of the policy host (HTTPS) and the MX hosts (SMTP STARTTLS), RFC 8461 §4.2 ----
    /// No TLS probe was made: the driver cannot open TLS connections (a browser), or a host was over the probe budget.
    TlsNotProbed => "tls/not-probed", Info, "RFC 8461 §4.2", "Certificates and STARTTLS were not checked from here; `mtasts check` (or the page served by `mtasts serve`) checks them.";
    /// The certificate's subjectAltName has no DNS-ID matching the host.
    TlsNameMismatch => "tls/name-mismatch", Error, "RFC 8461 §4.2", "The certificate does not name the host in its subjectAltName (a wildcard stands for exactly one leftmost label; the Common Name does not count).";
    /// The certificate's validity ended.
    TlsExpired => "tls/expired", Error, "RFC 8461 §4.2", "The certificate has expired.";
    /// The certificate's validity has not begun.
    TlsNotYetValid => "tls/not-yet-valid", Error, "RFC 5280 §4.1.2.5", "The certificate is not valid yet (its `notBefore` is in the future).";
    /// The certificate expires within 14 days.
    TlsExpiresSoon => "tls/expires-soon", Warning, "RFC 8461 §4.2", "The certificate expires within 14 days; renew it before senders refuse it.";
    /// The chain leads to no trusted root.
    TlsUntrusted => "tls/untrusted", Error, "RFC 8461 §4.2", "The certificate does not chain to a root senders trust (self-signed, an unknown CA, or a missing intermediate).";
    /// SMTP answered but `EHLO` offered no `STARTTLS`.
    TlsStarttlsNotOffered => "tls/starttls-not-offered", Error, "RFC 3207 §4", "The MX host does not offer STARTTLS, so senders cannot deliver over TLS.";
    /// No connection: refused, unreachable or no answer in time.
    TlsUnreachable => "tls/unreachable", Warning, "RFC 8461 §4.2", "The host could not be reached from here; from many networks outgoing port 25 is blocked, so this proves nothing about senders.";
    /// The TLS handshake failed.
    TlsHandshakeFailed => "tls/handshake-failed", Error, "RFC 8461 §4.2", "The TLS handshake failed (an alert, no common version or cipher, no certificate).";
    /// TLS 1.0 or 1.1 (or SSL) was negotiated.
    TlsOldVersion => "tls/old-version", Warning, "RFC 8996 §5", "The host negotiated a TLS version below 1.2, which RFC 8996 deprecates; many senders refuse it.";

    // ---- files of records: BIND zone files, octodns YAML ----
    /// The file holds no `_mta-sts` or `_smtp._tls` TXT record.
    ZoneNoRecords => "zone/no-records", Info, "RFC 8461 §3.1", "The file holds no TXT record at `_mta-sts.*` or `_smtp._tls.*`, so nothing in it was checked.";
    /// `$INCLUDE` is not followed.
    ZoneIncludeUnsupported => "zone/include-unsupported", Warning, "RFC 1035 §5.1", "`$INCLUDE` is not followed: the records of the included file were not checked.";
    /// The zone file's syntax is broken where it matters (parentheses, a TXT record without text).
    ZoneSyntaxInvalid => "zone/syntax-invalid", Error, "RFC 1035 §5.1", "The zone file is malformed here (an unbalanced parenthesis, a TXT record without text).";
    /// An octodns file that is not the YAML octodns reads.
    ZoneOctodnsInvalid => "zone/octodns-invalid", Error, "RFC 1035 §5.1", "The octodns file is not valid YAML, or a TXT record in it has no `value` or `values`.";
    /// A `;` in an octodns TXT value not written `\;`.
    ZoneOctodnsUnescapedSemicolon => "zone/octodns-unescaped-semicolon", Error, "RFC 1035 §5.1", "octodns requires `;` in TXT values to be written `\\;`; it refuses the record otherwise.";

    /// A Terraform file that is not HCL, or a TXT resource without its value.
    ZoneTerraformInvalid => "zone/terraform-invalid", Error, "RFC 1035 §5.1", "The Terraform file is not valid HCL, or a TXT record resource in it has no value.";
    /// A `dnsconfig.js` whose strings or comments cannot be read.
    ZoneDnscontrolInvalid => "zone/dnscontrol-invalid", Error, "RFC 1035 §5.1", "The dnscontrol file has a string or comment that is never closed, so it could not be read.";
    /// A record value computed from variables or expressions: not checked.
    ZoneNotLiteral => "zone/not-literal", Info, "RFC 8461 §3.1", "The record's value is computed (a variable, an interpolation, a function call), so it was not checked.";

    // ---- a change between two revisions (policy and `_mta-sts` record) ----
    /// The policy changed but the record's `id` did not.
    ChangeIdNotBumped => "change/id-not-bumped", Error, "RFC 8461 §3.1", "The policy changed but the `_mta-sts` record's `id` did not, so senders keep the old policy they cached.";
    /// The `id` changed although the policy is the same.
    ChangeIdBumpedSamePolicy => "change/id-bumped-same-policy", Info, "RFC 8461 §3.1", "The `id` changed although the policy is the same; senders refetch it for nothing.";
    /// `mode` lowered from `enforce`.
    ChangeModeLowered => "change/mode-lowered", Warning, "RFC 8461 §5", "`mode` was lowered from `enforce`: senders that cached the old policy keep enforcing it until its `max_age` runs out.";
    /// An `mx` pattern removed while an MX host still needs it.
    ChangeMxRemovedInUse => "change/mx-removed-in-use", Error, "RFC 8461 §4.1", "An `mx` pattern was removed while an MX host of the domain still needs it, so senders enforcing the policy cannot deliver to that host.";

    // ---- TLS-RPT aggregate reports, RFC 8460 §4 ----
    /// The file could not be turned into a report's JSON text.
    TlsrptReportUnreadable => "tlsrpt-report/unreadable", Error, "RFC 8460 §5.3", "The file could not be read as a report (compressed and not decompressed, broken, too large, or a mail with no report attached).";
    /// The report is not JSON.
    TlsrptReportJsonInvalid => "tlsrpt-report/json-invalid", Error, "RFC 8460 §4.4", "The report is not valid JSON; it is not counted.";
    /// Arrays and objects nested deeper than the reader goes.
    TlsrptReportTooDeep => "tlsrpt-report/too-deep", Error, "RFC 8460 §4.4", "The report nests arrays or objects far deeper than a report does; it is not read.";
    /// A required member is missing.
    TlsrptReportFieldMissing => "tlsrpt-report/field-missing", Error, "RFC 8460 §4.4", "A member the report format requires is missing; the report is not counted.";
    /// A member has the wrong JSON type.
    TlsrptReportFieldType => "tlsrpt-report/field-type", Error, "RFC 8460 §4.4", "A member has the wrong JSON type (a string where a number belongs, …); the report is not counted.";
    /// A member's value is outside what the format allows.
    TlsrptReportValueInvalid => "tlsrpt-report/value-invalid", Error, "RFC 8460 §4.4", "A value is not allowed there (a negative count, a date that is not RFC 3339, an unknown policy type); the report is not counted.";
    /// `mx-host` given as an array.
    TlsrptReportMxHostArray => "tlsrpt-report/mx-host-array", Info, "RFC 8460 §4.4", "`mx-host` is an array rather than one string, as many senders write it; every host is read.";
    /// `contact-info` is null.
    TlsrptReportContactInfoNull => "tlsrpt-report/contact-info-null", Info, "RFC 8460 §4.4", "`contact-info` is null; the report is read in full.";
    /// A failure detail without `sending-mta-ip`.
    TlsrptReportSendingMtaIpMissing => "tlsrpt-report/sending-mta-ip-missing", Info, "RFC 8460 §4.4", "A failure detail does not say which sending server failed; its sessions are counted.";
    /// A result type RFC 8460 does not register.
    TlsrptReportResultTypeUnknown => "tlsrpt-report/result-type-unknown", Info, "RFC 8460 §4.3", "A failure's `result-type` is not one RFC 8460 registers; it is counted under its own name.";
    /// The same `report-id` read twice.
    TlsrptReportDuplicateReport => "tlsrpt-report/duplicate-report", Info, "RFC 8460 §4.4", "The same report (`report-id`) was read twice; it is counted once.";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s).ok_or(UnknownCode)
    }
}

/// The string named no registered code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownCode;

impl std::fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unknown diagnostic code")
    }
}

impl std::error::Error for UnknownCode {}

#[cfg(feature = "serde")]
impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_prefixed() {
        let mut seen = std::collections::HashSet::new();
        for (i, code) in Code::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i, "the diagnostic sink indexes counts by discriminant");
            assert!(seen.insert(code.as_str()), "duplicate id {code}");
            let (prefix, rest) = code.as_str().split_once('/').expect("prefix/name");
            assert!(
                ["policy", "sts", "tlsrpt", "tlsrpt-report", "dns", "fetch", "check", "tls", "zone", "change"].contains(&prefix),
                "{code}"
            );
            assert!(rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()), "{code}");
            assert_eq!(code.as_str().parse::<Code>(), Ok(*code));
        }
    }
}
