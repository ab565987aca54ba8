//! The one integration-test binary (each extra binary would link serenity again): the `factbot`
//! command line, and the real `factbot serve` against a fake Discord on 127.0.0.1.

mod cli;
mod discord;
mod fake_discord;
mod harness_selftest;
