//! MX host names as DNS gives them: a name in an MX answer is data from whoever runs the
//! domain's DNS, and nothing makes it a host name. Each is judged with the rules an `mx`
//! pattern gets (`domain::check`, and `idn` for what Unicode hides): a name that is no host name
//! (a space, `<`, a backtick, a newline, Unicode written raw, an A-label that does not decode)
//! is named with its characters escaped, and a look-alike A-label with the script of each letter.

use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;

/// What is wrong with MX host `host` (lower-case, no trailing dot), if anything.
pub(super) fn problem(host: &str) -> Option<Diagnostic> {
    let shown = crate::text::escape(host);
    let invalid = |why: String| {
        Diagnostic::new(
            Code::DnsMxHostInvalid,
            TextRange::empty(0),
            format!(
                "The MX record names `{shown}`, which is not a host name: {why}. Senders cannot deliver to it; publish the host's name in letters, digits, `-` and `.` (A-labels for Unicode names)."
            ),
        )
    };
    if let Some((_, name)) = crate::idn::first_invisible(host) {
        return Some(invalid(format!("it contains {name}, a character that is invisible or changes the text's direction")));
    }
    if let Err(e) = crate::domain::check(host) {
        let why = match crate::idn::first_lookalike(host) {
            Some((_, lookalike)) => format!("{}, and {lookalike}", e.describe(host)),
            None => e.describe(host),
        };
        return Some(invalid(why));
    }
    if let Some(r) = crate::idn::first_bad_a_label(host) {
        return Some(invalid(format!("`{}` starts with `xn--` but is not Punycode of a Unicode label", &host[r])));
    }
    crate::idn::first_lookalike(host).map(|(_, why)| {
        Diagnostic::new(
            Code::DnsMxHostLookalike,
            TextRange::empty(0),
            format!("The MX host `{host}` may imitate another name: {why}. Make sure it is the host you mean."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_pass_and_others_are_named() {
        for good in ["mx1.example.com", "xn--mnchen-3ya.example", "mail.xn--wgv71a119e.example"] {
            assert!(problem(good).is_none(), "{good}");
        }
        for (bad, code, words) in [
            ("mail example.com", Code::DnsMxHostInvalid, "` ` is not allowed"),
            ("<script>.example", Code::DnsMxHostInvalid, "`<` is not allowed"),
            ("a`b.example", Code::DnsMxHostInvalid, "is not allowed"),
            ("mx\n.example.com", Code::DnsMxHostInvalid, "`mx\\u{a}.example.com`"),
            ("mail\u{200b}.example.com", Code::DnsMxHostInvalid, "U+200B ZERO WIDTH SPACE"),
            ("a\u{202e}.com", Code::DnsMxHostInvalid, "U+202E RIGHT-TO-LEFT OVERRIDE"),
            ("mail.ex\u{430}mple.com", Code::DnsMxHostInvalid, "mixes scripts: Latin `exmple` and Cyrillic `а`"),
            ("xn--zz.example", Code::DnsMxHostInvalid, "`xn--zz` starts with `xn--`"),
            ("a\\032b.example", Code::DnsMxHostInvalid, "`\\` is not allowed"),
            ("mail.xn--pypal-4ve.com", Code::DnsMxHostLookalike, "Latin `pypal` and Cyrillic `а`"),
        ] {
            let d = problem(bad).unwrap_or_else(|| panic!("{bad:?} passed"));
            assert_eq!(d.code, code, "{bad:?}");
            assert!(d.message.contains(words), "{bad:?}: {}", d.message);
        }
    }
}
