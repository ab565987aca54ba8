//! The article as drafting reads it: the knowledge's own paragraphs (non-empty lines) and
//! sentences (split as [`crate::knowledge`] splits them for replies and coverage reports), and
//! each sentence's words with their byte offsets, capitalisation and the punctuation around them.
//!
//! A metadata token that opens a paragraph ("date 2024-05-30", "Updated: 2024-05-30 14:00") is set
//! apart from the sentence it precedes, so that no drafted quote starts with it. Every range here
//! is a byte range into the article, so that every quote drafted from it is a substring of the
//! article by construction.

use std::ops::Range;

use crate::knowledge::{paragraph_ranges, sentences};
use crate::text::{normalize, words};

/// One word of a sentence, as written, with the punctuation around it.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// The word in the article, without surrounding punctuation ("Norway's", "two-day").
    pub span: Range<usize>,
    /// Its normalised words, space-separated: "norway" for "Norway's", "two day" for "two-day".
    pub key: String,
    /// Starts with a capital letter.
    pub cap: bool,
    /// An acronym: at least two letters, all capitals ("NATO").
    pub caps: bool,
    /// Ends with a possessive `'s` (or a plural's `s'`).
    pub possessive: bool,
    /// A quotation mark opens before it.
    pub open_quote: bool,
    /// A quotation mark closes after it.
    pub close_quote: bool,
    /// A clause break follows it: a comma, semicolon, colon or dash.
    pub pause: bool,
    /// A sentence-final mark (`.`, `?`, `!`) follows it.
    pub end: bool,
}

/// One sentence of a paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    /// Byte range in the article: what a drafted fact quotes.
    pub span: Range<usize>,
    /// 1-based paragraph, as the loader numbers them.
    pub paragraph: usize,
    /// The first sentence of its paragraph.
    pub opens_paragraph: bool,
    /// Its paragraph has no other sentence.
    pub alone: bool,
    pub words: Vec<Word>,
}

impl Sentence {
    /// Ends with `.`, `?` or `!` (a heading does not).
    pub fn terminated(&self) -> bool {
        self.words.last().is_some_and(|w| w.end)
    }
}

/// A metadata token at the start of a paragraph ("date 2024-05-30").
#[derive(Debug, Clone)]
pub(crate) struct Metadata {
    /// The whole token, label included.
    pub span: Range<usize>,
    /// The ISO date in it (`YYYY-MM-DD`), when it has one.
    pub date: Option<Range<usize>>,
}

/// An article read into paragraphs, sentences and words.
#[derive(Debug, Clone)]
pub(crate) struct Structure {
    pub sentences: Vec<Sentence>,
    pub metadata: Vec<Metadata>,
}

/// Quotation marks, straight and typographic.
const QUOTES: [char; 6] = ['"', '\u{201C}', '\u{201D}', '\u{201E}', '\u{AB}', '\u{BB}'];

fn is_quote(c: char) -> bool {
    QUOTES.contains(&c)
}

/// Reads `text` into sentences and words.
pub(crate) fn read(text: &str) -> Structure {
    let mut out = Structure {
        sentences: Vec::new(),
        metadata: Vec::new(),
    };
    for (p, para) in paragraph_ranges(text).into_iter().enumerate() {
        let mut start = para.start;
        if let Some(meta) = metadata_prefix(text, para.clone()) {
            start = meta.span.end;
            out.metadata.push(meta);
            // Skip the spaces after the token.
            start += text[start..para.end].len() - text[start..para.end].trim_start().len();
        }
        if start >= para.end {
            continue;
        }
        let ranges = sentences(text, start..para.end);
        let alone = ranges.len() == 1;
        for (i, range) in ranges.into_iter().enumerate() {
            let words = tokenize(text, range.clone());
            if words.is_empty() {
                continue;
            }
            out.sentences.push(Sentence {
                span: range,
                paragraph: p + 1,
                opens_paragraph: i == 0,
                alone,
                words,
            });
        }
    }
    out
}

/// The text of a word.
#[cfg(test)]
pub(crate) fn word_text<'t>(text: &'t str, w: &Word) -> &'t str {
    &text[w.span.clone()]
}

/// A metadata token opening the paragraph `para`: at most two lowercase label words ("date",
/// "updated:") then an ISO date and, optionally, a clock time. `None` when the paragraph opens
/// otherwise.
fn metadata_prefix(text: &str, para: Range<usize>) -> Option<Metadata> {
    let chunks = chunks(text, para);
    let mut i = 0;
    while i < chunks.len().min(2) && is_label(&text[chunks[i].clone()]) {
        i += 1;
    }
    let date = chunks.get(i)?;
    let date_text = text[date.clone()].trim_end_matches([',', '.']);
    if !crate::knowledge::is_iso_date(date_text) {
        return None;
    }
    let date = date.start..date.start + date_text.len();
    let mut end = date.end;
    if let Some(time) = chunks.get(i + 1) {
        let t = text[time.clone()].trim_end_matches(',');
        if is_clock(t) {
            end = time.start + t.len();
        }
    }
    Some(Metadata {
        span: chunks[0].start..end,
        date: Some(date),
    })
}

/// A label word of a metadata token: lowercase ("date", "updated:"), or capitalised with a colon
/// ("Updated:"): a capitalised word without one starts a sentence.
fn is_label(raw: &str) -> bool {
    let (s, colon) = match raw.strip_suffix(':') {
        Some(s) => (s, true),
        None => (raw, false),
    };
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest_lower = chars.all(|c| c.is_ascii_lowercase());
    rest_lower && (first.is_ascii_lowercase() || (colon && first.is_ascii_uppercase()))
}

