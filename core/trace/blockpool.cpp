#include "blockpool.h"

#include <atomic>
#include <mutex>
#include <system_error>
#include <thread>

#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>

namespace interleave::blockpool {

namespace {

void *mapBlock()
{
    void *block = ::mmap(nullptr, kBlockBytes, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (block == MAP_FAILED)
        return nullptr;
    // MAP_POPULATE has the kernel fault the pages in, through its own mapping of them. Under a
    // hypervisor that shadows page tables (this VM), the first write through this address
    // still faults, once per page: 1.7 GB/s against 20 GB/s once touched. So touch each page.
    auto *bytes = static_cast<volatile char *>(block);
    for (std::size_t at = 0; at < kBlockBytes; at += 4096)
        bytes[at] = 0;
    return block;
}

// One block ready (2 MiB standing once a log has filled its first block) is enough: the
// filler maps the next one while a thread writes the 87,000 spans of the current one. The
// slot is one atomic, so take() never waits: with a lock, a recording thread that found the
// filler holding it slept about a millisecond (a vCPU's wake-up here) per block.
class Pool
{
public:
    void *take()
    {
        std::call_once(m_started, [this] {
            // Started by the first log that grows this far, never before: workers and short
            // runs pay nothing. It lives as long as the process. Where no thread can be made
            // (a run of thousands at their limit), take() maps for itself.
            try {
                std::thread([this] { fill(); }).detach();
            } catch (const std::system_error &) {
            }
        });
        void *block = m_ready.exchange(nullptr, std::memory_order_acq_rel);
        m_ready.notify_one();
        return block != nullptr ? block : mapBlock();
    }

    void give(void *block)
    {
        void *empty = nullptr;
        if (!m_ready.compare_exchange_strong(empty, block, std::memory_order_acq_rel))
            ::munmap(block, kBlockBytes);
    }

private:
    void fill()
    {
        // Only on a CPU with nothing else to do: woken by a recording thread, it would
        // otherwise be put on that thread's CPU and take it away for a millisecond a block.
        // With every CPU busy it never runs, and take() maps for itself, as without it.
        const sched_param idle{};
        pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle);
        for (;;) {
            if (void *ready = m_ready.load(std::memory_order_acquire)) {
                m_ready.wait(ready, std::memory_order_acquire);
                continue;
            }
            void *block = mapBlock();
            if (block == nullptr)
                return; // out of memory: take() maps (or fails) on its own from now on
            give(block);
        }
    }

    std::once_flag m_started;
    std::atomic<void *> m_ready{nullptr};
};

// Never destroyed: logs freed by static destructors may still give blocks back.
Pool &pool()
{
    static Pool *p = new Pool;
    return *p;
}

} // namespace

void *take()
{
    return pool().take();
}

void give(void *block)
{
    pool().give(block);
}

} // namespace interleave::blockpool
