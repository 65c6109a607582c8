//! Repository paths as one lossless string. File names are bytes; most are UTF-8, and those are
//! kept as they are. A byte that is not part of valid UTF-8 is written `%XX`, and a `%` that is
//! itself followed by two hex digits is written `%25`, so that two names never share a string
//! (two files whose names differ only in invalid bytes are two paths, and both are reported).
//! [`to_bytes`] gives the name back; outputs show it each in their own way (SARIF
//! percent-encodes the bytes, text escapes them).

use std::fmt::Write;

fn hex(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_hexdigit)
}

/// The string form of a path given as bytes.
pub fn from_bytes(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    let mut offset = 0;
    for chunk in b.utf8_chunks() {
        let valid = chunk.valid();
        for (i, c) in valid.char_indices() {
            let at = offset + i;
            if c == '%' && hex(b.get(at + 1)) && hex(b.get(at + 2)) {
                out.push_str("%25");
            } else {
                out.push(c);
            }
        }
        offset += valid.len();
        for x in chunk.invalid() {
            let _ = write!(out, "%{x:02X}");
        }
        offset += chunk.invalid().len();
    }
    out
}

/// The string form of a path component or relative path from the file system.
pub fn from_os(p: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        from_bytes(p.as_bytes())
    }
    #[cfg(not(unix))]
    {
        from_bytes(p.to_string_lossy().as_bytes())
    }
}

/// The bytes a path string stands for (the inverse of [`from_bytes`]).
pub fn to_bytes(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && hex(b.get(i + 1)) && hex(b.get(i + 2)) {
            let v = u8::from_str_radix(&s[i + 1..i + 3], 16).expect("two hex digits");
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_names_are_unchanged_and_invalid_bytes_are_percent_encoded() {
        assert_eq!(from_bytes("src/café.py".as_bytes()), "src/café.py");
        assert_eq!(from_bytes(b"a\xff.py"), "a%FF.py");
        assert_eq!(from_bytes(b"100%.txt"), "100%.txt");
        assert_eq!(from_bytes(b"a%FF.py"), "a%25FF.py");
    }

    #[test]
    fn names_that_differ_only_in_invalid_bytes_stay_apart_and_round_trip() {
        let names: [&[u8]; 8] = [
            b"a\xff.py",
            b"a\xfe.py",
            b"a%FF.py",
            b"a%25FF.py",
            b"%",
            b"%%FF\xff",
            b"%F\xff",
            b"\xe2\x82",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for n in names {
            let s = from_bytes(n);
            assert_eq!(to_bytes(&s), n, "{s}");
            assert!(seen.insert(s), "collision for {n:?}");
        }
    }
}
