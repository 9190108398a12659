// docker __complete ...: cobra's completion protocol, which the completion scripts Docker's
// packages ship call (`docker __complete network rm ""`). With `alias docker=docknet` or a
// `docker` link to docknet, those scripts keep working for the network commands. Candidates,
// one per line (tab, then a description for commands and flags), then ":DIRECTIVE"; the
// directive's name goes to stderr, as cobra writes it. Read-only: nothing is changed.
#include <algorithm>
#include <filesystem>
#include <ostream>
#include <set>

#include <fmt/format.h>

#include "cmd/app.hpp"
#include "lib/core/strings.hpp"
#include "lib/service/bootstrap.hpp"
#include "lib/service/cluster.hpp"
#include "lib/service/query.hpp"

namespace docknet::cli {
namespace {

constexpr int kError = 1;        // cobra.ShellCompDirectiveError
constexpr int kDefault = 0;      // cobra.ShellCompDirectiveDefault: the shell may offer files
constexpr int kNoFileComp = 4;   // cobra.ShellCompDirectiveNoFileComp

bool g_descriptions = true;  // false for __completeNoDesc

struct FlagHelp {
  std::string short_name, long_name, description;
  bool takes_value = false;
};

const std::vector<const CommandInfo*>& subcommands() {
  static const std::vector<const CommandInfo*> all{&kConnectInfo, &kCreateInfo, &kDisconnectInfo, &kInspectInfo,
                                                    &kLsInfo,      &kPruneInfo,  &kRmInfo};
  return all;
}

// The flags of a subcommand, read back from its help text ("  -f, --filter filter   Provide ...").
// A description wrapped over lines is joined, unless its first line ends with ':' (then the
// lines are the usage's own, and cobra shows only the first).
std::vector<FlagHelp> flags_of(const CommandInfo& info) {
  std::vector<FlagHelp> out;
  for (const auto& line : split(info.options_help, '\n')) {
    std::string t = trim(line);
    if (t.empty()) continue;
    if (t[0] != '-') {
      if (!out.empty() && !out.back().description.empty() && out.back().description.back() != ':')
        out.back().description += " " + t;
      continue;
    }
    FlagHelp f;
    auto gap = t.find("   ");
    std::string names = t.substr(0, gap), desc = gap == std::string::npos ? "" : trim(t.substr(gap));
    for (const auto& word : split(names, ' ')) {
      std::string w = trim(word);
      if (!w.empty() && w.back() == ',') w.pop_back();
      if (w.rfind("--", 0) == 0) f.long_name = w;
      else if (w.rfind("-", 0) == 0) f.short_name = w;
      else if (!w.empty()) f.takes_value = true;  // the value's type ("string", "filter")
    }
    f.description = desc;
    out.push_back(f);
  }
  return out;
}

// The protocol is one candidate a line (a tab starts the description): a name with a control
// character (a newline, a tab) would come out as pieces that are not names. Such names are left
// out; a network name may hold one (docknet, like Docker, takes any name).
bool one_line(const std::string& name) {
  return !name.empty() && std::none_of(name.begin(), name.end(), [](unsigned char ch) { return ch < ' ' || ch == 0x7f; });
}

std::vector<std::string> network_names(Cli& cli) {
  auto session = service::open_for_read(cli.ctx);
  std::vector<std::string> names;
  for (const auto* n : service::list_networks(session.state, {}))
    if (one_line(n->name)) names.push_back(n->name);
  return names;
}

// Names of the containers on `network` (connected = true) or of the named namespaces not on it.
std::vector<std::string> container_names(Cli& cli, const std::string& network, bool connected) {
  auto session = service::open_for_read(cli.ctx);
  std::set<std::string> on;
  for (const auto& n : session.state.networks)
    if (n.name == network || n.id == network)
      for (const auto& [_, e] : n.containers)
        if (one_line(e.name)) on.insert(e.name);
  if (connected) return {on.begin(), on.end()};
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/run/netns", ec)) {
    std::string name = entry.path().filename().string();
    bool printable = std::all_of(name.begin(), name.end(), [](unsigned char ch) { return ch > ' ' && ch != 0x7f; });
    if (printable && !on.count(name)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// `port`'s first argument: the containers that publish a port, by name (Docker offers its
// running containers).
std::vector<std::string> publishing_containers(Cli& cli) {
  auto session = service::open_for_read(cli.ctx);
  std::set<std::string> names;
  for (const auto& n : session.state.networks)
    for (const auto& [_, e] : n.containers)
      if (!e.ports.empty() && one_line(e.name)) names.insert(e.name);
  return {names.begin(), names.end()};
}

// `node rm HOST...`: the hosts of the overlay cluster (the cluster store's), but this one (which
// `node rm` refuses) and those already on the line. No cluster store: none.
std::vector<std::string> removable_hosts(Cli& cli, const std::vector<std::string>& typed) {
  if (cli.ctx.config.cluster_store.empty()) return {};
  std::vector<std::string> out;
  for (const auto& h : service::list_cluster_hosts(cli.ctx))
    if (!h.self && one_line(h.name) && std::find(typed.begin(), typed.end(), h.name) == typed.end()) out.push_back(h.name);
  return out;
}

int finish(Cli& cli, const std::vector<std::string>& candidates, int directive) {
  for (const auto& c : candidates) cli.io.out << (g_descriptions ? c : c.substr(0, c.find('\t'))) << "\n";
  cli.io.out << ":" << directive << "\n";
  const char* name = directive == kNoFileComp ? "ShellCompDirectiveNoFileComp"
                     : directive == kError    ? "ShellCompDirectiveError"
                                              : "ShellCompDirectiveDefault";
  cli.io.err << "Completion ended with directive: " << name << "\n";
  return 0;
}

int complete_subcommand(Cli& cli, const CommandInfo& info, const std::vector<std::string>& words) {
  const std::string& cur = words.back();
  auto flags = flags_of(info);
  if (!cur.empty() && cur[0] == '-') {
    std::vector<std::string> out;
    for (const auto& f : flags) {
      if (!f.long_name.empty() && f.long_name.rfind(cur, 0) == 0) out.push_back(f.long_name + "\t" + f.description);
      if (!f.short_name.empty() && f.short_name.rfind(cur, 0) == 0) out.push_back(f.short_name + "\t" + f.description);
    }
    return finish(cli, out, kNoFileComp);
  }
  // Positionals typed so far, skipping flags and the values of those that take one.
  std::vector<std::string> positionals;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() > 1 && w[0] == '-') {
      if (w.find('=') != std::string::npos) continue;
      for (const auto& f : flags)
        if ((w == f.long_name || w == f.short_name) && f.takes_value) ++i;
      continue;
    }
    positionals.push_back(w);
  }
  if (words.size() >= 2) {
    const std::string& prev = words[words.size() - 2];
    for (const auto& f : flags)
      if ((prev == f.long_name || prev == f.short_name) && f.takes_value) return finish(cli, {}, kDefault);
  }
  std::string name = info.name;
  if (name == "rm" || name == "inspect") return finish(cli, network_names(cli), kNoFileComp);
  if (name == "connect" || name == "disconnect") {
    if (positionals.empty()) return finish(cli, network_names(cli), kNoFileComp);
    if (positionals.size() == 1) return finish(cli, container_names(cli, positionals[0], name == "disconnect"), kNoFileComp);
    return finish(cli, {}, kNoFileComp);
  }
  if (name == "prune") return finish(cli, {}, kDefault);
  return finish(cli, {}, kNoFileComp);  // ls, create: nothing to offer
}

int complete_words(Cli& cli, std::vector<std::string> words) {
  if (words.size() == 1)
    return finish(cli, std::string("network").rfind(words[0], 0) == 0 ? std::vector<std::string>{"network\tManage networks"}
                                                                        : std::vector<std::string>{},
                  kNoFileComp);
  // `docker port CONTAINER [PRIVATE_PORT]`: the top-level command, beside `network`.
  if (words[0] == "port")
    return finish(cli, words.size() == 2 && words[1].rfind('-', 0) != 0 ? publishing_containers(cli) : std::vector<std::string>{},
                  kNoFileComp);
  // `docknet node ls | rm HOST...`: rm offers the cluster's other hosts.
  if (words[0] == "node") {
    if (words.size() == 2) {
      std::vector<std::string> out;
      for (const auto* info : {&kNodeLsInfo, &kNodeRmInfo}) {
        std::string sub = std::string(info->name).substr(5);
        if (sub.rfind(words[1], 0) == 0) out.push_back(fmt::format("{}\t{}", sub, info->summary));
      }
      return finish(cli, out, kNoFileComp);
    }
    if ((words[1] == "rm" || words[1] == "remove") && words.back().rfind('-', 0) != 0)
      return finish(cli, removable_hosts(cli, std::vector<std::string>(words.begin() + 2, words.end() - 1)), kNoFileComp);
    return finish(cli, {}, kNoFileComp);
  }
  if (words[0] == "network") words.erase(words.begin());
  if (words.size() == 1) {
    std::vector<std::string> out;
    for (const auto* info : subcommands())
      if (std::string(info->name).rfind(words[0], 0) == 0 || words[0].empty())
        out.push_back(fmt::format("{}\t{}", info->name, info->summary));
    return finish(cli, out, kNoFileComp);
  }
  for (const auto* info : subcommands())
    if (words[0] == info->name || (*info->alias && words[0] == info->alias))
      return complete_subcommand(cli, *info, std::vector<std::string>(words.begin() + 1, words.end()));
  return finish(cli, {}, kNoFileComp);
}

}  // namespace

int run_complete(Cli& cli, const std::vector<std::string>& args, bool descriptions) {
  if (args.empty()) {
    cli.io.err << "requires at least 1 arg(s), only received 0\n";
    return 1;
  }
  g_descriptions = descriptions;
  try {
    return complete_words(cli, args);
  } catch (const std::exception& e) {
    // The state cannot be read (not root, a damaged store): no candidates, cobra's error directive.
    cli.io.err << e.what() << "\n";
    return finish(cli, {}, kError);
  }
}

}  // namespace docknet::cli
