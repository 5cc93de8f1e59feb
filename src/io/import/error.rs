//! What an import reports when a file is wrong: every problem, each naming file, line and column.

use std::fmt;

/// One thing wrong with one field of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub file: String,
    /// The 1-based physical line where the record starts, as the CSV reader counts it.
    pub line: u64,
    /// The column's header name (for TOML files, the key).
    pub column: String,
    pub reason: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A problem with the file as a whole (empty, the wrong separator) names no column.
        if self.column.is_empty() {
            return write!(f, "{}:{}: {}", self.file, self.line, self.reason);
        }
        write!(
            f,
            "{}:{}: column \"{}\": {}",
            self.file, self.line, self.column, self.reason
        )
    }
}

/// Every problem found in an import; nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportErrors(pub Vec<ImportProblem>);

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// Collects problems for one file while its rows are read.
#[derive(Debug)]
pub(crate) struct Problems {
    file: String,
    list: Vec<ImportProblem>,
}

impl Problems {
    pub(crate) fn new(file: &str) -> Problems {
        Problems {
            file: file.to_string(),
            list: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, line: u64, column: &str, reason: impl Into<String>) {
        self.list.push(ImportProblem {
            file: self.file.clone(),
            line,
            column: column.to_string(),
            reason: reason.into(),
        });
    }

    /// Keeps the value, or records why there is none.
    /// An optional column: `Some(None)` when blank, `Some(Some(value))` when `read` accepts
    /// it, `None` (with the problem noted) when it does not.
    pub(crate) fn optional<T>(
        &mut self,
        line: u64,
        column: &str,
        raw: &str,
        read: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        match super::fields::optional(raw) {
            None => Some(None),
            Some(raw) => self.check(line, column, read(raw)).map(Some),
        }
    }

    pub(crate) fn check<T>(
        &mut self,
        line: u64,
        column: &str,
        result: Result<T, String>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(reason) => {
                self.add(line, column, reason);
                None
            }
        }
    }

    pub(crate) fn into_errors(mut self) -> ImportErrors {
        self.list.sort_by_key(|p| p.line);
        ImportErrors(self.list)
    }

    /// `Ok(())` when nothing was wrong.
    pub(crate) fn finish(mut self) -> Result<(), ImportErrors> {
        if self.list.is_empty() {
            Ok(())
        } else {
            self.list.sort_by_key(|p| p.line);
            Err(ImportErrors(self.list))
        }
    }
}
