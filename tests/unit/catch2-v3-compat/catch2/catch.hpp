// Catch2 3 seen through Catch2 2's single header: the unit tests include <catch2/catch.hpp>
// and use the few v2 names below. CMake puts this directory first on the include path only
// when it finds Catch2 3 (Debian 13's libcatch2-dev); with Catch2 2 (Debian 12) the real
// header is used and this file is not seen.
#pragma once
#include <catch2/catch_all.hpp>

#include <string>

namespace Catch {
// v2's string matchers lived in namespace Catch; v3 renamed Contains to ContainsSubstring.
inline Matchers::StringContainsMatcher Contains(const std::string& str, CaseSensitive cs = CaseSensitive::Yes) {
  return Matchers::ContainsSubstring(str, cs);
}
using Matchers::EndsWith;
using Matchers::Matches;
using Matchers::StartsWith;
}  // namespace Catch
