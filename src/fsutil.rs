//! Reading the files factbot is pointed at (knowledge, config, token) without trusting what they
//! are. A path can name a FIFO (opening it blocks until a writer comes), a device (`/dev/zero`
//! never ends), a directory, or a file far larger than anything real: [`read_regular`] opens
//! without blocking, refuses anything that is not a regular file, and reads at most its limit,
//! so a bad path is an error naming the file's kind or the limit, never a hang or an exhausted
//! memory.
//!
//! The limits are generous for real use; they exist to bound the damage of a wrong path.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// One mebibyte.
pub const MIB: u64 = 1024 * 1024;

/// An article's text (`sources/*.txt`). News articles are tens of kilobytes; 4 MiB is a book.
pub const SOURCE_LIMIT: u64 = 4 * MIB;

/// A TOML file of a knowledge folder (`sources.toml`, `facts/*.toml`, `aliases.toml`,
/// `lexicon.toml`). 100,000 facts in one file are about 40 MiB.
pub const KNOWLEDGE_TOML_LIMIT: u64 = 64 * MIB;

/// The bot's `config.toml`: a few dozen lines.
pub const CONFIG_LIMIT: u64 = MIB;

/// The token file: a Discord token is about 70 bytes.
pub const TOKEN_LIMIT: u64 = 4 * 1024;

/// Why a file could not be read. The message says what is wrong, not which file: callers name
/// the file (and the setting or field that points at it) themselves.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Nothing at that path.
    #[error("not found")]
    NotFound,
    /// A symbolic link whose target does not exist.
    #[error("is a broken symbolic link")]
    BrokenLink,
    /// A directory, FIFO, socket or device: never read.
    #[error("is {0}, not a regular file")]
    NotRegular(&'static str),
    /// Bigger than the limit for this kind of file.
    #[error("is larger than the limit of {} (the limit for this kind of file)", human_size(*.0))]
    TooLarge(u64),
    /// Any other I/O error (permission denied, ...).
    #[error("cannot be read: {0}")]
    Io(io::Error),
}

impl ReadError {
    /// The path does not exist at all (not even as a dangling link).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound)
    }
}

/// "4 MiB", "4 KiB", "100 bytes".
pub fn human_size(bytes: u64) -> String {
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes % 1024 == 0 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads the whole file at `path` if it is a regular file (symbolic links followed) of at most
/// `limit` bytes. Never blocks on a FIFO or a device, and never reads more than `limit + 1`
/// bytes, whatever the file claims or becomes while being read.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_nonblocking(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound if std::fs::symlink_metadata(path).is_ok() => ReadError::BrokenLink,
        io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    // The type of what was opened, not of what the path named a moment ago.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Opens for reading without blocking: `O_NONBLOCK` makes opening a FIFO with no writer return at
/// once (it has no effect on reading a regular file), `O_NOCTTY` keeps a terminal device from
/// becoming the process's controlling terminal.
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// "a directory", "a FIFO", ... for error messages.
fn kind_of(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Makes a FIFO at `path` (test helper shared by the loader's and the config's tests).
    #[cfg(unix)]
    pub(crate) fn mkfifo(path: &Path) {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo has no other preconditions.
        let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
        assert_eq!(rc, 0, "mkfifo {}", path.display());
    }

    #[test]
    fn a_regular_file_within_the_limit_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"hello").unwrap();
        assert_eq!(read_regular(&p, 5).unwrap(), b"hello");
        assert!(matches!(read_regular(&p, 4), Err(ReadError::TooLarge(4))));
    }

    #[test]
    fn missing_directories_and_broken_links_are_named() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_regular(&dir.path().join("nope"), 10)
            .unwrap_err()
            .is_not_found());
        let e = read_regular(dir.path(), 10).unwrap_err();
        assert_eq!(e.to_string(), "is a directory, not a regular file");
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(dir.path().join("gone"), &link).unwrap();
            assert!(matches!(
                read_regular(&link, 10),
                Err(ReadError::BrokenLink)
            ));
        }
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        mkfifo(&fifo);
        let e = read_regular(&fifo, 10).unwrap_err();
        assert!(e.to_string().contains("FIFO"), "{e}");
        let e = read_regular(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(e.to_string().contains("device"), "{e}");
        // Through a symbolic link too: the opened file is what counts.
        let link = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(
            read_regular(&link, 10),
            Err(ReadError::NotRegular(_))
        ));
    }

    #[test]
    fn a_huge_file_is_refused_without_being_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sparse");
        let f = File::create(&p).unwrap();
        f.set_len(100 * MIB).unwrap(); // sparse: no disk used
        let e = read_regular(&p, MIB).unwrap_err();
        assert_eq!(
            e.to_string(),
            "is larger than the limit of 1 MiB (the limit for this kind of file)"
        );
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(64 * MIB), "64 MiB");
        assert_eq!(human_size(4096), "4 KiB");
        assert_eq!(human_size(100), "100 bytes");
    }
}
