//! Variable-length rows stored end to end in one buffer: one allocation for all example
//! questions' terms (or texts) instead of one per question. At 100,000 facts there are 600,000
//! example questions, and a separate heap block per row cost more than the rows themselves.
//!
//! Row ends are `u32`: four bytes a row instead of eight. A buffer past 4 Gi items would need
//! far more memory than any machine running the bot has (every item is also indexed
//! elsewhere), so [`end`] treats it as the bug it would be.

/// The end of the row just pushed, as stored.
fn end(len: usize) -> u32 {
    u32::try_from(len).expect("rows hold fewer than 2^32 items")
}

/// Rows of `T`, each a slice of one shared buffer.
#[derive(Debug, Default)]
pub(crate) struct Rows<T> {
    items: Vec<T>,
    ends: Vec<u32>,
}

impl<T: Copy> Rows<T> {
    pub fn push(&mut self, row: &[T]) {
        self.items.extend_from_slice(row);
        self.ends.push(end(self.items.len()));
    }

    pub fn get(&self, i: usize) -> &[T] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.items[start..self.ends[i] as usize]
    }

    pub fn shrink_to_fit(&mut self) {
        self.items.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Rows of text, each a slice of one shared string.
#[derive(Debug, Default)]
pub(super) struct TextRows {
    text: String,
    ends: Vec<u32>,
}

impl TextRows {
    /// Adds a row made of `parts` joined by `sep`.
    pub fn push_joined<'a>(&mut self, parts: impl IntoIterator<Item = &'a str>, sep: &str) {
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(sep);
            }
            self.text.push_str(p);
        }
        self.ends.push(end(self.text.len()));
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_as_they_went_in() {
        let mut r = Rows::default();
        r.push(&[1u32, 2]);
        r.push(&[]);
        r.push(&[3]);
        assert_eq!(r.get(0), &[1, 2]);
        assert!(r.get(1).is_empty());
        assert_eq!(r.get(2), &[3]);
        let mut t = TextRows::default();
        t.push_joined(["who", "is", "élu"], " ");
        t.push_joined([], " ");
        t.push_joined(["x"], " ");
        assert_eq!(t.get(0), "who is élu");
        assert_eq!(t.get(1), "");
        assert_eq!(t.get(2), "x");
    }
}
