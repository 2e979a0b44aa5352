// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QList>
#include <QVariant>
#include <QWidget>

#include <memory>
#include <tuple>
#include <vector>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QVBoxLayout;
class QFormLayout;

namespace orm {
class Entity;
class EntityMeta;
struct RelationshipMeta;
} // namespace orm

namespace ui {

class Document;
class FieldEditor;
class RecordPicker;
class RelatedListModel;

// The relationships of the object the form shows, through the session's generic relationship
// interface (Session::related, relatedQuery, appendRelated, removeRelated...):
//  many-to-one and one-to-one: a link to the related object (openRequested());
//  one-to-many: the list of children, and "New …" to create one already linked;
//  many-to-many: the list, Add (a record picker: a LIMIT query once typing pauses) and Remove;
//  where the association table has other columns (a role, timestamps), a field for each, whose
//  values the next link is written with: a required one (NOT NULL without a default) must be
//  filled before a link is added. An existing link's own values are edited while that one
//  link is selected, as any row's are (staged, undoable): the association table's row, by its
//  key or, without one, by the pair (a pair stored twice is refused, with the reason).
//  A relationship inferred from names says so.
// Every change is staged as an undoable command. Very large collections show their first rows
// (from a query) with a note; their count and first rows are read once per object shown, and
// again only when that relationship changes (a link, an unlink, a commit, a discard, a reload),
// never for an edit of another field.
//
// On a server a relationship that is not loaded is read in the document's BackgroundReader
// (its rows, and a count when there are more than displayLimit): the section shows "…" until
// they arrive, and the window never waits for the round trip; so is the row of the link
// selected, its values "…" meanwhile. 'raise' and dynamic
// relationships, which are never loaded whole, are read there too, and what they showed is
// kept as a large collection's is (a dynamic one's with its staged changes on top); so are
// the rows that name links by their composite keys (Document::loadKeyTargets()).
class RelationshipPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RelationshipPanel(QWidget *parent = nullptr);

    void setDocument(Document *document);
    void setObject(const std::shared_ptr<orm::Entity> &object);
    std::shared_ptr<orm::Entity> object() const { return m_object; }
    // Collections longer than this show their first rows only.
    static constexpr int displayLimit = 500;

