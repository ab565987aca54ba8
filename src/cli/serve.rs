//! `factbot serve`: run the Discord bot until SIGINT or SIGTERM.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Configuration file (see config.example.toml).
    #[arg(long, default_value = "config.toml", value_name = "PATH")]
    pub config: PathBuf,
}

pub fn run(args: ServeArgs) -> Result<i32> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(crate::discord::serve(&args.config))?;
    Ok(0)
}
