//! The colours of the charts, one per stage wherever a stage is drawn: won green, lost red,
//! dropped grey, open stages in blues that darken as a lead moves on.

use crate::pipeline::{Outcome, Pipeline};

pub const WON: &str = "#2e7d32";
pub const LOST: &str = "#c62828";
pub const DROPPED: &str = "#8d8d8d";
/// Open stages, first to last; a pipeline with more open stages reuses the darkest.
const OPEN: [&str; 5] = ["#90caf9", "#64b5f6", "#1e88e5", "#1565c0", "#0d47a1"];
/// For bars that are not stages (new leads per month).
pub const NEUTRAL: &str = "#1e88e5";

/// The colour of stage `name` in `pipeline`, or [`NEUTRAL`] for a status the pipeline lacks.
pub fn stage_colour(pipeline: &Pipeline, name: &str) -> &'static str {
    let Some(stage) = pipeline.stage(name) else { return NEUTRAL };
    match stage.outcome {
        Some(Outcome::Won) => WON,
        Some(Outcome::Lost) => LOST,
        Some(Outcome::Dropped) => DROPPED,
        None => {
            let index = pipeline.stages.iter().filter(|s| !s.is_closed()).position(|s| s.name == name).unwrap_or(0);
            OPEN[index.min(OPEN.len() - 1)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn won_is_green_and_lost_red() {
        let pipeline = Pipeline::default();
        assert_eq!(stage_colour(&pipeline, "won"), WON);
        assert_eq!(stage_colour(&pipeline, "lost"), LOST);
        assert_eq!(stage_colour(&pipeline, "new"), OPEN[0]);
        assert_eq!(stage_colour(&pipeline, "proposal"), OPEN[2]);
        assert_eq!(stage_colour(&pipeline, "unheard-of"), NEUTRAL);
    }
}
