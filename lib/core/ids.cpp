#include "lib/core/ids.hpp"

#include <sys/random.h>

#include <cerrno>

#include "lib/core/error.hpp"

namespace docknet {

std::string random_hex_id() {
  unsigned char buf[32];
  size_t got = 0;
  while (got < sizeof buf) {
    ssize_t n = getrandom(buf + got, sizeof buf - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw KernelError("read", "random bytes", errno);
    }
    got += static_cast<size_t>(n);
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : buf) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

}  // namespace docknet
