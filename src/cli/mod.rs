//! Command-line subcommands that live in the library, so that the binary's
//! `main.rs` only names and dispatches them.

pub mod api_keys;
