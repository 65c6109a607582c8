//! What a `uses:` names: a local action or workflow (`./…`), a container image
//! (`docker://…`), an action or reusable workflow of another repository
//! (`owner/repo/path@ref`), or something built by an expression, which cannot be judged.

/// The parts of a `uses:` value (trimmed: a block scalar's line end is not part of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uses {
    /// `./.github/actions/build`: code of this repository, at the checked-out commit.
    Local(String),
    /// `docker://alpine:3.20`: the image reference after the scheme.
    Docker(String),
    /// `actions/checkout@v4`, `org/repo/.github/workflows/x.yml@main`.
    Repo(RepoUses),
    /// `${{ matrix.action }}` or any value holding an expression.
    Expression,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoUses {
    pub owner: String,
    pub repo: String,
    /// The sub-path inside the repository, when there is one.
    pub path: Option<String>,
    /// What follows `@`; None when nothing does.
    pub reference: Option<String>,
}

impl RepoUses {
    /// `owner/repo`, as GitHub spells it (case kept).
    pub fn slug(&self) -> String {
        format!("{}/{}", self.owner, self.repo)
    }

    /// `owner/repo/path`, without the reference.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => format!("{}/{}/{p}", self.owner, self.repo),
            None => self.slug(),
        }
    }

    /// Whether the reference is a full 40-hex commit SHA.
    pub fn pinned(&self) -> bool {
        self.reference.as_deref().is_some_and(is_sha)
    }

    /// Whether this names `owner/repo` (case-insensitive, as GitHub matches names).
    pub fn is(&self, slug: &str) -> bool {
        slug.split_once('/').is_some_and(|(o, r)| {
            self.owner.eq_ignore_ascii_case(o) && self.repo.eq_ignore_ascii_case(r)
        })
    }
}

/// A full commit SHA (lower-case hex, as GitHub requires in `uses:`).
pub fn is_sha(s: &str) -> bool {
    s.len() == 40
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Uses {
    pub fn parse(value: &str) -> Uses {
        let v = value.trim();
        if v.contains("${{") {
            return Uses::Expression;
        }
        if v.starts_with("./") || v.starts_with(".\\") || v == "." {
            return Uses::Local(v.to_string());
        }
        if let Some(image) = v.strip_prefix("docker://") {
            return Uses::Docker(image.to_string());
        }
        let (name, reference) = match v.split_once('@') {
            Some((n, r)) => (n, Some(r.to_string())),
            None => (v, None),
        };
        let mut parts = name.splitn(3, '/');
        let owner = parts.next().unwrap_or_default().to_string();
        let repo = parts.next().unwrap_or_default().to_string();
        let path = parts.next().map(str::to_string).filter(|p| !p.is_empty());
        Uses::Repo(RepoUses {
            owner,
            repo,
            path,
            reference,
        })
    }

    pub fn repo(&self) -> Option<&RepoUses> {
        match self {
            Uses::Repo(r) => Some(r),
            _ => None,
        }
    }

    /// Whether this is the action `owner/repo` (any path, any reference).
    pub fn is(&self, slug: &str) -> bool {
        self.repo().is_some_and(|r| r.is(slug))
    }
}

/// How a container image reference is pinned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImagePin {
    /// `@sha256:…`: one image, whatever happens to tags.
    Digest,
    /// A tag other than `latest`.
    Tag(String),
    /// No tag, or `latest`: whatever was pushed last.
    Latest,
    /// Built by an expression or a variable: not judged.
    Unknown,
}

/// How `image` (`node:20`, `ghcr.io/o/i@sha256:…`, `registry:5000/team/app`) is pinned.
pub fn image_pin(image: &str) -> ImagePin {
    let image = image.trim();
    let image = image.strip_prefix("docker://").unwrap_or(image);
    if image.contains("${{") || image.contains('$') || image.is_empty() {
        return ImagePin::Unknown;
    }
    if image.contains("@sha256:") {
        return ImagePin::Digest;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, "latest")) | None => ImagePin::Latest,
        Some((_, tag)) => ImagePin::Tag(tag.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_judged_by_digest_and_tag() {
        assert_eq!(image_pin("registry:5000/team/app"), ImagePin::Latest);
        assert_eq!(image_pin("docker://alpine:latest"), ImagePin::Latest);
        assert_eq!(image_pin("node:20"), ImagePin::Tag("20".into()));
        assert_eq!(image_pin("node@sha256:abcd"), ImagePin::Digest);
        assert_eq!(image_pin("${{ matrix.image }}"), ImagePin::Unknown);
        assert_eq!(image_pin("$CI_REGISTRY_IMAGE"), ImagePin::Unknown);
    }

    #[test]
    fn each_kind_of_uses_is_told_apart() {
        assert_eq!(
            Uses::parse("./.github/actions/x"),
            Uses::Local("./.github/actions/x".into())
        );
        assert_eq!(
            Uses::parse("docker://alpine:3"),
            Uses::Docker("alpine:3".into())
        );
        assert_eq!(Uses::parse("${{ matrix.a }}@v1"), Uses::Expression);
        let r = Uses::parse("org/repo/.github/workflows/x.yml@main\n");
        let r = r.repo().unwrap();
        assert_eq!(
            (r.slug(), r.path.as_deref(), r.reference.as_deref()),
            (
                "org/repo".into(),
                Some(".github/workflows/x.yml"),
                Some("main")
            )
        );
        assert!(!r.pinned());
        let sha = Uses::parse("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n");
        assert!(sha.repo().unwrap().pinned() && sha.is("Actions/Checkout"));
        assert_eq!(Uses::parse("org/no-ref").repo().unwrap().reference, None);
        assert!(!is_sha("11BD71901BBE5B1630CEEA73D27597364C9AF683"));
    }
}
