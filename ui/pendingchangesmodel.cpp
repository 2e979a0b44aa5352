// SPDX-License-Identifier: MIT
#include "ui/pendingchangesmodel.h"

#include "orm/mapping/relationship.h"
#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/stagedvalidator.h"
#include "ui/theme.h"
#include "ui/valueformatter.h"

#include <QApplication>
#include <QFont>

using namespace Qt::StringLiterals;

namespace ui {

using Kind = orm::PendingChange::Kind;

PendingChangesModel::PendingChangesModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

void PendingChangesModel::setDocument(Document *document)
{
    beginResetModel();
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_entries.clear();
    endResetModel();
    if (!document)
        return;
    connect(document, &Document::changesUpdated, this, &PendingChangesModel::rebuild);
    connect(document->validator(), &StagedValidator::errorsChanged, this, [this] {
        if (!m_entries.empty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_entries.size()) - 1, ColumnCount - 1));
    });
    rebuild();
}

QString PendingChangesModel::keyOf(const orm::PendingChange &c)
{
    QString key =
        QString::number(int(c.kind)) + u':' + QString::number(quintptr(c.object.get()), 16);
    if (c.relationship)
        key += u':' + c.relationship->qualifiedName() + u':'
            + QString::number(quintptr(c.related.get()), 16);
    return key;
}

QList<int> PendingChangesModel::fieldsOf(const orm::PendingChange &c) const
{
    if (c.kind == Kind::Modified)
        return c.columns;
    if (c.kind != Kind::New)
        return {};
    QList<int> out;
    const orm::EntityMeta &meta = c.object->entityMeta();
    for (int i = 0; i < meta.columnCount(); ++i) {
        if (EntityCatalog::isGeneratedKey(meta, i) && meta.isKeyUnset(*c.object))
            continue;
        if (!c.object->value(i).isNull() || m_document->validator()->error(*c.object, i).size() > 0)
            out << i;
    }
    return out;
}

void PendingChangesModel::rebuild()
{
    std::vector<Entry> incoming;
    for (const orm::PendingChange &c : m_document->pendingChanges()) {
        Entry e;
        e.key = keyOf(c);
        e.change = c;
        e.fields = fieldsOf(c);
        incoming.push_back(std::move(e));
    }
    auto findKey = [](const std::vector<Entry> &list, const QString &key) {
        return std::find_if(list.begin(), list.end(),
                            [&key](const Entry &e) { return e.key == key; });
    };
    for (size_t i = m_entries.size(); i-- > 0;) {
        if (findKey(incoming, m_entries[i].key) == incoming.end()) {
            beginRemoveRows(QModelIndex(), int(i), int(i));
            m_entries.erase(m_entries.begin() + qsizetype(i));
            endRemoveRows();
        }
    }
    for (size_t row = 0; row < m_entries.size(); ++row) {
        Entry &current = m_entries[row];
        const Entry &next = *findKey(incoming, current.key);
        current.change = next.change;
        const QModelIndex parent = index(int(row), 0);
        if (current.fields != next.fields) {
            if (!current.fields.isEmpty()) {
                beginRemoveRows(parent, 0, int(current.fields.size()) - 1);
                current.fields.clear();
                endRemoveRows();
            }
            if (!next.fields.isEmpty()) {
                beginInsertRows(parent, 0, int(next.fields.size()) - 1);
                current.fields = next.fields;
                endInsertRows();
            }
        } else if (!current.fields.isEmpty()) {
            Q_EMIT dataChanged(index(0, 0, parent),
                               index(int(current.fields.size()) - 1, ColumnCount - 1, parent));
        }
        Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
    }
    std::vector<Entry> added;
    for (Entry &e : incoming) {
        if (findKey(m_entries, e.key) == m_entries.end()) {
            e.id = m_nextId++;
            added.push_back(std::move(e));
        }
    }
    if (!added.empty()) {
        const int first = int(m_entries.size());
        beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
        for (Entry &e : added)
            m_entries.push_back(std::move(e));
        endInsertRows();
    }
}

int PendingChangesModel::rowOfId(quintptr id) const
{
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].id == id)
            return int(i);
    }
    return -1;
}

QModelIndex PendingChangesModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (row >= int(m_entries.size()))
            return {};
        return createIndex(row, column, quintptr(0));
    }
    if (parent.internalId() != 0 || parent.row() >= int(m_entries.size()))
        return {};
    const Entry &e = m_entries[size_t(parent.row())];
    if (row >= e.fields.size())
        return {};
    return createIndex(row, column, e.id);
}

