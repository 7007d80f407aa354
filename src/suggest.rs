//! "Did you mean …?": the closest known word to a mistyped one.

/// The candidate closest to `word`, if any is close enough to be a plausible typo.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The help for a word that was nearly `suggestion`.
pub fn did_you_mean(suggestion: &str) -> String {
    format!("did you mean `{suggestion}`?")
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggestions() {
        let fields = ["title", "client", "status", "spotted_on"];
        assert_eq!(closest("clent", fields), Some("client"));
        assert_eq!(closest("Status", fields), Some("status"));
        assert_eq!(closest("spotted", fields), Some("spotted_on"));
        assert_eq!(closest("budget", fields), None);
    }
}
