// SPDX-License-Identifier: MIT
#include "ui/entitybrowser.h"

#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/entitylistmodel.h"
#include "ui/entitytablemodel.h"
#include "ui/entitytableview.h"
#include "ui/filterheader.h"
#include "ui/recorddelegate.h"
#include "ui/theme.h"
#include "ui/valueformatter.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

namespace ui {

EntityBrowser::EntityBrowser(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_note(new QLabel(this))
    , m_countLabel(new QLabel(this))
    , m_cancelReads(new QToolButton(this))
    , m_view(new EntityTableView(this))
    , m_header(new FilterHeader(m_view))
    , m_searchTimer(new QTimer(this))
    , m_windowRows(EntityTableModel::defaultWindowRows)
{
    setObjectName(u"entityBrowser"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 6, 6, 0);
    m_search->setObjectName(u"quickSearch"_s);
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Theme::icon(Theme::Icon::Search), QLineEdit::LeadingPosition);
    m_search->setAccessibleName(tr("Quick search"));
    m_search->setToolTip(tr("Search the text columns (Ctrl+F)"));
    bar->addWidget(m_search, 1);
    m_note->setObjectName(u"browserNote"_s);
    m_note->setWordWrap(true);
    m_note->hide();
    bar->addWidget(m_note, 1);
    m_countLabel->setObjectName(u"rowCount"_s);
    m_countLabel->setMinimumWidth(
        m_countLabel->fontMetrics().horizontalAdvance(u"000,000,000 rows"_s));
    m_countLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_countLabel->setForegroundRole(QPalette::PlaceholderText); // follows light / dark
    bar->addWidget(m_countLabel);
    // While a count or a read of rows runs in the worker (seconds on a big server table).
    m_cancelReads->setObjectName(u"cancelReads"_s);
    m_cancelReads->setText(tr("Cancel"));
    m_cancelReads->setToolTip(tr("Stop counting and reading the rows"));
    m_cancelReads->setAutoRaise(true);
    QSizePolicy keepPlace = m_cancelReads->sizePolicy();
    keepPlace.setRetainSizeWhenHidden(true); // the bar does not move as it comes and goes
    m_cancelReads->setSizePolicy(keepPlace);
    m_cancelReads->hide();
    connect(m_cancelReads, &QToolButton::clicked, this, [this] {
        if (m_model)
            m_model->cancelReads();
    });
    bar->addWidget(m_cancelReads);
    layout->addLayout(bar);

    m_view->setObjectName(u"entityTable"_s);
    m_view->setAccessibleName(tr("Rows"));
    m_view->setHorizontalHeader(m_header);
    m_view->setItemDelegate(new RecordDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setCornerButtonEnabled(false);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->verticalHeader()->setDefaultAlignment(Qt::AlignCenter);
    m_view->verticalHeader()->setMinimumWidth(22); // shows only the marks of staged rows
    m_header->setStretchLastSection(true);
    m_header->setSortIndicator(-1, Qt::AscendingOrder);
    layout->addWidget(m_view, 1);

    connect(m_view->horizontalScrollBar(), &QScrollBar::valueChanged, m_header,
            &FilterHeader::placeEditors);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(200);
    connect(m_searchTimer, &QTimer::timeout, this, &EntityBrowser::applySearch);
    connect(m_search, &QLineEdit::textEdited, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &t) {
        if (t.isEmpty())
            m_searchTimer->start(0); // the clear button
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchTimer->stop();
        applySearch();
        m_view->setFocus();
        if (m_model && m_model->rowCount() > 0 && !m_view->currentIndex().isValid())
            m_view->setCurrentIndex(m_model->index(0, 0));
    });
    auto *clear = new QAction(m_search);
    clear->setShortcut(Qt::Key_Escape);
    clear->setShortcutContext(Qt::WidgetShortcut);
    m_search->addAction(clear);
    connect(clear, &QAction::triggered, m_search, &QLineEdit::clear);
    connect(m_header, &FilterHeader::filterChanged, this, [this](int column, const QString &text) {
        if (!m_model)
            return;
        m_model->setColumnFilter(column, text);
        m_header->setFilterError(column, m_model->columnFilterError(column));
    });
    m_view->setSortingEnabled(true); // sorts through the model, in SQL
}

void EntityBrowser::setDocument(Document *document)
{
    m_view->setModel(nullptr);
    qDeleteAll(m_models);
    m_models.clear();
    m_model = nullptr;
    m_meta = nullptr;
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_search->clear();
    updateCountLabel();
    if (document) {
        // Foreign keys show, and sort by, the targets' labels: every table reads them again.
        connect(document, &Document::labelsChanged, this, [this] {
            for (EntityTableModel *model : std::as_const(m_models))
                model->reload(); // the current row keeps its place (restorePlace())
        });
    }
}

EntityTableModel *EntityBrowser::modelFor(const orm::EntityMeta *meta)
{
    if (!meta || !m_document)
        return nullptr;
    EntityTableModel *&model = m_models[meta];
    if (!model) {
        model = new EntityTableModel(m_document, *meta, this);
        model->setWindowRows(m_windowRows);
        connect(model, &EntityTableModel::totalCountChanged, this, [this, model](qint64 n) {
            if (model != m_model)
                return;
            // The counted rows come before the new ones: a new current row moved, follow it.
            const QModelIndex current = m_view->currentIndex();
            if (m_keptTop >= 0) {
                // The rows are there now: the view goes back to where it was.
                m_view->setTopRow(std::exchange(m_keptTop, -1));
                if (m_view->currentIndex().isValid() && m_currentWasInView)
                    m_view->scrollTo(m_view->currentIndex());
            } else if (current.isValid() && current.row() >= n) {
                m_view->doItemsLayout(); // the scroll bar's new range, now
                m_view->scrollTo(current);
            } else if (const auto object = m_current.lock(); !current.isValid() && object
                       && object->objectState() == orm::ObjectState::Pending) {
                // Past the window of a large table.
                selectRow(model->absoluteRowOf(*object), Selection::Quiet);
            }
            updateCountLabel();
            Q_EMIT countChanged(n);
        });
        connect(model, &EntityTableModel::rowFound, this,
                [this, model](const std::shared_ptr<orm::Entity> &object, qint64 row) {
                    if (model == m_model)
                        onRowFound(object, row);
                });
        connect(model, &EntityTableModel::rowsArrived, this, [this, model](int first, int last) {
            // The current row was a placeholder: its object is there now.
            const int row = m_view->currentIndex().row();
            if (model == m_model && row >= first && row <= last
                && currentObject() != m_current.lock())
                onCurrentRowChanged();
        });
        connect(model, &EntityTableModel::windowChanged, this, [this, model] {
            if (model == m_model)
                restoreCurrent();
        });
        connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this, model] {
            if (model == m_model)
                rememberPlace();
        });
        connect(model, &QAbstractItemModel::modelReset, this, [this, model] {
            if (model != m_model)
                return;
            restorePlace();
            updateCountLabel();
            refreshNote(model->searchError()); // a read that failed before is tried again
        });
        connect(model, &EntityTableModel::readingChanged, this, [this, model] {
            if (model == m_model)
                updateCountLabel();
        });
        // A read the database refused (a server's error, a file gone): said beside the search
        // field, as a table that cannot be read is, never left as "counting…".
        connect(model, &EntityTableModel::loadFailed, this, [this, model] {
            if (model != m_model)
                return;
            refreshNote(model->searchError());
            updateCountLabel();
        });
        connect(model, &EntityTableModel::largestKeyKnown, this, [this, model] {
            if (model == m_model)
                sizeColumns();
        });
        connect(model, &QAbstractItemModel::rowsRemoved, this, [this, model] {
            if (model == m_model)
                updateCountLabel();
        });
        connect(model, &QAbstractItemModel::rowsInserted, this, [this, model] {
            if (model == m_model)
                updateCountLabel();
        });
    }
    return model;
}

