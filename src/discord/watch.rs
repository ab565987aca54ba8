//! Watching the knowledge folder: a change on disk is validated and swapped in, exactly as
//! `/reload` does it ([`Bot::reload_now`]); a broken folder keeps the running fact base and
//! logs every problem, once per change.
//!
//! Polling, not OS notifications: every [`POLL_EVERY`] a cheap fingerprint of the folder (each
//! file's path, size and modification time) is taken; nothing is read unless it changed. A
//! change is acted on only once two polls in a row agree, so an editor's half-written save does
//! not produce a burst of errors followed by a reload.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tracing::{debug, info, warn};

use super::bot::{Bot, ReloadError};

/// How often the folder is looked at.
pub const POLL_EVERY: Duration = Duration::from_secs(2);

/// Files of the folder: (path relative to it, size, modification time), sorted; or why the
/// folder could not be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(Result<Vec<(PathBuf, u64, Option<SystemTime>)>, String>);

/// Takes the folder's fingerprint (blocking; small folders).
pub fn fingerprint(dir: &Path) -> Fingerprint {
    fn walk(
        root: &Path,
        dir: &Path,
        out: &mut Vec<(PathBuf, u64, Option<SystemTime>)>,
    ) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            let path = entry.path();
            if meta.is_dir() {
                walk(root, &path, out)?;
            } else {
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                out.push((rel, meta.len(), meta.modified().ok()));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    Fingerprint(match walk(dir, dir, &mut files) {
        Ok(()) => {
            files.sort();
            Ok(files)
        }
        Err(e) => Err(e.to_string()),
    })
}

/// Decides when a change is settled: fed one fingerprint per poll, says when to reload.
#[derive(Debug)]
pub struct Debounce {
    /// What the running fact base was loaded from (or last tried).
    current: Fingerprint,
    /// A changed fingerprint seen once, waiting for a second poll to agree.
    pending: Option<Fingerprint>,
}

impl Debounce {
    pub fn new(start: Fingerprint) -> Debounce {
        Debounce {
            current: start,
            pending: None,
        }
    }

    /// `true` when `now` differs from what was loaded and the previous poll saw the same.
    pub fn settled(&mut self, now: Fingerprint) -> bool {
        if now == self.current {
            self.pending = None;
            return false;
        }
        if self.pending.as_ref() == Some(&now) {
            self.pending = None;
            self.current = now;
            return true;
        }
        self.pending = Some(now);
        false
    }
}

/// Polls `dir` until the task is dropped, reloading `bot` after each settled change.
pub async fn watch(bot: Arc<Bot>, dir: PathBuf, every: Duration) {
    let take = |dir: PathBuf| async move {
        tokio::task::spawn_blocking(move || fingerprint(&dir))
            .await
            .unwrap_or_else(|e| Fingerprint(Err(e.to_string())))
    };
    let mut debounce = Debounce::new(take(dir.clone()).await);
    info!(folder = %dir.display(), every = ?every, "watching the knowledge folder");
    loop {
        tokio::time::sleep(every).await;
        if !debounce.settled(take(dir.clone()).await) {
            continue;
        }
        info!(folder = %dir.display(), "the knowledge folder changed: reloading");
        match bot.reload_now().await {
            Ok(r) => info!(
                facts = r.facts,
                sources = r.sources,
                "knowledge folder change applied"
            ),
            // Every problem was logged by reload_now.
            Err(ReloadError::Invalid(e)) => warn!(
                problems = e.problems.len(),
                "the changed knowledge folder is invalid; still serving the previous fact base"
            ),
            Err(ReloadError::Crashed) => debug!("reload after a change failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_reloaded_once_two_polls_agree() {
        let fp = |n: u64| Fingerprint(Ok(vec![(PathBuf::from("facts/a.toml"), n, None)]));
        let mut d = Debounce::new(fp(1));
        assert!(!d.settled(fp(1)));
        // A save in progress: the size changes on every poll.
        assert!(!d.settled(fp(2)));
        assert!(!d.settled(fp(3)));
        // Settled.
        assert!(d.settled(fp(3)));
        assert!(!d.settled(fp(3)), "once per change");
        // Changed and changed back before settling: nothing to do.
        assert!(!d.settled(fp(4)));
        assert!(!d.settled(fp(3)));
        assert!(!d.settled(fp(3)));
        // A folder that vanished is a change too (its reload will fail and say why).
        let gone = Fingerprint(Err("not found".into()));
        assert!(!d.settled(gone.clone()));
        assert!(d.settled(gone));
    }

    #[test]
    fn the_fingerprint_sees_edits_additions_and_removals() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("facts")).unwrap();
        std::fs::write(dir.path().join("facts/a.toml"), "a").unwrap();
        let f0 = fingerprint(dir.path());
        assert_eq!(f0, fingerprint(dir.path()));
        std::fs::write(dir.path().join("facts/a.toml"), "ab").unwrap();
        let f1 = fingerprint(dir.path());
        assert_ne!(f0, f1);
        std::fs::write(dir.path().join("facts/b.toml"), "b").unwrap();
        let f2 = fingerprint(dir.path());
        assert_ne!(f1, f2);
        std::fs::remove_file(dir.path().join("facts/b.toml")).unwrap();
        assert_eq!(fingerprint(dir.path()), f1);
        assert!(fingerprint(&dir.path().join("none")).0.is_err());
    }
}
