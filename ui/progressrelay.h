// SPDX-License-Identifier: MIT
#pragma once

#include <QLocale>
#include <QObject>
#include <QProgressDialog>
#include <QString>

#include <memory>

namespace ui {

// The progress callback of an exporter or importer running on a worker thread: each call shows
// text (its %1: the rows so far, in the locale's digits) in *progress, from context's thread
// (nothing once context is gone or the dialog closed), and answers whether to go on: not while
// running->cancelled is set. running is kept alive by the callback.
template<typename Running>
auto relayProgress(QObject *context, QProgressDialog *const *progress, const QString &text,
                   std::shared_ptr<Running> running)
{
    return [context, progress, text, running](qint64 rows) {
        QMetaObject::invokeMethod(
            context,
            [progress, text, rows] {
                if (*progress)
                    (*progress)->setLabelText(text.arg(QLocale().toString(rows)));
            },
            Qt::QueuedConnection);
        return !running->cancelled.load();
    };
}

} // namespace ui
