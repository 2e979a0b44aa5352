// SPDX-License-Identifier: MIT
// MainWindow: the schema editor, schema commits, and the file described again after them.
#include "ui/mainwindow.h"

#include "orm/mapping/automap.h"

#include "orm/migrations/alembicscript.h"
#include "orm/migrations/migratescript.h"
#include "ui/document.h"
#include "ui/entitybrowser.h"
#include "ui/entitylistmodel.h"
#include "ui/prompts.h"
#include "ui/recordform.h"
#include "ui/schemachanges.h"
#include "ui/schemaeditor.h"
#include "ui/schemaprovider.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSaveFile>
#include <QStatusBar>
#include <QTimer>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

// The places visited, by table name: the descriptions the history points to go with the
// document, and the database described again gives them back by name.
struct NamedPlaces
{
    struct Place
    {
        QString table;
        QVariant key;
        QString label;
    };
    QList<Place> places;
    int current = -1;
};

NamedPlaces namedPlaces(const NavigationHistory &history,
                        const std::function<QString(const QString &)> &renamed)
{
    NamedPlaces named;
    const QList<Location> &entries = history.entries();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const Location &l = entries.at(i);
        if (!l.entity || (l.key.isNull() && l.hasRecord()))
            continue; // a new row has no key to be found by
        if (i <= history.currentIndex())
            named.current = int(named.places.size());
        named.places << NamedPlaces::Place {renamed(l.entity->tableName()), l.key, l.label};
    }
    return named;
}

// The history again, of the tables that still exist, at the same place.
void restorePlaces(NavigationHistory &history, const NamedPlaces &named,
                   const EntityCatalog &catalog)
{
    QList<Location> rebuilt;
    int index = -1;
    for (qsizetype i = 0; i < named.places.size(); ++i) {
        const NamedPlaces::Place &place = named.places.at(i);
        const orm::EntityMeta *entity = catalog.entityForTable(place.table);
        if (!entity)
            continue; // a dropped table's places go
        Location l;
        l.entity = entity;
        l.key = place.key;
        l.label = place.label;
        if (i <= named.current)
            index = int(rebuilt.size());
        rebuilt << l;
    }
    if (rebuilt.isEmpty())
        return;
    history.clear();
    for (const Location &l : std::as_const(rebuilt))
        history.visit(l);
    history.goTo(qMax(index, 0));
}

} // namespace

SchemaEditor *MainWindow::schemaEditor() const
{
    return m_schemaEditor;
}

SchemaEditor *MainWindow::showSchemaEditor(const QString &table)
{
    if (!m_document || m_document->isServer())
        return nullptr;
    if (!m_schemaEditor) {
        m_schemaEditor = new SchemaEditor(this);
        m_schemaEditor->setAttribute(Qt::WA_DeleteOnClose);
        // Undo and Redo work there as in the window: it is the same history.
        m_schemaEditor->addAction(action(Action::Undo));
        m_schemaEditor->addAction(action(Action::Redo));
        connect(m_schemaEditor, &SchemaEditor::commitRequested, this,
                [this] { (void)commitSchema(); });
        connect(m_schemaEditor, &SchemaEditor::saveScriptRequested, this,
                [this] { (void)saveSchemaScript(); });
        m_schemaEditor->setDocument(m_document.get());
    }
    if (!table.isEmpty())
        m_schemaEditor->showTable(table);
    m_schemaEditor->show();
    m_schemaEditor->raise();
    m_schemaEditor->activateWindow();
    return m_schemaEditor;
}

