//! `--since 7d`: how far back `misses` and `stats` look. Checked while parsing, so a bad value
//! is an error naming the flag and the accepted forms.

use crate::store::clock::DAY;

/// The longest look-back accepted: ten years (no log is kept longer).
const MAX_DAYS: i64 = 3650;

/// A look-back period, in seconds, with the text it was given as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Since {
    pub seconds: i64,
    pub text: String,
}

/// `<N>d` (days), `<N>w` (weeks) or `<N>h` (hours), N a positive whole number.
pub fn parse(s: &str) -> Result<Since, String> {
    let t = s.trim();
    let unit = t
        .chars()
        .last()
        .ok_or("is empty: give e.g. 7d, 2w or 12h")?;
    let per = match unit.to_ascii_lowercase() {
        'd' => DAY,
        'w' => 7 * DAY,
        'h' => 3600,
        _ => {
            return Err(format!(
                "`{s}`: give a number of days, weeks or hours, e.g. 7d, 2w or 12h"
            ))
        }
    };
    let n: i64 = t[..t.len() - unit.len_utf8()]
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{s}`: give a positive whole number before the unit, e.g. 7d"))?;
    let seconds = n
        .checked_mul(per)
        .filter(|&x| x <= MAX_DAYS * DAY)
        .ok_or_else(|| format!("`{s}`: at most {MAX_DAYS} days"))?;
    Ok(Since {
        seconds,
        text: t.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_weeks_hours() {
        assert_eq!(parse("7d").unwrap().seconds, 7 * DAY);
        assert_eq!(parse("2w").unwrap().seconds, 14 * DAY);
        assert_eq!(parse("12h").unwrap().seconds, 12 * 3600);
        assert_eq!(parse(" 30D ").unwrap().seconds, 30 * DAY);
        assert_eq!(parse("3650d").unwrap().seconds, 3650 * DAY);
    }

    #[test]
    fn anything_else_is_refused_with_a_hint() {
        for bad in [
            "",
            "7",
            "d",
            "0d",
            "-1d",
            "1.5d",
            "7m",
            "7 days",
            "3651d",
            "99999999999999999w",
            "٣d",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains("7d") || e.contains("3650"), "{bad:?}: {e}");
        }
    }
}
