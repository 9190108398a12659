#pragma once
#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace docknet {

/// One file replaced whole or not at all: a temporary in the same directory (so the rename
/// stays on one filesystem), written, fsynced, renamed over the name, the directory fsynced.
/// The temporary is created with O_EXCL | O_NOFOLLOW, so nothing planted under its name is
/// ever written through; a regular file left there by a killed call is removed first, anything
/// else there (a symlink, a FIFO) is reported to `open_failed` and left alone.
struct AtomicFile {
  int dir = -1;           // the directory, opened without following a symlink (O_PATH will do)
  std::string dir_path;   // the directory's path, for messages only
  std::string name;       // the file to replace, in `dir`
  std::string temp_name;  // the temporary's name, in `dir`
  mode_t mode = 0600;     // set with fchmod, so the umask never narrows it
  /// Given: the temporary is chowned to it (an admin's file keeps its owner).
  std::optional<std::pair<uid_t, gid_t>> owner;
};

/// How a temporary that cannot be created is reported: (operation, path, errno); must throw.
/// The default throws KernelError. ELOOP means a symlink sits at the temporary's name.
using OpenFailure = std::function<void(const std::string& op, const std::string& path, int err)>;

/// Writes `content` to `file` as described above. `before_rename` runs once the temporary is
/// durable and before it replaces the file (the state store keeps the old file aside then).
/// On any failure the temporary is removed and KernelError (or open_failed's error) thrown.
void write_atomically(const AtomicFile& file, std::string_view content, const std::function<void()>& before_rename = {},
                      const OpenFailure& open_failed = {});

}  // namespace docknet
