// SPDX-License-Identifier: MIT
#include "ui/relationshippanel.h"

#include "orm/io/tableimport.h"
#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "orm/relationships/relatedread.h"
#include "orm/session/session.h"
#include "ui/backgroundreader.h"
#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/fieldeditor.h"
#include "ui/lockwaiter.h"
#include "ui/recordpicker.h"
#include "ui/recordsearchmodel.h"
#include "ui/relatedlistmodel.h"
#include "ui/stagedvalidator.h"
#include "ui/theme.h"

#include <QAction>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ui {

RelationshipPanel::RelationshipPanel(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
    , m_heading(new QLabel(tr("Related"), this))
    , m_links(new QWidget(this))
    , m_linkLayout(new QFormLayout(m_links))
{
    setObjectName(u"relationshipPanel"_s);
    setAccessibleName(tr("Related records"));
    m_layout->setContentsMargins(12, 4, 12, 10);
    m_layout->setSpacing(6);
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.1);
    m_heading->setFont(headingFont);
    m_layout->addWidget(m_heading);
    m_linkLayout->setContentsMargins(0, 0, 0, 0);
    m_linkLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_layout->addWidget(m_links);
    setVisible(false);
}

void RelationshipPanel::setDocument(Document *document)
{
    if (m_document) {
        disconnect(m_document, nullptr, this, nullptr);
        disconnect(&m_document->session(), nullptr, this, nullptr);
        disconnect(m_document->backgroundReader(), nullptr, this, nullptr);
    }
    m_document = document;
    m_object.reset();
    rebuild(nullptr);
    forgetCollections();
    if (document) {
        connect(document, &Document::changesUpdated, this, &RelationshipPanel::refresh);
        // A commit and a discard are followed by changesUpdated, which refreshes: once.
        connect(document, &Document::committed, this, &RelationshipPanel::forgetCollections);
        connect(document, &Document::discarded, this, &RelationshipPanel::forgetCollections);
        connect(document->lockWaiter(), &LockWaiter::released, this, [this] {
            if (!m_unread)
                return;
            forgetCollections();
            refresh();
        });
        // Links and lists named by the rows their keys refer to, read in the background.
        connect(document, &Document::keyTargetsRead, this, [this] {
            for (Section &s : m_sections) {
                if (s.link && s.target) {
                    s.link->setText(EntityCatalog::labelOf(*s.target));
                    s.link->setToolTip(tr("Go to %1").arg(EntityCatalog::describe(*s.target)));
                }
                if (s.model)
                    s.model->refresh();
            }
        });
        connect(document->backgroundReader(), &BackgroundReader::rowsReady, this,
                &RelationshipPanel::onRowsRead);
        connect(document->backgroundReader(), &BackgroundReader::countReady, this,
                &RelationshipPanel::onCounted);
        // The object read again from the database (Session::refresh).
        connect(&document->session(), &orm::Session::objectChanged, this,
                [this](orm::Entity *object, int column) {
                    if (column < 0 && m_object && object == m_object.get())
                        forgetCollections();
                });
    }
}

void RelationshipPanel::forgetCollections()
{
    m_collections.clear();
    m_reading.clear(); // their answers are let go when they come
    m_readIds.clear();
}

QVariantList RelationshipPanel::ownerValues(const orm::RelationshipMeta &rel) const
{
    // What the related rows are found by: a many-to-one's foreign key may be edited meanwhile.
    QVariantList values;
    for (int column : rel.localColumns())
        values << m_object->value(column);
    return values;
}

bool RelationshipPanel::readInBackground(Section &s)
{
    const orm::RelationshipMeta &rel = *s.rel;
    orm::Session &session = m_document->session();
    if (!m_document->isServer() || !m_object || m_object->session() != &session
        || m_object->objectState() != orm::ObjectState::Persistent
        || session.isRelationLoaded(*m_object, rel)) {
        return false;
    }
    const auto reading = m_reading.constFind(&rel);
    if (reading != m_reading.cend()) {
        showReading(s, reading->error);
        return true;
    }
    // 'raise' and dynamic relationships are never loaded: their rows are shown as read.
    const bool whole = !(rel.strategy == orm::LoadStrategy::Dynamic && rel.isCollection())
        && !session.refusesLoading(*m_object, rel);
    // One row more than is shown: whether the collection is loaded whole, or counted.
    const orm::QueryBase query =
        session.relatedQuery(*m_object, rel).limit(rel.isCollection() ? displayLimit + 1 : 1);
    m_reading.insert(&rel, {{}, stagedChanges(rel), {}, whole});
    m_readIds.insert(m_document->backgroundReader()->requestEntityRows(query), &rel);
    showReading(s, {});
    return true;
}

