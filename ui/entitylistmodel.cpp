// SPDX-License-Identifier: MIT
#include "ui/entitylistmodel.h"

#include "orm/mapping/automap.h"
#include "ui/backgroundreader.h"
#include "ui/document.h"
#include "ui/theme.h"
#include "ui/valueformatter.h"

#include <QFont>
#include <QLocale>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ui {

EntityListModel::EntityListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void EntityListModel::setDocument(Document *document)
{
    beginResetModel();
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_entities = listedEntities();
    m_counts.clear();
    m_requests.clear();
    m_estimates.clear();
    m_staged.clear();
    endResetModel();
    if (!document)
        return;
    connect(document->backgroundReader(), &BackgroundReader::countReady, this,
            &EntityListModel::onCountReady);
    connect(document->backgroundReader(), &BackgroundReader::countEstimated, this,
            &EntityListModel::onCountEstimated);
    connect(document, &Document::committed, this, &EntityListModel::refreshCounts);
    connect(document, &Document::changesUpdated, this, &EntityListModel::onChangesUpdated);
    refreshCounts();
}

QList<const orm::EntityMeta *> EntityListModel::listedEntities() const
{
    if (!m_document)
        return {};
    const DatabaseSchema &schema = m_document->schema();
    QList<const orm::EntityMeta *> out;
    QList<const orm::EntityMeta *> bookkeeping;
    for (const orm::EntityMeta *meta : schema.entities) {
        // (Typed models are the application's own, whatever their names.)
        if (schema.metadata && !orm::bookkeepingOwner(meta->tableName()).isEmpty())
            bookkeeping << meta;
        else
            out << meta;
    }
    if (m_showLinkTables)
        out += schema.linkEntities;
    if (!bookkeeping.isEmpty())
        out += QList<const orm::EntityMeta *> {nullptr} + bookkeeping;
    return out;
}

void EntityListModel::setShowLinkTables(bool show)
{
    if (show == m_showLinkTables)
        return;
    beginResetModel();
    m_showLinkTables = show;
    m_entities = listedEntities();
    endResetModel();
    refreshCounts();
}

void EntityListModel::refreshCounts()
{
    if (!m_document)
        return;
    m_requests.clear();
    for (const orm::EntityMeta *meta : m_entities) {
        // (The bookkeeping tables' heading is no table. A view that cannot be read is not
        // counted.)
        if (meta && meta->table().error().isEmpty())
            m_requests.insert(m_document->backgroundReader()->requestCount(*meta), meta);
    }
}

