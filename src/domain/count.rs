//! Counts in words: "1 person", "2 people", "1 expense". Every message, pane and report that
//! says how many of something goes through here, so a count is never "1 participants".

/// Nouns whose plural is not made by the usual rules, and nouns the same either way.
const IRREGULAR: [(&str, &str); 2] = [("person", "people"), ("series", "series")];

/// `noun` as it is said of `n` things: `plural(1, "person")` is "person", `plural(2, "person")`
/// is "people". `noun` is the singular, in lower case or as it is written ("Q member"); only its
/// last word before any "of" changes ("mentoring match" → "mentoring matches").
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        return noun.to_string();
    }
    // "series of sessions": the words before "of" name the things counted.
    let (counted, rest) = match noun.find(" of ") {
        Some(at) => noun.split_at(at),
        None => (noun, ""),
    };
    let (head, last) = match counted.rfind(' ') {
        Some(at) => counted.split_at(at + 1),
        None => ("", counted),
    };
    format!("{head}{}{rest}", plural_word(last))
}

/// `n` and the noun: "0 people", "1 person", "3 mentoring matches", "1,200 expenses".
pub fn count(n: usize, noun: &str) -> String {
    format!("{} {}", super::text::thousands(n as u64), plural(n, noun))
}

/// "was" or "were", for "1 row was", "2 rows were".
pub fn was(n: usize) -> &'static str {
    if n == 1 { "was" } else { "were" }
}

fn plural_word(word: &str) -> String {
    let lower = word.to_lowercase();
    if let Some((_, many)) = IRREGULAR.iter().find(|(one, _)| *one == lower) {
        // Keep the word's own capital: "Person" → "People".
        return match word.chars().next() {
            Some(c) if c.is_uppercase() => {
                let mut chars = many.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            }
            _ => (*many).to_string(),
        };
    }
    let ends = |tail: &str| lower.ends_with(tail);
    if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") {
        return format!("{word}es");
    }
    // "category" → "categories", but "day" → "days".
    let mut tail = lower.chars().rev();
    if tail.next() == Some('y') && tail.next().is_some_and(|c| !"aeiou".contains(c)) {
        return format!("{}ies", &word[..word.len() - 1]);
    }
    format!("{word}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_is_plural() {
        assert_eq!(count(1, "person"), "1 person");
        assert_eq!(count(2, "person"), "2 people");
        assert_eq!(count(0, "person"), "0 people");
        assert_eq!(count(1, "expense"), "1 expense");
        assert_eq!(count(3, "expense"), "3 expenses");
        assert_eq!(count(1_500, "expense"), "1,500 expenses");
    }

    #[test]
    fn only_the_last_word_of_a_noun_changes() {
        assert_eq!(count(2, "Q member"), "2 Q members");
        assert_eq!(count(2, "mentoring match"), "2 mentoring matches");
        assert_eq!(count(2, "budget category"), "2 budget categories");
        assert_eq!(count(2, "share of a budget"), "2 shares of a budget");
        assert_eq!(count(2, "series of sessions"), "2 series of sessions");
    }

    #[test]
    fn english_endings_are_kept() {
        assert_eq!(plural(2, "day"), "days");
        assert_eq!(plural(2, "entry"), "entries");
        assert_eq!(plural(2, "clash"), "clashes");
        assert_eq!(plural(2, "series"), "series");
        assert_eq!(plural(2, "Person"), "People");
        assert_eq!(plural(2, "check-in"), "check-ins");
        assert_eq!(was(1), "was");
        assert_eq!(was(2), "were");
    }
}
