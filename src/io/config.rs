//! The configuration file (`~/.config/improvers/config.toml`): matching weights and rules,
//! cost estimates, the retention period and the mail settings.
//! Every key is optional; a key that is misspelt or of the wrong kind is an error naming the
//! file and line, never silently ignored.

use crate::domain::budget::costs::CostDefaults;
use crate::domain::mail::MailSettings;
use crate::domain::mentoring::matching::rules::MatchingRules;
use crate::domain::mentoring::matching::score::Weights;
use crate::domain::money::Pence;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The configuration file's documented defaults, as shipped in `assets/config.toml`.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub matching: MatchingRules,
    pub costs: CostDefaults,
    /// `[retention] years`: how many whole years after a cohort ends its people are listed for
    /// review by `status`; `None` (the default) lists nobody.
    pub retention_years: Option<u32>,
    /// `[mail]`: who messages are from and when reminders and nudges are due (docs/mail.md).
    pub mail: MailSettings,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("the configuration file {file} cannot be read: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("{file}, line {line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigToml {
    #[serde(default)]
    matching: MatchingToml,
    #[serde(default)]
    costs: CostsToml,
    #[serde(default)]
    retention: RetentionToml,
    #[serde(default)]
    mail: crate::io::mail::settings::MailToml,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RetentionToml {
    years: Option<i64>,
}

/// The longest retention period accepted, in years: a longer one is more likely a typing slip
/// than a policy.
const MOST_RETENTION_YEARS: i64 = 100;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CostsToml {
    /// A string in pounds (`"£60.00"`), or a bare number of pounds (`60`, `60.5`), as people
    /// write amounts in a TOML file.
    speaker_travel: Option<toml::Value>,
    site_visit_travel_per_person: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchingToml {
    same_organisation: Option<i32>,
    per_shared_topic: Option<i32>,
    most_shared_topics: Option<u32>,
    same_profession: Option<i32>,
    per_current_mentee: Option<i32>,
    per_week_waiting: Option<i32>,
    most_weeks_waiting: Option<u32>,
    different_organisation: Option<bool>,
    dormant_after_weeks: Option<u32>,
}

/// Weights beyond this either way would let one factor swamp every other many times over,
/// and keep every sum far from overflowing.
const MOST_POINTS: i32 = 10_000;

/// Reads a configuration from `text`, naming `file` in any error.
pub fn parse_config(text: &str, file: &str) -> Result<Config, ConfigError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let invalid = |line: usize, message: String| ConfigError::Invalid {
        file: file.to_string(),
        line,
        message,
    };
    let parsed: ConfigToml = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |span| line_of(text, span.start));
        invalid(
            line,
            crate::io::config_words::plain(text, e.span().map(|s| s.start), e.message()),
        )
    })?;
    let m = &parsed.matching;
    let defaults = MatchingRules::default();
    let w = &defaults.weights;
    let points = |key: &str, value: Option<i32>, default: i32| match value {
        None => Ok(default),
        Some(v) if (-MOST_POINTS..=MOST_POINTS).contains(&v) => Ok(v),
        Some(v) => Err(invalid(
            line_of_key(text, key),
            format!("matching.{key} = {v} is outside ±{MOST_POINTS}"),
        )),
    };
    let weights = Weights {
        same_organisation: points(
            "same_organisation",
            m.same_organisation,
            w.same_organisation,
        )?,
        per_shared_topic: points("per_shared_topic", m.per_shared_topic, w.per_shared_topic)?,
        most_shared_topics: m
            .most_shared_topics
            .map_or(w.most_shared_topics, |n| n.min(100) as usize),
        same_profession: points("same_profession", m.same_profession, w.same_profession)?,
        per_current_mentee: points(
            "per_current_mentee",
            m.per_current_mentee,
            w.per_current_mentee,
        )?,
        per_week_waiting: points("per_week_waiting", m.per_week_waiting, w.per_week_waiting)?,
        most_weeks_waiting: m
            .most_weeks_waiting
            .map_or(w.most_weeks_waiting, |n| n.min(520)),
    };
    let money = |key: &str, value: &Option<toml::Value>, default: Pence| {
        let typed = match value {
            None => return Ok(default),
            Some(toml::Value::String(typed)) => typed.clone(),
            Some(toml::Value::Integer(pounds)) => pounds.to_string(),
            Some(toml::Value::Float(pounds)) => pounds.to_string(),
            Some(other) => {
                return Err(invalid(
                    line_of_key(text, key),
                    format!(
                        "costs.{key} = {other} is not an amount of money: write it in pounds, \
                         as \"£60.00\" or 60"
                    ),
                ));
            }
        };
        Pence::parse(&typed).map_err(|e| {
            invalid(
                line_of_key(text, key),
                format!("costs.{key}: {e}; write it in pounds, as \"£60.00\" or 60"),
            )
        })
    };
    let cost_defaults = CostDefaults::default();
    let costs = CostDefaults {
        speaker_travel: money(
            "speaker_travel",
            &parsed.costs.speaker_travel,
            cost_defaults.speaker_travel,
        )?,
        site_visit_travel_per_person: money(
            "site_visit_travel_per_person",
            &parsed.costs.site_visit_travel_per_person,
            cost_defaults.site_visit_travel_per_person,
        )?,
    };
    let retention_years = match parsed.retention.years {
        None => None,
        Some(years) if (1..=MOST_RETENTION_YEARS).contains(&years) => u32::try_from(years).ok(),
        Some(years) => {
            return Err(invalid(
                line_of_key(text, "years"),
                format!(
                    "retention.years = {years} is not a number of whole years from 1 to \
                     {MOST_RETENTION_YEARS}; remove the key to list nobody for review"
                ),
            ));
        }
    };
    let mail = crate::io::mail::settings::mail_settings(&parsed.mail, text, file)?;
    let dormant_after_weeks = m
        .dormant_after_weeks
        .unwrap_or(defaults.dormant_after_weeks);
    Ok(Config {
        costs,
        retention_years,
        mail: MailSettings {
            nudge_after_weeks: dormant_after_weeks,
            ..mail
        },
        matching: MatchingRules {
            weights,
            different_organisation: m
                .different_organisation
                .unwrap_or(defaults.different_organisation),
            dormant_after_weeks,
        },
    })
}

