#include "cmd/config_notice.hpp"

#include <set>

#include <fmt/format.h>

#include "lib/core/strings.hpp"

namespace docknet::cli {

ConfigNoticeWhen config_notice_when(const std::vector<std::string>& args, bool debug) {
  ConfigNoticeWhen when;
  when.always = debug;
  size_t i = !args.empty() && args[0] == "network" ? 1 : 0;
  if (i >= args.size()) return when;
  bool help = false, repair = false;
  for (size_t k = i + 1; k < args.size() && args[k] != "--"; ++k) {
    help = help || args[k] == "--help" || args[k] == "-h";
    repair = repair || args[k] == "--repair";
  }
  // Help changes nothing and tells nothing (but -D still tells).
  if (help) return when;
  static const std::set<std::string> changing = {"create", "rm", "remove", "prune", "connect", "disconnect", "restore"};
  const std::string& cmd = args[i];
  when.changing = changing.count(cmd) > 0 || (cmd == "check" && repair);
  when.always = when.always || cmd == "check";
  return when;
}

std::string config_notice_text(const std::string& path, const store::DaemonConfig& config) {
  std::string out;
  if (!config.ignored_network_keys.empty())
    out += fmt::format("WARNING: {}: docknet does not apply these daemon.json network keys, their values are ignored: {}\n",
                       path, join(config.ignored_network_keys, ", "));
  if (!config.ignored_daemon_keys.empty())
    out += fmt::format("WARNING: {}: docknet has no daemon and no containers: these daemon.json keys are ignored: {}\n",
                       path, join(config.ignored_daemon_keys, ", "));
  return out;
}

}  // namespace docknet::cli
