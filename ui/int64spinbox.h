// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractSpinBox>
#include <QVariant>

#include <limits>

namespace ui {

// A spin box for 64-bit integers (QSpinBox stops at 2^31). Optionally nullable: empty text
// then means NULL. A value that is not an integer (text a foreign file stored in an INTEGER
// column) is shown as it is and kept until the user types, never read as 0.
class Int64SpinBox : public QAbstractSpinBox
{
    Q_OBJECT
public:
    enum class Nullability { NotNullable, Nullable };

    explicit Int64SpinBox(QWidget *parent = nullptr);

    qint64 value() const { return m_value; }
    bool isNull() const { return m_null; }
    // Whether it shows a value that is not an integer (variant() is then that value).
    bool holdsOtherValue() const { return m_other.isValid(); }
    // A null QVariant when empty (nullable), else the number.
    QVariant variant() const;
    void setValue(qint64 value);
    void setVariant(const QVariant &value);
    void setRange(qint64 minimum, qint64 maximum);
    qint64 minimum() const { return m_minimum; }
    qint64 maximum() const { return m_maximum; }
    void setNullability(Nullability nullability);

    void stepBy(int steps) override;
    QValidator::State validate(QString &input, int &pos) const override;
    void fixup(QString &input) const override;

Q_SIGNALS:
    // The user changed the value (typing or stepping), not the program.
    void valueEdited(const QVariant &value);

protected:
    StepEnabled stepEnabled() const override;

private:
    void onTextEdited(const QString &text);
    void showValue();

    qint64 m_value = 0;
    qint64 m_minimum = std::numeric_limits<qint64>::min();
    qint64 m_maximum = std::numeric_limits<qint64>::max();
    bool m_null = false;
    QVariant m_other; // a value that is not an integer, shown until the user types
    Nullability m_nullability = Nullability::NotNullable;
};

} // namespace ui
