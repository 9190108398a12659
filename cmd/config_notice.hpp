#pragma once
#include <string>
#include <vector>

#include "lib/store/daemon_config.hpp"

namespace docknet::cli {

/// When the config file's ignored daemon.json keys are told (on stderr). A user is told, not
/// nagged: a command that changes something tells once per file content (the digest of the
/// content last told is kept in the state root); -D and `network check` always tell; ls,
/// inspect, version, help and completion never do (a TAB must never print it).
struct ConfigNoticeWhen {
  bool always = false;    // -D, or `check`
  bool changing = false;  // create, rm, prune, connect, disconnect, check --repair
};

/// From the command line after the global flags (`args`) and -D.
ConfigNoticeWhen config_notice_when(const std::vector<std::string>& args, bool debug);

/// The lines to print, each ending in '\n': none when no key is ignored.
///   WARNING: PATH: docknet does not apply these daemon.json network keys, their values are ignored: ipv6, bridge
///   WARNING: PATH: docknet has no daemon and no containers: these daemon.json keys are ignored: log-driver, hosts
std::string config_notice_text(const std::string& path, const store::DaemonConfig& config);

}  // namespace docknet::cli
