//! A draft fact's answer: the sentence itself, in plain words. Quotation marks go (the reply shows
//! the verbatim quote beside the answer); nothing is added but the speaker of words whose
//! attribution is in another sentence or paragraph ("Stoltenberg said: ..."), which the article
//! itself states there.

/// Quotation marks removed from an answer.
const QUOTE_MARKS: [char; 6] = ['"', '\u{201C}', '\u{201D}', '\u{201E}', '\u{AB}', '\u{BB}'];

/// The answer for `sentence` (as the article writes it). `carried`: the speaker of the quotation
/// the sentence belongs to, when the sentence does not name them itself.
pub(crate) fn answer(sentence: &str, carried: Option<&str>) -> String {
    match carried {
        Some(speaker) => {
            let inner = plain(sentence);
            format!("{speaker} said: \u{201C}{inner}\u{201D}")
        }
        None => capitalise(&plain(sentence)),
    }
}

/// The sentence without quotation marks, single spaces, no space before punctuation.
fn plain(sentence: &str) -> String {
    let stripped: String = sentence
        .chars()
        .map(|c| if QUOTE_MARKS.contains(&c) { ' ' } else { c })
        .collect();
    let mut out = stripped.split_whitespace().collect::<Vec<_>>().join(" ");
    for p in [",", ".", ";", ":", "?", "!"] {
        out = out.replace(&format!(" {p}"), p);
    }
    // A leading single quotation mark ("‘We ...") is a quotation mark too.
    out.trim_start_matches('\u{2018}').to_string()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotation_marks_go_and_nothing_is_added() {
        assert_eq!(
            answer(
                "\"We plan to stay ,\" Stoltenberg said, calling it \u{201C}firm\u{201D}.",
                None
            ),
            "We plan to stay, Stoltenberg said, calling it firm."
        );
        assert_eq!(
            answer("the fighting has moved,\" he said.", None),
            "The fighting has moved, he said."
        );
    }

    #[test]
    fn a_carried_speaker_is_named() {
        assert_eq!(
            answer(
                "\"Therefore I believe the time has come.\"",
                Some("Jens Stoltenberg")
            ),
            "Jens Stoltenberg said: \u{201C}Therefore I believe the time has come.\u{201D}"
        );
    }
}
