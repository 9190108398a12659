#include "lib/model/endpoint_options.hpp"

#include <fmt/format.h>

#include "lib/core/strings.hpp"
#include "lib/model/messages.hpp"

namespace docknet::model {
namespace {

// strings.SplitN(s, ".", 5)
std::vector<std::string> split_n5(const std::string& s) {
  std::vector<std::string> parts;
  size_t at = 0;
  while (parts.size() < 4) {
    size_t dot = s.find('.', at);
    if (dot == std::string::npos) break;
    parts.push_back(s.substr(at, dot - at));
    at = dot + 1;
  }
  parts.push_back(s.substr(at));
  return parts;
}

}  // namespace

std::vector<std::string> sysctl_option_errors(const std::string& value) {
  std::vector<std::string> errs;
  for (const auto& sysctl : split(value, ',')) {
    auto name = split_n5(sysctl);
    bool ok = name.size() == 5 && (name[1] == "ipv4" || name[1] == "ipv6" || name[1] == "mpls") &&
              (name[3] == "IFNAME" || name[3] == "ifname");
    if (!ok) errs.push_back(msg::unrecognised_sysctl(sysctl));
  }
  return errs;
}

std::vector<std::pair<std::string, std::string>> interface_sysctls(const std::string& value, const std::string& ifname) {
  std::vector<std::pair<std::string, std::string>> out;
  if (value.empty()) return out;
  for (const auto& sysctl : split(value, ',')) {
    auto eq = sysctl.find('=');
    if (eq == std::string::npos) throw msg::sysctl_without_value(sysctl);
    auto name = split(sysctl.substr(0, eq), '.');
    if (name.size() != 5) throw msg::sysctl_not_five_parts(sysctl);
    out.emplace_back(fmt::format("{}/{}/{}/{}/{}", name[0], name[1], name[2], ifname, name[4]), sysctl.substr(eq + 1));
  }
  return out;
}

}  // namespace docknet::model
