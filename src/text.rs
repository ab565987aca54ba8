//! Text normalisation shared by everything that compares words: the matcher, the fact-checker and
//! autocomplete. People type in any case, with curly quotes, accents, contractions and typos; the
//! functions here reduce all of that to comparable word stems.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lowercases, folds compatibility forms and accents ("Macrón" -> "macron", full-width letters
/// -> ASCII), unifies quote marks and apostrophes, and turns every other non-alphanumeric
/// character into a space. Apostrophes are kept so contractions can be split afterwards.
pub fn normalize(input: &str) -> String {
    // Most text is ASCII, which decomposition leaves as it is: skip the decomposer for it.
    if input.is_ascii() {
        return input
            .bytes()
            .map(|b| match b {
                b'\'' | b'`' => '\'',
                b if b.is_ascii_alphanumeric() => char::from(b.to_ascii_lowercase()),
                _ => ' ',
            })
            .collect();
    }
    normalize_unicode(input)
}

fn normalize_unicode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            '\'' | '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{B4}' => {
                out.push('\'')
            }
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out
}

/// Splits normalised text into words. Possessive `'s` is dropped ("kiev's" -> "kiev") and `n't`
/// becomes a separate "not" ("doesn't" -> "does", "not"), because negation matters to fact-checking.
pub fn words(normalized: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in normalized.split_whitespace() {
        let w = raw.trim_matches('\'');
        if w.is_empty() {
            continue;
        }
        for part in w.split('\'').enumerate() {
            let (i, p) = part;
            if p.is_empty() {
                continue;
            }
            if i == 0 {
                if let Some(stem) = p
                    .strip_suffix('n')
                    .filter(|_| w[p.len()..].starts_with("'t"))
                {
                    // "doesn't", "can't", "won't", "don't", "isn't"
                    let base = match stem {
                        "ca" => "can",
                        "wo" => "will",
                        "sha" => "shall",
                        s => s,
                    };
                    if !base.is_empty() {
                        out.push(base.to_string());
                    }
                    out.push("not".to_string());
                    break;
                }
                out.push(p.to_string());
            } else if !matches!(p, "s" | "t" | "re" | "ve" | "ll" | "d" | "m") {
                // "o'brien", "rock'n'roll": keep the pieces as words
                out.push(p.to_string());
            }
        }
    }
    out
}

/// A light English stemmer: enough to make "strikes", "striking" and "strike" meet, and "supplied"
/// meet "supply", without the over-reach of a full Porter stemmer on names ("Peskov", "Paris").
pub fn stem(word: &str) -> String {
    let w = word;
    let n = w.chars().count();
    if n <= 3 || !w.is_ascii() || w.bytes().any(|b| b.is_ascii_digit()) {
        return w.to_string();
    }
    let mut s = if let Some(b) = w.strip_suffix("iest").filter(|b| b.len() >= 3) {
        // superlatives: "heaviest" -> "heavy"
        format!("{b}y")
    } else if let Some(b) = w.strip_suffix("ies").filter(|b| b.len() >= 2) {
        format!("{b}y")
    } else if let Some(b) = w.strip_suffix("ied").filter(|b| b.len() >= 2) {
        format!("{b}y")
    } else if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        w.to_string()
    } else if let Some(b) = w.strip_suffix("sses") {
        format!("{b}ss")
    } else if let Some(b) = w
        .strip_suffix("es")
        .filter(|b| b.ends_with("ch") || b.ends_with("sh") || b.ends_with('x'))
    {
        b.to_string()
    } else if let Some(b) = w.strip_suffix('s') {
        b.to_string()
    } else {
        w.to_string()
    };
    if s.len() >= 6 && s.ends_with("ly") {
        // "mostly" -> "most", "recently" -> "recent", "heavily" -> "heavy"
        s.truncate(s.len() - 2);
        if s.ends_with('i') {
            s.pop();
            s.push('y');
        }
    }
    if let Some(base) = s.strip_suffix("ing").filter(|b| b.len() == 2) {
        // "using" -> "use", "aging" -> "age": a vowel-consonant base lost its "e"
        let b = base.as_bytes();
        if b"aeiou".contains(&b[0]) && !b"aeiouy".contains(&b[1]) {
            return format!("{base}e");
        }
    }
    for suffix in ["ing", "ed"] {
        if s.len() >= suffix.len() + 3 && s.ends_with(suffix) {
            let base = &s[..s.len() - suffix.len()];
            if base.bytes().any(|b| b"aeiouy".contains(&b)) {
                s = undouble(base);
            }
            break;
        }
    }
    if s.len() >= 4 && s.ends_with('e') && !s.ends_with("ee") {
        s.pop();
    }
    s
}

