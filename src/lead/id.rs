//! Finding a lead by the id a person typed: the whole id, or enough of its start to name one.

use crate::error::{Error, ErrorKind};
use crate::suggest::{closest, did_you_mean};

/// How many candidates an ambiguous prefix lists before saying how many more there are.
const SHOWN: usize = 8;

/// The id among `ids` that `typed` names: itself, or the one id it is a prefix of.
/// A prefix of several ids is an error that lists them; no match suggests the closest id,
/// else `listing` (the command that lists ids).
pub fn resolve_id<'a>(typed: &str, ids: impl IntoIterator<Item = &'a str>, listing: &str) -> Result<&'a str, Error> {
    let ids: Vec<&str> = ids.into_iter().collect();
    if let Some(id) = ids.iter().find(|id| **id == typed) {
        return Ok(id);
    }
    let mut starting: Vec<&str> =
        if typed.is_empty() { Vec::new() } else { ids.iter().copied().filter(|id| id.starts_with(typed)).collect() };
    starting.sort_unstable();
    starting.dedup();
    match starting.as_slice() {
        [one] => Ok(one),
        [] => {
            let error = ErrorKind::UnknownLead { id: typed.to_owned() };
            Err(match closest(typed, ids.iter().copied()) {
                Some(suggestion) => error.hinted(did_you_mean(suggestion)),
                None => error.hinted(format!("`{listing}` lists every lead id")),
            })
        }
        many => {
            let mut candidates: Vec<String> = many.iter().take(SHOWN).map(|id| (*id).to_owned()).collect();
            if many.len() > SHOWN {
                candidates.push(format!("and {} more", many.len() - SHOWN));
            }
            Err(ErrorKind::AmbiguousId { prefix: typed.to_owned(), count: many.len(), candidates }
                .hinted("type more of the id, enough to name one lead"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::resolve_id;
    use crate::error::ErrorKind;

    const IDS: [&str; 4] = ["acme-billing", "acme-billing-v2", "acme-crm", "globex-migration"];

    #[test]
    fn a_whole_id_wins_over_longer_ones_it_starts() {
        assert_eq!(resolve_id("acme-billing", IDS, "leadger list").unwrap(), "acme-billing");
    }

    #[test]
    fn a_unique_prefix_names_its_lead() {
        assert_eq!(resolve_id("glob", IDS, "leadger list").unwrap(), "globex-migration");
        assert_eq!(resolve_id("acme-c", IDS, "leadger list").unwrap(), "acme-crm");
    }

    #[test]
    fn an_ambiguous_prefix_lists_the_candidates() {
        let error = resolve_id("acme", IDS, "leadger list").unwrap_err();
        let ErrorKind::AmbiguousId { count, candidates, .. } = error.kind() else { panic!("{error:?}") };
        assert_eq!(
            (*count, candidates.as_slice()),
            (3, ["acme-billing", "acme-billing-v2", "acme-crm"].map(String::from).as_slice())
        );
        assert_eq!(error.to_string(), "`acme` starts 3 lead ids: acme-billing, acme-billing-v2, acme-crm");
    }

    #[test]
    fn no_match_suggests_the_closest_id() {
        let error = resolve_id("acme-bililng", IDS, "leadger list").unwrap_err();
        assert_eq!(error.hints(), ["did you mean `acme-billing`?"]);
        let error = resolve_id("", IDS, "leadger list").unwrap_err();
        assert_eq!(error.hints(), ["`leadger list` lists every lead id"]);
    }
}
