// SPDX-License-Identifier: MIT
#include "ui/int64spinbox.h"

#include <QLineEdit>

#include <utility>

namespace ui {

Int64SpinBox::Int64SpinBox(QWidget *parent)
    : QAbstractSpinBox(parent)
{
    setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    connect(lineEdit(), &QLineEdit::textEdited, this, &Int64SpinBox::onTextEdited);
    showValue();
}

QVariant Int64SpinBox::variant() const
{
    if (m_other.isValid())
        return m_other;
    return m_null ? QVariant() : QVariant(m_value);
}

void Int64SpinBox::setValue(qint64 value)
{
    m_null = false;
    m_other = QVariant();
    m_value = qBound(m_minimum, value, m_maximum);
    showValue();
}

void Int64SpinBox::setVariant(const QVariant &value)
{
    // Shown empty when unset, even where NULL cannot be chosen (a new record's required
    // number): not a number it does not hold.
    if (value.isNull()) {
        m_null = true;
        m_other = QVariant();
        showValue();
        return;
    }
    const int id = value.metaType().id();
    bool ok = id == QMetaType::LongLong || id == QMetaType::Int || id == QMetaType::UInt
        || id == QMetaType::Bool || value.isNull();
    qint64 number = value.toLongLong();
    if (!ok && (id == QMetaType::Double || id == QMetaType::Float)) {
        const double d = value.toDouble();
        ok = d == double(qint64(d));
        number = qint64(d);
    } else if (!ok && id == QMetaType::QString) {
        number = value.toString().trimmed().toLongLong(&ok);
    }
    if (!ok) {
        // Shown as it is: converting would read 'abc' as 0 and 1.5 as 1.
        m_other = value;
        m_null = false;
        showValue();
        return;
    }
    setValue(number);
}

void Int64SpinBox::setRange(qint64 minimum, qint64 maximum)
{
    m_minimum = qMin(minimum, maximum);
    m_maximum = qMax(minimum, maximum);
    if (!m_null)
        setValue(m_value);
}

void Int64SpinBox::setNullability(Nullability nullability)
{
    m_nullability = nullability;
    lineEdit()->setPlaceholderText(nullability == Nullability::Nullable ? tr("NULL")
                                                                        : tr("required"));
}

void Int64SpinBox::showValue()
{
    const QString text = m_other.isValid() ? m_other.toString()
        : m_null                           ? QString()
                                           : QString::number(m_value);
    if (lineEdit()->text() != text)
        lineEdit()->setText(text);
}

void Int64SpinBox::stepBy(int steps)
{
    if (isReadOnly())
        return;
    const qint64 base = m_null || m_other.isValid() ? 0 : m_value;
    qint64 next = base;
    if (steps > 0)
        next = base > m_maximum - steps ? m_maximum : base + steps;
    else if (steps < 0)
        next = base < m_minimum - steps ? m_minimum : base + steps;
    setValue(next);
    lineEdit()->selectAll();
    Q_EMIT valueEdited(variant());
}

QAbstractSpinBox::StepEnabled Int64SpinBox::stepEnabled() const
{
    if (isReadOnly())
        return StepNone;
    StepEnabled e = StepNone;
    if (m_null || m_other.isValid() || m_value < m_maximum)
        e |= StepUpEnabled;
    if (m_null || m_other.isValid() || m_value > m_minimum)
        e |= StepDownEnabled;
    return e;
}

QValidator::State Int64SpinBox::validate(QString &input, int &) const
{
    // The value shown as it is stays acceptable until the user types.
    if (m_other.isValid() && input == m_other.toString())
        return QValidator::Acceptable;
    const QString t = input.trimmed();
    if (t.isEmpty())
        return m_nullability == Nullability::Nullable ? QValidator::Acceptable
                                                      : QValidator::Intermediate;
    if (t == u"-" || t == u"+")
        return m_minimum < 0 || t == u"+" ? QValidator::Intermediate : QValidator::Invalid;
    bool ok = false;
    const qint64 v = t.toLongLong(&ok);
    if (!ok)
        return QValidator::Invalid;
    if (v < m_minimum || v > m_maximum)
        return QValidator::Intermediate;
    return QValidator::Acceptable;
}

void Int64SpinBox::fixup(QString &input) const
{
    bool ok = false;
    const qint64 v = input.trimmed().toLongLong(&ok);
    if (ok)
        input = QString::number(qBound(m_minimum, v, m_maximum));
    else if (!(input.trimmed().isEmpty() && m_nullability == Nullability::Nullable))
        input = m_other.isValid() ? m_other.toString()
            : m_null              ? QString()
                                  : QString::number(m_value);
}

void Int64SpinBox::onTextEdited(const QString &text)
{
    // Typing replaces a value shown as it is.
    const bool replacing = std::exchange(m_other, QVariant()).isValid();
    const QString t = text.trimmed();
    if (t.isEmpty()) {
        if (m_nullability == Nullability::Nullable && (!m_null || replacing)) {
            m_null = true;
            Q_EMIT valueEdited(QVariant());
        }
        return;
    }
    bool ok = false;
    const qint64 v = t.toLongLong(&ok);
    if (!ok || v < m_minimum || v > m_maximum)
        return;
    if (!replacing && !m_null && v == m_value)
        return;
    m_null = false;
    m_value = v;
    Q_EMIT valueEdited(variant());
}

} // namespace ui