void RelationshipPanel::showReading(Section &s, const QString &error)
{
    showPlaceholder(s, error.isEmpty() ? tr("Reading…") : tr("Not read: %1").arg(error));
    if (!s.rel->isCollection())
        return;
    // A link made now would read the collection here: it waits for the read.
    if (s.picker)
        s.picker->setEnabled(false);
    if (s.newButton)
        s.newButton->setEnabled(false);
    if (s.removeButton)
        s.removeButton->setEnabled(false);
}

RelationshipPanel::Section *RelationshipPanel::section(const orm::RelationshipMeta *rel)
{
    for (Section &s : m_sections) {
        if (s.rel == rel)
            return &s;
    }
    return nullptr;
}

void RelationshipPanel::onRowsRead(quint64 id, const QList<QVariantList> &rows,
                                   const QString &error)
{
    if (const orm::RelationshipMeta *linkRel = m_linkReadIds.take(id)) {
        Section *s = section(linkRel);
        if (s && s->linkReadId == id && s->linkValues) {
            s->linkReadId = 0;
            acceptLinkRows(*s, rows, error);
        }
        return;
    }
    const orm::RelationshipMeta *rel = m_readIds.take(id);
    if (!rel || !m_reading.contains(rel) || !m_object)
        return;
    if (!error.isEmpty()) {
        m_reading[rel].error = error;
        if (Section *s = section(rel))
            showReading(*s, error);
        return;
    }
    const std::shared_ptr<orm::Entity> object = m_object;
    orm::Session &session = m_document->session();
    // Objects made of the rows may refresh objects shown (another program's change), which
    // may forget what is read here: looked up again after.
    std::vector<std::shared_ptr<orm::Entity>> items = session.loadStoredRows(rel->target(), rows);
    if (object != m_object || !m_reading.contains(rel))
        return;
    if (!m_reading.value(rel).whole && items.size() <= size_t(displayLimit)) {
        // All of a 'raise' or dynamic relationship's rows: kept, as a large collection's are.
        const Reading read = m_reading.take(rel);
        const qint64 stored = qint64(items.size());
        orm::DynamicRead shown = orm::dynamicReadWithStagedChanges(
            session, *object, *rel, std::move(items), stored, displayLimit);
        m_collections.insert(
            rel, {std::move(shown.items), shown.count, read.changes, ownerValues(*rel)});
    } else if (items.size() <= size_t(displayLimit)) {
        (void)orm::acceptRelatedRead(session, *object, *rel, std::move(items));
        m_reading.remove(rel);
    } else {
        items.resize(size_t(displayLimit));
        m_reading[rel].items = std::move(items);
        const orm::QueryBase all = session.relatedQuery(*object, *rel);
        m_readIds.insert(m_document->backgroundReader()->requestQueryCount(all), rel);
        return;
    }
    if (Section *s = section(rel))
        refreshSection(*s);
}

void RelationshipPanel::onCounted(quint64 id, qint64 count, const QString &error)
{
    const orm::RelationshipMeta *rel = m_readIds.take(id);
    if (!rel || !m_reading.contains(rel) || !m_object)
        return;
    if (!error.isEmpty()) {
        m_reading[rel].error = error;
        if (Section *s = section(rel))
            showReading(*s, error);
        return;
    }
    Reading read = m_reading.take(rel);
    // A dynamic collection shows its staged changes on top of what was read.
    orm::DynamicRead shown = orm::dynamicReadWithStagedChanges(
        m_document->session(), *m_object, *rel, std::move(read.items), count, displayLimit);
    m_collections.insert(
        rel, {std::move(shown.items), shown.count, std::move(read.changes), ownerValues(*rel)});
    if (Section *s = section(rel))
        refreshSection(*s);
}

void RelationshipPanel::setObject(const std::shared_ptr<orm::Entity> &object)
{
    // Showing an object reads its collections afresh, and no link of the last one stays
    // selected (a read of its row still on its way is let go).
    forgetCollections();
    for (Section &s : m_sections) {
        s.linkItem.reset();
        s.linkObject.reset();
        s.linkReadId = 0;
    }
    m_linkReadIds.clear();
    m_object = object;
    const orm::EntityMeta *meta = object ? &object->entityMeta() : nullptr;
    if (meta != m_meta)
        rebuild(meta);
    refresh();
}

