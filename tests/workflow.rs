//! The workflow `leadger init` writes, run here as a GitHub runner would run it: each job's `if:`
//! on the event, each step's `run:` with bash in a checkout made as `actions/checkout` makes it,
//! the runner's variables set and the `${{ }}` expressions substituted, and this build's leadger
//! on PATH in place of the install action. The comment script runs under node against a mock of
//! the GitHub API. What needs GitHub itself (the checkout, the caches) is done here by the test.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{ALICE, BOB, CAROL, MIA, Person, TestLedger, broken_lead, lead};
use serde::Deserialize;

const GITHUB: Person = Person { name: "GitHub", email: "noreply@github.com" };

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Workflow {
    name: String,
    on: serde_norway::Value,
    permissions: BTreeMap<String, String>,
    jobs: BTreeMap<String, Job>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Job {
    #[serde(rename = "if")]
    condition: Option<String>,
    #[serde(rename = "runs-on")]
    runs_on: String,
    #[serde(default)]
    permissions: BTreeMap<String, String>,
    steps: Vec<Step>,
}

/// Unknown keys are refused: a step that gains `shell:` or `working-directory:` must be taught
/// to this runner, not silently run another way.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    name: Option<String>,
    id: Option<String>,
    #[serde(rename = "if")]
    condition: Option<String>,
    uses: Option<String>,
    run: Option<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    with: Option<BTreeMap<String, serde_norway::Value>>,
    #[serde(rename = "continue-on-error", default)]
    continue_on_error: bool,
}

impl Step {
    fn label(&self) -> String {
        self.name.clone().or_else(|| self.uses.clone()).unwrap_or_default()
    }
}

/// The event a run is for, as GitHub describes it to the workflow.
struct Event {
    name: &'static str,
    base_ref: &'static str,
    head_ref: &'static str,
    ref_name: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Success,
    Failure,
    Skipped,
}

#[derive(Debug)]
struct StepRun {
    label: String,
    outcome: Outcome,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

#[derive(Debug)]
struct JobRun {
    steps: Vec<StepRun>,
    failed: bool,
}

impl JobRun {
    fn step(&self, label: &str) -> &StepRun {
        self.steps.iter().find(|s| s.label == label).unwrap_or_else(|| panic!("no step {label:?} in {self:#?}"))
    }
}

struct Run {
    jobs: BTreeMap<String, Option<JobRun>>,
    summary: String,
}

impl Run {
    fn job(&self, name: &str) -> &JobRun {
        self.jobs[name].as_ref().unwrap_or_else(|| panic!("job {name} was skipped"))
    }
}

fn action() -> String {
    format!("leadger/leadger@v{}", env!("CARGO_PKG_VERSION"))
}

fn leadger_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_leadger")).parent().unwrap().to_owned()
}

/// What the runner knows when it evaluates `${{ expr }}`.
struct Context<'a> {
    event: &'a Event,
    sha: String,
    steps: &'a BTreeMap<String, (Outcome, BTreeMap<String, String>)>,
}

