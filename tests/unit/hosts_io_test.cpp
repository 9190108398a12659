// LinuxHostSystem's hosts files, in a temporary directory standing for /etc/netns.
#include <fcntl.h>
#include <sys/stat.h>
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
