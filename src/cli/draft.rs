//! `factbot draft`: start a new article in a knowledge folder. Copies the article's text byte for
//! byte into `sources/`, adds it to `sources.toml`, and writes a draft entities file and a draft
//! facts file (see [`crate::draft`], which makes their texts; this file only reads and writes).
//!
//! Nothing a curator wrote is ever overwritten: an id already in `sources.toml`, or any of the
//! three files already present, is refused before anything is written.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Args;

use crate::draft::{self, Article};
use crate::fsutil::{self, ReadError};
use crate::language::Language;

#[derive(Args, Debug)]
pub struct DraftArgs {
    /// The article's text (UTF-8), copied into the folder byte for byte.
    #[arg(value_name = "ARTICLE.txt")]
    pub article: PathBuf,
    /// The new source's id: letters, digits, '-', '_' and '.' ("storm-2025-01-21").
    #[arg(long)]
    pub id: String,
    /// The article's title, as published.
    #[arg(long)]
    pub title: String,
    /// Publication date, YYYY-MM-DD.
    #[arg(long, value_parser = iso_date)]
    pub date: String,
    /// The knowledge folder to add the article to; created when missing.
    #[arg(long, value_name = "DIR", default_value = "knowledge")]
    pub knowledge: PathBuf,
}

/// A date flag: checked while parsing, so the error names the flag.
fn iso_date(s: &str) -> Result<String, String> {
    if crate::knowledge::is_iso_date(s) {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not a date like 2024-05-30"))
    }
}

pub fn run(args: DraftArgs) -> Result<i32> {
    let bytes = fsutil::read_regular(&args.article, fsutil::SOURCE_LIMIT)
        .with_context(|| format!("reading the article {}", args.article.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "the article {} is not valid UTF-8 (byte {})",
            args.article.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let article = Article {
        id: &args.id,
        title: &args.title,
        date: &args.date,
        text: &text,
    };
    let dir = &args.knowledge;
    let drafted = draft::draft(&article, Language::bundled())
        .with_context(|| format!("drafting {}", args.article.display()))?;
    let sources_path = dir.join("sources.toml");
    let existing = read_sources(&sources_path)?;
    let sources = draft::add_source(existing.as_deref(), &article)
        .with_context(|| format!("adding the article to {}", dir.display()))?;

    let files = [
        (article.text_file(), text.as_str()),
        (article.entities_file(), drafted.entities_toml.as_str()),
        (article.facts_file(), drafted.facts_toml.as_str()),
    ];
    for (rel, _) in &files {
        let path = dir.join(rel);
        if path.symlink_metadata().is_ok() {
            bail!(
                "{} already exists: factbot draft never overwrites a curator's work (choose another --id, or move it away); nothing was written",
                path.display()
            );
        }
    }
    for sub in ["sources", "facts"] {
        std::fs::create_dir_all(dir.join(sub))
            .with_context(|| format!("creating {}", dir.join(sub).display()))?;
    }
    for (rel, contents) in &files {
        write_new(&dir.join(rel), contents)?;
    }
    replace(&sources_path, &sources)?;

    let mut report = format!(
        "drafted {}: {} facts ({} with a speaker, {} example questions), {} entities\n",
        article.id, drafted.facts, drafted.speakers, drafted.questions, drafted.entities
    );
    for (rel, _) in &files {
        report.push_str(&format!("  wrote {}\n", dir.join(rel).display()));
    }
    report.push_str(&format!(
        "  added the source to {}\nevery fact is marked `draft = true`: review them, then run `factbot validate --knowledge {}`\n",
        sources_path.display(),
        dir.display()
    ));
    // A reader that goes away (`factbot draft ... | head -1`) is not an error: the folder is written.
    match std::io::stdout().lock().write_all(report.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(e).context("writing the report")
        }
        _ => {}
    }
    Ok(0)
}

/// The folder's `sources.toml`, if it has one, read as safely as the loader reads it.
fn read_sources(path: &Path) -> Result<Option<String>> {
    match fsutil::read_regular(path, fsutil::KNOWLEDGE_TOML_LIMIT) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| {
            anyhow::anyhow!(
                "{} is not valid UTF-8 (byte {})",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        }),
        Err(ReadError::NotFound) => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Writes a file that must not exist yet (created exclusively: a file appearing meanwhile is
/// not overwritten either).
fn write_new(path: &Path, contents: &str) -> Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(contents.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

/// Replaces `path` with `contents` through a temporary file and a rename, so that a reader (or a
/// crash) sees the old file or the new one, never half of it.
fn replace(path: &Path, contents: &str) -> Result<()> {
    let tmp = path.with_extension("toml.draft-tmp");
    std::fs::write(&tmp, contents).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))
}
