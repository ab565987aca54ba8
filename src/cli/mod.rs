//! The `factbot` command line: everything useful without Discord (`ask`, `check`, `validate`,
//! `bench`), plus `serve`, which runs the bot.

mod output;

use std::io::{self, BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::engine::{Engine, Options};
use crate::knowledge::Knowledge;

#[derive(Parser, Debug)]
#[command(
    name = "factbot",
    version,
    about = "Answers questions about a news article, and fact-checks claims, with the verbatim quote."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct KnowledgeArg {
    /// Knowledge folder to use instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub knowledge: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Answer questions: one per argument (quote each), or one per stdin line.
    Ask {
        /// One JSON object per question, one per line.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        knowledge: KnowledgeArg,
        /// Also print how the question was read and the top candidates' scores (for curators).
        #[arg(long, conflicts_with = "json")]
        explain: bool,
        /// Abstain below this confidence (0 to 1).
        #[arg(long, value_name = "SCORE")]
        min_confidence: Option<f64>,
        /// Questions, one per argument; read from stdin, one per line, when absent.
        question: Vec<String>,
    },
    /// Fact-check claims: supported, contradicted or unverified, with the quote.
    Check {
        /// One JSON object per claim, one per line.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        knowledge: KnowledgeArg,
        /// Claims, one per argument; read from stdin, one per line, when absent.
        claim: Vec<String>,
    },
    /// Load and check a knowledge folder; report counts and what no fact quotes.
    Validate {
        #[command(flatten)]
        knowledge: KnowledgeArg,
    },
    /// Run the Discord bot.
    Serve {
        /// Configuration file (see config.example.toml).
        #[arg(long, default_value = "config.toml", value_name = "PATH")]
        config: PathBuf,
    },
}

/// Runs a parsed command line; the process exit code is the returned value.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Ask {
            json,
            knowledge,
            explain,
            min_confidence,
            question,
        } => {
            let mut options = Options::default();
            if let Some(m) = min_confidence {
                anyhow::ensure!(
                    (0.0..=1.0).contains(&m),
                    "--min-confidence must be between 0 and 1, got {m}"
                );
                options.min_confidence = m;
            }
            let engine = load_engine(&knowledge, options)?;
            for_each_input(question, |line, out| {
                let answer = engine.ask(line);
                if json {
                    output::ask_json(out, line, &answer)
                } else {
                    output::ask_human(out, line, &answer)?;
                    if explain {
                        writeln!(out, "{}", engine.explain(line, 8))?;
                    }
                    Ok(())
                }
            })?;
            Ok(0)
        }
        Command::Check {
            json,
            knowledge,
            claim,
        } => {
            let engine = load_engine(&knowledge, Options::default())?;
            for_each_input(claim, |line, out| {
                let result = engine.check(line);
                if json {
                    output::check_json(out, line, &result)
                } else {
                    output::check_human(out, line, &result)
                }
            })?;
            Ok(0)
        }
        Command::Validate { knowledge } => match Knowledge::load(knowledge.knowledge.as_deref()) {
            Ok(k) => {
                output::validate_report(&mut io::stdout().lock(), &k)?;
                Ok(0)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Ok(1)
            }
        },
        Command::Serve { config } => {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("starting the async runtime")?;
            rt.block_on(crate::discord::serve(&config))?;
            Ok(0)
        }
    }
}

fn load_engine(arg: &KnowledgeArg, options: Options) -> Result<Engine> {
    let what = match &arg.knowledge {
        Some(d) => format!("loading knowledge folder {}", d.display()),
        None => "loading the bundled knowledge".to_string(),
    };
    Engine::load(arg.knowledge.as_deref(), options).context(what)
}

/// Calls `f` for each argument (one question or claim each), or for every stdin line in order, flushing
/// after each so a caller driving factbot through a pipe gets each reply as soon as it exists.
/// Stdin is read as bytes: a line that is not UTF-8 is repaired (U+FFFD), never fatal.
fn for_each_input(
    args: Vec<String>,
    mut f: impl FnMut(&str, &mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = (|| -> io::Result<()> {
        if !args.is_empty() {
            for arg in &args {
                f(arg, &mut out)?;
                out.flush()?;
            }
            return Ok(());
        }
        let mut input = io::stdin().lock();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            if input.read_until(b'\n', &mut buf)? == 0 {
                return Ok(());
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end_matches(['\n', '\r']);
            f(line, &mut out)?;
            out.flush()?;
        }
    })();
    match result {
        // A reader that goes away (`factbot ask < q | head -1`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing output"),
    }
}
