//! Small helpers for the words the CLI prints.

/// `n` and `word`, with an `s` unless `n` is 1.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// `text` safe to print on a terminal (the core's rule, shared with the Markdown of
/// `mtasts reports`).
pub(crate) use mtasts::text::{is_invisible, printable};

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
