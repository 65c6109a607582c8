//! `base-image-unpinned`: `FROM` an image with no tag or `latest` (and no digest). The build
//! then takes whatever the registry serves that day: not reproducible, and not reviewed.

use super::at;
use crate::ctx::FileCtx;
use crate::formats::dockerfile::Instruction;
use crate::out::Hit;

/// A base image that floats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpinnedImage {
    pub line: u32,
    pub image: String,
}

pub fn find(all: &[Instruction]) -> Vec<UnpinnedImage> {
    let mut out = Vec::new();
    let mut stages: Vec<String> = Vec::new();
    for ins in all.iter().filter(|i| i.keyword == "FROM") {
        let words: Vec<&str> = ins
            .args
            .split_whitespace()
            .filter(|w| !w.starts_with("--"))
            .collect();
        let Some(image) = words.first() else { continue };
        let name = image.to_ascii_lowercase();
        // `FROM build` after `FROM node AS build` names a stage, not an image.
        let is_stage = stages.contains(&name);
        if let (Some(kw), Some(alias)) = (words.get(1), words.get(2)) {
            if kw.eq_ignore_ascii_case("as") {
                stages.push(alias.to_ascii_lowercase());
            }
        }
        if is_stage || name == "scratch" || image.contains('$') || image.contains("@sha256:") {
            continue;
        }
        let last = image.rsplit('/').next().unwrap_or(image);
        let tag = last.split_once(':').map(|(_, t)| t);
        if tag.is_none() || tag == Some("latest") {
            out.push(UnpinnedImage {
                line: ins.line,
                image: image.to_string(),
            });
        }
    }
    out
}

impl UnpinnedImage {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        at(file, self.line)
            .arg("image", self.image.as_str())
            .matched(format!("FROM {}", self.image))
    }
}

#[cfg(test)]
mod tests {
    use super::super::instructions;
    use super::*;

    #[test]
    fn untagged_and_latest_images_but_not_stages_digests_or_scratch() {
        let df = "FROM node AS build\nFROM build\nFROM registry:5000/team/app:latest\nFROM python:3.12-slim\nFROM alpine@sha256:abc\nFROM scratch\nFROM $BASE\n";
        let found: Vec<(u32, String)> = find(&instructions(df))
            .into_iter()
            .map(|u| (u.line, u.image))
            .collect();
        assert_eq!(
            found,
            vec![
                (1, "node".into()),
                (3, "registry:5000/team/app:latest".into())
            ]
        );
    }
}
