//! Cleaning text from any source before it is stored or drawn: control characters and bidi
//! overrides could otherwise move the cursor, recolour the screen or reorder what is shown.

/// Removes control characters (C0, DEL, C1) and Unicode bidi controls. Line breaks of every
/// kind (see [`is_line_break`]) and tabs in single-line fields become spaces, so a name never
/// breaks a table row and the words either side of a break stay apart.
pub fn clean_line(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for ch in input.replace("\r\n", "\n").chars() {
        match ch {
            '\t' => out.push(' '),
            c if is_line_break(c) => out.push(' '),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Like [`clean_line`] but keeps line breaks, for notes and aims: each break of any kind
/// (`\r\n` counting as one) becomes `\n`.
pub fn clean_text(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for ch in input.replace("\r\n", "\n").chars() {
        match ch {
            '\t' => out.push(' '),
            c if is_line_break(c) => out.push('\n'),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Whether `c` ends a line: LF, CR, and the mandatory breaks of Unicode's line breaking
/// algorithm (UAX #14 classes BK, CR, LF and NL): vertical tab, form feed, next line (U+0085),
/// line separator (U+2028) and paragraph separator (U+2029). Terminals, browsers and
/// spreadsheets may all start a new line at any of them.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A comparison key for names of organisations and professions: case, spacing and punctuation
/// at the ends do not make two names different.
pub fn name_key(name: &str) -> String {
    clean_line(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `value` has the shape of an email address mail can be sent to: something, an @,
/// and a domain name with a dot, no spaces. `None` when it does. A server's address in
/// brackets (RFC 5321's address literal, `x@[127.0.0.1]`) is refused: no one's mailbox is
/// written so, and a message cannot be addressed to it.
pub fn email_problem(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return Some("is empty; an email address is needed here".to_string());
    }
    if let Some((_, domain)) = value.split_once('@') {
        if domain.contains(['[', ']']) {
            return Some(format!(
                "\"{value}\" has a server's address in brackets after the @; give the address \
                 with its domain name, as name@example.org"
            ));
        }
    }
    let well_formed = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !value.contains(char::is_whitespace)
        }
        None => false,
    };
    (!well_formed).then(|| format!("\"{value}\" is not an email address"))
}

/// A search key: lower case with accents taken off, so "sian" finds "Siân" and "ibanez"
/// finds "Ibáñez".
pub fn fold(text: &str) -> String {
    // Most names are plain ASCII, which has no accents to take off: no decomposition needed.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A whole number with its thousands separated: `100,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_with_a_bracketed_server_address_is_refused_with_why() {
        assert_eq!(email_problem("ada@example.org"), None);
        assert_eq!(
            email_problem("x@[127.0.0.1]"),
            Some(
                "\"x@[127.0.0.1]\" has a server's address in brackets after the @; give the \
                 address with its domain name, as name@example.org"
                    .to_string()
            )
        );
        assert!(email_problem("x@[IPv6:::1].example").is_some());
    }

    #[test]
    fn strips_terminal_escapes_and_bidi_overrides() {
        assert_eq!(clean_line("Ada\u{1b}[31m Okafor\u{7}"), "Ada[31m Okafor");
        assert_eq!(clean_line("abc\u{202E}fed\u{2066}"), "abcfed");
        assert_eq!(clean_line("\u{9b}2Jname"), "2Jname");
    }

    #[test]
    fn keeps_accents_and_apostrophes_exactly() {
        assert_eq!(clean_line("Siân O'Connor-Ibáñez"), "Siân O'Connor-Ibáñez");
    }

    #[test]
    fn single_line_fields_lose_line_breaks_but_text_keeps_them() {
        assert_eq!(clean_line("two\nlines"), "two lines");
        assert_eq!(clean_text("two\r\nlines\u{1b}"), "two\nlines");
    }

    #[test]
    fn every_kind_of_line_break_is_a_space_in_a_line_and_a_newline_in_text() {
        for (name, brk) in [
            ("line feed", "\n"),
            ("carriage return", "\r"),
            ("CR LF", "\r\n"),
            ("vertical tab", "\u{0B}"),
            ("form feed", "\u{0C}"),
            ("next line", "\u{85}"),
            ("line separator", "\u{2028}"),
            ("paragraph separator", "\u{2029}"),
        ] {
            let typed = format!("Ward{brk}round{brk}");
            assert_eq!(clean_line(&typed), "Ward round", "{name}");
            assert_eq!(clean_text(&typed), "Ward\nround", "{name}");
        }
        assert_eq!(clean_text("one\r\rtwo"), "one\n\ntwo");
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Siân O'Connor-Ibáñez"), "sian o'connor-ibanez");
        assert_eq!(fold("GRÁINNE"), fold("grainne"));
        assert_eq!(fold("Mary-Kate OKAFOR"), "mary-kate okafor");
        assert_eq!(
            fold("Mary-Kate OKAFOR"),
            fold("Mary-Kate OKAFÓR").replace('ó', "o")
        );
        assert!(fold("Piotr Zieliński-Hale").contains(&fold("zielinski")));
        assert_eq!(
            fold("Ølstad"),
            "ølstad",
            "letters that are not accented stay as they are"
        );
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn name_keys_ignore_case_and_spacing() {
        assert_eq!(
            name_key("  North  Riverside NHS Trust "),
            name_key("north riverside nhs trust")
        );
        assert_ne!(name_key("Nurse"), name_key("Nurses"));
    }
}
