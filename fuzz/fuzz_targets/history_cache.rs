//! The history cache decoder: a payload that passed the checksum (the input) through
//! `history::decode_cache`, then replayed as `history`, `credit` and `report` replay it,
//! every event read back (`Event::detail`). Damage must come out as `Undecodable`, never as a panic.
#![no_main]

use std::sync::Arc;

use leadger::fuzzing::{Identities, attribute, decode_cache};
use leadger::{AttributionSettings, Detail};
use libfuzzer_sys::fuzz_target;

/// The key the seeds were written with (fuzz/seeds.sh).
const KEY: &str = "leads";

fuzz_target!(|data: &[u8]| {
    let Ok(Some(cache)) = decode_cache(data.to_vec(), 0, KEY) else { return };
    let records = Arc::new(cache.records);
    for detail in [Detail::Events, Detail::Summary] {
        let mut ids = Identities::new(None, &AttributionSettings::default());
        let Ok(leads) = attribute(&records, &mut ids, &Default::default(), detail) else { continue };
        for lead in &leads {
            for event in &lead.events {
                let _ = event.detail();
            }
        }
    }
});
