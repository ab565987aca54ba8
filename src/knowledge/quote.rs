//! A fact's quote as a span of its source's text, which it shares instead of copying: the quote
//! is an exact substring of the article by construction (checked at load), and at 100,000 facts
//! the copies were 10 MB of the resident set.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Reads as the `&str` it spans (through `Deref`).
#[derive(Clone)]
pub struct Quote {
    text: Arc<str>,
    start: u32,
    end: u32,
}

impl Quote {
    /// The span `start..end` of `text`; `None` when it is not one (out of bounds, not on
    /// character boundaries, or beyond 4 GiB).
    pub fn new(text: &Arc<str>, start: usize, end: usize) -> Option<Quote> {
        text.get(start..end)?;
        Some(Quote {
            text: Arc::clone(text),
            start: start.try_into().ok()?,
            end: end.try_into().ok()?,
        })
    }

    /// Its byte range in the source's text.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl Deref for Quote {
    type Target = str;

    fn deref(&self) -> &str {
        // Checked in `new`, and the text is immutable.
        &self.text[self.span()]
    }
}

impl AsRef<str> for Quote {
    fn as_ref(&self) -> &str {
        self
    }
}

impl fmt::Debug for Quote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Quote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl PartialEq for Quote {
    fn eq(&self, other: &Quote) -> bool {
        **self == **other
    }
}

impl PartialEq<str> for Quote {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for Quote {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_its_span_and_rejects_what_is_not_one() {
        let text: Arc<str> = "Blinken sa\u{ef}d so.".into();
        let q = Quote::new(&text, 0, 7).unwrap();
        assert_eq!(&*q, "Blinken");
        assert_eq!(Quote::new(&text, 8, 12).unwrap().span(), 8..12);
        assert_eq!(q, "Blinken");
        assert_eq!(format!("{q} {q:?}"), "Blinken \"Blinken\"");
        // Inside the two bytes of "ï", past the end, and backwards.
        assert!(Quote::new(&text, 0, 11).is_none());
        assert!(Quote::new(&text, 0, 100).is_none());
        assert!(Quote::new(&text, 5, 2).is_none());
    }
}
