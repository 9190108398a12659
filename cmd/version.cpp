// docknet version: `docker version` as the docker CLI prints it (cli@v29.7.2:cli/command/system/
// version.go), the server part naming docknet: its Engine component gives the Docker release
// whose network behaviour docknet matches, and a `docknet` component gives docknet's own version.
#include <sys/utsname.h>

#include <ctime>
#include <ostream>

#include <fmt/format.h>

#include "cmd/flags.hpp"
#include "cmd/output/json.hpp"
#include "cmd/output/table.hpp"
#include "cmd/output/template.hpp"

#ifndef DOCKNET_GIT_COMMIT
#define DOCKNET_GIT_COMMIT "unknown"
#endif
#ifndef DOCKNET_BUILD_EPOCH
#define DOCKNET_BUILD_EPOCH 0
#endif

namespace docknet::cli {
namespace {

using output::Value;

constexpr const char* kDockerRelease = "29.7.2";  // the Docker whose behaviour docknet matches
constexpr const char* kApiVersion = "1.55";       // its API (moby@docker-v29.7.2:daemon/config/config.go:64)
constexpr const char* kMinApiVersion = "1.40";    // config.go:69
constexpr const char* kPlatform = "docknet";

std::string go_arch() {
#if defined(__x86_64__)
  return "amd64";
#elif defined(__aarch64__)
  return "arm64";
#elif defined(__i386__)
  return "386";
#else
  utsname u{};
  return uname(&u) == 0 ? u.machine : "unknown";
#endif
}

std::string kernel_release() {
  utsname u{};
  return uname(&u) == 0 ? u.release : "";
}

// The commit time of the build as Go's time.ANSIC ("Mon Jan _2 15:04:05 2006", UTC) and as
// RFC 3339 with nanoseconds, the two forms `docker version` carries.
std::string build_time(bool ansic) {
  time_t t = static_cast<time_t>(DOCKNET_BUILD_EPOCH);
  if (t == 0) return "";
  tm u{};
  gmtime_r(&t, &u);
  char buf[64];
  strftime(buf, sizeof buf, ansic ? "%a %b %e %H:%M:%S %Y" : "%Y-%m-%dT%H:%M:%S.000000000+00:00", &u);
  return buf;
}

Value client_value() {
  Value platform = Value::structure("system.platformInfo");
  platform.set("Name", Value::string(kPlatform), "", true);
  Value c = Value::structure("system.clientVersion");
  c.set("Platform", platform, "", true);
  c.set("Version", Value::string(kDockerRelease), "", true);
  c.set("ApiVersion", Value::string(kApiVersion), "APIVersion", true);
  c.set("DefaultAPIVersion", Value::string(kApiVersion), "", true);
  c.set("GitCommit", Value::string(DOCKNET_GIT_COMMIT), "", true);
  c.set("GoVersion", Value::string(""), "", true);  // docknet has no Go runtime
  c.set("Os", Value::string("linux"), "", true);
  c.set("Arch", Value::string(go_arch()), "", true);
  c.set("BuildTime", Value::string(build_time(true)), "", true);
  c.set("Context", Value::string("default"));  // the only context docknet accepts
  return c;
}

Value component(const std::string& name, const std::string& version, const std::map<std::string, std::string>& details) {
  Value d = Value::map("map[string]string");
  for (const auto& [k, v] : details) d.set(k, Value::string(v));
  Value c = Value::structure("system.ComponentVersion");
  c.set("Name", Value::string(name));
  c.set("Version", Value::string(version));
  c.set("Details", d, "", true);
  return c;
}

Value server_value() {
  Value platform = Value::structure("system.PlatformInfo");
  platform.set("Name", Value::string(kPlatform));
  std::string arch = go_arch(), kernel = kernel_release();
  Value components = Value::array({}, "[]system.ComponentVersion");
  components.push(component("Engine", kDockerRelease,
                            {{"ApiVersion", kApiVersion}, {"Arch", arch}, {"BuildTime", build_time(true)},
                             {"Experimental", "false"}, {"GitCommit", DOCKNET_GIT_COMMIT}, {"GoVersion", ""},
                             {"KernelVersion", kernel}, {"MinAPIVersion", kMinApiVersion}, {"Os", "linux"}}));
  components.push(component("docknet", DOCKNET_VERSION, {{"GitCommit", DOCKNET_GIT_COMMIT}}));
  Value s = Value::structure("*system.serverVersion");
  s.set("Platform", platform);
  s.set("Version", Value::string(kDockerRelease));
  s.set("ApiVersion", Value::string(kApiVersion), "APIVersion");
  s.set("MinAPIVersion", Value::string(kMinApiVersion), "", true);
  s.set("Os", Value::string("linux"));
  s.set("Arch", Value::string(arch));
  s.set("Components", components, "", true);
  s.set("GitCommit", Value::string(DOCKNET_GIT_COMMIT), "", true);
  s.set("GoVersion", Value::string(""), "", true);
  s.set("KernelVersion", Value::string(kernel), "", true);
  s.set("Experimental", Value::boolean(false), "", true);
  s.set("BuildTime", Value::string(build_time(false)), "", true);
  return s;
}

// version.go's defaultVersionTemplate, written out for docknet's fixed shape.
std::string default_text(const Value& server) {
  std::string t = fmt::format(
      "Client: {}\n Version:\t{}\n API version:\t{}\n Go version:\t\n Git commit:\t{}\n Built:\t{}\n OS/Arch:\tlinux/{}\n"
      " Context:\tdefault\n\nServer: {}",
      kPlatform, kDockerRelease, kApiVersion, DOCKNET_GIT_COMMIT, build_time(true), go_arch(), kPlatform);
  for (const auto& c : server.get("Components")->items()) {
    const Value& d = *c.get("Details");
    auto detail = [&](const char* k) { return d.get(k) ? d.get(k)->as_string() : std::string(); };
    t += "\n " + c.get("Name")->as_string() + ":";
    if (c.get("Name")->as_string() == "Engine") {
      t += fmt::format(
          "\n  Version:\t{}\n  API version:\t{} (minimum version {})\n  Go version:\t{}\n  Git commit:\t{}\n"
          "  Built:\t{}\n  OS/Arch:\t{}/{}\n  Experimental:\t{}",
          c.get("Version")->as_string(), detail("ApiVersion"), detail("MinAPIVersion"), detail("GoVersion"),
          detail("GitCommit"), detail("BuildTime"), detail("Os"), detail("Arch"), detail("Experimental"));
    } else {
      t += "\n  Version:\t" + c.get("Version")->as_string();
      for (const auto& f : d.fields()) t += "\n  " + f.name + ":\t" + f.value.as_string();
    }
  }
  return t;
}

}  // namespace

int run_version(Cli& cli, const std::vector<std::string>& args) {
  CLI::App app;
  std::string format;
  add_single(app, "-f,--format", format);
  auto parsed = parse_command(cli, app, kVersionInfo, args, 0, 0);
  if (!parsed) return 0;
  auto rest = std::move(*parsed);
  std::optional<output::Template> tmpl;
  if (!format.empty()) {
    try {
      tmpl = output::Template::parse(format == "json" ? "{{json .}}" : format, "version");
    } catch (const output::TemplateParseError& e) {
      cli.io.err << "template parsing error: " << e.what() << "\n";
      throw ExitStatus{64};
    }
  }
  Value server = server_value();
  if (!tmpl) {
    cli.io.out << output::tabwrite(default_text(server) + "\n", 20, 1);
    return 0;
  }
  Value info = Value::structure("system.versionInfo");
  info.set("Client", client_value());
  info.set("Server", server);
  // versionInfo.ServerOK(): the server answered (docknet's always does).
  info.add_method("ServerOK", [](const std::vector<Value>&) { return Value::boolean(true); }, 0);
  // Like the CLI: what the template wrote before failing is printed, then a newline, then the error.
  std::string text;
  try {
    text = tmpl->execute(info);
  } catch (const output::TemplateExecError& e) {
    cli.io.out << output::tabwrite(e.partial() + "\n", 20, 1);
    cli.io.out.flush();
    cli.io.err << e.what() << "\n";
    return 1;
  }
  cli.io.out << output::tabwrite(text + "\n", 20, 1);
  return 0;
}

}  // namespace docknet::cli
