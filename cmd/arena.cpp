// docknet's allocator: a bump arena over memory mapped with MAP_POPULATE, bounded.
//
// Each docknet call lives a few milliseconds and allocates a bounded amount (the state and its
// output). On virtual machines a page fault costs several microseconds, and a `ls` of 100
// networks took ~200 of them through malloc's brk heap. Populating the arena 512 KiB at a time
// replaces those faults; freeing arena memory is a no-op because the process exits right after
// the command.
//
// A bump arena that never frees grows with everything a call ever allocated, so a long template
// run (issue 9: a legal {{define}}/{{template}} doubling reached 12.9 GB) would keep every
// temporary string. The arena is therefore one reserved range of kArenaSize bytes: small
// allocations bump inside it; allocations of kLarge bytes or more, and every allocation once the
// range is used up, go to malloc, whose blocks operator delete really frees. A pointer belongs
// to the arena exactly when it lies in the reserved range, so delete costs one comparison.
// Only the docknet executable links this file; the test binaries keep the normal allocator.
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t kArenaSize = std::size_t(32) << 20;  // reserved once, never more
constexpr std::size_t kChunk = std::size_t(1) << 19;       // populated 512 KiB at a time
constexpr std::size_t kLarge = std::size_t(1) << 16;       // 64 KiB and up: malloc, freed
constexpr std::size_t kAlign = alignof(std::max_align_t);

char* base = nullptr;       // the reserved range [base, end)
char* end = nullptr;
char* cursor = nullptr;     // next free byte
char* populated = nullptr;  // [base, populated) is backed by populated pages
bool reserve_failed = false;

bool in_arena(void* p) { return p >= static_cast<void*>(base) && p < static_cast<void*>(end); }

void* from_malloc(std::size_t size, std::size_t align) {
  void* p = nullptr;
  if (align <= kAlign) p = std::malloc(size ? size : 1);
  else if (posix_memalign(&p, align, size ? size : 1) != 0) p = nullptr;
  if (!p) throw std::bad_alloc();
  return p;
}

void* take(std::size_t size, std::size_t align) {
  if (align < kAlign) align = kAlign;
  if (size == 0) size = 1;
  if (size >= kLarge || align > kChunk) return from_malloc(size, align);
  if (!base && !reserve_failed) {
    void* p = mmap(nullptr, kArenaSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      reserve_failed = true;
    } else {
      base = cursor = populated = static_cast<char*>(p);
      end = base + kArenaSize;
    }
  }
  if (!base) return from_malloc(size, align);
  auto at = reinterpret_cast<std::uintptr_t>(cursor);
  char* out = reinterpret_cast<char*>((at + align - 1) & ~(align - 1));
  if (out + size > end) return from_malloc(size, align);  // the arena is used up: malloc from now on
  while (out + size > populated) {
    // Fault the next chunk in with one call instead of one fault per page.
    std::size_t n = static_cast<std::size_t>(end - populated) < kChunk ? static_cast<std::size_t>(end - populated) : kChunk;
    if (mmap(populated, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE, -1, 0) == MAP_FAILED)
      return from_malloc(size, align);
    populated += n;
  }
  cursor = out + size;
  return out;
}

void give_back(void* p) {
  if (p && !in_arena(p)) std::free(p);
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
void operator delete(void* p) noexcept { give_back(p); }
void operator delete[](void* p) noexcept { give_back(p); }
void operator delete(void* p, std::size_t) noexcept { give_back(p); }
void operator delete[](void* p, std::size_t) noexcept { give_back(p); }
void operator delete(void* p, std::align_val_t) noexcept { give_back(p); }
void operator delete[](void* p, std::align_val_t) noexcept { give_back(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { give_back(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { give_back(p); }
