//! `leadger demo`: a deterministic demo ledger with a history worth reporting on.
//!
//! Built with git2 straight into the object database (no git binary needed), from a seeded
//! generator with pinned identities and times, so every run makes the same commits.

use std::collections::BTreeMap;
use std::path::Path;

use git2::{Oid, Repository, Signature, Time};

use crate::error::{Error, ErrorKind};

#[derive(Clone, Copy)]
struct Who {
    name: &'static str,
    email: &'static str,
}

const ALICE: Who = Who { name: "Alice Engineer", email: "alice@example.com" };
const BOB: Who = Who { name: "Bob Tester", email: "bob@example.com" };
const CAROL: Who = Who { name: "Carol Architect", email: "carol@example.com" };
/// Carol's old address, mapped back to her by `.mailmap`.
const CAROL_OLD: Who = Who { name: "carol", email: "carol@old.example" };
const DANA: Who = Who { name: "Dana Developer", email: "12345+dana@users.noreply.github.com" };
const ERIN: Who = Who { name: "Erin Support", email: "erin@example.com" };
const FRANK: Who = Who { name: "Frank Account", email: "frank@example.com" };
const MIA: Who = Who { name: "Mia Maintainer", email: "mia@example.com" };
const BOT: Who = Who { name: "renovate[bot]", email: "bot@example.com" };

const SPOTTERS: [Who; 6] = [ALICE, BOB, CAROL, CAROL_OLD, DANA, ERIN];

const CLIENTS: [&str; 12] = [
    "Acme Corp",
    "Globex",
    "Initech",
    "Hooli",
    "Umbrella Health",
    "Stark Logistics",
    "Wayne Retail",
    "Tyrell Energy",
    "Cyberdyne Systems",
    "Soylent Foods",
    "Wonka Industries",
    "Oscorp",
];
const NEEDS: [(&str, &str); 10] = [
    ("Billing platform replacement", "Finance says month-end billing takes four days; they want it automated."),
    ("Data migration next spring", "They have no one for the warehouse migration planned for next year."),
    ("Search relevance tuning", "Their product search returns poor results and support hears about it daily."),
    ("Cloud cost review", "The cloud bill doubled this year and nobody knows why."),
    ("Mobile app for field staff", "Technicians still print their job sheets every morning."),
    ("Test automation", "Every release needs two weeks of manual testing."),
    ("Data protection audit", "Legal asked for an audit of personal data before the summer."),
    ("Payments integration", "They want a second payment provider before the holiday season."),
    ("Support portal", "Customers email support for things they could look up themselves."),
    ("Reporting dashboards", "Managers rebuild the same spreadsheets every Monday."),
];
const SOURCES: [&str; 5] = ["delivery", "support", "workshop", "meeting", "event"];
const LOSSES: [(&str, &str); 4] = [
    ("competitor", "They chose a competitor with an existing product"),
    ("no-budget", "The budget went to another project this year"),
    ("in-house", "Their own team will build it"),
    ("timing", "Postponed until after their reorganisation"),
];

struct DemoLead {
    id: String,
    client: &'static str,
    title: &'static str,
    summary: &'static str,
    spotted: (i16, i8, i8),
    status: &'static str,
    /// Optional fields as `(key, TOML value)`, in the order first set.
    extra: Vec<(&'static str, String)>,
    sharded: bool,
}

impl DemoLead {
    fn set(&mut self, key: &'static str, value: String) {
        match self.extra.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.extra.push((key, value)),
        }
    }

    fn path(&self) -> String {
        if self.sharded {
            format!("leads/{}/{}.toml", self.spotted.0, self.id)
        } else {
            format!("leads/{}.toml", self.id)
        }
    }

