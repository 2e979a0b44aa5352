#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/engine.h"
#include "orm/session.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMainWindow>
#include <QMessageBox>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"Rowsmith"_s);
    QApplication::setOrganizationName(u"Rowsmith"_s);
    QApplication::setApplicationVersion(QStringLiteral(ROWSMITH_VERSION));

    const QStringList args = QApplication::arguments();
    QString path = args.size() > 1 ? args.at(1) : QString();
    const bool demo = path.isEmpty();
    if (demo) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        path = dir + u"/demo.db"_s;
    }
    orm::Error error;
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions(), &error);
    if (!engine) {
        QMessageBox::critical(nullptr, u"Rowsmith"_s, error.text());
        return 1;
    }
    orm::Session session(engine);
    if (demo && !blog::ensureDemoDatabase(session)) {
        QMessageBox::critical(nullptr, u"Rowsmith"_s, session.lastError().text());
        return 1;
    }
    QMainWindow window;
    window.setWindowTitle(u"%1 — Rowsmith"_s.arg(QFileInfo(path).fileName()));
    window.setCentralWidget(new QLabel(path, &window));
    window.resize(1000, 700);
    window.show();
    return app.exec();
}
