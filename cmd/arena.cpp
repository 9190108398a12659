// docknet's allocator: a bump arena over memory mapped with MAP_POPULATE.
//
// Each docknet call lives a few milliseconds and allocates a bounded amount (the state and its
// output). On virtual machines a page fault costs several microseconds, and a `ls` of 100
// networks took ~200 of them through malloc's brk heap. Populating the arena in one mmap
// replaces those faults; freeing is a no-op because the process exits right after the command.
// Only the docknet executable links this file; the test binaries keep the normal allocator.
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t kChunk = std::size_t(1) << 19;  // populated up front, 1 MiB at a time
constexpr std::size_t kAlign = alignof(std::max_align_t);

char* cursor = nullptr;
char* limit = nullptr;

void* take(std::size_t size, std::size_t align) {
  if (align < kAlign) align = kAlign;
  if (size == 0) size = 1;
  auto aligned = [&] { return reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(cursor) + align - 1) & ~(align - 1)); };
  if (!cursor || aligned() + size > limit) {
    std::size_t want = size + align > kChunk ? size + align : kChunk;
    void* p = mmap(nullptr, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    cursor = static_cast<char*>(p);
    limit = cursor + want;
  }
  char* out = aligned();
  cursor = out + size;
  return out;
}

}  // namespace

void* operator new(std::size_t size) { return take(size, kAlign); }
void* operator new[](std::size_t size) { return take(size, kAlign); }
void* operator new(std::size_t size, std::align_val_t a) { return take(size, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t size, std::align_val_t a) { return take(size, static_cast<std::size_t>(a)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return take(size, kAlign);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void*) noexcept {}
void operator delete[](void*) noexcept {}
void operator delete(void*, std::size_t) noexcept {}
void operator delete[](void*, std::size_t) noexcept {}
void operator delete(void*, std::align_val_t) noexcept {}
void operator delete[](void*, std::align_val_t) noexcept {}
void operator delete(void*, std::size_t, std::align_val_t) noexcept {}
void operator delete[](void*, std::size_t, std::align_val_t) noexcept {}