impl Context<'_> {
    fn value(&self, expr: &str) -> String {
        let expr = expr.trim();
        if let Some(rest) = expr.strip_prefix("steps.") {
            let (id, what) = rest.split_once('.').unwrap();
            let Some((outcome, outputs)) = self.steps.get(id) else { return String::new() };
            return match what.split_once('.') {
                Some(("outputs", key)) => outputs.get(key).cloned().unwrap_or_default(),
                None if what == "outcome" => format!("{outcome:?}").to_lowercase(),
                _ => panic!("unknown expression {expr:?}"),
            };
        }
        match expr {
            "github.event_name" => self.event.name.to_owned(),
            "github.base_ref" => self.event.base_ref.to_owned(),
            "github.head_ref" => self.event.head_ref.to_owned(),
            "github.ref_name" => self.event.ref_name.to_owned(),
            "github.sha" => self.sha.clone(),
            "runner.os" => "Linux".to_owned(),
            _ => panic!("the workflow uses ${{{{ {expr} }}}}, which this runner does not know: teach it"),
        }
    }

    fn substitute(&self, text: &str) -> String {
        let re = regex::Regex::new(r"\$\{\{(.*?)\}\}").unwrap();
        re.replace_all(text, |c: &regex::Captures| self.value(&c[1])).into_owned()
    }

    /// `if:` as GitHub reads it: `&&` of `!cancelled()` and `X == 'literal'`; with no status
    /// function, `success()` is implied.
    fn condition(&self, condition: Option<&str>, failed_before: bool) -> bool {
        let Some(condition) = condition else { return !failed_before };
        let inner = condition.trim();
        let inner = inner.strip_prefix("${{").and_then(|c| c.strip_suffix("}}")).unwrap_or(inner);
        let mut status_function = false;
        let mut all = true;
        for atom in inner.split("&&").map(str::trim) {
            if atom == "!cancelled()" {
                status_function = true;
            } else if let Some((left, right)) = atom.split_once("==") {
                let literal = right.trim().strip_prefix('\'').and_then(|r| r.strip_suffix('\'')).unwrap();
                all &= self.value(left) == literal;
            } else {
                panic!("this runner does not understand `if: {condition}`: teach it");
            }
        }
        all && (status_function || !failed_before)
    }
}

/// Runs every job of `workflow` for `event` in the checkout `workspace`.
fn run_workflow(workflow: &Workflow, workspace: &TestLedger, event: &Event) -> Run {
    let runner = tempfile::tempdir().unwrap();
    let summary_path = runner.path().join("step_summary.md");
    std::fs::write(&summary_path, "").unwrap();
    let sha = workspace.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let mut jobs = BTreeMap::new();
    for (name, job) in &workflow.jobs {
        let mut steps_state = BTreeMap::new();
        let run = {
            let cx = Context { event, sha: sha.clone(), steps: &steps_state };
            cx.condition(job.condition.as_deref(), false)
        };
        if !run {
            jobs.insert(name.clone(), None);
            continue;
        }
        let mut failed = false;
        let mut steps = Vec::new();
        for (n, step) in job.steps.iter().enumerate() {
            let cx = Context { event, sha: sha.clone(), steps: &steps_state };
            let label = step.label();
            if !cx.condition(step.condition.as_deref(), failed) {
                steps.push(StepRun {
                    label,
                    outcome: Outcome::Skipped,
                    code: None,
                    stdout: String::new(),
                    stderr: String::new(),
                });
                if let Some(id) = &step.id {
                    steps_state.insert(id.clone(), (Outcome::Skipped, BTreeMap::new()));
                }
                continue;
            }
            let env: BTreeMap<String, String> = step.env.iter().map(|(k, v)| (k.clone(), cx.substitute(v))).collect();
            let output_path = runner.path().join(format!("output-{n}"));
            std::fs::write(&output_path, "").unwrap();
            let mut cmd = match (&step.uses, &step.run) {
                (Some(uses), None) => match uses_step(uses, step, &env) {
                    Some(cmd) => cmd,
                    None => {
                        steps.push(StepRun {
                            label,
                            outcome: Outcome::Success,
                            code: None,
                            stdout: String::new(),
                            stderr: String::new(),
                        });
                        continue;
                    }
                },
                (None, Some(script)) => {
                    assert!(
                        !script.contains("${{"),
                        "step {label:?}: pass expressions through env:, never into the script"
                    );
                    let file = runner.path().join(format!("step-{n}.sh"));
                    std::fs::write(&file, cx.substitute(script)).unwrap();
                    let mut cmd = Command::new("bash");
                    cmd.arg("-e").arg(file);
                    cmd
                }
                _ => panic!("step {label:?} has neither or both of uses: and run:"),
            };
            let path = format!("{}:{}", leadger_dir().display(), std::env::var("PATH").unwrap());
            cmd.current_dir(&workspace.root)
                .env_clear()
                .env("PATH", path)
                .env("HOME", runner.path())
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("LEADGER_TODAY", common::TODAY)
                .env("CI", "true")
                .env("GITHUB_ACTIONS", "true")
                .env("GITHUB_EVENT_NAME", event.name)
                .env("GITHUB_BASE_REF", event.base_ref)
                .env("GITHUB_HEAD_REF", event.head_ref)
                .env("GITHUB_REF_NAME", event.ref_name)
                .env("GITHUB_SHA", &sha)
                .env("GITHUB_WORKSPACE", &workspace.root)
                .env("GITHUB_STEP_SUMMARY", &summary_path)
                .env("GITHUB_OUTPUT", &output_path)
                .env("RUNNER_TEMP", runner.path())
                .env("RUNNER_OS", "Linux")
                .envs(&env);
            let out = cmd.output().unwrap();
            let code = out.status.code();
            let outcome = if out.status.success() { Outcome::Success } else { Outcome::Failure };
            failed |= outcome == Outcome::Failure && !step.continue_on_error;
            if let Some(id) = &step.id {
                steps_state.insert(id.clone(), (outcome, read_outputs(&output_path)));
            }
            steps.push(StepRun {
                label,
                outcome,
                code,
                stdout: String::from_utf8(out.stdout).unwrap(),
                stderr: String::from_utf8(out.stderr).unwrap(),
            });
        }
        jobs.insert(name.clone(), Some(JobRun { steps, failed }));
    }
    Run { jobs, summary: std::fs::read_to_string(summary_path).unwrap() }
}

