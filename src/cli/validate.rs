//! `factbot validate`: load a knowledge folder, report every problem or what it covers.

use std::io;

use anyhow::Result;
use clap::Args;

use super::{output, KnowledgeArg};
use crate::knowledge::Knowledge;

#[derive(Args, Debug)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

pub fn run(args: ValidateArgs) -> Result<i32> {
    match Knowledge::load(args.knowledge.knowledge.as_deref()) {
        Ok(k) => {
            output::validate_report(&mut io::stdout().lock(), &k)?;
            Ok(0)
        }
        Err(e) => {
            super::print_error(&anyhow::Error::new(e));
            Ok(1)
        }
    }
}