void MainWindow::showEntityListMenu(const QPoint &at)
{
    const QModelIndex index = m_entityList->indexAt(at);
    const orm::EntityMeta *meta = index.isValid() ? m_entityModel->entityAt(index.row()) : nullptr;
    if (!m_document)
        return;
    auto *menu = new QMenu(m_entityList);
    menu->setObjectName(u"entityListMenu"_s);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (meta) {
        const QString table = meta->tableName();
        QAction *edit = menu->addAction(tr("Edit Schema of %1…").arg(table));
        edit->setEnabled(action(Action::EditSchema)->isEnabled());
        connect(edit, &QAction::triggered, this, [this, table] { (void)showSchemaEditor(table); });
        const QString owner = orm::bookkeepingOwner(table);
        if (!owner.isEmpty() && m_document->schema().setUnlocked
            && !meta->table().primaryKey().isEmpty()) {
            // Read-only by default: the framework writes these rows and expects them as it
            // wrote them.
            QAction *unlock = menu->addAction(tr("Unlock %1 for Editing").arg(table));
            unlock->setObjectName(u"unlockBookkeeping"_s);
            unlock->setCheckable(true);
            unlock->setChecked(!meta->isReadOnly());
            unlock->setStatusTip(tr("%1 keeps this table for itself: edit it only if you know "
                                    "what %1 expects")
                                     .arg(owner));
            connect(unlock, &QAction::toggled, this,
                    [this, meta](bool unlocked) { setBookkeepingUnlocked(meta, unlocked); });
        }
    }
    menu->addAction(action(Action::EditSchema));
    menu->addAction(action(Action::ShowDiagram));
    menu->popup(m_entityList->viewport()->mapToGlobal(at));
}

void MainWindow::setBookkeepingUnlocked(const orm::EntityMeta *meta, bool unlocked)
{
    if (!m_document || !m_document->schema().setUnlocked)
        return;
    m_document->schema().setUnlocked(meta, unlocked);
    const int row = m_entityModel->rowOf(meta);
    Q_EMIT m_entityModel->dataChanged(m_entityModel->index(row, 0), m_entityModel->index(row, 0));
    if (m_browser->entity() == meta) {
        // The form and the actions follow: the same row shown again, now (not) editable.
        const std::shared_ptr<orm::Entity> current = m_form->object();
        m_form->setObject(nullptr);
        showObject(current);
    }
    showMessage(unlocked ? tr("%1 can be edited: %2 keeps it for itself, so edit it with care.")
                               .arg(meta->displayName(), orm::bookkeepingOwner(meta->tableName()))
                         : tr("%1 is read-only again.").arg(meta->displayName()),
                false);
}

bool MainWindow::commitSchema()
{
    if (!m_document || m_document->isCommitting())
        return false;
    SchemaChanges *changes = m_document->schemaChanges();
    if (changes->isEmpty())
        return false;
    // One kind of change per commit: the rows' edits go first, or go.
    if (m_document->hasPendingChanges()) {
        switch (m_prompts->askAboutDataEditsBeforeSchema(this, m_document->pendingChangeCount())) {
        case QMessageBox::Save:
            if (!commitData() || m_document->hasPendingChanges()) {
                if (m_document->isCommitting()) {
                    showMessage(tr("The data changes wait for another program: commit the "
                                   "schema changes once they are written."),
                                false);
                }
                return false;
            }
            break;
        case QMessageBox::Discard:
            m_document->discard();
            break;
        default:
            return false;
        }
    }
    auto refuse = [this](const QList<orm::SchemaProblem> &problems) {
        if (SchemaEditor *editor = showSchemaEditor())
            editor->showProblems(problems);
        showMessage(tr("The schema changes were not committed: %1 They are still staged.")
                        .arg(problems.first().message),
                    true);
        return false;
    };
    orm::Error error;
    const auto problems = changes->problems(&error);
    if (!problems)
        return refuse({{-1, {}, {}, error.text()}});
    if (!problems->isEmpty())
        return refuse(*problems);
    const auto loss = changes->dataLoss(&error);
    if (!loss)
        return refuse({{-1, {}, {}, error.text()}});
    if (!loss->isEmpty() && !m_prompts->confirmDataLoss(this, *loss)) {
        statusBar()->showMessage(tr("Nothing was changed: the schema changes are still staged"),
                                 5000);
        return false;
    }
    const QHash<QString, QString> renames = changes->tableRenames();
    const int count = changes->count();
    const bool typedModels = m_document->schema().metadata == nullptr;
    if (changes->commit(&error)) {
        reopenAfterSchemaCommit(renames, typedModels);
        statusBar()->showMessage(tr("Committed %n schema change(s)", nullptr, count), 5000);
        return true;
    }
    if (error.kind() != orm::Error::Kind::Busy)
        return refuse({{-1, {}, {}, error.text()}});
    // The file is being read (the window's own counts, just after a data commit, or another
    // program): tried again from the event loop for a few seconds, never waited for here.
    statusBar()->showMessage(tr("The schema changes wait for a read of the file to end…"));
    auto *retry = new QTimer(this);
    retry->setInterval(50);
    QElapsedTimer waited;
    waited.start();
    connect(retry, &QTimer::timeout, this,
            [this, retry, waited, renames, typedModels, count, document = m_document.get()] {
                if (m_document.get() != document || m_document->schemaChanges()->isEmpty()) {
                    retry->deleteLater(); // the file closed, or the edits went another way
                    return;
                }
                orm::Error again;
                if (m_document->schemaChanges()->commit(&again)) {
                    retry->deleteLater();
                    reopenAfterSchemaCommit(renames, typedModels);
                    statusBar()->showMessage(tr("Committed %n schema change(s)", nullptr, count),
                                             5000);
                    return;
                }
                if (again.kind() == orm::Error::Kind::Busy && waited.elapsed() < 5000)
                    return;
                retry->deleteLater();
                showMessage(tr("The schema changes were not committed: %1 They are still staged.")
                                .arg(again.text()),
                            true);
            });
    retry->start();
    return false;
}

