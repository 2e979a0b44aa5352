#include "ui/prompts.h"

#include <QAbstractButton>
#include <QCoreApplication>
#include <QFileDialog>

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

QString Prompts::chooseFileToOpen(QWidget *parent, const QString &directory)
{
    return QFileDialog::getOpenFileName(parent, tr("Open Database"), directory, fileFilter());
}

QString Prompts::chooseNewFile(QWidget *parent, const QString &directory)
{
    return QFileDialog::getSaveFileName(parent, tr("New Database"), directory, fileFilter());
}

void Prompts::showError(QWidget *parent, const QString &title, const QString &message)
{
    QMessageBox::critical(parent, title, message);
}

} // namespace ui
