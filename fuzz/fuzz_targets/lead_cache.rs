//! The lead cache decoder: a payload that passed the checksum (the input) through
//! `LeadCache::decode`, its entries listed and every cached lead decoded, as `list` and
//! `report` read them. Damage must mean "read the files instead", never a panic.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use leadger::fuzzing::LeadCache;
use libfuzzer_sys::fuzz_target;

/// Keyed as the seeds were written (fuzz/seeds.sh).
static CACHE: LazyLock<LeadCache> = LazyLock::new(|| LeadCache::new(Path::new("/git"), Path::new("/ledger/leads")));

fuzz_target!(|data: &[u8]| {
    let mut warnings = Vec::new();
    let loaded = CACHE.decode(data.to_vec(), 0, &mut warnings);
    let Some(entries) = loaded.entries() else { return };
    assert!(entries.windows(2).all(|w| w[0].rel < w[1].rel), "entries are strictly sorted");
    for entry in &entries {
        let _ = entry.decode();
    }
});
