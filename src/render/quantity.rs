//! Amounts, money, shares, day counts and counted nouns, worded one way everywhere.

use std::collections::BTreeMap;

/// What a cell shows when there is no value: no money, no rate, no owner.
pub const NOTHING: &str = "–";

/// `1234567.8` → `1,234,568`.
pub fn amount(value: f64) -> String {
    // Digits from the float itself: a cast to i64 saturates, and sums can pass i64::MAX.
    let rounded = value.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if rounded < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1,234 EUR, 50 USD` per currency, or [`NOTHING`]. The currency is the ledger's text:
/// the caller escapes the result for its sink.
pub fn money(values: &BTreeMap<String, f64>) -> String {
    if values.is_empty() {
        return NOTHING.to_owned();
    }
    values.iter().map(|(currency, value)| format!("{} {currency}", amount(*value))).collect::<Vec<_>>().join(", ")
}

/// A share from 0 to 1 as `42 %`, or [`NOTHING`].
pub fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| NOTHING.to_owned(), |s| format!("{:.0} %", s * 100.0))
}

/// A number of days, rounded to whole days.
pub fn days(value: f64) -> String {
    format!("{value:.0}")
}

/// `1 lead`, `2 leads`, `0 leads`: `noun` is the singular, made plural with an `s`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_group_thousands() {
        assert_eq!(amount(1_234_567.8), "1,234,568");
        assert_eq!(amount(999.0), "999");
        assert_eq!(amount(-1234.0), "-1,234");
        assert_eq!(amount(0.0), "0");
    }

    #[test]
    fn money_per_currency_or_nothing() {
        assert_eq!(money(&BTreeMap::new()), "–");
        let values = BTreeMap::from([("EUR".to_owned(), 120_000.0), ("USD".to_owned(), 5.0)]);
        assert_eq!(money(&values), "120,000 EUR, 5 USD");
    }

    #[test]
    fn plurals() {
        assert_eq!(count(0, "lead"), "0 leads");
        assert_eq!(count(1, "lead"), "1 lead");
        assert_eq!(count(2, "warning"), "2 warnings");
    }

    #[test]
    fn shares() {
        assert_eq!(percent(None), "–");
        assert_eq!(percent(Some(0.425)), "42 %");
        assert_eq!(percent(Some(1.0)), "100 %");
    }
}
