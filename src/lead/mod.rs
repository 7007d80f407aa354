//! The typed lead model, read from a lead file that passed the schema.

mod id;

pub use id::resolve_id;

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
    /// What the client needs, in a few words.
    pub title: String,
    /// The client organisation, never a person's contact details.
    pub client: String,
    /// The name of the pipeline stage the lead stands at.
    pub status: String,
    /// The day the need was heard.
    #[serde(deserialize_with = "date::required")]
    pub spotted_on: Date,
    /// What the client said, in plain words.
    pub summary: String,
    /// Where the lead was heard; the built-in schema allows `delivery`, `support`, `workshop`,
    /// `meeting`, `event`, `referral` and `other`.
    #[serde(default)]
    pub source: Option<String>,
    /// What kind of business it would be; the built-in schema allows `new-business`, `upsell`,
    /// `extension` and `renewal`.
    #[serde(default)]
    pub kind: Option<String>,
    /// A rough value of the work, in `currency`.
    #[serde(default)]
    pub estimated_value: Option<f64>,
    /// The ISO 4217 code of `estimated_value`, such as `EUR`.
    #[serde(default)]
    pub currency: Option<String>,
    /// When a decision is expected; an open lead past it is stale.
    #[serde(default, deserialize_with = "date::optional")]
    pub expected_close: Option<Date>,
    /// The colleague who follows the lead up, as `Name <email>`; `None` while nobody does.
    #[serde(default)]
    pub owner: Option<String>,
    /// The role of the client's person the engineer spoke to: a role, never a name.
    #[serde(default)]
    pub contact_role: Option<String>,
    /// Free labels in lowercase, such as `billing`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The next thing to do.
    #[serde(default)]
    pub next_step: Option<String>,
    /// When the next step is due; an open lead past it is stale (overdue).
    #[serde(default, deserialize_with = "date::optional")]
    pub next_step_due: Option<Date>,
    /// Notes, in Markdown.
    #[serde(default)]
    pub notes: Option<String>,
    /// Why the lead was lost or dropped, in a sentence; required at those stages.
    #[serde(default)]
    pub lost_reason: Option<String>,
    /// The kind of reason it was lost or dropped, such as `no-budget` or `competitor`.
    #[serde(default)]
    pub lost_category: Option<String>,
    /// Who spotted it, as `Name <email>`, when someone else filed it for them: credit goes to them
    /// rather than to the creating commit's author. Empty when history says.
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
/// reports still understand. Also read back from the parsed-lead cache, whose format
/// (postcard) knows no types of its own: so a visitor that takes either, not an untagged enum.
mod date {
    use jiff::civil::Date;
    use serde::de::{Error, MapAccess, Visitor, value::MapAccessDeserializer};
    use serde::{Deserialize, Deserializer};

    struct DateVisitor;

    impl<'de> Visitor<'de> for DateVisitor {
        type Value = Date;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date such as 2026-11-05")
        }

        fn visit_str<E: Error>(self, text: &str) -> Result<Date, E> {
            text.parse().map_err(E::custom)
        }

        /// How toml hands over its own date values.
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
            let date = toml::value::Datetime::deserialize(MapAccessDeserializer::new(map))?;
            self.visit_str(&date.to_string())
        }
    }

    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_str(DateVisitor)
    }

    struct Day(Date);

    impl<'de> Deserialize<'de> for Day {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
            required(d).map(Day)
        }
    }

    /// Through `Option` itself, which reads the cache's presence tag.
    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Ok(Option::<Day>::deserialize(d)?.map(|day| day.0))
    }
}

#[cfg(test)]
mod tests {
    use super::{Lead, is_valid_id};

    #[test]
    fn dates_as_toml_dates_or_strings_and_through_the_cache_format() {
        let text = "title = \"T\"\nclient = \"C\"\nstatus = \"new\"\nspotted_on = 2026-11-05\nsummary = \"S\"\nnext_step_due = \"2026-12-01\"\n";
        let lead = Lead::from_toml(text).unwrap();
        assert_eq!(lead.spotted_on.to_string(), "2026-11-05");
        assert_eq!(lead.next_step_due.map(|d| d.to_string()).as_deref(), Some("2026-12-01"));
        assert!(lead.expected_close.is_none());
        let bytes = postcard::to_stdvec(&lead).unwrap();
        assert_eq!(postcard::from_bytes::<Lead>(&bytes).unwrap(), lead);
        assert!(Lead::from_toml(&text.replace("2026-11-05", "2026-11-05T10:00:00Z")).is_none());
        assert!(Lead::from_toml(&text.replace("2026-11-05", "\"soon\"")).is_none());
    }

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
