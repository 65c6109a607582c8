//! Dockerfiles and Containerfiles, read instruction by instruction: continuation lines
//! joined, comments skipped, each instruction with the line it starts on.

/// One instruction: its keyword (upper-cased), arguments and first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: String,
    pub args: String,
    pub line: u32,
}

/// Splits a Dockerfile into instructions.
pub fn instructions(text: &str) -> Vec<Instruction> {
    let mut out = Vec::new();
    let mut current: Option<Instruction> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') && current.is_none() {
            continue;
        }
        let (body, continues) = match line.trim_end().strip_suffix('\\') {
            Some(b) => (b, true),
            None => (line, false),
        };
        match current.as_mut() {
            // Comment lines inside a continued instruction are dropped.
            Some(_) if trimmed.starts_with('#') => {}
            Some(ins) => {
                ins.args.push(' ');
                ins.args.push_str(body.trim());
            }
            None if !trimmed.is_empty() => {
                let body = body.trim();
                let (kw, args) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
                current = Some(Instruction {
                    keyword: kw.to_ascii_uppercase(),
                    args: args.trim().to_string(),
                    line: i as u32 + 1,
                });
            }
            None => {}
        }
        if !continues {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out
}

/// `A=1 B="x y"` or the legacy `A 1` form, as (name, unquoted value) pairs.
pub fn env_pairs(args: &str) -> Vec<(String, String)> {
    if !args.contains('=') {
        return match args.split_once(char::is_whitespace) {
            Some((k, v)) => vec![(k.to_string(), unquote(v.trim()))],
            None => vec![(args.to_string(), String::new())],
        };
    }
    let mut out = Vec::new();
    let mut rest = args.trim();
    while let Some((k, after)) = rest.split_once('=') {
        let k = k.trim();
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            let end = q.find('"').unwrap_or(q.len());
            (q[..end].to_string(), q.get(end + 1..).unwrap_or(""))
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        out.push((k.to_string(), value));
        rest = next.trim_start();
    }
    out
}

fn unquote(s: &str) -> String {
    s.trim_matches('"').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continued_lines_are_one_instruction_at_its_first_line() {
        let df = "# syntax=docker/dockerfile:1\nfrom node AS build\nRUN a \\\n    && b\n\n# user\nUSER app\n";
        let all = instructions(df);
        let kw: Vec<(&str, &str, u32)> = all
            .iter()
            .map(|i| (i.keyword.as_str(), i.args.as_str(), i.line))
            .collect();
        assert_eq!(
            kw,
            vec![
                ("FROM", "node AS build", 2),
                ("RUN", "a && b", 3),
                ("USER", "app", 7)
            ]
        );
    }

    #[test]
    fn env_pairs_in_both_forms() {
        assert_eq!(
            env_pairs("A=1 B=\"x y\""),
            vec![("A".into(), "1".into()), ("B".into(), "x y".into())]
        );
        assert_eq!(env_pairs("TOKEN abc"), vec![("TOKEN".into(), "abc".into())]);
        assert_eq!(
            env_pairs("ARG_ONLY"),
            vec![("ARG_ONLY".into(), String::new())]
        );
    }
}
