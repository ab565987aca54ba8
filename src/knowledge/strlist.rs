//! A list of strings end to end in one buffer. Every fact keeps its example questions for as
//! long as the bot runs (autocomplete shows them, the fitting reads them), and a `Vec<String>`
//! costs a 24-byte header and a heap block per question: at 100,000 facts of six questions,
//! more than the questions' own text.

use std::fmt;
use std::ops::Index;

/// Strings stored end to end, read back as `&str`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct StrList {
    text: Box<str>,
    /// Where each string ends in `text`. A knowledge file is far below 4 GiB (see
    /// [`crate::fsutil::KNOWLEDGE_TOML_LIMIT`]), so a fact's strings are too.
    ends: Box<[u32]>,
}

impl StrList {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.text[start..end])
    }

    pub fn first(&self) -> Option<&str> {
        self.get(0)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator + Clone {
        (0..self.len()).map(|i| &self[i])
    }
}

impl Index<usize> for StrList {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        match self.get(i) {
            Some(s) => s,
            None => panic!("index {i} out of {} strings", self.len()),
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for StrList {
    fn from_iter<I: IntoIterator<Item = S>>(items: I) -> Self {
        let mut text = String::new();
        let mut ends = Vec::new();
        for s in items {
            text.push_str(s.as_ref());
            ends.push(u32::try_from(text.len()).expect("a fact's strings are below 4 GiB"));
        }
        StrList {
            text: text.into(),
            ends: ends.into(),
        }
    }
}

impl fmt::Debug for StrList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_as_they_went_in() {
        let l: StrList = ["where do they meet", "", "qui est élu ?"]
            .into_iter()
            .collect();
        assert_eq!(l.len(), 3);
        assert_eq!(&l[0], "where do they meet");
        assert_eq!(&l[1], "");
        assert_eq!(l.get(2), Some("qui est élu ?"));
        assert_eq!(l.get(3), None);
        assert_eq!(l.first(), Some("where do they meet"));
        assert_eq!(
            l.iter().rev().collect::<Vec<_>>(),
            ["qui est élu ?", "", "where do they meet"]
        );
        let empty: StrList = std::iter::empty::<&str>().collect();
        assert!(empty.is_empty() && empty.first().is_none());
        assert_eq!(
            format!("{l:?}"),
            r#"["where do they meet", "", "qui est élu ?"]"#
        );
    }
}
