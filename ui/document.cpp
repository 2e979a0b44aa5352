#include "ui/document.h"

#include "orm/query.h"
#include "orm/relationship.h"
#include "ui/externalchangewatcher.h"
#include "ui/rowcounter.h"
#include "ui/stagedvalidator.h"
#include "ui/undocommands.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace ui {

std::unique_ptr<Document> Document::open(const QString &path, SchemaProvider &schemaProvider,
                                         OpenMode mode, orm::Error *error)
{
    if (mode == OpenMode::OpenExisting && !QFileInfo::exists(path)) {
        if (error) {
            *error = orm::Error(orm::Error::Kind::Connection,
                                tr("The file %1 does not exist").arg(path));
        }
        return nullptr;
    }
    if (mode == OpenMode::CreateNew && QFileInfo::exists(path) && !QFile::remove(path)) {
        if (error) {
            *error = orm::Error(orm::Error::Kind::Connection,
                                tr("The file %1 cannot be replaced").arg(path));
        }
        return nullptr;
    }
    orm::Error openError;
    auto engine =
        orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions(), &openError);
    if (!engine) {
        if (error)
            *error = openError;
        return nullptr;
    }
    DatabaseSchema schema;
    {
        orm::Session probe(engine);
        if (mode == OpenMode::CreateNew && !schemaProvider.initialize(probe, &openError)) {
            if (error)
                *error = openError.isError() ? openError : probe.lastError();
            return nullptr;
        }
        if (!schemaProvider.describe(probe, &schema, &openError)) {
            if (error)
                *error = openError.isError() ? openError : probe.lastError();
            return nullptr;
        }
    }
    return std::make_unique<Document>(std::move(engine), std::move(schema), path);
}

Document::Document(std::shared_ptr<orm::Engine> engine, DatabaseSchema schema, const QString &path)
    : m_schema(std::move(schema))
    , m_catalog(m_schema.entities)
    , m_path(path)
    , m_engine(std::move(engine))
    , m_session(std::make_unique<orm::Session>(m_engine))
    , m_undoStack(std::make_unique<QUndoStack>())
{
    m_validator = std::make_unique<StagedValidator>(m_session.get(), &m_catalog);
    m_rowCounter = std::make_unique<RowCounter>(
        m_engine->url(), [this](const orm::EntityMeta &meta, const orm::Expr &where) {
            orm::QueryBase q = m_session->query(meta);
            if (!where.isEmpty())
                q = q.filter(where);
            return q.count();
        });
    m_externalChanges = std::make_unique<ExternalChangeWatcher>(m_session.get());
    restoreLabelChoices();
    m_listenerId = m_engine->connection().addListener(
        [this](const orm::StatementRecord &record) { Q_EMIT statementExecuted(record); });
    connect(m_session.get(), &orm::Session::pendingChangesChanged, this,
            &Document::refreshPendingChanges);
    connect(m_session.get(), &orm::Session::committed, this, [this] {
        m_undoStack->clear();
        m_validator->reset();
        m_lastError = orm::Error();
        Q_EMIT committed();
    });
    connect(m_session.get(), &orm::Session::rolledBack, this, [this] {
        m_undoStack->clear();
        m_validator->reset();
        m_lastError = orm::Error();
        Q_EMIT discarded();
    });
}

Document::~Document()
{
    m_engine->connection().removeListener(m_listenerId);
    m_rowCounter.reset();
    m_externalChanges.reset();
    disconnect(m_session.get(), nullptr, this, nullptr);
    m_undoStack.reset();
    m_validator.reset();
    m_session.reset();
}

QString Document::displayName() const
{
    return m_path.isEmpty() ? tr("Untitled") : QFileInfo(m_path).fileName();
}

// One settings entry per database file (by its canonical path): table name -> column name.
QString Document::labelSettingsKey() const
{
    if (m_path.isEmpty())
        return {};
    const QFileInfo info(m_path);
    const QString canonical = info.canonicalFilePath();
    const QByteArray id = QCryptographicHash::hash(
        (canonical.isEmpty() ? info.absoluteFilePath() : canonical).toUtf8(),
        QCryptographicHash::Sha1);
    return u"labels/"_s + QString::fromLatin1(id.toHex());
}

