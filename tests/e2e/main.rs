//! End-to-end tests: the real `factbot` binary against a fake Discord on 127.0.0.1.

mod discord;
mod fake_discord;
mod harness_selftest;
