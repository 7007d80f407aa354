//! Text for HTML, outside and inside attribute values, and Markdown rendered as safe HTML.

use comrak::nodes::NodeValue;
use comrak::{Arena, Options};

use super::keep_lines;

/// `&`, `<`, `>` and `"` escaped: enough for text and for double-quoted attributes; control
/// characters shown as pictures, as in every other form.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in keep_lines(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown as HTML, through comrak with raw HTML escaped and unsafe links dropped. Control
/// characters are shown as pictures: Markdown writes them as character references
/// (`&#27;`), which comrak turns back into the characters.
pub fn markdown_html(markdown: &str) -> String {
    keep_lines(&comrak::markdown_to_html(markdown, &markdown_options())).into_owned()
}

fn markdown_options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = false;
    options.render.r#unsafe = false;
    options.render.escape = true;
    options
}

/// A lead's notes as HTML: Markdown, with raw HTML escaped, unsafe links dropped and
/// headings turned into paragraphs, so notes cannot restructure the page.
pub fn notes_html(notes: &str) -> String {
    let arena = Arena::new();
    let options = markdown_options();
    let root = comrak::parse_document(&arena, notes, &options);
    for node in root.descendants() {
        let is_heading = matches!(node.data().value, NodeValue::Heading(_));
        if is_heading {
            node.data_mut().value = NodeValue::Paragraph;
        }
    }
    let mut html = String::new();
    comrak::format_html(root, &options, &mut html).expect("writing to a String cannot fail");
    keep_lines(&html).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn controls_never_reach_the_page() {
        assert_eq!(super::markdown_html("a&#27;b\n"), "<p>a␛b</p>\n");
        assert_eq!(super::notes_html("x\u{7}y"), "<p>x␇y</p>\n");
        assert_eq!(super::html_escape("<\u{1b}>"), "&lt;␛&gt;");
    }

    #[test]
    fn markup_is_text() {
        assert_eq!(super::html_escape("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    }
}