void RelationshipPanel::rebuild(const orm::EntityMeta *meta)
{
    // The sections go later: one of their buttons may be the sender of this very change. Their
    // objects go now: the document they belong to (and the descriptions they are read
    // through) may be gone before the event loop deletes the sections.
    for (Section &s : m_sections) {
        if (s.model)
            s.model->setObjects({});
        if (s.picker)
            s.picker->searchModel()->clear();
        if (s.box) {
            s.box->hide();
            s.box->deleteLater();
        }
    }
    while (m_linkLayout->rowCount() > 0) {
        const QFormLayout::TakeRowResult row = m_linkLayout->takeRow(0);
        if (row.labelItem && row.labelItem->widget()) {
            row.labelItem->widget()->hide();
            row.labelItem->widget()->deleteLater();
        }
        delete row.labelItem;
        delete row.fieldItem;
    }
    m_sections.clear();
    m_linkReadIds.clear();
    m_meta = meta;
    if (!meta || !m_document) {
        setVisible(false);
        return;
    }
    for (const auto &relPtr : meta->relationships()) {
        const orm::RelationshipMeta *rel = relPtr.get();
        Section s;
        s.rel = rel;
        const orm::EntityMeta &target = rel->target();
        if (!rel->isCollection()) {
            s.link = new QPushButton(m_links);
            s.link->setObjectName(u"link_"_s + rel->name);
            s.link->setFlat(true);
            s.link->setIcon(Theme::icon(Theme::Icon::GoTo));
            s.link->setCursor(Qt::PointingHandCursor);
            s.link->setAccessibleName(tr("Go to %1").arg(rel->displayLabel()));
            auto *row = new QWidget(m_links);
            auto *rowLayout = new QHBoxLayout(row);
            rowLayout->setContentsMargins(0, 0, 0, 0);
            rowLayout->addWidget(s.link);
            if (!rel->foreignKeyOnOwner) {
                s.newButton =
                    new QPushButton(Theme::icon(Theme::Icon::NewRecord),
                                    tr("Create %1").arg(rel->displayLabel().toLower()), row);
                s.newButton->setObjectName(u"new_"_s + rel->name);
                s.newButton->setAccessibleName(tr("Create %1").arg(rel->displayLabel().toLower()));
                rowLayout->addWidget(s.newButton);
            }
            rowLayout->addStretch(1);
            s.box = row;
            m_linkLayout->addRow(rel->displayLabel() + u':', row);
            row->show(); // now, not when the event loop gets to it
            connect(s.link, &QPushButton::clicked, this, [this, rel] {
                // A copy: going there rebuilds the sections.
                const Section *sec = section(rel->name);
                if (const std::shared_ptr<orm::Entity> target = sec ? sec->target : nullptr)
                    Q_EMIT openRequested(target);
            });
            if (s.newButton) {
                connect(s.newButton, &QPushButton::clicked, this, [this, rel] {
                    if (!m_object)
                        return;
                    if (auto child = m_document->createRelated(m_object, *rel))
                        Q_EMIT openRequested(child);
                });
            }
            m_sections.push_back(s);
            continue;
        }
        auto *box = new QWidget(this);
        box->setObjectName(u"section_"_s + rel->name);
        auto *v = new QVBoxLayout(box);
        v->setContentsMargins(0, 6, 0, 0);
        v->setSpacing(3);
        s.box = box;
        s.title = new QLabel(box);
        QFont bold = s.title->font();
        bold.setBold(true);
        s.title->setFont(bold);
        v->addWidget(s.title);
        s.list = new QListView(box);
        s.list->setObjectName(u"list_"_s + rel->name);
        s.list->setAccessibleName(rel->displayLabel());
        s.list->setUniformItemSizes(true);
        s.list->setSelectionMode(QAbstractItemView::ExtendedSelection);
        s.list->setEditTriggers(QAbstractItemView::NoEditTriggers);
        s.list->setToolTip(tr("Double-click or press Enter to open"));
        s.model = new RelatedListModel(&m_document->session(), s.list);
        s.list->setModel(s.model);
        const int rowHeight = s.list->fontMetrics().height() + 6;
        s.list->setMinimumHeight(rowHeight * 3);
        s.list->setMaximumHeight(rowHeight * 7 + 4);
        v->addWidget(s.list);
        s.note = new QLabel(box);
        s.note->setWordWrap(true);
        QPalette muted = s.note->palette();
        muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
        s.note->setPalette(muted);
        s.note->hide();
        v->addWidget(s.note);
        auto *buttons = new QHBoxLayout;
        buttons->setSpacing(4);
        if (rel->kind == orm::RelationshipKind::OneToMany) {
            s.newButton =
                new QPushButton(Theme::icon(Theme::Icon::NewRecord),
                                tr("New %1").arg(EntityCatalog::recordName(target).toLower()), box);
            s.newButton->setObjectName(u"new_"_s + rel->name);
            s.newButton->setAccessibleName(
                tr("New %1 in %2")
                    .arg(EntityCatalog::recordName(target).toLower(), rel->displayLabel()));
            buttons->addWidget(s.newButton);
            buttons->addStretch(1);
            connect(s.newButton, &QPushButton::clicked, this, [this, rel] {
                if (!m_object)
                    return;
                if (auto child = m_document->createRelated(m_object, *rel))
                    Q_EMIT openRequested(child);
            });
        } else {
            s.picker = new RecordPicker(m_document, target, RecordPicker::Mode::Pick, box);
            s.picker->setObjectName(u"picker_"_s + rel->name);
            s.picker->setPlaceholderText(
                tr("Add %1…").arg(EntityCatalog::recordName(target).toLower()));
            s.picker->lineEdit()->setAccessibleName(tr("Add to %1").arg(rel->displayLabel()));
            buttons->addWidget(s.picker, 1);
            s.removeButton = new QPushButton(Theme::icon(Theme::Icon::Remove), tr("Remove"), box);
            s.removeButton->setObjectName(u"remove_"_s + rel->name);
            s.removeButton->setAccessibleName(tr("Remove from %1").arg(rel->displayLabel()));
            s.removeButton->setEnabled(false);
            buttons->addWidget(s.removeButton);
            connect(
                s.picker, &RecordPicker::picked, this,
                [this, rel](const std::shared_ptr<orm::Entity> &item) { linkPicked(*rel, item); });
            auto *removeAction = new QAction(tr("Remove"), s.list);
            removeAction->setShortcut(QKeySequence::Delete);
            removeAction->setShortcutContext(Qt::WidgetShortcut);
            s.list->addAction(removeAction);
            auto remove = [this, rel] {
                for (Section &sec : m_sections) {
                    if (sec.rel == rel)
                        removeSelected(sec);
                }
            };
            connect(removeAction, &QAction::triggered, this, remove);
            connect(s.removeButton, &QPushButton::clicked, this, remove);
            QPushButton *removeButton = s.removeButton;
            QListView *list = s.list;
            connect(s.list->selectionModel(), &QItemSelectionModel::selectionChanged, removeButton,
                    [removeButton, list] {
                        removeButton->setEnabled(list->selectionModel()->hasSelection());
                    });
        }
        v->addLayout(buttons);
        if (rel->kind == orm::RelationshipKind::ManyToMany && !rel->secondaryExtra.isEmpty()) {
            addLinkValueEditors(s, v);
            addLinkFields(s, v);
        }
        if (rel->inferred) {
            s.title->setToolTip(
                tr("Inferred from the names of the table %1 and its columns: no foreign key "
                   "declares these links")
                    .arg(rel->secondary));
        }
        connect(s.list, &QListView::activated, this,
                [this, model = s.model](const QModelIndex &index) {
                    if (const std::shared_ptr<orm::Entity> o = model->objectAt(index.row()))
                        Q_EMIT openRequested(o);
                });
        m_layout->addWidget(box);
        box->show();
        m_sections.push_back(s);
    }
    m_links->setVisible(m_linkLayout->rowCount() > 0);
    setVisible(!m_sections.empty());
}