QModelIndex PendingChangesModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    const int row = rowOfId(child.internalId());
    return row < 0 ? QModelIndex() : createIndex(row, 0, quintptr(0));
}

int PendingChangesModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_entries.size());
    if (parent.internalId() != 0 || parent.column() != 0 || parent.row() >= int(m_entries.size()))
        return 0;
    return int(m_entries[size_t(parent.row())].fields.size());
}

int PendingChangesModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

Qt::ItemFlags PendingChangesModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() != 0)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

std::shared_ptr<orm::Entity> PendingChangesModel::objectAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const int row = index.internalId() == 0 ? index.row() : rowOfId(index.internalId());
    return row < 0 ? nullptr : m_entries[size_t(row)].change.object;
}

int PendingChangesModel::fieldAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == 0)
        return -1;
    const int row = rowOfId(index.internalId());
    if (row < 0)
        return -1;
    return m_entries[size_t(row)].fields.value(index.row(), -1);
}

orm::PendingChange::Kind PendingChangesModel::kindAt(const QModelIndex &index) const
{
    const int row = index.internalId() == 0 ? index.row() : rowOfId(index.internalId());
    return row < 0 ? Kind::Modified : m_entries[size_t(row)].change.kind;
}

bool PendingChangesModel::canRevert(const QModelIndex &index) const
{
    if (!index.isValid() || !m_document)
        return false;
    if (index.internalId() == 0)
        return true;
    return kindAt(index) == Kind::Modified;
}

void PendingChangesModel::revert(const QModelIndex &index)
{
    if (!canRevert(index))
        return;
    const int row = index.internalId() == 0 ? index.row() : rowOfId(index.internalId());
    if (row < 0)
        return;
    const orm::PendingChange change = m_entries[size_t(row)].change;
    switch (change.kind) {
    case Kind::Linked:
        if (change.relationship && change.related)
            m_document->unlink(change.object, *change.relationship, change.related);
        break;
    case Kind::Unlinked:
        if (change.relationship && change.related)
            m_document->link(change.object, *change.relationship, change.related);
        break;
    default:
        m_document->revert(change.object, fieldAt(index));
        break;
    }
}

QVariant PendingChangesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0)
        return entryData(m_entries[size_t(index.row())], index.column(), role);
    const int row = rowOfId(index.internalId());
    if (row < 0)
        return {};
    const Entry &e = m_entries[size_t(row)];
    return fieldData(e, e.fields.value(index.row(), -1), index.column(), role);
}

QVariant PendingChangesModel::entryData(const Entry &entry, int column, int role) const
{
    const orm::PendingChange &c = entry.change;
    const orm::EntityMeta &meta = c.object->entityMeta();
    const QString label = EntityCatalog::labelOf(*c.object);
    const QString name = EntityCatalog::recordName(meta);
    const bool unnamed = label == EntityCatalog::newLabel(meta);
    const QHash<int, QString> errors = (c.kind == Kind::New || c.kind == Kind::Modified)
        ? m_document->validator()->errors(*c.object)
        : QHash<int, QString>();
    switch (role) {
    case Qt::DisplayRole:
        if (column == ChangeColumn) {
            switch (c.kind) {
            case Kind::New:
                return unnamed ? tr("New %1").arg(name) : tr("New %1: %2").arg(name, label);
            case Kind::Modified:
                return tr("%1: %2").arg(name, label);
            case Kind::Deleted:
                return tr("Delete %1: %2").arg(name, label);
            case Kind::Linked:
                return tr("%1 %2: add %3 to %4")
                    .arg(name, label, c.related ? EntityCatalog::labelOf(*c.related) : QString(),
                         c.relationship ? c.relationship->displayLabel() : QString());
            case Kind::Unlinked:
                return tr("%1 %2: remove %3 from %4")
                    .arg(name, label, c.related ? EntityCatalog::labelOf(*c.related) : QString(),
                         c.relationship ? c.relationship->displayLabel() : QString());
            }
        }
        if (column == NewValueColumn && !errors.isEmpty())
            return tr("%n problem(s)", nullptr, int(errors.size()));
        return {};
    case Qt::DecorationRole:
        if (column != ChangeColumn)
            return {};
        if (!errors.isEmpty())
            return Theme::icon(Theme::Icon::Warning);
        switch (c.kind) {
        case Kind::New:
            return Theme::icon(Theme::Icon::Added);
        case Kind::Modified:
            return Theme::icon(Theme::Icon::Modified);
        case Kind::Deleted:
            return Theme::icon(Theme::Icon::Deleted);
        case Kind::Linked:
            return Theme::icon(Theme::Icon::Add);
        case Kind::Unlinked:
            return Theme::icon(Theme::Icon::Remove);
        }
        return {};
    case Qt::ToolTipRole:
        if (!errors.isEmpty()) {
            QStringList lines;
            for (auto it = errors.cbegin(); it != errors.cend(); ++it) {
                lines << (it.key() >= 0 ? EntityCatalog::columnLabel(meta, it.key()) + u": "_s
                                        : QString())
                        + it.value();
            }
            return lines.join(u'\n');
        }
        return {};
    case Qt::ForegroundRole:
        if (!errors.isEmpty() && column == NewValueColumn)
            return Theme::errorColor(QApplication::palette());
        return {};
    case Qt::FontRole:
        if (c.kind == Kind::Deleted && column == ChangeColumn) {
            QFont f;
            f.setStrikeOut(true);
            return f;
        }
        return {};
    case KindRole:
        return int(c.kind);
    case ErrorRole:
        return errors.isEmpty() ? QString() : errors.cbegin().value();
    default:
        return {};
    }
}

