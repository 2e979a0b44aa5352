// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

#include <memory>

class QAction;
class QLabel;
class QPushButton;
class QTableWidget;

namespace orm {
class Entity;
}

namespace ui {

class Document;

// Where staged edits meet other programs' changes: each field in conflict (a commit met it, or
// a row read again showed it) with the value it was loaded with, theirs (the database's now)
// and mine (staged), and a choice per field: keep mine (written by the next commit), take
// theirs, or edit (type a new value in the Mine column); or per object. Each choice is an
// undoable command of the document, made at once; the view follows the session's conflicts and
// says so when none is left. Not modal: the window stays usable beside it.
class ConflictView : public QDialog
{
    Q_OBJECT
public:
    explicit ConflictView(QWidget *parent = nullptr);
    void setDocument(Document *document);

    QTableWidget *table() const { return m_table; }
    // The row of one field, -1 when it is not in conflict.
    int rowOf(const orm::Entity &object, int column) const;

    enum Column { RecordColumn, FieldColumn, LoadedColumn, TheirsColumn, MineColumn, ChoiceColumn };

Q_SIGNALS:
    // The person asks to commit again (every conflict resolved).
    void commitRequested();

private:
    void rebuild();
    void scheduleRebuild();
    void onMineEdited(int row, int column);

    Document *m_document = nullptr;
    QLabel *m_summary;
    QTableWidget *m_table;
    QPushButton *m_keepAll;
    QPushButton *m_takeAll;
    QPushButton *m_commit;
    struct Field
    {
        std::weak_ptr<orm::Entity> object;
        int column;
    };
    QList<Field> m_fields;
    QList<QAction *> m_undoActions;
    bool m_rebuilding = false;
    bool m_rebuildScheduled = false;
};

} // namespace ui
