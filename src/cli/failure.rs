//! How a command says what went wrong, on stderr: a run that stopped early once, as
//! `error: …`, the causes the message does not already say, then `Hint: …` lines; a run that
//! went on, as `warning: …` lines. Both quote contributors' bytes, made inert here.

use std::io;
use std::process::ExitCode;

use super::Failure;

/// Says why the run stopped, on stderr, and gives its exit code.
pub fn report(failure: Failure) -> ExitCode {
    match failure {
        // A reader that went away (`leadger check | head`) is not an error.
        Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Failure::Output(e) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::from(2)
        }
        Failure::Leadger(e) => {
            eprint!("{}", render_error(&e));
            ExitCode::from(2)
        }
    }
}

/// Says, on stderr, something worth telling that did not stop the run: one line, so a line
/// break in a quoted name is shown escaped too.
pub fn warn(message: &str) {
    eprintln!("warning: {}", escape_controls(message));
}

/// `error: …`, then each cause the message does not already say, then the hints.
fn render_error(e: &leadger::Error) -> String {
    let mut text = format!("error: {e}\n");
    let mut said = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(source) = cause {
        // libgit2's own words, without the class and code numbers its Display appends.
        let line = match source.downcast_ref::<git2::Error>() {
            Some(git) => git.message().to_owned(),
            None => source.to_string(),
        };
        if !said.ends_with(&line) {
            text.push_str(&format!("caused by: {line}\n"));
        }
        said = line;
        cause = source.source();
    }
    for hint in e.hints() {
        text.push_str(&format!("Hint: {hint}\n"));
    }
    inert(&text)
}

/// `text` with nothing that can steer a terminal or a CI log: error messages quote file
/// names, ids and config keys, any of which can hold escape sequences or a newline followed
/// by a workflow command (`::warning::…`).
fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let indent = body.len() - body.trim_start().len();
        if body[indent..].starts_with("::") {
            out.push_str(&body[..indent]);
            out.push_str("\\u{3a}");
            out.push_str(&escape_controls(&body[indent + 1..]));
        } else {
            out.push_str(&escape_controls(body));
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Control characters, and the bidirectional overrides that reorder what a reader sees.
fn is_steering(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape_controls(text: &str) -> String {
    text.chars().map(|c| if is_steering(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn nothing_quoted_can_steer_a_terminal_or_a_ci_log() {
        assert_eq!(inert("error: plain `text`\tok\n"), "error: plain `text`\tok\n");
        assert_eq!(inert("error: a\n::error::b\n  ::c\n"), "error: a\n\\u{3a}:error::b\n  \\u{3a}:c\n");
        assert_eq!(inert("x\u{1b}[31m\r\u{7}\u{9b}\u{202e}y"), "x\\u{1b}[31m\\u{d}\\u{7}\\u{9b}\\u{202e}y");
    }
}
