//! Which leads `history` shows: one lead, one person's, or those active in a period.

use crate::attribution::LeadHistory;
use crate::credit::Period;
use crate::error::Error;

/// Filters over leads' timelines; the filters that are set must all hold.
#[derive(Debug, Clone, Default)]
pub struct HistoryQuery {
    /// The lead this id names (whole, or a unique start of it).
    pub lead: Option<String>,
    /// Leads this person (a name or an email, any case) spotted or moved.
    pub person: Option<String>,
    /// Leads created or moved in this period.
    pub period: Period,
}

impl HistoryQuery {
    /// Keeps the leads the query selects; a lead id that names no lead, or several, is an error.
    pub fn retain(&self, leads: &mut Vec<LeadHistory>) -> Result<(), Error> {
        if let Some(typed) = &self.lead {
            let id = crate::lead::resolve_id(typed, leads.iter().map(|l| l.id.as_str()), "leadger history")?.to_owned();
            leads.retain(|l| l.id == id);
        }
        if let Some(who) = &self.person {
            leads.retain(|l| {
                l.spotters.iter().any(|p| p.answers_to(who))
                    || l.transitions.iter().any(|t| t.stamp.author.answers_to(who))
            });
        }
        if self.period != Period::default() {
            let period = &self.period;
            leads.retain(|l| {
                l.created.as_ref().is_some_and(|c| period.contains(c.time))
                    || l.transitions.iter().any(|t| period.contains(t.stamp.time))
            });
        }
        Ok(())
    }
}
