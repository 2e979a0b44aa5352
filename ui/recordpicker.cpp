// SPDX-License-Identifier: MIT
#include "ui/recordpicker.h"

#include "orm/session/session.h"
#include "ui/backgroundreader.h"
#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/lockwaiter.h"
#include "ui/pagecache.h"
#include "ui/recordsearchmodel.h"
#include "ui/theme.h"

#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QCompleter>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QTimer>

using namespace Qt::StringLiterals;
#include <QToolButton>

namespace ui {

RecordPicker::RecordPicker(Document *document, const orm::EntityMeta &meta, Mode mode,
                           QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_meta(&meta)
    , m_mode(mode)
    , m_edit(new QLineEdit(this))
    , m_button(new QToolButton(this))
    , m_completer(new QCompleter(this))
    , m_model(new RecordSearchModel(document, meta, this))
    , m_searchTimer(new QTimer(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_button);
    setFocusProxy(m_edit);

    m_edit->setPlaceholderText(mode == Mode::Pick
                                   ? tr("Search %1 to add…").arg(meta.displayName().toLower())
                                   : tr("Search %1…").arg(meta.displayName().toLower()));
    m_edit->setClearButtonEnabled(mode == Mode::Pick);
    m_edit->addAction(Theme::icon(Theme::Icon::Search), QLineEdit::LeadingPosition);
    m_button->setArrowType(Qt::DownArrow);
    m_button->setAutoRaise(true);
    m_button->setFocusPolicy(Qt::NoFocus);
    m_button->setToolTip(tr("Show %1").arg(meta.displayName().toLower()));
    m_button->setAccessibleName(tr("Show %1").arg(meta.displayName().toLower()));
    m_edit->setAccessibleName(mode == Mode::Pick ? tr("Add %1").arg(EntityCatalog::recordName(meta))
                                                 : EntityCatalog::recordName(meta));

    m_completer->setModel(m_model);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setMaxVisibleItems(12);
    m_completer->setWidget(m_edit);
    m_completer->popup()->setAccessibleName(tr("Matching %1").arg(meta.displayName().toLower()));

    // One query per pause in typing, not one per keystroke.
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(searchDelayMs);
    connect(m_searchTimer, &QTimer::timeout, this, [this] {
        searchNow();
        showPopup();
    });
    // The table is counted (in the background) as soon as the user comes to pick: the search
    // then knows whether the table is large.
    m_edit->installEventFilter(this);
    // Enter while the popup still shows the matches of an earlier text: the search runs first.
    m_completer->popup()->installEventFilter(this);

    // A label that could not be read while another program held the file locked.
    connect(document->lockWaiter(), &LockWaiter::released, this, [this] {
        if (!m_edit->hasFocus())
            restoreText();
    });
    connect(document->backgroundReader(), &BackgroundReader::rowsReady, this,
            &RecordPicker::onRowsReady);
    // Matches that arrive from the background replace "Searching…": the first is current.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_completer->popup()->isVisible())
            showPopup();
    });
    connect(m_edit, &QLineEdit::textEdited, this, &RecordPicker::onTextEdited);
    connect(m_button, &QToolButton::clicked, this, [this] {
        m_searchTimer->stop();
        m_edit->setFocus();
        m_model->setSearchText(m_mode == Mode::Pick ? m_edit->text() : QString());
        showPopup();
    });
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this,
            [this](const QModelIndex &index) {
                const auto *proxy =
                    qobject_cast<const QAbstractProxyModel *>(m_completer->completionModel());
                const QModelIndex source = proxy ? proxy->mapToSource(index) : index;
                choose(source.row());
            });
    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        if (isSearchPending()) {
            // Enter does not wait for the pause: what was typed is searched, and picked.
            searchNow();
            if (!pickFirst())
                showPopup();
        } else if (!m_completer->popup()->isVisible()) {
            pickFirst();
        }
    });
    connect(m_edit, &QLineEdit::editingFinished, this, [this] {
        if (m_choosing || m_completer->popup()->isVisible())
            return;
        if (m_mode == Mode::Value) {
            if (m_edit->text().trimmed().isEmpty() && m_nullability == Nullability::Nullable
                && !m_key.isNull()) {
                m_key = QVariant();
                Q_EMIT valueEdited(m_key);
            } else {
                restoreText();
            }
        }
        Q_EMIT editingFinished();
    });
}

RecordPicker::~RecordPicker()
{
    // QWidget's destructor takes the focus from the line edit, which then finishes editing:
    // that must not reach this picker, already destroyed but for its QWidget part.
    disconnect(m_edit, nullptr, this, nullptr);
    disconnect(m_completer, nullptr, this, nullptr);
}

