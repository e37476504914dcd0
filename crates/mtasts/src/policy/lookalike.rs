//! Which registered field an unknown field name was probably meant to be.
//!
//! `Mode`, `MX`, `max-age`, `maxage` and `nmx` are valid *extension* names, so
//! senders silently ignore them and then miss the required field. Spotting the
//! intended name turns "mode is missing" into "rename `Mode` to `mode`".

/// The fields RFC 8461 §3.2 registers.
pub(crate) const REGISTERED: [&str; 4] = ["version", "mode", "max_age", "mx"];

/// The registered field `name` most likely stands for, if any.
pub(crate) fn registered_lookalike(name: &str) -> Option<&'static str> {
    let normalized: String =
        name.chars().filter(|c| !c.is_whitespace()).map(|c| if c == '-' || c == '.' { '_' } else { c.to_ascii_lowercase() }).collect();
    if let Some(field) = REGISTERED.iter().find(|f| **f == normalized || f.replace('_', "") == normalized) {
        return Some(field);
    }
    REGISTERED
        .iter()
        .find(|f| {
            let limit = if f.len() >= 5 { 2 } else { 1 };
            normalized.len() >= 2 && edit_distance(&normalized, f) <= limit
        })
        .copied()
}

/// Optimal string alignment distance where a substitution costs 2: insertions,
/// deletions and swapped neighbours are typos, while a different letter usually
/// means a different word (`more` is not `mode`, `min_age` is not `max_age`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return usize::MAX;
    }
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = if a[i - 1] == b[j - 1] { 0 } else { 2 };
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalikes() {
        for (name, field) in [
            ("Mode", Some("mode")),
            ("MX", Some("mx")),
            ("nmx", Some("mx")),
            ("max-age", Some("max_age")),
            ("maxage", Some("max_age")),
            ("MaxAge", Some("max_age")),
            ("verison", Some("version")),
            ("Version", Some("version")),
            ("modes", Some("mode")),
            ("policy_id", None),
            ("x-note", None),
            ("comment", None),
            ("more", None),
            ("min_age", None),
            ("mod", Some("mode")),
        ] {
            assert_eq!(registered_lookalike(name), field, "{name}");
        }
    }
}