/// A `uses:` step: the ones GitHub does (checkout, caches) were done by the test, after checking
/// they ask for what the test did; the install is this build on PATH; the comment script runs
/// under node against a mock API that has no comments yet.
fn uses_step(uses: &str, step: &Step, env: &BTreeMap<String, String>) -> Option<Command> {
    let with = step.with.as_ref();
    let input = |key: &str| with.and_then(|w| w.get(key)).cloned();
    match uses {
        "actions/checkout@v6" => {
            assert_eq!(input("fetch-depth"), Some(serde_norway::Value::from(0)), "leadger needs the whole history");
            None
        }
        "actions/cache@v5" => {
            assert_eq!(input("path"), Some(serde_norway::Value::from(".git/leadger")));
            None
        }
        "actions/github-script@v8" => {
            let script = input("script").and_then(|s| s.as_str().map(str::to_owned)).unwrap();
            let mut cmd = comment_script(&script, "[]", false);
            cmd.envs(env);
            Some(cmd)
        }
        _ if uses == action() => None,
        _ => panic!("this runner does not know the action {uses}: teach it"),
    }
}

/// `KEY=VALUE` lines of a step's `$GITHUB_OUTPUT`.
fn read_outputs(path: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| {
            let (k, v) =
                line.split_once('=').unwrap_or_else(|| panic!("an output line this runner cannot read: {line}"));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

/// The mock of what `actions/github-script` gives a script: an API whose calls are printed as
/// JSON, the pull request #7 of acme/ledger, and `core.notice`.
const GITHUB_SCRIPT_MOCK: &str = r#"
const [script, posted, readOnly] = process.argv.slice(-3);
const comments = JSON.parse(posted);
const calls = [];
const write = async (call) => {
  calls.push(call);
  if (readOnly === 'true') throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
  return { data: {} };
};
const github = {
  paginate: async (method, args) => (await method(args)).data,
  rest: { issues: {
    listComments: async (args) => ({ data: args.issue_number === 7 ? comments : [] }),
    createComment: async ({ owner, repo, issue_number, body }) => write({ create: { owner, repo, issue_number, body } }),
    updateComment: async ({ owner, repo, comment_id, body }) => write({ update: { owner, repo, comment_id, body } }),
  } },
};
const context = { repo: { owner: 'acme', repo: 'ledger' }, issue: { number: 7 } };
const core = { notice: (message) => calls.push({ notice: message }) };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('require', 'github', 'context', 'core', script)(require, github, context, core)
  .then(() => console.log(JSON.stringify(calls)), (error) => { console.error(error); process.exit(1); });
"#;

fn comment_script(script: &str, comments: &str, read_only: bool) -> Command {
    let mut cmd = Command::new("node");
    cmd.args(["-e", GITHUB_SCRIPT_MOCK, "--", script, comments, if read_only { "true" } else { "false" }]);
    cmd
}

fn workflow_of(ledger: &TestLedger) -> Workflow {
    serde_norway::from_str(&std::fs::read_to_string(ledger.path(".github/workflows/leadger.yml")).unwrap()).unwrap()
}

/// The ledger on GitHub: `leadger init`'s scaffold and one lead on main, and two pull-request
/// branches, one adding a good lead and one a broken lead.
fn upstream() -> TestLedger {
    let up = TestLedger::bare();
    let (code, _, stderr) = up.run(&["init"]);
    assert_eq!(code, 0, "{stderr}");
    up.commit_all(MIA, "2026-10-01T09:00:00Z", "Start the ledger");
    up.write("leads/2026/acme-billing.toml", lead("Billing", "Acme", "qualified"));
    up.commit_all(ALICE, "2026-10-02T09:00:00Z", "Lead: Acme billing");

    up.git(&["checkout", "-q", "-b", "lead/globex"]);
    up.write("leads/2026/globex-data.toml", lead("Data migration", "Globex", "new"));
    up.commit_all(BOB, "2026-10-03T09:00:00Z", "Lead: Globex data migration");

    up.git(&["checkout", "-q", "-b", "lead/broken", "main"]);
    up.write("leads/2026/hooli-cloud.toml", broken_lead("Cloud move"));
    up.commit_all(CAROL, "2026-10-04T09:00:00Z", "Lead: Hooli cloud");
    up.git(&["checkout", "-q", "main"]);
    // Main moves on while the pull requests are open.
    up.write("leads/2026/initech-support.toml", lead("Support", "Initech", "new"));
    up.commit_all(ALICE, "2026-10-05T09:00:00Z", "Lead: Initech support");
    up
}

/// A clone of `up` with every branch as `origin/*`, as `actions/checkout` makes with
/// `fetch-depth: 0`.
fn clone(up: &TestLedger) -> TestLedger {
    let ws = TestLedger::bare();
    ws.git(&["init", "-q", "-b", "main"]);
    ws.git(&["remote", "add", "origin", up.root.to_str().unwrap()]);
    ws.git(&["fetch", "-q", "origin", "+refs/heads/*:refs/remotes/origin/*"]);
    ws
}

/// The checkout of a pull request of `branch` into main: HEAD detached at the merge commit GitHub
/// makes of the branch into the base.
fn pull_request_checkout(up: &TestLedger, branch: &str) -> TestLedger {
    let ws = clone(up);
    let head = ws.git(&["rev-parse", &format!("origin/{branch}")]).trim().to_owned();
    let base = ws.git(&["rev-parse", "origin/main"]).trim().to_owned();
    ws.git(&["checkout", "-q", "--detach", "origin/main"]);
    let message = format!("Merge {head} into {base}");
    ws.git_as(GITHUB, "2026-10-06T09:00:00Z", &["merge", "-q", "--no-ff", &format!("origin/{branch}"), "-m", &message]);
    ws
}

fn pull_request(branch: &'static str) -> Event {
    Event { name: "pull_request", base_ref: "main", head_ref: branch, ref_name: "7/merge" }
}

/// The parts of a run that the pull-request job shares whatever its leads say, and the `pr` step.
fn assert_pull_request_job(run: &Run, ws: &TestLedger, spotter: &str) {
    assert!(run.jobs["main"].is_none(), "the main job runs on pushes only");
    let job = run.job("pull-request");
    let labels: Vec<(&str, Outcome)> = job.steps.iter().take(3).map(|s| (s.label.as_str(), s.outcome)).collect();
    assert_eq!(
        labels,
        [
            ("actions/checkout@v6", Outcome::Success),
            ("actions/cache@v5", Outcome::Success),
            ("Install leadger", Outcome::Success)
        ]
    );
    let pr = job.step("Recognition for this pull request");
    assert_eq!((pr.outcome, pr.stderr.as_str()), (Outcome::Success, ""), "{pr:#?}");
    let (_, body, _) = ws.run(&["pr", "--base", "origin/main"]);
    assert!(body.contains(spotter), "the comment thanks {spotter}: {body}");
    assert!(!body.contains("@example.com"), "names only, no emails: {body}");
    assert_eq!(run.summary, body, "the recognition is in the job summary");
    let comment = job.step("Comment on the pull request");
    assert_eq!(comment.outcome, Outcome::Success, "{comment:#?}");
    let calls: serde_json::Value = serde_json::from_str(&comment.stdout).unwrap();
    assert_eq!(
        calls,
        serde_json::json!([{"create": {"owner": "acme", "repo": "ledger", "issue_number": 7,
            "body": format!("<!-- leadger-pr -->\n{body}")}}])
    );
    assert_eq!(job.steps.len(), 6);
}

#[test]
fn a_pull_request_with_a_good_lead_passes() {
    let up = upstream();
    let ws = pull_request_checkout(&up, "lead/globex");
    let run = run_workflow(&workflow_of(&up), &ws, &pull_request("lead/globex"));
    let job = run.job("pull-request");
    let check = job.step("Check the leads this pull request changes");
    assert_eq!((check.outcome, check.stdout.as_str()), (Outcome::Success, "checked 1 lead: 0 errors, 0 warnings\n"));
    assert_pull_request_job(&run, &ws, "Bob Tester");
    assert!(!job.failed, "{job:#?}");
}

#[test]
fn a_pull_request_with_a_bad_lead_fails_with_an_annotation() {
    let up = upstream();
    let ws = pull_request_checkout(&up, "lead/broken");
    let run = run_workflow(&workflow_of(&up), &ws, &pull_request("lead/broken"));
    let job = run.job("pull-request");
    let check = job.step("Check the leads this pull request changes");
    assert_eq!(check.code, Some(1));
    assert_eq!(
        check.stdout,
        "::error file=leads/2026/hooli-cloud.toml,line=6,col=1,title=unknown-field::unknown field `budget`%0Ahelp: \
         known fields: client, contact_role, currency, estimated_value, expected_close, kind, lost_category, \
         lost_reason, next_step, next_step_due, notes, owner, source, spotted_by, spotted_on, status, summary, \
         tags, title\nchecked 1 lead: 1 error, 0 warnings\n"
    );
    assert!(job.failed);
    // The recognition runs even when the check fails.
    assert_pull_request_job(&run, &ws, "Carol Architect");
}

#[test]
fn a_push_to_main_puts_the_report_in_the_job_summary() {
    let up = upstream();
    up.git_as(MIA, "2026-10-07T09:00:00Z", &["merge", "-q", "--no-ff", "lead/globex", "-m", "Merge pull request #7"]);
    let ws = clone(&up);
    ws.git(&["checkout", "-q", "-B", "main", "origin/main"]);
    let event = Event { name: "push", base_ref: "", head_ref: "", ref_name: "main" };
    let run = run_workflow(&workflow_of(&up), &ws, &event);
    assert!(run.jobs["pull-request"].is_none(), "the pull-request job runs on pull requests only");
    let job = run.job("main");
    assert!(!job.failed, "{job:#?}");
    let check = job.step("Check every lead");
    assert_eq!(check.stdout, "checked 3 leads: 0 errors, 0 warnings\n");
    let (code, report, _) = ws.run(&["report"]);
    assert_eq!(code, 0);
    assert_eq!(run.summary, report);
    for name in ["Alice Engineer", "Bob Tester", "Globex"] {
        assert!(report.contains(name), "{name} in the report: {report}");
    }
}

#[test]
fn the_workflow_grants_least_privilege_and_installs_the_version_that_wrote_it() {
    let up = TestLedger::bare();
    up.run(&["init"]);
    let text = std::fs::read_to_string(up.path(".github/workflows/leadger.yml")).unwrap();
    let workflow = workflow_of(&up);
    assert_eq!(workflow.name, "leadger");
    assert_eq!(workflow.permissions, BTreeMap::from([("contents".into(), "read".into())]));
    let pr = &workflow.jobs["pull-request"];
    assert_eq!(
        pr.permissions,
        BTreeMap::from([("contents".into(), "read".into()), ("pull-requests".into(), "write".into())])
    );
    assert!(workflow.jobs["main"].permissions.is_empty(), "main inherits read-only");
    assert_eq!(text.matches(&format!("uses: {}\n", action())).count(), 2);
    assert!(workflow.jobs.values().all(|j| j.runs_on == "ubuntu-latest"));
    assert!(workflow.on.get("pull_request").is_some() && workflow.on.get("push").is_some());
}

#[test]
fn init_action_names_a_fork_or_mirror_and_refuses_what_is_not_a_ref() {
    let ledger = TestLedger::bare();
    let (code, _, stderr) = ledger.run(&["init", "--action", "acme-corp/leadger.mirror@release/2027"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(ledger.path(".github/workflows/leadger.yml")).unwrap();
    assert_eq!(text.matches("uses: acme-corp/leadger.mirror@release/2027\n").count(), 2);
    assert!(!text.contains("leadger/leadger@") && !text.contains("__"), "{text}");

    for bad in
        ["acme/leadger", "acme@v1", "acme/leadger@v1\n    run: curl evil", "acme/../x@v1", "acme/leadger@-x", "/x@v1"]
    {
        let other = TestLedger::bare();
        let (code, stdout, stderr) = other.run(&["init", "--action", bad]);
        assert_eq!((code, stdout.as_str()), (2, ""), "{bad:?}: {stderr}");
        assert!(stderr.contains("expected OWNER/REPO@REF, such as leadger/leadger@v1.2.0"), "{stderr}");
        assert!(!other.path(".github").exists(), "nothing written for {bad:?}");
    }
}

const POSTED: &str = r#"[{"id": 1, "user": {"login": "mallory"}, "body": "<!-- leadger-pr -->\nfake"},
    {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "<!-- leadger-pr -->\nold"}]"#;

fn comment_step(workflow: &Workflow) -> String {
    let step = workflow.jobs["pull-request"].steps.iter().find(|s| s.label() == "Comment on the pull request").unwrap();
    assert!(step.continue_on_error, "a comment that cannot be posted never fails the job");
    step.with.as_ref().unwrap()["script"].as_str().unwrap().to_owned()
}

#[test]
fn the_comment_is_updated_on_later_pushes_and_a_fork_falls_back_to_the_summary() {
    let up = TestLedger::bare();
    up.run(&["init"]);
    let script = comment_step(&workflow_of(&up));
    let body = up.path("body.md");
    std::fs::write(&body, "Thanks, *Bob*!\n").unwrap();
    let calls = |comments: &str, read_only: bool| {
        let out = comment_script(&script, comments, read_only).env("BODY_FILE", &body).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    // The bot's own marked comment is updated; a marker someone else planted is not theirs.
    assert_eq!(
        calls(POSTED, false),
        serde_json::json!([{"update": {"owner": "acme", "repo": "ledger", "comment_id": 2,
            "body": "<!-- leadger-pr -->\nThanks, *Bob*!\n"}}])
    );
    // A fork's read-only token: a notice, and the step still succeeds.
    let forked = calls("[]", true);
    assert_eq!(forked[0]["create"]["issue_number"], 7);
    assert_eq!(
        forked[1]["notice"],
        "leadger could not comment (Resource not accessible by integration); a pull request from a fork has a \
         read-only token. The recognition is in the job summary."
    );
}
