//! Text for HTML, outside and inside attribute values, and Markdown rendered as safe HTML.

use comrak::nodes::NodeValue;
use comrak::{Arena, Options};

/// `&`, `<`, `>` and `"` escaped: enough for text and for double-quoted attributes.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
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

pub fn markdown_options() -> Options<'static> {
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
    html
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_is_text() {
        assert_eq!(super::html_escape("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    }
}
