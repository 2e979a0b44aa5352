// SPDX-License-Identifier: MIT
#include "ui/document.h"

#include "orm/drivers/sqlite/reflection.h"
#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "ui/backgroundreader.h"
#include "ui/externalchangewatcher.h"
#include "ui/lockwaiter.h"
#include "ui/schemachanges.h"
#include "ui/serverlocation.h"
#include "ui/serverwait.h"
#include "ui/stagedvalidator.h"
#include "ui/undocommands.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QScopedValueRollback>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace ui {

bool Document::isServerLocation(const QString &location)
{
    return location.startsWith(u"postgresql:"_s, Qt::CaseInsensitive)
        || location.startsWith(u"postgres:"_s, Qt::CaseInsensitive);
}

std::unique_ptr<Document> Document::open(const QString &location, SchemaProvider &schemaProvider,
                                         OpenMode mode, orm::Error *error)
{
    std::optional<Connected> connected = connectDatabase(location, schemaProvider, mode, error);
    if (!connected)
        return nullptr;
    return std::make_unique<Document>(std::move(*connected));
}

std::optional<Document::Connected> Document::connectDatabase(const QString &location,
                                                             SchemaProvider &schemaProvider,
                                                             OpenMode mode, orm::Error *error)
{
    const auto fail = [error](const orm::Error &e) {
        if (error)
            *error = e;
        return std::nullopt;
    };
    Connected result;
    orm::DatabaseUrl url;
    if (isServerLocation(location)) {
        QString message;
        url = orm::DatabaseUrl::parse(location, &message);
        if (!url.isValid())
            return fail(orm::Error(orm::Error::Kind::Connection, message));
        result.path = url.toString();
        result.schema.schemaName = serverSchema(url);
    } else {
        const QString &path = location;
        if (mode == OpenMode::OpenExisting && !QFileInfo::exists(path)) {
            return fail(orm::Error(orm::Error::Kind::Connection,
                                   tr("The file %1 does not exist").arg(path)));
        }
        if (mode == OpenMode::CreateNew && QFileInfo::exists(path) && !QFile::remove(path)) {
            return fail(orm::Error(orm::Error::Kind::Connection,
                                   tr("The file %1 cannot be replaced").arg(path)));
        }
        url = orm::DatabaseUrl::forFile(path);
        result.path = path;
    }
    orm::Error openError;
    result.engine = orm::Engine::create(url, orm::ConnectionOptions(), &openError);
    if (!result.engine)
        return fail(openError);
    {
        orm::Session probe(result.engine);
        if (mode == OpenMode::CreateNew && !schemaProvider.initialize(probe, &openError))
            return fail(openError.isError() ? openError : probe.lastError());
        if (!schemaProvider.describe(probe, &result.schema, &openError))
            return fail(openError.isError() ? openError : probe.lastError());
    }
    return result;
}

Document::Document(Connected connected)
    : Document(std::move(connected.engine), std::move(connected.schema), connected.path)
{ }

