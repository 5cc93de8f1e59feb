//! Reading a named choice (a stage, a role, a category) the way people type it: case, spaces,
//! hyphens and underscores make no difference.

/// The letters and digits of `text`, lower-cased: "Applied to Q", "applied_to_q" and
/// "APPLIED-TO-Q" all become "appliedtoq".
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first of `all` with a name that matches `input` once both are squashed.
pub fn find<T: Copy, const N: usize>(
    input: &str,
    all: &[T],
    names: impl Fn(T) -> [&'static str; N],
) -> Option<T> {
    let wanted = squash(input);
    if wanted.is_empty() {
        return None;
    }
    all.iter()
        .copied()
        .find(|&choice| names(choice).iter().any(|name| squash(name) == wanted))
}

/// Topics as people typed them ("PDSA", "patient flow"), spaces tidied, each once: a topic
/// that differs from an earlier one only in case is the same topic, and the first spelling is
/// the one kept, so "PDSA; pdsa" is one topic shown as "PDSA". Matching compares them
/// case-insensitively too.
pub fn topics<'a>(typed: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for topic in typed {
        let topic = super::text::clean_line(topic)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !topic.is_empty() && !out.iter().any(|t| t.to_lowercase() == topic.to_lowercase()) {
            out.push(topic);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_keep_the_case_typed_and_are_each_once_whatever_the_case() {
        assert_eq!(
            topics(["Patient flow", " PDSA", "", "patient  flow", "pdsa"]),
            ["Patient flow", "PDSA"]
        );
    }

    #[test]
    fn spelling_details_do_not_matter() {
        assert_eq!(squash("Applied to Q"), squash("applied_to_q"));
        assert_eq!(squash("No-show"), "noshow");
        assert_eq!(squash("Étude"), "étude");
    }

    #[test]
    fn finds_by_any_name_and_refuses_nothing_typed() {
        let all = [1, 2];
        let names = |n: i32| {
            if n == 1 {
                ["One", "uno"]
            } else {
                ["Two", "dos"]
            }
        };
        assert_eq!(find("UNO", &all, names), Some(1));
        assert_eq!(find("two", &all, names), Some(2));
        assert_eq!(find("three", &all, names), None);
        assert_eq!(find(" - ", &all, names), None);
    }
}
