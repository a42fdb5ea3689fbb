//! Whether a file sits where another program or machine also writes it: a cloud-sync
//! folder (OneDrive, Google Drive, Dropbox, iCloud) or a network share. SQLite's locks do
//! not reach across such places, and sync clients copy a database half-written or make
//! conflicting copies, so the window warns once about a file found there.

use std::path::Path;

/// A folder another program or machine writes too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncedPlace {
    /// A cloud-sync folder: "OneDrive", "Google Drive", "Dropbox" or "iCloud".
    Cloud(&'static str),
    /// A network share (SMB/CIFS, NFS, SSHFS, 9P, AFS).
    Network,
}

/// File systems of network shares, as `/proc/mounts` names them.
const NETWORK_FS: &[&str] = &[
    "cifs",
    "smb3",
    "smbfs",
    "nfs",
    "nfs4",
    "fuse.sshfs",
    "9p",
    "afs",
];

/// Whether `path` sits in a cloud-sync folder or on a network share. Cloud folders are
/// known by the names of the folders above the file (case-insensitive: `OneDrive*`,
/// `Google Drive`, `GoogleDrive*`, `My Drive`, `Dropbox`, `iCloud Drive`,
/// `iCloudDrive`, macOS's `Mobile Documents`, and the providers' folders under
/// `Library/CloudStorage`); shares by a Windows UNC path (`\\server\share`) or, on
/// Linux, by the file system of the mount holding the path (`/proc/mounts`), including
/// shares the desktop mounts through GVFS (`smb-share:…`). Symbolic links are followed
/// first. A mapped network drive letter on Windows is not recognised.
pub fn synced_place(path: &Path) -> Option<SyncedPlace> {
    let resolved = std::fs::canonicalize(path)
        .ok()
        .or_else(|| {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty())?;
            Some(std::fs::canonicalize(dir).ok()?.join(path.file_name()?))
        })
        .unwrap_or_else(|| path.to_owned());
    #[cfg(target_os = "linux")]
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    #[cfg(not(target_os = "linux"))]
    let mounts = String::new();
    synced_place_in(&resolved, &mounts)
}

/// [`synced_place`] of a resolved `path`, given the text of `/proc/mounts`.
fn synced_place_in(path: &Path, mounts: &str) -> Option<SyncedPlace> {
    let text = path.to_string_lossy();
    let folders: Vec<String> = text.split(['/', '\\']).map(str::to_lowercase).collect();
    // The folders above the file: its own name says nothing.
    let folders = &folders[..folders.len().saturating_sub(1)];
    if let Some(cloud) = folders.iter().find_map(|f| cloud_folder(f)) {
        return Some(SyncedPlace::Cloud(cloud));
    }
    let unc = text.starts_with(r"\\?\UNC\")
        || text.starts_with(r"\\") && !text.starts_with(r"\\?\") && !text.starts_with(r"\\.\")
        || cfg!(windows) && text.starts_with("//");
    if unc || on_network_mount(path, mounts) {
        return Some(SyncedPlace::Network);
    }
    None
}

/// The cloud service whose sync folder is named `folder` (lower case).
fn cloud_folder(folder: &str) -> Option<&'static str> {
    if folder.starts_with("onedrive") {
        Some("OneDrive")
    } else if folder == "google drive" || folder.starts_with("googledrive") || folder == "my drive"
    {
        Some("Google Drive")
    } else if folder == "dropbox" || folder.starts_with("dropbox (") {
        Some("Dropbox")
    } else if [
        "icloud drive",
        "iclouddrive",
        "mobile documents",
        "com~apple~clouddocs",
    ]
    .contains(&folder)
    {
        Some("iCloud")
    } else {
        None
    }
}

/// Whether the mount holding `path` (the longest mount point above it in `mounts`, in
/// the format of `/proc/mounts`) is a network share.
fn on_network_mount(path: &Path, mounts: &str) -> bool {
    let holding = mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let point = unescape_mount(fields.nth(1)?);
            let fs = fields.next()?;
            path.starts_with(&point).then_some((point, fs))
        })
        .max_by_key(|(point, _)| point.len());
    let Some((point, fs)) = holding else {
        return false;
    };
    if NETWORK_FS.contains(&fs) {
        return true;
    }
    // GVFS (the desktop's "Other locations") mounts every share under one FUSE mount.
    fs == "fuse.gvfsd-fuse"
        && path
            .strip_prefix(&point)
            .ok()
            .and_then(|rest| rest.iter().next())
            .is_some_and(|share| {
                let share = share.to_string_lossy();
                [
                    "smb-share:",
                    "sftp:",
                    "nfs:",
                    "afp-volume:",
                    "dav:",
                    "davs:",
                    "ftp:",
                ]
                .iter()
                .any(|scheme| share.starts_with(scheme))
            })
}

