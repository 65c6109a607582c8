//! Reading a file of the scanned tree: never through a symlink, never past the size limit,
//! binary files recognised, every text encoding we meet turned into a `String`.

use std::io::Read as _;
use std::path::Path;

pub(crate) enum Read {
    Text(String),
    Binary,
    TooLarge(u64),
    Failed(String),
}

/// Reads a regular file (never through a symlink) as text: UTF-16 with a BOM is decoded,
/// invalid UTF-8 is replaced, not dropped; NUL bytes mean binary.
pub(crate) fn read_file(path: &Path, max: u64) -> Read {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {
            if m.len() > max {
                return Read::TooLarge(m.len());
            }
        }
        Ok(_) => return Read::Failed("not a regular file".into()),
        Err(e) => return Read::Failed(e.to_string()),
    }
    let mut bytes = Vec::new();
    let result = std::fs::File::open(path)
        .and_then(|f| f.take(max.saturating_add(1)).read_to_end(&mut bytes));
    if let Err(e) = result {
        return Read::Failed(e.to_string());
    }
    if bytes.len() as u64 > max {
        return Read::TooLarge(bytes.len() as u64);
    }
    decode(bytes)
}

/// Valid UTF-8 (the common case) becomes the `String` without a copy.
fn utf8(mut bytes: Vec<u8>, skip: usize) -> String {
    bytes.drain(..skip);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn decode(bytes: Vec<u8>) -> Read {
    let utf16 = |be: bool| {
        let units = bytes[2..].chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, ..] => Read::Text(lines(utf16(false))),
        [0xFE, 0xFF, ..] => Read::Text(lines(utf16(true))),
        b if b[..b.len().min(8192)].contains(&0) => Read::Binary,
        [0xEF, 0xBB, 0xBF, ..] => Read::Text(lines(utf8(bytes, 3))),
        _ => Read::Text(lines(utf8(bytes, 0))),
    }
}

/// Old Mac files end lines with a lone CR; make those LF so that lines are counted as the
/// author sees them. CRLF is left alone (line display trims the CR).
pub(crate) fn lines(text: String) -> String {
    let b = text.as_bytes();
    // memchr: most files hold no CR at all, and this runs on every byte scanned.
    let lone_cr = memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'));
    if !lone_cr {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}