void RecordPicker::setReadOnly(bool readOnly)
{
    m_edit->setReadOnly(readOnly);
    m_button->setEnabled(!readOnly);
}

void RecordPicker::setPlaceholderText(const QString &text)
{
    m_edit->setPlaceholderText(text);
}

void RecordPicker::setExcluded(const std::vector<std::shared_ptr<orm::Entity>> &objects)
{
    m_model->setExcluded(objects);
}

QString RecordPicker::labelFor(const QVariant &key)
{
    if (key.isNull())
        return {};
    orm::Session &session = m_document->session();
    auto object = session.identityLookup(*m_meta, key);
    if (!object && m_target && m_targetKey == key)
        object = m_target;
    if (!object && m_document->isServer()) {
        if (m_targetKey != key) {
            // A round trip: read in the background, the label shown when it arrives.
            const QList<orm::Expr> keyColumns = PageCache::keyColumns(*m_meta);
            m_target.reset();
            m_targetKey = key;
            m_targetRequest = keyColumns.size() != 1
                ? 0
                : m_document->backgroundReader()->requestEntityRows(
                    session.query(*m_meta).filter(keyColumns.first() == key),
                    BackgroundReader::Queue::Labels);
        }
        if (m_targetRequest != 0)
            return u"…"_s;
    }
    if (!object && !m_document->isServer())
        object = session.get(*m_meta, key);
    return object ? EntityCatalog::labelOf(*object) : u'#' + key.toString();
}

void RecordPicker::onRowsReady(quint64 id, const QList<QVariantList> &rows, const QString &error)
{
    if (id == 0 || id != m_targetRequest)
        return;
    m_targetRequest = 0;
    if (error.isEmpty()) {
        auto objects = m_document->session().loadStoredRows(*m_meta, rows);
        m_target = objects.empty() ? nullptr : objects.front();
    }
    if (!m_edit->hasFocus())
        restoreText();
}

void RecordPicker::setValue(const QVariant &key)
{
    m_key = key;
    m_pendingTarget.reset();
    restoreText();
}

void RecordPicker::setPendingTarget(const std::shared_ptr<orm::Entity> &target)
{
    if (target == m_pendingTarget)
        return;
    m_pendingTarget = target;
    restoreText();
}

void RecordPicker::restoreText()
{
    if (m_mode == Mode::Pick) {
        m_edit->clear();
        return;
    }
    const QString text =
        m_pendingTarget ? EntityCatalog::labelOf(*m_pendingTarget) : labelFor(m_key);
    if (m_edit->text() != text)
        m_edit->setText(text);
}

bool RecordPicker::isSearchPending() const
{
    return m_searchTimer->isActive();
}

void RecordPicker::searchNow()
{
    m_searchTimer->stop();
    m_model->setSearchText(m_edit->text());
}

bool RecordPicker::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::FocusIn) {
        m_model->requestTableCount();
    } else if (watched == m_completer->popup() && event->type() == QEvent::KeyPress
               && isSearchPending()) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            searchNow();
            if (!pickFirst())
                showPopup();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RecordPicker::onTextEdited(const QString &text)
{
    if (text.trimmed().isEmpty() && m_mode == Mode::Value) {
        m_searchTimer->stop();
        m_model->setSearchText(text);
        m_completer->popup()->hide();
        return;
    }
    m_searchTimer->start();
}

void RecordPicker::showPopup()
{
    if (m_model->rowCount() == 0) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->setCompletionPrefix(QString());
    m_completer->complete();
    QAbstractItemView *popup = m_completer->popup();
    popup->setCurrentIndex(m_completer->completionModel()->index(0, 0));
}

bool RecordPicker::pickFirst()
{
    if (m_model->rowCount() == 0
        || m_model->data(m_model->index(0), RecordSearchModel::MoreRole).toBool())
        return false;
    choose(0);
    return true;
}

void RecordPicker::choose(int row)
{
    const std::shared_ptr<orm::Entity> object = m_model->objectAt(row);
    if (!object)
        return;
    m_choosing = true;
    m_searchTimer->stop();
    m_completer->popup()->hide();
    if (m_mode == Mode::Pick) {
        m_edit->clear();
        m_model->setSearchText(QString());
        Q_EMIT picked(object);
    } else {
        const QVariant key = m_meta->isKeyUnset(*object) ? QVariant() : object->primaryKey();
        m_edit->setText(EntityCatalog::labelOf(*object));
        if (key != m_key || key.isNull() != m_key.isNull()) {
            m_key = key;
            Q_EMIT valueEdited(m_key);
        }
        Q_EMIT picked(object);
    }
    m_choosing = false;
}

} // namespace ui