namespace {

bool isRequired(const orm::Column &column)
{
    return !column.nullable && !column.hasDefault() && !column.autoincrement;
}

} // namespace

void RelationshipPanel::addLinkFields(Section &s, QVBoxLayout *layout)
{
    auto *caption = new QLabel(tr("The next link added is written with:"), s.box);
    QPalette muted = caption->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    caption->setPalette(muted);
    layout->addWidget(caption);
    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (const orm::Column &column : s.rel->secondaryExtra) {
        auto *field = new QLineEdit(s.box);
        field->setObjectName(u"linkField_"_s + s.rel->name + u'_' + column.name);
        QString label = column.name;
        label.replace(u'_', u' ');
        label[0] = label[0].toUpper();
        const bool required = isRequired(column);
        field->setPlaceholderText(required ? tr("required") : tr("optional"));
        field->setAccessibleName(tr("%1 of the next link to %2").arg(label, s.rel->displayLabel()));
        field->setToolTip(tr("Written with the next link added, in the column %1 of %2")
                              .arg(column.name, s.rel->secondary));
        form->addRow(required ? QString(label + u" *:"_s) : QString(label + u':'), field);
        s.linkFields << field;
    }
    layout->addLayout(form);
    s.linkNote = new QLabel(s.box);
    s.linkNote->setObjectName(u"linkNote_"_s + s.rel->name);
    s.linkNote->setWordWrap(true);
    QPalette error = s.linkNote->palette();
    error.setColor(QPalette::WindowText, Theme::errorColor(error));
    s.linkNote->setPalette(error);
    s.linkNote->hide();
    layout->addWidget(s.linkNote);
}

