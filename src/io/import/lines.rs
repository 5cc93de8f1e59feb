//! Physical line numbers as a person counts them in an editor, whatever ends the lines: `\r\n`
//! (what Excel writes), `\n`, or a lone `\r` (older Mac programs) each end one line.

/// The byte offsets at which each line of a text starts.
pub(crate) struct LineStarts(Vec<usize>);

impl LineStarts {
    pub(crate) fn new(text: &str) -> LineStarts {
        LineStarts::of_bytes(text.as_bytes())
    }

    /// As [`LineStarts::new`], for a file that may not be UTF-8.
    pub(crate) fn of_bytes(bytes: &[u8]) -> LineStarts {
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineStarts(starts)
    }

    /// The 1-based line holding the byte at `offset` (past the end: the last line).
    pub(crate) fn line(&self, offset: usize) -> u64 {
        self.0.partition_point(|&start| start <= offset) as u64
    }
}

/// The 1-based line holding the byte at `offset` of `text`.
pub(crate) fn line_at(text: &str, offset: usize) -> u64 {
    LineStarts::new(text).line(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_line_ending_ends_one_line() {
        for text in [
            "a\nb\nc",
            "a\r\nb\r\nc",
            "a\rb\rc",
            "a\r\nb\nc",
            "a\rb\r\nc",
        ] {
            let c = text.find('c').unwrap();
            assert_eq!(line_at(text, c), 3, "{text:?}");
            assert_eq!(line_at(text, 0), 1, "{text:?}");
            assert_eq!(LineStarts::new(text).line(c), 3, "{text:?}");
        }
        assert_eq!(
            line_at("a\r\n", 1),
            1,
            "the \\r of a \\r\\n is still the first line"
        );
        assert_eq!(line_at("a\r\n", 2), 1, "and so is its \\n");
    }
}
