/* libnl-3.a references these glibc NSS functions from helpers docknet never calls. In a
 * static binary they would dlopen libnss_*.so at run time; strong stubs keep them out of the
 * link, so -Wl,--fatal-warnings can guard against anyone adding an NSS call later. */
#include <errno.h>
#include <netdb.h>
#include <stddef.h>

int getaddrinfo(const char* node, const char* service, const struct addrinfo* hints,
                struct addrinfo** res) {
  (void)node; (void)service; (void)hints; (void)res;
  errno = ENOSYS;
  return EAI_SYSTEM;
}
struct protoent* getprotobyname(const char* name) { (void)name; return NULL; }
struct protoent* getprotobynumber(int proto) { (void)proto; return NULL; }
