//! One guard, shared by the parsers, against input nested deeply enough to exhaust a worker's
//! stack: `syn` parses Rust by recursive descent, and a YAML tree is built and dropped
//! recursively. Such a file is refused before its parser sees it, with the line where the
//! nesting went too deep, and the scan goes on. (JSON needs no guard: `jsonc-parser` bounds
//! depth itself.)

/// YAML flow collections (`[`, `{`) may nest this deep.
pub const YAML_MAX_DEPTH: usize = 256;

/// Rust brackets (`(`, `[`, `{`) may nest this deep outside comments and literals.
pub const RUST_MAX_DEPTH: usize = 128;

/// A workflow with more flow brackets than this, nested or not, is generated or hostile; it
/// is refused as a whole.
pub const WORKFLOW_MAX_BRACKETS: usize = 10_000;

/// Which brackets open a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brackets {
    /// `[` and `{`: YAML and JSON flow collections.
    Flow,
    /// `(`, `[` and `{`: code.
    All,
}

/// Bracket depth and line, fed one byte of code at a time. A caller that lexes (to skip
/// brackets inside comments and string literals) feeds only code bytes and reports the line
/// ends it skipped with [`Nesting::newline`].
#[derive(Debug)]
pub struct Nesting {
    max: usize,
    brackets: Brackets,
    depth: usize,
    line: u32,
}

impl Nesting {
    pub fn new(max: usize, brackets: Brackets) -> Self {
        Nesting {
            max,
            brackets,
            depth: 0,
            line: 1,
        }
    }

    /// Reads one byte of code; the line it is on once brackets nest deeper than the limit.
    pub fn byte(&mut self, b: u8) -> Result<(), u32> {
        let paren = self.brackets == Brackets::All;
        match b {
            b'\n' => self.line += 1,
            b'[' | b'{' => self.open()?,
            b'(' if paren => self.open()?,
            b']' | b'}' => self.depth = self.depth.saturating_sub(1),
            b')' if paren => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(())
    }

    /// A line end the caller skipped (inside a comment or a literal).
    pub fn newline(&mut self) {
        self.line += 1;
    }

    fn open(&mut self) -> Result<(), u32> {
        self.depth += 1;
        if self.depth > self.max {
            return Err(self.line);
        }
        Ok(())
    }
}

/// The line where brackets first nest deeper than `max`, counting every byte of `text` as
/// code (YAML: a bracket in a quoted string counts too, which only errs on the safe side).
pub fn too_deep(text: &str, max: usize, brackets: Brackets) -> Option<u32> {
    let mut n = Nesting::new(max, brackets);
    text.bytes().find_map(|b| n.byte(b).err())
}

/// Whether `text` holds more flow brackets than `max`, however they nest.
pub fn too_many_brackets(text: &str, max: usize) -> bool {
    text.bytes().filter(|b| *b == b'[' || *b == b'{').count() > max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_reported_at_the_line_where_it_is_exceeded() {
        let text = format!("a:\n  b: {}\n", "[".repeat(5));
        assert_eq!(too_deep(&text, 4, Brackets::Flow), Some(2));
        assert_eq!(too_deep(&text, 5, Brackets::Flow), None);
        assert_eq!(too_deep("[][][][][][]", 1, Brackets::Flow), None);
    }

    #[test]
    fn parentheses_count_only_in_code() {
        let text = "((((";
        assert_eq!(too_deep(text, 2, Brackets::Flow), None);
        assert_eq!(too_deep(text, 2, Brackets::All), Some(1));
    }

    #[test]
    fn brackets_are_counted_however_they_nest() {
        assert!(!too_many_brackets("[]{}", 4));
        assert!(too_many_brackets("[[{{[", 4));
    }
}
