//! `trustlint routes`: every route of the repository's web services with its standing
//! (public by declaration, authenticated by what, for review and why, or unauthenticated),
//! and the routers the model could not follow, as a table or as JSON.

use trustlint_model::{Place, RouteOut, Text};

/// What the listing is about: the routes the scan modelled, what it could not follow, and
/// which route paths the config declares public.
pub struct RouteList<'a> {
    pub routes: &'a [RouteOut],
    pub unfollowed: &'a [(Place, Text)],
    pub is_public: &'a dyn Fn(&str) -> bool,
}

impl RouteList<'_> {
    /// How a route stands, as the listing says it.
    fn standing(&self, r: &RouteOut) -> String {
        if (self.is_public)(&r.path) {
            "public (declared)".to_string()
        } else if let Some(a) = &r.auth {
            format!("authenticated by {a}")
        } else if let Some(why) = r.public_by_design(self.routes) {
            why
        } else if let Some(why) = &r.unresolved {
            format!("review: {}", why.en)
        } else {
            "UNAUTHENTICATED".to_string()
        }
    }
}

/// One line a route, then one a router that could not be followed.
pub fn route_list_text(list: &RouteList<'_>) -> String {
    let mut out = String::new();
    for r in list.routes {
        let at = format!("{}:{}", r.at.path, r.at.line);
        out.push_str(&format!(
            "{:<7} {:<36} {at:<28} {}\n",
            r.method,
            r.path,
            list.standing(r)
        ));
    }
    for (at, what) in list.unfollowed {
        let place = format!("{}:{}", at.path, at.line);
        out.push_str(&format!(
            "{:<7} {:<36} {place:<28} review: {} could not be followed\n",
            "?", "?", what.en
        ));
    }
    if list.routes.is_empty() && list.unfollowed.is_empty() {
        out.push_str("no routes found (axum, actix-web, rocket and warp services are modelled)\n");
    }
    out
}

/// An object with `routes` (method, path, place, handler, status) and `unfollowed`.
pub fn route_list_json(list: &RouteList<'_>) -> String {
    let routes: Vec<serde_json::Value> = list
        .routes
        .iter()
        .map(|r| {
            serde_json::json!({
                "method": r.method,
                "path": r.path,
                "file": r.at.path,
                "line": r.at.line,
                "column": r.at.column,
                "registered_at": r.registered_at.as_ref().map(|h| format!("{}:{}", h.path, h.line)),
                "handler": r.handler,
                "handler_location": r.handler_at.as_ref().map(|h| format!("{}:{}", h.path, h.line)),
                "status": list.standing(r),
            })
        })
        .collect();
    let unfollowed: Vec<serde_json::Value> = list
        .unfollowed
        .iter()
        .map(|(at, what)| {
            serde_json::json!({
                "file": at.path, "line": at.line, "column": at.column, "what": what.en,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "routes": routes, "unfollowed": unfollowed }))
        .expect("JSON values serialize")
        + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(path: &str, auth: Option<&str>) -> RouteOut {
        RouteOut {
            method: "GET".into(),
            path: path.into(),
            at: Place {
                path: "src/main.rs".into(),
                line: 3,
                column: 5,
            },
            handler: "h".into(),
            registered_at: None,
            handler_at: None,
            auth: auth.map(str::to_string),
            optional_auth: None,
            shape: None,
            unresolved: None,
        }
    }

    #[test]
    fn each_route_says_how_it_stands() {
        let routes = [
            route("/health", None),
            route("/me", Some("extractor `Claims`")),
            route("/open", None),
        ];
        let list = RouteList {
            routes: &routes,
            unfollowed: &[],
            is_public: &|p| p == "/health",
        };
        let text = route_list_text(&list);
        let status: Vec<&str> = text.lines().map(|l| l[74..].trim_end()).collect();
        assert_eq!(
            status,
            vec![
                "public (declared)",
                "authenticated by extractor `Claims`",
                "UNAUTHENTICATED"
            ]
        );
        let json: serde_json::Value = serde_json::from_str(&route_list_json(&list)).unwrap();
        assert_eq!(json["routes"][2]["status"], "UNAUTHENTICATED");
    }

    #[test]
    fn an_empty_listing_says_what_is_modelled() {
        let list = RouteList {
            routes: &[],
            unfollowed: &[],
            is_public: &|_| false,
        };
        assert!(route_list_text(&list).starts_with("no routes found"));
    }
}