void MainWindow::reopenAfterSchemaCommit(const QHash<QString, QString> &renames, bool typedModels)
{
    auto renamed = [&renames](const QString &table) { return renames.value(table, table); };
    Place place = currentPlace();
    place.table = renamed(place.table);
    const NamedPlaces places = namedPlaces(*m_history, renamed);

    orm::Error error;
    auto document = describeAgain(&error);
    if (!document) {
        showMessage(tr("The schema changes were committed, but the file cannot be read again: "
                       "%1")
                        .arg(error.text()),
                    true);
        return;
    }
    installDocument(std::move(document));
    showPlace(place);
    restorePlaces(*m_history, places, m_document->catalog());
    if (typedModels && !m_openedReflected) {
        if (m_document->schema().metadata == nullptr) {
            showMessage(tr("The application's typed models do not know these schema changes: "
                           "reopen the file reflected to see its tables as they are now."),
                        false);
            m_reopenReflected->show();
        } else {
            showMessage(tr("The application's typed models no longer match this file's tables: "
                           "it is shown reflected."),
                        false);
        }
    }
}

void MainWindow::reopenReflected()
{
    if (!m_document || !maybeSave())
        return;
    const Place place = currentPlace();
    const NamedPlaces places = namedPlaces(*m_history, [](const QString &table) { return table; });
    const bool wasReflected = std::exchange(m_openedReflected, true);
    orm::Error error;
    auto document = describeAgain(&error);
    if (!document) {
        m_openedReflected = wasReflected;
        showMessage(tr("The file cannot be opened reflected: %1").arg(error.text()), true);
        return;
    }
    installDocument(std::move(document));
    m_openedReflected = true;
    showPlace(place);
    restorePlaces(*m_history, places, m_document->catalog());
    statusBar()->showMessage(tr("Opened reflected: the tables as the file has them"), 5000);
}

std::unique_ptr<Document> MainWindow::describeAgain(orm::Error *error) const
{
    ReflectingSchemaProvider reflecting;
    SchemaProvider &provider =
        m_openedReflected ? static_cast<SchemaProvider &>(reflecting) : *m_schemaProvider;
    return Document::open(m_document->path(), provider, Document::OpenMode::OpenExisting, error);
}

MainWindow::Place MainWindow::currentPlace() const
{
    Place place;
    if (const orm::EntityMeta *meta = m_browser->entity())
        place.table = meta->tableName();
    if (const auto current = m_form->object();
        current && current->objectState() == orm::ObjectState::Persistent) {
        place.key = current->primaryKey();
    }
    return place;
}

