//! Numbers as CPython prints them: `float` repr (shortest round-trip digits, exponent outside
//! 1e-4..1e16), and `decimal.Decimal` (a signed coefficient and a base-10 exponent, the way
//! the `decimal` module keeps `Decimal('7.50')` apart from `Decimal('7.5')`).

use std::cmp::Ordering;
use std::fmt::Write;

/// CPython's `repr(float)`.
pub fn float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // Rust's `{:e}` gives the shortest round-trip digits, like CPython's repr.
    let sci = format!("{value:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let text = if point <= 0 {
            format!("0.{}{}", "0".repeat(point.unsigned_abs() as usize), digits)
        } else {
            let point = point as usize;
            if digits.len() <= point {
                format!("{}{}.0", digits, "0".repeat(point - digits.len()))
            } else {
                format!("{}.{}", &digits[..point], &digits[point..])
            }
        };
        format!("{sign}{text}")
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let mantissa = if rest.is_empty() { first.to_string() } else { format!("{first}.{rest}") };
        let esign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{esign}{:02}", exponent.unsigned_abs())
    }
}

/// A `decimal.Decimal`: `coefficient × 10^exponent`, with the exponent kept as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    /// The signed coefficient.
    pub coefficient: i128,
    /// The base-10 exponent (`-2` for `Decimal('7.50')`).
    pub exponent: i32,
}

/// Most digits kept after a division (the decimal module's default context precision).
const PRECISION: u32 = 28;

impl Decimal {
    /// `Decimal(int)`.
    pub fn from_int(value: i64) -> Decimal {
        Decimal { coefficient: i128::from(value), exponent: 0 }
    }