/// Where the configuration is read from: `--config`, else `IMPROVERS_CONFIG`, else
/// `config.toml` in the platform configuration folder. The flag says whether the file was
/// asked for by name (then it must exist).
pub fn config_path(given: Option<PathBuf>) -> Option<(PathBuf, bool)> {
    if let Some(path) = given {
        return Some((path, true));
    }
    if let Some(path) = std::env::var_os("IMPROVERS_CONFIG").filter(|v| !v.is_empty()) {
        return Some((PathBuf::from(path), true));
    }
    directories::ProjectDirs::from("", "", "improvers")
        .map(|dirs| (dirs.config_dir().join("config.toml"), false))
}

/// The configuration in force: the defaults when no file was named and none is in the usual
/// place.
pub fn load_config(given: Option<PathBuf>) -> Result<Config, ConfigError> {
    match config_path(given) {
        None => Ok(Config::default()),
        Some((path, named)) => read_config(&path, named),
    }
}

/// The configuration in `path` read afresh, as an open dashboard does when the mail place
/// opens: a file that is not there gives the defaults.
///
/// Errors: a file that cannot be read or parsed, naming it and the line.
pub fn reread_config(path: &Path) -> Result<Config, ConfigError> {
    read_config(path, false)
}

fn read_config(path: &Path, must_exist: bool) -> Result<Config, ConfigError> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse_config(&text, &file),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => Ok(Config::default()),
        Err(e) => Err(ConfigError::Unreadable {
            file,
            reason: crate::store::error::file_sentence("read", path, &e),
        }),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// The line where `key` is set, for errors found after parsing.
