// SPDX-License-Identifier: MIT
// Another program writing to the same database file, for the multi-process tests:
//
//   rowsmith-test-writer sql FILE STATEMENT...     runs the statements in one transaction
//   rowsmith-test-writer hold FILE MS              holds the write lock MS milliseconds
//   rowsmith-test-writer transfer FILE COUNT SEED  COUNT transfers through one long-lived
//                                                  session once a line arrives on standard
//                                                  input; prints "net ID AMOUNT" per account
//   rowsmith-test-writer crash FILE SEED           transfers until it is killed
//
// Transfers are the seeds' transfer_funds, written as the documentation says: read and change
// inside Session::transaction(), so that the reads are fresh and nobody writes in between.

#include "testmodels.h"

#include "orm/engine/connection.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QThread>

#include <cstdio>
#include <map>

using namespace testmodels;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "%s\n", qPrintable(message));
    return 1;
}

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

std::shared_ptr<orm::Engine> open(const QString &file)
{
    orm::ConnectionOptions options;
    options.busyTimeoutMs = 10000;
    options.busyRetries = 20;
    options.busyBackoffMs = 2;
    orm::Error error;
    auto engine = orm::Engine::create(u"sqlite:///"_s + file, options, &error);
    if (!engine)
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(file), qPrintable(error.text()));
    return engine;
}

// transfer_funds(source, target, amount), the seed's checks included.
bool transferFunds(orm::Session &session, qint64 sourceId, qint64 targetId, double amount)
{
    return session.transaction([&](orm::Session &s) {
        auto source = s.get<Account>(sourceId);
        auto target = s.get<Account>(targetId);
        if (!source || !target || source->balance < amount)
            return false;
        source->balance -= amount;
        target->balance += amount;
        return true;
    });
}

int transfers(const QString &file, qint64 count, quint32 seed, bool untilKilled)
{
    auto engine = open(file);
    if (!engine)
        return 1;
    orm::Session session(engine);
    // One long-lived session that loaded its accounts before the run.
    const auto accounts = session.query<Account>().orderBy(&Account::id).all();
    if (accounts.size() < 2)
        return fail(u"no accounts"_s);
    QRandomGenerator random(seed);
    std::map<qint64, double> net;
    qint64 done = 0, refused = 0;
    say("ready");
    if (!untilKilled) {
        // All programs start their transfers together (one line on standard input).
        char go[8];
        if (!std::fgets(go, sizeof go, stdin))
            return fail(u"no go"_s);
    }
    for (qint64 i = 0; untilKilled || i < count; ++i) {
        const qint64 from = accounts[random.bounded(int(accounts.size()))]->id;
        qint64 to = from;
        while (to == from)
            to = accounts[random.bounded(int(accounts.size()))]->id;
        const double amount = double(1 + random.bounded(50));
        if (transferFunds(session, from, to, amount)) {
            net[from] -= amount;
            net[to] += amount;
            ++done;
        } else if (session.lastError().isError()) {
            std::fprintf(stderr, "transfer failed: %s\n", qPrintable(session.lastError().text()));
            ++refused;
        }
    }
    for (const auto &[id, amount] : net)
        say(QByteArray("net ") + QByteArray::number(id) + ' ' + QByteArray::number(amount, 'f', 0));
    say(QByteArray("done ") + QByteArray::number(done) + " failed " + QByteArray::number(refused));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.size() < 2)
        return fail(u"usage: sql|hold|transfer|crash FILE ..."_s);
    const QString command = args.at(0);
    const QString file = args.at(1);
    if (command == u"sql") {
        auto engine = open(file);
        if (!engine)
            return 1;
        orm::Connection &c = engine->connection();
        if (!c.begin())
            return fail(c.lastError().text());
        for (const QString &sql : args.mid(2)) {
            if (!c.exec(sql))
                return fail(c.lastError().text());
        }
        return c.commit() ? 0 : fail(c.lastError().text());
    }
    if (command == u"hold" && args.size() == 3) {
        auto engine = open(file);
        if (!engine || !engine->connection().begin())
            return 1;
        say("locked");
        QThread::msleep(args.at(2).toULong());
        return engine->connection().commit() ? 0 : 1;
    }
    if (command == u"transfer" && args.size() == 4)
        return transfers(file, args.at(2).toLongLong(), args.at(3).toUInt(), false);
    if (command == u"crash" && args.size() == 3)
        return transfers(file, 0, args.at(2).toUInt(), true);
    return fail(u"unknown command"_s);
}