void EntityBrowser::setEntity(const orm::EntityMeta *meta)
{
    if (meta == m_meta)
        return;
    m_searchTimer->stop();
    m_meta = meta;
    m_model = modelFor(meta);
    m_current.reset();
    m_currentRow = -1;
    m_finding.reset();
    m_findingAfterReset = false;
    m_keptTop = -1;
    if (m_model) {
        // The header's indicator is the new model's own sort, not the previous table's.
        QSignalBlocker block(m_header);
        m_header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    }
    m_view->setModel(m_model);
    if (m_view->selectionModel()) {
        connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                &EntityBrowser::onCurrentRowChanged);
    }
    m_header->refreshEditors();
    m_search->setText(m_model ? m_model->searchText() : QString());
    if (m_model) {
        for (int c = 0; c < m_model->columnCount(); ++c) {
            m_header->setFilterText(c, m_model->columnFilter(c));
            m_header->setFilterError(c, m_model->columnFilterError(c));
        }
    }
    sizeColumns();
    updateCountLabel();
    showSearchError(QString());
    const bool readable = !meta || meta->table().error().isEmpty();
    m_search->setEnabled(readable);
    m_header->setEnabled(readable);
}

void EntityBrowser::sizeColumns()
{
    if (!m_model)
        return;
    const QFontMetrics fm = m_view->fontMetrics();
    const int charWidth = fm.averageCharWidth();
    const orm::EntityMeta &meta = m_model->meta();
    // An integer key is as wide as its largest value (ids of a ten-million-row table have 8
    // digits).
    const QList<int> &pk = meta.primaryKeyColumns();
    const int keyColumn = pk.size() == 1 ? pk.first() : -1;
    const int keyWidth =
        keyColumn >= 0 ? fm.horizontalAdvance(QString::number(m_model->largestKey())) : 0;
    for (int c = 0; c < meta.columnCount(); ++c) {
        const orm::Column &col = meta.column(c).column;
        int chars = 16;
        const bool isLink = m_document->catalog().foreignKey(meta, c).isValid();
        switch (col.type.type) {
        case orm::ColumnType::Integer:
        case orm::ColumnType::BigInteger:
            chars = isLink ? 16 : 7;
            break;
        case orm::ColumnType::Boolean:
            chars = 6;
            break;
        case orm::ColumnType::Date:
            chars = 11;
            break;
        case orm::ColumnType::DateTime:
            chars = 19;
            break;
        case orm::ColumnType::String:
            chars = col.type.length > 0 ? qBound(8, col.type.length / 3, 34) : 24;
            break;
        case orm::ColumnType::Text:
        case orm::ColumnType::Json:
            chars = 40;
            break;
        default:
            chars = 12;
            break;
        }
        const int title = fm.horizontalAdvance(EntityCatalog::columnLabel(meta, c)) + 3 * charWidth;
        int values = qMax(chars * charWidth, c == keyColumn ? keyWidth + charWidth : 0);
        if (col.type.type == orm::ColumnType::DateTime) // digits, with the microseconds
            values = fm.horizontalAdvance(u"2024-12-31 23:59:59.999999"_s);
        m_view->setColumnWidth(c, qMax(title, values + 2 * charWidth));
    }
}

