// SPDX-License-Identifier: MIT
#pragma once

#include <QVariant>
#include <QWidget>

#include <memory>
#include <vector>

class QCompleter;
class QLineEdit;
class QTimer;
class QToolButton;

namespace orm {
class Entity;
class EntityMeta;
} // namespace orm

namespace ui {

class Document;
class RecordSearchModel;

// Chooses one row of an entity by typing part of its label: a line edit with a popup of the
// matching rows (RecordSearchModel: a LIMIT query once typing pauses, never the whole table;
// Enter searches at once).
//  Value mode: holds a key (a foreign-key field); valueEdited() when the user picks another.
//  Pick mode: offers rows to add (a many-to-many's Add); picked() and the text clears.
class RecordPicker : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { Value, Pick };
    enum class Nullability { NotNullable, Nullable };

    RecordPicker(Document *document, const orm::EntityMeta &meta, Mode mode,
                 QWidget *parent = nullptr);
    ~RecordPicker() override;

    const orm::EntityMeta &meta() const { return *m_meta; }
    QVariant value() const { return m_key; }
    // Shows the row's label (the program's change: no signal).
    void setValue(const QVariant &key);
    // A new row chosen, whose key is known only at commit: shown by its label meanwhile.
    void setPendingTarget(const std::shared_ptr<orm::Entity> &target);
    void setNullability(Nullability nullability) { m_nullability = nullability; }
    void setReadOnly(bool readOnly);
    void setPlaceholderText(const QString &text);
    void setExcluded(const std::vector<std::shared_ptr<orm::Entity>> &objects);

    QLineEdit *lineEdit() const { return m_edit; }
    QCompleter *completer() const { return m_completer; }
    RecordSearchModel *searchModel() const { return m_model; }

    // Shows the popup with what matches the current text.
    void showPopup();
    // Chooses the first match (what Enter does).
    bool pickFirst();
    // How long typing must pause before the search runs.
    static constexpr int searchDelayMs = 150;
    // Whether typed text waits for the pause to be searched.
    bool isSearchPending() const;

Q_SIGNALS:
    void valueEdited(const QVariant &key);
    void picked(const std::shared_ptr<orm::Entity> &object);
    void editingFinished();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onTextEdited(const QString &text);
    // Searches for the text typed so far now (the pause is over, or Enter came first).
    void searchNow();
    void choose(int row);
    void restoreText();
    // The label of the row of key; on a server, "…" while the row is read in the background.
    QString labelFor(const QVariant &key);
    void onRowsReady(quint64 id, const QList<QVariantList> &rows, const QString &error);

    Document *m_document;
    const orm::EntityMeta *m_meta;
    Mode m_mode;
    Nullability m_nullability = Nullability::NotNullable;
    QVariant m_key;
    std::shared_ptr<orm::Entity> m_pendingTarget;
    // On a server: the row of m_key read in the background, and the read under way.
    std::shared_ptr<orm::Entity> m_target;
    quint64 m_targetRequest = 0;
    QVariant m_targetKey;
    QLineEdit *m_edit;
    QToolButton *m_button;
    QCompleter *m_completer;
    RecordSearchModel *m_model;
    QTimer *m_searchTimer;
    bool m_choosing = false;
};

} // namespace ui
