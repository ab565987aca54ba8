//! The one integration-test binary (each extra binary would link serenity again).

mod cli;