void RelationshipPanel::addLinkValueEditors(Section &s, QVBoxLayout *layout)
{
    // Written by key: the association table's own, or the pair where it has none (Automap keys
    // such a link table's entity by it). On a server the row is read in the background.
    s.linkMeta = m_document->catalog().entityForTable(s.rel->secondary);
    if (!s.linkMeta || s.linkMeta->isReadOnly())
        return;
    s.linkValues = new QWidget(s.box);
    s.linkValues->setObjectName(u"linkValues_"_s + s.rel->name);
    auto *v = new QVBoxLayout(s.linkValues);
    v->setContentsMargins(0, 0, 0, 0);
    s.linkCaption = new QLabel(s.linkValues);
    QPalette muted = s.linkCaption->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    s.linkCaption->setPalette(muted);
    v->addWidget(s.linkCaption);
    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const orm::RelationshipMeta *rel = s.rel;
    for (const orm::Column &column : rel->secondaryExtra) {
        const int index = s.linkMeta->columnIndex(column.name);
        if (index < 0)
            continue;
        FieldEditor *editor = FieldEditor::create(m_document, *s.linkMeta, index,
                                                  FieldEditor::Style::Form, s.linkValues);
        editor->setObjectName(u"linkValue_"_s + rel->name + u'_' + column.name);
        editor->setToolTip(tr("The column %1 of %2 for the selected link: staged as you edit")
                               .arg(column.name, rel->secondary));
        form->addRow(EntityCatalog::columnLabel(*s.linkMeta, index) + u':', editor);
        s.linkEditors << editor;
        connect(editor, &FieldEditor::valueEdited, this, [this, rel, index](const QVariant &value) {
            Section *sec = section(rel);
            if (sec && sec->linkObject)
                m_document->stageValue(sec->linkObject, index, value, sec->linkMergeToken);
        });
    }
    v->addLayout(form);
    s.linkValues->hide();
    layout->addWidget(s.linkValues);
    connect(s.list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this, rel] { showLinkValues(rel); });
}

void RelationshipPanel::showLinkValues(const orm::RelationshipMeta *rel)
{
    Section *s = section(rel);
    if (!s || !s->linkValues)
        return;
    const QModelIndexList rows = s->list->selectionModel()->selectedRows();
    std::shared_ptr<orm::Entity> item =
        rows.size() == 1 ? s->model->objectAt(rows.first().row()) : nullptr;
    // The association row of this owner and item (none yet for a link staged now: its values
    // are those given when linking).
    const auto persistent = [](const std::shared_ptr<orm::Entity> &o) {
        return o && o->objectState() == orm::ObjectState::Persistent;
    };
    if (!persistent(item) || !persistent(m_object) || m_document->lockWaiter()->isReadWaiting())
        item.reset();
    s->linkItem = item;
    m_linkReadIds.remove(s->linkReadId);
    s->linkReadId = 0;
    if (!item) {
        acceptLinkRows(*s, {}, {});
        return;
    }
    orm::QueryBase query = m_document->session().query(*s->linkMeta);
    const QList<int> &local = rel->localColumns();
    const QList<int> &remote = rel->remoteColumns();
    for (int i = 0; i < local.size() && i < rel->secondaryLocal.size(); ++i)
        query = query.filterBy(rel->secondaryLocal.at(i), m_object->value(local.at(i)));
    for (int i = 0; i < remote.size() && i < rel->secondaryRemote.size(); ++i)
        query = query.filterBy(rel->secondaryRemote.at(i), item->value(remote.at(i)));
    // Two rows at most: a second one means the pair is stored twice.
    query = query.limit(2);
    if (m_document->isServer()) {
        s->linkReadId = m_document->backgroundReader()->requestEntityRows(query);
        m_linkReadIds.insert(s->linkReadId, rel);
        s->linkObject.reset();
        for (FieldEditor *editor : std::as_const(s->linkEditors))
            editor->setValue(QVariant());
        showLinkCaption(*s, tr("The link to %1: reading…").arg(EntityCatalog::labelOf(*item)),
                        false);
        return;
    }
    m_document->session().clearError();
    const std::optional<QList<QVariantList>> read = query.storedRows();
    acceptLinkRows(*s, read.value_or(QList<QVariantList>()),
                   read ? QString() : m_document->session().lastError().text());
}

