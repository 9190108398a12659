#pragma once
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include "lib/core/error.hpp"
#include "lib/service/context.hpp"

namespace docknet::cli {

struct Io {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
};

/// What a subcommand needs: the program name as typed (docknet, or docker when linked so),
/// the streams and the service context.
struct Cli {
  std::string prog;
  Io io;
  service::ServiceContext& ctx;
};

/// Static description of a subcommand, for help and usage errors.
/// An error as the docker CLI prints it: a daemon's message trimmed of surrounding white space
/// (the client's strings.TrimSpace) after "Error response from daemon: ", a client error as is.
std::string error_text(const Error& e);
/// The call's warnings and failed undo steps, as "warning: ..." lines on stderr.
void print_cleanup_failures(Cli& cli);

struct CommandInfo {
  const char* name;
  const char* alias;  // second name ("list", "remove") or ""
  const char* args;   // "[OPTIONS] NETWORK"
  const char* summary;
  const char* options_help;
  bool top_level = false;  // `docknet version`, not `docknet network version`
};

/// A flag error: printed with the command's usage, exit code 125.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// A wrong number of arguments: "docknet: 'docknet network rm' requires at least 1 argument", exit 1.
struct ArgsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// An error whose text was already printed; only the exit code is left to give.
struct ExitStatus {
  int code;
};

/// Runs one command line (without argv[0]); returns the exit code. Never throws.
int run(const std::vector<std::string>& args, Cli& cli);

// Subcommands: each parses its own flags and prints its own output.
int run_ls(Cli& cli, const std::vector<std::string>& args);
int run_create(Cli& cli, const std::vector<std::string>& args);
int run_inspect(Cli& cli, const std::vector<std::string>& args);
int run_rm(Cli& cli, const std::vector<std::string>& args);
int run_prune(Cli& cli, const std::vector<std::string>& args);
int run_connect(Cli& cli, const std::vector<std::string>& args);
int run_disconnect(Cli& cli, const std::vector<std::string>& args);
int run_check(Cli& cli, const std::vector<std::string>& args);
int run_restore(Cli& cli, const std::vector<std::string>& args);
int run_version(Cli& cli, const std::vector<std::string>& args);
int run_port(Cli& cli, const std::vector<std::string>& args);
int run_reconcile(Cli& cli, const std::vector<std::string>& args);
int run_node(Cli& cli, const std::vector<std::string>& args);
/// cobra's `__complete` protocol, for the completion scripts Docker's packages ship.
int run_complete(Cli& cli, const std::vector<std::string>& args, bool descriptions);

extern const CommandInfo kPortInfo;
extern const CommandInfo kLsInfo, kCreateInfo, kInspectInfo, kRmInfo, kPruneInfo, kConnectInfo, kDisconnectInfo, kCheckInfo,
    kRestoreInfo, kVersionInfo, kReconcileInfo, kNodeInfo, kNodeLsInfo, kNodeRmInfo;

/// "\nUsage:  docknet network ls [OPTIONS]\n\nList networks\n\nAliases: ...\n\nOptions:\n..."
std::string help_text(const Cli& cli, const CommandInfo& info);
/// The lines under a flag or argument error.
std::string usage_hint(const Cli& cli, const CommandInfo& info);
/// cli.ExactArgs / RequiresMinArgs / NoArgs as the docker CLI words them.
void require_args(const Cli& cli, const CommandInfo& info, size_t count, size_t min, size_t max);

}  // namespace docknet::cli
