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

#[cfg(test)]
mod tests {
    use super::*;

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
