//! The terminal sanitiser: a contributor's text is shown, never obeyed.

use std::borrow::Cow;

/// Text made safe to print to a terminal or a CI log: every control character is shown
/// visibly instead of being sent.
///
/// C0 controls and DEL become their Unicode control pictures (ESC is `␛`, BEL `␇`, a newline
/// `␊`), which is how `check`'s snippets (annotate-snippets, after rustc) show them, so one
/// lead shows the same everywhere. A tab becomes four spaces, as there. C1 controls (a lone
/// `\u{9b}` is a CSI to some terminals) and the bidirectional overrides that make text read
/// differently from its bytes become `�`.
pub fn terminal(text: &str) -> Cow<'_, str> {
    shown(text, |_| false).map_or(Cow::Borrowed(text), Cow::Owned)
}

/// [`terminal`] for a page that keeps its own line breaks and tabs (HTML): every other
/// control character is shown as a picture, as everywhere else.
pub fn keep_lines(text: &str) -> Cow<'_, str> {
    shown(text, |c| matches!(c, '\n' | '\t')).map_or(Cow::Borrowed(text), Cow::Owned)
}

/// `text` with the unsafe characters that `keep` does not keep shown visibly; `None` when
/// there is none.
fn shown(text: &str, keep: fn(char) -> bool) -> Option<String> {
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if keep(c) => out.push(c),
            '\t' => out.push_str("    "),
            '\0'..='\u{1f}' => out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('�')),
            '\u{7f}' => out.push('␡'),
            c if is_unsafe(c) => out.push('�'),
            c => out.push(c),
        }
    }
    Some(out)
}

/// [`terminal`] for text that starts a line: a CI runner takes a line that starts (after
/// spaces) with `::` or `##[` for a workflow command, so such text gets a `\` in front.
/// Only leadger's own `--format github` may write workflow commands.
pub fn line_start(text: &str) -> Cow<'_, str> {
    let shown = terminal(text);
    let bare = shown.trim_start();
    if bare.starts_with("::") || bare.starts_with("##[") {
        return Cow::Owned(format!("\\{shown}"));
    }
    shown
}

/// [`terminal`] on one line: each run of whitespace (newlines too) becomes one space, for a
/// contributor's text inside a line leadger writes.
pub fn one_line(text: &str) -> String {
    terminal(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::{line_start, terminal};

    #[test]
    fn controls_are_shown_not_sent() {
        assert_eq!(terminal("\u{1b}]0;PWNED\u{7}\u{1b}[2J"), "␛]0;PWNED␇␛[2J");
        assert_eq!(terminal("a\r\nb\tc\u{7f}"), "a␍␊b    c␡");
        assert_eq!(terminal("\u{9b}31m \u{202e}txt.exe"), "�31m �txt.exe");
    }

    #[test]
    fn no_workflow_commands() {
        assert_eq!(line_start("::error file=x::boom"), "\\::error file=x::boom");
        assert_eq!(line_start("  ##[warning]x"), "\\  ##[warning]x");
        assert_eq!(line_start("a::b"), "a::b");
    }

    #[test]
    fn clean_text_is_borrowed() {
        let text = "Ærøskøbing – Café 👩‍💻";
        assert!(matches!(terminal(text), std::borrow::Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn agrees_with_checks_snippets() {
        // annotate-snippets renders `check`'s titles; the sanitiser must not disagree with it.
        use annotate_snippets::{Level, Renderer};
        let title = "key \u{1b}[31mred\u{7} here";
        let rendered = Renderer::plain().render(&[Level::ERROR.primary_title(title).element(Level::NOTE.message("x"))]);
        assert!(rendered.contains(&*terminal(title)), "{rendered}");
    }
}
