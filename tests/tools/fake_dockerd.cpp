// fake-dockerd SOCKET: answers every connection on the unix socket SOCKET as Docker's API
// answers GET /_ping, until killed. The e2e tests use it to prove that docknet refuses to
// change networks while a Docker daemon runs (issue 10), without running Docker.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fake-dockerd SOCKET\n");
    return 2;
  }
  int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, argv[1], sizeof(addr.sun_path) - 1);
  unlink(argv[1]);
  if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(listener, 16) != 0) {
    std::perror("fake-dockerd");
    return 1;
  }
  static const char kReply[] =
      "HTTP/1.1 200 OK\r\nApi-Version: 1.51\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Server: Docker/28.5.2 (linux)\r\nContent-Length: 2\r\n\r\nOK";
  for (;;) {
    int c = accept(listener, nullptr, nullptr);
    if (c < 0) continue;
    char buf[512];
    (void)!read(c, buf, sizeof(buf));
    (void)!write(c, kReply, sizeof(kReply) - 1);
    close(c);
  }
}
