//! Reading TXT records as `dig +short` and zone files print them (RFC 1035 §5.1):
//! one or more quoted character-strings, joined with no separator.
//!
//! ```text
//! "v=STSv1; " "id=20261128"      →  v=STSv1; id=20261128
//! ```
//! Inside quotes `\"` and `\\` stand for themselves and `\DDD` is a decimal byte.

/// Why a line is not valid presentation form; `offset` is a byte offset into the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresentationError {
    /// Where the problem is.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for PresentationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: {}", self.offset + 1, self.message)
    }
}

impl std::error::Error for PresentationError {}

/// Whether `line` is in presentation form (starts with a quote after optional whitespace).
pub fn is_presentation(line: &str) -> bool {
    line.trim_start().starts_with('"')
}

/// Joins the quoted character-strings of `line`. Bytes that are not UTF-8 after
/// unescaping become U+FFFD, which the record checks then report.
pub fn parse(line: &str) -> Result<String, PresentationError> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |offset, message: &str| Err(PresentationError { offset, message: message.to_string() });
    loop {
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] != b'"' {
            return err(i, "expected a quoted string (`\"…\"`); text between quoted strings is not allowed");
        }
        let open = i;
        i += 1;
        loop {
            match bytes.get(i) {
                None => return err(open, "this quoted string is not closed"),
                Some(b'"') => {
                    i += 1;
                    break;
                }
                Some(b'\\') => match bytes.get(i + 1) {
                    Some(d) if d.is_ascii_digit() => {
                        let digits = bytes.get(i + 1..i + 4).filter(|d| d.iter().all(u8::is_ascii_digit));
                        let value = digits.and_then(|d| std::str::from_utf8(d).ok()?.parse::<u16>().ok()).filter(|&v| v <= 255);
                        let Some(v) = value else { return err(i, "`\\` must be followed by three digits 000-255, `\"` or `\\`") };
                        out.push(v as u8);
                        i += 4;
                    }
                    Some(&c) => {
                        out.push(c);
                        i += 2;
                    }
                    None => return err(i, "the line ends with a lone `\\`"),
                },
                Some(&c) => {
                    out.push(c);
                    i += 1;
                }
            }
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_strings_and_unescapes() {
        assert_eq!(parse(r#""v=STSv1; " "id=1""#).unwrap(), "v=STSv1; id=1");
        assert_eq!(parse(r#""a\"b\\c\059""#).unwrap(), "a\"b\\c;");
        assert_eq!(parse(r#""open"#).unwrap_err().offset, 0);
        assert_eq!(parse(r#""a" b"#).unwrap_err().offset, 4);
    }
}
