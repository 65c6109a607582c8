//! `base-image-unpinned`: `FROM` an image with no tag or `latest` (and no digest). The build
//! then takes whatever the registry serves that day: not reproducible, and not reviewed.
//!
//! `FROM` lines are read through the stage graph ([`crate::formats::dockerfile_stages`]):
//! earlier stages and `scratch` are never unpinned; a build argument is judged by its default
//! (`ARG TAG=latest` is reported, `ARG TAG=3.12` is not); a reference that is still unknown
//! (a template placeholder, an argument without a default) is not judged.

use super::at;
use crate::ctx::FileCtx;
use crate::formats::dockerfile::Instruction;
use crate::formats::dockerfile_stages::{stages, Base};
use crate::out::Hit;
use trustlint_model::Text;

/// A base image that floats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpinnedImage {
    pub line: u32,
    /// The reference as written.
    pub image: String,
    /// What it resolves to with the build arguments' defaults, when that differs.
    pub resolved: Option<String>,
}

pub fn find(all: &[Instruction]) -> Vec<UnpinnedImage> {
    stages(all)
        .into_iter()
        .filter_map(|s| {
            let Base::Image(image) = &s.base else {
                return None;
            };
            if image.contains("@sha256:") {
                return None;
            }
            let last = image.rsplit('/').next().unwrap_or(image);
            let tag = last.split_once(':').map(|(_, t)| t);
            (tag.is_none() || tag == Some("latest")).then(|| UnpinnedImage {
                line: s.line,
                resolved: (*image != s.written).then(|| image.clone()),
                image: s.written.clone(),
            })
        })
        .collect()
}

impl UnpinnedImage {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        let hit = at(file, self.line).arg("image", self.image.as_str());
        match &self.resolved {
            None => hit.matched(format!("FROM {}", self.image)),
            Some(r) => hit
                .message(Text::new(
                    format!("`FROM {}` is `{r}` with the build arguments' defaults, which takes whatever `latest` is on the day of the build", self.image),
                    format!("`FROM {}` vaut `{r}` avec les valeurs par défaut des arguments de compilation, ce qui prend ce que `latest` désigne le jour de la compilation", self.image),
                ))
                .matched(format!("FROM {}", self.image)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::instructions;
    use super::*;

    fn found(df: &str) -> Vec<(u32, String, Option<String>)> {
        find(&instructions(df))
            .into_iter()
            .map(|u| (u.line, u.image, u.resolved))
            .collect()
    }

    #[test]
    fn untagged_and_latest_images_but_not_stages_digests_or_scratch() {
        let df = "FROM node AS build\nFROM build\nFROM registry:5000/team/app:latest\nFROM python:3.12-slim\nFROM alpine@sha256:abc\nFROM scratch\nFROM $BASE\n";
        assert_eq!(
            found(df),
            vec![
                (1, "node".into(), None),
                (3, "registry:5000/team/app:latest".into(), None)
            ]
        );
    }

    #[test]
    fn build_arguments_are_judged_by_their_defaults() {
        let df = "ARG PINNED=python:3.12-slim\nARG FLOATING=python\nARG TAG=latest\nARG NODEFAULT\nARG STAGE=base\nFROM alpine:3.20 AS base\nFROM ${PINNED}\nFROM $FLOATING\nFROM node:${TAG}\nFROM node:${NODEFAULT}\nFROM ${NODEFAULT:-node:22}\nFROM ${STAGE}\n";
        assert_eq!(
            found(df),
            vec![
                (8, "$FLOATING".into(), Some("python".into())),
                (9, "node:${TAG}".into(), Some("node:latest".into())),
            ]
        );
    }

    #[test]
    fn template_placeholders_are_not_judged() {
        let df = "FROM {{ image }}\nFROM {{base_image}}:{{ tag }} AS x\nFROM {% if a %}python{% endif %}\nFROM <%= image %>\n";
        assert_eq!(found(df), vec![]);
    }
}
