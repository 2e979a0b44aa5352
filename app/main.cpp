#include "blogschema.h"
#include "domain/demodata.h"
#include "orm/engine.h"
#include "orm/session.h"
#include "ui/mainwindow.h"
#include "ui/pluraltranslator.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {

QIcon applicationIcon()
{
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(u":/icons/rowsmith-%1.png"_s.arg(size), QSize(size, size));
    icon.addFile(u":/icons/rowsmith.svg"_s);
    return icon;
}

// The demo database in the user's data folder, created and filled on first run.
QString demoDatabase(QString *errorMessage)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    const QString path = dir + u"/demo.db"_s;
    orm::Error error;
    auto engine =
        orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions(), &error);
    if (!engine) {
        *errorMessage = error.text();
        return {};
    }
    orm::Session session(engine);
    if (!blog::ensureDemoDatabase(session)) {
        *errorMessage = session.lastError().text();
        return {};
    }
    return path;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"Rowsmith"_s);
    QApplication::setOrganizationName(u"Rowsmith"_s);
    QApplication::setApplicationVersion(QStringLiteral(ROWSMITH_VERSION));
    QApplication::setDesktopFileName(u"rowsmith"_s);
    QApplication::setWindowIcon(applicationIcon());
    QApplication::installTranslator(new ui::PluralTranslator(&app));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main",
        "Browse and edit SQLite databases: follow relationships, stage edits, commit or discard."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        u"database"_s,
        QCoreApplication::translate("main",
                                    "The SQLite file to open (default: the demo database)."),
        u"[database]"_s);
    parser.process(app);

    QString path = parser.positionalArguments().value(0);
    if (path.isEmpty()) {
        QString message;
        path = demoDatabase(&message);
        if (path.isEmpty()) {
            QMessageBox::critical(
                nullptr, u"Rowsmith"_s,
                QCoreApplication::translate("main", "The demo database cannot be created: %1")
                    .arg(message));
            return 1;
        }
    }

    ui::MainWindow window(std::make_shared<BlogSchemaProvider>());
    window.show();
    window.openDatabase(QFileInfo(path).absoluteFilePath());
    return app.exec();
}
