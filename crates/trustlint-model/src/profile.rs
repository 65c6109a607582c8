//! What the team says about its service in `trustlint.toml`: the profile (security category,
//! personal information, website, TLS proxy), the facts rules depend on and where their values
//! come from, attestations of items only a person can vouch for, and the route policy.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Security category of the information the service holds (GC Policy on Government Security).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Unclassified,
    ProtectedA,
    ProtectedB,
    ProtectedC,
}

/// What the team declares about its service in `[profile]`; `None` means not said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Profile {
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub personal_information: Option<bool>,
    #[serde(default)]
    pub website: Option<bool>,
    /// TLS is terminated by a proxy or load balancer in front of the service.
    #[serde(default)]
    pub tls_proxy: Option<bool>,
}

/// A fact about the service that decides whether a rule or item applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fact {
    PersonalInformation,
    Website,
    /// The category is Protected A or higher.
    Protected,
    TlsProxy,
}

impl Fact {
    pub fn as_str(self) -> &'static str {
        match self {
            Fact::PersonalInformation => "personal-information",
            Fact::Website => "website",
            Fact::Protected => "protected",
            Fact::TlsProxy => "tls-proxy",
        }
    }

    /// The value the profile declares, if it declares one.
    pub fn declared(self, p: &Profile) -> Option<bool> {
        match self {
            Fact::PersonalInformation => p.personal_information,
            Fact::Website => p.website,
            Fact::Protected => p.category.map(|c| c >= Category::ProtectedA),
            Fact::TlsProxy => p.tls_proxy,
        }
    }
}

/// Where the value of a fact came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum FactValue {
    Declared {
        value: bool,
    },
    /// Found in the repository (the first place that showed it).
    Inferred {
        value: bool,
        path: String,
        line: u32,
    },
    Unknown,
}

impl FactValue {
    pub fn value(&self) -> Option<bool> {
        match self {
            FactValue::Declared { value } | FactValue::Inferred { value, .. } => Some(*value),
            FactValue::Unknown => None,
        }
    }
}

/// A person's statement, in the config, about an item no repository can prove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attestation {
    pub item: String,
    pub status: AttestationKind,
    pub by: Option<String>,
    pub date: Option<Date>,
    pub evidence: Option<String>,
    pub review_by: Option<Date>,
    pub reason: Option<String>,
    /// Line of the `[[attestation]]` table in the config.
    pub line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AttestationKind {
    #[default]
    Attested,
    NotApplicable,
}

/// `[routes]` in the config: how route authentication is judged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RoutePolicy {
    /// Path patterns of routes that are public on purpose (`/health`, `/api/open-data/**`):
    /// not findings, but listed in the report as explicitly public.
    #[serde(default)]
    pub public: Vec<String>,
    /// More name fragments that mean "authenticated" (extractors, guards, middleware),
    /// added to the defaults.
    #[serde(default)]
    pub auth_names: Vec<String>,
    /// Exact type or function names that contain an authentication word but do not
    /// authenticate (`UserPrefs`), added to the defaults.
    #[serde(default)]
    pub not_auth_names: Vec<String>,
}
