//! The TOML reader's complaints about the configuration file, said in plain words naming the
//! table, the key and what it may hold, in place of serde's terms ("expected u16").

/// The sentence for the TOML reader's `message` about the configuration `text`, whose
/// problem starts at byte `at` (the reader's span, when it gives one).
pub(crate) fn plain(text: &str, at: Option<usize>, message: &str) -> String {
    let message = message.trim();
    let place = at.map(|at| Place::of(text, at));
    let name = place.as_ref().map(Place::name);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let pointer = if key.contains("password") {
            "; a password is never written in the configuration file: give password_env (the \
             name of an environment variable holding it) or password_file (a file only you can \
             read) under [mail] instead (docs/mail.md)"
        } else {
            ""
        };
        return format!("{message}{pointer}");
    }
    let Some(place) = place else {
        return message.to_string();
    };
    let name = name.unwrap_or_default();
    if message.starts_with("duplicate key") {
        return format!(
            "{name} is set twice in [{}]; keep the one you mean and remove the other",
            place.table
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((_, expected)) = rest.rsplit_once(", expected ") {
            return format!(
                "{name} = {} is {}; write {}",
                place.value,
                kind_of(&place.value),
                wanted(expected, &place.key)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if let Some((_, expected)) = rest.rsplit_once(", expected ") {
            return format!(
                "{name} = {} is out of range; write {}",
                place.value,
                wanted(expected, &place.key)
            );
        }
    }
    message.to_string()
}

/// Where in the file a complaint points: the table it is in, and the key and value written
/// on its line.
struct Place {
    table: String,
    key: String,
    value: String,
}

impl Place {
    fn of(text: &str, at: usize) -> Place {
        let before = text.get(..at).unwrap_or(text);
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = text
            .get(start..)
            .and_then(|rest| rest.lines().next())
            .unwrap_or_default();
        let table = before
            .lines()
            .rev()
            .map(str::trim)
            .find_map(|l| l.strip_prefix('[').and_then(|l| l.split(']').next()))
            .unwrap_or_default()
            .trim()
            .to_string();
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        Place {
            table,
            key: key.trim().to_string(),
            value: value.trim().to_string(),
        }
    }

    /// "mail.smtp_port", or the key alone outside a table.
    fn name(&self) -> String {
        if self.table.is_empty() {
            self.key.clone()
        } else {
            format!("{}.{}", self.table, self.key)
        }
    }
}

/// What a written value is, in words.
fn kind_of(value: &str) -> &'static str {
    if value.starts_with(['"', '\'']) {
        "text in quotes"
    } else if value == "true" || value == "false" {
        "true or false"
    } else if value.starts_with('[') {
        "a list"
    } else if value.contains('.') && value.parse::<f64>().is_ok() {
        "a number with a decimal point"
    } else {
        "not of the kind this key takes"
    }
}

/// What a key takes, from serde's name of the type, in words with an example.
fn wanted(expected: &str, key: &str) -> String {
    let bare = |example: &str| format!("{key} = {example}");
    match expected.trim() {
        "u16" if key == "smtp_port" => format!(
            "the port as a whole number from 1 to 65535, without quotes, as {}",
            bare("587")
        ),
        "u16" => format!(
            "a whole number from 0 to 65535, without quotes, as {}",
            bare("2")
        ),
        "u32" => format!(
            "a whole number from 0 to 4294967295, without quotes, as {}",
            bare("2")
        ),
        "i32" | "i64" => format!("a whole number, without quotes, as {}", bare("2")),
        "a boolean" | "bool" => format!("true or false, without quotes, as {}", bare("true")),
        "a string" => format!("text in quotes, as {}", bare("\"...\"")),
        other => other.to_string(),
    }
}