    /// Parses a decimal string (`"59.00"`, `"-1.5e3"`); `None` when it is not one.
    pub fn parse(text: &str) -> Option<Decimal> {
        let text = text.trim().replace('_', "");
        let (mantissa, exp) = match text.find(['e', 'E']) {
            Some(at) => (&text[..at], text[at + 1..].parse::<i32>().ok()?),
            None => (text.as_str(), 0),
        };
        let (negative, mantissa) = match mantissa.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.chars().chain(frac_part.chars()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let digits = format!("{int_part}{frac_part}");
        let digits = digits.trim_start_matches('0');
        if digits.len() > 36 {
            return None;
        }
        let coefficient: i128 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
        let exponent = exp.checked_sub(i32::try_from(frac_part.len()).ok()?)?;
        Some(Decimal { coefficient: if negative { -coefficient } else { coefficient }, exponent })
    }

    /// `Decimal(float)` as SQLAlchemy's Numeric result processor makes it: the float
    /// formatted with `scale` digits (`"%.2f"`), then parsed.
    pub fn from_float_scaled(value: f64, scale: u32) -> Option<Decimal> {
        if !value.is_finite() {
            return None;
        }
        Decimal::parse(&format!("{value:.prec$}", prec = scale as usize))
    }

    /// True for any zero.
    pub fn is_zero(&self) -> bool {
        self.coefficient == 0
    }

    /// The nearest float.
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// Both coefficients at the smaller exponent (`None` on overflow).
    fn aligned(&self, other: &Decimal) -> Option<(i128, i128, i32)> {
        let exponent = self.exponent.min(other.exponent);
        let a = scale_up(self.coefficient, self.exponent - exponent)?;
        let b = scale_up(other.coefficient, other.exponent - exponent)?;
        Some((a, b, exponent))
    }

    /// `self + other`.
    pub fn add(&self, other: &Decimal) -> Option<Decimal> {
        let (a, b, exponent) = self.aligned(other)?;
        Some(Decimal { coefficient: a.checked_add(b)?, exponent })
    }

    /// `self - other`.
    pub fn sub(&self, other: &Decimal) -> Option<Decimal> {
        let (a, b, exponent) = self.aligned(other)?;
        Some(Decimal { coefficient: a.checked_sub(b)?, exponent })
    }

    /// `self * other`.
    pub fn mul(&self, other: &Decimal) -> Option<Decimal> {
        Some(Decimal { coefficient: self.coefficient.checked_mul(other.coefficient)?, exponent: self.exponent.checked_add(other.exponent)? })
    }

    /// `self / other` with the default context (28 digits, exact results keep the ideal
    /// exponent). `None` for division by zero or overflow.
    pub fn div(&self, other: &Decimal) -> Option<Decimal> {
        if other.coefficient == 0 {
            return None;
        }
        let ideal = self.exponent - other.exponent;
        let negative = (self.coefficient < 0) != (other.coefficient < 0);
        let mut numerator = self.coefficient.unsigned_abs();
        let denominator = other.coefficient.unsigned_abs();
        let mut exponent = ideal;
        // Scale the numerator up until the quotient has enough digits or is exact.
        while !numerator.is_multiple_of(denominator) && digits_of(numerator / denominator) < PRECISION && numerator < u128::MAX / 10 {
            numerator *= 10;
            exponent -= 1;
        }
        let mut quotient = numerator / denominator;
        let remainder = numerator % denominator;
        if remainder != 0 && remainder * 2 >= denominator && (remainder * 2 > denominator || quotient % 2 == 1) {
            quotient += 1;
        }
        // An exact quotient drops trailing zeros down to the ideal exponent.
        if remainder == 0 {
            while exponent < ideal && quotient.is_multiple_of(10) && quotient != 0 {
                quotient /= 10;
                exponent += 1;
            }
        }
        let coefficient = i128::try_from(quotient).ok()?;
        Some(Decimal { coefficient: if negative { -coefficient } else { coefficient }, exponent })
    }

    /// `quantize` to `exponent` with ROUND_HALF_EVEN (what `round(d, n)` does).
    pub fn quantize(&self, exponent: i32) -> Option<Decimal> {
        if exponent <= self.exponent {
            return Some(Decimal { coefficient: scale_up(self.coefficient, self.exponent - exponent)?, exponent });
        }
        let shift = u32::try_from(exponent - self.exponent).ok()?;
        if shift > 38 {
            return Some(Decimal { coefficient: 0, exponent });
        }
        let divisor = 10i128.checked_pow(shift)?;
        let quotient = self.coefficient / divisor;
        let remainder = (self.coefficient % divisor).abs();
        let half = divisor / 2;
        let round_away = remainder > half || (remainder == half && quotient % 2 != 0);
        let coefficient = if round_away { quotient + self.coefficient.signum() } else { quotient };
        Some(Decimal { coefficient, exponent })
    }

    /// Numeric comparison (`Decimal('1.0') == Decimal('1.00')`).
    pub fn compare(&self, other: &Decimal) -> Ordering {
        match self.aligned(other) {
            Some((a, b, _)) => a.cmp(&b),
            None => self.to_f64().partial_cmp(&other.to_f64()).unwrap_or(Ordering::Equal),
        }
    }

    /// Formats with exactly `places` digits after the point (`format(d, ".2f")`).
    pub fn fixed(&self, places: u32) -> String {
        match self.quantize(-(places as i32)) {
            Some(q) => q.to_string(),
            None => format!("{:.prec$}", self.to_f64(), prec = places as usize),
        }
    }
}

fn digits_of(value: u128) -> u32 {
    if value == 0 {
        1
    } else {
        value.ilog10() + 1
    }
}

fn scale_up(coefficient: i128, by: i32) -> Option<i128> {
    coefficient.checked_mul(10i128.checked_pow(u32::try_from(by).ok()?)?)
}

impl std::fmt::Display for Decimal {
    /// The decimal module's `to-sci-string`: plain notation unless the exponent is positive
    /// or the number is very small.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.coefficient.unsigned_abs().to_string();
        let sign = if self.coefficient < 0 { "-" } else { "" };
        let len = i32::try_from(digits.len()).unwrap_or(0);
        let adjusted = self.exponent + len - 1;
        let mut out = String::new();
        if self.exponent <= 0 && adjusted >= -6 {
            if self.exponent == 0 {
                out.push_str(&digits);
            } else {
                let point = len + self.exponent;
                if point > 0 {
                    let point = point as usize;
                    let _ = write!(out, "{}.{}", &digits[..point], &digits[point..]);
                } else {
                    let _ = write!(out, "0.{}{}", "0".repeat(point.unsigned_abs() as usize), digits);
                }
            }
        } else {
            let (first, rest) = digits.split_at(1);
            out.push_str(first);
            if !rest.is_empty() {
                out.push('.');
                out.push_str(rest);
            }
            let _ = write!(out, "E{}{}", if adjusted < 0 { "-" } else { "+" }, adjusted.unsigned_abs());
        }
        write!(f, "{sign}{out}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_cpython() {
        assert_eq!(float_repr(59.0), "59.0");
        assert_eq!(float_repr(0.1), "0.1");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1234567890123456.0), "1234567890123456.0");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(0.00001), "1e-05");
        assert_eq!(float_repr(-2.5), "-2.5");
        assert_eq!(float_repr(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(float_repr(f64::INFINITY), "inf");
    }

    #[test]
    fn decimals_keep_their_exponent() {
        let d = Decimal::parse("7.50").unwrap();
        assert_eq!(d.to_string(), "7.50");
        assert_eq!(Decimal::parse("0.000001").unwrap().to_string(), "0.000001");
        assert_eq!(Decimal::parse("0.0000001").unwrap().to_string(), "1E-7");
        assert_eq!(d.mul(&Decimal::from_int(3)).unwrap().to_string(), "22.50");
        assert_eq!(d.add(&Decimal::parse("0.5").unwrap()).unwrap().to_string(), "8.00");
        assert_eq!(Decimal::from_int(1).div(&Decimal::from_int(3)).unwrap().to_string(), "0.3333333333333333333333333333");
        assert_eq!(Decimal::from_int(10).div(&Decimal::from_int(4)).unwrap().to_string(), "2.5");
        assert_eq!(Decimal::parse("2.675").unwrap().quantize(-2).unwrap().to_string(), "2.68");
        assert_eq!(Decimal::from_float_scaled(59.0, 2).unwrap().to_string(), "59.00");
    }
}