Document::Document(std::shared_ptr<orm::Engine> engine, DatabaseSchema schema, const QString &path)
    : m_schema(std::move(schema))
    , m_catalog(m_schema.entities + m_schema.linkEntities)
    , m_path(path)
    , m_engine(std::move(engine))
    , m_session(std::make_unique<orm::Session>(m_engine))
    , m_undoStack(std::make_unique<QUndoStack>())
{
    m_validator = std::make_unique<StagedValidator>(m_session.get(), &m_catalog);
    m_schemaChanges = new SchemaChanges(this);
    m_backgroundReader = std::make_unique<BackgroundReader>(
        m_engine->url(), [this](const orm::EntityMeta &meta, const orm::Expr &where) {
            orm::QueryBase q = m_session->query(meta);
            if (!where.isEmpty())
                q = q.filter(where);
            return q.count();
        });
    m_externalChanges = std::make_unique<ExternalChangeWatcher>(m_session.get());
    if (isServer()) {
        // Off the window's thread: the checks for other programs' commits, and the checks of
        // staged values against the database.
        m_externalChanges->setServer(m_engine->url());
        m_validator->setBackgroundReader(m_backgroundReader.get());
        connect(m_validator.get(), &StagedValidator::answered, this,
                [this] { m_validator->recheck(m_pendingChanges); });
    }
    // A server runs its triggers whoever writes; what they changed is read again as any other
    // connection's change.
    if (!isServer()) {
        if (const auto triggers = orm::reflectTriggers(m_engine->connection())) {
            for (const orm::Trigger &t : *triggers)
                m_triggers[t.table.toLower()] << t;
        }
    }
    // The window's thread never waits on a lock: a statement that meets one fails at once, and
    // the waiter waits in the event loop.
    m_engine->connection().setBusyTimeout(0);
    m_lockWaiter = std::make_unique<LockWaiter>(&m_engine->connection(), displayName());
    connect(m_backgroundReader.get(), &BackgroundReader::lockMet, m_lockWaiter.get(),
            &LockWaiter::noteLockMet);
    connect(m_backgroundReader.get(), &BackgroundReader::rowsReady, this,
            &Document::onKeyTargetsRead);
    connect(m_lockWaiter.get(), &LockWaiter::cancelled, this, [this] {
        // (A commit waiting for a server stops alone: the reads on their way go on.)
        if (!m_serverWait)
            m_backgroundReader->cancelWaiting();
        cancelCommit();
    });
    connect(m_lockWaiter.get(), &LockWaiter::released, this, [this] {
        // Uniqueness and foreign keys that could not be checked are checked now.
        m_validator->recheck(m_pendingChanges);
    });
    restoreLabelChoices();
    m_listenerId = m_engine->connection().addListener([this](const orm::StatementRecord &record) {
        // (A refused BEGIN IMMEDIATE is the commit's business: readers may go on.)
        if (!record.ok && !m_takingWriteLock)
            m_lockWaiter->noteError(m_engine->connection().lastError());
        // A commit waiting for the write lock tries again and again: its first refusal is
        // logged, not each one.
        if (record.ok || !m_commitRetried)
            Q_EMIT statementExecuted(record);
    });
    connect(m_session.get(), &orm::Session::pendingChangesChanged, this,
            &Document::refreshPendingChanges);
    connect(m_session.get(), &orm::Session::committed, this, [this] {
        if (std::exchange(m_firesTriggers, false))
            rereadLoadedObjects();
        m_undoStack->clear();
        m_validator->reset();
        m_lastError = orm::Error();
        Q_EMIT committed();
    });
    connect(m_session.get(), &orm::Session::rolledBack, this, [this] {
        if (!m_discarding)
            m_undoStack->clear();
        m_validator->reset();
        m_lastError = orm::Error();
        Q_EMIT discarded();
    });
}

Document::~Document()
{
    finishCommitWaiting();
    m_engine->connection().removeListener(m_listenerId);
    m_backgroundReader.reset();
    m_externalChanges.reset();
    disconnect(m_session.get(), nullptr, this, nullptr);
    m_undoStack.reset();
    m_validator.reset();
    m_session.reset();
}

QString Document::displayName() const
{
    if (isServer()) {
        const orm::DatabaseUrl &url = m_engine->url();
        const QString host =
            url.host().isEmpty() || url.host().startsWith(u'/') ? tr("this computer") : url.host();
        return tr("%1 on %2").arg(url.database().isEmpty() ? url.userName() : url.database(), host);
    }
    return m_path.isEmpty() ? tr("Untitled") : QFileInfo(m_path).fileName();
}

bool Document::isServer() const
{
    return m_engine->url().backend() != u"sqlite";
}

