//! Discord's size limits, and cutting text to them on character boundaries.
//!
//! Lengths are counted in UTF-16 code units, as Discord's clients count them; a text within a
//! limit so counted is within it counted in characters (code points) too, whichever way the API
//! counts. Cutting never splits a character, so no input can make it panic.

/// Message content.
pub const CONTENT: usize = 2000;
/// Embed title.
pub const EMBED_TITLE: usize = 256;
/// Embed description.
pub const EMBED_DESCRIPTION: usize = 4096;
/// Embed field name.
pub const FIELD_NAME: usize = 256;
/// Embed field value.
pub const FIELD_VALUE: usize = 1024;
/// Embed footer text.
pub const FOOTER: usize = 2048;
/// Fields per embed.
pub const FIELDS: usize = 25;
/// Title, description, field names and values and footer of one embed together.
pub const EMBED_TOTAL: usize = 6000;
/// Autocomplete choice name and string value.
pub const CHOICE: usize = 100;
/// Autocomplete choices per response.
pub const CHOICES: usize = 25;
/// Button label.
pub const BUTTON_LABEL: usize = 80;
/// A component's custom_id.
pub const CUSTOM_ID: usize = 100;
/// Buttons per action row.
pub const ROW_BUTTONS: usize = 5;
/// Action rows per message.
pub const ROWS: usize = 5;

/// Length as Discord's clients count it (UTF-16 code units).
pub fn len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The longest prefix of `s` at most `max` UTF-16 units long (ends on a char boundary).
pub fn prefix(s: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.len_utf16();
        if used > max {
            return &s[..i];
        }
    }
    s
}

/// `s` cut to `max` UTF-16 units; when something is cut, the text ends with "…" to say so.
pub fn cut(s: &str, max: usize) -> String {
    if len(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = prefix(s, max - 1).trim_end().to_string();
    out.push('…');
    out
}

/// Makes `@everyone` and `@here` inert even as displayed text, by putting a zero-width space after
/// the `@`. (Pings are already impossible: every message sets empty `allowed_mentions`.)
pub fn defuse_mass_mentions(s: &str) -> String {
    s.replace("@everyone", "@\u{200B}everyone")
        .replace("@here", "@\u{200B}here")
}

/// Text echoed into a Discord message: mass mentions defused, then cut to `max`.
pub fn fit(s: &str, max: usize) -> String {
    cut(&defuse_mass_mentions(s), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nasty(n: usize) -> String {
        // Thai, emoji (astral, ZWJ sequences, flags, skin tones), Hebrew and Arabic with RTL
        // marks, combining characters: every kind of character boundary.
        let parts = [
            "ภาษาไทยที่มีสระ",
            "👩‍👩‍👧‍👦",
            "🇺🇦",
            "👍🏽",
            "\u{200F}שלום\u{200E}",
            "مرحبا",
            "e\u{301}\u{302}\u{303}",
            "Z\u{351}\u{35B}\u{34C}",
            "@everyone ",
        ];
        let mut s = String::new();
        let mut i = 0;
        while s.chars().count() < n {
            s.push_str(parts[i % parts.len()]);
            i += 1;
        }
        s
    }

    #[test]
    fn short_text_is_unchanged() {
        assert_eq!(cut("hello", 5), "hello");
        assert_eq!(cut("", 5), "");
        assert_eq!(prefix("hello", 10), "hello");
    }

    #[test]
    fn cut_marks_the_cut_and_respects_the_limit() {
        assert_eq!(cut("hello world", 6), "hello…");
        assert_eq!(cut("hello", 0), "");
        assert_eq!(cut("hello", 1), "…");
    }

    #[test]
    fn astral_characters_are_never_split() {
        // Each emoji is 2 UTF-16 units: a 3-unit budget holds one emoji, not one and a half.
        assert_eq!(prefix("😀😀😀", 3), "😀");
        assert_eq!(cut("😀😀😀", 4), "😀…");
        assert_eq!(len("😀"), 2);
    }

    #[test]
    fn any_limit_on_nasty_text_holds_and_never_panics() {
        let s = nasty(2500);
        assert!(s.chars().count() >= 2000);
        for max in [0, 1, 2, 3, 7, 80, 100, 256, 1024, 2000, 4096, 6000] {
            let out = fit(&s, max);
            assert!(len(&out) <= max, "max {max}: {}", len(&out));
            assert!(out.chars().count() <= max);
        }
    }

    #[test]
    fn mass_mentions_are_defused() {
        let out = fit("hi @everyone and @here, <@123> <@&456>", 100);
        assert!(!out.contains("@everyone"));
        assert!(!out.contains("@here"));
        assert!(out.contains("@\u{200B}everyone"));
        assert!(out.contains("@\u{200B}here"));
    }

    proptest::proptest! {
        #[test]
        fn fit_never_exceeds(s in "\\PC{0,300}", max in 0usize..120) {
            let out = fit(&s, max);
            proptest::prop_assert!(len(&out) <= max);
        }
    }
}
