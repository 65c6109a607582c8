//! `image-unpinned`: a GitLab CI or Azure Pipelines job that runs in, or next to, a container
//! image with no tag or with `latest` and no digest (`image:`, `services:`, `container:`,
//! `resources.containers`). Whoever pushes that tag next decides what runs with the job's
//! variables and credentials. Images named by a variable are not judged; a version tag is
//! accepted, as for `FROM`.

use super::{Model, PipelineFile};
use crate::formats::workflow::uses::{image_pin, ImagePin};
use crate::formats::workflow::Pos;
use crate::out::Hit;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpinnedImage {
    pub at: Pos,
    pub place: String,
    pub image: String,
}

pub fn find(file: &PipelineFile) -> Vec<UnpinnedImage> {
    let images = match &file.model {
        Model::Gitlab(ci) => &ci.images,
        Model::Azure(p) => &p.images,
    };
    images
        .iter()
        .filter(|(_, s)| image_pin(&s.text) == ImagePin::Latest)
        .map(|(place, s)| UnpinnedImage {
            at: s.at,
            place: place.clone(),
            image: s.text.trim().to_string(),
        })
        .collect()
}

impl UnpinnedImage {
    pub fn hit(&self, file: &PipelineFile) -> Hit {
        file.hit(self.at.line, self.at.column)
            .arg("image", self.image.as_str())
            .arg("place", self.place.as_str())
            .matched(format!("{}:{}", self.place, self.image))
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::*;

    #[test]
    fn untagged_and_latest_images_of_both_platforms_are_found() {
        let gitlab = "image: node\ntest:\n  image: python:3.12\n  services:\n    - postgres:latest\n    - name: redis@sha256:00\n  script: x\nbuild:\n  image: $CI_REGISTRY_IMAGE/builder\n  script: x\n";
        let azure = "resources:\n  containers:\n    - container: c\n      image: ubuntu\njobs:\n  - job: a\n    container: mcr.microsoft.com/dotnet/sdk:8.0\n";
        let found = run(
            &[(".gitlab-ci.yml", gitlab), ("azure-pipelines.yml", azure)],
            |files| {
                files
                    .iter()
                    .flat_map(|f| find(f).into_iter().map(|u| (u.at.line, u.image)))
                    .collect::<Vec<_>>()
            },
        );
        assert_eq!(
            found,
            [
                (1, "node".into()),
                (5, "postgres:latest".into()),
                (4, "ubuntu".into())
            ]
        );
    }
}
