//! What unit tests share: a knowledge folder of their own, written from (path, text) pairs, so
//! each test says only what its folder holds.

/// A temporary folder holding `files` (paths relative to it; parent folders are created).
pub(crate) fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let p = dir.path().join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("a folder in the temporary folder");
        }
        std::fs::write(p, text).expect("a file in the temporary folder");
    }
    dir
}
