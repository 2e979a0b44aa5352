// SPDX-License-Identifier: MIT
#include "ui/passwordstore.h"

#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

const QString service = u"Rowsmith"_s;
// A keychain that asks the person to unlock it answers later than this: the window then asks
// for the password itself.
constexpr int answerWithinMs = 5000;

} // namespace

PasswordStore::PasswordStore(QObject *parent)
    : QObject(parent)
{ }

std::optional<QString> PasswordStore::password(const QString &server)
{
    auto *job = new QKeychain::ReadPasswordJob(service, this);
    job->setAutoDelete(true);
    job->setKey(server);
    QEventLoop loop;
    std::optional<QString> found;
    bool answered = false;
    connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job *) {
        answered = true;
        if (job->error() == QKeychain::NoError)
            found = job->textData();
        loop.quit();
    });
    QTimer::singleShot(answerWithinMs, &loop, &QEventLoop::quit);
    job->start();
    loop.exec();
    if (!answered)
        disconnect(job, nullptr, &loop, nullptr); // it ends later, unheard
    return found;
}

void PasswordStore::setPassword(const QString &server, const QString &password)
{
    auto *job = new QKeychain::WritePasswordJob(service, this);
    job->setAutoDelete(true);
    job->setKey(server);
    job->setTextData(password);
    job->start();
}

void PasswordStore::removePassword(const QString &server)
{
    auto *job = new QKeychain::DeletePasswordJob(service, this);
    job->setAutoDelete(true);
    job->setKey(server);
    job->start();
}

} // namespace ui
