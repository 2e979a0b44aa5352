// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QHash>

namespace orm {
class EntityMeta;
struct Trigger;
} // namespace orm

namespace ui {

class Document;

// The entities of a database with their row counts (counted in the background), and how many
// of their objects are staged as new or deleted. A table with triggers shows a lightning bolt,
// and its tooltip lists them with their SQL; a view that cannot be read, or a table with a
// trigger that cannot run, shows a warning, with the reason. The association tables' own
// entities (DatabaseSchema::linkEntities) are listed only when asked for (setShowLinkTables()),
// after the others. The frameworks' bookkeeping tables (orm::bookkeepingOwner(): Django's
// migrations, Rails' schema_migrations, …) come last, under a heading row of their own that
// has no entity (entityAt() is null there) and cannot be selected.
class EntityListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, CountColumn, ColumnCount };
    // TriggersRole: the names and SQL of the table's triggers (empty without).
    enum Role { CountRole = Qt::UserRole + 1, TriggersRole };

    explicit EntityListModel(QObject *parent = nullptr);

    void setDocument(Document *document);
    Document *document() const { return m_document; }
    void setShowLinkTables(bool show);
    bool showsLinkTables() const { return m_showLinkTables; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // The heading row of the bookkeeping tables, -1 without one.
    int bookkeepingHeadingRow() const { return int(m_entities.indexOf(nullptr)); }

    const orm::EntityMeta *entityAt(int row) const;
    int rowOf(const orm::EntityMeta *meta) const;
    // -1 while being counted.
    qint64 count(const orm::EntityMeta *meta) const { return m_counts.value(meta, -1); }

    // Counts every entity again (after a commit).
    void refreshCounts();

    // The triggers' names and SQL, for a tooltip or a details area.
    static QString triggerDetails(const QList<orm::Trigger> &triggers);

private:
    void onCountReady(quint64 id, qint64 count, const QString &error);
    void onCountEstimated(quint64 id, qint64 estimate);
    void onChangesUpdated();
    QList<const orm::EntityMeta *> listedEntities() const;
    QVariant headingData(const QModelIndex &index, int role) const;

    Document *m_document = nullptr;
    bool m_showLinkTables = false;
    QList<const orm::EntityMeta *> m_entities;
    QHash<const orm::EntityMeta *, qint64> m_counts;
    QHash<quint64, const orm::EntityMeta *> m_requests;
    // On a server: the statistics' estimate of a table's rows, shown until it is counted.
    QHash<const orm::EntityMeta *, qint64> m_estimates;
    QHash<const orm::EntityMeta *, std::pair<int, int>> m_staged; // new, deleted
};

} // namespace ui
