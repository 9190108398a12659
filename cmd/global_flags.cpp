#include "cmd/global_flags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

namespace docknet::cli {
namespace {

struct FlagSpec {
  const char* name;  // long name, without "--"
  char shorthand;    // 0: none
  bool takes_value;
};

constexpr std::array<FlagSpec, 11> kFlags{{{"root", 0, true},
                                           {"debug", 'D', false},
                                           {"log-level", 'l', true},
                                           {"config", 0, true},
                                           {"tls", 0, false},
                                           {"tlsverify", 0, false},
                                           {"tlscacert", 0, true},
                                           {"tlscert", 0, true},
                                           {"tlskey", 0, true},
                                           {"host", 'H', true},
                                           {"context", 'c', true}}};

const FlagSpec* find_long(const std::string& name) {
  for (const auto& f : kFlags)
    if (name == f.name) return &f;
  return nullptr;
}

const FlagSpec* find_short(char c) {
  for (const auto& f : kFlags)
    if (f.shorthand == c) return &f;
  return nullptr;
}

// logrus.ParseLevel's names.
bool known_log_level(std::string level) {
  std::transform(level.begin(), level.end(), level.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* l : {"panic", "fatal", "error", "warn", "warning", "info", "debug", "trace"})
    if (level == l) return true;
  return false;
}

class Parser {
 public:
  Parser(const std::string& prog, GlobalFlags& out) : prog_(prog), out_(out) {}

  /// A cobra flag error: exit 125 and the root command's usage (cli@v29.7.2:cli/cobra.go:79-88).
  void flag_error(const std::string& what) {
    out_.exit_code = 125;
    out_.error = fmt::format("{}\n\nUsage:  {} [OPTIONS] COMMAND [ARG...]\n\nRun '{} --help' for more information", what,
                             prog_, prog_);
  }
  void refuse(const std::string& what) {
    out_.exit_code = 1;
    out_.error = what;
  }

  void apply(const FlagSpec& f, const std::optional<std::string>& value) {
    std::string name = f.name;
    if (name == "root") out_.root = *value;
    else if (name == "debug") out_.debug = !value || *value != "false";
    else if (name == "log-level" && !known_log_level(*value)) refuse("Unable to parse logging level: " + *value);
    else if (name == "host") host(*value);
    else if (name == "context") context(*value, "context \"" + *value + "\"");
  }

  void host(const std::string& value) {
    if (hosts_++ > 0) return flag_error(fmt::format("invalid argument \"{}\" for \"-H, --host\" flag: specify only one -H", value));
    check_host(value, "-H " + value);
  }
  void check_host(const std::string& value, const std::string& named) {
    if (value.empty() || value.rfind("unix://", 0) == 0) return;  // this host's socket
    refuse(fmt::format("docknet manages this host's networks only: {} names another Docker host; nothing was "
                       "done (use the docker CLI for remote hosts)",
                       named));
  }
  void context(const std::string& value, const std::string& named) {
    ++contexts_;
    if (value.empty() || value == "default") return;
    refuse(fmt::format("docknet manages this host's networks only: {} is not the default context; nothing was "
                       "done (use the docker CLI for that context)",
                       named));
  }
  /// The environment, where no flag named the target (the docker CLI's precedence).
  void apply_env(const DockerEnv& env) {
    if (hosts_ > 0 || contexts_ > 0 || out_.exit_code != 0) return;
    check_host(env.host, "DOCKER_HOST=" + env.host);
    if (out_.exit_code == 0 && env.host.empty()) context(env.context, "DOCKER_CONTEXT=" + env.context);
  }

  /// Consumes argv[i] (and its value) when it is a global flag; false at the subcommand.
  bool take(const std::vector<std::string>& argv, size_t& i) {
    const std::string& a = argv[i];
    if (a.size() < 2 || a[0] != '-' || a == "-h" || a == "--help" || a == "-v" || a == "--version") return false;
    if (a.rfind("--", 0) == 0) return take_long(argv, i);
    return take_short(argv, i);
  }

 private:
  bool take_long(const std::vector<std::string>& argv, size_t& i) {
    std::string body = argv[i].substr(2);
    auto eq = body.find('=');
    std::string name = body.substr(0, eq);
    const FlagSpec* f = find_long(name);
    if (!f) {
      flag_error("unknown flag: --" + name);
      return true;
    }
    std::optional<std::string> value;
    if (eq != std::string::npos) value = body.substr(eq + 1);
    else if (f->takes_value) {
      if (i + 1 >= argv.size()) {
        flag_error("flag needs an argument: --" + name);
        return true;
      }
      value = argv[++i];
    }
    apply(*f, value);
    return true;
  }

  bool take_short(const std::vector<std::string>& argv, size_t& i) {
    const std::string& a = argv[i];
    const FlagSpec* f = find_short(a[1]);
    if (!f) {
      flag_error(fmt::format("unknown shorthand flag: '{}' in {}", a[1], a));
      return true;
    }
    std::optional<std::string> value;
    if (a.size() > 2) value = a[2] == '=' ? a.substr(3) : a.substr(2);
    else if (f->takes_value) {
      if (i + 1 >= argv.size()) {
        flag_error(fmt::format("flag needs an argument: '{}' in {}", a[1], a));
        return true;
      }
      value = argv[++i];
    }
    apply(*f, value);
    return true;
  }

  const std::string& prog_;
  GlobalFlags& out_;
  int hosts_ = 0, contexts_ = 0;
};

}  // namespace

GlobalFlags parse_global_flags(const std::string& prog, const std::vector<std::string>& argv, const DockerEnv& env) {
  GlobalFlags out;
  Parser p(prog, out);
  size_t i = 0;
  for (; i < argv.size() && out.exit_code == 0; ++i)
    if (!p.take(argv, i)) break;
  p.apply_env(env);
  if (out.exit_code == 0) out.rest.assign(argv.begin() + static_cast<long>(i), argv.end());
  return out;
}

}  // namespace docknet::cli
