// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace ui {

// File > Connect to Server…: a PostgreSQL server's host (a name, an address, or a Unix
// socket's folder), port, database, user, password and SSL mode. Test connects in a thread of
// its own and says what the server answered; Connect accepts the dialog, and the window opens
// url().
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Password { Included, Left };

    explicit ConnectDialog(QWidget *parent = nullptr);
    ~ConnectDialog() override;

    // postgresql://user:password@host:port/database?sslmode=…; a folder as the host goes in the
    // query (host=/run/postgresql). Password::Left leaves the password out (to show or keep).
    QString url(Password password = Password::Included) const;
    // Fills the fields from a URL (a recent connection's).
    void setUrl(const QString &url);

    QLineEdit *hostField() const { return m_host; }
    QSpinBox *portField() const { return m_port; }
    QLineEdit *databaseField() const { return m_database; }
    QLineEdit *userField() const { return m_user; }
    QLineEdit *passwordField() const { return m_password; }
    QComboBox *sslModeField() const { return m_sslMode; }
    QPushButton *testButton() const { return m_test; }
    QPushButton *connectButton() const { return m_connect; }
    // What the last test found: the server's version, or its refusal.
    QLabel *resultLabel() const { return m_result; }
    bool isTesting() const { return m_testing; }

    // Connects to url in a thread, without a window: an empty string when it worked (then
    // *version says which server), else the reason.
    static QString tryConnection(const QString &url, QString *version);

Q_SIGNALS:
    // A test ended: ok, and the result label's text.
    void tested(bool ok, const QString &message);

private:
    void test();
    // The test's outcome below the fields: the dialog grows to show it whole.
    void showResult(const QString &text);
    void updateButtons();

    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QComboBox *m_sslMode;
    QPushButton *m_test;
    QPushButton *m_connect;
    QLabel *m_result;
    bool m_testing = false;
};

} // namespace ui