    fn text(&self) -> String {
        let (y, m, d) = self.spotted;
        let mut text = format!(
            "title = \"{}\"\nclient = \"{}\"\nstatus = \"{}\"\nspotted_on = {y:04}-{m:02}-{d:02}\nsummary = \"{}\"\n",
            self.title, self.client, self.status, self.summary
        );
        for (key, value) in &self.extra {
            text.push_str(&format!("{key} = {value}\n"));
        }
        text
    }
}

struct Builder<'r> {
    repo: &'r Repository,
    files: BTreeMap<String, Vec<u8>>,
    head: Option<Oid>,
    time: i64,
    rng: fastrand::Rng,
    commits: usize,
}

impl Builder<'_> {
    fn tree(&self) -> Result<Oid, git2::Error> {
        fn build(repo: &Repository, files: &BTreeMap<&str, &[u8]>) -> Result<Oid, git2::Error> {
            let mut builder = repo.treebuilder(None)?;
            let mut folders: BTreeMap<&str, BTreeMap<&str, &[u8]>> = BTreeMap::new();
            for (path, content) in files {
                match path.split_once('/') {
                    Some((dir, rest)) => {
                        folders.entry(dir).or_default().insert(rest, content);
                    }
                    None => {
                        builder.insert(path, repo.blob(content)?, 0o100644)?;
                    }
                }
            }
            for (dir, inner) in folders {
                builder.insert(dir, build(repo, &inner)?, 0o040000)?;
            }
            builder.write()
        }
        let files: BTreeMap<&str, &[u8]> = self.files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
        build(self.repo, &files)
    }

    /// Commits the current files on `parents` (default: HEAD), `hours` after the last commit.
    fn commit(&mut self, who: Who, hours: i64, message: &str, parents: Option<Vec<Oid>>) -> Result<Oid, git2::Error> {
        self.time += hours * 3600;
        let signature = Signature::new(who.name, who.email, &Time::new(self.time, 0))?;
        let tree = self.repo.find_tree(self.tree()?)?;
        let parents = parents.unwrap_or_else(|| self.head.into_iter().collect());
        let parents: Vec<git2::Commit> = parents.iter().map(|p| self.repo.find_commit(*p)).collect::<Result<_, _>>()?;
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        let id = self.repo.commit(None, &signature, &signature, message, &tree, &refs)?;
        self.commits += 1;
        Ok(id)
    }

    fn on_main(&mut self, who: Who, hours: i64, message: &str) -> Result<(), git2::Error> {
        self.head = Some(self.commit(who, hours, message, None)?);
        Ok(())
    }

    fn put(&mut self, lead: &DemoLead) {
        self.files.insert(lead.path(), lead.text().into_bytes());
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.usize(..items.len())]
    }
}

const NEXT: [(&str, &str); 3] = [("new", "qualified"), ("qualified", "proposal"), ("proposal", "won")];

/// Builds the demo ledger in `dir` (which must be empty or absent); returns how many
/// commits were made.
pub fn build_demo(dir: &Path) -> Result<usize, Error> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(ErrorKind::NotEmpty { path: dir.to_owned() }
            .hinted("name a new or empty folder, or leave the folder out to build it in a temporary one"));
    }
    build(dir).map_err(|source| {
        ErrorKind::Git { action: format!("cannot build the demo repository in {}", dir.display()), source }.into()
    })
}