void EntityBrowser::applySearch()
{
    if (!m_model)
        return;
    m_model->setSearchText(m_search->text());
    showSearchError(m_model->searchError());
}

// Beside the field, where the person is typing: the rows stay those of the last search.
void EntityBrowser::showSearchError(const QString &error)
{
    QPalette p = palette();
    if (!error.isEmpty())
        p.setColor(QPalette::Base, Theme::tint(p, Theme::errorColor(p), 0.2));
    m_search->setPalette(error.isEmpty() ? QPalette() : p);
    refreshNote(error);
}

// Beside the search field, what the person should know first: why the search was refused, why
// the table cannot be read, or that the table's triggers run when its rows are written.
void EntityBrowser::refreshNote(const QString &searchError)
{
    QString text;
    QString details;
    bool isError = true;
    if (!searchError.isEmpty()) {
        text = searchError;
        text[0] = text[0].toUpper();
    } else if (m_meta && !m_meta->table().error().isEmpty()) {
        text = tr("%1 cannot be read: %2").arg(m_meta->displayName(), m_meta->table().error());
    } else if (m_meta && m_model && !m_model->loadError().isEmpty()) {
        text = tr("%1 cannot be read: %2").arg(m_meta->displayName(), m_model->loadError());
        details = tr("View > Reload reads the table again.");
    } else if (m_document && m_meta) {
        const QList<orm::Trigger> triggers = m_document->triggers(*m_meta);
        QStringList names;
        isError = false;
        for (const orm::Trigger &t : triggers) {
            names << t.name;
            isError = isError || !t.error.isEmpty();
        }
        if (!triggers.isEmpty()) {
            text = tr("Writing its rows fires %n trigger(s) of the file: %1", nullptr,
                      int(triggers.size()))
                       .arg(names.join(u", "_s));
            details = EntityListModel::triggerDetails(triggers);
        }
    }
    QPalette p = palette();
    p.setColor(QPalette::WindowText,
               isError ? Theme::errorColor(p) : p.color(QPalette::PlaceholderText));
    m_note->setPalette(p);
    m_note->setText(text);
    m_note->setToolTip(details);
    m_note->setVisible(!text.isEmpty());
}

