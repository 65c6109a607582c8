//! The routes of the repository's Rust web services as today's route model reports them:
//! what the route rules judge and `trustlint routes` lists. The typed
//! [`RouteFact`](crate::RouteFact) is the shape the per-framework adapters will produce instead.

use crate::Text;

/// A place in the repository: a `/`-separated path relative to the root, 1-based line and
/// column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub path: String,
    pub line: u32,
    pub column: u32,
}

/// One route: its method and path, where it is registered, its handler, and what
/// authenticates it (or why the model could not tell).
#[derive(Debug, Clone)]
pub struct RouteOut {
    pub method: String,
    pub path: String,
    pub at: Place,
    pub handler: String,
    pub handler_at: Option<Place>,
    /// What authenticates the route (`layer \`auth::require_login\``), if anything does.
    pub auth: Option<String>,
    /// Why the model could not follow the route, when it could not.
    pub unresolved: Option<Text>,
}
