//! `leadger.toml` through `Config::parse`, then what is built from a config that parses:
//! the built-in schema with its pipeline, and the ledger's leads folder.
#![no_main]

use std::path::{Component, Path};

use leadger::{Config, LeadSchema};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Config::parse(text, Path::new("leadger.toml")) {
        Ok(config) => {
            // A config that parses must give a schema that compiles (it `expect`s so).
            let schema = LeadSchema::builtin(&config.pipeline);
            assert!(schema.fields().count() > 0);
            // Paths the config names stay inside the ledger: no root, no `..`.
            let inside =
                |p: &str| Path::new(p).components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
            assert!(inside(&config.leads_dir), "leads_dir leaves the ledger: {:?}", config.leads_dir);
            assert!(config.schema.as_deref().is_none_or(inside), "schema leaves the ledger: {:?}", config.schema);
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(shown.contains("leadger.toml"), "the error does not say where: {shown}");
        }
    }
});