pub(crate) fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_says_exactly_the_defaults() {
        assert_eq!(
            parse_config(DEFAULT_CONFIG, "assets/config.toml"),
            Ok(Config::default())
        );
    }

    #[test]
    fn an_empty_file_means_the_defaults() {
        assert_eq!(parse_config("", "config.toml"), Ok(Config::default()));
    }

    #[test]
    fn a_weight_can_be_changed_and_the_rest_keep_their_defaults() {
        let config = parse_config(
            "[matching]\nsame_organisation = 60\ndifferent_organisation = true\n",
            "c",
        )
        .unwrap();
        assert_eq!(config.matching.weights.same_organisation, 60);
        assert_eq!(config.matching.weights.per_shared_topic, 10);
        assert!(config.matching.different_organisation);
    }

    #[test]
    fn a_misspelt_key_is_named_with_its_line() {
        let err = parse_config("[matching]\n\nsame_organization = 60\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config.toml, line 3: unknown field `same_organization`"),
            "{err}"
        );
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_named_with_its_line() {
        let err = parse_config("[matching]\nper_shared_topic = \"ten\"\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config.toml, line 2: matching.per_shared_topic = \"ten\" is text in quotes; write a \
             whole number, without quotes, as per_shared_topic = 2"
        );
    }

    #[test]
    fn cost_defaults_are_amounts_of_money() {
        let config = parse_config("[costs]\nspeaker_travel = \"£75.50\"\n", "c").unwrap();
        assert_eq!(config.costs.speaker_travel, Pence(7_550));
        let err = parse_config("[costs]\n\nspeaker_travel = \"-5\"\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config.toml, line 3: costs.speaker_travel"),
            "{err}"
        );
        for typed in ["-5", "0"] {
            let err = parse_config(&format!("[costs]\nspeaker_travel = \"{typed}\"\n"), "c")
                .unwrap_err()
                .to_string();
            assert!(
                err.ends_with(&format!(
                    "costs.speaker_travel: \"{typed}\" must be more than £0; write it in \
                     pounds, as \"£60.00\" or 60"
                )),
                "{err}"
            );
        }
    }

    #[test]
    fn a_bare_number_of_pounds_is_an_amount_and_anything_else_says_how_to_write_one() {
        let config = parse_config(
            "[costs]\nspeaker_travel = 60\nsite_visit_travel_per_person = 12.5\n",
            "c",
        )
        .unwrap();
        assert_eq!(config.costs.speaker_travel, Pence(6_000));
        assert_eq!(config.costs.site_visit_travel_per_person, Pence(1_250));
        let err = parse_config("[costs]\nspeaker_travel = true\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config.toml, line 2: costs.speaker_travel = true is not an amount of money: write \
             it in pounds, as \"£60.00\" or 60"
        );
        let err = parse_config("[costs]\nspeaker_travel = -5\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("must be more than £0; write it in pounds"),
            "{err}"
        );
    }

    #[test]
    fn a_retention_period_is_whole_years_and_none_by_default() {
        assert_eq!(Config::default().retention_years, None);
        let config = parse_config("[retention]\nyears = 6\n", "c").unwrap();
        assert_eq!(config.retention_years, Some(6));
        let err = parse_config("[matching]\n\n[retention]\nyears = 0\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config.toml, line 4: retention.years = 0 is not a number of whole years from 1 to \
             100; remove the key to list nobody for review"
        );
        let err = parse_config("[retention]\nyears = \"six\"\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("config.toml, line 2: "), "{err}");
        let err = parse_config("[retention]\nmonths = 6\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config.toml, line 2: unknown field `months`"),
            "{err}"
        );
    }

    #[test]
    fn the_mail_table_is_read_and_its_mistakes_named_with_their_line() {
        let config = parse_config(
            "[matching]\ndormant_after_weeks = 8\n\n[mail]\nfrom = \"team@example.org\"\n\
             from_name = \"Aspiring Improvers\"\nreminder_days_before = 3\n",
            "c",
        )
        .unwrap();
        assert_eq!(config.mail.from.as_deref(), Some("team@example.org"));
        assert_eq!(config.mail.organiser, None);
        assert_eq!(config.mail.reminder_days_before, 3);
        assert_eq!(config.mail.nudge_after_weeks, 8, "the dormant-pair weeks");
        let err = parse_config("[mail]\nfrom = \"team at example\"\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "config.toml, line 2: mail.from = \"team at example\" is not an email address ("
            ),
            "{err}"
        );
        let err = parse_config("[mail]\n\nreminder_days_before = -1\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config.toml, line 3: mail.reminder_days_before = -1 is not a number of days from 0 \
             (on the day) to 60"
        );
        let err = parse_config("[mail]\nreply_to = \"a@b.org\"\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config.toml, line 2: unknown field `reply_to`"),
            "{err}"
        );
    }

    #[test]
    fn a_weight_out_of_range_is_refused() {
        let err = parse_config("[matching]\nsame_profession = 99999\n", "config.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config.toml, line 2: matching.same_profession = 99999 is outside ±10000"
        );
    }

    #[test]
    fn a_named_file_that_is_missing_is_an_error_but_the_usual_one_may_be_absent() {
        let missing = std::env::temp_dir().join("improvers-no-such-config.toml");
        assert!(matches!(
            read_config(&missing, true),
            Err(ConfigError::Unreadable { .. })
        ));
        assert_eq!(read_config(&missing, false), Ok(Config::default()));
    }
}