/// A mount point as `/proc/mounts` writes it, with `\040`-style octal escapes (space,
/// tab, newline, backslash) decoded.
fn unescape_mount(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| bytes[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal.map(|d| d.iter().fold(0u32, |n, c| n * 8 + u32::from(c - b'0'))) {
            Some(code) if code <= 0xFF => {
                out.push(code as u8);
                i += 4;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str = "\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/nvme0n1p3 /home ext4 rw,relatime 0 0
//nas/team /mnt/team cifs rw,relatime,vers=3.1.1,cache=strict 0 0
nas:/export /srv/nfs\\040share nfs4 rw,relatime 0 0
/dev/sdb1 /mnt/team/local ext4 rw,relatime 0 0
gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw,nosuid,nodev 0 0
";

    fn place(path: &str) -> Option<SyncedPlace> {
        synced_place_in(Path::new(path), MOUNTS)
    }

    #[test]
    fn a_unc_path_is_a_network_share() {
        assert_eq!(place(r"\\server\share\kb.db"), Some(SyncedPlace::Network));
        assert_eq!(
            place(r"\\?\UNC\server\share\kb.db"),
            Some(SyncedPlace::Network)
        );
        assert_eq!(place(r"\\?\C:\Users\an\kb.db"), None);
    }

    #[test]
    fn cloud_folders_are_known_by_name_in_any_case() {
        let cloud = |p| match place(p) {
            Some(SyncedPlace::Cloud(name)) => Some(name),
            _ => None,
        };
        assert_eq!(cloud(r"C:\Users\an\OneDrive\kb.db"), Some("OneDrive"));
        assert_eq!(
            cloud(r"C:\Users\an\OneDrive - Contoso\Docs\kb.db"),
            Some("OneDrive")
        );
        assert_eq!(cloud("/home/an/Dropbox/kb.db"), Some("Dropbox"));
        assert_eq!(cloud("/home/an/dropbox/notes/kb.db"), Some("Dropbox"));
        assert_eq!(cloud(r"G:\My Drive\kb.db"), Some("Google Drive"));
        assert_eq!(
            cloud("/Users/an/Library/CloudStorage/GoogleDrive-an@example.com/My Drive/kb.db"),
            Some("Google Drive")
        );
        assert_eq!(
            cloud("/Users/an/Library/Mobile Documents/com~apple~CloudDocs/kb.db"),
            Some("iCloud")
        );
        assert_eq!(cloud(r"C:\Users\an\iCloudDrive\kb.db"), Some("iCloud"));
    }

    #[test]
    fn only_folders_count_and_similar_names_do_not() {
        assert_eq!(place("/home/an/Dropbox.db"), None);
        assert_eq!(place("/home/an/dropbox-clone/src/kb.db"), None);
        assert_eq!(
            place("/home/an/Dropbox (Personal)/kb.db"),
            Some(SyncedPlace::Cloud("Dropbox"))
        );
        assert_eq!(place("/home/an/mydropbox/kb.db"), None);
    }

    #[test]
    fn a_file_on_a_network_mount_is_a_network_share() {
        assert_eq!(place("/mnt/team/kb.db"), Some(SyncedPlace::Network));
        assert_eq!(place("/mnt/team/a/b/kb.db"), Some(SyncedPlace::Network));
        assert_eq!(place("/srv/nfs share/kb.db"), Some(SyncedPlace::Network));
        assert_eq!(
            place("/run/user/1000/gvfs/smb-share:server=nas,share=team/kb.db"),
            Some(SyncedPlace::Network)
        );
        // A local disk mounted inside a share is local.
        assert_eq!(place("/mnt/team/local/kb.db"), None);
        assert_eq!(place("/mnt/teams/kb.db"), None);
    }

    #[test]
    fn a_plain_local_path_is_not_synced() {
        assert_eq!(place("/home/an/.local/share/lienket/lienket.db"), None);
        assert_eq!(place(r"C:\Users\an\Documents\kb.db"), None);
        assert_eq!(synced_place_in(Path::new("/home/an/kb.db"), ""), None);
    }

    #[test]
    fn mount_points_are_unescaped() {
        assert_eq!(unescape_mount(r"/srv/a\040b\134c"), r"/srv/a b\c");
        assert_eq!(unescape_mount(r"/srv/\9"), r"/srv/\9");
    }
}