void Document::restoreLabelChoices()
{
    // The entities may be shared with a database opened before (the typed models): each starts
    // from its default, then this file's choices apply.
    for (const orm::EntityMeta *meta : m_schema.entities)
        meta->setLabelColumn(-1);
    const QString key = labelSettingsKey();
    if (key.isEmpty())
        return;
    const QVariantMap choices = QSettings().value(key).toMap();
    for (auto it = choices.cbegin(); it != choices.cend(); ++it) {
        if (const orm::EntityMeta *meta = m_catalog.entityForTable(it.key())) {
            const int column = meta->columnIndex(it.value().toString());
            if (labelCandidates(*meta).contains(column))
                meta->setLabelColumn(column);
        }
    }
}

QList<int> Document::labelCandidates(const orm::EntityMeta &meta)
{
    QList<int> out;
    for (int i = 0; i < meta.columnCount(); ++i) {
        const orm::TypeSpec &type = meta.column(i).column.type;
        // Untyped reflected columns usually hold text.
        if (type.isText() || type.isIntegral() || type.type == orm::ColumnType::Null)
            out << i;
    }
    return out;
}

void Document::setLabelColumn(const orm::EntityMeta &meta, int column)
{
    if (!m_schema.entities.contains(&meta))
        return;
    if (column >= 0 && !labelCandidates(meta).contains(column))
        return;
    meta.setLabelColumn(column);
    if (const QString key = labelSettingsKey(); !key.isEmpty()) {
        QSettings settings;
        QVariantMap choices = settings.value(key).toMap();
        if (column < 0 || column == meta.defaultLabelColumn())
            choices.remove(meta.tableName());
        else
            choices.insert(meta.tableName(), meta.column(column).column.name);
        if (choices.isEmpty())
            settings.remove(key);
        else
            settings.setValue(key, choices);
    }
    Q_EMIT labelsChanged(&meta);
}

void Document::refreshPendingChanges()
{
    m_pendingChanges = m_session->pendingChanges();
    m_validator->update(m_pendingChanges);
    Q_EMIT changesUpdated();
}

bool Document::stageValue(const std::shared_ptr<orm::Entity> &object, int column,
                          const QVariant &value, int mergeToken)
{
    const orm::EntityMeta &meta = object->entityMeta();
    if (column < 0 || column >= meta.columnCount() || meta.isReadOnly())
        return false;
    bool ok = true;
    (void)orm::storage::toStorage(value, meta.column(column).column.type, &ok);
    if (!ok)
        return false;
    const QVariant current = object->value(column);
    if (current.isNull() == value.isNull() && (value.isNull() || current == value))
        return true;
    // A foreign key with a many-to-one over it changes through the relationship, so that the
    // loaded relationships on both sides follow.
    const ForeignKeyLink link = m_catalog.foreignKey(meta, column);
    if (link.relationship && link.target->primaryKeyColumns() == QList<int> {link.targetColumn}) {
        std::shared_ptr<orm::Entity> target;
        if (!value.isNull())
            target = m_session->get(*link.target, value);
        if (target || value.isNull()) {
            if (setRelated(object, *link.relationship, target))
                return true;
        }
    }
    m_undoStack->push(new SetValueCommand(m_session.get(), object, column, value, mergeToken));
    return true;
}

void Document::applyDefaults(orm::Entity &object) const
{
    const orm::EntityMeta &meta = object.entityMeta();
    for (int i = 0; i < meta.columnCount(); ++i) {
        const orm::Column &c = meta.column(i).column;
        if (c.defaultValue.isValid() && object.value(i).isNull())
            (void)object.setValue(i, c.defaultValue);
    }
}

std::shared_ptr<orm::Entity> Document::createObject(const orm::EntityMeta &meta)
{
    if (meta.isReadOnly())
        return nullptr;
    std::shared_ptr<orm::Entity> object = meta.create();
    applyDefaults(*object);
    m_undoStack->push(new AddObjectsCommand(m_session.get(), {object}));
    return object;
}

