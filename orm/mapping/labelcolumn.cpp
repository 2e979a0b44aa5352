// SPDX-License-Identifier: MIT
#include "orm/mapping/labelcolumn.h"

#include <QSet>
#include <QStringList>

namespace orm {

namespace {

// "book_title", "BookTitle", "book title" -> {"book", "title"}; "HTMLTitle" -> {"html", "title"}.
QStringList wordsOf(const QString &name)
{
    QStringList words;
    QString word;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (!c.isLetterOrNumber()) {
            if (!word.isEmpty())
                words << word;
            word.clear();
            continue;
        }
        const QChar before = i > 0 ? name.at(i - 1) : QChar();
        const QChar after = i + 1 < name.size() ? name.at(i + 1) : QChar();
        const bool startsWord = c.isUpper() && !word.isEmpty()
            && (before.isLower() || before.isDigit() || (before.isUpper() && after.isLower()));
        if (startsWord) {
            words << word;
            word.clear();
        }
        word += c.toLower();
    }
    if (!word.isEmpty())
        words << word;
    return words;
}

bool isForeignKeyColumn(const Table &table, const QString &column)
{
    for (const ForeignKey &fk : table.foreignKeys()) {
        if (fk.columns.contains(column))
            return true;
    }
    return false;
}

bool canLabel(const EntityMeta &meta, int i, const QStringList &words)
{
    static const QSet<QString> secrets {QStringLiteral("password"), QStringLiteral("passwd"),
                                        QStringLiteral("hash"),     QStringLiteral("token"),
                                        QStringLiteral("salt"),     QStringLiteral("secret"),
                                        QStringLiteral("digest")};
    const Column &c = meta.column(i).column;
    if (!c.type.isText() && c.type.type != ColumnType::Null)
        return false;
    if (isForeignKeyColumn(meta.table(), c.name))
        return false;
    for (const QString &w : words) {
        if (secrets.contains(w))
            return false;
    }
    return true;
}

} // namespace

int chooseLabelColumn(const EntityMeta &meta)
{
    // Rails' ActiveAdmin asks display_name, full_name, name, username, login, title, email in
    // this order; a person's own name comes before a title, which for a person is a job or an
    // honorific.
    static const QStringList preferred {
        QStringLiteral("displayname"), QStringLiteral("fullname"),   QStringLiteral("name"),
        QStringLiteral("username"),    QStringLiteral("login"),      QStringLiteral("lastname"),
        QStringLiteral("surname"),     QStringLiteral("familyname"), QStringLiteral("firstname"),
        QStringLiteral("givenname"),   QStringLiteral("title"),      QStringLiteral("label"),
        QStringLiteral("caption"),     QStringLiteral("subject"),    QStringLiteral("email"),
        QStringLiteral("emailaddress")};
    const int n = meta.columnCount();
    QList<QStringList> words(n);
    QList<bool> eligible(n);
    int best = -1;
    qsizetype bestRank = preferred.size();
    for (int i = 0; i < n; ++i) {
        words[i] = wordsOf(meta.column(i).column.name);
        eligible[i] = canLabel(meta, i, words[i]);
        const qsizetype rank = preferred.indexOf(words[i].join(QString()));
        if (eligible[i] && rank >= 0 && rank < bestRank) {
            best = i;
            bestRank = rank;
        }
    }
    if (best >= 0)
        return best;
    for (int i = 0; i < n; ++i) {
        const QStringList &w = words[i];
        if (eligible[i]
            && (w.contains(QStringLiteral("name")) || w.contains(QStringLiteral("title"))))
            return i;
    }
    for (int i = 0; i < n; ++i) {
        if (eligible[i] && meta.table().isUnique({meta.column(i).column.name}))
            return i;
    }
    return -1;
}

} // namespace orm
