//! Claims that join statements: "Macron moved the debate forward, whereas Scholz stayed less
//! committal"; "While Britain backs it, the US and Germany oppose it". No single fact states
//! both halves, so such a claim, undecided as a whole, is checked part by part: contradicted when
//! a part is, supported when every part is, else it stays unverified.
//!
//! Only where clauses are joined by a word that cannot join two nouns: a contrast ("but",
//! "whereas", "while", "though"), a semicolon, or a comma before "and". "The US and Germany
//! oppose it" is one statement.

/// Joiners between two clauses, as written between them (lowercase, spaced).
const JOINERS: [&str; 9] = [
    ", but ",
    " but ",
    ", whereas ",
    " whereas ",
    ", while ",
    ", though ",
    " though ",
    ", although ",
    ", and ",
];

/// At most this many parts: a claim joining more is not split (bounding the work a long
/// input can cause, as every part is checked like a claim).
pub(crate) const MAX_PARTS: usize = 4;

/// Words that open a leading subordinate clause, ended by the first comma: "While A, B".
const OPENERS: [&str; 4] = ["while ", "though ", "although ", "whereas "];

/// The statements a claim joins, in order; one (the whole claim) when it joins none.
pub(crate) fn split(text: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = Vec::new();
    let mut rest = text.trim();
    let lower = rest.to_ascii_lowercase();
    if let Some(opener) = OPENERS.iter().find(|o| lower.starts_with(*o)) {
        if let Some(comma) = rest.find(',') {
            parts.push(&rest[opener.len()..comma]);
            rest = &rest[comma + 1..];
        }
    }
    for piece in rest.split(';') {
        split_joined(piece, &mut parts);
    }
    parts
        .into_iter()
        .map(|p| p.trim().trim_end_matches(['.', '!', '?']).trim())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Splits `text` at every joiner (ASCII case-insensitively) into `out`.
fn split_joined<'a>(text: &'a str, out: &mut Vec<&'a str>) {
    // Lowercasing ASCII keeps byte offsets, so positions found in `lower` index `text`.
    let lower = text.to_ascii_lowercase();
    let mut start = 0;
    loop {
        let next = JOINERS
            .iter()
            .filter_map(|j| lower[start..].find(j).map(|i| (start + i, j.len())))
            .min();
        match next {
            Some((at, len)) => {
                out.push(&text[start..at]);
                start = at + len;
            }
            None => {
                out.push(&text[start..]);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn clauses_joined_by_contrast_semicolon_or_comma_and() {
        assert_eq!(
            split("Macron moved forward, whereas Scholz stayed less committal."),
            ["Macron moved forward", "Scholz stayed less committal"]
        );
        assert_eq!(
            split("While Britain backs it, the US and Germany oppose it."),
            ["Britain backs it", "the US and Germany oppose it"]
        );
        assert_eq!(
            split("The White House is opposed though Blinken hinted at change, and Putin warned."),
            [
                "The White House is opposed",
                "Blinken hinted at change",
                "Putin warned"
            ]
        );
        assert_eq!(split("A; B"), ["A", "B"]);
    }

    #[test]
    fn nouns_joined_by_and_stay_one_statement() {
        assert_eq!(
            split("The US and Germany oppose strikes inside Russia."),
            ["The US and Germany oppose strikes inside Russia"]
        );
        assert_eq!(split(""), Vec::<&str>::new());
        // Non-ASCII text keeps its boundaries.
        assert_eq!(
            split("Zürich écoute, but Kyiv waits"),
            ["Zürich écoute", "Kyiv waits"]
        );
    }
}