/// "hitting" -> "hitt" -> "hit"; but "pressing" -> "press" keeps its double s.
fn undouble(base: &str) -> String {
    let b = base.as_bytes();
    if b.len() >= 2
        && b[b.len() - 1] == b[b.len() - 2]
        && !matches!(b[b.len() - 1], b'l' | b's' | b'z' | b'e')
    {
        base[..base.len() - 1].to_string()
    } else {
        base.to_string()
    }
}

/// 1-based line of byte `offset` in `text`, for error messages that point into a file. Scans
/// the text up to `offset`: for many lookups into one file, build a [`LineIndex`] once instead.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    #[cfg(test)]
    line_scan::add(end);
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Where each line of a text starts, computed once (one pass over the text), so that any number
/// of byte offsets can be turned into line numbers in O(log lines) each: a knowledge file with
/// 100,000 facts gets its line numbers in linear time, not quadratic.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the start of each line after the first.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        #[cfg(test)]
        line_scan::add(text.len());
        let starts = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// 1-based line of byte `offset` (offsets past the end count as the end), as [`line_of`].
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) + 1
    }
}

/// Test-only count of the bytes scanned to compute line numbers on this thread: lets tests prove
/// the knowledge loader stays linear without timing anything.
#[cfg(test)]
pub(crate) mod line_scan {
    use std::cell::Cell;

    thread_local!(static SCANNED: Cell<usize> = const { Cell::new(0) });

    pub(crate) fn add(n: usize) {
        SCANNED.with(|c| c.set(c.get() + n));
    }

    /// Bytes scanned on this thread since the last call.
    pub(crate) fn take() -> usize {
        SCANNED.with(|c| c.replace(0))
    }
}

/// What a TOML parse error says, never empty: the parser's message, or its full description
/// when the message alone is blank.
pub fn toml_message(e: &toml::de::Error) -> String {
    let m = e.message().trim();
    if m.is_empty() {
        let full = e.to_string();
        let line = full
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        if line.trim().is_empty() {
            "is not valid TOML".to_string()
        } else {
            line.trim().to_string()
        }
    } else {
        m.to_string()
    }
}

/// `word` with its first letter upper case ("washington" -> "Washington"), for showing a name
/// the knowledge holds in lower case.
pub fn capitalize(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Normalises, splits and stems in one go: the comparable form of a phrase.
pub fn stems(input: &str) -> Vec<String> {
    words(&normalize(input)).iter().map(|w| stem(w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_case_accents_and_quotes() {
        assert_eq!(normalize("Macrón’s “Plan”!"), "macron's  plan  ");
        assert_eq!(normalize("ＵＳＡ"), "usa");
        assert_eq!(normalize("\u{0}\u{7}tab\there"), "  tab here");
    }

    #[test]
    fn ascii_takes_a_shortcut_to_the_same_result() {
        let every: String = (0u8..128).map(char::from).collect();
        assert_eq!(normalize(&every), normalize_unicode(&every));
        assert_eq!(
            normalize("Don't `Go` HOME-now 42!"),
            "don't 'go' home now 42 "
        );
    }

    #[test]
    fn words_split_contractions_and_possessives() {
        assert_eq!(
            words(&normalize("Doesn't Kiev's army")),
            ["does", "not", "kiev", "army"]
        );
        assert_eq!(
            words(&normalize("can't won't isn't")),
            ["can", "not", "will", "not", "is", "not"]
        );
        assert_eq!(
            words(&normalize("what's 'quoted' it's")),
            ["what", "quoted", "it"]
        );
    }

    #[test]
    fn stems_meet_across_inflections() {
        for group in [
            &["strike", "strikes", "striking"][..],
            &["supply", "supplied", "supplies"],
            &["oppose", "opposed", "opposing", "opposes"],
            &["hit", "hitting"],
            &["press", "pressing"],
            &["back", "backed", "backs", "backing"],
            &["take", "taking", "takes"],
            &["make", "making"],
        ] {
            let s: Vec<_> = group.iter().map(|w| stem(w)).collect();
            assert!(s.iter().all(|x| x == &s[0]), "{group:?} -> {s:?}");
        }
        assert_eq!(stem("using"), "use");
        assert_eq!(stem("use"), "use");
        assert_eq!(stem("doing"), "doing");
        assert_eq!(stem("peskov"), "peskov");
        assert_eq!(stem("us"), "us");
        assert_eq!(stem("paris"), "paris");
    }

    #[test]
    fn line_index_agrees_with_line_of() {
        for text in ["", "a", "\n", "a\nb", "ab\n\ncd\n", "\n\n\nx"] {
            let idx = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    idx.line(offset),
                    line_of(text, offset),
                    "{text:?} @ {offset}"
                );
            }
        }
    }

    #[test]
    fn odd_unicode_never_panics() {
        for s in [
            "",
            "\u{202E}abc",
            "🦀🦀",
            "ผู้ใหญ่",
            "e\u{301}\u{301}\u{301}",
            "'''",
            "n't",
            "\u{FFFF}",
        ] {
            let _ = stems(s);
        }
    }
}
