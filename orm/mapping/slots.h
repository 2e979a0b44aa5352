// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstring>
#include <new>
#include <utility>

namespace orm::detail {

// How a baseline (detail::Snapshot) keeps a value of type M: every loaded row keeps one per
// column, so the form matters. By default the value itself.
template<class M>
struct ValueSlot
{
    static void create(void *slot, const M &v) { new (slot) M(v); }
    static void destroy(void *slot) { static_cast<M *>(slot)->~M(); }
    static const M &get(const void *slot) { return *static_cast<const M *>(slot); }
    static bool equals(const void *slot, const M &v) { return v == get(slot); }
    static void assign(void *slot, const M &v) { *static_cast<M *>(slot) = v; }
    static void assign(void *slot, M &&v) { *static_cast<M *>(slot) = std::move(v); }
    static constexpr size_t size = sizeof(M);
    static constexpr size_t align = alignof(M);
};

// A QString in 12 bytes, 4-aligned, instead of 24: the string's shared block, where its
// characters start in it and its length, holding a reference to the block as a copy of the
// QString would. That describes every string read from a database: its characters start right
// after the block's header, or, for the short texts of a row that share one block
// (detail::RowText), less than 2^14 characters past it with fewer than 2^16 characters. Any
// other string keeps its own form: one without a block (null, empty, or raw data) as its
// characters' address, one whose characters start further into the block, or too long for its
// form, as a copy on the heap.
class StringSlot
{
public:
    static constexpr size_t size = 12;
    static constexpr size_t align = 4;

    static void create(void *slot, const QString &s)
    {
        const QString::DataPointer &dp = s.data_ptr();
        // (d_ptr() has no const overload; the block is only referenced, not changed.)
        QTypedArrayData<char16_t> *d = const_cast<QString::DataPointer &>(dp).d_ptr();
        const qsizetype at = d ? dp.freeSpaceAtBegin() : 0;
        if (s.size() >= MaxSize) {
            store(slot, new QString(s), Kind::Boxed, 0);
        } else if (!d) {
            store(slot, const_cast<char16_t *>(dp.data()), Kind::Raw, s.size());
        } else if (at == 0) {
            d->ref();
            store(slot, d, Kind::Shared, s.size());
        } else if (at < MaxStart && s.size() < MaxSharedAtSize) {
            d->ref();
            store(slot, d, Kind::SharedAt, s.size() | (at << SharedAtShift));
        } else {
            store(slot, new QString(s), Kind::Boxed, 0);
        }
    }

    static void destroy(void *slot)
    {
        switch (kind(slot)) {
        case Kind::Shared:
        case Kind::SharedAt:
            // Adopted by a QString, which drops the reference (and frees an unshared block).
            (void)adopt(slot);
            break;
        case Kind::Boxed:
            delete static_cast<QString *>(pointer(slot));
            break;
        case Kind::Raw:
            break;
        }
    }

    static QString get(const void *slot)
    {
        switch (kind(slot)) {
        case Kind::Shared:
        case Kind::SharedAt:
            static_cast<QTypedArrayData<char16_t> *>(pointer(slot))->ref();
            return adopt(slot);
        case Kind::Boxed:
            return *static_cast<const QString *>(pointer(slot));
        case Kind::Raw:
            break;
        }
        return QString(
            QString::DataPointer(nullptr, static_cast<char16_t *>(pointer(slot)), length(slot)));
    }

    // As QString's ==: a null string equals an empty one.
    static bool equals(const void *slot, const QString &s)
    {
        if (kind(slot) == Kind::Boxed)
            return *static_cast<const QString *>(pointer(slot)) == s;
        return view(slot) == QStringView(s);
    }

    static void assign(void *slot, const QString &s)
    {
        destroy(slot);
        create(slot, s);
    }

private:
    enum class Kind : quint32 { Raw = 0, Shared = 1, Boxed = 2, SharedAt = 3 };
    static constexpr quint32 KindShift = 30;
    static constexpr qsizetype MaxSize = qsizetype(1) << KindShift;
    // SharedAt: the length in the low 16 bits, where the characters start in the next 14.
    static constexpr quint32 SharedAtShift = 16;
    static constexpr qsizetype MaxSharedAtSize = qsizetype(1) << SharedAtShift;
    static constexpr qsizetype MaxStart = qsizetype(1) << (KindShift - SharedAtShift);

    static void store(void *slot, void *p, Kind k, qsizetype n)
    {
        const quint32 bits = quint32(n) | (quint32(k) << KindShift);
        std::memcpy(slot, &p, sizeof p);
        std::memcpy(static_cast<char *>(slot) + sizeof p, &bits, sizeof bits);
    }
    static void *pointer(const void *slot)
    {
        void *p;
        std::memcpy(&p, slot, sizeof p);
        return p;
    }
    static quint32 bits(const void *slot)
    {
        quint32 b;
        std::memcpy(&b, static_cast<const char *>(slot) + sizeof(void *), sizeof b);
        return b;
    }
    static Kind kind(const void *slot) { return Kind(bits(slot) >> KindShift); }
    static qsizetype length(const void *slot)
    {
        const quint32 b = bits(slot);
        return Kind(b >> KindShift) == Kind::SharedAt ? b & (MaxSharedAtSize - 1)
                                                      : b & (MaxSize - 1);
    }
    // Where the characters start in the block (Shared, SharedAt).
    static qsizetype start(const void *slot)
    {
        const quint32 b = bits(slot);
        return Kind(b >> KindShift) == Kind::SharedAt ? (b & (MaxSize - 1)) >> SharedAtShift : 0;
    }
    static char16_t *characters(QTypedArrayData<char16_t> *d)
    {
        return QTypedArrayData<char16_t>::dataStart(
            d, alignof(QTypedArrayData<char16_t>::AlignmentDummy));
    }
    // Shared or raw characters (not Boxed).
    static QStringView view(const void *slot)
    {
        void *p = pointer(slot);
        if (kind(slot) != Kind::Raw)
            p = characters(static_cast<QTypedArrayData<char16_t> *>(p)) + start(slot);
        return QStringView(static_cast<const char16_t *>(p), length(slot));
    }
    // A QString that takes over one reference to the slot's block.
    static QString adopt(const void *slot)
    {
        auto *d = static_cast<QTypedArrayData<char16_t> *>(pointer(slot));
        return QString(QString::DataPointer(d, characters(d) + start(slot), length(slot)));
    }
};

template<class M>
struct SlotOf
{
    using type = ValueSlot<M>;
};
template<>
struct SlotOf<QString>
{
    using type = StringSlot;
};

} // namespace orm::detail
