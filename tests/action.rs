//! The install action (action.yml) and the release workflow agree without GitHub: the release
//! job's packaging step makes the archive and its SHA-256 from this build, a local HTTP server
//! plays the release's download URL, and the action's steps install from it, refuse a tampered
//! archive, and build with cargo when there is no release.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Steps {
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
struct Step {
    name: Option<String>,
    run: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Action {
    runs: Steps,
}

#[derive(Debug, Deserialize)]
struct Workflow {
    jobs: BTreeMap<String, Steps>,
}

fn script(steps: &Steps, name: &str) -> String {
    let step = steps.steps.iter().find(|s| s.name.as_deref() == Some(name)).unwrap_or_else(|| panic!("no step {name}"));
    let run = step.run.clone().unwrap();
    assert!(!run.contains("${{"), "{name}: expressions go through env:, never into the script");
    run
}

fn action() -> Action {
    serde_norway::from_str(include_str!("../action.yml")).unwrap()
}

fn release_workflow() -> Workflow {
    serde_norway::from_str(include_str!("../.github/workflows/release.yml")).unwrap()
}

const VERSION: &str = concat!("v", env!("CARGO_PKG_VERSION"));
const TARGET: &str = "x86_64-unknown-linux-gnu";

/// Serves the files of `dir` under `/leadger/leadger/releases/download/TAG/`, 404 otherwise,
/// until the test ends. Returns the repository's URL.
fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/leadger/leadger", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut request = String::new();
            BufReader::new(&stream).read_line(&mut request).unwrap();
            let path = request.split(' ').nth(1).unwrap_or("");
            let prefix = format!("/leadger/leadger/releases/download/{VERSION}/");
            let file = path.strip_prefix(&prefix).filter(|f| !f.contains('/')).map(|f| dir.join(f));
            match file.and_then(|f| std::fs::read(f).ok()) {
                Some(body) => {
                    write!(stream, "HTTP/1.0 200 OK\r\nContent-Length: {}\r\n\r\n", body.len()).unwrap();
                    stream.write_all(&body).unwrap();
                }
                None => stream.write_all(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n").unwrap(),
            }
        }
    });
    url
}

fn bash(script: &str, cwd: &Path, env: &[(&str, &Path)], vars: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script]).current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.envs(vars.iter().copied()).env("RUNNER_OS", "Linux").env("RUNNER_ARCH", "X64");
    cmd.output().unwrap()
}

/// The release job's archive, as its packaging step makes it, in `dist/`. The binary is a
/// stand-in that answers `--version` as leadger does: a debug build is 200 MB to pack.
fn package(work: &Path) -> PathBuf {
    let release = work.join(format!("target/{TARGET}/release"));
    std::fs::create_dir_all(&release).unwrap();
    executable(&release.join("leadger"), &format!("#!/bin/sh\necho 'leadger {}'\n", env!("CARGO_PKG_VERSION")));
    let out = bash(
        &script(&release_workflow().jobs["build"], "Archive with its SHA-256"),
        work,
        &[],
        &[("TARGET", TARGET), ("TAG", VERSION)],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dist = work.join("dist");
    let archive = format!("leadger-{VERSION}-{TARGET}.tar.gz");
    let sums = std::fs::read_to_string(dist.join(format!("{archive}.sha256"))).unwrap();
    assert_eq!(sums.split_whitespace().nth(1), Some(archive.as_str()), "{sums}");
    dist
}

fn executable(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
}

/// Runs the action's install step into `work/tool`, with `cargo` on PATH replaced by `bin`.
fn install(work: &Path, url: &str, path: &str) -> Output {
    let tool = work.join("tool");
    let step = script(&action().runs, "Download the release binary, or build the tag");
    bash(&step, work, &[("DIR", &tool)], &[("REF", VERSION), ("URL", url), ("PATH", path)])
}

#[test]
fn the_action_installs_the_release_binary_after_checking_its_sha256() {
    let work = tempfile::tempdir().unwrap();
    let url = serve(package(work.path()));
    let out = install(work.path(), &url, &std::env::var("PATH").unwrap());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "", "no build: the release was used");

    let github_path = work.path().join("github_path");
    let github_output = work.path().join("github_output");
    let tool = work.path().join("tool");
    let on_path = script(&action().runs, "Put leadger on the PATH");
    let env =
        [("DIR", tool.as_path()), ("GITHUB_PATH", github_path.as_path()), ("GITHUB_OUTPUT", github_output.as_path())];
    let out = bash(&on_path, work.path(), &env, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(github_path).unwrap(), format!("{}\n", tool.join("bin").display()));
    assert_eq!(
        std::fs::read_to_string(github_output).unwrap(),
        format!("version=leadger {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_action_refuses_an_archive_whose_sha256_differs() {
    let work = tempfile::tempdir().unwrap();
    let dist = package(work.path());
    let archive = format!("leadger-{VERSION}-{TARGET}.tar.gz");
    let mut bytes = std::fs::read(dist.join(&archive)).unwrap();
    bytes.push(0);
    std::fs::write(dist.join(&archive), bytes).unwrap();
    let url = serve(dist);
    let out = install(work.path(), &url, &std::env::var("PATH").unwrap());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(&format!("::error title=leadger::{archive} has SHA-256 "))
            && stdout.contains(", but the release publishes "),
        "{stdout}"
    );
    assert!(!work.path().join("tool/bin/leadger").exists());
}

#[test]
fn without_a_release_the_action_builds_the_tag_with_cargo() {
    let work = tempfile::tempdir().unwrap();
    let url = serve(work.path().join("no-release"));
    // A cargo that says what it was asked to do.
    let fake = work.path().join("fake-bin");
    std::fs::create_dir_all(&fake).unwrap();
    executable(&fake.join("cargo"), "#!/bin/sh\necho \"cargo $*\"\n");
    let path = format!("{}:{}", fake.display(), std::env::var("PATH").unwrap());
    let out = install(work.path(), &url, &path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "No release binary of leadger {VERSION} for Linux/X64: building it (once; later runs use the cache).\n\
             cargo install --locked --root {} --git {url} --tag {VERSION} leadger\n",
            work.path().join("tool").display()
        )
    );
}
