//! The checks of the `github-workflow` kind, each on one document of a workflow file as
//! [`crate::formats::workflow`] reads it.

pub mod permissions_unset;
pub mod pull_request_target_checkout;
pub mod unpinned_action;
pub mod untrusted_input_in_run;

#[cfg(test)]
pub(crate) fn doc(text: &str) -> saphyr::MarkedYaml<'_> {
    crate::formats::workflow::parse(text)
        .expect("a valid workflow")
        .remove(0)
}
