//! The report's sections, in the order they are read. Each one computes its part of the
//! model from the shared [`Scope`] and renders itself; `report::build` and the renderers are
//! the list below. A new section is a file here, its `mod` line and a line in `sections!`,
//! whose order is the order of the sections in every form.

// Declared here rather than by `sections!`, so that rustfmt finds them.
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
    ($($field:ident: $module:ident::$type:ident,)+) => {
        $(pub use $module::*;)+

        /// Every section's part of the model.
        #[derive(Debug, Serialize)]
        pub struct Sections {
            $(#[serde(flatten)] pub $field: $type,)+
        }

        impl Sections {
            pub(super) fn build(scope: &Scope) -> Self {
                Sections { $($field: $type::build(scope),)+ }
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
    headline: headline::Headline,
    spotters: spotters::Spotters,
    advancers: advancers::Advancers,
    funnel: funnel::Funnel,
    by_close_month: close_month::ByCloseMonth,
    stale: stale::StaleLeads,
    time_in_stage: time_in_stage::TimeInStage,
    outcomes: outcomes::OutcomesSection,
    lost: lost::Lost,
    recent_activity: activity::RecentActivity,
}
