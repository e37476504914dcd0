//! Traces of the file a policy was kept in: a static-site generator's front matter
//! above it, or the indentation of the YAML file or heredoc it was copied out of.
//! Each is one finding about the whole text, found before the lines are parsed so
//! that the lines are then read as they were meant (docs/DECISIONS.md).

use crate::text::{TextRange, to_u32};

/// Jekyll or Hugo front matter: a `---` line at the top, up to the next `---` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    /// From the opening `---` to the end of the closing one (without its terminator).
    pub(crate) range: TextRange,
    /// Where the text after it starts: past the closing line's terminator.
    pub(crate) body_start: u32,
}

/// The front matter at `start`, if the text there opens with a `---` line that a later
/// `---` line closes (trailing spaces and tabs allowed, as the generators allow them).
/// Without a closing line it is not front matter, and the lines are linted as they are.
pub(crate) fn front_matter(text: &[u8], start: usize) -> Option<FrontMatter> {
    let mut lines = Lines { text, at: start };
    let (first, _) = lines.next()?;
    if !is_fence(&text[first.clone()]) {
        return None;
    }
    lines
        .find(|(content, _)| is_fence(&text[content.clone()]))
        .map(|(content, next)| FrontMatter { range: TextRange::from_usize(start, content.end), body_start: to_u32(next) })
}

fn is_fence(line: &[u8]) -> bool {
    line.strip_prefix(b"---").is_some_and(|rest| rest.iter().all(|&b| b == b' ' || b == b'\t'))
}

/// How many bytes of leading whitespace every line from `start` on shares, when there
/// are at least two lines that are not blank and all begin with the same spaces and
/// tabs; 0 otherwise. Blank lines (empty or whitespace only) take no part.
///
/// Stops at the first line that starts with its field name, which in a plain policy is
/// the first line, so the common case costs nothing.
pub(crate) fn common_indent(text: &[u8], start: usize) -> usize {
    let mut common: Option<&[u8]> = None;
    let mut lines = 0;
    for (content, _) in (Lines { text, at: start }) {
        let line = &text[content];
        let Some(indent) = line.iter().position(|&b| b != b' ' && b != b'\t') else { continue };
        let shared = match common {
            None => indent,
            Some(prefix) => prefix.iter().zip(line).take_while(|(a, b)| a == b).count(),
        };
        if shared == 0 {
            return 0;
        }
        common = Some(&line[..shared]);
        lines += 1;
    }
    if lines >= 2 { common.map_or(0, <[u8]>::len) } else { 0 }
}

/// The lines of `text` from `at` on, each as (content range, offset after its
/// terminator); LF, CRLF and a lone CR end a line, as in [`super::lines`].
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
}

impl Iterator for Lines<'_> {
    type Item = (std::ops::Range<usize>, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        let end = self.text[start..].iter().position(|&b| b == b'\n' || b == b'\r').map_or(self.text.len(), |i| start + i);
        let next = match self.text.get(end..end + 2) {
            Some(b"\r\n") => end + 2,
            _ => (end + 1).min(self.text.len()),
        };
        self.at = next.max(end + 1);
        Some((start..end, next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_needs_both_fences() {
        let text = b"---\npermalink: .well-known/mta-sts.txt\n---  \r\nversion: STSv1\n";
        assert_eq!(front_matter(text, 0), Some(FrontMatter { range: TextRange::new(0, 44), body_start: 46 }));
        assert_eq!(front_matter(b"---\nversion: STSv1\n", 0), None);
        assert_eq!(front_matter(b"----\nx: y\n---\n", 0), None);
        assert_eq!(front_matter(b"---\n---", 0), Some(FrontMatter { range: TextRange::new(0, 7), body_start: 7 }));
    }

    #[test]
    fn common_indent_of_non_blank_lines() {
        assert_eq!(common_indent(b"  a: b\n\n    c: d\r\n  \n  e: f", 0), 2);
        assert_eq!(common_indent(b"\ta: b\n  c: d\n", 0), 0);
        assert_eq!(common_indent(b"  a: b\n", 0), 0);
        assert_eq!(common_indent(b"a: b\n  c: d\n  e: f\n", 0), 0);
    }
}
