#pragma once

#include "blockpool.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>
#include <new>

namespace interleave {

// An append-only log with one writer and any number of readers, none of which ever lock.
// Items live in chunks that never move, so a reader may read every item the writer has
// published (release/acquire on the count) while the writer appends more. Chunks grow
// geometrically so that thousands of short-lived threads cost little memory each while a long
// run does few allocations.
template <typename T> class AppendLog
{
    // A full-size chunk's items live in a block of blockpool, whose pages are all faulted in
    // before the chunk is needed (a page fault taken one page at a time as the log grows
    // costs more than the append itself, and far more on a VM). Smaller chunks (the first
    // ones of every thread's log, of which a run may have 200,000) come from the heap, as
    // does any chunk the kernel will not map (past its limit on mappings).

    struct Chunk
    {
        explicit Chunk(std::size_t cap) : capacity(cap)
        {
            if (cap == kMaxChunk)
                items = static_cast<T *>(blockpool::take());
            mapped = items != nullptr;
            if (!mapped)
                items =
                    static_cast<T *>(::operator new(cap * sizeof(T), std::align_val_t(alignof(T))));
            // Raw memory: an item is made where it is pushed. Constructing a chunk's items up
            // front would be a second pass over it, 40 % of an append.
        }
        ~Chunk()
        {
            if (mapped)
                blockpool::give(items);
            else
                ::operator delete(items, std::align_val_t(alignof(T)));
        }
        Chunk(const Chunk &) = delete;
        Chunk &operator=(const Chunk &) = delete;
        const std::size_t capacity;
        T *items = nullptr;
        bool mapped = false;
        std::atomic<Chunk *> next{nullptr};
    };

public:
    static constexpr std::size_t kFirstChunk = 4;
    static constexpr std::size_t kMaxChunk = blockpool::kBlockBytes / sizeof(T);

    // Where a reader got to; one per reader.
    struct Cursor
    {
        const Chunk *chunk = nullptr;
        std::size_t offset = 0;   // within chunk
        std::size_t consumed = 0; // over the whole log
    };

    AppendLog() : m_head(new Chunk(kFirstChunk)), m_tail(m_head) {}
    ~AppendLog()
    {
        consume([](T &&) {});
    }
    AppendLog(const AppendLog &) = delete;
    AppendLog &operator=(const AppendLog &) = delete;

    // Writer only.
    template <typename U> void push(U &&value)
    {
        if (m_tailUsed == m_tail->capacity) [[unlikely]]
            grow();
        ::new (static_cast<void *>(m_tail->items + m_tailUsed)) T(std::forward<U>(value));
        ++m_tailUsed;
        m_size.store(m_published + 1, std::memory_order_release);
        ++m_published;
    }

    std::size_t size() const { return m_size.load(std::memory_order_acquire); }

    // Any thread: calls f(item) for every item published since the cursor, up to the
    // `upTo`th and before the first item `keep` refuses, and advances the cursor.
    template <typename Keep, typename F>
    void readWhile(Cursor &cursor, std::size_t upTo, Keep &&keep, F &&f) const
    {
        const std::size_t available = std::min(size(), upTo);
        if (cursor.chunk == nullptr)
            cursor.chunk = m_head;
        while (cursor.consumed < available) {
            if (cursor.offset == cursor.chunk->capacity) {
                cursor.chunk = cursor.chunk->next.load(std::memory_order_acquire);
                cursor.offset = 0;
            }
            const T &item = cursor.chunk->items[cursor.offset];
            if (!keep(item))
                return;
            f(item);
            ++cursor.offset;
            ++cursor.consumed;
        }
    }
    // Any thread: the published item `ahead` places past the cursor.
    const T &peek(const Cursor &cursor, std::size_t ahead) const
    {
        const Chunk *c = cursor.chunk != nullptr ? cursor.chunk : m_head;
        std::size_t at = cursor.offset + ahead;
        while (at >= c->capacity) {
            at -= c->capacity;
            c = c->next.load(std::memory_order_acquire);
        }
        return c->items[at];
    }

    // Writer done, no reader at work: calls f(item) for every item, moved out, in order, and
    // frees each chunk once read, so that what the items become never coexists with all of
    // them. The log is empty afterwards: readWhile finds nothing new, and no push may follow.
    template <typename F> void consume(F &&f)
    {
        std::size_t left = size();
        for (Chunk *c = m_head; c != nullptr;) {
            const std::size_t n = std::min(c->capacity, left);
            for (std::size_t i = 0; i < n; ++i)
                f(std::move(c->items[i]));
            std::destroy_n(c->items, n);
            left -= n;
            Chunk *next = c->next.load(std::memory_order_relaxed);
            delete c;
            c = next;
        }
        m_head = m_tail = nullptr;
        m_tailUsed = m_published = 0;
        m_size.store(0, std::memory_order_release);
    }

private:
    void grow()
    {
        // Straight to a full block once a quarter of one is outgrown: a chunk just short of it
        // would come from the heap, its pages faulted in one by one.
        const std::size_t next = m_tail->capacity * 4;
        auto *chunk = new Chunk(next * 4 > kMaxChunk ? kMaxChunk : next);
        m_tail->next.store(chunk, std::memory_order_release);
        m_tail = chunk;
        m_tailUsed = 0;
    }

    Chunk *m_head;
    // Writer-side state, never touched by readers.
    Chunk *m_tail;
    std::size_t m_tailUsed = 0;
    std::size_t m_published = 0;
    // Published item count; the only field readers and the writer share besides chunk links.
    alignas(64) std::atomic<std::size_t> m_size{0};
};

} // namespace interleave
