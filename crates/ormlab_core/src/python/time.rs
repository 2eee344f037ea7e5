//! `datetime.datetime`, `datetime.date` and `datetime.timedelta`, enough for models and
//! scripts: construction, the frozen clock, arithmetic, comparison, repr/str/isoformat, and
//! the text SQLAlchemy's SQLite dialect stores (`2026-01-01 00:00:00.000000`).

/// The frozen clock: every `now()`, `utcnow()` and `today()` returns this instant.
pub const FROZEN: DateTime = DateTime { days: 20454, micros: 0, utc: false };

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// A naive (or UTC-aware) datetime as days since 1970-01-01 plus microseconds in the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    /// Days since 1970-01-01.
    pub days: i64,
    /// Microseconds since midnight.
    pub micros: i64,
    /// Carries `tzinfo=datetime.timezone.utc`.
    pub utc: bool,
}

/// A date as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Days since 1970-01-01.
    pub days: i64,
}

/// A timedelta, normalised like CPython's (days, seconds in 0..86400, microseconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeDelta {
    /// Total microseconds.
    pub micros: i64,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (if month <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Validates a calendar date like CPython's constructors, with their messages.
pub fn check_date(year: i64, month: i64, day: i64) -> Result<i64, String> {
    if !(1..=9999).contains(&year) {
        return Err(format!("year {year} is out of range"));
    }
    if !(1..=12).contains(&month) {
        return Err("month must be in 1..12".into());
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err("day is out of range for month".into());
    }
    Ok(days_from_civil(year, month, day))
}

impl DateTime {
    /// Builds a datetime from its fields (validated).
    pub fn new(fields: [i64; 7]) -> Result<DateTime, String> {
        let [year, month, day, hour, minute, second, micro] = fields;
        let days = check_date(year, month, day)?;
        if !(0..24).contains(&hour) {
            return Err("hour must be in 0..23".into());
        }
        if !(0..60).contains(&minute) {
            return Err("minute must be in 0..59".into());
        }
        if !(0..60).contains(&second) {
            return Err("second must be in 0..59".into());
        }
        if !(0..1_000_000).contains(&micro) {
            return Err("microsecond must be in 0..999999".into());
        }
        Ok(DateTime { days, micros: ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro, utc: false })
    }

    /// (year, month, day, hour, minute, second, microsecond).
    pub fn fields(&self) -> [i64; 7] {
        let (y, mo, d) = civil_from_days(self.days);
        let s = self.micros / 1_000_000;
        [y, mo, d, s / 3600, (s / 60) % 60, s % 60, self.micros % 1_000_000]
    }

    /// `repr()`: `datetime.datetime(2026, 1, 1, 0, 0)`.
    pub fn repr(&self) -> String {
        let [y, mo, d, h, mi, s, us] = self.fields();
        let mut out = format!("datetime.datetime({y}, {mo}, {d}, {h}, {mi}");
        if s != 0 || us != 0 {
            out.push_str(&format!(", {s}"));
        }
        if us != 0 {
            out.push_str(&format!(", {us}"));
        }
        if self.utc {
            out.push_str(", tzinfo=datetime.timezone.utc");
        }
        out.push(')');
        out
    }

    /// `isoformat(sep)`.
    pub fn isoformat(&self, sep: char) -> String {
        let [y, mo, d, h, mi, s, us] = self.fields();
        let mut out = format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}");
        if us != 0 {
            out.push_str(&format!(".{us:06}"));
        }
        if self.utc {
            out.push_str("+00:00");
        }
        out
    }

    /// The text SQLAlchemy's SQLite DateTime type binds.
    pub fn sqlite_text(&self) -> String {
        let [y, mo, d, h, mi, s, us] = self.fields();
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{us:06}")
    }

    /// Parses the text SQLite holds (`2026-01-01 00:00:00[.ffffff]`, or a date).
    pub fn parse(text: &str) -> Option<DateTime> {
        let text = text.trim();
        let (date, time) = text.split_once([' ', 'T']).unwrap_or((text, "00:00:00"));
        let mut date_parts = date.split('-').map(|p| p.parse::<i64>().ok());
        let (y, mo, d) = (date_parts.next()??, date_parts.next()??, date_parts.next()??);
        let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
        let mut time_parts = hms.split(':').map(|p| p.parse::<i64>().ok());
        let h = time_parts.next().flatten().unwrap_or(0);
        let mi = time_parts.next().flatten().unwrap_or(0);
        let s = time_parts.next().flatten().unwrap_or(0);
        let frac: String = frac.chars().take_while(char::is_ascii_digit).take(6).collect();
        let us = format!("{frac:0<6}").parse::<i64>().unwrap_or(0);
        DateTime::new([y, mo, d, h, mi, s, us]).ok()
    }

    /// `strftime` for the common directives.
    pub fn strftime(&self, pattern: &str) -> String {
        let [y, mo, d, h, mi, s, us] = self.fields();
        let mut out = String::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('Y') => out.push_str(&format!("{y:04}")),
                Some('y') => out.push_str(&format!("{:02}", y % 100)),
                Some('m') => out.push_str(&format!("{mo:02}")),
                Some('d') => out.push_str(&format!("{d:02}")),
                Some('H') => out.push_str(&format!("{h:02}")),
                Some('I') => out.push_str(&format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 })),
                Some('p') => out.push_str(if h < 12 { "AM" } else { "PM" }),
                Some('M') => out.push_str(&format!("{mi:02}")),
                Some('S') => out.push_str(&format!("{s:02}")),
                Some('f') => out.push_str(&format!("{us:06}")),
                Some('j') => out.push_str(&format!("{:03}", self.days - days_from_civil(y, 1, 1) + 1)),
                Some('B') => out.push_str(MONTHS.get((mo - 1) as usize).copied().unwrap_or("")),
                Some('b') => out.push_str(MONTHS.get((mo - 1) as usize).map(|m| &m[..3]).unwrap_or("")),
                Some('A') => out.push_str(WEEKDAYS.get(weekday(self.days) as usize).copied().unwrap_or("")),
                Some('a') => out.push_str(WEEKDAYS.get(weekday(self.days) as usize).map(|m| &m[..3]).unwrap_or("")),
                Some('%') => out.push('%'),
                Some(other) => {
                    out.push('%');
                    out.push(other);
                }
                None => out.push('%'),
            }
        }
        out
    }

    /// The date part.
    pub fn date(&self) -> Date {
        Date { days: self.days }
    }

    /// `self + delta` (`None` when out of range).
    pub fn add(&self, delta: &TimeDelta) -> Option<DateTime> {
        let total = self.days.checked_mul(MICROS_PER_DAY)?.checked_add(self.micros)?.checked_add(delta.micros)?;
        let days = total.div_euclid(MICROS_PER_DAY);
        let (y, _, _) = civil_from_days(days);
        (1..=9999).contains(&y).then_some(DateTime { days, micros: total.rem_euclid(MICROS_PER_DAY), utc: self.utc })
    }

    /// `self - other`.
    pub fn sub(&self, other: &DateTime) -> TimeDelta {
        TimeDelta { micros: (self.days - other.days) * MICROS_PER_DAY + (self.micros - other.micros) }
    }
}

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// 0 = Monday, like `date.weekday()` (1970-01-01 was a Thursday).
pub fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

