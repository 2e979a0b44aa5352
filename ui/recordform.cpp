// SPDX-License-Identifier: MIT
#include "ui/recordform.h"

#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "orm/session/session.h"
#include "ui/backgroundreader.h"
#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/fieldeditor.h"
#include "ui/stagedvalidator.h"
#include "ui/theme.h"
#include "ui/valueformatter.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ui {

namespace {
int nextMergeToken()
{
    static int token = 0;
    return ++token;
}
} // namespace

RecordForm::RecordForm(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_placeholder(new QLabel(this))
    , m_banner(new QWidget(this))
    , m_bannerText(new QLabel(m_banner))
    , m_bannerButton(new QPushButton(m_banner))
    , m_fields(new QWidget(this))
    , m_grid(new QGridLayout(m_fields))
    , m_legend(new QLabel(this))
    , m_objectError(new QLabel(this))
{
    setObjectName(u"recordForm"_s);
    setAccessibleName(tr("Record"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(6);

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setObjectName(u"recordTitle"_s);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    m_subtitle->setObjectName(u"recordSubtitle"_s);
    // A role, not a colour: muted text follows a switch between light and dark.
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);

    // A note about the object shown: it is deleted when committed, or its table is read-only.
    m_banner->setObjectName(u"recordBanner"_s);
    m_bannerText->setObjectName(u"recordNote"_s);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 6, 8, 6);
    m_bannerText->setWordWrap(true);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerButton);
    m_banner->setAutoFillBackground(true);
    m_banner->hide();
    m_bannerButton->setText(tr("Keep"));
    m_bannerButton->setIcon(Theme::icon(Theme::Icon::Revert));
    m_bannerButton->setAccessibleName(tr("Keep this record"));
    connect(m_bannerButton, &QPushButton::clicked, this, [this] {
        if (m_object)
            Q_EMIT undeleteRequested(m_object);
    });
    layout->addWidget(m_banner);

    m_objectError->setWordWrap(true);
    m_objectError->setObjectName(u"objectError"_s);
    m_objectError->hide();
    layout->addWidget(m_objectError);

    m_grid->setContentsMargins(0, 6, 0, 0);
    m_grid->setHorizontalSpacing(12);
    m_grid->setVerticalSpacing(4);
    m_grid->setColumnStretch(1, 1);
    layout->addWidget(m_fields);

    m_legend->setText(tr("* required"));
    m_legend->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_legend);

    m_placeholder->setText(tr("Select a row to see and edit it here."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_placeholder->setWordWrap(true);
    layout->addWidget(m_placeholder);
    layout->addStretch(1);
    setObject(nullptr);
}

void RecordForm::setDocument(Document *document)
{
    if (m_document) {
        disconnect(m_document, nullptr, this, nullptr);
        disconnect(&m_document->session(), nullptr, this, nullptr);
        disconnect(m_document->validator(), nullptr, this, nullptr);
        disconnect(m_document->backgroundReader(), nullptr, this, nullptr);
    }
    m_document = document;
    m_readAgainRequest = 0;
    m_readAgainObject.reset();
    setObject(nullptr);
    rebuild(nullptr);
    if (!document)
        return;
    connect(&document->session(), &orm::Session::objectChanged, this,
            [this](orm::Entity *o, int column) {
                if (!m_object || o != m_object.get())
                    return;
                if (column < 0)
                    refreshValues();
                else
                    refreshValue(column);
                refreshHeader();
            });
    connect(document, &Document::changesUpdated, this, &RecordForm::refreshHeader);
    connect(document, &Document::committed, this, [this] {
        // A row read before the commit would put back what the commit wrote: read it again.
        if (m_readAgainRequest != 0)
            readAgain();
    });
    connect(document, &Document::keyTargetsRead, this, &RecordForm::refreshHeader);
    connect(document, &Document::committed, this, [this] {
        refreshValues();
        refreshHeader();
    });
    connect(document->validator(), &StagedValidator::errorsChanged, this,
            &RecordForm::refreshErrors);
    connect(document->backgroundReader(), &BackgroundReader::rowsReady, this,
            &RecordForm::onRowsRead);
}

void RecordForm::readAgain()
{
    if (!m_document || !m_object || m_object->objectState() != orm::ObjectState::Persistent)
        return;
    const orm::EntityMeta &meta = m_object->entityMeta();
    if (meta.primaryKeyColumns().isEmpty())
        return;
    orm::QueryBase query = m_document->session().query(meta);
    for (int column : meta.primaryKeyColumns())
        query = query.filter(meta.column(column).expr == m_object->value(column));
    // A newer request replaces one still on its way: its answer is let go.
    m_readAgainObject = m_object;
    m_readAgainRequest = m_document->backgroundReader()->requestEntityRows(query);
}

void RecordForm::onRowsRead(quint64 id, const QList<QVariantList> &rows, const QString &error)
{
    if (id == 0 || id != m_readAgainRequest)
        return;
    m_readAgainRequest = 0;
    const std::shared_ptr<orm::Entity> object = std::exchange(m_readAgainObject, nullptr);
    if (!error.isEmpty() || !object)
        return; // shown as it was: the next change read, or View > Reload, tries again
    orm::Session &session = m_document->session();
    if (object->session() == &session) {
        // Refreshes the object as a query's row does (objectChanged() shows its fields).
        (void)session.loadStoredRows(object->entityMeta(), rows);
        // Deleted elsewhere: an object with nothing staged is let go, as Session::get() does.
        if (rows.isEmpty() && !session.isModified(*object))
            session.expunge(*object);
    }
    if (object != m_object)
        return;
    if (!object->session())
        setObject(nullptr); // let go meanwhile (a page read again without it) or now
    Q_EMIT objectReadAgain();
}

void RecordForm::setObject(const std::shared_ptr<orm::Entity> &object)
{
    m_object = object;
    m_mergeToken = nextMergeToken();
    if (object && m_document)
        m_document->loadKeyTargets({object}); // named in the title
    const orm::EntityMeta *meta = object ? &object->entityMeta() : nullptr;
    if (meta != m_meta)
        rebuild(meta);
    m_placeholder->setVisible(!object);
    m_fields->setVisible(object != nullptr);
    m_title->setVisible(object != nullptr);
    m_subtitle->setVisible(object != nullptr);
    m_legend->setVisible(object != nullptr);
    refreshValues();
    refreshHeader();
    refreshErrors();
}

void RecordForm::rebuild(const orm::EntityMeta *meta)
{
    for (QWidget *w : m_fields->findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
        delete w;
    m_editors.clear();
    m_errorLabels.clear();
    m_labels.clear();
    m_meta = meta;
    if (!meta || !m_document)
        return;
    const QColor error = Theme::errorColor(palette());
    QWidget *previous = nullptr;
    for (int i = 0; i < meta->columnCount(); ++i) {
        const bool required = EntityCatalog::isRequired(*meta, i);
        auto *label = new QLabel(
            EntityCatalog::columnLabel(*meta, i) + (required ? u" *"_s : QString()), m_fields);
        label->setObjectName(u"label_"_s + meta->column(i).column.name);
        FieldEditor *editor =
            FieldEditor::create(m_document, *meta, i, FieldEditor::Style::Form, m_fields);
        label->setBuddy(editor->control());
        const orm::Column &c = meta->column(i).column;
        QString tip = orm::typeDisplayName(c.type);
        if (required)
            tip += u", "_s + tr("required");
        if (c.unique)
            tip += u", "_s + tr("unique");
        if (const QString form = ValueFormatter::formNote(c); !form.isEmpty())
            tip += u". "_s + form;
        label->setToolTip(tip);
        auto *errorLabel = new QLabel(m_fields);
        errorLabel->setObjectName(u"error_"_s + c.name);
        errorLabel->setWordWrap(true);
        QPalette p = errorLabel->palette();
        p.setColor(QPalette::WindowText, error);
        errorLabel->setPalette(p);
        QFont small = errorLabel->font();
        small.setPointSizeF(small.pointSizeF() * 0.92);
        errorLabel->setFont(small);
        errorLabel->setAccessibleName(tr("%1: no error").arg(EntityCatalog::columnLabel(*meta, i)));
        errorLabel->hide();
        const int row = i * 2;
        const bool tall =
            c.type.type == orm::ColumnType::Text || c.type.type == orm::ColumnType::Json;
        m_grid->addWidget(label, row, 0,
                          tall ? Qt::AlignTop | Qt::AlignLeft : Qt::AlignVCenter | Qt::AlignLeft);
        m_grid->addWidget(editor, row, 1);
        m_grid->addWidget(errorLabel, row + 1, 1);
        label->show(); // now, not when the event loop gets to it
        editor->show();
        m_editors.insert(i, editor);
        m_errorLabels.insert(i, errorLabel);
        m_labels.insert(i, label);
        editor->control()->installEventFilter(this);
        connect(editor, &FieldEditor::valueEdited, this,
                [this, i](const QVariant &v) { onValueEdited(i, v); });
        connect(
            editor, &FieldEditor::objectPicked, this,
            [this, i](const std::shared_ptr<orm::Entity> &target) { onObjectPicked(i, target); });
        if (previous)
            setTabOrder(previous, editor->control());
        previous = editor->control();
    }
}

FieldEditor *RecordForm::editor(const QString &columnName) const
{
    return m_meta ? m_editors.value(m_meta->columnIndex(columnName)) : nullptr;
}

QLabel *RecordForm::errorLabel(const QString &columnName) const
{
    return m_meta ? m_errorLabels.value(m_meta->columnIndex(columnName)) : nullptr;
}

void RecordForm::focusField(int column)
{
    if (FieldEditor *e = m_editors.value(column)) {
        e->control()->setFocus(Qt::OtherFocusReason);
    }
}

bool RecordForm::eventFilter(QObject *watched, QEvent *event)
{
    // Typing in one field, from entering it to leaving it, is one undo step.
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
        m_mergeToken = nextMergeToken();
    return QWidget::eventFilter(watched, event);
}

void RecordForm::refreshValue(int column)
{
    FieldEditor *e = m_editors.value(column);
    if (!e || !m_object)
        return;
    e->setValue(shownValue(column));
    e->setPendingReference(m_document ? m_document->session().pendingReference(*m_object, column)
                                      : nullptr);
}

QVariant RecordForm::shownValue(int column) const
{
    // What was typed and refused stays in its field until it is fixed (or undone).
    if (m_document) {
        const QVariant refused = m_document->validator()->refusedValue(*m_object, column);
        if (refused.isValid())
            return refused;
    }
    return m_object->value(column);
}

void RecordForm::refreshValues()
{
    if (!m_object)
        return;
    const bool deleted = m_document && m_document->session().isMarkedForDeletion(*m_object);
    const bool readOnly = deleted || m_object->entityMeta().isReadOnly();
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        it.value()->setValue(shownValue(it.key()));
        if (m_document)
            it.value()->setPendingReference(
                m_document->session().pendingReference(*m_object, it.key()));
        it.value()->setReadOnly(readOnly);
    }
}

void RecordForm::refreshHeader()
{
    if (!m_object || !m_document) {
        m_banner->hide();
        m_objectError->hide();
        return;
    }
    const orm::EntityMeta &meta = m_object->entityMeta();
    const orm::Session &session = m_document->session();
    m_title->setText(EntityCatalog::labelOf(*m_object));
    QString state;
    const bool isNew = m_object->objectState() == orm::ObjectState::Pending;
    const bool deleted = session.isMarkedForDeletion(*m_object);
    const bool detached = m_object->session() == nullptr;
    if (detached)
        state = tr("not in the database");
    else if (isNew)
        state = tr("new, not committed yet");
    else if (deleted)
        state = tr("deleted when you commit");
    else if (session.isModified(*m_object))
        state = tr("modified, not committed yet");
    QString subtitle = EntityCatalog::describe(*m_object);
    if (!state.isEmpty())
        subtitle += u" · "_s + state;
    m_subtitle->setText(subtitle);

    if (deleted) {
        QPalette p = m_banner->palette();
        p.setColor(QPalette::Window, Theme::tint(p, Theme::deletedColor(p), 0.18));
        m_banner->setPalette(p);
        m_bannerText->setText(tr("This %1 will be deleted when you commit.")
                                  .arg(EntityCatalog::recordName(meta).toLower()));
        m_bannerButton->show();
        m_banner->show();
    } else if (meta.isReadOnly()) {
        // Say why the fields cannot be edited (a view, a table without a primary key).
        QPalette p = m_banner->palette();
        p.setColor(QPalette::Window, Theme::tint(p, p.color(QPalette::PlaceholderText), 0.12));
        m_banner->setPalette(p);
        m_bannerText->setText(meta.readOnlyReason().isEmpty()
                                  ? tr("This table is read-only.")
                                  : tr("Read-only: %1.").arg(meta.readOnlyReason()));
        m_bannerButton->hide();
        m_banner->show();
    } else {
        m_banner->hide();
    }
    const bool readOnly = deleted || meta.isReadOnly() || detached;
    for (FieldEditor *e : std::as_const(m_editors))
        e->setReadOnly(readOnly);
}

void RecordForm::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The form's own palette changes when the application's does (not when a child's is set).
    if (event->type() != QEvent::PaletteChange)
        return;
    // Colours derived from the palette (errors, banners) follow a switch between light and dark.
    const QColor error = Theme::errorColor(palette());
    for (QLabel *label : std::as_const(m_errorLabels)) {
        QPalette p = label->palette();
        p.setColor(QPalette::WindowText, error);
        label->setPalette(p);
    }
    if (m_object) {
        refreshHeader();
        refreshErrors();
    }
}

void RecordForm::refreshErrors()
{
    if (!m_object || !m_document)
        return;
    const QHash<int, QString> errors = m_document->validator()->errors(*m_object);
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
        const QString message = errors.value(it.key());
        showFieldError(it.key(), message);
        if (FieldEditor *e = m_editors.value(it.key()))
            e->setError(message);
    }
    const QString objectMessage = errors.value(-1);
    m_objectError->setText(objectMessage);
    QPalette p = m_objectError->palette();
    p.setColor(QPalette::WindowText, Theme::errorColor(p));
    m_objectError->setPalette(p);
    m_objectError->setVisible(!objectMessage.isEmpty());
}