void RelationshipPanel::acceptLinkRows(Section &s, const QList<QVariantList> &rows,
                                       const QString &error)
{
    std::shared_ptr<orm::Entity> link;
    std::shared_ptr<orm::Entity> shown; // whose values the editors show
    const std::shared_ptr<orm::Entity> item = s.linkItem;
    if (item && error.isEmpty()) {
        const auto objects = m_document->session().loadStoredRows(*s.linkMeta, rows);
        if (!objects.empty())
            shown = objects.front();
        if (objects.size() == 1)
            link = objects.front();
    }
    if (link != s.linkObject) {
        static int token = 0;
        s.linkMergeToken = --token; // apart from the form's tokens, which count up
    }
    s.linkObject = link;
    if (!item || (error.isEmpty() && rows.isEmpty())) {
        s.linkValues->hide();
        return;
    }
    const QString label = EntityCatalog::labelOf(*item);
    if (!error.isEmpty()) {
        for (FieldEditor *editor : std::as_const(s.linkEditors))
            editor->setValue(QVariant());
        showLinkCaption(s, tr("The link to %1 was not read: %2").arg(label, error), false);
    } else if (rows.size() > 1) {
        // Its row cannot be told apart from the other: an UPDATE would write both. The
        // values shown are the first row's.
        for (FieldEditor *editor : std::as_const(s.linkEditors))
            editor->setValue(shown ? shown->value(editor->column()) : QVariant());
        showLinkCaption(s,
                        tr("The link to %1 is stored more than once in %2: its values cannot "
                           "be edited here, as the rows cannot be told apart.")
                            .arg(label, s.rel->secondary),
                        false);
    } else {
        showLinkCaption(s, tr("The link to %1:").arg(label), true);
    }
    showLinkEditorValues(s);
}

void RelationshipPanel::showLinkCaption(Section &s, const QString &caption, bool editable)
{
    s.linkCaption->setText(caption);
    s.linkCaption->setWordWrap(true);
    for (FieldEditor *editor : std::as_const(s.linkEditors))
        editor->setEnabled(editable);
    s.linkValues->show();
}

void RelationshipPanel::showLinkEditorValues(Section &s)
{
    if (!s.linkObject)
        return;
    for (FieldEditor *editor : std::as_const(s.linkEditors)) {
        const QVariant value = s.linkObject->value(editor->column());
        // (The editor being typed into already shows it: setting it again would move the
        // cursor.)
        if (editor->value() != value || editor->value().isNull() != value.isNull())
            editor->setValue(value);
        editor->setError(m_document->validator()->error(*s.linkObject, editor->column()));
    }
}

void RelationshipPanel::linkPicked(const orm::RelationshipMeta &rel,
                                   const std::shared_ptr<orm::Entity> &item)
{
    if (!m_object || !item)
        return;
    Section *s = nullptr;
    for (Section &sec : m_sections) {
        if (sec.rel == &rel)
            s = &sec;
    }
    QVariantMap values;
    QStringList missing;
    QLineEdit *firstMissing = nullptr;
    for (int i = 0; s && i < s->linkFields.size(); ++i) {
        const orm::Column &column = rel.secondaryExtra.at(i);
        QLineEdit *field = s->linkFields.at(i);
        if (!field->text().isEmpty()) {
            // Checked as an imported value is: a text that is no value of the column's type is
            // refused here, never written as NULL at the commit.
            QVariant stored;
            QString problem;
            if (!orm::TableImporter::toStored(field->text(), column, orm::ImportFormat::Csv,
                                              &stored, &problem, m_document->isServer())) {
                s->linkNote->setText(tr("%1: %2").arg(column.name, problem));
                s->linkNote->show();
                field->setFocus();
                return;
            }
            values.insert(column.name, orm::storage::fromStorage(stored, column.type));
        } else if (isRequired(column)) {
            missing << column.name;
            firstMissing = firstMissing ? firstMissing : field;
        }
    }
    if (!missing.isEmpty()) {
        // Nothing is linked: the person fills the field and picks again.
        s->linkNote->setText(tr("Fill in %1 first: every link to %2 needs it.")
                                 .arg(missing.join(u", "_s), rel.displayLabel().toLower()));
        s->linkNote->show();
        firstMissing->setFocus();
        return;
    }
    if (s && s->linkNote)
        s->linkNote->hide();
    if (m_document->link(m_object, rel, item, values) && s) {
        for (QLineEdit *field : std::as_const(s->linkFields))
            field->clear();
    }
}

QLineEdit *RelationshipPanel::linkField(const QString &relationship, const QString &column) const
{
    const Section *s = section(relationship);
    if (!s)
        return nullptr;
    for (int i = 0; i < s->linkFields.size(); ++i) {
        if (s->rel->secondaryExtra.at(i).name == column)
            return s->linkFields.at(i);
    }
    return nullptr;
}

QLabel *RelationshipPanel::linkNote(const QString &relationship) const
{
    const Section *s = section(relationship);
    return s ? s->linkNote : nullptr;
}

FieldEditor *RelationshipPanel::linkValueEditor(const QString &relationship,
                                                const QString &column) const
{
    const Section *s = section(relationship);
    if (!s || !s->linkMeta)
        return nullptr;
    const int index = s->linkMeta->columnIndex(column);
    for (FieldEditor *editor : s->linkEditors) {
        if (editor->column() == index)
            return editor;
    }
    return nullptr;
}

const RelationshipPanel::Section *RelationshipPanel::section(const QString &relationship) const
{
    for (const Section &s : m_sections) {
        if (s.rel->name == relationship)
            return &s;
    }
    return nullptr;
}

