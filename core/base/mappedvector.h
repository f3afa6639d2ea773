#pragma once

// A growable array of plain items whose growth copies nothing and whose spare room costs no
// memory: past 64 KiB its items live in an anonymous mapping that grows with mremap(2) (the
// kernel moves page tables, not bytes) and whose unused pages are never touched. A
// std::vector of a million items holds up to twice that while it grows, and three times at
// the moment it moves; this holds what it holds. Small arrays stay on the heap, so that
// thousands of them do not use up the kernel's mappings.

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

namespace interleave {

template <typename T> class MappedVector
{
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    static constexpr std::size_t kMapFrom = 64 * 1024; // bytes

    MappedVector() = default;
    ~MappedVector() { release(); }
    MappedVector(const MappedVector &) = delete;
    MappedVector &operator=(const MappedVector &) = delete;
    // Moved, the items stay where they are: views of them stay valid.
    MappedVector(MappedVector &&other) noexcept { swap(other); }
    MappedVector &operator=(MappedVector &&other) noexcept
    {
        MappedVector gone(std::move(other));
        swap(gone);
        return *this;
    }
    void swap(MappedVector &other) noexcept
    {
        std::swap(m_items, other.m_items);
        std::swap(m_size, other.m_size);
        std::swap(m_capacity, other.m_capacity);
        std::swap(m_bytes, other.m_bytes);
        std::swap(m_mapped, other.m_mapped);
    }

    T *data() { return m_items; }
    const T *data() const { return m_items; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T *begin() { return m_items; }
    T *end() { return m_items + m_size; }
    const T &back() const { return m_items[m_size - 1]; }
    operator std::span<const T>() const { return {m_items, m_size}; }

    void push_back(const T &item)
    {
        if (m_size == m_capacity) [[unlikely]]
            grow(m_size + 1);
        std::memcpy(static_cast<void *>(m_items + m_size), &item, sizeof(T));
        ++m_size;
    }

    void insert(T *at, const T &item)
    {
        const std::size_t index = std::size_t(at - m_items);
        push_back(item); // room, and the last item's place
        std::memmove(static_cast<void *>(m_items + index + 1), m_items + index,
                     (m_size - 1 - index) * sizeof(T));
        std::memcpy(static_cast<void *>(m_items + index), &item, sizeof(T));
    }

    void assign(std::span<const T> items)
    {
        m_size = 0;
        if (items.size() > m_capacity)
            grow(items.size());
        if (!items.empty())
            std::memcpy(static_cast<void *>(m_items), items.data(), items.size() * sizeof(T));
        m_size = items.size();
    }

    // Empty, and its memory given back.
    void release()
    {
        if (m_mapped)
            ::munmap(m_items, m_bytes);
        else
            std::free(m_items);
        m_items = nullptr;
        m_size = m_capacity = m_bytes = 0;
        m_mapped = false;
    }

private:
    void grow(std::size_t needed)
    {
        const std::size_t page = 4096;
        std::size_t bytes = std::max({needed * sizeof(T), m_bytes * 2, sizeof(T) * 16});
        if (bytes >= kMapFrom)
            bytes = (bytes + page - 1) / page * page;
        void *memory = MAP_FAILED;
        if (m_mapped) {
            memory = ::mremap(m_items, m_bytes, bytes, MREMAP_MAYMOVE);
        } else if (bytes >= kMapFrom) {
            memory =
                ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (memory != MAP_FAILED) {
                if (m_size > 0)
                    std::memcpy(memory, m_items, m_size * sizeof(T));
                std::free(m_items);
                m_mapped = true;
            }
        }
        // Small, or no mapping to be had (past the kernel's limit): the heap.
        if (memory == MAP_FAILED && !m_mapped) {
            memory = std::realloc(m_items, bytes);
            if (memory == nullptr)
                memory = MAP_FAILED;
        }
        if (memory == MAP_FAILED)
            throw std::bad_alloc();
        m_items = static_cast<T *>(memory);
        m_bytes = bytes;
        m_capacity = bytes / sizeof(T);
    }

    T *m_items = nullptr;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
    std::size_t m_bytes = 0;
    bool m_mapped = false;
};

} // namespace interleave