QVariant PendingChangesModel::fieldData(const Entry &entry, int field, int column, int role) const
{
    if (field < 0)
        return {};
    const orm::PendingChange &c = entry.change;
    const orm::EntityMeta &meta = c.object->entityMeta();
    const orm::Column &col = meta.column(field).column;
    const QString error = m_document->validator()->error(*c.object, field);
    const bool conflict = m_document->session().hasConflict(*c.object, field);
    auto shown = [this, &meta, field](const QVariant &v) -> QString {
        const ForeignKeyLink link = m_document->catalog().foreignKey(meta, field);
        if (link.isValid() && !v.isNull()) {
            if (const auto target = m_document->session().identityLookup(*link.target, v))
                return EntityCatalog::labelOf(*target);
            if (v.toLongLong() == 0
                && link.target->column(link.targetColumn).column.type.isIntegral())
                return tr("none");
            return QString(u'#' + v.toString());
        }
        return ValueFormatter::display(meta.column(field).column, v);
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case ChangeColumn:
            return EntityCatalog::columnLabel(meta, field);
        case OldValueColumn:
            return c.kind == Kind::New
                ? QString()
                : shown(m_document->session().committedValue(*c.object, field));
        case NewValueColumn:
            // A new row chosen: its key is written at commit.
            if (const auto target = m_document->session().pendingReference(*c.object, field))
                return tr("%1 (new)").arg(EntityCatalog::labelOf(*target));
            return shown(c.object->value(field));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (!error.isEmpty())
            return error;
        if (conflict)
            return tr("Another program changed %1 to %2 since you edited it: commit to choose "
                      "which value to keep")
                .arg(EntityCatalog::columnLabel(meta, field),
                     shown(m_document->session().theirValue(*c.object, field)));
        if (column == NewValueColumn || column == OldValueColumn)
            return ValueFormatter::display(
                       col,
                       column == NewValueColumn
                           ? c.object->value(field)
                           : m_document->session().committedValue(*c.object, field),
                       ValueFormatter::Length::Full)
                .left(2000);
        return {};
    case Qt::ForegroundRole:
        if (!error.isEmpty() && column == NewValueColumn)
            return Theme::errorColor(QApplication::palette());
        if (column == OldValueColumn)
            return QApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::DecorationRole:
        if (column == NewValueColumn && (!error.isEmpty() || conflict))
            return Theme::icon(Theme::Icon::Warning);
        return {};
    case Qt::BackgroundRole:
        if (conflict)
            return Theme::tint(QApplication::palette(),
                               Theme::warningColor(QApplication::palette()), 0.3);
        return {};
    case ErrorRole:
        return error;
    case ConflictRole:
        return conflict ? m_document->session().theirValue(*c.object, field) : QVariant();
    case KindRole:
        return int(c.kind);
    default:
        return {};
    }
}

QVariant PendingChangesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ChangeColumn:
        return tr("Change");
    case OldValueColumn:
        return tr("Committed value");
    case NewValueColumn:
        return tr("Staged value");
    default:
        return {};
    }
}

} // namespace ui
