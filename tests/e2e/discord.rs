//! Scenarios: the real factbot against the fake Discord.