QPushButton *RelationshipPanel::linkButton(const QString &relationship) const
{
    const Section *s = section(relationship);
    return s ? s->link : nullptr;
}

QListView *RelationshipPanel::listView(const QString &relationship) const
{
    const Section *s = section(relationship);
    return s ? s->list : nullptr;
}

RelatedListModel *RelationshipPanel::listModel(const QString &relationship) const
{
    const Section *s = section(relationship);
    return s ? s->model : nullptr;
}

RecordPicker *RelationshipPanel::picker(const QString &relationship) const
{
    const Section *s = section(relationship);
    return s ? s->picker : nullptr;
}

QPushButton *RelationshipPanel::newButton(const QString &relationship) const
{
    const Section *s = section(relationship);
    return s ? s->newButton : nullptr;
}

QPushButton *RelationshipPanel::removeButton(const QString &relationship) const
{
    const Section *s = section(relationship);
    return s ? s->removeButton : nullptr;
}

void RelationshipPanel::removeSelected(Section &s)
{
    if (!m_object || !s.list)
        return;
    std::vector<std::shared_ptr<orm::Entity>> items;
    for (const QModelIndex &index : s.list->selectionModel()->selectedRows())
        items.push_back(s.model->objectAt(index.row()));
    for (const auto &item : items) {
        if (item)
            m_document->unlink(m_object, *s.rel, item);
    }
}

void RelationshipPanel::refresh()
{
    if (m_refreshing || !m_document)
        return;
    m_refreshing = true;
    if (m_object && m_object->session() != &m_document->session()
        && m_object->objectState() != orm::ObjectState::Pending) {
        // Dropped (an undone "new"): nothing to show.
        setVisible(false);
    } else {
        setVisible(m_object && !m_sections.empty());
        m_unread = false;
        if (m_object) {
            for (Section &s : m_sections) {
                refreshSection(s);
                // A list shown afresh has lost its selection without saying so.
                if (s.linkValues && s.linkItem && !s.list->selectionModel()->hasSelection())
                    showLinkValues(s.rel);
                showLinkEditorValues(s); // an undo, a commit, a discard
            }
        }
    }
    m_refreshing = false;
}

QList<RelationshipPanel::StagedChange>
RelationshipPanel::stagedChanges(const orm::RelationshipMeta &rel) const
{
    // Links and unlinks staged through either side, and the related entity's rows that are
    // new, deleted, or point elsewhere by their foreign key: only these can change what the
    // relationship holds.
    QList<StagedChange> out;
    const orm::RelationshipMeta *backref = rel.backrefMeta();
    const QList<int> &remote = rel.remoteColumns();
    for (const orm::PendingChange &c : m_document->pendingChanges()) {
        const orm::Entity *object = c.object.get();
        bool touches = false;
        switch (c.kind) {
        case orm::PendingChange::Kind::Linked:
        case orm::PendingChange::Kind::Unlinked:
            touches = (c.relationship == &rel || (backref && c.relationship == backref))
                && (object == m_object.get() || c.related.get() == m_object.get());
            break;
        case orm::PendingChange::Kind::New:
        case orm::PendingChange::Kind::Deleted:
            touches = rel.kind == orm::RelationshipKind::OneToMany
                && &object->entityMeta() == &rel.target();
            break;
        case orm::PendingChange::Kind::Modified:
            touches = rel.kind == orm::RelationshipKind::OneToMany
                && &object->entityMeta() == &rel.target()
                && std::any_of(c.columns.begin(), c.columns.end(),
                               [&remote](int column) { return remote.contains(column); });
            break;
        }
        if (touches)
            out.append({int(c.kind), object, c.related.get()});
    }
    return out;
}

void RelationshipPanel::showUnread(Section &s)
{
    m_unread = true;
    showPlaceholder(s, m_document->lockWaiter()->message());
}

void RelationshipPanel::showPlaceholder(Section &s, const QString &note)
{
    if (!s.rel->isCollection()) {
        s.target.reset();
        s.link->setText(u"…"_s);
        s.link->setEnabled(false);
        s.link->setToolTip(note);
        if (s.newButton)
            s.newButton->hide();
        return;
    }
    s.model->setObjects({});
    s.title->setText(tr("%1 (…)").arg(s.rel->displayLabel()));
    s.note->setText(note);
    s.note->show();
}