fn build(dir: &Path) -> Result<usize, git2::Error> {
    let repo = git2::Repository::init_opts(dir, git2::RepositoryInitOptions::new().initial_head("main"))?;
    // The history starts on 2026-01-05 09:00 UTC.
    let mut b = Builder {
        repo: &repo,
        files: BTreeMap::new(),
        head: None,
        time: 1_767_603_600,
        rng: fastrand::Rng::with_seed(7),
        commits: 0,
    };
    b.files.insert("leadger.toml".into(), include_bytes!("../templates/leadger.toml").to_vec());
    b.files.insert("leads/README.md".into(), include_bytes!("../templates/leads-README.md").to_vec());
    b.files.insert(".mailmap".into(), b"Carol Architect <carol@example.com> <carol@old.example>\n".to_vec());
    b.on_main(MIA, 0, "Start the lead ledger")?;

    let mut leads: Vec<DemoLead> = Vec::new();
    for round in 0..60 {
        add_lead(&mut b, &mut leads, round)?;
        // Account work on older leads: two advances a round.
        for _ in 0..2 {
            advance_one(&mut b, &mut leads)?;
        }
        note_next_step(&mut b, &mut leads)?;
        // A third of the way in, Mia shards the ledger by year, in one commit.
        if round == 20 {
            shard(&mut b, &mut leads)?;
        }
    }
    let head = b.head.expect("main has commits");
    repo.reference("refs/heads/main", head, true, "leadger demo")?;
    repo.set_head("refs/heads/main")?;
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))?;
    Ok(b.commits)
}

/// A new lead, every round; a third of them through a branch that Mia merges after main
/// moved on. Each (client, need) pair comes once: 60 distinct leads.
fn add_lead(b: &mut Builder, leads: &mut Vec<DemoLead>, round: usize) -> Result<(), git2::Error> {
    let client = CLIENTS[round % CLIENTS.len()];
    let (title, summary) = NEEDS[(round / CLIENTS.len() * 2 + round) % NEEDS.len()];
    let id = crate::authoring::lead_id_for(client, title);
    let date = utc_date(b.time / 86_400 * 86_400);
    let mut extra = vec![("source", format!("\"{}\"", b.pick(&SOURCES)))];
    if round % 3 == 0 {
        extra.push(("estimated_value", (20_000 + 5_000 * b.rng.u32(0..20)).to_string()));
        extra.push(("currency", "\"EUR\"".into()));
    }
    if round % 9 == 4 {
        extra.push(("spotted_by", "[\"Erin Support <erin@example.com>\"]".into()));
    }
    let sharded = leads.first().is_some_and(|l| l.sharded);
    let spotted = (date.year(), date.month(), date.day());
    let lead = DemoLead { id, client, title, summary, spotted, status: "new", extra, sharded };
    let spotter = b.pick(&SPOTTERS);
    let mut message = format!("Add lead: {title} ({client})");
    if round % 4 == 1 {
        let co = if spotter.email == BOB.email { ALICE } else { BOB };
        message.push_str(&format!("\n\nCo-authored-by: {} <{}>", co.name, co.email));
    }
    b.put(&lead);
    leads.push(lead);
    if round % 3 != 2 {
        return b.on_main(spotter, 30, &message);
    }
    let base = b.head;
    let branch = b.commit(spotter, 20, &message, None)?;
    // Main moves on meanwhile (a bot edit), then Mia merges.
    b.files = files_at(b.repo, base)?;
    bot_edit(b, leads)?;
    let mine = leads.last().map(|l| (l.path(), l.text())).expect("just pushed");
    b.files.insert(mine.0, mine.1.into_bytes());
    let head = b.head.expect("main has commits");
    b.head = Some(b.commit(MIA, 2, "Merge pull request from lead branch", Some(vec![head, branch]))?);
    Ok(())
}