void EntityListModel::onCountEstimated(quint64 id, qint64 estimate)
{
    const orm::EntityMeta *meta = m_requests.value(id);
    if (!meta)
        return;
    m_estimates.insert(meta, estimate);
    const int row = rowOf(meta);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void EntityListModel::onCountReady(quint64 id, qint64 count, const QString &)
{
    const orm::EntityMeta *meta = m_requests.take(id);
    if (!meta)
        return;
    m_counts.insert(meta, count);
    const int row = rowOf(meta);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void EntityListModel::onChangesUpdated()
{
    QHash<const orm::EntityMeta *, std::pair<int, int>> staged;
    for (const orm::PendingChange &c : m_document->pendingChanges()) {
        if (c.kind == orm::PendingChange::Kind::New)
            ++staged[&c.object->entityMeta()].first;
        else if (c.kind == orm::PendingChange::Kind::Deleted)
            ++staged[&c.object->entityMeta()].second;
    }
    if (staged == m_staged)
        return;
    m_staged = staged;
    if (!m_entities.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int EntityListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entities.size());
}

int EntityListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const orm::EntityMeta *EntityListModel::entityAt(int row) const
{
    return row >= 0 && row < m_entities.size() ? m_entities.at(row) : nullptr;
}

int EntityListModel::rowOf(const orm::EntityMeta *meta) const
{
    return meta ? int(m_entities.indexOf(meta)) : -1;
}

Qt::ItemFlags EntityListModel::flags(const QModelIndex &index) const
{
    if (index.isValid() && index.row() < m_entities.size() && !m_entities.at(index.row()))
        return Qt::ItemIsEnabled; // the heading
    return QAbstractTableModel::flags(index);
}

QVariant EntityListModel::headingData(const QModelIndex &index, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return index.column() == NameColumn ? tr("Kept by frameworks") : QVariant();
    case Qt::ToolTipRole:
        return tr("Tables that web frameworks and migration tools keep for themselves "
                  "(migrations applied, content types, sessions): read-only unless unlocked "
                  "from the table's context menu");
    case Qt::FontRole: {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    case Qt::ForegroundRole:
        return QPalette().color(QPalette::PlaceholderText);
    default:
        return {};
    }
}

QVariant EntityListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const orm::EntityMeta *meta = m_entities.at(index.row());
    if (!meta)
        return headingData(index, role);
    const qint64 n = m_counts.value(meta, -1);
    const bool counting = n < 0 && !m_counts.contains(meta);
    const qint64 estimate = counting ? m_estimates.value(meta, -1) : -1;
    const auto staged = m_staged.value(meta);
    const QString unreadable = meta->table().error();
    const QList<orm::Trigger> triggers = m_document->triggers(*meta);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return meta->displayName();
        if (!unreadable.isEmpty())
            return QString(QChar(0x2014));
        if (estimate >= 0)
            return tr("≈ %1").arg(ValueFormatter::roughCount(estimate));
        if (n < 0) // "?": the count failed or was cancelled
            return QString(counting ? QChar(0x2026) : QChar(u'?'));
        if (staged.first > 0 || staged.second > 0) {
            QString text = QLocale().toString(n);
            if (staged.first > 0)
                text += u" +"_s + QString::number(staged.first);
            if (staged.second > 0)
                text += u" \u2212"_s + QString::number(staged.second);
            return text;
        }
        return QLocale().toString(n);
    case Qt::DecorationRole:
        if (index.column() != NameColumn)
            return {};
        if (!unreadable.isEmpty()
            || std::any_of(triggers.begin(), triggers.end(),
                           [](const orm::Trigger &t) { return !t.error.isEmpty(); }))
            return Theme::icon(Theme::Icon::Warning);
        if (!triggers.isEmpty())
            return Theme::icon(Theme::Icon::Trigger);
        return Theme::icon(Theme::Icon::Table);
    case Qt::ToolTipRole: {
        QString tip = !unreadable.isEmpty()
            ? tr("%1 cannot be read: %2").arg(meta->displayName(), unreadable)
            : n < 0
            ? (estimate >= 0 ? tr("%1: about %2 rows (the server's estimate), counting…")
                                   .arg(meta->displayName(), QLocale().toString(estimate))
                   : counting
                   ? tr("%1: counting rows…").arg(meta->displayName())
                   : tr("%1: not counted. View > Reload counts again.").arg(meta->displayName()))
            : tr("%1: %n row(s) in the database", nullptr, int(qMin<qint64>(n, INT_MAX)))
                  .arg(meta->displayName());
        if (staged.first > 0)
            tip += u'\n' + tr("%n new, not committed yet", nullptr, staged.first);
        if (staged.second > 0)
            tip += u'\n' + tr("%n to be deleted on commit", nullptr, staged.second);
        if (meta->isReadOnly() && unreadable.isEmpty())
            tip += u'\n'
                + (meta->readOnlyReason().isEmpty()
                       ? tr("Read-only")
                       : tr("Read-only: %1").arg(meta->readOnlyReason()));
        if (!triggers.isEmpty())
            tip += u"\n\n"_s + triggerDetails(triggers);
        return tip;
    }
    case Qt::TextAlignmentRole:
        if (index.column() == CountColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        // Read-only entities (views, tables without a key) look muted; the tooltip says why.
        if (index.column() == NameColumn ? meta->isReadOnly()
                                         : staged.first == 0 && staged.second == 0)
            return QPalette().color(QPalette::PlaceholderText);
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == NameColumn) {
            QString text = meta->isReadOnly() ? tr("%1, read-only").arg(meta->displayName())
                                              : meta->displayName();
            if (!triggers.isEmpty())
                text += tr(", with triggers");
            return text;
        }
        return n < 0 ? tr("counting") : tr("%Ln row(s)", nullptr, int(qMin<qint64>(n, INT_MAX)));
    case CountRole:
        return n;
    case TriggersRole:
        return triggers.isEmpty() ? QString() : triggerDetails(triggers);
    default:
        return {};
    }
}

QString EntityListModel::triggerDetails(const QList<orm::Trigger> &triggers)
{
    QString text = tr("Triggers: they run whenever rows are written, by Rowsmith too, and may "
                      "write elsewhere.");
    for (const orm::Trigger &t : triggers) {
        text += u"\n\n"_s + t.name;
        if (!t.error.isEmpty())
            text += u" \u2014 "_s + tr("cannot run: %1").arg(t.error);
        // Long bodies are cut: a tooltip is not a listing.
        QString sql = t.sql.trimmed();
        if (sql.size() > 600)
            sql = sql.left(600) + QChar(0x2026);
        text += u'\n' + sql;
    }
    return text;
}

QVariant EntityListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Table") : tr("Rows");
}

} // namespace ui
