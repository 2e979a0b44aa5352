// SPDX-License-Identifier: MIT
#include "ui/filterheader.h"

#include "ui/columnfilter.h"
#include "ui/theme.h"

#include <QAbstractItemView>
#include <QLineEdit>
#include <QScrollBar>
#include <QTimer>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace ui {

FilterHeader::FilterHeader(QWidget *parent)
    : QHeaderView(Qt::Horizontal, parent)
{
    setSectionsClickable(true);
    setSortIndicatorShown(true);
    setHighlightSections(true);
    setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    connect(this, &QHeaderView::sectionCountChanged, this, &FilterHeader::refreshEditors);
    connect(this, &QHeaderView::sectionResized, this, &FilterHeader::placeEditors);
    connect(this, &QHeaderView::sectionMoved, this, &FilterHeader::placeEditors);
    connect(this, &QHeaderView::geometriesChanged, this, &FilterHeader::placeEditors);
}

int FilterHeader::editorHeight() const
{
    if (m_editors.isEmpty())
        return 0;
    return m_editors.first()->sizeHint().height();
}

QSize FilterHeader::sizeHint() const
{
    QSize s = QHeaderView::sizeHint();
    s.setHeight(s.height() + editorHeight() + 2);
    return s;
}

void FilterHeader::updateGeometries()
{
    setViewportMargins(0, 0, 0, m_editors.isEmpty() ? 0 : editorHeight() + 2);
    QHeaderView::updateGeometries();
    placeEditors();
}

void FilterHeader::refreshEditors()
{
    const int n = count();
    while (m_editors.size() > n) {
        delete m_editors.takeLast();
        delete m_timers.takeLast();
    }
    while (m_editors.size() < n) {
        const int column = int(m_editors.size());
        auto *edit = new QLineEdit(this);
        edit->setPlaceholderText(tr("Filter"));
        edit->setClearButtonEnabled(true);
        edit->setObjectName(u"filter_%1"_s.arg(column));
        auto *timer = new QTimer(this);
        timer->setSingleShot(true);
        timer->setInterval(250);
        connect(timer, &QTimer::timeout, this,
                [this, column, edit] { Q_EMIT filterChanged(column, edit->text()); });
        connect(edit, &QLineEdit::textEdited, timer, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::textChanged, this, [timer](const QString &text) {
            if (text.isEmpty())
                timer->start(0); // the clear button
        });
        connect(edit, &QLineEdit::returnPressed, this, [this, column, edit, timer] {
            timer->stop();
            Q_EMIT filterChanged(column, edit->text());
        });
        m_editors.append(edit);
        m_timers.append(timer);
    }
    for (int i = 0; i < n; ++i) {
        const QString title =
            model() ? model()->headerData(i, Qt::Horizontal).toString() : QString();
        m_editors[i]->setAccessibleName(tr("Filter %1").arg(title));
        m_editors[i]->setToolTip(syntaxTip(i));
        m_editors[i]->show();
    }
    updateGeometries();
}

void FilterHeader::placeEditors()
{
    const int h = editorHeight();
    const int y = viewport()->geometry().bottom();
    for (int i = 0; i < m_editors.size(); ++i) {
        QLineEdit *e = m_editors[i];
        if (isSectionHidden(i)) {
            e->hide();
            continue;
        }
        e->setGeometry(sectionViewportPosition(i), y + 1, sectionSize(i), h);
        e->show();
    }
}

void FilterHeader::setFilterText(int column, const QString &text)
{
    if (QLineEdit *e = filterEditor(column))
        e->setText(text);
}

QString FilterHeader::filterText(int column) const
{
    const QLineEdit *e = filterEditor(column);
    return e ? e->text() : QString();
}

QLineEdit *FilterHeader::filterEditor(int column) const
{
    return column >= 0 && column < m_editors.size() ? m_editors[column] : nullptr;
}

void FilterHeader::setFilterError(int column, const QString &message)
{
    QLineEdit *e = filterEditor(column);
    if (!e)
        return;
    if (message.isEmpty()) {
        e->setPalette(QPalette());
        e->setToolTip(syntaxTip(column));
    } else {
        QPalette p = e->palette();
        p.setColor(QPalette::Base, Theme::tint(p, Theme::errorColor(p), 0.2));
        e->setPalette(p);
        e->setToolTip(message + u"\n\n"_s + syntaxTip(column));
        // Where the person is typing, without waiting for the pointer to rest on the field.
        if (e->hasFocus())
            QToolTip::showText(e->mapToGlobal(QPoint(0, e->height())), message, e);
    }
}

QString FilterHeader::syntaxTip(int column) const
{
    const QString title =
        model() ? model()->headerData(column, Qt::Horizontal).toString() : QString();
    return tr("Filter %1:").arg(title) + u'\n' + ColumnFilter::syntaxHelp();
}

void FilterHeader::clearFilters()
{
    for (int i = 0; i < m_editors.size(); ++i) {
        m_timers[i]->stop();
        m_editors[i]->blockSignals(true);
        m_editors[i]->clear();
        m_editors[i]->blockSignals(false);
        setFilterError(i, QString());
    }
}

} // namespace ui
