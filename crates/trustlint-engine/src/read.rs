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

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// A FIFO, socket, device, folder or symbolic link: never opened for reading.
    NotRegular,
    TooLarge(u64),
    Io(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotRegular => f.write_str("not a regular file"),
            Refused::TooLarge(n) => write!(f, "{n} bytes, over the size limit"),
            Refused::Io(e) => f.write_str(e),
        }
    }
}

/// Opens a file for reading only if it is a regular file, never through a symbolic link, and
/// never blocking: the type is checked first, the open itself does not follow a link and does
/// not wait (a FIFO swapped in after the check opens at once instead of hanging), and the
/// opened file is checked again.
pub(crate) fn open_regular(path: &Path, max: u64) -> Result<(std::fs::File, u64), Refused> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(Refused::NotRegular),
        Err(e) => return Err(Refused::Io(e.to_string())),
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(|e| Refused::Io(e.to_string()))?;
    let m = file.metadata().map_err(|e| Refused::Io(e.to_string()))?;
    if !m.is_file() {
        return Err(Refused::NotRegular);
    }
    if m.len() > max {
        return Err(Refused::TooLarge(m.len()));
    }
    Ok((file, m.len()))
}

/// The bytes of a regular file of at most `max` bytes (see [`open_regular`]); a file that
/// grows while it is read is cut at the limit and refused.
pub(crate) fn read_bytes(path: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    let (file, len) = open_regular(path, max)?;
    let mut bytes = Vec::with_capacity(len.min(max) as usize);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Refused::Io(e.to_string()))?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A small file of the tool's own inputs (config, rules, baseline, diff) as text: regular,
/// not through a link, at most `max` bytes, invalid UTF-8 replaced.
pub fn read_input(path: &Path, max: u64, what: &str) -> Result<String, crate::Error> {
    let shown = path.display().to_string();
    match read_bytes(path, max) {
        Ok(b) => Ok(String::from_utf8(b)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
        Err(Refused::TooLarge(n)) => Err(crate::Error::at(
            &shown,
            None,
            format!("cannot read {what}: {n} bytes is over the {max}-byte limit"),
        )),
        Err(e) => Err(crate::Error::at(
            &shown,
            None,
            format!("cannot read {what}: {e}"),
        )),
    }
}

/// The largest config, rule or baseline file read (a config is a page of settings).
pub const MAX_INPUT: u64 = 1 << 20;

/// Reads a regular file (never through a symlink) as text: UTF-16 with a BOM is decoded,
/// invalid UTF-8 is replaced, not dropped; NUL bytes mean binary.
pub(crate) fn read_file(path: &Path, max: u64) -> Read {
    match read_bytes(path, max) {
        Ok(bytes) => decode(bytes),
        Err(Refused::TooLarge(n)) => Read::TooLarge(n),
        Err(e) => Read::Failed(e.to_string()),
    }
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