// On a large table the search looks up the start of indexed columns: the hint says which.
void EntityBrowser::updateSearchHint()
{
    QStringList prefixColumns;
    if (m_model && m_model->searchesByPrefix()) {
        for (int c : EntityCatalog::textColumns(*m_meta)) {
            if (EntityCatalog::leadsAnIndex(*m_meta, c))
                prefixColumns << EntityCatalog::columnLabel(*m_meta, c).toLower();
        }
    }
    if (!m_meta) {
        m_search->setPlaceholderText(tr("Search…"));
    } else if (prefixColumns.isEmpty()) {
        m_search->setPlaceholderText(tr("Search %1…").arg(m_meta->displayName().toLower()));
        m_search->setToolTip(tr("Search the text columns (Ctrl+F)"));
    } else {
        m_search->setPlaceholderText(tr("Search %1 by the start of %2…")
                                         .arg(m_meta->displayName().toLower(),
                                              QLocale().createSeparatedList(prefixColumns)));
        m_search->setToolTip(tr("A large table: the search finds rows whose %1 starts with the "
                                "text, through their indexes (Ctrl+F)")
                                 .arg(QLocale().createSeparatedList(prefixColumns)));
    }
}

void EntityBrowser::updateCountLabel()
{
    updateSearchHint();
    m_cancelReads->setVisible(m_model && m_model->isReading());
    m_countLabel->setToolTip(QString());
    if (!m_model) {
        m_countLabel->clear();
        return;
    }
    const qint64 n = m_model->totalCount();
    const bool filtered = !m_model->condition().isEmpty();
    if (n < 0) {
        const qint64 estimate = m_model->estimatedCount();
        const bool cancelled = m_model->isCountCancelled();
        if (m_model->isCountFailed()) {
            m_countLabel->setText(tr("not counted"));
            m_countLabel->setToolTip(tr("The rows could not be counted: %1\nView > Reload "
                                        "counts again.")
                                         .arg(m_model->loadError()));
        } else if (estimate >= 0) {
            m_countLabel->setText(
                cancelled ? tr("≈ %1 rows, not counted").arg(ValueFormatter::roughCount(estimate))
                          : tr("≈ %1 rows, counting…").arg(ValueFormatter::roughCount(estimate)));
            m_countLabel->setToolTip(
                cancelled ? tr("An estimate from the server's statistics (as of the table's last "
                               "VACUUM or ANALYZE): the count was cancelled. View > Reload "
                               "counts again.")
                          : tr("An estimate from the server's statistics (as of the table's last "
                               "VACUUM or ANALYZE), shown until the rows are counted."));
        } else {
            m_countLabel->setText(cancelled ? tr("not counted") : tr("counting…"));
            if (cancelled)
                m_countLabel->setToolTip(tr("The count was cancelled. View > Reload counts "
                                            "again."));
        }
        return;
    }
    const int shown = int(qMin<qint64>(n, std::numeric_limits<int>::max()));
    m_countLabel->setText(filtered ? tr("%Ln row(s) match", nullptr, shown)
                                   : tr("%Ln row(s)", nullptr, shown));
}

std::shared_ptr<orm::Entity> EntityBrowser::currentObject() const
{
    if (!m_model)
        return nullptr;
    const QModelIndex index = m_view->currentIndex();
    return index.isValid() ? m_model->objectAt(index.row()) : nullptr;
}

std::vector<std::shared_ptr<orm::Entity>> EntityBrowser::selectedObjects() const
{
    std::vector<std::shared_ptr<orm::Entity>> out;
    if (!m_model || !m_view->selectionModel())
        return out;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        if (auto o = m_model->objectAt(index.row()))
            out.push_back(o);
    }
    if (out.empty()) {
        if (auto o = currentObject())
            out.push_back(o);
    }
    return out;
}

void EntityBrowser::setWindowRows(int rows)
{
    m_windowRows = rows;
    for (EntityTableModel *model : std::as_const(m_models))
        model->setWindowRows(rows);
}

bool EntityBrowser::selectObject(const orm::Entity &object)
{
    if (!m_model || &object.entityMeta() != m_meta)
        return false;
    m_finding.reset();
    m_findingAfterReset = false;
    m_keptTop = -1;
    const qint64 row = m_model->absoluteRowOf(object);
    if (row < 0) {
        // Not loaded: its place in the table's order is counted in the background.
        const std::shared_ptr<orm::Entity> shared = m_document->session().sharedFromObject(object);
        if (shared && m_model->findRow(shared))
            m_finding = shared;
        return false;
    }
    selectRow(row, Selection::Announced);
    return true;
}

