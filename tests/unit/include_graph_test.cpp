#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

// The layering of design.md §4.1 and the absence of include cycles, checked on every unit run
// by scripts/include-graph (it reads the sources, so it costs a few milliseconds).
TEST_CASE("no include cycles and no include against the layering", "[layers]") {
  std::string script = std::string(DOCKNET_SOURCE_DIR) + "/scripts/include-graph";
  std::string command = "python3 '" + script + "' '" + DOCKNET_SOURCE_DIR + "' >/dev/null";
  int status = std::system(command.c_str());
  if (status != 0) WARN("run " + script + " to see the cycle or the edge");
  CHECK(status == 0);
}
