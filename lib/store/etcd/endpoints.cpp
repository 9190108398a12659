#include "lib/store/etcd/endpoints.hpp"

#include <arpa/inet.h>

#include "lib/core/error.hpp"

namespace docknet::store::etcd {
namespace {

constexpr std::string_view kScheme = "etcd://";

[[noreturn]] void invalid(const std::string& value, const std::string& why) {
  throw Error(ErrorKind::InvalidParameter, "invalid cluster-store \"" + value + "\": " + why);
}

bool valid_name(const std::string& host) {
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '_';
    if (!ok) return false;
  }
  return !host.empty() && host.front() != '-' && host.front() != '.';
}

int parse_port(const std::string& value, const std::string& text) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
    invalid(value, "bad port \"" + text + "\"");
  int port = std::stoi(text);
  if (port < 1 || port > 65535) invalid(value, "port " + text + " out of range");
  return port;
}

// One member: HOST, HOST:PORT, [V6] or [V6]:PORT.
Endpoint parse_member(const std::string& value, const std::string& member) {
  if (member.empty()) invalid(value, "empty member");
  if (member.find('@') != std::string::npos) invalid(value, "user information is not supported");
  if (member.find_first_of("/?#") != std::string::npos) invalid(value, "a path or query is not supported");
  Endpoint ep;
  std::string port;
  if (member.front() == '[') {
    size_t close = member.find(']');
    if (close == std::string::npos) invalid(value, "missing ']' in \"" + member + "\"");
    ep.host = member.substr(1, close - 1);
    std::string rest = member.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') invalid(value, "unexpected \"" + rest + "\" after ']'");
    if (!rest.empty()) port = rest.substr(1), ep.port = parse_port(value, port);
    in6_addr a6{};
    if (inet_pton(AF_INET6, ep.host.c_str(), &a6) != 1) invalid(value, "bad IPv6 address \"" + ep.host + "\"");
    return ep;
  }
  size_t colon = member.find(':');
  if (colon != std::string::npos && member.find(':', colon + 1) != std::string::npos)
    invalid(value, "an IPv6 address must be in brackets: [" + member + "]");
  ep.host = member.substr(0, colon);
  if (colon != std::string::npos) ep.port = parse_port(value, member.substr(colon + 1));
  if (!valid_name(ep.host)) invalid(value, "bad host \"" + ep.host + "\"");
  return ep;
}

}  // namespace

std::string Endpoint::text() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::vector<Endpoint> parse_cluster_store(const std::string& value) {
  if (value.compare(0, kScheme.size(), kScheme) != 0) {
    size_t sep = value.find("://");
    if (sep == std::string::npos) invalid(value, "expected etcd://HOST:PORT[,HOST:PORT...]");
    invalid(value, "unsupported scheme \"" + value.substr(0, sep) + "\" (expected etcd://)");
  }
  std::vector<Endpoint> endpoints;
  std::string rest = value.substr(kScheme.size());
  size_t start = 0;
  for (;;) {
    size_t comma = rest.find(',', start);
    std::string member = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    // `etcd://h1,etcd://h2` as well as `etcd://h1,h2`.
    if (member.compare(0, kScheme.size(), kScheme) == 0) member.erase(0, kScheme.size());
    else if (member.find("://") != std::string::npos) invalid(value, "unsupported scheme in \"" + member + "\"");
    endpoints.push_back(parse_member(value, member));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return endpoints;
}

std::string describe_endpoints(const std::vector<Endpoint>& endpoints) {
  std::string out(kScheme);
  for (size_t i = 0; i < endpoints.size(); ++i) {
    if (i) out += ',';
    out += endpoints[i].text();
  }
  return out;
}

}  // namespace docknet::store::etcd
