//! `leadger.toml`: every key optional, every key with a default, every typo an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::pipeline::Pipeline;
use crate::position::Position;
use crate::source::LoadError;

/// The name of the configuration file that marks a ledger's root.
pub const FILE_NAME: &str = "leadger.toml";

/// A ledger's `leadger.toml`, with the defaults for every key it leaves out.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Folder, relative to the ledger root, that holds the lead files.
    pub leads_dir: String,
    /// The currency of a value given without one (`new --value`): an ISO 4217 code.
    pub default_currency: Option<String>,
    /// A JSON Schema (draft-07) that replaces the built-in lead schema.
    pub schema: Option<String>,
    /// `[pipeline]`: the stages a lead moves through.
    pub pipeline: Pipeline,
    /// `[privacy]`: which client contact data lead files may hold.
    pub privacy: PrivacySettings,
    /// `[attribution]`: who earns no credit, and how a lead is followed through a change of id.
    pub attribution: AttributionSettings,
    /// Team name → member emails, for per-team credit.
    pub teams: BTreeMap<String, Vec<String>>,
    /// `[pr]`: what `leadger pr` writes into the pull request comment.
    pub pr: PullRequestSettings,
    /// `[duplicates]`: when two leads are taken for possible duplicates.
    pub duplicates: DuplicateSettings,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            leads_dir: "leads".to_owned(),
            default_currency: None,
            schema: None,
            pipeline: Pipeline::default(),
            privacy: PrivacySettings::default(),
            attribution: AttributionSettings::default(),
            teams: BTreeMap::new(),
            pr: PullRequestSettings::default(),
            duplicates: DuplicateSettings::default(),
        }
    }
}

/// History is forever, so client contact data is refused unless a ledger opts in.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrivacySettings {
    /// Let lead files hold email addresses; colleagues' `<email>` in `owner` and `spotted_by` is
    /// always allowed.
    pub allow_emails: bool,
    /// Let lead files hold phone numbers, in any field or comment.
    pub allow_phone_numbers: bool,
}

/// `[attribution]` in `leadger.toml`: which committers earn no credit, and when two files in
/// history are taken for one lead whose id changed.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct AttributionSettings {
    /// Names or emails of automated committers: kept in timelines, kept out of credit.
    /// Names ending in `[bot]` are always bots.
    pub bots: Vec<String>,
    /// The fields that identify a record across a rename (text compared by edit distance,
    /// anything else exactly). A ledger with its own schema names its own.
    pub identity: Vec<String>,
    /// The share of the identity fields, from 0 to 1, that must match for a rename.
    pub identity_threshold: f64,
    /// The rarity-weighted share of key/value pairs, from 0 to 1, two records must have in
    /// common to pair by content when the identity fields give no pair.
    pub rename_threshold: f64,
}

impl Default for AttributionSettings {
    fn default() -> Self {
        AttributionSettings {
            bots: Vec::new(),
            identity: ["client", "spotted_on", "title", "summary"].map(str::to_owned).to_vec(),
            // Three of the four built-in fields: a rename keeps the client and the day.
            identity_threshold: 0.75,
            rename_threshold: DEFAULT_RENAME_THRESHOLD,
        }
    }
}

/// Chosen on the history generator's ground truth (see docs/history.md).
pub const DEFAULT_RENAME_THRESHOLD: f64 = 0.42;

/// What `leadger pr` writes into the pull request.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PullRequestSettings {
    /// The closing line of the comment (plain text); a line that says what happens next when absent.
    pub footer: Option<String>,
}

/// When two leads count as possible duplicates (see [`crate::find_duplicates`]).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct DuplicateSettings {
    /// `false` turns off `check`'s `possible-duplicate` warnings and the duplicate notes of `leadger pr`.
    pub enabled: bool,
    /// The share of words two titles or two summaries must have in common, from 0 to 1.
    pub threshold: f64,
    /// Leads closed more than this many days ago are not compared.
    pub closed_days: u32,
}

impl Default for DuplicateSettings {
    fn default() -> Self {
        DuplicateSettings { enabled: true, threshold: 0.5, closed_days: 365 }
    }
}

