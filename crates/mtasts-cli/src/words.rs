//! Small helpers for the words the CLI prints.

use std::borrow::Cow;

/// `n` and `word`, with an `s` unless `n` is 1.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// `text` safe to print on a terminal: control and invisible characters become `\u{…}`.
///
/// Messages quote the input (a field name, a pattern, a host), and the input may hold an
/// ESC that would recolor or clear the user's terminal, or a bidirectional override that
/// would make the quoted text read differently from what it is.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if needs_escape(c) { format!("\\u{{{:x}}}", u32::from(c)) } else { c.to_string() }).collect())
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Characters a terminal shows as nothing (or acts on) that matter in a policy: the BOM,
/// zero-width and bidirectional formatting characters. Controls are checked separately.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(printable("plain `mx` text, é😀"), "plain `mx` text, é😀");
        assert_eq!(printable("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(printable("x\u{202e}y\u{85}"), "x\\u{202e}y\\u{85}");
    }
}
