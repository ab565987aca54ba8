//! The Discord bot: a thin layer over [`crate::engine`]. (Being built.)

use std::path::Path;

pub async fn serve(config: &Path) -> anyhow::Result<()> {
    anyhow::bail!("`factbot serve` is not built yet (config {})", config.display())
}
