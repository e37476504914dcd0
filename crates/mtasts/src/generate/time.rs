//! Calendar arithmetic on the `now` the caller passes in (the core has no clock): the UTC
//! timestamp that makes a fresh `id`, and the dates of a rollout plan.

/// A moment in UTC, from Unix milliseconds (what `Date.now()` and the domain check use).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcTime {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    seconds: u64,
}

/// A calendar day in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year (proleptic Gregorian).
    pub year: u64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
}

const DAY: u64 = 86_400;

impl UtcTime {
    /// The moment `ms` milliseconds after the Unix epoch.
    pub const fn from_unix_ms(ms: u64) -> UtcTime {
        UtcTime { seconds: ms / 1000 }
    }

    /// Whole seconds since the Unix epoch.
    pub const fn unix_seconds(self) -> u64 {
        self.seconds
    }

    /// This moment plus `seconds` (saturating: no input makes it panic).
    pub const fn plus_seconds(self, seconds: u64) -> UtcTime {
        UtcTime { seconds: self.seconds.saturating_add(seconds) }
    }

    /// This moment plus `days` days.
    pub const fn plus_days(self, days: u32) -> UtcTime {
        self.plus_seconds(days as u64 * DAY)
    }

    /// The calendar day.
    pub fn date(self) -> Date {
        civil_from_days(self.seconds / DAY)
    }

    /// `YYYYMMDDhhmmss`, the `id` convention (`id=20260423120000`): digits only, so it is
    /// a valid `sts-id` (1 to 32 letters or digits), and it grows with time.
    pub fn id(self) -> String {
        let Date { year, month, day } = self.date();
        let rest = self.seconds % DAY;
        format!("{year:04}{month:02}{day:02}{:02}{:02}{:02}", rest / 3600, rest / 60 % 60, rest % 60)
    }
}

impl std::fmt::Display for Date {
    /// ISO 8601, `2026-04-23`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: u64) -> Date {
    let (year, month, day) = crate::civil::date_of_day(i64::try_from(days).unwrap_or(i64::MAX));
    Date { year: u64::try_from(year).unwrap_or(0), month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_dates_of_known_moments() {
        // 2026-04-23T12:00:00Z
        let t = UtcTime::from_unix_ms(1_776_945_600_000);
        assert_eq!(t.id(), "20260423120000");
        assert_eq!(t.date().to_string(), "2026-04-23");
        assert_eq!(t.plus_days(14).date().to_string(), "2026-05-07");
        assert_eq!(UtcTime::from_unix_ms(0).id(), "19700101000000");
        // A leap day and the turn of a century that is a leap year.
        assert_eq!(UtcTime::from_unix_ms(951_782_400_000).date().to_string(), "2000-02-29");
        assert_eq!(UtcTime::from_unix_ms(1_709_164_799_000).id(), "20240228235959");
    }

    #[test]
    fn the_largest_moment_still_makes_a_valid_id() {
        let id = UtcTime::from_unix_ms(u64::MAX).plus_days(u32::MAX).id();
        assert!(id.len() <= 32 && id.bytes().all(|b| b.is_ascii_digit()), "{id}");
    }
}