// One settings entry per database file (by its canonical path): table name -> column name.
QString Document::labelSettingsKey() const
{
    if (m_path.isEmpty())
        return {};
    const QFileInfo info(m_path);
    const QString canonical = info.canonicalFilePath();
    const QString idSource =
        isServer() ? m_path : (canonical.isEmpty() ? info.absoluteFilePath() : canonical);
    const QByteArray id = QCryptographicHash::hash(idSource.toUtf8(), QCryptographicHash::Sha1);
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

void Document::loadKeyTargets(const std::vector<std::shared_ptr<orm::Entity>> &objects)
{
    if (!isServer()) {
        EntityCatalog::loadKeyTargets(*m_session, objects);
        return;
    }
    // A round trip: read in the background (Queue::Labels), each key once while it is read.
    for (EntityCatalog::KeyTargets wanted : EntityCatalog::missingKeyTargets(*m_session, objects)) {
        const orm::EntityMeta &target = *wanted.target;
        QStringList names;
        QVariantList keys;
        for (const QVariant &key : std::as_const(wanted.keys)) {
            const QString name = target.name() + u'\x1f' + key.toString();
            if (m_keyTargetsReading.contains(name))
                continue;
            m_keyTargetsReading.insert(name);
            names << name;
            keys << key;
        }
        const orm::Expr &keyColumn = target.column(target.primaryKeyColumns().first()).expr;
        for (qsizetype at = 0; at < keys.size(); at += EntityCatalog::keyTargetChunk) {
            const orm::QueryBase query = m_session->query(target).filter(
                keyColumn.in(keys.mid(at, EntityCatalog::keyTargetChunk)));
            const quint64 id =
                m_backgroundReader->requestEntityRows(query, BackgroundReader::Queue::Labels);
            m_keyTargetReads.insert(id, {&target, names.mid(at, EntityCatalog::keyTargetChunk)});
        }
    }
}

void Document::onKeyTargetsRead(quint64 id, const QList<QVariantList> &rows, const QString &error)
{
    const auto read = m_keyTargetReads.constFind(id);
    if (read == m_keyTargetReads.cend())
        return;
    const KeyTargetRead done = *read;
    m_keyTargetReads.erase(read);
    for (const QString &name : done.keys)
        m_keyTargetsReading.remove(name);
    if (!error.isEmpty())
        return; // named by their keys; asked for again when next shown
    (void)m_session->loadStoredRows(*done.target, rows);
    Q_EMIT keyTargetsRead();
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
    // The session tells of its changes before a failed commit() returns: the checks and the
    // views that read here must leave the session's error to the commit.
    const orm::Error error = m_session->lastError();
    m_pendingChanges = m_session->pendingChanges();
    m_validator->update(m_pendingChanges);
    Q_EMIT changesUpdated();
    m_session->setError(error);
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

void Document::stageNewObjects(const orm::EntityMeta &meta, const QList<int> &columns,
                               const QList<QVariantList> &rows, const QString &description)
{
    if (meta.isReadOnly() || rows.isEmpty())
        return;
    std::vector<std::shared_ptr<orm::Entity>> objects;
    objects.reserve(size_t(rows.size()));
    for (const QVariantList &row : rows) {
        std::shared_ptr<orm::Entity> object = meta.create();
        applyDefaults(*object);
        for (qsizetype i = 0; i < columns.size() && i < row.size(); ++i)
            (void)object->setValue(columns.at(i), row.at(i));
        objects.push_back(std::move(object));
    }
    // One command for every row: one undo step, one change of the pending list.
    auto *command = new AddObjectsCommand(m_session.get(), std::move(objects));
    command->setText(description);
    m_undoStack->push(command);
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
                    const std::shared_ptr<orm::Entity> &item, const QVariantMap &values)
{
    const int before = m_undoStack->index();
    m_undoStack->push(new LinkCommand(m_session.get(), owner, &relationship, item,
                                      LinkCommand::Action::Link, values));
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

QList<orm::Trigger> Document::triggers(const orm::EntityMeta &meta) const
{
    return m_triggers.value(meta.tableName().toLower());
}

bool Document::firesTriggers() const
{
    if (m_triggers.isEmpty())
        return false;
    for (const orm::PendingChange &c : m_pendingChanges) {
        const QString table = c.relationship && !c.relationship->secondary.isEmpty()
            ? c.relationship->secondary
            : c.object->entityMeta().tableName();
        if (m_triggers.contains(table.toLower()))
            return true;
    }
    return false;
}

void Document::rereadLoadedObjects()
{
    // Quietly: the tables, the form and the panels read again on committed().
    const QSignalBlocker quiet(m_session.get());
    for (const orm::EntityMeta *meta : m_schema.entities) {
        for (const auto &object : m_session->identityObjects(*meta)) {
            if (!m_session->refresh(*object)
                && m_session->lastError().kind() == orm::Error::Kind::StaleData)
                m_session->expunge(*object); // deleted by a trigger
        }
    }
}

bool Document::isWaiting() const
{
    return m_lockWaiter->isWaiting();
}

bool Document::answeringWhile(const std::function<bool()> &work, bool *cancelled)
{
    if (!isServer() || m_serverWait)
        return work();
    // The round trips wait in the event loop: the window answers, and Cancel stops them.
    ServerWait wait(m_engine->connection(), m_lockWaiter.get(), m_backgroundReader.get());
    m_serverWait = &wait;
    const bool ok = work();
    m_serverWait = nullptr;
    if (cancelled)
        *cancelled = wait.isCancelled();
    return ok;
}

bool Document::commit()
{
    if (isCommitting())
        return false; // it goes on
    m_lastError = orm::Error();
    return tryCommit();
}

bool Document::tryCommit()
{
    // With no busy timeout, a commit that meets another program's lock (BEGIN IMMEDIATE while
    // it writes, or COMMIT while it reads) fails at once, rolls back, and keeps every staged
    // change: it is tried again from the event loop, the window painting.
    m_takingWriteLock = true;
    m_firesTriggers = firesTriggers();
    bool cancelled = false;
    const int staged = pendingChangeCount();
    const bool ok = answeringWhile([this] { return m_session->commit(); }, &cancelled);
    if (ok)
        m_committedCount = staged;
    m_takingWriteLock = false;
    m_firesTriggers = false;
    if (ok) {
        finishCommitWaiting();
        return true;
    }
    if (m_session->lastError().kind() != orm::Error::Kind::Busy || cancelled) {
        finishCommitWaiting();
        m_lastError = m_session->lastError();
        if (cancelled && m_lastError.kind() == orm::Error::Kind::Cancelled) {
            m_lastError = orm::Error(orm::Error::Kind::Cancelled,
                                     tr("The commit was cancelled: nothing was written"));
        }
        // A lost connection or a cancel says nothing of the rows: the next commit may go
        // through as they are.
        const orm::Error::Kind kind = m_lastError.kind();
        if (kind != orm::Error::Kind::Connection && kind != orm::Error::Kind::Cancelled
            && kind != orm::Error::Kind::Serialization)
            m_validator->setCommitError(m_lastError);
        Q_EMIT commitFailed(m_lastError);
        return false;
    }
    if (!m_commitTimer) {
        m_commitTimer = new QTimer(this);
        // A server logs each try that meets the row lock as an error: fewer tries there.
        m_commitTimer->setInterval(isServer() ? 500 : 50);
        connect(m_commitTimer, &QTimer::timeout, this, [this] {
            m_commitRetried = true;
            // Checks that met the lock run first: what they find must be fixed before writing.
            m_validator->recheck(m_pendingChanges);
            if (m_validator->hasErrors()) {
                // An edit made while waiting needs fixing first.
                finishCommitWaiting();
                m_lastError = orm::Error(orm::Error::Kind::Validation,
                                         tr("Fix the highlighted fields before committing"));
                Q_EMIT commitFailed(m_lastError);
                return;
            }
            (void)tryCommit();
        });
        m_commitTimer->start();
        m_lockWaiter->setCommitWaiting(true);
    }
    return false;
}

void Document::finishCommitWaiting()
{
    m_commitRetried = false;
    if (!m_commitTimer)
        return;
    delete m_commitTimer;
    m_commitTimer = nullptr;
    m_lockWaiter->setCommitWaiting(false);
}

void Document::cancelCommit()
{
    if (m_serverWait) {
        m_serverWait->cancel(); // the commit fails when the server has stopped it
        return;
    }
    if (!isCommitting())
        return;
    finishCommitWaiting();
    Q_EMIT commitCancelled();
}

void Document::discard()
{
    cancelCommit();
    if (!m_session->hasPendingChanges()) {
        m_session->rollback();
        return;
    }
    m_undoStack->push(new DiscardCommand(
        m_session.get(),
        [this] {
            const QScopedValueRollback<bool> keepHistory(m_discarding, true);
            m_session->rollback();
        },
        pendingChangeCount()));
}

} // namespace ui
