#pragma once
// Files for the unit tests that exercise real file-system code (the store, /etc/netns).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace docknet::fakes {

/// A fresh directory under /tmp, mode 0755 as the checks on state and netns directories
/// expect, removed with everything in it when the test ends.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/docknet-unit.XXXXXX";
    if (!mkdtemp(tmpl)) std::abort();
    path = tmpl;
    chmod(path.c_str(), 0755);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace docknet::fakes