std::shared_ptr<orm::Entity> Document::createRelated(const std::shared_ptr<orm::Entity> &owner,
                                                     const orm::RelationshipMeta &relationship)
{
    const orm::EntityMeta &target = relationship.target();
    if (target.isReadOnly())
        return nullptr;
    std::shared_ptr<orm::Entity> child = target.create();
    applyDefaults(*child);
    m_undoStack->push(new NewRelatedCommand(m_session.get(), owner, &relationship, child));
    return child;
}

void Document::removeObjects(const std::vector<std::shared_ptr<orm::Entity>> &objects)
{
    std::vector<std::shared_ptr<orm::Entity>> wanted;
    for (const auto &o : objects) {
        if (o && !m_session->isMarkedForDeletion(*o)
            && (o->objectState() == orm::ObjectState::Persistent
                || o->objectState() == orm::ObjectState::Pending)) {
            wanted.push_back(o);
        }
    }
    if (!wanted.empty())
        m_undoStack->push(new DeleteObjectsCommand(m_session.get(), std::move(wanted)));
}

void Document::revert(const std::shared_ptr<orm::Entity> &object, int column)
{
    if (object && m_session->isModified(*object))
        m_undoStack->push(new RevertCommand(m_session.get(), object, column));
}

void Document::resolveConflict(const std::shared_ptr<orm::Entity> &object, int column,
                               orm::Session::Resolution resolution)
{
    if (!object || !m_session->hasConflict(*object, column))
        return;
    if (column >= 0) {
        m_undoStack->push(new ResolveConflictCommand(m_session.get(), object, column, resolution));
        return;
    }
    QList<int> columns;
    for (const orm::Conflict &c : m_session->conflicts()) {
        if (c.object == object)
            columns << c.column;
    }
    m_undoStack->beginMacro(resolution == orm::Session::Resolution::KeepMine
                                ? tr("Keep my changes to %1").arg(EntityCatalog::labelOf(*object))
                                : tr("Take their %1").arg(EntityCatalog::labelOf(*object)));
    for (int c : std::as_const(columns))
        m_undoStack->push(new ResolveConflictCommand(m_session.get(), object, c, resolution));
    m_undoStack->endMacro();
}

void Document::resolveConflictWith(const std::shared_ptr<orm::Entity> &object, int column,
                                   const QVariant &value)
{
    if (object && m_session->hasConflict(*object, column) && column >= 0)
        m_undoStack->push(new ResolveConflictCommand(m_session.get(), object, column,
                                                     orm::Session::Resolution::KeepMine, value));
}

bool Document::link(const std::shared_ptr<orm::Entity> &owner,
                    const orm::RelationshipMeta &relationship,
                    const std::shared_ptr<orm::Entity> &item)
{
    const int before = m_undoStack->index();
    m_undoStack->push(
        new LinkCommand(m_session.get(), owner, &relationship, item, LinkCommand::Action::Link));
    return m_undoStack->index() > before;
}

bool Document::unlink(const std::shared_ptr<orm::Entity> &owner,
                      const orm::RelationshipMeta &relationship,
                      const std::shared_ptr<orm::Entity> &item)
{
    const int before = m_undoStack->index();
    m_undoStack->push(
        new LinkCommand(m_session.get(), owner, &relationship, item, LinkCommand::Action::Unlink));
    return m_undoStack->index() > before;
}

bool Document::setRelated(const std::shared_ptr<orm::Entity> &owner,
                          const orm::RelationshipMeta &relationship,
                          const std::shared_ptr<orm::Entity> &target)
{
    const int before = m_undoStack->index();
    m_undoStack->push(new SetRelatedCommand(m_session.get(), owner, &relationship, target));
    return m_undoStack->index() > before;
}

bool Document::commit()
{
    m_lastError = orm::Error();
    if (m_session->commit())
        return true;
    m_lastError = m_session->lastError();
    m_validator->setCommitError(m_lastError);
    Q_EMIT commitFailed(m_lastError);
    return false;
}

void Document::discard()
{
    m_session->rollback();
}

} // namespace ui
