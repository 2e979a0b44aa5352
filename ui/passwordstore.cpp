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

// Jobs have no parent: the keychain (libsecret) answers on its own time, and a job deleted with
// the window before its answer would be called back freed. Each deletes itself once finished.
template<class JobType>
JobType *newJob(const QString &server)
{
    auto *job = new JobType(service);
    job->setAutoDelete(true);
    job->setKey(server);
    return job;
}

} // namespace

PasswordStore::PasswordStore(QObject *parent)
    : QObject(parent)
{ }

std::optional<QString> PasswordStore::password(const QString &server)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(server);
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
    auto *job = newJob<QKeychain::WritePasswordJob>(server);
    job->setTextData(password);
    job->start();
}

void PasswordStore::removePassword(const QString &server)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(server);
    job->start();
}

} // namespace ui