void RecordForm::showFieldError(int column, const QString &message)
{
    QLabel *label = m_errorLabels.value(column);
    if (!label || !m_meta)
        return;
    label->setText(message);
    label->setVisible(!message.isEmpty());
    // A screen reader reads the name, not the text, of a named label: the message is in it.
    const QString field = EntityCatalog::columnLabel(*m_meta, column);
    label->setAccessibleName(message.isEmpty() ? tr("%1: no error").arg(field)
                                               : tr("%1: %2").arg(field, message));
}

void RecordForm::onValueEdited(int column, const QVariant &value)
{
    if (!m_object || !m_document)
        return;
    if (m_document->stageValue(m_object, column, value, m_mergeToken)) {
        // A refusal shown for an earlier keystroke no longer holds.
        m_document->validator()->clearRefused(*m_object, column);
        if (m_errorLabels.value(column) && m_errorLabels.value(column)->isVisible())
            refreshErrors();
        return;
    }
    FieldEditor *e = m_editors.value(column);
    if (!e)
        return;
    // Why, when the column can say (too many digits for a NUMERIC(p, s), …).
    const orm::EntityMeta &meta = m_object->entityMeta();
    QString message = meta.validateValue(column, value);
    if (message.isEmpty())
        message = tr("not a valid %1").arg(orm::typeDisplayName(meta.column(column).column.type));
    e->setError(message);
    showFieldError(column, message);
    // Kept until fixed: what was staged before it must not be committed in its place.
    m_document->validator()->setRefused(m_object, column, value, message);
}

void RecordForm::onObjectPicked(int column, const std::shared_ptr<orm::Entity> &target)
{
    if (!m_object || !m_document || !target)
        return;
    const ForeignKeyLink link = m_document->catalog().foreignKey(m_object->entityMeta(), column);
    if (target->entityMeta().isKeyUnset(*target)) {
        // A new target has no key yet: only the relationship can link to it.
        if (link.relationship) {
            m_document->setRelated(m_object, *link.relationship, target);
            refreshValue(column); // named by the new row, its key unknown until commit
        }
        return;
    }
    m_document->stageValue(m_object, column, target->value(link.targetColumn), 0);
}

} // namespace ui
