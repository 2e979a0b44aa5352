// SPDX-License-Identifier: MIT
// rowsmith-demo: writes the deterministic blog demo database, at any size.
//   rowsmith-demo [--users N] [--posts-per-user M] [--tags T] [--groups G] PATH

#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/engine/engine.h"
#include "orm/session/session.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"rowsmith-demo"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(ROWSMITH_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Writes Rowsmith's blog demo database (deterministic)."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const blog::DemoOptions defaults;
    QCommandLineOption users(u"users"_s, u"Number of users."_s, u"N"_s,
                             QString::number(defaults.users));
    QCommandLineOption posts(u"posts-per-user"_s, u"Posts per user."_s, u"M"_s,
                             QString::number(defaults.postsPerUser));
    QCommandLineOption tags(u"tags"_s, u"Number of tags."_s, u"T"_s,
                            QString::number(defaults.tags));
    QCommandLineOption groups(u"groups"_s, u"Number of groups."_s, u"G"_s,
                              QString::number(defaults.groups));
    QCommandLineOption replace(u"replace"_s, u"Replace PATH if it exists."_s);
    parser.addOptions({users, posts, tags, groups, replace});
    parser.addPositionalArgument(u"PATH"_s, u"The database file to write."_s);
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const QString path = parser.positionalArguments().first();
    if (QFile::exists(path)) {
        if (!parser.isSet(replace)) {
            std::fprintf(stderr, "%s exists (use --replace)\n", qPrintable(path));
            return 1;
        }
        QFile::remove(path);
    }
    blog::DemoOptions options;
    options.users = parser.value(users).toInt();
    options.postsPerUser = parser.value(posts).toInt();
    options.tags = parser.value(tags).toInt();
    options.groups = parser.value(groups).toInt();
    orm::Error error;
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {}, &error);
    if (!engine) {
        std::fprintf(stderr, "%s\n", qPrintable(error.text()));
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    orm::Session session(engine);
    if (!blog::metadata().createAll(engine->connection(), &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error.text()));
        return 1;
    }
    if (!blog::generateDemoData(session, options)) {
        std::fprintf(stderr, "%s\n", qPrintable(session.lastError().text()));
        return 1;
    }
    std::printf("%s: %d users, %d posts in %.2f s\n", qPrintable(path), options.users,
                options.users * options.postsPerUser, timer.elapsed() / 1000.0);
    return 0;
}
