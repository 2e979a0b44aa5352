// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QMessageBox>
#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace ui {

// The questions the main window asks the user. Tests (and embedders) replace them to answer
// without a dialog; the default implementation uses QMessageBox and QFileDialog.
class Prompts
{
    Q_DECLARE_TR_FUNCTIONS(ui::Prompts)
public:
    virtual ~Prompts() = default;

    // Save, Discard or Cancel.
    virtual QMessageBox::StandardButton
    askToSaveChanges(QWidget *parent, const QString &documentName, int changeCount);
    // The SQL console's transaction is open as its database closes: Save (commit), Discard
    // (roll back) or Cancel.
    virtual QMessageBox::StandardButton askAboutConsoleTransaction(QWidget *parent,
                                                                   const QString &documentName);
    // Yes to go ahead.
    virtual bool confirmDeletion(QWidget *parent, const QString &question, const QString &details);
    // Yes to drop the staged changes; *dontAskAgain when the person chose not to be asked
    // again (the window remembers it).
    virtual bool confirmDiscard(QWidget *parent, int changeCount, bool *dontAskAgain);
    // An empty string when cancelled.
    virtual QString chooseFileToOpen(QWidget *parent, const QString &directory);
    // A file to read rows from (filter: "CSV files (*.csv)"), an empty string when cancelled.
    virtual QString chooseFileToRead(QWidget *parent, const QString &title,
                                     const QString &directory, const QString &filter);
    virtual QString chooseNewFile(QWidget *parent, const QString &directory);
    // Where to write an exported file (filter: "SVG image (*.svg)"), suggested by path.
    virtual QString chooseFileToSave(QWidget *parent, const QString &title, const QString &path,
                                     const QString &filter);
    // Schema edits commit on their own: Save commits the staged data edits first, Discard
    // drops them, Cancel commits nothing.
    virtual QMessageBox::StandardButton askAboutDataEditsBeforeSchema(QWidget *parent,
                                                                      int changeCount);
    // Yes to carry out schema edits that lose what losses lists (one line per edit).
    virtual bool confirmDataLoss(QWidget *parent, const QStringList &losses);
    virtual void showError(QWidget *parent, const QString &title, const QString &message);
    // The password of a server database (what names the server, without the password);
    // nullopt when cancelled. problem, when not empty, says why it is asked again.
    virtual std::optional<QString> askPassword(QWidget *parent, const QString &server,
                                               const QString &problem);
};

} // namespace ui
