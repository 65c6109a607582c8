//! `image-unpinned`: a container a workflow or action runs from an image with no tag or with
//! `latest` and no digest: a job's `container:`, its `services:`, a `uses: docker://…` step,
//! or a Docker action's `runs.image`. Whoever pushes that tag next decides what runs with the
//! job's token and secrets, and two runs of one commit can use different images. Images
//! built by an expression are not judged; a version tag is accepted, as for `FROM`.

use crate::ctx::FileCtx;
use crate::formats::workflow::uses::{image_pin, ImagePin};
use crate::formats::workflow::{Pos, Uses, Workflow};
use crate::out::Hit;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpinnedImage {
    pub at: Pos,
    /// `container`, the service's name, or `uses`.
    pub place: String,
    pub image: String,
}

pub fn find(wf: &Workflow) -> Vec<UnpinnedImage> {
    let mut out = Vec::new();
    let mut check = |at: Pos, place: &str, image: &str| {
        let image = image.trim();
        if image_pin(image) == ImagePin::Latest {
            out.push(UnpinnedImage {
                at,
                place: place.to_string(),
                image: image.strip_prefix("docker://").unwrap_or(image).to_string(),
            });
        }
    };
    for job in &wf.jobs {
        for img in job.container.iter().chain(&job.services) {
            if let Some(i) = &img.image {
                // A Docker action's `image: Dockerfile` is built, not pulled.
                if img.key.text == "image" && !i.text.trim().starts_with("docker://") {
                    continue;
                }
                // `image: ${{ matrix.image }}`: each value of the matrix, where it is written.
                let key = i
                    .text
                    .trim()
                    .strip_prefix("${{")
                    .and_then(|r| r.strip_suffix("}}"));
                let key = key.and_then(|k| k.trim().strip_prefix("matrix."));
                match key {
                    Some(k) => {
                        for v in job.matrix_values(k) {
                            check(v.at, &img.key.text, &v.text);
                        }
                    }
                    None => check(i.at, &img.key.text, &i.text),
                }
            }
        }
        for step in &job.steps {
            if let Some(u) = &step.uses {
                if let Uses::Docker(image) = &u.uses {
                    check(u.raw.at, "uses", image);
                }
            }
        }
    }
    out.sort_by_key(|u| u.at);
    out
}

impl UnpinnedImage {
    pub fn hit(&self, file: &FileCtx<'_>) -> Hit {
        file.hit(self.at.line, self.at.column)
            .arg("image", self.image.as_str())
            .arg("place", self.place.as_str())
            .matched(format!("{}:{}", self.place, self.image))
    }
}

#[cfg(test)]
mod tests {
    use super::super::model;
    use super::*;

    #[test]
    fn untagged_and_latest_images_everywhere_but_not_tags_digests_or_expressions() {
        let wf = concat!(
            "on: push\njobs:\n  a:\n",
            "    container: node\n",
            "    services:\n      db:\n        image: postgres:latest\n      cache:\n        image: redis:7\n      x:\n        image: ${{ matrix.img }}\n",
            "    steps:\n",
            "      - uses: docker://alpine\n",
            "      - uses: docker://alpine@sha256:0123\n",
        );
        let found: Vec<(u32, String)> = find(&model(wf))
            .into_iter()
            .map(|u| (u.at.line, u.image))
            .collect();
        assert_eq!(
            found,
            [
                (4, "node".into()),
                (7, "postgres:latest".into()),
                (13, "alpine".into())
            ]
        );
        let matrix = "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        image: [alpine, 'debian:12']\n    container:\n      image: ${{ matrix.image }}\n";
        let found: Vec<(u32, String)> = find(&model(matrix))
            .into_iter()
            .map(|u| (u.at.line, u.image))
            .collect();
        assert_eq!(found, [(6, "alpine".into())]);
        let action = "runs:\n  using: docker\n  image: Dockerfile\n";
        let a = crate::formats::workflow::read("action.yml", action).unwrap();
        assert!(find(&a[0]).is_empty());
        let action = "runs:\n  using: docker\n  image: docker://ghcr.io/o/i\n";
        let a = crate::formats::workflow::read("action.yml", action).unwrap();
        assert_eq!(find(&a[0]).len(), 1);
    }
}