void MainWindow::showPlace(const Place &place)
{
    const orm::EntityMeta *entity = m_document->catalog().entityForTable(place.table);
    if (!entity)
        return;
    showEntity(entity);
    if (place.key.isValid()) {
        if (const auto object = m_document->session().get(*entity, place.key))
            openObject(object);
    }
}

bool MainWindow::saveSchemaScript()
{
    if (!m_document || m_document->schemaChanges()->isEmpty())
        return false;
    SchemaChanges *changes = m_document->schemaChanges();
    const QString revision = orm::newRevisionId();
    const QFileInfo file(m_document->path());
    const QString suggested = file.dir().filePath(u"%1_%2.sql"_s.arg(revision, file.baseName()));
    QWidget *parent = m_schemaEditor ? static_cast<QWidget *>(m_schemaEditor) : this;
    const QString target =
        m_prompts->chooseFileToSave(parent, tr("Save as Migration"), suggested,
                                    tr("SQL migration (*.sql);;Alembic revision (*.py)"));
    if (target.isEmpty())
        return false;
    orm::Error error;
    const QString down =
        orm::currentRevision(m_document->session().connection(), &error).value_or(QString());
    QStringList descriptions;
    for (const orm::MigrationOp &op : changes->operations())
        descriptions << op.description();
    const QString message = descriptions.join(u"; "_s);
    QString text;
    if (target.endsWith(u".py"_s, Qt::CaseInsensitive)) {
        orm::AlembicRevision alembic;
        alembic.revision = revision;
        alembic.downRevision = down;
        alembic.message = message;
        text = alembic.text(changes->reflected(), changes->operations());
    } else {
        text = orm::MigrationScript::fromOperations(revision, down, message, changes->reflected(),
                                                    changes->operations())
                   .text();
    }
    QSaveFile out(target);
    if (!out.open(QIODevice::WriteOnly) || out.write(text.toUtf8()) < 0 || !out.commit()) {
        m_prompts->showError(parent, tr("Cannot save the migration"), out.errorString());
        return false;
    }
    statusBar()->showMessage(
        tr("Saved the schema changes as %1").arg(QDir::toNativeSeparators(target)), 5000);
    return true;
}

void MainWindow::onSchemaChange()
{
    if (!m_document)
        return;
    if (m_document->isCommitting())
        return; // the commit ends first; the next check sees the change again
    // Described again, back at the same table and row, the staged changes carried over where
    // their tables, rows and columns still exist.
    const Place place = currentPlace();
    const NamedPlaces places = namedPlaces(*m_history, [](const QString &table) { return table; });
    orm::Error error;
    auto document = describeAgain(&error);
    if (!document) {
        showMessage(tr("Another program changed the tables of this file, and it cannot be read "
                       "again: %1. Your changes are kept.")
                        .arg(error.text()),
                    true);
        return;
    }
    const int staged = m_document->pendingChangeCount();
    QStringList notCarried;
    if (staged > 0) {
        const orm::StagedChanges changes = m_document->session().stagedChanges();
        const EntityCatalog &catalog = document->catalog();
        document->session().carryOver(
            changes, [&catalog](const QString &name) { return catalog.entityForTable(name); },
            &notCarried);
    }
    // Staged schema edits stay staged: the commit checks them against the tables as they are.
    document->schemaChanges()->setOperations(m_document->schemaChanges()->operations());
    installDocument(std::move(document));
    showPlace(place);
    restorePlaces(*m_history, places, m_document->catalog());
    if (!notCarried.isEmpty()) {
        showMessage(tr("Another program changed the tables of this file. These staged changes "
                       "no longer fit them and were dropped: %1")
                        .arg(notCarried.join(u"; "_s)),
                    true);
    } else if (staged > 0) {
        statusBar()->showMessage(
            tr("Another program changed the tables: read again, your staged changes kept"), 5000);
    } else {
        statusBar()->showMessage(tr("Another program changed the tables: read again"), 5000);
    }
}

} // namespace ui
