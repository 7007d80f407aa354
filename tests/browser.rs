//! The HTML report in a real browser: headless Chromium loads it at a phone's width and a
//! laptop's, and a script added to a copy of the page writes what it measured into the DOM
//! (`--dump-dom`): no page-wide horizontal scrolling, every chart drawn with a size. Console
//! messages come from Chromium's own log, so errors the page cannot catch are seen too. One
//! screenshot per width is kept under target/tmp/browser/ for a person to look at.
//!
//! Headless Chromium will not make a window narrower than 500 px, so the report is loaded in
//! an iframe exactly as wide as the screen it stands for (`srcdoc`, so the frame shares the
//! page's origin and the probe can write its lines where `--dump-dom` sees them).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::TestLedger;

const WIDTHS: [u32; 2] = [390, 1280];

/// Measures the page once it is laid out, and writes `key=value` lines into `#leadger-test`.
const PROBE: &str = r#"<script>
window.leadgerErrors = [];
window.addEventListener("error", e => window.leadgerErrors.push(String(e.message)));
window.addEventListener("load", () => {
  const root = document.documentElement;
  const charts = [...document.querySelectorAll("figure svg")].map(svg => {
    const box = svg.getBoundingClientRect();
    return Math.round(box.width) + "x" + Math.round(box.height);
  });
  const lines = [
    "viewport=" + window.innerWidth,
    "scroll_width=" + root.scrollWidth,
    "charts=" + charts.join(","),
    "tables=" + document.querySelectorAll("table").length,
    "errors=" + window.leadgerErrors.join(" | "),
  ];
  const out = parent.document.createElement("pre");
  out.id = "leadger-test";
  out.textContent = "\n" + lines.join("\n") + "\n";
  parent.document.body.appendChild(out);
});
</script>"#;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn run_chromium(chromium: &Path, profile: &Path, width: u32, height: u32, extra: &[String], page: &Path) -> Output {
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// The value of `key=` in the probe's lines.
fn measured<'a>(dom: &'a str, key: &str) -> &'a str {
    let block =
        dom.split("<pre id=\"leadger-test\">").nth(1).unwrap_or_else(|| panic!("the probe did not run:\n{dom}"));
    block
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key} in the probe's lines:\n{block}"))
}

#[test]
fn the_html_report_fits_a_phone_and_a_laptop() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing, and CI must run this test: install it (apt-get install chromium)"
        );
        println!("SKIPPED: chromium is not installed, so the HTML report was not loaded in a browser");
        return;
    };
    // The demo ledger: every section filled, notes, stale leads, months of activity.
    let scratch = TestLedger::bare();
    let ledger = scratch.path("ledger");
    let demo = Command::new(assert_cmd::cargo::cargo_bin("leadger")).arg("demo").arg(&ledger).output().unwrap();
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    // A title with no place to break is what pushes a table past a phone's width.
    let long = "Replatforming".repeat(12);
    std::fs::write(
        ledger.join("leads/2026/wide.toml"),
        format!(
            "title = \"{long}\"\nclient = \"{long}\"\nstatus = \"new\"\nspotted_on = 2026-01-02\nsummary = \"Wide.\"\n"
        ),
    )
    .unwrap();
    let report = Command::new(assert_cmd::cargo::cargo_bin("leadger"))
        .args(["report", "--format", "html", "--today", "2026-11-22"])
        .current_dir(&ledger)
        .output()
        .unwrap();
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    let html = String::from_utf8(report.stdout).unwrap();
    assert!(!html.contains("<script"), "the report itself has no script");
    let probed = html.replace("</body>", &format!("{PROBE}\n</body>"));
    let srcdoc = probed.replace('&', "&amp;").replace('"', "&quot;");

    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&shots).unwrap();
    for width in WIDTHS {
        let page = scratch.path(&format!("at-{width}.html"));
        let frame = format!(
            "<!DOCTYPE html>\n<html><body style=\"margin:0\"><iframe style=\"border:0;width:{width}px;height:2400px\" \
             srcdoc=\"{srcdoc}\"></iframe></body></html>\n"
        );
        std::fs::write(&page, frame).unwrap();
        let window = width.max(500) + 20;
        let profile = tempfile::tempdir().unwrap();
        let output = run_chromium(&chromium, profile.path(), window, 900, &["--dump-dom".to_owned()], &page);
        let dom = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let at = format!("at {width} px");
        assert_eq!(measured(&dom, "viewport"), width.to_string(), "{at}: the window is not as wide as asked");
        let scroll: u32 = measured(&dom, "scroll_width").parse().unwrap();
        assert!(scroll <= width, "{at}: the page scrolls sideways ({scroll} px of content)");
        let charts: Vec<&str> = measured(&dom, "charts").split(',').collect();
        assert!(charts.len() >= 3, "{at}: charts {charts:?}");
        for chart in &charts {
            let (w, h) = chart.split_once('x').unwrap();
            assert!(w != "0" && h != "0", "{at}: a chart has no size: {charts:?}");
        }
        assert!(measured(&dom, "tables").parse::<usize>().unwrap() > 5, "{at}");
        assert_eq!(measured(&dom, "errors"), "", "{at}: errors on the page");
        let console: Vec<&str> = stderr.lines().filter(|l| l.contains("CONSOLE")).collect();
        assert!(console.is_empty(), "{at}: console messages: {console:?}");

        // For a person to look at; not asserted on.
        let shot = shots.join(format!("report-{width}.png"));
        let profile = tempfile::tempdir().unwrap();
        run_chromium(&chromium, profile.path(), window, 2400, &[format!("--screenshot={}", shot.display())], &page);
        assert!(shot.is_file(), "{at}: no screenshot at {}", shot.display());
        println!("screenshot {at}: {}", shot.display());
    }
}