void EntityBrowser::selectRow(qint64 absoluteRow, Selection selection)
{
    const int row = m_view->revealAbsoluteRow(absoluteRow);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, qMax(0, m_view->currentIndex().column()));
    const QScopedValueRollback<bool> quiet(m_quiet, selection == Selection::Quiet);
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void EntityBrowser::restoreCurrent()
{
    const std::shared_ptr<orm::Entity> current = m_current.lock();
    if (!current || m_view->currentIndex().isValid())
        return;
    int row = m_model->rowOf(*current);
    if (row < 0 && m_model->windowRow(m_currentRow) >= 0
        && m_model->objectAt(m_model->windowRow(m_currentRow)) == current)
        row = m_model->windowRow(m_currentRow);
    if (row < 0)
        return;
    // Where the person scrolled to: the view stays there.
    const QScopedValueRollback<bool> quiet(m_quiet, true);
    const bool autoScroll = m_view->hasAutoScroll();
    m_view->setAutoScroll(false);
    m_view->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    m_view->setAutoScroll(autoScroll);
}

void EntityBrowser::rememberPlace()
{
    // (Outside the window of a large table, the current row has no index.)
    const QModelIndex index = m_view->currentIndex();
    if (const auto current = currentObject())
        m_current = current;
    m_currentRow = -1;
    m_keptTop = m_view->topRow();
    m_currentWasInView =
        index.isValid() && m_view->viewport()->rect().intersects(m_view->visualRect(index));
}

void EntityBrowser::placeCurrent(qint64 absoluteRow)
{
    if (m_currentWasInView) {
        selectRow(absoluteRow, Selection::Quiet);
        return;
    }
    // Scrolled away from it: selected where it is, the view stays.
    m_currentRow = absoluteRow;
    const int row = m_model->windowRow(absoluteRow);
    if (row < 0)
        return; // selected when the window gets there (restoreCurrent())
    const QScopedValueRollback<bool> quiet(m_quiet, true);
    const bool autoScroll = m_view->hasAutoScroll();
    m_view->setAutoScroll(false);
    m_view->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->setAutoScroll(autoScroll);
}

void EntityBrowser::restorePlace()
{
    const std::shared_ptr<orm::Entity> current = m_current.lock();
    m_finding.reset();
    m_findingAfterReset = false;
    if (!current)
        return;
    if (!current->session()) {
        loseCurrent(); // deleted by a commit, or a new object discarded
        return;
    }
    if (const qint64 row = m_model->absoluteRowOf(*current); row >= 0) {
        placeCurrent(row);
        return;
    }
    // Not among the rows read so far: where the new order (or filter) puts it is counted in
    // the background; meanwhile nothing is current, and the view stays where it was.
    {
        QSignalBlocker block(m_view->selectionModel());
        m_view->selectionModel()->clear();
    }
    m_finding = current;
    m_findingAfterReset = true;
    // Once the reload has asked for the new count: the worker answers in order, and the
    // object's row is checked against the rows counted.
    QMetaObject::invokeMethod(
        this,
        [this, model = m_model] {
            const auto object = m_finding.lock();
            if (model != m_model || !object || !m_findingAfterReset)
                return;
            if (!m_model->findRow(object)) {
                m_finding.reset(); // cannot be looked for (a sort by a link's label)
                m_findingAfterReset = false;
            }
        },
        Qt::QueuedConnection);
}

void EntityBrowser::onRowFound(const std::shared_ptr<orm::Entity> &object, qint64 row)
{
    if (object != m_finding.lock())
        return;
    m_finding.reset();
    const bool afterReset = std::exchange(m_findingAfterReset, false);
    if (row < 0) {
        if (afterReset && object == m_current.lock())
            loseCurrent();
        return;
    }
    if (!afterReset) {
        // The window already shows the object: selecting its row changes nothing else.
        selectRow(row, Selection::Quiet);
        return;
    }
    if (m_currentWasInView)
        m_keptTop = -1; // the row's place wins
    placeCurrent(row);
}

void EntityBrowser::loseCurrent()
{
    clearSelection();
    Q_EMIT currentObjectChanged(nullptr);
}

void EntityBrowser::clearSelection()
{
    // (An object being looked for is still selected once found.)
    m_current.reset();
    m_currentRow = -1;
    if (m_view->selectionModel()) {
        QSignalBlocker block(m_view->selectionModel());
        m_view->selectionModel()->clear();
    }
    m_view->viewport()->update();
}

void EntityBrowser::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void EntityBrowser::onCurrentRowChanged()
{
    const std::shared_ptr<orm::Entity> o = currentObject();
    if (!o)
        return;
    m_current = o;
    m_currentRow = m_model->absoluteRow(m_view->currentIndex().row());
    if (m_quiet)
        return;
    m_finding.reset(); // another row was chosen
    m_findingAfterReset = false;
    Q_EMIT currentObjectChanged(o);
}

} // namespace ui
