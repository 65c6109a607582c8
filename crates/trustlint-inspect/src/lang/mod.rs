//! Language models: what the source code of a service says, beyond its text. One folder per
//! language, each with the same parts: parse (a real parser, never regexes), an index of the
//! repository's definitions, which names mean what, and the models built from them (for Rust:
//! routes per web framework, and the service that serves them).
//!
//! [`rust`] is the first; `python/` (Flask, FastAPI, Django) and `js/` (Express, Next.js,
//! NestJS) will sit beside it, shaped the same way.
//!
//! May use: [`crate::out`], [`crate::pattern`] and [`crate::formats`] (a crate's manifest says
//! whether it is a web service). Never the file context, checks or inspectors: a language model
//! is given its sources, and the context above keeps what it built.

pub mod rust;
