//! Which leads `list` shows, and in what order.

use jiff::civil::Date;

use super::{LeadRecord, Stale};
use crate::credit::Period;
use crate::pipeline::Pipeline;

/// A filter and an order over the ledger's leads. Every filter left empty lets every lead
/// through; the filters that are set must all hold.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Leads at one of these stages; any stage when empty.
    pub statuses: Vec<String>,
    /// Leads whose client contains this text, in any case.
    pub client: Option<String>,
    /// Leads that this person, by name or email in any case, is among the spotters of.
    pub spotter: Option<String>,
    /// Leads spotted in this period.
    pub spotted: Period,
    /// Only open leads with a reason to need attention ([`LeadRecord::stale`]).
    pub stale_only: bool,
    /// The order of the rows.
    pub sort: SortKey,
}

/// The order of a list; ties keep the order of ids.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    /// By id, the order leads are loaded in.
    #[default]
    Id,
    /// Pipeline order.
    Status,
    /// By client, in any case.
    Client,
    /// Earliest spotted first.
    SpottedOn,
    /// Soonest first; leads without a date last.
    ExpectedClose,
    /// Largest estimated value first; leads without one last.
    Value,
}

/// A lead that passed the query, with every reason it is stale as of the query's day.
pub type ListRow<'a> = (&'a LeadRecord, Vec<Stale>);

impl ListQuery {
    /// Refuses a query that could only answer wrongly in silence: a stage the pipeline does
    /// not have lists nothing, when a typo is the likely reason.
    pub fn check(&self, pipeline: &Pipeline) -> Result<(), crate::error::Error> {
        self.statuses.iter().try_for_each(|s| pipeline.known(s).map(|_| ()))
    }

    /// The leads of `records` (sorted by id, as [`crate::load_leads`] returns them)
    /// that pass the query, in its order, with their stale reasons as of `today`.
    pub fn select<'a>(&self, records: &'a [LeadRecord], pipeline: &Pipeline, today: Date) -> Vec<ListRow<'a>> {
        let client = self.client.as_ref().map(|c| c.to_lowercase());
        let mut rows: Vec<ListRow> = records
            .iter()
            .filter(|r| self.statuses.is_empty() || self.statuses.contains(&r.lead.status))
            .filter(|r| client.as_ref().is_none_or(|c| r.lead.client.to_lowercase().contains(c)))
            .filter(|r| {
                self.spotter
                    .as_ref()
                    .is_none_or(|s| r.history.as_ref().is_some_and(|h| h.spotters.iter().any(|p| p.answers_to(s))))
            })
            .filter(|r| self.spotted.contains_day(r.lead.spotted_on))
            .map(|r| (r, r.stale(pipeline, today)))
            .filter(|(_, stale)| !self.stale_only || !stale.is_empty())
            .collect();
        match self.sort {
            SortKey::Id => {}
            SortKey::Status => rows.sort_by_key(|(r, _)| pipeline.rank(&r.lead.status)),
            SortKey::Client => rows.sort_by_key(|(r, _)| r.lead.client.to_lowercase()),
            SortKey::SpottedOn => rows.sort_by_key(|(r, _)| r.lead.spotted_on),
            SortKey::ExpectedClose => {
                rows.sort_by_key(|(r, _)| (r.lead.expected_close.is_none(), r.lead.expected_close))
            }
            SortKey::Value => rows.sort_by(|(a, _), (b, _)| {
                b.lead.estimated_value.unwrap_or(-1.0).total_cmp(&a.lead.estimated_value.unwrap_or(-1.0))
            }),
        }
        rows
    }
}