impl Config {
    /// Reads `leadger.toml` in `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, Error> {
        let path = root.join(FILE_NAME);
        match crate::source::read_text(&path, crate::source::MAX_CONFIG_SIZE) {
            Ok(text) => Config::parse(&text, &path),
            Err(LoadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ErrorKind::Load { path, source }.hinted(
                "leadger.toml must be a readable text file, not a link, pipe or device; every key is optional, \
                 so it may also be removed",
            )),
        }
    }

    /// Parses a configuration; `path` is only used to say where a problem is.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let position = Position::of(text, e.span().map_or(0, |s| s.start));
            config_error(path, position, e.message().trim_end())
        })?;
        let problems = config.pipeline.problems();
        if let Some(first) = problems.first() {
            let offset = text.find("[pipeline").or_else(|| text.find("pipeline")).unwrap_or(0);
            return Err(config_error(path, Position::of(text, offset), first));
        }
        if !(config.duplicates.threshold > 0.0 && config.duplicates.threshold <= 1.0) {
            let offset = text.find("threshold").unwrap_or(0);
            return Err(config_error(
                path,
                Position::of(text, offset),
                "duplicates.threshold is a share of words in common: above 0 and at most 1",
            ));
        }
        if let Some(currency) = &config.default_currency {
            if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                let offset = text.find("default_currency").unwrap_or(0);
                return Err(config_error(
                    path,
                    Position::of(text, offset),
                    "default_currency must be an ISO 4217 code in capitals, such as \"EUR\"",
                ));
            }
        }
        for (key, value) in [
            ("identity_threshold", config.attribution.identity_threshold),
            ("rename_threshold", config.attribution.rename_threshold),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                let offset = text.find(key).unwrap_or(0);
                return Err(config_error(
                    path,
                    Position::of(text, offset),
                    &format!("attribution.{key} is a share of what two records have in common: above 0 and at most 1"),
                ));
            }
        }
        if !is_relative_inside(&config.leads_dir) {
            let offset = text.find("leads_dir").unwrap_or(0);
            return Err(config_error(
                path,
                Position::of(text, offset),
                "leads_dir must be a relative path inside the ledger",
            ));
        }
        if let Some(schema) = config.schema.as_deref().filter(|s| !is_relative_inside(s)) {
            let offset = text.find("schema").unwrap_or(0);
            return Err(config_error(
                path,
                Position::of(text, offset),
                &format!("schema must be a relative path inside the ledger, not `{schema}`"),
            ));
        }
        Ok(config)
    }

    /// The leads folder of the ledger whose root is `root`.
    pub fn leads_dir(&self, root: &Path) -> PathBuf {
        root.join(&self.leads_dir)
    }
}

fn config_error(path: &Path, position: Position, message: &str) -> Error {
    ErrorKind::Config {
        path: path.to_owned(),
        line: position.line,
        column: position.column,
        message: message.to_owned(),
    }
    .hinted("every key of leadger.toml is optional; see `leadger init` for a commented example")
}

fn is_relative_inside(dir: &str) -> bool {
    let path = Path::new(dir);
    !dir.is_empty()
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_all_defaults() {
        let config = Config::parse("", Path::new("leadger.toml")).unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn unknown_key_names_its_line() {
        let err = Config::parse("leads_dir = \"x\"\n\n[privacy]\nallow_email = true\n", Path::new("leadger.toml"))
            .unwrap_err();
        let ErrorKind::Config { line, column, message, .. } = err.kind() else { panic!("{err:?}") };
        assert_eq!((*line, *column), (4, 1));
        assert!(message.contains("unknown field `allow_email`"), "{message}");
    }

    #[test]
    fn duplicates_threshold_is_a_share() {
        let err = Config::parse("[duplicates]\nthreshold = 50\n", Path::new("leadger.toml")).unwrap_err();
        let ErrorKind::Config { line, message, .. } = err.kind() else { panic!("{err:?}") };
        assert_eq!(*line, 2);
        assert!(message.contains("at most 1"), "{message}");
        let config = Config::parse("[duplicates]\nenabled = false\n[pr]\nfooter = \"Thanks!\"\n", Path::new("x"));
        let config = config.unwrap();
        assert!(!config.duplicates.enabled);
        assert_eq!(config.duplicates.closed_days, 365);
        assert_eq!(config.pr.footer.as_deref(), Some("Thanks!"));
    }

    #[test]
    fn default_currency_is_a_currency_code() {
        let config = Config::parse("default_currency = \"EUR\"", Path::new("leadger.toml")).unwrap();
        assert_eq!(config.default_currency.as_deref(), Some("EUR"));
        let err = Config::parse("\ndefault_currency = \"euro\"", Path::new("leadger.toml")).unwrap_err();
        let ErrorKind::Config { line, message, .. } = err.kind() else { panic!("{err:?}") };
        assert_eq!(*line, 2);
        assert!(message.contains("such as \"EUR\""), "{message}");
    }

    #[test]
    fn attribution_identity_and_thresholds() {
        let config = Config::parse(
            "[attribution]\nidentity = [\"login\", \"account_id\"]\nrename_threshold = 0.6\n",
            Path::new("leadger.toml"),
        )
        .unwrap();
        assert_eq!(config.attribution.identity, ["login", "account_id"]);
        assert_eq!(config.attribution.rename_threshold, 0.6);
        assert_eq!(config.attribution.identity_threshold, 0.75);
        let err = Config::parse("[attribution]\n\nidentity_threshold = 3\n", Path::new("leadger.toml")).unwrap_err();
        let ErrorKind::Config { line, message, .. } = err.kind() else { panic!("{err:?}") };
        assert_eq!(*line, 3);
        assert!(message.contains("attribution.identity_threshold"), "{message}");
    }

    #[test]
    fn leads_dir_cannot_escape_the_ledger() {
        assert!(Config::parse("leads_dir = \"../elsewhere\"", Path::new("leadger.toml")).is_err());
        assert!(Config::parse("leads_dir = \"/abs\"", Path::new("leadger.toml")).is_err());
        assert!(Config::parse("schema = \"../s.json\"", Path::new("leadger.toml")).is_err());
        assert!(Config::parse("schema = \"/dev/stdin\"", Path::new("leadger.toml")).is_err());
        assert!(Config::parse("schema = \"schema/lead.schema.json\"", Path::new("leadger.toml")).is_ok());
    }
}
