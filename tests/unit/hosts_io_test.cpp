// LinuxHostSystem's hosts files, in a temporary directory standing for /etc/netns.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fakes/temp_dir.hpp"
#include "lib/core/error.hpp"
#include "lib/kernel/posix/linux_host_system.hpp"

using namespace docknet;

using docknet::fakes::slurp;
using docknet::fakes::TempDir;

namespace {

}  // namespace

TEST_CASE("hosts I/O: 0644 under umask 077, atomic, directory made and removed") {
  TempDir t;
  kernel::LinuxHostSystem host(t.path + "/netns");
  CHECK_FALSE(host.read_hosts("c1").dir_exists);
  mode_t old = umask(077);
  host.write_hosts("c1", "x\n");
  umask(old);
  struct stat st {};
  REQUIRE(stat((t.path + "/netns/c1/hosts").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0644);
  REQUIRE(stat((t.path + "/netns/c1").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0755);
  auto found = host.read_hosts("c1");
  CHECK(found.dir_exists);
  CHECK(found.content == std::optional<std::string>("x\n"));
  host.remove_hosts("c1", true);
  CHECK(access((t.path + "/netns/c1").c_str(), F_OK) != 0);
}

TEST_CASE("hosts I/O: symlinks, FIFOs and unsafe directories are refused, their targets untouched") {
  TempDir t;
  kernel::LinuxHostSystem host(t.path + "/netns");
  mkdir((t.path + "/netns").c_str(), 0755);
  mkdir((t.path + "/netns/c1").c_str(), 0755);
  std::ofstream(t.path + "/target") << "precious\n";
  symlink((t.path + "/target").c_str(), (t.path + "/netns/c1/hosts").c_str());
  CHECK_THROWS_WITH(host.read_hosts("c1"), Catch::Contains("is a symbolic link"));
  CHECK_THROWS_WITH(host.write_hosts("c1", "evil\n"), Catch::Contains("is a symbolic link"));
  CHECK_THROWS_WITH(host.remove_hosts("c1", true), Catch::Contains("is a symbolic link"));
  CHECK(slurp(t.path + "/target") == "precious\n");

  mkdir((t.path + "/elsewhere").c_str(), 0755);
  symlink((t.path + "/elsewhere").c_str(), (t.path + "/netns/c2").c_str());
  CHECK_THROWS_WITH(host.write_hosts("c2", "evil\n"), Catch::Contains("not a directory"));
  CHECK(access((t.path + "/elsewhere/hosts").c_str(), F_OK) != 0);

  mkdir((t.path + "/netns/c3").c_str(), 0755);
  mkfifo((t.path + "/netns/c3/hosts").c_str(), 0644);
  CHECK_THROWS_WITH(host.read_hosts("c3"), Catch::Contains("is a FIFO"));
  CHECK_THROWS_WITH(host.write_hosts("c3", "x\n"), Catch::Contains("is a FIFO"));

  mkdir((t.path + "/netns/c4").c_str(), 0777);
  chmod((t.path + "/netns/c4").c_str(), 0777);
  CHECK_THROWS_WITH(host.write_hosts("c4", "x\n"), Catch::Contains("writable by group or others"));
}

TEST_CASE("hosts I/O: a kill between steps never leaves an empty namespace directory; the next call clears leftovers") {
  TempDir t;
  kernel::LinuxHostSystem host(t.path + "/netns");
  std::string top = t.path + "/netns";
  // What a write killed before its rename into place, and a removal killed after its rename
  // out of place, leave: docknet's own directory names, each still holding its hosts file.
  pid_t gone = fork();  // a PID no process has any more: the killed docknet's
  if (gone == 0) _exit(0);
  waitpid(gone, nullptr, 0);
  std::string dead = std::to_string(gone), alive = std::to_string(getpid());
  mkdir(top.c_str(), 0755);
  mkdir((top + "/.docknet-new-" + dead).c_str(), 0755);
  std::ofstream(top + "/.docknet-new-" + dead + "/hosts") << "half\n";
  mkdir((top + "/.docknet-old-" + dead).c_str(), 0755);
  std::ofstream(top + "/.docknet-old-" + dead + "/.hosts.docknet-tmp") << "half\n";
  mkdir((top + "/admin").c_str(), 0755);                 // an admin's empty directory stays,
  mkdir((top + "/.docknet-new-x").c_str(), 0755);        // and what only looks like docknet's,
  mkdir((top + "/.docknet-new-" + alive).c_str(), 0755);  // and a live docknet's work
  host.finish_hosts_changes();
  CHECK(access((top + "/.docknet-new-" + dead).c_str(), F_OK) != 0);
  CHECK(access((top + "/.docknet-old-" + dead).c_str(), F_OK) != 0);
  CHECK(access((top + "/admin").c_str(), F_OK) == 0);
  CHECK(access((top + "/.docknet-new-x").c_str(), F_OK) == 0);
  CHECK(access((top + "/.docknet-new-" + alive).c_str(), F_OK) == 0);
  rmdir((top + "/.docknet-new-x").c_str());
  rmdir((top + "/.docknet-new-" + alive).c_str());

  // A leftover something else was put into is left alone, and does not fail the call.
  mkdir((top + "/.docknet-old-" + dead).c_str(), 0755);
  std::ofstream(top + "/.docknet-old-" + dead + "/resolv.conf") << "nameserver 192.0.2.1\n";
  CHECK_NOTHROW(host.finish_hosts_changes());
  CHECK(slurp(top + "/.docknet-old-" + dead + "/resolv.conf") == "nameserver 192.0.2.1\n");
  // An /etc/netns docknet will not use fails only the calls that need it, with the reason.
  chmod(top.c_str(), 0775);
  CHECK_NOTHROW(host.finish_hosts_changes());
  CHECK_THROWS_WITH(host.write_hosts("c9", "x\n"), Catch::Contains("writable by group or others"));
  chmod(top.c_str(), 0755);

  // The directory appears only with its file in it, and goes with it; a directory that holds
  // an admin's file too keeps it and stays.
  host.write_hosts("c1", "x\n");
  CHECK(slurp(top + "/c1/hosts") == "x\n");
  std::ofstream(top + "/c1/resolv.conf") << "nameserver 192.0.2.1\n";
  host.remove_hosts("c1", true);
  CHECK(access((top + "/c1/hosts").c_str(), F_OK) != 0);
  CHECK(slurp(top + "/c1/resolv.conf") == "nameserver 192.0.2.1\n");
  host.write_hosts("c2", "y\n");
  host.remove_hosts("c2", true);
  CHECK(access((top + "/c2").c_str(), F_OK) != 0);
  for (const char* left : {"/.docknet-new-", "/.docknet-old-"})
    CHECK(access((top + left + std::to_string(getpid())).c_str(), F_OK) != 0);
}
