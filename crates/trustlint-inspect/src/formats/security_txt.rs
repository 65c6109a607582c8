//! RFC 9116 `security.txt`: the file as fields (`Field: value`) and lines that are none of
//! field, comment or blank. A PGP-signed file is read inside its armour.

/// A line of a security.txt that says something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line<'a> {
    /// `Field: value`, the value trimmed.
    Field {
        line: u32,
        name: &'a str,
        value: &'a str,
    },
    /// Not `Field: value`, a comment or blank.
    Malformed { line: u32 },
}

/// The fields and malformed lines of a security.txt, in file order.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let signed = text
        .trim_start()
        .starts_with("-----BEGIN PGP SIGNED MESSAGE-----");
    let mut in_body = !signed;
    for (i, raw) in text.lines().enumerate() {
        let line = i as u32 + 1;
        let text = raw.trim_end_matches('\r');
        if signed {
            if text.starts_with("-----BEGIN PGP SIGNATURE-----") {
                break;
            }
            if !in_body {
                // Armour headers ("Hash: SHA256") end at the first blank line.
                in_body = text.is_empty();
                continue;
            }
        }
        // Inside the armour, a line starting with a dash is escaped as `- `.
        let text = text.strip_prefix("- ").unwrap_or(text);
        if text.trim().is_empty() || text.starts_with('#') {
            continue;
        }
        match text.split_once(':').filter(|(n, _)| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }) {
            Some((name, value)) => out.push(Line::Field {
                line,
                name,
                value: value.trim(),
            }),
            None => out.push(Line::Malformed { line }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_comments_and_the_signed_form() {
        let body = "# c\nContact: mailto:a@b.ca\n\nnot a field\n";
        assert_eq!(
            lines(body),
            vec![
                Line::Field {
                    line: 2,
                    name: "Contact",
                    value: "mailto:a@b.ca"
                },
                Line::Malformed { line: 4 }
            ]
        );
        let signed = format!("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n{body}-----BEGIN PGP SIGNATURE-----\nabc\n");
        let found = lines(&signed);
        assert_eq!(found.len(), 2);
        assert!(matches!(found[0], Line::Field { line: 5, .. }));
    }
}
