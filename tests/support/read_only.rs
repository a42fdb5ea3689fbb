//! A path made read-only for real, for tests of both test binaries (included with
//! `#[path]`): the permission bits do it for a user; for root, who may write whatever the
//! bits say, the immutable attribute (`chattr +i`) does.

#![cfg(unix)]

use std::path::{Path, PathBuf};

/// Makes a path read-only for real and restores it when dropped, so the temporary folder
/// can be removed afterwards. The permission bits do it for a user; for root, who may
/// write whatever the bits say, the immutable attribute (`chattr +i`) does.
pub struct ReadOnly {
    path: PathBuf,
    mode: u32,
    immutable: bool,
}

impl ReadOnly {
    /// Makes `path` read-only with `mode`, until dropped.
    pub fn set(path: &Path, mode: u32) -> Self {
        use std::os::unix::fs::PermissionsExt as _;
        let old = std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let immutable = is_root()
            && std::process::Command::new("chattr")
                .arg("+i")
                .arg(path)
                .status()
                .expect("chattr (e2fsprogs) is needed when the tests run as root")
                .success();
        assert!(
            !is_root() || immutable,
            "chattr +i failed on {}: the file system must support it",
            path.display()
        );
        ReadOnly {
            path: path.to_owned(),
            mode: old,
            immutable,
        }
    }
}

/// Whether the tests run as root (who may write files whatever their permission bits).
pub fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt as _;
        if self.immutable {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.path)
                .status();
        }
        let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(self.mode));
    }
}