/// "14:00", "9:30".
fn is_clock(s: &str) -> bool {
    let Some((h, m)) = s.split_once(':') else {
        return false;
    };
    (1..=2).contains(&h.len())
        && m.len() == 2
        && h.bytes().all(|b| b.is_ascii_digit())
        && m.bytes().all(|b| b.is_ascii_digit())
}

/// Byte ranges of the whitespace-separated chunks of `text[range]`.
fn chunks(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(s..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..range.end);
    }
    out
}

/// The words of the sentence at `range`, punctuation recorded on the words it touches.
pub(crate) fn tokenize(text: &str, range: Range<usize>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut open_pending = false;
    for chunk in chunks(text, range) {
        let s = &text[chunk.clone()];
        let Some(lead) = s.find(char::is_alphanumeric) else {
            // Punctuation standing alone: a dash is a pause; a lone quote mark closes the word
            // before it, or opens the next when there is none.
            if s.contains(['-', '\u{2013}', '\u{2014}']) {
                if let Some(prev) = out.last_mut() {
                    prev.pause = true;
                }
            }
            if s.contains(is_quote) {
                match out.last_mut() {
                    Some(prev) if !open_pending => prev.close_quote = true,
                    _ => open_pending = true,
                }
            }
            continue;
        };
        let body_end = s
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphanumeric())
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(s.len());
        let head = &s[..lead];
        let mut body = &s[lead..body_end];
        let tail = &s[body_end..];
        // A plural possessive ("allies'") keeps its apostrophe out of the word.
        let plural_possessive = body.ends_with('s') && tail.starts_with(['\'', '\u{2019}']);
        let possessive = plural_possessive
            || body
                .strip_suffix('s')
                .is_some_and(|b| b.ends_with(['\'', '\u{2019}']));
        let after_apostrophe = if plural_possessive {
            &tail[tail.chars().next().map_or(0, char::len_utf8)..]
        } else {
            tail
        };
        // A single closing mark after punctuation closes a quotation ("...,’").
        let close_single =
            after_apostrophe.contains(['.', ',']) && after_apostrophe.ends_with('\u{2019}');
        if body.is_empty() {
            body = s;
        }
        let start = chunk.start + lead;
        let letters: Vec<char> = body.chars().filter(|c| c.is_alphabetic()).collect();
        out.push(Word {
            span: start..start + body.len(),
            key: words(&normalize(body)).join(" "),
            cap: body.starts_with(char::is_uppercase),
            caps: letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()),
            possessive,
            open_quote: open_pending || head.contains(is_quote) || head.contains('\u{2018}'),
            close_quote: after_apostrophe.contains(is_quote) || close_single,
            pause: after_apostrophe.contains([',', ';', ':', '\u{2013}', '\u{2014}']),
            end: after_apostrophe.contains(['.', '?', '!']),
        });
        open_pending = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'t>(text: &'t str, s: &Sentence) -> Vec<&'t str> {
        s.words.iter().map(|w| word_text(text, w)).collect()
    }

    #[test]
    fn words_keep_offsets_and_punctuation() {
        let text = "\"We go,\" Norway's Foreign Minister said — then left.";
        let s = read(text);
        assert_eq!(s.sentences.len(), 1);
        let w = &s.sentences[0].words;
        assert_eq!(
            texts(text, &s.sentences[0]),
            ["We", "go", "Norway's", "Foreign", "Minister", "said", "then", "left"]
        );
        assert!(w[0].open_quote && w[0].cap && !w[0].caps);
        assert!(w[1].close_quote && w[1].pause);
        assert!(w[2].possessive);
        assert_eq!(w[2].key, "norway");
        assert!(w[5].pause, "a dash standing alone is a pause");
        assert!(w[7].end);
    }

    #[test]
    fn acronyms_hyphens_and_plural_possessives() {
        let text = "NATO held a two-day meeting of the allies' envoys.";
        let s = read(text);
        let w = &s.sentences[0].words;
        assert!(w[0].caps);
        assert_eq!(w[3].key, "two day");
        assert!(w[7].possessive);
        assert_eq!(word_text(text, &w[7]), "allies");
    }

    #[test]
    fn a_leading_metadata_token_is_set_apart() {
        let text = " date 2024-05-30 NATO chief spoke. He left.\n\nUpdated: 2024-05-31 14:00\n";
        let s = read(text);
        assert_eq!(s.metadata.len(), 2);
        assert_eq!(&text[s.metadata[0].span.clone()], "date 2024-05-30");
        assert_eq!(&text[s.metadata[0].date.clone().unwrap()], "2024-05-30");
        assert_eq!(
            &text[s.metadata[1].span.clone()],
            "Updated: 2024-05-31 14:00"
        );
        let sentences: Vec<&str> = s.sentences.iter().map(|x| &text[x.span.clone()]).collect();
        assert_eq!(sentences, ["NATO chief spoke.", "He left."]);
        assert!(s.sentences[0].opens_paragraph && !s.sentences[0].alone);
    }

    #[test]
    fn sentences_are_the_knowledge_s_and_headings_are_unterminated() {
        let text = "Serious consequences\n\nHe said \"no.\" Then left.";
        let s = read(text);
        assert_eq!(s.sentences.len(), 3);
        assert!(!s.sentences[0].terminated() && s.sentences[0].alone);
        assert_eq!(s.sentences[1].paragraph, 2);
        assert!(s.sentences[1].terminated());
        assert_eq!(&text[s.sentences[1].span.clone()], "He said \"no.\"");
    }

    #[test]
    fn a_paragraph_opening_with_a_capitalised_word_is_not_metadata() {
        let text = "Date 2024-05-30 was chosen.";
        assert!(read(text).metadata.is_empty());
        let text = "the date 2024-05-30";
        assert_eq!(read(text).metadata.len(), 1);
        assert!(read(text).sentences.is_empty());
    }
}