    // The parts of one relationship's section (for keyboard focus and tests); null if absent.
    QPushButton *linkButton(const QString &relationship) const;
    QListView *listView(const QString &relationship) const;
    RelatedListModel *listModel(const QString &relationship) const;
    RecordPicker *picker(const QString &relationship) const;
    QPushButton *newButton(const QString &relationship) const;
    QPushButton *removeButton(const QString &relationship) const;
    // The field of the association table's column for the next link.
    QLineEdit *linkField(const QString &relationship, const QString &column) const;
    // What a refused link says (a required field left empty); null if absent.
    QLabel *linkNote(const QString &relationship) const;
    // The editor of the selected link's own value for an association table's other column
    // (shown while one existing link is selected); null if absent.
    FieldEditor *linkValueEditor(const QString &relationship, const QString &column) const;

Q_SIGNALS:
    void openRequested(const std::shared_ptr<orm::Entity> &object);

private:
    struct Section
    {
        const orm::RelationshipMeta *rel = nullptr;
        QWidget *box = nullptr;
        QLabel *title = nullptr;
        QPushButton *link = nullptr;
        QListView *list = nullptr;
        RelatedListModel *model = nullptr;
        RecordPicker *picker = nullptr;
        QPushButton *newButton = nullptr;
        QPushButton *removeButton = nullptr;
        QLabel *note = nullptr;
        QList<QLineEdit *> linkFields; // one per RelationshipMeta::secondaryExtra
        QLabel *linkNote = nullptr;
        std::shared_ptr<orm::Entity> target;
        // The selected existing link's own values: the association table's row, as its own
        // entity (Automap::linkEntities()), edited like any row.
        const orm::EntityMeta *linkMeta = nullptr;
        QWidget *linkValues = nullptr;
        QLabel *linkCaption = nullptr;
        QList<FieldEditor *> linkEditors; // one per secondaryExtra column linkMeta has
        std::shared_ptr<orm::Entity> linkObject;
        int linkMergeToken = 0;
        // The item whose link is shown, and the background read of its row (on a server).
        std::shared_ptr<orm::Entity> linkItem;
        quint64 linkReadId = 0;
    };
    // A staged change that may touch a relationship: its kind, object and related object.
    using StagedChange = std::tuple<int, const orm::Entity *, const orm::Entity *>;
    // What a collection too large to load showed, and the staged changes of that relationship
    // it was read with.
    struct CollectionRead
    {
        std::vector<std::shared_ptr<orm::Entity>> items;
        qint64 total = 0;
        QList<StagedChange> changes;
        QVariantList ownerValues; // the owner's columns it was read by (ownerValues())
    };
    QVariantList ownerValues(const orm::RelationshipMeta &rel) const;
    QList<StagedChange> stagedChanges(const orm::RelationshipMeta &rel) const;
    void forgetCollections();
    // A relationship read in the background (a server), until its rows and count are in.
    struct Reading
    {
        std::vector<std::shared_ptr<orm::Entity>> items;
        QList<StagedChange> changes; // those the read was asked with
        QString error;
        // Loaded whole (acceptRelatedRead()); else a query's rows, kept in m_collections
        // ('raise', dynamic).
        bool whole = true;
    };
    // Whether the section is read in the background (it then shows so); false: read it here.
    bool readInBackground(Section &section);
    void showReading(Section &section, const QString &error);
    void onRowsRead(quint64 id, const QList<QVariantList> &rows, const QString &error);
    void onCounted(quint64 id, qint64 count, const QString &error);
    Section *section(const orm::RelationshipMeta *rel);

    void rebuild(const orm::EntityMeta *meta);
    void refresh();
    void refreshSection(Section &section);
    // A section whose rows could not be read (another program holds the file locked): read
    // once the lock is gone.
    void showUnread(Section &section);
    // "…" where the section's rows or target go, and why (the note, or the link's tooltip).
    void showPlaceholder(Section &section, const QString &note);
    const Section *section(const QString &relationship) const;
    void removeSelected(Section &section);
    void addLinkFields(Section &section, QVBoxLayout *layout);
    void addLinkValueEditors(Section &section, QVBoxLayout *layout);
    // Shows the values of the one link selected in the section's list (hidden otherwise).
    void showLinkValues(const orm::RelationshipMeta *rel);
    // The association rows read for the selected link (at most two: a pair stored twice
    // cannot be edited), or why they could not be.
    void acceptLinkRows(Section &section, const QList<QVariantList> &rows, const QString &error);
    // The link values' caption, with the editors enabled or not.
    void showLinkCaption(Section &section, const QString &caption, bool editable);
    void showLinkEditorValues(Section &section);
    void linkPicked(const orm::RelationshipMeta &rel, const std::shared_ptr<orm::Entity> &item);

    Document *m_document = nullptr;
    std::shared_ptr<orm::Entity> m_object;
    const orm::EntityMeta *m_meta = nullptr;
    QVBoxLayout *m_layout;
    QLabel *m_heading;
    QWidget *m_links;
    QFormLayout *m_linkLayout;
    std::vector<Section> m_sections;
    QHash<const orm::RelationshipMeta *, CollectionRead> m_collections; // of m_object
    QHash<const orm::RelationshipMeta *, Reading> m_reading; // of m_object
    QHash<quint64, const orm::RelationshipMeta *> m_readIds; // the requests they wait for
    QHash<quint64, const orm::RelationshipMeta *> m_linkReadIds; // a selected link's row
    bool m_refreshing = false;
    bool m_unread = false;
};

} // namespace ui