impl Date {
    /// `repr()`: `datetime.date(2026, 1, 1)`.
    pub fn repr(&self) -> String {
        let (y, m, d) = civil_from_days(self.days);
        format!("datetime.date({y}, {m}, {d})")
    }

    /// `isoformat()` / `str()`.
    pub fn isoformat(&self) -> String {
        let (y, m, d) = civil_from_days(self.days);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// Parses `YYYY-MM-DD` (the text SQLite holds).
    pub fn parse(text: &str) -> Option<Date> {
        DateTime::parse(text).map(|dt| dt.date())
    }
}

impl TimeDelta {
    /// Builds from the keyword arguments of `timedelta(...)`, as floats.
    pub fn from_parts(days: f64, seconds: f64, micros: f64, millis: f64, minutes: f64, hours: f64, weeks: f64) -> Option<TimeDelta> {
        let total = ((weeks * 7.0 + days) * 86_400.0 + hours * 3600.0 + minutes * 60.0 + seconds) * 1e6 + millis * 1e3 + micros;
        (total.is_finite() && total.abs() < 1e17).then(|| TimeDelta { micros: total.round() as i64 })
    }

    /// True for a zero delta.
    pub fn is_zero(&self) -> bool {
        self.micros == 0
    }

    /// (days, seconds, microseconds), normalised like CPython.
    pub fn parts(&self) -> (i64, i64, i64) {
        let days = self.micros.div_euclid(MICROS_PER_DAY);
        let rest = self.micros.rem_euclid(MICROS_PER_DAY);
        (days, rest / 1_000_000, rest % 1_000_000)
    }

    /// `repr()`: `datetime.timedelta(days=1, seconds=3600)`.
    pub fn repr(&self) -> String {
        let (days, seconds, micros) = self.parts();
        let mut parts = Vec::new();
        if days != 0 {
            parts.push(format!("days={days}"));
        }
        if seconds != 0 {
            parts.push(format!("seconds={seconds}"));
        }
        if micros != 0 {
            parts.push(format!("microseconds={micros}"));
        }
        if parts.is_empty() {
            return "datetime.timedelta(0)".into();
        }
        format!("datetime.timedelta({})", parts.join(", "))
    }

    /// `str()`: `1 day, 1:00:00`.
    pub fn display(&self) -> String {
        let (days, seconds, micros) = self.parts();
        let mut out = String::new();
        if days != 0 {
            out.push_str(&format!("{days} day{}, ", if days.abs() == 1 { "" } else { "s" }));
        }
        out.push_str(&format!("{}:{:02}:{:02}", seconds / 3600, (seconds / 60) % 60, seconds % 60));
        if micros != 0 {
            out.push_str(&format!(".{micros:06}"));
        }
        out
    }

    /// `total_seconds()`.
    pub fn total_seconds(&self) -> f64 {
        self.micros as f64 / 1e6
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frozen_clock_is_2026_01_01() {
        assert_eq!(FROZEN.repr(), "datetime.datetime(2026, 1, 1, 0, 0)");
        assert_eq!(FROZEN.isoformat('T'), "2026-01-01T00:00:00");
        assert_eq!(FROZEN.sqlite_text(), "2026-01-01 00:00:00.000000");
        assert_eq!(DateTime::parse("2026-01-01 00:00:00.000000"), Some(FROZEN));
        let later = FROZEN.add(&TimeDelta::from_parts(1.0, 3600.0, 0.0, 0.0, 0.0, 0.0, 0.0).unwrap()).unwrap();
        assert_eq!(later.repr(), "datetime.datetime(2026, 1, 2, 1, 0)");
        assert_eq!(later.sub(&FROZEN).repr(), "datetime.timedelta(days=1, seconds=3600)");
        assert_eq!(later.sub(&FROZEN).display(), "1 day, 1:00:00");
        assert_eq!(weekday(FROZEN.days), 3);
    }
}
