// SPDX-License-Identifier: MIT
#include "ui/breadcrumbbar.h"

#include "orm/mapping/entitymeta.h"
#include "ui/entitycatalog.h"
#include "ui/navigation.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace ui {

BreadcrumbBar::BreadcrumbBar(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QHBoxLayout(this))
{
    setObjectName(u"breadcrumbs"_s);
    setAccessibleName(tr("Places visited"));
    m_layout->setContentsMargins(6, 2, 6, 2);
    m_layout->setSpacing(0);
    m_layout->addStretch(1);
}

void BreadcrumbBar::setHistory(NavigationHistory *history)
{
    if (m_history)
        disconnect(m_history, nullptr, this, nullptr);
    m_history = history;
    if (history)
        connect(history, &NavigationHistory::changed, this, &BreadcrumbBar::rebuild);
    rebuild();
}

QStringList BreadcrumbBar::crumbs() const
{
    QStringList out;
    for (QToolButton *b : findChildren<QToolButton *>(Qt::FindDirectChildrenOnly))
        out << b->text();
    return out;
}

static QString crumbText(const Location &l)
{
    if (!l.entity)
        return {};
    if (!l.hasRecord())
        return l.entity->displayName();
    // The object's label as it is now (a staged rename shows), else as it was visited.
    const std::shared_ptr<orm::Entity> object = l.object.lock();
    return l.entity->displayName() + u": "_s + (object ? EntityCatalog::labelOf(*object) : l.label);
}

void BreadcrumbBar::refresh()
{
    QStringList wanted;
    if (m_history) {
        const int current = m_history->currentIndex();
        for (int i = qMax(0, current - m_maximum + 1); i <= current; ++i)
            wanted << crumbText(m_history->entries().at(i));
    }
    QStringList shown;
    for (QToolButton *b : findChildren<QToolButton *>(Qt::FindDirectChildrenOnly))
        shown << b->toolTip();
    if (wanted != shown)
        rebuild();
}

void BreadcrumbBar::rebuild()
{
    while (QLayoutItem *item = m_layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (!m_history || m_history->currentIndex() < 0) {
        m_layout->addStretch(1);
        return;
    }
    const QList<Location> &entries = m_history->entries();
    const int current = m_history->currentIndex();
    const int first = qMax(0, current - m_maximum + 1);
    if (first > 0) {
        auto *more = new QLabel(QString(QChar(0x2026)) + u"  "_s, this);
        m_layout->addWidget(more);
    }
    for (int i = first; i <= current; ++i) {
        if (i > first) {
            auto *separator = new QLabel(u" \u203a "_s, this);
            separator->setAccessibleName(QString());
            m_layout->addWidget(separator);
        }
        auto *button = new QToolButton(this);
        button->setAutoRaise(true);
        QString text = crumbText(entries.at(i));
        if (text.size() > 40)
            text = text.left(39) + QChar(0x2026);
        button->setText(text);
        button->setToolTip(crumbText(entries.at(i)));
        button->setAccessibleName(tr("Go back to %1").arg(crumbText(entries.at(i))));
        button->setFocusPolicy(Qt::TabFocus);
        if (i == current) {
            QFont f = button->font();
            f.setBold(true);
            button->setFont(f);
            button->setAccessibleName(tr("Current place: %1").arg(crumbText(entries.at(i))));
        } else {
            connect(button, &QToolButton::clicked, this, [this, i] { Q_EMIT placeRequested(i); });
        }
        m_layout->addWidget(button);
    }
    m_layout->addStretch(1);
}

} // namespace ui
