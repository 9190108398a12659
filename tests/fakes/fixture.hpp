#pragma once
#include <fmt/format.h>

#include "fakes/fake_kernel.hpp"
#include "lib/service/context.hpp"

namespace docknet::fakes {

/// Fakes wired into a ServiceContext, with a fixed clock and sequential IDs for golden output.
struct Fixture {
  FakeKernel kernel;
  MemoryStore store;
  store::DaemonConfig config;
  int next_id = 0;
  int64_t clock = 1795800000;  // 2026-11-27T17:20:00Z
  service::ServiceContext ctx{store,
                              kernel,
                              kernel,
                              kernel,
                              config,
                              [this] { return Timestamp{clock++, 123456789, 0}; },
                              [this] {
                                std::string id;
                                ++next_id;
                                for (int i = 0; i < 32; ++i) id += fmt::format("{:02x}", next_id + 0xa0);
                                return id;
                              },
                              [](const std::string&) {},
                              {}};
};

}  // namespace docknet::fakes
