#pragma once

#include <cstddef>

namespace interleave::blockpool {

// Blocks of memory for the recorder's logs, each with every page already faulted in. On a VM
// the first touch of a page costs the host a fault too: writing a span into fresh memory took
// 20-30 ns there, against 1 ns into memory touched before. So a background thread maps the
// next block while the current one fills, and blocks a finished log frees are kept for the
// next one: the recording thread itself never waits for the kernel.
inline constexpr std::size_t kBlockBytes = std::size_t(2) << 20;

// A block of kBlockBytes, ready; nullptr when the kernel refuses the memory.
void *take();
// Hands a block back from take(): kept for reuse, or unmapped.
void give(void *block);

} // namespace interleave::blockpool
