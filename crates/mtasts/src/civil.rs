//! Civil dates and day counts (proleptic Gregorian, UTC), for the dates the core reads and
//! writes — report days, certificate validity, fresh `id`s, rollout plans — without a clock or a
//! date library: Howard Hinnant's algorithms
//! (<http://howardhinnant.github.io/date_algorithms.html>), exact for every `i64` day count the
//! callers can produce.

/// `(year, month 1–12, day 1–31)` of the day `days` after 1970-01-01 (negative: before).
pub(crate) fn date_of_day(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // In range by construction: doy is 0..=365 and mp 0..=11.
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// The day count since 1970-01-01 of `year-month-day` (no range check: callers validate).
pub(crate) fn day_of_date(year: i64, month: u32, day: u32) -> i64 {
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days_round_trip() {
        for (days, date) in
            [(0, (1970, 1, 1)), (-1, (1969, 12, 31)), (11_016, (2000, 2, 29)), (20_566, (2026, 4, 23)), (-719_468, (0, 3, 1))]
        {
            assert_eq!(date_of_day(days), date, "{days}");
            assert_eq!(day_of_date(date.0, date.1, date.2), days, "{date:?}");
        }
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = date_of_day(days);
            assert_eq!(day_of_date(y, m, d), days);
        }
    }
}
