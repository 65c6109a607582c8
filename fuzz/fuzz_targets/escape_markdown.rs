//! The Markdown escaper, checked by rendering: a CommonMark parser with GitHub's table and
//! strikethrough extensions reads the escaped text inside a table cell and must find plain text
//! only (no HTML, link, image, emphasis, strikethrough or code), equal to the input with its
//! control characters shown as escapes; `@`, `://` and `www.` are broken by a word joiner so
//! that GitHub neither mentions nor links. A code span must read back as exactly the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use trustlint_report::escape_markdown::{code, text};
use trustlint_report::escape_text::line;

/// The events of one table cell holding `cell`.
fn cell_events(cell: &str) -> Vec<Event<'static>> {
    let doc = format!("| a |\n|---|\n| {cell} |\n");
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut in_body = false;
    let mut out = Vec::new();
    for e in Parser::new_ext(&doc, opts) {
        match &e {
            Event::End(TagEnd::TableHead) => in_body = true,
            Event::Start(Tag::TableRow) | Event::End(TagEnd::TableRow) | Event::Start(Tag::TableCell) | Event::End(TagEnd::TableCell) | Event::End(TagEnd::Table) => {}
            _ if in_body => out.push(e.into_static()),
            _ => {}
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    // Table cells trim surrounding whitespace; compare what GitHub would show.
    let expected = line(&s).trim().to_string();

    let mut shown = String::new();
    let mut cells = 0;
    for e in cell_events(&text(&s)) {
        match e {
            Event::Text(t) => shown.push_str(&t),
            other => panic!("markup {other:?} from input {s:?}"),
        }
        cells += 1;
    }
    let _ = cells;
    let shown = shown.replace('\u{2060}', "");
    assert_eq!(shown.trim(), expected, "text of {s:?}");
    assert!(!text(&s).contains('@'));

    if !s.trim().is_empty() {
        let events = cell_events(&code(&s));
        let codes: Vec<String> = events
            .iter()
            .map(|e| match e {
                Event::Code(c) => c.to_string(),
                other => panic!("{other:?} around the code span of {s:?}"),
            })
            .collect();
        assert_eq!(codes.len(), 1, "{s:?}: {events:?}");
        // A code span turns line ends into spaces; ours are already escapes.
        assert_eq!(codes[0], line(&s), "code of {s:?}");
    }
});
