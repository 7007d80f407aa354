//! The typed lead model, read from a lead file that passed the schema.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Whether `id` is a valid lead id: lowercase ASCII letters and digits in groups joined by
/// single hyphens (`acme-billing-2`). Ids are file stems and appear in URLs and commands,
/// so nothing that needs quoting is allowed.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// The fields leadger itself understands. A ledger's own schema may add more; they are kept
/// out of this model on purpose, so extending the schema never breaks the reports.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Lead {
    pub title: String,
    pub client: String,
    pub status: String,
    #[serde(deserialize_with = "date::required")]
    pub spotted_on: Date,
    pub summary: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub estimated_value: Option<f64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "date::optional")]
    pub expected_close: Option<Date>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub contact_role: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub next_step: Option<String>,
    #[serde(default, deserialize_with = "date::optional")]
    pub next_step_due: Option<Date>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub lost_reason: Option<String>,
    #[serde(default)]
    pub lost_category: Option<String>,
    #[serde(default)]
    pub spotted_by: Vec<String>,
}

impl Lead {
    /// A lead file's content, read straight into the model. `None` when it does not fit:
    /// `leadger check` says why.
    pub fn from_toml(text: &str) -> Option<Lead> {
        toml::from_str(text).ok()
    }
}

/// Dates as TOML writes them (`2026-11-05`), or as a string, which `check` flags but the
/// reports still understand.
mod date {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, de::Error};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Toml(toml::value::Datetime),
        Text(String),
    }

    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = match Written::deserialize(d)? {
            Written::Toml(date) => date.to_string(),
            Written::Text(text) => text,
        };
        text.parse().map_err(D::Error::custom)
    }

    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        required(d).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_id;

    #[test]
    fn ids() {
        for good in ["acme", "acme-billing", "a1-2b", "2026-q3"] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in ["", "Acme", "acme--billing", "-acme", "acme-", "acme_billing", "acmé"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
