//! Days and the RFC 3339 date-times of a report's `date-range` (RFC 8460 §4.4).
//!
//! A report is filed under the UTC day its range starts on. No clock is read: every day
//! comes from a report.

use std::fmt;

/// A UTC calendar day, counted from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(pub i32);

impl Day {
    /// The day of `year-month-day`, when it exists in the proleptic Gregorian calendar.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        i32::try_from(crate::civil::day_of_date(i64::from(year), month, day)).ok().map(Day)
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        let (year, month, day) = crate::civil::date_of_day(i64::from(self.0));
        (i32::try_from(year).unwrap_or(i32::MAX), month, day)
    }

    /// The day after.
    #[must_use]
    pub const fn next(self) -> Day {
        Day(self.0 + 1)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An instant of an RFC 3339 `date-time`, as seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Instant(pub i64);

impl Instant {
    /// The UTC day the instant falls on.
    pub fn day(self) -> Day {
        Day(self.0.div_euclid(86_400) as i32)
    }
}

/// Reads an RFC 3339 `date-time` (`2016-04-01T00:00:00Z`, fractions and offsets allowed;
/// `t`, `z` and a space for `T` as §5.6 permits).
pub fn parse_date_time(text: &str) -> Option<Instant> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(range)?;
        digits.iter().all(u8::is_ascii_digit).then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let day = Day::from_ymd(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?;
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    if b.get(at) == Some(&b'.') {
        at += 1;
        let digits = b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        at += digits;
    }
    let offset = match b.get(at..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (num(at + 1..at + 3)?, num(at + 4..at + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = i64::from(h * 60 + m);
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    let seconds = i64::from(day.0) * 86_400 + i64::from(hour * 3600 + minute * 60 + second.min(59));
    Some(Instant(seconds - offset * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2016, 4, 1), (2024, 12, 31), (1969, 12, 31)] {
            let day = Day::from_ymd(y, m, d).unwrap();
            assert_eq!(day.ymd(), (y, m, d));
        }
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::from_ymd(2023, 2, 29), None);
        assert_eq!(Day::from_ymd(2024, 3, 1).unwrap().to_string(), "2024-03-01");
    }

    #[test]
    fn reads_rfc3339() {
        let t = parse_date_time("2016-04-01T00:00:00Z").unwrap();
        assert_eq!(t.day().to_string(), "2016-04-01");
        assert_eq!(parse_date_time("2016-04-01T23:59:59.999+02:00").unwrap().0, t.0 + 86_399 - 7200);
        assert_eq!(parse_date_time("2016-04-01T01:00:00-02:00").unwrap().day().to_string(), "2016-04-01");
        for bad in ["2016-04-01", "2016-04-01T00:00:00", "2016-13-01T00:00:00Z", "2016-04-01T24:00:00Z", "2016-04-01T00:00:00.Z", "x"] {
            assert_eq!(parse_date_time(bad), None, "{bad}");
        }
    }
}
