//! The sales pipeline: stage names, their order, which are closed and how they end.
//!
//! This is the single source of truth for stages. The schema's `status` enum, the
//! `lost_reason` rule, reports and authoring commands all read it from here.

use serde::{Deserialize, Serialize};

/// How a closed stage ends a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The client bought: counts as won value and in the win rate.
    Won,
    /// The client went elsewhere or said no: counts against the win rate.
    Lost,
    /// We chose not to pursue it: closed, but outside the win rate.
    Dropped,
}

/// One stage of the pipeline, as configured in `leadger.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// What a lead's `status` says at this stage: lowercase letters, digits and single hyphens.
    pub name: String,
    /// Set on closed stages only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Chance, in percent, that an open lead at this stage is won (weighted pipeline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub win_probability: Option<u8>,
    /// Days an open lead may sit in this stage before it is reported as stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_days: Option<u32>,
}

impl Stage {
    fn open(name: &str, win_probability: u8, stale_days: u32) -> Self {
        Stage {
            name: name.to_owned(),
            outcome: None,
            win_probability: Some(win_probability),
            stale_days: Some(stale_days),
        }
    }

    fn closed(name: &str, outcome: Outcome) -> Self {
        Stage { name: name.to_owned(), outcome: Some(outcome), win_probability: None, stale_days: None }
    }

    /// Whether the stage ends a lead (it has an `outcome`).
    pub fn is_closed(&self) -> bool {
        self.outcome.is_some()
    }
}

/// The ordered stages. Open stages come first, in the order a lead moves through them.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// `stages` of `[pipeline]`, in order.
    pub stages: Vec<Stage>,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline {
            stages: vec![
                Stage::open("new", 10, 14),
                Stage::open("qualified", 30, 30),
                Stage::open("proposal", 60, 30),
                Stage::closed("won", Outcome::Won),
                Stage::closed("lost", Outcome::Lost),
                Stage::closed("dropped", Outcome::Dropped),
            ],
        }
    }
}

impl Pipeline {
    /// The stage called `name`; `None` when the pipeline has none of that name.
    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.name == name)
    }

    /// Position of a stage in the configured order, used to tell forward from backward moves.
    pub fn rank(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.name == name)
    }

    /// The stage called `name`, or an error that suggests the closest stage or lists them all.
    pub fn known(&self, name: &str) -> Result<&Stage, crate::error::Error> {
        self.stage(name).ok_or_else(|| {
            let error = crate::error::ErrorKind::UnknownStage { stage: name.to_owned() };
            match crate::suggest::closest(name, self.names()) {
                Some(suggestion) => error.hinted(crate::suggest::did_you_mean(suggestion)),
                None => error.hinted(format!("the stages are: {}", self.names().collect::<Vec<_>>().join(", "))),
            }
        })
    }

    /// The stage names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.stages.iter().map(|s| s.name.as_str())
    }

    /// Stages whose leads must say why they ended (`lost_reason`).
    pub fn needs_reason(&self) -> impl Iterator<Item = &str> {
        self.stages
            .iter()
            .filter(|s| matches!(s.outcome, Some(Outcome::Lost | Outcome::Dropped)))
            .map(|s| s.name.as_str())
    }

    /// Problems that make the pipeline unusable, in plain words; empty when it is sound.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !self.stages.iter().any(|s| !s.is_closed()) {
            problems.push("the pipeline has no open stage".to_owned());
        }
        let won = self.stages.iter().filter(|s| s.outcome == Some(Outcome::Won)).count();
        if won != 1 {
            problems.push(format!("the pipeline needs exactly one stage with outcome = \"won\", found {won}"));
        }
        for (i, stage) in self.stages.iter().enumerate() {
            if !crate::lead::is_valid_id(&stage.name) {
                problems
                    .push(format!("stage name `{}` must be lowercase letters, digits and single hyphens", stage.name));
            }
            if self.stages[..i].iter().any(|s| s.name == stage.name) {
                problems.push(format!("stage `{}` is listed twice", stage.name));
            }
            if stage.win_probability.is_some_and(|p| p > 100) {
                problems.push(format!("stage `{}` has a win_probability over 100 (it is a percentage)", stage.name));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_pipeline_is_sound_and_ordered() {
        let p = Pipeline::default();
        assert!(p.problems().is_empty());
        assert!(p.rank("new") < p.rank("qualified"));
        assert_eq!(p.needs_reason().collect::<Vec<_>>(), ["lost", "dropped"]);
    }

    #[test]
    fn pipeline_without_won_stage_is_refused() {
        let p = Pipeline { stages: vec![Stage::open("new", 10, 14)] };
        assert_eq!(p.problems(), ["the pipeline needs exactly one stage with outcome = \"won\", found 0"]);
    }
}
