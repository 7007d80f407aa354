//! The report's sections, in the order they are read. Each one computes its part of the
//! model from the shared [`Scope`] and renders itself; `report::build` and the renderers are
//! the list below. A new section is a file here and a line in `sections!`.

mod activity;
mod advancers;
mod close_month;
mod funnel;
mod headline;
mod lost;
mod outcomes;
mod spotters;
mod stale;
mod time_in_stage;

use serde::Serialize;

pub use activity::{Activity, MonthCount, MonthValue, RecentActivity};
pub use advancers::{AdvancerLine, Advancers};
pub use close_month::{ByCloseMonth, MonthLine};
pub use funnel::{Funnel, FunnelStep};
pub use headline::{CurrencyLine, Headline, Totals};
pub use lost::{CategoryCount, Lost, LostLine, LostSummary};
pub use outcomes::{OutcomeLine, Outcomes, OutcomesSection};
pub use spotters::{SpotterLine, Spotters, TeamLine};
pub use stale::{StaleLeads, StaleLine};
pub use time_in_stage::{StageTime, TimeInStage};

use super::page::Page;
use super::scope::Scope;

/// One part of the report.
pub trait Section: Serialize {
    fn build(scope: &Scope) -> Self;

    /// The section in Markdown; the HTML page is made from the same text.
    fn markdown(&self, page: &mut Page);

    /// What only the HTML page shows, after every section (notes rendered from Markdown).
    fn html_appendix(&self, _out: &mut String) {}
}

/// Declares the sections: the model's fields (flattened into the report's JSON, in this
/// order), how they are built, and the order they are rendered in.
macro_rules! sections {
    ($($field:ident: $type:ty,)+) => {
        /// Every section's part of the model.
        #[derive(Debug, Serialize)]
        pub struct Sections {
            $(#[serde(flatten)] pub $field: $type,)+
        }

        impl Sections {
            pub(super) fn build(scope: &Scope) -> Self {
                Sections { $($field: <$type as Section>::build(scope),)+ }
            }

            pub(super) fn markdown(&self, page: &mut Page) {
                $(self.$field.markdown(page);)+
            }

            pub(super) fn html_appendix(&self, out: &mut String) {
                $(self.$field.html_appendix(out);)+
            }
        }
    };
}

sections! {
    headline: Headline,
    spotters: Spotters,
    advancers: Advancers,
    funnel: Funnel,
    by_close_month: ByCloseMonth,
    stale: StaleLeads,
    time_in_stage: TimeInStage,
    outcomes: OutcomesSection,
    lost: Lost,
    recent_activity: RecentActivity,
}