void RelationshipPanel::refreshSection(Section &s)
{
    orm::Session &session = m_document->session();
    const orm::RelationshipMeta &rel = *s.rel;
    // Whether the read just made met another program's lock (it then read nothing).
    const auto metLock = [&session] {
        return session.lastError().kind() == orm::Error::Kind::Busy;
    };
    const bool loadedAlready = session.isRelationLoaded(*m_object, rel);
    if (!loadedAlready && m_document->lockWaiter()->isReadWaiting()) {
        showUnread(s);
        return;
    }
    session.clearError();
    if (!rel.isCollection()) {
        // A 'raise' one read in the background: shown as read while its foreign key stays.
        const auto read = m_collections.constFind(&rel);
        if (read != m_collections.cend() && read->changes == stagedChanges(rel)
            && read->ownerValues == ownerValues(rel)) {
            s.target = read->items.empty() ? nullptr : read->items.front();
        } else if (readInBackground(s)) {
            return;
        } else if (!m_object->session()) {
            s.target = nullptr;
        } else if (session.refusesLoading(*m_object, rel)) { // ('raise': shown, not loaded)
            s.target = session.relatedQuery(*m_object, rel).firstEntity();
        } else {
            s.target = session.relatedOne(*m_object, rel);
        }
        if (!s.target && metLock()) {
            showUnread(s);
            return;
        }
        if (s.target) {
            m_document->loadKeyTargets({s.target}); // named by them
            s.link->setText(EntityCatalog::labelOf(*s.target));
            s.link->setEnabled(true);
            s.link->setToolTip(tr("Go to %1").arg(EntityCatalog::describe(*s.target)));
        } else {
            s.link->setText(tr("none"));
            s.link->setEnabled(false);
            s.link->setToolTip(QString());
        }
        if (s.newButton)
            s.newButton->setVisible(!s.target && !session.isMarkedForDeletion(*m_object));
        return;
    }
    std::vector<std::shared_ptr<orm::Entity>> items;
    qint64 total = -1;
    const bool persistent = m_object->objectState() == orm::ObjectState::Persistent;
    const bool loaded = session.isRelationLoaded(*m_object, rel);
    if (persistent && !loaded) {
        // Count first: a huge collection is shown from a query, never loaded whole. What the
        // query showed stays until this relationship changes: a keystroke staged in another
        // field runs no COUNT on the window's thread.
        QList<StagedChange> changes = stagedChanges(rel);
        const auto read = m_collections.constFind(&rel);
        if (read != m_collections.cend() && read->changes == changes
            && read->ownerValues == ownerValues(rel)) {
            items = read->items;
            total = read->total;
        } else if (readInBackground(s)) {
            return;
        } else if (rel.strategy == orm::LoadStrategy::Dynamic) {
            // A live query: its first rows and its count, the staged changes included.
            const std::optional<qint64> counted = session.relatedCount(*m_object, rel);
            if (!counted && metLock()) {
                showUnread(s);
                return;
            }
            total = counted.value_or(0);
            items = session.related(*m_object, rel, displayLimit);
            if (items.empty() && metLock()) {
                showUnread(s);
                return;
            }
            m_collections.insert(&rel, {items, total, std::move(changes), ownerValues(rel)});
        } else {
            const orm::QueryBase query = session.relatedQuery(*m_object, rel);
            const bool mustQuery = session.refusesLoading(*m_object, rel);
            const std::optional<qint64> counted = query.count();
            if (!counted && metLock()) {
                showUnread(s);
                return;
            }
            total = counted.value_or(0);
            if (mustQuery || total > displayLimit) {
                items = query.limit(displayLimit).allEntities();
                if (items.empty() && metLock()) {
                    showUnread(s);
                    return;
                }
                m_collections.insert(&rel, {items, total, std::move(changes), ownerValues(rel)});
            } else {
                items = session.related(*m_object, rel); // loaded from now on
            }
        }
    } else {
        items = session.related(*m_object, rel);
    }
    if (items.empty() && metLock()) {
        showUnread(s);
        return;
    }
    m_document->loadKeyTargets(items); // named by them
    s.model->setObjects(items);
    const qint64 shown = qint64(items.size());
    const qint64 count = total > shown ? total : shown;
    s.title->setText(rel.inferred ? tr("%1 (%2), inferred").arg(rel.displayLabel()).arg(count)
                                  : tr("%1 (%2)").arg(rel.displayLabel()).arg(count));
    if (total > shown) {
        s.note->setText(tr("Showing the first %1 of %2; search the %3 table for the rest.")
                            .arg(shown)
                            .arg(total)
                            .arg(rel.target().displayName()));
        s.note->show();
    } else {
        s.note->hide();
    }
    const bool editable =
        !session.isMarkedForDeletion(*m_object) && !m_object->entityMeta().isReadOnly();
    if (s.picker) {
        s.picker->setExcluded(items);
        s.picker->setEnabled(editable);
    }
    if (s.newButton)
        s.newButton->setEnabled(editable && !rel.target().isReadOnly());
    if (s.removeButton)
        s.removeButton->setEnabled(editable && s.list->selectionModel()->hasSelection());
}

} // namespace ui
