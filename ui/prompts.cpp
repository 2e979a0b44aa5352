// SPDX-License-Identifier: MIT
#include "ui/prompts.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>

namespace ui {

namespace {
QString fileFilter()
{
    return Prompts::tr("SQLite databases (*.db *.sqlite *.sqlite3 *.db3);;All files (*)");
}
} // namespace

QMessageBox::StandardButton Prompts::askToSaveChanges(QWidget *parent, const QString &documentName,
                                                      int changeCount)
{
    QMessageBox box(QMessageBox::Warning, QCoreApplication::applicationName(),
                    tr("Commit the changes to %1?").arg(documentName),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(tr("%n staged change(s), not written yet.", nullptr, changeCount));
    box.setDefaultButton(QMessageBox::Save);
    box.button(QMessageBox::Save)->setText(tr("&Commit"));
    box.button(QMessageBox::Discard)->setText(tr("&Discard"));
    box.button(QMessageBox::Cancel)->setText(tr("C&ancel"));
    return QMessageBox::StandardButton(box.exec());
}

QMessageBox::StandardButton Prompts::askAboutConsoleTransaction(QWidget *parent,
                                                                const QString &documentName)
{
    QMessageBox box(QMessageBox::Warning, QCoreApplication::applicationName(),
                    tr("Commit what the SQL console wrote to %1?").arg(documentName),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(tr("The console's transaction is open: its statements are not "
                              "written yet."));
    box.setDefaultButton(QMessageBox::Cancel);
    box.button(QMessageBox::Save)->setText(tr("&Commit"));
    box.button(QMessageBox::Discard)->setText(tr("&Roll Back"));
    box.button(QMessageBox::Cancel)->setText(tr("C&ancel"));
    return QMessageBox::StandardButton(box.exec());
}

bool Prompts::confirmDeletion(QWidget *parent, const QString &question, const QString &details)
{
    QMessageBox box(QMessageBox::Question, QCoreApplication::applicationName(), question,
                    QMessageBox::Yes | QMessageBox::Cancel, parent);
    box.setInformativeText(details);
    box.setDefaultButton(QMessageBox::Cancel);
    box.button(QMessageBox::Yes)->setText(tr("&Delete"));
    box.button(QMessageBox::Cancel)->setText(tr("C&ancel"));
    return box.exec() == QMessageBox::Yes;
}

bool Prompts::confirmDiscard(QWidget *parent, int changeCount, bool *dontAskAgain)
{
    QMessageBox box(QMessageBox::Question, QCoreApplication::applicationName(),
                    tr("Discard %n staged change(s)?", nullptr, changeCount),
                    QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(
        tr("Undo (%1) brings everything back.")
            .arg(QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
    box.setDefaultButton(QMessageBox::Cancel);
    box.button(QMessageBox::Discard)->setText(tr("&Discard"));
    box.button(QMessageBox::Cancel)->setText(tr("C&ancel"));
    auto *never = new QCheckBox(tr("Do&n't ask again"), &box);
    box.setCheckBox(never);
    const bool yes = box.exec() == QMessageBox::Discard;
    if (dontAskAgain)
        *dontAskAgain = yes && never->isChecked();
    return yes;
}

QMessageBox::StandardButton Prompts::askAboutDataEditsBeforeSchema(QWidget *parent, int changeCount)
{
    QMessageBox box(QMessageBox::Question, QCoreApplication::applicationName(),
                    tr("Commit or discard %n staged data change(s) first?", nullptr, changeCount),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(tr("Schema changes are committed on their own, never together with "
                              "edits of rows."));
    box.button(QMessageBox::Save)->setText(tr("&Commit Them"));
    box.button(QMessageBox::Discard)->setText(tr("&Discard Them"));
    box.setDefaultButton(QMessageBox::Cancel);
    return QMessageBox::StandardButton(box.exec());
}

bool Prompts::confirmDataLoss(QWidget *parent, const QStringList &losses)
{
    QMessageBox box(QMessageBox::Warning, QCoreApplication::applicationName(),
                    tr("These schema changes lose data. Commit them anyway?"),
                    QMessageBox::Yes | QMessageBox::Cancel, parent);
    box.setInformativeText(losses.join(u'\n'));
    box.button(QMessageBox::Yes)->setText(tr("&Commit and Lose It"));
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Yes;
}

QString Prompts::chooseFileToOpen(QWidget *parent, const QString &directory)
{
    return QFileDialog::getOpenFileName(parent, tr("Open Database"), directory, fileFilter());
}

QString Prompts::chooseFileToRead(QWidget *parent, const QString &title, const QString &directory,
                                  const QString &filter)
{
    return QFileDialog::getOpenFileName(parent, title, directory, filter);
}

QString Prompts::chooseNewFile(QWidget *parent, const QString &directory)
{
    return QFileDialog::getSaveFileName(parent, tr("New Database"), directory, fileFilter());
}

QString Prompts::chooseFileToSave(QWidget *parent, const QString &title, const QString &path,
                                  const QString &filter)
{
    return QFileDialog::getSaveFileName(parent, title, path, filter);
}

void Prompts::showError(QWidget *parent, const QString &title, const QString &message)
{
    QMessageBox::critical(parent, title, message);
}

std::optional<QString> Prompts::askPassword(QWidget *parent, const QString &server,
                                            const QString &problem)
{
    QInputDialog dialog(parent);
    dialog.setWindowTitle(tr("Password"));
    dialog.setLabelText((problem.isEmpty() ? QString() : problem + u'\n')
                        + tr("The password for %1:").arg(server));
    dialog.setTextEchoMode(QLineEdit::Password);
    dialog.setInputMode(QInputDialog::TextInput);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.textValue();
}

} // namespace ui
