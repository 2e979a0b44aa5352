#pragma once

#include <QAbstractListModel>
#include <QSet>

#include <memory>
#include <vector>

namespace orm {
class Entity;
class EntityMeta;
} // namespace orm

namespace ui {

class Document;

// What a record picker offers: the rows of one entity whose text contains what the user typed,
// as one query with a LIMIT (so it stays fast on any table), ordered by label; new objects
// staged in the session come first. Excluded objects (already linked) are left out.
class RecordSearchModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { KeyRole = Qt::UserRole + 1, MoreRole };

    RecordSearchModel(Document *document, const orm::EntityMeta &meta, QObject *parent = nullptr);

    const orm::EntityMeta &meta() const { return *m_meta; }
    void setSearchText(const QString &text);
    QString searchText() const { return m_text; }
    void setLimit(int rows);
    int limit() const { return m_limit; }
    void setExcluded(const std::vector<std::shared_ptr<orm::Entity>> &objects);
    // Runs the query again (the search text is unchanged).
    void refresh();

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // The object of a row (loaded on demand); null for the "more" row.
    std::shared_ptr<orm::Entity> objectAt(int row) const;
    // Whether more rows matched than the limit shows.
    bool hasMore() const { return m_more; }

private:
    struct Item
    {
        QVariant key;
        QString label;
        std::shared_ptr<orm::Entity> object; // new objects (no key yet)
    };

    Document *m_document;
    const orm::EntityMeta *m_meta;
    QString m_text;
    int m_limit = 50;
    bool m_more = false;
    std::vector<Item> m_items;
    QSet<QString> m_excludedKeys;
    std::vector<const orm::Entity *> m_excludedObjects;
};

} // namespace ui