/// Someone moves an open lead one stage on, or loses or drops it.
fn advance_one(b: &mut Builder, leads: &mut [DemoLead]) -> Result<(), git2::Error> {
    let open: Vec<usize> =
        (0..leads.len()).filter(|i| matches!(leads[*i].status, "new" | "qualified" | "proposal")).collect();
    if open.is_empty() {
        return Ok(());
    }
    let i = open[b.rng.usize(..open.len())];
    let who = b.pick(&[FRANK, FRANK, MIA, ALICE, CAROL]);
    let roll = b.rng.u8(0..10);
    let (from, to) = match leads[i].status {
        "new" if roll < 2 => ("new", "dropped"),
        "proposal" if roll < 3 => ("proposal", "lost"),
        status => *NEXT.iter().find(|(f, _)| *f == status).expect("open stage"),
    };
    leads[i].status = to;
    if matches!(to, "lost" | "dropped") {
        let (category, reason) = b.pick(&LOSSES);
        let category = if to == "dropped" { "not-a-fit" } else { category };
        leads[i].set("lost_reason", format!("\"{reason}\""));
        leads[i].set("lost_category", format!("\"{category}\""));
    }
    if to == "proposal" {
        leads[i].set("owner", "\"Frank Account <frank@example.com>\"".into());
        leads[i].set("next_step", "\"Proposal review\"".into());
        leads[i].set("next_step_due", date_after(b.time, 20));
        leads[i].set("expected_close", date_after(b.time, 75));
    }
    let lead = &leads[i];
    let message = format!("{}: {from} → {to}", lead.id);
    b.files.insert(lead.path(), lead.text().into_bytes());
    b.on_main(who, 26, &message)
}

/// Someone notes the next step on a lead that is new or qualified.
fn note_next_step(b: &mut Builder, leads: &mut [DemoLead]) -> Result<(), git2::Error> {
    let open: Vec<usize> = (0..leads.len()).filter(|i| matches!(leads[*i].status, "new" | "qualified")).collect();
    if open.is_empty() {
        return Ok(());
    }
    let i = open[b.rng.usize(..open.len())];
    let who = b.pick(&[ALICE, BOB, CAROL, DANA, ERIN, FRANK]);
    leads[i].set("next_step", format!("\"Call {} about it\"", who.name.split(' ').next().unwrap_or("them")));
    let lead = &leads[i];
    let message = format!("{}: next step", lead.id);
    b.files.insert(lead.path(), lead.text().into_bytes());
    b.on_main(who, 5, &message)
}

/// Every lead moves into a folder of the year it was spotted, in one commit.
fn shard(b: &mut Builder, leads: &mut [DemoLead]) -> Result<(), git2::Error> {
    b.files.retain(|path, _| !path.ends_with(".toml") || !path.starts_with("leads/"));
    for lead in leads.iter_mut() {
        lead.sharded = true;
        b.files.insert(lead.path(), lead.text().into_bytes());
    }
    b.on_main(MIA, 3, "Shard leads by year spotted")
}

fn date_after(time: i64, days: i64) -> String {
    utc_date(time + days * 86_400).to_string()
}

/// The UTC day of `second`, which the demo's fixed clock keeps within 2026 and 2027.
fn utc_date(second: i64) -> jiff::civil::Date {
    jiff::Timestamp::from_second(second)
        .expect("the demo's clock stays in 2026-2027")
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// The bot tidies a next step on some open lead (or does nothing if none has one).
fn bot_edit(b: &mut Builder, leads: &mut [DemoLead]) -> Result<(), git2::Error> {
    let review = "\"Proposal review\"";
    if let Some(lead) = leads.iter_mut().find(|l| l.extra.iter().any(|(k, v)| *k == "next_step" && v == review)) {
        lead.set("next_step", "\"Proposal review meeting\"".into());
        let (path, text) = (lead.path(), lead.text());
        b.files.insert(path, text.into_bytes());
        b.on_main(BOT, 1, "chore: tidy next steps")?;
    } else {
        b.time += 3600;
    }
    Ok(())
}

fn files_at(repo: &Repository, commit: Option<Oid>) -> Result<BTreeMap<String, Vec<u8>>, git2::Error> {
    let mut files = BTreeMap::new();
    let Some(commit) = commit else { return Ok(files) };
    let tree = repo.find_commit(commit)?.tree()?;
    let mut error = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) {
            match repo.find_blob(entry.id()) {
                Ok(blob) => {
                    files.insert(format!("{dir}{}", entry.name().unwrap_or_default()), blob.content().to_vec());
                }
                Err(e) => error = Some(e),
            }
        }
        git2::TreeWalkResult::Ok
    })?;
    error.map_or(Ok(files), Err)
}
